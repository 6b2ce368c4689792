/* SPDX-License-Identifier: MIT */
/* Electronic signature of outgoing documents: the inspector's X.509
 * certificate and passphrase-protected private key (PEM files, read with
 * OpenSSL libcrypto), checked against the clock and against each other,
 * and a CMS (PKCS#7) detached signature over the document's exact bytes
 * that `openssl cms -verify -binary -content DOC -in DOC.p7s` accepts. */
#ifndef OKNO_SIGN_H
#define OKNO_SIGN_H

#include <stddef.h>
#include <time.h>

#include "status.h"
#include "util.h"

struct signer;

/* Load the certificate (PEM) and the private key (PEM, normally
 * encrypted; passphrase may be NULL for an unencrypted key). Refused with
 * ST_INVALID when a file cannot be parsed or the passphrase is wrong, when
 * the certificate is not yet valid or has expired at clock_now() (OKNO_NOW
 * honoured), or when the key is not the certificate's. ST_NOTFOUND when a
 * file cannot be read. The passphrase is not kept. Free with
 * signer_free. */
MUST_CHECK enum status signer_load(const char *cert_path, const char *key_path,
			const char *passphrase, struct signer **out,
			struct err *e);
void signer_free(struct signer *sg);

/* The certificate's subject common name (or the whole subject when it
 * has none), its serial number in hex, and its issuer's common name, as
 * UTF-8, for the document's signature block and the logs. */
const char *signer_name(const struct signer *sg);
const char *signer_serial(const struct signer *sg);
const char *signer_issuer(const struct signer *sg);

/* The holder's IIN from the certificate subject's serialNumber ("IIN"
 * and twelve digits, as Kazakhstan's national CA writes it), "" when it
 * has none. */
const char *signer_iin(const struct signer *sg);

/* May the certificate sign at `at`: it has the digitalSignature key usage
 * and chains to one of the n trusted CA certificates (PEM texts) with
 * every certificate of the chain within its dates. ST_INVALID (field
 * "cert") saying what fails; no trusted CA at all is refused too. */
MUST_CHECK enum status signer_check(const struct signer *sg,
				    const char *const *ca_pem, size_t n,
				    time_t at, struct err *e);

/* A CA certificate (PEM text): its subject and last day (ISO), both new.
 * ST_INVALID when it cannot be read or is not a CA's
 * (basicConstraints CA:TRUE). */
MUST_CHECK enum status signer_ca_info(const char *pem, char **subject,
				      char **not_after, struct err *e);

/* Sign data (n bytes, taken as binary: no newline conversion) as a
 * detached CMS SignedData with the signer's certificate included; the
 * PEM text ("-----BEGIN CMS-----") is appended to out. */
MUST_CHECK enum status signer_sign(const struct signer *sg, const void *data, size_t n,
			struct strbuf *out, struct err *e);

#endif
