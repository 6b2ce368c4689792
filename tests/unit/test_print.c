/* SPDX-License-Identifier: MIT */
/* Tests of core/print.c and core/blank.c on a temporary database: a receipt
 * printed from a real case against golden files (UTF-8 and CP1251), a pass
 * on a numbered blank, reprints (refused for an inspector, marked ПОВТОРНО
 * for the chief), an unprintable Kazakh letter named by its field, the
 * state rules, the output targets and the blanks reconciliation. Run from
 * the repository root; OKNO_UPDATE_GOLDEN=1 rewrites the golden files. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "account.h"
#include "blank.h"
#include "cases.h"
#include "encode.h"
#include "forms.h"
#include "office.h"
#include "print.h"
#include "store.h"
#include "util.h"

#define NOW "2026-03-05T14:32:07"
#define GOLDEN_DIR "tests/fixtures/golden/"

struct fx {
	struct fixture o;
	char tpl[300];
	struct actor insp, rec, chief, oper, head;
};

static long long
scalar(struct store *s, const char *sql, long long bind)
{
	sqlite3_stmt *st = store_prepare(s, sql, NULL);
	long long v = -1;

	assert_non_null(st);
	if (bind)
		sqlite3_bind_int64(st, 1, bind);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static int
setup(void **state)
{
	static const struct fixture_spec spec = {
		.now = NOW,
		.name = "Медеуский РУП ДП г. Алматы",
		.address = "г. Алматы, ул. Абая, 1",
		.admin_name = "Администратор Системы",
		.admin_pos = "Администратор",
	};
	struct fx *f = xcalloc(1, sizeof *f);

	fixture_open(&f->o, "print", &spec);
	fixture_actor(&f->o, &f->insp, "ivanov", "Иванов Иван Иванович",
		      "старший инспектор", ROLE_INSPECTOR);
	fixture_actor(&f->o, &f->rec, "records", "Спецучетова Анна Петровна",
		      "инспектор спецучетов", ROLE_RECORDS);
	fixture_actor(&f->o, &f->chief, "chief", "Начальников Петр Сергеевич",
		      "начальник", ROLE_CHIEF);
	fixture_actor(&f->o, &f->oper, "operator",
		      "Журналова Ольга Викторовна", "оператор", ROLE_OPERATOR);
	fixture_region_actor(&f->o, &f->head, "head", "Нурпеисов Асхат Каиржанович",
			     "начальник УМП ДП г. Алматы", ROLE_REGION_HEAD);
	snprintf(f->tpl, sizeof f->tpl, "%s/templates", fixture_forms_dir());
	*state = f;
	return 0;
}

static void
golden(const char *name, const struct strbuf *got)
{
	char *path = xasprintf(GOLDEN_DIR "%s", name);
	size_t len = 0;
	char *want;

	if (getenv("OKNO_UPDATE_GOLDEN")) {
		FILE *fp = fopen(path, "wb");

		assert_non_null(fp);
		fwrite(got->s, 1, got->len, fp);
		fclose(fp);
	}
	want = fixture_read_file(path, &len);
	if (!want)
		print_error("%s: missing (OKNO_UPDATE_GOLDEN=1 writes it)\n",
			    path);
	assert_non_null(want);
	if (len != got->len || memcmp(want, got->s, len) != 0) {
		print_error("%s differs; got:\n%s\n", path, got->s);
		fail();
	}
	free(want);
	free(path);
}

/* A case of the service from tests/fixtures/cases/SERVICE.json, with the
 * fields of over (may be NULL) replacing the fixture's, through accept. */
static long long
accepted_case(struct fx *f, const char *service, json_t *over)
{
	struct case_act act = {.event = EV_ACCEPT};
	struct case_new in = {0};
	struct errlist errs = {0};
	struct err e = {0};
	json_t *fields, *docs;
	long long id = 0;

	fixture_case(service, &fields, &docs);
	in.service = service;
	in.values = fields;
	in.documents = docs;
	if (!strcmp(service, "registration")) {
		/* Entered the day before the print's day (the fixture's
		 * entry is later than this test's clock). */
		json_object_set_new(in.values, "entry_date",
				    json_string("04.03.2026"));
		json_object_set_new(in.values, "period_from",
				    json_string("04.03.2026"));
		json_object_set_new(in.values, "period_to",
				    json_string("01.06.2026"));
	}
	if (over)
		json_object_update(in.values, over);
	if (case_create(f->o.s, &f->insp, f->o.forms, &in, &id, &errs) != ST_OK) {
		print_error("case_create: %s\n", errs.n ? errs.v[0].msg : "?");
		fail();
	}
	errlist_free(&errs);
	OK(case_fire(f->o.s, &f->insp, f->o.forms, id, &act, &e), &e);
	json_decref(fields);
	json_decref(docs);
	return id;
}

static void
fire(struct fx *f, const struct actor *a, long long id, enum case_event ev,
     const char *ground, const char *reason)
{
	struct case_act act = {.event = ev, .ground = ground, .reason = reason};
	struct err e = {0};

	OK(case_fire(f->o.s, a, f->o.forms, id, &act, &e), &e);
}

/* What a print test works with: the fixture, the case, the request for
 * it, and the page and error of the last print_as. */
struct job {
	struct fx *f;
	long long id;
	struct print_req r;
	struct print_result res;
	struct err e;
};

/* A job printing document d of case id in encoding enc, 80 columns wide,
 * to no target. */
static struct job
job_for(struct fx *f, long long id, enum print_doc d, enum encoding enc)
{
	struct job j = {
		.f = f, .id = id,
		.r = {.doc = d, .width = 80, .enc = enc, .target = PT_NONE,
		      .dest = "test", .templates_dir = f->tpl},
	};

	return j;
}

/* print_case of the job as a, at the time at (NULL: now; the fixture's
 * NOW again afterwards); its status, the page in j->res (the page before
 * freed), the error in j->e. */
static enum status
print_as(struct job *j, const struct actor *a, const char *at)
{
	enum status st;

	print_result_free(&j->res);
	if (at)
		setenv("OKNO_NOW", at, 1);
	st = print_case(j->f->o.s, a, j->f->o.forms, j->id, &j->r, &j->res,
			&j->e);
	if (at)
		setenv("OKNO_NOW", NOW, 1);
	return st;
}

/* print_as succeeds: the page is in j->res. */
#define PRINT_OK(j, a, at) OK(print_as((j), (a), (at)), &(j)->e)

/* ---- tests ------------------------------------------------------------ */

static void
test_receipt_golden_utf8(void **state)
{
	struct fx *f = *state;
	struct job j = job_for(f, accepted_case(f, "registration", NULL),
			       PD_RECEIPT, ENC_UTF8);

	PRINT_OK(&j, &f->insp, NULL);
	assert_int_equal(j.res.copies, 2);
	assert_int_equal(j.res.reprint, 0);
	golden("case-receipt-80.txt", &j.res.bytes);
	EXPECT_LACKS(j.res.bytes.s, "ПОВТОРНО");
	/* Two copies, one prints row each, one history row, one audit line. */
	assert_int_equal(scalar(f->o.s, "SELECT count(*) FROM prints WHERE "
				"case_id = ? AND reprint = 0", j.id), 2);
	assert_int_equal(scalar(f->o.s, "SELECT count(*) FROM case_events WHERE "
				"case_id = ? AND event = 'print' AND "
				"to_state = 'accepted'", j.id), 1);
	assert_int_equal(scalar(f->o.s, "SELECT count(*) FROM audit WHERE "
				"action = 'print' AND object = 'case:' || ?",
				j.id), 1);
	print_result_free(&j.res);
}

static void
test_receipt_golden_cp1251(void **state)
{
	struct fx *f = *state;
	struct job j = job_for(f, accepted_case(f, "registration", NULL),
			       PD_RECEIPT, ENC_CP1251);

	PRINT_OK(&j, &f->insp, NULL);
	golden("case-receipt-80.cp1251", &j.res.bytes);
	print_result_free(&j.res);
}

static void
test_reprint(void **state)
{
	struct fx *f = *state;
	struct job j = job_for(f, accepted_case(f, "registration", NULL),
			       PD_RECEIPT, ENC_UTF8);

	PRINT_OK(&j, &f->insp, NULL);
	/* The inspector may not print it again: nothing is logged. */
	assert_int_equal(print_as(&j, &f->insp, NULL), ST_DENIED);
	EXPECT_HAS(j.e.msg, "начальника");
	assert_int_equal(scalar(f->o.s, "SELECT count(*) FROM prints WHERE "
				"case_id = ?", j.id), 2);
	/* The chief may, and the page says so. */
	PRINT_OK(&j, &f->chief, NULL);
	assert_int_equal(j.res.reprint, 1);
	EXPECT_HAS(j.res.bytes.s, "ПОВТОРНО");
	print_result_free(&j.res);
	assert_int_equal(scalar(f->o.s, "SELECT count(*) FROM prints WHERE "
				"case_id = ? AND reprint = 1", j.id), 2);
	assert_int_equal(scalar(f->o.s, "SELECT count(*) FROM case_events WHERE "
				"case_id = ? AND event = 'reprint' AND "
				"reason = 'ПОВТОРНО' AND to_state = "
				"'accepted'", j.id), 1);
	assert_int_equal(scalar(f->o.s, "SELECT count(*) FROM audit WHERE "
				"action = 'reprint' AND object = 'case:' || ?",
				j.id), 1);
	/* The state is unchanged. */
	assert_int_equal(scalar(f->o.s, "SELECT state = 'accepted' FROM cases "
				"WHERE id = ?", j.id), 1);
}

static void
test_pass_on_blank(void **state)
{
	struct fx *f = *state;
	struct job j = job_for(f, accepted_case(f, "border-pass", NULL),
			       PD_PASS, ENC_CP1251);
	struct err e = {0};
	long added;

	/* Not before the decision. */
	j.r.blank = "AB1001";
	assert_int_equal(print_as(&j, &f->insp, NULL), ST_CONFLICT);
	fire(f, &f->rec, j.id, EV_CHECK_CLEAR, NULL, NULL);
	fire(f, &f->head, j.id, EV_ISSUE, NULL, NULL);
	/* No blank in stock yet. */
	assert_int_equal(print_as(&j, &f->insp, NULL), ST_NOTFOUND);
	assert_int_equal(blank_add(f->o.s, &f->insp, "border-pass", "AB", 1001,
				   1005, &added, &e), ST_DENIED);
	OK(blank_add(f->o.s, &f->oper, "border-pass", "AB", 1001, 1005, &added,
		     &e), &e);
	assert_int_equal(added, 5);
	assert_int_equal(blank_add(f->o.s, &f->oper, "border-pass", "AB", 1005,
				   1006, &added, &e), ST_CONFLICT);
	assert_int_equal(scalar(f->o.s, "SELECT count(*) FROM blanks", 0), 5);
	/* Without a blank number. */
	j.r.blank = NULL;
	assert_int_equal(print_as(&j, &f->insp, NULL), ST_INVALID);
	assert_string_equal(j.e.field, "blank");
	/* An invitation blank does not carry a pass. */
	j.r.blank = "AB1001";
	PRINT_OK(&j, &f->insp, NULL);
	assert_string_equal(j.res.blank_no, "AB 1001");
	assert_int_equal(scalar(f->o.s, "SELECT count(*) FROM blanks WHERE "
				"state = 'used' AND series = 'AB' AND number = "
				"1001 AND case_id = ?", j.id), 1);
	assert_int_equal(scalar(f->o.s, "SELECT print_id FROM blanks WHERE "
				"number = 1001", 0), j.res.print_id);
	assert_int_equal(scalar(f->o.s, "SELECT count(*) FROM prints WHERE "
				"blank_no = 'AB 1001' AND document = "
				"'border-pass'", 0), 1);
	/* A used blank cannot carry another print. */
	assert_int_equal(print_as(&j, &f->chief, NULL), ST_CONFLICT);
	/* A reprint on a new blank: the chief only. */
	j.r.blank = "1002";
	assert_int_equal(print_as(&j, &f->insp, NULL), ST_DENIED);
	assert_int_equal(scalar(f->o.s, "SELECT count(*) FROM blanks WHERE "
				"state = 'stock'", 0), 4);
	j.r.enc = ENC_UTF8;
	/* A week later: the reprint keeps the day of the decision and its
	 * signer, the regional head, and adds its own day. */
	PRINT_OK(&j, &f->chief, "2026-03-12T10:00:00");
	EXPECT_HAS(j.res.bytes.s, "ПОВТОРНО, напечатано 12.03.2026",
		   "Дата выдачи:                   05.03.2026");
	EXPECT_LACKS(j.res.bytes.s, "Дата выдачи:                   12.03.2026");
	EXPECT_HAS(j.res.bytes.s, "ПРОПУСК № AB 1002",
		   "г. Жаркент, Панфиловский район", "Посещение родственников",
		   "Китай", "начальник УМП ДП г. Алматы",
		   "Нурпеисов Асхат Каиржанович");
	/* The office chief who reprints it is not its signer. */
	EXPECT_LACKS(j.res.bytes.s, "Начальников Петр Сергеевич");
	/* Wrong document for the service. */
	j.r.doc = PD_INVITE;
	j.r.blank = "AB1003";
	assert_int_equal(print_as(&j, &f->chief, NULL), ST_CONFLICT);
}

static void
test_kazakh_letter_cp1251(void **state)
{
	struct fx *f = *state;
	json_t *over = json_pack("{s:s}", "surname", "ӘБДІҒАЛИЕВ");
	struct job j = job_for(f, accepted_case(f, "registration", over),
			       PD_RECEIPT, ENC_CP1251);

	json_decref(over);
	assert_int_equal(print_as(&j, &f->insp, NULL), ST_INVALID);
	assert_string_equal(j.e.field, "surname");
	EXPECT_HAS(j.e.msg, "Фамилия", "Ә", "CP1251");
	assert_int_equal(scalar(f->o.s, "SELECT count(*) FROM prints", 0), 0);
	/* RK1048 holds the Kazakh letters. */
	j.r.enc = ENC_RK1048;
	PRINT_OK(&j, &f->insp, NULL);
	/* --translit is an explicit choice (and this is now a reprint). */
	j.r.enc = ENC_CP1251;
	j.r.translit = 1;
	PRINT_OK(&j, &f->chief, NULL);
	{
		struct strbuf want = {0};
		struct err e = {0};

		/* І has a byte in CP1251 (Ukrainian) and stays. */
		OK(encode_convert("АБДІГАЛИЕВ", ENC_CP1251, 0, &want, &e), &e);
		assert_non_null(strstr(j.res.bytes.s, want.s));
		sb_free(&want);
	}
	print_result_free(&j.res);
}

static void
test_refusal(void **state)
{
	struct fx *f = *state;
	struct job j = job_for(f, accepted_case(f, "registration", NULL),
			       PD_REFUSAL, ENC_UTF8);

	assert_int_equal(print_as(&j, &f->insp, NULL), ST_CONFLICT);
	fire(f, &f->chief, j.id, EV_REFUSE, "no-owner-consent",
	     "Собственник квартиры не дал согласия на проживание");
	PRINT_OK(&j, &f->insp, "2026-03-10T09:30:00");
	/* The ground in words with the Standard's paragraph, never its
	 * code; addressed to the host who applied; the day of the refusal
	 * and the chief who refused. */
	EXPECT_LACKS(j.res.bytes.s, "no-owner-consent", "подпункт");
	EXPECT_HAS(j.res.bytes.s, "Отсутствует согласие",
		   "собственника жилья (пункт 10",
		   "Стандарта государственной услуги «Регистрация",
		   "постановлением Правительства", "не дал согласия",
		   "от 05.03.2026");
	EXPECT_LACKS(j.res.bytes.s, "10.03.2026");
	EXPECT_HAS(j.res.bytes.s, "Сериков Болат Канатович",
		   "Начальников Петр Сергеевич");
	j.r.doc = PD_REG_MARK;
	assert_int_equal(print_as(&j, &f->chief, NULL), ST_CONFLICT);
}

/* Who applied: the inviting party for an invitation (its refusal too,
 * decided by the regional head), the host for a registration unless the
 * form says the foreigner applied in person. */
static void
test_applicant(void **state)
{
	struct fx *f = *state;
	struct job j = job_for(f, accepted_case(f, "invitation", NULL),
			       PD_RECEIPT, ENC_UTF8);
	json_t *over;

	PRINT_OK(&j, &f->insp, NULL);
	EXPECT_HAS(j.res.bytes.s,
		   "Заявитель:                 Сериков Болат Канатович",
		   "Иностранец:                PETROV IVAN");
	fire(f, &f->head, j.id, EV_REFUSE, "incomplete", "Нет перевода паспорта");
	j.r.doc = PD_REFUSAL;
	PRINT_OK(&j, &f->insp, NULL);
	EXPECT_HAS(j.res.bytes.s, "Сериков Болат Канатович",
		   "«Оформление приглашений", "Нурпеисов Асхат Каиржанович",
		   "начальник УМП ДП г. Алматы");

	over = json_pack("{s:s}", "applicant", "foreigner");
	j.id = accepted_case(f, "registration", over);
	json_decref(over);
	j.r.doc = PD_RECEIPT;
	PRINT_OK(&j, &f->insp, NULL);
	EXPECT_HAS(j.res.bytes.s, "Заявитель:                 АХМЕДОВ РУСТАМ");
	EXPECT_LACKS(j.res.bytes.s, "Сериков");
	print_result_free(&j.res);
}

/* A registration the inspector completes on a clear check: its mark
 * carries the day of registration and who registered, not the day it is
 * printed. */
static void
test_registration_mark(void **state)
{
	struct fx *f = *state;
	struct job j = job_for(f, accepted_case(f, "registration", NULL),
			       PD_REG_MARK, ENC_UTF8);

	setenv("OKNO_NOW", "2026-03-06T09:00:00", 1);
	fire(f, &f->rec, j.id, EV_CHECK_CLEAR, NULL, NULL);
	PRINT_OK(&j, &f->insp, "2026-03-20T12:00:00");
	EXPECT_HAS(j.res.bytes.s, "от 05.03.2026", "старший инспектор",
		   "Иванов Иван Иванович");
	EXPECT_LACKS(j.res.bytes.s, "20.03.2026", "Спецучетова");
	print_result_free(&j.res);
}

/* Intake in the last days of a year whose next year's calendar is not
 * confirmed: accepted, its due date counted by the fixed holidays' rules
 * and marked provisional on the receipt. */
static void
test_due_provisional(void **state)
{
	struct fx *f = *state;
	json_t *over = json_pack("{s:s, s:s, s:s, s:s}", "stay_until",
				 "30.06.2028", "period_from", "20.01.2028",
				 "period_to", "20.02.2028", "application_date",
				 "27.12.2027");
	struct job j;

	setenv("OKNO_NOW", "2027-12-27T10:00:00", 1);
	j = job_for(f, accepted_case(f, "border-pass", over), PD_RECEIPT,
		    ENC_UTF8);
	json_decref(over);
	/* 28-31.12, 1-2.01 (Sat-Sun) moved to 3-4.01, 5 and 6.01, 7.01
	 * Christmas, 10.01. */
	assert_int_equal(scalar(f->o.s, "SELECT due_date = '2028-01-10' FROM "
				"cases WHERE id = ?", j.id), 1);
	PRINT_OK(&j, &f->insp, NULL);
	setenv("OKNO_NOW", NOW, 1);
	EXPECT_HAS(j.res.bytes.s, "10.01.2028", "срок предварительный");
	print_result_free(&j.res);
}

/* The written notice of a return at intake: to whoever applied (the host
 * of a registration), the documents missing one per line, the day of the
 * return and the inspector who returned them; not for an accepted case. */
static void
test_return_notice(void **state)
{
	struct fx *f = *state;
	struct case_act act = {.event = EV_RETURN,
			       .reason = "Согласие собственника жилья; Копия документа принимающей стороны"};
	struct case_new in = {0};
	struct errlist errs = {0};
	struct err e = {0};
	json_t *fields, *docs;
	long long id = 0;
	struct job j;

	fixture_case("registration", &fields, &docs);
	in.service = "registration";
	in.values = fields;
	in.identity_only = 1;
	if (case_create(f->o.s, &f->insp, f->o.forms, &in, &id, &errs) !=
	    ST_OK) {
		print_error("case_create: %s\n", errs.n ? errs.v[0].msg : "?");
		fail();
	}
	errlist_free(&errs);
	json_decref(fields);
	json_decref(docs);
	OK(case_fire(f->o.s, &f->insp, f->o.forms, id, &act, &e), &e);
	j = job_for(f, id, PD_RETURN, ENC_UTF8);
	PRINT_OK(&j, &f->insp, "2026-03-06T11:00:00");
	EXPECT_HAS(j.res.bytes.s, "УВЕДОМЛЕНИЕ № 1/2026",
		   "Заявитель:                 Сериков Болат Канатович",
		   "Иностранец:                АХМЕДОВ РУСТАМ",
		   "1. Согласие собственника жилья",
		   "2. Копия документа принимающей",
		   "Дата возврата:             05.03.2026",
		   "Иванов Иван Иванович");
	/* An accepted case has no return notice. */
	j.id = accepted_case(f, "registration", NULL);
	assert_int_equal(print_as(&j, &f->insp, NULL), ST_CONFLICT);
}

static void
test_allowed(void **state)
{
	(void)state;
	assert_int_equal(print_allowed("registration", "draft", 0, PD_RECEIPT,
				       NULL), ST_CONFLICT);
	assert_int_equal(print_allowed("registration", "checked", 0,
				       PD_RECEIPT, NULL), ST_OK);
	assert_int_equal(print_allowed("registration", "issued", 0,
				       PD_REG_MARK, NULL), ST_OK);
	assert_int_equal(print_allowed("registration", "handed_out", 0,
				       PD_INSERT, NULL), ST_OK);
	assert_int_equal(print_allowed("registration", "handed_out", 1,
				       PD_INSERT, NULL), ST_CONFLICT);
	assert_int_equal(print_allowed("registration", "handed_out", 1,
				       PD_REFUSAL, NULL), ST_OK);
	assert_int_equal(print_allowed("invitation", "issued", 0, PD_PASS,
				       NULL), ST_CONFLICT);
	assert_int_equal(print_allowed("invitation", "issued", 0, PD_INVITE,
				       NULL), ST_OK);
	assert_int_equal(print_allowed("border-pass", "accepted", 0, PD_PASS,
				       NULL), ST_CONFLICT);
}

static void
test_targets(void **state)
{
	struct fx *f = *state;
	struct err e = {0};
	char path[400], *got;
	size_t len;
	const char *old = getenv("PATH");
	char *saved = xstrdup(old ? old : "");

	snprintf(path, sizeof path, "%s/tty", f->o.dir);
	OK(print_to_file(path, "", 0, &e), &e); /* stands in for the tty */
	OK(print_to_terminal(path, "А\nБ\n", 6, &e), &e);
	got = fixture_read_file(path, &len);
	assert_non_null(got);
	assert_int_equal(len, 4 + 8 + 4);
	assert_memory_equal(got, "\033[5iА\r\nБ\r\n\033[4i", len);
	free(got);

	snprintf(path, sizeof path, "%s/out.txt", f->o.dir);
	OK(print_to_file(path, "abc", 3, &e), &e);
	{
		struct stat sb;

		assert_int_equal(stat(path, &sb), 0);
		assert_int_equal(sb.st_mode & 0777, 0600);
	}

	/* No CUPS: said plainly. */
	setenv("PATH", f->o.dir, 1);
	assert_int_equal(print_lp_available(), 0);
	assert_int_equal(print_to_lp("office", "x", 1, &e), ST_NOTFOUND);
	EXPECT_HAS(e.msg, "CUPS");
	/* A fake lp that keeps what it is given. */
	{
		char lp[400];
		FILE *fp;

		snprintf(lp, sizeof lp, "%s/lp", f->o.dir);
		fp = fopen(lp, "w");
		assert_non_null(fp);
		fprintf(fp, "#!/bin/sh\n[ \"$1 $2 $3 $4\" = \"-d office -o "
			    "raw\" ] || exit 3\ncat > \"%s/out.txt\"\n",
			f->o.dir);
		fclose(fp);
		chmod(lp, 0700);
		char pathenv[500];

		snprintf(pathenv, sizeof pathenv, "%s:/usr/bin:/bin", f->o.dir);
		setenv("PATH", pathenv, 1);
		OK(print_to_lp("office", "lp-text", 7, &e), &e);
		got = fixture_read_file(path, &len);
		assert_int_equal(len, 7);
		assert_memory_equal(got, "lp-text", 7);
		free(got);
		assert_int_equal(print_to_lp("-o", "x", 1, &e), ST_INVALID);
		remove(lp);
	}
	setenv("PATH", saved, 1);
	free(saved);
}

static void
test_blanks_report(void **state)
{
	struct fx *f = *state;
	struct job j = job_for(f, accepted_case(f, "border-pass", NULL),
			       PD_PASS, ENC_UTF8);
	struct blank_report rep;
	struct err e = {0};
	long added;
	char ser[BLANK_SERIES_MAX];
	long num;

	OK(blank_parse("ab-17", ser, &num, &e), &e);
	assert_string_equal(ser, "AB");
	assert_int_equal(num, 17);
	OK(blank_parse("ПБ 0042", ser, &num, &e), &e);
	assert_string_equal(ser, "ПБ");
	assert_int_equal(num, 42);
	assert_int_equal(blank_parse("AB", ser, &num, &e), ST_INVALID);
	assert_int_equal(blank_parse("ABCDE1", ser, &num, &e), ST_INVALID);

	fire(f, &f->rec, j.id, EV_CHECK_CLEAR, NULL, NULL);
	fire(f, &f->head, j.id, EV_ISSUE, NULL, NULL);
	OK(blank_add(f->o.s, &f->oper, "border-pass", "AB", 1001, 1010, &added,
		     &e), &e);
	OK(blank_add(f->o.s, &f->oper, "invitation", "ПР", 1, 3, &added, &e),
	   &e);
	j.r.blank = "AB1001";
	PRINT_OK(&j, &f->insp, NULL);
	print_result_free(&j.res);
	assert_int_equal(blank_spoil(f->o.s, &f->oper, "AB1002", "", &e),
			 ST_INVALID);
	OK(blank_spoil(f->o.s, &f->oper, "AB1002", "замят в принтере", &e), &e);
	assert_int_equal(blank_spoil(f->o.s, &f->oper, "AB1002", "еще раз", &e),
			 ST_CONFLICT);
	assert_int_equal(blank_spoil(f->o.s, &f->oper, "AB2000", "нет такого",
				     &e), ST_NOTFOUND);
	/* A spoiled blank carries nothing. */
	j.r.blank = "AB1002";
	assert_int_equal(print_as(&j, &f->chief, NULL), ST_CONFLICT);

	OK(blank_report(f->o.s, &f->oper, NULL, &rep, &e), &e);
	assert_string_equal(rep.date, "2026-03-05");
	assert_int_equal(rep.nrows, 2);
	assert_string_equal(rep.rows[0].kind, "border-pass");
	assert_int_equal(rep.rows[0].opening, 0);
	assert_int_equal(rep.rows[0].received, 10);
	assert_int_equal(rep.rows[0].used, 1);
	assert_int_equal(rep.rows[0].spoiled, 1);
	assert_int_equal(rep.rows[0].closing, 8);
	assert_string_equal(rep.rows[1].series, "ПР");
	assert_int_equal(rep.rows[1].closing, 3);
	assert_int_equal(rep.nspoiled, 1);
	assert_string_equal(rep.spoiled[0].label, "AB 1002");
	assert_string_equal(rep.spoiled[0].reason, "замят в принтере");
	blank_report_free(&rep);

	/* The next shift: the used pass AB 1001 jammed after all. */
	setenv("OKNO_NOW", "2026-03-06T09:00:00", 1);
	OK(blank_spoil(f->o.s, &f->oper, "AB1001", "испорчен при печати", &e),
	   &e);
	OK(blank_report(f->o.s, &f->oper, "06.03.2026", &rep, &e), &e);
	assert_int_equal(rep.rows[0].opening, 8);
	assert_int_equal(rep.rows[0].received, 0);
	assert_int_equal(rep.rows[0].used, 0);
	assert_int_equal(rep.rows[0].spoiled, 0);
	assert_int_equal(rep.rows[0].spoiled_later, 1);
	assert_int_equal(rep.rows[0].closing, 8);
	blank_report_free(&rep);
	/* The day before is unchanged in its balance. */
	OK(blank_report(f->o.s, &f->oper, "2026-03-05", &rep, &e), &e);
	assert_int_equal(rep.rows[0].closing, 8);
	blank_report_free(&rep);
	assert_int_equal(blank_report(f->o.s, &f->insp, NULL, &rep, &e),
			 ST_DENIED);
	setenv("OKNO_NOW", NOW, 1);
}

static void
test_value_display(void **state)
{
	struct fx *f = *state;
	const struct form *fm = formset_get(f->o.forms, "registration");
	static const struct {
		const char *field, *value, *shown;
	} rows[] = {
		{"sex", "f", "Женский"}, {"long_stay", "no", "нет"},
		{"birth_date", "1988-05-14", "14.05.1988"},
		{"citizenship", "UZB", "Узбекистан (UZB)"}, {"sex", "x", "x"},
	};
	char *s;
	size_t i;

	assert_non_null(fm);
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		CTX("%s = %s", rows[i].field, rows[i].value);
		s = form_value_display(fm, form_field(fm, rows[i].field),
				       rows[i].value);
		EXPECT_STR(s, rows[i].shown);
		free(s);
	}
	s = utf8_pad("Пол", 6);
	assert_string_equal(s, "Пол   ");
	free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) FIXTURE_TEST(fn, setup)
		T(test_receipt_golden_utf8),
		T(test_receipt_golden_cp1251),
		T(test_reprint),
		T(test_pass_on_blank),
		T(test_kazakh_letter_cp1251),
		T(test_refusal),
		T(test_applicant),
		T(test_registration_mark),
		T(test_due_provisional),
		T(test_return_notice),
		cmocka_unit_test(test_allowed),
		T(test_targets),
		T(test_blanks_report),
		T(test_value_display),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
