/* SPDX-License-Identifier: MIT */
/* Where a login comes from: the SSH client's address and the Unix account
 * the process runs as, the same for the CLI and the kiosk, so
 * account_login records (and checks the Unix binding of) the real origin
 * whichever front end is used. */
#ifndef OKNO_SESSION_H
#define OKNO_SESSION_H

/* The SSH client's address ($SSH_CLIENT up to its first space, or
 * $SSH_CONNECTION's), else dflt ("cli", "tty"). The returned string is a
 * static buffer, valid until the next call. */
const char *session_origin(const char *dflt);

/* The Unix account name of the real user id, or NULL when it has no
 * passwd entry. Static storage (getpwuid's). */
const char *session_unix_user(void);

#endif
