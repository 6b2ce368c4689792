/* SPDX-License-Identifier: MIT */
/* CMS detached signatures with the inspector's certificate and key. */
#include "sign.h"
#include "fileio.h"
#include "clock.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/pem.h>
#include <openssl/cms.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

struct signer {
	X509 *cert;
	EVP_PKEY *key;
	char *name, *serial, *issuer, *iin;
};

/* The last OpenSSL error as text (English; OpenSSL has no Russian), or
 * "" when its queue is empty. The queue is emptied. */
static void
ssl_reason(char *buf, size_t n)
{
	unsigned long code = ERR_peek_last_error();

	buf[0] = '\0';
	if (code)
		ERR_error_string_n(code, buf, n);
	ERR_clear_error();
}

static int
pass_cb(char *buf, int size, int rwflag, void *u)
{
	const char *pw = u;
	size_t len;

	(void)rwflag;
	/* No passphrase given: fail instead of OpenSSL's own tty prompt. */
	if (!pw)
		return -1;
	len = strlen(pw);
	if (len > (size_t)size)
		return -1;
	memcpy(buf, pw, len);
	return (int)len;
}

/* The certificate or key file the user names, read with the user's
 * rights into a memory BIO (BIO_free releases the bytes with it). */
static BIO *
open_file(const char *path, const char *what, struct err *e)
{
	struct err fe = {0};
	char *data;
	size_t n;
	BIO *b;

	if (fileio_read(path, 1024 * 1024, FILEIO_USER, what, &data, &n, &fe) !=
	    ST_OK) {
		err_set(e, ST_NOTFOUND, what, "%s: не удалось прочитать файл %s: %s", strcmp(what, "cert") == 0 ? "Сертификат"
							    : "Ключ",
			path, fe.msg);
		return NULL;
	}
	b = BIO_new(BIO_s_mem());
	if (!b || BIO_write(b, data, (int)n) != (int)n) {
		BIO_free(b);
		OPENSSL_cleanse(data, n);
		free(data);
		ERR_clear_error();
		err_set(e, ST_ERROR, what, "%s: нет памяти", path);
		return NULL;
	}
	OPENSSL_cleanse(data, n);
	free(data);
	return b;
}

/* A name entry as visible UTF-8 (control characters escaped). */
static char *
name_text(X509_NAME *nm)
{
	int i = X509_NAME_get_index_by_NID(nm, NID_commonName, -1);
	unsigned char *u = NULL;
	char *out;

	if (i >= 0) {
		ASN1_STRING *d = X509_NAME_ENTRY_get_data(
			X509_NAME_get_entry(nm, i));

		if (ASN1_STRING_to_UTF8(&u, d) >= 0 && u) {
			out = utf8_visible((const char *)u, 0);
			OPENSSL_free(u);
			return out;
		}
	}
	{
		BIO *b = BIO_new(BIO_s_mem());
		char *p;
		long len;
		char *raw;

		X509_NAME_print_ex(b, nm, 0,
				   XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
		len = BIO_get_mem_data(b, &p);
		raw = xstrndup(p, len > 0 ? (size_t)len : 0);
		BIO_free(b);
		out = utf8_visible(raw, 0);
		free(raw);
		return out;
	}
}

static char *
serial_text(X509 *cert)
{
	BIGNUM *bn = ASN1_INTEGER_to_BN(X509_get0_serialNumber(cert), NULL);
	char *hex = bn ? BN_bn2hex(bn) : NULL;
	char *out = xstrdup(hex ? hex : "?");

	OPENSSL_free(hex);
	BN_free(bn);
	return out;
}

/* The subject's serialNumber attribute: Kazakhstan's national CA writes
 * the holder's IIN there as "IIN" and twelve digits. */
static char *
subject_iin(X509 *cert)
{
	X509_NAME *nm = X509_get_subject_name(cert);
	int i = X509_NAME_get_index_by_NID(nm, NID_serialNumber, -1);
	unsigned char *u = NULL;
	const char *p;
	char *out;
	size_t k;

	if (i < 0 || ASN1_STRING_to_UTF8(&u, X509_NAME_ENTRY_get_data(
					    X509_NAME_get_entry(nm, i))) < 0)
		return xstrdup("");
	p = (const char *)u;
	if (strncmp(p, "IIN", 3) == 0)
		p += 3;
	for (k = 0; p[k] >= '0' && p[k] <= '9'; k++)
		;
	out = xstrdup(k == 12 && !p[k] ? p : "");
	OPENSSL_free(u);
	return out;
}

enum status
signer_load(const char *cert_path, const char *key_path,
	    const char *passphrase, struct signer **out, struct err *e)
{
	struct signer *sg = xcalloc(1, sizeof *sg);
	char why[256];
	time_t now = clock_now();
	enum status ret;
	BIO *b;
	int c;

	*out = NULL;
	ERR_clear_error();
	if (!(b = open_file(cert_path, "cert", e))) {
		ret = ST_NOTFOUND;
		goto fail;
	}
	sg->cert = PEM_read_bio_X509(b, NULL, NULL, NULL);
	BIO_free(b);
	if (!sg->cert) {
		ssl_reason(why, sizeof why);
		ret = err_set(e, ST_INVALID, "cert", "Сертификат %s: не удалось разобрать PEM (%s)", cert_path, why);
		goto fail;
	}
	if (!(b = open_file(key_path, "key", e))) {
		ret = ST_NOTFOUND;
		goto fail;
	}
	sg->key = PEM_read_bio_PrivateKey(b, NULL, pass_cb,
					  (void *)passphrase);
	BIO_free(b);
	if (!sg->key) {
		ssl_reason(why, sizeof why);
		ret = err_set(e, ST_INVALID, "key", "Ключ %s: не удалось прочитать — неверный пароль ключа или файл повреждён (%s)", key_path, why);
		goto fail;
	}
	sg->name = name_text(X509_get_subject_name(sg->cert));
	sg->issuer = name_text(X509_get_issuer_name(sg->cert));
	sg->serial = serial_text(sg->cert);
	sg->iin = subject_iin(sg->cert);
	c = X509_cmp_time(X509_get0_notBefore(sg->cert), &now);
	if (c == 0) {
		ret = err_set(e, ST_INVALID, "cert", "Сертификат %s: неверная дата начала действия", cert_path);
		goto fail;
	}
	if (c > 0) {
		ret = err_set(e, ST_INVALID, "cert", "Сертификат «%s» (№ %s) ещё не действует", sg->name, sg->serial);
		goto fail;
	}
	c = X509_cmp_time(X509_get0_notAfter(sg->cert), &now);
	if (c == 0) {
		ret = err_set(e, ST_INVALID, "cert", "Сертификат %s: неверная дата окончания действия", cert_path);
		goto fail;
	}
	if (c < 0) {
		ret = err_set(e, ST_INVALID, "cert", "Сертификат «%s» (№ %s) просрочен", sg->name, sg->serial);
		goto fail;
	}
	if (X509_check_private_key(sg->cert, sg->key) != 1) {
		ERR_clear_error();
		ret = err_set(e, ST_INVALID, "key", "Ключ %s не соответствует сертификату «%s»", key_path, sg->name);
		goto fail;
	}
	*out = sg;
	return ST_OK;
fail:
	signer_free(sg);
	return ret;
}

void
signer_free(struct signer *sg)
{
	if (!sg)
		return;
	X509_free(sg->cert);
	EVP_PKEY_free(sg->key);
	free(sg->name);
	free(sg->serial);
	free(sg->issuer);
	free(sg->iin);
	free(sg);
}

const char *
signer_name(const struct signer *sg)
{
	return sg->name;
}

const char *
signer_serial(const struct signer *sg)
{
	return sg->serial;
}

const char *
signer_issuer(const struct signer *sg)
{
	return sg->issuer;
}

enum status
signer_sign(const struct signer *sg, const void *data, size_t n,
	    struct strbuf *out, struct err *e)
{
	BIO *in = NULL, *mem = NULL;
	CMS_ContentInfo *cms = NULL;
	enum status ret = ST_OK;
	char why[256];
	char *p;
	long len;

	ERR_clear_error();
	if (n > (size_t)0x7fffffff)
		return err_set(e, ST_INVALID, "", "Документ слишком велик");
	in = BIO_new_mem_buf(data, (int)n);
	mem = BIO_new(BIO_s_mem());
	if (!in || !mem)
		goto ssl_fail;
	cms = CMS_sign(sg->cert, sg->key, NULL, in, CMS_DETACHED | CMS_BINARY);
	if (!cms || !PEM_write_bio_CMS(mem, cms))
		goto ssl_fail;
	len = BIO_get_mem_data(mem, &p);
	sb_addn(out, p, len > 0 ? (size_t)len : 0);
	goto out;
ssl_fail:
	ssl_reason(why, sizeof why);
	ret = err_set(e, ST_ERROR, "", "Не удалось подписать документ (%s)",
		      why);
out:
	CMS_ContentInfo_free(cms);
	BIO_free(in);
	BIO_free(mem);
	return ret;
}
const char *
signer_iin(const struct signer *sg)
{
	return sg->iin;
}

enum status
signer_check(const struct signer *sg, const char *const *ca_pem, size_t n,
	     time_t at, struct err *e)
{
	X509_STORE *st = NULL;
	X509_STORE_CTX *vc = NULL;
	enum status ret = ST_OK;
	size_t i;
	int ok;

	ERR_clear_error();
	/* Made for signing: the key usage names the digital signature. */
	if (!(X509_get_extension_flags(sg->cert) & EXFLAG_KUSAGE) ||
	    !(X509_get_key_usage(sg->cert) & KU_DIGITAL_SIGNATURE))
		return err_set(e, ST_INVALID, "cert", "Сертификат «%s» (№ %s) не предназначен для электронной цифровой подписи (нет назначения ключа «digitalSignature»)",
			       sg->name, sg->serial);
	if (n == 0)
		return err_set(e, ST_INVALID, "cert", "Нет доверенных сертификатов удостоверяющих центров: администратору — okno portal trust FILE");
	if (!(st = X509_STORE_new()) || !(vc = X509_STORE_CTX_new()))
		goto nomem;
	for (i = 0; i < n; i++) {
		BIO *b = BIO_new_mem_buf(ca_pem[i], -1);
		X509 *ca = b ? PEM_read_bio_X509(b, NULL, NULL, NULL) : NULL;

		BIO_free(b);
		if (!ca || !X509_STORE_add_cert(st, ca)) {
			X509_free(ca);
			ERR_clear_error();
			continue;
		}
		X509_free(ca);
	}
	if (!X509_STORE_CTX_init(vc, st, sg->cert, NULL))
		goto nomem;
	X509_VERIFY_PARAM_set_time(X509_STORE_CTX_get0_param(vc), at);
	ok = X509_verify_cert(vc);
	if (ok != 1) {
		int why = X509_STORE_CTX_get_error(vc);

		ret = err_set(e, ST_INVALID, "cert", "Сертификат «%s» (№ %s, выдан: %s) не подтверждается доверенными удостоверяющими центрами: %s", sg->name,
			      sg->serial, sg->issuer,
			      X509_verify_cert_error_string(why));
	}
	goto out;
nomem:
	ret = err_set(e, ST_ERROR, "cert", "Проверка сертификата: нет памяти");
out:
	ERR_clear_error();
	X509_STORE_CTX_free(vc);
	X509_STORE_free(st);
	return ret;
}

enum status
signer_ca_info(const char *pem, char **subject, char **not_after,
	       struct err *e)
{
	BIO *b = BIO_new_mem_buf(pem, -1);
	X509 *ca = b ? PEM_read_bio_X509(b, NULL, NULL, NULL) : NULL;
	ASN1_TIME *na;
	struct tm tm;

	BIO_free(b);
	*subject = *not_after = NULL;
	if (!ca) {
		ERR_clear_error();
		return err_set(e, ST_INVALID, "cert", "Сертификат УЦ: не удалось разобрать PEM");
	}
	if (!(X509_get_extension_flags(ca) & EXFLAG_CA)) {
		char *nm = name_text(X509_get_subject_name(ca));

		err_set(e, ST_INVALID, "cert", "Сертификат «%s» — не сертификат удостоверяющего центра (нет basicConstraints CA:TRUE)", nm);
		free(nm);
		X509_free(ca);
		return ST_INVALID;
	}
	*subject = name_text(X509_get_subject_name(ca));
	na = (ASN1_TIME *)X509_get0_notAfter(ca);
	if (ASN1_TIME_to_tm(na, &tm) == 1)
		*not_after = xasprintf("%04d-%02d-%02d", tm.tm_year + 1900,
				       tm.tm_mon + 1, tm.tm_mday);
	else
		*not_after = xstrdup("");
	X509_free(ca);
	return ST_OK;
}
