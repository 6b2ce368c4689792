/* SPDX-License-Identifier: MIT */
/* Interface language: gettext with the Russian texts as msgids (Russian
 * needs no catalogue), Kazakh from po/kk.po. OKNO_LANG (okno --lang kk)
 * picks the language; otherwise gettext's own LANGUAGE / LC_MESSAGES. The
 * catalogues come only from folders okno trusts: installed setgid, from
 * locale_dir of okno.conf or where `make install` puts them; otherwise
 * from next to the binary (build/locale when run from the source tree),
 * then the installed folder. No variable names another folder. Messages
 * come out in UTF-8 whatever the terminal's charset: tui_text() converts
 * at the edge. */
#include <libintl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "util.h"
#include "tui.h"

#ifndef OKNO_LOCALEDIR
#define OKNO_LOCALEDIR "/usr/local/share/locale"
#endif

static char lang[16] = "ru";

static int
is_dir(const char *p)
{
	struct stat st;

	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The locale directory: privileged, okno.conf's locale_dir or the
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
tui_i18n_init(void)
{
	const char *want = getenv("OKNO_LANG"), *m;
	char dir[PATH_MAX + 32];

	if (want && *want) {
		/* gettext ignores LANGUAGE only in the "C" locale proper. */
		setenv("LANGUAGE", want, 1);
		snprintf(lang, sizeof lang, "%.2s", want);
	} else if (((m = getenv("LANGUAGE")) && *m) ||
		   ((m = getenv("LC_ALL")) && *m) ||
		   ((m = getenv("LC_MESSAGES")) && *m) ||
		   ((m = getenv("LANG")) && *m)) {
		if (strncmp(m, "kk", 2) == 0)
			snprintf(lang, sizeof lang, "kk");
	}
	locale_dir(dir, sizeof dir);
	bindtextdomain("okno", dir);
	bind_textdomain_codeset("okno", "UTF-8");
	textdomain("okno");
}

const char *
tui_lang(void)
{
	return lang;
}

int
tui_kk(void)
{
	return strcmp(lang, "kk") == 0;
}

const char *
tui_gettext(const char *msgid)
{
	const char *t = gettext(msgid);

	if (t == msgid || (!strchr(msgid, '%') && !strchr(t, '%')))
		return t;
	return fmt_same_args(msgid, t) ? t : msgid;
}

const char *
tui_tr(const char *ru, const char *kk)
{
	return tui_kk() && kk && *kk ? kk : ru;
}

/* GNU gettext caches what it found; a change of LANGUAGE is told to it
 * by counting this up (the gettext manual, "Being a gettext grok"). */
extern int _nl_msg_cat_cntr;

const char *
tui_gettext_in(const char *language, const char *msgid)
{
	const char *old = getenv("LANGUAGE");
	char *keep = old ? strdup(old) : NULL;
	const char *r;

	setenv("LANGUAGE", language, 1);
	++_nl_msg_cat_cntr;
	r = gettext(msgid);
	if (keep) {
		setenv("LANGUAGE", keep, 1);
		free(keep);
	} else {
		unsetenv("LANGUAGE");
	}
	++_nl_msg_cat_cntr;
	return r;
}

void
tui_both(const char *msgid, char *out, size_t n)
{
	const char *ru = tui_gettext_in("ru", msgid);
	const char *kk = tui_gettext_in("kk", msgid);

	if (!strcmp(ru, kk))
		snprintf(out, n, "%s", ru);
	else
		snprintf(out, n, "%s / %s", ru, kk);
}
