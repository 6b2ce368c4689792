/* SPDX-License-Identifier: MIT */
/* Validators for typed values: each names the field and the offending
 * character in a Russian message the kiosk shows on its status line. */
#include "validate.h"
#include "clock.h"
#include "country.h"
#include "util.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#define DOCNO_MAX   12
#define QUOTE_MAX   40   /* code points of user input quoted in a message */

static const char *
label_of(const char *field, const char *label)
{
	if (label && *label)
		return label;
	return field ? field : "";
}

/* Characters that draw nothing or change how the terminal draws the rest:
 * never accepted, and never echoed raw into a message. */
static int
is_control(uint32_t c)
{
	return c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F) ||
	       c == 0x2028 || c == 0x2029 ||             /* line separators */
	       (c >= 0x202A && c <= 0x202E) ||           /* bidi embedding */
	       (c >= 0x2066 && c <= 0x2069) ||           /* bidi isolates */
	       c == 0xFEFF || c == 0xFFFE || c == 0xFFFF;
}

/* Unicode format characters (category Cf): marks that draw nothing and
 * reorder, join or tag the text around them (RLM, ALM, ZWJ, soft hyphen,
 * tags...). */
static int
is_format(uint32_t c)
{
	return utf8proc_category((utf8proc_int32_t)c) == UTF8PROC_CATEGORY_CF;
}

static int
is_invisible(uint32_t c)
{
	return is_control(c) || is_format(c) || c == 0xA0 || c == 0xAD ||
	       (c >= 0x200B && c <= 0x200F) || (c >= 0x2060 && c <= 0x2065) ||
	       (c >= 0xE0000 && c <= 0xE007F);
}

/* Letters of the scripts that write with zero-width (non-)joiners:
 * Arabic and Syriac, the Indic scripts. */
static int
joins(uint32_t c)
{
	return ((c >= 0x0600 && c <= 0x08FF) || (c >= 0x0900 && c <= 0x0DFF) ||
		(c >= 0xFB50 && c <= 0xFDFF) || (c >= 0xFE70 && c <= 0xFEFC)) &&
	       !is_format(c);
}

/* A format character out of place in a text: every Cf but ZWNJ and ZWJ
 * between two letters of a script that needs them. */
static int
format_refused(uint32_t prev, const char *next, size_t n, uint32_t c)
{
	uint32_t nc;

	if (!is_format(c))
		return 0;
	if (c != 0x200C && c != 0x200D)
		return 1;
	return !(joins(prev) && utf8_decode(next, n, &nc) > 0 && joins(nc));
}

/* One code point as it should appear between «»: itself when visible,
 * \xNN for ASCII controls, U+NNNN for other invisible ones. */
static void
show_cp(uint32_t c, char *out, size_t n)
{
	int k;

	if (c < 0x20 || c == 0x7F)
		snprintf(out, n, "\\x%02X", (unsigned)c);
	else if (is_invisible(c) || c == ' ')
		snprintf(out, n, "U+%04X", (unsigned)c);
	else if (n > 4) {
		k = utf8_encode(c, out);
		out[k] = '\0';
	} else if (n > 0)
		out[0] = '\0';
}

/* User input quoted for a message: invalid bytes and invisible characters
 * escaped, cut after QUOTE_MAX code points. */
static void
show_str(const char *s, char *out, size_t n)
{
	size_t len = strlen(s), o = 0, count = 0;
	char piece[16];
	uint32_t c;
	int k;

	out[0] = '\0';
	while (len > 0) {
		if (count == QUOTE_MAX) {
			snprintf(piece, sizeof piece, "…");
		} else {
			k = utf8_decode(s, len, &c);
			if (k == 0) {
				snprintf(piece, sizeof piece, "\\x%02X",
					 (unsigned char)*s);
				k = 1;
			} else if (is_invisible(c)) {
				show_cp(c, piece, sizeof piece);
			} else {
				memcpy(piece, s, (size_t)k);
				piece[k] = '\0';
			}
			s += k;
			len -= (size_t)k;
		}
		if (o + strlen(piece) + 1 > n)
			break;
		memcpy(out + o, piece, strlen(piece) + 1);
		o += strlen(piece);
		if (count++ == QUOTE_MAX)
			break;
	}
}

/* Copy s without leading and trailing blanks; -1 when it does not fit. */
static int
trim_copy(const char *s, char *out, size_t n)
{
	size_t len;

	while (*s == ' ' || *s == '\t')
		s++;
	len = strlen(s);
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	if (len >= n)
		return -1;
	memcpy(out, s, len);
	out[len] = '\0';
	return 0;
}

static enum status
empty(struct err *e, const char *field, const char *L)
{
	return err_set(e, ST_INVALID, field, "%s: не заполнено", L);
}

static enum status
too_long(struct err *e, const char *field, const char *L, size_t max,
	 size_t got)
{
	return err_set(e, ST_INVALID, field,
		       "%s: не более %zu символов (введено %zu)", L, max, got);
}

static enum status
bad_encoding(struct err *e, const char *field, const char *L,
	     unsigned char byte)
{
	return err_set(e, ST_INVALID, field,
		       "%s: недопустимая кодировка (байт \\x%02X)", L, byte);
}

/* The next code point of a value into *c, *in and *len stepped past it:
 * 1, or 0 at its end, or -1 with the bad byte refused in e. */
static int
next_cp(const char **in, size_t *len, uint32_t *c, const char *field,
	const char *L, struct err *e)
{
	int k;

	if (*len == 0)
		return 0;
	if ((k = utf8_decode(*in, *len, c)) == 0) {
		bad_encoding(e, field, L, (unsigned char)**in);
		return -1;
	}
	*in += k;
	*len -= (size_t)k;
	return 1;
}

enum status
val_text(const char *field, const char *label, const char *in, size_t maxlen,
	 int multiline, struct err *e)
{
	const char *L = label_of(field, label);
	size_t len, count = 0;
	int r, blank = 1;
	char shown[16];
	uint32_t c, prev = 0;

	if (!in || !*in)
		return empty(e, field, L);
	len = strlen(in);
	while ((r = next_cp(&in, &len, &c, field, L, e)) > 0) {
		if (is_control(c) &&
		    !(multiline && (c == '\n' || c == '\t'))) {
			if (c == '\n')
				return err_set(e, ST_INVALID, field,
					       "%s: перевод строки в этом поле недопустим", L);
			show_cp(c, shown, sizeof shown);
			return err_set(e, ST_INVALID, field,
				       "%s: недопустимый управляющий символ «%s»", L, shown);
		}
		if (format_refused(prev, in, len, c)) {
			show_cp(c, shown, sizeof shown);
			return err_set(e, ST_INVALID, field,
				       "%s: недопустимый невидимый символ «%s» (знак форматирования: меняет порядок или вид текста)", L, shown);
		}
		prev = c;
		if (c != ' ' && c != '\t' && c != '\n' && c != 0xA0)
			blank = 0;
		count++;
	}
	if (r < 0)
		return ST_INVALID;
	if (blank)
		return empty(e, field, L);
	if (maxlen > 0 && count > maxlen)
		return too_long(e, field, L, maxlen, count);
	return ST_OK;
}

/* 1 when s[from..from+n) are all ASCII digits. */
static int
digits_at(const char *s, size_t from, size_t n)
{
	size_t i;

	for (i = from; i < from + n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

static int
num_at(const char *s, size_t from, size_t n)
{
	int v = 0;
	size_t i;

	for (i = from; i < from + n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

enum status
val_date(const char *field, const char *label, const char *in,
	 struct date *out, struct err *e)
{
	const char *L = label_of(field, label);
	char buf[64], shown[256];
	struct date dt;

	if (!in || trim_copy(in, buf, sizeof buf) < 0) {
		if (!in)
			return empty(e, field, L);
		buf[0] = 'x';   /* far too long to be a date */
		buf[1] = '\0';
	}
	if (!buf[0])
		return empty(e, field, L);
	show_str(in, shown, sizeof shown);
	if (strlen(buf) == 10 && buf[2] == '.' && buf[5] == '.' &&
	    digits_at(buf, 0, 2) && digits_at(buf, 3, 2) &&
	    digits_at(buf, 6, 4)) {
		dt.d = num_at(buf, 0, 2);
		dt.m = num_at(buf, 3, 2);
		dt.y = num_at(buf, 6, 4);
	} else if (strlen(buf) == 10 && buf[4] == '-' && buf[7] == '-' &&
		   digits_at(buf, 0, 4) && digits_at(buf, 5, 2) &&
		   digits_at(buf, 8, 2)) {
		dt.y = num_at(buf, 0, 4);
		dt.m = num_at(buf, 5, 2);
		dt.d = num_at(buf, 8, 2);
	} else {
		return err_set(e, ST_INVALID, field,
			       "%s: неверный формат «%s», ожидается ДД.ММ.ГГГГ",
			       L, shown);
	}
	if (dt.y < 1800 || dt.y > 2199)
		return err_set(e, ST_INVALID, field,
			       "%s: год должен быть от 1800 до 2199 («%s»)", L,
			       shown);
	if (!date_valid(dt.y, dt.m, dt.d))
		return err_set(e, ST_INVALID, field,
			       "%s: несуществующая дата «%s»", L, shown);
	if (out)
		*out = dt;
	return ST_OK;
}

/* Check digit of an IIN or BIN (digits as characters): 0..9, or -1 when
 * both weighting passes give 10 and the number can never be issued. */
static int
iin_check_digit(const char *d)
{
	static const int w1[11] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
	static const int w2[11] = {3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2};
	int s = 0, i;

	for (i = 0; i < 11; i++)
		s += (d[i] - '0') * w1[i];
	s %= 11;
	if (s != 10)
		return s;
	s = 0;
	for (i = 0; i < 11; i++)
		s += (d[i] - '0') * w2[i];
	s %= 11;
	return s == 10 ? -1 : s;
}

/* Shared shape check for IIN and BIN: exactly 12 ASCII digits, nothing
 * else (the caller stores the value as typed, so no trimming here). */
static enum status
twelve_digits(const char *field, const char *L, const char *in,
	      struct err *e)
{
	size_t len, count = 0;
	char shown[16];
	uint32_t c;
	int r;

	if (!in || !*in)
		return empty(e, field, L);
	len = strlen(in);
	while ((r = next_cp(&in, &len, &c, field, L, e)) > 0) {
		if (c == ' ')
			return err_set(e, ST_INVALID, field,
				       "%s: пробелы недопустимы, введите 12 цифр подряд", L);
		if (c < '0' || c > '9') {
			show_cp(c, shown, sizeof shown);
			return err_set(e, ST_INVALID, field,
				       "%s: недопустимый символ «%s», нужны только цифры", L, shown);
		}
		count++;
	}
	if (r < 0)
		return ST_INVALID;
	if (count != 12)
		return err_set(e, ST_INVALID, field,
			       "%s: должно быть 12 цифр (введено %zu)", L,
			       count);
	return ST_OK;
}

static enum status
check_digit(const char *field, const char *L, const char *d, struct err *e)
{
	int cd = iin_check_digit(d);

	if (cd < 0)
		return err_set(e, ST_INVALID, field,
			       "%s: недопустимый номер (контрольная цифра не вычисляется, такие номера не выдаются)", L);
	if (cd != d[11] - '0')
		return err_set(e, ST_INVALID, field,
			       "%s: неверная контрольная цифра", L);
	return ST_OK;
}

/* The year of birth an IIN gives: the 7th digit's century (1-2: the
 * 1800s, 3-4: the 1900s, 5-6: the 2000s); 0 (foreigners) carries none,
 * so the latest century that does not put the birth after today. */
static int
iin_year(int yy, int c7, struct date dt, struct date today)
{
	if (c7 == 0) {
		dt.y = 2000 + yy;
		if (!date_valid(dt.y, dt.m, dt.d) || date_cmp(dt, today) > 0)
			return 1900 + yy;
		return dt.y;
	}
	return 1800 + (c7 - 1) / 2 * 100 + yy;
}

int
val_iin_birth(const char *iin, struct date *out)
{
	struct date dt;

	if (val_iin("iin", "ИИН", iin, NULL) != ST_OK)
		return -1;
	dt.m = num_at(iin, 2, 2);
	dt.d = num_at(iin, 4, 2);
	dt.y = iin_year(num_at(iin, 0, 2), iin[6] - '0', dt, clock_today());
	*out = dt;
	return 0;
}

enum status
val_iin(const char *field, const char *label, const char *in, struct err *e)
{
	const char *L = label_of(field, label);
	struct date dt, today;
	enum status st;
	int yy, c7;
	char when[DATE_SIZE];

	st = twelve_digits(field, L, in, e);
	if (st != ST_OK)
		return st;
	yy = num_at(in, 0, 2);
	dt.m = num_at(in, 2, 2);
	dt.d = num_at(in, 4, 2);
	c7 = in[6] - '0';
	if (c7 > 6)
		return err_set(e, ST_INVALID, field,
			       "%s: неверная 7-я цифра «%d» (допустимо от 0 до 6)", L, c7);
	if (dt.m < 1 || dt.m > 12)
		return err_set(e, ST_INVALID, field,
			       "%s: неверный месяц рождения «%02d» (3-я и 4-я цифры)", L, dt.m);
	today = clock_today();
	dt.y = iin_year(yy, c7, dt, today);
	if (!date_valid(dt.y, dt.m, dt.d))
		return err_set(e, ST_INVALID, field,
			       "%s: несуществующая дата рождения «%02d.%02d.%04d» (первые 6 цифр)", L, dt.d,
			       dt.m, dt.y);
	if (date_cmp(dt, today) > 0) {
		date_format_ru(dt, when);
		return err_set(e, ST_INVALID, field,
			       "%s: дата рождения %s ещё не наступила", L,
			       when);
	}
	return check_digit(field, L, in, e);
}

int
iin_birth(const char *iin, struct date *birth, char *sex)
{
	struct date dt;
	size_t i;
	int c7;

	for (i = 0; i < 12; i++)
		if (!iin || iin[i] < '0' || iin[i] > '9')
			return -1;
	if (iin[12])
		return -1;
	c7 = iin[6] - '0';
	if (c7 < 1 || c7 > 6)
		return -1;
	dt.y = 1800 + (c7 - 1) / 2 * 100 + num_at(iin, 0, 2);
	dt.m = num_at(iin, 2, 2);
	dt.d = num_at(iin, 4, 2);
	if (!date_valid(dt.y, dt.m, dt.d))
		return -1;
	*birth = dt;
	if (sex)
		*sex = c7 % 2 ? 'm' : 'f';
	return 0;
}

enum status
val_bin(const char *field, const char *label, const char *in, struct err *e)
{
	const char *L = label_of(field, label);
	enum status st;

	st = twelve_digits(field, L, in, e);
	if (st != ST_OK)
		return st;
	return check_digit(field, L, in, e);
}

static int
is_cyrillic(uint32_t c)
{
	return c >= 0x400 && c <= 0x4FF;
}

enum status
val_docno(const char *field, const char *label, const char *in, char *norm,
	  size_t n, struct err *e)
{
	const char *L = label_of(field, label);
	char buf[DOCNO_MAX + 1], shown[16];
	size_t len, count = 0;
	uint32_t c;
	int r;

	if (!in || !*in)
		return empty(e, field, L);
	len = strlen(in);
	while ((r = next_cp(&in, &len, &c, field, L, e)) > 0) {
		if (c == ' ')
			continue;
		if (c >= 'a' && c <= 'z')
			c -= 32;
		if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
			if (count < DOCNO_MAX)
				buf[count] = (char)c;
			count++;
			continue;
		}
		show_cp(c, shown, sizeof shown);
		if (is_cyrillic(c))
			return err_set(e, ST_INVALID, field,
				       "%s: кириллическая буква «%s», номер набирается латинскими буквами и цифрами", L, shown);
		return err_set(e, ST_INVALID, field,
			       "%s: недопустимый символ «%s», допустимы только латинские буквы и цифры", L, shown);
	}
	if (r < 0)
		return ST_INVALID;
	if (count == 0)
		return empty(e, field, L);
	if (count > DOCNO_MAX)
		return too_long(e, field, L, DOCNO_MAX, count);
	buf[count] = '\0';
	if (norm) {
		if (n <= count)
			return err_set(e, ST_ERROR, field,
				       "%s: мал буфер для номера", L);
		memcpy(norm, buf, count + 1);
	}
	return ST_OK;
}

enum name_class { NC_CYR, NC_LAT, NC_SPACE, NC_HYPHEN, NC_APOS, NC_OTHER };

static enum name_class
name_class(uint32_t c)
{
	/* Kazakh letters beyond the Russian alphabet, capital then small. */
	static const uint32_t kazakh[] = {
		0x406, 0x456,   /* І і */
		0x492, 0x493,   /* Ғ ғ */
		0x49A, 0x49B,   /* Қ қ */
		0x4A2, 0x4A3,   /* Ң ң */
		0x4AE, 0x4AF,   /* Ү ү */
		0x4B0, 0x4B1,   /* Ұ ұ */
		0x4BA, 0x4BB,   /* Һ һ */
		0x4D8, 0x4D9,   /* Ә ә */
		0x4E8, 0x4E9,   /* Ө ө */
	};
	size_t i;

	if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))
		return NC_LAT;
	if ((c >= 0x410 && c <= 0x44F) || c == 0x401 || c == 0x451)
		return NC_CYR;
	for (i = 0; i < sizeof kazakh / sizeof kazakh[0]; i++)
		if (c == kazakh[i])
			return NC_CYR;
	if (c == ' ')
		return NC_SPACE;
	if (c == '-')
		return NC_HYPHEN;
	if (c == '\'' || c == 0x2019)
		return NC_APOS;
	return NC_OTHER;
}

static int
is_letter(enum name_class k)
{
	return k == NC_CYR || k == NC_LAT;
}

enum status
val_name(const char *field, const char *label, const char *in, size_t maxlen,
	 struct err *e)
{
	const char *L = label_of(field, label);
	enum name_class cls, prev = NC_OTHER, script = NC_OTHER;
	char shown[16], prevch[8] = "", cur[8];
	size_t len, count = 0;
	const char *at = in;
	uint32_t c;
	int r;

	if (!in || !*in || strspn(in, " ") == strlen(in))
		return empty(e, field, L);
	len = strlen(in);
	while ((r = next_cp(&in, &len, &c, field, L, e)) > 0) {
		memcpy(cur, at, (size_t)(in - at));
		cur[in - at] = '\0';
		at = in;
		cls = name_class(c);
		if (cls == NC_OTHER) {
			show_cp(c, shown, sizeof shown);
			return err_set(e, ST_INVALID, field,
				       "%s: недопустимый символ «%s»", L,
				       shown);
		}
		if (count == 0 && cls == NC_SPACE)
			return err_set(e, ST_INVALID, field,
				       "%s: лишний пробел в начале", L);
		if (count == 0 && !is_letter(cls))
			return err_set(e, ST_INVALID, field,
				       "%s: должно начинаться с буквы", L);
		if (count > 0 && !is_letter(cls) && !is_letter(prev)) {
			if (cls == NC_SPACE && prev == NC_SPACE)
				return err_set(e, ST_INVALID, field,
					       "%s: два пробела подряд", L);
			return err_set(e, ST_INVALID, field,
				       "%s: два разделителя подряд «%s%s»", L,
				       prevch, cur);
		}
		if (is_letter(cls)) {
			if (script == NC_OTHER)
				script = cls;
			else if (cls != script)
				return err_set(e, ST_INVALID, field,
					       "%s: смешаны кириллица и латиница (буква «%s»), наберите имя в одной раскладке", L, cur);
		}
		memcpy(prevch, cur, sizeof prevch);
		prev = cls;
		count++;
	}
	if (r < 0)
		return ST_INVALID;
	if (prev == NC_SPACE)
		return err_set(e, ST_INVALID, field,
			       "%s: лишний пробел в конце", L);
	if (prev == NC_HYPHEN)
		return err_set(e, ST_INVALID, field,
			       "%s: не может заканчиваться дефисом", L);
	if (maxlen > 0 && count > maxlen)
		return too_long(e, field, L, maxlen, count);
	return ST_OK;
}

enum status
val_phone(const char *field, const char *label, const char *in, char *norm,
	  size_t n, struct err *e)
{
	const char *L = label_of(field, label);
	char dg[20], shown[16];
	size_t len, nd = 0, i;
	int plus = 0, seen = 0, r;
	uint32_t c;

	if (!in || !*in || strspn(in, " ") == strlen(in))
		return empty(e, field, L);
	len = strlen(in);
	while ((r = next_cp(&in, &len, &c, field, L, e)) > 0) {
		if (c >= '0' && c <= '9') {
			if (nd < sizeof dg)
				dg[nd] = (char)c;
			nd++;
			seen = 1;
		} else if (c == '+') {
			if (seen)
				return err_set(e, ST_INVALID, field,
					       "%s: знак «+» допустим только в начале", L);
			plus = seen = 1;
		} else if (c == ' ') {
			continue;
		} else if (c == '-' || c == '(' || c == ')') {
			seen = 1;
		} else {
			show_cp(c, shown, sizeof shown);
			return err_set(e, ST_INVALID, field,
				       "%s: недопустимый символ «%s»", L,
				       shown);
		}
	}
	if (r < 0)
		return ST_INVALID;
	if (nd < 10 || nd > 15)
		return err_set(e, ST_INVALID, field,
			       "%s: должно быть от 10 до 15 цифр (введено %zu)",
			       L, nd);
	/* Local habits: 8 7xx ... is the trunk prefix for +7, and ten
	 * digits starting with 7 are a Kazakh number typed without it (no
	 * +7 number has only nine digits after the country code). */
	if (!plus && nd == 11 && dg[0] == '8') {
		dg[0] = '7';
	} else if (!plus && nd == 10 && dg[0] == '7') {
		memmove(dg + 1, dg, nd);
		dg[0] = '7';
		nd++;
	}
	if (norm) {
		if (n < nd + 2)
			return err_set(e, ST_ERROR, field,
				       "%s: мал буфер для номера", L);
		norm[0] = '+';
		for (i = 0; i < nd; i++)
			norm[i + 1] = dg[i];
		norm[nd + 1] = '\0';
	}
	return ST_OK;
}

enum status
val_country(const char *field, const char *label, const char *in,
	    char *alpha3, struct err *e)
{
	const char *L = label_of(field, label);
	const struct country *c;
	char shown[256];

	if (!in || !*in || strspn(in, " ") == strlen(in))
		return empty(e, field, L);
	c = country_find(in);
	if (!c) {
		show_str(in, shown, sizeof shown);
		return err_set(e, ST_INVALID, field,
			       "%s: неизвестная страна или код «%s»", L, shown);
	}
	if (alpha3)
		memcpy(alpha3, c->alpha3, 4);
	return ST_OK;
}

enum status
val_number(const char *field, const char *label, const char *in, long min,
	   long max, long *out, struct err *e)
{
	const char *L = label_of(field, label);
	char buf[64], shown[256];
	const char *p;
	char *end;
	long v;

	if (!in)
		return empty(e, field, L);
	show_str(in, shown, sizeof shown);
	if (trim_copy(in, buf, sizeof buf) < 0)
		return err_set(e, ST_INVALID, field,
			       "%s: должно быть целое число от %ld до %ld", L,
			       min, max);
	if (!buf[0])
		return empty(e, field, L);
	p = buf + (buf[0] == '-' || buf[0] == '+');
	if (!*p || strspn(p, "0123456789") != strlen(p))
		return err_set(e, ST_INVALID, field,
			       "%s: нужно целое число, введено «%s»", L, shown);
	errno = 0;
	v = strtol(buf, &end, 10);
	if (errno == ERANGE || v < min || v > max)
		return err_set(e, ST_INVALID, field,
			       "%s: должно быть от %ld до %ld", L, min, max);
	if (out)
		*out = v;
	return ST_OK;
}
