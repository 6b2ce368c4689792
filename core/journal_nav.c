/* SPDX-License-Identifier: MIT */
/* Journal navigation by number (see journal_nav.h). */
#include "journal_nav.h"

enum status
journal_last_no(struct store *s, const struct actor *a, long long office_id,
		const char *book, int year, long long *no_out, struct err *e)
{
	sqlite3_stmt *st;
	int rc;

	*no_out = 0;
	if (!role_allows(a->roles, PERM_CASE_VIEW) &&
	    !role_allows(a->roles, PERM_JOURNAL))
		return actor_require(a, PERM_CASE_VIEW, e);
	st = store_prepare(s,
			   "SELECT COALESCE(MAX(j.no), 0) FROM journal j JOIN "
			   "offices o ON o.id = j.office_id WHERE j.office_id = "
			   "?1 AND j.book = ?2 AND j.year = ?3 AND (?4 = 0 OR "
			   "?4 = ?1) AND (?4 <> 0 OR o.region_id = ?5)",
			   e);
	if (!st)
		return e ? e->st : ST_STORAGE;
	sqlite3_bind_int64(st, 1, office_id);
	store_bind_text(st, 2, book);
	sqlite3_bind_int(st, 3, year);
	sqlite3_bind_int64(st, 4, a->office_id);
	sqlite3_bind_int64(st, 5, a->region_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*no_out = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? ST_OK : store_error(s, e, "journal last");
}
