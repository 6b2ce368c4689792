/* SPDX-License-Identifier: MIT */
/* The form editor's own pieces that its other files use (w_form.c is the
 * editor; w_formmrz.c fills it from a passport's machine-readable zone).
 * Not for the screens: they use the wform_* calls in widgets.h. */
#ifndef OKNO_TUI_W_FORM_H
#define OKNO_TUI_W_FORM_H

#include <jansson.h>

#include "widgets.h"

/* The Kazakh text when the interface speaks Kazakh and there is one. */
#define KK(ru, kk) (tui_kk() && (kk) && *(kk) ? (kk) : (ru))

/* A field's raw value: a choice's code, else the text typed. */
void wform_set_value(struct fitem *it, const char *v);
/* 1 unless the item's requirement is bound to another field that is
 * filled with something else (vals: wform_values()). */
int wform_applies(const struct wform *w, const struct fitem *it,
		  json_t *vals);
/* 1 when the item must be filled now: always, or by its condition. */
int wform_required_now(const struct wform *w, const struct fitem *it,
		       json_t *vals);
/* Scroll so the focused item is in view. */
void wform_scroll_to_focus(struct wform *w);
/* The focused item's hint on the status line. */
void wform_show_hint(struct wform *w);
/* A key while the zone's box is open, or F9 that opens it (w_formmrz.c);
 * returns SCR_* flags. */
int wform_mrz_key(struct wform *w, const struct key *k);

#endif
