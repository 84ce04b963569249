/*
 * fuzz_pipeline.c — libFuzzer harness for everything after the loader: a
 * journey that loads is laid out and dumped as a scene with its analysis
 * page (fake measurer, so fast and font-independent), analysed, and
 * reported as text, Markdown and JSON. When it is small (Pango and cairo
 * are slow and not what is being tested) it is also rendered in memory
 * through one real back end, chosen by a hash of the input: SVG, the HTML
 * page, a PDF
 * book (an overview page, a page per persona, whose names and ids become
 * outline titles and destinations, and the analysis page), the same book as
 * a PowerPoint deck, a one-page PDF, or PNG at a quarter scale; some on a
 * fixed A4 page.
 *
 * Every PDF written is scanned (pdf_scan.h): a name of an action or a
 * script outside the file's strings, or a string left open, means some
 * text of the input ended its PDF string, and the harness aborts. Every
 * SVG sheet written (some with their fonts embedded) is parsed as XML
 * (GLib's markup parser): one that is not well-formed aborts too; every
 * deck is read back and its XML parts checked (pptx_scan.h); every
 * HTML page must hold exactly one script, its own, whose end the input
 * never wrote: else some text of the input got out of its element. Every
 * input also goes, as raw bytes, through the link check and escaping
 * (url.h) and the PNG header check (imagefile.h), whose results must keep
 * their promises: an escaped link holds only safe bytes and valid escapes,
 * an accepted link has an allowed scheme, an accepted header is within
 * the limits.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "analysis.h"
#include "imagefile.h"
#include "jmap.h"
#include "pdf_scan.h"
#include "pptx_scan.h"
#include "render.h"
#include "report.h"
#include "url.h"

/* Real rendering (Pango shaping, cairo drawing) only below this size. */
#define REAL_MAX_INPUT 4096
/* Pages of the fuzzed PDF book: the overview and up to this many personas. */
#define BOOK_MAX_PERSONAS 4

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A PDF jmap wrote must hold no action or script, nor an open string. */
static void check_pdf(const GByteArray *pdf)
{
    const char *bad = pdf_scan(pdf->data, pdf->len);
    if (bad) {
        fprintf(stderr, "fuzz_pipeline: the PDF written holds %s\n", bad);
        abort();
    }
}

/* An escaped link holds only the bytes url.h keeps and valid escapes. */
static void check_escaped(const char *url)
{
    char *e = jmap_url_escape(url);
    for (const char *p = e; *p; p++) {
        bool safe = g_ascii_isalnum(*p) || strchr("-._~:/?#@!$&*+,;=", *p) ||
                    (*p == '%' && g_ascii_isxdigit(p[1]) && g_ascii_isxdigit(p[2]));
        if (!safe) {
            fprintf(stderr, "fuzz_pipeline: byte 0x%02X left in an escaped link\n",
                    (unsigned char)*p);
            abort();
        }
    }
    g_free(e);
}

/* A link the loader accepts has a scheme the renderer draws. */
static void check_url(const char *url)
{
    char *problem = jmap_url_problem(url);
    if (!problem && !jmap_url_allowed(url)) {
        fprintf(stderr, "fuzz_pipeline: link accepted but not drawn\n");
        abort();
    }
    g_free(problem);
    check_escaped(url);
}

/* The raw input as a link (up to its first NUL) and as an image header. */
static void check_raw(const uint8_t *data, size_t size)
{
    char *s = g_strndup((const char *)data, size < 4096 ? size : 4096);
    check_url(s);
    g_free(s);
    jmap_png_info info;
    if (jmap_png_check_head(data, size, &info) == JMAP_IMG_OK &&
        (info.width == 0 || info.height == 0 || info.width > JMAP_MAX_IMAGE_SIDE ||
         info.height > JMAP_MAX_IMAGE_SIDE ||
         (uint64_t)info.width * info.height > JMAP_MAX_IMAGE_PIXELS)) {
        fprintf(stderr, "fuzz_pipeline: PNG header of %ux%u accepted\n", (unsigned)info.width,
                (unsigned)info.height);
        abort();
    }
}

/* An SVG jmap wrote must be well-formed XML, whatever the journey said. */
static void check_svg(const GByteArray *svg)
{
    GMarkupParser parser = {0};
    GMarkupParseContext *ctx = g_markup_parse_context_new(&parser, 0, NULL, NULL);
    GError *err = NULL;
    if (!g_markup_parse_context_parse(ctx, (const char *)svg->data, (gssize)svg->len, &err) ||
        !g_markup_parse_context_end_parse(ctx, &err)) {
        fprintf(stderr, "fuzz_pipeline: the SVG written is not well-formed: %s\n",
                err ? err->message : "?");
        abort();
    }
    g_markup_parse_context_free(ctx);
}

static size_t occurrences(const GByteArray *b, const char *needle)
{
    size_t n = 0, len = strlen(needle);
    for (size_t i = 0; i + len <= b->len; i++)
        if (g_ascii_strncasecmp((const char *)b->data + i, needle, len) == 0)
            n++;
    return n;
}

/* The page's own script is the only one, and nothing opens another. */
static void check_html(const GByteArray *out)
{
    if (occurrences(out, "<script") != 1 || occurrences(out, "</script") != 1 ||
        occurrences(out, "<iframe") || occurrences(out, "<object") ||
        occurrences(out, "<embed") || occurrences(out, "<link")) {
        fprintf(stderr, "fuzz_pipeline: the HTML page holds markup of the input\n");
        abort();
    }
}

static void render(const jmap_journey *j, jmap_out_format fmt, const bool *mask,
                   jmap_page_size page, bool embed_fonts)
{
    jmap_render_opts ro = {0};
    ro.format = fmt;
    ro.input_name = "fuzz.yaml";
    ro.persona_mask = mask;
    ro.page = page;
    ro.scale = fmt == JMAP_OUT_PNG ? 0.25 : 0;
    ro.creation_date = "2026-01-01T00:00:00Z";
    ro.report_page = fmt == JMAP_OUT_SCENE;
    ro.embed_fonts = embed_fonts;
    GPtrArray *outs = g_ptr_array_new();
    jmap_diags diags;
    jmap_arena *arena = jmap_arena_new();
    jmap_diags_init(&diags, arena);
    /* every sheet: a map on A4 may take several */
    bool ok = jmap_render_map_pages(j, &ro, outs, &diags);
    for (guint i = 0; ok && i < outs->len; i++) {
        if (fmt == JMAP_OUT_PDF)
            check_pdf(g_ptr_array_index(outs, i));
        else if (fmt == JMAP_OUT_SVG)
            check_svg(g_ptr_array_index(outs, i));
        else if (fmt == JMAP_OUT_HTML)
            check_html(g_ptr_array_index(outs, i));
    }
    for (guint i = 0; i < outs->len; i++)
        g_byte_array_unref(g_ptr_array_index(outs, i));
    g_ptr_array_free(outs, TRUE);
    jmap_diags_free(&diags);
    jmap_arena_free(arena);
}

/* The multi-page PDF (or the deck) of --each-persona: outline titles,
 * slide titles and named destinations come from the input. */
static void render_book(const jmap_journey *j, jmap_out_format fmt, jmap_page_size page)
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
    ro.format = fmt;
    ro.input_name = "fuzz.yaml";
    ro.page = page;
    ro.report_page = true;
    GByteArray *bytes = g_byte_array_new();
    jmap_diags diags;
    jmap_arena *arena = jmap_arena_new();
    jmap_diags_init(&diags, arena);
    if (jmap_render_book(j, &ro, pages, n + 1, bytes, &diags))
        fmt == JMAP_OUT_PPTX ? check_pptx(bytes) : check_pdf(bytes);
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
    check_raw(data, size);
    jmap_load_opts opts = {0};
    opts.no_image_check = true;
    jmap_doc *doc = jmap_load("fuzz.yaml", (const char *)data, size, &opts);
    if (!doc)
        return 0;
    const jmap_journey *j = doc->journey;
    if (j) {
        for (size_t i = 0; i < j->n_touchpoints; i++)
            if (j->touchpoints[i]->url)
                check_url(j->touchpoints[i]->url);
        render(j, JMAP_OUT_SCENE, NULL, JMAP_PAGE_AUTO, false);
        report(j, NULL);
        /* A persona filter that keeps only the first persona: touchpoints
         * nobody drawn meets are left out, a path of its own. */
        if (j->n_personas > 1) {
            bool *mask = calloc(j->n_personas, sizeof *mask);
            if (mask) {
                mask[0] = true;
                render(j, JMAP_OUT_SCENE, mask, JMAP_PAGE_AUTO, false);
                report(j, mask);
                free(mask);
            }
        }
        if (size <= REAL_MAX_INPUT) {
            uint32_t h = input_hash(data, size);
            jmap_page_size page = (h >> 8) % 4 == 0 ? JMAP_PAGE_A4 : JMAP_PAGE_AUTO;
            switch (h % 4) {
            case 0:
                render(j, JMAP_OUT_SVG, NULL, page, (h >> 16) % 4 == 0);
                break;
            case 1:
                render(j, JMAP_OUT_HTML, NULL, page, (h >> 16) % 4 == 0);
                break;
            case 2:
                if ((h >> 12) % 4 == 0)
                    render(j, JMAP_OUT_PDF, NULL, page, false);
                else
                    render_book(j, (h >> 12) % 4 == 1 ? JMAP_OUT_PPTX : JMAP_OUT_PDF, page);
                break;
            default:
                render(j, JMAP_OUT_PNG, NULL, page, false);
                break;
            }
        }
    }
    jmap_doc_free(doc);
    return 0;
}
