/* SPDX-License-Identifier: MIT */
/* The reglaments' rules as data (forms/rules: .rules files, format in
 * forms/rules/README.md): cross-field and history checks with their
 * severity, the values documents print (who applied), each service's term
 * and refusal citation, and the steps of the reglament's table with their
 * units and terms. Every item carries its legal source and the dates it
 * is in force; the one applied to an act is the one in force on the act's
 * date. Checks may look values up in the office's reference lists
 * (forms/lists, core/reflist.h): the border-zone territories. */
#ifndef OKNO_RULES_H
#define OKNO_RULES_H

#include <stddef.h>

#include <jansson.h>

#include "date.h"
#include "forms.h"
#include "rexpr.h"
#include "status.h"
#include "store.h"
#include "workflow.h"

#define RULE_ID_MAX 63

enum rule_kind {
	RULE_CHECK,   /* rule ID: a condition the values must meet */
	RULE_VALUE,   /* print KEY: a value the documents print */
};

enum rule_severity {
	RULE_ERROR,   /* cannot be accepted */
	RULE_WARNING, /* accepted only with the inspector's confirmation */
};

/* When a check is made. */
enum {
	RULE_AT_INTAKE = 1,   /* case creation and acceptance */
	RULE_AT_DECISION = 2, /* the decision to issue */
};

struct rule_let {
	char *name;
	char *text;
	struct rx_node *expr;
};

/* The dates an item is in force, inclusive; a missing bound is open. */
struct rule_period {
	int has_from, has_to;
	struct date from, to;
};

struct rule {
	enum rule_kind kind;
	char *id;                 /* check: its id; print: the key */
	unsigned services;        /* SVC_* bits */
	char **forms;             /* only these form ids (none: every form) */
	size_t nforms;
	enum rule_severity severity;
	unsigned at;              /* RULE_AT_* */
	char **fields;            /* the fields it names; the first gets the
				   * message */
	size_t nfields;
	char *when_text;
	struct rx_node *when;     /* NULL: always */
	struct rule_let *lets;
	size_t nlets;
	char *expr_text;          /* require (check) */
	struct rx_node *expr;     /* NULL for print */
	char *text_ru, *text_kk;  /* check: the message; print: the value,
				   * with {key} placeholders */
	char *source;
	struct rule_period period;
	char *file;
	int line;
};

/* One step of a reglament's table (appendix 1, para. 11). */
struct rule_step {
	char *service;
	int no;
	char *unit_ru, *unit_kk;       /* the structural units, as the table
					* names them */
	char *action_ru, *action_kk;   /* what is done */
	char *result_ru, *result_kk;   /* how it ends */
	int term;                      /* working days */
	int starts;                    /* -1: the filing; else an event */
	unsigned ends[4];              /* all groups, each any of its events
					* (bits 1u << enum case_event) */
	size_t nends;
	char *source;
	struct rule_period period;
	char *file;
	int line;
};

/* A service's term (para. 4 of its Standard) and how a refusal cites
 * the Standard. */
struct rule_service {
	char *code;
	int term;                      /* working days */
	char *standard_ru, *standard_kk; /* title.ru: the Standard, in words */
	char *refusal_ru, *refusal_kk;   /* "пункт 10": where the grounds are */
	char *source;
	struct rule_period period;
	char *file;
	int line;
};

struct ruleset;

/* Load every *.rules file of dir (file-name order), checking each
 * expression, each name against the forms of the services it applies to
 * (forms may be NULL: names are then not checked), setting keys and the
 * reference lists named (read from the forms folder above dir, kept with
 * the rules). Like formset_load, any broken file leaves *out NULL with
 * one "path:line: ..." entry per problem in errs (ST_INVALID);
 * ST_NOTFOUND when dir cannot be read or holds no rules file. Free with
 * rules_free. */
enum status rules_load(const char *dir, const struct formset *forms,
		       struct ruleset **out, struct errlist *errs);
void rules_free(struct ruleset *rs);

size_t rules_count(const struct ruleset *rs);
const struct rule *rules_at(const struct ruleset *rs, size_t i);
size_t rules_step_count(const struct ruleset *rs);
const struct rule_step *rules_step_at(const struct ruleset *rs, size_t i);

/* 1 when the period holds day d. */
int rule_in_force(const struct rule_period *p, struct date d);
/* 1 when the rule applies to this service and form (form_id NULL: any). */
int rule_applies(const struct rule *r, const char *service,
		 const char *form_id);
const char *rule_severity_ru(enum rule_severity s);

/* The service's term and citation in force on d; NULL when none. */
const struct rule_service *rules_service(const struct ruleset *rs,
					 const char *service, struct date d);
/* The steps of a service in force on d, in order: fills out (room for
 * n) and returns how many there are. */
size_t rules_steps(const struct ruleset *rs, const char *service,
		   struct date d, const struct rule_step **out, size_t n);

/* What an act is checked against. */
struct rules_ctx {
	struct store *s;            /* history, settings, calendar; may be NULL */
	const struct form *form;    /* the case's form */
	const char *service;
	const char *channel;        /* "paper" or "electronic" */
	struct date act;            /* @act: the day of the act */
	struct date filed;          /* @filed: the day of filing */
	int has_due;
	struct date due;            /* @due: the term the act fixes */
	long long case_id;          /* this case (left out of history), 0 */
	long long office_id;        /* the office of the act */
	const char *applicant_iin;  /* portal applicant, or NULL */
	const char *applicant_citizenship;
};

struct rule_finding {
	char id[RULE_ID_MAX + 1];
	enum rule_severity severity;
	char field[ERR_FIELD_MAX];  /* the first field the rule names */
	char msg[ERR_MSG_MAX];      /* "<label>: <text>", Russian: it is
				       stored with a confirmed warning */
	char shown[ERR_MSG_MAX];    /* the same in the screen's language
				       (core/i18n.h): what a screen shows */
	int confirmed;              /* a warning confirmed now or before */
};

struct rule_findings {
	struct rule_finding *v;
	size_t n, cap;
};
void rule_findings_free(struct rule_findings *f);
/* Counts by kind. */
size_t rule_findings_errors(const struct rule_findings *f);
size_t rule_findings_unconfirmed(const struct rule_findings *f);

/* Run the checks of stage at (RULE_AT_*) in force on ctx->act against
 * the (normalised) values; each failed one is appended to out. ST_OK
 * (look at out), or ST_ERROR when a rule cannot be evaluated. */
enum status rules_check(const struct ruleset *rs, const struct rules_ctx *ctx,
			json_t *values, unsigned at, struct rule_findings *out,
			struct err *e);

/* The document value `key`: the text of the first print rule for it in
 * force on ctx->act whose condition holds, placeholders filled; *out
 * new, "" when no rule gives it. */
enum status rules_value(const struct ruleset *rs, const struct rules_ctx *ctx,
			json_t *values, const char *key, char **out,
			struct err *e);

/* Mark the findings confirmed whose rule id is in confirm (a JSON array
 * of strings, may be NULL) or in before (same, the case's earlier
 * confirmations). ST_INVALID (field "confirm") when confirm names a rule
 * that is not among the warnings: a confirmation must match. */
enum status rule_findings_confirm(struct rule_findings *f, json_t *confirm,
				  json_t *before, struct err *e);
/* Turn the findings into errors for errs: every error, and every
 * warning not confirmed ("… Подтвердите предупреждение RULE"). Returns
 * ST_INVALID when it added any, ST_OK otherwise. */
enum status rule_findings_refuse(const struct rule_findings *f,
				 struct errlist *errs);
/* The confirmed warnings as a JSON array of {"rule", "text"}, for the
 * case history, the journal line and the audit (new reference). */
json_t *rule_findings_confirmed_json(const struct rule_findings *f);

#endif
