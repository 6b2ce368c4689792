/* SPDX-License-Identifier: MIT */
/* Lists of named codes written once as X-macros of (name, code, ru): the
 * states of a case (STATE_LIST), its events, roles, permissions, printed
 * documents, queue states. From one list come the enum (CODES_NAME), the
 * table of codes stored in the database (CODES_CODE) and of Russian names
 * (CODES_RU), both indexed by the enum. */
#ifndef OKNO_CODES_H
#define OKNO_CODES_H

#define CODES_NAME(name, code, ru) name,
#define CODES_CODE(name, code, ru) code,
#define CODES_RU(name, code, ru) ru,

/* The index of code in v[0..n), or -1 (also for a NULL code). */
int codes_find(const char *const *v, int n, const char *code);
/* v[i], or "?" when i is outside 0..n-1. */
const char *codes_at(const char *const *v, int n, int i);

#endif
