/* SPDX-License-Identifier: MIT */
/* The blanks of strict accountability (passes, invitations) for the
 * journal's operator: the day's reconciliation per kind and series (stock
 * at the start, received, used, spoiled, stock at the end), ←/→ another
 * day. F2: take a range of blanks into stock, or write one off as
 * spoiled; both ask first, and core checks every number. */
#include <stdlib.h>
#include <string.h>

#include "blank.h"
#include "clock.h"
#include "date.h"
#include "screen.h"
#include "util.h"
#include "widgets.h"

enum bstep { BS_NONE, BS_KIND, BS_FIRST, BS_LAST, BS_SPOIL_NO,
	     BS_SPOIL_WHY };

struct blanks {
	struct date day;
	struct blank_report rep;
	int have;
	struct lscroll ls;
	char **lines;
	size_t n;
	struct pick pick;
	struct pick_item items[3];
	int picking;
	enum bstep step;
	struct winput in;
	struct wconfirm confirm;
	char kind[16], first[40], last[40], spoil[40];
};

static const struct fkey b_keys[] = {
	{ACT_F2, N_("Действие")}, {ACT_F10, N_("Выход")},
};
static const struct fkey cancel_keys[] = {
	{ACT_F10, N_("Отмена")},
};
static const struct fkey confirm_keys[] = {
	{ACT_F2, N_("Да")}, {ACT_F10, N_("Отмена")},
};

static const char *
kind_ru(const char *k)
{
	return !strcmp(k, "border-pass") ? _("пропуск") : _("приглашение");
}

static void
add(struct blanks *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
add(struct blanks *b, const char *fmt, ...)
{
	char buf[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	b->lines = xrealloc(b->lines, (b->n + 1) * sizeof *b->lines);
	b->lines[b->n++] = xstrdup(buf);
}

static void
clear_lines(struct blanks *b)
{
	size_t i;

	for (i = 0; i < b->n; i++)
		free(b->lines[i]);
	free(b->lines);
	b->lines = NULL;
	b->n = 0;
}

static void
reload(struct screen *s, struct blanks *b)
{
	struct err e = {0};
	char iso[11];
	size_t i;

	clear_lines(b);
	if (b->have)
		blank_report_free(&b->rep);
	b->have = 0;
	date_format_iso(b->day, iso);
	if (blank_report(s->app->sess->store, &s->app->actor, iso, &b->rep,
			 &e) != ST_OK) {
		add(b, "%s", e.msg);
		return;
	}
	b->have = 1;
	if (!b->rep.nrows)
		add(b, "%s", _("Бланков на учёте нет"));
	for (i = 0; i < b->rep.nrows; i++) {
		const struct blank_report_row *r = &b->rep.rows[i];

		add(b, _("%-13s %-5s  на начало %5ld  принято %5ld  использовано %5ld  испорчено %5ld  на конец %5ld"),
		    kind_ru(r->kind), r->series[0] ? r->series : "—", r->opening,
		    r->received, r->used, r->spoiled, r->closing);
	}
	for (i = 0; i < b->rep.nspoiled; i++)
		add(b, _("  списан %s (%s), %s: %s"), b->rep.spoiled[i].label,
		    kind_ru(b->rep.spoiled[i].kind), b->rep.spoiled[i].login,
		    b->rep.spoiled[i].reason);
}

static int
b_enter(struct screen *s, void *arg)
{
	struct blanks *b = xcalloc(1, sizeof *b);

	(void)arg;
	s->priv = b;
	b->day = clock_today();
	b->ls.view = 1;
	reload(s, b);
	return 0;
}

static void
b_leave(struct screen *s)
{
	struct blanks *b = s->priv;

	clear_lines(b);
	if (b->have)
		blank_report_free(&b->rep);
	pick_close(&b->pick);
	input_free(&b->in);
	free(b);
}

static void
b_draw(struct screen *s, WINDOW *w)
{
	struct blanks *b = s->priv;
	struct app *a = s->app;
	char title[160], d[16];
	int rows = LINES - 5, i;

	date_format_ru(b->day, d);
	snprintf(title, sizeof title,
		 _("Бланки за %s (←/→ — другой день)"), d);
	tui_header(a, w, title);
	lscroll_fit(&b->ls, b->n, rows);
	for (i = 0; i < rows && b->ls.top + (size_t)i < b->n; i++)
		tui_text(w, 2 + i, 0, b->lines[b->ls.top + (size_t)i], COLS);
	a->cur_y = -1;
	if (b->confirm.open) {
		confirm_draw(&b->confirm, a, w);
		status_draw(a, w, confirm_keys, 2);
	} else if (b->in.open) {
		status_draw(a, w, cancel_keys, 1);
		input_draw(&b->in, a, w, LINES - 3);
	} else {
		status_draw(a, w, b_keys, 2);
		if (b->picking)
			pick_draw(&b->pick, a, w);
	}
}

static int
ask(struct blanks *b, enum bstep step, const char *label)
{
	b->step = step;
	input_open(&b->in, label, NULL);
	return SCR_HANDLED | SCR_REDRAW;
}

static int
pick(struct blanks *b, enum bstep step, const char *title, size_t n)
{
	b->step = step;
	pick_open(&b->pick, title, b->items, n, NULL);
	b->picking = 1;
	return SCR_HANDLED | SCR_REDRAW;
}

static int
do_it(struct screen *s, struct blanks *b)
{
	struct app *a = s->app;
	struct err e = {0};
	char series[BLANK_SERIES_MAX], s2[BLANK_SERIES_MAX];
	long from, to, added = 0;

	if (b->step == BS_SPOIL_WHY) {
		if (blank_spoil(a->sess->store, &a->actor, b->spoil,
				b->first, &e) != ST_OK)
			app_status(a, 1, "%s", e.msg);
		else
			app_status(a, 0, _("Бланк %s списан"), b->spoil);
	} else if (blank_parse(b->first, series, &from, &e) != ST_OK ||
		   blank_parse(b->last, s2, &to, &e) != ST_OK) {
		app_status(a, 1, "%s", e.msg);
	} else if (strcmp(series, s2)) {
		app_status(a, 1, "%s", _("Первый и последний бланк — разных серий"));
	} else if (blank_add(a->sess->store, &a->actor, b->kind, series, from,
			     to, &added, &e) != ST_OK) {
		app_status(a, 1, "%s", e.msg);
	} else {
		app_status(a, 0, _("Принято на учёт бланков: %ld"), added);
	}
	b->step = BS_NONE;
	reload(s, b);
	return SCR_HANDLED | SCR_REDRAW;
}

static int
typed(struct screen *s, struct blanks *b, const char *txt)
{
	switch (b->step) {
	case BS_FIRST:
		snprintf(b->first, sizeof b->first, "%s", txt);
		return ask(b, BS_LAST, _("Последний бланк (например AB 1100):"));
	case BS_LAST:
		snprintf(b->last, sizeof b->last, "%s", txt);
		confirm_open(&b->confirm, _("Принять бланки на учёт?"),
			     _("F2 — принять"));
		confirm_line(&b->confirm, _("%s: с %s по %s"), kind_ru(b->kind),
			     b->first, b->last);
		confirm_line(&b->confirm, "%s",
			     _("Номера будут учтены в остатке подразделения; снять их можно только списанием."));
		return SCR_HANDLED | SCR_REDRAW;
	case BS_SPOIL_NO:
		snprintf(b->spoil, sizeof b->spoil, "%s", txt);
		return ask(b, BS_SPOIL_WHY, _("Причина списания:"));
	case BS_SPOIL_WHY:
		snprintf(b->first, sizeof b->first, "%s", txt);
		confirm_open(&b->confirm, _("Списать бланк?"),
			     _("F2 — списать"));
		confirm_line(&b->confirm, _("Бланк %s: %s"), b->spoil, txt);
		confirm_line(&b->confirm, "%s",
			     _("Списание не отменяется; бланк уходит из остатка."));
		return SCR_HANDLED | SCR_REDRAW;
	default:
		(void)s;
		return SCR_HANDLED | SCR_REDRAW;
	}
}

static int
b_key(struct screen *s, const struct key *k)
{
	struct blanks *b = s->priv;

	if (b->confirm.open) {
		int r = confirm_key(&b->confirm, k);

		if (r == CONFIRM_YES)
			return do_it(s, b);
		if (r == CONFIRM_NO)
			b->step = BS_NONE;
		return r == CONFIRM_NONE ? SCR_HANDLED : SCR_HANDLED | SCR_REDRAW;
	}
	if (b->picking) {
		int r = pick_key(&b->pick, k);
		const struct pick_item *ch = pick_chosen(&b->pick);
		char code[16] = "";

		if (r == PICK_NONE)
			return SCR_HANDLED | SCR_REDRAW;
		if (r == PICK_CHOSEN && ch)
			snprintf(code, sizeof code, "%s", ch->code);
		pick_close(&b->pick);
		b->picking = 0;
		if (!code[0])
			return SCR_HANDLED | SCR_REDRAW;
		if (b->step == BS_KIND) {
			snprintf(b->kind, sizeof b->kind, "%s", code);
			return ask(b, BS_FIRST,
				   _("Первый бланк (например AB 1001):"));
		}
		if (!strcmp(code, "spoil"))
			return ask(b, BS_SPOIL_NO, _("Номер бланка:"));
		b->items[0].label = _("пропуск в пограничную зону");
		b->items[0].code = "border-pass";
		b->items[1].label = _("приглашение");
		b->items[1].code = "invitation";
		return pick(b, BS_KIND, _("Вид бланков"), 2);
	}
	if (b->in.open) {
		int r = input_key(&b->in, k);
		char *txt;

		if (r == INPUT_CANCEL)
			b->step = BS_NONE;
		if (r != INPUT_DONE)
			return SCR_HANDLED | SCR_REDRAW;
		txt = input_text(&b->in);
		r = typed(s, b, txt);
		free(txt);
		return r;
	}
	if (lscroll_key(&b->ls, k) != LS_NONE)
		return SCR_HANDLED | SCR_REDRAW;
	switch (k->act) {
	case ACT_LEFT:
	case ACT_RIGHT:
		b->day = date_add_days(b->day, k->act == ACT_LEFT ? -1 : 1);
		reload(s, b);
		return SCR_HANDLED | SCR_REDRAW;
	case ACT_SAVE:
		b->items[0].label = _("Принять бланки на учёт");
		b->items[0].code = "add";
		b->items[1].label = _("Списать испорченный бланк");
		b->items[1].code = "spoil";
		return pick(b, BS_NONE, _("Бланки: действие"), 2);
	case ACT_ESC:
	case ACT_QUIT:
		app_status_clear(s->app);
		return SCR_CLOSE;
	default:
		return 0;
	}
}

const struct screen_ops blanks_screen = {
	.name = "blanks",
	.enter = b_enter,
	.leave = b_leave,
	.draw = b_draw,
	.key = b_key,
	.help = N_("Помощь: бланки строгой отчётности\n"
		   "Сверка за день по видам и сериям: остаток на начало, принято, использовано (на них напечатаны пропуска и приглашения), испорчено, остаток на конец; ниже — списанные за день с причиной. ←/→ — другой день.\n"
		   "F2 — принять бланки на учёт (вид, первый и последний номер) или списать испорченный бланк (номер и причина). Оба действия спрашивают подтверждение."),
};
