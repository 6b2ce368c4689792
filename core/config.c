/* SPDX-License-Identifier: MIT */
/* okno.conf and the setgid privileged mode. */
#include "config.h"
#include "db.h"
#include "fileio.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <libgen.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/stat.h>
#include <unistd.h>

static struct config cfg;
static int privileged;
static gid_t okno_gid, user_gid;
static int as_user_depth;

const struct config *
config_get(void)
{
	return &cfg;
}

int
config_privileged(void)
{
	return privileged;
}

/* Root's, and not writable by its group or others. */
static enum status
check_owner(const char *path, const struct stat *sb, const char *what,
	    struct err *e)
{
	if (sb->st_uid != 0)
		return err_set(e, ST_ERROR, "", "%s %s принадлежит не root (uid %u): okno не будет с этим работать",
			       what, path, (unsigned)sb->st_uid);
	if (sb->st_mode & (S_IWGRP | S_IWOTH))
		return err_set(e, ST_ERROR, "", "%s %s: запись разрешена не только root (права %04o). Исправьте: chmod go-w %s", what, path,
			       (unsigned)(sb->st_mode & 07777), path);
	return ST_OK;
}

static const struct {
	const char *key;
	size_t off;
	int path; /* must be absolute */
} keys[] = {
	{"database", offsetof(struct config, database), 1},
	{"forms", offsetof(struct config, forms), 1},
	{"print_dir", offsetof(struct config, print_dir), 1},
	{"backup_dir", offsetof(struct config, backup_dir), 1},
	{"locale_dir", offsetof(struct config, locale_dir), 1},
	{"timezone", offsetof(struct config, timezone), 0},
	{"windows_group", offsetof(struct config, windows_group), 0},
	{"database_password_file",
	 offsetof(struct config, database_password_file), 1},
};

static enum status
parse_line(char *line, int no, const char *path, struct config *out,
	   struct err *e)
{
	char *eq, *key, *val;
	size_t i;

	line[strcspn(line, "\r\n")] = '\0';
	key = str_trim(line);
	if (!*key || *key == '#')
		return ST_OK;
	if (!(eq = strchr(key, '=')))
		return err_set(e, ST_INVALID, "", "%s:%d: ожидается «ключ = значение»", path, no);
	*eq = '\0';
	key = str_trim(key);
	val = str_trim(eq + 1);
	for (i = 0; i < sizeof keys / sizeof keys[0]; i++)
		if (strcmp(keys[i].key, key) == 0)
			break;
	if (i == sizeof keys / sizeof keys[0])
		return err_set(e, ST_INVALID, "", "%s:%d: неизвестный ключ «%s»",
			       path, no, key);
	if (!*val || strlen(val) >= CONFIG_VALUE_MAX || !utf8_valid(val))
		return err_set(e, ST_INVALID, "", "%s:%d: %s: пустое или неверное значение", path, no, key);
	/* The database may be a PostgreSQL server's URI. */
	if (keys[i].path && *val != '/' &&
	    !(keys[i].off == offsetof(struct config, database) &&
	      db_name_is_uri(val)))
		return err_set(e, ST_INVALID, "", "%s:%d: %s: нужен полный путь (с «/» в начале)", path, no, key);
	snprintf((char *)out + keys[i].off, CONFIG_VALUE_MAX, "%s", val);
	return ST_OK;
}

enum status
config_load(const char *path, struct config *out, struct err *e)
{
	char line[CONFIG_VALUE_MAX + 64], *dir, *copy;
	struct stat sb;
	enum status ret = ST_OK;
	FILE *f;
	int fd, no = 0;

	memset(out, 0, sizeof *out);
	snprintf(out->path, sizeof out->path, "%s", path);
	snprintf(out->windows_group, sizeof out->windows_group, "%s",
		 CONFIG_WINDOWS_GROUP);
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT)
			return ST_OK;
		return err_set(e, ST_ERROR, "", "Файл настроек %s: %s", path,
			       errno == ELOOP ? "символическая ссылка, okno читает только обычный файл" : strerror(errno));
	}
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		close(fd);
		return err_set(e, ST_ERROR, "", "Файл настроек %s: не обычный файл", path);
	}
	if ((ret = check_owner(path, &sb, "Файл настроек", e)) != ST_OK) {
		close(fd);
		return ret;
	}
	copy = xstrdup(path);
	dir = dirname(copy);
	if (lstat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode))
		ret = err_set(e, ST_ERROR, "", "Папка настроек %s: не папка",
			      dir);
	else
		ret = check_owner(dir, &sb, "Папка настроек", e);
	free(copy);
	if (ret != ST_OK || !(f = fdopen(fd, "r"))) {
		close(fd);
		return ret != ST_OK ? ret : err_set(e, ST_ERROR, "", "%s: %s",
						      path, strerror(errno));
	}
	while (ret == ST_OK && fgets(line, sizeof line, f)) {
		no++;
		if (!strchr(line, '\n') && !feof(f))
			ret = err_set(e, ST_INVALID, "", "%s:%d: слишком длинная строка", path, no);
		else
			ret = parse_line(line, no, path, out, e);
	}
	fclose(f);
	out->present = ret == ST_OK;
	return ret;
}

/* The real user is root or a member of the windows' group. */
static int
window_user(const char *group)
{
	struct group *g = getgrnam(group);
	gid_t list[256];
	int n, i;

	if (getuid() == 0)
		return 1;
	if (!g)
		return 0;
	if (getgid() == g->gr_gid)
		return 1;
	n = getgroups((int)(sizeof list / sizeof list[0]), list);
	for (i = 0; i < n; i++)
		if (list[i] == g->gr_gid)
			return 1;
	return 0;
}

enum status
config_init(struct err *e)
{
	enum status ret;

	privileged = getauxval(AT_SECURE) != 0;
	okno_gid = getegid();
	user_gid = getgid();
	if (privileged) {
		/* Not dumpable already (setgid); be explicit about files
		 * made while okno's group is in effect. */
		umask(077);
	}
	if ((ret = config_load(CONFIG_PATH, &cfg, e)) != ST_OK)
		return ret;
	if (!privileged)
		return ST_OK;
	if (okno_gid == user_gid)
		return err_set(e, ST_ERROR, "", "okno запущен с повышенными правами, но не от группы okno");
	if (!cfg.present || !cfg.database[0])
		return err_set(e, ST_ERROR, "", "okno установлен setgid: нужен файл настроек %s с ключом database",
			       CONFIG_PATH);
	if (!window_user(cfg.windows_group))
		return err_set(e, ST_DENIED, "", "Пользователь системы (uid %u) не входит в группу окон «%s»",
			       (unsigned)getuid(), cfg.windows_group);
	return ST_OK;
}

static int
keep_var(const char *kv)
{
	static const char *const names[] = {
		"TERM", "LANG", "OKNO_LANG", "OKNO_AS", "OKNO_PASSWORD_FILE",
		"OKNO_NEW_PASSWORD_FILE", "OKNO_COSIGN_PASSWORD_FILE",
		"OKNO_KEY_PASSPHRASE_FILE", "SSH_CLIENT", "SSH_CONNECTION",
		"SSH_TTY", "HOME", "USER", "LOGNAME", "PRINTER", "LPDEST",
	};
	size_t i, n = strcspn(kv, "=");

	if (n > 3 && strncmp(kv, "LC_", 3) == 0)
		return 1;
	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strlen(names[i]) == n && strncmp(kv, names[i], n) == 0)
			return 1;
	return 0;
}

void
config_scrub_env(void)
{
	extern char **environ;
	/* keep stays allocated for the life of the process, held here too:
	 * setenv (the office's TZ) puts a copy of its own in environ. */
	static char **keep;
	char **p;
	size_t n = 0;

	if (!privileged || keep)
		return;
	for (p = environ; *p; p++)
		n++;
	keep = xcalloc(n + 2, sizeof *keep);
	n = 0;
	for (p = environ; *p; p++)
		if (keep_var(*p))
			keep[n++] = xstrdup(*p);
	keep[n++] = xstrdup("PATH=/usr/bin:/bin");
	keep[n] = NULL;
	/* The old strings are left as they are: some may be the kernel's
	 * stack copy. */
	environ = keep;
}

void
config_as_user(void)
{
	if (!privileged)
		return;
	if (as_user_depth++ == 0 && setegid(user_gid) != 0)
		abort(); /* never carry on with okno's group by mistake */
}

void
config_as_okno(void)
{
	if (!privileged || as_user_depth == 0)
		return;
	if (--as_user_depth == 0 && setegid(okno_gid) != 0)
		abort();
}

void
config_drop_privilege(void)
{
	if (!privileged)
		return;
	if (setresgid(user_gid, user_gid, user_gid) != 0)
		abort();
	okno_gid = user_gid;
}

enum status
config_db_password(const char *uri, char **password, struct err *e)
{
	const char *path = cfg.database_password_file;
	struct stat sb;
	enum status ret;
	size_t n;
	int fd;

	*password = NULL;
	if (!cfg.present || !path[0] || !uri || strcmp(uri, cfg.database) != 0)
		return ST_OK;
	/* root's, readable by okno's group at most, written by root only. */
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return err_set(e, ST_ERROR, "", "Файл пароля базы данных %s: %s", path,
			       errno == ELOOP ? "символическая ссылка, okno читает только обычный файл" : strerror(errno));
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		close(fd);
		return err_set(e, ST_ERROR, "", "Файл пароля базы данных %s: не обычный файл", path);
	}
	close(fd);
	if ((ret = check_owner(path, &sb, "Файл пароля базы данных", e)) !=
	    ST_OK)
		return ret;
	if (sb.st_mode & S_IRWXO)
		return err_set(e, ST_ERROR, "", "Файл пароля базы данных %s доступен всем (права %04o). Исправьте: chmod 640 %s; chgrp okno %s", path,
			       (unsigned)(sb.st_mode & 07777), path, path);
	if ((ret = fileio_read(path, 4096, FILEIO_NOFOLLOW, "",
			       password, &n, e)) != ST_OK)
		return ret;
	(*password)[strcspn(*password, "\r\n")] = '\0';
	if (!**password) {
		free(*password);
		*password = NULL;
		return err_set(e, ST_ERROR, "", "Файл пароля базы данных %s пуст", path);
	}
	return ST_OK;
}
