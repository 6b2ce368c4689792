/* SPDX-License-Identifier: MIT */
/* Progress of long work (verifying a chain, a backup and its checks, an
 * import, the journal given out, a report): the operation names its phase
 * and how much of it is done out of how much; a front end's renderer shows
 * it (the CLI's status line on stderr, the kiosk's message line) and may
 * ask the work to stop. Core never prints.
 *
 * An operation takes a struct progress * that may be NULL: then every call
 * below is a test of one pointer, so nobody listening costs nothing. When
 * a renderer listens, progress_at() is one comparison per unit of work and
 * calls into progress.c only about 50 times a second (the stride between
 * calls adapts to the speed of the work); the renderer decides what to
 * draw and when (at most twice a second).
 *
 * Cancelling: a renderer that returns nonzero cancels the work; from then
 * on progress_begin/progress_at return nonzero and the operation rolls its
 * transaction back, removes what it had started to write, and returns
 * ST_CANCELLED (progress_cancelled) with nothing half-written. */
#ifndef OKNO_PROGRESS_H
#define OKNO_PROGRESS_H

#include <stddef.h>

#include "status.h"

enum progress_unit {
	PROGRESS_LINES,   /* lines of a journal, a log or a file */
	PROGRESS_ENTRIES, /* journal entries (an entry with its later lines) */
	PROGRESS_FILES,   /* files of a folder */
	PROGRESS_BYTES,   /* shown in megabytes */
	PROGRESS_STEPS,   /* the parts of a computation */
	PROGRESS_TIME,    /* nothing to count: only the time it has taken */
};

enum progress_phase {
	PROGRESS_JOURNAL_VERIFY,  /* the journal's hash chain, lines */
	PROGRESS_AUDIT_VERIFY,    /* the audit log's hash chain, lines */
	PROGRESS_BACKUP_COPY,     /* the database copied, bytes */
	PROGRESS_RESTORE_COPY,    /* the checked copy written back, bytes */
	PROGRESS_INTEGRITY,       /* the copy's integrity_check, time */
	PROGRESS_RECORDS_IMPORT,  /* the special-records CSV, lines */
	PROGRESS_PORTAL_IMPORT,   /* the portal's drop folder, files */
	PROGRESS_JOURNAL_PAGES,   /* the journal's pages laid out, entries */
	PROGRESS_JOURNAL_EXPORT,  /* the journal exported, entries */
	PROGRESS_DAY_CLOSE,       /* the day's closing, steps */
	PROGRESS_REPORT,          /* a report's counts, steps */
	PROGRESS_MIGRATE_COPY,    /* an office database moved in, rows */
	PROGRESS__COUNT
};

struct progress {
	/* The renderer: called when a phase begins, about 50 times a second
	 * while it runs and when it ends (ended set). Nonzero cancels. */
	int (*show)(void *arg, const struct progress *p);
	void *arg;

	/* Read by the renderer, kept by progress.c: */
	enum progress_phase phase;
	long long done, total;   /* total 0: not known */
	double started;          /* progress_clock() when the phase began */
	int ended;               /* the phase is over (its last call) */
	int cancelled;

	/* Pacing (progress.c): the next done worth a call, and the stride. */
	long long next, stride;
	double last;
};

/* A steady clock in seconds (CLOCK_MONOTONIC), for rates and pacing. */
double progress_clock(void);

/* Begin a phase of total units (0 when not known). Nonzero: cancelled. */
int progress_begin(struct progress *p, enum progress_phase phase,
		   long long total);

/* The renderer's call (p not NULL); progress_at and progress_step below
 * decide when to make it. Nonzero: cancelled. */
int progress_call(struct progress *p, long long done);

/* done units of the phase are finished. Nonzero: cancelled. */
static inline int
progress_at(struct progress *p, long long done)
{
	return p && done >= p->next ? progress_call(p, done) : 0;
}

/* The same for units each worth a call of their own (a file taken in its
 * own transaction, a step of a computation): the renderer hears every one,
 * so a cancel is seen before the next. */
static inline int
progress_step(struct progress *p, long long done)
{
	return p ? progress_call(p, done) : 0;
}

/* progress_call(p, p->done) for a callback of the shape SQLite's progress
 * handler takes: work inside one long statement (integrity_check, a
 * report's count over a year) stays visible and can be stopped. */
int progress_tick(void *p);

/* The phase is over (also on failure); the renderer clears its line. */
void progress_end(struct progress *p);

/* 1 when the renderer has cancelled the work. */
static inline int
progress_stopped(const struct progress *p)
{
	return p && p->cancelled;
}

/* Set e for a cancelled operation and return ST_CANCELLED. */
enum status progress_cancelled(struct err *e);

/* The phase's name, a Russian msgid ("Проверка цепочки журнала"), and
 * what it counts. */
const char *progress_phase_name(enum progress_phase phase);
enum progress_unit progress_phase_unit(enum progress_phase phase);

/* The status text at time now, in the interface's language (the "okno"
 * catalogue; Russian when none is bound): «Проверка цепочки журнала:
 * 412 000 из 1 000 000 (41 %), 95 000 строк/с, ещё 6 с». UTF-8, one
 * column per code point. */
void progress_text(const struct progress *p, double now, char *out,
		   size_t n);

#endif
