/* SPDX-License-Identifier: MIT */
/* The case screen's state, shared by its two files: scr_case.c (the
 * screen: drawing, keys, the acts and their prompts, printing) and
 * scr_case_view.c (what the case view lists, read from the case). */
#ifndef OKNO_TUI_SCR_CASE_H
#define OKNO_TUI_SCR_CASE_H

#include <jansson.h>

#include "catalog.h"
#include "cases.h"
#include "print.h"
#include "printer.h"
#include "role.h"
#include "screen.h"
#include "w_warn.h"
#include "widgets.h"
#include "workflow.h"

#define PICK_MAX 64

enum cmode {
	CM_VIEW,
	CM_PICK_ACT,
	CM_PICK_GROUND,
	CM_PICK_DOC,
	CM_PICK_TARGET,
	CM_PICK_FIELD,
	CM_INPUT,
	CM_CONFIRM,
};

/* What the prompt is asking for. */
enum cask { ASK_REASON, ASK_RECIPIENT, ASK_PATH, ASK_LP, ASK_VALUE,
	    ASK_CORR_REASON, ASK_COSIGN_LOGIN, ASK_COSIGN_PW };

/* Four eyes at the window: an act the account's own roles do not grant
 * (a decision, a correction, a reprint) waits here while the chief logs
 * in a second time on this terminal (account_cosign); the act is then
 * done, and recorded, as the chief's. */
enum pend { PEND_NONE, PEND_FIRE, PEND_PRINT, PEND_CORRECT };

struct cline {
	char *text;
	int bold;
	int indent;    /* where wrapped rows continue */
};

struct cview {
	long long id;
	struct case_rec rec;
	int have;
	const struct form *f;
	const struct service *svc;
	struct cline *lines;
	size_t nlines, cap;
	struct lscroll ls;       /* over the wrapped rows */
	enum case_event acts[EV__COUNT];
	size_t nacts;
	int can_correct;
	int refused;
	char ref[40];

	enum cmode mode;
	enum cask ask;
	struct pick pick;
	struct pick_item items[PICK_MAX];
	char labels[PICK_MAX][300];
	size_t nitems;
	struct winput in;
	struct wconfirm confirm;

	enum case_event ev;
	const char *ground;
	char *text;              /* the act's reason or recipient */
	enum print_doc doc;
	const struct form_field *field;
	char *value;
	int confirm_correct;     /* the confirmation is of a correction */

	enum pend pend;          /* the act waiting for the chief */
	enum perm pend_perm;
	char *pend_text;         /* its reason, recipient or print target */
	enum print_target pend_target;
	char cosign_login[64];

	/* The rules' warnings an act needs confirmed: the act waits. */
	struct wwarn warn;
	struct actor warn_who;
	char *warn_text;
};

/* Read the case, its history and what may be done now into v's lines and
 * acts (the lines read before are dropped); -1, with the message on the
 * status line, when the case cannot be read. */
int cview_load(struct screen *s, struct cview *v);
void cview_lines_free(struct cview *v);
/* The string at key k of o, "" when there is none. */
const char *cview_str(json_t *o, const char *k);

#endif
