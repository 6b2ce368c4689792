/* SPDX-License-Identifier: MIT */
/* Kazakhstan's working-day calendar: the holidays, the weekend-move rule
 * and the government's transfers of the calendar data (calendar_data.c)
 * and the admin's own entries. */
#include "calendar.h"
#include "audit.h"
#include "clock.h"
#include "db.h"
#include "settings.h"
#include "util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NOTE_MAX_CHARS 70
/* Room for every special day of one year: about 14 holidays, up to 10
 * moved days off and a few transfers. */
#define YEAR_MAX 64

/* One special day of a year by the calendar data. */
struct special {
	struct date date;
	enum cal_kind kind;
	int movable;
	int moved_to;       /* HOLIDAY: index of its MOVED day, or -1 */
	char note[sizeof(((struct cal_day *)0)->note)];
};

struct year_table {
	int year;           /* 0 when not built yet */
	size_t n;
	struct special v[YEAR_MAX];
};

/* A day the admin entered (calendar_days). */
struct entered_day {
	struct date date;
	int off;
	char note[160];
};

/* A lookup session: the admin-entry statement and the current year's
 * table by the data, reused while a deadline is counted day by day. */
struct lookup {
	struct store *s;
	struct db_stmt *admin;
	struct db_stmt *year_any;
	int known_year;     /* last year found to have data, or 0 */
	struct year_table yt;
	/* The admin's days of one year, read at once: counting a term walks
	 * day by day, and on a server each look-up is a round trip. */
	int admin_year;     /* the year read into days, or 0 */
	struct entered_day *days;
	size_t ndays, capdays;
};

/* Copy src into dst (size n) without cutting a UTF-8 sequence. */
static void
copy_utf8(char *dst, size_t n, const char *src)
{
	size_t len = strlen(src);

	if (len >= n) {
		len = n - 1;
		/* Step back over continuation bytes to a character start. */
		while (len > 0 && ((unsigned char)src[len] & 0xc0) == 0x80)
			len--;
	}
	memcpy(dst, src, len);
	dst[len] = '\0';
}

static void
note_set(char *dst, size_t n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
note_set(char *dst, size_t n, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	copy_utf8(dst, n, buf);
}

static int
is_weekend(struct date d)
{
	return date_weekday(d) >= 5;
}

static int
same_date(struct date a, struct date b)
{
	return a.y == b.y && a.m == b.m && a.d == b.d;
}

static struct special *
find_special(struct year_table *t, struct date d)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (same_date(t->v[i].date, d))
			return &t->v[i];
	return NULL;
}

static int
cmp_special(const void *a, const void *b)
{
	const struct special *x = a, *y = b;

	return date_cmp(x->date, y->date);
}

static struct special *
add_special(struct year_table *t, struct date d, enum cal_kind kind)
{
	struct special *sp;

	if (t->n >= YEAR_MAX)
		return NULL;
	sp = &t->v[t->n++];
	memset(sp, 0, sizeof *sp);
	sp->date = d;
	sp->kind = kind;
	sp->moved_to = -1;
	return sp;
}

static void
add_holiday(struct year_table *t, struct date d, int movable, const char *name)
{
	struct special *sp = find_special(t, d);
	char buf[sizeof sp->note];

	if (sp) {
		/* Two holidays on one date: one day off, both names. */
		if (strcmp(sp->note, name) != 0) {
			note_set(buf, sizeof buf, "%s; %s", sp->note, name);
			memcpy(sp->note, buf, sizeof buf);
		}
		sp->movable = sp->movable && movable;
		return;
	}
	if (!(sp = add_special(t, d, CAL_HOLIDAY)))
		return;
	sp->movable = movable;
	copy_utf8(sp->note, sizeof sp->note, name);
}

static int
transfer_makes_off(const struct cal_data *cd, struct date d)
{
	size_t i;

	for (i = 0; i < cd->ntr; i++)
		if (same_date(cd->tr[i].off, d))
			return 1;
	return 0;
}

/* A day a moved day off may land on: a weekday that is not already a day
 * off (holiday, earlier move or transfer). */
static int
free_weekday(const struct cal_data *cd, struct year_table *t, struct date d)
{
	struct special *sp;

	if (is_weekend(d) || transfer_makes_off(cd, d))
		return 0;
	sp = find_special(t, d);
	return !sp || sp->kind == CAL_TRANSFER_WORK;
}

/* The holidays the calendar data gives for year t->year. */
static void
add_holidays(struct year_table *t, const struct cal_data *cd)
{
	int y = t->year;
	size_t i;

	for (i = 0; i < cd->nhol; i++) {
		const struct cal_holiday *h = &cd->hol[i];
		struct date d = {y, h->m, h->d};

		if (h->year ? h->year == y
			    : date_valid(y, h->m, h->d) &&
				      rule_in_force(&h->period, d))
			add_holiday(t, d, h->movable, h->name);
	}
}

/* A movable holiday on Saturday or Sunday gives a day off on the next
 * working day, one per holiday, in date order (Nauryz 21-23.03.2026 on
 * Sat-Mon gives 24 and 25 March). The latest holiday is 16-17 December,
 * so a move never crosses into the next year. The holidays are the first
 * nhol entries, sorted. */
static void
move_weekend_holidays(struct year_table *t, const struct cal_data *cd,
		      size_t nhol)
{
	char ru[DATE_SIZE];
	size_t i;

	for (i = 0; cd->has_move && i < nhol; i++) {
		struct special *h = &t->v[i], *mv;
		struct date d;

		if (!h->movable || !is_weekend(h->date) ||
		    !rule_in_force(&cd->move_period, h->date))
			continue;
		d = date_add_days(h->date, 1);
		while (!free_weekday(cd, t, d))
			d = date_add_days(d, 1);
		if (d.y != t->year || !(mv = add_special(t, d, CAL_MOVED)))
			continue;
		h = &t->v[i];
		h->moved_to = (int)(t->n - 1);
		date_format_ru(h->date, ru);
		note_set(mv->note, sizeof mv->note, "%s: перенос с %s", h->note,
			 ru);
	}
}

/* The Government's transfers override both the holidays and their
 * moves; a holiday whose moved day off a transfer makes working gets the
 * transfer's day off instead (moved_to -2 - the transfer's index). */
static void
apply_transfers(struct year_table *t, const struct cal_data *cd, size_t nhol)
{
	char ru[DATE_SIZE], ru2[DATE_SIZE];
	int y = t->year;
	size_t i;

	for (i = 0; i < cd->ntr; i++) {
		const struct cal_transfer *tr = &cd->tr[i];
		struct special *sp;
		size_t j;

		date_format_ru(tr->off, ru);
		date_format_ru(tr->work, ru2);
		if (tr->off.y == y) {
			if (!(sp = find_special(t, tr->off)))
				sp = add_special(t, tr->off, CAL_TRANSFER_OFF);
			if (sp) {
				sp->kind = CAL_TRANSFER_OFF;
				note_set(sp->note, sizeof sp->note,
					 "перенос с %s (постановление Правительства)", ru2);
			}
		}
		if (tr->work.y != y)
			continue;
		if (!(sp = find_special(t, tr->work)))
			sp = add_special(t, tr->work, CAL_TRANSFER_WORK);
		if (!sp)
			continue;
		/* A moved day off made working: its holiday's day off is
		 * now the transfer's (Victory Day 2020). */
		for (j = 0; sp->kind == CAL_MOVED && j < nhol; j++)
			if (t->v[j].moved_to == (int)(sp - t->v))
				t->v[j].moved_to = -2 - (int)i;
		sp->kind = CAL_TRANSFER_WORK;
		note_set(sp->note, sizeof sp->note,
			 "рабочий день: перенос на %s (постановление Правительства)", ru);
	}
}

/* Say on each holiday that fell on a weekend what became of it. */
static void
note_weekend_holidays(struct year_table *t, const struct cal_data *cd,
		      size_t nhol)
{
	char ru[DATE_SIZE];
	size_t i;

	for (i = 0; i < nhol; i++) {
		struct special *h = &t->v[i];
		char buf[sizeof h->note];

		if (!is_weekend(h->date))
			continue;
		if (h->moved_to >= 0)
			date_format_ru(t->v[h->moved_to].date, ru);
		else if (h->moved_to < -1)
			date_format_ru(cd->tr[-2 - h->moved_to].off, ru);
		if (h->moved_to != -1)
			note_set(buf, sizeof buf,
				 "%s (выходной перенесён на %s)", h->note, ru);
		else if (!h->movable)
			note_set(buf, sizeof buf, "%s (не переносится)",
				 h->note);
		else
			continue;
		memcpy(h->note, buf, sizeof buf);
	}
}

/* Build the special days of year y the calendar data gives, in date
 * order (none without data). */
static void
build_year(struct year_table *t, int y)
{
	const struct cal_data *cd = cal_in_use();
	size_t i, nhol;

	t->year = y;
	t->n = 0;
	if (!cd)
		return;
	add_holidays(t, cd);
	qsort(t->v, t->n, sizeof t->v[0], cmp_special);
	nhol = t->n;
	move_weekend_holidays(t, cd, nhol);
	apply_transfers(t, cd, nhol);
	note_weekend_holidays(t, cd, nhol);
	qsort(t->v, t->n, sizeof t->v[0], cmp_special);
	/* Indices into v are stale after sorting; nothing reads them now. */
	for (i = 0; i < t->n; i++)
		t->v[i].moved_to = -1;
}

static void
data_day(struct year_table *t, struct date d, struct cal_day *out)
{
	struct special *sp;

	if (t->year != d.y)
		build_year(t, d.y);
	memset(out, 0, sizeof *out);
	out->date = d;
	if ((sp = find_special(t, d))) {
		out->kind = sp->kind;
		memcpy(out->note, sp->note, sizeof out->note);
	} else if (is_weekend(d)) {
		out->kind = CAL_WEEKEND;
		copy_utf8(out->note, sizeof out->note,
			  date_weekday(d) == 5 ? "суббота" : "воскресенье");
	} else {
		out->kind = CAL_WORKDAY;
	}
	out->working = out->kind == CAL_WORKDAY ||
		       out->kind == CAL_TRANSFER_WORK;
}

static void
admin_default_note(enum cal_kind kind, char *out, size_t n)
{
	copy_utf8(out, n, kind == CAL_ADMIN_OFF
				  ? "выходной день (введён администратором)"
				  : "рабочий день (введён администратором)");
}

static void
lookup_init(struct lookup *lk, struct store *s)
{
	memset(lk, 0, sizeof *lk);
	lk->s = s;
}

static void
lookup_done(struct lookup *lk)
{
	db_finalize(lk->admin);
	db_finalize(lk->year_any);
	lk->admin = lk->year_any = NULL;
	free(lk->days);
	lk->days = NULL;
	lk->ndays = lk->capdays = 0;
	lk->admin_year = 0;
}

/* The admin's days of year y into lk->days (in date order). */
static enum status
admin_year_read(struct lookup *lk, int y, struct err *e)
{
	char lo[DATE_SIZE], hi[DATE_SIZE];
	int rc;

	if (!lk->admin) {
		lk->admin = db_prepare(lk->s, "SELECT date, kind, note FROM "
					      "calendar_days WHERE date BETWEEN "
					      "? AND ? ORDER BY date", e);
		if (!lk->admin)
			return e ? e->st : ST_STORAGE;
	}
	lk->ndays = 0;
	lk->admin_year = 0;
	date_format_iso((struct date){y, 1, 1}, lo);
	date_format_iso((struct date){y, 12, 31}, hi);
	db_reset(lk->admin);
	db_bind_text(lk->admin, 1, lo);
	db_bind_text(lk->admin, 2, hi);
	while ((rc = db_step(lk->admin, e)) == DB_ROW) {
		struct entered_day *a;
		struct date dd;

		if (date_parse_iso(db_col_text(lk->admin, 0), &dd) != 0)
			continue;
		XGROW(lk->days, lk->ndays, lk->capdays);
		a = &lk->days[lk->ndays++];
		a->date = dd;
		a->off = strcmp(db_col_text(lk->admin, 1), "dayoff") == 0;
		copy_utf8(a->note, sizeof a->note, db_col_text(lk->admin, 2));
	}
	db_reset(lk->admin);
	if (rc != DB_DONE)
		return store_error(lk->s, e, "calendar");
	lk->admin_year = y;
	return ST_OK;
}

/* Classify d: the admin's entry when there is one, else the calendar
 * data's rules. */
static enum status
lookup_day(struct lookup *lk, struct date d, struct cal_day *out,
	   struct err *e)
{
	enum status ret;
	size_t i;

	if (!lk->s) {
		data_day(&lk->yt, d, out);
		return ST_OK;
	}
	if (lk->admin_year != d.y &&
	    (ret = admin_year_read(lk, d.y, e)) != ST_OK)
		return ret;
	for (i = 0; i < lk->ndays; i++) {
		const struct entered_day *a = &lk->days[i];

		if (date_cmp(a->date, d) != 0)
			continue;
		memset(out, 0, sizeof *out);
		out->date = d;
		out->kind = a->off ? CAL_ADMIN_OFF : CAL_ADMIN_WORK;
		out->working = !a->off;
		copy_utf8(out->note, sizeof out->note, a->note);
		if (!out->note[0])
			admin_default_note(out->kind, out->note,
					   sizeof out->note);
		return ST_OK;
	}
	data_day(&lk->yt, d, out);
	return ST_OK;
}

/* ST_OK when the calendar of year y can be counted: one the data holds, a
 * later year (by the holidays' rules; cal_provisional says so), or an
 * earlier one whose days the admin entered. */
static enum status
lookup_year_known(struct lookup *lk, int y, struct err *e)
{
	char lo[DATE_SIZE], hi[DATE_SIZE];
	int rc;

	if (y >= cal_in_use()->first_year || lk->known_year == y)
		return ST_OK;
	if (lk->s) {
		if (!lk->year_any) {
			lk->year_any = db_prepare(
				lk->s, "SELECT 1 FROM calendar_days WHERE date "
				       "BETWEEN ? AND ? LIMIT 1", e);
			if (!lk->year_any)
				return e ? e->st : ST_STORAGE;
		}
		date_format_iso((struct date){y, 1, 1}, lo);
		date_format_iso((struct date){y, 12, 31}, hi);
		db_reset(lk->year_any);
		db_bind_text(lk->year_any, 1, lo);
		db_bind_text(lk->year_any, 2, hi);
		rc = db_step(lk->year_any, e);
		db_reset(lk->year_any);
		if (rc == DB_ROW) {
			lk->known_year = y;
			return ST_OK;
		}
		if (rc != DB_DONE)
			return store_error(lk->s, e, "calendar");
	}
	return err_set(e, ST_INVALID, "due_date",
		       "Производственный календарь на %d год не загружен: срок не рассчитан (администратору: внесите рабочие и выходные дни %d года)", y, y);
}

/* The functions that count days need the calendar data. */
static enum status
need_data(struct err *e)
{
	if (cal_in_use())
		return ST_OK;
	return err_set(e, ST_INVALID, "calendar", "Производственный календарь не загружен: в папке форм нет файлов calendar/*.days");
}

static enum status
check_date(struct date d, const char *field, struct err *e)
{
	if (!date_valid(d.y, d.m, d.d))
		return err_set(e, ST_INVALID, field,
			       "Неверная дата календаря: %04d-%02d-%02d", d.y,
			       d.m, d.d);
	return ST_OK;
}

enum status
cal_day(struct store *s, struct date d, struct cal_day *out, struct err *e)
{
	struct lookup lk;
	enum status st;

	if ((st = check_date(d, "date", e)) != ST_OK ||
	    (st = need_data(e)) != ST_OK)
		return st;
	lookup_init(&lk, s);
	st = lookup_day(&lk, d, out, e);
	lookup_done(&lk);
	return st;
}

int
cal_is_workday(struct store *s, struct date d)
{
	struct cal_day day;

	if (cal_day(s, d, &day, NULL) != ST_OK)
		return -1;
	return day.working;
}

enum status
cal_due(struct store *s, struct date from, int n, struct date *due,
	struct err *e)
{
	struct lookup lk;
	struct cal_day day;
	struct date d;
	enum status st;

	if ((st = check_date(from, "accepted_at", e)) != ST_OK ||
	    (st = need_data(e)) != ST_OK)
		return st;
	if (n < 1)
		return err_set(e, ST_INVALID, "term",
			       "Срок должен быть не менее одного рабочего дня (указано %d)", n);
	lookup_init(&lk, s);
	d = from;
	while (n > 0) {
		d = date_add_days(d, 1);
		if (!date_valid(d.y, d.m, d.d)) {
			st = err_set(e, ST_INVALID, "due_date",
				     "Срок выходит за пределы календаря");
			goto out;
		}
		if ((st = lookup_year_known(&lk, d.y, e)) != ST_OK ||
		    (st = lookup_day(&lk, d, &day, e)) != ST_OK)
			goto out;
		if (day.working)
			n--;
	}
	*due = d;
	st = ST_OK;
out:
	lookup_done(&lk);
	return st;
}

int
cal_confirmed_year(struct store *s)
{
	long y = s ? settings_get(s, SET_CALENDAR_YEAR) : -1;

	int last = cal_in_use() ? cal_in_use()->last_year : 0;

	return y > last ? (int)y : last;
}

int
cal_provisional(struct store *s, struct date d)
{
	return d.y > cal_confirmed_year(s);
}

int
cal_ahead_year(struct store *s, struct date today)
{
	int next = cal_confirmed_year(s) + 1;
	long left = date_to_days((struct date){next, 1, 1}) -
		    date_to_days(today);

	return left > CAL_WARN_DAYS ? 0 : next;
}

int
cal_ahead_warning(struct store *s, struct date today, char *msg, size_t n)
{
	int next = cal_ahead_year(s, today);

	if (!next)
		return 0;
	snprintf(msg, n, "Производственный календарь на %d год не подтвержден: сроки в нем предварительные (праздники по правилам, без Курбан айта и переносов). Внесите день Курбан айта и переносы Правительства (okno calendar add-dayoff / add-workday) и подтвердите год (okno settings set %s %d)",
		 next, SET_CALENDAR_YEAR, next);
	return 1;
}

/* Returns -1 on a storage error or an invalid date. */
int
cal_workdays_between(struct store *s, struct date from, struct date to)
{
	struct lookup lk;
	struct cal_day day;
	struct date d;
	int count = 0;

	if (check_date(from, "from", NULL) != ST_OK ||
	    check_date(to, "to", NULL) != ST_OK || need_data(NULL) != ST_OK)
		return -1;
	lookup_init(&lk, s);
	for (d = date_add_days(from, 1); date_cmp(d, to) <= 0;
	     d = date_add_days(d, 1)) {
		if (lookup_day(&lk, d, &day, NULL) != ST_OK) {
			count = -1;
			break;
		}
		count += day.working;
	}
	lookup_done(&lk);
	return count;
}

static int
cmp_cal_day(const void *a, const void *b)
{
	const struct cal_day *x = a, *y = b;

	return date_cmp(x->date, y->date);
}

/* The days of a year being listed: v[0..n), room for cap. */
struct year_days {
	struct cal_day *v;
	size_t n, cap;
};

/* An administrator's entry from a row (date, kind, note) over the day it
 * names, or a day of its own (a db_row_fn). */
static enum status
merge_admin_day(struct db_stmt *st, void *arg, struct err *e)
{
	struct year_days *yd = arg;
	struct cal_day *cd = NULL;
	struct date d;
	size_t i;

	(void)e;
	if (date_parse_iso(db_col_text(st, 0), &d) != 0)
		return ST_OK;
	for (i = 0; i < yd->n && !cd; i++)
		if (same_date(yd->v[i].date, d))
			cd = &yd->v[i];
	if (!cd) {
		XGROW(yd->v, yd->n, yd->cap);
		cd = &yd->v[yd->n++];
	}
	memset(cd, 0, sizeof *cd);
	cd->date = d;
	cd->working = strcmp(db_col_text(st, 1), "dayoff") != 0;
	cd->kind = cd->working ? CAL_ADMIN_WORK : CAL_ADMIN_OFF;
	copy_utf8(cd->note, sizeof cd->note, db_col_text(st, 2));
	if (!cd->note[0])
		admin_default_note(cd->kind, cd->note, sizeof cd->note);
	return ST_OK;
}

/* Works for any year date.h accepts: outside the data's years only the
 * holidays by rule and the admin's entries are listed. */
enum status
cal_year(struct store *s, int year, struct cal_day **out, size_t *count,
	 struct err *e)
{
	struct year_days yd = {0};
	struct year_table *t;
	char lo[DATE_SIZE], hi[DATE_SIZE];
	enum status ret;
	size_t i;

	*out = NULL;
	*count = 0;
	if (!date_valid(year, 1, 1))
		return err_set(e, ST_INVALID, "year",
			       "Неверный год календаря: %d", year);
	if ((ret = need_data(e)) != ST_OK)
		return ret;
	t = xmalloc(sizeof *t);
	build_year(t, year);
	yd.cap = t->n + 16;
	yd.v = xcalloc(yd.cap, sizeof *yd.v);
	for (i = 0; i < t->n; i++, yd.n++) {
		yd.v[yd.n].date = t->v[i].date;
		yd.v[yd.n].kind = t->v[i].kind;
		yd.v[yd.n].working = t->v[i].kind == CAL_TRANSFER_WORK;
		memcpy(yd.v[yd.n].note, t->v[i].note, sizeof yd.v[yd.n].note);
	}
	free(t);
	date_format_iso((struct date){year, 1, 1}, lo);
	date_format_iso((struct date){year, 12, 31}, hi);
	if (s && (ret = db_each(s, e, merge_admin_day, &yd, "SELECT date, "
				"kind, note FROM calendar_days WHERE date "
				"BETWEEN ? AND ? ORDER BY date", DB_TEXT(lo),
				DB_TEXT(hi))) != ST_OK) {
		free(yd.v);
		return ret;
	}
	qsort(yd.v, yd.n, sizeof *yd.v, cmp_cal_day);
	*out = yd.v;
	*count = yd.n;
	return ST_OK;
}

static const char *
admin_kind_code(enum cal_kind kind)
{
	return kind == CAL_ADMIN_OFF ? "dayoff" : "workday";
}

/* A day an administrator changes: the day as ISO and as an audit object,
 * and what was set for it before (kind "" when nothing). */
struct admin_day {
	char iso[DATE_SIZE], obj[32], oldkind[16], oldnote[256];
};

/* Who may change day d, and whether it can be changed. */
static enum status
admin_check(struct store *s, const struct actor *a, struct date d,
	    struct err *e)
{
	enum status ret;

	if ((ret = actor_require(a, PERM_CALENDAR, e)) != ST_OK)
		return ret;
	if (!s)
		return err_set(e, ST_USAGE, "", "Нет базы данных календаря");
	return check_date(d, "date", e);
}

/* Open the write transaction of a change to day d, with what was set
 * for it before in ad. */
static enum status
admin_begin(struct store *s, struct date d, struct admin_day *ad,
	    struct err *e)
{
	struct db_stmt *st;
	enum status ret;

	memset(ad, 0, sizeof *ad);
	date_format_iso(d, ad->iso);
	snprintf(ad->obj, sizeof ad->obj, "date:%s", ad->iso);
	if ((ret = store_begin(s, e)) != ST_OK)
		return ret;
	ret = db_one(s, &st, e, "SELECT kind, note FROM calendar_days WHERE "
		     "date = ?", DB_TEXT(ad->iso));
	if (ret == ST_NOTFOUND)
		return ST_OK;
	if (ret != ST_OK) {
		store_rollback(s);
		return ret;
	}
	copy_utf8(ad->oldkind, sizeof ad->oldkind, db_col_text(st, 0));
	copy_utf8(ad->oldnote, sizeof ad->oldnote, db_col_text(st, 1));
	db_finalize(st);
	return ST_OK;
}

static enum status
check_note(const char *note, struct err *e)
{
	const unsigned char *p;

	if (!utf8_valid(note))
		return err_set(e, ST_INVALID, "note",
			       "Примечание: недопустимые символы (не UTF-8)");
	for (p = (const unsigned char *)note; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return err_set(e, ST_INVALID, "note",
				       "Примечание: недопустимый управляющий символ");
	if (utf8_len(note) > NOTE_MAX_CHARS ||
	    strlen(note) >= sizeof(((struct cal_day *)0)->note))
		return err_set(e, ST_INVALID, "note",
			       "Примечание: не более %d символов",
			       NOTE_MAX_CHARS);
	return ST_OK;
}

enum status
cal_set(struct store *s, const struct actor *a, struct date d,
	enum cal_kind kind, const char *note, struct err *e)
{
	char at[STAMP_SIZE], dnote[sizeof(((struct cal_day *)0)->note)];
	struct admin_day ad;
	char *detail;
	enum status ret;

	if ((ret = admin_check(s, a, d, e)) != ST_OK)
		return ret;
	if (kind != CAL_ADMIN_OFF && kind != CAL_ADMIN_WORK)
		return err_set(e, ST_INVALID, "kind",
			       "Вид дня: укажите «выходной» или «рабочий»");
	if (!note || !*note) {
		admin_default_note(kind, dnote, sizeof dnote);
		note = dnote;
	} else if ((ret = check_note(note, e)) != ST_OK) {
		return ret;
	}
	if ((ret = admin_begin(s, d, &ad, e)) != ST_OK)
		return ret;
	clock_stamp(clock_now(), at);
	if ((ret = db_exec(s, e, "INSERT INTO calendar_days(date, kind, note, "
			   "added_by, added_at) VALUES (?, ?, ?, ?, ?) "
			   "ON CONFLICT(date) DO UPDATE SET kind = excluded.kind,"
			   " note = excluded.note, added_by = excluded.added_by,"
			   " added_at = excluded.added_at", DB_TEXT(ad.iso),
			   DB_TEXT(admin_kind_code(kind)), DB_TEXT(note),
			   DB_INT(a->id), DB_TEXT(at))) != ST_OK) {
		store_rollback(s);
		return ret;
	}
	if (ad.oldkind[0])
		detail = xasprintf("%s: %s (было %s: %s)",
				   admin_kind_code(kind), note, ad.oldkind,
				   ad.oldnote);
	else
		detail = xasprintf("%s: %s", admin_kind_code(kind), note);
	ret = audit_commit(s, a, "calendar.set", ad.obj, detail, e);
	free(detail);
	return ret;
}

enum status
cal_remove(struct store *s, const struct actor *a, struct date d,
	   struct err *e)
{
	struct admin_day ad;
	char ru[DATE_SIZE], *detail;
	enum status ret;

	if ((ret = admin_check(s, a, d, e)) != ST_OK ||
	    (ret = admin_begin(s, d, &ad, e)) != ST_OK)
		return ret;
	if (!ad.oldkind[0]) {
		date_format_ru(d, ru);
		ret = err_set(e, ST_NOTFOUND, "date",
			      "Для даты %s нет записи администратора в календаре", ru);
	} else {
		ret = db_exec(s, e, "DELETE FROM calendar_days WHERE date = ?",
			      DB_TEXT(ad.iso));
	}
	if (ret != ST_OK) {
		store_rollback(s);
		return ret;
	}
	detail = xasprintf("%s: %s", ad.oldkind, ad.oldnote);
	ret = audit_commit(s, a, "calendar.remove", ad.obj, detail, e);
	free(detail);
	return ret;
}
