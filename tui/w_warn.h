/* SPDX-License-Identifier: MIT */
/* The list of the rules' warnings an act needs confirmed (core/rules.h):
 * shown in place of the screen's body, each warning with its rule id; the
 * screen takes the confirmation with a key (F2) and repeats the act with
 * the ids confirmed, or goes back (F10, Esc). */
#ifndef OKNO_TUI_W_WARN_H
#define OKNO_TUI_W_WARN_H

#include <curses.h>

#include <jansson.h>

#include "rules.h"
#include "tui.h"

struct wwarn {
	struct rule_findings f;   /* the unconfirmed warnings only */
	int open;
};

/* Open the list when found holds warnings to confirm and no error:
 * returns 1 (open), 0 when there is nothing to confirm or an error
 * stops the act anyway. */
int wwarn_open(struct wwarn *w, const struct rule_findings *found);
void wwarn_close(struct wwarn *w);
/* The ids of the listed warnings, for case_new.confirm / case_act.confirm
 * (new reference). */
json_t *wwarn_confirm(const struct wwarn *w);
/* Drawn over the body from row top to the status line, with the keys. */
void wwarn_draw(const struct wwarn *w, struct app *a, WINDOW *win, int top);

#endif
