/* SPDX-License-Identifier: MIT */
/* Shared state of the kiosk: the application (session, actor, window),
 * keys as actions, and the drawing helpers every screen uses. Screen texts
 * are wrapped in _() so gettext can take them over later. */
#ifndef OKNO_TUI_H
#define OKNO_TUI_H

#include <curses.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <jansson.h>

#include "session.h"
#include "office.h"
#include "progress.h"
#include "role.h"

#include <libintl.h>
/* A translation is used only when it asks for the same printf arguments as
 * the Russian text (most texts are formats): a catalogue that does not
 * fit falls back to Russian instead of driving printf. */
const char *tui_gettext(const char *msgid);
#define _(s) tui_gettext(s)
#define N_(s) (s)   /* marked for xgettext, translated where shown */

/* The kiosk on an open session (database open, forms loaded, and when
 * have_actor the account logged in): the login screen, else the menu, or
 * with intake_service a blank intake form of that service. Returns 0. */
int tui_main(struct session *c, const char *intake_service);
/* The hall board of the office's queue, read every poll_ms, until a
 * signal or q. */
int tui_board(struct session *c, long long office_id, int poll_ms);

/* Interface language (i18n.c): bind the "okno" catalogue; OKNO_LANG
 * (okno --lang kk) chooses Kazakh, Russian is the default. */
void tui_i18n_init(void);
const char *tui_lang(void);   /* "ru" or "kk" */
int tui_kk(void);             /* 1 when the interface is in Kazakh */
/* The Kazakh text when the interface is in Kazakh and there is one,
 * else the Russian. */
const char *tui_tr(const char *ru, const char *kk);
/* msgid's text in one language ("ru", "kk") whatever the interface's. */
const char *tui_gettext_in(const char *language, const char *msgid)
	__attribute__((format_arg(2)));
/* "Русский / Қазақша" (one of them when they are the same): the hall
 * board speaks both. */
void tui_both(const char *msgid, char *out, size_t n);


/* Keys as actions (one table in app.c). */
enum action {
	ACT_NONE,
	ACT_CHAR,       /* a printable character in key.ch */
	ACT_LEFT, ACT_RIGHT, ACT_UP, ACT_DOWN, ACT_HOME, ACT_END, ACT_PGUP, ACT_PGDN,
	ACT_BACKSPACE, ACT_DELETE, ACT_INSERT,
	ACT_TAB, ACT_BTAB, ACT_ENTER, ACT_ESC,
	ACT_F1, ACT_F2, ACT_F3, ACT_F4, ACT_F5, ACT_F6, ACT_F7, ACT_F8, ACT_F9, ACT_F10,
	ACT_REFRESH,    /* Ctrl-L */
};

/* What each function key does, the same on every screen. */
/* What each function key does, the same on every screen that has the act
 * (README, "The kiosk's keys"); a screen shows only the keys the account
 * may use there. */
#define ACT_HELP     ACT_F1   /* full-screen help of this screen */
#define ACT_SAVE     ACT_F2   /* the screen's act: accept, act on the case,
				 call the next ticket; confirms */
#define ACT_LIST     ACT_F3   /* open the pick-list of the field */
#define ACT_DUP      ACT_F4   /* copy the field from the previous application */
#define ACT_RETURN   ACT_F5   /* return the documents at intake */
#define ACT_DRAFT    ACT_F6   /* keep as a draft; the drafts */
#define ACT_FIND     ACT_F7   /* search */
#define ACT_PRINT    ACT_F8   /* print */
#define ACT_MRZ      ACT_F9   /* form: read a passport's MRZ */
#define ACT_QUIT     ACT_F10  /* back out (as Esc) */

struct key {
	enum action act;
	uint32_t ch;      /* ACT_CHAR: the code point */
};

struct screen;
struct screen_ops;

/* What intake starts with: a service's blank form, or a kept draft. */
struct intake_arg {
	const char *service;     /* catalogue code */
	long long draft_id;      /* > 0: resume this draft */
};

#define STACK_MAX 8
#define STATUS_MAX 512

struct app {
	struct session *sess;         /* database, forms, the logged-in account */
	const char *intake_service;   /* okno intake SERVICE, else NULL */
	struct intake_arg start;      /* ... as intake's argument */
	int kiosk;
	int logged_in;
	struct actor actor;
	struct office_info office;
	int have_office;
	int window_no;                /* 0: not seated */

	struct screen *stack[STACK_MAX];
	int depth;
	struct {
		const struct screen_ops *ops;
		void *arg;
	} push;

	char status[STATUS_MAX];      /* message line */
	int status_error;
	int cur_y, cur_x;             /* cursor wanted by the screen, -1 hide */
	int too_small;

	long idle_secs;               /* 0: no idle lock */
	time_t last_key;
	int utf8;                     /* the locale's charset is UTF-8 */
	int ascii;                    /* the charset has no Cyrillic at all */
	int esc_keys;                 /* no function keys: Esc+digit shown */

	/* The previous application's values, per form id, for the
	 * duplicate key (kept in memory for the session only). */
	json_t *previous;             /* form id -> {key: raw value} */
};

/* Minimum terminal size. */
#define TUI_MIN_COLS 80
#define TUI_MIN_ROWS 24

/* Set the message line (printf-style). error: shown as an error. */
void app_status(struct app *a, int error, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void app_status_clear(struct app *a);

/* After a successful login: fill the actor, office and window. */
void app_login_done(struct app *a, const struct actor *who);
/* Where the window prints: its remembered choice ("file:DIR/", "lp:Q",
 * "terminal"); 0 and "" when none. */
int app_printer(struct app *a, char *out, size_t n);
/* The folder the window's documents go to as files: the folder of its
 * remembered choice, else "print" next to the database. */
void app_print_dir(struct app *a, char *out, size_t n);
/* The called ticket of this window ("012"), "" when none. */
void app_ticket(struct app *a, char *out, size_t n);

/* Drawing helpers (text.c). Text is UTF-8; it is made harmless
 * (utf8_visible) and converted to what the terminal's locale can show
 * (Kazakh letters fall back to readable Russian ones where needed).
 * Returns the number of cells written. At most maxcols cells. */
int tui_text(WINDOW *w, int y, int x, const char *utf8, int maxcols);
/* The same for an array of code points (the form editor's buffers). */
int tui_wtext(WINDOW *w, int y, int x, const uint32_t *s, size_t n,
	      int maxcols);
/* The terminal's charset has no Cyrillic (LANG=C): letters are shown as
 * Latin ones, one for one. */
void tui_text_ascii(int on);
/* 1 for a charset (nl_langinfo(CODESET)) with no Cyrillic: ASCII. */
int tui_charset_ascii(const char *cs);
/* Cells a UTF-8 string takes on screen. */
int tui_width(const char *utf8);
/* tui_text() for the first n bytes of utf8. */
int tui_textn(WINDOW *w, int y, int x, const char *utf8, size_t n,
	      int maxcols);
/* Break text into lines of at most width cells, at a space, hyphen or
 * comma where it can (a longer word is cut), and at '\n'; up to max
 * lines, each line's byte offset and length into off[] and len[].
 * Returns the number of lines (at least 1). */
int tui_wrap(const char *utf8, int width, int max, size_t *off, size_t *len);
/* Text wrapped over up to maxrows rows from y; returns the rows used. */
int tui_para(WINDOW *w, int y, int x, const char *utf8, int width,
	     int maxrows);
/* Rows tui_para() would use (up to 64). */
int tui_para_rows(const char *utf8, int width);
/* A frame of h rows and wd columns at y, x: the terminal's line drawing
 * (ACS) when its terminfo has acsc, ASCII + - | otherwise. */
void tui_box(WINDOW *w, int y, int x, int h, int wd);
/* Header (window, inspector, office) on row 0 and a title on row 1; a
 * title too long for one row wraps onto row 2. Returns the title's rows. */
int tui_header(struct app *a, WINDOW *w, const char *title);

/* Status line and function-key bar (w_status.c). */
struct fkey {
	enum action act;
	const char *label;
};
void status_draw(struct app *a, WINDOW *w, const struct fkey *keys,
		 size_t n);
/* While long work runs: text on the message line, «Esc Отмена» on the
 * key bar. */
void status_busy(WINDOW *w, const char *text);

/* Long work shown on the message line, cancelled by Esc or a hang-up
 * (w_progress.c): pass tui_progress_start's reporter to core (which then
 * returns ST_CANCELLED when it was cancelled), then tui_progress_stop. */
struct tui_progress {
	struct progress p;
	struct app *app;
	double last;               /* when the line was last drawn */
	char shown[STATUS_MAX];
};
struct progress *tui_progress_start(struct tui_progress *tp, struct app *a);
void tui_progress_stop(struct tui_progress *tp);

/* 1 once the terminal has hung up (SIGHUP, SIGTERM). */
int app_hung_up(void);

#endif
