/* Reading the lines "name value" that the UKL kernel reports in /proc/ukl. */
#ifndef UKL_TEST_PROC_H
#define UKL_TEST_PROC_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * ukl_proc_word("name", buf, size): the word after "name " in /proc/ukl,
 * in @buf, or "" when the line is missing.
 */
static const char *ukl_proc_word(const char *name, char *buf, int size)
{
	char line[256], fmt[16];
	size_t len = strlen(name);
	FILE *f = fopen("/proc/ukl", "r");

	buf[0] = 0;
	if (!f)
		return buf;
	snprintf(fmt, sizeof(fmt), "%%%ds", size - 1);
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, name, len) && line[len] == ' ')
			sscanf(line + len + 1, fmt, buf);
	fclose(f);
	return buf;
}

/* ukl_counter("name"): a counter in /proc/ukl, or -1 when it is missing. */
static long ukl_counter(const char *name)
{
	char word[32];

	if (!*ukl_proc_word(name, word, sizeof(word)))
		return -1;
	return strtol(word, NULL, 10);
}

#endif
