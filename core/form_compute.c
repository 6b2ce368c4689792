/* SPDX-License-Identifier: MIT */
/* Values okno works out instead of the inspector typing them: today's
 * date as a default, a stay of more than N months from its two dates, an
 * age under N years on a day, a birth date from an IIN. The kiosk shows them as they change; validation
 * works them out again, so the CLI and the portal get the same. */
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "forms.h"
#include "util.h"
#include "validate.h"

static const char *
value_of(json_t *values, const char *key)
{
	const char *v = key ? json_string_value(json_object_get(values, key))
			    : NULL;

	return v ? v : "";
}

/* TO more than n months after FROM: 1, 0, or -1 when a date is missing
 * or not a date. The month after 31 January is 28 (29) February. */
static int
months_over(const char *from, const char *to, int n)
{
	struct date a, b, lim;
	int m;

	if (date_parse_any(from, &a) != 0 || date_parse_any(to, &b) != 0)
		return -1;
	m = a.m - 1 + n;
	lim.y = a.y + m / 12;
	lim.m = m % 12 + 1;
	lim.d = a.d;
	while (!date_valid(lim.y, lim.m, lim.d))
		lim.d--;
	return date_cmp(b, lim) > 0;
}

/* Fewer than n whole years from FROM to TO (an age on a day): 1, 0, or
 * -1 when a date is missing or not a date. */
static int
years_under(const char *from, const char *to, int n)
{
	struct date a, b;
	int age;

	if (date_parse_any(from, &a) != 0 || date_parse_any(to, &b) != 0)
		return -1;
	age = b.y - a.y - (b.m < a.m || (b.m == a.m && b.d < a.d));
	return age < n;
}

/* Set key to v; 1 when it changed. */
static int
put(json_t *values, const char *key, const char *v)
{
	const char *old = json_string_value(json_object_get(values, key));

	if (old && !strcmp(old, v))
		return 0;
	json_object_set_new(values, key, json_string(v));
	return 1;
}

int
form_compute_values(const struct form *f, json_t *values, const char *today)
{
	size_t i;
	int changed = 0;

	if (!f || !json_is_object(values))
		return 0;
	for (i = 0; i < f->nfields; i++) {
		const struct form_field *fl = &f->fields[i];
		struct date d;
		char buf[16];
		int r;

		if (fl->default_today && today && !*value_of(values, fl->key))
			changed |= put(values, fl->key, today);
		switch (fl->compute) {
		case FORM_COMPUTE_MONTHS_OVER:
			r = months_over(value_of(values, fl->compute_a),
					value_of(values, fl->compute_b),
					fl->compute_n);
			/* No dates yet (or bad ones, reported on their own):
			 * what is there stays. */
			if (r >= 0)
				changed |= put(values, fl->key, r ? "yes" : "no");
			break;
		case FORM_COMPUTE_YEARS_UNDER:
			r = years_under(value_of(values, fl->compute_a),
					value_of(values, fl->compute_b),
					fl->compute_n);
			if (r >= 0)
				changed |= put(values, fl->key, r ? "yes" : "no");
			break;
		case FORM_COMPUTE_IIN_BIRTH:
			if (val_iin_birth(value_of(values, fl->compute_a), &d) ==
			    0) {
				date_format_ru(d, buf);
				changed |= put(values, fl->key, buf);
			}
			break;
		default:
			break;
		}
	}
	return changed;
}
