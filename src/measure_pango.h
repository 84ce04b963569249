/*
 * measure_pango.h — the real text measurer, shared with the renderer so that
 * a text is laid out by the very same PangoContext (same font map, same fixed
 * font options) when it is measured and when it is drawn: measuring == drawing
 * on every machine.
 */
#ifndef JMAP_MEASURE_PANGO_H
#define JMAP_MEASURE_PANGO_H

#include "measure.h"
#include "scene.h"
#include <cairo.h>
#include <pango/pangocairo.h>

typedef struct jmap_pango jmap_pango;

/* Starts fontconfig's initialisation on Pango's thread and returns at once
 * (see jmap_render_warm_up). */
void jmap_pango_warm_up(void);
/* family: the theme's font or NULL ("Noto Sans", then "DejaVu Sans");
 * lang: "fr" or "en", the Pango language (line breaking, shaping).
 * Returns at once: fontconfig loads its configuration on a thread of
 * Pango's, and the first font needed waits for it. */
jmap_pango *jmap_pango_new(const char *family, const char *lang);
void jmap_pango_free(jmap_pango *p); /* accepts NULL */
/* Starts loading these fonts in the background (fontconfig matches and
 * sorts them on Pango's threads), so that each is ready when a text first
 * needs it. Optional: a font not prefetched loads on first use. */
void jmap_pango_prefetch(jmap_pango *p, const jmap_font *const *fonts, size_t n);
/* Fills `m` so that layout measures through this context. */
void jmap_pango_measurer(jmap_pango *p, jmap_measurer *m);
/* A layout for a scene text, exactly as it was measured (caller unrefs).
 * It is shaped at the body size: draw it scaled by jmap_pango_scale(). */
PangoLayout *jmap_pango_layout(jmap_pango *p, const char *text, const jmap_font *font,
                               double wrap, jmap_align align);
/* One line of a scene text as drawn: its bytes in the text, where its
 * logical box starts (x, from the item's x) and its baseline (from the
 * item's y), its width, all in points at the item's size. */
typedef struct jmap_text_line {
    size_t start, len;
    double x, baseline, width;
    bool rtl;    /* the line's resolved direction is right-to-left */
    bool hyphen; /* Pango ends the line with a hyphen of its own (a word
                  * broken at the wrap width); not in the text's bytes */
} jmap_text_line;
/* The lines of a TEXT item exactly where the cairo renderer draws them;
 * g_malloc'd (caller g_frees), *n set. A text with no line gives NULL. */
jmap_text_line *jmap_pango_item_lines(jmap_pango *p, const jmap_scene_item *it, size_t *n);
/* A font file the texts of a scene are drawn with, and the characters
 * drawn with it. */
typedef struct jmap_font_use {
    char *file;    /* as fontconfig names it */
    int index;     /* of the face in the file (a collection holds several) */
    char *family;  /* the face's family name */
    int weight;    /* CSS weight, 100..1000 */
    bool italic;   /* an italic or oblique face */
    gunichar *cps; /* sorted, each once; only characters that show */
    size_t n_cps;
} jmap_font_use;
/* The fonts of the TEXT items of s, in the order the scene first uses them
 * (the same on every run); a hyphen Pango adds at a line's end counts as
 * '-' in the font of the line's last run. g_malloc'd, *n set; free with
 * jmap_pango_font_uses_free. */
jmap_font_use *jmap_pango_scene_fonts(jmap_pango *p, const jmap_scene *s, size_t *n);
void jmap_pango_font_uses_free(jmap_font_use *u, size_t n);
/* The font family list texts are set in ("Noto Sans" or the theme's font
 * as resolved), owned by p. */
const char *jmap_pango_families(jmap_pango *p);
/* How much a layout of `font` is to be scaled: font->size / JMAP_BODY_SIZE. */
double jmap_pango_scale(const jmap_font *font);
/* The image at path, loaded once (owned by p), or NULL when it cannot be
 * read. Only a regular PNG file within the limits of imagefile.h is
 * decoded (checked here again, before decoding), and all the images of the
 * context together within theirs. */
cairo_surface_t *jmap_pango_image(jmap_pango *p, const char *path);
/* Why jmap_pango_image refused the image at path (a sentence owned by p),
 * or NULL: not asked yet, decoded, or refused by the PNG decoder itself. */
const char *jmap_pango_image_problem(jmap_pango *p, const char *path);
/* The theme's font when fontconfig has no font of that family (the text is
 * set in jmap_pango_families() instead), or NULL: no theme font, installed,
 * or no text set yet. Owned by p. */
const char *jmap_pango_theme_font_missing(const jmap_pango *p);
/* Scripts that some text needed and no installed font has, once each:
 * "Han\tfonts-noto-cjk". Owned by p. */
const GPtrArray *jmap_pango_missing(const jmap_pango *p);

#endif
