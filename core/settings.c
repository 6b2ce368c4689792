/* SPDX-License-Identifier: MIT */
/* Administrator-changeable settings with ranges and an audit line. */
#include "settings.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "audit.h"
#include "db.h"
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
	{SET_WORKDAY_END, 12, 24, 18,
	 "час окончания рабочего дня: поданное на портале позже или в выходной считается поданным в следующий рабочий день"},
	{SET_CALENDAR_YEAR, 2014, 9999, -1,
	 "последний год, дни отдыха которого (Курбан айт, переносы Правительства) внесены и подтверждены; сроки в следующих годах предварительные (по умолчанию — последний встроенный год)"},
	/* Values of the rules (forms/rules) where the law is not known;
	 * the rule states its default. */
	{"rules.registration.working_days", 0, 1, -1,
	 "срок регистрации после въезда считать в рабочих днях (1) или в календарных (0, по умолчанию)"},
	{"rules.pass.max_days", 1, 3660, -1,
	 "наибольший срок действия пропуска в пограничную зону, дней (по умолчанию 365)"},
	{"rules.invitation.max_ahead_days", 1, 3660, -1,
	 "до 2017 года: за сколько дней до въезда можно подать заявление на приглашение (по умолчанию 365)"},
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
	struct db_stmt *st;

	if (db_one(s, &st, NULL, "SELECT value FROM settings WHERE key = ?",
		   DB_TEXT(key)) != ST_OK)
		return 0;
	*out = (long)db_col_int64(st, 0);
	db_finalize(st);
	return 1;
}

struct show {
	const struct actor *a;
	long *value;
	int *set;
	size_t n;
};

static enum status
show_tx(struct store *s, void *arg, struct err *e)
{
	struct show *sh = arg;
	size_t i;

	for (i = 0; i < sh->n && i < sizeof known / sizeof known[0]; i++) {
		sh->set[i] = settings_value(s, known[i].key, &sh->value[i]);
		if (!sh->set[i])
			sh->value[i] = known[i].dflt;
	}
	return audit_log(s, sh->a, "settings.view", "", "", e);
}

enum status
settings_show(struct store *s, const struct actor *a, long *value, int *set,
	      size_t n, struct err *e)
{
	struct show sh = {a, value, set, n};

	if (!a || a->id <= 0)
		return err_set(e, ST_DENIED, "", "Требуется вход в систему");
	if (!role_allows(a->roles, PERM_ACCOUNTS) &&
	    !role_allows(a->roles, PERM_OFFICES) &&
	    !role_allows(a->roles, PERM_AUDIT))
		return err_set(e, ST_DENIED, "",
			       "Учётной записи %s не разрешено: настройки видят администратор и аудитор", a->login);
	return db_transact(s, DB_WRITE, show_tx, &sh, e);
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

struct change {
	const struct actor *a;
	const struct setting_def *d;
	const char *value; /* normalised, NULL: back to the default */
};

static enum status
change_tx(struct store *s, void *arg, struct err *e)
{
	struct change *c = arg;
	char old[32] = "-", *obj, *det;
	enum status ret;
	long prev;

	if (settings_value(s, c->d->key, &prev))
		snprintf(old, sizeof old, "%ld", prev);
	if (c->value)
		ret = db_exec(s, e, "INSERT INTO settings(key, value) VALUES "
			      "(?, ?) ON CONFLICT(key) DO UPDATE SET value = "
			      "excluded.value", DB_TEXT(c->d->key),
			      DB_TEXT(c->value));
	else
		ret = db_exec(s, e, "DELETE FROM settings WHERE key = ?",
			      DB_TEXT(c->d->key));
	if (ret != ST_OK)
		return ret;
	obj = xasprintf("setting:%s", c->d->key);
	det = xasprintf("%s -> %s", old, c->value ? c->value : "-");
	ret = audit_log(s, c->a, "settings.set", obj, det, e);
	free(obj);
	free(det);
	return ret;
}

enum status
settings_change(struct store *s, const struct actor *a, const char *key,
		const char *value, struct err *e)
{
	const struct setting_def *d = settings_find(key);
	struct change c = {a, d, NULL};
	enum status ret;
	char now[32], *end;
	long v = 0;

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
				       "Значение %s должно быть целым числом от %ld до %ld", d->key, d->min, d->max);
		snprintf(now, sizeof now, "%ld", v);
		c.value = now;
	}
	return db_transact(s, DB_WRITE, change_tx, &c, e);
}
