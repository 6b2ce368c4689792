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
	struct lscroll ls;
	struct pick pick;
	struct pick_item items[3];
	int picking;
	struct winput in;
	struct wconfirm info;
};

static const struct fkey a_keys[] = {
	{ACT_F2, N_("Действие")}, {ACT_F7, N_("Поиск")},
	{ACT_F10, N_("Выход")},
};
static const struct fkey cancel_keys[] = {
	{ACT_F10, N_("Отмена")},
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
	d->ls.sel = d->n ? d->n - 1 : 0;   /* the newest */
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
	pick_close(&d->pick);
	input_free(&d->in);
	free(d);
}

static void
a_draw(struct screen *s, WINDOW *w)
{
	struct aud *d = s->priv;
	struct app *a = s->app;
	char title[200], line[600];
	int rows = LINES - 7, y = 2;
	size_t i;

	if (d->who[0] || d->kase[0])
		snprintf(title, sizeof title, _("Журнал аудита: %s%s%s"),
			 d->who, d->who[0] && d->kase[0] ? ", дело " : d->kase[0]
				 ? "дело " : "", d->kase);
	else
		snprintf(title, sizeof title, "%s", _("Журнал аудита"));
	tui_header(a, w, title);
	a->cur_y = -1;
	if (!d->n)
		tui_text(w, 2, 2, _("Записей нет"), COLS - 2);
	lscroll_fit(&d->ls, d->n, rows);
	for (i = d->ls.top; i < d->n && y < 2 + rows; i++, y++) {
		const struct audit_row *r = &d->v[i];

		snprintf(line, sizeof line, "%.10s %.5s %-10s %-16s %s %s",
			 r->at, r->at + 11, r->login, r->action, r->object,
			 r->detail ? r->detail : "");
		if (i == d->ls.sel) {
			mvwaddch(w, y, 0, '>');
			a->cur_y = y;
			a->cur_x = 0;
		}
		tui_text(w, y, 2, line, COLS - 2);
	}
	/* The selected line whole, with where it came from. */
	if (d->n) {
		const struct audit_row *r = &d->v[d->ls.sel];

		snprintf(line, sizeof line, _("№ %lld, %s, %s: %s %s — %s"), r->id,
			 r->at, r->origin, r->login, r->action,
			 r->detail ? r->detail : "");
		tui_para(w, LINES - 5, 0, line, COLS, 2);
	}
	if (d->info.open) {
		confirm_draw(&d->info, a, w);
		status_draw(a, w, cancel_keys, 0);
	} else if (d->in.open) {
		status_draw(a, w, cancel_keys, 1);
		input_draw(&d->in, a, w, LINES - 3);
	} else {
		status_draw(a, w, a_keys, 3);
		if (d->picking)
			pick_draw(&d->pick, a, w);
	}
}

static void
act(struct screen *s, struct aud *d, const char *code)
{
	struct app *a = s->app;
	struct tui_progress tp;
	struct err e = {0};
	enum status st;
	char seal[AUDIT_SEAL_MAX];

	if (!strcmp(code, "verify")) {
		confirm_open(&d->info, _("Проверка журнала аудита"), NULL);
		st = audit_verify_as(a->sess->store, &a->actor,
				     tui_progress_start(&tp, a), &e);
		tui_progress_stop(&tp);
		if (st == ST_OK)
			confirm_line(&d->info, "%s",
				     _("Цепочка хешей цела: ни одна строка не изменена и не удалена."));
		else if (st == ST_CANCELLED)
			confirm_line(&d->info, "%s",
				     _("Проверка прервана (Esc)."));
		else
			confirm_line(&d->info, _("НАРУШЕНО: %s"), e.msg);
	} else if (!strcmp(code, "seal")) {
		if (audit_seal(a->sess->store, &a->actor, seal, &e) != ST_OK) {
			app_status(a, 1, "%s", e.msg);
			return;
		}
		confirm_open(&d->info, _("Печать журнала аудита"), NULL);
		confirm_line(&d->info, _("Печать: %s"), seal);
		confirm_line(&d->info, "%s",
			     _("Запишите её в бумажный журнал проверок: по ней позже видно, что строки до неё не удалены и не переписаны."));
	} else {
		struct journal_verify v;
		long long office = a->actor.office_id;

		memset(&v, 0, sizeof v);
		confirm_open(&d->info, _("Проверка журнала подразделения"),
			     NULL);
		st = journal_verify(a->sess->store, &a->actor, office, 0, &v,
				    tui_progress_start(&tp, a), &e);
		tui_progress_stop(&tp);
		if (st == ST_OK)
			confirm_line(&d->info, _("Журнал цел: проверено строк %lld."), v.lines);
		else if (st == ST_CANCELLED)
			confirm_line(&d->info, "%s",
				     _("Проверка прервана (Esc)."));
		else
			confirm_line(&d->info, _("НАРУШЕНО: %s"), e.msg);
	}
	reload(s, d);
}

static int
a_key(struct screen *s, const struct key *k)
{
	struct aud *d = s->priv;

	if (d->info.open) {
		confirm_key(&d->info, k);
		return SCR_HANDLED | SCR_REDRAW;
	}
	if (d->picking) {
		int r = pick_key(&d->pick, k);
		const struct pick_item *ch = pick_chosen(&d->pick);
		char code[16] = "";

		if (r == PICK_NONE)
			return SCR_HANDLED | SCR_REDRAW;
		if (r == PICK_CHOSEN && ch)
			snprintf(code, sizeof code, "%s", ch->code);
		pick_close(&d->pick);
		d->picking = 0;
		if (code[0])
			act(s, d, code);
		return SCR_HANDLED | SCR_REDRAW;
	}
	if (d->in.open) {
		int r = input_key(&d->in, k);
		char *txt, *end;

		if (r != INPUT_DONE)
			return SCR_HANDLED | SCR_REDRAW;
		txt = input_text(&d->in);
		d->who[0] = d->kase[0] = '\0';
		/* A number is a case; anything else an account. */
		if (*txt && (strtoll(txt, &end, 10), !*end))
			snprintf(d->kase, sizeof d->kase, "%s", txt);
		else
			snprintf(d->who, sizeof d->who, "%s", txt);
		free(txt);
		reload(s, d);
		return SCR_HANDLED | SCR_REDRAW;
	}
	lscroll_fit(&d->ls, d->n, LINES - 7);
	if (lscroll_key(&d->ls, k) != LS_NONE)
		return SCR_HANDLED | SCR_REDRAW;
	switch (k->act) {
	case ACT_SAVE:
		d->items[0].label = _("Проверить цепочку журнала аудита");
		d->items[0].code = "verify";
		d->items[1].label = _("Печать журнала аудита (записать)");
		d->items[1].code = "seal";
		d->items[2].label = _("Проверить журнал подразделения");
		d->items[2].code = "journal";
		pick_open(&d->pick, _("Аудит: действие"), d->items, 3, NULL);
		d->picking = 1;
		return SCR_HANDLED | SCR_REDRAW;
	case ACT_FIND:
		input_open(&d->in, _("Учётная запись или номер дела (пусто — все):"), NULL);
		return SCR_HANDLED | SCR_REDRAW;
	case ACT_ESC:
	case ACT_QUIT:
		app_status_clear(s->app);
		return SCR_CLOSE;
	default:
		return 0;
	}
}

const struct screen_ops audit_screen = {
	.name = "audit",
	.enter = a_enter,
	.leave = a_leave,
	.draw = a_draw,
	.key = a_key,
	.personal = 1,
	.help = N_("Помощь: журнал аудита\n"
		   "Кто, что, когда и откуда сделал, новые строки внизу; выбранная строка — целиком под списком.\n"
		   "F7 — только одна учётная запись или одно дело (номер дела); пусто — все.\n"
		   "F2 — проверить цепочку хешей журнала аудита, дать печать журнала аудита (её записывают в бумажный журнал), проверить журнал подразделения."),
};
