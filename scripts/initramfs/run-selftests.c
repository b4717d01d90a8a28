/*
 * Runs every program in /selftests (the kernel's x86 selftests, built
 * static) as a normal process, one after the other, each with a time
 * limit, and prints one line per program:
 *   selftest NAME exit=N   or   selftest NAME signal=N   or   selftest NAME timeout
 * followed by "selftests done". The programs' own output goes to the
 * console just before their result line; only the result lines are
 * compared between kernels.  With arguments, only the programs named run.
 * First it prints "selftests pti: on" or "off": whether the kernel runs
 * them with page-table isolation (the pti flag of /proc/cpuinfo).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define DIR_PATH	"/selftests"
/*
 * Guest seconds per selftest.  Under TCG guest time is host time, and
 * syscall_numbering with pti=on (a CR3 write, so a TLB flush, per system
 * call) took over 60 s on a loaded 2-CPU host while it passes in well
 * under that on an idle one.
 */
#define LIMIT_S		240

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static void run_one(const char *name)
{
	char path[512];
	int status, waited = 0;
	pid_t pid, w;

	snprintf(path, sizeof(path), "%s/%s", DIR_PATH, name);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		execl(path, name, (char *)NULL);
		_exit(127);
	}
	if (pid < 0) {
		printf("selftest %s fork-failed\n", name);
		return;
	}
	while ((w = waitpid(pid, &status, WNOHANG)) == 0 && waited < LIMIT_S * 10) {
		usleep(100000);
		waited++;
	}
	if (w == 0) {
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
		printf("selftest %s timeout\n", name);
	} else if (WIFSIGNALED(status)) {
		printf("selftest %s signal=%d\n", name, WTERMSIG(status));
	} else {
		printf("selftest %s exit=%d\n", name, WEXITSTATUS(status));
	}
	fflush(stdout);
}

/* Is "pti" one of the words of the flags line of /proc/cpuinfo? */
static int pti_on(void)
{
	char line[4096], *p;
	FILE *f = fopen("/proc/cpuinfo", "r");
	int on = 0;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "flags", 5)) {
			for (p = strtok(strchr(line, ':'), " :\n"); p; p = strtok(NULL, " \n"))
				on |= !strcmp(p, "pti");
			break;
		}
	fclose(f);
	return on;
}

int main(int argc, char **argv)
{
	struct dirent **list;
	int i, n;

	i = pti_on();
	printf("selftests pti: %s\n", i < 0 ? "unknown" : i ? "on" : "off");

	if (argc > 1) {
		for (i = 1; i < argc; i++)
			run_one(argv[i]);
		printf("selftests done\n");
		return 0;
	}
	n = scandir(DIR_PATH, &list, NULL, by_name);

	if (n < 0) {
		perror(DIR_PATH);
		return 1;
	}
	for (i = 0; i < n; i++)
		if (list[i]->d_name[0] != '.')
			run_one(list[i]->d_name);
	printf("selftests done\n");
	return 0;
}
