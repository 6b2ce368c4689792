/* SPDX-License-Identifier: MIT */
/* Replays fuzz inputs without libFuzzer: each file named on the command
 * line, or in a folder named there, is given once to the target's
 * LLVMFuzzerTestOneInput. make check links every target with this and
 * core (sanitized in its ASan build) and runs it over the target's seed
 * corpus and its saved crashers (tests/fuzz/corpus/NAME,
 * tests/fuzz/regress/NAME); time-boxed fuzzing is scripts/fuzz.sh's
 * (make fuzz). Exit 0 when every input ran; a crash is the sanitizer's. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t n = 0, cap = 0, r;

	if (!f) {
		perror(path);
		return -1;
	}
	do {
		if (n == cap) {
			cap = cap ? cap * 2 : 4096;
			if (!(buf = realloc(buf, cap)))
				abort();
		}
		r = fread(buf + n, 1, cap - n, f);
		n += r;
	} while (r > 0);
	fclose(f);
	LLVMFuzzerTestOneInput(buf, n);
	free(buf);
	return 0;
}

static int
cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every regular file of dir, in name order. */
static int
run_dir(const char *dir, long *count)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, i;
	int rc = 0;

	if (!d) {
		perror(dir);
		return -1;
	}
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		if (!(names = realloc(names, (n + 1) * sizeof *names)) ||
		    !(names[n] = malloc(strlen(dir) + strlen(de->d_name) + 2)))
			abort();
		sprintf(names[n++], "%s/%s", dir, de->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof *names, cmp_name);
	for (i = 0; i < n; i++) {
		struct stat sb;

		if (stat(names[i], &sb) == 0 && S_ISREG(sb.st_mode)) {
			rc |= run_file(names[i]);
			(*count)++;
		}
		free(names[i]);
	}
	free(names);
	return rc;
}

int
main(int argc, char **argv)
{
	long count = 0;
	int i, rc = 0;

	for (i = 1; i < argc; i++) {
		struct stat sb;

		if (stat(argv[i], &sb) != 0)
			continue; /* no saved crashers yet */
		if (S_ISDIR(sb.st_mode)) {
			rc |= run_dir(argv[i], &count);
		} else {
			rc |= run_file(argv[i]);
			count++;
		}
	}
	printf("%s: %ld inputs replayed\n", argv[0], count);
	return rc ? 1 : 0;
}
