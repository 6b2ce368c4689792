/* SPDX-License-Identifier: MIT */
/* One case: the lines scr_case_view.c reads from it (its data, the
 * documents presented, its history, for the records officer the
 * candidates the special records give, and the acts the account may take
 * now), long ones wrapped. F2 lists the acts: the records check, the
 * decision (issue, or refuse with a ground from the service's list and a
 * text), hand-out, correcting a field (a new journal line, never an
 * overwrite). Each act shows what it will do and waits for F2 before it
 * is done. F8 prints any of the case's documents (to the window's print
 * folder, lp or the terminal's printer; the window remembers where, and
 * files are never remembered, only their folder); after a hand-out the
 * document handed out is offered for printing. */
#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "case_actions.h"
#include "cases.h"
#include "catalog.h"
#include "date.h"
#include "office.h"
#include "print.h"
#include "printer.h"
#include "screen.h"
#include "util.h"
#include "clock.h"
#include "w_warn.h"
#include "scr_case.h"
#include "widgets.h"

#define SHORT(sv) (tui_kk() && (sv)->short_kk ? (sv)->short_kk : (sv)->short_ru)
#define CORRECT_CODE "correct"

static const struct fkey pick_keys[] = {
	{ACT_F10, N_("Отмена")},
};
static const struct fkey confirm_keys[] = {
	{ACT_F2, N_("Да")}, {ACT_F10, N_("Отмена")},
};

static int body_rows(void);

static int
case_enter(struct screen *s, void *arg)
{
	struct cview *v = xcalloc(1, sizeof *v);

	s->priv = v;
	v->id = *(long long *)arg;
	v->ls.view = 1;
	if (cview_load(s, v) != 0) {
		free(v);
		return -1;
	}
	return 0;
}

static void
case_leave(struct screen *s)
{
	struct cview *v = s->priv;

	pick_close(&v->pick);
	input_free(&v->in);
	if (v->have)
		case_rec_free(&v->rec);
	cview_lines_free(v);
	free(v->value);
	free(v->text);
	free(v->pend_text);
	wwarn_close(&v->warn);
	free(v->warn_text);
	free(v);
}

static int
body_rows(void)
{
	return LINES - 5; /* rows 2 .. LINES-4 */
}

/* Every line wrapped to the screen's width: rows of (line, offset). */
struct row {
	size_t line, off, len;
	int more;      /* a continuation row: indented */
};

static size_t
wrap_rows(const struct cview *v, struct row **out)
{
	struct row *r = NULL;
	size_t n = 0, cap = 0, i, off[16], len[16], rest;
	int k, cnt;

	for (i = 0; i < v->nlines; i++) {
		const struct cline *l = &v->lines[i];
		size_t tl = strlen(l->text);

		tui_wrap(l->text, COLS, 2, off, len);
		XGROW(r, n, cap);
		r[n++] = (struct row){i, off[0], len[0], 0};
		rest = off[0] + len[0];
		while (rest < tl && l->text[rest] == ' ')
			rest++;
		if (rest >= tl)
			continue;
		/* The rest, indented under the value. */
		cnt = tui_wrap(l->text + rest, COLS - l->indent, 16, off, len);
		for (k = 0; k < cnt; k++) {
			XGROW(r, n, cap);
			r[n++] = (struct row){i, rest + off[k], len[k], 1};
		}
	}
	*out = r;
	return n;
}

static void
case_draw(struct screen *s, WINDOW *w)
{
	struct cview *v = s->priv;
	struct app *a = s->app;
	char title[400];
	int rows = body_rows(), i, hy;
	struct row *r = NULL;
	size_t nr = wrap_rows(v, &r);

	snprintf(title, sizeof title, _("Дело %s · %s · %s %s"),
		 v->ref[0] ? v->ref : "—", v->svc ? SHORT(v->svc) : v->rec.service,
		 cview_str(v->rec.data, "surname"),
		 cview_str(v->rec.data, "given_names"));
	/* A title on two rows moves the text down one. */
	hy = 1 + tui_header(a, w, title);
	rows -= hy - 2;
	if (v->warn.open) {
		free(r);
		wwarn_draw(&v->warn, a, w, hy);
		return;
	}
	lscroll_fit(&v->ls, nr, rows);
	for (i = 0; i < rows && v->ls.top + (size_t)i < nr; i++) {
		const struct row *x = &r[v->ls.top + (size_t)i];
		const struct cline *l = &v->lines[x->line];
		int indent = x->more ? l->indent : 0;

		if (l->bold)
			wattron(w, A_BOLD);
		tui_textn(w, hy + i, indent, l->text + x->off, x->len,
			  COLS - indent);
		if (l->bold)
			wattroff(w, A_BOLD);
	}
	if (v->ls.top + (size_t)rows < nr)
		tui_text(w, LINES - 3, COLS - 12, _("↓ — ещё"), 12);
	free(r);
	a->cur_y = -1;
	switch (v->mode) {
	case CM_VIEW: {
		struct fkey bar[4];
		size_t n = 0;

		if (v->nacts || v->can_correct)
			bar[n++] = (struct fkey){ACT_F2, N_("Действие")};
		if (role_allows(a->actor.roles, PERM_PRINT))
			bar[n++] = (struct fkey){ACT_F8, N_("Печать")};
		bar[n++] = (struct fkey){ACT_F10, N_("Выход")};
		status_draw(a, w, bar, n);
		break;
	}
	case CM_INPUT:
		status_draw(a, w, pick_keys, sizeof pick_keys / sizeof *pick_keys);
		input_draw(&v->in, a, w, LINES - 3);
		break;
	case CM_CONFIRM:
		confirm_draw(&v->confirm, a, w);
		status_draw(a, w, confirm_keys, 2);
		break;
	default:
		pick_draw(&v->pick, a, w);
		status_draw(a, w, pick_keys, sizeof pick_keys / sizeof *pick_keys);
		break;
	}
}

static void
item(struct cview *v, const char *label, const char *code)
{
	if (v->nitems == PICK_MAX)
		return;
	snprintf(v->labels[v->nitems], sizeof v->labels[0], "%s", label);
	v->items[v->nitems].label = v->labels[v->nitems];
	v->items[v->nitems].code = code;
	v->items[v->nitems].also = NULL;
	v->nitems++;
}

static int
open_pick(struct cview *v, enum cmode mode, const char *title)
{
	pick_open(&v->pick, title, v->items, v->nitems, NULL);
	v->mode = mode;
	return SCR_HANDLED | SCR_REDRAW;
}

static int
ask(struct cview *v, enum cask what, const char *label, const char *initial)
{
	input_open(&v->in, label, initial);
	v->ask = what;
	v->mode = CM_INPUT;
	return SCR_HANDLED | SCR_REDRAW;
}

/* The permission an event of this case needs (PERM__COUNT when none). */
static enum perm
event_perm(const struct cview *v, enum case_event ev)
{
	const struct transition *t =
		workflow_find(v->rec.state, ev,
			      workflow_service_bit(v->rec.service));

	return t ? t->perm : PERM__COUNT;
}

/* Ask for the chief's login and password before the act p. text is kept
 * for the act (reason, recipient, print destination). */
static int
cosign_ask(struct cview *v, enum pend p, enum perm perm, const char *text)
{
	free(v->pend_text);
	v->pend_text = xstrdup(text ? text : "");
	v->pend = p;
	v->pend_perm = perm;
	return ask(v, ASK_COSIGN_LOGIN,
		   _("Подпись начальника — учётная запись:"), NULL);
}

static int print_menu(struct screen *s, struct cview *v, int after_hand_out);

static int
fire_as(struct screen *s, struct cview *v, const struct actor *who,
	const char *text, json_t *confirm)
{
	struct app *a = s->app;
	struct case_act act = {0};
	struct rule_findings found = {0};
	struct err e = {0};

	act.event = v->ev;
	act.ground = v->ground;
	if (v->ev == EV_HAND_OUT)
		act.recipient = text;
	else
		act.reason = text;
	act.confirm = confirm;
	act.findings = &found;
	v->mode = CM_VIEW;
	if (case_fire(a->sess->store, who, a->sess->forms, v->id, &act,
		      &e) != ST_OK) {
		if (wwarn_open(&v->warn, &found)) {
			/* Wait for the confirmation, as who. */
			v->warn_who = *who;
			free(v->warn_text);
			v->warn_text = xstrdup(text ? text : "");
			app_status(a, 1, "%s", _("Есть предупреждения: подтвердите их"));
		} else {
			app_status(a, 1, "%s", e.msg);
		}
		rule_findings_free(&found);
		return SCR_HANDLED | SCR_REDRAW;
	}
	rule_findings_free(&found);
	app_status(a, 0, _("Сделано: %s"), _(workflow_event_ru(v->ev)));
	cview_load(s, v);
	/* Show the end of the history: the line just written. */
	v->ls.top = (size_t)-1;
	if (v->ev == EV_HAND_OUT)
		return print_menu(s, v, 1);
	return SCR_HANDLED | SCR_REDRAW;
}

/* F2 in the confirmation: the act, or the chief's signature first. */
static int
fire(struct screen *s, struct cview *v)
{
	enum perm p = event_perm(v, v->ev);

	if (p != PERM__COUNT && !role_allows(s->app->actor.roles, p))
		return cosign_ask(v, PEND_FIRE, p, v->text);
	return fire_as(s, v, &s->app->actor, v->text, NULL);
}

/* What the act will do, on a screen of its own, before it is done. */
static int
confirm_act(struct screen *s, struct cview *v, const char *text)
{
	const struct transition *t =
		workflow_find(v->rec.state, v->ev,
			      workflow_service_bit(v->rec.service));
	char title[300], yes[120];

	free(v->text);
	v->text = text && *text ? xstrdup(text) : NULL;
	snprintf(title, sizeof title, "%s?", _(workflow_event_ru(v->ev)));
	snprintf(yes, sizeof yes, "%s", _("F2 — выполнить"));
	confirm_open(&v->confirm, title, yes);
	confirm_line(&v->confirm, _("Дело %s: %s %s, %s"),
		     v->ref[0] ? v->ref : "—",
		     cview_str(v->rec.data, "surname"),
		     cview_str(v->rec.data, "given_names"),
		     v->svc ? SHORT(v->svc) : v->rec.service);
	if (v->ground && v->svc) {
		const struct ground *g = catalog_ground(v->svc, v->ground);

		confirm_line(&v->confirm, _("Основание: %s"),
			     g ? (tui_kk() && g->kk ? g->kk : g->ru) : v->ground);
	}
	if (v->text)
		confirm_line(&v->confirm, "%s %s",
			     v->ev == EV_HAND_OUT ? _("Кому выдано:")
						  : _("Пояснение:"),
			     v->text);
	if (t)
		confirm_line(&v->confirm, _("Состояние станет: %s."),
			     _(workflow_state_ru(t->to)));
	if (t && t->journal)
		confirm_line(&v->confirm, "%s",
			     _("В журнал будет внесена строка; её нельзя удалить."));
	{
		enum perm p = event_perm(v, v->ev);

		if (p != PERM__COUNT && !role_allows(s->app->actor.roles, p))
			confirm_line(&v->confirm, "%s",
				     _("Нужна подпись начальника: после F2 — его учётная запись и пароль."));
	}
	v->confirm_correct = 0;
	v->mode = CM_CONFIRM;
	return SCR_HANDLED | SCR_REDRAW;
}

/* The action chosen: ask for what it needs, then confirm. */
static int
chosen_action(struct screen *s, struct cview *v, enum case_event ev)
{
	unsigned needs = case_action_needs(&v->rec, ev);
	size_t i;

	v->ev = ev;
	v->ground = NULL;
	if ((needs & NEED_GROUND) && v->svc) {
		v->nitems = 0;
		for (i = 0; i < v->svc->ngrounds; i++)
			item(v, tui_kk() && v->svc->grounds[i].kk
					? v->svc->grounds[i].kk
					: v->svc->grounds[i].ru,
			     v->svc->grounds[i].code);
		return open_pick(v, CM_PICK_GROUND, _("Основание отказа"));
	}
	if (needs & NEED_RECIPIENT) {
		char who[300];

		snprintf(who, sizeof who, "%s %s",
			 cview_str(v->rec.data, "surname"),
			 cview_str(v->rec.data, "given_names"));
		return ask(v, ASK_RECIPIENT, _("Кому выдано:"), who);
	}
	if (needs & NEED_REASON)
		return ask(v, ASK_REASON,
			   ev == EV_CHECK_HIT ? _("Сведения о совпадении:")
					      : _("Обоснование:"),
			   NULL);
	return confirm_act(s, v, NULL);
}

/* ---- printing ---- */

static int
do_print_as(struct screen *s, struct cview *v, const struct actor *who,
	    enum print_target t, const char *dest)
{
	struct app *a = s->app;
	struct print_req r = {.width = 80, .enc = ENC_UTF8};
	struct print_result res;
	struct err e = {0};
	char *tdir = xasprintf("%s/templates", a->sess->forms_dir);
	char choice[400], now[300];

	r.doc = v->doc;
	r.target = t;
	r.dest = dest;
	r.templates_dir = tdir;
	memset(&res, 0, sizeof res);
	v->mode = CM_VIEW;
	if (print_case(a->sess->store, who, a->sess->forms, v->id, &r, &res,
		       &e) != ST_OK) {
		if (e.st == ST_DENIED && strcmp(e.field, "reprint") == 0 &&
		    who == &a->actor) {
			/* A reprint: the chief signs it here. */
			free(tdir);
			v->pend_target = t;
			return cosign_ask(v, PEND_PRINT, PERM_REPRINT,
					  dest ? dest : "");
		}
		app_status(a, 1, "%s", e.msg);
	} else {
		app_status(a, 0, _("Напечатано: %s, %d экз.%s"),
			   _(print_doc_ru(v->doc)), res.copies,
			   res.reprint ? _(", ПОВТОРНО") : "");
		if (t == PT_FILE)     /* and where: the file's name */
			snprintf(a->status + strlen(a->status),
				 sizeof a->status - strlen(a->status), ": %s",
				 strrchr(dest, '/') ? strrchr(dest, '/') + 1
						    : dest);
		print_result_free(&res);
		/* The window remembers where it prints: a file's folder,
		 * never the file (the next document would overwrite it). */
		if (t == PT_FILE) {
			const char *slash = strrchr(dest, '/');

			snprintf(choice, sizeof choice, "file:%.*s/",
				 slash ? (int)(slash - dest) : 1,
				 slash ? dest : ".");
		} else {
			snprintf(choice, sizeof choice, "%s%s",
				 t == PT_LP ? "lp:" : "terminal",
				 t == PT_LP ? dest : "");
		}
		if (a->window_no && (!app_printer(a, now, sizeof now) ||
				     strcmp(choice, now) != 0) &&
		    window_set_printer(a->sess->store, &a->actor,
				       a->actor.office_id, a->window_no,
				       choice, &e) != ST_OK)
			app_status(a, 1, "%s", e.msg);
		cview_load(s, v);
	}
	free(tdir);
	return SCR_HANDLED | SCR_REDRAW;
}

static int
print_menu(struct screen *s, struct cview *v, int after_hand_out)
{
	struct err e = {0};
	int d;

	v->nitems = 0;
	for (d = 0; d < PD__COUNT; d++)
		if (print_allowed(v->rec.service,
				  workflow_state_code(v->rec.state), v->refused,
				  (enum print_doc)d, &e) == ST_OK &&
		    (!after_hand_out || d != PD_RECEIPT))
			item(v, _(print_doc_ru((enum print_doc)d)),
			     print_doc_code((enum print_doc)d));
	if (!v->nitems) {
		if (!after_hand_out)
			app_status(s->app, 1, "%s",
				   _("В этом состоянии дела печатать нечего"));
		return SCR_HANDLED | SCR_REDRAW;
	}
	return open_pick(v, CM_PICK_DOC,
			 after_hand_out
				 ? _("Напечатать выданный документ? (Esc — нет)")
				 : _("Какой документ печатать"));
}

static int
target_menu(struct screen *s, struct cview *v)
{
	char printer[300];

	app_printer(s->app, printer, sizeof printer);
	v->nitems = 0;
	item(v, _("В файл (папка печати окна)"), "file");
	item(v, _("На принтер (lp)"), "lp");
	item(v, _("На принтер терминала"), "terminal");
	open_pick(v, CM_PICK_TARGET, _("Куда печатать"));
	/* The window's choice first. */
	if (str_starts(printer, "lp:"))
		v->pick.ls.sel = 1;
	else if (strcmp(printer, "terminal") == 0)
		v->pick.ls.sel = 2;
	return SCR_HANDLED | SCR_REDRAW;
}

static int
chosen_target(struct screen *s, struct cview *v, const char *code)
{
	struct app *a = s->app;
	char def[600], dir[300], folder[310], name[120], printer[300];

	app_printer(a, printer, sizeof printer);
	if (strcmp(code, "terminal") == 0)
		return do_print_as(s, v, &a->actor, PT_TERMINAL, NULL);
	if (strcmp(code, "lp") == 0)
		return ask(v, ASK_LP, _("Принтер (очередь lp):"),
			   str_starts(printer, "lp:") ? printer + 3 : "");
	/* The window's print folder, a file named by the case's number
	 * (another name when that one is taken: a reprint never replaces
	 * the first print). */
	app_print_dir(a, dir, sizeof dir);
	/* A folder that cannot be made is named when the print is written. */
	(void)!printer_folder(dir, NULL);
	if (v->rec.journal_no > 0)
		snprintf(name, sizeof name, "%s-%d-%d-%s", v->rec.service,
			 v->rec.journal_no, v->rec.journal_year,
			 print_doc_code(v->doc));
	else
		snprintf(name, sizeof name, "return-%d-%d-%s", v->rec.return_no,
			 v->rec.return_year, print_doc_code(v->doc));
	snprintf(folder, sizeof folder, "%s/", dir);
	printer_free_name(folder, name, def, sizeof def);
	return ask(v, ASK_PATH, _("Файл:"), def);
}

/* ---- correction ---- */

static int
field_menu(struct screen *s, struct cview *v)
{
	size_t i;

	if (!v->f) {
		app_status(s->app, 1, "%s", _("Форма дела не найдена"));
		return SCR_HANDLED | SCR_REDRAW;
	}
	v->nitems = 0;
	for (i = 0; i < v->f->nfields && v->nitems < PICK_MAX; i++)
		item(v, wform_label(&v->f->fields[i]), v->f->fields[i].key);
	return open_pick(v, CM_PICK_FIELD, _("Какое поле исправить"));
}

static int
do_correct(struct screen *s, struct cview *v, const struct actor *who,
	   const char *reason)
{
	struct app *a = s->app;
	struct err e = {0};

	v->mode = CM_VIEW;
	if (case_correct(a->sess->store, who, a->sess->forms, v->id,
			 v->field->key, v->value, reason, &e) != ST_OK) {
		char *m = v->f ? wform_error_text(v->f, &e) : xstrdup(e.msg);

		app_status(a, 1, "%s", m);
		free(m);
	} else {
		app_status(a, 0, _("Исправлено: %s (запись в журнале)"),
			   wform_label(v->field));
		cview_load(s, v);
	}
	return SCR_HANDLED | SCR_REDRAW;
}

static int
confirm_correct(struct screen *s, struct cview *v, const char *reason)
{
	free(v->text);
	v->text = xstrdup(reason);
	confirm_open(&v->confirm, _("Исправить запись?"), _("F2 — исправить"));
	confirm_line(&v->confirm, _("Дело %s: %s"), v->ref,
		     wform_label(v->field));
	confirm_line(&v->confirm, _("Было: %s"), cview_str(v->rec.data,
						       v->field->key));
	confirm_line(&v->confirm, _("Станет: %s"), v->value);
	confirm_line(&v->confirm, _("Причина: %s"), reason);
	confirm_line(&v->confirm, "%s",
		     _("В журнал будет внесена строка исправления; прежняя запись остаётся."));
	if (!role_allows(s->app->actor.roles, PERM_CORRECT))
		confirm_line(&v->confirm, "%s",
			     _("Нужна подпись начальника: после F2 — его учётная запись и пароль."));
	v->confirm_correct = 1;
	v->mode = CM_CONFIRM;
	return SCR_HANDLED | SCR_REDRAW;
}

/* The chief's password typed: check it (core counts failures and locks
 * like a login) and do the waiting act as the chief. */
static int
cosigned(struct screen *s, struct cview *v, const char *pw)
{
	struct app *a = s->app;
	struct actor chief;
	struct err e = {0};
	enum pend p = v->pend;
	int r = SCR_HANDLED | SCR_REDRAW;

	input_free(&v->in);
	v->pend = PEND_NONE;
	v->mode = CM_VIEW;
	if (account_cosign(a->sess->store, &a->actor, v->cosign_login, pw,
			   v->pend_perm, &chief, &e) != ST_OK) {
		app_status(a, 1, "%s", e.msg);
		return r;
	}
	switch (p) {
	case PEND_FIRE:
		r = fire_as(s, v, &chief,
			    v->pend_text[0] ? v->pend_text : NULL, NULL);
		break;
	case PEND_PRINT:
		r = do_print_as(s, v, &chief, v->pend_target,
				v->pend_text[0] ? v->pend_text : NULL);
		break;
	case PEND_CORRECT:
		r = do_correct(s, v, &chief, v->pend_text);
		break;
	case PEND_NONE:
		break;
	}
	return r;
}

static int
input_done(struct screen *s, struct cview *v)
{
	struct app *a = s->app;
	char *text = input_text(&v->in);
	int r = SCR_HANDLED | SCR_REDRAW;

	switch (v->ask) {
	case ASK_REASON:
	case ASK_RECIPIENT:
		r = confirm_act(s, v, text);
		break;
	case ASK_PATH:
		r = do_print_as(s, v, &a->actor, PT_FILE, text);
		break;
	case ASK_LP:
		r = do_print_as(s, v, &a->actor, PT_LP, text);
		break;
	case ASK_VALUE:
		free(v->value);
		v->value = text;
		text = NULL;
		r = ask(v, ASK_CORR_REASON, _("Причина исправления:"), NULL);
		break;
	case ASK_CORR_REASON:
		r = confirm_correct(s, v, text);
		break;
	case ASK_COSIGN_LOGIN:
		snprintf(v->cosign_login, sizeof v->cosign_login, "%s", text);
		r = ask(v, ASK_COSIGN_PW, _("Подпись начальника — пароль:"),
			NULL);
		v->in.secret = 1;
		break;
	case ASK_COSIGN_PW:
		r = cosigned(s, v, text);
		explicit_bzero(text, strlen(text));
		break;
	}
	free(text);
	return r;
}

static int
pick_done(struct screen *s, struct cview *v, const struct pick_item *it)
{
	enum cmode m = v->mode;
	const char *code = it->code;
	size_t i;

	v->mode = CM_VIEW;
	switch (m) {
	case CM_PICK_ACT: {
		enum case_event ev;

		if (strcmp(code, CORRECT_CODE) == 0) {
			v->field = NULL;
			pick_close(&v->pick);
			return field_menu(s, v);
		}
		pick_close(&v->pick);
		if (workflow_event_parse(code, &ev) == 0)
			return chosen_action(s, v, ev);
		break;
	}
	case CM_PICK_GROUND:
		pick_close(&v->pick);
		v->ground = code; /* the catalogue's string: static */
		return ask(v, ASK_REASON, _("Обоснование отказа:"), NULL);
	case CM_PICK_DOC: {
		int ok = print_doc_parse(code, &v->doc) == 0;

		pick_close(&v->pick);
		if (ok)
			return target_menu(s, v);
		break;
	}
	case CM_PICK_TARGET: {
		char c[16];

		snprintf(c, sizeof c, "%s", code);
		pick_close(&v->pick);
		return chosen_target(s, v, c);
	}
	case CM_PICK_FIELD:
		for (i = 0; i < v->f->nfields; i++)
			if (strcmp(v->f->fields[i].key, code) == 0)
				v->field = &v->f->fields[i];
		pick_close(&v->pick);
		if (!v->field)
			break;
		return ask(v, ASK_VALUE, wform_label(v->field),
			   cview_str(v->rec.data, v->field->key));
	default:
		pick_close(&v->pick);
		break;
	}
	return SCR_HANDLED | SCR_REDRAW;
}

static int
act_menu(struct screen *s, struct cview *v)
{
	struct app *a = s->app;
	size_t i;

	if (!v->nacts && !v->can_correct) {
		app_status(a, 1, "%s",
			   _("Сейчас вам здесь нечего делать: дело ждёт другого сотрудника"));
		return SCR_HANDLED | SCR_REDRAW;
	}
	v->nitems = 0;
	for (i = 0; i < v->nacts; i++) {
		enum perm p = event_perm(v, v->acts[i]);
		char label[300];

		if (p != PERM__COUNT && !role_allows(a->actor.roles, p))
			snprintf(label, sizeof label, "%s %s",
				 _(workflow_event_ru(v->acts[i])),
				 _("(подпись начальника)"));
		else
			snprintf(label, sizeof label, "%s",
				 _(workflow_event_ru(v->acts[i])));
		item(v, label, workflow_event_code(v->acts[i]));
	}
	if (v->can_correct)
		item(v, role_allows(a->actor.roles, PERM_CORRECT)
				? _("исправить запись")
				: _("исправить запись (подпись начальника)"),
		     CORRECT_CODE);
	return open_pick(v, CM_PICK_ACT, _("Действие по делу"));
}

/* The list of warnings: F2 confirms them and repeats the act as the
 * account that tried it (the chief who signed at this window included);
 * F10 or Esc leaves the case as it was. */
static int
warn_key(struct screen *s, struct cview *v, const struct key *k)
{
	if (k->act == ACT_SAVE) {
		json_t *ids = wwarn_confirm(&v->warn);
		struct actor who = v->warn_who;
		char *text = v->warn_text;
		int r;

		v->warn_text = NULL;
		wwarn_close(&v->warn);
		app_status_clear(s->app);
		r = fire_as(s, v, &who, text && *text ? text : NULL, ids);
		json_decref(ids);
		free(text);
		return r;
	}
	if (k->act == ACT_F10 || k->act == ACT_ESC || k->act == ACT_QUIT) {
		wwarn_close(&v->warn);
		free(v->warn_text);
		v->warn_text = NULL;
		app_status(s->app, 0, "%s", _("Отменено: ничего не записано"));
		return SCR_HANDLED | SCR_REDRAW;
	}
	return SCR_HANDLED;
}

static int
case_key(struct screen *s, const struct key *k)
{
	struct cview *v = s->priv;
	struct app *a = s->app;

	if (v->warn.open)
		return warn_key(s, v, k);

	if (v->mode == CM_INPUT) {
		switch (input_key(&v->in, k)) {
		case INPUT_DONE:
			v->mode = CM_VIEW;
			return input_done(s, v);
		case INPUT_CANCEL:
			v->mode = CM_VIEW;
			v->pend = PEND_NONE;
			app_status_clear(a);
			return SCR_HANDLED | SCR_REDRAW;
		default:
			return SCR_HANDLED | SCR_REDRAW;
		}
	}
	if (v->mode == CM_CONFIRM) {
		switch (confirm_key(&v->confirm, k)) {
		case CONFIRM_YES:
			v->mode = CM_VIEW;
			if (v->confirm_correct)
				return role_allows(a->actor.roles, PERM_CORRECT)
					       ? do_correct(s, v, &a->actor,
							    v->text)
					       : cosign_ask(v, PEND_CORRECT,
							    PERM_CORRECT,
							    v->text);
			return fire(s, v);
		case CONFIRM_NO:
			v->mode = CM_VIEW;
			app_status(a, 0, "%s", _("Отменено: ничего не записано"));
			return SCR_HANDLED | SCR_REDRAW;
		default:
			return SCR_HANDLED;
		}
	}
	if (v->mode != CM_VIEW) {
		switch (pick_key(&v->pick, k)) {
		case PICK_CHOSEN:
			return pick_done(s, v, pick_chosen(&v->pick));
		case PICK_CANCEL:
			pick_close(&v->pick);
			v->mode = CM_VIEW;
			return SCR_HANDLED | SCR_REDRAW;
		default:
			return SCR_HANDLED | SCR_REDRAW;
		}
	}
	if (lscroll_key(&v->ls, k) != LS_NONE)
		return SCR_HANDLED | SCR_REDRAW;
	switch (k->act) {
	case ACT_SAVE:
		return act_menu(s, v);
	case ACT_PRINT:
		if (!role_allows(a->actor.roles, PERM_PRINT))
			return SCR_HANDLED;
		return print_menu(s, v, 0);
	default:
		return 0;
	}
}

const struct screen_ops case_screen = {
	.name = "case",
	.enter = case_enter,
	.leave = case_leave,
	.draw = case_draw,
	.key = case_key,
	.esc_closes = 1,
	.personal = 1,
	.help = N_("Помощь: дело\n"
		   "Сведения дела, представленные документы и история: кто, что и когда сделал. ↑/↓, PgUp/PgDn — листать.\n"
		   "F2 — действия, которые вам разрешены сейчас: проверка по спецучётам, решение, выдача, исправление записи. Каждое действие сначала показывает, что будет сделано, и выполняется только по F2; Esc — отмена. Решение и исправление у окна инспектора подписывает начальник своей учётной записью и паролем.\n"
		   "F8 — печать документов дела: в папку печати окна, на принтер lp или на принтер терминала; окно запоминает выбор. После выдачи сразу предлагается напечатать выданный документ.\n"
		   "Сотруднику спецучётов дело показывает похожие записи списка спецучётов с причинами сходства."),
};
