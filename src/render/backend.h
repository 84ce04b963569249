/*
 * backend.h — what the map pipeline (render.c) shares with its back ends.
 * One scene, many writers: render.c lays a journey out into scenes (one per
 * sheet), and each back end walks those scenes without laying anything out
 * again: cairo.c draws PDF pages and PNG rasters, the other files of this
 * folder write their own formats from the same items.
 */
#ifndef JMAP_RENDER_BACKEND_H
#define JMAP_RENDER_BACKEND_H

#include "layout.h"
#include "measure_pango.h"
#include "render.h"
#include "scene.h"

/* An empty source position, for diagnostics about the output as a whole. */
jmap_span jmap_render_no_span(void);

/* Where a scene goes on its page: the page's size (pw x ph), the scale sc and
 * the offset (ox, oy) of the map on it. `pdf`: a natural-size map too large
 * for a PDF viewer is scaled down. */
void jmap_render_place(const jmap_scene *s, jmap_page_size page, bool pdf, double *pw, double *ph,
                       double *sc, double *ox, double *oy);

/* Layout options of a map of the personas in `mask` (NULL: all). */
jmap_layout_opts jmap_render_layout_opts(const jmap_render_opts *opts, const bool *mask);

/* The sheets of a map: one scene at the natural size, or the pages laid out
 * for opts->page. Sets *n; free with jmap_render_free_sheets. */
jmap_scene **jmap_render_sheets(const jmap_journey *j, const jmap_render_opts *opts,
                                const jmap_layout_opts *lo, const jmap_measurer *m,
                                jmap_diags *diags, size_t *n);
void jmap_render_free_sheets(jmap_scene **pages, size_t n);

/* The analysis page of lo->persona_mask's personas. */
jmap_scene *jmap_render_report_scene(const jmap_journey *j, const jmap_layout_opts *lo,
                                     const jmap_measurer *m);

/* Warns once when body text of these sheets would print below the minimum. */
void jmap_render_check_print_size(jmap_scene *const *pages, size_t n, jmap_page_size page,
                                  jmap_diags *diags);

/* cairo.c: one PNG sheet appended to out. */
bool jmap_cairo_sheet(jmap_pango *pg, const jmap_scene *s, const jmap_render_opts *opts,
                      GByteArray *out, jmap_diags *diags);

/* png.c: the pixels of a CAIRO_FORMAT_RGB24 image surface as an 8-bit RGB
 * PNG, with a pHYs chunk of `ppi` pixels per inch when ppi > 0. Fast rather
 * than small (no filter, zlib's fastest level), compressed on `threads`
 * threads (0: one a processor); the bytes depend on the pixels and ppi
 * only. `write` receives the bytes in order and returns NULL, or a message
 * to stop with. On failure adds an error and returns false. */
typedef const char *(*jmap_png_write_fn)(void *closure, const unsigned char *data, size_t len);
bool jmap_png_encode(cairo_surface_t *surf, double ppi, int threads, jmap_png_write_fn write,
                     void *closure, jmap_diags *diags);
/* The same appended to out, left as it was on failure. */
bool jmap_png_write(cairo_surface_t *surf, double ppi, GByteArray *out, jmap_diags *diags);

/* cairo.c: a PDF of the pages' maps, then the analysis page when
 * opts->report_page, with an outline when there is more than one. */
bool jmap_cairo_pdf(const jmap_journey *j, const jmap_render_opts *opts, jmap_pango *pg,
                    const jmap_render_page *pages, size_t n_pages, GByteArray *out,
                    jmap_diags *diags);

/* svg.c: jmap's own SVG of one sheet — text as <text> per laid-out line,
 * shapes as paths, images embedded, ids prefixed so that several maps can
 * live in one HTML page. */
typedef struct jmap_svg_opts {
    const char *id_prefix; /* prefix of every id, NULL: "jmap-" */
    bool embed_fonts;      /* subset fonts as data URIs in @font-face */
    bool inline_html;      /* no XML declaration: the <svg> goes inside an HTML page */
} jmap_svg_opts;
bool jmap_svg_write(const jmap_journey *j, jmap_pango *pg, const jmap_scene *s,
                    const jmap_render_opts *opts, const jmap_svg_opts *so, GString *out,
                    jmap_diags *diags);

/* html.c: one self-contained interactive page of the map of `mask`'s
 * personas (NULL: all). */
bool jmap_html_write(const jmap_journey *j, const jmap_render_opts *opts, jmap_pango *pg,
                     const bool *mask, GByteArray *out, jmap_diags *diags);

/* pptx.c: a deck — the slides of each entry's map, then the analysis slide
 * when opts->report_page. */
bool jmap_pptx_book(const jmap_journey *j, const jmap_render_opts *opts, jmap_pango *pg,
                    const jmap_render_page *pages, size_t n_pages, GByteArray *out,
                    jmap_diags *diags);

#endif
