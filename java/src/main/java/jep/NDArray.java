package jep;

import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * A {@code numpy.ndarray} as a Java primitive array plus dimensions. Conversions in both
 * directions copy the data, so later changes on one side are not seen on the other.
 *
 * <p>The data is a one-dimensional {@code boolean[]}, {@code byte[]}, {@code short[]},
 * {@code int[]}, {@code long[]}, {@code float[]} or {@code double[]}, in C order. Integer arrays
 * flagged unsigned become numpy's uint8, uint16, uint32 and uint64, and those come back as the
 * signed Java type of the same width with {@link #isUnsigned()} set.
 *
 * @param <T> the primitive array type
 */
public class NDArray<T> extends AbstractNDArray<T> {

    /**
     * A one-dimensional array over {@code data}.
     *
     * @param data a primitive array
     */
    public NDArray(T data) {
        super(data, false, (int[]) null);
    }

    /**
     * A one-dimensional array over {@code data}.
     *
     * @param data a primitive array
     * @param unsigned whether integers are unsigned
     */
    public NDArray(T data, boolean unsigned) {
        super(data, unsigned, (int[]) null);
    }

    /**
     * An array over {@code data} with the given dimensions.
     *
     * @param data a primitive array
     * @param dimensions the dimensions; their product must be the length of {@code data}
     */
    public NDArray(T data, int... dimensions) {
        super(data, false, dimensions);
    }

    /**
     * An array over {@code data} with the given dimensions.
     *
     * @param data a primitive array
     * @param unsigned whether integers are unsigned
     * @param dimensions the dimensions; their product must be the length of {@code data}
     */
    public NDArray(T data, boolean unsigned, int... dimensions) {
        super(data, unsigned, dimensions);
    }

    @Override
    protected void validate(T data) {
        Class<?> component = data.getClass().getComponentType();
        if (component == null || !component.isPrimitive()) {
            throw new IllegalArgumentException(
                    "NDArray needs a primitive array, not " + data.getClass().getTypeName());
        }
        if (component == char.class) {
            throw new IllegalArgumentException("NDArray supports numeric and boolean arrays, not char[]");
        }
    }

    @Override
    protected int getLength(T data) {
        return java.lang.reflect.Array.getLength(data);
    }

    @Override
    public boolean equals(@Nullable Object obj) {
        if (this == obj) {
            return true;
        }
        if (obj == null || getClass() != obj.getClass()) {
            return false;
        }
        NDArray<?> other = (NDArray<?>) obj;
        return unsigned == other.unsigned
                && Arrays.equals(dimensions, other.dimensions)
                && Arrays.deepEquals(new Object[] {data}, new Object[] {other.data});
    }

    @Override
    public int hashCode() {
        int result = 31 + Arrays.deepHashCode(new Object[] {data});
        return 31 * result + Arrays.hashCode(dimensions) + (unsigned ? 1 : 0);
    }
}
