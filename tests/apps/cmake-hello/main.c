/*
 * A program built by CMake with CMAKE_C_COMPILER=ukl-cc: a static library,
 * threads and libm, then booted as a UKL application.
 */
#include <pthread.h>
#include <stdio.h>

void greet(const char *who);

static void *thread_main(void *arg)
{
	greet(arg);
	return 0;
}

int main(void)
{
	pthread_t t;
	unsigned short cs;

	__asm__ volatile("mov %%cs, %0" : "=r"(cs));
	greet("main");
	if (pthread_create(&t, 0, thread_main, "a thread") || pthread_join(t, 0))
		return 1;
	printf("cmake-hello: cpl=%d\n", cs & 3);
	return 0;
}
