/* SPDX-License-Identifier: MIT */
/* What the files of the rules engine share inside core: the rule set
 * itself and the parser's state (rules_parse.c reads a .rules file into
 * the set, rules_load.c loads a folder and checks it against the forms).
 * Nothing outside core/rules*.c includes this. */
#ifndef OKNO_RULES_INT_H
#define OKNO_RULES_INT_H

#include <stddef.h>

#include "reflist.h"
#include "rules.h"
#include "status.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

struct ruleset {
	struct rule *rules;
	size_t nrules, caprules;
	struct rule_step *steps;
	size_t nsteps, capsteps;
	struct rule_service *services;
	size_t nservices, capservices;
	struct reflist **lists;       /* the reference lists the rules name */
	size_t nlists, caplists;
	char *forms_dir;
};

/* The services' codes, as the rules name them. */
extern const char *const rules_service_codes[3];

enum block {
	B_NONE,
	B_RULE,
	B_VALUE,
	B_STEP,
	B_SERVICE,
};

struct parser {
	const char *name;       /* file name for messages */
	struct ruleset *rs;
	struct errlist *errs;
	int nerr;
	int lineno;
	enum block block;
	int block_line;
	/* what the open block has seen */
	int seen_severity, seen_fields, seen_expr, seen_text_ru, seen_text_kk,
	    seen_source, seen_service, seen_term, seen_starts, seen_ends,
	    seen_unit, seen_action, seen_result, seen_standard, seen_refusal;
};

/* A problem at line of the file being read ("file:line: ..." in the
 * parser's errlist); past the first few only counted. */
void rules_perr(struct parser *p, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Parse one file's text into p->rs, closing the last block. */
void rules_parse_text(struct parser *p, const char *text);

/* Split "a, b c" on commas and spaces into a new vector; free with
 * rules_strv_free. */
char **rules_split_list(const char *s, size_t *n);
void rules_strv_free(char **v, size_t n);

#endif
