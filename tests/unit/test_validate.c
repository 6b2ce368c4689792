/* SPDX-License-Identifier: MIT */
/* Unit tests for core/validate.c: good and bad values for each validator,
 * and the Russian messages the inspector sees. */
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#include "clock.h"
#include "validate.h"

/* Assert failure with a message containing part, for field "f". */
#define BAD(call, part) do {                                             \
		struct err e_;                                           \
		memset(&e_, 0, sizeof e_);                               \
		assert_int_equal((call), ST_INVALID);                    \
		assert_int_equal(e_.st, ST_INVALID);                     \
		assert_string_equal(e_.field, "f");                      \
		if (!strstr(e_.msg, (part)))                             \
			fail_msg("message «%s» lacks «%s»", e_.msg, (part)); \
	} while (0)
#define GOOD(call) do {                                                  \
		struct err e_;                                           \
		memset(&e_, 0, sizeof e_);                               \
		if ((call) != ST_OK)                                     \
			fail_msg("unexpected error: %s", e_.msg);        \
	} while (0)

/* --- dates --------------------------------------------------------- */

static void
test_date_good(void **state)
{
	struct date d;

	GOOD(val_date("f", "Дата", "29.02.2024", &d, &e_));
	assert_int_equal(d.y, 2024);
	assert_int_equal(d.m, 2);
	assert_int_equal(d.d, 29);
	GOOD(val_date("f", "Дата", "2026-04-30", &d, &e_));
	assert_int_equal(d.y, 2026);
	assert_int_equal(d.m, 4);
	assert_int_equal(d.d, 30);
	GOOD(val_date("f", "Дата", " 01.01.1900 ", &d, &e_));
	assert_int_equal(d.y, 1900);
	GOOD(val_date("f", "Дата", "31.12.2026", NULL, &e_));
}

static void
test_date_bad(void **state)
{
	struct date d;

	BAD(val_date("f", "Дата рождения", "29.02.2025", &d, &e_),
	    "Дата рождения: несуществующая дата «29.02.2025»");
	BAD(val_date("f", "Дата рождения", "31.04.2026", &d, &e_),
	    "несуществующая дата «31.04.2026»");
	BAD(val_date("f", "Дата рождения", "31.02.2020", &d, &e_),
	    "Дата рождения: несуществующая дата «31.02.2020»");
	BAD(val_date("f", "Дата", "2025-02-29", &d, &e_),
	    "несуществующая дата");
	BAD(val_date("f", "Дата", "00.01.2020", &d, &e_),
	    "несуществующая дата");
	BAD(val_date("f", "Дата", "1.2.2026", &d, &e_),
	    "Дата: неверный формат «1.2.2026», ожидается ДД.ММ.ГГГГ");
	BAD(val_date("f", "Дата", "01/02/2026", &d, &e_), "неверный формат");
	BAD(val_date("f", "Дата", "01.02.26", &d, &e_), "неверный формат");
	BAD(val_date("f", "Дата", "завтра", &d, &e_), "неверный формат");
	BAD(val_date("f", "Дата", "01.02.2026\x1b[2J", &d, &e_),
	    "«01.02.2026\\x1B[2J»");
	BAD(val_date("f", "Дата", "01.01.0001", &d, &e_),
	    "год должен быть от 1800 до 2199");
	BAD(val_date("f", "Дата", "", &d, &e_), "Дата: не заполнено");
	BAD(val_date("f", "Дата", "   ", &d, &e_), "не заполнено");
}

/* --- IIN and BIN --------------------------------------------------- */

static void
test_iin_good(void **state)
{
	GOOD(val_iin("f", "ИИН", "921029350851", &e_));
	GOOD(val_iin("f", "ИИН", "791028302728", &e_));
	GOOD(val_iin("f", "ИИН", "061211600012", &e_));
	/* Born today (OKNO_NOW is 2026-03-15). */
	GOOD(val_iin("f", "ИИН", "260315500018", &e_));
	/* Digit 7 = 0: 2026-03-16 would be tomorrow, so 1926 is meant. */
	GOOD(val_iin("f", "ИИН", "260316000011", &e_));
	GOOD(val_iin("f", "ИИН", "300101000012", &e_));
	/* 29 February 2000 for a foreigner: 2000 is a leap year. */
	GOOD(val_iin("f", "ИИН", "000229000016", &e_));
}

static void
test_iin_bad(void **state)
{
	/* One digit changed in each vector. */
	BAD(val_iin("f", "ИИН", "921029350852", &e_),
	    "ИИН: неверная контрольная цифра");
	BAD(val_iin("f", "ИИН", "791028302729", &e_),
	    "неверная контрольная цифра");
	BAD(val_iin("f", "ИИН", "061211600112", &e_),
	    "неверная контрольная цифра");
	/* Correct check digits, but impossible contents. */
	BAD(val_iin("f", "ИИН", "921329350852", &e_),
	    "ИИН: неверный месяц рождения «13»");
	BAD(val_iin("f", "ИИН", "920230350851", &e_),
	    "несуществующая дата рождения «30.02.1992»");
	BAD(val_iin("f", "ИИН", "000229300015", &e_),
	    "несуществующая дата рождения «29.02.1900»");
	BAD(val_iin("f", "ИИН", "261212500010", &e_),
	    "дата рождения 12.12.2026 ещё не наступила");
	BAD(val_iin("f", "ИИН", "260316500013", &e_), "ещё не наступила");
	BAD(val_iin("f", "ИИН", "921029750857", &e_),
	    "ИИН: неверная 7-я цифра «7»");
	/* Both weighting passes give 10: never issued. */
	BAD(val_iin("f", "ИИН", "921029300340", &e_), "не выдаются");
	BAD(val_iin("f", "ИИН", "92102935085", &e_),
	    "должно быть 12 цифр (введено 11)");
	BAD(val_iin("f", "ИИН", "9210293508511", &e_),
	    "должно быть 12 цифр (введено 13)");
	BAD(val_iin("f", "ИИН", "921029 350851", &e_), "пробелы недопустимы");
	BAD(val_iin("f", "ИИН", "92102935085O", &e_),
	    "недопустимый символ «O»");
	BAD(val_iin("f", "ИИН", "", &e_), "ИИН: не заполнено");
	BAD(val_iin("f", "ИИН", "\xff", &e_), "недопустимая кодировка");
}

static void
test_bin(void **state)
{
	GOOD(val_bin("f", "БИН", "040840000005", &e_));
	BAD(val_bin("f", "БИН", "040840000006", &e_),
	    "БИН: неверная контрольная цифра");
	BAD(val_bin("f", "БИН", "04084000000", &e_), "должно быть 12 цифр");
	BAD(val_bin("f", "БИН", "04084000000a", &e_), "недопустимый символ");
}

/* --- document numbers ---------------------------------------------- */

static void
test_docno(void **state)
{
	char norm[16];

	GOOD(val_docno("f", "Номер", "n12345678", norm, sizeof norm, &e_));
	assert_string_equal(norm, "N12345678");
	GOOD(val_docno("f", "Номер", "45 06 123456", norm, sizeof norm, &e_));
	assert_string_equal(norm, "4506123456");
	GOOD(val_docno("f", "Номер", "l898902c3", norm, sizeof norm, &e_));
	assert_string_equal(norm, "L898902C3");
	GOOD(val_docno("f", "Номер", "ABCDEF123456", norm, sizeof norm, &e_));
	GOOD(val_docno("f", "Номер", "7", NULL, 0, &e_));

	BAD(val_docno("f", "Номер документа", "АБ123", norm, sizeof norm,
		      &e_),
	    "Номер документа: кириллическая буква «А»");
	/* A Cyrillic lookalike hidden among Latin letters. */
	BAD(val_docno("f", "Номер", "N1234567\xd0\x9e", norm, sizeof norm,
		      &e_), "кириллическая буква «О»");
	BAD(val_docno("f", "Номер", "N-123", norm, sizeof norm, &e_),
	    "недопустимый символ «-»");
	BAD(val_docno("f", "Номер", "№123", norm, sizeof norm, &e_),
	    "недопустимый символ «№»");
	BAD(val_docno("f", "Номер", "N12\t3", norm, sizeof norm, &e_),
	    "недопустимый символ «\\x09»");
	BAD(val_docno("f", "Номер", "ABCDEF1234567", norm, sizeof norm,
		      &e_), "не более 12 символов (введено 13)");
	BAD(val_docno("f", "Номер", "   ", norm, sizeof norm, &e_),
	    "не заполнено");
	BAD(val_docno("f", "Номер", "N\xc0", norm, sizeof norm, &e_),
	    "недопустимая кодировка");
}

/* --- names ---------------------------------------------------------- */

static void
test_name_good(void **state)
{
	GOOD(val_name("f", "Фамилия", "Иванов", 40, &e_));
	GOOD(val_name("f", "Фамилия", "Ёлкин", 40, &e_));
	GOOD(val_name("f", "Фамилия", "ӘлиҰлы-Қожа", 40, &e_));
	GOOD(val_name("f", "Фамилия", "Нұрсұлтанқызы", 40, &e_));
	GOOD(val_name("f", "Имя", "ғалым", 40, &e_));
	GOOD(val_name("f", "Имя", "Һәкім Іңкәр Өмірзақ Үмбетов", 40, &e_));
	GOOD(val_name("f", "Фамилия", "O'Neil", 40, &e_));
	GOOD(val_name("f", "Фамилия", "O’Neil", 40, &e_));
	GOOD(val_name("f", "Имя", "Жан Пьер", 40, &e_));
	GOOD(val_name("f", "Имя", "Jean-Pierre", 40, &e_));
	GOOD(val_name("f", "Имя", "Ан", 2, &e_));
	GOOD(val_name("f", "Имя", "Анна", 0, &e_));
}

static void
test_name_bad(void **state)
{
	BAD(val_name("f", "Фамилия", "Иванов7", 40, &e_),
	    "Фамилия: недопустимый символ «7»");
	BAD(val_name("f", "Фамилия", "  ", 40, &e_), "Фамилия: не заполнено");
	BAD(val_name("f", "Фамилия", "", 40, &e_), "Фамилия: не заполнено");
	BAD(val_name("f", "Имя", "Жан  Пьер", 40, &e_), "два пробела подряд");
	BAD(val_name("f", "Имя", " Жан", 40, &e_), "лишний пробел в начале");
	BAD(val_name("f", "Имя", "Жан ", 40, &e_), "лишний пробел в конце");
	BAD(val_name("f", "Имя", "Жан-", 40, &e_), "дефисом");
	BAD(val_name("f", "Имя", "Жан--Пьер", 40, &e_),
	    "два разделителя подряд «--»");
	BAD(val_name("f", "Имя", "Жан -Пьер", 40, &e_),
	    "два разделителя подряд");
	BAD(val_name("f", "Имя", "-Жан", 40, &e_), "должно начинаться с буквы");
	BAD(val_name("f", "Имя", "'Жан", 40, &e_), "должно начинаться с буквы");
	BAD(val_name("f", "Имя", "Жан\x1b[31m", 40, &e_),
	    "недопустимый символ «\\x1B»");
	BAD(val_name("f", "Имя", "Жан\tПьер", 40, &e_),
	    "недопустимый символ «\\x09»");
	BAD(val_name("f", "Имя", "Жан\xc2\xa0Пьер", 40, &e_),
	    "недопустимый символ «U+00A0»");
	BAD(val_name("f", "Имя", "\xff", 40, &e_),
	    "Имя: недопустимая кодировка");
	BAD(val_name("f", "Имя", "Анна\xe2\x80", 40, &e_),
	    "недопустимая кодировка");
	BAD(val_name("f", "Имя", "José", 40, &e_), "недопустимый символ «é»");
	BAD(val_name("f", "Имя", "Анна_Мария", 40, &e_),
	    "недопустимый символ «_»");
	/* The data trap: Latin H (U+0048) inside a Cyrillic word. */
	BAD(val_name("f", "Фамилия", "ИвaHов", 40, &e_),
	    "смешаны кириллица и латиница (буква «a»)");
	BAD(val_name("f", "Фамилия", "Ivanov Пётр", 40, &e_),
	    "смешаны кириллица и латиница");
	BAD(val_name("f", "Имя", "Анна", 3, &e_),
	    "Имя: не более 3 символов (введено 4)");
}

/* --- free text ------------------------------------------------------ */

static void
test_text(void **state)
{
	GOOD(val_text("f", "Примечание", "Всё в порядке.", 100, 0, &e_));
	GOOD(val_text("f", "Примечание", "строка 1\nстрока 2\tи т. д.", 100, 1,
		    &e_));
	GOOD(val_text("f", "Примечание", "Қазақ тілі — 5 символов?", 0, 0, &e_));
	GOOD(val_text("f", "П", "ёёёёё", 5, 0, &e_));

	BAD(val_text("f", "Примечание", "ёёёёёё", 5, 0, &e_),
	    "Примечание: не более 5 символов (введено 6)");
	BAD(val_text("f", "Примечание", "a\nb", 100, 0, &e_),
	    "перевод строки");
	BAD(val_text("f", "Примечание", "a\tb", 100, 0, &e_),
	    "недопустимый управляющий символ «\\x09»");
	BAD(val_text("f", "Примечание", "a\rb", 100, 1, &e_),
	    "недопустимый управляющий символ «\\x0D»");
	BAD(val_text("f", "Примечание", "\x1b]0;pwned\x07", 100, 1, &e_),
	    "недопустимый управляющий символ «\\x1B»");
	BAD(val_text("f", "Примечание", "x\xc2\x9b" "31m", 100, 1, &e_),
	    "«U+009B»");
	BAD(val_text("f", "Примечание", "abc\xe2\x80\xae" "cba", 100, 1, &e_),
	    "«U+202E»");
	/* Unicode format characters (Cf): RLM, ALM, LRM, ZWJ and ZWNJ
	 * between Cyrillic letters, a soft hyphen, tags, the word joiner. */
	BAD(val_text("f", "Примечание", "Иванов\xe2\x80\x8f", 100, 0, &e_),
	    "недопустимый невидимый символ «U+200F»");
	BAD(val_text("f", "Примечание", "12\xd8\x9c" "34", 100, 0, &e_),
	    "«U+061C»");
	BAD(val_text("f", "Примечание", "a\xe2\x80\x8e", 100, 0, &e_),
	    "«U+200E»");
	BAD(val_text("f", "Примечание", "Ив\xe2\x80\x8dан", 100, 0, &e_),
	    "«U+200D»");
	BAD(val_text("f", "Примечание", "Ив\xe2\x80\x8cан", 100, 0, &e_),
	    "«U+200C»");
	BAD(val_text("f", "Примечание", "Ива\xc2\xadнов", 100, 0, &e_),
	    "«U+00AD»");
	BAD(val_text("f", "Примечание", "ok\xf3\xa0\x80\x81\xf3\xa0\x81\xa1",
		     100, 0, &e_), "«U+E0001»");
	BAD(val_text("f", "Примечание", "a\xe2\x81\xa0" "b", 100, 0, &e_),
	    "«U+2060»");
	/* ZWNJ inside a Persian word, as it is written. */
	GOOD(val_text("f", "Примечание", "\xd9\x85\xdb\x8c\xe2\x80\x8c"
		      "\xd8\xae\xd9\x88\xd8\xa7\xd9\x87\xd9\x85", 100, 0, &e_));
	BAD(val_text("f", "Примечание", "\xff\xfe", 100, 1, &e_),
	    "недопустимая кодировка (байт \\xFF)");
	BAD(val_text("f", "Примечание", "\xed\xa0\x80", 100, 1, &e_),
	    "недопустимая кодировка");
	BAD(val_text("f", "Примечание", "", 100, 1, &e_), "не заполнено");
	BAD(val_text("f", "Примечание", "  \n ", 100, 1, &e_), "не заполнено");
}

/* --- phones --------------------------------------------------------- */

static void
test_phone(void **state)
{
	char norm[20];

	GOOD(val_phone("f", "Телефон", "+7 (701) 123-45-67", norm, sizeof norm,
		     &e_));
	assert_string_equal(norm, "+77011234567");
	GOOD(val_phone("f", "Телефон", "8 701 123 45 67", norm, sizeof norm,
		     &e_));
	assert_string_equal(norm, "+77011234567");
	GOOD(val_phone("f", "Телефон", "701 123 45 67", norm, sizeof norm, &e_));
	assert_string_equal(norm, "+77011234567");
	GOOD(val_phone("f", "Телефон", "+49 30 1234567", norm, sizeof norm,
		     &e_));
	assert_string_equal(norm, "+49301234567");
	GOOD(val_phone("f", "Телефон", "+998 90 123 45 67", norm, sizeof norm,
		     &e_));
	assert_string_equal(norm, "+998901234567");
	GOOD(val_phone("f", "Телефон", "+123456789012345", norm, sizeof norm,
		     &e_));
	assert_string_equal(norm, "+123456789012345");

	BAD(val_phone("f", "Телефон", "12345", norm, sizeof norm, &e_),
	    "Телефон: должно быть от 10 до 15 цифр (введено 5)");
	BAD(val_phone("f", "Телефон", "+1234567890123456", norm, sizeof norm,
		      &e_), "должно быть от 10 до 15 цифр (введено 16)");
	BAD(val_phone("f", "Телефон", "7 701 + 1234567", norm, sizeof norm,
		      &e_), "знак «+» допустим только в начале");
	BAD(val_phone("f", "Телефон", "+7 701 123 45 6x", norm, sizeof norm,
		      &e_), "недопустимый символ «x»");
	BAD(val_phone("f", "Телефон", "+7 701 123 45 67\x1b", norm,
		      sizeof norm, &e_), "«\\x1B»");
	BAD(val_phone("f", "Телефон", "", norm, sizeof norm, &e_),
	    "не заполнено");
}

/* --- citizenship and numbers ---------------------------------------- */

static void
test_country(void **state)
{
	char a3[4];

	GOOD(val_country("f", "Гражданство", "KZ", a3, &e_));
	assert_string_equal(a3, "KAZ");
	GOOD(val_country("f", "Гражданство", "казахстан", a3, &e_));
	assert_string_equal(a3, "KAZ");
	GOOD(val_country("f", "Гражданство", "XXA", a3, &e_));
	assert_string_equal(a3, "XXA");
	GOOD(val_country("f", "Гражданство", "D", a3, &e_));
	assert_string_equal(a3, "DEU");
	GOOD(val_country("f", "Гражданство", "860", a3, &e_));
	assert_string_equal(a3, "UZB");

	BAD(val_country("f", "Гражданство", "Атлантида", a3, &e_),
	    "Гражданство: неизвестная страна или код «Атлантида»");
	BAD(val_country("f", "Гражданство", "ZZ", a3, &e_), "«ZZ»");
	BAD(val_country("f", "Гражданство", "", a3, &e_), "не заполнено");
}

static void
test_number(void **state)
{
	long v;

	GOOD(val_number("f", "Срок", "90", 1, 365, &v, &e_));
	assert_int_equal(v, 90);
	GOOD(val_number("f", "Срок", " -5 ", -10, 10, &v, &e_));
	assert_int_equal(v, -5);
	GOOD(val_number("f", "Срок", "+7", 0, 10, &v, &e_));
	assert_int_equal(v, 7);

	BAD(val_number("f", "Срок", "366", 1, 365, &v, &e_),
	    "Срок: должно быть от 1 до 365");
	BAD(val_number("f", "Срок", "0", 1, 365, &v, &e_), "от 1 до 365");
	BAD(val_number("f", "Срок", "12a", 1, 365, &v, &e_),
	    "нужно целое число, введено «12a»");
	BAD(val_number("f", "Срок", "1.5", 1, 365, &v, &e_), "целое число");
	BAD(val_number("f", "Срок", "-", 1, 365, &v, &e_), "целое число");
	BAD(val_number("f", "Срок", "99999999999999999999999", 1, 365, &v,
		       &e_), "от 1 до 365");
	BAD(val_number("f", "Срок", "", 1, 365, &v, &e_), "не заполнено");
}

/* A label is optional: the field key stands in; err may be NULL. */
static void
test_label_and_null_err(void **state)
{
	BAD(val_name("f", NULL, "7", 40, &e_), "f: ");
	assert_int_equal(val_name("f", "Имя", "7", 40, NULL), ST_INVALID);
	assert_int_equal(val_iin("f", "ИИН", "921029350851", NULL), ST_OK);
	assert_int_equal(val_text("f", "x", NULL, 10, 0, NULL), ST_INVALID);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_date_good),
		cmocka_unit_test(test_date_bad),
		cmocka_unit_test(test_iin_good),
		cmocka_unit_test(test_iin_bad),
		cmocka_unit_test(test_bin),
		cmocka_unit_test(test_docno),
		cmocka_unit_test(test_name_good),
		cmocka_unit_test(test_name_bad),
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_phone),
		cmocka_unit_test(test_country),
		cmocka_unit_test(test_number),
		cmocka_unit_test(test_label_and_null_err),
	};

	/* A fixed "today" so the future-date checks are stable: the clock a
	 * training database allows. */
	setenv("OKNO_NOW", "2026-03-15T12:00:00", 1);
	setenv("TZ", "Asia/Almaty", 1);
	clock_set_training(1);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
