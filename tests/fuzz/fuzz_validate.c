/* SPDX-License-Identifier: MIT */
/* libFuzzer target: every validator on arbitrary bytes. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "validate.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = xstrndup((const char *)data, size);
	char norm[64], a3[4];
	struct date d;
	struct err e;
	long n;
	char *v, *f;

	(void)!val_text("f", "Поле", s, 100, size & 1, &e);
	(void)!val_date("f", "Дата", s, &d, &e);
	(void)!val_iin("f", "ИИН", s, &e);
	(void)!val_bin("f", "БИН", s, &e);
	(void)!val_docno("f", "Номер", s, norm, sizeof norm, &e);
	(void)!val_name("f", "Фамилия", s, 60, &e);
	(void)!val_phone("f", "Телефон", s, norm, sizeof norm, &e);
	(void)!val_country("f", "Гражданство", s, a3, &e);
	(void)!val_number("f", "Число", s, -5, 5000, &n, &e);
	v = utf8_visible(s, 1);
	f = utf8_fold(s);
	free(v);
	free(f);
	free(s);
	return 0;
}
