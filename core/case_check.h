/* SPDX-License-Identifier: MIT */
/* The rules (core/rules.h) applied to a case's act: the day of filing and
 * the term from it, the checks of the stage with the warnings confirmed
 * now or earlier in the case, and the record of those confirmations. cases.c and the portal call these
 * inside their transactions. */
#ifndef OKNO_CASE_CHECK_H
#define OKNO_CASE_CHECK_H

#include <jansson.h>

#include "date.h"
#include "forms.h"
#include "rules.h"
#include "status.h"
#include "store.h"

/* The day an application's term runs from: at the window (paper) the day
 * given; through the portal its submission (YYYY-MM-DDTHH:MM:SS…), moved
 * to the next working day when after hours or on a day off. */
enum status case_filed_date(struct store *s, const char *channel,
			    const char *submitted_at, struct date at_window,
			    struct date *filed, struct err *e);
/* The calendar day of the filing itself (the rules' @filed): at the
 * window the day given, through the portal the day of the submission. */
struct date case_filing_day(const char *channel, const char *submitted_at,
			    struct date at_window);

/* The service's term (working days) in force on d, from the rules. */
enum status case_term(const struct formset *forms, const char *service,
		      struct date d, int *term, struct err *e);

/* What one act is checked with. */
struct case_check {
	const struct formset *forms;
	const struct form *form;
	const char *service;
	const char *channel;
	long long case_id;
	long long office_id;
	struct date act;              /* the day of the act */
	struct date filed;            /* the day of filing (@filed) */
	struct date term_start;       /* the day the term runs from */
	int has_due;
	struct date due;
	const char *applicant_iin;    /* portal applications */
	const char *applicant_citizenship;
	json_t *confirm;              /* warnings the actor confirms now */
	json_t *before;               /* confirmed earlier in the case */
	int errors_only;              /* warnings are left for a later act */
};

/* Run the checks of stage at on the normalised values; every finding
 * goes to out (when not NULL) with its confirmation marked. Errors and
 * unconfirmed warnings go to errs and make it ST_INVALID; a confirmation
 * of a warning that is not there is ST_INVALID too. *confirmed (when not
 * NULL, on ST_OK) gets the confirmed warnings as JSON for the history,
 * the journal line and the audit (new reference, maybe empty). */
enum status case_check_run(struct store *s, const struct case_check *c,
			   json_t *values, unsigned at,
			   struct rule_findings *out, json_t **confirmed,
			   struct errlist *errs);

/* The rule ids confirmed in the case's history so far, as a JSON array
 * (new reference). */
enum status case_check_confirmed_before(struct store *s, long long case_id,
					json_t **out, struct err *e);

/* "rule, rule" of a confirmations array, for an audit line ("" when
 * none); a new string. */
char *case_check_confirmed_list(json_t *confirmed);

#endif
