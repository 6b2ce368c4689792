/* SPDX-License-Identifier: MIT */
/* Unit tests for core/country.c: the table's integrity (codes, pure
 * Cyrillic names, order) and lookup by code and by name. */
#include <stdio.h>
#include <string.h>

#include "harness.h"

#include "country.h"
#include "util.h"

#define ISO_COUNT 249

static int
is_upper_ascii(const char *s, size_t n)
{
	size_t i;

	if (strlen(s) != n)
		return 0;
	for (i = 0; i < n; i++)
		if (s[i] < 'A' || s[i] > 'Z')
			return 0;
	return 1;
}

static void
test_codes(void **state)
{
	const struct country *c;
	size_t n, i, j, iso = 0;

	c = country_all(&n);
	assert_non_null(c);
	assert_true(n > ISO_COUNT);
	for (i = 0; i < n; i++) {
		if (!is_upper_ascii(c[i].alpha3, 3))
			fail_msg("bad alpha-3 «%s»", c[i].alpha3);
		if (c[i].alpha2[0] == '\0') {
			/* ICAO special code: not a country. */
			assert_int_equal(c[i].numeric, 0);
			continue;
		}
		iso++;
		if (!is_upper_ascii(c[i].alpha2, 2))
			fail_msg("bad alpha-2 «%s»", c[i].alpha2);
		if (c[i].numeric < 1 || c[i].numeric > 999)
			fail_msg("%s: bad numeric %d", c[i].alpha3,
				 c[i].numeric);
		for (j = i + 1; j < n; j++) {
			if (strcmp(c[i].alpha2, c[j].alpha2) == 0)
				fail_msg("duplicate alpha-2 %s", c[i].alpha2);
			if (c[i].numeric == c[j].numeric)
				fail_msg("duplicate numeric %d (%s, %s)",
					 c[i].numeric, c[i].alpha3,
					 c[j].alpha3);
		}
	}
	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++)
			if (strcmp(c[i].alpha3, c[j].alpha3) == 0)
				fail_msg("duplicate alpha-3 %s", c[i].alpha3);
	assert_int_equal(iso, ISO_COUNT);
}

/* Letters of the Russian alphabet, Ё included. */
static int
russian_letter(uint32_t c)
{
	return (c >= 0x410 && c <= 0x44F) || c == 0x401 || c == 0x451;
}

static int
kazakh_letter(uint32_t c)
{
	static const uint32_t extra[] = {
		0x406, 0x456, 0x492, 0x493, 0x49A, 0x49B, 0x4A2, 0x4A3,
		0x4AE, 0x4AF, 0x4B0, 0x4B1, 0x4BA, 0x4BB, 0x4D8, 0x4D9,
		0x4E8, 0x4E9,
	};
	size_t i;

	if (russian_letter(c))
		return 1;
	for (i = 0; i < sizeof extra / sizeof extra[0]; i++)
		if (c == extra[i])
			return 1;
	return 0;
}

/* Cyrillic letters and a little punctuation only: a Latin "H" that looks
 * like "Н" is exactly what this must catch. */
static void
check_name(const char *code, const char *name, int kazakh)
{
	size_t len = strlen(name);
	const char *s = name;
	uint32_t c, prev = ' ';
	int k, letters = 0;

	if (len == 0)
		fail_msg("%s: empty name", code);
	while (len > 0) {
		k = utf8_decode(s, len, &c);
		if (k == 0)
			fail_msg("%s: invalid UTF-8 in «%s»", code, name);
		if (kazakh ? kazakh_letter(c) : russian_letter(c))
			letters++;
		else if (!strchr(" -,().'", (int)c) || c == 0)
			fail_msg("%s: U+%04X not allowed in «%s»", code,
				 (unsigned)c, name);
		if (c == ' ' && prev == ' ')
			fail_msg("%s: stray space in «%s»", code, name);
		prev = c;
		s += k;
		len -= (size_t)k;
	}
	if (prev == ' ' || letters == 0)
		fail_msg("%s: bad name «%s»", code, name);
}

static void
test_names_cyrillic(void **state)
{
	const struct country *c;
	size_t n, i;

	c = country_all(&n);
	for (i = 0; i < n; i++) {
		check_name(c[i].alpha3, c[i].ru, 0);
		check_name(c[i].alpha3, c[i].kk, 1);
	}
}

/* The checker itself must reject the trap from the public list. */
static void
test_trap_detected(void **state)
{
	const char *trap = "АФГАHИСТАH";   /* Latin H, U+0048 */
	size_t len = strlen(trap);
	uint32_t c;
	int k, latin = 0;

	while (len > 0 && (k = utf8_decode(trap, len, &c)) > 0) {
		latin |= c == 'H';
		trap += k;
		len -= (size_t)k;
	}
	assert_true(latin);
	assert_false(russian_letter('H'));
}

/* Independent reference order: Russian alphabet with Ё between Е and Ж,
 * case-insensitive; punctuation and spaces before letters. */
static long
ref_weight(uint32_t c)
{
	if (c >= 0x410 && c <= 0x42F)
		c += 0x20;
	if (c == 0x401)
		c = 0x451;
	if (c == 0x451)
		return 1000 + 2 * (0x435 - 0x430) + 1;
	if (c >= 0x430 && c <= 0x44F)
		return 1000 + 2 * (long)(c - 0x430);
	return (long)c;
}

static int
ref_cmp(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	uint32_t ca, cb;
	int ka, kb;
	long wa, wb;

	while (la > 0 && lb > 0) {
		ka = utf8_decode(a, la, &ca);
		kb = utf8_decode(b, lb, &cb);
		assert_true(ka > 0 && kb > 0);
		wa = ref_weight(ca);
		wb = ref_weight(cb);
		if (wa != wb)
			return wa < wb ? -1 : 1;
		a += ka;
		la -= (size_t)ka;
		b += kb;
		lb -= (size_t)kb;
	}
	return (la > 0) - (lb > 0);
}

static size_t
index_of(const char *alpha3)
{
	const struct country *c;
	size_t n, i;

	c = country_all(&n);
	for (i = 0; i < n; i++)
		if (strcmp(c[i].alpha3, alpha3) == 0)
			return i;
	fail_msg("%s not in the table", alpha3);
	return 0;
}

static void
test_sorted(void **state)
{
	const struct country *c;
	size_t n, i;

	c = country_all(&n);
	for (i = 1; i < n; i++)
		if (ref_cmp(c[i - 1].ru, c[i].ru) > 0)
			fail_msg("«%s» sorted before «%s»", c[i - 1].ru,
				 c[i].ru);
	assert_string_equal(c[0].ru, "Австралия");
	assert_string_equal(c[n - 1].ru, "Япония");
	assert_true(index_of("ZAF") < index_of("SSD"));   /* Южная < Южный */
	assert_true(index_of("SSD") < index_of("JAM"));
	/* Австралия < Австрия */
	assert_true(index_of("AUS") < index_of("AUT"));
}

static void
test_collate(void **state)
{
	/* Ё is a letter of its own between Е and Ж. */
	assert_true(country_collate("Объединённые", "Объединенные") > 0);
	assert_true(country_collate("Объединённые", "Объединенныя") > 0);
	assert_true(country_collate("Объединённые", "Объединжнные") < 0);
	assert_true(country_collate("Ёж", "Жаба") < 0);
	assert_true(country_collate("Ёж", "Ехидна") > 0);
	assert_true(country_collate("ёж", "ЕХИДНА") > 0);
	/* Case-insensitive, and not a code-point comparison. */
	assert_int_equal(country_collate("яблоко", "ЯБЛОКО"), 0);
	assert_true(country_collate("Япония", "австрия") > 0);
	assert_true(country_collate("абв", "АБВГ") < 0);
	assert_true(country_collate("Сан-Марино", "Сан-Томе") < 0);
	assert_true(country_collate("Южная", "южный") < 0);
	assert_int_equal(country_collate("", ""), 0);
	assert_true(country_collate("", "А") < 0);
}

static void
test_eaeu(void **state)
{
	const struct country *c;
	size_t n, i;
	int count = 0;

	c = country_all(&n);
	for (i = 0; i < n; i++) {
		if (!c[i].eaeu)
			continue;
		count++;
		if (!strstr("RUS BLR ARM KGZ KAZ", c[i].alpha3))
			fail_msg("%s flagged as EAEU", c[i].alpha3);
	}
	assert_int_equal(count, 5);
}

static void
expect(const char *key, const char *alpha3)
{
	const struct country *c = country_find(key);

	if (!c)
		fail_msg("«%s» not found, expected %s", key, alpha3);
	if (strcmp(c->alpha3, alpha3) != 0)
		fail_msg("«%s» gave %s, expected %s", key, c->alpha3, alpha3);
}

static void
test_find(void **state)
{
	expect("KZ", "KAZ");
	expect("kz", "KAZ");
	expect("KAZ", "KAZ");
	expect("kaz", "KAZ");
	expect("398", "KAZ");
	expect("Казахстан", "KAZ");
	expect("казахстан", "KAZ");
	expect("КАЗАХСТАН", "KAZ");
	expect(" Казахстан ", "KAZ");
	expect("Қазақстан", "KAZ");
	expect("қазақстан", "KAZ");
	expect("ҚАЗАҚСТАН", "KAZ");
	expect("XXA", "XXA");
	expect("xxa", "XXA");
	expect("лицо без гражданства", "XXA");
	expect("Азаматтығы жоқ адам", "XXA");
	expect("XXB", "XXB");
	expect("XXC", "XXC");
	expect("XXX", "XXX");
	expect("D", "DEU");
	expect("d", "DEU");
	expect("DE", "DEU");
	expect("276", "DEU");
	expect("Германия", "DEU");
	expect("4", "AFG");
	expect("004", "AFG");
	expect("Ресей", "RUS");
	expect("Россия", "RUS");
	expect("Российская Федерация", "RUS");
	expect("Қытай", "CHN");
	expect("Түркия", "TUR");
	expect("Өзбекстан", "UZB");
	expect("ӨЗБЕКСТАН", "UZB");
	expect("Қырғызстан", "KGZ");
	expect("Кыргызстан", "KGZ");
	expect("Киргизия", "KGZ");
	expect("Беларусь", "BLR");
	expect("Белоруссия", "BLR");
	/* The full official names, in Russian and in Kazakh. */
	expect("Кыргызская Республика", "KGZ");
	expect("Қырғыз Республикасы", "KGZ");
	expect("қырғыз республикасы", "KGZ");
	expect("Өзбекстан Республикасы", "UZB");
	expect("Тәжікстан Республикасы", "TJK");
	expect("Республика Беларусь", "BLR");
	expect("Беларусь Республикасы", "BLR");
	expect("Армения Республикасы", "ARM");
	expect("Азербайджанская Республика", "AZE");
	expect("Әзірбайжан Республикасы", "AZE");
	expect("Молдова Республикасы", "MDA");
	expect("Китайская Народная Республика", "CHN");
	expect("Қытай Халық Республикасы", "CHN");
	expect("США", "USA");
	expect("Соединённые Штаты Америки", "USA");
	expect("соединенные  штаты америки", "USA");
	expect("Америка Құрама Штаттары", "USA");
	expect("Великобритания", "GBR");
	expect("Соединенное Королевство", "GBR");
	expect("Кот-д’Ивуар", "CIV");
	expect("Гвинея-Бисау", "GNB");
	expect("Гвинея", "GIN");
	expect("Конго", "COG");
	expect("Южный Судан", "SSD");
	/* The data trap typed or pasted: Latin H among Cyrillic letters. */
	expect("АФГАHИСТАH", "AFG");
	expect("Kазахстан", "KAZ");

	assert_null(country_find(NULL));
	{
		/* No country: blank, unknown codes, a part of a name, a name
		 * in English, a byte that is no letter. */
		static const char *const none[] = {
			"", "   ", "ZZ", "QQQ", "999", "0", "0398", "E",
			"Атлантида", "Казах", "\xff", "KAZAKHSTAN",
		};
		size_t k;

		for (k = 0; k < sizeof none / sizeof none[0]; k++)
			if (country_find(none[k]))
				fail_msg("«%s» is found", none[k]);
	}
}

/* Every entry is found again by each of its codes and names. */
static void
test_roundtrip(void **state)
{
	const struct country *c, *f;
	size_t n, i;
	char num[8];

	c = country_all(&n);
	for (i = 0; i < n; i++) {
		f = country_find(c[i].alpha3);
		if (f != &c[i])
			fail_msg("alpha-3 %s", c[i].alpha3);
		assert_ptr_equal(country_by_alpha3(c[i].alpha3), &c[i]);
		if (c[i].alpha2[0]) {
			assert_ptr_equal(country_find(c[i].alpha2), &c[i]);
			snprintf(num, sizeof num, "%03d", c[i].numeric);
			assert_ptr_equal(country_find(num), &c[i]);
		}
		f = country_find(c[i].ru);
		if (f != &c[i])
			fail_msg("«%s» gave %s, not %s", c[i].ru,
				 f ? f->alpha3 : "nothing", c[i].alpha3);
		f = country_find(c[i].kk);
		if (f != &c[i])
			fail_msg("«%s» gave %s, not %s", c[i].kk,
				 f ? f->alpha3 : "nothing", c[i].alpha3);
	}
}

static void
test_by_alpha3(void **state)
{
	assert_string_equal(country_by_alpha3("kaz")->alpha2, "KZ");
	assert_string_equal(country_by_alpha3("D")->alpha3, "DEU");
	assert_string_equal(country_by_alpha3("XXX")->ru,
			    "Лицо с неопределённым гражданством");
	assert_null(country_by_alpha3("ZZZ"));
	assert_null(country_by_alpha3("KZ"));
	assert_null(country_by_alpha3(""));
	assert_null(country_by_alpha3(NULL));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_codes),
		cmocka_unit_test(test_names_cyrillic),
		cmocka_unit_test(test_trap_detected),
		cmocka_unit_test(test_sorted),
		cmocka_unit_test(test_collate),
		cmocka_unit_test(test_eaeu),
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_by_alpha3),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
