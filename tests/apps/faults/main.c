/*
 * Faults that kill: run as "faults null|div0|abort".  Each must end the
 * process with the signal Linux uses (SIGSEGV, SIGFPE, SIGABRT); the test
 * checks the status that init reports and that the kernel survived.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
	volatile int zero = 0, *null = NULL;

	if (argc < 2) {
		fprintf(stderr, "usage: faults null|div0|abort\n");
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
	return 2;
}
