/* SPDX-License-Identifier: MIT */
/* Wall clock in the office's zone, with a fixed clock for training. */
#include "clock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int training;
static char zone[CLOCK_ZONE_MAX];

void
clock_set_training(int on)
{
	training = on != 0;
}

int
clock_training(void)
{
	return training;
}

const char *
clock_zone(void)
{
	return zone;
}

/* An IANA zone name: letters, digits, "/", "_", "-", "+"; no "..", no
 * leading "/". */
static int
zone_name_ok(const char *z)
{
	const char *p;

	if (!z || !*z || *z == '/' || strlen(z) >= CLOCK_ZONE_MAX ||
	    strstr(z, ".."))
		return 0;
	for (p = z; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || strchr("/_-+", *p)))
			return 0;
	return 1;
}

enum status
clock_set_zone(const char *z, struct err *e)
{
	struct stat sb;
	char path[CLOCK_ZONE_MAX + 32];

	if (!zone_name_ok(z))
		return err_set(e, ST_INVALID, "timezone",
			       "Часовой пояс «%s»: ожидается имя вроде Asia/Almaty", z ? z : "");
	/* glibc silently falls back to UTC for a zone it cannot find: that
	 * would stamp every act hours off, so a missing zone is an error. */
	snprintf(path, sizeof path, "/usr/share/zoneinfo/%s", z);
	if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode))
		return err_set(e, ST_INVALID, "timezone",
			       "Часовой пояс «%s» не найден в системе (/usr/share/zoneinfo, пакет tzdata)", z);
	snprintf(path, sizeof path, ":%s", z);
	if (setenv("TZ", path, 1) != 0)
		return err_set(e, ST_ERROR, "timezone", "setenv TZ");
	tzset();
	snprintf(zone, sizeof zone, "%s", z);
	return ST_OK;
}

/* "YYYY-MM-DDTHH:MM:SS" then "", "Z" or "+HH:MM"/"-HH:MM". */
int
clock_parse_stamp(const char *s, time_t *out)
{
	struct tm tm;
	const char *end;
	long off = 0;
	int has_off = 0;

	if (!s)
		return -1;
	memset(&tm, 0, sizeof tm);
	end = strptime(s, "%Y-%m-%dT%H:%M:%S", &tm);
	if (!end || end - s != 19)
		return -1;
	if (*end == 'Z' && !end[1]) {
		has_off = 1;
	} else if ((*end == '+' || *end == '-') && strlen(end) == 6 &&
		   end[1] >= '0' && end[1] <= '1' && end[2] >= '0' &&
		   end[2] <= '9' && end[3] == ':' && end[4] >= '0' &&
		   end[4] <= '5' && end[5] >= '0' && end[5] <= '9') {
		off = ((end[1] - '0') * 10 + (end[2] - '0')) * 3600L +
		      ((end[4] - '0') * 10 + (end[5] - '0')) * 60L;
		if (*end == '-')
			off = -off;
		has_off = 1;
	} else if (*end) {
		return -1;
	}
	if (has_off) {
		*out = timegm(&tm) - off;
		return 0;
	}
	tm.tm_isdst = -1;
	*out = mktime(&tm);
	return 0;
}

int
clock_stamp_valid(const char *s)
{
	time_t t;

	return clock_parse_stamp(s, &t) == 0;
}

time_t
clock_now(void)
{
	const char *fixed;
	time_t t;

	if (training && (fixed = getenv("OKNO_NOW")) && *fixed &&
	    clock_parse_stamp(fixed, &t) == 0)
		return t;
	return time(NULL);
}

struct date
clock_today(void)
{
	return date_of_time(clock_now());
}

void
clock_stamp(time_t t, char out[STAMP_SIZE])
{
	struct tm tm;
	long off;
	char sign = '+';

	localtime_r(&t, &tm);
	off = tm.tm_gmtoff;
	if (off < 0) {
		sign = '-';
		off = -off;
	}
	if (strftime(out, STAMP_SIZE, "%Y-%m-%dT%H:%M:%S", &tm) != 19) {
		out[0] = '\0';
		return;
	}
	out[19] = sign;
	out[20] = (char)('0' + (off / 36000) % 10);
	out[21] = (char)('0' + (off / 3600) % 10);
	out[22] = ':';
	out[23] = (char)('0' + (off / 600) % 6);
	out[24] = (char)('0' + (off / 60) % 10);
	out[25] = '\0';
}

void
clock_stamp_ru(const char *stamp, char out[CLOCK_RU_SIZE])
{
	struct tm tm;
	time_t t;

	if (clock_parse_stamp(stamp, &t) != 0 || !localtime_r(&t, &tm) ||
	    strftime(out, CLOCK_RU_SIZE, "%d.%m.%Y %H:%M", &tm) == 0)
		snprintf(out, CLOCK_RU_SIZE, "%s", stamp ? stamp : "");
}
