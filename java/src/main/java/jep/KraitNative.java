package jep;

import java.util.Map;

/**
 * The native methods of libkrait, the only entry points into the Rust library.
 *
 * <p>Every method throws {@link JepException} on failure. A handle belongs to one
 * {@link Jep} instance, which only passes it on the thread that opened it and never after
 * closing it. See {@code docs/native-contract.md}.
 */
final class KraitNative {

    private KraitNative() {
    }

    /** Starts CPython once per process from {@code key=value} settings. */
    static native void startPython(String[] settings);

    /** Sends libkrait's log records at this level code (0 off … 5 trace) or more severe to {@link NativeLog}. */
    static native void setLogLevel(int level);

    /** Returns the running CPython version, such as {@code 3.12.1}. */
    static native String pythonVersion();

    /**
     * Opens a shared interpreter bound to the calling thread and returns its handle; Java
     * classes load through {@code loader}, and {@code enquirer} drives the Java import hook.
     */
    static native long openShared(String[] includePaths, ClassLoader loader, ClassEnquirer enquirer);

    /** Opens a sub-interpreter bound to the calling thread; null options mean legacy. */
    static native long openSub(String[] includePaths, int[] options, ClassLoader loader, ClassEnquirer enquirer);

    /**
     * What CPython would refuse in sub-interpreter options (as {@code openSub} takes them),
     * or null when they are fine or ignored (before CPython 3.12).
     */
    static native String subOptionsProblem(int[] options);

    /**
     * Closes the interpreter behind a handle and frees it; returns null, or (the handle freed
     * all the same) why its sub-interpreter was left running, detached.
     */
    static native String close(long handle);

    /** Executes Python source. */
    static native void exec(long handle, String code);

    /** Evaluates one line with interactive-console semantics. */
    static native boolean eval(long handle, String line);

    /** Runs a Python script file. */
    static native void runScript(long handle, String path);

    // Interpreter.invoke (jep.Invoker): a name is bound once to a slot of the interpreter;
    // calls name the slot and the binding's tag. A call returns its result as an object, or
    // returns null and leaves it in the result buffer at address {@code result}: a kind (0
    // None, 1 bool, 6 int, 8 float; -1 nothing was called, the slot was bound anew since) and
    // a value, as two native-order longs.

    /** Binds a (possibly dotted) name to a slot (0 to 255) and returns the binding's tag. */
    static native int bindName(long handle, int slot, String name);

    /** Calls the callable bound to the slot with arguments (null: none) and keyword arguments (null: none). */
    static native Object invoke(long handle, int slot, int tag, Object[] args, Map<String, Object> kwargs, long result);

    /** Calls the callable bound to the slot without arguments. */
    static native Object invoke0(long handle, int slot, int tag, long result);

    /**
     * Calls the callable bound to the slot with up to four primitives or nulls: {@code kinds}
     * holds their count in its low 4 bits, then 4 bits each (0 null, 1 boolean, 2 byte, 3
     * char, 4 short, 5 int, 6 long, 7 float, 8 double), the values are in {@code a0..a3}
     * (floating kinds as raw IEEE bits).
     */
    static native Object invokePrimitive(long handle, int slot, int tag, int kinds, long a0, long a1, long a2, long a3, long result);

    /** The address of a direct buffer of at least 16 bytes (a result buffer). */
    static native long bufferAddress(java.nio.ByteBuffer buffer);

    /** Binds a Java value to a global name. */
    static native void set(long handle, String name, Object value);

    /** Evaluates an expression and converts it to the target class, or Object when null. */
    static native Object getValue(long handle, String expr, Class<?> target);

    /** Imports a module into the main interpreter. */
    static native void sharedImport(String module);

    /**
     * Calls a Python object (or its attribute {@code name}, when not null) on behalf of a
     * proxy, converting the result to {@code returnType}; only on the interpreter's thread.
     */
    static native Object callPython(long interpreter, long object, String name, Object[] args, Class<?> returnType);

    /** Whether the Python object has the attribute (for default methods of proxies). */
    static native boolean hasAttribute(long interpreter, long object, String name);

    /** Hands a Python reference owned by a collected proxy back to its interpreter. */
    static native void releasePython(long interpreter, long object);

    /** Opens an interpreter on the calling thread over the same Python interpreter as {@code parent}. */
    static native long attach(long parent, boolean shareGlobals);

    /** CPython's ID of the Python interpreter behind a handle (0 for the main interpreter). */
    static native long interpreterId(long handle);

    /**
     * Throws if the interpreter cannot close now: closing would end a sub-interpreter in
     * which Python threads still run.
     */
    static native void checkClosable(long handle);

    /** Takes shared modules out of a sub-interpreter's sys.modules before it ends (see Jep.close). */
    static native void unshareModules(long handle);

    // Interrupts (krait.Interrupts, through jep.KraitInterrupts):

    /** The key naming an open interpreter to {@link #interrupt}, read on its own thread. */
    static native long interruptKey(long handle);

    /**
     * Schedules {@code KeyboardInterrupt} in the Python code the interpreter with that key runs,
     * from any thread, never waiting for a GIL: 0 sent, 1 nothing runs, 2 closed.
     */
    static native int interrupt(long key);

    /** Sends SIGINT to the process {@code pid} (a worker child); whether it was sent. */
    static native boolean interruptProcess(long pid);
}
