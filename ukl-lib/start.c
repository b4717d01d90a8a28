/*
 * C half of the UKL application startup: hand argc/argv/envp to the C
 * library's __libc_start_main, which reads the auxiliary vector after
 * envp, sets up the thread pointer (arch_prctl(ARCH_SET_FS) through the
 * UKL entry), runs the constructors and calls exit(main(...)).  glibc
 * also takes the initial stack pointer (__libc_stack_end: the main
 * thread's stack for pthread_getattr_np and the stack guard).
 */
#include <features.h>

int main(int, char **, char **);
#ifdef __GLIBC__
int __libc_start_main(int (*)(int, char **, char **), int, char **,
		      void (*)(void), void (*)(void), void (*)(void), void *);
#else
int __libc_start_main(int (*)(int, char **, char **), int, char **,
		      void (*)(void), void (*)(void), void (*)(void));
#endif
_Noreturn void __ukl_start_c(long *sp);

_Noreturn void __ukl_start_c(long *sp)
{
	int argc = (int)sp[0];
	char **argv = (char **)(sp + 1);

#ifdef __GLIBC__
	__libc_start_main(main, argc, argv, 0, 0, 0, sp);
#else
	__libc_start_main(main, argc, argv, 0, 0, 0);
#endif
	__builtin_unreachable();
}

/*
 * UKL_BYPASS=1 in the environment turns on the system call bypass for the
 * main thread (and the threads it creates) before main() runs: see
 * PR_SET_UKL_BYPASS in the kernel.  A thread can also turn it on or off
 * for itself with prctl(PR_SET_UKL_BYPASS, 1 or 0, 0, 0, 0).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>

#ifndef PR_SET_UKL_BYPASS
#define PR_SET_UKL_BYPASS	0x554b4c42
#endif

__attribute__((constructor)) static void ukl_bypass_from_env(void)
{
	const char *v = getenv("UKL_BYPASS");

	if (!v || strcmp(v, "1"))
		return;
	if (prctl(PR_SET_UKL_BYPASS, 1, 0, 0, 0))
		fprintf(stderr, "ukl: UKL_BYPASS=1: prctl(PR_SET_UKL_BYPASS) failed: %s\n",
			strerror(errno));
}
