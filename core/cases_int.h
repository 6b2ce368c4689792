/* SPDX-License-Identifier: MIT */
/* Inside the cases module, what its files share; nothing outside
 * core/cases.c and core/case_list.c includes this. The files' jobs:
 *   cases.c      creating a case, its workflow events, corrections
 *   case_list.c  reading: a case's history, the lists of cases */
#ifndef OKNO_CASES_INT_H
#define OKNO_CASES_INT_H

#include "cases.h"

/* Is the case's office within the actor's reach? ST_NOTFOUND when not, as
 * for a case that does not exist (cases.c has the why). */
MUST_CHECK enum status case_scope_check(struct store *s,
					const struct actor *a,
					long long office_id, long long case_id,
					struct err *e);


#endif
