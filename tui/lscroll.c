/* SPDX-License-Identifier: MIT */
/* Scrolling a list or a text on screen: the one place that knows how
 * Up, Down, PgUp, PgDn, Home and End move a selection (or a view without
 * one) and keep it on screen. Every list screen and widget uses it. */
#include "widgets.h"

void
lscroll_fit(struct lscroll *l, size_t n, int rows)
{
	size_t r = rows > 0 ? (size_t)rows : 1;

	l->n = n;
	l->rows = rows > 0 ? rows : 1;
	if (l->view) {
		size_t maxtop = n > r ? n - r : 0;

		if (l->top > maxtop)
			l->top = maxtop;
		return;
	}
	if (l->sel >= n)
		l->sel = n ? n - 1 : 0;
	if (l->sel < l->top)
		l->top = l->sel;
	if (l->sel >= l->top + r)
		l->top = l->sel - r + 1;
	if (l->top + r > n)
		l->top = n > r ? n - r : 0;
}

/* A view without selection: the keys move the first row shown. */
static int
view_key(struct lscroll *l, enum action act)
{
	size_t r = (size_t)l->rows, maxtop = l->n > r ? l->n - r : 0;
	size_t old = l->top;

	switch (act) {
	case ACT_UP:
		if (l->top > 0)
			l->top--;
		break;
	case ACT_DOWN:
		if (l->top < maxtop)
			l->top++;
		break;
	case ACT_PGUP:
		l->top = l->top > r ? l->top - r : 0;
		break;
	case ACT_PGDN:
		l->top = l->top + r < maxtop ? l->top + r : maxtop;
		break;
	case ACT_HOME:
		l->top = 0;
		break;
	case ACT_END:
		l->top = maxtop;
		break;
	default:
		return LS_NONE;
	}
	if (l->top == old)
		return act == ACT_UP || act == ACT_PGUP || act == ACT_HOME
			       ? LS_BEFORE : LS_AFTER;
	return LS_MOVED;
}

int
lscroll_key(struct lscroll *l, const struct key *k)
{
	size_t r = (size_t)(l->rows > 0 ? l->rows : 1);

	if (l->view)
		return view_key(l, k->act);
	switch (k->act) {
	case ACT_UP:
		if (l->sel > 0)
			l->sel--;
		else if (l->wrap && l->n)
			l->sel = l->n - 1;
		else
			return LS_BEFORE;
		break;
	case ACT_DOWN:
		if (l->sel + 1 < l->n)
			l->sel++;
		else if (l->wrap)
			l->sel = 0;
		else
			return LS_AFTER;
		break;
	case ACT_PGUP:
		if (l->sel == 0)
			return LS_BEFORE;
		l->sel = l->sel > r ? l->sel - r : 0;
		break;
	case ACT_PGDN:
		if (l->n == 0 || l->sel + 1 >= l->n)
			return LS_AFTER;
		l->sel = l->sel + r < l->n ? l->sel + r : l->n - 1;
		break;
	case ACT_HOME:
		l->sel = 0;
		break;
	case ACT_END:
		l->sel = l->n ? l->n - 1 : 0;
		break;
	default:
		return LS_NONE;
	}
	lscroll_fit(l, l->n, l->rows);
	return LS_MOVED;
}
