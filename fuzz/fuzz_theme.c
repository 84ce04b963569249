/*
 * fuzz_theme.c — libFuzzer harness for theme kits (--theme): each input is
 * applied as a kit to a fresh load of a fixed journey; a kit that applies is
 * laid out (scene dump), as `jmap build --theme` would draw it.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_fixed.h"
#include "jmap.h"
#include "render.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char journey[] =
    "jmap: 1\n"
    "title: Theme\n"
    "theme: {primary: '#123456', font: DejaVu Sans}\n"
    "stages:\n"
    "  - name: Search\n"
    "    touchpoints:\n"
    "      - {name: Comparateur, channel: web, emotion: 3, pains: [Trop de choix]}\n"
    "      - {name: Paiement, channel: web, emotion: 1, opportunities: [Un clic]}\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    jmap_doc *doc = fuzz_load_fixed(journey);
    bool ok = jmap_apply_theme_kit(doc, "kit.yaml", (const char *)data, size);
    fuzz_format_diags(doc);
    if (ok) {
        jmap_render_opts ro = {0};
        ro.format = JMAP_OUT_SCENE;
        GByteArray *out = g_byte_array_new();
        jmap_diags rd;
        jmap_diags_init(&rd, doc->arena);
        jmap_render_map(doc->journey, &ro, out, &rd);
        jmap_diags_free(&rd);
        g_byte_array_free(out, TRUE);
        free(jmap_json_model(doc->journey, NULL));
    }
    jmap_doc_free(doc);
    return 0;
}
