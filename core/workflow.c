/* SPDX-License-Identifier: MIT */
/* The transition table, after the reglaments' tables (MVD Order No. 103,
 * appendix 1 of each reglament). Intake and hand-out happen at the window
 * (inspector); the special-records check is the records officer's.
 * Registration: the inspector registers at acceptance (the journal line
 * and the stamp); a clear check completes it with no chief, a hit goes to
 * the chief, who refuses or lets it stand; the Berkut entry follows.
 * Passes and invitations: decided and signed by the head of the regional
 * unit's migration police (an account of the region, PERM_SIGN); the
 * office chief prepares them. */
#include "workflow.h"

#include <string.h>

#define A SVC_ALL
#define R SVC_REGISTRATION
#define P SVC_SIGNED

static const struct transition table[] = {
	/* from          event           to             svc perm               needs            journal */
	{CS_DRAFT,    EV_ACCEPT,      CS_ACCEPTED,   A, PERM_CASE_INTAKE,   NEED_CHECKLIST,  1},
	{CS_DRAFT,    EV_RETURN,      CS_RETURNED,   A, PERM_CASE_INTAKE,   NEED_REASON,     0},
	{CS_DRAFT,    EV_CANCEL,      CS_CANCELLED,  A, PERM_CASE_INTAKE,   0,               0},
	/* Registration: a clear check completes the registration. */
	{CS_ACCEPTED, EV_CHECK_CLEAR, CS_ISSUED,     R, PERM_RECORDS_CHECK, 0,               1},
	{CS_ACCEPTED, EV_CHECK_CLEAR, CS_CHECKED,    P, PERM_RECORDS_CHECK, 0,               1},
	{CS_ACCEPTED, EV_CHECK_HIT,   CS_HIT,        A, PERM_RECORDS_CHECK, NEED_REASON,     1},
	{CS_ACCEPTED, EV_REFUSE,      CS_REFUSED,    R, PERM_DECIDE,        NEED_GROUND | NEED_REASON, 1},
	{CS_HIT,      EV_REFUSE,      CS_REFUSED,    R, PERM_DECIDE,        NEED_GROUND | NEED_REASON, 1},
	{CS_HIT,      EV_ISSUE,       CS_ISSUED,     R, PERM_DECIDE,        NEED_REASON,     1},
	/* Passes and invitations: the chief prepares, the region signs. */
	{CS_CHECKED,  EV_PREPARE,     CS_CHECKED,    P, PERM_DECIDE,        0,               0},
	{CS_HIT,      EV_PREPARE,     CS_HIT,        P, PERM_DECIDE,        0,               0},
	{CS_ACCEPTED, EV_REFUSE,      CS_REFUSED,    P, PERM_SIGN,          NEED_GROUND | NEED_REASON, 1},
	{CS_CHECKED,  EV_ISSUE,       CS_ISSUED,     P, PERM_SIGN,          0,               1},
	{CS_CHECKED,  EV_REFUSE,      CS_REFUSED,    P, PERM_SIGN,          NEED_GROUND | NEED_REASON, 1},
	{CS_HIT,      EV_REFUSE,      CS_REFUSED,    P, PERM_SIGN,          NEED_GROUND | NEED_REASON, 1},
	{CS_ISSUED,   EV_HAND_OUT,    CS_HANDED_OUT, A, PERM_HAND_OUT,      NEED_RECIPIENT,  1},
	{CS_REFUSED,  EV_HAND_OUT,    CS_HANDED_OUT, A, PERM_HAND_OUT,      NEED_RECIPIENT,  1},
	/* Registration goes into Berkut once registered; the state stays. */
	{CS_ISSUED,   EV_BERKUT,      CS_ISSUED,     R, PERM_BERKUT,        NEED_NO_BERKUT,  1},
	{CS_HANDED_OUT, EV_BERKUT,    CS_HANDED_OUT, R, PERM_BERKUT,        NEED_NO_BERKUT,  1},
};

static const char *const state_codes[] = {STATE_LIST(CODES_CODE)};
static const char *const state_rus[] = {STATE_LIST(CODES_RU)};
static const char *const event_codes[] = {EVENT_LIST(CODES_CODE)};
static const char *const event_rus[] = {EVENT_LIST(CODES_RU)};

const struct transition *
workflow_find(enum case_state from, enum case_event ev, unsigned svc)
{
	size_t i;

	for (i = 0; i < sizeof table / sizeof table[0]; i++)
		if (table[i].from == from && table[i].event == ev &&
		    (table[i].services & svc))
			return &table[i];
	return NULL;
}

const struct transition *
workflow_table(size_t *count)
{
	*count = sizeof table / sizeof table[0];
	return table;
}

int
workflow_state_parse(const char *code, enum case_state *out)
{
	int i = codes_find(state_codes, CS__COUNT, code);

	if (i < 0)
		return -1;
	*out = (enum case_state)i;
	return 0;
}

int
workflow_event_parse(const char *code, enum case_event *out)
{
	int i = codes_find(event_codes, EV__COUNT, code);

	if (i < 0)
		return -1;
	*out = (enum case_event)i;
	return 0;
}

const char *
workflow_state_code(enum case_state s)
{
	return codes_at(state_codes, CS__COUNT, (int)s);
}

const char *
workflow_state_ru(enum case_state s)
{
	return codes_at(state_rus, CS__COUNT, (int)s);
}

const char *
workflow_event_code(enum case_event ev)
{
	return codes_at(event_codes, EV__COUNT, (int)ev);
}

const char *
workflow_event_ru(enum case_event ev)
{
	return codes_at(event_rus, EV__COUNT, (int)ev);
}

unsigned
workflow_service_bit(const char *service)
{
	if (!service)
		return 0;
	if (strcmp(service, "border-pass") == 0)
		return SVC_BORDER_PASS;
	if (strcmp(service, "invitation") == 0)
		return SVC_INVITATION;
	if (strcmp(service, "registration") == 0)
		return SVC_REGISTRATION;
	return 0;
}
