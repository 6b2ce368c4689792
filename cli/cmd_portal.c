/* SPDX-License-Identifier: MIT */
/* okno portal: import, list, sign — the e-government portal channel. */
#include "cmds.h"
#include "eds.h"
#include "fileio.h"
#include "portal.h"
#include "sign.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

const char usage_portal[] =
	"Usage: okno --as LOGIN portal import DIR\n"
	"       okno --as LOGIN portal list [--all]\n"
	"       okno --as LOGIN portal sign CASE --cert FILE --key FILE\n"
	"                 --outbox DIR [--force]\n"
	"       okno --as ADMIN portal trust CAFILE\n"
	"       okno --as ADMIN portal trust --remove CAFILE|SHA256\n"
	"       okno --as ADMIN portal signer LOGIN IIN|NAME\n"
	"       okno --as ADMIN portal signer --remove LOGIN\n"
	"       okno --as LOGIN portal trusted\n"
	"\n"
	"import takes every DIR/*.json application of the portal (format:\n"
	"docs/portal-format.md) in as a draft registration case in the\n"
	"electronic channel (an inspector's account). A taken file moves to\n"
	"DIR/done/ after its case is committed; an invalid one to DIR/rejected/\n"
	"beside NAME.why (line and field of each problem); a request id seen\n"
	"before is not taken twice. Exit 3 when a file was rejected.\n"
	"list shows the worklist \"from the portal\": drafts waiting for the\n"
	"inspector (okno case event ID accept); --all: every portal case.\n"
	"sign renders the result of a decided portal case (the passport insert\n"
	"when issued, the refusal when refused), signs it as a detached CMS\n"
	"(PKCS#7) signature with the inspector's certificate and key, writes\n"
	"OUTBOX/REQUEST.txt, REQUEST.p7s and last REQUEST.status.json (new\n"
	"files, after the result is recorded; those of an earlier sending still\n"
	"in OUTBOX are replaced only with --force), and hands the result out to\n"
	"the applicant's personal cabinet. The key is a\n"
	"PEM file protected by a passphrase, read from the file named by\n"
	"$OKNO_KEY_PASSPHRASE_FILE or asked on the terminal (never an\n"
	"argument). An expired or not yet valid certificate, or a key that is\n"
	"not the certificate's, is refused; so is a certificate that does not\n"
	"chain to a CA the admin trusts (trust: a CA certificate in PEM), has\n"
	"no digitalSignature key usage, or is not the signing account's (signer:\n"
	"its holder's IIN, the subject's serialNumber, or its common name).\n"
	"trusted lists the CAs and the bindings. trust --remove stops trusting a\n"
	"CA, named by its certificate file or its sha256 as trusted shows it (at\n"
	"least 16 hex digits); signer --remove unbinds an account: from then on\n"
	"that CA's certificates, or that account, sign nothing. Verify with:\n"
	"  openssl cms -verify -binary -inform PEM -in REQUEST.p7s \\\n"
	"      -content REQUEST.txt -CAfile CA.pem -purpose any\n";

static const char *const outcome_ru[] = {
	[PORTAL_IMPORTED] = "принято",
	[PORTAL_DONE_AGAIN] = "уже было принято",
	[PORTAL_DUPLICATE] = "повтор",
	[PORTAL_REJECTED] = "отклонено",
	[PORTAL_FAILED] = "ошибка",
};

static int
portal_import_cmd(struct session *c, int argc, char **argv)
{
	struct portal_report rep;
	struct err e = {0};
	size_t i;
	int code, failed = 0;

	if ((code = cli_ready_if(c, argc == 2, "portal",
				 "portal import DIR")) != 0)
		return code;
	if (portal_import(c->store, &c->actor, c->forms, argv[1], &rep,
			  cli_progress(), &e) != ST_OK) {
		code = cli_fail(&e);
		portal_report_free(&rep);
		return code;
	}
	for (i = 0; i < rep.n; i++) {
		const struct portal_item *it = &rep.v[i];

		cli_printf("%s: ", outcome_ru[it->outcome]);
		cli_put(it->file);
		if (it->request_id[0])
			cli_printf(" (запрос %s)", it->request_id);
		if (it->case_id)
			cli_printf(" дело %lld", it->case_id);
		cli_printf("\n");
		if (it->why) {
			char *line = it->why, *nl;

			while (*line) {
				nl = strchr(line, '\n');
				if (nl)
					*nl = '\0';
				cli_printf("  ");
				cli_put(line);
				cli_printf("\n");
				if (!nl)
					break;
				line = nl + 1;
			}
		}
		if (it->outcome == PORTAL_FAILED)
			failed = 1;
	}
	cli_printf("Принято: %zu, отклонено: %zu, повторов: %zu\n",
		   rep.imported, rep.rejected, rep.duplicates);
	code = failed ? 1 : (rep.rejected || rep.duplicates)
				    ? status_exit_code(ST_INVALID) : 0;
	portal_report_free(&rep);
	return code;
}

static int
portal_list_cmd(struct session *c, int argc, char **argv)
{
	struct portal_row *rows;
	struct err e = {0};
	size_t n, i;
	int code, all = 0;

	if (argc == 2 && strcmp(argv[1], "--all") == 0)
		all = 1;
	else if (argc != 1)
		return cli_usage("portal", "portal list [--all]");
	if ((code = cli_ready(c)) != 0)
		return code;
	if (portal_list(c->store, &c->actor, !all, &rows, &n, &e) != ST_OK)
		return cli_fail(&e);
	for (i = 0; i < n; i++)
		cli_printf("%-6lld %-24s %s %-10s %-10s %s / %s\n",
			   rows[i].case_id, rows[i].request_id,
			   rows[i].submitted_at, rows[i].state,
			   rows[i].result[0] ? rows[i].result : "-",
			   rows[i].name, rows[i].applicant);
	if (!n)
		cli_printf(all ? "Заявок с портала нет\n"
			       : "Новых заявок с портала нет\n");
	free(rows);
	return 0;
}

static int
portal_sign_cmd(struct session *c, int argc, char **argv)
{
	const char *cert = NULL, *key = NULL, *outbox = NULL;
	int rest, code, force = 0;
	const struct cli_option opts[] = {
		CLI_STR("cert", &cert), CLI_STR("key", &key),
		CLI_STR("outbox", &outbox), CLI_FLAG("force", &force), CLI_END,
	};
	struct portal_sent sent;
	struct signer *sg = NULL;
	struct err e = {0};
	char *pass, *tdir;
	long long id;

	if ((code = cli_options("portal", opts, argc, argv, &rest)) != 0)
		return code;
	if (rest + 1 != argc || !cert || !key || !outbox)
		return cli_usage("portal", "portal sign CASE --cert FILE "
					   "--key FILE --outbox DIR");
	if (cli_parse_id(argv[rest], &id))
		return cli_usage("portal", "CASE is a case number");
	if ((code = cli_ready(c)) != 0)
		return code;
	if (!(pass = cli_secret("OKNO_KEY_PASSPHRASE_FILE",
				"Пароль ключа ЭЦП: ")))
		return status_exit_code(ST_DENIED);
	if (signer_load(cert, key, pass, &sg, &e) != ST_OK) {
		OPENSSL_cleanse(pass, strlen(pass));
		free(pass);
		return cli_fail(&e);
	}
	OPENSSL_cleanse(pass, strlen(pass));
	free(pass);
	tdir = xasprintf("%s/templates", c->forms_dir);
	if (portal_sign(c->store, &c->actor, c->forms, id, sg, tdir, outbox,
			force, &sent, &e) != ST_OK) {
		free(tdir);
		signer_free(sg);
		return cli_fail(&e);
	}
	free(tdir);
	if (sent.earlier)
		cli_printf("Запрос %s: %s; отправлен результат, записанный прежде (как он был подписан)\n", sent.request_id,
			   strcmp(sent.status, "refused") ? "зарегистрирован"
							  : "отказ");
	else
		cli_printf("Запрос %s: %s, подписано: %s\n", sent.request_id,
			   strcmp(sent.status, "refused") ? "зарегистрирован"
							  : "отказ",
			   signer_name(sg));
	cli_printf("  документ  %s\n  подпись   %s\n  статус    %s\n",
		   sent.doc_path, sent.sig_path, sent.status_path);
	if (sent.handed_out)
		cli_printf("  результат выдан в личный кабинет заявителя\n");
	signer_free(sg);
	return 0;
}

/* portal trust --remove FILE|SHA256: the admin stops trusting a CA. */
static int
portal_untrust(struct session *c, const char *ref)
{
	struct err e = {0};
	char *pem = NULL, *subject = NULL;
	size_t n;
	int code;

	if ((code = cli_ready(c)) != 0)
		return code;
	if (fileio_exists(ref) &&
	    fileio_read(ref, 256 * 1024, FILEIO_USER, "cert", &pem, &n, &e) !=
		    ST_OK)
		return cli_fail(&e);
	if (eds_trust_remove(c->store, &c->actor, ref, pem, &subject, &e) !=
	    ST_OK) {
		free(pem);
		return cli_fail(&e);
	}
	cli_printf("Удостоверяющий центр больше не доверенный: %s\n", subject);
	free(subject);
	free(pem);
	return 0;
}

/* portal trust FILE: the admin trusts a CA's certificate. */
static int
portal_trust_cmd(struct session *c, int argc, char **argv)
{
	struct err e = {0};
	char *pem = NULL, *subject = NULL;
	size_t n;
	int code;

	if (argc == 3 && strcmp(argv[1], "--remove") == 0)
		return portal_untrust(c, argv[2]);
	if (argc != 2 || argv[1][0] == '-')
		return cli_usage("portal", "portal trust [--remove] FILE");
	if ((code = cli_ready(c)) != 0)
		return code;
	if (fileio_read(argv[1], 256 * 1024, FILEIO_USER, "cert", &pem, &n,
			&e) != ST_OK)
		return cli_fail(&e);
	if (eds_trust_add(c->store, &c->actor, pem, &subject, &e) != ST_OK) {
		free(pem);
		return cli_fail(&e);
	}
	cli_printf("Доверенный удостоверяющий центр: %s\n", subject);
	free(subject);
	free(pem);
	return 0;
}

/* portal signer LOGIN IIN|NAME: whose certificates the account signs with. */
static int
portal_signer_cmd(struct session *c, int argc, char **argv)
{
	struct err e = {0};
	int code;

	if ((code = cli_ready_if(c, argc == 3, "portal",
				 "portal signer LOGIN IIN|NAME")) != 0)
		return code;
	if (strcmp(argv[1], "--remove") == 0) {
		if (eds_unbind(c->store, &c->actor, argv[2], &e) != ST_OK)
			return cli_fail(&e);
		cli_printf("Учётная запись %s больше не подписывает: владелец сертификата ЭЦП снят\n", argv[2]);
		return 0;
	}
	if (eds_bind(c->store, &c->actor, argv[1], argv[2], &e) != ST_OK)
		return cli_fail(&e);
	return 0;
}

static int
portal_trusted_cmd(struct session *c, int argc, char **argv)
{
	struct err e = {0};
	char *text = NULL;
	int code;

	(void)argv;
	if ((code = cli_ready_if(c, argc == 1, "portal",
				 "portal trusted")) != 0)
		return code;
	if (eds_list(c->store, &c->actor, &text, &e) != ST_OK)
		return cli_fail(&e);
	cli_printf("%s", text);
	free(text);
	return 0;
}

const struct cli_command portal_subs[] = {
	{"trust", NULL, portal_trust_cmd, NULL, NEED_LOGIN, NULL},
	{"signer", NULL, portal_signer_cmd, NULL, NEED_LOGIN, NULL},
	{"trusted", NULL, portal_trusted_cmd, NULL, NEED_LOGIN, NULL},
	{"import", NULL, portal_import_cmd, NULL,
	 NEED_LOGIN | NEED_FORMS, NULL},
	{"list", NULL, portal_list_cmd, NULL, NEED_LOGIN, NULL},
	{"sign", NULL, portal_sign_cmd, NULL, NEED_LOGIN | NEED_FORMS, NULL},
	{NULL, NULL, NULL, NULL, 0, NULL},
};
