/* SPDX-License-Identifier: MIT */
/* Administrator-changeable settings with ranges and an audit line. */
#include "settings.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "audit.h"
#include "util.h"

static const struct setting_def known[] = {
	{SET_IDLE_MINUTES, 0, 240, 10,
	 "блокировка экрана после простоя, минут (0 — не блокировать)"},
	{SET_IDLE_SECONDS, 0, 14400, -1,
	 "то же в секундах; если задано, важнее idle.minutes"},
	{SET_LOCK_ATTEMPTS, 1, 100, 5,
	 "неудачных попыток входа до блокировки учётной записи"},
	{SET_LOCK_MINUTES, 1, 1440, 15,
	 "на сколько минут блокируется учётная запись"},
};

const struct setting_def *
settings_known(size_t *n)
{
	*n = sizeof known / sizeof known[0];
	return known;
}

const struct setting_def *
settings_find(const char *key)
{
	size_t i;

	for (i = 0; key && i < sizeof known / sizeof known[0]; i++)
		if (strcmp(known[i].key, key) == 0)
			return &known[i];
	return NULL;
}

int
settings_value(struct store *s, const char *key, long *out)
{
	sqlite3_stmt *st = store_prepare(
		s, "SELECT value FROM settings WHERE key = ?", NULL);
	int found = 0;

	if (!st)
		return 0;
	store_bind_text(st, 1, key);
	if (sqlite3_step(st) == SQLITE_ROW) {
		*out = (long)sqlite3_column_int64(st, 0);
		found = 1;
	}
	sqlite3_finalize(st);
	return found;
}

long
settings_get(struct store *s, const char *key)
{
	const struct setting_def *d = settings_find(key);
	long v;

	if (settings_value(s, key, &v))
		return v;
	return d ? d->dflt : -1;
}

long
settings_idle_seconds(struct store *s)
{
	long secs = settings_get(s, SET_IDLE_SECONDS);

	return secs >= 0 ? secs : settings_get(s, SET_IDLE_MINUTES) * 60;
}

/* Write the value (inside the caller's transaction). */
static enum status
settings_set(struct store *s, const char *key, const char *value,
	     struct err *e)
{
	sqlite3_stmt *st = store_prepare(
		s, "INSERT INTO settings(key, value) VALUES (?, ?) "
		   "ON CONFLICT(key) DO UPDATE SET value = excluded.value", e);
	int rc;

	if (!st)
		return e ? e->st : ST_STORAGE;
	store_bind_text(st, 1, key);
	store_bind_text(st, 2, value);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? ST_OK : store_error(s, e, "settings");
}

enum status
settings_change(struct store *s, const struct actor *a, const char *key,
		const char *value, struct err *e)
{
	const struct setting_def *d = settings_find(key);
	sqlite3_stmt *st;
	enum status ret;
	char old[32] = "-", now[32] = "-", *obj, *det, *end;
	long v = 0, prev;

	if (!a || a->id <= 0)
		return err_set(e, ST_DENIED, "", "Требуется вход в систему");
	if (!role_allows(a->roles, PERM_ACCOUNTS) &&
	    (ret = actor_require(a, PERM_OFFICES, e)) != ST_OK)
		return ret;
	if (!d)
		return err_set(e, ST_INVALID, "key",
			       "Неизвестная настройка «%s»", key ? key : "");
	if (value) {
		errno = 0;
		v = strtol(value, &end, 10);
		if (errno || end == value || *end || v < d->min || v > d->max)
			return err_set(e, ST_INVALID, d->key,
				       "Значение %s должно быть целым числом "
				       "от %ld до %ld", d->key, d->min, d->max);
		snprintf(now, sizeof now, "%ld", v);
	}
	if ((ret = store_begin(s, e)) != ST_OK)
		return ret;
	if (settings_value(s, d->key, &prev))
		snprintf(old, sizeof old, "%ld", prev);
	if (value) {
		ret = settings_set(s, d->key, now, e);
	} else {
		st = store_prepare(s, "DELETE FROM settings WHERE key = ?", e);
		if (!st) {
			ret = e ? e->st : ST_STORAGE;
			goto fail;
		}
		store_bind_text(st, 1, d->key);
		ret = sqlite3_step(st) == SQLITE_DONE
		    ? ST_OK : store_error(s, e, "settings");
		sqlite3_finalize(st);
	}
	if (ret != ST_OK)
		goto fail;
	obj = xasprintf("setting:%s", d->key);
	det = xasprintf("%s -> %s", old, now);
	ret = audit_log(s, a, "settings.set", obj, det, e);
	free(obj);
	free(det);
	if (ret != ST_OK)
		goto fail;
	return store_commit(s, e);
fail:
	store_rollback(s);
	return ret;
}
