/* SPDX-License-Identifier: MIT */
/* The service catalogue: the three state services of the migration police,
 * their names, journals, results and refusal grounds. The documents an
 * applicant presents are each service form's checklist (forms/); the
 * terms and the steps of the reglaments' tables are rule data
 * (forms/rules, core/rules.h). */
#ifndef OKNO_CATALOG_H
#define OKNO_CATALOG_H

#include <stddef.h>

struct ground {
	const char *code;
	const char *ru;
	const char *kk;
};

struct service {
	const char *code;        /* border-pass, invitation, registration */
	const char *ru, *kk;     /* official names */
	const char *short_ru, *short_kk;
	const char *book;        /* journal book code */
	const char *book_ru;     /* journal title */
	const char *default_form;
	const char *result_ru;   /* result when issued */
	const char *issued_ru;   /* the state "issued" as this service says it */
	const struct ground *grounds;
	size_t ngrounds;
	const char *electronic_result_ru; /* NULL when paper only */
};

const struct service *catalog_all(size_t *count);
const struct service *catalog_find(const char *code);
const struct ground *catalog_ground(const struct service *s, const char *code);

#endif
