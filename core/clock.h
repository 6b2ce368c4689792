/* SPDX-License-Identifier: MIT */
/* The current time, with a fixed clock for tests: when OKNO_NOW is set to
 * "YYYY-MM-DDTHH:MM:SS" (local time) core uses it instead of the real
 * clock, so scenario tests get stable dates and due dates. */
#ifndef OKNO_CLOCK_H
#define OKNO_CLOCK_H

#include <time.h>

#include "date.h"

time_t clock_now(void);
struct date clock_today(void);
/* "YYYY-MM-DDTHH:MM:SS" local time; out holds 20 bytes. */
void clock_stamp(time_t t, char *out);
/* Parse a stamp back; -1 when malformed. */
int clock_parse_stamp(const char *s, time_t *out);

#endif
