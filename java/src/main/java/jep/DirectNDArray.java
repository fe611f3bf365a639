package jep;

import java.nio.Buffer;
import java.nio.CharBuffer;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * A {@code numpy.ndarray} that shares memory with a direct {@link Buffer}: the ndarray made from
 * it in Python reads and writes the buffer's memory, so a change on either side is seen on the
 * other without any copy.
 *
 * <p>The buffer is a direct {@code ByteBuffer}, {@code ShortBuffer}, {@code IntBuffer},
 * {@code LongBuffer}, {@code FloatBuffer} or {@code DoubleBuffer}; its whole capacity, in C
 * order, is the data. Typed buffers keep their byte order (a big-endian {@code IntBuffer} is a
 * {@code >i4} array); a read-only buffer gives a read-only ndarray. Integer buffers flagged
 * unsigned become numpy's unsigned types of the same width.
 *
 * @param <T> the buffer type
 */
public class DirectNDArray<T extends Buffer> extends AbstractNDArray<T> {

    /**
     * A one-dimensional array over {@code data}.
     *
     * @param data a direct buffer
     */
    public DirectNDArray(T data) {
        super(data, false, (int[]) null);
    }

    /**
     * A one-dimensional array over {@code data}.
     *
     * @param data a direct buffer
     * @param unsigned whether integers are unsigned
     */
    public DirectNDArray(T data, boolean unsigned) {
        super(data, unsigned, (int[]) null);
    }

    /**
     * An array over {@code data} with the given dimensions.
     *
     * @param data a direct buffer
     * @param dimensions the dimensions; their product must be the buffer's capacity
     */
    public DirectNDArray(T data, int... dimensions) {
        super(data, false, dimensions);
    }

    /**
     * An array over {@code data} with the given dimensions.
     *
     * @param data a direct buffer
     * @param unsigned whether integers are unsigned
     * @param dimensions the dimensions; their product must be the buffer's capacity
     */
    public DirectNDArray(T data, boolean unsigned, int... dimensions) {
        super(data, unsigned, dimensions);
    }

    @Override
    protected void validate(T data) {
        if (!data.isDirect()) {
            throw new IllegalArgumentException("DirectNDArray needs a direct buffer");
        }
        if (data instanceof CharBuffer) {
            throw new IllegalArgumentException("DirectNDArray supports numeric buffers, not CharBuffer");
        }
    }

    /**
     * The number of elements of the buffer (its capacity).
     *
     * @param data a buffer
     * @return its capacity
     */
    @Override
    public int getLength(T data) {
        return data.capacity();
    }

    @Override
    public boolean equals(@Nullable Object obj) {
        if (this == obj) {
            return true;
        }
        if (obj == null || getClass() != obj.getClass()) {
            return false;
        }
        DirectNDArray<?> other = (DirectNDArray<?>) obj;
        return unsigned == other.unsigned
                && Arrays.equals(dimensions, other.dimensions)
                && data.equals(other.data);
    }

    @Override
    public int hashCode() {
        int result = 31 + data.hashCode();
        return 31 * result + Arrays.hashCode(dimensions) + (unsigned ? 1 : 0);
    }
}
