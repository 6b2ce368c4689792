/* SPDX-License-Identifier: MIT */
/* Regions, offices (district/city units) and their numbered windows. */
#ifndef OKNO_OFFICE_H
#define OKNO_OFFICE_H

#include <stddef.h>

#include "role.h"
#include "status.h"
#include "store.h"

struct office_info {
	long long id;
	char code[32];
	char name[256];
	char address[256];
	char region_code[32];
	char region_name[256];
};

/* A regional unit (УМП ДВД): its code is unique nationally (the national
 * database gathers every region's offices under their codes). */
struct region_info {
	long long id;
	char code[32];
	char name[256];
	int offices;
	int ministry; /* the ministry's level (ДМП МВД): the national view */
};

/* SQL: the office with id OFFICE lies within the reach of the account of
 * the region with id REGION: an office of that region, or any office when
 * the region is the ministry's level (the national database's own unit).
 * Both are SQL expressions (a column, a parameter). */
#define REGION_REACH_SQL(OFFICE, REGION)                                 \
	"EXISTS (SELECT 1 FROM offices ro JOIN regions rr ON rr.id = "    \
	REGION " WHERE ro.id = " OFFICE " AND (ro.region_id = rr.id OR "  \
	"rr.level = 'ministry'))"
/* 1 when an account of region region_id reaches office_id (above). */
int region_reaches(struct store *s, long long region_id, long long office_id);

struct window_info {
	int number;
	char login[ACTOR_LOGIN_MAX];     /* "" when nobody is seated */
	char full_name[ACTOR_NAME_MAX];
	char position[ACTOR_NAME_MAX];
	char printer[128];
};

/* Create the region (when new) and the office. region names the region by
 * its code or its name; a name not known yet makes a new region with a
 * code of its own (R1, R2...). a may be NULL only while the database
 * holds no office (init); otherwise PERM_OFFICES. */
MUST_CHECK enum status office_create(struct store *s, const struct actor *a,
			  const char *code, const char *name,
			  const char *address, const char *region_name,
			  struct err *e);
MUST_CHECK enum status office_get(struct store *s, const char *code,
		       struct office_info *out, struct err *e);
MUST_CHECK enum status office_get_id(struct store *s, long long id,
			  struct office_info *out, struct err *e);
/* The only office when the database holds exactly one (CLI default). */
MUST_CHECK enum status office_default(struct store *s, struct office_info *out,
			   struct err *e);

/* Every office, by code. The caller frees *out. */
MUST_CHECK enum status office_list(struct store *s, struct office_info **out, size_t *n,
			struct err *e);

/* Add a regional unit under the code it has nationally (PERM_OFFICES; a
 * NULL actor only while the database holds no office, for init). ministry:
 * the ministry's level, whose accounts reach every office (the national
 * database). */
MUST_CHECK enum status region_add(struct store *s, const struct actor *a,
				  const char *code, const char *name,
				  int ministry, struct err *e);
/* The ids of the regional database's rows (PostgreSQL only), for a
 * national database that gathers every region by logical replication: from
 * now on every table's ids start at range x 10^12 (range 1..9000), so that
 * regions given distinct ranges never clash there. Run by init before the
 * first row; ST_INVALID on SQLite or outside 1..9000. */
#define REGION_ID_RANGE 1000000000000LL
MUST_CHECK enum status region_id_range(struct store *s, long long range,
				       struct err *e);
/* Every region with its number of offices, by code. The caller frees *out. */
MUST_CHECK enum status region_list(struct store *s, struct region_info **out,
				   size_t *n, struct err *e);
/* The unit an account acts for: its office's name, or its region's for an
 * account of a region ("" when neither is found). */
void actor_unit_name(struct store *s, const struct actor *a, char *out,
		     size_t n);

/* Seat an account at a window (PERM_OFFICES); login NULL frees it. */
MUST_CHECK enum status window_set(struct store *s, const struct actor *a,
		       const char *office_code, int number, const char *login,
		       struct err *e);
/* Remember a window's printer choice ("file:PATH", "lp:DEST", "terminal"). */
MUST_CHECK enum status window_set_printer(struct store *s, const struct actor *a,
			       long long office_id, int number,
			       const char *printer, struct err *e);
MUST_CHECK enum status window_list(struct store *s, long long office_id,
			struct window_info **out, size_t *n, struct err *e);
/* The window an account is seated at (0 when none). */
int window_of(struct store *s, long long account_id);

#endif
