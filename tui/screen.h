/* SPDX-License-Identifier: MIT */
/* The screen interface: each screen is one file ending with a table of
 * these operations. key() never redraws or switches screens by itself; it
 * returns SCR_* flags (and, for SCR_PUSH, fills app->push) and the loop in
 * app.c acts on them. */
#ifndef OKNO_TUI_SCREEN_H
#define OKNO_TUI_SCREEN_H

#include <curses.h>

#include "tui.h"
#include "util.h"

enum {
	SCR_HANDLED = 1,  /* the key was used */
	SCR_REDRAW = 2,   /* something on screen changed */
	SCR_CLOSE = 4,    /* pop this screen */
	SCR_QUIT = 8,     /* leave okno (login screen again in kiosk mode) */
	SCR_PUSH = 16,    /* push app->push.ops with app->push.arg */
	SCR_LOGOUT = 32,  /* back to the login screen */
};

struct screen;

struct screen_ops {
	const char *name;
	int  (*enter)(struct screen *, void *arg);  /* 0 ok, -1 refuse */
	void (*leave)(struct screen *);
	void (*draw)(struct screen *, WINDOW *);
	int  (*key)(struct screen *, const struct key *);
	/* The session is ending (hang-up, lock log-out): keep the work. */
	void (*hangup)(struct screen *);
	int personal;  /* shows personal data: hidden by the idle lock */
	/* Esc or F10 that key() does not take (returns 0 for) closes the
	 * screen, the status line cleared. */
	int esc_closes;
	/* F1: the screen's help (a msgid: title line, then the text), and
	 * what it adds about where the inspector is now (may be NULL). */
	const char *help;
	void (*help_more)(struct screen *, struct strbuf *);
};

struct screen {
	const struct screen_ops *ops;
	struct app *app;
	void *priv;
};

extern const struct screen_ops login_screen;
extern const struct screen_ops menu_screen;
extern const struct screen_ops intake_screen;
extern const struct screen_ops lock_screen;
extern const struct screen_ops case_screen;     /* arg: long long * id */
extern const struct screen_ops worklist_screen;
extern const struct screen_ops queue_screen;
extern const struct screen_ops journal_screen;
extern const struct screen_ops report_screen;
extern const struct screen_ops admin_screen;
extern const struct screen_ops check_screen;    /* a document's code */
extern const struct screen_ops drafts_screen;   /* the inspector's drafts */
extern const struct screen_ops blanks_screen;   /* strict-accountability blanks */
extern const struct screen_ops berkut_screen;   /* ЕИС «Беркут» batches */
extern const struct screen_ops audit_screen;    /* the audit log */
extern const struct screen_ops help_screen;     /* arg: struct screen * */

#endif
