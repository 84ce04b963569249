/*
 * pptx.c — the PowerPoint back end: an editable deck (Office Open XML,
 * ECMA-376), one slide per sheet of each map, then the analysis slide.
 * Every scene item becomes a shape someone can select and change: texts as
 * text boxes (one paragraph per line Pango laid out, so the lines break
 * where they do in the PDF), cards as rectangles, curves and icons as
 * freeform paths, pictures as pictures. The parts are zipped in memory with
 * libzip, in a fixed order and with a fixed time stamp: the same journey
 * gives the same bytes.
 */
#include "render/backend.h"

#include "icons.h"
#include "url.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <zip.h>

#define EMU_PER_PT 12700.0
#define NS_A "http://schemas.openxmlformats.org/drawingml/2006/main"
#define NS_R "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define NS_P "http://schemas.openxmlformats.org/presentationml/2006/main"
#define NS_PR "http://schemas.openxmlformats.org/package/2006/relationships"
#define REL "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
#define CT "application/vnd.openxmlformats-officedocument."
#define XML_DECL "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
#define SLD_MIN_EMU 914400LL    /* what PowerPoint accepts as a slide's side */
#define SLD_MAX_EMU 51206400LL
#define INK 0x1F2933u           /* text colour when an item gives none (cairo.c) */

/* ------------------------------------------------------------ XML text */

/*
 * Appends bytes of journey text, escaped for XML: & < > " ' as entities;
 * dropped: what XML 1.0 forbids or a reader may choke on (C0 and C1
 * controls, U+FFFE, U+FFFF, bytes that are not UTF-8) and the line and
 * paragraph separators (a line of a text box is its own paragraph). Tabs,
 * carriage returns and line feeds become spaces.
 */
static void xml_esc_len(GString *g, const char *s, size_t len)
{
    const char *p = s, *end = s + len;
    while (p < end) {
        gunichar c = g_utf8_get_char_validated(p, end - p);
        if (c == (gunichar)-1 || c == (gunichar)-2) {
            p++;
            continue;
        }
        const char *next = g_utf8_next_char(p);
        switch (c) {
        case '&': g_string_append(g, "&amp;"); break;
        case '<': g_string_append(g, "&lt;"); break;
        case '>': g_string_append(g, "&gt;"); break;
        case '"': g_string_append(g, "&quot;"); break;
        case '\'': g_string_append(g, "&apos;"); break;
        case '\t':
        case '\n':
        case '\r': g_string_append_c(g, ' '); break;
        default:
            if (c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0xFFFE || c == 0xFFFF ||
                c == 0x2028 || c == 0x2029)
                break;
            g_string_append_len(g, p, next - p);
        }
        p = next;
    }
}

static void xml_esc(GString *g, const char *s)
{
    if (s)
        xml_esc_len(g, s, strlen(s));
}

/* ---------------------------------------------------------------- deck */

typedef struct deck {
    const jmap_journey *j;
    jmap_pango *pg;
    jmap_diags *diags;
    bool ok;
    char *font;       /* the typeface of every text: the first family */
    const char *lang; /* "fr-FR" or "en-US" */
    GPtrArray *slides, *slide_rels; /* GString* each */
    GHashTable *images;             /* path -> media number (1-based) */
    GPtrArray *media;               /* GByteArray* PNG */
    GHashTable *bad_images;         /* reported once */
    long long cx, cy;               /* slide size, EMU */
} deck;

/* One slide being written. */
typedef struct slide {
    deck *d;
    const jmap_scene *s;
    GString *x;     /* the shapes */
    GString *rels;  /* the relationships after the layout's */
    int next_id;    /* of the next shape */
    int next_rid;   /* of the next relationship */
    GHashTable *rid_of; /* "u:url" or "m:N" -> rId number */
    double sc, ox, oy;
    const char **link; /* per item: the URL of the link over it, or NULL */
    /* the icon being drawn through the sink */
    GString *group;
    uint32_t ink;
    const char *ink_name, *ink_link;
    long long gb[4]; /* the group's frame */
    int n_group;
} slide;

static long long emu(double pt)
{
    return llround(pt * EMU_PER_PT);
}

/* A scene x or y as slide EMU. */
static long long ex(const slide *s, double x)
{
    return emu(s->ox + x * s->sc);
}

static long long ey(const slide *s, double y)
{
    return emu(s->oy + y * s->sc);
}

/* A scene length as EMU, at least 1. */
static long long elen(const slide *s, double v)
{
    long long e = emu(fabs(v) * s->sc);
    return e < 1 ? 1 : e;
}

/* The relationship id of a hyperlink (external) or a picture of the
 * deck's media, added to the slide's relationships on first use. */
static int slide_rid(slide *s, const char *url, int media)
{
    char *key = url ? g_strconcat("u:", url, NULL) : g_strdup_printf("m:%d", media);
    gpointer v = g_hash_table_lookup(s->rid_of, key);
    if (v) {
        g_free(key);
        return GPOINTER_TO_INT(v);
    }
    int rid = s->next_rid++;
    g_hash_table_insert(s->rid_of, key, GINT_TO_POINTER(rid));
    if (url) {
        char *esc = jmap_url_escape(url);
        g_string_append_printf(s->rels, "<Relationship Id=\"rId%d\" Type=\"" REL "hyperlink\" Target=\"",
                               rid);
        xml_esc(s->rels, esc);
        g_string_append(s->rels, "\" TargetMode=\"External\"/>");
        g_free(esc);
    } else {
        g_string_append_printf(s->rels,
                               "<Relationship Id=\"rId%d\" Type=\"" REL "image\" "
                               "Target=\"../media/image%d.png\"/>",
                               rid, media);
    }
    return rid;
}

/* <p:cNvPr>: the shape's id, its name (what it is), its link. */
static void cnvpr(slide *s, GString *g, const char *name, const char *url, bool hidden)
{
    g_string_append_printf(g, "<p:cNvPr id=\"%d\" name=\"", s->next_id++);
    xml_esc(g, name ? name : "shape");
    g_string_append_c(g, '"');
    if (hidden)
        g_string_append(g, " hidden=\"1\"");
    if (url)
        g_string_append_printf(g, "><a:hlinkClick r:id=\"rId%d\"/></p:cNvPr>",
                               slide_rid(s, url, 0));
    else
        g_string_append(g, "/>");
}

static void sp_begin(slide *s, GString *g, const char *name, const char *url, bool txbox)
{
    g_string_append(g, "<p:sp><p:nvSpPr>");
    cnvpr(s, g, name, url, false);
    g_string_append(g, txbox ? "<p:cNvSpPr txBox=\"1\"/>" : "<p:cNvSpPr/>");
    g_string_append(g, "<p:nvPr/></p:nvSpPr><p:spPr>");
}

static void xfrm_emu(GString *g, long long x, long long y, long long cx, long long cy,
                     const char *flip)
{
    g_string_append_printf(g,
                           "<a:xfrm%s><a:off x=\"%lld\" y=\"%lld\"/>"
                           "<a:ext cx=\"%lld\" cy=\"%lld\"/></a:xfrm>",
                           flip ? flip : "", x, y, cx < 0 ? 0 : cx, cy < 0 ? 0 : cy);
}

/* The frame of a scene box. */
static void xfrm_box(slide *s, GString *g, double x, double y, double w, double h,
                     const char *flip)
{
    if (w < 0) {
        x += w;
        w = -w;
    }
    if (h < 0) {
        y += h;
        h = -h;
    }
    long long x0 = ex(s, x), y0 = ey(s, y);
    xfrm_emu(g, x0, y0, ex(s, x + w) - x0, ey(s, y + h) - y0, flip);
}

static void color(GString *g, uint32_t c, double alpha)
{
    g_string_append_printf(g, "<a:srgbClr val=\"%06X\"", c & 0xFFFFFFu);
    if (alpha < 1)
        g_string_append_printf(g, "><a:alpha val=\"%ld\"/></a:srgbClr>",
                               lround(fmax(alpha, 0) * 100000));
    else
        g_string_append(g, "/>");
}

static void fill(GString *g, uint32_t c, double alpha)
{
    if (c == JMAP_NO_COLOR) {
        g_string_append(g, "<a:noFill/>");
        return;
    }
    g_string_append(g, "<a:solidFill>");
    color(g, c, alpha);
    g_string_append(g, "</a:solidFill>");
}

/* How a line is drawn: in scene points; dash lengths as seen (a round cap
 * included). */
typedef struct lstyle {
    uint32_t color;
    double width;
    bool round_cap;
    double dash[8];
    size_t n_dash;
    double arrow_len, arrow_w; /* a triangle at the end, 0: none */
} lstyle;

static lstyle line_of(uint32_t c, double width)
{
    lstyle l = {c, width, false, {0}, 0, 0, 0};
    return l;
}

/* A persona's dash pattern (jmap_dash_pattern) computed for `pattern_w`,
 * drawn `l->width` wide with round caps, as lengths seen: cairo adds half a
 * width of cap at each end of a dash, PowerPoint draws the cap within. */
static void persona_dash(lstyle *l, int dash, double pattern_w)
{
    double d[8];
    size_t n = jmap_dash_pattern(dash, pattern_w, d);
    if (n == 0)
        return;
    l->round_cap = true;
    l->n_dash = n;
    for (size_t i = 0; i < n; i++)
        l->dash[i] = i % 2 == 0 ? d[i] + l->width : fmax(d[i] - l->width, 0.1 * l->width);
}

static void plain_dash(lstyle *l, double on, double off)
{
    l->round_cap = false;
    l->n_dash = 2;
    l->dash[0] = on;
    l->dash[1] = off;
}

static const char *head_size(double ratio)
{
    return ratio < 2.5 ? "sm" : ratio < 4 ? "med" : "lg";
}

static void ln(slide *s, GString *g, const lstyle *l)
{
    if (l->color == JMAP_NO_COLOR || !(l->width > 0)) {
        g_string_append(g, "<a:ln><a:noFill/></a:ln>");
        return;
    }
    g_string_append_printf(g, "<a:ln w=\"%lld\" cap=\"%s\">", elen(s, l->width),
                           l->round_cap ? "rnd" : "flat");
    fill(g, l->color, 1);
    if (l->n_dash >= 2) {
        g_string_append(g, "<a:custDash>");
        for (size_t i = 0; i + 1 < l->n_dash; i += 2)
            g_string_append_printf(g, "<a:ds d=\"%ld\" sp=\"%ld\"/>",
                                   lround(fmax(l->dash[i] / l->width, 0.01) * 100000),
                                   lround(fmax(l->dash[i + 1] / l->width, 0.01) * 100000));
        g_string_append(g, "</a:custDash>");
    } else {
        g_string_append(g, "<a:prstDash val=\"solid\"/>");
    }
    g_string_append(g, "<a:round/>");
    if (l->arrow_len > 0) {
        /* the sizes of a head are 2, 3 or 5 times the line's width, a
         * width of at least 0.7 mm (LibreOffice, as PowerPoint): the
         * nearest to cairo's head */
        double base = fmax(l->width * s->sc, 0.7 / 25.4 * 72);
        g_string_append_printf(g, "<a:tailEnd type=\"triangle\" w=\"%s\" len=\"%s\"/>",
                               head_size(l->arrow_w * s->sc / base),
                               head_size(l->arrow_len * s->sc / base));
    }
    g_string_append(g, "</a:ln>");
}

static void prst(GString *g, const char *name, const char *adj)
{
    g_string_append_printf(g, "<a:prstGeom prst=\"%s\"><a:avLst>%s</a:avLst></a:prstGeom>", name,
                           adj ? adj : "");
}

/* A rectangle's geometry: square corners or rounded by r (cairo.c). */
static void rect_geom(GString *g, double w, double h, double r)
{
    double m = fmin(fabs(w), fabs(h));
    r = fmin(r, m / 2);
    if (r <= 0 || m <= 0) {
        prst(g, "rect", NULL);
        return;
    }
    char adj[64];
    snprintf(adj, sizeof adj, "<a:gd name=\"adj\" fmla=\"val %ld\"/>", lround(r / m * 100000));
    prst(g, "roundRect", adj);
}

/* ------------------------------------------------------------- paths */

/* A path in scene points: ops 'M', 'L', 'C' (three points), 'Z'. */
typedef struct pbuf {
    GString *ops;
    GArray *pts; /* double x, y */
} pbuf;

static void pb_init(pbuf *p)
{
    p->ops = g_string_new(NULL);
    p->pts = g_array_new(FALSE, FALSE, sizeof(double));
}

static void pb_free(pbuf *p)
{
    g_string_free(p->ops, TRUE);
    g_array_free(p->pts, TRUE);
}

static void pb_op(pbuf *p, char op, const double *xy, size_t n_pts)
{
    g_string_append_c(p->ops, op);
    g_array_append_vals(p->pts, xy, (guint)(2 * n_pts));
}

static void pb_from_cairo(pbuf *p, const cairo_path_t *path)
{
    for (int i = 0; i < path->num_data; i += path->data[i].header.length) {
        const cairo_path_data_t *d = &path->data[i];
        double xy[6];
        switch (d->header.type) {
        case CAIRO_PATH_MOVE_TO:
        case CAIRO_PATH_LINE_TO:
            xy[0] = d[1].point.x;
            xy[1] = d[1].point.y;
            pb_op(p, d->header.type == CAIRO_PATH_MOVE_TO ? 'M' : 'L', xy, 1);
            break;
        case CAIRO_PATH_CURVE_TO:
            for (int k = 0; k < 3; k++) {
                xy[2 * k] = d[1 + k].point.x;
                xy[2 * k + 1] = d[1 + k].point.y;
            }
            pb_op(p, 'C', xy, 3);
            break;
        case CAIRO_PATH_CLOSE_PATH:
            pb_op(p, 'Z', NULL, 0);
            break;
        }
    }
}

/* Bounding box of a path's points in slide EMU; false when it has none. */
static bool pb_bounds(const slide *s, const pbuf *p, long long b[4])
{
    if (p->pts->len < 2)
        return false;
    const double *v = (const double *)p->pts->data;
    b[0] = b[2] = ex(s, v[0]);
    b[1] = b[3] = ey(s, v[1]);
    for (guint i = 2; i + 1 < p->pts->len; i += 2) {
        long long x = ex(s, v[i]), y = ey(s, v[i + 1]);
        b[0] = x < b[0] ? x : b[0];
        b[1] = y < b[1] ? y : b[1];
        b[2] = x > b[2] ? x : b[2];
        b[3] = y > b[3] ? y : b[3];
    }
    if (b[2] == b[0])
        b[2]++;
    if (b[3] == b[1])
        b[3]++;
    return true;
}

/*
 * A freeform shape: the path filled (fill != JMAP_NO_COLOR) and/or
 * stroked; its frame is the path's bounding box in EMU, and the path's
 * coordinates are EMU from the frame's corner. Returns false (nothing
 * written) for an empty path; sets b to the frame.
 */
static bool freeform(slide *s, GString *g, const char *name, const char *url, const pbuf *p,
                     uint32_t fill_c, double alpha, const lstyle *l, long long b[4])
{
    if (!pb_bounds(s, p, b))
        return false;
    long long w = b[2] - b[0], h = b[3] - b[1];
    sp_begin(s, g, name, url, false);
    xfrm_emu(g, b[0], b[1], w, h, NULL);
    g_string_append(g, "<a:custGeom><a:avLst/><a:gdLst/><a:ahLst/><a:cxnLst/>"
                       "<a:rect l=\"l\" t=\"t\" r=\"r\" b=\"b\"/><a:pathLst>");
    g_string_append_printf(g, "<a:path w=\"%lld\" h=\"%lld\"%s>", w, h,
                           fill_c == JMAP_NO_COLOR ? " fill=\"none\"" : "");
    const double *v = (const double *)p->pts->data;
    size_t k = 0;
    for (size_t i = 0; i < p->ops->len; i++) {
        char op = p->ops->str[i];
        size_t n = op == 'C' ? 3 : op == 'Z' ? 0 : 1;
        const char *tag = op == 'M' ? "moveTo" : op == 'L' ? "lnTo" : op == 'C' ? "cubicBezTo" : NULL;
        if (!tag) {
            g_string_append(g, "<a:close/>");
            continue;
        }
        g_string_append_printf(g, "<a:%s>", tag);
        for (size_t q = 0; q < n; q++, k++)
            g_string_append_printf(g, "<a:pt x=\"%lld\" y=\"%lld\"/>", ex(s, v[2 * k]) - b[0],
                                   ey(s, v[2 * k + 1]) - b[1]);
        g_string_append_printf(g, "</a:%s>", tag);
    }
    g_string_append(g, "</a:path></a:pathLst></a:custGeom>");
    fill(g, fill_c, alpha);
    ln(s, g, l);
    g_string_append(g, "</p:spPr></p:sp>");
    return true;
}

/* A group of shapes (their XML in `inner`) framed by b, or the one shape
 * as it is. */
static void group(slide *s, const char *name, const GString *inner, int n, const long long b[4])
{
    if (n == 0)
        return;
    if (n == 1) {
        g_string_append_len(s->x, inner->str, (gssize)inner->len);
        return;
    }
    g_string_append(s->x, "<p:grpSp><p:nvGrpSpPr>");
    cnvpr(s, s->x, name, NULL, false);
    long long w = b[2] - b[0], h = b[3] - b[1];
    g_string_append_printf(s->x,
                           "<p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr><a:xfrm>"
                           "<a:off x=\"%lld\" y=\"%lld\"/><a:ext cx=\"%lld\" cy=\"%lld\"/>"
                           "<a:chOff x=\"%lld\" y=\"%lld\"/><a:chExt cx=\"%lld\" cy=\"%lld\"/>"
                           "</a:xfrm></p:grpSpPr>",
                           b[0], b[1], w, h, b[0], b[1], w, h);
    g_string_append_len(s->x, inner->str, (gssize)inner->len);
    g_string_append(s->x, "</p:grpSp>");
}

static void grow(long long acc[4], const long long b[4], bool first)
{
    for (int i = 0; i < 2; i++) {
        acc[i] = first || b[i] < acc[i] ? b[i] : acc[i];
        acc[i + 2] = first || b[i + 2] > acc[i + 2] ? b[i + 2] : acc[i + 2];
    }
}

/* ------------------------------------------------------------- items */

static void emit_rect(slide *s, const jmap_scene_item *it, const char *url)
{
    if (it->hatched) {
        /* the fill, then 45° lines 10 pt apart in the stroke colour over
         * it (cairo.c, draw_hatch), as one group */
        GString *inner = g_string_new(NULL);
        long long acc[4] = {0}, b[4];
        int n = 0;
        if (it->fill != JMAP_NO_COLOR) {
            sp_begin(s, inner, it->role, url, false);
            xfrm_box(s, inner, it->x, it->y, it->w, it->h, NULL);
            rect_geom(inner, it->w, it->h, it->radius);
            fill(inner, it->fill, it->alpha);
            lstyle none = line_of(JMAP_NO_COLOR, 0);
            ln(s, inner, &none);
            g_string_append(inner, "</p:spPr></p:sp>");
            b[0] = ex(s, it->x), b[1] = ey(s, it->y), b[2] = ex(s, it->x + it->w),
            b[3] = ey(s, it->y + it->h);
            grow(acc, b, n++ == 0);
        }
        if (it->stroke != JMAP_NO_COLOR && it->w > 0 && it->h > 0) {
            pbuf p;
            pb_init(&p);
            for (double t = 8; t < it->w + it->h; t += 10) {
                /* from (x + t - h, y + h) up to (x + t, y), within [x, x + w] */
                double s0 = fmax(0, (it->h - t) / it->h), s1 = fmin(1, (it->w + it->h - t) / it->h);
                if (s1 <= s0)
                    continue;
                double a[2] = {it->x + t - it->h + s0 * it->h, it->y + it->h - s0 * it->h};
                double c[2] = {it->x + t - it->h + s1 * it->h, it->y + it->h - s1 * it->h};
                pb_op(&p, 'M', a, 1);
                pb_op(&p, 'L', c, 1);
            }
            lstyle l = line_of(it->stroke, 0.6);
            char *name = g_strconcat(it->role ? it->role : "rect", " hatching", NULL);
            if (freeform(s, inner, name, url, &p, JMAP_NO_COLOR, 1, &l, b))
                grow(acc, b, n++ == 0);
            g_free(name);
            pb_free(&p);
        }
        group(s, it->role, inner, n, acc);
        g_string_free(inner, TRUE);
        return;
    }
    sp_begin(s, s->x, it->role, url, false);
    xfrm_box(s, s->x, it->x, it->y, it->w, it->h, NULL);
    rect_geom(s->x, it->w, it->h, it->radius);
    fill(s->x, it->fill, it->alpha);
    lstyle l = line_of(it->stroke, it->line_width);
    if (it->dashed)
        plain_dash(&l, 4, 3);
    ln(s, s->x, &l);
    g_string_append(s->x, "</p:spPr></p:sp>");
}

/* A straight line as a connector, flipped to run from (x, y) to (x2, y2). */
static void emit_line(slide *s, const jmap_scene_item *it, const char *url)
{
    lstyle l = line_of(it->stroke, it->line_width);
    if (it->dashed)
        plain_dash(&l, 3, 3);
    persona_dash(&l, it->dash, it->line_width);
    g_string_append(s->x, "<p:cxnSp><p:nvCxnSpPr>");
    cnvpr(s, s->x, it->role, url, false);
    g_string_append(s->x, "<p:cNvCxnSpPr/><p:nvPr/></p:nvCxnSpPr><p:spPr>");
    const char *flip = it->x2 < it->x && it->y2 < it->y ? " flipH=\"1\" flipV=\"1\""
                       : it->x2 < it->x                 ? " flipH=\"1\""
                       : it->y2 < it->y                 ? " flipV=\"1\""
                                                        : NULL;
    long long x0 = ex(s, fmin(it->x, it->x2)), y0 = ey(s, fmin(it->y, it->y2));
    xfrm_emu(s->x, x0, y0, ex(s, fmax(it->x, it->x2)) - x0, ey(s, fmax(it->y, it->y2)) - y0, flip);
    prst(s->x, "line", NULL);
    ln(s, s->x, &l);
    g_string_append(s->x, "</p:spPr></p:cxnSp>");
}

static void emit_path(slide *s, const jmap_scene_item *it, const char *url)
{
    if (it->n_pts < 1)
        return;
    lstyle l = line_of(it->stroke, it->line_width);
    l.round_cap = true;
    if (it->dashed)
        plain_dash(&l, 2.5, 2.5); /* a target line (cairo.c) */
    persona_dash(&l, it->dash, it->line_width);
    pbuf p;
    pb_init(&p);
    pb_op(&p, 'M', it->pts, 1);
    for (size_t k = 1; k + 2 < it->n_pts; k += 3)
        pb_op(&p, 'C', it->pts + 2 * k, 3);
    long long b[4];
    freeform(s, s->x, it->role, url, &p, JMAP_NO_COLOR, 1, &l, b);
    pb_free(&p);
}

static void emit_arrow(slide *s, const jmap_scene_item *it, const char *url)
{
    if (it->n_pts < 2)
        return;
    lstyle l = line_of(it->stroke, it->line_width);
    l.arrow_len = 6; /* cairo.c: 6 pt long, 0.45 rad either side */
    l.arrow_w = 2 * 6 * sin(0.45);
    pbuf p;
    pb_init(&p);
    pb_op(&p, 'M', it->pts, 1);
    for (size_t k = 1; k < it->n_pts; k++)
        pb_op(&p, 'L', it->pts + 2 * k, 1);
    long long b[4];
    freeform(s, s->x, it->role, url, &p, JMAP_NO_COLOR, 1, &l, b);
    pb_free(&p);
}

/* A point of a curve (cairo.c, draw_marker) as a preset shape. */
static void emit_marker(slide *s, const jmap_scene_item *it, const char *url)
{
    double cx = it->x + it->w / 2, cy = it->y + it->h / 2, r = it->w / 2;
    const char *geom = "ellipse", *flip = NULL, *adj = NULL;
    double x = cx - r, y = cy - r, w = 2 * r, h = 2 * r;
    switch ((jmap_mark)it->shape) {
    case JMAP_MARK_DIAMOND:
        r *= 1.15;
        geom = "diamond";
        x = cx - r, y = cy - r, w = h = 2 * r;
        break;
    case JMAP_MARK_TRIANGLE:
        /* pointing down: the preset's apex is at the top */
        r *= 1.15;
        geom = "triangle";
        flip = " flipV=\"1\"";
        x = cx - r, y = cy - r * 0.7, w = 2 * r, h = 1.7 * r;
        break;
    case JMAP_MARK_STAR:
        /* the preset fills its box with the star (hf, vf): the box of a
         * star of outer radius r; inner radius 0.45 r */
        geom = "star5";
        adj = "<a:gd name=\"adj\" fmla=\"val 22500\"/><a:gd name=\"hf\" fmla=\"val 105146\"/>"
              "<a:gd name=\"vf\" fmla=\"val 110557\"/>";
        x = cx - r * cos(M_PI / 10), w = 2 * r * cos(M_PI / 10);
        y = cy - r, h = r * (1 + cos(M_PI / 5));
        break;
    default:
        break;
    }
    sp_begin(s, s->x, it->role, url, false);
    xfrm_box(s, s->x, x, y, w, h, flip);
    prst(s->x, geom, adj);
    fill(s->x, it->fill, it->alpha);
    lstyle l = line_of(it->stroke, it->line_width);
    /* a persona's marker outline repeats its line's pattern, finer */
    persona_dash(&l, it->dash, it->line_width * 0.6);
    ln(s, s->x, &l);
    g_string_append(s->x, "</p:spPr></p:sp>");
}

/* The sink of the icon drawing: each path a freeform in the icon's group. */
static void icon_ink(void *ud, const cairo_path_t *path, bool filled, double width)
{
    slide *s = ud;
    pbuf p;
    pb_init(&p);
    pb_from_cairo(&p, path);
    lstyle l = line_of(filled ? JMAP_NO_COLOR : s->ink, width);
    l.round_cap = true;
    long long b[4];
    if (freeform(s, s->group, s->ink_name, s->ink_link, &p, filled ? s->ink : JMAP_NO_COLOR, 1,
                 &l, b)) {
        if (!filled) {
            /* the frame holds the line's middle; its ink reaches half a
             * width further */
            long long hw = elen(s, width / 2);
            b[0] -= hw, b[1] -= hw, b[2] += hw, b[3] += hw;
        }
        grow(s->gb, b, s->n_group++ == 0);
    }
    pb_free(&p);
}

static void emit_icon(slide *s, const jmap_scene_item *it, const char *url)
{
    cairo_surface_t *surf = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1);
    cairo_t *cr = cairo_create(surf);
    jmap_icon_sink sink = {icon_ink, s};
    jmap_icon_set_sink(cr, &sink);
    s->group = g_string_new(NULL);
    s->n_group = 0;
    s->ink = it->stroke == JMAP_NO_COLOR ? INK : it->stroke;
    s->ink_name = it->role;
    s->ink_link = url;
    if (it->kind == JMAP_SI_ICON)
        jmap_icon_draw(cr, (jmap_icon)it->shape, it->x, it->y, it->w, s->ink);
    else if (it->kind == JMAP_SI_LANE_ICON)
        jmap_lane_icon_draw(cr, (jmap_lane)it->shape, it->x, it->y, it->w, s->ink);
    else
        jmap_face_draw(cr, it->shape, it->x, it->y, it->w, s->ink);
    jmap_icon_set_sink(cr, NULL);
    cairo_destroy(cr);
    cairo_surface_destroy(surf);
    group(s, it->role, s->group, s->n_group, s->gb);
    g_string_free(s->group, TRUE);
    s->group = NULL;
}

static cairo_status_t write_bytes(void *closure, const unsigned char *data, unsigned int len)
{
    g_byte_array_append(closure, data, len);
    return CAIRO_STATUS_SUCCESS;
}

/* The deck's number of an image (each file once in ppt/media), 0 when it
 * cannot be read (reported once, as cairo.c does). */
static int media_of(deck *d, const jmap_scene_item *it)
{
    gpointer v = g_hash_table_lookup(d->images, it->path);
    if (v)
        return GPOINTER_TO_INT(v);
    cairo_surface_t *img = jmap_pango_image(d->pg, it->path);
    GByteArray *png = NULL;
    if (img) {
        png = g_byte_array_new();
        if (cairo_surface_write_to_png_stream(img, write_bytes, png) != CAIRO_STATUS_SUCCESS) {
            g_byte_array_free(png, TRUE);
            png = NULL;
        }
    }
    if (!png) {
        if (!g_hash_table_contains(d->bad_images, it->path)) {
            g_hash_table_add(d->bad_images, (gpointer)it->path);
            char qp[JMAP_QUOTE_SIZE];
            const char *why = jmap_pango_image_problem(d->pg, it->path);
            if (why)
                jmap_diag_add(d->diags, JMAP_SEV_ERROR, it->span, "%s", why);
            else
                jmap_diag_add(d->diags, JMAP_SEV_ERROR, it->span, "cannot read image '%s' as a PNG",
                              jmap_quote_into(qp, it->path));
        }
        d->ok = false;
        return 0;
    }
    g_ptr_array_add(d->media, png);
    int n = (int)d->media->len;
    g_hash_table_insert(d->images, g_strdup(it->path), GINT_TO_POINTER(n));
    return n;
}

/* A picture covering its box, centred (cairo.c, draw_image), cropped to a
 * circle when radius < 0. */
static void emit_image(slide *s, const jmap_scene_item *it, const char *url)
{
    int m = media_of(s->d, it);
    if (!m)
        return;
    cairo_surface_t *img = jmap_pango_image(s->d->pg, it->path);
    double iw = cairo_image_surface_get_width(img), ih = cairo_image_surface_get_height(img);
    if (!(iw > 0 && ih > 0 && it->w > 0 && it->h > 0))
        return;
    double sc = fmax(it->w / iw, it->h / ih);
    double x = it->x, y = it->y, w = it->w, h = it->h;
    if (it->radius < 0) {
        double dm = fmin(w, h);
        x += (w - dm) / 2, y += (h - dm) / 2, w = h = dm;
    }
    /* the part of the image in the frame, as fractions cut off each side */
    long cut_x = lround((iw - w / sc) / 2 / iw * 100000), cut_y = lround((ih - h / sc) / 2 / ih * 100000);
    int rid = slide_rid(s, NULL, m);
    g_string_append(s->x, "<p:pic><p:nvPicPr>");
    cnvpr(s, s->x, it->role, url, false);
    g_string_append_printf(s->x,
                           "<p:cNvPicPr><a:picLocks noChangeAspect=\"1\"/></p:cNvPicPr><p:nvPr/>"
                           "</p:nvPicPr><p:blipFill><a:blip r:embed=\"rId%d\"/>"
                           "<a:srcRect l=\"%ld\" t=\"%ld\" r=\"%ld\" b=\"%ld\"/>"
                           "<a:stretch><a:fillRect/></a:stretch></p:blipFill><p:spPr>",
                           rid, cut_x, cut_y, cut_x, cut_y);
    xfrm_box(s, s->x, x, y, w, h, NULL);
    if (it->radius < 0)
        prst(s->x, "ellipse", NULL);
    else
        rect_geom(s->x, w, h, it->radius);
    lstyle l = line_of(it->stroke, 0.75);
    ln(s, s->x, &l);
    g_string_append(s->x, "</p:spPr></p:pic>");
}

/* A clickable area over nothing else: a transparent rectangle. */
static void emit_link(slide *s, const jmap_scene_item *it)
{
    sp_begin(s, s->x, it->role, it->path, false);
    xfrm_box(s, s->x, it->x, it->y, it->w, it->h, NULL);
    prst(s->x, "rect", NULL);
    fill(s->x, 0xFFFFFF, 0);
    lstyle none = line_of(JMAP_NO_COLOR, 0);
    ln(s, s->x, &none);
    g_string_append(s->x, "</p:spPr></p:sp>");
}

/* The run properties of a text: its font, size, weight, style, colour. */
static void run_props(slide *s, GString *g, const jmap_scene_item *it, const char *tag)
{
    long sz = lround(it->font.size * s->sc * 100);
    sz = sz < 100 ? 100 : sz > 400000 ? 400000 : sz;
    g_string_append_printf(g, "<a:%s lang=\"%s\" sz=\"%ld\" b=\"%d\" i=\"%d\" kern=\"100\" dirty=\"0\">",
                           tag, s->d->lang, sz, it->font.bold ? 1 : 0, it->font.italic ? 1 : 0);
    fill(g, it->fill == JMAP_NO_COLOR ? INK : it->fill, 1);
    g_string_append(g, "<a:latin typeface=\"");
    xml_esc(g, s->d->font);
    g_string_append(g, "\"/><a:ea typeface=\"");
    xml_esc(g, s->d->font);
    g_string_append(g, "\"/><a:cs typeface=\"");
    xml_esc(g, s->d->font);
    g_string_append_printf(g, "\"/></a:%s>", tag);
}

/*
 * A text as a text box over the item's box: one paragraph per line Pango
 * laid out, each at the line pitch the PDF has, no insets, no autofit. The
 * box is a little wider than the text on the side away from its alignment,
 * so a renderer measuring a little wider does not wrap a line again.
 */
static void emit_text(slide *s, const jmap_scene_item *it, const char *url)
{
    size_t n = 0;
    jmap_text_line *ls = it->text ? jmap_pango_item_lines(s->d->pg, it, &n) : NULL;
    if (!ls || n == 0) {
        g_free(ls);
        return;
    }
    /* where cairo sets the lines: a right-to-left text flush right unless
     * centred */
    jmap_align vis = it->rtl && it->align != JMAP_ALIGN_CENTER ? JMAP_ALIGN_RIGHT : it->align;
    double slack = 2 + 0.06 * it->w;
    double x0 = it->x - (vis != JMAP_ALIGN_LEFT ? slack : 0);
    double x1 = it->x + it->w + (vis != JMAP_ALIGN_RIGHT ? slack : 0);
    sp_begin(s, s->x, it->role, url, true);
    xfrm_box(s, s->x, x0, it->y, x1 - x0, it->h, NULL);
    prst(s->x, "rect", NULL);
    g_string_append(s->x, "<a:noFill/></p:spPr><p:txBody>"
                          "<a:bodyPr wrap=\"square\" lIns=\"0\" tIns=\"0\" rIns=\"0\" bIns=\"0\" "
                          "anchor=\"t\" rtlCol=\"0\"><a:noAutofit/></a:bodyPr><a:lstStyle/>");
    for (size_t k = 0; k < n; k++) {
        const jmap_text_line *l = &ls[k];
        /* the line's place in the box: centred lines stay centred; the
         * others go to the side they are nearer */
        jmap_align al = vis;
        double left_gap = l->x, right_gap = it->w - (l->x + l->width);
        if (vis == JMAP_ALIGN_LEFT && right_gap < left_gap - 0.5)
            al = JMAP_ALIGN_RIGHT;
        else if (vis == JMAP_ALIGN_RIGHT && left_gap < right_gap - 0.5)
            al = JMAP_ALIGN_LEFT;
        long long marl = al == JMAP_ALIGN_LEFT && vis != JMAP_ALIGN_LEFT ? elen(s, slack) : 0;
        long long marr = al == JMAP_ALIGN_RIGHT && vis != JMAP_ALIGN_RIGHT ? elen(s, slack) : 0;
        double pitch = k > 0 ? l->baseline - ls[k - 1].baseline
                       : n > 1 ? ls[1].baseline - l->baseline
                               : it->h;
        long spc = lround(fmax(pitch, 0) * s->sc * 100);
        spc = spc > 158400 ? 158400 : spc;
        g_string_append_printf(s->x,
                               "<a:p><a:pPr marL=\"%lld\" marR=\"%lld\" indent=\"0\" algn=\"%s\" "
                               "rtl=\"%d\"><a:lnSpc><a:spcPts val=\"%ld\"/></a:lnSpc>"
                               "<a:spcBef><a:spcPts val=\"0\"/></a:spcBef>"
                               "<a:spcAft><a:spcPts val=\"0\"/></a:spcAft><a:buNone/></a:pPr>",
                               marl, marr,
                               al == JMAP_ALIGN_CENTER  ? "ctr"
                               : al == JMAP_ALIGN_RIGHT ? "r"
                                                        : "l",
                               l->rtl ? 1 : 0, spc);
        /* the line without the spaces and breaks it ends with */
        const char *t = it->text + l->start;
        size_t len = l->len;
        while (len > 0 && strchr(" \t\r\n", t[len - 1]))
            len--;
        GString *esc = g_string_new(NULL);
        xml_esc_len(esc, t, len);
        if (esc->len) {
            g_string_append(s->x, "<a:r>");
            run_props(s, s->x, it, "rPr");
            g_string_append(s->x, "<a:t>");
            g_string_append_len(s->x, esc->str, (gssize)esc->len);
            g_string_append(s->x, "</a:t></a:r>");
        }
        g_string_free(esc, TRUE);
        run_props(s, s->x, it, "endParaRPr");
        g_string_append(s->x, "</a:p>");
    }
    g_string_append(s->x, "</p:txBody></p:sp>");
    g_free(ls);
}

/* The slide's title, for the outline, the navigation and screen readers:
 * a title placeholder, hidden (the map draws its own title), and above the
 * slide for readers that show hidden shapes. */
static void emit_title(slide *s, const char *title)
{
    g_string_append(s->x, "<p:sp><p:nvSpPr>");
    cnvpr(s, s->x, "Title", NULL, true);
    g_string_append(s->x, "<p:cNvSpPr><a:spLocks noGrp=\"1\"/></p:cNvSpPr><p:nvPr>"
                          "<p:ph type=\"title\"/></p:nvPr></p:nvSpPr><p:spPr>");
    xfrm_emu(s->x, 0, -s->d->cy / 6, s->d->cx, s->d->cy / 8, NULL);
    g_string_append_printf(s->x, "</p:spPr><p:txBody><a:bodyPr/><a:lstStyle/><a:p><a:r>"
                                 "<a:rPr lang=\"%s\" dirty=\"0\"/><a:t>",
                           s->d->lang);
    xml_esc(s->x, title);
    g_string_append(s->x, "</a:t></a:r></a:p></p:txBody></p:sp>");
}

/* The link over each item: a shape inside the box of a LINK drawn after
 * it carries the link (a card and what is on it), as far as url.h allows
 * it. */
static const char **item_links(const jmap_scene *sc)
{
    size_t n = jmap_scene_count(sc);
    const char **link = g_new0(const char *, n + 1);
    for (size_t i = 0; i < n; i++) {
        const jmap_scene_item *lk = jmap_scene_item_at(sc, i);
        if (lk->kind != JMAP_SI_LINK || !lk->path || !jmap_url_allowed(lk->path))
            continue;
        for (size_t k = 0; k < n; k++) {
            const jmap_scene_item *it = jmap_scene_item_at(sc, k);
            if (k == i || it->kind == JMAP_SI_LINK || link[k])
                continue;
            double e = 0.01;
            if (it->x >= lk->x - e && it->y >= lk->y - e && it->x + it->w <= lk->x + lk->w + e &&
                it->y + it->h <= lk->y + lk->h + e)
                link[k] = lk->path;
        }
    }
    return link;
}

static bool link_covers_something(const jmap_scene *sc, const char **link, const char *url)
{
    for (size_t k = 0; k < jmap_scene_count(sc); k++)
        if (link[k] == url)
            return true;
    return false;
}

static void add_slide(deck *d, const jmap_scene *sc, jmap_page_size page, const char *title)
{
    slide s = {0};
    s.d = d;
    s.s = sc;
    double pw, ph;
    jmap_render_place(sc, page, false, &pw, &ph, &s.sc, &s.ox, &s.oy);
    if (d->slides->len == 0) {
        d->cx = emu(pw);
        d->cy = emu(ph);
        d->cx = d->cx < SLD_MIN_EMU ? SLD_MIN_EMU : d->cx > SLD_MAX_EMU ? SLD_MAX_EMU : d->cx;
        d->cy = d->cy < SLD_MIN_EMU ? SLD_MIN_EMU : d->cy > SLD_MAX_EMU ? SLD_MAX_EMU : d->cy;
    }
    s.x = g_string_new(NULL);
    s.rels = g_string_new(NULL);
    s.next_id = 2;
    s.next_rid = 2;
    s.rid_of = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    s.link = item_links(sc);
    emit_title(&s, title);
    if (sc->background != 0xFFFFFF) {
        jmap_scene_item bg = {0};
        bg.kind = JMAP_SI_RECT;
        bg.role = "background";
        bg.w = sc->width;
        bg.h = sc->height;
        bg.fill = sc->background;
        bg.stroke = JMAP_NO_COLOR;
        bg.alpha = 1;
        emit_rect(&s, &bg, NULL);
    }
    for (size_t i = 0; i < jmap_scene_count(sc); i++) {
        const jmap_scene_item *it = jmap_scene_item_at(sc, i);
        const char *url = s.link[i];
        switch (it->kind) {
        case JMAP_SI_RECT: emit_rect(&s, it, url); break;
        case JMAP_SI_LINE: emit_line(&s, it, url); break;
        case JMAP_SI_PATH: emit_path(&s, it, url); break;
        case JMAP_SI_ARROW: emit_arrow(&s, it, url); break;
        case JMAP_SI_MARKER: emit_marker(&s, it, url); break;
        case JMAP_SI_TEXT: emit_text(&s, it, url); break;
        case JMAP_SI_ICON:
        case JMAP_SI_LANE_ICON:
        case JMAP_SI_FACE: emit_icon(&s, it, url); break;
        case JMAP_SI_IMAGE: emit_image(&s, it, url); break;
        case JMAP_SI_LINK:
            if (it->path && jmap_url_allowed(it->path) &&
                !link_covers_something(sc, s.link, it->path))
                emit_link(&s, it);
            break;
        }
    }
    GString *x = g_string_new(XML_DECL);
    g_string_append(x, "<p:sld xmlns:a=\"" NS_A "\" xmlns:r=\"" NS_R "\" xmlns:p=\"" NS_P "\">"
                       "<p:cSld name=\"");
    xml_esc(x, title);
    g_string_append(x, "\"><p:bg><p:bgPr><a:solidFill><a:srgbClr val=\"FFFFFF\"/></a:solidFill>"
                       "<a:effectLst/></p:bgPr></p:bg><p:spTree><p:nvGrpSpPr>"
                       "<p:cNvPr id=\"1\" name=\"\"/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr>"
                       "<p:grpSpPr><a:xfrm><a:off x=\"0\" y=\"0\"/><a:ext cx=\"0\" cy=\"0\"/>"
                       "<a:chOff x=\"0\" y=\"0\"/><a:chExt cx=\"0\" cy=\"0\"/></a:xfrm>"
                       "</p:grpSpPr>");
    g_string_append_len(x, s.x->str, (gssize)s.x->len);
    g_string_append(x, "</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr>"
                       "</p:sld>");
    GString *r = g_string_new(XML_DECL);
    g_string_append(r, "<Relationships xmlns=\"" NS_PR "\"><Relationship Id=\"rId1\" Type=\"" REL
                       "slideLayout\" Target=\"../slideLayouts/slideLayout1.xml\"/>");
    g_string_append_len(r, s.rels->str, (gssize)s.rels->len);
    g_string_append(r, "</Relationships>");
    g_ptr_array_add(d->slides, x);
    g_ptr_array_add(d->slide_rels, r);
    g_string_free(s.x, TRUE);
    g_string_free(s.rels, TRUE);
    g_hash_table_destroy(s.rid_of);
    g_free(s.link);
}

/* ------------------------------------------------------ package parts */

static GString *content_types(const deck *d)
{
    GString *g = g_string_new(XML_DECL);
    g_string_append(
        g, "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
           "<Default Extension=\"rels\" "
           "ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
           "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
           "<Default Extension=\"png\" ContentType=\"image/png\"/>"
           "<Override PartName=\"/ppt/presentation.xml\" ContentType=\"" CT
           "presentationml.presentation.main+xml\"/>"
           "<Override PartName=\"/ppt/slideMasters/slideMaster1.xml\" ContentType=\"" CT
           "presentationml.slideMaster+xml\"/>"
           "<Override PartName=\"/ppt/slideLayouts/slideLayout1.xml\" ContentType=\"" CT
           "presentationml.slideLayout+xml\"/>");
    for (guint i = 0; i < d->slides->len; i++)
        g_string_append_printf(g,
                               "<Override PartName=\"/ppt/slides/slide%u.xml\" ContentType=\"" CT
                               "presentationml.slide+xml\"/>",
                               i + 1);
    g_string_append(g, "<Override PartName=\"/ppt/theme/theme1.xml\" ContentType=\"" CT
                       "theme+xml\"/>"
                       "<Override PartName=\"/ppt/presProps.xml\" ContentType=\"" CT
                       "presentationml.presProps+xml\"/>"
                       "<Override PartName=\"/ppt/viewProps.xml\" ContentType=\"" CT
                       "presentationml.viewProps+xml\"/>"
                       "<Override PartName=\"/ppt/tableStyles.xml\" ContentType=\"" CT
                       "presentationml.tableStyles+xml\"/>"
                       "<Override PartName=\"/docProps/core.xml\" "
                       "ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>"
                       "<Override PartName=\"/docProps/app.xml\" ContentType=\"" CT
                       "extended-properties+xml\"/></Types>");
    return g;
}

static GString *root_rels(void)
{
    return g_string_new(
        XML_DECL "<Relationships xmlns=\"" NS_PR "\">"
                 "<Relationship Id=\"rId1\" Type=\"" REL "officeDocument\" "
                 "Target=\"ppt/presentation.xml\"/>"
                 "<Relationship Id=\"rId2\" "
                 "Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/"
                 "core-properties\" Target=\"docProps/core.xml\"/>"
                 "<Relationship Id=\"rId3\" Type=\"" REL "extended-properties\" "
                 "Target=\"docProps/app.xml\"/></Relationships>");
}

/* Title, author, subject and language of the journey; a creation date
 * only when the build has one (SOURCE_DATE_EPOCH), as in the PDF. */
static GString *core_props(const deck *d, const jmap_render_opts *opts)
{
    GString *g = g_string_new(XML_DECL);
    g_string_append(g, "<cp:coreProperties "
                       "xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/"
                       "core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" "
                       "xmlns:dcterms=\"http://purl.org/dc/terms/\" "
                       "xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" "
                       "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">");
    if (d->j->title) {
        g_string_append(g, "<dc:title>");
        xml_esc(g, d->j->title);
        g_string_append(g, "</dc:title>");
    }
    if (d->j->description) {
        g_string_append(g, "<dc:subject>");
        xml_esc(g, d->j->description);
        g_string_append(g, "</dc:subject>");
    }
    if (d->j->author) {
        g_string_append(g, "<dc:creator>");
        xml_esc(g, d->j->author);
        g_string_append(g, "</dc:creator>");
    }
    g_string_append_printf(g, "<dc:language>%s</dc:language>", d->lang);
    if (opts->creation_date) {
        g_string_append(g, "<dcterms:created xsi:type=\"dcterms:W3CDTF\">");
        xml_esc(g, opts->creation_date);
        g_string_append(g, "</dcterms:created>");
    }
    g_string_append(g, "</cp:coreProperties>");
    return g;
}

static GString *app_props(const deck *d)
{
    GString *g = g_string_new(XML_DECL);
    g_string_append_printf(
        g,
        "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/"
        "extended-properties\" xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/"
        "docPropsVTypes\"><Application>jmap " JMAP_VERSION "</Application>"
        "<PresentationFormat>Custom</PresentationFormat><Slides>%u</Slides></Properties>",
        d->slides->len);
    return g;
}

static GString *presentation(const deck *d)
{
    GString *g = g_string_new(XML_DECL);
    g_string_append(g, "<p:presentation xmlns:a=\"" NS_A "\" xmlns:r=\"" NS_R "\" xmlns:p=\"" NS_P
                       "\" saveSubsetFonts=\"1\"><p:sldMasterIdLst>"
                       "<p:sldMasterId id=\"2147483648\" r:id=\"rId1\"/></p:sldMasterIdLst>"
                       "<p:sldIdLst>");
    for (guint i = 0; i < d->slides->len; i++)
        g_string_append_printf(g, "<p:sldId id=\"%u\" r:id=\"rId%u\"/>", 256 + i, 3 + i);
    g_string_append_printf(g,
                           "</p:sldIdLst><p:sldSz cx=\"%lld\" cy=\"%lld\"/>"
                           "<p:notesSz cx=\"6858000\" cy=\"9144000\"/></p:presentation>",
                           d->cx, d->cy);
    return g;
}

static GString *presentation_rels(const deck *d)
{
    GString *g = g_string_new(XML_DECL);
    g_string_append(g, "<Relationships xmlns=\"" NS_PR "\">"
                       "<Relationship Id=\"rId1\" Type=\"" REL "slideMaster\" "
                       "Target=\"slideMasters/slideMaster1.xml\"/>"
                       "<Relationship Id=\"rId2\" Type=\"" REL "theme\" "
                       "Target=\"theme/theme1.xml\"/>");
    guint n = d->slides->len;
    for (guint i = 0; i < n; i++)
        g_string_append_printf(g,
                               "<Relationship Id=\"rId%u\" Type=\"" REL "slide\" "
                               "Target=\"slides/slide%u.xml\"/>",
                               3 + i, i + 1);
    g_string_append_printf(g,
                           "<Relationship Id=\"rId%u\" Type=\"" REL "presProps\" "
                           "Target=\"presProps.xml\"/>"
                           "<Relationship Id=\"rId%u\" Type=\"" REL "viewProps\" "
                           "Target=\"viewProps.xml\"/>"
                           "<Relationship Id=\"rId%u\" Type=\"" REL "tableStyles\" "
                           "Target=\"tableStyles.xml\"/></Relationships>",
                           3 + n, 4 + n, 5 + n);
    return g;
}

/* An empty shape tree (the group every slide, layout and master has). */
#define EMPTY_TREE_START                                                                           \
    "<p:spTree><p:nvGrpSpPr><p:cNvPr id=\"1\" name=\"\"/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr>" \
    "<p:grpSpPr><a:xfrm><a:off x=\"0\" y=\"0\"/><a:ext cx=\"0\" cy=\"0\"/><a:chOff x=\"0\" "     \
    "y=\"0\"/><a:chExt cx=\"0\" cy=\"0\"/></a:xfrm></p:grpSpPr>"

#define DEF_RPR(sz, bold, f)                                                                       \
    "<a:defRPr sz=\"" sz "\" b=\"" bold "\" kern=\"100\"><a:solidFill><a:schemeClr val=\"tx1\"/>" \
    "</a:solidFill><a:latin typeface=\"+" f "-lt\"/><a:ea typeface=\"+" f "-ea\"/>"                \
    "<a:cs typeface=\"+" f "-cs\"/></a:defRPr>"

/* The master: white background, a title placeholder (each slide's hidden
 * title inherits from it), the theme's colours and fonts for text. */
static GString *slide_master(const deck *d)
{
    GString *g = g_string_new(XML_DECL);
    g_string_append(g, "<p:sldMaster xmlns:a=\"" NS_A "\" xmlns:r=\"" NS_R "\" xmlns:p=\"" NS_P
                       "\"><p:cSld><p:bg><p:bgRef idx=\"1001\"><a:schemeClr val=\"bg1\"/>"
                       "</p:bgRef></p:bg>" EMPTY_TREE_START
                       "<p:sp><p:nvSpPr><p:cNvPr id=\"2\" name=\"Title Placeholder\"/>"
                       "<p:cNvSpPr><a:spLocks noGrp=\"1\"/></p:cNvSpPr><p:nvPr>"
                       "<p:ph type=\"title\"/></p:nvPr></p:nvSpPr><p:spPr>");
    xfrm_emu(g, d->cx / 24, d->cy / 24, d->cx - d->cx / 12, d->cy / 8, NULL);
    g_string_append(g, "<a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></p:spPr><p:txBody>"
                       "<a:bodyPr anchor=\"ctr\"/><a:lstStyle/><a:p><a:endParaRPr lang=\"en-US\"/>"
                       "</a:p></p:txBody></p:sp></p:spTree></p:cSld>"
                       "<p:clrMap bg1=\"lt1\" tx1=\"dk1\" bg2=\"lt2\" tx2=\"dk2\" "
                       "accent1=\"accent1\" accent2=\"accent2\" accent3=\"accent3\" "
                       "accent4=\"accent4\" accent5=\"accent5\" accent6=\"accent6\" "
                       "hlink=\"hlink\" folHlink=\"folHlink\"/>"
                       "<p:sldLayoutIdLst><p:sldLayoutId id=\"2147483649\" r:id=\"rId1\"/>"
                       "</p:sldLayoutIdLst><p:txStyles>"
                       "<p:titleStyle><a:lvl1pPr algn=\"l\"><a:buNone/>" DEF_RPR("2800", "1", "mj")
                       "</a:lvl1pPr></p:titleStyle>"
                       "<p:bodyStyle><a:lvl1pPr marL=\"0\" indent=\"0\" algn=\"l\"><a:buNone/>" DEF_RPR(
                           "1800", "0", "mn") "</a:lvl1pPr></p:bodyStyle>"
                       "<p:otherStyle><a:lvl1pPr marL=\"0\" algn=\"l\">" DEF_RPR("1800", "0", "mn")
                       "</a:lvl1pPr></p:otherStyle></p:txStyles></p:sldMaster>");
    return g;
}

static GString *slide_layout(void)
{
    return g_string_new(XML_DECL "<p:sldLayout xmlns:a=\"" NS_A "\" xmlns:r=\"" NS_R
                                 "\" xmlns:p=\"" NS_P "\" type=\"blank\" preserve=\"1\">"
                                 "<p:cSld name=\"Blank\">" EMPTY_TREE_START "</p:spTree></p:cSld>"
                                 "<p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sldLayout>");
}

static GString *rels1(const char *type, const char *target)
{
    GString *g = g_string_new(XML_DECL);
    g_string_append_printf(g,
                           "<Relationships xmlns=\"" NS_PR "\"><Relationship Id=\"rId1\" "
                           "Type=\"" REL "%s\" Target=\"%s\"/></Relationships>",
                           type, target);
    return g;
}

#define THEME_LN(w)                                                                                \
    "<a:ln w=\"" w "\" cap=\"flat\" cmpd=\"sng\" algn=\"ctr\"><a:solidFill>"                        \
    "<a:schemeClr val=\"phClr\"/></a:solidFill><a:prstDash val=\"solid\"/><a:round/></a:ln>"
#define THEME_FILL(mod)                                                                            \
    "<a:solidFill><a:schemeClr val=\"phClr\">" mod "</a:schemeClr></a:solidFill>"

/* A complete theme (PowerPoint refuses one without every list): jmap's
 * colours, the map's font, plain fills and lines, no effects. */
static GString *theme(const deck *d)
{
    GString *g = g_string_new(XML_DECL);
    g_string_append(g, "<a:theme xmlns:a=\"" NS_A "\" name=\"jmap\"><a:themeElements>"
                       "<a:clrScheme name=\"jmap\">"
                       "<a:dk1><a:srgbClr val=\"1F2933\"/></a:dk1>"
                       "<a:lt1><a:srgbClr val=\"FFFFFF\"/></a:lt1>"
                       "<a:dk2><a:srgbClr val=\"52606D\"/></a:dk2>"
                       "<a:lt2><a:srgbClr val=\"EEF2F6\"/></a:lt2>"
                       "<a:accent1><a:srgbClr val=\"0072B2\"/></a:accent1>"
                       "<a:accent2><a:srgbClr val=\"CC79A7\"/></a:accent2>"
                       "<a:accent3><a:srgbClr val=\"009E73\"/></a:accent3>"
                       "<a:accent4><a:srgbClr val=\"E69F00\"/></a:accent4>"
                       "<a:accent5><a:srgbClr val=\"56B4E9\"/></a:accent5>"
                       "<a:accent6><a:srgbClr val=\"D55E00\"/></a:accent6>"
                       "<a:hlink><a:srgbClr val=\"0072B2\"/></a:hlink>"
                       "<a:folHlink><a:srgbClr val=\"CC79A7\"/></a:folHlink>"
                       "</a:clrScheme><a:fontScheme name=\"jmap\">");
    for (int k = 0; k < 2; k++) {
        g_string_append(g, k == 0 ? "<a:majorFont><a:latin typeface=\""
                                  : "<a:minorFont><a:latin typeface=\"");
        xml_esc(g, d->font);
        g_string_append(g, "\"/><a:ea typeface=\"\"/><a:cs typeface=\"\"/>");
        g_string_append(g, k == 0 ? "</a:majorFont>" : "</a:minorFont>");
    }
    g_string_append(g, "</a:fontScheme><a:fmtScheme name=\"jmap\"><a:fillStyleLst>" THEME_FILL("")
                       THEME_FILL("<a:tint val=\"50000\"/>") THEME_FILL("<a:shade val=\"80000\"/>")
                       "</a:fillStyleLst><a:lnStyleLst>" THEME_LN("9525") THEME_LN("12700")
                       THEME_LN("19050") "</a:lnStyleLst><a:effectStyleLst>"
                       "<a:effectStyle><a:effectLst/></a:effectStyle>"
                       "<a:effectStyle><a:effectLst/></a:effectStyle>"
                       "<a:effectStyle><a:effectLst/></a:effectStyle>"
                       "</a:effectStyleLst><a:bgFillStyleLst>" THEME_FILL("")
                       THEME_FILL("<a:tint val=\"95000\"/>") THEME_FILL("<a:shade val=\"90000\"/>")
                       "</a:bgFillStyleLst></a:fmtScheme></a:themeElements><a:objectDefaults/>"
                       "<a:extraClrSchemeLst/></a:theme>");
    return g;
}

/* ----------------------------------------------------------------- zip */

typedef struct part {
    char *name;
    const void *data;
    size_t len;
    bool stored; /* already compressed (PNG) */
} part;

/* The same DOS time for every entry: 1980-01-01 00:00, whatever the time
 * zone (libzip converts with localtime). */
static time_t fixed_mtime(void)
{
    struct tm tm = {0};
    tm.tm_year = 80;
    tm.tm_mday = 1;
    tm.tm_isdst = -1;
    return mktime(&tm);
}

/* The parts zipped in their order, into out. */
static bool zip_parts(const part *parts, size_t n, GByteArray *out, jmap_diags *diags)
{
    zip_error_t err;
    zip_error_init(&err);
    zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &err);
    zip_t *za = src ? zip_open_from_source(src, ZIP_TRUNCATE, &err) : NULL;
    char *why = NULL;
    if (!za) {
        why = g_strdup(zip_error_strerror(&err));
        goto fail;
    }
    zip_source_keep(src);
    time_t mtime = fixed_mtime();
    for (size_t i = 0; i < n; i++) {
        zip_source_t *ps = zip_source_buffer(za, parts[i].data, parts[i].len, 0);
        zip_int64_t idx = ps ? zip_file_add(za, parts[i].name, ps, ZIP_FL_ENC_UTF_8) : -1;
        if (idx < 0) {
            if (ps)
                zip_source_free(ps);
            why = g_strdup(zip_strerror(za));
            zip_discard(za);
            goto fail;
        }
        zip_set_file_compression(za, (zip_uint64_t)idx, parts[i].stored ? ZIP_CM_STORE : ZIP_CM_DEFLATE,
                                 parts[i].stored ? 0 : 6);
        zip_file_set_mtime(za, (zip_uint64_t)idx, mtime, 0);
    }
    if (zip_close(za) < 0) {
        why = g_strdup(zip_strerror(za));
        zip_discard(za);
        goto fail;
    }
    zip_stat_t st;
    if (zip_source_stat(src, &st) < 0 || zip_source_open(src) < 0) {
        why = g_strdup(zip_error_strerror(zip_source_error(src)));
        goto fail;
    }
    guint8 *buf = g_malloc(st.size ? st.size : 1);
    zip_int64_t got = zip_source_read(src, buf, st.size);
    zip_source_close(src);
    if (got < 0 || (zip_uint64_t)got != st.size) {
        g_free(buf);
        why = g_strdup("short read");
        goto fail;
    }
    g_byte_array_append(out, buf, (guint)st.size);
    g_free(buf);
    zip_source_free(src);
    zip_error_fini(&err);
    return true;
fail:
    jmap_diag_add(diags, JMAP_SEV_ERROR, jmap_render_no_span(), "cannot write the deck: %s",
                  why ? why : "unknown error");
    g_free(why);
    if (src)
        zip_source_free(src);
    zip_error_fini(&err);
    return false;
}

static bool write_package(deck *d, const jmap_render_opts *opts, GByteArray *out)
{
    GPtrArray *own = g_ptr_array_new(); /* GString* to free */
    GArray *parts = g_array_new(FALSE, TRUE, sizeof(part));
#define ADD(nm, gs)                                                                                \
    do {                                                                                           \
        GString *g_ = (gs);                                                                        \
        g_ptr_array_add(own, g_);                                                                  \
        part p_ = {g_strdup(nm), g_->str, g_->len, false};                                         \
        g_array_append_val(parts, p_);                                                             \
    } while (0)
    ADD("[Content_Types].xml", content_types(d));
    ADD("_rels/.rels", root_rels());
    ADD("docProps/core.xml", core_props(d, opts));
    ADD("docProps/app.xml", app_props(d));
    ADD("ppt/presentation.xml", presentation(d));
    ADD("ppt/_rels/presentation.xml.rels", presentation_rels(d));
    ADD("ppt/presProps.xml",
        g_string_new(XML_DECL "<p:presentationPr xmlns:a=\"" NS_A "\" xmlns:r=\"" NS_R
                              "\" xmlns:p=\"" NS_P "\"/>"));
    ADD("ppt/viewProps.xml",
        g_string_new(XML_DECL "<p:viewPr xmlns:a=\"" NS_A "\" xmlns:r=\"" NS_R "\" xmlns:p=\"" NS_P
                              "\"><p:normalViewPr><p:restoredLeft sz=\"15620\"/>"
                              "<p:restoredTop sz=\"94660\"/></p:normalViewPr>"
                              "<p:gridSpacing cx=\"76200\" cy=\"76200\"/></p:viewPr>"));
    ADD("ppt/tableStyles.xml",
        g_string_new(XML_DECL "<a:tblStyleLst xmlns:a=\"" NS_A
                              "\" def=\"{5C22544A-7EE6-4342-B048-85BDC9FD1C3A}\"/>"));
    ADD("ppt/theme/theme1.xml", theme(d));
    ADD("ppt/slideMasters/slideMaster1.xml", slide_master(d));
    ADD("ppt/slideMasters/_rels/slideMaster1.xml.rels",
        g_string_new(XML_DECL "<Relationships xmlns=\"" NS_PR "\">"
                              "<Relationship Id=\"rId1\" Type=\"" REL "slideLayout\" "
                              "Target=\"../slideLayouts/slideLayout1.xml\"/>"
                              "<Relationship Id=\"rId2\" Type=\"" REL "theme\" "
                              "Target=\"../theme/theme1.xml\"/></Relationships>"));
    ADD("ppt/slideLayouts/slideLayout1.xml", slide_layout());
    ADD("ppt/slideLayouts/_rels/slideLayout1.xml.rels",
        rels1("slideMaster", "../slideMasters/slideMaster1.xml"));
#undef ADD
    for (guint i = 0; i < d->slides->len; i++) {
        GString *x = g_ptr_array_index(d->slides, i), *r = g_ptr_array_index(d->slide_rels, i);
        part px = {g_strdup_printf("ppt/slides/slide%u.xml", i + 1), x->str, x->len, false};
        part pr = {g_strdup_printf("ppt/slides/_rels/slide%u.xml.rels", i + 1), r->str, r->len,
                   false};
        g_array_append_val(parts, px);
        g_array_append_val(parts, pr);
    }
    for (guint i = 0; i < d->media->len; i++) {
        GByteArray *b = g_ptr_array_index(d->media, i);
        part pm = {g_strdup_printf("ppt/media/image%u.png", i + 1), b->data, b->len, true};
        g_array_append_val(parts, pm);
    }
    bool ok = zip_parts((const part *)parts->data, parts->len, out, d->diags);
    for (guint i = 0; i < parts->len; i++)
        g_free(g_array_index(parts, part, i).name);
    g_array_free(parts, TRUE);
    for (guint i = 0; i < own->len; i++)
        g_string_free(g_ptr_array_index(own, i), TRUE);
    g_ptr_array_free(own, TRUE);
    return ok;
}

/* ---------------------------------------------------------- the deck */

static void free_gstring(gpointer p)
{
    g_string_free(p, TRUE);
}

static void free_bytes(gpointer p)
{
    g_byte_array_free(p, TRUE);
}

/* "Title (2/3)" for the continued sheets of a map. */
static char *sheet_title(const char *title, size_t k, size_t n)
{
    return n > 1 ? g_strdup_printf("%s (%zu/%zu)", title, k + 1, n) : g_strdup(title);
}

bool jmap_pptx_book(const jmap_journey *j, const jmap_render_opts *opts, jmap_pango *pg,
                    const jmap_render_page *pages, size_t n_pages, GByteArray *out,
                    jmap_diags *diags)
{
    jmap_measurer m;
    jmap_pango_measurer(pg, &m);
    deck d = {0};
    d.j = j;
    d.pg = pg;
    d.diags = diags;
    d.ok = true;
    const char *fams = jmap_pango_families(pg);
    const char *comma = fams ? strchr(fams, ',') : NULL;
    d.font = fams ? g_strstrip(g_strndup(fams, comma ? (size_t)(comma - fams) : strlen(fams)))
                  : g_strdup("Noto Sans");
    bool fr = j->locale == JMAP_LOCALE_FR;
    d.lang = fr ? "fr-FR" : "en-US";
    d.slides = g_ptr_array_new_with_free_func(free_gstring);
    d.slide_rels = g_ptr_array_new_with_free_func(free_gstring);
    d.images = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    d.media = g_ptr_array_new_with_free_func(free_bytes);
    d.bad_images = g_hash_table_new(g_str_hash, g_str_equal);
    for (size_t p = 0; p < n_pages && d.ok; p++) {
        jmap_layout_opts lo = jmap_render_layout_opts(opts, pages[p].persona_mask);
        size_t n = 0;
        jmap_scene **scenes = jmap_render_sheets(j, opts, &lo, &m, diags, &n);
        jmap_render_check_print_size(scenes, n, opts->page, diags);
        /* a deck of one map is named after the journey */
        const char *title = n_pages == 1 && j->title ? j->title
                            : pages[p].title        ? pages[p].title
                                                    : pages[p].dest;
        for (size_t k = 0; k < n && d.ok; k++) {
            char *t = sheet_title(title ? title : "", k, n);
            add_slide(&d, scenes[k], opts->page, t);
            g_free(t);
        }
        jmap_render_free_sheets(scenes, n);
    }
    if (opts->report_page && d.ok) {
        jmap_layout_opts lo = jmap_render_layout_opts(opts, opts->persona_mask);
        jmap_scene *s = jmap_render_report_scene(j, &lo, &m);
        jmap_render_check_print_size(&s, 1, opts->page, diags);
        add_slide(&d, s, opts->page, fr ? "Analyse" : "Analysis");
        jmap_scene_free(s);
    }
    bool ok = d.ok && d.slides->len > 0 && write_package(&d, opts, out);
    g_ptr_array_free(d.slides, TRUE);
    g_ptr_array_free(d.slide_rels, TRUE);
    g_hash_table_destroy(d.images);
    g_ptr_array_free(d.media, TRUE);
    g_hash_table_destroy(d.bad_images);
    g_free(d.font);
    return ok;
}
