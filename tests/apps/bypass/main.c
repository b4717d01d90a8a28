/*
 * The system call bypass (prctl(PR_SET_UKL_BYPASS)): a thread that asks
 * for it has its system calls run the system call's body without the
 * generic entry and exit work whenever there is none to do.  It must
 * behave exactly like the full path:
 *
 *  - the prctl: off by default, on and off per thread, inherited by new
 *    threads, bad arguments refused with EINVAL; with ARGS=env, that
 *    UKL_BYPASS=1 in the environment turned it on before main();
 *  - a table of calls, successful and failing, gives the same results and
 *    errno values with and without it, and /proc/ukl counts those calls
 *    as bypassed (and the same calls without it as full-path ones);
 *  - a bypassed call made with IF clear returns with it set, as the full
 *    path does;
 *  - a call of ukl_entry_SYSCALL_64 keeps every register but rax, rcx
 *    and r11, as SYSCALL does, with and without the bypass (its fast
 *    return reloads them);
 *  - a signal sent to itself is handled before kill() returns;
 *  - a signal arriving during a long read() of an empty pipe interrupts
 *    it with EINTR, or restarts it with SA_RESTART, as on Linux;
 *  - a CPU-bound thread looping on bypassed calls is still preempted: on
 *    one CPU, two such threads both make progress and a sleeper wakes.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>
#include "../tap.h"

#ifndef PR_SET_UKL_BYPASS
#define PR_SET_UKL_BYPASS	0x554b4c42
#define PR_GET_UKL_BYPASS	0x554b4c43
#endif

static int set_bypass(int on)
{
	return prctl(PR_SET_UKL_BYPASS, on, 0, 0, 0);
}

static int get_bypass(void)
{
	return prctl(PR_GET_UKL_BYPASS, 0, 0, 0, 0);
}

/*
 * A counter of /proc/ukl ("ukl_syscalls_bypassed", ...), or -1.  The file
 * stays open and is read with pread(): a close() would queue the file's
 * release as task work, which sends that close() down the full exit path.
 */
static long proc_ukl(const char *name)
{
	static char buf[16384];
	static int fd = -1;
	char key[64], *p;
	ssize_t n;

	if (fd < 0)
		fd = open("/proc/ukl", O_RDONLY);
	n = pread(fd, buf, sizeof(buf) - 1, 0);
	buf[n > 0 ? n : 0] = 0;
	snprintf(key, sizeof(key), "%s ", name);
	p = strstr(buf, key);
	return p ? strtol(p + strlen(key), NULL, 10) : -1;
}

static void check_prctl(void)
{
	ok(get_bypass() == 0, "the bypass is off by default");
	ok(set_bypass(2) == -1 && errno == EINVAL, "PR_SET_UKL_BYPASS 2 is refused with EINVAL");
	ok(prctl(PR_SET_UKL_BYPASS, 1, 1, 0, 0) == -1 && errno == EINVAL,
	   "PR_SET_UKL_BYPASS with a stray argument is refused with EINVAL");
	ok(set_bypass(1) == 0 && get_bypass() == 1, "PR_SET_UKL_BYPASS 1 turns it on");
	ok(set_bypass(0) == 0 && get_bypass() == 0, "PR_SET_UKL_BYPASS 0 turns it off");
	ok(prctl(PR_GET_UKL_BYPASS, 1, 0, 0, 0) == -1 && errno == EINVAL,
	   "PR_GET_UKL_BYPASS with an argument is refused with EINVAL");
}

static inline unsigned long read_flags(void)
{
	unsigned long f;

	__asm__ volatile("pushfq; popq %0" : "=r"(f));
	return f;
}

/* The bypass returns like the full path: with IF set, even after CLI. */
static void check_flags(void)
{
	unsigned long f;

	set_bypass(1);
	__asm__ volatile("cli" ::: "memory");
	syscall(SYS_getppid);
	f = read_flags();
	__asm__ volatile("sti" ::: "memory");
	set_bypass(0);
	ok(f & (1UL << 9), "a bypassed call made after CLI returns with IF set (flags %#lx)", f);
}

/*
 * reg_probe(out): load a pattern into every register a system call must
 * keep, call ukl_entry_SYSCALL_64 for getppid directly, and store what
 * the registers hold after it in out[0..11] (rbx, rbp, rdi, rsi, rdx,
 * r8, r9, r10, r12, r13, r14, r15) and the result in out[12].
 */
#define NR_PROBE_REGS	12
__asm__(
"	.pushsection .text\n"
"	.type	reg_probe, @function\n"
"reg_probe:\n"
"	pushq	%rbx\n	pushq	%rbp\n	pushq	%r12\n	pushq	%r13\n"
"	pushq	%r14\n	pushq	%r15\n	pushq	%rdi\n"
"	movabsq	$0x1111111111111111, %rbx\n"
"	movabsq	$0x2222222222222222, %rbp\n"
"	movabsq	$0x3333333333333333, %rdi\n"
"	movabsq	$0x4444444444444444, %rsi\n"
"	movabsq	$0x5555555555555555, %rdx\n"
"	movabsq	$0x6666666666666666, %r8\n"
"	movabsq	$0x7777777777777777, %r9\n"
"	movabsq	$0x8888888888888888, %r10\n"
"	movabsq	$0x9999999999999999, %r12\n"
"	movabsq	$0xaaaaaaaaaaaaaaaa, %r13\n"
"	movabsq	$0xbbbbbbbbbbbbbbbb, %r14\n"
"	movabsq	$0xcccccccccccccccc, %r15\n"
"	movl	$" "110" ", %eax\n"
"	call	ukl_entry_SYSCALL_64\n"
"	pushq	%rdi\n"
"	movq	8(%rsp), %rdi\n"
"	movq	%rbx, 0(%rdi)\n	movq	%rbp, 8(%rdi)\n	popq	%rbx\n"
"	movq	%rbx, 16(%rdi)\n	movq	%rsi, 24(%rdi)\n	movq	%rdx, 32(%rdi)\n"
"	movq	%r8, 40(%rdi)\n	movq	%r9, 48(%rdi)\n	movq	%r10, 56(%rdi)\n"
"	movq	%r12, 64(%rdi)\n	movq	%r13, 72(%rdi)\n	movq	%r14, 80(%rdi)\n"
"	movq	%r15, 88(%rdi)\n	movq	%rax, 96(%rdi)\n"
"	popq	%rdi\n	popq	%r15\n	popq	%r14\n	popq	%r13\n"
"	popq	%r12\n	popq	%rbp\n	popq	%rbx\n"
"	ret\n"
"	.size	reg_probe, .-reg_probe\n"
"	.popsection\n");
void reg_probe(unsigned long *out);
_Static_assert(SYS_getppid == 110, "reg_probe calls getppid by number");

static void check_registers(void)
{
	static const char *const names[NR_PROBE_REGS] = {
		"rbx", "rbp", "rdi", "rsi", "rdx", "r8", "r9", "r10", "r12", "r13", "r14", "r15",
	};
	static const unsigned long want[NR_PROBE_REGS] = {
		0x1111111111111111, 0x2222222222222222, 0x3333333333333333, 0x4444444444444444,
		0x5555555555555555, 0x6666666666666666, 0x7777777777777777, 0x8888888888888888,
		0x9999999999999999, 0xaaaaaaaaaaaaaaaa, 0xbbbbbbbbbbbbbbbb, 0xcccccccccccccccc,
	};
	unsigned long out[NR_PROBE_REGS + 1];
	long b0, b1;
	int on, i, bad;

	/*
	 * Bypassed with it on: the probe's getppid and the prctl that turns
	 * the bypass off again (the one that turns it on entered before).
	 */
	for (on = 0; on <= 1; on++) {
		/* A tick asking for rescheduling sends a call the full way. */
		for (i = 0; i < 5; i++) {
			b0 = proc_ukl("ukl_syscalls_bypassed");
			set_bypass(on);
			reg_probe(out);
			set_bypass(0);
			b1 = proc_ukl("ukl_syscalls_bypassed");
			if (b1 - b0 == 2 * on)
				break;
		}
		for (i = 0, bad = -1; i < NR_PROBE_REGS; i++)
			if (out[i] != want[i] && bad < 0)
				bad = i;
		ok(bad < 0 && (long)out[NR_PROBE_REGS] == getppid() && b1 - b0 == 2 * on,
		   "%s: a call of ukl_entry_SYSCALL_64 keeps all but rax, rcx and r11 (%s %#lx, %ld bypassed)",
		   on ? "bypassed" : "full path", bad < 0 ? "all kept, getppid" : names[bad],
		   bad < 0 ? out[NR_PROBE_REGS] : out[bad], b1 - b0);
	}
}

/* One call of the table: its result and errno. */
struct result {
	long ret;
	int err;
};

static int pipe_fd[2], null_fd;

static struct result call(int i)
{
	static char buf[sizeof(struct utsname)];
	struct timespec ts = { 0, 1000 };
	struct result r;
	long ret;

	errno = 0;
	switch (i) {
	case 0: ret = syscall(SYS_getppid); break;
	case 1: ret = syscall(SYS_getpid); break;
	case 2: ret = syscall(SYS_getuid); break;
	case 3: ret = syscall(SYS_write, null_fd, "abc", 3L); break;
	case 4: ret = syscall(SYS_open, "/nonexistent/file", O_RDONLY); break;
	case 5: ret = syscall(SYS_close, -1); break;
	case 6: ret = syscall(SYS_read, -1, buf, 1L); break;
	case 7: ret = syscall(SYS_lseek, pipe_fd[0], 0L, SEEK_SET); break;
	case 8: ret = syscall(SYS_uname, buf); break;
	case 9: ret = syscall(SYS_getcwd, buf, sizeof(buf)); break;
	case 10: ret = syscall(SYS_getcwd, buf, 1L); break;
	case 11: ret = syscall(SYS_kill, 99999, 0); break;
	case 12: ret = syscall(SYS_mprotect, (void *)4096, 4096L, PROT_READ); break;
	case 13: ret = syscall(SYS_fcntl, pipe_fd[0], F_GETFL); break;
	case 14: ret = syscall(SYS_munmap, (void *)1, 4096L); break;
	/* Calls that may sleep come last: see check_table(). */
	case 15: ret = syscall(SYS_sched_yield); break;
	default: ret = syscall(SYS_nanosleep, &ts, NULL); break;
	}
	r.ret = ret;
	r.err = ret < 0 ? errno : 0;
	return r;
}

#define NR_CALLS 17

static const char *call_name[NR_CALLS] = {
	"getppid", "getpid", "getuid", "write(/dev/null, 3)",
	"open(/nonexistent) (ENOENT)", "close(-1) (EBADF)", "read(-1) (EBADF)",
	"lseek(pipe) (ESPIPE)", "uname", "getcwd", "getcwd(buf, 1) (ERANGE)",
	"kill(99999, 0) (ESRCH)", "mprotect(4096) (ENOMEM)", "fcntl(F_GETFL)",
	"munmap(1) (EINVAL)", "sched_yield", "nanosleep(1 us)",
};

/* The calls before these cannot sleep. */
#define NR_NOSLEEP 15

static void check_table(void)
{
	struct result full[NR_CALLS], byp[NR_CALLS];
	long b0, b1, f0, f1;
	int i;

	if (pipe(pipe_fd) || (null_fd = open("/dev/null", O_WRONLY)) < 0) {
		ok(0, "pipe and /dev/null: %s", strerror(errno));
		return;
	}
	f0 = proc_ukl("ukl_syscalls_full_path");
	b0 = proc_ukl("ukl_syscalls_bypassed");
	for (i = 0; i < NR_CALLS; i++)
		full[i] = call(i);
	b1 = proc_ukl("ukl_syscalls_bypassed");
	ok(b0 >= 0 && b1 == b0, "without the bypass, /proc/ukl counts no bypassed call (%ld -> %ld)", b0, b1);

	set_bypass(1);
	b0 = proc_ukl("ukl_syscalls_bypassed");
	f0 = proc_ukl("ukl_syscalls_full_path");
	for (i = 0; i < NR_NOSLEEP; i++)
		byp[i] = call(i);
	b1 = proc_ukl("ukl_syscalls_bypassed");
	f1 = proc_ukl("ukl_syscalls_full_path");
	/*
	 * A call that slept comes back to an FPU state to reload, which the
	 * bypass leaves to the full exit path.
	 */
	for (; i < NR_CALLS; i++)
		byp[i] = call(i);
	set_bypass(0);

	for (i = 0; i < NR_CALLS; i++)
		ok(full[i].ret == byp[i].ret && full[i].err == byp[i].err,
		   "%s: the same with the bypass (%ld, errno %d) as without (%ld, errno %d)",
		   call_name[i], byp[i].ret, byp[i].err, full[i].ret, full[i].err);
	/* The calls that cannot sleep, and the reads of /proc/ukl between. */
	ok(b1 - b0 >= NR_NOSLEEP, "/proc/ukl counts the table's calls that cannot sleep as bypassed (%ld more)",
	   b1 - b0);
	/*
	 * Only work raised meanwhile (a tick asking for rescheduling, under
	 * TCG's uneven timing) sends one down the full path.
	 */
	ok(f1 - f0 <= 3, "and at most 3 of them as full-path calls (%ld more)", f1 - f0);
	/*
	 * Of pread, open, close, pread: the close at least.  A call counts in
	 * the total on entry and as bypassed on its way out, so a tick that
	 * sends the first pread (whose result is b0) down the full exit makes
	 * the sum 3: try again then.
	 */
	for (i = 0; i < 5; i++) {
		set_bypass(1);
		b0 = proc_ukl("ukl_syscalls_bypassed");
		f0 = proc_ukl("ukl_syscalls_full_path");
		close(open("/proc/ukl", O_RDONLY));
		b1 = proc_ukl("ukl_syscalls_bypassed");
		f1 = proc_ukl("ukl_syscalls_full_path");
		set_bypass(0);
		if (f1 - f0 >= 1 && (f1 - f0) + (b1 - b0) == 4)
			break;
	}
	ok(f1 - f0 >= 1 && (f1 - f0) + (b1 - b0) == 4,
	   "close() of an opened file leaves by the full path, for the task work of its release (%ld full, %ld bypassed of 4)",
	   f1 - f0, b1 - b0);
}

static volatile int got_usr1, got_alrm;
static int alrm_writes;

static void on_usr1(int sig)
{
	(void)sig;
	got_usr1 = 1;
}

static void on_alrm(int sig)
{
	(void)sig;
	got_alrm++;
	if (alrm_writes && write(pipe_fd[1], "x", 1) != 1)
		got_alrm = -1000;
}

static void check_signals(void)
{
	struct itimerval it = { .it_value = { 0, 100000 } };
	struct sigaction sa = { .sa_handler = on_usr1 };
	char byte;
	long f0, f1;
	ssize_t n;

	sigaction(SIGUSR1, &sa, NULL);
	set_bypass(1);
	f0 = proc_ukl("ukl_syscalls_full_path");
	kill(getpid(), SIGUSR1);
	f1 = proc_ukl("ukl_syscalls_full_path");
	ok(got_usr1, "a signal sent to itself is handled before kill() returns");
	ok(f1 - f0 >= 1, "that kill() left through the full path (%ld full-path calls)", f1 - f0);

	sa.sa_handler = on_alrm;
	sigaction(SIGALRM, &sa, NULL);
	setitimer(ITIMER_REAL, &it, NULL);
	n = read(pipe_fd[0], &byte, 1);
	ok(n == -1 && errno == EINTR && got_alrm == 1,
	   "SIGALRM interrupts a bypassed read() of an empty pipe with EINTR (%zd, %s)",
	   n, strerror(errno));

	sa.sa_flags = SA_RESTART;
	sigaction(SIGALRM, &sa, NULL);
	alrm_writes = 1;
	got_alrm = 0;
	setitimer(ITIMER_REAL, &it, NULL);
	n = read(pipe_fd[0], &byte, 1);
	ok(n == 1 && byte == 'x' && got_alrm == 1,
	   "with SA_RESTART the read() restarts and gets the byte the handler wrote (%zd)", n);
	set_bypass(0);
}

static volatile int stop;
static volatile unsigned long progress[2];
static volatile int child_bypass = -2;

static void *spin(void *arg)
{
	unsigned long i = (unsigned long)arg;

	if (i == 0)
		child_bypass = get_bypass();
	while (!stop) {
		syscall(SYS_getppid);
		progress[i]++;
	}
	return NULL;
}

static void check_preemption(void)
{
	struct timespec ts = { 0, 300 * 1000 * 1000 }, t0, t1;
	pthread_t t[2];
	double slept;
	long b0 = proc_ukl("ukl_syscalls_bypassed"), b1;
	int made;

	set_bypass(1);
	made = !pthread_create(&t[0], NULL, spin, (void *)0UL) &&
	       !pthread_create(&t[1], NULL, spin, (void *)1UL);
	set_bypass(0);
	if (!made) {
		ok(0, "pthread_create with the bypass on: %s", strerror(errno));
		return;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	nanosleep(&ts, NULL);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	stop = 1;
	pthread_join(t[0], NULL);
	pthread_join(t[1], NULL);
	b1 = proc_ukl("ukl_syscalls_bypassed");
	slept = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	ok(slept < 3.0, "a 0.3 s sleep ended after %.2f s while two threads spun on bypassed calls", slept);
	ok(progress[0] > 0 && progress[1] > 0,
	   "both spinning threads made progress (%lu and %lu calls): each was preempted",
	   progress[0], progress[1]);
	ok(child_bypass == 1, "a thread created with the bypass on has it on (%d)", child_bypass);
	/* Those that found rescheduling due left by the full path. */
	ok(b1 - b0 >= (long)(progress[0] + progress[1]) * 9 / 10,
	   "at least 90%% of their calls were bypassed (%ld of %lu)", b1 - b0,
	   progress[0] + progress[1]);
}

int main(int argc, char **argv)
{
	if (current_cpl() != 0) {
		ok(0, "the application runs at CPL 0");
		return tap_done();
	}
	if (argc > 1 && !strcmp(argv[1], "env")) {
		ok(get_bypass() == 1, "UKL_BYPASS=1 in the environment turned the bypass on before main()");
		set_bypass(0);
	}
	check_prctl();
	check_flags();
	check_registers();
	check_table();
	check_signals();
	check_preemption();
	return tap_done();
}
