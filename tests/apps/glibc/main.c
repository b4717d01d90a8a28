/*
 * What static glibc does differently from musl, as a UKL application
 * (LIBC=glibc): the IFUNC variant chosen for the CPU, NPTL (cancellation,
 * robust mutexes, pthread_kill, rseq), stdio and strtod of floats, qsort,
 * getopt_long, setjmp/longjmp, makecontext/swapcontext, malloc across
 * threads, and the loading of code, which a UKL application cannot do:
 * dlopen, an NSS module and an iconv module fail with an errno.
 *
 * Usage: glibc [expect-avx2|expect-baseline]
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <getopt.h>
#include <iconv.h>
#include <math.h>
#include <pthread.h>
#include <pwd.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/klog.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>
#include "../tap.h"

/*
 * The strlen that the IFUNC resolver picked: strlen's PLT entry in the
 * kernel image is "jmp *slot(%rip)", and the slot holds the variant.
 */
extern char __strlen_sse2[], __strlen_avx2[], __strlen_evex[];

static void *plt_target(void *entry)
{
	unsigned char *p = entry;
	int32_t disp;

	if (p[0] == 0xf3 && p[1] == 0x0f && p[2] == 0x1e && p[3] == 0xfa)
		p += 4;			/* endbr64 */
	if (p[0] != 0xff || p[1] != 0x25)
		return NULL;
	memcpy(&disp, p + 2, sizeof(disp));
	return *(void **)(p + 6 + disp);
}

static void check_ifunc(const char *expect)
{
	size_t (*volatile fn)(const char *) = strlen;
	void *impl = plt_target((void *)fn);
	int avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("bmi2");
	const char *name = impl == __strlen_avx2 ? "avx2" : impl == __strlen_evex ? "evex" :
			   impl == __strlen_sse2 ? "sse2" : "another";
	char buf[300];

	ok(impl != NULL, "strlen is an IFUNC called through the kernel link's PLT (slot holds %p)", impl);
	printf("# cpu: avx2+bmi2 %d avx512vl %d; strlen variant: %s\n", avx2,
			 __builtin_cpu_supports("avx512vl"), name);
	if (avx2 && !__builtin_cpu_supports("avx512vl"))
		ok(impl == __strlen_avx2, "with AVX2 the resolver picked __strlen_avx2 (%s)", name);
	else if (!avx2)
		ok(impl == __strlen_sse2, "without AVX2 the resolver picked the baseline __strlen_sse2 (%s)", name);
	else
		ok(impl == __strlen_evex || impl == __strlen_avx2, "with AVX-512VL an EVEX or AVX2 variant (%s)", name);
	if (!strcmp(expect, "expect-avx2"))
		ok(avx2, "the CPU model offers AVX2 and BMI2, as this boot asked");
	else if (!strcmp(expect, "expect-baseline"))
		ok(!avx2, "the CPU model offers no AVX2, as this boot asked");
	memset(buf, 'x', sizeof(buf));
	buf[257] = 0;
	ok(fn(buf) == 257 && fn(buf + 3) == 254 && fn("") == 0, "the chosen strlen counts right (%zu)", fn(buf));
	ok(memchr(buf, 0, sizeof(buf)) == buf + 257 && strchr(buf, 'y') == NULL &&
	   !memcmp(buf, buf + 1, 200), "memchr, strchr and memcmp (IFUNCs too) work");
}

/* Deferred cancellation of a thread blocked in read(), with a cleanup handler. */
static int cleanup_ran;

static void cleanup(void *arg)
{
	*(int *)arg = 1;
}

static void *blocked_reader(void *arg)
{
	int *fds = arg;
	char c;

	pthread_cleanup_push(cleanup, &cleanup_ran);
	read(fds[0], &c, 1);
	pthread_cleanup_pop(0);
	return NULL;
}

static void check_cancel(void)
{
	int fds[2];
	pthread_t t;
	void *ret = NULL;

	pipe(fds);
	pthread_create(&t, NULL, blocked_reader, fds);
	usleep(100000);
	ok(pthread_cancel(t) == 0, "pthread_cancel of a thread blocked in read()");
	ok(pthread_join(t, &ret) == 0 && ret == PTHREAD_CANCELED, "it ends with PTHREAD_CANCELED");
	ok(cleanup_ran, "its cleanup handler ran");
	close(fds[0]);
	close(fds[1]);
}

static void *exits_early(void *arg)
{
	pthread_exit(arg);
}

static void check_exit(void)
{
	pthread_t t;
	void *ret = NULL;

	pthread_create(&t, NULL, exits_early, (void *)0x55);
	ok(pthread_join(t, &ret) == 0 && ret == (void *)0x55, "pthread_exit() unwinds and returns its value (%p)", ret);
}

/* A robust mutex whose owner exits without unlocking it. */
static pthread_mutex_t robust;

static void *lock_and_exit(void *arg)
{
	pthread_mutex_lock(&robust);
	return arg;
}

static void check_robust(void)
{
	pthread_mutexattr_t a;
	pthread_t t;
	int r;

	pthread_mutexattr_init(&a);
	pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST);
	pthread_mutex_init(&robust, &a);
	pthread_create(&t, NULL, lock_and_exit, NULL);
	pthread_join(t, NULL);
	r = pthread_mutex_lock(&robust);
	ok(r == EOWNERDEAD, "a robust mutex whose owner died locks with EOWNERDEAD (%d): set_robust_list works", r);
	ok(pthread_mutex_consistent(&robust) == 0 && pthread_mutex_unlock(&robust) == 0 &&
	   pthread_mutex_lock(&robust) == 0 && pthread_mutex_unlock(&robust) == 0,
	   "pthread_mutex_consistent makes it usable again");
}

/* pthread_kill reaches the thread it names. */
static __thread volatile int got_usr1;
static volatile int target_ready, target_done, target_got;

static void on_usr1(int sig)
{
	got_usr1 = sig;
}

static void *wait_for_usr1(void *arg)
{
	target_ready = 1;
	while (!got_usr1)
		sched_yield();
	target_got = got_usr1;
	target_done = 1;
	return arg;
}

static void check_pthread_kill(void)
{
	pthread_t t;

	signal(SIGUSR1, on_usr1);
	pthread_create(&t, NULL, wait_for_usr1, NULL);
	while (!target_ready)
		sched_yield();
	ok(pthread_kill(t, SIGUSR1) == 0, "pthread_kill(SIGUSR1)");
	pthread_join(t, NULL);
	ok(target_done && target_got == SIGUSR1 && got_usr1 == 0,
	   "the signal ran its handler in the named thread only");
}

static void check_rseq(void)
{
	int cpu = sched_getcpu();

	ok(cpu >= 0 && cpu < sysconf(_SC_NPROCESSORS_ONLN), "sched_getcpu() = %d (rseq or getcpu)", cpu);
}

/* stdio and strtod of floating point, qsort, getopt_long, setjmp. */
static int by_value(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

static void check_stdio_and_friends(void)
{
	char buf[128];
	int v[64], i, sorted = 1, c, seen_v = 0, seen_n = 0;
	double d = strtod("2.718281828459045", NULL);
	static jmp_buf jb;
	volatile int jumped = 0;
	char *argv[] = { "glibc", "--verbose", "-n", "42", "rest", NULL };
	static const struct option opts[] = {
		{ "verbose", no_argument, NULL, 'v' },
		{ "number", required_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 },
	};

	snprintf(buf, sizeof(buf), "%.3f %g %e %a %.10Lf", 3.14159, 1e-5, 6.02214076e23, 1.0, 1.0L / 3);
	ok(!strcmp(buf, "3.142 1e-05 6.022141e+23 0x1p+0 0.3333333333"), "printf of floats: '%s'", buf);
	snprintf(buf, sizeof(buf), "%.17g", d);
	ok(strtod(buf, NULL) == d && d > 2.71828 && d < 2.71829, "strtod and %%.17g round-trip (%s)", buf);
	for (i = 0; i < 64; i++)
		v[i] = (i * 37) % 64;
	qsort(v, 64, sizeof(v[0]), by_value);
	for (i = 0; i < 64; i++)
		sorted &= v[i] == i;
	ok(sorted, "qsort sorts 64 integers");
	optind = 1;
	while ((c = getopt_long(5, argv, "vn:", opts, NULL)) != -1) {
		seen_v |= c == 'v';
		if (c == 'n')
			seen_n = atoi(optarg);
	}
	ok(seen_v && seen_n == 42 && optind == 4 && !strcmp(argv[optind], "rest"),
	   "getopt_long parses --verbose -n 42");
	if (setjmp(jb) == 0) {
		jumped = 1;
		longjmp(jb, 7);
	}
	ok(jumped == 1, "setjmp/longjmp (with glibc's pointer mangling)");
	/* libm's x87 assembly, which had kept data below %rsp; expm1l of a
	   large argument tail-jumps to expl. */
	{
		volatile long double big = 200.0L, small = 0.5L, fl = 2.5L;

		ok(expm1l(big) > 7.2e86L && expm1l(big) < 7.3e86L &&
		   expm1l(small) > 0.6487L && expm1l(small) < 0.6488L,
		   "expm1l(200) and expm1l(0.5) (%Lg, %Lg)", expm1l(big), expm1l(small));
		ok(floorl(fl) == 2.0L && ceill(fl) == 3.0L && truncl(-fl) == -2.0L &&
		   powl(fl, 2.0L) == 6.25L && fmax(1.0, 2.0) == 2.0 && fminf(1.0f, 2.0f) == 1.0f,
		   "floorl, ceill, truncl, powl, fmax, fminf");
	}
}

/* makecontext/swapcontext: a coroutine on its own stack. */
static ucontext_t main_ctx, co_ctx;
static int co_steps;

static void coroutine(int a, int b)
{
	co_steps += a;
	swapcontext(&co_ctx, &main_ctx);
	co_steps += b;
}

static void check_context(void)
{
	static char stack[64 * 1024];

	getcontext(&co_ctx);
	co_ctx.uc_stack.ss_sp = stack;
	co_ctx.uc_stack.ss_size = sizeof(stack);
	co_ctx.uc_link = &main_ctx;
	makecontext(&co_ctx, (void (*)(void))coroutine, 2, 1, 10);
	swapcontext(&main_ctx, &co_ctx);
	ok(co_steps == 1, "makecontext/swapcontext into a coroutine (%d)", co_steps);
	swapcontext(&main_ctx, &co_ctx);
	ok(co_steps == 11, "and back in, to its end, returning through uc_link (%d)", co_steps);
}

/* malloc: one large block, and many small ones in several threads. */
#define MTHREADS 4
#define MBLOCKS 2000

static void *small_blocks(void *arg)
{
	unsigned char **blk = malloc(MBLOCKS * sizeof(*blk));
	uintptr_t seed = (uintptr_t)arg;
	int i, good = 1;

	if (!blk)
		return NULL;
	for (i = 0; i < MBLOCKS; i++) {
		blk[i] = malloc(16 + (i * 7) % 300);
		if (!blk[i])
			return NULL;
		memset(blk[i], (int)(seed + i) & 0xff, 16);
	}
	for (i = 0; i < MBLOCKS; i++) {
		good &= blk[i][15] == ((seed + i) & 0xff);
		free(blk[i]);
	}
	free(blk);
	return good ? arg : NULL;
}

static void check_malloc(void)
{
	size_t big = 64 << 20;
	unsigned char *p = malloc(big);
	pthread_t t[MTHREADS];
	int i, good = 0;
	void *ret;

	ok(p != NULL, "malloc of 64 MiB");
	if (p) {
		p[0] = 1;
		p[big - 1] = 2;
		ok(p[0] == 1 && p[big - 1] == 2, "its first and last bytes are usable");
		free(p);
	}
	for (i = 0; i < MTHREADS; i++)
		pthread_create(&t[i], NULL, small_blocks, (void *)(uintptr_t)(i + 1));
	for (i = 0; i < MTHREADS; i++)
		good += pthread_join(t[i], &ret) == 0 && ret == (void *)(uintptr_t)(i + 1);
	ok(good == MTHREADS, "%d threads malloc and free %d small blocks each (%d good)",
	   MTHREADS, MBLOCKS, good);
}

/* The kernel's log says why (the console shows warnings only with loglevel). */
static void check_kernel_log(void)
{
	static char log[1 << 17];
	int n = klogctl(3 /* SYSLOG_ACTION_READ_ALL */, log, sizeof(log) - 1);
	char *line = NULL, *end;

	if (n > 0) {
		log[n] = 0;
		line = strstr(log, "executable mapping refused");
	}
	if (line) {
		while (line > log && line[-1] != '\n')
			line--;
		end = strchr(line, '\n');
		if (end)
			*end = 0;
		printf("# kernel: %s\n", line);
	}
	ok(line != NULL, "the kernel's log names the reason");
}

/* Loading code: dlopen, an NSS module, an iconv module. */
static void check_no_loading(void)
{
	struct passwd *pw;
	const char *err;
	iconv_t cd;
	void *h;
	FILE *f;

	h = dlopen(NULL, RTLD_NOW);
	ok(h != NULL, "dlopen(NULL), the program itself, still works");
	errno = 0;
	h = dlopen("libm.so.6", RTLD_NOW);
	err = dlerror();
	ok(h == NULL && err && strstr(err, "UKL"), "dlopen fails, and dlerror() names UKL: %s", err ? err : "(none)");
	ok(err && strstr(err, strerror(EACCES)), "with the kernel's EACCES");

	f = fopen("/etc/nsswitch.conf", "w");
	if (f) {
		fputs("passwd: ukltest\ngroup: ukltest\n", f);
		fclose(f);
	}
	errno = 0;
	pw = getpwnam("root");
	printf("# getpwnam: %p, errno %d (%s)\n", (void *)pw, errno, strerror(errno));
	ok(f && pw == NULL, "an NSS lookup through a module (passwd: ukltest) fails");
	unlink("/etc/nsswitch.conf");

	cd = iconv_open("UCS-4", "UTF-8");
	ok(cd != (iconv_t)-1, "iconv_open of a built-in conversion (UTF-8 to UCS-4) works");
	if (cd != (iconv_t)-1)
		iconv_close(cd);
	errno = 0;
	cd = iconv_open("EBCDIC-US", "UTF-8");
	ok(cd == (iconv_t)-1 && errno == EINVAL, "iconv_open of a module conversion (EBCDIC-US) fails with EINVAL (%s)",
	   strerror(errno));
	ok(mmap(NULL, 4096, PROT_READ | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED &&
	   errno == EACCES, "an executable mapping is refused with EACCES, which is why");
	check_kernel_log();
}

int main(int argc, char **argv)
{
	ok(current_cpl() == 0, "glibc application runs at CPL 0");
	check_ifunc(argc > 1 ? argv[1] : "");
	check_exit();
	check_cancel();
	check_robust();
	check_pthread_kill();
	check_rseq();
	check_stdio_and_friends();
	check_context();
	check_malloc();
	check_no_loading();
	return tap_done();
}
