/* SPDX-License-Identifier: MIT */
/* Reading one portal file: the envelope, the form fields and the
 * documents checklist (portal_parse); freeing what the module returns. */
#include "portal.h"
#include "portal_int.h"
#include "audit.h"
#include "cases.h"
#include "chain.h"
#include "clock.h"
#include "print.h"
#include "util.h"
#include "validate.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void
portal_app_free(struct portal_app *app)
{
	if (!app)
		return;
	free(app->applicant_name);
	json_decref(app->values);
	json_decref(app->documents);
	memset(app, 0, sizeof *app);
}

void
portal_report_free(struct portal_report *r)
{
	size_t i;

	if (!r)
		return;
	for (i = 0; i < r->n; i++) {
		free(r->v[i].file);
		free(r->v[i].why);
	}
	free(r->v);
	memset(r, 0, sizeof *r);
}

/* ---- reading one file ------------------------------------------------ */

static int
line_at(const char *bytes, size_t off)
{
	int line = 1;
	size_t i;

	for (i = 0; i < off; i++)
		if (bytes[i] == '\n')
			line++;
	return line;
}

/* Offset of the JSON key "key" (followed by ':') at or after from, or
 * (size_t)-1. Keys we look for are plain ASCII identifiers, so a textual
 * search finds the one jansson read; within "fields" it is the field. */
static size_t
key_offset(const char *bytes, size_t n, size_t from, const char *key)
{
	size_t klen = strlen(key), i, j;

	for (i = from; i + klen + 2 <= n; i++) {
		if (bytes[i] != '"' || memcmp(bytes + i + 1, key, klen) != 0 ||
		    bytes[i + 1 + klen] != '"')
			continue;
		for (j = i + klen + 2; j < n && strchr(" \t\r\n", bytes[j]);
		     j++)
			;
		if (j < n && bytes[j] == ':')
			return i;
	}
	return (size_t)-1;
}

/* The line of key inside the object "section" (NULL: the top level), or
 * 0 when it cannot be found. */
static int
key_line(const char *bytes, size_t n, const char *section, const char *key)
{
	size_t from = 0, off;

	if (section) {
		from = key_offset(bytes, n, 0, section);
		if (from == (size_t)-1)
			return 0;
	}
	off = key_offset(bytes, n, from, key);
	return off == (size_t)-1 ? 0 : line_at(bytes, off);
}

/* Add a problem: "строка N: message" when the line is known. The message
 * may quote the sender's text, so it is made visible. */
static void
problem(struct errlist *errs, const char *field, int line, const char *msg)
{
	char *vis = utf8_visible(msg, 0);

	if (line > 0)
		errlist_add(errs, ST_INVALID, field, "строка %d: %s", line, vis);
	else
		errlist_add(errs, ST_INVALID, field, "%s", vis);
	free(vis);
}

/* A code point a terminal or a printer would act on: C0 (tab included),
 * DEL, C1, and the bidirectional overrides and isolates. */
static int
harmful_cp(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp < 0xa0) ||
	       (cp >= 0x202a && cp <= 0x202e) ||
	       (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200e || cp == 0x200f;
}

static int
text_harmful(const char *s)
{
	size_t n = strlen(s), i = 0;
	uint32_t cp;
	int k;

	while (i < n) {
		k = utf8_decode(s + i, n - i, &cp);
		if (k <= 0 || harmful_cp(cp))
			return 1;
		i += (size_t)k;
	}
	return 0;
}

/* A string member: NULL when absent; problem noted when not a string,
 * too long or holding control characters. */
static const char *
str_member(json_t *obj, const char *key, const char *field, int line,
	   size_t max_bytes, struct errlist *errs, const char *label)
{
	json_t *v = json_object_get(obj, key);
	const char *s;
	char msg[256];

	if (!v)
		return NULL;
	if (!json_is_string(v)) {
		snprintf(msg, sizeof msg, "%s: ожидается строка", label);
		problem(errs, field, line, msg);
		return NULL;
	}
	s = json_string_value(v);
	if (json_string_length(v) > max_bytes) {
		snprintf(msg, sizeof msg, "%s: слишком длинное значение (%zu байт, допустимо до %zu)", label,
			 json_string_length(v), max_bytes);
		problem(errs, field, line, msg);
		return NULL;
	}
	if (text_harmful(s)) {
		snprintf(msg, sizeof msg, "%s: недопустимые управляющие символы", label);
		problem(errs, field, line, msg);
		return NULL;
	}
	return s;
}

static int
request_id_ok(const char *s)
{
	size_t i, n = strlen(s);

	if (n == 0 || n > PORTAL_ID_MAX || s[0] == '.' || s[0] == '-')
		return 0;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') ||
		      (s[i] >= 'a' && s[i] <= 'z') ||
		      (s[i] >= '0' && s[i] <= '9') || s[i] == '.' ||
		      s[i] == '_' || s[i] == '-'))
			return 0;
	return 1;
}

/* The top level's members: none unknown, the format, the request number
 * and the submission time. */
static void
envelope_request(const char *b, size_t n, json_t *root,
		 struct portal_app *app, struct errlist *errs)
{
	static const char *const known[] = {"format", "request_id",
		"submitted_at", "applicant", "fields", "documents", NULL};
	const char *k, *s;
	json_t *v;
	time_t t;
	size_t i;

	json_object_foreach(root, k, v) {
		for (i = 0; known[i] && strcmp(known[i], k) != 0; i++)
			;
		if (!known[i]) {
			char msg[160];

			snprintf(msg, sizeof msg, "неизвестное поле «%.60s»", k);
			problem(errs, "", key_line(b, n, NULL, k), msg);
		}
	}
	v = json_object_get(root, "format");
	if (!json_is_integer(v) || json_integer_value(v) != PORTAL_FORMAT)
		problem(errs, "format", key_line(b, n, NULL, "format"),
			"Формат: ожидается \"format\": 1");
	s = str_member(root, "request_id", "request_id",
		       key_line(b, n, NULL, "request_id"), PORTAL_ID_MAX * 4,
		       errs, "Номер запроса");
	if (!s && !json_object_get(root, "request_id"))
		problem(errs, "request_id", 0, "Номер запроса (request_id): не заполнен");
	else if (s && !request_id_ok(s))
		problem(errs, "request_id", key_line(b, n, NULL, "request_id"),
			"Номер запроса: 1–64 латинские буквы, цифры, «.», «_», «-»");
	else if (s)
		snprintf(app->request_id, sizeof app->request_id, "%s", s);
	s = str_member(root, "submitted_at", "submitted_at",
		       key_line(b, n, NULL, "submitted_at"), 64, errs,
		       "Дата подачи");
	if (!s && !json_object_get(root, "submitted_at"))
		problem(errs, "submitted_at", 0, "Дата подачи (submitted_at): не заполнена");
	else if (s && (strlen(s) != 19 || clock_parse_stamp(s, &t) != 0))
		problem(errs, "submitted_at",
			key_line(b, n, NULL, "submitted_at"),
			"Дата подачи: ожидается ГГГГ-ММ-ДДTЧЧ:ММ:СС");
	else if (s)
		snprintf(app->submitted_at, sizeof app->submitted_at, "%s", s);
}

/* The applicant object: no unknown member, the IIN, the name and (when
 * the portal gives it) the citizenship. */
static void
envelope_applicant(const char *b, size_t n, json_t *ap,
		   struct portal_app *app, struct errlist *errs)
{
	struct err e = {0};
	const char *k, *s;
	json_t *v;

	json_object_foreach(ap, k, v)
		if (strcmp(k, "iin") && strcmp(k, "name") &&
		    strcmp(k, "citizenship")) {
			char msg[160];

			snprintf(msg, sizeof msg, "Заявитель: неизвестное поле «%.60s»", k);
			problem(errs, "applicant", key_line(b, n, "applicant",
							    k), msg);
		}
	s = str_member(ap, "iin", "applicant.iin",
		       key_line(b, n, "applicant", "iin"), 64, errs,
		       "ИИН заявителя");
	if (s && val_iin("applicant.iin", "ИИН заявителя", s, &e) != ST_OK)
		problem(errs, "applicant.iin",
			key_line(b, n, "applicant", "iin"), e.msg);
	else if (s)
		snprintf(app->applicant_iin, sizeof app->applicant_iin, "%s",
			 s);
	else if (!json_object_get(ap, "iin"))
		problem(errs, "applicant.iin", key_line(b, n, NULL,
							"applicant"),
			"ИИН заявителя: не заполнено");
	s = str_member(ap, "name", "applicant.name",
		       key_line(b, n, "applicant", "name"), 800, errs,
		       "Ф.И.О. заявителя");
	if (s && val_text("applicant.name", "Ф.И.О. заявителя", s,
			  NAME_MAX_CHARS, 1, &e) != ST_OK)
		problem(errs, "applicant.name",
			key_line(b, n, "applicant", "name"), e.msg);
	else if (s)
		app->applicant_name = xstrdup(s);
	else if (!json_object_get(ap, "name"))
		problem(errs, "applicant.name", key_line(b, n, NULL,
							 "applicant"),
			"Ф.И.О. заявителя: не заполнено");
	/* The portal may say whose citizen the applicant is (the pilot is
	 * for citizens of Kazakhstan only: forms/rules). */
	if (json_object_get(ap, "citizenship")) {
		s = str_member(ap, "citizenship", "applicant.citizenship",
			       key_line(b, n, "applicant", "citizenship"), 64,
			       errs, "Гражданство заявителя");
		if (s && val_country("applicant.citizenship",
				     "Гражданство заявителя", s,
				     app->applicant_citizenship, &e) != ST_OK)
			problem(errs, "applicant.citizenship",
				key_line(b, n, "applicant", "citizenship"),
				e.msg);
	}
}

static void
check_envelope(const char *b, size_t n, json_t *root, struct portal_app *app,
	       struct errlist *errs)
{
	json_t *ap;

	envelope_request(b, n, root, app, errs);
	ap = json_object_get(root, "applicant");
	if (!json_is_object(ap)) {
		problem(errs, "applicant", key_line(b, n, NULL, "applicant"),
			"Заявитель (applicant): ожидается объект с полями iin и name");
		return;
	}
	envelope_applicant(b, n, ap, app, errs);
}

static void
check_fields(const char *b, size_t n, json_t *root, const struct form *f,
	     struct portal_app *app, struct errlist *errs)
{
	json_t *fields = json_object_get(root, "fields"), *copy, *v;
	struct errlist verrs = {0};
	char fname[ERR_FIELD_MAX];
	int bad = 0;
	const char *k;
	size_t i;

	if (!json_is_object(fields)) {
		problem(errs, "fields", key_line(b, n, NULL, "fields"),
			"Сведения заявления (fields): ожидается объект «поле: значение»");
		return;
	}
	json_object_foreach(fields, k, v) {
		const struct form_field *fl = form_field(f, k);
		const char *label = fl ? fl->label_ru : k;
		char lab[128];

		snprintf(fname, sizeof fname, "fields.%.50s", k);
		snprintf(lab, sizeof lab, "%.120s", label);
		if (json_is_null(v))
			continue;
		if (!str_member(fields, k, fname, key_line(b, n, "fields", k),
				VALUE_MAX_BYTES, errs, lab))
			bad = 1;
	}
	if (bad)
		return;
	copy = json_deep_copy(fields);
	if (form_validate(f, copy, &verrs) != ST_OK) {
		for (i = 0; i < verrs.n; i++) {
			const char *key = verrs.v[i].field;

			snprintf(fname, sizeof fname, "fields.%.50s", key);
			problem(errs, fname,
				key[0] ? key_line(b, n, "fields", key) : 0,
				verrs.v[i].msg);
		}
		errlist_free(&verrs);
		json_decref(copy);
		return;
	}
	/* The pilot: the host, an individual, applies for the foreigner
	 *, so the applicant is the host. */
	{
		const char *kind = json_string_value(json_object_get(copy,
								     "host_kind"));
		const char *hiin = json_string_value(json_object_get(copy,
								     "host_iin"));

		if (kind && strcmp(kind, "person") != 0)
			problem(errs, "fields.host_kind",
				key_line(b, n, "fields", "host_kind"),
				"Принимающая сторона: через портал подаёт только физическое лицо (person)");
		else if (app->applicant_iin[0] && hiin &&
			 strcmp(hiin, app->applicant_iin) != 0)
			problem(errs, "fields.host_iin",
				key_line(b, n, "fields", "host_iin"),
				"ИИН принимающей стороны не совпадает с ИИН заявителя: заявку подаёт сама принимающая сторона");
	}
	json_decref(copy);
	if (!errs->n)
		app->values = json_deep_copy(fields);
}

static void
check_documents(const char *b, size_t n, json_t *root, const struct form *f,
		struct portal_app *app, struct errlist *errs)
{
	json_t *d = json_object_get(root, "documents"), *v;
	struct strbuf missing = {0};
	struct err e = {0};
	size_t i;
	int line = key_line(b, n, NULL, "documents");

	if (!d) {
		app->documents = json_array();
		return;
	}
	if (!json_is_array(d) || json_array_size(d) > 64) {
		problem(errs, "documents", line, "Документы (documents): ожидается список кодов документов (не более 64)");
		return;
	}
	json_array_foreach(d, i, v) {
		if (!json_is_string(v) || json_string_length(v) > 64 ||
		    text_harmful(json_string_value(v))) {
			problem(errs, "documents", line, "Документы: каждый элемент — код документа из перечня формы");
			return;
		}
	}
	if (form_checklist_missing(f, app->values ? app->values
						  : json_object_get(root,
								    "fields"),
				   d, &missing, &e) != ST_OK) {
		problem(errs, "documents", line, e.msg);
		sb_free(&missing);
		return;
	}
	sb_free(&missing);
	app->documents = json_deep_copy(d);
}

enum status
portal_parse(const char *name, const char *bytes, size_t n,
	     const struct form *f, struct portal_app *app,
	     struct errlist *errs)
{
	json_error_t je;
	json_t *root = NULL;
	size_t before = errs->n, i;
	uint32_t cp;
	int k;

	(void)name;
	memset(app, 0, sizeof *app);
	if (n == 0) {
		problem(errs, "", 0, "Пустой файл");
		return ST_INVALID;
	}
	if (n > PORTAL_MAX_BYTES) {
		char msg[128];

		snprintf(msg, sizeof msg, "Файл слишком велик (%zu байт, допустимо до %d)", n, PORTAL_MAX_BYTES);
		problem(errs, "", 0, msg);
		return ST_INVALID;
	}
	/* Check the bytes before jansson does, to name the line. */
	for (i = 0; i < n; i += (size_t)k) {
		if (bytes[i] == '\0') {
			problem(errs, "", line_at(bytes, i),
				"байт NUL в файле: файл не текстовый");
			return ST_INVALID;
		}
		k = utf8_decode(bytes + i, n - i, &cp);
		if (k <= 0) {
			problem(errs, "", line_at(bytes, i),
				"неверная кодировка: файл должен быть в UTF-8");
			return ST_INVALID;
		}
	}
	root = json_loadb(bytes, n, JSON_REJECT_DUPLICATES, &je);
	if (!root) {
		char msg[300];

		snprintf(msg, sizeof msg, "файл не является правильным JSON (позиция %d: %s)", je.column, je.text);
		problem(errs, "", je.line > 0 ? je.line : 0, msg);
		return ST_INVALID;
	}
	if (!json_is_object(root)) {
		problem(errs, "", 1, "ожидается объект JSON {...}");
		json_decref(root);
		return ST_INVALID;
	}
	check_envelope(bytes, n, root, app, errs);
	check_fields(bytes, n, root, f, app, errs);
	check_documents(bytes, n, root, f, app, errs);
	json_decref(root);
	if (errs->n != before || !app->values || !app->documents ||
	    !app->applicant_name) {
		if (errs->n == before)
			problem(errs, "", 0, "заявление не прочитано");
		portal_app_free(app);
		return ST_INVALID;
	}
	return ST_OK;
}
