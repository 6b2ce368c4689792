/* SPDX-License-Identifier: MIT */
/* The calendar's data files (FORMS/calendar/NAME.days, format in
 * forms/calendar/README.md): the holidays that are days off, the
 * weekend-move rule, Kurban Ait and the Government's transfers, each with
 * its legal source and the dates it is in force; and the data the
 * process counts with. */
#include "calendar.h"
#include "textfile.h"
#include "util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DAYS_FILE_MAX (1024 * 1024)
#define DAYS_TEXT_MAX 1000      /* characters on one line */
#define DAYS_MAX_ERRORS 50      /* per file: enough to fix, not a flood */

static const struct cal_data *in_use;

void
cal_use(const struct cal_data *cd)
{
	in_use = cd;
}

const struct cal_data *
cal_in_use(void)
{
	return in_use;
}

void
cal_data_free(struct cal_data *cd)
{
	size_t i;

	if (!cd)
		return;
	if (in_use == cd)
		in_use = NULL;
	for (i = 0; i < cd->nhol; i++) {
		free(cd->hol[i].name);
		free(cd->hol[i].source);
	}
	for (i = 0; i < cd->ntr; i++)
		free(cd->tr[i].source);
	for (i = 0; i < cd->nfiles; i++)
		free(cd->files[i]);
	free(cd->hol);
	free(cd->tr);
	free(cd->files);
	free(cd->years_source);
	free(cd->move_source);
	free(cd);
}

/* ---------------------------------------------------------------- */
/* The parser                                                       */

enum block { B_NONE, B_YEARS, B_MOVE, B_HOLIDAY, B_TRANSFER };

static const char *const block_names[] = {
	[B_NONE] = "", [B_YEARS] = "years", [B_MOVE] = "weekend-move",
	[B_HOLIDAY] = "holiday", [B_TRANSFER] = "transfer",
};

struct parser {
	const char *path;           /* owned by cd->files */
	struct cal_data *cd;
	struct errlist *errs;
	int lineno, nerr;
	enum block block;
	int block_line;
	char **source;              /* the open block's source */
	struct rule_period *period; /* the open block's, or NULL */
	int have_moves;
};

static void perr(struct parser *p, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
perr(struct parser *p, int line, const char *fmt, ...)
{
	va_list ap;

	if (++p->nerr > DAYS_MAX_ERRORS)
		return;
	va_start(ap, fmt);
	text_verror(p->errs, p->path, line, fmt, ap);
	va_end(ap);
}

/* YYYY-MM-DD (or ДД.ММ.ГГГГ), a real date. */
static int
parse_day(struct parser *p, const char *val, struct date *d)
{
	if (date_parse_any(val, d) != 0) {
		perr(p, p->lineno, "неверная дата «%s» (нужно ГГГГ-ММ-ДД)", val);
		return -1;
	}
	return 0;
}

static int
parse_year(const char *s, char **end)
{
	long y = strtol(s, end, 10);

	return *end == s || y < 1800 || y > 2199 ? -1 : (int)y;
}

static void
close_block(struct parser *p)
{
	if (p->block != B_NONE && (!p->source || !*p->source))
		perr(p, p->block_line, "у блока «%s» нет строки source (правовой источник)", block_names[p->block]);
	if (p->period && p->period->has_from && p->period->has_to &&
	    date_cmp(p->period->from, p->period->to) > 0)
		perr(p, p->block_line, "блок «%s»: from позже to", block_names[p->block]);
	p->block = B_NONE;
	p->source = NULL;
	p->period = NULL;
}

static void
open_years(struct parser *p, const char *val)
{
	struct cal_data *cd = p->cd;
	char *end;
	int a = parse_year(val, &end), b;

	while (*end == ' ' || *end == '\t')
		end++;
	b = a < 0 ? -1 : parse_year(end, &end);
	if (a < 0 || b < 0 || *end || a > b) {
		perr(p, p->lineno, "years: нужно «years ПЕРВЫЙ ПОСЛЕДНИЙ» (годы от 1800 до 2199, первый не позже последнего), получено «%s»", val);
		return;
	}
	if (cd->years_file) {
		perr(p, p->lineno, "строка years уже есть в %s:%d", cd->years_file, cd->years_line);
		return;
	}
	cd->first_year = a;
	cd->last_year = b;
	cd->years_file = p->path;
	cd->years_line = p->lineno;
	p->block = B_YEARS;
	p->source = &cd->years_source;
}

static void
open_move(struct parser *p, const char *val)
{
	struct cal_data *cd = p->cd;

	if (strcmp(val, "next-working-day") != 0) {
		perr(p, p->lineno, "weekend-move: известно только правило next-working-day, получено «%s»", val);
		return;
	}
	if (cd->has_move) {
		perr(p, p->lineno, "строка weekend-move уже есть в %s:%d", cd->move_file, cd->move_line);
		return;
	}
	cd->has_move = 1;
	cd->move_file = p->path;
	cd->move_line = p->lineno;
	p->block = B_MOVE;
	p->source = &cd->move_source;
	p->period = &cd->move_period;
}

/* holiday MM-DD NAME | holiday YYYY-MM-DD NAME */
static void
open_holiday(struct parser *p, const char *val)
{
	struct cal_data *cd = p->cd;
	struct cal_holiday h = {0};
	const char *name = val + strcspn(val, " \t");
	char day[16];
	size_t n = (size_t)(name - val);
	int y = 0, m = 0, d = 0, k = 0;

	while (*name == ' ' || *name == '\t')
		name++;
	if (n < sizeof day) {
		memcpy(day, val, n);
		day[n] = '\0';
	} else {
		day[0] = '\0';
	}
	if (!((n == 5 && sscanf(day, "%2d-%2d%n", &m, &d, &k) == 2 &&
	       k == 5 && date_valid(2000, m, d)) ||
	      (n == 10 && sscanf(day, "%4d-%2d-%2d%n", &y, &m, &d, &k) == 3 &&
	       k == 10 && date_valid(y, m, d)))) {
		perr(p, p->lineno, "holiday: нужно «holiday ММ-ДД Название» (каждый год) или «holiday ГГГГ-ММ-ДД Название» (один год), получено «%s»", val);
		return;
	}
	if (!*name) {
		perr(p, p->lineno, "holiday %s: нет названия праздника", day);
		return;
	}
	h.year = y;
	h.m = m;
	h.d = d;
	h.movable = 1;
	h.name = xstrdup(name);
	h.file = p->path;
	h.line = p->lineno;
	cd->hol = xrealloc(cd->hol, (cd->nhol + 1) * sizeof *cd->hol);
	cd->hol[cd->nhol] = h;
	p->block = B_HOLIDAY;
	p->source = &cd->hol[cd->nhol].source;
	p->period = y ? NULL : &cd->hol[cd->nhol].period;
	p->have_moves = 0;
	cd->nhol++;
}

/* transfer OFF WORK */
static void
open_transfer(struct parser *p, const char *val)
{
	struct cal_data *cd = p->cd;
	struct cal_transfer t = {0};
	char a[16], b[16], extra[2];
	size_t i;

	if (sscanf(val, "%15s %15s %1s", a, b, extra) != 2) {
		perr(p, p->lineno, "transfer: нужно «transfer ВЫХОДНОЙ РАБОЧИЙ» (две даты ГГГГ-ММ-ДД), получено «%s»", val);
		return;
	}
	if (parse_day(p, a, &t.off) || parse_day(p, b, &t.work))
		return;
	if (!date_cmp(t.off, t.work)) {
		perr(p, p->lineno, "transfer: выходной и рабочий день — одна дата %s", a);
		return;
	}
	for (i = 0; i < cd->ntr; i++)
		if (!date_cmp(cd->tr[i].off, t.off) ||
		    !date_cmp(cd->tr[i].work, t.work) ||
		    !date_cmp(cd->tr[i].off, t.work) ||
		    !date_cmp(cd->tr[i].work, t.off)) {
			perr(p, p->lineno, "transfer: дата уже перенесена в %s:%d", cd->tr[i].file, cd->tr[i].line);
			return;
		}
	t.file = p->path;
	t.line = p->lineno;
	cd->tr = xrealloc(cd->tr, (cd->ntr + 1) * sizeof *cd->tr);
	cd->tr[cd->ntr] = t;
	p->block = B_TRANSFER;
	p->source = &cd->tr[cd->ntr].source;
	cd->ntr++;
}

static void
attr_line(struct parser *p, const char *kw, const char *val)
{
	struct rule_period *pd = p->period;

	if (!strcmp(kw, "source")) {
		if (*p->source)
			perr(p, p->lineno, "вторая строка source в блоке «%s»", block_names[p->block]);
		else
			*p->source = xstrdup(val);
	} else if (pd && (!strcmp(kw, "from") || !strcmp(kw, "to"))) {
		int from = kw[0] == 'f';

		if (from ? pd->has_from : pd->has_to)
			perr(p, p->lineno, "вторая строка %s в блоке «%s»", kw, block_names[p->block]);
		else if (from)
			pd->has_from = !parse_day(p, val, &pd->from);
		else
			pd->has_to = !parse_day(p, val, &pd->to);
	} else if (p->block == B_HOLIDAY && !strcmp(kw, "moves")) {
		struct cal_holiday *h = &p->cd->hol[p->cd->nhol - 1];

		if (p->have_moves)
			perr(p, p->lineno, "вторая строка moves в блоке «holiday»");
		else if (strcmp(val, "yes") && strcmp(val, "no"))
			perr(p, p->lineno, "moves: yes или no, получено «%s»", val);
		else
			h->movable = val[0] == 'y';
		p->have_moves = 1;
	} else {
		perr(p, p->lineno, "неизвестная строка «%s» в блоке «%s»%s", kw, block_names[p->block],
		     p->block == B_HOLIDAY && !pd && (!strcmp(kw, "from") || !strcmp(kw, "to"))
			     ? " (праздник одного года не имеет from/to)"
			     : "");
	}
}

/* One "keyword value" line of a calendar file (a text_lines callback). */
static void
parse_line(void *u, int no, const char *kw, const char *val)
{
	struct parser *p = u;

	p->lineno = no;
	if (!*val) {
		perr(p, p->lineno, "у строки «%s» нет значения", kw);
		return;
	}
	if (!strcmp(kw, "years") || !strcmp(kw, "weekend-move") ||
	    !strcmp(kw, "holiday") || !strcmp(kw, "transfer")) {
		close_block(p);
		p->block_line = p->lineno;
		if (kw[0] == 'y')
			open_years(p, val);
		else if (kw[0] == 'w')
			open_move(p, val);
		else if (kw[0] == 'h')
			open_holiday(p, val);
		else
			open_transfer(p, val);
		return;
	}
	if (p->block == B_NONE) {
		perr(p, p->lineno, "строка «%s» вне блока (блоки: years, weekend-move, holiday, transfer)", kw);
		return;
	}
	attr_line(p, kw, val);
}

static void
on_bad(void *u, int no, const char *why)
{
	perr(u, no, "%s", why);
}

enum status
cal_data_load(const char *dir, struct cal_data **out, struct errlist *errs)
{
	struct errlist local = {0};
	struct cal_data *cd;
	char **names;
	size_t n, i;
	int bad = 0;

	*out = NULL;
	if (!errs)
		errs = &local;
	if (text_dir_files(dir, ".days", "календаря", &names, &n, errs) !=
	    ST_OK) {
		free(names);
		errlist_free(&local);
		return ST_NOTFOUND;
	}
	cd = xcalloc(1, sizeof *cd);
	cd->files = xcalloc(n, sizeof *cd->files);
	for (i = 0; i < n; i++) {
		struct parser p = {0};
		char *text;

		p.path = cd->files[cd->nfiles++] =
			xasprintf("%s/%s", dir, names[i]);
		p.cd = cd;
		p.errs = errs;
		if (!(text = text_file_read(p.path, DAYS_FILE_MAX, errs))) {
			bad = 1;
		} else {
			text_lines(text, DAYS_TEXT_MAX, parse_line, on_bad, &p);
			close_block(&p);
		}
		if (p.nerr)
			bad = 1;
		free(text);
		free(names[i]);
	}
	free(names);
	if (!bad && !cd->years_file) {
		errlist_add(errs, ST_INVALID, "", "%s:0: нет строки «years ПЕРВЫЙ ПОСЛЕДНИЙ» (годы, за которые Курбан айт и переносы внесены полностью)", dir);
		bad = 1;
	}
	errlist_free(&local);
	if (bad) {
		cal_data_free(cd);
		return ST_INVALID;
	}
	*out = cd;
	return ST_OK;
}
