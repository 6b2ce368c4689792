/* SPDX-License-Identifier: MIT */
/* The command line's progress line (core/progress.h): while long work
 * runs, one status line on stderr, «Проверка цепочки журнала: 412 000 из
 * 1 000 000 (41 %), 95 000 строк/с, ещё 6 с». A phase shows only once it
 * has run for half a second; the line is redrawn in place at most twice a
 * second, only when its text changed, and then only the cells that
 * changed (a cursor move costs less than rewriting what is already
 * there), so a minute of progress is a few kilobytes on a slow link. The
 * line is erased when the phase ends, and the command's own result comes
 * out on a clean line. Nothing at all when stderr is not a terminal (cron,
 * scripts: only the result) or with --quiet.
 *
 * Cells: the texts are okno's own (Cyrillic, Kazakh letters, digits,
 * punctuation), one terminal column per code point. */
#include "cli.h"
#include "progress.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#define FRAME_GAP 0.5   /* seconds between two frames, at least */
#define TEXT_MAX 512
#define CELLS_MAX 256

static struct {
	struct progress p;
	int fd;
	double last;             /* when the last frame was drawn */
	char shown[TEXT_MAX];    /* what the line shows ("" nothing) */
	size_t off[CELLS_MAX + 1];
	size_t ncells;           /* cells of shown; off[i]: byte of cell i */
	size_t col;              /* the cursor's column */
	int width;               /* the terminal's columns at the last frame */
	char out[2 * TEXT_MAX];  /* the frame being written */
	size_t nout;
} ln;

/* Byte offsets of the cells of s, at most max cells (off[n] = the end). */
static size_t
cells_of(const char *s, size_t *off, size_t max)
{
	size_t n = 0, i = 0;

	while (s[i] && n < max) {
		off[n++] = i;
		i++;
		while ((s[i] & 0xC0) == 0x80)
			i++;
	}
	off[n] = i;
	return n;
}

static void
put(const char *s, size_t n)
{
	if (ln.nout + n <= sizeof ln.out) {
		memcpy(ln.out + ln.nout, s, n);
		ln.nout += n;
	}
}

static void
put_csi(int n, char final)
{
	char b[16];
	int k = snprintf(b, sizeof b, "\033[%d%c", n, final);

	put(b, (size_t)k);
}

static int
digits(size_t n)
{
	return n >= 100 ? 3 : n >= 10 ? 2 : 1;
}

/* Move the cursor to column x of the line, by the cheapest of: nothing,
 * backspaces, CUB, CR + CUF, CUF, or rewriting the cells between (they
 * are the same on screen). text/off describe the new line. */
static void
move_to(size_t x, const char *text, const size_t *off)
{
	size_t d;

	if (x == ln.col)
		return;
	if (x < ln.col) {
		d = ln.col - x;
		if (x == 0)
			put("\r", 1);
		else if (d <= 3)
			put("\b\b\b", d);
		else if (3 + (size_t)digits(d) <= 1 + 3 + (size_t)digits(x))
			put_csi((int)d, 'D');
		else {
			put("\r", 1);
			put_csi((int)x, 'C');
		}
	} else {
		d = x - ln.col;
		if (off[x] - off[ln.col] <= 3 + (size_t)digits(d))
			put(text + off[ln.col], off[x] - off[ln.col]);
		else
			put_csi((int)d, 'C');
	}
	ln.col = x;
}

static void
flush(void)
{
	size_t done = 0;

	while (done < ln.nout) {
		ssize_t w = write(ln.fd, ln.out + done, ln.nout - done);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		done += (size_t)w;
	}
	ln.nout = 0;
}

static int
terminal_width(void)
{
	struct winsize ws;

	if (ioctl(ln.fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 1)
		return ws.ws_col;
	return 80;
}

/* Make the line show text: only the runs of cells that differ from what
 * is shown are written; a gap of unchanged cells between two runs is
 * rewritten when that is cheaper than jumping over it. */
static void
draw(const char *text)
{
	size_t off[CELLS_MAX + 1], n, i, j, k;
	int width = terminal_width();
	size_t max = (size_t)width - 1 < CELLS_MAX ? (size_t)width - 1
						  : CELLS_MAX;

	n = cells_of(text, off, max);
	if (width != ln.width && ln.ncells) {
		/* Resized: the old line may have wrapped; start over. */
		ln.ncells = 0;
		ln.shown[0] = '\0';
		put("\r", 1);
		ln.col = 0;
		put("\033[K", 3);
	}
	ln.width = width;
	for (i = 0; i < n;) {
#define SAME(c)                                                               \
	((c) < ln.ncells &&                                                   \
	 off[(c) + 1] - off[c] == ln.off[(c) + 1] - ln.off[c] &&              \
	 !memcmp(text + off[c], ln.shown + ln.off[c], off[(c) + 1] - off[c]))
		if (SAME(i)) {
			i++;
			continue;
		}
		/* A changed run [i, j); then absorb short unchanged gaps. */
		for (j = i + 1;;) {
			while (j < n && !SAME(j))
				j++;
			for (k = j; k < n && SAME(k); k++)
				;
			if (k < n && off[k] - off[j] <= 4) {
				j = k;
				continue;
			}
			break;
		}
#undef SAME
		move_to(i, text, off);
		put(text + off[i], off[j] - off[i]);
		ln.col = j;
		i = j;
	}
	if (n < ln.ncells) {
		move_to(n, text, off);
		put("\033[K", 3);
	}
	memcpy(ln.off, off, (n + 1) * sizeof *off);
	memcpy(ln.shown, text, off[n]);
	ln.shown[off[n]] = '\0';
	ln.ncells = n;
	flush();
}

static void
erase(void)
{
	if (!ln.ncells)
		return;
	put("\r\033[K", 4);
	flush();
	ln.ncells = 0;
	ln.shown[0] = '\0';
	ln.col = 0;
}

static int
show(void *arg, const struct progress *p)
{
	char text[TEXT_MAX];
	double now;

	(void)arg;
	if (p->ended) {
		erase();
		return 0;
	}
	now = progress_clock();
	if (now - p->started < FRAME_GAP || now - ln.last < FRAME_GAP)
		return 0;
	progress_text(p, now, text, sizeof text);
	if (strcmp(text, ln.shown) != 0) {
		draw(text);
		ln.last = now;
	}
	return 0;
}

static struct progress *line;

void
cli_progress_init(int quiet)
{
	line = NULL;
	if (quiet || !isatty(STDERR_FILENO))
		return;
	memset(&ln, 0, sizeof ln);
	ln.fd = STDERR_FILENO;
	ln.p.show = show;
	line = &ln.p;
}

struct progress *
cli_progress(void)
{
	return line;
}
