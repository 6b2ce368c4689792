/* SPDX-License-Identifier: MIT */
/* What the two role tests share (test_roles.c: the role matrix;
 * test_roles_cosign.c: co-signing and the regional tier): the roles by
 * letter, the fixture office with one account of each role, cases of a
 * service brought to a state by the roles whose work it is, the acts of
 * the workflow as a role, the last audit line. */
#ifndef OKNO_TEST_ROLES_FX_H
#define OKNO_TEST_ROLES_FX_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "audit.h"
#include "cases.h"
#include "store.h"
#include "util.h"

#define NOW "2026-03-20T10:00:00"

enum { I, R, C, O, A, D, H, NROLES };

static const char *const role_names[NROLES] = {
	"inspector", "records", "chief", "operator", "auditor", "admin",
	"region_head"};

struct fx {
	struct fixture o;
	char tpl[512];
	struct actor who[NROLES];
	int serial; /* makes every prepared object unique */
};

static enum status
create_svc(struct fx *f, const struct actor *a, const char *svc,
	   long long *id, struct err *e)
{
	struct case_new in = {0};
	struct errlist errs = {0};
	json_t *fields, *docs;
	enum status st;
	char doc[16];

	fixture_case(svc, &fields, &docs);
	/* Every case its own document: two in force for one document are
	 * a warning to confirm. */
	snprintf(doc, sizeof doc, "FR%07d", ++f->serial);
	json_object_set_new(fields, "doc_number", json_string(doc));
	in.service = svc;
	in.values = fields;
	in.documents = docs;
	st = case_create(f->o.s, a, f->o.forms, &in, id, &errs);
	if (errs.n)
		*e = errs.v[0];
	errlist_free(&errs);
	json_decref(fields);
	json_decref(docs);
	return st;
}

static void
fire_ok(struct fx *f, int role, long long id, enum case_event ev)
{
	struct case_act act = {0};
	struct err e = {0};

	act.event = ev;
	if (ev == EV_REFUSE) {
		act.ground = "incomplete";
		act.reason = "Нет документов";
	} else if (ev == EV_CHECK_HIT || ev == EV_ISSUE) {
		act.reason = "Совпадение";
	} else if (ev == EV_RETURN) {
		act.reason = "Нет документов";
	} else if (ev == EV_HAND_OUT) {
		act.recipient = "Ахмедов Рустам, лично";
	}
	OK(case_fire(f->o.s, &f->who[role], f->o.forms, id, &act, &e), &e);
}

/* A case of the service brought to state `to` by the roles whose work it
 * is: a registration is issued by a clear check (hit: to the chief), a
 * pass is checked, then signed by the regional head. */
static long long
svc_in(struct fx *f, const char *svc, enum case_state to)
{
	int reg = !strcmp(svc, "registration");
	struct err e = {0};
	long long id = 0;

	OK(create_svc(f, &f->who[I], svc, &id, &e), &e);
	if (to == CS_DRAFT)
		return id;
	fire_ok(f, I, id, EV_ACCEPT);
	if (to == CS_ACCEPTED)
		return id;
	if (to == CS_HIT) {
		fire_ok(f, R, id, EV_CHECK_HIT);
		return id;
	}
	fire_ok(f, R, id, EV_CHECK_CLEAR);
	if (to == CS_CHECKED || (reg && to == CS_ISSUED))
		return id;
	fire_ok(f, H, id, EV_ISSUE);
	if (to == CS_ISSUED)
		return id;
	fail_msg("svc_in: unsupported state");
	return 0;
}

static long long
case_in(struct fx *f, enum case_state to)
{
	return svc_in(f, "registration", to);
}

static enum status
run_correct(struct fx *f, const struct actor *a, long long id, struct err *e)
{
	return case_correct(f->o.s, a, f->o.forms, id, "surname", "АХМАДОВ",
			    "опечатка", e);
}

static char *
last_audit_action(struct store *s)
{
	struct db_stmt *st = db_prepare(s, "SELECT action FROM audit ORDER "
					    "BY id DESC LIMIT 1", NULL);
	char *v = xstrdup(db_step(st, NULL) == DB_ROW
				  ? db_col_text(st, 0) : "");

	db_finalize(st);
	return v;
}

/* ---- fixture ------------------------------------------------------------ */

static int
setup(void **state)
{
	static const struct fixture_spec spec = {
		.now = NOW, .address = "", .admin_pos = "",
	};
	struct fx *f = xcalloc(1, sizeof *f);
	struct err e = {0};
	int i;

	/* A table test reports every bad pair, then fails. */
	expect_soft = 1;
	expect_failures = 0;
	fixture_open(&f->o, "roles", &spec);
	snprintf(f->tpl, sizeof f->tpl, "%s/templates", fixture_forms_dir());
	CTX("setup");
	f->who[D] = f->o.admin;
	for (i = 0; i < D; i++)
		fixture_actor(&f->o, &f->who[i], role_names[i],
			      "Сотрудник Тест", "", 1u << i);
	fixture_region_actor(&f->o, &f->who[H], role_names[H],
			     "Начальник УМП Тест", "", ROLE_REGION_HEAD);
	OK(account_add(f->o.s, &f->who[D], "spare", "Запасной Тест", "",
		       ROLE_INSPECTOR, "A01", NULL, FIXTURE_PW, NULL, &e), &e);
	*state = f;
	return 0;
}

/* The acts of the workflow, each as role a (the data each needs). */
static inline enum status
run_event(struct fx *f, const struct actor *a, long long id,
	  enum case_event ev, struct err *e)
{
	struct case_act act = {0};

	act.event = ev;
	act.ground = ev == EV_REFUSE ? "incomplete" : NULL;
	act.reason = ev == EV_REFUSE || ev == EV_CHECK_HIT ||
			     ev == EV_RETURN || ev == EV_ISSUE ? "Пояснение"
							       : NULL;
	act.recipient = ev == EV_HAND_OUT ? "Ахмедов Рустам, лично" : NULL;
	return case_fire(f->o.s, a, f->o.forms, id, &act, e);
}

#define EVENT_RUN(fn, ev)                                                 \
	static inline enum status fn(struct fx *f,                       \
				     const struct actor *a, long long id, \
				     struct err *e)                       \
	{ return run_event(f, a, id, ev, e); }

EVENT_RUN(run_accept, EV_ACCEPT)
EVENT_RUN(run_return, EV_RETURN)
EVENT_RUN(run_cancel, EV_CANCEL)
EVENT_RUN(run_check_clear, EV_CHECK_CLEAR)
EVENT_RUN(run_check_hit, EV_CHECK_HIT)
EVENT_RUN(run_issue, EV_ISSUE)
EVENT_RUN(run_refuse, EV_REFUSE)
EVENT_RUN(run_hand_out, EV_HAND_OUT)
EVENT_RUN(run_berkut, EV_BERKUT)
EVENT_RUN(run_prepare, EV_PREPARE)

#endif
