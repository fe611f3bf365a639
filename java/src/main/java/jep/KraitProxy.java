package jep;

import java.lang.ref.Cleaner;
import java.lang.reflect.Array;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import krait.WrongThreadException;

/**
 * A Java interface implemented by a Python object: a functional interface by a Python
 * callable, or any interface by an object whose attributes are the methods. The Python
 * object stays alive while the proxy does; when Java collects the proxy, the reference
 * is handed back to its interpreter, which releases it on its own thread.
 */
final class KraitProxy implements InvocationHandler {

    private static final Cleaner CLEANER = Cleaner.create();

    private final long interpreter;
    private final long object;
    private final boolean callable;
    private final Thread owner = Thread.currentThread();

    private KraitProxy(long interpreter, long object, boolean callable) {
        this.interpreter = interpreter;
        this.object = object;
        this.callable = callable;
    }

    /**
     * Makes a proxy of {@code iface} over a Python object (the native side passes a new
     * strong reference, owned by the proxy from now on).
     *
     * @param interfaces the interfaces to implement
     * @param interpreter CPython's ID of the object's interpreter
     * @param object the {@code PyObject*}
     * @param callable true to call the object itself for the single abstract method
     * @return the proxy, or null when an interface is not one (or, for a callable, not a
     *     functional interface); the reference is then still the caller's
     */
    static Object create(Class<?>[] interfaces, long interpreter, long object, boolean callable) {
        for (Class<?> iface : interfaces) {
            if (!iface.isInterface() || (callable && singleAbstractMethod(iface) == null)) {
                return null;
            }
        }
        KraitProxy handler = new KraitProxy(interpreter, object, callable);
        ClassLoader loader = interfaces[0].getClassLoader() != null ? interfaces[0].getClassLoader()
                : KraitProxy.class.getClassLoader();
        Object proxy = Proxy.newProxyInstance(loader, interfaces, handler);
        CLEANER.register(proxy, () -> KraitNative.releasePython(interpreter, object));
        return proxy;
    }

    /**
     * The Python object behind a proxy of this kind made in the given interpreter.
     *
     * @param candidate any object
     * @param interpreter CPython's interpreter ID
     * @return the {@code PyObject*}, or 0 when {@code candidate} is not such a proxy
     */
    static long pythonObject(Object candidate, long interpreter) {
        if (candidate != null && Proxy.isProxyClass(candidate.getClass())
                && Proxy.getInvocationHandler(candidate) instanceof KraitProxy handler
                && handler.interpreter == interpreter) {
            return handler.object;
        }
        return 0;
    }

    /**
     * The arguments of a varargs method with the trailing array spread out, as Jep passes
     * them: {@code f(String... names)} reaches Python as {@code f(*names)}.
     */
    static Object[] spreadVarArgs(Object[] args) {
        if (args.length == 0 || args[args.length - 1] == null) {
            return args;
        }
        Object varargs = args[args.length - 1];
        int extra = Array.getLength(varargs);
        Object[] spread = Arrays.copyOf(args, args.length - 1 + extra);
        for (int i = 0; i < extra; i++) {
            spread[args.length - 1 + i] = Array.get(varargs, i);
        }
        return spread;
    }

    private static Method singleAbstractMethod(Class<?> iface) {
        Method found = null;
        for (Method method : iface.getMethods()) {
            if (Modifier.isAbstract(method.getModifiers()) && !isObjectMethod(method)) {
                if (found != null) {
                    return null;
                }
                found = method;
            }
        }
        return found;
    }

    private static boolean isObjectMethod(Method method) {
        try {
            Object.class.getMethod(method.getName(), method.getParameterTypes());
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            switch (method.getName()) {
                case "equals":
                    return proxy == args[0];
                case "hashCode":
                    return System.identityHashCode(proxy);
                default:
                    return KraitNative.callPython(interpreter, object, "__str__", new Object[0], String.class)
                            .toString();
            }
        }
        if (Thread.currentThread() != owner) {
            throw new WrongThreadException("Invalid thread access: this Java proxy of a Python object was made on thread '"
                    + owner.getName() + "' and can only be used there");
        }
        if (method.isDefault() && (callable || !KraitNative.hasAttribute(interpreter, object, method.getName()))) {
            return InvocationHandler.invokeDefault(proxy, method, args);
        }
        Object[] arguments = args == null ? new Object[0] : args;
        if (method.isVarArgs()) {
            arguments = spreadVarArgs(arguments);
        }
        String name = callable ? null : method.getName();
        return KraitNative.callPython(interpreter, object, name, arguments, method.getReturnType());
    }
}
