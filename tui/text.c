/* SPDX-License-Identifier: MIT */
/* Putting UTF-8 text on the terminal: harmless (no escapes from stored
 * records), converted through the locale, with readable fallbacks for
 * Kazakh letters a single-byte Cyrillic terminal cannot show. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "tui.h"
#include "util.h"

/* Kazakh letters missing from KOI8-R/CP1251-style charsets, shown as the
 * nearest Russian letter, so a name stays readable. */
static const struct {
	uint32_t cp;
	uint32_t fb;
} fallback[] = {
	{0x04D8, 0x0410}, {0x04D9, 0x0430}, /* Ә ә -> А а */
	{0x0492, 0x0413}, {0x0493, 0x0433}, /* Ғ ғ -> Г г */
	{0x049A, 0x041A}, {0x049B, 0x043A}, /* Қ қ -> К к */
	{0x04A2, 0x041D}, {0x04A3, 0x043D}, /* Ң ң -> Н н */
	{0x04E8, 0x041E}, {0x04E9, 0x043E}, /* Ө ө -> О о */
	{0x04B0, 0x0423}, {0x04B1, 0x0443}, /* Ұ ұ -> У у */
	{0x04AE, 0x0423}, {0x04AF, 0x0443}, /* Ү ү -> У у */
	{0x04BA, 0x0425}, {0x04BB, 0x0445}, /* Һ һ -> Х х */
	{0x0406, 'I'},    {0x0456, 'i'},    /* І і -> I i */
	{0x0401, 0x0415}, {0x0451, 0x0435}, /* Ё ё -> Е е (CP866 has them) */
	{0x2014, '-'},    {0x2013, '-'},    /* dashes */
	{0x00AB, '"'},    {0x00BB, '"'},    /* « » */
	{0x2116, 'N'},    {0x00D7, 'x'},    /* № × */
	{0x2026, '.'},    {0x00B7, '-'},    /* … · */
};

/* A terminal whose charset has no Cyrillic at all (LANG=C): each letter
 * shown as one Latin letter, so every screen stays readable and keeps its
 * layout (the login screen says what the terminal needs). */
static const char latin1to1[] =
	/* А-Я */ "ABVGDEZZIIKLMNOPRSTUFHCCSS'Y'EUA"
	/* а-я */ "abvgdezziiklmnoprstufhccss'y'eua";
static int no_cyrillic;

void
tui_text_ascii(int on)
{
	no_cyrillic = on;
}

static wchar_t
showable(uint32_t cp)
{
	char mb[MB_LEN_MAX];
	mbstate_t st;
	size_t i;

	if (cp < 0x80)
		return (wchar_t)cp;
	memset(&st, 0, sizeof st);
	if (wcrtomb(mb, (wchar_t)cp, &st) != (size_t)-1)
		return (wchar_t)cp;
	for (i = 0; i < sizeof fallback / sizeof fallback[0]; i++)
		if (fallback[i].cp == cp)
			return showable(fallback[i].fb);
	if (no_cyrillic && cp >= 0x410 && cp <= 0x44F)
		return (wchar_t)(unsigned char)latin1to1[cp - 0x410];
	if (no_cyrillic && cp == 0x2192)
		return L'>';
	if (no_cyrillic && (cp == 0x2191 || cp == 0x2193))
		return L'^';
	return L'?';
}

static int
cell_width(wchar_t wc)
{
	int w = wcwidth(wc);

	return w < 0 ? 1 : w;
}

int
tui_wtext(WINDOW *w, int y, int x, const uint32_t *s, size_t n, int maxcols)
{
	wchar_t buf[256];
	size_t i, k = 0;
	int cols = 0, cw;

	for (i = 0; i < n && k + 1 < sizeof buf / sizeof buf[0]; i++) {
		wchar_t wc = s[i] < 0x20 || (s[i] >= 0x7F && s[i] < 0xA0)
				     ? L'?'
				     : showable(s[i]);

		cw = cell_width(wc);
		if (cols + cw > maxcols)
			break;
		buf[k++] = wc;
		cols += cw;
	}
	buf[k] = 0;
	if (k)
		mvwaddnwstr(w, y, x, buf, (int)k);
	return cols;
}

int
tui_text(WINDOW *w, int y, int x, const char *utf8, int maxcols)
{
	uint32_t cps[256];
	char *safe;
	size_t n = 0, len, off = 0;
	int used, cols;

	if (!utf8 || maxcols <= 0)
		return 0;
	safe = utf8_visible(utf8, 0);
	len = strlen(safe);
	while (off < len && n < sizeof cps / sizeof cps[0]) {
		uint32_t cp;

		used = utf8_decode(safe + off, len - off, &cp);
		if (used <= 0)
			break;
		cps[n++] = cp;
		off += (size_t)used;
	}
	free(safe);
	cols = tui_wtext(w, y, x, cps, n, maxcols);
	return cols;
}

int
tui_width(const char *utf8)
{
	size_t len = strlen(utf8), off = 0;
	int cols = 0, used;
	uint32_t cp;

	while (off < len && (used = utf8_decode(utf8 + off, len - off, &cp)) > 0) {
		cols += cell_width((wchar_t)cp);
		off += (size_t)used;
	}
	return cols;
}

int
tui_header(struct app *a, WINDOW *w, const char *title)
{
	char left[2 * ACTOR_NAME_MAX + 32];
	int cols = getmaxx(w), used = 0, rw, rows = 1;

	if (a->logged_in) {
		if (a->window_no > 0)
			snprintf(left, sizeof left, _("Окно %d · %s, %s"),
				 a->window_no, a->actor.full_name,
				 a->actor.position);
		else
			snprintf(left, sizeof left, "%s, %s",
				 a->actor.full_name, a->actor.position);
		used = tui_text(w, 0, 0, left, cols);
	}
	if (a->have_office) {
		rw = tui_width(a->office.name);
		if (used + 3 + rw <= cols)
			tui_text(w, 0, cols - rw, a->office.name, rw);
	}
	/* A training database says so on every screen, at the right of
	 * the title's row. */
	if (a->sess && a->sess->store && a->sess->store->training) {
		const char *mark = _("УЧЕБНЫЙ РЕЖИМ — ОБРАЗЕЦ");

		rw = tui_width(mark);
		if (rw > cols)
			rw = cols;
		wattron(w, A_REVERSE);
		tui_text(w, 1, cols - rw, mark, rw);
		wattroff(w, A_REVERSE);
		cols -= rw + 1;
	}
	if (title && cols > 0) {
		/* A long title takes a second row rather than lose its end. */
		wattron(w, A_BOLD);
		rows = tui_para(w, 1, 0, title, cols, 2);
		wattroff(w, A_BOLD);
	}
	return rows;
}

/* Line drawing where the terminal has it (its acsc capability), plain
 * ASCII where it has none, so a frame never comes out as letters. */
void
tui_box(WINDOW *w, int y, int x, int h, int wd)
{
	static int acs = -1;
	chtype hl = '-', vl = '|', ul = '+', ur = '+', ll = '+', lr = '+';
	int i;

	if (acs < 0) {
		const char *cap = tigetstr("acsc");

		acs = cap && cap != (const char *)-1 && *cap;
	}
	if (acs) {
		hl = ACS_HLINE; vl = ACS_VLINE;
		ul = ACS_ULCORNER; ur = ACS_URCORNER;
		ll = ACS_LLCORNER; lr = ACS_LRCORNER;
	}
	mvwaddch(w, y, x, ul);
	mvwhline(w, y, x + 1, hl, wd - 2);
	mvwaddch(w, y, x + wd - 1, ur);
	for (i = 1; i < h - 1; i++) {
		mvwaddch(w, y + i, x, vl);
		mvwaddch(w, y + i, x + wd - 1, vl);
	}
	mvwaddch(w, y + h - 1, x, ll);
	mvwhline(w, y + h - 1, x + 1, hl, wd - 2);
	mvwaddch(w, y + h - 1, x + wd - 1, lr);
}

int
tui_textn(WINDOW *w, int y, int x, const char *utf8, size_t n, int maxcols)
{
	char *part = xstrndup(utf8, n);
	int cols = tui_text(w, y, x, part, maxcols);

	free(part);
	return cols;
}

int
tui_wrap(const char *s, int width, int max, size_t *off, size_t *len)
{
	size_t at = 0, n = strlen(s);
	int lines = 0;

	if (width < 1)
		width = 1;
	while (lines < max) {
		size_t i = at, brk = 0, end;
		int cols = 0, used;
		uint32_t cp;

		while (lines > 0 && i < n && s[i] == ' ')
			i++;
		at = i;
		if (at >= n && lines > 0)
			break;
		end = at;
		while (i < n && s[i] != '\n') {
			used = utf8_decode(s + i, n - i, &cp);
			if (used <= 0)
				used = 1;
			if (cols + cell_width((wchar_t)cp) > width)
				break;
			cols += cell_width((wchar_t)cp);
			i += (size_t)used;
			if (cp == ' ' || cp == '-' || cp == ',' || cp == '/')
				brk = i;
		}
		if (i < n && s[i] != '\n' && brk > at)
			end = brk;      /* at the last space or hyphen */
		else
			end = i;        /* all of it, or a word too long */
		/* The last line of max takes what fits; the caller's width
		 * cuts it. */
		if (lines == max - 1 && end < n && s[end] != '\n')
			end = i;
		off[lines] = at;
		len[lines] = end - at;
		while (len[lines] > 0 && s[at + len[lines] - 1] == ' ')
			len[lines]--;
		lines++;
		at = end;
		if (at < n && s[at] == '\n')
			at++;
		if (at >= n)
			break;
	}
	return lines;
}

int
tui_para(WINDOW *w, int y, int x, const char *utf8, int width, int maxrows)
{
	size_t off[64], len[64];
	int n, i;

	if (maxrows > 64)
		maxrows = 64;
	if (maxrows <= 0)
		return 0;
	n = tui_wrap(utf8, width, maxrows, off, len);
	for (i = 0; i < n; i++)
		tui_textn(w, y + i, x, utf8 + off[i], len[i], width);
	return n;
}

int
tui_para_rows(const char *utf8, int width)
{
	size_t off[64], len[64];

	return tui_wrap(utf8, width, 64, off, len);
}
