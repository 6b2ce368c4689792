/* SPDX-License-Identifier: MIT */
/* Tests for the working-day calendar: the 2014, 2025 and 2026 day lists of
 * the published calendars, the weekend-move rule, transfers, deadlines and
 * the admin's entries. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit.h"
#include "calendar.h"
#include "settings.h"
#include "store.h"

#define D(y, m, d) ((struct date){(y), (m), (d)})

/* ---- helpers ---------------------------------------------------------- */

/* The calendar data shipped with the forms (forms/calendar), as the front
 * ends load it. */
static struct cal_data *shipped_data;

static int
load_calendar(void **state)
{
	struct errlist errs = {0};
	char *dir = xasprintf("%s/calendar", fixture_forms_dir());

	(void)state;
	if (cal_data_load(dir, &shipped_data, &errs) != ST_OK)
		fail_msg("%s: %s", dir, errs.n ? errs.v[0].msg : "?");
	errlist_free(&errs);
	free(dir);
	cal_use(shipped_data);
	return 0;
}

static int
free_calendar(void **state)
{
	(void)state;
	cal_data_free(shipped_data);
	return 0;
}

struct fx {
	struct fixture o;
	struct actor admin;
	struct actor inspector;
};

static void
exec_ok(struct store *s, const char *sql)
{
	struct err e = {0};

	assert_int_equal(store_exec(s, sql, &e), ST_OK);
}

static int
setup_db(void **state)
{
	static const struct fixture_spec spec = {
		.now = "2026-03-02T10:00:00", .bare = 1,
	};
	struct fx *f = xcalloc(1, sizeof *f);
	char sql[256];

	fixture_open(&f->o, "cal", &spec);
	f->admin.id = 1;
	f->admin.roles = ROLE_ADMIN;
	snprintf(f->admin.login, sizeof f->admin.login, "admin");
	snprintf(f->admin.origin, sizeof f->admin.origin, "tty");
	f->inspector.id = 2;
	f->inspector.roles = ROLE_INSPECTOR | ROLE_CHIEF;
	snprintf(f->inspector.login, sizeof f->inspector.login, "ivanova");
	snprintf(f->inspector.origin, sizeof f->inspector.origin, "tty");
	snprintf(sql, sizeof sql,
		 "INSERT INTO accounts(id, login, full_name, roles, "
		 "created_at) VALUES (1, 'admin', 'Администратор', %u, "
		 "'2026-01-01T09:00:00'), (2, 'ivanova', 'Иванова А. Б.', %u, "
		 "'2026-01-01T09:00:00')",
		 (unsigned)ROLE_ADMIN, (unsigned)(ROLE_INSPECTOR | ROLE_CHIEF));
	exec_ok(f->o.s, sql);
	*state = f;
	return 0;
}

static struct cal_day
day_of(struct store *s, struct date d)
{
	struct cal_day cd;
	struct err e = {0};

	assert_int_equal(cal_day(s, d, &cd, &e), ST_OK);
	assert_int_equal(cd.date.y, d.y);
	assert_int_equal(cd.date.m, d.m);
	assert_int_equal(cd.date.d, d.d);
	return cd;
}

static void
assert_date(struct date got, struct date want)
{
	char g[11], w[11];

	date_format_iso(got, g);
	date_format_iso(want, w);
	assert_string_equal(g, w);
}

static struct date
due(struct store *s, struct date from, int n)
{
	struct date d = {0, 0, 0};
	struct err e = {0};

	assert_int_equal(cal_due(s, from, n, &d, &e), ST_OK);
	return d;
}

/* Check every day of a year: a weekday is off exactly when it is in off[],
 * a weekend day is working exactly when it is in work[]. */
static void
check_year(int year, const struct date *off, size_t noff,
	   const struct date *work, size_t nwork)
{
	struct date d;
	size_t i, found_off = 0, found_work = 0;

	for (d = D(year, 1, 1); d.y == year; d = date_add_days(d, 1)) {
		int listed_off = 0, listed_work = 0, want;
		char ru[11];

		for (i = 0; i < noff; i++)
			listed_off |= date_cmp(off[i], d) == 0;
		for (i = 0; i < nwork; i++)
			listed_work |= date_cmp(work[i], d) == 0;
		found_off += listed_off;
		found_work += listed_work;
		if (listed_work)
			want = 1;
		else if (listed_off)
			want = 0;
		else
			want = date_weekday(d) < 5;
		date_format_ru(d, ru);
		if (cal_is_workday(NULL, d) != want)
			fail_msg("%s: expected %s", ru,
				 want ? "working" : "day off");
	}
	/* Every listed date was in the year (no typo in the lists). */
	assert_int_equal(found_off, noff);
	assert_int_equal(found_work, nwork);
}

/* ---- the published day-by-day lists of 2014, 2025, 2026 ------------------------ */

static void
test_year_2014(void **state)
{
	/* 2014: weekday days off and the weekend holidays. */
	static const struct date off[] = {
		D(2014, 1, 1), D(2014, 1, 2), D(2014, 1, 3), D(2014, 1, 7),
		D(2014, 3, 8), D(2014, 3, 10), D(2014, 3, 21), D(2014, 3, 22),
		D(2014, 3, 23), D(2014, 3, 24), D(2014, 3, 25), D(2014, 5, 1),
		D(2014, 5, 2), D(2014, 5, 7), D(2014, 5, 8), D(2014, 5, 9),
		D(2014, 7, 6), D(2014, 7, 7), D(2014, 8, 30), D(2014, 9, 1),
		D(2014, 10, 4), D(2014, 12, 1), D(2014, 12, 16),
		D(2014, 12, 17),
	};
	static const struct date work[] = {D(2014, 5, 4), D(2014, 5, 11)};

	check_year(2014, off, sizeof off / sizeof off[0], work,
		   sizeof work / sizeof work[0]);
	/* The late-2013 half of the 2014 transfer. */
	assert_int_equal(cal_is_workday(NULL, D(2013, 12, 28)), 1);
	assert_int_equal(day_of(NULL, D(2013, 12, 28)).kind,
			 CAL_TRANSFER_WORK);
	assert_int_equal(day_of(NULL, D(2014, 1, 3)).kind, CAL_TRANSFER_OFF);
	assert_non_null(strstr(day_of(NULL, D(2014, 1, 3)).note,
			       "28.12.2013"));
}

static void
test_year_2025(void **state)
{
	static const struct date off[] = {
		D(2025, 1, 1), D(2025, 1, 2), D(2025, 1, 3), D(2025, 1, 7),
		D(2025, 3, 10), D(2025, 3, 21), D(2025, 3, 24), D(2025, 3, 25),
		D(2025, 5, 1), D(2025, 5, 7), D(2025, 5, 9), D(2025, 6, 6),
		D(2025, 7, 7), D(2025, 9, 1), D(2025, 10, 27),
		D(2025, 12, 16),
	};
	static const struct date work[] = {D(2025, 1, 5)};

	check_year(2025, off, sizeof off / sizeof off[0], work,
		   sizeof work / sizeof work[0]);
	assert_int_equal(day_of(NULL, D(2025, 10, 27)).kind, CAL_MOVED);
	assert_non_null(strstr(day_of(NULL, D(2025, 10, 27)).note,
			       "День Республики"));
	assert_int_equal(day_of(NULL, D(2025, 6, 6)).kind, CAL_HOLIDAY);
	assert_string_equal(day_of(NULL, D(2025, 6, 6)).note, "Курбан айт");
}

static void
test_year_2026(void **state)
{
	/* 2026 without 31.08.2026: by default a working day. */
	static const struct date off[] = {
		D(2026, 1, 1), D(2026, 1, 2), D(2026, 1, 7), D(2026, 3, 9),
		D(2026, 3, 23), D(2026, 3, 24), D(2026, 3, 25), D(2026, 5, 1),
		D(2026, 5, 7), D(2026, 5, 11), D(2026, 5, 27), D(2026, 7, 6),
		D(2026, 10, 26), D(2026, 12, 16),
	};

	check_year(2026, off, sizeof off / sizeof off[0], NULL, 0);
	assert_int_equal(day_of(NULL, D(2026, 8, 31)).kind, CAL_WORKDAY);
	assert_int_equal(day_of(NULL, D(2026, 8, 30)).kind, CAL_WEEKEND);
	/* 2026: 365 days, 104 weekend days, 14 weekday days off. */
	assert_int_equal(cal_workdays_between(NULL, D(2025, 12, 31),
					      D(2026, 12, 31)), 247);
}

/* ---- single rules ----------------------------------------------------- */

static void
test_new_year(void **state)
{
	struct cal_day cd = day_of(NULL, D(2026, 1, 1));

	assert_int_equal(cd.kind, CAL_HOLIDAY);
	assert_int_equal(cd.working, 0);
	assert_string_equal(cd.note, "Новый год");
	/* 2022: 1-2 January on Sat-Sun move to Mon 3 and Tue 4. */
	assert_int_equal(day_of(NULL, D(2022, 1, 3)).kind, CAL_MOVED);
	assert_int_equal(day_of(NULL, D(2022, 1, 4)).kind, CAL_MOVED);
	assert_non_null(strstr(day_of(NULL, D(2022, 1, 4)).note,
			       "перенос с 02.01.2022"));
	assert_int_equal(cal_is_workday(NULL, D(2022, 1, 5)), 1);
	assert_non_null(strstr(day_of(NULL, D(2022, 1, 1)).note,
			       "перенесён на 03.01.2022"));
}

static void
test_christmas_not_moved(void **state)
{
	struct cal_day cd = day_of(NULL, D(2018, 1, 7));

	/* Sunday 07.01.2018: a holiday, but Monday stays a working day. */
	assert_int_equal(cd.kind, CAL_HOLIDAY);
	assert_int_equal(cd.working, 0);
	assert_non_null(strstr(cd.note, "не переносится"));
	assert_int_equal(cal_is_workday(NULL, D(2018, 1, 8)), 1);
	/* Saturday 07.01.2017: Monday 09.01.2017 is working. */
	assert_int_equal(cal_is_workday(NULL, D(2017, 1, 9)), 1);
}

static void
test_women_day_moved(void **state)
{
	struct cal_day cd = day_of(NULL, D(2014, 3, 10));

	assert_int_equal(cd.kind, CAL_MOVED);
	assert_int_equal(cd.working, 0);
	assert_string_equal(cd.note,
			    "Международный женский день: перенос с 08.03.2014");
	cd = day_of(NULL, D(2014, 3, 8));
	assert_int_equal(cd.kind, CAL_HOLIDAY);
	assert_non_null(strstr(cd.note, "перенесён на 10.03.2014"));
	/* Sunday 08.03.2026 -> Monday 09.03.2026. */
	assert_int_equal(day_of(NULL, D(2026, 3, 9)).kind, CAL_MOVED);
	assert_int_equal(cal_is_workday(NULL, D(2026, 3, 10)), 1);
}

static void
test_nauryz(void **state)
{
	/* 2026: 21-23 March on Sat-Mon; off 23, 24, 25. */
	assert_int_equal(cal_is_workday(NULL, D(2026, 3, 20)), 1);
	assert_int_equal(day_of(NULL, D(2026, 3, 21)).kind, CAL_HOLIDAY);
	assert_int_equal(day_of(NULL, D(2026, 3, 22)).kind, CAL_HOLIDAY);
	assert_int_equal(day_of(NULL, D(2026, 3, 23)).kind, CAL_HOLIDAY);
	assert_int_equal(day_of(NULL, D(2026, 3, 24)).kind, CAL_MOVED);
	assert_int_equal(day_of(NULL, D(2026, 3, 25)).kind, CAL_MOVED);
	assert_string_equal(day_of(NULL, D(2026, 3, 24)).note,
			    "Наурыз мейрамы: перенос с 21.03.2026");
	assert_string_equal(day_of(NULL, D(2026, 3, 25)).note,
			    "Наурыз мейрамы: перенос с 22.03.2026");
	assert_int_equal(cal_is_workday(NULL, D(2026, 3, 26)), 1);
	/* 2025: 21 March a Friday, 22-23 a weekend; off 21, 24, 25. */
	assert_int_equal(cal_is_workday(NULL, D(2025, 3, 21)), 0);
	assert_int_equal(day_of(NULL, D(2025, 3, 24)).kind, CAL_MOVED);
	assert_int_equal(day_of(NULL, D(2025, 3, 25)).kind, CAL_MOVED);
	assert_int_equal(cal_is_workday(NULL, D(2025, 3, 26)), 1);
	/* 2007: only 22 March (a Thursday) was Nauryz. */
	assert_int_equal(cal_is_workday(NULL, D(2007, 3, 21)), 1);
	assert_int_equal(day_of(NULL, D(2007, 3, 22)).kind, CAL_HOLIDAY);
	assert_int_equal(cal_is_workday(NULL, D(2007, 3, 23)), 1);
}

static void
test_kurban_ait_saturday(void **state)
{
	struct cal_day cd = day_of(NULL, D(2014, 10, 4));

	assert_int_equal(cd.kind, CAL_HOLIDAY);
	assert_int_equal(cd.working, 0);
	assert_non_null(strstr(cd.note, "Курбан айт"));
	assert_int_equal(cal_is_workday(NULL, D(2014, 10, 6)), 1);
	assert_int_equal(day_of(NULL, D(2014, 10, 6)).kind, CAL_WORKDAY);
}

static void
test_working_sunday(void **state)
{
	struct cal_day cd = day_of(NULL, D(2014, 5, 4));

	assert_int_equal(date_weekday(D(2014, 5, 4)), 6);
	assert_int_equal(cd.kind, CAL_TRANSFER_WORK);
	assert_int_equal(cd.working, 1);
	assert_non_null(strstr(cd.note, "перенос на 02.05.2014"));
	cd = day_of(NULL, D(2014, 5, 2));
	assert_int_equal(cd.kind, CAL_TRANSFER_OFF);
	assert_int_equal(cd.working, 0);
	assert_non_null(strstr(cd.note, "перенос с 04.05.2014"));
	/* An ordinary Sunday. */
	cd = day_of(NULL, D(2014, 5, 18));
	assert_int_equal(cd.kind, CAL_WEEKEND);
	assert_int_equal(cd.working, 0);
}

static void
test_holiday_history(void **state)
{
	/* Constitution Day: 30 August until 2025, none in 2026, 15 March
	 * from 2027. */
	assert_int_equal(day_of(NULL, D(2025, 8, 30)).kind, CAL_HOLIDAY);
	assert_int_equal(cal_is_workday(NULL, D(2026, 8, 31)), 1);
	assert_int_equal(day_of(NULL, D(2027, 3, 15)).kind, CAL_HOLIDAY);
	assert_string_equal(day_of(NULL, D(2027, 3, 15)).note,
			    "День Конституции");
	assert_int_equal(cal_is_workday(NULL, D(2027, 8, 30)), 1);
	/* Republic Day: not in 2021, back from 2022. */
	assert_int_equal(cal_is_workday(NULL, D(2021, 10, 25)), 1);
	assert_int_equal(cal_is_workday(NULL, D(2023, 10, 25)), 0);
	/* First President Day 2012-2021; 17 December until 2021. */
	assert_int_equal(cal_is_workday(NULL, D(2021, 12, 1)), 0);
	assert_int_equal(cal_is_workday(NULL, D(2022, 12, 1)), 1);
	assert_int_equal(cal_is_workday(NULL, D(2021, 12, 17)), 0);
	assert_int_equal(cal_is_workday(NULL, D(2024, 12, 17)), 1);
	/* Victory Day 2020 (Sat) moved to Mon 11.05, which the Government
	 * then made working in exchange for Fri 08.05. */
	assert_int_equal(cal_is_workday(NULL, D(2020, 5, 8)), 0);
	assert_int_equal(cal_is_workday(NULL, D(2020, 5, 11)), 1);
	assert_int_equal(day_of(NULL, D(2020, 5, 11)).kind, CAL_TRANSFER_WORK);
	assert_non_null(strstr(day_of(NULL, D(2020, 5, 9)).note,
			       "перенесён на 08.05.2020"));
	/* The last day of 2018 off, Saturday 29.12.2018 working. */
	assert_int_equal(cal_is_workday(NULL, D(2018, 12, 31)), 0);
	assert_int_equal(cal_is_workday(NULL, D(2018, 12, 29)), 1);
}

static void
test_bad_date(void **state)
{
	struct cal_day cd;
	struct err e = {0};

	assert_int_equal(cal_day(NULL, D(2026, 2, 30), &cd, &e), ST_INVALID);
	assert_string_equal(e.field, "date");
	assert_int_equal(cal_is_workday(NULL, D(2026, 13, 1)), -1);
}

/* ---- deadlines -------------------------------------------------------- */

static void
test_due_across_year_end(void **state)
{
	/* 30.12, 31.12, [1-2 Jan, weekend], 05.01, 06.01, [07.01], 08.01. */
	assert_date(due(NULL, D(2025, 12, 29), 5), D(2026, 1, 8));
	assert_date(due(NULL, D(2025, 12, 29), 1), D(2025, 12, 30));
	assert_date(due(NULL, D(2025, 12, 31), 1), D(2026, 1, 5));
}

static void
test_due_across_nauryz(void **state)
{
	assert_date(due(NULL, D(2026, 3, 20), 1), D(2026, 3, 26));
	assert_date(due(NULL, D(2026, 3, 19), 5), D(2026, 3, 31));
	assert_date(due(NULL, D(2025, 3, 20), 2), D(2025, 3, 27));
	/* Accepted on a day off: counting starts the day after. */
	assert_date(due(NULL, D(2026, 3, 23), 1), D(2026, 3, 26));
}

static void
test_due_friday(void **state)
{
	assert_int_equal(date_weekday(D(2026, 1, 16)), 4);
	assert_date(due(NULL, D(2026, 1, 16), 1), D(2026, 1, 19));
	/* Through a working Sunday: Fri 02.05.2014 is off, Sun 04.05 works. */
	assert_date(due(NULL, D(2014, 4, 30), 1), D(2014, 5, 4));
	assert_date(due(NULL, D(2014, 4, 30), 2), D(2014, 5, 5));
	/* Seven working days over the May 2026 holidays. */
	assert_date(due(NULL, D(2026, 4, 29), 7), D(2026, 5, 13));
}

static void
test_due_invalid(void **state)
{
	struct date d = {0, 0, 0};
	struct err e = {0};

	assert_int_equal(cal_due(NULL, D(2026, 1, 16), 0, &d, &e), ST_INVALID);
	assert_string_equal(e.field, "term");
	assert_int_equal(cal_due(NULL, D(2026, 2, 29), 1, &d, &e), ST_INVALID);
}

static void
test_due_outside_range(void **state)
{
	struct date d = {0, 0, 0};
	struct err e = {0};

	/* 31.12.2027 is a Friday and still known. */
	assert_date(due(NULL, D(2027, 12, 30), 1), D(2027, 12, 31));
	assert_int_equal(cal_provisional(NULL, D(2027, 12, 31)), 0);
	/* A later year is counted by the fixed holidays' rules, never
	 * refused: 1-2.01.2028 (Sat-Sun) give 3 and 4 January off. */
	assert_date(due(NULL, D(2027, 12, 30), 2), D(2028, 1, 5));
	assert_int_equal(cal_provisional(NULL, D(2028, 1, 5)), 1);
	/* 2031: 8 March on a Saturday moves to Monday 10 March. */
	assert_date(due(NULL, D(2031, 3, 7), 1), D(2031, 3, 11));
	assert_int_equal(cal_due(NULL, D(2013, 12, 20), 1, &d, &e),
			 ST_INVALID);
	assert_non_null(strstr(e.msg, "2013"));
}

/* ---- the admin's entries --------------------------------------------- */

static void
test_set_changes_due(void **state)
{
	struct fx *f = *state;
	struct err e = {0};

	assert_date(due(f->o.s, D(2025, 12, 29), 5), D(2026, 1, 8));
	/* A decree: Mon 05.01.2026 off, Sat 10.01.2026 working. */
	assert_int_equal(cal_set(f->o.s, &f->admin, D(2026, 1, 5), CAL_ADMIN_OFF,
				 "перенос с 10.01.2026 (постановление № 1)",
				 &e), ST_OK);
	assert_date(due(f->o.s, D(2025, 12, 29), 5), D(2026, 1, 9));
	assert_int_equal(cal_set(f->o.s, &f->admin, D(2026, 1, 10),
				 CAL_ADMIN_WORK, "перенос на 05.01.2026", &e),
			 ST_OK);
	assert_date(due(f->o.s, D(2026, 1, 8), 2), D(2026, 1, 10));
	assert_int_equal(cal_is_workday(f->o.s, D(2026, 1, 10)), 1);
	assert_int_equal(day_of(f->o.s, D(2026, 1, 5)).kind, CAL_ADMIN_OFF);
	assert_string_equal(day_of(f->o.s, D(2026, 1, 5)).note,
			    "перенос с 10.01.2026 (постановление № 1)");
	/* Built-in only when there is no store. */
	assert_int_equal(cal_is_workday(NULL, D(2026, 1, 5)), 1);
	assert_int_equal(cal_workdays_between(f->o.s, D(2026, 1, 4),
					      D(2026, 1, 11)), 4);

	/* Replacing and removing. */
	assert_int_equal(cal_set(f->o.s, &f->admin, D(2026, 1, 5),
				 CAL_ADMIN_WORK, NULL, &e), ST_OK);
	assert_int_equal(day_of(f->o.s, D(2026, 1, 5)).kind, CAL_ADMIN_WORK);
	assert_non_null(strstr(day_of(f->o.s, D(2026, 1, 5)).note,
			       "администратором"));
	assert_int_equal(cal_remove(f->o.s, &f->admin, D(2026, 1, 5), &e), ST_OK);
	assert_int_equal(cal_remove(f->o.s, &f->admin, D(2026, 1, 10), &e),
			 ST_OK);
	assert_int_equal(fixture_scalar(f->o.s, "SELECT count(*) FROM "
					  "calendar_days"), 0);
	assert_date(due(f->o.s, D(2025, 12, 29), 5), D(2026, 1, 8));
	assert_int_equal(cal_remove(f->o.s, &f->admin, D(2026, 1, 5), &e),
			 ST_NOTFOUND);
	assert_string_equal(e.field, "date");
}

static void
test_admin_overrides_holiday(void **state)
{
	struct fx *f = *state;
	struct err e = {0};

	/* Kurban Ait 2026 announced for another day: the admin fixes it. */
	assert_int_equal(cal_set(f->o.s, &f->admin, D(2026, 5, 27),
				 CAL_ADMIN_WORK, "Курбан айт перенесён", &e),
			 ST_OK);
	assert_int_equal(cal_set(f->o.s, &f->admin, D(2026, 5, 26),
				 CAL_ADMIN_OFF, "Курбан айт", &e), ST_OK);
	assert_int_equal(cal_is_workday(f->o.s, D(2026, 5, 27)), 1);
	assert_int_equal(cal_is_workday(f->o.s, D(2026, 5, 26)), 0);
	/* 31.08.2026 as a day off gives the press count: 246 working days. */
	assert_int_equal(cal_set(f->o.s, &f->admin, D(2026, 8, 31), CAL_ADMIN_OFF,
				 "День Конституции (перенос с 30.08)", &e),
			 ST_OK);
	assert_int_equal(cal_set(f->o.s, &f->admin, D(2026, 5, 27),
				 CAL_ADMIN_OFF, "Курбан айт", &e), ST_OK);
	assert_int_equal(cal_remove(f->o.s, &f->admin, D(2026, 5, 26), &e),
			 ST_OK);
	assert_int_equal(cal_workdays_between(f->o.s, D(2025, 12, 31),
					      D(2026, 12, 31)), 246);
}

static void
test_set_denied(void **state)
{
	struct fx *f = *state;
	struct actor nobody = {0};
	struct err e = {0};

	assert_int_equal(cal_set(f->o.s, &f->inspector, D(2026, 8, 31),
				 CAL_ADMIN_OFF, "День Конституции", &e),
			 ST_DENIED);
	assert_non_null(strstr(e.msg, "ivanova"));
	assert_int_equal(cal_set(f->o.s, &nobody, D(2026, 8, 31), CAL_ADMIN_OFF,
				 "x", &e), ST_DENIED);
	assert_int_equal(cal_set(f->o.s, NULL, D(2026, 8, 31), CAL_ADMIN_OFF,
				 "x", &e), ST_DENIED);
	assert_int_equal(fixture_scalar(f->o.s, "SELECT count(*) FROM "
					  "calendar_days"), 0);
	assert_int_equal(fixture_scalar(f->o.s, "SELECT count(*) FROM audit"), 0);

	/* Removal is refused the same way and keeps the entry. */
	assert_int_equal(cal_set(f->o.s, &f->admin, D(2026, 8, 31), CAL_ADMIN_OFF,
				 "День Конституции", &e), ST_OK);
	assert_int_equal(cal_remove(f->o.s, &f->inspector, D(2026, 8, 31), &e),
			 ST_DENIED);
	assert_int_equal(fixture_scalar(f->o.s, "SELECT count(*) FROM "
					  "calendar_days"), 1);
	assert_int_equal(fixture_scalar(f->o.s, "SELECT count(*) FROM audit"), 1);
	assert_int_equal(cal_is_workday(f->o.s, D(2026, 8, 31)), 0);
}

static void
test_set_invalid(void **state)
{
	struct fx *f = *state;
	struct err e = {0};
	char longnote[200];

	assert_int_equal(cal_set(f->o.s, &f->admin, D(2026, 8, 31), CAL_HOLIDAY,
				 "x", &e), ST_INVALID);
	assert_string_equal(e.field, "kind");
	assert_int_equal(cal_set(f->o.s, &f->admin, D(2026, 2, 29),
				 CAL_ADMIN_OFF, "x", &e), ST_INVALID);
	assert_string_equal(e.field, "date");
	memset(longnote, 'a', sizeof longnote - 1);
	longnote[sizeof longnote - 1] = '\0';
	assert_int_equal(cal_set(f->o.s, &f->admin, D(2026, 8, 31),
				 CAL_ADMIN_OFF, longnote, &e), ST_INVALID);
	assert_string_equal(e.field, "note");
	assert_int_equal(cal_set(f->o.s, &f->admin, D(2026, 8, 31),
				 CAL_ADMIN_OFF, "a\nb", &e), ST_INVALID);
	assert_int_equal(cal_set(f->o.s, &f->admin, D(2026, 8, 31),
				 CAL_ADMIN_OFF, "\xd0", &e), ST_INVALID);
	assert_int_equal(fixture_scalar(f->o.s, "SELECT count(*) FROM "
					  "calendar_days"), 0);
	assert_int_equal(fixture_scalar(f->o.s, "SELECT count(*) FROM audit"), 0);
}

static void
test_set_audited(void **state)
{
	struct fx *f = *state;
	struct err e = {0};
	sqlite3_stmt *st;

	assert_int_equal(cal_set(f->o.s, &f->admin, D(2026, 8, 31), CAL_ADMIN_OFF,
				 "День Конституции", &e), ST_OK);
	assert_int_equal(cal_remove(f->o.s, &f->admin, D(2026, 8, 31), &e), ST_OK);

	st = store_prepare(f->o.s, "SELECT account_id, login, action, object, "
				 "detail FROM audit ORDER BY id", &e);
	assert_non_null(st);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int64(st, 0), 1);
	assert_string_equal(store_col_text(st, 1), "admin");
	assert_string_equal(store_col_text(st, 2), "calendar.set");
	assert_string_equal(store_col_text(st, 3), "date:2026-08-31");
	assert_non_null(strstr(store_col_text(st, 4), "День Конституции"));
	assert_non_null(strstr(store_col_text(st, 4), "dayoff"));
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal(store_col_text(st, 2), "calendar.remove");
	assert_string_equal(store_col_text(st, 3), "date:2026-08-31");
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	assert_int_equal(audit_verify(f->o.s, NULL, &e), ST_OK);

	/* The entry records who and when. */
	assert_int_equal(cal_set(f->o.s, &f->admin, D(2026, 8, 31), CAL_ADMIN_OFF,
				 "День Конституции", &e), ST_OK);
	assert_int_equal(fixture_scalar(f->o.s, "SELECT count(*) FROM calendar_days "
					  "WHERE added_by = 1 AND added_at = "
					  "'2026-03-02T10:00:00+05:00' AND kind = "
					  "'dayoff'"), 1);
}

static void
test_due_admin_year(void **state)
{
	struct fx *f = *state;
	struct date d = {0, 0, 0};
	struct err e = {0};

	char msg[512];

	/* 2028 is not confirmed: its due dates are provisional, and the
	 * admin is warned from 60 days before it begins. */
	assert_int_equal(cal_due(f->o.s, D(2027, 12, 30), 2, &d, &e), ST_OK);
	assert_date(d, D(2028, 1, 5));
	assert_int_equal(cal_provisional(f->o.s, d), 1);
	assert_int_equal(cal_ahead_warning(f->o.s, D(2027, 11, 1), msg,
					   sizeof msg), 0);
	assert_int_equal(cal_ahead_warning(f->o.s, D(2027, 11, 2), msg,
					   sizeof msg), 1);
	assert_non_null(strstr(msg, "на 2028 год не подтвержден"));
	assert_non_null(strstr(msg, "calendar.confirmed_year 2028"));
	assert_int_equal(cal_ahead_warning(f->o.s, D(2028, 2, 1), msg,
					   sizeof msg), 1);
	/* The admin enters the year's transfers (the fixed rules still
	 * apply beside them) and confirms it: no longer provisional. */
	assert_int_equal(cal_set(f->o.s, &f->admin, D(2028, 1, 5), CAL_ADMIN_OFF,
				 "перенос с 08.01.2028", &e), ST_OK);
	assert_int_equal(cal_due(f->o.s, D(2027, 12, 30), 2, &d, &e), ST_OK);
	assert_date(d, D(2028, 1, 6));
	assert_int_equal(cal_provisional(f->o.s, d), 1);
	assert_int_equal(settings_change(f->o.s, &f->inspector,
					 SET_CALENDAR_YEAR, "2028", &e),
			 ST_DENIED);
	assert_int_equal(settings_change(f->o.s, &f->admin, SET_CALENDAR_YEAR,
					 "2028", &e), ST_OK);
	assert_int_equal(cal_provisional(f->o.s, d), 0);
	assert_int_equal(cal_provisional(f->o.s, D(2029, 1, 3)), 1);
	assert_int_equal(cal_ahead_warning(f->o.s, D(2027, 11, 2), msg,
					   sizeof msg), 0);
	assert_int_equal(cal_ahead_warning(f->o.s, D(2028, 11, 2), msg,
					   sizeof msg), 1);
	assert_non_null(strstr(msg, "2029"));
}

/* ---- the calendar data file ------------------------------------------ */

/* A calendar folder in a temporary directory holding one file, name.days
 * with text; its path in dir. */
static void
write_days(char *dir, size_t n, const char *tag, const char *text)
{
	char *path;
	FILE *fp;

	fixture_tmpdir(dir, n, tag);
	path = xasprintf("%s/office.days", dir);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(text, fp);
	assert_int_equal(fclose(fp), 0);
	free(path);
}

#define DAYS_HEAD \
	"years 2014 2030\n" \
	"  source Постановления Правительства РК\n" \
	"weekend-move next-working-day\n" \
	"  from 2002-01-01\n" \
	"  source Закон РК «О праздниках в Республике Казахстан», ст. 5\n"

static void
test_data_holiday_from_year(void **state)
{
	const struct cal_data *shipped = cal_in_use();
	struct cal_data *cd = NULL;
	struct errlist errs = {0};
	char dir[512];

	(void)state;
	/* The shipped file: Defender of the Fatherland Day from 2013, the
	 * new Constitution Day (15 March) from 2027. */
	assert_int_equal(cal_is_workday(NULL, D(2012, 5, 7)), 1);
	assert_int_equal(day_of(NULL, D(2013, 5, 7)).kind, CAL_HOLIDAY);
	assert_int_equal(cal_is_workday(NULL, D(2026, 3, 16)), 1);
	assert_int_equal(day_of(NULL, D(2027, 3, 15)).kind, CAL_HOLIDAY);
	assert_string_equal(day_of(NULL, D(2027, 3, 15)).note,
			    "День Конституции");

	/* An office's own file: a holiday in force from 2030 only. */
	write_days(dir, sizeof dir, "caldata",
		   DAYS_HEAD
		   "holiday 06-12 Тестовый праздник\n"
		   "  from 2030-01-01\n"
		   "  source Закон о тестовом празднике\n");
	assert_int_equal(cal_data_load(dir, &cd, &errs), ST_OK);
	assert_int_equal(errs.n, 0);
	cal_use(cd);
	assert_int_equal(cal_is_workday(NULL, D(2029, 6, 12)), 1);
	assert_int_equal(day_of(NULL, D(2029, 6, 12)).kind, CAL_WORKDAY);
	assert_int_equal(cal_is_workday(NULL, D(2030, 6, 12)), 0);
	assert_string_equal(day_of(NULL, D(2030, 6, 12)).note,
			    "Тестовый праздник");
	assert_date(due(NULL, D(2030, 6, 11), 1), D(2030, 6, 13));
	assert_date(due(NULL, D(2029, 6, 11), 1), D(2029, 6, 12));
	/* The data's years are what is confirmed without the setting. */
	assert_int_equal(cal_confirmed_year(NULL), 2030);
	/* Holidays the file leaves out are no holidays. */
	assert_int_equal(cal_is_workday(NULL, D(2030, 3, 8)), 1);
	cal_use(shipped);
	cal_data_free(cd);
	fixture_rmdir(dir);
}

static void
test_data_malformed(void **state)
{
	static const struct {
		const char *text;
		int line;
		const char *says;
	} bad[] = {
		{DAYS_HEAD "holiday 13-01 Нет такого месяца\n  source З\n", 6,
		 "holiday: нужно"},
		{DAYS_HEAD "transfer 2030-06-10\n  source П\n", 6,
		 "transfer: нужно"},
		{DAYS_HEAD "\nholiday 06-12 Праздник\n", 7,
		 "нет строки source"},
		{DAYS_HEAD "holiday 06-12 Праздник\n  source З\n  movs no\n", 8,
		 "неизвестная строка «movs»"},
		{DAYS_HEAD "holiday 06-12 Праздник\n  source З\n"
		 "  from 2030-02-30\n", 8, "неверная дата «2030-02-30»"},
		{"# no years\nholiday 06-12 Праздник\n  source З\n"
		 "  from 2030-01-01\n", 0, "нет строки «years"},
		{"source вне блока\n" DAYS_HEAD, 1, "вне блока"},
		{DAYS_HEAD "  source второй\n", 6, "вторая строка source"},
		{DAYS_HEAD "transfer 2030-06-10 2030-06-08\n  source П\n"
		 "transfer 2030-06-10 2030-06-15\n  source П\n", 8,
		 "дата уже перенесена"},
	};
	const struct cal_data *shipped = cal_in_use();
	size_t i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct cal_data *cd = (struct cal_data *)1;
		struct errlist errs = {0};
		char dir[512], *want;

		write_days(dir, sizeof dir, "calbad", bad[i].text);
		assert_int_equal(cal_data_load(dir, &cd, &errs), ST_INVALID);
		assert_null(cd);
		assert_true(errs.n >= 1);
		want = bad[i].line
			       ? xasprintf("%s/office.days:%d: ", dir,
					   bad[i].line)
			       : xasprintf("%s:0: ", dir);
		if (strncmp(errs.v[0].msg, want, strlen(want)) != 0 ||
		    !strstr(errs.v[0].msg, bad[i].says))
			fail_msg("case %zu: «%s», expected «%s…%s»", i,
				 errs.v[0].msg, want, bad[i].says);
		free(want);
		errlist_free(&errs);
		fixture_rmdir(dir);
	}
	/* The calendar in use is not touched by a file refused. */
	assert_ptr_equal(cal_in_use(), shipped);
}

static void
test_data_transfer(void **state)
{
	const struct cal_data *shipped = cal_in_use();
	struct cal_data *cd = NULL;
	struct errlist errs = {0};
	char dir[512];

	(void)state;
	/* Without a transfer: Sat 08.06.2030 off, Mon 10.06.2030 working. */
	write_days(dir, sizeof dir, "caltr", DAYS_HEAD);
	assert_int_equal(cal_data_load(dir, &cd, &errs), ST_OK);
	cal_use(cd);
	assert_int_equal(cal_is_workday(NULL, D(2030, 6, 8)), 0);
	assert_int_equal(cal_is_workday(NULL, D(2030, 6, 10)), 1);
	assert_date(due(NULL, D(2030, 6, 7), 1), D(2030, 6, 10));
	cal_use(shipped);
	cal_data_free(cd);
	fixture_rmdir(dir);

	/* The Government moves the working Monday to the Saturday. */
	write_days(dir, sizeof dir, "caltr",
		   DAYS_HEAD
		   "transfer 2030-06-10 2030-06-08\n"
		   "  source Постановление Правительства РК о переносе выходных дней в 2030 году\n");
	assert_int_equal(cal_data_load(dir, &cd, &errs), ST_OK);
	cal_use(cd);
	assert_int_equal(cal_is_workday(NULL, D(2030, 6, 8)), 1);
	assert_int_equal(day_of(NULL, D(2030, 6, 8)).kind, CAL_TRANSFER_WORK);
	assert_int_equal(cal_is_workday(NULL, D(2030, 6, 10)), 0);
	assert_int_equal(day_of(NULL, D(2030, 6, 10)).kind, CAL_TRANSFER_OFF);
	assert_non_null(strstr(day_of(NULL, D(2030, 6, 10)).note,
			       "08.06.2030"));
	assert_date(due(NULL, D(2030, 6, 7), 1), D(2030, 6, 8));
	assert_date(due(NULL, D(2030, 6, 7), 2), D(2030, 6, 11));
	assert_int_equal(cd->ntr, 1);
	assert_non_null(strstr(cd->tr[0].source, "2030 году"));
	assert_int_equal(cd->tr[0].line, 6);
	cal_use(shipped);
	cal_data_free(cd);
	fixture_rmdir(dir);
}

static void
test_data_none(void **state)
{
	const struct cal_data *shipped = cal_in_use();
	struct cal_day cd;
	struct date d;
	struct err e = {0};

	(void)state;
	/* No data: nothing is counted rather than counted wrong. */
	cal_use(NULL);
	assert_int_equal(cal_day(NULL, D(2026, 3, 20), &cd, &e), ST_INVALID);
	assert_non_null(strstr(e.msg, "календарь не загружен"));
	assert_int_equal(cal_due(NULL, D(2026, 3, 20), 1, &d, &e),
			 ST_INVALID);
	assert_int_equal(cal_is_workday(NULL, D(2026, 3, 20)), -1);
	cal_use(shipped);
}

/* ---- the year list --------------------------------------------------- */

static void
test_year_list(void **state)
{
	struct fx *f = *state;
	struct cal_day *v = NULL;
	size_t n = 0, i;
	struct err e = {0};
	int saw_sun = 0, saw_kurban = 0;

	assert_int_equal(cal_year(NULL, 2014, &v, &n, &e), ST_OK);
	/* 16 holidays (6 on a weekend), 5 moved days off, 3 transfers off
	 * and 2 working Sundays. */
	assert_int_equal(n, 26);
	for (i = 0; i < n; i++) {
		assert_int_equal(v[i].date.y, 2014);
		assert_true(v[i].note[0] != '\0');
		if (i > 0)
			assert_true(date_cmp(v[i - 1].date, v[i].date) < 0);
		if (date_cmp(v[i].date, D(2014, 5, 11)) == 0) {
			assert_int_equal(v[i].kind, CAL_TRANSFER_WORK);
			assert_int_equal(v[i].working, 1);
			saw_sun = 1;
		}
		if (date_cmp(v[i].date, D(2014, 10, 4)) == 0) {
			assert_int_equal(v[i].kind, CAL_HOLIDAY);
			assert_int_equal(v[i].working, 0);
			saw_kurban = 1;
		}
		if (!v[i].working)
			assert_int_equal(cal_is_workday(NULL, v[i].date), 0);
	}
	assert_true(saw_sun && saw_kurban);
	assert_string_equal(v[0].note, "Новый год");
	free(v);

	/* 2026 with the admin's 31.08 merged in date order. */
	assert_int_equal(cal_set(f->o.s, &f->admin, D(2026, 8, 31), CAL_ADMIN_OFF,
				 "День Конституции (перенос с 30.08)", &e),
			 ST_OK);
	assert_int_equal(cal_set(f->o.s, &f->admin, D(2026, 5, 27),
				 CAL_ADMIN_WORK, "", &e), ST_OK);
	assert_int_equal(cal_year(f->o.s, 2026, &v, &n, &e), ST_OK);
	/* 14 holidays (5 on a weekend) and 5 moved days off built in, plus
	 * 31.08; 27.05 is replaced by the admin's entry. */
	assert_int_equal(n, 20);
	for (i = 1; i < n; i++)
		assert_true(date_cmp(v[i - 1].date, v[i].date) < 0);
	for (i = 0; i < n; i++) {
		if (date_cmp(v[i].date, D(2026, 8, 31)) == 0) {
			assert_int_equal(v[i].kind, CAL_ADMIN_OFF);
			assert_string_equal(v[i].note, "День Конституции (перенос с 30.08)");
		}
		if (date_cmp(v[i].date, D(2026, 5, 27)) == 0) {
			assert_int_equal(v[i].kind, CAL_ADMIN_WORK);
			assert_int_equal(v[i].working, 1);
		}
	}
	free(v);

	assert_int_equal(cal_year(NULL, 1700, &v, &n, &e), ST_INVALID);
	assert_null(v);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_year_2014),
		cmocka_unit_test(test_year_2025),
		cmocka_unit_test(test_year_2026),
		cmocka_unit_test(test_new_year),
		cmocka_unit_test(test_christmas_not_moved),
		cmocka_unit_test(test_women_day_moved),
		cmocka_unit_test(test_nauryz),
		cmocka_unit_test(test_kurban_ait_saturday),
		cmocka_unit_test(test_working_sunday),
		cmocka_unit_test(test_holiday_history),
		cmocka_unit_test(test_bad_date),
		cmocka_unit_test(test_due_across_year_end),
		cmocka_unit_test(test_due_across_nauryz),
		cmocka_unit_test(test_due_friday),
		cmocka_unit_test(test_due_invalid),
		cmocka_unit_test(test_due_outside_range),
		FIXTURE_TEST(test_set_changes_due, setup_db),
		FIXTURE_TEST(test_admin_overrides_holiday, setup_db),
		FIXTURE_TEST(test_set_denied, setup_db),
		FIXTURE_TEST(test_set_invalid, setup_db),
		FIXTURE_TEST(test_set_audited, setup_db),
		FIXTURE_TEST(test_due_admin_year, setup_db),
		FIXTURE_TEST(test_year_list, setup_db),
		cmocka_unit_test(test_data_holiday_from_year),
		cmocka_unit_test(test_data_malformed),
		cmocka_unit_test(test_data_transfer),
		cmocka_unit_test(test_data_none),
	};

	return cmocka_run_group_tests(tests, load_calendar, free_calendar);
}
