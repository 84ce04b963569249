/*
 * layout_int.h — what the map's layout (layout.c) and the analysis page's
 * (layout_report.c) share inside the library: the grid, the type, the
 * palette a theme resolves to, and the helpers that add measured text,
 * rectangles and the footer to a scene.
 */
#ifndef JMAP_LAYOUT_INT_H
#define JMAP_LAYOUT_INT_H

#include "layout.h"

#define U 4.0 /* grid unit */
#define MARGIN 32.0

/* The three type sizes and two weights (visual.md: one family). */
static const jmap_font F_TITLE = {20.0, true, false};
static const jmap_font F_HEAD = {11.0, true, false};
static const jmap_font F_BODY = {JMAP_BODY_SIZE, false, false};
static const jmap_font F_BOLD = {JMAP_BODY_SIZE, true, false};
static const jmap_font F_ITAL = {JMAP_BODY_SIZE, false, true};

#define C_INK 0x1F2933u
#define C_MUTED 0x52606Du
#define C_RULE 0xD9E2ECu
#define C_FAINT 0xEEF2F6u
#define C_POS 0x2E7D32u
#define C_ATT 0xF9A825u
#define C_NEG 0xC62828u
#define C_PRIMARY 0x1F3A5Fu

/* A journey's colours: its theme's, else the defaults above. */
typedef struct jmap_palette {
    uint32_t primary, pos, att, neg, ink, muted, bg;
} jmap_palette;

void jmap_lay_palette(const jmap_journey *j, jmap_palette *p);

/* v rounded up to the grid. */
double jmap_lay_snap(double v);
/* a blended with b: t = 0 is a, 1 is b. */
uint32_t jmap_lay_mix(uint32_t a, uint32_t b, double t);
/* A darker tone of a colour for text on white (amber fails WCAG AA as text). */
uint32_t jmap_lay_text_tone(uint32_t c);
/* The WCAG 2 contrast ratio of two colours, 1 to 21. */
double jmap_lay_contrast(uint32_t a, uint32_t b);
/* c, darkened (or lightened, on a dark background) just enough to read as
 * text on bg: a contrast of at least 4.5:1 (WCAG AA). */
uint32_t jmap_lay_readable(uint32_t c, uint32_t bg);
/* NULL, empty or only white space. */
bool jmap_lay_blank(const char *s);
/* A number as a map prints it: no trailing zeros, a decimal comma in French. */
const char *jmap_lay_number(jmap_scene *s, double v, bool fr);
/* A KPI's value or target with its unit, as the map prints it. */
const char *jmap_lay_kpi_value(jmap_scene *s, const jmap_kpi_value *v, const char *unit,
                               bool fr);

/* The size of a text through the measurer. */
jmap_text_size jmap_lay_measure(const jmap_measurer *m, const char *text, const jmap_font *f,
                                double wrap);

/*
 * Adds a measured text item. For LEFT alignment the box starts at x; for
 * CENTER and RIGHT, [x, x + wrap] is the box the lines are aligned in. A
 * short text must not end on a lone word: a slightly narrower wrap is tried
 * first. The pointer is valid until the next item is added.
 */
jmap_scene_item *jmap_lay_text(jmap_scene *s, const jmap_measurer *m, int lane, const char *role,
                               const char *text, const jmap_font *f, double x, double y,
                               double wrap, uint32_t color, jmap_align al);

jmap_scene_item *jmap_lay_rect(jmap_scene *s, jmap_layer layer, int lane, const char *role,
                               double x, double y, double w, double h, double radius,
                               uint32_t fill, uint32_t stroke);

/* The footer at y between left and right: provenance (jmap's version and
 * the input's name) on the right, authorship on the left. Returns its
 * height. */
double jmap_lay_footer(jmap_scene *s, const jmap_measurer *m, const jmap_journey *j,
                       const char *input_name, const jmap_palette *p, double left, double right,
                       double y);

#endif
