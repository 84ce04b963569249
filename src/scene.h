/*
 * scene.h — the map as plain data: what to draw and where, in points with y
 * pointing down. Layout produces it, the cairo renderer draws it, tests read
 * it. Nothing here knows about fonts, cairo or YAML.
 *
 * The text dump (jmap_scene_dump) is the golden-test format: one item per
 * line, numbers rounded to 0.1 pt, lines sorted, so it is stable across runs.
 * `jmap build -f scene` measures text with the fake measurer (measure.h), so
 * the dump does not depend on the fonts installed on the machine.
 */
#ifndef JMAP_SCENE_H
#define JMAP_SCENE_H

#include "jmap.h"
#include "measure.h"
#include <glib.h>

typedef enum {
    JMAP_SI_RECT,      /* rounded rectangle: fill and/or stroke */
    JMAP_SI_LINE,      /* x,y -> x2,y2 */
    JMAP_SI_PATH,      /* cubic Bézier path: pts = p0, then (c1, c2, p) triples */
    JMAP_SI_MARKER,    /* a point of a curve, centred on (x + w/2, y + h/2) */
    JMAP_SI_TEXT,      /* a Pango layout; x,y,w,h is its measured box */
    JMAP_SI_ICON,      /* a built-in icon in a w x w box */
    JMAP_SI_LANE_ICON, /* the small icon of a lane label */
    JMAP_SI_FACE,      /* happy / neutral / sad face */
    JMAP_SI_IMAGE,     /* a PNG file scaled into the box (clipped to a circle if r < 0) */
    JMAP_SI_LINK,      /* a clickable area (PDF) */
    JMAP_SI_ARROW      /* polyline (pts, x/y pairs) ending in an arrow head */
} jmap_scene_kind;

/* Layers: items of one tested layer never overlap each other. */
typedef enum {
    JMAP_LAYER_NONE, /* backgrounds, rules, chips, bars: not tested */
    JMAP_LAYER_CARD,
    JMAP_LAYER_TEXT,
    JMAP_LAYER_MARK
} jmap_layer;

typedef enum { JMAP_MARK_CIRCLE, JMAP_MARK_DIAMOND, JMAP_MARK_TRIANGLE, JMAP_MARK_STAR } jmap_mark;
typedef enum { JMAP_ALIGN_LEFT, JMAP_ALIGN_CENTER, JMAP_ALIGN_RIGHT } jmap_align;

#define JMAP_NO_COLOR 0xFF000000u /* an rgb field that is not drawn */

typedef struct jmap_scene_item {
    jmap_scene_kind kind;
    jmap_layer layer;
    int lane;          /* the jmap_lane it belongs to, -1 for none */
    const char *role;  /* what it is ("tp-card", "pain-text"...), for dumps and tests */
    double x, y, w, h; /* bounding box */
    double x2, y2;     /* LINE end */
    double radius;     /* RECT corner radius; IMAGE < 0: circle clip */
    uint32_t fill, stroke; /* 0xRRGGBB or JMAP_NO_COLOR */
    double alpha;      /* fill opacity (a PATH's stroke opacity), 1 = opaque */
    double line_width;
    bool dashed; /* the plain dash of rules and target curves */
    int dash;    /* PATH, LINE, MARKER outline: a persona's pattern (jmap_dash_pattern), 0 = solid */
    bool hatched; /* RECT: fine diagonal lines in the stroke colour over the fill */
    /* TEXT */
    const char *text;
    jmap_font font;
    double wrap; /* Pango width, 0 = none */
    /* Where the box (x, w) sits in [x, x + wrap] for CENTER and RIGHT; lines
     * inside the box follow `align`, except right-to-left texts (`rtl`),
     * whose lines are set flush right unless centred. */
    jmap_align align;
    bool rtl; /* TEXT: its first strong character is right-to-left */
    /* MARKER / ICON / LANE_ICON / FACE */
    int shape; /* jmap_mark, jmap_icon, jmap_lane, or mood -1/0/1 */
    bool hollow;
    /* PATH / ARROW */
    double *pts;
    size_t n_pts; /* number of points (x,y pairs) */
    /* IMAGE path, LINK uri */
    const char *path;
    jmap_span span; /* IMAGE: where the path was written */
    /* What the item shows, for writers that let a reader pick (HTML, SVG
     * ids): indexes into the journey's touchpoints, personas and stages,
     * -1 for none. Not part of the dump. */
    int tp, persona, stage;
} jmap_scene_item;

typedef struct jmap_scene_lane {
    jmap_lane lane;
    double y0, y1;
} jmap_scene_lane;

typedef struct jmap_scene {
    jmap_arena *arena; /* strings and point arrays */
    GArray *items;     /* jmap_scene_item, in drawing order */
    double width, height;
    double gutter;     /* right edge of the lane-label gutter */
    double grid_top, grid_bottom; /* phase bands/headers top .. last lane bottom */
    jmap_scene_lane lanes[JMAP_LANE_ALL];
    size_t n_lanes;
    /* Stage boundaries where a too-wide PDF may be split: breaks[0] = gutter,
     * breaks[k] = right edge of stage k-1. */
    double *breaks;
    size_t n_breaks;
    /* Document metadata for the renderer */
    const char *title, *author, *subject, *locale, *font_family;
    uint32_t background;
    /* Laid out for a sheet (jmap_layout_pages): drawn scaled by page_scale,
     * centred on a page_w x page_h page. 0: the map's natural size. */
    double page_scale, page_w, page_h;
    /* What the items added from now on show (jmap_scene_add copies them
     * into tp, persona and stage): layout sets them around a touchpoint's,
     * a persona's or a stage's items and back to -1 after. */
    int own_tp, own_persona, own_stage;
} jmap_scene;

/* The dash patterns that tell personas' lines apart without colour: 0 is
 * solid, then long dash, dash-dot, dotted, dash-dot-dot, long-short,
 * dash-dash-dot; an index beyond wraps round (0 stays the only solid). */
#define JMAP_DASH_COUNT 7
/* The pattern of index `dash` for a line `width` wide drawn with round caps:
 * on/off lengths into out (at most 8); returns their number, 0 for solid. */
size_t jmap_dash_pattern(int dash, double width, double out[8]);

jmap_scene *jmap_scene_new(void);
void jmap_scene_free(jmap_scene *s); /* accepts NULL */
/* Appends a zeroed item (colours set to none, alpha 1, lane -1, its owners
 * the scene's own_tp, own_persona, own_stage) and returns it; the pointer is
 * valid until the next append. */
jmap_scene_item *jmap_scene_add(jmap_scene *s, jmap_scene_kind kind, jmap_layer layer,
                                int lane, const char *role);
/* Moves the last item added to position `index` of the drawing order (under
 * what was added after it). */
void jmap_scene_move_last(jmap_scene *s, size_t index);
const char *jmap_scene_strdup(jmap_scene *s, const char *text);
jmap_scene_item *jmap_scene_item_at(const jmap_scene *s, size_t i);
size_t jmap_scene_count(const jmap_scene *s);
/* Opens `dh` points of vertical space at y: what lies below moves down,
 * what spans y (a column's tint, a vertical rule) grows, and so do the
 * lanes and the page. */
void jmap_scene_insert_space(jmap_scene *s, double y, double dh);
/* The stable text dump, malloc'd, caller frees. */
char *jmap_scene_dump(const jmap_scene *s, size_t *len_out);
/* Evaluates a PATH item at parameter t in [0, n_segments]. */
void jmap_scene_path_point(const jmap_scene_item *it, double t, double *x, double *y);

#endif
