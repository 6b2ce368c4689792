/* SPDX-License-Identifier: MIT */
/* okno berkut: export, ack, list — batches for ЕИС «Беркут». */
#include "cmds.h"
#include "berkut.h"
#include "fileio.h"
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char usage_berkut[] =
	"Usage: okno --as LOGIN berkut export --outbox DIR [--resend [--force]]\n"
	"       okno --as LOGIN berkut ack FILE\n"
	"       okno --as LOGIN berkut list\n"
	"\n"
	"export writes the next batch of the office to DIR as\n"
	"berkut-OFFICE-NNNNNN.jsonl with its .sha256 beside it (format:\n"
	"docs/berkut-format.md): every registration issued and not yet entered\n"
	"into Berkut that is not waiting in an unacknowledged batch, and the\n"
	"corrections made since a record went out. A batch is recorded before\n"
	"its files are written, as new files; one recorded but not written (a\n"
	"killed run, a full disk) is written first by the next export, byte for\n"
	"byte. --resend also writes every unacknowledged batch again, byte for\n"
	"byte: a batch is resent until it is acknowledged (a file still in DIR\n"
	"with other bytes is replaced only with --force).\n"
	"ack takes Berkut's acknowledgement of a batch and marks each accepted\n"
	"registration as entered into Berkut (the case's \"berkut\" event, with\n"
	"its journal line); rejected records go out in the next batch. A\n"
	"repeated acknowledgement changes nothing (exit 0); one for an unknown\n"
	"batch (4), with a wrong sha256 or records that are not the batch's\n"
	"(3), or a different one for a batch already acknowledged (6) is\n"
	"refused.\n"
	"list shows the batches: number, records, sent, acknowledged.\n";

static void
show_batch(const struct berkut_batch_info *b)
{
	cli_printf("%6d  %-30s %4d зап.  создан %s  отправлен %d раз(а)  ",
		   b->no, b->file, b->count, b->created_at, b->sent_count);
	if (b->acked_at[0])
		cli_printf("подтверждён %s (принято %d, отклонено %d)\n",
			   b->acked_at, b->accepted, b->rejected);
	else
		cli_printf("ждёт подтверждения\n");
}

static int
berkut_export_cmd(struct session *c, int argc, char **argv)
{
	struct berkut_batch_info b, *re = NULL;
	const char *outbox = NULL;
	struct err e = {0};
	size_t n = 0, i;
	int resend = 0, force = 0, code;

	for (i = 1; i < (size_t)argc; i++) {
		if (strcmp(argv[i], "--resend") == 0)
			resend = 1;
		else if (strcmp(argv[i], "--force") == 0)
			force = 1;
		else if (strcmp(argv[i], "--outbox") == 0 &&
			 i + 1 < (size_t)argc)
			outbox = argv[++i];
		else
			return cli_usage("berkut", "berkut export --outbox DIR "
						   "[--resend [--force]]");
	}
	if (!outbox)
		return cli_usage("berkut", "--outbox DIR is needed");
	if ((code = cli_ready(c)) != 0)
		return code;
	if (resend) {
		if (berkut_resend(c->store, &c->actor, outbox, force, &re, &n,
				  &e) != ST_OK)
			return cli_fail(&e);
		for (i = 0; i < n; i++) {
			cli_printf("Повторно: ");
			show_batch(&re[i]);
		}
		free(re);
	}
	if (berkut_export(c->store, &c->actor, outbox, &b, &e) != ST_OK)
		return cli_fail(&e);
	if (b.no) {
		cli_printf("Пакет № %d: %s, записей %d, sha256 %s\n", b.no,
			   b.file, b.count, b.sha256);
	} else {
		cli_printf("Новых записей для «Беркут» нет\n");
	}
	return 0;
}

static int
berkut_ack_cmd(struct session *c, int argc, char **argv)
{
	struct berkut_batch_info b;
	enum berkut_ack_result res;
	struct err e = {0};
	char *buf;
	size_t n;
	int code;

	if ((code = cli_ready_if(c, argc == 2, "berkut",
				 "berkut ack FILE")) != 0)
		return code;
	/* The file the user names is read with the user's rights. */
	if (fileio_read(argv[1], 8 * 1024 * 1024, FILEIO_USER, "file", &buf, &n,
			&e) != ST_OK)
		return cli_fail(&e);
	if (berkut_ack(c->store, &c->actor, c->forms, buf, n, &res, &b, &e) !=
	    ST_OK) {
		free(buf);
		return cli_fail(&e);
	}
	free(buf);
	if (res == BERKUT_ACK_REPEAT)
		cli_printf("Пакет № %d уже подтверждён %s: квитанция принята ранее, ничего не изменено\n", b.no, b.acked_at);
	else
		cli_printf("Пакет № %d подтверждён: принято %d, отклонено %d\n",
			   b.no, b.accepted, b.rejected);
	return 0;
}

static int
berkut_list_cmd(struct session *c, int argc, char **argv)
{
	struct berkut_batch_info *v;
	struct err e = {0};
	size_t n, i;
	int code;

	(void)argv;
	if ((code = cli_ready_if(c, argc == 1, "berkut", "berkut list")) != 0)
		return code;
	if (berkut_list(c->store, &c->actor, &v, &n, &e) != ST_OK)
		return cli_fail(&e);
	for (i = 0; i < n; i++)
		show_batch(&v[i]);
	if (!n)
		cli_printf("Пакетов нет\n");
	free(v);
	return 0;
}

const struct cli_command berkut_subs[] = {
	{"export", NULL, berkut_export_cmd, NULL, NEED_LOGIN, NULL},
	{"ack", NULL, berkut_ack_cmd, NULL, NEED_LOGIN | NEED_FORMS, NULL},
	{"list", NULL, berkut_list_cmd, NULL, NEED_LOGIN, NULL},
	{NULL, NULL, NULL, NULL, 0, NULL},
};
