/*
 * Minimal TAP output for the test applications: ok(cond, fmt, ...) prints
 * "ok N - ..." or "not ok N - ...", tap_done() prints the trailing plan
 * and returns the exit status.  The .t wrappers in tests/ pass the lines on.
 */
#ifndef UKL_TEST_TAP_H
#define UKL_TEST_TAP_H

#include <stdarg.h>
#include <stdio.h>

static int tap_count, tap_failed;

static void __attribute__((format(printf, 2, 3))) ok(int pass, const char *fmt, ...)
{
	va_list ap;

	printf("%sok %d - ", pass ? "" : "not ", ++tap_count);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	if (!pass)
		tap_failed++;
}

static int tap_done(void)
{
	printf("1..%d\n", tap_count);
	fflush(stdout);
	return tap_failed ? 1 : 0;
}

/* The CPL this code runs at, from the CS selector the CPU reports. */
static inline int current_cpl(void)
{
	unsigned short cs;

	__asm__ volatile("mov %%cs, %0" : "=r"(cs));
	return cs & 3;
}

#endif
