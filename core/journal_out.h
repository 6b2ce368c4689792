/* SPDX-License-Identifier: MIT */
/* The journal given out, the same for the kiosk and the command line: the
 * paper book's pages (journal_print), an export as CSV or text
 * (journal_export) and the day's closing sheet. print and export convert
 * their text to the chosen encoding and give it out after their audit
 * line: to a file or a printer (to.target set) as an output recorded with
 * the line, pending with its SHA-256, written after the commit and then
 * marked delivered (core/outputs.h); else to the caller's deliver
 * (stdout), after the commit. A run killed anywhere leaves nothing, or the
 * line with a pending output that the next print or export of the office
 * by the same Unix account gives out byte for byte (earlier). */
#ifndef OKNO_JOURNAL_OUT_H
#define OKNO_JOURNAL_OUT_H

#include <stddef.h>

#include "encode.h"
#include "forms.h"
#include "journal.h"
#include "outputs.h"
#include "util.h"

struct journal_out {
	long long office_id;
	struct journal_filter f;   /* print: book NULL prints every book in
				    * turn; the later lines always come */
	int width;                 /* print: 80 or 132 columns */
	int csv;                   /* export: CSV, else text (a field a line) */
	const char *templates_dir; /* print: the forms' templates folder */
	const char *dest;          /* where it goes, for the audit line */
	enum encoding enc;         /* the bytes given out: ENC_UTF8 (0)... */
	int translit;              /* ENC_TRANSLIT_* (0: ENC_TRANSLIT_PUNCT) */
	/* A file (FILEIO_USER, FILEIO_FORCE, OUTPUT_UNIQUE...), a printer
	 * queue or the terminal's printer: recorded, then given out. kind
	 * and object are journal_out's own. */
	struct output_req to;
	/* Else (to.target 0) the bytes go here, after the commit. */
	enum status (*deliver)(void *arg, const char *text, size_t n,
			       struct err *e);
	void *arg;
	/* May be NULL: hears of the chain checked (print) and the entries
	 * read; when it cancels, nothing is delivered and no audit line is
	 * written (ST_CANCELLED). */
	struct progress *progress;
	long long rows;            /* out: the entries given out */
	int earlier;               /* out: an output recorded before and not
				    * given out went out instead (rows 0) */
	char where[400];           /* out: the file written ("" otherwise) */
};

/* The entries as the journal's pages (templates/journal-page.tpl): the
 * office, the book's title, the closing certificate of a closed book of
 * that year, the head's seal in the footer (verify --against it); books
 * one after the other, a form feed between. Audit "journal.print". With
 * nothing to print: ST_OK, rows 0, nothing delivered. When an earlier
 * print or export of the office to a file or printer is pending, it goes
 * out instead (earlier; see above). */
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
