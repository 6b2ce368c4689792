/* SPDX-License-Identifier: MIT */
/* The message line (one row above the bottom) and the function-key bar
 * on the bottom row: "1Помощь 2Принять ... 10Выход" with the labels in
 * reverse, which every terminal from vt100 up can show without colour.
 * F1 (help) leads every bar. On a terminal without function keys the bar
 * starts "Esc+" and F10 is shown as 0: the keys are Esc, then the digit. */
#include <string.h>

#include "tui.h"

static int
put_key(struct app *a, WINDOW *w, int y, int x, int cols, enum action act,
	const char *label)
{
	char num[4];
	int f = (int)(act - ACT_F1 + 1), lw = tui_width(label), nw;

	snprintf(num, sizeof num, "%d", a->esc_keys && f == 10 ? 0 : f);
	nw = (int)strlen(num);
	if (x + nw + lw > cols)
		return -1;
	mvwaddstr(w, y, x, num);
	x += nw;
	wattron(w, A_REVERSE);
	x += tui_text(w, y, x, label, lw);
	wattroff(w, A_REVERSE);
	return x + 1;
}

void
status_draw(struct app *a, WINDOW *w, const struct fkey *keys, size_t n)
{
	int rows = getmaxy(w), cols = getmaxx(w), x = 0;
	size_t i;

	if (a->status[0]) {
		int n = tui_para_rows(a->status, cols) < 2 ? 1 : 2, i;

		for (i = 0; i < n; i++) {
			wmove(w, rows - 2 - i, 0);
			wclrtoeol(w);
		}
		if (a->status_error)
			wattron(w, A_BOLD);
		tui_para(w, rows - 1 - n, 0, a->status, cols, n);
		if (a->status_error)
			wattroff(w, A_BOLD);
	}
	if (a->esc_keys) {
		mvwaddstr(w, rows - 1, 0, "Esc+");
		x = 4;
	}
	x = put_key(a, w, rows - 1, x, cols, ACT_HELP, _("Помощь"));
	for (i = 0; i < n && x >= 0; i++) {
		/* Labels are static arrays of Russian msgids: translated
		 * here, where they are shown. */
		if (keys[i].act == ACT_HELP)
			continue;
		x = put_key(a, w, rows - 1, x, cols, keys[i].act,
			    _(keys[i].label));
	}
}

void
status_busy(WINDOW *w, const char *text)
{
	int rows = getmaxy(w), cols = getmaxx(w);

	wmove(w, rows - 2, 0);
	wclrtoeol(w);
	tui_text(w, rows - 2, 0, text, cols);
	wmove(w, rows - 1, 0);
	wclrtoeol(w);
	mvwaddstr(w, rows - 1, 0, "Esc");
	wattron(w, A_REVERSE);
	tui_text(w, rows - 1, 3, _("Отмена"), cols - 3);
	wattroff(w, A_REVERSE);
}
