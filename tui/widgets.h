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

/* ---- pick-list ---- */
struct pick_item {
	const char *label;  /* shown (UTF-8, not owned) */
	const char *code;   /* returned; also matched by type-ahead */
	char *fold;         /* folded label for matching (owned) */
};

struct pick {
	const char *title;
	struct pick_item *items;  /* owned array */
	size_t n;
	size_t *shown;            /* indexes of items matching typed */
	size_t nshown;
	size_t sel, top;
	char typed[64];
	int open;
};

enum { PICK_NONE, PICK_CHOSEN, PICK_CANCEL };

/* Open over n items (copied; labels and codes are not). typed: initial
 * type-ahead text (may be NULL). */
void pick_open(struct pick *p, const char *title,
	       const struct pick_item *items, size_t n, const char *typed);
void pick_close(struct pick *p);
/* PICK_CHOSEN: pick_chosen() is the item. */
int pick_key(struct pick *p, const struct key *k);
const struct pick_item *pick_chosen(const struct pick *p);
/* Drawn as a box over the body rows; sets the cursor. */
void pick_draw(struct pick *p, struct app *a, WINDOW *w);

/* ---- one-line prompt (w_input.c) ---- */
#define INPUT_MAX 300
struct winput {
	char label[160];
	uint32_t buf[INPUT_MAX];
	size_t len;
	int open;
	int secret; /* set after input_open: drawn as '*' (a password) */
};
enum { INPUT_NONE, INPUT_DONE, INPUT_CANCEL };
/* Open with a label and an initial text (UTF-8, may be NULL). */
void input_open(struct winput *in, const char *label, const char *initial);
int input_key(struct winput *in, const struct key *k);
/* The text typed, trimmed, as new UTF-8 (the caller frees it). */
char *input_text(const struct winput *in);
/* Drawn on row y; sets the cursor. */
void input_draw(struct winput *in, struct app *a, WINDOW *w, int y);

/* ---- form editor ---- */
enum fitem_kind { FI_FIELD, FI_CHECK };

struct fitem {
	enum fitem_kind kind;
	const struct form_field *fl;      /* FI_FIELD */
	const struct form_check_item *ck; /* FI_CHECK */
	uint32_t *buf;                    /* text, code points */
	size_t len, cap;
	size_t cur, scroll;
	char *code;                       /* choice / yes-no: the code */
	int ticked;                       /* FI_CHECK */
	int vrow;                         /* row in the whole form */
};

struct wform {
	struct app *app;
	const struct form *f;
	struct fitem *items;
	size_t n;
	size_t focus;
	int nvrows;
	int top;                          /* first virtual row shown */
	int overwrite;
	struct pick pick;
	int picking;
	/* list of errors shown after a refused save */
	struct errlist shown_errs;
	int show_errs;
	/* F9: the passport's machine-readable zone being typed by a
	 * document reader (or pasted), lines separated by '\n'. */
	int mrz;
	char mrzbuf[256];
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
/* Returns SCR_* flags; keys it does not use come back without
 * SCR_HANDLED. */
int wform_key(struct wform *w, const struct key *k);
void wform_draw(struct wform *w, WINDOW *win);
/* Show a list of errors (after a refused save) until the next key; the
 * focus goes to the first field named. */
void wform_show_errors(struct wform *w, const struct errlist *l);
/* Leave-field validation of the focused item; 0 when fine (message on
 * the status line otherwise). */
int wform_check_focus(struct wform *w);
/* 1 when the form has the person and document fields a passport's MRZ
 * fills (F9 is offered then). */
int wform_mrz_ok(const struct wform *w);

#endif
