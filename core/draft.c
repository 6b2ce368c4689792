/* SPDX-License-Identifier: MIT */
/* Drafts of intake forms, per form and applicant (table drafts, schema
 * v9). */
#include "draft.h"
#include "fileio.h"
#include "audit.h"
#include "clock.h"
#include "config.h"
#include "db.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <pwd.h>
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
	return db_exists(s, e, "SELECT 1 FROM drafts WHERE id = ? AND "
			 "account_id = ?", DB_INT(id), DB_INT(a->id));
}

struct save_tx {
	const struct actor *a;
	long long id;
	const char *service, *form_id, *vtext, *dtext, *applicant, *now;
	int focus;
	int64_t saved; /* the draft's id */
};

static enum status
save_tx(struct store *s, void *arg, struct err *e)
{
	struct save_tx *sv = arg;
	char obj[32];
	enum status ret;
	int own = sv->id > 0 ? draft_owned(s, sv->a, sv->id, e) : 0;

	if (own < 0)
		return e ? e->st : ST_STORAGE;
	if (own) {
		sv->saved = sv->id;
		ret = db_exec(s, e, "UPDATE drafts SET service = ?, form_id = ?,"
			      " data = ?, documents = ?, focus = ?, saved_at = "
			      "?, applicant = ? WHERE id = ?",
			      DB_TEXT(sv->service), DB_TEXT(sv->form_id),
			      DB_TEXT(sv->vtext), DB_TEXT(sv->dtext),
			      DB_INT(sv->focus), DB_TEXT(sv->now),
			      DB_TEXT(sv->applicant), DB_INT(sv->id));
	} else {
		ret = db_int64(s, e, &sv->saved, 0, "INSERT INTO drafts("
			       "service, form_id, data, documents, focus, "
			       "saved_at, applicant, account_id, created_at) "
			       "VALUES(?,?,?,?,?,?,?,?,?) RETURNING id",
			       DB_TEXT(sv->service), DB_TEXT(sv->form_id),
			       DB_TEXT(sv->vtext), DB_TEXT(sv->dtext),
			       DB_INT(sv->focus), DB_TEXT(sv->now),
			       DB_TEXT(sv->applicant), DB_INT(sv->a->id),
			       DB_TEXT(sv->now));
	}
	if (ret != ST_OK)
		return ret;
	snprintf(obj, sizeof obj, "draft:%lld", (long long)sv->saved);
	return audit_log(s, sv->a, "draft.save", obj, sv->service, e);
}

enum status
draft_save(struct store *s, const struct actor *a, long long id,
	   const char *service, const char *form_id, json_t *values,
	   json_t *documents, int focus, long long *id_out, struct err *e)
{
	char *vtext, *dtext, applicant[200], now[STAMP_SIZE];
	struct save_tx sv;
	enum status ret;

	if ((ret = actor_require(a, PERM_CASE_INTAKE, e)) != ST_OK)
		return ret;
	if (!service || !form_id || !json_is_object(values))
		return err_set(e, ST_USAGE, "", "Черновик без формы");
	vtext = json_dumps(values, JSON_COMPACT | JSON_SORT_KEYS);
	dtext = documents ? json_dumps(documents, JSON_COMPACT)
			  : xstrdup("[]");
	applicant_of(values, applicant, sizeof applicant);
	clock_stamp(clock_now(), now);
	sv = (struct save_tx){a, id, service, form_id, vtext, dtext,
			      applicant, now, focus, 0};
	ret = db_transact(s, DB_WRITE, save_tx, &sv, e);
	if (ret == ST_OK && id_out)
		*id_out = sv.saved;
	free(vtext);
	free(dtext);
	return ret;
}

static void
row_text(struct db_stmt *st, int col, char *out, size_t n)
{
	snprintf(out, n, "%s", db_col_text(st, col));
}

enum status
draft_load(struct store *s, const struct actor *a, long long id, int audit,
	   struct draft *out, struct err *e)
{
	struct db_stmt *st;
	json_error_t je;
	enum status ret;
	char obj[32];

	memset(out, 0, sizeof *out);
	if ((ret = actor_require(a, PERM_CASE_INTAKE, e)) != ST_OK)
		return ret;
	ret = db_one(s, &st, e, "SELECT service, form_id, data, documents, "
		     "focus, saved_at, created_at, applicant FROM drafts WHERE "
		     "id = ? AND account_id = ?", DB_INT(id), DB_INT(a->id));
	if (ret == ST_NOTFOUND)
		return err_set(e, ST_NOTFOUND, "", "Черновика нет");
	if (ret != ST_OK)
		return ret;
	out->id = id;
	row_text(st, 0, out->service, sizeof out->service);
	row_text(st, 1, out->form_id, sizeof out->form_id);
	out->values = json_loads(db_col_text(st, 2), 0, &je);
	out->documents = json_loads(db_col_text(st, 3), 0, &je);
	out->focus = db_col_int(st, 4);
	row_text(st, 5, out->saved_at, sizeof out->saved_at);
	row_text(st, 6, out->created_at, sizeof out->created_at);
	row_text(st, 7, out->applicant, sizeof out->applicant);
	db_finalize(st);
	if (!json_is_object(out->values) || !json_is_array(out->documents)) {
		draft_free(out);
		return err_set(e, ST_CORRUPT, "", "Черновик повреждён");
	}
	if (!audit)
		return ST_OK;
	snprintf(obj, sizeof obj, "draft:%lld", id);
	if ((ret = audit_log_own(s, a, "draft.resume", obj, out->service,
				 e)) != ST_OK)
		draft_free(out);
	return ret;
}

/* A draft's line in the list from a row (a db_fill_fn). */
static void
fill_draft(struct db_stmt *st, void *elem)
{
	struct draft *d = elem;

	d->id = db_col_int64(st, 0);
	row_text(st, 1, d->service, sizeof d->service);
	row_text(st, 2, d->form_id, sizeof d->form_id);
	row_text(st, 3, d->saved_at, sizeof d->saved_at);
	row_text(st, 4, d->created_at, sizeof d->created_at);
	row_text(st, 5, d->applicant, sizeof d->applicant);
	d->focus = db_col_int(st, 6);
}

enum status
draft_list(struct store *s, const struct actor *a, struct draft **out,
	   size_t *n, struct err *e)
{
	enum status ret;

	*out = NULL;
	*n = 0;
	if ((ret = actor_require(a, PERM_CASE_INTAKE, e)) != ST_OK)
		return ret;
	return db_rows(s, e, out, n, fill_draft, NULL, "SELECT id, service, "
		       "form_id, saved_at, created_at, applicant, focus FROM "
		       "drafts WHERE account_id = ? ORDER BY saved_at DESC, "
		       "id DESC", DB_INT(a->id));
}

size_t
draft_count(struct store *s, const struct actor *a)
{
	return (size_t)db_int(s, 0, "SELECT count(*) FROM drafts WHERE "
			      "account_id = ?", DB_INT(a->id));
}

struct delete_tx {
	const struct actor *a;
	long long id;
};

static enum status
delete_tx(struct store *s, void *arg, struct err *e)
{
	struct delete_tx *dl = arg;
	enum status ret;
	char obj[32];
	int own;

	if ((own = draft_owned(s, dl->a, dl->id, e)) <= 0)
		return own < 0 ? (e ? e->st : ST_STORAGE) : ST_OK;
	if ((ret = db_exec(s, e, "DELETE FROM drafts WHERE id = ?",
			   DB_INT(dl->id))) != ST_OK)
		return ret;
	snprintf(obj, sizeof obj, "draft:%lld", dl->id);
	return audit_log(s, dl->a, "draft.delete", obj, "", e);
}

enum status
draft_delete(struct store *s, const struct actor *a, long long id,
	     struct err *e)
{
	struct delete_tx dl = {a, id};

	return db_transact(s, DB_WRITE, delete_tx, &dl, e);
}

/* The folder for draft files (the caller frees). Installed setgid, the
 * user's own home as the system's accounts know it: never a folder the
 * environment names (the database's, another window's). */
static char *
draft_dir(const char *dir, const char *db_path)
{
	const char *env, *home;
	char *copy, *d;

	if (dir && *dir)
		return xstrdup(dir);
	if (config_privileged()) {
		struct passwd *pw = getpwuid(getuid());

		return xasprintf("%s/.okno-drafts",
				 pw && pw->pw_dir && *pw->pw_dir
					 ? pw->pw_dir
					 : "/nonexistent");
	}
	env = getenv("OKNO_DRAFTS");
	home = getenv("HOME");
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
		return err_set(e, ST_INVALID, "", "Черновик %s: не черновик okno", path);
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
