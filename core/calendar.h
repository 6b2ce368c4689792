/* SPDX-License-Identifier: MIT */
/* Kazakhstan's working-day calendar and deadline arithmetic.
 * Saturday and Sunday are off. The rest is data, read with the forms from
 * FORMS/calendar/NAME.days (format in forms/calendar/README.md), each item
 * with its legal source and the dates it is in force: the public holidays
 * that are days off, the weekend-move rule (a holiday on a Saturday or
 * Sunday moves the day off to the next working day, except the holidays
 * that never move: 7 January, the first day of Kurban Ait), each year's
 * Kurban Ait and the Government's transfers, and the years those are
 * complete for. The front end installs the loaded data (cal_use).
 * Edited by the admin: extra days off / extra working days (table
 * calendar_days), which take precedence over the data.
 * The holidays and the weekend moves are rules, so every later year has
 * its calendar too; until the admin confirms a year (its Kurban Ait and
 * transfers entered, setting calendar.confirmed_year) its due dates are
 * provisional, and the admin is warned CAL_WARN_DAYS ahead. */
#ifndef OKNO_CALENDAR_H
#define OKNO_CALENDAR_H

#include "date.h"
#include "role.h"
#include "rules.h"
#include "status.h"
#include "store.h"

/* A public holiday that is a day off: every year on m-d within its
 * period, or (year != 0) only on that day of that year (Kurban Ait). */
struct cal_holiday {
	int year, m, d;
	int movable;                /* 0: never moved off a weekend */
	char *name;
	char *source;
	struct rule_period period;  /* every-year holidays only */
	const char *file;
	int line;
};

/* A Government transfer: `off` becomes a day off, `work` a working day. */
struct cal_transfer {
	struct date off, work;
	char *source;
	const char *file;
	int line;
};

/* The calendar data of a forms folder (read-only once loaded). */
struct cal_data {
	int first_year, last_year;  /* Kurban Ait and transfers complete */
	char *years_source;
	const char *years_file;
	int years_line;
	int has_move;               /* the weekend-move rule */
	struct rule_period move_period;
	char *move_source;
	const char *move_file;
	int move_line;
	struct cal_holiday *hol;
	size_t nhol;
	struct cal_transfer *tr;
	size_t ntr;
	char **files;               /* the paths read, owned */
	size_t nfiles;
};

/* Read every NAME.days file of dir (file-name order). Like formset_load, a
 * broken file leaves *out NULL with one "path:line: ..." entry per
 * problem in errs (ST_INVALID); ST_NOTFOUND when dir cannot be read or
 * holds no *.days file. Free with cal_data_free. */
MUST_CHECK enum status cal_data_load(const char *dir, struct cal_data **out,
				     struct errlist *errs);
void cal_data_free(struct cal_data *cd);

/* The data the calendar of this process counts with (NULL: none, and
 * every function below that needs it fails with ST_INVALID saying so).
 * The caller keeps cd alive while it is in use. */
void cal_use(const struct cal_data *cd);
const struct cal_data *cal_in_use(void);

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

/* Classify one day. s may be NULL (the data only, no admin entries). */
MUST_CHECK enum status cal_day(struct store *s, struct date d, struct cal_day *out,
		    struct err *e);
/* 1 working, 0 day off, -1 on a storage error. */
int cal_is_workday(struct store *s, struct date d);

/* The due date of a term of n working days (n >= 1) from an acceptance on
 * day `from`: the n-th working day after `from` (the day of acceptance
 * itself is not counted). Refuses a due date before the data's first
 * year (ST_INVALID, naming the year) unless the admin has entered that
 * year's days; a year after the data's last is counted by the holidays'
 * rules (cal_provisional tells). */
MUST_CHECK enum status cal_due(struct store *s, struct date from, int n,
		    struct date *due, struct err *e);

/* The last year whose days off are confirmed: the setting
 * calendar.confirmed_year when the admin has set it to a later year than
 * the data's last, else the data's last year (s may be NULL). */
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
