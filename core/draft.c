/* SPDX-License-Identifier: MIT */
/* Drafts of intake forms, one per account (table drafts, schema v4). */
#include "draft.h"
#include "audit.h"
#include "clock.h"
#include "util.h"

#include <stdio.h>
#include <string.h>

void
draft_free(struct draft *d)
{
	if (!d)
		return;
	json_decref(d->values);
	json_decref(d->documents);
	d->values = d->documents = NULL;
}

enum status
draft_save(struct store *s, const struct actor *a, const char *service,
	   const char *form_id, json_t *values, json_t *documents, int focus,
	   struct err *e)
{
	sqlite3_stmt *st = NULL;
	char *vtext = NULL, *dtext = NULL;
	char now[20];
	enum status ret;

	if ((ret = actor_require(a, PERM_CASE_INTAKE, e)) != ST_OK)
		return ret;
	if (!service || !form_id || !json_is_object(values))
		return err_set(e, ST_USAGE, "", "Черновик без формы");
	vtext = json_dumps(values, JSON_COMPACT | JSON_SORT_KEYS);
	dtext = documents ? json_dumps(documents, JSON_COMPACT)
			  : xstrdup("[]");
	clock_stamp(clock_now(), now);
	if ((ret = store_begin(s, e)) != ST_OK)
		goto out;
	st = store_prepare(s,
		"INSERT INTO drafts(account_id, service, form_id, data,"
		" documents, focus, saved_at) VALUES(?,?,?,?,?,?,?)"
		" ON CONFLICT(account_id) DO UPDATE SET service = excluded.service,"
		" form_id = excluded.form_id, data = excluded.data,"
		" documents = excluded.documents, focus = excluded.focus,"
		" saved_at = excluded.saved_at", e);
	if (!st) {
		ret = e ? e->st : ST_STORAGE;
		goto fail;
	}
	sqlite3_bind_int64(st, 1, a->id);
	store_bind_text(st, 2, service);
	store_bind_text(st, 3, form_id);
	store_bind_text(st, 4, vtext);
	store_bind_text(st, 5, dtext);
	sqlite3_bind_int(st, 6, focus);
	store_bind_text(st, 7, now);
	if (sqlite3_step(st) != SQLITE_DONE) {
		ret = store_error(s, e, "draft save");
		goto fail;
	}
	sqlite3_finalize(st);
	st = NULL;
	if ((ret = audit_log(s, a, "draft.save", "", service, e)) != ST_OK)
		goto fail;
	ret = store_commit(s, e);
	goto out;
fail:
	sqlite3_finalize(st);
	store_rollback(s);
out:
	free(vtext);
	free(dtext);
	return ret;
}

enum status
draft_load(struct store *s, const struct actor *a, int audit,
	   struct draft *out, struct err *e)
{
	sqlite3_stmt *st;
	json_error_t je;
	enum status ret;

	memset(out, 0, sizeof *out);
	if ((ret = actor_require(a, PERM_CASE_INTAKE, e)) != ST_OK)
		return ret;
	st = store_prepare(s, "SELECT service, form_id, data, documents,"
			      " focus, saved_at FROM drafts"
			      " WHERE account_id = ?", e);
	if (!st)
		return e ? e->st : ST_STORAGE;
	sqlite3_bind_int64(st, 1, a->id);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_finalize(st);
		return err_set(e, ST_NOTFOUND, "", "Черновика нет");
	}
	snprintf(out->service, sizeof out->service, "%s",
		 store_col_text(st, 0));
	snprintf(out->form_id, sizeof out->form_id, "%s",
		 store_col_text(st, 1));
	out->values = json_loads(store_col_text(st, 2), 0, &je);
	out->documents = json_loads(store_col_text(st, 3), 0, &je);
	out->focus = sqlite3_column_int(st, 4);
	snprintf(out->saved_at, sizeof out->saved_at, "%s",
		 store_col_text(st, 5));
	sqlite3_finalize(st);
	if (!json_is_object(out->values) || !json_is_array(out->documents)) {
		draft_free(out);
		return err_set(e, ST_CORRUPT, "", "Черновик повреждён");
	}
	if (!audit)
		return ST_OK;
	if ((ret = store_begin(s, e)) != ST_OK)
		goto bad;
	if ((ret = audit_log(s, a, "draft.resume", "", out->service, e)) !=
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

int
draft_exists(struct store *s, const struct actor *a)
{
	sqlite3_stmt *st;
	int found;

	st = store_prepare(s, "SELECT 1 FROM drafts WHERE account_id = ?",
			   NULL);
	if (!st)
		return 0;
	sqlite3_bind_int64(st, 1, a->id);
	found = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	return found;
}

enum status
draft_delete(struct store *s, const struct actor *a, struct err *e)
{
	sqlite3_stmt *st;
	enum status ret;

	if (!draft_exists(s, a))
		return ST_OK;
	if ((ret = store_begin(s, e)) != ST_OK)
		return ret;
	st = store_prepare(s, "DELETE FROM drafts WHERE account_id = ?", e);
	if (!st) {
		store_rollback(s);
		return e ? e->st : ST_STORAGE;
	}
	sqlite3_bind_int64(st, 1, a->id);
	if (sqlite3_step(st) != SQLITE_DONE) {
		ret = store_error(s, e, "draft delete");
		sqlite3_finalize(st);
		store_rollback(s);
		return ret;
	}
	sqlite3_finalize(st);
	if ((ret = audit_log(s, a, "draft.delete", "", "", e)) != ST_OK) {
		store_rollback(s);
		return ret;
	}
	return store_commit(s, e);
}
