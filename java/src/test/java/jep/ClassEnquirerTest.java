package jep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The class enquirers of the Java import hook, in pure Java: no Python is started.
 */
class ClassEnquirerTest {

    @TempDir
    Path tmp;

    // ------------------------------------------------------------------ naming convention

    @Test
    void namingConventionTakesLowerCasePackagesUnderKnownTopLevelNames() {
        NamingConventionClassEnquirer e = new NamingConventionClassEnquirer();
        assertTrue(e.isJavaPackage("java"));
        assertTrue(e.isJavaPackage("java.util"));
        assertTrue(e.isJavaPackage("javax.script"));
        assertTrue(e.isJavaPackage("com.example.app"));
        assertTrue(e.isJavaPackage("org.junit"));
        assertFalse(e.isJavaPackage("java.util.ArrayList"), "a class is not a package");
        assertFalse(e.isJavaPackage("numpy"));
        assertFalse(e.isJavaPackage("krait.fixtures"), "krait is not a default top-level name");
        assertFalse(e.isJavaPackage("java..util"));
        assertFalse(e.isJavaPackage("java."));
        assertFalse(e.isJavaPackage(""));
        assertNull(e.getClassNames("java.util"));
        assertNull(e.getSubPackages("java"));
        assertThrows(IllegalArgumentException.class, () -> e.isJavaPackage(null));
    }

    @Test
    void namingConventionFlagsAndAddedNames() {
        assertFalse(new NamingConventionClassEnquirer(false).isJavaPackage("java.util"));
        NamingConventionClassEnquirer countries = new NamingConventionClassEnquirer(false, true);
        assertTrue(countries.isJavaPackage("de.bund.data"));
        assertFalse(countries.isJavaPackage("java.util"));
        assertFalse(new NamingConventionClassEnquirer(true, false).isJavaPackage("de.bund.data"));

        NamingConventionClassEnquirer added = new NamingConventionClassEnquirer(false);
        assertSame(added, added.addTopLevelPackageName("dev"));
        assertTrue(added.isJavaPackage("dev.krait"));
        assertFalse(added.isJavaPackage("devx.krait"));
    }

    @Test
    void restrictedNamesNeverCountAsTopLevelNames() {
        assertEquals(List.of("io", "re"), Arrays.asList(ClassEnquirer.RESTRICTED_PKG_NAMES));
        NamingConventionClassEnquirer e = new NamingConventionClassEnquirer(true, true);
        e.addTopLevelPackageName("io").addTopLevelPackageName("re");
        for (String name : new String[] {"io", "io.netty", "re", "re.sub"}) {
            assertFalse(e.isJavaPackage(name), name);
        }
        assertTrue(e.isJavaPackage("fr.gouv"), "other country codes still count");
    }

    // ------------------------------------------------------------------ AllowPythonClassEnquirer

    @Test
    void allowPythonHidesListedPackagesAndTheirSubPackages() {
        ClassEnquirer e = new AllowPythonClassEnquirer(new NamingConventionClassEnquirer(), "com.google", "org");
        assertFalse(e.isJavaPackage("org"));
        assertFalse(e.isJavaPackage("org.junit"));
        assertFalse(e.isJavaPackage("com.google"));
        assertFalse(e.isJavaPackage("com.google.protobuf"));
        assertTrue(e.isJavaPackage("com.googlex"), "only whole components match");
        assertTrue(e.isJavaPackage("com.example"));
        assertTrue(e.isJavaPackage("java.util"));
    }

    @Test
    void allowPythonDelegatesListings() {
        ClassEnquirer e = new AllowPythonClassEnquirer(ClassList.getInstance(), "json");
        assertFalse(e.isJavaPackage("json"));
        assertTrue(Arrays.asList(e.getClassNames("java.util")).contains("java.util.ArrayList"));
        assertTrue(Arrays.asList(e.getSubPackages("java")).contains("util"));
        assertThrows(NullPointerException.class, () -> new AllowPythonClassEnquirer(null, "x"));
    }

    // ------------------------------------------------------------------ ClassFilenameFilter

    @Test
    void classFilenameFilterAcceptsTopLevelClassFilesOnly() {
        ClassFilenameFilter f = new ClassFilenameFilter();
        assertTrue(f.accept(null, "ArrayList.class"));
        assertTrue(f.accept(tmp.toFile(), "a_b1.class"));
        assertFalse(f.accept(null, "Map$Entry.class"));
        assertFalse(f.accept(null, "Outer$1.class"));
        assertFalse(f.accept(null, "module-info.class"));
        assertFalse(f.accept(null, "package-info.class"));
        assertFalse(f.accept(null, "ArrayList.java"));
        assertFalse(f.accept(null, ".class"));
        assertFalse(f.accept(null, "1abc.class"));
        assertFalse(f.accept(null, null));
    }

    // ------------------------------------------------------------------ ClassList

    @Test
    void classListKnowsTheJdk() {
        ClassList list = ClassList.getInstance();
        assertSame(list, ClassList.getInstance());
        assertTrue(list.isJavaPackage("java"));
        assertTrue(list.isJavaPackage("java.util"));
        assertTrue(list.isJavaPackage("java.util.concurrent"));
        assertFalse(list.isJavaPackage("java.util.ArrayList"), "a class is not a package");
        assertFalse(list.isJavaPackage("numpy"));
        assertFalse(list.isJavaPackage(null));

        List<String> util = Arrays.asList(list.getClassNames("java.util"));
        assertTrue(util.contains("java.util.ArrayList"), util.toString());
        assertTrue(util.contains("java.util.List"));
        assertFalse(util.contains("java.util.ArrayPrefixHelpers"), "package-private classes are left out");
        assertTrue(util.stream().noneMatch(n -> n.contains("$")), "no inner classes");
        assertTrue(util.stream().noneMatch(n -> n.startsWith("java.util.concurrent.")), "only direct classes");

        List<String> javaSubs = Arrays.asList(list.getSubPackages("java"));
        assertTrue(javaSubs.containsAll(List.of("lang", "util", "io", "nio")), javaSubs.toString());
        assertTrue(Arrays.asList(list.getSubPackages("java.util")).contains("concurrent"));
        assertEquals(0, list.getClassNames("no.such.pkg").length);
        assertEquals(0, list.getSubPackages("no.such.pkg").length);
        assertEquals(0, list.getClassNames("java.util.ArrayList").length);
    }

    @Test
    void classListKnowsTheClassPathButNotRestrictedNames() {
        ClassList list = ClassList.getInstance();
        assertTrue(list.isJavaPackage("krait"));
        assertTrue(list.isJavaPackage("krait.fixtures"));
        List<String> fixtures = Arrays.asList(list.getClassNames("krait.fixtures"));
        assertTrue(fixtures.containsAll(List.of("krait.fixtures.Dog", "krait.fixtures.Overloads")), fixtures.toString());
        assertTrue(Arrays.asList(list.getClassNames("jep")).contains("jep.ClassList"));
        assertFalse(Arrays.asList(list.getClassNames("jep")).contains("jep.KraitNative"),
                "package-private classes are left out");

        assertTrue(list.isJavaPackage("json"), "the test classes have a top-level json package");
        assertArrayEquals(new String[] {"json.JsonShadow"}, list.getClassNames("json"));
        assertFalse(list.isJavaPackage("io"), "io is restricted even though the test classes have it");
        assertEquals(0, list.getClassNames("io").length);
    }

    @Test
    void classListIsFastEnough() {
        long start = System.nanoTime();
        ClassList list = new ClassList(System.getProperty("java.class.path"));
        long scanMillis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(list.isJavaPackage("java.util"));
        assertTrue(scanMillis < 1500, "scanning took " + scanMillis + " ms");
        start = System.nanoTime();
        list.getClassNames("java.util");
        long listMillis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(listMillis < 1500, "listing java.util took " + listMillis + " ms");
    }

    @Test
    void classListScansDirectoriesAndJarsFollowingManifests() throws IOException {
        byte[] publicClass = classBytes(ClassEnquirerTest.class.getClassLoader(), "jep/ClassList.class");
        byte[] hiddenClass = classBytes(ClassEnquirerTest.class.getClassLoader(), "jep/HiddenEnquirerFixture.class");

        Path dir = tmp.resolve("classes");
        write(dir.resolve("tmpa/pkg/Pub.class"), publicClass);
        write(dir.resolve("tmpa/pkg/Hidden.class"), hiddenClass);
        write(dir.resolve("tmpa/pkg/Pub$Inner.class"), publicClass);
        write(dir.resolve("tmpa/pkg/package-info.class"), publicClass);
        write(dir.resolve("tmpa/pkg/notes.txt"), new byte[] {1});
        write(dir.resolve("Default.class"), publicClass);
        write(dir.resolve("META-INF/versions/11/tmpb/Versioned.class"), publicClass);
        write(dir.resolve("io/Thing.class"), publicClass);

        Path lib2 = tmp.resolve("lib dir/lib2.jar");
        Files.createDirectories(lib2.getParent());
        jar(lib2, null, "net/kraitchained/Chained.class", publicClass);
        Path lib1 = tmp.resolve("lib dir/lib1.jar");
        jar(lib1, "lib2.jar missing.jar",
                "org/kraitjar/Jarred.class", publicClass,
                "org/kraitjar/NotPublic.class", hiddenClass,
                "org/kraitjar/Jarred$1.class", publicClass,
                "module-info.class", publicClass,
                "Root.class", publicClass,
                "META-INF/versions/9/org/kraitjar/Versioned.class", publicClass,
                "re/Thing.class", publicClass);
        Path notAJar = tmp.resolve("notes.jar");
        write(notAJar, "not a zip".getBytes(StandardCharsets.UTF_8));

        String classPath = String.join(java.io.File.pathSeparator,
                dir.toString(), lib1.toString(), tmp.resolve("missing").toString(), notAJar.toString(), "");
        ClassList list = new ClassList(classPath);

        assertTrue(list.isJavaPackage("tmpa"));
        assertTrue(list.isJavaPackage("tmpa.pkg"));
        assertFalse(list.isJavaPackage("tmpa.pkg.Pub"));
        assertArrayEquals(new String[] {"pkg"}, list.getSubPackages("tmpa"));
        assertArrayEquals(new String[] {"tmpa.pkg.Pub"}, list.getClassNames("tmpa.pkg"));
        assertFalse(list.isJavaPackage("tmpb"), "META-INF is not a package root");
        assertFalse(list.isJavaPackage("META-INF"));

        assertTrue(list.isJavaPackage("org.kraitjar"));
        assertArrayEquals(new String[] {"org.kraitjar.Jarred"}, list.getClassNames("org.kraitjar"));
        assertTrue(Arrays.asList(list.getSubPackages("org")).contains("kraitjar"));
        assertTrue(list.isJavaPackage("net.kraitchained"), "the manifest Class-Path is followed");
        assertArrayEquals(new String[] {"net.kraitchained.Chained"}, list.getClassNames("net.kraitchained"));

        assertFalse(list.isJavaPackage("io"));
        assertFalse(list.isJavaPackage("re"));
        assertTrue(list.isJavaPackage("java.util"), "the JDK is still known");
    }

    @Test
    void classListMainPrintsPackagesAndClasses() throws Throwable {
        String packages = captureOut(() -> ClassList.main(new String[0]));
        assertTrue(packages.lines().anyMatch("java.util"::equals), packages);
        assertTrue(packages.lines().anyMatch("krait.fixtures"::equals));
        String classes = captureOut(() -> ClassList.main(new String[] {"krait.fixtures"}));
        assertTrue(classes.lines().anyMatch("krait.fixtures.Dog"::equals), classes);
    }

    // ------------------------------------------------------------------ default enquirer

    @Test
    void defaultEnquirerIsTheNamingConventionOrTheClassList() {
        ClassEnquirer e = ClassEnquirers.defaultEnquirer();
        assertSame(e, ClassEnquirers.defaultEnquirer());
        assertTrue(e.isJavaPackage("java.util"));
        assertTrue(e.isJavaPackage("org.nowhere.pkg"), "the naming convention answers");
        assertTrue(e.isJavaPackage("krait.fixtures"), "the class list answers");
        assertTrue(e.isJavaPackage("json"), "a Java package; the import hook lets Python's json win");
        assertFalse(e.isJavaPackage("io"));
        assertFalse(e.isJavaPackage("numpy"));
        assertFalse(e.isJavaPackage("java.util.ArrayList"));
        assertFalse(e.isJavaPackage(null));
        assertTrue(Arrays.asList(e.getClassNames("java.util")).contains("java.util.HashMap"));
        assertTrue(Arrays.asList(e.getSubPackages("krait")).contains("fixtures"));
    }

    // ------------------------------------------------------------------ helpers

    private interface ThrowingAction {
        void run() throws Throwable;
    }

    private static String captureOut(ThrowingAction action) throws Throwable {
        PrintStream original = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setOut(original);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }

    private static byte[] classBytes(ClassLoader loader, String resource) throws IOException {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            assertTrue(in != null, resource);
            return in.readAllBytes();
        }
    }

    private static void write(Path file, byte[] content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, content);
    }

    /** Writes a jar of (name, bytes) pairs, with a manifest Class-Path when given. */
    private static void jar(Path file, String classPath, Object... entries) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (classPath != null) {
            manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, classPath);
        }
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out, manifest)) {
            for (int i = 0; i < entries.length; i += 2) {
                jar.putNextEntry(new JarEntry((String) entries[i]));
                jar.write((byte[]) entries[i + 1]);
                jar.closeEntry();
            }
        }
    }
}

/** A package-private top-level class: its class file is not public. */
class HiddenEnquirerFixture {
}
