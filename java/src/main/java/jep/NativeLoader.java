package jep;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Loads libpython and libkrait into the JVM.
 *
 * <p>libpython is loaded first, by absolute path, so that libkrait's dependency on it is
 * satisfied without {@code LD_LIBRARY_PATH}. libkrait comes from the jar, built once per
 * CPython minor version as {@code krait/native/<os>-<arch>/cp3XX/libkrait.so}; it is copied
 * to {@code ${java.io.tmpdir}/krait-${user.name}/<digest>/libkrait.so} because a library
 * can only be loaded from a file.
 */
final class NativeLoader {

    private static final String RESOURCE_ROOT = "krait/native/";
    private static final String LIBRARY_NAME = "libkrait.so";
    private static final String WORKER_NAME = "krait-worker";

    /** Says which libraries were loaded from where. */
    private static final System.Logger LOG = System.getLogger("krait.loader");

    private NativeLoader() {
    }

    /**
     * Returns the platform directory of the native libraries in the jar.
     *
     * @throws JepException naming {@code os.name} and {@code os.arch} when the jar has no
     *     native libraries for this platform
     */
    static String platform() {
        return platform(System.getProperty("os.name"), System.getProperty("os.arch"));
    }

    /**
     * Returns the platform directory for an {@code os.name} and {@code os.arch}.
     *
     * @throws JepException when krait is not built for that platform
     */
    static String platform(String os, String arch) {
        if ("Linux".equals(os)) {
            switch (String.valueOf(arch)) {
                case "amd64", "x86_64":
                    return "linux-x86_64";
                case "aarch64", "arm64":
                    return "linux-aarch64";
                default:
                    break;
            }
        }
        throw new JepException("krait has no native library for os.name=" + os + ", os.arch=" + arch
                + "; this build supports Linux on x86_64 and aarch64 only. To use a libkrait built for this "
                + "platform, call MainInterpreter.setJepLibraryPath before the first interpreter is created.");
    }

    /** Returns the jar resource of libkrait for a platform and CPython minor version. */
    static String resourceName(String platform, int minor) {
        return RESOURCE_ROOT + platform + "/cp3" + minor + "/" + LIBRARY_NAME;
    }

    /**
     * Loads the shared libpython of an installation.
     *
     * @throws JepException when the library cannot be loaded
     */
    static void loadLibpython(PythonInstallation python) {
        try {
            System.load(python.libpython().toString());
            LOG.log(System.Logger.Level.DEBUG, "libpython loaded: {0}", python.libpython());
        } catch (UnsatisfiedLinkError e) {
            throw new JepException("krait could not load libpython " + python.libpython() + " of "
                    + python.command() + " (" + python.source() + "): " + e.getMessage() + ". "
                    + PythonFinder.HOW_TO_FIX, e);
        }
    }

    /**
     * Loads libkrait from a file given by the user.
     *
     * @throws JepException when the file does not exist or cannot be loaded
     */
    static void loadKrait(Path library) {
        if (!Files.isRegularFile(library)) {
            throw new JepException("MainInterpreter.setJepLibraryPath was given " + library
                    + ", which does not exist.");
        }
        try {
            System.load(library.toAbsolutePath().toString());
        } catch (UnsatisfiedLinkError e) {
            throw new JepException("krait could not load its native library " + library + " (given with "
                    + "MainInterpreter.setJepLibraryPath): " + e.getMessage(), e);
        }
    }

    /**
     * Extracts the jar's libkrait for a platform and Python, and loads it.
     *
     * @throws JepException when the jar lacks that library or it cannot be extracted or loaded
     */
    static void loadKrait(String platform, PythonInstallation python) {
        String resource = resourceName(platform, python.minorVersion());
        Path library = extract(resource, platform, python);
        try {
            System.load(library.toString());
            LOG.log(System.Logger.Level.DEBUG, "libkrait loaded: {0} (from {1})", library, resource);
        } catch (UnsatisfiedLinkError e) {
            throw new JepException("krait could not load its native library " + library + " (extracted from "
                    + resource + ") for CPython " + python.version() + " at " + python.command() + ": "
                    + e.getMessage() + ". If " + library.getParent() + " is on a file system mounted noexec, "
                    + "start Java with -Djava.io.tmpdir=<another directory>.", e);
        }
    }

    /**
     * Extracts the jar's {@code krait-worker} executable (the child of
     * {@code krait.ProcessInterpreter}) for a platform and Python, like libkrait.
     *
     * @throws JepException when the jar lacks it or it cannot be extracted
     */
    static Path extractWorker(String platform, PythonInstallation python) {
        String resource = RESOURCE_ROOT + platform + "/cp3" + python.minorVersion() + "/" + WORKER_NAME;
        Path worker = extract(resource, platform, python, WORKER_NAME);
        if (!worker.toFile().canExecute() && !worker.toFile().setExecutable(true, true)) {
            throw new JepException("krait could not make " + worker + " executable.");
        }
        return worker;
    }

    private static Path extract(String resource, String platform, PythonInstallation python) {
        return extract(resource, platform, python, LIBRARY_NAME);
    }

    private static Path extract(String resource, String platform, PythonInstallation python, String fileName) {
        byte[] bytes;
        try (InputStream in = NativeLoader.class.getResourceAsStream("/" + resource)) {
            if (in == null) {
                throw new JepException("This krait jar has no native library for CPython 3." + python.minorVersion()
                        + " on " + platform + " (resource " + resource + " is missing; the jar has "
                        + availableVersions(platform) + "). " + python.command() + " (" + python.source()
                        + ") is CPython " + python.version() + ". " + PythonFinder.HOW_TO_FIX);
            }
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new JepException("krait could not read resource " + resource + " from its jar: " + e, e);
        }
        Path dir = Path.of(System.getProperty("java.io.tmpdir"),
                "krait-" + System.getProperty("user.name").replaceAll("[^A-Za-z0-9._-]", "_"),
                digest(bytes));
        Path library = dir.resolve(fileName);
        try {
            if (Files.isRegularFile(library) && Files.size(library) == bytes.length) {
                return library;
            }
            Files.createDirectories(dir, ownerOnly());
            Path partial = Files.createTempFile(dir, fileName, ".partial");
            try {
                Files.write(partial, bytes);
                Files.move(partial, library, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(partial);
            }
            return library;
        } catch (IOException e) {
            throw new JepException("krait could not extract its native library to " + library + ": " + e
                    + ". Start Java with -Djava.io.tmpdir=<a writable directory>, or extract " + resource
                    + " yourself and call MainInterpreter.setJepLibraryPath.", e);
        }
    }

    private static String availableVersions(String platform) {
        List<String> versions = new ArrayList<>();
        for (int minor : SupportedPythons.minors()) {
            if (NativeLoader.class.getResource("/" + resourceName(platform, minor)) != null) {
                versions.add("cp3" + minor);
            }
        }
        return versions.isEmpty() ? "none for " + platform : String.join(", ", versions);
    }

    private static String digest(byte[] bytes) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(bytes);
            return HexFormat.of().formatHex(hash).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    private static FileAttribute<?>[] ownerOnly() {
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return new FileAttribute<?>[] {
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")),
            };
        }
        return new FileAttribute<?>[0];
    }
}
