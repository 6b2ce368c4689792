/* SPDX-License-Identifier: MIT */
/* Drafts: a half-filled intake form kept for its inspector when the
 * session ends before the form is accepted or returned (hang-up, lock,
 * log-out), offered for resume at the next login. One draft per account;
 * saving again replaces it. Every save, resume and discard leaves an audit
 * line. */
#ifndef OKNO_DRAFT_H
#define OKNO_DRAFT_H

#include <jansson.h>

#include "role.h"
#include "status.h"
#include "store.h"

struct draft {
	char service[16];
	char form_id[64];
	json_t *values;      /* key -> raw string as typed (owned) */
	json_t *documents;   /* array of checklist keys ticked (owned) */
	int focus;           /* index of the item the cursor was on */
	char saved_at[20];   /* "YYYY-MM-DDTHH:MM:SS" */
};
void draft_free(struct draft *d);

/* Save the actor's draft (PERM_CASE_INTAKE), replacing an older one.
 * values and documents are copied; documents may be NULL. */
enum status draft_save(struct store *s, const struct actor *a,
		       const char *service, const char *form_id,
		       json_t *values, json_t *documents, int focus,
		       struct err *e);
/* Load the actor's draft into *out without removing it. ST_NOTFOUND when
 * there is none. The caller frees it with draft_free. audit: when set, the
 * read is recorded ("draft.resume"), since it opens personal data. */
enum status draft_load(struct store *s, const struct actor *a, int audit,
		       struct draft *out, struct err *e);
/* 1 when the actor has a draft (no audit line: only existence is read). */
int draft_exists(struct store *s, const struct actor *a);
/* Remove the actor's draft (no error when there is none). */
enum status draft_delete(struct store *s, const struct actor *a,
			 struct err *e);

/* When the database cannot take the draft (full disk, read-only file):
 * keep it as a file instead, so what the inspector typed is not lost.
 * Written under dir (NULL: $OKNO_DRAFTS, else $HOME/.okno-drafts, else
 * the folder of the database), created 0700, as
 * "<login>-<YYYYMMDDTHHMMSS>.json" (0600: it holds personal data) through
 * a temporary file, fsync and rename. The JSON holds login, service,
 * form_id, values, documents, focus and saved_at, the same fields as
 * struct draft. path_out (may be NULL) receives the file's path. No audit
 * line: the database is exactly what could not be written. */
enum status draft_save_file(const char *dir, const char *db_path,
			    const struct actor *a, const char *service,
			    const char *form_id, json_t *values,
			    json_t *documents, int focus, char *path_out,
			    size_t path_n, struct err *e);
/* Read a draft file written by draft_save_file into *out. */
enum status draft_load_file(const char *path, struct draft *out,
			    struct err *e);

#endif
