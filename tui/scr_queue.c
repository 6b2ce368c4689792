/* SPDX-License-Identifier: MIT */
/* The queue at the inspector's window: call the next ticket (strict
 * first-come order, core/queue.c), which leads straight into intake of the
 * ticket's service; recall, no-show, postpone, transfer to another window;
 * F8 finishes the ticket and links the case filed meanwhile to it. */
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "queue.h"
#include "screen.h"
#include "util.h"
#include "widgets.h"

struct qscreen {
	struct queue_ticket cur;
	int have;                 /* a ticket is called to this window */
	int waiting;
	int stale;
	struct pick pick;
	int picking;
	struct pick_item items[8];
	struct winput in;
};

static const struct fkey q_keys[] = {
	{ACT_F2, "Вызвать"},   {ACT_F3, "Повтор"},   {ACT_F4, "Неявка"},
	{ACT_F5, "Отложить"},  {ACT_F6, "Передать"}, {ACT_F7, "Приём"},
	{ACT_F8, "Готово"},    {ACT_F10, "Выход"},
};

static const struct fkey cancel_keys[] = {
	{ACT_F10, "Отмена"},
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
			   _("Вы не закреплены за окном приёма: очередь "
			     "недоступна"));
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

	if (q->picking)
		pick_close(&q->pick);
	free(q);
}

static void
q_draw(struct screen *s, WINDOW *w)
{
	struct qscreen *q = s->priv;
	struct app *a = s->app;
	char buf[256], lbl[16];

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
			 sv ? (tui_kk() && sv->short_kk ? sv->short_kk
						    : sv->short_ru)
			    : _("не указана"));
		tui_text(w, 4, 2, buf, COLS - 2);
		snprintf(buf, sizeof buf, _("Вызовов: %d"), q->cur.calls);
		tui_text(w, 5, 2, buf, COLS - 2);
	} else {
		tui_text(w, 3, 2, _("Талон не вызван"), COLS - 2);
	}
	snprintf(buf, sizeof buf, _("Ожидают в очереди: %d"), q->waiting);
	tui_text(w, 7, 2, buf, COLS - 2);
	a->cur_y = -1;
	if (q->picking) {
		pick_draw(&q->pick, a, w);
		status_draw(a, w, cancel_keys, 1);
	} else if (q->in.open) {
		input_draw(&q->in, a, w, LINES - 3);
		status_draw(a, w, cancel_keys, 1);
	} else {
		status_draw(a, w, q_keys, sizeof q_keys / sizeof *q_keys);
	}
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
	if (sv) {
		q->stale = 1;
		a->push.ops = &intake_screen;
		a->push.arg = (void *)sv->code;
		return SCR_PUSH | SCR_REDRAW;
	}
	for (i = 0; i < n && i < 8; i++) {
		q->items[i].label = tui_kk() && all[i].short_kk
					    ? all[i].short_kk
					    : all[i].short_ru;
		q->items[i].code = all[i].code;
		q->items[i].fold = NULL;
	}
	pick_open(&q->pick, _("Услуга"), q->items, i, NULL);
	q->picking = 1;
	return SCR_HANDLED | SCR_REDRAW;
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
q_key(struct screen *s, const struct key *k)
{
	struct qscreen *q = s->priv;
	struct app *a = s->app;
	struct queue_ticket t;
	struct err e = {0};
	char lbl[16];

	if (q->picking) {
		switch (pick_key(&q->pick, k)) {
		case PICK_CHOSEN: {
			const char *code = pick_chosen(&q->pick)->code;

			pick_close(&q->pick);
			q->picking = 0;
			q->stale = 1;
			a->push.ops = &intake_screen;
			a->push.arg = (void *)code; /* catalogue string */
			return SCR_PUSH | SCR_REDRAW;
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
	case ACT_F2:
		if (queue_call_next(a->sess->store, &a->actor, &t, &e) != ST_OK) {
			app_status(a, 1, "%s", e.msg);
			q_reload(s, q);
			return SCR_HANDLED | SCR_REDRAW;
		}
		queue_ticket_label(&t, lbl, sizeof lbl);
		app_status(a, 0, _("Вызван талон %s"), lbl);
		q_reload(s, q);
		return to_intake(s, q);
	case ACT_F3:
		return act(s, q, QOP_RECALL, 0);
	case ACT_F4:
		return act(s, q, QOP_NOSHOW, 0);
	case ACT_F5:
		return act(s, q, QOP_POSTPONE, 0);
	case ACT_F6:
		if (!q->have) {
			app_status(a, 1, "%s", _("Талон не вызван"));
			return SCR_HANDLED | SCR_REDRAW;
		}
		input_open(&q->in, _("Передать в окно №:"), NULL);
		return SCR_HANDLED | SCR_REDRAW;
	case ACT_F7:
	case ACT_ENTER:
		if (!q->have) {
			app_status(a, 1, "%s", _("Талон не вызван"));
			return SCR_HANDLED | SCR_REDRAW;
		}
		return to_intake(s, q);
	case ACT_F8: {
		long long cid = 0;

		if (queue_finish(a->sess->store, &a->actor, 0, &cid, &t, &e) !=
		    ST_OK) {
			app_status(a, 1, "%s", e.msg);
		} else {
			queue_ticket_label(&t, lbl, sizeof lbl);
			if (cid)
				app_status(a, 0,
					   _("Талон %s обслужен, дело %lld"),
					   lbl, cid);
			else
				app_status(a, 0, _("Талон %s обслужен"), lbl);
		}
		q_reload(s, q);
		return SCR_HANDLED | SCR_REDRAW;
	}
	case ACT_QUIT:
	case ACT_ESC:
		app_status_clear(a);
		return SCR_CLOSE;
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
};
