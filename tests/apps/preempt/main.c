/*
 * Preemption: two CPU-bound threads of a UKL application on one CPU.  The
 * main thread spins without making a system call until the other thread's
 * counter moves; that can only happen if the timer interrupt preempts the
 * spinning application code.  A bound on the spin (in TSC cycles) turns a
 * failure into "not ok" instead of a hang.
 */
#include <pthread.h>
#include <stdint.h>
#include "../tap.h"

static volatile unsigned long spins;
static volatile int stop;

static uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

static void *spinner(void *arg)
{
	(void)arg;
	while (!stop)
		spins++;
	return NULL;
}

int main(void)
{
	uint64_t start, limit = 40ULL * 1000 * 1000 * 1000;	/* ~10 s at 4 GHz */
	pthread_t t;
	int moved;

	ok(pthread_create(&t, NULL, spinner, NULL) == 0, "a second CPU-bound thread is created");
	start = rdtsc();
	while (spins < 1000 && rdtsc() - start < limit)
		;	/* no system call: only preemption lets the spinner run */
	moved = spins >= 1000;
	ok(moved, "the spinner ran while main spun in application code (%lu spins)", spins);
	start = rdtsc();
	{
		unsigned long seen = spins;

		while (spins == seen && rdtsc() - start < limit)
			;
		ok(spins != seen, "and it keeps getting the CPU back");
	}
	stop = 1;
	pthread_join(t, NULL);
	return tap_done();
}
