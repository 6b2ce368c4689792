/* SPDX-License-Identifier: MIT */
/* Rule expressions: a recursive-descent parser into a small tree and a
 * three-valued evaluator (an unfilled value is unknown, and so is every
 * comparison and sum it takes part in). */
#include "rexpr.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "util.h"
#include "validate.h"

#define RX_MAX_DEPTH 64   /* nesting: enough for any rule, bounded stack */
#define RX_MAX_ARGS 16
#define RX_NAME_MAX 63

/* ---------------------------------------------------------------- */
/* Values                                                           */

void
rx_val_free(struct rx_val *v)
{
	if (!v)
		return;
	free(v->s);
	v->s = NULL;
	v->t = RX_NULL;
}

struct rx_val
rx_null(void)
{
	struct rx_val v = {RX_NULL, 0, NULL};

	return v;
}

struct rx_val
rx_bool(int b)
{
	struct rx_val v = {RX_BOOL, b != 0, NULL};

	return v;
}

struct rx_val
rx_num(long long n)
{
	struct rx_val v = {RX_NUM, n, NULL};

	return v;
}

struct rx_val
rx_str(const char *s)
{
	struct rx_val v = {RX_STR, 0, xstrdup(s ? s : "")};

	return v;
}

struct rx_val
rx_date(struct date d)
{
	struct rx_val v = {RX_DATE, date_to_days(d), NULL};

	return v;
}

struct date
rx_val_date(const struct rx_val *v)
{
	return date_from_days((long)v->n);
}

static struct rx_val
val_copy(const struct rx_val *v)
{
	struct rx_val c = *v;

	if (v->t == RX_STR)
		c.s = xstrdup(v->s);
	return c;
}

char *
rx_val_text(const struct rx_val *v)
{
	char ru[11];

	switch (v->t) {
	case RX_BOOL:
		return xstrdup(v->n ? "да" : "нет");
	case RX_NUM:
		return xasprintf("%lld", v->n);
	case RX_STR:
		return xstrdup(v->s);
	case RX_DATE:
		date_format_ru(rx_val_date(v), ru);
		return xstrdup(ru);
	case RX_NULL:
		break;
	}
	return xstrdup("");
}

int
rx_truth(const struct rx_val *v)
{
	return v->t == RX_BOOL ? (int)v->n : -1;
}

/* ---------------------------------------------------------------- */
/* Tree                                                             */

enum node_kind {
	N_LIT,
	N_NAME,
	N_CALL,
	N_NOT,
	N_NEG,
	N_BIN,
	N_IN,
};

enum bin_op {
	OP_OR, OP_AND, OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE, OP_ADD,
	OP_SUB,
};

/* Functions the evaluator knows itself. */
#define BUILTINS(X)                                                        \
	X(BF_FILLED,     "filled",     1)                                  \
	X(BF_IF,         "if",         3)                                  \
	X(BF_DAYS,       "days",       2)                                  \
	X(BF_YEARS,      "years",      2)                                  \
	X(BF_MONTHS,     "months",     2)                                  \
	X(BF_ADD_DAYS,   "add_days",   2)                                  \
	X(BF_ADD_MONTHS, "add_months", 2)                                  \
	X(BF_ADD_YEARS,  "add_years",  2)                                  \
	X(BF_LEN,        "len",        1)                                  \
	X(BF_LATIN,      "latin",      1)                                  \
	X(BF_IIN_BIRTH,  "iin_birth",  1)                                  \
	X(BF_IIN_SEX,    "iin_sex",    1)                                  \
	X(BF_BIN_KIND,   "bin_kind",   1)

enum builtin {
#define X(name, text, arity) name,
	BUILTINS(X)
#undef X
	BF__COUNT
};

static const struct {
	const char *name;
	int arity;
} builtins[] = {
#define X(name, text, arity) {text, arity},
	BUILTINS(X)
#undef X
}, host_funcs[] = {
#define X(name, text, arity) {text, arity},
	RX_HOST_FUNCS(X)
#undef X
};

struct rx_node {
	enum node_kind kind;
	struct rx_val lit;         /* N_LIT */
	enum rx_ref ref;           /* N_NAME */
	char *name;                /* N_NAME */
	int host;                  /* N_CALL: 1 host function, 0 builtin */
	int fn;                    /* N_CALL */
	enum bin_op op;            /* N_BIN */
	struct rx_node **kids;     /* operands, arguments, IN: [0] in list */
	size_t nkids;
};

static struct rx_node *
node_new(enum node_kind k)
{
	struct rx_node *n = xcalloc(1, sizeof *n);

	n->kind = k;
	return n;
}

static void
node_add(struct rx_node *n, struct rx_node *kid)
{
	n->kids = xrealloc(n->kids, (n->nkids + 1) * sizeof *n->kids);
	n->kids[n->nkids++] = kid;
}

void
rx_free(struct rx_node *n)
{
	size_t i;

	if (!n)
		return;
	for (i = 0; i < n->nkids; i++)
		rx_free(n->kids[i]);
	free(n->kids);
	free(n->name);
	rx_val_free(&n->lit);
	free(n);
}

/* ---------------------------------------------------------------- */
/* Parser                                                           */

struct parser {
	const char *text;
	size_t pos;
	int depth;
	char *msg;
	size_t msgn;
	int failed;
};

static void
fail(struct parser *p, size_t at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
fail(struct parser *p, size_t at, const char *fmt, ...)
{
	char buf[256];
	size_t col = 1, i;
	va_list ap;

	if (p->failed)
		return;
	p->failed = 1;
	/* The column counts characters, not bytes. */
	for (i = 0; i < at && p->text[i]; i++)
		if (((unsigned char)p->text[i] & 0xc0) != 0x80)
			col++;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	snprintf(p->msg, p->msgn, "позиция %zu: %s", col, buf);
}

static void
skip_ws(struct parser *p)
{
	while (p->text[p->pos] == ' ' || p->text[p->pos] == '\t')
		p->pos++;
}

static int
is_word(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_';
}

/* The word at the current position (letters, digits, _), or "" . */
static size_t
word_len(const struct parser *p, size_t at)
{
	size_t n = 0;

	while (is_word(p->text[at + n]))
		n++;
	return n;
}

/* Accept keyword kw (a whole word) at the current position. */
static int
accept_kw(struct parser *p, const char *kw)
{
	size_t n = strlen(kw);

	skip_ws(p);
	if (strncmp(p->text + p->pos, kw, n) == 0 &&
	    !is_word(p->text[p->pos + n])) {
		p->pos += n;
		return 1;
	}
	return 0;
}

static int
accept_sym(struct parser *p, const char *sym)
{
	size_t n = strlen(sym);

	skip_ws(p);
	if (strncmp(p->text + p->pos, sym, n) == 0) {
		p->pos += n;
		return 1;
	}
	return 0;
}

static struct rx_node *parse_or(struct parser *p);

static struct rx_node *
parse_string(struct parser *p)
{
	struct strbuf b = {0};
	struct rx_node *n;
	size_t start = p->pos;

	p->pos++; /* the opening quote */
	for (;;) {
		char c = p->text[p->pos];

		if (!c) {
			fail(p, start, "строка в кавычках не закрыта");
			sb_free(&b);
			return NULL;
		}
		p->pos++;
		if (c == '"')
			break;
		if (c == '\\' && (p->text[p->pos] == '"' ||
				  p->text[p->pos] == '\\'))
			c = p->text[p->pos++];
		sb_addc(&b, c);
	}
	n = node_new(N_LIT);
	n->lit = rx_str(b.s ? b.s : "");
	sb_free(&b);
	return n;
}

/* A number, or a date YYYY-MM-DD. */
static struct rx_node *
parse_number(struct parser *p)
{
	const char *s = p->text + p->pos;
	struct rx_node *n;
	struct date d;
	long long v = 0;
	size_t i = 0;

	if (isdigit((unsigned char)s[0]) && isdigit((unsigned char)s[1]) &&
	    isdigit((unsigned char)s[2]) && isdigit((unsigned char)s[3]) &&
	    s[4] == '-') {
		char iso[11];

		snprintf(iso, sizeof iso, "%.10s", s);
		if (strlen(iso) != 10 || is_word(s[10]) ||
		    date_parse_iso(iso, &d) != 0) {
			fail(p, p->pos, "неверная дата «%s» (нужно ГГГГ-ММ-ДД)", iso);
			return NULL;
		}
		p->pos += 10;
		n = node_new(N_LIT);
		n->lit = rx_date(d);
		return n;
	}
	while (isdigit((unsigned char)s[i])) {
		if (v > 1000000000LL) {
			fail(p, p->pos, "слишком большое число");
			return NULL;
		}
		v = v * 10 + (s[i] - '0');
		i++;
	}
	if (is_word(s[i])) {
		fail(p, p->pos + i, "неожиданный символ после числа");
		return NULL;
	}
	p->pos += i;
	n = node_new(N_LIT);
	n->lit = rx_num(v);
	return n;
}

static int
find_func(const char *name, size_t len, int *host)
{
	size_t i;

	for (i = 0; i < BF__COUNT; i++)
		if (strlen(builtins[i].name) == len &&
		    !strncmp(builtins[i].name, name, len)) {
			*host = 0;
			return (int)i;
		}
	for (i = 0; i < RXF__COUNT; i++)
		if (strlen(host_funcs[i].name) == len &&
		    !strncmp(host_funcs[i].name, name, len)) {
			*host = 1;
			return (int)i;
		}
	return -1;
}

static struct rx_node *
parse_call(struct parser *p, size_t at, size_t len)
{
	struct rx_node *n;
	int host, fn, arity;

	fn = find_func(p->text + at, len, &host);
	if (fn < 0) {
		fail(p, at, "неизвестная функция «%.*s»", (int)len,
		     p->text + at);
		return NULL;
	}
	arity = host ? host_funcs[fn].arity : builtins[fn].arity;
	n = node_new(N_CALL);
	n->host = host;
	n->fn = fn;
	p->pos++; /* '(' */
	skip_ws(p);
	if (p->text[p->pos] != ')') {
		do {
			struct rx_node *arg;

			if (n->nkids >= RX_MAX_ARGS) {
				fail(p, p->pos, "слишком много аргументов");
				break;
			}
			if (!(arg = parse_or(p)))
				break;
			node_add(n, arg);
		} while (accept_sym(p, ","));
	}
	if (!p->failed && !accept_sym(p, ")"))
		fail(p, p->pos, "ожидается «)» или «,»");
	if (!p->failed && (int)n->nkids != arity)
		fail(p, at, "функция «%.*s» принимает %d аргумент(а), указано %zu", (int)len, p->text + at, arity, n->nkids);
	if (p->failed) {
		rx_free(n);
		return NULL;
	}
	return n;
}

static struct rx_node *
parse_primary(struct parser *p)
{
	struct rx_node *n;
	size_t at, len;
	char c;

	skip_ws(p);
	at = p->pos;
	c = p->text[at];
	if (c == '(') {
		p->pos++;
		n = parse_or(p);
		if (n && !accept_sym(p, ")")) {
			fail(p, p->pos, "ожидается «)»");
			rx_free(n);
			return NULL;
		}
		return n;
	}
	if (c == '"')
		return parse_string(p);
	if (isdigit((unsigned char)c))
		return parse_number(p);
	if (c == '@' || c == '$') {
		len = word_len(p, at + 1);
		if (!len || len > RX_NAME_MAX) {
			fail(p, at, "после «%c» ожидается имя", c);
			return NULL;
		}
		n = node_new(N_NAME);
		n->ref = c == '@' ? RX_REF_CTX : RX_REF_LET;
		n->name = xstrndup(p->text + at + 1, len);
		p->pos = at + 1 + len;
		return n;
	}
	len = word_len(p, at);
	if (!len) {
		if (!c)
			fail(p, at, "выражение оборвано");
		else
			fail(p, at, "неожиданный символ «%c»", c);
		return NULL;
	}
	if (len > RX_NAME_MAX) {
		fail(p, at, "слишком длинное имя");
		return NULL;
	}
	p->pos = at + len;
	if (p->text[p->pos] == '(')
		return parse_call(p, at, len);
	if (len == 4 && !strncmp(p->text + at, "true", 4)) {
		n = node_new(N_LIT);
		n->lit = rx_bool(1);
		return n;
	}
	if (len == 5 && !strncmp(p->text + at, "false", 5)) {
		n = node_new(N_LIT);
		n->lit = rx_bool(0);
		return n;
	}
	if ((len == 3 && !strncmp(p->text + at, "and", 3)) ||
	    (len == 2 && !strncmp(p->text + at, "or", 2)) ||
	    (len == 3 && !strncmp(p->text + at, "not", 3)) ||
	    (len == 2 && !strncmp(p->text + at, "in", 2))) {
		fail(p, at, "ожидается значение, а не «%.*s»", (int)len,
		     p->text + at);
		return NULL;
	}
	n = node_new(N_NAME);
	n->ref = RX_REF_FIELD;
	n->name = xstrndup(p->text + at, len);
	return n;
}

static struct rx_node *
parse_unary(struct parser *p)
{
	struct rx_node *n, *kid;

	if (++p->depth > RX_MAX_DEPTH) {
		fail(p, p->pos, "слишком глубокая вложенность");
		return NULL;
	}
	if (accept_sym(p, "-")) {
		if (!(kid = parse_unary(p)))
			return NULL;
		n = node_new(N_NEG);
		node_add(n, kid);
	} else {
		n = parse_primary(p);
	}
	p->depth--;
	return n;
}

static struct rx_node *
bin(enum bin_op op, struct rx_node *l, struct rx_node *r)
{
	struct rx_node *n = node_new(N_BIN);

	n->op = op;
	node_add(n, l);
	node_add(n, r);
	return n;
}

static struct rx_node *
parse_sum(struct parser *p)
{
	struct rx_node *l = parse_unary(p), *r;

	while (l) {
		enum bin_op op;

		if (accept_sym(p, "+"))
			op = OP_ADD;
		else if (accept_sym(p, "-"))
			op = OP_SUB;
		else
			break;
		if (!(r = parse_unary(p))) {
			rx_free(l);
			return NULL;
		}
		l = bin(op, l, r);
	}
	return l;
}

static struct rx_node *
parse_cmp(struct parser *p)
{
	static const struct {
		const char *sym;
		enum bin_op op;
	} ops[] = {
		{"<=", OP_LE}, {">=", OP_GE}, {"!=", OP_NE}, {"=", OP_EQ},
		{"<", OP_LT},  {">", OP_GT},
	};
	struct rx_node *l = parse_sum(p), *r;
	size_t i;

	if (!l)
		return NULL;
	if (accept_kw(p, "in")) {
		struct rx_node *n = node_new(N_IN), *list = node_new(N_CALL);

		node_add(n, l);
		node_add(n, list); /* a holder for the items */
		if (!accept_sym(p, "(")) {
			fail(p, p->pos, "после «in» ожидается список в скобках");
			rx_free(n);
			return NULL;
		}
		do {
			struct rx_node *item = parse_sum(p);

			if (!item) {
				rx_free(n);
				return NULL;
			}
			node_add(list, item);
		} while (accept_sym(p, ","));
		if (!accept_sym(p, ")")) {
			fail(p, p->pos, "ожидается «)» или «,»");
			rx_free(n);
			return NULL;
		}
		return n;
	}
	for (i = 0; i < sizeof ops / sizeof ops[0]; i++)
		if (accept_sym(p, ops[i].sym)) {
			if (!(r = parse_sum(p))) {
				rx_free(l);
				return NULL;
			}
			return bin(ops[i].op, l, r);
		}
	return l;
}

static struct rx_node *
parse_not(struct parser *p)
{
	struct rx_node *n, *kid;

	if (accept_kw(p, "not")) {
		if (++p->depth > RX_MAX_DEPTH) {
			fail(p, p->pos, "слишком глубокая вложенность");
			return NULL;
		}
		kid = parse_not(p);
		p->depth--;
		if (!kid)
			return NULL;
		n = node_new(N_NOT);
		node_add(n, kid);
		return n;
	}
	return parse_cmp(p);
}

static struct rx_node *
parse_and(struct parser *p)
{
	struct rx_node *l = parse_not(p), *r;

	while (l && accept_kw(p, "and")) {
		if (!(r = parse_not(p))) {
			rx_free(l);
			return NULL;
		}
		l = bin(OP_AND, l, r);
	}
	return l;
}

static struct rx_node *
parse_or(struct parser *p)
{
	struct rx_node *l, *r;

	if (++p->depth > RX_MAX_DEPTH) {
		fail(p, p->pos, "слишком глубокая вложенность");
		return NULL;
	}
	l = parse_and(p);
	while (l && accept_kw(p, "or")) {
		if (!(r = parse_and(p))) {
			rx_free(l);
			l = NULL;
			break;
		}
		l = bin(OP_OR, l, r);
	}
	p->depth--;
	return l;
}

struct rx_node *
rx_parse(const char *text, char *msg, size_t n)
{
	struct parser p = {text ? text : "", 0, 0, msg, n, 0};
	struct rx_node *root;

	if (n)
		msg[0] = '\0';
	root = parse_or(&p);
	if (root && !p.failed) {
		skip_ws(&p);
		if (p.text[p.pos])
			fail(&p, p.pos, "лишний текст после выражения");
	}
	if (p.failed || !root) {
		if (!p.failed)
			fail(&p, p.pos, "ошибка в выражении");
		rx_free(root);
		return NULL;
	}
	return root;
}

int
rx_names(const struct rx_node *n,
	 int (*visit)(void *u, enum rx_ref kind, const char *name), void *u)
{
	size_t i;
	int r;

	if (!n)
		return 0;
	if (n->kind == N_NAME && (r = visit(u, n->ref, n->name)))
		return r;
	for (i = 0; i < n->nkids; i++)
		if ((r = rx_names(n->kids[i], visit, u)))
			return r;
	return 0;
}

int
rx_calls(const struct rx_node *n,
	 int (*visit)(void *u, enum rx_host_func f, const char *const *lits,
		      size_t nlits),
	 void *u)
{
	size_t i;
	int r;

	if (!n)
		return 0;
	if (n->kind == N_CALL && n->host) {
		const char *lits[RX_MAX_ARGS];

		for (i = 0; i < n->nkids; i++) {
			const struct rx_node *a = n->kids[i];

			lits[i] = a->kind == N_LIT && a->lit.t == RX_STR
					  ? a->lit.s : NULL;
		}
		if ((r = visit(u, (enum rx_host_func)n->fn, lits, n->nkids)))
			return r;
	}
	for (i = 0; i < n->nkids; i++)
		if ((r = rx_calls(n->kids[i], visit, u)))
			return r;
	return 0;
}

/* ---------------------------------------------------------------- */
/* Evaluation                                                       */

struct evaluator {
	const struct rx_env *env;
	char *msg;
	size_t msgn;
};

static int
eval(struct evaluator *ev, const struct rx_node *n, struct rx_val *out);

static const char *
type_ru(enum rx_type t)
{
	switch (t) {
	case RX_NULL: return "пусто";
	case RX_BOOL: return "да/нет";
	case RX_NUM: return "число";
	case RX_STR: return "текст";
	case RX_DATE: return "дата";
	}
	return "?";
}

static int
type_error(struct evaluator *ev, const char *what, const struct rx_val *a,
	   const struct rx_val *b)
{
	if (b)
		snprintf(ev->msg, ev->msgn, "%s: несовместимые значения (%s и %s)",
			 what, type_ru(a->t), type_ru(b->t));
	else
		snprintf(ev->msg, ev->msgn, "%s: неподходящее значение (%s)",
			 what, type_ru(a->t));
	return -1;
}

static int
compare(struct evaluator *ev, enum bin_op op, const struct rx_val *a,
	const struct rx_val *b, struct rx_val *out)
{
	int c;

	if (a->t == RX_NULL || b->t == RX_NULL) {
		*out = rx_null();
		return 0;
	}
	if (a->t != b->t)
		return type_error(ev, "сравнение", a, b);
	if (a->t == RX_STR)
		c = strcmp(a->s, b->s);
	else
		c = a->n < b->n ? -1 : a->n > b->n;
	if (a->t == RX_BOOL && op != OP_EQ && op != OP_NE)
		return type_error(ev, "сравнение", a, b);
	switch (op) {
	case OP_EQ: *out = rx_bool(c == 0); break;
	case OP_NE: *out = rx_bool(c != 0); break;
	case OP_LT: *out = rx_bool(c < 0); break;
	case OP_LE: *out = rx_bool(c <= 0); break;
	case OP_GT: *out = rx_bool(c > 0); break;
	case OP_GE: *out = rx_bool(c >= 0); break;
	default: return type_error(ev, "сравнение", a, b);
	}
	return 0;
}

static int
arith(struct evaluator *ev, enum bin_op op, const struct rx_val *a,
      const struct rx_val *b, struct rx_val *out)
{
	if (a->t == RX_NULL || b->t == RX_NULL) {
		*out = rx_null();
		return 0;
	}
	if (a->t == RX_NUM && b->t == RX_NUM) {
		*out = rx_num(op == OP_ADD ? a->n + b->n : a->n - b->n);
		return 0;
	}
	if (a->t == RX_DATE && b->t == RX_NUM) {
		long long d = op == OP_ADD ? a->n + b->n : a->n - b->n;
		struct date dt = date_from_days((long)d);

		if (!date_valid(dt.y, dt.m, dt.d)) {
			*out = rx_null();
			return 0;
		}
		out->t = RX_DATE;
		out->n = d;
		out->s = NULL;
		return 0;
	}
	if (a->t == RX_DATE && b->t == RX_DATE && op == OP_SUB) {
		*out = rx_num(a->n - b->n);
		return 0;
	}
	return type_error(ev, op == OP_ADD ? "сложение" : "вычитание", a, b);
}

/* Whole months from a to b (negative when b is before a). */
static long long
whole_months(struct date a, struct date b)
{
	long long m = (long long)(b.y - a.y) * 12 + (b.m - a.m);

	if (m > 0 && b.d < a.d)
		m--;
	else if (m < 0 && b.d > a.d)
		m++;
	return m;
}

static struct rx_val
add_months(struct date d, long long months)
{
	long long total = (long long)d.y * 12 + (d.m - 1) + months;
	struct date r;
	int md;

	if (total < 1800 * 12 || total > 2199 * 12 + 11)
		return rx_null();
	r.y = (int)(total / 12);
	r.m = (int)(total % 12) + 1;
	md = date_month_days(r.y, r.m);
	r.d = d.d > md ? md : d.d;
	return rx_date(r);
}

static int
is_latin_name(const char *s)
{
	int letters = 0;

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))
			letters++;
		else if (c != ' ' && c != '-' && c != '\'')
			return 0;
	}
	return letters > 0;
}

static int
call_builtin(struct evaluator *ev, enum builtin fn, struct rx_val *a,
	     struct rx_val *out)
{
	struct date d1, d2;
	char sex;

	*out = rx_null();
	switch (fn) {
	case BF_FILLED:
		*out = rx_bool(a[0].t != RX_NULL &&
			       !(a[0].t == RX_STR && !a[0].s[0]));
		return 0;
	case BF_IF:
		break; /* evaluated lazily in eval() */
	case BF_LEN:
		if (a[0].t == RX_NULL)
			return 0;
		if (a[0].t != RX_STR)
			return type_error(ev, "len", &a[0], NULL);
		*out = rx_num((long long)utf8_len(a[0].s));
		return 0;
	case BF_LATIN:
		if (a[0].t == RX_NULL)
			return 0;
		if (a[0].t != RX_STR)
			return type_error(ev, "latin", &a[0], NULL);
		*out = rx_bool(is_latin_name(a[0].s));
		return 0;
	case BF_IIN_BIRTH:
	case BF_IIN_SEX:
	case BF_BIN_KIND:
		if (a[0].t == RX_NULL)
			return 0;
		if (a[0].t != RX_STR)
			return type_error(ev, "iin", &a[0], NULL);
		if (fn == BF_BIN_KIND) {
			if (strlen(a[0].s) == 12 && a[0].s[4] >= '0' &&
			    a[0].s[4] <= '9')
				*out = rx_num(a[0].s[4] - '0');
			return 0;
		}
		if (iin_birth(a[0].s, &d1, &sex) != 0)
			return 0;
		if (fn == BF_IIN_BIRTH)
			*out = rx_date(d1);
		else
			*out = rx_str(sex == 'm' ? "m" : "f");
		return 0;
	default:
		break;
	}
	/* Two-argument date functions. */
	if (a[0].t == RX_NULL || a[1].t == RX_NULL)
		return 0;
	switch (fn) {
	case BF_DAYS:
	case BF_YEARS:
	case BF_MONTHS:
		if (a[0].t != RX_DATE || a[1].t != RX_DATE)
			return type_error(ev, builtins[fn].name, &a[0], &a[1]);
		d1 = rx_val_date(&a[0]);
		d2 = rx_val_date(&a[1]);
		if (fn == BF_DAYS)
			*out = rx_num(a[1].n - a[0].n);
		else if (fn == BF_MONTHS)
			*out = rx_num(whole_months(d1, d2));
		else
			*out = rx_num(whole_months(d1, d2) / 12);
		return 0;
	case BF_ADD_DAYS:
	case BF_ADD_MONTHS:
	case BF_ADD_YEARS:
		if (a[0].t != RX_DATE || a[1].t != RX_NUM)
			return type_error(ev, builtins[fn].name, &a[0], &a[1]);
		d1 = rx_val_date(&a[0]);
		if (fn == BF_ADD_DAYS) {
			struct rx_val n = rx_num(a[1].n), r;

			return arith(ev, OP_ADD, &a[0], &n, &r) ? -1
				: (*out = r, 0);
		}
		*out = add_months(d1, fn == BF_ADD_MONTHS ? a[1].n
							  : a[1].n * 12);
		return 0;
	default:
		break;
	}
	return 0;
}

static int
eval_call(struct evaluator *ev, const struct rx_node *n, struct rx_val *out)
{
	struct rx_val args[RX_MAX_ARGS];
	size_t i, k;
	int r = 0;

	if (!n->host && n->fn == BF_IF) {
		struct rx_val c;
		int t;

		if (eval(ev, n->kids[0], &c))
			return -1;
		t = rx_truth(&c);
		rx_val_free(&c);
		if (t < 0) {
			*out = rx_null();
			return 0;
		}
		return eval(ev, n->kids[t ? 1 : 2], out);
	}
	for (k = 0; k < n->nkids; k++)
		if ((r = eval(ev, n->kids[k], &args[k])) != 0)
			break;
	if (!r) {
		if (n->host) {
			*out = rx_null();
			if (!ev->env || !ev->env->call) {
				snprintf(ev->msg, ev->msgn, "функция «%s» недоступна", host_funcs[n->fn].name);
				r = -1;
			} else {
				r = ev->env->call(ev->env->u,
						  (enum rx_host_func)n->fn, args,
						  k, out, ev->msg, ev->msgn);
			}
		} else {
			r = call_builtin(ev, (enum builtin)n->fn, args, out);
		}
	}
	for (i = 0; i < k; i++)
		rx_val_free(&args[i]);
	return r;
}

/* x in (a, b, ...): true when x equals one of them, null when it is
 * not known (an unknown comparison and no match). */
static int
eval_in(struct evaluator *ev, const struct rx_node *n, struct rx_val *out)
{
	const struct rx_node *list = n->kids[1];
	struct rx_val a, b;
	size_t i;
	int r, unknown = 0, found = 0;

	if (eval(ev, n->kids[0], &a))
		return -1;
	for (i = 0; i < list->nkids && !found; i++) {
		struct rx_val c = rx_null();

		if (eval(ev, list->kids[i], &b)) {
			rx_val_free(&a);
			return -1;
		}
		r = compare(ev, OP_EQ, &a, &b, &c);
		rx_val_free(&b);
		if (r) {
			rx_val_free(&a);
			return -1;
		}
		if (c.t == RX_NULL)
			unknown = 1;
		else if (c.n)
			found = 1;
	}
	rx_val_free(&a);
	*out = found ? rx_bool(1) : unknown ? rx_null() : rx_bool(0);
	return 0;
}

/* a and b, a or b with the left value a already evaluated (and freed
 * here): three-valued, short cut on false and, true or. */
static int
eval_logic(struct evaluator *ev, const struct rx_node *n, struct rx_val *a,
	   struct rx_val *out)
{
	struct rx_val b;
	int r, ta, tb;

	ta = rx_truth(a);
	if (a->t != RX_NULL && ta < 0) {
		r = type_error(ev, n->op == OP_AND ? "and" : "or", a, NULL);
		rx_val_free(a);
		return r;
	}
	rx_val_free(a);
	/* Short cut: false and x, true or x. */
	if (ta == (n->op == OP_OR)) {
		*out = rx_bool(ta);
		return 0;
	}
	if (eval(ev, n->kids[1], &b))
		return -1;
	tb = rx_truth(&b);
	if (b.t != RX_NULL && tb < 0) {
		r = type_error(ev, n->op == OP_AND ? "and" : "or", &b,
			       NULL);
		rx_val_free(&b);
		return r;
	}
	rx_val_free(&b);
	if (tb == (n->op == OP_OR))
		*out = rx_bool(tb);
	else if (ta < 0 || tb < 0)
		*out = rx_null();
	else
		*out = rx_bool(tb);
	return 0;
}

static int
eval(struct evaluator *ev, const struct rx_node *n, struct rx_val *out)
{
	struct rx_val a, b;
	int r, ta;

	*out = rx_null();
	switch (n->kind) {
	case N_LIT:
		*out = val_copy(&n->lit);
		return 0;
	case N_NAME:
		if (!ev->env || !ev->env->name ||
		    ev->env->name(ev->env->u, n->ref, n->name, out) != 0) {
			snprintf(ev->msg, ev->msgn, "неизвестное имя «%s%s»",
				 n->ref == RX_REF_CTX ? "@"
				 : n->ref == RX_REF_LET ? "$" : "", n->name);
			return -1;
		}
		return 0;
	case N_CALL:
		return eval_call(ev, n, out);
	case N_NOT:
		if (eval(ev, n->kids[0], &a))
			return -1;
		ta = rx_truth(&a);
		if (a.t != RX_NULL && ta < 0) {
			r = type_error(ev, "not", &a, NULL);
			rx_val_free(&a);
			return r;
		}
		rx_val_free(&a);
		*out = ta < 0 ? rx_null() : rx_bool(!ta);
		return 0;
	case N_NEG:
		if (eval(ev, n->kids[0], &a))
			return -1;
		r = 0;
		if (a.t == RX_NUM)
			*out = rx_num(-a.n);
		else if (a.t != RX_NULL)
			r = type_error(ev, "минус", &a, NULL);
		rx_val_free(&a);
		return r;
	case N_IN:
		return eval_in(ev, n, out);
	case N_BIN:
		break;
	}
	if (eval(ev, n->kids[0], &a))
		return -1;
	if (n->op == OP_AND || n->op == OP_OR)
		return eval_logic(ev, n, &a, out);
	if (eval(ev, n->kids[1], &b)) {
		rx_val_free(&a);
		return -1;
	}
	if (n->op == OP_ADD || n->op == OP_SUB)
		r = arith(ev, n->op, &a, &b, out);
	else
		r = compare(ev, n->op, &a, &b, out);
	rx_val_free(&a);
	rx_val_free(&b);
	return r;
}

int
rx_eval(const struct rx_node *node, const struct rx_env *env,
	struct rx_val *out, char *msg, size_t n)
{
	struct evaluator ev = {env, msg, n};

	if (n)
		msg[0] = '\0';
	return eval(&ev, node, out);
}
