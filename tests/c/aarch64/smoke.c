/* aarch64 smoke test of a cross-built libkrait, run under qemu-user by
 * tests/c/aarch64/run.sh: loads the library (with a stand-in libpython, so no
 * Python code can run), resolves its entry points and runs the ones that need
 * no CPython: the thread-local last error and traceback, and a value round trip
 * (Rust allocation, panic guards). Prints "ok" and exits 0 on success. */
#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

typedef const char *(*text_fn)(void);
typedef void *(*int_fn)(int64_t);
typedef int64_t (*as_int_fn)(const void *);
typedef void (*free_fn)(void *);

static void *symbol(void *lib, const char *name) {
    void *found = dlsym(lib, name);
    if (found == NULL) {
        fprintf(stderr, "missing symbol %s: %s\n", name, dlerror());
    }
    return found;
}

int main(int argc, char **argv) {
    void *lib, *value;
    text_fn last_error, last_traceback;
    int_fn value_int;
    as_int_fn as_int;
    free_fn value_free;
    if (argc != 2) {
        fprintf(stderr, "usage: smoke LIBKRAIT\n");
        return 2;
    }
    lib = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
    if (lib == NULL) {
        fprintf(stderr, "dlopen failed: %s\n", dlerror());
        return 1;
    }
    *(void **)&last_error = symbol(lib, "krait_last_error");
    *(void **)&last_traceback = symbol(lib, "krait_last_error_traceback");
    *(void **)&value_int = symbol(lib, "krait_value_int");
    *(void **)&as_int = symbol(lib, "krait_value_as_int");
    *(void **)&value_free = symbol(lib, "krait_value_free");
    if (!last_error || !last_traceback || !value_int || !as_int || !value_free) {
        return 1;
    }
    if (strcmp(last_error(), "") != 0 || strcmp(last_traceback(), "") != 0) {
        fprintf(stderr, "the last error of a fresh thread is not empty\n");
        return 1;
    }
    value = value_int(INT64_C(1) << 40);
    if (value == NULL || as_int(value) != (INT64_C(1) << 40)) {
        fprintf(stderr, "value round trip failed\n");
        return 1;
    }
    value_free(value);
    printf("ok\n");
    return 0;
}
