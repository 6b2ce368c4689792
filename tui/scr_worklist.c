/* SPDX-License-Identifier: MIT */
/* Worklists: my cases, due today, overdue, waiting for the records check,
 * waiting for the chief's decision (a records hit marked as such), ready
 * for hand-out; each with its count, the cases sorted by due date, named
 * by their journal numbers with the book's mark, the selected case's
 * service named in full above the list; Enter opens the case.
 * The lists come from case_list (core decides what the account may
 * see); the electronic cases waiting for intake come from portal_list.
 * They are read again when the screen comes back and on Ctrl-L. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "cases.h"
#include "catalog.h"
#include "clock.h"
#include "date.h"
#include "portal.h"
#include "widgets.h"
#include "screen.h"
#include "util.h"

enum wl { WL_MINE, WL_TODAY, WL_OVERDUE, WL_CHECK, WL_DECIDE, WL_HANDOUT,
	  WL_PORTAL, WL__COUNT };

static const char *const wl_title[WL__COUNT] = {
	N_("Мои дела"), N_("Срок сегодня"), N_("Просрочены"),
	N_("Ждут проверки"), N_("Ждут решения"), N_("К выдаче"),
	N_("С портала"),
};

struct wlist {
	struct case_row *rows[WL__COUNT]; /* the first fetched[] of the list */
	size_t n[WL__COUNT];              /* how many the list holds */
	size_t fetched[WL__COUNT];
	int cur;
	struct lscroll ls;
	int stale;
	long long open_id;
};

static const struct fkey wl_keys[] = {
	{ACT_F10, N_("Выход")},
};

static int
list_rows(void)
{
	return LINES - 9; /* rows 6 .. LINES-4 */
}

/* The filter of list l (not WL_PORTAL) for account a; today holds the
 * day it names. */
static void
list_filter(const struct actor *a, enum wl l, struct case_filter *f,
	    const char *today)
{
	memset(f, 0, sizeof *f);
	switch (l) {
	case WL_MINE:
		f->created_by = a->id;
		f->open_only = 1;
		break;
	case WL_TODAY:
		f->due_on = today;
		f->open_only = 1;
		break;
	case WL_OVERDUE:
		f->overdue = 1;
		break;
	case WL_CHECK:
		f->state = "accepted";
		break;
	case WL_DECIDE:
		f->state = "checked";
		f->state_or = "hit";
		break;
	case WL_HANDOUT:
		f->state = "issued";
		f->state_or = "refused";
		break;
	default:
		break;
	}
}

/* The first want cases of list l, sorted by due date (the database's
 * order); the rest are read when the list is scrolled to them, so the
 * first page of a region's thousands of cases costs one page. */
static void
fetch(struct screen *s, struct wlist *w, enum wl l, size_t want)
{
	struct app *a = s->app;
	struct case_filter f;
	struct case_row *r = NULL;
	struct err e = {0};
	char today[DATE_SIZE];
	size_t n = 0;

	if (l == WL_PORTAL || want <= w->fetched[l])
		return;
	date_format_iso(clock_today(), today);
	list_filter(&a->actor, l, &f, today);
	f.limit = want > (size_t)INT_MAX ? INT_MAX : (int)want;
	if (case_list(a->sess->store, &a->actor, &f, &r, &n, &e) != ST_OK) {
		app_status(a, 1, "%s", e.msg);
		return;
	}
	free(w->rows[l]);
	w->rows[l] = r;
	w->fetched[l] = n;
	/* The list may have changed since it was counted: fewer than asked
	 * is all of it; more than counted, at least that many. */
	if (n < want || n > w->n[l])
		w->n[l] = n;
}

/* Enough of the list on screen read: what the page shows, and the
 * selected case, plus a page ahead. */
static void
fetch_shown(struct screen *s, struct wlist *w)
{
	size_t need = w->ls.top + (size_t)list_rows();

	if (w->ls.sel + 1 > need)
		need = w->ls.sel + 1;
	if (need > w->n[w->cur])
		need = w->n[w->cur];
	if (need > w->fetched[w->cur])
		fetch(s, w, w->cur, need + (size_t)list_rows() +
			  w->fetched[w->cur]);
}

/* The electronic cases still in draft (waiting for intake). */
static void
fetch_portal(struct screen *s, struct wlist *w)
{
	struct app *a = s->app;
	struct portal_row *r = NULL;
	struct err e = {0};
	size_t n = 0, i;

	if (!role_allows(a->actor.roles, PERM_CASE_INTAKE))
		return;
	if (portal_list(a->sess->store, &a->actor, 1, &r, &n, &e) != ST_OK) {
		app_status(a, 1, "%s", e.msg);
		return;
	}
	if (n)
		w->rows[WL_PORTAL] = xcalloc(n, sizeof *w->rows[WL_PORTAL]);
	for (i = 0; i < n; i++) {
		struct case_row *c = &w->rows[WL_PORTAL][i];

		c->id = r[i].case_id;
		snprintf(c->service, sizeof c->service, "%s", "registration");
		snprintf(c->state, sizeof c->state, "%s", r[i].state);
		snprintf(c->name, sizeof c->name, "%s", r[i].name);
		snprintf(c->channel, sizeof c->channel, "%s", "electronic");
	}
	w->n[WL_PORTAL] = n;
	w->fetched[WL_PORTAL] = n;
	free(r);
}

/* Every list's count, and the current list's first cases. */
static void
reload(struct screen *s, struct wlist *w)
{
	struct app *a = s->app;
	struct case_filter f;
	struct err e = {0};
	char today[DATE_SIZE];
	int l;

	for (l = 0; l < WL__COUNT; l++) {
		free(w->rows[l]);
		w->rows[l] = NULL;
		w->n[l] = 0;
		w->fetched[l] = 0;
	}
	date_format_iso(clock_today(), today);
	for (l = 0; l < WL_PORTAL; l++) {
		list_filter(&a->actor, (enum wl)l, &f, today);
		if (case_count(a->sess->store, &a->actor, &f, &w->n[l], &e) !=
		    ST_OK) {
			app_status(a, 1, "%s", e.msg);
			break;
		}
	}
	fetch_portal(s, w);
	lscroll_fit(&w->ls, w->n[w->cur], list_rows());
	fetch_shown(s, w);
	w->stale = 0;
}

/* The list the account's role works from first. */
static int
first_list(const struct actor *a)
{
	if (role_allows(a->roles, PERM_RECORDS_CHECK))
		return WL_CHECK;
	if (role_allows(a->roles, PERM_DECIDE) ||
	    role_allows(a->roles, PERM_SIGN))
		return WL_DECIDE;
	return WL_MINE;
}

static int
wl_enter(struct screen *s, void *arg)
{
	struct wlist *w = xcalloc(1, sizeof *w);

	(void)arg;
	s->priv = w;
	w->cur = first_list(&s->app->actor);
	reload(s, w);
	return 0;
}

static void
wl_leave(struct screen *s)
{
	struct wlist *w = s->priv;
	int l;

	for (l = 0; l < WL__COUNT; l++)
		free(w->rows[l]);
	free(w);
}


static void
wl_draw(struct screen *s, WINDOW *win)
{
	struct wlist *w = s->priv;
	struct app *a = s->app;
	/* An account of a region works on every office's cases: the office's
	 * code stands before the applicant. */
	int regional = !a->actor.office_id, xo = 26;
	int l, x, y, rows = list_rows(), xn = regional ? 35 : 26;
	char buf[320], due[16];
	size_t i;

	/* Back from a case: its state may have moved it between lists. */
	if (w->stale)
		reload(s, w);
	tui_header(a, win, _("Списки дел"));
	for (l = 0; l < WL__COUNT; l++) {
		snprintf(buf, sizeof buf, "%d %s (%zu)", l + 1, _(wl_title[l]),
			 w->n[l]);
		x = (l % 3) * 26;
		y = 2 + l / 3;
		if (l == w->cur)
			wattron(win, A_REVERSE);
		tui_text(win, y, x, buf, COLS - x > 25 ? 25 : COLS - x);
		if (l == w->cur)
			wattroff(win, A_REVERSE);
	}
	wattron(win, A_BOLD);
	tui_text(win, 5, 2, _("Номер"), 12);
	tui_text(win, 5, 14, _("Срок"), 10);
	if (regional)
		tui_text(win, 5, xo, _("Подразд."), xn - xo - 1);
	tui_text(win, 5, xn, _("Заявитель"), COLS - xn);
	wattroff(win, A_BOLD);
	a->cur_y = -1;
	if (!w->n[w->cur])
		tui_text(win, 6, 2, _("Дел нет"), COLS - 2);
	lscroll_fit(&w->ls, w->n[w->cur], rows);
	fetch_shown(s, w);
	for (i = w->ls.top; i < w->fetched[w->cur] &&
	     i < w->ls.top + (size_t)rows; i++) {
		const struct case_row *r = &w->rows[w->cur][i];
		const char *mark = case_book_mark(r->service);
		char num[40];
		int xm;

		y = 6 + (int)(i - w->ls.top);
		if (r->journal_no)
			snprintf(num, sizeof num, "%s-%d/%d", mark, r->journal_no,
				 r->journal_year);
		else
			snprintf(num, sizeof num, "%s", _("черновик"));
		due[0] = '\0';
		if (r->due_date[0])
			date_iso_to_ru(r->due_date, due);
		if (i == w->ls.sel)
			lscreen_mark(a, win, y);
		tui_text(win, y, 2, num, 12);
		tui_text(win, y, 14, due, 10);
		if (regional)
			tui_text(win, y, xo, r->office_code, xn - xo - 1);
		xm = xn + tui_text(win, y, xn, r->name, COLS - xn);
		/* What the list alone does not say. */
		if (!strcmp(r->state, "hit"))
			tui_text(win, y, xm + 1, _("· совпадение по спецучётам"),
				 COLS - xm - 1);
		else if (!strcmp(r->channel, "electronic"))
			tui_text(win, y, xm + 1, _("· с портала"), COLS - xm - 1);
	}
	/* The selected case's service, by its whole name: the number's
	 * mark alone names only the book. */
	if (w->ls.sel < w->fetched[w->cur]) {
		const struct service *sv =
			catalog_find(w->rows[w->cur][w->ls.sel].service);

		if (sv) {
			snprintf(buf, sizeof buf, _("Услуга: %s"),
				 tui_kk() && sv->short_kk ? sv->short_kk
							 : sv->short_ru);
			tui_para(win, 4, xn, buf, COLS - xn, 1);
		}
	}
	status_draw(a, win, wl_keys, sizeof wl_keys / sizeof *wl_keys);
}

static int
wl_key(struct screen *s, const struct key *k)
{
	struct wlist *w = s->priv;
	struct app *a = s->app;
	size_t n = w->n[w->cur];

	lscroll_fit(&w->ls, n, list_rows());
	if (lscroll_key(&w->ls, k) != LS_NONE)
		return SCR_HANDLED | SCR_REDRAW;
	switch (k->act) {
	case ACT_LEFT:
	case ACT_BTAB:
		w->cur = (w->cur + WL__COUNT - 1) % WL__COUNT;
		memset(&w->ls, 0, sizeof w->ls);
		return SCR_HANDLED | SCR_REDRAW;
	case ACT_RIGHT:
	case ACT_TAB:
		w->cur = (w->cur + 1) % WL__COUNT;
		memset(&w->ls, 0, sizeof w->ls);
		return SCR_HANDLED | SCR_REDRAW;
	case ACT_CHAR:
		if (k->ch >= '1' && k->ch < '1' + WL__COUNT) {
			w->cur = (int)(k->ch - '1');
			memset(&w->ls, 0, sizeof w->ls);
			return SCR_HANDLED | SCR_REDRAW;
		}
		return SCR_HANDLED;
	case ACT_REFRESH:
		reload(s, w);
		return SCR_HANDLED | SCR_REDRAW;
	case ACT_ENTER:
		fetch_shown(s, w);
		if (w->ls.sel >= w->fetched[w->cur])
			return SCR_HANDLED;
		w->open_id = w->rows[w->cur][w->ls.sel].id;
		w->stale = 1;
		app_status_clear(a);
		a->push.ops = &case_screen;
		a->push.arg = &w->open_id;
		return SCR_PUSH | SCR_REDRAW;
	default:
		return 0;
	}
}

const struct screen_ops worklist_screen = {
	.name = "worklist",
	.enter = wl_enter,
	.leave = wl_leave,
	.draw = wl_draw,
	.key = wl_key,
	.esc_closes = 1,
	.personal = 1,
	.help = N_("Помощь: списки дел\n"
		   "Цифры 1–7 или Tab, ←/→ — список: мои дела, срок сегодня, просроченные, ждут проверки по спецучётам, ждут решения (совпадение по спецучётам отмечено), к выдаче, с портала. Дела — по сроку; у сотрудника УМП — с кодом подразделения. Номер — номер записи журнала с отметкой книги (РГ — регистрация, ПГ — приглашения, ПЗ — пропуска); услуга выбранного дела — над списком полностью.\n"
		   "↑/↓, PgUp/PgDn — выбрать, Enter — открыть дело. Ctrl-L — прочитать списки заново."),
};
