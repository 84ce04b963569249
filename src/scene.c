/*
 * scene.c — the scene container and its stable text dump (golden tests).
 */
#include "scene.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

jmap_scene *jmap_scene_new(void)
{
    jmap_scene *s = g_new0(jmap_scene, 1);
    s->arena = jmap_arena_new();
    s->items = g_array_new(FALSE, TRUE, sizeof(jmap_scene_item));
    s->background = 0xFFFFFF;
    s->own_tp = s->own_persona = s->own_stage = -1;
    return s;
}

void jmap_scene_free(jmap_scene *s)
{
    if (!s)
        return;
    g_array_free(s->items, TRUE);
    jmap_arena_free(s->arena);
    g_free(s);
}

jmap_scene_item *jmap_scene_add(jmap_scene *s, jmap_scene_kind kind, jmap_layer layer,
                                int lane, const char *role)
{
    jmap_scene_item it;
    memset(&it, 0, sizeof it);
    it.kind = kind;
    it.layer = layer;
    it.lane = lane;
    it.role = role;
    it.fill = JMAP_NO_COLOR;
    it.stroke = JMAP_NO_COLOR;
    it.alpha = 1.0;
    it.line_width = 1.0;
    it.tp = s->own_tp;
    it.persona = s->own_persona;
    it.stage = s->own_stage;
    g_array_append_val(s->items, it);
    return &g_array_index(s->items, jmap_scene_item, s->items->len - 1);
}

void jmap_scene_move_last(jmap_scene *s, size_t index)
{
    if (s->items->len == 0 || index >= s->items->len - 1)
        return;
    jmap_scene_item it = g_array_index(s->items, jmap_scene_item, s->items->len - 1);
    g_array_remove_index(s->items, s->items->len - 1);
    g_array_insert_val(s->items, index, it);
}

const char *jmap_scene_strdup(jmap_scene *s, const char *text)
{
    return jmap_arena_strdup(s->arena, text);
}

jmap_scene_item *jmap_scene_item_at(const jmap_scene *s, size_t i)
{
    return &g_array_index(s->items, jmap_scene_item, i);
}

size_t jmap_scene_count(const jmap_scene *s)
{
    return s->items->len;
}

void jmap_scene_path_point(const jmap_scene_item *it, double t, double *x, double *y)
{
    size_t nseg = it->n_pts > 1 ? (it->n_pts - 1) / 3 : 0;
    if (nseg == 0) {
        *x = it->n_pts ? it->pts[0] : 0;
        *y = it->n_pts ? it->pts[1] : 0;
        return;
    }
    if (t < 0)
        t = 0;
    size_t k = (size_t)t;
    if (k >= nseg)
        k = nseg - 1;
    double u = t - (double)k, v = 1 - u;
    const double *p = it->pts + k * 6;
    double b0 = v * v * v, b1 = 3 * v * v * u, b2 = 3 * v * u * u, b3 = u * u * u;
    *x = b0 * p[0] + b1 * p[2] + b2 * p[4] + b3 * p[6];
    *y = b0 * p[1] + b1 * p[3] + b2 * p[5] + b3 * p[7];
}

size_t jmap_dash_pattern(int dash, double width, double out[8])
{
    /* on/off lengths in line widths, as seen: a round cap adds half a width
     * at each end of a dash, so it is taken from the dash and given back
     * by the gap; a dot is a very short dash (some PDF viewers draw no cap
     * on a dash of length 0) */
    static const double pat[JMAP_DASH_COUNT][8] = {
        {0},
        {4.5, 2},
        {4.5, 2, 1, 2},
        {1, 1.5},
        {4.5, 2, 1, 2, 1, 2},
        {7, 2, 2, 2},
        {3, 2, 3, 2, 1, 2},
    };
    static const size_t len[JMAP_DASH_COUNT] = {0, 2, 4, 2, 6, 4, 6};
    if (dash <= 0)
        return 0;
    int k = 1 + (dash - 1) % (JMAP_DASH_COUNT - 1);
    for (size_t i = 0; i < len[k]; i++)
        out[i] = i % 2 == 0 ? fmax(0.3, pat[k][i] - 1) * width : (pat[k][i] + 1) * width;
    return len[k];
}

/* -0.0 and tiny errors must not change the dump */
static double r1(double v)
{
    double r = round(v * 10.0) / 10.0;
    return r == 0 ? 0 : r;
}

static const char *kind_name(jmap_scene_kind k)
{
    static const char *const names[] = {"rect", "line", "path", "marker", "text", "icon",
                                        "lane-icon", "face", "image", "link", "arrow"};
    return names[k];
}

static void color(GString *g, const char *key, uint32_t c)
{
    if (c != JMAP_NO_COLOR)
        g_string_append_printf(g, " %s=#%06X", key, (unsigned)c);
}

static void escaped(GString *g, const char *t)
{
    g_string_append_c(g, '"');
    for (const char *p = t; *p; p++) {
        if (*p == '"' || *p == '\\')
            g_string_append_c(g, '\\');
        if (*p == '\n')
            g_string_append(g, "\\n");
        else
            g_string_append_c(g, *p);
    }
    g_string_append_c(g, '"');
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

void jmap_scene_insert_space(jmap_scene *s, double y, double dh)
{
    for (guint i = 0; i < s->items->len; i++) {
        jmap_scene_item *it = &g_array_index(s->items, jmap_scene_item, i);
        switch (it->kind) {
        case JMAP_SI_LINE:
            if (it->y >= y)
                it->y += dh;
            if (it->y2 >= y)
                it->y2 += dh;
            it->h = fabs(it->y2 - it->y);
            break;
        case JMAP_SI_PATH:
        case JMAP_SI_ARROW:
            for (size_t k = 0; k < it->n_pts; k++)
                if (it->pts[2 * k + 1] >= y)
                    it->pts[2 * k + 1] += dh;
            if (it->y >= y)
                it->y += dh;
            break;
        default:
            if (it->y >= y)
                it->y += dh;
            else if (it->kind == JMAP_SI_RECT && it->y + it->h > y)
                it->h += dh;
            break;
        }
    }
    for (size_t i = 0; i < s->n_lanes; i++) {
        if (s->lanes[i].y0 >= y)
            s->lanes[i].y0 += dh;
        if (s->lanes[i].y1 >= y)
            s->lanes[i].y1 += dh;
    }
    if (s->grid_top >= y)
        s->grid_top += dh;
    if (s->grid_bottom >= y)
        s->grid_bottom += dh;
    s->height += dh;
}

/* A lane's name in the dump: a built-in lane's, "custom-N" for the
 * journey's own lane N (1-based). */
static const char *lane_label(int lane, char buf[32])
{
    if (lane >= 0 && lane < JMAP_LANE_COUNT)
        return jmap_lane_name((jmap_lane)lane);
    g_snprintf(buf, 32, "custom-%d", lane - JMAP_LANE_COUNT + 1);
    return buf;
}

char *jmap_scene_dump(const jmap_scene *s, size_t *len_out)
{
    char buf[32];
    GString *out = g_string_new(NULL);
    g_string_append_printf(out, "scene %.1f x %.1f gutter=%.1f grid=%.1f..%.1f\n", r1(s->width),
                           r1(s->height), r1(s->gutter), r1(s->grid_top), r1(s->grid_bottom));
    if (s->page_scale > 0)
        g_string_append_printf(out, "page %.1f x %.1f scale=%.3f\n", r1(s->page_w), r1(s->page_h),
                               floor(s->page_scale * 1000 + 0.5) / 1000);
    for (size_t i = 0; i < s->n_lanes; i++)
        g_string_append_printf(out, "lane %s %.1f..%.1f\n", lane_label(s->lanes[i].lane, buf),
                               r1(s->lanes[i].y0), r1(s->lanes[i].y1));
    size_t n = s->items->len;
    char **lines = g_new0(char *, n + 1);
    for (size_t i = 0; i < n; i++) {
        const jmap_scene_item *it = &g_array_index(s->items, jmap_scene_item, i);
        GString *g = g_string_new(NULL);
        g_string_append_printf(g, "%s %s %.1f %.1f %.1f %.1f", kind_name(it->kind),
                               it->role ? it->role : "-", r1(it->x), r1(it->y), r1(it->w),
                               r1(it->h));
        if (it->lane >= 0)
            g_string_append_printf(g, " lane=%s", lane_label(it->lane, buf));
        color(g, "fill", it->fill);
        color(g, "stroke", it->stroke);
        if (it->dashed)
            g_string_append(g, " dashed");
        if (it->dash > 0)
            g_string_append_printf(g, " dash=%d", it->dash);
        if (it->hatched)
            g_string_append(g, " hatched");
        switch (it->kind) {
        case JMAP_SI_LINE:
            g_string_append_printf(g, " to %.1f %.1f", r1(it->x2), r1(it->y2));
            break;
        case JMAP_SI_TEXT:
            g_string_append_printf(g, " size=%.1f%s%s wrap=%.1f%s%s ", it->font.size,
                                   it->font.bold ? " bold" : "", it->font.italic ? " italic" : "",
                                   r1(it->wrap),
                                   it->align == JMAP_ALIGN_CENTER  ? " center"
                                   : it->align == JMAP_ALIGN_RIGHT ? " right"
                                                                   : "",
                                   it->rtl ? " rtl" : "");
            escaped(g, it->text ? it->text : "");
            break;
        case JMAP_SI_MARKER:
            g_string_append_printf(g, " shape=%d%s", it->shape, it->hollow ? " hollow" : "");
            break;
        case JMAP_SI_ICON:
            g_string_append_printf(g, " icon=%s", jmap_icon_name((jmap_icon)it->shape));
            break;
        case JMAP_SI_LANE_ICON:
            g_string_append_printf(g, " icon=%s", lane_label(it->shape, buf));
            break;
        case JMAP_SI_FACE:
            g_string_append_printf(g, " mood=%d", it->shape);
            break;
        case JMAP_SI_PATH:
        case JMAP_SI_ARROW:
            g_string_append(g, " pts");
            for (size_t k = 0; k < it->n_pts; k++)
                g_string_append_printf(g, " %.1f,%.1f", r1(it->pts[2 * k]),
                                       r1(it->pts[2 * k + 1]));
            break;
        case JMAP_SI_IMAGE:
        case JMAP_SI_LINK:
            g_string_append_c(g, ' ');
            escaped(g, it->path ? it->path : "");
            break;
        default:
            break;
        }
        lines[i] = g_string_free(g, FALSE);
    }
    qsort(lines, n, sizeof *lines, cmp_str);
    for (size_t i = 0; i < n; i++) {
        g_string_append(out, lines[i]);
        g_string_append_c(out, '\n');
        g_free(lines[i]);
    }
    g_free(lines);
    if (len_out)
        *len_out = out->len;
    /* the caller free()s: copy out of GLib's allocator */
    char *res = malloc(out->len + 1);
    if (res)
        memcpy(res, out->str, out->len + 1);
    g_string_free(out, TRUE);
    return res;
}
