/* SPDX-License-Identifier: MIT */
/* Following a case through the steps of its reglament's table. */
#include "steps.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "case_check.h"
#include "db.h"
#include "util.h"

#define MAX_STEPS 16

struct event_day {
	enum case_event ev;
	struct date day;
};

static int
stamp_date(const char *stamp, struct date *d)
{
	char day[11];

	snprintf(day, sizeof day, "%.10s", stamp ? stamp : "");
	return date_parse_iso(day, d);
}

/* The case's workflow events with their days, in order. */
static enum status
load_events(struct store *s, long long id, struct event_day **out, size_t *n,
	    char *submitted, size_t sn, struct err *e)
{
	struct db_stmt *st;
	char *sub = NULL;
	size_t cap = 0;
	enum status ret;
	int rc;

	*out = NULL;
	*n = 0;
	submitted[0] = '\0';
	st = db_prepare(s, "SELECT event, at FROM case_events WHERE "
			   "case_id = ? ORDER BY id", e);
	if (!st)
		return e ? e->st : ST_STORAGE;
	db_bind_int64(st, 1, id);
	while ((rc = db_step(st, e)) == DB_ROW) {
		enum case_event ev;
		struct date d;

		if (workflow_event_parse(db_col_text(st, 0), &ev) != 0 ||
		    stamp_date(db_col_text(st, 1), &d) != 0)
			continue;
		XGROW(*out, *n, cap);
		(*out)[*n].ev = ev;
		(*out)[*n].day = d;
		(*n)++;
	}
	db_finalize(st);
	if (rc == DB_FAIL) {
		free(*out);
		*out = NULL;
		*n = 0;
		return e ? e->st : ST_STORAGE;
	}
	if ((ret = db_text(s, e, &sub, NULL, "SELECT submitted_at FROM "
			   "portal_requests WHERE case_id = ?", DB_INT(id))) !=
	    ST_OK) {
		free(*out);
		*out = NULL;
		*n = 0;
		return ret;
	}
	if (sub)
		snprintf(submitted, sn, "%s", sub);
	free(sub);
	return ST_OK;
}

/* The first day one of the events in mask happened; -1 when none. */
static int
first_of(const struct event_day *v, size_t n, unsigned mask, struct date *d)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (mask & (1u << v[i].ev)) {
			*d = v[i].day;
			return 0;
		}
	return -1;
}

enum status
case_steps(struct store *s, const struct formset *forms,
	   const struct case_rec *c, struct date today,
	   struct step_state **out, size_t *n, struct err *e)
{
	const struct rule_step *steps[MAX_STEPS];
	struct event_day *ev = NULL;
	struct step_state *v = NULL;
	char submitted[40];
	struct date filed = today;
	size_t nev = 0, ns, i, j;
	int have_filed = 0;
	enum status ret;

	*out = NULL;
	*n = 0;
	if ((ret = load_events(s, c->id, &ev, &nev, submitted,
			       sizeof submitted, e)) != ST_OK)
		return ret;
	if (!strcmp(c->channel, "electronic") && submitted[0]) {
		if ((ret = case_filed_date(s, c->channel, submitted, today,
					   &filed, e)) != ST_OK)
			goto out;
		have_filed = 1;
	} else if (first_of(ev, nev, 1u << EV_ACCEPT, &filed) == 0) {
		have_filed = 1;
	}
	ns = rules_steps(formset_rules(forms), c->service, filed, steps,
			 MAX_STEPS);
	if (ns > MAX_STEPS)
		ns = MAX_STEPS;
	v = xcalloc(ns ? ns : 1, sizeof *v);
	for (i = 0; i < ns; i++) {
		struct step_state *sv = &v[i];
		const struct rule_step *st = steps[i];

		sv->step = st;
		if (c->state == CS_RETURNED || c->state == CS_CANCELLED)
			continue;
		if (st->starts < 0) {
			sv->started = have_filed;
			sv->start = filed;
		} else {
			sv->started = first_of(ev, nev, 1u << st->starts,
					       &sv->start) == 0;
		}
		if (!sv->started)
			continue;
		if ((ret = cal_due(s, sv->start, st->term, &sv->due, e)) !=
		    ST_OK)
			goto out;
		sv->done = 1;
		for (j = 0; j < st->nends && sv->done; j++) {
			struct date d;

			if (first_of(ev, nev, st->ends[j], &d) != 0) {
				sv->done = 0;
			} else if (j == 0 || date_cmp(d, sv->done_on) > 0) {
				sv->done_on = d;
			}
		}
		if (sv->done)
			sv->late = date_cmp(sv->done_on, sv->due) > 0;
		else
			sv->late = sv->overdue =
				date_cmp(today, sv->due) > 0;
	}
	*out = v;
	*n = ns;
	v = NULL;
	ret = ST_OK;
out:
	free(v);
	free(ev);
	return ret;
}

int
case_steps_overdue(struct store *s, const struct formset *forms,
		   const struct case_rec *c, struct date today)
{
	struct step_state *v;
	size_t n, i;
	int over = 0;

	if (case_steps(s, forms, c, today, &v, &n, NULL) != ST_OK)
		return -1;
	for (i = 0; i < n; i++)
		over |= v[i].overdue;
	free(v);
	return over;
}
