/* SPDX-License-Identifier: MIT */
/* Confirmation of an act that cannot be undone: a box naming what will be
 * done (the case, the person, what is written where), and the one key
 * that does it. F2 (Esc 2 on a terminal without function keys) confirms;
 * Esc or F10 goes back; Enter and every other key do nothing, so the key
 * that chose the act cannot also confirm it by a second press. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "screen.h"
#include "widgets.h"

void
confirm_open(struct wconfirm *c, const char *title, const char *yes)
{
	memset(c, 0, sizeof *c);
	snprintf(c->title, sizeof c->title, "%s", title);
	snprintf(c->yes, sizeof c->yes, "%s", yes ? yes : "");
	c->open = 1;
}

void
confirm_line(struct wconfirm *c, const char *fmt, ...)
{
	va_list ap;

	if (c->n >= CONFIRM_LINES)
		return;
	va_start(ap, fmt);
	vsnprintf(c->line[c->n++], sizeof c->line[0], fmt, ap);
	va_end(ap);
}

/* A box that only tells (a new password, shown once): Enter, Esc or F10
 * closes it, and its text is wiped. */
static int
info_key(struct wconfirm *c, const struct key *k)
{
	if (k->act != ACT_ENTER && k->act != ACT_ESC && k->act != ACT_QUIT)
		return CONFIRM_NONE;
	explicit_bzero(c, sizeof *c);
	return CONFIRM_NO;
}

int
confirm_key(struct wconfirm *c, const struct key *k)
{
	if (!c->yes[0])
		return info_key(c, k);
	switch (k->act) {
	case ACT_SAVE:
		c->open = 0;
		return CONFIRM_YES;
	case ACT_ESC:
	case ACT_QUIT:
		c->open = 0;
		return CONFIRM_NO;
	default:
		return CONFIRM_NONE;
	}
}

void
confirm_draw(struct wconfirm *c, struct app *a, WINDOW *w)
{
	int cols = getmaxx(w), bw = cols - 8 > 72 ? 72 : cols - 8;
	int bx = (cols - bw) / 2, y0 = 3, rows = 0, i, y;
	char keys[200];

	for (i = 0; i < c->n; i++)
		rows += tui_para_rows(c->line[i], bw - 4);
	if (rows > LINES - 10)
		rows = LINES - 10;
	for (i = 0; i < rows + 5; i++) {
		wmove(w, y0 + i, bx);
		wclrtoeol(w);
	}
	tui_box(w, y0, bx, rows + 5, bw);
	wattron(w, A_BOLD);
	tui_text(w, y0, bx + 2, c->title, bw - 4);
	wattroff(w, A_BOLD);
	y = y0 + 2;
	for (i = 0; i < c->n && y < y0 + 2 + rows; i++)
		y += tui_para(w, y, bx + 2, c->line[i], bw - 4,
			      y0 + 2 + rows - y);
	if (c->yes[0])
		snprintf(keys, sizeof keys, "%s   %s", c->yes, _("Esc — отмена"));
	else
		snprintf(keys, sizeof keys, "%s", _("Enter — закрыть"));
	wattron(w, A_BOLD);
	tui_text(w, y0 + rows + 3, bx + 2, keys, bw - 4);
	wattroff(w, A_BOLD);
	a->cur_y = -1;
}
