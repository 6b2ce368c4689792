/* SPDX-License-Identifier: MIT */
/* okno calendar: due dates, the year's days off, admin transfers. */
#include "date.h"
#include "cmds.h"
#include "calendar.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char usage_calendar[] =
	"Usage: okno calendar due DATE N\n"
	"       okno calendar holidays YEAR\n"
	"       okno calendar rules [YEAR]\n"
	"       okno --as ADMIN calendar add-dayoff DATE NOTE\n"
	"       okno --as ADMIN calendar add-workday DATE NOTE\n"
	"       okno --as ADMIN calendar remove DATE\n"
	"\n"
	"DATE is ДД.ММ.ГГГГ or YYYY-MM-DD. 'due' prints the N-th working day\n"
	"after DATE (the day of acceptance is not counted). add-dayoff and\n"
	"add-workday record the government's one-off transfers (an extra day\n"
	"off, a weekend day made working); they override the calendar data.\n"
	"The data is read with the forms from FORMS/calendar/NAME.days\n"
	"(forms/calendar/README.md): the holidays, the weekend-move rule, each\n"
	"year's Kurban Ait and the government's transfers, each with its legal\n"
	"source and the dates it is in force; 'rules' lists them (those of YEAR\n"
	"only, when given). Without a database (no --db and no var/okno.db)\n"
	"only the data is used. A year after the last confirmed one (setting\n"
	"calendar.confirmed_year, default the data's last year) is counted by\n"
	"the holidays' rules and said to be provisional on stderr.\n";

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
 * entries. Its data comes with the forms. 0, or the exit code. */
static int
calendar_ready(struct session *c, struct store **s)
{
	int code = cli_load_forms_to_list(c);

	*s = c->store;
	return code;
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
	struct store *s;

	if ((code = calendar_ready(c, &s)) != 0)
		return code;
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
	struct store *s;
	int code;

	if ((code = calendar_ready(c, &s)) != 0)
		return code;
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

/* "с 01.01.2013 по 31.12.2025", or "без ограничения". */
static void
period_text(const struct rule_period *p, char *buf, size_t n)
{
	char a[DATE_SIZE], b[DATE_SIZE];

	if (p->has_from)
		date_format_ru(p->from, a);
	if (p->has_to)
		date_format_ru(p->to, b);
	snprintf(buf, n, "%s%s%s%s%s", p->has_from ? "с " : "",
		 p->has_from ? a : "", p->has_from && p->has_to ? " " : "",
		 p->has_to ? "по " : "", p->has_to ? b : "");
	if (!buf[0])
		snprintf(buf, n, "без ограничения по датам");
}

/* Does the period touch the year? */
static int
period_in_year(const struct rule_period *p, int y)
{
	return (!p->has_from || p->from.y <= y) && (!p->has_to || p->to.y >= y);
}

/* calendar rules [YEAR]: the calendar data with its sources. */
static int
cal_rules_cmd(struct session *c, int argc, char **argv)
{
	const struct cal_data *cd;
	struct err e = {0};
	struct store *s;
	char when[96], a[DATE_SIZE], b[DATE_SIZE];
	long y = 0;
	size_t i, shown = 0;
	int code;

	if (argc > 2)
		return cli_usage("calendar", "calendar rules [YEAR]");
	if (argc == 2) {
		char *end;

		y = strtol(argv[1], &end, 10);
		if (*end || y < 1800 || y > 2199) {
			err_set(&e, ST_INVALID, "year", "Год: неверное значение");
			return cli_fail(&e);
		}
	}
	if ((code = calendar_ready(c, &s)) != 0)
		return code;
	if (!(cd = cal_in_use())) {
		err_set(&e, ST_NOTFOUND, "calendar", "В папке форм %s нет календаря (calendar/)", c->forms_dir);
		return cli_fail(&e);
	}
	for (i = 0; i < cd->nfiles; i++)
		cli_printf("Файл: %s\n", cd->files[i]);
	cli_printf("Курбан айт и переносы внесены за %d–%d годы (подтверждено по %d год)\n",
		   cd->first_year, cd->last_year, cal_confirmed_year(s));
	cli_printf("      источник: %s\n", cd->years_source);
	if (cd->has_move) {
		period_text(&cd->move_period, when, sizeof when);
		cli_printf("Праздник в субботу или воскресенье: выходной переносится на следующий рабочий день; %s\n", when);
		cli_printf("      источник: %s\n", cd->move_source);
	}
	cli_printf("\nПраздники%s:\n", y ? " этого года" : "");
	for (i = 0; i < cd->nhol; i++) {
		const struct cal_holiday *h = &cd->hol[i];

		if (y && (h->year ? h->year != y
				  : !period_in_year(&h->period, (int)y)))
			continue;
		if (h->year) {
			date_format_ru((struct date){h->year, h->m, h->d}, a);
			snprintf(when, sizeof when, "%d год", h->year);
		} else {
			snprintf(a, sizeof a, "%02d.%02d", h->d, h->m);
			period_text(&h->period, when, sizeof when);
		}
		cli_printf("  %-10s  %s%s; %s\n", a, h->name,
			   h->movable ? "" : " (не переносится)", when);
		cli_printf("      источник: %s\n", h->source);
	}
	cli_printf("\nПереносы Правительства (выходной ← рабочий)%s:\n",
		   y ? " этого года" : "");
	for (i = 0; i < cd->ntr; i++) {
		const struct cal_transfer *t = &cd->tr[i];

		if (y && t->off.y != y && t->work.y != y)
			continue;
		date_format_ru(t->off, a);
		date_format_ru(t->work, b);
		cli_printf("  %s выходной, %s рабочий\n", a, b);
		cli_printf("      источник: %s\n", t->source);
		shown++;
	}
	if (!shown)
		cli_printf("  нет\n");
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
	{"rules", NULL, cal_rules_cmd, NULL, 0, NULL},
	{"add-dayoff", NULL, cal_add_cmd, NULL, NEED_LOGIN, NULL},
	{"add-workday", NULL, cal_add_cmd, NULL, NEED_LOGIN, NULL},
	{"remove", NULL, cal_remove_cmd, NULL, NEED_LOGIN, NULL},
	{NULL, NULL, NULL, NULL, 0, NULL},
};
