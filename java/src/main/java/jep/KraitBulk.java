package jep;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * Bulk conversions the native library asks for, so that data crosses JNI in one
 * call instead of one call per element: primitive arrays boxed into lists in one
 * loop, and a window of an iterator filled at once.
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

    /** {@link #fill} kind: the element is in the window as it is. */
    static final byte OBJECT = 0;
    /** {@link #fill} kind: an Integer, Long, Short or Byte, its value in {@code values}. */
    static final byte LONG = 1;
    /** {@link #fill} kind: a Double or Float, its value's raw bits (as a double) in {@code values}. */
    static final byte DOUBLE = 2;
    /** {@link #fill} kind: a Boolean, 1 or 0 in {@code values}. */
    static final byte BOOLEAN = 3;

    /**
     * Moves the next elements of an iterator into a window, from its start: numbers and
     * booleans as their values (so that reading them needs no call into Java), any other
     * element (or null) as itself.
     *
     * @param iterator the iterator
     * @param window the elements of kind {@link #OBJECT} (null for the others)
     * @param values the values of the other elements
     * @param kinds each element's kind
     * @return how many were moved (fewer than the window's length: the iterator is exhausted)
     */
    static int fill(Iterator<?> iterator, Object[] window, long[] values, byte[] kinds) {
        int count = 0;
        while (count < window.length && iterator.hasNext()) {
            Object element = iterator.next();
            byte kind = OBJECT;
            long value = 0;
            if (element instanceof Integer || element instanceof Long
                    || element instanceof Short || element instanceof Byte) {
                kind = LONG;
                value = ((Number) element).longValue();
            } else if (element instanceof Double || element instanceof Float) {
                kind = DOUBLE;
                value = Double.doubleToRawLongBits(((Number) element).doubleValue());
            } else if (element instanceof Boolean) {
                kind = BOOLEAN;
                value = (Boolean) element ? 1 : 0;
            }
            window[count] = kind == OBJECT ? element : null;
            values[count] = value;
            kinds[count] = kind;
            count++;
        }
        return count;
    }
}
