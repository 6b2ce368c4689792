/* SPDX-License-Identifier: MIT */
/* UTF-8 to print/export encodings through iconv, with reporting of the
 * characters a target cannot hold and optional transliteration. */
#include "encode.h"

#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const struct {
	const char *display;
	const char *iconv;
} encodings[ENC__COUNT] = {
	[ENC_UTF8]   = {"UTF-8", "UTF-8"},
	[ENC_CP1251] = {"CP1251", "CP1251"},
	[ENC_KOI8R]  = {"KOI8-R", "KOI8-R"},
	[ENC_CP866]  = {"CP866", "CP866"},
	[ENC_RK1048] = {"RK1048", "RK1048"},
};

static const struct {
	const char *name;
	enum encoding enc;
} aliases[] = {
	{"utf-8", ENC_UTF8},       {"utf8", ENC_UTF8},
	{"cp1251", ENC_CP1251},    {"windows-1251", ENC_CP1251},
	{"win1251", ENC_CP1251},
	{"koi8-r", ENC_KOI8R},     {"koi8r", ENC_KOI8R},
	{"cp866", ENC_CP866},      {"ibm866", ENC_CP866},
	{"rk1048", ENC_RK1048},    {"kz-1048", ENC_RK1048},
};

/* Substitutes, in code point order (bsearch). Each substitute is plain
 * Russian Cyrillic or ASCII, which every target holds. */
static const struct translit {
	uint32_t cp;
	int flag;
	const char *sub;
} translits[] = {
	{0x00A0, ENC_TRANSLIT_PUNCT, " "},
	{0x00AB, ENC_TRANSLIT_PUNCT, "\""},
	{0x00BB, ENC_TRANSLIT_PUNCT, "\""},
	{0x00C0, ENC_TRANSLIT_LETTERS, "A"}, {0x00C1, ENC_TRANSLIT_LETTERS, "A"},
	{0x00C2, ENC_TRANSLIT_LETTERS, "A"}, {0x00C3, ENC_TRANSLIT_LETTERS, "A"},
	{0x00C4, ENC_TRANSLIT_LETTERS, "A"}, {0x00C5, ENC_TRANSLIT_LETTERS, "A"},
	{0x00C6, ENC_TRANSLIT_LETTERS, "AE"}, {0x00C7, ENC_TRANSLIT_LETTERS, "C"},
	{0x00C8, ENC_TRANSLIT_LETTERS, "E"}, {0x00C9, ENC_TRANSLIT_LETTERS, "E"},
	{0x00CA, ENC_TRANSLIT_LETTERS, "E"}, {0x00CB, ENC_TRANSLIT_LETTERS, "E"},
	{0x00CC, ENC_TRANSLIT_LETTERS, "I"}, {0x00CD, ENC_TRANSLIT_LETTERS, "I"},
	{0x00CE, ENC_TRANSLIT_LETTERS, "I"}, {0x00CF, ENC_TRANSLIT_LETTERS, "I"},
	{0x00D1, ENC_TRANSLIT_LETTERS, "N"}, {0x00D2, ENC_TRANSLIT_LETTERS, "O"},
	{0x00D3, ENC_TRANSLIT_LETTERS, "O"}, {0x00D4, ENC_TRANSLIT_LETTERS, "O"},
	{0x00D5, ENC_TRANSLIT_LETTERS, "O"}, {0x00D6, ENC_TRANSLIT_LETTERS, "O"},
	{0x00D8, ENC_TRANSLIT_LETTERS, "O"}, {0x00D9, ENC_TRANSLIT_LETTERS, "U"},
	{0x00DA, ENC_TRANSLIT_LETTERS, "U"}, {0x00DB, ENC_TRANSLIT_LETTERS, "U"},
	{0x00DC, ENC_TRANSLIT_LETTERS, "U"}, {0x00DD, ENC_TRANSLIT_LETTERS, "Y"},
	{0x00DF, ENC_TRANSLIT_LETTERS, "ss"},
	{0x00E0, ENC_TRANSLIT_LETTERS, "a"}, {0x00E1, ENC_TRANSLIT_LETTERS, "a"},
	{0x00E2, ENC_TRANSLIT_LETTERS, "a"}, {0x00E3, ENC_TRANSLIT_LETTERS, "a"},
	{0x00E4, ENC_TRANSLIT_LETTERS, "a"}, {0x00E5, ENC_TRANSLIT_LETTERS, "a"},
	{0x00E6, ENC_TRANSLIT_LETTERS, "ae"}, {0x00E7, ENC_TRANSLIT_LETTERS, "c"},
	{0x00E8, ENC_TRANSLIT_LETTERS, "e"}, {0x00E9, ENC_TRANSLIT_LETTERS, "e"},
	{0x00EA, ENC_TRANSLIT_LETTERS, "e"}, {0x00EB, ENC_TRANSLIT_LETTERS, "e"},
	{0x00EC, ENC_TRANSLIT_LETTERS, "i"}, {0x00ED, ENC_TRANSLIT_LETTERS, "i"},
	{0x00EE, ENC_TRANSLIT_LETTERS, "i"}, {0x00EF, ENC_TRANSLIT_LETTERS, "i"},
	{0x00F1, ENC_TRANSLIT_LETTERS, "n"}, {0x00F2, ENC_TRANSLIT_LETTERS, "o"},
	{0x00F3, ENC_TRANSLIT_LETTERS, "o"}, {0x00F4, ENC_TRANSLIT_LETTERS, "o"},
	{0x00F5, ENC_TRANSLIT_LETTERS, "o"}, {0x00F6, ENC_TRANSLIT_LETTERS, "o"},
	{0x00F8, ENC_TRANSLIT_LETTERS, "o"}, {0x00F9, ENC_TRANSLIT_LETTERS, "u"},
	{0x00FA, ENC_TRANSLIT_LETTERS, "u"}, {0x00FB, ENC_TRANSLIT_LETTERS, "u"},
	{0x00FC, ENC_TRANSLIT_LETTERS, "u"}, {0x00FD, ENC_TRANSLIT_LETTERS, "y"},
	{0x00FF, ENC_TRANSLIT_LETTERS, "y"},
	{0x010C, ENC_TRANSLIT_LETTERS, "C"}, {0x010D, ENC_TRANSLIT_LETTERS, "c"},
	{0x011E, ENC_TRANSLIT_LETTERS, "G"}, {0x011F, ENC_TRANSLIT_LETTERS, "g"},
	{0x0130, ENC_TRANSLIT_LETTERS, "I"}, {0x0131, ENC_TRANSLIT_LETTERS, "i"},
	{0x015E, ENC_TRANSLIT_LETTERS, "S"}, {0x015F, ENC_TRANSLIT_LETTERS, "s"},
	{0x0160, ENC_TRANSLIT_LETTERS, "S"}, {0x0161, ENC_TRANSLIT_LETTERS, "s"},
	{0x017D, ENC_TRANSLIT_LETTERS, "Z"}, {0x017E, ENC_TRANSLIT_LETTERS, "z"},
	{0x02BB, ENC_TRANSLIT_PUNCT, "'"},   {0x02BC, ENC_TRANSLIT_PUNCT, "'"},
	{0x0404, ENC_TRANSLIT_LETTERS, "Е"}, /* Є */
	{0x0406, ENC_TRANSLIT_LETTERS, "И"}, /* І */
	{0x0407, ENC_TRANSLIT_LETTERS, "И"}, /* Ї */
	{0x040E, ENC_TRANSLIT_LETTERS, "У"}, /* Ў */
	{0x0454, ENC_TRANSLIT_LETTERS, "е"}, /* є */
	{0x0456, ENC_TRANSLIT_LETTERS, "и"}, /* і */
	{0x0457, ENC_TRANSLIT_LETTERS, "и"}, /* ї */
	{0x045E, ENC_TRANSLIT_LETTERS, "у"}, /* ў */
	{0x0490, ENC_TRANSLIT_LETTERS, "Г"}, /* Ґ */
	{0x0491, ENC_TRANSLIT_LETTERS, "г"}, /* ґ */
	{0x0492, ENC_TRANSLIT_LETTERS, "Г"}, /* Ғ */
	{0x0493, ENC_TRANSLIT_LETTERS, "г"}, /* ғ */
	{0x049A, ENC_TRANSLIT_LETTERS, "К"}, /* Қ */
	{0x049B, ENC_TRANSLIT_LETTERS, "к"}, /* қ */
	{0x04A2, ENC_TRANSLIT_LETTERS, "Н"}, /* Ң */
	{0x04A3, ENC_TRANSLIT_LETTERS, "н"}, /* ң */
	{0x04AE, ENC_TRANSLIT_LETTERS, "У"}, /* Ү */
	{0x04AF, ENC_TRANSLIT_LETTERS, "у"}, /* ү */
	{0x04B0, ENC_TRANSLIT_LETTERS, "У"}, /* Ұ */
	{0x04B1, ENC_TRANSLIT_LETTERS, "у"}, /* ұ */
	{0x04BA, ENC_TRANSLIT_LETTERS, "Х"}, /* Һ */
	{0x04BB, ENC_TRANSLIT_LETTERS, "х"}, /* һ */
	{0x04D8, ENC_TRANSLIT_LETTERS, "А"}, /* Ә */
	{0x04D9, ENC_TRANSLIT_LETTERS, "а"}, /* ә */
	{0x04E8, ENC_TRANSLIT_LETTERS, "О"}, /* Ө */
	{0x04E9, ENC_TRANSLIT_LETTERS, "о"}, /* ө */
	{0x2010, ENC_TRANSLIT_PUNCT, "-"},   {0x2011, ENC_TRANSLIT_PUNCT, "-"},
	{0x2013, ENC_TRANSLIT_PUNCT, "-"},   {0x2014, ENC_TRANSLIT_PUNCT, "-"},
	{0x2018, ENC_TRANSLIT_PUNCT, "'"},   {0x2019, ENC_TRANSLIT_PUNCT, "'"},
	{0x201C, ENC_TRANSLIT_PUNCT, "\""},  {0x201D, ENC_TRANSLIT_PUNCT, "\""},
	{0x201E, ENC_TRANSLIT_PUNCT, "\""},
	{0x2026, ENC_TRANSLIT_PUNCT, "..."},
	{0x202F, ENC_TRANSLIT_PUNCT, " "},
	{0x2116, ENC_TRANSLIT_PUNCT, "N"},
};

static int
translit_cmp(const void *key, const void *elem)
{
	uint32_t cp = *(const uint32_t *)key;
	const struct translit *t = elem;

	return cp < t->cp ? -1 : cp > t->cp;
}

const char *
encode_translit_of(unsigned cp, int translit)
{
	uint32_t key = cp;
	const struct translit *t;

	t = bsearch(&key, translits, sizeof translits / sizeof translits[0],
		    sizeof translits[0], translit_cmp);
	if (!t || !(t->flag & translit))
		return NULL;
	return t->sub;
}

enum status
encode_parse(const char *name, enum encoding *out, struct err *e)
{
	size_t i;

	if (name) {
		for (i = 0; i < sizeof aliases / sizeof aliases[0]; i++) {
			if (strcasecmp(name, aliases[i].name) == 0) {
				*out = aliases[i].enc;
				return ST_OK;
			}
		}
	}
	return err_set(e, ST_USAGE, "encoding",
		       "Неизвестная кодировка «%s» (допустимы: UTF-8, CP1251, KOI8-R, CP866, RK1048)", name ? name : "");
}

const char *
encode_name(enum encoding enc)
{
	if ((unsigned)enc >= ENC__COUNT)
		return "?";
	return encodings[enc].display;
}

/* Characters that would be invisible or would change the look of the
 * message if shown as themselves: only their code is printed. */
static int
cp_showable(uint32_t cp)
{
	return !(cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || cp == 0xAD ||
		 (cp >= 0x0300 && cp < 0x0370) ||
		 (cp >= 0x200B && cp <= 0x200F) ||
		 (cp >= 0x2028 && cp <= 0x202E) ||
		 (cp >= 0x2060 && cp <= 0x206F) || cp == 0xFEFF);
}

static int
line_of(const char *text, const char *at)
{
	int line = 1;

	for (; text < at; text++)
		if (*text == '\n')
			line++;
	return line;
}

/* "Поле «Фамилия»", "Поле «Фамилия», строка 2" or "Строка 2". */
static void
where_label(char *buf, size_t n, const char *text, const char *at,
	    const char *where)
{
	int line = line_of(text, at);

	if (where && *where) {
		if (strchr(text, '\n'))
			snprintf(buf, n, "%s, строка %d", where, line);
		else
			snprintf(buf, n, "%s", where);
	} else {
		snprintf(buf, n, "Строка %d", line);
	}
}

static enum status
report_char(struct err *e, const char *text, const char *at, uint32_t cp,
	    enum encoding enc, int translit, const char *where)
{
	char label[256], shown[64];
	char ch[5];
	const char *hint;
	int k;

	where_label(label, sizeof label, text, at, where);
	if (cp_showable(cp)) {
		k = utf8_encode(cp, ch);
		ch[k] = '\0';
		snprintf(shown, sizeof shown, "символ «%s» (U+%04X)", ch,
			 (unsigned)cp);
	} else {
		snprintf(shown, sizeof shown, "символ U+%04X", (unsigned)cp);
	}
	if (encode_translit_of(cp, ENC_TRANSLIT_ALL) &&
	    !encode_translit_of(cp, translit))
		hint = " (используйте --translit)";
	else if (translit)
		hint = ", и замены для него нет";
	else
		hint = "";
	return err_set(e, ST_INVALID, where ? where : "",
		       "%s: %s нельзя представить в кодировке %s%s", label,
		       shown, encode_name(enc), hint);
}

/* Run iconv over [in, in+len) into res. Returns 0 on success, or -1 with
 * *stop at the first character the target cannot hold. */
static int
run_iconv(iconv_t cd, const char *in, size_t len, struct strbuf *res,
	  const char **stop)
{
	char buf[1024];
	char *ip = (char *)in, *op;
	size_t il = len, ol;
	size_t r;

	while (il > 0) {
		op = buf;
		ol = sizeof buf;
		r = iconv(cd, &ip, &il, &op, &ol);
		sb_addn(res, buf, (size_t)(op - buf));
		if (r == (size_t)-1 && errno != E2BIG) {
			*stop = ip;
			return -1;
		}
	}
	op = buf;
	ol = sizeof buf;
	iconv(cd, NULL, NULL, &op, &ol);
	sb_addn(res, buf, (size_t)(op - buf));
	return 0;
}

static enum status
convert(const char *utf8, enum encoding enc, int translit, int check_only,
	const char *where, struct strbuf *out, struct err *e)
{
	struct strbuf res = {0};
	const char *bad, *p, *end, *stop, *sub;
	char label[256];
	enum status st = ST_OK;
	iconv_t cd;
	uint32_t cp;
	int k;

	if (!utf8)
		utf8 = "";
	if ((unsigned)enc >= ENC__COUNT)
		return err_set(e, ST_USAGE, "encoding", "Неизвестная кодировка");
	bad = utf8_invalid_at(utf8);
	if (bad) {
		where_label(label, sizeof label, utf8, bad, where);
		return err_set(e, ST_INVALID, where ? where : "",
			       "%s: неверная последовательность UTF-8 (байт 0x%02X)",
			       label, (unsigned)(unsigned char)*bad);
	}
	if (enc == ENC_UTF8) {
		if (!check_only)
			sb_add(out, utf8);
		return ST_OK;
	}
	cd = iconv_open(encodings[enc].iconv, "UTF-8");
	if (cd == (iconv_t)-1)
		return err_set(e, ST_ERROR, "encoding",
			       "Кодировка %s недоступна в этой системе (iconv)",
			       encode_name(enc));
	p = utf8;
	end = utf8 + strlen(utf8);
	while (p < end) {
		if (run_iconv(cd, p, (size_t)(end - p), &res, &stop) == 0)
			break;
		/* iconv stopped at a character it cannot write; the input
		 * is valid UTF-8, so it decodes. */
		k = utf8_decode(stop, (size_t)(end - stop), &cp);
		if (k == 0)
			k = 1, cp = (unsigned char)*stop;
		sub = translit ? encode_translit_of(cp, translit) : NULL;
		if (!sub || run_iconv(cd, sub, strlen(sub), &res, &bad) != 0) {
			st = report_char(e, utf8, stop, cp, enc, translit, where);
			goto out;
		}
		p = stop + k;
	}
	if (!check_only)
		sb_addn(out, res.s ? res.s : "", res.len);
out:
	iconv_close(cd);
	sb_free(&res);
	return st;
}

enum status
encode_check(const char *utf8, enum encoding enc, const char *where,
	     struct err *e)
{
	return convert(utf8, enc, 0, 1, where, NULL, e);
}

enum status
encode_convert(const char *utf8, enum encoding enc, int translit,
	       struct strbuf *out, struct err *e)
{
	return convert(utf8, enc, translit, 0, NULL, out, e);
}
