/* SPDX-License-Identifier: MIT */
/* okno init: a new database with its office and first admin. */
#include "cmds.h"
#include "account.h"
#include "db.h"
#include "office.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

const char usage_init[] =
	"Usage: okno [--db FILE] init --office CODE --name NAME --region NAME\n"
	"                 [--address TEXT] [--admin LOGIN] [--admin-name FIO]\n"
	"                 [--timezone ZONE] [--training]\n"
	"                 [--region-code CODE [--ministry]] [--id-range N]\n"
	"\n"
	"Creates the database file (owner-only), the regional unit, the office\n"
	"(district/city unit) and the first administrator account (login\n"
	"'admin' unless --admin is given). The admin's password comes from the\n"
	"file named by $OKNO_NEW_PASSWORD_FILE (or $OKNO_PASSWORD_FILE), else\n"
	"from a prompt; it must be changed at the first login.\n"
	"--timezone: the office's time zone (default: timezone in okno.conf,\n"
	"else Asia/Almaty); every stamp is shown in it whatever TZ is set.\n"
	"--training: a training database, for practice and for tests: every\n"
	"screen, page and export says УЧЕБНЫЙ РЕЖИМ — ОБРАЗЕЦ, and only there\n"
	"may OKNO_NOW fix the clock, OKNO_CRYPT_COST cheapen password hashes\n"
	"and --forms name another forms folder. The mode is fixed for good.\n"
	"--region-code: the region's national code (default R1). --ministry:\n"
	"the unit is the ministry's (ДМП МВД), whose accounts reach every\n"
	"office: the national database. --id-range N (PostgreSQL, 1..9000):\n"
	"the database's ids start at N x 10^12, distinct for every region, so\n"
	"that the national database gathers them (docs/scale.md).\n";

/* What init is asked to create. */
struct init_args {
	const char *office, *name, *region, *addr, *zone;
	const char *admin, *admin_name;
	const char *region_code;
	long long id_range;
	int ministry, training;
};

/* The options into a; 0, or the usage exit code. */
static int
init_args_parse(int argc, char **argv, struct init_args *a)
{
	const struct cli_option opts[] = {
		CLI_STR("office", &a->office),
		CLI_STR("name", &a->name),
		CLI_STR("region", &a->region),
		CLI_STR("address", &a->addr),
		CLI_STR("admin", &a->admin),
		CLI_STR("admin-name", &a->admin_name),
		CLI_STR("timezone", &a->zone),
		CLI_FLAG("training", &a->training),
		CLI_STR("region-code", &a->region_code),
		CLI_FLAG("ministry", &a->ministry),
		CLI_NUM("id-range", &a->id_range, 1, 9000, "--id-range 1..9000"),
		CLI_END,
	};
	int rest, code;

	memset(a, 0, sizeof *a);
	a->addr = "";
	a->admin = "admin";
	a->admin_name = "Администратор";
	if ((code = cli_options("init", opts, argc, argv, &rest)) != 0)
		return code;
	if (!a->office || !a->name || !a->region || rest != argc)
		return cli_usage("init", "--office, --name and --region are "
					 "required");
	if (a->ministry && !a->region_code)
		return cli_usage("init", "--ministry goes with --region-code");
	return 0;
}

/* A database file init made and could not finish, with its -wal and
 * -shm. */
static void
remove_database(const char *path)
{
	char *w = xasprintf("%s-wal", path);
	char *m = xasprintf("%s-shm", path);

	remove(path);
	remove(w);
	remove(m);
	free(w);
	free(m);
}

int
cmd_init(struct session *c, int argc, char **argv)
{
	struct init_args a;
	struct err e = {0};
	struct stat sb;
	char *pw;
	int code;

	if ((code = init_args_parse(argc, argv, &a)) != 0)
		return code;
	if (!db_name_is_uri(c->db_path) && stat(c->db_path, &sb) == 0) {
		fprintf(stderr, "okno: %s already exists; init refuses to touch "
				"an existing database\n", c->db_path);
		return status_exit_code(ST_CONFLICT);
	}
	pw = cli_secret(getenv("OKNO_NEW_PASSWORD_FILE") ? "OKNO_NEW_PASSWORD_FILE"
							 : "OKNO_PASSWORD_FILE",
			"Пароль администратора: ");
	if (!pw)
		return status_exit_code(ST_USAGE);
	if (!a.zone)
		a.zone = cli_default_zone();
	if ((code = cli_open(c, a.training ? 2 : 1)) != 0)
		goto out;
	/* A PostgreSQL database is made by its owner beforehand; init takes
	 * one whose schema holds no office yet. */
	if (db_name_is_uri(c->db_path) &&
	    db_int(c->store, 1, "SELECT count(*) FROM offices") != 0) {
		fprintf(stderr, "okno: %s already holds offices; init refuses to "
				"touch an existing database\n", c->db_path);
		code = status_exit_code(ST_CONFLICT);
		goto out;
	}
	if (store_set_zone(c->store, a.zone, &e) != ST_OK ||
	    (a.id_range &&
	     region_id_range(c->store, a.id_range, &e) != ST_OK) ||
	    (a.region_code && region_add(c->store, NULL, a.region_code,
					 a.region, a.ministry, &e) != ST_OK) ||
	    office_create(c->store, NULL, a.office, a.name, a.addr,
			  a.region_code ? a.region_code : a.region,
			  &e) != ST_OK ||
	    account_add(c->store, NULL, a.admin, a.admin_name, "Администратор",
			ROLE_ADMIN, a.office, NULL, pw, NULL, &e) != ST_OK) {
		code = cli_fail(&e);
		store_close(c->store);
		c->store = NULL;
		if (!db_name_is_uri(c->db_path))
			remove_database(c->db_path);
		goto out;
	}
	printf("Created %s%s: office %s, administrator '%s' (must change the "
	       "password at first login).\n", a.training ? "a training database "
	       : "", c->db_path, a.office, a.admin);
	code = 0;
out:
	free(pw);
	return code;
}
