/* SPDX-License-Identifier: MIT */
/* Offices and windows. */
#include "office.h"
#include "audit.h"
#include "db.h"
#include "util.h"

#include <stdio.h>
#include <string.h>

/* One office from a row of OFFICE_SELECT (a db_fill_fn). */
static void
fill(struct db_stmt *st, void *elem)
{
	struct office_info *o = elem;

	memset(o, 0, sizeof *o);
	o->id = db_col_int64(st, 0);
	snprintf(o->code, sizeof o->code, "%s", db_col_text(st, 1));
	snprintf(o->name, sizeof o->name, "%s", db_col_text(st, 2));
	snprintf(o->address, sizeof o->address, "%s", db_col_text(st, 3));
	snprintf(o->region_code, sizeof o->region_code, "%s",
		 db_col_text(st, 4));
	snprintf(o->region_name, sizeof o->region_name, "%s",
		 db_col_text(st, 5));
}

#define OFFICE_SELECT                                                    \
	"SELECT o.id, o.code, o.name, o.address, r.code, r.name "        \
	"FROM offices o JOIN regions r ON r.id = o.region_id "

static enum status
get_where(struct store *s, const char *where, const char *text, long long id,
	  struct office_info *out, const char *what, struct err *e)
{
	char *sql = xasprintf(OFFICE_SELECT "%s", where);
	struct db_stmt *st = db_prepare(s, sql, e);
	enum status ret;
	int rc, rows = 0;

	free(sql);
	if (!st)
		return e ? e->st : ST_STORAGE;
	if (text)
		db_bind_text(st, 1, text);
	else if (id)
		db_bind_int64(st, 1, id);
	while ((rc = db_step(st, e)) == DB_ROW && rows < 2) {
		if (rows++ == 0)
			fill(st, out);
	}
	db_finalize(st);
	if (rows == 1)
		ret = ST_OK;
	else if (rows == 0)
		ret = err_set(e, ST_NOTFOUND, "office",
			      "Подразделение %s не найдено", what);
	else
		ret = err_set(e, ST_USAGE, "office",
			      "В базе несколько подразделений: укажите --office КОД");
	return ret;
}

enum status
office_get(struct store *s, const char *code, struct office_info *out,
	   struct err *e)
{
	char what[64];

	snprintf(what, sizeof what, "«%s»", code ? code : "");
	return get_where(s, "WHERE o.code = ?", code ? code : "", 0, out, what,
			 e);
}

enum status
office_get_id(struct store *s, long long id, struct office_info *out,
	      struct err *e)
{
	return get_where(s, "WHERE o.id = ?", NULL, id, out, "", e);
}

enum status
office_list(struct store *s, struct office_info **out, size_t *n,
	    struct err *e)
{
	return db_rows(s, e, out, n, fill, NULL, OFFICE_SELECT "ORDER BY o.code");
}

enum status
office_default(struct store *s, struct office_info *out, struct err *e)
{
	return get_where(s, "ORDER BY o.id LIMIT 2", NULL, 0, out, "", e);
}

struct office_new {
	const struct actor *a;
	const char *code, *name, *address, *region_name;
};

/* The first office of an empty database is created before any account
 * exists (init); every later one needs the offices' permission. */
static enum status
may_add_office(struct store *s, const struct actor *a, struct err *e)
{
	if (a == NULL && db_int(s, -1, "SELECT count(*) FROM offices") == 0)
		return ST_OK;
	return actor_require(a, PERM_OFFICES, e);
}

static enum status
office_create_tx(struct store *s, void *arg, struct err *e)
{
	const struct office_new *o = arg;
	enum status ret;
	int64_t region = 0;
	char *obj;

	if ((ret = may_add_office(s, o->a, e)) != ST_OK)
		return ret;
	/* A region is named by its code or its name; a new name gets a
	 * code of its own, derived once. */
	if ((ret = db_int64(s, e, &region, 0, "SELECT id FROM regions WHERE "
			    "code = ?1 OR name = ?1 ORDER BY code <> ?1 "
			    "LIMIT 1", DB_TEXT(o->region_name))) != ST_OK)
		return ret;
	if (region == 0) {
		char rcode[32];

		snprintf(rcode, sizeof rcode, "R%lld",
			 (long long)db_int(s, 0, "SELECT count(*) + 1 FROM "
					   "regions"));
		if ((ret = db_int64(s, e, &region, 0, "INSERT INTO regions("
				    "code, name) VALUES (?, ?) RETURNING id",
				    DB_TEXT(rcode), DB_TEXT(o->region_name))) !=
		    ST_OK)
			return ret;
	}
	ret = db_exec(s, e, "INSERT INTO offices(code, name, address, "
		      "region_id) VALUES (?, ?, ?, ?)", DB_TEXT(o->code),
		      DB_TEXT(o->name), DB_TEXT(o->address ? o->address : ""),
		      DB_INT(region));
	if (ret == ST_CONFLICT)
		return err_set(e, ST_CONFLICT, "office",
			       "Подразделение с кодом «%s» уже существует",
			       o->code);
	if (ret != ST_OK)
		return ret;
	obj = xasprintf("office:%s", o->code);
	ret = audit_log(s, o->a, "office.add", obj, o->name, e);
	free(obj);
	return ret;
}

enum status
office_create(struct store *s, const struct actor *a, const char *code,
	      const char *name, const char *address, const char *region_name,
	      struct err *e)
{
	struct office_new o = { a, code, name, address, region_name };

	if (!code || !*code || strlen(code) > 31 || strpbrk(code, " \t\n"))
		return err_set(e, ST_INVALID, "office",
			       "Код подразделения: от 1 до 31 символа без пробелов");
	if (!name || !*name || !utf8_valid(name) || utf8_len(name) > 200)
		return err_set(e, ST_INVALID, "name",
			       "Наименование подразделения: не заполнено или длиннее 200 символов");
	if (!region_name || !*region_name || !utf8_valid(region_name) ||
	    utf8_len(region_name) > 200)
		return err_set(e, ST_INVALID, "region",
			       "Регион (УМП ДВД): не заполнено или длиннее 200 символов");
	return db_transact(s, DB_WRITE, office_create_tx, &o, e);
}

struct region_new {
	const struct actor *a;
	const char *code, *name;
	int ministry;
};

static enum status
region_add_tx(struct store *s, void *arg, struct err *e)
{
	const struct region_new *r = arg;
	enum status ret;
	char *obj;

	if ((ret = may_add_office(s, r->a, e)) != ST_OK)
		return ret;
	if (db_int(s, 0, "SELECT count(*) FROM regions WHERE code = ? OR "
		   "name = ?", DB_TEXT(r->code), DB_TEXT(r->name)) > 0)
		return err_set(e, ST_CONFLICT, "region",
			       "Регион с кодом «%s» или наименованием «%s» уже есть",
			       r->code, r->name);
	if ((ret = db_exec(s, e, "INSERT INTO regions(code, name, level) "
			   "VALUES (?, ?, ?)", DB_TEXT(r->code),
			   DB_TEXT(r->name),
			   DB_TEXT(r->ministry ? "ministry" : "region"))) !=
	    ST_OK)
		return ret;
	obj = xasprintf("region:%s", r->code);
	ret = audit_log(s, r->a, "region.add", obj, r->name, e);
	free(obj);
	return ret;
}

enum status
region_add(struct store *s, const struct actor *a, const char *code,
	   const char *name, int ministry, struct err *e)
{
	struct region_new r = { a, code, name, ministry };

	if (!code || !*code || strlen(code) > 31 || strpbrk(code, " \t\n"))
		return err_set(e, ST_INVALID, "region",
			       "Код региона: от 1 до 31 символа без пробелов");
	if (!name || !*name || !utf8_valid(name) || utf8_len(name) > 200)
		return err_set(e, ST_INVALID, "name",
			       "Наименование региона (УМП ДВД): не заполнено или длиннее 200 символов");
	return db_transact(s, DB_WRITE, region_add_tx, &r, e);
}

/* One region from a row (a db_fill_fn). */
static void
fill_region(struct db_stmt *st, void *elem)
{
	struct region_info *r = elem;

	r->id = db_col_int64(st, 0);
	snprintf(r->code, sizeof r->code, "%s", db_col_text(st, 1));
	snprintf(r->name, sizeof r->name, "%s", db_col_text(st, 2));
	r->offices = db_col_int(st, 3);
	r->ministry = !strcmp(db_col_text(st, 4), "ministry");
}

enum status
region_list(struct store *s, struct region_info **out, size_t *n,
	    struct err *e)
{
	return db_rows(s, e, out, n, fill_region, NULL,
		       "SELECT r.id, r.code, r.name, (SELECT count(*) FROM "
		       "offices o WHERE o.region_id = r.id), r.level FROM "
		       "regions r ORDER BY r.code");
}

enum status
region_id_range(struct store *s, long long range, struct err *e)
{
	enum status ret;
	char *sql;

	if (db_engine(s) != DB_POSTGRES)
		return err_set(e, ST_INVALID, "id-range",
			       "Диапазон идентификаторов задаётся только для базы на сервере PostgreSQL");
	if (range < 1 || range > 9000)
		return err_set(e, ST_INVALID, "id-range",
			       "Диапазон идентификаторов: от 1 до 9000");
	/* Every identity column of okno's schema restarts at the range. */
	sql = xasprintf("DO $$DECLARE t text; BEGIN FOR t IN SELECT "
			"table_name FROM information_schema.columns WHERE "
			"table_schema = 'public' AND column_name = 'id' AND "
			"is_identity = 'YES' LOOP EXECUTE format('ALTER TABLE "
			"%%I ALTER COLUMN id RESTART WITH %lld', t); END LOOP; "
			"END$$", range * REGION_ID_RANGE);
	ret = db_script(s, sql, e);
	free(sql);
	return ret;
}

int
region_reaches(struct store *s, long long region_id, long long office_id)
{
	return db_int(s, 0, "SELECT CASE WHEN " REGION_REACH_SQL("?1", "?2")
		      " THEN 1 ELSE 0 END", DB_INT(office_id),
		      DB_INT(region_id)) == 1;
}

void
actor_unit_name(struct store *s, const struct actor *a, char *out, size_t n)
{
	char *name = NULL;

	out[0] = '\0';
	if (!a)
		return;
	if (a->office_id ? db_text(s, NULL, &name, NULL, "SELECT name FROM "
				   "offices WHERE id = ?",
				   DB_INT(a->office_id)) == ST_OK
			 : db_text(s, NULL, &name, NULL, "SELECT name FROM "
				   "regions WHERE id = ?",
				   DB_INT(a->region_id)) == ST_OK)
		snprintf(out, n, "%s", name ? name : "");
	free(name);
}

struct window_seat {
	const struct actor *a;
	const char *office_code, *login;
	int number;
};

static enum status
window_set_tx(struct store *s, void *arg, struct err *e)
{
	const struct window_seat *w = arg;
	struct office_info o;
	long long account = 0;
	enum status ret;
	char *obj;

	if ((ret = office_get(s, w->office_code, &o, e)) != ST_OK)
		return ret;
	if (w->login && *w->login) {
		account = db_int(s, 0, "SELECT id FROM accounts WHERE "
				 "login = ?", DB_TEXT(w->login));
		if (account <= 0)
			return err_set(e, ST_NOTFOUND, "login",
				       "Учётная запись «%s» не найдена",
				       w->login);
		/* One inspector sits at one window at a time. */
		if ((ret = db_exec(s, e, "UPDATE windows SET account_id = "
				   "NULL WHERE account_id = ?",
				   DB_INT(account))) != ST_OK)
			return ret;
	}
	if ((ret = db_exec(s, e, "INSERT INTO windows(office_id, number, "
			   "account_id) VALUES (?, ?, ?) ON CONFLICT"
			   "(office_id, number) DO UPDATE SET "
			   "account_id = excluded.account_id", DB_INT(o.id),
			   DB_INT(w->number),
			   account ? DB_INT(account) : DB_NULL)) != ST_OK)
		return ret;
	obj = xasprintf("window:%s/%d", o.code, w->number);
	ret = audit_log(s, w->a, "window.set", obj, w->login ? w->login : "",
			e);
	free(obj);
	return ret;
}

enum status
window_set(struct store *s, const struct actor *a, const char *office_code,
	   int number, const char *login, struct err *e)
{
	struct window_seat w = { a, office_code, login, number };
	enum status ret;

	if ((ret = actor_require(a, PERM_OFFICES, e)) != ST_OK)
		return ret;
	if (number < 1 || number > 999)
		return err_set(e, ST_INVALID, "window",
			       "Номер окна: от 1 до 999");
	return db_transact(s, DB_WRITE, window_set_tx, &w, e);
}

struct window_printer {
	const struct actor *a;
	long long office_id;
	int number;
	const char *printer;
};

static enum status
window_printer_tx(struct store *s, void *arg, struct err *e)
{
	const struct window_printer *w = arg;
	enum status ret;
	char *obj;

	if ((ret = db_exec(s, e, "UPDATE windows SET printer = ? WHERE "
			   "office_id = ? AND number = ?",
			   w->printer ? DB_TEXT(w->printer) : DB_NULL,
			   DB_INT(w->office_id), DB_INT(w->number))) != ST_OK)
		return ret;
	obj = xasprintf("window:%d", w->number);
	ret = audit_log(s, w->a, "window.printer", obj,
			w->printer ? w->printer : "", e);
	free(obj);
	return ret;
}

enum status
window_set_printer(struct store *s, const struct actor *a, long long office_id,
		   int number, const char *printer, struct err *e)
{
	struct window_printer w = { a, office_id, number, printer };
	enum status ret;
	char *folder = NULL;

	if (!a || a->id <= 0)
		return err_set(e, ST_DENIED, "", "Требуется вход в систему");
	/* A window prints to a folder, never to one file: the next document
	 * would replace the last. */
	if (printer && str_starts(printer, "file:") && *printer &&
	    printer[strlen(printer) - 1] != '/') {
		const char *slash = strrchr(printer + 5, '/');

		folder = slash ? xasprintf("file:%.*s/",
					   (int)(slash - (printer + 5)),
					   printer + 5)
			       : xstrdup("file:./");
		w.printer = folder;
	}
	ret = db_transact(s, DB_WRITE, window_printer_tx, &w, e);
	free(folder);
	return ret;
}

/* One window from a row (a db_fill_fn). */
static void
fill_window(struct db_stmt *st, void *elem)
{
	struct window_info *w = elem;

	w->number = db_col_int(st, 0);
	snprintf(w->login, sizeof w->login, "%s", db_col_text(st, 1));
	snprintf(w->full_name, sizeof w->full_name, "%s", db_col_text(st, 2));
	snprintf(w->position, sizeof w->position, "%s", db_col_text(st, 3));
	snprintf(w->printer, sizeof w->printer, "%s", db_col_text(st, 4));
}

enum status
window_list(struct store *s, long long office_id, struct window_info **out,
	    size_t *n, struct err *e)
{
	return db_rows(s, e, out, n, fill_window, NULL,
		       "SELECT w.number, COALESCE(a.login, ''), "
		       "COALESCE(a.full_name, ''), COALESCE(a.position, ''), "
		       "COALESCE(w.printer, '') FROM windows w LEFT JOIN "
		       "accounts a ON a.id = w.account_id WHERE w.office_id = ?"
		       " ORDER BY w.number", DB_INT(office_id));
}

int
window_of(struct store *s, long long account_id)
{
	return (int)db_int(s, 0, "SELECT number FROM windows WHERE "
			   "account_id = ?", DB_INT(account_id));
}
