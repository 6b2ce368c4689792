/* SPDX-License-Identifier: MIT */
/* Values against a form: conditions, each field's validation through
 * core/validate.h, the documents checklist; and the form_texts snapshots
 * that keep the text a case was filed under. */
#include "forms.h"
#include "forms_int.h"
#include "i18n.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "clock.h"
#include "country.h"
#include "date.h"
#include "db.h"
#include "validate.h"

/* ---------------------------------------------------------------- */
/* Values                                                           */

/* The value of key as a string; NULL when absent, null or not a string. */
static const char *
value_str(json_t *values, const char *key)
{
	json_t *v = values ? json_object_get(values, key) : NULL;

	return json_is_string(v) ? json_string_value(v) : NULL;
}

static const char *const yes_words[] = {
	"да", "Да", "ДА", "yes", "Yes", "YES", "иә", "Иә", "ИӘ", "д", "Д",
};
static const char *const no_words[] = {
	"нет", "Нет", "НЕТ", "no", "No", "NO", "жоқ", "Жоқ", "ЖОҚ", "н", "Н",
};

/* "yes", "no" or NULL. */
static const char *
yesno_code(const char *s)
{
	size_t i;

	for (i = 0; i < N(yes_words); i++)
		if (!strcmp(s, yes_words[i]))
			return "yes";
	for (i = 0; i < N(no_words); i++)
		if (!strcmp(s, no_words[i]))
			return "no";
	return NULL;
}

static const struct form_choice *
choice_find(const struct form_field *fl, const char *s)
{
	size_t i;

	for (i = 0; i < fl->nchoices; i++)
		if (!strcmp(fl->choices[i].code, s))
			return &fl->choices[i];
	for (i = 0; i < fl->nchoices; i++)
		if (!strcmp(fl->choices[i].ru, s) ||
		    !strcmp(fl->choices[i].kk, s))
			return &fl->choices[i];
	return NULL;
}

static char *
trimmed(const char *s)
{
	char *t = xstrdup(s ? s : "");

	str_trim(t);
	return t;
}

int
form_cond_holds(const struct form *f, const struct form_cond *c,
		json_t *values)
{
	const struct form_field *t = form_field(f, c->key);
	char *v = trimmed(value_str(values, c->key));
	const char *code = v;
	size_t i;
	int holds = 0;

	if (t && t->type == FORM_CHOICE) {
		const struct form_choice *ch = choice_find(t, v);

		if (ch)
			code = ch->code;
	} else if (t && t->type == FORM_YESNO && yesno_code(v)) {
		code = yesno_code(v);
	}
	if (c->op == FORM_COND_FILLED)
		holds = *v != '\0';
	else
		for (i = 0; i < c->nvalues && !holds; i++)
			holds = !strcmp(code, c->values[i]);
	free(v);
	return holds;
}

static int
field_required(const struct form *f, const struct form_field *fl,
	       json_t *values)
{
	if (fl->need == FORM_REQUIRED)
		return 1;
	if (fl->need == FORM_REQUIRED_IF)
		return form_cond_holds(f, &fl->cond, values);
	return 0;
}

/* The choices as "А, Б, В" when short enough to quote in a message. */
static void
choice_list(const struct form_field *fl, char *buf, size_t n)
{
	struct strbuf b = {0};
	size_t i;

	for (i = 0; i < fl->nchoices; i++) {
		if (i)
			sb_add(&b, ", ");
		sb_add(&b, i18n_pick(fl->choices[i].ru, fl->choices[i].kk));
	}
	if (b.len < n && b.len < 300)
		snprintf(buf, n, i18n_text(" (варианты: %s)"), b.s);
	else
		buf[0] = '\0';
	sb_free(&b);
}

/* A non-empty value v of field fl checked by its type; ST_OK with *norm
 * the stored form. */
static enum status
validate_typed(const struct form_field *fl, const char *v, char **norm,
	       struct err *e)
{
	const char *label = i18n_pick(fl->label_ru, fl->label_kk), *key = fl->key;
	enum status st = ST_OK;
	char buf[64];
	struct date dt;
	long num;

	switch (fl->type) {
	case FORM_TEXT:
	case FORM_MULTILINE:
		st = val_text(key, label, v, (size_t)fl->maxlen,
			      fl->type == FORM_MULTILINE, e);
		if (st == ST_OK)
			*norm = xstrdup(v);
		break;
	case FORM_NAME:
		st = val_name(key, label, v, (size_t)fl->maxlen, e);
		if (st == ST_OK)
			*norm = xstrdup(v);
		break;
	case FORM_DATE:
		st = val_date(key, label, v, &dt, e);
		if (st == ST_OK) {
			date_format_iso(dt, buf);
			*norm = xstrdup(buf);
		}
		break;
	case FORM_COUNTRY:
		st = val_country(key, label, v, buf, e);
		if (st == ST_OK)
			*norm = xstrdup(buf);
		break;
	case FORM_CHOICE: {
		const struct form_choice *ch = choice_find(fl, v);

		if (ch) {
			*norm = xstrdup(ch->code);
		} else {
			char list[400];

			choice_list(fl, list, sizeof list);
			st = err_set(e, ST_INVALID, key, "%s: нет такого варианта «%.80s»%s", label, v, list);
		}
		break;
	}
	case FORM_NUMBER:
		st = val_number(key, label, v, fl->min, fl->max, &num, e);
		if (st == ST_OK)
			*norm = xasprintf("%ld", num);
		break;
	case FORM_IIN:
		st = val_iin(key, label, v, e);
		if (st == ST_OK)
			*norm = xstrdup(v);
		break;
	case FORM_BIN:
		st = val_bin(key, label, v, e);
		if (st == ST_OK)
			*norm = xstrdup(v);
		break;
	case FORM_DOCNO:
		st = val_docno(key, label, v, buf, sizeof buf, e);
		if (st == ST_OK)
			*norm = xstrdup(buf);
		break;
	case FORM_PHONE:
		st = val_phone(key, label, v, buf, sizeof buf, e);
		if (st == ST_OK)
			*norm = xstrdup(buf);
		break;
	case FORM_YESNO:
		if (yesno_code(v))
			*norm = xstrdup(yesno_code(v));
		else
			st = err_set(e, ST_INVALID, key, "%s: ответьте «да» или «нет»", label);
		break;
	default:
		st = err_set(e, ST_INVALID, key, "%s: неизвестный тип поля",
			     label);
		break;
	}
	return st;
}

enum status
form_validate_field(const struct form *f, const struct form_field *fl,
		    const char *value, json_t *all_values, char **normalised,
		    struct err *e)
{
	const char *label = i18n_pick(fl->label_ru, fl->label_kk), *key = fl->key;
	char *v = trimmed(value), *norm = NULL;
	enum status st = ST_OK;

	if (normalised)
		*normalised = NULL;
	if (!utf8_valid(v)) {
		st = err_set(e, ST_INVALID, key, "%s: недопустимые символы",
			     label);
		goto out;
	}
	{
		/* A letter typed as base and combining mark is one letter. */
		char *nfc = utf8_nfc(v);

		free(v);
		v = nfc;
	}
	if (*v == '\0') {
		if (field_required(f, fl, all_values))
			st = err_set(e, ST_INVALID, key, "%s: не заполнено",
				     label);
		else
			norm = xstrdup("");
		goto out;
	}
	st = validate_typed(fl, v, &norm, e);
	/* The validators of fixed formats know their own lengths; the
	 * form's max still bounds what is stored. */
	if (st == ST_OK && fl->type != FORM_CHOICE &&
	    (int)utf8_len(norm) > fl->maxlen) {
		st = err_set(e, ST_INVALID, key, "%s: не более %d знаков",
			     label, fl->maxlen);
		free(norm);
		norm = NULL;
	}
out:
	free(v);
	if (st == ST_OK && normalised)
		*normalised = norm;
	else
		free(norm);
	return st;
}

enum status
form_validate(const struct form *f, json_t *values, struct errlist *errs)
{
	struct errlist local = {0};
	const char *k;
	json_t *v;
	size_t i, before;
	struct err e;

	if (!errs)
		errs = &local;
	before = errs->n;
	if (!json_is_object(values)) {
		errlist_add(errs, ST_INVALID, "", "Данные формы должны быть объектом JSON");
		errlist_free(&local);
		return ST_INVALID;
	}
	{
		char today[16];

		date_format_ru(clock_today(), today);
		form_compute_values(f, values, today);
	}
	json_object_foreach(values, k, v) {
		if (!form_field(f, k))
			errlist_add(errs, ST_INVALID, k, "Неизвестное поле «%.80s» в форме «%s»", k, i18n_pick(f->title_ru, f->title_kk));
	}
	for (i = 0; i < f->nfields; i++) {
		const struct form_field *fl = &f->fields[i];
		json_t *raw = json_object_get(values, fl->key);
		char *norm = NULL;

		if (raw && !json_is_string(raw) && !json_is_null(raw)) {
			errlist_add(errs, ST_INVALID, fl->key, "%s: значение должно быть строкой", i18n_pick(fl->label_ru, fl->label_kk));
			continue;
		}
		err_clear(&e);
		if (form_validate_field(f, fl, json_string_value(raw), values,
					&norm, &e) != ST_OK) {
			errlist_add_err(errs, &e);
			continue;
		}
		if (json_is_string(raw) &&
		    strcmp(norm, json_string_value(raw)))
			json_object_set_new(values, fl->key,
					    json_string(norm));
		free(norm);
	}
	i = errs->n - before;
	errlist_free(&local);
	return i ? ST_INVALID : ST_OK;
}

enum status
form_checklist_missing(const struct form *f, json_t *values,
		       json_t *presented, struct strbuf *missing_ru,
		       struct err *e)
{
	size_t i, j;
	json_t *it;

	if (presented && !json_is_array(presented))
		return err_set(e, ST_INVALID, "", "Перечень представленных документов должен быть массивом");
	json_array_foreach(presented, i, it) {
		const char *k = json_string_value(it);

		for (j = 0; k && j < f->nchecklist; j++)
			if (!strcmp(f->checklist[j].key, k))
				break;
		if (!k || j == f->nchecklist)
			return err_set(e, ST_INVALID, "", "Неизвестный документ «%.80s» в перечне", k ? k : "?");
	}
	for (i = 0; i < f->nchecklist; i++) {
		const struct form_check_item *c = &f->checklist[i];
		int need = c->need == FORM_REQUIRED ||
			(c->need == FORM_REQUIRED_IF &&
			 form_cond_holds(f, &c->cond, values));
		int have = 0;

		if (!need)
			continue;
		json_array_foreach(presented, j, it)
			have |= !strcmp(json_string_value(it), c->key);
		if (!have) {
			sb_add(missing_ru, c->text_ru);
			sb_addc(missing_ru, '\n');
		}
	}
	return ST_OK;
}

/* ---------------------------------------------------------------- */
/* Snapshots                                                        */

enum status
form_snapshot_store(struct store *s, const struct form *f, struct err *e)
{
	int have = db_exists(s, e, "SELECT 1 FROM form_texts WHERE id = ? AND "
			     "version = ? AND sha256 <> ? LIMIT 1",
			     DB_TEXT(f->id), DB_TEXT(f->version),
			     DB_TEXT(f->sha256));

	if (have < 0)
		return e ? e->st : ST_STORAGE;
	if (have)
		return err_set(e, ST_CONFLICT, "", "Форма «%s» версии %s изменена без смены версии: увеличьте «version» в файле %s", f->id, f->version, f->name);
	return db_exec(s, e, "INSERT INTO form_texts(id, version, sha256, text)"
		       " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
		       DB_TEXT(f->id), DB_TEXT(f->version), DB_TEXT(f->sha256),
		       DB_TEXT(f->text));
}

enum status
form_snapshot_load(struct store *s, const char *id, const char *version,
		   struct form **out, struct err *e)
{
	struct errlist errs = {0};
	struct db_stmt *st;
	enum status rc;
	char *sha = NULL, *text = NULL, *name = NULL;
	char got[CHAIN_HEX];

	*out = NULL;
	/* One text per id and version: form_snapshot_store refuses a second
	 * one under the same version. */
	rc = db_one(s, &st, e, "SELECT sha256, text FROM form_texts WHERE "
		    "id = ? AND version = ? LIMIT 1", DB_TEXT(id),
		    DB_TEXT(version));
	if (rc == ST_NOTFOUND)
		return err_set(e, ST_NOTFOUND, "", "Нет сохранённой формы «%s» версии %s", id, version);
	if (rc != ST_OK)
		return rc;
	sha = db_col_dup(st, 0);
	text = db_col_dup(st, 1);
	db_finalize(st);

	chain_sha256_hex(text, strlen(text), got);
	if (strcmp(got, sha)) {
		rc = err_set(e, ST_CORRUPT, "", "Сохранённая форма «%s» версии %s повреждена: контрольная сумма не совпадает",
			     id, version);
		goto out;
	}
	name = xasprintf("form_texts:%s@%s", id, version);
	if (form_parse(name, text, out, &errs) != ST_OK) {
		rc = err_set(e, ST_CORRUPT, "", "Сохранённая форма «%s» версии %s не читается: %s", id, version,
			     errs.n ? errs.v[0].msg : "?");
		goto out;
	}
out:
	errlist_free(&errs);
	free(name);
	free(text);
	free(sha);
	return rc;
}
