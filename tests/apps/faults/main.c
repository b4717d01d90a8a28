/*
 * Faults that kill: run as "faults CASE" (see usage).
 * Each must end the process with the signal Linux uses (SIGSEGV, SIGFPE,
 * SIGABRT); the test checks the status that init reports and that the
 * kernel survived.  heap overwrites a block's header before freeing it:
 * musl's malloc finds the corruption and crashes the process with ud2
 * (SIGILL); its old hlt would have waited for an interrupt in ring 0 and
 * run on.  ud2 is the instruction itself.  The rest must fault, never
 * oops: jumpuser jumps to a user-half page (mapped, but not executable:
 * the kernel refuses executable mappings), rodata writes to a string
 * literal and ktext to the application's own code (both read-only pages
 * of the kernel image), int3 has no handler (SIGTRAP), and kread asks
 * read() to store into the kernel image (EFAULT, status 0).  badhandler installs a signal handler at a
 * non-canonical address and badsigreturn returns from a handler to one:
 * a ring-3 task gets SIGSEGV from its failing IRET, and so must a ring-0
 * UKL application.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>
#include <errno.h>

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
		fprintf(stderr, "usage: faults null|div0|abort|badhandler|badsigreturn|heap|ud2|jumpuser|rodata|ktext|int3|kread\n");
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
	if (!strcmp(argv[1], "ud2"))
		__builtin_trap();
	if (!strcmp(argv[1], "jumpuser")) {
		unsigned char *page = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
					   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (page == MAP_FAILED)
			return 4;
		page[0] = 0xc3;		/* ret */
		((void (*)(void))page)();
		return 3;
	}
	if (!strcmp(argv[1], "rodata")) {
		static const char text[] = "read-only";

		*(volatile char *)text = 'X';
		return 3;
	}
	if (!strcmp(argv[1], "ktext")) {
		*(volatile unsigned char *)(void *)main = 0xcc;
		return 3;
	}
	if (!strcmp(argv[1], "int3")) {
		__asm__ volatile("int3");
		return 3;
	}
	if (!strcmp(argv[1], "kread")) {
		int fds[2];
		ssize_t n;

		if (pipe(fds) || write(fds[1], "x", 1) != 1)
			return 4;
		n = read(fds[0], (void *)main, 1);
		printf("faults: read() into the kernel image: %zd, %s\n", n, strerror(errno));
		return n == -1 && errno == EFAULT ? 0 : 3;
	}
	if (!strcmp(argv[1], "heap")) {
		/* an underflow that overwrites the block's in-band header */
		char *volatile a = malloc(64);
		volatile char *header = a - 4;

		for (int i = 0; i < 4; i++)
			header[i] = 0x41;	/* volatile: the store must happen */
		free(a);
		printf("faults: the corrupted heap went unnoticed\n");
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
