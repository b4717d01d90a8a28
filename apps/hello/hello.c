/*
 * hello: the smallest UKL application.  An ordinary C program; only what
 * it prints is special: the CS selector it runs with and CR0, a register
 * that only ring 0 can read (in ring 3 the read raises #GP and the process
 * dies with SIGSEGV).  It also prints where its main() is: the kernel image,
 * and the application in it, move with KASLR from boot to boot.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static unsigned short read_cs(void)
{
	unsigned short cs;

	__asm__ volatile("mov %%cs, %0" : "=r"(cs));
	return cs;
}

static unsigned long read_cr0(void)
{
	unsigned long cr0;

	__asm__ volatile("mov %%cr0, %0" : "=r"(cr0));
	return cr0;
}

int main(int argc, char **argv)
{
	static const char greeting[] = "Hello from a UKL application!\n";
	unsigned short cs = read_cs();

	if (write(STDOUT_FILENO, greeting, strlen(greeting)) != (ssize_t)strlen(greeting))
		return 1;
	printf("hello: argc=%d argv[0]=%s\n", argc, argv[0]);
	printf("hello: cs=0x%x cpl=%d\n", cs, cs & 3);
	printf("hello: cr0=0x%lx\n", read_cr0());
	printf("hello: main at %p\n", (void *)main);
	return 0;
}
