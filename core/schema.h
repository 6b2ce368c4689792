/* SPDX-License-Identifier: MIT */
/* The numbered schema migrations, oldest first. */
#ifndef OKNO_SCHEMA_H
#define OKNO_SCHEMA_H

struct migration {
	int version;
	const char *name;
	const char *sql;
};

extern const struct migration schema_migrations[];
extern const int schema_migration_count;

#endif
