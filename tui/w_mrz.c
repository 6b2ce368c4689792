/* SPDX-License-Identifier: MIT */
/* Reading a passport's machine-readable zone (F9 in a form): a document
 * reader types it like a keyboard, lines ended by Enter, or a person
 * types it, in either keyboard layout (core's mrz_parse reads the Russian
 * ЙЦУКЕН letters back through the layout). Positions are counted in code
 * points, so a line typed in Cyrillic is as long as its Latin twin. A
 * fault (a check digit, a line's length) is shown in the box, whole, and
 * the lines stay for the inspector to correct or to read again. */
#include <stdlib.h>
#include <string.h>

#include "mrz.h"
#include "screen.h"
#include "util.h"
#include "widgets.h"

#define MRZ_MAX 200
#define BOX_W 52
#define BOX_H 9

void
mrz_open(struct wmrz *m)
{
	mrz_close(m);
	m->open = 1;
}

void
mrz_close(struct wmrz *m)
{
	cpbuf_free(&m->buf);
	memset(m, 0, sizeof *m);
}

static int
try_parse(struct wmrz *m, struct mrz *out)
{
	struct err e = {0};
	char *text = cpbuf_utf8(&m->buf);
	enum status st = mrz_parse(text, out, &e);

	free(text);
	if (st != ST_OK) {
		snprintf(m->fault, sizeof m->fault, _("Не прочитано: %s. Backspace — исправить, или считайте заново"), e.msg);
		return MRZ_NONE;
	}
	m->open = 0;
	return MRZ_READ;
}

int
mrz_key(struct wmrz *m, const struct key *k, struct mrz *out)
{
	size_t n;

	switch (k->act) {
	case ACT_ESC:
	case ACT_QUIT:
	case ACT_MRZ:
		mrz_close(m);
		return MRZ_CANCEL;
	case ACT_SAVE:
		return try_parse(m, out);
	case ACT_ENTER:
		/* Two lines of 36 or 44, or three of 30, complete a zone. */
		n = m->buf.len - cpbuf_count(&m->buf, '\n');
		if (n == 72 || n == 88 || n >= 90)
			return try_parse(m, out);
		if (m->buf.len && m->buf.v[m->buf.len - 1] != '\n' &&
		    m->buf.len < MRZ_MAX)
			cpbuf_insert(&m->buf, m->buf.len, '\n');
		return MRZ_NONE;
	case ACT_BACKSPACE:
		if (m->buf.len)
			cpbuf_truncate(&m->buf, m->buf.len - 1);
		m->fault[0] = '\0';
		return MRZ_NONE;
	case ACT_CHAR:
		/* A zone that failed, read again: the new one replaces it. */
		if (m->fault[0])
			cpbuf_clear(&m->buf);
		if (m->buf.len < MRZ_MAX)
			cpbuf_insert(&m->buf, m->buf.len, k->ch);
		m->fault[0] = '\0';
		return MRZ_NONE;
	default:
		return MRZ_NONE;
	}
}

/* The zone as typed, one row per line (a reader that sends no breaks is
 * shown in rows of 44), then the fault or how to go on. */
void
mrz_draw(struct wmrz *m, struct app *a, WINDOW *w, int y0)
{
	int cols = getmaxx(w), bw = BOX_W < cols ? BOX_W : cols, i, row = 0;
	int bx = (cols - bw) / 2, cx = bx + 3, cy = y0 + 1;
	size_t at = 0;

	for (i = 0; i < BOX_H; i++) {
		wmove(w, y0 + i, bx);
		wclrtoeol(w);
	}
	tui_box(w, y0, bx, BOX_H, bw);
	wattron(w, A_BOLD);
	tui_text(w, y0, bx + 2, _("Паспорт: машиносчитываемая зона"), bw - 4);
	wattroff(w, A_BOLD);
	while (row < 3) {
		size_t end = at, cut;

		while (end < m->buf.len && m->buf.v[end] != '\n')
			end++;
		cut = end - at > 44 ? 44 : end - at;
		tui_wtext(w, y0 + 1 + row, bx + 3, m->buf.v + at, cut, 44);
		cy = y0 + 1 + row;
		cx = bx + 3 + (int)cut;
		if (end - at > 44) {     /* no breaks: go on in the next row */
			at += 44;
		} else if (end < m->buf.len) {
			at = end + 1;
			if (at == m->buf.len && row < 2) {
				cy = y0 + 2 + row;
				cx = bx + 3;
			}
		} else {
			break;
		}
		row++;
	}
	if (m->fault[0]) {
		wattron(w, A_BOLD);
		tui_para(w, y0 + 4, bx + 2, m->fault, bw - 4, 3);
		wattroff(w, A_BOLD);
	} else {
		tui_para(w, y0 + 4, bx + 2,
			 _("Считайте паспорт или наберите строки (Enter между строками), в любой раскладке; Esc — отмена"),
			 bw - 4, 3);
	}
	a->cur_y = cy;
	a->cur_x = cx;
}
