# jisite — see README.md. `make site` builds the Network site, `make test` runs every test.
# Both install what is missing first (`make deps`), so each works alone on a fresh Debian machine.

CC ?= cc
PREFIX ?= /usr/local
BINDIR = $(PREFIX)/bin
MANDIR = $(PREFIX)/share/man
BASHCOMPDIR = $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR = $(PREFIX)/share/zsh/vendor-completions
BUILD ?= build
PKG_CONFIG ?= pkg-config

# Debian packages: what building needs, and what the tests need besides (the browser tests: Chromium, and
# Node.js with npm for playwright-core, which drives it).
BUILD_DEBS = gcc make pkgconf libcmark-gfm-dev libcmark-gfm-extensions-dev libyaml-dev libgit2-dev libzip-dev \
	libdeflate-dev libicu-dev nettle-dev zlib1g-dev libbrotli-dev libmicrohttpd-dev libgumbo-dev
TEST_DEBS = libcmocka-dev python3 time chromium nodejs npm unzip epubcheck git python3-feedparser python3-icalendar \
	libxml2-utils default-jre-headless zsh
# What `make deps` installs: `make site` asks only for BUILD_DEBS; `make screenshots` adds the fonts a reader of
# Arabic and Chinese has.
DEPS_DEBS = $(BUILD_DEBS) $(TEST_DEBS)
SCREENSHOT_DEBS = fonts-noto-core fonts-noto-cjk

PKGS = libcmark-gfm yaml-0.1 libgit2 libzip libdeflate icu-i18n icu-uc nettle zlib libbrotlienc libmicrohttpd gumbo
# WERROR=0 builds with a compiler whose new warnings the code does not know yet (a distribution's).
WERROR ?= 1
WARNINGS = -std=c11 -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wwrite-strings -Wvla \
	-Wformat=2 -Wno-format-nonliteral $(if $(filter 1,$(WERROR)),-Werror)
# CFLAGS, CPPFLAGS and LDFLAGS are the user's (GNU conventions): a distribution's build flags, such as
# CPPFLAGS=-D_FORTIFY_SOURCE=2, reach every compile and link; ours come first so that theirs win.
CFLAGS ?= -O2 -g
# The version, written in one place, generator/VERSION: in a git checkout, `git describe` of the newest
# tag vX.Y.Z ("0.2.0-14-g1a2b3c4"), or with no tag yet VERSION and the commit ("0.1.0-g1a2b3c4").
ifneq ($(wildcard .git),)
VERSION := $(shell git describe --tags --match 'v[0-9]*' --dirty 2>/dev/null | sed 's/^v//')
VERSION := $(or $(VERSION),$(shell cat generator/VERSION)-g$(shell git rev-parse --short HEAD 2>/dev/null))
else
VERSION := $(shell cat generator/VERSION)
endif
# Recursive (=) so pkg-config runs after `make deps` installed what it asks about.
ALL_CPPFLAGS = -D_XOPEN_SOURCE=700 -Igenerator -I$(BUILD) $(shell $(PKG_CONFIG) --cflags $(PKGS)) $(CPPFLAGS)
ALL_CFLAGS = $(WARNINGS) $(ALL_CPPFLAGS) $(CFLAGS) -pthread
LIBS = $(shell $(PKG_CONFIG) --libs $(PKGS)) -lcmark-gfm-extensions -pthread
TEST_LIBS = $(shell $(PKG_CONFIG) --libs cmocka)

ifeq ($(V),1)
Q =
else
Q = @
endif

LIB_SRCS = $(sort $(filter-out generator/main.c,$(wildcard generator/*.c generator/util/*.c)))
LIB_OBJS = $(LIB_SRCS:%.c=$(BUILD)/%.o)
MAIN_OBJ = $(BUILD)/generator/main.o
# The commands (generator/cmd/, one file each): in the binary, not in the library the tests link.
CMD_OBJS = $(patsubst %.c,$(BUILD)/%.o,$(sort $(wildcard generator/cmd/*.c)))
LIB = $(BUILD)/libjisite.a
BIN = $(BUILD)/jisite
TEST_SRCS = $(sort $(wildcard tests/unit/test_*.c))
TEST_BINS = $(TEST_SRCS:tests/unit/%.c=$(BUILD)/tests/%)
SANITIZE_FLAGS = -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

FUZZ_TARGETS = $(sort $(patsubst tests/fuzz/%.c,%,$(wildcard tests/fuzz/fuzz_*.c)))
FUZZ_SECONDS ?= 60
FUZZ_TIMEOUT ?= 1
FUZZ_FLAGS = -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

.PHONY: all deps site test test-sanitize fuzz bench install uninstall clean version

all: $(BIN)

# A package counts as there when one installed provides it, as for apt: NodeSource's nodejs provides npm.
deps:
	@missing=""; \
	have=$$(dpkg-query -W -f='$${db:Status-Abbrev} $${Package}, $${Provides}\n' | sed -n 's/^ii  *//p' | \
		tr ',' '\n' | sed 's/^ *//; s/[ :].*//'); \
	for p in $(DEPS_DEBS); do \
		echo "$$have" | grep -qx "$$p" || missing="$$missing $$p"; \
	done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" != 0 ]; then \
		echo "jisite needs these Debian packages:$$missing"; \
		echo "install them with: sudo apt-get install -y$$missing"; \
		exit 1; \
	fi; \
	echo "installing:$$missing"; \
	export DEBIAN_FRONTEND=noninteractive; \
	apt-get update -qq && apt-get install -y -qq --no-install-recommends $$missing >/dev/null

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(LIB): $(LIB_OBJS)
	@$(if $(Q),echo "  AR      $@")
	$(Q)rm -f $@ && ar rcs $@ $^

# The version as the binary prints it, written again only when it changed (so main.o is rebuilt then only).
$(BUILD)/version.h: FORCE
	@mkdir -p $(dir $@)
	@printf '#define JISITE_VERSION "%s"\n' '$(VERSION)' > $@.tmp
	@if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; fi
$(MAIN_OBJ): $(BUILD)/version.h
.PHONY: FORCE

$(BIN): $(MAIN_OBJ) $(CMD_OBJS) $(LIB)
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(MAIN_OBJ) $(CMD_OBJS) $(LIB) $(LIBS)

$(BUILD)/tests/%: tests/unit/%.c $(LIB)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  TEST-CC $<")
	$(Q)$(CC) $(ALL_CFLAGS) -MMD -MP $(LDFLAGS) -o $@ $< $(LIB) $(LIBS) $(TEST_LIBS)

# SITE_FLAGS: more options of jisite build, e.g. --previous FILE (the publishing workflow's)
# The Debian packages building needs, and only those (make site, and CI's jobs that build without testing).
.PHONY: build-deps
build-deps:
	@$(MAKE) --no-print-directory deps DEPS_DEBS="$(BUILD_DEBS)"

site: build-deps
	$(MAKE) --no-print-directory $(BIN)
	$(BIN) build $(SITE_FLAGS)

test: deps
	$(MAKE) --no-print-directory $(BIN) $(TEST_BINS) node_modules
	@sh tests/run.sh $(BUILD)

test-sanitize: deps
	$(MAKE) --no-print-directory BUILD=build/sanitize CFLAGS="$(SANITIZE_FLAGS) -DARENA_DEBUG" \
		LDFLAGS="-fsanitize=address,undefined" build/sanitize/jisite \
		$(TEST_BINS:$(BUILD)/%=build/sanitize/%) node_modules
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 FAULTS_MOST=12 \
		sh tests/run.sh build/sanitize

# The random edits of tests/e2e/random_edits.sh, 500 instead of 30 (RANDOM_EDITS_SEED replays a run).
# Screenshots of the home page, a resource, an event and the search page in English, Arabic and Chinese, at
# 390 and 1280 px, into build/screenshots/ (tests/browser/screenshots.mjs), to look at before a page is done.
.PHONY: screenshots
screenshots:
	@$(MAKE) --no-print-directory deps DEPS_DEBS="$(BUILD_DEBS) $(TEST_DEBS) $(SCREENSHOT_DEBS)"
	$(MAKE) --no-print-directory $(BIN) node_modules
	node tests/browser/screenshots.mjs $(BIN) $(BUILD)/screenshots

.PHONY: test-long
test-long: deps
	$(MAKE) --no-print-directory $(BIN)
	@RANDOM_EDITS=$${RANDOM_EDITS:-500} RANDOM_EDITS_SEED=$${RANDOM_EDITS_SEED:-random} JISITE=$(CURDIR)/$(BIN) \
		sh tests/e2e/random_edits.sh

# The npm packages of the browser tests (tests/e2e/browser.sh), exactly as package-lock.json pins them;
# installed again only when the lock file (or package.json) is newer. node_modules/ is git-ignored.
node_modules: package.json package-lock.json
	@$(if $(Q),echo "  NPM     $@")
	$(Q)npm ci --no-audit --no-fund >/dev/null || { rm -rf $@; exit 1; }
	@touch $@

# Synthetic sites of 200 and 2,000 resources × 13 languages: times, memory, sizes; and the walk of a
# history of 5,000 commits (tests/bench/run.sh).
bench: deps
	$(MAKE) --no-print-directory $(BIN) $(BUILD)/bench/floor $(BUILD)/bench/gitwalk node_modules
	@sh tests/bench/run.sh $(BIN) $(BUILD)/bench/floor $(BUILD)/bench/gitwalk

# The floor a build is compared with: read, parse and render the same files, write the same bytes.
$(BUILD)/bench/floor: tests/bench/floor.c
	@mkdir -p $(dir $@)
	$(Q)$(CC) -O2 $(WARNINGS) -Wno-missing-prototypes -D_XOPEN_SOURCE=700 -o $@ $< \
		$(shell $(PKG_CONFIG) --cflags --libs libcmark-gfm yaml-0.1) -lcmark-gfm-extensions

# The walk of a long history for dates, authors and translations (gitinfo): first, then from its cache.
$(BUILD)/bench/gitwalk: tests/bench/gitwalk.c $(LIB)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(LIB) $(LIBS)

# Each parser under libFuzzer for FUZZ_SECONDS, from the test data and the seeds of tests/fuzz/corpus/<target>/
# (small hostile inputs: tests/fuzz/make_hostile.py corpus); an input taking over FUZZ_TIMEOUT seconds is a
# failure like a crash. Every target runs; the status is 1 when any failed (its log: build/fuzz/<target>.log).
fuzz: deps
	@command -v clang >/dev/null || { echo "make fuzz needs clang (apt-get install clang)"; exit 1; }
	$(MAKE) --no-print-directory CC=clang BUILD=build/fuzz CFLAGS="$(FUZZ_FLAGS) -fsanitize=fuzzer-no-link" \
		build/fuzz/libjisite.a
	@status=0; for f in $(FUZZ_TARGETS); do \
		clang $(ALL_CFLAGS) $(FUZZ_FLAGS) -fsanitize=fuzzer -o build/fuzz/$$f tests/fuzz/$$f.c \
			build/fuzz/libjisite.a $(LIBS) || exit 1; \
		mkdir -p build/fuzz/corpus-$$f; \
		echo "== $$f for $(FUZZ_SECONDS) s"; \
		if build/fuzz/$$f -max_total_time=$(FUZZ_SECONDS) -timeout=$(FUZZ_TIMEOUT) -print_final_stats=1 \
			-artifact_prefix=build/fuzz/$$f- build/fuzz/corpus-$$f $$(ls -d tests/fuzz/corpus/$$f 2>/dev/null) \
			$$(case $$f in *mustache*) echo tests/mustache-spec themes;; *markdown*|*frontmatter*) echo content;; \
				*search*) echo tests/search translations;; *) echo tests/mustache-spec translations;; esac) \
			>build/fuzz/$$f.log 2>&1; then :; else status=1; echo "$$f FAILED: see build/fuzz/$$f.log"; fi; \
		grep -E '^(stat::number_of_executed_units|stat::peak_rss|SUMMARY|==[0-9]+== ?ERROR)' build/fuzz/$$f.log; \
	done; exit $$status

install: $(BIN)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR)
	install -m 755 $(BIN) $(DESTDIR)$(BINDIR)/jisite
	sed '1s/"jisite"/"jisite $(VERSION)"/' generator/jisite.1 > $(DESTDIR)$(MANDIR)/man1/jisite.1
	chmod 644 $(DESTDIR)$(MANDIR)/man1/jisite.1
	install -m 644 generator/completions/jisite.bash $(DESTDIR)$(BASHCOMPDIR)/jisite
	install -m 644 generator/completions/_jisite $(DESTDIR)$(ZSHCOMPDIR)/_jisite

# The version the binary and the installed man page carry.
version:
	@echo $(VERSION)

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/jisite $(DESTDIR)$(MANDIR)/man1/jisite.1 $(DESTDIR)$(BASHCOMPDIR)/jisite \
		$(DESTDIR)$(ZSHCOMPDIR)/_jisite

clean:
	rm -rf build public .public.spare .public.lock

-include $(LIB_OBJS:.o=.d) $(MAIN_OBJ:.o=.d) $(CMD_OBJS:.o=.d) $(TEST_BINS:=.d)
