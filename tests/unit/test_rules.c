/* SPDX-License-Identifier: MIT */
/* The reglaments' rules (forms/rules) through the real core calls on a
 * temporary database: the expression language; a broken rule file
 * refused at load; one test row per check of the shipped rules (the
 * error or warning, its message starting with the field's label, nothing
 * saved on an error or an unconfirmed warning, a confirmed warning kept
 * in the history, the journal line and the audit); the checks against
 * earlier cases; the computed fields. The rules over time and the
 * reglaments' workflow are test_rules_terms.c.
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

static long long
count_cases(struct fx *f)
{
	return fixture_scalar(f->o.s, "SELECT count(*) FROM cases");
}

static const struct err *
error_on(const struct try *t, const char *field)
{
	size_t i;

	for (i = 0; i < t->errs.n; i++)
		if (!strcmp(t->errs.v[i].field, field))
			return &t->errs.v[i];
	return NULL;
}

/* The error on field whose message holds text. */
static const struct err *
error_with(const struct try *t, const char *field, const char *text)
{
	size_t i;

	for (i = 0; i < t->errs.n; i++)
		if (!strcmp(t->errs.v[i].field, field) &&
		    strstr(t->errs.v[i].msg, text))
			return &t->errs.v[i];
	return NULL;
}

/* ---- the expression language -------------------------------------------- */

static int
no_names(void *u, enum rx_ref kind, const char *name, struct rx_val *out)
{
	(void)u;
	(void)kind;
	if (!strcmp(name, "empty")) {
		*out = rx_null();
		return 0;
	}
	if (!strcmp(name, "d")) {
		*out = rx_date((struct date){2026, 3, 20});
		return 0;
	}
	return -1;
}

static int
eval_truth(const char *text)
{
	struct rx_env env = {no_names, NULL, NULL};
	char msg[256];
	struct rx_node *n = rx_parse(text, msg, sizeof msg);
	struct rx_val v;
	int t;

	EXPECT(n != NULL, "parse «%s»: %s", text, msg);
	if (!n)
		return -2;
	EXPECT(rx_eval(n, &env, &v, msg, sizeof msg) == 0, "eval «%s»: %s",
	       text, msg);
	t = rx_truth(&v);
	rx_val_free(&v);
	rx_free(n);
	return t;
}

static void
test_expressions(void **state)
{
	static const struct {
		const char *text;
		int want; /* 1 true, 0 false, -1 unknown */
	} rows[] = {
		{"1 + 2 = 3", 1},
		{"2026-03-20 + 12 = 2026-04-01", 1},
		{"days(2026-03-18, 2026-03-20) = 2", 1},
		{"years(1988-05-14, 2026-05-13) = 37", 1},
		{"years(1988-05-14, 2026-05-14) = 38", 1},
		{"add_months(2026-01-31, 1) = 2026-02-28", 1},
		{"add_years(2024-02-29, 1) = 2025-02-28", 1},
		{"\"a\" in (\"b\", \"a\")", 1},
		{"4 in (4, 5, 6) and not 3 in (4, 5, 6)", 1},
		{"latin(\"O'BRIEN-SMITH\") and not latin(\"ПЕТРОВ\")", 1},
		{"iin_birth(\"921029350851\") = 1992-10-29", 1},
		{"iin_sex(\"921029350851\") = \"m\"", 1},
		{"bin_kind(\"050140001208\") = 4", 1},
		/* Three-valued: a value not filled is unknown... */
		{"empty = 1", -1},
		{"empty < d", -1},
		{"not (empty = 1)", -1},
		{"empty = 1 and 1 = 2", 0},
		{"empty = 1 or 1 = 1", 1},
		{"filled(empty)", 0},
		{"if(empty = 1, true, false)", -1},
		/* ...and so is a foreigner's IIN's birth date (7th digit 0). */
		{"filled(iin_birth(\"921029050851\"))", 0},
	};
	size_t i;

	(void)state;
	expect_soft = 1;
	expect_failures = 0;
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		int got;

		CTX("expression «%s»", rows[i].text);
		got = eval_truth(rows[i].text);
		EXPECT(got == rows[i].want, "got %d, expected %d", got,
		       rows[i].want);
	}
	assert_int_equal(expect_failures, 0);
	expect_soft = 0;
}

static void
test_expression_errors(void **state)
{
	static const struct {
		const char *text, *msg;
	} rows[] = {
		{"period_to <= ", "позиция 14: выражение оборвано"},
		{"add_days(d, 1", "позиция 14: ожидается «)» или «,»"},
		{"days(d)", "позиция 1: функция «days» принимает 2"},
		{"frobnicate(1)", "позиция 1: неизвестная функция «frobnicate»"},
		{"2026-02-30 = d", "неверная дата «2026-02-30»"},
		{"\"open", "строка в кавычках не закрыта"},
		{"a = 1 b", "лишний текст после выражения"},
		{"@ = 1", "после «@» ожидается имя"},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		char msg[256];
		struct rx_node *n;

		CTX("«%s»", rows[i].text);
		n = rx_parse(rows[i].text, msg, sizeof msg);
		EXPECT(n == NULL, "parsed");
		EXPECT(strstr(msg, rows[i].msg) != NULL, "message «%s»", msg);
		rx_free(n);
	}
	/* Deep nesting is refused, not a stack overflow. */
	{
		struct strbuf b = {0};
		char msg[256];

		for (i = 0; i < 5000; i++)
			sb_add(&b, "(");
		sb_add(&b, "1");
		CTX("deep nesting");
		EXPECT(rx_parse(b.s, msg, sizeof msg) == NULL, "parsed");
		EXPECT(strstr(msg, "вложенность") != NULL, "message «%s»", msg);
		sb_free(&b);
	}
}

/* A broken rule file is refused at load with file:line and what is
 * wrong, like a form file. */
static void
test_load_errors(void **state)
{
	static const struct {
		const char *text, *msg;
	} rows[] = {
		{"rule x.y\n  service registration\n  severity fatal\n",
		 "severity: error или warning"},
		{"rule x.y\n  service registration\n  severity error\n"
		 "  fields nosuch\n  require nosuch = 1\n  text.ru т\n"
		 "  text.kk т\n  source с\n",
		 "нет поля «nosuch» в форме «registration»"},
		{"rule x.y\n  service registration\n  severity error\n"
		 "  fields surname\n  require setting(\"no.such\", 1) = 1\n"
		 "  text.ru т\n  text.kk т\n  source с\n",
		 "неизвестная настройка «no.such»"},
		{"rule x.y\n  service registration\n  severity warning\n"
		 "  fields surname\n  require $late = 1\n  text.ru т\n"
		 "  text.kk т\n  source с\n",
		 "«$late» не определено"},
		{"rule x.y\n  service registration\n  severity error\n"
		 "  fields surname\n  require 1 = 1\n  text.ru т {nosuch}\n"
		 "  text.kk т\n  source с\n",
		 "нет поля «nosuch»"},
		{"rule x.y\n  service registration\n  severity error\n"
		 "  fields surname\n  require 1 = 1\n  text.ru т\n",
		 "в блоке «rule» нет строки «text.kk»"},
		{"step registration 1\n  unit.ru ГОРОВД\n  action.ru а\n"
		 "  result.ru р\n  term 1\n  starts filed\n  ends fly\n"
		 "  source с\n",
		 "неизвестное событие «fly»"},
		{"rule x.y\n  service registration\n  severity error\n"
		 "  fields surname\n  require 1 = 1\n  text.ru т\n  text.kk т\n"
		 "  source с\n  from 2026-07-01\n  to 2026-06-30\n",
		 "дата «from» позже «to»"},
	};
	struct fx *f = *state;
	char dir[300], path[340];
	size_t i;

	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct errlist errs = {0};
		struct ruleset *rs = NULL;
		FILE *fp;

		snprintf(dir, sizeof dir, "%s/r%zu", f->o.dir, i);
		assert_int_equal(mkdir(dir, 0700), 0);
		snprintf(path, sizeof path, "%s/bad.rules", dir);
		fp = fopen(path, "w");
		assert_non_null(fp);
		fputs(rows[i].text, fp);
		fclose(fp);
		CTX("bad rule %zu", i);
		EXPECT_ST(rules_load(dir, f->o.forms, &rs, &errs), ST_INVALID,
			  &(struct err){0});
		EXPECT(rs == NULL, "a broken set was returned");
		EXPECT(errs.n > 0 && strstr(errs.v[0].msg, "bad.rules:") &&
			       strstr(errs.v[0].msg, rows[i].msg),
		       "message «%s»", errs.n ? errs.v[0].msg : "");
		errlist_free(&errs);
		rules_free(rs);
	}
}

/* ---- one row per check ---------------------------------------------------- */

struct check_row {
	const char *svc, *form;
	const char *over;         /* the fields that break the rule */
	const char *rule;
	enum rule_severity sev;
	const char *field;        /* the field the message is attached to */
	const char *label;        /* the message starts with it */
	const char *text;         /* and holds this */
};

static const struct check_row checks[] = {
	/* Registration. */
	{"registration", NULL, "{\"doc_expiry\": \"01.03.2026\"}",
	 "doc.expired", RULE_ERROR, "doc_expiry", "Документ действителен до",
	 "срок действия документа истёк 01.03.2026"},
	{"registration", NULL, "{\"doc_expiry\": \"01.05.2026\"}",
	 "reg.period-passport", RULE_ERROR, "period_to",
	 "Срок регистрации: по", "позже окончания срока действия документа (01.05.2026)"},
	{"registration", NULL, "{\"visa_number\": \"V1234567\", "
	 "\"visa_category\": \"B10\", \"visa_expiry\": \"01.05.2026\"}",
	 "reg.period-visa", RULE_ERROR, "period_to", "Срок регистрации: по",
	 "позже окончания срока действия визы (01.05.2026)"},
	{"registration", NULL, "{\"period_to\": \"17.03.2026\"}",
	 "reg.period-order", RULE_ERROR, "period_to", "Срок регистрации: по",
	 "окончание срока регистрации (17.03.2026) раньше его начала (18.03.2026)"},
	{"registration", NULL, "{\"period_to\": \"19.03.2026\"}",
	 "reg.period-over", RULE_ERROR, "period_to", "Срок регистрации: по",
	 "срок регистрации окончился 19.03.2026"},
	{"registration", NULL, "{\"period_from\": \"17.03.2026\"}",
	 "reg.period-before-entry", RULE_ERROR, "period_from",
	 "Срок регистрации: с", "до въезда (18.03.2026)"},
	{"registration", NULL, "{\"entry_date\": \"25.03.2026\", "
	 "\"period_from\": \"25.03.2026\"}",
	 "reg.entry-future", RULE_ERROR, "entry_date", "Дата въезда",
	 "дата въезда 25.03.2026 ещё не наступила"},
	{"registration", NULL, "{\"birth_date\": \"01.01.2030\"}",
	 "person.birth-future", RULE_ERROR, "birth_date", "Дата рождения",
	 "дата рождения 01.01.2030 ещё не наступила"},
	{"registration", NULL, "{\"birth_date\": \"01.01.1850\"}",
	 "person.birth-age", RULE_ERROR, "birth_date", "Дата рождения",
	 "возраст 176 лет"},
	{"registration", NULL, "{\"doc_issued\": \"01.12.2031\"}",
	 "doc.issued-after-expiry", RULE_ERROR, "doc_issued",
	 "Дата выдачи документа", "не раньше окончания своего срока действия (20.11.2031)"},
	{"registration", NULL, "{\"doc_issued\": \"01.04.2026\"}",
	 "doc.issued-future", RULE_ERROR, "doc_issued",
	 "Дата выдачи документа", "дата выдачи 01.04.2026 ещё не наступила"},
	{"registration", NULL, "{\"doc_issued\": \"01.01.1985\"}",
	 "doc.issued-before-birth", RULE_ERROR, "doc_issued",
	 "Дата выдачи документа", "до даты рождения (14.05.1988)"},
	{"registration", NULL, "{\"citizenship\": \"KAZ\"}",
	 "person.citizenship-kaz", RULE_ERROR, "citizenship", "Гражданство",
	 "гражданин Республики Казахстан её не получает"},
	{"registration", NULL, "{\"iin\": \"921029350851\"}",
	 "iin.birth-date", RULE_ERROR, "iin", "ИИН (если присвоен)",
	 "в ИИН дата рождения 29.10.1992, в форме 14.05.1988"},
	{"registration", NULL, "{\"iin\": \"@F88\"}", /* filled in below */
	 "iin.sex", RULE_ERROR, "iin", "ИИН (если присвоен)",
	 "7-я цифра ИИН указывает другой пол"},
	{"registration", NULL, "{\"host_iin\": \"@H15\"}",
	 "reg.host-age", RULE_ERROR, "host_iin", "ИИН принимающей стороны",
	 "принимающей стороне по ИИН 11 лет"},
	{"registration", NULL, "{\"host_kind\": \"org\", \"host_bin\": "
	 "\"921029350851\", \"host_iin\": \"\", \"host_doc\": \"\"}",
	 "reg.host-bin", RULE_ERROR, "host_bin", "БИН принимающей организации",
	 "5-я цифра БИН — 2"},
	{"registration", NULL, "{\"period_to\": \"20.09.2026\"}",
	 "reg.visa-free-180", RULE_ERROR, "period_to", "Срок регистрации: по",
	 "не более 90 дней и продления на тот же срок (по 13.09.2026)"},
	{"registration", NULL, "{\"period_to\": \"01.07.2026\"}",
	 "reg.visa-free-90", RULE_WARNING, "period_to",
	 "Срок регистрации: по", "при безвизовом въезде регистрация до 90 дней с даты въезда (по 15.06.2026)"},
	{"registration", NULL, "{\"entry_date\": \"10.03.2026\", "
	 "\"period_from\": \"10.03.2026\", \"period_to\": \"01.06.2026\"}",
	 "reg.late", RULE_WARNING, "entry_date", "Дата въезда",
	 "регистрация позже 5 дней после въезда (10 дн.)"},
	/* Border-zone pass. */
	{"border-pass", NULL, "{\"period_to\": \"05.04.2026\"}",
	 "pass.period-order", RULE_ERROR, "period_to", "Срок пребывания: по",
	 "окончание срока пребывания (05.04.2026) раньше его начала (06.04.2026)"},
	{"border-pass", NULL, "{\"period_from\": \"01.03.2026\", "
	 "\"period_to\": \"10.03.2026\"}",
	 "pass.period-over", RULE_ERROR, "period_to", "Срок пребывания: по",
	 "срок пребывания в пограничной зоне окончился 10.03.2026"},
	{"border-pass", NULL, "{\"stay_until\": \"10.03.2026\"}",
	 "pass.stay-over", RULE_ERROR, "stay_until",
	 "Разрешенный срок пребывания в РК до", "окончился 10.03.2026"},
	{"border-pass", NULL, "{\"stay_until\": \"20.04.2026\"}",
	 "pass.period-stay", RULE_ERROR, "period_to", "Срок пребывания: по",
	 "позже окончания разрешенного срока пребывания в Республике Казахстан (20.04.2026)"},
	{"border-pass", NULL, "{\"doc_expiry\": \"20.04.2026\"}",
	 "pass.period-document", RULE_ERROR, "period_to",
	 "Срок пребывания: по", "позже окончания срока действия документа (20.04.2026)"},
	{"border-pass", NULL, "{\"period_to\": \"05.04.2031\", "
	 "\"stay_until\": \"01.01.2032\", \"doc_expiry\": \"01.01.2033\"}",
	 "pass.longest", RULE_ERROR, "period_to", "Срок пребывания: по",
	 "пропуск на 1826 дн., а выдается не более чем на 365"},
	{"border-pass", NULL, "{\"period_from\": \"25.03.2026\"}",
	 "pass.before-due", RULE_WARNING, "period_from",
	 "Срок пребывания: с", "пропуск будет готов не ранее 03.04.2026, а поездка начинается 25.03.2026"},
	{"border-pass", NULL, "{\"dest_region\": \"Карагандинская область\", \"dest_district\": \"Москва\"}",
	 "pass.destination", RULE_ERROR, "dest_region",
	 "Пункт назначения: область", "«Карагандинская область» нет в перечне областей с пограничной зоной"},
	{"border-pass", NULL, "{\"dest_district\": \"Москва\"}",
	 "pass.district", RULE_WARNING, "dest_district",
	 "Пункт назначения: район", "«Москва» нет в перечне районов пограничной зоны области «Жетысуская область»"},
	{"border-pass", "border-pass-org", "{\"org_bin\": \"921029350851\"}",
	 "pass.org-bin", RULE_ERROR, "org_bin", "БИН организации",
	 "5-я цифра БИН — 2"},
	/* Invitation. */
	{"invitation", NULL, "{\"period_from\": \"10.03.2026\", "
	 "\"period_to\": \"20.03.2026\"}",
	 "inv.trip-past", RULE_ERROR, "period_from",
	 "Предполагаемый срок пребывания: с", "поездка начинается 10.03.2026, в прошлом"},
	{"invitation", NULL, "{\"period_from\": \"01.05.2029\", "
	 "\"period_to\": \"30.05.2029\"}",
	 "inv.window-early", RULE_ERROR, "period_from",
	 "Предполагаемый срок пребывания: с", "не ранее чем за год до въезда (въезд не позднее 20.03.2027)"},
	{"invitation", NULL, "{\"period_from\": \"26.03.2026\"}",
	 "inv.window-late-2018", RULE_ERROR, "period_from",
	 "Предполагаемый срок пребывания: с", "не позднее чем за 5 рабочих дней до въезда (осталось 1)"},
	{"invitation", NULL, "{\"doc_expiry\": \"01.06.2026\"}",
	 "inv.passport-trip", RULE_ERROR, "doc_expiry", "Паспорт действителен до",
	 "паспорт действителен до 01.06.2026, раньше окончания поездки (30.06.2026)"},
	{"invitation", NULL, "{\"kinship\": \"acquaintance\"}",
	 "inv.kinship", RULE_ERROR, "kinship", "Степень родства с приглашающим",
	 "воссоединение семьи — только с родственником, а указано «Знакомый»"},
	{"invitation", NULL, "{\"surname\": \"ПЕТРОВ\"}",
	 "inv.latin-surname", RULE_ERROR, "surname", "Фамилия",
	 "латиницей, как в паспорте (введено «ПЕТРОВ»)"},
	{"invitation", NULL, "{\"given_names\": \"ИВАН\"}",
	 "inv.latin-given", RULE_ERROR, "given_names", "Имя",
	 "латиницей, как в паспорте (введено «ИВАН»)"},
	{"invitation", NULL, "{\"host_iin\": \"@H15\", \"host_birth_date\": "
	 "\"01.01.2015\"}",
	 "inv.host-age", RULE_ERROR, "host_birth_date",
	 "Дата рождения приглашающего", "приглашающему 11 лет"},
	{"invitation", NULL, "{\"citizenship\": \"KAZ\"}",
	 "person.citizenship-kaz", RULE_ERROR, "citizenship", "Гражданство",
	 "гражданин Республики Казахстан её не получает"},
};

/* "@F88": an IIN of a woman born 14.05.1988; "@H15": a man born
 * 01.01.2015. */
static char *
with_iins(const char *over)
{
	char f88[13], h15[13];
	struct strbuf b = {0};
	const char *p;

	make_iin("88051440001", f88);
	make_iin("15010150001", h15);
	for (p = over; *p; p++) {
		if (!strncmp(p, "@F88", 4)) {
			sb_add(&b, f88);
			p += 3;
		} else if (!strncmp(p, "@H15", 4)) {
			sb_add(&b, h15);
			p += 3;
		} else {
			sb_addc(&b, *p);
		}
	}
	return sb_take(&b);
}

static void
test_checks(void **state)
{
	struct fx *f = *state;
	size_t i;

	expect_soft = 1;
	expect_failures = 0;
	for (i = 0; i < sizeof checks / sizeof checks[0]; i++) {
		const struct check_row *r = &checks[i];
		char *over = with_iins(r->over);
		const struct rule_finding *fd;
		const struct err *err;
		long long before = count_cases(f);
		struct try t;

		CTX("%s: %s", r->rule, over);
		try_create(f, r->svc, r->form, over, NULL, &t);
		EXPECT(t.st == ST_INVALID, "created: %s", status_text(t.st));
		EXPECT(count_cases(f) == before, "something was saved");
		fd = finding(&t, r->rule);
		EXPECT(fd != NULL, "the rule did not fire (%zu findings, first "
		       "error [%s] %s)", t.found.n,
		       t.errs.n ? t.errs.v[0].field : "",
		       t.errs.n ? t.errs.v[0].msg : "");
		if (fd) {
			EXPECT(fd->severity == r->sev, "severity %s",
			       rule_severity_ru(fd->severity));
			EXPECT_STR(fd->field, r->field);
		}
		err = error_with(&t, r->field, r->text);
		EXPECT(err != NULL, "no error on field %s holding «%s» "
		       "(first: %s)", r->field, r->text,
		       error_on(&t, r->field) ? error_on(&t, r->field)->msg
					      : "none");
		if (err)
			EXPECT(str_starts(err->msg, r->label) &&
				       err->msg[strlen(r->label)] == ':',
			       "message «%s» does not start with «%s:»",
			       err->msg, r->label);
		try_free(&t);
		/* A warning confirmed is accepted, the confirmation kept. */
		if (r->sev == RULE_WARNING) {
			char conf[96];

			snprintf(conf, sizeof conf, "[\"%s\"]", r->rule);
			try_create(f, r->svc, r->form, over, conf, &t);
			EXPECT(t.st == ST_OK, "confirmed: %s [%s] %s",
			       status_text(t.st),
			       t.errs.n ? t.errs.v[0].field : "",
			       t.errs.n ? t.errs.v[0].msg : "");
			if (t.st == ST_OK) {
				char sql[200];

				snprintf(sql, sizeof sql, "SELECT count(*) FROM "
					 "case_events WHERE case_id = %lld AND "
					 "data LIKE '%%\"%s\"%%'", t.id, r->rule);
				EXPECT(fixture_scalar(f->o.s, sql) == 1,
				       "confirmation not in the history");
			}
			try_free(&t);
		}
		free(over);
	}
	assert_int_equal(expect_failures, 0);
	expect_soft = 0;
}

/* A confirmation must name a warning the case has; an error cannot be
 * confirmed. */
static void
test_confirm_strict(void **state)
{
	struct fx *f = *state;
	struct try t;

	CTX("confirming a warning that is not there");
	try_create(f, "registration", NULL, NULL, "[\"reg.late\"]", &t);
	EXPECT_ST(t.st, ST_INVALID, t.errs.n ? &t.errs.v[0]
					      : &(struct err){0});
	EXPECT(error_on(&t, "confirm") &&
		       strstr(error_on(&t, "confirm")->msg, "reg.late"),
	       "no message naming the confirmation");
	try_free(&t);
	CTX("confirming an error");
	try_create(f, "registration", NULL, "{\"citizenship\": \"KAZ\"}",
		   "[\"person.citizenship-kaz\"]", &t);
	EXPECT(t.st == ST_INVALID, "an error was confirmed");
	try_free(&t);
}

/* The same passport: another registration in force is a warning naming
 * that case; an invitation for a person registered as present too; the
 * confirmation goes into the accept's journal line and the audit. */
static void
test_history(void **state)
{
	struct fx *f = *state;
	struct case_act act = {.event = EV_ACCEPT};
	struct err e = {0};
	struct try t;
	long long first;

	try_create(f, "registration", NULL, "{\"doc_number\": \"FA1111111\"}",
		   NULL, &t);
	OK(t.st, &e);
	first = t.id;
	try_free(&t);
	/* A draft is not in force yet. */
	CTX("a draft of the same passport");
	try_create(f, "registration", NULL, "{\"doc_number\": \"FA1111111\"}",
		   NULL, &t);
	EXPECT(t.st == ST_OK, "a draft counted as in force");
	try_free(&t);
	fire_ok(f, &f->insp, first, EV_ACCEPT, NULL, NULL);

	CTX("registration, same passport");
	try_create(f, "registration", NULL, "{\"doc_number\": \"FA1111111\"}",
		   NULL, &t);
	EXPECT(t.st == ST_INVALID, "second registration accepted");
	EXPECT(finding(&t, "reg.duplicate") &&
		       strstr(finding(&t, "reg.duplicate")->msg,
			      "дело № 1/2026 (Медеуский РУП, срок по 15.06.2026)"),
	       "the warning does not name the case");
	try_free(&t);
	try_create(f, "registration", NULL, "{\"doc_number\": \"FA1111111\"}",
		   "[\"reg.duplicate\"]", &t);
	OK(t.st, &e);
	act.event = EV_ACCEPT;
	OK(case_fire(f->o.s, &f->insp, f->o.forms, t.id, &act, &e), &e);
	{
		char sql[200], *content = NULL;
		json_t *line;
		json_error_t je;

		OK(db_text(f->o.s, &e, &content, "", "SELECT content FROM "
			   "journal WHERE case_id = ? AND kind = 'accept'",
			   DB_INT(t.id)), &e);
		line = json_loads(content, 0, &je);
		EXPECT_STR(json_string_value(json_object_get(
				   json_array_get(json_object_get(line,
								  "confirmed"),
						  0),
				   "rule")),
			   "reg.duplicate");
		json_decref(line);
		free(content);
		snprintf(sql, sizeof sql, "SELECT count(*) FROM audit WHERE "
			 "object = 'case:%lld' AND detail = 'accept; "
			 "подтверждено: reg.duplicate'", t.id);
		EXPECT(fixture_scalar(f->o.s, sql) == 1,
		       "the audit line lacks the confirmation");
	}
	try_free(&t);

	CTX("invitation of a person registered as present");
	try_create(f, "invitation", NULL, "{\"doc_number\": \"FA1111111\"}",
		   NULL, &t);
	EXPECT(t.st == ST_INVALID && finding(&t, "inv.registered") &&
		       finding(&t, "inv.registered")->severity == RULE_WARNING,
	       "no warning");
	try_free(&t);

	/* A refused registration is not in force. */
	CTX("after a refusal");
	fire_ok(f, &f->rec, first, EV_CHECK_HIT, "запрет въезда", NULL);
	fire_ok(f, &f->chief, first, EV_REFUSE, "запрет въезда", "records-hit");
	try_create(f, "invitation", NULL, "{\"doc_number\": \"FA1111111\"}",
		   NULL, &t);
	EXPECT(finding(&t, "inv.registered") && strstr(finding(&t,
	       "inv.registered")->msg, "дело № 2/2026"),
	       "the refused case was named, or the other one was not");
	try_free(&t);
}

/* long_stay from the dates (the checklist follows), under_16 from the
 * dates of birth and entry (no migration card needed). */
static void
test_computed(void **state)
{
	struct fx *f = *state;
	struct case_act act = {.event = EV_ACCEPT};
	struct case_rec r;
	struct err e = {0};
	struct try t;

	CTX("a 288-day stay typed as not over 6 months");
	try_create(f, "registration", NULL, "{\"long_stay\": \"нет\", \"period_to\": \"31.12.2026\", \"visa_number\": \"V1\", \"visa_category\": \"B10\", \"visa_expiry\": \"31.12.2026\"}", NULL, &t);
	OK(t.st, t.errs.n ? &t.errs.v[0] : &e);
	OK(case_get(f->o.s, &f->insp, t.id, &r, &e), &e);
	EXPECT_STR(json_string_value(json_object_get(r.data, "long_stay")),
		   "yes");
	case_rec_free(&r);
	EXPECT_ST(case_fire(f->o.s, &f->insp, f->o.forms, t.id, &act, &e),
		  ST_INVALID, &e);
	EXPECT(strstr(e.msg, "Адресные листки прибытия") != NULL,
	       "the over-6-months documents not asked: %s", e.msg);
	try_free(&t);

	CTX("a child of 10: no migration card");
	try_create(f, "registration", NULL, "{\"birth_date\": \"01.01.2016\", "
		   "\"migration_card\": \"\"}", NULL, &t);
	OK(t.st, t.errs.n ? &t.errs.v[0] : &e);
	{
		struct case_act acc = {.event = EV_ACCEPT};
		json_t *docs;

		OK(case_get(f->o.s, &f->insp, t.id, &r, &e), &e);
		EXPECT_STR(json_string_value(json_object_get(r.data,
							     "under_16")),
			   "yes");
		case_rec_free(&r);
		/* Accepted without the card among the documents. */
		docs = json_pack("[ssss]", "id_document", "application",
				 "host_id", "host_dwelling");
		OK(db_script(f->o.s, "UPDATE cases SET checklist = "
			      "'[\"id_document\",\"application\",\"host_id\","
			      "\"host_dwelling\"]' WHERE id = (SELECT max(id) "
			      "FROM cases)", &e), &e);
		json_decref(docs);
		OK(case_fire(f->o.s, &f->insp, f->o.forms, t.id, &acc, &e),
		   &e);
	}
	try_free(&t);

	CTX("an adult without a migration card");
	try_create(f, "registration", NULL, "{\"migration_card\": \"\"}",
		   NULL, &t);
	EXPECT(t.st == ST_INVALID && error_on(&t, "migration_card") &&
		       strstr(error_on(&t, "migration_card")->msg,
			      "Номер миграционной карточки: не заполнено"),
	       "the card not required from 16");
	try_free(&t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_expressions),
		cmocka_unit_test(test_expression_errors),
		FIXTURE_TEST(test_load_errors, setup),
		FIXTURE_TEST(test_checks, setup),
		FIXTURE_TEST(test_confirm_strict, setup),
		FIXTURE_TEST(test_history, setup),
		FIXTURE_TEST(test_computed, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
