/* SPDX-License-Identifier: MIT */
/* Settings an administrator may change (idle lock, login lockout): the
 * one table of their keys, ranges and defaults; changed through core with
 * an audit line. Values live in the settings table; readers take them
 * with settings_get, which falls back on the table's default. */
#ifndef OKNO_SETTINGS_H
#define OKNO_SETTINGS_H

#include <stddef.h>

#include "role.h"
#include "status.h"
#include "store.h"

#define SET_IDLE_MINUTES  "idle.minutes"     /* 0 turns the lock off */
#define SET_IDLE_SECONDS  "idle.seconds"     /* finer, wins when set */
#define SET_LOCK_ATTEMPTS "lockout.attempts"
#define SET_LOCK_MINUTES  "lockout.minutes"
/* The hour the office's working day ends: a portal application submitted
 * at or after it, or on a day off, has its term run from the next working
 * day (case_check.h). */
#define SET_WORKDAY_END   "workday.end_hour"
/* The last year whose days off the admin has confirmed (its Kurban Ait
 * and the Government's transfers entered); unset: the last year built in
 * (calendar.h). Due dates in a later year are provisional. */
#define SET_CALENDAR_YEAR "calendar.confirmed_year"

struct setting_def {
	const char *key;
	long min, max, dflt;   /* dflt -1: unset unless given */
	const char *about_ru;
};

/* The known settings, in display order; *n gets their number. */
const struct setting_def *settings_known(size_t *n);
const struct setting_def *settings_find(const char *key);

/* Set a known setting to an integer within its range (PERM_ACCOUNTS or
 * PERM_OFFICES, i.e. the administrator), in one transaction with the
 * audit line "settings.set" (setting:KEY, "OLD -> NEW"). value NULL
 * removes it (back to the default). ST_INVALID names the key for an
 * unknown key or a value out of range. */
MUST_CHECK enum status settings_change(struct store *s, const struct actor *a,
			    const char *key, const char *value,
			    struct err *e);

/* The settings as the administrator or the auditor sees them (a login;
 * PERM_ACCOUNTS, PERM_OFFICES or PERM_AUDIT), read in one transaction
 * with the audit line "settings.view": for settings_known()[i] (i < n),
 * value[i], and set[i] 1 when set, 0 when the default applies. */
MUST_CHECK enum status settings_show(struct store *s, const struct actor *a,
			  long *value, int *set, size_t n, struct err *e);

/* The current value of a known setting: 1 and *out when set, 0 when
 * the default applies. */
int settings_value(struct store *s, const char *key, long *out);
/* The value of a known setting, else its default (-1 for none). */
long settings_get(struct store *s, const char *key);
/* The kiosk's idle lock in seconds, 0 for none: idle.seconds when set,
 * else idle.minutes. */
long settings_idle_seconds(struct store *s);

#endif
