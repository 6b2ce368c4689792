/* SPDX-License-Identifier: MIT */
/* Portal applications in, signed results out. */
#include "portal.h"
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

#define PORTAL_SERVICE "registration"
#define PORTAL_FORMAT 1
#define VALUE_MAX_BYTES 2000   /* one field value, before the form's limit */
#define NAME_MAX_CHARS 200

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
		snprintf(msg, sizeof msg, "%s: слишком длинное значение "
			 "(%zu байт, допустимо до %zu)", label,
			 json_string_length(v), max_bytes);
		problem(errs, field, line, msg);
		return NULL;
	}
	if (text_harmful(s)) {
		snprintf(msg, sizeof msg, "%s: недопустимые управляющие "
			 "символы", label);
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

static void
check_envelope(const char *b, size_t n, json_t *root, struct portal_app *app,
	       struct errlist *errs)
{
	static const char *const known[] = {"format", "request_id",
		"submitted_at", "applicant", "fields", "documents", NULL};
	const char *k, *s;
	json_t *v, *ap;
	struct err e = {0};
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
		problem(errs, "request_id", 0, "Номер запроса (request_id): "
						"не заполнен");
	else if (s && !request_id_ok(s))
		problem(errs, "request_id", key_line(b, n, NULL, "request_id"),
			"Номер запроса: 1–64 латинские буквы, цифры, «.», «_», "
			"«-»");
	else if (s)
		snprintf(app->request_id, sizeof app->request_id, "%s", s);
	s = str_member(root, "submitted_at", "submitted_at",
		       key_line(b, n, NULL, "submitted_at"), 64, errs,
		       "Дата подачи");
	if (!s && !json_object_get(root, "submitted_at"))
		problem(errs, "submitted_at", 0, "Дата подачи (submitted_at): "
						 "не заполнена");
	else if (s && (strlen(s) != 19 || clock_parse_stamp(s, &t) != 0))
		problem(errs, "submitted_at",
			key_line(b, n, NULL, "submitted_at"),
			"Дата подачи: ожидается ГГГГ-ММ-ДДTЧЧ:ММ:СС");
	else if (s)
		snprintf(app->submitted_at, sizeof app->submitted_at, "%s", s);
	ap = json_object_get(root, "applicant");
	if (!json_is_object(ap)) {
		problem(errs, "applicant", key_line(b, n, NULL, "applicant"),
			"Заявитель (applicant): ожидается объект с полями iin "
			"и name");
		return;
	}
	json_object_foreach(ap, k, v)
		if (strcmp(k, "iin") && strcmp(k, "name")) {
			char msg[160];

			snprintf(msg, sizeof msg, "Заявитель: неизвестное поле "
				 "«%.60s»", k);
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
			"Сведения заявления (fields): ожидается объект "
			"«поле: значение»");
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
				"Принимающая сторона: через портал подаёт "
				"только физическое лицо (person)");
		else if (app->applicant_iin[0] && hiin &&
			 strcmp(hiin, app->applicant_iin) != 0)
			problem(errs, "fields.host_iin",
				key_line(b, n, "fields", "host_iin"),
				"ИИН принимающей стороны не совпадает с ИИН "
				"заявителя: заявку подаёт сама принимающая "
				"сторона");
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
		problem(errs, "documents", line, "Документы (documents): "
			"ожидается список кодов документов (не более 64)");
		return;
	}
	json_array_foreach(d, i, v) {
		if (!json_is_string(v) || json_string_length(v) > 64 ||
		    text_harmful(json_string_value(v))) {
			problem(errs, "documents", line, "Документы: каждый "
				"элемент — код документа из перечня формы");
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

		snprintf(msg, sizeof msg, "Файл слишком велик (%zu байт, "
			 "допустимо до %d)", n, PORTAL_MAX_BYTES);
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

		snprintf(msg, sizeof msg, "файл не является правильным JSON "
			 "(позиция %d: %s)", je.column, je.text);
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

/* ---- the drop folder ------------------------------------------------- */

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

static enum status
ensure_dir(const char *path, struct err *e)
{
	struct stat sb;

	if (mkdir(path, 0700) == 0)
		return ST_OK;
	if (errno == EEXIST && lstat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
		return ST_OK;
	return err_set(e, ST_ERROR, "", "Не удалось создать папку %s: %s",
		       path, strerror(errno ? errno : EEXIST));
}

/* dir/sub/name, or dir/sub/name.N when that is taken: a moved file never
 * replaces an earlier one. */
static char *
free_target(const char *dir, const char *sub, const char *name,
	    const char *suffix)
{
	char *p = xasprintf("%s/%s/%s%s", dir, sub, name, suffix);
	struct stat sb;
	int i;

	for (i = 1; lstat(p, &sb) == 0 && i < 10000; i++) {
		free(p);
		p = xasprintf("%s/%s/%s.%d%s", dir, sub, name, i, suffix);
	}
	return p;
}

/* Write bytes to path through a temporary file and rename, so a reader
 * never sees half a file. */
static enum status
write_atomic(const char *path, const char *bytes, size_t n, mode_t mode,
	     struct err *e)
{
	char *tmp = xasprintf("%s.tmp", path);
	enum status ret = ST_OK;
	int fd, saved;
	size_t off = 0;
	ssize_t w;

	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC,
		  mode);
	if (fd < 0)
		goto fail;
	while (off < n) {
		w = write(fd, bytes + off, n - off);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			saved = errno;
			close(fd);
			errno = saved;
			goto fail;
		}
		off += (size_t)w;
	}
	if (fsync(fd) != 0 || close(fd) != 0 || rename(tmp, path) != 0)
		goto fail;
	free(tmp);
	return ST_OK;
fail:
	saved = errno;
	unlink(tmp);
	ret = err_set(e, ST_ERROR, "", "Не удалось записать %s: %s", path,
		      strerror(saved));
	free(tmp);
	return ret;
}

static enum status
read_drop_file(const char *path, char **bytes, size_t *n, struct err *e)
{
	struct strbuf b = {0};
	struct stat sb;
	char buf[8192];
	ssize_t r;
	int fd;

	*bytes = NULL;
	*n = 0;
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return err_set(e, errno == ELOOP ? ST_NOTFOUND : ST_ERROR, "",
			       "%s: %s", path, strerror(errno));
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		close(fd);
		return err_set(e, ST_NOTFOUND, "", "%s: не обычный файл",
			       path);
	}
	while ((r = read(fd, buf, sizeof buf)) != 0) {
		if (r < 0) {
			if (errno == EINTR)
				continue;
			close(fd);
			sb_free(&b);
			return err_set(e, ST_ERROR, "", "%s: %s", path,
				       strerror(errno));
		}
		sb_addn(&b, buf, (size_t)r);
		if (b.len > PORTAL_MAX_BYTES)
			break; /* enough to refuse it */
	}
	close(fd);
	*n = b.len;
	*bytes = b.len ? b.s : (sb_free(&b), xstrdup(""));
	return ST_OK;
}

static struct portal_item *
report_add(struct portal_report *r, const char *file)
{
	struct portal_item *it;

	r->v = xrealloc(r->v, (r->n + 1) * sizeof *r->v);
	it = &r->v[r->n++];
	memset(it, 0, sizeof *it);
	it->file = xstrdup(file);
	return it;
}

static char *
errs_text(const struct errlist *l)
{
	struct strbuf b = {0};
	size_t i;

	for (i = 0; i < l->n; i++) {
		char *vis = utf8_visible(l->v[i].msg, 0);

		if (l->v[i].field[0])
			sb_printf(&b, "%s [%s]\n", vis, l->v[i].field);
		else
			sb_printf(&b, "%s\n", vis);
		free(vis);
	}
	return sb_take(&b);
}

/* Move a refused file to rejected/ with its NAME.why beside it (the why
 * file first: the file never sits in rejected/ unexplained). */
static void
reject(const char *dir, const char *name, struct portal_item *it,
       const char *request_id)
{
	char *vis = utf8_visible(name, 0);
	char *from = xasprintf("%s/%s", dir, name);
	char *to = free_target(dir, "rejected", name, "");
	char *why_path = xasprintf("%s.why", to);
	struct strbuf w = {0};
	struct err e = {0};
	char stamp[20];

	clock_stamp(clock_now(), stamp);
	sb_printf(&w, "Файл: %s\n", vis);
	if (request_id && request_id[0])
		sb_printf(&w, "Номер запроса: %s\n", request_id);
	sb_printf(&w, "Отклонён: %s\nПричины:\n%s", stamp, it->why);
	if (write_atomic(why_path, w.s, w.len, 0640, &e) != ST_OK ||
	    rename(from, to) != 0) {
		char *more;

		if (!e.msg[0])
			err_set(&e, ST_ERROR, "", "%s: %s", to,
				strerror(errno));
		more = xasprintf("%sне удалось перенести в rejected/: %s\n",
				 it->why, e.msg);
		free(it->why);
		it->why = more;
		it->outcome = PORTAL_FAILED;
	}
	sb_free(&w);
	free(why_path);
	free(to);
	free(from);
	free(vis);
}

static enum status
find_request(struct store *s, const char *request_id, long long *case_id,
	      char sha[CHAIN_HEX], struct err *e)
{
	sqlite3_stmt *st = store_prepare(s, "SELECT case_id, sha256 FROM "
					    "portal_requests WHERE "
					    "request_id = ?", e);
	int rc;

	*case_id = 0;
	sha[0] = '\0';
	if (!st)
		return e->st;
	store_bind_text(st, 1, request_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*case_id = sqlite3_column_int64(st, 0);
		snprintf(sha, CHAIN_HEX, "%s", store_col_text(st, 1));
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_error(s, e, "portal request");
	return ST_OK;
}

/* Create the case and its portal_requests row in one transaction. On an
 * invalid application *errs gets the reasons and ST_INVALID returns. */
static enum status
import_one(struct store *s, const struct actor *a,
	   const struct formset *forms, const struct portal_app *app,
	   const char *file, const char *sha, long long *case_id,
	   long long *dup_case, char *dup_sha, struct errlist *errs,
	   struct err *e)
{
	struct case_new in = {.service = PORTAL_SERVICE,
			      .channel = "electronic"};
	char stamp[20], obj[40], *detail;
	sqlite3_stmt *st;
	enum status ret;
	int rc;

	*case_id = 0;
	if ((ret = store_begin(s, e)) != ST_OK)
		return ret;
	if ((ret = find_request(s, app->request_id, dup_case, dup_sha, e)) !=
	    ST_OK)
		goto fail;
	if (*dup_case) {
		store_rollback(s);
		return ST_CONFLICT;
	}
	in.values = json_deep_copy(app->values);
	in.documents = app->documents;
	ret = case_create(s, a, forms, &in, case_id, errs);
	json_decref(in.values);
	if (ret != ST_OK)
		goto fail;
	clock_stamp(clock_now(), stamp);
	st = store_prepare(s, "INSERT INTO portal_requests(request_id, file, "
			      "sha256, case_id, applicant_iin, applicant_name,"
			      " submitted_at, imported_at, imported_by) "
			      "VALUES (?,?,?,?,?,?,?,?,?)", e);
	if (!st) {
		ret = e->st;
		goto fail;
	}
	store_bind_text(st, 1, app->request_id);
	store_bind_text(st, 2, file);
	store_bind_text(st, 3, sha);
	sqlite3_bind_int64(st, 4, *case_id);
	store_bind_text(st, 5, app->applicant_iin);
	store_bind_text(st, 6, app->applicant_name);
	store_bind_text(st, 7, app->submitted_at);
	store_bind_text(st, 8, stamp);
	sqlite3_bind_int64(st, 9, a->id);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		ret = store_error(s, e, "portal request insert");
		goto fail;
	}
	snprintf(obj, sizeof obj, "case:%lld", *case_id);
	detail = xasprintf("request %s sha256 %s", app->request_id, sha);
	ret = audit_log(s, a, "portal.import", obj, detail, e);
	free(detail);
	if (ret != ST_OK)
		goto fail;
	return store_commit(s, e);
fail:
	store_rollback(s);
	*case_id = 0;
	return ret;
}

enum status
portal_import(struct store *s, const struct actor *a,
	      const struct formset *forms, const char *dir,
	      struct portal_report *rep, struct err *e)
{
	const struct form *f = NULL;
	char **names = NULL;
	size_t nnames = 0, i;
	struct dirent *de;
	enum status ret;
	char *sub;
	DIR *d;

	memset(rep, 0, sizeof *rep);
	if ((ret = actor_require(a, PERM_EXCHANGE, e)) != ST_OK ||
	    (ret = actor_require(a, PERM_CASE_INTAKE, e)) != ST_OK)
		return ret;
	for (i = 0; (f = formset_for_service(forms, PORTAL_SERVICE, i)); i++)
		if (strcmp(f->id, PORTAL_SERVICE) == 0)
			break;
	if (!f && !(f = formset_for_service(forms, PORTAL_SERVICE, 0)))
		return err_set(e, ST_NOTFOUND, "form", "Форма регистрации не "
			       "найдена в каталоге форм");
	if (!(d = opendir(dir)))
		return err_set(e, ST_NOTFOUND, "dir", "Папка %s: %s", dir,
			       strerror(errno));
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.' || !ends_with(de->d_name, ".json"))
			continue;
		names = xrealloc(names, (nnames + 1) * sizeof *names);
		names[nnames++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (nnames)
		qsort(names, nnames, sizeof *names, name_cmp);
	for (i = 0; i < 2; i++) {
		sub = xasprintf("%s/%s", dir, i ? "rejected" : "done");
		ret = nnames ? ensure_dir(sub, e) : ST_OK;
		free(sub);
		if (ret != ST_OK)
			goto out;
	}
	for (i = 0; i < nnames; i++) {
		struct portal_item *it;
		struct portal_app app;
		struct errlist errs = {0};
		char *path = xasprintf("%s/%s", dir, names[i]);
		char *bytes, sha[CHAIN_HEX], dup_sha[CHAIN_HEX];
		long long dup_case = 0;
		struct err fe = {0};
		size_t n;

		if (read_drop_file(path, &bytes, &n, &fe) != ST_OK) {
			free(path);
			if (fe.st == ST_NOTFOUND)
				continue; /* a symbolic link or a fifo */
			it = report_add(rep, names[i]);
			it->outcome = PORTAL_FAILED;
			it->why = xasprintf("%s\n", fe.msg);
			continue;
		}
		free(path);
		it = report_add(rep, names[i]);
		chain_sha256_hex(bytes, n, sha);
		if (portal_parse(names[i], bytes, n, f, &app, &errs) !=
		    ST_OK) {
			it->outcome = PORTAL_REJECTED;
			it->why = errs_text(&errs);
			reject(dir, names[i], it, NULL);
			rep->rejected++;
			goto next;
		}
		snprintf(it->request_id, sizeof it->request_id, "%s",
			 app.request_id);
		ret = import_one(s, a, forms, &app, names[i], sha,
				 &it->case_id, &dup_case, dup_sha, &errs, &fe);
		if (ret == ST_CONFLICT && dup_case) {
			it->case_id = dup_case;
			if (strcmp(dup_sha, sha) == 0) {
				/* Committed before, not moved: move now. */
				char *from = xasprintf("%s/%s", dir, names[i]);
				char *to = free_target(dir, "done", names[i],
						       "");

				it->outcome = rename(from, to) == 0
						      ? PORTAL_DONE_AGAIN
						      : PORTAL_FAILED;
				if (it->outcome == PORTAL_FAILED)
					it->why = xasprintf("%s: %s\n", to,
							    strerror(errno));
				free(from);
				free(to);
			} else {
				it->outcome = PORTAL_DUPLICATE;
				it->why = xasprintf(
					"Запрос %s уже принят (дело № %lld); "
					"повторная заявка с тем же номером "
					"запроса не принимается\n",
					app.request_id, dup_case);
				reject(dir, names[i], it, app.request_id);
				if (it->outcome == PORTAL_DUPLICATE)
					rep->duplicates++;
			}
		} else if (ret == ST_INVALID && errs.n) {
			it->outcome = PORTAL_REJECTED;
			it->why = errs_text(&errs);
			reject(dir, names[i], it, app.request_id);
			rep->rejected++;
		} else if (ret == ST_DENIED) {
			it->outcome = PORTAL_FAILED;
			*e = errs.n ? errs.v[0] : fe;
			errlist_free(&errs);
			portal_app_free(&app);
			free(bytes);
			goto out;
		} else if (ret != ST_OK) {
			it->outcome = PORTAL_FAILED;
			it->why = errs.n ? errs_text(&errs)
					 : xasprintf("%s\n", fe.msg);
		} else {
			char *from = xasprintf("%s/%s", dir, names[i]);
			char *to = free_target(dir, "done", names[i], "");

			it->outcome = PORTAL_IMPORTED;
			rep->imported++;
			if (rename(from, to) != 0)
				/* The case is committed; the next run finds
				 * the same bytes and moves the file. */
				it->why = xasprintf("не удалось перенести в "
						    "done/: %s\n",
						    strerror(errno));
			free(from);
			free(to);
		}
		portal_app_free(&app);
next:
		errlist_free(&errs);
		free(bytes);
	}
	ret = ST_OK;
out:
	for (i = 0; i < nnames; i++)
		free(names[i]);
	free(names);
	return ret;
}

/* ---- the worklist ---------------------------------------------------- */

enum status
portal_list(struct store *s, const struct actor *a, int pending_only,
	    struct portal_row **out, size_t *n, struct err *e)
{
	sqlite3_stmt *st;
	enum status ret;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if ((ret = actor_require(a, PERM_CASE_VIEW, e)) != ST_OK)
		return ret;
	st = store_prepare(s,
		"SELECT p.case_id, p.request_id, p.submitted_at, "
		" p.imported_at, c.state, c.data, p.applicant_name, "
		" COALESCE((SELECT r.status FROM portal_results r "
		"  WHERE r.case_id = c.id ORDER BY r.id DESC LIMIT 1), '') "
		"FROM portal_requests p JOIN cases c ON c.id = p.case_id "
		"WHERE (c.office_id = ?1 OR (?1 = 0 AND c.office_id IN "
		"  (SELECT id FROM offices WHERE region_id = ?2))) "
		" AND (?3 = 0 OR c.state = 'draft') "
		"ORDER BY p.submitted_at, p.id", e);
	if (!st)
		return e->st;
	sqlite3_bind_int64(st, 1, a->office_id);
	sqlite3_bind_int64(st, 2, a->region_id);
	sqlite3_bind_int(st, 3, pending_only);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct portal_row *r;
		json_error_t je;
		json_t *data;

		XGROW(*out, *n, cap);
		r = &(*out)[(*n)++];
		memset(r, 0, sizeof *r);
		r->case_id = sqlite3_column_int64(st, 0);
		snprintf(r->request_id, sizeof r->request_id, "%s",
			 store_col_text(st, 1));
		snprintf(r->submitted_at, sizeof r->submitted_at, "%s",
			 store_col_text(st, 2));
		snprintf(r->imported_at, sizeof r->imported_at, "%s",
			 store_col_text(st, 3));
		snprintf(r->state, sizeof r->state, "%s",
			 store_col_text(st, 4));
		data = json_loads(store_col_text(st, 5), 0, &je);
		snprintf(r->name, sizeof r->name, "%s %s",
			 json_string_value(json_object_get(data, "surname"))
				 ?: "",
			 json_string_value(json_object_get(data,
							   "given_names"))
				 ?: "");
		json_decref(data);
		snprintf(r->applicant, sizeof r->applicant, "%s",
			 store_col_text(st, 6));
		snprintf(r->result, sizeof r->result, "%s",
			 store_col_text(st, 7));
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		free(*out);
		*out = NULL;
		*n = 0;
		return store_error(s, e, "portal list");
	}
	return ST_OK;
}

/* ---- signed results out ---------------------------------------------- */

static enum status
request_of_case(struct store *s, long long case_id, char *rid, size_t n,
		struct err *e)
{
	sqlite3_stmt *st = store_prepare(s, "SELECT request_id FROM "
					    "portal_requests WHERE case_id = ?",
					 e);
	int rc;

	if (!st)
		return e->st;
	sqlite3_bind_int64(st, 1, case_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		snprintf(rid, n, "%s", store_col_text(st, 0));
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE)
		return err_set(e, ST_CONFLICT, "case", "Дело № %lld подано не "
			       "через портал: результат выдаётся на бумаге",
			       case_id);
	return rc == SQLITE_ROW ? ST_OK : store_error(s, e, "portal request");
}

static int
case_was_refused(struct store *s, long long case_id)
{
	sqlite3_stmt *st = store_prepare(s, "SELECT count(*) FROM case_events "
					    "WHERE case_id = ? AND event = "
					    "'refuse'", NULL);
	int n = 0;

	if (!st)
		return 0;
	sqlite3_bind_int64(st, 1, case_id);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return n > 0;
}

enum status
portal_sign(struct store *s, const struct actor *a,
	    const struct formset *forms, long long case_id,
	    const struct signer *sg, const char *templates_dir,
	    const char *outbox, struct portal_sent *out, struct err *e)
{
	struct strbuf doc = {0}, sig = {0};
	struct case_rec c = {0};
	json_t *ctx = NULL, *status = NULL, *files;
	char stamp[20], sig_sha[CHAIN_HEX], num[32], obj[40];
	char *status_text = NULL, *detail;
	const struct form *labels;
	enum print_doc d;
	enum status ret;
	int refused, have_case = 0, status_written = 0;
	struct stat sb;
	sqlite3_stmt *st;

	memset(out, 0, sizeof *out);
	if ((ret = actor_require(a, PERM_PRINT, e)) != ST_OK)
		return ret;
	if (stat(outbox, &sb) != 0 || !S_ISDIR(sb.st_mode))
		return err_set(e, ST_NOTFOUND, "outbox", "Папка для отправки "
			       "%s не найдена", outbox);
	if ((ret = case_get(s, a, case_id, &c, e)) != ST_OK)
		return ret;
	have_case = 1;
	if ((ret = request_of_case(s, case_id, out->request_id,
				   sizeof out->request_id, e)) != ST_OK)
		goto out;
	refused = case_was_refused(s, case_id);
	if (c.state == CS_ISSUED || (c.state == CS_HANDED_OUT && !refused)) {
		d = PD_INSERT;
		snprintf(out->status, sizeof out->status, "registered");
	} else if (c.state == CS_REFUSED ||
		   (c.state == CS_HANDED_OUT && refused)) {
		d = PD_REFUSAL;
		snprintf(out->status, sizeof out->status, "refused");
	} else {
		ret = err_set(e, ST_CONFLICT, "state", "Дело № %lld: решение "
			      "ещё не принято (состояние «%s»)", case_id,
			      workflow_state_ru(c.state));
		goto out;
	}
	if ((ret = print_context(s, a, forms, case_id, d, &ctx, e)) != ST_OK)
		goto out;
	clock_stamp(clock_now(), stamp);
	json_object_set_new(ctx, "eds_signer", json_string(signer_name(sg)));
	{
		char *cert = xasprintf("№ %s, выдан: %s", signer_serial(sg),
				       signer_issuer(sg));

		json_object_set_new(ctx, "eds_certificate", json_string(cert));
		free(cert);
	}
	json_object_set_new(ctx, "eds_signed_at", json_string(stamp));
	labels = formset_get(forms, c.form_id);
	if ((ret = print_render(templates_dir, d, ctx, 80, ENC_UTF8, 0, labels,
				&doc, e)) != ST_OK)
		goto out;
	chain_sha256_hex(doc.s, doc.len, out->sha256);
	if ((ret = signer_sign(sg, doc.s, doc.len, &sig, e)) != ST_OK)
		goto out;
	chain_sha256_hex(sig.s, sig.len, sig_sha);
	snprintf(out->doc_path, sizeof out->doc_path, "%s/%s.txt", outbox,
		 out->request_id);
	snprintf(out->sig_path, sizeof out->sig_path, "%s/%s.p7s", outbox,
		 out->request_id);
	snprintf(out->status_path, sizeof out->status_path,
		 "%s/%s.status.json", outbox, out->request_id);
	if ((ret = write_atomic(out->doc_path, doc.s, doc.len, 0640, e)) !=
		    ST_OK ||
	    (ret = write_atomic(out->sig_path, sig.s, sig.len, 0640, e)) !=
		    ST_OK)
		goto out;

	case_number(&c, num, sizeof num);
	status = json_object();
	json_object_set_new(status, "format", json_integer(1));
	json_object_set_new(status, "request_id",
			    json_string(out->request_id));
	json_object_set_new(status, "case", json_integer(case_id));
	json_object_set_new(status, "journal_no", json_string(num));
	json_object_set_new(status, "status", json_string(out->status));
	json_object_set_new(status, "document", json_string(print_doc_code(d)));
	json_object_set_new(status, "signed_at", json_string(stamp));
	json_object_set_new(status, "signer", json_string(signer_name(sg)));
	json_object_set_new(status, "certificate_serial",
			    json_string(signer_serial(sg)));
	files = json_array();
	{
		json_t *f1 = json_object(), *f2 = json_object();
		char *n1 = xasprintf("%s.txt", out->request_id);
		char *n2 = xasprintf("%s.p7s", out->request_id);

		json_object_set_new(f1, "name", json_string(n1));
		json_object_set_new(f1, "role", json_string("document"));
		json_object_set_new(f1, "media_type",
				    json_string("text/plain; charset=utf-8"));
		json_object_set_new(f1, "sha256", json_string(out->sha256));
		json_object_set_new(f2, "name", json_string(n2));
		json_object_set_new(f2, "role", json_string("signature"));
		json_object_set_new(f2, "media_type",
				    json_string("application/pkcs7-signature"));
		json_object_set_new(f2, "sha256", json_string(sig_sha));
		json_array_append_new(files, f1);
		json_array_append_new(files, f2);
		free(n1);
		free(n2);
	}
	json_object_set_new(status, "files", files);
	status_text = json_dumps(status, JSON_INDENT(2) | JSON_SORT_KEYS);

	if ((ret = store_begin(s, e)) != ST_OK)
		goto out;
	st = store_prepare(s, "INSERT INTO portal_results(case_id, request_id,"
			      " status, document, sha256, signer, cert_serial,"
			      " at, actor_id) VALUES (?,?,?,?,?,?,?,?,?)", e);
	if (!st) {
		ret = e->st;
		goto fail;
	}
	sqlite3_bind_int64(st, 1, case_id);
	store_bind_text(st, 2, out->request_id);
	store_bind_text(st, 3, out->status);
	store_bind_text(st, 4, print_doc_code(d));
	store_bind_text(st, 5, out->sha256);
	store_bind_text(st, 6, signer_name(sg));
	store_bind_text(st, 7, signer_serial(sg));
	store_bind_text(st, 8, stamp);
	sqlite3_bind_int64(st, 9, a->id);
	if (sqlite3_step(st) != SQLITE_DONE) {
		sqlite3_finalize(st);
		ret = store_error(s, e, "portal result");
		goto fail;
	}
	sqlite3_finalize(st);
	if (c.state == CS_ISSUED || c.state == CS_REFUSED) {
		char *to = xasprintf("Личный кабинет заявителя на портале "
				     "(запрос %s)", out->request_id);
		struct case_act act = {.event = EV_HAND_OUT, .recipient = to};

		ret = case_fire(s, a, forms, case_id, &act, e);
		free(to);
		if (ret != ST_OK)
			goto fail;
		out->handed_out = 1;
	}
	snprintf(obj, sizeof obj, "case:%lld", case_id);
	detail = xasprintf("request %s %s %s sha256 %s cert %s",
			   out->request_id, out->status, print_doc_code(d),
			   out->sha256, signer_serial(sg));
	ret = audit_log(s, a, "portal.sign", obj, detail, e);
	free(detail);
	if (ret != ST_OK)
		goto fail;
	/* The status file last: the portal takes the result when it sees
	 * it, and the result then is in the database. */
	if ((ret = write_atomic(out->status_path, status_text,
				strlen(status_text), 0640, e)) != ST_OK)
		goto fail;
	status_written = 1;
	if ((ret = store_commit(s, e)) != ST_OK)
		goto fail;
	goto out;
fail:
	store_rollback(s);
	if (status_written)
		unlink(out->status_path);
	out->handed_out = 0;
out:
	free(status_text);
	json_decref(status);
	json_decref(ctx);
	sb_free(&doc);
	sb_free(&sig);
	if (have_case)
		case_rec_free(&c);
	return ret;
}
