/* SPDX-License-Identifier: MIT */
/* Core's messages in the screen's language (i18n.h). */
#include "i18n.h"
#include "util.h"

#include "config.h"

#include <libintl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef OKNO_LOCALEDIR
#define OKNO_LOCALEDIR "/usr/local/share/locale"
#endif

static int
is_dir(const char *p)
{
	struct stat st;

	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The catalogues come only from folders okno trusts (no variable names
 * another folder). The locale directory: privileged, okno.conf's locale_dir or the
 * installed one; else DIR_OF_BINARY/locale, DIR_OF_BINARY/build/locale,
 * the installed one. */
static void
locale_dir(char *out, size_t n)
{
	char exe[PATH_MAX], cand[PATH_MAX + 32], *slash;
	ssize_t len;

	if (config_privileged()) {
		snprintf(out, n, "%s", config_get()->locale_dir[0]
					       ? config_get()->locale_dir
					       : OKNO_LOCALEDIR);
		return;
	}
	len = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (len > 0) {
		exe[len] = '\0';
		if ((slash = strrchr(exe, '/')) != NULL) {
			*slash = '\0';
			snprintf(cand, sizeof cand, "%s/locale", exe);
			if (is_dir(cand)) {
				snprintf(out, n, "%s", cand);
				return;
			}
			snprintf(cand, sizeof cand, "%s/build/locale", exe);
			if (is_dir(cand)) {
				snprintf(out, n, "%s", cand);
				return;
			}
		}
	}
	snprintf(out, n, "%s", OKNO_LOCALEDIR);
}

void
i18n_bind(void)
{
	char dir[PATH_MAX + 32];

	locale_dir(dir, sizeof dir);
	bindtextdomain("okno", dir);
	bind_textdomain_codeset("okno", "UTF-8");
}


static char lang[8];    /* "" until a front end chooses */
static int held;

void
i18n_use(const char *l)
{
	snprintf(lang, sizeof lang, "%s", l ? l : "");
}

const char *
i18n_lang(void)
{
	return !held && strcmp(lang, "kk") == 0 ? "kk" : "ru";
}

const char *
i18n_checked(const char *msgid, const char *tr)
{
	if (!tr || tr == msgid)
		return msgid;
	if (!strchr(msgid, '%') && !strchr(tr, '%'))
		return tr;
	return fmt_same_args(msgid, tr) ? tr : msgid;
}

static const char *
translate(const char *msgid, int in_hold)
{
	if (!msgid || !*msgid || strcmp(lang, "kk") != 0 || (held && !in_hold))
		return msgid;
	return i18n_checked(msgid, dgettext("okno", msgid));
}

const char *
i18n_text(const char *msgid)
{
	return translate(msgid, 0);
}

const char *
i18n_screen(const char *msgid)
{
	return translate(msgid, 1);
}

const char *
i18n_pick(const char *ru, const char *kk)
{
	return strcmp(i18n_lang(), "kk") == 0 && kk && *kk ? kk : ru;
}

int
i18n_hold(void)
{
	return held++;
}

void
i18n_release(int was)
{
	held = was;
}
