package krait;

import java.lang.reflect.Array;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * {@code getValue(expr, Class)} for {@link ProcessInterpreter}: the value that crossed by
 * default ({@code Long}, {@code Double}, {@code List}…) converted to the requested class by
 * the rules of the in-process interpreter (range-checked narrowing, a {@code Double.class}
 * that takes an int, lists to arrays); impossible conversions throw a
 * {@link ConversionException} naming both types.
 */
final class ProcessCoercion {

    private ProcessCoercion() {
    }

    /** Converts a value that crossed by default to {@code cls}. */
    @SuppressWarnings("unchecked")
    static <T> T coerce(Object value, Class<T> cls) {
        Class<?> boxed = cls.isPrimitive() ? box(cls) : cls;
        if (value == null) {
            if (cls.isPrimitive()) {
                throw cannot(value, cls);
            }
            return null;
        }
        if (boxed.isInstance(value) && !(cls == ArrayList.class && !(value instanceof ArrayList))) {
            return (T) value;
        }
        Object converted = convert(value, boxed);
        if (converted == null) {
            throw cannot(value, cls);
        }
        return (T) converted;
    }

    private static Object convert(Object value, Class<?> cls) {
        if (value instanceof Long || value instanceof BigInteger) {
            Number number = (Number) value;
            BigInteger big = value instanceof BigInteger b ? b : BigInteger.valueOf(number.longValue());
            if (cls == Integer.class && big.bitLength() < 32) {
                return big.intValue();
            } else if (cls == Long.class && big.bitLength() < 64) {
                return big.longValue();
            } else if (cls == Short.class && big.bitLength() < 16) {
                return big.shortValue();
            } else if (cls == Byte.class && big.bitLength() < 8) {
                return big.byteValue();
            } else if (cls == BigInteger.class) {
                return big;
            } else if (cls == Double.class) {
                return big.doubleValue();
            } else if (cls == Float.class) {
                return big.floatValue();
            }
            return null;
        }
        if (value instanceof Double d) {
            return cls == Float.class ? (Object) d.floatValue() : null;
        }
        if (value instanceof String s) {
            return cls == Character.class && s.length() == 1 ? (Object) s.charAt(0) : null;
        }
        if (value instanceof ProcessPyObject object && cls == String.class) {
            return object.toString();
        }
        if (value instanceof List<?> list) {
            if (cls == ArrayList.class) {
                return new ArrayList<>(list);
            }
            if (cls.isArray()) {
                Object array = Array.newInstance(cls.getComponentType(), list.size());
                for (int i = 0; i < list.size(); i++) {
                    Array.set(array, i, coerce(list.get(i), cls.getComponentType()));
                }
                return array;
            }
            return null;
        }
        if (value instanceof java.util.Set<?> set && cls == HashSet.class) {
            return new HashSet<>(set);
        }
        if (value instanceof Map<?, ?> map && cls == HashMap.class) {
            return new HashMap<>(map);
        }
        return null;
    }

    private static Class<?> box(Class<?> primitive) {
        return Array.get(Array.newInstance(primitive, 1), 0).getClass();
    }

    private static ConversionException cannot(Object value, Class<?> cls) {
        String from = value == null ? "None" : value.getClass().getName();
        return new ConversionException("Cannot convert the Python value (as " + from + ") to " + cls.getName());
    }
}
