/* SPDX-License-Identifier: MIT */
/* Reference lists an administrator keeps up to date as text files:
 * forms/lists/NAME.list (border checkpoints, issuing authorities, the
 * border-zone territories). A form's field names its list ("list NAME",
 * forms/README.md); the kiosk offers the entries in a pick-list that
 * searches every spelling. Format (forms/lists/README.md): one entry a
 * line, "CODE | Русское | Қазақша | other, spellings | PARENT", the last
 * two columns optional; "#" starts a comment line. */
#ifndef OKNO_REFLIST_H
#define OKNO_REFLIST_H

#include <stddef.h>

#include "status.h"

struct ref_entry {
	char *code;
	char *ru, *kk;
	char *also;      /* other spellings, '\n'-separated ("" when none) */
	char *parent;    /* the code of the entry it lies in ("" when none) */
};

struct reflist {
	char *name;
	struct ref_entry *v;
	size_t n;
};

/* Read DIR/lists/NAME.list. Every problem goes to errs as "path:line:
 * ..." (an unknown parent is checked by reflist_check); ST_NOTFOUND when
 * the file is not there, ST_INVALID when it is broken. */
MUST_CHECK enum status reflist_load(const char *forms_dir, const char *name,
			 struct reflist **out, struct errlist *errs);
void reflist_free(struct reflist *l);
/* The entry whose Russian or Kazakh text (or code) is s, NULL if none. */
const struct ref_entry *reflist_find(const struct reflist *l, const char *s);

struct formset;
/* Every list the forms of set name is there and reads; an entry's parent
 * is an entry of the list of the field it lies within. 0, or 1 with the
 * problems in errs. */
int reflist_check(const struct formset *set, const char *forms_dir,
		  struct errlist *errs);

#endif
