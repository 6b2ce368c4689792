/* SPDX-License-Identifier: MIT */
/* Roles, permissions and the acting account. Every core call that reads
 * personal data or changes state takes a struct actor and checks it here,
 * so the CLI and the kiosk refuse exactly the same things. */
#ifndef OKNO_ROLE_H
#define OKNO_ROLE_H

#include "codes.h"
#include "status.h"

#define ROLE_LIST(X)                                                   \
	X(ROLE_INSPECTOR, "inspector", "инспектор")                    \
	X(ROLE_RECORDS,   "records",   "сотрудник спецучетов")         \
	X(ROLE_CHIEF,     "chief",     "начальник подразделения")      \
	X(ROLE_OPERATOR,  "operator",  "оператор журнала")             \
	X(ROLE_AUDITOR,   "auditor",   "аудитор")                      \
	X(ROLE_ADMIN,     "admin",     "администратор")                \
	X(ROLE_REGION_HEAD, "region_head",                              \
	  "начальник подразделения миграционной полиции ДВД")

enum role_bit {
#define X(name, code, ru) name##_BIT,
	ROLE_LIST(X)
#undef X
	ROLE__COUNT
};

enum role {
#define X(name, code, ru) name = 1u << name##_BIT,
	ROLE_LIST(X)
#undef X
};

/* What an account may do. The matrix lives in role.c. */
#define PERM_LIST(X)                                                     \
	X(PERM_CASE_VIEW,      "case.view",      "просмотр дел")           \
	X(PERM_CASE_INTAKE,    "case.intake",    "приём документов")       \
	X(PERM_RECORDS_CHECK,  "case.check",     "проверка по спецучетам") \
	X(PERM_DECIDE,         "case.decide",    "решение по делу")        \
	X(PERM_HAND_OUT,       "case.handout",   "выдача результата")      \
	X(PERM_CORRECT,        "case.correct",   "исправление записи")     \
	X(PERM_BERKUT,         "case.berkut",    "передача в «Беркут»")    \
	X(PERM_PRINT,          "print",          "печать документов")      \
	X(PERM_REPRINT,        "reprint",        "повторная печать")       \
	X(PERM_JOURNAL,        "journal",        "ведение журнала")        \
	X(PERM_REPORT,         "report",         "отчёты")                 \
	X(PERM_AUDIT,          "audit",          "журнал аудита")          \
	X(PERM_ACCOUNTS,       "accounts",       "учётные записи")         \
	X(PERM_OFFICES,        "offices",        "подразделения и окна")   \
	X(PERM_CALENDAR,       "calendar",       "производственный календарь") \
	X(PERM_QUEUE,          "queue",          "электронная очередь")    \
	X(PERM_RECORDS_ADMIN,  "records.import", "загрузка спецучетов")    \
	X(PERM_EXCHANGE,       "exchange",       "обмен с порталом и «Беркут»") \
	X(PERM_BACKUP,         "backup",         "резервное копирование") \
	X(PERM_SIGN,           "case.sign",      "решение и подпись пропусков и приглашений")

enum perm {
	PERM_LIST(CODES_NAME)
	PERM__COUNT
};

#define ACTOR_LOGIN_MAX 64
/* A name or position holds up to ACTOR_NAME_LETTERS letters (code
 * points, what the checks count); its buffer has room for them at up to
 * four UTF-8 bytes each. */
#define ACTOR_NAME_LETTERS 150
#define ACTOR_NAME_MAX (ACTOR_NAME_LETTERS * 4 + 1)
#define ACTOR_ORIGIN_MAX 64

/* The account on whose behalf core acts. id 0 means "the system" (used only
 * by init and migrations, never by a person). */
struct actor {
	long long id;
	char login[ACTOR_LOGIN_MAX];
	char full_name[ACTOR_NAME_MAX];
	char position[ACTOR_NAME_MAX];
	unsigned roles;
	long long office_id;      /* 0 when the account belongs to a region */
	long long region_id;
	char origin[ACTOR_ORIGIN_MAX]; /* SSH client address, "tty", "cli" */
};

/* Roles held by an account of a region (УМП ДВД), not of an office. */
#define ROLES_REGIONAL ROLE_REGION_HEAD

/* 1 when one of the actor's roles grants p. */
int role_allows(unsigned roles, enum perm p);
/* 1 when p is exercised only by an account of a region (the regional
 * unit's acts: the signature of passes and invitations). */
int perm_regional(enum perm p);
/* ST_OK when the roles fit where the account belongs: a regional role
 * only on an account of a region (no office), ST_INVALID naming it. An
 * account of a region may also hold office roles (it reads, reports,
 * audits across the region's offices). */
MUST_CHECK enum status role_tier_check(unsigned roles, int regional, struct err *e);
/* ST_OK, or ST_DENIED with a Russian message naming what was refused. */
MUST_CHECK enum status actor_require(const struct actor *a, enum perm p, struct err *e);

/* "inspector,chief" <-> bit mask. Parsing returns ST_INVALID naming the
 * unknown role. */
MUST_CHECK enum status role_parse(const char *list, unsigned *out, struct err *e);
/* Writes the comma-separated English codes into buf. */
void role_format(unsigned roles, char *buf, size_t n);
/* Russian names, comma-separated. */
void role_format_ru(unsigned roles, char *buf, size_t n);
const char *role_code(enum role_bit b);
/* Russian name of one role ("инспектор"). */
const char *role_ru_name(enum role_bit b);
const char *perm_code(enum perm p);
const char *perm_ru(enum perm p);

#endif
