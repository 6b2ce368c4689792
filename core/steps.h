/* SPDX-License-Identifier: MIT */
/* The steps of the reglament's table (forms/rules, step blocks) followed
 * on one case: when each started, its due date from its term in working
 * days, whether and when it was done, and whether it was late — done after
 * its due date, or not done when its due date has passed (overdue). Late
 * is late whether the case was decided or not: a registration handed out
 * without its Berkut entry by the due date is overdue. */
#ifndef OKNO_STEPS_H
#define OKNO_STEPS_H

#include <stddef.h>

#include "cases.h"
#include "date.h"
#include "forms.h"
#include "rules.h"
#include "status.h"
#include "store.h"

struct step_state {
	const struct rule_step *step;
	int started;           /* its start (filing, event) happened */
	struct date start;
	struct date due;       /* when started */
	int done;
	struct date done_on;   /* when done */
	int late;              /* done after due, or overdue */
	int overdue;           /* not done and due < today */
};

/* The steps of the case's service in force on its filing day (today when
 * not filed yet), followed through the case's history. A returned or
 * cancelled application has no steps running (none is overdue). The
 * caller has read the case (its own permission check); this reads the
 * history rows directly. *out is new (free()), *n how many. */
enum status case_steps(struct store *s, const struct formset *forms,
		       const struct case_rec *c, struct date today,
		       struct step_state **out, size_t *n, struct err *e);

/* 1 when a step of the case is overdue on today; -1 on an error. */
int case_steps_overdue(struct store *s, const struct formset *forms,
		       const struct case_rec *c, struct date today);

#endif
