/* SPDX-License-Identifier: MIT */
/* Validators for the values an inspector types. Each takes the field's key
 * (for err.field) and its Russian label (for the message), returns ST_OK or
 * ST_INVALID, and on failure writes a Russian message that starts with the
 * label, e.g. "Дата рождения: несуществующая дата «31.02.2020»". */
#ifndef OKNO_VALIDATE_H
#define OKNO_VALIDATE_H

#include <stddef.h>

#include "date.h"
#include "status.h"

/* Free text: valid UTF-8, no control characters (tab and newline allowed
 * only when multiline), at most maxlen code points, not only spaces. */
MUST_CHECK enum status val_text(const char *field, const char *label, const char *in,
		     size_t maxlen, int multiline, struct err *e);

/* A real calendar date, typed as ДД.ММ.ГГГГ (also accepted: YYYY-MM-DD). */
MUST_CHECK enum status val_date(const char *field, const char *label, const char *in,
		     struct date *out, struct err *e);

/* IIN: 12 digits, YYMMDD a real date, 7th digit 0..6 (0: foreigner, no
 * century; otherwise century/sex), check digit with the second weighting
 * pass; a birth date in the future is refused. */
MUST_CHECK enum status val_iin(const char *field, const char *label, const char *in,
		    struct err *e);
/* The birth date and sex an IIN carries (digits 1-7): 0 with *birth and
 * *sex ('m' or 'f'; sex may be NULL), or -1 when the 7th digit is 0 (a
 * foreigner's number: no century, no sex), out of 1..6, or the number is
 * not 12 digits or its date is not real. The check digit is not looked
 * at (val_iin does that). */
int iin_birth(const char *iin, struct date *birth, char *sex);

/* BIN of an organisation: 12 digits, the same check digit. */
/* The birth date a valid IIN holds (its first six digits and the
 * century of its 7th); -1 when the IIN is not valid. */
int val_iin_birth(const char *iin, struct date *out);
MUST_CHECK enum status val_bin(const char *field, const char *label, const char *in,
		    struct err *e);

/* Passport or other document number: Latin capitals and digits after
 * removing spaces (lower case is folded up), 1..12 characters. The
 * normalised form goes to norm (size n). */
MUST_CHECK enum status val_docno(const char *field, const char *label, const char *in,
		      char *norm, size_t n, struct err *e);

/* Personal name: letters of the Russian and Kazakh Cyrillic alphabets and
 * Latin, with hyphen, apostrophe and single spaces between parts; must
 * start with a letter; at most maxlen code points. */
MUST_CHECK enum status val_name(const char *field, const char *label, const char *in,
		     size_t maxlen, struct err *e);

/* Phone: digits with optional leading +, spaces, hyphens and parentheses;
 * 10..15 digits. Normalised to "+DIGITS" (a leading 8 of a 11-digit
 * Kazakh number becomes +7). */
MUST_CHECK enum status val_phone(const char *field, const char *label, const char *in,
		      char *norm, size_t n, struct err *e);

/* Citizenship: an ISO 3166 alpha-2, alpha-3 or numeric code, or a Russian
 * or Kazakh country name (case-insensitive), or the ICAO codes for
 * stateless (XXA), refugee (XXB, XXC) and unspecified (XXX). alpha3 gets
 * the alpha-3 code (4 bytes). */
MUST_CHECK enum status val_country(const char *field, const char *label, const char *in,
			char *alpha3, struct err *e);

/* Whole number in [min, max]. */
MUST_CHECK enum status val_number(const char *field, const char *label, const char *in,
		       long min, long max, long *out, struct err *e);

#endif
