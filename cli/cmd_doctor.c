/* SPDX-License-Identifier: MIT */
/* okno doctor: check an office server's installation (core/doctor.c) and
 * print one line per item: ok, warn, or FAIL with what to fix. */
#include "cmds.h"
#include "config.h"
#include "doctor.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

const char usage_doctor[] =
	"Usage: okno doctor [--verify]\n"
	"\n"
	"Checks the office server and prints, per item, ok or what to fix:\n"
	"owners and modes of the binary (root:okno 2755), the configuration,\n"
	"the database and its folder (root:okno 0660 / 2770), the backup and\n"
	"print folders (root:okno 2770) and the forms; the group okno (no\n"
	"members) and the windows' group (their login shells and homes); the\n"
	"sshd drop-in in force for a window account (sshd -T); each window\n"
	"account bound to an okno account (user bind); the office time zone;\n"
	"the calendar ahead; the last closing line, journal seal and backup;\n"
	"free disk space. --verify also checks the database's integrity and\n"
	"the journal and audit chains. Run it as root (an installed, setgid\n"
	"okno refuses anyone else).\n"
	"Exit 1 when an item failed (warnings alone exit 0).\n";

/* The package's layout, for what okno.conf leaves out. */
#define PKG_DATABASE "/var/lib/okno/okno.db"
#define PKG_BACKUP_DIR "/var/backups/okno"
#define PKG_PRINT_DIR "/var/spool/okno"

static const char *
or_default(const char *value, const char *dflt)
{
	return value && *value ? value : dflt;
}

int
cmd_doctor(struct session *c, int argc, char **argv)
{
	const struct config *cfg = config_get();
	struct doctor_setup in = {0};
	struct doctor_report r;
	char exe[PATH_MAX];
	ssize_t n;
	size_t i;
	int k;

	/* Installed setgid, only root looks the server over: a window's
	 * account learns nothing of the backups or the journal from it. */
	if (config_privileged() && getuid() != 0) {
		fprintf(stderr, "okno: not allowed for this account: okno doctor запускается только от root\n");
		return status_exit_code(ST_DENIED);
	}
	for (k = 1; k < argc; k++) {
		if (strcmp(argv[k], "--verify") == 0)
			in.verify = 1;
		else
			return cli_usage("doctor", "unknown option");
	}
	n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	exe[n > 0 ? n : 0] = '\0';
	in.binary = n > 0 ? exe : "/usr/bin/okno";
	/* okno.conf as main() read it (its errors stop okno before this). */
	in.config = CONFIG_PATH;
	in.database = or_default(cfg->database, PKG_DATABASE);
	in.forms = or_default(cfg->forms, OKNO_FORMS_DIR);
	in.backup_dir = or_default(cfg->backup_dir, PKG_BACKUP_DIR);
	in.print_dir = or_default(cfg->print_dir, PKG_PRINT_DIR);
	in.timezone = or_default(cfg->timezone, "Asia/Almaty");
	in.windows_group = or_default(cfg->windows_group, CONFIG_WINDOWS_GROUP);
	in.okno_group = "okno";
	in.sshd = "/usr/sbin/sshd";
	in.sshd_config = "/etc/ssh/sshd_config";
	in.sshd_dropin = "/etc/ssh/sshd_config.d/okno.conf";
	in.sshd_pidfile = "/run/sshd.pid";
	in.now = time(NULL);
	(void)c;

	doctor_run(&in, &r);
	for (i = 0; i < r.n; i++) {
		const struct doctor_item *it = &r.items[i];

		printf("%-4s  ", it->level == DOCTOR_OK     ? "ok"
			       : it->level == DOCTOR_WARN ? "warn"
							  : "FAIL");
		cli_printf("%s: %s\n", it->what, it->text);
	}
	printf("okno doctor: %zu ok, %d warnings, %d failed\n",
	       r.n - (size_t)r.warnings - (size_t)r.failures, r.warnings,
	       r.failures);
	k = r.failures ? 1 : 0;
	doctor_free(&r);
	return k;
}
