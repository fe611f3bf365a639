/* The interrupt part of the C-host test: a pthread runs runaway Python (krait_exec,
 * krait_eval, krait_call) in each kind of interpreter while the main thread stops it
 * with krait_interrupt and the key from krait_interrupt_key. Every wait is bounded:
 * a runaway call that does not stop fails the test and ends the process. */
#define _POSIX_C_SOURCE 200809L

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "checks.h"

/* How long the main thread waits for each step of the runaway thread. */
#define WAIT_SECONDS 30

enum kind { SHARED, LEGACY_SUB, ISOLATED_SUB };
static const char *const kind_names[] = {"shared", "legacy sub", "isolated sub"};

enum runaway { EXEC, EVAL, CALL };
static const char *const runaway_names[] = {"krait_exec", "krait_eval", "krait_call"};

/* A loop of bytecode long enough for a stale interrupt to be raised in it. */
static const char *const busy_code = "total = 0\nfor i in range(200000):\n    total += i";

/* One round. The runaway thread writes it; the main thread reads `key` once `ready`
 * is set (just before the runaway call) and the rest once `finished` is set. */
struct round {
    enum kind kind;
    enum runaway runaway;
    uint64_t key;
    atomic_bool ready, finished;
    bool opened, keyed, idle, later_call, usable, closed;
    KraitStatus status;
    char error[256], traceback[1024];
};

static KraitStatus open_kind(enum kind kind, KraitInterpreter **out) {
    return kind == SHARED ? krait_open_shared(out) : krait_open_sub(kind == ISOLATED_SUB, out);
}

/* Whether `expr` evaluates to the int `expected`. */
static bool eval_is(const KraitInterpreter *interp, const char *expr, int64_t expected) {
    KraitValue *out = NULL;
    bool ok = krait_eval(interp, expr, &out) == KRAIT_STATUS_OK && krait_value_tag(out) == KRAIT_TAG_INT &&
              krait_value_as_int(out) == expected;
    krait_value_free(out);
    return ok;
}

/* Whether the bytecode loop runs to its end. */
static bool runs_busy_code(const KraitInterpreter *interp) {
    return krait_exec(interp, busy_code) == KRAIT_STATUS_OK && eval_is(interp, "total", 19999900000LL);
}

/* Runs code that never ends unless interrupted. */
static KraitStatus run_forever(const KraitInterpreter *interp, enum runaway runaway) {
    KraitValue *out = NULL;
    KraitStatus status;
    switch (runaway) {
    case EXEC:
        status = krait_exec(interp, "while True:\n    pass");
        break;
    case EVAL:
        status = krait_eval(interp, "spin()", &out);
        break;
    default:
        status = krait_call(interp, "spin", NULL, 0, &out);
        break;
    }
    krait_value_free(out);
    return status;
}

/* The runaway thread: opens an interpreter, checks its key and an idle interrupt,
 * runs forever until interrupted, then checks that the interpreter still works. */
static void *runaway_thread(void *arg) {
    struct round *r = arg;
    KraitInterpreter *interp = NULL;
    r->opened = open_kind(r->kind, &interp) == KRAIT_STATUS_OK;
    if (r->opened) {
        uint64_t again = 0;
        r->keyed = krait_interrupt_key(interp, &r->key) == KRAIT_STATUS_OK && r->key != 0 &&
                   krait_interrupt_key(interp, &again) == KRAIT_STATUS_OK && again == r->key;
        r->idle = krait_interrupt(r->key) == KRAIT_INTERRUPT_IDLE;
        /* The idle interrupt must not reach the next calls. */
        r->later_call = krait_exec(interp, "def spin():\n    while True:\n        pass") == KRAIT_STATUS_OK &&
                        runs_busy_code(interp);
    } else {
        snprintf(r->error, sizeof r->error, "%s", krait_last_error());
    }
    atomic_store(&r->ready, true);
    if (r->opened && r->keyed) {
        r->status = run_forever(interp, r->runaway);
        snprintf(r->error, sizeof r->error, "%s", krait_last_error());
        snprintf(r->traceback, sizeof r->traceback, "%s", krait_last_error_traceback());
        r->usable = eval_is(interp, "sum(range(10))", 45) && runs_busy_code(interp);
    }
    if (r->opened) {
        r->closed = krait_close(interp) == KRAIT_STATUS_OK;
    }
    atomic_store(&r->finished, true);
    return NULL;
}

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void sleep_a_millisecond(void) {
    struct timespec t = {0, 1000000};
    nanosleep(&t, NULL);
}

/* Waits up to WAIT_SECONDS for `flag`; ends the process when it stays unset, since
 * the runaway thread cannot be stopped then. */
static void wait_for(atomic_bool *flag, const char *what) {
    double deadline = now() + WAIT_SECONDS;
    while (!atomic_load(flag)) {
        if (now() > deadline) {
            check(false, "%s within %d s: giving up", what, WAIT_SECONDS);
            fflush(stdout);
            _exit(1);
        }
        sleep_a_millisecond();
    }
}

/* Interrupts the key until an interrupt is sent (the thread is not yet inside its
 * runaway call while krait_interrupt answers IDLE); returns the last answer. */
static KraitInterrupt interrupt_until_sent(uint64_t key) {
    double deadline = now() + WAIT_SECONDS;
    KraitInterrupt answer = krait_interrupt(key);
    while (answer == KRAIT_INTERRUPT_IDLE && now() < deadline) {
        sleep_a_millisecond();
        answer = krait_interrupt(key);
    }
    return answer;
}

static void interrupt_round(enum kind kind, enum runaway runaway) {
    struct round r = {.kind = kind, .runaway = runaway};
    const char *name = kind_names[kind], *call = runaway_names[runaway];
    atomic_init(&r.ready, false);
    atomic_init(&r.finished, false);
    pthread_t thread;
    if (pthread_create(&thread, NULL, runaway_thread, &r) != 0) {
        check(false, "%s: start a pthread", name);
        return;
    }
    wait_for(&r.ready, "the runaway thread gets ready");
    check(r.opened, "%s: open on a pthread %s", name, r.error);
    check(r.keyed, "%s: krait_interrupt_key gives one nonzero key", name);
    check(r.idle, "%s: krait_interrupt while nothing runs -> IDLE", name);
    check(r.later_call, "%s: the idle interrupt does not reach later calls", name);
    if (r.keyed) {
        KraitInterrupt answer = interrupt_until_sent(r.key);
        check(answer == KRAIT_INTERRUPT_SENT, "%s: krait_interrupt from another thread while %s runs -> SENT (%d)",
              name, call, (int)answer);
    }
    wait_for(&r.finished, "the runaway call stops");
    pthread_join(thread, NULL);
    if (r.keyed) {
        check(r.status == KRAIT_STATUS_PYTHON_ERROR && strstr(r.error, "KeyboardInterrupt") != NULL &&
                  strstr(r.traceback, "KeyboardInterrupt") != NULL,
              "%s: the interrupted %s -> PYTHON_ERROR, KeyboardInterrupt (%d, \"%s\")", name, call, (int)r.status,
              r.error);
        check(r.usable, "%s: the interpreter works after the interrupt", name);
        check(r.closed, "%s: close after the interrupt", name);
        check(krait_interrupt(r.key) == KRAIT_INTERRUPT_CLOSED, "%s: krait_interrupt after close -> CLOSED", name);
    }
}

void test_interrupts(const KraitInterpreter *interp, int minor) {
    uint64_t key = 7;
    check(krait_interrupt_key(NULL, &key) == KRAIT_STATUS_USAGE_ERROR && strstr(krait_last_error(), "interp") != NULL &&
              key == 0,
          "krait_interrupt_key(NULL, &key) -> USAGE_ERROR, key 0");
    check(krait_interrupt_key(interp, NULL) == KRAIT_STATUS_USAGE_ERROR && strstr(krait_last_error(), "out") != NULL,
          "krait_interrupt_key(interp, NULL) -> USAGE_ERROR naming it");
    check(krait_interrupt_key(interp, &key) == KRAIT_STATUS_OK && key != 0, "krait_interrupt_key on the main thread");
    check(krait_interrupt(key) == KRAIT_INTERRUPT_IDLE && strcmp(krait_last_error(), "") == 0,
          "krait_interrupt of the idle main interpreter -> IDLE, no last error");
    check(runs_busy_code(interp), "the idle interrupt does not reach the main interpreter's next call");
    check(krait_interrupt(0) == KRAIT_INTERRUPT_CLOSED && krait_interrupt(UINT64_MAX) == KRAIT_INTERRUPT_CLOSED,
          "krait_interrupt of unknown keys -> CLOSED");

    enum kind last = minor >= 12 ? ISOLATED_SUB : LEGACY_SUB;
    for (enum kind kind = SHARED; kind <= last; kind++) {
        for (enum runaway runaway = EXEC; runaway <= CALL; runaway++) {
            interrupt_round(kind, runaway);
        }
    }
}
