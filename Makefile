# jmap — plain Makefile. Honours CC, CFLAGS, LDFLAGS, CPPFLAGS, PREFIX, DESTDIR.
# A user's CFLAGS replace only the optimisation/debug defaults below; the
# warning set and the pkg-config flags are always added.

CFLAGS   ?= -O2 -g
PREFIX   ?= /usr/local
BINDIR   ?= $(PREFIX)/bin
DATADIR  ?= $(PREFIX)/share
MANDIR   ?= $(DATADIR)/man
LOCALEDIR ?= $(DATADIR)/locale
BUILD    ?= build
PKG_CONFIG ?= pkg-config

PKGS      := yaml-0.1 cairo pangocairo pangoft2 fontconfig glib-2.0 gio-2.0 harfbuzz-subset libzip libpng zlib
# jmap serve's HTTP server is linked into a program of its own, jmap-serve,
# which `jmap serve` runs, so that every other command starts without
# loading libsoup and the thirteen libraries it brings (Kerberos, SQLite...).
SERVE_PKGS := libsoup-3.0
PKG_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(PKGS) $(SERVE_PKGS) 2>/dev/null)
SERVE_LIBS := $(shell $(PKG_CONFIG) --libs $(SERVE_PKGS) 2>/dev/null)
PKG_LIBS   := $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null) -lm
CMOCKA_CFLAGS := $(shell $(PKG_CONFIG) --cflags cmocka 2>/dev/null)
CMOCKA_LIBS   := $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null)

WARN := -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Wall -Wextra -Werror \
        -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wno-unused-parameter
JMAP_CFLAGS = $(WARN) -Iinclude -Isrc -DJMAP_DATADIR=\"$(DATADIR)\" -DJMAP_LOCALEDIR=\"$(LOCALEDIR)\" $(PKG_CFLAGS) $(CPPFLAGS) $(CFLAGS)

LIB_SRC  := $(sort $(wildcard src/*.c src/render/*.c))
CLI_SRC  := $(sort $(wildcard src/cli/*.c))
TEST_SRC := $(sort $(wildcard tests/unit/test_*.c))
# The HTML page's style sheet and script, plain files turned into C strings.
ASSET_SRC := $(sort $(wildcard src/render/assets/*))
ASSET_C  := $(BUILD)/gen/html_assets.c
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/html_assets.o
SERVE_OBJ := $(BUILD)/src/cli/cmd_serve.o
CLI_OBJ  := $(filter-out $(SERVE_OBJ),$(CLI_SRC:%.c=$(BUILD)/%.o))
TEST_BIN := $(TEST_SRC:tests/unit/%.c=$(BUILD)/tests/%)
PNGDIFF  := $(BUILD)/tests/pngdiff
LIB      := $(BUILD)/libjmap.a
JMAP     := $(BUILD)/jmap
JMAP_SERVE := $(BUILD)/jmap-serve
# Translations (GNU gettext, docs/cli.md "Language of messages"): po/LANG.po
# compiled to $(BUILD)/locale/LANG/LC_MESSAGES/jmap.mo, where a jmap run from
# the build tree finds them.
LINGUAS  := $(basename $(notdir $(wildcard po/*.po)))
MO       := $(LINGUAS:%=$(BUILD)/locale/%/LC_MESSAGES/jmap.mo)
MSGFMT   ?= msgfmt
XGETTEXT ?= xgettext
# The functions that translate their format themselves (src/i18n.h).
XGETTEXT_KEYWORDS := --keyword=_ --keyword=N_ --keyword=P_:1,2 --keyword=err:3 --keyword=err_at:3 \
  --keyword=warn:3 --keyword=note:3 --keyword=error_at:3 --keyword=jmap_diag_add:4 \
  --keyword=cli_error:1 --keyword=cli_warning:1 \
  --flag=err:3:c-format --flag=err_at:3:c-format --flag=warn:3:c-format \
  --flag=note:3:c-format --flag=error_at:3:c-format --flag=jmap_diag_add:4:c-format \
  --flag=cli_error:1:c-format --flag=cli_warning:1:c-format

.PHONY: pot deb all deps demo test test-bins check-tests unit golden cli-tests asan valgrind install uninstall clean regen bench fuzz

all: $(JMAP) $(JMAP_SERVE) jmap $(MO)

# The binary is built under $(BUILD); ./jmap is a copy for convenience.
jmap: $(JMAP) $(JMAP_SERVE)
	@cp $(JMAP) jmap
	@cp $(JMAP_SERVE) jmap-serve

$(BUILD)/%.o: %.c $(wildcard include/*.h src/*.h src/render/*.h src/cli/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(JMAP_CFLAGS) -c $< -o $@

$(ASSET_C): $(ASSET_SRC) scripts/embed-assets.sh
	@mkdir -p $(dir $@)
	sh scripts/embed-assets.sh $(ASSET_SRC) > $@.tmp && mv $@.tmp $@

$(BUILD)/gen/html_assets.o: $(ASSET_C) src/render/html_assets.h
	$(CC) $(JMAP_CFLAGS) -c $< -o $@

$(LIB): $(LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(JMAP): $(CLI_OBJ) $(LIB)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(CLI_OBJ) $(LIB) $(PKG_LIBS)

# The same commands plus serve (src/cli/main.c runs it for `jmap serve`).
$(JMAP_SERVE): $(CLI_OBJ) $(SERVE_OBJ) $(LIB)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(CLI_OBJ) $(SERVE_OBJ) $(LIB) $(PKG_LIBS) $(SERVE_LIBS)

$(BUILD)/tests/%: tests/unit/%.c $(LIB) $(wildcard tests/unit/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(JMAP_CFLAGS) $(CMOCKA_CFLAGS) -Itests/unit $< -o $@ $(LDFLAGS) $(LIB) $(PKG_LIBS) $(CMOCKA_LIBS)
# counts the pixels where two PNGs differ (the SVG suite compares with cairo's PNG)
$(PNGDIFF): tests/pngdiff.c
	@mkdir -p $(dir $@)
	$(CC) $(JMAP_CFLAGS) $< -o $@ $(LDFLAGS) $(PKG_LIBS)
# test_heap compiles the program's heap set-up (src/cli/heap.c) into itself
$(BUILD)/tests/test_heap: src/cli/heap.c
# test_persona_path compiles the file names of --each-persona (src/cli/persona_path.c)
$(BUILD)/tests/test_persona_path: src/cli/persona_path.c src/cli/persona_path.h

$(BUILD)/locale/%/LC_MESSAGES/jmap.mo: po/%.po
	@mkdir -p $(dir $@)
	$(MSGFMT) --check -o $@ $<

# Regenerates the template po/jmap.pot from the sources (then merge it into
# each po/LANG.po with msgmerge --update po/LANG.po po/jmap.pot).
pot:
	$(XGETTEXT) --from-code=UTF-8 --language=C $(XGETTEXT_KEYWORDS) --add-comments=TRANSLATORS: \
	  --package-name=jmap --package-version=$(VERSION) --msgid-bugs-address= \
	  --sort-by-file -o po/jmap.pot $(LIB_SRC) $(CLI_SRC) src/cli/cli_options.h

# Installs what is missing (Debian packages), then re-reads this Makefile so
# pkg-config sees the freshly installed libraries.
deps:
	@sh scripts/install-deps.sh

demo: deps
	@$(MAKE) --no-print-directory all
	@sh scripts/demo.sh $(JMAP)

test: deps
	@$(MAKE) --no-print-directory check-tests

# The unit-test binaries without running them (e.g. a clang build in CI).
test-bins: $(TEST_BIN) $(PNGDIFF)

check-tests: $(JMAP) $(JMAP_SERVE) $(MO) $(TEST_BIN) $(PNGDIFF)
	@JMAP=$(JMAP) BUILD=$(BUILD) sh tests/run-all.sh $(TEST_BIN)

# Address + undefined behaviour sanitizers over the whole suite.
asan: deps
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 \
	  LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  $(MAKE) --no-print-directory BUILD=build/asan \
	  CFLAGS="-O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer" \
	  LDFLAGS="-fsanitize=address,undefined" check-tests

valgrind: all
	@sh scripts/valgrind-examples.sh $(JMAP)

# libFuzzer harnesses (fuzz/, docs/fuzzing.md), clang with ASan and UBSan:
# each runs FUZZ_SECONDS seconds on a seed corpus under build/fuzz.
FUZZ_SECONDS ?= 60
fuzz:
	@MAKE="$(MAKE)" sh fuzz/run.sh $(FUZZ_SECONDS)

regen: $(JMAP)
	@JMAP=$(JMAP) sh tests/regen.sh

bench: all
	@sh bench/run.sh $(JMAP)

# The Debian package (docs/ci.md): jmap built for PREFIX=/usr in a folder of
# its own, installed into a staging tree, packed by scripts/mkdeb.sh into
# build/jmap_VERSION_ARCH.deb. Install it with: apt install ./build/jmap_*.deb
VERSION := $(shell sed -n 's/^\#define JMAP_VERSION "\(.*\)"/\1/p' include/jmap.h)
deb:
	@$(MAKE) --no-print-directory BUILD=build/deb PREFIX=/usr build/deb/jmap build/deb/jmap-serve
	@rm -rf build/deb/root
	@$(MAKE) --no-print-directory BUILD=build/deb PREFIX=/usr DESTDIR=$(CURDIR)/build/deb/root \
	  install >/dev/null
	@sh scripts/mkdeb.sh build/deb/root $(VERSION) build

install: $(JMAP) $(JMAP_SERVE) $(MO)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(DATADIR)/jmap \
	  $(DESTDIR)$(DATADIR)/bash-completion/completions $(DESTDIR)$(DATADIR)/zsh/site-functions
	install -m 755 $(JMAP) $(DESTDIR)$(BINDIR)/jmap
	install -m 755 $(JMAP_SERVE) $(DESTDIR)$(BINDIR)/jmap-serve
	install -m 644 man/jmap.1 $(DESTDIR)$(MANDIR)/man1/jmap.1
	install -m 644 docs/schema/journey.schema.json $(DESTDIR)$(DATADIR)/jmap/journey.schema.json
	install -m 644 completions/jmap.bash $(DESTDIR)$(DATADIR)/bash-completion/completions/jmap
	install -m 644 completions/_jmap $(DESTDIR)$(DATADIR)/zsh/site-functions/_jmap
	for l in $(LINGUAS); do \
	  install -d $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES && \
	  install -m 644 $(BUILD)/locale/$$l/LC_MESSAGES/jmap.mo $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/jmap.mo || exit 1; \
	done

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/jmap $(DESTDIR)$(BINDIR)/jmap-serve $(DESTDIR)$(MANDIR)/man1/jmap.1 \
	  $(DESTDIR)$(DATADIR)/jmap/journey.schema.json \
	  $(DESTDIR)$(DATADIR)/bash-completion/completions/jmap \
	  $(DESTDIR)$(DATADIR)/zsh/site-functions/_jmap
	for l in $(LINGUAS); do rm -f $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/jmap.mo; done
	-rmdir $(DESTDIR)$(DATADIR)/jmap 2>/dev/null

clean:
	rm -rf build jmap jmap-serve demo-out
