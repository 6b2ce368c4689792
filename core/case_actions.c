/* SPDX-License-Identifier: MIT */
/* The events an account may fire on a case now (see case_actions.h). */
#include "case_actions.h"

size_t
case_actions(const struct case_rec *c, unsigned roles, int with_intake,
	     enum case_event *out)
{
	unsigned svc = workflow_service_bit(c->service);
	size_t n = 0;
	int ev;

	for (ev = 0; ev < EV__COUNT; ev++) {
		const struct transition *t =
			workflow_find(c->state, (enum case_event)ev, svc);

		if (!t || !role_allows(roles, t->perm))
			continue;
		if (!with_intake && (ev == EV_ACCEPT || ev == EV_RETURN ||
				     ev == EV_CANCEL))
			continue;
		if ((t->needs & NEED_NO_BERKUT) && c->berkut_at[0])
			continue;
		out[n++] = (enum case_event)ev;
	}
	return n;
}

unsigned
case_action_needs(const struct case_rec *c, enum case_event ev)
{
	const struct transition *t =
		workflow_find(c->state, ev, workflow_service_bit(c->service));

	return t ? t->needs : 0;
}
