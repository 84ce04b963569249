/*
 * cairo.c — the cairo back end: draws a scene onto a PDF (every page of a
 * map, its outline and named destinations) or onto an image surface for a
 * PNG. Text is drawn with the very Pango layouts that measured it.
 */
#include "render/backend.h"

#include "icons.h"
#include "url.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <hb-ot.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#define PNG_MAX_PX 32767.0

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
        if (it->dashed) {
            /* a card still to come: its outline dashed */
            double d[2] = {4, 3};
            cairo_set_dash(cr, d, 2, 0);
        }
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
        set_rgb(cr, it->stroke, it->alpha); /* faint: an earlier survey wave */
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

/* Draws rc->scene as the next page of a PDF; `dest` (may be NULL) names it. */
static void pdf_draw_map(rctx *rc, cairo_surface_t *surf, jmap_page_size page, const char *dest)
{
    double pw, ph, sc, ox, oy;
    jmap_render_place(rc->scene, page, true, &pw, &ph, &sc, &ox, &oy);
    cairo_pdf_surface_set_size(surf, pw, ph);
    rc->dest = dest;
    cairo_save(rc->cr);
    cairo_translate(rc->cr, ox, oy);
    cairo_scale(rc->cr, sc, sc);
    draw_scene(rc);
    cairo_restore(rc->cr);
    cairo_show_page(rc->cr);
}


/*
 * Ends a drawing: destroys the context, encodes the PNG into png_out when
 * given (only if all went well; `ppi`: its resolution), finishes and
 * destroys the surface, and turns any cairo failure into an error. Clears
 * rc->ok on failure.
 */
static void finish_surface(rctx *rc, cairo_surface_t *surf, GByteArray *png_out, double ppi)
{
    cairo_status_t st = cairo_status(rc->cr);
    cairo_destroy(rc->cr);
    rc->cr = NULL;
    if (png_out && st == CAIRO_STATUS_SUCCESS && rc->ok && !jmap_png_write(surf, ppi, png_out, rc->diags))
        rc->ok = false;
    cairo_surface_finish(surf);
    if (st == CAIRO_STATUS_SUCCESS)
        st = cairo_surface_status(surf);
    cairo_surface_destroy(surf);
    if (st != CAIRO_STATUS_SUCCESS) {
        jmap_diag_add(rc->diags, JMAP_SEV_ERROR, jmap_render_no_span(), "cannot draw the map: %s",
                      cairo_status_to_string(st));
        rc->ok = false;
    }
    g_hash_table_destroy(rc->bad_images);
    rc->bad_images = NULL;
}

/* One sheet of a PNG map, appended to `out`. */
static bool draw_sheet(rctx *rc, const jmap_render_opts *opts, GByteArray *out)
{
    double pw, ph, sc, ox, oy;
    jmap_render_place(rc->scene, opts->page, false, &pw, &ph, &sc, &ox, &oy);
    rc->ok = true;
    rc->bad_images = g_hash_table_new(g_str_hash, g_str_equal);
    double px_scale = opts->scale > 0 ? opts->scale : 2.0;
    if (pw * px_scale > PNG_MAX_PX || ph * px_scale > PNG_MAX_PX) {
        double fit = fmin(PNG_MAX_PX / pw, PNG_MAX_PX / ph);
        jmap_diag_add(rc->diags, JMAP_SEV_WARNING, jmap_render_no_span(),
                      "the PNG would exceed %.0f pixels; scaled down to %.2fx (use PDF or "
                      "SVG for full resolution)",
                      PNG_MAX_PX, fit);
        px_scale = fit;
    }
    /* ceil() may land one pixel past the limit the scale was chosen for */
    int iw = (int)fmin(ceil(pw * px_scale), PNG_MAX_PX);
    int ih = (int)fmin(ceil(ph * px_scale), PNG_MAX_PX);
    cairo_surface_t *surf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, iw, ih);
    if (cairo_surface_status(surf) != CAIRO_STATUS_SUCCESS) {
        jmap_diag_add(rc->diags, JMAP_SEV_ERROR, jmap_render_no_span(), "cannot create a %dx%d image: %s",
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
    finish_surface(rc, surf, out, px_scale * 72);
    return rc->ok;
}

/* The pages of one PDF, measured and drawn through `pg`: each entry's map
 * (on a sheet, maybe several pages: the first is in the outline), then the
 * analysis page when asked for. */
bool jmap_cairo_pdf(const jmap_journey *j, const jmap_render_opts *opts, jmap_pango *pg,
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
        jmap_layout_opts lo = jmap_render_layout_opts(opts, pages[p].persona_mask);
        size_t n = 0;
        jmap_scene **scenes = jmap_render_sheets(j, opts, &lo, &m, diags, &n);
        jmap_render_check_print_size(scenes, n, opts->page, diags);
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
        jmap_render_free_sheets(scenes, n);
    }
    if (opts->report_page && rc.ok) {
        jmap_layout_opts lo = jmap_render_layout_opts(opts, opts->persona_mask);
        jmap_scene *s = jmap_render_report_scene(j, &lo, &m);
        GString *link = g_string_new(NULL);
        tag_attr(link, "dest=", "analysis");
        cairo_pdf_surface_add_outline(surf, CAIRO_PDF_OUTLINE_ROOT,
                                      j->locale == JMAP_LOCALE_FR ? "Analyse" : "Analysis",
                                      link->str, 0);
        g_string_free(link, TRUE);
        jmap_render_check_print_size(&s, 1, opts->page, diags);
        rc.scene = s;
        pdf_draw_map(&rc, surf, opts->page, "analysis");
        rc.scene = NULL;
        jmap_scene_free(s);
    }
    g_hash_table_destroy(used);
    finish_surface(&rc, surf, NULL, 0);
    return rc.ok;
}

bool jmap_cairo_sheet(jmap_pango *pg, const jmap_scene *s, const jmap_render_opts *opts,
                      GByteArray *out, jmap_diags *diags)
{
    rctx rc = {0};
    rc.pango = pg;
    rc.scene = s;
    rc.diags = diags;
    return draw_sheet(&rc, opts, out);
}
