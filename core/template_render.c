/* SPDX-License-Identifier: MIT */
/* The page renderer of print templates: values into the parsed
 * template, words wrapped, columns aligned, pages with their header and
 * footer. */
#include "template.h"
#include "template_int.h"
#include "clock.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"

/* ---------------------------------------------------------------- */
/* Small UTF-8 helpers                                              */

/* Byte length of the first n code points of s (or all of s). */
static size_t
cp_bytes(const char *s, size_t n)
{
	const char *p = s;

	while (*p && n > 0) {
		p++;
		while ((*p & 0xC0) == 0x80)
			p++;
		n--;
	}
	return (size_t)(p - s);
}

/* Code points in s[0..n). */
static size_t
utf8_len_n(const char *s, size_t n)
{
	size_t count = 0, i;

	for (i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			count++;
	return count;
}

/* Make a value harmless for a printer or a terminal: C0 and C1 controls,
 * DEL and bytes that are not UTF-8 become the visible text "\xNN", and
 * the bidirectional overrides and isolates "\uNNNN" (utf8_visible), so a
 * stored value can neither drive the printer nor reorder the printed
 * line. */
static void
sanitize_into(struct strbuf *b, const char *s)
{
	char *v = utf8_visible(s, 0);

	sb_add(b, v);
	free(v);
}

/* ---------------------------------------------------------------- */
/* Renderer                                                         */

/* An output line; s == NULL marks a forced page break. */
struct oline {
	char *s;
	int keep; /* keep-together group, 0 for none */
};

struct olines {
	struct oline *v;
	size_t n, cap;
};

struct scope {
	json_t *item;
	size_t index;
};

struct render {
	const struct template *t;
	json_t *ctx;
	int width;
	int page, pages; /* 0 in the body */
	long sheet_offset;
	struct scope scopes[MAX_DEPTH];
	int nscopes;
	const struct node *cols; /* current %cols */
	int keep, next_keep;
	struct olines *out;
	struct err *e;
};

static void
olines_push(struct olines *o, char *s, int keep)
{
	if (o->n == o->cap) {
		o->cap = o->cap ? o->cap * 2 : 64;
		o->v = xrealloc(o->v, o->cap * sizeof *o->v);
	}
	o->v[o->n].s = s;
	o->v[o->n].keep = keep;
	o->n++;
}

static void
olines_free(struct olines *o)
{
	size_t i;

	for (i = 0; i < o->n; i++)
		free(o->v[i].s);
	free(o->v);
	memset(o, 0, sizeof *o);
}

/* Emit one finished line: trailing blanks dropped. */
static void
emit(struct render *r, const char *s, size_t len)
{
	while (len > 0 && s[len - 1] == ' ')
		len--;
	olines_push(r->out, xstrndup(s, len), r->keep);
}

static enum status
rerr(struct render *r, const struct node *nd, enum status st,
     const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static enum status
rerr(struct render *r, const struct node *nd, enum status st,
     const char *fmt, ...)
{
	char msg[ERR_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return err_set(r->e, st, "", "%s:%d: %s", r->t->name,
		       nd ? nd->line : 0, msg);
}

/* Find key: the innermost %each item that is an object and has it, then
 * the context. NULL when absent. */
static json_t *
lookup_json(struct render *r, const char *key)
{
	json_t *v;
	int i;

	for (i = r->nscopes - 1; i >= 0; i--) {
		if (json_is_object(r->scopes[i].item)) {
			v = json_object_get(r->scopes[i].item, key);
			if (v)
				return v;
		}
	}
	return json_is_object(r->ctx) ? json_object_get(r->ctx, key) : NULL;
}

/* The raw (unsanitized) text of a scalar; NULL for a list or an object.
 * The result is freshly allocated. */
static char *
scalar_text(json_t *v)
{
	if (!v || json_is_null(v) || json_is_false(v))
		return xstrdup("");
	if (json_is_string(v))
		return xstrdup(json_string_value(v));
	if (json_is_integer(v))
		return xasprintf("%lld", (long long)json_integer_value(v));
	if (json_is_real(v))
		return xasprintf("%g", json_real_value(v));
	if (json_is_true(v))
		return xstrdup("yes");
	return NULL;
}

static enum status
lookup(struct render *r, const struct node *nd, const char *key, char **val)
{
	json_t *v;

	*val = NULL;
	if (strcmp(key, "#") == 0) {
		*val = r->nscopes ? xasprintf("%zu",
					       r->scopes[r->nscopes - 1].index + 1)
				  : xstrdup("");
		return ST_OK;
	}
	if (strcmp(key, ".") == 0) {
		v = r->nscopes ? r->scopes[r->nscopes - 1].item : NULL;
		*val = json_is_object(v) ? xstrdup("") : scalar_text(v);
		if (!*val)
			*val = xstrdup("");
		return ST_OK;
	}
	/* page numbers exist only while a header or footer is drawn */
	if (strcmp(key, "page") == 0) {
		*val = r->page ? xasprintf("%d", r->page) : xstrdup("");
		return ST_OK;
	}
	if (strcmp(key, "pages") == 0) {
		*val = r->pages ? xasprintf("%d", r->pages) : xstrdup("");
		return ST_OK;
	}
	if (strcmp(key, "sheet") == 0) {
		*val = r->page ? xasprintf("%ld", r->page + r->sheet_offset)
			       : xstrdup("");
		return ST_OK;
	}
	if (strcmp(key, "width") == 0) {
		*val = xasprintf("%d", r->width);
		return ST_OK;
	}
	v = lookup_json(r, key);
	*val = scalar_text(v);
	if (!*val)
		return rerr(r, nd, ST_INVALID,
			    "«%s» — список, а не строка (списки выводят через %%each)", key);
	return ST_OK;
}

static char *
apply_filters(char *v, int filters)
{
	struct date d;
	char buf[16], *u;
	size_t n = strlen(v);

	if ((filters & (F_DATE | F_TIME)) && n >= 10) {
		memcpy(buf, v, 10);
		buf[10] = '\0';
		if (date_parse_iso(buf, &d) == 0 &&
		    (n == 10 || v[10] == 'T' || v[10] == ' ')) {
			if (filters & F_DATE) {
				date_format_ru(d, buf);
			} else if (n >= 16 && v[13] == ':') {
				memcpy(buf, v + 11, 5);
				buf[5] = '\0';
			} else {
				buf[0] = '\0';
			}
			free(v);
			v = xstrdup(buf);
		}
	}
	if (filters & F_UPPER) {
		u = utf8_upper(v);
		free(v);
		v = u;
	}
	return v;
}

/* An empty value should not leave its separator behind: "{a} {b}, {c}"
 * with b empty gives "A, C", and "{a}; {b}" gives "A". next is the literal
 * that follows the value ("" at the end). */
static void
drop_gap(struct strbuf *b, const char *next)
{
	int at_end = !*next || *next == ',' || *next == ';';

	if (!(at_end || *next == ' ' || *next == '.' || *next == ')'))
		return;
	while (b->len > 0 && b->s[b->len - 1] == ' ')
		b->s[--b->len] = '\0';
	if (at_end && b->len > 0 &&
	    (b->s[b->len - 1] == ',' || b->s[b->len - 1] == ';'))
		b->s[--b->len] = '\0';
}

/* Expand a text into a sanitized UTF-8 string. */
static enum status
expand(struct render *r, const struct node *nd, const struct text *tx,
       char **out)
{
	struct strbuf b = {0};
	enum status st;
	char *v;
	size_t i;

	*out = NULL;
	for (i = 0; i < tx->n; i++) {
		if (!tx->v[i].var) {
			sb_add(&b, tx->v[i].text);
			continue;
		}
		st = lookup(r, nd, tx->v[i].text, &v);
		if (st != ST_OK) {
			sb_free(&b);
			return st;
		}
		v = apply_filters(v, tx->v[i].filters);
		if (!*v)
			drop_gap(&b, i + 1 < tx->n ? tx->v[i + 1].text : "");
		sanitize_into(&b, v);
		free(v);
	}
	*out = sb_take(&b);
	return ST_OK;
}

/* Word-wrap s to width w (code points). Spaces at a break vanish; a word
 * longer than w is cut. Each piece is appended to pieces. */
struct pieces {
	char **v;
	size_t n;
};

static void
pieces_add(struct pieces *p, const char *s, size_t len)
{
	p->v = xrealloc(p->v, (p->n + 1) * sizeof *p->v);
	p->v[p->n++] = xstrndup(s, len);
}

static void
pieces_free(struct pieces *p)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		free(p->v[i]);
	free(p->v);
	memset(p, 0, sizeof *p);
}

static void
wrap(const char *s, int w, struct pieces *out)
{
	struct strbuf cur = {0};
	size_t curw = 0, wl, cut;
	const char *word;

	if (w < 1)
		w = 1;
	for (;;) {
		while (*s == ' ')
			s++;
		if (!*s)
			break;
		word = s;
		while (*s && *s != ' ')
			s++;
		wl = utf8_len_n(word, (size_t)(s - word));
		if (curw > 0 && curw + 1 + wl <= (size_t)w) {
			sb_addc(&cur, ' ');
			sb_addn(&cur, word, (size_t)(s - word));
			curw += 1 + wl;
			continue;
		}
		if (curw > 0) {
			pieces_add(out, cur.s, cur.len);
			cur.len = 0;
			curw = 0;
		}
		while (wl > (size_t)w) {
			cut = cp_bytes(word, (size_t)w);
			pieces_add(out, word, cut);
			word += cut;
			wl -= (size_t)w;
		}
		sb_addn(&cur, word, (size_t)(s - word));
		curw = wl;
	}
	if (curw > 0 || out->n == 0)
		pieces_add(out, cur.s ? cur.s : "", cur.len);
	sb_free(&cur);
}

static void
pad(struct strbuf *b, int n)
{
	while (n-- > 0)
		sb_addc(b, ' ');
}

/* Add s aligned in a field of w code points. */
static void
add_aligned(struct strbuf *b, const char *s, int w, char align)
{
	int len = (int)utf8_len(s), left;

	left = align == '>' ? w - len : align == '^' ? (w - len) / 2 : 0;
	if (left < 0)
		left = 0;
	pad(b, left);
	sb_add(b, s);
	pad(b, w - len - left);
}

/* A plain, centred or right-aligned line: verbatim when it fits, else
 * wrapped, continuation lines indented like the first. */
static enum status
render_line(struct render *r, const struct node *nd)
{
	struct pieces pc = {0};
	struct strbuf b = {0};
	enum status st;
	char *s;
	int indent = 0;
	size_t i;

	st = expand(r, nd, &nd->text, &s);
	if (st != ST_OK)
		return st;
	if (nd->kind == N_LINE && utf8_len(s) <= (size_t)r->width) {
		emit(r, s, strlen(s));
		free(s);
		return ST_OK;
	}
	if (nd->kind == N_LINE) {
		while (s[indent] == ' ')
			indent++;
		if (indent > r->width / 2)
			indent = 0;
	}
	wrap(s, r->width - indent, &pc);
	for (i = 0; i < pc.n; i++) {
		b.len = 0;
		if (nd->kind == N_LINE) {
			pad(&b, indent);
			sb_add(&b, pc.v[i]);
		} else {
			add_aligned(&b, pc.v[i], r->width,
				    nd->kind == N_CENTER ? '^' : '>');
		}
		emit(r, b.s, b.len);
	}
	sb_free(&b);
	pieces_free(&pc);
	free(s);
	return ST_OK;
}

static enum status
render_row(struct render *r, const struct node *nd)
{
	const struct node *cn = r->cols;
	struct pieces *cells = NULL;
	struct strbuf b = {0};
	enum status st = ST_OK;
	int *w = NULL, fixed = 0, nstar = 0, ncol = 0, extra, share;
	size_t i, c, height = 1, line;
	char *s;

	if (!cn)
		return rerr(r, nd, ST_INVALID,
			    "%%row без %%cols: сначала задайте колонки");
	w = xcalloc(cn->ncols, sizeof *w);
	for (i = 0; i < cn->ncols; i++) {
		if (cn->cols[i].bar) {
			fixed++;
			continue;
		}
		if (ncol > 0 && !cn->cols[i - 1].bar)
			fixed++; /* the space between two columns */
		ncol++;
		if (cn->cols[i].star)
			nstar++;
		else
			fixed += w[i] = cn->cols[i].width;
	}
	if ((size_t)ncol < nd->ncells) {
		st = rerr(r, nd, ST_INVALID,
			  "в строке %zu ячеек, а в %%cols (строка %d) %d колонок", nd->ncells, cn->line, ncol);
		goto out;
	}
	extra = r->width - fixed;
	if (extra < nstar * 3 || (nstar == 0 && extra < 0)) {
		st = rerr(r, nd, ST_INVALID,
			  "колонки %%cols (строка %d) не помещаются в ширину %d",
			  cn->line, r->width);
		goto out;
	}
	share = nstar ? extra / nstar : 0;
	extra -= share * nstar;
	for (i = 0; i < cn->ncols; i++) {
		if (!cn->cols[i].bar && cn->cols[i].star) {
			w[i] = share + (extra > 0);
			if (extra > 0)
				extra--;
		}
	}
	/* wrap every cell in its column */
	cells = xcalloc(cn->ncols, sizeof *cells);
	for (i = 0, c = 0; i < cn->ncols; i++) {
		if (cn->cols[i].bar)
			continue;
		if (c < nd->ncells) {
			st = expand(r, nd, &nd->cells[c], &s);
			if (st != ST_OK)
				goto out;
			wrap(s, w[i], &cells[i]);
			free(s);
			if (cells[i].n > height)
				height = cells[i].n;
		}
		c++;
	}
	for (line = 0; line < height; line++) {
		b.len = 0;
		for (i = 0; i < cn->ncols; i++) {
			if (cn->cols[i].bar) {
				sb_addc(&b, '|');
				continue;
			}
			if (i > 0 && !cn->cols[i - 1].bar)
				sb_addc(&b, ' ');
			add_aligned(&b, line < cells[i].n ? cells[i].v[line] : "",
				    w[i], cn->cols[i].align);
		}
		emit(r, b.s ? b.s : "", b.len);
	}
out:
	if (cells)
		for (i = 0; i < cn->ncols; i++)
			pieces_free(&cells[i]);
	free(cells);
	free(w);
	sb_free(&b);
	return st;
}

static int
is_builtin(const char *key)
{
	return strcmp(key, "page") == 0 || strcmp(key, "pages") == 0 ||
	       strcmp(key, "sheet") == 0 || strcmp(key, "width") == 0;
}

static int
truthy(json_t *v)
{
	if (json_is_array(v))
		return json_array_size(v) > 0;
	if (json_is_object(v))
		return json_object_size(v) > 0;
	if (json_is_string(v))
		return json_string_length(v) > 0;
	return json_is_true(v) || json_is_integer(v) || json_is_real(v);
}

static int
is_int(const char *s, long *out)
{
	char *end;

	if (!*s)
		return 0;
	errno = 0;
	*out = strtol(s, &end, 10);
	return !*end && errno == 0;
}

static enum status
eval_cond(struct render *r, const struct node *nd, int *res)
{
	const struct cond *c = &nd->cond;
	enum status st;
	long a, b;
	char *v;
	int cmp;

	if (c->op == OP_NONE) {
		if (is_builtin(c->key)) {
			st = lookup(r, nd, c->key, &v);
			if (st != ST_OK)
				return st;
			*res = *v != '\0';
			free(v);
		} else {
			*res = truthy(lookup_json(r, c->key));
		}
		if (c->neg)
			*res = !*res;
		return ST_OK;
	}
	st = lookup(r, nd, c->key, &v);
	if (st != ST_OK)
		return st;
	if (is_int(v, &a) && is_int(c->value, &b))
		cmp = a < b ? -1 : a > b;
	else
		cmp = strcmp(v, c->value);
	free(v);
	switch (c->op) {
	case OP_EQ: *res = cmp == 0; break;
	case OP_NE: *res = cmp != 0; break;
	case OP_LT: *res = cmp < 0; break;
	case OP_LE: *res = cmp <= 0; break;
	case OP_GT: *res = cmp > 0; break;
	case OP_GE: *res = cmp >= 0; break;
	default: *res = 0; break;
	}
	return ST_OK;
}

static enum status render_list(struct render *r, const struct nodelist *l);

static enum status
render_node(struct render *r, const struct node *nd)
{
	struct strbuf b = {0};
	enum status st = ST_OK;
	json_t *list;
	int res, saved;
	size_t i;

	switch (nd->kind) {
	case N_LINE:
	case N_CENTER:
	case N_RIGHT:
		return render_line(r, nd);
	case N_ROW:
		return render_row(r, nd);
	case N_COLS:
		r->cols = nd;
		return ST_OK;
	case N_RULE:
		for (i = 0; i < (size_t)r->width; i++)
			sb_add(&b, nd->rule);
		emit(r, b.s, b.len);
		sb_free(&b);
		return ST_OK;
	case N_PAGE:
		olines_push(r->out, NULL, 0);
		return ST_OK;
	case N_IF:
		st = eval_cond(r, nd, &res);
		if (st != ST_OK)
			return st;
		return render_list(r, res ? &nd->body : &nd->alt);
	case N_KEEP:
		saved = r->keep;
		if (!saved)
			r->keep = ++r->next_keep;
		st = render_list(r, &nd->body);
		r->keep = saved;
		return st;
	case N_EACH:
		list = lookup_json(r, nd->key);
		if (!list || json_is_null(list))
			return ST_OK;
		if (!json_is_array(list))
			return rerr(r, nd, ST_INVALID,
				    "%%each: «%s» должно быть списком", nd->key);
		if (r->nscopes == MAX_DEPTH)
			return rerr(r, nd, ST_INVALID,
				    "слишком глубокая вложенность %%each");
		r->nscopes++;
		for (i = 0; i < json_array_size(list) && st == ST_OK; i++) {
			r->scopes[r->nscopes - 1].item = json_array_get(list, i);
			r->scopes[r->nscopes - 1].index = i;
			st = render_list(r, &nd->body);
		}
		r->nscopes--;
		return st;
	}
	return ST_OK;
}

static enum status
render_list(struct render *r, const struct nodelist *l)
{
	enum status st;
	size_t i;

	for (i = 0; i < l->n; i++) {
		st = render_node(r, l->v[i]);
		if (st != ST_OK)
			return st;
	}
	return ST_OK;
}

static void
olines_push_front(struct olines *o, char *s)
{
	olines_push(o, s, 0);
	memmove(o->v + 1, o->v, (o->n - 1) * sizeof *o->v);
	o->v[0].s = s;
	o->v[0].keep = 0;
}

/* The first line of every page printed from a training database. */
static char *
training_line(int width)
{
	int pad = (width - (int)utf8_len(TEMPLATE_TRAINING_MARK)) / 2;

	return xasprintf("%*s%s", pad > 0 ? pad : 0, "",
			 TEMPLATE_TRAINING_MARK);
}

/* Render the header or footer of one page. */
static enum status
render_section(struct render *r, const struct nodelist *l, int page,
	       int pages, struct olines *out)
{
	struct olines *saved = r->out;
	enum status st;

	r->out = out;
	r->page = page;
	r->pages = pages;
	r->cols = NULL;
	st = render_list(r, l);
	r->out = saved;
	r->page = r->pages = 0;
	return st;
}

static int
page_lines(const struct template *t, int width)
{
	int best = -1, lines = TEMPLATE_DEFAULT_LINES;
	size_t i;

	for (i = 0; i < t->nlines; i++) {
		if (t->lines[i].width <= width && t->lines[i].width > best) {
			best = t->lines[i].width;
			lines = t->lines[i].lines;
		}
	}
	return lines;
}

static int
blank(const struct oline *l)
{
	return l->s && !*l->s;
}

/* Lay the body out on pages of `lines` lines assuming `pages` pages in
 * all; the text goes to out (when not NULL) and the real page count to
 * *count. */
static enum status
paginate(struct render *r, const struct olines *body, int lines, int pages,
	 struct strbuf *out, int *count)
{
	struct olines hdr = {0}, ftr = {0};
	enum status st = ST_OK;
	size_t i = 0, j, g;
	int page = 0, cap, used, k;

	while (i < body->n || page == 0) {
		page++;
		olines_free(&hdr);
		olines_free(&ftr);
		st = render_section(r, &r->t->header, page, pages, &hdr);
		if (st == ST_OK)
			st = render_section(r, &r->t->footer, page, pages, &ftr);
		if (st != ST_OK)
			goto out;
		if (clock_training())
			olines_push_front(&hdr, training_line(r->width));
		cap = lines - (int)hdr.n - (int)ftr.n;
		if (cap < 1) {
			st = rerr(r, NULL, ST_INVALID,
				  "верхний и нижний колонтитулы занимают весь лист (%d строк)", lines);
			goto out;
		}
		if (out) {
			if (page > 1)
				sb_addc(out, '\f');
			for (j = 0; j < hdr.n; j++)
				sb_printf(out, "%s\n", hdr.v[j].s);
		}
		/* a page other than the first does not start blank */
		if (page > 1)
			while (i < body->n && blank(&body->v[i]))
				i++;
		used = 0;
		while (i < body->n && used < cap) {
			if (!body->v[i].s) {
				i++;
				if (used > 0)
					break;
				continue;
			}
			if (body->v[i].keep &&
			    (i == 0 || body->v[i - 1].keep != body->v[i].keep)) {
				for (g = i; g < body->n &&
				     body->v[g].keep == body->v[i].keep; g++)
					;
				if ((int)(g - i) > cap - used &&
				    (int)(g - i) <= cap && used > 0)
					break;
			}
			if (out)
				sb_printf(out, "%s\n", body->v[i].s);
			used++;
			i++;
		}
		if (out && ftr.n > 0) {
			for (k = used; k < cap; k++)
				sb_addc(out, '\n');
			for (j = 0; j < ftr.n; j++)
				sb_printf(out, "%s\n", ftr.v[j].s);
		}
		if (page > 10000) {
			st = rerr(r, NULL, ST_INVALID, "слишком много листов");
			goto out;
		}
	}
	*count = page;
out:
	olines_free(&hdr);
	olines_free(&ftr);
	return st;
}

enum status
template_render(const struct template *t, json_t *ctx, int width,
		struct strbuf *out, struct err *e)
{
	struct olines body = {0};
	struct render r;
	enum status st;
	json_t *off;
	long n;
	int lines, pages = 1, count = 0, tries;

	if (!t || !out)
		return err_set(e, ST_USAGE, "", "Нет шаблона");
	if (width < TEMPLATE_MIN_WIDTH || width > TEMPLATE_MAX_WIDTH)
		return err_set(e, ST_USAGE, "width",
			       "Ширина листа %d вне допустимых пределов (%d..%d знаков)", width, TEMPLATE_MIN_WIDTH,
			       TEMPLATE_MAX_WIDTH);
	if (ctx && !json_is_object(ctx))
		return err_set(e, ST_USAGE, "", "Данные документа должны быть JSON-объектом");
	memset(&r, 0, sizeof r);
	r.t = t;
	r.ctx = ctx;
	r.width = width;
	r.e = e;
	r.out = &body;
	off = ctx ? json_object_get(ctx, "sheet_offset") : NULL;
	if (json_is_string(off) && is_int(json_string_value(off), &n))
		r.sheet_offset = n;
	else if (json_is_integer(off))
		r.sheet_offset = (long)json_integer_value(off);
	/* A %cols set in the header carries over to the body, so the column
	 * heads of a table and its rows share one layout. */
	st = render_section(&r, &t->header, 1, 1, &body);
	olines_free(&body);
	if (st == ST_OK)
		st = render_list(&r, &t->body);
	if (st != ST_OK)
		goto out;
	lines = page_lines(t, width);
	/* The header or footer may depend on the page count ("Лист N из M",
	 * shown only when M > 1), which changes the room for the body:
	 * repeat until the count is stable. */
	for (tries = 0; tries < 8; tries++) {
		st = paginate(&r, &body, lines, pages, NULL, &count);
		if (st != ST_OK)
			goto out;
		if (count == pages)
			break;
		pages = count;
	}
	st = paginate(&r, &body, lines, pages, out, &count);
out:
	olines_free(&body);
	return st;
}
