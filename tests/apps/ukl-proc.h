/*
 * ukl_counter("name"): a counter the UKL kernel reports in /proc/ukl
 * (lines "name value"), or -1 when it is missing.
 */
#ifndef UKL_TEST_PROC_H
#define UKL_TEST_PROC_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static long ukl_counter(const char *name)
{
	char line[256];
	size_t len = strlen(name);
	long value = -1;
	FILE *f = fopen("/proc/ukl", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, name, len) && line[len] == ' ')
			value = strtol(line + len + 1, NULL, 10);
	fclose(f);
	return value;
}

#endif
