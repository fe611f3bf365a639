package krait;

import java.io.IOException;
import java.lang.reflect.Array;
import java.lang.reflect.Proxy;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.msgpack.core.ExtensionTypeHeader;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;

import jep.JepException;
import jep.NDArray;
import jep.python.PyObject;

/**
 * Java values to and from the frames of {@link ProcessInterpreter}'s child, the
 * MessagePack format described in the worker's {@code native/worker/wire.rs}: plain
 * MessagePack types plus extension types for big ints, tuples, sets, strings with lone
 * surrogates, handles and numpy arrays. The kinds that cross are those the in-process
 * interpreter converts by value; anything else is refused with a {@link JepException}.
 */
final class ProcessWire {

    static final byte EXT_BIG_INT = 1;
    static final byte EXT_TUPLE = 2;
    static final byte EXT_SET = 3;
    static final byte EXT_UTF16 = 4;
    static final byte EXT_HANDLE = 5;
    static final byte EXT_NDARRAY = 6;
    static final byte EXT_FROZENSET = 7;

    static final int OP_EXEC = 0;
    static final int OP_EVAL = 1;
    static final int OP_RUN_SCRIPT = 2;
    static final int OP_INVOKE = 3;
    static final int OP_SET = 4;
    static final int OP_GET = 5;
    static final int OP_GETATTR = 6;
    static final int OP_SETATTR = 7;
    static final int OP_CALL = 8;
    static final int OP_STR = 9;
    static final int OP_HASH = 10;
    static final int OP_EQ = 11;
    static final int OP_RELEASE = 12;
    static final int OP_PING = 13;
    static final int OP_EXIT = 14;
    static final int OP_DELATTR = 15;

    static final int REPLY_VALUE = 0;
    static final int REPLY_PYTHON_ERROR = 1;
    static final int REPLY_STDOUT = 2;
    static final int REPLY_USAGE_ERROR = 3;
    static final int REPLY_READY = 4;

    /** Containers nested deeper than this (or cyclic ones) are refused. */
    static final int MAX_DEPTH = 200;

    /** numpy dtype characters by Java primitive array class. */
    private static final Map<Class<?>, String> DTYPES = Map.of(
            boolean[].class, "?", byte[].class, "b", short[].class, "h", int[].class, "i",
            long[].class, "q", float[].class, "f", double[].class, "d");

    /** Makes handle-backed PyObjects and recognizes this interpreter's own. */
    interface Handles {
        /** The PyObject for a handle lent by the child. */
        PyObject lent(long handle);

        /** The handle of {@code object} if it belongs to this interpreter, else -1. */
        long handleOf(PyObject object);
    }

    private ProcessWire() {
    }

    /** Writes a Java value; refuses what cannot cross the process boundary. */
    static void pack(MessageBufferPacker out, Object value, Handles handles, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new JepException("A value nested deeper than " + MAX_DEPTH
                    + " levels (or a cyclic one) cannot cross the process boundary.");
        }
        if (value == null) {
            out.packNil();
        } else if (value instanceof Boolean b) {
            out.packBoolean(b);
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short
                || value instanceof Byte) {
            out.packLong(((Number) value).longValue());
        } else if (value instanceof BigInteger big) {
            if (big.bitLength() < 64) {
                out.packLong(big.longValue());
            } else {
                byte[] bytes = big.toByteArray();
                out.packExtensionTypeHeader(EXT_BIG_INT, bytes.length);
                out.writePayload(bytes);
            }
        } else if (value instanceof Double || value instanceof Float) {
            out.packDouble(((Number) value).doubleValue());
        } else if (value instanceof String s) {
            packString(out, s);
        } else if (value instanceof Character c) {
            packString(out, c.toString());
        } else if (value instanceof byte[] bytes) {
            out.packBinaryHeader(bytes.length);
            // Referenced, not copied: the request is sent before the caller gets control back.
            out.addPayload(bytes);
        } else if (value instanceof NDArray<?> array) {
            packNdArray(out, array);
        } else if (value instanceof PyObject object) {
            long handle = handles.handleOf(object);
            if (handle < 0) {
                throw refusal(value, "it is a Python object of another interpreter (a PyObject crosses only to "
                        + "the ProcessInterpreter whose child holds it)");
            }
            out.packExtensionTypeHeader(EXT_HANDLE, 8);
            out.writePayload(ByteBuffer.allocate(8).putLong(handle).array());
        } else if (value instanceof Set<?> set) {
            packNested(out, EXT_SET, new ArrayList<>(set), handles, depth);
        } else if (value instanceof Collection<?> items) {
            out.packArrayHeader(items.size());
            for (Object item : items) {
                pack(out, item, handles, depth + 1);
            }
        } else if (value instanceof Map<?, ?> map) {
            out.packMapHeader(map.size());
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                pack(out, entry.getKey(), handles, depth + 1);
                pack(out, entry.getValue(), handles, depth + 1);
            }
        } else if (value.getClass().isArray()) {
            int length = Array.getLength(value);
            out.packArrayHeader(length);
            for (int i = 0; i < length; i++) {
                pack(out, Array.get(value, i), handles, depth + 1);
            }
        } else if (Proxy.isProxyClass(value.getClass())) {
            throw refusal(value, "it is a proxy, whose calls would have to come back into this JVM");
        } else {
            throw refusal(value, "a Java object cannot cross the process boundary: Python runs in a child "
                    + "process and cannot call back into this JVM");
        }
    }

    private static JepException refusal(Object value, String why) {
        return new JepException("Cannot pass a " + value.getClass().getName() + " to a ProcessInterpreter: " + why
                + ". Pass None/null, bool, int, float, str, bytes, a list, tuple, dict or set of those, an "
                + "NDArray, or a PyObject of the same ProcessInterpreter.");
    }

    private static void packNested(MessageBufferPacker out, byte tag, List<?> items, Handles handles, int depth)
            throws IOException {
        MessageBufferPacker inner = MessagePack.newDefaultBufferPacker();
        inner.packArrayHeader(items.size());
        for (Object item : items) {
            pack(inner, item, handles, depth + 1);
        }
        byte[] payload = inner.toByteArray();
        out.packExtensionTypeHeader(tag, payload.length);
        out.writePayload(payload);
    }

    /** A string as UTF-8, or as UTF-16 code units when it has lone surrogates. */
    static void packString(MessageBufferPacker out, String s) throws IOException {
        if (!hasLoneSurrogate(s)) {
            out.packString(s);
            return;
        }
        ByteBuffer units = ByteBuffer.allocate(s.length() * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < s.length(); i++) {
            units.putChar(s.charAt(i));
        }
        out.packExtensionTypeHeader(EXT_UTF16, units.capacity());
        out.writePayload(units.array());
    }

    static boolean hasLoneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    private static void packNdArray(MessageBufferPacker out, NDArray<?> array) throws IOException {
        Object data = array.getData();
        String dtype = DTYPES.get(data.getClass());
        if (dtype == null) {
            throw new JepException("Cannot pass an NDArray of " + data.getClass().getSimpleName()
                    + " to a ProcessInterpreter: only arrays of Java primitives cross.");
        }
        if (array.isUnsigned()) {
            dtype = dtype.toUpperCase();
        }
        int length = Array.getLength(data);
        int width = dtype.equals("?") || dtype.equalsIgnoreCase("b") ? 1 : dtype.equalsIgnoreCase("h") ? 2
                : dtype.equalsIgnoreCase("i") || dtype.equals("f") ? 4 : 8;
        ByteBuffer buffer = ByteBuffer.allocate(length * width).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < length; i++) {
            Object item = Array.get(data, i);
            switch (width) {
                case 1 -> buffer.put(item instanceof Boolean b ? (byte) (b ? 1 : 0) : (Byte) item);
                case 2 -> buffer.putShort((Short) item);
                case 4 -> {
                    if (item instanceof Float f) {
                        buffer.putFloat(f);
                    } else {
                        buffer.putInt((Integer) item);
                    }
                }
                default -> {
                    if (item instanceof Double d) {
                        buffer.putDouble(d);
                    } else {
                        buffer.putLong((Long) item);
                    }
                }
            }
        }
        MessageBufferPacker inner = MessagePack.newDefaultBufferPacker();
        inner.packArrayHeader(3);
        inner.packString(dtype);
        int[] dims = array.getDimensions();
        inner.packArrayHeader(dims.length);
        for (int dim : dims) {
            inner.packInt(dim);
        }
        inner.packBinaryHeader(buffer.capacity());
        inner.writePayload(buffer.array());
        byte[] payload = inner.toByteArray();
        out.packExtensionTypeHeader(EXT_NDARRAY, payload.length);
        out.writePayload(payload);
    }

    /** Reads one value as the in-process interpreter would return it. */
    static Object unpack(MessageUnpacker in, Handles handles) throws IOException {
        MessageFormat format = in.getNextFormat();
        switch (format.getValueType()) {
            case NIL:
                in.unpackNil();
                return null;
            case BOOLEAN:
                return in.unpackBoolean();
            case INTEGER:
                if (format == MessageFormat.UINT64) {
                    BigInteger big = in.unpackBigInteger();
                    return big.bitLength() < 64 ? (Object) big.longValue() : big;
                }
                return in.unpackLong();
            case FLOAT:
                return in.unpackDouble();
            case STRING:
                return in.unpackString();
            case BINARY:
                return in.readPayload(in.unpackBinaryHeader());
            case ARRAY: {
                int n = in.unpackArrayHeader();
                List<Object> list = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    list.add(unpack(in, handles));
                }
                return list;
            }
            case MAP: {
                int n = in.unpackMapHeader();
                Map<Object, Object> map = new HashMap<>();
                for (int i = 0; i < n; i++) {
                    Object key = unpack(in, handles);
                    map.put(key, unpack(in, handles));
                }
                return map;
            }
            case EXTENSION:
                return unpackExtension(in, handles);
            default:
                throw new IOException("unexpected MessagePack value " + format);
        }
    }

    private static Object unpackExtension(MessageUnpacker in, Handles handles) throws IOException {
        ExtensionTypeHeader header = in.unpackExtensionTypeHeader();
        byte[] payload = in.readPayload(header.getLength());
        switch (header.getType()) {
            case EXT_BIG_INT:
                return new BigInteger(payload);
            case EXT_TUPLE:
            case EXT_SET:
            case EXT_FROZENSET: {
                @SuppressWarnings("unchecked")
                List<Object> items = (List<Object>) unpack(MessagePack.newDefaultUnpacker(payload), handles);
                return header.getType() == EXT_TUPLE ? Collections.unmodifiableList(items) : new HashSet<>(items);
            }
            case EXT_UTF16: {
                ByteBuffer units = ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN);
                char[] chars = new char[payload.length / 2];
                for (int i = 0; i < chars.length; i++) {
                    chars[i] = units.getChar();
                }
                return new String(chars);
            }
            case EXT_HANDLE:
                return handles.lent(ByteBuffer.wrap(payload).getLong());
            case EXT_NDARRAY:
                return unpackNdArray(MessagePack.newDefaultUnpacker(payload));
            default:
                throw new IOException("unknown value tag " + header.getType() + " from the worker");
        }
    }

    private static NDArray<?> unpackNdArray(MessageUnpacker in) throws IOException {
        in.unpackArrayHeader();
        String dtype = in.unpackString();
        int[] dims = new int[in.unpackArrayHeader()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = in.unpackInt();
        }
        ByteBuffer data = ByteBuffer.wrap(in.readPayload(in.unpackBinaryHeader())).order(ByteOrder.LITTLE_ENDIAN);
        boolean unsigned = Character.isUpperCase(dtype.charAt(0));
        Object array = switch (dtype) {
            case "?" -> {
                boolean[] values = new boolean[data.remaining()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = data.get() != 0;
                }
                yield values;
            }
            case "b", "B" -> {
                byte[] values = new byte[data.remaining()];
                data.get(values);
                yield values;
            }
            case "h", "H" -> {
                short[] values = new short[data.remaining() / 2];
                data.asShortBuffer().get(values);
                yield values;
            }
            case "i", "I" -> {
                int[] values = new int[data.remaining() / 4];
                data.asIntBuffer().get(values);
                yield values;
            }
            case "l", "L", "q", "Q" -> {
                long[] values = new long[data.remaining() / 8];
                data.asLongBuffer().get(values);
                yield values;
            }
            case "f" -> {
                float[] values = new float[data.remaining() / 4];
                data.asFloatBuffer().get(values);
                yield values;
            }
            case "d" -> {
                double[] values = new double[data.remaining() / 8];
                data.asDoubleBuffer().get(values);
                yield values;
            }
            default -> throw new IOException("unknown numpy dtype " + dtype + " from the worker");
        };
        return new NDArray<>(array, unsigned, dims);
    }

    /**
     * Reads a Python error reply as the in-process interpreter throws it: the message
     * {@code <class 'T'>: text} and the Python frames (innermost first) ahead of the Java
     * ones; {@code timeoutAction} is appended to a {@code KeyboardInterrupt} the watchdog caused.
     */
    static JepException pythonError(MessageUnpacker in, String timeoutAction) throws IOException {
        String typeName = in.unpackString();
        String typeRepr = in.unpackString();
        String text = in.unpackString();
        int count = in.unpackArrayHeader();
        List<StackTraceElement> frames = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            in.unpackArrayHeader();
            String file = in.unpackString();
            String function = in.unpackString();
            int line = in.unpackInt();
            String fileName = file.substring(file.lastIndexOf('/') + 1);
            String module = fileName.endsWith(".py") ? fileName.substring(0, fileName.length() - 3) : fileName;
            frames.add(new StackTraceElement(module, function, fileName, line));
        }
        String message = typeRepr + ": " + text;
        if ("KeyboardInterrupt".equals(typeName) && timeoutAction != null) {
            message += " (" + timeoutAction + ")";
        }
        JepException exception = new JepException(message);
        StackTraceElement[] java = exception.getStackTrace();
        StackTraceElement[] all = new StackTraceElement[frames.size() + java.length];
        frames.toArray(all);
        System.arraycopy(java, 0, all, frames.size(), java.length);
        exception.setStackTrace(all);
        return exception;
    }
}
