/*
 * Threads in a UKL application: pthread_create/join/exit, futex-contended
 * mutex increments, per-thread errno and thread-specific data.
 */
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <unistd.h>
#include "../tap.h"

#define NTHREADS	4
#define INCREMENTS	20000

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;
static pthread_key_t key;

struct result {
	int cpl;
	int errno_kept;
	int key_kept;
};

static void *worker(void *arg)
{
	struct result *r = arg;
	int mine = (int)((uintptr_t)r / sizeof(*r)) & 0xff;
	int i;

	r->cpl = current_cpl();
	errno = 1000 + mine;
	pthread_setspecific(key, r);
	for (i = 0; i < INCREMENTS; i++) {
		pthread_mutex_lock(&lock);
		counter++;
		pthread_mutex_unlock(&lock);
		if (i % 1000 == 0)
			sched_yield();
	}
	r->errno_kept = errno == 1000 + mine;
	r->key_kept = pthread_getspecific(key) == r;
	pthread_exit(r);
}

int main(void)
{
	static struct result results[NTHREADS];
	pthread_t tid[NTHREADS];
	int i, created = 0, joined = 0, cpl0 = 0, errno_ok = 0, key_ok = 0;
	void *ret;

	pthread_key_create(&key, NULL);
	for (i = 0; i < NTHREADS; i++)
		created += pthread_create(&tid[i], NULL, worker, &results[i]) == 0;
	ok(created == NTHREADS, "pthread_create started %d of %d threads", created, NTHREADS);

	for (i = 0; i < created; i++) {
		if (pthread_join(tid[i], &ret) == 0 && ret == &results[i])
			joined++;
		cpl0 += results[i].cpl == 0;
		errno_ok += results[i].errno_kept;
		key_ok += results[i].key_kept;
	}
	ok(joined == NTHREADS, "pthread_join returned each thread's pthread_exit value (%d)", joined);
	ok(counter == (long)NTHREADS * INCREMENTS, "mutex-protected increments add up: %ld of %ld",
	   counter, (long)NTHREADS * INCREMENTS);
	ok(cpl0 == NTHREADS, "every thread ran at CPL 0 (%d)", cpl0);
	ok(errno_ok == NTHREADS, "errno is per thread (%d)", errno_ok);
	ok(key_ok == NTHREADS, "thread-specific data is per thread (%d)", key_ok);
	return tap_done();
}
