/*
 * NMIs that interrupt application code.  The kernel is booted with
 * ukl_nmi_test: a kernel thread on the last CPU sends NMIs to the other
 * CPUs about once a millisecond and counts, in /proc/ukl, those that
 * interrupted ring-0 code on a user-half stack (this application).  Here,
 * on CPU 0, a loop keeps a known value in every general-purpose register
 * but RSP and RCX (the counter) and R11 (the mismatch count) and checks
 * them all on every iteration: an NMI that came back with any register
 * changed shows up as a mismatch.
 */
#define _GNU_SOURCE
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../tap.h"
#include "../ukl-proc.h"

unsigned long reg_check(unsigned long iterations);

#define LOAD \
	"mov $0x01010101, %rax\n\tmov $0x02020202, %rbx\n\tmov $0x03030303, %rdx\n\t" \
	"mov $0x04040404, %rsi\n\tmov $0x05050505, %rdi\n\tmov $0x06060606, %rbp\n\t" \
	"mov $0x07070707, %r8\n\tmov $0x08080808, %r9\n\tmov $0x09090909, %r10\n\t" \
	"mov $0x0a0a0a0a, %r12\n\tmov $0x0b0b0b0b, %r13\n\tmov $0x0c0c0c0c, %r14\n\t" \
	"mov $0x0d0d0d0d, %r15\n\t"
#define CHECK \
	"cmp $0x01010101, %rax\n\tjne 2f\n\tcmp $0x02020202, %rbx\n\tjne 2f\n\t" \
	"cmp $0x03030303, %rdx\n\tjne 2f\n\tcmp $0x04040404, %rsi\n\tjne 2f\n\t" \
	"cmp $0x05050505, %rdi\n\tjne 2f\n\tcmp $0x06060606, %rbp\n\tjne 2f\n\t" \
	"cmp $0x07070707, %r8\n\tjne 2f\n\tcmp $0x08080808, %r9\n\tjne 2f\n\t" \
	"cmp $0x09090909, %r10\n\tjne 2f\n\tcmp $0x0a0a0a0a, %r12\n\tjne 2f\n\t" \
	"cmp $0x0b0b0b0b, %r13\n\tjne 2f\n\tcmp $0x0c0c0c0c, %r14\n\tjne 2f\n\t" \
	"cmp $0x0d0d0d0d, %r15\n\tjne 2f\n\t"

__asm__(
	".text\n"
	".globl reg_check\n"
	".type reg_check, @function\n"
	"reg_check:\n\t"
	"push %rbx\n\tpush %rbp\n\tpush %r12\n\tpush %r13\n\tpush %r14\n\tpush %r15\n\t"
	"mov %rdi, %rcx\n\t"
	"xor %r11d, %r11d\n\t"
	LOAD
	"1:\n\t"
	CHECK
	"jmp 3f\n"
	"2:\n\t"
	"inc %r11\n\t"
	LOAD
	"3:\n\t"
	"dec %rcx\n\t"
	"jnz 1b\n\t"
	"mov %r11, %rax\n\t"
	"pop %r15\n\tpop %r14\n\tpop %r13\n\tpop %r12\n\tpop %rbp\n\tpop %rbx\n\t"
	"ret\n"
	".size reg_check, .-reg_check\n");

int main(void)
{
	cpu_set_t set;
	unsigned long bad;
	long before, after;

	CPU_ZERO(&set);
	CPU_SET(0, &set);
	ok(sched_setaffinity(0, sizeof(set), &set) == 0 && sched_getcpu() == 0,
	   "pinned to CPU 0");
	ok(current_cpl() == 0, "the test runs in ring 0");
	before = ukl_counter("ukl_nmi_in_app");
	bad = reg_check(30000000UL);
	after = ukl_counter("ukl_nmi_in_app");
	ok(bad == 0, "no register changed across 30M checked iterations (%lu mismatches)", bad);
	ok(before >= 0 && after > before,
	   "NMIs interrupted the application meanwhile (%ld -> %ld)", before, after);
	return tap_done();
}
