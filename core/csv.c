/* SPDX-License-Identifier: MIT */
/* CSV records read and written (csv.h). */
#include "csv.h"

#include <stdlib.h>
#include <string.h>

void
csv_reader_init(struct csv_reader *c, const char *text, size_t len)
{
	const char *hl;
	int semis = 0, commas = 0, quoted = 0;

	memset(c, 0, sizeof *c);
	c->p = text;
	c->end = text + len;
	c->line = 1;
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		c->p += 3;
	for (hl = c->p; hl < c->end && *hl != '\n'; hl++) {
		if (*hl == '"')
			quoted = !quoted;
		else if (!quoted && *hl == ';')
			semis++;
		else if (!quoted && *hl == ',')
			commas++;
	}
	c->delim = semis > commas ? ';' : ',';
}

void
csv_reader_free(struct csv_reader *c)
{
	size_t i;

	for (i = 0; i < c->capf; i++)
		sb_free(&c->f[i]);
	free(c->f);
	c->f = NULL;
	c->nf = c->capf = 0;
}

static void
csv_field_reset(struct csv_reader *c)
{
	size_t i;

	for (i = 0; i < c->nf; i++) {
		c->f[i].len = 0;
		if (c->f[i].s)
			c->f[i].s[0] = '\0';
	}
	c->nf = 0;
}

static struct strbuf *
csv_new_field(struct csv_reader *c)
{
	if (c->nf == c->capf) {
		size_t old = c->capf;

		c->capf = c->capf ? c->capf * 2 : 16;
		c->f = xrealloc(c->f, c->capf * sizeof *c->f);
		memset(c->f + old, 0, (c->capf - old) * sizeof *c->f);
	}
	sb_addn(&c->f[c->nf], "", 0);
	return &c->f[c->nf++];
}

/* Past the rest of a broken line, so the next record starts on the next. */
static void
skip_line(struct csv_reader *c)
{
	while (c->p < c->end && *c->p != '\n')
		c->p++;
	if (c->p < c->end) {
		c->p++;
		c->line++;
	}
}

int
csv_next(struct csv_reader *c, const char **msg)
{
	struct strbuf *f;

	csv_field_reset(c);
	if (c->p >= c->end)
		return 0;
	f = csv_new_field(c);
	for (;;) {
		if (c->p >= c->end)
			return 1;
		if (*c->p == '"' && f->len == 0) {
			c->p++;
			for (;;) {
				if (c->p >= c->end) {
					*msg = "незакрытая кавычка";
					return -1;
				}
				if (*c->p == '"') {
					if (c->p + 1 < c->end &&
					    c->p[1] == '"') {
						sb_addc(f, '"');
						c->p += 2;
						continue;
					}
					c->p++;
					break;
				}
				if (*c->p == '\n')
					c->line++;
				sb_addc(f, *c->p++);
			}
			if (c->p < c->end && *c->p != c->delim &&
			    *c->p != '\r' && *c->p != '\n') {
				*msg = "лишние знаки после закрывающей кавычки";
				skip_line(c);
				return -1;
			}
			continue;
		}
		if (*c->p == c->delim) {
			c->p++;
			f = csv_new_field(c);
			continue;
		}
		if (*c->p == '\r' && c->p + 1 < c->end && c->p[1] == '\n')
			c->p++;
		if (*c->p == '\n' || *c->p == '\r') {
			c->p++;
			c->line++;
			return 1;
		}
		if (*c->p == '"') {
			*msg = "кавычка внутри поля без кавычек";
			skip_line(c);
			return -1;
		}
		sb_addc(f, *c->p++);
	}
}

void
csv_record(struct strbuf *out, json_t *arr)
{
	size_t i;

	for (i = 0; i < json_array_size(arr); i++) {
		const char *raw = json_string_value(json_array_get(arr, i));
		/* Control and bidi characters made visible (issue 7): the
		 * file may be shown on a terminal or opened elsewhere. */
		char *vis = utf8_visible(raw ? raw : "", 1);
		const char *v = vis;
		int formula, quote;

		formula = *v && strchr("=+-@\t\r", *v) != NULL;
		quote = formula || strpbrk(v, ",\"\r\n;") != NULL;
		if (i)
			sb_addc(out, ',');
		if (quote)
			sb_addc(out, '"');
		if (formula)
			sb_addc(out, '\'');
		for (; *v; v++) {
			if (*v == '"')
				sb_addc(out, '"');
			sb_addc(out, *v);
		}
		if (quote)
			sb_addc(out, '"');
		free(vis);
	}
	sb_add(out, "\r\n");
}
