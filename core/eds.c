/* SPDX-License-Identifier: MIT */
/* Trusted certification authorities and the holders of the accounts'
 * signing certificates. */
#include "eds.h"
#include "audit.h"
#include "chain.h"
#include "clock.h"
#include "db.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct trust_tx {
	const struct actor *a;
	const char *pem, *subject, *not_after;
	char sha[CHAIN_HEX];
};

static enum status
trust_tx(struct store *s, void *arg, struct err *e)
{
	struct trust_tx *t = arg;
	char at[STAMP_SIZE], *detail;
	enum status ret;
	int have;

	have = db_exists(s, e, "SELECT 1 FROM eds_trust WHERE sha256 = ?",
			 DB_TEXT(t->sha));
	if (have < 0)
		return e ? e->st : ST_STORAGE;
	if (have)
		return err_set(e, ST_CONFLICT, "cert", "Сертификат «%s» уже в списке доверенных", t->subject);
	clock_stamp(clock_now(), at);
	if ((ret = db_exec(s, e, "INSERT INTO eds_trust(sha256, subject, "
			   "not_after, pem, added_by, added_at) VALUES "
			   "(?, ?, ?, ?, ?, ?)", DB_TEXT(t->sha),
			   DB_TEXT(t->subject), DB_TEXT(t->not_after),
			   DB_TEXT(t->pem), DB_INT(t->a->id), DB_TEXT(at))) !=
	    ST_OK)
		return ret;
	detail = xasprintf("%s, до %s, sha256 %s", t->subject, t->not_after,
			   t->sha);
	ret = audit_log(s, t->a, "eds.trust", "eds:ca", detail, e);
	free(detail);
	return ret;
}

enum status
eds_trust_add(struct store *s, const struct actor *a, const char *pem,
	      char **subject, struct err *e)
{
	struct trust_tx t = {a, pem, NULL, NULL, {0}};
	char *subj = NULL, *na = NULL;
	enum status ret;

	if (subject)
		*subject = NULL;
	if ((ret = actor_require(a, PERM_ACCOUNTS, e)) != ST_OK)
		return ret;
	if ((ret = signer_ca_info(pem, &subj, &na, e)) != ST_OK)
		return ret;
	t.subject = subj;
	t.not_after = na;
	chain_sha256_hex(pem, strlen(pem), t.sha);
	ret = db_transact(s, DB_WRITE, trust_tx, &t, e);
	if (ret == ST_OK && subject) {
		*subject = subj;
		subj = NULL;
	}
	free(subj);
	free(na);
	return ret;
}

struct untrust_tx {
	const struct actor *a;
	const char *ref;           /* hex digits, lower case */
	char *subject;
};

static enum status
untrust_tx(struct store *s, void *arg, struct err *e)
{
	struct untrust_tx *t = arg;
	struct db_stmt *st = NULL;
	char *like = xasprintf("%s%%", t->ref), *sha = NULL, *detail;
	int64_t n = 0;
	enum status ret;

	free(t->subject);
	t->subject = NULL;
	if ((ret = db_int64(s, e, &n, 0, "SELECT count(*) FROM eds_trust "
			    "WHERE sha256 LIKE ?", DB_TEXT(like))) != ST_OK)
		goto out;
	if (n == 0) {
		ret = err_set(e, ST_NOTFOUND, "cert", "Среди доверенных удостоверяющих центров нет сертификата sha256 %s… (список: okno portal trusted)", t->ref);
		goto out;
	}
	if (n > 1) {
		ret = err_set(e, ST_CONFLICT, "cert", "Начало sha256 %s… подходит к %lld доверенным сертификатам: укажите больше цифр", t->ref, (long long)n);
		goto out;
	}
	if ((ret = db_one(s, &st, e, "SELECT sha256, subject, not_after FROM "
			  "eds_trust WHERE sha256 LIKE ?", DB_TEXT(like))) !=
	    ST_OK)
		goto out;
	sha = db_col_dup(st, 0);
	t->subject = db_col_dup(st, 1);
	detail = xasprintf("%s, до %s, sha256 %s", t->subject,
			   db_col_text(st, 2), sha);
	db_finalize(st);
	if ((ret = db_exec(s, e, "DELETE FROM eds_trust WHERE sha256 = ?",
			   DB_TEXT(sha))) == ST_OK)
		ret = audit_log(s, t->a, "eds.untrust", "eds:ca", detail, e);
	free(detail);
out:
	free(sha);
	free(like);
	return ret;
}

enum status
eds_trust_remove(struct store *s, const struct actor *a, const char *ref,
		 const char *pem, char **subject, struct err *e)
{
	struct untrust_tx t = {a, NULL, NULL};
	char hex[CHAIN_HEX];
	enum status ret;
	size_t k;

	if (subject)
		*subject = NULL;
	if ((ret = actor_require(a, PERM_ACCOUNTS, e)) != ST_OK)
		return ret;
	if (pem) {
		chain_sha256_hex(pem, strlen(pem), hex);
	} else {
		for (k = 0; ref && k < sizeof hex - 1 &&
			    strchr("0123456789abcdefABCDEF", ref[k]) && ref[k];
		     k++)
			hex[k] = (char)(ref[k] >= 'A' && ref[k] <= 'F'
						? ref[k] - 'A' + 'a'
						: ref[k]);
		if (!ref || ref[k] || k < 16)
			return err_set(e, ST_INVALID, "cert", "Удостоверяющий центр: файл его сертификата или sha256 из okno portal trusted (не менее 16 шестнадцатеричных цифр)");
		hex[k] = '\0';
	}
	t.ref = hex;
	ret = db_transact(s, DB_WRITE, untrust_tx, &t, e);
	if (ret == ST_OK && subject) {
		*subject = t.subject;
		t.subject = NULL;
	}
	free(t.subject);
	return ret;
}

static int
is_iin(const char *v)
{
	size_t k;

	for (k = 0; v[k] >= '0' && v[k] <= '9'; k++)
		;
	return k == 12 && !v[k];
}

struct bind_tx {
	const struct actor *a;
	const char *login, *holder;
};

/* The id of the account called login (ST_NOTFOUND when there is none). */
static enum status
account_id(struct store *s, const char *login, int64_t *id, struct err *e)
{
	enum status ret;

	if ((ret = db_int64(s, e, id, 0, "SELECT id FROM accounts WHERE "
			    "login = ?", DB_TEXT(login))) != ST_OK)
		return ret;
	if (!*id)
		return err_set(e, ST_NOTFOUND, "login", "Учётной записи «%s» нет", login);
	return ST_OK;
}

static enum status
bind_tx(struct store *s, void *arg, struct err *e)
{
	struct bind_tx *t = arg;
	int64_t id = 0;
	char at[STAMP_SIZE], obj[96], *detail;
	int iin = is_iin(t->holder);
	enum status ret;

	if ((ret = account_id(s, t->login, &id, e)) != ST_OK)
		return ret;
	clock_stamp(clock_now(), at);
	if ((ret = db_exec(s, e, "DELETE FROM eds_bindings WHERE account_id "
			   "= ?", DB_INT(id))) != ST_OK ||
	    (ret = db_exec(s, e, "INSERT INTO eds_bindings(account_id, iin, "
			   "name, added_by, added_at) VALUES (?, ?, ?, ?, ?)",
			   DB_INT(id), DB_TEXT(iin ? t->holder : ""),
			   DB_TEXT(iin ? "" : t->holder), DB_INT(t->a->id),
			   DB_TEXT(at))) != ST_OK)
		return ret;
	snprintf(obj, sizeof obj, "user:%s", t->login);
	detail = xasprintf("%s %s", iin ? "ИИН" : "имя", t->holder);
	ret = audit_log(s, t->a, "eds.bind", obj, detail, e);
	free(detail);
	return ret;
}

enum status
eds_bind(struct store *s, const struct actor *a, const char *login,
	 const char *holder, struct err *e)
{
	struct bind_tx t = {a, login, holder};
	enum status ret;

	if ((ret = actor_require(a, PERM_ACCOUNTS, e)) != ST_OK)
		return ret;
	if (!holder || !*holder || !utf8_valid(holder) ||
	    utf8_len(holder) > 200 || strpbrk(holder, "\n\r\t"))
		return err_set(e, ST_INVALID, "holder", "Владелец сертификата: ИИН из 12 цифр или имя, как в сертификате (не более 200 знаков, одной строкой)");
	return db_transact(s, DB_WRITE, bind_tx, &t, e);
}

static enum status
unbind_tx(struct store *s, void *arg, struct err *e)
{
	struct bind_tx *t = arg;
	struct db_stmt *st = NULL;
	int64_t id = 0;
	char obj[96], *detail;
	enum status ret;

	if ((ret = account_id(s, t->login, &id, e)) != ST_OK)
		return ret;
	ret = db_one(s, &st, e, "SELECT iin, name FROM eds_bindings WHERE "
		     "account_id = ?", DB_INT(id));
	if (ret == ST_NOTFOUND)
		return err_set(e, ST_NOTFOUND, "login", "Учётной записи «%s» не назначен владелец сертификата ЭЦП", t->login);
	if (ret != ST_OK)
		return ret;
	detail = *db_col_text(st, 0)
			 ? xasprintf("было: ИИН %s", db_col_text(st, 0))
			 : xasprintf("было: имя %s", db_col_text(st, 1));
	db_finalize(st);
	snprintf(obj, sizeof obj, "user:%s", t->login);
	if ((ret = db_exec(s, e, "DELETE FROM eds_bindings WHERE account_id "
			   "= ?", DB_INT(id))) == ST_OK)
		ret = audit_log(s, t->a, "eds.unbind", obj, detail, e);
	free(detail);
	return ret;
}

enum status
eds_unbind(struct store *s, const struct actor *a, const char *login,
	   struct err *e)
{
	struct bind_tx t = {a, login, NULL};
	enum status ret;

	if ((ret = actor_require(a, PERM_ACCOUNTS, e)) != ST_OK)
		return ret;
	return db_transact(s, DB_WRITE, unbind_tx, &t, e);
}

static enum status
list_ca(struct db_stmt *row, void *arg, struct err *e)
{
	(void)e;
	sb_printf(arg, "УЦ      %s (до %s, sha256 %.16s…)\n",
		  db_col_text(row, 0), db_col_text(row, 1),
		  db_col_text(row, 2));
	return ST_OK;
}

static enum status
list_binding(struct db_stmt *row, void *arg, struct err *e)
{
	(void)e;
	if (*db_col_text(row, 1))
		sb_printf(arg, "подпись %s: ИИН %s\n", db_col_text(row, 0),
			  db_col_text(row, 1));
	else
		sb_printf(arg, "подпись %s: «%s»\n", db_col_text(row, 0),
			  db_col_text(row, 2));
	return ST_OK;
}

enum status
eds_list(struct store *s, const struct actor *a, char **out, struct err *e)
{
	struct strbuf b = {0};
	enum status ret;

	*out = NULL;
	if (!role_allows(a->roles, PERM_ACCOUNTS) &&
	    (ret = actor_require(a, PERM_EXCHANGE, e)) != ST_OK)
		return ret;
	if ((ret = db_each(s, e, list_ca, &b, "SELECT subject, not_after, "
			   "sha256 FROM eds_trust ORDER BY id")) != ST_OK ||
	    (ret = db_each(s, e, list_binding, &b, "SELECT a.login, b.iin, "
			   "b.name FROM eds_bindings b JOIN accounts a ON "
			   "a.id = b.account_id ORDER BY a.login")) != ST_OK) {
		sb_free(&b);
		return ret;
	}
	*out = b.s ? sb_take(&b) : xstrdup("");
	return ST_OK;
}

struct pems {
	char **v;
	size_t n;
};

static enum status
add_pem(struct db_stmt *row, void *arg, struct err *e)
{
	struct pems *p = arg;

	(void)e;
	p->v = xrealloc(p->v, (p->n + 1) * sizeof *p->v);
	p->v[p->n++] = db_col_dup(row, 0);
	return ST_OK;
}

enum status
eds_check(struct store *s, const struct actor *a, const struct signer *sg,
	  struct err *e)
{
	struct pems p = {NULL, 0};
	struct db_stmt *st = NULL;
	enum status ret;
	size_t i;

	if ((ret = db_each(s, e, add_pem, &p, "SELECT pem FROM eds_trust "
			   "ORDER BY id")) != ST_OK)
		goto out;
	if ((ret = signer_check(sg, (const char *const *)p.v, p.n,
				clock_now(), e)) != ST_OK)
		goto out;
	ret = db_one(s, &st, e, "SELECT iin, name FROM eds_bindings WHERE "
		     "account_id = ?", DB_INT(a->id));
	if (ret == ST_NOTFOUND) {
		ret = err_set(e, ST_INVALID, "cert", "Учётной записи «%s» не назначен владелец сертификата ЭЦП: администратору — okno portal signer %s ИИН",
			      a->login, a->login);
		goto out;
	}
	if (ret != ST_OK)
		goto out;
	if (*db_col_text(st, 0) ? strcmp(db_col_text(st, 0),
					 signer_iin(sg)) != 0
				: strcmp(db_col_text(st, 1), signer_name(sg)) != 0)
		ret = err_set(e, ST_INVALID, "cert", "Сертификат «%s»%s%s не принадлежит учётной записи «%s» (%s%s)",
			      signer_name(sg), *signer_iin(sg) ? ", ИИН " : "",
			      signer_iin(sg), a->login,
			      *db_col_text(st, 0) ? "ИИН " : "владелец ",
			      *db_col_text(st, 0) ? db_col_text(st, 0)
						  : db_col_text(st, 1));
	db_finalize(st);
out:
	for (i = 0; i < p.n; i++)
		free(p.v[i]);
	free(p.v);
	return ret;
}
