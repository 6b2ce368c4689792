/* SPDX-License-Identifier: MIT */
/* okno doctor: the checks of an installation (see doctor.h). Nothing here
 * changes anything: the database is opened read-only, sshd is asked for
 * the settings it would apply (sshd -T), the rest is stat(2). */
#include "doctor.h"
#include "audit.h"
#include "backup.h"
#include "calendar.h"
#include "clock.h"
#include "date.h"
#include "db.h"
#include "journal.h"
#include "store.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/wait.h>
#include <unistd.h>
#include <dirent.h>

#define BACKUP_MAX_AGE (26 * 3600)  /* a nightly copy, with slack */
#define SEAL_MAX_DAYS 31
#define DISK_MIN_FREE (64LL << 20)
#define DUE_AHEAD_DAYS 30           /* working days the calendar must cover */

extern char **environ;

static void __attribute__((format(printf, 4, 5)))
add(struct doctor_report *r, enum doctor_level level, const char *what,
    const char *fmt, ...)
{
	struct doctor_item *it;
	va_list ap;

	XGROW(r->items, r->n, r->cap);
	it = &r->items[r->n++];
	it->level = level;
	snprintf(it->what, sizeof it->what, "%s", what);
	va_start(ap, fmt);
	vsnprintf(it->text, sizeof it->text, fmt, ap);
	va_end(ap);
	if (level == DOCTOR_WARN)
		r->warnings++;
	else if (level == DOCTOR_FAIL)
		r->failures++;
}

void
doctor_free(struct doctor_report *r)
{
	free(r->items);
	memset(r, 0, sizeof *r);
}

static void
owner_names(const struct stat *sb, char *out, size_t n)
{
	struct passwd *pw = getpwuid(sb->st_uid);
	char user[64];
	struct group *gr;

	snprintf(user, sizeof user, "%s", pw ? pw->pw_name : "?");
	if (!pw)
		snprintf(user, sizeof user, "%u", (unsigned)sb->st_uid);
	gr = getgrgid(sb->st_gid);
	if (gr)
		snprintf(out, n, "%s:%s", user, gr->gr_name);
	else
		snprintf(out, n, "%s:%u", user, (unsigned)sb->st_gid);
}

/* A file or folder that must be owner root (want_root), group gid (or any
 * when gid is -1) and exactly mode. Returns 1 when it is. */
static int
check_node(struct doctor_report *r, const char *what, const char *path,
	   int dir, int want_root, long gid, const char *group,
	   unsigned mode)
{
	struct stat sb;
	char have[160], fix[512] = "";

	if (lstat(path, &sb) != 0) {
		add(r, DOCTOR_FAIL, what, "%s: %s", path, strerror(errno));
		return 0;
	}
	if (S_ISLNK(sb.st_mode)) {
		add(r, DOCTOR_FAIL, what, "%s — символическая ссылка; нужен сам %s", path, dir ? "каталог" : "файл");
		return 0;
	}
	if (dir ? !S_ISDIR(sb.st_mode) : !S_ISREG(sb.st_mode)) {
		add(r, DOCTOR_FAIL, what, "%s — не %s", path,
		    dir ? "каталог" : "обычный файл");
		return 0;
	}
	owner_names(&sb, have, sizeof have);
	if ((want_root && sb.st_uid != 0) ||
	    (gid >= 0 && sb.st_gid != (gid_t)gid)) {
		snprintf(fix, sizeof fix, "chown %s%s%s %s",
			 want_root ? "root" : "", gid >= 0 ? ":" : "",
			 gid >= 0 ? group : "", path);
	}
	if ((sb.st_mode & 07777) != mode) {
		size_t l = strlen(fix);

		snprintf(fix + l, sizeof fix - l, "%schmod %04o %s",
			 l ? " && " : "", mode, path);
	}
	if (fix[0]) {
		char want[128];

		if (want_root)
			snprintf(want, sizeof want, "root:%s ", gid >= 0 ? group
								       : "*");
		else
			snprintf(want, sizeof want, "группа %s, ", group);
		add(r, DOCTOR_FAIL, what, "%s: %s %04o, нужно %s%04o. Исправьте: %s", path, have,
		    (unsigned)(sb.st_mode & 07777), want, mode, fix);
		return 0;
	}
	add(r, DOCTOR_OK, what, "%s %s %04o", path, have,
	    (unsigned)(sb.st_mode & 07777));
	return 1;
}

/* Root's, and writable by no one else (the configuration, the drop-in). */
static int
check_root_only(struct doctor_report *r, const char *what, const char *path,
		int dir)
{
	struct stat sb;
	char have[160];

	if (lstat(path, &sb) != 0) {
		add(r, DOCTOR_FAIL, what, "%s: %s", path, strerror(errno));
		return 0;
	}
	owner_names(&sb, have, sizeof have);
	if (S_ISLNK(sb.st_mode) ||
	    (dir ? !S_ISDIR(sb.st_mode) : !S_ISREG(sb.st_mode))) {
		add(r, DOCTOR_FAIL, what, "%s — не %s", path,
		    dir ? "каталог" : "обычный файл");
		return 0;
	}
	if (sb.st_uid != 0 || (sb.st_mode & 022)) {
		add(r, DOCTOR_FAIL, what, "%s: %s %04o, писать в него может не только root. Исправьте: chown root %s && chmod go-w %s",
		    path, have, (unsigned)(sb.st_mode & 07777), path, path);
		return 0;
	}
	add(r, DOCTOR_OK, what, "%s %s %04o", path, have,
	    (unsigned)(sb.st_mode & 07777));
	return 1;
}

static long
group_id(const char *name)
{
	struct group *g = getgrnam(name);

	return g ? (long)g->gr_gid : -1;
}

/* Run argv, stdout into out (NUL-terminated, cut at n), stderr dropped.
 * The exit status, or -1 when it could not run. */
static int
run_capture(char *const argv[], char *out, size_t n)
{
	posix_spawn_file_actions_t fa;
	int pipefd[2], status = 0;
	size_t len = 0;
	ssize_t got;
	pid_t pid;

	out[0] = '\0';
	if (pipe2(pipefd, O_CLOEXEC) != 0)
		return -1;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, pipefd[1], 1);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	if (posix_spawn(&pid, argv[0], &fa, NULL, argv, environ) != 0) {
		posix_spawn_file_actions_destroy(&fa);
		close(pipefd[0]);
		close(pipefd[1]);
		return -1;
	}
	posix_spawn_file_actions_destroy(&fa);
	close(pipefd[1]);
	while ((got = read(pipefd[0], out + len, n - 1 - len)) != 0) {
		if (got < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		len += (size_t)got;
		if (len == n - 1) { /* drain the rest */
			char sink[4096];

			while (read(pipefd[0], sink, sizeof sink) > 0)
				;
			break;
		}
	}
	out[len] = '\0';
	close(pipefd[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* The value of "key value" in sshd -T output, or NULL. */
static const char *
sshd_value(const char *cfg, const char *key, char *val, size_t n)
{
	size_t kl = strlen(key);
	const char *p = cfg;

	while (p && *p) {
		if (strncmp(p, key, kl) == 0 && p[kl] == ' ') {
			size_t l = strcspn(p + kl + 1, "\n");

			snprintf(val, n, "%.*s", (int)l, p + kl + 1);
			return val;
		}
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return NULL;
}

static int
login_shell(const char *shell)
{
	const char *b = strrchr(shell, '/');

	b = b ? b + 1 : shell;
	return strcmp(b, "nologin") != 0 && strcmp(b, "false") != 0 && *b;
}

/* The window accounts: members of the group, by the group's list or as
 * their primary group. */
struct member {
	char name[64], shell[256], home[PATH_MAX];
	uid_t uid;
	gid_t gid;
};

static size_t
group_members(gid_t gid, struct member **out)
{
	struct member *v = NULL;
	size_t n = 0, cap = 0;
	struct group *g = getgrgid(gid);
	char **names = NULL;
	size_t nn = 0, i;
	struct passwd *pw;

	if (g)
		for (; g->gr_mem[nn]; nn++)
			;
	names = xcalloc(nn + 1, sizeof *names);
	for (i = 0; i < nn; i++)
		names[i] = xstrdup(g->gr_mem[i]);
	setpwent();
	while ((pw = getpwent())) {
		int in = pw->pw_gid == gid;

		for (i = 0; !in && i < nn; i++)
			in = strcmp(names[i], pw->pw_name) == 0;
		if (!in)
			continue;
		XGROW(v, n, cap);
		snprintf(v[n].name, sizeof v[n].name, "%s", pw->pw_name);
		snprintf(v[n].shell, sizeof v[n].shell, "%s", pw->pw_shell);
		snprintf(v[n].home, sizeof v[n].home, "%s", pw->pw_dir);
		v[n].uid = pw->pw_uid;
		v[n].gid = pw->pw_gid;
		n++;
	}
	endpwent();
	for (i = 0; i < nn; i++)
		free(names[i]);
	free(names);
	*out = v;
	return n;
}

static int
in_group(const struct member *m, gid_t gid)
{
	gid_t list[256];
	int n = (int)(sizeof list / sizeof list[0]), i;

	if (m->gid == gid)
		return 1;
	if (getgrouplist(m->name, m->gid, list, &n) < 0)
		return 0;
	for (i = 0; i < n; i++)
		if (list[i] == gid)
			return 1;
	return 0;
}

static void
check_groups(const struct doctor_setup *in, struct doctor_report *r,
	     struct member **win, size_t *nwin)
{
	long okno = group_id(in->okno_group), windows;
	struct member *m;
	size_t n, i, wcap = 0;
	char names[512] = "";

	*win = NULL;
	*nwin = 0;
	if (okno < 0) {
		add(r, DOCTOR_FAIL, "группа okno", "группы «%s» нет. Исправьте: addgroup --system %s", in->okno_group,
		    in->okno_group);
	} else {
		n = group_members((gid_t)okno, &m);
		for (i = 0; i < n; i++) {
			size_t l = strlen(names);

			snprintf(names + l, sizeof names - l, "%s%s",
				 l ? ", " : "", m[i].name);
		}
		if (n)
			add(r, DOCTOR_FAIL, "группа okno", "в группе «%s» не должно быть учётных записей, а в ней: %s. Исправьте: gpasswd -d УЧЁТНАЯ_ЗАПИСЬ %s",
			    in->okno_group, names, in->okno_group);
		else
			add(r, DOCTOR_OK, "группа okno", "«%s» (gid %ld), без членов", in->okno_group, okno);
		free(m);
	}

	windows = group_id(in->windows_group);
	if (windows < 0) {
		add(r, DOCTOR_FAIL, "группа окон", "группы «%s» нет. Исправьте: addgroup --system %s", in->windows_group,
		    in->windows_group);
		return;
	}
	n = group_members((gid_t)windows, &m);
	names[0] = '\0';
	for (i = 0; i < n; i++) {
		struct stat sb;
		const char *b = strrchr(m[i].shell, '/');
		int bad_shell, home_writable = 0;

		if (!login_shell(m[i].shell))
			continue; /* the board's account: no login at all */
		{
			size_t l = strlen(names);

			snprintf(names + l, sizeof names - l, "%s%s",
				 l ? ", " : "", m[i].name);
		}
		if (okno >= 0 && in_group(&m[i], (gid_t)okno))
			add(r, DOCTOR_FAIL, "учётная запись окна", "%s входит в группу «%s» и может читать базу данных в обход okno. Исправьте: gpasswd -d %s %s", m[i].name,
			    in->okno_group, m[i].name, in->okno_group);
		b = b ? b + 1 : m[i].shell;
		bad_shell = strcmp(b, "sh") != 0 && strcmp(b, "dash") != 0;
		if (stat(m[i].home, &sb) == 0)
			home_writable = (sb.st_uid == m[i].uid &&
					 (sb.st_mode & 0200)) ||
					(sb.st_gid == m[i].gid &&
					 (sb.st_mode & 0020)) ||
					(sb.st_mode & 0002);
		if (bad_shell && home_writable)
			add(r, DOCTOR_FAIL, "учётная запись окна", "%s: оболочка %s читает файлы из домашнего каталога %s, а он доступен учётной записи на запись. Исправьте: usermod -s /bin/sh %s && chown root:root %s && chmod 755 %s", m[i].name, m[i].shell, m[i].home,
			    m[i].name, m[i].home, m[i].home);
		else if (bad_shell)
			add(r, DOCTOR_WARN, "учётная запись окна", "%s: оболочка %s (нужна /bin/sh). Исправьте: usermod -s /bin/sh %s", m[i].name, m[i].shell, m[i].name);
		else if (home_writable)
			add(r, DOCTOR_WARN, "учётная запись окна", "%s: домашний каталог %s доступен ей на запись. Исправьте: chown root:root %s && chmod 755 %s", m[i].name,
			    m[i].home, m[i].home, m[i].home);
		XGROW(*win, *nwin, wcap);
		(*win)[(*nwin)++] = m[i];
	}
	add(r, DOCTOR_OK, "группа окон", "«%s» (gid %ld): %s", in->windows_group,
	    windows, names[0] ? names : "учётных записей окон пока нет");
	free(m);
}

static void
check_sshd(const struct doctor_setup *in, struct doctor_report *r,
	   const struct member *win, size_t nwin)
{
	char spec[256], out[65536], val[512], want[PATH_MAX + 16];
	char *argv[] = {(char *)in->sshd, "-T", "-f", (char *)in->sshd_config,
			"-C", spec, NULL};
	static const struct {
		const char *key, *value;
	} need[] = {
		{"disableforwarding", "yes"}, {"allowtcpforwarding", "no"},
		{"allowagentforwarding", "no"}, {"x11forwarding", "no"},
		{"allowstreamlocalforwarding", "no"}, {"permittunnel", "no"},
		{"permituserrc", "no"},
	};
	struct stat sd, sp;
	size_t i;
	int rc;

	if (access(in->sshd, X_OK) != 0) {
		add(r, DOCTOR_FAIL, "sshd", "%s не установлен: окна входят по SSH. Исправьте: apt-get install openssh-server", in->sshd);
		return;
	}
	if (!check_root_only(r, "sshd drop-in", in->sshd_dropin, 0))
		return;
	if (!nwin) {
		add(r, DOCTOR_WARN, "sshd", "нет учётных записей окон: настройки для них проверить не на ком");
		return;
	}
	snprintf(spec, sizeof spec, "user=%s,host=localhost,addr=127.0.0.1",
		 win[0].name);
	rc = run_capture(argv, out, sizeof out);
	if (rc != 0) {
		add(r, DOCTOR_WARN, "sshd", "%s -T не сработал (код %d): проверьте конфигурацию (sshd -t) и запустите okno doctor от root", in->sshd, rc);
		return;
	}
	snprintf(want, sizeof want, "%s --kiosk", in->binary);
	if (!sshd_value(out, "forcecommand", val, sizeof val) ||
	    (strcmp(val, want) != 0 && strcmp(val, "okno --kiosk") != 0)) {
		add(r, DOCTOR_FAIL, "sshd", "для окна %s sshd не включает ForceCommand %s (сейчас: %s): %s не действует. Проверьте строку «Include /etc/ssh/sshd_config.d/*.conf» в начале %s", win[0].name, want,
		    sshd_value(out, "forcecommand", val, sizeof val) ? val
								     : "нет",
		    in->sshd_dropin, in->sshd_config);
		return;
	}
	for (i = 0; i < sizeof need / sizeof need[0]; i++)
		if (!sshd_value(out, need[i].key, val, sizeof val) ||
		    strcmp(val, need[i].value) != 0) {
			add(r, DOCTOR_FAIL, "sshd", "для окна %s sshd даёт %s %s, нужно %s (%s)", win[0].name, need[i].key,
			    sshd_value(out, need[i].key, val, sizeof val)
				    ? val : "—", need[i].value, in->sshd_dropin);
			return;
		}
	if (stat(in->sshd_pidfile, &sp) != 0) {
		add(r, DOCTOR_WARN, "sshd", "drop-in действует для окон (проверено на %s), но sshd не запущен (%s нет): окна не смогут войти. Исправьте: service ssh start", win[0].name,
		    in->sshd_pidfile);
		return;
	}
	if (stat(in->sshd_dropin, &sd) == 0 && sd.st_mtime > sp.st_mtime) {
		add(r, DOCTOR_WARN, "sshd", "%s изменён после запуска sshd. Исправьте: service ssh reload", in->sshd_dropin);
		return;
	}
	add(r, DOCTOR_OK, "sshd", "drop-in действует: для окна %s — ForceCommand %s, без пересылок и ~/.ssh/rc", win[0].name, val);
}

/* Kazakhstan has one time zone, UTC+5, since 1 March 2024; a zone of the
 * country with another offset now means an old tzdata. */
static int
kazakh_zone(const char *z)
{
	static const char *const zones[] = {
		"Asia/Almaty", "Asia/Qostanay", "Asia/Aqtobe", "Asia/Aqtau",
		"Asia/Atyrau", "Asia/Oral", "Asia/Qyzylorda",
	};
	size_t i;

	for (i = 0; i < sizeof zones / sizeof zones[0]; i++)
		if (strcmp(z, zones[i]) == 0)
			return 1;
	return 0;
}

static void
check_timezone(const char *zone, const char *source, time_t now,
	       struct doctor_report *r)
{
	const char *dir = "/usr/share/zoneinfo";
	char path[PATH_MAX], *old = NULL, stamp[32];
	const char *prev = getenv("TZ");
	struct stat sb;
	struct tm tm;
	long off;

	snprintf(path, sizeof path, "%s/%s", dir, zone);
	if (zone[0] == '/' || strstr(zone, "..") || stat(path, &sb) != 0 ||
	    !S_ISREG(sb.st_mode)) {
		add(r, DOCTOR_FAIL, "часовой пояс", "«%s» (%s): такого пояса нет в %s. Исправьте: apt-get install tzdata, или укажите пояс вида Asia/Almaty", zone, source, dir);
		return;
	}
	if (prev)
		old = xstrdup(prev);
	setenv("TZ", zone, 1);
	tzset();
	localtime_r(&now, &tm);
	off = tm.tm_gmtoff;
	strftime(stamp, sizeof stamp, "%d.%m.%Y %H:%M", &tm);
	if (old)
		setenv("TZ", old, 1);
	else
		unsetenv("TZ");
	tzset();
	free(old);
	if (kazakh_zone(zone) && off != 5 * 3600 && now >= 1709229600)
		add(r, DOCTOR_FAIL, "часовой пояс", "%s (%s): UTC%+ld:%02ld, а в Казахстане с 1 марта 2024 года UTC+5 — пакет tzdata устарел. Исправьте: apt-get install tzdata", zone, source,
		    off / 3600, labs(off) % 3600 / 60);
	else
		add(r, DOCTOR_OK, "часовой пояс", "%s (%s), UTC%c%02ld:%02ld, сейчас %s", zone, source, off < 0 ? '-' : '+', labs(off) / 3600,
		    labs(off) % 3600 / 60, stamp);
}

static void
check_calendar(struct store *s, struct doctor_report *r)
{
	struct date today = clock_today(), due;
	struct err e = {0};
	char warn[512];

	if (!cal_in_use())
		return; /* the forms' calendar did not load: said above */
	if (cal_ahead_warning(s, today, warn, sizeof warn)) {
		add(r, DOCTOR_WARN, "календарь", "%s", warn);
		return;
	}
	if (cal_due(s, today, DUE_AHEAD_DAYS, &due, &e) == ST_OK) {
		add(r, DOCTOR_OK, "календарь", "сроки рассчитываются: %d рабочих дней от сегодня — %02d.%02d.%04d",
		    DUE_AHEAD_DAYS, due.d, due.m, due.y);
		return;
	}
	err_clear(&e);
	if (cal_due(s, today, 7, &due, &e) == ST_OK) {
		add(r, DOCTOR_WARN, "календарь", "производственный календарь кончается: сроки больше чем через %d рабочих дней не рассчитать. Внесите дни следующего года (okno calendar add-dayoff / add-workday)", DUE_AHEAD_DAYS);
		return;
	}
	add(r, DOCTOR_FAIL, "календарь", "%s", e.msg);
}

static long
days_between(struct date a, struct date b)
{
	return date_to_days(b) - date_to_days(a);
}

/* The last closing line of each office against the last working day. */
static void
check_closing(struct store *s, struct doctor_report *r)
{
	struct date today = clock_today(), prev = date_add_days(today, -1), d;
	struct db_stmt *st;
	struct err e = {0};
	int i, rc;

	for (i = 0; i < 14 && cal_is_workday(s, prev) == 0; i++)
		prev = date_add_days(prev, -1);
	st = db_prepare(s, "SELECT o.code, (SELECT MAX(json_extract("
			      "j.content, '$.date')) FROM journal j WHERE "
			      "j.office_id = o.id AND j.kind = 'day-close'), "
			      "(SELECT MAX(substr(CAST(j.at AS TEXT), 1, 10)) "
			      "FROM journal j "
			      "WHERE j.office_id = o.id AND j.kind <> "
			      "'day-close') FROM offices o ORDER BY o.id", &e);
	if (!st) {
		add(r, DOCTOR_FAIL, "закрытие дня", "не прочитать журнал: %s", e.msg);
		return;
	}
	while ((rc = db_step(st, &e)) == DB_ROW) {
		const char *code = db_col_text(st, 0);
		const char *closed = db_col_text(st, 1);
		const char *last = db_col_text(st, 2);

		if (!*last && !*closed) {
			add(r, DOCTOR_OK, "закрытие дня", "%s: журнал пуст", code);
			continue;
		}
		if (*closed && date_parse_any(closed, &d) == 0 &&
		    date_cmp(d, prev) >= 0) {
			add(r, DOCTOR_OK, "закрытие дня", "%s: последний закрытый день %02d.%02d.%04d", code, d.d, d.m, d.y);
			continue;
		}
		if (!*closed) {
			add(r, DOCTOR_WARN, "закрытие дня", "%s: ни один день ещё не закрыт. Исправьте: okno --as ОПЕРАТОР journal close-day", code);
			continue;
		}
		if (date_parse_any(closed, &d) != 0)
			continue;
		add(r, *last && strcmp(last, closed) > 0 ? DOCTOR_FAIL
							 : DOCTOR_WARN,
		    "закрытие дня", "%s: последний закрытый день %02d.%02d.%04d (%ld дн. назад), а последний рабочий — %02d.%02d.%04d. Исправьте: okno --as ОПЕРАТОР journal close-day --date ДАТА",
		    code, d.d, d.m, d.y, days_between(d, today), prev.d, prev.m,
		    prev.y);
	}
	if (rc == DB_FAIL)
		add(r, DOCTOR_FAIL, "закрытие дня", "не прочитать журнал: %s", e.msg);
	db_finalize(st);
}

static void
check_seal(struct store *s, struct doctor_report *r)
{
	struct date today = clock_today(), d;
	struct db_stmt *st;
	const char *at;
	long age;

	st = db_prepare(s, "SELECT MAX(at), (SELECT COUNT(*) FROM journal) "
			      "FROM audit WHERE action = 'journal.seal'", NULL);
	if (!st || db_step(st, NULL) != DB_ROW) {
		add(r, DOCTOR_FAIL, "печать журнала", "не прочитать журнал аудита");
		db_finalize(st);
		return;
	}
	at = db_col_text(st, 0);
	if (!*at) {
		if (db_col_int64(st, 1) > 0)
			add(r, DOCTOR_WARN, "печать журнала", "журнал ещё ни разу не опечатан. Исправьте: okno --as ОПЕРАТОР journal seal, запишите печать на бумаге");
		else
			add(r, DOCTOR_OK, "печать журнала", "журнал пуст");
	} else if (date_parse_any(at, &d) == 0) {
		age = days_between(d, today);
		add(r, age > SEAL_MAX_DAYS ? DOCTOR_WARN : DOCTOR_OK,
		    "печать журнала", "последняя печать %02d.%02d.%04d (%ld дн. назад)%s", d.d, d.m, d.y, age,
		    age > SEAL_MAX_DAYS ? ": опечатайте журнал (okno journal seal)" : "");
	}
	db_finalize(st);
}

/* Each window's Unix account bound to an okno account (okno user bind):
 * an unbound one takes any inspector's password. */
static void
check_binding(struct store *s, const struct member *win, size_t nwin,
	      struct doctor_report *r)
{
	char bound[512] = "";
	size_t i;

	for (i = 0; i < nwin; i++) {
		struct err e = {0};
		int b = db_exists(s, &e, "SELECT 1 FROM accounts WHERE "
				  "unix_user = ? AND active = 1",
				  DB_TEXT(win[i].name));

		if (b < 0) {
			add(r, DOCTOR_FAIL, "привязка окон", "%s", e.msg);
			return;
		}
		if (!b) {
			add(r, DOCTOR_WARN, "привязка окон", "%s не привязана ни к одной учётной записи okno: в окне примут пароль любого инспектора. Исправьте: okno --as АДМИНИСТРАТОР user bind ЛОГИН %s", win[i].name,
			    win[i].name);
			continue;
		}
		{
			size_t l = strlen(bound);

			snprintf(bound + l, sizeof bound - l, "%s%s",
				 l ? ", " : "", win[i].name);
		}
	}
	if (bound[0])
		add(r, DOCTOR_OK, "привязка окон", "привязаны к учётным записям okno: %s", bound);
}

/* The newest regular file *SUFFIX in dir (a copy of a database file,
 * .db; a pg_dump of a server's database, .dump): its mtime, 0 when none,
 * -1 when the folder cannot be read. */
static time_t
newest_backup(const char *dir, const char *suffix, char *name, size_t n)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	time_t best = 0;
	char path[PATH_MAX];
	struct stat sb;

	if (!d)
		return -1;
	while ((de = readdir(d))) {
		size_t l = strlen(de->d_name), sl = strlen(suffix);

		if (l <= sl || strcmp(de->d_name + l - sl, suffix) != 0 ||
		    de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
		if (lstat(path, &sb) != 0 || !S_ISREG(sb.st_mode))
			continue;
		if (sb.st_mtime > best) {
			best = sb.st_mtime;
			snprintf(name, n, "%s", de->d_name);
		}
	}
	closedir(d);
	return best;
}

static void
check_backup(const struct doctor_setup *in, int have_db,
	     struct doctor_report *r)
{
	char name[256] = "";
	int pg = db_name_is_uri(in->database);
	time_t t = newest_backup(in->backup_dir, pg ? ".dump" : ".db", name,
				 sizeof name);

	if (t < 0) {
		add(r, DOCTOR_WARN, "резервная копия", "%s: не прочитать (%s); запустите okno doctor от root", in->backup_dir,
		    strerror(errno));
	} else if (!have_db) {
		add(r, DOCTOR_OK, "резервная копия", "базы данных ещё нет — копировать нечего");
	} else if (t == 0) {
		add(r, DOCTOR_FAIL, "резервная копия", "в %s нет ни одной копии. Исправьте: systemctl start okno-backup.service (или %s %s/okno-ДАТА.%s)", in->backup_dir,
		    pg ? "pg_dump -Fc -f" : "okno backup", in->backup_dir,
		    pg ? "dump" : "db");
	} else {
		long h = (long)((in->now - t) / 3600);

		add(r, in->now - t > BACKUP_MAX_AGE ? DOCTOR_FAIL : DOCTOR_OK,
		    "резервная копия", "последняя: %s/%s, %ld ч назад%s",
		    in->backup_dir, name, h,
		    in->now - t > BACKUP_MAX_AGE
			    ? ": ночная копия не сделана. Проверьте: journalctl -u okno-backup.service"
			    : "");
	}
}

static void
check_disk(const char *what, const char *dir, long long need,
	   struct doctor_report *r)
{
	struct statvfs vs;
	long long avail, total;

	if (statvfs(dir, &vs) != 0) {
		add(r, DOCTOR_WARN, what, "%s: %s", dir, strerror(errno));
		return;
	}
	avail = (long long)vs.f_bavail * (long long)vs.f_frsize;
	total = (long long)vs.f_blocks * (long long)vs.f_frsize;
	if (avail < need + DISK_MIN_FREE)
		add(r, DOCTOR_FAIL, what, "%s: свободно %lld МБ из %lld МБ — мало (нужно не меньше %lld МБ)", dir, avail >> 20,
		    total >> 20, (need + DISK_MIN_FREE) >> 20);
	else
		add(r, avail < total / 10 ? DOCTOR_WARN : DOCTOR_OK, what,
		    "%s: свободно %lld МБ из %lld МБ", dir, avail >> 20,
		    total >> 20);
}

/* The journal of every office and the audit log, recomputed: what
 * backup_check does for a copy of a database file, here for a database on
 * a PostgreSQL server (whose pages are the server's to check). */
static void
check_chains(struct store *s, struct doctor_report *r)
{
	struct actor sys = {.id = 1, .roles = ROLE_AUDITOR};
	long long lines = 0, offices = 0;
	struct db_stmt *st;
	struct err e = {0};
	int rc;

	snprintf(sys.login, sizeof sys.login, "doctor");
	if (audit_verify(s, NULL, &e) != ST_OK) {
		add(r, DOCTOR_FAIL, "проверка базы", "%s", e.msg);
		return;
	}
	if (!(st = db_prepare(s, "SELECT id, code FROM offices ORDER BY id",
			      &e))) {
		add(r, DOCTOR_FAIL, "проверка базы", "%s", e.msg);
		return;
	}
	while ((rc = db_step(st, &e)) == DB_ROW) {
		struct journal_verify v;
		struct err je = {0};

		if (journal_verify(s, &sys, db_col_int64(st, 0), 0, &v, NULL,
				   &je) != ST_OK) {
			add(r, DOCTOR_FAIL, "проверка базы", "журнал подразделения %s: %s", db_col_text(st, 1), je.msg);
			db_finalize(st);
			return;
		}
		offices++;
		lines += v.lines;
	}
	db_finalize(st);
	if (rc != DB_DONE)
		add(r, DOCTOR_FAIL, "проверка базы", "%s", e.msg);
	else
		add(r, DOCTOR_OK, "проверка базы", "цепочки журнала (строк: %lld, подразделений: %lld) и аудита в порядке", lines, offices);
}

/* The database file, its folder and its -wal/-shm: owners and modes.
 * Returns 1 when the file exists (its stat in *sb). */
static int
check_db_file(const struct doctor_setup *in, long okno, const char *dir,
	      struct stat *sb, struct doctor_report *r)
{
	char side[PATH_MAX + 8];
	struct stat ss;

	check_node(r, "каталог базы", dir, 1, 1, okno, in->okno_group, 02770);
	if (lstat(in->database, sb) != 0) {
		add(r, DOCTOR_FAIL, "база данных", "%s нет. Создайте: okno init --office КОД --name \"НАЗВАНИЕ\" --region \"РЕГИОН\"",
		    in->database);
		return 0;
	}
	check_node(r, "база данных", in->database, 0, 1, okno, in->okno_group,
		   0660);
	snprintf(side, sizeof side, "%s-wal", in->database);
	if (lstat(side, &ss) == 0)
		check_node(r, "база данных", side, 0, 0, okno, in->okno_group,
			   0660);
	snprintf(side, sizeof side, "%s-shm", in->database);
	if (lstat(side, &ss) == 0)
		check_node(r, "база данных", side, 0, 0, okno, in->okno_group,
			   0660);
	return 1;
}

/* The database: a file (owners, modes, integrity) or a PostgreSQL
 * server's (the connection; its files and pages are the server's). Then
 * what is read from it, the backups and the disk. */
static void
check_database(const struct doctor_setup *in, long okno,
	       const struct member *win, size_t nwin, struct doctor_report *r)
{
	char dir[PATH_MAX], zone[128] = "";
	const char *slash = strrchr(in->database, '/');
	int pg = db_name_is_uri(in->database);
	struct stat sb = {0};
	struct store *s = NULL;
	struct err e = {0};
	const char *zsrc = "okno.conf";
	int have_db;

	snprintf(dir, sizeof dir, "%.*s",
		 slash ? (int)(slash - in->database) : 1,
		 slash ? in->database : ".");
	have_db = pg || check_db_file(in, okno, dir, &sb, r);
	check_node(r, "каталог копий", in->backup_dir, 1, 1, okno,
		   in->okno_group, 02770);
	check_node(r, "каталог печати", in->print_dir, 1, 1, okno,
		   in->okno_group, 02770);

	if (have_db && db_open(in->database, DB_READONLY, &s, &e) != ST_OK) {
		add(r, DOCTOR_FAIL, "база данных", "%s%s%s", pg ? in->database : "", pg ? ": " : "", e.msg);
		s = NULL;
	} else if (pg) {
		add(r, DOCTOR_OK, "база данных", "%s: сервер PostgreSQL, соединение есть, схема %d", in->database,
		    db_schema_version(s));
	}
	if (s) {
		struct db_stmt *st = db_prepare(s, "SELECT value FROM settings "
						    "WHERE key = "
						    "'office.timezone'", NULL);

		if (st && db_step(st, NULL) == DB_ROW) {
			snprintf(zone, sizeof zone, "%s", db_col_text(st, 0));
			zsrc = "настройка office.timezone";
		}
		db_finalize(st);
	}
	if (!zone[0])
		snprintf(zone, sizeof zone, "%s",
			 in->timezone && *in->timezone ? in->timezone
						       : "Asia/Almaty");
	check_timezone(zone, zsrc, in->now, r);
	if (s) {
		check_calendar(s, r);
		check_closing(s, r);
		check_seal(s, r);
		check_binding(s, win, nwin, r);
		if (pg && in->verify)
			check_chains(s, r);
		db_close(s);
	}
	check_backup(in, have_db, r);
	if (!pg) /* a server's disk is the server's */
		check_disk("место на диске", dir, 0, r);
	check_disk("место для копий", in->backup_dir,
		   have_db && !pg ? (long long)sb.st_size : 0, r);
	if (have_db && !pg && in->verify) {
		struct backup_report br;

		err_clear(&e);
		if (lstat(in->database, &sb) == 0 &&
		    backup_check(in->database, &br, NULL, &e) == ST_OK)
			add(r, DOCTOR_OK, "проверка базы", "целостность, цепочки журнала (строк: %lld, подразделений: %lld) и аудита в порядке", br.journal_lines, br.offices);
		else
			add(r, DOCTOR_FAIL, "проверка базы", "%s", e.msg);
	}
}

void
doctor_run(const struct doctor_setup *in, struct doctor_report *out)
{
	struct member *win = NULL;
	size_t nwin = 0;
	long okno;

	memset(out, 0, sizeof *out);
	check_groups(in, out, &win, &nwin);
	okno = group_id(in->okno_group);
	check_node(out, "программа", in->binary, 0, 1, okno, in->okno_group,
		   02755);
	if (check_root_only(out, "настройки", in->config, 0)) {
		char dir[PATH_MAX];
		const char *slash = strrchr(in->config, '/');

		snprintf(dir, sizeof dir, "%.*s",
			 slash && slash != in->config
				 ? (int)(slash - in->config) : 1,
			 slash ? in->config : "/");
		check_root_only(out, "настройки", dir, 1);
	}
	{
		struct err e = {0};

		if (store_check_private(in->forms, "Папка форм", 1, &e) != ST_OK)
			add(out, DOCTOR_FAIL, "формы", "%s", e.msg);
		else
			check_root_only(out, "формы", in->forms, 1);
	}
	/* The calendar counts with the data of the forms (calendar/). */
	{
		const struct cal_data *before = cal_in_use();
		struct cal_data *cd = NULL;
		struct errlist errs = {0};
		char *dir = xasprintf("%s/calendar", in->forms);

		if (cal_data_load(dir, &cd, &errs) != ST_OK)
			add(out, DOCTOR_FAIL, "календарь", "%s", errs.n ? errs.v[0].msg : dir);
		cal_use(cd);
		check_database(in, okno, win, nwin, out);
		cal_use(before);
		cal_data_free(cd);
		errlist_free(&errs);
		free(dir);
	}
	check_sshd(in, out, win, nwin);
	free(win);
}
