/*
 * A normal static program for the guest's /bin: prints the CS selector it
 * runs with (ring 3: 0x33) and exits with the status given as argv[1].
 * UKL applications spawn it to show that exec turns them back into normal
 * ring-3 processes.
 */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	unsigned short cs;

	__asm__ volatile("mov %%cs, %0" : "=r"(cs));
	printf("ukl-normal: cs=0x%x cpl=%d\n", cs, cs & 3);
	return argc > 1 ? atoi(argv[1]) : 0;
}
