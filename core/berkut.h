/* SPDX-License-Identifier: MIT */
/* Batches for the national information system "Berkut":
 * registration records (§2.5) and their later corrections written to an
 * outbox as sequence-numbered batch files (docs/berkut-format.md), each
 * with the SHA-256 of its content; a batch is resent until Berkut's
 * acknowledgement comes back, and the acknowledgement marks the cases as
 * entered (the EV_BERKUT workflow event). */
#ifndef OKNO_BERKUT_H
#define OKNO_BERKUT_H

#include <stddef.h>

#include "clock.h"
#include "chain.h"
#include "forms.h"
#include "role.h"
#include "status.h"
#include "store.h"

struct berkut_batch_info {
	int no;
	char file[128];           /* file name inside the outbox */
	char sha256[CHAIN_HEX];
	int count;
	char created_at[STAMP_SIZE];
	int sent_count;
	char acked_at[STAMP_SIZE];        /* "" while unacknowledged */
	int accepted, rejected;   /* records, once acknowledged */
};

/* Write the next batch of the actor's office: every registration issued
 * (or handed out) and not yet entered into Berkut that is neither in an
 * unacknowledged batch nor accepted in an acknowledged one, and every
 * correction made after the record last sent of a case. The batch row,
 * its records, an audit line and the batch's bytes (core/outputs.h) are
 * one transaction; the file OUTBOX/NAME.jsonl and its
 * OUTBOX/NAME.jsonl.sha256 are written after the commit, as new files. A
 * batch recorded but not written (a run killed, a full disk) goes out
 * first, byte for byte. PERM_EXCHANGE. ST_OK with out->no == 0 when
 * there is nothing to send. */
MUST_CHECK enum status berkut_export(struct store *s, const struct actor *a,
			  const char *outbox, struct berkut_batch_info *out,
			  struct err *e);

/* Write every unacknowledged batch of the office again, byte for byte,
 * and count the resend (a file still there with the same bytes is left
 * as it is; one with other bytes is replaced only with force). *out
 * (free) lists them, *n of them. */
MUST_CHECK enum status berkut_resend(struct store *s, const struct actor *a,
			  const char *outbox, int force,
			  struct berkut_batch_info **out, size_t *n,
			  struct err *e);

enum berkut_ack_result {
	BERKUT_ACK_DONE,    /* taken: records marked */
	BERKUT_ACK_REPEAT,  /* the same acknowledgement again: nothing done */
};

/* Take an acknowledgement (bytes of the file, docs/berkut-format.md).
 * Refused: ST_INVALID when it is malformed, its sha256 is not the
 * batch's, or its records are not exactly the batch's; ST_NOTFOUND for an
 * unknown batch; ST_CONFLICT when a different acknowledgement of the same
 * batch was taken before. Otherwise, in one transaction: every accepted
 * registration record fires EV_BERKUT on its case through case_fire (its
 * history row, journal line and audit line; PERM_BERKUT), record statuses
 * and the batch's acknowledgement are stored. Rejected records go out
 * again in the next batch. info describes the batch afterwards. */
MUST_CHECK enum status berkut_ack(struct store *s, const struct actor *a,
		       const struct formset *forms, const char *bytes,
		       size_t n, enum berkut_ack_result *res,
		       struct berkut_batch_info *info, struct err *e);

/* The office's batches, newest first. PERM_EXCHANGE. */
MUST_CHECK enum status berkut_list(struct store *s, const struct actor *a,
			struct berkut_batch_info **out, size_t *n,
			struct err *e);

#endif
