/*
 * PID 1 of the UKL guest: a normal (ring 3) process.
 *
 * It starts the application found in /ukl/ (exec'ing that file starts the
 * code linked into the kernel, in ring 0), passes it the arguments given
 * after "--" on the kernel command line, waits for it, prints its exit
 * status and the kernel's UKL counters, and powers the machine off through
 * QEMU's isa-debug-exit port.  The host reads the line
 * "ukl-init: exit-status=N" (N = status, or 128 + signal).
 *
 * With ukl_probe=1 on the kernel command line it only reports that the
 * guest booted: the QEMU runner uses that to test whether KVM works.
 * With ukl_exec=PATH it runs PATH (a normal program, e.g. the benchmark
 * built for ring 3) instead of the application in /ukl.
 * With ukl_kill_after=S it kills the application with SIGKILL S seconds
 * after starting it: the tests use it to stop a benchmark in the middle.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/io.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#define DEBUG_EXIT_PORT	0xf4

static void __attribute__((format(printf, 1, 2))) say(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	printf("ukl-init: ");
	vprintf(fmt, ap);
	printf("\n");
	fflush(stdout);
	va_end(ap);
}

/*
 * QEMU exits with (value << 1) | 1; the runner reads the status line.
 * write() to the console only queues the text for the serial driver, which
 * sends it from its interrupt handler: wait until the UART has taken all of
 * it, or the debug-exit write can end QEMU with the last lines unsent.
 */
static void power_off(int status)
{
	fflush(stdout);
	tcdrain(STDOUT_FILENO);
	sync();
	if (ioperm(DEBUG_EXIT_PORT, 1, 1) == 0)
		outb(status & 0x7f, DEBUG_EXIT_PORT);
	/* No debug-exit device: QEMU runs with -no-reboot, so reboot ends it. */
	reboot(RB_AUTOBOOT);
	for (;;)
		pause();
}

static int find_app(char *path, size_t len)
{
	struct dirent *d;
	DIR *dir = opendir("/ukl");
	int found = 0;

	if (!dir)
		return 0;
	while (!found && (d = readdir(dir)))
		if (d->d_name[0] != '.') {
			snprintf(path, len, "/ukl/%s", d->d_name);
			found = 1;
		}
	closedir(dir);
	return found;
}

static void print_ukl_counters(void)
{
	char line[256];
	FILE *f = fopen("/proc/ukl", "r");

	if (!f) {
		say("/proc/ukl: %s", strerror(errno));
		return;
	}
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = 0;
		say("/proc/ukl: %s", line);
	}
	fclose(f);
}

static volatile pid_t app_pid;

static void kill_app(int sig)
{
	static const char msg[] = "ukl-init: ukl_kill_after: killing the application\n";

	(void)sig;
	if (write(STDOUT_FILENO, msg, sizeof(msg) - 1) < 0)
		return;
	kill(app_pid, SIGKILL);
}

/* ukl_kill_after=S: SIGKILL the application S seconds after its start. */
static void arm_kill_after(pid_t pid)
{
	const char *v = getenv("ukl_kill_after");
	struct sigaction sa = { .sa_handler = kill_app };
	unsigned long s;
	char *end;

	if (!v)
		return;
	s = strtoul(v, &end, 10);
	if (*v == 0 || *end != 0 || s == 0) {
		say("ignoring ukl_kill_after=%s: not a number of seconds", v);
		return;
	}
	app_pid = pid;
	sigaction(SIGALRM, &sa, NULL);
	alarm(s);
}

int main(int argc, char **argv)
{
	char path[300];
	int status, code;
	pid_t pid, w;

	(void)argc;
	if (getpid() != 1) {
		fprintf(stderr, "ukl-init: must run as PID 1\n");
		return 1;
	}
	mount("proc", "/proc", "proc", 0, NULL);

	if (getenv("ukl_probe")) {
		say("probe ok");
		power_off(0);
	}
	if (getenv("ukl_exec"))
		snprintf(path, sizeof(path), "%s", getenv("ukl_exec"));
	else if (!find_app(path, sizeof(path))) {
		say("no application in /ukl");
		say("exit-status=%d", 127);
		power_off(127);
	}

	say("starting %s", path);
	pid = fork();
	if (pid == 0) {
		argv[0] = strrchr(path, '/') + 1;
		execv(path, argv);
		say("cannot exec the application: %s", strerror(errno));
		_exit(127);
	}
	if (pid < 0) {
		say("fork: %s", strerror(errno));
		power_off(127);
	}
	arm_kill_after(pid);

	/* As PID 1, reap every orphan until the application itself is done. */
	do {
		w = wait(&status);
	} while (w != pid && !(w < 0 && errno == ECHILD));
	alarm(0);

	if (w != pid) {
		code = 127;
		say("lost the application: %s", strerror(errno));
	} else if (WIFSIGNALED(status)) {
		code = 128 + WTERMSIG(status);
		say("application killed by signal %d", WTERMSIG(status));
	} else {
		code = WEXITSTATUS(status);
		say("application exited with status %d", code);
	}
	print_ukl_counters();
	say("exit-status=%d", code);
	power_off(code);
}
