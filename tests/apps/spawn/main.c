/*
 * Spawning from a UKL application: posix_spawn() and vfork() + execve() of
 * a normal program (it runs in ring 3 and its status comes back), and
 * fork(), which UKL refuses cleanly with ENOSYS and a kernel log line, and
 * loading code (an executable mapping, dlopen()), refused with EACCES and a
 * kernel log line, and ptrace in either direction, refused with EPERM and a
 * kernel log line.  A second instance of the application is refused with
 * EBUSY while this one runs; at the end this process execs a normal
 * program, which execs the application again ("spawn again N F"): that
 * run must start with fresh globals, and it finishes the TAP output (N
 * tests so far, F of them failed).  A normal child ("ukl-normal guard")
 * tries every other way into this process that the kernel's ptrace
 * access checks guard (/proc/PID/mem, process_vm_readv/writev, environ,
 * auxv, stack, syscall, pidfd_getfd), as root and as another uid, and
 * the exec of this application without the privilege to start it.
 */
#include <dlfcn.h>
#include <errno.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/klog.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>
#include "../tap.h"
#include "../ukl-proc.h"

extern char **environ;

#define NORMAL "/bin/ukl-normal"
#define SELF "/ukl/spawn"

/* Globals in the kernel image: each run must find them as linked. */
static int data_word = 1234;
static int bss_word;
static int runs;

/* Does the kernel log contain @what? */
static int klog_has(const char *what)
{
	static char log[64 * 1024];
	int n = klogctl(3 /* SYSLOG_ACTION_READ_ALL */, log, sizeof(log) - 1);

	log[n > 0 ? n : 0] = 0;
	return strstr(log, what) != NULL;
}

static int status_of(pid_t pid)
{
	int status;

	if (waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1000 + WTERMSIG(status);
}

/*
 * posix_spawn() @argv with one end of a new pipe as the child's fd
 * @child_fd (0: it reads, 1: it writes); returns this process's end of the
 * pipe, or -1 with errno set.
 */
static int spawn_piped(char **argv, int child_fd, pid_t *child)
{
	posix_spawn_file_actions_t fa;
	int fds[2], theirs, err;

	if (pipe(fds))
		return -1;
	theirs = child_fd == 0 ? 0 : 1;
	err = posix_spawn_file_actions_init(&fa);
	if (!err)
		err = posix_spawn_file_actions_adddup2(&fa, fds[theirs], child_fd);
	if (!err)
		err = posix_spawn(child, NORMAL, &fa, NULL, argv, environ);
	close(fds[theirs]);
	if (err) {
		close(fds[!theirs]);
		errno = err;
		return -1;
	}
	return fds[!theirs];
}

/*
 * The IDT with the UKL IST gates is loaded only while a UKL task runs
 * (/proc/ukl reads the reader's IDTR): this process's CPU has it, its
 * normal children's CPU has the stock one ("ukl-normal: idt=stock",
 * checked by tests/10-spawn.t).
 */
static void check_idt(const char *when)
{
	char idt[16];

	ok(!strcmp(ukl_proc_word("ukl_idt_this_cpu", idt, sizeof(idt)), "ukl"),
	   "%s, the application's CPU has the UKL IDT loaded (%s)", when, idt);
}

/*
 * A normal child that blocks on a pipe until this process writes to it and
 * then waits for it: the CPU switches from this UKL task straight to the
 * normal one, with no exec in between, and must load the stock IDT for it
 * ("ukl-normal: after waiting for a UKL parent, idt=stock").
 */
static void test_idt_switch(void)
{
	char *argv_wait[] = { NORMAL, "wait", NULL };
	int fd, n;
	pid_t child;

	fd = spawn_piped(argv_wait, 0, &child);
	if (fd < 0) {
		ok(0, "spawning a waiting normal child: %s", strerror(errno));
		return;
	}
	usleep(20000);		/* let it block in read() */
	n = write(fd, "x", 1);
	close(fd);
	n = n == 1 ? status_of(child) : -1;
	ok(n == 0, "a normal child woken by this process ran to its end (%d)", n);
	check_idt("after switching to and from it");
}

/* A UKL application runs only the code linked into the kernel. */
static void test_code_loading(void)
{
	void *p, *lib;
	char *page;
	const char *err;
	int n;

	errno = 0;
	p = mmap(NULL, 4096, PROT_READ | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ok(p == MAP_FAILED && errno == EACCES, "an executable mapping fails with EACCES (errno %d)", errno);

	page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	errno = 0;
	n = page == MAP_FAILED ? 0 : mprotect(page, 4096, PROT_READ | PROT_EXEC);
	ok(n == -1 && errno == EACCES, "mprotect() to PROT_EXEC fails with EACCES (errno %d)", errno);

	errno = 0;
	lib = dlopen("/lib/libexample.so", RTLD_NOW);
	err = dlerror();
	ok(lib == NULL && errno == EACCES, "dlopen() fails with EACCES (errno %d)", errno);
	ok(err && strstr(err, "UKL"), "dlerror() says why: %s", err ? err : "(null)");

	ok(klog_has("executable mapping refused"),
	   "the kernel log names the reason for the refused mapping");
}

/* Nobody may trace a task that runs in ring 0. */
static void test_ptrace(void)
{
	char *argv_attach[] = { NORMAL, "attach", NULL };
	pid_t pid;
	int n;

	errno = 0;
	n = ptrace(PTRACE_TRACEME, 0, NULL, NULL);
	ok(n == -1 && errno == EPERM, "PTRACE_TRACEME fails with EPERM (errno %d)", errno);

	ok(posix_spawn(&pid, NORMAL, NULL, NULL, argv_attach, environ) == 0,
	   "a normal child is spawned to trace its UKL parent");
	n = status_of(pid);
	ok(n == EPERM, "its PTRACE_ATTACH fails with EPERM (status %d)", n);

	ok(klog_has("ptrace refused"), "the kernel log names the reason for the refused ptrace");
}

/* Nobody else may read or write this process, root included. */
static void test_access(void)
{
	static volatile char heap_word[8] = "secret";
	char addr[32], pid[16], line[256];
	char *argv_guard[] = { NORMAL, "guard", pid, SELF, addr, NULL };
	int fd, n = 0;
	char *p = malloc(64);
	FILE *in;
	pid_t child;

	memcpy(p, (const char *)heap_word, sizeof(heap_word));
	snprintf(pid, sizeof(pid), "%d", (int)getpid());
	snprintf(addr, sizeof(addr), "%#lx", (unsigned long)p);
	fd = spawn_piped(argv_guard, 1, &child);
	if (fd < 0) {
		ok(0, "spawning the guard checks: %s", strerror(errno));
		return;
	}
	in = fdopen(fd, "r");
	while (in && fgets(line, sizeof(line), in)) {
		line[strcspn(line, "\n")] = 0;
		if (!strncmp(line, "ok - ", 5))
			ok(1, "%s", line + 5);
		else if (!strncmp(line, "not ok - ", 9))
			ok(0, "%s", line + 9);
		else
			continue;
		n++;
	}
	ok(status_of(child) == 0 && n == 24, "the guard checks all ran (%d of 24)", n);
	ok(klog_has("access to UKL application"), "the kernel log names the reason for a refused access");
	ok(klog_has("starting the ring-0 application needs CAP_SYS_ADMIN"),
	   "and the reason for the refused exec");
	free(p);
}

/* One UKL process at a time: a second instance is refused. */
static void test_second_instance(void)
{
	char *argv_self[] = { SELF, "child", NULL };
	pid_t pid;
	int err;

	err = posix_spawn(&pid, SELF, NULL, NULL, argv_self, environ);
	ok(err == EBUSY, "posix_spawn() of a second instance of this application fails with EBUSY (%d)", err);
	if (err == 0)
		status_of(pid);
	ok(klog_has("so one runs at a time"), "the kernel log names the reason for the refused exec");
}

/* The run after "exec normal program, which execs us": fresh globals. */
static int run_again(char **argv)
{
	tap_count = atoi(argv[2]);
	tap_failed = atoi(argv[3]);
	ok(runs == 1 && data_word == 1234 && bss_word == 0,
	   "exec'd again after the first run ended: globals are fresh (runs %d, .data %d, .bss %d)",
	   runs, data_word, bss_word);
	ok(current_cpl() == 0, "and it runs at CPL 0");
	check_idt("after exec from a normal program");
	return tap_done();
}

int main(int argc, char **argv)
{
	char *argv_spawn[] = { NORMAL, "42", NULL };
	char *argv_vfork[] = { NORMAL, "7", NULL };
	char count[16], failed[16];
	char *argv_again[] = { NORMAL, "exec", SELF, SELF, "again", count, failed, NULL };
	pid_t pid;
	int n;

	runs++;
	if (argc > 3 && !strcmp(argv[1], "again"))
		return run_again(argv);
	if (argc > 1) {
		printf("spawn: unexpected instance '%s'\n", argv[1]);
		return 99;
	}
	ok(runs == 1 && data_word == 1234 && bss_word == 0,
	   "the first run finds its globals as linked");
	data_word = 9999;
	bss_word = 77;
	check_idt("at the start");
	ok(ukl_counter("ukl_active") == 1, "the kernel's ukl_active key is on");

	ok(posix_spawn(&pid, NORMAL, NULL, NULL, argv_spawn, environ) == 0,
	   "posix_spawn() of a normal program");
	n = status_of(pid);
	ok(n == 42, "its exit status reaches the UKL parent (%d)", n);

	pid = vfork();
	if (pid == 0) {
		execve(NORMAL, argv_vfork, environ);
		_exit(127);
	}
	ok(pid > 0, "vfork() works");
	n = status_of(pid);
	ok(n == 7, "vfork() + execve() of a normal program, status %d", n);
	check_idt("after its normal children ran");
	test_idt_switch();

	errno = 0;
	pid = fork();
	if (pid == 0)
		_exit(0);	/* must not happen: would share the parent's globals */
	ok(pid == -1 && errno == ENOSYS, "fork() fails with ENOSYS (pid %d, errno %d)", (int)pid, errno);

	ok(klog_has("fork() is not supported for UKL applications"),
	   "the kernel log names the reason");
	test_code_loading();
	test_ptrace();
	test_access();
	test_second_instance();
	ok(current_cpl() == 0, "the parent still runs at CPL 0");

	/* Hand over to a new run of this application, through a normal one. */
	snprintf(count, sizeof(count), "%d", tap_count);
	snprintf(failed, sizeof(failed), "%d", tap_failed);
	fflush(stdout);
	execv(NORMAL, argv_again);
	ok(0, "exec of %s failed: %s", NORMAL, strerror(errno));
	return tap_done();
}
