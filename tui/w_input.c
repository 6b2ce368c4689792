/* SPDX-License-Identifier: MIT */
/* A one-line prompt above the message line: a label and the text typed
 * after it (←/→, Home/End and Backspace/Delete edit; Enter or F2 gives
 * it, Esc or F10 drops it). A text offered in advance is replaced by the
 * first letter typed, so a search never appends to the previous one; the
 * view scrolls to keep the cursor in sight. */
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "widgets.h"

#define INPUT_MAX 300

void
input_open(struct winput *in, const char *label, const char *initial)
{
	input_free(in);
	snprintf(in->label, sizeof in->label, "%s", label);
	cpbuf_set(&in->buf, initial);
	cpbuf_truncate(&in->buf, INPUT_MAX);
	in->cur = in->buf.len;
	in->fresh = in->buf.len > 0;
	in->open = 1;
}

void
input_free(struct winput *in)
{
	cpbuf_free(&in->buf);
	memset(in, 0, sizeof *in);
}

int
input_key(struct winput *in, const struct key *k)
{
	int fresh = in->fresh;

	in->fresh = 0;
	switch (k->act) {
	case ACT_CHAR:
		if (fresh) {
			cpbuf_clear(&in->buf);
			in->cur = 0;
		}
		if (in->buf.len < INPUT_MAX)
			cpbuf_insert(&in->buf, in->cur++, k->ch);
		return INPUT_NONE;
	case ACT_BACKSPACE:
		if (in->cur > 0)
			cpbuf_delete(&in->buf, --in->cur);
		return INPUT_NONE;
	case ACT_DELETE:
		cpbuf_delete(&in->buf, in->cur);
		return INPUT_NONE;
	case ACT_LEFT:
		if (in->cur > 0)
			in->cur--;
		return INPUT_NONE;
	case ACT_RIGHT:
		if (in->cur < in->buf.len)
			in->cur++;
		return INPUT_NONE;
	case ACT_HOME:
		in->cur = 0;
		return INPUT_NONE;
	case ACT_END:
		in->cur = in->buf.len;
		return INPUT_NONE;
	case ACT_ENTER:
	case ACT_SAVE:
		in->open = 0;
		return INPUT_DONE;
	case ACT_ESC:
	case ACT_QUIT:
		in->open = 0;
		cpbuf_clear(&in->buf);
		return INPUT_CANCEL;
	default:
		in->fresh = fresh;
		return INPUT_NONE;
	}
}

char *
input_text(const struct winput *in)
{
	char *s = cpbuf_utf8(&in->buf);

	str_trim(s);
	return s;
}

void
input_draw(struct winput *in, struct app *a, WINDOW *w, int y)
{
	int cols = getmaxx(w), x, room;
	size_t from = 0, n;

	wmove(w, y, 0);
	wclrtoeol(w);
	wattron(w, A_BOLD);
	x = tui_text(w, y, 0, in->label, cols / 2);
	wattroff(w, A_BOLD);
	x += 1;
	room = cols - x - 1;
	if (room < 1)
		return;
	if (in->cur >= (size_t)room)
		from = in->cur - (size_t)room + 1;
	n = in->buf.len - from;
	if (in->secret) {
		uint32_t stars[INPUT_MAX];
		size_t i;

		for (i = 0; i < n && i < INPUT_MAX; i++)
			stars[i] = '*';
		tui_wtext(w, y, x, stars, n, room);
	} else {
		tui_wtext(w, y, x, in->buf.v + from, n, room);
	}
	a->cur_y = y;
	a->cur_x = x + (int)(in->cur - from);
}
