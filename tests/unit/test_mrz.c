/* SPDX-License-Identifier: MIT */
/* Unit tests for core/mrz.c: the ICAO 9303 specimens of every layout and
 * German national specimens parse to the right fields; each with one check
 * digit broken is refused naming the field; keyboard-wedge input (lower
 * case, Russian layout, CR LF, no line breaks) is read; form mapping. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#include "clock.h"
#include "mrz.h"
#include "util.h"

/* ICAO 9303 part 4 (TD3 passport). */
static const char td3_l1[] = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<";
static const char td3_l2[] = "L898902C36UTO7408122F1204159ZE184226B<<<<<10";
/* ICAO 9303 part 5 (TD1 identity card). */
static const char td1_l1[] = "I<UTOD231458907<<<<<<<<<<<<<<<";
static const char td1_l2[] = "7408122F1204159UTO<<<<<<<<<<<6";
static const char td1_l3[] = "ERIKSSON<<ANNA<MARIA<<<<<<<<<<";
/* ICAO 9303 part 6 (TD2). */
static const char td2_l1[] = "I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<";
static const char td2_l2[] = "D231458907UTO7408122F1204159<<<<<<<6";
/* ICAO 9303 part 7 (visas). */
static const char mrva_l1[] = "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<";
static const char mrva_l2[] = "L8988901C4XXX4009078F96121096ZE184226B<<<<<<";
static const char mrvb_l1[] = "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<";
static const char mrvb_l2[] = "L8988901C4XXX4009078F9612109<<<<<<<<";
/* German specimens (Erika Mustermann): passport with "D" for Germany and
 * an empty personal number ('<' check digit), identity card. */
static const char de_p_l1[] = "P<D<<MUSTERMANN<<ERIKA<<<<<<<<<<<<<<<<<<<<<<";
static const char de_p_l2[] = "C01X00T478D<<6408125F2702283<<<<<<<<<<<<<<<4";
static const char de_id_l1[] = "IDD<<T220001293<<<<<<<<<<<<<<<";
static const char de_id_l2[] = "6408125<2010315D<<<<<<<<<<<<<4";
static const char de_id_l3[] = "MUSTERMANN<<ERIKA<<<<<<<<<<<<<";

static void
setup_clock(void)
{
	setenv("OKNO_NOW", "2026-03-20T10:00:00", 1);
	clock_set_training(1); /* as with a training database open */
}

static char *
join(const char *a, const char *b, const char *c)
{
	return c ? xasprintf("%s\n%s\n%s\n", a, b, c)
		 : xasprintf("%s\n%s\n", a, b);
}

static void
parse_ok(const char *text, struct mrz *m)
{
	struct err e = {0};

	if (mrz_parse(text, m, &e) != ST_OK)
		fail_msg("refused: [%s] %s\n%s", e.field, e.msg, text);
}

static void
assert_date(struct date d, int y, int mo, int da)
{
	if (d.y != y || d.m != mo || d.d != da)
		fail_msg("date %04d-%02d-%02d, expected %04d-%02d-%02d", d.y,
			 d.m, d.d, y, mo, da);
}

static void
test_check_digit(void **state)
{
	assert_int_equal(mrz_check_digit("L898902C3", 9), 6);
	assert_int_equal(mrz_check_digit("740812", 6), 2);
	assert_int_equal(mrz_check_digit("120415", 6), 9);
	assert_int_equal(mrz_check_digit("<<<<<<", 6), 0);
	assert_int_equal(mrz_check_digit("a", 1), -1);
}

static void
test_td3(void **state)
{
	char *t = join(td3_l1, td3_l2, NULL);
	struct mrz m;

	parse_ok(t, &m);
	assert_int_equal(m.format, MRZ_TD3);
	assert_string_equal(m.doc_code, "P");
	assert_string_equal(m.issuer, "UTO");
	assert_string_equal(m.surname, "ERIKSSON");
	assert_string_equal(m.given_names, "ANNA MARIA");
	assert_false(m.name_truncated);
	assert_string_equal(m.doc_number, "L898902C3");
	assert_string_equal(m.nationality, "UTO");
	assert_non_null(m.nationality_ru);
	assert_int_equal(m.birth_known, 2);
	assert_date(m.birth, 1974, 8, 12);
	assert_int_equal(m.sex, 'F');
	assert_date(m.expiry, 2012, 4, 15);
	assert_string_equal(m.optional1, "ZE184226B");
	assert_false(m.layout_fixed);
	assert_string_equal(mrz_kind_ru(&m), "паспорт");
	free(t);
}

static void
test_td1(void **state)
{
	char *t = join(td1_l1, td1_l2, td1_l3);
	struct mrz m;

	parse_ok(t, &m);
	assert_int_equal(m.format, MRZ_TD1);
	assert_string_equal(m.doc_code, "I");
	assert_string_equal(m.doc_number, "D23145890");
	assert_string_equal(m.surname, "ERIKSSON");
	assert_string_equal(m.given_names, "ANNA MARIA");
	assert_date(m.birth, 1974, 8, 12);
	assert_date(m.expiry, 2012, 4, 15);
	assert_string_equal(m.nationality, "UTO");
	assert_int_equal(m.sex, 'F');
	free(t);
}

static void
test_td2(void **state)
{
	char *t = join(td2_l1, td2_l2, NULL);
	struct mrz m;

	parse_ok(t, &m);
	assert_int_equal(m.format, MRZ_TD2);
	assert_string_equal(m.doc_number, "D23145890");
	assert_string_equal(m.given_names, "ANNA MARIA");
	assert_date(m.birth, 1974, 8, 12);
	assert_date(m.expiry, 2012, 4, 15);
	free(t);
}

static void
test_visas(void **state)
{
	char *t = join(mrva_l1, mrva_l2, NULL);
	struct mrz m;

	parse_ok(t, &m);
	assert_int_equal(m.format, MRZ_MRVA);
	assert_string_equal(m.doc_number, "L8988901C");
	assert_string_equal(m.nationality, "XXX");
	assert_date(m.birth, 1940, 9, 7);
	/* 2096 would be 70 years ahead: an old specimen, 1996. */
	assert_date(m.expiry, 1996, 12, 10);
	assert_string_equal(m.optional1, "6ZE184226B");
	assert_string_equal(mrz_kind_ru(&m), "виза");
	free(t);
	t = join(mrvb_l1, mrvb_l2, NULL);
	parse_ok(t, &m);
	assert_int_equal(m.format, MRZ_MRVB);
	assert_string_equal(m.surname, "ERIKSSON");
	assert_string_equal(m.doc_number, "L8988901C");
	assert_date(m.expiry, 1996, 12, 10);
	free(t);
}

static void
test_german(void **state)
{
	char *t = join(de_p_l1, de_p_l2, NULL);
	struct mrz m;
	json_t *o;

	parse_ok(t, &m);
	assert_string_equal(m.issuer, "DEU");
	assert_string_equal(m.nationality, "DEU");
	assert_string_equal(m.surname, "MUSTERMANN");
	assert_string_equal(m.given_names, "ERIKA");
	assert_string_equal(m.doc_number, "C01X00T47");
	assert_date(m.birth, 1964, 8, 12);
	assert_date(m.expiry, 2027, 2, 28);
	assert_string_equal(m.optional1, "");
	o = mrz_form_values(&m);
	assert_string_equal(json_string_value(json_object_get(o, "citizenship")),
			    "DEU");
	assert_string_equal(json_string_value(json_object_get(o, "birth_date")),
			    "12.08.1964");
	assert_string_equal(json_string_value(json_object_get(o, "doc_expiry")),
			    "28.02.2027");
	assert_string_equal(json_string_value(json_object_get(o, "sex")), "f");
	assert_string_equal(json_string_value(json_object_get(o, "doc_type")),
			    "passport");
	json_decref(o);
	free(t);
	t = join(de_id_l1, de_id_l2, de_id_l3);
	parse_ok(t, &m);
	assert_string_equal(m.doc_code, "ID");
	assert_string_equal(m.doc_number, "T22000129");
	assert_int_equal(m.sex, '<');
	assert_date(m.expiry, 2020, 10, 31);
	o = mrz_form_values(&m);
	assert_null(json_object_get(o, "sex"));
	assert_null(json_object_get(o, "doc_type"));
	json_decref(o);
	free(t);
}

/* Break one character of a line and expect the field named. */
static void
expect_broken(const char *l1, const char *l2, const char *l3, int line,
	      size_t pos, const char *field, const char *label)
{
	char a[64], b[64], c[64];
	char *t, *which;
	struct err e = {0};
	struct mrz m;

	snprintf(a, sizeof a, "%s", l1);
	snprintf(b, sizeof b, "%s", l2);
	snprintf(c, sizeof c, "%s", l3 ? l3 : "");
	which = line == 1 ? a : line == 2 ? b : c;
	which[pos] = which[pos] == '9' ? '0' : which[pos] == '<' ? '1'
					     : (char)(which[pos] + 1);
	if (which[pos] == ':')
		which[pos] = '0';
	t = join(a, b, l3 ? c : NULL);
	if (mrz_parse(t, &m, &e) != ST_INVALID)
		fail_msg("accepted a broken %s:\n%s", field, t);
	if (strcmp(e.field, field) != 0 || !strstr(e.msg, label))
		fail_msg("broken %s: got [%s] %s", field, e.field, e.msg);
	assert_string_equal(m.doc_number, ""); /* nothing returned */
	free(t);
}

static void
test_broken_digits(void **state)
{
	const char *bad = "неверная контрольная цифра";

	/* TD3: each check digit, and a digit inside each field. */
	expect_broken(td3_l1, td3_l2, NULL, 2, 9, "doc_number", bad);
	expect_broken(td3_l1, td3_l2, NULL, 2, 3, "doc_number",
		      "Номер документа");
	expect_broken(td3_l1, td3_l2, NULL, 2, 19, "birth_date", bad);
	expect_broken(td3_l1, td3_l2, NULL, 2, 19, "birth_date",
		      "Дата рождения");
	expect_broken(td3_l1, td3_l2, NULL, 2, 27, "doc_expiry",
		      "Срок действия");
	expect_broken(td3_l1, td3_l2, NULL, 2, 42, "optional_data",
		      "Личный номер");
	expect_broken(td3_l1, td3_l2, NULL, 2, 43, "composite",
		      "Общая контрольная цифра");
	/* TD1 */
	expect_broken(td1_l1, td1_l2, td1_l3, 1, 14, "doc_number", bad);
	expect_broken(td1_l1, td1_l2, td1_l3, 2, 6, "birth_date", bad);
	expect_broken(td1_l1, td1_l2, td1_l3, 2, 14, "doc_expiry", bad);
	expect_broken(td1_l1, td1_l2, td1_l3, 2, 29, "composite", bad);
	/* Optional data of TD1 is covered only by the composite digit. */
	expect_broken(td1_l1, td1_l2, td1_l3, 1, 20, "composite", bad);
	/* TD2 */
	expect_broken(td2_l1, td2_l2, NULL, 2, 9, "doc_number", bad);
	expect_broken(td2_l1, td2_l2, NULL, 2, 19, "birth_date", bad);
	expect_broken(td2_l1, td2_l2, NULL, 2, 27, "doc_expiry", bad);
	expect_broken(td2_l1, td2_l2, NULL, 2, 35, "composite", bad);
	/* Visas: no composite digit. */
	expect_broken(mrva_l1, mrva_l2, NULL, 2, 9, "doc_number", bad);
	expect_broken(mrva_l1, mrva_l2, NULL, 2, 19, "birth_date", bad);
	expect_broken(mrva_l1, mrva_l2, NULL, 2, 27, "doc_expiry", bad);
	expect_broken(mrvb_l1, mrvb_l2, NULL, 2, 9, "doc_number", bad);
	expect_broken(mrvb_l1, mrvb_l2, NULL, 2, 19, "birth_date", bad);
	expect_broken(mrvb_l1, mrvb_l2, NULL, 2, 27, "doc_expiry", bad);
	/* German specimens. */
	expect_broken(de_p_l1, de_p_l2, NULL, 2, 9, "doc_number", bad);
	expect_broken(de_p_l1, de_p_l2, NULL, 2, 43, "composite", bad);
	expect_broken(de_id_l1, de_id_l2, de_id_l3, 1, 14, "doc_number", bad);
	expect_broken(de_id_l1, de_id_l2, de_id_l3, 2, 6, "birth_date", bad);
}

static void
test_message(void **state)
{
	char *t = xasprintf("%s\n%s", td3_l1,
			    "L898902C37UTO7408122F1204159ZE184226B<<<<<10");
	struct err e = {0};
	struct mrz m;

	assert_int_equal(mrz_parse(t, &m, &e), ST_INVALID);
	assert_string_equal(e.msg, "Номер документа: неверная контрольная цифра (в зоне 7, должна быть 6)");
	free(t);
}

static void
test_wedge_input(void **state)
{
	struct mrz m;
	char *t, *lower, *p;

	/* CR LF, blanks around lines, trailing blank lines. */
	t = xasprintf("  \r\n%s \r\n\t%s\r\n\r\n", td3_l1, td3_l2);
	parse_ok(t, &m);
	assert_string_equal(m.doc_number, "L898902C3");
	free(t);
	/* No line break at all. */
	t = xasprintf("%s%s", td3_l1, td3_l2);
	parse_ok(t, &m);
	assert_string_equal(m.surname, "ERIKSSON");
	free(t);
	t = xasprintf("%s%s%s", td1_l1, td1_l2, td1_l3);
	parse_ok(t, &m);
	assert_int_equal(m.format, MRZ_TD1);
	free(t);
	/* Caps Lock on. */
	lower = join(td3_l1, td3_l2, NULL);
	for (p = lower; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	parse_ok(lower, &m);
	assert_string_equal(m.given_names, "ANNA MARIA");
	free(lower);
	/* The Russian layout was on: P<UTOERIKSSON<<ANNA... typed as Cyrillic. */
	t = xasprintf("ЗБГЕЩУКШЛЫЫЩТББФТТФБЬФКШФБББББББББББББББББББ\n"
		      "Д898902С36ГЕЩ7408122А1204159ЯУ184226ИБББББ10\n");
	parse_ok(t, &m);
	assert_true(m.layout_fixed);
	assert_string_equal(m.surname, "ERIKSSON");
	assert_string_equal(m.doc_number, "L898902C3");
	free(t);
}

static void
test_refusals(void **state)
{
	struct err e = {0};
	struct mrz m;
	char *t;

	assert_int_equal(mrz_parse("", &m, &e), ST_INVALID);
	assert_string_equal(e.field, "mrz");
	t = xasprintf("%s\n%.43s\n", td3_l1, td3_l2);
	assert_int_equal(mrz_parse(t, &m, &e), ST_INVALID);
	assert_non_null(strstr(e.msg, "знаков: 44, 43"));
	free(t);
	t = xasprintf("%s\nL898902C36UTO74081 2F1204159ZE184226B<<<<<10\n",
		      td3_l1);
	assert_int_equal(mrz_parse(t, &m, &e), ST_INVALID);
	assert_non_null(strstr(e.msg, "строка 2, знак 19: пробел"));
	free(t);
	t = xasprintf("%s\nL898902C36UTO7408122F1204159ZE184226B<<<<<1«\n",
		      td3_l1);
	assert_int_equal(mrz_parse(t, &m, &e), ST_INVALID);
	assert_non_null(strstr(e.msg, "недопустимый символ ««»"));
	free(t);
	/* 31 February. */
	t = xasprintf("%s\nL898902C36UTO7402311F1204159ZE184226B<<<<<10\n",
		      td3_l1);
	assert_int_equal(mrz_parse(t, &m, &e), ST_INVALID);
	free(t);
	/* Lines swapped. */
	t = join(td3_l2, td3_l1, NULL);
	assert_int_equal(mrz_parse(t, &m, &e), ST_INVALID);
	free(t);
}

/* A Kazakh passport made up for the test (check digits computed): the
 * stateless and refugee codes, a truncated long name, a child born this
 * century, a long TD1 document number. */
static void
test_special(void **state)
{
	struct mrz m;
	char l2[64], *t;
	const char *codes[] = {"XXA", "XXB", "XXC", "XXX", "UTO", "KAZ", "D<<"};
	const char *want[] = {"XXA", "XXB", "XXC", "XXX", "UTO", "KAZ", "DEU"};
	size_t i;

	for (i = 0; i < sizeof codes / sizeof codes[0]; i++) {
		char body[40];

		snprintf(body, sizeof body, "N123456780%s1503017M3105209",
			 codes[i]);
		snprintf(l2, sizeof l2, "%.28s<<<<<<<<<<<<<<<", body);
		l2[44] = '\0';
		l2[9] = (char)('0' + mrz_check_digit(l2, 9));
		l2[19] = (char)('0' + mrz_check_digit(l2 + 13, 6));
		l2[27] = (char)('0' + mrz_check_digit(l2 + 21, 6));
		{
			char buf[64];

			memcpy(buf, l2, 10);
			memcpy(buf + 10, l2 + 13, 7);
			memcpy(buf + 17, l2 + 21, 22);
			l2[43] = (char)('0' + mrz_check_digit(buf, 39));
		}
		t = join("P<KAZNURSULTANOVA<BEKMAGAMBETOVA<<AIGERIM<ZH", l2,
			 NULL);
		parse_ok(t, &m);
		assert_string_equal(m.nationality, want[i]);
		assert_string_equal(m.issuer, "KAZ");
		assert_string_equal(m.surname, "NURSULTANOVA BEKMAGAMBETOVA");
		assert_string_equal(m.given_names, "AIGERIM ZH");
		assert_true(m.name_truncated);
		assert_date(m.birth, 2015, 3, 1);
		assert_date(m.expiry, 2031, 5, 20);
		assert_int_equal(m.sex, 'M');
		free(t);
	}
	/* TD1 with a 12-character number: 9 + "ABC" + check digit. */
	{
		char a[31] = "I<UTOD23145890<ABC?<<<<<<<<<<<";
		char b[31] = "7408122F1204159UTO<<<<<<<<<<<?";
		char buf[64];

		a[18] = (char)('0' + mrz_check_digit("D23145890ABC", 12));
		memcpy(buf, a + 5, 25);
		memcpy(buf + 25, b, 7);
		memcpy(buf + 32, b + 8, 7);
		memcpy(buf + 39, b + 18, 11);
		b[29] = (char)('0' + mrz_check_digit(buf, 50));
		t = join(a, b, td1_l3);
		parse_ok(t, &m);
		assert_string_equal(m.doc_number, "D23145890ABC");
		free(t);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_check_digit),
		cmocka_unit_test(test_td3),
		cmocka_unit_test(test_td1),
		cmocka_unit_test(test_td2),
		cmocka_unit_test(test_visas),
		cmocka_unit_test(test_german),
		cmocka_unit_test(test_broken_digits),
		cmocka_unit_test(test_message),
		cmocka_unit_test(test_wedge_input),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_special),
	};

	setup_clock();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
