/* SPDX-License-Identifier: MIT */
/* Append-only, hash-chained audit log. */
#include "audit.h"
#include "chain.h"
#include "clock.h"
#include "util.h"

#include <stdio.h>
#include <string.h>

/* The canonical form hashed for one line: fields joined by a unit
 * separator, so no field value can imitate a boundary. */
static char *
canonical(long long id, const char *at, long long account, const char *login,
	  const char *action, const char *object, const char *detail,
	  const char *origin)
{
	return xasprintf("%lld\x1f%s\x1f%lld\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s", id,
			 at, account, login, action, object, detail, origin);
}

enum status
audit_log(struct store *s, const struct actor *a, const char *action,
	  const char *object, const char *detail, struct err *e)
{
	sqlite3_stmt *st;
	char prev[CHAIN_HEX], hash[CHAIN_HEX], at[20];
	long long id = 1;
	char *canon;
	int rc;

	snprintf(prev, sizeof prev, "%s", chain_genesis);
	st = store_prepare(s, "SELECT id, hash FROM audit ORDER BY id DESC "
			      "LIMIT 1", e);
	if (!st)
		return e ? e->st : ST_STORAGE;
	if (sqlite3_step(st) == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0) + 1;
		snprintf(prev, sizeof prev, "%s", store_col_text(st, 1));
	}
	sqlite3_finalize(st);

	clock_stamp(clock_now(), at);
	canon = canonical(id, at, a ? a->id : 0, a ? a->login : "", action,
			  object ? object : "", detail ? detail : "",
			  a ? a->origin : "");
	chain_hash(prev, canon, hash);
	free(canon);

	st = store_prepare(s, "INSERT INTO audit(id, at, account_id, login, "
			      "action, object, detail, origin, prev_hash, hash) "
			      "VALUES (?,?,?,?,?,?,?,?,?,?)", e);
	if (!st)
		return e ? e->st : ST_STORAGE;
	sqlite3_bind_int64(st, 1, id);
	store_bind_text(st, 2, at);
	if (a && a->id > 0)
		sqlite3_bind_int64(st, 3, a->id);
	else
		sqlite3_bind_null(st, 3);
	store_bind_text(st, 4, a ? a->login : "");
	store_bind_text(st, 5, action);
	store_bind_text(st, 6, object ? object : "");
	store_bind_text(st, 7, detail ? detail : "");
	store_bind_text(st, 8, a ? a->origin : "");
	store_bind_text(st, 9, prev);
	store_bind_text(st, 10, hash);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return store_error(s, e, "audit");
	return ST_OK;
}

enum status
audit_verify(struct store *s, struct err *e)
{
	sqlite3_stmt *st;
	char prev[CHAIN_HEX], hash[CHAIN_HEX];
	long long expect = 1;
	enum status ret = ST_OK;
	int rc;

	snprintf(prev, sizeof prev, "%s", chain_genesis);
	st = store_prepare(s, "SELECT id, at, account_id, login, action, "
			      "object, detail, origin, prev_hash, hash "
			      "FROM audit ORDER BY id", e);
	if (!st)
		return e ? e->st : ST_STORAGE;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		long long id = sqlite3_column_int64(st, 0);
		char *canon;

		if (id != expect) {
			ret = err_set(e, ST_CORRUPT, "",
				      id > expect
					      ? "audit line %lld is missing"
					      : "audit line %lld is out of order",
				      expect);
			break;
		}
		if (strcmp(store_col_text(st, 8), prev) != 0) {
			ret = err_set(e, ST_CORRUPT, "",
				      "audit line %lld: previous hash does not "
				      "match (a line before it was removed or "
				      "inserted)", id);
			break;
		}
		canon = canonical(id, store_col_text(st, 1),
				  sqlite3_column_int64(st, 2),
				  store_col_text(st, 3), store_col_text(st, 4),
				  store_col_text(st, 5), store_col_text(st, 6),
				  store_col_text(st, 7));
		chain_hash(prev, canon, hash);
		free(canon);
		if (strcmp(hash, store_col_text(st, 9)) != 0) {
			ret = err_set(e, ST_CORRUPT, "",
				      "audit line %lld: content changed", id);
			break;
		}
		snprintf(prev, sizeof prev, "%s", hash);
		expect++;
	}
	if (ret == ST_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
		ret = store_error(s, e, "audit verify");
	sqlite3_finalize(st);
	return ret;
}
