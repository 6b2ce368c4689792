/* SPDX-License-Identifier: MIT */
/* Interface language: gettext with the Russian texts as msgids (Russian
 * needs no catalogue), Kazakh from po/kk.po. OKNO_LANG (okno --lang kk)
 * picks the language; otherwise gettext's own LANGUAGE / LC_MESSAGES. The
 * catalogues come only from folders okno trusts (i18n_bind, core/i18n.c):
 * installed setgid, from locale_dir of okno.conf or where `make install`
 * puts them; otherwise from next to the binary (build/locale when run from
 * the source tree), then the installed folder. The kiosk's choice is
 * core's too (i18n_use): core's messages come in the same language.
 * Messages come out in UTF-8 whatever the terminal's charset: tui_text()
 * converts at the edge. */
#include <libintl.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "util.h"
#include "tui.h"

static char lang[16] = "ru";

void
tui_i18n_init(void)
{
	const char *want = getenv("OKNO_LANG"), *m;

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
	i18n_bind();
	textdomain("okno");
	/* Core's messages in the same language (core/i18n.h). */
	i18n_use(lang);
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
	return i18n_checked(msgid, gettext(msgid));
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
