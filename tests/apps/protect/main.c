/*
 * The kernel's protections while a UKL application runs in ring 0.
 *
 * ARGS name what this boot should have: any of "expect:smap", "expect:smep",
 * "expect:pti" (not "pti=...": the kernel reads its options from the whole
 * command line, the application's part included).  The
 * application checks them where the CPU reports them (CR4, read in ring 0)
 * and where the kernel does (/proc/cpuinfo), then:
 *
 *  - it runs with IF set and, under SMAP, with EFLAGS.AC set, after system
 *    calls too, so SMAP lets it at its own stack and heap;
 *  - every signal handler starts with IF (and AC) set: a signal at a system
 *    call's return, one from a fault, one from a timer interrupt, one raised
 *    after the application cleared IF itself; a system call made with IF
 *    clear returns with it set; a sigreturn given flags with IF and AC
 *    clear still resumes with them set;
 *  - the system call's fast return works when the call itself dropped the
 *    stack page holding its return address (madvise(MADV_DONTNEED)): the
 *    return pushes it again, with interrupts on;
 *  - it runs on the kernel's page tables: CR3 has the PTI user bit (12)
 *    clear and stays the same across system calls, sleeps and signals;
 *  - a normal process beside it provokes LKDTM's ACCESS_USERSPACE and
 *    EXEC_USERSPACE: with SMAP and SMEP the kernel oopses and kills the
 *    writer, as on stock Linux; without them LKDTM reports that it
 *    survived (FAIL), which shows that these checks can fail;
 *  - a normal process reads kernel data and dies of SIGSEGV; the fault's
 *    error code, which /proc/ukl counts, says the page was not present
 *    under PTI (the process ran on its user page tables) and a supervisor
 *    page without (the kernel's page tables).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/klog.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>
#include "../tap.h"
#include "../ukl-proc.h"

#define X86_EFLAGS_IF	(1UL << 9)
#define X86_EFLAGS_AC	(1UL << 18)
#define X86_CR4_SMEP	(1UL << 20)
#define X86_CR4_SMAP	(1UL << 21)
#define PTI_USER_PGTABLE_BIT 12

extern char **environ;
extern void ukl_entry_SYSCALL_64(void);

static int want_smap, want_smep, want_pti;

static inline unsigned long read_flags(void)
{
	unsigned long f;

	__asm__ volatile("pushfq; popq %0" : "=r"(f));
	return f;
}

static inline unsigned long read_cr4(void)
{
	unsigned long v;

	__asm__ volatile("mov %%cr4, %0" : "=r"(v));
	return v;
}

static inline unsigned long read_cr3(void)
{
	unsigned long v;

	__asm__ volatile("mov %%cr3, %0" : "=r"(v));
	return v;
}

/* IF set, and AC set exactly when SMAP is on. */
static int app_flags_ok(unsigned long f)
{
	return (f & X86_EFLAGS_IF) && !!(f & X86_EFLAGS_AC) == want_smap;
}

static const char *want_flags(void)
{
	return want_smap ? "IF and AC set" : "IF set, AC clear (no SMAP)";
}

/* Does the "flags" line of /proc/cpuinfo list @flag? */
static int cpuinfo_has(const char *flag)
{
	static char buf[16384];
	char word[32], *line;
	int fd = open("/proc/cpuinfo", O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	buf[n > 0 ? n : 0] = 0;
	line = strstr(buf, "\nflags");
	if (!line)
		return -1;
	snprintf(word, sizeof(word), " %s", flag);
	for (char *p = strstr(line, word); p; p = strstr(p + 1, word)) {
		char end = p[strlen(word)];

		if (p > strchr(line + 1, '\n'))
			break;
		if (end == ' ' || end == '\n')
			return 1;
	}
	return 0;
}

static void check_cpu(void)
{
	unsigned long cr4 = read_cr4();

	ok(current_cpl() == 0, "the application runs at CPL 0");
	ok(!!(cr4 & X86_CR4_SMEP) == want_smep, "CR4.SMEP is %d (CR4 %#lx)", want_smep, cr4);
	ok(!!(cr4 & X86_CR4_SMAP) == want_smap, "CR4.SMAP is %d", want_smap);
	ok(cpuinfo_has("smep") == want_smep, "/proc/cpuinfo: smep %s", want_smep ? "listed" : "absent");
	ok(cpuinfo_has("smap") == want_smap, "/proc/cpuinfo: smap %s", want_smap ? "listed" : "absent");
	ok(cpuinfo_has("pti") == want_pti, "/proc/cpuinfo: pti %s (page-table isolation %s)",
	   want_pti ? "listed" : "absent", want_pti ? "in force" : "off");
}

static void check_flags(void)
{
	unsigned long f = read_flags();

	ok(app_flags_ok(f), "application code runs with %s (flags %#lx)", want_flags(), f);
	getppid();
	f = read_flags();
	ok(app_flags_ok(f), "and so after a system call's fast return (flags %#lx)", f);
}

/* Flags and CR3 as each handler found them on its first instruction. */
static volatile unsigned long handler_flags[NSIG], handler_cr3[NSIG];
static volatile int handled[NSIG];
static sigjmp_buf fault_jmp;
static int clear_flags_on_return;

static void handler(int sig, siginfo_t *si, void *ucp)
{
	ucontext_t *uc = ucp;

	handler_flags[sig] = read_flags();
	handler_cr3[sig] = read_cr3();
	handled[sig]++;
	(void)si;
	if (sig == SIGSEGV)
		siglongjmp(fault_jmp, 1);
	if (sig == SIGUSR2 && clear_flags_on_return)
		uc->uc_mcontext.gregs[REG_EFL] &= ~(X86_EFLAGS_IF | X86_EFLAGS_AC);
}

static void on(int sig)
{
	struct sigaction sa = { .sa_sigaction = handler, .sa_flags = SA_SIGINFO };

	sigaction(sig, &sa, NULL);
}

static void check_handler(int sig, const char *how)
{
	ok(handled[sig] && app_flags_ok(handler_flags[sig]),
	   "a handler of %s starts with %s (flags %#lx)", how, want_flags(), handler_flags[sig]);
}

static void check_signals(void)
{
	struct itimerval it = { .it_value = { 0, 20000 } };
	time_t end;

	on(SIGUSR1);
	on(SIGSEGV);
	on(SIGALRM);
	on(SIGUSR2);

	kill(getpid(), SIGUSR1);
	check_handler(SIGUSR1, "a signal at a system call's return");

	if (!sigsetjmp(fault_jmp, 1))
		*(volatile int *)16 = 1;
	check_handler(SIGSEGV, "SIGSEGV from a page fault");

	setitimer(ITIMER_REAL, &it, NULL);
	for (end = time(NULL) + 20; !handled[SIGALRM] && time(NULL) < end;)
		__asm__ volatile("" ::: "memory");
	check_handler(SIGALRM, "SIGALRM taken in a busy loop (timer interrupt)");

	/*
	 * Ring 0 may clear IF; the kernel must still never start a handler,
	 * or resume the application after a system call, with it clear.
	 */
	__asm__ volatile("cli" ::: "memory");
	kill(getpid(), SIGUSR1);
	ok(handled[SIGUSR1] == 2 && app_flags_ok(handler_flags[SIGUSR1]),
	   "a handler of a signal raised with interrupts off (CLI) starts with %s (flags %#lx)",
	   want_flags(), handler_flags[SIGUSR1]);
	__asm__ volatile("cli" ::: "memory");
	getppid();
	ok(app_flags_ok(read_flags()), "a system call made after CLI returns with %s (flags %#lx)",
	   want_flags(), read_flags());
	__asm__ volatile("sti" ::: "memory");

	clear_flags_on_return = 1;
	kill(getpid(), SIGUSR2);
	clear_flags_on_return = 0;
	ok(handled[SIGUSR2] && app_flags_ok(read_flags()),
	   "a sigreturn given flags with IF and AC clear resumes with %s (flags %#lx)",
	   want_flags(), read_flags());
}

/*
 * From a fresh stack, a system call that drops the very page its return
 * address and flags went to.  The fast return must push the return
 * address again and fault the page back in, with interrupts on.
 */
static void check_zapped_return(void)
{
	char *stack = mmap(NULL, 2 * 4096, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *top = stack + 4096;
	unsigned char vec[2] = { 0, 0 };
	unsigned long flags;
	long ret;

	if (stack == MAP_FAILED) {
		ok(0, "mmap of a fresh stack: %s", strerror(errno));
		return;
	}
	__asm__ volatile("movq %%rsp, %%rbx\n\t"
			 "movq %[top], %%rsp\n\t"
			 "call ukl_entry_SYSCALL_64\n\t"
			 "movq %%rbx, %%rsp\n\t"
			 "pushfq\n\t"
			 "popq %[flags]"
			 : "=a"(ret), [flags] "=r"(flags)
			 : "a"((long)SYS_madvise), "D"(stack), "S"(4096L),
			   "d"((long)MADV_DONTNEED), [top] "r"(top)
			 : "rbx", "rcx", "r11", "memory");
	ok(ret == 0, "madvise(MADV_DONTNEED) of the page holding its own return address returns 0 (%ld)", ret);
	ok(app_flags_ok(flags), "and returns with %s (flags %#lx)", want_flags(), flags);
	mincore(stack, 4096, vec);
	ok(vec[0] & 1, "the return faulted that page back in");
	munmap(stack, 2 * 4096);
}

static void check_cr3(void)
{
	unsigned long cr3 = read_cr3(), now;
	struct timespec ts = { 0, 10 * 1000 * 1000 };
	int same = 1;

	ok(!(cr3 & (1UL << PTI_USER_PGTABLE_BIT)),
	   "CR3 %#lx is the kernel's page table (PTI user bit %d clear)", cr3, PTI_USER_PGTABLE_BIT);
	for (int i = 0; i < 100; i++) {
		getppid();
		if (i % 25 == 0)
			nanosleep(&ts, NULL);
		now = read_cr3();
		same &= (now & ~0xfffUL) == (cr3 & ~0xfffUL);
	}
	ok(same, "CR3 stays the kernel's across 100 system calls and 4 sleeps");
	ok(handled[SIGUSR1] && (handler_cr3[SIGUSR1] & ~0xfffUL) == (cr3 & ~0xfffUL),
	   "and in a signal handler (CR3 %#lx)", handler_cr3[SIGUSR1]);
}

/* Does the kernel log contain @what? */
static int klog_has(const char *what)
{
	static char log[128 * 1024];
	int n = klogctl(3 /* SYSLOG_ACTION_READ_ALL */, log, sizeof(log) - 1);

	log[n > 0 ? n : 0] = 0;
	return strstr(log, what) != NULL;
}

/* Run /bin/ukl-normal @what @arg, a normal process: its exit status. */
static int spawn_normal(const char *what, const char *arg)
{
	char *argv[] = { "/bin/ukl-normal", (char *)what, (char *)arg, NULL };
	int status;
	pid_t pid;

	if (posix_spawn(&pid, argv[0], NULL, NULL, argv, environ))
		return -1;
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

/*
 * One LKDTM crash type: with the protection on, the kernel oopses on
 * @oops and kills the writer; without it, LKDTM logs @fail and the writer
 * survives.
 */
static void check_lkdtm_type(const char *type, const char *prot, int on,
			     const char *oops, const char *fail)
{
	int st = spawn_normal("lkdtm", type);

	if (on) {
		ok(st == 0, "LKDTM %s from a normal process: the kernel killed the writer (%d)", type, st);
		ok(klog_has(oops), "the kernel oopsed (%s): %s holds", oops, prot);
	} else {
		ok(st == 1, "LKDTM %s without %s: the writer survived (%d)", type, prot, st);
		ok(klog_has(fail), "LKDTM reports the missing protection (%s)", fail);
	}
}

static void check_lkdtm(void)
{
	check_lkdtm_type("ACCESS_USERSPACE", "SMAP", want_smap,
			 "#PF: supervisor read access in kernel mode", "FAIL: survived bad read");
	check_lkdtm_type("EXEC_USERSPACE", "SMEP", want_smep,
			 "#PF: supervisor instruction fetch in kernel mode", "FAIL: func returned");
	ok(app_flags_ok(read_flags()) && getppid() > 0, "the application runs on after both oopses");
}

/* Kernel data, in the image with the application: a normal process reads it. */
static volatile int kernel_data = 1;

/*
 * Which page tables a normal process runs on beside this application, as
 * the CPU tells it: a ring-3 read of kernel data faults on a page that is
 * not present in its user page tables under PTI, on a supervisor page of
 * the kernel's without.  /proc/ukl counts the fault by the error code.
 */
static void check_user_page_tables(void)
{
	const char *np_name = "ukl_pf_user_kaddr_not_present";
	const char *prot_name = "ukl_pf_user_kaddr_prot";
	long np = ukl_counter(np_name), prot = ukl_counter(prot_name);
	char addr[32];
	int st;

	snprintf(addr, sizeof(addr), "%#lx", (unsigned long)&kernel_data);
	st = spawn_normal("kread", addr);
	ok(st == 0, "a normal process that reads kernel data at %s dies of SIGSEGV (%d)", addr, st);
	np = ukl_counter(np_name) - np;
	prot = ukl_counter(prot_name) - prot;
	if (want_pti)
		ok(np == 1 && prot == 0,
		   "the CPU found the page not present: the process ran on its user page tables (%s +%ld, %s +%ld)",
		   np_name, np, prot_name, prot);
	else
		ok(np == 0 && prot == 1,
		   "the CPU found a supervisor page: without PTI the process runs on the kernel's page tables (%s +%ld, %s +%ld)",
		   np_name, np, prot_name, prot);
}

/* What the kernel says of Meltdown on this CPU model, for the log. */
static void report_meltdown(void)
{
	char buf[128] = "";
	int fd;
	ssize_t n;

	mkdir("/sys", 0755);
	mount("sysfs", "/sys", "sysfs", 0, NULL);
	fd = open("/sys/devices/system/cpu/vulnerabilities/meltdown", O_RDONLY);
	if (fd >= 0) {
		n = read(fd, buf, sizeof(buf) - 1);
		buf[n > 0 ? n : 0] = 0;
		close(fd);
	}
	buf[strcspn(buf, "\n")] = 0;
	printf("protect: meltdown: %s\n", buf);
}

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		want_smap |= !strcmp(argv[i], "expect:smap");
		want_smep |= !strcmp(argv[i], "expect:smep");
		want_pti |= !strcmp(argv[i], "expect:pti");
	}
	printf("protect: expecting smap=%d smep=%d pti=%d\n", want_smap, want_smep, want_pti);
	check_cpu();
	check_flags();
	check_signals();
	check_zapped_return();
	check_cr3();
	check_lkdtm();
	check_user_page_tables();
	report_meltdown();
	return tap_done();
}
