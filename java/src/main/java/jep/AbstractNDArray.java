package jep;

import java.util.Arrays;

/**
 * The common part of {@link NDArray} and {@link DirectNDArray}: a flat block of numbers, the
 * dimensions it is seen with (C order, like {@code numpy.ndarray.shape}) and whether its integers
 * are unsigned.
 *
 * <p>Instances never appear in Python as Java objects: when numpy is installed they become
 * {@code numpy.ndarray}s, and {@code numpy.ndarray}s come back to Java as these classes.
 *
 * @param <T> the type of the data (a primitive array or a direct buffer)
 */
abstract class AbstractNDArray<T> {

    /** The flat data. */
    protected final T data;

    /** The dimensions; their product is the length of the data. */
    protected final int[] dimensions;

    /** Whether integer data is unsigned (uint8, uint16, uint32, uint64 in numpy). */
    protected final boolean unsigned;

    /**
     * Checks the data and the dimensions.
     *
     * @param data the data
     * @param unsigned whether integer data is unsigned
     * @param dimensions the dimensions, or null (or none) for one dimension spanning the data
     * @throws IllegalArgumentException if the data is not usable or the dimensions do not
     *     multiply to its length
     */
    protected AbstractNDArray(T data, boolean unsigned, int... dimensions) {
        if (data == null) {
            throw new IllegalArgumentException("the data of an NDArray cannot be null");
        }
        validate(data);
        int length = getLength(data);
        int[] dims = dimensions == null ? new int[] {length} : dimensions.clone();
        long size = 1;
        for (int dim : dims) {
            if (dim < 0) {
                throw new IllegalArgumentException("NDArray dimensions cannot be negative: " + Arrays.toString(dims));
            }
            size *= dim;
            if (size > Integer.MAX_VALUE) {
                break;
            }
        }
        if (size != length) {
            throw new IllegalArgumentException("NDArray data length " + length
                    + " does not match the size of the dimensions " + Arrays.toString(dims));
        }
        this.data = data;
        this.dimensions = dims;
        this.unsigned = unsigned;
    }

    /**
     * Throws {@link IllegalArgumentException} if {@code data} cannot back this kind of array.
     *
     * @param data the data
     */
    protected abstract void validate(T data);

    /**
     * The number of elements in {@code data}.
     *
     * @param data the data
     * @return its element count
     */
    protected abstract int getLength(T data);

    /**
     * The dimensions (C order).
     *
     * @return the dimensions
     */
    public int[] getDimensions() {
        return dimensions;
    }

    /**
     * Whether integer data is unsigned.
     *
     * @return true for unsigned integers
     */
    public boolean isUnsigned() {
        return unsigned;
    }

    /**
     * The flat data.
     *
     * @return the data
     */
    public T getData() {
        return data;
    }
}
