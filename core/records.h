/* SPDX-License-Identifier: MIT */
/* The special-records check (проверка по специальным учетам): persons not
 * allowed to enter, wanted persons, earlier violations. Records come from
 * a pluggable source; the embedded default is the local table `records`,
 * filled from the regional unit's CSV (docs/records-csv.md). Matching is
 * by document number (never missed), birth date and names compared
 * through transliteration keys and an edit distance; each candidate says
 * why it matched and carries a score. */
#ifndef OKNO_RECORDS_H
#define OKNO_RECORDS_H

#include <stddef.h>

#include "clock.h"
#include "forms.h"
#include "role.h"
#include "progress.h"
#include "status.h"
#include "store.h"

enum record_kind {
	RECORD_ENTRY_BAN, /* "entry_ban": не разрешён въезд */
	RECORD_WANTED,    /* "wanted": в розыске */
	RECORD_VIOLATION, /* "violation": прежние нарушения */
};

struct record {
	long long id;
	enum record_kind kind;
	char *surname, *given_names, *patronymic; /* owned, never NULL */
	char birth_date[DATE_SIZE];   /* ISO or "" */
	char citizenship[4];   /* alpha-3 or "" */
	char doc_number[32];   /* capitals and digits or "" */
	char *note, *source;   /* owned, never NULL */
	char imported_at[STAMP_SIZE];
};
void record_free(struct record *r);

const char *record_kind_code(enum record_kind k);
const char *record_kind_ru(enum record_kind k);
/* "entry_ban", "wanted", "violation" or their Russian names ("запрет
 * въезда", "розыск", "нарушение"), case-insensitively; -1 when unknown. */
int record_kind_parse(const char *s, enum record_kind *out);

/* Whom to look for. Any field may be NULL or "". */
struct records_query {
	const char *surname, *given_names, *patronymic;
	const char *birth_date;  /* ISO */
	const char *citizenship; /* alpha-3 */
	const char *doc_number;
};

/* The query as sources see it: normalised document number, match keys,
 * and the birth date with day and month swapped ("" when the same or not
 * a date). */
struct records_keys {
	char doc[32];
	char birth[DATE_SIZE], birth_swapped[DATE_SIZE];
	char *surname_key, *given_key; /* translit_key, translit_key_first */
};

/* A source of records. fetch appends to *out (a growing array, *n its
 * length, *cap its capacity) at least every record whose document number
 * equals k->doc, whose birth date equals k->birth or k->birth_swapped,
 * or whose (surname key, first given-name key) is (surname_key,
 * given_key) or, for swapped names, (given_key, surname_key); with no
 * given_key, every record of that surname key. It may return more; the
 * scoring filters. Duplicates are allowed. */
struct records_source {
	const char *name;
	void *ctx;
	enum status (*fetch)(void *ctx, const struct records_keys *k,
			     struct record **out, size_t *n, size_t *cap,
			     struct err *e);
};

/* The embedded source over the store's `records` table. */
void records_local_source(struct store *s, struct records_source *out);

struct records_cand {
	struct record rec;
	int score;       /* 0..100 */
	int doc_match;   /* the document number is the same */
	char why[600];   /* Russian reasons, "; "-separated */
};
void records_cands_free(struct records_cand *c, size_t n);

/* Candidates for q from src, best first (document matches always
 * first). No permission check: callers are records_check_case and the
 * benchmark. Caller frees with records_cands_free. */
MUST_CHECK enum status records_match(const struct records_source *src,
			  const struct records_query *q,
			  struct records_cand **out, size_t *n, struct err *e);

/* Score one record against q (used by records_match; exposed for tests).
 * Returns 1 when it is a candidate, filling score and why. */
int records_score(const struct records_query *q, const struct records_keys *k,
		  const struct record *r, struct records_cand *c);
void records_keys_make(const struct records_query *q, struct records_keys *k);
void records_keys_free(struct records_keys *k);

/* The check of a case for the records officer (PERM_RECORDS_CHECK): the
 * person is taken from the case's data (surname, given_names, patronymic,
 * birth_date, citizenship, doc_number); src NULL means the local table.
 * Leaves an audit line "records.check" naming the candidates' ids. */
MUST_CHECK enum status records_check_case(struct store *s, const struct actor *a,
			       const struct records_source *src, long long id,
			       struct records_cand **out, size_t *n,
			       struct err *e);

/* The records officer's decision: runs the check again and fires
 * check-hit (hit set; reason required) or check-clear on the case, with a
 * reason that lists the candidates seen ("кандидаты: №12 (95), №40 (60)")
 * after the officer's own words, so the history shows what was weighed. */
MUST_CHECK enum status records_decide(struct store *s, const struct actor *a,
			   const struct formset *forms, long long id, int hit,
			   const char *reason, struct err *e);

/* One row of the CSV, as read (fields point into the reader's buffer). */
struct records_row {
	enum record_kind kind;
	const char *surname, *given_names, *patronymic, *note;
	char birth_date[DATE_SIZE], citizenship[4], doc_number[32];
	long line;
};

/* Read the regional CSV (docs/records-csv.md) held in text[0..len):
 * header line, RFC 4180 quoting, comma or semicolon, UTF-8 (a BOM is
 * skipped). Each good row goes to cb (which returns 0 to go on); every
 * broken row adds an error naming the line and the column to errs (at
 * most 100). ST_OK when there was no error. */
MUST_CHECK enum status records_csv_read(const char *text, size_t len,
			     int (*cb)(void *arg, const struct records_row *r),
			     void *arg, struct errlist *errs);

/* Import the CSV file at path (PERM_RECORDS_ADMIN) in one transaction:
 * either every row goes in or, at the first broken line already, none
 * (all errors are still reported, by line). replace deletes the records
 * of the same source first. source NULL: the file's base name. *count
 * gets the rows imported. Audit line "records.import". p (may be NULL)
 * hears of the lines read; when it cancels, nothing is imported
 * (ST_CANCELLED). */
MUST_CHECK enum status records_import(struct store *s, const struct actor *a,
			   const char *path, const char *source, int replace,
			   long *count, struct progress *p,
			   struct errlist *errs);

#endif
