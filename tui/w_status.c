/* SPDX-License-Identifier: MIT */
/* The message line (one row above the bottom) and the function-key bar
 * on the bottom row: "1Помощь 2Принять ..." with the labels in reverse,
 * which every terminal from vt100 up can show without colour. */
#include <string.h>

#include "tui.h"

void
status_draw(struct app *a, WINDOW *w, const struct fkey *keys, size_t n)
{
	int rows = getmaxy(w), cols = getmaxx(w), x = 0;
	size_t i;
	char num[4];

	if (a->status[0]) {
		if (a->status_error)
			wattron(w, A_BOLD);
		tui_text(w, rows - 2, 0, a->status, cols);
		if (a->status_error)
			wattroff(w, A_BOLD);
	}
	for (i = 0; i < n; i++) {
		/* Labels are static arrays of Russian msgids: translated
		 * here, where they are shown. */
		const char *label = _(keys[i].label);
		int lw = tui_width(label), nw;

		snprintf(num, sizeof num, "%d", (int)(keys[i].act - ACT_F1 + 1));
		nw = (int)strlen(num);
		if (x + nw + lw > cols)
			break;
		mvwaddstr(w, rows - 1, x, num);
		x += nw;
		wattron(w, A_REVERSE);
		x += tui_text(w, rows - 1, x, label, lw);
		wattroff(w, A_REVERSE);
		x++;
	}
}
