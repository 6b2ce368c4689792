/* SPDX-License-Identifier: MIT */
/* What the files of the printing module share inside core: print.c
 * (templates, encoding, the print log and its transaction, the output
 * targets) and print_context.c (the context a document's template is
 * filled from: the case's fields, numbers, dates, acts and signers). */
#ifndef OKNO_PRINT_INT_H
#define OKNO_PRINT_INT_H

#include <jansson.h>

#include "forms.h"
#include "print.h"

/* What the context builder learnt about the case besides the context. */
struct case_info {
	long long office_id;
	char service[16];
	char state[16];
	int refused;
	struct form *form;      /* the form the case was filled with (owned) */
};

static inline void
set_str(json_t *ctx, const char *key, const char *v)
{
	json_object_set_new(ctx, key, json_string(v ? v : ""));
}

/* The context of document d of the case, for the actor allowed to
 * print: *out new; info says what else was learnt (its form owned by
 * the caller, freed also on failure). */
enum status print_build_context(struct store *s, const struct actor *a,
				const struct formset *forms,
				long long case_id, enum print_doc d,
				json_t **out, struct case_info *info,
				struct err *e);

#endif
