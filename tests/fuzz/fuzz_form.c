/* SPDX-License-Identifier: MIT */
/* libFuzzer target: the form-file parser, then validation of a JSON value
 * set against every form that parses (the JSON reader is fuzzed too: the
 * input after the first NUL byte, when present, is the JSON). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "forms.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, 0, size);
	size_t flen = nul ? (size_t)(nul - data) : size;
	char *text = xstrndup((const char *)data, flen);
	struct errlist errs = {0};
	struct form *f = NULL;

	if (form_parse("fuzz.form", text, &f, &errs) == ST_OK && f && nul) {
		json_error_t je;
		json_t *v = json_loadb((const char *)nul + 1,
				       size - flen - 1, 0, &je);

		if (v) {
			struct errlist verrs = {0};

			(void)!form_validate(f, v, &verrs);
			errlist_free(&verrs);
			json_decref(v);
		}
	}
	form_free(f);
	errlist_free(&errs);
	free(text);
	return 0;
}
