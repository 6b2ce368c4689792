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

/* Take the chain's head for a new line: the one row of audit_head is
 * updated at once (to the new line's number and the hash before it, both
 * read from the log itself, which stays the truth even after a change
 * behind okno's back) and stays locked to this transaction, so two
 * writers number their lines one after the other (on PostgreSQL the later
 * one is run again by db_transact). A database whose head row is missing
 * gets one. */
static enum status
head_take(struct store *s, long long *id, char *prev, struct err *e)
{
	struct db_stmt *st;
	enum status ret;
	int tries;

	for (tries = 0; tries < 2; tries++) {
		ret = db_one(s, &st, e, "UPDATE audit_head SET seq = "
			     "COALESCE((SELECT MAX(id) FROM audit), 0) + 1, "
			     "hash = COALESCE((SELECT hash FROM audit x ORDER "
			     "BY x.id DESC LIMIT 1), '') WHERE id = 1 "
			     "RETURNING seq, hash");
		if (ret == ST_OK) {
			const char *h = db_col_text(st, 1);

			*id = db_col_int64(st, 0);
			snprintf(prev, CHAIN_HEX, "%s",
				 *h ? h : store_genesis(s));
			db_finalize(st);
			return ST_OK;
		}
		if (ret != ST_NOTFOUND)
			return ret;
		if ((ret = db_exec(s, e, "INSERT INTO audit_head(id, seq, hash) "
				   "VALUES (1, 0, '') ON CONFLICT(id) DO "
				   "NOTHING")) != ST_OK)
			return ret;
	}
	return err_set(e, ST_STORAGE, "", "Голова журнала аудита не найдена");
}

enum status
audit_log(struct store *s, const struct actor *a, const char *action,
	  const char *object, const char *detail, struct err *e)
{
	char prev[CHAIN_HEX], hash[CHAIN_HEX], at[STAMP_SIZE];
	long long id = 0;
	char *canon;
	enum status ret;

	/* A line belongs to the act it records: it is written inside the
	 * caller's write transaction (store_begin), never on its own. */
	if (s->in_tx <= 0)
		return err_set(e, ST_ERROR, "", "audit line outside a write transaction: %s", action);
	if ((ret = head_take(s, &id, prev, e)) != ST_OK)
		return ret;
	clock_stamp(clock_now(), at);
	canon = canonical(id, at, a ? a->id : 0, a ? a->login : "", action,
			  object ? object : "", detail ? detail : "",
			  a ? a->origin : "");
	chain_hash(prev, canon, hash);
	free(canon);
	if ((ret = db_exec(s, e, "INSERT INTO audit(id, at, account_id, login, "
			   "action, object, detail, origin, prev_hash, hash, "
			   "stamp) VALUES (?,?,?,?,?,?,?,?,?,?,?)", DB_INT(id),
			   DB_TEXT(at), a && a->id > 0 ? DB_INT(a->id) : DB_NULL,
			   DB_TEXT(a ? a->login : ""), DB_TEXT(action),
			   DB_TEXT(object ? object : ""),
			   DB_TEXT(detail ? detail : ""),
			   DB_TEXT(a ? a->origin : ""), DB_TEXT(prev),
			   DB_TEXT(hash), DB_TEXT(at))) != ST_OK)
		return ret;
	return db_exec(s, e, "UPDATE audit_head SET hash = ? WHERE id = 1",
		       DB_TEXT(hash));
}

enum status
audit_verify(struct store *s, struct progress *p, struct err *e)
{
	char prev[CHAIN_HEX], hash[CHAIN_HEX];
	long long expect = 1;
	enum status ret = ST_OK;
	struct db_stmt *st;
	int rc;

	snprintf(prev, sizeof prev, "%s", store_genesis(s));
	if (p) {
		int64_t total = 0;

		if (db_int64(s, NULL, &total, 0, "SELECT MAX(id) FROM audit") !=
		    ST_OK)
			total = 0;
		if (progress_begin(p, PROGRESS_AUDIT_VERIFY, total)) {
			progress_end(p);
			return progress_cancelled(e);
		}
	}
	/* The stamp as hashed: its own column, or `at` on lines older than
	 * the column (text then on either engine). */
	st = db_prepare(s, "SELECT id, at, account_id, login, action, object, "
			"detail, origin, prev_hash, hash, stamp FROM audit "
			"ORDER BY id", e);
	if (!st) {
		progress_end(p);
		return e ? e->st : ST_STORAGE;
	}
	db_stream(st);
	while ((rc = db_step(st, e)) == DB_ROW) {
		long long id = db_col_int64(st, 0);
		char *canon;

		if (id != expect) {
			ret = err_set(e, ST_CORRUPT, "",
				      id > expect
					      ? "audit line %lld is missing"
					      : "audit line %lld is out of order",
				      expect);
			break;
		}
		if (strcmp(db_col_text(st, 8), prev) != 0) {
			ret = err_set(e, ST_CORRUPT, "",
				      "audit line %lld: previous hash does not "
				      "match (a line before it was removed or "
				      "inserted)", id);
			break;
		}
		canon = canonical(id, db_col_text(st, db_col_null(st, 10) ? 1
									: 10),
				  db_col_int64(st, 2), db_col_text(st, 3),
				  db_col_text(st, 4), db_col_text(st, 5),
				  db_col_text(st, 6), db_col_text(st, 7));
		chain_hash(prev, canon, hash);
		free(canon);
		if (strcmp(hash, db_col_text(st, 9)) != 0) {
			ret = err_set(e, ST_CORRUPT, "",
				      "audit line %lld: content changed", id);
			break;
		}
		snprintf(prev, sizeof prev, "%s", hash);
		if (progress_at(p, expect)) {
			ret = progress_cancelled(e);
			break;
		}
		expect++;
	}
	db_finalize(st);
	if (ret == ST_OK && rc == DB_FAIL)
		ret = e ? e->st : ST_STORAGE;
	progress_end(p);
	return ret;
}

enum status
audit_verify_as(struct store *s, const struct actor *a, struct progress *p,
		struct err *e)
{
	enum status ret;

	if ((ret = actor_require(a, PERM_AUDIT, e)) != ST_OK)
		return ret;
	return audit_verify(s, p, e);
}

struct seal_tx {
	const struct actor *a;
	char *out;
};

static enum status
seal_tx(struct store *s, void *arg, struct err *e)
{
	struct seal_tx *sl = arg;
	struct db_stmt *st;
	enum status ret;

	ret = db_one(s, &st, e, "SELECT id, hash FROM audit ORDER BY id DESC "
		     "LIMIT 1");
	if (ret == ST_OK) {
		snprintf(sl->out, AUDIT_SEAL_MAX, "%.16s-%lld",
			 db_col_text(st, 1), (long long)db_col_int64(st, 0));
		db_finalize(st);
	} else if (ret == ST_NOTFOUND) {
		snprintf(sl->out, AUDIT_SEAL_MAX, "%.16s-0", store_genesis(s));
	} else {
		return ret;
	}
	return audit_log(s, sl->a, "audit.seal", "", sl->out, e);
}

enum status
audit_seal(struct store *s, const struct actor *a, char out[AUDIT_SEAL_MAX],
	   struct err *e)
{
	struct seal_tx sl = {a, out};
	enum status ret;

	if ((ret = actor_require(a, PERM_AUDIT, e)) != ST_OK)
		return ret;
	return db_transact(s, DB_WRITE, seal_tx, &sl, e);
}

enum status
audit_verify_against(struct store *s, const struct actor *a,
		     const char *sealed, struct progress *p, struct err *e)
{
	char hex[65], *got = NULL;
	long long id;
	enum status ret;
	int n = 0;

	if ((ret = actor_require(a, PERM_AUDIT, e)) != ST_OK)
		return ret;
	if (!sealed || sscanf(sealed, "%64[0-9a-f]-%lld%n", hex, &id, &n) != 2 ||
	    sealed[n] || strlen(hex) < 16 || id < 0)
		return err_set(e, ST_INVALID, "seal",
			       "Печать журнала аудита: ожидается «16 шестнадцатеричных цифр-номер строки», получено «%s»", sealed ? sealed : "");
	if ((ret = audit_verify(s, p, e)) != ST_OK)
		return ret;
	if (id == 0)
		return ST_OK;
	if ((ret = db_text(s, e, &got, NULL, "SELECT hash FROM audit WHERE id "
			   "= ?", DB_INT(id))) != ST_OK)
		return ret;
	if (!got)
		ret = err_set(e, ST_CORRUPT, "",
			      "audit line %lld of the seal is gone: the log "
			      "was cut short", id);
	else if (strncmp(got, hex, strlen(hex)) != 0)
		ret = err_set(e, ST_CORRUPT, "",
			      "audit line %lld does not have the sealed hash: "
			      "the log was cut short or rewritten up to it",
			      id);
	free(got);
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

/* in as an ISO day into out (next: the day after it), "" for none. */
static enum status
bound(const char *in, int next, char *out, struct err *e)
{
	struct date d;

	if (!in) {
		out[0] = '\0';
		return ST_OK;
	}
	if (date_parse_any(in, &d) != 0)
		return err_set(e, ST_INVALID, "date",
			       "Дата: ожидается ДД.ММ.ГГГГ, получено «%s»", in);
	date_format_iso(next ? date_add_days(d, 1) : d, out);
	return ST_OK;
}

struct rows {
	struct audit_row *v;
	size_t n, cap;
};

static enum status
add_row(struct db_stmt *st, void *arg, struct err *e)
{
	struct rows *rs = arg;
	struct audit_row *r;

	(void)e;
	XGROW(rs->v, rs->n, rs->cap);
	r = &rs->v[rs->n++];
	memset(r, 0, sizeof *r);
	r->id = db_col_int64(st, 0);
	snprintf(r->at, sizeof r->at, "%s", db_col_text(st, 1));
	snprintf(r->login, sizeof r->login, "%s", db_col_text(st, 2));
	snprintf(r->action, sizeof r->action, "%s", db_col_text(st, 3));
	snprintf(r->object, sizeof r->object, "%s", db_col_text(st, 4));
	snprintf(r->origin, sizeof r->origin, "%s", db_col_text(st, 5));
	r->detail = db_col_dup(st, 6);
	return ST_OK;
}

enum status
audit_list(struct store *s, const struct actor *a, const char *who,
	   const char *case_id, const char *from, const char *to,
	   struct audit_row **out, size_t *n, struct err *e)
{
	char lo[24], hi[24], obj[40], sql[400];
	struct rows rs = {0};
	enum status ret;

	*out = NULL;
	*n = 0;
	/* A day's stamps run from its start to the next day's start. */
	if ((ret = actor_require(a, PERM_AUDIT, e)) != ST_OK ||
	    (ret = bound(from, 0, lo, e)) != ST_OK ||
	    (ret = bound(to, 1, hi, e)) != ST_OK)
		return ret;
	snprintf(obj, sizeof obj, "case:%s", case_id ? case_id : "");
	/* A bound is in the SQL only when given: a parameter compared with
	 * a stamp is a stamp on PostgreSQL, and an empty one is not. */
	snprintf(sql, sizeof sql, "SELECT id, at, login, action, object, "
		 "origin, detail FROM audit WHERE (CAST(?1 AS TEXT) IS NULL OR "
		 "login = ?1) AND (CAST(?2 AS TEXT) IS NULL OR object = ?2)%s%s "
		 "ORDER BY id", lo[0] ? " AND at >= ?3" : "",
		 hi[0] ? " AND at < ?4" : "");
	ret = db_each(s, e, add_row, &rs, sql, DB_TEXT(who),
		      DB_TEXT(case_id ? obj : NULL), DB_TEXT(lo), DB_TEXT(hi));
	if (ret != ST_OK) {
		audit_rows_free(rs.v, rs.n);
		return ret;
	}
	*out = rs.v;
	*n = rs.n;
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
