/* SPDX-License-Identifier: MIT */
/* Journal lines: numbering, the hash chain and reading lines back; the
 * helpers the other journal files share (journal_int.h). */
#include "journal.h"
#include "journal_int.h"
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

enum status
jl_head(struct store *s, long long office, long long *seq, char *prev,
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
	snprintf(prev, CHAIN_HEX, "%s", store_genesis(s));
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

enum status
jl_next_number(struct store *s, long long office, const char *book,
	       int year, long long *no, struct err *e)
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

/* A new line of the office's journal dated at (now) and today: never
 * before the line above it (the clock set back), never an act into a day
 * already closed (journal close-day). The journal's own lines about its
 * days and books (a closing repeated, a book opened or closed) may still
 * follow. */
static enum status
journal_check_date(struct store *s, long long office, const char *kind,
		   const char *at, struct date today, struct err *e)
{
	sqlite3_stmt *st;
	char last[STAMP_SIZE] = "", closed[DATE_SIZE] = "", ru[CLOCK_RU_SIZE],
	     now_ru[CLOCK_RU_SIZE], day[DATE_SIZE];
	time_t t_last, t_now;

	st = store_prepare(s, "SELECT (SELECT at FROM journal WHERE office_id "
			      "= ?1 ORDER BY seq DESC LIMIT 1), (SELECT "
			      "MAX(json_extract(content, '$.date')) FROM journal "
			      "WHERE office_id = ?1 AND kind = 'day-close')", e);
	if (!st)
		return e ? e->st : ST_STORAGE;
	sqlite3_bind_int64(st, 1, office);
	if (sqlite3_step(st) == SQLITE_ROW) {
		snprintf(last, sizeof last, "%s", store_col_text(st, 0));
		snprintf(closed, sizeof closed, "%s", store_col_text(st, 1));
	}
	sqlite3_finalize(st);
	if (last[0] && clock_parse_stamp(last, &t_last) == 0 &&
	    clock_parse_stamp(at, &t_now) == 0 && t_now < t_last) {
		clock_stamp_ru(last, ru);
		clock_stamp_ru(at, now_ru);
		return err_set(e, ST_CONFLICT, "clock",
			       "Часы сервера показывают %s — раньше последней "
			       "строки журнала (%s): запись не сделана. "
			       "Проверьте время сервера", now_ru, ru);
	}
	date_format_iso(today, day);
	if (strcmp(kind, "day-close") != 0 && strcmp(kind, "book-open") != 0 &&
	    strcmp(kind, "book-close") != 0 && closed[0] &&
	    strcmp(day, closed) <= 0) {
		date_iso_to_ru(closed, ru);
		return err_set(e, ST_CONFLICT, "date",
			       "День %s закрыт в журнале: запись в закрытый "
			       "день не делается", ru);
	}
	return ST_OK;
}

enum status
journal_append(struct store *s, const struct actor *a,
	       const struct journal_entry *in, long long *id_out, int *no_out,
	       int *year_out, struct err *e)
{
	char prev[CHAIN_HEX], hash[CHAIN_HEX], at[STAMP_SIZE];
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
	if ((ret = journal_check_date(s, in->office_id, in->kind, at,
				      clock_today(), e)) != ST_OK ||
	    (ret = jl_head(s, in->office_id, &seq, prev, e)) != ST_OK)
		return ret;
	seq++;
	if (in->numbered &&
	    (ret = jl_next_number(s, in->office_id, in->book, year, &no, e)) !=
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

		if ((ret = jl_insert_code(s, id, hash, e)) != ST_OK)
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

void
jl_read_line(sqlite3_stmt *st, struct journal_line *l)
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
void
jl_line_rehash(const struct journal_line *l, const char *content,
	       char *out)
{
	char *canon = journal_canonical(l->office_id, l->seq, l->book,
					l->year, l->no, l->kind, l->case_id,
					l->corrects, l->at, l->actor_id,
					content);

	chain_hash(l->prev_hash, canon, out);
	free(canon);
}

/* "строка 12 (запись № 5/2026, accept, 2026-03-02T10:00:00)" */
void
jl_line_name(const struct journal_line *l, char *buf, size_t n)
{
	if (l->no)
		snprintf(buf, n, "строка %lld (запись № %lld/%d, «%s», %s)",
			 l->seq, l->no, l->year, l->kind, l->at);
	else
		snprintf(buf, n, "строка %lld («%s», %s)", l->seq, l->kind,
			 l->at);
}

enum status
jl_scalar_ll(struct store *s, const char *sql, long long a1,
	     const char *a2, long long *out, struct err *e)
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

enum status
jl_need_any(const struct actor *a, enum perm p1, enum perm p2,
	    struct err *e)
{
	if (!a || a->id <= 0)
		return err_set(e, ST_DENIED, "", "Требуется вход в систему");
	if (role_allows(a->roles, p1) || role_allows(a->roles, p2))
		return ST_OK;
	return err_set(e, ST_DENIED, "", "Нет права: %s", perm_ru(p1));
}

/* A read-only snapshot: BEGIN (deferred) takes no write lock, so a long
 * verify never holds up the windows. */
enum status
jl_read_begin(struct store *s, struct err *e)
{
	if (sqlite3_exec(s->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
		return store_error(s, e, "begin read");
	return ST_OK;
}

void
jl_read_end(struct store *s)
{
	sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
}

/* A short audit line in its own transaction. */
enum status
jl_audit_own(struct store *s, const struct actor *a, const char *action,
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
jl_lines_where(struct store *s, const char *where, long long a1,
	       long long a2, struct journal_line **out, size_t *n,
	       struct err *e)
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
		jl_read_line(st, &(*out)[*n]);
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

const char *
jl_jget(json_t *o, const char *key)
{
	const char *v = json_string_value(json_object_get(o, key));

	return v ? v : "";
}

void
jl_ru_date(const char *iso, char *out)
{
	char day[DATE_SIZE];

	if (iso && strlen(iso) >= 10) {
		snprintf(day, sizeof day, "%.10s", iso);
		date_iso_to_ru(day, out);
	} else
		snprintf(out, 11, "%s", iso ? iso : "");
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
	if ((ret = jl_scalar_ll(s, "SELECT region_id FROM offices WHERE id = ?",
			     o.id, NULL, &region, e)) != ST_OK)
		return ret;
	if (region != a->region_id)
		return err_set(e, ST_DENIED, "office",
			       "Журнал подразделения другого региона "
			       "недоступен");
	return ST_OK;
}
