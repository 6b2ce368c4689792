/* SPDX-License-Identifier: MIT */
/* Append-only, hash-chained audit log. */
#include "audit.h"
#include "chain.h"
#include "clock.h"
#include "date.h"
#include "db.h"
#include "i18n.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

/* The canonical form hashed for one line: fields joined by a unit
 * separator, so no field value can imitate a boundary. A line of chain 0
 * begins with its number alone (as every line did when the log was one
 * chain), one of an office's chain with "office:number": no line can pass
 * for one of another chain. */
static char *
canonical(long long chain, long long seq, const char *at, long long account,
	  const char *login, const char *action, const char *object,
	  const char *detail, const char *origin)
{
	char head[48];

	if (chain)
		snprintf(head, sizeof head, "%lld:%lld", chain, seq);
	else
		snprintf(head, sizeof head, "%lld", seq);
	return xasprintf("%s\x1f%s\x1f%lld\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s", head,
			 at, account, login, action, object, detail, origin);
}

/* Take a chain's head for a new line: its row of audit_heads is counted
 * on at once (made when the chain has none yet) and stays locked to this
 * transaction, so two writers of one chain number their lines one after
 * the other; writers of other offices' chains are not held up. The hash
 * returned is the last line's ("" before the first line). */
static enum status
head_take(struct store *s, long long chain, long long *seq, char *prev,
	  struct err *e)
{
	struct db_stmt *st;
	enum status ret;
	const char *h;

	ret = db_one(s, &st, e, "INSERT INTO audit_heads(chain, seq, hash) "
		     "VALUES (?, 1, '') ON CONFLICT(chain) DO UPDATE SET seq = "
		     "audit_heads.seq + 1 RETURNING seq, hash", DB_INT(chain));
	if (ret == ST_NOTFOUND)
		return err_set(e, ST_STORAGE, "", "Голова журнала аудита не найдена");
	if (ret != ST_OK)
		return ret;
	h = db_col_text(st, 1);
	*seq = db_col_int64(st, 0);
	snprintf(prev, CHAIN_HEX, "%s", *h ? h : store_genesis(s));
	db_finalize(st);
	return ST_OK;
}

/* A server that takes no writes (a hot standby, the national database)
 * cannot hold the line of a read done there (a login, a document
 * checked, a case opened): it goes to the system log instead, authpriv,
 * with the same fields and the database it was read from. Acts are
 * refused there before they start (db.h, DB_WRITE), so only reads come
 * here. */
static void
audit_elsewhere(struct store *s, const struct actor *a, const char *action,
		const char *object, const char *detail)
{
	char at[STAMP_SIZE];
	char *line;

	clock_stamp(clock_now(), at);
	line = xasprintf("%s read-only %s: %s %s %s by %s (%lld) from %s",
			 at, s->path ? s->path : "", action,
			 object ? object : "", detail ? detail : "",
			 a ? a->login : "", a ? a->id : 0LL,
			 a ? a->origin : "");
	openlog("okno", LOG_PID, LOG_AUTHPRIV);
	syslog(LOG_NOTICE, "%s", line);
	closelog();
	free(line);
}

/* audit_log, telling the new line's id and hash (either may be NULL). */
static enum status
append(struct store *s, const struct actor *a, const char *action,
       const char *object, const char *detail, long long *out_id,
       char *out_hash, struct err *e)
{
	char prev[CHAIN_HEX], hash[CHAIN_HEX], at[STAMP_SIZE];
	long long chain = a ? a->office_id : 0, seq = 0;
	struct db_stmt *st;
	char *canon;
	enum status ret;

	/* A line belongs to the act it records: it is written inside the
	 * caller's write transaction (store_begin), never on its own. */
	if (s->in_tx <= 0)
		return err_set(e, ST_ERROR, "", "audit line outside a write transaction: %s", action);
	if (db_read_only(s)) {
		audit_elsewhere(s, a, action, object, detail);
		if (out_id)
			*out_id = 0;
		if (out_hash)
			out_hash[0] = '\0';
		return ST_OK;
	}
	/* The chain this connection writes to: on PostgreSQL its next write
	 * transaction waits for that chain's writers before it starts. */
	db_writer_office(s, chain);
	if ((ret = head_take(s, chain, &seq, prev, e)) != ST_OK)
		return ret;
	clock_stamp(clock_now(), at);
	canon = canonical(chain, seq, at, a ? a->id : 0, a ? a->login : "",
			  action, object ? object : "", detail ? detail : "",
			  a ? a->origin : "");
	chain_hash(prev, canon, hash);
	free(canon);
	if ((ret = db_one(s, &st, e, "INSERT INTO audit(chain, seq, at, "
			  "account_id, login, action, object, detail, origin, "
			  "prev_hash, hash, stamp) VALUES (?,?,?,?,?,?,?,?,?,?,"
			  "?,?) RETURNING id", DB_INT(chain), DB_INT(seq),
			  DB_TEXT(at), a && a->id > 0 ? DB_INT(a->id) : DB_NULL,
			  DB_TEXT(a ? a->login : ""), DB_TEXT(action),
			  DB_TEXT(object ? object : ""),
			  DB_TEXT(detail ? detail : ""),
			  DB_TEXT(a ? a->origin : ""), DB_TEXT(prev),
			  DB_TEXT(hash), DB_TEXT(at))) != ST_OK)
		return ret;
	if (out_id)
		*out_id = db_col_int64(st, 0);
	db_finalize(st);
	if (out_hash)
		snprintf(out_hash, CHAIN_HEX, "%s", hash);
	return db_exec(s, e, "UPDATE audit_heads SET hash = ? WHERE chain = ?",
		       DB_TEXT(hash), DB_INT(chain));
}

enum status
audit_log(struct store *s, const struct actor *a, const char *action,
	  const char *object, const char *detail, struct err *e)
{
	return append(s, a, action, object, detail, NULL, NULL, e);
}

/* "the audit chain of office A01" (of the region's accounts for 0). */
static void
chain_name(struct store *s, long long chain, char *out, size_t n)
{
	char *code = NULL;

	if (chain < 0 &&
	    db_text(s, NULL, &code, NULL, "SELECT m.file FROM moved_chains c "
		    "JOIN moved_in m ON m.id = c.moved_in WHERE c.chain = ?",
		    DB_INT(chain)) == ST_OK && code)
		snprintf(out, n, "the audit chain of the region and the system "
			 "of %s (moved in)", code);
	else if (chain > 0 &&
	    db_text(s, NULL, &code, NULL, "SELECT code FROM offices WHERE id = "
		    "?", DB_INT(chain)) == ST_OK && code)
		snprintf(out, n, "the audit chain of office %s", code);
	else if (chain)
		snprintf(out, n, "the audit chain of office #%lld", chain);
	else
		snprintf(out, n, "the audit chain of the region and the system");
	free(code);
}

/* A chain's head as audit_heads had it before its lines were read: the
 * lines then are all there, with the head's hash on its last one (lines
 * added since come after it). */
struct head {
	long long chain, seq;
	char hash[CHAIN_HEX];
};

/* A head from a row (a db_fill_fn). */
static void
fill_head(struct db_stmt *row, void *elem)
{
	struct head *x = elem;

	x->chain = db_col_int64(row, 0);
	x->seq = db_col_null(row, 1) ? -1 : db_col_int64(row, 1);
	snprintf(x->hash, sizeof x->hash, "%s", db_col_text(row, 2));
}

/* Walk one chain from its genesis: lines numbered 1, 2, ... each linking
 * to the one before and hashing to what it holds, up to (at least) its
 * head. done counts the lines for p. */
static enum status
verify_chain(struct store *s, const struct head *h, struct progress *p,
	     long long *done, struct err *e)
{
	char prev[CHAIN_HEX], hash[CHAIN_HEX], name[96];
	long long expect = 1;
	enum status ret = ST_OK;
	struct db_stmt *st;
	int rc;

	snprintf(prev, sizeof prev, "%s", store_genesis(s));
	/* The stamp as hashed: its own column, or `at` on lines older than
	 * the column (text then on either engine); the chain's number and
	 * the account's id as hashed (a line moved in from another database
	 * keeps those it had there). */
	st = db_prepare(s, "SELECT id, at, COALESCE(hashed_account, "
			"account_id), login, action, object, detail, origin, "
			"prev_hash, hash, stamp, seq, COALESCE(hashed_chain, "
			"chain) FROM audit WHERE chain = ? ORDER BY seq", e);
	if (!st)
		return e ? e->st : ST_STORAGE;
	db_bind_int64(st, 1, h->chain);
	db_stream(st);
	while ((rc = db_step(st, e)) == DB_ROW) {
		long long id = db_col_int64(st, 0), seq = db_col_int64(st, 11);
		char *canon;

		if (seq != expect) {
			chain_name(s, h->chain, name, sizeof name);
			ret = err_set(e, ST_CORRUPT, "", seq > expect
				      ? "%s: its line %lld is missing (before "
					"audit line %lld)"
				      : "%s: its line %lld is out of order "
					"(audit line %lld)",
				      name, expect, id);
			break;
		}
		if (strcmp(db_col_text(st, 8), prev) != 0) {
			chain_name(s, h->chain, name, sizeof name);
			ret = err_set(e, ST_CORRUPT, "",
				      "audit line %lld: previous hash does not "
				      "match (a line before it was removed or "
				      "inserted; %s, its line %lld)", id, name,
				      seq);
			break;
		}
		canon = canonical(db_col_int64(st, 12), seq,
				  db_col_text(st, db_col_null(st, 10) ? 1 : 10),
				  db_col_int64(st, 2), db_col_text(st, 3),
				  db_col_text(st, 4), db_col_text(st, 5),
				  db_col_text(st, 6), db_col_text(st, 7));
		chain_hash(prev, canon, hash);
		free(canon);
		if (strcmp(hash, db_col_text(st, 9)) != 0) {
			chain_name(s, h->chain, name, sizeof name);
			ret = err_set(e, ST_CORRUPT, "",
				      "audit line %lld: content changed (%s, "
				      "its line %lld)", id, name, seq);
			break;
		}
		if (seq == h->seq && strcmp(hash, h->hash) != 0) {
			chain_name(s, h->chain, name, sizeof name);
			ret = err_set(e, ST_CORRUPT, "",
				      "%s: its line %lld (audit line %lld) is "
				      "not the one its head records (the chain "
				      "was cut short and written on)", name,
				      seq, id);
			break;
		}
		snprintf(prev, sizeof prev, "%s", hash);
		if (progress_at(p, ++*done)) {
			ret = progress_cancelled(e);
			break;
		}
		expect++;
	}
	db_finalize(st);
	if (ret == ST_OK && rc == DB_FAIL)
		ret = e ? e->st : ST_STORAGE;
	if (ret == ST_OK && h->seq < 0 && expect > 1) {
		chain_name(s, h->chain, name, sizeof name);
		ret = err_set(e, ST_CORRUPT, "", "%s has no head (its row of "
			      "audit_heads was removed)", name);
	} else if (ret == ST_OK && h->seq >= expect) {
		chain_name(s, h->chain, name, sizeof name);
		ret = err_set(e, ST_CORRUPT, "", "%s was cut short: its head "
			      "records line %lld, the last is line %lld", name,
			      h->seq, expect - 1);
	}
	return ret;
}

enum status
audit_verify(struct store *s, struct progress *p, struct err *e)
{
	struct head *h;
	size_t nh;
	long long done = 0;
	enum status ret;
	size_t i;

	if (p) {
		int64_t total = 0;

		if (db_int64(s, NULL, &total, 0, "SELECT COUNT(*) FROM audit") !=
		    ST_OK)
			total = 0;
		if (progress_begin(p, PROGRESS_AUDIT_VERIFY, total)) {
			progress_end(p);
			return progress_cancelled(e);
		}
	}
	/* Every chain with a head or with lines (the heads first: see struct
	 * head); a chain's head NULL when it has lines but no head. */
	ret = db_rows(s, e, &h, &nh, fill_head, NULL, "SELECT c.chain, h.seq, "
		      "COALESCE(h.hash, '') FROM (SELECT chain FROM audit_heads "
		      "UNION SELECT DISTINCT chain FROM audit) c LEFT JOIN "
		      "audit_heads h ON h.chain = c.chain ORDER BY c.chain");
	for (i = 0; ret == ST_OK && i < nh; i++)
		ret = verify_chain(s, &h[i], p, &done, e);
	free(h);
	progress_end(p);
	return ret;
}

/* The audit line of the auditor's verify, once its outcome is known: the
 * outcome stays in e whether or not the line can be written, and a check
 * that passed is reported only with its line written. */
static enum status
log_verify(struct store *s, const struct actor *a, const char *seal,
	   enum status ret, struct err *e)
{
	struct err le = {0};
	enum status lr;

	if (ret == ST_CANCELLED)
		return ret;
	lr = audit_log_own(s, a, "audit.verify", seal ? seal : "",
			   ret == ST_OK ? "intact" : e->msg, &le);
	if (ret == ST_OK && lr != ST_OK) {
		if (e)
			*e = le;
		return lr;
	}
	return ret;
}

enum status
audit_verify_as(struct store *s, const struct actor *a, struct progress *p,
		struct err *e)
{
	enum status ret;
	int held;

	if ((ret = actor_require(a, PERM_AUDIT, e)) != ST_OK)
		return ret;
	/* The outcome is stored in the audit line: Russian (i18n.h). */
	held = i18n_hold();
	ret = audit_verify(s, p, e);
	i18n_release(held);
	return log_verify(s, a, NULL, ret, e);
}

struct seal_tx {
	const struct actor *a;
	char *out;
};

static enum status
add_seal_head(struct db_stmt *row, void *arg, struct err *e)
{
	char **acc = arg, *n;

	(void)e;
	n = xasprintf("%s%s%lld:%lld:%.16s", *acc, **acc ? " " : "",
		      (long long)db_col_int64(row, 0),
		      (long long)db_col_int64(row, 1), db_col_text(row, 2));
	free(*acc);
	*acc = n;
	return ST_OK;
}

/* The seal is a line of its own: "audit.seal", its detail the head of
 * every chain as "chain:line:hash" (16 hex digits), and what the auditor
 * writes down names that line (its hash and id), so the seal vouches for
 * every chain as it stood. */
static enum status
seal_tx(struct store *s, void *arg, struct err *e)
{
	struct seal_tx *sl = arg;
	char *heads = xstrdup(""), hash[CHAIN_HEX];
	long long id = 0;
	enum status ret;

	ret = db_each(s, e, add_seal_head, &heads, "SELECT chain, seq, hash "
		      "FROM audit_heads WHERE seq > 0 ORDER BY chain");
	if (ret == ST_OK)
		ret = append(s, sl->a, "audit.seal", "", heads, &id, hash, e);
	if (ret == ST_OK)
		snprintf(sl->out, AUDIT_SEAL_MAX, "%.16s-%lld", hash, id);
	free(heads);
	return ret;
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
audit_last_seal(struct store *s, char out[AUDIT_SEAL_MAX], char *at,
		struct err *e)
{
	struct db_stmt *st;
	enum status ret;
	const char *detail;

	ret = db_one(s, &st, e, "SELECT id, hash, detail, at FROM audit WHERE "
		     "action = 'audit.seal' ORDER BY id DESC LIMIT 1");
	if (ret != ST_OK)
		return ret;
	/* A seal line of the chains is sealed itself; an older one's detail
	 * is the seal written down. */
	detail = db_col_text(st, 2);
	if (strchr(detail, ':'))
		snprintf(out, AUDIT_SEAL_MAX, "%.16s-%lld", db_col_text(st, 1),
			 (long long)db_col_int64(st, 0));
	else
		snprintf(out, AUDIT_SEAL_MAX, "%s", detail);
	snprintf(at, STAMP_SIZE, "%s", db_col_text(st, 3));
	db_finalize(st);
	return ST_OK;
}

/* The line numbered seq of chain still has the hash that begins with hex
 * (a chain's head recorded by a seal). */
static enum status
sealed_head(struct store *s, long long chain, long long seq, const char *hex,
	    struct err *e)
{
	char *got = NULL, name[96];
	enum status ret;

	if ((ret = db_text(s, e, &got, NULL, "SELECT hash FROM audit WHERE "
			   "chain = ? AND seq = ?", DB_INT(chain),
			   DB_INT(seq))) != ST_OK)
		return ret;
	if (!got || strncmp(got, hex, strlen(hex)) != 0) {
		chain_name(s, chain, name, sizeof name);
		ret = err_set(e, ST_CORRUPT, "", !got
			      ? "%s: its line %lld, sealed, is gone: the chain "
				"was cut short"
			      : "%s: its line %lld does not have the sealed "
				"hash: the chain was cut short or rewritten up "
				"to it", name, seq);
	}
	free(got);
	return ret;
}

enum status
audit_verify_against(struct store *s, const struct actor *a,
		     const char *sealed, struct progress *p, struct err *e)
{
	enum status ret;
	int held;

	if ((ret = actor_require(a, PERM_AUDIT, e)) != ST_OK)
		return ret;
	/* The outcome is stored in the audit line: Russian (i18n.h). */
	held = i18n_hold();
	ret = audit_verify_seal(s, sealed, p, e);
	i18n_release(held);
	if (ret == ST_INVALID) /* not a seal: nothing was read */
		return ret;
	return log_verify(s, a, sealed, ret, e);
}

enum status
audit_verify_seal(struct store *s, const char *sealed, struct progress *p,
		  struct err *e)
{
	char hex[65], like[67], *got = NULL, *detail = NULL, *action = NULL;
	long long id, seal_chain;
	int moved;
	enum status ret;
	struct db_stmt *st;
	int n = 0;

	if (!sealed || sscanf(sealed, "%64[0-9a-f]-%lld%n", hex, &id, &n) != 2 ||
	    sealed[n] || strlen(hex) < 16 || id < 0)
		return err_set(e, ST_INVALID, "seal",
			       "Печать журнала аудита: ожидается «16 шестнадцатеричных цифр-номер строки», получено «%s»", sealed ? sealed : "");
	if ((ret = audit_verify(s, p, e)) != ST_OK)
		return ret;
	if (id == 0)
		return ST_OK;
	/* The line of that id here, or one moved in from a database where it
	 * had that id (several may have: the one with the sealed hash). */
	snprintf(like, sizeof like, "%s%%", hex);
	ret = db_one(s, &st, e, "SELECT hash, action, detail, chain, "
		     "hashed_chain IS NOT NULL FROM audit WHERE id = ?1 OR "
		     "moved_id = ?1 ORDER BY CASE WHEN hash LIKE ?2 THEN 0 ELSE "
		     "1 END, id LIMIT 1", DB_INT(id), DB_TEXT(like));
	if (ret == ST_NOTFOUND)
		return err_set(e, ST_CORRUPT, "",
			       "audit line %lld of the seal is gone: the log "
			       "was cut short", id);
	if (ret != ST_OK)
		return ret;
	got = db_col_dup(st, 0);
	action = db_col_dup(st, 1);
	detail = db_col_dup(st, 2);
	seal_chain = db_col_int64(st, 3);
	moved = db_col_int(st, 4);
	db_finalize(st);
	if (strncmp(got, hex, strlen(hex)) != 0)
		ret = err_set(e, ST_CORRUPT, "",
			      "audit line %lld does not have the sealed hash: "
			      "the log was cut short or rewritten up to it",
			      id);
	/* A seal line of the chains (its content is sound: the chain was
	 * verified) names every chain's head then; an older seal names
	 * one line of the one chain the log was. */
	else if (strcmp(action, "audit.seal") == 0 && strchr(detail, ':')) {
		const char *c = detail;

		while (ret == ST_OK && *c) {
			long long chain, seq;
			int64_t mapped = 0;
			char h[17];
			int k = 0;

			if (sscanf(c, "%lld:%lld:%16[0-9a-f]%n", &chain, &seq, h,
				   &k) != 3) {
				ret = err_set(e, ST_CORRUPT, "",
					      "audit line %lld: not a seal's "
					      "list of heads", id);
				break;
			}
			/* A seal moved in names its database's chains by
			 * the numbers they had there. */
			if (moved &&
			    (ret = db_int64(s, e, &mapped, 0, "SELECT b.chain "
					    "FROM moved_chains a JOIN "
					    "moved_chains b ON b.moved_in = "
					    "a.moved_in WHERE a.chain = ? AND "
					    "b.hashed = ?", DB_INT(seal_chain),
					    DB_INT(chain))) != ST_OK)
				break;
			if (moved && !(chain = mapped)) {
				ret = err_set(e, ST_CORRUPT, "",
					      "audit line %lld: a chain it "
					      "seals was not moved in with it",
					      id);
				break;
			}
			ret = sealed_head(s, chain, seq, h, e);
			c += k;
			while (*c == ' ')
				c++;
		}
	}
	free(got);
	free(action);
	free(detail);
	return ret;
}

/* What one row owns (a db_clear_fn). */
static void
clear_row(void *elem)
{
	struct audit_row *r = elem;

	free(r->detail);
}

void
audit_rows_free(struct audit_row *r, size_t n)
{
	db_rows_free(r, n, clear_row);
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

/* A line of the log from a row (a db_fill_fn). */
static void
fill_row(struct db_stmt *st, void *elem)
{
	struct audit_row *r = elem;

	r->id = db_col_int64(st, 0);
	snprintf(r->at, sizeof r->at, "%s", db_col_text(st, 1));
	snprintf(r->login, sizeof r->login, "%s", db_col_text(st, 2));
	snprintf(r->action, sizeof r->action, "%s", db_col_text(st, 3));
	snprintf(r->object, sizeof r->object, "%s", db_col_text(st, 4));
	snprintf(r->origin, sizeof r->origin, "%s", db_col_text(st, 5));
	r->detail = db_col_dup(st, 6);
}

enum status
audit_list(struct store *s, const struct actor *a, const char *who,
	   const char *case_id, const char *from, const char *to,
	   struct audit_row **out, size_t *n, struct err *e)
{
	char lo[24], hi[24], obj[40], sql[640];
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
	 * a stamp is a stamp on PostgreSQL, and an empty one is not. A line
	 * moved in from another database (okno migrate) names the case by
	 * the id it had there (moved_cases). */
	snprintf(sql, sizeof sql, "SELECT id, at, login, action, object, "
		 "origin, detail FROM audit WHERE (CAST(?1 AS TEXT) IS NULL OR "
		 "login = ?1) AND (CAST(?2 AS TEXT) IS NULL OR (moved_id IS NULL "
		 "AND object = ?2) OR (moved_id IS NOT NULL AND object IN "
		 "(SELECT 'case:' || CAST(mc.old_id AS TEXT) FROM moved_cases mc "
		 "JOIN moved_chains ch ON ch.moved_in = mc.moved_in WHERE "
		 "ch.chain = audit.chain AND mc.case_id = ?5)))%s%s ORDER BY id",
		 lo[0] ? " AND at >= ?3" : "", hi[0] ? " AND at < ?4" : "");
	ret = db_rows(s, e, out, n, fill_row, clear_row, sql, DB_TEXT(who),
		      DB_TEXT(case_id ? obj : NULL), DB_TEXT(lo), DB_TEXT(hi),
		      DB_INT(case_id ? strtoll(case_id, NULL, 10) : 0));
	/* Who read the log, and what of it, is in the log. */
	if (ret == ST_OK) {
		char *det = xasprintf("%s%s%s%s%s%s%s%s",
				      who ? " who=" : "", who ? who : "",
				      case_id ? " case=" : "",
				      case_id ? case_id : "",
				      from ? " from=" : "", from ? from : "",
				      to ? " to=" : "", to ? to : "");

		ret = audit_log_own(s, a, "audit.view", "",
				    det[0] ? det + 1 : "", e);
		free(det);
	}
	if (ret != ST_OK) {
		audit_rows_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return ret;
}

enum status
audit_commit(struct store *s, const struct actor *a, const char *action,
	     const char *object, const char *detail, struct err *e)
{
	enum status ret = audit_log(s, a, action, object, detail, e);

	if (ret != ST_OK) {
		store_rollback(s);
		return ret;
	}
	return store_commit(s, e);
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

	return db_transact(s, DB_RECORD, log_own_tx, &o, e);
}
