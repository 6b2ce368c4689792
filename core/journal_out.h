/* SPDX-License-Identifier: MIT */
/* The journal given out, the same for the kiosk and the command line: the
 * paper book's pages (journal_print), an export as CSV or text
 * (journal_export) and the day's closing sheet. print and export hand
 * their text to the caller's deliver (a file, a printer, stdout) inside
 * the transaction of their audit line: an output that failed leaves no
 * line, and a line means the text went out. */
#ifndef OKNO_JOURNAL_OUT_H
#define OKNO_JOURNAL_OUT_H

#include <stddef.h>

#include "forms.h"
#include "journal.h"
#include "util.h"

struct journal_out {
	long long office_id;
	struct journal_filter f;   /* print: book NULL prints every book in
				    * turn; the later lines always come */
	int width;                 /* print: 80 or 132 columns */
	int csv;                   /* export: CSV, else text (a field a line) */
	const char *templates_dir; /* print: the forms' templates folder */
	const char *dest;          /* where it goes, for the audit line */
	/* Give the text out; an error here rolls the audit line back. */
	enum status (*deliver)(void *arg, const char *text, size_t n,
			       struct err *e);
	void *arg;
	/* May be NULL: hears of the chain checked (print) and the entries
	 * read; when it cancels, nothing is delivered and no audit line is
	 * written (ST_CANCELLED). */
	struct progress *progress;
	long long rows;            /* out: the entries given out */
};

/* The entries as the journal's pages (templates/journal-page.tpl): the
 * office, the book's title, the closing certificate of a closed book of
 * that year, the head's seal in the footer (verify --against it); books
 * one after the other, a form feed between. Audit "journal.print". With
 * nothing to print: ST_OK, rows 0, nothing delivered. */
MUST_CHECK enum status journal_print(struct store *s, const struct actor *a,
			  const struct formset *forms, struct journal_out *o,
			  struct err *e);

/* The entries under the columns of forms/journal-columns.form: CSV with a
 * header line, or text. Read a thousand at a time when one book of one
 * year is asked for. Audit "export". */
MUST_CHECK enum status journal_export(struct store *s, const struct actor *a,
			   const struct formset *forms, struct journal_out *o,
			   struct err *e);

/* The day's closing sheet for the operator's and the chief's signatures. */
void journal_day_sheet(const struct journal_day *d, const char *office_name,
		       const char *operator_name, struct strbuf *out);

#endif
