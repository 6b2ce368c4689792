/* SPDX-License-Identifier: MIT */
/* Inside the print templates, what the parser (template.c) and the
 * renderer (template_render.c) share: the parsed template's nodes. Not
 * for use outside core/template*.c. */
#ifndef OKNO_TEMPLATE_INT_H
#define OKNO_TEMPLATE_INT_H

#include <stddef.h>

#include "template.h"
#include "util.h"

#define MAX_DEPTH 16 /* nesting of %if/%each/%keep */

enum { F_UPPER = 1, F_DATE = 2, F_TIME = 4 };

struct seg {
	int var;     /* 0: literal text, 1: placeholder */
	char *text;  /* the literal, or the key */
	int filters; /* F_* for placeholders */
};

/* A piece of template text with placeholders. */
struct text {
	struct seg *v;
	size_t n;
};

/* One item of a %cols layout: a column or a "|" bar. */
struct colitem {
	int bar;
	int width; /* 0 with star */
	int star;
	char align; /* '<', '>' or '^' */
};

enum op { OP_NONE, OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE };

struct cond {
	int neg;
	char *key;
	enum op op;
	char *value;
};

enum node_kind {
	N_LINE, N_CENTER, N_RIGHT, N_ROW, N_COLS, N_RULE, N_PAGE,
	N_IF, N_EACH, N_KEEP
};

struct node;

struct nodelist {
	struct node **v;
	size_t n, cap;
};

struct node {
	enum node_kind kind;
	int line;
	struct text text;      /* N_LINE, N_CENTER, N_RIGHT */
	struct text *cells;    /* N_ROW */
	size_t ncells;
	struct colitem *cols;  /* N_COLS */
	size_t ncols;
	char rule[8];          /* N_RULE: one UTF-8 character */
	struct cond cond;      /* N_IF */
	char *key;             /* N_EACH */
	struct nodelist body;  /* N_IF (then), N_EACH, N_KEEP */
	struct nodelist alt;   /* N_IF (else) */
	int has_else;
	int blank; /* %blank: an empty line that is never trimmed */
};

struct lines_rule {
	int width; /* 0: any width */
	int lines;
};

struct template {
	char *name, *id, *version, *title, *text;
	struct lines_rule *lines;
	size_t nlines;
	struct nodelist header, footer, body;
};

#endif
