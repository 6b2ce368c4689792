/* SPDX-License-Identifier: MIT */
/* Unit tests for core/records.c: matching through transliteration and the
 * edit distance (misspellings, swapped names, missing patronymics, day and
 * month swapped), the document number never missed among many records,
 * and the CSV import (quoting, delimiters, broken lines: nothing
 * imported, each line named).
 * Runs on both engines (engines: sqlite pg; scripts/run-tests.sh).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"

#include "records.h"
#include "store.h"
#include "util.h"

struct fx {
	struct fixture o;
	char csv[320];
	struct actor a;
	struct records_source src;
};

static void
write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static enum status
import(struct fx *f, const char *text, int replace, long *count,
       struct errlist *errs)
{
	write_file(f->csv, text);
	return records_import(f->o.s, &f->a, f->csv, "test", replace, count,
			      NULL, errs);
}

static const char base_csv[] =
	"kind,surname,given_names,patronymic,birth_date,citizenship,"
	"doc_number,note\r\n"
	"entry_ban,Ахмедов,Рустам,Ильич,12.05.1985,UZB,AA1234567,"
	"\"запрет до 2030 г., решение №5\"\r\n"
	"wanted,ИВАНОВ,СЕРГЕЙ,,1979-12-01,RUS,,\r\n"
	"violation,Нурсултанова,Айгерим,,03.04.1990,KAZ,N12345678,"
	"\"многострочное\nпримечание с \"\"кавычками\"\"\"\r\n"
	"violation,Ли,Вэй,,12.12.1979,CHN,E12345678,\r\n"
	"wanted,Петров,Пётр,Петрович,01.02.1970,,,\r\n";

static int
setup(void **state)
{
	static const struct fixture_spec spec = {.db = "r.db", .bare = 1};
	struct fx *f = xcalloc(1, sizeof *f);
	struct errlist errs = {0};
	long n;

	fixture_open(&f->o, "records", &spec);
	snprintf(f->csv, sizeof f->csv, "%s/in.csv", f->o.dir);
	f->a.id = 1; /* no account row is needed: audit has no foreign key */
	snprintf(f->a.login, sizeof f->a.login, "records");
	f->a.roles = ROLE_RECORDS;
	records_local_source(f->o.s, &f->src);
	if (import(f, base_csv, 0, &n, &errs) != ST_OK)
		fail_msg("import: %s", errs.n ? errs.v[0].msg : "?");
	assert_int_equal(n, 5);
	errlist_free(&errs);
	*state = f;
	return 0;
}

/* Run q; return the candidate for record id (or NULL); *n the count. */
static const struct records_cand *
find(struct fx *f, const struct records_query *q, long long id,
     struct records_cand **all, size_t *n)
{
	struct err e = {0};
	size_t i;

	if (records_match(&f->src, q, all, n, &e) != ST_OK)
		fail_msg("records_match: %s", e.msg);
	for (i = 0; i < *n; i++)
		if ((*all)[i].rec.id == id)
			return &(*all)[i];
	return NULL;
}

static void
expect_match(struct fx *f, const struct records_query *q, long long id,
	     const char *why)
{
	struct records_cand *all;
	const struct records_cand *c;
	size_t n;

	c = find(f, q, id, &all, &n);
	if (!c)
		fail_msg("%s %s: record %lld not found (%zu candidates)",
			 q->surname, q->given_names, id, n);
	if (why && !strstr(c->why, why))
		fail_msg("%s %s: «%s» lacks «%s»", q->surname, q->given_names,
			 c->why, why);
	records_cands_free(all, n);
}

static void
expect_none(struct fx *f, const struct records_query *q, long long id)
{
	struct records_cand *all;
	const struct records_cand *c;
	size_t n;

	c = find(f, q, id, &all, &n);
	if (c)
		fail_msg("%s %s: record %lld matched (%s)", q->surname,
			 q->given_names, id, c->why);
	records_cands_free(all, n);
}

static void
test_transliteration(void **state)
{
	struct fx *f = *state;
	struct records_query q = {.surname = "AKHMEDOV",
				  .given_names = "RUSTAM",
				  .birth_date = "1985-05-12"};

	expect_match(f, &q, 1, "фамилия совпадает (AKHMEDOV / Ахмедов)");
	expect_match(f, &q, 1, "дата рождения совпадает");
	q.surname = "AHMEDOV";
	expect_match(f, &q, 1, "транслитерации");
	q.surname = "Ахмедов";
	q.given_names = "Рустам";
	expect_match(f, &q, 1, "фамилия совпадает");
	/* Without the birth date: the name keys alone. */
	q.birth_date = NULL;
	q.surname = "AHMEDOV";
	q.given_names = "RUSTAM";
	expect_match(f, &q, 1, "дата рождения не указана в деле");
	q.surname = "IVANOV";
	q.given_names = "SERGEY";
	q.birth_date = "01.12.1979";
	expect_match(f, &q, 2, "имя совпадает с учётом транслитерации");
	q.surname = "NURSULTANOVA";
	q.given_names = "AIGERIM";
	q.birth_date = "1990-04-03";
	expect_match(f, &q, 3, "фамилия совпадает");
}

static void
test_misspellings(void **state)
{
	struct fx *f = *state;
	struct records_query q = {.surname = "AKHMETOV",
				  .given_names = "RUSTAM",
				  .birth_date = "1985-05-12"};
	struct records_cand *all;
	const struct records_cand *c;
	size_t n;

	expect_match(f, &q, 1, "фамилия похожа");
	q.surname = "AKHMEDOV";
	q.given_names = "RUSTEM";
	expect_match(f, &q, 1, "имя похожа");
	q.given_names = "RUSTAM";
	q.surname = "IVANOVA";
	q.birth_date = "1979-12-01";
	q.given_names = "SERGEI";
	expect_match(f, &q, 2, NULL);
	/* Day and month swapped, one digit wrong. */
	q.surname = "AKHMEDOV";
	q.given_names = "RUSTAM";
	q.birth_date = "1985-12-05";
	expect_match(f, &q, 1, "день и месяц рождения переставлены");
	q.birth_date = "1986-05-12";
	expect_match(f, &q, 1, "отличается одной цифрой");
	/* Clearly another person. */
	q.birth_date = "1985-05-12";
	q.surname = "SIDOROV";
	q.given_names = "PAVEL";
	expect_none(f, &q, 1);
	q.surname = "AKHMEDOV";
	q.given_names = "RUSTAM";
	q.birth_date = "1960-01-30";
	expect_none(f, &q, 1);
	/* The exact one scores higher than a misspelled one. */
	q.birth_date = "1985-05-12";
	q.patronymic = "ILICH";
	c = find(f, &q, 1, &all, &n);
	assert_non_null(c);
	assert_true(c->score >= 80);
	records_cands_free(all, n);
}

static void
test_swapped_and_patronymic(void **state)
{
	struct fx *f = *state;
	struct records_query q = {.surname = "RUSTAM",
				  .given_names = "AKHMEDOV"};

	expect_match(f, &q, 1, "фамилия и имя переставлены");
	q.birth_date = "12.05.1985";
	expect_match(f, &q, 1, "переставлены");
	/* The record has no patronymic, the case has one. */
	q.surname = "Иванов";
	q.given_names = "Сергей";
	q.patronymic = "Петрович";
	q.birth_date = "1979-12-01";
	expect_match(f, &q, 2, "отчество не указано в записи");
	/* The record has one, the case not. */
	q.surname = "PETROV";
	q.given_names = "PETR";
	q.patronymic = NULL;
	q.birth_date = "1970-02-01";
	expect_match(f, &q, 5, "отчество не указано в деле");
	q.patronymic = "PETROVICH";
	expect_match(f, &q, 5, "отчество совпадает");
	q.patronymic = "IVANOVICH";
	expect_match(f, &q, 5, "отчество не совпадает");
}

/* A miss of an exact document match is a bug: among thousands of
 * records, every document number is found whatever the names and dates
 * given with it. */
static void
test_doc_always_found(void **state)
{
	struct fx *f = *state;
	struct strbuf b = {0};
	struct errlist errs = {0};
	long n, i;
	char doc[32];

	sb_add(&b, "kind;surname;given_names;birth_date;doc_number\n");
	for (i = 0; i < 3000; i++)
		sb_printf(&b, "violation;Фамилия%s;Имя;%02ld.%02ld.19%02ld;KZ%07ld\n", i % 2 ? "ов" : "ев", 1 + i % 28,
			  1 + i % 12, 40 + i % 60, i);
	if (import(f, b.s, 0, &n, &errs) != ST_OK)
		fail_msg("import: %s", errs.n ? errs.v[0].msg : "?");
	assert_int_equal(n, 3000);
	for (i = 0; i < 3000; i += 7) {
		struct records_query q = {.surname = "ZZZ", .given_names = "Q",
					  .birth_date = "2001-01-01"};
		struct records_cand *all;
		size_t k;

		snprintf(doc, sizeof doc, "kz %07ld", i);
		q.doc_number = doc;
		find(f, &q, -1, &all, &k);
		if (k < 1 || !all[0].doc_match ||
		    strstr(all[0].why, "номер документа совпадает") == NULL)
			fail_msg("document %s not found first", doc);
		records_cands_free(all, k);
	}
	/* And the base record, with no name at all. */
	{
		struct records_query q = {.doc_number = "AA1234567"};

		expect_match(f, &q, 1, "номер документа совпадает");
	}
	errlist_free(&errs);
	sb_free(&b);
}

static void
test_csv_broken(void **state)
{
	struct fx *f = *state;
	struct errlist errs = {0};
	long n = -1;
	size_t i;
	int seen3 = 0, seen5 = 0, seen6 = 0, seen8 = 0;
	static const char bad[] =
		"kind,surname,given_names,birth_date,doc_number\n"
		"wanted,Новиков,Олег,01.01.1980,AB123\n"      /* 2: good */
		"wanted,Новиков,Олег,31.02.1980,AB124\n"      /* 3: date */
		"wanted,\"Новиков\nмногострочный\",Олег,01.01.1980,\n"
		"bogus,Новиков,Олег,01.01.1980,AB125\n"       /* 6: kind */
		"wanted,Новиков,Олег\n"                       /* 7: fields */
		"wanted,Новиков,Олег,01.01.1980,\"AB\"126\n"; /* 8: quote */
	long long before = fixture_scalar(f->o.s, "SELECT count(*) FROM records");

	assert_int_equal(import(f, bad, 0, &n, &errs), ST_INVALID);
	assert_int_equal(n, 0);
	assert_int_equal(fixture_scalar(f->o.s, "SELECT count(*) FROM records"), before);
	for (i = 0; i < errs.n; i++) {
		const char *m = errs.v[i].msg;

		if (strstr(m, "строка 3,") && strstr(m, "birth_date"))
			seen3 = 1;
		if (strstr(m, "строка 4,") && strstr(m, "surname"))
			seen5 = 1;
		if (strstr(m, "строка 6,") && strstr(m, "kind"))
			seen6 = 1;
		if (strstr(m, "строка 8:") && strstr(m, "кавычки"))
			seen8 = 1;
	}
	if (!seen3 || !seen5 || !seen6 || !seen8) {
		for (i = 0; i < errs.n; i++)
			print_error("  %s\n", errs.v[i].msg);
		fail_msg("errors not named by line (%d %d %d %d)", seen3,
			 seen5, seen6, seen8);
	}
	errlist_free(&errs);
	/* Header faults. */
	assert_int_equal(import(f, "kind,surname,colour\n", 0, &n, &errs),
			 ST_INVALID);
	assert_non_null(strstr(errs.v[0].msg, "неизвестный столбец «colour»"));
	errlist_free(&errs);
	assert_int_equal(import(f, "", 0, &n, &errs), ST_INVALID);
	errlist_free(&errs);
	assert_int_equal(import(f, "surname\nИванов\n", 0, &n, &errs),
			 ST_INVALID);
	errlist_free(&errs);
	assert_int_equal(import(f, "kind,surname\nwanted,\"Иванов\n", 0, &n,
				&errs), ST_INVALID);
	assert_non_null(strstr(errs.v[0].msg, "незакрытая кавычка"));
	errlist_free(&errs);
	assert_int_equal(fixture_scalar(f->o.s, "SELECT count(*) FROM records"), before);
}

static void
test_csv_forms(void **state)
{
	struct fx *f = *state;
	struct errlist errs = {0};
	long n;

	/* BOM, semicolons, Russian headers and kinds, CRLF, an empty line. */
	assert_int_equal(import(f, "\xEF\xBB\xBF" "Вид;Фамилия;Имя;Дата рождения;"
				   "Номер документа\r\n"
				   "запрет въезда;Смит;Джон;1970-01-01;"
				   "\"X 1\"\r\n\r\n"
				   "Розыск;O'Brien;Sean;;\r\n", 0, &n, &errs),
			 ST_OK);
	assert_int_equal(n, 2);
	{
		struct records_query q = {.surname = "SMIT",
					  .given_names = "DZHON",
					  .birth_date = "1970-01-01"};

		expect_match(f, &q, 6, "фамилия совпадает (SMIT / Смит)");
		q.surname = "SMITH";
		expect_match(f, &q, 6, "фамилия похожа");
	}
	/* Replace: the same source again. */
	assert_int_equal(import(f, "kind,surname\nwanted,Ким\n", 1, &n, &errs),
			 ST_OK);
	assert_int_equal(fixture_scalar(f->o.s, "SELECT count(*) FROM records"), 1);
	errlist_free(&errs);
}

static void
test_permissions(void **state)
{
	struct fx *f = *state;
	struct errlist errs = {0};
	long n;

	f->a.roles = ROLE_INSPECTOR;
	assert_int_equal(import(f, "kind,surname\nwanted,Ким\n", 0, &n, &errs),
			 ST_DENIED);
	f->a.roles = ROLE_RECORDS;
	errlist_free(&errs);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		FIXTURE_TEST(test_transliteration, setup),
		FIXTURE_TEST(test_misspellings, setup),
		FIXTURE_TEST(test_swapped_and_patronymic, setup),
		FIXTURE_TEST(test_doc_always_found, setup),
		FIXTURE_TEST(test_csv_broken, setup),
		FIXTURE_TEST(test_csv_forms, setup),
		FIXTURE_TEST(test_permissions, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
