/*
 * bench: system call latency micro-benchmark in the style of LEBench.
 *
 * The same source runs as an ordinary static Linux process and as a UKL
 * application linked into the kernel, where its system calls become
 * function calls.  Each operation is timed per iteration with the TSC
 * (lfence; rdtsc; lfence), converted to nanoseconds with a frequency
 * calibrated against CLOCK_MONOTONIC at start-up, minus the median cost of
 * two back-to-back timer reads.  The measured operations go through
 * syscall(SYS_xxx) so that glibc and musl builds enter the kernel the same
 * way and no vDSO or libc shortcut is taken.
 *
 * Usage: bench [iter=N] [warmup=N] [ops=name,name,...]
 *
 * Output, one record per line on stdout (scripts/bench/report.sh parses it):
 *   bench: start iter=N warmup=N tsc_mhz=F timer_overhead_ns=F
 *   bench: op=NAME n=N median_ns=F p99_ns=F mean_ns=F
 *   bench: op=NAME error=REASON
 *   bench: done ops=N
 * Exit status: 0 when every operation ran, 1 when one failed, 2 for a usage
 * error.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

/* <linux/futex.h> is not in the musl sysroot; these are the UAPI values. */
#ifndef FUTEX_WAKE
#define FUTEX_WAKE		1
#endif
#ifndef FUTEX_PRIVATE_FLAG
#define FUTEX_PRIVATE_FLAG	128
#endif
#ifndef FUTEX_WAKE_PRIVATE
#define FUTEX_WAKE_PRIVATE	(FUTEX_WAKE | FUTEX_PRIVATE_FLAG)
#endif

#define ITER_DEFAULT		10000UL
#define ITER_MAX		1000000UL
#define WARMUP_MIN		10UL
#define WARMUP_MAX		10000000UL
#define CALIBRATE_NS		50000000LL	/* 50 ms */
#define TIMER_SAMPLES		1001		/* odd: the median is one sample */
#define TIMER_WARMUP		100
#define PAGE_BYTES		4096UL
#define FAULT_CHUNK_PAGES	1024UL		/* 4 MiB mapped at a time */
#define BIG_BYTES		65536UL		/* sendto_64k, recvfrom_64k */
#define POLL_FDS		10		/* poll, select, epoll_wait */
#define TMP_FILE		"/tmp/bench.file"

/* ---- timer ---------------------------------------------------------- */

static inline uint64_t tsc_read(void)
{
	uint32_t lo, hi;

	__asm__ volatile("lfence\n\trdtsc\n\tlfence"
			 : "=a"(lo), "=d"(hi) : : "memory");
	return ((uint64_t)hi << 32) | lo;
}

/*
 * Markers of the measured regions for the costly-instruction counts of
 * scripts/bench/costly.c, a QEMU plugin: 8-byte NOPs with a displacement
 * no compiler emits.  Elsewhere they are NOPs, inside the timed region in
 * every row alike, and the timer overhead below includes them.
 */
#define MARK_MAGIC	0x554b0000
#define MARK_BEGIN	(MARK_MAGIC | 1)
#define MARK_END	(MARK_MAGIC | 2)
#define MARK_OP(id)	(MARK_MAGIC | (id) << 2 | 3)
#define BENCH_MARK(d)	__asm__ volatile("nopl %c0(%%rax,%%rax,1)" : : "i"(d) : "memory")

#define MARK_TIMER_ID	255	/* the timer overhead's regions */

/* The operation whose regions follow; the displacement is a constant. */
static void mark_op(unsigned int id)
{
	switch (id) {
#define M(n)	case n: BENCH_MARK(MARK_OP(n)); break;
	M(0) M(1) M(2) M(3) M(4) M(5) M(6) M(7) M(8) M(9) M(10) M(11)
	M(12) M(13) M(14) M(15) M(16) M(17) M(18) M(19) M(20) M(21)
	M(22) M(23) M(24) M(25) M(26) M(27) M(28) M(29) M(30) M(31)
	M(MARK_TIMER_ID)
#undef M
	}
}

static inline uint64_t tsc_begin(void)
{
	uint64_t t = tsc_read();

	BENCH_MARK(MARK_BEGIN);
	return t;
}

static inline uint64_t tsc_end(void)
{
	BENCH_MARK(MARK_END);
	return tsc_read();
}

static long long monotonic_ns(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
		return -1;
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* TSC ticks per microsecond, measured over CALIBRATE_NS; 0 on failure. */
static double tsc_calibrate_mhz(void)
{
	long long ns0, ns1;
	uint64_t t0, t1;

	ns0 = monotonic_ns();
	t0 = tsc_read();
	if (ns0 < 0)
		return 0;
	do {
		t1 = tsc_read();
		ns1 = monotonic_ns();
		if (ns1 < 0)
			return 0;
	} while (ns1 - ns0 < CALIBRATE_NS);
	if (t1 <= t0)
		return 0;
	return (double)(t1 - t0) * 1000.0 / (double)(ns1 - ns0);
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

/* Median cost, in ticks, of two back-to-back timer reads. */
static uint64_t timer_overhead_ticks(void)
{
	static uint64_t samples[TIMER_SAMPLES];
	uint64_t t0, t1;
	int i;

	mark_op(MARK_TIMER_ID);
	for (i = 0; i < TIMER_WARMUP + TIMER_SAMPLES; i++) {
		t0 = tsc_begin();
		t1 = tsc_end();
		if (i >= TIMER_WARMUP)
			samples[i - TIMER_WARMUP] = t1 - t0;
	}
	qsort(samples, TIMER_SAMPLES, sizeof(samples[0]), cmp_u64);
	return samples[TIMER_SAMPLES / 2];
}

/* ---- operations ----------------------------------------------------- */

struct op_state {
	int fd[2];
	int pfd[2 * POLL_FDS];	/* poll ops: POLL_FDS pipes, none ready */
	int epfd;
	pthread_t peer;		/* ctx_switch: the other thread */
	int back[2];		/* ctx_switch: the peer's pipe back */
	char *region;		/* page_fault: current chunk */
	size_t region_pages;
	size_t next_page;
	char reason[64];
};

/* Record why an operation failed; returns -1 for the caller to pass on. */
static int op_fail(struct op_state *st, const char *what, int err)
{
	snprintf(st->reason, sizeof(st->reason), "%s_failed_errno_%d",
		 what, err);
	return -1;
}

static __attribute__((noinline)) void empty_function(void)
{
	__asm__ volatile("");
}

/*
 * One call is below the timer's resolution (under -icount in particular),
 * so a sample times EMPTY_CALLS calls; the op's 'calls' field divides the
 * result back to one call.
 */
#define EMPTY_CALLS	64

static int step_empty_call(struct op_state *st, uint64_t *ticks)
{
	uint64_t t0, t1;
	int i;

	(void)st;
	t0 = tsc_begin();
	for (i = 0; i < EMPTY_CALLS; i++)
		empty_function();
	t1 = tsc_end();
	*ticks = t1 - t0;
	return 0;
}

static int step_getppid(struct op_state *st, uint64_t *ticks)
{
	uint64_t t0, t1;
	long r;

	t0 = tsc_begin();
	r = syscall(SYS_getppid);
	t1 = tsc_end();
	*ticks = t1 - t0;
	return r < 0 ? op_fail(st, "getppid", errno) : 0;
}

static int step_clock_gettime(struct op_state *st, uint64_t *ticks)
{
	struct timespec ts;
	uint64_t t0, t1;
	long r;

	t0 = tsc_begin();
	r = syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &ts);
	t1 = tsc_end();
	*ticks = t1 - t0;
	return r < 0 ? op_fail(st, "clock_gettime", errno) : 0;
}

static int setup_pipe(struct op_state *st)
{
	return pipe(st->fd) != 0 ? op_fail(st, "pipe", errno) : 0;
}

static int setup_socketpair(struct op_state *st)
{
	if (socketpair(AF_UNIX, SOCK_DGRAM, 0, st->fd) != 0)
		return op_fail(st, "socketpair", errno);
	return 0;
}

static void teardown_fds(struct op_state *st)
{
	close(st->fd[0]);
	close(st->fd[1]);
}

/*
 * Untimed halves of the alternating pairs, for pipes and sockets alike:
 * keep the channel one byte deep so the timed call never blocks.
 */
static int put_byte(struct op_state *st)
{
	char byte = 'x';
	long r;

	r = syscall(SYS_write, st->fd[1], &byte, 1);
	return r != 1 ? op_fail(st, "write", r < 0 ? errno : EIO) : 0;
}

static int get_byte(struct op_state *st)
{
	char byte;
	long r;

	r = syscall(SYS_read, st->fd[0], &byte, 1);
	return r != 1 ? op_fail(st, "read", r < 0 ? errno : EIO) : 0;
}

static int step_pipe_write(struct op_state *st, uint64_t *ticks)
{
	char byte = 'w';
	uint64_t t0, t1;
	long r;

	t0 = tsc_begin();
	r = syscall(SYS_write, st->fd[1], &byte, 1);
	t1 = tsc_end();
	*ticks = t1 - t0;
	if (r != 1)
		return op_fail(st, "write", r < 0 ? errno : EIO);
	return get_byte(st);
}

static int step_pipe_read(struct op_state *st, uint64_t *ticks)
{
	uint64_t t0, t1;
	char byte;
	long r;

	if (put_byte(st) != 0)
		return -1;
	t0 = tsc_begin();
	r = syscall(SYS_read, st->fd[0], &byte, 1);
	t1 = tsc_end();
	*ticks = t1 - t0;
	return r != 1 ? op_fail(st, "read", r < 0 ? errno : EIO) : 0;
}

static int step_unix_sendto(struct op_state *st, uint64_t *ticks)
{
	char byte = 's';
	uint64_t t0, t1;
	long r;

	t0 = tsc_begin();
	r = syscall(SYS_sendto, st->fd[1], &byte, 1, 0, NULL, 0);
	t1 = tsc_end();
	*ticks = t1 - t0;
	if (r != 1)
		return op_fail(st, "sendto", r < 0 ? errno : EIO);
	return get_byte(st);
}

static int step_unix_recvfrom(struct op_state *st, uint64_t *ticks)
{
	uint64_t t0, t1;
	char byte;
	long r;

	if (put_byte(st) != 0)
		return -1;
	t0 = tsc_begin();
	r = syscall(SYS_recvfrom, st->fd[0], &byte, 1, 0, NULL, NULL);
	t1 = tsc_end();
	*ticks = t1 - t0;
	return r != 1 ? op_fail(st, "recvfrom", r < 0 ? errno : EIO) : 0;
}

static int step_mmap_munmap(struct op_state *st, uint64_t *ticks)
{
	uint64_t t0, t1;
	long addr, r;

	t0 = tsc_begin();
	addr = syscall(SYS_mmap, NULL, PAGE_BYTES, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	r = addr == -1 ? 0 : syscall(SYS_munmap, addr, PAGE_BYTES);
	t1 = tsc_end();
	*ticks = t1 - t0;
	if (addr == -1)
		return op_fail(st, "mmap", errno);
	return r != 0 ? op_fail(st, "munmap", errno) : 0;
}

/*
 * page_fault maps FAULT_CHUNK_PAGES at a time (not all iterations at once,
 * which would need 4 GiB for iter=1000000) and maps a fresh chunk, untimed,
 * when one is used up.  Huge pages are turned off for the chunk: one 2 MiB
 * fault would otherwise stand in for 512 timed touches.
 */
static void unmap_region(struct op_state *st)
{
	if (st->region)
		munmap(st->region, st->region_pages * PAGE_BYTES);
	st->region = NULL;
}

static int map_region(struct op_state *st)
{
	void *p;

	unmap_region(st);
	p = mmap(NULL, FAULT_CHUNK_PAGES * PAGE_BYTES, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return op_fail(st, "mmap", errno);
#ifdef MADV_NOHUGEPAGE
	madvise(p, FAULT_CHUNK_PAGES * PAGE_BYTES, MADV_NOHUGEPAGE);
#endif
	st->region = p;
	st->region_pages = FAULT_CHUNK_PAGES;
	st->next_page = 0;
	return 0;
}

static int setup_page_fault(struct op_state *st)
{
	st->region = NULL;
	return map_region(st);
}

static int step_page_fault(struct op_state *st, uint64_t *ticks)
{
	volatile char *page;
	uint64_t t0, t1;

	if (st->next_page == st->region_pages && map_region(st) != 0)
		return -1;
	page = st->region + st->next_page++ * PAGE_BYTES;
	t0 = tsc_begin();
	*page = 1;
	t1 = tsc_end();
	*ticks = t1 - t0;
	return 0;
}

static int step_futex_wake(struct op_state *st, uint64_t *ticks)
{
	static int futex_word;
	uint64_t t0, t1;
	long r;

	t0 = tsc_begin();
	r = syscall(SYS_futex, &futex_word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
	t1 = tsc_end();
	*ticks = t1 - t0;
	return r < 0 ? op_fail(st, "futex", errno) : 0;
}

/* ---- files in tmpfs ------------------------------------------------- */

static char big_buf[BIG_BYTES];

static int setup_file(struct op_state *st)
{
	st->fd[0] = open(TMP_FILE, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (st->fd[0] < 0)
		return op_fail(st, "open_" TMP_FILE, errno);
	st->fd[1] = -1;
	if (write(st->fd[0], big_buf, PAGE_BYTES) != (ssize_t)PAGE_BYTES)
		return op_fail(st, "write", errno);
	return 0;
}

static void teardown_file(struct op_state *st)
{
	close(st->fd[0]);
	unlink(TMP_FILE);
}

/* pread/pwrite at offset 0: the file stays one page, no seek is timed. */
static int file_rw(struct op_state *st, uint64_t *ticks, long nr, size_t len)
{
	uint64_t t0, t1;
	long r;

	t0 = tsc_begin();
	r = syscall(nr, st->fd[0], big_buf, len, 0L);
	t1 = tsc_end();
	*ticks = t1 - t0;
	if (r != (long)len)
		return op_fail(st, nr == SYS_pread64 ? "pread" : "pwrite", r < 0 ? errno : EIO);
	return 0;
}

static int step_file_read_1(struct op_state *st, uint64_t *ticks)
{
	return file_rw(st, ticks, SYS_pread64, 1);
}

static int step_file_read_4k(struct op_state *st, uint64_t *ticks)
{
	return file_rw(st, ticks, SYS_pread64, PAGE_BYTES);
}

static int step_file_write_1(struct op_state *st, uint64_t *ticks)
{
	return file_rw(st, ticks, SYS_pwrite64, 1);
}

static int step_file_write_4k(struct op_state *st, uint64_t *ticks)
{
	return file_rw(st, ticks, SYS_pwrite64, PAGE_BYTES);
}

/* ---- 64 KiB datagrams ----------------------------------------------- */

static int setup_big_socketpair(struct op_state *st)
{
	int size = 4 * BIG_BYTES;

	if (setup_socketpair(st) != 0)
		return -1;
	setsockopt(st->fd[1], SOL_SOCKET, SO_SNDBUF, &size, sizeof(size));
	setsockopt(st->fd[0], SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
	return 0;
}

static int step_sendto_64k(struct op_state *st, uint64_t *ticks)
{
	uint64_t t0, t1;
	long r;

	t0 = tsc_begin();
	r = syscall(SYS_sendto, st->fd[1], big_buf, BIG_BYTES, 0, NULL, 0);
	t1 = tsc_end();
	*ticks = t1 - t0;
	if (r != (long)BIG_BYTES)
		return op_fail(st, "sendto", r < 0 ? errno : EIO);
	r = syscall(SYS_recvfrom, st->fd[0], big_buf, BIG_BYTES, 0, NULL, NULL);
	return r != (long)BIG_BYTES ? op_fail(st, "recvfrom", r < 0 ? errno : EIO) : 0;
}

static int step_recvfrom_64k(struct op_state *st, uint64_t *ticks)
{
	uint64_t t0, t1;
	long r;

	r = syscall(SYS_sendto, st->fd[1], big_buf, BIG_BYTES, 0, NULL, 0);
	if (r != (long)BIG_BYTES)
		return op_fail(st, "sendto", r < 0 ? errno : EIO);
	t0 = tsc_begin();
	r = syscall(SYS_recvfrom, st->fd[0], big_buf, BIG_BYTES, 0, NULL, NULL);
	t1 = tsc_end();
	*ticks = t1 - t0;
	return r != (long)BIG_BYTES ? op_fail(st, "recvfrom", r < 0 ? errno : EIO) : 0;
}

/* ---- poll, select, epoll_wait on POLL_FDS idle pipes ----------------- */

static void teardown_poll(struct op_state *st)
{
	int i;

	for (i = 0; i < 2 * POLL_FDS; i++)
		if (st->pfd[i] > 0)
			close(st->pfd[i]);
	if (st->epfd > 0)
		close(st->epfd);
}

static int setup_poll(struct op_state *st)
{
	struct epoll_event ev = { .events = EPOLLIN };
	int i;

	st->epfd = epoll_create1(0);
	if (st->epfd < 0)
		return op_fail(st, "epoll_create1", errno);
	for (i = 0; i < POLL_FDS; i++) {
		if (pipe(st->pfd + 2 * i) != 0)
			return op_fail(st, "pipe", errno);
		ev.data.fd = st->pfd[2 * i];
		if (epoll_ctl(st->epfd, EPOLL_CTL_ADD, st->pfd[2 * i], &ev) != 0)
			return op_fail(st, "epoll_ctl", errno);
	}
	return 0;
}

static int step_poll(struct op_state *st, uint64_t *ticks)
{
	struct pollfd p[POLL_FDS];
	uint64_t t0, t1;
	long r;
	int i;

	for (i = 0; i < POLL_FDS; i++)
		p[i] = (struct pollfd){ .fd = st->pfd[2 * i], .events = POLLIN };
	t0 = tsc_begin();
	r = syscall(SYS_poll, p, POLL_FDS, 0);
	t1 = tsc_end();
	*ticks = t1 - t0;
	return r != 0 ? op_fail(st, "poll", r < 0 ? errno : EIO) : 0;
}

static int step_select(struct op_state *st, uint64_t *ticks)
{
	struct timeval tv = { 0, 0 };
	uint64_t t0, t1;
	fd_set set;
	int i, max = 0;
	long r;

	FD_ZERO(&set);
	for (i = 0; i < POLL_FDS; i++) {
		FD_SET(st->pfd[2 * i], &set);
		if (st->pfd[2 * i] > max)
			max = st->pfd[2 * i];
	}
	t0 = tsc_begin();
	r = syscall(SYS_select, max + 1, &set, NULL, NULL, &tv);
	t1 = tsc_end();
	*ticks = t1 - t0;
	return r != 0 ? op_fail(st, "select", r < 0 ? errno : EIO) : 0;
}

static int step_epoll_wait(struct op_state *st, uint64_t *ticks)
{
	struct epoll_event ev[POLL_FDS];
	uint64_t t0, t1;
	long r;

	t0 = tsc_begin();
	r = syscall(SYS_epoll_wait, st->epfd, ev, POLL_FDS, 0);
	t1 = tsc_end();
	*ticks = t1 - t0;
	return r != 0 ? op_fail(st, "epoll_wait", r < 0 ? errno : EIO) : 0;
}

/* ---- threads -------------------------------------------------------- */

static void *thread_noop(void *arg)
{
	return arg;
}

static int step_thread_create(struct op_state *st, uint64_t *ticks)
{
	uint64_t t0, t1;
	pthread_t t;
	int r;

	t0 = tsc_begin();
	r = pthread_create(&t, NULL, thread_noop, NULL);
	if (!r)
		r = pthread_join(t, NULL);
	t1 = tsc_end();
	*ticks = t1 - t0;
	return r ? op_fail(st, "pthread_create_join", r) : 0;
}

/*
 * ctx_switch: a byte goes to the peer thread over one pipe and comes back
 * over another; both threads block in read(), so one sample is a round
 * trip of two switches, and the op's 'calls' (2) halves it.
 */
static void *ctx_peer(void *arg)
{
	struct op_state *st = arg;
	char byte;

	while (read(st->fd[0], &byte, 1) == 1 && byte)
		if (write(st->back[1], &byte, 1) != 1)
			break;
	return NULL;
}

static int setup_ctx_switch(struct op_state *st)
{
	int r;

	if (pipe(st->fd) != 0 || pipe(st->back) != 0)
		return op_fail(st, "pipe", errno);
	r = pthread_create(&st->peer, NULL, ctx_peer, st);
	return r ? op_fail(st, "pthread_create", r) : 0;
}

static void teardown_ctx_switch(struct op_state *st)
{
	char stop = 0;

	if (write(st->fd[1], &stop, 1) == 1)
		pthread_join(st->peer, NULL);
	teardown_fds(st);
	close(st->back[0]);
	close(st->back[1]);
}

static int step_ctx_switch(struct op_state *st, uint64_t *ticks)
{
	char byte = 'c';
	uint64_t t0, t1;
	long r;

	t0 = tsc_begin();
	r = syscall(SYS_write, st->fd[1], &byte, 1);
	if (r == 1)
		r = syscall(SYS_read, st->back[0], &byte, 1);
	t1 = tsc_end();
	*ticks = t1 - t0;
	return r != 1 ? op_fail(st, "ping_pong", r < 0 ? errno : EIO) : 0;
}

struct op {
	const char *name;
	int (*setup)(struct op_state *st);
	int (*step)(struct op_state *st, uint64_t *ticks);
	void (*teardown)(struct op_state *st);
	unsigned int calls;	/* operations timed per sample */
};

static const struct op ops[] = {
	{ "getppid",		NULL,			step_getppid,		NULL,	1 },
	{ "clock_gettime",	NULL,			step_clock_gettime,	NULL,	1 },
	{ "pipe_write",		setup_pipe,		step_pipe_write,	teardown_fds,	1 },
	{ "pipe_read",		setup_pipe,		step_pipe_read,		teardown_fds,	1 },
	{ "unix_sendto",	setup_socketpair,	step_unix_sendto,	teardown_fds,	1 },
	{ "unix_recvfrom",	setup_socketpair,	step_unix_recvfrom,	teardown_fds,	1 },
	{ "mmap_munmap",	NULL,			step_mmap_munmap,	NULL,	1 },
	{ "page_fault",		setup_page_fault,	step_page_fault,	unmap_region,	1 },
	{ "futex_wake",		NULL,			step_futex_wake,	NULL,	1 },
	{ "empty_call",		NULL,			step_empty_call,	NULL,	EMPTY_CALLS },
	{ "file_read_1",	setup_file,		step_file_read_1,	teardown_file,	1 },
	{ "file_read_4k",	setup_file,		step_file_read_4k,	teardown_file,	1 },
	{ "file_write_1",	setup_file,		step_file_write_1,	teardown_file,	1 },
	{ "file_write_4k",	setup_file,		step_file_write_4k,	teardown_file,	1 },
	{ "sendto_64k",		setup_big_socketpair,	step_sendto_64k,	teardown_fds,	1 },
	{ "recvfrom_64k",	setup_big_socketpair,	step_recvfrom_64k,	teardown_fds,	1 },
	{ "poll_10",		setup_poll,		step_poll,		teardown_poll,	1 },
	{ "select_10",		setup_poll,		step_select,		teardown_poll,	1 },
	{ "epoll_wait_10",	setup_poll,		step_epoll_wait,	teardown_poll,	1 },
	{ "thread_create",	NULL,			step_thread_create,	NULL,	1 },
	{ "ctx_switch",		setup_ctx_switch,	step_ctx_switch,	teardown_ctx_switch,	2 },
};

#define NR_OPS	(sizeof(ops) / sizeof(ops[0]))
_Static_assert(NR_OPS <= 32, "mark_op() marks ops 0..31");

static const struct op *op_find(const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < NR_OPS; i++)
		if (strlen(ops[i].name) == len && !memcmp(ops[i].name, name, len))
			return &ops[i];
	return NULL;
}

/* ---- statistics and the run loop ---------------------------------- */

struct stats {
	double median, p99, mean;	/* ns */
};

/* Sorts samples (ticks, overhead already taken off) and summarises them. */
static struct stats summarise(uint64_t *samples, size_t n, double ns_per_tick)
{
	struct stats s;
	double sum = 0;
	size_t i, rank;

	qsort(samples, n, sizeof(samples[0]), cmp_u64);
	for (i = 0; i < n; i++)
		sum += (double)samples[i];
	if (n % 2)
		s.median = (double)samples[n / 2];
	else
		s.median = ((double)samples[n / 2 - 1] + (double)samples[n / 2]) / 2;
	rank = (99 * n + 99) / 100;	/* nearest rank: ceil(0.99 n) */
	s.p99 = (double)samples[rank - 1];
	s.mean = sum / (double)n;
	s.median *= ns_per_tick;
	s.p99 *= ns_per_tick;
	s.mean *= ns_per_tick;
	return s;
}

struct config {
	unsigned long iter, warmup;
	const struct op *run[64];
	size_t nr_run;
	double ns_per_tick;
	uint64_t overhead;		/* ticks */
	uint64_t *samples;
};

/* Runs one operation and prints its record; returns 0 or -1. */
static int run_op(const struct config *cfg, const struct op *op)
{
	struct op_state st;
	struct stats s;
	uint64_t ticks = 0;
	unsigned long i;
	int err = 0;

	memset(&st, 0, sizeof(st));
	/* Not a "bench: " record: for the costly-instruction report. */
	printf("bench-mark: id=%u op=%s calls=%u\n", (unsigned int)(op - ops),
	       op->name, op->calls);
	mark_op(op - ops);
	if (op->setup && op->setup(&st) != 0) {
		printf("bench: op=%s error=%s\n", op->name, st.reason);
		return -1;
	}
	for (i = 0; i < cfg->warmup && !err; i++)
		err = op->step(&st, &ticks);
	for (i = 0; i < cfg->iter && !err; i++) {
		err = op->step(&st, &ticks);
		if (!err)
			cfg->samples[i] = ticks > cfg->overhead ?
					  ticks - cfg->overhead : 0;
	}
	if (op->teardown)
		op->teardown(&st);
	if (err) {
		printf("bench: op=%s error=%s\n", op->name, st.reason);
		return -1;
	}
	s = summarise(cfg->samples, cfg->iter,
		      cfg->ns_per_tick / op->calls);
	printf("bench: op=%s n=%lu median_ns=%.1f p99_ns=%.1f mean_ns=%.1f\n",
	       op->name, cfg->iter, s.median, s.p99, s.mean);
	return 0;
}

/* ---- arguments ------------------------------------------------------ */

static void usage(const char *fmt, const char *arg)
{
	fprintf(stderr, "bench: error: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\nusage: bench [iter=N] [warmup=N] [ops=name,...]"
		" (iter 1..%lu)\n", ITER_MAX);
	exit(2);
}

static unsigned long parse_count(const char *key, const char *val,
				 unsigned long min, unsigned long max)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(val, &end, 10);
	if (*val < '0' || *val > '9' || *end || errno || v < min || v > max)
		usage("bad value for %s", key);
	return v;
}

static void parse_ops(struct config *cfg, const char *list)
{
	const char *p = list, *comma;
	const struct op *op;
	size_t len;

	cfg->nr_run = 0;
	for (;;) {
		comma = strchr(p, ',');
		len = comma ? (size_t)(comma - p) : strlen(p);
		op = op_find(p, len);
		if (!op)
			usage("unknown op in '%s'; known: getppid clock_gettime"
			      " pipe_write pipe_read unix_sendto unix_recvfrom"
			      " mmap_munmap page_fault futex_wake empty_call"
			      " file_read_1 file_read_4k file_write_1 file_write_4k"
			      " sendto_64k recvfrom_64k poll_10 select_10"
			      " epoll_wait_10 thread_create ctx_switch", list);
		if (cfg->nr_run == sizeof(cfg->run) / sizeof(cfg->run[0]))
			usage("too many ops in '%s'", list);
		cfg->run[cfg->nr_run++] = op;
		if (!comma)
			break;
		p = comma + 1;
	}
}

static void parse_args(struct config *cfg, int argc, char **argv)
{
	int warmup_set = 0, i;
	size_t k;

	cfg->iter = ITER_DEFAULT;
	for (k = 0; k < NR_OPS; k++)
		cfg->run[k] = &ops[k];
	cfg->nr_run = NR_OPS;
	for (i = 1; i < argc; i++) {
		if (!strncmp(argv[i], "iter=", 5)) {
			cfg->iter = parse_count("iter", argv[i] + 5, 1, ITER_MAX);
		} else if (!strncmp(argv[i], "warmup=", 7)) {
			cfg->warmup = parse_count("warmup", argv[i] + 7, 0, WARMUP_MAX);
			warmup_set = 1;
		} else if (!strncmp(argv[i], "ops=", 4)) {
			parse_ops(cfg, argv[i] + 4);
		} else {
			usage("unknown argument '%s'", argv[i]);
		}
	}
	if (!warmup_set)
		cfg->warmup = cfg->iter / 10 < WARMUP_MIN ? WARMUP_MIN : cfg->iter / 10;
}

int main(int argc, char **argv)
{
	static struct config cfg;
	double mhz;
	size_t i;
	int failed = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	parse_args(&cfg, argc, argv);
	cfg.samples = malloc(cfg.iter * sizeof(cfg.samples[0]));
	if (!cfg.samples) {
		printf("bench: error=malloc_failed\n");
		return 1;
	}
	mhz = tsc_calibrate_mhz();
	if (!(mhz > 0)) {
		printf("bench: error=tsc_calibration_failed\n");
		return 1;
	}
	cfg.ns_per_tick = 1000.0 / mhz;
	cfg.overhead = timer_overhead_ticks();
	printf("bench: start iter=%lu warmup=%lu tsc_mhz=%.1f timer_overhead_ns=%.1f\n",
	       cfg.iter, cfg.warmup, mhz, (double)cfg.overhead * cfg.ns_per_tick);
	for (i = 0; i < cfg.nr_run; i++)
		if (run_op(&cfg, cfg.run[i]) != 0)
			failed = 1;
	printf("bench: done ops=%zu\n", cfg.nr_run);
	free(cfg.samples);
	return failed;
}
