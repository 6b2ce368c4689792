/* SPDX-License-Identifier: MIT */
/* Berkut batches out and their acknowledgements back. */
#include "berkut.h"
#include "audit.h"
#include "cases.h"
#include "clock.h"
#include "fileio.h"
#include "journal.h"
#include "outputs.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#define BERKUT_FORMAT "okno-berkut/1"
#define BERKUT_ACK_FORMAT "okno-berkut-ack/1"
#define ACK_MAX_BYTES (4 * 1024 * 1024)

/* ---- small helpers --------------------------------------------------- */

static enum status
office_code(struct store *s, long long office_id, char *code, size_t n,
	    char *name, size_t nn, struct err *e)
{
	sqlite3_stmt *st = store_prepare(s, "SELECT code, name FROM offices "
					    "WHERE id = ?", e);
	int rc;

	if (!st)
		return e->st;
	sqlite3_bind_int64(st, 1, office_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		snprintf(code, n, "%s", store_col_text(st, 0));
		if (name)
			snprintf(name, nn, "%s", store_col_text(st, 1));
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return err_set(e, ST_NOTFOUND, "office", "Подразделение не "
			       "найдено");
	return ST_OK;
}

static void
batch_file_name(const char *office, int no, char *out, size_t n)
{
	char safe[32];
	size_t i;

	for (i = 0; office[i] && i < sizeof safe - 1; i++)
		safe[i] = ((office[i] >= 'A' && office[i] <= 'Z') ||
			   (office[i] >= 'a' && office[i] <= 'z') ||
			   (office[i] >= '0' && office[i] <= '9') ||
			   office[i] == '-')
				  ? office[i] : '_';
	safe[i] = '\0';
	snprintf(out, n, "berkut-%s-%06d.jsonl", safe, no);
}

/* The batch and its sidecar NAME.sha256 (sha256sum format) as outputs of
 * the transaction: written after its commit (output_deliver). ids gets
 * the two outputs. An outbox file already there with other bytes is
 * replaced only with force. */
static enum status
add_batch(struct store *s, const struct actor *a, const char *outbox,
	  const char *office, int no, const char *file, const char *content,
	  const char *sha, int force, long long ids[2], struct err *e)
{
	char *path = xasprintf("%s/%s", outbox, file);
	char *side = xasprintf("%s.sha256", path);
	char *line = xasprintf("%s  %s\n", sha, file);
	char *object = xasprintf("berkut:%s/%d", office, no);
	struct output_req r = {
		.kind = "berkut",
		.object = object,
		.target = OUT_FILE,
		.flags = FILEIO_USER | (force ? FILEIO_FORCE : 0),
	};
	enum status ret;

	r.dest = path;
	ret = output_add(s, a, &r, content, strlen(content), &ids[0], e);
	r.dest = side;
	if (ret == ST_OK)
		ret = output_add(s, a, &r, line, strlen(line), &ids[1], e);
	free(object);
	free(line);
	free(side);
	free(path);
	return ret;
}

/* Give out what the transaction recorded, in order. */
static enum status
deliver_all(struct store *s, const long long *ids, size_t n, struct err *e)
{
	enum status ret = ST_OK;
	size_t i;

	for (i = 0; ret == ST_OK && i < n; i++)
		ret = output_deliver(s, ids[i], 0, NULL, 0, e);
	return ret;
}

static enum status
check_outbox(const char *outbox, struct err *e)
{
	struct stat sb;

	if (stat(outbox, &sb) != 0 || !S_ISDIR(sb.st_mode))
		return err_set(e, ST_NOTFOUND, "outbox", "Папка для отправки "
			       "%s не найдена", outbox);
	return ST_OK;
}

/* ---- records --------------------------------------------------------- */

struct pending {
	long long case_id;
	int correction;
	long long base;   /* corrections: lines after this one */
};

static enum status
collect(struct store *s, long long office_id, struct pending **out,
	size_t *n, struct err *e)
{
	/* Registrations: issued, not in Berkut, not sent in a batch that is
	 * pending or accepted them. Corrections: made after the last record
	 * of the case that went out (or after its manual entry). */
	static const char sql[] =
		"SELECT c.id, 0, 0 FROM cases c "
		"WHERE c.office_id = ?1 AND c.service = 'registration' "
		" AND c.state IN ('issued','handed_out') AND c.berkut_at IS NULL "
		" AND EXISTS (SELECT 1 FROM case_events v WHERE v.case_id = c.id"
		"  AND v.event = 'issue') "
		" AND NOT EXISTS (SELECT 1 FROM berkut_items i JOIN berkut_batches"
		"  b ON b.id = i.batch_id WHERE i.case_id = c.id AND i.kind = "
		"  'registration' AND (b.acked_at IS NULL OR i.status = "
		"  'accepted')) "
		"UNION ALL "
		"SELECT id, 1, base FROM (SELECT c.id AS id, COALESCE("
		"  (SELECT MAX(i.upto_line) FROM berkut_items i WHERE "
		"   i.case_id = c.id AND (i.status IS NULL OR i.status = "
		"   'accepted')),"
		"  (SELECT MAX(j.id) FROM journal j WHERE j.case_id = c.id AND"
		"   j.kind = 'berkut'), 0) AS base FROM cases c "
		" WHERE c.office_id = ?1 AND c.service = 'registration' "
		" AND (c.berkut_at IS NOT NULL OR EXISTS (SELECT 1 FROM "
		"  berkut_items i WHERE i.case_id = c.id AND i.kind = "
		"  'registration' AND (i.status IS NULL OR i.status = "
		"  'accepted')))) t "
		"WHERE EXISTS (SELECT 1 FROM journal j WHERE j.case_id = t.id "
		" AND j.kind = 'correction' AND j.id > t.base) "
		"ORDER BY 1";
	sqlite3_stmt *st = store_prepare(s, sql, e);
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (!st)
		return e->st;
	sqlite3_bind_int64(st, 1, office_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		XGROW(*out, *n, cap);
		(*out)[*n].case_id = sqlite3_column_int64(st, 0);
		(*out)[*n].correction = sqlite3_column_int(st, 1);
		(*out)[*n].base = sqlite3_column_int64(st, 2);
		(*n)++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		free(*out);
		*out = NULL;
		return store_error(s, e, "berkut pending");
	}
	return ST_OK;
}

/* The case's events a Berkut record needs: when and by whom it was
 * accepted, the special-records check, the registration (issue). */
static void
add_events(struct store *s, long long id, json_t *rec)
{
	sqlite3_stmt *st = store_prepare(s,
		"SELECT e.event, e.at, a.full_name, COALESCE(e.reason, '') "
		"FROM case_events e JOIN accounts a ON a.id = e.actor_id "
		"WHERE e.case_id = ? AND e.event IN ('accept', 'check-clear', "
		"'check-hit', 'issue') ORDER BY e.id", NULL);

	if (!st)
		return;
	sqlite3_bind_int64(st, 1, id);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *ev = store_col_text(st, 0);
		const char *at = store_col_text(st, 1);
		const char *who = store_col_text(st, 2);

		if (strcmp(ev, "accept") == 0) {
			json_object_set_new(rec, "accepted_at", json_string(at));
			json_object_set_new(rec, "inspector", json_string(who));
		} else if (strcmp(ev, "issue") == 0) {
			json_object_set_new(rec, "registered_at",
					    json_string(at));
			json_object_set_new(rec, "decided_by", json_string(who));
		} else {
			json_t *chk = json_object();

			json_object_set_new(chk, "result", json_string(
				strcmp(ev, "check-clear") == 0 ? "clear"
							       : "hit"));
			json_object_set_new(chk, "at", json_string(at));
			json_object_set_new(chk, "by", json_string(who));
			json_object_set_new(rec, "special_check", chk);
		}
	}
	sqlite3_finalize(st);
}

static void
add_changes(struct store *s, long long id, long long base, json_t *rec)
{
	sqlite3_stmt *st = store_prepare(s,
		"SELECT id, at, content FROM journal WHERE case_id = ? AND "
		"kind = 'correction' AND id > ? ORDER BY id", NULL);
	json_t *arr = json_array();

	if (st) {
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, base);
		while (sqlite3_step(st) == SQLITE_ROW) {
			json_error_t je;
			json_t *c = json_loads(store_col_text(st, 2), 0, &je);
			json_t *ch = json_object();

			json_object_set_new(ch, "at",
					    json_string(store_col_text(st, 1)));
			if (c) {
				const char *keys[] = {"field", "old", "new",
						      "reason", NULL};
				int k;

				for (k = 0; keys[k]; k++) {
					json_t *v = json_object_get(c, keys[k]);

					if (v)
						json_object_set(ch, keys[k], v);
				}
				json_decref(c);
			}
			json_array_append_new(arr, ch);
		}
		sqlite3_finalize(st);
	}
	json_object_set_new(rec, "changes", arr);
}

static long long
last_line(struct store *s, long long id)
{
	sqlite3_stmt *st = store_prepare(s, "SELECT COALESCE(MAX(id), 0) FROM "
					    "journal WHERE case_id = ?", NULL);
	long long v = 0;

	if (!st)
		return 0;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static json_t *
make_record(struct store *s, int seq, const struct pending *p,
	    const char *office, struct err *e)
{
	sqlite3_stmt *st = store_prepare(s, "SELECT data, journal_no, "
					    "journal_year FROM cases WHERE "
					    "id = ?", e);
	json_t *rec, *person = NULL;
	json_error_t je;
	char num[32] = "";

	if (!st)
		return NULL;
	sqlite3_bind_int64(st, 1, p->case_id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		person = json_loads(store_col_text(st, 0), 0, &je);
		if (sqlite3_column_int(st, 1))
			snprintf(num, sizeof num, "%d/%d",
				 sqlite3_column_int(st, 1),
				 sqlite3_column_int(st, 2));
	}
	sqlite3_finalize(st);
	if (!person) {
		err_set(e, ST_CORRUPT, "case", "Дело № %lld: данные не "
			"читаются", p->case_id);
		return NULL;
	}
	rec = json_object();
	json_object_set_new(rec, "seq", json_integer(seq));
	json_object_set_new(rec, "kind", json_string(p->correction
							     ? "correction"
							     : "registration"));
	json_object_set_new(rec, "case", json_integer(p->case_id));
	json_object_set_new(rec, "office", json_string(office));
	json_object_set_new(rec, "journal_no", json_string(num));
	add_events(s, p->case_id, rec);
	json_object_set_new(rec, "person", person);
	if (p->correction)
		add_changes(s, p->case_id, p->base, rec);
	return rec;
}

/* ---- export ---------------------------------------------------------- */

enum status
berkut_export(struct store *s, const struct actor *a, const char *outbox,
	      struct berkut_batch_info *out, struct err *e)
{
	struct pending *p = NULL;
	struct strbuf content = {0};
	char office[64], office_name[256], stamp[STAMP_SIZE], obj[96], *detail;
	long long batch_id, ids[2] = {0, 0};
	sqlite3_stmt *st;
	enum status ret;
	size_t n = 0, i;
	int no = 0, rc;

	memset(out, 0, sizeof *out);
	if ((ret = actor_require(a, PERM_EXCHANGE, e)) != ST_OK)
		return ret;
	if (!a->office_id)
		return err_set(e, ST_DENIED, "", "Пакеты в «Беркут» выгружает "
			       "сотрудник районного (городского) "
			       "подразделения");
	if ((ret = check_outbox(outbox, e)) != ST_OK)
		return ret;
	/* A batch recorded by a run that could not write it (killed, disk
	 * full) goes out first, byte for byte, under its own number: never
	 * a second, different batch of that number. */
	if ((ret = office_code(s, a->office_id, office, sizeof office, NULL, 0,
			       e)) != ST_OK)
		return ret;
	snprintf(obj, sizeof obj, "berkut:%s/", office);
	if ((ret = output_deliver_pending(s, "berkut", obj, 0, NULL, NULL, 0,
					  e)) != ST_OK)
		return ret;
	if ((ret = store_begin(s, e)) != ST_OK)
		return ret;
	if ((ret = office_code(s, a->office_id, office, sizeof office,
			       office_name, sizeof office_name, e)) != ST_OK ||
	    (ret = collect(s, a->office_id, &p, &n, e)) != ST_OK)
		goto fail;
	if (!n) {
		store_rollback(s);
		return ST_OK;
	}
	st = store_prepare(s, "SELECT COALESCE(MAX(no), 0) + 1 FROM "
			      "berkut_batches WHERE office_id = ?", e);
	if (!st) {
		ret = e->st;
		goto fail;
	}
	sqlite3_bind_int64(st, 1, a->office_id);
	if (sqlite3_step(st) == SQLITE_ROW)
		no = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	clock_stamp(clock_now(), stamp);
	{
		json_t *h = json_object();
		char *line;

		json_object_set_new(h, "format", json_string(BERKUT_FORMAT));
		json_object_set_new(h, "batch", json_integer(no));
		json_object_set_new(h, "office", json_string(office));
		json_object_set_new(h, "office_name", json_string(office_name));
		json_object_set_new(h, "created_at", json_string(stamp));
		json_object_set_new(h, "count", json_integer((json_int_t)n));
		line = journal_json(h);
		json_decref(h);
		sb_printf(&content, "%s\n", line);
		free(line);
	}
	for (i = 0; i < n; i++) {
		json_t *rec = make_record(s, (int)i + 1, &p[i], office, e);
		char *line;

		if (!rec) {
			ret = e->st;
			goto fail;
		}
		line = journal_json(rec);
		json_decref(rec);
		sb_printf(&content, "%s\n", line);
		free(line);
	}
	out->no = no;
	out->count = (int)n;
	out->sent_count = 1;
	snprintf(out->created_at, sizeof out->created_at, "%s", stamp);
	batch_file_name(office, no, out->file, sizeof out->file);
	chain_sha256_hex(content.s, content.len, out->sha256);
	st = store_prepare(s, "INSERT INTO berkut_batches(office_id, no, file,"
			      " content, sha256, count, created_at, created_by,"
			      " last_sent_at) VALUES (?,?,?,?,?,?,?,?,?)", e);
	if (!st) {
		ret = e->st;
		goto fail;
	}
	sqlite3_bind_int64(st, 1, a->office_id);
	sqlite3_bind_int(st, 2, no);
	store_bind_text(st, 3, out->file);
	store_bind_text(st, 4, content.s);
	store_bind_text(st, 5, out->sha256);
	sqlite3_bind_int(st, 6, (int)n);
	store_bind_text(st, 7, stamp);
	sqlite3_bind_int64(st, 8, a->id);
	store_bind_text(st, 9, stamp);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		ret = store_error(s, e, "berkut batch");
		goto fail;
	}
	batch_id = sqlite3_last_insert_rowid(s->db);
	for (i = 0; i < n; i++) {
		st = store_prepare(s, "INSERT INTO berkut_items(batch_id, seq, "
				      "case_id, kind, upto_line) VALUES "
				      "(?,?,?,?,?)", e);
		if (!st) {
			ret = e->st;
			goto fail;
		}
		sqlite3_bind_int64(st, 1, batch_id);
		sqlite3_bind_int(st, 2, (int)i + 1);
		sqlite3_bind_int64(st, 3, p[i].case_id);
		store_bind_text(st, 4, p[i].correction ? "correction"
						       : "registration");
		sqlite3_bind_int64(st, 5, last_line(s, p[i].case_id));
		rc = sqlite3_step(st);
		sqlite3_finalize(st);
		if (rc != SQLITE_DONE) {
			ret = store_error(s, e, "berkut item");
			goto fail;
		}
	}
	snprintf(obj, sizeof obj, "berkut:%s/%d", office, no);
	detail = xasprintf("export %zu records sha256 %s", n, out->sha256);
	ret = audit_log(s, a, "berkut.export", obj, detail, e);
	free(detail);
	if (ret != ST_OK)
		goto fail;
	if ((ret = add_batch(s, a, outbox, office, no, out->file, content.s,
			     out->sha256, 0, ids, e)) != ST_OK)
		goto fail;
	if ((ret = store_commit(s, e)) != ST_OK)
		goto fail;
	free(p);
	sb_free(&content);
	/* Recorded: a failure from here on leaves it pending for the next
	 * export, and out describes it. */
	return deliver_all(s, ids, 2, e);
fail:
	store_rollback(s);
	free(p);
	sb_free(&content);
	memset(out, 0, sizeof *out);
	return ret;
}

/* ---- listing and resending ------------------------------------------- */

#define BATCH_COLS                                                        \
	"b.no, b.file, b.sha256, b.count, b.created_at, b.sent_count, "   \
	"COALESCE(b.acked_at, ''), "                                      \
	"(SELECT count(*) FROM berkut_items i WHERE i.batch_id = b.id "   \
	" AND i.status = 'accepted'), "                                   \
	"(SELECT count(*) FROM berkut_items i WHERE i.batch_id = b.id "   \
	" AND i.status = 'rejected'), b.id, b.content "

static void
read_info(sqlite3_stmt *st, struct berkut_batch_info *b)
{
	memset(b, 0, sizeof *b);
	b->no = sqlite3_column_int(st, 0);
	snprintf(b->file, sizeof b->file, "%s", store_col_text(st, 1));
	snprintf(b->sha256, sizeof b->sha256, "%s", store_col_text(st, 2));
	b->count = sqlite3_column_int(st, 3);
	snprintf(b->created_at, sizeof b->created_at, "%s",
		 store_col_text(st, 4));
	b->sent_count = sqlite3_column_int(st, 5);
	snprintf(b->acked_at, sizeof b->acked_at, "%s", store_col_text(st, 6));
	b->accepted = sqlite3_column_int(st, 7);
	b->rejected = sqlite3_column_int(st, 8);
}

enum status
berkut_list(struct store *s, const struct actor *a,
	    struct berkut_batch_info **out, size_t *n, struct err *e)
{
	sqlite3_stmt *st;
	enum status ret;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if ((ret = actor_require(a, PERM_EXCHANGE, e)) != ST_OK)
		return ret;
	st = store_prepare(s, "SELECT " BATCH_COLS "FROM berkut_batches b "
			      "WHERE b.office_id = ? ORDER BY b.no DESC", e);
	if (!st)
		return e->st;
	sqlite3_bind_int64(st, 1, a->office_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		XGROW(*out, *n, cap);
		read_info(st, &(*out)[(*n)++]);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		free(*out);
		*out = NULL;
		*n = 0;
		return store_error(s, e, "berkut list");
	}
	return ST_OK;
}

enum status
berkut_resend(struct store *s, const struct actor *a, const char *outbox,
	      int force, struct berkut_batch_info **out, size_t *n,
	      struct err *e)
{
	sqlite3_stmt *st;
	enum status ret;
	char stamp[STAMP_SIZE], office[64];
	long long *ids = NULL;
	size_t cap = 0, nids = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if ((ret = actor_require(a, PERM_EXCHANGE, e)) != ST_OK)
		return ret;
	if ((ret = check_outbox(outbox, e)) != ST_OK)
		return ret;
	if ((ret = office_code(s, a->office_id, office, sizeof office, NULL, 0,
			       e)) != ST_OK)
		return ret;
	if ((ret = store_begin(s, e)) != ST_OK)
		return ret;
	st = store_prepare(s, "SELECT " BATCH_COLS "FROM berkut_batches b "
			      "WHERE b.office_id = ? AND b.acked_at IS NULL "
			      "ORDER BY b.no", e);
	if (!st) {
		ret = e->st;
		goto fail;
	}
	sqlite3_bind_int64(st, 1, a->office_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct berkut_batch_info *b;

		XGROW(*out, *n, cap);
		b = &(*out)[(*n)++];
		read_info(st, b);
		b->sent_count++;
		ids = xrealloc(ids, (nids + 2) * sizeof *ids);
		if ((ret = add_batch(s, a, outbox, office, b->no, b->file,
				     store_col_text(st, 10), b->sha256, force,
				     ids + nids, e)) != ST_OK) {
			sqlite3_finalize(st);
			goto fail;
		}
		nids += 2;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		ret = store_error(s, e, "berkut resend");
		goto fail;
	}
	clock_stamp(clock_now(), stamp);
	st = store_prepare(s, "UPDATE berkut_batches SET sent_count = "
			      "sent_count + 1, last_sent_at = ? WHERE "
			      "office_id = ? AND acked_at IS NULL", e);
	if (!st) {
		ret = e->st;
		goto fail;
	}
	store_bind_text(st, 1, stamp);
	sqlite3_bind_int64(st, 2, a->office_id);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		ret = store_error(s, e, "berkut resend");
		goto fail;
	}
	if (*n) {
		char *detail = xasprintf("resend %zu batches", *n);

		ret = audit_log(s, a, "berkut.resend", "berkut", detail, e);
		free(detail);
		if (ret != ST_OK)
			goto fail;
	}
	if ((ret = store_commit(s, e)) != ST_OK)
		goto fail;
	ret = deliver_all(s, ids, nids, e);
	free(ids);
	return ret;
fail:
	store_rollback(s);
	free(ids);
	free(*out);
	*out = NULL;
	*n = 0;
	return ret;
}

/* ---- acknowledgements ------------------------------------------------ */

struct item {
	long long id, case_id;
	int seq;
	int registration;
	const char *status;  /* from the acknowledgement */
	const char *reason;
};

static enum status
load_items(struct store *s, long long batch_id, struct item **out,
	   size_t *n, struct err *e)
{
	sqlite3_stmt *st = store_prepare(s, "SELECT id, seq, case_id, kind "
					    "FROM berkut_items WHERE "
					    "batch_id = ? ORDER BY seq", e);
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (!st)
		return e->st;
	sqlite3_bind_int64(st, 1, batch_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct item *it;

		XGROW(*out, *n, cap);
		it = &(*out)[(*n)++];
		memset(it, 0, sizeof *it);
		it->id = sqlite3_column_int64(st, 0);
		it->seq = sqlite3_column_int(st, 1);
		it->case_id = sqlite3_column_int64(st, 2);
		it->registration = strcmp(store_col_text(st, 3),
					  "registration") == 0;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		free(*out);
		*out = NULL;
		return store_error(s, e, "berkut items");
	}
	return ST_OK;
}

/* Match the acknowledgement's records to the batch's: each seq once,
 * with its case, status accepted or rejected, nothing missing. */
static enum status
match_records(json_t *recs, struct item *items, size_t n, struct err *e)
{
	json_t *r;
	size_t i, j;

	if (!json_is_array(recs))
		return err_set(e, ST_INVALID, "records", "Квитанция: нет списка "
			       "записей (records)");
	json_array_foreach(recs, i, r) {
		json_t *seq = json_object_get(r, "seq");
		json_t *cs = json_object_get(r, "case");
		const char *status = json_string_value(json_object_get(r,
								       "status"));
		const char *reason = json_string_value(json_object_get(r,
								       "reason"));

		if (!json_is_integer(seq) || !json_is_integer(cs))
			return err_set(e, ST_INVALID, "records", "Квитанция, "
				       "запись %zu: нужны seq и case", i + 1);
		for (j = 0; j < n && items[j].seq != json_integer_value(seq);
		     j++)
			;
		if (j == n)
			return err_set(e, ST_INVALID, "records", "Квитанция: "
				       "записи № %lld нет в пакете",
				       (long long)json_integer_value(seq));
		if (items[j].case_id != json_integer_value(cs))
			return err_set(e, ST_INVALID, "records", "Квитанция, "
				       "запись № %d: в пакете дело %lld, а не "
				       "%lld", items[j].seq, items[j].case_id,
				       (long long)json_integer_value(cs));
		if (items[j].status)
			return err_set(e, ST_INVALID, "records", "Квитанция: "
				       "запись № %d указана дважды",
				       items[j].seq);
		if (!status || (strcmp(status, "accepted") &&
				strcmp(status, "rejected")))
			return err_set(e, ST_INVALID, "records", "Квитанция, "
				       "запись № %d: status — accepted или "
				       "rejected", items[j].seq);
		if (reason && (strlen(reason) > 2000 || !utf8_valid(reason)))
			return err_set(e, ST_INVALID, "records", "Квитанция, "
				       "запись № %d: причина слишком длинная",
				       items[j].seq);
		items[j].status = status;
		items[j].reason = reason;
	}
	for (j = 0; j < n; j++)
		if (!items[j].status)
			return err_set(e, ST_INVALID, "records", "Квитанция: "
				       "нет ответа по записи № %d (дело %lld)",
				       items[j].seq, items[j].case_id);
	return ST_OK;
}

static int
case_in_berkut(struct store *s, long long id)
{
	sqlite3_stmt *st = store_prepare(s, "SELECT berkut_at IS NOT NULL FROM "
					    "cases WHERE id = ?", NULL);
	int v = 0;

	if (!st)
		return 0;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

enum status
berkut_ack(struct store *s, const struct actor *a,
	   const struct formset *forms, const char *bytes, size_t n,
	   enum berkut_ack_result *res, struct berkut_batch_info *info,
	   struct err *e)
{
	json_t *root = NULL, *v;
	json_error_t je;
	struct item *items = NULL;
	size_t nitems = 0, i;
	char office[64], ack_sha[CHAIN_HEX], stamp[STAMP_SIZE], obj[96];
	char prev_ack[CHAIN_HEX] = "", *canon, *detail;
	const char *sha, *fmt, *off;
	long long batch_id = 0;
	int no, acked = 0, rc;
	sqlite3_stmt *st;
	enum status ret;

	memset(info, 0, sizeof *info);
	*res = BERKUT_ACK_DONE;
	if ((ret = actor_require(a, PERM_EXCHANGE, e)) != ST_OK ||
	    (ret = actor_require(a, PERM_BERKUT, e)) != ST_OK)
		return ret;
	if (n > ACK_MAX_BYTES || memchr(bytes, '\0', n))
		return err_set(e, ST_INVALID, "", "Квитанция: не текстовый "
			       "файл или слишком велика");
	root = json_loadb(bytes, n, JSON_REJECT_DUPLICATES, &je);
	if (!json_is_object(root)) {
		json_decref(root);
		return err_set(e, ST_INVALID, "", "Квитанция: строка %d: не "
			       "JSON-объект", je.line > 0 ? je.line : 1);
	}
	fmt = json_string_value(json_object_get(root, "format"));
	v = json_object_get(root, "batch");
	sha = json_string_value(json_object_get(root, "sha256"));
	off = json_string_value(json_object_get(root, "office"));
	if (!fmt || strcmp(fmt, BERKUT_ACK_FORMAT) != 0) {
		ret = err_set(e, ST_INVALID, "format", "Квитанция: формат "
			      "должен быть \"%s\"", BERKUT_ACK_FORMAT);
		goto out;
	}
	if (!json_is_integer(v) || json_integer_value(v) <= 0 ||
	    json_integer_value(v) > 99999999 || !sha) {
		ret = err_set(e, ST_INVALID, "batch", "Квитанция: нужны номер "
			      "пакета (batch) и его sha256");
		goto out;
	}
	no = (int)json_integer_value(v);
	canon = journal_json(root);
	chain_sha256_hex(canon, strlen(canon), ack_sha);
	free(canon);

	if ((ret = store_begin(s, e)) != ST_OK)
		goto out;
	if ((ret = office_code(s, a->office_id, office, sizeof office, NULL, 0,
			       e)) != ST_OK)
		goto fail;
	if (off && strcmp(off, office) != 0) {
		ret = err_set(e, ST_INVALID, "office", "Квитанция адресована "
			      "подразделению %s, а это %s", off, office);
		goto fail;
	}
	st = store_prepare(s, "SELECT " BATCH_COLS ", COALESCE(b.ack_sha256,"
			      " '') FROM berkut_batches b WHERE b.office_id = "
			      "? AND b.no = ?", e);
	if (!st) {
		ret = e->st;
		goto fail;
	}
	sqlite3_bind_int64(st, 1, a->office_id);
	sqlite3_bind_int(st, 2, no);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		read_info(st, info);
		batch_id = sqlite3_column_int64(st, 9);
		snprintf(prev_ack, sizeof prev_ack, "%s",
			 store_col_text(st, 11));
		acked = info->acked_at[0] != '\0';
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW) {
		ret = rc == SQLITE_DONE
			      ? err_set(e, ST_NOTFOUND, "batch", "Пакет № %d "
					"в «Беркут» не отправлялся", no)
			      : store_error(s, e, "berkut batch");
		goto fail;
	}
	if (strcmp(sha, info->sha256) != 0) {
		ret = err_set(e, ST_INVALID, "sha256", "Квитанция на пакет № %d"
			      ": хэш не совпадает с отправленным — пакет "
			      "искажён, отправьте его повторно", no);
		goto fail;
	}
	if (acked) {
		store_rollback(s);
		if (strcmp(prev_ack, ack_sha) == 0) {
			*res = BERKUT_ACK_REPEAT;
			ret = ST_OK;
		} else {
			ret = err_set(e, ST_CONFLICT, "batch", "Пакет № %d уже "
				      "подтверждён %s другой квитанцией", no,
				      info->acked_at);
		}
		goto out;
	}
	if ((ret = load_items(s, batch_id, &items, &nitems, e)) != ST_OK ||
	    (ret = match_records(json_object_get(root, "records"), items,
				 nitems, e)) != ST_OK)
		goto fail;
	for (i = 0; i < nitems; i++) {
		struct item *it = &items[i];

		if (strcmp(it->status, "accepted") == 0 && it->registration &&
		    !case_in_berkut(s, it->case_id)) {
			struct case_act act = {.event = EV_BERKUT};

			if ((ret = case_fire(s, a, forms, it->case_id, &act,
					     e)) != ST_OK)
				goto fail;
		}
		st = store_prepare(s, "UPDATE berkut_items SET status = ?, "
				      "reason = ? WHERE id = ?", e);
		if (!st) {
			ret = e->st;
			goto fail;
		}
		store_bind_text(st, 1, it->status);
		store_bind_text(st, 2, it->reason);
		sqlite3_bind_int64(st, 3, it->id);
		rc = sqlite3_step(st);
		sqlite3_finalize(st);
		if (rc != SQLITE_DONE) {
			ret = store_error(s, e, "berkut item");
			goto fail;
		}
		if (strcmp(it->status, "accepted") == 0)
			info->accepted++;
		else
			info->rejected++;
	}
	clock_stamp(clock_now(), stamp);
	st = store_prepare(s, "UPDATE berkut_batches SET acked_at = ?, "
			      "acked_by = ?, ack_sha256 = ? WHERE id = ?", e);
	if (!st) {
		ret = e->st;
		goto fail;
	}
	store_bind_text(st, 1, stamp);
	sqlite3_bind_int64(st, 2, a->id);
	store_bind_text(st, 3, ack_sha);
	sqlite3_bind_int64(st, 4, batch_id);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		ret = store_error(s, e, "berkut ack");
		goto fail;
	}
	snprintf(obj, sizeof obj, "berkut:%s/%d", office, no);
	detail = xasprintf("ack accepted %d rejected %d sha256 %s",
			   info->accepted, info->rejected, ack_sha);
	ret = audit_log(s, a, "berkut.ack", obj, detail, e);
	free(detail);
	if (ret != ST_OK)
		goto fail;
	if ((ret = store_commit(s, e)) != ST_OK)
		goto out;
	snprintf(info->acked_at, sizeof info->acked_at, "%s", stamp);
	goto out;
fail:
	store_rollback(s);
out:
	free(items);
	json_decref(root);
	return ret;
}
