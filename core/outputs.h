/* SPDX-License-Identifier: MIT */
/* Outputs after commit: a print, a Berkut batch, a portal result. Its
 * bytes are recorded first, in the transaction of the act (table outputs:
 * pending, with the SHA-256), and only after the commit written (through
 * core/fileio.h: a new file, whole or not at all), sent to the spooler or
 * to the terminal's printer, and marked delivered. A run killed anywhere
 * leaves either nothing or a pending output that the next run of the same
 * act delivers byte for byte; never a file without its record. */
#ifndef OKNO_OUTPUTS_H
#define OKNO_OUTPUTS_H

#include <stddef.h>

#include "role.h"
#include "status.h"
#include "store.h"

enum output_target {
	OUT_FILE = 1, /* dest: a path (fileio) */
	OUT_LP,       /* dest: a CUPS queue (lp -d DEST -o raw) */
	OUT_TERMINAL, /* dest: a tty, "" for /dev/tty */
};

/* With the fileio flags (FILEIO_FORCE, FILEIO_USER): a file target is a
 * new name in its folder, NAME.ext, else NAME-2.ext, NAME-3.ext... (a
 * print folder), never replacing one. */
#define OUTPUT_UNIQUE 0x100
/* A folder of okno's own (print_dir of okno.conf): written with okno's
 * rights, where every other file goes with the user's (FILEIO_USER). */
#define OUTPUT_OKNO 0x200
/* Given out once: its bytes are dropped from the record when delivered
 * (the size and SHA-256 stay), for large outputs nothing gives out again
 * (a journal export). */
#define OUTPUT_ONCE 0x400

struct output_req {
	const char *kind;   /* "print", "berkut", "portal", "journal" */
	const char *object; /* what it is: "case:12:receipt", "berkut:A01/3" */
	enum output_target target;
	const char *dest;
	int flags;          /* FILEIO_FORCE, FILEIO_USER, OUTPUT_UNIQUE */
};

/* Record n bytes to go out, pending (inside the caller's write
 * transaction). *id: the output's id. A file target is checked first as
 * fileio would (a missing folder, the database, an existing file without
 * FILEIO_FORCE): the refusal comes before the act is recorded, and the
 * caller rolls back. */
MUST_CHECK enum status output_add(struct store *s, const struct actor *a,
		       const struct output_req *r, const void *data, size_t n,
		       long long *id, struct err *e);

/* Deliver a recorded output (after the commit), then mark it delivered.
 * A file already there with the same bytes counts as delivered (a run
 * killed after writing it); one with other bytes is refused unless
 * FILEIO_FORCE (or force, given now). where gets the file's path ("" for
 * a printer). On failure the output stays pending, e says what went wrong
 * and that the same command gives out the same bytes. */
MUST_CHECK enum status output_deliver(struct store *s, long long id, int force,
			   char *where, size_t wn, struct err *e);

/* Give n bytes out at once, without a record, as output_deliver would:
 * for a server that takes no writes (a standby), where the act's audit
 * line went to the system log first. where gets a file's path. */
MUST_CHECK enum status output_give(const struct output_req *r, const void *data,
			size_t n, char *where, size_t wn, struct err *e);

/* Deliver every pending output of kind whose object is object (or starts
 * with it when it ends in '/'), oldest first, that this process may write
 * (FILEIO_USER ones only by the Unix account that asked for them).
 * *done counts them; where gets the last path. Stops at the first
 * failure. */
MUST_CHECK enum status output_deliver_pending(struct store *s, const char *kind,
				   const char *object, int force, int *done,
				   char *where, size_t wn, struct err *e);

/* 1 when a pending output is to be written at path and the file there
 * already holds its bytes (a run killed after writing it): such a file is
 * no obstacle to the command that gives it out. */
int output_waiting_at(struct store *s, const char *path);

/* 1 when an output of kind and object is pending (any Unix account). */
int output_is_pending(struct store *s, const char *kind, const char *object);

#endif
