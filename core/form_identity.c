/* SPDX-License-Identifier: MIT */
/* The identity fields of an application: what a return of the documents
 * at intake needs to know of the applicant, when the rest of the form
 * need not be filled. */
#include <stdlib.h>
#include <string.h>

#include "forms.h"
#include "i18n.h"
#include "util.h"

static const char *const identity[] = {
	"surname", "given_names", "birth_date", "citizenship", "doc_number",
};

static int
is_identity(const char *key)
{
	size_t i;

	for (i = 0; i < sizeof identity / sizeof identity[0]; i++)
		if (strcmp(identity[i], key) == 0)
			return 1;
	return 0;
}

enum status
form_validate_identity(const struct form *f, json_t *values,
		       struct errlist *errs)
{
	const char *key;
	json_t *v, *keys = json_array();
	size_t i, bad = errs->n;

	if (!json_is_object(values)) {
		json_decref(keys);
		errlist_add(errs, ST_INVALID, "", "Данные формы: ожидается объект «поле: значение»");
		return ST_INVALID;
	}
	json_object_foreach(values, key, v)
		json_array_append_new(keys, json_string(key));
	for (i = 0; i < json_array_size(keys); i++) {
		const struct form_field *fl;
		const char *val;
		char *norm = NULL;
		struct err e = {0};

		key = json_string_value(json_array_get(keys, i));
		fl = form_field(f, key);
		val = json_string_value(json_object_get(values, key));
		if (!fl || !val || !*val) {
			if (fl && is_identity(key))
				continue;   /* reported below if required */
			json_object_del(values, key);
			continue;
		}
		if (form_validate_field(f, fl, val, values, &norm, &e) !=
		    ST_OK) {
			if (is_identity(key))
				errlist_add_err(errs, &e);
			else
				json_object_del(values, key);
		} else {
			json_object_set_new(values, key,
					    json_string(norm ? norm : val));
		}
		free(norm);
	}
	json_decref(keys);
	for (i = 0; i < sizeof identity / sizeof identity[0]; i++) {
		const struct form_field *fl = form_field(f, identity[i]);
		const char *val = json_string_value(json_object_get(values,
								    identity[i]));

		if (fl && fl->need == FORM_REQUIRED && (!val || !*val)) {
			json_object_del(values, identity[i]);
			errlist_add(errs, ST_INVALID, fl->key, "%s: не заполнено",
				    i18n_pick(fl->label_ru, fl->label_kk));
		}
	}
	return errs->n > bad ? ST_INVALID : ST_OK;
}
