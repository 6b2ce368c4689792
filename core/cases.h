/* SPDX-License-Identifier: MIT */
/* Cases: creation from a validated form, the workflow events (each one
 * transaction with its history row, journal line and audit line), reading
 * and listing. */
#ifndef OKNO_CASES_H
#define OKNO_CASES_H

#include <jansson.h>

#include "clock.h"
#include "forms.h"
#include "role.h"
#include "rules.h"
#include "status.h"
#include "store.h"
#include "workflow.h"

struct case_rec {
	long long id;
	long long office_id;
	char service[16];
	char channel[12];        /* "paper" or "electronic" */
	enum case_state state;
	char form_id[64];
	char form_version[16];
	json_t *data;            /* form values (owned) */
	json_t *documents;       /* checklist keys presented (owned) */
	char accepted_at[STAMP_SIZE];
	char due_date[DATE_SIZE];
	int journal_no, journal_year;
	char berkut_at[STAMP_SIZE];
	int return_no, return_year; /* the return notice, 0 when none */
	long long created_by;
	char created_by_login[64];
	char created_at[STAMP_SIZE], updated_at[STAMP_SIZE];
};
void case_rec_free(struct case_rec *c);

struct case_new {
	const char *service;   /* border-pass, invitation, registration */
	const char *form_id;   /* NULL: the service's default form */
	const char *channel;   /* NULL: "paper" */
	json_t *values;        /* key -> string; normalised in place */
	json_t *documents;     /* array of checklist keys, may be NULL */
	int identity_only;     /* documents returned at intake: only the
				* identity fields are needed
				* (form_validate_identity) */
	json_t *confirm;       /* ids of the warnings the inspector confirms
				* (array of strings), may be NULL */
	const char *submitted_at;  /* electronic: the portal submission */
	const char *applicant_iin; /* electronic: the portal applicant */
	const char *applicant_citizenship;
	struct rule_findings *findings; /* when not NULL: every error and
					 * warning of the rules, for a list */
	int warnings_at_accept; /* 1: warnings do not stop the draft; they
				 * are confirmed when it is accepted (portal
				 * applications, taken in unattended) */
};

/* Validate the values against the service's form (its computed fields
 * worked out) and the rules in force today (forms/rules) and create
 * the case in state "draft" at the actor's office (PERM_CASE_INTAKE).
 * Every field error, every rule error and every warning not confirmed
 * goes to errs, and nothing is saved. The confirmed warnings are kept in
 * the case history and the audit line. The form's text is stored as a
 * snapshot so the case re-renders with this version later. */
MUST_CHECK enum status case_create(struct store *s, const struct actor *a,
			const struct formset *forms, const struct case_new *in,
			long long *id_out, struct errlist *errs);

struct case_act {
	enum case_event event;
	const char *reason;    /* explanation / missing documents / hit */
	const char *ground;    /* refusal ground code */
	const char *recipient; /* hand-out: to whom */
	json_t *confirm;       /* warnings the actor confirms, may be NULL */
	struct rule_findings *findings; /* when not NULL: the rules' list */
};

/* Fire one workflow event. Refused with ST_CONFLICT when the table does
 * not allow it from the current state, ST_DENIED when the actor's roles
 * do not, ST_INVALID when required data is missing or a rule refuses (the
 * first in e, all in act->findings); in every refused case nothing
 * changes. On accept the rules of intake are run again (warnings
 * confirmed before in the case stay confirmed), the due date is fixed
 * from the filing and the journal number drawn; a decision to issue runs
 * the rules of the decision. Confirmed warnings go into the history row,
 * the journal line and the audit line. */
MUST_CHECK enum status case_fire(struct store *s, const struct actor *a,
		      const struct formset *forms, long long id,
		      const struct case_act *act, struct err *e);

/* Correct one field of an accepted case (PERM_CORRECT), as the paper
 * journal is corrected: the new value is checked through the case's form
 * (form_validate_field), the case's data is updated, and a journal line of
 * kind "correction" names the case's accept line (corrects) with content
 * {field, label, old, new, reason}; with its history row and audit line,
 * in one transaction. ST_CONFLICT when the case has no journal entry yet
 * (a draft is simply edited) or is finished; ST_INVALID for an unknown
 * field, a bad value, an unchanged value or an empty reason. */
MUST_CHECK enum status case_correct(struct store *s, const struct actor *a,
			 const struct formset *forms, long long id,
			 const char *key, const char *value,
			 const char *reason, struct err *e);

/* Read a case (PERM_CASE_VIEW, same office or region); leaves an audit
 * line "case.view", since it opens a person's record. */
/* ST_OK when the case exists within the actor's reach (its office, or
 * its region for a regional account); ST_NOTFOUND "Дело № N не найдено"
 * otherwise, whether it is missing or another office's. Reads nothing
 * else and leaves no audit line. */
MUST_CHECK enum status case_in_reach(struct store *s, const struct actor *a,
			  long long id, struct err *e);

MUST_CHECK enum status case_get(struct store *s, const struct actor *a, long long id,
		     struct case_rec *out, struct err *e);

struct case_history {
	char at[STAMP_SIZE];
	char event[24];
	char from[16], to[16];
	char login[64];
	char full_name[ACTOR_NAME_MAX];
	char *reason;   /* owned */
	char ground[40];
	char *data;     /* owned JSON text, may be "" */
};
MUST_CHECK enum status case_history_get(struct store *s, const struct actor *a,
			     long long id, struct case_history **out,
			     size_t *n, struct err *e);
void case_history_free(struct case_history *h, size_t n);

struct case_filter {
	const char *state;      /* NULL: any */
	const char *state_or;   /* with state: this state too */
	const char *service;    /* NULL: any */
	int overdue;            /* due_date < today and not finished, or (with
				 * forms) a step of the reglament overdue */
	const struct formset *forms; /* the rules' steps, may be NULL */
	const char *due_before; /* ISO date: due_date <= it */
	long long created_by;   /* 0: anyone */
	const char *due_on;     /* ISO date: due_date = it */
	int open_only;          /* neither a draft nor finished */
	int limit;              /* 0: no limit */
};

struct case_row {
	long long id;
	char service[16];
	char state[16];
	char name[200];         /* "SURNAME Given" */
	char docno[24];
	char citizenship[4];
	char due_date[DATE_SIZE];
	int journal_no, journal_year;
	char channel[12];
	char office_code[32];   /* the case's office */
};

MUST_CHECK enum status case_list(struct store *s, const struct actor *a,
		      const struct case_filter *f, struct case_row **out,
		      size_t *n, struct err *e);
/* How many cases case_list would give with no limit. */
MUST_CHECK enum status case_count(struct store *s, const struct actor *a,
		       const struct case_filter *f, size_t *n,
		       struct err *e);

/* "123/2026" or "" when the case has no journal number yet. */
void case_number(const struct case_rec *c, char *buf, size_t n);
/* The number a person reads: "РГ-123/2026" (the book's mark, so the
 * books' numbers never look alike), the return notice's "В-5/2026" for a
 * case returned at intake, "" otherwise. */
void case_ref(const struct case_rec *c, char *buf, size_t n);
/* The mark of a journal book (a service's code): "РГ", "ПГ", "ПЗ"; "" for
 * another. */
const char *case_book_mark(const char *book);

/* 1 when a finished state (returned, cancelled, handed_out). */
int case_state_final(enum case_state st);

/* obj's string member key, "" when absent or not a string: a case's data,
 * a journal line's content. */
const char *case_jstr(json_t *obj, const char *key);

#endif
