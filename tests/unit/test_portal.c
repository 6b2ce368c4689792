/* SPDX-License-Identifier: MIT */
/* Tests of core/portal*.c (and the nested transactions of core/store.c it
 * relies on) on a temporary database and drop folder: the reader on good,
 * broken and hostile bytes with the line and field of each problem;
 * import into electronic drafts, done/ and rejected/ with NAME.why, a
 * request id taken once, a committed file left behind moved on the next
 * run; the worklist; and the signer's refusals. Run from the repository
 * root. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "account.h"
#include "cases.h"
#include "forms.h"
#include "office.h"
#include "portal.h"
#include "sign.h"
#include "store.h"
#include "util.h"


struct fx {
	struct fixture o;
	char drop[300];
	const struct form *reg;
	struct actor insp, chief;
};

static const char good_fmt[] =
	"{\n"
	"  \"format\": 1,\n"
	"  \"request_id\": \"%s\",\n"
	"  \"submitted_at\": \"2026-03-19T18:45:00\",\n"
	"  \"applicant\": {\"iin\": \"921029350851\", \"name\": \"Сериков Болат\"},\n"
	"  \"fields\": {\n"
	"    \"surname\": \"%s\",\n"
	"    \"given_names\": \"РУСТАМ\", \"birth_date\": \"14.05.1988\",\n"
	"    \"sex\": \"m\", \"citizenship\": \"UZB\", \"doc_type\": \"passport\",\n"
	"    \"doc_number\": \"FA1234567\", \"doc_expiry\": \"20.11.2031\",\n"
	"    \"purpose\": \"private\", \"entry_date\": \"18.03.2026\",\n"
	"    \"entry_point\": \"Жибек жолы\", \"migration_card\": \"KZ0012345\",\n"
	"    \"address_stay\": \"г. Алматы, ул. Абая, д. 10\",\n"
	"    \"period_from\": \"18.03.2026\", \"period_to\": \"15.06.2026\",\n"
	"    \"long_stay\": \"нет\", \"host_kind\": \"person\",\n"
	"    \"host_name\": \"Сериков Болат\", \"host_iin\": \"921029350851\",\n"
	"    \"host_address\": \"г. Алматы, ул. Абая, д. 10\",\n"
	"    \"host_doc\": \"удостоверение личности 043512345\",\n"
	"    \"host_right\": \"свидетельство о праве собственности\"\n"
	"  },\n"
	"  \"documents\": [\"id_document\", \"migration_card\", \"application\",\n"
	"                \"host_id\", \"host_dwelling\"]\n"
	"}\n";

static char *
good(const char *rid, const char *surname)
{
	return xasprintf(good_fmt, rid, surname);
}

static int
setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);

	fixture_open(&f->o, "portal", NULL);
	snprintf(f->drop, sizeof f->drop, "%s/drop", f->o.dir);
	assert_int_equal(mkdir(f->drop, 0700), 0);
	fixture_actor(&f->o, &f->insp, "ivanov", "Иванов Иван", NULL,
		      ROLE_INSPECTOR);
	fixture_actor(&f->o, &f->chief, "chief", "Начальников Петр", NULL,
		      ROLE_CHIEF);
	f->reg = formset_get(f->o.forms, "registration");
	assert_non_null(f->reg);
	*state = f;
	return 0;
}

static void
put(struct fx *f, const char *name, const char *bytes, size_t n)
{
	char *p = xasprintf("%s/%s", f->drop, name);
	FILE *fp = fopen(p, "wb");

	assert_non_null(fp);
	assert_int_equal(fwrite(bytes, 1, n, fp), n);
	fclose(fp);
	free(p);
}

static int
exists(struct fx *f, const char *rel)
{
	char *p = xasprintf("%s/%s", f->drop, rel);
	struct stat sb;
	int r = lstat(p, &sb) == 0;

	free(p);
	return r;
}

static char *
slurp(struct fx *f, const char *rel)
{
	char *p = xasprintf("%s/%s", f->drop, rel);
	char *text = fixture_read_file(p, NULL);

	free(p);
	return text;
}

/* Parse text; return the errors (caller frees) and the status. */
static enum status
parse(struct fx *f, const char *text, size_t n, struct errlist *errs)
{
	struct portal_app app;
	enum status st = portal_parse("t.json", text, n, f->reg, &app, errs);

	if (st == ST_OK)
		portal_app_free(&app);
	return st;
}

static int
has_err(const struct errlist *l, const char *field, const char *msg_part)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if ((!field || strcmp(l->v[i].field, field) == 0) &&
		    (!msg_part || strstr(l->v[i].msg, msg_part)))
			return 1;
	for (i = 0; i < l->n; i++)
		print_message("  [%s] %s\n", l->v[i].field, l->v[i].msg);
	return 0;
}

/* ---- the reader --------------------------------------------------------- */

static void
test_parse_good(void **state)
{
	struct fx *f = *state;
	char *t = good("EGOV-1", "АХМЕДОВ");
	struct errlist errs = {0};
	struct portal_app app;

	assert_int_equal(portal_parse("g.json", t, strlen(t), f->reg, &app,
				      &errs), ST_OK);
	assert_string_equal(app.request_id, "EGOV-1");
	assert_string_equal(app.applicant_iin, "921029350851");
	assert_string_equal(app.submitted_at, "2026-03-19T18:45:00");
	/* Values are kept as sent; the case normalises them. */
	assert_string_equal(json_string_value(json_object_get(app.values,
							      "birth_date")),
			    "14.05.1988");
	assert_int_equal(json_array_size(app.documents), 5);
	portal_app_free(&app);
	free(t);
}

static void
test_parse_line_and_field(void **state)
{
	struct fx *f = *state;
	char *t = good("EGOV-1", "");
	struct errlist errs = {0};

	assert_int_equal(parse(f, t, strlen(t), &errs), ST_INVALID);
	assert_true(has_err(&errs, "fields.surname", "строка 7: Фамилия"));
	errlist_free(&errs);
	free(t);
	/* A syntax error names its line. */
	t = xstrdup("{\n \"format\": 1,\n \"request_id\" \"x\"\n}\n");
	assert_int_equal(parse(f, t, strlen(t), &errs), ST_INVALID);
	assert_true(has_err(&errs, "", "строка 3"));
	errlist_free(&errs);
	free(t);
}

static void
test_parse_envelope(void **state)
{
	struct fx *f = *state;
	struct errlist errs = {0};
	char *t = good("../etc", "АХМЕДОВ"), *u;

	assert_int_equal(parse(f, t, strlen(t), &errs), ST_INVALID);
	assert_true(has_err(&errs, "request_id", NULL));
	errlist_free(&errs);
	free(t);
	/* The host must be the applicant. */
	t = good("EGOV-2", "АХМЕДОВ");
	u = strstr(t, "\"host_iin\": \"921029350851\"");
	assert_non_null(u);
	memcpy(u + strlen("\"host_iin\": \""), "880316300224", 12);
	assert_int_equal(parse(f, t, strlen(t), &errs), ST_INVALID);
	assert_true(has_err(&errs, "fields.host_iin", NULL));
	errlist_free(&errs);
	free(t);
	/* Duplicate keys and unknown members. */
	t = xstrdup("{\"format\":1,\"format\":1}");
	assert_int_equal(parse(f, t, strlen(t), &errs), ST_INVALID);
	errlist_free(&errs);
	free(t);
	t = good("EGOV-3", "АХМЕДОВ");
	u = xasprintf("{\"extra\": 1,%s", t + 1);
	assert_int_equal(parse(f, u, strlen(u), &errs), ST_INVALID);
	assert_true(has_err(&errs, "", "неизвестное поле «extra»"));
	errlist_free(&errs);
	free(u);
	free(t);
}

static void
test_parse_hostile(void **state)
{
	struct fx *f = *state;
	struct errlist errs = {0};
	char *t, *big;
	size_t n;

	t = good("EGOV-4", "АЛИ\\u001b[2J");
	assert_int_equal(parse(f, t, strlen(t), &errs), ST_INVALID);
	assert_true(has_err(&errs, "fields.surname", "управляющие"));
	errlist_free(&errs);
	free(t);
	t = good("EGOV-5", "АЛИ\\u202e");
	assert_int_equal(parse(f, t, strlen(t), &errs), ST_INVALID);
	errlist_free(&errs);
	free(t);
	t = good("EGOV-6", "АЛИ\\u0000");
	assert_int_equal(parse(f, t, strlen(t), &errs), ST_INVALID);
	errlist_free(&errs);
	free(t);
	/* Invalid UTF-8 and a raw NUL name their line. */
	t = good("EGOV-7", "\xff\xfe");
	assert_int_equal(parse(f, t, strlen(t), &errs), ST_INVALID);
	assert_true(has_err(&errs, "", "строка 7: неверная кодировка"));
	errlist_free(&errs);
	n = strlen(t);
	t[20] = '\0';
	assert_int_equal(parse(f, t, n, &errs), ST_INVALID);
	assert_true(has_err(&errs, "", "NUL"));
	errlist_free(&errs);
	free(t);
	assert_int_equal(parse(f, "", 0, &errs), ST_INVALID);
	errlist_free(&errs);
	/* Too big a file; too long a value. */
	big = xmalloc(PORTAL_MAX_BYTES + 2);
	memset(big, ' ', PORTAL_MAX_BYTES + 1);
	big[PORTAL_MAX_BYTES + 1] = '\0';
	assert_int_equal(parse(f, big, PORTAL_MAX_BYTES + 1, &errs),
			 ST_INVALID);
	assert_true(has_err(&errs, "", "слишком велик"));
	errlist_free(&errs);
	big[3000] = '\0';
	memset(big, 'A', 3000);
	t = good("EGOV-8", big);
	assert_int_equal(parse(f, t, strlen(t), &errs), ST_INVALID);
	assert_true(has_err(&errs, "fields.surname", "слишком длинное"));
	errlist_free(&errs);
	free(t);
	free(big);
	/* Not an object; wrong types. */
	assert_int_equal(parse(f, "[1,2]", 5, &errs), ST_INVALID);
	errlist_free(&errs);
	t = xstrdup("{\"format\":1,\"request_id\":7,\"submitted_at\":[],"
		    "\"applicant\":\"x\",\"fields\":{\"surname\":{}},"
		    "\"documents\":{}}");
	assert_int_equal(parse(f, t, strlen(t), &errs), ST_INVALID);
	errlist_free(&errs);
	free(t);
}

/* ---- nested transactions -------------------------------------------------- */

static void
test_nested_transactions(void **state)
{
	struct fx *f = *state;
	struct err e = {0};

	OK(store_begin(f->o.s, &e), &e);
	OK(store_exec(f->o.s, "INSERT INTO settings VALUES ('a', '1')", &e), &e);
	OK(store_begin(f->o.s, &e), &e);
	assert_int_equal(f->o.s->in_tx, 2);
	OK(store_exec(f->o.s, "INSERT INTO settings VALUES ('b', '1')", &e), &e);
	store_rollback(f->o.s); /* the inner part only */
	assert_int_equal(f->o.s->in_tx, 1);
	OK(store_begin(f->o.s, &e), &e);
	OK(store_exec(f->o.s, "INSERT INTO settings VALUES ('c', '1')", &e), &e);
	OK(store_commit(f->o.s, &e), &e);
	assert_int_equal(f->o.s->in_tx, 1);
	assert_false(sqlite3_get_autocommit(f->o.s->db));
	OK(store_commit(f->o.s, &e), &e);
	assert_int_equal(f->o.s->in_tx, 0);
	assert_int_equal(fixture_scalar(f->o.s, "SELECT count(*) FROM settings "
					 "WHERE key IN ('a','b','c')"), 2);
	assert_int_equal(fixture_scalar(f->o.s, "SELECT count(*) FROM settings "
					 "WHERE key = 'b'"), 0);
}

/* ---- import ----------------------------------------------------------- */

static void
test_import(void **state)
{
	struct fx *f = *state;
	struct portal_report rep;
	struct portal_row *rows;
	struct err e = {0};
	char *t = good("EGOV-10", "АХМЕДОВ"), *why;
	size_t n;

	put(f, "a.json", t, strlen(t));
	free(t);
	t = good("EGOV-11", "");
	put(f, "b.json", t, strlen(t));
	free(t);
	put(f, "note.txt", "x", 1);
	OK(portal_import(f->o.s, &f->insp, f->o.forms, f->drop, &rep, NULL,
			 &e), &e);
	assert_int_equal(rep.n, 2);
	assert_int_equal(rep.imported, 1);
	assert_int_equal(rep.rejected, 1);
	assert_int_equal(rep.v[0].outcome, PORTAL_IMPORTED);
	assert_int_equal(rep.v[0].case_id, 1);
	assert_int_equal(rep.v[1].outcome, PORTAL_REJECTED);
	portal_report_free(&rep);
	assert_true(exists(f, "done/a.json"));
	assert_false(exists(f, "a.json"));
	assert_true(exists(f, "rejected/b.json"));
	assert_true(exists(f, "note.txt"));
	why = slurp(f, "rejected/b.json.why");
	assert_non_null(why);
	assert_non_null(strstr(why, "строка 7: Фамилия"));
	assert_non_null(strstr(why, "[fields.surname]"));
	free(why);
	assert_int_equal(fixture_scalar(f->o.s, "SELECT count(*) FROM cases "
					 "WHERE channel = 'electronic' AND "
					 "state = 'draft'"), 1);

	/* The same request id with other bytes: refused, no second case. */
	t = good("EGOV-10", "ДРУГОЙ");
	put(f, "c.json", t, strlen(t));
	free(t);
	/* The same bytes left behind after the commit: moved to done/. */
	t = good("EGOV-10", "АХМЕДОВ");
	put(f, "a.json", t, strlen(t));
	free(t);
	OK(portal_import(f->o.s, &f->insp, f->o.forms, f->drop, &rep, NULL,
			 &e), &e);
	assert_int_equal(rep.n, 2);
	assert_int_equal(rep.v[0].outcome, PORTAL_DONE_AGAIN);
	assert_int_equal(rep.v[1].outcome, PORTAL_DUPLICATE);
	assert_int_equal(rep.v[1].case_id, 1);
	portal_report_free(&rep);
	assert_true(exists(f, "done/a.json.1"));
	assert_true(exists(f, "rejected/c.json.why"));
	assert_int_equal(fixture_scalar(f->o.s, "SELECT count(*) FROM cases"),
			 1);
	assert_int_equal(fixture_scalar(f->o.s, "SELECT count(*) FROM "
					 "portal_requests"), 1);

	/* The worklist. */
	OK(portal_list(f->o.s, &f->insp, 1, &rows, &n, &e), &e);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].request_id, "EGOV-10");
	assert_string_equal(rows[0].state, "draft");
	free(rows);

	/* A chief may not take applications in; nothing moves. */
	t = good("EGOV-12", "КАРИМОВ");
	put(f, "d.json", t, strlen(t));
	free(t);
	assert_int_equal(portal_import(f->o.s, &f->chief, f->o.forms, f->drop,
				       &rep, NULL, &e), ST_DENIED);
	portal_report_free(&rep);
	assert_true(exists(f, "d.json"));
	assert_int_equal(portal_import(f->o.s, &f->insp, f->o.forms, "/nonexistent",
				       &rep, NULL, &e), ST_NOTFOUND);
	portal_report_free(&rep);
}

/* A drop folder taken in while a renderer listens: it hears one file at a
 * time out of the folder's; a cancel after the second file leaves each
 * file whole (two imported and moved, the third untouched, in place). */
struct files_heard {
	long long done, total;
};

static int
stop_after_two(void *arg, const struct progress *p)
{
	struct files_heard *h = arg;

	if (p->ended)
		return 0;
	h->done = p->done;
	h->total = p->total;
	return p->done >= 2;
}

static void
test_import_cancel(void **state)
{
	struct fx *f = *state;
	struct portal_report rep;
	struct err e = {0};
	struct files_heard heard = {0};
	struct progress p = {.show = stop_after_two, .arg = &heard};
	static const char *const names[] = {"a.json", "b.json", "c.json"};
	static const char *const ids[] = {"EGOV-20", "EGOV-21", "EGOV-22"};
	int i;

	for (i = 0; i < 3; i++) {
		char *t = good(ids[i], "АХМЕДОВ");

		put(f, names[i], t, strlen(t));
		free(t);
	}
	assert_int_equal(portal_import(f->o.s, &f->insp, f->o.forms, f->drop,
				       &rep, &p, &e), ST_CANCELLED);
	assert_int_equal(heard.done, 2);
	assert_int_equal(heard.total, 3);
	assert_int_equal(rep.imported, 2);
	portal_report_free(&rep);
	assert_true(exists(f, "done/a.json"));
	assert_true(exists(f, "done/b.json"));
	assert_true(exists(f, "c.json"));
	assert_int_equal(fixture_scalar(f->o.s, "SELECT count(*) FROM cases"),
			 2);
	assert_int_equal(fixture_scalar(f->o.s, "SELECT count(*) FROM "
					 "portal_requests"), 2);
	/* The next run takes the rest. */
	OK(portal_import(f->o.s, &f->insp, f->o.forms, f->drop, &rep, NULL,
			 &e), &e);
	assert_int_equal(rep.imported, 1);
	portal_report_free(&rep);
	assert_int_equal(fixture_scalar(f->o.s, "SELECT count(*) FROM cases"),
			 3);
}

/* ---- the signer ------------------------------------------------------- */

static void
test_signer_refusals(void **state)
{
	struct fx *f = *state;
	struct signer *sg = (struct signer *)1;
	struct err e = {0};
	char *p = xasprintf("%s/not-a-cert.pem", f->drop);
	FILE *fp = fopen(p, "w");

	assert_non_null(fp);
	fputs("-----BEGIN CERTIFICATE-----\nnonsense\n", fp);
	fclose(fp);
	assert_int_equal(signer_load("/nonexistent.pem", p, "x", &sg, &e),
			 ST_NOTFOUND);
	assert_null(sg);
	assert_int_equal(signer_load(p, p, "x", &sg, &e), ST_INVALID);
	assert_string_equal(e.field, "cert");
	assert_null(sg);
	free(p);
}

int
main(void)
{
#define T(fn) FIXTURE_TEST(fn, setup)
	const struct CMUnitTest tests[] = {
		T(test_parse_good),
		T(test_parse_line_and_field),
		T(test_parse_envelope),
		T(test_parse_hostile),
		T(test_nested_transactions),
		T(test_import),
		T(test_import_cancel),
		T(test_signer_refusals),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
