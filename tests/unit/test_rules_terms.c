/* SPDX-License-Identifier: MIT */
/* The reglaments' rules over time, through the real core calls on a
 * temporary database: each regime boundary (an act the day before and the
 * day a rule comes into force); the portal's filing day, its term and the
 * pilot's limits; the workflow paths of the reglaments' tables and their
 * steps' terms; the reports' count of foreigners. The expression language
 * and the checks are test_rules.c.
 * Runs on both engines (engines: sqlite pg; scripts/run-tests.sh). */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "case_check.h"
#include "cases.h"
#include "clock.h"
#include "rexpr.h"
#include "report.h"
#include "rules.h"
#include "settings.h"
#include "steps.h"
#include "util.h"

#include "rules_fx.h"

/* ---- regimes -------------------------------------------------------------- */

/* Create (OKNO_NOW = day) and tell whether rule fired. */
static int
fires_on(struct fx *f, const char *day, const char *svc, const char *over,
	 const char *rule)
{
	char now[32];
	struct try t;
	int fired;

	snprintf(now, sizeof now, "%sT10:00:00", day);
	setenv("OKNO_NOW", now, 1);
	try_create(f, svc, NULL, over, NULL, &t);
	fired = finding(&t, rule) != NULL;
	try_free(&t);
	setenv("OKNO_NOW", NOW, 1);
	return fired;
}

static void
test_regimes(void **state)
{
	struct fx *f = *state;
	/* Entered 15 days before the act, without a visa. */
	static const char reg_jun30[] = "{\"entry_date\": \"15.06.2026\", "
		"\"period_from\": \"15.06.2026\", \"period_to\": \"01.08.2026\"}";
	static const char reg_jul1[] = "{\"entry_date\": \"16.06.2026\", "
		"\"period_from\": \"16.06.2026\", \"period_to\": \"01.08.2026\"}";
	static const char reg_visa[] = "{\"entry_date\": \"16.06.2026\", "
		"\"period_from\": \"16.06.2026\", \"period_to\": \"01.08.2026\", "
		"\"visa_number\": \"V1\", \"visa_category\": \"B10\", "
		"\"visa_expiry\": \"01.09.2026\"}";
	/* The 2016 and 2018 filing windows: entry ten days after the act
	 * (30.06.2018 -> 10.07.2018: under two weeks, but 7 working days;
	 * 01.07.2018 (Sunday) -> 11.07.2018). */
	static const char inv_2018a[] = "{\"period_from\": \"10.07.2018\", "
		"\"period_to\": \"20.07.2018\", \"doc_issued\": \"10.10.2010\", "
		"\"application_date\": \"30.06.2018\"}";
	static const char inv_2018b[] = "{\"period_from\": \"11.07.2018\", "
		"\"period_to\": \"20.07.2018\", \"doc_issued\": \"10.10.2010\", "
		"\"application_date\": \"01.07.2018\"}";
	static const char inv_2018c[] = "{\"period_from\": \"03.07.2018\", "
		"\"period_to\": \"20.07.2018\", \"doc_issued\": \"10.10.2010\", "
		"\"application_date\": \"01.07.2018\"}";
	/* 2014 regime until 31.12.2016 (office setting 400 days), 2017: one
	 * year. Entry 380 days after the act. */
	static const char inv_2016[] = "{\"period_from\": \"15.01.2018\", "
		"\"period_to\": \"20.01.2018\", \"doc_issued\": \"10.10.2010\", "
		"\"application_date\": \"31.12.2016\"}";
	static const char inv_2017[] = "{\"period_from\": \"16.01.2018\", "
		"\"period_to\": \"20.01.2018\", \"doc_issued\": \"10.10.2010\", "
		"\"application_date\": \"01.01.2017\"}";
	struct err e = {0};

	CTX("registration: 5 days until 30.06.2026");
	EXPECT(fires_on(f, "2026-06-30", "registration", reg_jun30,
			"reg.late"), "reg.late did not fire on 30.06.2026");
	CTX("registration: 30 days for the 90-day regime from 01.07.2026");
	EXPECT(!fires_on(f, "2026-07-01", "registration", reg_jul1,
			 "reg.late") &&
		       !fires_on(f, "2026-07-01", "registration", reg_jul1,
				 "reg.late-90"),
	       "a 15-day late visa-free registration warned on 01.07.2026");
	CTX("registration with a visa: still 5 days from 01.07.2026");
	EXPECT(fires_on(f, "2026-07-01", "registration", reg_visa,
			"reg.late-visa"), "reg.late-visa did not fire");
	CTX("registration: 40 days late on 01.07.2026");
	EXPECT(fires_on(f, "2026-07-01", "registration",
			"{\"entry_date\": \"22.05.2026\", \"period_from\": "
			"\"22.05.2026\", \"period_to\": \"01.08.2026\"}",
			"reg.late-90"), "reg.late-90 did not fire");

	CTX("invitation: two weeks on 30.06.2018");
	EXPECT(fires_on(f, "2018-06-30", "invitation", inv_2018a,
			"inv.window-late-2016"), "2016 window did not apply");
	CTX("invitation: five working days from 01.07.2018");
	EXPECT(!fires_on(f, "2018-07-01", "invitation", inv_2018b,
			 "inv.window-late-2016") &&
		       !fires_on(f, "2018-07-01", "invitation", inv_2018b,
				 "inv.window-late-2018"),
	       "ten days ahead refused on 01.07.2018");
	EXPECT(fires_on(f, "2018-07-01", "invitation", inv_2018c,
			"inv.window-late-2018"), "2018 window did not apply");

	OK(settings_change(f->o.s, &f->o.admin,
			   "rules.invitation.max_ahead_days", "400", &e), &e);
	CTX("invitation: the office's setting until 31.12.2016");
	EXPECT(!fires_on(f, "2016-12-31", "invitation", inv_2016,
			 "inv.ahead-2014"), "the setting was not read");
	EXPECT(!fires_on(f, "2016-12-31", "invitation", inv_2016,
			 "inv.window-early"), "the 2017 window applied in 2016");
	CTX("invitation: one year from 01.01.2017");
	EXPECT(fires_on(f, "2017-01-01", "invitation", inv_2017,
			"inv.window-early"), "the 2017 window did not apply");
	EXPECT(!fires_on(f, "2017-01-01", "invitation", inv_2017,
			 "inv.ahead-2014"), "the 2014 regime applied in 2017");
	OK(settings_change(f->o.s, &f->o.admin,
			   "rules.invitation.max_ahead_days", NULL, &e), &e);
}

/* ---- the portal ------------------------------------------------------------ */

static void
test_filing_day(void **state)
{
	static const struct {
		const char *submitted, *filed;
	} rows[] = {
		{"2026-03-19T17:59:59", "2026-03-19"}, /* Thursday, in hours */
		{"2026-03-19T18:00:00", "2026-03-20"}, /* after hours */
		{"2026-03-19T18:45:00", "2026-03-20"},
		{"2026-03-20T23:00:00", "2026-03-26"}, /* Friday; Nauryz */
		{"2026-03-21T10:00:00", "2026-03-26"}, /* Saturday */
		{"2026-03-26T09:00:00", "2026-03-26"},
	};
	struct fx *f = *state;
	struct err e = {0};
	size_t i;

	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct date d;
		char iso[11];

		CTX("submitted %s", rows[i].submitted);
		OK(case_filed_date(f->o.s, "electronic", rows[i].submitted,
				   (struct date){2026, 1, 1}, &d, &e), &e);
		date_format_iso(d, iso);
		EXPECT_STR(iso, rows[i].filed);
	}
	/* The office ends its day at 17: a submission at 17:30 moves. */
	OK(settings_change(f->o.s, &f->o.admin, "workday.end_hour", "17", &e),
	   &e);
	{
		struct date d;
		char iso[11];

		CTX("workday.end_hour 17");
		OK(case_filed_date(f->o.s, "electronic", "2026-03-19T17:30:00",
				   (struct date){2026, 1, 1}, &d, &e), &e);
		date_format_iso(d, iso);
		EXPECT_STR(iso, "2026-03-20");
	}
	OK(settings_change(f->o.s, &f->o.admin, "workday.end_hour", NULL, &e),
	   &e);
}

/* An electronic application: its term runs from the submission, not the
 * acceptance; the pilot's limits (an adult citizen host) are checked. */
static void
test_portal_term_and_pilot(void **state)
{
	struct fx *f = *state;
	struct case_act act = {.event = EV_ACCEPT};
	struct case_new in = {0};
	struct errlist errs = {0};
	struct rule_findings found = {0};
	struct case_rec r;
	struct err e = {0};
	char adult[13], minor[13];
	json_t *docs, *values;
	long long id = 0;

	make_iin("92102935085", adult); /* 921029350851 */
	make_iin("15010150001", minor);
	/* Submitted Friday 20.03 at 19:00: filed Thursday 26.03 (after
	 * Nauryz), due the next working day, whenever it is accepted. */
	fixture_case("registration", &values, &docs);
	in.service = "registration";
	in.channel = "electronic";
	in.values = values;
	in.documents = docs;
	in.submitted_at = "2026-03-20T19:00:00";
	in.applicant_iin = adult;
	in.warnings_at_accept = 1;
	CTX("portal application");
	OK(case_create(f->o.s, &f->insp, f->o.forms, &in, &id, &errs),
	   errs.n ? &errs.v[0] : &e);
	OK(db_script(f->o.s, "INSERT INTO portal_requests(request_id, file, "
		      "sha256, case_id, applicant_iin, applicant_name, "
		      "submitted_at, imported_at, imported_by) SELECT 'R1', "
		      "'r1.json', 'x', max(id), '921029350851', 'Сериков', "
		      "'2026-03-20T19:00:00', '2026-03-20T19:00:00', 1 FROM "
		      "cases", &e), &e);
	setenv("OKNO_NOW", "2026-03-26T16:00:00", 1);
	OK(case_fire(f->o.s, &f->insp, f->o.forms, id, &act, &e), &e);
	OK(case_get(f->o.s, &f->insp, id, &r, &e), &e);
	EXPECT_STR(r.due_date, "2026-03-27");
	case_rec_free(&r);
	setenv("OKNO_NOW", NOW, 1);
	errlist_free(&errs);

	CTX("a minor applying through the portal");
	json_object_set_new(values, "doc_number", json_string("FP0000002"));
	in.applicant_iin = minor;
	EXPECT_ST(case_create(f->o.s, &f->insp, f->o.forms, &in, &id, &errs),
		  ST_INVALID, &e);
	EXPECT(errs.n && strstr(errs.v[0].msg, "только с 18 лет, заявителю 11"), "message: %s",
	       errs.n ? errs.v[0].msg : "");
	errlist_free(&errs);

	CTX("a foreigner's IIN (7th digit 0)");
	in.applicant_iin = "921029050851";
	EXPECT_ST(case_create(f->o.s, &f->insp, f->o.forms, &in, &id, &errs),
		  ST_INVALID, &e);
	EXPECT(errs.n && strstr(errs.v[0].msg, "только граждане Республики Казахстан"), "message: %s",
	       errs.n ? errs.v[0].msg : "");
	errlist_free(&errs);

	CTX("a citizen of another country");
	in.applicant_iin = adult;
	in.applicant_citizenship = "RUS";
	in.findings = &found;
	EXPECT_ST(case_create(f->o.s, &f->insp, f->o.forms, &in, &id, &errs),
		  ST_INVALID, &e);
	EXPECT(errs.n && strstr(errs.v[0].msg, "только граждане"),
	       "message: %s", errs.n ? errs.v[0].msg : "");
	errlist_free(&errs);
	rule_findings_free(&found);
	json_decref(values);
	json_decref(docs);
}

/* ---- the workflow of the reglaments' tables -------------------------------- */

static const char *
state_of(struct fx *f, long long id)
{
	static char buf[32];
	char *v = NULL;

	buf[0] = '\0';
	if (db_text(f->o.s, NULL, &v, "", "SELECT state FROM cases WHERE "
		    "id = ?", DB_INT(id)) == ST_OK)
		snprintf(buf, sizeof buf, "%s", v);
	free(v);
	return buf;
}

static void
test_paths(void **state)
{
	struct fx *f = *state;
	struct case_act act = {0};
	struct err e = {0};
	struct try t;
	long long id;

	CTX("a registration with a clear check, no chief");
	try_create(f, "registration", NULL, NULL, NULL, &t);
	id = t.id;
	try_free(&t);
	fire_ok(f, &f->insp, id, EV_ACCEPT, NULL, NULL);
	fire_ok(f, &f->rec, id, EV_CHECK_CLEAR, NULL, NULL);
	EXPECT_STR(state_of(f, id), "issued");
	EXPECT(fixture_scalar(f->o.s, "SELECT count(*) FROM case_events e "
			      "JOIN accounts a ON a.id = e.actor_id WHERE "
			      "a.login = 'chief'") == 0, "the chief acted");

	CTX("a hit refused by the chief");
	try_create(f, "registration", NULL, NULL, NULL, &t);
	id = t.id;
	try_free(&t);
	fire_ok(f, &f->insp, id, EV_ACCEPT, NULL, NULL);
	fire_ok(f, &f->rec, id, EV_CHECK_HIT, "запрет въезда", NULL);
	EXPECT_STR(state_of(f, id), "hit");
	fire_ok(f, &f->chief, id, EV_REFUSE, "запрет въезда", "records-hit");
	EXPECT_STR(state_of(f, id), "refused");

	CTX("a pass signed by the regional head");
	try_create(f, "border-pass", NULL, NULL, NULL, &t);
	id = t.id;
	try_free(&t);
	fire_ok(f, &f->insp, id, EV_ACCEPT, NULL, NULL);
	fire_ok(f, &f->rec, id, EV_CHECK_CLEAR, NULL, NULL);
	EXPECT_STR(state_of(f, id), "checked");
	fire_ok(f, &f->chief, id, EV_PREPARE, NULL, NULL);
	act.event = EV_ISSUE;
	EXPECT_ST(case_fire(f->o.s, &f->chief, f->o.forms, id, &act, &e),
		  ST_DENIED, &e);
	EXPECT(strstr(e.msg, "решение и подпись пропусков и приглашений"),
	       "message: %s", e.msg);
	fire_ok(f, &f->head, id, EV_ISSUE, NULL, NULL);
	EXPECT_STR(state_of(f, id), "issued");

	CTX("the decision runs the rules of the decision");
	try_create(f, "invitation", NULL, NULL, NULL, &t);
	id = t.id;
	try_free(&t);
	fire_ok(f, &f->insp, id, EV_ACCEPT, NULL, NULL);
	fire_ok(f, &f->rec, id, EV_CHECK_CLEAR, NULL, NULL);
	/* Decided after the trip began: refused as an error. */
	setenv("OKNO_NOW", "2026-05-05T10:00:00", 1);
	act.event = EV_ISSUE;
	EXPECT_ST(case_fire(f->o.s, &f->head, f->o.forms, id, &act, &e),
		  ST_INVALID, &e);
	EXPECT_STR(e.field, "period_from");
	EXPECT_STR(state_of(f, id), "checked");
	setenv("OKNO_NOW", NOW, 1);
}

/* The steps' terms: a registration without its Berkut entry by its due
 * date is overdue, handed out or not; a pass decided late is late. */
static void
test_steps(void **state)
{
	struct fx *f = *state;
	struct case_filter flt = {.overdue = 1};
	struct case_row *rows = NULL;
	struct step_state *v = NULL;
	struct case_rec r;
	struct report rep;
	struct err e = {0};
	struct try t;
	long long reg, pass;
	size_t n = 0;

	try_create(f, "registration", NULL, NULL, NULL, &t);
	reg = t.id;
	try_free(&t);
	fire_ok(f, &f->insp, reg, EV_ACCEPT, NULL, NULL);
	fire_ok(f, &f->rec, reg, EV_CHECK_CLEAR, NULL, NULL);
	fire_ok(f, &f->insp, reg, EV_HAND_OUT, NULL, NULL);
	try_create(f, "border-pass", NULL, NULL, NULL, &t);
	pass = t.id;
	try_free(&t);
	fire_ok(f, &f->insp, pass, EV_ACCEPT, NULL, NULL);

	CTX("steps of the registration on 26.03 (its due date)");
	setenv("OKNO_NOW", "2026-03-26T12:00:00", 1);
	OK(case_get(f->o.s, &f->insp, reg, &r, &e), &e);
	OK(case_steps(f->o.s, f->o.forms, &r, clock_today(), &v, &n, &e), &e);
	assert_int_equal(n, 2);
	EXPECT(v[0].done && !v[0].late, "step 1 not done in time");
	EXPECT(!v[1].done && !v[1].overdue, "step 2 overdue on its due date");
	free(v);
	CTX("steps of the registration on 27.03");
	setenv("OKNO_NOW", "2026-03-27T12:00:00", 1);
	OK(case_steps(f->o.s, f->o.forms, &r, clock_today(), &v, &n, &e), &e);
	EXPECT(v[1].overdue, "no Berkut entry, and not overdue");
	free(v);
	flt.forms = f->o.forms;
	OK(case_list(f->o.s, &f->insp, &flt, &rows, &n, &e), &e);
	EXPECT(n == 1 && rows[0].id == reg, "overdue list: %zu rows", n);
	free(rows);
	/* Entered into Berkut (late): no longer overdue, counted late. */
	fire_ok(f, &f->insp, reg, EV_BERKUT, NULL, NULL);
	OK(case_steps(f->o.s, f->o.forms, &r, clock_today(), &v, &n, &e), &e);
	EXPECT(v[1].done && v[1].late && !v[1].overdue, "step 2 after Berkut");
	free(v);
	case_rec_free(&r);

	CTX("the pass decided after its 7 working days");
	setenv("OKNO_NOW", "2026-04-06T12:00:00", 1);
	fire_ok(f, &f->rec, pass, EV_CHECK_CLEAR, NULL, NULL);
	fire_ok(f, &f->head, pass, EV_ISSUE, NULL, NULL);
	OK(report_build(f->o.s, &f->chief, f->o.forms, f->o.office,
			"20.03.2026", "06.04.2026", &rep, NULL, &e), &e);
	{
		size_t i;
		long long late = 0, reg_late = 0;

		for (i = 0; i < rep.nsteps; i++) {
			if (!strcmp(rep.steps[i].service, "border-pass"))
				late += rep.steps[i].late;
			if (!strcmp(rep.steps[i].service, "registration") &&
			    rep.steps[i].no == 2)
				reg_late += rep.steps[i].late;
		}
		EXPECT(late == 2, "pass steps late: %lld", late);
		EXPECT(reg_late == 1, "Berkut entry late: %lld", reg_late);
		EXPECT(rep.nlate == 2, "cases late: %zu", rep.nlate);
	}
	report_free(&rep);
	setenv("OKNO_NOW", NOW, 1);
}

/* Reports never count citizens of Kazakhstan as foreign. */
static void
test_report_kaz(void **state)
{
	struct fx *f = *state;
	struct report rep;
	struct err e = {0};
	struct try t;
	size_t i;

	try_create(f, "registration", NULL, NULL, NULL, &t);
	fire_ok(f, &f->insp, t.id, EV_ACCEPT, NULL, NULL);
	try_free(&t);
	/* An old case from before the rule, with KAZ. */
	OK(db_script(f->o.s, "UPDATE cases SET citizenship = 'KAZ'", &e), &e);
	OK(report_build(f->o.s, &f->chief, f->o.forms, f->o.office,
			"20.03.2026", NULL, &rep, NULL, &e), &e);
	for (i = 0; i < rep.ncitizenship; i++)
		EXPECT(strcmp(rep.by_citizenship[i].key, "KAZ") != 0,
		       "KAZ counted among the foreigners");
	report_free(&rep);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		FIXTURE_TEST(test_regimes, setup),
		FIXTURE_TEST(test_filing_day, setup),
		FIXTURE_TEST(test_portal_term_and_pilot, setup),
		FIXTURE_TEST(test_paths, setup),
		FIXTURE_TEST(test_steps, setup),
		FIXTURE_TEST(test_report_kaz, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
