/* SPDX-License-Identifier: MIT */
/* Print templates: parser of the .tpl line format (the renderer is
 * template_render.c). */
#include "template.h"
#include "template_int.h"
#include "clock.h"
#include "fileio.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"

/* ---------------------------------------------------------------- */
/* Freeing                                                          */

static void nodelist_free(struct nodelist *l);

static void
text_free(struct text *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		free(t->v[i].text);
	free(t->v);
	t->v = NULL;
	t->n = 0;
}

static void
node_free(struct node *nd)
{
	size_t i;

	if (!nd)
		return;
	text_free(&nd->text);
	for (i = 0; i < nd->ncells; i++)
		text_free(&nd->cells[i]);
	free(nd->cells);
	free(nd->cols);
	free(nd->cond.key);
	free(nd->cond.value);
	free(nd->key);
	nodelist_free(&nd->body);
	nodelist_free(&nd->alt);
	free(nd);
}

static void
nodelist_free(struct nodelist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		node_free(l->v[i]);
	free(l->v);
	memset(l, 0, sizeof *l);
}

static void
nodelist_push(struct nodelist *l, struct node *nd)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->v = xrealloc(l->v, l->cap * sizeof *l->v);
	}
	l->v[l->n++] = nd;
}

void
template_free(struct template *t)
{
	if (!t)
		return;
	nodelist_free(&t->header);
	nodelist_free(&t->footer);
	nodelist_free(&t->body);
	free(t->lines);
	free(t->name);
	free(t->id);
	free(t->version);
	free(t->title);
	free(t->text);
	free(t);
}

/* ---------------------------------------------------------------- */
/* Parser                                                           */

struct parser {
	const char *name;
	int line;
	struct errlist *errs;
	int nerr;
};

static void perr(struct parser *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
perr(struct parser *p, const char *fmt, ...)
{
	char msg[ERR_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	p->nerr++;
	if (p->errs)
		errlist_add(p->errs, ST_INVALID, "", "%s:%d: %s", p->name,
			    p->line, msg);
}

static int
key_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_';
}

static int
valid_key(const char *k)
{
	if (strcmp(k, "#") == 0 || strcmp(k, ".") == 0)
		return 1;
	if (!*k)
		return 0;
	for (; *k; k++)
		if (!key_char(*k))
			return 0;
	return 1;
}

static void
text_push(struct text *t, int var, char *s, int filters)
{
	t->v = xrealloc(t->v, (t->n + 1) * sizeof *t->v);
	t->v[t->n].var = var;
	t->v[t->n].text = s;
	t->v[t->n].filters = filters;
	t->n++;
}

/* Parse "{key|filter}" placeholders in s[0..len). {{ and }} are literal
 * braces. Returns 0, or -1 after reporting. */
static int
parse_text(struct parser *p, const char *s, size_t len, struct text *out)
{
	struct strbuf lit = {0};
	const char *end = s + len, *close;
	char *inner, *f, *save;
	int filters, rc = 0;

	while (s < end) {
		if (*s == '{' && s + 1 < end && s[1] == '{') {
			sb_addc(&lit, '{');
			s += 2;
			continue;
		}
		if (*s == '}' && s + 1 < end && s[1] == '}') {
			sb_addc(&lit, '}');
			s += 2;
			continue;
		}
		if (*s == '}') {
			perr(p, "лишняя «}» (чтобы напечатать скобку, пишите «}}»)");
			rc = -1;
			goto out;
		}
		if (*s != '{') {
			sb_addc(&lit, *s++);
			continue;
		}
		close = memchr(s, '}', (size_t)(end - s));
		if (!close) {
			perr(p, "незакрытая «{» (чтобы напечатать скобку, пишите «{{»)");
			rc = -1;
			goto out;
		}
		if (lit.len)
			text_push(out, 0, sb_take(&lit), 0);
		inner = xstrndup(s + 1, (size_t)(close - s - 1));
		filters = 0;
		save = strchr(inner, '|');
		if (save)
			*save++ = '\0';
		str_trim(inner);
		while (save) {
			f = save;
			save = strchr(f, '|');
			if (save)
				*save++ = '\0';
			str_trim(f);
			if (strcmp(f, "upper") == 0)
				filters |= F_UPPER;
			else if (strcmp(f, "date") == 0)
				filters |= F_DATE;
			else if (strcmp(f, "time") == 0)
				filters |= F_TIME;
			else {
				perr(p, "неизвестный фильтр «%s» (есть upper, date, time)", f);
				rc = -1;
			}
		}
		if (!valid_key(inner)) {
			perr(p, "неверное имя значения «%s» (латинские буквы, цифры и _, или # и .)", inner);
			rc = -1;
			free(inner);
		} else {
			text_push(out, 1, inner, filters);
		}
		s = close + 1;
	}
	if (lit.len)
		text_push(out, 0, sb_take(&lit), 0);
out:
	sb_free(&lit);
	return rc;
}

/* %cols: "8 | >10 | * |" — numbers, "*" and "|" bars. */
static int
parse_cols(struct parser *p, char *args, struct node *nd)
{
	char *tok, *save = NULL, *endp;
	struct colitem c;
	int ncol = 0, nstar = 0;
	long w;

	for (tok = strtok_r(args, " ", &save); tok;
	     tok = strtok_r(NULL, " ", &save)) {
		memset(&c, 0, sizeof c);
		c.align = '<';
		if (strcmp(tok, "|") == 0) {
			c.bar = 1;
		} else {
			if (*tok == '<' || *tok == '>' || *tok == '^')
				c.align = *tok++;
			if (strcmp(tok, "*") == 0) {
				c.star = 1;
				nstar++;
			} else {
				errno = 0;
				w = strtol(tok, &endp, 10);
				if (!*tok || *endp || w < 1 ||
				    w > TEMPLATE_MAX_WIDTH) {
					perr(p, "%%cols: неверная ширина колонки «%s» (число 1..%d или *)", tok,
						TEMPLATE_MAX_WIDTH);
					return -1;
				}
				c.width = (int)w;
			}
			ncol++;
		}
		nd->cols = xrealloc(nd->cols, (nd->ncols + 1) * sizeof c);
		nd->cols[nd->ncols++] = c;
	}
	if (ncol == 0) {
		perr(p, "%%cols без колонок");
		return -1;
	}
	return 0;
}

/* %row: cells separated by "|" outside placeholders. */
static int
parse_row(struct parser *p, const char *args, struct node *nd)
{
	const char *s = args, *start = args;
	int depth = 0, rc = 0;
	char *cell;

	for (;; s++) {
		if (*s == '{')
			depth = 1;
		else if (*s == '}')
			depth = 0;
		if (*s == '\0' || (*s == '|' && !depth)) {
			cell = xstrndup(start, (size_t)(s - start));
			str_trim(cell);
			nd->cells = xrealloc(nd->cells,
					     (nd->ncells + 1) * sizeof *nd->cells);
			memset(&nd->cells[nd->ncells], 0, sizeof *nd->cells);
			if (parse_text(p, cell, strlen(cell),
				       &nd->cells[nd->ncells]) != 0)
				rc = -1;
			nd->ncells++;
			free(cell);
			if (*s == '\0')
				break;
			start = s + 1;
		}
	}
	return rc;
}

static int
parse_cond(struct parser *p, const char *args, struct cond *c)
{
	static const struct {
		const char *s;
		enum op op;
	} ops[] = {
		{"!=", OP_NE}, {"<=", OP_LE}, {">=", OP_GE},
		{"=", OP_EQ},  {"<", OP_LT},  {">", OP_GT},
	};
	const char *s = args, *k;
	size_t i, vl;

	while (*s == ' ')
		s++;
	if (*s == '!') {
		c->neg = 1;
		s++;
		while (*s == ' ')
			s++;
	}
	k = s;
	while (key_char(*s))
		s++;
	if (s == k) {
		perr(p, "%%if: нужно имя значения, например «%%if reprint=yes»");
		return -1;
	}
	c->key = xstrndup(k, (size_t)(s - k));
	while (*s == ' ')
		s++;
	if (!*s)
		return 0;
	for (i = 0; i < sizeof ops / sizeof ops[0]; i++)
		if (str_starts(s, ops[i].s))
			break;
	if (i == sizeof ops / sizeof ops[0] || c->neg) {
		perr(p, "%%if: непонятное условие «%s» (пишите «ключ», «!ключ» или «ключ=значение»)", args);
		return -1;
	}
	c->op = ops[i].op;
	s += strlen(ops[i].s);
	while (*s == ' ')
		s++;
	vl = strlen(s);
	while (vl > 0 && s[vl - 1] == ' ')
		vl--;
	if (vl >= 2 && s[0] == '"' && s[vl - 1] == '"') {
		s++;
		vl -= 2;
	}
	c->value = xstrndup(s, vl);
	return 0;
}

/* Check one source line: valid UTF-8 and no control characters. */
static int
check_line(struct parser *p, const char *s, size_t len)
{
	uint32_t cp;
	int k;

	while (len > 0) {
		k = utf8_decode(s, len, &cp);
		if (k == 0) {
			perr(p, "текст не в кодировке UTF-8 (байт 0x%02X)",
			     (unsigned)(unsigned char)*s);
			return -1;
		}
		if (cp == '\t') {
			perr(p, "знак табуляции: выравнивайте пробелами");
			return -1;
		}
		if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0)) {
			perr(p, "управляющий символ \\x%02x в шаблоне",
			     (unsigned)cp);
			return -1;
		}
		s += k;
		len -= (size_t)k;
	}
	return 0;
}

struct frame {
	struct node *nd;
	struct nodelist *list; /* where children go now */
};

static const char *
kind_name(enum node_kind k)
{
	return k == N_IF ? "%if" : k == N_EACH ? "%each" : "%keep";
}

static char *
name_to_id(const char *name)
{
	const char *b = strrchr(name, '/');
	size_t n;

	b = b ? b + 1 : name;
	n = strlen(b);
	if (n > 4 && strcmp(b + n - 4, ".tpl") == 0)
		n -= 4;
	return xstrndup(b, n);
}

static struct node *
node_new(enum node_kind kind, int line)
{
	struct node *nd = xcalloc(1, sizeof *nd);

	nd->kind = kind;
	nd->line = line;
	return nd;
}

static void
parse_lines_rule(struct parser *p, struct template *t, char *args)
{
	int a, b, n;

	n = sscanf(args, "%d %d", &a, &b);
	if (n == 1 && a >= 5 && a <= 1000) {
		b = a;
		a = 0;
	} else if (!(n == 2 && a >= TEMPLATE_MIN_WIDTH &&
		     a <= TEMPLATE_MAX_WIDTH && b >= 5 && b <= 1000)) {
		perr(p, "%%lines: пишите «%%lines 60» или «%%lines 132 44» (ширина и число строк на листе)");
		return;
	}
	t->lines = xrealloc(t->lines, (t->nlines + 1) * sizeof *t->lines);
	t->lines[t->nlines].width = a;
	t->lines[t->nlines].lines = b;
	t->nlines++;
}

static int
empty_line(const struct node *nd)
{
	return nd->kind == N_LINE && nd->text.n == 0 && !nd->blank;
}

/* Empty source lines around a section only separate it from the next
 * directive; they are not part of the document. */
static void
trim_section(struct nodelist *l)
{
	size_t skip = 0;

	while (l->n > 0 && empty_line(l->v[l->n - 1]))
		node_free(l->v[--l->n]);
	while (skip < l->n && empty_line(l->v[skip]))
		node_free(l->v[skip++]);
	if (skip > 0)
		memmove(l->v, l->v + skip, (l->n - skip) * sizeof *l->v);
	l->n -= skip;
}

/* The parser's place: the open blocks and where lines go now. */
struct tplace {
	struct parser *p;
	struct template *t;
	struct frame stack[MAX_DEPTH];
	int depth;
	struct nodelist *cur, *section;
};

/* %id, %version, %title, %lines, %header, %footer, %body: 1 when dir is
 * one of them. */
static int
header_directive(struct tplace *pl, const char *dir, char *args)
{
	struct template *t = pl->t;

	if (strcmp(dir, "id") && strcmp(dir, "version") &&
	    strcmp(dir, "title") && strcmp(dir, "lines") &&
	    strcmp(dir, "header") && strcmp(dir, "footer") &&
	    strcmp(dir, "body"))
		return 0;
	if (pl->depth > 0) {
		perr(pl->p, "%%%s внутри блока %s (строка %d)", dir,
		     kind_name(pl->stack[pl->depth - 1].nd->kind),
		     pl->stack[pl->depth - 1].nd->line);
		return 1;
	}
	str_trim(args);
	if (strcmp(dir, "id") == 0) {
		free(t->id);
		t->id = xstrdup(args);
	} else if (strcmp(dir, "version") == 0) {
		free(t->version);
		t->version = xstrdup(args);
	} else if (strcmp(dir, "title") == 0) {
		free(t->title);
		t->title = xstrdup(args);
	} else if (strcmp(dir, "lines") == 0) {
		parse_lines_rule(pl->p, t, args);
	} else {
		pl->cur = pl->section = dir[0] == 'h' ? &t->header
				      : dir[0] == 'f' ? &t->footer
						      : &t->body;
	}
	return 1;
}

/* %if, %each, %keep, %else, %end: 1 when dir is one of them. */
static int
block_directive(struct tplace *pl, const char *dir, char *args)
{
	struct parser *p = pl->p;
	struct frame *top = pl->depth ? &pl->stack[pl->depth - 1] : NULL;
	struct node *nd;

	if (!strcmp(dir, "else")) {
		if (!top || top->nd->kind != N_IF || top->nd->has_else) {
			perr(p, "%%else без своего %%if");
			return 1;
		}
		top->nd->has_else = 1;
		pl->cur = top->list = &top->nd->alt;
		return 1;
	}
	if (!strcmp(dir, "end")) {
		if (!top) {
			perr(p, "%%end без открытого %%if, %%each или %%keep");
			return 1;
		}
		pl->depth--;
		pl->cur = pl->depth > 0 ? pl->stack[pl->depth - 1].list
					: pl->section;
		return 1;
	}
	if (strcmp(dir, "if") && strcmp(dir, "each") && strcmp(dir, "keep"))
		return 0;
	if (pl->depth == MAX_DEPTH) {
		perr(p, "слишком глубокая вложенность блоков");
		return 1;
	}
	nd = node_new(dir[0] == 'i' ? N_IF : dir[0] == 'e' ? N_EACH : N_KEEP,
		      p->line);
	if (nd->kind == N_IF && parse_cond(p, args, &nd->cond) != 0) {
		/* keep the block so its %end matches */
	} else if (nd->kind == N_EACH) {
		str_trim(args);
		if (!valid_key(args) || args[0] == '#' || args[0] == '.')
			perr(p, "%%each: нужно имя списка, например «%%each documents»");
		nd->key = xstrdup(args);
	}
	nodelist_push(pl->cur, nd);
	pl->stack[pl->depth].nd = nd;
	pl->stack[pl->depth].list = &nd->body;
	pl->depth++;
	pl->cur = &nd->body;
	return 1;
}

/* %rule [CHARACTER]: a line of that character (default "-"). */
static struct node *
rule_node(struct parser *p, char *args)
{
	struct node *nd = node_new(N_RULE, p->line);
	uint32_t cp;
	int k;

	str_trim(args);
	if (!*args) {
		strcpy(nd->rule, "-");
	} else if ((k = utf8_decode(args, strlen(args), &cp)) > 0 &&
		   args[k] == '\0') {
		memcpy(nd->rule, args, (size_t)k + 1);
	} else {
		perr(p, "%%rule: нужен один символ линии, например «%%rule =»");
		node_free(nd);
		return NULL;
	}
	return nd;
}

/* %center, %right, %row, %cols, %rule, %blank, %page: the node, or NULL
 * after an error. */
static struct node *
line_directive(struct parser *p, const char *dir, char *args)
{
	struct node *nd;
	int bad = 0;

	if (!strcmp(dir, "center") || !strcmp(dir, "right")) {
		nd = node_new(dir[0] == 'c' ? N_CENTER : N_RIGHT, p->line);
		bad = parse_text(p, args, strlen(args), &nd->text) != 0;
	} else if (!strcmp(dir, "row")) {
		nd = node_new(N_ROW, p->line);
		bad = parse_row(p, args, nd) != 0;
	} else if (!strcmp(dir, "cols")) {
		nd = node_new(N_COLS, p->line);
		bad = parse_cols(p, args, nd) != 0;
	} else if (!strcmp(dir, "rule")) {
		return rule_node(p, args);
	} else if (!strcmp(dir, "blank")) {
		nd = node_new(N_LINE, p->line);
		nd->blank = 1;
	} else if (!strcmp(dir, "page")) {
		nd = node_new(N_PAGE, p->line);
	} else {
		perr(p, "неизвестная директива «%%%s» (строка с %% в начале пишется как %%%%)", dir);
		return NULL;
	}
	if (bad) {
		node_free(nd);
		return NULL;
	}
	return nd;
}

/* One source line (its text, len bytes, already without the newline). */
static void
parse_source_line(struct tplace *pl, char *line, size_t len)
{
	struct parser *p = pl->p;
	struct node *nd;
	char *dir, *args;

	if (check_line(p, line, len) != 0)
		return;
	if (line[0] != '%' || line[1] == '%') {
		nd = node_new(N_LINE, p->line);
		if (parse_text(p, line + (line[0] == '%'),
			       len - (line[0] == '%'), &nd->text) != 0)
			node_free(nd);
		else
			nodelist_push(pl->cur, nd);
		return;
	}
	if (line[1] == '#')
		return;
	dir = line + 1;
	args = dir + strcspn(dir, " ");
	if (*args)
		*args++ = '\0';
	/* args keep their inner spacing: %center and plain text do */
	if (header_directive(pl, dir, args) || block_directive(pl, dir, args))
		return;
	if ((nd = line_directive(p, dir, args)))
		nodelist_push(pl->cur, nd);
}

/* What a parsed template lacks: the id from its name, empty version and
 * title; the blank lines around each section trimmed. */
static void
finish_template(struct template *t)
{
	trim_section(&t->header);
	trim_section(&t->footer);
	trim_section(&t->body);
	if (!t->id || !*t->id) {
		free(t->id);
		t->id = name_to_id(t->name);
	}
	if (!t->version)
		t->version = xstrdup("");
	if (!t->title)
		t->title = xstrdup("");
}

enum status
template_parse(const char *name, const char *text, struct template **out,
	       struct errlist *errs)
{
	struct parser p = {name ? name : "шаблон", 0, errs, 0};
	struct tplace pl;
	struct template *t;
	const char *s, *eol;
	char *line;
	size_t len;

	*out = NULL;
	t = xcalloc(1, sizeof *t);
	t->name = xstrdup(p.name);
	t->text = xstrdup(text ? text : "");
	memset(&pl, 0, sizeof pl);
	pl.p = &p;
	pl.t = t;
	pl.cur = pl.section = &t->body;
	s = t->text;
	if (str_starts(s, "\xEF\xBB\xBF"))
		s += 3;
	while (*s) {
		p.line++;
		eol = strchr(s, '\n');
		len = eol ? (size_t)(eol - s) : strlen(s);
		if (len > 0 && s[len - 1] == '\r')
			len--;
		line = xstrndup(s, len);
		s = eol ? eol + 1 : s + strlen(s);
		parse_source_line(&pl, line, len);
		free(line);
	}
	while (pl.depth > 0) {
		pl.depth--;
		perr(&p, "блок %s из строки %d не закрыт (нет %%end)",
		     kind_name(pl.stack[pl.depth].nd->kind),
		     pl.stack[pl.depth].nd->line);
	}
	if (p.nerr > 0) {
		template_free(t);
		return ST_INVALID;
	}
	finish_template(t);
	*out = t;
	return ST_OK;
}

enum status
template_load(const char *path, struct template **out, struct errlist *errs)
{
	struct err e = {0};
	enum status st;
	char *text;
	size_t n;

	*out = NULL;
	if (fileio_read(path, (size_t)4 << 20, 0, "", &text, &n, &e) != ST_OK) {
		if (errs)
			errlist_add(errs, ST_NOTFOUND, "",
				    "%s: не удалось открыть шаблон: %s", path,
				    e.msg);
		return ST_NOTFOUND;
	}
	if (strlen(text) != n) {
		free(text);
		if (errs)
			errlist_add(errs, ST_INVALID, "",
				    "%s: в шаблоне нулевой байт", path);
		return ST_INVALID;
	}
	st = template_parse(path, text, out, errs);
	free(text);
	return st;
}

const char *
template_id(const struct template *t)
{
	return t->id;
}

const char *
template_version(const struct template *t)
{
	return t->version;
}

const char *
template_title(const struct template *t)
{
	return t->title;
}

const char *
template_text(const struct template *t)
{
	return t->text;
}
