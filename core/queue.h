/* SPDX-License-Identifier: MIT */
/* The electronic queue of an office: tickets numbered per office per day,
 * taken at the entrance, called by the windows in strict first-come order
 * (no fast-track: the Standard forbids it), recalled, marked no-show,
 * postponed to the end of the queue or transferred to another window, and
 * finished with the case they led to. Waiting and serving times per window
 * and service feed the reports. */
#ifndef OKNO_QUEUE_H
#define OKNO_QUEUE_H

#include <stddef.h>

#include "clock.h"
#include "codes.h"
#include "role.h"
#include "status.h"
#include "store.h"

#define QUEUE_STATE_LIST(X)                              \
	X(QS_WAITING, "waiting", "ожидает")              \
	X(QS_CALLED,  "called",  "вызван к окну")        \
	X(QS_DONE,    "done",    "обслужен")             \
	X(QS_NOSHOW,  "no-show", "не явился")

enum queue_state {
	QUEUE_STATE_LIST(CODES_NAME)
	QS__COUNT
};

const char *queue_state_code(enum queue_state s);
const char *queue_state_ru(enum queue_state s);

struct queue_ticket {
	long long id;
	long long office_id;
	char day[DATE_SIZE];            /* ISO date the ticket belongs to */
	int number;              /* 1, 2, ... per office per day */
	char service[16];        /* "" when the applicant named none */
	enum queue_state state;
	int window_no;           /* called: the window; waiting: the window it
				  * was transferred to (0: any window) */
	int calls;               /* times called (a recall adds one) */
	char taken_at[STAMP_SIZE];
	char called_at[STAMP_SIZE];      /* the first call, "" before */
	char shown_at[STAMP_SIZE];       /* the latest call or recall, "" before */
	char finished_at[STAMP_SIZE];
	long long case_id;       /* the case it led to, 0 when none */
};

/* The ticket as printed and shown on the board: "007". */
void queue_ticket_label(const struct queue_ticket *t, char *buf, size_t n);

/* Take the next ticket of the office for today (no account needed: the
 * ticket printer by the door). service may be NULL; otherwise a
 * catalogue code (ST_INVALID when unknown). */
MUST_CHECK enum status queue_take(struct store *s, long long office_id,
		       const char *service, struct queue_ticket *out,
		       struct err *e);

/* Call the next ticket to the actor's window (PERM_QUEUE, seated at a
 * window): the earliest waiting ticket of today that is for any window or
 * was transferred to this one. ST_NOTFOUND when nobody waits; ST_CONFLICT
 * when the window still has a called ticket (finish it, or mark it a
 * no-show, first). */
MUST_CHECK enum status queue_call_next(struct store *s, const struct actor *a,
			    struct queue_ticket *out, struct err *e);

/* The ticket called to the actor's window now; ST_NOTFOUND when none. */
MUST_CHECK enum status queue_current(struct store *s, const struct actor *a,
			  struct queue_ticket *out, struct err *e);

enum queue_op {
	QOP_RECALL,    /* call it again (the board shows it anew) */
	QOP_NOSHOW,    /* the applicant did not come */
	QOP_POSTPONE,  /* back to the end of the queue (e.g. to fetch a
			* missing paper) */
	QOP_TRANSFER,  /* to another window (arg: its number) */
};

/* Act on the ticket called to the actor's window. ST_NOTFOUND when the
 * window has none; ST_INVALID for a transfer to a window that does not
 * exist or to the same window. */
MUST_CHECK enum status queue_act(struct store *s, const struct actor *a,
		      enum queue_op op, int arg, struct queue_ticket *out,
		      struct err *e);

/* Finish the ticket called to the actor's window: done, with the case it
 * led to. case_id 0: the latest case this actor created since the ticket
 * was called (none when the applicant was only consulted). *case_out
 * (may be NULL) gets the linked case id, 0 when none. */
MUST_CHECK enum status queue_finish(struct store *s, const struct actor *a,
			 long long case_id, long long *case_out,
			 struct queue_ticket *out, struct err *e);

/* Today's tickets of an office in number order (PERM_QUEUE or
 * PERM_REPORT). The caller frees *out. */
MUST_CHECK enum status queue_list(struct store *s, const struct actor *a,
		       long long office_id, const char *day,
		       struct queue_ticket **out, size_t *n, struct err *e);

/* The hall board: the latest calls (called tickets, newest first), each
 * with the name and position of the inspector seated at its window (as
 * each window shows them), and the number of tickets waiting. Needs no
 * account: it shows ticket and window numbers and who serves there. */
struct queue_board {
	struct {
		int number, window_no;
		char shown_at[STAMP_SIZE];
		char name[ACTOR_NAME_MAX], position[ACTOR_NAME_MAX];
	} rows[16];
	size_t n;
	int waiting;
};
MUST_CHECK enum status queue_board_get(struct store *s, long long office_id,
			    size_t max_rows, struct queue_board *out,
			    struct err *e);

/* Waiting and serving times of a period (ISO dates, inclusive) by window
 * and service: tickets, no-shows, average and longest wait (taken to first
 * call) and average serving time (first call to finish), in seconds.
 * PERM_REPORT or PERM_QUEUE. window_no 0 / service "" in a row is the
 * total. */
struct queue_stat {
	int window_no;
	char service[16];
	long long tickets, served, noshow;
	long long wait_avg, wait_max, serve_avg;
};
MUST_CHECK enum status queue_stats(struct store *s, const struct actor *a,
			long long office_id, const char *from, const char *to,
			struct queue_stat **out, size_t *n, struct err *e);

#endif
