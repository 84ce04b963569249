/*
 * load_util.h — helpers shared by the loader's unit tests: load a journey
 * from a string and look for a diagnostic at an exact place.
 */
#ifndef JMAP_TEST_LOAD_UTIL_H
#define JMAP_TEST_LOAD_UTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "jmap.h"

static inline jmap_doc *load_str(const char *yaml)
{
    jmap_load_opts o = {0};
    o.no_image_check = true;
    return jmap_load("t.yaml", yaml, strlen(yaml), &o);
}

static inline void dump_diags(const jmap_doc *doc)
{
    for (size_t i = 0; i < doc->diags.count; i++) {
        char *s = jmap_diag_format(&doc->diags.items[i], false);
        fputs(s, stderr);
        free(s);
    }
}

static inline const jmap_diag *find_diag(const jmap_doc *doc, jmap_severity sev, int line, int col,
                                         const char *text)
{
    for (size_t i = 0; i < doc->diags.count; i++) {
        const jmap_diag *d = &doc->diags.items[i];
        if (d->severity == sev && d->span.line == line && d->span.col == col &&
            strstr(d->message, text))
            return d;
    }
    return NULL;
}

#define expect_diag(doc, sev, line, col, text)                                               \
    do {                                                                                     \
        if (!find_diag((doc), (sev), (line), (col), (text))) {                               \
            fprintf(stderr, "expected %d:%d: %s\n", (line), (col), (text));                  \
            dump_diags(doc);                                                                 \
            fail_msg("diagnostic not found");                                                \
        }                                                                                    \
    } while (0)

#define expect_error_count(doc, n)                                                           \
    do {                                                                                     \
        if ((doc)->diags.errors != (size_t)(n)) {                                            \
            dump_diags(doc);                                                                 \
            fail_msg("expected %d errors, got %zu", (int)(n), (doc)->diags.errors);          \
        }                                                                                    \
    } while (0)

/* Loads `yaml`, expects exactly `n` errors, one of them at line:col saying `text`. */
#define expect_errors(yaml, n, line, col, text)                                              \
    do {                                                                                     \
        jmap_doc *d_ = load_str(yaml);                                                       \
        if (d_->diags.errors != (n)) {                                                       \
            dump_diags(d_);                                                                  \
            fail_msg("expected %d errors, got %zu", (int)(n), d_->diags.errors);             \
        }                                                                                    \
        expect_diag(d_, JMAP_SEV_ERROR, line, col, text);                                    \
        assert_null(d_->journey);                                                            \
        jmap_doc_free(d_);                                                                   \
    } while (0)

#define expect_error(yaml, line, col, text) expect_errors(yaml, 1, line, col, text)

#endif
