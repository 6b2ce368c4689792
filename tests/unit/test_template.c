/* SPDX-License-Identifier: MIT */
/* Unit tests of core/template*.c: the .tpl parser, the page renderer and the
 * document templates in forms/templates against golden files. Run from the
 * repository root; OKNO_UPDATE_GOLDEN=1 rewrites the golden files. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#include "encode.h"
#include "template.h"

#define TPL_DIR    "forms/templates/"
#define GOLDEN_DIR "tests/fixtures/golden/"

static const char *const all_templates[] = {
	"receipt", "border-pass", "invitation", "refusal",
	"registration-mark", "passport-insert", "journal-page", "return-notice",
};

static struct template *
load(const char *id)
{
	struct errlist errs = {0};
	struct template *t = NULL;
	char *path = xasprintf(TPL_DIR "%s.tpl", id);
	size_t i;

	if (template_load(path, &t, &errs) != ST_OK)
		for (i = 0; i < errs.n; i++)
			print_error("%s\n", errs.v[i].msg);
	assert_non_null(t);
	assert_int_equal(errs.n, 0);
	errlist_free(&errs);
	free(path);
	return t;
}

static json_t *
load_ctx(const char *name)
{
	json_error_t je;
	char *path = xasprintf(GOLDEN_DIR "%s.ctx.json", name);
	json_t *ctx = json_load_file(path, 0, &je);

	if (!ctx)
		print_error("%s: %s\n", path, je.text);
	assert_non_null(ctx);
	free(path);
	return ctx;
}

static char *
render(const struct template *t, json_t *ctx, int width)
{
	struct strbuf out = {0};
	struct err e = {0};
	enum status st = template_render(t, ctx, width, &out, &e);

	if (st != ST_OK)
		print_error("%s\n", e.msg);
	assert_int_equal(st, ST_OK);
	return sb_take(&out);
}

static struct template *
parse(const char *text)
{
	struct errlist errs = {0};
	struct template *t = NULL;

	assert_int_equal(template_parse("t.tpl", text, &t, &errs), ST_OK);
	errlist_free(&errs);
	return t;
}

static char *
render_text(const char *text, json_t *ctx, int width)
{
	struct template *t = parse(text);
	char *s = render(t, ctx, width);

	template_free(t);
	return s;
}

/* Every line ends with '\n' and is at most width code points. */
static void
assert_fits(const char *s, int width)
{
	const char *p = s, *nl;
	char *line;

	while (*p) {
		if (*p == '\f')
			p++;
		nl = strchr(p, '\n');
		assert_non_null(nl);
		line = xstrndup(p, (size_t)(nl - p));
		if (utf8_len(line) > (size_t)width)
			print_error("too wide (%zu > %d): %s\n", utf8_len(line),
				    width, line);
		assert_true(utf8_len(line) <= (size_t)width);
		assert_null(strchr(line, '\f'));
		assert_true(utf8_valid(line));
		free(line);
		p = nl + 1;
	}
}

static void
compare_golden(const char *file, const char *got, size_t len)
{
	char *path = xasprintf(GOLDEN_DIR "%s", file);
	char *want;
	size_t wlen = 0;
	FILE *f;

	if (getenv("OKNO_UPDATE_GOLDEN")) {
		f = fopen(path, "wb");
		assert_non_null(f);
		assert_int_equal(fwrite(got, 1, len, f), len);
		fclose(f);
	}
	want = fixture_read_file(path, &wlen);
	if (!want)
		print_error("missing golden file %s\n", path);
	assert_non_null(want);
	if (wlen != len || memcmp(want, got, len) != 0)
		print_error("%s differs from the output:\n%.*s\n", path,
			    (int)len, got);
	assert_int_equal(wlen, len);
	assert_memory_equal(want, got, len);
	free(want);
	free(path);
}

/* ---------------------------------------------------------------- */

static void
test_parse_errors(void **state)
{
	static const char bad[] =
		"%id x\n"
		"Строка {surname\n"                  /* 2: unclosed brace */
		"%if reprint=yes\n"                  /* 3: never closed */
		"{surname|uper}\n"                   /* 4: unknown filter */
		"%fi\n"                              /* 5: unknown directive */
		"%each documents\n"
		"%header\n"                          /* 7: inside a block */
		"%end\n"
		"%cols 10 abc\n"                     /* 9: bad width */
		"%else\n"
		"%else\n"                            /* 11: second %else */
		"%end\n"
		"%end\n"                             /* 13: nothing open */
		"a}b\n"                              /* 14: stray brace */
		"\tb\n"                              /* 15: tab */
		"{фамилия}\n"                        /* 16: bad key */
		"%if documents\n";                   /* 17: unclosed */
	static const char *const want[] = {
		"bad.tpl:2: незакрытая «{»",
		"bad.tpl:4: неизвестный фильтр «uper»",
		"bad.tpl:5: неизвестная директива «%fi»",
		"bad.tpl:7: %header внутри блока %each (строка 6)",
		"bad.tpl:9: %cols: неверная ширина колонки «abc»",
		"bad.tpl:11: %else без своего %if",
		"bad.tpl:13: %end без открытого",
		"bad.tpl:14: лишняя «}»",
		"bad.tpl:15: знак табуляции",
		"bad.tpl:16: неверное имя значения «фамилия»",
		"bad.tpl:17: блок %if из строки 17 не закрыт",
	};
	struct errlist errs = {0};
	struct template *t = (struct template *)1;
	size_t i;

	(void)state;
	assert_int_equal(template_parse("bad.tpl", bad, &t, &errs),
			 ST_INVALID);
	assert_null(t);
	for (i = 0; i < errs.n; i++)
		print_message("%s\n", errs.v[i].msg);
	assert_int_equal(errs.n, sizeof want / sizeof want[0]);
	for (i = 0; i < errs.n; i++) {
		assert_int_equal(errs.v[i].st, ST_INVALID);
		assert_true(str_starts(errs.v[i].msg, want[i]));
	}
	errlist_free(&errs);

	/* a file that cannot be read */
	assert_int_equal(template_load("forms/templates/nonexistent.tpl", &t,
				       &errs), ST_NOTFOUND);
	assert_int_equal(errs.n, 1);
	assert_non_null(strstr(errs.v[0].msg, "nonexistent.tpl"));
	errlist_free(&errs);
}

static void
test_identity(void **state)
{
	struct template *t;

	(void)state;
	t = parse("%version 3\n%title Проба\nтекст\n");
	assert_string_equal(template_id(t), "t");
	assert_string_equal(template_version(t), "3");
	assert_string_equal(template_title(t), "Проба");
	assert_string_equal(template_text(t),
			    "%version 3\n%title Проба\nтекст\n");
	template_free(t);

	t = load("receipt");
	assert_string_equal(template_id(t), "receipt");
	assert_string_equal(template_version(t), "3");
	assert_true(str_starts(template_text(t), "%# Расписка"));
	template_free(t);
}

static void
test_values_and_filters(void **state)
{
	json_t *ctx = json_pack("{s:s, s:s, s:s, s:s, s:i}",
				"surname", "Әлиева-ёлкина",
				"d", "2026-03-05T14:32:07",
				"iso", "1990-01-31",
				"junk", "не дата",
				"n", 42);
	char *s;

	(void)state;
	s = render_text("{surname|upper} {d|date} {d|time} {iso|date} "
			"{junk|date} {n} {missing}| {{x}}\n", ctx, 80);
	assert_string_equal(s, "ӘЛИЕВА-ЁЛКИНА 05.03.2026 14:32 31.01.1990 не дата 42 | {x}\n");
	free(s);
	/* an empty value takes its separator along */
	s = render_text("{iso|date}, {missing}, {n}; {missing}\n"
			"{surname} {missing} {n}\n", ctx, 80);
	assert_string_equal(s, "31.01.1990, 42\nӘлиева-ёлкина 42\n");
	free(s);
	json_decref(ctx);
}

static void
test_escape_sequences_are_visible(void **state)
{
	static const char bad[] = "a\xff\xc2\x9b" "b\r\n";
	json_t *ctx = json_pack("{s:s}", "surname",
				"Иванов\x1b[2J\x1b]0;x\x07");
	char *s;

	(void)state;
	assert_non_null(ctx);
	/* stored text that is not even UTF-8 */
	json_object_set_new(ctx, "bad", json_stringn_nocheck(bad, strlen(bad)));
	s = render_text("Фамилия: {surname}\n%cols 10 *\n%row Имя: | {bad}\n",
			ctx, 80);
	assert_string_equal(s, "Фамилия: Иванов\\x1b[2J\\x1b]0;x\\x07\n"
			       "Имя:       a\\xff\\x9bb\\x0d\\x0a\n");
	assert_null(strchr(s, '\x1b'));
	assert_null(strchr(s, '\r'));
	free(s);
	json_decref(ctx);
}

static void
test_conditions(void **state)
{
	static const char tpl[] =
		"%if reprint=yes\n%right ПОВТОРНО\n%end\n"
		"%if !patronymic\nбез отчества\n%else\nОтчество: {patronymic}\n%end\n"
		"%if width>=132\nшироко\n%else\nузко\n%end\n"
		"%if documents\nесть документы\n%end\n"
		"%if n<10\nмало\n%end\n";
	json_t *ctx = json_pack("{s:s, s:s, s:[], s:s}", "reprint", "yes",
				"patronymic", "", "documents", "n", "9");
	char *s;

	(void)state;
	s = render_text(tpl, ctx, 80);
	assert_string_equal(s, "                                                 "
			       "                       ПОВТОРНО\n"
			       "без отчества\nузко\nмало\n");
	free(s);
	json_object_set_new(ctx, "reprint", json_string(""));
	json_object_set_new(ctx, "patronymic", json_string("Ивановна"));
	json_array_append_new(json_object_get(ctx, "documents"),
			      json_string("паспорт"));
	json_object_set_new(ctx, "n", json_string("10"));
	s = render_text(tpl, ctx, 132);
	assert_string_equal(s, "Отчество: Ивановна\nшироко\nесть документы\n");
	free(s);
	json_decref(ctx);
}

static void
test_each_and_columns(void **state)
{
	static const char tpl[] =
		"%cols >3 *\n"
		"%each documents\n%row {#}. | {.}\n%end\n"
		"%cols | 6 | * | >5 |\n"
		"%each rows\n%row {no} | {name} | {n}\n%end\n";
	json_t *ctx;
	char *s;

	(void)state;
	ctx = json_pack("{s:[s,s], s:[{s:s,s:s,s:s}]}",
			"documents", "Заявление",
			"Копия паспорта с нотариально заверенным переводом на русский язык",
			"rows", "no", "1/2026", "name",
			"Очень длинное имя, которое не помещается в колонку",
			"n", "7");
	s = render_text(tpl, ctx, 40);
	assert_string_equal(s,
		" 1. Заявление\n"
		" 2. Копия паспорта с нотариально\n"
		"    заверенным переводом на русский язык\n"
		"|1/2026|Очень длинное имя,       |    7|\n"
		"|      |которое не помещается в  |     |\n"
		"|      |колонку                  |     |\n");
	assert_fits(s, 40);
	free(s);
	json_decref(ctx);
}

static void
test_long_words_and_lines_wrap(void **state)
{
	json_t *ctx = json_pack("{s:s}", "v",
				"Аааааааааааааааааааааааааааааааааааааааааааааааааааааааааааааааааааааааааааааааааааааааа конец");
	char *s;

	(void)state;
	s = render_text("  Текст: {v}\n%center {v}\n%cols 12 *\n%row Поле: | {v}\n",
			ctx, 40);
	assert_fits(s, 40);
	/* a word longer than the line is cut; the indentation stays */
	assert_true(str_starts(s, "  Текст:\n  Ааааа"));
	assert_non_null(strstr(s, "\n  аааааааааа"));
	assert_non_null(strstr(s, "\n             аааааааааа"));
	assert_non_null(strstr(s, " конец\n"));
	free(s);
	json_decref(ctx);
}

static void
test_render_errors(void **state)
{
	struct template *t;
	struct strbuf out = {0};
	struct err e = {0};
	json_t *ctx = json_pack("{s:[s]}", "documents", "паспорт");

	(void)state;
	t = parse("строка\n{documents}\n");
	assert_int_equal(template_render(t, ctx, 80, &out, &e), ST_INVALID);
	assert_string_equal(e.msg, "t.tpl:2: «documents» — список, а не строка (списки выводят через %each)");
	template_free(t);

	t = parse("%cols 50 40\n%row a | b\n");
	assert_int_equal(template_render(t, ctx, 132, &out, &e), ST_OK);
	assert_int_equal(template_render(t, ctx, 80, &out, &e), ST_INVALID);
	assert_non_null(strstr(e.msg, "не помещаются в ширину 80"));
	template_free(t);

	t = parse("%row a\n");
	assert_int_equal(template_render(t, ctx, 80, &out, &e), ST_INVALID);
	assert_non_null(strstr(e.msg, "t.tpl:1: %row без %cols"));
	assert_int_equal(template_render(t, ctx, 20, &out, &e), ST_USAGE);
	template_free(t);
	sb_free(&out);
	json_decref(ctx);
}

static void
test_pages(void **state)
{
	static const char tpl[] =
		"%lines 11\n"
		"%header\nШапка {page}\n"
		"%footer\n%if pages>1\nЛист {page} из {pages}\n%end\n"
		"%body\n"
		"%each rows\n%keep\nзапись {.}\nвторая строка {.}\n%end\n%end\n"
		"%page\n\nпоследний лист\n";
	json_t *ctx = json_pack("{s:[s,s,s,s,s,s,s]}", "rows",
				"1", "2", "3", "4", "5", "6", "7");
	char *s, *p;
	int pages = 1;

	(void)state;
	s = render_text(tpl, ctx, 40);
	for (p = s; (p = strchr(p, '\f')); p++)
		pages++;
	/* 9 lines of body per page: 4 records (8 lines), a record is never
	 * split; then the forced page; blank lines at a page top dropped;
	 * the footer stands at the bottom of each page */
	assert_int_equal(pages, 3);
	assert_string_equal(s,
		"Шапка 1\n"
		"запись 1\nвторая строка 1\nзапись 2\nвторая строка 2\n"
		"запись 3\nвторая строка 3\nзапись 4\nвторая строка 4\n"
		"\nЛист 1 из 3\n"
		"\fШапка 2\n"
		"запись 5\nвторая строка 5\nзапись 6\nвторая строка 6\n"
		"запись 7\nвторая строка 7\n"
		"\n\n\nЛист 2 из 3\n"
		"\fШапка 3\n"
		"последний лист\n"
		"\n\n\n\n\n\n\n\nЛист 3 из 3\n");
	free(s);

	/* one page: the footer is empty and nothing is padded */
	json_object_set_new(ctx, "rows", json_pack("[s]", "1"));
	s = render_text("%lines 12\n%footer\n%if pages>1\nЛист {page}\n%end\n"
			"%body\n%each rows\nзапись {.}\n%end\n", ctx, 40);
	assert_string_equal(s, "запись 1\n");
	free(s);
	json_decref(ctx);
}

/* A context where every key holds something long and awkward. */
static json_t *
awkward_ctx(void)
{
	json_t *ctx = load_ctx("receipt");
	json_t *rows = json_array();
	const char *key;
	json_t *v;
	int i;

	json_object_foreach(ctx, key, v) {
		if (json_is_string(v) && json_string_length(v) > 0 &&
		    !strstr(key, "date") && strcmp(key, "accepted_at") != 0 &&
		    strcmp(key, "reprint") != 0)
			json_object_set_new(ctx, key, json_sprintf(
				"%s %s Оченьдлинноесловобезпробеловкотороенепоместитсявколонкуникакойширины", json_string_value(v),
				json_string_value(v)));
	}
	for (i = 0; i < 30; i++)
		json_array_append_new(rows, json_pack(
			"{s:s, s:s, s:s, s:s, s:s, s:s}",
			"no", "1234/2026", "accepted_at", "2026-03-05T14:32:07",
			"surname", "Wolfeschlegelsteinhausenbergerdorff",
			"address_stay", "Алматинская обл., Енбекшиказахский р-н, с. Тургень, ул. Жибек жолы, 7",
			"note", "", "host_name", "ТОО «Тургень-Тур»"));
	json_object_set_new(ctx, "rows", rows);
	json_object_set_new(ctx, "reprint", json_string("yes"));
	json_object_set_new(ctx, "eds_signer", json_string("Иванов И. И."));
	return ctx;
}

static void
test_all_templates_fit(void **state)
{
	static const int widths[] = {80, 132};
	json_t *ctx = awkward_ctx();
	struct template *t;
	size_t i, w;
	char *s;

	(void)state;
	for (i = 0; i < sizeof all_templates / sizeof all_templates[0]; i++) {
		t = load(all_templates[i]);
		for (w = 0; w < 2; w++) {
			s = render(t, ctx, widths[w]);
			print_message("%s at %d\n", all_templates[i],
				      widths[w]);
			assert_fits(s, widths[w]);
			/* every document carries the check code (a return,
			 * before any journal line, has none) and the
			 * journal or return notice's number */
			assert_true(strstr(s, "7F3K-92QD") ||
				    !strcmp(all_templates[i], "return-notice"));
			assert_non_null(strstr(s, "123/2026") ||
					strstr(s, "1234/2026"));
			/* a reprint is marked */
			if (strcmp(all_templates[i], "journal-page") != 0)
				assert_non_null(strstr(s, "ПОВТОРНО"));
			free(s);
		}
		template_free(t);
	}
	json_decref(ctx);
}

static void
test_journal_pages(void **state)
{
	json_t *ctx = awkward_ctx();
	struct template *t = load("journal-page");
	char *s, *p;
	int pages = 1;

	(void)state;
	json_object_set_new(ctx, "sheet_offset", json_string("40"));
	s = render(t, ctx, 132);
	for (p = s; (p = strchr(p, '\f')); p++)
		pages++;
	assert_true(pages > 1);
	/* the column heads repeat on each page, the sheet numbers count on */
	assert_non_null(strstr(s, "Лист 41\n"));
	assert_non_null(strstr(s, "\fУправление"));
	assert_non_null(strstr(s, "Лист 2 из "));
	assert_non_null(strstr(s, "|1. №     |2. Дата,  |"));
	assert_fits(s, 132);
	free(s);
	s = render(t, ctx, 80);
	assert_non_null(strstr(s, "|№ п/п    |Дата,     |Иностранец"));
	assert_fits(s, 80);
	free(s);
	template_free(t);
	json_decref(ctx);
}

static void
test_golden(void **state)
{
	struct template *receipt = load("receipt");
	struct template *pass = load("border-pass");
	json_t *rctx = load_ctx("receipt");
	json_t *pctx = load_ctx("border-pass");
	struct strbuf cp = {0};
	struct err e = {0};
	char *s;

	(void)state;
	s = render(receipt, rctx, 80);
	assert_fits(s, 80);
	compare_golden("receipt-80.txt", s, strlen(s));
	assert_int_equal(encode_convert(s, ENC_CP1251, 0, &cp, &e), ST_OK);
	compare_golden("receipt-80.cp1251", cp.s, cp.len);
	sb_free(&cp);
	free(s);

	s = render(receipt, rctx, 132);
	assert_fits(s, 132);
	compare_golden("receipt-132.txt", s, strlen(s));
	free(s);

	s = render(pass, pctx, 80);
	assert_fits(s, 80);
	compare_golden("border-pass-80.txt", s, strlen(s));
	free(s);

	/* a Kazakh letter in a value: CP1251 refuses and names the line,
	 * RK1048 takes it */
	json_object_set_new(rctx, "office_address",
			    json_string("г. Қонаев, ул. Индустриальная, 9"));
	s = render(receipt, rctx, 80);
	assert_int_equal(encode_convert(s, ENC_CP1251, 0, &cp, &e), ST_INVALID);
	assert_string_equal(e.msg, "Строка 2: символ «Қ» (U+049A) нельзя представить в кодировке CP1251 (используйте --translit)");
	assert_int_equal(encode_convert(s, ENC_RK1048, 0, &cp, &e), ST_OK);
	sb_free(&cp);
	free(s);

	json_decref(rctx);
	json_decref(pctx);
	template_free(receipt);
	template_free(pass);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_identity),
		cmocka_unit_test(test_values_and_filters),
		cmocka_unit_test(test_escape_sequences_are_visible),
		cmocka_unit_test(test_conditions),
		cmocka_unit_test(test_each_and_columns),
		cmocka_unit_test(test_long_words_and_lines_wrap),
		cmocka_unit_test(test_render_errors),
		cmocka_unit_test(test_pages),
		cmocka_unit_test(test_all_templates_fit),
		cmocka_unit_test(test_journal_pages),
		cmocka_unit_test(test_golden),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
