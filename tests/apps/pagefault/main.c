/*
 * Page faults of a UKL application, all taken on the #PF IST stack:
 *
 *   pagefault            stack growth (8 MiB recursion, 6 MiB alloca),
 *                        first touch of heap, anonymous and file-backed
 *                        mappings, read() into untouched buffers (uaccess
 *                        faults in kernel code), mprotect'ed guard pages,
 *                        interrupts on a stack with no page present, and
 *                        a storm of threads touching fresh pages, all
 *                        under a 1 ms interval timer;
 *   pagefault overflow   unbounded recursion: must die with SIGSEGV;
 *   pagefault altstack   the same with a SIGSEGV handler on a sigaltstack;
 *   pagefault window N [M [D [I]]]  fresh pages only; the kernel runs with
 *                        ukl_pf_window_test=N and the test checks that N
 *                        NMIs hit the IST window and faulted there; with
 *                        M, also ukl_intr_window_test=M: M NMIs in the
 *                        windows of interrupts of a computing loop; with
 *                        D, ukl_db_window_test=D: D #DB data breakpoints
 *                        in the #PF window; with I, ukl_int3_window_test=I:
 *                        I int3s in the #PF window.
 */
#define _GNU_SOURCE
#include <alloca.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <unistd.h>

#include "../tap.h"
#include "../ukl-proc.h"

#define PAGE		4096UL
#define MIB		(1024UL * 1024)

static volatile sig_atomic_t ticks;

static void on_tick(int sig)
{
	(void)sig;
	ticks++;
}

/* Write a pattern to every page of [p, p+len) and check it back. */
static int touch_pages(unsigned char *p, size_t len, unsigned seed)
{
	size_t i;

	for (i = 0; i < len; i += PAGE)
		p[i] = (unsigned char)(seed + i / PAGE);
	for (i = 0; i < len; i += PAGE)
		if (p[i] != (unsigned char)(seed + i / PAGE))
			return 0;
	return 1;
}

/* Each level keeps 4 KiB of its own on the stack, touched. */
static unsigned long __attribute__((noinline)) recurse(unsigned long depth, uintptr_t *lowest)
{
	volatile unsigned char frame[PAGE];
	unsigned long sum;

	frame[0] = (unsigned char)depth;
	frame[PAGE - 1] = (unsigned char)(depth >> 8);
	if ((uintptr_t)frame < *lowest)
		*lowest = (uintptr_t)frame;
	sum = depth ? recurse(depth - 1, lowest) : 0;
	return sum + frame[0] + frame[PAGE - 1];
}

static unsigned long expected_sum(unsigned long depth)
{
	unsigned long d, sum = 0;

	for (d = 0; d <= depth; d++)
		sum += (unsigned char)d + (unsigned char)(d >> 8);
	return sum;
}

static void test_stack(void)
{
	struct rlimit rl = { 64 * MIB, 64 * MIB };
	unsigned long depth = 8 * MIB / PAGE + 64;
	uintptr_t top = (uintptr_t)&rl, lowest = top;
	unsigned char *big;

	ok(setrlimit(RLIMIT_STACK, &rl) == 0, "RLIMIT_STACK raised to 64 MiB");
	ok(recurse(depth, &lowest) == expected_sum(depth),
	   "recursion %lu levels deep returns the right sum", depth);
	ok(top - lowest >= 8 * MIB, "the stack grew by %lu KiB (at least 8 MiB)",
	   (unsigned long)(top - lowest) / 1024);

	big = alloca(6 * MIB);
	memset(big, 0x5a, 6 * MIB);
	ok(big[0] == 0x5a && big[6 * MIB - 1] == 0x5a && touch_pages(big, 6 * MIB, 7),
	   "a 6 MiB alloca is written and read back");
}

static void test_memory(void)
{
	size_t len = 8 * MIB;
	unsigned char *heap = malloc(len), *small = malloc(100 * 1000);
	unsigned char *anon = mmap(NULL, len, PROT_READ | PROT_WRITE,
				   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	ok(heap && touch_pages(heap, len, 1), "first touch of an 8 MiB malloc'ed block");
	ok(small && touch_pages(small, 100 * 1000, 2), "first touch of a small heap block");
	ok(anon != MAP_FAILED && touch_pages(anon, len, 3), "first touch of an 8 MiB anonymous mapping");
	free(heap);
	free(small);
	munmap(anon, len);
}

static void test_file(void)
{
	size_t len = 1 * MIB, i;
	unsigned char *buf = malloc(len), *map, *dst;
	long before;
	int fd, good;

	for (i = 0; i < len; i++)
		buf[i] = (unsigned char)(i * 7 + 3);
	fd = open("/tmp/pagefault.dat", O_RDWR | O_CREAT | O_TRUNC, 0600);
	ok(fd >= 0 && write(fd, buf, len) == (ssize_t)len, "a 1 MiB file is written");

	map = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	good = map != MAP_FAILED && !memcmp(map, buf, len);
	ok(good, "first touch of a file-backed shared mapping reads the file");
	if (good) {
		map[4 * PAGE] = 0xee;
		msync(map, len, MS_SYNC);
		munmap(map, len);
	}

	/* read() into a never-touched buffer: the copy faults in kernel code. */
	dst = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	before = ukl_counter("ukl_pf_ist_kernel");
	good = dst != MAP_FAILED && pread(fd, dst, len, 0) == (ssize_t)len;
	ok(good && dst[4 * PAGE] == 0xee && !memcmp(dst, buf, 4 * PAGE) &&
	   !memcmp(dst + 5 * PAGE, buf + 5 * PAGE, len - 5 * PAGE),
	   "read() into an untouched buffer returns the file, with the write through the mapping");
	ok(ukl_counter("ukl_pf_ist_kernel") >= before + (long)(len / PAGE),
	   "the kernel took the uaccess faults on the #PF IST path (%ld -> %ld)",
	   before, ukl_counter("ukl_pf_ist_kernel"));
	close(fd);
	unlink("/tmp/pagefault.dat");
	munmap(dst, len);
	free(buf);
}

static sigjmp_buf guard_jmp;
static void *volatile guard_addr;

static void on_guard(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	guard_addr = si->si_addr;
	siglongjmp(guard_jmp, 1);
}

static void test_guard(void)
{
	struct sigaction sa = { .sa_sigaction = on_guard, .sa_flags = SA_SIGINFO };
	unsigned char *p = mmap(NULL, 3 * PAGE, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	volatile unsigned char *guard = p + PAGE + 16;

	sigaction(SIGSEGV, &sa, NULL);
	ok(p != MAP_FAILED && mprotect(p + PAGE, PAGE, PROT_NONE) == 0, "a guard page is mprotect'ed");
	p[0] = 1;
	p[2 * PAGE] = 2;
	if (!sigsetjmp(guard_jmp, 1)) {
		*guard = 3;
		ok(0, "a write to the guard page faults");
	} else {
		ok(guard_addr == (void *)guard, "a write to the guard page gives SIGSEGV at its address");
	}
	ok(mprotect(p + PAGE, PAGE, PROT_READ | PROT_WRITE) == 0 && (*guard = 4, *guard == 4) &&
	   p[0] == 1 && p[2 * PAGE] == 2, "after mprotect the page is usable, its neighbours intact");
	signal(SIGSEGV, SIG_DFL);
	munmap(p, 3 * PAGE);
}

#define STORM_THREADS	4
#define STORM_ROUNDS	4
#define STORM_LEN	(2 * MIB)

static void *storm(void *arg)
{
	long id = (long)arg, good = 0;
	int r;

	for (r = 0; r < STORM_ROUNDS; r++) {
		unsigned char *p = mmap(NULL, STORM_LEN, PROT_READ | PROT_WRITE,
					MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (p == MAP_FAILED)
			break;
		good += touch_pages(p, STORM_LEN, (unsigned)(id * 31 + r));
		munmap(p, STORM_LEN);
	}
	return (void *)good;
}

static void test_storm(void)
{
	pthread_t t[STORM_THREADS];
	long i, good = 0, started = 0;
	void *res;
	unsigned long ticks_before = ticks;

	for (i = 0; i < STORM_THREADS; i++)
		started += pthread_create(&t[i], NULL, storm, (void *)i) == 0;
	for (i = 0; i < started; i++) {
		pthread_join(t[i], &res);
		good += (long)res;
	}
	ok(started == STORM_THREADS && good == STORM_THREADS * STORM_ROUNDS,
	   "page-fault storm: %d threads each touched %d fresh 2 MiB mappings",
	   STORM_THREADS, STORM_ROUNDS);
	ok(ticks > ticks_before, "the 1 ms timer fired during the storm (%lu signals)",
	   (unsigned long)(ticks - ticks_before));
}

/*
 * An exception taken with only 64 bytes of stack above a PROT_NONE page:
 * the CPU's frame fits, the entry code's register pushes would not.  The
 * entry must move to the task stack before pushing, so the division error
 * arrives as SIGFPE (on a sigaltstack), not as a SIGSEGV from a fault in
 * the middle of the entry.
 */
static char thin_altstack[64 * 1024];
static sigjmp_buf thin_jmp;
static volatile int thin_sig;

static void on_thin(int sig)
{
	thin_sig = sig;
	siglongjmp(thin_jmp, 1);
}

static void test_thin_stack(void)
{
	stack_t ss = { .ss_sp = thin_altstack, .ss_size = sizeof(thin_altstack) };
	struct sigaction sa = { .sa_handler = on_thin, .sa_flags = SA_ONSTACK };
	unsigned char *m = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	stack_t old;

	ok(m != MAP_FAILED && mprotect(m, PAGE, PROT_NONE) == 0 && (m[PAGE] = 1) &&
	   sigaltstack(&ss, &old) == 0 && sigaction(SIGFPE, &sa, NULL) == 0 &&
	   sigaction(SIGSEGV, &sa, NULL) == 0, "a stack page above a guard page");
	thin_sig = 0;
	if (!sigsetjmp(thin_jmp, 1))
		__asm__ volatile("mov %%rsp, %%rbx\n\t"
				 "mov %0, %%rsp\n\t"
				 "xor %%edx, %%edx\n\t"
				 "mov $1, %%eax\n\t"
				 "xor %%ecx, %%ecx\n\t"
				 "div %%ecx\n\t"
				 "mov %%rbx, %%rsp"
				 : : "r"(m + PAGE + 64) : "rax", "rbx", "rcx", "rdx", "memory");
	ok(thin_sig == SIGFPE, "a division error with 64 bytes of stack left is SIGFPE (got %d)", thin_sig);
	signal(SIGFPE, SIG_DFL);
	signal(SIGSEGV, SIG_DFL);
	sigaltstack(&old, NULL);
	munmap(m, 2 * PAGE);
}

static void overflow(void)
{
	uintptr_t lowest = (uintptr_t)&lowest;

	recurse(1UL << 40, &lowest);
}

static char altstack[64 * 1024];

static void on_overflow(int sig, siginfo_t *si, void *uc)
{
	unsigned char *fresh;
	char here;

	(void)uc;
	ok(sig == SIGSEGV, "stack overflow gives SIGSEGV (si_addr %p)", si->si_addr);
	ok(&here >= altstack && &here < altstack + sizeof(altstack),
	   "the handler runs on the sigaltstack");
	ok(current_cpl() == 0, "the handler runs in ring 0");
	/* A page fault taken on that sigaltstack, which is in .bss. */
	fresh = mmap(NULL, 4 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ok(fresh != MAP_FAILED && touch_pages(fresh, 4 * PAGE, 5),
	   "page faults in the handler, on the sigaltstack, are handled");
	_exit(tap_done());
}

/*
 * The kernel was booted with ukl_pf_window_test=N: each of the first N
 * page faults of this application had an NMI land in its IST window, which
 * the NMI completed before it faulted too.  Every one of those faults must
 * have completed.
 * With ukl_intr_window_test=M as well, the first M interrupts of this
 * application's code got the same NMI in their own IST window: the loop
 * they interrupted must still compute the right sums.
 */
static int window(long want, long want_intr, long want_db, long want_int3)
{
	size_t len = 1 * MIB;
	unsigned char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	struct itimerval tv = { { 0, 1000 }, { 0, 1000 } };
	long nmis, done, intr_nmis = 0, rounds, bad = 0;

	ok(current_cpl() == 0, "the test runs in ring 0");
	ok(p != MAP_FAILED && touch_pages(p, len, 9),
	   "%lu fresh pages are written and read back", len / PAGE);
	nmis = ukl_counter("ukl_pf_window_nmi_faults");
	done = ukl_counter("ukl_ist_completed_pf");
	ok(nmis == want, "%ld of %ld window NMIs completed the window, then took a page fault of their own",
	   nmis, want);
	ok(done >= want, "the kernel counts a #PF window completed by a nested entry for each of them (%ld)", done);
	if (want_db)
		ok(ukl_counter("ukl_pf_window_db_faults") == want_db,
		   "%ld #DB data breakpoints in the window completed it, then took a page fault of their own",
		   want_db);
	if (want_int3)
		ok(ukl_counter("ukl_pf_window_int3_faults") == want_int3,
		   "%ld int3s in the window completed it and left its stack, then took a page fault of their own",
		   want_int3);
	if (!want_intr)
		return tap_done();

	signal(SIGALRM, on_tick);
	setitimer(ITIMER_REAL, &tv, NULL);
	for (rounds = 0; rounds < 4000 && intr_nmis < want_intr; rounds++) {
		unsigned long i, n = 100000, sum = 0;

		for (i = 0; i < n; i++) {
			sum += 3 * i;
			__asm__ volatile("" : "+r"(sum));
		}
		bad += sum != 3 * n * (n - 1) / 2;
		intr_nmis = ukl_counter("ukl_intr_window_nmi_faults");
	}
	ok(intr_nmis == want_intr,
	   "%ld of %ld interrupt-window NMIs completed the window, then took a page fault of their own",
	   intr_nmis, want_intr);
	ok(ukl_counter("ukl_ist_completed_intr") >= want_intr,
	   "the kernel counts an interrupt window completed by an NMI for each of them");
	ok(bad == 0, "the interrupted loop computed the right sum in all %ld rounds", rounds);
	return tap_done();
}

/*
 * Interrupts that arrive while RSP is at the top of a mapping none of
 * whose pages is present yet.  Pushed there, the CPU's interrupt frame
 * would fault, and the interrupt, already acknowledged, would be lost
 * (under QEMU its vector stays in service and the timer never fires
 * again: the guest hangs).  Interrupts are delivered on their own IST
 * stack, so the loop completes, interrupts did hit it, and no page of
 * that stack was written.  The loop touches no memory and signals are
 * blocked, so nothing else writes there either.
 */
static void test_intr_fresh_stack(void)
{
	unsigned char *m = mmap(NULL, 4 * PAGE, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	unsigned char vec[4] = { 1, 1, 1, 1 };
	unsigned long n = 50UL * 1000 * 1000;
	long intrs = ukl_counter("ukl_intr_ist_app");
	sigset_t all, old;

	ok(m != MAP_FAILED && mincore(m, 4 * PAGE, vec) == 0 && !(vec[0] | vec[1] | vec[2] | vec[3]),
	   "a fresh 4-page mapping has no page present");
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &old);
	__asm__ volatile("mov %%rsp, %%r12\n\t"
			 "mov %1, %%rsp\n\t"
			 "1: dec %0\n\t"
			 "jnz 1b\n\t"
			 "mov %%r12, %%rsp"
			 : "+r"(n) : "r"(m + 4 * PAGE) : "r12", "cc", "memory");
	intrs = ukl_counter("ukl_intr_ist_app") - intrs;
	sigprocmask(SIG_SETMASK, &old, NULL);
	ok(n == 0 && intrs > 0, "a loop with RSP at the top of it completes; %ld interrupts hit it", intrs);
	ok(mincore(m, 4 * PAGE, vec) == 0 && !(vec[0] | vec[1] | vec[2] | vec[3]),
	   "and no interrupt frame was pushed onto that stack: no page became present");
	munmap(m, 4 * PAGE);
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "all";
	struct itimerval tv = { { 0, 1000 }, { 0, 1000 } };

	if (!strcmp(mode, "overflow")) {
		printf("pagefault: overflowing the stack\n");
		fflush(stdout);
		overflow();
		return 1;
	}
	if (!strcmp(mode, "altstack")) {
		stack_t ss = { .ss_sp = altstack, .ss_size = sizeof(altstack) };
		struct sigaction sa = { .sa_sigaction = on_overflow,
					.sa_flags = SA_SIGINFO | SA_ONSTACK };

		ok(sigaltstack(&ss, NULL) == 0 && sigaction(SIGSEGV, &sa, NULL) == 0,
		   "SIGSEGV handler installed on a sigaltstack");
		overflow();
		return 1;
	}
	if (!strcmp(mode, "window"))
		return window(argc > 2 ? atol(argv[2]) : 0, argc > 3 ? atol(argv[3]) : 0,
			      argc > 4 ? atol(argv[4]) : 0, argc > 5 ? atol(argv[5]) : 0);

	ok(current_cpl() == 0, "the test runs in ring 0");
	signal(SIGALRM, on_tick);
	setitimer(ITIMER_REAL, &tv, NULL);
	test_stack();
	test_memory();
	test_file();
	test_guard();
	test_thin_stack();
	test_intr_fresh_stack();
	test_storm();
	ok(ukl_counter("ukl_pf_ist_app") > 8 * MIB / PAGE,
	   "the application's faults went through the #PF IST stack (%ld)",
	   ukl_counter("ukl_pf_ist_app"));
	return tap_done();
}
