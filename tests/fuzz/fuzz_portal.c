/* SPDX-License-Identifier: MIT */
/* libFuzzer target: the portal application reader (core/portal*.c,
 * portal_parse) against the real registration form, loaded once from
 * forms/ (scripts/fuzz.sh runs from the repository root). Any input must
 * end in ST_OK or ST_INVALID with messages, never a crash or a leak. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "forms.h"
#include "portal.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct form *
registration_form(void)
{
	static struct form *f;
	struct strbuf b = {0};
	char buf[4096];
	size_t n;
	FILE *fp;

	if (f)
		return f;
	fp = fopen("forms/registration.form", "r");
	if (!fp)
		abort();
	while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
		sb_addn(&b, buf, n);
	fclose(fp);
	if (form_parse("registration.form", b.s, &f, NULL) != ST_OK)
		abort();
	sb_free(&b);
	return f;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct portal_app app;
	struct errlist errs = {0};

	if (portal_parse("fuzz.json", (const char *)data, size,
			 registration_form(), &app, &errs) == ST_OK) {
		if (!app.values || !app.documents || !app.request_id[0])
			abort();
		portal_app_free(&app);
	} else if (!errs.n) {
		abort(); /* refused without saying why */
	}
	errlist_free(&errs);
	return 0;
}
