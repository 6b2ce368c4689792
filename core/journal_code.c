/* SPDX-License-Identifier: MIT */
/* Check codes (Luhn mod 32 over the line hash) and the check of a printed
 * document by its code. */
#include "journal.h"
#include "journal_int.h"
#include "audit.h"
#include "cases.h"
#include "catalog.h"
#include "clock.h"
#include "date.h"
#include "db.h"
#include "forms.h"
#include "office.h"
#include "util.h"
#include "workflow.h"

#include <ctype.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <string.h>

/* ---- check codes ------------------------------------------------------- */

static const char b32[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/* Luhn mod 32 over digits d[0..n): with check 0, the digit that makes the
 * sum valid; with check 1, 0 when valid. */
static int
luhn32(const int *d, int n, int check)
{
	int i, factor = check ? 1 : 2, sum = 0;

	for (i = n - 1; i >= 0; i--) {
		int add = factor * d[i];

		factor = factor == 2 ? 1 : 2;
		sum += add / 32 + add % 32;
	}
	return check ? sum % 32 : (32 - sum % 32) % 32;
}

void
journal_check_code(const char *line_hash, char out[JOURNAL_CODE_SIZE])
{
	char buf[CHAIN_HEX + 16], hex[CHAIN_HEX], top[13];
	unsigned long long v;
	int d[10], i, j = 0;

	snprintf(buf, sizeof buf, "okno-check\n%s", line_hash);
	chain_sha256_hex(buf, strlen(buf), hex);
	snprintf(top, sizeof top, "%.12s", hex);
	v = strtoull(top, NULL, 16) >> 3; /* 45 bits */
	for (i = 8; i >= 0; i--) {
		d[i] = (int)(v & 31);
		v >>= 5;
	}
	d[9] = luhn32(d, 9, 0);
	for (i = 0; i < 10; i++) {
		if (i == 5)
			out[j++] = '-';
		out[j++] = b32[d[i]];
	}
	out[j] = '\0';
}

int
journal_code_normalise(const char *in, char out[JOURNAL_CODE_SIZE])
{
	int d[10], n = 0, i, j = 0;
	const char *p;

	for (p = in ? in : ""; *p; p++) {
		int c = toupper((unsigned char)*p);
		const char *q;

		if (c == ' ' || c == '-')
			continue;
		if (c == 'O')
			c = '0';
		else if (c == 'I' || c == 'L')
			c = '1';
		q = c ? strchr(b32, c) : NULL;
		if (!q || n == 10)
			return -1;
		d[n++] = (int)(q - b32);
	}
	if (n != 10 || luhn32(d, 10, 1) != 0)
		return -1;
	for (i = 0; i < 10; i++) {
		if (i == 5)
			out[j++] = '-';
		out[j++] = b32[d[i]];
	}
	out[j] = '\0';
	return 0;
}

enum status
jl_insert_code(struct store *s, long long id, const char *hash,
	       struct err *e)
{
	char code[JOURNAL_CODE_SIZE];

	journal_check_code(hash, code);
	return db_exec(s, e, "INSERT INTO journal_codes(code, line_id) VALUES "
		       "(?, ?)", DB_TEXT(code), DB_INT(id));
}

enum status
journal_case_code(struct store *s, long long case_id, const char *kind,
		  char out[JOURNAL_CODE_SIZE], long long *line_id,
		  struct err *e)
{
	struct db_stmt *st;
	enum status ret;

	ret = db_one(s, &st, e, "SELECT id, hash FROM journal WHERE case_id = "
		     "?1 AND (CAST(?2 AS TEXT) IS NULL OR kind = ?2) ORDER BY "
		     "seq DESC LIMIT 1", DB_INT(case_id), DB_TEXT(kind));
	if (ret == ST_NOTFOUND)
		return err_set(e, ST_NOTFOUND, "case",
			       "Дело № %lld: в журнале нет строки «%s»", case_id,
			       kind ? kind : "");
	if (ret != ST_OK)
		return ret;
	if (line_id)
		*line_id = db_col_int64(st, 0);
	journal_check_code(db_col_text(st, 1), out);
	db_finalize(st);
	return ST_OK;
}

static enum status
load_line(struct store *s, const char *where, long long arg,
	  struct journal_line *l, struct err *e)
{
	char sql[512];
	struct db_stmt *st;
	enum status ret;

	snprintf(sql, sizeof sql, "SELECT " LINE_COLS " FROM journal j %s",
		 where);
	ret = db_one(s, &st, e, sql, DB_INT(arg));
	if (ret == ST_NOTFOUND)
		return err_set(e, ST_NOTFOUND, "journal", "Строка журнала не найдена");
	if (ret != ST_OK)
		return ret;
	jl_read_line(st, l);
	db_finalize(st);
	return ST_OK;
}

struct scan {
	const char *code;
	long long id;
};

static enum status
scan_row(struct db_stmt *row, void *arg, struct err *e)
{
	struct scan *sc = arg;
	char c[JOURNAL_CODE_SIZE];

	(void)e;
	journal_check_code(db_col_text(row, 1), c);
	if (strcmp(c, sc->code) != 0)
		return ST_OK;
	sc->id = db_col_int64(row, 0);
	return ST_CONFLICT; /* found: stops the walk */
}

/* Lines written before the codes table existed have no row there; find
 * them by computing their codes (slow, but only on old databases). Every
 * line since has its code, written with it, so such lines all come
 * before the first coded one: a database whose lines all have codes
 * scans nothing, and a code nobody issued is answered at once however
 * long the journal. (The bound is read first: a scan below a bound the
 * planner cannot see would be planned as a third of the journal.) */
static long long
code_scan(struct store *s, const char *code)
{
	struct scan sc = {code, 0};
	long long first = db_int(s, 0, "SELECT COALESCE(min(line_id), 0) "
				 "FROM journal_codes");
	long long lowest = db_int(s, 0, "SELECT COALESCE(min(id), 0) FROM "
				  "journal");

	if (!lowest || (first && lowest >= first))
		return 0;
	if (!first)
		first = db_int(s, 0, "SELECT max(id) + 1 FROM journal");
	/* ST_CONFLICT is the walk stopping at the line found; a failed
	 * scan finds nothing. */
	(void)!db_each(s, NULL, scan_row, &sc, "SELECT j.id, j.hash FROM "
		"journal j WHERE j.id < ? AND NOT EXISTS (SELECT 1 FROM "
		"journal_codes c WHERE c.line_id = j.id)", DB_INT(first));
	return sc.id;
}

void
journal_check_free(struct journal_check *c)
{
	if (!c)
		return;
	free(c->line.content);
	journal_lines_free(c->later, c->nlater);
	memset(c, 0, sizeof *c);
}

/* The case's accept line (the line itself when it is one), and the lines
 * after the one checked. */
static enum status
check_case_lines(struct store *s, struct journal_check *out,
		 struct journal_line *entry, struct err *e)
{
	if (strcmp(out->line.kind, "accept") == 0) {
		*entry = out->line;
		entry->content = xstrdup(out->line.content);
	} else if (load_line(s, "WHERE j.case_id = ? AND j.kind = "
				"'accept' ORDER BY j.seq LIMIT 1",
			     out->line.case_id, entry, NULL) != ST_OK) {
		memset(entry, 0, sizeof *entry);
	}
	return jl_lines_where(s, "WHERE j.case_id = ?1 AND j.seq > ?2 "
			      "ORDER BY j.seq", out->line.case_id,
			      out->line.seq, &out->later, &out->nlater, e);
}

/* Whose document, for which service, under which number: from the
 * accept line. */
static void
check_applicant(const struct journal_line *entry, struct journal_check *out)
{
	json_t *c, *f;

	if (entry->content && (c = json_loads(entry->content, 0, NULL))) {
		f = json_object_get(c, "fields");
		snprintf(out->person, sizeof out->person, "%s %s %s",
			 case_jstr(f, "surname"), case_jstr(f, "given_names"),
			 case_jstr(f, "patronymic"));
		str_trim(out->person);
		snprintf(out->service, sizeof out->service, "%s",
			 case_jstr(c, "service"));
		json_decref(c);
	}
	if (entry->no)
		snprintf(out->ref, sizeof out->ref, "%lld/%d", entry->no,
			 entry->year);
	if (!out->service[0])
		snprintf(out->service, sizeof out->service, "%s",
			 out->line.book);
}

/* What became of the case: corrected, refused, issued, handed out. */
static void
check_outcome(struct journal_check *out)
{
	size_t i;

	for (i = 0; i < out->nlater; i++) {
		const char *k = out->later[i].kind;

		if (!strcmp(k, "correction"))
			out->corrected = 1;
		else if (!strcmp(k, "refuse"))
			out->refused = 1;
		else if (!strcmp(k, "issue") ||
			 (!strcmp(k, "check-clear") &&
			  !strcmp(out->service, "registration")))
			out->issued = 1;
		else if (!strcmp(k, "hand-out"))
			out->handed_out = 1;
	}
	if (!strcmp(out->line.kind, "issue"))
		out->issued = 1;
	else if (!strcmp(out->line.kind, "refuse"))
		out->refused = 1;
	else if (!strcmp(out->line.kind, "hand-out"))
		out->handed_out = 1;
}

/* The line a normalised code names: from the codes table, or by scanning
 * the lines written before it. */
static enum status
check_find(struct store *s, const char *norm, int64_t *id, struct err *e)
{
	enum status ret;

	*id = 0;
	if ((ret = db_int64(s, e, id, 0, "SELECT line_id FROM "
			    "journal_codes WHERE code = ? ORDER BY line_id "
			    "LIMIT 1", DB_TEXT(norm))) != ST_OK)
		return ret;
	if (!*id)
		*id = code_scan(s, norm);
	if (!*id)
		return err_set(e, ST_NOTFOUND, "code",
			       "Документ с кодом %s в журнале не значится: такой документ не выдавался", norm);
	return ST_OK;
}

enum status
journal_check_document(struct store *s, const struct actor *a,
		       const char *code, struct journal_check *out,
		       struct err *e)
{
	char norm[JOURNAL_CODE_SIZE], h[CHAIN_HEX];
	struct journal_line entry = {0};
	struct office_info o;
	int64_t id = 0;
	enum status ret;

	memset(out, 0, sizeof *out);
	if ((ret = actor_require(a, PERM_CASE_VIEW, e)) != ST_OK)
		return ret;
	if (journal_code_normalise(code, norm) != 0)
		return err_set(e, ST_INVALID, "code",
			       "Код проверки «%s» набран неверно: ожидается 10 знаков вида XXXXX-XXXXX, контрольный знак не сходится", code ? code : "");
	if ((ret = jl_read_begin(s, e)) != ST_OK)
		return ret;
	if ((ret = check_find(s, norm, &id, e)) != ST_OK ||
	    (ret = load_line(s, "WHERE j.id = ?", id, &out->line, e)) != ST_OK)
		goto out;
	jl_line_rehash(&out->line, out->line.content, h);
	out->intact = strcmp(h, out->line.hash) == 0;
	if (office_get_id(s, out->line.office_id, &o, NULL) == ST_OK)
		snprintf(out->office_name, sizeof out->office_name, "%s",
			 o.name);
	if (out->line.case_id &&
	    (ret = check_case_lines(s, out, &entry, e)) != ST_OK) {
		free(entry.content);
		goto out;
	}
	check_applicant(&entry, out);
	free(entry.content);
	check_outcome(out);
out:
	jl_read_end(s);
	/* The answer stands even when its audit line cannot be written: a
	 * check changes nothing, and the failed write shows on the next
	 * act. */
	if (ret == ST_OK)
		(void)!audit_log_own(s, a, "check-document", norm, out->ref,
				     NULL);
	else if (ret != ST_NOTFOUND)
		journal_check_free(out);
	return ret;
}

