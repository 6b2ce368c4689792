/* SPDX-License-Identifier: MIT */
/* okno calendar: due dates, the year's days off, admin transfers. */
#include "date.h"
#include "cmds.h"
#include "db.h"
#include "fileio.h"
#include "calendar.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char usage_calendar[] =
	"Usage: okno calendar due DATE N\n"
	"       okno calendar holidays YEAR\n"
	"       okno --as ADMIN calendar add-dayoff DATE NOTE\n"
	"       okno --as ADMIN calendar add-workday DATE NOTE\n"
	"       okno --as ADMIN calendar remove DATE\n"
	"\n"
	"DATE is ДД.ММ.ГГГГ or YYYY-MM-DD. 'due' prints the N-th working day\n"
	"after DATE (the day of acceptance is not counted). add-dayoff and\n"
	"add-workday record the government's one-off transfers (an extra day\n"
	"off, a weekend day made working); they override the built-in data.\n"
	"Without a database (no --db and no var/okno.db) only the built-in\n"
	"calendar is used. A year after the last confirmed one (setting\n"
	"calendar.confirmed_year, default the last built-in year) is counted by\n"
	"the fixed holidays' rules and said to be provisional on stderr.\n";

static int
parse_date(const char *s, struct date *d)
{
	struct err e;

	if (date_parse_any(s, d) == 0)
		return 0;
	err_set(&e, ST_INVALID, "date",
		"Дата: ожидается ДД.ММ.ГГГГ, получено «%s»", s);
	return cli_fail(&e);
}

/* The calendar works without a database; with one it adds the admin's
 * entries. */
static struct store *
maybe_store(struct session *c)
{
	if (!db_name_is_uri(c->db_path) && !fileio_exists(c->db_path))
		return NULL;
	return cli_open(c, 0) == 0 ? c->store : NULL;
}

static int
cal_due_cmd(struct session *c, int argc, char **argv)
{
	struct err e = {0};
	struct date d, due;
	char ru[DATE_SIZE];
	char *end;
	long n;
	int code;

	if (argc != 3)
		return cli_usage("calendar", "calendar due DATE N");
	if ((code = parse_date(argv[1], &d)) != 0)
		return code;
	n = strtol(argv[2], &end, 10);
	if (*end || n < 1 || n > 366) {
		err_set(&e, ST_INVALID, "term",
			"Срок: число рабочих дней от 1 до 366");
		return cli_fail(&e);
	}
	struct store *s = maybe_store(c);

	if (cal_due(s, d, (int)n, &due, &e) != ST_OK)
		return cli_fail(&e);
	date_format_ru(due, ru);
	printf("%s\n", ru);
	if (cal_provisional(s, due))
		fprintf(stderr, "okno: срок предварительный: производственный календарь на %d год не подтвержден (праздники по правилам, без Курбан айта и переносов)\n", due.y);
	return 0;
}

static int
cal_holidays_cmd(struct session *c, int argc, char **argv)
{
	static const char *const wd[] = {"пн", "вт", "ср", "чт", "пт", "сб",
					 "вс"};
	struct err e = {0};
	struct cal_day *days;
	size_t n, i;
	char *end;
	long y;

	if (argc != 2)
		return cli_usage("calendar", "calendar holidays YEAR");
	y = strtol(argv[1], &end, 10);
	if (*end || y < 1800 || y > 2199) {
		err_set(&e, ST_INVALID, "year", "Год: неверное значение");
		return cli_fail(&e);
	}
	struct store *s = maybe_store(c);

	if (cal_year(s, (int)y, &days, &n, &e) != ST_OK)
		return cli_fail(&e);
	if (cal_provisional(s, (struct date){(int)y, 1, 1}))
		fprintf(stderr, "okno: календарь на %ld год не подтвержден: праздники по правилам, без Курбан айта и переносов Правительства\n", y);
	for (i = 0; i < n; i++) {
		char ru[DATE_SIZE];

		date_format_ru(days[i].date, ru);
		cli_printf("%s %s  %-9s %s\n", ru,
			   wd[date_weekday(days[i].date)],
			   days[i].working ? "рабочий" : "выходной",
			   days[i].note);
	}
	free(days);
	return 0;
}

/* calendar add-dayoff|add-workday DATE NOTE */
static int
cal_add_cmd(struct session *c, int argc, char **argv)
{
	struct err e = {0};
	struct date d;
	int code;

	if (argc != 3)
		return cli_usage("calendar", "calendar add-dayoff DATE NOTE");
	if ((code = parse_date(argv[1], &d)) != 0 ||
	    (code = cli_ready(c)) != 0)
		return code;
	if (cal_set(c->store, &c->actor, d,
		    argv[0][4] == 'd' ? CAL_ADMIN_OFF : CAL_ADMIN_WORK, argv[2],
		    &e) != ST_OK)
		return cli_fail(&e);
	return 0;
}

static int
cal_remove_cmd(struct session *c, int argc, char **argv)
{
	struct err e = {0};
	struct date d;
	int code;

	if (argc != 2)
		return cli_usage("calendar", "calendar remove DATE");
	if ((code = parse_date(argv[1], &d)) != 0 ||
	    (code = cli_ready(c)) != 0)
		return code;
	if (cal_remove(c->store, &c->actor, d, &e) != ST_OK)
		return cli_fail(&e);
	return 0;
}

const struct cli_command calendar_subs[] = {
	{"due", NULL, cal_due_cmd, NULL, 0, NULL},
	{"holidays", NULL, cal_holidays_cmd, NULL, 0, NULL},
	{"add-dayoff", NULL, cal_add_cmd, NULL, NEED_LOGIN, NULL},
	{"add-workday", NULL, cal_add_cmd, NULL, NEED_LOGIN, NULL},
	{"remove", NULL, cal_remove_cmd, NULL, NEED_LOGIN, NULL},
	{NULL, NULL, NULL, NULL, 0, NULL},
};
