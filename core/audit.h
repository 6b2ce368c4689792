/* SPDX-License-Identifier: MIT */
/* The audit log: an append-only, hash-chained record of who did what, when
 * and from where. audit_log() must be called inside the caller's write
 * transaction, so the act and its audit line commit together. */
#ifndef OKNO_AUDIT_H
#define OKNO_AUDIT_H

#include "clock.h"
#include "progress.h"
#include "role.h"
#include "status.h"
#include "store.h"

/* action: a short code ("login", "login.fail", "case.new", "case.event",
 * "case.view", "print", "export", "user.add", "calendar.set", ...).
 * object: what it concerns ("case:12", "user:ivanov", "" ...).
 * detail: free text (never a password). a may be NULL for the system.
 * Outside a write transaction it writes nothing and returns ST_ERROR. */
MUST_CHECK enum status audit_log(struct store *s, const struct actor *a,
		      const char *action, const char *object,
		      const char *detail, struct err *e);
/* The end of an act in the caller's open write transaction: its audit
 * line, then the commit; on failure the transaction is rolled back. */
MUST_CHECK enum status audit_commit(struct store *s, const struct actor *a,
				    const char *action, const char *object,
				    const char *detail, struct err *e);
/* audit_log in a write transaction of its own (db_transact: retried when
 * the engine asks): for a line that records a read, a check or a look. */
MUST_CHECK enum status audit_log_own(struct store *s, const struct actor *a,
			  const char *action, const char *object,
			  const char *detail, struct err *e);

/* Recompute the chain. Returns ST_OK, or ST_CORRUPT with a message naming
 * the first line (id) that does not match and why. p (may be NULL) hears
 * of the lines checked (ST_CANCELLED when it cancels). Writes nothing (a
 * copy being checked, a restore's). */
MUST_CHECK enum status audit_verify(struct store *s, struct progress *p, struct err *e);
/* The same for a person: PERM_AUDIT (the auditor), then audit_verify,
 * then the audit line "audit.verify" with its outcome ("intact" or what
 * was found; a passed check only with its line written). */
MUST_CHECK enum status audit_verify_as(struct store *s, const struct actor *a,
			    struct progress *p, struct err *e);

/* The log sealed, for the auditor to write down: "1a2b3c4d5e6f7a8b-123",
 * the first 16 hex digits of the hash of the line "audit.seal" this writes
 * and its id; that line records the head of every office's chain (and the
 * region's). PERM_AUDIT. */
#define AUDIT_SEAL_MAX 40
MUST_CHECK enum status audit_seal(struct store *s, const struct actor *a,
		       char out[AUDIT_SEAL_MAX], struct err *e);
/* The seal last written down from this database (its line "audit.seal"),
 * and when (at, STAMP_SIZE): ST_NOTFOUND when there is none. */
MUST_CHECK enum status audit_last_seal(struct store *s, char out[AUDIT_SEAL_MAX],
				       char *at, struct err *e);
/* Verify the chains, then that the sealed line is still there with that
 * hash, and so is every chain's head it records: ST_CORRUPT when a chain
 * was cut short below the seal or rewritten up to it (which the chains
 * alone cannot show when their heads were set back too); ST_INVALID for a
 * malformed seal. PERM_AUDIT; the audit line "audit.verify" (object: the
 * seal) as audit_verify_as. */
MUST_CHECK enum status audit_verify_against(struct store *s, const struct actor *a,
				 const char *sealed, struct progress *p,
				 struct err *e);
/* The same check for okno itself, writing nothing (a copy a restore
 * checks against the seal written down in the office's database). */
MUST_CHECK enum status audit_verify_seal(struct store *s, const char *sealed,
			      struct progress *p, struct err *e);

struct audit_row {
	long long id;
	char at[STAMP_SIZE];
	char login[64];
	char action[32];
	char object[64];
	char origin[64];
	char *detail; /* owned */
};

/* Audit lines (PERM_AUDIT), filtered by login, case id ("12"), and date
 * range (ДД.ММ.ГГГГ or ISO, inclusive); any filter may be NULL. The read
 * leaves the audit line "audit.view" (detail: the filters), or is
 * refused. */
MUST_CHECK enum status audit_list(struct store *s, const struct actor *a,
		       const char *who, const char *case_id, const char *from,
		       const char *to, struct audit_row **out, size_t *n,
		       struct err *e);
void audit_rows_free(struct audit_row *r, size_t n);

#endif
