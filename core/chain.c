/* SPDX-License-Identifier: MIT */
/* SHA-256 chaining through OpenSSL's EVP interface. */
#include <stddef.h>
#include <string.h>

#include <openssl/evp.h>

#include "chain.h"

const char chain_genesis[CHAIN_HEX] =
	"0000000000000000000000000000000000000000000000000000000000000000";

static void
to_hex(const unsigned char *md, unsigned n, char *out)
{
	static const char hex[] = "0123456789abcdef";
	unsigned i;

	for (i = 0; i < n; i++) {
		out[2 * i] = hex[md[i] >> 4];
		out[2 * i + 1] = hex[md[i] & 15];
	}
	out[2 * n] = '\0';
}

void
chain_sha256_hex(const void *data, size_t n, char *out_hex)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned len = 0;

	EVP_Digest(data, n, md, &len, EVP_sha256(), NULL);
	to_hex(md, len, out_hex);
}

const char *
chain_genesis_of(int training)
{
	static const char seed[] = "okno training database";
	static char g[CHAIN_HEX];

	if (!training)
		return chain_genesis;
	if (!g[0])
		chain_sha256_hex(seed, sizeof seed - 1, g);
	return g;
}

void
chain_hash(const char *prev_hex, const char *content, char *out_hex)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned len = 0;
	EVP_MD_CTX *c = EVP_MD_CTX_new();

	EVP_DigestInit_ex(c, EVP_sha256(), NULL);
	EVP_DigestUpdate(c, prev_hex, strlen(prev_hex));
	EVP_DigestUpdate(c, "\n", 1);
	EVP_DigestUpdate(c, content, strlen(content));
	EVP_DigestFinal_ex(c, md, &len);
	EVP_MD_CTX_free(c);
	to_hex(md, len, out_hex);
}
