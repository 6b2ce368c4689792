/* SPDX-License-Identifier: MIT */
/* Finding entries in the journal the way a person at the window asks:
 * by a surname typed in either script (a passport's Latin spelling is
 * found by its Cyrillic reading and the other way round), and whether a
 * day was already closed. */
#ifndef OKNO_JOURNAL_FIND_H
#define OKNO_JOURNAL_FIND_H

#include <stddef.h>

#include "journal.h"

/* Entries of every book of the office whose surname starts with term as
 * typed, or with its Latin (ICAO) or Cyrillic reading: ЭРИКССОН finds
 * ERIKSSON, Ivanov finds Иванов. Alphabetical, then by number; at most
 * limit (0: no limit); without their later lines. PERM_CASE_VIEW. */
MUST_CHECK enum status journal_find_surname(struct store *s, const struct actor *a,
				 long long office_id, const char *term,
				 int limit, struct journal_line **out,
				 size_t *n, struct err *e);

/* When the office's day (ISO date; NULL: today) was last closed: 1 and
 * its stamp in at (STAMP_SIZE bytes) and its line's seq, 0 when
 * it was not, -1 on error (e says why). PERM_JOURNAL or PERM_CASE_VIEW. */
int journal_day_closed(struct store *s, const struct actor *a,
		       long long office_id, const char *date, char *at,
		       long long *seq, struct err *e);

#endif
