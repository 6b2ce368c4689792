/* SPDX-License-Identifier: MIT */
/* Office reports over a date range: cases accepted, issued, refused (by
 * ground), returned at intake and handed out, by service and by
 * citizenship (foreigners only: citizens of Kazakhstan are never counted
 * as foreign); the steps of the reglaments' tables done in time, done late
 * and overdue (late is late whether the case was decided or not); cases
 * overdue now and due within the next two working days; each inspector's
 * workload. Counted from the case history (case_events). */
#ifndef OKNO_REPORT_H
#define OKNO_REPORT_H

#include <stddef.h>

#include "date.h"
#include "forms.h"
#include "progress.h"
#include "queue.h"
#include "role.h"
#include "status.h"
#include "store.h"
#include "util.h"

struct report_row {
	char key[64];           /* service code, alpha-3, ground, login */
	char label[200];        /* Russian name where there is one */
	long long accepted, issued, refused, returned, handed_out;
	long long open;         /* inspectors: cases accepted and not decided */
};

struct report_case {
	long long id;
	char service[16];
	char number[32];        /* "12/2026" */
	char name[200];
	char due_date[DATE_SIZE];
	char state[16];
	char inspector[ACTOR_NAME_MAX];
	char what[240];         /* the step late, or the result not given */
};

/* One step of a reglament's table over the period. */
struct report_step {
	char service[16];
	int no;
	char action[200];
	long long on_time, late; /* done within the period */
	long long overdue;       /* not done, past due, now */
};

struct report {
	char from[DATE_SIZE], to[DATE_SIZE];  /* ISO, inclusive */
	char today[DATE_SIZE];
	char soon[DATE_SIZE];          /* the second working day after today */
	struct report_row total;
	struct report_row *by_service, *by_citizenship, *grounds, *inspectors;
	size_t nservice, ncitizenship, ngrounds, ninspectors;
	struct report_case *overdue, *due_soon, *late;
	size_t noverdue, ndue_soon, nlate;
	struct report_step *steps;
	size_t nsteps;
	struct queue_stat *queue; /* waiting and serving times (queue_stats) */
	size_t nqueue;
};

/* Build the report of office_id for from..to (ISO or ДД.ММ.ГГГГ; to NULL
 * means the same day as from); forms carry the rules' steps (NULL: no
 * step counts). PERM_REPORT. ST_INVALID for a bad date or from after to.
 * p (may be NULL) hears of the counts made and may cancel (ST_CANCELLED).
 * Free with report_free. */
MUST_CHECK enum status report_build(struct store *s, const struct actor *a,
			 const struct formset *forms, long long office_id,
			 const char *from, const char *to, struct report *out,
			 struct progress *p, struct err *e);
void report_free(struct report *r);

/* The totals of from..to (as report_build) for every region in the
 * actor's reach (all of them for an account of the ministry's level, the
 * national database; its own for an account of a region or an office):
 * one row per region, key its code and label its name. PERM_REPORT. The
 * caller frees *out. */
MUST_CHECK enum status report_regions(struct store *s, const struct actor *a,
				      const char *from, const char *to,
				      struct report_row **out, size_t *n,
				      struct err *e);

/* The report for a person: the office, the totals, by service, by
 * citizenship, refusal grounds, cases overdue and due soon, the queue's
 * times, the inspectors' workload (report_out.c). */
void report_text(const struct report *r, const char *office_name,
		 struct strbuf *out);
/* The same as CSV: a header line, then one line a row, section first. */
void report_csv(const struct report *r, struct strbuf *out);

#endif
