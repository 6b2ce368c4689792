/* SPDX-License-Identifier: MIT */
/* Tests for the case workflow's transition table of the three services,
 * through the real core calls on a temporary database file: the table is
 * the spec (its codes parse back); every row (reached with real calls,
 * fired with the right role and data, with a role that lacks the
 * permission, without the data it needs), every (state, event) pair the
 * table does not allow. A refused call must leave the database exactly as
 * it was. What the acts record is test_workflow_acts.c.
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

/* The history's one new row, the last: the act as fired. */
static void
expect_history_row(struct fx *f, long long id, const struct transition *t,
		   const struct actor *a, const struct case_act *act,
		   const struct snap *before)
{
	struct case_history *h = NULL;
	struct err e = {0};
	size_t n = 0;

	EXPECT(scalar(f->o.s, "SELECT count(*) FROM case_events", 0) ==
	       before->events + 1, "expected one new case_events row");
	EXPECT_ST(case_history_get(f->o.s, &f->insp, id, &h, &n, &e), ST_OK, &e);
	EXPECT(n >= 2, "history has %zu rows", n);
	EXPECT_STR(h[0].event, "create");
	EXPECT_STR(h[n - 1].event, workflow_event_code(t->event));
	EXPECT_STR(h[n - 1].from, workflow_state_code(t->from));
	EXPECT_STR(h[n - 1].to, workflow_state_code(t->to));
	EXPECT_STR(h[n - 1].login, a->login);
	EXPECT_STR(h[n - 1].full_name, a->full_name);
	EXPECT_STR(h[n - 1].at, NOW_STAMP);
	if (t->needs & NEED_REASON)
		EXPECT_STR(h[n - 1].reason, act->reason);
	EXPECT_STR(h[n - 1].ground, (t->needs & NEED_GROUND) ? act->ground : "");
	if (t->needs & NEED_RECIPIENT)
		EXPECT(strstr(h[n - 1].data, act->recipient) != NULL,
		       "history data %s lacks the recipient", h[n - 1].data);
	if (t->event == EV_ACCEPT)
		EXPECT(strstr(h[n - 1].data, "due_date") &&
		       strstr(h[n - 1].data, "journal_no"),
		       "accept history data %s lacks due date / number",
		       h[n - 1].data);
	case_history_free(h, n);
}

/* One journal line about case id when row t writes one, none when not. */
static void
expect_journal_line(struct fx *f, const char *svc, long long id,
		    const struct transition *t, const struct actor *a,
		    const struct snap *before)
{
	const struct service *sv = catalog_find(svc);
	struct db_stmt *st;

	if (t->journal) {
		EXPECT(scalar(f->o.s, "SELECT count(*) FROM journal", 0) ==
		       before->journal + 1, "expected one new journal line");
		st = db_prepare(f->o.s, "SELECT case_id, kind, book, actor_id, "
				   "no, year, at, content, office_id FROM journal "
				   "ORDER BY id DESC LIMIT 1", NULL);
		assert_non_null(st);
		EXPECT(db_step(st, NULL) == DB_ROW, "no journal line");
		EXPECT(db_col_int64(st, 0) == id, "journal case_id %lld",
		       (long long)db_col_int64(st, 0));
		EXPECT_STR(db_col_text(st, 1), workflow_event_code(t->event));
		EXPECT_STR(db_col_text(st, 2), sv->book);
		EXPECT(db_col_int64(st, 3) == a->id,
		       "journal actor %lld, expected %lld",
		       (long long)db_col_int64(st, 3), a->id);
		if (t->event == EV_ACCEPT)
			EXPECT(db_col_int(st, 4) > 0 &&
			       db_col_int(st, 5) == 2026,
			       "accept line without number/year (%d/%d)",
			       db_col_int(st, 4),
			       db_col_int(st, 5));
		else
			EXPECT(db_col_null(st, 4),
			       "a %s line must not draw a number",
			       workflow_event_code(t->event));
		EXPECT_STR(db_col_text(st, 6), NOW_STAMP);
		EXPECT(strstr(db_col_text(st, 7), "\"case\"") != NULL,
		       "journal content %s lacks the case", db_col_text(st, 7));
		EXPECT(db_col_int64(st, 8) == f->insp.office_id,
		       "journal line in office %lld",
		       (long long)db_col_int64(st, 8));
		db_finalize(st);
	} else {
		EXPECT(scalar(f->o.s, "SELECT count(*) FROM journal", 0) ==
		       before->journal, "%s must not write a journal line",
		       workflow_event_code(t->event));
	}
}

/* Fire a table row with the right role and data and check the state, the
 * history row, the journal line and the audit line. */
static void
fire_and_check(struct fx *f, const char *svc, long long id,
	       const struct transition *t, const struct actor *a,
	       const struct case_act *act)
{
	struct snap before;
	struct err e = {0};
	struct db_stmt *st;

	snap_take(f, id, &before);
	EXPECT_ST(fire(f, a, id, act, &e), ST_OK, &e);
	EXPECT_STR(state_of(f, id), workflow_state_code(t->to));

	expect_history_row(f, id, t, a, act, &before);
	expect_journal_line(f, svc, id, t, a, &before);
	/* Audit: one line, who did what to which case. */
	EXPECT(scalar(f->o.s, "SELECT count(*) FROM audit", 0) == before.audit + 1,
	       "expected exactly one new audit line");
	st = db_prepare(f->o.s, "SELECT action, object, detail, login, "
			   "account_id, at FROM audit ORDER BY id DESC LIMIT 1",
			   NULL);
	assert_non_null(st);
	EXPECT(db_step(st, NULL) == DB_ROW, "no audit line");
	{
		char obj[40];

		snprintf(obj, sizeof obj, "case:%lld", id);
		EXPECT_STR(db_col_text(st, 0), "case.event");
		EXPECT_STR(db_col_text(st, 1), obj);
		EXPECT_STR(db_col_text(st, 2), workflow_event_code(t->event));
		EXPECT_STR(db_col_text(st, 3), a->login);
		EXPECT(db_col_int64(st, 4) == a->id, "audit account_id");
		EXPECT_STR(db_col_text(st, 5), NOW_STAMP);
	}
	db_finalize(st);
	snap_free(&before);
}

/* ---- the table itself ------------------------------------------------- */

/* State and event codes parse back; junk does not parse. */
static void
expect_codes_round_trip(void)
{
	size_t i;

	for (i = 0; i < CS__COUNT; i++) {
		enum case_state s;

		CTX("state %zu", i);
		EXPECT(workflow_state_parse(workflow_state_code(i), &s) == 0 &&
		       s == (enum case_state)i, "state code does not parse back");
	}
	for (i = 0; i < EV__COUNT; i++) {
		enum case_event ev;

		CTX("event %zu", i);
		EXPECT(workflow_event_parse(workflow_event_code(i), &ev) == 0 &&
		       ev == (enum case_event)i, "event code does not parse back");
	}
	CTX("parse");
	{
		enum case_state s;
		enum case_event ev;

		EXPECT(workflow_state_parse("nonsense", &s) != 0, "parsed junk");
		EXPECT(workflow_event_parse("", &ev) != 0, "parsed empty");
		EXPECT(workflow_event_parse(NULL, &ev) != 0, "parsed NULL");
		EXPECT(workflow_service_bit("visa") == 0, "unknown service bit");
	}
}

/* The workflow as the issue describes it; the code's table must be exactly
 * this, row for row (order aside). */
static void
test_table_is_the_spec(void **state)
{
	/* Registration (R): a clear check completes it, a hit goes to the
	 * chief; passes and invitations (P): the regional head signs, the
	 * office chief prepares. */
	enum { R = SVC_REGISTRATION, P = SVC_SIGNED };
	static const struct transition want[] = {
		{CS_DRAFT, EV_ACCEPT, CS_ACCEPTED, SVC_ALL, PERM_CASE_INTAKE,
		 NEED_CHECKLIST, 1},
		{CS_DRAFT, EV_RETURN, CS_RETURNED, SVC_ALL, PERM_CASE_INTAKE,
		 NEED_REASON, 0},
		{CS_DRAFT, EV_CANCEL, CS_CANCELLED, SVC_ALL, PERM_CASE_INTAKE, 0,
		 0},
		{CS_ACCEPTED, EV_CHECK_CLEAR, CS_ISSUED, R, PERM_RECORDS_CHECK, 0,
		 1},
		{CS_ACCEPTED, EV_CHECK_CLEAR, CS_CHECKED, P, PERM_RECORDS_CHECK,
		 0, 1},
		{CS_ACCEPTED, EV_CHECK_HIT, CS_HIT, SVC_ALL, PERM_RECORDS_CHECK,
		 NEED_REASON, 1},
		{CS_ACCEPTED, EV_REFUSE, CS_REFUSED, R, PERM_DECIDE,
		 NEED_GROUND | NEED_REASON, 1},
		{CS_HIT, EV_REFUSE, CS_REFUSED, R, PERM_DECIDE,
		 NEED_GROUND | NEED_REASON, 1},
		{CS_HIT, EV_ISSUE, CS_ISSUED, R, PERM_DECIDE, NEED_REASON, 1},
		{CS_CHECKED, EV_PREPARE, CS_CHECKED, P, PERM_DECIDE, 0, 0},
		{CS_HIT, EV_PREPARE, CS_HIT, P, PERM_DECIDE, 0, 0},
		{CS_ACCEPTED, EV_REFUSE, CS_REFUSED, P, PERM_SIGN,
		 NEED_GROUND | NEED_REASON, 1},
		{CS_CHECKED, EV_ISSUE, CS_ISSUED, P, PERM_SIGN, 0, 1},
		{CS_CHECKED, EV_REFUSE, CS_REFUSED, P, PERM_SIGN,
		 NEED_GROUND | NEED_REASON, 1},
		{CS_HIT, EV_REFUSE, CS_REFUSED, P, PERM_SIGN,
		 NEED_GROUND | NEED_REASON, 1},
		{CS_ISSUED, EV_HAND_OUT, CS_HANDED_OUT, SVC_ALL, PERM_HAND_OUT,
		 NEED_RECIPIENT, 1},
		{CS_REFUSED, EV_HAND_OUT, CS_HANDED_OUT, SVC_ALL, PERM_HAND_OUT,
		 NEED_RECIPIENT, 1},
		{CS_ISSUED, EV_BERKUT, CS_ISSUED, SVC_REGISTRATION, PERM_BERKUT,
		 NEED_NO_BERKUT, 1},
		{CS_HANDED_OUT, EV_BERKUT, CS_HANDED_OUT, SVC_REGISTRATION,
		 PERM_BERKUT, NEED_NO_BERKUT, 1},
	};
	size_t n, i, j, nw = sizeof want / sizeof want[0];
	const struct transition *t = workflow_table(&n);
	int seen[sizeof want / sizeof want[0]] = {0};

	(void)state;
	for (i = 0; i < n; i++) {
		CTX("table row %zu: %s -%s-> %s", i,
		    workflow_state_code(t[i].from),
		    workflow_event_code(t[i].event),
		    workflow_state_code(t[i].to));
		for (j = 0; j < nw; j++)
			if (want[j].from == t[i].from &&
			    want[j].event == t[i].event &&
			    (want[j].services & t[i].services))
				break;
		EXPECT(j < nw, "row not in the specified workflow");
		EXPECT(!seen[j], "row duplicated");
		seen[j] = 1;
		EXPECT(want[j].to == t[i].to && want[j].services == t[i].services
		       && want[j].perm == t[i].perm &&
		       want[j].needs == t[i].needs &&
		       !want[j].journal == !t[i].journal,
		       "row differs: to %s/%s services %u/%u perm %s/%s needs "
		       "%u/%u journal %d/%d (got/want)",
		       workflow_state_code(t[i].to),
		       workflow_state_code(want[j].to), t[i].services,
		       want[j].services, perm_code(t[i].perm),
		       perm_code(want[j].perm), t[i].needs, want[j].needs,
		       t[i].journal, want[j].journal);
		/* workflow_find returns this very row. */
		EXPECT(workflow_find(t[i].from, t[i].event, t[i].services) ==
		       &t[i], "workflow_find does not return the row");
	}
	for (j = 0; j < nw; j++) {
		CTX("specified row %s -%s->", workflow_state_code(want[j].from),
		    workflow_event_code(want[j].event));
		EXPECT(seen[j], "missing from workflow_table");
	}
	expect_codes_round_trip();
}

/* ---- every row, allowed and refused ----------------------------------- */

/* Row t fired on case id by every account that may not: without the
 * permission ST_DENIED, from office B ST_NOTFOUND, not logged in
 * ST_DENIED. */
static void
row_refused_to_others(struct fx *f, const char *svc,
		      const struct transition *t, long long id,
		      const struct actor *a, const struct case_act *act)
{
	const struct actor *everyone[] = {&f->insp, &f->rec, &f->chief,
					  &f->oper, &f->aud, &f->o.admin,
					  &f->region};
	struct actor nobody = *a;
	int denied = 0;
	size_t k;

	for (k = 0; k < sizeof everyone / sizeof everyone[0]; k++) {
		if (role_allows(everyone[k]->roles, t->perm) &&
		    everyone[k]->office_id)
			continue;
		CTX("%s: %s -%s-> as %s (lacks %s)", svc,
		    workflow_state_code(t->from), workflow_event_code(t->event),
		    everyone[k]->login, perm_code(t->perm));
		expect_refused(f, everyone[k], id, act, ST_DENIED, NULL);
		denied++;
	}
	CTX("%s: %s -%s->", svc, workflow_state_code(t->from),
	    workflow_event_code(t->event));
	EXPECT(denied >= 3, "only %d accounts lack the permission", denied);
	/* An office-B account with every case role: not its case, and not
	 * even told it exists. */
	CTX("%s: %s -%s-> as office-B %s", svc, workflow_state_code(t->from),
	    workflow_event_code(t->event), f->insp_b.login);
	expect_refused(f, &f->insp_b, id, act, ST_NOTFOUND, "case");
	nobody.id = 0;
	CTX("%s: %s -%s-> with no login", svc, workflow_state_code(t->from),
	    workflow_event_code(t->event));
	expect_refused(f, &nobody, id, act, ST_DENIED, NULL);
}

/* Row t fired without each piece of data it needs: ST_INVALID. */
static void
row_refused_without_data(struct fx *f, const char *svc,
			 const struct transition *t, long long id,
			 const struct actor *a, const struct case_act *act)
{
	struct case_act bad = *act;

	if (t->needs & NEED_REASON) {
		CTX("%s: %s -%s-> without reason", svc,
		    workflow_state_code(t->from), workflow_event_code(t->event));
		bad.reason = NULL;
		expect_refused(f, a, id, &bad, ST_INVALID, "reason");
		bad.reason = "";
		expect_refused(f, a, id, &bad, ST_INVALID, "reason");
		bad = *act;
	}
	if (t->needs & NEED_GROUND) {
		CTX("%s: %s -%s-> without ground", svc,
		    workflow_state_code(t->from), workflow_event_code(t->event));
		bad.ground = NULL;
		expect_refused(f, a, id, &bad, ST_INVALID, "ground");
		bad.ground = "no-such-ground";
		expect_refused(f, a, id, &bad, ST_INVALID, "ground");
		/* A ground of another service only. */
		bad.ground = strcmp(svc, "registration") ? "no-owner-consent"
							 : "no-right-to-invite";
		expect_refused(f, a, id, &bad, ST_INVALID, "ground");
		bad = *act;
	}
	if (t->needs & NEED_RECIPIENT) {
		CTX("%s: %s -%s-> without recipient", svc,
		    workflow_state_code(t->from), workflow_event_code(t->event));
		bad.recipient = NULL;
		expect_refused(f, a, id, &bad, ST_INVALID, "recipient");
		bad.recipient = "";
		expect_refused(f, a, id, &bad, ST_INVALID, "recipient");
	}
	if (t->needs & NEED_CHECKLIST) {
		json_t *none = json_array();
		long long id2 = new_case_as(f, &f->insp, svc, none);
		struct err e = {0};

		json_decref(none);
		CTX("%s: %s -%s-> with no documents presented", svc,
		    workflow_state_code(t->from), workflow_event_code(t->event));
		expect_refused(f, a, id2, act, ST_INVALID, "documents");
		fire(f, a, id2, act, &e);
		EXPECT(strstr(e.msg, "Не представлены документы") &&
			       !strchr(e.msg, '\n'),
		       "message does not list the documents on one line: %s",
		       e.msg);
	}
}

static void
walk_rows(struct fx *f, const char *svc, int *checked)
{
	unsigned bit = workflow_service_bit(svc);
	size_t n, i;
	const struct transition *t = workflow_table(&n);

	EXPECT(bit != 0, "unknown service %s", svc);
	for (i = 0; i < n; i++) {
		const struct actor *a;
		struct case_act act;
		long long id;

		if (!(t[i].services & bit))
			continue;
		CTX("%s: reach %s for -%s->", svc, workflow_state_code(t[i].from),
		    workflow_event_code(t[i].event));
		id = reach(f, svc, t[i].from);
		a = actor_for(f, t[i].perm);
		act = good_act(&t[i]);
		row_refused_to_others(f, svc, &t[i], id, a, &act);
		row_refused_without_data(f, svc, &t[i], id, a, &act);

		/* Now the allowed firing. */
		CTX("%s: %s -%s-> %s as %s", svc, workflow_state_code(t[i].from),
		    workflow_event_code(t[i].event), workflow_state_code(t[i].to),
		    a->login);
		fire_and_check(f, svc, id, &t[i], a, &act);
		/* A self-loop may not be fired twice (Berkut once). */
		if (t[i].needs & NEED_NO_BERKUT) {
			CTX("%s: %s -%s-> a second time", svc,
			    workflow_state_code(t[i].from),
			    workflow_event_code(t[i].event));
			expect_refused(f, a, id, &act, ST_CONFLICT, NULL);
		}
		(*checked)++;
	}
}

/* Every (state, event) pair the table does not allow: ST_CONFLICT, even
 * for an account holding every case role and giving every piece of data. */
static void
walk_conflicts(struct fx *f, const char *svc, int *checked)
{
	unsigned bit = workflow_service_bit(svc);
	int s, ev;

	struct path paths[CS__COUNT];

	paths_for(bit, paths);
	for (s = 0; s < CS__COUNT; s++) {
		long long id = 0;

		if (!paths[s].reached)
			continue; /* a state this service never takes */
		for (ev = 0; ev < EV__COUNT; ev++) {
			struct case_act act = {0};

			if (workflow_find((enum case_state)s,
					  (enum case_event)ev, bit))
				continue;
			if (!id) {
				CTX("%s: reach %s", svc,
				    workflow_state_code((enum case_state)s));
				id = reach(f, svc, (enum case_state)s);
			}
			act.event = (enum case_event)ev;
			act.reason = "Пояснение";
			act.ground = "incomplete";
			act.recipient = "Заявитель";
			CTX("%s: %s -%s-> (not in the table)", svc,
			    workflow_state_code((enum case_state)s),
			    workflow_event_code((enum case_event)ev));
			expect_refused(f, &f->all, id, &act, ST_CONFLICT,
				       "state");
			/* Same answer for an account with no case role. */
			expect_refused(f, &f->aud, id, &act, ST_CONFLICT,
				       "state");
			(*checked)++;
		}
	}
}

static void
run_service(void **state, const char *svc)
{
	struct fx *f = *state;
	int rows = 0, conflicts = 0;
	size_t n, i, want_rows = 0;
	const struct transition *t = workflow_table(&n);

	for (i = 0; i < n; i++)
		if (t[i].services & workflow_service_bit(svc))
			want_rows++;
	walk_rows(f, svc, &rows);
	walk_conflicts(f, svc, &conflicts);
	CTX("%s", svc);
	EXPECT((size_t)rows == want_rows, "walked %d of %zu rows", rows,
	       want_rows);
	{
		struct path paths[CS__COUNT];
		int k, states = 0;

		paths_for(workflow_service_bit(svc), paths);
		for (k = 0; k < CS__COUNT; k++)
			states += paths[k].reached;
		EXPECT((size_t)(rows + conflicts) ==
			       (size_t)states * EV__COUNT,
		       "%d allowed + %d refused pairs != %d states x %d "
		       "events", rows, conflicts, states, EV__COUNT);
	}
	print_message("%s: %d allowed transitions, %d refused (state, event) "
		      "pairs\n", svc, rows, conflicts);
}

static void
test_registration(void **state)
{
	run_service(state, "registration");
}

static void
test_invitation(void **state)
{
	run_service(state, "invitation");
}

static void
test_border_pass(void **state)
{
	run_service(state, "border-pass");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_is_the_spec),
		FIXTURE_TEST(test_registration, setup),
		FIXTURE_TEST(test_invitation, setup),
		FIXTURE_TEST(test_border_pass, setup),
	};

	setenv("TZ", "Asia/Almaty", 0);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
