package krait;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

import org.jspecify.annotations.Nullable;

/**
 * The one way package {@code krait} reaches package-private static methods of package {@code
 * jep} (which keeps no public class beyond the Jep API): looked up once, called with the
 * callee's own exceptions rethrown as they are.
 */
final class JepInternals {

    private JepInternals() {
    }

    /**
     * Finds a package-private static method of package {@code jep}.
     *
     * @param className the class, such as {@code jep.LibraryLocator}
     * @param methodName the method
     * @param parameters its parameter types
     * @return the method, made accessible
     * @throws InternalException when krait's jar lacks it
     */
    static Method method(String className, String methodName, Class<?>... parameters) {
        try {
            Method method = Class.forName(className).getDeclaredMethod(methodName, parameters);
            method.setAccessible(true);
            return method;
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new InternalException("krait's jar is inconsistent: " + className + "." + methodName
                    + " cannot be reached (" + e + ")");
        }
    }

    /**
     * Calls a static method found by {@link #method}: what it throws unchecked comes out
     * unchanged; a checked exception (none is declared) becomes an {@link InternalException}.
     *
     * @param method the method
     * @param args its arguments
     * @return what it returned
     */
    static @Nullable Object call(Method method, @Nullable Object... args) {
        try {
            return method.invoke(null, args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new InternalException("krait's " + method.getDeclaringClass().getName() + "." + method.getName()
                    + " failed: " + cause);
        } catch (IllegalAccessException e) {
            throw new InternalException("krait cannot call " + method + ": " + e);
        }
    }

    /**
     * Finds and calls a package-private static method of package {@code jep} without arguments.
     *
     * @param className the class
     * @param methodName the method
     * @return what it returned
     */
    static @Nullable Object call(String className, String methodName) {
        return call(method(className, methodName));
    }
}
