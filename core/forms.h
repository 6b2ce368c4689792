/* SPDX-License-Identifier: MIT */
/* Application forms as data: the loader and checker of forms/NAME.form files
 * (format in forms/README.md), validation of a filled form's values, the
 * documents checklist, and snapshots of form texts in the database so an
 * old case re-renders with the form version it was filled with. */
#ifndef OKNO_FORMS_H
#define OKNO_FORMS_H

#include <stddef.h>

#include <jansson.h>

#include "chain.h"
#include "status.h"
#include "store.h"
#include "util.h"

enum form_field_type {
	FORM_TEXT,      /* one line of free text */
	FORM_NAME,      /* a personal name (letters, hyphen, apostrophe) */
	FORM_DATE,      /* typed ДД.ММ.ГГГГ, stored YYYY-MM-DD */
	FORM_COUNTRY,   /* code or name typed, stored ISO alpha-3 */
	FORM_CHOICE,    /* one of the listed codes */
	FORM_NUMBER,    /* whole number within [min, max] */
	FORM_IIN,       /* 12-digit individual identification number */
	FORM_BIN,       /* 12-digit business identification number */
	FORM_DOCNO,     /* document number, stored upper case, no spaces */
	FORM_PHONE,     /* stored "+DIGITS" */
	FORM_MULTILINE, /* free text over several lines */
	FORM_YESNO,     /* да/нет, stored "yes"/"no" */
	FORM__NTYPES
};

enum form_kind {
	FORM_KIND_FORM,    /* an application form ("form" keyword) */
	FORM_KIND_COLUMNS, /* a table layout, e.g. the journal ("columns") */
};

/* When a field or a checklist item is required. */
enum form_need {
	FORM_OPTIONAL,
	FORM_REQUIRED,
	FORM_REQUIRED_IF, /* when cond holds */
};

enum form_cond_op {
	FORM_COND_EQ,     /* key = v1,v2,...: the value is one of these */
	FORM_COND_FILLED, /* key filled: the value is not empty */
};

struct form_cond {
	enum form_cond_op op;
	char *key;       /* another field of the same form */
	char **values;   /* codes (choice: choice codes; yesno: yes/no) */
	size_t nvalues;
};

struct form_choice {
	char *code;
	char *ru, *kk;
};

/* A value okno works out instead of the inspector typing it. */
enum form_compute {
	FORM_COMPUTE_NONE,
	FORM_COMPUTE_MONTHS_OVER,  /* yesno: TO is more than N months after
				    * FROM ("compute months-over FROM TO N") */
	FORM_COMPUTE_IIN_BIRTH,    /* date: the birth date an IIN holds
				    * ("compute birth-from-iin IIN") */
	FORM_COMPUTE_YEARS_UNDER,  /* yesno: less than N whole years from
				    * FROM to TO, an age on a day
				    * ("compute years-under FROM TO N") */
};

struct form_field {
	char *key;
	enum form_field_type type;
	char *label_ru, *label_kk;
	char *hint_ru, *hint_kk;   /* NULL when the file gives none */
	char *mask;                /* input mask for the kiosk, or NULL */
	int width;                 /* on screen, in character cells */
	int maxlen;                /* code points */
	int lines;                 /* multiline: rows on screen; else 1 */
	long min, max;             /* number: allowed range */
	enum form_need need;
	struct form_cond cond;     /* when need == FORM_REQUIRED_IF */
	struct form_choice *choices;
	size_t nchoices;
	size_t section;            /* index into form.sections (forms only) */
	char **sources;            /* columns only: keys shown in the column */
	size_t nsources;
	int line;                  /* where it is defined in the file */
	/* Optional, for the kiosk (forms/README.md): */
	char *list;                /* "list NAME": forms/lists/NAME.list */
	char *list_within;         /* "list NAME within FIELD": the entries
				    * under that field's value */
	int default_today;         /* "default today" */
	enum form_compute compute; /* "compute ..." */
	char *compute_a, *compute_b; /* the fields it is worked out from */
	int compute_n;             /* months, years */
};

struct form_section {
	char *key;
	char *title_ru, *title_kk;
	size_t first, count;       /* fields[first .. first + count) */
};

struct form_check_item {
	char *key;
	char *text_ru, *text_kk;
	enum form_need need;
	struct form_cond cond;
};

struct form {
	enum form_kind kind;
	char *id;
	char *version;
	char *service;             /* NULL for a columns file without one */
	char *title_ru, *title_kk;
	struct form_section *sections;
	size_t nsections;
	struct form_field *fields; /* flat, in file order */
	size_t nfields;
	struct form_check_item *checklist;
	size_t nchecklist;
	char *name;                /* file name or snapshot name, for messages */
	int line;                  /* line of the form/columns keyword */
	char *text;                /* the exact source text */
	char sha256[CHAIN_HEX];    /* of text */
};

struct formset;

/* Parse one form from text. name prefixes every message ("name:line: ...").
 * On success *out is a new form (free with form_free); on failure *out is
 * NULL, each problem is appended to errs (when not NULL) and ST_INVALID is
 * returned. The text is kept verbatim in the form. */
MUST_CHECK enum status form_parse(const char *name, const char *text, struct form **out,
		       struct errlist *errs);
void form_free(struct form *f);

/* Load every *.form file of dir (in file-name order), then the rule files
 * of dir/rules when that folder exists (core/rules.h). All files are read
 * and checked; if any is broken, or two files share an id, nothing is
 * returned (*out NULL), errs gets one entry per problem ("path:line: ...")
 * and the status is ST_INVALID (ST_NOTFOUND when dir cannot be read or
 * holds no form). Free with formset_free. */
MUST_CHECK enum status formset_load(const char *dir, struct formset **out,
			 struct errlist *errs);
void formset_free(struct formset *set);
struct ruleset;
/* The rules loaded with the forms, NULL when the folder has none. */
const struct ruleset *formset_rules(const struct formset *set);
struct cal_data;
/* The calendar data loaded with the forms (DIR/calendar), NULL when the
 * folder has none. */
const struct cal_data *formset_calendar(const struct formset *set);

const struct form *formset_get(const struct formset *set, const char *id);
size_t formset_count(const struct formset *set);
const struct form *formset_at(const struct formset *set, size_t i);
/* The i-th application form of a service code, NULL past the end. */
const struct form *formset_for_service(const struct formset *set,
				       const char *service, size_t i);

/* Field by key, NULL when the form has none. */
const struct form_field *form_field(const struct form *f, const char *key);
/* "text", "name", ... as written in form files. */
const char *form_field_type_name(enum form_field_type t);

/* Validate a whole set of values: a JSON object key -> string (null and ""
 * mean not filled). Every value is normalised in place (dates to ISO,
 * document numbers upper case, countries to alpha-3, phones to +DIGITS,
 * choices to their code, yes/no to "yes"/"no", text trimmed). Each problem
 * is appended to errs with the field key and a Russian message that starts
 * with the field's label; unknown keys and missing required fields
 * ("<label>: не заполнено") included. Returns ST_OK or ST_INVALID. */
MUST_CHECK enum status form_validate(const struct form *f, json_t *values,
			  struct errlist *errs);

/* Work out what the form says okno works out (forms/README.md, "compute"
 * and "default"): a field with "default today" and no value gets today
 * (ДД.ММ.ГГГГ, as typed); a computed field gets its value from the fields
 * it names whenever they hold valid values (yesno "yes"/"no", a date as
 * ДД.ММ.ГГГГ); while they do not, what is there stays. values (key -> string) is
 * changed in place; today is ДД.ММ.ГГГГ. Returns 1 when anything changed.
 * form_validate() does this first. */
int form_compute_values(const struct form *f, json_t *values,
			const char *today);

/* Validate only what a return of the documents at intake needs: the
 * identity fields (surname, given_names, birth_date, citizenship,
 * doc_number, those the form has and requires) must be filled and valid;
 * any other value is kept when valid and dropped when not (the documents
 * go back, the rest of the form is not needed). Normalises in place like
 * form_validate. ST_OK or ST_INVALID with errs. */
MUST_CHECK enum status form_validate_identity(const struct form *f, json_t *values,
				   struct errlist *errs);

/* Validate one value of field fl (as when the inspector leaves the field).
 * all_values (may be NULL) is consulted for conditional requirements. On
 * ST_OK *normalised (when not NULL) is a new string, "" for an empty
 * optional value; the caller frees it. On ST_INVALID e says why. */
MUST_CHECK enum status form_validate_field(const struct form *f,
				const struct form_field *fl, const char *value,
				json_t *all_values, char **normalised,
				struct err *e);

/* A stored value as a person reads it: a choice code -> its Russian text,
 * yes/no -> да/нет, a date -> ДД.ММ.ГГГГ, a country -> "Узбекистан (UZB)";
 * anything else (and an unknown code) as stored. fl may be NULL (the value
 * is copied). Returns a new string; the caller frees it. */
char *form_value_display(const struct form *f, const struct form_field *fl,
			 const char *stored);

/* True (1) when the condition holds for these values. */
int form_cond_holds(const struct form *f, const struct form_cond *c,
		    json_t *values);

/* Append to missing_ru the Russian text of every checklist item that is
 * required (unconditionally, or by its condition on values) and absent
 * from presented (a JSON array of item keys), one item per line, each line
 * ending with "\n". Returns ST_OK (check missing_ru->len) or ST_INVALID
 * when presented is not an array of known item keys. */
MUST_CHECK enum status form_checklist_missing(const struct form *f, json_t *values,
				   json_t *presented,
				   struct strbuf *missing_ru, struct err *e);

/* Save the form's text in table form_texts (INSERT OR IGNORE), inside the
 * caller's transaction. ST_CONFLICT when the database already holds a
 * different text under the same id and version: a form file was edited
 * without raising its version. */
MUST_CHECK enum status form_snapshot_store(struct store *s, const struct form *f,
				struct err *e);
/* Parse the stored text of form id at version. ST_NOTFOUND when none is
 * stored, ST_CORRUPT when the text no longer matches its hash. */
MUST_CHECK enum status form_snapshot_load(struct store *s, const char *id,
			       const char *version, struct form **out,
			       struct err *e);

#endif
