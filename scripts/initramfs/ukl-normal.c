/*
 * A normal static program for the guest's /bin: prints the CS selector it
 * runs with (ring 3: 0x33) and exits with the status given as argv[1].
 * UKL applications spawn it to show that exec turns them back into normal
 * ring-3 processes.  "ukl-normal attach" instead tries to ptrace its
 * parent and exits with the errno it got (0 if the attach worked).
 * "ukl-normal exec PATH ARG..." execs PATH with ARG... as its argv (the
 * UKL application exec'ing this program, which then execs the UKL
 * application again) and exits with the errno if that fails.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	unsigned short cs;

	__asm__ volatile("mov %%cs, %0" : "=r"(cs));
	printf("ukl-normal: cs=0x%x cpl=%d\n", cs, cs & 3);
	if (argc > 3 && !strcmp(argv[1], "exec")) {
		fflush(stdout);
		execv(argv[2], argv + 3);
		return errno;
	}
	if (argc > 1 && !strcmp(argv[1], "attach")) {
		if (ptrace(PTRACE_ATTACH, getppid(), NULL, NULL) == 0) {
			ptrace(PTRACE_DETACH, getppid(), NULL, NULL);
			return 0;
		}
		return errno;
	}
	return argc > 1 ? atoi(argv[1]) : 0;
}
