/* SPDX-License-Identifier: MIT */
/* Print templates of the output documents (forms/templates/NAME.tpl): a small
 * line-oriented text format, and a renderer that lays a document out as
 * UTF-8 text pages of a chosen width. The language is described in
 * forms/templates/README.md. */
#ifndef OKNO_TEMPLATE_H
#define OKNO_TEMPLATE_H

#include <jansson.h>

#include "status.h"
#include "util.h"

#define TEMPLATE_MIN_WIDTH 40
#define TEMPLATE_MAX_WIDTH 250
#define TEMPLATE_DEFAULT_LINES 60

struct template;

/* Parse template text. name is used in messages ("receipt.tpl:12: ...")
 * and, without a directory and a ".tpl" suffix, as the id when the text
 * has no %id line. On success *out is a new template (template_free);
 * otherwise ST_INVALID, *out is NULL and every problem found is appended
 * to errs (may be NULL) as "name:line: message" in Russian. */
MUST_CHECK enum status template_parse(const char *name, const char *text,
			   struct template **out, struct errlist *errs);

/* Read and parse a file; the path is the name in messages. ST_NOTFOUND
 * when the file cannot be read. */
MUST_CHECK enum status template_load(const char *path, struct template **out,
			  struct errlist *errs);

void template_free(struct template *t);

/* The first line of every page while a training database is open. */
#define TEMPLATE_TRAINING_MARK "УЧЕБНЫЙ РЕЖИМ — ОБРАЗЕЦ"

/* Render with the values of ctx (a JSON object; values are strings, a
 * list is an array of strings or of objects) as text pages of width
 * columns (TEMPLATE_MIN_WIDTH..TEMPLATE_MAX_WIDTH, counted in characters,
 * not bytes), pages separated by a form feed. Every output line ends with
 * '\n', has no trailing blanks and is never wider than width. Control
 * characters and invalid UTF-8 in values are shown as "\xNN". The text is
 * appended to out. ST_INVALID when the layout cannot fit the width or a
 * value has the wrong type; ST_USAGE for a bad width. With a training
 * database open (clock_training) every page starts with
 * TEMPLATE_TRAINING_MARK, centred. */
MUST_CHECK enum status template_render(const struct template *t, json_t *ctx, int width,
			    struct strbuf *out, struct err *e);

/* The %id (or the name-derived id), the %version ("" when absent), the
 * %title ("" when absent) and the full source text, for storing with a
 * case so that a reprint uses exactly the template of the first print.
 * Owned by the template. */
const char *template_id(const struct template *t);
const char *template_version(const struct template *t);
const char *template_title(const struct template *t);
const char *template_text(const struct template *t);

#endif
