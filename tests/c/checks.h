/* What the files of the C-host test share (built together by tests/c/run.sh). */
#ifndef KRAIT_TEST_CHECKS_H
#define KRAIT_TEST_CHECKS_H

#include <stdbool.h>

#include "krait.h"

/* Records one check and prints it; on failure also prints the last krait error of
 * this thread (test_krait.c). Call it on the main thread only. */
void check(bool ok, const char *format, ...);

/* krait_interrupt_key and krait_interrupt, with runaway Python on other threads in
 * each kind of interpreter that CPython 3.`minor` opens; `interp` is the main
 * thread's open interpreter (test_interrupt.c). */
void test_interrupts(const KraitInterpreter *interp, int minor);

#endif
