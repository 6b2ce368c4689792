/* SPDX-License-Identifier: MIT */
/* Journal lines: numbering and the hash chain. */
#include "journal.h"
#include "audit.h"
#include "catalog.h"
#include "clock.h"
#include "date.h"
#include "forms.h"
#include "office.h"
#include "util.h"
#include "workflow.h"

#include <ctype.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <string.h>

static enum status insert_code(struct store *s, long long id,
			       const char *hash, struct err *e);

char *
journal_json(json_t *content)
{
	char *s = json_dumps(content, JSON_SORT_KEYS | JSON_COMPACT);
	char *r = xstrdup(s ? s : "{}");

	free(s);
	return r;
}

char *
journal_canonical(long long office_id, long long seq, const char *book,
		  int year, long long no, const char *kind, long long case_id,
		  long long corrects, const char *at, long long actor_id,
		  const char *content)
{
	return xasprintf("%lld\x1f%lld\x1f%s\x1f%d\x1f%lld\x1f%s\x1f%lld\x1f"
			 "%lld\x1f%s\x1f%lld\x1f%s",
			 office_id, seq, book, year, no, kind, case_id,
			 corrects, at, actor_id, content);
}

static enum status
head(struct store *s, long long office, long long *seq, char *prev,
     struct err *e)
{
	sqlite3_stmt *st = store_prepare(s, "SELECT seq, hash FROM journal "
					    "WHERE office_id = ? ORDER BY seq "
					    "DESC LIMIT 1", e);
	int rc;

	if (!st)
		return e ? e->st : ST_STORAGE;
	sqlite3_bind_int64(st, 1, office);
	*seq = 0;
	snprintf(prev, CHAIN_HEX, "%s", chain_genesis);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*seq = sqlite3_column_int64(st, 0);
		snprintf(prev, CHAIN_HEX, "%s", store_col_text(st, 1));
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_error(s, e, "journal head");
	return ST_OK;
}

static enum status
next_number(struct store *s, long long office, const char *book, int year,
	    long long *no, struct err *e)
{
	sqlite3_stmt *st = store_prepare(s, "SELECT COALESCE(MAX(no), 0) + 1 "
					    "FROM journal WHERE office_id = ? "
					    "AND book = ? AND year = ?", e);
	int rc;

	if (!st)
		return e ? e->st : ST_STORAGE;
	sqlite3_bind_int64(st, 1, office);
	store_bind_text(st, 2, book);
	sqlite3_bind_int(st, 3, year);
	rc = sqlite3_step(st);
	*no = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return store_error(s, e, "journal number");
	return ST_OK;
}

enum status
journal_append(struct store *s, const struct actor *a,
	       const struct journal_entry *in, long long *id_out, int *no_out,
	       int *year_out, struct err *e)
{
	char prev[CHAIN_HEX], hash[CHAIN_HEX], at[20];
	long long seq, no = 0;
	char *content, *canon;
	sqlite3_stmt *st;
	enum status ret;
	int year, rc;

	if (!s->in_tx)
		return err_set(e, ST_ERROR, "",
			       "journal_append outside a transaction");
	clock_stamp(clock_now(), at);
	year = clock_today().y;
	if ((ret = head(s, in->office_id, &seq, prev, e)) != ST_OK)
		return ret;
	seq++;
	if (in->numbered &&
	    (ret = next_number(s, in->office_id, in->book, year, &no, e)) !=
		    ST_OK)
		return ret;
	content = journal_json(in->content);
	canon = journal_canonical(in->office_id, seq, in->book, year, no,
				  in->kind, in->case_id, in->corrects, at,
				  a ? a->id : 0, content);
	chain_hash(prev, canon, hash);
	free(canon);

	st = store_prepare(s, "INSERT INTO journal(office_id, seq, book, year,"
			      " no, kind, case_id, corrects, at, actor_id, "
			      "content, prev_hash, hash) "
			      "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", e);
	if (!st) {
		free(content);
		return e ? e->st : ST_STORAGE;
	}
	sqlite3_bind_int64(st, 1, in->office_id);
	sqlite3_bind_int64(st, 2, seq);
	store_bind_text(st, 3, in->book);
	sqlite3_bind_int(st, 4, year);
	if (no)
		sqlite3_bind_int64(st, 5, no);
	else
		sqlite3_bind_null(st, 5);
	store_bind_text(st, 6, in->kind);
	if (in->case_id)
		sqlite3_bind_int64(st, 7, in->case_id);
	else
		sqlite3_bind_null(st, 7);
	if (in->corrects)
		sqlite3_bind_int64(st, 8, in->corrects);
	else
		sqlite3_bind_null(st, 8);
	store_bind_text(st, 9, at);
	sqlite3_bind_int64(st, 10, a ? a->id : 0);
	store_bind_text(st, 11, content);
	store_bind_text(st, 12, prev);
	store_bind_text(st, 13, hash);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	free(content);
	if (rc != SQLITE_DONE)
		return store_error(s, e, "journal append");
	{
		long long id = sqlite3_last_insert_rowid(s->db);

		if ((ret = insert_code(s, id, hash, e)) != ST_OK)
			return ret;
		if (id_out)
			*id_out = id;
	}
	if (no_out)
		*no_out = (int)no;
	if (year_out)
		*year_out = year;
	return ST_OK;
}

/* ---- reading lines ----------------------------------------------------- */

#define LINE_COLS                                                          \
	"j.id, j.office_id, j.seq, j.book, j.year, COALESCE(j.no,0), j.kind, " \
	"COALESCE(j.case_id,0), COALESCE(j.corrects,0), j.at, j.actor_id, "  \
	"j.content, j.prev_hash, j.hash"
#define LINE_NCOLS 14

static void
read_line(sqlite3_stmt *st, struct journal_line *l)
{
	memset(l, 0, sizeof *l);
	l->id = sqlite3_column_int64(st, 0);
	l->office_id = sqlite3_column_int64(st, 1);
	l->seq = sqlite3_column_int64(st, 2);
	snprintf(l->book, sizeof l->book, "%s", store_col_text(st, 3));
	l->year = sqlite3_column_int(st, 4);
	l->no = sqlite3_column_int64(st, 5);
	snprintf(l->kind, sizeof l->kind, "%s", store_col_text(st, 6));
	l->case_id = sqlite3_column_int64(st, 7);
	l->corrects = sqlite3_column_int64(st, 8);
	snprintf(l->at, sizeof l->at, "%s", store_col_text(st, 9));
	l->actor_id = sqlite3_column_int64(st, 10);
	l->content = store_col_dup(st, 11);
	snprintf(l->prev_hash, sizeof l->prev_hash, "%s",
		 store_col_text(st, 12));
	snprintf(l->hash, sizeof l->hash, "%s", store_col_text(st, 13));
}

void
journal_lines_free(struct journal_line *v, size_t n)
{
	size_t i;

	for (i = 0; v && i < n; i++)
		free(v[i].content);
	free(v);
}

/* The hash the line's stored fields give. */
static void
line_rehash(const struct journal_line *l, const char *content, char *out)
{
	char *canon = journal_canonical(l->office_id, l->seq, l->book,
					l->year, l->no, l->kind, l->case_id,
					l->corrects, l->at, l->actor_id,
					content);

	chain_hash(l->prev_hash, canon, out);
	free(canon);
}

/* "строка 12 (запись № 5/2026, accept, 2026-03-02T10:00:00)" */
static void
line_name(const struct journal_line *l, char *buf, size_t n)
{
	if (l->no)
		snprintf(buf, n, "строка %lld (запись № %lld/%d, «%s», %s)",
			 l->seq, l->no, l->year, l->kind, l->at);
	else
		snprintf(buf, n, "строка %lld («%s», %s)", l->seq, l->kind,
			 l->at);
}

static enum status
scalar_ll(struct store *s, const char *sql, long long a1, const char *a2,
	  long long *out, struct err *e)
{
	sqlite3_stmt *st = store_prepare(s, sql, e);
	int rc;

	if (!st)
		return e ? e->st : ST_STORAGE;
	sqlite3_bind_int64(st, 1, a1);
	if (a2)
		store_bind_text(st, 2, a2);
	rc = sqlite3_step(st);
	*out = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_error(s, e, "journal query");
	return ST_OK;
}

static enum status
need_any(const struct actor *a, enum perm p1, enum perm p2, struct err *e)
{
	if (!a || a->id <= 0)
		return err_set(e, ST_DENIED, "", "Требуется вход в систему");
	if (role_allows(a->roles, p1) || role_allows(a->roles, p2))
		return ST_OK;
	return err_set(e, ST_DENIED, "", "Нет права: %s", perm_ru(p1));
}

/* A read-only snapshot: BEGIN (deferred) takes no write lock, so a long
 * verify never holds up the windows. */
static enum status
read_begin(struct store *s, struct err *e)
{
	if (sqlite3_exec(s->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
		return store_error(s, e, "begin read");
	return ST_OK;
}

static void
read_end(struct store *s)
{
	sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
}

/* A short audit line in its own transaction. */
static enum status
audit_own(struct store *s, const struct actor *a, const char *action,
	  const char *object, const char *detail, struct err *e)
{
	enum status ret;

	if ((ret = store_begin(s, e)) != ST_OK)
		return ret;
	if ((ret = audit_log(s, a, action, object, detail, e)) != ST_OK) {
		store_rollback(s);
		return ret;
	}
	return store_commit(s, e);
}

enum status
journal_office(struct store *s, const struct actor *a, const char *code,
	       long long *office_id, struct err *e)
{
	struct office_info o;
	enum status ret;
	long long region = 0;

	if (!a || a->id <= 0)
		return err_set(e, ST_DENIED, "", "Требуется вход в систему");
	if (code && *code) {
		if ((ret = office_get(s, code, &o, e)) != ST_OK)
			return ret;
	} else if (a->office_id) {
		*office_id = a->office_id;
		return ST_OK;
	} else if ((ret = office_default(s, &o, e)) != ST_OK) {
		return ret;
	}
	*office_id = o.id;
	if (a->office_id) {
		if (a->office_id == o.id)
			return ST_OK;
		return err_set(e, ST_DENIED, "office",
			       "Журнал другого подразделения недоступен");
	}
	if ((ret = scalar_ll(s, "SELECT region_id FROM offices WHERE id = ?",
			     o.id, NULL, &region, e)) != ST_OK)
		return ret;
	if (region != a->region_id)
		return err_set(e, ST_DENIED, "office",
			       "Журнал подразделения другого региона "
			       "недоступен");
	return ST_OK;
}

/* ---- verify ------------------------------------------------------------ */

/* The chain hash of one line, as chain_hash(prev, journal_canonical(...))
 * computes it, without building the canonical text or a digest context
 * per line: verify runs it a million times. */
struct vhash {
	EVP_MD *md;
	EVP_MD_CTX *ctx;
};

static void
vhash_line(struct vhash *h, const struct journal_line *l, const char *content,
	   char *out)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char md[EVP_MAX_MD_SIZE];
	char head[512];
	unsigned len = 0, i;
	int n;

	n = snprintf(head, sizeof head, "%lld\x1f%lld\x1f%s\x1f%d\x1f%lld\x1f"
		     "%s\x1f%lld\x1f%lld\x1f%s\x1f%lld\x1f", l->office_id, l->seq,
		     l->book, l->year, l->no, l->kind, l->case_id, l->corrects,
		     l->at, l->actor_id);
	if (!h->ctx || n < 0 || (size_t)n >= sizeof head) {
		line_rehash(l, content, out);
		return;
	}
	EVP_DigestInit_ex(h->ctx, h->md, NULL);
	EVP_DigestUpdate(h->ctx, l->prev_hash, strlen(l->prev_hash));
	EVP_DigestUpdate(h->ctx, "\n", 1);
	EVP_DigestUpdate(h->ctx, head, (size_t)n);
	EVP_DigestUpdate(h->ctx, content, strlen(content));
	EVP_DigestFinal_ex(h->ctx, md, &len);
	for (i = 0; i < len; i++) {
		out[2 * i] = hex[md[i] >> 4];
		out[2 * i + 1] = hex[md[i] & 15];
	}
	out[2 * len] = '\0';
}

/* 1 when the line after seq links to prev_hash. */
static int
next_links_to(struct store *s, long long office, long long seq,
	      const char *prev_hash)
{
	sqlite3_stmt *st = store_prepare(s, "SELECT prev_hash FROM journal "
					    "WHERE office_id = ? AND seq > ? "
					    "ORDER BY seq LIMIT 1", NULL);
	int r = 0;

	if (!st)
		return 0;
	sqlite3_bind_int64(st, 1, office);
	sqlite3_bind_int64(st, 2, seq);
	if (sqlite3_step(st) == SQLITE_ROW)
		r = strcmp(store_col_text(st, 0), prev_hash) == 0;
	sqlite3_finalize(st);
	return r;
}

static enum status
verify_run(struct store *s, long long office, int year,
	   struct journal_verify *out, struct err *e)
{
	char expect[CHAIN_HEX], expect2[CHAIN_HEX] = "", h[CHAIN_HEX];
	char name[200];
	long long first = 1, last = -1, exp_seq = 1;
	struct journal_line l, prev = {0};
	sqlite3_stmt *st;
	enum status ret = ST_OK;
	int rc, have_prev = 0;
	struct vhash vh;

	memset(out, 0, sizeof *out);
	snprintf(expect, sizeof expect, "%s", chain_genesis);
	snprintf(out->head, sizeof out->head, "%s", chain_genesis);
	if (year) {
		st = store_prepare(s, "SELECT MIN(seq), MAX(seq) FROM journal "
				      "WHERE office_id = ? AND year = ?", e);
		if (!st)
			return e ? e->st : ST_STORAGE;
		sqlite3_bind_int64(st, 1, office);
		sqlite3_bind_int(st, 2, year);
		if (sqlite3_step(st) == SQLITE_ROW &&
		    sqlite3_column_type(st, 0) != SQLITE_NULL) {
			first = sqlite3_column_int64(st, 0);
			last = sqlite3_column_int64(st, 1);
		} else {
			first = 1;
			last = 0;
		}
		sqlite3_finalize(st);
		if (last == 0)
			return ST_OK;
		st = store_prepare(s, "SELECT seq, hash FROM journal WHERE "
				      "office_id = ? AND seq < ? ORDER BY seq "
				      "DESC LIMIT 1", e);
		if (!st)
			return e ? e->st : ST_STORAGE;
		sqlite3_bind_int64(st, 1, office);
		sqlite3_bind_int64(st, 2, first);
		if (sqlite3_step(st) == SQLITE_ROW) {
			exp_seq = sqlite3_column_int64(st, 0) + 1;
			snprintf(expect, sizeof expect, "%s",
				 store_col_text(st, 1));
		}
		sqlite3_finalize(st);
	}
	st = store_prepare(s, "SELECT " LINE_COLS " FROM journal j WHERE "
			      "j.office_id = ? AND j.seq >= ? AND "
			      "(? < 0 OR j.seq <= ?) ORDER BY j.seq", e);
	if (!st)
		return e ? e->st : ST_STORAGE;
	sqlite3_bind_int64(st, 1, office);
	sqlite3_bind_int64(st, 2, first);
	sqlite3_bind_int64(st, 3, last);
	sqlite3_bind_int64(st, 4, last);
	vh.md = EVP_MD_fetch(NULL, "SHA256", NULL);
	vh.ctx = vh.md ? EVP_MD_CTX_new() : NULL;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *content = (const char *)sqlite3_column_text(st, 11);

		/* Read without copying the content: this loop runs a
		 * million times on a big journal. */
		l.id = sqlite3_column_int64(st, 0);
		l.office_id = office;
		l.seq = sqlite3_column_int64(st, 2);
		snprintf(l.book, sizeof l.book, "%s", store_col_text(st, 3));
		l.year = sqlite3_column_int(st, 4);
		l.no = sqlite3_column_int64(st, 5);
		snprintf(l.kind, sizeof l.kind, "%s", store_col_text(st, 6));
		l.case_id = sqlite3_column_int64(st, 7);
		l.corrects = sqlite3_column_int64(st, 8);
		snprintf(l.at, sizeof l.at, "%s", store_col_text(st, 9));
		l.actor_id = sqlite3_column_int64(st, 10);
		snprintf(l.prev_hash, sizeof l.prev_hash, "%s",
			 store_col_text(st, 12));
		snprintf(l.hash, sizeof l.hash, "%s", store_col_text(st, 13));
		l.content = NULL;

		if (strcmp(l.prev_hash, expect) != 0) {
			if (have_prev && strcmp(l.prev_hash, expect2) == 0) {
				line_name(&prev, name, sizeof name);
				out->fault = JF_INSERTED;
				out->bad_id = prev.id;
				out->bad_seq = prev.seq;
				ret = err_set(e, ST_CORRUPT, "journal",
					      "Журнал нарушен: %s вставлена "
					      "задним числом (следующая строка "
					      "ссылается на строку перед ней)",
					      name);
			} else {
				line_name(&l, name, sizeof name);
				out->fault = JF_MISSING;
				out->bad_id = l.id;
				out->bad_seq = l.seq;
				if (l.seq > exp_seq + 1)
					ret = err_set(e, ST_CORRUPT, "journal",
						"Журнал нарушен: перед «%s» нет "
						"строк %lld–%lld (удалены)",
						name, exp_seq, l.seq - 1);
				else if (l.seq == exp_seq + 1)
					ret = err_set(e, ST_CORRUPT, "journal",
						"Журнал нарушен: перед «%s» нет "
						"строки %lld (удалена)", name,
						exp_seq);
				else
					ret = err_set(e, ST_CORRUPT, "journal",
						"Журнал нарушен: %s не продолжает "
						"цепочку — строка перед ней "
						"удалена или подменена", name);
			}
			break;
		}
		vhash_line(&vh, &l, content ? content : "", h);
		if (strcmp(h, l.hash) != 0 || l.seq != exp_seq) {
			line_name(&l, name, sizeof name);
			out->bad_id = l.id;
			out->bad_seq = l.seq;
			/* A forged line whose successor still links to the
			 * line before it was inserted, not edited. */
			if (next_links_to(s, office, l.seq, l.prev_hash)) {
				out->fault = JF_INSERTED;
				ret = err_set(e, ST_CORRUPT, "journal",
					      "Журнал нарушен: %s вставлена "
					      "задним числом (следующая строка "
					      "ссылается на строку перед ней)",
					      name);
				break;
			}
			out->fault = JF_CHANGED;
			ret = err_set(e, ST_CORRUPT, "journal",
				      "Журнал нарушен: %s изменена после "
				      "записи (содержимое не даёт её хеш)",
				      name);
			break;
		}
		/* A day's closing line records the head it closed; a chain
		 * recomputed from an edited line onwards no longer gives it
		 * (the same check the signed paper copy allows by hand). */
		if (!strcmp(l.kind, "day-close") && content) {
			const char *hd = strstr(content, "\"head\":\"");

			if (hd && strncmp(hd + 8, l.prev_hash, CHAIN_HEX - 1)) {
				line_name(&l, name, sizeof name);
				out->fault = JF_CHANGED;
				out->bad_id = l.id;
				out->bad_seq = l.seq;
				ret = err_set(e, ST_CORRUPT, "journal",
					      "Журнал нарушен: %s записала "
					      "хеш %.16s, а цепочка перед ней "
					      "даёт %.16s — строки до неё "
					      "переписаны", name, hd + 8,
					      l.prev_hash);
				break;
			}
		}
		snprintf(expect2, sizeof expect2, "%s", expect);
		snprintf(expect, sizeof expect, "%s", l.hash);
		prev = l;
		have_prev = 1;
		exp_seq = l.seq + 1;
		out->lines++;
		out->head_seq = l.seq;
		snprintf(out->head, sizeof out->head, "%s", l.hash);
	}
	sqlite3_finalize(st);
	EVP_MD_CTX_free(vh.ctx);
	EVP_MD_free(vh.md);
	if (ret == ST_OK && rc != SQLITE_DONE)
		return store_error(s, e, "journal verify");
	return ret;
}

enum status
journal_verify(struct store *s, const struct actor *a, long long office_id,
	       int year, struct journal_verify *out, struct err *e)
{
	enum status ret;
	char obj[32];

	memset(out, 0, sizeof *out);
	if ((ret = need_any(a, PERM_CASE_VIEW, PERM_AUDIT, e)) != ST_OK)
		return ret;
	if ((ret = read_begin(s, e)) != ST_OK)
		return ret;
	ret = verify_run(s, office_id, year, out, e);
	read_end(s);
	snprintf(obj, sizeof obj, "office:%lld", office_id);
	if (ret == ST_CORRUPT)
		audit_own(s, a, "journal.verify", obj, e->msg, NULL);
	return ret;
}

void
journal_seal_short(const char *hash, long long seq, char *out, size_t n)
{
	snprintf(out, n, "%.16s-%lld", hash, seq);
}

enum status
journal_verify_against(struct store *s, const struct actor *a,
		       long long office_id, const char *sealed,
		       struct journal_verify *out, struct err *e)
{
	char hex[CHAIN_HEX] = "", got[CHAIN_HEX] = "";
	long long count = -1, seq = 0;
	size_t nhex = 0;
	const char *p;
	sqlite3_stmt *st;
	enum status ret;
	int rc;

	memset(out, 0, sizeof *out);
	for (p = sealed ? sealed : ""; *p && nhex < CHAIN_HEX - 1; p++) {
		if (isxdigit((unsigned char)*p))
			hex[nhex++] = (char)tolower((unsigned char)*p);
		else if (*p != ' ')
			break;
	}
	hex[nhex] = '\0';
	if (*p == '-' || *p == '/' || *p == ':') {
		char *end;

		count = strtoll(p + 1, &end, 10);
		if (end == p + 1 || *end || count <= 0)
			count = -2;
	} else if (*p) {
		count = -2;
	}
	if (nhex < 16 || count == -2)
		return err_set(e, ST_INVALID, "against",
			       "Печать журнала: ожидается не менее 16 "
			       "шестнадцатеричных цифр хеша и, через дефис, "
			       "число строк (например 1a2b3c4d5e6f7a8b-120)");
	if ((ret = need_any(a, PERM_CASE_VIEW, PERM_AUDIT, e)) != ST_OK)
		return ret;
	if ((ret = read_begin(s, e)) != ST_OK)
		return ret;
	if ((ret = verify_run(s, office_id, 0, out, e)) != ST_OK)
		goto out;
	if (count > 0) {
		st = store_prepare(s, "SELECT hash FROM journal WHERE "
				      "office_id = ? AND seq = ?", e);
		if (!st) {
			ret = e ? e->st : ST_STORAGE;
			goto out;
		}
		sqlite3_bind_int64(st, 1, office_id);
		sqlite3_bind_int64(st, 2, count);
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW)
			snprintf(got, sizeof got, "%s", store_col_text(st, 0));
		sqlite3_finalize(st);
		seq = count;
	} else {
		char hi[CHAIN_HEX + 1];

		snprintf(hi, sizeof hi, "%s~", hex);
		st = store_prepare(s, "SELECT seq, hash FROM journal WHERE "
				      "office_id = ? AND hash >= ? AND hash < ? "
				      "ORDER BY seq LIMIT 1", e);
		if (!st) {
			ret = e ? e->st : ST_STORAGE;
			goto out;
		}
		sqlite3_bind_int64(st, 1, office_id);
		store_bind_text(st, 2, hex);
		store_bind_text(st, 3, hi);
		if (sqlite3_step(st) == SQLITE_ROW) {
			seq = sqlite3_column_int64(st, 0);
			snprintf(got, sizeof got, "%s", store_col_text(st, 1));
		}
		sqlite3_finalize(st);
	}
	out->fault = JF_SEAL;
	out->bad_seq = seq;
	if (!got[0] && count > 0 && count > out->head_seq)
		ret = err_set(e, ST_CORRUPT, "against",
			      "Журнал короче запечатанного: сейчас строк %lld, "
			      "при печати было %lld — конец журнала отрезан",
			      out->head_seq, count);
	else if (!got[0])
		ret = err_set(e, ST_CORRUPT, "against",
			      "В журнале нет строки с хешем %s: журнал "
			      "переписан или отрезан после печати", hex);
	else if (strncmp(got, hex, nhex) != 0)
		ret = err_set(e, ST_CORRUPT, "against",
			      "Строка %lld не совпадает с печатью (хеш %.16s, "
			      "при печати %s): журнал переписан после печати",
			      seq, got, hex);
	else {
		out->fault = JF_NONE;
		out->bad_seq = seq; /* the sealed line, for the report */
	}
out:
	read_end(s);
	return ret;
}

enum status
journal_seal(struct store *s, const struct actor *a, long long office_id,
	     struct journal_seal *out, struct err *e)
{
	char obj[32];
	enum status ret;

	memset(out, 0, sizeof *out);
	if ((ret = need_any(a, PERM_JOURNAL, PERM_AUDIT, e)) != ST_OK)
		return ret;
	if ((ret = store_begin(s, e)) != ST_OK)
		return ret;
	if ((ret = head(s, office_id, &out->seq, out->head, e)) != ST_OK ||
	    (ret = scalar_ll(s, "SELECT COUNT(*) FROM journal WHERE "
				"office_id = ?", office_id, NULL, &out->count,
			     e)) != ST_OK)
		goto fail;
	journal_seal_short(out->head, out->seq, out->short_form,
			   sizeof out->short_form);
	clock_stamp(clock_now(), out->at);
	snprintf(obj, sizeof obj, "office:%lld", office_id);
	if ((ret = audit_log(s, a, "journal.seal", obj, out->short_form, e)) !=
	    ST_OK)
		goto fail;
	return store_commit(s, e);
fail:
	store_rollback(s);
	return ret;
}

enum status
journal_close_day(struct store *s, const struct actor *a, long long office_id,
		  const char *date, struct journal_day *out, struct err *e)
{
	struct journal_entry je = {0};
	struct date d, today = clock_today();
	char lo[11], hi[12], obj[32];
	sqlite3_stmt *st;
	json_t *content;
	enum status ret;
	long long prior = 0;

	memset(out, 0, sizeof *out);
	if ((ret = actor_require(a, PERM_JOURNAL, e)) != ST_OK)
		return ret;
	if (date && *date) {
		if (date_parse_any(date, &d) != 0)
			return err_set(e, ST_INVALID, "date",
				       "Дата: неверное значение «%s»", date);
		if (date_cmp(d, today) > 0)
			return err_set(e, ST_INVALID, "date",
				       "Дата: нельзя закрыть день, который ещё "
				       "не наступил");
	} else {
		d = today;
	}
	date_format_iso(d, lo);
	snprintf(out->date, sizeof out->date, "%s", lo);
	snprintf(hi, sizeof hi, "%sU", lo); /* 'T' < 'U': the whole day */
	if ((ret = store_begin(s, e)) != ST_OK)
		return ret;
	st = store_prepare(s, "SELECT COUNT(*), COUNT(no), COALESCE(MIN(seq),0),"
			      " COALESCE(MAX(seq),0) FROM journal WHERE "
			      "office_id = ? AND at >= ? AND at < ? AND "
			      "kind <> 'day-close'", e);
	if (!st) {
		ret = e ? e->st : ST_STORAGE;
		goto fail;
	}
	sqlite3_bind_int64(st, 1, office_id);
	store_bind_text(st, 2, lo);
	store_bind_text(st, 3, hi);
	if (sqlite3_step(st) == SQLITE_ROW) {
		out->lines = sqlite3_column_int64(st, 0);
		out->entries = sqlite3_column_int64(st, 1);
		out->first_seq = sqlite3_column_int64(st, 2);
		out->last_seq = sqlite3_column_int64(st, 3);
	}
	sqlite3_finalize(st);
	if ((ret = scalar_ll(s, "SELECT COUNT(*) FROM journal WHERE "
			        "office_id = ? AND kind = 'day-close' AND "
			        "json_extract(content, '$.date') = ?",
			     office_id, lo, &prior, e)) != ST_OK)
		goto fail;
	out->repeated = prior > 0;
	if ((ret = head(s, office_id, &out->head_seq, out->head, e)) != ST_OK)
		goto fail;
	journal_seal_short(out->head, out->head_seq, out->short_form,
			   sizeof out->short_form);
	content = json_object();
	json_object_set_new(content, "date", json_string(lo));
	json_object_set_new(content, "lines", json_integer(out->lines));
	json_object_set_new(content, "entries", json_integer(out->entries));
	json_object_set_new(content, "first_seq", json_integer(out->first_seq));
	json_object_set_new(content, "last_seq", json_integer(out->last_seq));
	json_object_set_new(content, "head", json_string(out->head));
	json_object_set_new(content, "head_seq", json_integer(out->head_seq));
	json_object_set_new(content, "by", json_string(a->full_name));
	if (out->repeated)
		json_object_set_new(content, "repeated", json_true());
	je.office_id = office_id;
	je.book = "office";
	je.kind = "day-close";
	je.content = content;
	ret = journal_append(s, a, &je, &out->line_id, NULL, NULL, e);
	json_decref(content);
	if (ret != ST_OK)
		goto fail;
	out->seq = out->head_seq + 1;
	{
		char h[CHAIN_HEX];
		long long seq;

		if ((ret = head(s, office_id, &seq, h, e)) != ST_OK)
			goto fail;
		journal_check_code(h, out->code);
	}
	snprintf(obj, sizeof obj, "office:%lld", office_id);
	if ((ret = audit_log(s, a, "journal.close-day", obj, lo, e)) != ST_OK)
		goto fail;
	return store_commit(s, e);
fail:
	store_rollback(s);
	return ret;
}

/* ---- check codes ------------------------------------------------------- */

static const char b32[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/* Luhn mod 32 over digits d[0..n): with check 0, the digit that makes the
 * sum valid; with check 1, 0 when valid. */
static int
luhn32(const int *d, int n, int check)
{
	int i, factor = check ? 1 : 2, sum = 0;

	for (i = n - 1; i >= 0; i--) {
		int add = factor * d[i];

		factor = factor == 2 ? 1 : 2;
		sum += add / 32 + add % 32;
	}
	return check ? sum % 32 : (32 - sum % 32) % 32;
}

void
journal_check_code(const char *line_hash, char out[JOURNAL_CODE_SIZE])
{
	char buf[CHAIN_HEX + 16], hex[CHAIN_HEX], top[13];
	unsigned long long v;
	int d[10], i, j = 0;

	snprintf(buf, sizeof buf, "okno-check\n%s", line_hash);
	chain_sha256_hex(buf, strlen(buf), hex);
	snprintf(top, sizeof top, "%.12s", hex);
	v = strtoull(top, NULL, 16) >> 3; /* 45 bits */
	for (i = 8; i >= 0; i--) {
		d[i] = (int)(v & 31);
		v >>= 5;
	}
	d[9] = luhn32(d, 9, 0);
	for (i = 0; i < 10; i++) {
		if (i == 5)
			out[j++] = '-';
		out[j++] = b32[d[i]];
	}
	out[j] = '\0';
}

int
journal_code_normalise(const char *in, char out[JOURNAL_CODE_SIZE])
{
	int d[10], n = 0, i, j = 0;
	const char *p;

	for (p = in ? in : ""; *p; p++) {
		int c = toupper((unsigned char)*p);
		const char *q;

		if (c == ' ' || c == '-')
			continue;
		if (c == 'O')
			c = '0';
		else if (c == 'I' || c == 'L')
			c = '1';
		q = c ? strchr(b32, c) : NULL;
		if (!q || n == 10)
			return -1;
		d[n++] = (int)(q - b32);
	}
	if (n != 10 || luhn32(d, 10, 1) != 0)
		return -1;
	for (i = 0; i < 10; i++) {
		if (i == 5)
			out[j++] = '-';
		out[j++] = b32[d[i]];
	}
	out[j] = '\0';
	return 0;
}

static enum status
insert_code(struct store *s, long long id, const char *hash, struct err *e)
{
	char code[JOURNAL_CODE_SIZE];
	sqlite3_stmt *st;
	int rc;

	journal_check_code(hash, code);
	st = store_prepare(s, "INSERT INTO journal_codes(code, line_id) "
			      "VALUES (?, ?)", e);
	if (!st)
		return e ? e->st : ST_STORAGE;
	store_bind_text(st, 1, code);
	sqlite3_bind_int64(st, 2, id);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? ST_OK : store_error(s, e, "journal code");
}

enum status
journal_case_code(struct store *s, long long case_id, const char *kind,
		  char out[JOURNAL_CODE_SIZE], long long *line_id,
		  struct err *e)
{
	sqlite3_stmt *st = store_prepare(s, "SELECT id, hash FROM journal "
					    "WHERE case_id = ?1 AND (?2 IS NULL "
					    "OR kind = ?2) ORDER BY seq DESC "
					    "LIMIT 1", e);
	enum status ret = ST_OK;
	int rc;

	if (!st)
		return e ? e->st : ST_STORAGE;
	sqlite3_bind_int64(st, 1, case_id);
	store_bind_text(st, 2, kind);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		if (line_id)
			*line_id = sqlite3_column_int64(st, 0);
		journal_check_code(store_col_text(st, 1), out);
	} else if (rc == SQLITE_DONE) {
		ret = err_set(e, ST_NOTFOUND, "case",
			      "Дело № %lld: в журнале нет строки «%s»", case_id,
			      kind ? kind : "");
	} else {
		ret = store_error(s, e, "journal code");
	}
	sqlite3_finalize(st);
	return ret;
}

static enum status
load_line(struct store *s, const char *where, long long arg,
	  struct journal_line *l, struct err *e)
{
	char sql[512];
	sqlite3_stmt *st;
	int rc;

	snprintf(sql, sizeof sql, "SELECT " LINE_COLS " FROM journal j %s",
		 where);
	if (!(st = store_prepare(s, sql, e)))
		return e ? e->st : ST_STORAGE;
	sqlite3_bind_int64(st, 1, arg);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_line(st, l);
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return ST_OK;
	if (rc == SQLITE_DONE)
		return err_set(e, ST_NOTFOUND, "journal", "Строка журнала не "
							  "найдена");
	return store_error(s, e, "journal line");
}

/* Lines written before the codes table existed have no row there; find
 * them by computing their codes (slow, but only on old databases). */
static long long
code_scan(struct store *s, const char *code)
{
	sqlite3_stmt *st = store_prepare(s, "SELECT j.id, j.hash FROM journal j "
					    "WHERE NOT EXISTS (SELECT 1 FROM "
					    "journal_codes c WHERE c.line_id = "
					    "j.id)", NULL);
	char c[JOURNAL_CODE_SIZE];
	long long id = 0;

	if (!st)
		return 0;
	while (!id && sqlite3_step(st) == SQLITE_ROW) {
		journal_check_code(store_col_text(st, 1), c);
		if (strcmp(c, code) == 0)
			id = sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	return id;
}

static enum status
lines_where(struct store *s, const char *where, long long a1, long long a2,
	    struct journal_line **out, size_t *n, struct err *e)
{
	char sql[640];
	sqlite3_stmt *st;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	snprintf(sql, sizeof sql, "SELECT " LINE_COLS ", COALESCE(a.full_name,"
		 "'') FROM journal j LEFT JOIN accounts a ON a.id = j.actor_id "
		 "%s", where);
	if (!(st = store_prepare(s, sql, e)))
		return e ? e->st : ST_STORAGE;
	sqlite3_bind_int64(st, 1, a1);
	sqlite3_bind_int64(st, 2, a2);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		XGROW(*out, *n, cap);
		read_line(st, &(*out)[*n]);
		snprintf((*out)[*n].actor_name, sizeof (*out)[*n].actor_name,
			 "%s", store_col_text(st, LINE_NCOLS));
		(*n)++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		journal_lines_free(*out, *n);
		*out = NULL;
		*n = 0;
		return store_error(s, e, "journal lines");
	}
	return ST_OK;
}

static const char *
jget(json_t *o, const char *key)
{
	const char *v = json_string_value(json_object_get(o, key));

	return v ? v : "";
}

void
journal_check_free(struct journal_check *c)
{
	if (!c)
		return;
	free(c->line.content);
	journal_lines_free(c->later, c->nlater);
	memset(c, 0, sizeof *c);
}

enum status
journal_check_document(struct store *s, const struct actor *a,
		       const char *code, struct journal_check *out,
		       struct err *e)
{
	char norm[JOURNAL_CODE_SIZE], h[CHAIN_HEX];
	struct journal_line entry = {0};
	struct office_info o;
	long long id = 0;
	enum status ret;
	json_t *c;
	size_t i;

	memset(out, 0, sizeof *out);
	if ((ret = actor_require(a, PERM_CASE_VIEW, e)) != ST_OK)
		return ret;
	if (journal_code_normalise(code, norm) != 0)
		return err_set(e, ST_INVALID, "code",
			       "Код проверки «%s» набран неверно: ожидается 10 "
			       "знаков вида XXXXX-XXXXX, контрольный знак не "
			       "сходится", code ? code : "");
	if ((ret = read_begin(s, e)) != ST_OK)
		return ret;
	{
		sqlite3_stmt *st = store_prepare(s, "SELECT line_id FROM "
						    "journal_codes WHERE code = ?"
						    " ORDER BY line_id LIMIT 1",
						 e);

		if (!st) {
			ret = e ? e->st : ST_STORAGE;
			goto out;
		}
		store_bind_text(st, 1, norm);
		if (sqlite3_step(st) == SQLITE_ROW)
			id = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
	}
	if (!id)
		id = code_scan(s, norm);
	if (!id) {
		ret = err_set(e, ST_NOTFOUND, "code",
			      "Документ с кодом %s в журнале не значится: "
			      "такой документ не выдавался", norm);
		goto out;
	}
	if ((ret = load_line(s, "WHERE j.id = ?", id, &out->line, e)) != ST_OK)
		goto out;
	line_rehash(&out->line, out->line.content, h);
	out->intact = strcmp(h, out->line.hash) == 0;
	if (office_get_id(s, out->line.office_id, &o, NULL) == ST_OK)
		snprintf(out->office_name, sizeof out->office_name, "%s",
			 o.name);
	if (out->line.case_id) {
		if (strcmp(out->line.kind, "accept") == 0) {
			entry = out->line;
			entry.content = xstrdup(out->line.content);
		} else if (load_line(s, "WHERE j.case_id = ? AND j.kind = "
					"'accept' ORDER BY j.seq LIMIT 1",
				     out->line.case_id, &entry, NULL) != ST_OK) {
			memset(&entry, 0, sizeof entry);
		}
		if ((ret = lines_where(s, "WHERE j.case_id = ?1 AND j.seq > ?2 "
					  "ORDER BY j.seq", out->line.case_id,
				       out->line.seq, &out->later,
				       &out->nlater, e)) != ST_OK)
			goto out;
	}
	if (entry.content && (c = json_loads(entry.content, 0, NULL))) {
		json_t *f = json_object_get(c, "fields");

		snprintf(out->person, sizeof out->person, "%s %s %s",
			 jget(f, "surname"), jget(f, "given_names"),
			 jget(f, "patronymic"));
		str_trim(out->person);
		snprintf(out->service, sizeof out->service, "%s",
			 jget(c, "service"));
		json_decref(c);
	}
	if (entry.no)
		snprintf(out->ref, sizeof out->ref, "%lld/%d", entry.no,
			 entry.year);
	free(entry.content);
	if (!out->service[0])
		snprintf(out->service, sizeof out->service, "%s",
			 out->line.book);
	for (i = 0; i < out->nlater; i++) {
		const char *k = out->later[i].kind;

		if (!strcmp(k, "correction"))
			out->corrected = 1;
		else if (!strcmp(k, "refuse"))
			out->refused = 1;
		else if (!strcmp(k, "issue"))
			out->issued = 1;
		else if (!strcmp(k, "hand-out"))
			out->handed_out = 1;
	}
	if (!strcmp(out->line.kind, "issue"))
		out->issued = 1;
	else if (!strcmp(out->line.kind, "refuse"))
		out->refused = 1;
	else if (!strcmp(out->line.kind, "hand-out"))
		out->handed_out = 1;
out:
	read_end(s);
	if (ret == ST_OK)
		audit_own(s, a, "check-document", norm, out->ref, NULL);
	else if (ret != ST_NOTFOUND)
		journal_check_free(out);
	return ret;
}

static void
ru_date(const char *iso, char *out)
{
	char day[11];

	if (iso && strlen(iso) >= 10) {
		snprintf(day, sizeof day, "%.10s", iso);
		date_iso_to_ru(day, out);
	} else
		snprintf(out, 11, "%s", iso ? iso : "");
}

/* ---- books ------------------------------------------------------------- */

static int
book_known(const char *book)
{
	size_t n, i;
	const struct service *all = catalog_all(&n);

	for (i = 0; book && i < n; i++)
		if (strcmp(all[i].book, book) == 0)
			return 1;
	return 0;
}

static const char *
book_title(const char *book)
{
	size_t n, i;
	const struct service *all = catalog_all(&n);

	for (i = 0; book && i < n; i++)
		if (strcmp(all[i].book, book) == 0)
			return all[i].book_ru;
	return book ? book : "";
}

/* Russian plural: 1 лист, 2 листа, 5 листов. */
static const char *
plural(long long n, const char *one, const char *few, const char *many)
{
	long long t = n % 100, u = n % 10;

	if (t >= 11 && t <= 14)
		return many;
	if (u == 1)
		return one;
	if (u >= 2 && u <= 4)
		return few;
	return many;
}

void
journal_books_free(struct journal_book *v, size_t n)
{
	size_t i;

	for (i = 0; v && i < n; i++)
		free(v[i].certificate);
	free(v);
}

#define BOOK_COLS                                                         \
	"b.id, b.office_id, b.book, b.year, b.number, b.opened_at, "         \
	"COALESCE(b.closed_at,''), COALESCE(o.full_name,''), "               \
	"COALESCE(c.full_name,''), b.first_no, COALESCE(b.last_no,0), "      \
	"b.entries, b.pages, b.certificate FROM journal_books b "            \
	"LEFT JOIN accounts o ON o.id = b.opened_by "                        \
	"LEFT JOIN accounts c ON c.id = b.closed_by "

static void
read_book(sqlite3_stmt *st, struct journal_book *b)
{
	memset(b, 0, sizeof *b);
	b->id = sqlite3_column_int64(st, 0);
	b->office_id = sqlite3_column_int64(st, 1);
	snprintf(b->book, sizeof b->book, "%s", store_col_text(st, 2));
	b->year = sqlite3_column_int(st, 3);
	b->number = sqlite3_column_int(st, 4);
	snprintf(b->opened_at, sizeof b->opened_at, "%s", store_col_text(st, 5));
	snprintf(b->closed_at, sizeof b->closed_at, "%s", store_col_text(st, 6));
	snprintf(b->opened_by, sizeof b->opened_by, "%s", store_col_text(st, 7));
	snprintf(b->closed_by, sizeof b->closed_by, "%s", store_col_text(st, 8));
	b->first_no = sqlite3_column_int64(st, 9);
	b->last_no = sqlite3_column_int64(st, 10);
	b->entries = sqlite3_column_int64(st, 11);
	b->pages = sqlite3_column_int(st, 12);
	b->certificate = store_col_dup(st, 13);
}

static enum status
open_book(struct store *s, long long office, const char *book,
	  struct journal_book *b, struct err *e)
{
	sqlite3_stmt *st = store_prepare(s, "SELECT " BOOK_COLS "WHERE "
					    "b.office_id = ? AND b.book = ? AND "
					    "b.closed_at IS NULL", e);
	int rc;

	if (!st)
		return e ? e->st : ST_STORAGE;
	sqlite3_bind_int64(st, 1, office);
	store_bind_text(st, 2, book);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_book(st, b);
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return ST_OK;
	if (rc == SQLITE_DONE)
		return err_set(e, ST_NOTFOUND, "book",
			       "Открытой книги «%s» нет", book_title(book));
	return store_error(s, e, "journal book");
}

static enum status
book_check(const struct actor *a, const char *book, int pages, struct err *e)
{
	enum status ret;

	if ((ret = actor_require(a, PERM_JOURNAL, e)) != ST_OK)
		return ret;
	if (!book_known(book))
		return err_set(e, ST_INVALID, "book",
			       "Книга: неизвестный код «%s» (registration, "
			       "invitation, border-pass)", book ? book : "");
	if (pages < 0 || pages > 10000)
		return err_set(e, ST_INVALID, "pages",
			       "Число листов: от 1 до 10000");
	return ST_OK;
}

enum status
journal_book_open(struct store *s, const struct actor *a, long long office_id,
		  const char *book, int pages, struct journal_book *out,
		  struct err *e)
{
	struct journal_entry je = {0};
	struct journal_book cur;
	long long number = 0, first = 0;
	char at[20];
	int year = clock_today().y;
	sqlite3_stmt *st;
	json_t *content;
	enum status ret;
	int rc;

	if ((ret = book_check(a, book, pages, e)) != ST_OK)
		return ret;
	if ((ret = store_begin(s, e)) != ST_OK)
		return ret;
	if (open_book(s, office_id, book, &cur, NULL) == ST_OK) {
		ret = err_set(e, ST_CONFLICT, "book",
			      "Книга «%s» № %d/%d ещё открыта: сначала закройте "
			      "её", book_title(book), cur.number, cur.year);
		free(cur.certificate);
		goto fail;
	}
	st = store_prepare(s, "SELECT COALESCE(MAX(number),0) + 1 FROM "
			      "journal_books WHERE office_id = ? AND book = ? "
			      "AND year = ?", e);
	if (!st) {
		ret = e ? e->st : ST_STORAGE;
		goto fail;
	}
	sqlite3_bind_int64(st, 1, office_id);
	store_bind_text(st, 2, book);
	sqlite3_bind_int(st, 3, year);
	if (sqlite3_step(st) == SQLITE_ROW)
		number = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if ((ret = next_number(s, office_id, book, year, &first, e)) != ST_OK)
		goto fail;
	clock_stamp(clock_now(), at);
	st = store_prepare(s, "INSERT INTO journal_books(office_id, book, year,"
			      " number, opened_at, opened_by, first_no, pages) "
			      "VALUES (?,?,?,?,?,?,?,?)", e);
	if (!st) {
		ret = e ? e->st : ST_STORAGE;
		goto fail;
	}
	sqlite3_bind_int64(st, 1, office_id);
	store_bind_text(st, 2, book);
	sqlite3_bind_int(st, 3, year);
	sqlite3_bind_int64(st, 4, number);
	store_bind_text(st, 5, at);
	sqlite3_bind_int64(st, 6, a->id);
	sqlite3_bind_int64(st, 7, first);
	sqlite3_bind_int(st, 8, pages);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		ret = store_error(s, e, "journal book");
		goto fail;
	}
	content = json_object();
	json_object_set_new(content, "book", json_string(book));
	json_object_set_new(content, "year", json_integer(year));
	json_object_set_new(content, "number", json_integer(number));
	json_object_set_new(content, "first_no", json_integer(first));
	json_object_set_new(content, "pages", json_integer(pages));
	json_object_set_new(content, "by", json_string(a->full_name));
	je.office_id = office_id;
	je.book = book;
	je.kind = "book-open";
	je.content = content;
	ret = journal_append(s, a, &je, NULL, NULL, NULL, e);
	json_decref(content);
	if (ret != ST_OK ||
	    (ret = audit_log(s, a, "journal.book-open", book, "", e)) != ST_OK)
		goto fail;
	if ((ret = open_book(s, office_id, book, out, e)) != ST_OK)
		goto fail;
	if ((ret = store_commit(s, e)) != ST_OK) {
		free(out->certificate);
		out->certificate = NULL;
	}
	return ret;
fail:
	store_rollback(s);
	return ret;
}

enum status
journal_book_close(struct store *s, const struct actor *a,
		   long long office_id, const char *book, int pages,
		   struct journal_book *out, struct err *e)
{
	struct journal_entry je = {0};
	struct journal_book b;
	long long open_seq = 0, entries = 0, last = 0;
	int last_year = 0, rc;
	char at[20], opened[11], closed[11], range[96] = "";
	sqlite3_stmt *st;
	struct strbuf cert = {0};
	json_t *content;
	enum status ret;

	memset(out, 0, sizeof *out);
	if ((ret = book_check(a, book, pages, e)) != ST_OK)
		return ret;
	if ((ret = store_begin(s, e)) != ST_OK)
		return ret;
	if ((ret = open_book(s, office_id, book, &b, e)) != ST_OK)
		goto fail;
	free(b.certificate);
	b.certificate = NULL;
	if (pages)
		b.pages = pages;
	if (b.pages <= 0) {
		ret = err_set(e, ST_INVALID, "pages",
			      "Число листов книги не указано ни при открытии, "
			      "ни сейчас: --pages N");
		goto fail;
	}
	if ((ret = scalar_ll(s, "SELECT COALESCE(MAX(seq),0) FROM journal "
				"WHERE office_id = ? AND kind = 'book-open' AND "
				"book = ?", office_id, book, &open_seq, e)) !=
	    ST_OK)
		goto fail;
	st = store_prepare(s, "SELECT COUNT(no), (SELECT no FROM journal x "
			      "WHERE x.office_id = ?1 AND x.book = ?2 AND "
			      "x.seq > ?3 AND x.no IS NOT NULL ORDER BY x.seq "
			      "DESC LIMIT 1), (SELECT year FROM journal x "
			      "WHERE x.office_id = ?1 AND x.book = ?2 AND "
			      "x.seq > ?3 AND x.no IS NOT NULL ORDER BY x.seq "
			      "DESC LIMIT 1) FROM journal WHERE office_id = ?1 "
			      "AND book = ?2 AND seq > ?3", e);
	if (!st) {
		ret = e ? e->st : ST_STORAGE;
		goto fail;
	}
	sqlite3_bind_int64(st, 1, office_id);
	store_bind_text(st, 2, book);
	sqlite3_bind_int64(st, 3, open_seq);
	if (sqlite3_step(st) == SQLITE_ROW) {
		entries = sqlite3_column_int64(st, 0);
		last = sqlite3_column_int64(st, 1);
		last_year = sqlite3_column_int(st, 2);
	}
	sqlite3_finalize(st);
	clock_stamp(clock_now(), at);
	ru_date(b.opened_at, opened);
	ru_date(at, closed);
	if (entries)
		snprintf(range, sizeof range, " (№ %lld/%d – %lld/%d)",
			 b.first_no, b.year, last, last_year);
	sb_printf(&cert, "Пронумеровано и прошнуровано %d %s, записей %lld%s. "
		  "Книга «%s» № %d/%d открыта %s, закрыта %s. Ответственный: "
		  "%s%s%s%s",
		  b.pages, plural(b.pages, "лист", "листа", "листов"), entries,
		  range, book_title(book), b.number, b.year, opened, closed,
		  a->full_name, a->position[0] ? " (" : "", a->position,
		  a->position[0] ? ")" : "");
	st = store_prepare(s, "UPDATE journal_books SET closed_at = ?, "
			      "closed_by = ?, last_no = ?, entries = ?, "
			      "pages = ?, certificate = ? WHERE id = ?", e);
	if (!st) {
		ret = e ? e->st : ST_STORAGE;
		goto fail;
	}
	store_bind_text(st, 1, at);
	sqlite3_bind_int64(st, 2, a->id);
	if (entries)
		sqlite3_bind_int64(st, 3, last);
	else
		sqlite3_bind_null(st, 3);
	sqlite3_bind_int64(st, 4, entries);
	sqlite3_bind_int(st, 5, b.pages);
	store_bind_text(st, 6, cert.s);
	sqlite3_bind_int64(st, 7, b.id);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		ret = store_error(s, e, "journal book");
		goto fail;
	}
	content = json_object();
	json_object_set_new(content, "book", json_string(book));
	json_object_set_new(content, "year", json_integer(b.year));
	json_object_set_new(content, "number", json_integer(b.number));
	json_object_set_new(content, "first_no", json_integer(b.first_no));
	json_object_set_new(content, "last_no", json_integer(last));
	json_object_set_new(content, "entries", json_integer(entries));
	json_object_set_new(content, "pages", json_integer(b.pages));
	json_object_set_new(content, "certificate", json_string(cert.s));
	json_object_set_new(content, "by", json_string(a->full_name));
	je.office_id = office_id;
	je.book = book;
	je.kind = "book-close";
	je.content = content;
	ret = journal_append(s, a, &je, NULL, NULL, NULL, e);
	json_decref(content);
	if (ret != ST_OK ||
	    (ret = audit_log(s, a, "journal.book-close", book, "", e)) !=
		    ST_OK)
		goto fail;
	st = store_prepare(s, "SELECT " BOOK_COLS "WHERE b.id = ?", e);
	if (!st) {
		ret = e ? e->st : ST_STORAGE;
		goto fail;
	}
	sqlite3_bind_int64(st, 1, b.id);
	if (sqlite3_step(st) == SQLITE_ROW)
		read_book(st, out);
	sqlite3_finalize(st);
	sb_free(&cert);
	return store_commit(s, e);
fail:
	sb_free(&cert);
	store_rollback(s);
	return ret;
}

enum status
journal_book_list(struct store *s, const struct actor *a, long long office_id,
		  struct journal_book **out, size_t *n, struct err *e)
{
	sqlite3_stmt *st;
	size_t cap = 0;
	enum status ret;
	int rc;

	*out = NULL;
	*n = 0;
	if ((ret = need_any(a, PERM_JOURNAL, PERM_CASE_VIEW, e)) != ST_OK)
		return ret;
	st = store_prepare(s, "SELECT " BOOK_COLS "WHERE b.office_id = ? "
			      "ORDER BY b.book, b.year, b.number", e);
	if (!st)
		return e ? e->st : ST_STORAGE;
	sqlite3_bind_int64(st, 1, office_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		XGROW(*out, *n, cap);
		read_book(st, &(*out)[(*n)++]);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		journal_books_free(*out, *n);
		*out = NULL;
		*n = 0;
		return store_error(s, e, "journal books");
	}
	return ST_OK;
}

/* ---- browsing ---------------------------------------------------------- */

static enum status
day_bound(const char *in, int next, char *out, const char *what,
	  struct err *e)
{
	struct date d;

	if (date_parse_any(in, &d) != 0)
		return err_set(e, ST_INVALID, what, "Дата: неверное значение "
						    "«%s»", in);
	if (next)
		d = date_add_days(d, 1);
	date_format_iso(d, out);
	return ST_OK;
}

enum status
journal_list(struct store *s, const struct actor *a, long long office_id,
	     const struct journal_filter *f, struct journal_line **out,
	     size_t *n, struct err *e)
{
	struct strbuf sql = {0};
	struct journal_line *ent = NULL;
	size_t nent = 0, cap = 0, i, ocap = 0;
	char lo[11] = "", hi[11] = "";
	char *fold = NULL, *docno = NULL, *fold_hi = NULL;
	int by_case, rc;
	sqlite3_stmt *st;
	enum status ret;

	*out = NULL;
	*n = 0;
	if ((ret = actor_require(a, PERM_CASE_VIEW, e)) != ST_OK)
		return ret;
	if (f->date_from && (ret = day_bound(f->date_from, 0, lo, "from", e)) !=
			    ST_OK)
		return ret;
	if (f->date_to && (ret = day_bound(f->date_to, 1, hi, "to", e)) != ST_OK)
		return ret;
	if (f->service && !catalog_find(f->service))
		return err_set(e, ST_INVALID, "service",
			       "Услуга: неизвестный код «%s»", f->service);
	if (f->state) {
		enum case_state cs;

		if (workflow_state_parse(f->state, &cs) != 0)
			return err_set(e, ST_INVALID, "state",
				       "Состояние: неизвестный код «%s»",
				       f->state);
	}
	if (f->surname && *f->surname) {
		fold = utf8_fold(f->surname);
		str_trim(fold);
		fold_hi = xasprintf("%s\xf4\x8f\xbf\xbf", fold);
	}
	if (f->docno && *f->docno) {
		char *p, *q;

		docno = xstrdup(f->docno);
		for (p = q = docno; *p; p++)
			if (*p != ' ')
				*q++ = (char)toupper((unsigned char)*p);
		*q = '\0';
	}
	by_case = fold || docno || f->citizenship || f->service || f->state;
	/* With a case filter the cases indexes lead and the journal is
	 * reached through journal_case; "+" keeps SQLite from walking the
	 * whole office's journal instead. */
	sb_printf(&sql, "SELECT " LINE_COLS ", COALESCE(a.full_name,''), "
		  "COALESCE(c.state,''), (SELECT MIN(x.id) FROM journal x "
		  "WHERE x.corrects = j.id) FROM journal j %s JOIN cases c ON "
		  "c.id = j.case_id LEFT JOIN accounts a ON a.id = j.actor_id "
		  "WHERE %sj.office_id = ?1 AND j.no IS NOT NULL ",
		  by_case ? "" : "LEFT", by_case ? "+" : "");
	if (f->book)
		sb_add(&sql, "AND j.book = ?2 ");
	if (f->year)
		sb_add(&sql, "AND j.year = ?3 ");
	if (f->no_from)
		sb_add(&sql, "AND j.no >= ?4 ");
	if (f->no_to)
		sb_add(&sql, "AND j.no <= ?5 ");
	if (lo[0])
		sb_add(&sql, "AND j.at >= ?6 ");
	if (hi[0])
		sb_add(&sql, "AND j.at < ?7 ");
	if (fold)
		sb_add(&sql, "AND c.surname_key >= ?8 AND c.surname_key < ?9 ");
	if (docno)
		sb_add(&sql, "AND c.docno = ?10 ");
	if (f->citizenship)
		sb_add(&sql, "AND c.citizenship = ?11 ");
	if (f->service)
		sb_add(&sql, "AND c.service = ?12 ");
	if (f->state)
		sb_add(&sql, "AND c.state = ?13 ");
	/* A surname search reads like a card index: alphabetical, so the
	 * cases_surname index yields the first page without sorting every
	 * match of a short prefix. */
	if (fold)
		sb_printf(&sql, "ORDER BY c.surname_key%s, j.seq%s",
			  f->last ? " DESC" : "", f->last ? " DESC" : "");
	else
		sb_printf(&sql, "ORDER BY j.seq%s", f->last ? " DESC" : "");
	if (f->limit > 0)
		sb_printf(&sql, " LIMIT %d", f->limit);
	st = store_prepare(s, sql.s, e);
	sb_free(&sql);
	if (!st) {
		ret = e ? e->st : ST_STORAGE;
		goto out;
	}
	sqlite3_bind_int64(st, 1, office_id);
	store_bind_text(st, 2, f->book);
	sqlite3_bind_int(st, 3, f->year);
	sqlite3_bind_int64(st, 4, f->no_from);
	sqlite3_bind_int64(st, 5, f->no_to);
	store_bind_text(st, 6, lo[0] ? lo : NULL);
	store_bind_text(st, 7, hi[0] ? hi : NULL);
	store_bind_text(st, 8, fold);
	store_bind_text(st, 9, fold_hi);
	store_bind_text(st, 10, docno);
	store_bind_text(st, 11, f->citizenship);
	store_bind_text(st, 12, f->service);
	store_bind_text(st, 13, f->state);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct journal_line *l;

		XGROW(ent, nent, cap);
		l = &ent[nent++];
		read_line(st, l);
		snprintf(l->actor_name, sizeof l->actor_name, "%s",
			 store_col_text(st, LINE_NCOLS));
		snprintf(l->state, sizeof l->state, "%s",
			 store_col_text(st, LINE_NCOLS + 1));
		l->corrected_by = sqlite3_column_int64(st, LINE_NCOLS + 2);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		ret = store_error(s, e, "journal list");
		goto out;
	}
	/* The last page was read backwards; show it in number order. */
	for (i = 0; f->last && i < nent / 2; i++) {
		struct journal_line t = ent[i];

		ent[i] = ent[nent - 1 - i];
		ent[nent - 1 - i] = t;
	}
	for (i = 0; i < nent; i++) {
		struct journal_line *rel = NULL;
		size_t nrel = 0, k;

		if (f->with_related && ent[i].case_id &&
		    (ret = lines_where(s, "WHERE j.case_id = ?1 AND j.id <> ?2 "
					  "ORDER BY j.seq", ent[i].case_id,
				       ent[i].id, &rel, &nrel, e)) != ST_OK)
			goto out;
		if (*n + 1 + nrel > ocap) {
			ocap = (*n + 1 + nrel) * 2;
			*out = xrealloc(*out, ocap * sizeof **out);
		}
		(*out)[(*n)++] = ent[i];
		ent[i].content = NULL;
		for (k = 0; k < nrel; k++) {
			rel[k].depth = 1;
			(*out)[(*n)++] = rel[k];
		}
		free(rel);
	}
	ret = ST_OK;
out:
	journal_lines_free(ent, nent);
	free(fold);
	free(fold_hi);
	free(docno);
	if (ret != ST_OK) {
		journal_lines_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return ret;
}

/* ---- rows for printing and export -------------------------------------- */


static void
join(struct strbuf *b, const char *sep, const char *v)
{
	if (!v || !*v)
		return;
	if (b->len)
		sb_add(b, sep);
	sb_add(b, v);
}

static void
set_str(json_t *o, const char *key, const char *v)
{
	json_object_set_new(o, key, json_string(v ? v : ""));
}

json_t *
journal_row(const struct formset *forms, const struct journal_line *entry,
	    const struct journal_line *rel, size_t nrel)
{
	json_t *row = json_object(), *c, *fields, *v;
	const struct form *f = NULL;
	struct strbuf note = {0}, chk = {0}, brk = {0}, out = {0}, b = {0};
	char num[40], d1[11], d2[11];
	const char *key;
	size_t i;

	c = json_loads(entry->content ? entry->content : "{}", 0, NULL);
	if (!c)
		c = json_object();
	fields = json_object_get(c, "fields");
	if (forms)
		f = formset_get(forms, jget(c, "form"));
	if (f && strcmp(f->version, jget(c, "form_version")) != 0)
		f = NULL; /* another version: show codes as stored */
	json_object_foreach(fields, key, v) {
		const struct form_field *fl = f ? form_field(f, key) : NULL;
		const char *s = json_string_value(v);
		size_t k;

		if (!s)
			continue;
		for (k = 0; fl && fl->type == FORM_CHOICE && k < fl->nchoices;
		     k++)
			if (strcmp(fl->choices[k].code, s) == 0)
				s = fl->choices[k].ru;
		if (fl && fl->type == FORM_YESNO)
			s = strcmp(s, "yes") == 0 ? "да" : "нет";
		set_str(row, key, s);
	}
	if (entry->no)
		snprintf(num, sizeof num, "%lld/%d", entry->no, entry->year);
	else
		num[0] = '\0';
	set_str(row, "no", num);
	set_str(row, "accepted_at", entry->at);
	set_str(row, "doc_valid_to", jget(fields, "doc_expiry"));
	set_str(row, "inspector_name", jget(c, "inspector"));
	set_str(row, "service", jget(c, "service"));
	join(&b, " ", jget(row, "visa_category"));
	join(&b, " ", jget(fields, "visa_number"));
	if (*jget(fields, "visa_expiry")) {
		ru_date(jget(fields, "visa_expiry"), d1);
		sb_printf(&b, "%sдо %s", b.len ? " " : "", d1);
	}
	if (*jget(fields, "migration_card")) {
		sb_printf(&b, "%sм/к %s", b.len ? "; " : "",
			  jget(fields, "migration_card"));
	}
	set_str(row, "visa", b.s);
	sb_free(&b);

	for (i = 0; i < nrel; i++) {
		const struct journal_line *l = &rel[i];
		json_t *lc = json_loads(l->content ? l->content : "{}", 0, NULL);

		ru_date(l->at, d1);
		if (!strcmp(l->kind, "check-clear")) {
			sb_free(&chk);
			sb_printf(&chk, "сведений нет, %s", d1);
		} else if (!strcmp(l->kind, "check-hit")) {
			sb_free(&chk);
			sb_printf(&chk, "совпадение, %s: %s", d1,
				  jget(lc, "reason"));
		} else if (!strcmp(l->kind, "berkut")) {
			sb_free(&brk);
			sb_printf(&brk, "внесено %s", d1);
		} else if (!strcmp(l->kind, "issue")) {
			sb_printf(&out, "%sрешение о выдаче %s",
				  out.len ? "; " : "", d1);
		} else if (!strcmp(l->kind, "refuse")) {
			sb_printf(&out, "%sотказ %s (основание %s)",
				  out.len ? "; " : "", d1, jget(lc, "ground"));
		} else if (!strcmp(l->kind, "hand-out")) {
			sb_printf(&out, "%sвыдано %s: %s", out.len ? "; " : "",
				  d1, jget(lc, "recipient"));
		} else if (!strcmp(l->kind, "correction")) {
			const char *old = jget(lc, "old"), *nw = jget(lc, "new");

			if (strlen(old) == 10 && old[4] == '-' &&
			    strlen(nw) == 10 && nw[4] == '-') {
				ru_date(old, d2);
				old = d2;
			}
			sb_printf(&note, "%sИсправлено %s: %s «%s» на ",
				  note.len ? "; " : "", d1, jget(lc, "label"),
				  old);
			if (strlen(nw) == 10 && nw[4] == '-') {
				ru_date(nw, d2);
				nw = d2;
			}
			sb_printf(&note, "«%s» (%s), исправленному верить, %s",
				  nw, jget(lc, "reason"), jget(lc, "by"));
		}
		json_decref(lc);
	}
	set_str(row, "check_result", chk.s);
	set_str(row, "berkut_mark", brk.s);
	set_str(row, "issue_mark", out.s);
	set_str(row, "note", note.s);
	set_str(row, "@journal_no", num);
	ru_date(entry->at, d1);
	sb_printf(&b, "%s %.5s", d1, strlen(entry->at) > 11 ? entry->at + 11
							    : "");
	set_str(row, "@accepted_at", b.s);
	sb_free(&b);
	set_str(row, "@inspector", jget(c, "inspector"));
	set_str(row, "@records_check", chk.s);
	set_str(row, "@berkut", brk.s);
	set_str(row, "@handed_out", out.s);
	set_str(row, "@note", note.s);
	sb_free(&note);
	sb_free(&chk);
	sb_free(&brk);
	sb_free(&out);
	json_decref(c);
	return row;
}

json_t *
journal_row_columns(const struct form *columns, json_t *row)
{
	json_t *arr = json_array();
	size_t i, k;

	for (i = 0; columns && i < columns->nfields; i++) {
		const struct form_field *col = &columns->fields[i];
		const char *sep = strcmp(col->key, "full_name") ? ", " : " ";
		struct strbuf b = {0};

		for (k = 0; k < col->nsources; k++) {
			const char *v = jget(row, col->sources[k]);
			char d[11];

			/* Dates are stored ISO; the journal shows them as on
			 * paper. */
			if (strlen(v) == 10 && v[4] == '-' && v[7] == '-') {
				date_iso_to_ru(v, d);
				v = d;
			}
			if (!strcmp(col->key, "period") && *v)
				sb_printf(&b, "%s%s %s", b.len ? " " : "",
					  k ? "по" : "с", v);
			else
				join(&b, sep, v);
		}
		json_array_append_new(arr, json_string(b.s ? b.s : ""));
		sb_free(&b);
	}
	return arr;
}

void
journal_csv_record(struct strbuf *out, json_t *arr)
{
	size_t i;

	for (i = 0; i < json_array_size(arr); i++) {
		const char *raw = json_string_value(json_array_get(arr, i));
		/* Control and bidi characters made visible (issue 7): the
		 * file may be shown on a terminal or opened elsewhere. */
		char *vis = utf8_visible(raw ? raw : "", 1);
		const char *v = vis;
		int formula, quote;

		formula = *v && strchr("=+-@\t\r", *v) != NULL;
		quote = formula || strpbrk(v, ",\"\r\n;") != NULL;
		if (i)
			sb_addc(out, ',');
		if (quote)
			sb_addc(out, '"');
		if (formula)
			sb_addc(out, '\'');
		for (; *v; v++) {
			if (*v == '"')
				sb_addc(out, '"');
			sb_addc(out, *v);
		}
		if (quote)
			sb_addc(out, '"');
		free(vis);
	}
	sb_add(out, "\r\n");
}
