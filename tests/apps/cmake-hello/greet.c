/* A static library of the CMake test program (libgreet.a). */
#include <math.h>
#include <stdio.h>

__thread int greet_calls;

void greet(const char *who)
{
	greet_calls++;
	printf("cmake-hello: hello, %s (sqrt(2) = %.6f, call %d)\n", who,
	       sqrt(2.0), greet_calls);
}
