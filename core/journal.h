/* SPDX-License-Identifier: MIT */
/* The office journal: append-only (enforced by triggers), numbered per
 * office, book and year, and hash-chained per office. journal_append()
 * must run inside the caller's write transaction, so the state change and
 * its journal line commit together; the write lock that BEGIN IMMEDIATE
 * takes is what keeps two windows from drawing the same number. */
#ifndef OKNO_JOURNAL_H
#define OKNO_JOURNAL_H

#include <jansson.h>

#include "chain.h"
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
enum status journal_append(struct store *s, const struct actor *a,
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

#endif
