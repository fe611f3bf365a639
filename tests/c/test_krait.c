/* The C-host test of libkrait: every krait_* function through include/krait.h
 * (the interrupts in test_interrupt.c). Prints one line per check and ends with
 * "N passed, M failed" (exit 1 if M > 0).
 * Build and run: bash tests/c/run.sh [libkrait dir] */

#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "checks.h"
#include "krait.h"

static int passed;
static int failed;

void check(bool ok, const char *format, ...) {
    va_list args;
    va_start(args, format);
    printf("%s ", ok ? "ok  " : "FAIL");
    vprintf(format, args);
    va_end(args);
    if (ok) {
        printf("\n");
        passed++;
    } else {
        printf("  (last error: \"%s\")\n", krait_last_error());
        failed++;
    }
    fflush(stdout);
}

static bool starts_with(const char *text, const char *prefix) {
    return text != NULL && strncmp(text, prefix, strlen(prefix)) == 0;
}

static bool is_str(const KraitValue *value, const char *expected, size_t expected_len) {
    size_t len = 99;
    const char *text = krait_value_as_str(value, &len);
    return krait_value_tag(value) == KRAIT_TAG_STR && text != NULL && len == expected_len &&
           memcmp(text, expected, len) == 0 && text[len] == '\0' && krait_value_len(value) == len;
}

static bool is_int(const KraitValue *value, int64_t expected) {
    return krait_value_tag(value) == KRAIT_TAG_INT && krait_value_as_int(value) == expected;
}

static KraitValue *str_value(const char *text) { return krait_value_str(text, strlen(text)); }

/* Evaluates `expr`, checks the status, and returns the value (or NULL). */
static KraitValue *eval(const KraitInterpreter *interp, const char *expr, KraitStatus expected) {
    KraitValue *out = (KraitValue *)(uintptr_t)1; /* must be reset to NULL on failure */
    KraitStatus status = krait_eval(interp, expr, &out);
    check(status == expected && (status == KRAIT_STATUS_OK) == (out != NULL),
          "eval %s -> status %d (expected %d)", expr, (int)status, (int)expected);
    return status == KRAIT_STATUS_OK ? out : NULL;
}

/* Evaluates a Python expression that should be True. */
static void check_true(const KraitInterpreter *interp, const char *expr) {
    KraitValue *out = NULL;
    KraitStatus status = krait_eval(interp, expr, &out);
    check(status == KRAIT_STATUS_OK && krait_value_tag(out) == KRAIT_TAG_BOOL && krait_value_as_bool(out),
          "python: %s", expr);
    krait_value_free(out);
}

static void test_eval(const KraitInterpreter *interp) {
    KraitValue *v = eval(interp, "1+2", KRAIT_STATUS_OK);
    check(is_int(v, 3), "1+2 is INT 3");
    krait_value_free(v);

    v = eval(interp, "'h\xc3\xa9llo'", KRAIT_STATUS_OK);
    check(is_str(v, "h\xc3\xa9llo", 6), "'h\xc3\xa9llo' is STR of 6 UTF-8 bytes");
    krait_value_free(v);

    v = eval(interp, "'a\\x00b'", KRAIT_STATUS_OK);
    check(is_str(v, "a\0b", 3), "a str with a NUL character keeps its length");
    krait_value_free(v);

    v = eval(interp, "b'\\x00\\xff'", KRAIT_STATUS_OK);
    size_t len = 0;
    const uint8_t *bytes = krait_value_as_bytes(v, &len);
    check(krait_value_tag(v) == KRAIT_TAG_BYTES && len == 2 && bytes[0] == 0x00 && bytes[1] == 0xff,
          "b'\\x00\\xff' is BYTES of length 2");
    krait_value_free(v);

    v = eval(interp, "bytearray(b'ab')", KRAIT_STATUS_OK);
    check(krait_value_tag(v) == KRAIT_TAG_BYTES && krait_value_len(v) == 2, "bytearray is BYTES");
    krait_value_free(v);

    v = eval(interp, "[1, 2.5, None, True]", KRAIT_STATUS_OK);
    check(krait_value_tag(v) == KRAIT_TAG_LIST && krait_value_len(v) == 4 && is_int(krait_list_get(v, 0), 1) &&
              krait_value_tag(krait_list_get(v, 1)) == KRAIT_TAG_FLOAT &&
              krait_value_as_float(krait_list_get(v, 1)) == 2.5 &&
              krait_value_tag(krait_list_get(v, 2)) == KRAIT_TAG_NONE &&
              krait_value_tag(krait_list_get(v, 3)) == KRAIT_TAG_BOOL && krait_value_as_bool(krait_list_get(v, 3)) &&
              krait_list_get(v, 4) == NULL,
          "[1, 2.5, None, True] is a LIST of INT, FLOAT, NONE, BOOL");
    krait_value_free(v);

    v = eval(interp, "(7, 'x')", KRAIT_STATUS_OK);
    check(krait_value_tag(v) == KRAIT_TAG_LIST && krait_value_len(v) == 2 && is_int(krait_list_get(v, 0), 7),
          "a tuple is a LIST");
    krait_value_free(v);

    v = eval(interp, "{'a': [1]}", KRAIT_STATUS_OK);
    const KraitValue *inner = krait_dict_value(v, 0);
    check(krait_value_tag(v) == KRAIT_TAG_DICT && krait_value_len(v) == 1 && is_str(krait_dict_key(v, 0), "a", 1) &&
              krait_value_tag(inner) == KRAIT_TAG_LIST && krait_value_len(inner) == 1 &&
              is_int(krait_list_get(inner, 0), 1) && krait_dict_key(v, 1) == NULL,
          "{'a': [1]} is a DICT of STR to LIST");
    krait_value_free(v);

    v = eval(interp, "{(1, 2): 'pair', 3: None}", KRAIT_STATUS_OK);
    check(krait_value_tag(krait_dict_key(v, 0)) == KRAIT_TAG_LIST && is_int(krait_dict_key(v, 1), 3),
          "dict keys of any convertible type, in insertion order");
    krait_value_free(v);

    v = eval(interp, "-2**63", KRAIT_STATUS_OK);
    check(is_int(v, INT64_MIN), "-2**63 is INT64_MIN");
    krait_value_free(v);
}

static void test_conversion_errors(const KraitInterpreter *interp) {
    eval(interp, "object()", KRAIT_STATUS_CONVERSION_ERROR);
    check(strcmp(krait_last_error(), "cannot convert Python object of type 'object' to a krait value") == 0,
          "object() names its type");
    eval(interp, "2**70", KRAIT_STATUS_CONVERSION_ERROR);
    check(strstr(krait_last_error(), "1180591620717411303424") != NULL, "2**70 names the value");
    eval(interp, "2**63", KRAIT_STATUS_CONVERSION_ERROR);
    eval(interp, "'\\ud800'", KRAIT_STATUS_CONVERSION_ERROR);
    check(strstr(krait_last_error(), "surrogate") != NULL, "a lone surrogate cannot become UTF-8");
    eval(interp, "[1, {'x': object()}]", KRAIT_STATUS_CONVERSION_ERROR);
    check(krait_exec(interp, "loop = []\nloop.append(loop)") == KRAIT_STATUS_OK, "exec builds a list containing itself");
    eval(interp, "loop", KRAIT_STATUS_CONVERSION_ERROR);
    check(strstr(krait_last_error(), "nested deeper") != NULL, "a self-containing list is refused");
}

static void test_python_errors(const KraitInterpreter *interp) {
    check(krait_exec(interp, "raise ValueError('bad')") == KRAIT_STATUS_PYTHON_ERROR &&
              starts_with(krait_last_error(), "<class 'ValueError'>: "),
          "ValueError -> PYTHON_ERROR with \"<class 'ValueError'>: ...\"");
    check(strcmp(krait_last_error(), "<class 'ValueError'>: bad") == 0, "last error is the exception message");
    check(krait_exec(interp, "def inner():\n    raise KeyError('k')\ndef outer():\n    inner()\nouter()") ==
                  KRAIT_STATUS_PYTHON_ERROR &&
              strcmp(krait_last_error_traceback(),
                     "Traceback (most recent call last):\n"
                     "  File \"<string>\", line 5, in <module>\n"
                     "  File \"<string>\", line 4, in outer\n"
                     "  File \"<string>\", line 2, in inner\n"
                     "KeyError: 'k'\n") == 0,
          "the traceback text lists the frames outermost first, then the exception");
    if (strstr(krait_last_error_traceback(), "KeyError") == NULL) {
        printf("  (traceback: \"%s\")\n", krait_last_error_traceback());
    }
    check(krait_exec(interp, "y = 2") == KRAIT_STATUS_OK && strcmp(krait_last_error_traceback(), "") == 0,
          "a successful call clears the traceback");
    check(krait_exec(interp, "y = 1") == KRAIT_STATUS_OK && strcmp(krait_last_error(), "") == 0,
          "a successful call clears the last error");
    check(krait_exec(interp, "x = = 1") == KRAIT_STATUS_PYTHON_ERROR &&
              starts_with(krait_last_error(), "<class 'SyntaxError'>: "),
          "SyntaxError -> PYTHON_ERROR");
    eval(interp, "undefined_name", KRAIT_STATUS_PYTHON_ERROR);
    check(strcmp(krait_last_error(), "<class 'NameError'>: name 'undefined_name' is not defined") == 0,
          "NameError message");
    eval(interp, "1/0", KRAIT_STATUS_PYTHON_ERROR);
    check(starts_with(krait_last_error(), "<class 'ZeroDivisionError'>: "), "ZeroDivisionError from eval");
}

/* Sets `name` to `value` (freed here), checks it in Python, and reads it back. */
static KraitValue *round_trip(const KraitInterpreter *interp, const char *name, KraitValue *value, const char *python_check) {
    check(krait_set(interp, name, value) == KRAIT_STATUS_OK, "set %s", name);
    krait_value_free(value);
    check_true(interp, python_check);
    KraitValue *back = NULL;
    check(krait_get(interp, name, &back) == KRAIT_STATUS_OK && back != NULL, "get %s", name);
    return back;
}

static void test_set_get(const KraitInterpreter *interp) {
    KraitValue *v = round_trip(interp, "v_none", krait_value_none(), "v_none is None");
    check(v != NULL && krait_value_tag(v) == KRAIT_TAG_NONE, "NONE round trip");
    krait_value_free(v);

    v = round_trip(interp, "v_bool", krait_value_bool(true), "v_bool is True");
    check(krait_value_tag(v) == KRAIT_TAG_BOOL && krait_value_as_bool(v), "BOOL round trip");
    krait_value_free(v);

    v = round_trip(interp, "v_int", krait_value_int(INT64_MIN), "type(v_int) is int and v_int == -2**63");
    check(is_int(v, INT64_MIN), "INT round trip");
    krait_value_free(v);

    v = round_trip(interp, "v_float", krait_value_float(-0.125), "type(v_float) is float and v_float == -0.125");
    check(krait_value_tag(v) == KRAIT_TAG_FLOAT && krait_value_as_float(v) == -0.125, "FLOAT round trip");
    krait_value_free(v);

    v = round_trip(interp, "v_str", krait_value_str("h\xc3\xa9\0!", 5), "v_str == 'h\\u00e9\\x00!'");
    check(is_str(v, "h\xc3\xa9\0!", 5), "STR round trip (non-ASCII, NUL inside)");
    krait_value_free(v);

    v = round_trip(interp, "v_empty", krait_value_str(NULL, 0), "v_empty == ''");
    check(is_str(v, "", 0), "empty STR round trip");
    krait_value_free(v);

    const uint8_t raw[] = {0, 1, 255, 0};
    v = round_trip(interp, "v_bytes", krait_value_bytes(raw, sizeof raw), "v_bytes == b'\\x00\\x01\\xff\\x00'");
    size_t len = 0;
    const uint8_t *data = krait_value_as_bytes(v, &len);
    check(krait_value_tag(v) == KRAIT_TAG_BYTES && len == 4 && memcmp(data, raw, 4) == 0, "BYTES round trip");
    krait_value_free(v);

    v = round_trip(interp, "v_nobytes", krait_value_bytes(NULL, 0), "v_nobytes == b''");
    check(krait_value_tag(v) == KRAIT_TAG_BYTES && krait_value_as_bytes(v, &len) != NULL && len == 0,
          "empty BYTES round trip (non-NULL pointer)");
    krait_value_free(v);

    KraitValue *list = krait_value_list();
    KraitValue *nested = krait_value_list();
    check(krait_list_push(nested, krait_value_int(2)) == KRAIT_STATUS_OK, "push into nested list");
    check(krait_list_push(list, krait_value_int(1)) == KRAIT_STATUS_OK &&
              krait_list_push(list, nested) == KRAIT_STATUS_OK && krait_list_push(list, str_value("z")) == KRAIT_STATUS_OK,
          "push into list");
    v = round_trip(interp, "v_list", list, "v_list == [1, [2], 'z']");
    check(krait_value_len(v) == 3 && is_int(krait_list_get(v, 0), 1) &&
              is_int(krait_list_get(krait_list_get(v, 1), 0), 2) && is_str(krait_list_get(v, 2), "z", 1),
          "nested LIST round trip");
    krait_value_free(v);

    KraitValue *dict = krait_value_dict();
    KraitValue *items = krait_value_list();
    KraitValue *inner = krait_value_dict();
    KraitValue *pair = krait_value_list();
    krait_list_push(pair, krait_value_int(1));
    krait_list_push(pair, krait_value_int(2));
    check(krait_dict_insert(inner, str_value("n"), krait_value_none()) == KRAIT_STATUS_OK &&
              krait_list_push(items, krait_value_float(1.5)) == KRAIT_STATUS_OK &&
              krait_list_push(items, inner) == KRAIT_STATUS_OK &&
              krait_dict_insert(dict, str_value("k"), items) == KRAIT_STATUS_OK &&
              krait_dict_insert(dict, krait_value_int(2), krait_value_bytes((const uint8_t *)"zz", 2)) == KRAIT_STATUS_OK &&
              krait_dict_insert(dict, pair, krait_value_bool(false)) == KRAIT_STATUS_OK,
          "insert into dicts");
    v = round_trip(interp, "v_dict", dict, "v_dict == {'k': [1.5, {'n': None}], 2: b'zz', (1, 2): False}");
    const KraitValue *k_items = krait_dict_value(v, 0);
    check(krait_value_tag(v) == KRAIT_TAG_DICT && krait_value_len(v) == 3 && is_str(krait_dict_key(v, 0), "k", 1) &&
              krait_value_tag(k_items) == KRAIT_TAG_LIST &&
              krait_value_tag(krait_list_get(k_items, 1)) == KRAIT_TAG_DICT &&
              krait_value_tag(krait_dict_value(krait_list_get(k_items, 1), 0)) == KRAIT_TAG_NONE &&
              is_int(krait_dict_key(v, 1), 2) && krait_value_tag(krait_dict_key(v, 2)) == KRAIT_TAG_LIST,
          "nested DICT round trip (a LIST key becomes a tuple in Python)");
    krait_value_free(v);

    KraitValue *text = NULL;
    check(krait_get(interp, "__name__", &text) == KRAIT_STATUS_OK && is_str(text, "__main__", 8), "get __name__");
    krait_value_free(text);
}

static void test_calls(const KraitInterpreter *interp) {
    check(krait_exec(interp, "def add(a, b):\n    return a + b\n\nimport math") == KRAIT_STATUS_OK,
          "exec def add + import math");
    KraitValue *args[2] = {krait_value_int(2), krait_value_int(40)};
    KraitValue *out = NULL;
    check(krait_call(interp, "add", (const KraitValue *const *)args, 2, &out) == KRAIT_STATUS_OK && is_int(out, 42),
          "call add(2, 40) -> 42");
    krait_value_free(out);
    check(is_int(args[0], 2), "call leaves the arguments to the caller");
    krait_value_free(args[0]);
    krait_value_free(args[1]);

    KraitValue *words[2] = {str_value("ab"), str_value("cd")};
    check(krait_call(interp, "add", (const KraitValue *const *)words, 2, &out) == KRAIT_STATUS_OK &&
              is_str(out, "abcd", 4),
          "call add('ab', 'cd') -> 'abcd'");
    krait_value_free(out);
    check(krait_call(interp, "add", (const KraitValue *const *)words, 2, NULL) == KRAIT_STATUS_OK,
          "call with out NULL discards the result");
    krait_value_free(words[0]);
    krait_value_free(words[1]);

    KraitValue *sides[2] = {krait_value_float(3.0), krait_value_int(4)};
    check(krait_call(interp, "math.hypot", (const KraitValue *const *)sides, 2, &out) == KRAIT_STATUS_OK &&
              krait_value_tag(out) == KRAIT_TAG_FLOAT && krait_value_as_float(out) == 5.0,
          "dotted call math.hypot(3.0, 4) -> 5.0");
    krait_value_free(out);
    check(krait_call(interp, "add", (const KraitValue *const *)sides, 1, &out) == KRAIT_STATUS_PYTHON_ERROR &&
              starts_with(krait_last_error(), "<class 'TypeError'>: ") && out == NULL,
          "call with a missing argument -> TypeError");
    krait_value_free(sides[0]);
    krait_value_free(sides[1]);

    check(krait_call(interp, "dict", NULL, 0, &out) == KRAIT_STATUS_OK && krait_value_tag(out) == KRAIT_TAG_DICT &&
              krait_value_len(out) == 0,
          "call a builtin without arguments (args NULL)");
    krait_value_free(out);
    check(krait_call(interp, "math.nope", NULL, 0, &out) == KRAIT_STATUS_PYTHON_ERROR &&
              starts_with(krait_last_error(), "<class 'AttributeError'>: "),
          "call of a missing attribute -> AttributeError");
    check(krait_call(interp, "object", NULL, 0, &out) == KRAIT_STATUS_CONVERSION_ERROR && out == NULL,
          "call with an unconvertible result -> CONVERSION_ERROR");

    KraitValue *pi = NULL;
    check(krait_get(interp, "math.pi", &pi) == KRAIT_STATUS_OK && fabs(krait_value_as_float(pi) - 3.14159265) < 1e-6,
          "dotted get math.pi");
    krait_value_free(pi);
}

static void test_usage_errors(const KraitInterpreter *interp) {
    KraitValue *out = NULL;
    check(krait_exec(NULL, "1") == KRAIT_STATUS_USAGE_ERROR && strstr(krait_last_error(), "interp") != NULL,
          "NULL interpreter -> USAGE_ERROR naming it");
    check(krait_exec(interp, NULL) == KRAIT_STATUS_USAGE_ERROR && strstr(krait_last_error(), "code") != NULL,
          "NULL code -> USAGE_ERROR naming it");
    check(krait_eval(interp, "1", NULL) == KRAIT_STATUS_USAGE_ERROR, "NULL out -> USAGE_ERROR");
    check(krait_get(interp, NULL, &out) == KRAIT_STATUS_USAGE_ERROR, "NULL name -> USAGE_ERROR");
    check(krait_set(interp, "x", NULL) == KRAIT_STATUS_USAGE_ERROR, "NULL value -> USAGE_ERROR");
    check(krait_exec(interp, "\xff = 1") == KRAIT_STATUS_USAGE_ERROR && strstr(krait_last_error(), "UTF-8") != NULL,
          "code that is not UTF-8 -> USAGE_ERROR");
    check(krait_call(interp, "add", NULL, 1, &out) == KRAIT_STATUS_USAGE_ERROR, "call with args NULL, nargs 1");
    const KraitValue *holes[1] = {NULL};
    check(krait_call(interp, "add", holes, 1, &out) == KRAIT_STATUS_USAGE_ERROR &&
              strstr(krait_last_error(), "args[0]") != NULL,
          "call with a NULL argument -> USAGE_ERROR naming it");
    check(krait_open_shared(NULL) == KRAIT_STATUS_USAGE_ERROR, "open_shared(NULL)");
    check(krait_close(NULL) == KRAIT_STATUS_USAGE_ERROR, "close(NULL)");
    check(krait_initialize(NULL) == KRAIT_STATUS_OK, "initialize again is OK");

    check(krait_value_str("\xff", 1) == NULL && strstr(krait_last_error(), "UTF-8") != NULL,
          "krait_value_str refuses invalid UTF-8");
    check(krait_value_str(NULL, 2) == NULL, "krait_value_str(NULL, 2) -> NULL");
    check(krait_value_bytes(NULL, 2) == NULL, "krait_value_bytes(NULL, 2) -> NULL");

    KraitValue *list = krait_value_list();
    KraitValue *child = krait_value_list();
    KraitValue *number = krait_value_int(5);
    check(krait_list_push(list, list) == KRAIT_STATUS_USAGE_ERROR, "a list cannot contain itself");
    check(krait_list_push(list, child) == KRAIT_STATUS_OK, "push child");
    check(krait_list_push(child, list) == KRAIT_STATUS_USAGE_ERROR, "no cycles through a child");
    KraitValue *refused = krait_value_none();
    check(krait_list_push(number, refused) == KRAIT_STATUS_USAGE_ERROR && strstr(krait_last_error(), "INT") != NULL,
          "push into an INT -> USAGE_ERROR, the item stays the caller's");
    krait_value_free(refused);
    check(krait_list_push(list, NULL) == KRAIT_STATUS_USAGE_ERROR, "push NULL");
    KraitValue *dict = krait_value_dict();
    check(krait_dict_insert(dict, number, number) == KRAIT_STATUS_USAGE_ERROR, "insert the same value as key and value");
    check(krait_dict_insert(dict, dict, number) == KRAIT_STATUS_USAGE_ERROR, "a dict cannot contain itself");
    check(krait_dict_insert(list, number, number) == KRAIT_STATUS_USAGE_ERROR, "insert into a LIST");

    check(krait_value_as_int(list) == 0 && krait_value_as_float(list) == 0.0 && !krait_value_as_bool(list),
          "scalar accessors on a LIST give 0");
    size_t len = 7;
    check(krait_value_as_str(number, &len) == NULL && len == 0 && krait_value_as_bytes(number, NULL) == NULL,
          "text accessors on an INT give NULL and length 0");
    check(krait_value_len(number) == 0 && krait_list_get(number, 0) == NULL && krait_dict_key(list, 0) == NULL &&
              krait_dict_value(dict, 0) == NULL,
          "container accessors on the wrong tag give 0 / NULL");
    check(krait_value_tag(NULL) == KRAIT_TAG_NONE && krait_value_len(NULL) == 0 && krait_list_get(NULL, 0) == NULL,
          "accessors accept NULL");
    krait_value_free(NULL);
    krait_value_free(list);
    krait_value_free(dict);
    krait_value_free(number);
    check(true, "free of NULL, nested values and refused items");
}

/* ---- threads ---- */

struct wrong_thread {
    KraitInterpreter *interp;
    KraitStatus exec_status, close_status, eval_status, key_status;
    bool exec_text, close_text;
    uint64_t key;
};

static void *use_from_other_thread(void *arg) {
    struct wrong_thread *t = arg;
    KraitValue *out = NULL;
    t->exec_status = krait_exec(t->interp, "x = 1");
    t->exec_text = strcmp(krait_last_error(), "Invalid thread access.") == 0;
    t->eval_status = krait_eval(t->interp, "1", &out);
    t->key = 7;
    t->key_status = krait_interrupt_key(t->interp, &t->key);
    t->close_status = krait_close(t->interp);
    t->close_text = strcmp(krait_last_error(), "Invalid thread access.") == 0;
    return NULL;
}

static void test_wrong_thread(KraitInterpreter *interp) {
    struct wrong_thread t = {.interp = interp};
    pthread_t thread;
    check(pthread_create(&thread, NULL, use_from_other_thread, &t) == 0 && pthread_join(thread, NULL) == 0,
          "run a pthread");
    check(t.exec_status == KRAIT_STATUS_INVALID_THREAD && t.exec_text,
          "exec from another thread -> INVALID_THREAD, \"Invalid thread access.\"");
    check(t.eval_status == KRAIT_STATUS_INVALID_THREAD, "eval from another thread -> INVALID_THREAD");
    check(t.key_status == KRAIT_STATUS_INVALID_THREAD && t.key == 0,
          "krait_interrupt_key from another thread -> INVALID_THREAD, key 0");
    check(t.close_status == KRAIT_STATUS_INVALID_THREAD && t.close_text, "close from another thread -> INVALID_THREAD");
    KraitValue *v = eval(interp, "1+2", KRAIT_STATUS_OK);
    check(is_int(v, 3), "the interpreter still works on its own thread");
    krait_value_free(v);
}

struct isolated_run {
    bool opened, ran, separate, closed;
    char error[256];
};

static void *run_isolated(void *arg) {
    struct isolated_run *r = arg;
    KraitInterpreter *sub = NULL;
    r->opened = krait_open_sub(true, &sub) == KRAIT_STATUS_OK && sub != NULL;
    if (!r->opened) {
        snprintf(r->error, sizeof r->error, "%s", krait_last_error());
        return NULL;
    }
    KraitValue *out = NULL;
    r->ran = krait_exec(sub, "import math\nresult = sum(i * i for i in range(10))") == KRAIT_STATUS_OK &&
             krait_get(sub, "result", &out) == KRAIT_STATUS_OK && krait_value_as_int(out) == 285;
    krait_value_free(out);
    out = NULL;
    r->separate = krait_eval(sub, "hasattr(__import__('sys'), 'krait_marker')", &out) == KRAIT_STATUS_OK &&
                  krait_value_tag(out) == KRAIT_TAG_BOOL && !krait_value_as_bool(out);
    krait_value_free(out);
    r->closed = krait_close(sub) == KRAIT_STATUS_OK;
    if (!r->closed) snprintf(r->error, sizeof r->error, "%s", krait_last_error());
    return NULL;
}

/* The log records received by on_log (their levels, targets and messages, one per line). */
static char log_lines[16384];
static int log_records;
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;

static void on_log(KraitLogLevel level, const char *target, const char *message, void *user_data) {
    pthread_mutex_lock(&log_lock);
    size_t used = strlen(log_lines);
    snprintf(log_lines + used, sizeof log_lines - used, "%d %s %s [%s]\n", (int)level, target, message,
             (const char *)user_data);
    log_records++;
    pthread_mutex_unlock(&log_lock);
}

static bool logged(const char *text) {
    pthread_mutex_lock(&log_lock);
    bool found = strstr(log_lines, text) != NULL;
    pthread_mutex_unlock(&log_lock);
    return found;
}

int main(void) {
    KraitInterpreter *interp = NULL;
    check(strcmp(krait_last_error(), "") == 0, "no last error at start");
    check(krait_set_log_callback(on_log, (void *)"host", 9) == KRAIT_STATUS_USAGE_ERROR,
          "a log level outside 0..5 -> USAGE_ERROR");
    check(krait_set_log_callback(on_log, (void *)"host", KRAIT_LOG_LEVEL_DEBUG) == KRAIT_STATUS_OK,
          "set a log callback at debug level");
    check(krait_open_shared(&interp) == KRAIT_STATUS_USAGE_ERROR && interp == NULL &&
              strstr(krait_last_error(), "krait_initialize") != NULL,
          "open before krait_initialize -> USAGE_ERROR");
    check(krait_initialize(NULL) == KRAIT_STATUS_OK, "krait_initialize(NULL)");
    check(krait_initialize(NULL) == KRAIT_STATUS_OK, "krait_initialize twice is OK");
    check(krait_open_shared(&interp) == KRAIT_STATUS_OK && interp != NULL, "open shared");
    check(logged(" started [host]") && logged("4 krait::core::interpreter opened a shared interpreter"),
          "the log callback got the start and the open, with its user data");
    if (interp == NULL) {
        printf("%d passed, %d failed\n", passed, failed + 1);
        return 1;
    }
    check(krait_exec(interp, "x = 40\nx += 2") == KRAIT_STATUS_OK, "exec");
    KraitValue *v = eval(interp, "x", KRAIT_STATUS_OK);
    check(is_int(v, 42), "exec and eval share globals");
    krait_value_free(v);

    test_eval(interp);
    test_conversion_errors(interp);
    test_python_errors(interp);
    test_set_get(interp);
    test_calls(interp);
    test_usage_errors(interp);
    test_wrong_thread(interp);

    KraitInterpreter *second = (KraitInterpreter *)(uintptr_t)1;
    check(krait_open_shared(&second) == KRAIT_STATUS_USAGE_ERROR && second == NULL,
          "a second interpreter on the same thread -> USAGE_ERROR");
    check(krait_open_sub(false, &second) == KRAIT_STATUS_USAGE_ERROR, "a sub while one is open -> USAGE_ERROR");

    v = eval(interp, "__import__('sys').version_info[1]", KRAIT_STATUS_OK);
    int64_t minor = krait_value_as_int(v);
    krait_value_free(v);
    printf("     (CPython 3.%d)\n", (int)minor);

    check(krait_exec(interp, "import sys\nsys.krait_marker = 'shared'") == KRAIT_STATUS_OK, "mark sys in main");
    check(krait_close(interp) == KRAIT_STATUS_OK, "close shared");

    KraitInterpreter *sub = NULL;
    check(krait_open_sub(false, &sub) == KRAIT_STATUS_OK && sub != NULL, "open legacy sub after close");
    check_true(sub, "not hasattr(__import__('sys'), 'krait_marker')");
    eval(sub, "x", KRAIT_STATUS_PYTHON_ERROR);
    check(starts_with(krait_last_error(), "<class 'NameError'>"), "the sub has globals of its own");
    check(krait_exec(sub, "import math\nroot = math.sqrt(16)") == KRAIT_STATUS_OK, "import math in the sub");
    check_true(sub, "root == 4.0");
    check(krait_close(sub) == KRAIT_STATUS_OK, "close sub");

    check(krait_open_shared(&interp) == KRAIT_STATUS_OK, "reopen shared");
    check_true(interp, "__import__('sys').krait_marker == 'shared'");
    check_true(interp, "'x' not in globals()");

    if (minor >= 12) {
        struct isolated_run r = {0};
        pthread_t thread;
        check(pthread_create(&thread, NULL, run_isolated, &r) == 0 && pthread_join(thread, NULL) == 0,
              "run an isolated sub on a pthread");
        check(r.opened, "open isolated sub on another thread %s", r.error);
        check(r.ran, "code runs in the isolated sub");
        check(r.separate, "the isolated sub has modules of its own");
        check(r.closed, "close the isolated sub %s", r.error);
    } else {
        KraitInterpreter *isolated = NULL;
        check(krait_close(interp) == KRAIT_STATUS_OK, "close shared");
        check(krait_open_sub(true, &isolated) == KRAIT_STATUS_USAGE_ERROR && isolated == NULL,
              "isolated sub before CPython 3.12 -> USAGE_ERROR");
        check(krait_open_shared(&interp) == KRAIT_STATUS_OK, "reopen shared");
    }
    test_interrupts(interp, (int)minor);
    check(krait_close(interp) == KRAIT_STATUS_OK, "close shared at the end");
    check(krait_set_log_callback(NULL, NULL, KRAIT_LOG_LEVEL_OFF) == KRAIT_STATUS_OK, "remove the log callback");
    int records = log_records;
    check(krait_open_shared(&interp) == KRAIT_STATUS_OK && krait_close(interp) == KRAIT_STATUS_OK &&
              log_records == records,
          "no records after the callback is removed");

    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
