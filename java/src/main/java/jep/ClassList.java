package jep;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleReader;
import java.lang.module.ResolvedModule;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * A {@link ClassEnquirer} that knows the packages of the JDK and of the class path.
 *
 * <p>{@link #getInstance()} records the packages exported by the modules of the boot layer
 * (the JDK's public packages) and the packages of every jar and directory of
 * {@code java.class.path}, following the {@code Class-Path} of jar manifests. Class names
 * are read lazily, once per package: {@link #getClassNames(String)} lists the public
 * top-level classes, leaving out inner classes, {@code module-info} and
 * {@code package-info}. The names in {@link ClassEnquirer#RESTRICTED_PKG_NAMES} are never
 * packages, so Python's modules of those names always win.
 */
public class ClassList implements ClassEnquirer {

    private static final String CLASS_SUFFIX = ".class";
    private static final int ACC_PUBLIC = 0x0001;
    private static final int ACC_MODULE = 0x8000;
    private static final ClassFilenameFilter CLASS_FILES = new ClassFilenameFilter();

    private static ClassList instance;

    /** The class files of top-level classes on the class path, by package. */
    private final Map<String, List<ClassPathClass>> classPathClasses = new HashMap<>();
    /** The boot-layer modules that export each package without qualification. */
    private final Map<String, List<ResolvedModule>> modulePackages = new HashMap<>();
    /** The direct sub-packages (simple names) of every package and package prefix. */
    private final Map<String, SortedSet<String>> subPackages = new HashMap<>();
    /** Public top-level class names, filled lazily by package. */
    private final Map<String, String[]> classNames = new ConcurrentHashMap<>();
    /** The top-level class files of each module, by package, filled lazily by module. */
    private final Map<String, Map<String, List<String>>> moduleClassFiles = new ConcurrentHashMap<>();

    /** A class file found on the class path: in a jar ({@code jar} not null) or a directory. */
    private record ClassPathClass(String simpleName, Path jar, String location) {
    }

    /**
     * Scans the boot layer's modules and a class path.
     *
     * @param classPath entries separated by {@link File#pathSeparator}
     */
    ClassList(String classPath) {
        scanModules();
        scanClassPath(classPath);
        for (String restricted : RESTRICTED_PKG_NAMES) {
            classPathClasses.remove(restricted);
            modulePackages.remove(restricted);
            subPackages.remove(restricted);
        }
    }

    /**
     * Returns the one instance, scanning the JDK's modules and the class path on first use.
     *
     * @return the class list
     * @throws JepException if the class path cannot be scanned
     */
    public static synchronized ClassList getInstance() throws JepException {
        if (instance == null) {
            try {
                instance = new ClassList(System.getProperty("java.class.path", ""));
            } catch (UncheckedIOException | SecurityException e) {
                throw new JepException("ClassList could not scan the class path: " + e, e);
            }
        }
        return instance;
    }

    /**
     * Lists the public top-level classes of a package.
     *
     * @param pkgName a package name such as {@code java.util}
     * @return the fully qualified class names, sorted; empty for an unknown package
     */
    @Override
    public String[] getClassNames(String pkgName) {
        if (pkgName == null || !isPackageWithClasses(pkgName)) {
            return new String[0];
        }
        return classNames.computeIfAbsent(pkgName, this::findClassNames).clone();
    }

    /**
     * Lists the direct sub-packages of a package.
     *
     * @param pkgName a package name such as {@code java}
     * @return the simple names of the sub-packages (such as {@code util} for {@code java}),
     *     sorted; empty when there are none
     */
    @Override
    public String[] getSubPackages(String pkgName) {
        SortedSet<String> children = pkgName == null ? null : subPackages.get(pkgName);
        return children == null ? new String[0] : children.toArray(new String[0]);
    }

    /**
     * Tells whether a name is a package of the JDK or of the class path, or a prefix of
     * one (such as {@code java}).
     *
     * @param name a dotted name such as {@code java.util}
     * @return true if it names a Java package
     */
    @Override
    public boolean isJavaPackage(String name) {
        return name != null && (isPackageWithClasses(name) || subPackages.containsKey(name));
    }

    /**
     * Prints every known package, one per line, or with arguments the classes of the
     * packages they name.
     *
     * @param args package names, or none to list the packages
     * @throws Throwable if the class path cannot be scanned
     */
    public static void main(String[] args) throws Throwable {
        ClassList list = getInstance();
        if (args.length == 0) {
            for (String pkg : list.packageNames()) {
                System.out.println(pkg);
            }
        } else {
            for (String pkg : args) {
                for (String name : list.getClassNames(pkg)) {
                    System.out.println(name);
                }
            }
        }
    }

    /** Every package with classes, sorted. */
    SortedSet<String> packageNames() {
        SortedSet<String> names = new TreeSet<>(classPathClasses.keySet());
        names.addAll(modulePackages.keySet());
        return names;
    }

    private boolean isPackageWithClasses(String name) {
        return classPathClasses.containsKey(name) || modulePackages.containsKey(name);
    }

    // ------------------------------------------------------------------ scanning

    private void scanModules() {
        for (ResolvedModule module : ModuleLayer.boot().configuration().modules()) {
            for (ModuleDescriptor.Exports export : module.reference().descriptor().exports()) {
                if (!export.isQualified()) {
                    modulePackages.computeIfAbsent(export.source(), k -> new ArrayList<>(1)).add(module);
                    addPackage(export.source());
                }
            }
        }
    }

    private void scanClassPath(String classPath) {
        Deque<Path> queue = new ArrayDeque<>();
        Set<Path> seen = new HashSet<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                enqueue(Paths.get(entry), queue, seen);
            }
        }
        while (!queue.isEmpty()) {
            Path entry = queue.removeFirst();
            if (Files.isDirectory(entry)) {
                scanDirectory(entry);
            } else if (Files.isRegularFile(entry) && Files.isReadable(entry)) {
                scanJar(entry, queue, seen);
            }
        }
    }

    private static void enqueue(Path entry, Deque<Path> queue, Set<Path> seen) {
        Path normal = entry.toAbsolutePath().normalize();
        if (seen.add(normal)) {
            queue.addLast(normal);
        }
    }

    private void scanDirectory(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            files.forEach(file -> {
                Path parent = file.getParent();
                String name = file.getFileName().toString();
                if (parent != null && !parent.equals(root)
                        && CLASS_FILES.accept(parent.toFile(), name)
                        && Files.isRegularFile(file)) {
                    String pkg = root.relativize(parent).toString().replace(File.separatorChar, '.');
                    addClass(pkg, simpleName(name), new ClassPathClass(simpleName(name), null, file.toString()));
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // An unreadable directory contributes what was read before the failure.
        }
    }

    private void scanJar(Path jarPath, Deque<Path> queue, Set<Path> seen) {
        try (JarFile jar = new JarFile(jarPath.toFile(), false)) {
            Manifest manifest = jar.getManifest();
            String manifestClassPath = manifest == null ? null
                    : manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
            if (manifestClassPath != null) {
                for (String ref : manifestClassPath.trim().split("\\s+")) {
                    resolveManifestEntry(jarPath, ref).ifPresent(p -> enqueue(p, queue, seen));
                }
            }
            Enumeration<JarEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                JarEntry entry = entries.nextElement();
                String name = entry.getName();
                int slash = name.lastIndexOf('/');
                if (entry.isDirectory() || slash < 0 || name.startsWith("META-INF/")
                        || !CLASS_FILES.accept(null, name.substring(slash + 1))) {
                    continue;
                }
                String pkg = name.substring(0, slash).replace('/', '.');
                String simple = simpleName(name.substring(slash + 1));
                addClass(pkg, simple, new ClassPathClass(simple, jarPath, name));
            }
        } catch (IOException | SecurityException e) {
            // Not a jar, or unreadable: it contributes nothing.
        }
    }

    private static Optional<Path> resolveManifestEntry(Path jarPath, String ref) {
        if (ref.isEmpty()) {
            return Optional.empty();
        }
        try {
            URI uri = jarPath.toUri().resolve(ref);
            return "file".equals(uri.getScheme()) ? Optional.of(Paths.get(uri)) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private void addClass(String pkg, String simpleName, ClassPathClass classFile) {
        if (!isPackageName(pkg)) {
            return;
        }
        List<ClassPathClass> classes = classPathClasses.get(pkg);
        if (classes == null) {
            classes = new ArrayList<>();
            classPathClasses.put(pkg, classes);
            addPackage(pkg);
        }
        classes.add(classFile);
    }

    private void addPackage(String pkg) {
        int dot = pkg.indexOf('.');
        while (dot > 0) {
            int next = pkg.indexOf('.', dot + 1);
            String child = next < 0 ? pkg.substring(dot + 1) : pkg.substring(dot + 1, next);
            subPackages.computeIfAbsent(pkg.substring(0, dot), k -> new TreeSet<>()).add(child);
            dot = next;
        }
    }

    private static boolean isPackageName(String pkg) {
        if (pkg.isEmpty()) {
            return false;
        }
        for (String part : pkg.split("\\.", -1)) {
            if (!ClassFilenameFilter.isIdentifier(part)) {
                return false;
            }
        }
        return true;
    }

    private static String simpleName(String fileName) {
        return fileName.substring(0, fileName.length() - CLASS_SUFFIX.length());
    }

    // ------------------------------------------------------------------ class names

    private String[] findClassNames(String pkg) {
        SortedSet<String> names = new TreeSet<>();
        for (ResolvedModule module : modulePackages.getOrDefault(pkg, List.of())) {
            addModuleClasses(module, pkg, names);
        }
        addClassPathClasses(pkg, names);
        return names.stream().map(simple -> pkg + "." + simple).toArray(String[]::new);
    }

    private void addModuleClasses(ResolvedModule module, String pkg, Set<String> names) {
        Map<String, List<String>> byPackage =
                moduleClassFiles.computeIfAbsent(module.name(), k -> listModule(module));
        List<String> files = byPackage.getOrDefault(pkg, List.of());
        if (files.isEmpty()) {
            return;
        }
        try (ModuleReader reader = module.reference().open()) {
            for (String file : files) {
                if (isPublicClass(open(reader, file))) {
                    names.add(simpleName(file.substring(file.lastIndexOf('/') + 1)));
                }
            }
        } catch (IOException e) {
            // An unreadable module contributes the classes read before the failure.
        }
    }

    private static Map<String, List<String>> listModule(ResolvedModule module) {
        Map<String, List<String>> byPackage = new HashMap<>();
        try (ModuleReader reader = module.reference().open(); Stream<String> files = reader.list()) {
            files.forEach(file -> {
                int slash = file.lastIndexOf('/');
                if (slash > 0 && CLASS_FILES.accept(null, file.substring(slash + 1))) {
                    String pkg = file.substring(0, slash).replace('/', '.');
                    byPackage.computeIfAbsent(pkg, k -> new ArrayList<>()).add(file);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // An unreadable module lists no classes.
        }
        return Collections.unmodifiableMap(byPackage);
    }

    private void addClassPathClasses(String pkg, Set<String> names) {
        Map<Path, List<ClassPathClass>> byJar = new LinkedHashMap<>();
        for (ClassPathClass c : classPathClasses.getOrDefault(pkg, List.of())) {
            if (c.jar() == null) {
                if (isPublicClass(open(Paths.get(c.location())))) {
                    names.add(c.simpleName());
                }
            } else {
                byJar.computeIfAbsent(c.jar(), k -> new ArrayList<>()).add(c);
            }
        }
        for (Map.Entry<Path, List<ClassPathClass>> jarClasses : byJar.entrySet()) {
            try (JarFile jar = new JarFile(jarClasses.getKey().toFile(), false)) {
                for (ClassPathClass c : jarClasses.getValue()) {
                    if (isPublicClass(open(jar, c.location()))) {
                        names.add(c.simpleName());
                    }
                }
            } catch (IOException | SecurityException e) {
                // A jar that can no longer be read contributes the classes read before.
            }
        }
    }

    private static Optional<InputStream> open(ModuleReader reader, String file) {
        try {
            return reader.open(file);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<InputStream> open(Path file) {
        try {
            return Optional.of(Files.newInputStream(file));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<InputStream> open(JarFile jar, String entryName) {
        try {
            JarEntry entry = jar.getJarEntry(entryName);
            return entry == null ? Optional.empty() : Optional.of(jar.getInputStream(entry));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Tells whether a class file declares a public class, reading only its header (up to
     * the access flags after the constant pool); false when there is no stream or it cannot
     * be read. Closes the stream.
     */
    static boolean isPublicClass(Optional<InputStream> stream) {
        if (stream.isEmpty()) {
            return false;
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(stream.get()))) {
            if (in.readInt() != 0xCAFEBABE) {
                return false;
            }
            in.readUnsignedShort();
            in.readUnsignedShort();
            int constants = in.readUnsignedShort();
            for (int i = 1; i < constants; i++) {
                int tag = in.readUnsignedByte();
                switch (tag) {
                    case 1 -> in.skipNBytes(in.readUnsignedShort());
                    case 7, 8, 16, 19, 20 -> in.skipNBytes(2);
                    case 15 -> in.skipNBytes(3);
                    case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4);
                    case 5, 6 -> {
                        in.skipNBytes(8);
                        i++;
                    }
                    default -> {
                        return false;
                    }
                }
            }
            int access = in.readUnsignedShort();
            return (access & ACC_PUBLIC) != 0 && (access & ACC_MODULE) == 0;
        } catch (IOException e) {
            return false;
        }
    }
}
