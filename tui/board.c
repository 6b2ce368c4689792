/* SPDX-License-Identifier: MIT */
/* okno board: the hall display of the queue, in Russian and Kazakh at
 * once (the hall is everybody's). It reads the board every
 * poll_ms (a second unless asked otherwise) and draws into ncurses' virtual screen only when the
 * board changed, so the terminal gets only the cells that differ (a call
 * costs a few dozen bytes); nothing ticks while nothing happens. */
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "queue.h"
#include "tui.h"

static volatile sig_atomic_t board_stop;

static void
on_stop(int sig)
{
	(void)sig;
	board_stop = 1;
}

static void
board_draw(const struct queue_board *b, const char *office, const char *err)
{
	int rows = LINES, cols = COLS, xt = cols / 10 + 1, xw = xt + 16,
	    xi = xw + 16, y;
	size_t i, max;
	char buf[64], both[200], who[2 * ACTOR_NAME_MAX + 4];

	werase(stdscr);
	wattron(stdscr, A_BOLD);
	tui_both(N_("Электронная очередь"), both, sizeof both);
	tui_text(stdscr, 0, 0, both, cols);
	wattroff(stdscr, A_BOLD);
	if (office && tui_width(office) + tui_width(both) + 2 < cols)
		tui_text(stdscr, 0, cols - tui_width(office), office, cols);
	tui_both(N_("Талон"), both, sizeof both);
	tui_text(stdscr, 2, xt, both, xw - xt - 1);
	tui_both(N_("Окно"), both, sizeof both);
	tui_text(stdscr, 2, xw, both, xi - xw - 1);
	/* Each window's inspector, as the window shows them (name and
	 * position). */
	tui_both(N_("Инспектор"), both, sizeof both);
	tui_text(stdscr, 2, xi, both, cols - xi);
	max = rows > 6 ? (size_t)(rows - 6) : 0;
	for (i = 0, y = 4; i < b->n && i < max; i++, y++) {
		if (i == 0)
			wattron(stdscr, A_REVERSE | A_BOLD);
		snprintf(buf, sizeof buf, " %03d ", b->rows[i].number);
		mvwaddstr(stdscr, y, xt - 1, buf);
		snprintf(buf, sizeof buf, " %d ", b->rows[i].window_no);
		mvwaddstr(stdscr, y, xw - 1, buf);
		if (i == 0)
			wattroff(stdscr, A_REVERSE | A_BOLD);
		snprintf(who, sizeof who, "%s%s%s", b->rows[i].name,
			 *b->rows[i].name && *b->rows[i].position ? ", " : "",
			 b->rows[i].position);
		tui_text(stdscr, y, xi, who, cols - xi);
	}
	if (!b->n) {
		tui_text(stdscr, 4, xt, tui_gettext_in("ru", N_("Ожидайте вызова")),
			 cols - xt);
		tui_text(stdscr, 5, xt, tui_gettext_in("kk", N_("Ожидайте вызова")),
			 cols - xt);
	}
	{
		char ru[80], kk[80], line[200];

		snprintf(ru, sizeof ru, tui_gettext_in("ru", N_("Ожидают: %d")),
			 b->waiting);
		snprintf(kk, sizeof kk, tui_gettext_in("kk", N_("Ожидают: %d")),
			 b->waiting);
		snprintf(line, sizeof line, "%s%s%s", ru, strcmp(ru, kk) ? " / " : "",
			 strcmp(ru, kk) ? kk : "");
		tui_text(stdscr, rows - 1, 0, err ? err : line, cols);
	}
	wnoutrefresh(stdscr);
	doupdate();
}

int
tui_board(struct session *c, long long office_id, int poll_ms)
{
	struct queue_board cur, shown;
	struct office_info oi;
	struct err e = {0};
	int have = 0, quit = 0, kind, failed = 0;
	wint_t ch;

	if (office_get_id(c->store, office_id, &oi, &e) != ST_OK)
		oi.name[0] = '\0';
	signal(SIGHUP, on_stop);
	signal(SIGTERM, on_stop);
	signal(SIGINT, on_stop);
	setlocale(LC_ALL, "");
	tui_i18n_init();
	tui_text_ascii(tui_charset_ascii(nl_langinfo(CODESET)));
	initscr();
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	curs_set(0);
	memset(&shown, 0, sizeof shown);
	while (!quit && !board_stop) {
		int fetched = queue_board_get(c->store, office_id, 16, &cur, &e) ==
			      ST_OK;

		if (fetched != !failed || !have ||
		    (fetched && memcmp(&cur, &shown, sizeof cur) != 0)) {
			failed = !fetched;
			if (fetched)
				shown = cur;
			board_draw(&shown, oi.name, failed ? e.msg : NULL);
			have = 1;
		}
		wtimeout(stdscr, poll_ms);
		kind = wget_wch(stdscr, &ch);
		if (kind == ERR)
			continue;
		if (kind == KEY_CODE_YES && ch == KEY_RESIZE) {
			board_draw(&shown, oi.name, failed ? e.msg : NULL);
		} else if ((kind == KEY_CODE_YES && ch == KEY_F(10)) ||
			   (kind == OK && (ch == 'q' || ch == 'Q'))) {
			quit = 1;
		} else if (kind == OK && ch == 12) { /* Ctrl-L */
			clearok(curscr, TRUE);
			board_draw(&shown, oi.name, failed ? e.msg : NULL);
		}
	}
	endwin();
	return 0;
}
