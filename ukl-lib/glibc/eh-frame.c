/*
 * Register the application's call frame information with the unwinder.
 *
 * glibc's pthread_exit() and thread cancellation unwind the thread's
 * stack (_Unwind_ForcedUnwind), running the cleanup handlers of the
 * frames on the way.  The unwinder finds a frame's FDE through the
 * PT_GNU_EH_FRAME program header of a normal program, which a UKL
 * application does not have: its .eh_frame sits in the kernel image's
 * read-only data (linker/ukl-app.lds).  So it is registered before main()
 * runs, as crtbegin.o does on systems without PT_GNU_EH_FRAME.  Frames
 * without unwind information (code built without -fexceptions) end the
 * walk, and glibc then finishes the thread as at the top of its stack.
 */
extern const char __ukl_eh_frame_start[];
void __register_frame_info(const void *begin, void *object);

/* libgcc's struct object: six words, filled in by the unwinder. */
static void *ukl_eh_object[8];

__attribute__((constructor(101))) static void ukl_register_eh_frame(void)
{
	__register_frame_info(__ukl_eh_frame_start, ukl_eh_object);
}
