/*
 * Spawning from a UKL application: posix_spawn() and vfork() + execve() of
 * a normal program (it runs in ring 3 and its status comes back), and
 * fork(), which UKL refuses cleanly with ENOSYS and a kernel log line.
 */
#include <errno.h>
#include <spawn.h>
#include <string.h>
#include <sys/klog.h>
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
	ok(current_cpl() == 0, "the parent still runs at CPL 0");
	return tap_done();
}
