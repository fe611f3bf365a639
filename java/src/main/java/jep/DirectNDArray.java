package jep;

import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.ShortBuffer;
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

    /** {@link #layout} bit: the buffer is read-only. */
    static final int READ_ONLY = 0x10;

    /** {@link #layout} bit: the buffer's elements are in native byte order. */
    static final int NATIVE_ORDER = 0x20;

    /**
     * What native code needs to know about the buffer besides its memory, read as a field so
     * that handing the array to Python makes no Java call: the index of the buffer's type
     * among Byte, Short, Int, Long, Float and DoubleBuffer (15 for none of them), plus
     * {@link #READ_ONLY} and {@link #NATIVE_ORDER}. Both are fixed for a buffer's lifetime
     * (a typed buffer's order never changes, and a ByteBuffer's order does not matter to
     * single bytes).
     */
    final int layout = layout(data);

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

    /**
     * The {@link #layout} of a buffer.
     *
     * @param data a buffer
     * @return its type index and flags
     */
    private static int layout(Buffer data) {
        int kind;
        ByteOrder order;
        if (data instanceof ByteBuffer) {
            kind = 0;
            order = ByteOrder.nativeOrder();
        } else if (data instanceof ShortBuffer) {
            kind = 1;
            order = ((ShortBuffer) data).order();
        } else if (data instanceof IntBuffer) {
            kind = 2;
            order = ((IntBuffer) data).order();
        } else if (data instanceof LongBuffer) {
            kind = 3;
            order = ((LongBuffer) data).order();
        } else if (data instanceof FloatBuffer) {
            kind = 4;
            order = ((FloatBuffer) data).order();
        } else if (data instanceof DoubleBuffer) {
            kind = 5;
            order = ((DoubleBuffer) data).order();
        } else {
            kind = 15;
            order = ByteOrder.nativeOrder();
        }
        return kind
                | (data.isReadOnly() ? READ_ONLY : 0)
                | (order == ByteOrder.nativeOrder() ? NATIVE_ORDER : 0);
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
