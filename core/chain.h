/* SPDX-License-Identifier: MIT */
/* SHA-256 hash chains, shared by the journal and the audit log: each line
 * stores H(prev_hash || "\n" || canonical content) in lowercase hex. */
#ifndef OKNO_CHAIN_H
#define OKNO_CHAIN_H

#define CHAIN_HEX 65 /* 64 hex digits + NUL */

/* The hash that precedes the first line of a chain in an office
 * database. */
extern const char chain_genesis[CHAIN_HEX];
/* The same for a database of either mode: chain_genesis for an office's,
 * SHA-256 of "okno training database" for a training one, so a mode
 * changed behind okno's back breaks both chains from their first line. */
const char *chain_genesis_of(int training);

void chain_hash(const char *prev_hex, const char *content, char *out_hex);
/* SHA-256 of arbitrary bytes, lowercase hex. */
void chain_sha256_hex(const void *data, size_t n, char *out_hex);

#endif
