/* SPDX-License-Identifier: MIT */
/* The text being edited, as code points: one buffer for every place the
 * kiosk takes typed text (form fields, prompts, the passport's zone, the
 * pick-list's search), so a Cyrillic letter is one position whatever its
 * UTF-8 length. */
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "widgets.h"

static void
grow(struct cpbuf *b, size_t need)
{
	size_t cap = b->cap ? b->cap : 32;
	uint32_t *v;

	if (need <= b->cap)
		return;
	while (cap < need)
		cap *= 2;
	/* Not xrealloc: a password's old copy is wiped before it is freed. */
	v = xcalloc(cap, sizeof *v);
	if (b->len)
		memcpy(v, b->v, b->len * sizeof *v);
	if (b->v)
		explicit_bzero(b->v, b->cap * sizeof *b->v);
	free(b->v);
	b->v = v;
	b->cap = cap;
}

void
cpbuf_clear(struct cpbuf *b)
{
	if (b->v)
		explicit_bzero(b->v, b->cap * sizeof *b->v);
	b->len = 0;
}

void
cpbuf_free(struct cpbuf *b)
{
	cpbuf_clear(b);
	free(b->v);
	memset(b, 0, sizeof *b);
}

void
cpbuf_set(struct cpbuf *b, const char *utf8)
{
	size_t len = utf8 ? strlen(utf8) : 0, off = 0;
	uint32_t cp;
	int used;

	cpbuf_clear(b);
	while (off < len && (used = utf8_decode(utf8 + off, len - off, &cp)) > 0) {
		cpbuf_insert(b, b->len, cp);
		off += (size_t)used;
	}
}

void
cpbuf_insert(struct cpbuf *b, size_t at, uint32_t cp)
{
	if (at > b->len)
		at = b->len;
	grow(b, b->len + 1);
	memmove(b->v + at + 1, b->v + at, (b->len - at) * sizeof *b->v);
	b->v[at] = cp;
	b->len++;
}

void
cpbuf_delete(struct cpbuf *b, size_t at)
{
	if (at >= b->len)
		return;
	memmove(b->v + at, b->v + at + 1, (b->len - at - 1) * sizeof *b->v);
	b->len--;
	b->v[b->len] = 0;
}

void
cpbuf_truncate(struct cpbuf *b, size_t len)
{
	while (b->len > len)
		b->v[--b->len] = 0;
}

char *
cpbuf_utf8_range(const struct cpbuf *b, size_t from, size_t to)
{
	struct strbuf s = {0};
	char enc[5];
	size_t i;

	for (i = from; i < to && i < b->len; i++)
		sb_addn(&s, enc, (size_t)utf8_encode(b->v[i], enc));
	return sb_take(&s);
}

char *
cpbuf_utf8(const struct cpbuf *b)
{
	return cpbuf_utf8_range(b, 0, b->len);
}

size_t
cpbuf_count(const struct cpbuf *b, uint32_t cp)
{
	size_t i, n = 0;

	for (i = 0; i < b->len; i++)
		n += b->v[i] == cp;
	return n;
}
