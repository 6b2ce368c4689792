/* SPDX-License-Identifier: MIT */
/* Status codes and error records. */
#include "status.h"
#include "i18n.h"
#include "util.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const int exit_codes[] = {
#define X(name, code, text) code,
	STATUS_LIST(X)
#undef X
};

static const char *const texts[] = {
#define X(name, code, text) text,
	STATUS_LIST(X)
#undef X
};

/* fmt is a msgid (po/okno.pot has it): the message comes out in the
 * screen's language (i18n.h), Russian for the CLI. */
static void
err_vset(struct err *e, enum status st, const char *field, const char *fmt,
	 va_list ap)
{
	e->st = st;
	/* A message too long for its buffer ends on a whole letter. */
	if (snprintf(e->field, sizeof e->field, "%s", field ? field : "") >=
	    (int)sizeof e->field)
		utf8_mark_cut(e->field, sizeof e->field);
	if (!fmt)
		e->msg[0] = '\0';
	else if (vsnprintf(e->msg, sizeof e->msg, i18n_text(fmt), ap) >=
		 (int)sizeof e->msg)
		utf8_mark_cut(e->msg, sizeof e->msg);
}

enum status
err_set(struct err *e, enum status st, const char *field, const char *fmt, ...)
{
	va_list ap;

	if (!e)
		return st;
	va_start(ap, fmt);
	err_vset(e, st, field, fmt, ap);
	va_end(ap);
	return st;
}

void
err_clear(struct err *e)
{
	if (e)
		memset(e, 0, sizeof *e);
}

int
status_exit_code(enum status st)
{
	if ((unsigned)st >= ST__COUNT)
		return 1;
	return exit_codes[st];
}

const char *
status_text(enum status st)
{
	if ((unsigned)st >= ST__COUNT)
		return "unknown";
	return texts[st];
}

static struct err *
errlist_push(struct errlist *l)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 8;
		l->v = xrealloc(l->v, l->cap * sizeof *l->v);
	}
	memset(&l->v[l->n], 0, sizeof l->v[l->n]);
	return &l->v[l->n++];
}

void
errlist_add(struct errlist *l, enum status st, const char *field,
	    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	err_vset(errlist_push(l), st, field, fmt, ap);
	va_end(ap);
}

void
errlist_add_err(struct errlist *l, const struct err *e)
{
	*errlist_push(l) = *e;
}

void
errlist_free(struct errlist *l)
{
	free(l->v);
	memset(l, 0, sizeof *l);
}
