/* SPDX-License-Identifier: MIT */
/* Tests for the case workflow of the three services, through the real core
 * calls on a temporary database file: every row of the transition table
 * (reached with real calls, fired with the right role and data, with a
 * role that lacks the permission, without the data it needs), every
 * (state, event) pair the table does not allow, due dates, journal
 * numbers, Berkut, office scope and case creation. A refused call must
 * leave the database exactly as it was.
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

#define NOW "2026-03-20T10:00:00"
/* The same instant as stored: office time (Asia/Almaty) with its offset. */
#define NOW_STAMP NOW "+05:00"


static const char *const service_codes[] = {"registration", "invitation",
					     "border-pass"};

struct fx {
	struct fixture o;
	struct actor insp, rec, chief, oper, aud, all, insp_b, region, head;
	int serial;   /* every case its own document number */
	json_t *override; /* fields set over every fixture, or NULL */
};

/* ---- helpers ---------------------------------------------------------- */

static long long
scalar(struct store *s, const char *sql, long long bind)
{
	struct db_stmt *st = db_prepare(s, sql, NULL);
	long long v = -1;

	EXPECT(st != NULL, "cannot prepare %s: %s", sql, "see the log");
	if (bind)
		db_bind_int64(st, 1, bind);
	if (db_step(st, NULL) == DB_ROW)
		v = db_col_int64(st, 0);
	db_finalize(st);
	return v;
}

/* Text of the first column of the first row, "" when none (caller frees). */
static char *
text_of(struct store *s, const char *sql, long long bind)
{
	struct db_stmt *st = db_prepare(s, sql, NULL);
	char *v;

	EXPECT(st != NULL, "cannot prepare %s: %s", sql, "see the log");
	if (bind)
		db_bind_int64(st, 1, bind);
	v = xstrdup(db_step(st, NULL) == DB_ROW ? db_col_text(st, 0) : "");
	db_finalize(st);
	return v;
}

static void
make_actor(struct fx *f, struct actor *a, const char *login, const char *name,
	   unsigned roles, const char *office, const char *region)
{
	struct err e = {0};

	CTX("account_add %s", login);
	EXPECT_ST(account_add(f->o.s, &f->o.admin, login, name, "Должность", roles,
			      office, region, FIXTURE_PW, NULL, &e), ST_OK, &e);
	EXPECT_ST(account_actor(f->o.s, login, "test", a, &e), ST_OK, &e);
}

static int
setup(void **state)
{
	static const struct fixture_spec spec = {
		.now = NOW,
		.address = "г. Алматы, ул. Абая, 1",
		.admin_name = "Администратор Системы",
		.admin_pos = "Администратор",
	};
	struct fx *f = xcalloc(1, sizeof *f);
	struct err e = {0};

	fixture_open(&f->o, "wf", &spec);
	CTX("setup");
	/* A second NULL-actor account is refused once one exists. */
	EXPECT_ST(account_add(f->o.s, NULL, "intruder", "Чужой", "", ROLE_ADMIN,
			      "A01", NULL, FIXTURE_PW, NULL, &e), ST_DENIED, &e);
	EXPECT_ST(office_create(f->o.s, &f->o.admin, "B02", "Бостандыкский РУП",
				"г. Алматы, ул. Тимирязева, 2",
				"ДП г. Алматы", &e), ST_OK, &e);
	make_actor(f, &f->insp, "ivanov", "Иванов Иван Иванович",
		   ROLE_INSPECTOR, "A01", NULL);
	make_actor(f, &f->rec, "records", "Спецучётова Анна", ROLE_RECORDS,
		   "A01", NULL);
	make_actor(f, &f->chief, "chief", "Начальников Пётр", ROLE_CHIEF, "A01",
		   NULL);
	make_actor(f, &f->oper, "operator", "Журналова Ольга", ROLE_OPERATOR,
		   "A01", NULL);
	make_actor(f, &f->aud, "auditor", "Проверкин Аудит", ROLE_AUDITOR,
		   "A01", NULL);
	make_actor(f, &f->all, "everyone", "Всемогущий Тест",
		   ROLE_INSPECTOR | ROLE_RECORDS | ROLE_CHIEF | ROLE_OPERATOR,
		   "A01", NULL);
	make_actor(f, &f->insp_b, "petrov", "Петров Пётр (офис B)",
		   ROLE_INSPECTOR | ROLE_CHIEF | ROLE_RECORDS | ROLE_OPERATOR,
		   "B02", NULL);
	{
		char *rcode = text_of(f->o.s, "SELECT r.code FROM regions r JOIN "
				      "offices o ON o.region_id = r.id WHERE "
				      "o.code = 'A01'", 0);

		make_actor(f, &f->region, "regional", "Областной Аудитор",
			   ROLE_AUDITOR, NULL, rcode);
		make_actor(f, &f->head, "head", "Начальников Областной",
			   ROLE_REGION_HEAD, NULL, rcode);
		free(rcode);
	}
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	fixture_close(&f->o);
	free(f);
	setenv("OKNO_NOW", NOW, 1);
	return 0;
}

/* The fixture of a service: {"fields": {...}, "documents": [...]}. */
static void
load_fixture(const char *svc, json_t **fields, json_t **docs)
{
	const char *root = getenv("OKNO_ROOT");
	char path[512];
	json_error_t je;
	json_t *j;

	snprintf(path, sizeof path, "%s/tests/fixtures/cases/%s.json",
		 root && *root ? root : ".", svc);
	j = json_load_file(path, 0, &je);
	EXPECT(j != NULL, "cannot load %s: %s (line %d)", path, je.text,
	       je.line);
	*fields = json_deep_copy(json_object_get(j, "fields"));
	*docs = json_deep_copy(json_object_get(j, "documents"));
	json_decref(j);
	EXPECT(json_is_object(*fields) && json_is_array(*docs),
	       "%s: fields/documents missing", path);
}

/* A draft from the service's fixture; docs NULL: the fixture's list. */
static long long
new_case_as(struct fx *f, const struct actor *a, const char *svc,
	    json_t *docs_override)
{
	struct case_new in = {0};
	struct errlist errs = {0};
	json_t *fields, *docs;
	long long id = 0;
	enum status st;

	char doc[16];

	load_fixture(svc, &fields, &docs);
	/* Every case its own document: two in force for one are a warning
	 * the inspector confirms (tested in test_rules). */
	snprintf(doc, sizeof doc, "FW%07d", ++f->serial);
	json_object_set_new(fields, "doc_number", json_string(doc));
	if (f->override)
		json_object_update(fields, f->override);
	in.service = svc;
	in.values = fields;
	in.documents = docs_override ? docs_override : docs;
	st = case_create(f->o.s, a, f->o.forms, &in, &id, &errs);
	EXPECT(st == ST_OK && id > 0, "case_create(%s): %s; first error [%s] %s",
	       svc, status_text(st), errs.n ? errs.v[0].field : "",
	       errs.n ? errs.v[0].msg : "");
	errlist_free(&errs);
	json_decref(fields);
	json_decref(docs);
	return id;
}

static long long
new_case(struct fx *f, const char *svc)
{
	return new_case_as(f, &f->insp, svc, NULL);
}

static const char *
state_of(struct fx *f, long long id)
{
	static char buf[32];
	char *t = text_of(f->o.s, "SELECT state FROM cases WHERE id = ?", id);

	snprintf(buf, sizeof buf, "%s", t);
	free(t);
	return buf;
}

/* The actor of the fixture whose roles grant p (not "everyone"). */
static const struct actor *
actor_for(struct fx *f, enum perm p)
{
	const struct actor *v[] = {&f->insp, &f->rec, &f->chief, &f->oper,
				   &f->aud, &f->o.admin, &f->head};
	size_t i;

	for (i = 0; i < sizeof v / sizeof v[0]; i++)
		if (role_allows(v[i]->roles, p))
			return v[i];
	EXPECT(0, "no test account holds permission %s", perm_code(p));
	return NULL;
}

/* Data that satisfies every need of a transition. */
static struct case_act
good_act(const struct transition *t)
{
	struct case_act act = {0};

	act.event = t->event;
	if (t->needs & NEED_REASON)
		act.reason = t->event == EV_RETURN
				     ? "Нет нотариального согласия собственника"
				     : "Пояснение по делу: «тест» — 100%";
	if (t->needs & NEED_GROUND)
		act.ground = "incomplete"; /* common to the three services */
	if (t->needs & NEED_RECIPIENT)
		act.recipient = "Ахмедов Рустам, лично";
	return act;
}

static enum status
fire(struct fx *f, const struct actor *a, long long id,
     const struct case_act *act, struct err *e)
{
	err_clear(e);
	return case_fire(f->o.s, a, f->o.forms, id, act, e);
}

/* The path of table rows from draft to each state for a service (BFS over
 * state-changing rows). */
struct path {
	const struct transition *step[CS__COUNT];
	int n;
	int reached;
};

static void
paths_for(unsigned bit, struct path out[CS__COUNT])
{
	size_t n, i;
	const struct transition *t = workflow_table(&n);
	int queue[CS__COUNT], head = 0, tail = 0;

	memset(out, 0, sizeof(struct path) * CS__COUNT);
	out[CS_DRAFT].reached = 1;
	queue[tail++] = CS_DRAFT;
	while (head < tail) {
		int from = queue[head++];

		for (i = 0; i < n; i++) {
			struct path *p;

			if ((int)t[i].from != from || !(t[i].services & bit) ||
			    t[i].to == t[i].from || out[t[i].to].reached)
				continue;
			p = &out[t[i].to];
			*p = out[from];
			p->step[p->n++] = &t[i];
			queue[tail++] = (int)t[i].to;
		}
	}
}

/* A new case of svc brought to state `to` with real calls. */
static long long
reach(struct fx *f, const char *svc, enum case_state to)
{
	struct path paths[CS__COUNT];
	unsigned bit = workflow_service_bit(svc);
	long long id;
	int i;

	paths_for(bit, paths);
	EXPECT(paths[to].reached, "%s: state %s unreachable from draft", svc,
	       workflow_state_code(to));
	id = new_case(f, svc);
	for (i = 0; i < paths[to].n; i++) {
		const struct transition *t = paths[to].step[i];
		struct case_act act = good_act(t);
		struct err e = {0};

		EXPECT(fire(f, actor_for(f, t->perm), id, &act, &e) == ST_OK,
		       "reaching %s: %s -%s-> %s refused: [%s] %s",
		       workflow_state_code(to), workflow_state_code(t->from),
		       workflow_event_code(t->event),
		       workflow_state_code(t->to), e.field, e.msg);
	}
	EXPECT_STR(state_of(f, id), workflow_state_code(to));
	return id;
}

/* Everything a refused call must leave as it was. */
struct snap {
	char *caserow;
	long long cases, events, journal, audit, form_texts, accounts;
	long long max_audit, max_journal;
};

static void
snap_take(struct fx *f, long long id, struct snap *sn)
{
	sn->caserow = text_of(f->o.s,
		"SELECT quote(state)||quote(office_id)||quote(updated_at)||"
		"quote(accepted_at)||quote(due_date)||quote(journal_no)||"
		"quote(journal_year)||quote(berkut_at)||quote(data)||"
		"quote(checklist)||quote(channel) FROM cases WHERE id = ?", id);
	sn->cases = scalar(f->o.s, "SELECT count(*) FROM cases", 0);
	sn->events = scalar(f->o.s, "SELECT count(*) FROM case_events", 0);
	sn->journal = scalar(f->o.s, "SELECT count(*) FROM journal", 0);
	sn->audit = scalar(f->o.s, "SELECT count(*) FROM audit", 0);
	sn->form_texts = scalar(f->o.s, "SELECT count(*) FROM form_texts", 0);
	sn->accounts = scalar(f->o.s, "SELECT count(*) FROM accounts", 0);
	sn->max_audit = scalar(f->o.s, "SELECT COALESCE(max(id),0) FROM audit", 0);
	sn->max_journal = scalar(f->o.s, "SELECT COALESCE(max(id),0) FROM journal",
				 0);
}

static void
snap_free(struct snap *sn)
{
	free(sn->caserow);
	sn->caserow = NULL;
}

static void
expect_unchanged(struct fx *f, long long id, const struct snap *before)
{
	struct snap now;

	EXPECT(f->o.s->in_tx == 0,
	       "a transaction was left open after a refused call");
	snap_take(f, id, &now);
	EXPECT(strcmp(now.caserow, before->caserow) == 0,
	       "case row changed:\n  before %s\n  after  %s", before->caserow,
	       now.caserow);
	EXPECT(now.cases == before->cases, "cases: %lld -> %lld", before->cases,
	       now.cases);
	EXPECT(now.events == before->events, "case_events: %lld -> %lld",
	       before->events, now.events);
	EXPECT(now.journal == before->journal &&
	       now.max_journal == before->max_journal,
	       "journal: %lld -> %lld lines", before->journal, now.journal);
	EXPECT(now.audit == before->audit && now.max_audit == before->max_audit,
	       "audit: %lld -> %lld lines", before->audit, now.audit);
	EXPECT(now.form_texts == before->form_texts, "form_texts: %lld -> %lld",
	       before->form_texts, now.form_texts);
	snap_free(&now);
}

/* Fire and expect a refusal with status want that changes nothing. */
static void
expect_refused(struct fx *f, const struct actor *a, long long id,
	       const struct case_act *act, enum status want,
	       const char *want_field)
{
	struct snap before;
	struct err e = {0};

	snap_take(f, id, &before);
	EXPECT_ST(fire(f, a, id, act, &e), want, &e);
	EXPECT(e.msg[0] != '\0', "refusal without a message");
	if (want_field)
		EXPECT_STR(e.field, want_field);
	expect_unchanged(f, id, &before);
	snap_free(&before);
}

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
	load_fixture(strcmp(svc, "no-such") ? svc : "registration", &fields,
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

	load_fixture(svc, &fields, &docs);
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
		cmocka_unit_test(test_table_is_the_spec),
		cmocka_unit_test_setup_teardown(test_registration, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_invitation, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_border_pass, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_due_dates, setup, teardown),
		cmocka_unit_test_setup_teardown(test_journal_numbers, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_berkut, setup, teardown),
		cmocka_unit_test_setup_teardown(test_other_office, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_create, setup, teardown),
		cmocka_unit_test_setup_teardown(test_return_names_missing, setup,
						teardown),
	};

	setenv("TZ", "Asia/Almaty", 0);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
