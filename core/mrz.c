/* SPDX-License-Identifier: MIT */
/* ICAO 9303 machine-readable zones: input clean-up (what keyboard-wedge
 * readers send), the five layouts, check digits and the form mapping. */
#include "mrz.h"
#include "i18n.h"
#include "clock.h"
#include "country.h"
#include "util.h"

#include <stdio.h>
#include <string.h>

#define MRZ_MAX_LINES 3
#define MRZ_MAX_INPUT 256

/* The same key on the Russian ЙЦУКЕН layout and on the Latin one, for
 * the 26 letters and the '<' (Shift+comma gives Б). Upper case only: the
 * caller folds lower case first. */
static const struct {
	uint32_t cyr;
	char lat;
} layout_ru[] = {
	{0x0419, 'Q'}, {0x0426, 'W'}, {0x0423, 'E'}, {0x041A, 'R'},
	{0x0415, 'T'}, {0x041D, 'Y'}, {0x0413, 'U'}, {0x0428, 'I'},
	{0x0429, 'O'}, {0x0417, 'P'}, {0x0424, 'A'}, {0x042B, 'S'},
	{0x0412, 'D'}, {0x0410, 'F'}, {0x041F, 'G'}, {0x0420, 'H'},
	{0x041E, 'J'}, {0x041B, 'K'}, {0x0414, 'L'}, {0x042F, 'Z'},
	{0x0427, 'X'}, {0x0421, 'C'}, {0x041C, 'V'}, {0x0418, 'B'},
	{0x0422, 'N'}, {0x042C, 'M'}, {0x0411, '<'},
};

int
mrz_check_digit(const char *s, size_t n)
{
	static const int w[3] = {7, 3, 1};
	int sum = 0, v;
	size_t i;

	for (i = 0; i < n; i++) {
		char c = s[i];

		if (c >= '0' && c <= '9')
			v = c - '0';
		else if (c >= 'A' && c <= 'Z')
			v = c - 'A' + 10;
		else if (c == '<')
			v = 0;
		else
			return -1;
		sum += v * w[i % 3];
	}
	return sum % 10;
}

const char *
mrz_format_name(enum mrz_format f)
{
	switch (f) {
	case MRZ_TD1: return "TD1";
	case MRZ_TD2: return "TD2";
	case MRZ_TD3: return "TD3";
	case MRZ_MRVA: return "MRV-A";
	case MRZ_MRVB: return "MRV-B";
	}
	return "?";
}

const char *
mrz_kind_ru(const struct mrz *m)
{
	switch (m->doc_code[0]) {
	case 'P': return "паспорт";
	case 'V': return "виза";
	case 'I': case 'A': case 'C': return "удостоверение личности";
	default: return "проездной документ";
	}
}

/* One typed code point as a character of the MRZ alphabet (A-Z, 0-9,
 * <), a Russian-layout letter read as its key's Latin letter
 * (*layout_fixed set); 0 when it is none. */
static char
mrz_char(uint32_t cp, int *layout_fixed)
{
	size_t i;

	cp = cp_upper(cp);
	if ((cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9') || cp == '<')
		return (char)cp;
	for (i = 0; i < sizeof layout_ru / sizeof layout_ru[0]; i++)
		if (layout_ru[i].cyr == cp) {
			*layout_fixed = 1;
			return layout_ru[i].lat;
		}
	return 0;
}

/* A character that is not of the zone, named with its place. */
static enum status
bad_char(uint32_t cp, size_t physical, size_t col, struct err *e)
{
	char shown[8] = {0};

	if (cp == ' ' || cp == '\t')
		return err_set(e, ST_INVALID, "mrz", "Машиночитаемая зона: строка %zu, знак %zu: пробел внутри строки", physical, col);
	if (cp < 0x20 || cp == 0x7f)
		snprintf(shown, sizeof shown, "\\x%02x", (unsigned)cp);
	else
		utf8_encode(cp, shown);
	return err_set(e, ST_INVALID, "mrz", "Машиночитаемая зона: строка %zu, знак %zu: недопустимый символ «%s» (в зоне только A-Z, 0-9 и <)", physical, col, shown);
}

/* The characters of one physical line a..b (blanks around it already
 * trimmed; col counts the ones before a) into out, *len of them. */
static enum status
read_zone_line(const char *a, const char *b, size_t physical, size_t col,
	       char *out, size_t *len, int *layout_fixed, struct err *e)
{
	while (a < b) {
		uint32_t cp;
		int k = utf8_decode(a, (size_t)(b - a), &cp);
		char c;

		col++;
		if (k == 0)
			return err_set(e, ST_INVALID, "mrz", "Машиночитаемая зона: строка %zu, знак %zu: неверная кодировка UTF-8", physical, col);
		a += k;
		if (!(c = mrz_char(cp, layout_fixed)))
			return bad_char(cp_upper(cp), physical, col, e);
		if (*len == MRZ_MAX_INPUT)
			return err_set(e, ST_INVALID, "mrz", "Машиночитаемая зона: слишком длинная строка %zu", physical);
		out[(*len)++] = c;
	}
	return ST_OK;
}

/* The read lines as the zone's lines: 3 of 30, 2 of 44 or 36, or all of
 * them in one line without breaks. */
static enum status
zone_lines(char raw[MRZ_MAX_LINES][MRZ_MAX_INPUT + 1], const size_t *len,
	   size_t n, char lines[MRZ_MAX_LINES][45], size_t *nlines,
	   struct err *e)
{
	char got[64] = "";
	size_t off = 0, i, w;

	if (n == 1 && (len[0] == 90 || len[0] == 88 || len[0] == 72)) {
		/* A reader that sends no line breaks. */
		w = len[0] == 90 ? 30 : len[0] / 2;
		for (i = 0; i < len[0] / w; i++) {
			memcpy(lines[i], raw[0] + i * w, w);
			lines[i][w] = '\0';
		}
		*nlines = len[0] / w;
		return ST_OK;
	}
	if ((n == 3 && len[0] == 30 && len[1] == 30 && len[2] == 30) ||
	    (n == 2 && len[0] == len[1] && (len[0] == 44 || len[0] == 36))) {
		for (i = 0; i < n; i++) {
			memcpy(lines[i], raw[i], len[i]);
			lines[i][len[i]] = '\0';
		}
		*nlines = n;
		return ST_OK;
	}
	if (n == 0)
		return err_set(e, ST_INVALID, "mrz", "Машиночитаемая зона: пустой ввод");
	for (i = 0; i < n; i++)
		off += (size_t)snprintf(got + off, sizeof got - off, "%s%zu",
					i ? ", " : "", len[i]);
	return err_set(e, ST_INVALID, "mrz", "Машиночитаемая зона: нужны 2 строки по 44 знака (паспорт, виза MRV-A), 2 по 36 (TD2, виза MRV-B) или 3 по 30 (ID-карта); получено строк: %zu, знаков: %s", n, got);
}

/* Split the input into clean lines of the MRZ alphabet: physical lines
 * are trimmed of blanks and CR, empty ones skipped; a blank inside a line
 * is refused (it would shift every position after it). */
static enum status
split_lines(const char *text, char lines[MRZ_MAX_LINES][45], size_t *nlines,
	    int *layout_fixed, struct err *e)
{
	char raw[MRZ_MAX_LINES][MRZ_MAX_INPUT + 1];
	size_t len[MRZ_MAX_LINES] = {0}, n = 0, physical = 0;
	const char *p = text;
	enum status ret;

	*layout_fixed = 0;
	while (*p) {
		const char *eol = strchr(p, '\n'), *a = p, *b;
		size_t col = 0;

		if (!eol)
			eol = p + strlen(p);
		physical++;
		b = eol;
		while (a < b && (*a == ' ' || *a == '\t' || *a == '\r'))
			a++, col++;
		while (b > a && (b[-1] == ' ' || b[-1] == '\t' ||
				 b[-1] == '\r'))
			b--;
		p = *eol ? eol + 1 : eol;
		if (a == b)
			continue;
		if (n == MRZ_MAX_LINES)
			return err_set(e, ST_INVALID, "mrz", "Машиночитаемая зона: больше трёх строк");
		if ((ret = read_zone_line(a, b, physical, col, raw[n], &len[n],
					  layout_fixed, e)) != ST_OK)
			return ret;
		n++;
	}
	return zone_lines(raw, len, n, lines, nlines, e);
}

/* Copy n characters without the '<' fillers at the end; inner '<' become
 * spaces when spaces is set, otherwise they are removed. */
static void
take(char *dst, size_t cap, const char *s, size_t n, int spaces)
{
	size_t i, o = 0;

	while (n && s[n - 1] == '<')
		n--;
	for (i = 0; i < n && o + 1 < cap; i++) {
		if (s[i] == '<') {
			if (spaces && o && dst[o - 1] != ' ')
				dst[o++] = ' ';
			continue;
		}
		dst[o++] = s[i];
	}
	dst[o] = '\0';
}

static int
all_fillers(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] != '<')
			return 0;
	return 1;
}

static int
all_digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* Verify the check digit cd of s[0..n). A '<' check digit is accepted
 * only when allow_empty and the field is all fillers. */
static enum status
check(const char *key, const char *label, const char *s, size_t n, char cd,
      int allow_empty, struct err *e)
{
	int want = mrz_check_digit(s, n);

	if (cd == '<' && allow_empty && all_fillers(s, n))
		return ST_OK;
	if (cd < '0' || cd > '9')
		return err_set(e, ST_INVALID, key,
			       "%s: вместо контрольной цифры стоит «%c» (должна быть %d)", i18n_text(label), cd, want);
	if (cd - '0' != want)
		return err_set(e, ST_INVALID, key,
			       "%s: неверная контрольная цифра (в зоне %c, должна быть %d)", i18n_text(label), cd, want);
	return ST_OK;
}

/* YYMMDD with the check digit; birth dates may have '<' for an unknown
 * day and month, or be all fillers. */
static enum status
parse_date(const char *key, const char *label, const char *s, char cd,
	   int birth, struct date *out, int *known, struct err *e)
{
	struct date today = clock_today();
	int yy, mm, dd, y;
	enum status st;

	*known = 0;
	if ((st = check(key, label, s, 6, cd, 0, e)) != ST_OK)
		return st;
	if (all_fillers(s, 6))
		return ST_OK;
	if (!all_digits(s, 2))
		goto bad;
	yy = (s[0] - '0') * 10 + (s[1] - '0');
	if (birth && all_fillers(s + 2, 4)) {
		y = 2000 + yy > today.y ? 1900 + yy : 2000 + yy;
		out->y = y;
		out->m = out->d = 0;
		*known = 1;
		return ST_OK;
	}
	if (!all_digits(s + 2, 4))
		goto bad;
	mm = (s[2] - '0') * 10 + (s[3] - '0');
	dd = (s[4] - '0') * 10 + (s[5] - '0');
	if (!date_valid(2000 + yy, mm, dd) && !date_valid(1900 + yy, mm, dd))
		goto bad;
	if (birth) {
		struct date d = {2000 + yy, mm, dd};

		y = !date_valid(d.y, mm, dd) || date_cmp(d, today) > 0
			    ? 1900 + yy : 2000 + yy;
	} else {
		y = 2000 + yy > today.y + 50 ? 1900 + yy : 2000 + yy;
	}
	if (!date_valid(y, mm, dd))
		goto bad;
	out->y = y;
	out->m = mm;
	out->d = dd;
	*known = 2;
	return ST_OK;
bad:
	return err_set(e, ST_INVALID, key, "%s: несуществующая дата «%.6s»",
		       i18n_text(label), s);
}

static enum status
parse_country(const char *key, const char *label, const char *s,
	      char out[4], const char **ru, struct err *e)
{
	const struct country *c;
	char code[4];
	size_t i;

	take(code, sizeof code, s, 3, 0);
	for (i = 0; i < 3; i++)
		if (s[i] != '<' && (s[i] < 'A' || s[i] > 'Z'))
			return err_set(e, ST_INVALID, key,
				       "%s: недопустимый код «%.3s»", i18n_text(label),
				       s);
	if (!code[0])
		return err_set(e, ST_INVALID, key, "%s: код не указан",
			       i18n_text(label));
	/* Only alpha-3 codes and the German "D" are used in the zone. */
	c = strcmp(code, "D") == 0 ? country_by_alpha3("DEU")
				   : country_by_alpha3(code);
	snprintf(out, 4, "%s", c ? c->alpha3 : code);
	if (ru)
		*ru = c ? c->ru : NULL;
	return ST_OK;
}

static enum status
parse_name(const char *s, size_t n, struct mrz *m, struct err *e)
{
	const char *sep = NULL;
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] >= '0' && s[i] <= '9')
			return err_set(e, ST_INVALID, "surname",
				       "Фамилия и имя: цифра «%c» в поле имени (строки перепутаны?)", s[i]);
	m->name_truncated = s[n - 1] != '<';
	for (i = 0; i + 1 < n; i++)
		if (s[i] == '<' && s[i + 1] == '<') {
			sep = s + i;
			break;
		}
	if (!sep) {
		take(m->surname, sizeof m->surname, s, n, 1);
		return ST_OK;
	}
	take(m->surname, sizeof m->surname, s, (size_t)(sep - s), 1);
	take(m->given_names, sizeof m->given_names, sep + 2,
	     n - (size_t)(sep - s) - 2, 1);
	/* "ANNA<<MARIA" inside the given names is a stray separator. */
	if (m->given_names[0] == ' ')
		memmove(m->given_names, m->given_names + 1,
			strlen(m->given_names));
	if (!m->surname[0] && !m->given_names[0])
		return err_set(e, ST_INVALID, "surname",
			       "Фамилия и имя: поле имени пустое");
	return ST_OK;
}

static enum status
parse_sex(char c, struct mrz *m, struct err *e)
{
	if (c != 'M' && c != 'F' && c != 'X' && c != '<')
		return err_set(e, ST_INVALID, "sex",
			       "Пол: недопустимое значение «%c» (M, F или <)",
			       c);
	m->sex = c;
	return ST_OK;
}

/* Number of 9 characters plus check digit; when the check digit is '<'
 * and ext is given, the number continues in ext up to the first '<', its
 * last character being the check digit of the whole number (TD1, TD2). The
 * optional data left after it goes to rest. */
static enum status
parse_docno(const char *s, char cd, const char *ext, size_t extn,
	    struct mrz *m, char *rest, size_t restcap, struct err *e)
{
	static const char label[] = "Номер документа";
	char full[48];
	size_t k = 0;

	if (rest)
		take(rest, restcap, ext, extn, 0);
	if (cd == '<' && ext && !all_fillers(s, 9)) {
		while (k < extn && ext[k] != '<')
			k++;
		if (k < 2)
			return err_set(e, ST_INVALID, "doc_number",
				       "%s: нет контрольной цифры", i18n_text(label));
		memcpy(full, s, 9);
		memcpy(full + 9, ext, k - 1);
		if (check("doc_number", label, full, 9 + k - 1, ext[k - 1], 0,
			  e) != ST_OK)
			return ST_INVALID;
		take(m->doc_number, sizeof m->doc_number, full, 9 + k - 1, 0);
		if (rest)
			take(rest, restcap, ext + k, extn - k, 0);
		return ST_OK;
	}
	if (check("doc_number", label, s, 9, cd, 0, e) != ST_OK)
		return ST_INVALID;
	take(m->doc_number, sizeof m->doc_number, s, 9, 0);
	if (!m->doc_number[0])
		return err_set(e, ST_INVALID, "doc_number", "%s: не указан",
			       i18n_text(label));
	return ST_OK;
}

static enum status
check_composite(const char *buf, size_t n, char cd, struct err *e)
{
	return check("composite", "Общая контрольная цифра", buf, n, cd, 0, e);
}

/* Line 2 of TD2, TD3 and the visas share their first 28 positions. */
static enum status
parse_line2(const char *l, size_t width, struct mrz *m, struct err *e)
{
	int td2 = m->format == MRZ_TD2;
	size_t optn;

	if (parse_country("citizenship", "Гражданство", l + 10,
			  m->nationality, &m->nationality_ru, e) != ST_OK)
		return ST_INVALID;
	if (parse_date("birth_date", "Дата рождения", l + 13, l[19], 1,
		       &m->birth, &m->birth_known, e) != ST_OK ||
	    parse_sex(l[20], m, e) != ST_OK ||
	    parse_date("doc_expiry", "Срок действия документа", l + 21, l[27],
		       0, &m->expiry, &m->expiry_known, e) != ST_OK)
		return ST_INVALID;
	switch (m->format) {
	case MRZ_TD3:
		if (parse_docno(l, l[9], NULL, 0, m, NULL, 0, e) != ST_OK ||
		    check("optional_data", "Личный номер", l + 28, 14, l[42],
			  1, e) != ST_OK)
			return ST_INVALID;
		take(m->optional1, sizeof m->optional1, l + 28, 14, 0);
		break;
	case MRZ_TD2:
		if (parse_docno(l, l[9], l + 28, 7, m, m->optional1,
				sizeof m->optional1, e) != ST_OK)
			return ST_INVALID;
		break;
	default:
		if (parse_docno(l, l[9], NULL, 0, m, NULL, 0, e) != ST_OK)
			return ST_INVALID;
		optn = width - 28;
		take(m->optional1, sizeof m->optional1, l + 28, optn, 0);
		return ST_OK;
	}
	{
		char buf[64];
		size_t end = td2 ? 35 : 43;

		memcpy(buf, l, 10);
		memcpy(buf + 10, l + 13, 7);
		memcpy(buf + 17, l + 21, end - 21);
		return check_composite(buf, 17 + end - 21, l[end], e);
	}
}

static enum status
parse_td1(char lines[][45], struct mrz *m, struct err *e)
{
	const char *l1 = lines[0], *l2 = lines[1];
	char buf[64];

	if (parse_docno(l1 + 5, l1[14], l1 + 15, 15, m, m->optional1,
			sizeof m->optional1, e) != ST_OK ||
	    parse_date("birth_date", "Дата рождения", l2, l2[6], 1, &m->birth,
		       &m->birth_known, e) != ST_OK ||
	    parse_sex(l2[7], m, e) != ST_OK ||
	    parse_date("doc_expiry", "Срок действия документа", l2 + 8, l2[14],
		       0, &m->expiry, &m->expiry_known, e) != ST_OK ||
	    parse_country("citizenship", "Гражданство", l2 + 15,
			  m->nationality, &m->nationality_ru, e) != ST_OK)
		return ST_INVALID;
	take(m->optional2, sizeof m->optional2, l2 + 18, 11, 0);
	memcpy(buf, l1 + 5, 25);
	memcpy(buf + 25, l2, 7);
	memcpy(buf + 32, l2 + 8, 7);
	memcpy(buf + 39, l2 + 18, 11);
	if (check_composite(buf, 50, l2[29], e) != ST_OK)
		return ST_INVALID;
	return parse_name(lines[2], 30, m, e);
}

enum status
mrz_parse(const char *text, struct mrz *out, struct err *e)
{
	char lines[MRZ_MAX_LINES][45];
	size_t n = 0, width;
	struct mrz m;
	int fixed;

	memset(out, 0, sizeof *out);
	memset(&m, 0, sizeof m);
	if (!text)
		return err_set(e, ST_INVALID, "mrz",
			       "Машиночитаемая зона: пустой ввод");
	if (split_lines(text, lines, &n, &fixed, e) != ST_OK)
		return ST_INVALID;
	m.layout_fixed = fixed;
	width = strlen(lines[0]);
	if (lines[0][0] < 'A' || lines[0][0] > 'Z')
		return err_set(e, ST_INVALID, "mrz",
			       "Машиночитаемая зона: строка 1 должна начинаться с буквы вида документа (P, I, A, C, V), а не «%c»", lines[0][0]);
	take(m.doc_code, sizeof m.doc_code, lines[0], 2, 0);
	if (n == 3)
		m.format = MRZ_TD1;
	else if (width == 44)
		m.format = lines[0][0] == 'V' ? MRZ_MRVA : MRZ_TD3;
	else
		m.format = lines[0][0] == 'V' ? MRZ_MRVB : MRZ_TD2;
	if (parse_country("issuer", "Государство выдачи", lines[0] + 2,
			  m.issuer, NULL, e) != ST_OK)
		return ST_INVALID;
	if (m.format == MRZ_TD1) {
		if (parse_td1(lines, &m, e) != ST_OK)
			return ST_INVALID;
	} else {
		if (parse_line2(lines[1], width, &m, e) != ST_OK ||
		    parse_name(lines[0] + 5, width - 5, &m, e) != ST_OK)
			return ST_INVALID;
	}
	*out = m;
	return ST_OK;
}

json_t *
mrz_form_values(const struct mrz *m)
{
	json_t *o = json_object();
	char d[11];

	if (m->surname[0])
		json_object_set_new(o, "surname", json_string(m->surname));
	if (m->given_names[0])
		json_object_set_new(o, "given_names",
				    json_string(m->given_names));
	if (m->doc_number[0])
		json_object_set_new(o, "doc_number",
				    json_string(m->doc_number));
	if (m->nationality[0])
		json_object_set_new(o, "citizenship",
				    json_string(m->nationality));
	if (m->birth_known == 2) {
		date_format_ru(m->birth, d);
		json_object_set_new(o, "birth_date", json_string(d));
	}
	if (m->sex == 'M' || m->sex == 'F')
		json_object_set_new(o, "sex",
				    json_string(m->sex == 'M' ? "m" : "f"));
	if (m->expiry_known) {
		date_format_ru(m->expiry, d);
		json_object_set_new(o, "doc_expiry", json_string(d));
	}
	if (m->doc_code[0] == 'P')
		json_object_set_new(o, "doc_type", json_string("passport"));
	return o;
}
