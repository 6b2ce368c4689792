/* SPDX-License-Identifier: MIT */
/* Name transliteration tables (ICAO 9303 for the Latin side), match keys
 * and the edit distance of the special-records check. */
#include "translit.h"
#include "util.h"

#include <stdint.h>
#include <string.h>

/* Capital Cyrillic letter -> ICAO Latin capitals. */
static const struct {
	uint32_t cp;
	const char *lat;
} cyr_table[] = {
	{0x0410, "A"}, {0x0411, "B"}, {0x0412, "V"}, {0x0413, "G"},
	{0x0414, "D"}, {0x0415, "E"}, {0x0401, "E"}, {0x0416, "ZH"},
	{0x0417, "Z"}, {0x0418, "I"}, {0x0419, "I"}, {0x041A, "K"},
	{0x041B, "L"}, {0x041C, "M"}, {0x041D, "N"}, {0x041E, "O"},
	{0x041F, "P"}, {0x0420, "R"}, {0x0421, "S"}, {0x0422, "T"},
	{0x0423, "U"}, {0x0424, "F"}, {0x0425, "KH"}, {0x0426, "TS"},
	{0x0427, "CH"}, {0x0428, "SH"}, {0x0429, "SHCH"}, {0x042A, "IE"},
	{0x042B, "Y"}, {0x042C, ""}, {0x042D, "E"}, {0x042E, "IU"},
	{0x042F, "IA"},
	/* Kazakh */
	{0x04D8, "A"}, {0x0492, "G"}, {0x049A, "K"}, {0x04A2, "N"},
	{0x04E8, "O"}, {0x04B0, "U"}, {0x04AE, "U"}, {0x04BA, "H"},
	{0x0406, "I"},
	/* Ukrainian, Belarusian */
	{0x0404, "IE"}, {0x0407, "I"}, {0x0490, "G"}, {0x040E, "U"},
};

/* Latin letters with diacritics met in CIS, Turkish and European names,
 * folded to ICAO-style capitals. */
static const struct {
	uint32_t cp;
	const char *lat;
} latin_fold[] = {
	{0xC0, "A"}, {0xC1, "A"}, {0xC2, "A"}, {0xC3, "A"}, {0xC4, "A"},
	{0xC5, "A"}, {0xC6, "AE"}, {0xC7, "C"}, {0xC8, "E"}, {0xC9, "E"},
	{0xCA, "E"}, {0xCB, "E"}, {0xCC, "I"}, {0xCD, "I"}, {0xCE, "I"},
	{0xCF, "I"}, {0xD1, "N"}, {0xD2, "O"}, {0xD3, "O"}, {0xD4, "O"},
	{0xD5, "O"}, {0xD6, "O"}, {0xD8, "O"}, {0xD9, "U"}, {0xDA, "U"},
	{0xDB, "U"}, {0xDC, "U"}, {0xDD, "Y"}, {0xDF, "SS"},
	{0x0106, "C"}, {0x010C, "CH"}, {0x011E, "G"}, {0x0130, "I"},
	{0x0131, "I"}, {0x0141, "L"}, {0x0143, "N"}, {0x015A, "S"},
	{0x015E, "SH"}, {0x0160, "SH"}, {0x017B, "Z"}, {0x017D, "ZH"},
	{0x018F, "A"}, {0x0259, "A"}, {0x0218, "SH"}, {0x021A, "T"},
};

/* The Latin capitals for one code point, or NULL when it is not a
 * letter; *lower tells the letter's case. */
static const char *
letter_latin(uint32_t c, int *lower, char ascii[2])
{
	uint32_t u = cp_upper(c);
	size_t i;

	*lower = cp_is_lower(c);
	if (c >= 0x0400 && c <= 0x04FF) {
		for (i = 0; i < sizeof cyr_table / sizeof cyr_table[0]; i++)
			if (cyr_table[i].cp == u)
				return cyr_table[i].lat;
		return NULL;
	}
	if (u >= 'A' && u <= 'Z') {
		ascii[0] = (char)u;
		ascii[1] = '\0';
		return ascii;
	}
	for (i = 0; i < sizeof latin_fold / sizeof latin_fold[0]; i++)
		if (latin_fold[i].cp == u)
			return latin_fold[i].lat;
	return NULL;
}

static int
is_sep(uint32_t c)
{
	return c == ' ' || c == '-' || c == '\'' || c == 0x2019 ||
	       c == 0x02BC || c == 0x02BB || c == '`' || c == 0x2010;
}

/* 1 when the word starting at s (up to a separator) has no lower-case
 * letter. */
static int
word_caps(const char *s)
{
	uint32_t c;
	int k, lower;
	char a[2];

	while (*s && (k = utf8_decode(s, strlen(s), &c)) > 0) {
		if (is_sep(c))
			break;
		if (letter_latin(c, &lower, a) && lower)
			return 0;
		s += k;
	}
	return 1;
}

char *
translit_to_latin(const char *s)
{
	struct strbuf b = {0};
	int caps = -1;
	uint32_t c;
	int k, lower;
	char a[2];
	const char *lat;

	if (!s)
		return xstrdup("");
	while (*s) {
		k = utf8_decode(s, strlen(s), &c);
		if (k == 0) {
			s++;
			continue;
		}
		if (caps < 0)
			caps = word_caps(s);
		if (is_sep(c)) {
			sb_addc(&b, c == ' ' ? ' ' : c == '-' ? '-' : '\'');
			caps = -1;
		} else if ((lat = letter_latin(c, &lower, a)) != NULL) {
			size_t i;

			for (i = 0; lat[i]; i++) {
				char ch = lat[i];

				if (lower || (!caps && i > 0))
					ch = (char)(ch - 'A' + 'a');
				sb_addc(&b, ch);
			}
		} else if (c < 0x80 && c >= 0x20) {
			sb_addc(&b, (char)c);
		}
		s += k;
	}
	return sb_take(&b);
}

static int
vowel(char c)
{
	return strchr("AEIOUY", c) != NULL && c;
}

/* Latin capitals to Cyrillic capitals: one step at u[i], returning the
 * number of Latin letters used and the Cyrillic text in out. */
static size_t
lat_step(const char *u, size_t i, size_t n, const char **out)
{
	static const struct {
		const char *lat, *cyr;
	} multi[] = {
		{"SHCH", "Щ"}, {"ZH", "Ж"}, {"KH", "Х"}, {"TS", "Ц"},
		{"CH", "Ч"}, {"SH", "Ш"}, {"IU", "Ю"}, {"YU", "Ю"},
		{"IA", "Я"}, {"YA", "Я"}, {"YE", "Е"}, {"YO", "Ё"},
	};
	static const char *single[26] = {
		"А", "Б", "К", "Д", "Е", "Ф", "Г", "Х", "И", "ДЖ", "К", "Л",
		"М", "Н", "О", "П", "К", "Р", "С", "Т", "У", "В", "В", "КС",
		"Ы", "З",
	};
	size_t j;
	char c = u[i];
	int prev_vowel = i > 0 && vowel(u[i - 1]);
	int next_cons_or_end = i + 1 >= n || !vowel(u[i + 1]);

	/* A final IA after a consonant: МАРИЯ, not МАРЯ. */
	if (c == 'I' && i + 2 == n && u[i + 1] == 'A' && i > 0 &&
	    !vowel(u[i - 1])) {
		*out = "ИЯ";
		return 2;
	}
	for (j = 0; j < sizeof multi / sizeof multi[0]; j++) {
		size_t l = strlen(multi[j].lat);

		if (i + l <= n && memcmp(u + i, multi[j].lat, l) == 0) {
			*out = multi[j].cyr;
			return l;
		}
	}
	if ((c == 'I' || c == 'Y') && prev_vowel && next_cons_or_end) {
		*out = "Й";
		return 1;
	}
	if (c == 'Y' && i == 0 && i + 1 < n && vowel(u[i + 1])) {
		*out = "Й";
		return 1;
	}
	*out = single[c - 'A'];
	return 1;
}

/* Lower-case a Cyrillic capital (UTF-8, 2 bytes each). */
static void
add_cyr(struct strbuf *b, const char *cyr, int lower_first, int lower_rest)
{
	size_t i = 0;
	int first = 1;

	while (cyr[i]) {
		uint32_t c;
		int k = utf8_decode(cyr + i, strlen(cyr + i), &c);
		char enc[4];

		if (k == 0)
			break;
		if (first ? lower_first : lower_rest)
			c = cp_lower(c);
		sb_addn(b, enc, (size_t)utf8_encode(c, enc));
		first = 0;
		i += (size_t)k;
	}
}

char *
translit_to_cyrillic(const char *s)
{
	struct strbuf b = {0};
	const char *p = s ? s : "";

	while (*p) {
		/* One word of Latin letters (with their case), or one other
		 * code point passed through. */
		char up[256];
		unsigned char low[256];
		size_t n = 0, i;
		int caps = word_caps(p);

		while (*p && n < sizeof up) {
			char ch = *p;

			if (ch >= 'a' && ch <= 'z') {
				up[n] = (char)(ch - 32);
				low[n++] = 1;
			} else if (ch >= 'A' && ch <= 'Z') {
				up[n] = ch;
				low[n++] = 0;
			} else {
				break;
			}
			p++;
		}
		for (i = 0; i < n;) {
			const char *cyr;
			size_t used = lat_step(up, i, n, &cyr);

			add_cyr(&b, cyr, low[i], low[i] || !caps);
			i += used;
		}
		if (n == 0) {
			uint32_t c;
			int k = utf8_decode(p, strlen(p), &c);

			if (k == 0) {
				p++;
				continue;
			}
			sb_addn(&b, p, (size_t)k);
			p += k;
		}
	}
	return sb_take(&b);
}

char *
translit_key(const char *s)
{
	static const struct {
		const char *from, *to;
	} merge[] = {
		{"SHCH", "SH"}, {"DZH", "J"}, {"DJ", "J"}, {"ZH", "J"},
		{"KH", "H"}, {"GH", "G"}, {"PH", "F"}, {"TS", "C"},
		{"TZ", "C"}, {"IE", "E"}, {"YE", "E"}, {"X", "KS"},
		{"W", "V"}, {"Q", "K"}, {"Y", "I"},
	};
	char *lat = translit_to_latin(s);
	char *u = xmalloc(strlen(lat) + 1);
	char *out = xmalloc(2 * strlen(lat) + 1);
	size_t n = 0, i, o = 0, j;

	for (i = 0; lat[i]; i++) {
		char c = lat[i];

		if (c >= 'a' && c <= 'z')
			c = (char)(c - 32);
		if (c >= 'A' && c <= 'Z')
			u[n++] = c;
	}
	u[n] = '\0';
	for (i = 0; i < n;) {
		for (j = 0; j < sizeof merge / sizeof merge[0]; j++) {
			size_t l = strlen(merge[j].from);

			if (i + l <= n &&
			    memcmp(u + i, merge[j].from, l) == 0)
				break;
		}
		if (j < sizeof merge / sizeof merge[0]) {
			const char *t = merge[j].to;

			for (; *t; t++)
				if (!o || out[o - 1] != *t)
					out[o++] = *t;
			i += strlen(merge[j].from);
		} else {
			if (!o || out[o - 1] != u[i])
				out[o++] = u[i];
			i++;
		}
	}
	out[o] = '\0';
	free(u);
	free(lat);
	return out;
}

char *
translit_key_first(const char *s)
{
	const char *p = s ? s : "";
	const char *end;
	char *w, *k;

	while (*p == ' ' || *p == '-')
		p++;
	end = p;
	while (*end && *end != ' ')
		end++;
	w = xstrndup(p, (size_t)(end - p));
	k = translit_key(w);
	free(w);
	return k;
}

int
translit_distance(const char *a, const char *b)
{
	enum { MAXL = 127 };
	int d[3][MAXL + 2];
	size_t la = strlen(a), lb = strlen(b), i, j;
	int *pp, *p, *c;

	if (la > MAXL)
		la = MAXL;
	if (lb > MAXL)
		lb = MAXL;
	for (j = 0; j <= lb; j++)
		d[1][j] = (int)j;
	pp = d[0];
	p = d[1];
	c = d[2];
	for (i = 1; i <= la; i++) {
		int *t;

		c[0] = (int)i;
		for (j = 1; j <= lb; j++) {
			int cost = a[i - 1] != b[j - 1];
			int v = p[j] + 1;

			if (c[j - 1] + 1 < v)
				v = c[j - 1] + 1;
			if (p[j - 1] + cost < v)
				v = p[j - 1] + cost;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && pp[j - 2] + 1 < v)
				v = pp[j - 2] + 1;
			c[j] = v;
		}
		t = pp;
		pp = p;
		p = c;
		c = t;
	}
	return p[lb];
}

double
translit_similarity(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), m = la > lb ? la : lb;

	if (m > 127)
		m = 127;
	if (m == 0)
		return 1.0;
	return 1.0 - (double)translit_distance(a, b) / (double)m;
}
