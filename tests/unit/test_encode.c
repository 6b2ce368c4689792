/* SPDX-License-Identifier: MIT */
/* Unit tests of core/encode.c: conversion to the print encodings, reports
 * of unrepresentable characters, transliteration. */
#include <string.h>

#include "harness.h"

#include "encode.h"

static void
assert_bytes(const struct strbuf *b, const unsigned char *want, size_t n)
{
	assert_int_equal(b->len, n);
	assert_memory_equal(b->s, want, n);
}

static void
convert_ok(const char *utf8, enum encoding enc, int translit,
	   const unsigned char *want, size_t n)
{
	struct strbuf b = {0};
	struct err e = {0};

	assert_int_equal(encode_convert(utf8, enc, translit, &b, &e), ST_OK);
	assert_bytes(&b, want, n);
	sb_free(&b);
}

static void
test_parse_names(void **state)
{
	struct err e = {0};
	enum encoding enc;

	(void)state;
	assert_int_equal(encode_parse("utf-8", &enc, &e), ST_OK);
	assert_int_equal(enc, ENC_UTF8);
	assert_int_equal(encode_parse("CP1251", &enc, &e), ST_OK);
	assert_int_equal(enc, ENC_CP1251);
	assert_int_equal(encode_parse("Windows-1251", &enc, &e), ST_OK);
	assert_int_equal(enc, ENC_CP1251);
	assert_int_equal(encode_parse("koi8-R", &enc, &e), ST_OK);
	assert_int_equal(enc, ENC_KOI8R);
	assert_int_equal(encode_parse("cp866", &enc, &e), ST_OK);
	assert_int_equal(enc, ENC_CP866);
	assert_int_equal(encode_parse("RK1048", &enc, &e), ST_OK);
	assert_int_equal(enc, ENC_RK1048);
	assert_int_equal(encode_parse("latin1", &enc, &e), ST_USAGE);
	assert_non_null(strstr(e.msg, "Неизвестная кодировка «latin1»"));
	assert_int_equal(encode_parse(NULL, &enc, &e), ST_USAGE);
	assert_string_equal(encode_name(ENC_KOI8R), "KOI8-R");
	assert_string_equal(encode_name(ENC_RK1048), "RK1048");
	assert_string_equal(encode_name(ENC_UTF8), "UTF-8");
}

static void
test_russian_round_trip(void **state)
{
	static const unsigned char cp1251[] = {0xCF, 0xF0, 0xE8, 0xE2, 0xE5, 0xF2};
	static const unsigned char koi8r[] = {0xF0, 0xD2, 0xC9, 0xD7, 0xC5, 0xD4};
	static const unsigned char cp866[] = {0x8F, 0xE0, 0xA8, 0xA2, 0xA5, 0xE2};
	/* RK1048 keeps the CP1251 layout for Russian letters */
	static const unsigned char rk1048[] = {0xCF, 0xF0, 0xE8, 0xE2, 0xE5, 0xF2};
	static const unsigned char yo1251[] = {0xA8, 0xB8, ' ', '1', '2'};
	static const unsigned char yo866[] = {0xF0, 0xF1, ' ', '1', '2'};

	(void)state;
	convert_ok("Привет", ENC_CP1251, 0, cp1251, sizeof cp1251);
	convert_ok("Привет", ENC_KOI8R, 0, koi8r, sizeof koi8r);
	convert_ok("Привет", ENC_CP866, 0, cp866, sizeof cp866);
	convert_ok("Привет", ENC_RK1048, 0, rk1048, sizeof rk1048);
	convert_ok("Привет", ENC_UTF8, 0, (const unsigned char *)"Привет",
		   strlen("Привет"));
	convert_ok("Ёё 12", ENC_CP1251, 0, yo1251, sizeof yo1251);
	convert_ok("Ёё 12", ENC_CP866, 0, yo866, sizeof yo866);
	convert_ok("", ENC_CP1251, 0, (const unsigned char *)"", 0);
}

static void
test_appends_to_buffer(void **state)
{
	struct strbuf b = {0};
	struct err e = {0};

	(void)state;
	sb_add(&b, "A");
	assert_int_equal(encode_convert("Я\n", ENC_CP1251, 0, &b, &e), ST_OK);
	assert_bytes(&b, (const unsigned char *)"A\xDF\n", 3);
	sb_free(&b);
}

static void
test_kazakh_into_cp1251_fails(void **state)
{
	struct strbuf b = {0};
	struct err e = {0};

	(void)state;
	assert_int_equal(encode_check("Әлия", ENC_CP1251, "Поле «Фамилия»", &e),
			 ST_INVALID);
	assert_string_equal(e.msg,
			    "Поле «Фамилия»: символ «Ә» (U+04D8) нельзя представить в кодировке CP1251 (используйте --translit)");
	/* the output buffer is untouched on failure */
	sb_add(&b, "x");
	assert_int_equal(encode_convert("Нұр\nҚайрат", ENC_KOI8R, 0, &b, &e),
			 ST_INVALID);
	assert_string_equal(b.s, "x");
	assert_non_null(strstr(e.msg, "Строка 1: символ «ұ» (U+04B1)"));
	assert_non_null(strstr(e.msg, "KOI8-R"));
	/* the line of a multi-line text is named */
	assert_int_equal(encode_convert("Нур\nҚайрат", ENC_CP866, 0, &b, &e),
			 ST_INVALID);
	assert_non_null(strstr(e.msg, "Строка 2: символ «Қ» (U+049A)"));
	assert_int_equal(encode_check("Адрес\nул. Әуезова", ENC_CP1251,
				      "Поле «Адрес»", &e), ST_INVALID);
	assert_non_null(strstr(e.msg, "Поле «Адрес», строка 2: символ «Ә»"));
	sb_free(&b);
}

static void
test_kazakh_into_rk1048(void **state)
{
	/* Ә Ғ Қ Ң Ө Ұ Ү Һ І in RK1048 */
	static const unsigned char want[] = {0xA3, 0xAA, 0x8D, 0xBD, 0xA5,
					     0xA1, 0xAF, 0x8E, 0xB2};
	struct err e = {0};

	(void)state;
	assert_int_equal(encode_check("Қонаев, Өскемен, Әлия, Ұлы, Үйрек",
				      ENC_RK1048, "Поле «Адрес»", &e), ST_OK);
	convert_ok("ӘҒҚҢӨҰҮҺІ", ENC_RK1048, 0, want, sizeof want);
	/* І exists in CP1251 (Ukrainian), so it is kept there */
	convert_ok("І", ENC_CP1251, 0, (const unsigned char *)"\xB2", 1);
}

static void
test_translit(void **state)
{
	struct strbuf b = {0};
	struct err e = {0};
	char *want;

	(void)state;
	/* letters: Kazakh to the nearest Russian letters */
	assert_int_equal(encode_convert("ӘҒҚҢӨҰҮҺІ әғқңөұүһі", ENC_KOI8R,
					ENC_TRANSLIT_LETTERS, &b, &e), ST_OK);
	want = NULL;
	{
		struct strbuf w = {0};

		assert_int_equal(encode_convert("АГКНОУУХИ агкноуухи",
						ENC_KOI8R, 0, &w, &e), ST_OK);
		want = sb_take(&w);
	}
	assert_string_equal(b.s, want);
	free(want);
	sb_free(&b);

	/* CP1251 keeps І, changes Қ */
	assert_int_equal(encode_convert("Қі", ENC_CP1251, ENC_TRANSLIT_ALL, &b,
					&e), ST_OK);
	assert_bytes(&b, (const unsigned char *)"\xCA\xB3", 2);
	sb_free(&b);

	/* punctuation: KOI8-R lacks « » № — */
	assert_int_equal(encode_convert("№ 5 «Беркут» — да", ENC_KOI8R, 0, &b,
					&e), ST_INVALID);
	assert_non_null(strstr(e.msg, "«№» (U+2116)"));
	assert_int_equal(encode_convert("№ 5 «Да» — да", ENC_KOI8R,
					ENC_TRANSLIT_PUNCT, &b, &e), ST_OK);
	assert_bytes(&b, (const unsigned char *)"N 5 \"\xE4\xC1\" - \xC4\xC1",
		     13);
	sb_free(&b);

	/* the punctuation level alone does not touch letters */
	assert_int_equal(encode_convert("Әлия", ENC_CP1251, ENC_TRANSLIT_PUNCT,
					&b, &e), ST_INVALID);
	assert_null(b.s);
	assert_non_null(strstr(e.msg, "(используйте --translit)"));

	/* no substitute: still an error, and says so */
	assert_int_equal(encode_convert("日本", ENC_CP1251, ENC_TRANSLIT_ALL, &b,
					&e), ST_INVALID);
	assert_non_null(strstr(e.msg, "«日» (U+65E5)"));
	assert_non_null(strstr(e.msg, "замены для него нет"));

	/* Latin letters with diacritics lose them */
	assert_int_equal(encode_convert("ŞAHİN Müller", ENC_CP1251,
					ENC_TRANSLIT_LETTERS, &b, &e), ST_OK);
	assert_string_equal(b.s, "SAHIN Muller");
	sb_free(&b);

	assert_string_equal(encode_translit_of(0x04D8, ENC_TRANSLIT_ALL), "А");
	assert_null(encode_translit_of(0x04D8, ENC_TRANSLIT_PUNCT));
	assert_null(encode_translit_of('A', ENC_TRANSLIT_ALL));
}

static void
test_invisible_and_invalid(void **state)
{
	struct strbuf b = {0};
	struct err e = {0};

	(void)state;
	/* a zero-width space is named by code only */
	assert_int_equal(encode_check("а\xE2\x80\x8B" "б", ENC_CP1251, NULL, &e),
			 ST_INVALID);
	assert_string_equal(e.msg, "Строка 1: символ U+200B нельзя представить в кодировке CP1251");
	/* broken UTF-8 is reported, also for the UTF-8 target */
	assert_int_equal(encode_convert("ab\xFF", ENC_UTF8, 0, &b, &e),
			 ST_INVALID);
	assert_non_null(strstr(e.msg, "0xFF"));
	assert_int_equal(encode_check("\xD0", ENC_CP1251, "Поле «Имя»", &e),
			 ST_INVALID);
	assert_non_null(strstr(e.msg, "Поле «Имя»: неверная последовательность"));
	/* control characters are representable: the renderer shows them */
	assert_int_equal(encode_check("a\x1b[2J", ENC_CP866, NULL, &e), ST_OK);
	sb_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_names),
		cmocka_unit_test(test_russian_round_trip),
		cmocka_unit_test(test_appends_to_buffer),
		cmocka_unit_test(test_kazakh_into_cp1251_fails),
		cmocka_unit_test(test_kazakh_into_rk1048),
		cmocka_unit_test(test_translit),
		cmocka_unit_test(test_invisible_and_invalid),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
