package jep;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The CPython minor versions krait supports, read from the jar resource
 * {@code krait/pythons.txt}: a copy of {@code pythons.txt} at the repository root, the one
 * list the build scripts, the tests and the jar share.
 */
final class SupportedPythons {

    /** The jar resource holding the list. */
    static final String RESOURCE = "/krait/pythons.txt";

    private static List<Integer> minors;

    private SupportedPythons() {
    }

    /**
     * Returns the supported minor versions, reading the resource on first use.
     *
     * @return the x of each supported 3.x, oldest first
     * @throws JepException when the jar lacks the resource or it cannot be read or parsed
     */
    static synchronized List<Integer> minors() {
        if (minors == null) {
            minors = load();
        }
        return minors;
    }

    /**
     * Returns the oldest supported minor version.
     *
     * @return the x of the oldest 3.x
     */
    static int oldest() {
        return minors().get(0);
    }

    /**
     * Returns the newest supported minor version.
     *
     * @return the x of the newest 3.x
     */
    static int newest() {
        List<Integer> all = minors();
        return all.get(all.size() - 1);
    }

    /**
     * Parses the list: one {@code 3.x} per line, optionally followed by words; blank
     * lines and lines starting with {@code #} are ignored.
     *
     * @param text the content of {@code pythons.txt}
     * @return the minor versions in file order
     * @throws IllegalArgumentException naming the line that is not {@code 3.x}
     */
    static List<Integer> parse(String text) {
        List<Integer> minors = new ArrayList<>();
        for (String line : text.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            String version = trimmed.split("\\s+")[0];
            if (!version.matches("3\\.[0-9]+")) {
                throw new IllegalArgumentException("pythons.txt: expected 3.x, found '" + line + "'");
            }
            minors.add(Integer.parseInt(version.substring(2)));
        }
        if (minors.isEmpty()) {
            throw new IllegalArgumentException("pythons.txt lists no CPython version");
        }
        return List.copyOf(minors);
    }

    private static List<Integer> load() {
        try (InputStream in = SupportedPythons.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new JepException("This krait jar is incomplete: it lacks the resource " + RESOURCE
                        + " (the list of supported CPython versions, pythons.txt at the repository root).");
            }
            StringBuilder text = new StringBuilder();
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                reader.lines().forEach(line -> text.append(line).append('\n'));
            }
            return parse(text.toString());
        } catch (IOException | UncheckedIOException e) {
            throw new JepException("krait could not read its resource " + RESOURCE + ": " + e, e);
        } catch (IllegalArgumentException e) {
            throw new JepException("krait's resource " + RESOURCE + " is malformed: " + e.getMessage(), e);
        }
    }
}
