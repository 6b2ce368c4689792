/* SPDX-License-Identifier: MIT */
/* The language of the messages core makes for a screen. The msgids are
 * the Russian texts; the "okno" catalogue (po/) has their Kazakh. Core
 * translates only after a front end has chosen the screen's language
 * (the kiosk, tui/i18n.c); the CLI never chooses, so what it prints stays
 * Russian whatever LANGUAGE, LC_ALL or LANG the caller has.
 *
 * Texts that are data stay Russian and never come here: journal and
 * audit lines, printed documents, whatever is stored in the database. A
 * message made to be stored is made inside i18n_hold()/i18n_release(). */
#ifndef OKNO_I18N_H
#define OKNO_I18N_H

/* Bind the text domain "okno" to the catalogues of the folder okno
 * trusts: okno.conf's locale_dir or the installed folder when privileged,
 * else next to the binary (locale/, build/locale/), else the installed
 * folder. Both front ends bind (main.c): the CLI's messages stay Russian
 * all the same, as no language is chosen for them. */
void i18n_bind(void);
/* From now on core's messages are in lang ("kk", "ru"), through the
 * catalogue bound to the text domain "okno"; NULL: Russian msgids again. */
void i18n_use(const char *lang);
/* "kk" when core's messages are in Kazakh, else "ru". */
const char *i18n_lang(void);

/* tr, a catalogue's text for msgid, when it asks for the very printf
 * arguments msgid asks for (fmt_same_args), else msgid: a wrong or
 * crafted translation can show the Russian, never read a wrong argument.
 * The one check of the kiosk's texts and of core's. */
const char *i18n_checked(const char *msgid, const char *tr)
	__attribute__((format_arg(1)));
/* msgid in the language of i18n_use (checked); msgid itself when none
 * was chosen. err_set and errlist_add translate their formats so. */
const char *i18n_text(const char *msgid) __attribute__((format_arg(1)));
/* As i18n_text, for a text only ever shown, never stored (the progress
 * status line): in the screen's language inside i18n_hold too. */
const char *i18n_screen(const char *msgid) __attribute__((format_arg(1)));
/* kk when core's messages are in Kazakh and kk is a text, else ru: the
 * data's own pairs (a form's label.ru/label.kk). */
const char *i18n_pick(const char *ru, const char *kk);

/* Russian until the matching i18n_release, for a message that will be
 * stored (an audit line's text); returns what to give i18n_release. */
int i18n_hold(void);
void i18n_release(int held);

#endif
