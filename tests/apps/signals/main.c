/*
 * Signals in a UKL application: handlers run in ring 0 on the application
 * stack or its sigaltstack and return through sigreturn.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <ucontext.h>
#include <unistd.h>
#include "../tap.h"

static volatile sig_atomic_t got_alarm, got_usr1, usr1_pid, handler_cpl = -1;
static volatile unsigned long usr1_uc_flags, usr1_cs;
static volatile uintptr_t usr2_local;
static sigjmp_buf recover;

static void on_alarm(int sig)
{
	got_alarm = sig;
	handler_cpl = current_cpl();
}

static void on_usr1(int sig, siginfo_t *si, void *uc)
{
	ucontext_t *ctx = uc;

	got_usr1 = sig;
	usr1_pid = si->si_pid;
	usr1_uc_flags = ctx->uc_flags;
	usr1_cs = ctx->uc_mcontext.gregs[REG_CSGSFS] & 0xffff;
}

/* Returns through sigreturn with uc_flags cleared, as an old program's frame. */
static volatile sig_atomic_t got_hup;

static void on_hup(int sig, siginfo_t *si, void *uc)
{
	(void)si;
	((ucontext_t *)uc)->uc_flags = 0;
	got_hup = sig;
}

static void on_usr2(int sig)
{
	volatile char here;

	(void)sig;
	usr2_local = (uintptr_t)&here;
}

static void on_segv(int sig)
{
	siglongjmp(recover, sig);
}

static void on_signal(int sig, void (*fn)(int), int flags)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = fn;
	sa.sa_flags = flags;
	sigaction(sig, &sa, NULL);
}

int main(void)
{
	static char altstack[64 * 1024];
	struct sigaction sa;
	stack_t ss;
	int sig, round;

	ok(current_cpl() == 0, "the application runs at CPL 0");

	on_signal(SIGALRM, on_alarm, 0);
	alarm(1);
	while (!got_alarm)
		pause();
	ok(got_alarm == SIGALRM, "alarm(1) delivers SIGALRM to the handler");
	ok(handler_cpl == 0, "the handler ran at CPL 0 (cpl %d)", (int)handler_cpl);

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_usr1;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGUSR1, &sa, NULL);
	kill(getpid(), SIGUSR1);
	ok(got_usr1 == SIGUSR1, "kill(getpid(), SIGUSR1) runs the handler before kill returns");
	ok(usr1_pid == getpid(), "siginfo carries the sender's pid");
	ok(usr1_cs == 0x10, "the saved context has CS 0x%lx (__KERNEL_CS)", usr1_cs);
	/* UC_SIGCONTEXT_SS | UC_STRICT_RESTORE_SS: what a 64-bit process gets */
	ok((usr1_uc_flags & 6) == 6, "the frame is a 64-bit one: uc_flags 0x%lx has both SS flags",
	   usr1_uc_flags);

	sa.sa_sigaction = on_hup;
	sigaction(SIGHUP, &sa, NULL);
	kill(getpid(), SIGHUP);
	ok(got_hup == SIGHUP && current_cpl() == 0,
	   "sigreturn of a frame whose uc_flags the handler cleared returns to ring 0");

	ss.ss_sp = altstack;
	ss.ss_size = sizeof(altstack);
	ss.ss_flags = 0;
	ok(sigaltstack(&ss, NULL) == 0, "sigaltstack() accepts a stack in the application's data");
	on_signal(SIGUSR2, on_usr2, SA_ONSTACK);
	raise(SIGUSR2);
	ok(usr2_local >= (uintptr_t)altstack && usr2_local < (uintptr_t)altstack + sizeof(altstack),
	   "an SA_ONSTACK handler runs on the sigaltstack");

	on_signal(SIGSEGV, on_segv, SA_NODEFER);
	for (round = 1; round <= 2; round++) {
		sig = sigsetjmp(recover, 1);
		if (sig == 0) {
			volatile int *bad = (volatile int *)16;

			*bad = round;
			ok(0, "NULL-page store %d faults", round);
		} else {
			ok(sig == SIGSEGV, "NULL-page store %d raises SIGSEGV and the handler recovers with siglongjmp",
			   round);
		}
	}

	return tap_done();
}
