/* SPDX-License-Identifier: MIT */
/* The small expression language of the rule files (forms/rules/README.md):
 * parsing with column-precise messages, and evaluation in three-valued
 * logic, where a value that is not filled is "unknown" and a check on it
 * neither passes nor fails. Names are resolved by the host (struct
 * rx_env): field keys, @context values, $let values, and the functions
 * that need the database (settings, history, reference tables, the
 * working-day calendar). */
#ifndef OKNO_REXPR_H
#define OKNO_REXPR_H

#include <stddef.h>

#include "date.h"

enum rx_type {
	RX_NULL,  /* not filled, unknown */
	RX_BOOL,
	RX_NUM,   /* whole number */
	RX_STR,   /* UTF-8 text */
	RX_DATE,  /* a calendar date, held as days since 1970-01-01 */
};

struct rx_val {
	enum rx_type t;
	long long n;  /* BOOL 0/1, NUM, DATE (days) */
	char *s;      /* STR: owned */
};

void rx_val_free(struct rx_val *v);
struct rx_val rx_null(void);
struct rx_val rx_bool(int b);
struct rx_val rx_num(long long n);
struct rx_val rx_str(const char *s);   /* copies s */
struct rx_val rx_date(struct date d);
struct date rx_val_date(const struct rx_val *v);
/* A value as a person reads it: dates ДД.ММ.ГГГГ, да/нет, numbers,
 * text as is; "" for unknown. Returns a new string. */
char *rx_val_text(const struct rx_val *v);

/* Host functions: evaluated by the host's call hook. */
#define RX_HOST_FUNCS(X)                                                  \
	X(RXF_SETTING,     "setting",     2) /* setting("key", default) */   \
	X(RXF_ACTIVE_CASE, "active_case", 2) /* active_case("svc,svc", doc) */\
	X(RXF_IN_LIST,     "in_list",     2) /* in_list("list", v) */        \
	X(RXF_IN_LIST_WITHIN, "in_list_within", 4) /* in_list_within("list",\
					    * v, "parent list", parent v) */ \
	X(RXF_WORKDAYS,    "workdays",    2) /* working days after a to b */ \
	X(RXF_DUE,         "due",         2) /* n-th working day after d */

enum rx_host_func {
#define X(name, text, arity) name,
	RX_HOST_FUNCS(X)
#undef X
	RXF__COUNT
};

/* What a name in an expression can be. */
enum rx_ref {
	RX_REF_FIELD,  /* key: a form field */
	RX_REF_CTX,    /* @name */
	RX_REF_LET,    /* $name */
};

struct rx_env {
	/* Resolve a name to a value (*out owned by the caller). Return 0, or
	 * -1 when the name is unknown (an evaluation error). */
	int (*name)(void *u, enum rx_ref kind, const char *name,
		    struct rx_val *out);
	/* Evaluate a host function on evaluated arguments. Return 0, or -1
	 * on a failure (storage); msg (size n) then says why. */
	int (*call)(void *u, enum rx_host_func f, const struct rx_val *args,
		    size_t nargs, struct rx_val *out, char *msg, size_t n);
	void *u;
};

struct rx_node;

/* Parse an expression. On success returns the tree; on failure NULL with
 * a Russian message in msg (size n) that names the column ("позиция 12:
 * ожидается «)»"). */
struct rx_node *rx_parse(const char *text, char *msg, size_t n);
void rx_free(struct rx_node *node);

/* Visit every name the expression uses (for load-time checks). The
 * visitor returns nonzero to stop; rx_names returns that value. */
int rx_names(const struct rx_node *node,
	     int (*visit)(void *u, enum rx_ref kind, const char *name),
	     void *u);
/* Visit every host function call with its arguments that are string
 * literals (lits[i] NULL for the others), for load-time checks of setting
 * keys and list names. */
int rx_calls(const struct rx_node *node,
	     int (*visit)(void *u, enum rx_host_func f,
			  const char *const *lits, size_t n),
	     void *u);

/* Evaluate. Returns 0 and *out (free with rx_val_free), or -1 with a
 * message in msg: a type error or a host failure. */
int rx_eval(const struct rx_node *node, const struct rx_env *env,
	    struct rx_val *out, char *msg, size_t n);

/* Truth of a value: 1 true, 0 false, -1 unknown (NULL). A non-boolean
 * is unknown too. */
int rx_truth(const struct rx_val *v);

#endif
