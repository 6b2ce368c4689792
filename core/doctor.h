/* SPDX-License-Identifier: MIT */
/* okno doctor: the checks of an office server's installation. Each check
 * gives one item: ok, a warning, or a failure with what to fix. Owners
 * and modes of the binary, the configuration, the database and its
 * folder, the backup and print folders and the forms; the groups okno
 * (no members) and okno-windows (its accounts' shells and homes); the sshd
 * drop-in in force for the windows; the office time zone; the calendar
 * years ahead; the last closing line, seal and backup; free disk space;
 * with verify, the database's integrity and chains (backup_check). */
#ifndef OKNO_DOCTOR_H
#define OKNO_DOCTOR_H

#include <stddef.h>
#include <time.h>

enum doctor_level { DOCTOR_OK, DOCTOR_WARN, DOCTOR_FAIL };

#define DOCTOR_TEXT_MAX 768

struct doctor_item {
	enum doctor_level level;
	char what[48];              /* "база данных", "sshd", ... */
	char text[DOCTOR_TEXT_MAX]; /* the state, or what is wrong and the fix */
};

struct doctor_report {
	struct doctor_item *items;
	size_t n, cap;
	int warnings, failures;
};

/* What to check: the paths of this installation (from okno.conf, or the
 * package's defaults) and the names of the groups. */
struct doctor_setup {
	const char *binary;        /* the running okno */
	const char *config;        /* okno.conf */
	const char *database;
	const char *forms;
	const char *backup_dir;
	const char *print_dir;
	const char *timezone;      /* of new offices; the database's wins */
	const char *okno_group;    /* the setgid group: no members */
	const char *windows_group; /* the window accounts */
	const char *sshd;          /* the distribution's sshd binary */
	const char *sshd_config;   /* its main configuration */
	const char *sshd_dropin;   /* okno's drop-in */
	const char *sshd_pidfile;  /* to tell whether sshd read the drop-in */
	int verify;                /* also integrity and chains of the DB */
	time_t now;
};

void doctor_run(const struct doctor_setup *in, struct doctor_report *out);
void doctor_free(struct doctor_report *r);

#endif
