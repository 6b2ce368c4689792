/* SPDX-License-Identifier: MIT */
/* libFuzzer target: the MRZ parser and the form mapping on arbitrary
 * bytes, and transliteration of whatever names come out. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mrz.h"
#include "translit.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = xstrndup((const char *)data, size);
	struct err e;
	struct mrz m;
	char *a, *b, *k;

	if (mrz_parse(s, &m, &e) == ST_OK)
		json_decref(mrz_form_values(&m));
	a = translit_to_latin(s);
	b = translit_to_cyrillic(s);
	k = translit_key(s);
	translit_distance(a, k);
	free(a);
	free(b);
	free(k);
	free(s);
	return 0;
}
