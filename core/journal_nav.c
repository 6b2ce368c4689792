/* SPDX-License-Identifier: MIT */
/* Journal navigation by number (see journal_nav.h). */
#include "journal_nav.h"
#include "office.h"
#include "db.h"

enum status
journal_last_no(struct store *s, const struct actor *a, long long office_id,
		const char *book, int year, long long *no_out, struct err *e)
{
	struct db_stmt *st;
	int rc;

	*no_out = 0;
	if (!role_allows(a->roles, PERM_CASE_VIEW) &&
	    !role_allows(a->roles, PERM_JOURNAL))
		return actor_require(a, PERM_CASE_VIEW, e);
	st = db_prepare(s,
			   "SELECT COALESCE(MAX(j.no), 0) FROM journal j JOIN "
			   "offices o ON o.id = j.office_id WHERE j.office_id = "
			   "?1 AND j.book = ?2 AND j.year = ?3 AND (?4 = 0 OR "
			   "?4 = ?1) AND (?4 <> 0 OR "
			   REGION_REACH_SQL("o.id", "?5") ")",
			   e);
	if (!st)
		return e ? e->st : ST_STORAGE;
	db_bind_int64(st, 1, office_id);
	db_bind_text(st, 2, book);
	db_bind_int64(st, 3, year);
	db_bind_int64(st, 4, a->office_id);
	db_bind_int64(st, 5, a->region_id);
	rc = db_step(st, e);
	if (rc == DB_ROW)
		*no_out = db_col_int64(st, 0);
	db_finalize(st);
	return rc == DB_ROW ? ST_OK : store_error(s, e, "journal last");
}
