/* SPDX-License-Identifier: MIT */
/* The role-permission matrix. */
#include "role.h"

#include <stdio.h>
#include <string.h>

#define I ROLE_INSPECTOR
#define R ROLE_RECORDS
#define C ROLE_CHIEF
#define O ROLE_OPERATOR
#define A ROLE_AUDITOR
#define D ROLE_ADMIN
#define H ROLE_REGION_HEAD

/* Which roles grant each permission, from the role descriptions of issue 7:
 * the inspector takes documents in and hands results out; the records
 * officer checks the special records (and loads them); the chief decides,
 * and signs off corrections of accepted cases and reprints (four eyes: on
 * the inspector's terminal through account_cosign); the journal operator
 * keeps the journal, its books and blanks, prints and makes reports; the
 * auditor reads everything, the audit log included, and changes nothing;
 * the administrator manages accounts, offices, windows and the calendar,
 * takes no case decision and reads no case. A backup copies everything:
 * the administrator's or the journal operator's (installed setgid the
 * copies stay in okno's own folder). The head of the regional unit's
 * migration police (an account of the region) decides and signs passes
 * and invitations (para. 4 of their reglaments); the office chief
 * prepares them. Reading permissions (case.view,
 * report) go to every role whose work needs them. tests/unit/test_roles.c
 * walks the whole matrix against the real core calls. */
static const unsigned matrix[PERM__COUNT] = {
	[PERM_CASE_VIEW]     = I | R | C | O | A | H,
	[PERM_CASE_INTAKE]   = I,
	[PERM_RECORDS_CHECK] = R,
	[PERM_DECIDE]        = C,
	[PERM_HAND_OUT]      = I,
	[PERM_CORRECT]       = C,
	[PERM_BERKUT]        = I | O,
	[PERM_PRINT]         = I | C | O,
	[PERM_REPRINT]       = C,
	[PERM_JOURNAL]       = O,
	[PERM_REPORT]        = O | C | A | H,
	[PERM_AUDIT]         = A,
	[PERM_ACCOUNTS]      = D,
	[PERM_OFFICES]       = D,
	[PERM_CALENDAR]      = D,
	[PERM_QUEUE]         = I | O,
	[PERM_RECORDS_ADMIN] = R,
	[PERM_EXCHANGE]      = O | I,
	[PERM_BACKUP]        = D | O,
	[PERM_SIGN]          = H,
};

static const char *const role_codes[] = {ROLE_LIST(CODES_CODE)};
static const char *const role_ru[] = {ROLE_LIST(CODES_RU)};
static const char *const perm_codes[] = {PERM_LIST(CODES_CODE)};
static const char *const perm_rus[] = {PERM_LIST(CODES_RU)};

int
role_allows(unsigned roles, enum perm p)
{
	if ((unsigned)p >= PERM__COUNT)
		return 0;
	return (roles & matrix[p]) != 0;
}

int
perm_regional(enum perm p)
{
	return p == PERM_SIGN;
}

enum status
role_tier_check(unsigned roles, int regional, struct err *e)
{
	int i;

	for (i = 0; i < ROLE__COUNT; i++) {
		unsigned bit = 1u << i;

		if (!(roles & bit) || !(bit & ROLES_REGIONAL) || regional)
			continue;
		return err_set(e, ST_INVALID, "role",
			       "Роль «%s» — роль регионального подразделения (УМП ДВД): учётная запись принадлежит региону (укажите --region)", role_codes[i]);
	}
	return ST_OK;
}

enum status
actor_require(const struct actor *a, enum perm p, struct err *e)
{
	if (!a || a->id <= 0)
		return err_set(e, ST_DENIED, "",
			       "Действие «%s» требует входа в систему",
			       perm_ru(p));
	if (!role_allows(a->roles, p))
		return err_set(e, ST_DENIED, "",
			       "Учётной записи %s не разрешено: %s", a->login,
			       perm_ru(p));
	if (perm_regional(p) && a->office_id)
		return err_set(e, ST_DENIED, "",
			       "%s — акт регионального подразделения (УМП ДВД): учётная запись %s принадлежит подразделению",
			       perm_ru(p), a->login);
	return ST_OK;
}

enum status
role_parse(const char *list, unsigned *out, struct err *e)
{
	char buf[256], *tok, *save = NULL;
	unsigned mask = 0;
	int i;

	snprintf(buf, sizeof buf, "%s", list ? list : "");
	for (tok = strtok_r(buf, ", ", &save); tok;
	     tok = strtok_r(NULL, ", ", &save)) {
		for (i = 0; i < ROLE__COUNT; i++)
			if (strcmp(tok, role_codes[i]) == 0)
				break;
		if (i == ROLE__COUNT)
			return err_set(e, ST_INVALID, "role",
				       "Роль: неизвестная роль «%s» (допустимо: inspector, records, chief, operator, auditor, admin, region_head)", tok);
		mask |= 1u << i;
	}
	if (!mask)
		return err_set(e, ST_INVALID, "role", "Роль: не указана");
	*out = mask;
	return ST_OK;
}

static void
format_with(unsigned roles, char *buf, size_t n, const char *const *names,
	    const char *sep)
{
	size_t used = 0;
	int i;

	if (n)
		buf[0] = '\0';
	for (i = 0; i < ROLE__COUNT; i++) {
		if (!(roles & (1u << i)))
			continue;
		used += (size_t)snprintf(buf + used, used < n ? n - used : 0,
					 "%s%s", used ? sep : "", names[i]);
	}
}

void
role_format(unsigned roles, char *buf, size_t n)
{
	format_with(roles, buf, n, role_codes, ",");
}

void
role_format_ru(unsigned roles, char *buf, size_t n)
{
	format_with(roles, buf, n, role_ru, ", ");
}

const char *
role_code(enum role_bit b)
{
	return codes_at(role_codes, ROLE__COUNT, (int)b);
}

const char *
role_ru_name(enum role_bit b)
{
	return codes_at(role_ru, ROLE__COUNT, (int)b);
}

const char *
perm_code(enum perm p)
{
	return codes_at(perm_codes, PERM__COUNT, (int)p);
}

const char *
perm_ru(enum perm p)
{
	return codes_at(perm_rus, PERM__COUNT, (int)p);
}
