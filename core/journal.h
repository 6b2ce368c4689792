/* SPDX-License-Identifier: MIT */
/* The office journal: append-only (enforced by triggers), numbered per
 * office, book and year, and hash-chained per office. journal_append()
 * must run inside the caller's write transaction, so the state change and
 * its journal line commit together; the write lock that BEGIN IMMEDIATE
 * takes is what keeps two windows from drawing the same number. */
#ifndef OKNO_JOURNAL_H
#define OKNO_JOURNAL_H

#include <jansson.h>

#include "clock.h"
#include "chain.h"
#include "progress.h"
#include "role.h"
#include "status.h"
#include "store.h"

struct journal_entry {
	long long office_id;
	const char *book;    /* "registration", "invitation", "border-pass" */
	int numbered;        /* 1: draw the next number of (office, book, year) */
	const char *kind;    /* "accept", "check-clear", "issue", ... */
	long long case_id;   /* 0 when none */
	long long corrects;  /* journal.id this line corrects, 0 when none */
	json_t *content;     /* the line's columns; serialised canonically */
};

/* Append one line stamped now. Fills the new line's id and, when
 * numbered, its number (year = the year of the stamp). */
MUST_CHECK enum status journal_append(struct store *s, const struct actor *a,
			   const struct journal_entry *in, long long *id_out,
			   int *no_out, int *year_out, struct err *e);

/* The canonical text hashed for a line (the caller frees it). content is
 * the stored canonical JSON text. */
char *journal_canonical(long long office_id, long long seq, const char *book,
			int year, long long no, const char *kind,
			long long case_id, long long corrects, const char *at,
			long long actor_id, const char *content);

/* Canonical JSON: sorted keys, compact, UTF-8 kept as is. */
char *journal_json(json_t *content);


/* ---- reading lines back ------------------------------------------------ */

struct journal_line {
	long long id, office_id, seq;
	char book[16];
	int year;
	long long no;          /* 0 for an unnumbered line */
	char kind[16];
	long long case_id;     /* 0 when none */
	long long corrects;    /* 0 when none */
	char at[STAMP_SIZE];
	long long actor_id;
	char actor_name[ACTOR_NAME_MAX]; /* filled by journal_list */
	char *content;         /* owned: the stored canonical JSON */
	char prev_hash[CHAIN_HEX], hash[CHAIN_HEX];
	/* The office, case, corrected line and author as the line's hash
	 * has them: the ids above, but on a line moved in from another
	 * database (okno migrate) the ones it had there. */
	long long h_office, h_case, h_corrects, h_actor;
	/* Filled by journal_list: */
	int depth;             /* 0: an entry (or an office line); 1: a later
				* line about the entry's case */
	long long corrected_by;/* id of the first correction of this entry */
	char state[16];        /* the case's current state, "" when none */
};
void journal_lines_free(struct journal_line *v, size_t n);

/* The office a journal command works on: code given (an office within the
 * actor's reach) or the actor's own, or the only office of the database
 * for a regional account. */
MUST_CHECK enum status journal_office(struct store *s, const struct actor *a,
			   const char *code, long long *office_id,
			   struct err *e);

/* ---- tamper evidence --------------------------------------------------- */

enum journal_fault {
	JF_NONE,
	JF_CHANGED,  /* the line's content no longer gives its hash */
	JF_MISSING,  /* one or more lines before this one were removed */
	JF_INSERTED, /* this line was put into the chain afterwards */
	JF_SEAL,     /* the journal does not extend the sealed state */
};

struct journal_verify {
	long long lines;          /* lines checked */
	long long head_seq;       /* last line of the office (0: empty) */
	char head[CHAIN_HEX];     /* its hash (genesis when empty) */
	enum journal_fault fault;
	long long bad_id, bad_seq;/* the first bad line */
};

/* Recompute the office's chain (year 0: all of it; otherwise the lines of
 * that year, linked to the line before them). ST_OK, or ST_CORRUPT with a
 * Russian message naming the first bad line and why (out->fault). Reads
 * one consistent snapshot; PERM_CASE_VIEW or PERM_AUDIT. p (may be NULL)
 * hears of the lines checked (ST_CANCELLED when it cancels). */
MUST_CHECK enum status journal_verify(struct store *s, const struct actor *a,
			   long long office_id, int year,
			   struct journal_verify *out, struct progress *p,
			   struct err *e);

/* The same check of the whole chain for okno itself (a database being
 * moved in, checked where it lands before it commits): no permission, no
 * audit line. */
MUST_CHECK enum status journal_verify_chain(struct store *s,
					    long long office_id,
					    struct journal_verify *out,
					    struct progress *p, struct err *e);

/* "1a2b3c4d5e6f7a8b-1234": the first 16 hex digits of the head hash and
 * the head's line number (seq), short enough to write by hand. */
#define JOURNAL_SEAL_MAX 48
void journal_seal_short(const char *hash, long long seq, char *out, size_t n);

/* Verify the whole chain, then check that it still holds the sealed state:
 * sealed is the short form, or a full or partial (16+ digits) hash with
 * or without "-COUNT". ST_CORRUPT (fault JF_SEAL) when the sealed line is
 * gone (the journal was cut short) or its hash differs (rewritten);
 * ST_INVALID for a malformed seal. */
MUST_CHECK enum status journal_verify_against(struct store *s, const struct actor *a,
				   long long office_id, const char *sealed,
				   struct journal_verify *out,
				   struct progress *p, struct err *e);

/* The current head (PERM_JOURNAL or PERM_AUDIT); leaves an audit line. */
struct journal_seal {
	long long count;          /* lines of the office */
	long long seq;            /* head line */
	char head[CHAIN_HEX];
	char short_form[JOURNAL_SEAL_MAX];
	char at[STAMP_SIZE];
};
MUST_CHECK enum status journal_seal(struct store *s, const struct actor *a,
			 long long office_id, struct journal_seal *out,
			 struct err *e);

/* Append the day's closing line (kind "day-close", book "office") for the
 * office: the lines of that date (ISO; NULL: today), the numbered entries
 * among them, and the head hash before the closing line. PERM_JOURNAL.
 * p (may be NULL) hears of its steps; a cancel rolls it all back. */
struct journal_day {
	char date[DATE_SIZE];
	long long lines, entries;   /* lines of the day; numbered ones */
	long long first_seq, last_seq;
	char head[CHAIN_HEX];
	long long head_seq;
	char short_form[JOURNAL_SEAL_MAX];
	long long line_id, seq;     /* the closing line itself */
	char code[16];              /* its check code */
	int repeated;               /* the date was closed before */
};
MUST_CHECK enum status journal_close_day(struct store *s, const struct actor *a,
			      long long office_id, const char *date,
			      struct journal_day *out, struct progress *p,
			      struct err *e);

/* ---- check codes ------------------------------------------------------- */

/* A check code: 9 Crockford base-32 digits taken from SHA-256 over the
 * line's hash, and a Luhn mod 32 check digit, printed "XXXXX-XXXXX". */
#define JOURNAL_CODE_SIZE 12
void journal_check_code(const char *line_hash, char out[JOURNAL_CODE_SIZE]);
/* Normalise a typed code (case, spaces, dashes, O->0, I/L->1) into the
 * printed form; -1 when it is not a well-formed code or the check digit
 * does not match (a mistyped code). */
int journal_code_normalise(const char *in, char out[JOURNAL_CODE_SIZE]);
/* The code of the case's latest journal line of kind (NULL: any kind).
 * ST_NOTFOUND when the case has no such line. */
MUST_CHECK enum status journal_case_code(struct store *s, long long case_id,
			      const char *kind, char out[JOURNAL_CODE_SIZE],
			      long long *line_id, struct err *e);

struct journal_check {
	struct journal_line line;   /* the line the code belongs to */
	char office_name[256];
	char person[256];           /* from the entry's line */
	char ref[32];               /* "123/2026" */
	char service[16];
	int intact;                 /* the line still gives its hash */
	struct journal_line *later; /* later lines about the case, owned */
	size_t nlater;
	int corrected, refused, handed_out, issued;
};
/* Look the code up in the local database (no network). PERM_CASE_VIEW;
 * leaves an audit line. ST_NOTFOUND when no line has that code, ST_INVALID
 * when the code is malformed. */
MUST_CHECK enum status journal_check_document(struct store *s, const struct actor *a,
				   const char *code, struct journal_check *out,
				   struct err *e);
void journal_check_free(struct journal_check *c);

/* ---- books ------------------------------------------------------------- */

struct journal_book {
	long long id, office_id;
	char book[16];
	int year, number;
	char opened_at[STAMP_SIZE], closed_at[STAMP_SIZE];
	char opened_by[ACTOR_NAME_MAX], closed_by[ACTOR_NAME_MAX];
	long long first_no, last_no, entries;
	int pages;
	char *certificate;          /* owned, "" while open */
};
void journal_books_free(struct journal_book *v, size_t n);

/* Open a new book of the office (PERM_JOURNAL): book is a service's book
 * code, pages the number of laced sheets (0: not yet known). ST_CONFLICT
 * when a book of that kind is open. Writes a "book-open" line. */
MUST_CHECK enum status journal_book_open(struct store *s, const struct actor *a,
			      long long office_id, const char *book, int pages,
			      struct journal_book *out, struct err *e);
/* Close the open book: counts its entries, fixes the certificate
 * ("Пронумеровано и прошнуровано N листов, записей M ...") and writes a
 * "book-close" line carrying it. pages 0 keeps the count given at opening.
 */
MUST_CHECK enum status journal_book_close(struct store *s, const struct actor *a,
			       long long office_id, const char *book,
			       int pages, struct journal_book *out,
			       struct err *e);
MUST_CHECK enum status journal_book_list(struct store *s, const struct actor *a,
			      long long office_id, struct journal_book **out,
			      size_t *n, struct err *e);

/* ---- browsing ---------------------------------------------------------- */

struct journal_filter {
	const char *book;        /* NULL: every book */
	int year;                /* 0: any */
	long long no_from, no_to;/* 0: open */
	const char *date_from, *date_to; /* ISO or ДД.ММ.ГГГГ, inclusive */
	const char *surname;     /* prefix, any case, Cyrillic or Latin */
	const char *docno;       /* document number, exact */
	const char *citizenship; /* alpha-3 */
	const char *service;
	const char *state;       /* the case's current state */
	int limit;               /* 0: no limit */
	int last;                /* with limit: the last page, not the first */
	int with_related;        /* add the later lines of each entry */
};

/* Entries (numbered lines) of the office in number order (by surname key,
 * then number, when searching by surname), each followed,
 * when with_related, by its later lines (decisions, hand-out, corrections,
 * depth 1); a corrected entry has corrected_by set. PERM_CASE_VIEW. */
MUST_CHECK enum status journal_list(struct store *s, const struct actor *a,
			 long long office_id, const struct journal_filter *f,
			 struct journal_line **out, size_t *n, struct err *e);

/* ---- rows for printing and export -------------------------------------- */

struct form;
struct formset;
struct strbuf;

/* One journal entry as the paper journal shows it: entry is a numbered
 * line, rel the later lines about its case (as journal_list gives them).
 * The object holds the journal-page template's row keys (forms/templates/
 * README.md: no, accepted_at, surname, ..., note), choice values in
 * Russian through the case's form when forms holds it, and the column
 * attributes of forms/journal-columns.form (@journal_no, @accepted_at,
 * @inspector, @records_check, @berkut, @handed_out, @note). A correction
 * leaves the original values standing and is told in note, as on paper.
 * The caller decrefs. */
json_t *journal_row(const struct formset *forms,
		    const struct journal_line *entry,
		    const struct journal_line *rel, size_t nrel);

/* The values of the columns of a "columns" form (journal-columns) for a
 * row from journal_row: a JSON array of strings, dates as ДД.ММ.ГГГГ. */
json_t *journal_row_columns(const struct form *columns, json_t *row);

#endif
