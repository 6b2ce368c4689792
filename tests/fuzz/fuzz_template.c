/* SPDX-License-Identifier: MIT */
/* libFuzzer target: the print-template parser on arbitrary bytes, and
 * every template it accepts rendered at a width taken from the input, with
 * values that include control bytes, wide text and lists. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "template.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = xstrndup((const char *)data, size);
	struct errlist errs = {0};
	struct template *t = NULL;

	if (template_parse("fuzz.tpl", text, &t, &errs) == ST_OK && t) {
		static const int widths[] = {TEMPLATE_MIN_WIDTH, 80,
					     TEMPLATE_MAX_WIDTH, 0, 1000};
		json_t *ctx = json_pack(
			"{s:s, s:s, s:s, s:[s, s], s:[{s:s}, {s:s}]}",
			"surname", "АХМЕДОВ\x1b[2J", "no", "12/2026",
			"name", "Жибек жолы — очень длинное значение поля, которое не помещается в узкую колонку шаблона",
			"lines", "первая", "вторая",
			"rows", "no", "1", "no", "2");
		struct strbuf out = {0};
		struct err e = {0};

		template_id(t);
		template_version(t);
		template_title(t);
		template_text(t);
		(void)!template_render(t, ctx, widths[size % 5], &out, &e);
		sb_free(&out);
		json_decref(ctx);
	}
	template_free(t);
	errlist_free(&errs);
	free(text);
	return 0;
}
