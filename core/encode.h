/* SPDX-License-Identifier: MIT */
/* Conversion of UTF-8 text to the print and export encodings (CP1251,
 * KOI8-R, CP866, RK1048) through iconv; a character the target cannot hold
 * is reported, never silently replaced, unless the caller asks for
 * transliteration. */
#ifndef OKNO_ENCODE_H
#define OKNO_ENCODE_H

#include "status.h"
#include "util.h"

enum encoding {
	ENC_UTF8,
	ENC_CP1251,
	ENC_KOI8R,
	ENC_CP866,
	ENC_RK1048, /* Kazakh, ST RK 1048-2002 (glibc "RK1048") */
	ENC__COUNT
};

/* Transliteration flags for encode_convert(). They only touch characters
 * the target cannot hold; a character that has a byte in the target is
 * always kept as is (І stays І in CP1251 and RK1048).
 *
 * ENC_TRANSLIT_PUNCT: typographic signs become their ASCII look-alikes:
 *   « » „ “ ” → ", ‘ ’ → ', — – ‑ → -, № → N, … → ..., NBSP → space.
 *   They carry no personal data, so the print path may pass this flag
 *   always (KOI8-R has neither «» nor №).
 * ENC_TRANSLIT_LETTERS: letters become the nearest letter of the target:
 *   Kazakh Ә→А, Ғ→Г, Қ→К, Ң→Н, Ө→О, Ұ→У, Ү→У, Һ→Х, І→И (and lower case);
 *   Ukrainian/Belarusian Є→Е, Ї→И, Ґ→Г, Ў→У; Latin letters with
 *   diacritics lose them (Ş→S, Ä→A, ı→i, ß→ss). This changes a name as it
 *   is written in a passport, so only an explicit --translit asks for it.
 * A character with no substitute is still reported. */
#define ENC_TRANSLIT_PUNCT   1
#define ENC_TRANSLIT_LETTERS 2
#define ENC_TRANSLIT_ALL     (ENC_TRANSLIT_PUNCT | ENC_TRANSLIT_LETTERS)

/* Parse an encoding name, case-insensitive: "utf-8", "utf8", "cp1251",
 * "windows-1251", "koi8-r", "koi8r", "cp866", "ibm866", "rk1048".
 * ST_USAGE with a Russian message for anything else. */
MUST_CHECK enum status encode_parse(const char *name, enum encoding *out, struct err *e);

/* Display name: "UTF-8", "CP1251", "KOI8-R", "CP866", "RK1048". */
const char *encode_name(enum encoding enc);

/* Check that the UTF-8 text can be written in enc without substitution.
 * where labels the text in the message: "Поле «Фамилия»" or "Строка 12";
 * when the text spans several lines the line number is added; when where
 * is NULL the message starts with "Строка N". On failure ST_INVALID, e.g.
 * "Поле «Фамилия»: символ «Ә» (U+04D8) нельзя представить в кодировке
 * CP1251 (используйте --translit)". Invalid UTF-8 is ST_INVALID too. */
MUST_CHECK enum status encode_check(const char *utf8, enum encoding enc,
			 const char *where, struct err *e);

/* Append utf8 converted to enc to out (bytes, NUL-terminated; CP866 and
 * the others have no NUL byte inside text). translit is 0 or a mix of
 * ENC_TRANSLIT_* flags. On failure out is left as it was and *e says which
 * character (as encode_check, labelled by line) could not be written. */
MUST_CHECK enum status encode_convert(const char *utf8, enum encoding enc, int translit,
			   struct strbuf *out, struct err *e);

/* The substitute encode_convert would use for code point cp under the
 * given flags, or NULL when there is none. For tests and help screens. */
const char *encode_translit_of(unsigned cp, int translit);

#endif
