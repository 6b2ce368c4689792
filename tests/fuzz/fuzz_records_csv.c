/* SPDX-License-Identifier: MIT */
/* libFuzzer target: the special-records CSV reader on arbitrary bytes
 * (quoting, delimiters, line counting, every column's validator). */
#include <stddef.h>
#include <stdint.h>

#include "records.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
row(void *arg, const struct records_row *r)
{
	(void)arg;
	return r->line < 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct errlist errs = {0};

	(void)!records_csv_read((const char *)data, size, row, NULL, &errs);
	errlist_free(&errs);
	return 0;
}
