/* SPDX-License-Identifier: MIT */
/* F1 on any screen: its help on a screen of its own, what the screen is
 * for, its keys, what it says about where the inspector is now, and the
 * keys that work everywhere. ↑/↓ and PgUp/PgDn scroll; Esc, F10, F1 or
 * Enter go back to exactly where the inspector was. */
#include <stdlib.h>
#include <string.h>

#include "screen.h"
#include "util.h"
#include "widgets.h"

struct help {
	char *title;
	char *text;
	struct lscroll ls;
	int nrows;
};

static const struct fkey help_keys[] = {
	{ACT_F10, N_("Назад")},
};

static int
help_enter(struct screen *s, void *arg)
{
	struct screen *of = arg;
	struct help *h = xcalloc(1, sizeof *h);
	struct strbuf b = {0};
	const char *all = _(of->ops->help ? of->ops->help
					  : N_("Помощь\nНа этом экране нет своих клавиш."));
	const char *nl = strchr(all, '\n');

	h->title = nl ? xstrndup(all, (size_t)(nl - all)) : xstrdup(all);
	sb_add(&b, nl ? nl + 1 : "");
	if (of->ops->help_more)
		of->ops->help_more(of, &b);
	sb_add(&b, "\n\n");
	sb_add(&b, _("Клавиши на всех экранах:\n"
		     "F1 — помощь; Esc или F10 — назад: закрыть список, вопрос или экран (заполненная форма остаётся черновиком).\n"
		     "Терминал без функциональных клавиш: Esc, затем цифра (Esc 2 = F2, Esc 0 = F10).\n"
		     "↑/↓, PgUp/PgDn, Home/End — по списку; Ctrl-L — перерисовать экран."));
	h->text = sb_take(&b);
	h->ls.view = 1;
	s->priv = h;
	return 0;
}

static void
help_leave(struct screen *s)
{
	struct help *h = s->priv;

	free(h->title);
	free(h->text);
	free(h);
}

static void
help_draw(struct screen *s, WINDOW *w)
{
	struct help *h = s->priv;
	struct app *a = s->app;
	int cols = getmaxx(w), rows = LINES - 4, y = 2;
	size_t off[256], len[256], i;
	size_t n = (size_t)tui_wrap(h->text, cols - 2, 256, off, len);

	tui_header(a, w, h->title);
	lscroll_fit(&h->ls, n, rows);
	for (i = h->ls.top; i < n && y < 2 + rows; i++, y++)
		tui_textn(w, y, 1, h->text + off[i], len[i], cols - 2);
	if (h->ls.top + (size_t)rows < n)
		tui_text(w, LINES - 3, cols - 12, _("↓ — ещё"), 12);
	status_draw(a, w, help_keys, 1);
	a->cur_y = -1;
}

static int
help_key(struct screen *s, const struct key *k)
{
	struct help *h = s->priv;

	if (lscroll_key(&h->ls, k) != LS_NONE)
		return SCR_HANDLED | SCR_REDRAW;
	switch (k->act) {
	case ACT_ESC:
	case ACT_QUIT:
	case ACT_HELP:
	case ACT_ENTER:
		return SCR_CLOSE | SCR_REDRAW;
	default:
		return SCR_HANDLED;
	}
}

const struct screen_ops help_screen = {
	.name = "help",
	.enter = help_enter,
	.leave = help_leave,
	.draw = help_draw,
	.key = help_key,
};
