/* SPDX-License-Identifier: MIT */
/* The inspector's drafts: every intake not yet filed, newest first, with
 * the applicant, the form and how long ago it was kept. Enter resumes
 * one; F2 offers resume or discard, and discarding asks first. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "catalog.h"
#include "clock.h"
#include "draft.h"
#include "screen.h"
#include "util.h"
#include "widgets.h"

struct drafts {
	struct draft *v;
	size_t n;
	struct lscreen l;
	struct intake_arg arg;
	int stale;              /* back from intake: read the list again */
};

static const struct fkey d_keys[] = {
	{ACT_F2, N_("Действие")}, {ACT_F10, N_("Выход")},
};

static void
reload(struct screen *s, struct drafts *d)
{
	struct err e = {0};

	free(d->v);
	d->v = NULL;
	d->n = 0;
	if (draft_list(s->app->sess->store, &s->app->actor, &d->v, &d->n, &e) !=
	    ST_OK)
		app_status(s->app, 1, "%s", e.msg);
}

static int
d_enter(struct screen *s, void *arg)
{
	struct drafts *d = xcalloc(1, sizeof *d);

	(void)arg;
	s->priv = d;
	reload(s, d);
	return 0;
}

static void
d_leave(struct screen *s)
{
	struct drafts *d = s->priv;

	lscreen_free(&d->l);
	free(d->v);
	free(d);
}

/* "20.03.2026 10:05, 2 ч назад" */
static void
age(const char *at, char *out, size_t n)
{
	struct tm tm;
	long mins;

	memset(&tm, 0, sizeof tm);
	if (strlen(at) < 16 ||
	    sscanf(at, "%d-%d-%dT%d:%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
		   &tm.tm_hour, &tm.tm_min) != 5) {
		snprintf(out, n, "%s", at);
		return;
	}
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	tm.tm_isdst = -1;
	mins = (long)(clock_now() - mktime(&tm)) / 60;
	if (mins < 1)
		snprintf(out, n, _("%.2s.%.2s.%.4s %.5s, только что"), at + 8,
			 at + 5, at, at + 11);
	else if (mins < 60)
		snprintf(out, n, _("%.2s.%.2s.%.4s %.5s, %ld мин назад"), at + 8,
			 at + 5, at, at + 11, mins);
	else if (mins < 48 * 60)
		snprintf(out, n, _("%.2s.%.2s.%.4s %.5s, %ld ч назад"), at + 8,
			 at + 5, at, at + 11, mins / 60);
	else
		snprintf(out, n, _("%.2s.%.2s.%.4s %.5s, %ld дн. назад"), at + 8,
			 at + 5, at, at + 11, mins / (24 * 60));
}

static void
d_draw(struct screen *s, WINDOW *w)
{
	struct drafts *d = s->priv;
	struct app *a = s->app;
	int rows = (LINES - 7) / 2, y = 3;
	size_t i;

	if (d->stale) {
		reload(s, d);
		d->stale = 0;
	}
	tui_header(a, w, _("Черновики заявлений"));
	a->cur_y = -1;
	if (!d->n)
		tui_text(w, 3, 2, _("Черновиков нет"), COLS - 2);
	lscroll_fit(&d->l.ls, d->n, rows);
	for (i = d->l.ls.top; i < d->n && i < d->l.ls.top + (size_t)rows;
	     i++) {
		const struct service *sv = catalog_find(d->v[i].service);
		const struct form *f = formset_get(a->sess->forms,
						   d->v[i].form_id);
		char line[600], when[80];

		age(d->v[i].saved_at, when, sizeof when);
		snprintf(line, sizeof line, "%zu. %s — %s", i + 1,
			 d->v[i].applicant[0] ? d->v[i].applicant
					      : _("(заявитель не указан)"),
			 when);
		if (i == d->l.ls.sel)
			lscreen_mark(a, w, y);
		tui_text(w, y, 2, line, COLS - 2);
		/* The form only when the service has several. */
		snprintf(line, sizeof line, "   %s%s%s",
			 sv ? (tui_kk() && sv->short_kk ? sv->short_kk
							: sv->short_ru)
			    : d->v[i].service,
			 f && formset_for_service(a->sess->forms, d->v[i].service,
						  1) ? " · " : "",
			 f && formset_for_service(a->sess->forms, d->v[i].service,
						  1) ? wform_title(f) : "");
		tui_text(w, y + 1, 2, line, COLS - 2);
		y += 2;
	}
	lscreen_draw(&d->l, a, w, d->n ? d_keys : d_keys + 1, d->n ? 2 : 1);
}

static int
resume(struct screen *s, struct drafts *d)
{
	struct app *a = s->app;

	d->arg.service = NULL;
	d->arg.draft_id = d->v[d->l.ls.sel].id;
	d->stale = 1;
	app_status_clear(a);
	a->push.ops = &intake_screen;
	a->push.arg = &d->arg;
	return SCR_PUSH | SCR_REDRAW;
}

static void
ask_discard(struct drafts *d)
{
	const struct draft *x = &d->v[d->l.ls.sel];
	char when[80];

	age(x->saved_at, when, sizeof when);
	confirm_open(&d->l.confirm, _("Удалить черновик?"), _("F2 — удалить"));
	confirm_line(&d->l.confirm, _("Заявитель: %s"),
		     x->applicant[0] ? x->applicant : _("(не указан)"));
	confirm_line(&d->l.confirm, _("Сохранён: %s"), when);
	confirm_line(&d->l.confirm, "%s",
		     _("Всё, что в нём набрано, будет удалено."));
}

static int
d_chosen(struct screen *s, const char *code)
{
	struct drafts *d = s->priv;

	if (strcmp(code, "delete") == 0) {
		ask_discard(d);
		return SCR_HANDLED | SCR_REDRAW;
	}
	return resume(s, d);
}

/* F2 on the question: the draft discarded. */
static int
d_discard(struct screen *s)
{
	struct drafts *d = s->priv;
	struct app *a = s->app;
	struct err e = {0};

	if (draft_delete(a->sess->store, &a->actor, d->v[d->l.ls.sel].id,
			 &e) != ST_OK)
		app_status(a, 1, "%s", e.msg);
	else
		app_status(a, 0, "%s", _("Черновик удалён"));
	reload(s, d);
	return SCR_HANDLED | SCR_REDRAW;
}

static size_t
d_menu(struct screen *s, const char **title)
{
	struct drafts *d = s->priv;

	if (!d->n)
		return 0;
	lscreen_item(&d->l, 0, _("Продолжить заполнение"), "resume");
	lscreen_item(&d->l, 1, _("Удалить черновик"), "delete");
	*title = _("Черновик");
	return 2;
}

/* Enter resumes, Delete discards; Esc keeps the status line. */
static int
d_other_key(struct screen *s, const struct key *k)
{
	struct drafts *d = s->priv;

	switch (k->act) {
	case ACT_ENTER:
		return d->n ? resume(s, d) : SCR_HANDLED;
	case ACT_DELETE:
		if (d->n)
			ask_discard(d);
		return SCR_HANDLED | SCR_REDRAW;
	case ACT_ESC:
	case ACT_QUIT:
		return SCR_CLOSE | SCR_REDRAW;
	default:
		return SCR_HANDLED;
	}
}

static const struct lscreen_ops d_ops = {
	.menu = d_menu, .chosen = d_chosen, .yes = d_discard,
	.key = d_other_key,
};

static int
d_key(struct screen *s, const struct key *k)
{
	struct drafts *d = s->priv;

	return lscreen_key(&d->l, s, &d_ops, k, d->n, (LINES - 7) / 2);
}

const struct screen_ops drafts_screen = {
	.name = "drafts",
	.enter = d_enter,
	.leave = d_leave,
	.draw = d_draw,
	.key = d_key,
	.personal = 1,
	.help = N_("Помощь: черновики\n"
		   "Заявления, которые вы начали и не приняли и не вернули: по одному на каждого заявителя и форму, с тем, когда черновик сохранён. Черновик сохраняется сам, когда вы выходите из формы (Esc, F10), когда экран блокируется или связь обрывается, и по F6.\n"
		   "Enter — продолжить заполнение. F2 — продолжить или удалить; Delete — удалить. Удаление спрашивает подтверждение. Принятое или возвращённое заявление убирает только свой черновик."),
};
