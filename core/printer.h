/* SPDX-License-Identifier: MIT */
/* A window's remembered printer ("file:PATH", "file:DIR/" for a spool
 * folder, "lp:DEST", "terminal") turned into a print request's target, so
 * the kiosk prints a receipt where this window prints. */
#ifndef OKNO_PRINTER_H
#define OKNO_PRINTER_H

#include <stddef.h>

#include "outputs.h"
#include "print.h"
#include "store.h"

/* The printer remembered for window number of the office into out ("" when
 * none). Returns 1 when one is set. */
int printer_of_window(struct store *s, long long office_id, int number,
		      char *out, size_t n);

/* Set r->target and r->dest from a choice. A "file:" path ending in '/'
 * is a spool folder (made owner-only when missing): the document goes to
 * DIR/NAME.txt, or NAME-2.txt... when that name is taken, so one print
 * never replaces another. buf (n bytes) holds the destination string.
 * ST_INVALID for an unknown choice. */
MUST_CHECK enum status printer_target(const char *choice, const char *name,
			   struct print_req *r, char *buf, size_t n,
			   struct err *e);

/* A print request's target as an output's (core/outputs.h): a file with
 * the user's rights unless it is okno's own print folder (OUTPUT_OKNO),
 * the next free name in a folder (OUTPUT_UNIQUE), a queue, the terminal's
 * printer. kind and object are left to the caller. */
void printer_output(const struct print_req *r, struct output_req *o);

/* Installed setgid: okno.conf's print_dir, the office's print folder
 * (okno's own, written with okno's group); NULL otherwise. */
const char *printer_office_dir(void);
/* 1 when dir is that folder (by identity, whatever the path). */
int printer_okno_folder(const char *dir);

/* Make the print folder dir (owner-only) when it is missing. */
/* DIR/NAME.txt, or NAME-2.txt, NAME-3.txt... when it is there already
 * (dir ends in '/'): a document printed to a folder never replaces
 * another. */
void printer_free_name(const char *dir, const char *name, char *buf,
		       size_t n);
MUST_CHECK enum status printer_folder(const char *dir, struct err *e);
/* Russian words for where a choice prints ("на принтер терминала",
 * "в файл /var/...", "на принтер lp OFFICE"), into buf. */
void printer_describe(const char *choice, char *buf, size_t n);

#endif
