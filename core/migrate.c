/* SPDX-License-Identifier: MIT */
/* okno migrate: an office database moved into a regional database.
 *
 * Every table of the target's schema is copied from the file in the order
 * its references allow (the catalogue's foreign keys and the few
 * references the schema keeps without one), each row under a new id and
 * its references translated through the ids given so far. The journal's
 * and the audit log's hashes are never recomputed: what they hashed
 * (office, case, corrected line, author; chain number, account) is kept
 * in the hashed_* columns, and the chains are verified where they land
 * before the one transaction commits. */
#include "migrate.h"
#include "audit.h"
#include "chain.h"
#include "db.h"
#include "fileio.h"
#include "journal.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- ids old and new --------------------------------------------------- */

struct pair {
	long long old, new;
};

struct map {
	struct pair *v;
	size_t n, cap;
	int unsorted;
};

static void
map_put(struct map *m, long long old, long long new)
{
	if (m->n && m->v[m->n - 1].old >= old)
		m->unsorted = 1;
	XGROW(m->v, m->n, m->cap);
	m->v[m->n].old = old;
	m->v[m->n++].new = new;
}

static int
pair_cmp(const void *a, const void *b)
{
	long long x = ((const struct pair *)a)->old,
		  y = ((const struct pair *)b)->old;

	return x < y ? -1 : x > y;
}

/* 1 with *new when old was given one. */
static int
map_get(struct map *m, long long old, long long *new)
{
	size_t lo = 0, hi = m->n;

	if (m->unsorted) {
		qsort(m->v, m->n, sizeof *m->v, pair_cmp);
		m->unsorted = 0;
	}
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (m->v[mid].old == old) {
			*new = m->v[mid].new;
			return 1;
		}
		if (m->v[mid].old < old)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

/* ---- what each table needs ------------------------------------------- */

/* Tables not copied row by row: the schema's own, the chain heads
 * (carried on below), the check codes (one per moved line, from its
 * hash), the record of earlier moves. */
static const char *const skipped[] = {
	"okno_schema", "database_mode", "journal_heads", "audit_heads",
	"audit_head", "journal_codes", "moved_in", "moved_chains",
	"moved_cases", NULL,
};

/* References the schema keeps without a foreign key. audit.chain names an
 * office (or the region's chain 0): translated through the chains. */
static const struct {
	const char *table, *column, *refers;
} loose_refs[] = {
	{"audit", "account_id", "accounts"},
	{"audit", "chain", "offices"},
	{"berkut_items", "upto_line", "journal"},
	{"outputs", "object", "cases"},
};

/* A column whose value is the source's own when it has one, else the
 * source's value of another column as it was (not translated): the ids
 * and stamps the journal and audit hashes hold. */
static const struct {
	const char *table, *column, *from;
} as_hashed[] = {
	{"journal", "hashed_office", "office_id"},
	{"journal", "hashed_case", "case_id"},
	{"journal", "hashed_corrects", "corrects"},
	{"journal", "hashed_actor", "actor_id"},
	{"journal", "stamp", "at"},
	{"audit", "hashed_chain", "chain"},
	{"audit", "hashed_account", "account_id"},
	{"audit", "moved_id", "id"},
	{"audit", "stamp", "at"},
};

/* Rows the target may already have: the same region (by its code), the
 * same special record, the same trusted certificate. Such a row is not
 * copied; references to it go to the target's. */
static const struct {
	const char *table;
	const char *key[8];
} same_as[] = {
	{"regions", {"code", NULL}},
	{"records", {"kind", "surname", "given_names", "patronymic",
		     "birth_date", "citizenship", "doc_number", NULL}},
	{"eds_trust", {"sha256", NULL}},
};

struct mt {
	const struct db_table *t;
	int id;            /* index of the id column, -1 when none */
	int done;
	struct map map;
};

struct mig {
	struct store *src, *dst;
	const struct actor *a;
	const char *path;
	struct db_table *tabs;
	int ntabs;
	struct mt *mt;
	struct map chains;       /* source audit chain -> target chain */
	struct map office_src;   /* source office id -> index in codes */
	char (*codes)[64];       /* the source's office codes */
	size_t ncodes;
	long long moved_in;
	long long total, done;
	struct journal_verify *jv; /* the source's chains, per office */
	struct migrate_report *out;
	struct progress *p;
	struct strbuf renamed;
};

static int
in_list(const char *const *v, const char *s)
{
	for (; *v; v++)
		if (strcmp(*v, s) == 0)
			return 1;
	return 0;
}

static struct mt *
mt_of(struct mig *m, const char *name)
{
	int i;

	for (i = 0; i < m->ntabs; i++)
		if (strcmp(m->mt[i].t->name, name) == 0)
			return &m->mt[i];
	return NULL;
}

/* The table a column's values name rows of, NULL when none. */
static const char *
refers(const struct db_table *t, const struct db_column *c)
{
	size_t i;

	for (i = 0; i < sizeof loose_refs / sizeof loose_refs[0]; i++)
		if (strcmp(loose_refs[i].table, t->name) == 0 &&
		    strcmp(loose_refs[i].column, c->name) == 0)
			return loose_refs[i].refers;
	return c->refers;
}

static const char *
hashed_from(const struct db_table *t, const struct db_column *c)
{
	size_t i;

	for (i = 0; i < sizeof as_hashed / sizeof as_hashed[0]; i++)
		if (strcmp(as_hashed[i].table, t->name) == 0 &&
		    strcmp(as_hashed[i].column, c->name) == 0)
			return as_hashed[i].from;
	return NULL;
}

static const char *const *
same_key(const struct db_table *t)
{
	size_t i;

	for (i = 0; i < sizeof same_as / sizeof same_as[0]; i++)
		if (strcmp(same_as[i].table, t->name) == 0)
			return same_as[i].key;
	return NULL;
}

static int
col_index(const struct db_table *t, const char *name)
{
	int i;

	for (i = 0; i < t->ncols; i++)
		if (strcmp(t->cols[i].name, name) == 0)
			return i;
	return -1;
}

/* ---- one table ------------------------------------------------------- */

/* The source's office code of an account (the first office's for a
 * region's account), lower-case, for a login made unique. */
static void
account_suffix(struct mig *m, struct db_stmt *row, int office_col,
	       char *out, size_t n)
{
	long long idx = 0;
	char *p;

	if (office_col < 0 || db_col_null(row, office_col) ||
	    !map_get(&m->office_src, db_col_int64(row, office_col), &idx))
		idx = 0;
	snprintf(out, n, "%s", m->ncodes ? m->codes[idx] : "moved");
	for (p = out; *p; p++) {
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
		else if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')))
			*p = '-';
	}
}

/* A login the target already has becomes LOGIN.CODE. */
static enum status
account_login(struct mig *m, struct db_stmt *row, const struct db_table *t,
	      char **login, struct err *e)
{
	char code[64], *alt;
	int r;

	r = db_exists(m->dst, e, "SELECT 1 FROM accounts WHERE login = ?",
		      DB_TEXT(*login));
	if (r <= 0)
		return r < 0 ? e->st : ST_OK;
	account_suffix(m, row, col_index(t, "office_id"), code, sizeof code);
	alt = xasprintf("%s.%s", *login, code);
	r = db_exists(m->dst, e, "SELECT 1 FROM accounts WHERE login = ?",
		      DB_TEXT(alt));
	if (r != 0) {
		free(alt);
		return r < 0 ? e->st
			     : err_set(e, ST_CONFLICT, "login",
				       "Логины %s и %s.%s уже есть в базе назначения: переименуйте учётную запись в переносимой базе", *login, *login, code);
	}
	sb_printf(&m->renamed, "%s%s → %s", m->renamed.len ? ", " : "",
		  *login, alt);
	free(*login);
	*login = alt;
	return ST_OK;
}

/* Where the source's audit chain c goes: an office's to that office's
 * new id, the region's and system's (0) to a new number below zero. Every
 * chain is recorded in moved_chains with the number it had. */
static enum status
chains_prepare(struct mig *m, struct err *e)
{
	struct mt *offices = mt_of(m, "offices");
	struct db_stmt *st;
	int64_t low = 0;
	enum status ret;
	int rc;

	if ((ret = db_int64(m->dst, e, &low, 0, "SELECT LEAST(COALESCE((SELECT "
			    "MIN(chain) FROM audit_heads), 0), COALESCE((SELECT "
			    "MIN(chain) FROM moved_chains), 0))")) != ST_OK)
		return ret;
	st = db_prepare(m->src, "SELECT chain FROM audit_heads UNION SELECT "
			"chain FROM audit ORDER BY 1", e);
	if (!st)
		return e->st;
	while ((rc = db_step(st, e)) == DB_ROW) {
		long long c = db_col_int64(st, 0), to = 0;

		if (c > 0 && !map_get(&offices->map, c, &to)) {
			db_finalize(st);
			return err_set(e, ST_CORRUPT, "audit",
				       "%s: цепочка аудита %lld не принадлежит ни одному подразделению", m->path, c);
		}
		if (c <= 0)
			to = --low;
		map_put(&m->chains, c, to);
		if ((ret = db_exec(m->dst, e, "INSERT INTO moved_chains(chain, "
				   "moved_in, hashed) VALUES (?, ?, ?)",
				   DB_INT(to), DB_INT(m->moved_in),
				   DB_INT(c))) != ST_OK) {
			db_finalize(st);
			return ret;
		}
	}
	db_finalize(st);
	return rc == DB_DONE ? ST_OK : e->st;
}

/* An output's object names its case or office by id ("case:12:receipt",
 * "office:3:journal": what a print, an export or a portal result not yet
 * given out is found by): that id here. Other objects name offices by
 * their codes. */
static enum status
output_object(struct mig *m, struct db_stmt *row, int i,
	      struct db_stmt *ins, int slot, struct err *e)
{
	const char *v = db_col_text(row, i), *kind, *table;
	long long old, new;
	char *out;
	int n = 0;

	if (sscanf(v, "case:%lld%n", &old, &n) == 1) {
		kind = "case";
		table = "cases";
	} else if (sscanf(v, "office:%lld%n", &old, &n) == 1) {
		kind = "office";
		table = "offices";
	} else {
		db_bind_text(ins, slot, v);
		return ST_OK;
	}
	if (!map_get(&mt_of(m, table)->map, old, &new))
		return err_set(e, ST_CORRUPT, "outputs", "%s: вывод «%s» называет строку %s, которой нет", m->path, v, table);
	out = xasprintf("%s:%lld%s", kind, new, v + n);
	db_bind_text(ins, slot, out);
	free(out);
	return ST_OK;
}

/* The value of column i of a source row as the target gets it. */
static enum status
bind_value(struct mig *m, struct mt *x, struct db_stmt *row, int i,
	   struct db_stmt *ins, int slot, struct err *e)
{
	const struct db_table *t = x->t;
	const struct db_column *c = &t->cols[i];
	const char *to = refers(t, c), *from = hashed_from(t, c);
	long long old, new;
	struct mt *r;

	if (from && db_col_null(row, i)) {
		int j = col_index(t, from);

		if (j < 0 || db_col_null(row, j))
			db_bind_null(ins, slot);
		else
			db_bind_text(ins, slot, db_col_text(row, j));
		return ST_OK;
	}
	if (strcmp(t->name, "outputs") == 0 && strcmp(c->name, "object") == 0)
		return output_object(m, row, i, ins, slot, e);
	if (!to || db_col_null(row, i)) {
		if (db_col_null(row, i))
			db_bind_null(ins, slot);
		else
			db_bind_text(ins, slot, db_col_text(row, i));
		return ST_OK;
	}
	old = db_col_int64(row, i);
	if (strcmp(t->name, "audit") == 0 && strcmp(c->name, "chain") == 0) {
		if (!map_get(&m->chains, old, &new))
			return err_set(e, ST_CORRUPT, "audit", "%s: цепочка аудита %lld не перенесена", m->path, old);
		db_bind_int64(ins, slot, new);
		return ST_OK;
	}
	r = mt_of(m, to);
	if (r && map_get(&r->map, old, &new)) {
		db_bind_int64(ins, slot, new);
		return ST_OK;
	}
	/* An audit line of an account no longer there keeps the id it
	 * hashed (hashed_account) and names none here. */
	if (strcmp(t->name, "audit") == 0) {
		db_bind_null(ins, slot);
		return ST_OK;
	}
	return err_set(e, ST_CORRUPT, t->name, "%s: таблица %s, строка %s: %s = %lld ссылается на строку %s, которой нет", m->path, t->name,
		       x->id >= 0 ? db_col_text(row, x->id) : "?", c->name,
		       old, to);
}

/* 1 when the target has the row already (same_as): its id mapped. */
static int
same_row(struct mig *m, struct mt *x, struct db_stmt *row,
	 const char *const *key, struct err *e)
{
	struct strbuf sql = {0};
	struct db_stmt *st;
	int i, k, found = 0;

	sb_printf(&sql, "SELECT %s FROM %s WHERE 1 = 1",
		  x->id >= 0 ? x->t->cols[x->id].name : "1", x->t->name);
	for (k = 0; key[k]; k++)
		sb_printf(&sql, " AND %s = ?", key[k]);
	if (!(st = db_prepare(m->dst, sql.s, e))) {
		sb_free(&sql);
		return -1;
	}
	sb_free(&sql);
	for (k = 0; key[k]; k++) {
		i = col_index(x->t, key[k]);
		if (i < 0 || db_col_null(row, i))
			db_bind_null(st, k + 1);
		else
			db_bind_text(st, k + 1, db_col_text(row, i));
	}
	switch (db_step(st, e)) {
	case DB_ROW:
		found = 1;
		if (x->id >= 0)
			map_put(&x->map, db_col_int64(row, x->id),
				db_col_int64(st, 0));
		break;
	case DB_FAIL:
		found = -1;
		break;
	}
	db_finalize(st);
	return found;
}

/* After a journal line is in: its check code, from its hash. */
static enum status
line_code(struct mig *m, long long id, const char *hash, struct err *e)
{
	char code[JOURNAL_CODE_SIZE];

	journal_check_code(hash, code);
	return db_exec(m->dst, e, "INSERT INTO journal_codes(code, line_id) "
		       "VALUES (?, ?) ON CONFLICT DO NOTHING", DB_TEXT(code),
		       DB_INT(id));
}

static enum status
copy_rows(struct mig *m, struct mt *x, struct db_stmt *sel,
	  struct db_stmt *ins, struct err *e)
{
	const struct db_table *t = x->t;
	const char *const *key = same_key(t);
	int login = strcmp(t->name, "accounts") == 0 ? col_index(t, "login")
						       : -1;
	int hash = strcmp(t->name, "journal") == 0 ? col_index(t, "hash") : -1;
	int cases = strcmp(t->name, "cases") == 0;
	int rc, i, slot;
	enum status ret = ST_OK;

	while ((rc = db_step(sel, e)) == DB_ROW) {
		long long new = 0;
		int got;

		if (key && (got = same_row(m, x, sel, key, e)) != 0) {
			if (got < 0)
				return e->st;
			goto next;
		}
		for (i = 0, slot = 1; i < t->ncols; i++) {
			if (i == x->id)
				continue;
			if (i == login) {
				char *l = xstrdup(db_col_text(sel, i));

				ret = account_login(m, sel, t, &l, e);
				db_bind_text(ins, slot++, l);
				free(l);
			} else {
				ret = bind_value(m, x, sel, i, ins, slot++, e);
			}
			if (ret != ST_OK)
				return ret;
		}
		db_reset(ins);
		rc = db_step(ins, e);
		if (rc == DB_FAIL)
			return e->st;
		if (x->id >= 0 && rc == DB_ROW) {
			new = db_col_int64(ins, 0);
			map_put(&x->map, db_col_int64(sel, x->id), new);
		}
		if (x->id < 0 && db_changes(m->dst) == 0 &&
		    strcmp(t->name, "settings") == 0)
			m->out->settings_kept++;
		m->out->rows++;
		if (hash >= 0 &&
		    (ret = line_code(m, new, db_col_text(sel, hash), e)) != ST_OK)
			return ret;
		/* The id the audit lines of the file name the case by. */
		if (cases &&
		    (ret = db_exec(m->dst, e, "INSERT INTO moved_cases(case_id, "
				   "moved_in, old_id) VALUES (?, ?, ?)",
				   DB_INT(new), DB_INT(m->moved_in),
				   DB_INT(db_col_int64(sel, x->id)))) != ST_OK)
			return ret;
next:
		if (progress_at(m->p, ++m->done))
			return progress_cancelled(e);
	}
	return rc == DB_DONE ? ST_OK : e->st;
}

static enum status
copy_table(struct mig *m, struct mt *x, struct err *e)
{
	const struct db_table *t = x->t;
	struct strbuf sel = {0}, cols = {0}, vals = {0}, ins = {0};
	struct db_stmt *s1 = NULL, *s2 = NULL;
	enum status ret;
	int i, keyed = x->id < 0;

	if (strcmp(t->name, "audit") == 0 &&
	    (ret = chains_prepare(m, e)) != ST_OK)
		return ret;
	for (i = 0; i < t->ncols; i++) {
		sb_printf(&sel, "%s%s", i ? ", " : "", t->cols[i].name);
		if (i == x->id)
			continue;
		sb_printf(&cols, "%s%s", cols.len ? ", " : "", t->cols[i].name);
		sb_printf(&vals, "%s?", vals.len ? ", " : "");
	}
	sb_printf(&ins, "INSERT INTO %s(%s) VALUES (%s)%s", t->name, cols.s,
		  vals.s, keyed ? " ON CONFLICT DO NOTHING" : "");
	if (!keyed)
		sb_printf(&ins, " RETURNING %s", t->cols[x->id].name);
	/* In id order: a line that corrects another comes after it. */
	{
		char *q = xasprintf("SELECT %s FROM %s ORDER BY %s", sel.s,
				    t->name,
				    keyed ? "1" : t->cols[x->id].name);

		s1 = db_prepare(m->src, q, e);
		free(q);
	}
	if (s1) {
		db_stream(s1);
		s2 = db_prepare(m->dst, ins.s, e);
	}
	ret = s1 && s2 ? copy_rows(m, x, s1, s2, e) : e->st;
	db_finalize(s1);
	db_finalize(s2);
	sb_free(&sel);
	sb_free(&cols);
	sb_free(&vals);
	sb_free(&ins);
	if (ret == ST_OK)
		x->done = 1;
	return ret;
}

/* 1 when every table x refers to (itself aside) is copied. */
static int
ready(struct mig *m, struct mt *x)
{
	int i;

	for (i = 0; i < x->t->ncols; i++) {
		const char *to = refers(x->t, &x->t->cols[i]);
		struct mt *r;

		if (to && strcmp(to, x->t->name) != 0 && (r = mt_of(m, to)) &&
		    !r->done)
			return 0;
	}
	return 1;
}

/* ---- the move -------------------------------------------------------- */

/* The heads of the moved chains, carried on: the next line of a moved
 * office's journal or audit chain links to the last moved one. sel gives
 * a head's chain (an id of the file), seq and hash; ins writes it under
 * the chain's id in map. */
static enum status
heads_copy(struct mig *m, const char *sel, const char *ins, struct map *map,
	   struct err *e)
{
	struct db_stmt *st;
	enum status ret = ST_OK;
	int rc;

	if (!(st = db_prepare(m->src, sel, e)))
		return e->st;
	while (ret == ST_OK && (rc = db_step(st, e)) == DB_ROW) {
		long long to;

		if (map_get(map, db_col_int64(st, 0), &to))
			ret = db_exec(m->dst, e, ins, DB_INT(to),
				      DB_INT(db_col_int64(st, 1)),
				      DB_TEXT(db_col_text(st, 2)));
	}
	db_finalize(st);
	if (ret == ST_OK && rc == DB_FAIL)
		ret = e->st;
	return ret;
}

/* Every moved office's journal chain where it landed: the same lines up
 * to the same head as in the file. */
static enum status
verify_journals(struct mig *m, struct err *e)
{
	struct mt *offices = mt_of(m, "offices");
	size_t i;

	for (i = 0; i < offices->map.n; i++) {
		struct journal_verify v;
		struct err je = {0};
		long long to = offices->map.v[i].new;
		if (journal_verify_chain(m->dst, to, &v, m->p, &je) != ST_OK)
			return err_set(e, je.st, "journal", "Перенос не сделан: журнал подразделения %s не проходит проверку в базе назначения: %s", m->codes[i], je.msg);
		if (v.lines != m->jv[i].lines ||
		    strcmp(v.head, m->jv[i].head) != 0)
			return err_set(e, ST_CORRUPT, "journal", "Перенос не сделан: журнал подразделения %s в базе назначения: строк %lld, в файле %lld", m->codes[i], v.lines, m->jv[i].lines);
		m->out->journal_lines += v.lines;
	}
	return ST_OK;
}

/* The journal seals written down from the file (its lines
 * "journal.seal": office:ID, hash-seq) still hold where the lines
 * landed. */
static enum status
seal_row(struct db_stmt *row, void *arg, struct err *e)
{
	struct mig *m = arg;
	struct mt *offices = mt_of(m, "offices");
	long long office, to, seq;
	char hex[CHAIN_HEX], *got = NULL;
	enum status ret;

	if (sscanf(db_col_text(row, 0), "office:%lld", &office) != 1 ||
	    sscanf(db_col_text(row, 1), "%64[0-9a-f]-%lld", hex, &seq) != 2 ||
	    !map_get(&offices->map, office, &to))
		return ST_OK;
	if ((ret = db_text(m->dst, e, &got, NULL, "SELECT hash FROM journal "
			   "WHERE office_id = ? AND seq = ?", DB_INT(to),
			   DB_INT(seq))) != ST_OK)
		return ret;
	if (!got || strncmp(got, hex, strlen(hex)) != 0)
		ret = err_set(e, ST_CORRUPT, "journal", "Перенос не сделан: печать журнала %s (строка %lld) не сходится в базе назначения", db_col_text(row, 1), seq);
	free(got);
	return ret;
}

/* The file's check codes name the same lines where they landed. */
static enum status
code_row(struct db_stmt *row, void *arg, struct err *e)
{
	struct mig *m = arg;
	struct mt *journal = mt_of(m, "journal");
	long long to = 0;
	int64_t got = 0;
	enum status ret;

	if (!map_get(&journal->map, db_col_int64(row, 1), &to))
		return err_set(e, ST_CORRUPT, "code", "Перенос не сделан: код %s называет строку журнала, которой нет", db_col_text(row, 0));
	if ((ret = db_int64(m->dst, e, &got, 0, "SELECT line_id FROM "
			    "journal_codes WHERE code = ?",
			    DB_TEXT(db_col_text(row, 0)))) != ST_OK)
		return ret;
	if (got != to)
		return err_set(e, ST_CORRUPT, "code", "Перенос не сделан: код проверки %s в базе назначения называет другую строку журнала", db_col_text(row, 0));
	return ST_OK;
}

static enum status
verify_target(struct mig *m, struct err *e)
{
	char seal[AUDIT_SEAL_MAX], at[STAMP_SIZE];
	struct err ae = {0};
	enum status ret;

	if ((ret = verify_journals(m, e)) != ST_OK)
		return ret;
	/* Every audit chain of the target, and the file's last seal. */
	ret = audit_last_seal(m->src, seal, at, NULL) == ST_OK
		      ? audit_verify_seal(m->dst, seal, m->p, &ae)
		      : audit_verify(m->dst, m->p, &ae);
	if (ret != ST_OK)
		return err_set(e, ret, "audit", "Перенос не сделан: журнал аудита в базе назначения не проходит проверку: %s", ae.msg);
	if ((ret = db_each(m->src, e, seal_row, m, "SELECT object, detail "
			   "FROM audit WHERE action = 'journal.seal' ORDER BY "
			   "id")) != ST_OK)
		return ret;
	return db_each(m->src, e, code_row, m, "SELECT code, line_id FROM "
		       "journal_codes");
}

/* Forget the ids given (a transaction run again starts afresh). */
static void
mig_reset(struct mig *m)
{
	int i;

	for (i = 0; i < m->ntabs; i++) {
		free(m->mt[i].map.v);
		memset(&m->mt[i].map, 0, sizeof m->mt[i].map);
		m->mt[i].done = 0;
	}
	free(m->chains.v);
	memset(&m->chains, 0, sizeof m->chains);
	sb_free(&m->renamed);
	m->done = 0;
}

static enum status
move_tx(struct store *dst, void *arg, struct err *e)
{
	struct mig *m = arg;
	enum status ret;
	int64_t moved_in = 0;
	char *detail;
	int i, copied;

	(void)dst;
	mig_reset(m);
	m->out->rows = m->out->settings_kept = m->out->journal_lines = 0;
	for (i = 0; i < (int)m->ncodes; i++)
		if (db_int(m->dst, 0, "SELECT COUNT(*) FROM offices WHERE code "
			   "= ?", DB_TEXT(m->codes[i])) > 0)
			return err_set(e, ST_CONFLICT, "office", "Подразделение %s уже есть в базе назначения: перенос не сделан, ничего не записано", m->codes[i]);
	if ((ret = db_int64(m->dst, e, &moved_in, 0,
			    "INSERT INTO moved_in(file, sha256, offices, at, "
			    "account_id) VALUES (?, ?, ?, CURRENT_TIMESTAMP, "
			    "?) RETURNING id", DB_TEXT(m->path),
			    DB_TEXT(m->out->sha256), DB_TEXT(m->out->offices),
			    m->a->id > 0 ? DB_INT(m->a->id) : DB_NULL)) !=
	    ST_OK)
		return ret;
	m->moved_in = moved_in;
	if (progress_begin(m->p, PROGRESS_MIGRATE_COPY, m->total))
		return progress_cancelled(e);
	/* Table by table, each once the tables it refers to are in, until
	 * a pass copies none. */
	do {
		copied = 0;
		for (i = 0; i < m->ntabs; i++) {
			struct mt *x = &m->mt[i];

			if (x->done || !ready(m, x))
				continue;
			if ((ret = copy_table(m, x, e)) != ST_OK) {
				progress_end(m->p);
				return ret;
			}
			copied++;
		}
	} while (copied);
	progress_end(m->p);
	for (i = 0; i < m->ntabs; i++)
		if (!m->mt[i].done)
			return err_set(e, ST_ERROR, "", "Таблицы ссылаются друг на друга по кругу (%s): перенос не сделан", m->mt[i].t->name);
	if ((ret = heads_copy(m, "SELECT office_id, seq, hash FROM "
			      "journal_heads", "INSERT INTO journal_heads("
			      "office_id, seq, hash) VALUES (?, ?, ?)",
			      &mt_of(m, "offices")->map, e)) != ST_OK ||
	    (ret = heads_copy(m, "SELECT chain, seq, hash FROM audit_heads",
			      "INSERT INTO audit_heads(chain, seq, hash) "
			      "VALUES (?, ?, ?)", &m->chains, e)) != ST_OK ||
	    (ret = verify_target(m, e)) != ST_OK)
		return ret;
	m->out->cases = db_int(m->src, 0, "SELECT COUNT(*) FROM cases");
	m->out->audit_lines = db_int(m->src, 0, "SELECT COUNT(*) FROM audit");
	detail = xasprintf("%s sha256 %s; подразделения %s; строк %lld",
			   m->path, m->out->sha256, m->out->offices,
			   m->out->rows);
	ret = audit_log(m->dst, m->a, "db.migrate", "", detail, e);
	free(detail);
	return ret;
}

/* ---- before the move: the file itself -------------------------------- */

static enum status
add_code(struct db_stmt *row, void *arg, struct err *e)
{
	struct mig *m = arg;

	(void)e;
	m->codes = xrealloc(m->codes, sizeof *m->codes * (m->ncodes + 1));
	snprintf(m->codes[m->ncodes], sizeof m->codes[0], "%s",
		 db_col_text(row, 1));
	map_put(&m->office_src, db_col_int64(row, 0), (long long)m->ncodes);
	m->ncodes++;
	return ST_OK;
}

/* The file's offices, its chains verified, its rows counted. */
static enum status
source_check(struct mig *m, struct err *e)
{
	struct err ve = {0};
	enum status ret;
	size_t i;
	int k;

	if (db_schema_version(m->src) != db_schema_latest())
		return err_set(e, ST_CONFLICT, "", "%s: схема базы %d, а у этой версии okno %d: откройте файл этой версией okno (например okno --db %s doctor), затем переносите", m->path, db_schema_version(m->src), db_schema_latest(), m->path);
	if (m->src->training != m->dst->training)
		return err_set(e, ST_CONFLICT, "", m->src->training ? "%s — учебная база: в рабочую базу она не переносится" : "%s — рабочая база: в учебную базу она не переносится", m->path);
	if ((ret = db_each(m->src, e, add_code, m, "SELECT id, code FROM "
			   "offices ORDER BY id")) != ST_OK)
		return ret;
	if (!m->ncodes)
		return err_set(e, ST_INVALID, "", "%s: в базе нет подразделений", m->path);
	for (i = 0; i < m->ncodes; i++)
		snprintf(m->out->offices + strlen(m->out->offices),
			 sizeof m->out->offices - strlen(m->out->offices),
			 "%s%s", i ? " " : "", m->codes[i]);
	m->jv = xcalloc(m->ncodes, sizeof *m->jv);
	for (i = 0; i < m->ncodes; i++)
		if (journal_verify_chain(m->src, m->office_src.v[i].old,
					 &m->jv[i], m->p, &ve) != ST_OK)
			return err_set(e, ve.st, "journal", "Перенос не сделан: %s, журнал подразделения %s: %s", m->path, m->codes[i], ve.msg);
	if (audit_verify(m->src, m->p, &ve) != ST_OK)
		return err_set(e, ve.st, "audit", "Перенос не сделан: %s, журнал аудита: %s", m->path, ve.msg);
	for (k = 0; k < m->ntabs; k++) {
		char *q;

		if (in_list(skipped, m->mt[k].t->name))
			continue;
		q = xasprintf("SELECT COUNT(*) FROM %s", m->mt[k].t->name);
		m->total += db_int(m->src, 0, q);
		free(q);
	}
	return ST_OK;
}

/* The target's tables to copy, each with its id column. */
static void
tables_plan(struct mig *m, struct db_table *all, int n)
{
	int i, j;

	m->mt = xcalloc((size_t)n, sizeof *m->mt);
	for (i = 0; i < n; i++) {
		if (in_list(skipped, all[i].name))
			continue;
		m->mt[m->ntabs].t = &all[i];
		m->mt[m->ntabs].id = -1;
		for (j = 0; j < all[i].ncols; j++)
			if (all[i].cols[j].is_id)
				m->mt[m->ntabs].id = j;
		m->ntabs++;
	}
}

enum status
migrate_office_db(struct store *dst, const struct actor *a, const char *path,
		  struct migrate_report *out, struct progress *p,
		  struct err *e)
{
	struct mig m = {0};
	enum status ret;
	int i;

	memset(out, 0, sizeof *out);
	if ((ret = actor_require(a, PERM_OFFICES, e)) != ST_OK)
		return ret;
	if (db_engine(dst) != DB_POSTGRES)
		return err_set(e, ST_USAGE, "", "Перенос делается в базу данных на сервере PostgreSQL (postgresql://…), не в файл");
	if (db_name_is_uri(path))
		return err_set(e, ST_USAGE, "", "Переносится файл базы данных подразделения (SQLite), не база на сервере");
	if (fileio_sha256(path, FILEIO_USER, out->sha256) != 0)
		return err_set(e, ST_NOTFOUND, "", "Файл %s не читается", path);
	m.dst = dst;
	m.a = a;
	m.path = path;
	m.out = out;
	m.p = p;
	if ((ret = db_open(path, DB_READONLY, &m.src, e)) != ST_OK)
		return ret;
	if ((ret = db_tables(dst, &m.tabs, &m.ntabs, e)) != ST_OK)
		goto out;
	{
		int n = m.ntabs;

		m.ntabs = 0;
		tables_plan(&m, m.tabs, n);
		/* One snapshot of the file for all that is read from it. */
		if ((ret = db_begin(m.src, DB_READ, e)) != ST_OK ||
		    (ret = source_check(&m, e)) != ST_OK ||
		    (ret = db_transact(dst, DB_WRITE, move_tx, &m, e)) != ST_OK)
			goto done;
		if (m.renamed.len)
			out->renamed = sb_take(&m.renamed);
done:
		db_rollback(m.src);
		mig_reset(&m);
		db_tables_free(m.tabs, n);
	}
out:
	for (i = 0; i < m.ntabs; i++)
		free(m.mt[i].map.v);
	free(m.mt);
	free(m.office_src.v);
	free(m.codes);
	free(m.jv);
	db_close(m.src);
	return ret;
}

void
migrate_report_free(struct migrate_report *r)
{
	if (r) {
		free(r->renamed);
		r->renamed = NULL;
	}
}
