/* SPDX-License-Identifier: MIT */
/* Journal lines: numbering and the hash chain. */
#include "journal.h"
#include "clock.h"
#include "util.h"

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
	if (id_out)
		*id_out = sqlite3_last_insert_rowid(s->db);
	if (no_out)
		*no_out = (int)no;
	if (year_out)
		*year_out = year;
	return ST_OK;
}
