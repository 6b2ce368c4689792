/* SPDX-License-Identifier: MIT */
/* Shared by the crash and concurrency tests (tests/unit/test_crash.c) and
 * the intake benchmark (bench/intake.c): a database with one office and an
 * all-roles account, the work a kiosk does (intake, decisions, journal
 * lines) as one step a child process repeats, and the checks that must
 * hold after any number of kills: integrity, journal and audit chains,
 * every case in a state the workflow allows with its history leading
 * there, every journal number present exactly once. Header-only (static
 * functions) so each program takes what it uses. */
#ifndef OKNO_TEST_STRESS_H
#define OKNO_TEST_STRESS_H

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "casefile.h"
#include "account.h"
#include "audit.h"
#include "calendar.h"
#include "cases.h"
#include "clock.h"
#include "catalog.h"
#include "db.h"
#include "forms.h"
#include "journal.h"
#include "office.h"
#include "db_sqlite.h"
#include "util.h"
#include "workflow.h"

#define STRESS_NOW "2026-03-20T10:00:00"
#define STRESS_PW "Пароль-для-стресса-1"
#define STRESS_LOGIN "worker"

static const char *const stress_services[] = {"registration", "invitation",
					      "border-pass"};

/* Fixture values of each service, loaded once per process. */
struct stress_fixture {
	json_t *fields[3], *docs[3];
};

struct stress {
	struct store *s;
	struct formset *forms;
	struct actor a;
	struct stress_fixture fx;
	unsigned rng;
};

static __attribute__((format(printf, 2, 3))) int
stress_fail(char *why, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, 1024, fmt, ap);
	va_end(ap);
	return -1;
}

/* Create the database at path: office A01, an admin and the all-roles
 * account the workers act as. 0 or -1 with why filled. */
static int
stress_create(const char *path, char *why)
{
	struct store *s = NULL;
	struct actor admin;
	struct err e = {0};
	int rc = -1;

	setenv("OKNO_NOW", STRESS_NOW, 1);
	if (store_open(path, STORE_CREATE | STORE_TRAINING, &s, &e) != ST_OK ||
	    office_create(s, NULL, "A01", "Медеуский РУП",
			  "г. Алматы, ул. Абая, 1", "ДП г. Алматы", &e) != ST_OK ||
	    account_add(s, NULL, "admin", "Администратор", "Администратор",
			ROLE_ADMIN, "A01", NULL, STRESS_PW, NULL, &e) != ST_OK ||
	    account_actor(s, "admin", "test", &admin, &e) != ST_OK ||
	    account_add(s, &admin, STRESS_LOGIN, "Работников Тест Стрессович",
			"Инспектор", ROLE_INSPECTOR | ROLE_RECORDS | ROLE_CHIEF |
			ROLE_OPERATOR, "A01", NULL, STRESS_PW, NULL, &e) != ST_OK) {
		stress_fail(why, "setup: %s", e.msg);
		goto out;
	}
	rc = 0;
out:
	store_close(s);
	return rc;
}

/* Open the database as the worker. 0 or -1 with why filled. */
static int
stress_open(struct stress *w, const char *path, unsigned seed, char *why)
{
	const char *forms = getenv("OKNO_FORMS");
	struct errlist errs = {0};
	struct err e = {0};
	size_t i;

	memset(w, 0, sizeof *w);
	w->rng = seed ? seed : 1;
	setenv("OKNO_NOW", STRESS_NOW, 1);
	if (db_open(path, 0, &w->s, &e) != ST_OK)
		return stress_fail(why, "open: %s", e.msg);
	if (account_actor(w->s, STRESS_LOGIN, "test", &w->a, &e) != ST_OK)
		return stress_fail(why, "actor: %s", e.msg);
	if (formset_load(forms && *forms ? forms : "forms", &w->forms, &errs) !=
	    ST_OK) {
		stress_fail(why, "forms: %s", errs.n ? errs.v[0].msg : "?");
		errlist_free(&errs);
		return -1;
	}
	errlist_free(&errs);
	cal_use(formset_calendar(w->forms));
	for (i = 0; i < 3; i++)
		if (casefile_load(stress_services[i], &w->fx.fields[i],
				  &w->fx.docs[i], why) != 0)
			return -1;
	return 0;
}

static void
stress_close(struct stress *w)
{
	size_t i;

	for (i = 0; i < 3; i++) {
		json_decref(w->fx.fields[i]);
		json_decref(w->fx.docs[i]);
	}
	formset_free(w->forms);
	db_close(w->s);
	memset(w, 0, sizeof *w);
}

static unsigned
stress_rand(struct stress *w, unsigned n)
{
	w->rng = w->rng * 1103515245u + 12345u;
	return (w->rng >> 8) % n;
}

/* A status a refused step may return: the step raced another worker for
 * the same case, or the case already had what the event adds. Anything
 * else (storage, busy, corrupt) is a failure a user would see. */
static int
stress_refusal(enum status st)
{
	return st == ST_CONFLICT || st == ST_INVALID;
}

/* One intake: create the case and accept it, or (ev) return the
 * documents or cancel the draft: two transactions, as at the window. 0,
 * or -1 with why. */
static int
stress_intake_ev(struct stress *w, enum case_event ev, long long *id_out,
		 char *why)
{
	unsigned k = stress_rand(w, 3);
	struct case_new in = {0};
	struct errlist errs = {0};
	struct case_act act = {0};
	struct err e = {0};
	json_t *values = json_deep_copy(w->fx.fields[k]);
	long long id = 0;
	enum status st;

	{
		/* Every application its own document, across workers: two
		 * in force for one document are a warning to confirm. */
		static unsigned seq;
		char doc[24];

		snprintf(doc, sizeof doc, "S%05d%05u",
			 (int)(getpid() % 100000), ++seq % 100000);
		json_object_set_new(values, "doc_number", json_string(doc));
	}
	in.service = stress_services[k];
	in.values = values;
	in.documents = w->fx.docs[k];
	st = case_create(w->s, &w->a, w->forms, &in, &id, &errs);
	json_decref(values);
	if (st != ST_OK) {
		stress_fail(why, "case_create: %s", errs.n ? errs.v[0].msg : "?");
		errlist_free(&errs);
		return -1;
	}
	errlist_free(&errs);
	act.event = ev;
	if (ev == EV_RETURN)
		act.reason = "Нет нотариального согласия";
	if ((st = case_fire(w->s, &w->a, w->forms, id, &act, &e)) != ST_OK)
		return stress_fail(why, "%s %lld: %s", workflow_event_code(ev),
				   id, e.msg);
	if (id_out)
		*id_out = id;
	return 0;
}

static int
stress_intake(struct stress *w, long long *id_out, char *why)
{
	return stress_intake_ev(w, EV_ACCEPT, id_out, why);
}

/* Data that satisfies every need of a transition. */
static struct case_act
stress_act(const struct transition *t)
{
	struct case_act act = {0};

	act.event = t->event;
	if (t->needs & NEED_REASON)
		act.reason = "Пояснение по делу: «стресс»";
	if (t->needs & NEED_GROUND)
		act.ground = "incomplete";
	if (t->needs & NEED_RECIPIENT)
		act.recipient = "Заявитель лично";
	return act;
}

/* One decision: a random open case past intake (a draft belongs to the
 * window that typed it), a random event the table allows from its state.
 * 0 (done or refused by a race with another worker), -1 with why. */
static int
stress_decide(struct stress *w, char *why)
{
	const struct transition *tab, *cand[16];
	sqlite3_stmt *st;
	enum case_state from;
	struct case_act act;
	struct err e = {0};
	long long id = 0;
	char state[16] = "", service[16] = "";
	size_t n, i, nc = 0;
	enum status rc;

	st = store_prepare(w->s, "SELECT id, state, service FROM cases WHERE "
			   "state NOT IN ('draft','returned','cancelled','handed_out') "
			   "ORDER BY random() LIMIT 1", &e);
	if (!st)
		return stress_fail(why, "pick: %s", e.msg);
	if (sqlite3_step(st) == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		snprintf(state, sizeof state, "%s", store_col_text(st, 1));
		snprintf(service, sizeof service, "%s", store_col_text(st, 2));
	}
	sqlite3_finalize(st);
	if (!id)
		return 0;
	if (workflow_state_parse(state, &from))
		return stress_fail(why, "case %lld: unknown state %s", id, state);
	tab = workflow_table(&n);
	/* The worker is an office account: the regional unit's signature
	 * (passes, invitations) is not its act. */
	for (i = 0; i < n && nc < 16; i++)
		if (tab[i].from == from &&
		    (tab[i].services & workflow_service_bit(service)) &&
		    !perm_regional(tab[i].perm))
			cand[nc++] = &tab[i];
	if (!nc)
		return 0;
	act = stress_act(cand[stress_rand(w, (unsigned)nc)]);
	rc = case_fire(w->s, &w->a, w->forms, id, &act, &e);
	if (rc != ST_OK && !stress_refusal(rc))
		return stress_fail(why, "%s on %lld: %s",
				   workflow_event_code(act.event), id, e.msg);
	return 0;
}

/* One plain journal line: the closing line of the day before (today's
 * would close the day to the intakes running beside it). */
static int
stress_journal(struct stress *w, char *why)
{
	struct journal_day d;
	struct err e = {0};
	char day[DATE_SIZE];

	date_format_iso(date_add_days(clock_today(), -1), day);
	if (journal_close_day(w->s, &w->a, w->a.office_id, day, &d, NULL,
			      &e) != ST_OK)
		return stress_fail(why, "close-day: %s", e.msg);
	return 0;
}

/* A mix: intakes (some returned or cancelled at the window), decisions,
 * journal lines. */
static int
stress_step(struct stress *w, char *why)
{
	unsigned r = stress_rand(w, 12);

	if (r < 5)
		return stress_intake(w, NULL, why);
	if (r == 5)
		return stress_intake_ev(w, stress_rand(w, 2) ? EV_RETURN :
					EV_CANCEL, NULL, why);
	if (r < 10)
		return stress_decide(w, why);
	return stress_journal(w, why);
}

static long long
stress_scalar(struct store *s, const char *sql)
{
	sqlite3_stmt *st;
	long long v = -1;

	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* Every case's history: starts with "create" into draft, each event a
 * row of the transition table from the state the previous one left, the
 * last one ending in the case's state; a journal line for each event the
 * table journals, and a number exactly when the case was accepted. */
static int
stress_check_cases(struct store *s, long long *ncases, char *why)
{
	sqlite3_stmt *c, *ev;
	int rc = 0;

	*ncases = 0;
	if (sqlite3_prepare_v2(s->db, "SELECT id, state, service, "
			       "COALESCE(journal_no, 0), (SELECT count(*) FROM "
			       "journal j WHERE j.case_id = cases.id), (SELECT "
			       "count(*) FROM journal j WHERE j.case_id = "
			       "cases.id AND j.no = cases.journal_no AND "
			       "j.kind = 'accept') FROM cases ORDER BY id", -1,
			       &c, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(s->db, "SELECT event, COALESCE(from_state, ''), "
			       "to_state FROM case_events WHERE case_id = ? "
			       "ORDER BY id", -1, &ev, NULL) != SQLITE_OK)
		return stress_fail(why, "prepare: %s", sqlite3_errmsg(s->db));
	while (rc == 0 && sqlite3_step(c) == SQLITE_ROW) {
		long long id = sqlite3_column_int64(c, 0);
		const char *svc = store_col_text(c, 2);
		long long no = sqlite3_column_int64(c, 3);
		long long jlines = sqlite3_column_int64(c, 4);
		long long accept_lines = sqlite3_column_int64(c, 5);
		enum case_state state, cur = CS_DRAFT, from, to;
		enum case_event evc;
		long long want_lines = 0, nev = 0;
		int accepted = 0;

		(*ncases)++;
		if (workflow_state_parse(store_col_text(c, 1), &state)) {
			rc = stress_fail(why, "case %lld: state «%s» is not a "
					 "workflow state", id,
					 store_col_text(c, 1));
			break;
		}
		sqlite3_reset(ev);
		sqlite3_bind_int64(ev, 1, id);
		while (rc == 0 && sqlite3_step(ev) == SQLITE_ROW) {
			const char *e = store_col_text(ev, 0);
			const struct transition *t;

			if (nev++ == 0) {
				if (strcmp(e, "create") ||
				    strcmp(store_col_text(ev, 2), "draft"))
					rc = stress_fail(why, "case %lld: "
							 "history starts with %s",
							 id, e);
				continue;
			}
			if (workflow_event_parse(e, &evc) ||
			    workflow_state_parse(store_col_text(ev, 1), &from) ||
			    workflow_state_parse(store_col_text(ev, 2), &to) ||
			    from != cur ||
			    !(t = workflow_find(from, evc,
						workflow_service_bit(svc))) ||
			    t->to != to) {
				rc = stress_fail(why, "case %lld: event %lld "
						 "(%s %s -> %s) does not follow "
						 "from %s", id, nev, e,
						 store_col_text(ev, 1),
						 store_col_text(ev, 2),
						 workflow_state_code(cur));
				break;
			}
			want_lines += t->journal;
			accepted |= evc == EV_ACCEPT;
			cur = to;
		}
		if (rc)
			break;
		if (nev == 0 || cur != state)
			rc = stress_fail(why, "case %lld: state %s, history "
					 "ends in %s (%lld events)", id,
					 workflow_state_code(state),
					 workflow_state_code(cur), nev);
		else if (jlines != want_lines)
			rc = stress_fail(why, "case %lld: %lld journal lines, "
					 "history has %lld", id, jlines,
					 want_lines);
		else if (accepted != (no > 0) || accepted != accept_lines)
			rc = stress_fail(why, "case %lld: accepted %d, number "
					 "%lld, accept lines %lld", id,
					 accepted, no, accept_lines);
	}
	sqlite3_finalize(ev);
	sqlite3_finalize(c);
	return rc;
}

/* Everything that must hold of the database at path after any number of
 * kills. Fills the counts when not NULL. 0 or -1 with why. */
static int
stress_check(const char *path, long long *ncases, long long *nlines,
	     char *why)
{
	struct store *s = NULL;
	struct actor a;
	struct journal_verify v;
	struct err e = {0};
	sqlite3_stmt *st;
	long long cases = 0;
	int rc = -1;

	setenv("OKNO_NOW", STRESS_NOW, 1);
	if (store_open(path, 0, &s, &e) != ST_OK) {
		stress_fail(why, "open: %s", e.msg);
		goto out;
	}
	if (sqlite3_prepare_v2(s->db, "PRAGMA integrity_check", -1, &st,
			       NULL) != SQLITE_OK) {
		stress_fail(why, "integrity_check: %s", sqlite3_errmsg(s->db));
		goto out;
	}
	if (sqlite3_step(st) != SQLITE_ROW ||
	    strcmp(store_col_text(st, 0), "ok")) {
		stress_fail(why, "integrity_check: %s", store_col_text(st, 0));
		sqlite3_finalize(st);
		goto out;
	}
	sqlite3_finalize(st);
	if (account_actor(s, STRESS_LOGIN, "test", &a, &e) != ST_OK) {
		stress_fail(why, "actor: %s", e.msg);
		goto out;
	}
	if (journal_verify(s, &a, a.office_id, 0, &v, NULL, &e) != ST_OK) {
		stress_fail(why, "journal verify: %s", e.msg);
		goto out;
	}
	if (audit_verify(s, NULL, &e) != ST_OK) {
		stress_fail(why, "audit verify: %s", e.msg);
		goto out;
	}
	/* Numbers of each book and year: 1..N, each once; line sequence of
	 * each office: 1..N, each once (UNIQUE rules out duplicates, the
	 * counts rule out gaps). */
	if (stress_scalar(s, "SELECT count(*) FROM (SELECT office_id, book, "
			  "year FROM journal WHERE no IS NOT NULL GROUP BY 1, "
			  "2, 3 HAVING count(*) != max(no) OR min(no) != 1 OR "
			  "count(DISTINCT no) != count(*))") != 0) {
		stress_fail(why, "journal numbers have a gap or a duplicate");
		goto out;
	}
	if (stress_scalar(s, "SELECT count(*) FROM (SELECT office_id FROM "
			  "journal GROUP BY 1 HAVING count(*) != max(seq) OR "
			  "min(seq) != 1 OR count(DISTINCT seq) != count(*))") !=
	    0) {
		stress_fail(why, "journal line sequence has a gap or a "
			    "duplicate");
		goto out;
	}
	if (stress_scalar(s, "SELECT count(*) FROM cases c WHERE journal_no "
			  "IS NOT NULL AND (SELECT count(*) FROM cases d WHERE "
			  "d.office_id = c.office_id AND d.service = c.service "
			  "AND d.journal_year = c.journal_year AND d.journal_no "
			  "= c.journal_no) != 1") != 0) {
		stress_fail(why, "two cases hold the same journal number");
		goto out;
	}
	if (stress_check_cases(s, &cases, why))
		goto out;
	if (ncases)
		*ncases = cases;
	if (nlines)
		*nlines = v.lines;
	rc = 0;
out:
	store_close(s);
	return rc;
}

static double
stress_clock(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

#endif
