/* SPDX-License-Identifier: MIT */
/* What the two workflow tests share (test_workflow.c: the transition
 * table, every row allowed and refused; test_workflow_acts.c: what the
 * acts record): the fixture office with an actor of each role, cases
 * from the services' fixtures brought to a state with real calls along
 * the table's paths, firing an act with the data it needs, and the
 * snapshot that shows a refused call changed nothing. */
#ifndef OKNO_TEST_WORKFLOW_FX_H
#define OKNO_TEST_WORKFLOW_FX_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "cases.h"
#include "store.h"
#include "util.h"
#include "workflow.h"

#define NOW "2026-03-20T10:00:00"
/* The same instant as stored: office time (Asia/Almaty) with its offset. */
#define NOW_STAMP NOW "+05:00"

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

	fixture_case(svc, &fields, &docs);
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

#endif
