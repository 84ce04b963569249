/*
 * render.h — from a resolved journey to a finished map in memory.
 * The CLI calls jmap_render_map(); it runs layout (model -> scene, measuring
 * text through the Pango measurer) then the cairo renderer (scene -> bytes).
 * Writing the bytes to disk (atomically) is the CLI's job.
 */
#ifndef JMAP_RENDER_H
#define JMAP_RENDER_H

#include "jmap.h"
#include <glib.h>

typedef enum {
    JMAP_OUT_PDF,
    JMAP_OUT_SVG,
    JMAP_OUT_PNG,
    JMAP_OUT_SCENE, /* the stable text dump of the scene (golden tests) */
    JMAP_OUT_HTML,  /* one self-contained page: the map as inline SVG, its details, the analysis */
    JMAP_OUT_PPTX   /* an editable PowerPoint deck, one slide per sheet */
} jmap_out_format;

typedef enum {
    JMAP_PAGE_AUTO,
    JMAP_PAGE_A4,
    JMAP_PAGE_A3,
    JMAP_PAGE_LETTER,
    JMAP_PAGE_TABLOID,
    JMAP_PAGE_A2,
    JMAP_PAGE_A1,
    JMAP_PAGE_A0,
    JMAP_PAGE_SLIDE /* 16:9, 13.33 x 7.5 in */
} jmap_page_size;

typedef struct jmap_render_opts {
    jmap_out_format format;
    /* AUTO: the map at its natural size. A sheet (landscape): the map laid
     * out for it, text never under JMAP_MIN_PRINT_SIZE, continued on further
     * sheets after an overview when it cannot fit one. */
    jmap_page_size page;
    double scale;            /* PNG pixels per point; 0 = 2.0 (144 dpi) */
    const jmap_lane *lanes;  /* NULL: journey->lanes or the default order */
    size_t n_lanes;
    /* persona_mask[i]: draw persona i (NULL = all). Touchpoints no drawn
     * persona meets are left out; curves of hidden personas are not drawn. */
    const bool *persona_mask;
    const char *input_name;  /* file name shown in the footer ("journey.yaml") */
    /* PDF creation date (ISO 8601, from SOURCE_DATE_EPOCH), NULL = omitted. */
    const char *creation_date;
    /* PDF and scene dump: end with the analysis page (key figures, the
     * opportunity matrix, the findings) for persona_mask's personas. Other
     * formats have no second page and ignore it. */
    bool report_page;
    /* SVG and HTML: the fonts the text uses, subset, embedded in the file. */
    bool embed_fonts;
    /* NULL, or what one render keeps for the next (jmap_render_cache_new). */
    struct jmap_render_cache *cache;
    /* Thresholds of the analysis (--threshold) over the journey's own;
     * NULL: none given. */
    const jmap_thresholds *thresholds;
    /* --state: the as-is or the to-be journey, or both marked (ALL). */
    jmap_state_view state_view;
} jmap_render_opts;

/*
 * What renders of the same journey can share from one to the next (jmap build
 * --watch): the measuring context with its shaped texts and decoded images.
 * A render with a different theme font or locale starts it afresh. Images
 * are kept by path: forget the cache when an image file changes.
 */
typedef struct jmap_render_cache jmap_render_cache;
jmap_render_cache *jmap_render_cache_new(void);
void jmap_render_cache_forget(jmap_render_cache *c); /* back to empty */
void jmap_render_cache_free(jmap_render_cache *c);   /* accepts NULL */

/*
 * Starts loading the system's font configuration in the background (a good
 * part of a small map's time). Optional: called before the journey is read,
 * the reading overlaps that work instead of waiting for it later.
 */
void jmap_render_warm_up(void);

/*
 * Renders the journey as one output per file: a PDF is one output (all its
 * pages), a PNG or SVG one output per sheet of a map split into pages.
 * Appends GByteArray*s to `outs` (the caller frees them), also on failure.
 */
bool jmap_render_map_pages(const jmap_journey *j, const jmap_render_opts *opts, GPtrArray *outs,
                           jmap_diags *diags);

/*
 * Renders the journey into `out` (appended); a map that takes several PNG
 * or SVG sheets is an error here (see jmap_render_map_pages). Problems (an undecodable image,
 * glyphs no font has, text too small on a fixed page, a PNG scaled down)
 * become diagnostics in `diags`; returns false when the map could not be
 * produced (then `out` content must be ignored).
 */
bool jmap_render_map(const jmap_journey *j, const jmap_render_opts *opts, GByteArray *out,
                     jmap_diags *diags);

/*
 * Several maps of one journey, masks[i] (NULL: every persona) replacing
 * opts->persona_mask for map i, its outputs (as jmap_render_map_pages)
 * appended to outs[i]. One Pango context
 * serves them all, so fonts are loaded once. Stops at the first map that
 * cannot be produced and returns false (then no output is to be used).
 */
bool jmap_render_maps(const jmap_journey *j, const jmap_render_opts *opts,
                      const bool *const *masks, size_t n, GPtrArray **outs, jmap_diags *diags);

/* One map of a PDF or a deck. */
typedef struct jmap_render_page {
    const bool *persona_mask; /* NULL: every persona */
    const char *title;        /* its entry in the PDF outline */
    const char *dest;         /* its named destination */
} jmap_render_page;

/*
 * Several maps of one journey in one document, a PDF or (opts->format
 * JMAP_OUT_PPTX) a deck: the pages (slides) of each entry's map, with an
 * outline entry and a named destination each in a PDF, then the analysis
 * page when opts->report_page. Fonts are loaded once for all pages.
 */
bool jmap_render_book(const jmap_journey *j, const jmap_render_opts *opts,
                           const jmap_render_page *pages, size_t n_pages, GByteArray *out,
                           jmap_diags *diags);

#endif
