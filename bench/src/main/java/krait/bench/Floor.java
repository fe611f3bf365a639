package krait.bench;

/**
 * The floor: a bare JNI function (bench/floor/floor.c) that takes the GIL,
 * calls a Python function with no arguments and releases the GIL. It starts
 * its own CPython, so it runs in a JVM without krait or Jep.
 */
public final class Floor {
    private Floor() {}

    static {
        String lib = System.getProperty("krait.floor.lib");
        if (lib == null) {
            throw new IllegalStateException("set -Dkrait.floor.lib=/path/to/libkraitfloor.so");
        }
        System.load(lib);
    }

    /** Starts CPython, defines {@code def f(): pass} and releases the GIL (keeping this thread's state). */
    static native void init();

    /** PyEval_RestoreThread; PyObject_CallNoArgs(f); PyEval_SaveThread. */
    static native void call();
}
