/* SPDX-License-Identifier: MIT */
/* The current time in the office's time zone. Stamps are local time with
 * the offset, "YYYY-MM-DDTHH:MM:SS+05:00", so an instant is unambiguous
 * whatever TZ a reader has; stamps written before offsets existed
 * ("YYYY-MM-DDTHH:MM:SS") read as office local time.
 *
 * The office's zone (setting office.timezone, Asia/Almaty by default) is
 * applied to the process when its database is opened (store_open), over
 * whatever TZ the caller set. Only a training database (okno init
 * --training) lets OKNO_NOW fix the clock; an office database always
 * takes the system clock. */
#ifndef OKNO_CLOCK_H
#define OKNO_CLOCK_H

#include <time.h>

#include "date.h"
#include "status.h"

/* "YYYY-MM-DDTHH:MM:SS+05:00" and its NUL. */
#define STAMP_SIZE 26
/* The zone of an office that set none. */
#define CLOCK_DEFAULT_ZONE "Asia/Almaty"
#define CLOCK_ZONE_MAX 64

time_t clock_now(void);
struct date clock_today(void);
/* t as a stamp with its offset in the process's (the office's) zone. */
void clock_stamp(time_t t, char out[STAMP_SIZE]);
/* Parse a stamp, with an offset ("+05:00", "Z") or without one (office
 * local time); -1 when malformed. */
int clock_parse_stamp(const char *s, time_t *out);
/* 1 when s is a well-formed stamp (either form). */
int clock_stamp_valid(const char *s);
/* A stamp as the office reads it, "ДД.ММ.ГГГГ ЧЧ:ММ" in the process's
 * zone; a malformed one is copied as it is. */
#define CLOCK_RU_SIZE 24
void clock_stamp_ru(const char *stamp, char out[CLOCK_RU_SIZE]);

/* Whether OKNO_NOW may fix the clock: set by store_open from the mode of
 * the database (1 only for a training database). */
void clock_set_training(int on);
int clock_training(void);

/* Make zone (an IANA name such as "Asia/Almaty") the process's time zone,
 * whatever TZ the caller had. ST_INVALID when the name is malformed or the
 * system has no such zone (tzdata). */
MUST_CHECK enum status clock_set_zone(const char *zone, struct err *e);
/* The zone set last ("" before any). */
const char *clock_zone(void);

#endif
