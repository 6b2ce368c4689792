/* SPDX-License-Identifier: MIT */
/* The exchange with ЕИС «Беркут» for the journal's operator: the office's
 * batches, newest first, with how many records each carried, when it was
 * sent and what the acknowledgement said. F2: write the next batch, or
 * the unacknowledged ones again, into the outbox folder; both ask first.
 * Acknowledgements are taken with `okno berkut ack FILE`. */
#include <stdlib.h>
#include <string.h>

#include "berkut.h"
#include "printer.h"
#include "screen.h"
#include "util.h"
#include "widgets.h"

struct bk {
	struct berkut_batch_info *v;
	size_t n;
	struct lscroll ls;
	struct pick pick;
	struct pick_item items[2];
	int picking;
	int resend;
	struct winput in;
	struct wconfirm confirm;
	char outbox[300];
};

static const struct fkey k_keys[] = {
	{ACT_F2, N_("Действие")}, {ACT_F10, N_("Выход")},
};
static const struct fkey cancel_keys[] = {
	{ACT_F10, N_("Отмена")},
};
static const struct fkey confirm_keys[] = {
	{ACT_F2, N_("Да")}, {ACT_F10, N_("Отмена")},
};

static void
reload(struct screen *s, struct bk *b)
{
	struct err e = {0};

	free(b->v);
	b->v = NULL;
	b->n = 0;
	if (berkut_list(s->app->sess->store, &s->app->actor, &b->v, &b->n,
			&e) != ST_OK)
		app_status(s->app, 1, "%s", e.msg);
}

static int
k_enter(struct screen *s, void *arg)
{
	struct bk *b = xcalloc(1, sizeof *b);
	char dir[sizeof b->outbox - 8];

	(void)arg;
	s->priv = b;
	session_files_dir(s->app->sess, dir, sizeof dir);
	snprintf(b->outbox, sizeof b->outbox, "%s/berkut", dir);
	reload(s, b);
	return 0;
}

static void
k_leave(struct screen *s)
{
	struct bk *b = s->priv;

	free(b->v);
	pick_close(&b->pick);
	input_free(&b->in);
	free(b);
}

static void
k_draw(struct screen *s, WINDOW *w)
{
	struct bk *b = s->priv;
	struct app *a = s->app;
	int rows = LINES - 6, y = 3;
	size_t i;

	tui_header(a, w, _("ЕИС «Беркут»: пакеты"));
	wattron(w, A_BOLD);
	tui_text(w, 2, 2, _("Пакет  Записей  Сформирован          Отправлен  Квитанция"), COLS - 2);
	wattroff(w, A_BOLD);
	a->cur_y = -1;
	if (!b->n)
		tui_text(w, 3, 2, _("Пакетов ещё не было"), COLS - 2);
	lscroll_fit(&b->ls, b->n, rows);
	for (i = b->ls.top; i < b->n && y < 3 + rows; i++, y++) {
		char line[300], ack[120];

		if (b->v[i].acked_at[0])
			snprintf(ack, sizeof ack, _("принято %d, отклонено %d"),
				 b->v[i].accepted, b->v[i].rejected);
		else
			snprintf(ack, sizeof ack, "%s", _("ждёт квитанции"));
		snprintf(line, sizeof line, _("%5d  %7d  %.16s  %5d раз  %s"),
			 b->v[i].no, b->v[i].count, b->v[i].created_at,
			 b->v[i].sent_count, ack);
		if (i == b->ls.sel) {
			mvwaddch(w, y, 0, '>');
			a->cur_y = y;
			a->cur_x = 0;
		}
		tui_text(w, y, 2, line, COLS - 2);
	}
	if (b->confirm.open) {
		confirm_draw(&b->confirm, a, w);
		status_draw(a, w, confirm_keys, 2);
	} else if (b->in.open) {
		status_draw(a, w, cancel_keys, 1);
		input_draw(&b->in, a, w, LINES - 3);
	} else {
		status_draw(a, w, k_keys, 2);
		if (b->picking)
			pick_draw(&b->pick, a, w);
	}
}

static int
send(struct screen *s, struct bk *b)
{
	struct app *a = s->app;
	struct berkut_batch_info info, *v = NULL;
	struct err e = {0};
	size_t n = 0;

	memset(&info, 0, sizeof info);
	/* A folder that cannot be made is named by the export itself. */
	(void)!printer_folder(b->outbox, NULL);
	if (b->resend) {
		if (berkut_resend(a->sess->store, &a->actor, b->outbox, 0, &v, &n,
				  &e) != ST_OK)
			app_status(a, 1, "%s", e.msg);
		else
			app_status(a, 0, _("Отправлено повторно пакетов: %zu"),
				   n);
		free(v);
	} else if (berkut_export(a->sess->store, &a->actor, b->outbox, &info,
				 &e) != ST_OK) {
		app_status(a, 1, "%s", e.msg);
	} else if (!info.no) {
		app_status(a, 0, "%s", _("Передавать нечего: новых записей нет"));
	} else {
		app_status(a, 0, _("Пакет %d: записей %d, файл %s/%s"), info.no,
			   info.count, b->outbox, info.file);
	}
	reload(s, b);
	return SCR_HANDLED | SCR_REDRAW;
}

static int
k_key(struct screen *s, const struct key *k)
{
	struct bk *b = s->priv;

	if (b->confirm.open) {
		int r = confirm_key(&b->confirm, k);

		if (r == CONFIRM_YES)
			return send(s, b);
		return r == CONFIRM_NONE ? SCR_HANDLED : SCR_HANDLED | SCR_REDRAW;
	}
	if (b->picking) {
		int r = pick_key(&b->pick, k);
		const struct pick_item *ch = pick_chosen(&b->pick);

		if (r == PICK_NONE)
			return SCR_HANDLED | SCR_REDRAW;
		b->resend = r == PICK_CHOSEN && ch && !strcmp(ch->code, "resend");
		pick_close(&b->pick);
		b->picking = 0;
		if (r == PICK_CHOSEN)
			input_open(&b->in, _("Папка для пакетов:"), b->outbox);
		return SCR_HANDLED | SCR_REDRAW;
	}
	if (b->in.open) {
		int r = input_key(&b->in, k);
		char *txt;

		if (r != INPUT_DONE)
			return SCR_HANDLED | SCR_REDRAW;
		txt = input_text(&b->in);
		if (*txt)
			snprintf(b->outbox, sizeof b->outbox, "%s", txt);
		free(txt);
		confirm_open(&b->confirm,
			     b->resend ? _("Отправить пакеты повторно?")
				       : _("Сформировать пакет?"),
			     _("F2 — сформировать"));
		confirm_line(&b->confirm, b->resend
			? _("Все пакеты без квитанции будут записаны в %s ещё раз, байт в байт.")
			: _("Следующий пакет: выданные регистрации, ещё не внесённые в «Беркут», и исправления после последней передачи. Файл будет записан в %s."),
			     b->outbox);
		return SCR_HANDLED | SCR_REDRAW;
	}
	lscroll_fit(&b->ls, b->n, LINES - 6);
	if (lscroll_key(&b->ls, k) != LS_NONE)
		return SCR_HANDLED | SCR_REDRAW;
	switch (k->act) {
	case ACT_SAVE:
		b->items[0].label = _("Сформировать следующий пакет");
		b->items[0].code = "export";
		b->items[1].label = _("Отправить неподтверждённые повторно");
		b->items[1].code = "resend";
		pick_open(&b->pick, _("«Беркут»: действие"), b->items, 2, NULL);
		b->picking = 1;
		return SCR_HANDLED | SCR_REDRAW;
	case ACT_ESC:
	case ACT_QUIT:
		app_status_clear(s->app);
		return SCR_CLOSE;
	default:
		return 0;
	}
}

const struct screen_ops berkut_screen = {
	.name = "berkut",
	.enter = k_enter,
	.leave = k_leave,
	.draw = k_draw,
	.key = k_key,
	.help = N_("Помощь: ЕИС «Беркут»\n"
		   "Пакеты сведений о регистрации, переданные в «Беркут»: номер, число записей, когда сформирован, сколько раз отправлен и что ответила квитанция.\n"
		   "F2 — сформировать следующий пакет (выданные регистрации, ещё не внесённые, и исправления) или отправить пакеты без квитанции повторно, байт в байт; папку можно сменить, действие спрашивает подтверждение. Квитанцию принимает команда okno berkut ack ФАЙЛ."),
};
