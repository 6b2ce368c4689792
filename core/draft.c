/* SPDX-License-Identifier: MIT */
/* Drafts of intake forms, per form and applicant (table drafts, schema
 * v9). */
#include "draft.h"
#include "fileio.h"
#include "audit.h"
#include "clock.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void
draft_free(struct draft *d)
{
	if (!d)
		return;
	json_decref(d->values);
	json_decref(d->documents);
	d->values = d->documents = NULL;
}

/* "SURNAME Given, DOCNO": what the list of drafts names the applicant by. */
static void
applicant_of(json_t *values, char *out, size_t n)
{
	const char *sur = json_string_value(json_object_get(values, "surname"));
	const char *giv = json_string_value(json_object_get(values,
							    "given_names"));
	const char *doc = json_string_value(json_object_get(values,
							    "doc_number"));

	snprintf(out, n, "%s%s%s%s%s", sur ? sur : "",
		 sur && giv ? " " : "", giv ? giv : "",
		 doc && (sur || giv) ? ", " : "", doc ? doc : "");
}

/* The actor's draft id exists: 1, 0, or -1 on a storage error. */
static int
draft_owned(struct store *s, const struct actor *a, long long id,
	    struct err *e)
{
	sqlite3_stmt *st = store_prepare(s, "SELECT 1 FROM drafts WHERE id = ?"
					    " AND account_id = ?", e);
	int found;

	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, a->id);
	found = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	return found;
}

enum status
draft_save(struct store *s, const struct actor *a, long long id,
	   const char *service, const char *form_id, json_t *values,
	   json_t *documents, int focus, long long *id_out, struct err *e)
{
	sqlite3_stmt *st = NULL;
	char *vtext = NULL, *dtext = NULL, applicant[200];
	char now[STAMP_SIZE];
	enum status ret;
	int own;

	if ((ret = actor_require(a, PERM_CASE_INTAKE, e)) != ST_OK)
		return ret;
	if (!service || !form_id || !json_is_object(values))
		return err_set(e, ST_USAGE, "", "Черновик без формы");
	vtext = json_dumps(values, JSON_COMPACT | JSON_SORT_KEYS);
	dtext = documents ? json_dumps(documents, JSON_COMPACT)
			  : xstrdup("[]");
	applicant_of(values, applicant, sizeof applicant);
	clock_stamp(clock_now(), now);
	if ((ret = store_begin(s, e)) != ST_OK)
		goto out;
	own = id > 0 ? draft_owned(s, a, id, e) : 0;
	if (own < 0) {
		ret = e ? e->st : ST_STORAGE;
		goto fail;
	}
	if (own)
		st = store_prepare(s,
			"UPDATE drafts SET service = ?, form_id = ?, data = ?,"
			" documents = ?, focus = ?, saved_at = ?, applicant = ?"
			" WHERE id = ?", e);
	else
		st = store_prepare(s,
			"INSERT INTO drafts(service, form_id, data, documents,"
			" focus, saved_at, applicant, account_id, created_at)"
			" VALUES(?,?,?,?,?,?,?,?,?)", e);
	if (!st) {
		ret = e ? e->st : ST_STORAGE;
		goto fail;
	}
	store_bind_text(st, 1, service);
	store_bind_text(st, 2, form_id);
	store_bind_text(st, 3, vtext);
	store_bind_text(st, 4, dtext);
	sqlite3_bind_int(st, 5, focus);
	store_bind_text(st, 6, now);
	store_bind_text(st, 7, applicant);
	if (own) {
		sqlite3_bind_int64(st, 8, id);
	} else {
		sqlite3_bind_int64(st, 8, a->id);
		store_bind_text(st, 9, now);
	}
	if (sqlite3_step(st) != SQLITE_DONE) {
		ret = store_error(s, e, "draft save");
		goto fail;
	}
	sqlite3_finalize(st);
	st = NULL;
	if (!own)
		id = sqlite3_last_insert_rowid(s->db);
	{
		char obj[32];

		snprintf(obj, sizeof obj, "draft:%lld", id);
		if ((ret = audit_log(s, a, "draft.save", obj, service, e)) !=
		    ST_OK)
			goto fail;
	}
	if ((ret = store_commit(s, e)) == ST_OK && id_out)
		*id_out = id;
	goto out;
fail:
	sqlite3_finalize(st);
	store_rollback(s);
out:
	free(vtext);
	free(dtext);
	return ret;
}

static void
row_text(sqlite3_stmt *st, int col, char *out, size_t n)
{
	snprintf(out, n, "%s", store_col_text(st, col));
}

enum status
draft_load(struct store *s, const struct actor *a, long long id, int audit,
	   struct draft *out, struct err *e)
{
	sqlite3_stmt *st;
	json_error_t je;
	enum status ret;
	char obj[32];

	memset(out, 0, sizeof *out);
	if ((ret = actor_require(a, PERM_CASE_INTAKE, e)) != ST_OK)
		return ret;
	st = store_prepare(s, "SELECT service, form_id, data, documents,"
			      " focus, saved_at, created_at, applicant"
			      " FROM drafts WHERE id = ? AND account_id = ?", e);
	if (!st)
		return e ? e->st : ST_STORAGE;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, a->id);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_finalize(st);
		return err_set(e, ST_NOTFOUND, "", "Черновика нет");
	}
	out->id = id;
	row_text(st, 0, out->service, sizeof out->service);
	row_text(st, 1, out->form_id, sizeof out->form_id);
	out->values = json_loads(store_col_text(st, 2), 0, &je);
	out->documents = json_loads(store_col_text(st, 3), 0, &je);
	out->focus = sqlite3_column_int(st, 4);
	row_text(st, 5, out->saved_at, sizeof out->saved_at);
	row_text(st, 6, out->created_at, sizeof out->created_at);
	row_text(st, 7, out->applicant, sizeof out->applicant);
	sqlite3_finalize(st);
	if (!json_is_object(out->values) || !json_is_array(out->documents)) {
		draft_free(out);
		return err_set(e, ST_CORRUPT, "", "Черновик повреждён");
	}
	if (!audit)
		return ST_OK;
	if ((ret = store_begin(s, e)) != ST_OK)
		goto bad;
	snprintf(obj, sizeof obj, "draft:%lld", id);
	if ((ret = audit_log(s, a, "draft.resume", obj, out->service, e)) !=
	    ST_OK) {
		store_rollback(s);
		goto bad;
	}
	if ((ret = store_commit(s, e)) == ST_OK)
		return ST_OK;
bad:
	draft_free(out);
	return ret;
}

enum status
draft_list(struct store *s, const struct actor *a, struct draft **out,
	   size_t *n, struct err *e)
{
	sqlite3_stmt *st;
	struct draft *v = NULL;
	size_t cap = 0;
	enum status ret;
	int rc;

	*out = NULL;
	*n = 0;
	if ((ret = actor_require(a, PERM_CASE_INTAKE, e)) != ST_OK)
		return ret;
	st = store_prepare(s, "SELECT id, service, form_id, saved_at,"
			      " created_at, applicant, focus FROM drafts"
			      " WHERE account_id = ? ORDER BY saved_at DESC,"
			      " id DESC", e);
	if (!st)
		return e ? e->st : ST_STORAGE;
	sqlite3_bind_int64(st, 1, a->id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct draft *d;

		XGROW(v, *n, cap);
		d = &v[(*n)++];
		memset(d, 0, sizeof *d);
		d->id = sqlite3_column_int64(st, 0);
		row_text(st, 1, d->service, sizeof d->service);
		row_text(st, 2, d->form_id, sizeof d->form_id);
		row_text(st, 3, d->saved_at, sizeof d->saved_at);
		row_text(st, 4, d->created_at, sizeof d->created_at);
		row_text(st, 5, d->applicant, sizeof d->applicant);
		d->focus = sqlite3_column_int(st, 6);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		free(v);
		*n = 0;
		return store_error(s, e, "draft list");
	}
	*out = v;
	return ST_OK;
}

size_t
draft_count(struct store *s, const struct actor *a)
{
	sqlite3_stmt *st;
	size_t n = 0;

	st = store_prepare(s, "SELECT count(*) FROM drafts WHERE account_id = ?",
			   NULL);
	if (!st)
		return 0;
	sqlite3_bind_int64(st, 1, a->id);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = (size_t)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

enum status
draft_delete(struct store *s, const struct actor *a, long long id,
	     struct err *e)
{
	sqlite3_stmt *st;
	enum status ret;
	char obj[32];
	int own;

	if ((ret = store_begin(s, e)) != ST_OK)
		return ret;
	if ((own = draft_owned(s, a, id, e)) <= 0) {
		store_rollback(s);
		return own < 0 ? (e ? e->st : ST_STORAGE) : ST_OK;
	}
	st = store_prepare(s, "DELETE FROM drafts WHERE id = ?", e);
	if (!st) {
		store_rollback(s);
		return e ? e->st : ST_STORAGE;
	}
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) != SQLITE_DONE) {
		ret = store_error(s, e, "draft delete");
		sqlite3_finalize(st);
		store_rollback(s);
		return ret;
	}
	sqlite3_finalize(st);
	snprintf(obj, sizeof obj, "draft:%lld", id);
	if ((ret = audit_log(s, a, "draft.delete", obj, "", e)) != ST_OK) {
		store_rollback(s);
		return ret;
	}
	return store_commit(s, e);
}

/* The folder for draft files (the caller frees). */
static char *
draft_dir(const char *dir, const char *db_path)
{
	const char *env = getenv("OKNO_DRAFTS"), *home = getenv("HOME");
	char *copy, *d;

	if (dir && *dir)
		return xstrdup(dir);
	if (env && *env)
		return xstrdup(env);
	if (home && *home)
		return xasprintf("%s/.okno-drafts", home);
	copy = xstrdup(db_path && *db_path ? db_path : "./x");
	d = xstrdup(dirname(copy));
	free(copy);
	return d;
}

enum status
draft_save_file(const char *dir, const char *db_path, const struct actor *a,
		const char *service, const char *form_id, json_t *values,
		json_t *documents, int focus, char *path_out, size_t path_n,
		struct err *e)
{
	char *d = NULL, *path = NULL, *text = NULL;
	char now[STAMP_SIZE], stamp[STAMP_SIZE];
	json_t *j;
	enum status ret = ST_OK;
	size_t i, k;
	int n;

	if (!a || !service || !form_id || !json_is_object(values))
		return err_set(e, ST_USAGE, "", "Черновик без формы");
	clock_stamp(clock_now(), now);
	for (i = k = 0; now[i] && k < sizeof stamp - 1; i++)
		if (now[i] != '-' && now[i] != ':')
			stamp[k++] = now[i];
	stamp[k] = '\0';
	d = draft_dir(dir, db_path);
	j = json_pack("{s:s, s:s, s:s, s:O, s:o, s:i, s:s}", "login", a->login,
		      "service", service, "form_id", form_id, "values", values,
		      "documents", documents ? json_incref(documents)
					     : json_array(),
		      "focus", focus, "saved_at", now);
	text = j ? json_dumps(j, JSON_INDENT(1) | JSON_SORT_KEYS) : NULL;
	json_decref(j);
	if (!text) {
		ret = err_set(e, ST_INVALID, "", "Черновик: неверные данные");
		goto out;
	}
	/* A new file in the user's drafts folder, made with the user's
	 * rights; a name taken (two saves in one second) moves on. */
	for (n = 1; n < 100; n++) {
		free(path);
		path = n == 1 ? xasprintf("%s/%s-%s.json", d, a->login, stamp)
			      : xasprintf("%s/%s-%s-%d.json", d, a->login,
					  stamp, n);
		ret = fileio_write(path, text, strlen(text),
				   FILEIO_USER | FILEIO_MKDIR, "", e);
		if (ret != ST_CONFLICT)
			break;
	}
	if (ret != ST_OK) {
		char msg[ERR_MSG_MAX];

		snprintf(msg, sizeof msg, "%s", e ? e->msg : "");
		ret = err_set(e, ret, "", "Черновик не сохранён: %s", msg);
		goto out;
	}
	if (path_out && path_n)
		snprintf(path_out, path_n, "%s", path);
out:
	free(text);
	free(path);
	free(d);
	return ret;
}

enum status
draft_load_file(const char *path, struct draft *out, struct err *e)
{
	json_error_t je;
	json_t *j, *v, *d;
	enum status ret;
	char *text;
	size_t n;

	memset(out, 0, sizeof *out);
	if ((ret = fileio_read(path, 1024 * 1024, FILEIO_USER, "", &text, &n,
			       e)) != ST_OK)
		return ret;
	j = json_loadb(text, n, JSON_REJECT_DUPLICATES, &je);
	free(text);
	if (!j)
		return err_set(e, ST_INVALID, "", "Черновик %s: %s", path,
			       je.text);
	v = json_object_get(j, "values");
	d = json_object_get(j, "documents");
	if (!json_is_object(v) || !json_is_string(json_object_get(j,
	    "service")) || !json_is_string(json_object_get(j, "form_id"))) {
		json_decref(j);
		return err_set(e, ST_INVALID, "", "Черновик %s: не черновик "
			       "okno", path);
	}
	snprintf(out->service, sizeof out->service, "%s",
		 json_string_value(json_object_get(j, "service")));
	snprintf(out->form_id, sizeof out->form_id, "%s",
		 json_string_value(json_object_get(j, "form_id")));
	snprintf(out->saved_at, sizeof out->saved_at, "%s",
		 json_string_value(json_object_get(j, "saved_at")) ?
		 json_string_value(json_object_get(j, "saved_at")) : "");
	out->focus = (int)json_integer_value(json_object_get(j, "focus"));
	out->values = json_incref(v);
	out->documents = json_is_array(d) ? json_incref(d) : json_array();
	json_decref(j);
	return ST_OK;
}
