/* SPDX-License-Identifier: MIT */
/* What the two rules tests share (test_rules.c: the expression language
 * and the checks; test_rules_terms.c: the rules over time and the
 * reglaments' workflow): the fixture office with the actors of the
 * reglaments, the services' fixtures, and a case created through the
 * real case_create with what it refused and found. */
#ifndef OKNO_TEST_RULES_FX_H
#define OKNO_TEST_RULES_FX_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "cases.h"
#include "rules.h"
#include "util.h"

#define NOW "2026-03-20T10:00:00"

struct fx {
	struct fixture o;
	struct actor insp, rec, chief, head, admin;
	int serial;
};

static int
setup(void **state)
{
	static const struct fixture_spec spec = {.now = NOW};
	struct fx *f = xcalloc(1, sizeof *f);

	fixture_open(&f->o, "rules", &spec);
	fixture_actor(&f->o, &f->insp, "ivanov", "Иванов Иван Иванович",
		      "старший инспектор", ROLE_INSPECTOR);
	fixture_actor(&f->o, &f->rec, "records", "Спецучетова Анна", NULL,
		      ROLE_RECORDS);
	fixture_actor(&f->o, &f->chief, "chief", "Начальников Петр", NULL,
		      ROLE_CHIEF);
	fixture_region_actor(&f->o, &f->head, "head", "Оспанов Марат",
			     "начальник УМП", ROLE_REGION_HEAD);
	*state = f;
	return 0;
}

/* ---- helpers ------------------------------------------------------------ */

/* A valid IIN from its first 11 digits (the check digit computed). */
static void
make_iin(const char *first11, char out[13])
{
	static const int w1[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
	static const int w2[] = {3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2};
	int s = 0, i;

	for (i = 0; i < 11; i++)
		s += (first11[i] - '0') * w1[i];
	s %= 11;
	if (s == 10) {
		s = 0;
		for (i = 0; i < 11; i++)
			s += (first11[i] - '0') * w2[i];
		s %= 11;
	}
	memcpy(out, first11, 11);
	out[11] = (char)('0' + (s == 10 ? 0 : s));
	out[12] = '\0';
	assert_true(s != 10); /* such a number is never issued */
}

struct try {
	enum status st;
	long long id;
	struct errlist errs;
	struct rule_findings found;
};

static void
try_free(struct try *t)
{
	errlist_free(&t->errs);
	rule_findings_free(&t->found);
	memset(t, 0, sizeof *t);
}

/* Create a case of svc (form: NULL the default) from the fixture with the
 * fields of over ("{...}" JSON, may be NULL) over it; confirm: NULL or a
 * JSON array text. The document number is unique unless over gives one. */
static void
try_create(struct fx *f, const char *svc, const char *form, const char *over,
	   const char *confirm, struct try *t)
{
	struct case_new in = {0};
	json_t *docs, *values, *o;
	json_error_t je;
	char doc[16];

	memset(t, 0, sizeof *t);
	fixture_case(form ? form : svc, &values, &docs);
	snprintf(doc, sizeof doc, "FR%07d", ++f->serial);
	json_object_set_new(values, "doc_number", json_string(doc));
	if (over) {
		o = json_loads(over, 0, &je);
		EXPECT(o != NULL, "bad test JSON %s: %s", over, je.text);
		json_object_update(values, o);
		json_decref(o);
	}
	in.service = svc;
	in.form_id = form;
	in.values = values;
	in.documents = docs;
	in.confirm = confirm ? json_loads(confirm, 0, &je) : NULL;
	in.findings = &t->found;
	t->st = case_create(f->o.s, &f->insp, f->o.forms, &in, &t->id,
			    &t->errs);
	json_decref(in.confirm);
	json_decref(values);
	json_decref(docs);
}

static const struct rule_finding *
finding(const struct try *t, const char *id)
{
	size_t i;

	for (i = 0; i < t->found.n; i++)
		if (!strcmp(t->found.v[i].id, id))
			return &t->found.v[i];
	return NULL;
}

static void
fire_ok(struct fx *f, const struct actor *a, long long id, enum case_event ev,
	const char *reason, const char *ground)
{
	struct case_act act = {.event = ev, .reason = reason, .ground = ground};
	struct err e = {0};

	if (ev == EV_HAND_OUT)
		act.recipient = "Заявитель лично";
	OK(case_fire(f->o.s, a, f->o.forms, id, &act, &e), &e);
}

#endif
