/* SPDX-License-Identifier: MIT */
/* Backups: a consistent copy of the live database taken with SQLite's
 * online backup API while the windows keep writing, the checks a copy
 * must pass (integrity, every office's journal chain, the audit chain),
 * and an atomic restore that refuses a copy failing them. */
#ifndef OKNO_BACKUP_H
#define OKNO_BACKUP_H

#include "progress.h"
#include "role.h"
#include "status.h"
#include "store.h"

struct backup_report {
	long long bytes;         /* size of the copy */
	long long offices;       /* offices whose journal was verified */
	long long journal_lines; /* lines verified over all offices */
	long long cases;
	int schema;              /* the copy's schema version */
	int training;            /* the copy is a training database */
	long holders;            /* restore: a process holding the old
				  * database open (0: none seen) */
};

/* Copy the open database into dest (mode 0600): the pages of one read
 * snapshot (WAL readers never block writers, so the kiosks go on), into a
 * new temporary file next to dest (core/fileio.h), switched to a
 * self-contained rollback journal, fsynced, checked with backup_check,
 * then put in place: an existing dest is replaced only with force, never
 * the database itself. On any failure dest is left as it was and the
 * temporary file removed. a: PERM_BACKUP, or an actor without an id (root
 * of the office server, by its Unix account); the audit line "db.backup"
 * names it, the copy and its SHA-256. p (may be NULL) hears of the copy
 * and of each check; when it cancels, ST_CANCELLED and nothing is left
 * behind. */
MUST_CHECK enum status backup_make(struct store *s, const struct actor *a,
			const char *dest, int force,
			struct backup_report *out, struct progress *p,
			struct err *e);

/* On a database on a PostgreSQL server, backup_make runs the server's
 * own pg_dump -Fc (PG_BINDIR, connecting as okno does: a password from
 * okno.conf's password file reaches it through a PGPASSFILE file of its
 * own, never the command line) into the new file beside dest, checks the
 * dump with backup_check_dump, and puts it in place as above, with its
 * audit line. The role must read every table and create databases: the
 * schema's owner. */

/* A pg_dump -Fc file restored into a new scratch database on s's server
 * (pg_restore --exit-on-error), its audit chains and every office's
 * journal verified there, the scratch database dropped. ST_CORRUPT naming
 * what failed (a dump pg_restore refuses, a broken chain). */
MUST_CHECK enum status backup_check_dump(struct store *s, const char *dump,
				 struct backup_report *out,
				 struct progress *p, struct err *e);

/* Check a copy (opened read-only, never modified): PRAGMA integrity_check,
 * the journal chain of every office, the audit chain. ST_CORRUPT with a
 * Russian message naming what failed; ST_NOTFOUND when path is missing;
 * ST_CONFLICT for a schema newer than this build. */
MUST_CHECK enum status backup_check(const char *path, struct backup_report *out,
			 struct progress *p, struct err *e);

/* The pid of a process that holds the database at path open (the shared
 * lock SQLite keeps on its -shm file while a connection is open), or 0. */
long backup_holder(const char *path);

/* Replace the database at dbpath with the copy at src. The copy is read
 * (with the user's rights when src_user) into a temporary file beside the
 * database, given the group and mode of the file it replaces, and must
 * pass backup_check. When the database still opens, only its
 * administrator (a, PERM_ACCOUNTS) may restore, and only a copy of the
 * same mode (training or not), of the same offices, holding the last
 * seal written down from it (audit seal, each office's journal seal):
 * ST_DENIED or ST_CONFLICT otherwise, and nothing changes. Refused
 * (ST_CONFLICT, out->holders set) while another process holds dbpath
 * open, unless force. The copy is renamed over dbpath, so dbpath is at
 * every moment either the old database or the new one; the old one stays
 * as dbpath.before-restore (hard link; its WAL, if any, as
 * dbpath.before-restore-wal). The restored database gets an audit line
 * "db.restore" naming the account (or, for a database that no longer
 * opened, the Unix account) and the copy's SHA-256. p (may be NULL) hears
 * of the copy read in (PROGRESS_RESTORE_COPY) and of its checks; when it
 * cancels, ST_CANCELLED and the database is as it was. */
struct restore_req {
	const char *src;
	int src_user;             /* read src with the user's rights */
	const char *dbpath;
	int force;
	const struct actor *a;    /* the administrator; NULL only when the
				   * database does not open */
	const char *unix_user;    /* without a: who ran it */
	const char *origin;
};
MUST_CHECK enum status backup_restore(const struct restore_req *rq,
			   struct backup_report *out, struct progress *p,
			   struct err *e);

#endif
