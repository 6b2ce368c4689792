/* SPDX-License-Identifier: MIT */
/* Inside the forms module, what its files share; nothing outside
 * core/forms*.c includes this. The module's files and their jobs:
 *   forms.c           values shown for display, freeing a form
 *   forms_parse.c     the form-file parser (form_parse), its tables and
 *                     the field type names
 *   forms_set.c       the set of forms: the directory loader, lookups
 *   forms_validate.c  conditions, validation, the documents checklist,
 *                     form_texts snapshots */
#ifndef OKNO_FORMS_INT_H
#define OKNO_FORMS_INT_H

#include "forms.h"

#define FORM_MAX_WIDTH   70     /* an 80-column screen with a margin */
#define FORM_MAX_LEN     4000
#define FORM_MAX_LINES   20
#define FORM_FILE_MAX    (1024 * 1024)
#define FORM_MAX_ERRORS  50     /* per file: enough to fix, not a flood */
#define KEY_MAX          (ERR_FIELD_MAX - 1)

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* Free what a condition holds and clear it. */
void form_cond_free(struct form_cond *c);

#endif
