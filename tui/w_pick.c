/* SPDX-License-Identifier: MIT */
/* Pick-list with search: every letter typed narrows the list to the
 * entries with a word starting with what was typed, in any of their
 * spellings (the label, the code, Kazakh and Latin names, aliases),
 * case-insensitively with Ё as Е; failing that, to the entries whose
 * Latin reading (translit_key: Кыргызстан, Қырғызстан and Kyrgyzstan
 * read alike) starts the same way; failing that, to those that hold the
 * text anywhere. Nothing typed is ever dropped: with no match the list
 * says so, keeps the search, and Enter chooses nothing. */
#include <stdlib.h>
#include <string.h>

#include "screen.h"
#include "translit.h"
#include "util.h"
#include "widgets.h"

#define KEYS_MAX 16

struct pick_entry {
	struct pick_item it;
	char *fold[KEYS_MAX];     /* folded spellings */
	char *lat[KEYS_MAX];      /* their Latin reading keys */
	size_t nkeys;
	int rank;                 /* of the current search */
};

static void
add_key(struct pick_entry *e, const char *s, size_t n)
{
	char *one;

	if (e->nkeys == KEYS_MAX || n == 0)
		return;
	one = xstrndup(s, n);
	if (*str_trim(one)) {
		e->fold[e->nkeys] = utf8_fold(one);
		e->lat[e->nkeys] = translit_key(one);
		e->nkeys++;
	}
	free(one);
}

static void
entry_keys(struct pick_entry *e)
{
	const char *p, *nl;

	add_key(e, e->it.label, strlen(e->it.label));
	if (e->it.code)
		add_key(e, e->it.code, strlen(e->it.code));
	for (p = e->it.also; p && *p; p = nl ? nl + 1 : p + strlen(p)) {
		nl = strchr(p, '\n');
		add_key(e, p, nl ? (size_t)(nl - p) : strlen(p));
	}
}

static int
word_start(const char *s, size_t at)
{
	unsigned char c;

	if (at == 0)
		return 1;
	c = (unsigned char)s[at - 1];
	return c == ' ' || c == '-' || c == '(' || c == '"' || c == '.' ||
	       c == ',' || c == '/';
}

/* 0: a spelling starts with t; 1: a word of one does; 2: the Latin
 * reading of one (or of one of its words) does; 3: one holds t; -1 no. */
static int
rank_of(const struct pick_entry *e, const char *t, const char *tl)
{
	size_t i, n = strlen(t), nl = strlen(tl);
	int best = -1;

	if (n == 0)
		return 0;
	for (i = 0; i < e->nkeys; i++) {
		const char *f = e->fold[i], *hit;

		if (strncmp(f, t, n) == 0)
			return 0;
		for (hit = strstr(f, t); hit; hit = strstr(hit + 1, t)) {
			int r = word_start(f, (size_t)(hit - f)) ? 1 : 3;

			if (best < 0 || r < best)
				best = r;
		}
		if (nl && (best < 0 || best > 2) &&
		    strncmp(e->lat[i], tl, nl) == 0)
			best = 2;
	}
	if (best == 1 || best == 2 || !nl)
		return best;
	/* The Latin reading of a later word ("Республика Кыргызстан"). */
	for (i = 0; i < e->nkeys; i++) {
		const char *f = e->fold[i], *sp;

		for (sp = strchr(f, ' '); sp; sp = strchr(sp + 1, ' ')) {
			char *k = translit_key(sp + 1);
			int ok = strncmp(k, tl, nl) == 0;

			free(k);
			if (ok)
				return 2;
		}
	}
	return best;
}

static void
refilter(struct pick *p)
{
	char *typed = cpbuf_utf8(&p->typed), *t = utf8_fold(typed);
	char *tl = translit_key(typed);
	size_t i, k = 0;
	int r;

	p->nshown = 0;
	for (i = 0; i < p->n; i++)
		p->items[i].rank = rank_of(&p->items[i], t, tl);
	/* Best matches first, each group in the list's own order. */
	for (r = 0; r <= 3; r++)
		for (i = 0; i < p->n; i++)
			if (p->items[i].rank == r)
				p->shown[k++] = i;
	p->nshown = k;
	p->ls.sel = p->ls.top = 0;
	lscroll_fit(&p->ls, p->nshown, p->ls.rows);
	free(typed);
	free(t);
	free(tl);
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
		p->items[i].it = items[i];
		entry_keys(&p->items[i]);
	}
	cpbuf_set(&p->typed, typed);
	p->ls.rows = 1;
	refilter(p);
	p->open = 1;
}

void
pick_close(struct pick *p)
{
	size_t i, k;

	if (p->items)
		for (i = 0; i < p->n; i++)
			for (k = 0; k < p->items[i].nkeys; k++) {
				free(p->items[i].fold[k]);
				free(p->items[i].lat[k]);
			}
	free(p->items);
	free(p->shown);
	cpbuf_free(&p->typed);
	memset(p, 0, sizeof *p);
}

const struct pick_item *
pick_chosen(const struct pick *p)
{
	if (!p->nshown || p->ls.sel >= p->nshown)
		return NULL;
	return &p->items[p->shown[p->ls.sel]].it;
}

char *
pick_typed(const struct pick *p)
{
	return cpbuf_utf8(&p->typed);
}

static int
list_rows(void)
{
	return LINES - 8 > 3 ? LINES - 8 : 3;
}

int
pick_key(struct pick *p, const struct key *k)
{
	lscroll_fit(&p->ls, p->nshown, list_rows());
	if (k->act == ACT_TAB) {
		struct key down = {ACT_DOWN, 0};

		lscroll_key(&p->ls, &down);
		return PICK_NONE;
	}
	if (lscroll_key(&p->ls, k) != LS_NONE)
		return PICK_NONE;
	switch (k->act) {
	case ACT_ENTER:
	case ACT_SAVE:
		return p->nshown ? PICK_CHOSEN : PICK_NONE;
	case ACT_ESC:
	case ACT_QUIT:
		return PICK_CANCEL;
	case ACT_BACKSPACE:
		if (p->typed.len) {
			cpbuf_truncate(&p->typed, p->typed.len - 1);
			refilter(p);
		}
		break;
	case ACT_CHAR:
		if (p->typed.len < 120) {
			cpbuf_insert(&p->typed, p->typed.len, k->ch);
			refilter(p);
		}
		break;
	default:
		break;
	}
	return PICK_NONE;
}

/* Rows an item's label takes in a text column of tw cells (at most 3). */
static int
item_rows(const char *label, int tw)
{
	size_t off[3], len[3];

	return tui_wrap(label, tw, 3, off, len);
}

void
pick_draw(struct pick *p, struct app *a, WINDOW *w)
{
	int cols = getmaxx(w), rows = list_rows(), longest = 0, bw, bx;
	int y0 = 2, i, h, tw, y, used = 0;
	size_t k;

	for (k = 0; k < p->n; k++) {
		int lw = tui_width(p->items[k].it.label);

		if (lw > longest)
			longest = lw;
	}
	/* As wide as the longest entry needs, up to the screen. */
	bw = longest + 6;
	if (bw < tui_width(p->title) + 6)
		bw = tui_width(p->title) + 6;
	if (bw < 40)
		bw = 40;
	if (bw > cols - 2)
		bw = cols - 2;
	bx = (cols - bw) / 2;
	tw = bw - 4;
	/* Rows the items need, the selected one kept in view. */
	lscroll_fit(&p->ls, p->nshown, rows);
	while (p->ls.top < p->ls.sel) {
		int need = 0;

		for (k = p->ls.top; k <= p->ls.sel; k++)
			need += item_rows(p->items[p->shown[k]].it.label, tw);
		if (need <= rows)
			break;
		p->ls.top++;
	}
	for (k = p->ls.top; k < p->nshown && used < rows; k++)
		used += item_rows(p->items[p->shown[k]].it.label, tw);
	if (used > rows)
		used = rows;
	h = (used ? used : 1) + 2;
	for (i = 0; i < h + 1; i++) {
		wmove(w, y0 + i, bx);
		wclrtoeol(w);
	}
	tui_box(w, y0, bx, h, bw);
	wattron(w, A_BOLD);
	tui_text(w, y0, bx + 2, p->title, bw - 4);
	wattroff(w, A_BOLD);
	if (!p->nshown)
		tui_text(w, y0 + 1, bx + 2, _("Нет совпадений: исправьте поиск (Backspace) или Esc"), bw - 4);
	y = y0 + 1;
	for (k = p->ls.top; k < p->nshown && y < y0 + 1 + used; k++) {
		const char *label = p->items[p->shown[k]].it.label;
		size_t off[3], len[3];
		int n = tui_wrap(label, tw, 3, off, len), r;

		for (r = 0; r < n && y < y0 + 1 + used; r++, y++) {
			if (k == p->ls.sel)
				wattron(w, A_REVERSE);
			mvwaddch(w, y, bx + 1, ' ');
			tui_textn(w, y, bx + 2, label + off[r], len[r], tw);
			if (k == p->ls.sel)
				wattroff(w, A_REVERSE);
		}
	}
	{
		char *typed = cpbuf_utf8(&p->typed);

		i = tui_text(w, y0 + h, bx, _("Поиск: "), bw);
		i += tui_text(w, y0 + h, bx + i, typed, bw - i);
		free(typed);
	}
	if (p->nshown > (size_t)used) {
		char more[32];

		snprintf(more, sizeof more, " %zu/%zu ", p->ls.sel + 1,
			 p->nshown);
		tui_text(w, y0 + h - 1, bx + bw - 2 - (int)strlen(more), more,
			 (int)strlen(more));
	}
	a->cur_y = y0 + h;
	a->cur_x = bx + i;
}
