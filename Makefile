# okno: the reception-window kiosk of a migration-police office.
# `make` builds ./okno; `make check` installs what is missing, builds and runs
# every test (plain and under ASan+UBSan); `make run` starts the kiosk on the
# demo database; `make bench` and `make fuzz` run the long measurements.

PREFIX  ?= /usr/local
SYSCONFDIR ?= /etc
DESTDIR ?=
BUILD   ?= build
CC      ?= cc
PKG_CONFIG ?= pkg-config

PKGS := ncursesw sqlite3 libpq jansson libcrypto libcrypt libutf8proc
PKG_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null)
ifeq ($(strip $(PKG_LIBS)),)
PKG_LIBS := -lncursesw -ltinfo -lsqlite3 -lpq -ljansson -lcrypto -lcrypt -lutf8proc
endif
CMOCKA_LIBS := $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null || echo -lcmocka)

ASAN_FLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=all
WARN    := -Wall -Wextra -Werror -Wno-unused-parameter
CFLAGS  ?= -O2 -g
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE -DOKNO_FORMS_DIR='"$(PREFIX)/share/okno/forms"' \
	-DOKNO_LOCALEDIR='"$(PREFIX)/share/locale"' \
	-DSYSCONFDIR='"$(SYSCONFDIR)"' \
	$(WARN) $(CPPFLAGS) $(CFLAGS) $(SANFLAGS) $(PKG_CFLAGS) -Icore -MMD -MP
LDLIBS  = $(LDFLAGS) $(PKG_LIBS) -lm

CORE_SRC := $(wildcard core/*.c)
TUI_SRC  := $(wildcard tui/*.c)
CLI_SRC  := $(wildcard cli/*.c)
MAIN_SRC := main.c
TEST_SRC := $(wildcard tests/unit/test_*.c)
FUZZ_SRC := $(wildcard tests/fuzz/fuzz_*.c)

CORE_OBJ := $(CORE_SRC:%.c=$(BUILD)/%.o)
TUI_OBJ  := $(TUI_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ  := $(CLI_SRC:%.c=$(BUILD)/%.o)
MAIN_OBJ := $(MAIN_SRC:%.c=$(BUILD)/%.o)
TEST_BIN := $(TEST_SRC:tests/unit/%.c=$(BUILD)/tests/%)
FUZZ_BIN := $(FUZZ_SRC:tests/fuzz/%.c=$(BUILD)/fuzz/%)

.PHONY: all deps run check check-plain check-asan check-build build-plain \
	build-sanitized test-unit test-cli test-tui \
	bench fuzz install clean layout lang pot deb check-deb

all: okno

# Interface translations (gettext): the msgids are the Russian texts, so
# Russian needs no catalogue; kk (and ru, for completeness) are compiled
# next to the binary, where tui/i18n.c finds them.
LANGS := kk ru
MO := $(LANGS:%=$(BUILD)/locale/%/LC_MESSAGES/okno.mo)

$(BUILD)/locale/%/LC_MESSAGES/okno.mo: po/%.po
	@mkdir -p $(dir $@)
	@echo "MSGFMT $<"
	@msgfmt --check -o $@ $<

# Re-extract po/okno.pot and merge it into the .po files after changing
# screen texts; then translate what msgmerge marks new or fuzzy, using the
# terms of po/GLOSSARY.md. `make check` runs `scripts/lang.py check`.
pot:
	@python3 scripts/lang.py pot

okno: $(BUILD)/okno $(MO)
	cp $< $@

$(BUILD)/okno: $(MAIN_OBJ) $(CORE_OBJ) $(TUI_OBJ) $(CLI_OBJ)
	@echo "LD $@"
	@$(CC) $(ALL_CFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "CC $<"
	@$(CC) $(ALL_CFLAGS) -c -o $@ $<

# Every unit test links the shared harness (tests/unit/harness.h).
HARNESS_OBJ := $(BUILD)/tests/unit/harness.o

$(BUILD)/tests/%: tests/unit/%.c $(CORE_OBJ) $(HARNESS_OBJ)
	@mkdir -p $(dir $@)
	@echo "CC $<"
	@$(CC) $(ALL_CFLAGS) -Itests/unit -o $@ $< $(HARNESS_OBJ) $(CORE_OBJ) \
		$(LDLIBS) $(CMOCKA_LIBS)

# The fuzz targets with a replay main instead of libFuzzer: make check runs
# them over their corpora and saved crashers (scripts/run-tests.sh).
REPLAY_OBJ := $(BUILD)/tests/fuzz/replay.o

$(BUILD)/fuzz/%: tests/fuzz/%.c $(CORE_OBJ) $(REPLAY_OBJ)
	@mkdir -p $(dir $@)
	@echo "CC $<"
	@$(CC) $(ALL_CFLAGS) -o $@ $< $(REPLAY_OBJ) $(CORE_OBJ) $(LDLIBS)

# Helpers the shell tests run (tests/tools/): journal_fill makes a big
# chained journal in a second or two.
TOOL_SRC := $(wildcard tests/tools/*.c)
TOOL_BIN := $(TOOL_SRC:tests/tools/%.c=$(BUILD)/tests/tools/%)

$(BUILD)/tests/tools/%: tests/tools/%.c $(CORE_OBJ)
	@mkdir -p $(dir $@)
	@echo "CC $<"
	@$(CC) $(ALL_CFLAGS) -o $@ $< $(CORE_OBJ) $(LDLIBS)

tests: $(HARNESS_OBJ) $(REPLAY_OBJ) $(TEST_BIN) $(FUZZ_BIN) $(TOOL_BIN) \
	$(BUILD)/okno $(MO)

deps:
	@sh scripts/deps.sh

# The interface languages: template current, Kazakh complete and
# consistent with po/GLOSSARY.md (scripts/lang.py).
lang:
	@python3 scripts/lang.py check

# core/ must stay free of the terminal; tui/ must not run SQL; the front
# ends depend on core only (main.c alone knows both); storage goes through
# core/db.h, the engines' own libraries only in their drivers (and, for
# SQLite, store.c, which opens a file, and backup.c, which copies one
# through SQLite's backup API); each message stands on one source line
# (scripts/messages.py).
layout:
	@! grep -rlE '#include *(<(n?curses|ncursesw/|form\.h|menu\.h|panel\.h)|"n?curses)' core \
		|| { echo "core/ includes curses" >&2; exit 1; }
	@! grep -rlE 'sqlite3_(prepare|exec)|db_(prepare|exec|one|each|script)' tui \
		|| { echo "tui/ runs SQL" >&2; exit 1; }
	@! grep -rlE '#include *<libpq-fe\.h>' core cli tui | grep -v '^core/db_pg\.c$$' \
		|| { echo "libpq is used outside core/db_pg.c" >&2; exit 1; }
	@! grep -rlE 'sqlite3_|#include *<sqlite3\.h>|#include *"db_sqlite\.h"' core cli tui main.c \
		| grep -vE '^core/(db_sqlite\.[ch]|store\.c|backup\.c)$$' \
		|| { echo "SQLite is used outside its driver (core/db.h)" >&2; exit 1; }
	@! grep -rlE '#include *"(\.\./)?(cli/|cli\.h|cmds\.h)' tui core \
		|| { echo "tui/ or core/ includes cli/" >&2; exit 1; }
	@! grep -rlE '#include *"(\.\./)?(tui/|tui\.h|screen\.h|widgets\.h)' cli core \
		|| { echo "cli/ or core/ includes tui/" >&2; exit 1; }
	@python3 scripts/messages.py check

run: deps
	@$(MAKE) --no-print-directory all
	@sh scripts/demo.sh

# make check: both builds at once (plain, and ASan+UBSan), then every
# test in each, unit, CLI and fuzz replay alike; the kiosk scenarios run
# once, in the sanitized build, and the valgrind one in the plain build.
NPROC := $(shell nproc 2>/dev/null || echo 2)
ASAN_MAKE = $(MAKE) --no-print-directory BUILD=build-asan CFLAGS="-O1 -g" \
	SANFLAGS="$(ASAN_FLAGS)"

check: deps
	@sh scripts/deps.sh package
	@$(MAKE) --no-print-directory layout
	@$(MAKE) --no-print-directory lang
	@$(MAKE) --no-print-directory -j$(NPROC) check-build
	@sh scripts/check.sh $(BUILD)

check-build: build-plain build-sanitized

build-plain:
	+@$(MAKE) --no-print-directory all tests

build-sanitized:
	+@$(ASAN_MAKE) build-asan/okno tests

check-plain: all tests
	@bash scripts/run-tests.sh $(BUILD)

check-asan:
	@$(ASAN_MAKE) build-asan/okno tests
	@bash scripts/run-tests.sh build-asan

bench: deps
	@sh scripts/deps.sh bench
	@$(MAKE) --no-print-directory all
	@sh bench/run.sh

fuzz: deps
	@sh scripts/fuzz.sh long

# bench/journal_bench: the journal at a million lines (issue 4); run it by
# hand or from bench/run.sh: build/bench/journal_bench [LINES] [DB].
$(BUILD)/bench/journal_bench: bench/journal_bench.c $(CORE_OBJ)
	@mkdir -p $(dir $@)
	@echo "CC $<"
	@$(CC) $(ALL_CFLAGS) -o $@ $< $(CORE_OBJ) $(LDLIBS)

# bench/records_bench: the special-records check at a million records
# (issue 9), run by bench/records.sh: build/bench/records_bench [N] [DB] [CHECKS].
$(BUILD)/bench/records_bench: bench/records_bench.c $(CORE_OBJ)
	@mkdir -p $(dir $@)
	@echo "CC $<"
	@$(CC) $(ALL_CFLAGS) -o $@ $< $(CORE_OBJ) $(LDLIBS)

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
		$(DESTDIR)$(PREFIX)/share/okno/forms
	install -m 755 okno $(DESTDIR)$(PREFIX)/bin/okno
	install -m 644 okno.1 $(DESTDIR)$(PREFIX)/share/man/man1/okno.1
	cp -R forms/. $(DESTDIR)$(PREFIX)/share/okno/forms/
	for l in $(LANGS); do \
		install -d $(DESTDIR)$(PREFIX)/share/locale/$$l/LC_MESSAGES; \
		install -m 644 $(BUILD)/locale/$$l/LC_MESSAGES/okno.mo \
			$(DESTDIR)$(PREFIX)/share/locale/$$l/LC_MESSAGES/okno.mo; \
	done

clean:
	rm -rf build build-asan build-fuzz okno

# make deb: the Debian package (debhelper, debian/), built from a copy of
# the tree (committed and new files) in $(BUILD)/deb, so the tree stays as
# it is; lintian must report no errors. The package is
# $(BUILD)/deb/okno_VERSION_ARCH.deb.
deb:
	@sh scripts/deps.sh package
	@sh scripts/deb.sh $(BUILD)/deb

# check-deb: the package installed with dpkg, okno doctor, a window over
# the distribution's sshd on a loopback port, purge (tests/deb/ssh.sh).
check-deb: deb
	@bash tests/deb/ssh.sh $(BUILD)/deb

# Header dependencies (-MMD) of every object and of the test and fuzz
# binaries, which are compiled and linked in one step.
-include $(CORE_OBJ:.o=.d) $(TUI_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(MAIN_OBJ:.o=.d) \
	$(TEST_BIN:=.d) $(FUZZ_BIN:=.d) $(HARNESS_OBJ:.o=.d) $(REPLAY_OBJ:.o=.d)

# ---- bench: durability (issue 8) --------------------------------------
# bench/intake.sh builds this: intakes/s with 1 and 8 writers, recovery
# after kills, a database with a million journal lines for okno backup.
$(BUILD)/bench/intake: bench/intake.c tests/unit/stress.h $(CORE_OBJ)
	@mkdir -p $(dir $@)
	@echo "CC $<"
	@$(CC) $(ALL_CFLAGS) -Itests/unit -o $@ $< $(CORE_OBJ) $(LDLIBS)

# bench/region.sh builds this: the windows of many offices accepting at
# once on one database (SQLite file or PostgreSQL), side by side.
$(BUILD)/bench/region: bench/region.c tests/unit/stress.h $(CORE_OBJ)
	@mkdir -p $(dir $@)
	@echo "CC $<"
	@$(CC) $(ALL_CFLAGS) -Wno-unused-function -Itests/unit -o $@ $< \
		$(CORE_OBJ) $(LDLIBS)
