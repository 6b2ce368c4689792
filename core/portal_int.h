/* SPDX-License-Identifier: MIT */
/* Inside the portal module, what its files share; nothing outside
 * core/portal*.c includes this. The module's files and their jobs:
 *   portal.c         reading one portal file: the envelope, the fields
 *                    and the checklist against the form (portal_parse)
 *   portal_drop.c    the drop folder's files: safe reading, atomic
 *                    writing, rejected/ with NAME.why, the report
 *   portal_import.c  the import into electronic drafts, the worklist
 *   portal_sign.c    signed results out to the outbox */
#ifndef OKNO_PORTAL_INT_H
#define OKNO_PORTAL_INT_H

#include <sys/types.h>

#include "portal.h"

#define PORTAL_SERVICE "registration"
#define PORTAL_FORMAT 1
#define VALUE_MAX_BYTES 2000   /* one field value, before the form's limit */
#define NAME_MAX_CHARS 200

/* qsort comparator of file names (char *). */
int drop_name_cmp(const void *a, const void *b);
int drop_ends_with(const char *s, const char *suffix);
/* Create dir (0700) unless it is already a folder. */
MUST_CHECK enum status drop_ensure_dir(const char *path, struct err *e);
/* dir/sub/name, or dir/sub/name.N when that is taken: a moved file never
 * replaces an earlier one (the caller frees it). */
char *drop_free_target(const char *dir, const char *sub, const char *name,
		       const char *suffix);
/* Read a drop-folder file (a regular file, not a link, at most
 * PORTAL_MAX_BYTES) into *bytes (NUL-terminated, the caller frees). */
MUST_CHECK enum status drop_read_file(const char *path, char **bytes, size_t *n,
			   struct err *e);
/* A new item for file at the end of the report. */
struct portal_item *drop_report_add(struct portal_report *r,
				    const char *file);
/* The messages of l, one a line, made visible (the caller frees). */
char *drop_errs_text(const struct errlist *l);
/* Move a refused file to rejected/ with its NAME.why beside it. */
void drop_reject(const char *dir, const char *name, struct portal_item *it,
		 const char *request_id);

#endif
