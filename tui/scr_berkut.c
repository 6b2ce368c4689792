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
	struct lscreen l;
	int resend;
	char outbox[300];
};

static const struct fkey k_keys[] = {
	{ACT_F2, N_("Действие")}, {ACT_F10, N_("Выход")},
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
	lscreen_free(&b->l);
	free(b);
}

static void
k_line(struct screen *s, size_t i, char *buf, size_t size)
{
	const struct berkut_batch_info *v = &((struct bk *)s->priv)->v[i];
	char ack[120];

	if (v->acked_at[0])
		snprintf(ack, sizeof ack, _("принято %d, отклонено %d"),
			 v->accepted, v->rejected);
	else
		snprintf(ack, sizeof ack, "%s", _("ждёт квитанции"));
	snprintf(buf, size, _("%5d  %7d  %.16s  %5d раз  %s"), v->no, v->count,
		 v->created_at, v->sent_count, ack);
}

static void
k_draw(struct screen *s, WINDOW *w)
{
	struct bk *b = s->priv;
	struct app *a = s->app;

	tui_header(a, w, _("ЕИС «Беркут»: пакеты"));
	wattron(w, A_BOLD);
	tui_text(w, 2, 2, _("Пакет  Записей  Сформирован          Отправлен  Квитанция"), COLS - 2);
	wattroff(w, A_BOLD);
	if (!b->n)
		tui_text(w, 3, 2, _("Пакетов ещё не было"), COLS - 2);
	lscreen_rows(&b->l, s, w, 3, LINES - 6, b->n, k_line);
	lscreen_draw(&b->l, a, w, k_keys, 2);
}

/* F2 on the confirmation: the batch written, or the unacknowledged ones
 * again. */
static int
send(struct screen *s)
{
	struct bk *b = s->priv;
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

/* An action chosen: first the folder, then the confirmation. */
static int
k_chosen(struct screen *s, const char *code)
{
	struct bk *b = s->priv;

	b->resend = !strcmp(code, "resend");
	input_open(&b->l.in, _("Папка для пакетов:"), b->outbox);
	return SCR_HANDLED | SCR_REDRAW;
}

static int
k_typed(struct screen *s, const char *txt)
{
	struct bk *b = s->priv;

	if (*txt)
		snprintf(b->outbox, sizeof b->outbox, "%s", txt);
	confirm_open(&b->l.confirm,
		     b->resend ? _("Отправить пакеты повторно?")
			       : _("Сформировать пакет?"),
		     _("F2 — сформировать"));
	confirm_line(&b->l.confirm, b->resend
		? _("Все пакеты без квитанции будут записаны в %s ещё раз, байт в байт.")
		: _("Следующий пакет: выданные регистрации, ещё не внесённые в «Беркут», и исправления после последней передачи. Файл будет записан в %s."),
		     b->outbox);
	return SCR_HANDLED | SCR_REDRAW;
}

static size_t
k_menu(struct screen *s, const char **title)
{
	struct lscreen *l = &((struct bk *)s->priv)->l;

	lscreen_item(l, 0, _("Сформировать следующий пакет"), "export");
	lscreen_item(l, 1, _("Отправить неподтверждённые повторно"), "resend");
	*title = _("«Беркут»: действие");
	return 2;
}

static const struct lscreen_ops k_ops = {
	.menu = k_menu, .chosen = k_chosen, .typed = k_typed, .yes = send,
};

static int
k_key(struct screen *s, const struct key *k)
{
	struct bk *b = s->priv;

	return lscreen_key(&b->l, s, &k_ops, k, b->n, LINES - 6);
}

const struct screen_ops berkut_screen = {
	.name = "berkut",
	.enter = k_enter,
	.leave = k_leave,
	.draw = k_draw,
	.key = k_key,
	.esc_closes = 1,
	.help = N_("Помощь: ЕИС «Беркут»\n"
		   "Пакеты сведений о регистрации, переданные в «Беркут»: номер, число записей, когда сформирован, сколько раз отправлен и что ответила квитанция.\n"
		   "F2 — сформировать следующий пакет (выданные регистрации, ещё не внесённые, и исправления) или отправить пакеты без квитанции повторно, байт в байт; папку можно сменить, действие спрашивает подтверждение. Квитанцию принимает команда okno berkut ack ФАЙЛ."),
};
