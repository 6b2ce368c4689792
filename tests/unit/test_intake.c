/* SPDX-License-Identifier: MIT */
/* What the window's intake needs from core, through the real calls on a
 * temporary database: drafts per form and applicant (one intake never
 * replaces or removes another's draft, a draft is the account's own),
 * a return at intake that needs only the identity fields and gets the
 * return notice's number, an accept that still needs the whole form,
 * the numbers a person reads (the book's mark), a window that prints to
 * a folder and never to one file, and a surname found in either script.
 * Runs on both engines (engines: sqlite pg; scripts/run-tests.sh).
 */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cases.h"
#include "draft.h"
#include "journal_find.h"
#include "office.h"
#include "printer.h"
#include "util.h"

struct fx {
	struct fixture o;
	struct actor insp, other;
};

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);

	fixture_open(&f->o, "intake", NULL);
	fixture_actor(&f->o, &f->insp, "ivanov", "Иванов Иван", NULL,
		      ROLE_INSPECTOR);
	fixture_actor(&f->o, &f->other, "petrov", "Петров Пётр", NULL,
		      ROLE_INSPECTOR);
	*state = f;
	return 0;
}

static void
test_drafts_per_applicant(void **state)
{
	struct fx *f = *state;
	struct err e = {0};
	struct draft *list = NULL, d;
	long long a = 0, b = 0, again = 0;
	size_t n = 0;
	json_t *v1 = json_pack("{s:s, s:s}", "surname", "АХМЕДОВ",
			       "doc_number", "FA1");
	json_t *v2 = json_pack("{s:s}", "surname", "PETROV");

	CTX("two intakes keep two drafts");
	OK(draft_save(f->o.s, &f->insp, 0, "registration", "registration", v1,
		      NULL, 3, &a, &e), &e);
	OK(draft_save(f->o.s, &f->insp, 0, "invitation", "invitation", v2,
		      NULL, 0, &b, &e), &e);
	EXPECT(a > 0 && b > 0 && a != b, "ids %lld %lld", a, b);
	EXPECT(draft_count(f->o.s, &f->insp) == 2, "count %zu",
	       draft_count(f->o.s, &f->insp));
	OK(draft_list(f->o.s, &f->insp, &list, &n, &e), &e);
	EXPECT(n == 2, "listed %zu", n);
	EXPECT(n == 2 && (!strcmp(list[0].applicant, "PETROV") ||
			  !strcmp(list[1].applicant, "PETROV")),
	       "applicant not named");
	EXPECT(n == 2 && (!strcmp(list[0].applicant, "АХМЕДОВ, FA1") ||
			  !strcmp(list[1].applicant, "АХМЕДОВ, FA1")),
	       "applicant with the document not named");
	free(list);

	CTX("saving one again keeps its id");
	json_object_set_new(v1, "given_names", json_string("РУСТАМ"));
	OK(draft_save(f->o.s, &f->insp, a, "registration", "registration", v1,
		      NULL, 4, &again, &e), &e);
	EXPECT(again == a, "saved as %lld, not %lld", again, a);
	EXPECT(draft_count(f->o.s, &f->insp) == 2, "a third draft");
	OK(draft_load(f->o.s, &f->insp, a, 0, &d, &e), &e);
	EXPECT_STR(d.applicant, "АХМЕДОВ РУСТАМ, FA1");
	EXPECT(d.focus == 4, "focus %d", d.focus);
	draft_free(&d);

	CTX("another inspector neither sees nor removes it");
	EXPECT(draft_count(f->o.s, &f->other) == 0, "seen by another");
	EXPECT_ST(draft_load(f->o.s, &f->other, a, 0, &d, &e), ST_NOTFOUND,
		  &e);
	OK(draft_delete(f->o.s, &f->other, a, &e), &e);
	EXPECT(draft_count(f->o.s, &f->insp) == 2, "removed by another");

	CTX("one discarded, the other stays");
	OK(draft_delete(f->o.s, &f->insp, b, &e), &e);
	EXPECT(draft_count(f->o.s, &f->insp) == 1, "count after discard");
	OK(draft_load(f->o.s, &f->insp, a, 0, &d, &e), &e);
	draft_free(&d);
	EXPECT(fixture_scalar(f->o.s, "SELECT count(*) FROM audit WHERE "
				      "action = 'draft.delete'") == 1,
	       "discard not audited");
	json_decref(v1);
	json_decref(v2);
}

static void
test_return_needs_identity_only(void **state)
{
	struct fx *f = *state;
	struct errlist errs = {0};
	struct err e = {0};
	struct case_new cn = {0};
	struct case_act act = {0};
	struct case_rec c;
	char ref[40];
	long long id = 0, id2 = 0;
	json_t *all, *all_docs, *v = json_object();
	const char *keep[] = {"surname", "given_names", "birth_date",
			      "citizenship", "doc_number", "host_name"};
	size_t i;

	fixture_case("invitation", &all, &all_docs);
	json_decref(all_docs);
	/* The inviter's name and what a passport's zone gives. */
	for (i = 0; i < sizeof keep / sizeof keep[0]; i++)
		json_object_set(v, keep[i], json_object_get(all, keep[i]));
	json_object_set_new(v, "host_phone", json_string("не телефон"));

	CTX("the whole form refuses it");
	cn.service = "invitation";
	cn.values = v;
	{
		json_t *copy = json_deep_copy(v);

		cn.values = copy;
		EXPECT_ST(case_create(f->o.s, &f->insp, f->o.forms, &cn, &id,
				      &errs),
			  ST_INVALID, errs.n ? &errs.v[0] : &e);
		EXPECT(errs.n > 5, "only %zu errors", errs.n);
		errlist_free(&errs);
		json_decref(copy);
	}

	CTX("a return takes it: identity fields only, a bad phone dropped");
	cn.values = v;
	cn.identity_only = 1;
	EXPECT_ST(case_create(f->o.s, &f->insp, f->o.forms, &cn, &id, &errs),
		  ST_OK, errs.n ? &errs.v[0] : &e);
	errlist_free(&errs);
	EXPECT(!json_object_get(v, "host_phone"), "the bad phone was kept");
	act.event = EV_RETURN;
	act.reason = "Документы, подтверждающие родство";
	OK(case_fire(f->o.s, &f->insp, f->o.forms, id, &act, &e), &e);
	OK(case_get(f->o.s, &f->insp, id, &c, &e), &e);
	EXPECT(c.state == CS_RETURNED, "state %d", c.state);
	EXPECT(c.return_no == 1 && c.return_year == 2026, "return %d/%d",
	       c.return_no, c.return_year);
	case_ref(&c, ref, sizeof ref);
	EXPECT_STR(ref, "В-1/2026");
	case_rec_free(&c);

	CTX("the next return is number 2");
	json_object_set_new(v, "surname", json_string("PETROV"));
	EXPECT_ST(case_create(f->o.s, &f->insp, f->o.forms, &cn, &id2, &errs),
		  ST_OK, errs.n ? &errs.v[0] : &e);
	errlist_free(&errs);
	OK(case_fire(f->o.s, &f->insp, f->o.forms, id2, &act, &e), &e);
	EXPECT(fixture_scalar(f->o.s, "SELECT max(return_no) FROM cases") == 2,
	       "second return number");

	CTX("the identity fields are still needed");
	json_object_del(v, "doc_number");
	EXPECT_ST(case_create(f->o.s, &f->insp, f->o.forms, &cn, &id2, &errs),
		  ST_INVALID, errs.n ? &errs.v[0] : &e);
	EXPECT(errs.n == 1 && !strcmp(errs.v[0].field, "doc_number"),
	       "error on %s", errs.n ? errs.v[0].field : "(none)");
	errlist_free(&errs);

	CTX("a case filed for a return is never accepted as it is");
	json_object_set(v, "doc_number", json_object_get(all, "doc_number"));
	EXPECT_ST(case_create(f->o.s, &f->insp, f->o.forms, &cn, &id2, &errs),
		  ST_OK, errs.n ? &errs.v[0] : &e);
	errlist_free(&errs);
	act.event = EV_ACCEPT;
	act.reason = NULL;
	EXPECT_ST(case_fire(f->o.s, &f->insp, f->o.forms, id2, &act, &e),
		  ST_INVALID, &e);
	EXPECT(strstr(e.msg, "не полностью") != NULL, "message %s", e.msg);
	json_decref(v);
	json_decref(all);
}

static void
test_numbers_and_names(void **state)
{
	struct fx *f = *state;
	struct errlist errs = {0};
	struct err e = {0};
	struct case_new cn = {0};
	struct case_act act = {.event = EV_ACCEPT};
	struct journal_line *l = NULL;
	size_t n = 0;
	long long ids[2];
	const char *svc[2] = {"registration", "invitation"};
	char ref[40];
	int i;

	for (i = 0; i < 2; i++) {
		json_t *docs, *v;
		struct case_rec c;

		fixture_case(svc[i], &v, &docs);
		CTX("%s accepted", svc[i]);
		if (i == 1)
			json_object_set_new(v, "surname",
					    json_string("ERIKSSON"));
		cn.service = svc[i];
		cn.values = v;
		cn.documents = docs;
		EXPECT_ST(case_create(f->o.s, &f->insp, f->o.forms, &cn,
				      &ids[i], &errs),
			  ST_OK, errs.n ? &errs.v[0] : &e);
		errlist_free(&errs);
		OK(case_fire(f->o.s, &f->insp, f->o.forms, ids[i], &act, &e),
		   &e);
		OK(case_get(f->o.s, &f->insp, ids[i], &c, &e), &e);
		case_ref(&c, ref, sizeof ref);
		/* Both are 1/2026 of their books: the marks tell them apart. */
		EXPECT_STR(ref, i == 0 ? "РГ-1/2026" : "ПГ-1/2026");
		case_rec_free(&c);
		json_decref(v);
		json_decref(docs);
	}

	CTX("a Latin surname found by its Cyrillic reading");
	OK(journal_find_surname(f->o.s, &f->insp, f->o.office, "ЭРИКССОН", 50,
				&l, &n, &e), &e);
	EXPECT(n == 1 && l[0].case_id == ids[1], "found %zu", n);
	journal_lines_free(l, n);
	OK(journal_find_surname(f->o.s, &f->insp, f->o.office, "Эрикс", 50, &l,
				&n, &e), &e);
	EXPECT(n == 1, "prefix found %zu", n);
	journal_lines_free(l, n);
	CTX("a Cyrillic surname found by its Latin spelling");
	OK(journal_find_surname(f->o.s, &f->insp, f->o.office, "Akhmedov", 50,
				&l, &n, &e), &e);
	EXPECT(n == 1 && l[0].case_id == ids[0], "found %zu", n);
	journal_lines_free(l, n);
	OK(journal_find_surname(f->o.s, &f->insp, f->o.office, "Смирнов", 50,
				&l, &n, &e), &e);
	EXPECT(n == 0, "found %zu", n);
	journal_lines_free(l, n);
}

static void
test_window_prints_to_a_folder(void **state)
{
	struct fx *f = *state;
	struct err e = {0};
	struct print_req r;
	char out[400], dir[300], buf[400], *path;
	FILE *fp;

	CTX("a file named for the window becomes its folder");
	OK(window_set(f->o.s, &f->o.admin, f->o.code, 3, "ivanov", &e), &e);
	snprintf(dir, sizeof dir, "%s/print", f->o.dir);
	path = xasprintf("file:%s/registration-1-2026-registration-mark.txt",
			 dir);
	OK(window_set_printer(f->o.s, &f->insp, f->o.office, 3, path, &e), &e);
	free(path);
	EXPECT(printer_of_window(f->o.s, f->o.office, 3, out, sizeof out),
	       "no printer");
	snprintf(buf, sizeof buf, "file:%s/", dir);
	EXPECT_STR(out, buf);

	CTX("a folder's document never replaces another");
	memset(&r, 0, sizeof r);
	OK(printer_target(out, "registration-1-2026-receipt", &r, buf,
			  sizeof buf, &e), &e);
	EXPECT(r.target == PT_FILE, "target %d", r.target);
	fp = fopen(buf, "w");
	EXPECT(fp != NULL, "cannot write %s", buf);
	if (fp)
		fclose(fp);
	OK(printer_target(out, "registration-1-2026-receipt", &r, buf,
			  sizeof buf, &e), &e);
	EXPECT(strstr(buf, "registration-1-2026-receipt-2.txt") != NULL,
	       "second print goes to %s", buf);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		FIXTURE_TEST(test_drafts_per_applicant, setup),
		FIXTURE_TEST(test_return_needs_identity_only, setup),
		FIXTURE_TEST(test_numbers_and_names, setup),
		FIXTURE_TEST(test_window_prints_to_a_folder, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
