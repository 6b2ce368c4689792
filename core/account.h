/* SPDX-License-Identifier: MIT */
/* Accounts: creation, login with lockout, password change. Passwords are
 * hashed with yescrypt through crypt(3) and never stored or logged in
 * clear. */
#ifndef OKNO_ACCOUNT_H
#define OKNO_ACCOUNT_H

#include <stddef.h>

#include "clock.h"
#include "role.h"
#include "status.h"
#include "store.h"

#define PASSWORD_MIN 8
#define PASSWORD_MAX 256

/* Settings keys (table settings) with their defaults. */

struct account_info {
	long long id;
	char login[ACTOR_LOGIN_MAX];
	char full_name[ACTOR_NAME_MAX];
	char position[ACTOR_NAME_MAX];
	unsigned roles;
	char office_code[32];
	char region_code[32];
	int must_change;
	int failed;
	char locked_until[STAMP_SIZE]; /* "" when not locked */
	int active;
	char unix_user[64];
};

/* Create an account (PERM_ACCOUNTS; a NULL actor is allowed only while the
 * database has no account yet, for init). office_code may be NULL for a
 * regional account, then region_code names the region. The password must
 * be PASSWORD_MIN..PASSWORD_MAX bytes; the account must change it at the
 * first login. */
MUST_CHECK enum status account_add(struct store *s, const struct actor *a,
			const char *login, const char *full_name,
			const char *position, unsigned roles,
			const char *office_code, const char *region_code,
			const char *password, long long *id_out, struct err *e);

/* Check a password and fill *out. Failures are counted; after the
 * configured number the account is locked for the configured minutes and
 * the message says until when. Every attempt leaves an audit line.
 * origin: where from (SSH client address, "cli"). When unix_user is not
 * NULL and the account is bound to a Unix account, the two must match. */
MUST_CHECK enum status account_login(struct store *s, const char *login,
			  const char *password, const char *origin,
			  const char *unix_user, struct actor *out,
			  int *must_change, struct err *e);

/* Four eyes at the window: authenticate a second account (the chief) for
 * one act on the terminal of the session's account, without the session
 * logging out. The password is checked and counted like a login (lockout
 * included); a first-login password that must be changed is refused; the
 * cosigner must hold perm (PERM__COUNT: any, the act's own core call checks
 * it). The Unix binding of the cosigner is not checked: the chief signs at
 * the inspector's terminal, whose Unix user is the inspector's. Leaves an
 * audit line "cosign" by the cosigner (detail: the session's login and
 * perm), or "cosign.fail". *out is the cosigner, with the session's origin:
 * the act done with it is recorded as the chief's act. */
MUST_CHECK enum status account_cosign(struct store *s, const struct actor *session,
			   const char *login, const char *password,
			   enum perm perm, struct actor *out, struct err *e);

/* Change the acting account's own password (old one checked again). */
MUST_CHECK enum status account_passwd(struct store *s, const struct actor *a,
			   const char *old_pw, const char *new_pw,
			   struct err *e);

/* Admin: set a new first-login password, unlock, bind to a Unix user. */
MUST_CHECK enum status account_reset(struct store *s, const struct actor *a,
			  const char *login, const char *password,
			  struct err *e);
MUST_CHECK enum status account_unlock(struct store *s, const struct actor *a,
			   const char *login, struct err *e);
MUST_CHECK enum status account_bind_unix(struct store *s, const struct actor *a,
			      const char *login, const char *unix_user,
			      struct err *e);

/* Load an account's public data (no password). */
MUST_CHECK enum status account_get(struct store *s, const char *login,
			struct account_info *out, struct err *e);
/* All accounts, by login. The caller frees *out. PERM_ACCOUNTS or
 * PERM_AUDIT. */
MUST_CHECK enum status account_list(struct store *s, const struct actor *a,
			 struct account_info **out, size_t *n, struct err *e);

/* An actor for an account without a password check, for core's own
 * tests and for code that has already authenticated the account. */
MUST_CHECK enum status account_actor(struct store *s, const char *login,
			  const char *origin, struct actor *out,
			  struct err *e);

/* A random first-login password of n characters (no look-alike letters),
 * written into buf (n + 1 bytes). */
void account_random_password(char *buf, size_t n);

#endif
