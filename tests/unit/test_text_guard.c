/* SPDX-License-Identifier: MIT */
/* Guards on text that reaches a printf or a message: a translation is used
 * as a format only when it asks for the very arguments of its msgid
 * (fmt_same_args: a crafted catalogue cannot make the kiosk read or write
 * through %s or %n), and a message cut short by its buffer ends on a
 * whole letter (utf8_mark_cut, through err_set). */
#include <string.h>

#include "harness.h"

#include "status.h"
#include "util.h"

static void
test_formats(void **state)
{
	/* The same arguments: flags, widths and text may differ. */
	assert_true(fmt_same_args("Дело № %lld: %s", "Іс № %lld: %s"));
	assert_true(fmt_same_args("%-8s %ld", "%s — %5ld"));
	assert_true(fmt_same_args("100%% готово", "100%% дайын"));
	assert_true(fmt_same_args("без аргументов", "аргументсіз"));
	/* Anything else is refused. */
	assert_false(fmt_same_args("Дело № %lld", "Іс № %s"));
	assert_false(fmt_same_args("Сделано: %s", "%s%s%s%s%s%s"));
	assert_false(fmt_same_args("Сделано: %s", "%n"));
	assert_false(fmt_same_args("Сделано: %s", "Жасалды"));
	/* Numbered: each argument once, with its conversion. */
	assert_true(fmt_same_args("%s и %s", "%2$s және %1$s"));
	assert_true(fmt_same_args("%s из %s МБ", "%2$s МБ ішінен %1$s"));
	assert_true(fmt_same_args("№ %lld: %s", "%2$s: %1$lld"));
	assert_false(fmt_same_args("№ %lld: %s", "%2$lld: %1$s"));
	assert_false(fmt_same_args("%s и %s", "%2$s және %2$s"));
	assert_false(fmt_same_args("%s и %s", "%1$s"));
	assert_false(fmt_same_args("%s и %s", "%3$s %1$s %2$s"));
	assert_false(fmt_same_args("%s и %s", "%2$s және %s"));
	assert_false(fmt_same_args("%s и %s", "%s және %1$s"));
	assert_false(fmt_same_args("%d %s", "%2$s %1$*d"));
	assert_false(fmt_same_args("%s", "%0$s"));
	assert_false(fmt_same_args("%s %s", "%1$s %1$n"));
	assert_false(fmt_same_args("%d", "%*d"));
	assert_false(fmt_same_args("%d", "%ld"));
	assert_false(fmt_same_args("%s", "%"));
	assert_false(fmt_same_args(NULL, "x"));
}

/* Every byte sequence of s is a whole UTF-8 letter. */
static int
whole_letters(const char *s)
{
	return utf8_valid(s);
}

/* What snprintf(dst, n, "%s", src) leaves when src does not fit. */
static void
cut_copy(char *dst, size_t n, const char *src)
{
	size_t k = strlen(src);

	if (k >= n)
		k = n - 1;
	memcpy(dst, src, k);
	dst[k] = '\0';
}

static void
test_cut(void **state)
{
	struct err e;
	char buf[16], longs[2 * ERR_MSG_MAX];
	size_t i, n;

	/* 7 two-byte letters fill 14 of 15 bytes: not cut. */
	snprintf(buf, sizeof buf, "%s", "жжжжжжж");
	assert_string_equal(buf, "жжжжжжж");
	/* Cut in the middle of a letter, at each odd and even length. */
	for (n = 4; n <= sizeof buf; n++) {
		cut_copy(buf, n, "abжжжжжжжжжжжж");
		utf8_mark_cut(buf, n);
		assert_true(strlen(buf) < n);
		assert_true(whole_letters(buf));
		assert_non_null(strstr(buf, "…"));
	}
	/* A buffer too small for the mark: whole letters, no mark. */
	cut_copy(buf, 3, "жж");
	utf8_mark_cut(buf, 3);
	assert_string_equal(buf, "ж");
	/* err_set: a Cyrillic message longer than the buffer, at every
	 * alignment. */
	for (i = 0; i < 4; i++) {
		memset(longs, 'x', i);
		for (n = i; n + 2 < sizeof longs - 1; n += 2)
			memcpy(longs + n, "ж", 2);
		longs[n] = '\0';
		memset(&e, 0, sizeof e);
		assert_int_equal(err_set(&e, ST_INVALID, "поле", "%s", longs),
				 ST_INVALID);
		assert_true(whole_letters(e.msg));
		assert_true(strlen(e.msg) < sizeof e.msg);
		assert_true(strlen(e.msg) > sizeof e.msg - 8);
		n = strlen(e.msg);
		assert_string_equal(e.msg + n - strlen("…"), "…");
	}
	/* A message that fits is left alone. */
	memset(&e, 0, sizeof e);
	(void)err_set(&e, ST_INVALID, "", "Дело № %d не найдено", 7);
	assert_string_equal(e.msg, "Дело № 7 не найдено");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_formats),
		cmocka_unit_test(test_cut),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
