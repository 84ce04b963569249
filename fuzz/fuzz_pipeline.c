/*
 * fuzz_pipeline.c — libFuzzer harness for everything after the loader: a
 * journey that loads is laid out and dumped as a scene with its analysis
 * page (fake measurer, so fast and font-independent), analysed, and
 * reported as text, Markdown and JSON. When it is small (Pango and cairo are slow and not what is being
 * tested) it is also rendered in memory through one real back end, chosen
 * by a hash of the input: SVG, a PDF book (an overview page, a page per
 * persona, whose names and ids become outline titles and destinations, and
 * the analysis page), or
 * PNG at a quarter scale; some on a fixed A4 page.
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
#define REAL_MAX_INPUT 4096
/* Pages of the fuzzed PDF book: the overview and up to this many personas. */
#define BOOK_MAX_PERSONAS 4

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void render(const jmap_journey *j, jmap_out_format fmt, const bool *mask,
                   jmap_page_size page)
{
    jmap_render_opts ro = {0};
    ro.format = fmt;
    ro.input_name = "fuzz.yaml";
    ro.persona_mask = mask;
    ro.page = page;
    ro.scale = fmt == JMAP_OUT_PNG ? 0.25 : 0;
    ro.creation_date = "2026-01-01T00:00:00Z";
    ro.report_page = fmt == JMAP_OUT_SCENE;
    GByteArray *out = g_byte_array_new();
    jmap_diags diags;
    jmap_arena *arena = jmap_arena_new();
    jmap_diags_init(&diags, arena);
    (void)jmap_render_map(j, &ro, out, &diags);
    jmap_diags_free(&diags);
    jmap_arena_free(arena);
    g_byte_array_unref(out);
}

/* The multi-page PDF of --each-persona: outline titles and named
 * destinations come from the input. */
static void render_book(const jmap_journey *j, jmap_page_size page)
{
    size_t np = j->n_personas < BOOK_MAX_PERSONAS ? j->n_personas : BOOK_MAX_PERSONAS;
    jmap_render_page pages[BOOK_MAX_PERSONAS + 1] = {{0}};
    bool *masks[BOOK_MAX_PERSONAS] = {0};
    pages[0].title = "Overview";
    pages[0].dest = "overview";
    size_t n = 0;
    for (; n < np; n++) {
        const jmap_persona *p = j->personas[n];
        /* A mask has one entry per persona of the journey. */
        masks[n] = calloc(j->n_personas, sizeof *masks[n]);
        if (!masks[n])
            break;
        masks[n][n] = true;
        pages[n + 1].persona_mask = masks[n];
        pages[n + 1].title = p->name ? p->name : p->id;
        pages[n + 1].dest = p->id;
    }
    jmap_render_opts ro = {0};
    ro.format = JMAP_OUT_PDF;
    ro.input_name = "fuzz.yaml";
    ro.page = page;
    ro.report_page = true;
    GByteArray *bytes = g_byte_array_new();
    jmap_diags diags;
    jmap_arena *arena = jmap_arena_new();
    jmap_diags_init(&diags, arena);
    (void)jmap_render_pdf_pages(j, &ro, pages, n + 1, bytes, &diags);
    jmap_diags_free(&diags);
    jmap_arena_free(arena);
    g_byte_array_unref(bytes);
    for (size_t i = 0; i < n; i++)
        free(masks[i]);
}

/* FNV-1a: the same input always goes through the same back end. */
static uint32_t input_hash(const uint8_t *data, size_t size)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < size; i++)
        h = (h ^ data[i]) * 16777619u;
    return h;
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
        render(j, JMAP_OUT_SCENE, NULL, JMAP_PAGE_AUTO);
        report(j, NULL);
        /* A persona filter that keeps only the first persona: touchpoints
         * nobody drawn meets are left out, a path of its own. */
        if (j->n_personas > 1) {
            bool *mask = calloc(j->n_personas, sizeof *mask);
            if (mask) {
                mask[0] = true;
                render(j, JMAP_OUT_SCENE, mask, JMAP_PAGE_AUTO);
                report(j, mask);
                free(mask);
            }
        }
        if (size <= REAL_MAX_INPUT) {
            uint32_t h = input_hash(data, size);
            jmap_page_size page = (h >> 8) % 4 == 0 ? JMAP_PAGE_A4 : JMAP_PAGE_AUTO;
            switch (h % 4) {
            case 0:
            case 1:
                render(j, JMAP_OUT_SVG, NULL, page);
                break;
            case 2:
                render_book(j, page);
                break;
            default:
                render(j, JMAP_OUT_PNG, NULL, page);
                break;
            }
        }
    }
    jmap_doc_free(doc);
    return 0;
}
