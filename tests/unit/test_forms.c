/* SPDX-License-Identifier: MIT */
/* Tests of core/forms*.c: the shipped forms load, every field type accepts
 * and refuses what it should, conditions, the checklist, the broken
 * fixtures' "file:line:" diagnostics, and form_texts snapshots. */
#include "harness.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "forms.h"
#include "store.h"

/* The whole file; a test fails when it cannot be read. */
static char *
slurp(const char *path)
{
	char *text = fixture_read_file(path, NULL);

	assert_non_null(text);
	return text;
}

static void
spit(const char *path, const char *text, size_t n)
{
	FILE *fp = fopen(path, "wb");

	assert_non_null(fp);
	assert_int_equal(fwrite(text, 1, n, fp), n);
	assert_int_equal(fclose(fp), 0);
}

/* The shipped forms into *set (the caller frees it) and their form id. */
static const struct form *
shipped_form(struct formset **set, const char *id)
{
	const struct form *f;

	assert_int_equal(formset_load(fixture_forms_dir(), set, NULL), ST_OK);
	f = formset_get(*set, id);
	if (!f)
		fail_msg("no form «%s»", id);
	return f;
}

/* In the file at path, the first old becomes new (as long as old). */
static void
patch_file(const char *path, const char *old, const char *new)
{
	char *text = slurp(path);
	char *at = strstr(text, old);

	if (!at)
		fail_msg("%s lacks «%s»", path, old);
	assert_int_equal(strlen(new), strlen(old));
	memcpy(at, new, strlen(new));
	spit(path, text, strlen(text));
	free(text);
}

/* Copy every *.form of the shipped forms into dir. */
/* The files of from ending with ext into to. */
static void
copy_files(const char *from, const char *to, const char *ext)
{
	DIR *d = opendir(from);
	struct dirent *de;
	size_t el = strlen(ext);

	assert_non_null(d);
	while ((de = readdir(d))) {
		size_t l = strlen(de->d_name);
		char *src, *dst, *text;

		if (l <= el || strcmp(de->d_name + l - el, ext))
			continue;
		src = xasprintf("%s/%s", from, de->d_name);
		dst = xasprintf("%s/%s", to, de->d_name);
		text = slurp(src);
		spit(dst, text, strlen(text));
		free(text);
		free(src);
		free(dst);
	}
	closedir(d);
}

/* The shipped forms and the reference lists they name. */
static void
copy_forms(const char *dir)
{
	char *lists = xasprintf("%s/lists", fixture_forms_dir());
	char *to = xasprintf("%s/lists", dir);

	copy_files(fixture_forms_dir(), dir, ".form");
	mkdir(to, 0700);
	copy_files(lists, to, ".list");
	free(lists);
	free(to);
}

static int
errs_have(const struct errlist *errs, const char *prefix, const char *frag)
{
	size_t i;

	for (i = 0; i < errs->n; i++)
		if (str_starts(errs->v[i].msg, prefix) &&
		    strstr(errs->v[i].msg, frag))
			return 1;
	return 0;
}

static void
print_errs(const struct errlist *errs)
{
	size_t i;

	for (i = 0; i < errs->n; i++)
		print_message("  %s\n", errs->v[i].msg);
}

/* ------------------------------------------------------------------ */
/* The shipped forms                                                   */

static const char *const service_forms[] = {
	"border-pass-person", "border-pass-org", "invitation", "registration",
};

static void
test_shipped_forms_load(void **state)
{
	struct formset *set = NULL;
	struct errlist errs = {0};
	enum status st;
	size_t i, j;

	st = formset_load(fixture_forms_dir(), &set, &errs);
	if (st != ST_OK)
		print_errs(&errs);
	assert_int_equal(st, ST_OK);
	assert_int_equal(errs.n, 0);
	assert_non_null(set);
	assert_int_equal(formset_count(set), 5);

	for (i = 0; i < sizeof service_forms / sizeof *service_forms; i++) {
		const struct form *f = formset_get(set, service_forms[i]);

		assert_non_null(f);
		assert_int_equal(f->kind, FORM_KIND_FORM);
		assert_true(f->version[0] >= '1' && f->version[0] <= '9');
		assert_non_null(f->service);
		assert_true(f->nsections > 0);
		assert_true(f->nfields > 0);
		assert_true(f->nchecklist > 0);
		assert_int_equal(strlen(f->sha256), 64);
		assert_true(utf8_len(f->title_ru) > 10);
		assert_true(utf8_len(f->title_kk) > 10);
		/* Sections partition the fields in order. */
		for (j = 0; j < f->nsections; j++) {
			size_t k;

			assert_true(f->sections[j].count > 0);
			for (k = 0; k < f->sections[j].count; k++)
				assert_int_equal(
					f->fields[f->sections[j].first + k]
						.section, j);
		}
		assert_int_equal(f->sections[f->nsections - 1].first +
				 f->sections[f->nsections - 1].count,
				 f->nfields);
		for (j = 0; j < f->nfields; j++) {
			const struct form_field *fl = &f->fields[j];

			assert_non_null(fl->label_ru);
			assert_non_null(fl->label_kk);
			assert_true(fl->width >= 1 && fl->width <= 70);
			assert_true(fl->maxlen >= 1);
			if (fl->type == FORM_DATE)
				assert_string_equal(fl->mask, "99.99.9999");
			if (fl->type == FORM_CHOICE)
				assert_true(fl->nchoices >= 2);
		}
	}
	assert_string_equal(formset_get(set, "invitation")->service,
			    "invitation");
	assert_string_equal(formset_get(set, "registration")->service,
			    "registration");
	assert_null(formset_get(set, "no-such-form"));

	/* Two border-pass forms, in file-name order, then the end. */
	assert_string_equal(formset_for_service(set, "border-pass", 0)->id,
			    "border-pass-org");
	assert_string_equal(formset_for_service(set, "border-pass", 1)->id,
			    "border-pass-person");
	assert_null(formset_for_service(set, "border-pass", 2));
	assert_string_equal(formset_for_service(set, "registration", 0)->id,
			    "registration");
	assert_null(formset_for_service(set, "registration", 1));
	assert_null(formset_for_service(set, "visa", 0));

	for (i = 0; i < formset_count(set); i++)
		assert_non_null(formset_at(set, i));
	assert_null(formset_at(set, formset_count(set)));

	formset_free(set);
	errlist_free(&errs);
}

/* The keys the journal and "copy from previous application" rely on. */
static void
test_shared_keys(void **state)
{
	static const struct {
		const char *key;
		enum form_field_type type;
	} shared[] = {
		{"surname", FORM_NAME},      {"given_names", FORM_NAME},
		{"birth_date", FORM_DATE},   {"citizenship", FORM_COUNTRY},
		{"doc_number", FORM_DOCNO},
	};
	struct formset *set = NULL;
	size_t i, j;

	assert_int_equal(formset_load(fixture_forms_dir(), &set, NULL), ST_OK);
	for (i = 0; i < sizeof service_forms / sizeof *service_forms; i++) {
		const struct form *f = formset_get(set, service_forms[i]);

		for (j = 0; j < sizeof shared / sizeof *shared; j++) {
			const struct form_field *fl = form_field(f, shared[j].key);

			if (!fl)
				fail_msg("%s has no field %s", f->id,
					 shared[j].key);
			assert_int_equal(fl->type, shared[j].type);
			assert_int_equal(fl->need, FORM_REQUIRED);
		}
	}
	formset_free(set);
}

static void
test_journal_columns(void **state)
{
	struct formset *set = NULL;
	const struct form *j;

	j = shipped_form(&set, "journal-columns");
	assert_non_null(j);
	assert_int_equal(j->kind, FORM_KIND_COLUMNS);
	assert_int_equal(j->nfields, 17);
	assert_int_equal(j->nsections, 0);
	assert_int_equal(j->nchecklist, 0);
	assert_string_equal(j->fields[0].label_ru, "№ п/п");
	assert_string_equal(j->fields[0].sources[0], "@journal_no");
	assert_int_equal(form_field(j, "full_name")->nsources, 3);
	assert_string_equal(form_field(j, "full_name")->sources[0], "surname");
	assert_string_equal(j->fields[16].label_ru, "Примечание");
	/* A columns file is not an application form of any service. */
	assert_null(formset_for_service(set, "registration", 1));
	formset_free(set);
}

/* ------------------------------------------------------------------ */
/* Field types through form_validate                                   */

static const char type_form[] =
	"# every type once\n"
	"form types\n"
	"version 7\n"
	"service registration\n"
	"title.ru Все типы\n"
	"title.kk Барлық түрлері\n"
	"section s\n"
	"  title.ru Раздел\n"
	"  title.kk Бөлім\n"
	"field t_text\n  type text\n  label.ru Текст\n  label.kk Мәтін\n"
	"  width 10\n  max 10\n"
	"field t_name\n  type name\n  label.ru Фамилия\n  label.kk Тегі\n"
	"  width 20\n  max 20\n"
	"field t_date\n  type date\n  label.ru Дата въезда\n"
	"  label.kk Келген күні\n  width 10\n  mask 99.99.9999\n"
	"field t_country\n  type country\n  label.ru Гражданство\n"
	"  label.kk Азаматтығы\n  width 20\n"
	"field t_choice\n  type choice\n  label.ru Цель\n  label.kk Мақсаты\n"
	"  width 20\n"
	"  choice private Частные дела | Жеке істер\n"
	"  choice family Воссоединение семьи | Отбасын біріктіру\n"
	"field t_number\n  type number\n  label.ru Количество\n"
	"  label.kk Саны\n  width 3\n  range 1 99\n"
	"field t_iin\n  type iin\n  label.ru ИИН\n  label.kk ЖСН\n  width 12\n"
	"field t_bin\n  type bin\n  label.ru БИН\n  label.kk БСН\n  width 12\n"
	"field t_docno\n  type docno\n  label.ru Номер паспорта\n"
	"  label.kk Паспорт нөмірі\n  width 12\n"
	"field t_phone\n  type phone\n  label.ru Телефон\n"
	"  label.kk Телефон\n  width 20\n"
	"field t_multi\n  type multiline\n  label.ru Примечание\n"
	"  label.kk Ескертпе\n  width 40\n  max 50\n  lines 4\n"
	"field t_yesno\n  type yesno\n  label.ru Более 6 месяцев\n"
	"  label.kk 6 айдан астам\n  width 3\n"
	"check doc\n  text.ru Заявление\n  text.kk Өтініш\n  optional\n";

static struct form *
parse_ok(const char *name, const char *text)
{
	struct errlist errs = {0};
	struct form *f = NULL;
	enum status st = form_parse(name, text, &f, &errs);

	if (st != ST_OK)
		print_errs(&errs);
	assert_int_equal(st, ST_OK);
	assert_non_null(f);
	errlist_free(&errs);
	return f;
}

/* Validate { key: value } alone; on success check the stored value, on
 * failure the message (the only error, on that key). */
static void
check_value(const struct form *f, const char *key, const char *value,
	    const char *want_norm, const char *want_msg)
{
	json_t *v = json_object();
	struct errlist errs = {0};
	enum status st;

	json_object_set_new(v, key, json_string(value));
	st = form_validate(f, v, &errs);
	if (want_msg) {
		if (st != ST_INVALID || errs.n != 1 ||
		    !strstr(errs.v[0].msg, want_msg)) {
			print_errs(&errs);
			fail_msg("%s=«%s»: expected error «%s»", key, value,
				 want_msg);
		}
		assert_string_equal(errs.v[0].field, key);
		assert_int_equal(errs.v[0].st, ST_INVALID);
	} else {
		if (st != ST_OK) {
			print_errs(&errs);
			fail_msg("%s=«%s»: expected ok", key, value);
		}
		assert_string_equal(json_string_value(json_object_get(v, key)),
				    want_norm);
	}
	errlist_free(&errs);
	json_decref(v);
}

static void
test_types(void **state)
{
	struct form *f = parse_ok("types", type_form);

	assert_string_equal(f->version, "7");
	assert_int_equal(f->nfields, 12);
	assert_int_equal(form_field(f, "t_multi")->lines, 4);
	assert_int_equal(form_field(f, "t_text")->lines, 1);
	assert_int_equal(form_field(f, "t_date")->maxlen, 10);
	assert_int_equal(form_field(f, "t_choice")->maxlen,
			 (int)utf8_len("Воссоединение семьи"));
	assert_int_equal(form_field(f, "t_number")->min, 1);
	assert_int_equal(form_field(f, "t_number")->max, 99);

	check_value(f, "t_text", "  Алматы  ", "Алматы", NULL);
	check_value(f, "t_text", "Алматы, Абая 1", NULL, "Текст: не более 10");
	check_value(f, "t_text", "a\x01z", NULL, "Текст:");

	check_value(f, "t_name", "ИВАНОВ-ПЕТРОВ", "ИВАНОВ-ПЕТРОВ", NULL);
	check_value(f, "t_name", "O'NEIL", "O'NEIL", NULL);
	check_value(f, "t_name", "Ivan0v", NULL, "Фамилия:");
	check_value(f, "t_name", "ИВАНОВ  ИВАН", NULL, "Фамилия:");

	check_value(f, "t_date", "05.03.2014", "2014-03-05", NULL);
	check_value(f, "t_date", "2014-03-05", "2014-03-05", NULL);
	check_value(f, "t_date", "31.02.2014", NULL,
		    "Дата въезда: несуществующая дата");
	check_value(f, "t_date", "5 марта", NULL, "Дата въезда:");

	check_value(f, "t_country", "Узбекистан", "UZB", NULL);
	check_value(f, "t_country", "ru", "RUS", NULL);
	check_value(f, "t_country", "XXA", "XXA", NULL);
	check_value(f, "t_country", "Атлантида", NULL,
		    "Гражданство: неизвестная страна");

	check_value(f, "t_choice", "family", "family", NULL);
	check_value(f, "t_choice", "Воссоединение семьи", "family", NULL);
	check_value(f, "t_choice", "Жеке істер", "private", NULL);
	check_value(f, "t_choice", "туризм", NULL,
		    "Цель: нет такого варианта «туризм» (варианты: Частные дела, Воссоединение семьи)");

	check_value(f, "t_number", "42", "42", NULL);
	check_value(f, "t_number", "007", "7", NULL);
	check_value(f, "t_number", "100", NULL, "Количество:");
	check_value(f, "t_number", "4x", NULL, "Количество:");

	check_value(f, "t_iin", "900101300007", "900101300007", NULL);
	check_value(f, "t_iin", "900101300008", NULL,
		    "ИИН: неверная контрольная цифра");
	check_value(f, "t_iin", "90010130000", NULL, "ИИН: должно быть 12");

	check_value(f, "t_bin", "050140001208", "050140001208", NULL);
	check_value(f, "t_bin", "050140001209", NULL,
		    "БИН: неверная контрольная цифра");

	check_value(f, "t_docno", "n 1234567", "N1234567", NULL);
	check_value(f, "t_docno", "АВ123", NULL, "Номер паспорта:");

	check_value(f, "t_phone", "8 (701) 123-45-67", "+77011234567", NULL);
	check_value(f, "t_phone", "12-34", NULL, "Телефон:");

	check_value(f, "t_multi", "первая строка\nвторая", "первая строка\n"
		    "вторая", NULL);
	check_value(f, "t_multi", "ааааааааааааааааааааааааааааааааааааааааааааааааааааа", NULL, "Примечание: не более 50");

	check_value(f, "t_yesno", "да", "yes", NULL);
	check_value(f, "t_yesno", "НЕТ", "no", NULL);
	check_value(f, "t_yesno", "иә", "yes", NULL);
	check_value(f, "t_yesno", "может быть", NULL,
		    "Более 6 месяцев: ответьте «да» или «нет»");

	assert_string_equal(form_field_type_name(FORM_DOCNO), "docno");
	assert_string_equal(form_field_type_name(FORM_YESNO), "yesno");
	form_free(f);
}

static void
test_validate_field_direct(void **state)
{
	struct form *f = parse_ok("types", type_form);
	const struct form_field *fl = form_field(f, "t_date");
	char *norm = NULL;
	struct err e;

	assert_int_equal(form_validate_field(f, fl, "01.01.2020", NULL, &norm,
					     &e), ST_OK);
	assert_string_equal(norm, "2020-01-01");
	free(norm);
	/* Empty optional: fine, stored as "". */
	assert_int_equal(form_validate_field(f, fl, "", NULL, &norm, &e),
			 ST_OK);
	assert_string_equal(norm, "");
	free(norm);
	assert_int_equal(form_validate_field(f, fl, "32.01.2020", NULL, &norm,
					     &e), ST_INVALID);
	assert_null(norm);
	assert_string_equal(e.field, "t_date");
	assert_true(str_starts(e.msg, "Дата въезда: "));
	form_free(f);
}

/* A name typed with a decomposed letter (И + U+0306, as some keyboards
 * send «Й») is the one letter: accepted and stored in NFC. */
static void
test_validate_nfc(void **state)
{
	struct form *f = parse_ok("types", type_form);
	const struct form_field *fl = form_field(f, "t_name");
	char *norm = NULL;
	struct err e;

	(void)state;
	assert_int_equal(form_validate_field(f, fl, "И\xcc\x86ВАНОВ", NULL,
					     &norm, &e), ST_OK);
	assert_string_equal(norm, "ЙВАНОВ");
	free(norm);
	form_free(f);
}

/* ------------------------------------------------------------------ */
/* Whole forms: required, conditions, unknown keys                     */

static json_t *
registration_values(void)
{
	json_t *v = json_object();

	json_object_set_new(v, "surname", json_string("KARIMOV"));
	json_object_set_new(v, "given_names", json_string("ALISHER"));
	json_object_set_new(v, "birth_date", json_string("14.07.1985"));
	json_object_set_new(v, "sex", json_string("Мужской"));
	json_object_set_new(v, "citizenship", json_string("Узбекистан"));
	json_object_set_new(v, "doc_type", json_string("passport"));
	json_object_set_new(v, "doc_number", json_string("aa 1234567"));
	json_object_set_new(v, "doc_expiry", json_string("01.01.2030"));
	json_object_set_new(v, "purpose", json_string("work"));
	json_object_set_new(v, "entry_date", json_string("02.03.2014"));
	json_object_set_new(v, "entry_point", json_string("Жибек жолы"));
	json_object_set_new(v, "migration_card", json_string("KZ 0123456"));
	json_object_set_new(v, "address_stay",
			    json_string("г. Шымкент, ул. Байтурсынова, 12, кв. 5"));
	json_object_set_new(v, "period_from", json_string("03.03.2014"));
	json_object_set_new(v, "period_to", json_string("31.05.2014"));
	json_object_set_new(v, "long_stay", json_string("нет"));
	json_object_set_new(v, "host_kind", json_string("person"));
	json_object_set_new(v, "host_name",
			    json_string("Сейтқали Айгүл Нұрланқызы"));
	json_object_set_new(v, "host_iin", json_string("851202000008"));
	json_object_set_new(v, "host_address",
			    json_string("г. Шымкент, ул. Байтурсынова, 12, кв. 5"));
	json_object_set_new(v, "host_doc",
			    json_string("удостоверение личности № 012345678"));
	json_object_set_new(v, "host_right",
			    json_string("свидетельство о собственности"));
	json_object_set_new(v, "host_phone", json_string("8 701 555 44 33"));
	return v;
}

static const char *
jget(json_t *v, const char *k)
{
	return json_string_value(json_object_get(v, k));
}

static void
test_registration_valid(void **state)
{
	struct formset *set = NULL;
	struct errlist errs = {0};
	const struct form *f;
	json_t *v = registration_values();

	f = shipped_form(&set, "registration");
	if (form_validate(f, v, &errs) != ST_OK) {
		print_errs(&errs);
		fail();
	}
	assert_string_equal(jget(v, "birth_date"), "1985-07-14");
	assert_string_equal(jget(v, "sex"), "m");
	assert_string_equal(jget(v, "citizenship"), "UZB");
	assert_string_equal(jget(v, "doc_number"), "AA1234567");
	assert_string_equal(jget(v, "migration_card"), "KZ0123456");
	assert_string_equal(jget(v, "long_stay"), "no");
	assert_string_equal(jget(v, "host_phone"), "+77015554433");
	/* Absent optional fields stay absent. */
	assert_null(json_object_get(v, "patronymic"));
	json_decref(v);
	errlist_free(&errs);
	formset_free(set);
}

static void
test_required_and_unknown(void **state)
{
	struct formset *set = NULL;
	struct errlist errs = {0};
	const struct form *f;
	json_t *v = registration_values();

	f = shipped_form(&set, "registration");
	json_object_del(v, "surname");
	json_object_set_new(v, "given_names", json_string("   "));
	json_object_set_new(v, "entry_date", json_null());
	json_object_set_new(v, "colour", json_string("red"));
	json_object_set_new(v, "period_to", json_integer(5));
	assert_int_equal(form_validate(f, v, &errs), ST_INVALID);
	assert_int_equal(errs.n, 5);
	assert_true(errs_have(&errs, "Фамилия: не заполнено", ""));
	assert_true(errs_have(&errs, "Имя: не заполнено", ""));
	assert_true(errs_have(&errs, "Дата въезда: не заполнено", ""));
	assert_true(errs_have(&errs, "Неизвестное поле «colour»", ""));
	assert_true(errs_have(&errs, "Срок регистрации: по: значение должно быть строкой", ""));
	assert_string_equal(errs.v[0].field, "colour");
	errlist_free(&errs);

	/* Not an object at all. */
	json_decref(v);
	v = json_array();
	assert_int_equal(form_validate(f, v, &errs), ST_INVALID);
	assert_int_equal(errs.n, 1);
	json_decref(v);
	errlist_free(&errs);
	formset_free(set);
}

static void
test_conditions(void **state)
{
	struct formset *set = NULL;
	struct errlist errs = {0};
	const struct form *inv, *reg;
	json_t *v;

	inv = shipped_form(&set, "invitation");
	reg = formset_get(set, "registration");

	/* kinship: required when purpose = family (here typed as its
	 * Russian label), not otherwise. */
	v = json_object();
	json_object_set_new(v, "purpose", json_string("Воссоединение семьи"));
	assert_int_equal(form_validate(inv, v, &errs), ST_INVALID);
	assert_true(errs_have(&errs, "Степень родства с приглашающим: не заполнено", ""));
	assert_string_equal(jget(v, "purpose"), "family");
	errlist_free(&errs);

	json_object_set_new(v, "purpose", json_string("private"));
	assert_int_equal(form_validate(inv, v, &errs), ST_INVALID);
	assert_false(errs_have(&errs, "Степень родства", ""));
	errlist_free(&errs);

	json_object_set_new(v, "purpose", json_string("family"));
	json_object_set_new(v, "kinship", json_string("Сын, дочь"));
	assert_int_equal(form_validate(inv, v, &errs), ST_INVALID);
	assert_false(errs_have(&errs, "Степень родства", ""));
	assert_string_equal(jget(v, "kinship"), "child");
	errlist_free(&errs);
	json_decref(v);

	/* form_validate_field consults the other values as typed. */
	{
		const struct form_field *k = form_field(inv, "kinship");
		struct err e;
		char *norm = NULL;

		v = json_object();
		json_object_set_new(v, "purpose",
				    json_string("Воссоединение семьи"));
		assert_int_equal(form_validate_field(inv, k, "", v, &norm, &e),
				 ST_INVALID);
		assert_string_equal(e.msg, "Степень родства с приглашающим: не заполнено");
		json_object_set_new(v, "purpose", json_string("private"));
		assert_int_equal(form_validate_field(inv, k, " ", v, &norm,
						     &e), ST_OK);
		assert_string_equal(norm, "");
		free(norm);
		json_decref(v);
	}

	/* "filled": the visa's expiry is needed once a visa number is. */
	v = registration_values();
	assert_int_equal(form_validate(reg, v, &errs), ST_OK);
	json_object_set_new(v, "visa_number", json_string("1234567"));
	assert_int_equal(form_validate(reg, v, &errs), ST_INVALID);
	assert_int_equal(errs.n, 2);
	assert_true(errs_have(&errs, "Виза действительна до: не заполнено",
			      ""));
	assert_true(errs_have(&errs, "Категория визы: не заполнено", ""));
	errlist_free(&errs);

	/* host_bin instead of host_iin for an organisation. */
	json_object_del(v, "visa_number");
	json_object_set_new(v, "host_kind", json_string("Юридическое лицо"));
	json_object_del(v, "host_iin");
	json_object_del(v, "host_doc");
	assert_int_equal(form_validate(reg, v, &errs), ST_INVALID);
	assert_int_equal(errs.n, 1);
	assert_string_equal(errs.v[0].field, "host_bin");
	errlist_free(&errs);
	json_object_set_new(v, "host_bin", json_string("050140001208"));
	assert_int_equal(form_validate(reg, v, &errs), ST_OK);
	json_decref(v);
	formset_free(set);
}

static void
test_checklist(void **state)
{
	struct formset *set = NULL;
	const struct form *reg;
	struct strbuf miss = {0};
	json_t *v, *docs;
	struct err e;

	reg = shipped_form(&set, "registration");
	v = registration_values();
	docs = json_pack("[sssss]", "id_document", "migration_card",
			 "application", "host_id", "host_dwelling");

	assert_int_equal(form_checklist_missing(reg, v, docs, &miss, &e),
			 ST_OK);
	assert_int_equal(miss.len, 0);

	/* A stay over six months needs three more documents. */
	json_object_set_new(v, "long_stay", json_string("да"));
	assert_int_equal(form_checklist_missing(reg, v, docs, &miss, &e),
			 ST_OK);
	assert_string_equal(miss.s, "Адресные листки прибытия (2 экз.)\n"
			    "Талон статистического учета к листку прибытия\n"
			    "Фотография 3,5×4,5 см (1 шт.)\n");
	sb_free(&miss);

	/* Nothing presented: the migration card is needed from 16 (the
	 * rules compute under_16). */
	json_object_set_new(v, "long_stay", json_string("no"));
	json_object_set_new(v, "under_16", json_string("no"));
	assert_int_equal(form_checklist_missing(reg, v, NULL, &miss, &e),
			 ST_OK);
	assert_non_null(strstr(miss.s, "Миграционная карточка с отметкой"));
	sb_free(&miss);
	json_object_set_new(v, "under_16", json_string("yes"));
	assert_int_equal(form_checklist_missing(reg, v, NULL, &miss, &e),
			 ST_OK);
	assert_null(strstr(miss.s, "Миграционная карточка с отметкой"));
	assert_non_null(strstr(miss.s, "Документ, удостоверяющий личность принимающей стороны"));
	assert_null(strstr(miss.s, "Письмо принимающей организации"));
	sb_free(&miss);

	json_array_append_new(docs, json_string("passport_of_grandma"));
	assert_int_equal(form_checklist_missing(reg, v, docs, &miss, &e),
			 ST_INVALID);
	assert_non_null(strstr(e.msg, "passport_of_grandma"));
	sb_free(&miss);
	json_decref(docs);
	json_decref(v);
	formset_free(set);
}

/* ------------------------------------------------------------------ */
/* Broken files                                                        */

static const struct {
	const char *file;
	int line;
	const char *frag;
} broken[] = {
	{"bad-choice.form", 28, "вариант «family Воссоединение семьи»: нужно «choice КОД"},
	{"bad-key.form", 21, "недопустимый ключ «Purpose»"},
	{"bad-range.form", 35, "недопустимый диапазон «10 1»"},
	{"bad-service.form", 5, "неизвестная услуга «passport»"},
	{"bad-utf8.form", 15, "недопустимая последовательность байтов UTF-8"},
	{"bad-width.form", 17, "недопустимая ширина «3O»"},
	{"check-no-need.form", 30, "документ «application»: не указано, нужен ли он"},
	{"choice-empty.form", 21, "поле «purpose» типа choice без вариантов"},
	{"cond-syntax.form", 19, "нужно «поле = значение» или «поле filled»"},
	{"cond-unknown.form", 19, "условие ссылается на неизвестное поле «purpos»"},
	{"cond-value.form", 19, "«famly» не является вариантом поля «purpose»"},
	{"dup-attr.form", 19, "«label.ru» уже задано в строке 15"},
	{"dup-choice.form", 28, "вариант «private» повторяется"},
	{"dup-field.form", 21, "поле «surname» уже определено в строке 13"},
	{"header-attr-in-field.form", 19, "неизвестный атрибут «service» в описании поля"},
	{"hint-half.form", 19, "«hint.ru» без «hint.kk»"},
	{"missing-label.form", 13, "поле «surname»: не задан атрибут «label.kk»"},
	{"missing-type.form", 13, "поле «surname»: не задан атрибут «type»"},
	{"missing-version.form", 3, "форма «missing-version»: не задан атрибут «version»"},
	{"name-mismatch.form", 3, "имя формы «other-name» не совпадает с именем файла name-mismatch.form"},
	{"no-checklist.form", 3, "нет перечня документов"},
	{"no-header.form", 3, "файл должен начинаться со строки «form ИМЯ»"},
	{"no-max.form", 13, "для типа name нужен атрибут «max»"},
	{"outside-section.form", 9, "поле «surname» вне раздела"},
	{"unknown-attr.form", 19, "неизвестный атрибут «colour» в описании поля"},
	{"unknown-type.form", 14, "неизвестный тип поля «nam»"},
	{"wide.form", 17, "недопустимая ширина «200»"},
	{"width-over-max.form", 17, "ширина 40 больше длины 20"},
};

static void
test_broken_fixtures(void **state)
{
	char *dir = fixture_root_path("tests/fixtures/forms-broken");
	struct formset *set = (struct formset *)1;
	struct errlist errs = {0};
	size_t i, j, nfiles = 0;
	DIR *d;
	struct dirent *de;

	assert_int_equal(formset_load(dir, &set, &errs), ST_INVALID);
	assert_null(set);
	for (i = 0; i < sizeof broken / sizeof *broken; i++) {
		char *prefix = xasprintf("%s/%s:%d: ", dir, broken[i].file,
					 broken[i].line);
		char *fileprefix = xasprintf("%s/%s:", dir, broken[i].file);
		size_t count = 0;

		if (!errs_have(&errs, prefix, broken[i].frag)) {
			print_errs(&errs);
			fail_msg("no «%s%s»", prefix, broken[i].frag);
		}
		/* One problem, one message (the unreadable line also
		 * loses its label). */
		for (j = 0; j < errs.n; j++)
			count += str_starts(errs.v[j].msg, fileprefix);
		assert_int_equal(count,
				 strcmp(broken[i].file, "bad-utf8.form") ? 1 : 2);
		free(prefix);
		free(fileprefix);
	}
	/* Every fixture file is in the table. */
	assert_non_null(d = opendir(dir));
	while ((de = readdir(d)))
		nfiles += strstr(de->d_name, ".form") != NULL;
	closedir(d);
	assert_int_equal(nfiles, sizeof broken / sizeof *broken);

	/* form_parse reports the same way, named as asked. */
	{
		char *path = xasprintf("%s/unknown-type.form", dir);
		char *text = slurp(path);
		struct form *f = (struct form *)1;

		errlist_free(&errs);
		assert_int_equal(form_parse("snapshot", text, &f, &errs),
				 ST_INVALID);
		assert_null(f);
		assert_int_equal(errs.n, 1);
		assert_true(str_starts(errs.v[0].msg, "snapshot:14: неизвестный тип поля «nam»"));
		free(text);
		free(path);
	}
	errlist_free(&errs);
	free(dir);
}

static void
test_parse_edge_cases(void **state)
{
	struct errlist errs = {0};
	struct form *f = NULL;

	/* CRLF, a BOM, tabs and comments are fine. */
	f = parse_ok("crlf", "\xEF\xBB\xBF# c\r\nform crlf\r\nversion 1\r\n"
		     "service invitation\r\ntitle.ru Т\r\ntitle.kk Т\r\n"
		     "section s\r\n\ttitle.ru Р\r\n\ttitle.kk Б\r\n"
		     "field a\r\n\ttype yesno\r\n\tlabel.ru Да?\r\n"
		     "\tlabel.kk Иә?\r\n\twidth 3\r\n\trequired\r\n"
		     "check c\r\n\ttext.ru Д\r\n\ttext.kk Қ\r\n\toptional\r\n");
	assert_string_equal(f->fields[0].label_kk, "Иә?");
	assert_int_equal(f->fields[0].need, FORM_REQUIRED);
	form_free(f);

	/* Empty text. */
	assert_int_equal(form_parse("empty", "", &f, &errs), ST_INVALID);
	assert_true(errs_have(&errs, "empty:1: файл должен начинаться", ""));
	errlist_free(&errs);

	/* A value after "required", a missing value, a self condition. */
	assert_int_equal(form_parse("x", "form x\nversion 1\n"
				    "service invitation\ntitle.ru Т\n"
				    "title.kk Т\nsection s\ntitle.ru Р\n"
				    "title.kk Б\nfield a\ntype text\n"
				    "label.ru А\nlabel.kk А\nwidth 3\nmax 3\n"
				    "required yes\nmask\nfield b\ntype text\n"
				    "label.ru Б\nlabel.kk Б\nwidth 3\nmax 3\n"
				    "required-if b filled\ncheck c\n"
				    "text.ru Д\ntext.kk Қ\nrequired\n",
				    &f, &errs), ST_INVALID);
	assert_true(errs_have(&errs, "x:15: после «required» ничего", ""));
	assert_true(errs_have(&errs, "x:16: у «mask» нет значения", ""));
	assert_true(errs_have(&errs, "x:23: поле «b» не может зависеть", ""));
	assert_int_equal(errs.n, 3);
	errlist_free(&errs);
}

static void
test_dir_fails_as_a_whole(void **state)
{
	char dir[256], *p, *msg;
	struct formset *set = NULL;
	struct errlist errs = {0};
	static const char nul[] = "form bad\nversion 1\0\n";

	fixture_tmpdir(dir, sizeof dir, "form");
	copy_forms(dir);
	assert_int_equal(formset_load(dir, &set, &errs), ST_OK);
	assert_int_equal(formset_count(set), 5);
	formset_free(set);
	set = NULL;

	/* One broken file among good ones: nothing is loaded. */
	p = xasprintf("%s/registration.form", dir);
	patch_file(p, "  type date", "  type dot ");
	assert_int_equal(formset_load(dir, &set, &errs), ST_INVALID);
	assert_null(set);
	/* The type error, and what follows from it (a computed field that
	 * counts an age from that date). */
	assert_true(errs.n >= 1);
	msg = xasprintf("%s:", p);
	assert_true(errs_have(&errs, msg, "неизвестный тип поля «dot»"));
	free(msg);
	free(p);
	errlist_free(&errs);

	/* A NUL byte. */
	copy_forms(dir);
	p = xasprintf("%s/bad.form", dir);
	spit(p, nul, sizeof nul - 1);
	assert_int_equal(formset_load(dir, &set, &errs), ST_INVALID);
	msg = xasprintf("%s:2: нулевой байт", p);
	assert_true(errs_have(&errs, msg, ""));
	free(msg);
	unlink(p);
	free(p);
	errlist_free(&errs);

	/* A journal column reading a key no form has. */
	p = xasprintf("%s/journal-columns.form", dir);
	patch_file(p, "source address_stay", "source adress_stay ");
	assert_int_equal(formset_load(dir, &set, &errs), ST_INVALID);
	assert_int_equal(errs.n, 1);
	assert_non_null(strstr(errs.v[0].msg, "столбец «address»: поля «adress_stay» нет ни в одной форме"));
	free(p);
	errlist_free(&errs);

	fixture_rmdir(dir);
	/* A directory that does not exist, or holds no form. */
	assert_int_equal(formset_load(dir, &set, &errs), ST_NOTFOUND);
	errlist_free(&errs);
	assert_int_equal(mkdir(dir, 0700), 0);
	assert_int_equal(formset_load(dir, &set, &errs), ST_NOTFOUND);
	assert_true(errs_have(&errs, dir, "нет файлов форм"));
	errlist_free(&errs);
	rmdir(dir);
}

/* ------------------------------------------------------------------ */
/* Snapshots                                                           */

static void
test_snapshots(void **state)
{
	char dir[256], *db;
	struct store *s = NULL;
	struct form *f = parse_ok("types", type_form), *g = NULL, *h = NULL;
	struct err e;
	char *changed;

	fixture_tmpdir(dir, sizeof dir, "form");
	db = xasprintf("%s/t.db", dir);
	assert_int_equal(store_open(db, STORE_CREATE | STORE_TRAINING, &s, &e), ST_OK);
	assert_true(store_schema_version(s) >= 3);

	assert_int_equal(store_begin(s, &e), ST_OK);
	assert_int_equal(form_snapshot_store(s, f, &e), ST_OK);
	assert_int_equal(form_snapshot_store(s, f, &e), ST_OK); /* again */
	assert_int_equal(store_commit(s, &e), ST_OK);

	assert_int_equal(form_snapshot_load(s, "types", "7", &g, &e), ST_OK);
	assert_non_null(g);
	assert_string_equal(g->text, f->text);
	assert_string_equal(g->sha256, f->sha256);
	assert_string_equal(g->id, "types");
	assert_int_equal(g->nfields, f->nfields);
	assert_string_equal(form_field(g, "t_choice")->choices[1].kk,
			    "Отбасын біріктіру");

	assert_int_equal(form_snapshot_load(s, "types", "8", &h, &e),
			 ST_NOTFOUND);
	assert_null(h);
	assert_non_null(strstr(e.msg, "«types» версии 8"));

	/* The same version with another text is refused. */
	changed = xasprintf("%s# edited\n", type_form);
	h = parse_ok("types.form", changed);
	assert_int_equal(store_begin(s, &e), ST_OK);
	assert_int_equal(form_snapshot_store(s, h, &e), ST_CONFLICT);
	assert_non_null(strstr(e.msg, "изменена без смены версии"));
	store_rollback(s);
	form_free(h);
	h = NULL;

	/* A stored text edited behind okno's back is found. */
	assert_int_equal(store_exec(s, "UPDATE form_texts SET text = "
				    "replace(text, 'Все типы', 'Иные типы')",
				    &e), ST_OK);
	assert_int_equal(form_snapshot_load(s, "types", "7", &h, &e),
			 ST_CORRUPT);
	assert_null(h);

	free(changed);
	form_free(g);
	form_free(f);
	store_close(s);
	free(db);
	fixture_rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shipped_forms_load),
		cmocka_unit_test(test_shared_keys),
		cmocka_unit_test(test_journal_columns),
		cmocka_unit_test(test_types),
		cmocka_unit_test(test_validate_field_direct),
		cmocka_unit_test(test_validate_nfc),
		cmocka_unit_test(test_registration_valid),
		cmocka_unit_test(test_required_and_unknown),
		cmocka_unit_test(test_conditions),
		cmocka_unit_test(test_checklist),
		cmocka_unit_test(test_broken_fixtures),
		cmocka_unit_test(test_parse_edge_cases),
		cmocka_unit_test(test_dir_fails_as_a_whole),
		cmocka_unit_test(test_snapshots),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
