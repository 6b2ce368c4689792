/* SPDX-License-Identifier: MIT */
/* Pick-list with type-ahead: typed letters narrow the list to the entries
 * whose name (or code) starts with them, case-insensitively, Ё as Е. */
#include <string.h>

#include "screen.h"
#include "util.h"
#include "widgets.h"

static int
matches(const struct pick_item *it, const char *typed_fold)
{
	size_t n = strlen(typed_fold);
	char *code;
	int ok;

	if (n == 0 || strncmp(it->fold, typed_fold, n) == 0)
		return 1;
	if (!it->code)
		return 0;
	code = utf8_fold(it->code);
	ok = strncmp(code, typed_fold, n) == 0;
	free(code);
	return ok;
}

static void
refilter(struct pick *p)
{
	char *tf = utf8_fold(p->typed);
	size_t i;

	p->nshown = 0;
	for (i = 0; i < p->n; i++)
		if (matches(&p->items[i], tf))
			p->shown[p->nshown++] = i;
	free(tf);
	p->sel = p->top = 0;
}

void
pick_open(struct pick *p, const char *title, const struct pick_item *items,
	  size_t n, const char *typed)
{
	size_t i;

	pick_close(p);
	p->title = title;
	p->items = xcalloc(n ? n : 1, sizeof *p->items);
	p->shown = xcalloc(n ? n : 1, sizeof *p->shown);
	p->n = n;
	for (i = 0; i < n; i++) {
		p->items[i] = items[i];
		p->items[i].fold = utf8_fold(items[i].label);
	}
	snprintf(p->typed, sizeof p->typed, "%s", typed ? typed : "");
	refilter(p);
	if (p->nshown == 0) {
		p->typed[0] = '\0';
		refilter(p);
	}
	p->open = 1;
}

void
pick_close(struct pick *p)
{
	size_t i;

	if (p->items)
		for (i = 0; i < p->n; i++)
			free(p->items[i].fold);
	free(p->items);
	free(p->shown);
	memset(p, 0, sizeof *p);
}

const struct pick_item *
pick_chosen(const struct pick *p)
{
	if (!p->nshown)
		return NULL;
	return &p->items[p->shown[p->sel]];
}

static int
list_rows(void)
{
	return LINES - 8 > 3 ? LINES - 8 : 3;
}

int
pick_key(struct pick *p, const struct key *k)
{
	int rows = list_rows();
	size_t len;

	switch (k->act) {
	case ACT_UP:
		if (p->sel > 0)
			p->sel--;
		break;
	case ACT_DOWN:
	case ACT_TAB:
		if (p->sel + 1 < p->nshown)
			p->sel++;
		break;
	case ACT_PGUP:
		p->sel = p->sel > (size_t)rows ? p->sel - (size_t)rows : 0;
		break;
	case ACT_PGDN:
		p->sel += (size_t)rows;
		if (p->sel >= p->nshown)
			p->sel = p->nshown ? p->nshown - 1 : 0;
		break;
	case ACT_HOME:
		p->sel = 0;
		break;
	case ACT_END:
		p->sel = p->nshown ? p->nshown - 1 : 0;
		break;
	case ACT_ENTER:
	case ACT_SAVE:
		return p->nshown ? PICK_CHOSEN : PICK_NONE;
	case ACT_ESC:
	case ACT_QUIT:
		return PICK_CANCEL;
	case ACT_BACKSPACE:
		len = strlen(p->typed);
		while (len > 0 && ((unsigned char)p->typed[len - 1] & 0xC0) ==
					  0x80)
			len--;
		if (len > 0)
			p->typed[len - 1] = '\0';
		refilter(p);
		break;
	case ACT_CHAR: {
		char enc[5];
		int n = utf8_encode(k->ch, enc);
		char old[sizeof p->typed];

		len = strlen(p->typed);
		if (len + (size_t)n + 1 > sizeof p->typed)
			break;
		memcpy(old, p->typed, sizeof old);
		memcpy(p->typed + len, enc, (size_t)n);
		p->typed[len + (size_t)n] = '\0';
		refilter(p);
		if (p->nshown == 0) { /* keep the last list that matched */
			memcpy(p->typed, old, sizeof old);
			refilter(p);
		}
		break;
	}
	default:
		break;
	}
	if (p->sel < p->top)
		p->top = p->sel;
	if (p->sel >= p->top + (size_t)rows)
		p->top = p->sel - (size_t)rows + 1;
	return PICK_NONE;
}

void
pick_draw(struct pick *p, struct app *a, WINDOW *w)
{
	int rows = list_rows(), cols = getmaxx(w);

	if (p->n < (size_t)rows) /* a short list gets a short box */
		rows = (int)p->n;
	int bw = cols - 20 > 50 ? 50 : cols - 4, bx = (cols - bw) / 2;
	int y0 = 2, i, h = rows + 2;
	size_t k;

	for (i = 0; i < h + 1; i++) {
		wmove(w, y0 + i, bx);
		wclrtoeol(w);
	}
	tui_box(w, y0, bx, h, bw);
	wattron(w, A_BOLD);
	tui_text(w, y0, bx + 2, p->title, bw - 4);
	wattroff(w, A_BOLD);
	for (i = 0; i < rows; i++) {
		k = p->top + (size_t)i;
		if (k >= p->nshown)
			continue;
		if (k == p->sel)
			wattron(w, A_REVERSE);
		mvwaddch(w, y0 + 1 + i, bx + 1, ' ');
		tui_text(w, y0 + 1 + i, bx + 2, p->items[p->shown[k]].label,
			 bw - 4);
		if (k == p->sel)
			wattroff(w, A_REVERSE);
	}
	i = tui_text(w, y0 + h, bx, _("Поиск: "), bw);
	i += tui_text(w, y0 + h, bx + i, p->typed, bw - i);
	a->cur_y = y0 + h;
	a->cur_x = bx + i;
}
