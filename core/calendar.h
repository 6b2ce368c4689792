/* SPDX-License-Identifier: MIT */
/* Kazakhstan's working-day calendar and deadline arithmetic.
 * Built in: Saturday/Sunday off; the public holidays that are days off,
 * with the years each was in force; the weekend-move rule (a holiday on a
 * Saturday or Sunday moves the day off to the next working day), except
 * 7 January and the first day of Kurban Ait which never move; Kurban Ait
 * dates and the government's transfers for 2014-2027.
 * Edited by the admin: extra days off / extra working days (table
 * calendar_days), which take precedence over everything built in.
 * The fixed holidays and the weekend moves are rules, so every later year
 * has its calendar too; until the admin confirms a year (its Kurban Ait
 * and transfers entered, setting calendar.confirmed_year) its due dates
 * are provisional, and the admin is warned CAL_WARN_DAYS ahead. */
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
 * itself is not counted). Refuses a due date before CAL_FIRST_YEAR
 * (ST_INVALID, naming the year) unless the admin has entered that year's
 * days; a later year than the built-in data is counted by the fixed
 * holidays' rules (cal_provisional tells). */
MUST_CHECK enum status cal_due(struct store *s, struct date from, int n,
		    struct date *due, struct err *e);

/* The last year whose days off are confirmed: the setting
 * calendar.confirmed_year when the admin has set it, else CAL_LAST_YEAR
 * (s may be NULL). */
int cal_confirmed_year(struct store *s);
/* 1 when a due date on d rests on a year not confirmed: counted by the
 * fixed holidays' rules without that year's Kurban Ait and transfers. */
int cal_provisional(struct store *s, struct date d);

/* How many days before a year not confirmed begins the admin is warned. */
#define CAL_WARN_DAYS 60
/* On `today`: the year not confirmed that begins within CAL_WARN_DAYS
 * days (or has begun), else 0. */
int cal_ahead_year(struct store *s, struct date today);
/* On `today`: 1 and a Russian message in msg when a year not confirmed
 * begins within CAL_WARN_DAYS days (or has begun), else 0. */
int cal_ahead_warning(struct store *s, struct date today, char *msg,
		      size_t n);

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
