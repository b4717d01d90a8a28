/*
 * C half of the UKL application startup: hand argc/argv/envp to musl's
 * __libc_start_main, which reads the auxiliary vector after envp, sets up
 * the thread pointer (arch_prctl(ARCH_SET_FS) through the UKL entry), runs
 * the constructors and calls exit(main(...)).
 */
int main(int, char **, char **);
int __libc_start_main(int (*)(int, char **, char **), int, char **,
		      void (*)(void), void (*)(void), void (*)(void));
_Noreturn void __ukl_start_c(long *sp);

_Noreturn void __ukl_start_c(long *sp)
{
	int argc = (int)sp[0];
	char **argv = (char **)(sp + 1);

	__libc_start_main(main, argc, argv, 0, 0, 0);
	__builtin_unreachable();
}
