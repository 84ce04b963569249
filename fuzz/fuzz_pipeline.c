/*
 * fuzz_pipeline.c — libFuzzer harness for everything after the loader: a
 * journey that loads is laid out and dumped as a scene (fake measurer, so
 * fast and font-independent), rendered to SVG in memory when it is small
 * (Pango and cairo are slow and not what is being tested), analysed, and
 * reported as text, Markdown and JSON.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <glib.h>

#include "analysis.h"
#include "jmap.h"
#include "render.h"
#include "report.h"

/* Real rendering (Pango shaping, cairo drawing) only below this size. */
#define SVG_MAX_INPUT 4096

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void render(const jmap_journey *j, jmap_out_format fmt, const bool *mask)
{
    jmap_render_opts ro = {0};
    ro.format = fmt;
    ro.input_name = "fuzz.yaml";
    ro.persona_mask = mask;
    GByteArray *out = g_byte_array_new();
    jmap_diags diags;
    jmap_arena *arena = jmap_arena_new();
    jmap_diags_init(&diags, arena);
    (void)jmap_render_map(j, &ro, out, &diags);
    jmap_diags_free(&diags);
    jmap_arena_free(arena);
    g_byte_array_unref(out);
}

static void report(const jmap_journey *j, const bool *mask)
{
    jmap_analysis_opts ao = {0};
    ao.persona_mask = mask;
    jmap_analysis *a = jmap_analysis_new(j, &ao);
    if (!a)
        return;
    (void)jmap_analysis_findings(a);
    static const jmap_report_fmt fmts[] = {JMAP_REPORT_TEXT, JMAP_REPORT_MD, JMAP_REPORT_JSON};
    for (size_t i = 0; i < sizeof fmts / sizeof fmts[0]; i++) {
        size_t len = 0;
        char *s = jmap_report_render(a, fmts[i], &len);
        free(s);
    }
    jmap_analysis_free(a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    jmap_load_opts opts = {0};
    opts.no_image_check = true;
    jmap_doc *doc = jmap_load("fuzz.yaml", (const char *)data, size, &opts);
    if (!doc)
        return 0;
    const jmap_journey *j = doc->journey;
    if (j) {
        render(j, JMAP_OUT_SCENE, NULL);
        report(j, NULL);
        /* A persona filter that keeps only the first persona: touchpoints
         * nobody drawn meets are left out, a path of its own. */
        if (j->n_personas > 1) {
            bool *mask = calloc(j->n_personas, sizeof *mask);
            if (mask) {
                mask[0] = true;
                render(j, JMAP_OUT_SCENE, mask);
                report(j, mask);
                free(mask);
            }
        }
        if (size <= SVG_MAX_INPUT)
            render(j, JMAP_OUT_SVG, NULL);
    }
    jmap_doc_free(doc);
    return 0;
}
