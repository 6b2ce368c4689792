/* SPDX-License-Identifier: MIT */
/* CSV, both ways: a reader of RFC 4180 records (quoting, comma or
 * semicolon, a UTF-8 BOM skipped, line numbers kept for messages) and a
 * writer of one record whose cells are made harmless (control and bidi
 * characters visible, a cell that starts like a formula behind a '). */
#ifndef OKNO_CSV_H
#define OKNO_CSV_H

#include <stddef.h>

#include <jansson.h>

#include "util.h"

struct csv_reader {
	const char *p, *end;
	long line;          /* of the next record, from 1 */
	char delim;         /* ',' or ';' */
	struct strbuf *f;   /* fields of the current record */
	size_t nf, capf;
};

/* Read text[0..len): a BOM skipped; the delimiter is the one the first
 * line has more of outside quotes (',' on a tie). */
void csv_reader_init(struct csv_reader *c, const char *text, size_t len);
/* Read one record into c->f[0..nf). Returns 1 with the fields, 0 at the
 * end, -1 on bad quoting (*msg set, in Russian; the rest of the physical
 * line is skipped). */
int csv_next(struct csv_reader *c, const char **msg);
void csv_reader_free(struct csv_reader *c);

/* Append one record (RFC 4180: fields quoted when needed, CRLF) of the
 * strings of arr. A cell starting with = + - @ (or a tab or CR) gets a
 * leading ' so a spreadsheet never runs it as a formula. */
void csv_record(struct strbuf *out, json_t *arr);

#endif
