/* SPDX-License-Identifier: MIT */
/* Allocation wrappers, string buffer and UTF-8 helpers. */
#include "util.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include <utf8proc.h>

static void
oom(void)
{
	/* core never exits on an ordinary error; running out of memory in a
	 * kiosk is not one we can report through a status line. */
	fputs("okno: out of memory\n", stderr);
	abort();
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		oom();
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		oom();
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		oom();
	return p;
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
xasprintf(const char *fmt, ...)
{
	struct strbuf b = {0};
	va_list ap;

	va_start(ap, fmt);
	sb_vprintf(&b, fmt, ap);
	va_end(ap);
	return sb_take(&b);
}

static void
sb_grow(struct strbuf *b, size_t extra)
{
	size_t need = b->len + extra + 1;

	if (need <= b->cap)
		return;
	if (b->cap == 0)
		b->cap = 64;
	while (b->cap < need)
		b->cap *= 2;
	b->s = xrealloc(b->s, b->cap);
}

void
sb_addn(struct strbuf *b, const char *s, size_t n)
{
	sb_grow(b, n);
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void
sb_add(struct strbuf *b, const char *s)
{
	sb_addn(b, s, strlen(s));
}

void
sb_addc(struct strbuf *b, char c)
{
	sb_addn(b, &c, 1);
}

void
sb_vprintf(struct strbuf *b, const char *fmt, va_list ap)
{
	va_list aq;
	int n;

	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0)
		return;
	sb_grow(b, (size_t)n);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void
sb_printf(struct strbuf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sb_vprintf(b, fmt, ap);
	va_end(ap);
}

char *
sb_take(struct strbuf *b)
{
	char *s = b->s ? b->s : xstrdup("");

	b->s = NULL;
	b->len = b->cap = 0;
	return s;
}

void
sb_free(struct strbuf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}

int
utf8_decode(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	uint32_t c;
	int len, i;

	if (n == 0)
		return 0;
	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	} else if ((u[0] & 0xE0) == 0xC0) {
		len = 2;
		c = u[0] & 0x1F;
	} else if ((u[0] & 0xF0) == 0xE0) {
		len = 3;
		c = u[0] & 0x0F;
	} else if ((u[0] & 0xF8) == 0xF0) {
		len = 4;
		c = u[0] & 0x07;
	} else {
		return 0;
	}
	if ((size_t)len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((u[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (u[i] & 0x3F);
	}
	if ((len == 2 && c < 0x80) || (len == 3 && c < 0x800) ||
	    (len == 4 && (c < 0x10000 || c > 0x10FFFF)) ||
	    (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return len;
}

int
utf8_encode(uint32_t cp, char *out)
{
	unsigned char *o = (unsigned char *)out;

	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	} else if (cp < 0x800) {
		o[0] = (unsigned char)(0xC0 | (cp >> 6));
		o[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	} else if (cp < 0x10000) {
		o[0] = (unsigned char)(0xE0 | (cp >> 12));
		o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (unsigned char)(0xF0 | (cp >> 18));
	o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
	o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
	o[3] = (unsigned char)(0x80 | (cp & 0x3F));
	return 4;
}

const char *
utf8_invalid_at(const char *s)
{
	return utf8_invalid_in(s, strlen(s));
}

const char *
utf8_invalid_in(const char *s, size_t n)
{
	uint32_t cp;
	int k;

	while (n > 0) {
		k = utf8_decode(s, n, &cp);
		if (k == 0)
			return s;
		s += k;
		n -= (size_t)k;
	}
	return NULL;
}

int
utf8_valid(const char *s)
{
	return utf8_invalid_at(s) == NULL;
}

size_t
utf8_len(const char *s)
{
	size_t count = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			count++;
	return count;
}

void
utf8_mark_cut(char *s, size_t n)
{
	static const char mark[] = "…";
	size_t cut;

	if (n < sizeof mark)
		cut = n ? n - 1 : 0;
	else
		cut = n - sizeof mark;
	if (strlen(s) < cut)
		cut = strlen(s);
	while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
		cut--;
	if (n < sizeof mark) {
		if (n)
			s[cut] = '\0';
		return;
	}
	memcpy(s + cut, mark, sizeof mark);
}

char *
str_trim(char *s)
{
	char *end;

	while (*s && isspace((unsigned char)*s))
		memmove(s, s + 1, strlen(s));
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return s;
}

int
str_starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

uint32_t
cp_upper(uint32_t c)
{
	return (uint32_t)utf8proc_toupper((utf8proc_int32_t)c);
}

uint32_t
cp_lower(uint32_t c)
{
	return (uint32_t)utf8proc_tolower((utf8proc_int32_t)c);
}

int
cp_is_lower(uint32_t c)
{
	return utf8proc_islower((utf8proc_int32_t)c);
}

/* s with map applied to each code point (undecodable bytes kept). */
static char *
map_cps(const char *s, uint32_t (*map)(uint32_t))
{
	struct strbuf b = {0};
	size_t n = strlen(s);
	uint32_t cp;
	char enc[4];
	int k;

	while (n > 0) {
		k = utf8_decode(s, n, &cp);
		if (k == 0) {
			sb_addc(&b, *s);
			s++;
			n--;
			continue;
		}
		sb_addn(&b, enc, (size_t)utf8_encode(map(cp), enc));
		s += k;
		n -= (size_t)k;
	}
	return sb_take(&b);
}

char *
utf8_upper(const char *s)
{
	return map_cps(s, cp_upper);
}

static uint32_t
fold_cp(uint32_t c)
{
	if (c == 0x401 || c == 0x451) /* Ё ё */
		return 0x435;
	return cp_lower(c);
}

char *
utf8_fold(const char *s)
{
	return map_cps(s, fold_cp);
}

char *
utf8_nfc(const char *s)
{
	utf8proc_uint8_t *n;
	char *r;

	if (!utf8_valid(s))
		return NULL;
	n = utf8proc_NFC((const utf8proc_uint8_t *)s);
	if (!n)
		return NULL;
	r = xstrdup((const char *)n);
	free(n);
	return r;
}

static int
is_bidi_control(uint32_t cp)
{
	return (cp >= 0x202A && cp <= 0x202E) ||
	       (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E || cp == 0x200F ||
	       cp == 0x061C;
}

char *
utf8_visible(const char *s, int keep_newlines)
{
	struct strbuf b = {0};
	size_t n = strlen(s);
	uint32_t cp;
	int k;

	while (n > 0) {
		k = utf8_decode(s, n, &cp);
		if (k == 0) {
			sb_printf(&b, "\\x%02x", (unsigned char)*s);
			s++;
			n--;
			continue;
		}
		if (cp == '\n' && keep_newlines)
			sb_addc(&b, '\n');
		else if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0))
			sb_printf(&b, "\\x%02x", (unsigned)cp);
		else if (is_bidi_control(cp))
			sb_printf(&b, "\\u%04x", (unsigned)cp);
		else
			sb_addn(&b, s, (size_t)k);
		s += k;
		n -= (size_t)k;
	}
	return sb_take(&b);
}

char *
utf8_pad(const char *s, size_t cells)
{
	struct strbuf b = {0};
	size_t n;

	sb_add(&b, s ? s : "");
	n = utf8_valid(b.s) ? utf8_len(b.s) : b.len;
	for (; n < cells; n++)
		sb_addc(&b, ' ');
	return sb_take(&b);
}

/* Past a width or precision at s: "*" (noted in sig at *k) or digits. */
static const char *
skip_count(const char *s, char *sig, size_t *k)
{
	if (*s == '*') {
		sig[(*k)++] = '*';
		return s + 1;
	}
	while (*s >= '0' && *s <= '9')
		s++;
	return s;
}

/* The next conversion of a printf format from *p into sig (its length
 * modifiers, "*"s and conversion letter) and its argument's position into
 * *pos ("%2$s": 2; 0 when not positional); 0 at the end, -1 for one that
 * is malformed or has a "*" in a positional format. */
static int
next_conversion(const char **p, char *sig, size_t n, int *pos)
{
	const char *s = *p, *d;
	size_t k = 0;

	for (;;) {
		while (*s && *s != '%')
			s++;
		if (!*s) {
			*p = s;
			return 0;
		}
		if (s[1] == '%') {
			s += 2;
			continue;
		}
		break;
	}
	s++;
	*pos = 0;
	for (d = s; *d >= '0' && *d <= '9'; d++)
		;
	if (*d == '$') {
		if (d == s || d - s > 2 || *s == '0')
			return -1;
		*pos = atoi(s);
		s = d + 1;
	}
	while (*s && strchr("-+ #0'I", *s))
		s++;
	s = skip_count(s, sig, &k);
	if (*s == '$')
		return -1;
	if (*s == '.')
		s = skip_count(s + 1, sig, &k);
	while (*s && strchr("hljztLq", *s) && k < n - 2)
		sig[k++] = *s++;
	if (!*s || !strchr("diouxXeEfFgGaAcspn", *s) || k >= n - 1)
		return -1;
	sig[k++] = *s++;
	sig[k] = '\0';
	if (*pos && strchr(sig, '*'))
		return -1;
	*p = s;
	return 1;
}

#define FMT_ARGS_MAX 16

int
fmt_same_args(const char *a, const char *b)
{
	char sa[FMT_ARGS_MAX][16], sb[16];
	int na = 0, nb = 0, pos, r, positional = -1;
	unsigned used = 0;

	if (!a || !b)
		return 0;
	/* a's conversions, in order (a msgid is never positional). */
	while ((r = next_conversion(&a, sa[na], sizeof sa[na], &pos)) != 0)
		if (r < 0 || pos || ++na == FMT_ARGS_MAX)
			return 0;
	/* b's: all in a's order, or all positional with each of a's
	 * arguments once, of its conversion ("%2$s және %1$s"). */
	while ((r = next_conversion(&b, sb, sizeof sb, &pos)) != 0) {
		if (r < 0 || (positional >= 0 && positional != (pos > 0)))
			return 0;
		positional = pos > 0;
		if (!pos)
			pos = nb + 1;
		if (pos > na || (used & 1u << pos) || strcmp(sa[pos - 1], sb))
			return 0;
		used |= 1u << pos;
		nb++;
	}
	return nb == na;
}
