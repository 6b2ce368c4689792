/* SPDX-License-Identifier: MIT */
/* One case: its data (labels from its form, values as form_value_display
 * gives them), the documents presented, its history (who, what, when) and
 * the actions the account may take now (core/case_actions.c): the records
 * check, the decision (issue, or refuse with a ground from the service's
 * list and a text), hand-out, printing any of its documents (file, lp or
 * the terminal's printer, the window's choice remembered) and correcting
 * a field (a new journal line, never an overwrite). */
#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "case_actions.h"
#include "cases.h"
#include "catalog.h"
#include "date.h"
#include "office.h"
#include "print.h"
#include "screen.h"
#include "util.h"
#include "widgets.h"

#define PICK_MAX 64
/* The Kazakh text of a form or catalogue item when the interface is in
 * Kazakh and the file gives one, else the Russian. */
#define TR(x) (tui_kk() && x##_kk ? x##_kk : x##_ru)
#define SHORT(sv) (tui_kk() && (sv)->short_kk ? (sv)->short_kk : (sv)->short_ru)
#define LINE_MAX_CHARS 400

enum cmode {
	CM_VIEW,
	CM_PICK_ACT,
	CM_PICK_GROUND,
	CM_PICK_DOC,
	CM_PICK_TARGET,
	CM_PICK_FIELD,
	CM_INPUT,
};

/* What the prompt is asking for. */
enum cask { ASK_REASON, ASK_RECIPIENT, ASK_PATH, ASK_LP, ASK_VALUE,
	    ASK_CORR_REASON, ASK_COSIGN_LOGIN, ASK_COSIGN_PW };

/* Four eyes at the window (issue 7): an act the account's own roles do not
 * grant (a decision, a correction, a reprint) waits here while the chief
 * logs in a second time on this terminal (account_cosign); the act is then
 * done, and recorded, as the chief's. */
enum pend { PEND_NONE, PEND_FIRE, PEND_PRINT, PEND_CORRECT };

struct cline {
	char *text;
	int bold;
};

struct cview {
	long long id;
	struct case_rec rec;
	int have;
	const struct form *f;
	const struct service *svc;
	struct cline *lines;
	size_t nlines, top;
	enum case_event acts[EV__COUNT];
	size_t nacts;
	int refused;

	enum cmode mode;
	enum cask ask;
	struct pick pick;
	struct pick_item items[PICK_MAX];
	char labels[PICK_MAX][160];
	size_t nitems;
	struct winput in;

	enum case_event ev;
	const char *ground;
	enum print_doc doc;
	const struct form_field *field;
	char *value;
	char printer[160];       /* the window's remembered choice */

	enum pend pend;          /* the act waiting for the chief */
	enum perm pend_perm;
	char *pend_text;         /* its reason, recipient or print target */
	enum print_target pend_target;
	char cosign_login[64];
};

static const struct fkey case_keys[] = {
	{ACT_F2, "Действие"}, {ACT_F3, "Печать"}, {ACT_F4, "Исправить"},
	{ACT_F10, "Выход"},
};

static const struct fkey pick_keys[] = {
	{ACT_F10, "Отмена"},
};

static int body_rows(void);

static void
add_line(struct cview *v, int bold, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
add_line(struct cview *v, int bold, const char *fmt, ...)
{
	char buf[LINE_MAX_CHARS];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	v->lines = xrealloc(v->lines, (v->nlines + 1) * sizeof *v->lines);
	v->lines[v->nlines].text = xstrdup(buf);
	v->lines[v->nlines].bold = bold;
	v->nlines++;
}

static void
free_lines(struct cview *v)
{
	size_t i;

	for (i = 0; i < v->nlines; i++)
		free(v->lines[i].text);
	free(v->lines);
	v->lines = NULL;
	v->nlines = 0;
}

static const char *
jstr(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));

	return s ? s : "";
}

/* "2026-03-20T10:00:00" -> "20.03.2026 10:00" */
static void
stamp_ru(const char *at, char *out, size_t n)
{
	if (strlen(at) >= 16)
		snprintf(out, n, "%.2s.%.2s.%.4s %.5s", at + 8, at + 5, at,
			 at + 11);
	else
		snprintf(out, n, "%s", at);
}

static const char *
event_ru(const char *code)
{
	enum case_event ev;

	if (workflow_event_parse(code, &ev) == 0)
		return _(workflow_event_ru(ev));
	if (strcmp(code, "print") == 0)
		return _("печать документа");
	if (strcmp(code, "reprint") == 0)
		return _("повторная печать");
	if (strcmp(code, "correct") == 0 || strcmp(code, "correction") == 0)
		return _("исправление записи");
	if (strcmp(code, "create") == 0 || strcmp(code, "new") == 0)
		return _("заявление заведено");
	return code;
}

/* Read the case, its history and what may be done now. */
static int
load(struct screen *s, struct cview *v)
{
	struct app *a = s->app;
	struct case_history *h = NULL;
	struct err e = {0};
	size_t nh = 0, i, k;
	char num[32], due[16], acc[32];

	if (v->have)
		case_rec_free(&v->rec);
	v->have = 0;
	free_lines(v);
	if (case_get(a->sess->store, &a->actor, v->id, &v->rec, &e) != ST_OK) {
		app_status(a, 1, "%s", e.msg);
		return -1;
	}
	v->have = 1;
	v->svc = catalog_find(v->rec.service);
	v->f = formset_get(a->sess->forms, v->rec.form_id);
	case_number(&v->rec, num, sizeof num);
	due[0] = acc[0] = '\0';
	if (v->rec.due_date[0])
		date_iso_to_ru(v->rec.due_date, due);
	if (v->rec.accepted_at[0])
		stamp_ru(v->rec.accepted_at, acc, sizeof acc);
	add_line(v, 0, _("Состояние: %s"), _(workflow_state_ru(v->rec.state)));
	add_line(v, 0, _("Принято: %s   Срок исполнения: %s"),
		 acc[0] ? acc : "—", due[0] ? due : "—");
	/* The data, section by section, as the form labels it. */
	if (v->f) {
		size_t sec = (size_t)-1;

		for (i = 0; i < v->f->nfields; i++) {
			const struct form_field *fl = &v->f->fields[i];
			const char *raw = jstr(v->rec.data, fl->key);
			char *shown;

			if (!*raw)
				continue;
			if (fl->section != sec && fl->section < v->f->nsections) {
				sec = fl->section;
				add_line(v, 1, "%s", TR(v->f->sections[sec].title));
			}
			shown = form_value_display(v->f, fl, raw);
			add_line(v, 0, "  %s: %s", TR(fl->label), shown);
			free(shown);
		}
		if (json_array_size(v->rec.documents)) {
			add_line(v, 1, "%s", _("Представленные документы"));
			for (k = 0; k < json_array_size(v->rec.documents); k++) {
				const char *key = json_string_value(
					json_array_get(v->rec.documents, k));
				const char *txt = key;

				for (i = 0; key && i < v->f->nchecklist; i++)
					if (strcmp(v->f->checklist[i].key, key) == 0)
						txt = TR(v->f->checklist[i].text);
				add_line(v, 0, "  [x] %s", txt ? txt : "");
			}
		}
	} else {
		const char *key;
		json_t *val;

		json_object_foreach(v->rec.data, key, val)
			add_line(v, 0, "  %s: %s", key,
				 json_string_value(val) ? json_string_value(val)
							: "");
	}
	v->refused = 0;
	if (case_history_get(a->sess->store, &a->actor, v->id, &h, &nh, &e) ==
	    ST_OK) {
		add_line(v, 1, "%s", _("История"));
		for (i = 0; i < nh; i++) {
			char when[32];
			const struct ground *g =
				h[i].ground[0] && v->svc
					? catalog_ground(v->svc, h[i].ground)
					: NULL;

			if (strcmp(h[i].event, "refuse") == 0)
				v->refused = 1;
			stamp_ru(h[i].at, when, sizeof when);
			add_line(v, 0, "  %s  %s — %s", when, event_ru(h[i].event),
				 h[i].full_name[0] ? h[i].full_name
						   : h[i].login);
			if (g)
				add_line(v, 0, _("      основание: %s"),
					 tui_kk() && g->kk ? g->kk : g->ru);
			if (h[i].reason && *h[i].reason)
				add_line(v, 0, "      %s", h[i].reason);
		}
		case_history_free(h, nh);
	}
	/* At the inspector's window the chief's decision on a checked case
	 * is offered too, to be signed there by the chief (four eyes); a
	 * refusal before the check stays at the chief's own terminal. */
	v->nacts = case_actions(&v->rec,
				(a->actor.roles & ROLE_INSPECTOR) &&
						(v->rec.state == CS_CHECKED ||
						 v->rec.state == CS_HIT)
					? a->actor.roles | ROLE_CHIEF
					: a->actor.roles,
				/* An electronic draft (from the portal) is
				 * taken in from here. */
				v->rec.state == CS_DRAFT &&
					!strcmp(v->rec.channel, "electronic"),
				v->acts);
	if (v->top >= v->nlines)
		v->top = 0;
	return 0;
}

static int
case_enter(struct screen *s, void *arg)
{
	struct cview *v = xcalloc(1, sizeof *v);

	s->priv = v;
	v->id = *(long long *)arg;
	if (load(s, v) != 0) {
		free(v);
		return -1;
	}
	return 0;
}

static void
case_leave(struct screen *s)
{
	struct cview *v = s->priv;

	if (v->mode != CM_VIEW && v->mode != CM_INPUT)
		pick_close(&v->pick);
	if (v->have)
		case_rec_free(&v->rec);
	free_lines(v);
	free(v->value);
	free(v->pend_text);
	free(v);
}

static int
body_rows(void)
{
	return LINES - 5; /* rows 2 .. LINES-4 */
}

static void
case_draw(struct screen *s, WINDOW *w)
{
	struct cview *v = s->priv;
	struct app *a = s->app;
	char title[256], num[32];
	int rows = body_rows(), i;

	case_number(&v->rec, num, sizeof num);
	snprintf(title, sizeof title, _("Дело %s · %s · %s %s"),
		 num[0] ? num : "—", v->svc ? SHORT(v->svc) : v->rec.service,
		 jstr(v->rec.data, "surname"), jstr(v->rec.data, "given_names"));
	tui_header(a, w, title);
	for (i = 0; i < rows && v->top + (size_t)i < v->nlines; i++) {
		const struct cline *l = &v->lines[v->top + (size_t)i];

		if (l->bold)
			wattron(w, A_BOLD);
		tui_text(w, 2 + i, 0, l->text, COLS);
		if (l->bold)
			wattroff(w, A_BOLD);
	}
	if (v->top + (size_t)rows < v->nlines)
		tui_text(w, LINES - 3, COLS - 12, _("PgDn — ещё"), 12);
	a->cur_y = -1;
	switch (v->mode) {
	case CM_VIEW:
		status_draw(a, w, case_keys, sizeof case_keys / sizeof *case_keys);
		break;
	case CM_INPUT:
		input_draw(&v->in, a, w, LINES - 3);
		status_draw(a, w, pick_keys, sizeof pick_keys / sizeof *pick_keys);
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
	v->items[v->nitems].fold = NULL;
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

static int fire_as(struct screen *s, struct cview *v, const struct actor *who,
		   const char *text);

static int
fire(struct screen *s, struct cview *v, const char *text)
{
	enum perm p = event_perm(v, v->ev);

	if (p != PERM__COUNT && !role_allows(s->app->actor.roles, p))
		return cosign_ask(v, PEND_FIRE, p, text);
	return fire_as(s, v, &s->app->actor, text);
}

static int
fire_as(struct screen *s, struct cview *v, const struct actor *who,
	const char *text)
{
	struct app *a = s->app;
	struct case_act act = {0};
	struct err e = {0};

	act.event = v->ev;
	act.ground = v->ground;
	if (v->ev == EV_HAND_OUT)
		act.recipient = text;
	else
		act.reason = text;
	if (case_fire(a->sess->store, who, a->sess->forms, v->id, &act,
		      &e) != ST_OK) {
		app_status(a, 1, "%s", e.msg);
	} else {
		app_status(a, 0, _("Сделано: %s"), _(workflow_event_ru(v->ev)));
		load(s, v);
		/* Show the end of the history: the line just written. */
		if (v->nlines > (size_t)body_rows())
			v->top = v->nlines - (size_t)body_rows();
	}
	v->mode = CM_VIEW;
	return SCR_HANDLED | SCR_REDRAW;
}

/* The action chosen: ask for what it needs, or fire it. */
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

		snprintf(who, sizeof who, "%s %s", jstr(v->rec.data, "surname"),
			 jstr(v->rec.data, "given_names"));
		return ask(v, ASK_RECIPIENT, _("Кому выдано:"), who);
	}
	if (needs & NEED_REASON)
		return ask(v, ASK_REASON,
			   ev == EV_CHECK_HIT ? _("Сведения о совпадении:")
					      : _("Обоснование:"),
			   NULL);
	return fire(s, v, NULL);
}

/* ---- printing ---- */

static void
remembered_printer(struct app *a, struct cview *v)
{
	struct window_info *w = NULL;
	size_t n = 0, i;

	v->printer[0] = '\0';
	if (!a->window_no ||
	    window_list(a->sess->store, a->actor.office_id, &w, &n, NULL) != ST_OK)
		return;
	for (i = 0; i < n; i++)
		if (w[i].number == a->window_no)
			snprintf(v->printer, sizeof v->printer, "%s", w[i].printer);
	free(w);
}

static int
do_print_as(struct screen *s, struct cview *v, const struct actor *who,
	    enum print_target t, const char *dest)
{
	struct app *a = s->app;
	struct print_req r = {.width = 80, .enc = ENC_UTF8};
	struct print_result res;
	struct err e = {0};
	char *tdir = xasprintf("%s/templates", a->sess->forms_dir);
	char choice[200];

	r.doc = v->doc;
	r.target = t;
	r.dest = dest;
	r.templates_dir = tdir;
	memset(&res, 0, sizeof res);
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
		print_result_free(&res);
		snprintf(choice, sizeof choice, "%s%s",
			 t == PT_FILE ? "file:" : t == PT_LP ? "lp:" : "terminal",
			 t == PT_TERMINAL ? "" : dest);
		if (a->window_no && strcmp(choice, v->printer) != 0)
			window_set_printer(a->sess->store, &a->actor,
					   a->actor.office_id, a->window_no,
					   choice, NULL);
		load(s, v);
	}
	free(tdir);
	v->mode = CM_VIEW;
	return SCR_HANDLED | SCR_REDRAW;
}

static int
do_print(struct screen *s, struct cview *v, enum print_target t,
	 const char *dest)
{
	return do_print_as(s, v, &s->app->actor, t, dest);
}

static int
print_menu(struct screen *s, struct cview *v)
{
	struct err e = {0};
	int d;

	v->nitems = 0;
	for (d = 0; d < PD__COUNT; d++)
		if (print_allowed(v->rec.service,
				  workflow_state_code(v->rec.state), v->refused,
				  (enum print_doc)d, &e) == ST_OK)
			item(v, _(print_doc_ru((enum print_doc)d)),
			     print_doc_code((enum print_doc)d));
	if (!v->nitems) {
		app_status(s->app, 1, "%s",
			   _("В этом состоянии дела печатать нечего"));
		return SCR_HANDLED | SCR_REDRAW;
	}
	return open_pick(v, CM_PICK_DOC, _("Какой документ печатать"));
}

static int
target_menu(struct screen *s, struct cview *v)
{
	remembered_printer(s->app, v);
	v->nitems = 0;
	item(v, _("В файл"), "file");
	item(v, _("На принтер (lp)"), "lp");
	item(v, _("На принтер терминала"), "terminal");
	open_pick(v, CM_PICK_TARGET, _("Куда печатать"));
	/* The window's choice first. */
	if (str_starts(v->printer, "lp:"))
		v->pick.sel = 1;
	else if (strcmp(v->printer, "terminal") == 0)
		v->pick.sel = 2;
	return SCR_HANDLED | SCR_REDRAW;
}

static int
chosen_target(struct screen *s, struct cview *v, const char *code)
{
	struct app *a = s->app;
	char def[300];

	if (strcmp(code, "terminal") == 0)
		return do_print(s, v, PT_TERMINAL, NULL);
	if (strcmp(code, "lp") == 0)
		return ask(v, ASK_LP, _("Принтер (очередь lp):"),
			   str_starts(v->printer, "lp:") ? v->printer + 3 : "");
	if (str_starts(v->printer, "file:")) {
		/* The remembered folder, a new file name. */
		const char *p = v->printer + 5, *slash = strrchr(p, '/');

		snprintf(def, sizeof def, "%.*s/okno-%lld-%s.txt",
			 slash ? (int)(slash - p) : 1, slash ? p : ".", v->id,
			 print_doc_code(v->doc));
	} else {
		const char *home = getenv("HOME");

		snprintf(def, sizeof def, "%s/okno-%lld-%s.txt",
			 home && *home ? home : ".", v->id,
			 print_doc_code(v->doc));
	}
	(void)a;
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
		item(v, TR(v->f->fields[i].label), v->f->fields[i].key);
	return open_pick(v, CM_PICK_FIELD, _("Какое поле исправить"));
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

	explicit_bzero(v->in.buf, sizeof v->in.buf);
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
			    v->pend_text[0] ? v->pend_text : NULL);
		break;
	case PEND_PRINT:
		r = do_print_as(s, v, &chief, v->pend_target,
				v->pend_text[0] ? v->pend_text : NULL);
		break;
	case PEND_CORRECT:
		if (case_correct(a->sess->store, &chief, a->sess->forms, v->id,
				 v->field->key, v->value, v->pend_text, &e) !=
		    ST_OK) {
			app_status(a, 1, "%s", e.msg);
		} else {
			app_status(a, 0, _("Исправлено: %s (запись в журнале)"),
				   TR(v->field->label));
			load(s, v);
		}
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
	struct err e = {0};
	int r = SCR_HANDLED | SCR_REDRAW;

	switch (v->ask) {
	case ASK_REASON:
	case ASK_RECIPIENT:
		r = fire(s, v, text);
		break;
	case ASK_PATH:
		r = do_print(s, v, PT_FILE, text);
		break;
	case ASK_LP:
		r = do_print(s, v, PT_LP, text);
		break;
	case ASK_VALUE:
		free(v->value);
		v->value = text;
		text = NULL;
		r = ask(v, ASK_CORR_REASON, _("Причина исправления:"), NULL);
		break;
	case ASK_CORR_REASON:
		if (!role_allows(a->actor.roles, PERM_CORRECT)) {
			r = cosign_ask(v, PEND_CORRECT, PERM_CORRECT, text);
			break;
		}
		if (case_correct(a->sess->store, &a->actor, a->sess->forms, v->id,
				 v->field->key, v->value, text, &e) != ST_OK) {
			app_status(a, 1, "%s", e.msg);
		} else {
			app_status(a, 0, _("Исправлено: %s (запись в журнале)"),
				   TR(v->field->label));
			load(s, v);
		}
		v->mode = CM_VIEW;
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

	pick_close(&v->pick);
	v->mode = CM_VIEW;
	switch (m) {
	case CM_PICK_ACT: {
		enum case_event ev;

		if (workflow_event_parse(code, &ev) == 0)
			return chosen_action(s, v, ev);
		break;
	}
	case CM_PICK_GROUND:
		v->ground = code; /* the catalogue's string: static */
		return ask(v, ASK_REASON, _("Обоснование отказа:"), NULL);
	case CM_PICK_DOC:
		if (print_doc_parse(code, &v->doc) == 0)
			return target_menu(s, v);
		break;
	case CM_PICK_TARGET:
		return chosen_target(s, v, code);
	case CM_PICK_FIELD:
		for (i = 0; i < v->f->nfields; i++)
			if (strcmp(v->f->fields[i].key, code) == 0)
				v->field = &v->f->fields[i];
		if (!v->field)
			break;
		return ask(v, ASK_VALUE, TR(v->field->label),
			   jstr(v->rec.data, v->field->key));
	default:
		break;
	}
	return SCR_HANDLED | SCR_REDRAW;
}

static int
case_key(struct screen *s, const struct key *k)
{
	struct cview *v = s->priv;
	struct app *a = s->app;
	int rows = body_rows();
	size_t i;

	if (v->mode == CM_INPUT) {
		switch (input_key(&v->in, k)) {
		case INPUT_DONE:
			return input_done(s, v);
		case INPUT_CANCEL:
			v->mode = CM_VIEW;
			app_status_clear(a);
			return SCR_HANDLED | SCR_REDRAW;
		default:
			return SCR_HANDLED | SCR_REDRAW;
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
	switch (k->act) {
	case ACT_UP:
		if (v->top > 0)
			v->top--;
		return SCR_HANDLED | SCR_REDRAW;
	case ACT_DOWN:
		if (v->top + (size_t)rows < v->nlines)
			v->top++;
		return SCR_HANDLED | SCR_REDRAW;
	case ACT_PGUP:
		v->top = v->top > (size_t)rows ? v->top - (size_t)rows : 0;
		return SCR_HANDLED | SCR_REDRAW;
	case ACT_PGDN:
		if (v->top + (size_t)rows < v->nlines)
			v->top += (size_t)rows;
		return SCR_HANDLED | SCR_REDRAW;
	case ACT_HOME:
		v->top = 0;
		return SCR_HANDLED | SCR_REDRAW;
	case ACT_F2:
		if (!v->nacts) {
			app_status(a, 1, "%s",
				   _("Сейчас вам здесь нечего делать: дело "
				     "ждёт другого сотрудника"));
			return SCR_HANDLED | SCR_REDRAW;
		}
		v->nitems = 0;
		for (i = 0; i < v->nacts; i++) {
			enum perm p = event_perm(v, v->acts[i]);
			char label[160];

			if (p != PERM__COUNT && !role_allows(a->actor.roles, p))
				snprintf(label, sizeof label, "%s %s",
					 _(workflow_event_ru(v->acts[i])),
					 _("(подпись начальника)"));
			else
				snprintf(label, sizeof label, "%s",
					 _(workflow_event_ru(v->acts[i])));
			item(v, label, workflow_event_code(v->acts[i]));
		}
		return open_pick(v, CM_PICK_ACT, _("Действие по делу"));
	case ACT_F3:
		return print_menu(s, v);
	case ACT_F4:
		v->field = NULL;
		return field_menu(s, v);
	case ACT_QUIT:
	case ACT_ESC:
		app_status_clear(a);
		return SCR_CLOSE;
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
	.personal = 1,
};
