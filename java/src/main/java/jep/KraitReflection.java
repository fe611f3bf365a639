package jep;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

/**
 * Reflection the native library asks for when it builds the Python type of a Java class:
 * the public members, the direct supertypes and the functional-interface method.
 */
final class KraitReflection {

    private KraitReflection() {
    }

    /**
     * Loads a class by name through the given loader (or this library's loader).
     *
     * @param name a binary class name such as {@code java.util.ArrayList}
     * @param loader the loader, or null
     * @return the class
     * @throws ClassNotFoundException if there is no such class
     */
    static Class<?> findClass(String name, ClassLoader loader) throws ClassNotFoundException {
        ClassLoader effective = loader != null ? loader : KraitReflection.class.getClassLoader();
        return Class.forName(name, true, effective);
    }

    /**
     * Describes a class for wrapping: public methods (bridge and synthetic ones left
     * out), public fields, public constructors (none for abstract classes and interfaces),
     * the direct supertypes (superclass first) and the name of the single abstract method
     * when the class is a functional interface or implements exactly one.
     *
     * @param cls the class
     * @return {@code {Method[], Field[], Constructor[], Class[], String}}
     */
    static Object[] describe(Class<?> cls) {
        List<Method> methods = new ArrayList<>();
        for (Method method : cls.getMethods()) {
            if (!method.isBridge() && !method.isSynthetic()) {
                methods.add(method);
            }
        }
        boolean instantiable = !cls.isInterface() && !Modifier.isAbstract(cls.getModifiers());
        Constructor<?>[] constructors = instantiable ? cls.getConstructors() : new Constructor<?>[0];
        List<Class<?>> supertypes = new ArrayList<>();
        if (cls.getSuperclass() != null) {
            supertypes.add(cls.getSuperclass());
        }
        for (Class<?> iface : cls.getInterfaces()) {
            supertypes.add(iface);
        }
        return new Object[] {
            methods.toArray(new Method[0]),
            cls.getFields(),
            constructors,
            supertypes.toArray(new Class<?>[0]),
            functionalMethod(cls),
        };
    }

    /**
     * The {@link PyMethod} flags of a method: bit 0 varargs, bit 1 kwargs; -1 without the
     * annotation.
     *
     * @param method the method
     * @return the flags
     */
    static int pyMethodFlags(Method method) {
        PyMethod flags = method.getAnnotation(PyMethod.class);
        if (flags == null) {
            return -1;
        }
        return (flags.varargs() ? 1 : 0) | (flags.kwargs() ? 2 : 0);
    }

    private static String functionalMethod(Class<?> cls) {
        if (cls.isInterface() && cls.isAnnotationPresent(FunctionalInterface.class)) {
            return singleAbstractMethod(cls);
        }
        String found = null;
        for (Class<?> iface : cls.getInterfaces()) {
            if (iface.isAnnotationPresent(FunctionalInterface.class)) {
                if (found != null) {
                    return null;
                }
                found = singleAbstractMethod(iface);
            }
        }
        return found;
    }

    private static String singleAbstractMethod(Class<?> iface) {
        for (Method method : iface.getMethods()) {
            if (Modifier.isAbstract(method.getModifiers()) && !isObjectMethod(method)) {
                return method.getName();
            }
        }
        return null;
    }

    private static boolean isObjectMethod(Method method) {
        try {
            Object.class.getMethod(method.getName(), method.getParameterTypes());
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }
}
