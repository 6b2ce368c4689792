/* SPDX-License-Identifier: MIT */
/* okno init: a new database with its office and first admin. */
#include "cmds.h"
#include "account.h"
#include "db.h"
#include "office.h"
#include "util.h"

#include <getopt.h>
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

int
cmd_init(struct session *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{"office", required_argument, NULL, 'o'},
		{"name", required_argument, NULL, 'n'},
		{"region", required_argument, NULL, 'r'},
		{"address", required_argument, NULL, 'a'},
		{"admin", required_argument, NULL, 'A'},
		{"admin-name", required_argument, NULL, 'N'},
		{"timezone", required_argument, NULL, 'z'},
		{"training", no_argument, NULL, 't'},
		{"region-code", required_argument, NULL, 'R'},
		{"ministry", no_argument, NULL, 'M'},
		{"id-range", required_argument, NULL, 'I'},
		{NULL, 0, NULL, 0},
	};
	const char *region_code = NULL;
	long long id_range = 0;
	int ministry = 0;
	const char *office = NULL, *name = NULL, *region = NULL, *addr = "";
	const char *zone = NULL;
	int training = 0;
	const char *admin = "admin", *admin_name = "Администратор";
	struct err e = {0};
	struct stat sb;
	char *pw;
	int ch, code;

	optind = 0;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'o': office = optarg; break;
		case 'n': name = optarg; break;
		case 'r': region = optarg; break;
		case 'a': addr = optarg; break;
		case 'A': admin = optarg; break;
		case 'N': admin_name = optarg; break;
		case 'z': zone = optarg; break;
		case 't': training = 1; break;
		case 'R': region_code = optarg; break;
		case 'M': ministry = 1; break;
		case 'I':
			if (cli_parse_num(optarg, 1, 9000, &id_range))
				return cli_usage("init", "--id-range 1..9000");
			break;
		default: return cli_usage("init", "unknown option");
		}
	}
	if (!office || !name || !region || optind != argc)
		return cli_usage("init", "--office, --name and --region are "
					 "required");
	if (ministry && !region_code)
		return cli_usage("init", "--ministry goes with --region-code");
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
	if (!zone)
		zone = cli_default_zone();
	if ((code = cli_open(c, training ? 2 : 1)) != 0)
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
	if (store_set_zone(c->store, zone, &e) != ST_OK ||
	    (id_range && region_id_range(c->store, id_range, &e) != ST_OK) ||
	    (region_code && region_add(c->store, NULL, region_code, region,
				       ministry, &e) != ST_OK) ||
	    office_create(c->store, NULL, office, name, addr,
			  region_code ? region_code : region, &e) != ST_OK ||
	    account_add(c->store, NULL, admin, admin_name, "Администратор",
			ROLE_ADMIN, office, NULL, pw, NULL, &e) != ST_OK) {
		code = cli_fail(&e);
		store_close(c->store);
		c->store = NULL;
		if (db_name_is_uri(c->db_path))
			goto out;
		remove(c->db_path);
		{
			char *w = xasprintf("%s-wal", c->db_path);
			char *m = xasprintf("%s-shm", c->db_path);

			remove(w);
			remove(m);
			free(w);
			free(m);
		}
		goto out;
	}
	printf("Created %s%s: office %s, administrator '%s' (must change the "
	       "password at first login).\n", training ? "a training database "
	       : "", c->db_path, office, admin);
	code = 0;
out:
	free(pw);
	return code;
}
