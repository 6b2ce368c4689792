/* SPDX-License-Identifier: MIT */
/* Append-only, hash-chained audit log. */
#include "audit.h"
#include "chain.h"
#include "clock.h"
#include "date.h"
#include "db.h"
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
	char prev[CHAIN_HEX], hash[CHAIN_HEX], at[STAMP_SIZE];
	long long id = 1;
	char *canon;
	int rc;

	/* A line belongs to the act it records: it is written inside the
	 * caller's write transaction (store_begin), never on its own. */
	if (s->in_tx <= 0)
		return err_set(e, ST_ERROR, "", "audit line outside a write transaction: %s", action);
	snprintf(prev, sizeof prev, "%s", store_genesis(s));
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

	snprintf(prev, sizeof prev, "%s", store_genesis(s));
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

enum status
audit_verify_as(struct store *s, const struct actor *a, struct err *e)
{
	enum status ret;

	if ((ret = actor_require(a, PERM_AUDIT, e)) != ST_OK)
		return ret;
	return audit_verify(s, e);
}

enum status
audit_seal(struct store *s, const struct actor *a, char out[AUDIT_SEAL_MAX],
	   struct err *e)
{
	sqlite3_stmt *st;
	enum status ret;

	if ((ret = actor_require(a, PERM_AUDIT, e)) != ST_OK)
		return ret;
	if ((ret = store_begin(s, e)) != ST_OK)
		return ret;
	st = store_prepare(s, "SELECT id, hash FROM audit ORDER BY id DESC "
			      "LIMIT 1", e);
	if (!st) {
		store_rollback(s);
		return e ? e->st : ST_STORAGE;
	}
	if (sqlite3_step(st) == SQLITE_ROW)
		snprintf(out, AUDIT_SEAL_MAX, "%.16s-%lld",
			 store_col_text(st, 1), sqlite3_column_int64(st, 0));
	else
		snprintf(out, AUDIT_SEAL_MAX, "%.16s-0", store_genesis(s));
	sqlite3_finalize(st);
	if ((ret = audit_log(s, a, "audit.seal", "", out, e)) != ST_OK) {
		store_rollback(s);
		return ret;
	}
	return store_commit(s, e);
}

enum status
audit_verify_against(struct store *s, const struct actor *a,
		     const char *sealed, struct err *e)
{
	char hex[65];
	long long id;
	sqlite3_stmt *st;
	enum status ret;
	int n = 0, rc;

	if ((ret = actor_require(a, PERM_AUDIT, e)) != ST_OK)
		return ret;
	if (!sealed || sscanf(sealed, "%64[0-9a-f]-%lld%n", hex, &id, &n) != 2 ||
	    sealed[n] || strlen(hex) < 16 || id < 0)
		return err_set(e, ST_INVALID, "seal",
			       "Печать журнала аудита: ожидается "
			       "«16 шестнадцатеричных цифр-номер строки», "
			       "получено «%s»", sealed ? sealed : "");
	if ((ret = audit_verify(s, e)) != ST_OK)
		return ret;
	if (id == 0)
		return ST_OK;
	st = store_prepare(s, "SELECT hash FROM audit WHERE id = ?", e);
	if (!st)
		return e ? e->st : ST_STORAGE;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW)
		ret = err_set(e, ST_CORRUPT, "",
			      "audit line %lld of the seal is gone: the log "
			      "was cut short", id);
	else if (strncmp(store_col_text(st, 0), hex, strlen(hex)) != 0)
		ret = err_set(e, ST_CORRUPT, "",
			      "audit line %lld does not have the sealed hash: "
			      "the log was cut short or rewritten up to it",
			      id);
	sqlite3_finalize(st);
	return ret;
}

void
audit_rows_free(struct audit_row *r, size_t n)
{
	size_t i;

	for (i = 0; r && i < n; i++)
		free(r[i].detail);
	free(r);
}

static enum status
bound(const char *in, const char *suffix, char *out, struct err *e)
{
	struct date d;
	char iso[DATE_SIZE];

	if (!in) {
		out[0] = '\0';
		return ST_OK;
	}
	if (date_parse_any(in, &d) != 0)
		return err_set(e, ST_INVALID, "date",
			       "Дата: ожидается ДД.ММ.ГГГГ, получено «%s»", in);
	date_format_iso(d, iso);
	snprintf(out, 24, "%s%s", iso, suffix);
	return ST_OK;
}

enum status
audit_list(struct store *s, const struct actor *a, const char *who,
	   const char *case_id, const char *from, const char *to,
	   struct audit_row **out, size_t *n, struct err *e)
{
	char lo[24], hi[24], obj[40];
	sqlite3_stmt *st;
	enum status ret;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if ((ret = actor_require(a, PERM_AUDIT, e)) != ST_OK ||
	    (ret = bound(from, "", lo, e)) != ST_OK ||
	    (ret = bound(to, "T99", hi, e)) != ST_OK)
		return ret;
	snprintf(obj, sizeof obj, "case:%s", case_id ? case_id : "");
	st = store_prepare(s, "SELECT id, at, login, action, object, origin, "
			      "detail FROM audit WHERE (?1 IS NULL OR login = ?1)"
			      " AND (?2 IS NULL OR object = ?2)"
			      " AND (?3 = '' OR at >= ?3) AND (?4 = '' OR at <= ?4)"
			      " ORDER BY id", e);
	if (!st)
		return e ? e->st : ST_STORAGE;
	store_bind_text(st, 1, who);
	store_bind_text(st, 2, case_id ? obj : NULL);
	store_bind_text(st, 3, lo);
	store_bind_text(st, 4, hi);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct audit_row *r;

		XGROW(*out, *n, cap);
		r = &(*out)[(*n)++];
		memset(r, 0, sizeof *r);
		r->id = sqlite3_column_int64(st, 0);
		snprintf(r->at, sizeof r->at, "%s", store_col_text(st, 1));
		snprintf(r->login, sizeof r->login, "%s", store_col_text(st, 2));
		snprintf(r->action, sizeof r->action, "%s",
			 store_col_text(st, 3));
		snprintf(r->object, sizeof r->object, "%s",
			 store_col_text(st, 4));
		snprintf(r->origin, sizeof r->origin, "%s",
			 store_col_text(st, 5));
		r->detail = store_col_dup(st, 6);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return store_error(s, e, "audit list");
	return ST_OK;
}

struct log_own {
	const struct actor *a;
	const char *action, *object, *detail;
};

static enum status
log_own_tx(struct store *s, void *arg, struct err *e)
{
	struct log_own *o = arg;

	return audit_log(s, o->a, o->action, o->object, o->detail, e);
}

enum status
audit_log_own(struct store *s, const struct actor *a, const char *action,
	      const char *object, const char *detail, struct err *e)
{
	struct log_own o = {a, action, object, detail};

	return db_transact(s, DB_WRITE, log_own_tx, &o, e);
}
