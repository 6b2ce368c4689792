/* SPDX-License-Identifier: MIT */
/* A list screen's selection and boxes: the rows with the selected one
 * marked, F2's action menu, the prompt and the confirmation, drawn and
 * keyed the same on every list screen; the screen says what they do. */
#include <stdlib.h>
#include <string.h>

#include "screen.h"
#include "widgets.h"

static const struct fkey cancel_keys[] = {
	{ACT_F10, N_("Отмена")},
};
static const struct fkey confirm_keys[] = {
	{ACT_F2, N_("Да")}, {ACT_F10, N_("Отмена")},
};

void
lscreen_mark(struct app *a, WINDOW *w, int y)
{
	mvwaddch(w, y, 0, '>');
	a->cur_y = y;
	a->cur_x = 0;
}

void
lscreen_rows(struct lscreen *l, struct screen *s, WINDOW *w, int y0,
	     int rows, size_t n,
	     void (*line)(struct screen *s, size_t i, char *buf, size_t size))
{
	struct app *a = s->app;
	char buf[600];
	size_t i;
	int y = y0;

	a->cur_y = -1;
	lscroll_fit(&l->ls, n, rows);
	for (i = l->ls.top; i < n && y < y0 + rows; i++, y++) {
		line(s, i, buf, sizeof buf);
		if (i == l->ls.sel)
			lscreen_mark(a, w, y);
		tui_text(w, y, 2, buf, COLS - 2);
	}
}

void
lscreen_item(struct lscreen *l, size_t i, const char *label,
	     const char *code)
{
	l->items[i].label = label;
	l->items[i].code = code;
	l->items[i].also = NULL;
}

void
lscreen_menu(struct lscreen *l, const char *title, size_t n)
{
	pick_open(&l->pick, title, l->items, n, NULL);
	l->picking = 1;
}

void
lscreen_draw(struct lscreen *l, struct app *a, WINDOW *w,
	     const struct fkey *keys, size_t nkeys)
{
	if (l->confirm.open) {
		confirm_draw(&l->confirm, a, w);
		status_draw(a, w, confirm_keys, l->confirm.yes[0] ? 2 : 0);
	} else if (l->in.open) {
		status_draw(a, w, cancel_keys, 1);
		input_draw(&l->in, a, w, LINES - 3);
	} else {
		status_draw(a, w, keys, nkeys);
		if (l->picking)
			pick_draw(&l->pick, a, w);
	}
}

static int
confirm_key_of(struct lscreen *l, struct screen *s,
	       const struct lscreen_ops *ops, const struct key *k)
{
	int question = l->confirm.yes[0] != '\0';
	int r = confirm_key(&l->confirm, k);

	if (r == CONFIRM_YES && ops->yes)
		return ops->yes(s);
	if (r == CONFIRM_NO && question && ops->no)
		ops->no(s);
	return r == CONFIRM_NONE ? SCR_HANDLED : SCR_HANDLED | SCR_REDRAW;
}

static int
pick_key_of(struct lscreen *l, struct screen *s, const struct lscreen_ops *ops,
	    const struct key *k)
{
	int r = pick_key(&l->pick, k);
	const struct pick_item *ch = pick_chosen(&l->pick);
	char code[16] = "";

	if (r == PICK_NONE)
		return SCR_HANDLED | SCR_REDRAW;
	if (r == PICK_CHOSEN && ch)
		snprintf(code, sizeof code, "%s", ch->code);
	pick_close(&l->pick);
	l->picking = 0;
	if (code[0] && ops->chosen)
		return ops->chosen(s, code);
	return SCR_HANDLED | SCR_REDRAW;
}

static int
input_key_of(struct lscreen *l, struct screen *s, const struct lscreen_ops *ops,
	     const struct key *k)
{
	int r = input_key(&l->in, k);
	char *txt;

	if (r == INPUT_CANCEL && ops->cancel)
		ops->cancel(s);
	if (r != INPUT_DONE || !ops->typed)
		return SCR_HANDLED | SCR_REDRAW;
	txt = input_text(&l->in);
	r = ops->typed(s, txt);
	free(txt);
	return r;
}

int
lscreen_box_key(struct lscreen *l, struct screen *s,
		const struct lscreen_ops *ops, const struct key *k)
{
	if (l->confirm.open)
		return confirm_key_of(l, s, ops, k);
	if (l->picking)
		return pick_key_of(l, s, ops, k);
	if (l->in.open)
		return input_key_of(l, s, ops, k);
	return 0;
}

int
lscreen_key(struct lscreen *l, struct screen *s,
	    const struct lscreen_ops *ops, const struct key *k, size_t n,
	    int rows)
{
	int fl;

	if ((fl = lscreen_box_key(l, s, ops, k)) != 0)
		return fl;
	lscroll_fit(&l->ls, n, rows);
	if (lscroll_key(&l->ls, k) != LS_NONE)
		return SCR_HANDLED | SCR_REDRAW;
	if (k->act == ACT_SAVE && ops->menu) {
		const char *title = "";
		size_t items = ops->menu(s, &title);

		if (!items)
			return SCR_HANDLED;
		lscreen_menu(l, title, items);
		return SCR_HANDLED | SCR_REDRAW;
	}
	return ops->key ? ops->key(s, k) : 0;
}

void
lscreen_free(struct lscreen *l)
{
	pick_close(&l->pick);
	input_free(&l->in);
	explicit_bzero(&l->confirm, sizeof l->confirm);
}
