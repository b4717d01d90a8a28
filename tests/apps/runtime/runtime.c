/*
 * The compiler runtime (libgcc) in a UKL application.
 *
 * Each line is one computation that GCC compiles into a call to a libgcc
 * helper: 128-bit division, conversions between __int128 and floating
 * point, complex multiplication and division (with C99 Annex G's infinity
 * recovery), __builtin_powi, popcount without POPCNT, _Float16 and
 * __float128 arithmetic, -ftrapv arithmetic, __builtin_cpu_supports.
 * Results are printed as bit patterns, so the output does not depend on
 * the libc's printf.  tests/15-runtime.t runs this program in the guest
 * (libgcc rebuilt for the kernel) and on the host (Debian's libgcc) and
 * requires the same output.  Inputs are volatile, so nothing is folded at
 * compile time.
 *
 * "runtime trapv" overflows a -ftrapv multiplication, which must abort.
 */
#include <complex.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

typedef __int128 i128;
typedef unsigned __int128 u128;

static void put_u128(const char *what, u128 v)
{
	printf("%s = %016llx%016llx\n", what, (unsigned long long)(v >> 64),
	       (unsigned long long)v);
}

/* The bytes of a floating-point value, most significant first. */
static void put_bits(const char *what, char tag, const void *v, size_t n)
{
	const unsigned char *b = v;

	printf("%s = %c:", what, tag);
	while (n--)
		printf("%02x", b[n]);
	printf("\n");
}

static void put_f(const char *what, float x) { put_bits(what, 'f', &x, sizeof(x)); }
static void put_d(const char *what, double x) { put_bits(what, 'd', &x, sizeof(x)); }
static void put_ld(const char *what, long double x) { put_bits(what, 'x', &x, 10); }
static void put_h(const char *what, _Float16 x) { put_bits(what, 'h', &x, sizeof(x)); }
static void put_q(const char *what, __float128 x) { put_bits(what, 'q', &x, sizeof(x)); }

static volatile i128 sdivs[] = {
	1, -1, 7, -7, 1000000007, (i128)1 << 64, ((i128)1 << 64) + 3,
	-((i128)1 << 100) + 12345, ((i128)0x123456789abcdefULL << 60) | 0xfedcba987ULL,
	(i128)(((u128)1 << 127) - 1), -(i128)(((u128)1 << 127) - 1),
};
static volatile double dbl[] = {
	0.0, -0.0, 1.0, -1.5, 3.141592653589793, 1e-300, 1e300, 9007199254740993.0,
	18446744073709551615.0, 1.2345678901234567e37, -1.7e38,
};
static volatile float flt[] = { 0.0f, 1.0f, -2.5f, 3.0e38f, 1.1754944e-38f, 16777217.0f, 6.5e4f, 1e-7f };
static volatile long double ldbl[] = { 0.0L, 1.0L, -3.25L, 1.0e30L, 18446744073709551617.0L, 1e-4000L };

static void int128(void)
{
	char what[64];
	unsigned n = sizeof(sdivs) / sizeof(sdivs[0]);

	for (unsigned i = 0; i < n; i++)
		for (unsigned j = 0; j < n; j++) {
			i128 a = sdivs[i], b = sdivs[j];

			snprintf(what, sizeof(what), "divti3 %u %u", i, j);
			put_u128(what, (u128)(a / b));
			snprintf(what, sizeof(what), "modti3 %u %u", i, j);
			put_u128(what, (u128)(a % b));
			snprintf(what, sizeof(what), "udivti3 %u %u", i, j);
			put_u128(what, (u128)a / (u128)b);
			snprintf(what, sizeof(what), "umodti3 %u %u", i, j);
			put_u128(what, (u128)a % (u128)b);
		}
}

static void conversions(void)
{
	char what[64];

	for (unsigned i = 0; i < sizeof(sdivs) / sizeof(sdivs[0]); i++) {
		i128 a = sdivs[i];

		snprintf(what, sizeof(what), "floattidf %u", i);
		put_d(what, (double)a);
		snprintf(what, sizeof(what), "floattisf %u", i);
		put_f(what, (float)a);
		snprintf(what, sizeof(what), "floattixf %u", i);
		put_ld(what, (long double)a);
		snprintf(what, sizeof(what), "floatuntidf %u", i);
		put_d(what, (double)(u128)a);
		snprintf(what, sizeof(what), "floatuntisf %u", i);
		put_f(what, (float)(u128)a);
		snprintf(what, sizeof(what), "floatuntixf %u", i);
		put_ld(what, (long double)(u128)a);
	}
	for (unsigned i = 0; i < sizeof(dbl) / sizeof(dbl[0]); i++) {
		double d = dbl[i];

		if (d > -1e38 && d < 1e38) {	/* in range of __int128 */
			snprintf(what, sizeof(what), "fixdfti %u", i);
			put_u128(what, (u128)(i128)d);
		}
		if (d >= 0 && d < 3e38) {
			snprintf(what, sizeof(what), "fixunsdfti %u", i);
			put_u128(what, (u128)d);
		}
	}
	for (unsigned i = 0; i < sizeof(flt) / sizeof(flt[0]); i++) {
		float f = flt[i];

		if (f > -1.7e38f && f < 1.7e38f) {	/* in range of __int128 */
			snprintf(what, sizeof(what), "fixsfti %u", i);
			put_u128(what, (u128)(i128)f);
		}
		if (f >= 0) {
			snprintf(what, sizeof(what), "fixunssfti %u", i);
			put_u128(what, (u128)f);
		}
	}
	for (unsigned i = 0; i < sizeof(ldbl) / sizeof(ldbl[0]); i++) {
		long double x = ldbl[i];

		snprintf(what, sizeof(what), "fixxfti %u", i);
		put_u128(what, (u128)(i128)x);
		if (x >= 0) {
			snprintf(what, sizeof(what), "fixunsxfti %u", i);
			put_u128(what, (u128)x);
		}
	}
}

static volatile double cre[] = { 1.0, -2.0, 0.0, 3.5e200, 1e-310 };
static volatile double cim[] = { 2.0, 0.5, -0.0, -1.0e-200, 7.0 };

static void complex_ops(void)
{
	char what[64];
	unsigned n = sizeof(cre) / sizeof(cre[0]);
	volatile double inf = __builtin_inf(), nan = __builtin_nan("");

	for (unsigned i = 0; i < n; i++)
		for (unsigned j = 0; j < n; j++) {
			double complex a = CMPLX(cre[i], cim[i]), b = CMPLX(cre[j], cim[j]);
			float complex fa = CMPLXF(cre[i], cim[i]), fb = CMPLXF(cre[j], cim[j]);
			long double complex la = CMPLXL(cre[i], cim[i]), lb = CMPLXL(cre[j], cim[j]);
			double complex p = a * b, q = a / b;
			float complex fp = fa * fb, fq = fa / fb;
			long double complex lp = la * lb, lq = la / lb;

			snprintf(what, sizeof(what), "muldc3 %u %u re", i, j);
			put_d(what, creal(p));
			snprintf(what, sizeof(what), "muldc3 %u %u im", i, j);
			put_d(what, cimag(p));
			snprintf(what, sizeof(what), "divdc3 %u %u re", i, j);
			put_d(what, creal(q));
			snprintf(what, sizeof(what), "divdc3 %u %u im", i, j);
			put_d(what, cimag(q));
			snprintf(what, sizeof(what), "mulsc3 %u %u", i, j);
			put_f(what, crealf(fp) + cimagf(fp));
			snprintf(what, sizeof(what), "divsc3 %u %u", i, j);
			put_f(what, crealf(fq) - cimagf(fq));
			snprintf(what, sizeof(what), "mulxc3 %u %u", i, j);
			put_ld(what, creall(lp) + cimagl(lp));
			snprintf(what, sizeof(what), "divxc3 %u %u", i, j);
			put_ld(what, creall(lq) - cimagl(lq));
		}

	/* Annex G: an infinite operand gives an infinite result, not NaN. */
	double complex a = CMPLX(inf, nan), b = CMPLX(1.0, 0.0);
	double complex p = a * b, q = b / CMPLX(0.0, 0.0);

	put_d("muldc3 inf re", creal(p));
	put_d("muldc3 inf im", cimag(p));
	put_d("divdc3 by zero re", creal(q));
	put_d("divdc3 by zero im", cimag(q));
}

static volatile int powi_n[] = { 0, 1, 2, 3, 10, 31, -1, -3, -64 };

static void powi(void)
{
	char what[64];

	for (unsigned i = 0; i < 6; i++)
		for (unsigned j = 0; j < sizeof(powi_n) / sizeof(powi_n[0]); j++) {
			snprintf(what, sizeof(what), "powidf2 %u %u", i, j);
			put_d(what, __builtin_powi(dbl[i], powi_n[j]));
			snprintf(what, sizeof(what), "powisf2 %u %u", i, j);
			put_f(what, __builtin_powif(flt[i], powi_n[j]));
			snprintf(what, sizeof(what), "powixf2 %u %u", i, j);
			put_ld(what, __builtin_powil(ldbl[i], powi_n[j]));
		}
}

static volatile unsigned long long bits[] = {
	0, 1, 0x8000000000000000ULL, 0xffffffffffffffffULL, 0x0123456789abcdefULL, 0x5555555555555555ULL,
};

static void bit_ops(void)
{
	for (unsigned i = 0; i < sizeof(bits) / sizeof(bits[0]); i++)
		printf("popcountdi2 %u = %d, clrsbdi2 = %d, popcountsi2 = %d\n", i,
		       __builtin_popcountll(bits[i]), __builtin_clrsbll((long long)bits[i]),
		       __builtin_popcount((unsigned)bits[i]));
}

static void float16(void)
{
	char what[64];

	for (unsigned i = 0; i < sizeof(flt) / sizeof(flt[0]); i++) {
		_Float16 h = flt[i];

		snprintf(what, sizeof(what), "truncsfhf2 %u", i);
		put_h(what, h);
		snprintf(what, sizeof(what), "extendhfsf2 %u", i);
		put_f(what, (float)(h * h));
		snprintf(what, sizeof(what), "truncdfhf2 %u", i);
		put_h(what, (_Float16)dbl[i]);
		snprintf(what, sizeof(what), "extendhfdf2 %u", i);
		put_d(what, (double)h);
	}
}

static void float128(void)
{
	char what[64];

	for (unsigned i = 0; i < sizeof(dbl) / sizeof(dbl[0]); i++)
		for (unsigned j = 0; j < 4; j++) {
			__float128 a = dbl[i], b = (__float128)dbl[j] + 1;

			snprintf(what, sizeof(what), "addtf3 %u %u", i, j);
			put_q(what, a + b / 3);
			snprintf(what, sizeof(what), "multf3 %u %u", i, j);
			put_q(what, a * b - 1);
			snprintf(what, sizeof(what), "divtf3 %u %u", i, j);
			put_q(what, a / b);
			snprintf(what, sizeof(what), "trunctfdf2 %u %u", i, j);
			put_d(what, (double)(a / 7 + b));
			snprintf(what, sizeof(what), "lttf2 %u %u = %d", i, j, a < b);
			printf("%s\n", what);
			snprintf(what, sizeof(what), "fixtfdi %u", i);
			if (a > -1e18 && a < 1e18)
				printf("%s = %lld\n", what, (long long)(a * 3));
		}
}

__attribute__((optimize("trapv"))) static long trapping_mul(long a, long b)
{
	return a * b;
}

__attribute__((optimize("trapv"))) static long trapping_add(long a, long b)
{
	return a + b;
}

static volatile long big = 0x7fffffffffffffffL;

static void trapv(void)
{
	printf("mulvdi3 = %ld\n", trapping_mul(123456789, -1000));
	printf("addvdi3 = %ld\n", trapping_add(big, -big));
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "trapv") == 0) {
		printf("runtime: overflowing a -ftrapv multiplication\n");
		fflush(stdout);
		printf("%ld\n", trapping_mul(big, 2));
		return 0;	/* not reached: __mulvdi3 aborts */
	}
	unsigned short cs;

	__asm__ volatile("mov %%cs, %0" : "=r"(cs));
	printf("runtime: cpl %d\n", cs & 3);
	__builtin_cpu_init();
	printf("cpu_supports sse2 = %d\n", __builtin_cpu_supports("sse2"));
	int128();
	conversions();
	complex_ops();
	powi();
	bit_ops();
	float16();
	float128();
	trapv();
	printf("runtime: done\n");
	return 0;
}
