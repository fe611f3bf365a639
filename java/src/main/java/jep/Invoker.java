package jep;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;

import krait.UsageException;

import org.jspecify.annotations.Nullable;

/**
 * {@code invoke} of one {@link Jep} instance, used only on its thread (issue 10: close to
 * the cost of a bare JNI call into Python).
 *
 * <p>Names cross JNI once: each is bound to a slot of the native interpreter
 * ({@code bindName}), remembered here in a direct-mapped table by the name's hash, and later
 * calls pass the slot number (the value the name is bound to is still looked up every call, so
 * rebinding it is seen). No arguments cross as nothing ({@code invoke0}); up to
 * {@value #PRIMITIVE_ARGS} positional arguments that are all boxed primitives or null cross as
 * {@code long}s with their kinds ({@code invokePrimitive}); others as the array. A result that is {@code None}, a {@code bool}, an {@code int} that fits a
 * {@code long} or a {@code float} comes back as a kind and a value in a direct buffer and is
 * boxed here, as the native conversion would box it.
 */
final class Invoker {

    /** Slots of the name table: a power of two, at most the native interpreter's 256. */
    private static final int NAME_SLOTS = 128;
    /** How many arguments {@code invokePrimitive} takes. */
    private static final int PRIMITIVE_ARGS = 4;
    /** A kind of {@link #kind}: not a primitive (nor null). */
    private static final int NOT_PRIMITIVE = -1;
    /** A result kind: nothing was called, the slot was bound anew meanwhile (by Python code calling Java). */
    private static final int REBOUND = -1;

    // Kinds of arguments and results: a primitive's place in JNI declaration order plus one
    // (native/jni/primitive/mod.rs, Prim::code); 0 is null.
    private static final int NULL = 0;
    private static final int BOOLEAN = 1;
    private static final int BYTE = 2;
    private static final int CHAR = 3;
    private static final int SHORT = 4;
    private static final int INT = 5;
    private static final int LONG = 6;
    private static final int FLOAT = 7;
    private static final int DOUBLE = 8;

    private final long handle;
    /** The name bound to each slot of the native interpreter, or null. */
    private final String[] names = new String[NAME_SLOTS];
    /** The tag of each slot's binding. */
    private final int[] tags = new int[NAME_SLOTS];
    /** Where the native side writes an unboxed result: its kind, then its value. */
    private final ByteBuffer result = ByteBuffer.allocateDirect(16).order(ByteOrder.nativeOrder());
    private final long resultAddress;
    /** The packed primitive arguments of the call being made. */
    private final long[] bits = new long[PRIMITIVE_ARGS];

    Invoker(long handle) {
        this.handle = handle;
        this.resultAddress = KraitNative.bufferAddress(result);
    }

    /**
     * Calls the Python callable {@code name} (possibly dotted); the interpreter is open and
     * this is its thread.
     */
    @Nullable Object invoke(String name, Object @Nullable [] args, @Nullable Map<String, @Nullable Object> kwargs) {
        while (true) {
            int slot = slot(name);
            int tag = tags[slot];
            Object value;
            if (kwargs == null && (args == null || args.length == 0)) {
                value = KraitNative.invoke0(handle, slot, tag, resultAddress);
            } else if (kwargs == null && args.length <= PRIMITIVE_ARGS) {
                int kinds = pack(args);
                value = kinds == NOT_PRIMITIVE
                        ? KraitNative.invoke(handle, slot, tag, args, null, resultAddress)
                        : KraitNative.invokePrimitive(handle, slot, tag, kinds, bits[0], bits[1], bits[2], bits[3],
                                resultAddress);
            } else {
                value = KraitNative.invoke(handle, slot, tag, args, kwargs, resultAddress);
            }
            if (value != null) {
                return value;
            }
            long kind = result.getLong(0);
            if (kind != REBOUND) {
                return unboxed(kind, result.getLong(8));
            }
            names[slot] = null;
        }
    }

    /** The slot bound to {@code name}, binding it first when it is not. */
    private int slot(String name) {
        if (name == null) {
            throw new UsageException("function name must not be null");
        }
        int hash = name.hashCode();
        int slot = (hash ^ (hash >>> 16)) & (NAME_SLOTS - 1);
        String bound = names[slot];
        if (bound != name && !name.equals(bound)) {
            tags[slot] = KraitNative.bindName(handle, slot, name);
            names[slot] = name;
        }
        return slot;
    }

    /**
     * Packs arguments that are all boxed primitives or null into {@link #bits} and returns
     * their kinds (the count in the low 4 bits, then 4 bits each), or {@link #NOT_PRIMITIVE}.
     */
    private int pack(Object[] args) {
        int kinds = args.length;
        for (int i = 0; i < args.length; i++) {
            Object arg = args[i];
            int kind = kind(arg);
            if (kind == NOT_PRIMITIVE) {
                return NOT_PRIMITIVE;
            }
            bits[i] = kind == NULL ? 0 : bits(arg, kind);
            kinds |= kind << (4 + 4 * i);
        }
        return kinds;
    }

    /** The kind of a boxed primitive, {@link #NULL} for null, else {@link #NOT_PRIMITIVE}. */
    private static int kind(@Nullable Object arg) {
        if (arg == null) {
            return NULL;
        }
        Class<?> type = arg.getClass();
        if (type == Integer.class) {
            return INT;
        } else if (type == Long.class) {
            return LONG;
        } else if (type == Double.class) {
            return DOUBLE;
        } else if (type == Boolean.class) {
            return BOOLEAN;
        } else if (type == Float.class) {
            return FLOAT;
        } else if (type == Short.class) {
            return SHORT;
        } else if (type == Byte.class) {
            return BYTE;
        } else if (type == Character.class) {
            return CHAR;
        }
        return NOT_PRIMITIVE;
    }

    /** A box's value as the native side unpacks it (Prim::value_of_bits). */
    private static long bits(Object arg, int kind) {
        switch (kind) {
            case INT:
                return (Integer) arg;
            case LONG:
                return (Long) arg;
            case DOUBLE:
                return Double.doubleToRawLongBits((Double) arg);
            case BOOLEAN:
                return (Boolean) arg ? 1 : 0;
            case FLOAT:
                return Float.floatToRawIntBits((Float) arg);
            case SHORT:
                return (Short) arg;
            case BYTE:
                return (Byte) arg;
            default:
                return (Character) arg;
        }
    }

    /** The boxed result of a kind and a value the native side left in {@link #result}. */
    private static @Nullable Object unboxed(long kind, long value) {
        switch ((int) kind) {
            case BOOLEAN:
                return value != 0;
            case LONG:
                return value;
            case DOUBLE:
                return Double.longBitsToDouble(value);
            default:
                return null;
        }
    }
}
