/* SPDX-License-Identifier: MIT */
/* Inside the journal module, the pieces its files share; nothing outside
 * core/journal*.c includes this. The module's files and their jobs:
 *   journal.c         appending lines: numbering, the hash chain, check
 *                     codes stored with each line; reading lines back
 *   journal_verify.c  verify (whole chain, against a seal), seals, the
 *                     day's closing line
 *   journal_code.c    check codes and the check of a document by its code
 *   journal_book.c    numbered books with their certificate texts
 *   journal_search.c  browsing and search, rows for printing and export
 *   journal_nav.c     the kiosk's page-by-page reader */
#ifndef OKNO_JOURNAL_INT_H
#define OKNO_JOURNAL_INT_H

#include <jansson.h>

#include "db.h"
#include "journal.h"

/* The columns jl_read_line() reads, for "SELECT " LINE_COLS " FROM journal
 * j ..."; a query may add columns after them (from LINE_NCOLS on).
 * LINE_COLS_AT(at) gives the stamp column (read only when j.stamp is
 * NULL) as the expression at. */
#define LINE_COLS_AT(at)                                                   \
	"j.id, j.office_id, j.seq, j.book, j.year, COALESCE(j.no,0), j.kind, " \
	"COALESCE(j.case_id,0), COALESCE(j.corrects,0), " at ", j.actor_id, " \
	"j.content, j.prev_hash, j.hash, j.stamp, "                         \
	"COALESCE(j.hashed_office, j.office_id), "                          \
	"COALESCE(j.hashed_case, j.case_id, 0), "                           \
	"COALESCE(j.hashed_corrects, j.corrects, 0), "                      \
	"COALESCE(j.hashed_actor, j.actor_id)"
#define LINE_COLS LINE_COLS_AT("j.at")
#define LINE_NCOLS 19

/* The last line of an office's chain: its seq and hash (0 and the
 * genesis hash for an empty journal). */
MUST_CHECK enum status jl_head(struct store *s, long long office, long long *seq,
		    char *prev, struct err *e);
/* The next number of (office, book, year). */
MUST_CHECK enum status jl_next_number(struct store *s, long long office,
			   const char *book, int year, long long *no,
			   struct err *e);
/* Store the check code of a line (inside the caller's transaction). */
MUST_CHECK enum status jl_insert_code(struct store *s, long long id, const char *hash,
			   struct err *e);

/* One row of LINE_COLS into l (content is allocated). */
void jl_read_line(struct db_stmt *st, struct journal_line *l);
/* The same without copying the content (l->content NULL; the members
 * LINE_COLS do not fill left as they were), for a pass over a whole
 * journal. */
void jl_read_fields(struct db_stmt *st, struct journal_line *l);
/* The line's stamp as it was hashed (its stamp column, or `at` on lines
 * written before there was one) from a row of LINE_COLS. */
void jl_read_stamp(struct db_stmt *st, char *at, size_t n);
/* The hash the line's stored fields give, into out. */
void jl_line_rehash(const struct journal_line *l, const char *content,
		    char *out);
/* "строка 12 (запись № 5/2026, accept, 2026-03-02T10:00:00)" */
void jl_line_name(const struct journal_line *l, char *buf, size_t n);
/* Lines "SELECT LINE_COLS, author name ... where" with ?1 = a1, ?2 = a2. */
MUST_CHECK enum status jl_lines_where(struct store *s, const char *where, long long a1,
			   long long a2, struct journal_line **out, size_t *n,
			   struct err *e);

/* ST_OK when the actor holds p1 or p2. */
MUST_CHECK enum status jl_need_any(const struct actor *a, enum perm p1, enum perm p2,
			struct err *e);
/* A read-only snapshot (DB_READ) and its end. */
MUST_CHECK enum status jl_read_begin(struct store *s, struct err *e);
void jl_read_end(struct store *s);
/* ISO date or stamp to DD.MM.YYYY (out holds 11 bytes). */
void jl_ru_date(const char *iso, char *out);

#endif
