/* Reports what configure found (config.h), as a UKL application. */
#include "config.h"
#include <stdio.h>

int main(void)
{
	printf("probe: run=%s sizeof_long=%d", PROBE_RUN, SIZEOF_LONG);
#ifdef HAVE_CLOCK_GETTIME
	printf(" clock_gettime");
#endif
#ifdef HAVE_NO_SUCH_FUNCTION_ANYWHERE
	printf(" no_such_function_anywhere");
#endif
	printf("\n");
	return 0;
}
