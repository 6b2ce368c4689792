/* SPDX-License-Identifier: MIT */
/* The queue at the inspector's window: F2 calls the next ticket (strict
 * first-come order, core/queue.c), which leads straight into intake of
 * the ticket's service; the called ticket's acts are numbered on the
 * screen (Enter the intake, recall, no-show, postpone, transfer to
 * another window, done: which links the case filed meanwhile; an
 * application accepted in the intake the call led into closes the ticket
 * by itself). No-show and done cannot be undone: they show what they will
 * do and wait for F2.
 * Cases are named by their journal numbers, never by internal ids. */
#include <stdlib.h>
#include <string.h>

#include "cases.h"
#include "catalog.h"
#include "queue.h"
#include "screen.h"
#include "util.h"
#include "widgets.h"

enum qact { QA_INTAKE, QA_RECALL, QA_NOSHOW, QA_POSTPONE, QA_TRANSFER,
	    QA_DONE, QA__COUNT };

static const char *const qact_text[QA__COUNT] = {
	N_("Приём документов (Enter)"), N_("Вызвать повторно"),
	N_("Заявитель не явился"), N_("Отложить в конец очереди"),
	N_("Передать в другое окно"), N_("Готово: заявитель обслужен"),
};

struct qscreen {
	struct queue_ticket cur;
	int have;                 /* a ticket is called to this window */
	int waiting;
	int stale;
	struct pick pick;
	int picking;
	struct pick_item items[8];
	struct winput in;
	struct wconfirm confirm;
	enum qact pending;
	struct intake_arg arg;
};

static const struct fkey q_keys[] = {
	{ACT_F2, N_("Вызвать")}, {ACT_F10, N_("Выход")},
};
static const struct fkey cancel_keys[] = {
	{ACT_F10, N_("Отмена")},
};
static const struct fkey confirm_keys[] = {
	{ACT_F2, N_("Да")}, {ACT_F10, N_("Отмена")},
};

static void
q_reload(struct screen *s, struct qscreen *q)
{
	struct app *a = s->app;
	struct queue_board b;

	q->have = queue_current(a->sess->store, &a->actor, &q->cur, NULL) ==
		  ST_OK;
	q->waiting = queue_board_get(a->sess->store, a->actor.office_id, 1, &b,
				     NULL) == ST_OK
			     ? b.waiting
			     : 0;
	q->stale = 0;
}

static int
q_enter(struct screen *s, void *arg)
{
	struct qscreen *q = xcalloc(1, sizeof *q);
	struct app *a = s->app;

	(void)arg;
	if (!a->window_no) {
		app_status(a, 1, "%s",
			   _("Вы не закреплены за окном приёма: очередь недоступна"));
		free(q);
		return -1;
	}
	s->priv = q;
	q_reload(s, q);
	return 0;
}

static void
q_leave(struct screen *s)
{
	struct qscreen *q = s->priv;

	pick_close(&q->pick);
	input_free(&q->in);
	free(q);
}

static const char *
svc_name(const struct service *sv)
{
	return tui_kk() && sv->short_kk ? sv->short_kk : sv->short_ru;
}

static void
q_draw(struct screen *s, WINDOW *w)
{
	struct qscreen *q = s->priv;
	struct app *a = s->app;
	char buf[256], lbl[16];
	int i;

	if (q->stale)
		q_reload(s, q);
	tui_header(a, w, _("Электронная очередь"));
	if (q->have) {
		const struct service *sv = catalog_find(q->cur.service);

		queue_ticket_label(&q->cur, lbl, sizeof lbl);
		wattron(w, A_BOLD);
		snprintf(buf, sizeof buf, _("Талон %s у окна %d"), lbl,
			 a->window_no);
		tui_text(w, 3, 2, buf, COLS - 2);
		wattroff(w, A_BOLD);
		snprintf(buf, sizeof buf, _("Услуга: %s"),
			 sv ? svc_name(sv) : _("не указана"));
		tui_text(w, 4, 2, buf, COLS - 2);
		snprintf(buf, sizeof buf, _("Вызовов: %d"), q->cur.calls);
		tui_text(w, 5, 2, buf, COLS - 2);
		for (i = 0; i < QA__COUNT; i++) {
			snprintf(buf, sizeof buf, "%d. %s", i + 1,
				 _(qact_text[i]));
			tui_text(w, 10 + i, 2, buf, COLS - 2);
		}
	} else {
		tui_text(w, 3, 2, _("Талон не вызван: F2 — вызвать следующего"),
			 COLS - 2);
	}
	snprintf(buf, sizeof buf, _("Ожидают в очереди: %d"), q->waiting);
	tui_text(w, 7, 2, buf, COLS - 2);
	a->cur_y = -1;
	if (q->confirm.open) {
		confirm_draw(&q->confirm, a, w);
		status_draw(a, w, confirm_keys, 2);
	} else if (q->picking) {
		pick_draw(&q->pick, a, w);
		status_draw(a, w, cancel_keys, 1);
	} else if (q->in.open) {
		status_draw(a, w, cancel_keys, 1);
		input_draw(&q->in, a, w, LINES - 3);
	} else {
		status_draw(a, w, q_keys, sizeof q_keys / sizeof *q_keys);
	}
}

static int
push_intake(struct screen *s, struct qscreen *q, const char *service)
{
	struct app *a = s->app;

	q->stale = 1;
	q->arg.service = service;
	q->arg.draft_id = 0;
	a->push.ops = &intake_screen;
	a->push.arg = &q->arg;
	return SCR_PUSH | SCR_REDRAW;
}

/* Into intake of the ticket's service (a pick-list when it has none). */
static int
to_intake(struct screen *s, struct qscreen *q)
{
	struct app *a = s->app;
	const struct service *sv = catalog_find(q->cur.service);
	size_t i, n;
	const struct service *all = catalog_all(&n);

	if (!role_allows(a->actor.roles, PERM_CASE_INTAKE))
		return SCR_HANDLED | SCR_REDRAW;
	if (sv)
		return push_intake(s, q, sv->code);
	for (i = 0; i < n && i < 8; i++) {
		q->items[i].label = svc_name(&all[i]);
		q->items[i].code = all[i].code;
		q->items[i].also = all[i].short_ru;
	}
	pick_open(&q->pick, _("Услуга"), q->items, i, NULL);
	q->picking = 1;
	return SCR_HANDLED | SCR_REDRAW;
}

/* "РГ-3/2026" for the case linked to a ticket. */
static void
case_label(struct screen *s, long long id, char *out, size_t n)
{
	struct case_rec c;

	out[0] = '\0';
	if (case_get(s->app->sess->store, &s->app->actor, id, &c, NULL) ==
	    ST_OK) {
		case_ref(&c, out, n);
		case_rec_free(&c);
	}
}

static int
act(struct screen *s, struct qscreen *q, enum queue_op op, int arg)
{
	static const char *const done[] = {
		[QOP_RECALL] = N_("Талон %s вызван повторно"),
		[QOP_NOSHOW] = N_("Талон %s: заявитель не явился"),
		[QOP_POSTPONE] = N_("Талон %s отложен в конец очереди"),
		[QOP_TRANSFER] = N_("Талон %s передан в окно %d"),
	};
	struct app *a = s->app;
	struct queue_ticket t;
	struct err e = {0};
	char lbl[16];

	if (queue_act(a->sess->store, &a->actor, op, arg, &t, &e) != ST_OK) {
		app_status(a, 1, "%s", e.msg);
	} else {
		queue_ticket_label(&t, lbl, sizeof lbl);
		app_status(a, 0, _(done[op]), lbl, arg);
	}
	q_reload(s, q);
	return SCR_HANDLED | SCR_REDRAW;
}

static int
finish(struct screen *s, struct qscreen *q)
{
	struct app *a = s->app;
	struct queue_ticket t;
	struct err e = {0};
	long long cid = 0;
	char lbl[16], ref[40];

	if (queue_finish(a->sess->store, &a->actor, 0, &cid, &t, &e) != ST_OK) {
		app_status(a, 1, "%s", e.msg);
	} else {
		queue_ticket_label(&t, lbl, sizeof lbl);
		case_label(s, cid, ref, sizeof ref);
		if (cid && ref[0])
			app_status(a, 0, _("Талон %s обслужен, дело %s"), lbl,
				   ref);
		else
			app_status(a, 0, _("Талон %s обслужен"), lbl);
	}
	q_reload(s, q);
	return SCR_HANDLED | SCR_REDRAW;
}

static int
ask_confirm(struct qscreen *q, enum qact what)
{
	char lbl[16];

	queue_ticket_label(&q->cur, lbl, sizeof lbl);
	q->pending = what;
	if (what == QA_NOSHOW) {
		confirm_open(&q->confirm, _("Заявитель не явился?"),
			     _("F2 — отметить неявку"));
		confirm_line(&q->confirm, _("Талон %s будет закрыт как неявка; вызвать его снова будет нельзя."),
			     lbl);
	} else {
		confirm_open(&q->confirm, _("Заявитель обслужен?"),
			     _("F2 — готово"));
		confirm_line(&q->confirm, _("Талон %s будет закрыт; дело, заведённое по нему в этом окне, связывается с талоном."),
			     lbl);
	}
	return SCR_HANDLED | SCR_REDRAW;
}

static int
do_act(struct screen *s, struct qscreen *q, enum qact what)
{
	struct app *a = s->app;

	if (!q->have) {
		app_status(a, 1, "%s", _("Талон не вызван: F2 — вызвать"));
		return SCR_HANDLED | SCR_REDRAW;
	}
	switch (what) {
	case QA_INTAKE:
		return to_intake(s, q);
	case QA_RECALL:
		return act(s, q, QOP_RECALL, 0);
	case QA_POSTPONE:
		return act(s, q, QOP_POSTPONE, 0);
	case QA_TRANSFER:
		input_open(&q->in, _("Передать в окно №:"), NULL);
		return SCR_HANDLED | SCR_REDRAW;
	case QA_NOSHOW:
	case QA_DONE:
		return ask_confirm(q, what);
	default:
		return SCR_HANDLED;
	}
}

static int
q_key(struct screen *s, const struct key *k)
{
	struct qscreen *q = s->priv;
	struct app *a = s->app;
	struct queue_ticket t;
	struct err e = {0};
	char lbl[16];

	if (q->confirm.open) {
		int r = confirm_key(&q->confirm, k);

		if (r == CONFIRM_YES)
			return q->pending == QA_NOSHOW ? act(s, q, QOP_NOSHOW, 0)
						       : finish(s, q);
		return r == CONFIRM_NONE ? SCR_HANDLED : SCR_HANDLED | SCR_REDRAW;
	}
	if (q->picking) {
		switch (pick_key(&q->pick, k)) {
		case PICK_CHOSEN: {
			const char *code = pick_chosen(&q->pick)->code;

			pick_close(&q->pick);
			q->picking = 0;
			return push_intake(s, q, code); /* catalogue string */
		}
		case PICK_CANCEL:
			pick_close(&q->pick);
			q->picking = 0;
			return SCR_HANDLED | SCR_REDRAW;
		default:
			return SCR_HANDLED | SCR_REDRAW;
		}
	}
	if (q->in.open) {
		char *txt;
		int r = input_key(&q->in, k);

		if (r == INPUT_DONE) {
			txt = input_text(&q->in);
			r = act(s, q, QOP_TRANSFER, atoi(txt));
			free(txt);
			return r;
		}
		return SCR_HANDLED | SCR_REDRAW;
	}
	switch (k->act) {
	case ACT_SAVE:
		if (queue_call_next(a->sess->store, &a->actor, &t, &e) != ST_OK) {
			app_status(a, 1, "%s", e.msg);
			q_reload(s, q);
			return SCR_HANDLED | SCR_REDRAW;
		}
		queue_ticket_label(&t, lbl, sizeof lbl);
		app_status(a, 0, _("Вызван талон %s"), lbl);
		q_reload(s, q);
		return to_intake(s, q);
	case ACT_ENTER:
		return do_act(s, q, QA_INTAKE);
	case ACT_CHAR:
		if (k->ch >= '1' && k->ch < '1' + QA__COUNT)
			return do_act(s, q, (enum qact)(k->ch - '1'));
		return SCR_HANDLED;
	default:
		return 0;
	}
}

const struct screen_ops queue_screen = {
	.name = "queue",
	.enter = q_enter,
	.leave = q_leave,
	.draw = q_draw,
	.key = q_key,
	.esc_closes = 1,
	.help = N_("Помощь: электронная очередь\n"
		   "F2 — вызвать следующего по очереди: номер талона появляется на табло в зале и на экране приёма, и сразу открывается приём документов по услуге талона.\n"
		   "Для вызванного талона — цифры: 1 или Enter — приём документов, 2 — вызвать повторно, 3 — заявитель не явился, 4 — отложить в конец очереди, 5 — передать в другое окно, 6 — готово (дело, заведённое в окне, связывается с талоном). Неявка и «готово» спрашивают подтверждение. Документы, принятые по вызванному талону, закрывают его сами: талон обслужен и связан с делом, «готово» не нужно."),
};
