/* SPDX-License-Identifier: MIT */
/* The e-government portal channel: applications
 * for registration dropped as JSON files (docs/portal-format.md) taken in
 * as electronic cases, and the signed result — the passport insert or the
 * refusal — written back to an outbox with a status file for the portal. */
#ifndef OKNO_PORTAL_H
#define OKNO_PORTAL_H

#include <stddef.h>

#include <jansson.h>

#include "clock.h"
#include "forms.h"
#include "progress.h"
#include "role.h"
#include "sign.h"
#include "status.h"
#include "store.h"

#define PORTAL_MAX_BYTES (256 * 1024) /* a bigger file is refused unread */
#define PORTAL_ID_MAX 64

/* One application as read from a portal file. */
struct portal_app {
	char request_id[PORTAL_ID_MAX + 1]; /* [A-Za-z0-9._-], not "." first */
	char submitted_at[STAMP_SIZE];              /* YYYY-MM-DDTHH:MM:SS */
	char applicant_iin[13];
	char applicant_citizenship[4];      /* alpha-3, "" when not given */
	char *applicant_name;
	json_t *values;     /* form key -> string, as sent (not normalised) */
	json_t *documents;  /* array of checklist keys */
};
void portal_app_free(struct portal_app *app);

/* Read and check one portal file's bytes against the registration form f:
 * valid UTF-8 JSON without NUL or control characters, the envelope fields,
 * every form field (through form_validate on a copy) and the checklist
 * keys. Each problem goes to errs with the field ("fields.surname") and a
 * Russian message that starts with "строка N:" when the line is known.
 * name is the file name, for messages. ST_OK fills *app (free with
 * portal_app_free); ST_INVALID otherwise. Never crashes on any input. */
MUST_CHECK enum status portal_parse(const char *name, const char *bytes, size_t n,
			 const struct form *f, struct portal_app *app,
			 struct errlist *errs);

enum portal_outcome {
	PORTAL_IMPORTED,   /* a new case; the file moved to done/ */
	PORTAL_DONE_AGAIN, /* imported before (same id, same bytes): moved to
			    * done/ now (an earlier run stopped in between) */
	PORTAL_DUPLICATE,  /* same request id, other bytes: rejected/ */
	PORTAL_REJECTED,   /* invalid: rejected/NAME and rejected/NAME.why */
	PORTAL_FAILED,     /* left in place (storage or file system error) */
};

struct portal_item {
	char *file;          /* file name inside the drop folder */
	enum portal_outcome outcome;
	char request_id[PORTAL_ID_MAX + 1];
	long long case_id;   /* imported, done again, duplicate: the case */
	char *why;           /* rejected/failed: the reasons, one a line */
};

struct portal_report {
	struct portal_item *v;
	size_t n;
	size_t imported, rejected, duplicates;
};
void portal_report_free(struct portal_report *r);

/* Take in every *.json file of dir (file-name order; dot files,
 * directories and symbolic links are skipped). A valid application
 * becomes a draft case of the registration service in the electronic
 * channel at the actor's office (PERM_EXCHANGE and PERM_CASE_INTAKE),
 * with its portal_requests row and an audit line in the same transaction;
 * only after the commit is the file moved to dir/done/. An invalid one is
 * moved to dir/rejected/ beside NAME.why. ST_OK when the folder was read
 * (look at the report for each file); ST_NOTFOUND when dir cannot be
 * read; ST_DENIED. p (may be NULL) hears of the files taken; when it
 * cancels (between two files) ST_CANCELLED, the rest left for later. */
MUST_CHECK enum status portal_import(struct store *s, const struct actor *a,
			  const struct formset *forms, const char *dir,
			  struct portal_report *rep, struct progress *p,
			  struct err *e);

struct portal_row {
	long long case_id;
	char request_id[PORTAL_ID_MAX + 1];
	char submitted_at[STAMP_SIZE];
	char imported_at[STAMP_SIZE];
	char state[16];
	char name[200];       /* the foreigner: "SURNAME Given" */
	char applicant[200];  /* the host who applied */
	char result[16];      /* "registered", "refused" or "" */
};

/* The electronic cases of the actor's office with their request ids;
 * pending_only: only those still in draft (the "from the portal"
 * worklist the inspector takes them in from). PERM_CASE_VIEW. */
MUST_CHECK enum status portal_list(struct store *s, const struct actor *a,
			int pending_only, struct portal_row **out, size_t *n,
			struct err *e);

struct portal_sent {
	char request_id[PORTAL_ID_MAX + 1];
	char status[16];       /* registered | refused */
	char doc_path[1024];   /* outbox/REQUEST.txt */
	char sig_path[1024];   /* outbox/REQUEST.p7s */
	char status_path[1024];/* outbox/REQUEST.status.json */
	char sha256[CHAIN_HEX];/* of the document */
	int handed_out;        /* 1 when this call fired the hand-out */
	int earlier;           /* 1: what an earlier run recorded (signed
				* then, the hand-out then too) given out now,
				* nothing signed again */
};

/* Send the result of an electronic case: the passport insert when issued,
 * the refusal when refused (or the one handed out before: a re-send).
 * The document is rendered (UTF-8, 80 columns) from its template with the
 * signature block filled from the signer and signed (signer_sign); then,
 * in one transaction, the portal_results row, the hand-out to the personal
 * cabinet (case_fire EV_HAND_OUT, when not yet handed out), the audit line
 * and the three files' bytes (core/outputs.h). After the commit they are
 * written to outbox as new files, REQUEST.txt, REQUEST.p7s and last
 * REQUEST.status.json; files of an earlier sending still there are
 * replaced only with force. A result recorded but not written (a killed
 * run) goes out first, as it was. PERM_PRINT (and PERM_HAND_OUT).
 * ST_CONFLICT when the case did not come from the portal or has no result
 * yet. */
MUST_CHECK enum status portal_sign(struct store *s, const struct actor *a,
			const struct formset *forms, long long case_id,
			const struct signer *sg, const char *templates_dir,
			const char *outbox, int force, struct portal_sent *out,
			struct err *e);

#endif
