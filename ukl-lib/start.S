/*
 * _start of a UKL application.
 *
 * The kernel's UKL binfmt starts the process here, in ring 0, with the
 * stack exec built: argc, argv[], NULL, envp[], NULL, auxv[] at %rsp.
 * This is the linked-in object's only exported symbol (renamed to
 * ukl_app_entry by the linker step).
 */
	.text
	.global	_start
	.type	_start, @function
_start:
	xor	%ebp, %ebp		/* outermost frame */
	mov	%rsp, %rdi		/* argc, argv, envp, auxv */
	andq	$-16, %rsp		/* ABI stack alignment for the call */
	call	__ukl_start_c
	ud2				/* __ukl_start_c never returns */
	.size	_start, . - _start
	.section .note.GNU-stack, "", @progbits
