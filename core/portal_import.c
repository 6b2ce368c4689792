/* SPDX-License-Identifier: MIT */
/* Portal applications in: the import of a drop folder into electronic
 * drafts, and the worklist of what came from the portal. */
#include "portal.h"
#include "portal_int.h"
#include "office.h"
#include "config.h"
#include "fileio.h"
#include "audit.h"
#include "cases.h"
#include "chain.h"
#include "clock.h"
#include "db.h"
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

static enum status
find_request(struct store *s, const char *request_id, long long *case_id,
	     char sha[CHAIN_HEX], struct err *e)
{
	struct db_stmt *st;
	enum status ret;

	*case_id = 0;
	sha[0] = '\0';
	ret = db_one(s, &st, e, "SELECT case_id, sha256 FROM portal_requests "
		     "WHERE request_id = ?", DB_TEXT(request_id));
	if (ret == ST_NOTFOUND)
		return ST_OK;
	if (ret != ST_OK)
		return ret;
	*case_id = db_col_int64(st, 0);
	snprintf(sha, CHAIN_HEX, "%s", db_col_text(st, 1));
	db_finalize(st);
	return ST_OK;
}

struct import_tx {
	const struct actor *a;
	const struct formset *forms;
	const struct portal_app *app;
	const char *file, *sha;
	long long *case_id, *dup_case;
	char *dup_sha;
	struct errlist *errs;
};

static enum status
import_tx(struct store *s, void *arg, struct err *e)
{
	struct import_tx *it = arg;
	const struct portal_app *app = it->app;
	struct case_new in = {.service = PORTAL_SERVICE,
			      .channel = "electronic"};
	char stamp[STAMP_SIZE], obj[40], *detail;
	enum status ret;

	errlist_free(it->errs); /* a retried attempt reports afresh */
	*it->case_id = 0;
	if ((ret = find_request(s, app->request_id, it->dup_case, it->dup_sha,
				e)) != ST_OK)
		return ret;
	if (*it->dup_case)
		return ST_CONFLICT;
	in.values = json_deep_copy(app->values);
	in.documents = app->documents;
	in.submitted_at = app->submitted_at;
	in.applicant_iin = app->applicant_iin;
	in.applicant_citizenship = app->applicant_citizenship;
	in.warnings_at_accept = 1;
	ret = case_create(s, it->a, it->forms, &in, it->case_id, it->errs);
	json_decref(in.values);
	if (ret != ST_OK) {
		/* The reason is in errs; e carries the engine's fault. */
		if (it->errs->n)
			*e = it->errs->v[it->errs->n - 1];
		return ret;
	}
	clock_stamp(clock_now(), stamp);
	if ((ret = db_exec(s, e, "INSERT INTO portal_requests(request_id, "
			   "file, sha256, case_id, applicant_iin, "
			   "applicant_name, submitted_at, imported_at, "
			   "imported_by) VALUES (?,?,?,?,?,?,?,?,?)",
			   DB_TEXT(app->request_id), DB_TEXT(it->file),
			   DB_TEXT(it->sha), DB_INT(*it->case_id),
			   DB_TEXT(app->applicant_iin),
			   DB_TEXT(app->applicant_name),
			   DB_TEXT(app->submitted_at), DB_TEXT(stamp),
			   DB_INT(it->a->id))) != ST_OK)
		return ret;
	snprintf(obj, sizeof obj, "case:%lld", *it->case_id);
	detail = xasprintf("request %s sha256 %s", app->request_id, it->sha);
	ret = audit_log(s, it->a, "portal.import", obj, detail, e);
	free(detail);
	return ret;
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
	struct import_tx it = {a,	 forms,	  app,	   file, sha,
			       case_id, dup_case, dup_sha, errs};
	enum status ret = db_transact(s, DB_WRITE, import_tx, &it, e);

	if (ret != ST_OK)
		*case_id = 0;
	return ret;
}

/* The registration form the portal's applications are read against. */
static const struct form *
import_form(const struct formset *forms)
{
	const struct form *f;
	size_t i;

	for (i = 0; (f = formset_for_service(forms, PORTAL_SERVICE, i)); i++)
		if (strcmp(f->id, PORTAL_SERVICE) == 0)
			return f;
	return formset_for_service(forms, PORTAL_SERVICE, 0);
}

/* The drop folder's applications (*.json, not hidden), sorted. */
static enum status
import_names(const char *dir, char ***names, size_t *nnames, struct err *e)
{
	struct dirent *de;
	DIR *d;

	/* The folder the user names is read with the user's rights. */
	config_as_user();
	d = opendir(dir);
	config_as_okno();
	if (!d)
		return err_set(e, ST_NOTFOUND, "dir", "Папка %s: %s", dir,
			       strerror(errno));
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.' || !drop_ends_with(de->d_name, ".json"))
			continue;
		*names = xrealloc(*names, (*nnames + 1) * sizeof **names);
		(*names)[(*nnames)++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (*nnames)
		qsort(*names, *nnames, sizeof **names, drop_name_cmp);
	return ST_OK;
}

/* done/ and rejected/ beside the applications. */
static enum status
import_dirs(const char *dir, struct err *e)
{
	enum status ret = ST_OK;
	char *sub;
	int i;

	for (i = 0; i < 2 && ret == ST_OK; i++) {
		sub = xasprintf("%s/%s", dir, i ? "rejected" : "done");
		ret = drop_ensure_dir(sub, e);
		free(sub);
	}
	return ret;
}

/* The file name in dir moved into done/. */
static enum status
import_done(const char *dir, const char *name, struct err *me)
{
	char *from = xasprintf("%s/%s", dir, name);
	char *to = drop_free_target(dir, "done", name, "");
	enum status ret = fileio_move(from, to, FILEIO_USER, me);

	free(from);
	free(to);
	return ret;
}

/* A request imported before: the same bytes (committed, not moved yet)
 * are moved now; other bytes under the same request number are refused. */
static void
import_again(const char *dir, const char *name, const char *sha,
	     const char *dup_sha, long long dup_case,
	     const struct portal_app *app, struct portal_item *it,
	     struct portal_report *rep)
{
	struct err me = {0};

	it->case_id = dup_case;
	if (strcmp(dup_sha, sha) == 0) {
		it->outcome = import_done(dir, name, &me) == ST_OK
				      ? PORTAL_DONE_AGAIN
				      : PORTAL_FAILED;
		if (it->outcome == PORTAL_FAILED)
			it->why = xasprintf("%s\n", me.msg);
		return;
	}
	it->outcome = PORTAL_DUPLICATE;
	it->why = xasprintf("Запрос %s уже принят (дело № %lld); повторная заявка с тем же номером запроса не принимается\n",
			    app->request_id, dup_case);
	drop_reject(dir, name, it, app->request_id);
	if (it->outcome == PORTAL_DUPLICATE)
		rep->duplicates++;
}

/* One application of the folder: parsed, imported in its transaction,
 * moved to done/ or rejected/. ST_DENIED (with *e) stops the import; any
 * other outcome is the item's. */
static enum status
import_file(struct store *s, const struct actor *a,
	    const struct formset *forms, const struct form *f,
	    const char *dir, const char *name, struct portal_report *rep,
	    struct err *e)
{
	struct portal_item *it;
	struct portal_app app;
	struct errlist errs = {0};
	char *path = xasprintf("%s/%s", dir, name);
	char *bytes, sha[CHAIN_HEX], dup_sha[CHAIN_HEX];
	long long dup_case = 0;
	struct err fe = {0}, me = {0};
	enum status ret;
	size_t n;

	ret = drop_read_file(path, &bytes, &n, &fe);
	free(path);
	if (ret != ST_OK) {
		if (fe.st == ST_NOTFOUND)
			return ST_OK; /* a symbolic link or a fifo */
		it = drop_report_add(rep, name);
		it->outcome = PORTAL_FAILED;
		it->why = xasprintf("%s\n", fe.msg);
		return ST_OK;
	}
	it = drop_report_add(rep, name);
	chain_sha256_hex(bytes, n, sha);
	if (portal_parse(name, bytes, n, f, &app, &errs) != ST_OK) {
		it->outcome = PORTAL_REJECTED;
		it->why = drop_errs_text(&errs);
		drop_reject(dir, name, it, NULL);
		rep->rejected++;
		errlist_free(&errs);
		free(bytes);
		return ST_OK;
	}
	snprintf(it->request_id, sizeof it->request_id, "%s", app.request_id);
	ret = import_one(s, a, forms, &app, name, sha, &it->case_id,
			 &dup_case, dup_sha, &errs, &fe);
	if (ret == ST_CONFLICT && dup_case) {
		import_again(dir, name, sha, dup_sha, dup_case, &app, it, rep);
	} else if (ret == ST_INVALID && errs.n) {
		it->outcome = PORTAL_REJECTED;
		it->why = drop_errs_text(&errs);
		drop_reject(dir, name, it, app.request_id);
		rep->rejected++;
	} else if (ret == ST_DENIED) {
		it->outcome = PORTAL_FAILED;
		*e = errs.n ? errs.v[0] : fe;
	} else if (ret != ST_OK) {
		it->outcome = PORTAL_FAILED;
		it->why = errs.n ? drop_errs_text(&errs)
				 : xasprintf("%s\n", fe.msg);
	} else {
		it->outcome = PORTAL_IMPORTED;
		rep->imported++;
		if (import_done(dir, name, &me) != ST_OK)
			/* The case is committed; the next run finds the
			 * same bytes and moves the file. */
			it->why = xasprintf("не удалось перенести в done/: %s\n", me.msg);
	}
	portal_app_free(&app);
	errlist_free(&errs);
	free(bytes);
	return ret == ST_DENIED ? ST_DENIED : ST_OK;
}

enum status
portal_import(struct store *s, const struct actor *a,
	      const struct formset *forms, const char *dir,
	      struct portal_report *rep, struct progress *p, struct err *e)
{
	const struct form *f;
	char **names = NULL;
	size_t nnames = 0, i;
	enum status ret;

	memset(rep, 0, sizeof *rep);
	if ((ret = actor_require(a, PERM_EXCHANGE, e)) != ST_OK ||
	    (ret = actor_require(a, PERM_CASE_INTAKE, e)) != ST_OK)
		return ret;
	if (!(f = import_form(forms)))
		return err_set(e, ST_NOTFOUND, "form", "Форма регистрации не найдена в каталоге форм");
	if ((ret = import_names(dir, &names, &nnames, e)) != ST_OK)
		return ret;
	if (nnames && (ret = import_dirs(dir, e)) != ST_OK)
		goto out;
	if (progress_begin(p, PROGRESS_PORTAL_IMPORT, (long long)nnames)) {
		ret = progress_cancelled(e);
		goto out;
	}
	for (i = 0; i < nnames; i++) {
		if ((ret = import_file(s, a, forms, f, dir, names[i], rep,
				       e)) != ST_OK)
			goto out;
		/* Each file is whole (committed and moved, or untouched):
		 * a cancel between two leaves the rest for the next run. */
		if (progress_step(p, (long long)i + 1)) {
			ret = progress_cancelled(e);
			goto out;
		}
	}
out:
	progress_end(p);
	for (i = 0; i < nnames; i++)
		free(names[i]);
	free(names);
	return ret;
}

/* ---- the worklist ---------------------------------------------------- */

/* A request of the worklist from a row (a db_fill_fn). */
static void
fill_row(struct db_stmt *st, void *elem)
{
	struct portal_row *r = elem;
	json_error_t je;
	json_t *data;

	r->case_id = db_col_int64(st, 0);
	snprintf(r->request_id, sizeof r->request_id, "%s", db_col_text(st, 1));
	snprintf(r->submitted_at, sizeof r->submitted_at, "%s",
		 db_col_text(st, 2));
	snprintf(r->imported_at, sizeof r->imported_at, "%s",
		 db_col_text(st, 3));
	snprintf(r->state, sizeof r->state, "%s", db_col_text(st, 4));
	data = json_loads(db_col_text(st, 5), 0, &je);
	snprintf(r->name, sizeof r->name, "%s %s",
		 json_string_value(json_object_get(data, "surname")) ?: "",
		 json_string_value(json_object_get(data, "given_names")) ?: "");
	json_decref(data);
	snprintf(r->applicant, sizeof r->applicant, "%s", db_col_text(st, 6));
	snprintf(r->result, sizeof r->result, "%s", db_col_text(st, 7));
}

enum status
portal_list(struct store *s, const struct actor *a, int pending_only,
	    struct portal_row **out, size_t *n, struct err *e)
{
	enum status ret;

	*out = NULL;
	*n = 0;
	if ((ret = actor_require(a, PERM_CASE_VIEW, e)) != ST_OK)
		return ret;
	return db_rows(s, e, out, n, fill_row, NULL,
		      "SELECT p.case_id, p.request_id, p.submitted_at, "
		      " p.imported_at, c.state, c.data, p.applicant_name, "
		      " COALESCE((SELECT r.status FROM portal_results r "
		      "  WHERE r.case_id = c.id ORDER BY r.id DESC LIMIT 1), '') "
		      "FROM portal_requests p JOIN cases c ON c.id = p.case_id "
		      "WHERE (c.office_id = ?1 OR (?1 = 0 AND "
		      REGION_REACH_SQL("c.office_id", "?2") ")) "
		      " AND (?3 = 0 OR c.state = 'draft') "
		      "ORDER BY p.submitted_at, p.id", DB_INT(a->office_id),
		      DB_INT(a->region_id), DB_INT(pending_only));
}
