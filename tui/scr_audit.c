/* SPDX-License-Identifier: MIT */
/* The audit log for the auditor: who did what, when and from where, the
 * newest last, long lines wrapped; F7 filters by account or case; F2
 * verifies the log's hash chain, or gives its seal to write down (and,
 * for the journal, the journal's). Reading changes nothing but the audit
 * lines core writes for the reading. */
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "journal.h"
#include "screen.h"
#include "util.h"
#include "widgets.h"

struct aud {
	struct audit_row *v;
	size_t n;
	char who[64], kase[32];
	struct lscreen l;         /* its confirmation box only tells */
};

static const struct fkey a_keys[] = {
	{ACT_F2, N_("Действие")}, {ACT_F7, N_("Поиск")},
	{ACT_F10, N_("Выход")},
};

static void
reload(struct screen *s, struct aud *d)
{
	struct err e = {0};

	audit_rows_free(d->v, d->n);
	d->v = NULL;
	d->n = 0;
	if (audit_list(s->app->sess->store, &s->app->actor,
		       d->who[0] ? d->who : NULL, d->kase[0] ? d->kase : NULL,
		       NULL, NULL, &d->v, &d->n, &e) != ST_OK)
		app_status(s->app, 1, "%s", e.msg);
	d->l.ls.sel = d->n ? d->n - 1 : 0;   /* the newest */
}

static int
a_enter(struct screen *s, void *arg)
{
	struct aud *d = xcalloc(1, sizeof *d);

	(void)arg;
	s->priv = d;
	reload(s, d);
	return 0;
}

static void
a_leave(struct screen *s)
{
	struct aud *d = s->priv;

	audit_rows_free(d->v, d->n);
	lscreen_free(&d->l);
	free(d);
}

static void
a_line(struct screen *s, size_t i, char *buf, size_t size)
{
	const struct audit_row *r = &((struct aud *)s->priv)->v[i];

	snprintf(buf, size, "%.10s %.5s %-10s %-16s %s %s", r->at, r->at + 11,
		 r->login, r->action, r->object, r->detail ? r->detail : "");
}

static void
a_draw(struct screen *s, WINDOW *w)
{
	struct aud *d = s->priv;
	struct app *a = s->app;
	char title[200], line[600];

	if (d->who[0] || d->kase[0])
		snprintf(title, sizeof title, _("Журнал аудита: %s%s%s"),
			 d->who, d->who[0] && d->kase[0] ? ", дело " : d->kase[0]
				 ? "дело " : "", d->kase);
	else
		snprintf(title, sizeof title, "%s", _("Журнал аудита"));
	tui_header(a, w, title);
	if (!d->n)
		tui_text(w, 2, 2, _("Записей нет"), COLS - 2);
	lscreen_rows(&d->l, s, w, 2, LINES - 7, d->n, a_line);
	/* The selected line whole, with where it came from. */
	if (d->n) {
		const struct audit_row *r = &d->v[d->l.ls.sel];

		snprintf(line, sizeof line, _("№ %lld, %s, %s: %s %s — %s"), r->id,
			 r->at, r->origin, r->login, r->action,
			 r->detail ? r->detail : "");
		tui_para(w, LINES - 5, 0, line, COLS, 2);
	}
	lscreen_draw(&d->l, a, w, a_keys, 3);
}

static int
a_chosen(struct screen *s, const char *code)
{
	struct aud *d = s->priv;
	struct app *a = s->app;
	struct tui_progress tp;
	struct err e = {0};
	enum status st;
	char seal[AUDIT_SEAL_MAX];

	if (!strcmp(code, "verify")) {
		confirm_open(&d->l.confirm, _("Проверка журнала аудита"), NULL);
		st = audit_verify_as(a->sess->store, &a->actor,
				     tui_progress_start(&tp, a), &e);
		tui_progress_stop(&tp);
		if (st == ST_OK)
			confirm_line(&d->l.confirm, "%s",
				     _("Цепочка хешей цела: ни одна строка не изменена и не удалена."));
		else if (st == ST_CANCELLED)
			confirm_line(&d->l.confirm, "%s",
				     _("Проверка прервана (Esc)."));
		else
			confirm_line(&d->l.confirm, _("НАРУШЕНО: %s"), e.msg);
	} else if (!strcmp(code, "seal")) {
		if (audit_seal(a->sess->store, &a->actor, seal, &e) != ST_OK) {
			app_status(a, 1, "%s", e.msg);
			return SCR_HANDLED | SCR_REDRAW;
		}
		confirm_open(&d->l.confirm, _("Печать журнала аудита"), NULL);
		confirm_line(&d->l.confirm, _("Печать: %s"), seal);
		confirm_line(&d->l.confirm, "%s",
			     _("Запишите её в бумажный журнал проверок: по ней позже видно, что строки до неё не удалены и не переписаны."));
	} else {
		struct journal_verify v;
		long long office = a->actor.office_id;

		memset(&v, 0, sizeof v);
		confirm_open(&d->l.confirm, _("Проверка журнала подразделения"),
			     NULL);
		st = journal_verify(a->sess->store, &a->actor, office, 0, &v,
				    tui_progress_start(&tp, a), &e);
		tui_progress_stop(&tp);
		if (st == ST_OK)
			confirm_line(&d->l.confirm, _("Журнал цел: проверено строк %lld."), v.lines);
		else if (st == ST_CANCELLED)
			confirm_line(&d->l.confirm, "%s",
				     _("Проверка прервана (Esc)."));
		else
			confirm_line(&d->l.confirm, _("НАРУШЕНО: %s"), e.msg);
	}
	reload(s, d);
	return SCR_HANDLED | SCR_REDRAW;
}

/* F7: a number is a case; anything else an account; nothing, all. */
static int
a_typed(struct screen *s, const char *txt)
{
	struct aud *d = s->priv;
	char *end;

	d->who[0] = d->kase[0] = '\0';
	if (*txt && (strtoll(txt, &end, 10), !*end))
		snprintf(d->kase, sizeof d->kase, "%s", txt);
	else
		snprintf(d->who, sizeof d->who, "%s", txt);
	reload(s, d);
	return SCR_HANDLED | SCR_REDRAW;
}

static size_t
a_menu(struct screen *s, const char **title)
{
	struct lscreen *l = &((struct aud *)s->priv)->l;

	lscreen_item(l, 0, _("Проверить цепочку журнала аудита"), "verify");
	lscreen_item(l, 1, _("Печать журнала аудита (записать)"), "seal");
	lscreen_item(l, 2, _("Проверить журнал подразделения"), "journal");
	*title = _("Аудит: действие");
	return 3;
}

/* F7: whose lines, or which case's. */
static int
a_find(struct screen *s, const struct key *k)
{
	struct aud *d = s->priv;

	if (k->act != ACT_FIND)
		return 0;
	input_open(&d->l.in, _("Учётная запись или номер дела (пусто — все):"), NULL);
	return SCR_HANDLED | SCR_REDRAW;
}

static const struct lscreen_ops a_ops = {
	.menu = a_menu, .chosen = a_chosen, .typed = a_typed, .key = a_find,
};

static int
a_key(struct screen *s, const struct key *k)
{
	struct aud *d = s->priv;

	return lscreen_key(&d->l, s, &a_ops, k, d->n, LINES - 7);
}

const struct screen_ops audit_screen = {
	.name = "audit",
	.enter = a_enter,
	.leave = a_leave,
	.draw = a_draw,
	.key = a_key,
	.esc_closes = 1,
	.personal = 1,
	.help = N_("Помощь: журнал аудита\n"
		   "Кто, что, когда и откуда сделал, новые строки внизу; выбранная строка — целиком под списком.\n"
		   "F7 — только одна учётная запись или одно дело (номер дела); пусто — все.\n"
		   "F2 — проверить цепочку хешей журнала аудита, дать печать журнала аудита (её записывают в бумажный журнал), проверить журнал подразделения."),
};
