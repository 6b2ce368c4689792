/* SPDX-License-Identifier: MIT */
/* Widgets: the pick-list with type-ahead (w_pick.c) and the form editor
 * (w_form.c), which edits any form loaded from forms/ plus its documents
 * checklist. */
#ifndef OKNO_TUI_WIDGETS_H
#define OKNO_TUI_WIDGETS_H

#include <curses.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "forms.h"
#include "tui.h"

struct reflist;

/* ---- code-point buffer (cpbuf.c) ---- */
/* Typed text as code points: form fields, prompts, the passport's zone
 * and the pick-list's search all edit one of these. Zero-initialise;
 * cleared memory is wiped (a prompt may hold a password). */
struct cpbuf {
	uint32_t *v;
	size_t len, cap;
};
void cpbuf_set(struct cpbuf *b, const char *utf8);
void cpbuf_insert(struct cpbuf *b, size_t at, uint32_t cp);
void cpbuf_delete(struct cpbuf *b, size_t at);
void cpbuf_truncate(struct cpbuf *b, size_t len);
void cpbuf_clear(struct cpbuf *b);
void cpbuf_free(struct cpbuf *b);
/* The text (or positions from..to) as new UTF-8; the caller frees. */
char *cpbuf_utf8(const struct cpbuf *b);
char *cpbuf_utf8_range(const struct cpbuf *b, size_t from, size_t to);
size_t cpbuf_count(const struct cpbuf *b, uint32_t cp);

/* ---- list scrolling (lscroll.c) ---- */
/* A selection in a list of n rows shown rows at a time, or (view) a text
 * scrolled without a selection. Zero-initialise; lscroll_fit() after the
 * list or the screen changed. */
struct lscroll {
	size_t sel, top;
	size_t n;
	int rows;
	int view;   /* no selection: the keys move the first row shown */
	int wrap;   /* Up on the first row selects the last (menus) */
};
enum { LS_NONE, LS_MOVED, LS_BEFORE, LS_AFTER };
void lscroll_fit(struct lscroll *l, size_t n, int rows);
/* Up, Down, PgUp, PgDn, Home, End: LS_MOVED; LS_BEFORE / LS_AFTER when
 * the key would leave the list at its start / end (a screen that pages
 * from the database loads more then); LS_NONE for any other key. */
int lscroll_key(struct lscroll *l, const struct key *k);

/* ---- pick-list ---- */
struct pick_item {
	const char *label;  /* shown (UTF-8, not owned) */
	const char *code;   /* returned; also matched by type-ahead */
	const char *also;   /* other spellings, '\n'-separated (Kazakh,
			     * Latin, aliases), matched too; may be NULL */
};

struct pick_entry;          /* an item with its search keys (w_pick.c) */

struct pick {
	const char *title;
	struct pick_entry *items; /* owned array */
	size_t n;
	size_t *shown;            /* indexes of items matching typed */
	size_t nshown;
	struct lscroll ls;
	struct cpbuf typed;       /* the search, never cut short */
	int open;
};

enum { PICK_NONE, PICK_CHOSEN, PICK_CANCEL };

/* Open over n items (copied; labels and codes are not). typed: initial
 * search text (may be NULL). A letter finds every entry with a word (in
 * any of its spellings: Russian, Kazakh, Latin, aliases, the code)
 * starting with what was typed, or whose Latin reading does; nothing
 * typed is dropped, and Enter with no match chooses nothing. */
void pick_open(struct pick *p, const char *title,
	       const struct pick_item *items, size_t n, const char *typed);
void pick_close(struct pick *p);
/* PICK_CHOSEN: pick_chosen() is the item. */
int pick_key(struct pick *p, const struct key *k);
const struct pick_item *pick_chosen(const struct pick *p);
/* What was typed in the search (new UTF-8, the caller frees). */
char *pick_typed(const struct pick *p);
/* Drawn as a box over the body rows; sets the cursor. */
void pick_draw(struct pick *p, struct app *a, WINDOW *w);

/* ---- one-line prompt (w_input.c) ---- */
struct winput {
	char label[160];
	struct cpbuf buf;
	size_t cur;
	int fresh;  /* the initial text: the first letter typed replaces it */
	int open;
	int secret; /* set after input_open: drawn as '*' (a password) */
};
enum { INPUT_NONE, INPUT_DONE, INPUT_CANCEL };
/* Open with a label and an initial text (UTF-8, may be NULL). */
void input_open(struct winput *in, const char *label, const char *initial);
int input_key(struct winput *in, const struct key *k);
/* The text typed, trimmed, as new UTF-8 (the caller frees it). */
char *input_text(const struct winput *in);
/* Forget the text (wiped) and free the buffer. */
void input_free(struct winput *in);
/* Drawn on row y; sets the cursor. */
void input_draw(struct winput *in, struct app *a, WINDOW *w, int y);

/* ---- passport's machine-readable zone (w_mrz.c) ---- */
/* A document reader types the zone like a keyboard (or a person does, in
 * either keyboard layout): lines separated by Enter, two lines of 44 or
 * 36 or three of 30 complete it. A fault is shown in the box with the
 * lines kept, to be corrected or read again. */
struct wmrz {
	int open;
	struct cpbuf buf;       /* lines separated by '\n' */
	char fault[512];
};
enum { MRZ_NONE, MRZ_READ, MRZ_CANCEL };
void mrz_open(struct wmrz *m);
void mrz_close(struct wmrz *m);
/* MRZ_READ: *out holds the parsed zone. */
struct mrz;
int mrz_key(struct wmrz *m, const struct key *k, struct mrz *out);
/* A box over the rows from y0 (7 rows); sets the cursor. */
void mrz_draw(struct wmrz *m, struct app *a, WINDOW *w, int y0);

/* ---- confirmation of an act that cannot be undone (w_confirm.c) ---- */
/* What will be done, line by line, in a box; F2 (or Esc 2) does it, Esc
 * or F10 does not. Enter is not an answer: the key that chose the act
 * cannot confirm it too. */
#define CONFIRM_LINES 10
struct wconfirm {
	int open;
	char title[160];
	char line[CONFIRM_LINES][400];
	int n;
	char yes[80];           /* "F2 — выдать" */
};
enum { CONFIRM_NONE, CONFIRM_YES, CONFIRM_NO };
/* yes "" (or NULL): a box that only tells, closed by Enter or Esc, its
 * text wiped then (a password shown once). */
void confirm_open(struct wconfirm *c, const char *title, const char *yes);
void confirm_line(struct wconfirm *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int confirm_key(struct wconfirm *c, const struct key *k);
void confirm_draw(struct wconfirm *c, struct app *a, WINDOW *w);

/* ---- a list screen's selection and boxes (lscreen.c) ---- */
/* What every list screen (the audit log, «Беркут», blanks, drafts, the
 * administrator's lists) has beside its own rows: the selection, F2's
 * action menu, a one-line prompt and a box that confirms an act or only
 * tells. They are drawn and take keys alike; what an action, a typed
 * text or a confirmation does is the screen's (struct lscreen_ops).
 * Embed it zeroed in the screen's state; lscreen_free() when the screen
 * leaves. */
struct lscreen {
	struct lscroll ls;
	struct pick pick;
	struct pick_item items[4];  /* the action menu's (lscreen_menu) */
	int picking;
	struct winput in;
	struct wconfirm confirm;
};
struct screen;
/* Each returns SCR_* flags. */
struct lscreen_ops {
	/* F2: the action menu's items (lscreen_item) and their number (0:
	 * F2 does nothing now), its title in *title. */
	size_t (*menu)(struct screen *s, const char **title);
	/* An action chosen from the menu, by its code (may be NULL). */
	int (*chosen)(struct screen *s, const char *code);
	/* The text typed at the prompt (may be NULL). */
	int (*typed)(struct screen *s, const char *text);
	/* The confirmation's F2 (may be NULL). */
	int (*yes)(struct screen *s);
	/* The confirmation answered Esc or F10 (not a box that only tells;
	 * may be NULL). */
	void (*no)(struct screen *s);
	/* The prompt cancelled (may be NULL). */
	void (*cancel)(struct screen *s);
	/* Any other key (may be NULL); 0 when not used. */
	int (*key)(struct screen *s, const struct key *k);
};
/* Row y is the selected one: marked '>', the cursor there. */
void lscreen_mark(struct app *a, WINDOW *w, int y);
/* Rows y0 .. y0+rows-1 show the list's n rows from the first on screen,
 * the selected one marked '>' and holding the cursor; line() writes row
 * i's text. */
void lscreen_rows(struct lscreen *l, struct screen *s, WINDOW *w, int y0,
		  int rows, size_t n,
		  void (*line)(struct screen *s, size_t i, char *buf,
			       size_t size));
/* Item i of the action menu: its label and the code chosen() gets. */
void lscreen_item(struct lscreen *l, size_t i, const char *label,
		  const char *code);
/* Open the action menu over the first n of l->items (F2's, or a next
 * question after a choice). */
void lscreen_menu(struct lscreen *l, const char *title, size_t n);
/* The open box and the status line: the confirmation (F2 and F10, none
 * for a box that only tells), the prompt (F10), else the screen's keys
 * and the action menu when it is open. */
void lscreen_draw(struct lscreen *l, struct app *a, WINDOW *w,
		  const struct fkey *keys, size_t nkeys);
/* A key for the open box: its SCR_* flags; 0 when no box is open. */
int lscreen_box_key(struct lscreen *l, struct screen *s,
		    const struct lscreen_ops *ops, const struct key *k);
/* A list screen's key: for the open box, else a scrolling key over n rows
 * shown rows at a time, F2's menu, else the screen's own key. Its SCR_*
 * flags (0: not used: Esc and F10 then close a screen that esc_closes). */
int lscreen_key(struct lscreen *l, struct screen *s,
		const struct lscreen_ops *ops, const struct key *k, size_t n,
		int rows);
void lscreen_free(struct lscreen *l);

/* ---- form editor ---- */
enum fitem_kind { FI_FIELD, FI_CHECK };

struct fitem {
	enum fitem_kind kind;
	const struct form_field *fl;      /* FI_FIELD */
	const struct form_check_item *ck; /* FI_CHECK */
	struct cpbuf text;                /* text typed or the choice shown */
	size_t cur, scroll;
	char *code;                       /* choice / yes-no: the code */
	int ticked;                       /* FI_CHECK */
	int vrow, nrows;                  /* first row in the whole form */
	int bad;                          /* named by the last refused save */
};

struct wform {
	struct app *app;
	const struct form *f;
	struct fitem *items;
	size_t n;
	size_t focus;
	int nvrows;
	int top;                          /* first virtual row shown */
	int body_y;                       /* first row of the form (2) */
	int cols;                         /* width the rows were laid for */
	int label_w, box_x;
	int overwrite;
	struct pick pick;
	int picking;
	struct pick_item *pick_items;     /* what the open list was made of */
	char **pick_also;
	size_t npick;
	struct reflist *pick_list;        /* a reference list's entries */
	/* the errors of a refused save, listed until one is chosen */
	struct errlist shown_errs;
	struct lscroll errs;
	int show_errs;
	/* F9: the passport's machine-readable zone */
	struct wmrz mrz;
};

/* Set up an empty form editor for f (not owned). */
void wform_init(struct wform *w, struct app *a, const struct form *f);
void wform_free(struct wform *w);
/* Every raw value typed ({key: string}, empty fields left out), and the
 * ticked checklist keys. New references. */
json_t *wform_values(const struct wform *w);
json_t *wform_documents(const struct wform *w);
/* Fill from raw values and ticked documents (a draft); either may be
 * NULL. */
void wform_load(struct wform *w, json_t *values, json_t *documents);
/* 1 when anything was typed or ticked. */
int wform_touched(const struct wform *w);
/* Move the focus to the field with this key. */
void wform_focus_key(struct wform *w, const char *key);
/* Move the focus to the first checklist item required now and not
 * ticked; 0 when there is none. */
int wform_focus_missing(struct wform *w);
/* Returns SCR_* flags; keys it does not use come back without
 * SCR_HANDLED. */
int wform_key(struct wform *w, const struct key *k);
void wform_draw(struct wform *w, WINDOW *win);
/* List the errors of a refused save: they stay listed until one is
 * chosen (Enter: its field; Esc: the first), and each field named keeps
 * a "!" mark until its value changes. */
void wform_show_errors(struct wform *w, const struct errlist *l);
/* Leave-field validation of the focused item; 0 when fine (message on
 * the status line otherwise). */
int wform_check_focus(struct wform *w);
/* 1 when the form has the person and document fields a passport's MRZ
 * fills (F9 is offered then). */
int wform_mrz_ok(const struct wform *w);
/* 1 while a list, the error list or the passport's zone is open over the
 * form (the screen's own keys wait). */
int wform_busy(const struct wform *w);
/* The label, section title, hint, choice and checklist texts in the
 * interface's language (Kazakh when chosen and the form gives it). */
const char *wform_label(const struct form_field *fl);
const char *wform_hint(const struct form_field *fl);
const char *wform_section(const struct form_section *s);
const char *wform_choice(const struct form_choice *c);
const char *wform_check_text(const struct form_check_item *ck);
const char *wform_title(const struct form *f);
/* The entries of fl's pick-list (its choices, the countries, yes/no, or
 * its reference list from forms/lists, within the value of the field it
 * depends on) into w->pick_items; wform_pick_free() frees them. */
void wform_pick_items(struct wform *w, const struct form_field *fl);
void wform_pick_free(struct wform *w);
/* 1 when typing a letter in the field opens its list (countries and
 * reference lists: what is typed is kept when nothing is chosen). */
int wform_has_list(const struct form_field *fl);
/* An error from core about field key (its message starts with the
 * Russian label) in the interface's language: new string. */
char *wform_error_text(const struct form *f, const struct err *e);

#endif
