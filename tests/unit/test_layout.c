/*
 * test_layout.c — layout invariants over every example (fake and Pango
 * measurers) and over generated stress journeys: no two boxes of one layer
 * overlap, nothing leaves its lane or the page, every text a lane shows is
 * placed and reads at 4.5:1 against what is under it, the emotion curve
 * stays inside its lane and keeps its rules (one label block a point, names
 * at the line ends, dash patterns, breaks where a persona is absent, empty
 * stages marked). The analysis page too:
 * nothing overlaps or leaves the page, every opportunity is on the matrix
 * or counted, every finding section is there. Also the monotone
 * interpolation and French spacing helpers.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "layout.h"
#include "layout_int.h"
#include "measure_pango.h"
#include "render.h"
#include "scene.h"

#define EPS 0.01

/* --------------------------------------------------------------- checks */

static size_t count_role(const jmap_scene *s, jmap_scene_kind kind, const char *role,
                         const char *text);

static bool jmap_lay_blank_test(const char *t)
{
    if (!t)
        return true;
    for (; *t; t++)
        if (*t != ' ' && *t != '\t' && *t != '\n')
            return false;
    return true;
}

static bool overlap(const jmap_scene_item *a, const jmap_scene_item *b)
{
    return a->x + EPS < b->x + b->w && b->x + EPS < a->x + a->w && a->y + EPS < b->y + b->h &&
           b->y + EPS < a->y + a->h;
}

static const jmap_scene_lane *find_lane(const jmap_scene *s, int lane)
{
    for (size_t i = 0; i < s->n_lanes; i++)
        if ((int)s->lanes[i].lane == lane)
            return &s->lanes[i];
    return NULL;
}

static char *normalize(const char *t)
{
    GString *g = g_string_new(NULL);
    for (const char *p = t; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (c == 0x202F || c == 0xA0 || c == '\n' || c == ' ') {
            if (g->len && g->str[g->len - 1] != ' ')
                g_string_append_c(g, ' ');
            continue;
        }
        /* French typography: typographic apostrophes, word joiners */
        if (c == 0x2060)
            continue;
        if (c == 0x2019)
            c = '\'';
        g_string_append_unichar(g, c);
    }
    return g_string_free(g, FALSE);
}

static bool text_placed(const jmap_scene *s, const char *text)
{
    if (!text || !*text)
        return true;
    char *want = normalize(text);
    bool found = false;
    for (size_t i = 0; i < jmap_scene_count(s) && !found; i++) {
        const jmap_scene_item *it = jmap_scene_item_at(s, i);
        if (it->kind != JMAP_SI_TEXT)
            continue;
        char *have = normalize(it->text);
        /* French spacing may have removed a plain space before punctuation */
        found = strstr(have, want) != NULL;
        if (!found) {
            char *w2 = g_strdup(want);
            char *h2 = g_strdup(have);
            /* compare without any spaces */
            char *a = w2, *b = h2;
            for (char *q = w2; *q; q++)
                if (*q != ' ')
                    *a++ = *q;
            *a = 0;
            for (char *q = h2; *q; q++)
                if (*q != ' ')
                    *b++ = *q;
            *b = 0;
            found = strstr(h2, w2) != NULL;
            g_free(w2);
            g_free(h2);
        }
        g_free(have);
    }
    if (!found)
        print_message("text not placed: %s\n", text);
    g_free(want);
    return found;
}

/* On the page, in its lane, no overlap inside a tested layer. */
static void check_geometry(const jmap_scene *s)
{
    size_t n = jmap_scene_count(s);
    assert_true(s->width > 0 && s->height > 0);
    for (size_t i = 0; i < n; i++) {
        const jmap_scene_item *a = jmap_scene_item_at(s, i);
        /* inside the page */
        if (a->kind != JMAP_SI_LINE) {
            if (!(a->x >= -EPS && a->y >= -EPS && a->x + a->w <= s->width + EPS &&
                  a->y + a->h <= s->height + EPS))
                print_message("off page: %s %.1f %.1f %.1f %.1f\n", a->role, a->x, a->y, a->w,
                              a->h);
            assert_true(a->x >= -EPS && a->y >= -EPS);
            assert_true(a->x + a->w <= s->width + EPS && a->y + a->h <= s->height + EPS);
        }
        /* inside its lane */
        if (a->lane >= 0) {
            const jmap_scene_lane *ln = find_lane(s, a->lane);
            assert_non_null(ln);
            double y0 = a->y, y1 = a->y + a->h;
            if (a->kind == JMAP_SI_LINE) {
                y0 = fmin(a->y, a->y2);
                y1 = fmax(a->y, a->y2);
            }
            if (!(y0 >= ln->y0 - EPS && y1 <= ln->y1 + EPS))
                print_message("leaves lane %s: %s %.1f..%.1f not in %.1f..%.1f\n",
                              jmap_lane_name(ln->lane), a->role, y0, y1, ln->y0, ln->y1);
            assert_true(y0 >= ln->y0 - EPS && y1 <= ln->y1 + EPS);
            if (a->kind == JMAP_SI_PATH) {
                size_t nseg = (a->n_pts - 1) / 3;
                for (size_t k = 0; k < nseg * 32; k++) {
                    double x, y;
                    jmap_scene_path_point(a, (double)k / 32.0, &x, &y);
                    assert_true(y >= ln->y0 && y <= ln->y1);
                    assert_true(x >= s->gutter - EPS && x <= s->width);
                }
            }
        }
        /* no overlap inside a tested layer */
        if (a->layer == JMAP_LAYER_NONE)
            continue;
        for (size_t k = i + 1; k < n; k++) {
            const jmap_scene_item *b = jmap_scene_item_at(s, k);
            if (b->layer != a->layer)
                continue;
            if (overlap(a, b))
                print_message("overlap: %s [%s] (%.1f %.1f %.1f %.1f) and %s [%s] (%.1f %.1f "
                              "%.1f %.1f)\n",
                              a->role, a->text ? a->text : "", a->x, a->y, a->w, a->h, b->role,
                              b->text ? b->text : "", b->x, b->y, b->w, b->h);
            assert_false(overlap(a, b));
        }
    }
}

/* The curve's labels keep clear of its points and of survey spread bars. */
static void check_curve_labels(const jmap_scene *s)
{
    size_t n = jmap_scene_count(s);
    for (size_t i = 0; i < n; i++) {
        const jmap_scene_item *t = jmap_scene_item_at(s, i);
        if (t->kind != JMAP_SI_TEXT || t->lane != JMAP_LANE_EMOTIONS)
            continue;
        for (size_t k = 0; k < n; k++) {
            const jmap_scene_item *o = jmap_scene_item_at(s, k);
            if (o->lane != JMAP_LANE_EMOTIONS)
                continue;
            bool hit = false;
            if (o->kind == JMAP_SI_MARKER && strcmp(o->role, "point") == 0)
                hit = overlap(t, o);
            else if (o->kind == JMAP_SI_LINE && strcmp(o->role, "spread") == 0)
                hit = o->x > t->x + EPS && o->x < t->x + t->w - EPS &&
                      fmin(o->y, o->y2) < t->y + t->h - EPS && fmax(o->y, o->y2) > t->y + EPS;
            if (hit)
                print_message("label '%s' crosses %s at %.1f %.1f\n", t->text, o->role, o->x,
                              o->y);
            assert_false(hit);
        }
    }
}

static size_t count_role(const jmap_scene *s, jmap_scene_kind kind, const char *role,
                         const char *text);

static const jmap_scene_item *first_role(const jmap_scene *s, const char *role)
{
    for (size_t i = 0; i < jmap_scene_count(s); i++)
        if (strcmp(jmap_scene_item_at(s, i)->role, role) == 0)
            return jmap_scene_item_at(s, i);
    return NULL;
}

static cairo_status_t read_png(void *closure, unsigned char *data, unsigned int len)
{
    GByteArray *b = closure;
    if (len > b->len)
        return CAIRO_STATUS_READ_ERROR;
    memcpy(data, b->data, len);
    g_byte_array_remove_range(b, 0, len);
    return CAIRO_STATUS_SUCCESS;
}

/* A PNG in memory as an image surface (consumes the bytes). */
static cairo_surface_t *png_surface(GByteArray *png)
{
    cairo_surface_t *img = cairo_image_surface_create_from_png_stream(read_png, png);
    assert_int_equal(cairo_surface_status(img), CAIRO_STATUS_SUCCESS);
    return img;
}

/* The leftmost column with a dark pixel between rows y0 and y1. */
static double ink_left(cairo_surface_t *img, double y0, double y1)
{
    cairo_surface_flush(img);
    int w = cairo_image_surface_get_width(img), h = cairo_image_surface_get_height(img);
    int stride = cairo_image_surface_get_stride(img);
    const unsigned char *px = cairo_image_surface_get_data(img);
    for (int x = 0; x < w; x++)
        for (int y = (int)y0; y < (int)ceil(y1) && y < h; y++) {
            const unsigned char *p = px + y * stride + x * 4;
            if (p[0] < 160 && p[1] < 160 && p[2] < 160)
                return x;
        }
    return -1;
}

/* Items of a role that are (hollow = 1) or are not (0) hollow; -1 both. */
static size_t count_hollow(const jmap_scene *s, const char *role, int hollow)
{
    size_t n = 0;
    for (size_t i = 0; i < jmap_scene_count(s); i++) {
        const jmap_scene_item *it = jmap_scene_item_at(s, i);
        if (strcmp(it->role, role) == 0 && (hollow < 0 || it->hollow == (hollow > 0)))
            n++;
    }
    return n;
}

/* The rank of a severity label, high first (either language). */
static int severity_rank(const char *label)
{
    static const char *const order[][2] = {{"High", "Élevée"}, {"Medium", "Moyenne"},
                                           {"Low", "Faible"}};
    for (int i = 0; i < 3; i++)
        if (strcmp(label, order[i][0]) == 0 || strcmp(label, order[i][1]) == 0)
            return i;
    return -1;
}

/*
 * The legend has an entry exactly for the kinds of marks the map draws:
 * filled and hollow channel dots, survey spread bars and counts, each
 * severity badge (under a heading, high first), the curve's point shapes,
 * stars, hollow points and target curves; channel icons only when no
 * channel lane names the channels.
 */
/* The channels of the touchpoints a map shows (in cards: tp-icon). */
static size_t channels_used(const jmap_journey *j, const jmap_scene *s)
{
    if (count_role(s, JMAP_SI_ICON, "tp-icon", NULL) == 0)
        return 0;
    size_t n = 0;
    for (size_t c = 0; c < j->n_channels; c++)
        for (size_t t = 0; t < j->n_touchpoints; t++)
            if (j->touchpoints[t]->channel == j->channels[c]) {
                n++;
                break;
            }
    return n;
}

static void check_legend(const jmap_journey *j, const jmap_scene *s)
{
    for (int hollow = 0; hollow <= 1; hollow++)
        assert_int_equal(count_hollow(s, "legend-dot", hollow),
                         count_hollow(s, "channel-dot", hollow) > 0 ? 1 : 0);
    bool survey = count_role(s, JMAP_SI_LINE, "spread", NULL) > 0 ||
                  count_role(s, JMAP_SI_TEXT, "responses", NULL) > 0;
    assert_int_equal(count_role(s, JMAP_SI_LINE, "legend-spread", NULL), survey ? 1 : 0);
    /* channel icons: named by the channel lane, else by the legend */
    if (count_role(s, JMAP_SI_TEXT, "channel-name", NULL) > 0)
        assert_int_equal(count_role(s, JMAP_SI_ICON, "legend-icon", NULL), 0);
    else
        assert_int_equal(count_role(s, JMAP_SI_ICON, "legend-icon", NULL),
                         channels_used(j, s));
    /* severity badges: the same labels, each once, high first */
    bool drawn_sev[3] = {false, false, false}, legend_sev[3] = {false, false, false};
    double last_x = -1;
    int last_rank = -1;
    size_t n = jmap_scene_count(s);
    for (size_t i = 0; i < n; i++) {
        const jmap_scene_item *it = jmap_scene_item_at(s, i);
        if (it->kind != JMAP_SI_TEXT)
            continue;
        if (strcmp(it->role, "severity") == 0) {
            assert_true(severity_rank(it->text) >= 0);
            drawn_sev[severity_rank(it->text)] = true;
        } else if (strcmp(it->role, "legend") == 0 && it->font.bold) {
            int r = severity_rank(it->text);
            assert_true(r >= 0);
            assert_false(legend_sev[r]);
            legend_sev[r] = true;
            /* the badges flow left to right in severity order */
            if (last_x >= 0 && it->x > last_x)
                assert_true(r > last_rank);
            last_x = it->x;
            last_rank = r;
        }
    }
    bool any_sev = false;
    for (int r = 0; r < 3; r++) {
        assert_true(drawn_sev[r] == legend_sev[r]);
        any_sev = any_sev || drawn_sev[r];
    }
    assert_int_equal(count_role(s, JMAP_SI_TEXT, "legend-heading", NULL), any_sev ? 1 : 0);
    /* the curve's marks */
    for (int shape = JMAP_MARK_CIRCLE; shape <= JMAP_MARK_STAR; shape++) {
        bool point = false, entry = false;
        for (size_t i = 0; i < n; i++) {
            const jmap_scene_item *it = jmap_scene_item_at(s, i);
            if (it->kind != JMAP_SI_MARKER || it->shape != shape)
                continue;
            if (strcmp(it->role, "point") == 0 && (!it->hollow || shape == JMAP_MARK_STAR))
                point = true;
            if (strcmp(it->role, "legend-mark") == 0 && !it->hollow)
                entry = true;
        }
        if (point)
            assert_true(entry);
    }
    assert_true((count_hollow(s, "point", 1) > 0) == (count_hollow(s, "legend-mark", 1) > 0));
    assert_true((count_role(s, JMAP_SI_PATH, "target-curve", NULL) > 0) ==
                (count_role(s, JMAP_SI_LINE, "legend-target", NULL) > 0));
}

/* Persona cards: each row of cards spans the band (title edge to the
 * footer's right edge), at least 95 % of it. */
static void check_persona_band(const jmap_scene *s)
{
    const jmap_scene_item *foot = first_role(s, "footer");
    const jmap_scene_item *title = first_role(s, "title");
    assert_non_null(foot);
    assert_non_null(title);
    double left = title->x, right = foot->x + foot->w;
    size_t n = jmap_scene_count(s);
    for (size_t i = 0; i < n; i++) {
        const jmap_scene_item *a = jmap_scene_item_at(s, i);
        if (strcmp(a->role, "persona-card") != 0)
            continue;
        double x0 = a->x, x1 = a->x + a->w;
        for (size_t k = 0; k < n; k++) {
            const jmap_scene_item *b = jmap_scene_item_at(s, k);
            if (strcmp(b->role, "persona-card") == 0 && fabs(b->y - a->y) < EPS) {
                x0 = fmin(x0, b->x);
                x1 = fmax(x1, b->x + b->w);
            }
        }
        if (x1 - x0 < 0.95 * (right - left))
            print_message("persona cards span %.1f..%.1f of %.1f..%.1f\n", x0, x1, left, right);
        assert_true(x1 - x0 >= 0.95 * (right - left));
    }
}

/* Lanes (but the emotion curve's, which has room for its labels) are
 * their content and their padding, no more: their content starts after
 * the top padding and ends less than the padding and a grid step above
 * their bottom. At the map's natural size. */
#define LANE_PAD 12.0
#define GRID_U 4.0
static void check_lane_heights(const jmap_scene *s)
{
    for (size_t li = 0; li < s->n_lanes; li++) {
        const jmap_scene_lane *ln = &s->lanes[li];
        if (ln->lane == JMAP_LANE_EMOTIONS)
            continue;
        double top = 1e9, bottom = -1e9;
        for (size_t i = 0; i < jmap_scene_count(s); i++) {
            const jmap_scene_item *it = jmap_scene_item_at(s, i);
            if (it->kind == JMAP_SI_ARROW) {
                /* an arrow's horizontal runs keep to tracks of the lane */
                for (size_t k = 0; k + 1 < it->n_pts; k++) {
                    double y = it->pts[2 * k + 1];
                    if (fabs(y - it->pts[2 * k + 3]) < EPS && y > ln->y0 && y < ln->y1) {
                        top = fmin(top, y);
                        bottom = fmax(bottom, y);
                    }
                }
                continue;
            }
            if (it->lane != (int)ln->lane || it->kind == JMAP_SI_LINK)
                continue;
            top = fmin(top, it->y);
            bottom = fmax(bottom, it->y + it->h);
        }
        if (!(top <= ln->y0 + LANE_PAD + EPS && ln->y1 - bottom < LANE_PAD + GRID_U + EPS))
            print_message("lane %s %.1f..%.1f has content %.1f..%.1f\n", jmap_lane_name(ln->lane),
                          ln->y0, ln->y1, top, bottom);
        assert_true(top <= ln->y0 + LANE_PAD + EPS);
        assert_true(ln->y1 - bottom < LANE_PAD + GRID_U + EPS);
    }
}

/* Header and footer: the footer repeats none of the header's metadata
 * (author, version and date are shown once, in the header: the footer
 * says where the map comes from). */
static void check_metadata_once(const jmap_journey *j, const jmap_scene *s)
{
    const jmap_scene_item *author = first_role(s, "author");
    const jmap_scene_item *meta = first_role(s, "meta");
    assert_true((author != NULL) == (j->author != NULL));
    assert_true((meta != NULL) == (j->version != NULL || j->date != NULL));
    for (size_t i = 0; i < jmap_scene_count(s); i++) {
        const jmap_scene_item *it = jmap_scene_item_at(s, i);
        if (it->kind != JMAP_SI_TEXT || strncmp(it->role, "footer", 6) != 0)
            continue;
        if (author)
            assert_null(strstr(it->text, author->text));
        if (meta)
            assert_null(strstr(it->text, meta->text));
        if (j->author)
            assert_null(strstr(it->text, j->author));
    }
}

/* WCAG 2 relative luminance and contrast ratio. */
static double lum(uint32_t c)
{
    double ch[3] = {((c >> 16) & 255) / 255.0, ((c >> 8) & 255) / 255.0, (c & 255) / 255.0};
    for (int i = 0; i < 3; i++)
        ch[i] = ch[i] <= 0.03928 ? ch[i] / 12.92 : pow((ch[i] + 0.055) / 1.055, 2.4);
    return 0.2126 * ch[0] + 0.7152 * ch[1] + 0.0722 * ch[2];
}

static double contrast(uint32_t a, uint32_t b)
{
    double la = lum(a), lb = lum(b);
    return (fmax(la, lb) + 0.05) / (fmin(la, lb) + 0.05);
}

static uint32_t blend(uint32_t top, uint32_t under, double alpha)
{
    uint32_t r = 0;
    for (int sh = 0; sh <= 16; sh += 8) {
        double v = ((top >> sh) & 255) * alpha + ((under >> sh) & 255) * (1 - alpha);
        r |= (uint32_t)lround(v) << sh;
    }
    return r;
}

/* Every text meets WCAG AA (4.5:1) against what is drawn under its centre:
 * the page, or the filled boxes and discs drawn before it. */
static void check_contrast(const jmap_scene *s)
{
    size_t n = jmap_scene_count(s);
    for (size_t i = 0; i < n; i++) {
        const jmap_scene_item *t = jmap_scene_item_at(s, i);
        if (t->kind != JMAP_SI_TEXT)
            continue;
        double cx = t->x + t->w / 2, cy = t->y + t->h / 2;
        uint32_t bg = s->background;
        for (size_t k = 0; k < i; k++) {
            const jmap_scene_item *r = jmap_scene_item_at(s, k);
            if ((r->kind != JMAP_SI_RECT && r->kind != JMAP_SI_MARKER) ||
                r->fill == JMAP_NO_COLOR)
                continue;
            if (cx >= r->x && cx <= r->x + r->w && cy >= r->y && cy <= r->y + r->h)
                bg = blend(r->fill, bg, r->alpha);
        }
        double c = contrast(t->fill, bg);
        if (c < 4.5)
            print_message("contrast %.2f: %s '%s' #%06X on #%06X\n", c, t->role, t->text,
                          (unsigned)t->fill, (unsigned)bg);
        assert_true(c >= 4.5);
    }
}

static bool is_role(const jmap_scene_item *it, jmap_scene_kind kind, const char *role)
{
    return it->kind == kind && it->role && strcmp(it->role, role) == 0;
}

static bool inside(const jmap_scene_item *a, const jmap_scene_item *box)
{
    return a->x >= box->x - EPS && a->y >= box->y - EPS && a->x + a->w <= box->x + box->w + EPS &&
           a->y + a->h <= box->y + box->h + EPS;
}

/* The gap between two boxes (0 when they touch or overlap). */
static double box_gap(double ax, double ay, double aw, double ah, double bx, double by, double bw,
                      double bh)
{
    double dx = fmax(0, fmax(ax - (bx + bw), bx - (ax + aw)));
    double dy = fmax(0, fmax(ay - (by + bh), by - (ay + ah)));
    return fmax(dx, dy);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static size_t nearest(const double *xs, size_t n, double x)
{
    size_t best = 0;
    for (size_t i = 1; i < n; i++)
        if (fabs(xs[i] - x) < fabs(xs[best] - x))
            best = i;
    return best;
}

/* A persona's points on the map built without a mask: the touchpoints it
 * meets with a score, in map order. */
static size_t persona_points(const jmap_journey *j, size_t p, const jmap_touchpoint **out)
{
    size_t n = 0;
    for (size_t si = 0; si < j->n_stages; si++)
        for (size_t t = 0; t < j->stages[si]->n_touchpoints; t++) {
            const jmap_touchpoint *tp = j->stages[si]->touchpoints[t];
            if (tp->meets[p] && tp->emotion[p].set) {
                if (out)
                    out[n] = tp;
                n++;
            }
        }
    return n;
}

/*
 * The emotion curve's rules (visual.md): one label block per point, clear
 * of the markers, the curves' other labels and each other; a name at the
 * end of each persona's line; a lowest point only on a curve of three
 * points or more; survey counts fixed to their points; one dash pattern per
 * persona; no line across a touchpoint its persona is absent from; a gap
 * column for every empty stage.
 */
static void check_curve(const jmap_journey *j, const jmap_scene *s)
{
    if (!find_lane(s, JMAP_LANE_EMOTIONS))
        return;
    size_t n = jmap_scene_count(s);
    static const char *const block_roles[] = {"mot-label", "feeling", "lowest", "persona-point"};
    size_t blocks = 0, feelings = 0, mots = 0, lowests = 0;
    for (size_t i = 0; i < n; i++) {
        const jmap_scene_item *b = jmap_scene_item_at(s, i);
        if (!is_role(b, JMAP_SI_RECT, "label-block"))
            continue;
        blocks++;
        size_t in_feel = 0, in_mot = 0;
        for (size_t k = 0; k < n; k++) {
            const jmap_scene_item *o = jmap_scene_item_at(s, k);
            if (o->lane != JMAP_LANE_EMOTIONS || k == i)
                continue;
            if (is_role(o, JMAP_SI_TEXT, "feeling") && inside(o, b))
                in_feel++;
            if (is_role(o, JMAP_SI_TEXT, "mot-label") && inside(o, b))
                in_mot++;
            /* blocks keep clear of each other, of the points, of the
             * targets, of the names and counts, of the empty stages */
            bool clear_of = is_role(o, JMAP_SI_RECT, "label-block") ||
                            is_role(o, JMAP_SI_MARKER, "point") ||
                            is_role(o, JMAP_SI_MARKER, "target-point") ||
                            is_role(o, JMAP_SI_TEXT, "persona-end") ||
                            is_role(o, JMAP_SI_TEXT, "responses") ||
                            is_role(o, JMAP_SI_RECT, "gap");
            if (clear_of && overlap(b, o))
                print_message("label block at %.1f %.1f overlaps %s at %.1f %.1f\n", b->x, b->y,
                              o->role, o->x, o->y);
            assert_false(clear_of && overlap(b, o));
        }
        assert_true(in_feel <= 1 && in_mot <= 1);
    }
    /* every line of a point's label is in one block */
    for (size_t i = 0; i < n; i++) {
        const jmap_scene_item *t = jmap_scene_item_at(s, i);
        bool block_line = false;
        for (size_t r = 0; r < 4; r++)
            block_line |= is_role(t, JMAP_SI_TEXT, block_roles[r]);
        if (!block_line)
            continue;
        feelings += is_role(t, JMAP_SI_TEXT, "feeling");
        mots += is_role(t, JMAP_SI_TEXT, "mot-label");
        lowests += is_role(t, JMAP_SI_TEXT, "lowest");
        size_t in = 0;
        for (size_t k = 0; k < n; k++) {
            const jmap_scene_item *b = jmap_scene_item_at(s, k);
            if (is_role(b, JMAP_SI_RECT, "label-block") && inside(t, b))
                in++;
        }
        if (in != 1)
            print_message("'%s' is in %zu label blocks\n", t->text, in);
        assert_int_equal(in, 1);
    }
    /* one block per point: as many as touchpoints with something to say */
    size_t want_feel = 0, want_mot = 0, want_low = 0, with_label = 0, tps = 0;
    bool low_at[4096] = {false};
    size_t n_named = 0;
    for (size_t p = 0; p < j->n_personas; p++) {
        const jmap_touchpoint *pts[4096];
        size_t np = persona_points(j, p, NULL);
        if (np > 4096)
            continue;
        persona_points(j, p, pts);
        n_named += np > 0 && !j->personas_implicit && j->personas[p]->name;
        if (np < 3)
            continue;
        want_low++;
        size_t lo = 0;
        for (size_t k = 1; k < np; k++)
            if (pts[k]->emotion[p].value < pts[lo]->emotion[p].value)
                lo = k;
        if (pts[lo]->index < 4096)
            low_at[pts[lo]->index] = true;
    }
    for (size_t t = 0; t < j->n_touchpoints; t++) {
        const jmap_touchpoint *tp = j->touchpoints[t];
        tps++;
        want_feel += !jmap_lay_blank_test(tp->feeling);
        want_mot += tp->moment_of_truth;
        with_label += !jmap_lay_blank_test(tp->feeling) || tp->moment_of_truth ||
                      (t < 4096 && low_at[t]);
    }
    assert_int_equal(feelings, want_feel);
    assert_int_equal(mots, want_mot);
    /* no lowest point on a curve of fewer than three points */
    assert_int_equal(lowests, want_low);
    assert_true(blocks >= with_label && blocks <= tps);
    /* each named persona with a point has its name at the end of its line */
    size_t ends = 0;
    for (size_t i = 0; i < n; i++) {
        const jmap_scene_item *t = jmap_scene_item_at(s, i);
        if (!is_role(t, JMAP_SI_TEXT, "persona-end"))
            continue;
        ends++;
        for (size_t k = 0; k < n; k++) {
            const jmap_scene_item *o = jmap_scene_item_at(s, k);
            bool clear_of = o != t && (is_role(o, JMAP_SI_MARKER, "point") ||
                                       is_role(o, JMAP_SI_TEXT, "persona-end") ||
                                       is_role(o, JMAP_SI_TEXT, "responses"));
            assert_false(clear_of && overlap(t, o));
        }
    }
    assert_int_equal(ends, n_named);
    for (size_t p = 0; p < j->n_personas; p++)
        if (!j->personas_implicit && j->personas[p]->name && persona_points(j, p, NULL))
            assert_int_equal(count_role(s, JMAP_SI_TEXT, "persona-end", j->personas[p]->name), 1);
    /* survey counts sit on their points: within 3 pt of the marker or its
     * spread bar */
    for (size_t i = 0; i < n; i++) {
        const jmap_scene_item *t = jmap_scene_item_at(s, i);
        if (!is_role(t, JMAP_SI_TEXT, "responses"))
            continue;
        double best = 1e9;
        for (size_t k = 0; k < n; k++) {
            const jmap_scene_item *m = jmap_scene_item_at(s, k);
            if (!is_role(m, JMAP_SI_MARKER, "point"))
                continue;
            double mx = m->x, my = m->y, mw = m->w, mh = m->h, cx = m->x + m->w / 2;
            for (size_t b = 0; b < n; b++) {
                const jmap_scene_item *bar = jmap_scene_item_at(s, b);
                if (is_role(bar, JMAP_SI_LINE, "spread") && fabs(bar->x - cx) < EPS) {
                    double y0 = fmin(my, fmin(bar->y, bar->y2));
                    double y1 = fmax(my + mh, fmax(bar->y, bar->y2));
                    my = y0;
                    mh = y1 - y0;
                    mx = fmin(mx, cx - 3);
                    mw = fmax(mw, 6);
                }
            }
            best = fmin(best, box_gap(t->x, t->y, t->w, t->h, mx, my, mw, mh));
        }
        if (best > 3)
            print_message("'%s' is %.1f pt from its point\n", t->text, best);
        assert_true(best <= 3);
    }
    /* one dash pattern per persona, the curves drawn with theirs */
    int dashes[64];
    size_t nd = 0;
    for (size_t i = 0; i < n; i++) {
        const jmap_scene_item *ln = jmap_scene_item_at(s, i);
        if (!is_role(ln, JMAP_SI_LINE, "legend-curve"))
            continue;
        for (size_t k = 0; k < nd; k++)
            if (nd < JMAP_DASH_COUNT)
                assert_int_not_equal(dashes[k], ln->dash);
        if (nd < 64)
            dashes[nd++] = ln->dash;
    }
    /* no line across a touchpoint or an empty stage its persona has no
     * point at: between two neighbouring points of a curve, no other
     * column */
    double cols[4096];
    size_t nc = 0;
    for (size_t i = 0; i < n && nc < 4096; i++) {
        const jmap_scene_item *c = jmap_scene_item_at(s, i);
        if (is_role(c, JMAP_SI_RECT, "tp-card") || is_role(c, JMAP_SI_RECT, "gap"))
            cols[nc++] = c->x + c->w / 2;
    }
    qsort(cols, nc, sizeof *cols, cmp_double);
    for (size_t i = 0; i < n; i++) {
        const jmap_scene_item *c = jmap_scene_item_at(s, i);
        if (!is_role(c, JMAP_SI_PATH, "curve") && !is_role(c, JMAP_SI_PATH, "target-curve"))
            continue;
        for (size_t k = 0; k + 3 < c->n_pts; k += 3) {
            /* side by side, points stand off their column's centre */
            size_t a = nearest(cols, nc, c->pts[2 * k]), b = nearest(cols, nc, c->pts[2 * (k + 3)]);
            if (b != a + 1)
                print_message("%s from %.1f to %.1f crosses a column\n", c->role, c->pts[2 * k],
                              c->pts[2 * (k + 3)]);
            assert_int_equal(b, a + 1);
        }
    }
    /* every empty stage is a marked gap */
    size_t empty = 0;
    for (size_t si = 0; si < j->n_stages; si++)
        empty += j->stages[si]->n_touchpoints == 0;
    assert_int_equal(count_role(s, JMAP_SI_RECT, "gap", NULL), empty);
    assert_int_equal(count_role(s, JMAP_SI_TEXT, "gap-label", NULL), empty);
}

/* The --state view the scene under check was laid out for. */
static jmap_state_view check_view = JMAP_VIEW_ALL;

/* Arrows (hand-offs, `next` links, the cycle) cross no text and no card:
 * each segment keeps out of their inside. */
static void check_arrows(const jmap_scene *s)
{
    size_t n = jmap_scene_count(s);
    for (size_t i = 0; i < n; i++) {
        const jmap_scene_item *a = jmap_scene_item_at(s, i);
        if (a->kind != JMAP_SI_ARROW)
            continue;
        assert_true(a->n_pts >= 2);
        for (size_t k = 0; k + 1 < a->n_pts; k++) {
            double x0 = a->pts[2 * k], y0 = a->pts[2 * k + 1];
            double x1 = a->pts[2 * k + 2], y1 = a->pts[2 * k + 3];
            /* laid out as horizontal and vertical runs */
            assert_true(fabs(x0 - x1) < EPS || fabs(y0 - y1) < EPS);
            assert_true(x0 >= -EPS && x1 <= s->width + EPS && y0 >= -EPS && y1 <= s->height + EPS);
            double ax = fmin(x0, x1), bx = fmax(x0, x1), ay = fmin(y0, y1), by = fmax(y0, y1);
            for (size_t t = 0; t < n; t++) {
                const jmap_scene_item *b = jmap_scene_item_at(s, t);
                if (b->kind != JMAP_SI_TEXT && b->layer != JMAP_LAYER_CARD)
                    continue;
                if (b->kind == JMAP_SI_TEXT && b->layer == JMAP_LAYER_NONE)
                    continue; /* the letter inside a badge */
                bool hit = bx > b->x + 0.5 && ax < b->x + b->w - 0.5 && by > b->y + 0.5 &&
                           ay < b->y + b->h - 0.5;
                if (hit)
                    print_message("%s segment %.1f,%.1f-%.1f,%.1f crosses %s '%s' (%.1f %.1f "
                                  "%.1f %.1f)\n",
                                  a->role, x0, y0, x1, y1, b->role, b->text ? b->text : "", b->x,
                                  b->y, b->w, b->h);
                assert_false(hit);
            }
        }
    }
}

/* The blueprint: every step, value of a journey's own lane, failure and
 * waiting point of a drawn lane is placed; one card per step; the names
 * of the blueprint lines are the known ones. */
static void check_blueprint(const jmap_journey *j, const jmap_scene *s)
{
    size_t steps[JMAP_BP_COUNT] = {0};
    for (size_t t = 0; t < j->n_touchpoints; t++) {
        const jmap_touchpoint *tp = j->touchpoints[t];
        for (int b = 0; b < JMAP_BP_COUNT; b++) {
            if (!find_lane(s, JMAP_BP_LANE(b)))
                continue;
            steps[b] += tp->steps[b].n;
            for (size_t i = 0; i < tp->steps[b].n; i++)
                assert_true(text_placed(s, tp->steps[b].items[i]));
        }
        for (size_t k = 0; k < j->n_custom_lanes && tp->lane_values; k++)
            if (find_lane(s, JMAP_LANE_CUSTOM(k)))
                for (size_t i = 0; i < tp->lane_values[k].n; i++)
                    assert_true(text_placed(s, tp->lane_values[k].items[i]));
        bool bp = false;
        for (int b = 0; b < JMAP_BP_COUNT; b++)
            bp = bp || find_lane(s, JMAP_BP_LANE(b));
        if (bp) {
            assert_true(text_placed(s, tp->fail_point));
            assert_true(text_placed(s, tp->wait));
        }
    }
    for (int b = 0; b < JMAP_BP_COUNT; b++) {
        size_t cards = 0;
        for (size_t i = 0; i < jmap_scene_count(s); i++) {
            const jmap_scene_item *it = jmap_scene_item_at(s, i);
            if (it->kind == JMAP_SI_RECT && it->lane == (int)JMAP_BP_LANE(b) &&
                (strcmp(it->role, "bp-step") == 0 || strcmp(it->role, "bp-system") == 0))
                cards++;
        }
        assert_int_equal(cards, steps[b]);
    }
    for (size_t i = 0; i < jmap_scene_count(s); i++) {
        const jmap_scene_item *it = jmap_scene_item_at(s, i);
        if (it->kind == JMAP_SI_TEXT && strcmp(it->role, "bp-line-label") == 0)
            assert_true(strstr(it->text, "nteraction") || strstr(it->text, "isibilit"));
    }
    /* the legend names the marks drawn */
    assert_true((count_role(s, JMAP_SI_MARKER, "bp-fail", NULL) > 0) ==
                (count_role(s, JMAP_SI_MARKER, "legend-fail", NULL) > 0));
    assert_true((count_role(s, JMAP_SI_MARKER, "bp-wait", NULL) > 0) ==
                (count_role(s, JMAP_SI_MARKER, "legend-wait", NULL) > 0));
    assert_true((count_role(s, JMAP_SI_ARROW, "handoff", NULL) > 0) ==
                (count_role(s, JMAP_SI_ARROW, "legend-handoff", NULL) > 0));
    assert_true((count_role(s, JMAP_SI_ARROW, "next", NULL) > 0) ==
                (count_role(s, JMAP_SI_ARROW, "legend-next", NULL) > 0));
}

static void check_scene(const jmap_journey *j, const jmap_scene *s)
{
    check_geometry(s);
    check_arrows(s);
    check_blueprint(j, s);
    check_curve_labels(s);
    check_legend(j, s);
    check_persona_band(s);
    check_lane_heights(s);
    check_metadata_once(j, s);
    check_contrast(s);
    check_curve(j, s);
    /* every text of a shown lane is placed */
    for (size_t si = 0; si < j->n_stages; si++) {
        const jmap_stage *st = j->stages[si];
        assert_true(text_placed(s, st->name));
        for (size_t k = 0; k < st->n_pains; k++)
            assert_true(text_placed(s, st->pains[k]->text));
        for (size_t k = 0; k < st->n_opportunities; k++)
            assert_true(text_placed(s, st->opportunities[k]->text));
        for (size_t k = 0; k < st->n_kpis; k++)
            assert_true(text_placed(s, st->kpis[k].name));
    }
    for (size_t t = 0; t < j->n_touchpoints; t++) {
        const jmap_touchpoint *tp = j->touchpoints[t];
        if (!jmap_lay_tp_shown(j, NULL, check_view, tp)) {
            assert_false(text_placed(s, tp->name));
            continue;
        }
        if (find_lane(s, JMAP_LANE_TOUCHPOINTS))
            assert_true(text_placed(s, tp->name));
        if (find_lane(s, JMAP_LANE_DOING))
            assert_true(text_placed(s, tp->doing));
        if (find_lane(s, JMAP_LANE_THINKING)) {
            assert_true(text_placed(s, tp->thinking));
            assert_true(text_placed(s, tp->quote));
        }
        if (find_lane(s, JMAP_LANE_EMOTIONS))
            assert_true(text_placed(s, tp->feeling));
        if (find_lane(s, JMAP_LANE_OWNERS))
            assert_true(text_placed(s, tp->owner));
        for (size_t k = 0; k < tp->n_pains; k++)
            assert_true(text_placed(s, tp->pains[k]->text));
        for (size_t k = 0; k < tp->n_opportunities; k++)
            assert_true(text_placed(s, tp->opportunities[k]->text));
    }
    assert_true(text_placed(s, j->title));
}

/* Opportunities in one cell of the matrix, and ones without impact or
 * effort, beyond these are counted, not drawn (layout_report.c). */
#define CELL_MAX_CHIPS 8
#define UNPLACED_MAX 10
#define INSIGHTS_MAX 8

/* The analysis page: geometry, six key figures, every opportunity placed
 * on the matrix unless its cell is full (then a "+ N" line says so), a
 * heading for every kind of finding present. */
static void check_report(const jmap_journey *j, const jmap_measurer *m)
{
    jmap_analysis *a = jmap_analysis_new(j, NULL);
    jmap_scene *s = jmap_layout_report(j, a, NULL, m);
    check_geometry(s);
    assert_int_equal(count_role(s, JMAP_SI_TEXT, "figure-count", NULL), 6);
    size_t cell[4][4] = {{0}};
    for (size_t i = 0; i < a->n_opportunities; i++) {
        const jmap_opportunity *o = a->opportunities[i].opportunity;
        cell[o->impact][o->effort]++;
    }
    size_t want_chips = 0, unplaced = 0, more = 0;
    for (int im = JMAP_LEVEL_LOW; im <= JMAP_LEVEL_HIGH; im++)
        for (int ef = JMAP_LEVEL_LOW; ef <= JMAP_LEVEL_HIGH; ef++) {
            want_chips += cell[im][ef] < CELL_MAX_CHIPS ? cell[im][ef] : CELL_MAX_CHIPS;
            more += cell[im][ef] > CELL_MAX_CHIPS;
        }
    for (size_t i = 0; i < a->n_opportunities; i++) {
        const jmap_opportunity *o = a->opportunities[i].opportunity;
        bool placed = o->impact != JMAP_LEVEL_NONE && o->effort != JMAP_LEVEL_NONE;
        if (!placed)
            unplaced++;
        if (placed ? cell[o->impact][o->effort] <= CELL_MAX_CHIPS : unplaced <= UNPLACED_MAX)
            assert_true(text_placed(s, o->text));
    }
    want_chips += unplaced < UNPLACED_MAX ? unplaced : UNPLACED_MAX;
    more += unplaced > UNPLACED_MAX;
    assert_int_equal(count_role(s, JMAP_SI_RECT, "matrix-opp", NULL), want_chips);
    assert_int_equal(count_role(s, JMAP_SI_TEXT, "matrix-more", NULL), more);
    size_t sections = (a->n_drops > 0) + (a->n_unaddressed > 0) + (a->n_moments > 0) +
                      (a->n_empty_stages > 0) + (a->n_gap_channels > 0) +
                      (a->n_inconsistencies > 0) + (a->n_kpi_misses > 0) +
                      (a->n_drop_offs > 0) + (a->n_unreachable > 0) + (a->n_unsupported > 0) +
                      (a->n_owner_handoffs > 0) + (a->n_data_again > 0);
    assert_int_equal(count_role(s, JMAP_SI_TEXT, "finding-heading", NULL), sections);
    /* the insights: a block of their own above the key figures, eight
     * lines at most */
    size_t lines = a->n_insights < INSIGHTS_MAX ? a->n_insights : INSIGHTS_MAX;
    assert_int_equal(count_role(s, JMAP_SI_TEXT, "insights-heading", NULL), a->n_insights > 0);
    assert_int_equal(count_role(s, JMAP_SI_TEXT, "insight", NULL), lines);
    assert_int_equal(count_role(s, JMAP_SI_TEXT, "insights-more", NULL), a->n_insights > INSIGHTS_MAX);
    for (size_t i = 0; i < lines; i++)
        if (a->insights[i].stage == NULL)
            assert_true(text_placed(s, a->insights[i].text));
    if (a->n_insights) {
        const jmap_scene_item *box = NULL, *first_fig = NULL;
        for (size_t i = 0; i < jmap_scene_count(s); i++) {
            const jmap_scene_item *it = jmap_scene_item_at(s, i);
            if (!box && it->role && strcmp(it->role, "insights-box") == 0)
                box = it;
            if (!first_fig && it->role && strcmp(it->role, "figure") == 0)
                first_fig = it;
            /* every line of the block inside it */
            if (box && it->role && strncmp(it->role, "insight", 7) == 0 && it != box) {
                assert_true(it->x >= box->x - EPS && it->x + it->w <= box->x + box->w + EPS);
                assert_true(it->y >= box->y - EPS && it->y + it->h <= box->y + box->h + EPS);
            }
        }
        assert_non_null(box);
        assert_non_null(first_fig);
        assert_true(box->y + box->h <= first_fig->y + EPS);
    }
    assert_true(text_placed(s, j->title));
    jmap_scene_free(s);
    jmap_analysis_free(a);
}

static void check_journey(const jmap_journey *j, bool with_pango)
{
    jmap_measurer fake;
    jmap_measure_fake_init(&fake);
    jmap_scene *s = jmap_layout_build(j, NULL, &fake, NULL);
    check_scene(j, s);
    jmap_scene_free(s);
    check_report(j, &fake);
    if (with_pango) {
        jmap_pango *pg = jmap_pango_new(j->theme.font, j->locale == JMAP_LOCALE_FR ? "fr" : "en");
        jmap_measurer m;
        jmap_pango_measurer(pg, &m);
        s = jmap_layout_build(j, NULL, &m, NULL);
        check_scene(j, s);
        jmap_scene_free(s);
        check_report(j, &m);
        jmap_pango_free(pg);
    }
}

static jmap_doc *load_text(const char *name, const char *text)
{
    jmap_load_opts o = {0};
    o.no_image_check = true;
    jmap_doc *d = jmap_load(name, text, strlen(text), &o);
    assert_non_null(d);
    if (!d->journey) {
        for (size_t i = 0; i < d->diags.count; i++) {
            char *m = jmap_diag_format(&d->diags.items[i], false);
            print_message("%s", m);
            free(m);
        }
    }
    assert_non_null(d->journey);
    return d;
}


/* KPI trends: each sparkline stays in its KPI's cell, beside the bar, and
 * touches no other KPI item; the scene's invariants hold. */
static void test_kpi_spark(void **state)
{
    (void)state;
    static const char yaml[] =
        "jmap: 1\ntitle: T\nlocale: fr\nstages:\n"
        "  - {id: a, name: A, kpis: [{name: Visites, value: 1, target: 4000}], touchpoints: [{name: X}]}\n"
        "  - {id: b, name: B, touchpoints: [{name: Y}]}\n";
    static const char csv[] = "etape;indicateur;valeur;date\n"
                              "a;Visites;2 800;2025-01\na;Visites;3 900;2025-02\n"
                              "a;Visites;3 100;2025-03\nb;Nouveau;5;2025-01\nb;Nouveau;7;2025-02\n"
                              "b;Un seul;5;2025-01\n";
    jmap_doc *d = load_text("k.yaml", yaml);
    assert_true(jmap_apply_kpis(d, "k.csv", csv, strlen(csv)));
    check_journey(d->journey, true);
    jmap_measurer fake;
    jmap_measure_fake_init(&fake);
    jmap_scene *s = jmap_layout_build(d->journey, NULL, &fake, NULL);
    size_t n = jmap_scene_count(s), sparks = 0, ends = 0;
    for (size_t i = 0; i < n; i++) {
        const jmap_scene_item *a = jmap_scene_item_at(s, i);
        if (a->role && !strcmp(a->role, "kpi-spark-end"))
            ends++;
        if (!is_role(a, JMAP_SI_PATH, "kpi-spark"))
            continue;
        sparks++;
        for (size_t k = 0; k < n; k++) {
            const jmap_scene_item *b = jmap_scene_item_at(s, k);
            if (b->lane != JMAP_LANE_KPIS || b == a || !b->role || !strncmp(b->role, "kpi-spark", 9))
                continue;
            if (overlap(a, b))
                print_message("spark overlaps %s\n", b->role);
            assert_false(overlap(a, b));
        }
    }
    assert_int_equal(sparks, 2); /* a single dated value draws no trend */
    assert_int_equal(ends, 2);
    jmap_scene_free(s);
    jmap_doc_free(d);
}

/* ------------------------------------------------------- to-be journey */

/* States, drop-off, insights and declared phases: the invariants hold on
 * both measurers, for every --state view, and the views draw the
 * touchpoints they should. */
static void test_state_views(void **state)
{
    (void)state;
    char *text = NULL;
    gsize len = 0;
    assert_true(g_file_get_contents("tests/state/future.yaml", &text, &len, NULL));
    jmap_doc *d = load_text("tests/state/future.yaml", text);
    g_free(text);
    check_journey(d->journey, true);
    static const jmap_state_view views[3] = {JMAP_VIEW_ALL, JMAP_VIEW_CURRENT, JMAP_VIEW_FUTURE};
    static const size_t cards[3] = {4, 3, 3};
    jmap_pango *pg = jmap_pango_new(NULL, "fr");
    jmap_measurer ms[2];
    jmap_measure_fake_init(&ms[0]);
    jmap_pango_measurer(pg, &ms[1]);
    for (int v = 0; v < 3; v++)
        for (int k = 0; k < 2; k++) {
            jmap_layout_opts o = {0};
            o.state_view = views[v];
            jmap_scene *s = jmap_layout_build(d->journey, &o, &ms[k], NULL);
            check_view = views[v];
            check_scene(d->journey, s);
            check_view = JMAP_VIEW_ALL;
            size_t n = 0;
            for (size_t i = 0; i < jmap_scene_count(s); i++)
                n += !strcmp(jmap_scene_item_at(s, i)->role, "tp-card");
            assert_int_equal(n, cards[v]);
            jmap_scene_free(s);
        }
    jmap_pango_free(pg);
    jmap_doc_free(d);
}

/* ------------------------------------------------------------- examples */

static void test_examples(void **state)
{
    (void)state;
    GDir *dir = g_dir_open("examples", 0, NULL);
    assert_non_null(dir);
    const char *name;
    int n = 0;
    while ((name = g_dir_read_name(dir))) {
        if (!g_str_has_suffix(name, ".yaml"))
            continue;
        char *path = g_build_filename("examples", name, NULL);
        char *text = NULL;
        gsize len = 0;
        assert_true(g_file_get_contents(path, &text, &len, NULL));
        jmap_load_opts o = {0};
        jmap_doc *d = jmap_load(path, text, len, &o);
        if (d->journey) {
            print_message("example %s\n", name);
            check_journey(d->journey, true);
            n++;
            /* survey responses beside the example: n, spread bars, hollow points */
            char *csv_path = g_strdup_printf("%.*s.csv", (int)(strlen(path) - 5), path);
            char *csv = NULL;
            gsize csv_len = 0;
            if (g_file_get_contents(csv_path, &csv, &csv_len, NULL)) {
                print_message("example %s with %s\n", name, csv_path);
                assert_true(jmap_apply_survey(d, csv_path, csv, csv_len));
                check_journey(d->journey, true);
                g_free(csv);
            }
            g_free(csv_path);
        }
        jmap_doc_free(d);
        g_free(text);
        g_free(path);
    }
    g_dir_close(dir);
    assert_true(n > 0);
}

/* ------------------------------------------------------ stress journeys */

static unsigned lcg(unsigned *s)
{
    *s = *s * 1103515245u + 12345u;
    return (*s >> 16) & 0x7FFF;
}

static void test_many_touchpoints(void **state)
{
    (void)state;
    GString *y = g_string_new("jmap: 1\ntitle: Stress\nscale: {min: 1, max: 5}\npersonas:\n");
    const char *ids[] = {"a", "b", "c", "d"};
    for (int p = 0; p < 4; p++)
        g_string_append_printf(y, "  - {id: %s, name: Persona %s, goals: [Goal %d]}\n", ids[p],
                               ids[p], p);
    g_string_append(y, "stages:\n");
    unsigned seed = 7;
    for (int s = 0; s < 24; s++) {
        g_string_append_printf(y, "  - name: Stage %d\n    phase: %s\n    kpis: [{name: K%d, "
                                  "value: %d, target: 50, unit: '%%'}]\n    touchpoints:\n",
                               s, s < 8 ? "before" : s < 16 ? "during" : "after", s, s * 4);
        for (int t = 0; t < 10; t++) {
            int id = s * 10 + t;
            g_string_append_printf(y, "      - name: Touchpoint %d\n        channel: %s\n"
                                      "        doing: Does thing %d\n        feeling: feel%d\n",
                                   id, (id % 3) ? "web" : "phone", id, id);
            g_string_append(y, "        emotion: {");
            for (int p = 0; p < 4; p++)
                if (id % 11 != 0 || p % 2 == 0)
                    g_string_append_printf(y, "%s%s: %u", p ? ", " : "", ids[p],
                                           1 + lcg(&seed) % 5);
            g_string_append(y, "}\n");
            if (id % 7 == 0)
                g_string_append(y, "        moment_of_truth: true\n");
            if (id % 5 == 0)
                g_string_append_printf(y, "        target_emotion: %u\n", 1 + lcg(&seed) % 5);
            if (id % 11 == 0)
                g_string_append_printf(y, "        personas: [a, c]\n");
            if (id % 4 == 0)
                g_string_append_printf(y, "        pains: [Pain %d]\n", id);
        }
    }
    jmap_doc *d = load_text("stress.yaml", y->str);
    check_journey(d->journey, false);
    jmap_doc_free(d);
    g_string_free(y, TRUE);
}

/* Crowded analysis page: 30 opportunities in one cell, 14 without effort,
 * dozens of findings of every kind. */
static void test_report_crowded(void **state)
{
    (void)state;
    GString *y = g_string_new("jmap: 1\ntitle: Crowded\nlocale: fr\npersonas:\n"
                              "  - {id: a, name: Alice, channels: [web, phone, chat, store]}\n"
                              "  - {id: b, name: Bob, channels: [email, app]}\nstages:\n");
    for (int s = 0; s < 12; s++) {
        g_string_append_printf(y, "  - name: Étape %d\n    kpis: [{name: K%d, value: 1, target: 9}]\n"
                                  "    touchpoints:\n", s, s);
        if (s == 11)
            g_string_append(y, "      []\n");
        for (int t = 0; s < 11 && t < 4; t++) {
            int id = s * 4 + t;
            g_string_append_printf(y, "      - name: Point %d\n        channel: %s\n"
                                      "        emotion: {a: %d, b: %d}\n"
                                      "        moment_of_truth: %s\n"
                                      "        pains: [{text: Irritant %d, severity: high}]\n",
                                   id, t % 2 ? "web" : "phone", 1 + (id * 3) % 5,
                                   1 + (id * 7) % 5, id % 3 ? "false" : "true", id);
            g_string_append_printf(y, "        opportunities:\n"
                                      "          - {text: Idée rapide numéro %d avec un texte assez "
                                      "long pour passer à la ligne, impact: high, effort: low}\n"
                                      "          - {text: Sans effort %d, impact: medium}\n",
                                   id, id);
        }
    }
    jmap_doc *d = load_text("crowded.yaml", y->str);
    check_journey(d->journey, true);
    jmap_measurer fake;
    jmap_measure_fake_init(&fake);
    jmap_analysis *a = jmap_analysis_new(d->journey, NULL);
    jmap_scene *s = jmap_layout_report(d->journey, a, NULL, &fake);
    /* seven sections, each cut after six lines with a "+ N" line */
    assert_int_equal(count_role(s, JMAP_SI_TEXT, "finding-heading", NULL), 7);
    assert_true(count_role(s, JMAP_SI_TEXT, "finding-more", NULL) >= 5);
    assert_int_equal(count_role(s, JMAP_SI_TEXT, "matrix-more", NULL), 2);
    assert_true(count_role(s, JMAP_SI_TEXT, "matrix-more", "+ 36 autres dans jmap report"));
    jmap_scene_free(s);
    jmap_analysis_free(a);
    jmap_doc_free(d);
    g_string_free(y, TRUE);
}

/* The blueprint journey of the report goldens: every new section on the
 * analysis page, within the page; and a journey of many insights, cut
 * after eight lines. */
static void test_report_blueprint(void **state)
{
    (void)state;
    gchar *text = NULL;
    gsize len = 0;
    assert_true(g_file_get_contents("tests/golden/report-blueprint.yaml", &text, &len, NULL));
    jmap_doc *d = load_text("report-blueprint.yaml", text);
    g_free(text);
    check_journey(d->journey, true);
    jmap_measurer fake;
    jmap_measure_fake_init(&fake);
    jmap_analysis *a = jmap_analysis_new(d->journey, NULL);
    jmap_scene *s = jmap_layout_report(d->journey, a, NULL, &fake);
    assert_int_equal(count_role(s, JMAP_SI_TEXT, "insight", NULL), 4);
    assert_true(count_role(s, JMAP_SI_TEXT, "insight", "Ask: Everything hinges on the first call"));
    assert_true(count_role(s, JMAP_SI_TEXT, "finding-heading", "Biggest drop-offs (3)"));
    assert_true(count_role(s, JMAP_SI_TEXT, "finding-heading", "Unreachable touchpoints (1)"));
    assert_true(count_role(s, JMAP_SI_TEXT, "finding", "Satisfaction survey (Review, retired)"));
    assert_true(count_role(s, JMAP_SI_TEXT, "finding-heading", "Unsupported pains (2)"));
    assert_true(count_role(s, JMAP_SI_TEXT, "finding-heading", "Hand-offs between owners with a pain (2)"));
    assert_true(count_role(s, JMAP_SI_TEXT, "finding-heading", "Data asked again (2)"));
    jmap_scene_free(s);
    jmap_analysis_free(a);
    jmap_doc_free(d);

    GString *y = g_string_new("jmap: 1\ntitle: Many insights\nlocale: fr\ninsights:\n");
    for (int i = 0; i < 10; i++)
        g_string_append_printf(y, "  - Enseignement numéro %d, assez long pour passer à la ligne "
                                  "sur une page étroite ou pas du tout selon la police\n", i);
    g_string_append(y, "stages:\n  - name: Seule\n    insight: Et celui de l'étape\n"
                       "    touchpoints: [{name: A, emotion: 3}]\n");
    d = load_text("insights.yaml", y->str);
    check_journey(d->journey, true);
    a = jmap_analysis_new(d->journey, NULL);
    s = jmap_layout_report(d->journey, a, NULL, &fake);
    assert_int_equal(count_role(s, JMAP_SI_TEXT, "insight", NULL), 8);
    assert_true(count_role(s, JMAP_SI_TEXT, "insights-more", "+ 3 autres dans jmap report"));
    jmap_scene_free(s);
    jmap_analysis_free(a);
    jmap_doc_free(d);
    g_string_free(y, TRUE);
}

static void test_no_personas_empty_stage(void **state)
{
    (void)state;
    const char *y = "jmap: 1\ntitle: Small\nstages:\n"
                    "  - name: One\n    touchpoints:\n"
                    "      - {name: A, channel: web, emotion: 2, feeling: meh, doing: Looks}\n"
                    "  - name: Empty\n    pains: [Nothing happens here]\n"
                    "  - name: Three\n    touchpoints:\n"
                    "      - {name: B, emotion: 5, target_emotion: 4, owner: Team}\n";
    jmap_doc *d = load_text("small.yaml", y);
    check_journey(d->journey, true);
    jmap_doc_free(d);
}

static void test_long_texts(void **state)
{
    (void)state;
    GString *long_text = g_string_new(NULL);
    while (long_text->len < 500)
        g_string_append(long_text, "lorem ipsum dolor sit amet consectetur ");
    GString *word = g_string_new(NULL);
    while (word->len < 120)
        g_string_append(word, "x");
    char *y = g_strdup_printf(
        "jmap: 1\ntitle: %s\nsubtitle: %s\nstages:\n"
        "  - name: %s\n    goal: %s\n    touchpoints:\n"
        "      - name: %s\n        doing: %s\n        thinking: %s\n        feeling: %s\n"
        "        emotion: 1\n        pains: [{text: %s, evidence: %s}]\n"
        "        opportunities: [{text: %s, owner: %s, impact: high}]\n"
        "  - name: Two\n    touchpoints:\n      - {name: B, emotion: 5, feeling: %s}\n",
        long_text->str, long_text->str, long_text->str, long_text->str, long_text->str,
        long_text->str, word->str, long_text->str, long_text->str, long_text->str,
        long_text->str, long_text->str, word->str);
    jmap_doc *d = load_text("long.yaml", y);
    check_journey(d->journey, true);
    jmap_doc_free(d);
    g_free(y);
    g_string_free(long_text, TRUE);
    g_string_free(word, TRUE);
}

static void test_scripts(void **state)
{
    (void)state;
    const char *y =
        "jmap: 1\ntitle: 'Parcours « client » : test ?'\nlocale: fr\n"
        "personas:\n  - {name: Zoé, quote: Vraiment ?, goals: [Payer moins !]}\n"
        "  - {name: 山田 花子, role: 会社員}\n"
        "stages:\n  - name: Découverte\n    phase: before\n    touchpoints:\n"
        "      - name: 予約サイト\n        channel: web\n        doing: 予約します\n"
        "        thinking: これで大丈夫かな\n        feeling: 不安\n        emotion: 2\n"
        "      - name: موقع الحجز\n        doing: يحجز تذكرة\n        feeling: سعيد\n"
        "        emotion: 4\n        thinking: هل هذا صحيح؟\n"
        "  - name: Émoji 🎉\n    kpis: [{name: NPS, value: 2.5, target: 3, unit: '%'}]\n"
        "    touchpoints:\n      - name: Fête 🎉🚀\n        feeling: ravie 😀\n"
        "        emotion: 5\n        pains: ['Trop cher : 30 € !']\n";
    jmap_doc *d = load_text("scripts.yaml", y);
    check_journey(d->journey, true);
    /* French KPI numbers use a decimal comma */
    jmap_measurer fake;
    jmap_measure_fake_init(&fake);
    jmap_scene *s = jmap_layout_build(d->journey, NULL, &fake, NULL);
    bool comma = false;
    for (size_t i = 0; i < jmap_scene_count(s); i++) {
        const jmap_scene_item *it = jmap_scene_item_at(s, i);
        if (it->kind == JMAP_SI_TEXT && strstr(it->text, "2,5\u202F%"))
            comma = true;
    }
    assert_true(comma);
    jmap_scene_free(s);
    jmap_doc_free(d);
}

/* ------------------------------------------------ scripts and typography */

static void test_french_typography(void **state)
{
    (void)state;
    jmap_scene *s = jmap_scene_new();
    /* typographic apostrophes, not in URLs, addresses or paths */
    assert_string_equal(jmap_layout_french_spacing(s, "l'offre d'aujourd'hui"),
                        "l\u2019offre d\u2019aujourd\u2019hui");
    assert_string_equal(jmap_layout_french_spacing(s, "voir https://ex.fr/l'offre et l'aide"),
                        "voir https://ex.fr/l'offre et l\u2019aide");
    assert_string_equal(jmap_layout_french_spacing(s, "écrire à o'neil@ex.fr"),
                        "écrire à o'neil@ex.fr");
    /* inversions stay with their verb; compound words may still break */
    assert_string_equal(jmap_layout_french_spacing(s, "Le prix change-t-il ?"),
                        "Le prix change-\u2060t-\u2060il\u202F?");
    assert_string_equal(jmap_layout_french_spacing(s, "dit-elle, est-ce vrai"),
                        "dit-\u2060elle, est-\u2060ce vrai");
    assert_string_equal(jmap_layout_french_spacing(s, "Jean-Pierre, peut-être, Saint-Ilan"),
                        "Jean-Pierre, peut-être, Saint-Ilan");
    assert_string_equal(jmap_layout_french_spacing(s, "a-t-elle-même"), "a-\u2060t-\u2060elle-même");
    jmap_scene_free(s);
    /* the paragraph direction of a text: its first strong character */
    assert_true(jmap_layout_text_rtl("رحلة العميل — achat"));
    assert_true(jmap_layout_text_rtl("« 2026 » שלום"));
    assert_false(jmap_layout_text_rtl("achat — رحلة العميل"));
    assert_false(jmap_layout_text_rtl("123 !"));
    assert_false(jmap_layout_text_rtl(""));
}

static const jmap_scene_item *find_text(const jmap_scene *s, const char *role, const char *text)
{
    for (size_t i = 0; i < jmap_scene_count(s); i++) {
        const jmap_scene_item *it = jmap_scene_item_at(s, i);
        if (it->kind == JMAP_SI_TEXT && strcmp(it->role, role) == 0 &&
            (!text || strstr(it->text, text)))
            return it;
    }
    return NULL;
}

/* The card of the persona whose name is `name`: its avatar, its name. */
static void card_parts(const jmap_scene *s, const char *name, const jmap_scene_item **avatar,
                       const jmap_scene_item **name_it)
{
    *name_it = find_text(s, "persona-name", name);
    assert_non_null(*name_it);
    *avatar = NULL;
    for (size_t i = 0; i < jmap_scene_count(s); i++) {
        const jmap_scene_item *it = jmap_scene_item_at(s, i);
        if (strcmp(it->role, "persona-avatar") == 0 && fabs(it->y - ((*name_it)->y)) < 16 &&
            fabs(it->x - (*name_it)->x) < 400 &&
            (!*avatar || fabs(it->x - (*name_it)->x) < fabs((*avatar)->x - (*name_it)->x)))
            *avatar = it;
    }
    assert_non_null(*avatar);
}

static const char *SCRIPTS_YAML =
    "jmap: 1\ntitle: Parcours d'achat\nsubtitle: رحلة العميل — achat en ligne\nlocale: fr\n"
    "author: Équipe CX\nversion: '1.2'\ndate: '2026-11-27'\n"
    "personas:\n"
    "  - {id: a, name: ليلى بنعلي, role: مديرة مشتريات, quote: أريد أن أفهم,"
    " goals: [تقليل التكاليف], channels: [web, phone]}\n"
    "  - {id: b, name: Hanako Yamada, role: Acheteuse, quote: これで大丈夫かな}\n"
    "  - {id: c, name: Zoé Martin, quote: C'est cher, goals: [Payer moins]}\n"
    "stages:\n  - name: Découverte\n    touchpoints:\n"
    "      - {name: Site, channel: web, emotion: 3, thinking: Le prix change-t-il ?}\n"
    "  - name: Achat\n    touchpoints:\n"
    "      - {name: Paiement, channel: web, emotion: 2, thinking: 本当に安いの,"
    " pains: [{text: Lent, severity: low}]}\n";

/* Right-to-left texts: an Arabic persona's card is mirrored, an Arabic
 * subtitle keeps the title's edge; quotes follow the script; the date is
 * written the French way. Both measurers. */
static void test_scripts_layout(void **state)
{
    (void)state;
    jmap_doc *d = load_text("scripts2.yaml", SCRIPTS_YAML);
    check_journey(d->journey, true);
    jmap_measurer ms[2];
    jmap_measure_fake_init(&ms[0]);
    jmap_pango *pg = jmap_pango_new(NULL, "fr");
    jmap_pango_measurer(pg, &ms[1]);
    for (int k = 0; k < 2; k++) {
        jmap_scene *s = jmap_layout_build(d->journey, NULL, &ms[k], NULL);
        const jmap_scene_item *av, *nm;
        /* mirrored: avatar right of the texts, which are flush right */
        card_parts(s, "ليلى", &av, &nm);
        assert_true(av->x > nm->x + nm->w - EPS);
        assert_true(nm->rtl);
        assert_int_equal(nm->align, JMAP_ALIGN_RIGHT);
        const jmap_scene_item *label = find_text(s, "persona-label", "Objectifs");
        const jmap_scene_item *list = find_text(s, "persona-list", "التكاليف");
        assert_non_null(label);
        assert_non_null(list);
        assert_true(label->x > list->x); /* the label on the start (right) side */
        /* a left-to-right card is not */
        card_parts(s, "Hanako", &av, &nm);
        assert_true(av->x + av->w < nm->x + EPS);
        assert_false(nm->rtl);
        /* the subtitle's box starts at the title's edge */
        const jmap_scene_item *title = find_text(s, "title", NULL);
        const jmap_scene_item *sub = find_text(s, "subtitle", NULL);
        assert_true(sub->rtl);
        assert_true(fabs(sub->x - title->x) < EPS);
        /* quotation marks of the text's script, French ones otherwise */
        assert_non_null(find_text(s, "persona-quote", "\u300Cこれで大丈夫かな\u300D"));
        assert_non_null(find_text(s, "persona-quote", "\u00ABأريد أن أفهم\u00BB"));
        assert_non_null(find_text(s, "persona-quote", "«\u202FC\u2019est cher\u202F»"));
        assert_non_null(find_text(s, "thinking", "\u300C本当に安いの\u300D"));
        assert_non_null(find_text(s, "thinking", "change-\u2060t-\u2060il\u202F?"));
        /* the French date, once, in the header */
        assert_non_null(find_text(s, "meta", "1.2 · 27\u00A0nov.\u00A02026"));
        assert_null(find_text(s, "footer", "2026"));
        /* the owners lane's French name */
        jmap_scene_free(s);
    }
    jmap_pango_free(pg);
    jmap_doc_free(d);
}

/* Rendered through Pango and cairo, the Arabic subtitle's ink starts at
 * the title's left edge, not at the right of its wrap width. */
static void test_rtl_subtitle_render(void **state)
{
    (void)state;
    jmap_doc *d = load_text("scripts3.yaml", SCRIPTS_YAML);
    jmap_pango *pg = jmap_pango_new(NULL, "fr");
    jmap_measurer m;
    jmap_pango_measurer(pg, &m);
    jmap_scene *s = jmap_layout_build(d->journey, NULL, &m, NULL);
    const jmap_scene_item *title = find_text(s, "title", NULL);
    const jmap_scene_item *sub = find_text(s, "subtitle", NULL);
    jmap_render_opts o = {0};
    o.format = JMAP_OUT_PNG;
    o.scale = 1;
    GByteArray *png = g_byte_array_new();
    assert_true(jmap_render_map(d->journey, &o, png, NULL));
    cairo_surface_t *img = png_surface(png);
    /* leftmost inked column of a band of rows */
    double ink_title = ink_left(img, title->y, title->y + title->h);
    double ink_sub = ink_left(img, sub->y, sub->y + sub->h);
    print_message("title ink at %.0f, subtitle ink at %.0f (box at %.1f)\n", ink_title, ink_sub,
                  sub->x);
    assert_true(fabs(ink_sub - ink_title) <= 4);
    cairo_surface_destroy(img);
    g_byte_array_free(png, TRUE);
    jmap_scene_free(s);
    jmap_pango_free(pg);
    jmap_doc_free(d);
}

/* One entry per lane: every lane is its entry and its padding (see
 * check_lane_heights); a short pain keeps its badge on its line. */
static void test_single_entries(void **state)
{
    (void)state;
    const char *y =
        "jmap: 1\ntitle: One entry per lane\n"
        "personas: [{id: a, name: Ann, role: Buyer, goals: [Cheap], channels: [web]}]\n"
        "stages:\n  - name: S1\n    touchpoints:\n"
        "      - {name: A, channel: web, emotion: 3, doing: Looks, owner: Team}\n"
        "  - name: S2\n    touchpoints:\n      - {name: B, emotion: 4, thinking: Hmm}\n"
        "  - name: S3\n    kpis: [{name: NPS, value: 3, target: 5}, {name: CSAT, value: good}]\n"
        "    touchpoints:\n      - {name: C, emotion: 2, pains: [Slow]}\n";
    jmap_doc *d = load_text("single.yaml", y);
    check_journey(d->journey, true);
    jmap_measurer fake;
    jmap_measure_fake_init(&fake);
    jmap_scene *s = jmap_layout_build(d->journey, NULL, &fake, NULL);
    const jmap_scene_item *card = first_role(s, "pain-card");
    const jmap_scene_item *text = find_text(s, "pain-text", "Slow");
    const jmap_scene_item *chip = first_role(s, "severity-chip");
    assert_true(chip->y < text->y + text->h && text->y < chip->y + chip->h);
    assert_true(card->h <= 8 + fmax(text->h, chip->h) + 8 + GRID_U);
    jmap_scene_free(s);
    jmap_doc_free(d);
}

/* Without a channel lane, the legend names the cards' channel icons. */
static void test_legend_icons(void **state)
{
    (void)state;
    const char *y = "jmap: 1\ntitle: Icons\nlanes: [touchpoints, emotions]\n"
                    "stages:\n  - name: S\n    touchpoints:\n"
                    "      - {name: A, channel: web, emotion: 3}\n"
                    "      - {name: B, channel: phone, emotion: 4}\n"
                    "      - {name: C, channel: web, emotion: 2}\n";
    jmap_doc *d = load_text("icons.yaml", y);
    check_journey(d->journey, true);
    jmap_measurer fake;
    jmap_measure_fake_init(&fake);
    jmap_scene *s = jmap_layout_build(d->journey, NULL, &fake, NULL);
    assert_int_equal(count_role(s, JMAP_SI_ICON, "legend-icon", NULL), 2);
    assert_int_equal(count_role(s, JMAP_SI_MARKER, "legend-dot", NULL), 0);
    jmap_scene_free(s);
    jmap_doc_free(d);
}

/* One, two, three and five personas: every row of cards spans the band
 * (check_persona_band); a lone persona's card sets its rows in columns. */
static void test_persona_rows(void **state)
{
    (void)state;
    for (int n = 1; n <= 5; n += (n == 3 ? 2 : 1)) {
        GString *y = g_string_new("jmap: 1\ntitle: Rows\npersonas:\n");
        for (int p = 0; p < n; p++)
            g_string_append_printf(y, "  - {id: p%d, name: Persona %d, role: Role %d, quote: Q%d,"
                                      " goals: [Goal one, Goal two], frustrations: [Slow],"
                                      " expectations: [Fast], channels: [web, phone]}\n",
                                   p, p, p, p);
        g_string_append(y, "stages:\n");
        for (int st = 0; st < 4; st++)
            g_string_append_printf(y, "  - name: Stage %d\n    touchpoints:\n"
                                      "      - {name: T%d, channel: web, emotion: 3}\n",
                                   st, st);
        jmap_doc *d = load_text("rows.yaml", y->str);
        check_journey(d->journey, true);
        if (n == 1) {
            jmap_measurer fake;
            jmap_measure_fake_init(&fake);
            jmap_scene *s = jmap_layout_build(d->journey, NULL, &fake, NULL);
            const jmap_scene_item *name = find_text(s, "persona-name", NULL);
            const jmap_scene_item *label = find_text(s, "persona-label", NULL);
            assert_true(label->x > name->x + 200); /* beside the name, not under it */
            assert_true(label->y < name->y + name->h);
            jmap_scene_free(s);
        }
        jmap_doc_free(d);
        g_string_free(y, TRUE);
    }
}

/* ----------------------------------------------------------- the curve */

static void test_monotone(void **state)
{
    (void)state;
    double xs[] = {0, 10, 20, 30, 40, 50};
    double ys[] = {1, 5, 5, 1, 2, 1};
    double m[6];
    jmap_layout_monotone_tangents(xs, ys, 6, m);
    /* Hermite segments stay between their end values */
    for (int k = 0; k < 5; k++) {
        double h = xs[k + 1] - xs[k];
        double lo = fmin(ys[k], ys[k + 1]), hi = fmax(ys[k], ys[k + 1]);
        for (int s = 0; s <= 50; s++) {
            double t = s / 50.0;
            double h00 = 2 * t * t * t - 3 * t * t + 1, h10 = t * t * t - 2 * t * t + t;
            double h01 = -2 * t * t * t + 3 * t * t, h11 = t * t * t - t * t;
            double v = h00 * ys[k] + h10 * h * m[k] + h01 * ys[k + 1] + h11 * h * m[k + 1];
            assert_true(v >= lo - 1e-9 && v <= hi + 1e-9);
        }
    }
    /* a flat stretch stays flat, a local extremum has a flat tangent */
    assert_true(m[1] == 0 && m[2] == 0);
    assert_true(m[3] == 0);
}

static void test_french_spacing(void **state)
{
    (void)state;
    jmap_scene *s = jmap_scene_new();
    assert_string_equal(jmap_layout_french_spacing(s, "Vraiment ? Oui !"),
                        "Vraiment\u202F? Oui\u202F!");
    assert_string_equal(jmap_layout_french_spacing(s, "« Bonjour »"), "«\u202FBonjour\u202F»");
    /* one space after «, whichever the text had */
    assert_string_equal(jmap_layout_french_spacing(s, "«\u202FOui\u202F»"), "«\u202FOui\u202F»");
    assert_string_equal(jmap_layout_french_spacing(s, "«\u00A0Oui »"), "«\u202FOui\u202F»");
    assert_string_equal(jmap_layout_french_spacing(s, "note : a ; b"), "note\u202F: a\u202F; b");
    assert_string_equal(jmap_layout_french_spacing(s, "http://x"), "http://x");
    jmap_scene_free(s);
}

/* A persona mask hides the touchpoints only hidden personas meet. */
static void test_persona_mask(void **state)
{
    (void)state;
    const char *y = "jmap: 1\ntitle: Mask\npersonas: [{id: a, name: A}, {id: b, name: B}]\n"
                    "stages:\n  - name: S\n    touchpoints:\n"
                    "      - {name: OnlyB, personas: [b], emotion: 3}\n"
                    "      - {name: Both, emotion: 4}\n";
    jmap_doc *d = load_text("mask.yaml", y);
    bool mask[2] = {true, false};
    jmap_layout_opts o = {0};
    o.persona_mask = mask;
    jmap_measurer fake;
    jmap_measure_fake_init(&fake);
    jmap_scene *s = jmap_layout_build(d->journey, &o, &fake, NULL);
    bool only_b = false, both = false;
    for (size_t i = 0; i < jmap_scene_count(s); i++) {
        const jmap_scene_item *it = jmap_scene_item_at(s, i);
        if (it->kind == JMAP_SI_TEXT && strcmp(it->text, "OnlyB") == 0)
            only_b = true;
        if (it->kind == JMAP_SI_TEXT && strcmp(it->text, "Both") == 0)
            both = true;
    }
    assert_false(only_b);
    assert_true(both);
    jmap_scene_free(s);
    jmap_doc_free(d);
}

static size_t count_role(const jmap_scene *s, jmap_scene_kind kind, const char *role,
                         const char *text)
{
    size_t n = 0;
    for (size_t i = 0; i < jmap_scene_count(s); i++) {
        const jmap_scene_item *it = jmap_scene_item_at(s, i);
        if (it->kind == kind && strcmp(it->role, role) == 0 &&
            (!text || (it->text && strcmp(it->text, text) == 0)))
            n++;
    }
    return n;
}

/* A mask keeps the shown personas' curves, legend entries and cards only;
 * every persona card lists its preferred channels. */
static void test_persona_mask_curves(void **state)
{
    (void)state;
    const char *y = "jmap: 1\ntitle: Mask\nlocale: en\n"
                    "personas:\n"
                    "  - {id: a, name: Ann, color: '#112233', channels: [app, shop]}\n"
                    "  - {id: b, name: Bob, color: '#445566'}\n"
                    "channels: [{id: shop, name: Corner shop, icon: store}]\n"
                    "stages:\n  - name: S\n    touchpoints:\n"
                    "      - {name: OnlyA, personas: [a], channel: app, emotion: 2}\n"
                    "      - {name: OnlyB, personas: [b], channel: web, emotion: 4}\n"
                    "      - {name: Both, channel: web, emotion: {a: 3, b: 5}}\n";
    jmap_doc *d = load_text("mask2.yaml", y);
    jmap_measurer fake;
    jmap_measure_fake_init(&fake);
    jmap_layout_opts o = {0};

    /* every persona: Ann does not meet OnlyB, her line breaks there (two
     * points alone); Bob's joins OnlyB and Both */
    jmap_scene *s = jmap_layout_build(d->journey, &o, &fake, NULL);
    check_scene(d->journey, s);
    assert_int_equal(count_role(s, JMAP_SI_PATH, "curve", NULL), 1);
    assert_int_equal(count_role(s, JMAP_SI_MARKER, "point", NULL), 4);
    assert_int_equal(count_role(s, JMAP_SI_TEXT, "legend", "Ann"), 1);
    assert_int_equal(count_role(s, JMAP_SI_TEXT, "legend", "Bob"), 1);
    assert_int_equal(count_role(s, JMAP_SI_TEXT, "persona-name", NULL), 2);
    jmap_scene_free(s);

    /* only a */
    bool only_a[2] = {true, false};
    o.persona_mask = only_a;
    s = jmap_layout_build(d->journey, &o, &fake, NULL);
    check_geometry(s);
    assert_int_equal(count_role(s, JMAP_SI_PATH, "curve", NULL), 1);
    for (size_t i = 0; i < jmap_scene_count(s); i++) {
        const jmap_scene_item *it = jmap_scene_item_at(s, i);
        if (it->kind == JMAP_SI_PATH && strcmp(it->role, "curve") == 0)
            assert_int_equal(it->stroke, 0x112233);
        if (it->kind == JMAP_SI_MARKER && strcmp(it->role, "point") == 0)
            assert_int_not_equal(it->stroke, 0x445566);
    }
    assert_int_equal(count_role(s, JMAP_SI_TEXT, "legend", "Ann"), 1);
    assert_int_equal(count_role(s, JMAP_SI_TEXT, "legend", "Bob"), 0);
    assert_int_equal(count_role(s, JMAP_SI_TEXT, "tp-name", "OnlyA"), 1);
    assert_int_equal(count_role(s, JMAP_SI_TEXT, "tp-name", "Both"), 1);
    assert_int_equal(count_role(s, JMAP_SI_TEXT, "tp-name", "OnlyB"), 0);
    assert_int_equal(count_role(s, JMAP_SI_TEXT, "persona-name", "Ann"), 1);
    assert_int_equal(count_role(s, JMAP_SI_TEXT, "persona-name", "Bob"), 0);
    /* Ann's preferred channels: icons and names, built-in and declared */
    assert_int_equal(count_role(s, JMAP_SI_ICON, "persona-channel-icon", NULL), 2);
    assert_int_equal(count_role(s, JMAP_SI_TEXT, "persona-channel", "App"), 1);
    assert_int_equal(count_role(s, JMAP_SI_TEXT, "persona-channel", "Corner shop"), 1);
    jmap_scene_free(s);

    /* only b: Bob has no preferred channels, no channel row */
    bool only_b[2] = {false, true};
    o.persona_mask = only_b;
    s = jmap_layout_build(d->journey, &o, &fake, NULL);
    check_geometry(s);
    assert_int_equal(count_role(s, JMAP_SI_PATH, "curve", NULL), 1);
    assert_int_equal(count_role(s, JMAP_SI_TEXT, "legend", "Bob"), 1);
    assert_int_equal(count_role(s, JMAP_SI_TEXT, "legend", "Ann"), 0);
    assert_int_equal(count_role(s, JMAP_SI_TEXT, "tp-name", "OnlyA"), 0);
    assert_int_equal(count_role(s, JMAP_SI_ICON, "persona-channel-icon", NULL), 0);
    jmap_scene_free(s);
    jmap_doc_free(d);
}

/* A persona's single target value is a hollow marker on a gap bar from the
 * point, and the legend names that, not a dashed line. */
static void test_lone_target(void **state)
{
    (void)state;
    const char *y = "jmap: 1\ntitle: Target\npersonas: [{id: a, name: A}]\n"
                    "stages:\n  - name: S\n    touchpoints:\n"
                    "      - {name: One, emotion: 2, target_emotion: 4}\n"
                    "      - {name: Two, emotion: 3}\n";
    jmap_doc *d = load_text("target.yaml", y);
    jmap_measurer fake;
    jmap_measure_fake_init(&fake);
    jmap_scene *s = jmap_layout_build(d->journey, NULL, &fake, NULL);
    check_scene(d->journey, s);
    assert_int_equal(count_role(s, JMAP_SI_PATH, "target-curve", NULL), 0);
    assert_int_equal(count_role(s, JMAP_SI_MARKER, "target-point", NULL), 1);
    assert_int_equal(count_role(s, JMAP_SI_LINE, "target-gap", NULL), 1);
    assert_int_equal(count_role(s, JMAP_SI_LINE, "legend-target", NULL), 0);
    assert_int_equal(count_role(s, JMAP_SI_MARKER, "legend-target-point", NULL), 1);
    /* the bar goes from the point (2) up to the hollow marker (4) */
    const jmap_scene_item *bar = NULL, *pt = NULL, *tg = NULL;
    for (size_t i = 0; i < jmap_scene_count(s); i++) {
        const jmap_scene_item *it = jmap_scene_item_at(s, i);
        if (is_role(it, JMAP_SI_LINE, "target-gap"))
            bar = it;
        if (is_role(it, JMAP_SI_MARKER, "target-point"))
            tg = it;
        if (is_role(it, JMAP_SI_MARKER, "point") && !pt)
            pt = it;
    }
    assert_true(tg->hollow);
    assert_true(fabs(bar->x - (pt->x + pt->w / 2)) < EPS && fabs(bar->x2 - bar->x) < EPS);
    assert_true(fmax(bar->y, bar->y2) <= pt->y + EPS && fmin(bar->y, bar->y2) >= tg->y + tg->h - EPS);
    jmap_scene_free(s);
    jmap_doc_free(d);
}

/* Targets on three neighbouring touchpoints make a dashed line; one or two,
 * hollow markers: the legend shows both. */
static void test_target_runs(void **state)
{
    (void)state;
    const char *y = "jmap: 1\ntitle: Targets\npersonas: [{id: a, name: Ann}]\n"
                    "stages:\n  - name: S\n    touchpoints:\n"
                    "      - {name: One, emotion: 2, target_emotion: 4}\n"
                    "      - {name: Two, emotion: 3, target_emotion: 4}\n"
                    "      - {name: Three, emotion: 3, target_emotion: 5}\n"
                    "      - {name: Four, emotion: 3}\n"
                    "      - {name: Five, emotion: 1, target_emotion: 3}\n"
                    "      - {name: Six, emotion: 2, target_emotion: 3}\n";
    jmap_doc *d = load_text("targets.yaml", y);
    jmap_measurer fake;
    jmap_measure_fake_init(&fake);
    jmap_scene *s = jmap_layout_build(d->journey, NULL, &fake, NULL);
    check_scene(d->journey, s);
    assert_int_equal(count_role(s, JMAP_SI_PATH, "target-curve", NULL), 1);
    assert_int_equal(count_role(s, JMAP_SI_MARKER, "target-point", NULL), 2);
    assert_int_equal(count_role(s, JMAP_SI_LINE, "target-gap", NULL), 2);
    assert_int_equal(count_role(s, JMAP_SI_LINE, "legend-target", NULL), 1);
    assert_int_equal(count_role(s, JMAP_SI_MARKER, "legend-target-point", NULL), 1);
    jmap_scene_free(s);
    jmap_doc_free(d);
}


/* Three personas meeting at a moment of truth: one label block there (the
 * star line, the feeling, each persona's lowest point), a name at the end of
 * each line, three dash patterns. */
static void test_personas_meet(void **state)
{
    (void)state;
    const char *y = "jmap: 1\ntitle: Meet\nlocale: fr\n"
                    "personas: [{id: a, name: Amélie Dubois}, {id: b, name: Marc Lefèvre},\n"
                    "           {id: c, name: Zoé Martin}]\n"
                    "stages:\n  - name: Un\n    touchpoints:\n"
                    "      - {name: A, emotion: {a: 4, b: 3, c: 5}, feeling: curieuse}\n"
                    "      - {name: B, emotion: {a: 3, b: 4, c: 4}}\n"
                    "  - name: Deux\n    touchpoints:\n"
                    "      - {name: C, emotion: 1, feeling: agacée, moment_of_truth: true}\n"
                    "      - {name: D, emotion: {a: 4, b: 3, c: 5}, feeling: ravie}\n";
    jmap_doc *d = load_text("meet.yaml", y);
    check_journey(d->journey, true);
    jmap_measurer fake;
    jmap_measure_fake_init(&fake);
    jmap_scene *s = jmap_layout_build(d->journey, NULL, &fake, NULL);
    /* four blocks: curieuse, C (star, agacée, three lowest points), ravie;
     * B has nothing to say */
    assert_int_equal(count_role(s, JMAP_SI_RECT, "label-block", NULL), 3);
    assert_int_equal(count_role(s, JMAP_SI_TEXT, "lowest", NULL), 3);
    const jmap_scene_item *mot = NULL;
    for (size_t i = 0; i < jmap_scene_count(s); i++)
        if (is_role(jmap_scene_item_at(s, i), JMAP_SI_TEXT, "mot-label"))
            mot = jmap_scene_item_at(s, i);
    assert_non_null(mot);
    assert_string_equal(mot->text, "moment de vérité");
    /* first names are enough when they differ */
    assert_int_equal(count_role(s, JMAP_SI_TEXT, "lowest", "Amélie · point bas 1"), 1);
    assert_int_equal(count_role(s, JMAP_SI_TEXT, "lowest", "Marc · point bas 1"), 1);
    assert_int_equal(count_role(s, JMAP_SI_TEXT, "persona-end", "Zoé Martin"), 1);
    /* every lowest line sits right under the feeling, in the same block */
    for (size_t i = 0; i < jmap_scene_count(s); i++) {
        const jmap_scene_item *t = jmap_scene_item_at(s, i);
        if (is_role(t, JMAP_SI_TEXT, "lowest"))
            assert_true(t->y > mot->y && t->y - mot->y < 5 * t->h + 5);
    }
    jmap_scene_free(s);
    jmap_doc_free(d);
}

/* A persona absent from a touchpoint and an empty stage: the lines break
 * there; the empty stage is a gap named as `jmap report` names it. */
static void test_absent_and_empty(void **state)
{
    (void)state;
    const char *y = "jmap: 1\ntitle: Absent\nlocale: fr\n"
                    "personas: [{id: a, name: Ana}, {id: b, name: Bea}]\n"
                    "stages:\n  - name: Un\n    touchpoints:\n"
                    "      - {name: A, emotion: 3}\n"
                    "      - {name: B, emotion: 4, personas: [a]}\n"
                    "      - {name: C, emotion: 2}\n"
                    "  - name: Vide\n    touchpoints: []\n"
                    "  - name: Trois\n    touchpoints:\n"
                    "      - {name: D, emotion: {a: 5}}\n"
                    "      - {name: E, emotion: 4}\n";
    jmap_doc *d = load_text("absent.yaml", y);
    check_journey(d->journey, true);
    jmap_measurer fake;
    jmap_measure_fake_init(&fake);
    jmap_scene *s = jmap_layout_build(d->journey, NULL, &fake, NULL);
    /* Ana: A-B-C, D-E; Bea: A, C, E alone (no line) */
    assert_int_equal(count_role(s, JMAP_SI_PATH, "curve", NULL), 2);
    assert_int_equal(count_role(s, JMAP_SI_RECT, "gap", NULL), 1);
    assert_int_equal(count_role(s, JMAP_SI_TEXT, "gap-label", "aucun point de contact"), 1);
    jmap_scene_free(s);
    jmap_doc_free(d);
}

/* The emotion lane is as tall as its scale and labels need, no more. */
static void test_emotion_lane_height(void **state)
{
    (void)state;
    const char *y = "jmap: 1\ntitle: One\nstages:\n  - name: S\n    touchpoints:\n"
                    "      - {name: A, emotion: 3}\n";
    jmap_doc *d = load_text("one.yaml", y);
    check_journey(d->journey, true);
    jmap_measurer fake;
    jmap_measure_fake_init(&fake);
    jmap_scene *s = jmap_layout_build(d->journey, NULL, &fake, NULL);
    const jmap_scene_lane *ln = find_lane(s, JMAP_LANE_EMOTIONS);
    assert_non_null(ln);
    assert_true(ln->y1 - ln->y0 <= 140);
    jmap_scene_free(s);
    jmap_doc_free(d);
}

/* Eight personas: the first seven have seven different dash patterns. */
static void test_many_personas(void **state)
{
    (void)state;
    GString *y = g_string_new("jmap: 1\ntitle: Many\npersonas:\n");
    for (int p = 0; p < 8; p++)
        g_string_append_printf(y, "  - {id: p%d, name: Persona %c}\n", p, 'A' + p);
    g_string_append(y, "stages:\n  - name: S\n    touchpoints:\n");
    for (int t = 0; t < 4; t++) {
        g_string_append_printf(y, "      - name: T%d\n        emotion: {", t);
        for (int p = 0; p < 8; p++)
            g_string_append_printf(y, "%sp%d: %d", p ? ", " : "", p, 1 + (p + t) % 5);
        g_string_append(y, "}\n");
    }
    jmap_doc *d = load_text("many.yaml", y->str);
    check_journey(d->journey, true);
    jmap_doc_free(d);
    g_string_free(y, TRUE);
}

static void test_dash_patterns(void **state)
{
    (void)state;
    double a[8], b[8];
    assert_int_equal(jmap_dash_pattern(0, 2, a), 0);
    for (int i = 1; i < JMAP_DASH_COUNT; i++)
        for (int k = i + 1; k < JMAP_DASH_COUNT; k++) {
            size_t na = jmap_dash_pattern(i, 2, a), nb = jmap_dash_pattern(k, 2, b);
            assert_true(na > 0 && nb > 0);
            assert_true(na != nb || memcmp(a, b, na * sizeof *a) != 0);
        }
    /* beyond the last, round again, never solid */
    assert_int_equal(jmap_dash_pattern(JMAP_DASH_COUNT, 2, a), jmap_dash_pattern(1, 2, b));
}

static void test_readable(void **state)
{
    (void)state;
    const uint32_t bgs[] = {0xFFFFFF, 0xF4F7FA, 0x1F2933, 0x777777, 0xEAF2EB, 0x000000};
    unsigned seed = 3;
    for (size_t b = 0; b < sizeof bgs / sizeof bgs[0]; b++)
        for (int i = 0; i < 200; i++) {
            uint32_t c = ((uint32_t)lcg(&seed) << 12 ^ lcg(&seed)) & 0xFFFFFF;
            uint32_t r = jmap_lay_readable(c, bgs[b]);
            assert_true(contrast(r, bgs[b]) >= 4.5);
            if (contrast(c, bgs[b]) >= 4.5)
                assert_int_equal(r, c);
        }
}

static jmap_doc *load_file(const char *path)
{
    char *text = NULL;
    gsize len = 0;
    assert_true(g_file_get_contents(path, &text, &len, NULL));
    jmap_doc *d = load_text(path, text);
    g_free(text);
    return d;
}

static size_t count_line_labels(const jmap_scene *s)
{
    return count_role(s, JMAP_SI_TEXT, "bp-line-label", NULL);
}

/* A scene laid out with other options: geometry, arrows, blueprint. */
static void check_variant(const jmap_journey *j, const jmap_layout_opts *o,
                          const jmap_measurer *m, size_t want_lines)
{
    jmap_scene *s = jmap_layout_build(j, o, m, NULL);
    check_geometry(s);
    check_arrows(s);
    check_blueprint(j, s);
    if (want_lines != (size_t)-1)
        assert_int_equal(count_line_labels(s), want_lines);
    jmap_scene_free(s);
}

/* The service blueprint (tests/blueprint): its lanes under the customer's,
 * the journey's own lanes, the three lines, hand-offs forward, backward and
 * inside one touchpoint, `next` loops and branches, failure and waiting
 * points; the invariants hold with both measurers, with the lanes
 * reordered or missing (--lanes), on a sheet and on split pages. */
static void test_blueprint(void **state)
{
    (void)state;
    static const struct {
        const char *path;
        size_t handoffs, next;
    } files[] = {{"tests/blueprint/small.yaml", 2, 2}, {"tests/blueprint/large.yaml", 5, 5}};
    jmap_measurer fake;
    jmap_measure_fake_init(&fake);
    for (size_t f = 0; f < sizeof files / sizeof files[0]; f++) {
        print_message("blueprint %s\n", files[f].path);
        jmap_doc *d = load_file(files[f].path);
        const jmap_journey *j = d->journey;
        check_journey(j, true);
        jmap_scene *s = jmap_layout_build(j, NULL, &fake, NULL);
        assert_int_equal(count_role(s, JMAP_SI_ARROW, "handoff", NULL), files[f].handoffs);
        assert_int_equal(count_role(s, JMAP_SI_ARROW, "next", NULL), files[f].next);
        /* interaction, visibility, internal interaction: one rule each */
        assert_int_equal(count_role(s, JMAP_SI_LINE, "bp-line", NULL), 3);
        assert_int_equal(count_line_labels(s), 3);
        assert_non_null(find_lane(s, JMAP_LANE_CUSTOM(0)));
        assert_true(count_role(s, JMAP_SI_MARKER, "bp-fail", NULL) > 0);
        assert_true(count_role(s, JMAP_SI_MARKER, "bp-wait", NULL) > 0);
        assert_true(count_role(s, JMAP_SI_ICON, "bp-system-icon", NULL) > 0);
        /* the blueprint lanes come after the customer's and the custom one */
        const jmap_scene_lane *fs = find_lane(s, JMAP_LANE_FRONTSTAGE);
        assert_non_null(fs);
        assert_true(find_lane(s, JMAP_LANE_CUSTOM(0))->y1 <= fs->y0 + EPS);
        jmap_scene_free(s);

        /* reordered and missing lanes */
        jmap_layout_opts o = {0};
        const jmap_lane back_first[] = {JMAP_LANE_BACKSTAGE, JMAP_LANE_TOUCHPOINTS,
                                        JMAP_LANE_SYSTEMS, JMAP_LANE_FRONTSTAGE};
        o.lanes = back_first;
        o.n_lanes = 4;
        /* none above the first lane; back stage to touchpoints: visibility
         * and interaction; touchpoints to systems: all three; systems to
         * front stage: visibility and internal interaction */
        check_variant(j, &o, &fake, 7);
        const jmap_lane skip[] = {JMAP_LANE_TOUCHPOINTS, JMAP_LANE_CUSTOM(0),
                                  JMAP_LANE_BACKSTAGE, JMAP_LANE_SUPPORT};
        o.lanes = skip;
        o.n_lanes = 4;
        /* the custom lane on the customer's side: one rule, two names
         * above back stage, one above support */
        check_variant(j, &o, &fake, 3);
        const jmap_lane no_cards[] = {JMAP_LANE_DOING, JMAP_LANE_BACKSTAGE, JMAP_LANE_SYSTEMS};
        o.lanes = no_cards;
        o.n_lanes = 3;
        check_variant(j, &o, &fake, (size_t)-1);
        /* fitted to sheets, and split on several */
        memset(&o, 0, sizeof o);
        o.fit_w = 1190;
        check_variant(j, &o, &fake, 3);
        size_t np = 0;
        jmap_scene **pages = jmap_layout_pages(j, NULL, &fake, NULL, 600, 400, 20, &np);
        assert_true(np >= 1);
        for (size_t p = 0; p < np; p++) {
            check_geometry(pages[p]);
            check_arrows(pages[p]);
            jmap_scene_free(pages[p]);
        }
        g_free(pages);
        jmap_doc_free(d);
    }
}

/* A hand-off or a `next` link to a touchpoint the persona filter hides is
 * left out; the others stay. */
static void test_blueprint_persona_mask(void **state)
{
    (void)state;
    jmap_doc *d = load_text("mask.yaml",
                            "jmap: 1\ntitle: Masque\npersonas:\n"
                            "  - {id: a, name: A}\n  - {id: b, name: B}\n"
                            "stages:\n  - name: S\n    touchpoints:\n"
                            "      - {name: Un, id: un, personas: [a, b], backstage: Dossier,"
                            " handoff_to: [deux, trois], next: [deux, trois], emotion: 3}\n"
                            "      - {name: Deux, id: deux, personas: [b], backstage: Contrôle,"
                            " emotion: 2}\n"
                            "      - {name: Trois, id: trois, personas: [a], support: Archives,"
                            " emotion: 4}\n");
    const jmap_journey *j = d->journey;
    jmap_measurer fake;
    jmap_measure_fake_init(&fake);
    bool mask[2] = {true, false};
    jmap_layout_opts o = {0};
    o.persona_mask = mask;
    jmap_scene *s = jmap_layout_build(j, &o, &fake, NULL);
    check_geometry(s);
    check_arrows(s);
    assert_int_equal(count_role(s, JMAP_SI_ARROW, "handoff", NULL), 1);
    assert_int_equal(count_role(s, JMAP_SI_ARROW, "next", NULL), 1);
    jmap_scene_free(s);
    s = jmap_layout_build(j, NULL, &fake, NULL);
    check_geometry(s);
    check_arrows(s);
    assert_int_equal(count_role(s, JMAP_SI_ARROW, "handoff", NULL), 2);
    assert_int_equal(count_role(s, JMAP_SI_ARROW, "next", NULL), 2);
    jmap_scene_free(s);
    jmap_doc_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_blueprint),
        cmocka_unit_test(test_blueprint_persona_mask),
        cmocka_unit_test(test_monotone),
        cmocka_unit_test(test_french_spacing),
        cmocka_unit_test(test_french_typography),
        cmocka_unit_test(test_scripts_layout),
        cmocka_unit_test(test_rtl_subtitle_render),
        cmocka_unit_test(test_single_entries),
        cmocka_unit_test(test_persona_rows),
        cmocka_unit_test(test_legend_icons),
        cmocka_unit_test(test_no_personas_empty_stage),
        cmocka_unit_test(test_long_texts),
        cmocka_unit_test(test_scripts),
        cmocka_unit_test(test_persona_mask),
        cmocka_unit_test(test_persona_mask_curves),
        cmocka_unit_test(test_lone_target),
        cmocka_unit_test(test_target_runs),
        cmocka_unit_test(test_personas_meet),
        cmocka_unit_test(test_absent_and_empty),
        cmocka_unit_test(test_emotion_lane_height),
        cmocka_unit_test(test_many_personas),
        cmocka_unit_test(test_dash_patterns),
        cmocka_unit_test(test_readable),
        cmocka_unit_test(test_many_touchpoints),
        cmocka_unit_test(test_report_crowded),
        cmocka_unit_test(test_report_blueprint),
        cmocka_unit_test(test_examples),
        cmocka_unit_test(test_state_views),
        cmocka_unit_test(test_kpi_spark),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
