/*
 * Faults that kill: run as "faults null|div0|abort|badhandler|badsigreturn".
 * Each must end the process with the signal Linux uses (SIGSEGV, SIGFPE,
 * SIGABRT); the test checks the status that init reports and that the
 * kernel survived.  badhandler installs a signal handler at a
 * non-canonical address and badsigreturn returns from a handler to one:
 * a ring-3 task gets SIGSEGV from its failing IRET, and so must a ring-0
 * UKL application.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ucontext.h>

#define NONCANONICAL	0x8000000000000000UL

static void corrupt_return(int sig, siginfo_t *si, void *ctx)
{
	ucontext_t *uc = ctx;

	(void)sig;
	(void)si;
	uc->uc_mcontext.gregs[REG_RIP] = (greg_t)NONCANONICAL;
}

int main(int argc, char **argv)
{
	volatile int zero = 0, *null = NULL;

	if (argc < 2) {
		fprintf(stderr, "usage: faults null|div0|abort|badhandler|badsigreturn\n");
		return 2;
	}
	printf("faults: %s\n", argv[1]);
	fflush(stdout);
	if (!strcmp(argv[1], "null"))
		return *null;
	if (!strcmp(argv[1], "div0"))
		return 10 / zero;
	if (!strcmp(argv[1], "abort"))
		abort();
	if (!strcmp(argv[1], "badhandler")) {
		struct sigaction sa = { .sa_handler = (void (*)(int))NONCANONICAL };

		sigaction(SIGUSR1, &sa, NULL);
		raise(SIGUSR1);
		return 3;
	}
	if (!strcmp(argv[1], "badsigreturn")) {
		struct sigaction sa = { .sa_sigaction = corrupt_return, .sa_flags = SA_SIGINFO };

		sigaction(SIGUSR1, &sa, NULL);
		raise(SIGUSR1);
		return 3;
	}
	return 2;
}
