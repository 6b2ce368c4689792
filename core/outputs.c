/* SPDX-License-Identifier: MIT */
/* Outputs recorded before they are written, written after the commit. */
#include "outputs.h"
#include "chain.h"
#include "clock.h"
#include "db.h"
#include "fileio.h"
#include "print.h"
#include "session.h"
#include "util.h"

#include <stdio.h>
#include <string.h>

#include <openssl/evp.h>

static const char *const target_names[] = {
	[OUT_FILE] = "file", [OUT_LP] = "lp", [OUT_TERMINAL] = "terminal",
};

/* Bytes kept as base64 text: either engine stores it as it is. */
static char *
to_base64(const void *data, size_t n)
{
	char *out = xmalloc(4 * ((n + 2) / 3) + 1);

	EVP_EncodeBlock((unsigned char *)out, data, (int)n);
	return out;
}

static char *
from_base64(const char *b64, size_t size, size_t *n)
{
	size_t len = strlen(b64);
	unsigned char *out = xmalloc(3 * (len / 4) + 1);
	int got = EVP_DecodeBlock(out, (const unsigned char *)b64, (int)len);

	if (got < 0 || (size_t)got < size) {
		free(out);
		return NULL;
	}
	out[size] = '\0';
	*n = size;
	return (char *)out;
}

enum status
output_add(struct store *s, const struct actor *a, const struct output_req *r,
	   const void *data, size_t n, long long *id, struct err *e)
{
	char sha[CHAIN_HEX], at[STAMP_SIZE], *b64;
	const char *unix_user = session_unix_user();
	struct db_stmt *st;
	enum status ret;

	if (r->target < OUT_FILE || r->target > OUT_TERMINAL)
		return err_set(e, ST_USAGE, "", "Неизвестный вывод");
	if (r->target != OUT_TERMINAL && (!r->dest || !*r->dest))
		return err_set(e, ST_USAGE, "out", "Не указано, куда выводить");
	/* What the file would be refused for is refused now, before the act
	 * is recorded: the caller's transaction rolls back. */
	chain_sha256_hex(data, n, sha);
	if (r->target == OUT_FILE) {
		/* A print folder takes the next free name, and a file that
		 * holds these very bytes is delivered already: neither is an
		 * obstacle. */
		int check = r->flags & (FILEIO_USER | FILEIO_FORCE);
		char have[CHAIN_HEX];

		if ((r->flags & OUTPUT_UNIQUE) ||
		    (fileio_exists(r->dest) &&
		     fileio_sha256(r->dest, r->flags & FILEIO_USER, have) == 0 &&
		     strcmp(have, sha) == 0))
			check |= FILEIO_FORCE;
		if ((ret = fileio_check(r->dest, check, "out", e)) != ST_OK)
			return ret;
	}
	clock_stamp(clock_now(), at);
	b64 = to_base64(data, n);
	ret = db_one(s, &st, e,
		     "INSERT INTO outputs(kind, object, target, dest, flags, "
		     "content, size, sha256, account_id, unix_user, created_at) "
		     "VALUES (?,?,?,?,?,?,?,?,?,?,?) RETURNING id",
		     DB_TEXT(r->kind), DB_TEXT(r->object ? r->object : ""),
		     DB_TEXT(target_names[r->target]),
		     DB_TEXT(r->dest ? r->dest : ""), DB_INT(r->flags),
		     DB_TEXT(b64), DB_INT(n), DB_TEXT(sha),
		     a && a->id > 0 ? DB_INT(a->id) : DB_NULL,
		     DB_TEXT(unix_user ? unix_user : ""), DB_TEXT(at));
	free(b64);
	if (ret == ST_OK) {
		if (id)
			*id = db_col_int64(st, 0);
		db_finalize(st);
	}
	return ret;
}

struct output {
	long long id;
	enum output_target target;
	char *dest, *data, sha[CHAIN_HEX];
	size_t n;
	int flags;
};

static void
output_free(struct output *o)
{
	free(o->dest);
	free(o->data);
}

static enum status
load(struct store *s, long long id, struct output *o, struct err *e)
{
	struct db_stmt *st;
	enum status ret;
	const char *t;
	int k;

	memset(o, 0, sizeof *o);
	ret = db_one(s, &st, e, "SELECT target, dest, flags, content, size, "
		     "sha256 FROM outputs WHERE id = ?", DB_INT(id));
	if (ret == ST_NOTFOUND)
		return err_set(e, ST_NOTFOUND, "", "Вывод %lld не найден", id);
	if (ret != ST_OK)
		return ret;
	t = db_col_text(st, 0);
	for (k = OUT_FILE; k <= OUT_TERMINAL; k++)
		if (!strcmp(t, target_names[k]))
			o->target = (enum output_target)k;
	o->id = id;
	o->dest = db_col_dup(st, 1);
	o->flags = db_col_int(st, 2);
	o->data = from_base64(db_col_text(st, 3), (size_t)db_col_int64(st, 4),
			      &o->n);
	snprintf(o->sha, sizeof o->sha, "%s", db_col_text(st, 5));
	db_finalize(st);
	if (!o->target || !o->data) {
		output_free(o);
		return err_set(e, ST_CORRUPT, "", "Вывод %lld повреждён", id);
	}
	return ST_OK;
}

/* The file holds exactly the output's bytes. */
static int
same_bytes(const char *path, const struct output *o)
{
	char hex[CHAIN_HEX];

	return fileio_sha256(path, o->flags & FILEIO_USER, hex) == 0 &&
	       strcmp(hex, o->sha) == 0;
}

/* NAME.ext -> NAME-k.ext in the same folder (k > 1). */
static char *
nth_name(const char *path, int k)
{
	const char *slash = strrchr(path, '/'), *dot = strrchr(path, '.');

	if (k == 1)
		return xstrdup(path);
	if (!dot || (slash && dot < slash) || dot == (slash ? slash + 1 : path))
		return xasprintf("%s-%d", path, k);
	return xasprintf("%.*s-%d%s", (int)(dot - path), path, k, dot);
}

static enum status
write_file(const char *path, const struct output *o, struct err *e)
{
	struct fileio_out *f;
	enum status ret;
	char tag[32];

	snprintf(tag, sizeof tag, "out%lld", o->id);
	if ((ret = fileio_open_tag(path, o->flags & (FILEIO_FORCE | FILEIO_USER),
				   "out", tag, &f, e)) != ST_OK)
		return ret;
	if (o->n && fwrite(o->data, 1, o->n, fileio_stream(f)) != o->n) {
		fileio_abort(f);
		return err_set(e, ST_STORAGE, "out", "Не удалось записать %s",
			       path);
	}
	return fileio_commit(f, e);
}

static enum status
deliver_file(const struct output *o, char **final, struct err *e)
{
	enum status ret;
	int k;

	*final = NULL;
	if (!(o->flags & OUTPUT_UNIQUE)) {
		if (fileio_exists(o->dest) && same_bytes(o->dest, o)) {
			*final = xstrdup(o->dest);
			return ST_OK;
		}
		if ((ret = write_file(o->dest, o, e)) == ST_OK)
			*final = xstrdup(o->dest);
		return ret;
	}
	for (k = 1; k < 10000; k++) {
		char *p = nth_name(o->dest, k);

		if (fileio_exists(p)) {
			if (same_bytes(p, o)) {
				*final = p;
				return ST_OK;
			}
			free(p);
			continue;
		}
		ret = write_file(p, o, e);
		if (ret == ST_CONFLICT) { /* taken meanwhile: the next name */
			free(p);
			continue;
		}
		if (ret == ST_OK)
			*final = p;
		else
			free(p);
		return ret;
	}
	return err_set(e, ST_CONFLICT, "out", "В папке %s нет свободного имени",
		       o->dest);
}

/* Write o out to its target; *final gets a file's path. */
static enum status
give(const struct output *o, char **final, struct err *e)
{
	*final = NULL;
	switch (o->target) {
	case OUT_FILE:
		return deliver_file(o, final, e);
	case OUT_LP:
		return print_to_lp(o->dest, o->data, o->n, e);
	case OUT_TERMINAL:
		return print_to_terminal(o->dest, o->data, o->n, e);
	}
	return err_set(e, ST_USAGE, "", "Неизвестный вывод");
}

enum status
output_give(const struct output_req *r, const void *data, size_t n,
	    char *where, size_t wn, struct err *e)
{
	struct output o;
	char *final = NULL;
	enum status ret;

	if (where && wn)
		where[0] = '\0';
	if (r->target != OUT_TERMINAL && (!r->dest || !*r->dest))
		return err_set(e, ST_USAGE, "out", "Не указано, куда выводить");
	memset(&o, 0, sizeof o);
	o.target = r->target;
	o.dest = (char *)(r->dest ? r->dest : "");
	o.data = (char *)data;
	o.n = n;
	o.flags = r->flags;
	chain_sha256_hex(data, n, o.sha);
	ret = give(&o, &final, e);
	if (ret == ST_OK && where && wn && final)
		snprintf(where, wn, "%s", final);
	free(final);
	return ret;
}

enum status
output_deliver(struct store *s, long long id, int force, char *where,
	       size_t wn, struct err *e)
{
	struct output o;
	char at[STAMP_SIZE], *final = NULL;
	enum status ret;

	if (where && wn)
		where[0] = '\0';
	if ((ret = load(s, id, &o, e)) != ST_OK)
		return ret;
	if (force)
		o.flags |= FILEIO_FORCE;
	ret = give(&o, &final, e);
	if (ret == ST_OK) {
		/* An OUTPUT_ONCE output keeps only its size and SHA-256. */
		clock_stamp(clock_now(), at);
		ret = db_exec(s, e, "UPDATE outputs SET state = 'delivered', "
			      "delivered_at = ?, delivered_to = ?, content = "
			      "CASE WHEN (flags & ?) <> 0 THEN '' ELSE content "
			      "END WHERE id = ?",
			      DB_TEXT(at), DB_TEXT(final ? final : o.dest),
			      DB_INT(OUTPUT_ONCE), DB_INT(id));
		if (where && wn && final)
			snprintf(where, wn, "%s", final);
	} else {
		/* Say what happened, and that nothing is lost. */
		char msg[ERR_MSG_MAX];

		snprintf(msg, sizeof msg, "%s", e ? e->msg : "");
		err_set(e, e ? e->st : ST_ERROR, e ? e->field : "",
			"%s. Документ сохранён в базе и не выдан: та же команда выдаст его без изменений", msg);
	}
	free(final);
	output_free(&o);
	return ret;
}

/* An output's id from a row (a db_fill_fn). */
static void
fill_id(struct db_stmt *row, void *elem)
{
	long long *id = elem;

	*id = db_col_int64(row, 0);
}

/* ?4: the object as a prefix (it ends in '/'), else NULL. FILEIO_USER
 * (2) outputs only for the Unix account that asked for them. */
static const char pending_sql[] =
	"SELECT id FROM outputs WHERE state = 'pending' AND kind = ?1 AND "
	"(object = ?2 OR (CAST(?4 AS TEXT) IS NOT NULL AND "
	"substr(object, 1, length(CAST(?4 AS TEXT))) = ?4)) AND "
	"(flags & 2 = 0 OR unix_user = ?3) ORDER BY id";

enum status
output_deliver_pending(struct store *s, const char *kind, const char *object,
		       int force, int *done, char *where, size_t wn,
		       struct err *e)
{
	const char *unix_user = session_unix_user();
	long long *ids;
	enum status ret;
	size_t i, nids;

	if (done)
		*done = 0;
	size_t len = strlen(object);

	ret = db_rows(s, e, &ids, &nids, fill_id, NULL, pending_sql,
		      DB_TEXT(kind), DB_TEXT(object),
		      DB_TEXT(unix_user ? unix_user : ""),
		      DB_TEXT(len && object[len - 1] == '/' ? object : NULL));
	for (i = 0; ret == ST_OK && i < nids; i++)
		if ((ret = output_deliver(s, ids[i], force, where, wn, e)) ==
			    ST_OK &&
		    done)
			(*done)++;
	free(ids);
	return ret;
}

int
output_is_pending(struct store *s, const char *kind, const char *object)
{
	return db_int(s, 0, "SELECT count(*) FROM outputs WHERE state = "
		      "'pending' AND kind = ? AND object = ?", DB_TEXT(kind),
		      DB_TEXT(object)) > 0;
}

int
output_waiting_at(struct store *s, const char *path)
{
	char *want = NULL, have[CHAIN_HEX];
	int yes;

	if (db_text(s, NULL, &want, NULL, "SELECT sha256 FROM outputs WHERE "
		    "state = 'pending' AND target = 'file' AND dest = ? "
		    "ORDER BY id DESC LIMIT 1", DB_TEXT(path)) != ST_OK ||
	    !want)
		return 0;
	yes = fileio_sha256(path, FILEIO_USER, have) == 0 &&
	      strcmp(have, want) == 0;
	free(want);
	return yes;
}
