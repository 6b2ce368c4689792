/* SPDX-License-Identifier: MIT */
/* Whose electronic signature a portal result may carry: the certificates
 * of the certification authorities the administrator trusts (a signing
 * certificate must chain to one of them) and the certificate holder bound
 * to each account (the IIN in the certificate's subject, or its name), so
 * that an inspector signs only with a certificate of their own. */
#ifndef OKNO_EDS_H
#define OKNO_EDS_H

#include "role.h"
#include "sign.h"
#include "status.h"
#include "store.h"

/* Trust a CA certificate (PEM text; PERM_ACCOUNTS), with an audit line
 * "eds.trust". *subject gets its subject (new, may be NULL). A
 * certificate that is not a CA's is refused; one already trusted is
 * ST_CONFLICT. */
MUST_CHECK enum status eds_trust_add(struct store *s, const struct actor *a,
				     const char *pem, char **subject,
				     struct err *e);

/* Stop trusting a CA (PERM_ACCOUNTS), with an audit line "eds.untrust":
 * ref is its SHA-256 in hex as okno portal trusted shows it (at least
 * the first 16 digits) or, when pem is not NULL, the CA certificate
 * itself (ref ignored). *subject gets the subject removed (new, may be
 * NULL). ST_NOTFOUND when no trusted CA matches, ST_CONFLICT when a
 * prefix matches several. Signing certificates of that CA are refused
 * from then on. */
MUST_CHECK enum status eds_trust_remove(struct store *s,
					const struct actor *a,
					const char *ref, const char *pem,
					char **subject, struct err *e);

/* Bind the account login to the holder of its signing certificates
 * (PERM_ACCOUNTS), with an audit line "eds.bind": twelve digits are the
 * holder's IIN (the certificate subject's serialNumber, "IIN…"), anything
 * else the certificate's common name. Replaces an earlier binding. */
MUST_CHECK enum status eds_bind(struct store *s, const struct actor *a,
				const char *login, const char *holder,
				struct err *e);

/* Remove the binding of the account login (PERM_ACCOUNTS), with an
 * audit line "eds.unbind" naming the holder it had: the account signs no
 * portal result until bound again. ST_NOTFOUND when it has none. */
MUST_CHECK enum status eds_unbind(struct store *s, const struct actor *a,
				  const char *login, struct err *e);

/* One line per trusted CA and per binding, for okno portal trusted
 * (PERM_ACCOUNTS or PERM_EXCHANGE). *out new, "" when there is none. */
MUST_CHECK enum status eds_list(struct store *s, const struct actor *a,
				char **out, struct err *e);

/* May the actor sign with this certificate now: it chains to a trusted
 * CA, is within its dates, has the digital-signature key usage and
 * belongs to the account (its IIN, or its name, as bound). ST_INVALID
 * (field "cert") saying which does not hold. */
MUST_CHECK enum status eds_check(struct store *s, const struct actor *a,
				 const struct signer *sg, struct err *e);

#endif
