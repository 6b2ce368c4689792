/* SPDX-License-Identifier: MIT */
/* Status codes shared by every core call, and the error record that carries
 * the field and a Russian message back to the CLI or the kiosk. */
#ifndef OKNO_STATUS_H
#define OKNO_STATUS_H

#include <stddef.h>

/* X(name, exit code, English summary) */
#define STATUS_LIST(X)                                           \
	X(ST_OK,       0, "ok")                                  \
	X(ST_ERROR,    1, "error")                               \
	X(ST_USAGE,    2, "usage error")                         \
	X(ST_INVALID,  3, "invalid data")                        \
	X(ST_NOTFOUND, 4, "not found")                           \
	X(ST_DENIED,   5, "not allowed for this account")        \
	X(ST_CONFLICT, 6, "conflict")                            \
	X(ST_STORAGE,  7, "storage error")                       \
	X(ST_CORRUPT,  1, "integrity check failed")              \
	X(ST_UNREACHABLE, 8, "database server unreachable")    \
	X(ST_CANCELLED, 1, "cancelled")

enum status {
#define X(name, code, text) name,
	STATUS_LIST(X)
#undef X
	ST__COUNT
};

/* On a function that returns a status: a caller that drops it is a
 * compile error (-Werror), so no failure goes unnoticed. */
#define MUST_CHECK __attribute__((warn_unused_result))

#define ERR_FIELD_MAX 64
#define ERR_MSG_MAX   512

/* One error: what kind, which field (form key, may be empty) and a message
 * in Russian that names the field the way the inspector sees it. */
struct err {
	enum status st;
	char field[ERR_FIELD_MAX];
	char msg[ERR_MSG_MAX];
};

/* Set *e (when e is not NULL) and return st. fmt is printf-style. */
enum status err_set(struct err *e, enum status st, const char *field,
		    const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void err_clear(struct err *e);

/* Process exit code for a status (0, 1, 2..7). */
int status_exit_code(enum status st);
/* Short English summary ("invalid data"). */
const char *status_text(enum status st);

/* A list of errors, for validating a whole form at once. */
struct errlist {
	struct err *v;
	size_t n, cap;
};
void errlist_add(struct errlist *l, enum status st, const char *field,
		 const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void errlist_add_err(struct errlist *l, const struct err *e);
void errlist_free(struct errlist *l);

#endif
