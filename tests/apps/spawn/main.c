/*
 * Spawning from a UKL application: posix_spawn() and vfork() + execve() of
 * a normal program (it runs in ring 3 and its status comes back), and
 * fork(), which UKL refuses cleanly with ENOSYS and a kernel log line, and
 * loading code (an executable mapping, dlopen()), refused with EACCES and a
 * kernel log line, and ptrace in either direction, refused with EPERM and a
 * kernel log line.
 */
#include <dlfcn.h>
#include <errno.h>
#include <spawn.h>
#include <string.h>
#include <sys/klog.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>
#include "../tap.h"

extern char **environ;

#define NORMAL "/bin/ukl-normal"

static int status_of(pid_t pid)
{
	int status;

	if (waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1000 + WTERMSIG(status);
}

/* A UKL application runs only the code linked into the kernel. */
static void test_code_loading(char *log, size_t size)
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

	n = klogctl(3 /* SYSLOG_ACTION_READ_ALL */, log, size - 1);
	log[n > 0 ? n : 0] = 0;
	ok(strstr(log, "executable mapping refused") != NULL,
	   "the kernel log names the reason for the refused mapping");
}

/* Nobody may trace a task that runs in ring 0. */
static void test_ptrace(char *log, size_t size)
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

	n = klogctl(3 /* SYSLOG_ACTION_READ_ALL */, log, size - 1);
	log[n > 0 ? n : 0] = 0;
	ok(strstr(log, "ptrace refused") != NULL, "the kernel log names the reason for the refused ptrace");
}

int main(void)
{
	char *argv_spawn[] = { NORMAL, "42", NULL };
	char *argv_vfork[] = { NORMAL, "7", NULL };
	static char log[64 * 1024];
	pid_t pid;
	int n;

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

	errno = 0;
	pid = fork();
	if (pid == 0)
		_exit(0);	/* must not happen: would share the parent's globals */
	ok(pid == -1 && errno == ENOSYS, "fork() fails with ENOSYS (pid %d, errno %d)", (int)pid, errno);

	n = klogctl(3 /* SYSLOG_ACTION_READ_ALL */, log, sizeof(log) - 1);
	log[n > 0 ? n : 0] = 0;
	ok(strstr(log, "fork() is not supported for UKL applications") != NULL,
	   "the kernel log names the reason");
	test_code_loading(log, sizeof(log));
	test_ptrace(log, sizeof(log));
	ok(current_cpl() == 0, "the parent still runs at CPL 0");
	return tap_done();
}
