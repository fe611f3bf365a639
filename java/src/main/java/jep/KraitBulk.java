package jep;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * Bulk conversions the native library asks for, so that data crosses JNI in one
 * call instead of one call per element: primitive arrays boxed into lists in one
 * loop, a window of an iterator filled at once, and Latin-1 text as bytes.
 */
final class KraitBulk {

    private KraitBulk() {
    }

    /**
     * The values as a list of {@code Long}s (as {@code Long.valueOf} boxes them).
     *
     * @param values the values
     * @param unmodifiable whether to wrap the list in {@code Collections.unmodifiableList}
     * @return a new {@code ArrayList} (or an unmodifiable view of one)
     */
    static List<Object> longList(long[] values, boolean unmodifiable) {
        ArrayList<Object> list = new ArrayList<>(values.length);
        for (long value : values) {
            list.add(value);
        }
        return unmodifiable ? Collections.unmodifiableList(list) : list;
    }

    /**
     * The values as a list of {@code Double}s.
     *
     * @param values the values
     * @param unmodifiable whether to wrap the list in {@code Collections.unmodifiableList}
     * @return a new {@code ArrayList} (or an unmodifiable view of one)
     */
    static List<Object> doubleList(double[] values, boolean unmodifiable) {
        ArrayList<Object> list = new ArrayList<>(values.length);
        for (double value : values) {
            list.add(value);
        }
        return unmodifiable ? Collections.unmodifiableList(list) : list;
    }

    /**
     * Moves the next elements of an iterator into {@code window}, from its start.
     *
     * @param iterator the iterator
     * @param window where the elements go
     * @return how many were moved (fewer than the window's length: the iterator is exhausted)
     */
    static int fill(Iterator<?> iterator, Object[] window) {
        int count = 0;
        while (count < window.length && iterator.hasNext()) {
            window[count++] = iterator.next();
        }
        return count;
    }

    /**
     * The ISO-8859-1 bytes of a string: one per character below 256, and {@code '?'}
     * for each character (or surrogate pair) that has none, which the caller checks.
     *
     * @param text the string
     * @return the bytes
     */
    static byte[] latin1(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * A string of one character per ISO-8859-1 byte.
     *
     * @param bytes the bytes
     * @return the string
     */
    static String fromLatin1(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
