package jep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tests the jar's packaging facts: the list of supported CPythons and the choice of natives by platform. */
class PackagingTest {

    @Test
    void theJarListsTheSameMinorsAsTheRepositoryRoot() throws IOException {
        String root = Files.readString(Path.of("..", "pythons.txt"));
        List<Integer> minors = SupportedPythons.parse(root);
        assertEquals(minors, SupportedPythons.minors());
        assertEquals(minors.get(0), SupportedPythons.oldest());
        assertEquals(minors.get(minors.size() - 1), SupportedPythons.newest());
    }

    @Test
    void parseSkipsCommentsAndWordsAfterTheVersion() {
        assertEquals(List.of(10, 11, 14), SupportedPythons.parse("# comment\n3.10\n\n3.11 test\n  3.14\n"));
    }

    @Test
    void parseNamesTheBadLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SupportedPythons.parse("3.10\npython3.11\n"));
        assertTrue(e.getMessage().contains("python3.11"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SupportedPythons.parse("# nothing\n"));
    }

    @Test
    void nativesAreChosenByOsArch() {
        assertEquals("linux-x86_64", NativeLoader.platform("Linux", "amd64"));
        assertEquals("linux-x86_64", NativeLoader.platform("Linux", "x86_64"));
        assertEquals("linux-aarch64", NativeLoader.platform("Linux", "aarch64"));
        assertEquals("krait/native/linux-aarch64/cp312/libkrait.so", NativeLoader.resourceName("linux-aarch64", 12));
        JepException e = assertThrows(JepException.class, () -> NativeLoader.platform("Linux", "riscv64"));
        assertTrue(e.getMessage().contains("os.arch=riscv64"), e.getMessage());
        assertThrows(JepException.class, () -> NativeLoader.platform("Mac OS X", "aarch64"));
    }
}
