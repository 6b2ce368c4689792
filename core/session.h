/* SPDX-License-Identifier: MIT */
/* A session of either front end: the database it works on, the forms it
 * loaded and the account it acts as, opened the same way whether the
 * kiosk or a command runs. Also where a login comes from: the SSH
 * client's address and the Unix account the process runs as, so
 * account_login records (and checks the Unix binding of) the real origin
 * whichever front end is used. Core only: a front end reads passwords and
 * shows errors its own way. */
#ifndef OKNO_SESSION_H
#define OKNO_SESSION_H

#include "forms.h"
#include "role.h"
#include "status.h"
#include "store.h"

struct session {
	const char *db_path;
	const char *forms_dir;
	int forms_named;          /* --forms or $OKNO_FORMS: training only */
	int forms_draft;          /* forms check/show: any folder */
	const char *as_login;     /* --as, or $OKNO_AS */
	const char *cosign_login; /* --cosign: the act is this account's */
	int kiosk;                /* --kiosk */
	struct store *store;      /* NULL until session_open */
	struct formset *forms;    /* NULL until session_load_forms */
	struct actor actor;       /* who acts (the cosigner with --cosign) */
	int have_actor;
	struct actor owner;       /* with --cosign: the --as account */
};

/* Open the database (once; creating it, and its folder owner-only or,
 * installed setgid, for the group okno, when create is set: 1 an office's
 * database, 2 a training one). An office database refuses forms named by
 * --forms or $OKNO_FORMS (forms_named) unless forms_draft, before anything
 * is written. */
/* The folder okno keeps its files in beside the database (printed pages,
 * Berkut batches): the database file's folder, or for a database on a
 * server (a URI) the home folder, else the current one. */
void session_files_dir(const struct session *ss, char *out, size_t n);

MUST_CHECK enum status session_open(struct session *ss, int create, struct err *e);
/* Load the forms (once). A forms folder others can write is refused in e
 * (errs stays empty); a broken set is refused whole, each problem in
 * errs. Named forms without a database only for forms_draft. */
MUST_CHECK enum status session_load_forms(struct session *ss, struct err *e,
			       struct errlist *errs);
/* Check login's password (account_login with this process's origin,
 * dflt_origin when not over SSH, and Unix user). Into *out when out is not
 * NULL, else it becomes the session's actor. *must_change: the
 * first-login password must be changed first. */
MUST_CHECK enum status session_login(struct session *ss, const char *login,
			  const char *password, const char *dflt_origin,
			  struct actor *out, int *must_change, struct err *e);
/* Four eyes: the session's actor stays as owner and login (the chief at
 * the inspector's terminal) becomes the actor, after its password; login
 * must hold perm (PERM__COUNT: the act's own, checked by core when the
 * act is done as login). */
MUST_CHECK enum status session_cosign(struct session *ss, const char *login,
			   const char *password, enum perm perm,
			   struct err *e);
/* Free the forms and close the database. */
void session_close(struct session *ss);

/* The SSH client's address ($SSH_CLIENT up to its first space, or
 * $SSH_CONNECTION's), else dflt ("cli", "tty"). The returned string is a
 * static buffer, valid until the next call. */
const char *session_origin(const char *dflt);

/* The Unix account name of the real user id, or NULL when it has no
 * passwd entry. Static storage (getpwuid's). */
const char *session_unix_user(void);

#endif
