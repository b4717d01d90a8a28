/*
 * A normal static program for the guest's /bin: prints the CS selector it
 * runs with (ring 3: 0x33), and on a UKL kernel which IDT its CPU has
 * loaded while it runs, as /proc/ukl reports it from the IDTR (a normal
 * process: "stock"), and exits with the status given as argv[1].
 * "ukl-normal wait" reads a byte from stdin first, and prints the IDT again
 * once it has it.
 * UKL applications spawn it to show that exec turns them back into normal
 * ring-3 processes.  "ukl-normal attach" instead tries to ptrace its
 * parent and exits with the errno it got (0 if the attach worked).
 * "ukl-normal exec PATH ARG..." execs PATH with ARG... as its argv (the
 * UKL application exec'ing this program, which then execs the UKL
 * application again) and exits with the errno if that fails.
 * "ukl-normal guard PID PATH ADDR" tries every way into the UKL
 * application PID (whose program is PATH, with a word of heap at ADDR)
 * that goes through the kernel's ptrace access
 * checks, first as root, then as uid/gid 1000, and the exec of PATH
 * without the privilege to start it; it prints one "ok - ..." or
 * "not ok - ..." line per check, which the application passes on as TAP.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

static void check(int pass, const char *who, const char *what, int err)
{
	printf("%sok - as %s: %s (errno %d)\n", pass ? "" : "not ", who, what, err);
}

/* open() and read() of /proc/PID/NAME must fail. */
static void check_proc(const char *who, long pid, const char *name, int flags)
{
	char path[64], buf[64];
	int fd, err = 0, refused;

	snprintf(path, sizeof(path), "/proc/%ld/%s", pid, name);
	fd = open(path, flags);
	if (fd < 0) {
		err = errno;
		refused = err == EACCES || err == EPERM;
	} else {
		refused = read(fd, buf, sizeof(buf)) < 0 &&
			  (errno == EACCES || errno == EPERM);
		err = errno;
		close(fd);
	}
	snprintf(path, sizeof(path), "/proc/PID/%s %s is refused", name,
		 flags == O_RDWR ? "for writing" : "for reading");
	check(refused, who, path, err);
}

/* Everything that asks __ptrace_may_access() about the UKL task PID. */
static void check_access(const char *who, long pid, unsigned long addr)
{
	static char word[8];
	struct iovec local = { word, sizeof(word) };
	struct iovec remote = { (void *)addr, sizeof(word) };
	long pidfd;
	ssize_t n;

	check_proc(who, pid, "mem", O_RDONLY);
	check_proc(who, pid, "mem", O_RDWR);
	check_proc(who, pid, "environ", O_RDONLY);
	check_proc(who, pid, "auxv", O_RDONLY);
	check_proc(who, pid, "stack", O_RDONLY);
	check_proc(who, pid, "syscall", O_RDONLY);
	n = process_vm_readv(pid, &local, 1, &remote, 1, 0);
	check(n < 0 && errno == EPERM, who, "process_vm_readv() is refused with EPERM", n < 0 ? errno : 0);
	n = process_vm_writev(pid, &local, 1, &remote, 1, 0);
	check(n < 0 && errno == EPERM, who, "process_vm_writev() is refused with EPERM", n < 0 ? errno : 0);
	pidfd = syscall(SYS_pidfd_open, pid, 0);
	n = pidfd < 0 ? -1 : syscall(SYS_pidfd_getfd, pidfd, 1, 0);
	check(pidfd >= 0 && n < 0 && errno == EPERM, who, "pidfd_getfd() is refused with EPERM",
	      n < 0 ? errno : 0);
	if (pidfd >= 0)
		close(pidfd);
}

/* exec of the UKL application in a child with the given group; its errno. */
static int exec_errno(const char *path, gid_t gid, uid_t uid)
{
	char *argv[] = { (char *)path, "child", NULL };
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		if (setgroups(0, NULL) || setgid(gid) || setuid(uid))
			_exit(100);
		execv(path, argv);
		_exit(errno);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

static int write_sysctl(const char *value)
{
	int fd = open("/proc/sys/kernel/ukl_exec_group", O_WRONLY);
	int ok = fd >= 0 && write(fd, value, strlen(value)) == (ssize_t)strlen(value);

	if (fd >= 0)
		close(fd);
	return ok;
}

static int guard(long pid, const char *path, unsigned long addr)
{
	char control[64];
	int fd, err;
	pid_t child;

	/* A normal process of the same owner stays readable by root. */
	child = fork();
	if (child == 0) {
		pause();
		_exit(0);
	}
	snprintf(control, sizeof(control), "/proc/%d/mem", (int)child);
	fd = open(control, O_RDWR);
	check(fd >= 0, "root", "/proc/PID/mem of a normal process opens (control)", fd < 0 ? errno : 0);
	if (fd >= 0)
		close(fd);
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);

	check_access("root", pid, addr);

	err = exec_errno(path, 1000, 1000);
	check(err == EPERM, "uid 1000", "exec of the UKL application is refused with EPERM", err);
	check(write_sysctl("1000\n"), "root", "kernel.ukl_exec_group can be set to 1000", 0);
	err = exec_errno(path, 1000, 1000);
	check(err == EBUSY, "uid 1000 in group 1000", "exec gets past the privilege check (EBUSY: one instance)", err);
	check(write_sysctl("-1\n"), "root", "kernel.ukl_exec_group set back to -1", 0);
	err = exec_errno(path, 1000, 1000);
	check(err == EPERM, "uid 1000", "exec is refused again with the group unset", err);

	if (setgroups(0, NULL) || setgid(1000) || setuid(1000)) {
		check(0, "uid 1000", "dropping root", errno);
		return 1;
	}
	check_access("uid 1000", pid, addr);
	return 0;
}

#define LKDTM_DIRECT "/sys/kernel/debug/provoke-crash/DIRECT"

/* Provoke LKDTM crash TYPE in a child; see the comment at the top. */
static int lkdtm(const char *type)
{
	int status, fd;
	pid_t pid;

	mkdir("/sys", 0755);
	if (mount("sysfs", "/sys", "sysfs", 0, NULL) && errno != EBUSY)
		perror("ukl-normal: mount sysfs");
	if (mount("debugfs", "/sys/kernel/debug", "debugfs", 0, NULL) && errno != EBUSY)
		perror("ukl-normal: mount debugfs");
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return 2;
	if (pid == 0) {
		fd = open(LKDTM_DIRECT, O_WRONLY);
		if (fd < 0)
			_exit(100);
		_exit(write(fd, type, strlen(type)) == (ssize_t)strlen(type) ? 0 : 101);
	}
	if (waitpid(pid, &status, 0) != pid)
		return 2;
	if (WIFSIGNALED(status)) {
		printf("ukl-normal: lkdtm %s: the writer was killed by signal %d\n",
		       type, WTERMSIG(status));
		return 0;
	}
	printf("ukl-normal: lkdtm %s: the writer survived, exit %d\n", type,
	       WEXITSTATUS(status));
	return WEXITSTATUS(status) == 100 ? 2 : 1;
}

/*
 * Read the byte at kernel address @addr in a child: 0 when SIGSEGV killed
 * it, as it must.  Which page tables the child ran on, the CPU says in the
 * fault's error code, which /proc/ukl counts (ukl_pf_user_kaddr_*).
 */
static int kread(unsigned long addr)
{
	int status;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return 2;
	if (pid == 0)
		_exit(*(volatile unsigned char *)addr == 0x5a ? 100 : 101);
	if (waitpid(pid, &status, 0) != pid)
		return 2;
	return WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV ? 0 : 1;
}

/* "ukl_idt_this_cpu WHICH" in /proc/ukl, read on this process's CPU. */
static void print_idt(const char *when)
{
	char line[128], which[16];
	FILE *f = fopen("/proc/ukl", "r");

	if (!f)
		return;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "ukl_idt_this_cpu %15s", which) == 1)
			printf("ukl-normal: %sidt=%s\n", when, which);
	fclose(f);
}

int main(int argc, char **argv)
{
	unsigned short cs;

	__asm__ volatile("mov %%cs, %0" : "=r"(cs));
	printf("ukl-normal: cs=0x%x cpl=%d\n", cs, cs & 3);
	print_idt("");
	if (argc > 1 && !strcmp(argv[1], "wait")) {
		char c;

		/* Blocks until the parent writes: a switch from it to us. */
		fflush(stdout);
		if (read(0, &c, 1) != 1)
			return 1;
		print_idt("after waiting for a UKL parent, ");
		return 0;
	}
	if (argc > 3 && !strcmp(argv[1], "exec")) {
		fflush(stdout);
		execv(argv[2], argv + 3);
		return errno;
	}
	if (argc > 4 && !strcmp(argv[1], "guard")) {
		fflush(stdout);
		return guard(atol(argv[2]), argv[3], strtoul(argv[4], NULL, 0));
	}
	if (argc > 2 && !strcmp(argv[1], "lkdtm")) {
		fflush(stdout);
		return lkdtm(argv[2]);
	}
	if (argc > 2 && !strcmp(argv[1], "kread"))
		return kread(strtoul(argv[2], NULL, 0));
	if (argc > 1 && !strcmp(argv[1], "attach")) {
		if (ptrace(PTRACE_ATTACH, getppid(), NULL, NULL) == 0) {
			ptrace(PTRACE_DETACH, getppid(), NULL, NULL);
			return 0;
		}
		return errno;
	}
	return argc > 1 ? atoi(argv[1]) : 0;
}
