/* SPDX-License-Identifier: MIT */
/* Looking codes up in the tables of codes.h. */
#include "codes.h"

#include <string.h>

int
codes_find(const char *const *v, int n, const char *code)
{
	int i;

	for (i = 0; code && i < n; i++)
		if (strcmp(v[i], code) == 0)
			return i;
	return -1;
}

const char *
codes_at(const char *const *v, int n, int i)
{
	return i >= 0 && i < n ? v[i] : "?";
}
