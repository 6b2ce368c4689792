/* SPDX-License-Identifier: MIT */
/* Long work in the kiosk (core/progress.h): while the journal is printed
 * or exported, the day closed or a report counted, the message line shows
 * the same text as the command line's progress line, «Выгрузка журнала:
 * 12 000 из 100 000 (12 %), 30 000 записей/с, ещё 3 с», and the key bar
 * «Esc Отмена». A phase shows once it has run for half a second; the line
 * is redrawn at most twice a second and only when its text changed
 * (ncurses then sends only the changed cells). Esc cancels the work, and
 * so does the terminal hanging up: core rolls back and nothing is written
 * or given out. Other keys pressed meanwhile are dropped. */
#include <string.h>
#include <time.h>

#include "tui.h"

#define FRAME_GAP 0.5

/* Keys waiting on the terminal: 1 when one of them is Esc. */
static int
esc_pressed(void)
{
	wint_t ch;
	int kind, esc = 0;

	wtimeout(stdscr, 0);
	while ((kind = wget_wch(stdscr, &ch)) != ERR)
		if (kind == OK && ch == 27)
			esc = 1;
	return esc;
}

static int
show(void *arg, const struct progress *p)
{
	struct tui_progress *tp = arg;
	char text[STATUS_MAX];
	double now;
	int y, x;

	if (p->ended)
		return 0;
	if (esc_pressed() || app_hung_up())
		return 1;
	now = progress_clock();
	if (now - p->started < FRAME_GAP || now - tp->last < FRAME_GAP)
		return 0;
	progress_text(p, now, text, sizeof text);
	if (strcmp(text, tp->shown) != 0) {
		snprintf(tp->shown, sizeof tp->shown, "%s", text);
		getyx(stdscr, y, x);
		status_busy(stdscr, text);
		wmove(stdscr, y, x);
		wnoutrefresh(stdscr);
		doupdate();
		tp->last = now;
	}
	return 0;
}

struct progress *
tui_progress_start(struct tui_progress *tp, struct app *a)
{
	memset(tp, 0, sizeof *tp);
	tp->app = a;
	tp->p.show = show;
	tp->p.arg = tp;
	return &tp->p;
}

void
tui_progress_stop(struct tui_progress *tp)
{
	/* The work took the terminal's attention: it was not idle. */
	tp->app->last_key = time(NULL);
}
