/* SPDX-License-Identifier: MIT */
/* Journal navigation by number (see journal_nav.h). */
#include "journal_nav.h"
#include "office.h"
#include "db.h"

enum status
journal_last_no(struct store *s, const struct actor *a, long long office_id,
		const char *book, int year, long long *no_out, struct err *e)
{
	int64_t no = 0;
	enum status ret;

	*no_out = 0;
	if (!role_allows(a->roles, PERM_CASE_VIEW) &&
	    !role_allows(a->roles, PERM_JOURNAL))
		return actor_require(a, PERM_CASE_VIEW, e);
	ret = db_int64(s, e, &no, 0, "SELECT COALESCE(MAX(j.no), 0) FROM "
		       "journal j JOIN offices o ON o.id = j.office_id WHERE "
		       "j.office_id = ?1 AND j.book = ?2 AND j.year = ?3 AND "
		       "(?4 = 0 OR ?4 = ?1) AND (?4 <> 0 OR "
		       REGION_REACH_SQL("o.id", "?5") ")", DB_INT(office_id),
		       DB_TEXT(book), DB_INT(year), DB_INT(a->office_id),
		       DB_INT(a->region_id));
	*no_out = no;
	return ret;
}
