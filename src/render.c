/*
 * render.c — the map pipeline behind jmap_render_map(): layout (model ->
 * scene, text measured with Pango) then drawing the scene with cairo. PDF,
 * SVG and PNG differ only in the surface, which writes into the caller's
 * GByteArray. The scene dump (JMAP_OUT_SCENE) is measured with the fake
 * measurer so golden files do not depend on installed fonts.
 */
#include "render.h"

#include "analysis.h"
#include "icons.h"
#include "layout.h"
#include "measure_pango.h"
#include "scene.h"
#include "url.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <cairo.h>
#include <hb-ot.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#define PNG_MAX_PX 32767.0
#define PDF_MAX_PT 14400.0
#define PAGE_MARGIN 20.0  /* 7 mm: what printers leave blank anyway */
#define SLIDE_MARGIN 14.0
#define SLIDE_W 960.0 /* 16:9, 13.33 x 7.5 in */
#define SLIDE_H 540.0

typedef struct rctx {
    cairo_t *cr;
    jmap_pango *pango;
    const jmap_scene *scene;
    jmap_diags *diags;
    bool pdf;
    bool ok;
    GHashTable *bad_images; /* reported once */
    const char *dest;       /* named destination for the next text drawn */
} rctx;

static cairo_status_t write_bytes(void *closure, const unsigned char *data, unsigned int len)
{
    g_byte_array_append(closure, data, len);
    return CAIRO_STATUS_SUCCESS;
}

static void set_rgb(cairo_t *cr, uint32_t c, double alpha)
{
    cairo_set_source_rgba(cr, ((c >> 16) & 255) / 255.0, ((c >> 8) & 255) / 255.0,
                          (c & 255) / 255.0, alpha);
}

static void rounded(cairo_t *cr, double x, double y, double w, double h, double r)
{
    r = fmin(r, fmin(w, h) / 2);
    if (r <= 0) {
        cairo_rectangle(cr, x, y, w, h);
        return;
    }
    cairo_new_sub_path(cr);
    cairo_arc(cr, x + w - r, y + r, r, -M_PI / 2, 0);
    cairo_arc(cr, x + w - r, y + h - r, r, 0, M_PI / 2);
    cairo_arc(cr, x + r, y + h - r, r, M_PI / 2, M_PI);
    cairo_arc(cr, x + r, y + r, r, M_PI, 3 * M_PI / 2);
    cairo_close_path(cr);
}

static void fill_stroke(cairo_t *cr, const jmap_scene_item *it)
{
    if (it->fill != JMAP_NO_COLOR) {
        set_rgb(cr, it->fill, it->alpha);
        if (it->stroke != JMAP_NO_COLOR)
            cairo_fill_preserve(cr);
        else
            cairo_fill(cr);
    }
    if (it->stroke != JMAP_NO_COLOR) {
        set_rgb(cr, it->stroke, 1);
        cairo_set_line_width(cr, it->line_width);
        cairo_stroke(cr);
    }
    cairo_new_path(cr);
}

static void star_path(cairo_t *cr, double cx, double cy, double r)
{
    for (int k = 0; k < 10; k++) {
        double a = -M_PI / 2 + k * M_PI / 5;
        double rr = (k % 2) ? r * 0.45 : r;
        if (k == 0)
            cairo_move_to(cr, cx + rr * cos(a), cy + rr * sin(a));
        else
            cairo_line_to(cr, cx + rr * cos(a), cy + rr * sin(a));
    }
    cairo_close_path(cr);
}

static void draw_marker(cairo_t *cr, const jmap_scene_item *it)
{
    double cx = it->x + it->w / 2, cy = it->y + it->h / 2, r = it->w / 2;
    switch ((jmap_mark)it->shape) {
    case JMAP_MARK_DIAMOND:
        r *= 1.15;
        cairo_move_to(cr, cx, cy - r);
        cairo_line_to(cr, cx + r, cy);
        cairo_line_to(cr, cx, cy + r);
        cairo_line_to(cr, cx - r, cy);
        cairo_close_path(cr);
        break;
    case JMAP_MARK_TRIANGLE:
        r *= 1.15;
        cairo_move_to(cr, cx - r, cy - r * 0.7);
        cairo_line_to(cr, cx + r, cy - r * 0.7);
        cairo_line_to(cr, cx, cy + r);
        cairo_close_path(cr);
        break;
    case JMAP_MARK_STAR:
        star_path(cr, cx, cy, r);
        break;
    default:
        cairo_arc(cr, cx, cy, r, 0, 2 * M_PI);
        break;
    }
    fill_stroke(cr, it);
}

/* key='value' for a cairo tag: a quote or backslash in the value (a persona
 * id may hold one) is escaped, or cairo refuses the whole document. */
static void tag_attr(GString *g, const char *key, const char *value)
{
    g_string_append_printf(g, "%s'", key);
    for (const char *p = value; *p; p++) {
        if (*p == '\'' || *p == '\\')
            g_string_append_c(g, '\\');
        g_string_append_c(g, *p);
    }
    g_string_append_c(g, '\'');
}

/*
 * The named destination of a page: the id as it is when it holds only
 * letters, digits and . _ ~ -, else with every other byte percent-encoded,
 * as a URL fragment spells it (book.pdf#%C3%A9lodie). cairo 1.16 writes a
 * destination's name unescaped and its outline link as UTF-16, so any other
 * character would give a broken PDF or an outline entry that goes nowhere.
 */
static char *dest_name(const char *id)
{
    GString *g = g_string_new(NULL);
    for (const unsigned char *p = (const unsigned char *)id; *p; p++) {
        if (g_ascii_isalnum(*p) || *p == '.' || *p == '_' || *p == '~' || *p == '-')
            g_string_append_c(g, (char)*p);
        else
            g_string_append_printf(g, "%%%02X", *p);
    }
    return g_string_free(g, FALSE);
}

/* dest_name, made unique among the names in `used` (a persona whose id is
 * `overview` or `analysis` gets `overview-2`, `analysis-2`), and added to
 * them. The set owns the string. */
static const char *unique_dest(GHashTable *used, const char *id)
{
    char *base = dest_name(id);
    char *name = g_strdup(base);
    for (unsigned k = 2; g_hash_table_contains(used, name); k++) {
        g_free(name);
        name = g_strdup_printf("%s-%u", base, k);
    }
    g_free(base);
    g_hash_table_add(used, name);
    return name;
}

/* A font whose glyphs are PNG bitmaps (Noto Color Emoji's CBDT strikes). */
static bool bitmap_color_font(PangoFont *font)
{
    hb_font_t *hf = font ? pango_font_get_hb_font(font) : NULL;
    return hf && hb_ot_color_has_png(hb_font_get_face(hf));
}

/* Pixels of an emoji image per em: Noto Color Emoji's strike is 109 px,
 * so this keeps all of its detail. */
#define EMOJI_PX_PER_EM 128.0
/* and never fewer pixels than 300 per inch at the size the map prints */
#define EMOJI_MIN_PPI 300.0
#define EMOJI_MAX_PX 4096.0

/* One run of bitmap glyphs, at the layout's origin + (x, baseline), drawn
 * as an image at print resolution: cairo 1.16 would embed each glyph in a
 * PDF or SVG at the size it has on the page, 1 px per point (72 ppi). */
static void show_sharp_run(cairo_t *cr, PangoLayoutRun *run, double em, double x,
                           double baseline)
{
    PangoFont *font = run->item->analysis.font;
    PangoRectangle ink;
    pango_glyph_string_extents(run->glyphs, font, &ink, NULL);
    if (ink.width <= 0 || ink.height <= 0)
        return;
    double dx = 1, dy = 0;
    cairo_user_to_device_distance(cr, &dx, &dy);
    double dev = hypot(dx, dy); /* device units (points) per layout unit */
    double px = fmax(EMOJI_PX_PER_EM / fmax(em, 1), EMOJI_MIN_PPI / 72.0 * dev);
    double x0 = (double)ink.x / PANGO_SCALE - 1 / px, y0 = (double)ink.y / PANGO_SCALE - 1 / px;
    double w = (double)ink.width / PANGO_SCALE + 2 / px, h = (double)ink.height / PANGO_SCALE + 2 / px;
    px = fmin(px, EMOJI_MAX_PX / fmax(w, h));
    int iw = (int)ceil(w * px), ih = (int)ceil(h * px);
    cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, iw, ih);
    cairo_t *c2 = cairo_create(img);
    cairo_scale(c2, px, px);
    cairo_translate(c2, -x0, -y0);
    cairo_move_to(c2, 0, 0);
    pango_cairo_show_glyph_string(c2, font, run->glyphs);
    cairo_destroy(c2);
    /* the same emoji at the same size is one image in a PDF */
    PangoFontDescription *fd = pango_font_describe(font);
    char *fname = pango_font_description_to_string(fd);
    GString *id = g_string_new(NULL);
    g_string_printf(id, "jmap-glyphs %s %dx%d", fname, iw, ih);
    for (int i = 0; i < run->glyphs->num_glyphs; i++)
        g_string_append_printf(id, " %u", run->glyphs->glyphs[i].glyph);
    g_free(fname);
    pango_font_description_free(fd);
    unsigned char *uid = (unsigned char *)g_string_free(id, FALSE);
    cairo_surface_set_mime_data(img, CAIRO_MIME_TYPE_UNIQUE_ID, uid, strlen((char *)uid), g_free,
                                uid);
    cairo_save(cr);
    cairo_translate(cr, x + x0, baseline + y0);
    cairo_scale(cr, 1 / px, 1 / px);
    cairo_set_source_surface(cr, img, 0, 0);
    cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_GOOD);
    cairo_paint(cr);
    cairo_restore(cr);
    cairo_surface_destroy(img);
}

/* Draws a layout at the current point run by run, bitmap glyphs (emoji)
 * as sharp images, when the surface is a vector one and the layout has
 * such glyphs; false (nothing drawn) otherwise. */
static bool show_sharp_layout(cairo_t *cr, PangoLayout *lay, const char *text)
{
    if (cairo_surface_get_type(cairo_get_target(cr)) == CAIRO_SURFACE_TYPE_IMAGE)
        return false;
    bool wide = false; /* bitmap fonts only come in for symbols */
    for (const unsigned char *p = (const unsigned char *)text; *p && !wide; p++)
        wide = *p >= 0xE2;
    if (!wide)
        return false;
    bool any = false;
    PangoLayoutIter *iter = pango_layout_get_iter(lay);
    do {
        PangoLayoutRun *run = pango_layout_iter_get_run_readonly(iter);
        if (run && bitmap_color_font(run->item->analysis.font))
            any = true;
    } while (!any && pango_layout_iter_next_run(iter));
    pango_layout_iter_free(iter);
    if (!any)
        return false;
    double ox, oy;
    cairo_get_current_point(cr, &ox, &oy);
    const char *lt = pango_layout_get_text(lay);
    /* the em of the layout's font (a bitmap font describes itself at the
     * size of its strike) */
    const PangoFontDescription *fd = pango_layout_get_font_description(lay);
    double em = fd ? (double)pango_font_description_get_size(fd) / PANGO_SCALE : 10;
    iter = pango_layout_get_iter(lay);
    do {
        PangoLayoutRun *run = pango_layout_iter_get_run_readonly(iter);
        if (!run)
            continue;
        PangoRectangle r;
        pango_layout_iter_get_run_extents(iter, NULL, &r);
        double x = ox + (double)r.x / PANGO_SCALE;
        double base = oy + (double)pango_layout_iter_get_baseline(iter) / PANGO_SCALE;
        if (bitmap_color_font(run->item->analysis.font)) {
            show_sharp_run(cr, run, em, x, base);
        } else {
            cairo_move_to(cr, x, base);
            pango_cairo_show_glyph_item(cr, lt, run);
        }
    } while (pango_layout_iter_next_run(iter));
    pango_layout_iter_free(iter);
    return true;
}

static void draw_text(rctx *rc, const jmap_scene_item *it)
{
    /* Pango sets a right-to-left paragraph flush right under "left" (its
     * start edge) and flush left under "right": such texts ask for "left" */
    jmap_align al = it->rtl && it->align != JMAP_ALIGN_CENTER ? JMAP_ALIGN_LEFT : it->align;
    PangoLayout *lay = jmap_pango_layout(rc->pango, it->text, &it->font, it->wrap, al);
    double k = jmap_pango_scale(&it->font);
    /* the lines' box lands on the item's box, wherever Pango aligned the
     * lines in the wrap width (a right-to-left text at the right of it) */
    PangoRectangle logical;
    pango_layout_get_extents(lay, NULL, &logical);
    double ox = it->x - (double)logical.x / PANGO_SCALE * k;
    set_rgb(rc->cr, it->fill == JMAP_NO_COLOR ? 0x1F2933 : it->fill, 1);
    if (k != 1) {
        cairo_save(rc->cr);
        cairo_translate(rc->cr, ox, it->y);
        cairo_scale(rc->cr, k, k);
        cairo_move_to(rc->cr, 0, 0);
    } else {
        cairo_move_to(rc->cr, ox, it->y);
    }
    /* A pending named destination goes on the page's first text at the
     * left (the title), so a viewer jumps to the top left corner: cairo 1.16
     * writes a destination only around text, and a broken PDF around fills. */
    GString *dest = NULL;
    if (rc->dest && it->x < rc->scene->width / 4) {
        dest = g_string_new(NULL);
        tag_attr(dest, "name=", rc->dest);
        cairo_tag_begin(rc->cr, CAIRO_TAG_DEST, dest->str);
    }
    if (!show_sharp_layout(rc->cr, lay, it->text))
        pango_cairo_show_layout(rc->cr, lay);
    if (dest) {
        cairo_tag_end(rc->cr, CAIRO_TAG_DEST);
        rc->dest = NULL;
        g_string_free(dest, TRUE);
    }
    if (k != 1)
        cairo_restore(rc->cr);
    cairo_new_path(rc->cr);
    g_object_unref(lay);
}

static void draw_image(rctx *rc, const jmap_scene_item *it)
{
    cairo_t *cr = rc->cr;
    cairo_surface_t *img = jmap_pango_image(rc->pango, it->path);
    if (!img) {
        if (!g_hash_table_contains(rc->bad_images, it->path)) {
            g_hash_table_add(rc->bad_images, (gpointer)it->path);
            char qp[JMAP_QUOTE_SIZE];
            const char *why = jmap_pango_image_problem(rc->pango, it->path);
            if (why)
                jmap_diag_add(rc->diags, JMAP_SEV_ERROR, it->span, "%s", why);
            else
                jmap_diag_add(rc->diags, JMAP_SEV_ERROR, it->span,
                              "cannot read image '%s' as a PNG", jmap_quote_into(qp, it->path));
        }
        rc->ok = false;
        return;
    }
    double iw = cairo_image_surface_get_width(img), ih = cairo_image_surface_get_height(img);
    cairo_save(cr);
    if (it->radius < 0)
        cairo_arc(cr, it->x + it->w / 2, it->y + it->h / 2, fmin(it->w, it->h) / 2, 0, 2 * M_PI);
    else
        rounded(cr, it->x, it->y, it->w, it->h, it->radius);
    cairo_clip(cr);
    /* cover the box, centred */
    double s = fmax(it->w / iw, it->h / ih);
    cairo_translate(cr, it->x + (it->w - iw * s) / 2, it->y + (it->h - ih * s) / 2);
    cairo_scale(cr, s, s);
    cairo_set_source_surface(cr, img, 0, 0);
    cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_GOOD);
    cairo_paint(cr);
    cairo_restore(cr);
    if (it->stroke != JMAP_NO_COLOR) {
        if (it->radius < 0)
            cairo_arc(cr, it->x + it->w / 2, it->y + it->h / 2, fmin(it->w, it->h) / 2, 0,
                      2 * M_PI);
        else
            rounded(cr, it->x, it->y, it->w, it->h, it->radius);
        set_rgb(cr, it->stroke, 1);
        cairo_set_line_width(cr, 0.75);
        cairo_stroke(cr);
    }
}

static void draw_link(rctx *rc, const jmap_scene_item *it)
{
    /* Only the links the loader accepts (url.h): a scene may come from
     * elsewhere. */
    if (!rc->pdf || !jmap_url_allowed(it->path))
        return;
    /* link rectangles are given in device space */
    double x0 = it->x, y0 = it->y, x1 = it->x + it->w, y1 = it->y + it->h;
    cairo_user_to_device(rc->cr, &x0, &y0);
    cairo_user_to_device(rc->cr, &x1, &y1);
    /* cairo writes the URL into the PDF as it is: percent-encoded, it
     * cannot end its string there (url.c) */
    char *uri = jmap_url_escape(it->path);
    GString *a = g_string_new(NULL);
    tag_attr(a, "uri=", uri);
    g_free(uri);
    g_string_append_printf(a, " rect=[%.2f %.2f %.2f %.2f]", fmin(x0, x1), fmin(y0, y1),
                           fabs(x1 - x0), fabs(y1 - y0));
    cairo_tag_begin(rc->cr, CAIRO_TAG_LINK, a->str);
    cairo_tag_end(rc->cr, CAIRO_TAG_LINK);
    g_string_free(a, TRUE);
}

/* A persona's dash pattern (scene.h), drawn with round caps so dots are
 * round. */
static void set_pattern(cairo_t *cr, int dash, double width)
{
    double d[8];
    size_t n = jmap_dash_pattern(dash, width, d);
    if (n == 0)
        return;
    cairo_set_dash(cr, d, (int)n, 0);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
}

/* A hatched box: its fill, then 45° lines 10 pt apart in its stroke
 * colour, clipped to it (no outline). */
static void draw_hatch(cairo_t *cr, const jmap_scene_item *it)
{
    cairo_save(cr);
    rounded(cr, it->x, it->y, it->w, it->h, it->radius);
    if (it->fill != JMAP_NO_COLOR) {
        set_rgb(cr, it->fill, it->alpha);
        cairo_fill_preserve(cr);
    }
    cairo_clip(cr);
    if (it->stroke != JMAP_NO_COLOR) {
        for (double t = 8; t < it->w + it->h; t += 10) {
            cairo_move_to(cr, it->x + t - it->h, it->y + it->h);
            cairo_line_to(cr, it->x + t, it->y);
        }
        set_rgb(cr, it->stroke, 1);
        cairo_set_line_width(cr, 0.6);
        cairo_stroke(cr);
    }
    cairo_restore(cr);
    cairo_new_path(cr);
}

static void draw_item(rctx *rc, const jmap_scene_item *it)
{
    cairo_t *cr = rc->cr;
    cairo_set_dash(cr, NULL, 0, 0);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    switch (it->kind) {
    case JMAP_SI_RECT:
        if (it->hatched) {
            draw_hatch(cr, it);
            break;
        }
        rounded(cr, it->x, it->y, it->w, it->h, it->radius);
        fill_stroke(cr, it);
        break;
    case JMAP_SI_LINE: {
        if (it->dashed) {
            double d[2] = {3, 3};
            cairo_set_dash(cr, d, 2, 0);
        }
        set_pattern(cr, it->dash, it->line_width);
        cairo_move_to(cr, it->x, it->y);
        cairo_line_to(cr, it->x2, it->y2);
        set_rgb(cr, it->stroke, 1);
        cairo_set_line_width(cr, it->line_width);
        cairo_stroke(cr);
        break;
    }
    case JMAP_SI_PATH: {
        if (it->n_pts < 1)
            break;
        cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
        if (it->dashed) {
            /* a target line: short dashes, unlike any persona's pattern */
            double d[2] = {2.5, 2.5};
            cairo_set_dash(cr, d, 2, 2.5 * (it->shape % 2));
            cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
        }
        set_pattern(cr, it->dash, it->line_width);
        cairo_move_to(cr, it->pts[0], it->pts[1]);
        for (size_t k = 1; k + 2 < it->n_pts; k += 3) {
            const double *q = it->pts + 2 * k;
            cairo_curve_to(cr, q[0], q[1], q[2], q[3], q[4], q[5]);
        }
        set_rgb(cr, it->stroke, 1);
        cairo_set_line_width(cr, it->line_width);
        cairo_stroke(cr);
        break;
    }
    case JMAP_SI_ARROW: {
        if (it->n_pts < 2)
            break;
        cairo_move_to(cr, it->pts[0], it->pts[1]);
        for (size_t k = 1; k < it->n_pts; k++)
            cairo_line_to(cr, it->pts[2 * k], it->pts[2 * k + 1]);
        set_rgb(cr, it->stroke, 1);
        cairo_set_line_width(cr, it->line_width);
        cairo_stroke(cr);
        /* the head, along the last segment */
        double x1 = it->pts[2 * (it->n_pts - 1)], y1 = it->pts[2 * (it->n_pts - 1) + 1];
        double x0 = it->pts[2 * (it->n_pts - 2)], y0 = it->pts[2 * (it->n_pts - 2) + 1];
        double a = atan2(y1 - y0, x1 - x0), L = 6;
        cairo_move_to(cr, x1, y1);
        cairo_line_to(cr, x1 - L * cos(a - 0.45), y1 - L * sin(a - 0.45));
        cairo_line_to(cr, x1 - L * cos(a + 0.45), y1 - L * sin(a + 0.45));
        cairo_close_path(cr);
        cairo_fill(cr);
        break;
    }
    case JMAP_SI_MARKER:
        /* a persona's marker outline repeats its line's pattern, finer */
        set_pattern(cr, it->dash, it->line_width * 0.6);
        draw_marker(cr, it);
        break;
    case JMAP_SI_TEXT:
        draw_text(rc, it);
        break;
    case JMAP_SI_ICON:
        jmap_icon_draw(cr, (jmap_icon)it->shape, it->x, it->y, it->w, it->stroke);
        break;
    case JMAP_SI_LANE_ICON:
        jmap_lane_icon_draw(cr, (jmap_lane)it->shape, it->x, it->y, it->w, it->stroke);
        break;
    case JMAP_SI_FACE:
        jmap_face_draw(cr, it->shape, it->x, it->y, it->w, it->stroke);
        break;
    case JMAP_SI_IMAGE:
        draw_image(rc, it);
        break;
    case JMAP_SI_LINK:
        draw_link(rc, it);
        break;
    }
}

static void draw_scene(rctx *rc)
{
    const jmap_scene *s = rc->scene;
    set_rgb(rc->cr, s->background, 1);
    cairo_rectangle(rc->cr, 0, 0, s->width, s->height);
    cairo_fill(rc->cr);
    for (size_t i = 0; i < jmap_scene_count(s); i++)
        draw_item(rc, jmap_scene_item_at(s, i));
}

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

static jmap_span no_span(void)
{
    jmap_span sp = {NULL, 0, 0};
    return sp;
}

static void pdf_metadata(cairo_surface_t *surf, const jmap_journey *j,
                         const jmap_render_opts *opts)
{
    if (j->title)
        cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_TITLE, j->title);
    if (j->author)
        cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_AUTHOR, j->author);
    if (j->description)
        cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_SUBJECT, j->description);
    cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATOR, "jmap " JMAP_VERSION);
    /* cairo stamps the current time unless told otherwise: the date comes
     * only from the caller, so the output is reproducible */
    cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATE_DATE,
                                   opts->creation_date ? opts->creation_date : "");
}
/*
 * Where a scene goes on its page: the page's size, the scale and the offset
 * of the map. A scene laid out for a sheet carries them; a map at its
 * natural size is its own page, scaled down when taller and wider than a
 * PDF viewer accepts; the analysis page on a sheet is scaled to fit it.
 */
static void place(const jmap_scene *s, jmap_page_size page, bool pdf, double *pw, double *ph,
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

/* Draws rc->scene as the next page of a PDF; `dest` (may be NULL) names it. */
static void pdf_draw_map(rctx *rc, cairo_surface_t *surf, jmap_page_size page, const char *dest)
{
    double pw, ph, sc, ox, oy;
    place(rc->scene, page, true, &pw, &ph, &sc, &ox, &oy);
    cairo_pdf_surface_set_size(surf, pw, ph);
    rc->dest = dest;
    cairo_save(rc->cr);
    cairo_translate(rc->cr, ox, oy);
    cairo_scale(rc->cr, sc, sc);
    draw_scene(rc);
    cairo_restore(rc->cr);
    cairo_show_page(rc->cr);
}

/* One warning per script that no installed font covers. */
static void report_missing_glyphs(jmap_pango *pg, jmap_diags *diags)
{
    const GPtrArray *miss = jmap_pango_missing(pg);
    for (guint i = 0; i < miss->len; i++) {
        const char *entry = g_ptr_array_index(miss, i);
        const char *tab = strchr(entry, '\t');
        if (!tab[1])
            jmap_diag_add(diags, JMAP_SEV_WARNING, no_span(),
                          "no font has a glyph for %.*s (a private-use or unassigned "
                          "character); it is drawn as a box",
                          (int)(tab - entry), entry);
        else
            jmap_diag_add(diags, JMAP_SEV_WARNING, no_span(),
                          "no installed font has the glyphs for %.*s text; install the Debian "
                          "package %s",
                          (int)(tab - entry), entry, tab + 1);
    }
}
/* Warns once when body text would print too small to read on some of the
 * pages: the analysis page scaled to a sheet, or a page of a map that
 * cannot fit its sheet even at the print minimum. */
static void check_print_size(jmap_scene *const *pages, size_t n, jmap_page_size page,
                             jmap_diags *diags)
{
    if (page == JMAP_PAGE_AUTO)
        return;
    double smallest = INFINITY;
    for (size_t i = 0; i < n; i++) {
        double pw, ph, sc, ox, oy;
        place(pages[i], page, true, &pw, &ph, &sc, &ox, &oy);
        smallest = fmin(smallest, sc);
    }
    if (JMAP_BODY_SIZE * smallest < JMAP_MIN_PRINT_SIZE - 1e-6)
        jmap_diag_add(diags, JMAP_SEV_WARNING, no_span(),
                      "scaled to fit %s, the text would print at %.1f pt (below %.0f pt); "
                      "use --page auto or a larger page",
                      page_name(page), JMAP_BODY_SIZE * smallest, JMAP_MIN_PRINT_SIZE);
}

/*
 * Ends a drawing: destroys the context, encodes the PNG into png_out when
 * given (only if all went well), finishes and destroys the surface, and
 * turns any cairo failure into an error. Clears rc->ok on failure.
 */
static void finish_surface(rctx *rc, cairo_surface_t *surf, GByteArray *png_out)
{
    cairo_status_t st = cairo_status(rc->cr);
    cairo_destroy(rc->cr);
    rc->cr = NULL;
    if (png_out && st == CAIRO_STATUS_SUCCESS && rc->ok)
        st = cairo_surface_write_to_png_stream(surf, write_bytes, png_out);
    cairo_surface_finish(surf);
    if (st == CAIRO_STATUS_SUCCESS)
        st = cairo_surface_status(surf);
    cairo_surface_destroy(surf);
    if (st != CAIRO_STATUS_SUCCESS) {
        jmap_diag_add(rc->diags, JMAP_SEV_ERROR, no_span(), "cannot draw the map: %s",
                      cairo_status_to_string(st));
        rc->ok = false;
    }
    g_hash_table_destroy(rc->bad_images);
    rc->bad_images = NULL;
}
/* The analysis page of the personas in lo->persona_mask. */
static jmap_scene *report_scene(const jmap_journey *j, const jmap_layout_opts *lo,
                                const jmap_measurer *m)
{
    jmap_analysis_opts ao = {lo->persona_mask};
    jmap_analysis *a = jmap_analysis_new(j, &ao);
    jmap_scene *s = jmap_layout_report(j, a, lo, m);
    jmap_analysis_free(a);
    return s;
}
static jmap_layout_opts layout_opts(const jmap_render_opts *opts, const bool *mask)
{
    jmap_layout_opts lo = {
        .lanes = opts->lanes,
        .n_lanes = opts->n_lanes,
        .persona_mask = mask,
        .input_name = opts->input_name,
    };
    return lo;
}

/*
 * The map's pages: on a sheet, laid out for it (jmap_layout_pages); at the
 * natural size, one scene, or for a PDF wider than a viewer accepts, pages
 * split between stages after an overview. Sets *n; free with free_pages.
 */
static jmap_scene **map_pages(const jmap_journey *j, const jmap_render_opts *opts,
                              const jmap_layout_opts *lo, const jmap_measurer *m,
                              jmap_diags *diags, size_t *n)
{
    if (opts->page == JMAP_PAGE_SLIDE && !lo->lanes) {
        /* a slide tells the story: where it hurts and what to do about it;
         * the other lanes when asked for (--lanes) or on a larger sheet */
        jmap_lane order[JMAP_LANE_COUNT], lanes[JMAP_LANE_COUNT];
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

static void free_pages(jmap_scene **pages, size_t n)
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
    jmap_layout_opts lo = layout_opts(opts, mask);
    size_t n = 0;
    jmap_scene **pages = map_pages(j, opts, &lo, &fake, diags, &n);
    for (size_t i = 0; i < n; i++) {
        if (i > 0) {
            char *sep = g_strdup_printf("page %zu\n", i + 1);
            g_byte_array_append(out, (const guint8 *)sep, (guint)strlen(sep));
            g_free(sep);
        }
        append_dump(pages[i], out);
    }
    free_pages(pages, n);
    if (opts->report_page) {
        static const char sep[] = "page analysis\n";
        g_byte_array_append(out, (const guint8 *)sep, sizeof sep - 1);
        jmap_scene *s = report_scene(j, &lo, &fake);
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
static jmap_pango *journey_pango(const jmap_journey *j)
{
    jmap_pango *pg = jmap_pango_new(j->theme.font, j->locale == JMAP_LOCALE_FR ? "fr" : "en");
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
static bool pdf_pages(const jmap_journey *j, const jmap_render_opts *opts, jmap_pango *pg,
                      const jmap_render_page *pages, size_t n_pages, GByteArray *out,
                      jmap_diags *diags);

/* One sheet of a PNG or SVG map, appended to `out`. */
static bool draw_sheet(rctx *rc, const jmap_render_opts *opts, GByteArray *out)
{
    double pw, ph, sc, ox, oy;
    place(rc->scene, opts->page, false, &pw, &ph, &sc, &ox, &oy);
    cairo_surface_t *surf = NULL;
    rc->ok = true;
    rc->bad_images = g_hash_table_new(g_str_hash, g_str_equal);
    if (opts->format == JMAP_OUT_SVG) {
        surf = cairo_svg_surface_create_for_stream(write_bytes, out, pw, ph);
        cairo_svg_surface_set_document_unit(surf, CAIRO_SVG_UNIT_PX);
        rc->cr = cairo_create(surf);
        cairo_translate(rc->cr, ox, oy);
        cairo_scale(rc->cr, sc, sc);
        draw_scene(rc);
        cairo_show_page(rc->cr);
    } else {
        double px_scale = opts->scale > 0 ? opts->scale : 2.0;
        if (pw * px_scale > PNG_MAX_PX || ph * px_scale > PNG_MAX_PX) {
            double fit = fmin(PNG_MAX_PX / pw, PNG_MAX_PX / ph);
            jmap_diag_add(rc->diags, JMAP_SEV_WARNING, no_span(),
                          "the PNG would exceed %.0f pixels; scaled down to %.2fx (use PDF or "
                          "SVG for full resolution)",
                          PNG_MAX_PX, fit);
            px_scale = fit;
        }
        /* ceil() may land one pixel past the limit the scale was chosen for */
        int iw = (int)fmin(ceil(pw * px_scale), PNG_MAX_PX);
        int ih = (int)fmin(ceil(ph * px_scale), PNG_MAX_PX);
        surf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, iw, ih);
        if (cairo_surface_status(surf) != CAIRO_STATUS_SUCCESS) {
            jmap_diag_add(rc->diags, JMAP_SEV_ERROR, no_span(), "cannot create a %dx%d image: %s",
                          iw, ih, cairo_status_to_string(cairo_surface_status(surf)));
            cairo_surface_destroy(surf);
            g_hash_table_destroy(rc->bad_images);
            rc->bad_images = NULL;
            return false;
        }
        rc->cr = cairo_create(surf);
        set_rgb(rc->cr, 0xFFFFFF, 1);
        cairo_paint(rc->cr);
        cairo_scale(rc->cr, px_scale, px_scale);
        cairo_translate(rc->cr, ox, oy);
        cairo_scale(rc->cr, sc, sc);
        draw_scene(rc);
    }
    finish_surface(rc, surf, opts->format == JMAP_OUT_PNG ? out : NULL);
    return rc->ok;
}

/*
 * One map measured and drawn through `pg`, which may have served other maps
 * of the journey already: a PDF appends one output holding every page; PNG
 * and SVG one output per sheet. Returns false when it could not be drawn.
 */
static bool render_one(const jmap_journey *j, const jmap_render_opts *opts, const bool *mask,
                       jmap_pango *pg, GPtrArray *outs, jmap_diags *diags)
{
    if (opts->format == JMAP_OUT_PDF) {
        /* each page in the outline: the map (its pages), then the analysis */
        jmap_render_page map = {mask, j->locale == JMAP_LOCALE_FR ? "Carte" : "Map", "map"};
        GByteArray *out = g_byte_array_new();
        g_ptr_array_add(outs, out);
        jmap_render_opts o = *opts;
        o.persona_mask = mask; /* the analysis page's personas too */
        return pdf_pages(j, &o, pg, &map, 1, out, diags);
    }
    jmap_layout_opts lo = layout_opts(opts, mask);
    jmap_measurer m;
    jmap_pango_measurer(pg, &m);
    size_t n = 0;
    jmap_scene **pages = map_pages(j, opts, &lo, &m, diags, &n);
    bool ok = true;
    check_print_size(pages, n, opts->page, diags);
    for (size_t i = 0; i < n && ok; i++) {
        rctx rc = {0};
        rc.pango = pg;
        rc.scene = pages[i];
        rc.diags = diags;
        GByteArray *out = g_byte_array_new();
        g_ptr_array_add(outs, out);
        ok = draw_sheet(&rc, opts, out);
    }
    free_pages(pages, n);
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
    jmap_pango *pg = journey_pango(j);
    bool ok = render_one(j, opts, opts->persona_mask, pg, outs, diags);
    report_missing_glyphs(pg, diags);
    jmap_pango_free(pg);
    return ok;
}

/* Moves the single output of `outs` to `out`; false (with an error) when
 * the map has several sheets. Frees the outputs. */
static bool single_output(GPtrArray *outs, GByteArray *out, jmap_diags *diags, bool ok)
{
    if (ok && outs->len > 1) {
        jmap_diag_add(diags, JMAP_SEV_ERROR, no_span(),
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
    jmap_pango *pg = opts->format == JMAP_OUT_SCENE ? NULL : journey_pango(j);
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
        jmap_pango_free(pg);
    }
    return ok;
}

/* The pages of one PDF, measured and drawn through `pg`: each entry's map
 * (on a sheet, maybe several pages: the first is in the outline), then the
 * analysis page when asked for. */
static bool pdf_pages(const jmap_journey *j, const jmap_render_opts *opts, jmap_pango *pg,
                      const jmap_render_page *pages, size_t n_pages, GByteArray *out,
                      jmap_diags *diags)
{
    jmap_measurer m;
    jmap_pango_measurer(pg, &m);
    cairo_surface_t *surf = cairo_pdf_surface_create_for_stream(write_bytes, out, 100, 100);
    pdf_metadata(surf, j, opts);
    rctx rc = {0};
    rc.pango = pg;
    rc.diags = diags;
    rc.pdf = true;
    rc.ok = true;
    rc.bad_images = g_hash_table_new(g_str_hash, g_str_equal);
    rc.cr = cairo_create(surf);
    /* A single map without the analysis page needs no outline. */
    bool outline = n_pages > 1 || opts->report_page;
    /* every destination named once; the analysis page keeps its own name */
    GHashTable *used = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    if (opts->report_page)
        g_hash_table_add(used, g_strdup("analysis"));
    for (size_t p = 0; p < n_pages && rc.ok; p++) {
        jmap_layout_opts lo = layout_opts(opts, pages[p].persona_mask);
        size_t n = 0;
        jmap_scene **scenes = map_pages(j, opts, &lo, &m, diags, &n);
        check_print_size(scenes, n, opts->page, diags);
        for (size_t k = 0; k < n && rc.ok; k++) {
            const char *dest = NULL;
            if (outline && k == 0) {
                dest = unique_dest(used, pages[p].dest);
                GString *link = g_string_new(NULL);
                tag_attr(link, "dest=", dest);
                cairo_pdf_surface_add_outline(surf, CAIRO_PDF_OUTLINE_ROOT,
                                              pages[p].title ? pages[p].title : pages[p].dest,
                                              link->str, 0);
                g_string_free(link, TRUE);
            }
            rc.scene = scenes[k];
            pdf_draw_map(&rc, surf, opts->page, dest);
            rc.scene = NULL;
        }
        free_pages(scenes, n);
    }
    if (opts->report_page && rc.ok) {
        jmap_layout_opts lo = layout_opts(opts, opts->persona_mask);
        jmap_scene *s = report_scene(j, &lo, &m);
        GString *link = g_string_new(NULL);
        tag_attr(link, "dest=", "analysis");
        cairo_pdf_surface_add_outline(surf, CAIRO_PDF_OUTLINE_ROOT,
                                      j->locale == JMAP_LOCALE_FR ? "Analyse" : "Analysis",
                                      link->str, 0);
        g_string_free(link, TRUE);
        check_print_size(&s, 1, opts->page, diags);
        rc.scene = s;
        pdf_draw_map(&rc, surf, opts->page, "analysis");
        rc.scene = NULL;
        jmap_scene_free(s);
    }
    g_hash_table_destroy(used);
    finish_surface(&rc, surf, NULL);
    return rc.ok;
}

bool jmap_render_pdf_pages(const jmap_journey *j, const jmap_render_opts *opts,
                           const jmap_render_page *pages, size_t n_pages, GByteArray *out,
                           jmap_diags *diags)
{
    /* One Pango context for every page: fonts are loaded once. */
    jmap_pango *pg = journey_pango(j);
    bool ok = pdf_pages(j, opts, pg, pages, n_pages, out, diags);
    report_missing_glyphs(pg, diags);
    jmap_pango_free(pg);
    return ok;
}
