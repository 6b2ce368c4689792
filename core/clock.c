/* SPDX-License-Identifier: MIT */
/* Wall clock with a test override. */
#include "clock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
clock_parse_stamp(const char *s, time_t *out)
{
	struct tm tm;
	char *end;

	memset(&tm, 0, sizeof tm);
	end = strptime(s, "%Y-%m-%dT%H:%M:%S", &tm);
	if (!end || *end)
		return -1;
	tm.tm_isdst = -1;
	*out = mktime(&tm);
	return 0;
}

time_t
clock_now(void)
{
	const char *fixed = getenv("OKNO_NOW");
	time_t t;

	if (fixed && *fixed && clock_parse_stamp(fixed, &t) == 0)
		return t;
	return time(NULL);
}

struct date
clock_today(void)
{
	return date_of_time(clock_now());
}

void
clock_stamp(time_t t, char *out)
{
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(out, 20, "%Y-%m-%dT%H:%M:%S", &tm);
}
