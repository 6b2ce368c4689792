/* SPDX-License-Identifier: MIT */
/* Journal benchmark (issue 4): a journal of N lines (default 1,000,000) in
 * one office. Measures appending through core with the chain (one
 * transaction per line, as at the window, then in batches to fill the
 * rest), verify of the whole chain, lookup by document number and by
 * surname prefix, and opening the journal at its last page. Prints the
 * numbers against the targets. Not part of make check.
 * Usage: journal_bench [N] [DB]   (DB defaults to $TMPDIR/okno-bench.db)
 *        journal_bench verify|lookups|lookup DB   (again, on a DB it made) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "chain.h"
#include "journal.h"
#include "db.h"
#include "office.h"
#include "util.h"

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
die(const char *what, const struct err *e)
{
	fprintf(stderr, "journal_bench: %s: %s\n", what, e ? e->msg : "");
	exit(1);
}

static const char *const stem[] = {
	"Ахмед", "Абдулл", "Байтурс", "Серик", "Нурлан", "Жумаб", "Касым",
	"Иван", "Петр", "Сидор", "Ким", "Ли", "Пак", "Тен", "Юсуп", "Рахим",
	"Каримж", "Исмаил", "Турсун", "Мамыт", "Оспан", "Кожах", "Есен",
	"Smith", "Brown", "Muller", "Schmidt", "Wang", "Zhang", "Chen", "Liu",
	"Yilmaz", "Kaya", "Demir", "Ivanenk", "Kovalenk", "Bondar", "Tkach",
	"Shevchenk", "Melnik",
};
static const char *const mid[] = {
	"", "ал", "ер", "ан", "ен", "ур", "ым", "ат", "ол", "ис", "ax", "el",
	"in", "or", "am", "et",
};
static const char *const suf[] = {
	"ов", "ев", "ин", "ова", "ева", "ина", "бек", "баев", "улы", "кызы",
	"о", "ян", "дзе", "er", "son", "an", "ko", "ski", "ez", "oglu",
};
#define NSTEM (sizeof stem / sizeof stem[0])
#define NMID (sizeof mid / sizeof mid[0])
#define NSUF (sizeof suf / sizeof suf[0])

static unsigned long long rng = 88172645463325252ULL;

static unsigned long long
rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static void
surname_of(unsigned long long k, char *out, size_t n)
{
	snprintf(out, n, "%s%s%s", stem[k % NSTEM], mid[(k / NSTEM) % NMID],
		 suf[(k / NSTEM / NMID) % NSUF]);
}

static void
docno_of(long long i, char *out, size_t n)
{
	snprintf(out, n, "N%08lld", (i * 7919) % 100000000);
}

/* One accepted case: the case row (raw SQL, the bench's shortcut) and
 * its journal line through journal_append, inside the open transaction. */
static void
append_one(struct store *s, const struct actor *a, struct db_stmt *ins,
	   long long i, int year)
{
	struct journal_entry je = {0};
	char surname[64], docno[16], *fold, *data;
	json_t *f = json_object(), *c = json_object();
	struct err e = {0};
	long long case_id;

	surname_of(rnd(), surname, sizeof surname);
	docno_of(i, docno, sizeof docno);
	json_object_set_new(f, "surname", json_string(surname));
	json_object_set_new(f, "given_names", json_string("РУСТАМ"));
	json_object_set_new(f, "birth_date", json_string("1988-05-14"));
	json_object_set_new(f, "citizenship", json_string("UZB"));
	json_object_set_new(f, "doc_type", json_string("passport"));
	json_object_set_new(f, "doc_number", json_string(docno));
	json_object_set_new(f, "doc_expiry", json_string("2031-11-20"));
	json_object_set_new(f, "purpose", json_string("private"));
	json_object_set_new(f, "entry_date", json_string("2026-03-18"));
	json_object_set_new(f, "entry_point", json_string("Жибек жолы"));
	json_object_set_new(f, "migration_card", json_string("KZ0012345"));
	json_object_set_new(f, "address_stay",
			    json_string("г. Алматы, ул. Абая, д. 10, кв. 5"));
	json_object_set_new(f, "period_from", json_string("2026-03-18"));
	json_object_set_new(f, "period_to", json_string("2026-06-15"));
	json_object_set_new(f, "host_name",
			    json_string("Сериков Болат Канатович"));
	json_object_set_new(f, "host_address",
			    json_string("г. Алматы, ул. Абая, д. 10, кв. 5"));
	json_object_set_new(f, "host_doc",
			    json_string("удостоверение личности 043512345"));
	data = journal_json(f);
	fold = utf8_fold(surname);
	db_reset(ins);
	db_bind_text(ins, 1, data);
	db_bind_text(ins, 2, fold);
	db_bind_text(ins, 3, docno);
	db_bind_int64(ins, 4, year);
	if (db_step(ins, &e) != DB_ROW)
		die("case insert", &e);
	case_id = db_col_int64(ins, 0);
	db_reset(ins); /* done: a statement left stepping holds the commit */
	json_object_set_new(c, "case", json_integer(case_id));
	json_object_set_new(c, "service", json_string("registration"));
	json_object_set_new(c, "form", json_string("registration"));
	json_object_set_new(c, "form_version", json_string("1"));
	json_object_set(c, "fields", f);
	json_object_set_new(c, "due_date", json_string("2026-03-26"));
	json_object_set_new(c, "inspector", json_string(a->full_name));
	je.office_id = a->office_id;
	je.book = "registration";
	je.numbered = 1;
	je.kind = "accept";
	je.case_id = case_id;
	je.content = c;
	if (journal_append(s, a, &je, NULL, NULL, NULL, &e) != ST_OK)
		die("append", &e);
	json_decref(c);
	json_decref(f);
	free(data);
	free(fold);
}

static void
list_time(struct store *s, const struct actor *a, struct journal_filter *f,
	  double *ms, size_t *rows)
{
	struct journal_line *l;
	struct err e = {0};
	double t = now_s();
	size_t n;

	if (journal_list(s, a, a->office_id, f, &l, &n, &e) != ST_OK)
		die("list", &e);
	*ms = (now_s() - t) * 1000;
	*rows = n;
	journal_lines_free(l, n);
}

/* okno journal_bench verify DB: verify an existing database again. */
static int
verify_again(const char *path)
{
	struct journal_verify v;
	struct actor a = {0};
	struct err e = {0};
	struct store *s;
	double t;

	a.id = 1;
	a.roles = ROLE_AUDITOR;
	if (db_open(path, 0, &s, &e) != ST_OK)
		die("open", &e);
	t = now_s();
	if (journal_verify(s, &a, 1, 0, &v, NULL, &e) != ST_OK)
		die("verify", &e);
	printf("verify: %lld lines in %.2f s (target < 5 s)\n", v.lines,
	       now_s() - t);
	db_close(s);
	return 0;
}

/* A new database at path (a file or a PostgreSQL URI) with one office and
 * the account a acts as; *ins inserts a case. */
static struct store *
new_db(const char *path, struct actor *a, struct db_stmt **ins)
{
	struct err e = {0};
	struct store *s;
	char sql[512];

	if (!db_name_is_uri(path)) {
		unlink(path);
		snprintf(sql, sizeof sql, "%s-wal", path);
		unlink(sql);
		snprintf(sql, sizeof sql, "%s-shm", path);
		unlink(sql);
	}
	setenv("OKNO_NOW", "2026-03-20T10:00:00", 1);
	if (db_open(path, DB_CREATE | DB_TRAINING, &s, &e) != ST_OK)
		die("open", &e);
	if (office_create(s, NULL, "B01", "Бенчмарк", "", "Регион", &e) != ST_OK)
		die("office", &e);
	a->id = 1;
	a->office_id = 1;
	a->roles = ROLE_INSPECTOR | ROLE_OPERATOR | ROLE_AUDITOR;
	snprintf(a->login, sizeof a->login, "bench");
	snprintf(a->full_name, sizeof a->full_name, "Иванов Иван Иванович");
	snprintf(sql, sizeof sql, "INSERT INTO accounts(id, login, full_name, "
		 "roles, office_id, created_at) VALUES (1, 'bench', "
		 "'Иванов Иван Иванович', %u, 1, '2026-01-01T00:00:00')",
		 a->roles);
	if (db_script(s, sql, &e) != ST_OK)
		die("account", &e);
	*ins = db_prepare(s, "INSERT INTO cases(office_id, service, state, "
				"form_id, form_version, data, surname_key, docno,"
				" citizenship, accepted_at, due_date, journal_year,"
				" created_by, created_at, updated_at) VALUES (1, "
				"'registration', 'accepted', 'registration', '1', "
				"?1, ?2, ?3, 'UZB', '2026-03-20T10:00:00', "
				"'2026-03-26', ?4, 1, '2026-03-20T10:00:00', "
				"'2026-03-20T10:00:00') RETURNING id", &e);
	if (!*ins)
		die("prepare", &e);
	return s;
}

/* Lines from..to, per transaction lines each. */
static void
append_range(struct store *s, const struct actor *a, struct db_stmt *ins,
	     long long from, long long to, long long per, int year)
{
	struct err e = {0};
	long long i;

	for (i = from; i < to;) {
		long long end = i + per < to ? i + per : to;

		if (db_begin(s, DB_WRITE, &e) != ST_OK)
			die("begin", &e);
		for (; i < end; i++)
			append_one(s, a, ins, i, year);
		if (db_commit(s, &e) != ST_OK)
			die("commit", &e);
	}
}

/* n lines: the first ones as at the window (one durable transaction a
 * line), the rest in batches; then the statistics a server would have by
 * now. */
static void
fill(struct store *s, const struct actor *a, struct db_stmt *ins,
     long long n)
{
	long long single = n < 20000 ? n : 20000;
	struct err e = {0};
	double t, dt;

	t = now_s();
	append_range(s, a, ins, 0, single, 1, 2026);
	dt = now_s() - t;
	printf("append, one transaction per line: %lld lines in %.2f s = %.0f lines/s (target >= 2000)\n",
	       single, dt, single / dt);
	t = now_s();
	append_range(s, a, ins, single, n, 10000, 2026);
	dt = now_s() - t;
	if (n > single)
		printf("append, 10000 lines per transaction: %lld lines in %.1f s = %.0f lines/s\n",
		       n - single, dt, (n - single) / dt);
	db_finalize(ins);
	if (db_script(s, db_engine(s) == DB_SQLITE
			? "PRAGMA wal_checkpoint(TRUNCATE)"
			: "ANALYZE journal, cases, accounts" /* as autovacuum would by now */,
		      &e) != ST_OK)
		die("checkpoint", &e);
}

/* Mean and worst time of rounds lookups, each filter from make (round,
 * filter); want rows > 0 (or exactly want when want > 1). */
static void
lookups(struct store *s, const struct actor *a, int rounds, long long n,
	void (*make)(long long n, struct journal_filter *f, char *buf,
		     size_t sz),
	size_t want, const char *what, const char *target)
{
	double worst = 0, sum = 0, ms;
	size_t rows;
	int k;

	for (k = 0; k < rounds; k++) {
		struct journal_filter f = {0};
		char buf[64];

		make(n, &f, buf, sizeof buf);
		list_time(s, a, &f, &ms, &rows);
		if ((want == 1 && !rows) || (want > 1 && rows != want))
			die(what, NULL);
		sum += ms;
		worst = ms > worst ? ms : worst;
	}
	printf("%s: mean %.3f ms, worst %.3f ms (target %s)\n", what,
	       sum / rounds, worst, target);
}

static void
by_docno(long long n, struct journal_filter *f, char *buf, size_t sz)
{
	docno_of((long long)(rnd() % (unsigned long long)n), buf, sz);
	f->docno = buf;
	f->with_related = 1;
}

/* The first three letters of a surname, Cyrillic or Latin. */
static void
by_surname(long long n, struct journal_filter *f, char *buf, size_t sz)
{
	char sn[64];
	const char *p = sn;
	int k;

	(void)n;
	surname_of(rnd(), sn, sizeof sn);
	for (k = 0; k < 3 && *p; k++)
		do
			p++;
		while ((*p & 0xC0) == 0x80);
	snprintf(buf, sz, "%.*s", (int)(p - sn), sn);
	f->surname = buf;
	f->limit = 50;
}

static void
last_page(long long n, struct journal_filter *f, char *buf, size_t sz)
{
	(void)n;
	(void)buf;
	(void)sz;
	f->limit = 50;
	f->last = 1;
	f->with_related = 1;
}

/* check-document, as the CLI and the kiosk run it (with its audit line):
 * rounds codes of lines picked at random, then codes nobody issued. */
static void
check_documents(struct store *s, const struct actor *a, int rounds,
		long long n)
{
	double worst = 0, sum = 0, ms, t;
	struct journal_check chk;
	struct err e = {0};
	long long lo = db_int(s, 0, "SELECT min(id) FROM journal");
	int k;

	for (k = 0; k < rounds; k++) {
		char *code = NULL;

		if (db_text(s, &e, &code, NULL, "SELECT code FROM journal_codes "
			    "WHERE line_id = ?", DB_INT(lo + (long long)(rnd() %
			    (unsigned long long)n))) != ST_OK || !code)
			die("a line's code", &e);
		t = now_s();
		if (journal_check_document(s, a, code, &chk, &e) != ST_OK)
			die("check-document", &e);
		ms = (now_s() - t) * 1000;
		journal_check_free(&chk);
		free(code);
		sum += ms;
		worst = ms > worst ? ms : worst;
	}
	printf("check-document of an issued code: mean %.3f ms, worst %.3f ms "
	       "(target < 5 ms)\n", sum / rounds, worst);
	sum = worst = 0;
	for (k = 0; k < rounds; k++) {
		char code[JOURNAL_CODE_SIZE], hex[CHAIN_HEX];

		snprintf(hex, sizeof hex, "%016llx%016llx%016llx%016llx",
			 rnd(), rnd(), rnd(), rnd());
		journal_check_code(hex, code);
		t = now_s();
		if (journal_check_document(s, a, code, &chk, &e) != ST_NOTFOUND)
			die("a code nobody issued", &e);
		ms = (now_s() - t) * 1000;
		sum += ms;
		worst = ms > worst ? ms : worst;
	}
	printf("check-document of a code nobody issued: mean %.3f ms, worst "
	       "%.3f ms (target < 5 ms)\n", sum / rounds, worst);
}

/* A database this program made, opened again for its look-ups: the
 * first office's reader in *a, the number of its journal lines in *n. */
static struct store *
open_again(const char *path, struct actor *a, long long *n)
{
	struct err e = {0};
	struct store *s;

	if (db_open(path, 0, &s, &e) != ST_OK)
		die("open", &e);
	memset(a, 0, sizeof *a);
	a->id = 1;
	a->office_id = 1;
	a->roles = ROLE_INSPECTOR | ROLE_OPERATOR | ROLE_AUDITOR;
	snprintf(a->login, sizeof a->login, "bench");
	*n = db_int(s, 0, "SELECT count(*) FROM journal WHERE office_id = 1");
	return s;
}

/* check-document on a database this program made, grown since (by
 * bench/lookup.sh): the codes of the first office's lines, as printed on
 * its documents, looked up among every line of the database. */
static int
lookup_again(const char *path)
{
	struct actor a;
	long long n;
	struct store *s = open_again(path, &a, &n);

	printf("check-document among %lld journal lines (%lld of them the "
	       "office's own)\n", (long long)db_int(s, 0, "SELECT count(*) "
	       "FROM journal"), n);
	check_documents(s, &a, 1000, n);
	db_close(s);
	return 0;
}

/* journal_bench lookups DB: the look-ups again on a database this program
 * made (or grew since: bench/journal_grow.sql). */
static int
lookups_again(const char *path)
{
	struct actor a;
	long long n;
	struct store *s = open_again(path, &a, &n);

	printf("look-ups among %lld journal lines\n", n);
	lookups(s, &a, 1000, n, by_docno, 1, "lookup by document number",
		"< 2 ms");
	lookups(s, &a, 200, n, by_surname, 0,
		"lookup by surname prefix (first 50)", "< 20 ms");
	lookups(s, &a, 100, n, last_page, 50, "last page (50 entries)",
		"< 10 ms");
	db_close(s);
	return 0;
}

int
main(int argc, char **argv)
{
	long long n = argc > 1 ? atoll(argv[1]) : 1000000;
	const char *tmp = getenv("TMPDIR");
	struct journal_verify v;
	struct actor a = {0};
	struct err e = {0};
	struct store *s;
	struct db_stmt *ins;
	char path[400];
	double t;

	if (argc == 3 && strcmp(argv[1], "verify") == 0)
		return verify_again(argv[2]);
	if (argc == 3 && strcmp(argv[1], "lookup") == 0)
		return lookup_again(argv[2]);
	if (argc == 3 && strcmp(argv[1], "lookups") == 0)
		return lookups_again(argv[2]);
	if (argc > 2)
		snprintf(path, sizeof path, "%s", argv[2]);
	else
		snprintf(path, sizeof path, "%s/okno-bench.db",
			 tmp && *tmp ? tmp : "/tmp");
	s = new_db(path, &a, &ins);
	printf("journal_bench: %lld lines, %s\n", n, path);
	fill(s, &a, ins, n);
	t = now_s();
	if (journal_verify(s, &a, 1, 0, &v, NULL, &e) != ST_OK)
		die("verify", &e);
	printf("verify: %lld lines in %.2f s (target < 5 s)\n", v.lines,
	       now_s() - t);
	lookups(s, &a, 1000, n, by_docno, 1, "lookup by document number",
		"< 2 ms");
	lookups(s, &a, 200, n, by_surname, 0,
		"lookup by surname prefix (first 50)", "< 20 ms");
	lookups(s, &a, 100, n, last_page, 50, "last page (50 entries)",
		"< 10 ms");
	check_documents(s, &a, 1000, n);
	db_close(s);
	return 0;
}
