/*
 * SMP: threads of a UKL application spread over the CPUs (run with SMP=2
 * or more); each records where it ran with sched_getcpu().
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <unistd.h>
#include "../tap.h"

#define NTHREADS 4

static volatile int go;
static int cpu_of[NTHREADS];

static void *worker(void *arg)
{
	int *where = arg;
	int i;

	while (!go)
		;
	for (i = 0; i < 200; i++) {
		volatile unsigned long n;

		for (n = 0; n < 100000; n++)
			;
		*where |= 1 << sched_getcpu();
	}
	return NULL;
}

int main(void)
{
	pthread_t t[NTHREADS];
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	int i, mask = 0, distinct = 0;

	ok(ncpu >= 2, "the guest has %ld CPUs online", ncpu);
	for (i = 0; i < NTHREADS; i++)
		pthread_create(&t[i], NULL, worker, &cpu_of[i]);
	go = 1;
	for (i = 0; i < NTHREADS; i++) {
		pthread_join(t[i], NULL);
		mask |= cpu_of[i];
	}
	for (i = 0; i < 31; i++)
		distinct += (mask >> i) & 1;
	ok(distinct >= 2, "application threads ran on %d different CPUs (mask 0x%x)", distinct, mask);
	return tap_done();
}
