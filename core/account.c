/* SPDX-License-Identifier: MIT */
/* Accounts, passwords (yescrypt via libcrypt) and lockout. */
#include "account.h"
#include "settings.h"
#include "audit.h"
#include "clock.h"
#include "util.h"
#include "validate.h"

#include <crypt.h>
#include <stdlib.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define ACCOUNT_COLS                                                        \
	"a.id, a.login, a.full_name, a.position, a.roles, "                 \
	"COALESCE(o.code, ''), COALESCE(r.code, r2.code, ''), "             \
	"a.must_change, a.failed_logins, COALESCE(a.locked_until, ''), "    \
	"a.active, COALESCE(a.unix_user, ''), COALESCE(a.office_id, 0), "   \
	"COALESCE(a.region_id, o.region_id, 0), COALESCE(a.pw_hash, '') "   \
	"FROM accounts a LEFT JOIN offices o ON o.id = a.office_id "        \
	"LEFT JOIN regions r ON r.id = a.region_id "                        \
	"LEFT JOIN regions r2 ON r2.id = o.region_id "

static void
row_to_info(sqlite3_stmt *st, struct account_info *ai)
{
	memset(ai, 0, sizeof *ai);
	ai->id = sqlite3_column_int64(st, 0);
	snprintf(ai->login, sizeof ai->login, "%s", store_col_text(st, 1));
	snprintf(ai->full_name, sizeof ai->full_name, "%s",
		 store_col_text(st, 2));
	snprintf(ai->position, sizeof ai->position, "%s",
		 store_col_text(st, 3));
	ai->roles = (unsigned)sqlite3_column_int(st, 4);
	snprintf(ai->office_code, sizeof ai->office_code, "%s",
		 store_col_text(st, 5));
	snprintf(ai->region_code, sizeof ai->region_code, "%s",
		 store_col_text(st, 6));
	ai->must_change = sqlite3_column_int(st, 7);
	ai->failed = sqlite3_column_int(st, 8);
	snprintf(ai->locked_until, sizeof ai->locked_until, "%s",
		 store_col_text(st, 9));
	ai->active = sqlite3_column_int(st, 10);
	snprintf(ai->unix_user, sizeof ai->unix_user, "%s",
		 store_col_text(st, 11));
}

static enum status
load(struct store *s, const char *login, struct account_info *ai,
     long long *office_id, long long *region_id, char **hash, struct err *e)
{
	sqlite3_stmt *st;
	int rc;

	st = store_prepare(s, "SELECT " ACCOUNT_COLS "WHERE a.login = ?", e);
	if (!st)
		return e ? e->st : ST_STORAGE;
	store_bind_text(st, 1, login);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_finalize(st);
		if (rc != SQLITE_DONE)
			return store_error(s, e, "account");
		return err_set(e, ST_NOTFOUND, "login",
			       "Учётная запись «%s» не найдена", login);
	}
	row_to_info(st, ai);
	if (office_id)
		*office_id = sqlite3_column_int64(st, 12);
	if (region_id)
		*region_id = sqlite3_column_int64(st, 13);
	if (hash)
		*hash = store_col_dup(st, 14);
	sqlite3_finalize(st);
	return ST_OK;
}

enum status
account_get(struct store *s, const char *login, struct account_info *out,
	    struct err *e)
{
	return load(s, login, out, NULL, NULL, NULL, e);
}

enum status
account_actor(struct store *s, const char *login, const char *origin,
	      struct actor *out, struct err *e)
{
	struct account_info ai;
	long long office, region;
	enum status st;

	if ((st = load(s, login, &ai, &office, &region, NULL, e)) != ST_OK)
		return st;
	memset(out, 0, sizeof *out);
	out->id = ai.id;
	snprintf(out->login, sizeof out->login, "%s", ai.login);
	snprintf(out->full_name, sizeof out->full_name, "%s", ai.full_name);
	snprintf(out->position, sizeof out->position, "%s", ai.position);
	out->roles = ai.roles;
	out->office_id = office;
	out->region_id = region;
	snprintf(out->origin, sizeof out->origin, "%s", origin ? origin : "");
	return ST_OK;
}

void
account_random_password(char *buf, size_t n)
{
	static const char alphabet[] = "abcdefghjkmnpqrstuvwxyz"
				       "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
	unsigned char rnd[64];
	size_t i;
	int fd = open("/dev/urandom", O_RDONLY);

	if (n > sizeof rnd)
		n = sizeof rnd;
	if (fd < 0 || read(fd, rnd, n) != (ssize_t)n) {
		/* /dev/urandom is always there on Linux; refuse to make a
		 * weak password rather than fall back to rand(). */
		abort();
	}
	close(fd);
	for (i = 0; i < n; i++)
		buf[i] = alphabet[rnd[i] % (sizeof alphabet - 1)];
	buf[n] = '\0';
}

static enum status
check_password_rules(const char *pw, struct err *e)
{
	size_t n = pw ? strlen(pw) : 0;

	if (n < PASSWORD_MIN)
		return err_set(e, ST_INVALID, "password",
			       "Пароль: не менее %d символов", PASSWORD_MIN);
	if (n > PASSWORD_MAX)
		return err_set(e, ST_INVALID, "password",
			       "Пароль: не более %d символов", PASSWORD_MAX);
	if (!utf8_valid(pw) || strpbrk(pw, "\n\r"))
		return err_set(e, ST_INVALID, "password",
			       "Пароль: недопустимые символы");
	return ST_OK;
}

static char *
hash_password(struct store *s, const char *pw, struct err *e)
{
	char setting[CRYPT_GENSALT_OUTPUT_SIZE];
	struct crypt_data cd;
	char *h;

	/* yescrypt at libxcrypt's default cost (5: 16 MiB, ~0.1 s). In a
	 * training database only, OKNO_CRYPT_COST (1..11) hashes throw-away
	 * accounts cheaply; an office database never takes it. The cost is
	 * stored in each hash, so checking a password always uses the cost
	 * it was made with. */
	const char *cost_env = s && s->training ? getenv("OKNO_CRYPT_COST")
						 : NULL;
	unsigned long cost = cost_env ? strtoul(cost_env, NULL, 10) : 0;

	if (cost > 11)
		cost = 0;
	if (!crypt_gensalt_rn("$y$", cost, NULL, 0, setting, sizeof setting)) {
		err_set(e, ST_ERROR, "", "crypt_gensalt: yescrypt недоступен");
		return NULL;
	}
	memset(&cd, 0, sizeof cd);
	h = crypt_rn(pw, setting, &cd, sizeof cd);
	if (!h || h[0] == '*') {
		err_set(e, ST_ERROR, "", "crypt: не удалось вычислить хеш");
		return NULL;
	}
	return xstrdup(h);
}

static int
password_matches(const char *pw, const char *hash)
{
	struct crypt_data cd;
	const char *h;

	memset(&cd, 0, sizeof cd);
	/* With no stored hash, still spend the time of one check so a
	 * missing login does not answer faster than a wrong password. */
	h = crypt_rn(pw, *hash ? hash : "$y$j9T$F5Jx5fExrKuPp53xLKQ..1$"
					  "X3DX6M94c7o.9agCG9G317fhZg9SqC.5i5rd"
					  ".RhAtQ7",
		     &cd, sizeof cd);
	return *hash && h && h[0] != '*' && strcmp(h, hash) == 0;
}

static enum status
count_accounts(struct store *s, long long *n, struct err *e)
{
	sqlite3_stmt *st = store_prepare(s, "SELECT count(*) FROM accounts", e);

	if (!st)
		return e ? e->st : ST_STORAGE;
	*n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_finalize(st);
	return ST_OK;
}

static enum status
lookup_id(struct store *s, const char *sql, const char *code, long long *id,
	  struct err *e)
{
	sqlite3_stmt *st = store_prepare(s, sql, e);

	if (!st)
		return e ? e->st : ST_STORAGE;
	store_bind_text(st, 1, code);
	*id = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_finalize(st);
	return ST_OK;
}

static enum status
check_login_name(const char *login, struct err *e)
{
	const char *p;

	if (!login || !*login || strlen(login) >= ACTOR_LOGIN_MAX)
		return err_set(e, ST_INVALID, "login",
			       "Логин: от 1 до %d латинских букв, цифр, "
			       "«.», «_», «-»", ACTOR_LOGIN_MAX - 1);
	for (p = login; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		      *p == '.' || *p == '_' || *p == '-'))
			return err_set(e, ST_INVALID, "login",
				       "Логин: допустимы строчные латинские "
				       "буквы, цифры, «.», «_», «-»");
	return ST_OK;
}

enum status
account_add(struct store *s, const struct actor *a, const char *login,
	    const char *full_name, const char *position, unsigned roles,
	    const char *office_code, const char *region_code,
	    const char *password, long long *id_out, struct err *e)
{
	long long office = 0, region = 0, existing = 0;
	char stamp[STAMP_SIZE], *hash = NULL, rolebuf[128];
	sqlite3_stmt *st = NULL;
	enum status ret;
	int rc;

	if ((ret = check_login_name(login, e)) != ST_OK)
		return ret;
	/* The name and position are printed on documents and drawn in the
	 * kiosk's header: no control or bidi characters, limit stated. */
	if ((ret = val_text("name", "ФИО", full_name, ACTOR_NAME_LETTERS, 0,
			    e)) != ST_OK)
		return ret;
	if (position && *position &&
	    (ret = val_text("position", "Должность", position,
			     ACTOR_NAME_LETTERS, 0, e)) !=
		    ST_OK)
		return ret;
	if ((ret = check_password_rules(password, e)) != ST_OK)
		return ret;
	if (!(hash = hash_password(s, password, e)))
		return e ? e->st : ST_ERROR;

	if ((ret = store_begin(s, e)) != ST_OK)
		goto out;
	if ((ret = count_accounts(s, &existing, e)) != ST_OK)
		goto fail;
	if (!(a == NULL && existing == 0) &&
	    (ret = actor_require(a, PERM_ACCOUNTS, e)) != ST_OK)
		goto fail;
	if (office_code && *office_code) {
		if ((ret = lookup_id(s, "SELECT id FROM offices WHERE code=?",
				     office_code, &office, e)) != ST_OK)
			goto fail;
		if (!office) {
			ret = err_set(e, ST_NOTFOUND, "office",
				      "Подразделение «%s» не найдено",
				      office_code);
			goto fail;
		}
	} else if (region_code && *region_code) {
		if ((ret = lookup_id(s, "SELECT id FROM regions WHERE code=?",
				     region_code, &region, e)) != ST_OK)
			goto fail;
		if (!region) {
			ret = err_set(e, ST_NOTFOUND, "region",
				      "Регион «%s» не найден", region_code);
			goto fail;
		}
	} else {
		ret = err_set(e, ST_INVALID, "office",
			      "Подразделение: не указано (--office)");
		goto fail;
	}
	clock_stamp(clock_now(), stamp);
	st = store_prepare(s, "INSERT INTO accounts(login, full_name, position,"
			      " roles, office_id, region_id, pw_hash, "
			      "must_change, created_at) "
			      "VALUES (?,?,?,?,?,?,?,1,?)", e);
	if (!st) {
		ret = e ? e->st : ST_STORAGE;
		goto fail;
	}
	store_bind_text(st, 1, login);
	store_bind_text(st, 2, full_name);
	store_bind_text(st, 3, position ? position : "");
	sqlite3_bind_int(st, 4, (int)roles);
	if (office)
		sqlite3_bind_int64(st, 5, office);
	else
		sqlite3_bind_null(st, 5);
	if (region)
		sqlite3_bind_int64(st, 6, region);
	else
		sqlite3_bind_null(st, 6);
	store_bind_text(st, 7, hash);
	store_bind_text(st, 8, stamp);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		if ((rc & 0xff) == SQLITE_CONSTRAINT)
			ret = err_set(e, ST_CONFLICT, "login",
				      "Логин «%s» уже занят", login);
		else
			ret = store_error(s, e, "account add");
		goto fail;
	}
	if (id_out)
		*id_out = sqlite3_last_insert_rowid(s->db);
	role_format(roles, rolebuf, sizeof rolebuf);
	{
		char *obj = xasprintf("user:%s", login);
		char *det = xasprintf("roles=%s", rolebuf);

		ret = audit_log(s, a, "user.add", obj, det, e);
		free(obj);
		free(det);
	}
	if (ret != ST_OK)
		goto fail;
	ret = store_commit(s, e);
	goto out;
fail:
	store_rollback(s);
out:
	free(hash);
	return ret;
}

static enum status
update_account(struct store *s, const char *sql, const char *text,
	       long long num, long long id, struct err *e)
{
	sqlite3_stmt *st = store_prepare(s, sql, e);
	int rc;

	if (!st)
		return e ? e->st : ST_STORAGE;
	store_bind_text(st, 1, text);
	sqlite3_bind_int64(st, 2, num);
	sqlite3_bind_int64(st, 3, id);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? ST_OK : store_error(s, e, "account");
}

/* The password check shared by a login and a cosign. session is NULL for
 * a login; for a cosign it is the account at whose terminal the second
 * person signs, and perm what the cosigner must hold (PERM__COUNT: any). */
static enum status
authenticate(struct store *s, const char *login, const char *password,
	     const char *origin, const char *unix_user,
	     const struct actor *session, enum perm perm, struct actor *out,
	     int *must_change, struct err *e)
{
	const char *fail_action = session ? "cosign.fail" : "login.fail";
	struct account_info ai;
	struct actor who;
	char *hash = NULL, until[CLOCK_RU_SIZE];
	time_t locked;
	long long office = 0, region = 0;
	enum status ret, lst;
	long attempts, minutes;
	int ok;

	memset(&who, 0, sizeof who);
	snprintf(who.login, sizeof who.login, "%s", login ? login : "");
	snprintf(who.origin, sizeof who.origin, "%s", origin ? origin : "");
	if ((ret = store_begin(s, e)) != ST_OK)
		return ret;
	lst = load(s, login ? login : "", &ai, &office, &region, &hash, NULL);
	if (lst != ST_OK) {
		char *obj = xasprintf("user:%s", who.login);

		password_matches(password ? password : "", "");
		ret = audit_log(s, &who, fail_action, obj, "unknown account",
				e);
		free(obj);
		if (ret == ST_OK && (ret = store_commit(s, e)) == ST_OK)
			ret = err_set(e, ST_DENIED, "login",
				      "Неверная учётная запись или пароль");
		goto out;
	}
	who.id = ai.id;
	attempts = settings_get(s, SET_LOCK_ATTEMPTS);
	minutes = settings_get(s, SET_LOCK_MINUTES);
	if (!ai.active) {
		ret = err_set(e, ST_DENIED, "login",
			      "Учётная запись «%s» отключена", ai.login);
		goto rollback;
	}
	/* Compared as instants: the stamps carry their offset, and the
	 * clock is the system's (a fixed clock only in training). */
	if (ai.locked_until[0] &&
	    (clock_parse_stamp(ai.locked_until, &locked) != 0 ||
	     locked > clock_now())) {
		char *obj = xasprintf("user:%s", ai.login);

		ret = audit_log(s, &who, "login.locked", obj, "", e);
		free(obj);
		if (ret == ST_OK && (ret = store_commit(s, e)) == ST_OK) {
			clock_stamp_ru(ai.locked_until, until);
			ret = err_set(e, ST_DENIED, "login",
				      "Учётная запись заблокирована до %s "
				      "после неудачных попыток входа", until);
		}
		goto out;
	}
	ok = password_matches(password ? password : "", hash);
	if (ok && ai.unix_user[0] && unix_user &&
	    strcmp(ai.unix_user, unix_user) != 0) {
		char *obj = xasprintf("user:%s", ai.login);
		char *det = xasprintf("unix user %s", unix_user);

		ret = audit_log(s, &who, fail_action, obj, det, e);
		free(obj);
		free(det);
		if (ret == ST_OK && (ret = store_commit(s, e)) == ST_OK)
			ret = err_set(e, ST_DENIED, "login",
				      "Учётная запись «%s» привязана к другому "
				      "пользователю системы", ai.login);
		goto out;
	}
	if (!ok) {
		int failed = ai.failed + 1;
		char *obj = xasprintf("user:%s", ai.login);

		if (failed >= attempts) {
			time_t t = clock_now() + minutes * 60;
			char lock[STAMP_SIZE];

			clock_stamp(t, lock);
			ret = update_account(s, "UPDATE accounts SET "
					     "locked_until=?, failed_logins=? "
					     "WHERE id=?", lock, 0, ai.id, e);
			if (ret == ST_OK)
				ret = audit_log(s, &who, "login.lock", obj,
						"too many failures", e);
			clock_stamp_ru(lock, until);
		} else {
			ret = update_account(s, "UPDATE accounts SET "
					     "locked_until=?, failed_logins=? "
					     "WHERE id=?", NULL, failed, ai.id,
					     e);
			if (ret == ST_OK)
				ret = audit_log(s, &who, fail_action, obj,
						"wrong password", e);
		}
		free(obj);
		if (ret == ST_OK && (ret = store_commit(s, e)) == ST_OK) {
			if (failed >= attempts)
				ret = err_set(e, ST_DENIED, "login",
					      "Неверный пароль. Учётная запись "
					      "заблокирована до %s", until);
			else
				ret = err_set(e, ST_DENIED, "login",
					      "Неверная учётная запись или "
					      "пароль");
		}
		goto out;
	}
	if (session) {
		const char *why = NULL;

		if (ai.id == session->id)
			why = "same account";
		else if (ai.must_change)
			why = "must change password";
		else if (perm != PERM__COUNT && !role_allows(ai.roles, perm))
			why = perm_code(perm);
		if (why) {
			char *obj = xasprintf("user:%s", ai.login);

			ret = audit_log(s, &who, fail_action, obj, why, e);
			free(obj);
			if (ret == ST_OK && (ret = store_commit(s, e)) == ST_OK) {
				if (ai.id == session->id)
					ret = err_set(e, ST_DENIED, "cosign",
						      "Подпись второго лица: "
						      "нужна другая учётная "
						      "запись, не %s",
						      ai.login);
				else if (ai.must_change)
					ret = err_set(e, ST_DENIED, "cosign",
						      "Подпись второго лица: "
						      "%s должен сначала "
						      "сменить пароль первого "
						      "входа", ai.login);
				else
					ret = err_set(e, ST_DENIED, "cosign",
						      "Подпись второго лица: "
						      "учётной записи %s не "
						      "разрешено: %s",
						      ai.login, perm_ru(perm));
			}
			goto out;
		}
	}
	ret = update_account(s, "UPDATE accounts SET locked_until=?, "
			     "failed_logins=? WHERE id=?", NULL, 0, ai.id, e);
	if (ret == ST_OK && session) {
		char *obj = xasprintf("user:%s", session->login);
		char *det = xasprintf("for %s: %s", session->login,
				      perm == PERM__COUNT ? "any"
							  : perm_code(perm));

		ret = audit_log(s, &who, "cosign", obj, det, e);
		free(obj);
		free(det);
	} else if (ret == ST_OK) {
		ret = audit_log(s, &who, "login", "", "", e);
	}
	if (ret != ST_OK)
		goto rollback;
	if ((ret = store_commit(s, e)) != ST_OK)
		goto out;
	if (out) {
		memset(out, 0, sizeof *out);
		out->id = ai.id;
		snprintf(out->login, sizeof out->login, "%s", ai.login);
		snprintf(out->full_name, sizeof out->full_name, "%s",
			 ai.full_name);
		snprintf(out->position, sizeof out->position, "%s",
			 ai.position);
		out->roles = ai.roles;
		out->office_id = office;
		out->region_id = region;
		snprintf(out->origin, sizeof out->origin, "%s", who.origin);
	}
	if (must_change)
		*must_change = ai.must_change;
	goto out;
rollback:
	store_rollback(s);
out:
	free(hash);
	return ret;
}

enum status
account_login(struct store *s, const char *login, const char *password,
	      const char *origin, const char *unix_user, struct actor *out,
	      int *must_change, struct err *e)
{
	return authenticate(s, login, password, origin, unix_user, NULL,
			    PERM__COUNT, out, must_change, e);
}

enum status
account_cosign(struct store *s, const struct actor *session,
	       const char *login, const char *password, enum perm perm,
	       struct actor *out, struct err *e)
{
	if (!session || session->id <= 0)
		return err_set(e, ST_DENIED, "cosign",
			       "Подпись второго лица: сначала войдите в "
			       "систему");
	return authenticate(s, login, password, session->origin, NULL,
			    session, perm, out, NULL, e);
}

static enum status
set_password(struct store *s, const struct actor *a, long long id,
	     const char *login, const char *pw, int must_change,
	     const char *action, struct err *e)
{
	char *hash, *obj;
	sqlite3_stmt *st;
	enum status ret;
	int rc;

	if (!(hash = hash_password(s, pw, e)))
		return e ? e->st : ST_ERROR;
	st = store_prepare(s, "UPDATE accounts SET pw_hash=?, must_change=?, "
			      "failed_logins=0, locked_until=NULL WHERE id=?",
			   e);
	if (!st) {
		free(hash);
		return e ? e->st : ST_STORAGE;
	}
	store_bind_text(st, 1, hash);
	sqlite3_bind_int(st, 2, must_change);
	sqlite3_bind_int64(st, 3, id);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	free(hash);
	if (rc != SQLITE_DONE)
		return store_error(s, e, "password");
	obj = xasprintf("user:%s", login);
	ret = audit_log(s, a, action, obj, "", e);
	free(obj);
	return ret;
}

enum status
account_passwd(struct store *s, const struct actor *a, const char *old_pw,
	       const char *new_pw, struct err *e)
{
	struct account_info ai;
	char *hash = NULL;
	enum status ret;

	if (!a || a->id <= 0)
		return err_set(e, ST_DENIED, "", "Смена пароля требует входа");
	if ((ret = check_password_rules(new_pw, e)) != ST_OK)
		return ret;
	if (old_pw && new_pw && strcmp(old_pw, new_pw) == 0)
		return err_set(e, ST_INVALID, "password",
			       "Новый пароль: должен отличаться от прежнего");
	if ((ret = store_begin(s, e)) != ST_OK)
		return ret;
	if ((ret = load(s, a->login, &ai, NULL, NULL, &hash, e)) != ST_OK)
		goto fail;
	if (!password_matches(old_pw ? old_pw : "", hash)) {
		ret = err_set(e, ST_DENIED, "password",
			      "Текущий пароль: неверен");
		goto fail;
	}
	ret = set_password(s, a, ai.id, ai.login, new_pw, 0, "user.passwd", e);
	if (ret != ST_OK)
		goto fail;
	free(hash);
	return store_commit(s, e);
fail:
	store_rollback(s);
	free(hash);
	return ret;
}

/* Run an admin act on one account inside a transaction. */
static enum status
admin_act(struct store *s, const struct actor *a, const char *login,
	  const char *sql, const char *text, const char *action,
	  const char *password, struct err *e)
{
	struct account_info ai;
	enum status ret;

	if ((ret = actor_require(a, PERM_ACCOUNTS, e)) != ST_OK)
		return ret;
	if (password && (ret = check_password_rules(password, e)) != ST_OK)
		return ret;
	if ((ret = store_begin(s, e)) != ST_OK)
		return ret;
	if ((ret = load(s, login, &ai, NULL, NULL, NULL, e)) != ST_OK)
		goto fail;
	if (password) {
		ret = set_password(s, a, ai.id, ai.login, password, 1, action,
				   e);
	} else {
		char *obj = xasprintf("user:%s", ai.login);

		ret = update_account(s, sql, text, 0, ai.id, e);
		if (ret == ST_OK)
			ret = audit_log(s, a, action, obj, text ? text : "", e);
		free(obj);
	}
	if (ret != ST_OK)
		goto fail;
	return store_commit(s, e);
fail:
	store_rollback(s);
	return ret;
}

enum status
account_reset(struct store *s, const struct actor *a, const char *login,
	      const char *password, struct err *e)
{
	return admin_act(s, a, login, NULL, NULL, "user.reset", password, e);
}

enum status
account_unlock(struct store *s, const struct actor *a, const char *login,
	       struct err *e)
{
	return admin_act(s, a, login,
			 "UPDATE accounts SET locked_until=?, failed_logins=? "
			 "WHERE id=?", NULL, "user.unlock", NULL, e);
}

enum status
account_bind_unix(struct store *s, const struct actor *a, const char *login,
		  const char *unix_user, struct err *e)
{
	return admin_act(s, a, login,
			 "UPDATE accounts SET unix_user=NULLIF(?, ''), "
			 "failed_logins=failed_logins+? WHERE id=?",
			 unix_user ? unix_user : "", "user.bind", NULL, e);
}

enum status
account_list(struct store *s, const struct actor *a,
	     struct account_info **out, size_t *n, struct err *e)
{
	sqlite3_stmt *st;
	size_t cap = 0;
	enum status ret;
	int rc;

	*out = NULL;
	*n = 0;
	if (actor_require(a, PERM_ACCOUNTS, NULL) != ST_OK &&
	    (ret = actor_require(a, PERM_AUDIT, e)) != ST_OK)
		return ret;
	st = store_prepare(s, "SELECT " ACCOUNT_COLS " ORDER BY a.login", e);
	if (!st)
		return e ? e->st : ST_STORAGE;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		XGROW(*out, *n, cap);
		row_to_info(st, &(*out)[(*n)++]);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return store_error(s, e, "account list");
	return ST_OK;
}
