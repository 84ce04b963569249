/*
 * layout.h — from a resolved journey to a scene (scene.h): columns, lanes,
 * cards, the emotion curve and its labels, legend and footer. Text is
 * measured through a jmap_measurer only, so this module needs no fonts and
 * is tested with the fake measurer.
 */
#ifndef JMAP_LAYOUT_H
#define JMAP_LAYOUT_H

#include "analysis.h"
#include "jmap.h"
#include "measure.h"
#include "scene.h"

typedef struct jmap_layout_opts {
    const jmap_lane *lanes; /* NULL: journey->lanes or the default order */
    size_t n_lanes;
    const bool *persona_mask; /* NULL: every persona */
    const char *input_name;   /* footer; NULL: none */
    const jmap_thresholds *thresholds; /* the analysis's, from the command line; NULL: none */
    jmap_state_view state_view; /* --state: which touchpoints are drawn, and their marks */
    /* Set for each page by jmap_layout_pages; all zero for a map at its
     * natural size. */
    double fit_w;             /* > 0: the scene is this wide, its columns
                                 stretched or narrowed (down to a readable
                                 minimum) to fill it */
    double col_min;           /* > 0: the narrowest a fitted column may get */
    bool persona_key;         /* personas as a one-line key, not cards */
    bool summary;             /* cards without evidence, owner and status (a slide) */
    bool brief_header;        /* the title and subtitle, without description and scenario */
    bool overview;            /* stage names and curves only, the columns as
                                 narrow as needed, no labels on the curve */
    const char *page_label;   /* beside the title: "page 2/7 · stages 4–6" */
    const char *const *notes; /* lines of a "top findings" box above the legend */
    size_t n_notes;
} jmap_layout_opts;

/* Builds the scene (caller frees with jmap_scene_free). Problems that do not
 * stop the map (nothing so far) go to `diags`, which may be NULL. */
jmap_scene *jmap_layout_build(const jmap_journey *j, const jmap_layout_opts *opts,
                              const jmap_measurer *m, jmap_diags *diags);

/*
 * The map laid out for a sheet of page_w x page_h points (landscape), of
 * which `margin` on every side stays blank: its columns, wrapping and lane
 * heights are chosen for the sheet, and the scene is drawn scaled by its
 * page_scale, never below JMAP_MIN_PRINT_SIZE / JMAP_BODY_SIZE. A map that
 * cannot fit one sheet at that size continues on further sheets, split
 * between stages (or between touchpoints of a stage wider than a sheet), after
 * an overview page. page_h <= 0: sheets as tall as their map and drawn at
 * scale 1 (a PDF at its natural size split at page_w). Returns the scenes
 * (caller frees each with jmap_scene_free, then the array with g_free) and
 * sets *n_out.
 */
jmap_scene **jmap_layout_pages(const jmap_journey *j, const jmap_layout_opts *opts,
                               const jmap_measurer *m, jmap_diags *diags, double page_w,
                               double page_h, double margin, size_t *n_out);

/* The lanes in the order the map draws them: the options', else the
 * journey's, else the default order. Returns how many (at most
 * JMAP_LANE_COUNT). */
size_t jmap_layout_lane_order(const jmap_journey *j, const jmap_layout_opts *o, jmap_lane *out);

/* The analysis page that can end a PDF: key figures, the opportunities on
 * an impact x effort matrix, and the findings of `a` (computed for the same
 * personas). Uses only opts->input_name (the footer); opts may be NULL. */
jmap_scene *jmap_layout_report(const jmap_journey *j, const jmap_analysis *a,
                               const jmap_layout_opts *opts, const jmap_measurer *m);

/* The fonts a map's texts use, the one of the first text measured first:
 * a measurer may load them all before layout starts (see
 * jmap_pango_prefetch). Returns how many; *fonts points to static data. */
size_t jmap_layout_fonts(const jmap_font *const **fonts);

/* The name a map shows for a channel: its own name, else the built-in
 * channel's name in the journey's language, else its id. */
const char *jmap_layout_channel_name(const jmap_channel *ch, jmap_locale locale);

/* The words a map uses, for writers that show the same things as text:
 * a lane's label (a jmap_lane), a pain's severity ("High"), an impact or
 * effort ("high"), an opportunity's status, a phase's band. "" when the
 * value has no word. */
typedef enum {
    JMAP_WORD_LANE,
    JMAP_WORD_SEVERITY,
    JMAP_WORD_LEVEL,
    JMAP_WORD_STATUS,
    JMAP_WORD_PHASE
} jmap_layout_word_kind;
const char *jmap_layout_word(jmap_layout_word_kind kind, int value, jmap_locale locale);

/* French typography: a narrow no-break space (U+202F) binds ? ! : ; » to
 * the previous word and « to the next; a straight apostrophe becomes the
 * typographic one (’), except in URLs, e-mail addresses and paths; a word
 * joiner (U+2060) after the hyphen of an inversion ("change-t-il",
 * "dit-elle") keeps it on the verb's line. Returns a string in the scene's
 * arena. */
const char *jmap_layout_french_spacing(jmap_scene *s, const char *text);

/* The text's first strong character is right-to-left (Arabic, Hebrew...):
 * the paragraph direction Pango gives it. */
bool jmap_layout_text_rtl(const char *text);

/* Fritsch–Carlson monotone tangents for points (xs strictly increasing):
 * fills m[n]. The resulting cubic Hermite curve never leaves the range of
 * two neighbouring points. */
void jmap_layout_monotone_tangents(const double *xs, const double *ys, size_t n, double *m);

#endif
