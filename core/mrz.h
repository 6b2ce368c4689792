/* SPDX-License-Identifier: MIT */
/* The machine-readable zone of travel documents (ICAO 9303): passports
 * (TD3, 2 lines of 44), identity cards (TD1, 3 x 30; TD2, 2 x 36) and
 * machine-readable visas (MRV-A, 2 x 44; MRV-B, 2 x 36): parsing, every
 * check digit, and the mapping to the intake form's keys.
 *
 * What a document reader acting as a keyboard sends is accepted as it
 * comes: surrounding white space, CR LF or LF between lines (or the lines
 * run together without a break), lower case letters (a reader with Caps
 * Lock on; the MRZ alphabet has no lower case, so folding is unambiguous),
 * and letters typed while the Russian ЙЦУКЕН layout was active (Й->Q,
 * Ц->W, ..., Б->'<', as the same keys give on the Latin layout). The check
 * digits still guard the numbers and dates; mrz.layout_fixed tells the
 * kiosk that the input was re-read through the layout. */
#ifndef OKNO_MRZ_H
#define OKNO_MRZ_H

#include <jansson.h>

#include "date.h"
#include "status.h"

enum mrz_format {
	MRZ_TD1,  /* identity card, 3 x 30 */
	MRZ_TD2,  /* identity card or travel document, 2 x 36 */
	MRZ_TD3,  /* passport, 2 x 44 */
	MRZ_MRVA, /* visa, 2 x 44 */
	MRZ_MRVB, /* visa, 2 x 36 */
};

struct mrz {
	enum mrz_format format;
	char doc_code[3];        /* "P", "PK", "I", "ID", "V"... ('<' removed) */
	char issuer[4];          /* issuing state, alpha-3 ("D" -> "DEU") */
	char surname[64];        /* primary identifier, Latin, '<' -> ' ' */
	char given_names[64];    /* secondary identifier, may be "" */
	int name_truncated;      /* the name field was full: maybe cut */
	char doc_number[32];     /* '<' removed; TD1/TD2 long numbers whole */
	char nationality[4];     /* alpha-3 ("D" -> "DEU"), "XXA"... */
	const char *nationality_ru; /* Russian name, NULL when unknown */
	struct date birth;       /* valid when birth_known == 2 */
	int birth_known;         /* 0 unknown, 1 year only, 2 full date */
	char sex;                /* 'M', 'F', 'X' or '<' (unspecified) */
	struct date expiry;      /* valid when expiry_known */
	int expiry_known;
	char optional1[32];      /* personal number / optional data */
	char optional2[32];      /* TD1 line 2 optional data */
	int layout_fixed;        /* input was typed in the Russian layout */
};

/* Parse the MRZ in text (lines as described above). On success fill *out
 * and return ST_OK. On any fault return ST_INVALID with e->field the form
 * key of the faulty field ("doc_number", "birth_date", "doc_expiry",
 * "optional_data", "composite", "mrz" for the layout) and a Russian
 * message naming it, e.g. "Номер документа: неверная контрольная цифра
 * (в зоне 7, должна быть 6)"; *out is then cleared. Dates: the birth
 * century is the latest that does not put the date after clock_today();
 * the expiry is 20YY unless that is more than 50 years ahead (old
 * specimens), then 19YY. */
MUST_CHECK enum status mrz_parse(const char *text, struct mrz *out, struct err *e);

/* ICAO 9303 check digit of n characters (7-3-1 weights; A-Z 10..35, '<'
 * 0); -1 when a character is outside the MRZ alphabet. */
int mrz_check_digit(const char *s, size_t n);

/* "TD1", "TD2", "TD3", "MRV-A", "MRV-B". */
const char *mrz_format_name(enum mrz_format f);
/* Russian name of the document kind from the code ("паспорт", "виза",
 * "удостоверение личности", "проездной документ"). */
const char *mrz_kind_ru(const struct mrz *m);

/* The intake form's values from a parsed MRZ, as a new JSON object of
 * strings for the kiosk or the CLI to merge into the current form:
 * surname, given_names, doc_number, citizenship (alpha-3), birth_date and
 * doc_expiry (ДД.ММ.ГГГГ, as an inspector types them; the form validator
 * stores ISO), sex ("m"/"f", the forms' choice codes; left out when
 * unspecified), doc_type ("passport" for a P document). A key is left out
 * when the MRZ does not give it (a birth date of year only). Caller
 * json_decref()s. */
json_t *mrz_form_values(const struct mrz *m);

#endif
