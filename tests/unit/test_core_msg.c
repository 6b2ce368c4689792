/* SPDX-License-Identifier: MIT */
/* Core's messages in the screen's language (core/i18n.h): err_set and
 * errlist_add translate their format through the "okno" catalogue once a
 * front end has chosen a language, and only then (the CLI never does:
 * LANGUAGE=kk changes nothing); a translation asking for other printf
 * arguments than its msgid is not used (the msgid is); a form's field is
 * named by the label of the chosen language, and the reasons of a match
 * of special records are in it too; a message to be stored is
 * Russian inside i18n_hold, while the progress text stays translated.
 * The catalogue is BUILD/locale (po/kk.po compiled), and for the
 * fallback a catalogue made here from a crafted .po (a translation may
 * number its arguments to put them in its own order). */
#include <libintl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#include "forms.h"
#include "i18n.h"
#include "mrz.h"
#include "records.h"
#include "status.h"

/* The compiled catalogues of the build, bound as the kiosk binds them;
 * the caller's LANGUAGE says Kazakh, as a Kazakh user's would. */
static int
setup(void **state)
{
	(void)state;
	return fixture_bind_kk();
}

static int
teardown(void **state)
{
	(void)state;
	i18n_use(NULL);
	return 0;
}

static void
test_cli_stays_russian(void **state)
{
	struct err e;
	struct errlist l = {0};

	(void)state;
	/* The catalogue has the Kazakh, the environment asks for it... */
	assert_string_equal(dgettext("okno", "Дело № %lld не найдено"),
			    "№ %lld іс табылмады");
	/* ...but no front end chose a language: Russian. */
	i18n_use(NULL);
	err_set(&e, ST_NOTFOUND, "", "Дело № %lld не найдено", 42LL);
	EXPECT_STR(e.msg, "Дело № 42 не найдено");
	errlist_add(&l, ST_INVALID, "x", "%s: не заполнено", "Фамилия");
	EXPECT_STR(l.v[0].msg, "Фамилия: не заполнено");
	errlist_free(&l);
	EXPECT_STR(i18n_lang(), "ru");
	EXPECT_STR(i18n_pick("Фамилия", "Тегі"), "Фамилия");
	/* Russian chosen: the msgids themselves. */
	i18n_use("ru");
	err_set(&e, ST_NOTFOUND, "", "Дело № %lld не найдено", 42LL);
	EXPECT_STR(e.msg, "Дело № 42 не найдено");
}

static void
test_kiosk_kazakh(void **state)
{
	struct err e;
	struct errlist l = {0};
	int held;

	(void)state;
	i18n_use("kk");
	EXPECT_STR(i18n_lang(), "kk");
	err_set(&e, ST_NOTFOUND, "", "Дело № %lld не найдено", 42LL);
	EXPECT_STR(e.msg, "№ 42 іс табылмады");
	errlist_add(&l, ST_INVALID, "surname", "%s: недопустимый символ «%s»",
		    "Тегі", "1");
	EXPECT_STR(l.v[0].msg, "Тегі: жарамсыз «1» таңбасы");
	EXPECT_STR(l.v[0].field, "surname");
	errlist_free(&l);
	/* A translation that numbers its arguments, for its word order. */
	err_set(&e, ST_INVALID, "x", "Неизвестное поле «%.80s» в форме «%s»",
		"x", "Тіркеу");
	EXPECT_STR(e.msg, "«Тіркеу» нысанындағы белгісіз «x» өрісі");
	/* Not in the catalogue: the msgid. */
	err_set(&e, ST_ERROR, "", "Такого текста нет: %d", 7);
	EXPECT_STR(e.msg, "Такого текста нет: 7");
	/* A message that will be stored: Russian; the screen's own texts
	 * (the progress line) stay Kazakh meanwhile. */
	held = i18n_hold();
	err_set(&e, ST_NOTFOUND, "", "Дело № %lld не найдено", 42LL);
	EXPECT_STR(e.msg, "Дело № 42 не найдено");
	EXPECT_STR(i18n_lang(), "ru");
	EXPECT_STR(i18n_screen("Проверка цепочки журнала"),
		   "Журнал тізбегін тексеру");
	i18n_release(held);
	err_set(&e, ST_NOTFOUND, "", "Дело № %lld не найдено", 42LL);
	EXPECT_STR(e.msg, "№ 42 іс табылмады");
}

/* A field refused by core's validation names it by the form's Kazakh
 * label, with the Kazakh message. */
static void
test_form_field(void **state)
{
	struct formset *set = NULL;
	const struct form *f;
	struct err e;
	char *norm = NULL;

	(void)state;
	assert_int_equal(formset_load(fixture_forms_dir(), &set, NULL), ST_OK);
	f = formset_get(set, "registration");
	assert_non_null(f);
	i18n_use("kk");
	EXPECT_ST(form_validate_field(f, form_field(f, "surname"), "ИВАНОВ1",
				      NULL, &norm, &e), ST_INVALID, &e);
	EXPECT_STR(e.msg, "Тегі: жарамсыз «1» таңбасы");
	EXPECT_ST(form_validate_field(f, form_field(f, "birth_date"),
				      "31.02.1990", NULL, &norm, &e),
		  ST_INVALID, &e);
	EXPECT_STR(e.msg, "Туған күні: «31.02.1990» күні күнтізбеде жоқ");
	EXPECT_ST(form_validate_field(f, form_field(f, "sex"), "X", NULL,
				      &norm, &e), ST_INVALID, &e);
	EXPECT_STR(e.msg, "Жынысы: «X» деген нұсқа жоқ (нұсқалар: Ер, Әйел)");
	i18n_use(NULL);
	EXPECT_ST(form_validate_field(f, form_field(f, "sex"), "X", NULL,
				      &norm, &e), ST_INVALID, &e);
	EXPECT_STR(e.msg, "Пол: нет такого варианта «X» (варианты: Мужской, Женский)");
	EXPECT_ST(form_validate_field(f, form_field(f, "surname"), "ИВАНОВ1",
				      NULL, &norm, &e), ST_INVALID, &e);
	EXPECT_STR(e.msg, "Фамилия: недопустимый символ «1»");
	free(norm);
	formset_free(set);
}

/* A machine-readable zone refused: the part of the zone named in the
 * kiosk's language too (the ICAO 9303 specimen, one check digit wrong). */
static void
test_mrz(void **state)
{
	const char *zone = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n"
			   "L898902C37UTO7408122F1204159ZE184226B<<<<<10";
	struct err e = {0};
	struct mrz m;

	(void)state;
	i18n_use("kk");
	assert_int_equal(mrz_parse(zone, &m, &e), ST_INVALID);
	EXPECT_STR(e.msg, "Құжаттың нөмірі: бақылау цифры қате (аймақта 7, 6 болуы керек)");
	i18n_use(NULL);
	assert_int_equal(mrz_parse(zone, &m, &e), ST_INVALID);
	EXPECT_STR(e.msg, "Номер документа: неверная контрольная цифра (в зоне 7, должна быть 6)");
}

/* Why a record of special records matches the case: in the screen's
 * language. */
static void
test_records_why(void **state)
{
	struct records_query q = {.surname = "АХМЕДОВ",
				  .given_names = "РУСТАМ", .patronymic = "ОЛИМОВИЧ",
				  .birth_date = "1988-05-14",
				  .citizenship = "UZB"};
	struct record r = {.surname = "АХМЕДОВ", .given_names = "РУСТАМ",
			   .patronymic = "", .birth_date = "1988-05-14",
			   .citizenship = "UZB"};
	struct records_keys k;
	struct records_cand c;

	(void)state;
	records_keys_make(&q, &k);
	i18n_use("kk");
	memset(&c, 0, sizeof c);
	assert_int_equal(records_score(&q, &k, &r, &c), 1);
	EXPECT_STR(c.why, "тегі сәйкес келеді; аты сәйкес келеді; туған күні сәйкес келеді; әкесінің аты жазбада көрсетілмеген; азаматтығы сәйкес келеді (UZB)");
	i18n_use(NULL);
	memset(&c, 0, sizeof c);
	assert_int_equal(records_score(&q, &k, &r, &c), 1);
	EXPECT_STR(c.why, "фамилия совпадает; имя совпадает; дата рождения совпадает; отчество не указано в записи; гражданство совпадает (UZB)");
	records_keys_free(&k);
}

/* A catalogue of its own, with translations that ask for other arguments
 * than their msgids: each is refused for its msgid. */
static void
test_wrong_arguments(void **state)
{
	char dir[256], path[600], cmd[1400];
	FILE *fp;
	struct err e;
	struct errlist l = {0};

	(void)state;
	fixture_tmpdir(dir, sizeof dir, "coremsg");
	snprintf(path, sizeof path, "%s/kk/LC_MESSAGES", dir);
	snprintf(cmd, sizeof cmd, "mkdir -p '%s'", path);
	assert_int_equal(system(cmd), 0);
	snprintf(path, sizeof path, "%s/bad.po", dir);
	assert_non_null(fp = fopen(path, "w"));
	fputs("msgid \"\"\nmsgstr \"Content-Type: text/plain; "
	      "charset=UTF-8\\n\"\n\n"
	      /* %lld read as a string: refused. */
	      "msgid \"Дело № %lld не найдено\"\nmsgstr \"Іс № %s жоқ\"\n\n"
	      /* An argument more: refused. */
	      "msgid \"%s: не заполнено\"\nmsgstr \"%s: %s толтырылмаған\"\n\n"
	      /* %n: refused. */
	      "msgid \"Срок: неверная дата «%s»\"\nmsgstr \"%n\"\n\n"
	      /* Numbered and not: refused. */
	      "msgid \"Файл %s: %s\"\nmsgstr \"%2$s: %s файлы\"\n\n"
	      /* Numbered, each argument once with its conversion: used. */
	      "msgid \"Копия %s: %s\"\nmsgstr \"%2$s: %1$s көшірмесі\"\n\n"
	      /* The same arguments, other widths and words: used. */
	      "msgid \"Талон не найден\"\nmsgstr \"ТАЛОН ЖОҚ\"\n\n"
	      "msgid \"Нет права: %s\"\nmsgstr \"Құқық жоқ — %-3s!\"\n",
	      fp);
	assert_int_equal(fclose(fp), 0);
	snprintf(cmd, sizeof cmd,
		 "msgfmt -o '%s/kk/LC_MESSAGES/okno.mo' '%s'", dir, path);
	assert_int_equal(system(cmd), 0);
	bindtextdomain("okno", dir);
	i18n_use("kk");

	err_set(&e, ST_NOTFOUND, "", "Дело № %lld не найдено", 42LL);
	EXPECT_STR(e.msg, "Дело № 42 не найдено");
	errlist_add(&l, ST_INVALID, "", "%s: не заполнено", "Тегі");
	EXPECT_STR(l.v[0].msg, "Тегі: не заполнено");
	err_set(&e, ST_INVALID, "", "Срок: неверная дата «%s»", "x");
	EXPECT_STR(e.msg, "Срок: неверная дата «x»");
	err_set(&e, ST_ERROR, "", "Файл %s: %s", "a", "b");
	EXPECT_STR(e.msg, "Файл a: b");
	err_set(&e, ST_ERROR, "", "Копия %s: %s", "a", "b");
	EXPECT_STR(e.msg, "b: a көшірмесі");
	err_set(&e, ST_NOTFOUND, "", "Талон не найден");
	EXPECT_STR(e.msg, "ТАЛОН ЖОҚ");
	err_set(&e, ST_DENIED, "", "Нет права: %s", "x");
	EXPECT_STR(e.msg, "Құқық жоқ — x  !");
	/* The kiosk's own texts go through the same check. */
	EXPECT_STR(i18n_checked("Дело № %lld не найдено",
				dgettext("okno", "Дело № %lld не найдено")),
		   "Дело № %lld не найдено");
	errlist_free(&l);
	assert_int_equal(fixture_bind_kk(), 0);
	fixture_rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_cli_stays_russian, teardown),
		cmocka_unit_test_teardown(test_kiosk_kazakh, teardown),
		cmocka_unit_test_teardown(test_form_field, teardown),
		cmocka_unit_test_teardown(test_records_why, teardown),
		cmocka_unit_test_teardown(test_mrz, teardown),
		cmocka_unit_test_teardown(test_wrong_arguments, teardown),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
