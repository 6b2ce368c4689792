/* SPDX-License-Identifier: MIT */
/* Remembered window printers as print targets. */
#include "printer.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "config.h"
#include "fileio.h"
#include "office.h"
#include "outputs.h"

int
printer_of_window(struct store *s, long long office_id, int number,
		  char *out, size_t n)
{
	struct window_info *w = NULL;
	size_t nw = 0, i;

	out[0] = '\0';
	if (number <= 0 || window_list(s, office_id, &w, &nw, NULL) != ST_OK)
		return 0;
	for (i = 0; i < nw; i++)
		if (w[i].number == number)
			snprintf(out, n, "%s", w[i].printer);
	free(w);
	return out[0] != '\0';
}

void
printer_free_name(const char *dir, const char *name, char *buf, size_t n)
{
	struct stat st;
	int k;

	snprintf(buf, n, "%s%s.txt", dir, name);
	for (k = 2; k < 1000 && lstat(buf, &st) == 0; k++)
		snprintf(buf, n, "%s%s-%d.txt", dir, name, k);
}

/* a and b name the same folder. */
static int
same_folder(const char *a, const char *b)
{
	struct stat sa, sb;

	return stat(a, &sa) == 0 && stat(b, &sb) == 0 &&
	       sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

const char *
printer_office_dir(void)
{
	return config_privileged() && config_get()->print_dir[0]
		       ? config_get()->print_dir
		       : NULL;
}

int
printer_okno_folder(const char *dir)
{
	const char *own = printer_office_dir();

	return own && same_folder(dir, own);
}

enum status
printer_folder(const char *dir, struct err *e)
{
	int rc, err;

	/* Made with the user's rights: never a folder where only okno's
	 * group may write (the print folder of okno.conf exists already). */
	config_as_user();
	rc = mkdir(dir, 0700);
	err = errno;
	config_as_okno();
	errno = err;
	if (rc != 0 && errno != EEXIST)
		return err_set(e, ST_ERROR, "printer",
			       "Не удалось создать папку печати %s: %s", dir,
			       strerror(errno));
	return ST_OK;
}

enum status
printer_target(const char *choice, const char *name, struct print_req *r,
	       char *buf, size_t n, struct err *e)
{
	size_t len;

	if (str_starts(choice, "file:") && choice[5]) {
		len = strlen(choice);
		if (choice[len - 1] == '/') {
			enum status st;

			snprintf(buf, n, "%.*s", (int)(len - 6), choice + 5);
			if ((st = printer_folder(buf, e)) != ST_OK)
				return st;
			/* okno.conf's print folder is okno's own; any other
			 * the window's user's. */
			if (printer_okno_folder(buf))
				r->flags |= OUTPUT_OKNO;
			r->flags |= OUTPUT_UNIQUE;
			printer_free_name(choice + 5, name, buf, n);
		} else {
			snprintf(buf, n, "%s", choice + 5);
		}
		r->target = PT_FILE;
		r->dest = buf;
	} else if (str_starts(choice, "lp:") && choice[3]) {
		snprintf(buf, n, "%s", choice + 3);
		r->target = PT_LP;
		r->dest = buf;
	} else if (strcmp(choice, "terminal") == 0) {
		r->target = PT_TERMINAL;
		r->dest = NULL;
	} else {
		return err_set(e, ST_INVALID, "printer",
			       "Неизвестный принтер окна «%s»", choice);
	}
	return ST_OK;
}

void
printer_describe(const char *choice, char *buf, size_t n)
{
	if (str_starts(choice, "file:"))
		snprintf(buf, n, "в файл %s", choice + 5);
	else if (str_starts(choice, "lp:"))
		snprintf(buf, n, "на принтер %s", choice + 3);
	else if (strcmp(choice, "terminal") == 0)
		snprintf(buf, n, "%s", "на принтер терминала");
	else
		snprintf(buf, n, "%s", choice);
}

void
printer_output(const struct print_req *r, struct output_req *o)
{
	memset(o, 0, sizeof *o);
	o->target = r->target == PT_FILE ? OUT_FILE
		    : r->target == PT_LP ? OUT_LP
					 : OUT_TERMINAL;
	o->dest = r->dest ? r->dest : "";
	o->flags = r->target != PT_FILE ? 0
		   : (r->flags & OUTPUT_OKNO) ? r->flags
					      : r->flags | FILEIO_USER;
}
