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

/* The lines a block must have, one bit each, in the order their
 * absence is reported. */
enum seen_line {
	SEEN_SEVERITY = 1u << 0,
	SEEN_FIELDS = 1u << 1,
	SEEN_EXPR = 1u << 2,
	SEEN_SERVICE = 1u << 3,
	SEEN_TEXT_RU = 1u << 4,
	SEEN_TEXT_KK = 1u << 5,
	SEEN_UNIT = 1u << 6,
	SEEN_ACTION = 1u << 7,
	SEEN_RESULT = 1u << 8,
	SEEN_TERM = 1u << 9,
	SEEN_STANDARD = 1u << 10,
	SEEN_REFUSAL = 1u << 11,
	SEEN_STARTS = 1u << 12,
	SEEN_ENDS = 1u << 13,
	SEEN_SOURCE = 1u << 14,
};

struct parser {
	const char *name;       /* file name for messages */
	struct ruleset *rs;
	struct errlist *errs;
	int nerr;
	int lineno;
	enum block block;
	int block_line;
	unsigned seen;          /* the SEEN_* lines of the open block */
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
