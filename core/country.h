/* SPDX-License-Identifier: MIT */
/* ISO 3166-1 countries with Russian and Kazakh names, plus the ICAO 9303
 * special codes used for citizenship (XXA stateless, XXB/XXC refugees, XXX
 * unspecified, UTO specimen, D for Germany in passports). */
#ifndef OKNO_COUNTRY_H
#define OKNO_COUNTRY_H

#include <stddef.h>

struct country {
	const char *alpha2;  /* "" for the special codes */
	const char *alpha3;
	int numeric;         /* 0 for the special codes */
	const char *ru;      /* short Russian name, e.g. "Германия" */
	const char *kk;      /* Kazakh name, e.g. "Германия" */
	int eaeu;            /* member of the Eurasian Economic Union */
};

/* All entries in Russian alphabetical order (for pick-lists). */
const struct country *country_all(size_t *count);
/* By alpha-2, alpha-3 (also ICAO "D" -> DEU), numeric code (as text) or
 * Russian/Kazakh name, case-insensitively; NULL when unknown. */
const struct country *country_find(const char *key);
const struct country *country_by_alpha3(const char *alpha3);
/* Compare two UTF-8 names in Russian alphabetical order, case-insensitively,
 * with Ё a letter of its own after Е; <0, 0 or >0 like strcmp. Used for
 * country_all() and usable for any pick-list of Russian names. */
int country_collate(const char *a, const char *b);
/* The i-th other name people type for a country (an official full name,
 * an older or Latin name) and its alpha-3; NULL past the end. */
const char *country_alias_at(size_t i, const char **alpha3);

#endif
