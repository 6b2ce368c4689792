/* SPDX-License-Identifier: MIT */
/* What an account may do with a case now: the workflow events the table
 * allows from the case's state for its service, that one of the account's
 * roles grants, and whose data conditions hold (Berkut only once). The
 * kiosk offers exactly these; case_fire() still checks every call. */
#ifndef OKNO_CASE_ACTIONS_H
#define OKNO_CASE_ACTIONS_H

#include <stddef.h>

#include "cases.h"
#include "workflow.h"

/* Fills out (room for EV__COUNT) and returns how many. Intake events
 * (accept, return, cancel) belong to the intake screen and are left out
 * unless with_intake. */
size_t case_actions(const struct case_rec *c, unsigned roles, int with_intake,
		    enum case_event *out);

/* The transition's needs (NEED_*) for this case and event, 0 when the
 * event is not allowed. */
unsigned case_action_needs(const struct case_rec *c, enum case_event ev);

#endif
