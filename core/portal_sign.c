/* SPDX-License-Identifier: MIT */
/* Signed results out: the passport insert or the refusal, signed and
 * written to the outbox with a status file for the portal. */
#include "portal.h"
#include "portal_int.h"
#include "fileio.h"
#include "outputs.h"
#include "audit.h"
#include "cases.h"
#include "chain.h"
#include "clock.h"
#include "db.h"
#include "eds.h"
#include "print.h"
#include "util.h"
#include "validate.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- signed results out ---------------------------------------------- */

static enum status
request_of_case(struct store *s, long long case_id, char *rid, size_t n,
		struct err *e)
{
	char *r = NULL;
	enum status ret = db_text(s, e, &r, NULL, "SELECT request_id FROM "
				  "portal_requests WHERE case_id = ?",
				  DB_INT(case_id));

	if (ret != ST_OK)
		return ret;
	if (!r)
		return err_set(e, ST_CONFLICT, "case", "Дело № %lld подано не через портал: результат выдаётся на бумаге",
			       case_id);
	snprintf(rid, n, "%s", r);
	free(r);
	return ST_OK;
}

static int
case_was_refused(struct store *s, long long case_id)
{
	return db_int(s, 0, "SELECT count(*) FROM case_events WHERE case_id = "
		      "? AND event = 'refuse'", DB_INT(case_id)) > 0;
}

/* What is written in the result's one transaction. */
struct sign_tx {
	const struct actor *a;
	const struct formset *forms;
	long long case_id;
	enum case_state state;
	enum print_doc d;
	const struct signer *sg;
	const char *stamp, *obj, *status_text;
	const struct strbuf *doc, *sig;
	int force;
	struct portal_sent *out;
	long long ids[3];
};

static enum status
sign_tx(struct store *s, void *arg, struct err *e)
{
	struct sign_tx *t = arg;
	struct portal_sent *out = t->out;
	enum status ret;
	char *detail;

	out->handed_out = 0;
	if ((ret = db_exec(s, e, "INSERT INTO portal_results(case_id, "
			   "request_id, status, document, sha256, signer, "
			   "cert_serial, at, actor_id) VALUES "
			   "(?,?,?,?,?,?,?,?,?)", DB_INT(t->case_id),
			   DB_TEXT(out->request_id), DB_TEXT(out->status),
			   DB_TEXT(print_doc_code(t->d)), DB_TEXT(out->sha256),
			   DB_TEXT(signer_name(t->sg)),
			   DB_TEXT(signer_serial(t->sg)), DB_TEXT(t->stamp),
			   DB_INT(t->a->id))) != ST_OK)
		return ret;
	if (t->state == CS_ISSUED || t->state == CS_REFUSED) {
		char *to = xasprintf("Личный кабинет заявителя на портале (запрос %s)", out->request_id);
		struct case_act act = {.event = EV_HAND_OUT, .recipient = to};

		ret = case_fire(s, t->a, t->forms, t->case_id, &act, e);
		free(to);
		if (ret != ST_OK)
			return ret;
		out->handed_out = 1;
	}
	detail = xasprintf("request %s %s %s sha256 %s cert %s",
			   out->request_id, out->status, print_doc_code(t->d),
			   out->sha256, signer_serial(t->sg));
	ret = audit_log(s, t->a, "portal.sign", t->obj, detail, e);
	free(detail);
	if (ret != ST_OK)
		return ret;
	/* The three files are recorded with the result and written after
	 * the commit, the status file last: the portal takes the result when
	 * it sees it, and the result is in the database by then. */
	{
		struct output_req r = {
			.kind = "portal",
			.object = t->obj,
			.target = OUT_FILE,
			.flags = FILEIO_USER | (t->force ? FILEIO_FORCE : 0),
		};

		r.dest = out->doc_path;
		ret = output_add(s, t->a, &r, t->doc->s, t->doc->len,
				 &t->ids[0], e);
		r.dest = out->sig_path;
		if (ret == ST_OK)
			ret = output_add(s, t->a, &r, t->sig->s, t->sig->len,
					 &t->ids[1], e);
		r.dest = out->status_path;
		if (ret == ST_OK)
			ret = output_add(s, t->a, &r, t->status_text,
					 strlen(t->status_text), &t->ids[2], e);
	}
	return ret;
}

struct earlier_paths {
	char *path[3];
	size_t size; /* of each */
	int n;
};

static enum status
earlier_path(struct db_stmt *st, void *arg, struct err *e)
{
	struct earlier_paths *ep = arg;

	(void)e;
	if (ep->n < 3)
		snprintf(ep->path[ep->n++], ep->size, "%s",
			 db_col_text(st, 0));
	return ST_OK;
}

/* What an earlier run recorded and this one gave out: its status, the
 * document's hash and the three files' paths (in the order recorded). */
static enum status
earlier_result(struct store *s, long long case_id, const char *obj,
	       struct portal_sent *out, struct err *e)
{
	struct earlier_paths ep = {{out->doc_path, out->sig_path,
				    out->status_path},
				   sizeof out->doc_path, 0};
	struct db_stmt *st;
	enum status ret;

	out->earlier = 1;
	if ((ret = db_one(s, &st, e, "SELECT status, sha256 FROM "
			  "portal_results WHERE case_id = ? ORDER BY id DESC "
			  "LIMIT 1", DB_INT(case_id))) != ST_OK)
		return ret;
	snprintf(out->status, sizeof out->status, "%s", db_col_text(st, 0));
	snprintf(out->sha256, sizeof out->sha256, "%s", db_col_text(st, 1));
	db_finalize(st);
	return db_each(s, e, earlier_path, &ep, "SELECT dest FROM (SELECT id, "
		       "dest FROM outputs WHERE kind = 'portal' AND object = ? "
		       "ORDER BY id DESC LIMIT 3) AS last ORDER BY id",
		       DB_TEXT(obj));
}

/* The document a decided case is signed as (its status for the portal
 * in out); ST_CONFLICT while it is undecided. */
static enum status
result_doc(const struct case_rec *c, int refused, long long case_id,
	   struct portal_sent *out, enum print_doc *d, struct err *e)
{
	if (c->state == CS_ISSUED || (c->state == CS_HANDED_OUT && !refused)) {
		*d = PD_INSERT;
		snprintf(out->status, sizeof out->status, "registered");
	} else if (c->state == CS_REFUSED ||
		   (c->state == CS_HANDED_OUT && refused)) {
		*d = PD_REFUSAL;
		snprintf(out->status, sizeof out->status, "refused");
	} else {
		return err_set(e, ST_CONFLICT, "state", "Дело № %lld: решение ещё не принято (состояние «%s»)", case_id,
			      workflow_state_ru(c->state));
	}
	return ST_OK;
}

/* The signature's facts the document prints: signer, certificate, when. */
static void
add_signature(json_t *ctx, const struct signer *sg, const char *stamp)
{
	json_object_set_new(ctx, "eds_signer", json_string(signer_name(sg)));
	{
		char *cert = xasprintf("№ %s, выдан: %s", signer_serial(sg),
				       signer_issuer(sg));

		json_object_set_new(ctx, "eds_certificate", json_string(cert));
		free(cert);
	}
	json_object_set_new(ctx, "eds_signed_at", json_string(stamp));
}

/* The status file for the portal: the case, its result, the signer, and
 * the two files with their SHA-256 (new text). */
static char *
status_text_of(const struct case_rec *c, long long case_id, enum print_doc d,
	       const char *stamp, const struct signer *sg,
	       const char *sig_sha, const struct portal_sent *out)
{
	json_t *status, *files;
	char num[32], *text;

	case_number(c, num, sizeof num);
	status = json_object();
	json_object_set_new(status, "format", json_integer(1));
	json_object_set_new(status, "request_id",
			    json_string(out->request_id));
	json_object_set_new(status, "case", json_integer(case_id));
	json_object_set_new(status, "journal_no", json_string(num));
	json_object_set_new(status, "status", json_string(out->status));
	json_object_set_new(status, "document", json_string(print_doc_code(d)));
	json_object_set_new(status, "signed_at", json_string(stamp));
	json_object_set_new(status, "signer", json_string(signer_name(sg)));
	json_object_set_new(status, "certificate_serial",
			    json_string(signer_serial(sg)));
	files = json_array();
	{
		json_t *f1 = json_object(), *f2 = json_object();
		char *n1 = xasprintf("%s.txt", out->request_id);
		char *n2 = xasprintf("%s.p7s", out->request_id);

		json_object_set_new(f1, "name", json_string(n1));
		json_object_set_new(f1, "role", json_string("document"));
		json_object_set_new(f1, "media_type",
				    json_string("text/plain; charset=utf-8"));
		json_object_set_new(f1, "sha256", json_string(out->sha256));
		json_object_set_new(f2, "name", json_string(n2));
		json_object_set_new(f2, "role", json_string("signature"));
		json_object_set_new(f2, "media_type",
				    json_string("application/pkcs7-signature"));
		json_object_set_new(f2, "sha256", json_string(sig_sha));
		json_array_append_new(files, f1);
		json_array_append_new(files, f2);
		free(n1);
		free(n2);
	}
	json_object_set_new(status, "files", files);
	text = json_dumps(status, JSON_INDENT(2) | JSON_SORT_KEYS);
	json_decref(status);
	return text;
}

enum status
portal_sign(struct store *s, const struct actor *a,
	    const struct formset *forms, long long case_id,
	    const struct signer *sg, const char *templates_dir,
	    const char *outbox, int force, struct portal_sent *out,
	    struct err *e)
{
	struct strbuf doc = {0}, sig = {0};
	struct case_rec c = {0};
	json_t *ctx = NULL;
	char stamp[STAMP_SIZE], sig_sha[CHAIN_HEX], obj[40];
	char *status_text = NULL;
	const struct form *labels;
	enum print_doc d = PD_INSERT;
	enum status ret;
	int refused, have_case = 0, i, done = 0;
	long long ids[3] = {0, 0, 0};
	struct stat sb;

	memset(out, 0, sizeof *out);
	if ((ret = actor_require(a, PERM_PRINT, e)) != ST_OK)
		return ret;
	if (stat(outbox, &sb) != 0 || !S_ISDIR(sb.st_mode))
		return err_set(e, ST_NOTFOUND, "outbox", "Папка для отправки %s не найдена", outbox);
	if ((ret = case_get(s, a, case_id, &c, e)) != ST_OK)
		return ret;
	have_case = 1;
	/* A result recorded by a run that could not write it goes out
	 * first, as it was signed, and is this run's result: signing again
	 * would give the portal a second, different signature. */
	snprintf(obj, sizeof obj, "case:%lld", case_id);
	if ((ret = output_deliver_pending(s, "portal", obj, force, &done, NULL,
					  0, e)) != ST_OK)
		goto out;
	if ((ret = request_of_case(s, case_id, out->request_id,
				   sizeof out->request_id, e)) != ST_OK)
		goto out;
	if (done) {
		ret = earlier_result(s, case_id, obj, out, e);
		goto out;
	}
	refused = case_was_refused(s, case_id);
	if ((ret = result_doc(&c, refused, case_id, out, &d, e)) != ST_OK)
		goto out;
	/* Only a certificate of the signing inspector's own, from a CA
	 * the office trusts, made for signing. */
	if ((ret = eds_check(s, a, sg, e)) != ST_OK)
		goto out;
	if ((ret = print_context(s, a, forms, case_id, d, &ctx, e)) != ST_OK)
		goto out;
	clock_stamp(clock_now(), stamp);
	add_signature(ctx, sg, stamp);
	labels = formset_get(forms, c.form_id);
	if ((ret = print_render(templates_dir, d, ctx, 80, ENC_UTF8, 0, labels,
				&doc, e)) != ST_OK)
		goto out;
	chain_sha256_hex(doc.s, doc.len, out->sha256);
	if ((ret = signer_sign(sg, doc.s, doc.len, &sig, e)) != ST_OK)
		goto out;
	chain_sha256_hex(sig.s, sig.len, sig_sha);
	snprintf(out->doc_path, sizeof out->doc_path, "%s/%s.txt", outbox,
		 out->request_id);
	snprintf(out->sig_path, sizeof out->sig_path, "%s/%s.p7s", outbox,
		 out->request_id);
	snprintf(out->status_path, sizeof out->status_path,
		 "%s/%s.status.json", outbox, out->request_id);

	status_text = status_text_of(&c, case_id, d, stamp, sg, sig_sha, out);

	snprintf(obj, sizeof obj, "case:%lld", case_id);
	{
		struct sign_tx t = {a, forms, case_id, c.state, d, sg, stamp,
				    obj, status_text, &doc, &sig, force, out,
				    {0, 0, 0}};

		if ((ret = db_transact(s, DB_WRITE, sign_tx, &t, e)) !=
		    ST_OK) {
			out->handed_out = 0;
			goto out;
		}
		for (i = 0; i < 3; i++)
			ids[i] = t.ids[i];
	}
	for (i = 0; ret == ST_OK && i < 3; i++)
		ret = output_deliver(s, ids[i], 0, NULL, 0, e);
out:
	free(status_text);
	json_decref(ctx);
	sb_free(&doc);
	sb_free(&sig);
	if (have_case)
		case_rec_free(&c);
	return ret;
}
