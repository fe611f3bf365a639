package jep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tests how {@link PythonFinder} chooses a Python and reports problems, without libkrait. */
class PythonFinderTest {

    private static final PythonFinder.Prober MUST_NOT_RUN = python -> fail("no Python should run, got " + python);

    @TempDir
    Path temp;

    @Test
    void missingPropertyIsAnErrorAndDoesNotFallBackToPath() throws IOException {
        Path bin = Files.createDirectories(temp.resolve("bin"));
        program(bin.resolve("python3"));
        PythonFinder finder = new PythonFinder("/no/such/python3", Map.of("PATH", bin.toString()), null, MUST_NOT_RUN);

        JepException e = assertThrows(JepException.class, finder::find);

        assertTrue(e.getMessage().startsWith(
                "system property krait.python is set to /no/such/python3, but it does not exist."), e.getMessage());
        assertTrue(e.getMessage().endsWith(PythonFinder.HOW_TO_FIX), e.getMessage());
    }

    @Test
    void prefixDirectoryResolvesToItsBinPython3() throws IOException {
        Path prefix = temp.resolve("prefix");
        Path python = program(Files.createDirectories(prefix.resolve("bin")).resolve("python3"));
        Path libpython = Files.createFile(Files.createDirectories(prefix.resolve("lib")).resolve("libpython3.12.so.1.0"));
        List<Path> ran = new ArrayList<>();
        PythonFinder finder = new PythonFinder(prefix.toString(), Map.of(), null, ran(ran, probeOutput(prefix, "3.12.1")));

        PythonInstallation found = finder.find();

        assertEquals(List.of(python), ran);
        assertEquals(python, found.command());
        assertEquals("system property krait.python", found.source());
        assertEquals("3.12.1", found.version());
        assertEquals(12, found.minorVersion());
        assertEquals(prefix.toString(), found.basePrefix());
        assertEquals(libpython, found.libpython());
        assertEquals(List.of(), found.siteDirs());
    }

    @Test
    void nothingFoundListsEverySourceAndTheFix() throws IOException {
        Path empty = Files.createDirectories(temp.resolve("empty"));
        PythonFinder finder = new PythonFinder(null, Map.of("PATH", empty.toString()), null, MUST_NOT_RUN);

        JepException e = assertThrows(JepException.class, finder::find);

        assertEquals("krait found no Python to load. Tried: system property krait.python: not set; "
                + "KRAIT_PYTHON: not set; VIRTUAL_ENV: not set; python3 on PATH (" + empty + "): not found. "
                + PythonFinder.HOW_TO_FIX, e.getMessage());
    }

    @Test
    void environmentVariableIsUsedWhenThePropertyIsNotSet() throws IOException {
        Path prefix = temp.resolve("env-prefix");
        Path python = program(Files.createDirectories(prefix.resolve("bin")).resolve("python3"));
        Files.createFile(Files.createDirectories(prefix.resolve("lib")).resolve("libpython3.11.so.1.0"));
        PythonFinder finder = new PythonFinder(null, Map.of("KRAIT_PYTHON", python.toString()), null,
                exe -> probeOutput(prefix, "3.11.7"));

        PythonInstallation found = finder.find();

        assertEquals("KRAIT_PYTHON", found.source());
        assertEquals(python, found.command());
    }

    @Test
    void nonExecutableFileIsReported() throws IOException {
        Path file = Files.createFile(temp.resolve("python3"));
        PythonFinder finder = new PythonFinder(null, Map.of("KRAIT_PYTHON", file.toString()), null, MUST_NOT_RUN);

        JepException e = assertThrows(JepException.class, finder::find);

        assertTrue(e.getMessage().startsWith("KRAIT_PYTHON is set to " + file + ", but it is not executable."),
                e.getMessage());
    }

    @Test
    void pythonThatDoesNotRunIsReported() throws IOException {
        Path python = program(temp.resolve("python3"));
        PythonFinder finder = new PythonFinder(python.toString(), Map.of(), null, exe -> {
            throw new IOException("it exited with status 1: boom");
        });

        JepException e = assertThrows(JepException.class, finder::find);

        assertTrue(e.getMessage().startsWith("krait could not run " + python
                + " (system property krait.python): it exited with status 1: boom."), e.getMessage());
    }

    @Test
    void unsupportedVersionNamesVersionAndPath() throws IOException {
        Path bin = Files.createDirectories(temp.resolve("bin"));
        Path python = program(bin.resolve("python3"));
        PythonFinder finder = new PythonFinder(null, Map.of("PATH", bin.toString()), null,
                exe -> probeOutput(temp, "3.9.18"));

        JepException e = assertThrows(JepException.class, finder::find);

        String supported = "3." + SupportedPythons.oldest() + " to 3." + SupportedPythons.newest();
        assertEquals("krait supports CPython " + supported + "; " + python + " (python3 on PATH) is 3.9.18. "
                + PythonFinder.HOW_TO_FIX, e.getMessage());
    }

    @Test
    void missingSharedLibraryExplainsEnableShared() throws IOException {
        Path python = program(temp.resolve("python3"));
        String output = probeOutput(temp, "3.12.1").replace("libpython3.12.so.1.0", "libpython3.12.a");
        PythonFinder finder = new PythonFinder(python.toString(), Map.of(), null, exe -> output);

        JepException e = assertThrows(JepException.class, finder::find);

        assertTrue(e.getMessage().startsWith("No shared libpython found for CPython 3.12.1"), e.getMessage());
        assertTrue(e.getMessage().contains("--enable-shared"), e.getMessage());
    }

    @Test
    void virtualenvSiteDirectoriesReachTheStartSettings() throws IOException {
        Path base = temp.resolve("base");
        Files.createFile(Files.createDirectories(base.resolve("lib")).resolve("libpython3.12.so.1.0"));
        Path venv = temp.resolve("venv");
        Path python = program(Files.createDirectories(venv.resolve("bin")).resolve("python"));
        String site = venv.resolve("lib/python3.12/site-packages").toString();
        String output = probeOutput(base, "3.12.1").replace("executable=" + base.resolve("bin/python3"),
                "executable=" + python) + "site=" + site + "\n";
        PythonFinder finder = new PythonFinder(null, Map.of("VIRTUAL_ENV", venv.toString()), null, exe -> output);

        PythonInstallation found = finder.find();
        List<String> settings = MainInterpreter.startSettings(new PyConfig().setArgv("a", "b"), null, found);

        assertEquals("VIRTUAL_ENV", found.source());
        assertEquals(List.of("config=isolated", "argv=a", "argv=b", "home=" + base, "program_name=" + python,
                "executable=" + python, "site_dir=" + site), settings);
    }

    @Test
    void realPythonFromThePropertyIsUsable() {
        String property = System.getProperty(PythonFinder.PROPERTY);
        assumeTrue(property != null && Files.exists(Path.of(property)), "krait.python names no Python");

        PythonInstallation found = PythonFinder.forThisProcess(null).find();

        assertTrue(Files.isRegularFile(found.libpython()), found.libpython().toString());
        assertTrue(SupportedPythons.minors().contains(found.minorVersion()), found.version());
    }

    private static Path program(Path path) throws IOException {
        Files.writeString(path, "#!/bin/sh\nexit 1\n");
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
        return path;
    }

    private static PythonFinder.Prober ran(List<Path> ran, String output) {
        return python -> {
            ran.add(python);
            return output;
        };
    }

    /** What the probe prints for a shared CPython installed under the given prefix. */
    private static String probeOutput(Path prefix, String version) {
        String minor = version.substring(0, version.lastIndexOf('.'));
        return "version=" + version + "\n"
                + "implementation=cpython\n"
                + "executable=" + prefix.resolve("bin/python3") + "\n"
                + "prefix=" + prefix + "\n"
                + "base_prefix=" + prefix + "\n"
                + "libdir=" + prefix.resolve("lib") + "\n"
                + "instsoname=libpython" + minor + ".so.1.0\n"
                + "ldlibrary=libpython" + minor + ".so\n"
                + "shared=1\n"
                + "multiarch=x86_64-linux-gnu\n"
                + "gil_disabled=\n";
    }
}
