/* SPDX-License-Identifier: MIT */
/* Calendar date arithmetic (proleptic Gregorian, civil-from-days). */
#include "date.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

int
date_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int
date_month_days(int y, int m)
{
	static const int md[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (m < 1 || m > 12)
		return 0;
	return md[m - 1] + (m == 2 && date_leap(y));
}

int
date_valid(int y, int m, int d)
{
	return y >= 1800 && y <= 2199 && m >= 1 && m <= 12 && d >= 1 &&
	       d <= date_month_days(y, m);
}

/* Howard Hinnant's days_from_civil. */
long
date_to_days(struct date dt)
{
	long y = dt.y - (dt.m <= 2);
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (dt.m + (dt.m > 2 ? -3 : 9)) + 2) / 5 + dt.d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

struct date
date_from_days(long z)
{
	struct date dt;
	long era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	dt.d = (int)(doy - (153 * mp + 2) / 5 + 1);
	dt.m = (int)(mp < 10 ? mp + 3 : mp - 9);
	dt.y = (int)(yoe + era * 400 + (dt.m <= 2));
	return dt;
}

int
date_weekday(struct date dt)
{
	long z = date_to_days(dt);

	/* 1970-01-01 was a Thursday (3 with Monday = 0). */
	return (int)(((z % 7) + 7 + 3) % 7);
}

struct date
date_add_days(struct date dt, long n)
{
	return date_from_days(date_to_days(dt) + n);
}

int
date_cmp(struct date a, struct date b)
{
	long x = date_to_days(a), y = date_to_days(b);

	return (x > y) - (x < y);
}

static int
digits(const char *s, int n, int *out)
{
	int v = 0, i;

	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

int
date_parse_iso(const char *s, struct date *out)
{
	struct date dt;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
	    digits(s, 4, &dt.y) || digits(s + 5, 2, &dt.m) ||
	    digits(s + 8, 2, &dt.d) || !date_valid(dt.y, dt.m, dt.d))
		return -1;
	*out = dt;
	return 0;
}

int
date_parse_ru(const char *s, struct date *out)
{
	struct date dt;

	if (strlen(s) != 10 || s[2] != '.' || s[5] != '.' ||
	    digits(s, 2, &dt.d) || digits(s + 3, 2, &dt.m) ||
	    digits(s + 6, 4, &dt.y) || !date_valid(dt.y, dt.m, dt.d))
		return -1;
	*out = dt;
	return 0;
}

int
date_parse_any(const char *s, struct date *out)
{
	return date_parse_ru(s, out) == 0 ? 0 : date_parse_iso(s, out);
}

static void
put(char *out, unsigned v, int n)
{
	while (n-- > 0) {
		out[n] = (char)('0' + v % 10);
		v /= 10;
	}
}

void
date_format_iso(struct date dt, char out[DATE_SIZE])
{
	put(out, (unsigned)dt.y, 4);
	out[4] = '-';
	put(out + 5, (unsigned)dt.m, 2);
	out[7] = '-';
	put(out + 8, (unsigned)dt.d, 2);
	out[10] = '\0';
}

void
date_format_ru(struct date dt, char out[DATE_SIZE])
{
	put(out, (unsigned)dt.d, 2);
	out[2] = '.';
	put(out + 3, (unsigned)dt.m, 2);
	out[5] = '.';
	put(out + 6, (unsigned)dt.y, 4);
	out[10] = '\0';
}

void
date_iso_to_ru(const char *iso, char out[DATE_SIZE])
{
	struct date dt;

	if (date_parse_iso(iso, &dt) == 0)
		date_format_ru(dt, out);
	else
		snprintf(out, DATE_SIZE, "%s", iso);
}

struct date
date_of_time(time_t t)
{
	struct tm tm;
	struct date dt;

	localtime_r(&t, &tm);
	dt.y = tm.tm_year + 1900;
	dt.m = tm.tm_mon + 1;
	dt.d = tm.tm_mday;
	return dt;
}
