/* SPDX-License-Identifier: MIT */
/* What the case workflow's acts record, through the real core calls on a
 * temporary database file: due dates, journal numbers, Berkut, office
 * scope, case creation and the return at intake naming what is missing.
 * A refused call must leave the database exactly as it was. The
 * transition table itself is test_workflow.c.
 * Runs on both engines (engines: sqlite pg; scripts/run-tests.sh). */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "account.h"
#include "calendar.h"
#include "case_check.h"
#include "cases.h"
#include "catalog.h"
#include "clock.h"
#include "forms.h"
#include "office.h"
#include "store.h"
#include "util.h"
#include "workflow.h"

#include "workflow_fx.h"

static const char *const service_codes[] = {"registration", "invitation",
					     "border-pass"};

/* ---- due dates -------------------------------------------------------- */

/* Case id accepted now (confirming the warnings of confirm): its due date
 * must be due, and its acceptance stamp accepted_at (unless NULL). */
static long long
accept_due(struct fx *f, long long id, json_t *confirm, const char *due,
	   const char *accepted_at)
{
	struct case_act act = {.event = EV_ACCEPT, .confirm = confirm};
	struct case_rec r;
	struct err e = {0};

	EXPECT_ST(fire(f, &f->insp, id, &act, &e), ST_OK, &e);
	EXPECT_ST(case_get(f->o.s, &f->insp, id, &r, &e), ST_OK, &e);
	EXPECT_STR(r.due_date, due);
	if (accepted_at)
		EXPECT_STR(r.accepted_at, accepted_at);
	EXPECT(r.state == CS_ACCEPTED, "state %s", workflow_state_code(r.state));
	case_rec_free(&r);
	return id;
}

/* svc's term from the rules is days, and the calendar counts days working
 * days from Friday 20.03.2026 to due. */
static void
expect_term(struct fx *f, const char *svc, int days, const char *due)
{
	struct err e = {0};
	char iso[DATE_SIZE];
	struct date d;
	int term = 0;

	EXPECT_ST(case_term(f->o.forms, svc, (struct date){2026, 3, 20}, &term,
			    &e), ST_OK, &e);
	EXPECT(term == days, "term from the rules %d days", term);
	EXPECT_ST(cal_due(f->o.s, (struct date){2026, 3, 20}, days, &d, &e),
		  ST_OK, &e);
	date_format_iso(d, iso);
	EXPECT_STR(iso, due);
}

/* Case id of svc checked (and issued, but a registration, which its clear
 * check issues) on 27.03.2026: the due date stays due. */
static void
expect_due_kept(struct fx *f, const char *svc, long long id, const char *due)
{
	struct case_act act = {.event = EV_CHECK_CLEAR};
	struct case_rec r;
	struct err e = {0};

	EXPECT_ST(fire(f, &f->rec, id, &act, &e), ST_OK, &e);
	if (strcmp(svc, "registration") != 0) {
		act.event = EV_ISSUE;
		EXPECT_ST(fire(f, &f->head, id, &act, &e), ST_OK, &e);
	}
	EXPECT_ST(case_get(f->o.s, &f->insp, id, &r, &e), ST_OK, &e);
	EXPECT_STR(r.due_date, due);
	EXPECT_STR(r.accepted_at, NOW_STAMP);
	EXPECT_STR(r.updated_at, "2026-03-27T09:30:00+05:00");
	case_rec_free(&r);
}

static void
test_due_dates(void **state)
{
	struct fx *f = *state;
	static const struct {
		const char *svc;
		int days;
		const char *due;
	} want[] = {
		/* Fri 20.03.2026; 21-25.03 are Nauryz days off (the
		 * Saturday and Sunday ones moved to 24 and 25). */
		{"registration", 1, "2026-03-26"},
		{"invitation", 5, "2026-04-01"},
		{"border-pass", 7, "2026-04-03"},
	};
	long long ids[sizeof want / sizeof want[0]], id;
	struct err e = {0};
	json_t *late;
	size_t i;

	/* The journal is never dated backwards, so the clock only moves on:
	 * all three accepted on Friday 20.03, an admin's day off moving the
	 * next due date, then the later events, then a Monday. */
	for (i = 0; i < sizeof want / sizeof want[0]; i++) {
		CTX("%s accepted %s", want[i].svc, NOW);
		expect_term(f, want[i].svc, want[i].days, want[i].due);
		ids[i] = accept_due(f, new_case(f, want[i].svc), NULL,
				    want[i].due, NOW_STAMP);
	}
	/* An admin-entered day off moves the next due date. */
	CTX("registration after add-dayoff 26.03.2026");
	EXPECT_ST(cal_set(f->o.s, &f->o.admin, (struct date){2026, 3, 26},
			  CAL_ADMIN_OFF, "тест: перенос", &e), ST_OK, &e);
	accept_due(f, new_case(f, "registration"), NULL, "2026-03-27", NULL);
	/* The due date stays put through later events, even when the clock
	 * moves on. */
	setenv("OKNO_NOW", "2026-03-27T09:30:00", 1);
	for (i = 0; i < sizeof want / sizeof want[0]; i++) {
		CTX("%s checked and issued 27.03.2026", want[i].svc);
		expect_due_kept(f, want[i].svc, ids[i], want[i].due);
	}
	setenv("OKNO_NOW", NOW, 1);
	/* A Monday-to-Monday week for registration: accepted Monday
	 * 30.03.2026 -> due Tuesday 31.03.2026; twelve days after the
	 * entry, so late, confirmed. */
	CTX("registration accepted 30.03.2026");
	id = new_case(f, "registration");
	setenv("OKNO_NOW", "2026-03-30T17:59:00", 1);
	late = json_pack("[s]", "reg.late");
	accept_due(f, id, late, "2026-03-31", NULL);
	json_decref(late);
	setenv("OKNO_NOW", NOW, 1);
}

/* ---- journal numbers -------------------------------------------------- */

static void
accept_expect_no(struct fx *f, const struct actor *a, const char *svc,
		 int no, int year)
{
	struct case_act act = {.event = EV_ACCEPT};
	struct case_rec r;
	struct err e = {0};
	char num[32], want[32];
	long long id = new_case_as(f, a, svc, NULL);

	CTX("%s accepted as %s, expecting number %d/%d", svc, a->login, no,
	    year);
	EXPECT_ST(fire(f, a, id, &act, &e), ST_OK, &e);
	EXPECT_ST(case_get(f->o.s, a, id, &r, &e), ST_OK, &e);
	case_number(&r, num, sizeof num);
	snprintf(want, sizeof want, "%d/%d", no, year);
	EXPECT_STR(num, want);
	EXPECT(r.journal_no == no && r.journal_year == year, "case %d/%d",
	       r.journal_no, r.journal_year);
	EXPECT(scalar(f->o.s, "SELECT no FROM journal WHERE case_id = ? AND "
		      "kind = 'accept'", id) == no,
	       "journal line number differs from the case's");
	case_rec_free(&r);
}

static void
test_journal_numbers(void **state)
{
	struct fx *f = *state;
	struct case_rec r;
	struct err e = {0};
	char num[32];
	long long id;

	/* A draft has no number. */
	id = new_case(f, "registration");
	CTX("draft number");
	EXPECT_ST(case_get(f->o.s, &f->insp, id, &r, &e), ST_OK, &e);
	case_number(&r, num, sizeof num);
	EXPECT_STR(num, "");
	case_rec_free(&r);

	accept_expect_no(f, &f->insp, "registration", 1, 2026);
	accept_expect_no(f, &f->insp, "registration", 2, 2026);
	/* Each book counts on its own. */
	accept_expect_no(f, &f->insp, "invitation", 1, 2026);
	accept_expect_no(f, &f->insp, "border-pass", 1, 2026);
	accept_expect_no(f, &f->insp, "registration", 3, 2026);
	accept_expect_no(f, &f->insp, "invitation", 2, 2026);
	accept_expect_no(f, &f->insp, "invitation", 3, 2026);
	/* Each office counts on its own. */
	accept_expect_no(f, &f->insp_b, "registration", 1, 2026);
	accept_expect_no(f, &f->insp, "registration", 4, 2026);
	/* Later events do not draw numbers. */
	{
		struct case_act act = {.event = EV_CHECK_CLEAR};

		CTX("check-clear draws no number");
		EXPECT_ST(fire(f, &f->rec, 2, &act, &e), ST_OK, &e);
		EXPECT(scalar(f->o.s, "SELECT count(*) FROM journal WHERE no IS "
			      "NOT NULL", 0) == 9, "numbered lines: %lld",
		       scalar(f->o.s, "SELECT count(*) FROM journal WHERE no IS "
			      "NOT NULL", 0));
	}
	/* A new year starts again at 1 (with the application's dates in
	 * that year: the rules check them against the day). */
	setenv("OKNO_NOW", "2027-01-05T09:00:00", 1);
	f->override = json_pack("{s:s, s:s, s:s}", "entry_date", "04.01.2027",
				"period_from", "04.01.2027", "period_to",
				"01.03.2027");
	accept_expect_no(f, &f->insp, "registration", 1, 2027);
	accept_expect_no(f, &f->insp, "registration", 2, 2027);
	json_decref(f->override);
	f->override = json_pack("{s:s, s:s}", "period_from", "01.03.2027",
				"period_to", "30.03.2027");
	accept_expect_no(f, &f->insp, "invitation", 1, 2027);
	json_decref(f->override);
	f->override = NULL;
	setenv("OKNO_NOW", NOW, 1);
	/* Returned and cancelled drafts never got a number. */
	{
		struct case_act act = {.event = EV_CANCEL};

		CTX("cancelled draft");
		EXPECT_ST(fire(f, &f->insp, id, &act, &e), ST_OK, &e);
		EXPECT(scalar(f->o.s, "SELECT count(*) FROM journal WHERE "
			      "case_id = ?", id) == 0, "cancel wrote a line");
	}
}

/* ---- Berkut ----------------------------------------------------------- */

static void
test_berkut(void **state)
{
	struct fx *f = *state;
	struct case_act act = {.event = EV_BERKUT};
	struct case_act hand = {.event = EV_HAND_OUT,
				.recipient = "Ахмедов Р., лично"};
	struct case_rec r;
	struct err e = {0};
	long long id;
	size_t i;

	/* Registration, issued: the operator enters it once. */
	id = reach(f, "registration", CS_ISSUED);
	CTX("registration issued: berkut by chief");
	expect_refused(f, &f->chief, id, &act, ST_DENIED, NULL);
	CTX("registration issued: berkut by operator");
	EXPECT_ST(fire(f, &f->oper, id, &act, &e), ST_OK, &e);
	EXPECT_ST(case_get(f->o.s, &f->insp, id, &r, &e), ST_OK, &e);
	EXPECT_STR(r.berkut_at, NOW_STAMP);
	EXPECT(r.state == CS_ISSUED, "berkut changed the state to %s",
	       workflow_state_code(r.state));
	case_rec_free(&r);
	CTX("registration: berkut again (issued)");
	expect_refused(f, &f->oper, id, &act, ST_CONFLICT, "berkut");
	expect_refused(f, &f->insp, id, &act, ST_CONFLICT, "berkut");
	/* Handed out afterwards: still only once. */
	CTX("registration: hand-out after berkut");
	EXPECT_ST(fire(f, &f->insp, id, &hand, &e), ST_OK, &e);
	CTX("registration: berkut again (handed out)");
	expect_refused(f, &f->oper, id, &act, ST_CONFLICT, "berkut");
	EXPECT(scalar(f->o.s, "SELECT count(*) FROM case_events WHERE case_id = ? "
		      "AND event = 'berkut'", id) == 1, "berkut events != 1");
	EXPECT(scalar(f->o.s, "SELECT count(*) FROM journal WHERE case_id = ? AND "
		      "kind = 'berkut'", id) == 1, "berkut journal lines != 1");

	/* Registration handed out first, then entered by the inspector. */
	id = reach(f, "registration", CS_HANDED_OUT);
	CTX("registration handed out: berkut by inspector");
	EXPECT_ST(fire(f, &f->insp, id, &act, &e), ST_OK, &e);
	EXPECT_STR(state_of(f, id), "handed_out");
	expect_refused(f, &f->insp, id, &act, ST_CONFLICT, "berkut");

	/* Not before the decision, and not for a refusal. */
	{
		static const enum case_state early[] = {
			CS_DRAFT, CS_ACCEPTED, CS_HIT, CS_REFUSED,
			CS_RETURNED, CS_CANCELLED};

		for (i = 0; i < sizeof early / sizeof early[0]; i++) {
			CTX("registration %s: berkut",
			    workflow_state_code(early[i]));
			id = reach(f, "registration", early[i]);
			expect_refused(f, &f->oper, id, &act, ST_CONFLICT,
				       "state");
		}
	}
	/* Never for the other two services. */
	for (i = 1; i < 3; i++) {
		CTX("%s issued: berkut", service_codes[i]);
		id = reach(f, service_codes[i], CS_ISSUED);
		expect_refused(f, &f->oper, id, &act, ST_CONFLICT, "state");
		CTX("%s handed out: berkut", service_codes[i]);
		id = reach(f, service_codes[i], CS_HANDED_OUT);
		expect_refused(f, &f->oper, id, &act, ST_CONFLICT, "state");
		EXPECT(scalar(f->o.s, "SELECT count(*) FROM cases WHERE "
			      "berkut_at IS NOT NULL AND service <> "
			      "'registration'", 0) == 0,
		       "a non-registration case has berkut_at");
	}
}

/* ---- lists ------------------------------------------------------------ */

/* ids[0..n) of rows, as a list of the filter gave them. */
static int
listed(const struct case_row *rows, size_t n, long long id)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (rows[i].id == id)
			return 1;
	return 0;
}

static void
test_lists_and_counts(void **state)
{
	struct fx *f = *state;
	struct case_filter flt;
	struct case_row *rows = NULL;
	struct err e = {0};
	long long acc[3], chk, hit, done;
	size_t n, c, i;

	for (i = 0; i < 3; i++)
		acc[i] = reach(f, "registration", CS_ACCEPTED);
	chk = reach(f, "invitation", CS_CHECKED);
	hit = reach(f, "invitation", CS_HIT);
	done = reach(f, "invitation", CS_HANDED_OUT);

	CTX("one state or another");
	memset(&flt, 0, sizeof flt);
	flt.state = "checked";
	flt.state_or = "hit";
	EXPECT_ST(case_list(f->o.s, &f->chief, &flt, &rows, &n, &e), ST_OK, &e);
	EXPECT(n == 2 && listed(rows, n, chk) && listed(rows, n, hit),
	       "checked or hit lists %zu cases", n);
	free(rows);
	EXPECT_ST(case_count(f->o.s, &f->chief, &flt, &c, &e), ST_OK, &e);
	EXPECT(c == 2, "checked or hit counts %zu", c);
	flt.state_or = "nonsense";
	EXPECT_ST(case_count(f->o.s, &f->chief, &flt, &c, &e), ST_INVALID, &e);

	CTX("a page of a list; its count is the whole list's");
	memset(&flt, 0, sizeof flt);
	flt.state = "accepted";
	flt.limit = 2;
	EXPECT_ST(case_list(f->o.s, &f->chief, &flt, &rows, &n, &e), ST_OK, &e);
	EXPECT(n == 2 && rows[0].id == acc[0] && rows[1].id == acc[1],
	       "the first page holds %zu cases", n);
	free(rows);
	EXPECT_ST(case_count(f->o.s, &f->chief, &flt, &c, &e), ST_OK, &e);
	EXPECT(c == 3, "accepted counts %zu", c);

	CTX("open only: nothing finished, no draft");
	memset(&flt, 0, sizeof flt);
	flt.open_only = 1;
	EXPECT_ST(case_list(f->o.s, &f->chief, &flt, &rows, &n, &e), ST_OK, &e);
	EXPECT(!listed(rows, n, done) && listed(rows, n, chk) &&
	       listed(rows, n, acc[2]), "open cases: %zu", n);
	for (i = 0; i < n; i++)
		EXPECT(strcmp(rows[i].state, "draft") != 0 &&
		       strcmp(rows[i].state, "handed_out") != 0,
		       "case %lld (%s) is not open", rows[i].id, rows[i].state);
	EXPECT_ST(case_count(f->o.s, &f->chief, &flt, &c, &e), ST_OK, &e);
	EXPECT(c == n, "open counts %zu, lists %zu", c, n);

	free(rows);

	CTX("due on a day");
	memset(&flt, 0, sizeof flt);
	{
		char day[DATE_SIZE];
		struct case_row *r2 = NULL;
		size_t m;

		EXPECT_ST(case_list(f->o.s, &f->chief, &(struct case_filter){
				  .state = "accepted"}, &r2, &m, &e), ST_OK, &e);
		snprintf(day, sizeof day, "%s", r2[0].due_date);
		free(r2);
		flt.due_on = day;
		EXPECT_ST(case_list(f->o.s, &f->chief, &flt, &rows, &n, &e),
			  ST_OK, &e);
		EXPECT(n >= 3, "due on %s: %zu cases", day, n);
		for (i = 0; i < n; i++)
			EXPECT(strcmp(rows[i].due_date, day) == 0,
			       "case %lld is due %s", rows[i].id,
			       rows[i].due_date);
		free(rows);
		flt.due_on = "31.02.2026";
		EXPECT_ST(case_count(f->o.s, &f->chief, &flt, &c, &e),
			  ST_INVALID, &e);
	}
}

/* ---- scope: offices --------------------------------------------------- */

static void
test_other_office(void **state)
{
	struct fx *f = *state;
	struct case_act act = {.event = EV_ACCEPT};
	struct case_history *h = NULL;
	struct case_filter flt = {0};
	struct case_row *rows = NULL;
	struct case_rec r;
	struct snap before;
	struct err e = {0};
	long long a_id, b_id;
	size_t n, i;

	a_id = new_case(f, "registration");
	b_id = new_case_as(f, &f->insp_b, "invitation", NULL);

	/* Another office's case is "not found", as a missing one: whether
	 * it exists and in what state is not an office's business. */
	CTX("office B reads a case of office A");
	snap_take(f, a_id, &before);
	EXPECT_ST(case_get(f->o.s, &f->insp_b, a_id, &r, &e), ST_NOTFOUND, &e);
	EXPECT(r.data == NULL && r.documents == NULL,
	       "refused case_get left data in the record");
	EXPECT_ST(case_history_get(f->o.s, &f->insp_b, a_id, &h, &n, &e),
		  ST_NOTFOUND, &e);
	EXPECT(n == 0 && h == NULL, "refused history returned %zu rows", n);
	expect_unchanged(f, a_id, &before);
	snap_free(&before);

	CTX("office B fires on a case of office A");
	expect_refused(f, &f->insp_b, a_id, &act, ST_NOTFOUND, "case");
	CTX("office A fires on a case of office B");
	expect_refused(f, &f->insp, b_id, &act, ST_NOTFOUND, "case");

	CTX("case lists are per office");
	EXPECT_ST(case_list(f->o.s, &f->insp_b, &flt, &rows, &n, &e), ST_OK, &e);
	EXPECT(n == 1 && rows[0].id == b_id, "office B lists %zu cases", n);
	free(rows);
	EXPECT_ST(case_list(f->o.s, &f->insp, &flt, &rows, &n, &e), ST_OK, &e);
	EXPECT(n == 1 && rows[0].id == a_id, "office A lists %zu cases", n);
	free(rows);

	CTX("a regional account sees both offices, changes nothing");
	EXPECT_ST(case_list(f->o.s, &f->region, &flt, &rows, &n, &e), ST_OK, &e);
	EXPECT(n == 2, "region lists %zu cases", n);
	free(rows);
	EXPECT_ST(case_get(f->o.s, &f->region, a_id, &r, &e), ST_OK, &e);
	case_rec_free(&r);
	EXPECT_ST(case_get(f->o.s, &f->region, b_id, &r, &e), ST_OK, &e);
	case_rec_free(&r);
	expect_refused(f, &f->region, a_id, &act, ST_DENIED, NULL);

	CTX("the administrator reads no case");
	EXPECT_ST(case_get(f->o.s, &f->o.admin, a_id, &r, &e), ST_DENIED, &e);
	EXPECT_ST(case_list(f->o.s, &f->o.admin, &flt, &rows, &n, &e), ST_DENIED,
		  &e);

	CTX("case_get leaves an audit line; unknown id is not found");
	{
		long long before_n = scalar(f->o.s, "SELECT count(*) FROM audit "
					    "WHERE action = 'case.view'", 0);

		EXPECT_ST(case_get(f->o.s, &f->aud, a_id, &r, &e), ST_OK, &e);
		case_rec_free(&r);
		EXPECT(scalar(f->o.s, "SELECT count(*) FROM audit WHERE action = "
			      "'case.view'", 0) == before_n + 1,
		       "case.view not audited");
		EXPECT_ST(case_get(f->o.s, &f->insp, 99999, &r, &e), ST_NOTFOUND,
			  &e);
		snap_take(f, a_id, &before);
		EXPECT_ST(fire(f, &f->insp, 99999, &act, &e), ST_NOTFOUND, &e);
		expect_unchanged(f, a_id, &before);
		snap_free(&before);
	}
	(void)i;
}

/* ---- case creation ---------------------------------------------------- */

static void
expect_create_refused(struct fx *f, const struct actor *a, const char *svc,
		      const char *key, const char *value, enum status want,
		      const char *want_field)
{
	struct case_new in = {0};
	struct errlist errs = {0};
	struct snap before;
	json_t *fields, *docs;
	long long id = -7;
	enum status st;
	size_t i;
	int named = 0;

	CTX("case_create %s with %s=%s", svc, key ? key : "-",
	    value ? value : "(removed)");
	fixture_case(strcmp(svc, "no-such") ? svc : "registration", &fields,
		     &docs);
	if (key && value)
		json_object_set_new(fields, key, json_string(value));
	else if (key)
		json_object_del(fields, key);
	in.service = svc;
	in.values = fields;
	in.documents = docs;
	snap_take(f, 0, &before);
	st = case_create(f->o.s, a, f->o.forms, &in, &id, &errs);
	EXPECT(st == want, "status %s, expected %s", status_text(st),
	       status_text(want));
	EXPECT(id == -7, "id_out written on a refused create");
	EXPECT(errs.n >= 1, "no error reported");
	for (i = 0; i < errs.n; i++) {
		EXPECT(errs.v[i].msg[0], "an error without a message");
		if (want_field && strcmp(errs.v[i].field, want_field) == 0)
			named = 1;
	}
	if (want_field)
		EXPECT(named, "no error names field %s (first: [%s] %s)",
		       want_field, errs.v[0].field, errs.v[0].msg);
	expect_unchanged(f, 0, &before);
	snap_free(&before);
	errlist_free(&errs);
	json_decref(fields);
	json_decref(docs);
}

/* An impossible birth date: one error, its message starting with the
 * field's label. */
static void
expect_date_message(struct fx *f, const char *svc, const struct form *fm)
{
	struct case_new in = {0};
	struct errlist errs = {0};
	json_t *fields, *docs;
	const struct form_field *fl = form_field(fm, "birth_date");

	fixture_case(svc, &fields, &docs);
	json_object_set_new(fields, "birth_date", json_string("31.02.1990"));
	in.service = svc;
	in.values = fields;
	in.documents = docs;
	CTX("%s birth_date message", svc);
	EXPECT(fl != NULL, "form has no birth_date");
	EXPECT(case_create(f->o.s, &f->insp, f->o.forms, &in, NULL, &errs) ==
			       ST_INVALID && errs.n == 1,
	       "expected exactly one error, got %zu", errs.n);
	EXPECT(strncmp(errs.v[0].msg, fl->label_ru, strlen(fl->label_ru)) == 0,
	       "message «%s» does not start with the label «%s»",
	       errs.v[0].msg, fl->label_ru);
	errlist_free(&errs);
	json_decref(fields);
	json_decref(docs);
}

/* A good one: one audit line "case.new", no journal line; a draft with
 * its values normalised, history "create", the form text kept. */
static void
expect_created(struct fx *f, const char *svc)
{
	long long aud = scalar(f->o.s, "SELECT count(*) FROM audit", 0);
	long long jn = scalar(f->o.s, "SELECT count(*) FROM journal", 0);
	long long id = new_case(f, svc);
	struct case_history *h = NULL;
	struct case_rec r;
	struct err e = {0};
	size_t n;

	CTX("%s created", svc);
	EXPECT(scalar(f->o.s, "SELECT count(*) FROM audit", 0) == aud + 1,
	       "create wrote != 1 audit lines");
	EXPECT(scalar(f->o.s, "SELECT count(*) FROM audit WHERE action = "
		      "'case.new' AND object = 'case:' || ?", id) == 1,
	       "no case.new line");
	EXPECT(scalar(f->o.s, "SELECT count(*) FROM journal", 0) == jn,
	       "create wrote a journal line");
	EXPECT_ST(case_get(f->o.s, &f->insp, id, &r, &e), ST_OK, &e);
	EXPECT(r.state == CS_DRAFT, "state %s", workflow_state_code(r.state));
	EXPECT_STR(r.service, svc);
	EXPECT_STR(r.channel, "paper");
	EXPECT_STR(r.created_by_login, "ivanov");
	EXPECT_STR(r.due_date, "");
	EXPECT(r.journal_no == 0, "draft has a journal number");
	EXPECT(json_array_size(r.documents) > 0, "documents lost");
	/* Values come back normalised (dates ISO). */
	EXPECT(strchr(json_string_value(json_object_get(r.data, "birth_date")),
		      '-') != NULL,
	       "birth_date not stored as ISO: %s",
	       json_string_value(json_object_get(r.data, "birth_date")));
	case_rec_free(&r);
	EXPECT_ST(case_history_get(f->o.s, &f->insp, id, &h, &n, &e), ST_OK,
		  &e);
	EXPECT(n == 1, "history rows %zu", n);
	EXPECT_STR(h[0].event, "create");
	EXPECT_STR(h[0].from, "");
	EXPECT_STR(h[0].to, "draft");
	case_history_free(h, n);
	EXPECT(scalar(f->o.s, "SELECT count(*) FROM form_texts", 0) >= 1,
	       "form text not kept");
}

static void
test_create(void **state)
{
	struct fx *f = *state;
	size_t i;

	for (i = 0; i < 3; i++) {
		const char *svc = service_codes[i];
		const struct form *fm = formset_get(f->o.forms,
						    catalog_find(svc)->default_form);

		CTX("%s form", svc);
		EXPECT(fm != NULL, "no default form %s",
		       catalog_find(svc)->default_form);
		/* Impossible date: named, message starts with the label. */
		expect_create_refused(f, &f->insp, svc, "birth_date",
				      "31.02.1990", ST_INVALID, "birth_date");
		expect_date_message(f, svc, fm);
		expect_create_refused(f, &f->insp, svc, "surname", NULL,
				      ST_INVALID, "surname");
		expect_create_refused(f, &f->insp, svc, "citizenship", "QZX",
				      ST_INVALID, "citizenship");
		expect_create_refused(f, &f->insp, svc, "bogus_field", "1",
				      ST_INVALID, "bogus_field");
		expect_create_refused(f, &f->chief, svc, NULL, NULL, ST_DENIED,
				      NULL);
		expect_create_refused(f, &f->o.admin, svc, NULL, NULL, ST_DENIED,
				      NULL);
		expect_create_refused(f, &f->region, svc, NULL, NULL, ST_DENIED,
				      NULL);
		expect_created(f, svc);
	}
	expect_create_refused(f, &f->insp, "no-such", NULL, NULL, ST_INVALID,
			      "service");
}

/* ---- return at intake ------------------------------------------------- */

static void
test_return_names_missing(void **state)
{
	struct fx *f = *state;
	struct case_act act = {.event = EV_RETURN};
	struct case_history *h = NULL;
	struct err e = {0};
	json_t *some = json_array();
	long long id;
	size_t n;

	/* Only the application presented: a return without a reason names
	 * the missing documents. */
	json_array_append_new(some, json_string("application"));
	id = new_case_as(f, &f->insp, "invitation", some);
	json_decref(some);
	CTX("invitation return with documents missing");
	EXPECT_ST(fire(f, &f->insp, id, &act, &e), ST_OK, &e);
	EXPECT_ST(case_history_get(f->o.s, &f->insp, id, &h, &n, &e), ST_OK, &e);
	EXPECT(n == 2 && h[1].reason && *h[1].reason,
	       "the return names no missing document");
	case_history_free(h, n);

	/* A reason longer than allowed. */
	{
		char *big = malloc(5000);

		memset(big, 'x', 4999);
		big[4999] = '\0';
		id = new_case(f, "registration");
		act.reason = big;
		CTX("return with a 4999-character reason");
		expect_refused(f, &f->insp, id, &act, ST_INVALID, "reason");
		free(big);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		FIXTURE_TEST(test_due_dates, setup),
		FIXTURE_TEST(test_journal_numbers, setup),
		FIXTURE_TEST(test_berkut, setup),
		FIXTURE_TEST(test_lists_and_counts, setup),
		FIXTURE_TEST(test_other_office, setup),
		FIXTURE_TEST(test_create, setup),
		FIXTURE_TEST(test_return_names_missing, setup),
	};

	setenv("TZ", "Asia/Almaty", 0);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
