/*
 * render.c — the map pipeline behind jmap_render_map(): layout (model ->
 * scene, text measured with Pango), then one back end per format walks the
 * scenes: cairo.c (PDF, PNG), svg.c (SVG) and the writers beside it. The scene dump
 * (JMAP_OUT_SCENE) is measured with the fake measurer so golden files do not
 * depend on installed fonts.
 */
#include "render/backend.h"

#include "analysis.h"
#include "layout.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PDF_MAX_PT 14400.0
#define PAGE_MARGIN 20.0  /* 7 mm: what printers leave blank anyway */
#define SLIDE_MARGIN 14.0
#define SLIDE_W 960.0 /* 16:9, 13.33 x 7.5 in */
#define SLIDE_H 540.0

static void page_points(jmap_page_size p, double *w, double *h)
{
    switch (p) {
    case JMAP_PAGE_A4: *w = 841.89; *h = 595.28; break;
    case JMAP_PAGE_A3: *w = 1190.55; *h = 841.89; break;
    case JMAP_PAGE_A2: *w = 1683.78; *h = 1190.55; break;
    case JMAP_PAGE_A1: *w = 2383.94; *h = 1683.78; break;
    case JMAP_PAGE_A0: *w = 3370.39; *h = 2383.94; break;
    case JMAP_PAGE_LETTER: *w = 792; *h = 612; break;
    case JMAP_PAGE_TABLOID: *w = 1224; *h = 792; break;
    case JMAP_PAGE_SLIDE: *w = SLIDE_W; *h = SLIDE_H; break;
    default: *w = *h = 0; break;
    }
}

/* The blank border of a sheet: a slide's is narrower. */
static double page_margin(jmap_page_size p)
{
    return p == JMAP_PAGE_SLIDE ? SLIDE_MARGIN : PAGE_MARGIN;
}

static const char *page_name(jmap_page_size p)
{
    switch (p) {
    case JMAP_PAGE_A4: return "A4";
    case JMAP_PAGE_A3: return "A3";
    case JMAP_PAGE_A2: return "A2";
    case JMAP_PAGE_A1: return "A1";
    case JMAP_PAGE_A0: return "A0";
    case JMAP_PAGE_LETTER: return "Letter";
    case JMAP_PAGE_TABLOID: return "Tabloid";
    case JMAP_PAGE_SLIDE: return "slide";
    default: return "auto";
    }
}

jmap_span jmap_render_no_span(void)
{
    jmap_span sp = {NULL, 0, 0};
    return sp;
}

/*
 * Where a scene goes on its page: the page's size, the scale and the offset
 * of the map. A scene laid out for a sheet carries them; a map at its
 * natural size is its own page, scaled down when taller and wider than a
 * PDF viewer accepts; the analysis page on a sheet is scaled to fit it.
 */
void jmap_render_place(const jmap_scene *s, jmap_page_size page, bool pdf, double *pw, double *ph,
                  double *sc, double *ox, double *oy)
{
    double W = s->width, H = s->height;
    *pw = W;
    *ph = H;
    *sc = 1;
    *ox = *oy = 0;
    if (s->page_scale > 0) {
        *pw = s->page_w;
        *ph = s->page_h;
        *sc = s->page_scale;
        *ox = (*pw - W * *sc) / 2;
        /* top-aligned: a page holding less than a sheet's height starts
         * where a full one does */
        *oy = fmin(*ox, (*ph - H * *sc) / 2);
    } else if (page != JMAP_PAGE_AUTO) {
        page_points(page, pw, ph);
        double m = page_margin(page);
        *sc = fmin((*pw - 2 * m) / W, (*ph - 2 * m) / H);
        *ox = (*pw - W * *sc) / 2;
        *oy = (*ph - H * *sc) / 2;
    } else if (pdf && (W > PDF_MAX_PT || H > PDF_MAX_PT)) {
        *sc = fmin(PDF_MAX_PT / W, PDF_MAX_PT / H);
        *pw = W * *sc;
        *ph = H * *sc;
    }
}


/* One warning per script that no installed font covers, and one when the
 * theme's font is not installed. */
static void report_missing_glyphs(jmap_pango *pg, jmap_diags *diags)
{
    const char *theme_font = jmap_pango_theme_font_missing(pg);
    if (theme_font) {
        char *qf = jmap_quote(theme_font);
        char *qu = jmap_quote(jmap_pango_families(pg));
        jmap_diag_add(diags, JMAP_SEV_WARNING, jmap_render_no_span(),
                      "font '%s' is not installed; the map uses %s", qf, qu);
        free(qf);
        free(qu);
    }
    const GPtrArray *miss = jmap_pango_missing(pg);
    for (guint i = 0; i < miss->len; i++) {
        const char *entry = g_ptr_array_index(miss, i);
        const char *tab = strchr(entry, '\t');
        if (!tab[1])
            jmap_diag_add(diags, JMAP_SEV_WARNING, jmap_render_no_span(),
                          "no font has a glyph for %.*s (a private-use or unassigned "
                          "character); it is drawn as a box",
                          (int)(tab - entry), entry);
        else
            jmap_diag_add(diags, JMAP_SEV_WARNING, jmap_render_no_span(),
                          "no installed font has the glyphs for %.*s text; install the Debian "
                          "package %s",
                          (int)(tab - entry), entry, tab + 1);
    }
}
/* Warns once when body text would print too small to read on some of the
 * pages: the analysis page scaled to a sheet, or a page of a map that
 * cannot fit its sheet even at the print minimum. */
void jmap_render_check_print_size(jmap_scene *const *pages, size_t n, jmap_page_size page,
                             jmap_diags *diags)
{
    if (page == JMAP_PAGE_AUTO)
        return;
    double smallest = INFINITY;
    for (size_t i = 0; i < n; i++) {
        double pw, ph, sc, ox, oy;
        jmap_render_place(pages[i], page, true, &pw, &ph, &sc, &ox, &oy);
        smallest = fmin(smallest, sc);
    }
    if (JMAP_BODY_SIZE * smallest < JMAP_MIN_PRINT_SIZE - 1e-6)
        jmap_diag_add(diags, JMAP_SEV_WARNING, jmap_render_no_span(),
                      "scaled to fit %s, the text would print at %.1f pt (below %.0f pt); "
                      "use --page auto or a larger page",
                      page_name(page), JMAP_BODY_SIZE * smallest, JMAP_MIN_PRINT_SIZE);
}

/* The analysis page of the personas in lo->persona_mask. */
jmap_scene *jmap_render_report_scene(const jmap_journey *j, const jmap_layout_opts *lo,
                                const jmap_measurer *m)
{
    jmap_analysis_opts ao = {lo->persona_mask, lo->thresholds};
    jmap_analysis *a = jmap_analysis_new(j, &ao);
    jmap_scene *s = jmap_layout_report(j, a, lo, m);
    jmap_analysis_free(a);
    return s;
}
jmap_layout_opts jmap_render_layout_opts(const jmap_render_opts *opts, const bool *mask)
{
    jmap_layout_opts lo = {
        .lanes = opts->lanes,
        .n_lanes = opts->n_lanes,
        .persona_mask = mask,
        .input_name = opts->input_name,
        .thresholds = opts->thresholds,
        .state_view = opts->state_view,
    };
    return lo;
}

/*
 * The map's pages: on a sheet, laid out for it (jmap_layout_pages); at the
 * natural size, one scene, or for a PDF wider than a viewer accepts, pages
 * split between stages after an overview. Sets *n; free with free_pages.
 */
jmap_scene **jmap_render_sheets(const jmap_journey *j, const jmap_render_opts *opts,
                              const jmap_layout_opts *lo, const jmap_measurer *m,
                              jmap_diags *diags, size_t *n)
{
    if (opts->page == JMAP_PAGE_SLIDE && !lo->lanes) {
        /* a slide tells the story: where it hurts and what to do about it;
         * the other lanes when asked for (--lanes) or on a larger sheet */
        jmap_lane order[JMAP_LANE_ALL], lanes[JMAP_LANE_ALL];
        size_t nl = 0, n_order = jmap_layout_lane_order(j, lo, order);
        for (size_t i = 0; i < n_order; i++)
            if (order[i] == JMAP_LANE_TOUCHPOINTS || order[i] == JMAP_LANE_EMOTIONS ||
                order[i] == JMAP_LANE_PAINS || order[i] == JMAP_LANE_OPPORTUNITIES)
                lanes[nl++] = order[i];
        jmap_layout_opts slide = *lo;
        slide.lanes = lanes;
        slide.n_lanes = nl;
        slide.summary = true;
        if (nl)
            return jmap_layout_pages(j, &slide, m, diags, SLIDE_W, SLIDE_H, SLIDE_MARGIN, n);
    }
    if (opts->page != JMAP_PAGE_AUTO) {
        double pw, ph;
        page_points(opts->page, &pw, &ph);
        return jmap_layout_pages(j, lo, m, diags, pw, ph, page_margin(opts->page), n);
    }
    jmap_scene *s = jmap_layout_build(j, lo, m, diags);
    if (opts->format == JMAP_OUT_PDF && s->width > PDF_MAX_PT && s->height <= PDF_MAX_PT) {
        jmap_scene_free(s);
        return jmap_layout_pages(j, lo, m, diags, PDF_MAX_PT, 0, 0, n);
    }
    jmap_scene **one = g_new(jmap_scene *, 1);
    one[0] = s;
    *n = 1;
    return one;
}

void jmap_render_free_sheets(jmap_scene **pages, size_t n)
{
    for (size_t i = 0; i < n; i++)
        jmap_scene_free(pages[i]);
    g_free(pages);
}

static void append_dump(const jmap_scene *s, GByteArray *out)
{
    size_t len = 0;
    char *dump = jmap_scene_dump(s, &len);
    g_byte_array_append(out, (const guint8 *)dump, (guint)len);
    free(dump);
}
/* The scene dump, a "page N" line before each page after the first; with
 * the analysis page, its dump follows a line that says so. */
static void render_scene_dump(const jmap_journey *j, const jmap_render_opts *opts,
                              const bool *mask, GByteArray *out, jmap_diags *diags)
{
    jmap_measurer fake;
    jmap_measure_fake_init(&fake);
    jmap_layout_opts lo = jmap_render_layout_opts(opts, mask);
    size_t n = 0;
    jmap_scene **pages = jmap_render_sheets(j, opts, &lo, &fake, diags, &n);
    for (size_t i = 0; i < n; i++) {
        if (i > 0) {
            char *sep = g_strdup_printf("page %zu\n", i + 1);
            g_byte_array_append(out, (const guint8 *)sep, (guint)strlen(sep));
            g_free(sep);
        }
        append_dump(pages[i], out);
    }
    jmap_render_free_sheets(pages, n);
    if (opts->report_page) {
        static const char sep[] = "page analysis\n";
        g_byte_array_append(out, (const guint8 *)sep, sizeof sep - 1);
        jmap_scene *s = jmap_render_report_scene(j, &lo, &fake);
        append_dump(s, out);
        jmap_scene_free(s);
    }
}

void jmap_render_warm_up(void)
{
    jmap_pango_warm_up();
}

/* The measuring context of a journey's maps. While fontconfig starts on
 * Pango's thread, the journey's images are decoded (layout needs their
 * sizes, the renderer their pixels); then every font layout uses is
 * requested. */
struct jmap_render_cache {
    jmap_pango *pg;
    char *family, *lang;
};

jmap_render_cache *jmap_render_cache_new(void)
{
    return g_new0(jmap_render_cache, 1);
}

void jmap_render_cache_forget(jmap_render_cache *c)
{
    if (!c)
        return;
    jmap_pango_free(c->pg);
    c->pg = NULL;
    g_free(c->family);
    g_free(c->lang);
    c->family = c->lang = NULL;
}

void jmap_render_cache_free(jmap_render_cache *c)
{
    jmap_render_cache_forget(c);
    g_free(c);
}

static jmap_pango *journey_pango(const jmap_journey *j, jmap_render_cache *cache)
{
    const char *lang = j->locale == JMAP_LOCALE_FR ? "fr" : "en";
    if (cache && cache->pg && g_strcmp0(cache->family, j->theme.font) == 0 &&
        strcmp(cache->lang, lang) == 0)
        return cache->pg;
    if (cache)
        jmap_render_cache_forget(cache);
    jmap_pango *pg = jmap_pango_new(j->theme.font, lang);
    if (cache) {
        cache->pg = pg;
        cache->family = g_strdup(j->theme.font);
        cache->lang = g_strdup(lang);
    }
    if (j->theme.logo.path)
        jmap_pango_image(pg, jmap_image_file(&j->theme.logo));
    for (size_t i = 0; i < j->n_personas; i++)
        if (j->personas[i]->photo.path)
            jmap_pango_image(pg, jmap_image_file(&j->personas[i]->photo));
    for (size_t i = 0; i < j->n_touchpoints; i++)
        if (j->touchpoints[i]->image.path)
            jmap_pango_image(pg, jmap_image_file(&j->touchpoints[i]->image));
    const jmap_font *const *fonts;
    size_t n = jmap_layout_fonts(&fonts);
    jmap_pango_prefetch(pg, fonts, n);
    return pg;
}

/* A PDF or a deck of the pages' maps. */
static bool book(const jmap_journey *j, const jmap_render_opts *opts, jmap_pango *pg,
                 const jmap_render_page *pages, size_t n_pages, GByteArray *out,
                 jmap_diags *diags)
{
    if (opts->format == JMAP_OUT_PPTX) {
        /* a deck's slides are 16:9 unless --page names another sheet: a
         * map at its natural size has no slide to go on */
        jmap_render_opts o = *opts;
        if (o.page == JMAP_PAGE_AUTO)
            o.page = JMAP_PAGE_SLIDE;
        return jmap_pptx_book(j, &o, pg, pages, n_pages, out, diags);
    }
    return jmap_cairo_pdf(j, opts, pg, pages, n_pages, out, diags);
}

/* The interactive page of a map. */
static bool html_page(const jmap_journey *j, const jmap_render_opts *opts, jmap_pango *pg,
                      const bool *mask, GByteArray *out, jmap_diags *diags)
{
    return jmap_html_write(j, opts, pg, mask, out, diags);
}

/*
 * One map measured and drawn through `pg`, which may have served other maps
 * of the journey already: a PDF appends one output holding every page; PNG
 * and SVG one output per sheet. Returns false when it could not be drawn.
 */
static bool render_one(const jmap_journey *j, const jmap_render_opts *opts, const bool *mask,
                       jmap_pango *pg, GPtrArray *outs, jmap_diags *diags)
{
    if (opts->format == JMAP_OUT_PDF || opts->format == JMAP_OUT_PPTX) {
        /* each page in the outline: the map (its pages), then the analysis */
        jmap_render_page map = {mask, j->locale == JMAP_LOCALE_FR ? "Carte" : "Map", "map"};
        GByteArray *out = g_byte_array_new();
        g_ptr_array_add(outs, out);
        jmap_render_opts o = *opts;
        o.persona_mask = mask; /* the analysis page's personas too */
        return book(j, &o, pg, &map, 1, out, diags);
    }
    if (opts->format == JMAP_OUT_HTML) {
        GByteArray *out = g_byte_array_new();
        g_ptr_array_add(outs, out);
        return html_page(j, opts, pg, mask, out, diags);
    }
    jmap_layout_opts lo = jmap_render_layout_opts(opts, mask);
    jmap_measurer m;
    jmap_pango_measurer(pg, &m);
    size_t n = 0;
    jmap_scene **pages = jmap_render_sheets(j, opts, &lo, &m, diags, &n);
    bool ok = true;
    jmap_render_check_print_size(pages, n, opts->page, diags);
    for (size_t i = 0; i < n && ok; i++) {
        GByteArray *out = g_byte_array_new();
        g_ptr_array_add(outs, out);
        if (opts->format == JMAP_OUT_SVG) {
            jmap_svg_opts so = {NULL, opts->embed_fonts, false};
            GString *svg = g_string_new(NULL);
            ok = jmap_svg_write(j, pg, pages[i], opts, &so, svg, diags);
            g_byte_array_append(out, (const guint8 *)svg->str, (guint)svg->len);
            g_string_free(svg, TRUE);
        } else {
            ok = jmap_cairo_sheet(pg, pages[i], opts, out, diags);
        }
    }
    jmap_render_free_sheets(pages, n);
    return ok;
}

bool jmap_render_map_pages(const jmap_journey *j, const jmap_render_opts *opts, GPtrArray *outs,
                           jmap_diags *diags)
{
    if (opts->format == JMAP_OUT_SCENE) {
        GByteArray *out = g_byte_array_new();
        g_ptr_array_add(outs, out);
        render_scene_dump(j, opts, opts->persona_mask, out, diags);
        return true;
    }
    jmap_pango *pg = journey_pango(j, opts->cache);
    bool ok = render_one(j, opts, opts->persona_mask, pg, outs, diags);
    report_missing_glyphs(pg, diags);
    if (!opts->cache)
        jmap_pango_free(pg);
    return ok;
}

/* Moves the single output of `outs` to `out`; false (with an error) when
 * the map has several sheets. Frees the outputs. */
static bool single_output(GPtrArray *outs, GByteArray *out, jmap_diags *diags, bool ok)
{
    if (ok && outs->len > 1) {
        jmap_diag_add(diags, JMAP_SEV_ERROR, jmap_render_no_span(),
                      "the map takes %u sheets; a PNG or SVG file holds one", outs->len);
        ok = false;
    }
    if (ok && outs->len == 1) {
        GByteArray *b = g_ptr_array_index(outs, 0);
        g_byte_array_append(out, b->data, b->len);
    }
    for (guint i = 0; i < outs->len; i++)
        g_byte_array_free(g_ptr_array_index(outs, i), TRUE);
    g_ptr_array_free(outs, TRUE);
    return ok;
}

bool jmap_render_map(const jmap_journey *j, const jmap_render_opts *opts, GByteArray *out,
                     jmap_diags *diags)
{
    GPtrArray *outs = g_ptr_array_new();
    bool ok = jmap_render_map_pages(j, opts, outs, diags);
    return single_output(outs, out, diags, ok);
}

bool jmap_render_maps(const jmap_journey *j, const jmap_render_opts *opts,
                      const bool *const *masks, size_t n, GPtrArray **outs, jmap_diags *diags)
{
    jmap_pango *pg = opts->format == JMAP_OUT_SCENE ? NULL : journey_pango(j, opts->cache);
    bool ok = true;
    for (size_t i = 0; i < n && ok; i++) {
        if (pg) {
            ok = render_one(j, opts, masks[i], pg, outs[i], diags);
        } else {
            GByteArray *out = g_byte_array_new();
            g_ptr_array_add(outs[i], out);
            render_scene_dump(j, opts, masks[i], out, diags);
        }
    }
    if (pg) {
        report_missing_glyphs(pg, diags);
        if (!opts->cache)
            jmap_pango_free(pg);
    }
    return ok;
}

bool jmap_render_book(const jmap_journey *j, const jmap_render_opts *opts,
                      const jmap_render_page *pages, size_t n_pages, GByteArray *out,
                      jmap_diags *diags)
{
    /* One Pango context for every page: fonts are loaded once. */
    jmap_pango *pg = journey_pango(j, opts->cache);
    bool ok = book(j, opts, pg, pages, n_pages, out, diags);
    report_missing_glyphs(pg, diags);
    if (!opts->cache)
        jmap_pango_free(pg);
    return ok;
}
