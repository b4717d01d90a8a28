/*
 * Thread-local variables in a UKL application: initialised and zeroed
 * __thread and _Thread_local variables, 64-byte alignment, a large TLS
 * block (larger than musl's built-in one, so libc maps it), TLS defined in
 * an archive member (lib/tlsdep.c, linked as libtlsdep.a), a fresh copy of
 * the template in every thread, values that stay each thread's own under
 * contention, and errno (musl keeps it in the thread descriptor) per
 * thread.
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include "../tap.h"

#define NTHREADS	8
#define ROUNDS		2000
#define BIG		(256 * 1024)

extern __thread long dep_counter;
extern __thread char dep_name[32];
long dep_bump(long by);

static __thread long initialised = 0x1234567890abcdefL;
static __thread int zeroed;
static _Thread_local short c11_var = -5;
static __thread char aligned64[64] __attribute__((aligned(64))) = { 'x' };
static __thread unsigned char big[BIG] = { 1, 2, 3 };
static __thread unsigned char big_zero[BIG];

static pthread_barrier_t barrier;

struct result {
	long id;
	int template_ok;	/* the thread started from the template */
	int kept;		/* its values survived the other threads */
	int errno_kept;
	int aligned;
	uintptr_t addr;		/* where its copy of 'initialised' lives */
};

static int template_intact(void)
{
	return initialised == 0x1234567890abcdefL && zeroed == 0 &&
	       c11_var == -5 && aligned64[0] == 'x' && big[0] == 1 &&
	       big[2] == 3 && big[BIG - 1] == 0 && big_zero[BIG / 2] == 0 &&
	       dep_counter == 7 && !strcmp(dep_name, "archive member");
}

static void set_own(long id)
{
	initialised = id * 1000;
	zeroed = (int)id;
	c11_var = (short)-id;
	aligned64[63] = (char)id;
	big[BIG - 1] = (unsigned char)id;
	big_zero[BIG / 2] = (unsigned char)(id + 1);
	dep_bump(id);
}

static int own_intact(long id)
{
	return initialised == id * 1000 && zeroed == id && c11_var == -id &&
	       aligned64[63] == (char)id && big[BIG - 1] == (unsigned char)id &&
	       big_zero[BIG / 2] == (unsigned char)(id + 1) &&
	       dep_counter == 7 + id;
}

/* A system call that fails with an errno of its own for each thread. */
static int fail_with_errno(long id)
{
	switch (id % 3) {
	case 0:
		close(-1);			/* EBADF */
		return EBADF;
	case 1:
		open("/no/such/file", O_RDONLY);	/* ENOENT */
		return ENOENT;
	default:
		lseek(0, -1, SEEK_SET);		/* EINVAL or ESPIPE */
		return errno;
	}
}

static void *worker(void *arg)
{
	struct result *r = arg;
	int i, want;

	r->template_ok = template_intact();
	r->aligned = ((uintptr_t)aligned64 & 63) == 0;
	r->addr = (uintptr_t)&initialised;
	set_own(r->id);
	want = fail_with_errno(r->id);
	pthread_barrier_wait(&barrier);
	/* Everyone writes their own copies while the others check theirs. */
	r->kept = 1;
	for (i = 0; i < ROUNDS; i++) {
		set_own(r->id);
		dep_bump(-r->id);
		if (!own_intact(r->id))
			r->kept = 0;
		if (i % 100 == 0)
			sched_yield();
	}
	r->errno_kept = errno == want;
	pthread_barrier_wait(&barrier);
	return r;
}

int main(void)
{
	static struct result results[NTHREADS];
	pthread_t tid[NTHREADS];
	int i, started = 0, tmpl = 0, kept = 0, errnos = 0, aligned = 0, distinct = 1;

	ok(template_intact(), "the main thread sees the TLS template (initialised, zeroed, _Thread_local, archive member)");
	ok(((uintptr_t)aligned64 & 63) == 0, "a 64-byte aligned TLS variable is aligned in the main thread (%p)",
	   (void *)aligned64);
	ok(((uintptr_t)big & 15) == 0 && big[1] == 2, "a %d KiB TLS block is there in the main thread", BIG / 1024);

	pthread_barrier_init(&barrier, 0, NTHREADS + 1);
	for (i = 0; i < NTHREADS; i++) {
		results[i].id = i + 1;
		if (!pthread_create(&tid[i], 0, worker, &results[i]))
			started++;
	}
	ok(started == NTHREADS, "%d threads started", started);
	if (started != NTHREADS)
		return tap_done();
	set_own(100);
	pthread_barrier_wait(&barrier);
	pthread_barrier_wait(&barrier);
	for (i = 0; i < NTHREADS; i++) {
		pthread_join(tid[i], 0);
		tmpl += results[i].template_ok;
		kept += results[i].kept;
		errnos += results[i].errno_kept;
		aligned += results[i].aligned;
		if (results[i].addr == (uintptr_t)&initialised)
			distinct = 0;
		for (int j = 0; j < i; j++)
			if (results[j].addr == results[i].addr)
				distinct = 0;
	}
	ok(tmpl == NTHREADS, "every thread started from the template, not from another thread's values (%d of %d)",
	   tmpl, NTHREADS);
	ok(distinct, "every thread has its own copy of the TLS block");
	ok(aligned == NTHREADS, "the 64-byte alignment holds in every thread (%d of %d)", aligned, NTHREADS);
	ok(kept == NTHREADS, "every thread kept its own values through %d contended rounds (%d of %d)",
	   ROUNDS, kept, NTHREADS);
	ok(errnos == NTHREADS, "every thread kept its own errno (%d of %d)", errnos, NTHREADS);
	ok(own_intact(100), "the main thread kept its own values too");
	ok(current_cpl() == 0, "the application runs in ring 0 (CPL %d)", current_cpl());
	return tap_done();
}
