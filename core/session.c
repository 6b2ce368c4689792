/* SPDX-License-Identifier: MIT */
/* Login origin and Unix account of the running process. */
#include "session.h"

#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *
session_origin(const char *dflt)
{
	static char buf[64];
	const char *ssh = getenv("SSH_CLIENT");

	if (!ssh || !*ssh)
		ssh = getenv("SSH_CONNECTION");
	if (ssh && *ssh && *ssh != ' ') {
		snprintf(buf, sizeof buf, "%.*s", (int)strcspn(ssh, " "), ssh);
		return buf;
	}
	return dflt;
}

const char *
session_unix_user(void)
{
	struct passwd *pw = getpwuid(getuid());

	return pw ? pw->pw_name : NULL;
}
