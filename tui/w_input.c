/* SPDX-License-Identifier: MIT */
/* A one-line prompt above the message line: a label and the text typed
 * after it (Backspace edits, Enter gives it, Esc or F10 drops it). Long
 * text scrolls so its end stays in view. */
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "widgets.h"

void
input_open(struct winput *in, const char *label, const char *initial)
{
	size_t len, off = 0;
	uint32_t cp;
	int used;

	memset(in, 0, sizeof *in);
	snprintf(in->label, sizeof in->label, "%s", label);
	len = initial ? strlen(initial) : 0;
	while (off < len && in->len < INPUT_MAX &&
	       (used = utf8_decode(initial + off, len - off, &cp)) > 0) {
		in->buf[in->len++] = cp;
		off += (size_t)used;
	}
	in->open = 1;
}

int
input_key(struct winput *in, const struct key *k)
{
	switch (k->act) {
	case ACT_CHAR:
		if (in->len < INPUT_MAX)
			in->buf[in->len++] = k->ch;
		return INPUT_NONE;
	case ACT_BACKSPACE:
		if (in->len)
			in->len--;
		return INPUT_NONE;
	case ACT_ENTER:
	case ACT_SAVE:
		in->open = 0;
		return INPUT_DONE;
	case ACT_ESC:
	case ACT_QUIT:
		in->open = 0;
		return INPUT_CANCEL;
	default:
		return INPUT_NONE;
	}
}

char *
input_text(const struct winput *in)
{
	struct strbuf b = {0};
	char enc[5];
	size_t i;
	char *s;

	for (i = 0; i < in->len; i++) {
		int n = utf8_encode(in->buf[i], enc);

		sb_addn(&b, enc, (size_t)n);
	}
	s = sb_take(&b);
	sb_free(&b);
	if (!s)
		s = xstrdup("");
	str_trim(s);
	return s;
}

void
input_draw(struct winput *in, struct app *a, WINDOW *w, int y)
{
	int cols = getmaxx(w), x, room;
	size_t from = 0;

	wmove(w, y, 0);
	wclrtoeol(w);
	wattron(w, A_BOLD);
	x = tui_text(w, y, 0, in->label, cols / 2);
	wattroff(w, A_BOLD);
	x += 1;
	room = cols - x - 1;
	if (room < 1)
		return;
	if (in->len > (size_t)room)
		from = in->len - (size_t)room;
	if (in->secret) {
		uint32_t stars[INPUT_MAX];
		size_t i;

		for (i = 0; i < in->len - from; i++)
			stars[i] = '*';
		x += tui_wtext(w, y, x, stars, in->len - from, room);
	} else {
		x += tui_wtext(w, y, x, in->buf + from, in->len - from, room);
	}
	a->cur_y = y;
	a->cur_x = x;
}
