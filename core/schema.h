/* SPDX-License-Identifier: MIT */
/* The numbered schema migrations, oldest first. */
#ifndef OKNO_SCHEMA_H
#define OKNO_SCHEMA_H

/* Every migration's number and what it brings, oldest first: one list for
 * both engines, each giving the SQL of migration n as its vn (X(n, name)).
 * A new migration is added here and in both schema files. */
#define SCHEMA_MIGRATIONS(X)                                             \
	X(1, "offices, accounts, cases, journal, audit, calendar")       \
	X(2, "journal books, check codes, journal indexes")              \
	X(3, "form text snapshots")                                      \
	X(4, "intake drafts")                                            \
	X(5, "prints and blanks of strict accountability")               \
	X(6, "special records")                                          \
	X(7, "portal requests and results, Berkut batches")              \
	X(8, "electronic queue: tickets, calls, times")                  \
	X(9, "drafts per form and applicant, return notice numbers")     \
	X(10, "database mode: office or training")                       \
	X(11, "journal chain heads, stamps as hashed")                   \
	X(12, "outputs after commit")                                    \
	X(13, "audit log head, stamps as hashed")                        \
	X(14, "a new training database on PostgreSQL")                   \
	X(15, "an audit chain per office")                               \
	X(16, "trusted certification authorities, signers of accounts")  \
	X(17, "the planner's statistics of a journal look-up's office")  \
	X(18, "offices moved in: ids as hashed, their audit chains")

/* One migration, vn of an engine's schema file, numbered n. */
#define SCHEMA_MIGRATION(n, name) {n, name, v##n},

struct migration {
	int version;
	const char *name;
	const char *sql;
};

extern const struct migration schema_migrations[];
extern const int schema_migration_count;

#endif
