/* SPDX-License-Identifier: MIT */
/* Accounts, passwords (yescrypt via libcrypt) and lockout. */
#include "account.h"
#include "settings.h"
#include "audit.h"
#include "clock.h"
#include "db.h"
#include "util.h"
#include "i18n.h"
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
	"a.must_change, a.failed_logins, a.locked_until, "                  \
	"a.active, COALESCE(a.unix_user, ''), COALESCE(a.office_id, 0), "   \
	"COALESCE(a.region_id, o.region_id, 0), COALESCE(a.pw_hash, '') "   \
	"FROM accounts a LEFT JOIN offices o ON o.id = a.office_id "        \
	"LEFT JOIN regions r ON r.id = a.region_id "                        \
	"LEFT JOIN regions r2 ON r2.id = o.region_id "

/* An account from a row of ACCOUNT_COLS (a db_fill_fn). */
static void
row_to_info(struct db_stmt *st, void *elem)
{
	struct account_info *ai = elem;

	memset(ai, 0, sizeof *ai);
	ai->id = db_col_int64(st, 0);
	snprintf(ai->login, sizeof ai->login, "%s", db_col_text(st, 1));
	snprintf(ai->full_name, sizeof ai->full_name, "%s", db_col_text(st, 2));
	snprintf(ai->position, sizeof ai->position, "%s", db_col_text(st, 3));
	ai->roles = (unsigned)db_col_int(st, 4);
	snprintf(ai->office_code, sizeof ai->office_code, "%s",
		 db_col_text(st, 5));
	snprintf(ai->region_code, sizeof ai->region_code, "%s",
		 db_col_text(st, 6));
	ai->must_change = db_col_int(st, 7);
	ai->failed = db_col_int(st, 8);
	snprintf(ai->locked_until, sizeof ai->locked_until, "%s",
		 db_col_text(st, 9));
	ai->active = db_col_int(st, 10);
	snprintf(ai->unix_user, sizeof ai->unix_user, "%s",
		 db_col_text(st, 11));
}

static enum status
load(struct store *s, const char *login, struct account_info *ai,
     long long *office_id, long long *region_id, char **hash, struct err *e)
{
	struct db_stmt *st;
	enum status ret;

	ret = db_one(s, &st, e, "SELECT " ACCOUNT_COLS "WHERE a.login = ?",
		     DB_TEXT(login));
	if (ret == ST_NOTFOUND)
		return err_set(e, ST_NOTFOUND, "login",
			       "Учётная запись «%s» не найдена", login);
	if (ret != ST_OK)
		return ret;
	row_to_info(st, ai);
	if (office_id)
		*office_id = db_col_int64(st, 12);
	if (region_id)
		*region_id = db_col_int64(st, 13);
	if (hash)
		*hash = db_col_dup(st, 14);
	db_finalize(st);
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
	db_writer_office(s, office);
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
lookup_id(struct store *s, const char *sql, const char *code, long long *id,
	  struct err *e)
{
	int64_t v = 0;
	enum status ret = db_int64(s, e, &v, 0, sql, DB_TEXT(code));

	*id = v;
	return ret;
}

static enum status
check_login_name(const char *login, struct err *e)
{
	const char *p;

	if (!login || !*login || strlen(login) >= ACTOR_LOGIN_MAX)
		return err_set(e, ST_INVALID, "login",
			       "Логин: от 1 до %d латинских букв, цифр, «.», «_», «-»", ACTOR_LOGIN_MAX - 1);
	for (p = login; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		      *p == '.' || *p == '_' || *p == '-'))
			return err_set(e, ST_INVALID, "login",
				       "Логин: допустимы строчные латинские буквы, цифры, «.», «_», «-»");
	return ST_OK;
}

struct add_tx {
	const struct actor *a;
	const char *login, *full_name, *position, *office_code, *region_code;
	const char *hash;
	unsigned roles;
	int64_t id;
};

static enum status
add_tx(struct store *s, void *arg, struct err *e)
{
	struct add_tx *ad = arg;
	long long office = 0, region = 0;
	int64_t existing = 0;
	char stamp[STAMP_SIZE], rolebuf[128], *obj, *det;
	enum status ret;

	if ((ret = db_int64(s, e, &existing, 0, "SELECT count(*) FROM "
			    "accounts")) != ST_OK)
		return ret;
	if (!(ad->a == NULL && existing == 0) &&
	    (ret = actor_require(ad->a, PERM_ACCOUNTS, e)) != ST_OK)
		return ret;
	if (ad->office_code && *ad->office_code) {
		if ((ret = lookup_id(s, "SELECT id FROM offices WHERE code=?",
				     ad->office_code, &office, e)) != ST_OK)
			return ret;
		if (!office)
			return err_set(e, ST_NOTFOUND, "office",
				       "Подразделение «%s» не найдено",
				       ad->office_code);
	} else if (ad->region_code && *ad->region_code) {
		if ((ret = lookup_id(s, "SELECT id FROM regions WHERE code=?",
				     ad->region_code, &region, e)) != ST_OK)
			return ret;
		if (!region)
			return err_set(e, ST_NOTFOUND, "region",
				       "Регион «%s» не найден",
				       ad->region_code);
	} else {
		return err_set(e, ST_INVALID, "office",
			       "Подразделение: не указано (--office)");
	}
	clock_stamp(clock_now(), stamp);
	ret = db_int64(s, e, &ad->id, 0, "INSERT INTO accounts(login, "
		       "full_name, position, roles, office_id, region_id, "
		       "pw_hash, must_change, created_at) VALUES "
		       "(?,?,?,?,?,?,?,1,?) RETURNING id", DB_TEXT(ad->login),
		       DB_TEXT(ad->full_name),
		       DB_TEXT(ad->position ? ad->position : ""),
		       DB_INT(ad->roles), office ? DB_INT(office) : DB_NULL,
		       region ? DB_INT(region) : DB_NULL, DB_TEXT(ad->hash),
		       DB_TEXT(stamp));
	if (ret == ST_CONFLICT && db_fault(s) == DB_FAULT_CONSTRAINT)
		return err_set(e, ST_CONFLICT, "login",
			       "Логин «%s» уже занят", ad->login);
	if (ret != ST_OK)
		return ret;
	role_format(ad->roles, rolebuf, sizeof rolebuf);
	obj = xasprintf("user:%s", ad->login);
	det = xasprintf("roles=%s", rolebuf);
	ret = audit_log(s, ad->a, "user.add", obj, det, e);
	free(obj);
	free(det);
	return ret;
}

enum status
account_add(struct store *s, const struct actor *a, const char *login,
	    const char *full_name, const char *position, unsigned roles,
	    const char *office_code, const char *region_code,
	    const char *password, long long *id_out, struct err *e)
{
	struct add_tx ad = {a, login, full_name, position, office_code,
			    region_code, NULL, roles, 0};
	char *hash;
	enum status ret;

	if ((ret = check_login_name(login, e)) != ST_OK)
		return ret;
	/* The name and position are printed on documents and drawn in the
	 * kiosk's header: no control or bidi characters, limit stated. */
	if ((ret = val_text("name", i18n_text("ФИО"), full_name, ACTOR_NAME_LETTERS, 0,
			    e)) != ST_OK)
		return ret;
	if (position && *position &&
	    (ret = val_text("position", i18n_text("Должность"), position,
			     ACTOR_NAME_LETTERS, 0, e)) !=
		    ST_OK)
		return ret;
	if ((ret = check_password_rules(password, e)) != ST_OK)
		return ret;
	if ((ret = role_tier_check(roles, !(office_code && *office_code), e)) !=
	    ST_OK)
		return ret;
	if (!(hash = hash_password(s, password, e)))
		return e ? e->st : ST_ERROR;
	ad.hash = hash;
	ret = db_transact(s, DB_WRITE, add_tx, &ad, e);
	if (ret == ST_OK && id_out)
		*id_out = ad.id;
	free(hash);
	return ret;
}

static enum status
update_account(struct store *s, const char *sql, const char *text,
	       long long num, long long id, struct err *e)
{
	return db_exec(s, e, sql, DB_TEXT(text), DB_INT(num), DB_INT(id));
}

/* A login's count of failures and its lock, kept where the server takes
 * writes. On a read-only server (a hot standby, the national database)
 * they cannot be kept: a lock set on the primary holds there, and each
 * wrong password costs a pause instead (authenticate). */
static enum status
update_login(struct store *s, const char *until, long long failed,
	     long long id, struct err *e)
{
	if (db_read_only(s))
		return ST_OK;
	return update_account(s, "UPDATE accounts SET locked_until=?, "
			      "failed_logins=? WHERE id=?", until, failed, id,
			      e);
}

/* Seconds a wrong password waits on a read-only server. */
#define READ_ONLY_PAUSE 2

/* How a password check ended, once its audit line is committed. */
enum auth_outcome {
	AUTH_OK,
	AUTH_UNKNOWN,     /* no such account */
	AUTH_LOCKED,      /* locked until ai.locked_until */
	AUTH_UNIX,        /* bound to another Unix user */
	AUTH_WRONG,       /* wrong password */
	AUTH_LOCKED_NOW,  /* wrong password, and now locked until `until` */
	AUTH_COSIGN_SAME, /* a cosign by the session's own account */
	AUTH_COSIGN_MUST, /* a cosigner who must change the first password */
	AUTH_COSIGN_PERM, /* a cosigner without the permission */
};

struct auth {
	const char *login, *password, *origin, *unix_user;
	const struct actor *session;
	enum perm perm;
	/* what the check found */
	enum auth_outcome outcome;
	struct account_info ai;
	long long office, region;
	char until[STAMP_SIZE];
};

/* A wrong password: counted, and the account locked after too many
 * (not on a read-only server, which cannot count them). */
static enum status
auth_wrong(struct store *s, struct auth *au, const struct actor *who,
	   const char *obj, const char *fail_action, struct err *e)
{
	long attempts = settings_get(s, SET_LOCK_ATTEMPTS);
	long minutes = settings_get(s, SET_LOCK_MINUTES);
	struct account_info *ai = &au->ai;
	int failed = ai->failed + 1;
	enum status ret;

	if (failed >= attempts && !db_read_only(s)) {
		au->outcome = AUTH_LOCKED_NOW;
		clock_stamp(clock_now() + minutes * 60, au->until);
		ret = update_login(s, au->until, 0, ai->id, e);
		if (ret == ST_OK)
			ret = audit_log(s, who, "login.lock", obj,
					"too many failures", e);
	} else {
		au->outcome = AUTH_WRONG;
		ret = update_login(s, NULL, failed, ai->id, e);
		if (ret == ST_OK)
			ret = audit_log(s, who, fail_action, obj,
					"wrong password", e);
	}
	return ret;
}

/* Why the right password of a cosigner does not cosign (the detail of
 * its audit line, outcome set), or NULL when it does. */
static const char *
cosign_refused(struct auth *au)
{
	const struct account_info *ai = &au->ai;

	if (ai->id == au->session->id) {
		au->outcome = AUTH_COSIGN_SAME;
		return "same account";
	}
	if (ai->must_change) {
		au->outcome = AUTH_COSIGN_MUST;
		return "must change password";
	}
	if (au->perm != PERM__COUNT && !role_allows(ai->roles, au->perm)) {
		au->outcome = AUTH_COSIGN_PERM;
		return perm_code(au->perm);
	}
	return NULL;
}

/* The check and its audit line in one transaction. A refusal is
 * committed too (its line, the failure count, the lock): the transaction
 * returns ST_OK and outcome says why, and the caller reports it. Only a
 * disabled account is refused with nothing written. */
static enum status
auth_tx(struct store *s, void *arg, struct err *e)
{
	struct auth *au = arg;
	const char *fail_action = au->session ? "cosign.fail" : "login.fail";
	struct account_info *ai = &au->ai;
	struct actor who;
	char *hash = NULL, *obj = NULL, *det = NULL;
	const char *action, *detail;
	time_t locked;
	enum status ret;
	int ok;

	memset(&who, 0, sizeof who);
	snprintf(who.login, sizeof who.login, "%s",
		 au->login ? au->login : "");
	snprintf(who.origin, sizeof who.origin, "%s",
		 au->origin ? au->origin : "");
	au->outcome = AUTH_OK;
	au->until[0] = '\0';
	if (load(s, au->login ? au->login : "", ai, &au->office, &au->region,
		 &hash, NULL) != ST_OK) {
		password_matches(au->password ? au->password : "", "");
		au->outcome = AUTH_UNKNOWN;
		obj = xasprintf("user:%s", who.login);
		ret = audit_log(s, &who, fail_action, obj, "unknown account",
				e);
		goto out;
	}
	who.id = ai->id;
	obj = xasprintf("user:%s", ai->login);
	if (!ai->active) {
		ret = err_set(e, ST_DENIED, "login",
			      "Учётная запись «%s» отключена", ai->login);
		goto out;
	}
	/* Compared as instants: the stamps carry their offset, and the
	 * clock is the system's (a fixed clock only in training). */
	if (ai->locked_until[0] &&
	    (clock_parse_stamp(ai->locked_until, &locked) != 0 ||
	     locked > clock_now())) {
		au->outcome = AUTH_LOCKED;
		ret = audit_log(s, &who, "login.locked", obj, "", e);
		goto out;
	}
	ok = password_matches(au->password ? au->password : "", hash);
	if (ok && ai->unix_user[0] && au->unix_user &&
	    strcmp(ai->unix_user, au->unix_user) != 0) {
		au->outcome = AUTH_UNIX;
		det = xasprintf("unix user %s", au->unix_user);
		ret = audit_log(s, &who, fail_action, obj, det, e);
		goto out;
	}
	if (!ok) {
		ret = auth_wrong(s, au, &who, obj, fail_action, e);
		goto out;
	}
	if (au->session && (detail = cosign_refused(au)) != NULL) {
		ret = audit_log(s, &who, fail_action, obj, detail, e);
		goto out;
	}
	if ((ret = update_login(s, NULL, 0, ai->id, e)) != ST_OK)
		goto out;
	if (au->session) {
		free(obj);
		obj = xasprintf("user:%s", au->session->login);
		det = xasprintf("for %s: %s", au->session->login,
				au->perm == PERM__COUNT ? "any"
							: perm_code(au->perm));
		action = "cosign";
		ret = audit_log(s, &who, action, obj, det, e);
	} else {
		ret = audit_log(s, &who, "login", "", "", e);
	}
out:
	free(hash);
	free(obj);
	free(det);
	return ret;
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
	struct auth au = {.login = login, .password = password,
			  .origin = origin, .unix_user = unix_user,
			  .session = session, .perm = perm};
	const struct account_info *ai = &au.ai;
	char until[CLOCK_RU_SIZE];
	enum status ret;

	if ((ret = db_transact(s, DB_RECORD, auth_tx, &au, e)) != ST_OK)
		return ret;
	if (au.outcome != AUTH_OK && db_read_only(s))
		sleep(READ_ONLY_PAUSE);
	switch (au.outcome) {
	case AUTH_OK:
		break;
	case AUTH_UNKNOWN:
	case AUTH_WRONG:
		return err_set(e, ST_DENIED, "login",
			       "Неверная учётная запись или пароль");
	case AUTH_LOCKED:
		clock_stamp_ru(ai->locked_until, until);
		return err_set(e, ST_DENIED, "login",
			       "Учётная запись заблокирована до %s после неудачных попыток входа", until);
	case AUTH_LOCKED_NOW:
		clock_stamp_ru(au.until, until);
		return err_set(e, ST_DENIED, "login",
			       "Неверный пароль. Учётная запись заблокирована до %s", until);
	case AUTH_UNIX:
		return err_set(e, ST_DENIED, "login",
			       "Учётная запись «%s» привязана к другому пользователю системы", ai->login);
	case AUTH_COSIGN_SAME:
		return err_set(e, ST_DENIED, "cosign",
			       "Подпись второго лица: нужна другая учётная запись, не %s", ai->login);
	case AUTH_COSIGN_MUST:
		return err_set(e, ST_DENIED, "cosign",
			       "Подпись второго лица: %s должен сначала сменить пароль первого входа", ai->login);
	case AUTH_COSIGN_PERM:
		return err_set(e, ST_DENIED, "cosign",
			       "Подпись второго лица: учётной записи %s не разрешено: %s", ai->login, perm_ru(perm));
	}
	if (out) {
		memset(out, 0, sizeof *out);
		out->id = ai->id;
		snprintf(out->login, sizeof out->login, "%s", ai->login);
		snprintf(out->full_name, sizeof out->full_name, "%s",
			 ai->full_name);
		snprintf(out->position, sizeof out->position, "%s",
			 ai->position);
		out->roles = ai->roles;
		out->office_id = au.office;
		out->region_id = au.region;
		snprintf(out->origin, sizeof out->origin, "%s",
			 origin ? origin : "");
	}
	if (must_change)
		*must_change = ai->must_change;
	return ST_OK;
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
			       "Подпись второго лица: сначала войдите в систему");
	return authenticate(s, login, password, session->origin, NULL,
			    session, perm, out, NULL, e);
}

static enum status
set_password(struct store *s, const struct actor *a, long long id,
	     const char *login, const char *hash, int must_change,
	     const char *action, struct err *e)
{
	enum status ret;
	char *obj;

	if ((ret = db_exec(s, e, "UPDATE accounts SET pw_hash=?, "
			   "must_change=?, failed_logins=0, locked_until=NULL "
			   "WHERE id=?", DB_TEXT(hash), DB_INT(must_change),
			   DB_INT(id))) != ST_OK)
		return ret;
	obj = xasprintf("user:%s", login);
	ret = audit_log(s, a, action, obj, "", e);
	free(obj);
	return ret;
}

struct passwd_tx {
	const struct actor *a;
	const char *old_pw, *new_hash;
};

static enum status
passwd_tx(struct store *s, void *arg, struct err *e)
{
	struct passwd_tx *p = arg;
	struct account_info ai;
	char *hash = NULL;
	enum status ret;

	if ((ret = load(s, p->a->login, &ai, NULL, NULL, &hash, e)) != ST_OK)
		return ret;
	if (!password_matches(p->old_pw ? p->old_pw : "", hash))
		ret = err_set(e, ST_DENIED, "password",
			      "Текущий пароль: неверен");
	else
		ret = set_password(s, p->a, ai.id, ai.login, p->new_hash, 0,
				   "user.passwd", e);
	free(hash);
	return ret;
}

enum status
account_passwd(struct store *s, const struct actor *a, const char *old_pw,
	       const char *new_pw, struct err *e)
{
	struct passwd_tx p = {a, old_pw, NULL};
	enum status ret;
	char *hash;

	if (!a || a->id <= 0)
		return err_set(e, ST_DENIED, "", "Смена пароля требует входа");
	if ((ret = check_password_rules(new_pw, e)) != ST_OK)
		return ret;
	if (old_pw && new_pw && strcmp(old_pw, new_pw) == 0)
		return err_set(e, ST_INVALID, "password",
			       "Новый пароль: должен отличаться от прежнего");
	if (!(hash = hash_password(s, new_pw, e)))
		return e ? e->st : ST_ERROR;
	p.new_hash = hash;
	ret = db_transact(s, DB_WRITE, passwd_tx, &p, e);
	free(hash);
	return ret;
}

struct admin_tx {
	const struct actor *a;
	const char *login, *sql, *text, *action, *hash;
};

static enum status
admin_tx(struct store *s, void *arg, struct err *e)
{
	struct admin_tx *ad = arg;
	struct account_info ai;
	enum status ret;
	char *obj;

	if ((ret = load(s, ad->login, &ai, NULL, NULL, NULL, e)) != ST_OK)
		return ret;
	if (ad->hash)
		return set_password(s, ad->a, ai.id, ai.login, ad->hash, 1,
				    ad->action, e);
	if ((ret = update_account(s, ad->sql, ad->text, 0, ai.id, e)) !=
	    ST_OK)
		return ret;
	obj = xasprintf("user:%s", ai.login);
	ret = audit_log(s, ad->a, ad->action, obj, ad->text ? ad->text : "",
			e);
	free(obj);
	return ret;
}

/* Run an admin act on one account inside a transaction. */
static enum status
admin_act(struct store *s, const struct actor *a, const char *login,
	  const char *sql, const char *text, const char *action,
	  const char *password, struct err *e)
{
	struct admin_tx ad = {a, login, sql, text, action, NULL};
	char *hash = NULL;
	enum status ret;

	if ((ret = actor_require(a, PERM_ACCOUNTS, e)) != ST_OK)
		return ret;
	if (password && (ret = check_password_rules(password, e)) != ST_OK)
		return ret;
	if (password && !(hash = hash_password(s, password, e)))
		return e ? e->st : ST_ERROR;
	ad.hash = hash;
	ret = db_transact(s, DB_WRITE, admin_tx, &ad, e);
	free(hash);
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
	enum status ret;

	*out = NULL;
	*n = 0;
	if (actor_require(a, PERM_ACCOUNTS, NULL) != ST_OK &&
	    (ret = actor_require(a, PERM_AUDIT, e)) != ST_OK)
		return ret;
	return db_rows(s, e, out, n, row_to_info, NULL,
		       "SELECT " ACCOUNT_COLS " ORDER BY a.login");
}
