/*
 * svg.c — jmap's own SVG writer: one sheet of a map as a small SVG whose
 * text is text. It walks the scene as cairo.c draws it, item for item, and
 * writes what cairo would paint:
 *
 * - each TEXT item is a <text>, one <tspan> per line where Pango set it
 *   (jmap_pango_item_lines), in the family Pango resolved, so the words are
 *   real characters a reader can search, copy and have read out;
 * - shapes are <rect>, <line>, <circle> and <path> with cairo.c's geometry,
 *   colours, opacities, line widths, caps and dash patterns;
 * - the built-in icons are <symbol>s defined once (their paths come from
 *   icons.c through a sink) and placed with <use>; each image is one PNG,
 *   re-encoded from the decoded pixels, defined once;
 * - links are <a> over their area; the journey's title and description
 *   label the picture for assistive technologies.
 *
 * Every id and class starts with the caller's prefix, so several maps can
 * share one HTML page. Every journey text is escaped, and characters XML
 * 1.0 does not allow are left out, so the file is well-formed whatever the
 * journey holds. Numbers are written with at most two decimals by
 * numfmt.h (locale-independent), nothing comes from a hash table's order:
 * the same journey gives the same bytes.
 */
#include "render/backend.h"

#include "icons.h"
#include "numfmt.h"
#include "url.h"

#include <hb-subset.h>
#include <hb.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#define DEFAULT_PREFIX "jmap-"
#define TEXT_COLOR 0x1F2933u /* cairo.c's colour of a text without one */
#define ICON_GRID 24.0       /* icons are defined on icons.c's grid */

typedef struct svgw {
    const jmap_journey *j;
    jmap_pango *pg;
    const jmap_scene *s;
    jmap_diags *diags;
    GString *body; /* the drawing, in scene order */
    GString *defs; /* symbols, images, clip paths */
    GString *links;
    char *pre;           /* id and class prefix, safe in an id and in url(#...) */
    unsigned n_clips;
    GHashTable *images;  /* cairo_surface_t* -> index (table_value) */
    unsigned n_images;
    GHashTable *icons;   /* "kind shape" -> index (table_value) */
    unsigned n_icons;
    GHashTable *bad_images; /* paths reported once */
    cairo_surface_t *scratch_surf;
    cairo_t *scratch; /* where icons are "drawn" for their paths */
    GString *ink;     /* the paths of the icon being defined */
    bool ok;
} svgw;

/* ------------------------------------------------------------- writing */

/* A number with at most `prec` decimals, trailing zeros dropped, "-0" as
 * "0"; the same characters whatever the locale. */
static void num_p(GString *g, double v, int prec)
{
    if (!isfinite(v))
        v = 0;
    char buf[64];
    int n = jmap_format_fixed(buf, sizeof buf, v, prec);
    if (n < 0 || n >= (int)sizeof buf) {
        g_ascii_formatd(buf, sizeof buf, "%.0f", v);
        n = (int)strlen(buf);
    }
    if (memchr(buf, '.', (size_t)n)) {
        while (n > 0 && buf[n - 1] == '0')
            n--;
        if (n > 0 && buf[n - 1] == '.')
            n--;
    }
    buf[n] = 0;
    if (strcmp(buf, "-0") == 0 || n == 0)
        g_string_append_c(g, '0');
    else
        g_string_append_len(g, buf, n);
}

static void num(GString *g, double v)
{
    num_p(g, v, 2);
}

/* ` name="v"` */
static void attr_num(GString *g, const char *name, double v)
{
    g_string_append_printf(g, " %s=\"", name);
    num(g, v);
    g_string_append_c(g, '"');
}

static void color(GString *g, uint32_t c)
{
    g_string_append_printf(g, "#%06x", (unsigned)(c & 0xFFFFFF));
}

static void attr_color(GString *g, const char *name, uint32_t c)
{
    g_string_append_printf(g, " %s=\"", name);
    color(g, c);
    g_string_append_c(g, '"');
}

/* A character XML 1.0 allows, less the C1 controls (allowed, but they show
 * nothing and no reader wants them). */
static bool xml_char(gunichar c)
{
    if (c < 0x20)
        return c == '\t' || c == '\n' || c == '\r';
    if (c >= 0x7F && c <= 0x9F)
        return false;
    if (c >= 0xD800 && c <= 0xDFFF)
        return false;
    return c != 0xFFFE && c != 0xFFFF && c <= 0x10FFFF;
}

/*
 * Appends len bytes of text, escaped for XML: & < > " ' as entities, every
 * character XML does not allow (and any byte that is not UTF-8) left out.
 * In an attribute, tab, newline and carriage return become character
 * references (a parser would turn them into spaces); in text they are
 * spaces (a text's lines are elements of their own, without their line
 * breaks: only a title or a description keeps one, as a space).
 */
static void esc_len(GString *g, const char *t, size_t len, bool attr)
{
    const char *p = t, *end = t + len;
    while (p < end) {
        unsigned char b = (unsigned char)*p;
        if (b < 0x80) {
            p++;
            switch (b) {
            case '&': g_string_append(g, "&amp;"); break;
            case '<': g_string_append(g, "&lt;"); break;
            case '>': g_string_append(g, "&gt;"); break;
            case '"': g_string_append(g, "&quot;"); break;
            case '\'': g_string_append(g, "&apos;"); break;
            case '\t': g_string_append(g, attr ? "&#9;" : " "); break;
            case '\n': g_string_append(g, attr ? "&#10;" : " "); break;
            case '\r': g_string_append(g, attr ? "&#13;" : " "); break;
            default:
                if (b >= 0x20 && b != 0x7F)
                    g_string_append_c(g, (char)b);
                break;
            }
            continue;
        }
        gunichar c = g_utf8_get_char_validated(p, end - p);
        if (c == (gunichar)-1 || c == (gunichar)-2) {
            p++; /* not UTF-8: the byte is dropped */
            continue;
        }
        const char *next = g_utf8_next_char(p);
        if (xml_char(c))
            g_string_append_len(g, p, next - p);
        p = next;
    }
}

static void esc(GString *g, const char *t, bool attr)
{
    if (t)
        esc_len(g, t, strlen(t), attr);
}

/* ` name="escaped value"` */
static void attr_str(GString *g, const char *name, const char *v)
{
    g_string_append_printf(g, " %s=\"", name);
    esc(g, v, true);
    g_string_append_c(g, '"');
}

/* The prefix as it may start an id and sit in url(#...) and a CSS class:
 * letters, digits, - and _; anything else becomes _, and one that does
 * not start with a letter or _ gets a _ in front. */
static char *safe_prefix(const char *p)
{
    if (!p)
        p = DEFAULT_PREFIX;
    GString *g = g_string_new(NULL);
    if (!g_ascii_isalpha(*p) && *p != '_')
        g_string_append_c(g, '_');
    for (; *p; p++)
        g_string_append_c(g, g_ascii_isalnum(*p) || *p == '-' || *p == '_' ? *p : '_');
    return g_string_free(g, FALSE);
}

/* A CSS string in single quotes: a quote, a backslash, markup characters
 * and control characters as CSS escapes, so that neither CSS nor XML sees
 * anything but a string. */
static void css_string(GString *g, const char *s)
{
    g_string_append_c(g, '\'');
    for (const char *p = s; *p;) {
        gunichar c = g_utf8_get_char_validated(p, -1);
        if (c == (gunichar)-1 || c == (gunichar)-2) {
            p++;
            continue;
        }
        const char *next = g_utf8_next_char(p);
        if (c < 0x20 || c == 0x7F || c == '\'' || c == '\\' || c == '<' || c == '>' || c == '&' ||
            c == '"')
            g_string_append_printf(g, "\\%x ", (unsigned)c);
        else if (xml_char(c))
            g_string_append_len(g, p, next - p);
        p = next;
    }
    g_string_append_c(g, '\'');
}

/* The data attributes of a scene item, for pages that pick by touchpoint,
 * persona, stage or lane. */
static void item_data(svgw *w, GString *g, const jmap_scene_item *it)
{
    const jmap_journey *j = w->j;
    if (it->role && *it->role)
        attr_str(g, "data-role", it->role);
    if (it->lane >= 0 && jmap_journey_lane_id(j, (jmap_lane)it->lane))
        attr_str(g, "data-lane", jmap_journey_lane_id(j, (jmap_lane)it->lane));
    if (j && it->tp >= 0 && (size_t)it->tp < j->n_touchpoints)
        attr_str(g, "data-tp", j->touchpoints[it->tp]->id);
    if (j && it->persona >= 0 && (size_t)it->persona < j->n_personas)
        attr_str(g, "data-persona", j->personas[it->persona]->id);
    if (j && it->stage >= 0 && (size_t)it->stage < j->n_stages)
        attr_str(g, "data-stage", j->stages[it->stage]->id);
}

/* ------------------------------------------------------------- shapes */

/* A cairo path as SVG path data. A move directly followed by another (or
 * ending the path) draws nothing and is left out. */
static void path_data(GString *g, const cairo_path_t *path)
{
    for (int i = 0; i < path->num_data; i += path->data[i].header.length) {
        const cairo_path_data_t *d = &path->data[i];
        switch (d->header.type) {
        case CAIRO_PATH_MOVE_TO: {
            int nx = i + d->header.length;
            if (nx >= path->num_data || path->data[nx].header.type == CAIRO_PATH_MOVE_TO)
                break;
            g_string_append_c(g, 'M');
            num(g, d[1].point.x);
            g_string_append_c(g, ' ');
            num(g, d[1].point.y);
            break;
        }
        case CAIRO_PATH_LINE_TO:
            g_string_append_c(g, 'L');
            num(g, d[1].point.x);
            g_string_append_c(g, ' ');
            num(g, d[1].point.y);
            break;
        case CAIRO_PATH_CURVE_TO:
            g_string_append_c(g, 'C');
            for (int k = 1; k <= 3; k++) {
                if (k > 1)
                    g_string_append_c(g, ' ');
                num(g, d[k].point.x);
                g_string_append_c(g, ' ');
                num(g, d[k].point.y);
            }
            break;
        case CAIRO_PATH_CLOSE_PATH:
            g_string_append_c(g, 'Z');
            break;
        }
    }
}

static void pt(GString *g, char cmd, double x, double y)
{
    g_string_append_c(g, cmd);
    num(g, x);
    g_string_append_c(g, ' ');
    num(g, y);
}

/* The start of an element for cairo.c's rounded(): a <rect> (rounded by
 * rx), or, for a box with no area, the path cairo strokes. */
static void open_rounded(GString *g, double x, double y, double w, double h, double r)
{
    r = fmin(r, fmin(w, h) / 2);
    if (w > 0 && h > 0) {
        g_string_append(g, "<rect");
        attr_num(g, "x", x);
        attr_num(g, "y", y);
        attr_num(g, "width", w);
        attr_num(g, "height", h);
        if (r > 0)
            attr_num(g, "rx", r);
        return;
    }
    g_string_append(g, "<path d=\"");
    pt(g, 'M', x, y);
    pt(g, 'L', x + w, y);
    pt(g, 'L', x + w, y + h);
    pt(g, 'L', x, y + h);
    g_string_append(g, "Z\"");
}

/* fill and fill-opacity as cairo.c's fill_stroke sets them. */
static void paint_fill(GString *g, uint32_t fill, double alpha)
{
    if (fill == JMAP_NO_COLOR) {
        g_string_append(g, " fill=\"none\"");
        return;
    }
    attr_color(g, "fill", fill);
    if (!(alpha >= 0)) /* NaN */
        alpha = 1;
    if (alpha < 1) {
        g_string_append(g, " fill-opacity=\"");
        num(g, alpha);
        g_string_append_c(g, '"');
    }
}

static void paint_stroke(GString *g, uint32_t stroke, double width)
{
    if (stroke == JMAP_NO_COLOR)
        return;
    attr_color(g, "stroke", stroke);
    attr_num(g, "stroke-width", width);
}

/* The dash of an item as cairo.c sets it: `plain` (3 or 2.5 pt dashes,
 * butt caps) unless a persona's pattern (round caps) replaces it; `cap`
 * is the cap otherwise. */
static void paint_dash(GString *g, const double *plain, double offset, int dash, double width,
                       bool round_cap)
{
    double d[8];
    size_t n = jmap_dash_pattern(dash, width, d);
    if (n > 0) {
        g_string_append(g, " stroke-dasharray=\"");
        for (size_t i = 0; i < n; i++) {
            if (i)
                g_string_append_c(g, ' ');
            num(g, d[i]);
        }
        g_string_append(g, "\" stroke-linecap=\"round\"");
        return;
    }
    if (plain) {
        g_string_append(g, " stroke-dasharray=\"");
        num(g, plain[0]);
        g_string_append_c(g, ' ');
        num(g, plain[1]);
        g_string_append_c(g, '"');
        if (offset != 0)
            attr_num(g, "stroke-dashoffset", offset);
    }
    if (round_cap)
        g_string_append(g, " stroke-linecap=\"round\"");
}

static void close_item(svgw *w, GString *g, const jmap_scene_item *it)
{
    item_data(w, g, it);
    g_string_append(g, "/>\n");
}

static unsigned new_clip(svgw *w)
{
    unsigned id = w->n_clips++;
    g_string_append_printf(w->defs, "<clipPath id=\"%sc%u\">", w->pre, id);
    return id;
}

static void draw_rect(svgw *w, const jmap_scene_item *it)
{
    GString *g = w->body;
    if (!it->hatched) {
        open_rounded(g, it->x, it->y, it->w, it->h, it->radius);
        paint_fill(g, it->fill, it->alpha);
        paint_stroke(g, it->stroke, it->line_width);
        if (it->dashed && it->stroke != JMAP_NO_COLOR)
            g_string_append(g, " stroke-dasharray=\"4 3\"");
        close_item(w, g, it);
        return;
    }
    /* cairo.c's draw_hatch: the fill, then 45° lines 10 pt apart in the
     * stroke colour, 0.6 pt wide, clipped to the box */
    if (it->fill != JMAP_NO_COLOR) {
        open_rounded(g, it->x, it->y, it->w, it->h, it->radius);
        paint_fill(g, it->fill, it->alpha);
        close_item(w, g, it);
    }
    if (it->stroke == JMAP_NO_COLOR || !(it->w + it->h > 8))
        return;
    unsigned c = new_clip(w);
    open_rounded(w->defs, it->x, it->y, it->w, it->h, it->radius);
    g_string_append(w->defs, "/></clipPath>\n");
    g_string_append(g, "<path d=\"");
    for (double t = 8; t < it->w + it->h; t += 10) {
        pt(g, 'M', it->x + t - it->h, it->y + it->h);
        pt(g, 'l', it->h, -it->h);
    }
    g_string_append_printf(g, "\" clip-path=\"url(#%sc%u)\" fill=\"none\"", w->pre, c);
    paint_stroke(g, it->stroke, 0.6);
    close_item(w, g, it);
}

static void draw_line(svgw *w, const jmap_scene_item *it)
{
    GString *g = w->body;
    static const double plain[2] = {3, 3};
    g_string_append(g, "<line");
    attr_num(g, "x1", it->x);
    attr_num(g, "y1", it->y);
    attr_num(g, "x2", it->x2);
    attr_num(g, "y2", it->y2);
    attr_color(g, "stroke", it->stroke);
    attr_num(g, "stroke-width", it->line_width);
    paint_dash(g, it->dashed ? plain : NULL, 0, it->dash, it->line_width, false);
    close_item(w, g, it);
}

static void draw_path(svgw *w, const jmap_scene_item *it)
{
    if (it->n_pts < 1)
        return;
    GString *g = w->body;
    g_string_append(g, "<path d=\"");
    pt(g, 'M', it->pts[0], it->pts[1]);
    for (size_t k = 1; k + 2 < it->n_pts; k += 3) {
        const double *q = it->pts + 2 * k;
        pt(g, 'C', q[0], q[1]);
        g_string_append_c(g, ' ');
        num(g, q[2]);
        g_string_append_c(g, ' ');
        num(g, q[3]);
        g_string_append_c(g, ' ');
        num(g, q[4]);
        g_string_append_c(g, ' ');
        num(g, q[5]);
    }
    g_string_append(g, "\" fill=\"none\"");
    attr_color(g, "stroke", it->stroke);
    attr_num(g, "stroke-width", it->line_width);
    /* a target line: short dashes, unlike any persona's pattern, butt caps;
     * any other curve has round caps */
    static const double plain[2] = {2.5, 2.5};
    paint_dash(g, it->dashed ? plain : NULL, 2.5 * (it->shape % 2), it->dash, it->line_width,
               !it->dashed);
    close_item(w, g, it);
}

static void draw_arrow(svgw *w, const jmap_scene_item *it)
{
    if (it->n_pts < 2)
        return;
    GString *g = w->body;
    g_string_append(g, "<g");
    item_data(w, g, it);
    g_string_append(g, "><path d=\"");
    for (size_t k = 0; k < it->n_pts; k++)
        pt(g, k ? 'L' : 'M', it->pts[2 * k], it->pts[2 * k + 1]);
    g_string_append(g, "\" fill=\"none\"");
    attr_color(g, "stroke", it->stroke);
    attr_num(g, "stroke-width", it->line_width);
    g_string_append(g, "/><path d=\"");
    /* the head, along the last segment */
    double x1 = it->pts[2 * (it->n_pts - 1)], y1 = it->pts[2 * (it->n_pts - 1) + 1];
    double x0 = it->pts[2 * (it->n_pts - 2)], y0 = it->pts[2 * (it->n_pts - 2) + 1];
    double a = atan2(y1 - y0, x1 - x0), L = 6;
    pt(g, 'M', x1, y1);
    pt(g, 'L', x1 - L * cos(a - 0.45), y1 - L * sin(a - 0.45));
    pt(g, 'L', x1 - L * cos(a + 0.45), y1 - L * sin(a + 0.45));
    g_string_append(g, "Z\"");
    attr_color(g, "fill", it->stroke);
    g_string_append(g, "/></g>\n");
}

static void draw_marker(svgw *w, const jmap_scene_item *it)
{
    GString *g = w->body;
    double cx = it->x + it->w / 2, cy = it->y + it->h / 2, r = it->w / 2;
    switch ((jmap_mark)it->shape) {
    case JMAP_MARK_DIAMOND:
        r *= 1.15;
        g_string_append(g, "<path d=\"");
        pt(g, 'M', cx, cy - r);
        pt(g, 'L', cx + r, cy);
        pt(g, 'L', cx, cy + r);
        pt(g, 'L', cx - r, cy);
        g_string_append(g, "Z\"");
        break;
    case JMAP_MARK_TRIANGLE:
        r *= 1.15;
        g_string_append(g, "<path d=\"");
        pt(g, 'M', cx - r, cy - r * 0.7);
        pt(g, 'L', cx + r, cy - r * 0.7);
        pt(g, 'L', cx, cy + r);
        g_string_append(g, "Z\"");
        break;
    case JMAP_MARK_STAR:
        g_string_append(g, "<path d=\"");
        for (int k = 0; k < 10; k++) {
            double an = -M_PI / 2 + k * M_PI / 5;
            double rr = (k % 2) ? r * 0.45 : r;
            pt(g, k ? 'L' : 'M', cx + rr * cos(an), cy + rr * sin(an));
        }
        g_string_append(g, "Z\"");
        break;
    default:
        if (!(r > 0))
            return;
        g_string_append(g, "<circle");
        attr_num(g, "cx", cx);
        attr_num(g, "cy", cy);
        attr_num(g, "r", r);
        break;
    }
    paint_fill(g, it->fill, it->alpha);
    paint_stroke(g, it->stroke, it->line_width);
    /* a persona's marker outline repeats its line's pattern, finer */
    if (it->stroke != JMAP_NO_COLOR)
        paint_dash(g, NULL, 0, it->dash, it->line_width * 0.6, false);
    close_item(w, g, it);
}

/* ------------------------------------------------------------- icons */

/* The symbol tables hold index + 1, or -1 for "nothing to define": never
 * NULL, which a lookup returns for "not seen yet". */
static gpointer table_value(int idx)
{
    return GINT_TO_POINTER(idx >= 0 ? idx + 1 : -1);
}

static int table_index(gpointer v)
{
    int k = GPOINTER_TO_INT(v);
    return k > 0 ? k - 1 : -1;
}

static void icon_ink(void *ud, const cairo_path_t *path, bool fill, double width)
{
    svgw *w = ud;
    GString *g = w->ink;
    size_t before = g->len;
    g_string_append(g, "<path d=\"");
    size_t start = g->len;
    path_data(g, path);
    if (g->len == start) {
        g_string_truncate(g, before);
        return;
    }
    if (fill) {
        g_string_append(g, "\" fill=\"currentColor\"/>");
    } else {
        g_string_append(g, "\" fill=\"none\" stroke=\"currentColor\"");
        attr_num(g, "stroke-width", width);
        g_string_append(g, " stroke-linecap=\"round\" stroke-linejoin=\"round\"/>");
    }
}

/* The index of the symbol of an icon (defined on first use), or -1 when
 * it draws nothing. */
static int icon_symbol(svgw *w, jmap_scene_kind kind, int shape)
{
    char key[32];
    snprintf(key, sizeof key, "%d %d", (int)kind, shape);
    gpointer v = g_hash_table_lookup(w->icons, key);
    if (v)
        return table_index(v);
    if (!w->scratch) {
        w->scratch_surf = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1);
        w->scratch = cairo_create(w->scratch_surf);
        w->ink = g_string_new(NULL);
    }
    jmap_icon_sink sink = {icon_ink, w};
    jmap_icon_set_sink(w->scratch, &sink);
    g_string_truncate(w->ink, 0);
    switch (kind) {
    case JMAP_SI_ICON: jmap_icon_draw(w->scratch, (jmap_icon)shape, 0, 0, ICON_GRID, 0); break;
    case JMAP_SI_LANE_ICON:
        jmap_lane_icon_draw(w->scratch, (jmap_lane)shape, 0, 0, ICON_GRID, 0);
        break;
    default: jmap_face_draw(w->scratch, shape, 0, 0, ICON_GRID, 0); break;
    }
    jmap_icon_set_sink(w->scratch, NULL);
    int idx = -1;
    if (w->ink->len) {
        idx = (int)w->n_icons++;
        g_string_append_printf(w->defs,
                               "<symbol id=\"%si%d\" viewBox=\"0 0 24 24\" overflow=\"visible\">%s"
                               "</symbol>\n",
                               w->pre, idx, w->ink->str);
    }
    g_hash_table_insert(w->icons, g_strdup(key), table_value(idx));
    return idx;
}

static void draw_icon(svgw *w, const jmap_scene_item *it)
{
    if (!isfinite(it->x) || !isfinite(it->y) || !(it->w > 0) || !isfinite(it->w))
        return;
    int idx = icon_symbol(w, it->kind, it->shape);
    if (idx < 0)
        return;
    GString *g = w->body;
    g_string_append_printf(g, "<use href=\"#%si%d\"", w->pre, idx);
    attr_num(g, "x", it->x);
    attr_num(g, "y", it->y);
    attr_num(g, "width", it->w);
    attr_num(g, "height", it->w);
    attr_color(g, "color", it->stroke);
    close_item(w, g, it);
}

/* ------------------------------------------------------------- images */

static cairo_status_t png_bytes(void *closure, const unsigned char *data, unsigned int len)
{
    g_byte_array_append(closure, data, len);
    return CAIRO_STATUS_SUCCESS;
}

/* The index of the symbol of a decoded image (defined on first use): the
 * pixels as a PNG, covering the box it is used in, centred (cairo.c's
 * "cover"); -1 when it cannot be encoded. */
static int image_symbol(svgw *w, cairo_surface_t *img)
{
    gpointer v = g_hash_table_lookup(w->images, img);
    if (v)
        return table_index(v);
    GByteArray *png = g_byte_array_new();
    cairo_status_t st = cairo_surface_write_to_png_stream(img, png_bytes, png);
    int idx = -1;
    if (st == CAIRO_STATUS_SUCCESS) {
        idx = (int)w->n_images++;
        int iw = cairo_image_surface_get_width(img), ih = cairo_image_surface_get_height(img);
        gchar *b64 = g_base64_encode(png->data, png->len);
        g_string_append_printf(w->defs,
                               "<symbol id=\"%sm%d\" viewBox=\"0 0 %d %d\" "
                               "preserveAspectRatio=\"xMidYMid slice\"><image width=\"%d\" "
                               "height=\"%d\" href=\"data:image/png;base64,%s\"/></symbol>\n",
                               w->pre, idx, iw, ih, iw, ih, b64);
        g_free(b64);
    } else {
        jmap_diag_add(w->diags, JMAP_SEV_ERROR, jmap_render_no_span(),
                      "cannot encode an image of the map: %s", cairo_status_to_string(st));
        w->ok = false;
    }
    g_byte_array_free(png, TRUE);
    g_hash_table_insert(w->images, img, table_value(idx));
    return idx;
}

/* The outline cairo.c clips an image to (and strokes): a circle of the
 * box's smaller side, or the rounded box. */
static void image_outline(GString *g, const jmap_scene_item *it)
{
    if (it->radius < 0) {
        g_string_append(g, "<circle");
        attr_num(g, "cx", it->x + it->w / 2);
        attr_num(g, "cy", it->y + it->h / 2);
        attr_num(g, "r", fmax(fmin(it->w, it->h) / 2, 0));
    } else {
        open_rounded(g, it->x, it->y, it->w, it->h, it->radius);
    }
}

static void draw_image(svgw *w, const jmap_scene_item *it)
{
    cairo_surface_t *img = jmap_pango_image(w->pg, it->path);
    if (!img) {
        if (!g_hash_table_contains(w->bad_images, it->path)) {
            g_hash_table_add(w->bad_images, (gpointer)it->path);
            char qp[JMAP_QUOTE_SIZE];
            const char *why = jmap_pango_image_problem(w->pg, it->path);
            if (why)
                jmap_diag_add(w->diags, JMAP_SEV_ERROR, it->span, "%s", why);
            else
                jmap_diag_add(w->diags, JMAP_SEV_ERROR, it->span,
                              "cannot read image '%s' as a PNG", jmap_quote_into(qp, it->path));
        }
        w->ok = false;
        return;
    }
    int idx = image_symbol(w, img);
    if (idx < 0 || !(it->w > 0) || !(it->h > 0))
        return;
    GString *g = w->body;
    bool clip = it->radius != 0;
    if (clip) {
        unsigned c = new_clip(w);
        image_outline(w->defs, it);
        g_string_append(w->defs, "/></clipPath>\n");
        g_string_append_printf(g, "<g clip-path=\"url(#%sc%u)\"", w->pre, c);
        item_data(w, g, it);
        g_string_append_c(g, '>');
    }
    g_string_append_printf(g, "<use href=\"#%sm%d\"", w->pre, idx);
    attr_num(g, "x", it->x);
    attr_num(g, "y", it->y);
    attr_num(g, "width", it->w);
    attr_num(g, "height", it->h);
    if (!clip)
        item_data(w, g, it);
    g_string_append(g, "/>");
    if (clip)
        g_string_append(g, "</g>");
    g_string_append_c(g, '\n');
    if (it->stroke != JMAP_NO_COLOR) {
        image_outline(g, it);
        g_string_append(g, " fill=\"none\"");
        paint_stroke(g, it->stroke, 0.75);
        g_string_append(g, "/>\n");
    }
}

/* A link over its area, drawn last so that nothing lies over it. Only the
 * links url.h accepts (a scene may come from elsewhere), percent-encoded as
 * in a PDF. */
static void draw_link(svgw *w, const jmap_scene_item *it)
{
    if (!it->path || !jmap_url_allowed(it->path) || !(it->w > 0) || !(it->h > 0))
        return;
    char *uri = jmap_url_escape(it->path);
    GString *g = w->links;
    g_string_append(g, "<a");
    attr_str(g, "href", uri);
    g_string_append(g, " rel=\"noopener\"");
    item_data(w, g, it);
    g_string_append(g, "><rect");
    attr_num(g, "x", it->x);
    attr_num(g, "y", it->y);
    attr_num(g, "width", it->w);
    attr_num(g, "height", it->h);
    g_string_append(g, " fill=\"#fff\" fill-opacity=\"0\"/></a>\n");
    g_free(uri);
}

/* ------------------------------------------------------------- text */

/* The bytes of a line as written: without the line break characters that
 * end a paragraph, nor, on a line Pango wrapped, the one space it set to
 * no width at its end. */
static size_t line_bytes(const char *t, size_t len, bool wrapped)
{
    for (;;) {
        if (len >= 1 && (t[len - 1] == '\n' || t[len - 1] == '\r')) {
            len--;
        } else if (len >= 3 && (unsigned char)t[len - 3] == 0xE2 &&
                   (unsigned char)t[len - 2] == 0x80 &&
                   ((unsigned char)t[len - 1] == 0xA8 || (unsigned char)t[len - 1] == 0xA9)) {
            len -= 3; /* U+2028, U+2029 */
        } else {
            break;
        }
    }
    if (wrapped && len >= 1 && (t[len - 1] == ' ' || t[len - 1] == '\t'))
        len--;
    return len;
}

/* Whether a line writes anything that shows (or a hyphen). */
static bool line_shows(const char *t, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)t[i] > ' ')
            return true;
    return false;
}

/* Where a line is anchored: a centred text's lines by their middle (the
 * anchor is on the <text>), a right-to-left line (direction rtl) by its
 * start, at the right, a line set flush right by its right end, others by
 * their left end: a viewer whose font is a little wider or narrower keeps
 * each line where it belongs. */
static void line_pos(GString *g, const jmap_scene_item *it, const jmap_text_line *l)
{
    double x = it->x + l->x;
    bool end = false;
    if (it->align == JMAP_ALIGN_CENTER) {
        x += l->width / 2;
    } else if (l->rtl) {
        x += l->width;
    } else if (it->align == JMAP_ALIGN_RIGHT) {
        x += l->width;
        end = true;
    }
    attr_num(g, "x", x);
    attr_num(g, "y", it->y + l->baseline);
    if (l->rtl)
        g_string_append(g, " direction=\"rtl\" unicode-bidi=\"embed\"");
    if (end)
        g_string_append(g, " text-anchor=\"end\"");
}

static void draw_text(svgw *w, const jmap_scene_item *it)
{
    if (!it->text || !*it->text)
        return;
    size_t n = 0;
    jmap_text_line *lines = jmap_pango_item_lines(w->pg, it, &n);
    size_t shown = 0, first = 0;
    size_t *lens = g_new0(size_t, n ? n : 1);
    for (size_t i = 0; i < n; i++) {
        bool wrapped = i + 1 < n && lines[i + 1].start == lines[i].start + lines[i].len;
        lens[i] = line_bytes(it->text + lines[i].start, lines[i].len, wrapped);
        if (line_shows(it->text + lines[i].start, lens[i]) || lines[i].hyphen) {
            if (!shown)
                first = i;
            shown++;
        } else {
            lens[i] = (size_t)-1;
        }
    }
    if (!shown) {
        g_free(lens);
        g_free(lines);
        return;
    }
    GString *g = w->body;
    g_string_append_printf(g, "<text class=\"%st", w->pre);
    if (it->font.bold)
        g_string_append_printf(g, " %sb", w->pre);
    if (it->font.italic)
        g_string_append_printf(g, " %si", w->pre);
    g_string_append_c(g, '"');
    g_string_append(g, " font-size=\"");
    num_p(g, it->font.size, 3);
    g_string_append_c(g, '"');
    uint32_t fill = it->fill == JMAP_NO_COLOR ? TEXT_COLOR : it->fill & 0xFFFFFF;
    if (fill != TEXT_COLOR)
        attr_color(g, "fill", fill);
    if (it->align == JMAP_ALIGN_CENTER)
        g_string_append(g, " text-anchor=\"middle\"");
    if (shown == 1)
        line_pos(g, it, &lines[first]);
    item_data(w, g, it);
    g_string_append_c(g, '>');
    for (size_t i = 0; i < n; i++) {
        if (lens[i] == (size_t)-1)
            continue;
        if (shown > 1) {
            g_string_append(g, "<tspan");
            line_pos(g, it, &lines[i]);
            g_string_append_c(g, '>');
        }
        esc_len(g, it->text + lines[i].start, lens[i], false);
        if (lines[i].hyphen)
            g_string_append_c(g, '-');
        if (shown > 1)
            g_string_append(g, "</tspan>");
    }
    g_string_append(g, "</text>\n");
    g_free(lens);
    g_free(lines);
}

/* ------------------------------------------------------------- fonts */

/* The font's data subset to the characters cps, or NULL. */
static hb_blob_t *subset_font(const jmap_font_use *u)
{
    hb_blob_t *blob = hb_blob_create_from_file_or_fail(u->file);
    if (!blob)
        return NULL;
    hb_face_t *face = hb_face_create(blob, (unsigned)u->index);
    hb_blob_destroy(blob);
    hb_subset_input_t *in = hb_subset_input_create_or_fail();
    hb_blob_t *out = NULL;
    if (in) {
        hb_set_t *cps = hb_subset_input_unicode_set(in);
        for (size_t i = 0; i < u->n_cps; i++)
            hb_set_add(cps, u->cps[i]);
        hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING);
        hb_face_t *sub = hb_subset_or_fail(face, in);
        if (sub) {
            out = hb_face_reference_blob(sub);
            hb_face_destroy(sub);
        }
        hb_subset_input_destroy(in);
    }
    hb_face_destroy(face);
    if (out && hb_blob_get_length(out) == 0) {
        hb_blob_destroy(out);
        out = NULL;
    }
    return out;
}

/*
 * With --embed-fonts: an @font-face rule per font file the texts use,
 * subset to the characters they show, as a data: URI in `css`; the fonts of
 * one family share a name (prefix, "f", an index), told apart by weight and
 * style, and those names go to `families`, first in the font list.
 */
static void embed_fonts(svgw *w, GString *css, GString *families)
{
    size_t n = 0;
    jmap_font_use *u = jmap_pango_scene_fonts(w->pg, w->s, &n);
    GPtrArray *names = g_ptr_array_new(); /* family of index i */
    for (size_t i = 0; i < n; i++) {
        if (!u[i].n_cps)
            continue;
        hb_blob_t *blob = subset_font(&u[i]);
        if (!blob) {
            char qp[JMAP_QUOTE_SIZE];
            jmap_diag_add(w->diags, JMAP_SEV_WARNING, jmap_render_no_span(),
                          "cannot embed the font '%s'; the SVG names its family instead",
                          jmap_quote_into(qp, u[i].file));
            continue;
        }
        guint fam = 0;
        while (fam < names->len && strcmp(g_ptr_array_index(names, fam), u[i].family) != 0)
            fam++;
        if (fam == names->len) {
            g_ptr_array_add(names, u[i].family);
            g_string_append_printf(families, "'%sf%u',", w->pre, fam);
        }
        unsigned len = 0;
        const char *data = hb_blob_get_data(blob, &len);
        bool otf = len >= 4 && memcmp(data, "OTTO", 4) == 0;
        gchar *b64 = g_base64_encode((const guchar *)data, len);
        g_string_append_printf(css,
                               "@font-face{font-family:'%sf%u';src:url(data:font/%s;base64,%s) "
                               "format('%s');font-weight:%d;font-style:%s}\n",
                               w->pre, fam, otf ? "otf" : "ttf", b64,
                               otf ? "opentype" : "truetype", u[i].weight,
                               u[i].italic ? "italic" : "normal");
        g_free(b64);
        hb_blob_destroy(blob);
    }
    g_ptr_array_free(names, TRUE);
    jmap_pango_font_uses_free(u, n);
}

/* The font list of the texts: the embedded fonts, then each family Pango
 * resolved the theme's list to, then the generic sans-serif. */
static void font_families(svgw *w, GString *css, const GString *embedded)
{
    g_string_append(css, embedded->str);
    gchar **names = g_strsplit(jmap_pango_families(w->pg), ",", -1);
    for (gchar **p = names; *p; p++) {
        g_strstrip(*p);
        if (!**p)
            continue;
        css_string(css, *p);
        g_string_append_c(css, ',');
    }
    g_strfreev(names);
    g_string_append(css, "sans-serif");
}

/* ------------------------------------------------------------- the file */

/* A one-line description when the journey has none: "5 stages, 14
 * touchpoints; personas: Sofia Reyes, Thomas Leroy". */
static void summary(const jmap_journey *j, GString *g)
{
    bool fr = j->locale == JMAP_LOCALE_FR;
    size_t ns = j->n_stages, nt = j->n_touchpoints;
    if (fr)
        g_string_append_printf(g, "%zu étape%s, %zu point%s de contact", ns, ns > 1 ? "s" : "",
                               nt, nt > 1 ? "s" : "");
    else
        g_string_append_printf(g, "%zu stage%s, %zu touchpoint%s", ns, ns == 1 ? "" : "s", nt,
                               nt == 1 ? "" : "s");
    bool any = false;
    for (size_t i = 0; i < j->n_personas; i++) {
        const char *name = j->personas[i]->name;
        if (!name)
            continue;
        g_string_append(g, any ? ", " : fr ? " ; personas : " : "; personas: ");
        g_string_append(g, name);
        any = true;
    }
}

static void draw_item(svgw *w, const jmap_scene_item *it)
{
    switch (it->kind) {
    case JMAP_SI_RECT: draw_rect(w, it); break;
    case JMAP_SI_LINE: draw_line(w, it); break;
    case JMAP_SI_PATH: draw_path(w, it); break;
    case JMAP_SI_ARROW: draw_arrow(w, it); break;
    case JMAP_SI_MARKER: draw_marker(w, it); break;
    case JMAP_SI_TEXT: draw_text(w, it); break;
    case JMAP_SI_ICON:
    case JMAP_SI_LANE_ICON:
    case JMAP_SI_FACE: draw_icon(w, it); break;
    case JMAP_SI_IMAGE: draw_image(w, it); break;
    case JMAP_SI_LINK: draw_link(w, it); break;
    }
}

bool jmap_svg_write(const jmap_journey *j, jmap_pango *pg, const jmap_scene *s,
                    const jmap_render_opts *opts, const jmap_svg_opts *so, GString *out,
                    jmap_diags *diags)
{
    svgw w = {0};
    w.j = j;
    w.pg = pg;
    w.s = s;
    w.diags = diags;
    w.ok = true;
    w.pre = safe_prefix(so ? so->id_prefix : NULL);
    w.body = g_string_new(NULL);
    w.defs = g_string_new(NULL);
    w.links = g_string_new(NULL);
    w.images = g_hash_table_new(g_direct_hash, g_direct_equal);
    w.icons = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    w.bad_images = g_hash_table_new(g_str_hash, g_str_equal);

    double pw, ph, sc, ox, oy;
    jmap_render_place(s, opts ? opts->page : JMAP_PAGE_AUTO, false, &pw, &ph, &sc, &ox, &oy);
    for (size_t i = 0; i < jmap_scene_count(s); i++)
        draw_item(&w, jmap_scene_item_at(s, i));

    const char *lang = j && j->locale == JMAP_LOCALE_FR ? "fr" : "en";
    if (!so || !so->inline_html)
        g_string_append(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    g_string_append(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"");
    num(out, pw);
    g_string_append(out, "pt\" height=\"");
    num(out, ph);
    g_string_append(out, "pt\" viewBox=\"0 0 ");
    num(out, pw);
    g_string_append_c(out, ' ');
    num(out, ph);
    g_string_append_printf(out,
                           "\" role=\"img\" aria-labelledby=\"%stitle %sdesc\" xml:lang=\"%s\" "
                           "lang=\"%s\" xml:space=\"preserve\">\n",
                           w.pre, w.pre, lang, lang);
    g_string_append_printf(out, "<title id=\"%stitle\">", w.pre);
    const char *title = j && j->title ? j->title : s->title;
    if (title && *title)
        esc(out, title, false);
    else
        g_string_append(out, j && j->locale == JMAP_LOCALE_FR ? "Carte d'expérience" : "Journey map");
    g_string_append_printf(out, "</title>\n<desc id=\"%sdesc\">", w.pre);
    if (j && j->description && *j->description) {
        esc(out, j->description, false);
    } else if (j) {
        GString *d = g_string_new(NULL);
        summary(j, d);
        esc(out, d->str, false);
        g_string_free(d, TRUE);
    }
    g_string_append(out, "</desc>\n<style>\n");
    GString *fams = g_string_new(NULL);
    if (so && so->embed_fonts)
        embed_fonts(&w, out, fams);
    g_string_append_printf(out, ".%st{font-family:", w.pre);
    font_families(&w, out, fams);
    g_string_free(fams, TRUE);
    g_string_append_printf(out, ";white-space:pre}.%sb{font-weight:700}.%si{font-style:italic}\n"
                                "</style>\n",
                           w.pre, w.pre);
    if (w.defs->len) {
        g_string_append(out, "<defs>\n");
        g_string_append_len(out, w.defs->str, w.defs->len);
        g_string_append(out, "</defs>\n");
    }
    bool placed = sc != 1 || ox != 0 || oy != 0;
    if (placed || pw != s->width || ph != s->height) {
        /* a sheet is white around the map, as on paper and in the PNG */
        g_string_append(out, "<rect");
        attr_num(out, "width", pw);
        attr_num(out, "height", ph);
        g_string_append(out, " fill=\"#fff\"/>\n");
    }
    g_string_append(out, "<g");
    if (placed) {
        g_string_append(out, " transform=\"translate(");
        num(out, ox);
        g_string_append_c(out, ' ');
        num(out, oy);
        g_string_append(out, ") scale(");
        num_p(out, sc, 6);
        g_string_append(out, ")\"");
    }
    attr_color(out, "fill", TEXT_COLOR);
    g_string_append(out, " stroke-linejoin=\"round\">\n<rect");
    attr_num(out, "width", s->width);
    attr_num(out, "height", s->height);
    attr_color(out, "fill", s->background);
    g_string_append(out, "/>\n");
    g_string_append_len(out, w.body->str, w.body->len);
    g_string_append_len(out, w.links->str, w.links->len);
    g_string_append(out, "</g>\n</svg>\n");

    if (w.scratch) {
        cairo_destroy(w.scratch);
        cairo_surface_destroy(w.scratch_surf);
        g_string_free(w.ink, TRUE);
    }
    g_hash_table_destroy(w.images);
    g_hash_table_destroy(w.icons);
    g_hash_table_destroy(w.bad_images);
    g_string_free(w.body, TRUE);
    g_string_free(w.defs, TRUE);
    g_string_free(w.links, TRUE);
    g_free(w.pre);
    return w.ok;
}
