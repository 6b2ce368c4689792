/* SPDX-License-Identifier: MIT */
/* The reglaments' rules (forms/rules) through the real core calls on a
 * temporary database: the expression language; one test row per check of
 * the shipped rules (the error or warning, its message starting with the
 * field's label, nothing saved on an error or an unconfirmed warning, a
 * confirmed warning kept in the history, the journal line and the audit);
 * the computed fields; each regime boundary (an act the day before and the
 * day a rule comes into force); the portal's filing day and pilot limits;
 * the workflow paths of the reglaments' tables and their steps' terms.
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

static int
teardown(void **state)
{
	struct fx *f = *state;

	fixture_close(&f->o);
	free(f);
	setenv("OKNO_NOW", NOW, 1);
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

static json_t *
fixture_json(const char *svc, json_t **docs)
{
	char *path = xasprintf("tests/fixtures/cases/%s.json", svc);
	json_error_t je;
	json_t *j = json_load_file(path, 0, &je), *fields;

	if (!j) {
		char *rel = fixture_root_path(path);

		j = json_load_file(rel, 0, &je);
		free(rel);
	}
	assert_non_null(j);
	free(path);
	fields = json_deep_copy(json_object_get(j, "fields"));
	if (docs)
		*docs = json_deep_copy(json_object_get(j, "documents"));
	json_decref(j);
	return fields;
}

static long long
count_cases(struct fx *f)
{
	return fixture_scalar(f->o.s, "SELECT count(*) FROM cases");
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
	json_t *docs, *values = fixture_json(form ? form : svc, &docs), *o;
	json_error_t je;
	char doc[16];

	memset(t, 0, sizeof *t);
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
	values = fixture_json("registration", &docs);
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
		cmocka_unit_test(test_expressions),
		cmocka_unit_test(test_expression_errors),
		cmocka_unit_test_setup_teardown(test_load_errors, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_checks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_confirm_strict, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_history, setup, teardown),
		cmocka_unit_test_setup_teardown(test_computed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_regimes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_filing_day, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_portal_term_and_pilot,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_paths, setup, teardown),
		cmocka_unit_test_setup_teardown(test_steps, setup, teardown),
		cmocka_unit_test_setup_teardown(test_report_kaz, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
