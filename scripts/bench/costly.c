/*
 * costly.so: a QEMU TCG plugin that counts, per benchmark operation, the
 * instructions that cost far more on real hardware than their share of an
 * instruction count: SYSCALL, SYSRET, SWAPGS, IRET, MOV to CR3, WRMSR,
 * fences, VERW, PUSHF/POPF, RDTSC and the like.
 *
 * apps/bench marks its measured regions with 8-byte NOPs whose
 * displacement no compiler emits (nopl 0x554bXXXX(%rax,%rax,1)):
 *   0x554b0000 | id << 2 | 3   the operation with index id starts
 *   0x554b0001                 a measured region starts on this vCPU
 *   0x554b0002                 it ends
 * Between a start and an end, every costly instruction this vCPU executes
 * is counted for the current operation: the benchmark's own code, the
 * kernel's entry and exit, interrupts taken meanwhile.  The counts are
 * facts about the instruction stream, not estimates.
 *
 * Usage: qemu-system-x86_64 -smp 1 ... -plugin costly.so,out=FILE[,pcs=PCS]
 * At exit FILE gets one line per operation that had regions:
 *   id=ID regions=N CLASS=COUNT ...        (totals over all N regions)
 * With pcs=PCS, every instruction executed in a region is counted by its
 * guest virtual address too, and PCS gets one line per address:
 *   ID VADDR COUNT                          (hex VADDR, totals over regions)
 * which scripts/bench/profile.sh turns into instructions per symbol: where
 * one row spends instructions that another does not.  That callback runs
 * on every instruction, so TCG gets several times slower.
 *
 * Built against qemu-plugin.h from Debian's qemu source package of the
 * installed QEMU (scripts/bench/bench.mk).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <qemu-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

enum costly {
	C_SYSCALL, C_SYSRET, C_SWAPGS, C_IRET, C_MOV_CR3, C_MOV_CR,
	C_WRMSR, C_RDMSR, C_LFENCE, C_MFENCE, C_SFENCE, C_VERW,
	C_PUSHF, C_POPF, C_RDTSC, C_RDTSCP, C_CPUID, C_CLI, C_STI,
	C_STAC, C_CLAC, C_LIDT, C_INVLPG, C_INVPCID, C_XSAVE, C_XRSTOR,
	C_FXSAVE, C_FXRSTOR, C_HLT, NR_COSTLY
};

static const char *const names[NR_COSTLY] = {
	[C_SYSCALL] = "syscall",	[C_SYSRET] = "sysret",
	[C_SWAPGS] = "swapgs",		[C_IRET] = "iret",
	[C_MOV_CR3] = "mov_cr3",	[C_MOV_CR] = "mov_cr_other",
	[C_WRMSR] = "wrmsr",		[C_RDMSR] = "rdmsr",
	[C_LFENCE] = "lfence",		[C_MFENCE] = "mfence",
	[C_SFENCE] = "sfence",		[C_VERW] = "verw",
	[C_PUSHF] = "pushf",		[C_POPF] = "popf",
	[C_RDTSC] = "rdtsc",		[C_RDTSCP] = "rdtscp",
	[C_CPUID] = "cpuid",		[C_CLI] = "cli",
	[C_STI] = "sti",		[C_STAC] = "stac",
	[C_CLAC] = "clac",		[C_LIDT] = "lidt",
	[C_INVLPG] = "invlpg",		[C_INVPCID] = "invpcid",
	[C_XSAVE] = "xsave",		[C_XRSTOR] = "xrstor",
	[C_FXSAVE] = "fxsave",		[C_FXRSTOR] = "fxrstor",
	[C_HLT] = "hlt",
};

#define MARK_MAGIC	0x554b0000u
#define MARK_BEGIN	1
#define MARK_END	2
#define MARK_OP		3
#define MAX_OPS		256
#define MAX_VCPUS	64

static uint64_t counts[MAX_OPS][NR_COSTLY];
static uint64_t regions[MAX_OPS];
static int active[MAX_VCPUS];
static unsigned int cur_op;
static char *out_path, *pcs_path;

/*
 * pcs=: an open-addressed table of (operation, address) -> count.  One
 * vCPU, so one writer.  When it is full, further new addresses are
 * counted in 'lost' and the output says so.
 */
#define PCS_BITS	20
#define PCS_SIZE	(1u << PCS_BITS)
struct pc_count {
	uint64_t vaddr;
	uint32_t op;
	uint32_t used;
	uint64_t count;
};
static struct pc_count *pcs;
static unsigned int pcs_used;
static uint64_t pcs_lost;

/* Not a costly instruction, a marker, or none of ours. */
#define NOT_COSTLY	(-1)
#define IS_MARK		(-2)

/*
 * Classify one x86-64 instruction from its bytes.  Legacy prefixes and
 * REX are skipped; only the opcodes listed above are told apart.
 */
static int classify(const uint8_t *p, size_t n, uint32_t *mark)
{
	size_t i = 0;
	uint8_t op, op2, modrm, reg, mod;
	int opsize = 0, rep = 0;

	while (i < n && (p[i] == 0x66 || p[i] == 0x67 || p[i] == 0xf0 ||
			 p[i] == 0xf2 || p[i] == 0xf3 || p[i] == 0x2e ||
			 p[i] == 0x36 || p[i] == 0x3e || p[i] == 0x26 ||
			 p[i] == 0x64 || p[i] == 0x65)) {
		if (p[i] == 0x66)
			opsize = 1;
		if (p[i] == 0xf2 || p[i] == 0xf3)
			rep = 1;
		i++;
	}
	if (i < n && (p[i] & 0xf0) == 0x40)
		i++;
	if (i >= n)
		return NOT_COSTLY;
	op = p[i];
	switch (op) {
	case 0x9c: return C_PUSHF;
	case 0x9d: return C_POPF;
	case 0xcf: return C_IRET;
	case 0xfa: return C_CLI;
	case 0xfb: return C_STI;
	case 0xf4: return C_HLT;
	case 0x0f: break;
	default: return NOT_COSTLY;
	}
	if (i + 1 >= n)
		return NOT_COSTLY;
	op2 = p[i + 1];
	switch (op2) {
	case 0x05: return C_SYSCALL;
	case 0x07: return C_SYSRET;
	case 0x30: return C_WRMSR;
	case 0x31: return C_RDTSC;
	case 0x32: return C_RDMSR;
	case 0xa2: return C_CPUID;
	}
	if (i + 2 >= n)
		return NOT_COSTLY;
	modrm = p[i + 2];
	mod = modrm >> 6;
	reg = (modrm >> 3) & 7;
	switch (op2) {
	case 0x1f:	/* nopl disp32(%rax,%rax,1): 0f 1f 84 00 disp32 */
		if (modrm == 0x84 && i + 8 <= n && p[i + 3] == 0x00) {
			uint32_t d = p[i + 4] | p[i + 5] << 8 | p[i + 6] << 16 |
				     (uint32_t)p[i + 7] << 24;

			if ((d & 0xffff0000u) == MARK_MAGIC) {
				*mark = d;
				return IS_MARK;
			}
		}
		return NOT_COSTLY;
	case 0x22:
		return reg == 3 ? C_MOV_CR3 : C_MOV_CR;
	case 0x00:
		return reg == 5 ? C_VERW : NOT_COSTLY;
	case 0x01:
		switch (modrm) {
		case 0xf8: return C_SWAPGS;
		case 0xf9: return C_RDTSCP;
		case 0xca: return C_CLAC;
		case 0xcb: return C_STAC;
		}
		if (mod != 3 && reg == 3)
			return C_LIDT;
		if (mod != 3 && reg == 7)
			return C_INVLPG;
		return NOT_COSTLY;
	case 0xae:
		/* with 66/F2/F3: CLWB, PTWRITE, UMONITOR/UMWAIT/TPAUSE, ... */
		if (opsize || rep)
			return NOT_COSTLY;
		if (mod != 3 && reg <= 1)
			return reg == 0 ? C_FXSAVE : C_FXRSTOR;
		if (mod == 3)
			return reg == 5 ? C_LFENCE : reg == 6 ? C_MFENCE :
			       reg == 7 ? C_SFENCE : NOT_COSTLY;
		return reg == 4 ? C_XSAVE : reg == 5 ? C_XRSTOR :
		       reg == 6 ? C_XSAVE : NOT_COSTLY;
	case 0xc7:	/* xrstors /3, xsavec /4, xsaves /5 */
		if (mod == 3)
			return NOT_COSTLY;
		return reg == 3 ? C_XRSTOR : reg == 4 || reg == 5 ? C_XSAVE :
		       NOT_COSTLY;
	case 0x38:
		return opsize && modrm == 0x82 ? C_INVPCID : NOT_COSTLY;
	}
	return NOT_COSTLY;
}

static void on_costly(unsigned int vcpu, void *udata)
{
	if (vcpu < MAX_VCPUS && __atomic_load_n(&active[vcpu], __ATOMIC_RELAXED))
		__atomic_fetch_add(&counts[__atomic_load_n(&cur_op, __ATOMIC_RELAXED)]
					  [(uintptr_t)udata], 1, __ATOMIC_RELAXED);
}

static void on_mark(unsigned int vcpu, void *udata)
{
	uint32_t d = (uint32_t)(uintptr_t)udata;

	if (vcpu >= MAX_VCPUS)
		return;
	switch (d & 3) {
	case MARK_OP:
		__atomic_store_n(&cur_op, (d >> 2 & 0x3fff) % MAX_OPS, __ATOMIC_RELAXED);
		break;
	case MARK_BEGIN:
		__atomic_store_n(&active[vcpu], 1, __ATOMIC_RELAXED);
		break;
	case MARK_END:
		if (__atomic_exchange_n(&active[vcpu], 0, __ATOMIC_RELAXED))
			__atomic_fetch_add(&regions[cur_op], 1, __ATOMIC_RELAXED);
		break;
	}
}

static void on_insn(unsigned int vcpu, void *udata)
{
	uint64_t vaddr = (uintptr_t)udata, h;
	unsigned int op, i;

	if (vcpu >= MAX_VCPUS || !active[vcpu])
		return;
	op = cur_op;
	h = (vaddr ^ (uint64_t)op << 40) * 0x9e3779b97f4a7c15ull;
	for (i = h >> (64 - PCS_BITS); ; i = (i + 1) & (PCS_SIZE - 1)) {
		struct pc_count *e = &pcs[i];

		if (e->used && e->vaddr == vaddr && e->op == op) {
			e->count++;
			return;
		}
		if (!e->used) {
			if (pcs_used >= PCS_SIZE / 2) {
				pcs_lost++;
				return;
			}
			pcs_used++;
			e->used = 1;
			e->vaddr = vaddr;
			e->op = op;
			e->count = 1;
			return;
		}
	}
}

static void on_tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
	size_t i, n = qemu_plugin_tb_n_insns(tb);

	(void)id;
	for (i = 0; i < n; i++) {
		struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
		uint32_t mark = 0;
		int c = classify(qemu_plugin_insn_data(insn),
				 qemu_plugin_insn_size(insn), &mark);

		/* Registered first, so a region's END marker counts itself. */
		if (pcs)
			qemu_plugin_register_vcpu_insn_exec_cb(insn, on_insn,
				QEMU_PLUGIN_CB_NO_REGS,
				(void *)(uintptr_t)qemu_plugin_insn_vaddr(insn));
		if (c == IS_MARK)
			qemu_plugin_register_vcpu_insn_exec_cb(insn, on_mark,
				QEMU_PLUGIN_CB_NO_REGS, (void *)(uintptr_t)mark);
		else if (c >= 0)
			qemu_plugin_register_vcpu_insn_exec_cb(insn, on_costly,
				QEMU_PLUGIN_CB_NO_REGS, (void *)(uintptr_t)c);
	}
}

static void write_pcs(void)
{
	FILE *f = fopen(pcs_path, "w");
	unsigned int i;

	if (!f) {
		perror(pcs_path);
		return;
	}
	fprintf(f, "# instructions per guest address in measured regions: op vaddr count\n");
	if (pcs_lost)
		fprintf(f, "# lost %" PRIu64 " executions of new addresses: table full\n", pcs_lost);
	for (i = 0; i < PCS_SIZE; i++)
		if (pcs[i].used)
			fprintf(f, "%u %" PRIx64 " %" PRIu64 "\n", pcs[i].op,
				pcs[i].vaddr, pcs[i].count);
	fclose(f);
}

static void write_counts(qemu_plugin_id_t id, void *udata)
{
	FILE *f = fopen(out_path, "w");
	unsigned int op, c;

	(void)id;
	(void)udata;
	if (!f) {
		perror(out_path);
		return;
	}
	fprintf(f, "# costly instructions, totals per operation over its measured regions\n");
	for (op = 0; op < MAX_OPS; op++) {
		if (!regions[op])
			continue;
		fprintf(f, "id=%u regions=%" PRIu64, op, regions[op]);
		for (c = 0; c < NR_COSTLY; c++)
			fprintf(f, " %s=%" PRIu64, names[c], counts[op][c]);
		fputc('\n', f);
	}
	fclose(f);
	if (pcs)
		write_pcs();
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
					   const qemu_info_t *info,
					   int argc, char **argv)
{
	int i;

	if (strcmp(info->target_name, "x86_64")) {
		fprintf(stderr, "costly: x86_64 targets only, not %s\n", info->target_name);
		return -1;
	}
	/* Regions are per vCPU, the current operation is global: one vCPU. */
	if (info->system_emulation && info->system.max_vcpus > 1) {
		fprintf(stderr, "costly: one vCPU only (-smp 1), not %d\n",
			info->system.max_vcpus);
		return -1;
	}
	for (i = 0; i < argc; i++)
		if (!strncmp(argv[i], "out=", 4))
			out_path = strdup(argv[i] + 4);
		else if (!strncmp(argv[i], "pcs=", 4))
			pcs_path = strdup(argv[i] + 4);
	if (!out_path) {
		fprintf(stderr, "costly: usage: -plugin costly.so,out=FILE[,pcs=FILE]\n");
		return -1;
	}
	if (pcs_path && !(pcs = calloc(PCS_SIZE, sizeof(*pcs)))) {
		fprintf(stderr, "costly: no memory for the pcs= table\n");
		return -1;
	}
	qemu_plugin_register_vcpu_tb_trans_cb(id, on_tb_trans);
	qemu_plugin_register_atexit_cb(id, write_counts, NULL);
	return 0;
}
