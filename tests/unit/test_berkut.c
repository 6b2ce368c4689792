/* SPDX-License-Identifier: MIT */
/* Tests of core/berkut.c on a temporary database and outbox: what goes
 * into a batch (issued registrations only, once while pending), the file
 * and its sidecar hash, resending byte for byte, acknowledgements out of
 * order, repeated, with a wrong hash, for an unknown batch or with the
 * wrong records, rejected records sent again, and a correction after the
 * entry. Run from the repository root. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "account.h"
#include "berkut.h"
#include "cases.h"
#include "chain.h"
#include "forms.h"
#include "office.h"
#include "store.h"
#include "util.h"


struct fx {
	struct fixture o;
	char out[300];
	struct actor insp, rec, chief, oper;
};

static int
setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);

	fixture_open(&f->o, "berkut", NULL);
	snprintf(f->out, sizeof f->out, "%s/out", f->o.dir);
	assert_int_equal(mkdir(f->out, 0700), 0);
	fixture_actor(&f->o, &f->insp, "ivanov", "Иванов Иван", NULL,
		      ROLE_INSPECTOR);
	fixture_actor(&f->o, &f->rec, "records", "Спецучетова Анна", NULL,
		      ROLE_RECORDS);
	fixture_actor(&f->o, &f->chief, "chief", "Начальников Петр", NULL,
		      ROLE_CHIEF);
	fixture_actor(&f->o, &f->oper, "operator", "Журналова Ольга", NULL,
		      ROLE_OPERATOR);
	*state = f;
	return 0;
}

static void
fire(struct fx *f, const struct actor *a, long long id, enum case_event ev)
{
	struct case_act act = {.event = ev};
	struct err e = {0};

	OK(case_fire(f->o.s, a, f->o.forms, id, &act, &e), &e);
}

/* A registration from the fixture, taken to "issued" (or only accepted). */
static long long
registration(struct fx *f, int issue)
{
	json_t *fields, *docs;
	struct case_new in = {.service = "registration"};
	struct errlist errs = {0};
	long long id = 0;

	static int seq;
	char doc[16];

	fixture_case("registration", &fields, &docs);
	in.values = fields;
	in.documents = docs;
	/* Each foreigner its own passport: two registrations in force for
	 * one document are a warning to confirm. */
	snprintf(doc, sizeof doc, "FB%07d", ++seq);
	json_object_set_new(in.values, "doc_number", json_string(doc));
	assert_int_equal(case_create(f->o.s, &f->insp, f->o.forms, &in, &id,
				     &errs), ST_OK);
	json_decref(fields);
	json_decref(docs);
	fire(f, &f->insp, id, EV_ACCEPT);
	/* A clear check completes the registration; no chief. */
	if (issue)
		fire(f, &f->rec, id, EV_CHECK_CLEAR);
	return id;
}

static char *
batch_path(struct fx *f, int no, const char *suffix)
{
	return xasprintf("%s/berkut-A01-%06d.jsonl%s", f->out, no, suffix);
}

/* The acknowledgement of batch no: every record accepted except seq
 * reject (0: none); sha NULL: the file's. */
static char *
make_ack(struct fx *f, int no, int reject, const char *sha)
{
	char *path = batch_path(f, no, ""), *text, *line, *save, *out;
	char hex[CHAIN_HEX];
	json_t *ack = json_object(), *recs = json_array();
	size_t n;
	int first = 1;

	text = fixture_read_file(path, &n);
	assert_non_null(text);
	chain_sha256_hex(text, n, hex);
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		json_error_t je;
		json_t *rec = json_loads(line, 0, &je), *r;

		assert_non_null(rec);
		if (first) {
			first = 0;
			json_decref(rec);
			continue;
		}
		r = json_object();
		json_object_set(r, "seq", json_object_get(rec, "seq"));
		json_object_set(r, "case", json_object_get(rec, "case"));
		json_object_set_new(r, "status", json_string(
			json_integer_value(json_object_get(rec, "seq")) ==
					reject ? "rejected" : "accepted"));
		json_array_append_new(recs, r);
		json_decref(rec);
	}
	json_object_set_new(ack, "format", json_string("okno-berkut-ack/1"));
	json_object_set_new(ack, "batch", json_integer(no));
	json_object_set_new(ack, "office", json_string("A01"));
	json_object_set_new(ack, "sha256", json_string(sha ? sha : hex));
	json_object_set_new(ack, "records", recs);
	out = json_dumps(ack, JSON_INDENT(1));
	json_decref(ack);
	free(text);
	free(path);
	return out;
}

static int
in_berkut(struct fx *f, long long id)
{
	sqlite3_stmt *st = store_prepare(f->o.s, "SELECT berkut_at IS NOT NULL "
					      "FROM cases WHERE id = ?", NULL);
	int v = -1;

	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

static enum status
ack(struct fx *f, const char *text, enum berkut_ack_result *res,
    struct berkut_batch_info *b, struct err *e)
{
	return berkut_ack(f->o.s, &f->oper, f->o.forms, text, strlen(text), res, b,
			  e);
}

/* Batch 1: the two issued cases, not the one still being checked (case
 * 3); its file (*text, at *path) and its .sha256 beside it. */
static void
first_batch(struct fx *f, char **path, char **text)
{
	struct berkut_batch_info b;
	struct err e = {0};
	char hex[CHAIN_HEX], *side, *sum;
	size_t n;

	OK(berkut_export(f->o.s, &f->oper, f->out, &b, &e), &e);
	assert_int_equal(b.no, 1);
	assert_int_equal(b.count, 2);
	*path = batch_path(f, 1, "");
	side = batch_path(f, 1, ".sha256");
	*text = fixture_read_file(*path, &n);
	assert_non_null(*text);
	chain_sha256_hex(*text, n, hex);
	assert_string_equal(hex, b.sha256);
	sum = fixture_read_file(side, NULL);
	assert_non_null(sum);
	assert_memory_equal(sum, hex, 64);
	assert_non_null(strstr(sum, "  berkut-A01-000001.jsonl\n"));
	free(sum);
	free(side);
	assert_non_null(strstr(*text, "\"kind\":\"registration\""));
	assert_null(strstr(*text, "\"case\":3,"));
}

/* Acks of batch 1 with a wrong hash or for an unknown batch: refused, c1
 * not marked. */
static void
refused_acks(struct fx *f, long long c1)
{
	struct berkut_batch_info b;
	enum berkut_ack_result res;
	struct err e = {0};
	char *a1 = make_ack(f, 1, 0, "00"), *p;

	assert_int_equal(ack(f, a1, &res, &b, &e), ST_INVALID);
	assert_string_equal(e.field, "sha256");
	free(a1);
	a1 = make_ack(f, 1, 0, NULL);
	p = strstr(a1, "\"batch\": 1");
	assert_non_null(p);
	p[9] = '7';
	assert_int_equal(ack(f, a1, &res, &b, &e), ST_NOTFOUND);
	free(a1);
	assert_int_equal(in_berkut(f, c1), 0);
}

/* A correction of c1 and the rejected c2 make batch 3; its ack marks c2,
 * and nothing is left to send. */
static void
third_batch(struct fx *f, long long c1, long long c2)
{
	struct berkut_batch_info b;
	enum berkut_ack_result res;
	struct err e = {0};
	char *path, *text, *a3;

	OK(case_correct(f->o.s, &f->chief, f->o.forms, c1, "address_stay",
			"г. Алматы, ул. Жандосова, д. 2", "Ошибка в адресе",
			&e), &e);
	OK(berkut_export(f->o.s, &f->oper, f->out, &b, &e), &e);
	assert_int_equal(b.no, 3);
	assert_int_equal(b.count, 2);
	path = batch_path(f, 3, "");
	text = fixture_read_file(path, NULL);
	assert_non_null(strstr(text, "\"kind\":\"correction\""));
	assert_non_null(strstr(text, "\"new\":\"г. Алматы, ул. Жандосова, д. 2\""));
	a3 = make_ack(f, 3, 0, NULL);
	OK(ack(f, a3, &res, &b, &e), &e);
	assert_int_equal(in_berkut(f, c2), 1);
	OK(berkut_export(f->o.s, &f->oper, f->out, &b, &e), &e);
	assert_int_equal(b.no, 0);
	free(a3);
	free(text);
	free(path);
}

static void
test_export_and_ack(void **state)
{
	struct fx *f = *state;
	struct berkut_batch_info b, *v;
	enum berkut_ack_result res;
	struct err e = {0};
	long long c1 = registration(f, 1), c2 = registration(f, 1);
	long long c3 = registration(f, 0), c4;
	char *path, *text, *a1, *a2, *orig;
	size_t n, nv;

	first_batch(f, &path, &text);
	(void)c3;

	/* Nothing new while it waits. */
	OK(berkut_export(f->o.s, &f->oper, f->out, &b, &e), &e);
	assert_int_equal(b.no, 0);

	/* Batch 2 for a later case. */
	c4 = registration(f, 1);
	OK(berkut_export(f->o.s, &f->oper, f->out, &b, &e), &e);
	assert_int_equal(b.no, 2);
	assert_int_equal(b.count, 1);

	/* Resend: batch 1 again byte for byte, batch 2 too. */
	remove(path);
	OK(berkut_resend(f->o.s, &f->oper, f->out, 0, &v, &nv, &e), &e);
	assert_int_equal(nv, 2);
	assert_int_equal(v[0].sent_count, 2);
	free(v);
	orig = fixture_read_file(path, &n);
	assert_non_null(orig);
	assert_string_equal(orig, text);
	free(orig);

	/* Acks out of order: 2 first. */
	a2 = make_ack(f, 2, 0, NULL);
	OK(ack(f, a2, &res, &b, &e), &e);
	assert_int_equal(res, BERKUT_ACK_DONE);
	assert_int_equal(b.accepted, 1);
	assert_int_equal(in_berkut(f, c4), 1);
	assert_int_equal(in_berkut(f, c1), 0);
	/* Repeated: nothing. */
	OK(ack(f, a2, &res, &b, &e), &e);
	assert_int_equal(res, BERKUT_ACK_REPEAT);

	refused_acks(f, c1);

	/* Batch 1 with record 2 rejected: c1 in, c2 goes out again. */
	a1 = make_ack(f, 1, 2, NULL);
	OK(ack(f, a1, &res, &b, &e), &e);
	assert_int_equal(b.accepted, 1);
	assert_int_equal(b.rejected, 1);
	assert_int_equal(in_berkut(f, c1), 1);
	assert_int_equal(in_berkut(f, c2), 0);
	/* A different ack for an acknowledged batch conflicts. */
	{
		char *other = make_ack(f, 1, 1, NULL);

		assert_int_equal(ack(f, other, &res, &b, &e), ST_CONFLICT);
		free(other);
	}

	third_batch(f, c1, c2);

	OK(berkut_list(f->o.s, &f->oper, &v, &nv, &e), &e);
	assert_int_equal(nv, 3);
	assert_int_equal(v[0].no, 3);
	assert_true(v[2].acked_at[0] != '\0');
	free(v);
	free(a1);
	free(a2);
	free(text);
	free(path);
}

static void
test_ack_records_must_match(void **state)
{
	struct fx *f = *state;
	struct berkut_batch_info b;
	enum berkut_ack_result res;
	struct err e = {0};
	json_error_t je;
	json_t *a;
	char *text, *bad;

	registration(f, 1);
	registration(f, 1);
	OK(berkut_export(f->o.s, &f->oper, f->out, &b, &e), &e);
	text = make_ack(f, 1, 0, NULL);
	a = json_loads(text, 0, &je);
	/* A record missing. */
	json_array_remove(json_object_get(a, "records"), 0);
	bad = json_dumps(a, 0);
	assert_int_equal(ack(f, bad, &res, &b, &e), ST_INVALID);
	assert_string_equal(e.field, "records");
	free(bad);
	/* A record twice. */
	json_array_append(json_object_get(a, "records"),
			  json_array_get(json_object_get(a, "records"), 0));
	bad = json_dumps(a, 0);
	assert_int_equal(ack(f, bad, &res, &b, &e), ST_INVALID);
	free(bad);
	json_decref(a);
	/* Garbage; a chief may not take acknowledgements. */
	assert_int_equal(ack(f, "{", &res, &b, &e), ST_INVALID);
	assert_int_equal(berkut_ack(f->o.s, &f->chief, f->o.forms, text,
				    strlen(text), &res, &b, &e), ST_DENIED);
	assert_int_equal(berkut_export(f->o.s, &f->chief, f->out, &b, &e),
			 ST_DENIED);
	free(text);
}

int
main(void)
{
#define T(fn) FIXTURE_TEST(fn, setup)
	const struct CMUnitTest tests[] = {
		T(test_export_and_ack),
		T(test_ack_records_must_match),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
