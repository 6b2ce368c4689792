/* SPDX-License-Identifier: MIT */
/* Benchmark of the special-records check (issue 9): a database of N
 * records (default 1,000,000) with realistic name collisions, then checks
 * of persons (exact, misspelled in Latin, swapped, by document number)
 * timed one by one. Target: every check under 50 ms.
 * Usage: build/bench/records_bench [N] [DB] [CHECKS] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "records.h"
#include "db_sqlite.h"
#include "translit.h"
#include "util.h"

static const char *surnames[] = {
	"Ахмедов", "Иванов", "Петров", "Смирнов", "Нурсултанов", "Ким",
	"Ли", "Каримов", "Юсупов", "Абдуллаев", "Садыков", "Жумабаев",
	"Оспанов", "Сериков", "Токаев", "Алиев", "Рахимов", "Хасанов",
	"Мирзоев", "Шевченко", "Ковальчук", "Щербаков", "Цой", "Пак",
	"Назарбаев", "Исмаилов", "Турсунов", "Усманов", "Ибрагимов",
	"Кузнецов", "Попов", "Васильев", "Соколов", "Михайлов", "Новиков",
	"Федоров", "Морозов", "Волков", "Алексеев", "Лебедев",
};
static const char *given[] = {
	"Рустам", "Сергей", "Айгерим", "Ерлан", "Анна", "Жанна", "Тимур",
	"Дильшод", "Фаррух", "Бахтиёр", "Ольга", "Мария", "Юлия", "Андрей",
	"Нурлан", "Асель", "Дамир", "Алишер", "Бекзат", "Гульнара",
};
static const char *suffix[] = {"", "а", "ов", "ин", "ев", "ский", "енко",
			       "бек", "улы", "жан"};

static double
now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int
cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void
person(long i, char *sur, size_t ns, const char **g, char *birth,
       char *doc)
{
	unsigned long h = (unsigned long)i * 2654435761u;

	snprintf(sur, ns, "%s%s",
		 surnames[h % (sizeof surnames / sizeof *surnames)],
		 suffix[(h >> 8) % (sizeof suffix / sizeof *suffix)]);
	*g = given[(h >> 12) % (sizeof given / sizeof *given)];
	snprintf(birth, 11, "%04lu-%02lu-%02lu", 1940 + (h >> 16) % 66,
		 1 + (h >> 4) % 12, 1 + (h >> 20) % 28);
	snprintf(doc, 16, "N%08ld", i % 100000000);
}

/* The n generated records, loaded unless the database has them. */
static int
load(struct store *s, long n)
{
	struct err e = {0};
	sqlite3_stmt *st;
	double t0;
	long have = 0, i;

	st = store_prepare(s, "SELECT count(*) FROM records", &e);
	if (st && sqlite3_step(st) == SQLITE_ROW)
		have = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (have == n)
		return 0;
	t0 = now_ms();
	if (store_exec(s, "DELETE FROM records", &e) != ST_OK ||
	    store_begin(s, &e) != ST_OK) {
		fprintf(stderr, "records_bench: %s\n", e.msg);
		return 1;
	}
	st = store_prepare(s, "INSERT INTO records(kind, surname, given_names, birth_date, citizenship, doc_number, source, imported_at, surname_key, given_key) VALUES (?1, ?2, ?3, ?4, 'UZB', ?5, 'bench', '2026-01-01T00:00:00', ?6, ?7)", &e);
	for (i = 0; i < n; i++) {
		char sur[64], birth[11], doc[16], *sk, *gk;
		const char *g;

		person(i, sur, sizeof sur, &g, birth, doc);
		sk = translit_key(sur);
		gk = translit_key_first(g);
		sqlite3_reset(st);
		store_bind_text(st, 1, i % 3 == 0 ? "entry_ban"
				       : i % 3 == 1 ? "wanted" : "violation");
		store_bind_text(st, 2, sur);
		store_bind_text(st, 3, g);
		store_bind_text(st, 4, birth);
		store_bind_text(st, 5, doc);
		store_bind_text(st, 6, sk);
		store_bind_text(st, 7, gk);
		free(sk);
		free(gk);
		if (sqlite3_step(st) != SQLITE_DONE) {
			fprintf(stderr, "insert: %s\n", sqlite3_errmsg(s->db));
			return 1;
		}
	}
	sqlite3_finalize(st);
	if (store_commit(s, &e) != ST_OK) {
		fprintf(stderr, "records_bench: %s\n", e.msg);
		return 1;
	}
	printf("records_bench: %ld records loaded in %.1f s\n", n,
	       (now_ms() - t0) / 1e3);
	return 0;
}

/* Check k asks for person who one of four ways: the passport's Latin
 * spelling, two letters transposed, names swapped, the document number
 * under other names. lat_s and lat_g are the person's Latin names. */
static void
query_of(int k, const char *birth, const char *doc, char *lat_s,
	 char *lat_g, struct records_query *q)
{
	memset(q, 0, sizeof *q);
	switch (k % 4) {
	case 0:
		q->surname = lat_s; q->given_names = lat_g;
		q->birth_date = birth;
		break;
	case 1:
		if (strlen(lat_s) >= 6) {
			size_t h = strlen(lat_s) / 2;
			char x = lat_s[h];

			lat_s[h] = lat_s[h + 1];
			lat_s[h + 1] = x;
		}
		q->surname = lat_s; q->given_names = lat_g;
		q->birth_date = birth;
		break;
	case 2:
		q->surname = lat_g; q->given_names = lat_s;
		q->birth_date = birth;
		break;
	default:
		q->surname = "ZZZ"; q->given_names = "Q";
		q->doc_number = doc;
		q->birth_date = "2001-01-01";
		break;
	}
}

struct tally {
	double *t, worst;
	size_t total;
	int misses, miss_kind[4];
};

/* Check k: its time into x->t[k]; 1 on an error. */
static int
check_one(const struct records_source *src, long n, int k, struct tally *x)
{
	long who = (long)(((unsigned long)k * 7919u) % (unsigned long)n);
	char sur[64], birth[11], doc[16], *lat_s, *lat_g;
	struct records_query q;
	struct records_cand *c;
	struct err e = {0};
	const char *g;
	size_t m, j;
	int found = 0;
	double t0;

	person(who, sur, sizeof sur, &g, birth, doc);
	lat_s = translit_to_latin(sur);
	lat_g = translit_to_latin(g);
	query_of(k, birth, doc, lat_s, lat_g, &q);
	t0 = now_ms();
	if (records_match(src, &q, &c, &m, &e) != ST_OK) {
		fprintf(stderr, "match: %s\n", e.msg);
		return 1;
	}
	x->t[k] = now_ms() - t0;
	if (x->t[k] > x->worst)
		x->worst = x->t[k];
	for (j = 0; j < m; j++)
		if (strcmp(c[j].rec.doc_number, doc) == 0)
			found = 1;
	if (!found) {
		x->misses++;
		x->miss_kind[k % 4]++;
	}
	x->total += m;
	records_cands_free(c, m);
	free(lat_s);
	free(lat_g);
	return 0;
}

int
main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 1000000;
	const char *path = argc > 2 ? argv[2] : "build/bench/records.db";
	int checks = argc > 3 ? atoi(argv[3]) : 2000;
	struct records_source src;
	struct tally x = {0};
	struct err e = {0};
	struct store *s;
	int k;

	if (store_open(path, STORE_CREATE | STORE_TRAINING, &s, &e) != ST_OK) {
		fprintf(stderr, "records_bench: %s\n", e.msg);
		return 1;
	}
	if (load(s, n))
		return 1;
	records_local_source(s, &src);
	x.t = xcalloc((size_t)checks, sizeof *x.t);
	for (k = 0; k < checks; k++)
		if (check_one(&src, n, k, &x))
			return 1;
	qsort(x.t, (size_t)checks, sizeof *x.t, cmp_d);
	printf("records_bench: %ld records, %d checks (exact, misspelled, swapped, document): median %.2f ms, p99 %.2f ms, max %.2f ms (target < 50 ms); %.1f candidates per check; person missed in %d checks\n",
	       n, checks, x.t[checks / 2], x.t[checks * 99 / 100], x.worst,
	       (double)x.total / checks, x.misses);
	if (x.misses)
		printf("records_bench: missed: exact %d, misspelled %d, swapped %d, document %d\n",
		       x.miss_kind[0], x.miss_kind[1], x.miss_kind[2],
		       x.miss_kind[3]);
	free(x.t);
	store_close(s);
	/* A transposition can push a short name under the similarity
	 * threshold (reported above as recall); the others must never miss. */
	return x.worst < 50 && x.misses == x.miss_kind[1] ? 0 : 1;
}
