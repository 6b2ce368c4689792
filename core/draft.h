/* SPDX-License-Identifier: MIT */
/* Drafts: half-filled intake forms kept for their inspector: when the
 * inspector leaves the form (F6, Esc), when the session ends (hang-up,
 * lock, log-out), listed with their age for resume or discard. An
 * inspector has as many as there are applicants waiting, one per form
 * and applicant; filing the case removes its own draft only. Every save,
 * resume and discard leaves an audit line. */
#ifndef OKNO_DRAFT_H
#define OKNO_DRAFT_H

#include <jansson.h>

#include "clock.h"
#include "role.h"
#include "status.h"
#include "store.h"

struct draft {
	long long id;
	char service[16];
	char form_id[64];
	char applicant[200]; /* "SURNAME Given, DOCNO" as typed, may be "" */
	json_t *values;      /* key -> raw string as typed (owned) */
	json_t *documents;   /* array of checklist keys ticked (owned) */
	int focus;           /* index of the item the cursor was on */
	char created_at[STAMP_SIZE];
	char saved_at[STAMP_SIZE];   /* "YYYY-MM-DDTHH:MM:SS" */
};
void draft_free(struct draft *d);

/* Save a draft of the actor's (PERM_CASE_INTAKE): id 0 starts a new one,
 * otherwise the actor's draft id is saved over (a new one is started when
 * it is gone). *id_out (may be NULL) gets its id. values and documents
 * are copied; documents may be NULL. */
MUST_CHECK enum status draft_save(struct store *s, const struct actor *a, long long id,
		       const char *service, const char *form_id,
		       json_t *values, json_t *documents, int focus,
		       long long *id_out, struct err *e);
/* Load the actor's draft id into *out without removing it. ST_NOTFOUND
 * when there is none. The caller frees it with draft_free. audit: when
 * set, the read is recorded ("draft.resume"), since it opens personal
 * data. */
MUST_CHECK enum status draft_load(struct store *s, const struct actor *a, long long id,
		       int audit, struct draft *out, struct err *e);
/* The actor's drafts, newest first: id, service, form, applicant and the
 * times (values and documents left NULL). No audit line: the list shows
 * what the drafts screen shows. Free with free(). */
MUST_CHECK enum status draft_list(struct store *s, const struct actor *a,
		       struct draft **out, size_t *n, struct err *e);
/* How many drafts the actor has (0 on any error). */
size_t draft_count(struct store *s, const struct actor *a);
/* Remove the actor's draft id (discarded, or filed as a case); no error
 * when there is none. */
MUST_CHECK enum status draft_delete(struct store *s, const struct actor *a,
			 long long id, struct err *e);

/* When the database cannot take the draft (full disk, read-only file):
 * keep it as a file instead, so what the inspector typed is not lost.
 * Written under dir (NULL: $OKNO_DRAFTS, else $HOME/.okno-drafts, else
 * the folder of the database; installed setgid, always .okno-drafts in
 * the home the system's accounts give the user), with the user's rights,
 * created 0700, as
 * "<login>-<YYYYMMDDTHHMMSS>.json" (0600: it holds personal data) through
 * a temporary file, fsync and rename. The JSON holds login, service,
 * form_id, values, documents, focus and saved_at, the same fields as
 * struct draft. path_out (may be NULL) receives the file's path. No audit
 * line: the database is exactly what could not be written. */
MUST_CHECK enum status draft_save_file(const char *dir, const char *db_path,
			    const struct actor *a, const char *service,
			    const char *form_id, json_t *values,
			    json_t *documents, int focus, char *path_out,
			    size_t path_n, struct err *e);
/* Read a draft file written by draft_save_file into *out. */
MUST_CHECK enum status draft_load_file(const char *path, struct draft *out,
			    struct err *e);

#endif
