/* SPDX-License-Identifier: MIT */
/* Journal lines: numbering, the hash chain and reading lines back; the
 * helpers the other journal files share (journal_int.h). */
#include "journal.h"
#include "journal_int.h"
#include "audit.h"
#include "catalog.h"
#include "clock.h"
#include "date.h"
#include "db.h"
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

/* The office's chain head as the row of journal_heads says (empty before
 * the first line: seq 0, the genesis hash). */
static void
head_from_row(struct store *s, struct db_stmt *st, long long *seq,
	      char *prev)
{
	const char *h = db_col_text(st, 1);

	*seq = db_col_int64(st, 0);
	snprintf(prev, CHAIN_HEX, "%s", *h ? h : store_genesis(s));
}

enum status
jl_head(struct store *s, long long office, long long *seq, char *prev,
	struct err *e)
{
	struct db_stmt *st;
	enum status ret;

	*seq = 0;
	snprintf(prev, CHAIN_HEX, "%s", store_genesis(s));
	ret = db_one(s, &st, e, "SELECT seq, hash FROM journal WHERE "
		     "office_id = ? ORDER BY seq DESC LIMIT 1", DB_INT(office));
	if (ret == ST_NOTFOUND)
		return ST_OK;
	if (ret != ST_OK)
		return ret;
	head_from_row(s, st, seq, prev);
	db_finalize(st);
	return ST_OK;
}

/* Take the office's chain head for a new line: the office's row of
 * journal_heads is updated at once (to the new line's seq and the hash of
 * the line before it, both read from the journal itself, which stays the
 * truth even after a change behind okno's back) and stays locked to this
 * transaction until it ends. Two windows of the office (on one server or
 * many) append one after the other: on PostgreSQL the second waits for the
 * row and, its snapshot being older than the first one's commit, fails
 * with a serialization error that db_transact runs again. Other offices
 * do not wait. *seq gets the new line's seq, prev the hash of the line
 * before it. An office without a head row (one made before the table
 * existed) gets one. */
static enum status
head_take(struct store *s, long long office, long long *seq, char *prev,
	  struct err *e)
{
	struct db_stmt *st;
	enum status ret;
	int tries;

	for (tries = 0; tries < 2; tries++) {
		ret = db_one(s, &st, e, "UPDATE journal_heads SET seq = "
			     "COALESCE((SELECT MAX(seq) FROM journal WHERE "
			     "office_id = ?1), 0) + 1, hash = COALESCE((SELECT "
			     "hash FROM journal x WHERE x.office_id = ?1 ORDER "
			     "BY x.seq DESC LIMIT 1), '') WHERE office_id = ?1 "
			     "RETURNING seq, hash", DB_INT(office));
		if (ret == ST_OK) {
			head_from_row(s, st, seq, prev);
			db_finalize(st);
			return ST_OK;
		}
		if (ret != ST_NOTFOUND)
			return ret;
		if ((ret = db_exec(s, e, "INSERT INTO journal_heads(office_id, "
				   "seq, hash) VALUES (?, 0, '') ON "
				   "CONFLICT(office_id) DO NOTHING",
				   DB_INT(office))) != ST_OK)
			return ret;
	}
	return err_set(e, ST_STORAGE, "", "Голова журнала подразделения %lld не найдена", office);
}

enum status
jl_next_number(struct store *s, long long office, const char *book,
	       int year, long long *no, struct err *e)
{
	int64_t v = 0;
	enum status ret = db_int64(s, e, &v, 0, "SELECT COALESCE(MAX(no), 0) "
				   "+ 1 FROM journal WHERE office_id = ? AND "
				   "book = ? AND year = ?", DB_INT(office),
				   DB_TEXT(book), DB_INT(year));

	*no = v;
	return ret;
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
	struct db_stmt *st;
	char last[STAMP_SIZE] = "", closed[DATE_SIZE] = "", ru[CLOCK_RU_SIZE],
	     now_ru[CLOCK_RU_SIZE], day[DATE_SIZE];
	time_t t_last, t_now;
	enum status ret;

	ret = db_one(s, &st, e, "SELECT (SELECT at FROM journal WHERE "
		     "office_id = ?1 ORDER BY seq DESC LIMIT 1), (SELECT "
		     "MAX(json_extract(content, '$.date')) FROM journal WHERE "
		     "office_id = ?1 AND kind = 'day-close')", DB_INT(office));
	if (ret != ST_OK)
		return ret;
	snprintf(last, sizeof last, "%s", db_col_text(st, 0));
	snprintf(closed, sizeof closed, "%s", db_col_text(st, 1));
	db_finalize(st);
	if (last[0] && clock_parse_stamp(last, &t_last) == 0 &&
	    clock_parse_stamp(at, &t_now) == 0 && t_now < t_last) {
		clock_stamp_ru(last, ru);
		clock_stamp_ru(at, now_ru);
		return err_set(e, ST_CONFLICT, "clock",
			       "Часы сервера показывают %s — раньше последней строки журнала (%s): запись не сделана. Проверьте время сервера", now_ru, ru);
	}
	date_format_iso(today, day);
	if (strcmp(kind, "day-close") != 0 && strcmp(kind, "book-open") != 0 &&
	    strcmp(kind, "book-close") != 0 && closed[0] &&
	    strcmp(day, closed) <= 0) {
		date_iso_to_ru(closed, ru);
		return err_set(e, ST_CONFLICT, "date",
			       "День %s закрыт в журнале: запись в закрытый день не делается", ru);
	}
	return ST_OK;
}

enum status
journal_append(struct store *s, const struct actor *a,
	       const struct journal_entry *in, long long *id_out, int *no_out,
	       int *year_out, struct err *e)
{
	char prev[CHAIN_HEX], hash[CHAIN_HEX], at[STAMP_SIZE];
	long long seq = 0, no = 0;
	int64_t id = 0;
	char *content, *canon;
	enum status ret;
	int year;

	if (!s->in_tx)
		return err_set(e, ST_ERROR, "",
			       "journal_append outside a transaction");
	/* This connection writes for the office: on PostgreSQL its next
	 * write waits for the office's other writers before its snapshot. */
	db_writer_office(s, in->office_id);
	clock_stamp(clock_now(), at);
	year = clock_today().y;
	/* The head first: it is the lock that orders the office's lines,
	 * so the line above, read next, is the last one. */
	if ((ret = head_take(s, in->office_id, &seq, prev, e)) != ST_OK ||
	    (ret = journal_check_date(s, in->office_id, in->kind, at,
				      clock_today(), e)) != ST_OK)
		return ret;
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
	ret = db_int64(s, e, &id, 0,
		       "INSERT INTO journal(office_id, seq, book, year, no, "
		       "kind, case_id, corrects, at, actor_id, content, "
		       "prev_hash, hash, stamp) VALUES (?,?,?,?,?,?,?,?,?,?,?,"
		       "?,?,?) RETURNING id",
		       DB_INT(in->office_id), DB_INT(seq), DB_TEXT(in->book),
		       DB_INT(year), no ? DB_INT(no) : DB_NULL,
		       DB_TEXT(in->kind),
		       in->case_id ? DB_INT(in->case_id) : DB_NULL,
		       in->corrects ? DB_INT(in->corrects) : DB_NULL,
		       DB_TEXT(at), DB_INT(a ? a->id : 0), DB_TEXT(content),
		       DB_TEXT(prev), DB_TEXT(hash), DB_TEXT(at));
	free(content);
	if (ret != ST_OK)
		return ret;
	if ((ret = db_exec(s, e, "UPDATE journal_heads SET hash = ? WHERE "
			   "office_id = ?", DB_TEXT(hash),
			   DB_INT(in->office_id))) != ST_OK ||
	    (ret = jl_insert_code(s, id, hash, e)) != ST_OK)
		return ret;
	if (id_out)
		*id_out = id;
	if (no_out)
		*no_out = (int)no;
	if (year_out)
		*year_out = year;
	return ST_OK;
}

/* ---- reading lines ----------------------------------------------------- */

void
jl_read_line(struct db_stmt *st, struct journal_line *l)
{
	memset(l, 0, sizeof *l);
	jl_read_fields(st, l);
	l->content = db_col_dup(st, 11);
}

/* Column i's text into out[n], cut to fit (verify reads a million
 * lines: no printf per column). */
static void
col_copy(struct db_stmt *st, int i, char *out, size_t n)
{
	const char *t = db_col_text(st, i);
	size_t len = t ? strlen(t) : 0;

	if (len >= n)
		len = n - 1;
	if (len)
		memcpy(out, t, len);
	out[len] = '\0';
}

void
jl_read_fields(struct db_stmt *st, struct journal_line *l)
{
	l->id = db_col_int64(st, 0);
	l->office_id = db_col_int64(st, 1);
	l->seq = db_col_int64(st, 2);
	col_copy(st, 3, l->book, sizeof l->book);
	l->year = db_col_int(st, 4);
	l->no = db_col_int64(st, 5);
	col_copy(st, 6, l->kind, sizeof l->kind);
	l->case_id = db_col_int64(st, 7);
	l->corrects = db_col_int64(st, 8);
	jl_read_stamp(st, l->at, sizeof l->at);
	l->actor_id = db_col_int64(st, 10);
	col_copy(st, 12, l->prev_hash, sizeof l->prev_hash);
	col_copy(st, 13, l->hash, sizeof l->hash);
	l->h_office = db_col_int64(st, 15);
	l->h_case = db_col_int64(st, 16);
	l->h_corrects = db_col_int64(st, 17);
	l->h_actor = db_col_int64(st, 18);
	l->content = NULL;
}

void
jl_read_stamp(struct db_stmt *st, char *at, size_t n)
{
	col_copy(st, db_col_null(st, 14) ? 9 : 14, at, n);
}

/* What one line owns (a db_clear_fn). */
static void
clear_line(void *elem)
{
	struct journal_line *l = elem;

	free(l->content);
}

void
journal_lines_free(struct journal_line *v, size_t n)
{
	db_rows_free(v, n, clear_line);
}

/* The hash the line's stored fields give. */
void
jl_line_rehash(const struct journal_line *l, const char *content,
	       char *out)
{
	char *canon = journal_canonical(l->h_office, l->seq, l->book,
					l->year, l->no, l->kind, l->h_case,
					l->h_corrects, l->at, l->h_actor,
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
jl_need_any(const struct actor *a, enum perm p1, enum perm p2,
	    struct err *e)
{
	if (!a || a->id <= 0)
		return err_set(e, ST_DENIED, "", "Требуется вход в систему");
	if (role_allows(a->roles, p1) || role_allows(a->roles, p2))
		return ST_OK;
	return err_set(e, ST_DENIED, "", "Нет права: %s", perm_ru(p1));
}

/* A read-only snapshot: takes no write lock (SQLite's deferred BEGIN,
 * PostgreSQL's REPEATABLE READ READ ONLY), so a long verify never holds up
 * the windows. */
enum status
jl_read_begin(struct store *s, struct err *e)
{
	return db_begin(s, DB_READ, e);
}

void
jl_read_end(struct store *s)
{
	/* The end of a read changes nothing: its failure has no effect. */
	(void)!db_commit(s, NULL);
}

/* A line with its actor's name after LINE_COLS (a db_fill_fn). */
static void
fill_named_line(struct db_stmt *row, void *elem)
{
	struct journal_line *l = elem;

	jl_read_line(row, l);
	snprintf(l->actor_name, sizeof l->actor_name, "%s",
		 db_col_text(row, LINE_NCOLS));
}

enum status
jl_lines_where(struct store *s, const char *where, long long a1,
	       long long a2, struct journal_line **out, size_t *n,
	       struct err *e)
{
	char sql[700];

	snprintf(sql, sizeof sql, "SELECT " LINE_COLS ", COALESCE(a.full_name,"
		 "'') FROM journal j LEFT JOIN accounts a ON a.id = j.actor_id "
		 "%s", where);
	return db_rows(s, e, out, n, fill_named_line, clear_line, sql,
		       DB_INT(a1), DB_INT(a2));
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
	if (!region_reaches(s, a->region_id, o.id))
		return err_set(e, ST_DENIED, "office",
			       "Журнал подразделения другого региона недоступен");
	return ST_OK;
}
