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
	struct lscreen l;       /* a text, scrolled without a selection */
	char **lines;
	size_t n;
	enum bstep step;
	char kind[16], first[40], last[40], spoil[40];
};

static const struct fkey b_keys[] = {
	{ACT_F2, N_("Действие")}, {ACT_F10, N_("Выход")},
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
	b->l.ls.view = 1;
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
	lscreen_free(&b->l);
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
	lscroll_fit(&b->l.ls, b->n, rows);
	for (i = 0; i < rows && b->l.ls.top + (size_t)i < b->n; i++)
		tui_text(w, 2 + i, 0, b->lines[b->l.ls.top + (size_t)i], COLS);
	a->cur_y = -1;
	lscreen_draw(&b->l, a, w, b_keys, 2);
}

static int
ask(struct blanks *b, enum bstep step, const char *label)
{
	b->step = step;
	input_open(&b->l.in, label, NULL);
	return SCR_HANDLED | SCR_REDRAW;
}

/* F2 on the confirmation: the blanks taken in, or the one written off. */
static int
do_it(struct screen *s)
{
	struct blanks *b = s->priv;
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
typed(struct screen *s, const char *txt)
{
	struct blanks *b = s->priv;

	switch (b->step) {
	case BS_FIRST:
		snprintf(b->first, sizeof b->first, "%s", txt);
		return ask(b, BS_LAST, _("Последний бланк (например AB 1100):"));
	case BS_LAST:
		snprintf(b->last, sizeof b->last, "%s", txt);
		confirm_open(&b->l.confirm, _("Принять бланки на учёт?"),
			     _("F2 — принять"));
		confirm_line(&b->l.confirm, _("%s: с %s по %s"), kind_ru(b->kind),
			     b->first, b->last);
		confirm_line(&b->l.confirm, "%s",
			     _("Номера будут учтены в остатке подразделения; снять их можно только списанием."));
		return SCR_HANDLED | SCR_REDRAW;
	case BS_SPOIL_NO:
		snprintf(b->spoil, sizeof b->spoil, "%s", txt);
		return ask(b, BS_SPOIL_WHY, _("Причина списания:"));
	case BS_SPOIL_WHY:
		snprintf(b->first, sizeof b->first, "%s", txt);
		confirm_open(&b->l.confirm, _("Списать бланк?"),
			     _("F2 — списать"));
		confirm_line(&b->l.confirm, _("Бланк %s: %s"), b->spoil, txt);
		confirm_line(&b->l.confirm, "%s",
			     _("Списание не отменяется; бланк уходит из остатка."));
		return SCR_HANDLED | SCR_REDRAW;
	default:
		return SCR_HANDLED | SCR_REDRAW;
	}
}

/* The action menu's choice, and then the kind of the blanks taken in. */
static int
chosen(struct screen *s, const char *code)
{
	struct blanks *b = s->priv;

	if (b->step == BS_KIND) {
		snprintf(b->kind, sizeof b->kind, "%s", code);
		return ask(b, BS_FIRST, _("Первый бланк (например AB 1001):"));
	}
	if (!strcmp(code, "spoil"))
		return ask(b, BS_SPOIL_NO, _("Номер бланка:"));
	lscreen_item(&b->l, 0, _("пропуск в пограничную зону"),
		     "border-pass");
	lscreen_item(&b->l, 1, _("приглашение"), "invitation");
	b->step = BS_KIND;
	lscreen_menu(&b->l, _("Вид бланков"), 2);
	return SCR_HANDLED | SCR_REDRAW;
}

static void
cancel(struct screen *s)
{
	((struct blanks *)s->priv)->step = BS_NONE;
}

static size_t
menu(struct screen *s, const char **title)
{
	struct blanks *b = s->priv;

	b->step = BS_NONE;
	lscreen_item(&b->l, 0, _("Принять бланки на учёт"), "add");
	lscreen_item(&b->l, 1, _("Списать испорченный бланк"), "spoil");
	*title = _("Бланки: действие");
	return 2;
}

/* ←/→: the day before or after. */
static int
day_key(struct screen *s, const struct key *k)
{
	struct blanks *b = s->priv;

	if (k->act != ACT_LEFT && k->act != ACT_RIGHT)
		return 0;
	b->day = date_add_days(b->day, k->act == ACT_LEFT ? -1 : 1);
	reload(s, b);
	return SCR_HANDLED | SCR_REDRAW;
}

static const struct lscreen_ops b_ops = {
	.menu = menu, .chosen = chosen, .typed = typed, .yes = do_it,
	.no = cancel, .cancel = cancel, .key = day_key,
};

static int
b_key(struct screen *s, const struct key *k)
{
	struct blanks *b = s->priv;

	return lscreen_key(&b->l, s, &b_ops, k, b->n, LINES - 5);
}

const struct screen_ops blanks_screen = {
	.name = "blanks",
	.enter = b_enter,
	.leave = b_leave,
	.draw = b_draw,
	.key = b_key,
	.esc_closes = 1,
	.help = N_("Помощь: бланки строгой отчётности\n"
		   "Сверка за день по видам и сериям: остаток на начало, принято, использовано (на них напечатаны пропуска и приглашения), испорчено, остаток на конец; ниже — списанные за день с причиной. ←/→ — другой день.\n"
		   "F2 — принять бланки на учёт (вид, первый и последний номер) или списать испорченный бланк (номер и причина). Оба действия спрашивают подтверждение."),
};
