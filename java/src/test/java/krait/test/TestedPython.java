package krait.test;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A tested CPython: one of the minors marked {@code test} in {@code pythons.txt}, the one list of
 * supported minors. {@link #all()} is where every test that needs a particular Python (or two
 * different ones) takes it from; the JVM running the tests embeds the one of {@code krait.python}.
 *
 * @param minor the x of 3.x
 * @param executable its python3
 */
public record TestedPython(int minor, String executable) {

    /** System property listing every tested CPython as {@code "311=PATH 312=PATH"} (java/pom.xml). */
    public static final String PROPERTY = "krait.test.pythons";

    /** The version as Python prints it: {@code "3.12"}. */
    public String version() {
        return "3." + minor;
    }

    /**
     * The tested CPythons, oldest first: those of the system property {@value #PROPERTY} (set by
     * scripts/test.sh through java/pom.xml) or, when it is not set, the newest pyenv version of
     * each minor marked {@code test} in {@code pythons.txt} (the resource {@code krait/pythons.txt}).
     * Minors without an executable are left out, so callers check how many they got.
     *
     * @return the tested CPythons found
     */
    public static List<TestedPython> all() {
        String property = System.getProperty(PROPERTY);
        if (property != null && !property.isBlank()) {
            return parse(property);
        }
        String pyenvRoot = System.getenv("PYENV_ROOT");
        return fromPyenv(testedMinors(readPythonsList()), pyenvRoot != null && !pyenvRoot.isEmpty()
                ? Paths.get(pyenvRoot) : Paths.get(System.getProperty("user.home"), ".pyenv"));
    }

    /**
     * The newest tested CPython; skips the calling test when none is found.
     *
     * @return the last of {@link #all()}
     */
    public static TestedPython newest() {
        List<TestedPython> all = all();
        assumeTrue(!all.isEmpty(), "no tested CPython found (set -D" + PROPERTY + ")");
        return all.get(all.size() - 1);
    }

    /**
     * Parses {@value #PROPERTY}: space-separated {@code 3x=PATH} entries, naming minors as
     * scripts/pythons.sh does ({@code 312} for 3.12).
     *
     * @param value the property's value
     * @return the entries ordered by minor
     * @throws IllegalArgumentException naming an entry that is not {@code 3x=PATH}
     */
    static List<TestedPython> parse(String value) {
        List<TestedPython> pythons = new ArrayList<>();
        for (String entry : value.strip().split("\\s+")) {
            int eq = entry.indexOf('=');
            String minor = eq < 0 ? "" : entry.substring(0, eq);
            if (!minor.matches("3[0-9]+") || eq == entry.length() - 1) {
                throw new IllegalArgumentException(PROPERTY + ": expected 3x=PATH, found '" + entry + "'");
            }
            pythons.add(new TestedPython(Integer.parseInt(minor.substring(1)), entry.substring(eq + 1)));
        }
        pythons.sort(Comparator.comparingInt(TestedPython::minor));
        return List.copyOf(pythons);
    }

    /**
     * The minors marked {@code test} in the text of {@code pythons.txt} (lines such as
     * {@code "3.12 test"}).
     *
     * @param pythonsList the file's text
     * @return the x of each tested 3.x, in file order
     */
    static List<Integer> testedMinors(String pythonsList) {
        List<Integer> minors = new ArrayList<>();
        for (String line : pythonsList.split("\n")) {
            String[] words = line.strip().split("\\s+");
            if (words.length >= 2 && words[1].equals("test") && words[0].matches("3\\.[0-9]+")) {
                minors.add(Integer.parseInt(words[0].substring(2)));
            }
        }
        return minors;
    }

    /**
     * For each minor, the python3 of pyenv's newest {@code 3.x.N} under {@code pyenvRoot}, as
     * scripts/pythons.sh picks it.
     *
     * @param minors the x of each 3.x wanted
     * @param pyenvRoot pyenv's root folder (its {@code versions} folder is searched)
     * @return the Pythons found, in the order of {@code minors}
     */
    static List<TestedPython> fromPyenv(List<Integer> minors, Path pyenvRoot) {
        List<TestedPython> pythons = new ArrayList<>();
        for (int minor : minors) {
            String prefix = "3." + minor + ".";
            try (Stream<Path> versions = Files.list(pyenvRoot.resolve("versions"))) {
                versions.map(v -> v.getFileName().toString())
                        .filter(name -> name.startsWith(prefix) && name.substring(prefix.length()).matches("[0-9]+"))
                        .max(Comparator.comparingInt(name -> Integer.parseInt(name.substring(prefix.length()))))
                        .map(name -> pyenvRoot.resolve("versions").resolve(name).resolve("bin/python3"))
                        .filter(Files::isExecutable)
                        .ifPresent(exe -> pythons.add(new TestedPython(minor, exe.toString())));
            } catch (IOException e) {
                return List.of(); // no pyenv versions folder: nothing to find
            }
        }
        return List.copyOf(pythons);
    }

    private static String readPythonsList() {
        try (InputStream in = TestedPython.class.getResourceAsStream("/krait/pythons.txt")) {
            assertTrue(in != null, "the test classpath lacks krait/pythons.txt (java/pom.xml copies it)");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
