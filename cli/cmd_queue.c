/* SPDX-License-Identifier: MIT */
/* okno queue (take, call, recall, no-show, postpone, transfer, done, list,
 * times) and okno board, the hall display. */
#include "cmds.h"
#include "catalog.h"
#include "date.h"
#include "office.h"
#include "queue.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char usage_queue[] =
	"Usage: okno queue take [--service SERVICE] [--office CODE]\n"
	"       okno --as LOGIN queue call|current|recall|no-show|postpone|done\n"
	"       okno --as LOGIN queue transfer WINDOW\n"
	"       okno --as LOGIN queue list [--date DATE]\n"
	"       okno --as LOGIN queue times --from DATE --to DATE\n"
	"\n"
	"take prints the next ticket number of today (for the ticket printer\n"
	"or the terminal by the door; no account needed). call calls the next\n"
	"ticket to your window in strict first-come order; recall calls it\n"
	"again; no-show, postpone (to the end of the queue), transfer (to\n"
	"another window) and done (linking the case you filed meanwhile) act\n"
	"on the ticket called to your window. times: waiting and serving\n"
	"times per window and service, in minutes.\n";

int
cli_office(struct session *c, const char *code, long long *id)
{
	struct office_info oi;
	struct err e = {0};

	if (code) {
		if (office_get(c->store, code, &oi, &e) != ST_OK)
			return cli_fail(&e);
	} else if (c->have_actor && c->actor.office_id) {
		*id = c->actor.office_id;
		return 0;
	} else if (office_default(c->store, &oi, &e) != ST_OK) {
		return cli_fail(&e);
	}
	*id = oi.id;
	return 0;
}


static void
print_ticket(const struct queue_ticket *t, int with_window)
{
	char lbl[16];

	queue_ticket_label(t, lbl, sizeof lbl);
	if (with_window && t->window_no)
		cli_printf("%s -> окно %d\n", lbl, t->window_no);
	else
		cli_printf("%s\n", lbl);
}

static int
iso_date(const char *in, char *out)
{
	struct date d;
	struct err e;

	if (date_parse_any(in, &d) != 0) {
		err_set(&e, ST_INVALID, "date",
			"Дата: ожидается ДД.ММ.ГГГГ, получено «%s»", in);
		return cli_fail(&e);
	}
	date_format_iso(d, out);
	return 0;
}

static int
times(struct session *c, int argc, char **argv, long long office)
{
	const char *from = cli_opt(argc, argv, "--from");
	const char *to = cli_opt(argc, argv, "--to");
	char f[DATE_SIZE], t[DATE_SIZE];
	struct queue_stat *q;
	struct err e = {0};
	size_t n, i;
	int code;

	if (!from || !to)
		return cli_usage("queue", "queue times --from DATE --to DATE");
	if ((code = iso_date(from, f)) || (code = iso_date(to, t)))
		return code;
	if (queue_stats(c->store, &c->actor, office, f, t, &q, &n, &e) != ST_OK)
		return cli_fail(&e);
	cli_printf("Окно  Услуга        Талонов Обслуж. Неявок  Ожид.ср Ожид.макс Обсл.ср\n");
	for (i = 0; i < n; i++) {
		const struct service *sv = catalog_find(q[i].service);
		int total = i + 1 == n;

		if (total)
			cli_printf("%-5s %-13s", "Всего", "");
		else
			cli_printf("%-5d %-13s", q[i].window_no,
				   sv ? sv->code : "-");
		cli_printf(" %7lld %7lld %6lld %8.1f %9.1f %7.1f\n",
			   q[i].tickets, q[i].served, q[i].noshow,
			   q[i].wait_avg / 60.0, q[i].wait_max / 60.0,
			   q[i].serve_avg / 60.0);
	}
	free(q);
	return 0;
}

/* What every queue command starts with: its needs, then the office. */
static int
queue_office(struct session *c, int argc, char **argv, long long *office)
{
	int code;

	if ((code = cli_ready(c)) != 0)
		return code;
	return cli_office(c, cli_opt(argc, argv, "--office"), office);
}

static int
q_take(struct session *c, int argc, char **argv)
{
	struct queue_ticket t;
	struct err e = {0};
	long long office = 0;
	int code;

	if ((code = queue_office(c, argc, argv, &office)))
		return code;
	if (queue_take(c->store, office, cli_opt(argc, argv, "--service"), &t,
		       &e) != ST_OK)
		return cli_fail(&e);
	print_ticket(&t, 0);
	return 0;
}

/* queue call, queue current */
static int
q_call(struct session *c, int argc, char **argv)
{
	struct queue_ticket t;
	struct err e = {0};
	long long office = 0;
	int code;

	if ((code = queue_office(c, argc, argv, &office)))
		return code;
	if ((argv[0][1] == 'a' ? queue_call_next(c->store, &c->actor, &t, &e)
			       : queue_current(c->store, &c->actor, &t, &e)) !=
	    ST_OK)
		return cli_fail(&e);
	print_ticket(&t, 1);
	return 0;
}

static int
q_done(struct session *c, int argc, char **argv)
{
	struct queue_ticket t;
	struct err e = {0};
	long long office = 0, cid = 0;
	int code;

	if ((code = queue_office(c, argc, argv, &office)))
		return code;
	if (queue_finish(c->store, &c->actor, 0, &cid, &t, &e) != ST_OK)
		return cli_fail(&e);
	print_ticket(&t, 0);
	if (cid)
		cli_printf("дело %lld\n", cid);
	return 0;
}

/* queue recall, no-show, postpone, transfer WINDOW */
static int
q_act(struct session *c, int argc, char **argv)
{
	const char *sub = argv[0];
	enum queue_op op = sub[0] == 'r' ? QOP_RECALL
			 : sub[0] == 'n' ? QOP_NOSHOW
			 : sub[0] == 'p' ? QOP_POSTPONE
					 : QOP_TRANSFER;
	struct queue_ticket t;
	struct err e = {0};
	long long office = 0;
	int code, w = 0;

	if ((code = queue_office(c, argc, argv, &office)))
		return code;
	if (op == QOP_TRANSFER && (argc < 2 || (w = atoi(argv[1])) <= 0))
		return cli_usage("queue", "queue transfer WINDOW");
	if (queue_act(c->store, &c->actor, op, w, &t, &e) != ST_OK)
		return cli_fail(&e);
	print_ticket(&t, op == QOP_RECALL || op == QOP_TRANSFER);
	return 0;
}

static int
q_list(struct session *c, int argc, char **argv)
{
	const char *d = cli_opt(argc, argv, "--date");
	struct queue_ticket *v;
	struct err e = {0};
	long long office = 0;
	char day[DATE_SIZE];
	size_t n, i;
	int code;

	if ((code = queue_office(c, argc, argv, &office)))
		return code;
	if (d && (code = iso_date(d, day)))
		return code;
	if (queue_list(c->store, &c->actor, office, d ? day : NULL, &v, &n,
		       &e) != ST_OK)
		return cli_fail(&e);
	for (i = 0; i < n; i++) {
		char lbl[16];

		queue_ticket_label(&v[i], lbl, sizeof lbl);
		cli_printf("%s %-8s %-13s окно %-2d вызовов %d %s", lbl,
			   queue_state_code(v[i].state),
			   v[i].service[0] ? v[i].service : "-",
			   v[i].window_no, v[i].calls, v[i].taken_at);
		if (v[i].case_id)
			cli_printf(" дело %lld", v[i].case_id);
		cli_printf("\n");
	}
	free(v);
	return 0;
}

static int
q_times(struct session *c, int argc, char **argv)
{
	long long office = 0;
	int code;

	if ((code = queue_office(c, argc, argv, &office)))
		return code;
	return times(c, argc, argv, office);
}

const struct cli_command queue_subs[] = {
	{"take", NULL, q_take, NULL, NEED_DB, NULL},
	{"call", NULL, q_call, NULL, NEED_LOGIN, NULL},
	{"current", NULL, q_call, NULL, NEED_LOGIN, NULL},
	{"done", NULL, q_done, NULL, NEED_LOGIN, NULL},
	{"recall", NULL, q_act, NULL, NEED_LOGIN, NULL},
	{"no-show", NULL, q_act, NULL, NEED_LOGIN, NULL},
	{"postpone", NULL, q_act, NULL, NEED_LOGIN, NULL},
	{"transfer", NULL, q_act, NULL, NEED_LOGIN, NULL},
	{"list", NULL, q_list, NULL, NEED_LOGIN, NULL},
	{"times", NULL, q_times, NULL, NEED_LOGIN, NULL},
	{NULL, NULL, NULL, NULL, 0, NULL},
};
