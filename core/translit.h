/* SPDX-License-Identifier: MIT */
/* Latin <-> Cyrillic for personal names (Russian and Kazakh, also the
 * Ukrainian and Belarusian letters), the Latin side following the ICAO
 * 9303 part 3 table that passports use, and the match keys and edit
 * distance the special-records check compares names with. */
#ifndef OKNO_TRANSLIT_H
#define OKNO_TRANSLIT_H

#include <stddef.h>

/* Cyrillic to Latin by ICAO 9303: Ж ZH, Х KH, Ц TS, Ч CH, Ш SH, Щ SHCH,
 * Ъ IE, Ы Y, Ь dropped, Э E, Ю IU, Я IA, Й I, Е/Ё E; Kazakh Ә A, Ғ G,
 * Қ K, Ң N, Ө O, Ұ U, Ү U, Һ H, І I; Є IE, Ї I, Ґ G, Ў U. Latin letters
 * pass, with their diacritics folded (Ş SH, Ç CH, Ö O, ß SS...). A word
 * written in capitals comes out in capitals, otherwise each letter keeps
 * its case ("Жанна" -> "Zhanna"). Spaces, hyphens and apostrophes between
 * words are kept. Returns a new string. */
char *translit_to_latin(const char *s);

/* Latin to Cyrillic, a best guess for display (the passport spelling is
 * ambiguous: IA may be Я or ИЯ): longest match first (SHCH Щ, ZH Ж,
 * KH Х, TS Ц, CH Ш, SH Ш, IU/YU Ю, IA/YA Я, YE Е, YO Ё, J ДЖ, X КС), I or
 * Y after a vowel and before a consonant or the end -> Й, Y after a
 * consonant -> Ы, a final IA after a consonant -> ИЯ. Cyrillic passes.
 * Case as in translit_to_latin. Returns a new string. */
char *translit_to_cyrillic(const char *s);

/* Match key of a name in either script: the ICAO Latin in capitals,
 * letters only (spaces, hyphens dropped), with the spelling variants
 * merged: SHCH SH, DZH/DJ/ZH J, KH H, GH G, PH F, TS/TZ C, X KS, W V,
 * Q K, Y I, IE E, then runs of one letter made one. ИВАНОВ, IVANOV and
 * Иванов give IVANOV; AKHMEDOV, AHMEDOV and Ахмедов give AHMEDOV. Returns
 * a new string ("" when there are no letters). */
char *translit_key(const char *s);

/* The key of the first word only (for given names "ANNA MARIA"). */
char *translit_key_first(const char *s);

/* Damerau-Levenshtein distance (optimal string alignment: insertions,
 * deletions, substitutions, adjacent transpositions) between two byte
 * strings of at most 127 bytes (longer ones are cut). */
int translit_distance(const char *a, const char *b);

/* 1 - distance / longer length, in [0, 1]; 1 for two empty strings. */
double translit_similarity(const char *a, const char *b);

#endif
