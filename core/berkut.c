/* SPDX-License-Identifier: MIT */
/* Berkut batches out and their acknowledgements back. */
#include "berkut.h"
#include "audit.h"
#include "cases.h"
#include "clock.h"
#include "db.h"
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
	struct db_stmt *st;
	enum status ret;

	ret = db_one(s, &st, e, "SELECT code, name FROM offices WHERE id = ?",
		     DB_INT(office_id));
	if (ret == ST_NOTFOUND)
		return err_set(e, ST_NOTFOUND, "office", "Подразделение не найдено");
	if (ret != ST_OK)
		return ret;
	snprintf(code, n, "%s", db_col_text(st, 0));
	if (name)
		snprintf(name, nn, "%s", db_col_text(st, 1));
	db_finalize(st);
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
		return err_set(e, ST_NOTFOUND, "outbox", "Папка для отправки %s не найдена", outbox);
	return ST_OK;
}

/* ---- records --------------------------------------------------------- */

struct pending {
	long long case_id;
	int correction;
	long long base;   /* corrections: lines after this one */
};

/* A case waiting for Berkut from a row (a db_fill_fn). */
static void
fill_pending(struct db_stmt *st, void *elem)
{
	struct pending *p = elem;

	p->case_id = db_col_int64(st, 0);
	p->correction = db_col_int(st, 1);
	p->base = db_col_int64(st, 2);
}

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
		"  AND v.event IN ('issue', 'check-clear')) "
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

	return db_rows(s, e, out, n, fill_pending, NULL, sql, DB_INT(office_id));
}

/* The case's events a Berkut record needs: when and by whom it was
 * accepted (registered), the special-records check, the chief's decision
 * after a hit. */
static enum status
add_event(struct db_stmt *st, void *arg, struct err *e)
{
	json_t *rec = arg;
	const char *ev = db_col_text(st, 0);
	const char *at = db_col_text(st, 1);
	const char *who = db_col_text(st, 2);

	(void)e;
	if (strcmp(ev, "accept") == 0) {
		/* The inspector registers at acceptance (journal and stamp);
		 * a chief's decision after a hit is the decider then. */
		json_object_set_new(rec, "accepted_at", json_string(at));
		json_object_set_new(rec, "inspector", json_string(who));
		json_object_set_new(rec, "registered_at", json_string(at));
		json_object_set_new(rec, "decided_by", json_string(who));
	} else if (strcmp(ev, "issue") == 0) {
		json_object_set_new(rec, "decided_by", json_string(who));
	} else {
		json_t *chk = json_object();

		json_object_set_new(chk, "result", json_string(
			strcmp(ev, "check-clear") == 0 ? "clear" : "hit"));
		json_object_set_new(chk, "at", json_string(at));
		json_object_set_new(chk, "by", json_string(who));
		json_object_set_new(rec, "special_check", chk);
	}
	return ST_OK;
}

static enum status
add_events(struct store *s, long long id, json_t *rec, struct err *e)
{
	return db_each(s, e, add_event, rec, "SELECT e.event, e.at, a.full_name, "
		"COALESCE(e.reason, '') FROM case_events e JOIN accounts a ON "
		"a.id = e.actor_id WHERE e.case_id = ? AND e.event IN "
		"('accept', 'check-clear', 'check-hit', 'issue') ORDER BY "
		"e.id", DB_INT(id));
}

static enum status
add_change(struct db_stmt *st, void *arg, struct err *e)
{
	json_t *arr = arg, *ch = json_object(), *c;
	json_error_t je;

	(void)e;
	c = json_loads(db_col_text(st, 2), 0, &je);
	json_object_set_new(ch, "at", json_string(db_col_text(st, 1)));
	if (c) {
		const char *keys[] = {"field", "old", "new", "reason", NULL};
		int k;

		for (k = 0; keys[k]; k++) {
			json_t *v = json_object_get(c, keys[k]);

			if (v)
				json_object_set(ch, keys[k], v);
		}
		json_decref(c);
	}
	json_array_append_new(arr, ch);
	return ST_OK;
}

static enum status
add_changes(struct store *s, long long id, long long base, json_t *rec,
	    struct err *e)
{
	json_t *arr = json_array();

	json_object_set_new(rec, "changes", arr);
	return db_each(s, e, add_change, arr, "SELECT id, at, content FROM "
		       "journal WHERE case_id = ? AND kind = 'correction' AND "
		       "id > ? ORDER BY id", DB_INT(id), DB_INT(base));
}

static long long
last_line(struct store *s, long long id)
{
	return db_int(s, 0, "SELECT COALESCE(MAX(id), 0) FROM journal WHERE "
		      "case_id = ?", DB_INT(id));
}

static json_t *
make_record(struct store *s, int seq, const struct pending *p,
	    const char *office, struct err *e)
{
	json_t *rec, *person = NULL;
	struct db_stmt *st;
	json_error_t je;
	char num[32] = "";

	if (db_one(s, &st, e, "SELECT data, journal_no, journal_year FROM "
		   "cases WHERE id = ?", DB_INT(p->case_id)) == ST_OK) {
		person = json_loads(db_col_text(st, 0), 0, &je);
		if (db_col_int(st, 1))
			snprintf(num, sizeof num, "%d/%d", db_col_int(st, 1),
				 db_col_int(st, 2));
		db_finalize(st);
	}
	if (!person) {
		err_set(e, ST_CORRUPT, "case", "Дело № %lld: данные не читаются", p->case_id);
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
	if (add_events(s, p->case_id, rec, e) != ST_OK) {
		json_decref(person);
		json_decref(rec);
		return NULL;
	}
	json_object_set_new(rec, "person", person);
	if (p->correction &&
	    add_changes(s, p->case_id, p->base, rec, e) != ST_OK) {
		json_decref(rec);
		return NULL;
	}
	return rec;
}

/* ---- export ---------------------------------------------------------- */

struct export_tx {
	const struct actor *a;
	const char *outbox;
	struct berkut_batch_info *out;
	long long ids[2];
	int any;
};

static enum status
export_tx(struct store *s, void *arg, struct err *e)
{
	struct export_tx *x = arg;
	const struct actor *a = x->a;
	struct berkut_batch_info *out = x->out;
	struct pending *p = NULL;
	struct strbuf content = {0};
	char office[64], office_name[256], stamp[STAMP_SIZE], obj[96], *detail;
	int64_t batch_id = 0, no = 0;
	enum status ret;
	size_t n = 0, i;

	memset(out, 0, sizeof *out);
	x->any = 0;
	if ((ret = office_code(s, a->office_id, office, sizeof office,
			       office_name, sizeof office_name, e)) != ST_OK ||
	    (ret = collect(s, a->office_id, &p, &n, e)) != ST_OK)
		goto out;
	if (!n)
		goto out;
	if ((ret = db_int64(s, e, &no, 1, "SELECT COALESCE(MAX(no), 0) + 1 "
			    "FROM berkut_batches WHERE office_id = ?",
			    DB_INT(a->office_id))) != ST_OK)
		goto out;
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
			ret = e ? e->st : ST_CORRUPT;
			goto out;
		}
		line = journal_json(rec);
		json_decref(rec);
		sb_printf(&content, "%s\n", line);
		free(line);
	}
	out->no = (int)no;
	out->count = (int)n;
	out->sent_count = 1;
	snprintf(out->created_at, sizeof out->created_at, "%s", stamp);
	batch_file_name(office, (int)no, out->file, sizeof out->file);
	chain_sha256_hex(content.s, content.len, out->sha256);
	if ((ret = db_int64(s, e, &batch_id, 0, "INSERT INTO berkut_batches("
			    "office_id, no, file, content, sha256, count, "
			    "created_at, created_by, last_sent_at) VALUES "
			    "(?,?,?,?,?,?,?,?,?) RETURNING id",
			    DB_INT(a->office_id), DB_INT(no), DB_TEXT(out->file),
			    DB_TEXT(content.s), DB_TEXT(out->sha256),
			    DB_INT(n), DB_TEXT(stamp), DB_INT(a->id),
			    DB_TEXT(stamp))) != ST_OK)
		goto out;
	for (i = 0; i < n; i++)
		if ((ret = db_exec(s, e, "INSERT INTO berkut_items(batch_id, "
				   "seq, case_id, kind, upto_line) VALUES "
				   "(?,?,?,?,?)", DB_INT(batch_id),
				   DB_INT(i + 1), DB_INT(p[i].case_id),
				   DB_TEXT(p[i].correction ? "correction"
							   : "registration"),
				   DB_INT(last_line(s, p[i].case_id)))) !=
		    ST_OK)
			goto out;
	snprintf(obj, sizeof obj, "berkut:%s/%d", office, (int)no);
	detail = xasprintf("export %zu records sha256 %s", n, out->sha256);
	ret = audit_log(s, a, "berkut.export", obj, detail, e);
	free(detail);
	if (ret == ST_OK)
		ret = add_batch(s, a, x->outbox, office, (int)no, out->file,
				content.s, out->sha256, 0, x->ids, e);
	x->any = ret == ST_OK;
out:
	free(p);
	sb_free(&content);
	return ret;
}

enum status
berkut_export(struct store *s, const struct actor *a, const char *outbox,
	      struct berkut_batch_info *out, struct err *e)
{
	struct export_tx x = {a, outbox, out, {0, 0}, 0};
	char office[64], obj[96];
	enum status ret;

	memset(out, 0, sizeof *out);
	if ((ret = actor_require(a, PERM_EXCHANGE, e)) != ST_OK)
		return ret;
	if (!a->office_id)
		return err_set(e, ST_DENIED, "", "Пакеты в «Беркут» выгружает сотрудник районного (городского) подразделения");
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
	if ((ret = db_transact(s, DB_WRITE, export_tx, &x, e)) != ST_OK) {
		memset(out, 0, sizeof *out);
		return ret;
	}
	if (!x.any)
		return ST_OK;
	/* Recorded: a failure from here on leaves it pending for the next
	 * export, and out describes it. */
	return deliver_all(s, x.ids, 2, e);
}

/* ---- listing and resending ------------------------------------------- */

#define BATCH_COLS                                                        \
	"b.no, b.file, b.sha256, b.count, b.created_at, b.sent_count, "   \
	"b.acked_at, "                                                    \
	"(SELECT count(*) FROM berkut_items i WHERE i.batch_id = b.id "   \
	" AND i.status = 'accepted'), "                                   \
	"(SELECT count(*) FROM berkut_items i WHERE i.batch_id = b.id "   \
	" AND i.status = 'rejected'), b.id, b.content "

/* A batch from a row of BATCH_COLS (a db_fill_fn). */
static void
read_info(struct db_stmt *st, void *elem)
{
	struct berkut_batch_info *b = elem;

	memset(b, 0, sizeof *b);
	b->no = db_col_int(st, 0);
	snprintf(b->file, sizeof b->file, "%s", db_col_text(st, 1));
	snprintf(b->sha256, sizeof b->sha256, "%s", db_col_text(st, 2));
	b->count = db_col_int(st, 3);
	snprintf(b->created_at, sizeof b->created_at, "%s",
		 db_col_text(st, 4));
	b->sent_count = db_col_int(st, 5);
	snprintf(b->acked_at, sizeof b->acked_at, "%s", db_col_text(st, 6));
	b->accepted = db_col_int(st, 7);
	b->rejected = db_col_int(st, 8);
}

struct batches {
	struct berkut_batch_info *v;
	size_t n, cap;
	/* resend: the outputs recorded for each batch */
	struct store *s;
	const struct actor *a;
	const char *outbox, *office;
	int force;
	long long *ids;
	size_t nids;
};

enum status
berkut_list(struct store *s, const struct actor *a,
	    struct berkut_batch_info **out, size_t *n, struct err *e)
{
	enum status ret;

	*out = NULL;
	*n = 0;
	if ((ret = actor_require(a, PERM_EXCHANGE, e)) != ST_OK)
		return ret;
	return db_rows(s, e, out, n, read_info, NULL, "SELECT " BATCH_COLS
		       "FROM berkut_batches b WHERE b.office_id = ? ORDER BY "
		       "b.no DESC", DB_INT(a->office_id));
}

static enum status
resend_one(struct db_stmt *st, void *arg, struct err *e)
{
	struct batches *bs = arg;
	struct berkut_batch_info *b;

	XGROW(bs->v, bs->n, bs->cap);
	b = &bs->v[bs->n++];
	read_info(st, b);
	b->sent_count++;
	bs->ids = xrealloc(bs->ids, (bs->nids + 2) * sizeof *bs->ids);
	bs->nids += 2;
	return add_batch(bs->s, bs->a, bs->outbox, bs->office, b->no, b->file,
			 db_col_text(st, 10), b->sha256, bs->force,
			 bs->ids + bs->nids - 2, e);
}

static enum status
resend_tx(struct store *s, void *arg, struct err *e)
{
	struct batches *bs = arg;
	char stamp[STAMP_SIZE];
	enum status ret;

	/* A retried attempt starts afresh. */
	free(bs->v);
	free(bs->ids);
	bs->v = NULL;
	bs->ids = NULL;
	bs->n = bs->cap = bs->nids = 0;
	if ((ret = db_each(s, e, resend_one, bs, "SELECT " BATCH_COLS "FROM "
			   "berkut_batches b WHERE b.office_id = ? AND "
			   "b.acked_at IS NULL ORDER BY b.no",
			   DB_INT(bs->a->office_id))) != ST_OK)
		return ret;
	clock_stamp(clock_now(), stamp);
	if ((ret = db_exec(s, e, "UPDATE berkut_batches SET sent_count = "
			   "sent_count + 1, last_sent_at = ? WHERE office_id = "
			   "? AND acked_at IS NULL", DB_TEXT(stamp),
			   DB_INT(bs->a->office_id))) != ST_OK)
		return ret;
	if (bs->n) {
		char *detail = xasprintf("resend %zu batches", bs->n);

		ret = audit_log(s, bs->a, "berkut.resend", "berkut", detail, e);
		free(detail);
	}
	return ret;
}

enum status
berkut_resend(struct store *s, const struct actor *a, const char *outbox,
	      int force, struct berkut_batch_info **out, size_t *n,
	      struct err *e)
{
	struct batches bs = {.s = s, .a = a, .outbox = outbox, .force = force};
	char office[64];
	enum status ret;

	*out = NULL;
	*n = 0;
	if ((ret = actor_require(a, PERM_EXCHANGE, e)) != ST_OK)
		return ret;
	if ((ret = check_outbox(outbox, e)) != ST_OK)
		return ret;
	if ((ret = office_code(s, a->office_id, office, sizeof office, NULL, 0,
			       e)) != ST_OK)
		return ret;
	bs.office = office;
	if ((ret = db_transact(s, DB_WRITE, resend_tx, &bs, e)) != ST_OK) {
		free(bs.v);
		free(bs.ids);
		return ret;
	}
	ret = deliver_all(s, bs.ids, bs.nids, e);
	free(bs.ids);
	*out = bs.v;
	*n = bs.n;
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

/* An item of a batch from a row (a db_fill_fn). */
static void
fill_item(struct db_stmt *st, void *elem)
{
	struct item *it = elem;

	it->id = db_col_int64(st, 0);
	it->seq = db_col_int(st, 1);
	it->case_id = db_col_int64(st, 2);
	it->registration = strcmp(db_col_text(st, 3), "registration") == 0;
}

static enum status
load_items(struct store *s, long long batch_id, struct item **out,
	   size_t *n, struct err *e)
{
	return db_rows(s, e, out, n, fill_item, NULL, "SELECT id, seq, case_id,"
		       " kind FROM berkut_items WHERE batch_id = ? ORDER BY seq",
		       DB_INT(batch_id));
}

/* Match the acknowledgement's records to the batch's: each seq once,
 * with its case, status accepted or rejected, nothing missing. */
static enum status
match_records(json_t *recs, struct item *items, size_t n, struct err *e)
{
	json_t *r;
	size_t i, j;

	if (!json_is_array(recs))
		return err_set(e, ST_INVALID, "records", "Квитанция: нет списка записей (records)");
	json_array_foreach(recs, i, r) {
		json_t *seq = json_object_get(r, "seq");
		json_t *cs = json_object_get(r, "case");
		const char *status = json_string_value(json_object_get(r,
								       "status"));
		const char *reason = json_string_value(json_object_get(r,
								       "reason"));

		if (!json_is_integer(seq) || !json_is_integer(cs))
			return err_set(e, ST_INVALID, "records", "Квитанция, запись %zu: нужны seq и case", i + 1);
		for (j = 0; j < n && items[j].seq != json_integer_value(seq);
		     j++)
			;
		if (j == n)
			return err_set(e, ST_INVALID, "records", "Квитанция: записи № %lld нет в пакете",
				       (long long)json_integer_value(seq));
		if (items[j].case_id != json_integer_value(cs))
			return err_set(e, ST_INVALID, "records", "Квитанция, запись № %d: в пакете дело %lld, а не %lld", items[j].seq, items[j].case_id,
				       (long long)json_integer_value(cs));
		if (items[j].status)
			return err_set(e, ST_INVALID, "records", "Квитанция: запись № %d указана дважды",
				       items[j].seq);
		if (!status || (strcmp(status, "accepted") &&
				strcmp(status, "rejected")))
			return err_set(e, ST_INVALID, "records", "Квитанция, запись № %d: status — accepted или rejected", items[j].seq);
		if (reason && (strlen(reason) > 2000 || !utf8_valid(reason)))
			return err_set(e, ST_INVALID, "records", "Квитанция, запись № %d: причина слишком длинная",
				       items[j].seq);
		items[j].status = status;
		items[j].reason = reason;
	}
	for (j = 0; j < n; j++)
		if (!items[j].status)
			return err_set(e, ST_INVALID, "records", "Квитанция: нет ответа по записи № %d (дело %lld)",
				       items[j].seq, items[j].case_id);
	return ST_OK;
}

static int
case_in_berkut(struct store *s, long long id)
{
	return db_int(s, 0, "SELECT CASE WHEN berkut_at IS NOT NULL THEN 1 "
		      "ELSE 0 END FROM cases WHERE id = ?", DB_INT(id)) == 1;
}

struct ack_tx {
	const struct actor *a;
	const struct formset *forms;
	json_t *root;
	const char *sha, *off, *ack_sha;
	int no;
	enum berkut_ack_result *res;
	struct berkut_batch_info *info;
	char stamp[STAMP_SIZE];
};

static enum status
ack_tx(struct store *s, void *arg, struct err *e)
{
	struct ack_tx *x = arg;
	const struct actor *a = x->a;
	struct berkut_batch_info *info = x->info;
	struct item *items = NULL;
	size_t nitems = 0, i;
	char office[64], obj[96], prev_ack[CHAIN_HEX] = "", *detail;
	long long batch_id;
	struct db_stmt *st;
	enum status ret;

	memset(info, 0, sizeof *info);
	*x->res = BERKUT_ACK_DONE;
	if ((ret = office_code(s, a->office_id, office, sizeof office, NULL, 0,
			       e)) != ST_OK)
		return ret;
	if (x->off && strcmp(x->off, office) != 0)
		return err_set(e, ST_INVALID, "office", "Квитанция адресована подразделению %s, а это %s", x->off, office);
	ret = db_one(s, &st, e, "SELECT " BATCH_COLS ", COALESCE(b.ack_sha256,"
		     " '') FROM berkut_batches b WHERE b.office_id = ? AND "
		     "b.no = ?", DB_INT(a->office_id), DB_INT(x->no));
	if (ret == ST_NOTFOUND)
		return err_set(e, ST_NOTFOUND, "batch", "Пакет № %d в «Беркут» не отправлялся", x->no);
	if (ret != ST_OK)
		return ret;
	read_info(st, info);
	batch_id = db_col_int64(st, 9);
	snprintf(prev_ack, sizeof prev_ack, "%s", db_col_text(st, 11));
	db_finalize(st);
	if (strcmp(x->sha, info->sha256) != 0)
		return err_set(e, ST_INVALID, "sha256", "Квитанция на пакет № %d: хэш не совпадает с отправленным — пакет искажён, отправьте его повторно", x->no);
	if (info->acked_at[0]) {
		/* Nothing to write: the transaction commits empty. */
		if (strcmp(prev_ack, x->ack_sha) == 0) {
			*x->res = BERKUT_ACK_REPEAT;
			return ST_OK;
		}
		return err_set(e, ST_CONFLICT, "batch", "Пакет № %d уже подтверждён %s другой квитанцией", x->no,
			       info->acked_at);
	}
	if ((ret = load_items(s, batch_id, &items, &nitems, e)) != ST_OK ||
	    (ret = match_records(json_object_get(x->root, "records"), items,
				 nitems, e)) != ST_OK)
		goto out;
	for (i = 0; i < nitems; i++) {
		struct item *it = &items[i];

		if (strcmp(it->status, "accepted") == 0 && it->registration &&
		    !case_in_berkut(s, it->case_id)) {
			struct case_act act = {.event = EV_BERKUT};

			if ((ret = case_fire(s, a, x->forms, it->case_id, &act,
					     e)) != ST_OK)
				goto out;
		}
		if ((ret = db_exec(s, e, "UPDATE berkut_items SET status = ?, "
				   "reason = ? WHERE id = ?",
				   DB_TEXT(it->status), DB_TEXT(it->reason),
				   DB_INT(it->id))) != ST_OK)
			goto out;
		if (strcmp(it->status, "accepted") == 0)
			info->accepted++;
		else
			info->rejected++;
	}
	clock_stamp(clock_now(), x->stamp);
	if ((ret = db_exec(s, e, "UPDATE berkut_batches SET acked_at = ?, "
			   "acked_by = ?, ack_sha256 = ? WHERE id = ?",
			   DB_TEXT(x->stamp), DB_INT(a->id),
			   DB_TEXT(x->ack_sha), DB_INT(batch_id))) != ST_OK)
		goto out;
	snprintf(obj, sizeof obj, "berkut:%s/%d", office, x->no);
	detail = xasprintf("ack accepted %d rejected %d sha256 %s",
			   info->accepted, info->rejected, x->ack_sha);
	ret = audit_log(s, a, "berkut.ack", obj, detail, e);
	free(detail);
out:
	free(items);
	return ret;
}

enum status
berkut_ack(struct store *s, const struct actor *a,
	   const struct formset *forms, const char *bytes, size_t n,
	   enum berkut_ack_result *res, struct berkut_batch_info *info,
	   struct err *e)
{
	struct ack_tx x = {.a = a, .forms = forms, .res = res, .info = info};
	json_t *root = NULL, *v;
	json_error_t je;
	char ack_sha[CHAIN_HEX], *canon;
	const char *fmt;
	enum status ret;

	memset(info, 0, sizeof *info);
	*res = BERKUT_ACK_DONE;
	if ((ret = actor_require(a, PERM_EXCHANGE, e)) != ST_OK ||
	    (ret = actor_require(a, PERM_BERKUT, e)) != ST_OK)
		return ret;
	if (n > ACK_MAX_BYTES || memchr(bytes, '\0', n))
		return err_set(e, ST_INVALID, "", "Квитанция: не текстовый файл или слишком велика");
	root = json_loadb(bytes, n, JSON_REJECT_DUPLICATES, &je);
	if (!json_is_object(root)) {
		json_decref(root);
		return err_set(e, ST_INVALID, "", "Квитанция: строка %d: не JSON-объект", je.line > 0 ? je.line : 1);
	}
	fmt = json_string_value(json_object_get(root, "format"));
	v = json_object_get(root, "batch");
	x.sha = json_string_value(json_object_get(root, "sha256"));
	x.off = json_string_value(json_object_get(root, "office"));
	if (!fmt || strcmp(fmt, BERKUT_ACK_FORMAT) != 0) {
		ret = err_set(e, ST_INVALID, "format", "Квитанция: формат должен быть \"%s\"", BERKUT_ACK_FORMAT);
		goto out;
	}
	if (!json_is_integer(v) || json_integer_value(v) <= 0 ||
	    json_integer_value(v) > 99999999 || !x.sha) {
		ret = err_set(e, ST_INVALID, "batch", "Квитанция: нужны номер пакета (batch) и его sha256");
		goto out;
	}
	x.no = (int)json_integer_value(v);
	canon = journal_json(root);
	chain_sha256_hex(canon, strlen(canon), ack_sha);
	free(canon);
	x.root = root;
	x.ack_sha = ack_sha;
	if ((ret = db_transact(s, DB_WRITE, ack_tx, &x, e)) == ST_OK &&
	    *res == BERKUT_ACK_DONE)
		snprintf(info->acked_at, sizeof info->acked_at, "%s", x.stamp);
out:
	json_decref(root);
	return ret;
}
