/* SPDX-License-Identifier: MIT */
/* Navigating a journal book by number, for screens that page through it:
 * the last number drawn in a book's year, read from the (office, book,
 * year, no) index, so the last page of a million-line journal is found
 * without walking it. */
#ifndef OKNO_JOURNAL_NAV_H
#define OKNO_JOURNAL_NAV_H

#include "role.h"
#include "status.h"
#include "store.h"

/* *no_out: the highest entry number of the book in that year, 0 when the
 * book has none. PERM_CASE_VIEW or PERM_JOURNAL; the office must be the
 * actor's (or in its region). */
MUST_CHECK enum status journal_last_no(struct store *s, const struct actor *a,
			    long long office_id, const char *book, int year,
			    long long *no_out, struct err *e);

#endif
