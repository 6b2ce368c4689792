/* SPDX-License-Identifier: MIT */
/* Numbered blanks of strict accountability (passes and invitations are
 * printed on pre-printed numbered forms): stock in, use by a print,
 * write-off of a spoiled blank with a reason, and the per-shift
 * reconciliation. Each blank belongs to the office of the account that
 * stocked it. */
#ifndef OKNO_BLANK_H
#define OKNO_BLANK_H

#include <stddef.h>

#include "clock.h"
#include "role.h"
#include "status.h"
#include "store.h"

#define BLANK_SERIES_MAX 16  /* bytes, with the NUL: up to 4 letters */
#define BLANK_LABEL_MAX  48  /* "AB 1001" */
#define BLANK_RANGE_MAX  10000

/* "border-pass" or "invitation"; -1 for anything else. */
int blank_kind_valid(const char *kind);

/* Split a typed blank number: "AB1001", "AB 1001", "AB-1001" (series of
 * 1..4 capital Latin or Cyrillic letters; Latin lower case is raised) or a
 * bare "1001" (series ""). ST_INVALID with a Russian message otherwise. */
MUST_CHECK enum status blank_parse(const char *in, char series[BLANK_SERIES_MAX],
			long *number, struct err *e);

/* Stock in blanks series/from..to of a kind at the actor's office
 * (PERM_JOURNAL); at most BLANK_RANGE_MAX at once. ST_CONFLICT, and
 * nothing added, when a number of the range is already recorded. */
MUST_CHECK enum status blank_add(struct store *s, const struct actor *a,
		      const char *kind, const char *series, long from,
		      long to, long *added, struct err *e);

/* Write off a spoiled blank with a reason (PERM_JOURNAL): one in stock,
 * or a used one spoiled in the printer (its print stays logged). */
MUST_CHECK enum status blank_spoil(struct store *s, const struct actor *a,
			const char *number, const char *reason,
			struct err *e);

/* Inside the caller's transaction: take the blank for a print. It must
 * be of kind, at office_id and in stock; it becomes used, linked to the
 * case and the print. label gets "AB 1001". */
MUST_CHECK enum status blank_use(struct store *s, const struct actor *a,
		      long long office_id, const char *kind,
		      const char *number, long long case_id,
		      long long print_id, char label[BLANK_LABEL_MAX],
		      struct err *e);
/* Check only (the same refusals as blank_use), before the print row is
 * written. */
MUST_CHECK enum status blank_check(struct store *s, long long office_id,
			const char *kind, const char *number,
			char label[BLANK_LABEL_MAX], struct err *e);

/* The reconciliation of one day (a shift) per kind and series at the
 * actor's office: the stock at its start, blanks received, used (carrying
 * a document), spoiled (taken out of stock unused, or spoiled the same
 * day as printed), and the stock at its end:
 * closing = opening + received - used - spoiled. spoiled_later counts
 * blanks used on an earlier day and written off on this one (no effect on
 * the stock). PERM_JOURNAL or PERM_REPORT. */
struct blank_report_row {
	char kind[16];
	char series[BLANK_SERIES_MAX];
	long opening, received, used, spoiled, closing, spoiled_later;
};
struct blank_spoiled {
	char label[BLANK_LABEL_MAX];
	char kind[16];
	char at[STAMP_SIZE];
	char login[64];
	char *reason; /* owned */
};
struct blank_report {
	char date[DATE_SIZE];
	struct blank_report_row *rows;
	size_t nrows;
	struct blank_spoiled *spoiled; /* written off on the day */
	size_t nspoiled;
};
MUST_CHECK enum status blank_report(struct store *s, const struct actor *a,
			 const char *date, struct blank_report *out,
			 struct err *e);
void blank_report_free(struct blank_report *r);

#endif
