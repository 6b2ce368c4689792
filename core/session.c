/* SPDX-License-Identifier: MIT */
/* The session of a front end: database, forms, the acting account; login
 * origin and Unix account of the running process. */
#include "session.h"
#include "account.h"
#include "calendar.h"
#include "config.h"
#include "db.h"
#include "util.h"

#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The database's folder, owner-only; installed setgid, for okno's group
 * alone (2770), where SQLite makes its -wal and -shm files. */
static enum status
make_folder(const char *db_path, struct err *e)
{
	char *dir = xstrdup(db_path), *slash = strrchr(dir, '/');
	enum status ret = ST_OK;

	if (slash && slash != dir) {
		gid_t gid = 0;
		int shared = config_privileged() && store_okno_group(&gid);

		*slash = '\0';
		if (mkdir(dir, shared ? 02770 : 0700) == 0) {
			if (shared && chown(dir, (uid_t)-1, gid) == 0)
				chmod(dir, 02770);
		} else if (errno != EEXIST) {
			ret = err_set(e, ST_ERROR, "", "cannot create %s: %s",
				      dir, strerror(errno));
		}
	}
	free(dir);
	return ret;
}

static enum status
named_forms_refused(struct err *e)
{
	return err_set(e, ST_DENIED, "", "--forms/OKNO_FORMS: другая папка форм допустима только в учебной базе (okno init --training) и для okno forms check");
}

void
session_files_dir(const struct session *ss, char *out, size_t n)
{
	const char *db = ss->db_path ? ss->db_path : "", *home = getenv("HOME");
	const char *slash = strrchr(db, '/');

	if (db_name_is_uri(db))
		snprintf(out, n, "%s", home && *home ? home : ".");
	else if (slash)
		snprintf(out, n, "%.*s", (int)(slash - db), db); /* "" for "/" */
	else
		snprintf(out, n, ".");
}

enum status
session_open(struct session *ss, int create, struct err *e)
{
	enum status ret;

	if (ss->store)
		return ST_OK;
	/* A file's folder is made here; a PostgreSQL database exists
	 * already (its owner created it) and gets its schema. */
	if (create && !db_name_is_uri(ss->db_path) &&
	    (ret = make_folder(ss->db_path, e)) != ST_OK)
		return ret;
	if ((ret = db_open(ss->db_path,
			   create ? DB_CREATE | (create == 2 ? DB_TRAINING : 0)
				  : 0,
			   &ss->store, e)) != ST_OK)
		return ret;
	/* Forms and print templates decide what is asked, required and
	 * printed: an office database works only with the office's own,
	 * refused before anything (a login) is written. */
	if (!create && ss->forms_named && !ss->forms_draft &&
	    !ss->store->training) {
		store_close(ss->store);
		ss->store = NULL;
		return named_forms_refused(e);
	}
	return ST_OK;
}

enum status
session_load_forms(struct session *ss, struct err *e, struct errlist *errs)
{
	enum status ret;

	if (ss->forms)
		return ST_OK;
	/* With a database session_open decided; without one, only forms
	 * check and show may name a folder. */
	if (ss->forms_named && !ss->forms_draft && !ss->store)
		return named_forms_refused(e);
	/* Forms and print templates decide what is asked and printed: a
	 * folder other users can write is refused like the database. */
	if ((ret = store_check_private(ss->forms_dir, "Папка форм", 2, e)) !=
	    ST_OK)
		return ret;
	if ((ret = formset_load(ss->forms_dir, &ss->forms, errs)) != ST_OK)
		return ret;
	/* The calendar counts with the data of these forms. */
	cal_use(formset_calendar(ss->forms));
	return ST_OK;
}

enum status
session_login(struct session *ss, const char *login, const char *password,
	      const char *dflt_origin, struct actor *out, int *must_change,
	      struct err *e)
{
	struct actor who;
	enum status ret;

	ret = account_login(ss->store, login, password,
			    session_origin(dflt_origin), session_unix_user(),
			    out ? out : &who, must_change, e);
	if (ret == ST_OK && !out) {
		ss->actor = who;
		ss->have_actor = 1;
	}
	return ret;
}

enum status
session_cosign(struct session *ss, const char *login, const char *password,
	       enum perm perm, struct err *e)
{
	struct actor chief;
	enum status ret;

	ret = account_cosign(ss->store, &ss->actor, login, password, perm,
			     &chief, e);
	if (ret == ST_OK) {
		ss->owner = ss->actor;
		ss->actor = chief;
	}
	return ret;
}

void
session_close(struct session *ss)
{
	formset_free(ss->forms);
	ss->forms = NULL;
	store_close(ss->store);
	ss->store = NULL;
}

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
