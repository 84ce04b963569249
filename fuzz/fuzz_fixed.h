/*
 * fuzz_fixed.h — what the side-file harnesses (survey CSV, theme kit) share:
 * a fresh load of their fixed journey for every input, and formatting every
 * diagnostic the input caused. Header-only: each harness is one program.
 */
#ifndef JMAP_FUZZ_FIXED_H
#define JMAP_FUZZ_FIXED_H

#include <stdlib.h>
#include <string.h>

#include "jmap.h"

/* Side files change the model, so a doc is never reused between inputs. */
static jmap_doc *fuzz_load_fixed(const char *journey)
{
    jmap_load_opts opts = {0};
    opts.no_image_check = true;
    jmap_doc *doc = jmap_load("j.yaml", journey, strlen(journey), &opts);
    if (!doc || !doc->journey)
        abort(); /* the fixed journey must load: a regression, not a finding */
    return doc;
}

static void fuzz_format_diags(const jmap_doc *doc)
{
    for (size_t i = 0; i < doc->diags.count; i++)
        free(jmap_diag_format(&doc->diags.items[i], false));
}

#endif
