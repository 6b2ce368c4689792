/* SPDX-License-Identifier: MIT */
/* The Kazakh texts the kiosk takes from core: every service and refusal
 * ground of the catalogue, and every step, check and citation of the rules
 * (forms/rules), has a Kazakh text, and every case
 * state, event, printed document, role, kind of special record and
 * journal title that the kiosk translates with gettext is in the
 * compiled Kazakh catalogue (BUILD/locale/kk, made from po/kk.po; BUILD
 * is $OKNO_BUILD, else "build"). */
#include <libintl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#include "catalog.h"
#include "print.h"
#include "records.h"
#include "rules.h"
#include "role.h"
#include "workflow.h"

static void
kazakh_text(const char *what, const char *ru, const char *kk)
{
	/* Whether the Kazakh is right is scripts/lang.py's business (the
	 * glossary); here: there is one, and it is not the Russian. */
	if (!kk || !*kk)
		fail_msg("%s «%s»: no Kazakh text", what, ru);
	if (!strcmp(ru, kk))
		fail_msg("%s «%s»: the Kazakh text is the Russian one", what,
			 ru);
}

static void
test_catalog(void **state)
{
	const struct service *sv;
	size_t n, i, j;

	(void)state;
	sv = catalog_all(&n);
	assert_int_equal(n, 3);
	for (i = 0; i < n; i++) {
		kazakh_text("service", sv[i].ru, sv[i].kk);
		kazakh_text("service (short)", sv[i].short_ru, sv[i].short_kk);
		assert_true(sv[i].ngrounds > 0);
		for (j = 0; j < sv[i].ngrounds; j++)
			kazakh_text("refusal ground", sv[i].grounds[j].ru,
				    sv[i].grounds[j].kk);
	}
}

static void
test_rules(void **state)
{
	struct formset *set = NULL;
	const struct ruleset *rs;
	size_t i;

	(void)state;
	assert_int_equal(formset_load(fixture_forms_dir(), &set, NULL), ST_OK);
	rs = formset_rules(set);
	assert_non_null(rs);
	assert_true(rules_step_count(rs) > 0);
	for (i = 0; i < rules_step_count(rs); i++) {
		const struct rule_step *st = rules_step_at(rs, i);

		kazakh_text("step unit", st->unit_ru, st->unit_kk);
		kazakh_text("step", st->action_ru, st->action_kk);
		kazakh_text("step result", st->result_ru, st->result_kk);
	}
	for (i = 0; i < rules_count(rs); i++) {
		const struct rule *r = rules_at(rs, i);

		/* A print rule's text is a value ({surname} ...): the same
		 * in both languages. */
		if (r->kind == RULE_CHECK)
			kazakh_text("rule", r->text_ru, r->text_kk);
	}
	formset_free(set);
}

/* Kazakh through the compiled catalogue, the way the kiosk asks. */
static int
setup_kk(void **state)
{
	(void)state;
	return fixture_bind_kk();
}

static void
translated(const char *what, const char *ru)
{
	/* gettext hands back the msgid itself when it has nothing. */
	const char *kk = dgettext("okno", ru);

	if (kk == ru)
		fail_msg("%s «%s»: not in the Kazakh catalogue (po/kk.po, "
			 "po/extra-msgids.c)", what, ru);
}

static void
test_core_texts(void **state)
{
	const struct service *sv;
	size_t n, i;
	static const char absent[] = "нет такого текста";

	(void)state;
	/* What translated() relies on, and that the catalogue is read. */
	assert_ptr_equal(dgettext("okno", absent), absent);
	assert_string_equal(dgettext("okno", "Журнал"), "Журнал");
	assert_string_equal(dgettext("okno", "Отчёты"), "Есептер");
	for (i = 0; i < CS__COUNT; i++)
		translated("state", workflow_state_ru((enum case_state)i));
	for (i = 0; i < EV__COUNT; i++)
		translated("event", workflow_event_ru((enum case_event)i));
	for (i = 0; i < PD__COUNT; i++)
		translated("document", print_doc_ru((enum print_doc)i));
	for (i = 0; i < ROLE__COUNT; i++)
		translated("role", role_ru_name((enum role_bit)i));
	for (i = RECORD_ENTRY_BAN; i <= RECORD_VIOLATION; i++)
		translated("kind of record", record_kind_ru((enum record_kind)i));
	sv = catalog_all(&n);
	for (i = 0; i < n; i++)
		translated("journal", sv[i].book_ru);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_catalog),
		cmocka_unit_test(test_rules),
		cmocka_unit_test_setup(test_core_texts, setup_kk),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
