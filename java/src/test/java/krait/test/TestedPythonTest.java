package krait.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the tests take the tested CPythons from ({@link TestedPython#all()}). */
class TestedPythonTest {

    @Test
    void propertyEntriesAreOrderedByMinor() {
        assertEquals(List.of(new TestedPython(11, "/a/python3"), new TestedPython(12, "/b/python3")),
                TestedPython.parse(" 312=/b/python3  311=/a/python3 "));
        assertEquals("3.12", new TestedPython(12, "/b/python3").version());
    }

    @Test
    void malformedPropertyEntryIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TestedPython.parse("311=/a 3.12=/b"));
        assertEquals("krait.test.pythons: expected 3x=PATH, found '3.12=/b'", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TestedPython.parse("312="));
    }

    @Test
    void testedMinorsAreTheLinesMarkedTest() {
        assertEquals(List.of(11, 12), TestedPython.testedMinors("# 3.9 test\n3.10\n3.11 test\n\n  3.12   test\n3.13\n"));
    }

    @Test
    void pyenvGivesTheNewestPatchOfEachMinor(@TempDir Path pyenv) throws Exception {
        for (String version : new String[] {"3.11.2", "3.11.10", "3.12.1", "3.12.4t", "3.13.0"}) {
            Path exe = Files.createDirectories(pyenv.resolve("versions").resolve(version).resolve("bin"))
                    .resolve("python3");
            Files.writeString(exe, "#!/bin/sh\n");
            Files.setPosixFilePermissions(exe, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        assertEquals(List.of(
                new TestedPython(11, pyenv.resolve("versions/3.11.10/bin/python3").toString()),
                new TestedPython(12, pyenv.resolve("versions/3.12.1/bin/python3").toString())),
                TestedPython.fromPyenv(List.of(10, 11, 12), pyenv));
    }
}
