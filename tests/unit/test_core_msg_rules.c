/* SPDX-License-Identifier: MIT */
/* The rules engine's findings in the screen's language (core/i18n.h): a
 * warning found at intake is shown (rule_finding.shown, and the refusal
 * that asks for its confirmation) with the rule's text.kk and the field's
 * Kazakh label when the kiosk speaks Kazakh, while the text kept with a
 * confirmed warning in the case's history stays the Russian one
 * (rule_finding.msg), whoever confirmed it; Russian throughout when no
 * language was chosen (the CLI). */
#include "i18n.h"
#include "rules_fx.h"

/* Ten days after the entry: reg.late warns. */
static const char late[] = "{\"entry_date\": \"10.03.2026\", "
	"\"period_from\": \"10.03.2026\", \"period_to\": \"01.06.2026\"}";

static int
setup_kk(void **state)
{
	return fixture_bind_kk() ? -1 : setup(state);
}

static int
teardown_all(void **state)
{
	i18n_use(NULL);
	return fixture_teardown(state);
}

static void
test_warning(void **state)
{
	struct fx *f = *state;
	const struct rule_finding *fd;
	const struct err *err;
	struct try t;
	long long kept;

	CTX("Kazakh");
	i18n_use("kk");
	try_create(f, "registration", NULL, late, NULL, &t);
	EXPECT(t.st == ST_INVALID, "created: %s", status_text(t.st));
	fd = finding(&t, "reg.late");
	EXPECT(fd != NULL, "reg.late did not fire");
	if (fd) {
		EXPECT_STR(fd->msg, "Дата въезда: регистрация позже 5 дней после въезда (10 дн.)");
		EXPECT_STR(fd->shown, "Келген күні: тіркеу келгеннен кейін 5 күннен кеш (10 күн)");
	}
	/* The warning is the one thing refused. */
	err = t.errs.n == 1 ? &t.errs.v[0] : NULL;
	EXPECT(err != NULL, "%zu errors", t.errs.n);
	if (err)
		EXPECT_STR(err->field, "entry_date");
	if (err)
		EXPECT_STR(err->msg, "Келген күні: тіркеу келгеннен кейін 5 күннен кеш (10 күн) (reg.late ескертуі: растау қажет)");
	try_free(&t);

	CTX("Kazakh, confirmed");
	try_create(f, "registration", NULL, late, "[\"reg.late\"]", &t);
	EXPECT(t.st == ST_OK, "confirmed: %s [%s] %s", status_text(t.st),
	       t.errs.n ? t.errs.v[0].field : "",
	       t.errs.n ? t.errs.v[0].msg : "");
	kept = fixture_scalar(f->o.s, "SELECT count(*) FROM case_events WHERE data LIKE '%регистрация позже 5 дней после въезда (10 дн.)%'");
	EXPECT(kept == 1, "the Russian text kept %lld times", kept);
	kept = fixture_scalar(f->o.s, "SELECT count(*) FROM case_events WHERE data LIKE '%күннен кеш%'");
	EXPECT(kept == 0, "the Kazakh text kept %lld times", kept);
	try_free(&t);

	CTX("no language chosen");
	i18n_use(NULL);
	try_create(f, "registration", NULL, late, NULL, &t);
	fd = finding(&t, "reg.late");
	EXPECT(fd != NULL, "reg.late did not fire");
	if (fd)
		EXPECT_STR(fd->shown, fd->msg);
	err = t.errs.n == 1 ? &t.errs.v[0] : NULL;
	EXPECT(err != NULL, "%zu errors", t.errs.n);
	if (err)
		EXPECT_STR(err->msg, "Дата въезда: регистрация позже 5 дней после въезда (10 дн.) (предупреждение reg.late: нужно подтверждение)");
	try_free(&t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_warning),
	};

	(void)fire_ok;  /* rules_fx.h's, for other tests */
	(void)make_iin;

	return cmocka_run_group_tests(tests, setup_kk, teardown_all);
}
