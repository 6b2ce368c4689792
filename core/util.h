/* SPDX-License-Identifier: MIT */
/* Allocation wrappers that never return NULL, a growable string buffer and
 * small UTF-8 helpers used across core. */
#ifndef OKNO_UTIL_H
#define OKNO_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Return a freshly allocated printf-formatted string. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Make room for element n of a growable array arr of cap elements
 * (doubling); arr and cap are updated in place. */
#define XGROW(arr, n, cap)                                                 \
	do {                                                               \
		if ((n) >= (cap)) {                                        \
			(cap) = (cap) ? (cap) * 2 : 16;                    \
			(arr) = xrealloc((arr), (cap) * sizeof *(arr));    \
		}                                                          \
	} while (0)

/* Growable NUL-terminated buffer. Zero-initialise, then add; free with
 * sb_free or take ownership of .s. */
struct strbuf {
	char *s;
	size_t len, cap;
};
void sb_add(struct strbuf *b, const char *s);
void sb_addn(struct strbuf *b, const char *s, size_t n);
void sb_addc(struct strbuf *b, char c);
void sb_printf(struct strbuf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void sb_vprintf(struct strbuf *b, const char *fmt, va_list ap);
/* Return the string (never NULL, "" when empty) and reset the buffer;
 * the caller frees the result. */
char *sb_take(struct strbuf *b);
void sb_free(struct strbuf *b);

/* Decode one UTF-8 code point from s (at most n bytes). Returns the number
 * of bytes used (1..4) and stores the code point, or returns 0 for an
 * invalid or truncated sequence (overlongs and surrogates are invalid). */
int utf8_decode(const char *s, size_t n, uint32_t *cp);
/* Encode cp into out (at least 4 bytes); returns the byte count. */
int utf8_encode(uint32_t cp, char *out);
/* 1 when the whole string is valid UTF-8. */
int utf8_valid(const char *s);
/* The first byte at which s stops being valid UTF-8; NULL when it is
 * valid throughout. */
const char *utf8_invalid_at(const char *s);
/* The same for the n bytes at s (a line of a file, not NUL-terminated). */
const char *utf8_invalid_in(const char *s, size_t n);
/* Number of code points in a valid UTF-8 string. */
size_t utf8_len(const char *s);
/* s (a buffer of n bytes) was cut short by snprintf: end it on a whole
 * letter, with "…" to show the cut (never half a letter's bytes). */
void utf8_mark_cut(char *s, size_t n);

/* Trim leading and trailing ASCII white space in place; returns s. */
char *str_trim(char *s);
/* 1 when s starts with prefix. */
int str_starts(const char *s, const char *prefix);



/* Case of one code point, by the Unicode tables (libutf8proc): every
 * alphabet okno meets, Kazakh letters included. */
uint32_t cp_upper(uint32_t c);
uint32_t cp_lower(uint32_t c);
int cp_is_lower(uint32_t c);

/* s in capitals (the case mapping above; undecodable bytes kept).
 * Returns a new string. */
char *utf8_upper(const char *s);

/* Fold a UTF-8 string for case-insensitive search: to lower case, Ё/ё to
 * е. SQLite's NOCASE folds only ASCII, so search keys are stored folded.
 * Returns a new string. */
char *utf8_fold(const char *s);

/* s in Unicode normalisation form C (a letter typed as base and combining
 * mark, as some keyboards send «Й», becomes the one letter). NULL when s
 * is not valid UTF-8. Returns a new string. */
char *utf8_nfc(const char *s);

/* Make stored text harmless for a terminal or a text print: control
 * characters (C0, DEL, C1), invalid UTF-8 bytes and the bidirectional
 * override/isolate characters become visible escapes ("\x1b", "\u202e");
 * a backslash stays a backslash. When keep_newlines, "\n" passes through.
 * Returns a new string. */
char *utf8_visible(const char *s, int keep_newlines);

/* 1 when the printf format b asks for exactly the arguments a asks for
 * (the same conversions, lengths and "*" in the same order; flags,
 * widths and literal text may differ), so a translation b may be used as
 * the format of a call written for a. b may instead number every
 * conversion ("%2$s және %1$s": a word order of its own), each of a's
 * arguments once with a's conversion for it, and no "*". */
int fmt_same_args(const char *a, const char *b);

/* s followed by spaces up to cells characters (code points, so a Cyrillic
 * label lines up like a Latin one; printf's %-32s counts bytes). A longer
 * s is returned whole. Returns a new string. */
char *utf8_pad(const char *s, size_t cells);
#endif
