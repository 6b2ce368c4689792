/* SPDX-License-Identifier: MIT */
/* An office database (a SQLite file: its offices, cases, history, journal,
 * audit log, prints, blanks, queue, settings, accounts, outputs and every
 * other table of the schema) moved into a regional database on
 * PostgreSQL that may already hold other offices. */
#ifndef OKNO_MIGRATE_H
#define OKNO_MIGRATE_H

#include "progress.h"
#include "role.h"
#include "status.h"
#include "store.h"

struct migrate_report {
	char offices[256];      /* the codes moved, "A01 A02" */
	char sha256[65];        /* of the file moved in */
	long long rows;         /* rows written, all tables */
	long long cases, journal_lines, audit_lines;
	long long settings_kept;/* settings the target had otherwise */
	char *renamed;          /* "admin → admin.a01, ..." or NULL (owned) */
};

/* Move the database in the file at path into dst (a PostgreSQL database
 * whose schema is current), as a (PERM_OFFICES: the administrator).
 *
 * Refused with nothing written: an office code already in dst
 * (ST_CONFLICT), a file of another schema version or mode, a source whose
 * journal or audit chains do not verify (ST_CORRUPT naming the office and
 * the line). The rows get new ids in dst; the journal and audit lines keep
 * the ids their hashes hold (hashed_* columns), each moved audit chain
 * stays a chain of its own (the file's region and system chain gets a
 * number below zero), and the chain heads carry on, so lines written in
 * dst after the move chain onto the moved ones. A region of the same code
 * and the same special records, trusted certificates, form texts,
 * calendar days and settings already in dst are kept as dst has them; an
 * account whose login dst already has gets LOGIN.CODE (its office's code,
 * in out->renamed). Everything happens in one transaction of dst, which
 * checks before it commits every journal chain it moved, every audit
 * chain of dst, the file's last audit seal and journal seals, and the
 * check code of every moved line; its audit line "db.migrate" names the
 * file and its SHA-256. p (may be NULL) hears of the checks and rows. */
MUST_CHECK enum status migrate_office_db(struct store *dst,
					 const struct actor *a,
					 const char *path,
					 struct migrate_report *out,
					 struct progress *p, struct err *e);
void migrate_report_free(struct migrate_report *r);

#endif
