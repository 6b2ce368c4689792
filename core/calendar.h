/* SPDX-License-Identifier: MIT */
/* Kazakhstan's working-day calendar and deadline arithmetic.
 * Built in: Saturday/Sunday off; the public holidays that are days off,
 * with the years each was in force; the weekend-move rule (a holiday on a
 * Saturday or Sunday moves the day off to the next working day), except
 * 7 January and the first day of Kurban Ait which never move; Kurban Ait
 * dates and the government's transfers for 2014-2027.
 * Edited by the admin: extra days off / extra working days (table
 * calendar_days), which take precedence over everything built in. */
#ifndef OKNO_CALENDAR_H
#define OKNO_CALENDAR_H

#include "date.h"
#include "role.h"
#include "status.h"
#include "store.h"

/* First and last year the built-in data covers. */
#define CAL_FIRST_YEAR 2014
#define CAL_LAST_YEAR  2027

enum cal_kind {
	CAL_WORKDAY = 0,
	CAL_WEEKEND,       /* ordinary Saturday or Sunday */
	CAL_HOLIDAY,       /* a public holiday that is a day off */
	CAL_MOVED,         /* day off moved here from a holiday on a weekend */
	CAL_TRANSFER_OFF,  /* government transfer: weekday made a day off */
	CAL_TRANSFER_WORK, /* government transfer: weekend made a working day */
	CAL_ADMIN_OFF,     /* admin-entered day off */
	CAL_ADMIN_WORK,    /* admin-entered working day */
};

struct cal_day {
	struct date date;
	enum cal_kind kind;
	int working;        /* 1 when it is a working day */
	char note[160];     /* Russian: "Наурыз мейрамы", "перенос с 04.05.2014" */
};

/* Classify one day. s may be NULL (built-in data only). */
MUST_CHECK enum status cal_day(struct store *s, struct date d, struct cal_day *out,
		    struct err *e);
/* 1 working, 0 day off, -1 on a storage error. */
int cal_is_workday(struct store *s, struct date d);

/* The due date of a term of n working days (n >= 1) from an acceptance on
 * day `from`: the n-th working day after `from` (the day of acceptance
 * itself is not counted). Refuses a due date outside the years the
 * calendar knows (ST_INVALID, naming the year) unless the admin has
 * entered that year's days. */
MUST_CHECK enum status cal_due(struct store *s, struct date from, int n,
		    struct date *due, struct err *e);

/* Working days strictly after `from` up to and including `to` (0 when
 * to <= from). For "due in the next two working days" lists. */
int cal_workdays_between(struct store *s, struct date from, struct date to);

/* Every day off of a year that is not an ordinary weekend, and every
 * weekend day that is working, in date order. *out is allocated; the
 * caller frees it. */
MUST_CHECK enum status cal_year(struct store *s, int year, struct cal_day **out,
		     size_t *count, struct err *e);

/* Admin edits (PERM_CALENDAR), each with an audit line, in one
 * transaction. kind is CAL_ADMIN_OFF or CAL_ADMIN_WORK. An existing entry
 * for the date is replaced. cal_remove deletes an admin entry. */
MUST_CHECK enum status cal_set(struct store *s, const struct actor *a, struct date d,
		    enum cal_kind kind, const char *note, struct err *e);
MUST_CHECK enum status cal_remove(struct store *s, const struct actor *a, struct date d,
		       struct err *e);

#endif
