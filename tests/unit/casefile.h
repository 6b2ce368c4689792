/* SPDX-License-Identifier: MIT */
/* The case fixture of a service, tests/fixtures/cases/SVC.json, read
 * below $OKNO_ROOT (else the current folder). Header-only and free of
 * cmocka, so that the harness (fixture_case) and the programs that do not
 * link it (stress.h in the benchmarks) read it the one way. */
#ifndef OKNO_TEST_CASEFILE_H
#define OKNO_TEST_CASEFILE_H

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

/* Copies of the fixture's "fields" object and "documents" array into
 * *fields and *docs (the caller decrefs them): 0, or -1 with why (at
 * least 1024 bytes) saying which file and what is wrong. */
static inline int
casefile_load(const char *svc, json_t **fields, json_t **docs, char *why)
{
	const char *root = getenv("OKNO_ROOT");
	char path[512];
	json_error_t je;
	json_t *j;

	*fields = *docs = NULL;
	snprintf(path, sizeof path, "%s/tests/fixtures/cases/%s.json",
		 root && *root ? root : ".", svc);
	j = json_load_file(path, 0, &je);
	if (!j) {
		snprintf(why, 1024, "cannot load %s: %s (line %d)", path,
			 je.text, je.line);
		return -1;
	}
	*fields = json_deep_copy(json_object_get(j, "fields"));
	*docs = json_deep_copy(json_object_get(j, "documents"));
	json_decref(j);
	if (!json_is_object(*fields) || !json_is_array(*docs)) {
		snprintf(why, 1024, "%s: fields/documents missing", path);
		return -1;
	}
	return 0;
}

#endif
