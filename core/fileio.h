/* SPDX-License-Identifier: MIT */
/* The one way okno writes and reads files outside its database: prints,
 * receipts, exports, journal prints, the Berkut and portal outboxes,
 * backups, drafts, the print folder; password files and input files.
 *
 * A file is written to a new temporary file beside its name (O_EXCL,
 * O_NOFOLLOW, mode 0600), fsynced, and then linked into place, so it
 * appears whole or not at all. An existing file is replaced only with
 * FILEIO_FORCE, and then by renaming over it (never writing through it:
 * a link there is replaced, its target untouched). Never the open
 * database or its -wal, -shm or -journal, whatever the flags.
 *
 * Privileged (setgid) okno makes and reads what the user names with the
 * user's own group (FILEIO_USER); okno's own folders (backups, the print
 * folder) with okno's. */
#ifndef OKNO_FILEIO_H
#define OKNO_FILEIO_H

#include <stddef.h>
#include <stdio.h>

#include "status.h"

enum {
	FILEIO_FORCE = 1, /* replace an existing file (--force) */
	FILEIO_USER = 2,  /* a path the user named: the user's rights */
	FILEIO_MKDIR = 4, /* create the folder (0700) when missing */
	/* fileio_read only: */
	FILEIO_NOFOLLOW = 8, /* a symbolic link is not followed (not found) */
	FILEIO_UPTO = 16,    /* a bigger file: its first max + 1 bytes, for
			      * the caller to refuse in its own words */
};

/* Never write these: the database at db_path and its -wal, -shm and
 * -journal, by name and by identity (device and inode), through any
 * path. store_open calls it; calls add up. */
void fileio_protect(const char *db_path);

/* Write n bytes to path as described above. field names the option in
 * errors ("out", "outbox"). ST_CONFLICT "... уже существует" for an
 * existing file without FILEIO_FORCE; ST_DENIED for a protected path; the
 * path is left as it was on any error. */
MUST_CHECK enum status fileio_write(const char *path, const void *data, size_t n,
			 int flags, const char *field, struct err *e);

/* What fileio_write would refuse before writing a byte: a missing
 * folder, the database, an existing file without FILEIO_FORCE. */
MUST_CHECK enum status fileio_check(const char *path, int flags, const char *field,
			 struct err *e);

/* The same as a stream, for long outputs: write to fileio_stream(), then
 * fileio_commit (puts it in place) or fileio_abort (leaves nothing). */
struct fileio_out;
MUST_CHECK enum status fileio_open(const char *path, int flags, const char *field,
			struct fileio_out **out, struct err *e);
/* The same with a temporary name of its own, ".NAME.okno-TAG" beside
 * path, so a run killed while writing leaves a file the next run with the
 * same tag finds and replaces (the outputs table's id). */
MUST_CHECK enum status fileio_open_tag(const char *path, int flags, const char *field,
			    const char *tag, struct fileio_out **out,
			    struct err *e);
FILE *fileio_stream(struct fileio_out *o);
/* The temporary file's path, for a writer that needs a name (SQLite's
 * backup): write it through that name, then fileio_commit. */
const char *fileio_temp_path(const struct fileio_out *o);
MUST_CHECK enum status fileio_commit(struct fileio_out *o, struct err *e);
void fileio_abort(struct fileio_out *o);

/* Read a whole regular file (no FIFO, device or folder) of at most max
 * bytes; *data is NUL-terminated, *n its length; the caller frees.
 * FILEIO_USER: with the user's rights. ST_NOTFOUND when missing (or, with
 * FILEIO_NOFOLLOW, a link) or not a regular file, ST_INVALID when too
 * large (unless FILEIO_UPTO), ST_DENIED for the open database (never
 * opened: closing it would drop the engine's locks). */
MUST_CHECK enum status fileio_read(const char *path, size_t max, int flags,
			const char *field, char **data, size_t *n,
			struct err *e);

/* Make a folder (0700; an existing folder is fine, anything else there is
 * an error) with the user's rights when FILEIO_USER. */
MUST_CHECK enum status fileio_mkdir(const char *path, int flags, struct err *e);
/* Move a file to a new name in the same file system, never over an
 * existing one; with the user's rights when FILEIO_USER. */
MUST_CHECK enum status fileio_move(const char *from, const char *to, int flags,
			struct err *e);

/* 1 when path names a file (or a link) that exists. */
int fileio_exists(const char *path);
/* SHA-256 of the file's bytes into hex (65 bytes); -1 when unreadable. */
int fileio_sha256(const char *path, int flags, char hex[65]);

#endif
