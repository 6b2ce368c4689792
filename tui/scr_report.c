/* SPDX-License-Identifier: MIT */
/* Reports on screen: the office's day (←/→ another day, F2 the month so
 * far): cases accepted, issued, refused (by ground), returned and handed
 * out, by service; inspectors' workload; cases overdue and due soon; and
 * the queue's waiting and serving times per window and service. Built by
 * core (report_build); this screen only lays them out. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "clock.h"
#include "date.h"
#include "queue.h"
#include "report.h"
#include "screen.h"
#include "util.h"
#include "widgets.h"

struct rscreen {
	struct date day;
	int month;                /* the month up to day, not the day */
	struct report rep;        /* as core built it */
	int built;                /* rep holds a report */
	char failed[ERR_MSG_MAX];       /* why there is none */
	int cols;                 /* the width the lines were laid out for */
	char **lines;
	int *bold;
	size_t n;
	struct lscroll ls;
};

static const struct fkey r_keys[] = {
	{ACT_F2, N_("День/месяц")}, {ACT_F10, N_("Выход")},
};

static void
line(struct rscreen *r, int bold, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
push(struct rscreen *r, int bold, char *text)
{
	r->lines = xrealloc(r->lines, (r->n + 1) * sizeof *r->lines);
	r->bold = xrealloc(r->bold, (r->n + 1) * sizeof *r->bold);
	r->lines[r->n] = text;
	r->bold[r->n++] = bold;
}

/* One line of the report; one wider than the screen goes on over the
 * next lines, indented, rather than being cut. */
static void
line(struct rscreen *r, int bold, const char *fmt, ...)
{
	char buf[400];
	const char *p = buf;
	size_t off[2], len[2];
	va_list ap;
	int first = 1;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	for (;;) {
		int n = tui_wrap(p, first ? r->cols : r->cols - 4, 2, off, len);
		struct strbuf b = {0};

		sb_add(&b, first ? "" : "    ");
		sb_addn(&b, p + off[0], len[0]);
		push(r, bold, sb_take(&b));
		if (n < 2)
			break;
		p += off[1];
		first = 0;
	}
}

static void
r_clear(struct rscreen *r)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		free(r->lines[i]);
	free(r->lines);
	free(r->bold);
	r->lines = NULL;
	r->bold = NULL;
	r->n = 0;
	r->ls.top = 0;
}

/* A service's or a refusal ground's name in the kiosk's language: core
 * names them in Russian, the catalogue has the Kazakh. The key is the
 * service code, or "service ground" for a ground. */
static const char *
row_label(const struct report_row *row)
{
	const char *sp = strchr(row->key, ' ');
	const struct service *sv;
	const struct ground *g;
	char code[16];

	if (!tui_kk())
		return row->label;
	snprintf(code, sizeof code, "%.*s",
		 sp ? (int)(sp - row->key) : (int)strlen(row->key), row->key);
	if (!(sv = catalog_find(code)))
		return row->label;
	if (!sp)
		return sv->short_kk ? sv->short_kk : row->label;
	g = catalog_ground(sv, sp + 1);
	return g && g->kk ? g->kk : row->label;
}

/* A name in the first column, width cells wide, wrapped over as many
 * lines as it needs (never cut), and the numbers after it on its last
 * line, so that a count stays beside its whole name. */
static void
labelled(struct rscreen *r, const char *label, int width, const char *nums)
{
	size_t off[8], len[8];
	int n, i;

	n = tui_wrap(label, width, 8, off, len);
	for (i = 0; i < n; i++) {
		char *part = xstrndup(label + off[i], len[i]);
		char *l = utf8_pad(part, (size_t)width);

		line(r, 0, "  %s%s", l, i + 1 == n ? nums : "");
		free(l);
		free(part);
	}
}

static void
counts(struct rscreen *r, const struct report_row *row, const char *label)
{
	char nums[64];

	snprintf(nums, sizeof nums, " %7lld %7lld %7lld %7lld %7lld",
		 row->accepted, row->issued, row->refused, row->returned,
		 row->handed_out);
	labelled(r, label, 34, nums);
}

/* The report's lines for the screen's width (again after a resize). */
static void
layout(struct rscreen *r)
{
	const struct report *rep = &r->rep;
	const struct queue_stat *q;
	char ru[16], nums[64];
	size_t i, nq = 0;
	/* Names wrap within what the numbers leave of the row. */
	int wide = COLS - 2 - 8 > 20 ? COLS - 2 - 8 : 20;

	r_clear(r);
	r->cols = COLS;
	if (!r->built) {
		line(r, 0, "%s", r->failed);
		return;
	}
	line(r, 1, "%s", _("                                     Принято  Выдача   Отказ Возврат  Выдано"));
	counts(r, &rep->total, _("Всего"));
	for (i = 0; i < rep->nservice; i++)
		counts(r, &rep->by_service[i], row_label(&rep->by_service[i]));
	if (rep->ngrounds) {
		line(r, 1, "%s", _("Отказы по основаниям"));
		for (i = 0; i < rep->ngrounds; i++)
		{
			snprintf(nums, sizeof nums, " %7lld",
				 rep->grounds[i].refused);
			labelled(r, row_label(&rep->grounds[i]), wide, nums);
		}
	}
	if (rep->ninspectors) {
		line(r, 1, "%s", _("Нагрузка сотрудников: принято, выдано, в работе"));
		for (i = 0; i < rep->ninspectors; i++)
		{
			snprintf(nums, sizeof nums, " %7lld %7lld %7lld",
				 rep->inspectors[i].accepted,
				 rep->inspectors[i].handed_out,
				 rep->inspectors[i].open);
			labelled(r, rep->inspectors[i].label,
				 wide - 16 > 20 ? wide - 16 : 20, nums);
		}
	}
	line(r, 1, _("Просрочено: %zu; срок в ближайшие два рабочих дня: %zu"),
	     rep->noverdue, rep->ndue_soon);
	for (i = 0; i < rep->noverdue; i++) {
		date_iso_to_ru(rep->overdue[i].due_date, ru);
		line(r, 0, "  %-10s %-12s %s  %s", rep->overdue[i].number, ru,
		     rep->overdue[i].name, rep->overdue[i].inspector);
	}
	q = rep->queue;
	nq = rep->nqueue;
	if (nq) {
		line(r, 1, "%s", _("Очередь: окно, услуга, талонов, обслужено, неявок, ожидание ср./макс., приём ср. (мин)"));
		for (i = 0; i < nq; i++) {
			const struct service *sv = catalog_find(q[i].service);
			char w[16];

			if (i + 1 == nq)
				snprintf(w, sizeof w, "%s", _("Всего"));
			else
				snprintf(w, sizeof w, "%d", q[i].window_no);
			char *l = utf8_pad(i + 1 == nq ? ""
					   : sv ? (tui_kk() && sv->short_kk
							   ? sv->short_kk
							   : sv->short_ru)
						: "—",
					   22);

			char *wl = utf8_pad(w, 6);

			line(r, 0, "  %s %s %5lld %5lld %5lld %6.1f %6.1f %6.1f",
			     wl, l, q[i].tickets, q[i].served, q[i].noshow,
			     q[i].wait_avg / 60.0, q[i].wait_max / 60.0,
			     q[i].serve_avg / 60.0);
			free(wl);
			free(l);
		}
	}
}

static void
build(struct screen *s, struct rscreen *r)
{
	struct app *a = s->app;
	struct tui_progress tp;
	struct err e = {0};
	enum status st;
	char from[DATE_SIZE], to[DATE_SIZE];
	struct date f = r->day;

	if (r->built)
		report_free(&r->rep);
	r->built = 0;
	if (r->month)
		f.d = 1;
	date_format_iso(f, from);
	date_format_iso(r->day, to);
	/* A month of a big office takes a while: shown, and Esc stops it. */
	st = report_build(a->sess->store, &a->actor, a->sess->forms,
			  a->office.id, from, to, &r->rep,
			  tui_progress_start(&tp, a), &e);
	tui_progress_stop(&tp);
	if (st == ST_OK)
		r->built = 1;
	else
		snprintf(r->failed, sizeof r->failed, "%s",
			 st == ST_CANCELLED
				 ? _("Отменено — отчёт не составлен")
				 : e.msg);
	layout(r);
}

static int
r_enter(struct screen *s, void *arg)
{
	struct rscreen *r = xcalloc(1, sizeof *r);

	(void)arg;
	s->priv = r;
	r->ls.view = 1;
	r->day = clock_today();
	build(s, r);
	return 0;
}

static void
r_leave(struct screen *s)
{
	struct rscreen *r = s->priv;

	r_clear(r);
	if (r->built)
		report_free(&r->rep);
	free(r);
}

static void
r_draw(struct screen *s, WINDOW *w)
{
	struct rscreen *r = s->priv;
	struct app *a = s->app;
	char title[128], d[16], f[16];
	int rows = LINES - 5, i;
	struct date first = r->day;

	date_format_ru(r->day, d);
	first.d = 1;
	date_format_ru(first, f);
	if (r->month)
		snprintf(title, sizeof title, _("Отчёт за %s — %s (←/→ — другой день)"),
			 f, d);
	else
		snprintf(title, sizeof title, _("Отчёт за %s (←/→ — другой день)"), d);
	tui_header(a, w, title);
	if (r->cols != COLS)
		layout(r);
	lscroll_fit(&r->ls, r->n, rows);
	for (i = 0; i < rows && r->ls.top + (size_t)i < r->n; i++) {
		size_t k = r->ls.top + (size_t)i;

		if (r->bold[k])
			wattron(w, A_BOLD);
		tui_text(w, 2 + i, 0, r->lines[k], COLS);
		if (r->bold[k])
			wattroff(w, A_BOLD);
	}
	a->cur_y = -1;
	status_draw(a, w, r_keys, sizeof r_keys / sizeof *r_keys);
}

static int
r_key(struct screen *s, const struct key *k)
{
	struct rscreen *r = s->priv;

	lscroll_fit(&r->ls, r->n, LINES - 5);
	if (lscroll_key(&r->ls, k) != LS_NONE)
		return SCR_HANDLED | SCR_REDRAW;
	switch (k->act) {
	case ACT_LEFT:
	case ACT_RIGHT:
		r->day = date_add_days(r->day, k->act == ACT_LEFT ? -1 : 1);
		build(s, r);
		return SCR_HANDLED | SCR_REDRAW;
	case ACT_F2:
		r->month = !r->month;
		build(s, r);
		return SCR_HANDLED | SCR_REDRAW;
	default:
		return 0;
	}
}

const struct screen_ops report_screen = {
	.name = "report",
	.enter = r_enter,
	.leave = r_leave,
	.draw = r_draw,
	.key = r_key,
	.esc_closes = 1,
	.help = N_("Помощь: отчёты\n"
		   "Отчёт подразделения за день: принято, выдано, отказано (по основаниям), возвращено, выдано на руки — по услугам; нагрузка сотрудников; просроченные и с близким сроком; очередь по окнам и услугам.\n"
		   "←/→ — другой день; F2 — месяц до этого дня или день; ↑/↓, PgUp/PgDn — листать."),
};
