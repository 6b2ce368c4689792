/* SPDX-License-Identifier: MIT */
/* The warnings to confirm: a list, word-wrapped, and the key bar. */
#include "w_warn.h"

#include <string.h>

#include "util.h"
#include "widgets.h"

static const struct fkey warn_keys[] = {
	{ACT_SAVE, N_("Подтвердить")},
	{ACT_F10, N_("Назад")},
};

int
wwarn_open(struct wwarn *w, const struct rule_findings *found)
{
	size_t i;

	wwarn_close(w);
	if (!found || rule_findings_errors(found) ||
	    !rule_findings_unconfirmed(found))
		return 0;
	for (i = 0; i < found->n; i++) {
		if (found->v[i].severity != RULE_WARNING ||
		    found->v[i].confirmed)
			continue;
		XGROW(w->f.v, w->f.n, w->f.cap);
		w->f.v[w->f.n++] = found->v[i];
	}
	w->open = 1;
	return 1;
}

void
wwarn_close(struct wwarn *w)
{
	rule_findings_free(&w->f);
	w->open = 0;
}

json_t *
wwarn_confirm(const struct wwarn *w)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < w->f.n; i++)
		json_array_append_new(a, json_string(w->f.v[i].id));
	return a;
}

/* Print text wrapped at spaces into rows of at most width cells from row
 * *y; returns 0, or -1 when the rows ran out. */
static int
wrap(WINDOW *win, int *y, int last, int x, int width, const char *text)
{
	const char *s = text;

	while (*s) {
		const char *p = s, *cut = NULL;
		int cells = 0;
		char *line;

		if (*y > last)
			return -1;
		while (*p && cells < width) {
			uint32_t cp;
			int k = utf8_decode(p, strlen(p), &cp);

			if (k <= 0)
				k = 1;
			if (*p == ' ')
				cut = p;
			p += k;
			cells++;
		}
		if (*p && cut)
			p = cut;
		line = xstrndup(s, (size_t)(p - s));
		tui_text(win, (*y)++, x, line, width);
		free(line);
		s = p;
		while (*s == ' ')
			s++;
	}
	return 0;
}

void
wwarn_draw(const struct wwarn *w, struct app *a, WINDOW *win, int top)
{
	int y = top, last = LINES - 3;
	size_t i;
	char head[200];

	for (i = (size_t)top; i < (size_t)LINES - 2; i++) {
		wmove(win, (int)i, 0);
		wclrtoeol(win);
	}
	snprintf(head, sizeof head,
		 _("Предупреждения (%zu): принять можно только с подтверждением"), w->f.n);
	wattron(win, A_BOLD);
	tui_text(win, y++, 2, head, COLS - 4);
	wattroff(win, A_BOLD);
	y++;
	for (i = 0; i < w->f.n && y <= last; i++) {
		char *item = xasprintf("%zu. %s [%s]", i + 1, w->f.v[i].shown,
				       w->f.v[i].id);

		if (wrap(win, &y, last, 2, COLS - 4, item) != 0) {
			free(item);
			break;
		}
		free(item);
	}
	if (y <= last) {
		y++;
		tui_text(win, y, 2,
			 _("F2 — подтвердить предупреждения и выполнить, F10 — назад"), COLS - 4);
	}
	status_draw(a, win, warn_keys, sizeof warn_keys / sizeof *warn_keys);
	a->cur_y = -1;
}
