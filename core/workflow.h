/* SPDX-License-Identifier: MIT */
/* The case workflow as an explicit transition table:
 * state x event -> state, with the services it applies to, the permission
 * that may fire it and the data it needs. Anything not in the table is
 * refused. */
#ifndef OKNO_WORKFLOW_H
#define OKNO_WORKFLOW_H

#include "codes.h"
#include "role.h"

#define STATE_LIST(X)                                                   \
	X(CS_DRAFT,      "draft",      "черновик приёма")                \
	X(CS_RETURNED,   "returned",   "возвращено при приёме")          \
	X(CS_CANCELLED,  "cancelled",  "черновик отменён")               \
	X(CS_ACCEPTED,   "accepted",   "принято, на проверке")           \
	X(CS_CHECKED,    "checked",    "проверено по спецучетам, ждёт решения") \
	X(CS_HIT,        "hit",        "совпадение по спецучетам, ждёт решения") \
	X(CS_ISSUED,     "issued",     "решение: выдать, готово к выдаче") \
	X(CS_REFUSED,    "refused",    "решение: отказ, готово к выдаче") \
	X(CS_HANDED_OUT, "handed_out", "выдано")

enum case_state {
	STATE_LIST(CODES_NAME)
	CS__COUNT
};

#define EVENT_LIST(X)                                                   \
	X(EV_ACCEPT,      "accept",      "принять документы")            \
	X(EV_RETURN,      "return",      "вернуть документы")            \
	X(EV_CANCEL,      "cancel",      "отменить черновик")            \
	X(EV_CHECK_CLEAR, "check-clear", "проверка: совпадений нет")     \
	X(EV_CHECK_HIT,   "check-hit",   "проверка: совпадение")         \
	X(EV_ISSUE,       "issue",       "решение: выдать")              \
	X(EV_REFUSE,      "refuse",      "решение: отказать")            \
	X(EV_PREPARE,     "prepare",     "подготовлено на подпись в УМП ДВД") \
	X(EV_HAND_OUT,    "hand-out",    "выдать результат заявителю")   \
	X(EV_BERKUT,      "berkut",      "сведения внесены в ЕИС «Беркут»")

enum case_event {
	EVENT_LIST(CODES_NAME)
	EV__COUNT
};

/* Service bits, in catalogue order. */
enum {
	SVC_BORDER_PASS = 1,
	SVC_INVITATION = 2,
	SVC_REGISTRATION = 4,
	SVC_SIGNED = 3,    /* passes and invitations: signed by the region */
	SVC_ALL = 7,
};

/* What an event needs besides the actor. */
enum {
	NEED_REASON = 1,    /* free text (refusal explanation, hit details) */
	NEED_GROUND = 2,    /* refusal ground from the service's list */
	NEED_RECIPIENT = 4, /* to whom the result was handed */
	NEED_CHECKLIST = 8, /* the documents checklist must be complete */
	NEED_NO_BERKUT = 16 /* not yet entered into Berkut */
};

struct transition {
	enum case_state from;
	enum case_event event;
	enum case_state to;
	unsigned services;
	enum perm perm;
	unsigned needs;
	int journal; /* writes a journal line */
};

/* The table row for (from, event) that applies to the service bit, or
 * NULL when the workflow does not allow it. */
const struct transition *workflow_find(enum case_state from,
				       enum case_event ev, unsigned svc);
const struct transition *workflow_table(size_t *count);

int workflow_state_parse(const char *code, enum case_state *out);
int workflow_event_parse(const char *code, enum case_event *out);
const char *workflow_state_code(enum case_state s);
const char *workflow_state_ru(enum case_state s);
const char *workflow_event_code(enum case_event ev);
const char *workflow_event_ru(enum case_event ev);
/* Service code -> SVC_* bit (0 when unknown). */
unsigned workflow_service_bit(const char *service);

#endif
