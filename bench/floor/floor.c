/*
 * The floor for issue 5's benchmarks: the least a JNI call into Python can
 * cost. krait.bench.Floor.call() takes the GIL, calls the Python function
 * `def f(): pass` with no arguments and releases the GIL -- nothing else.
 *
 * Built by scripts/bench.sh:
 *   gcc -O2 -shared -fPIC -I$JAVA_HOME/include -I$JAVA_HOME/include/linux \
 *       $(python3.12-config --includes) floor.c -L<libdir> -lpython3.12 \
 *       -Wl,-rpath,<libdir> -o libkraitfloor.so
 * It starts its own CPython, so it runs in a JVM without krait or Jep.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <jni.h>
#include <pthread.h>

static PyThreadState *saved;  /* the benchmark thread's state, GIL released */
static PyObject *f;           /* def f(): pass */
static pthread_t owner;

static void throw_state(JNIEnv *env, const char *message) {
    jclass cls = (*env)->FindClass(env, "java/lang/IllegalStateException");
    if (cls != NULL) {
        (*env)->ThrowNew(env, cls, message);
    }
}

JNIEXPORT void JNICALL Java_krait_bench_Floor_init(JNIEnv *env, jclass cls) {
    (void)cls;
    if (saved != NULL) {
        throw_state(env, "floor: already initialized");
        return;
    }
    PyConfig config;
    PyConfig_InitIsolatedConfig(&config);
    config.install_signal_handlers = 0;
    PyStatus status = Py_InitializeFromConfig(&config);
    PyConfig_Clear(&config);
    if (PyStatus_Exception(status)) {
        throw_state(env, status.err_msg ? status.err_msg : "floor: Py_InitializeFromConfig failed");
        return;
    }
    PyObject *globals = PyModule_GetDict(PyImport_AddModule("__main__"));
    PyObject *r = PyRun_String("def f():\n    pass\n", Py_file_input, globals, globals);
    Py_XDECREF(r);
    f = PyDict_GetItemString(globals, "f");
    if (r == NULL || f == NULL) {
        PyErr_Print();
        throw_state(env, "floor: could not define f");
        return;
    }
    Py_INCREF(f);
    owner = pthread_self();
    saved = PyEval_SaveThread();
}

JNIEXPORT void JNICALL Java_krait_bench_Floor_call(JNIEnv *env, jclass cls) {
    (void)cls;
    if (saved == NULL || !pthread_equal(owner, pthread_self())) {
        throw_state(env, "floor: call() from a thread other than init()'s");
        return;
    }
    PyEval_RestoreThread(saved);
    PyObject *r = PyObject_CallNoArgs(f);
    Py_XDECREF(r);
    saved = PyEval_SaveThread();
}
