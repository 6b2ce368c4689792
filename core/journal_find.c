/* SPDX-License-Identifier: MIT */
/* Journal look-ups for the window: a surname in any script, a day's
 * closing. */
#include "journal_find.h"

#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "date.h"
#include "db.h"
#include "translit.h"
#include "util.h"

struct keyed {
	struct journal_line line;
	char *key;           /* folded Latin reading of the surname */
};

static int
by_name_then_no(const void *x, const void *y)
{
	const struct keyed *a = x, *b = y;
	int c = strcmp(a->key, b->key);

	if (c)
		return c;
	if ((c = strcmp(a->line.book, b->line.book)) != 0)
		return c;
	if (a->line.year != b->line.year)
		return a->line.year < b->line.year ? -1 : 1;
	return a->line.no < b->line.no ? -1 : a->line.no > b->line.no;
}

/* The surname an entry's line holds ("fields": {"surname": ...}). */
static char *
line_key(const struct journal_line *l)
{
	json_t *c = json_loads(l->content ? l->content : "{}", 0, NULL);
	const char *sur = json_string_value(
		json_object_get(json_object_get(c, "fields"), "surname"));
	char *k = translit_key(sur ? sur : "");

	json_decref(c);
	return k;
}

enum status
journal_find_surname(struct store *s, const struct actor *a,
		     long long office_id, const char *term, int limit,
		     struct journal_line **out, size_t *n, struct err *e)
{
	char *spell[3];
	struct journal_line *all = NULL;
	size_t nall = 0, cap = 0, i, k, j;
	enum status ret = ST_OK;

	*out = NULL;
	*n = 0;
	spell[0] = xstrdup(term ? term : "");
	str_trim(spell[0]);
	spell[1] = translit_to_latin(spell[0]);
	spell[2] = translit_to_cyrillic(spell[0]);
	for (i = 0; i < 3 && ret == ST_OK; i++) {
		struct journal_filter f;
		struct journal_line *v = NULL;
		size_t nv = 0;

		if (!*spell[i])
			continue;
		for (k = 0; k < i; k++)
			if (!strcmp(spell[k], spell[i]))
				break;
		if (k < i)          /* the same spelling again */
			continue;
		memset(&f, 0, sizeof f);
		f.surname = spell[i];
		f.limit = limit;
		ret = journal_list(s, a, office_id, &f, &v, &nv, e);
		for (k = 0; ret == ST_OK && k < nv; k++) {
			for (j = 0; j < nall && all[j].id != v[k].id; j++)
				;
			if (j < nall) {       /* found by another spelling */
				free(v[k].content);
				continue;
			}
			XGROW(all, nall, cap);
			all[nall++] = v[k];
		}
		if (ret != ST_OK)
			journal_lines_free(v, nv);
		else
			free(v);
	}
	for (i = 0; i < 3; i++)
		free(spell[i]);
	if (ret != ST_OK) {
		journal_lines_free(all, nall);
		return ret;
	}
	if (nall > 1) {
		struct keyed *kv = xcalloc(nall, sizeof *kv);

		for (i = 0; i < nall; i++) {
			kv[i].line = all[i];
			kv[i].key = line_key(&all[i]);
		}
		qsort(kv, nall, sizeof *kv, by_name_then_no);
		for (i = 0; i < nall; i++) {
			all[i] = kv[i].line;
			free(kv[i].key);
		}
		free(kv);
	}
	if (limit > 0 && nall > (size_t)limit) {
		for (i = (size_t)limit; i < nall; i++)
			free(all[i].content);
		nall = (size_t)limit;
	}
	*out = all;
	*n = nall;
	return ST_OK;
}

int
journal_day_closed(struct store *s, const struct actor *a, long long office_id,
		   const char *date, char *at, long long *seq, struct err *e)
{
	char day[DATE_SIZE];
	struct db_stmt *st;
	enum status ret;

	if (!role_allows(a->roles, PERM_JOURNAL) &&
	    actor_require(a, PERM_CASE_VIEW, e) != ST_OK)
		return -1;
	if (date && *date)
		snprintf(day, sizeof day, "%s", date);
	else
		date_format_iso(clock_today(), day);
	ret = db_one(s, &st, e, "SELECT at, seq FROM journal WHERE office_id = "
		     "? AND kind = 'day-close' AND json_extract(content, "
		     "'$.date') = ? ORDER BY seq DESC LIMIT 1",
		     DB_INT(office_id), DB_TEXT(day));
	if (ret == ST_NOTFOUND)
		return 0;
	if (ret != ST_OK)
		return -1;
	if (at)
		snprintf(at, STAMP_SIZE, "%s", db_col_text(st, 0));
	if (seq)
		*seq = db_col_int64(st, 1);
	db_finalize(st);
	return 1;
}
