/* SPDX-License-Identifier: MIT */
/* The office server's configuration, /etc/okno/okno.conf (SYSCONFDIR at
 * build time), and the privileged mode.
 *
 * okno.conf holds "key = value" lines and "#" comments. Keys: database
 * (a file, or a PostgreSQL server's postgresql:// URI), forms, print_dir,
 * backup_dir, locale_dir, timezone (of new offices), windows_group
 * (default okno-windows), database_password_file (the URI's role's
 * password). It must be owned by root and writable by no one else, and so
 * must its folder.
 *
 * Privileged mode: okno installed setgid to the group okno (no person is a
 * member), which alone may read and write the database, its folder, the
 * backups and the print folder. Then the database and the forms come from
 * okno.conf only, the environment is cut down to a short list, and every
 * file a user names (an output, a password file, an input) is opened with
 * the user's own group, never with okno's (config_as_user). */
#ifndef OKNO_CONFIG_H
#define OKNO_CONFIG_H

#include "status.h"

#ifndef SYSCONFDIR
#define SYSCONFDIR "/etc"
#endif
#define CONFIG_PATH SYSCONFDIR "/okno/okno.conf"
#define CONFIG_VALUE_MAX 1024
#define CONFIG_WINDOWS_GROUP "okno-windows"

struct config {
	int present; /* the file exists (and was read) */
	char path[CONFIG_VALUE_MAX];
	char database[CONFIG_VALUE_MAX];
	char forms[CONFIG_VALUE_MAX];
	char print_dir[CONFIG_VALUE_MAX];
	char backup_dir[CONFIG_VALUE_MAX];
	char locale_dir[CONFIG_VALUE_MAX];
	char timezone[CONFIG_VALUE_MAX];
	char windows_group[CONFIG_VALUE_MAX];
	/* The password of the PostgreSQL role in database's URI: a file of
	 * root's that only the group okno may read (0640 root:okno). */
	char database_password_file[CONFIG_VALUE_MAX];
};

/* Read a configuration file. A missing file is ST_OK with present 0. A
 * file (or folder) that is not root's, or that its group or others may
 * write, an unknown key, a malformed line or a relative path is an error
 * naming the file and the line. */
MUST_CHECK enum status config_load(const char *path, struct config *out, struct err *e);

/* Once, first thing in main: notes whether okno runs privileged (setgid:
 * getauxval(AT_SECURE)) and reads CONFIG_PATH. Privileged, the file must
 * exist and name the database, and the real user must be root or a member
 * of windows_group. */
MUST_CHECK enum status config_init(struct err *e);
const struct config *config_get(void);
int config_privileged(void);

/* The password for uri when it is okno.conf's database and the file
 * database_password_file names one: read with okno's group, from a file
 * owned by root that others may not read (*password NULL otherwise; the
 * caller frees). Never taken from the environment or the URI. */
MUST_CHECK enum status config_db_password(const char *uri, char **password,
					  struct err *e);

/* Privileged mode: keep only TERM, LANG, LC_*, OKNO_LANG, OKNO_AS, the
 * OKNO_*_FILE secret files, SSH_CLIENT, SSH_CONNECTION, SSH_TTY, HOME,
 * USER, LOGNAME, PRINTER, LPDEST, and a fixed PATH. No-op otherwise. */
void config_scrub_env(void);

/* Privileged mode: open what the user names with the user's own group
 * (config_as_user) and go back to okno's (config_as_okno); calls nest.
 * config_drop_privilege gives okno's group up for the rest of the process
 * (a command that needs no database). No-ops when not privileged. */
void config_as_user(void);
void config_as_okno(void);
void config_drop_privilege(void);

#endif
