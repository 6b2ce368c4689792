/* SPDX-License-Identifier: MIT */
/* Calendar dates without time zones: parsing, formatting and day arithmetic.
 * Storage uses ISO (YYYY-MM-DD); screens and prints use ДД.ММ.ГГГГ. */
#ifndef OKNO_DATE_H
#define OKNO_DATE_H

#include <time.h>

struct date {
	int y, m, d;
};

/* "YYYY-MM-DD" or "ДД.ММ.ГГГГ" and its NUL. */
#define DATE_SIZE 11

/* 1 when y-m-d is a real Gregorian date (years 1800..2199). */
int date_valid(int y, int m, int d);
int date_leap(int y);
int date_month_days(int y, int m);
/* Days since 1970-01-01 (negative before). */
long date_to_days(struct date dt);
struct date date_from_days(long days);
/* 0 = Monday ... 6 = Sunday. */
int date_weekday(struct date dt);
struct date date_add_days(struct date dt, long n);
int date_cmp(struct date a, struct date b);

/* Parse exactly "YYYY-MM-DD"; 0 on success, -1 when malformed or unreal. */
int date_parse_iso(const char *s, struct date *out);
/* Parse exactly "ДД.ММ.ГГГГ" (DD.MM.YYYY); 0 on success, -1 otherwise. */
int date_parse_ru(const char *s, struct date *out);
/* Either form. */
int date_parse_any(const char *s, struct date *out);
void date_format_iso(struct date dt, char out[DATE_SIZE]);
void date_format_ru(struct date dt, char out[DATE_SIZE]);
/* Convert an ISO date to ДД.ММ.ГГГГ; returns the input's copy into out when
 * it is not a date. */
void date_iso_to_ru(const char *iso, char out[DATE_SIZE]);

/* The local calendar date of a moment. */
struct date date_of_time(time_t t);

#endif
