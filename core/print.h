/* SPDX-License-Identifier: MIT */
/* Printing a case's output documents: the render context built from the
 * case, the template of the document, the printer's encoding, the rule of
 * which document a case may have in which state, the print log (prints
 * table, case history, audit; reprints only for the chief) and the output
 * targets: a file, the system spooler (lp) or the printer attached to the
 * inspector's own terminal. */
#ifndef OKNO_PRINT_H
#define OKNO_PRINT_H

#include <jansson.h>

#include "encode.h"
#include "forms.h"
#include "codes.h"
#include "role.h"
#include "status.h"
#include "store.h"
#include "util.h"

#define PRINT_DOC_LIST(X)                                                   \
	X(PD_RECEIPT,   "receipt",           "расписка в приеме документов") \
	X(PD_PASS,      "border-pass",       "пропуск в пограничную зону")   \
	X(PD_INVITE,    "invitation",        "приглашение")                  \
	X(PD_REFUSAL,   "refusal",           "мотивированный отказ")         \
	X(PD_REG_MARK,  "registration-mark", "отметка о регистрации")        \
	X(PD_INSERT,    "passport-insert",   "вкладыш к паспорту")          \
	X(PD_RETURN,    "return-notice",     "уведомление о возврате документов")

enum print_doc {
	PRINT_DOC_LIST(CODES_NAME)
	PD__COUNT
};

/* Document code (also the template's file name) <-> enum. Parsing returns
 * -1 for an unknown code. */
int print_doc_parse(const char *code, enum print_doc *out);
const char *print_doc_code(enum print_doc d);
const char *print_doc_ru(enum print_doc d);
/* 1 when the document is printed on a numbered blank (pass, invitation). */
int print_doc_needs_blank(enum print_doc d);

enum print_target {
	PT_NONE,     /* render only: the bytes are left in the result */
	PT_FILE,     /* dest: a path, written with mode 0600 */
	PT_LP,       /* dest: a CUPS destination, `lp -d DEST -o raw` */
	PT_TERMINAL, /* dest: the tty (NULL: /dev/tty), ESC[5i ... ESC[4i */
};

struct print_req {
	enum print_doc doc;
	int width;             /* 80 or 132 */
	enum encoding enc;
	int translit;          /* 1: --translit (letters too); typographic
				* signs are always replaced when missing */
	enum print_target target;
	const char *dest;
	const char *blank;     /* pass/invitation: "AB1001", "AB 1001" or
				* "1001" when unambiguous */
	const char *templates_dir; /* forms/templates */
	int flags;             /* PT_FILE: FILEIO_FORCE (--force: replace a
				* file), OUTPUT_UNIQUE (a print folder: a new
				* name), OUTPUT_OKNO (okno.conf's print_dir;
				* any other path is written with the user's
				* rights) */
};

struct print_result {
	long long print_id;    /* the first prints row */
	int copies;            /* 2 for the receipt, 1 otherwise */
	int reprint;
	int earlier;           /* an earlier print of this document, recorded
				* but not given out, went out instead */
	char blank_no[48];     /* "AB 1001" or "" */
	char where[1024];      /* PT_FILE: the file written */
	struct strbuf bytes;   /* the document in the target encoding */
};
void print_result_free(struct print_result *r);

/* Is the document one the case may have now? The receipt after accept;
 * the pass, the invitation, the registration mark and the insert of the
 * matching service when issued (or handed out after the issue); the
 * refusal when refused (or handed out after it); the return notice
 * when the documents were returned at intake. ST_CONFLICT with a
 * Russian message otherwise. refused: the case's history has a refusal. */
MUST_CHECK enum status print_allowed(const char *service, const char *state,
			  int refused, enum print_doc d, struct err *e);

/* The render context of the document for a case: every field of the
 * case's data (choices as their Russian text with the code in KEY_code,
 * yes/no as да/нет, dates ISO, countries alpha-3 with KEY_ru the Russian
 * name), the office, region, inspector who accepted it, the chief, the
 * journal number, accepted_at, due_date, today, the service name, the
 * documents presented (checklist texts), the refusal ground and reason,
 * and check_code. PERM_PRINT; the case is read through case_get (its
 * "case.view" audit line). ST_CONFLICT when the document does not fit the
 * case (print_allowed). *ctx is new (json_decref). */
MUST_CHECK enum status print_context(struct store *s, const struct actor *a,
			  const struct formset *forms, long long case_id,
			  enum print_doc d, json_t **ctx, struct err *e);

/* Render a context with the document's template and convert it to enc:
 * every value the template prints is checked first, so an unprintable
 * character is reported with the field's Russian label (e->field is the
 * key). ST_INVALID then; ST_NOTFOUND when the template is missing. */
MUST_CHECK enum status print_render(const char *templates_dir, enum print_doc d,
			 json_t *ctx, int width, enum encoding enc,
			 int translit, const struct form *labels,
			 struct strbuf *out, struct err *e);

/* Print a document of a case. A case out of the actor's reach is "not
 * found" (whether printed or not). One transaction records the print: the
 * state check, the reprint check (a document printed before needs
 * PERM_REPRINT and is marked ПОВТОРНО), the blank (must be in stock;
 * becomes used, linked to the print), the prints rows, a case history row
 * ("print"/"reprint", state unchanged), the audit line and the output's
 * bytes (core/outputs.h, pending); after the commit the output goes out
 * and is marked delivered. When that fails the print stays recorded and
 * the next print of the same document by the same account gives the same
 * bytes out (res->earlier) instead of a reprint. res is filled on ST_OK
 * (free with print_result_free). */
MUST_CHECK enum status print_case(struct store *s, const struct actor *a,
		       const struct formset *forms, long long case_id,
		       const struct print_req *req, struct print_result *res,
		       struct err *e);

/* Output targets, usable alone (the kiosk's test page, its exports). A
 * file is a new one at a path the user names (core/fileio.h, with the
 * user's rights): an existing file, a link or the database is refused. */
MUST_CHECK enum status print_to_file(const char *path, const char *bytes, size_t n,
			  struct err *e);
/* ST_NOTFOUND "... lp (CUPS) не установлена" when there is no lp in PATH;
 * dest must be a plain queue name. */
MUST_CHECK enum status print_to_lp(const char *dest, const char *bytes, size_t n,
			struct err *e);
int print_lp_available(void);
MUST_CHECK enum status print_to_terminal(const char *tty, const char *bytes, size_t n,
			      struct err *e);

#endif
