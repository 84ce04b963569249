/*
 * fuzz_load.c — libFuzzer harness for the loader: any bytes become either a
 * resolved model or diagnostics. Every diagnostic is formatted (with and
 * without colour, since the caret line and the escaping of bad bytes are
 * code paths of their own) and the model is serialised to JSON.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "jmap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    jmap_load_opts opts = {0};
    opts.no_image_check = true; /* the harness must not look at the file system */
    jmap_doc *doc = jmap_load("fuzz.yaml", (const char *)data, size, &opts);
    if (!doc)
        return 0;
    jmap_diags_sort(&doc->diags);
    for (size_t i = 0; i < doc->diags.count; i++) {
        char *s = jmap_diag_format(&doc->diags.items[i], i % 2 == 1);
        free(s);
    }
    if (doc->journey) {
        size_t len = 0;
        char *json = jmap_json_model(doc->journey, &len);
        free(json);
    }
    jmap_doc_free(doc);
    return 0;
}
