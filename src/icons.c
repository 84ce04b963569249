/*
 * icons.c — the icon set drawn by jmap itself.
 *
 * Every icon is designed on a 24 x 24 grid and scaled to the box it is given.
 * The stroke is 2 grid units (size / 12) with round caps and joins, and the
 * geometry stays within [3, 21] so the ink stays within [2, 22]: one unit of
 * padding on every side, the same visual weight for every icon.  Only small
 * dots are filled.  The caller's state, including a path it may be building,
 * survives a call (cairo_save does not keep the path, so it is copied).
 */
#include "icons.h"

#include <math.h>

#define GRID 24.0
#define LW 2.0 /* stroke width, in grid units */

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

static double deg(double d) { return d * M_PI / 180.0; }

/* ------------------------------------------------------------ primitives */

static void line(cairo_t *cr, double x0, double y0, double x1, double y1)
{
    cairo_move_to(cr, x0, y0);
    cairo_line_to(cr, x1, y1);
}

static void circle(cairo_t *cr, double cx, double cy, double r)
{
    cairo_new_sub_path(cr);
    cairo_arc(cr, cx, cy, r, 0, 2 * M_PI);
    cairo_close_path(cr);
}

static void ellipse(cairo_t *cr, double cx, double cy, double rx, double ry)
{
    cairo_save(cr);
    cairo_translate(cr, cx, cy);
    cairo_scale(cr, rx, ry);
    cairo_new_sub_path(cr);
    cairo_arc(cr, 0, 0, 1, 0, 2 * M_PI);
    cairo_close_path(cr);
    cairo_restore(cr);
}

static void rrect(cairo_t *cr, double x0, double y0, double x1, double y1, double r)
{
    cairo_new_sub_path(cr);
    cairo_arc(cr, x1 - r, y0 + r, r, deg(-90), 0);
    cairo_arc(cr, x1 - r, y1 - r, r, 0, deg(90));
    cairo_arc(cr, x0 + r, y1 - r, r, deg(90), deg(180));
    cairo_arc(cr, x0 + r, y0 + r, r, deg(180), deg(270));
    cairo_close_path(cr);
}

static const cairo_user_data_key_t sink_key;

void jmap_icon_set_sink(cairo_t *cr, const jmap_icon_sink *sink)
{
    cairo_set_user_data(cr, &sink_key, (void *)sink, NULL);
}

/* Strokes (or fills) what has been built so far, or hands it to the sink
 * of the context, in device coordinates. */
static void ink(cairo_t *cr, bool fill)
{
    const jmap_icon_sink *sink = cairo_get_user_data(cr, &sink_key);
    if (!sink) {
        if (fill)
            cairo_fill(cr);
        else
            cairo_stroke(cr);
        return;
    }
    double wx = cairo_get_line_width(cr), wy = 0;
    cairo_user_to_device_distance(cr, &wx, &wy);
    cairo_save(cr);
    cairo_identity_matrix(cr);
    cairo_path_t *path = cairo_copy_path(cr);
    cairo_restore(cr);
    sink->ink(sink->ud, path, fill, hypot(wx, wy));
    cairo_path_destroy(path);
    cairo_new_path(cr);
}

static void stroke(cairo_t *cr)
{
    ink(cr, false);
}

/* A small filled dot; the path must be empty (call after stroke). */
static void dot(cairo_t *cr, double cx, double cy, double r)
{
    cairo_new_sub_path(cr);
    cairo_arc(cr, cx, cy, r, 0, 2 * M_PI);
    ink(cr, true);
}

/* Five-pointed star outline, point up. */
static void star_path(cairo_t *cr, double cx, double cy, double r, double inner)
{
    for (int i = 0; i < 10; i++) {
        double a = deg(-90 + 36 * i);
        double rr = (i % 2) ? r * inner : r;
        double px = cx + rr * cos(a), py = cy + rr * sin(a);
        if (i == 0)
            cairo_move_to(cr, px, py);
        else
            cairo_line_to(cr, px, py);
    }
    cairo_close_path(cr);
}

/* ------------------------------------------------------------ channel icons */

static void icon_web(cairo_t *cr)
{
    circle(cr, 12, 12, 9);
    ellipse(cr, 12, 12, 3.8, 9);
    line(cr, 3, 12, 21, 12);
    stroke(cr);
}

static void icon_app(cairo_t *cr)
{
    rrect(cr, 6, 3, 18, 21, 2.5);
    line(cr, 10.5, 6, 13.5, 6);
    stroke(cr);
    dot(cr, 12, 17.5, 1.3);
}

static void icon_email(cairo_t *cr)
{
    rrect(cr, 3, 5, 21, 19, 2);
    cairo_move_to(cr, 3.5, 7);
    cairo_line_to(cr, 12, 12.8);
    cairo_line_to(cr, 20.5, 7);
    stroke(cr);
}

/* A handset seen from the side: earpiece top left, mouthpiece bottom right. */
static void icon_phone(cairo_t *cr)
{
    cairo_move_to(cr, 8.6, 3.6);
    cairo_line_to(cr, 10.6, 8.2);
    cairo_curve_to(cr, 10.8, 8.8, 10.6, 9.3, 10.1, 9.7);
    cairo_line_to(cr, 8.6, 10.9);
    cairo_curve_to(cr, 9.8, 13.6, 10.9, 14.5, 13.1, 15.5);
    cairo_line_to(cr, 14.3, 14.0);
    cairo_curve_to(cr, 14.7, 13.5, 15.2, 13.3, 15.8, 13.5);
    cairo_line_to(cr, 20.4, 15.4);
    cairo_curve_to(cr, 20.9, 15.6, 21.0, 16.0, 21.0, 16.5);
    cairo_line_to(cr, 21.0, 18.6);
    cairo_curve_to(cr, 21.0, 20.0, 19.9, 21.0, 18.6, 21.0);
    cairo_curve_to(cr, 10.0, 20.6, 3.4, 14.0, 3.0, 5.4);
    cairo_curve_to(cr, 3.0, 4.1, 4.0, 3.0, 5.4, 3.0);
    cairo_line_to(cr, 7.5, 3.0);
    cairo_curve_to(cr, 8.0, 3.0, 8.4, 3.1, 8.6, 3.6);
    cairo_close_path(cr);
    stroke(cr);
}

static void icon_chat(cairo_t *cr)
{
    const double r = 3;
    cairo_move_to(cr, 10.5, 17);
    cairo_line_to(cr, 18, 17);
    cairo_arc_negative(cr, 18, 14, r, deg(90), deg(0));
    cairo_line_to(cr, 21, 7);
    cairo_arc_negative(cr, 18, 7, r, deg(0), deg(-90));
    cairo_line_to(cr, 6, 4);
    cairo_arc_negative(cr, 6, 7, r, deg(-90), deg(-180));
    cairo_line_to(cr, 3, 14);
    cairo_arc_negative(cr, 6, 14, r, deg(180), deg(90));
    cairo_line_to(cr, 6.5, 17);
    cairo_line_to(cr, 6.5, 20.5);
    cairo_close_path(cr);
    stroke(cr);
}

static void icon_social(cairo_t *cr)
{
    const double r = 2.6;
    const double p[3][2] = {{17.8, 5.8}, {6.2, 12}, {17.8, 18.2}};
    for (int i = 0; i < 3; i++)
        circle(cr, p[i][0], p[i][1], r);
    for (int i = 0; i < 3; i += 2) {
        double dx = p[i][0] - p[1][0], dy = p[i][1] - p[1][1];
        double len = sqrt(dx * dx + dy * dy);
        double ux = dx / len, uy = dy / len;
        double gap = r + 1.4;
        line(cr, p[1][0] + ux * gap, p[1][1] + uy * gap, p[i][0] - ux * gap, p[i][1] - uy * gap);
    }
    stroke(cr);
}

static void icon_store(cairo_t *cr)
{
    /* awning: slanted top, four scallops below */
    cairo_move_to(cr, 3, 8.5);
    cairo_line_to(cr, 5, 3.5);
    cairo_line_to(cr, 19, 3.5);
    cairo_line_to(cr, 21, 8.5);
    for (int i = 3; i >= 0; i--) {
        double cx = 3 + 2.25 + 4.5 * i;
        cairo_arc(cr, cx, 8.5, 2.25, 0, M_PI);
    }
    cairo_close_path(cr);
    /* walls and door */
    cairo_move_to(cr, 4.5, 12.5);
    cairo_line_to(cr, 4.5, 21);
    cairo_line_to(cr, 19.5, 21);
    cairo_line_to(cr, 19.5, 12.5);
    cairo_move_to(cr, 10, 21);
    cairo_line_to(cr, 10, 16);
    cairo_line_to(cr, 14, 16);
    cairo_line_to(cr, 14, 21);
    stroke(cr);
}

/* A letter seen from the front: address lines and a stamp, no flap. */
static void icon_mail(cairo_t *cr)
{
    rrect(cr, 3, 5, 21, 19, 2);
    rrect(cr, 14.5, 8, 17.8, 11.3, 0.4);
    line(cr, 6.5, 12.5, 12.5, 12.5);
    line(cr, 6.5, 15.5, 10.5, 15.5);
    stroke(cr);
}

static void icon_event(cairo_t *cr)
{
    rrect(cr, 3, 5, 21, 21, 2);
    line(cr, 8, 3, 8, 7);
    line(cr, 16, 3, 16, 7);
    line(cr, 3, 10, 21, 10);
    stroke(cr);
    dot(cr, 8, 14.5, 1.2);
    dot(cr, 12, 14.5, 1.2);
    dot(cr, 16, 14.5, 1.2);
}

static void icon_ad(cairo_t *cr)
{
    /* one outline: short rear block, then the flaring cone */
    cairo_move_to(cr, 7.5, 9.5);
    cairo_line_to(cr, 15.5, 5);
    cairo_line_to(cr, 15.5, 19);
    cairo_line_to(cr, 7.5, 14.5);
    cairo_line_to(cr, 4.8, 14.5);
    cairo_arc(cr, 4.8, 13.2, 1.3, deg(90), deg(180));
    cairo_line_to(cr, 3.5, 10.8);
    cairo_arc(cr, 4.8, 10.8, 1.3, deg(180), deg(270));
    cairo_close_path(cr);
    /* handle */
    cairo_move_to(cr, 6.2, 14.5);
    cairo_line_to(cr, 7.6, 19.5);
    cairo_line_to(cr, 9.6, 19.5);
    cairo_line_to(cr, 9.1, 15.4);
    /* sound */
    cairo_new_sub_path(cr);
    cairo_arc(cr, 15.5, 12, 4.5, deg(-40), deg(40));
    stroke(cr);
}

/* Two interlocked rings: each hides the other at one crossing. */
static void icon_partner(cairo_t *cr)
{
    const double r = 5.6, cy = 12, ca = 8.6, cb = 15.4;
    /* crossings at x = 12; angle on each ring */
    double h = sqrt(r * r - (12 - ca) * (12 - ca));
    double a_top = atan2(-h, 12 - ca); /* on ring A, upper crossing */
    double gap = 0.56;                 /* radians left open where a ring passes under */
    /* ring A passes under ring B at the lower crossing */
    double a_low = -a_top;
    cairo_new_sub_path(cr);
    cairo_arc(cr, ca, cy, r, a_low + gap, a_low + 2 * M_PI - gap);
    /* ring B passes under ring A at the upper crossing */
    double b_top = atan2(-h, 12 - cb);
    cairo_new_sub_path(cr);
    cairo_arc(cr, cb, cy, r, b_top + gap, b_top + 2 * M_PI - gap);
    stroke(cr);
}

static void icon_support(cairo_t *cr)
{
    cairo_new_sub_path(cr);
    cairo_arc(cr, 12, 12, 8, deg(180), deg(360));
    rrect(cr, 3, 12, 7, 18.5, 1.6);
    rrect(cr, 17, 12, 21, 18.5, 1.6);
    cairo_move_to(cr, 19, 18.5);
    cairo_curve_to(cr, 19, 20.3, 17.5, 21, 15.5, 21);
    cairo_line_to(cr, 13, 21);
    stroke(cr);
}

static void icon_other(cairo_t *cr)
{
    circle(cr, 12, 12, 9);
    stroke(cr);
    dot(cr, 8, 12, 1.3);
    dot(cr, 12, 12, 1.3);
    dot(cr, 16, 12, 1.3);
}

static void icon_person(cairo_t *cr)
{
    circle(cr, 12, 7.5, 4.2);
    cairo_move_to(cr, 4.5, 21);
    cairo_curve_to(cr, 4.5, 16.5, 7.8, 14.5, 12, 14.5);
    cairo_curve_to(cr, 16.2, 14.5, 19.5, 16.5, 19.5, 21);
    stroke(cr);
}

static void icon_document(cairo_t *cr)
{
    cairo_move_to(cr, 14, 3);
    cairo_line_to(cr, 7, 3);
    cairo_arc_negative(cr, 7, 5, 2, deg(-90), deg(-180));
    cairo_line_to(cr, 5, 19);
    cairo_arc_negative(cr, 7, 19, 2, deg(180), deg(90));
    cairo_line_to(cr, 17, 21);
    cairo_arc_negative(cr, 17, 19, 2, deg(90), deg(0));
    cairo_line_to(cr, 19, 8);
    cairo_close_path(cr);
    cairo_move_to(cr, 14, 3);
    cairo_line_to(cr, 14, 8);
    cairo_line_to(cr, 19, 8);
    line(cr, 8.5, 12.5, 15.5, 12.5);
    line(cr, 8.5, 16.5, 15.5, 16.5);
    stroke(cr);
}

static void icon_cart(cairo_t *cr)
{
    cairo_move_to(cr, 3, 3.5);
    cairo_line_to(cr, 5.5, 3.5);
    cairo_line_to(cr, 8, 15);
    cairo_line_to(cr, 18.2, 15);
    cairo_line_to(cr, 20.5, 7);
    cairo_line_to(cr, 6.3, 7);
    stroke(cr);
    dot(cr, 9, 19.3, 1.7);
    dot(cr, 17, 19.3, 1.7);
}

static void icon_truck(cairo_t *cr)
{
    /* cargo box */
    cairo_move_to(cr, 5.1, 17);
    cairo_line_to(cr, 4, 17);
    cairo_arc_negative(cr, 4, 16, 1, deg(90), deg(180));
    cairo_line_to(cr, 3, 6);
    cairo_arc(cr, 4, 6, 1, deg(180), deg(270));
    cairo_line_to(cr, 13, 5);
    cairo_arc(cr, 13, 6, 1, deg(270), deg(360));
    cairo_line_to(cr, 14, 17);
    /* cab */
    cairo_move_to(cr, 14, 9);
    cairo_line_to(cr, 17.5, 9);
    cairo_line_to(cr, 21, 12.5);
    cairo_line_to(cr, 21, 17);
    cairo_line_to(cr, 20, 17);
    /* bottom between the wheels */
    line(cr, 9.9, 17, 15.1, 17);
    /* wheels */
    circle(cr, 7.5, 18, 2.2);
    circle(cr, 17.5, 18, 2.2);
    stroke(cr);
}

static void icon_star(cairo_t *cr)
{
    const double r = 9.3;
    /* centre the star's bounding box, not its circle */
    double cy = 12 + r * (1 - cos(deg(36))) / 2;
    star_path(cr, 12, cy, r, 0.46);
    stroke(cr);
}

/* --------------------------------------------------------------- lane icons */

/* A map pin: where the customer meets the service. */
static void lane_touchpoints(cairo_t *cr)
{
    const double cx = 12, cy = 9.8, r = 6.8, tip = 21;
    double a = asin(r / (tip - cy));
    double t = M_PI / 2 - a; /* angle from "down" to the tangent point */
    cairo_new_sub_path(cr);
    cairo_arc(cr, cx, cy, r, M_PI / 2 + t, M_PI / 2 - t + 2 * M_PI);
    cairo_line_to(cr, cx, tip);
    cairo_close_path(cr);
    circle(cr, cx, cy, 2.5);
    stroke(cr);
}

/* A pointer: what the customer does. */
static void lane_doing(cairo_t *cr)
{
    cairo_move_to(cr, 5, 3);
    cairo_line_to(cr, 5, 18.5);
    cairo_line_to(cr, 9.2, 14.6);
    cairo_line_to(cr, 11.9, 20.6);
    cairo_line_to(cr, 14.6, 19.4);
    cairo_line_to(cr, 11.9, 13.5);
    cairo_line_to(cr, 17.8, 13.2);
    cairo_close_path(cr);
    stroke(cr);
}

/* A thought bubble: a cloud trailing two dots. */
static void lane_thinking(cairo_t *cr)
{
    cairo_move_to(cr, 7, 15.5);
    cairo_curve_to(cr, 4.6, 15.5, 3, 13.9, 3, 11.9);
    cairo_curve_to(cr, 3, 9.9, 4.6, 8.4, 6.6, 8.4);
    cairo_curve_to(cr, 7.3, 5.5, 9.6, 3.5, 12.4, 3.5);
    cairo_curve_to(cr, 15.4, 3.5, 17.8, 5.7, 18.2, 8.5);
    cairo_curve_to(cr, 19.9, 8.9, 21, 10.4, 21, 12.1);
    cairo_curve_to(cr, 21, 14, 19.5, 15.5, 17.5, 15.5);
    cairo_close_path(cr);
    stroke(cr);
    dot(cr, 7.4, 18.4, 1.5);
    dot(cr, 4.6, 20, 1.0);
}

static void lane_emotions(cairo_t *cr)
{
    const double r = 4.6, ly = 9, lx = 7.9, rx = 16.1;
    double h = sqrt(r * r - (12 - lx) * (12 - lx));
    double al = atan2(-h, 12 - lx), ar = atan2(-h, 12 - rx);
    cairo_move_to(cr, 12, 20);
    cairo_arc(cr, lx, ly, r, deg(135), al + 2 * M_PI);
    cairo_arc(cr, rx, ly, r, ar + 2 * M_PI, deg(45) + 2 * M_PI);
    cairo_close_path(cr);
    stroke(cr);
}

static void lane_pains(cairo_t *cr)
{
    cairo_move_to(cr, 12, 3.5);
    cairo_line_to(cr, 21, 19.5);
    cairo_line_to(cr, 3, 19.5);
    cairo_close_path(cr);
    line(cr, 12, 9.5, 12, 13.5);
    stroke(cr);
    dot(cr, 12, 16.6, 1.2);
}

static void lane_opportunities(cairo_t *cr)
{
    cairo_new_sub_path(cr);
    cairo_arc(cr, 12, 9.5, 6.5, deg(140), deg(400));
    cairo_curve_to(cr, 15.6, 14.2, 15, 15, 15, 16);
    cairo_line_to(cr, 9, 16);
    cairo_curve_to(cr, 9, 15, 8.4, 14.2, 7.02, 13.68);
    cairo_close_path(cr);
    line(cr, 9.5, 18.6, 14.5, 18.6);
    line(cr, 10.8, 21, 13.2, 21);
    stroke(cr);
}

/* Waves going out of a source: the channels the service speaks through. */
static void lane_channels(cairo_t *cr)
{
    for (int side = 0; side < 2; side++) {
        double a0 = side ? deg(180) : 0;
        cairo_new_sub_path(cr);
        cairo_arc(cr, 12, 12, 4.6, a0 - deg(45), a0 + deg(45));
        cairo_new_sub_path(cr);
        cairo_arc(cr, 12, 12, 8.8, a0 - deg(45), a0 + deg(45));
    }
    stroke(cr);
    dot(cr, 12, 12, 1.8);
}

static void lane_kpis(cairo_t *cr)
{
    cairo_move_to(cr, 3.5, 3.5);
    cairo_line_to(cr, 3.5, 20.5);
    cairo_line_to(cr, 20.5, 20.5);
    line(cr, 8.5, 16, 8.5, 11.5);
    line(cr, 13, 16, 13, 6);
    line(cr, 17.5, 16, 17.5, 9.5);
    stroke(cr);
}

/* A name badge on a clip: who owns the step.  Upright, so it does not read
 * as the (landscape) letter. */
static void lane_owners(cairo_t *cr)
{
    rrect(cr, 5, 3, 19, 21, 2);
    line(cr, 10.5, 6.8, 13.5, 6.8);
    circle(cr, 12, 11.4, 2.3);
    cairo_move_to(cr, 8, 17.8);
    cairo_curve_to(cr, 8.6, 16, 10.1, 15.3, 12, 15.3);
    cairo_curve_to(cr, 13.9, 15.3, 15.4, 16, 16, 17.8);
    stroke(cr);
}

static void lane_storyboard(cairo_t *cr)
{
    rrect(cr, 3, 4, 21, 20, 2);
    circle(cr, 8.5, 9, 1.7);
    cairo_move_to(cr, 3.5, 17.5);
    cairo_line_to(cr, 9, 12.5);
    cairo_line_to(cr, 12.8, 16);
    cairo_line_to(cr, 15.5, 13.5);
    cairo_line_to(cr, 20.5, 18);
    stroke(cr);
}

/* ------------------------------------------------------------------- faces */

static void face(cairo_t *cr, int mood)
{
    circle(cr, 12, 12, 9);
    if (mood > 0) {
        cairo_move_to(cr, 8.2, 14);
        cairo_curve_to(cr, 9.2, 15.9, 10.5, 16.6, 12, 16.6);
        cairo_curve_to(cr, 13.5, 16.6, 14.8, 15.9, 15.8, 14);
    } else if (mood < 0) {
        cairo_move_to(cr, 8.2, 16.8);
        cairo_curve_to(cr, 9.2, 15.1, 10.5, 14.4, 12, 14.4);
        cairo_curve_to(cr, 13.5, 14.4, 14.8, 15.1, 15.8, 16.8);
    } else {
        line(cr, 8.5, 15.3, 15.5, 15.3);
    }
    stroke(cr);
    dot(cr, 9, 9.8, 1.3);
    dot(cr, 15, 9.8, 1.3);
}

/* ----------------------------------------------------------------- framing */

typedef struct saved {
    cairo_path_t *path;
} saved;

/* Saves the caller's state and sets up the 24-unit grid in the box. */
static bool begin(cairo_t *cr, saved *s, double x, double y, double size, uint32_t rgb)
{
    s->path = NULL;
    if (!cr || cairo_status(cr) != CAIRO_STATUS_SUCCESS)
        return false;
    if (!isfinite(x) || !isfinite(y) || !isfinite(size) || size <= 0)
        return false;
    s->path = cairo_copy_path(cr);
    cairo_save(cr);
    cairo_new_path(cr);
    cairo_translate(cr, x, y);
    cairo_scale(cr, size / GRID, size / GRID);
    cairo_set_source_rgb(cr, ((rgb >> 16) & 0xff) / 255.0, ((rgb >> 8) & 0xff) / 255.0,
                         (rgb & 0xff) / 255.0);
    cairo_set_line_width(cr, LW);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    cairo_set_dash(cr, NULL, 0, 0);
    cairo_set_operator(cr, CAIRO_OPERATOR_OVER);
    cairo_set_fill_rule(cr, CAIRO_FILL_RULE_WINDING);
    return true;
}

static void end(cairo_t *cr, saved *s)
{
    cairo_new_path(cr);
    cairo_restore(cr);
    if (s->path) {
        if (s->path->status == CAIRO_STATUS_SUCCESS && s->path->num_data > 0)
            cairo_append_path(cr, s->path);
        cairo_path_destroy(s->path);
    }
}

/* A database: a cylinder of three discs. */
static void icon_system(cairo_t *cr)
{
    cairo_save(cr);
    cairo_translate(cr, 12, 6);
    cairo_scale(cr, 1, 0.35);
    cairo_new_sub_path(cr);
    cairo_arc(cr, 0, 0, 8, 0, 2 * M_PI);
    cairo_restore(cr);
    cairo_move_to(cr, 4, 6);
    cairo_line_to(cr, 4, 18);
    cairo_move_to(cr, 20, 6);
    cairo_line_to(cr, 20, 18);
    for (int k = 0; k < 2; k++) {
        double cy = k ? 18 : 12;
        cairo_save(cr);
        cairo_translate(cr, 12, cy);
        cairo_scale(cr, 1, 0.35);
        cairo_new_sub_path(cr);
        cairo_arc(cr, 0, 0, 8, 0, M_PI);
        cairo_restore(cr);
    }
    stroke(cr);
}

/* Front stage: a person behind a counter. */
static void lane_frontstage(cairo_t *cr)
{
    circle(cr, 12, 6.5, 3);
    cairo_move_to(cr, 6.5, 15);
    cairo_curve_to(cr, 7.2, 11.8, 9.3, 10.8, 12, 10.8);
    cairo_curve_to(cr, 14.7, 10.8, 16.8, 11.8, 17.5, 15);
    line(cr, 3, 15.5, 21, 15.5);
    line(cr, 5, 15.5, 5, 21);
    line(cr, 19, 15.5, 19, 21);
    stroke(cr);
}

/* Back stage: a gear. */
static void lane_backstage(cairo_t *cr)
{
    for (int k = 0; k < 8; k++) {
        double a = k * M_PI / 4;
        line(cr, 12 + 6.2 * cos(a), 12 + 6.2 * sin(a), 12 + 9 * cos(a), 12 + 9 * sin(a));
    }
    circle(cr, 12, 12, 6.2);
    circle(cr, 12, 12, 2.4);
    stroke(cr);
}

/* Support processes: linked boxes of a process. */
static void lane_support(cairo_t *cr)
{
    rrect(cr, 3, 4, 10, 10, 1.5);
    rrect(cr, 14, 14, 21, 20, 1.5);
    cairo_move_to(cr, 6.5, 10);
    cairo_line_to(cr, 6.5, 17);
    cairo_line_to(cr, 14, 17);
    line(cr, 10, 7, 17.5, 7);
    line(cr, 17.5, 7, 17.5, 14);
    stroke(cr);
}

/* Systems: a server of two units. */
static void lane_systems(cairo_t *cr)
{
    rrect(cr, 4, 3.5, 20, 11, 1.5);
    rrect(cr, 4, 13, 20, 20.5, 1.5);
    stroke(cr);
    dot(cr, 7.5, 7.25, 1.1);
    dot(cr, 7.5, 16.75, 1.1);
    line(cr, 11, 7.25, 17, 7.25);
    line(cr, 11, 16.75, 17, 16.75);
    stroke(cr);
}

typedef void (*draw_fn)(cairo_t *cr);

static const draw_fn channel_icons[JMAP_ICON_COUNT] = {
    [JMAP_ICON_WEB] = icon_web,         [JMAP_ICON_APP] = icon_app,
    [JMAP_ICON_EMAIL] = icon_email,     [JMAP_ICON_PHONE] = icon_phone,
    [JMAP_ICON_CHAT] = icon_chat,       [JMAP_ICON_SOCIAL] = icon_social,
    [JMAP_ICON_STORE] = icon_store,     [JMAP_ICON_MAIL] = icon_mail,
    [JMAP_ICON_EVENT] = icon_event,     [JMAP_ICON_AD] = icon_ad,
    [JMAP_ICON_PARTNER] = icon_partner, [JMAP_ICON_SUPPORT] = icon_support,
    [JMAP_ICON_OTHER] = icon_other,     [JMAP_ICON_PERSON] = icon_person,
    [JMAP_ICON_DOCUMENT] = icon_document, [JMAP_ICON_CART] = icon_cart,
    [JMAP_ICON_TRUCK] = icon_truck,     [JMAP_ICON_STAR] = icon_star,
    [JMAP_ICON_SYSTEM] = icon_system,
};

static const draw_fn lane_icons[JMAP_LANE_COUNT] = {
    [JMAP_LANE_STORYBOARD] = lane_storyboard,
    [JMAP_LANE_TOUCHPOINTS] = lane_touchpoints,
    [JMAP_LANE_DOING] = lane_doing,
    [JMAP_LANE_THINKING] = lane_thinking,
    [JMAP_LANE_EMOTIONS] = lane_emotions,
    [JMAP_LANE_PAINS] = lane_pains,
    [JMAP_LANE_OPPORTUNITIES] = lane_opportunities,
    [JMAP_LANE_CHANNELS] = lane_channels,
    [JMAP_LANE_KPIS] = lane_kpis,
    [JMAP_LANE_OWNERS] = lane_owners,
    [JMAP_LANE_FRONTSTAGE] = lane_frontstage,
    [JMAP_LANE_BACKSTAGE] = lane_backstage,
    [JMAP_LANE_SUPPORT] = lane_support,
    [JMAP_LANE_SYSTEMS] = lane_systems,
};

void jmap_icon_draw(cairo_t *cr, jmap_icon icon, double x, double y, double size, uint32_t rgb)
{
    /* An unknown value still shows something neutral rather than a hole. */
    if ((unsigned)icon >= JMAP_ICON_COUNT)
        icon = JMAP_ICON_OTHER;
    saved s;
    if (!begin(cr, &s, x, y, size, rgb))
        return;
    channel_icons[icon](cr);
    end(cr, &s);
}

void jmap_lane_icon_draw(cairo_t *cr, jmap_lane lane, double x, double y, double size, uint32_t rgb)
{
    if ((unsigned)lane >= JMAP_LANE_COUNT)
        return;
    saved s;
    if (!begin(cr, &s, x, y, size, rgb))
        return;
    lane_icons[lane](cr);
    end(cr, &s);
}

void jmap_face_draw(cairo_t *cr, int mood, double x, double y, double size, uint32_t rgb)
{
    saved s;
    if (!begin(cr, &s, x, y, size, rgb))
        return;
    face(cr, mood);
    end(cr, &s);
}

void jmap_star_draw(cairo_t *cr, double cx, double cy, double r, uint32_t rgb)
{
    /* Same framing as the icons: a box of side 2r around the centre. */
    saved s;
    if (!isfinite(r) || r <= 0 || !begin(cr, &s, cx - r, cy - r, 2 * r, rgb))
        return;
    /* in grid units the radius is 12; the star's own centre is the given one */
    star_path(cr, 12, 12, 12, 0.42);
    ink(cr, true);
    end(cr, &s);
}
