/*
 * layout_page.c — a map laid out for a sheet: the largest text size at which
 * the whole map fits the sheet (never below the print minimum), else pages
 * split between stages, each repeating the title line, the lane labels, the
 * persona key and the legend, after an overview page. Each page is laid out
 * by jmap_layout_build on a view of the journey that holds only that page's
 * stages and touchpoints, so a page costs what lies on it.
 */
#include "layout_int.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

/* a little above the minimum, so that no glyph rounds under it */
#define MIN_SCALE ((JMAP_MIN_PRINT_SIZE + 0.05) / JMAP_BODY_SIZE)
#define MAX_SCALE 3.0   /* body text at 25.5 pt: a small map on a poster */
#define FLOOR_SCALE 0.2 /* a page that cannot fit at the minimum shrinks to this at most */
#define FIT_ROUNDS 6   /* bisection of the scale: within 1.5 % of the best */
#define NOTES_MAX 5    /* lines of the overview's top findings */
#define EVEN_MAX_PAGES 12 /* split maps up to this many pages get even pages
                             and the largest common text size */
#define NATURAL_OVERVIEW_W 1800.0
#define SPLIT_COL_MIN 80.0 /* narrowest column on the pages of a split map */
#define NO_TP SIZE_MAX

/* One column of the map: a touchpoint of a stage, or an empty stage. */
typedef struct colref {
    size_t stage, tp;
} colref;

typedef struct pager {
    const jmap_journey *j;
    const jmap_layout_opts *o;
    const jmap_measurer *m;
    jmap_diags *d;
    double page_w, page_h, avail_w, avail_h;
    bool natural; /* sheets as tall as their map, drawn at scale 1 */
    GArray *cols; /* colref, the visible columns in map order */
    jmap_arena *views; /* the journey views of the pages */
} pager;


static void list_columns(pager *p)
{
    p->cols = g_array_new(FALSE, FALSE, sizeof(colref));
    for (size_t si = 0; si < p->j->n_stages; si++) {
        const jmap_stage *st = p->j->stages[si];
        guint before = p->cols->len;
        for (size_t k = 0; k < st->n_touchpoints; k++)
            if (jmap_lay_tp_shown(p->j, p->o->persona_mask, p->o->state_view, st->touchpoints[k])) {
                colref c = {si, k};
                g_array_append_val(p->cols, c);
            }
        if (p->cols->len == before) {
            colref c = {si, NO_TP};
            g_array_append_val(p->cols, c);
        }
    }
}

static const colref *col_at(const pager *p, size_t i)
{
    return &g_array_index(p->cols, colref, i);
}

/* Whether column i is the first of its stage among the visible ones. */
static bool stage_starts(const pager *p, size_t i)
{
    return i == 0 || col_at(p, i - 1)->stage != col_at(p, i)->stage;
}

/*
 * The journey as the columns [c0, c1) show it: the stages they touch, each
 * with only those touchpoints. A stage cut by a page break keeps its pains,
 * opportunities and KPIs on its first part; its later parts are named
 * "(continued)". Lives in p->views.
 */
static const jmap_journey *view_of(pager *p, size_t c0, size_t c1)
{
    if (c0 == 0 && c1 == p->cols->len)
        return p->j;
    jmap_arena *a = p->views;
    jmap_journey *v = jmap_arena_alloc(a, sizeof *v);
    *v = *p->j;
    v->type = JMAP_JOURNEY_LINEAR; /* the cycle arrow needs the whole journey */
    v->stages = jmap_arena_alloc(a, sizeof(jmap_stage *) * (c1 - c0 + 1));
    v->touchpoints = jmap_arena_alloc(a, sizeof(jmap_touchpoint *) * (c1 - c0 + 1));
    v->n_stages = v->n_touchpoints = 0;
    bool fr = p->j->locale == JMAP_LOCALE_FR;
    for (size_t i = c0; i < c1;) {
        size_t si = col_at(p, i)->stage, e = i;
        while (e < c1 && col_at(p, e)->stage == si)
            e++;
        const jmap_stage *orig = p->j->stages[si];
        jmap_stage *st = jmap_arena_alloc(a, sizeof *st);
        *st = *orig;
        st->touchpoints = jmap_arena_alloc(a, sizeof(jmap_touchpoint *) * (e - i + 1));
        st->n_touchpoints = 0;
        for (size_t k = i; k < e; k++)
            if (col_at(p, k)->tp != NO_TP) {
                jmap_touchpoint *tp = orig->touchpoints[col_at(p, k)->tp];
                st->touchpoints[st->n_touchpoints++] = tp;
                v->touchpoints[v->n_touchpoints++] = tp;
            }
        if (!stage_starts(p, i)) {
            st->name = jmap_arena_printf(a, "%s %s", orig->name, fr ? "(suite)" : "(continued)");
            st->goal = NULL;
            st->n_pains = st->n_opportunities = st->n_kpis = 0;
        }
        v->stages[v->n_stages++] = st;
        i = e;
    }
    return v;
}

/* Lays out `v` for the sheet at scale `sc`; *fits tells whether it fits. */
static jmap_scene *lay(pager *p, const jmap_journey *v, jmap_layout_opts *o, double sc,
                       bool *fits)
{
    if (p->natural) {
        o->fit_w = o->overview ? NATURAL_OVERVIEW_W : 0;
        jmap_scene *s = jmap_layout_build(v, o, p->m, NULL);
        *fits = s->width <= p->avail_w + 0.5;
        return s;
    }
    o->fit_w = p->avail_w / sc;
    jmap_scene *s = jmap_layout_build(v, o, p->m, NULL);
    *fits = s->width <= o->fit_w + 0.5 && s->height <= p->avail_h / sc + 0.5;
    return s;
}

static void set_page(const pager *p, jmap_scene *s, double sc)
{
    if (p->natural) {
        s->page_scale = 1;
        s->page_w = s->width;
        s->page_h = s->height;
    } else {
        s->page_scale = sc;
        s->page_w = p->page_w;
        s->page_h = p->page_h;
    }
}

/* The largest scale in [a, b) at which `v` fits, `lo` being its layout at
 * a (kept when nothing larger fits), within FIT_ROUNDS halvings. */
static jmap_scene *bisect(pager *p, const jmap_journey *v, jmap_layout_opts *o, jmap_scene *lo,
                          double a, double b)
{
    bool fits;
    for (int r = 0; r < FIT_ROUNDS; r++) {
        double mid = (a + b) / 2;
        jmap_scene *s = lay(p, v, o, mid, &fits);
        if (fits) {
            jmap_scene_free(lo);
            lo = s;
            a = mid;
        } else {
            jmap_scene_free(s);
            b = mid;
        }
    }
    set_page(p, lo, a);
    return lo;
}

/* The largest scale under the print minimum at which `v` fits the sheet
 * (at least FLOOR_SCALE): for a page that cannot fit at the minimum. */
static jmap_scene *shrink(pager *p, const jmap_journey *v, jmap_layout_opts *o)
{
    bool fits;
    jmap_scene *lo = lay(p, v, o, FLOOR_SCALE, &fits);
    return bisect(p, v, o, lo, FLOOR_SCALE, MIN_SCALE);
}

/*
 * A single-page map drawn as wide as its sheet but not as tall (its
 * columns could not narrow further) gets the rest of the sheet's height
 * spread between its lanes, so it fills the sheet instead of leaving a
 * blank band under it.
 */
static void fill_height(const pager *p, jmap_scene *s)
{
    if (p->natural || s->n_lanes == 0)
        return;
    double extra = p->avail_h / s->page_scale - s->height;
    if (extra < 1)
        return;
    double each = floor(extra / (double)s->n_lanes);
    for (size_t i = s->n_lanes; i-- > 0;)
        jmap_scene_insert_space(s, s->lanes[i].y1 - 0.5, each);
}

/*
 * The largest scale in [MIN_SCALE, MAX_SCALE] at which `v` fits the sheet,
 * with persona cards, else with the persona key; NULL when it fits at no
 * scale. With `force`, the layout at MIN_SCALE is returned all the same.
 */
static jmap_scene *fit(pager *p, const jmap_journey *v, jmap_layout_opts *o, bool force)
{
    bool fits;
    if (p->natural) {
        jmap_scene *s = lay(p, v, o, 1, &fits);
        if (!fits && !force) {
            jmap_scene_free(s);
            return NULL;
        }
        set_page(p, s, 1);
        return s;
    }
    /* persona cards, else the persona key, else also a header without the
     * description and scenario (they stay in the PDF's metadata) */
    bool keys[3] = {o->persona_key, true, true}, brief[3] = {false, false, true};
    int first = (o->persona_key || v->personas_implicit) ? 1 : 0;
    for (int t = first; t < 3; t++) {
        o->persona_key = keys[t];
        o->brief_header = brief[t];
        jmap_scene *lo = lay(p, v, o, MIN_SCALE, &fits);
        if (!fits) {
            jmap_scene_free(lo);
            if (force && t == 2)
                return shrink(p, v, o);
            continue;
        }
        double a = MIN_SCALE, b = MAX_SCALE;
        jmap_scene *hi = lay(p, v, o, b, &fits);
        if (fits) {
            jmap_scene_free(lo);
            set_page(p, hi, b);
            return hi;
        }
        jmap_scene_free(hi);
        return bisect(p, v, o, lo, a, b);
    }
    return NULL;
}

/* ------------------------------------------------------------ overview */

static const char *persona_name(const jmap_persona *pe)
{
    return pe->name ? pe->name : pe->id;
}

static const char *number(jmap_arena *a, double v, bool fr)
{
    char buf[64];
    jmap_lay_number_buf(buf, v, fr);
    return jmap_arena_strdup(a, buf);
}

/* The few findings a wall print should lead with: the sharpest drops, the
 * high-severity pains left unaddressed, a quick win, the empty stages, a
 * KPI off target. */
static const char **top_findings(pager *p, size_t *n)
{
    const jmap_journey *j = p->j;
    bool fr = j->locale == JMAP_LOCALE_FR;
    jmap_analysis_opts ao = {p->o->persona_mask, p->o->thresholds};
    jmap_analysis *an = jmap_analysis_new(j, &ao);
    const char **out = jmap_arena_alloc(p->views, sizeof(char *) * NOTES_MAX);
    jmap_arena *a = p->views;
    *n = 0;
    /* the two sharpest drops */
    size_t best[2] = {SIZE_MAX, SIZE_MAX};
    for (size_t i = 0; i < an->n_drops; i++) {
        if (best[0] == SIZE_MAX || an->drops[i].amount > an->drops[best[0]].amount) {
            best[1] = best[0];
            best[0] = i;
        } else if (best[1] == SIZE_MAX || an->drops[i].amount > an->drops[best[1]].amount) {
            best[1] = i;
        }
    }
    for (int k = 0; k < 2 && *n < NOTES_MAX; k++) {
        if (best[k] == SIZE_MAX)
            continue;
        const jmap_drop *d = &an->drops[best[k]];
        const char *who = j->personas_implicit ? "" :
                          jmap_arena_printf(a, "%s: ", persona_name(d->persona));
        out[(*n)++] = jmap_arena_printf(
            a, fr ? "%schute de %s à %s entre « %s » et « %s »"
                  : "%sdrop from %s to %s between \u201C%s\u201D and \u201C%s\u201D",
            who, number(a, d->from_value, fr), number(a, d->to_value, fr),
            d->from->name, d->to->name);
    }
    if (an->n_unaddressed_high && *n < NOTES_MAX) {
        const jmap_pain *pa = an->unaddressed[0];
        out[(*n)++] = an->n_unaddressed_high == 1
            ? jmap_arena_printf(a, fr ? "irritant grave sans opportunité : « %s »"
                                      : "high-severity pain with no opportunity: \u201C%s\u201D",
                                pa->text)
            : jmap_arena_printf(a, fr ? "%zu irritants graves sans opportunité, dont « %s »"
                                      : "%zu high-severity pains with no opportunity, such as "
                                        "\u201C%s\u201D",
                                an->n_unaddressed_high, pa->text);
    }
    for (size_t i = 0; i < an->n_opportunities && *n < NOTES_MAX; i++)
        if (an->opportunities[i].quick_win) {
            out[(*n)++] = jmap_arena_printf(a, fr ? "gain rapide : « %s »"
                                                  : "quick win: \u201C%s\u201D",
                                            an->opportunities[i].opportunity->text);
            break;
        }
    if (an->n_empty_stages && *n < NOTES_MAX)
        out[(*n)++] = jmap_arena_printf(a, fr ? "étape sans point de contact : %s"
                                              : "stage with no touchpoint: %s",
                                        an->empty_stages[0]->name);
    if (an->n_kpi_misses && *n < NOTES_MAX) {
        const jmap_kpi_miss *km = &an->kpi_misses[0];
        out[(*n)++] = jmap_arena_printf(a, fr ? "indicateur sous sa cible : %s (%s)"
                                              : "KPI off target: %s (%s)",
                                        km->kpi->name, km->stage->name);
    }
    jmap_analysis_free(an);
    return out;
}

/* ---------------------------------------------------------- pagination */

static const char *page_label(pager *p, size_t page, size_t n_pages, size_t c0, size_t c1,
                              bool more_lanes)
{
    const char *more = !more_lanes ? "" : p->j->locale == JMAP_LOCALE_FR ? " (suite)" : " (continued)";
    bool fr = p->j->locale == JMAP_LOCALE_FR;
    if (c1 == 0)
        return jmap_arena_printf(p->views, fr ? "page %zu/%zu · vue d\u2019ensemble"
                                              : "page %zu/%zu · overview",
                                 page, n_pages);
    size_t s0 = p->j->stages[col_at(p, c0)->stage]->index + 1;
    size_t s1 = p->j->stages[col_at(p, c1 - 1)->stage]->index + 1;
    if (s0 == s1)
        return jmap_arena_printf(p->views, fr ? "page %zu/%zu · étape %zu%s" : "page %zu/%zu · stage %zu%s",
                                 page, n_pages, s0, more);
    return jmap_arena_printf(p->views, fr ? "page %zu/%zu · étapes %zu\u2013%zu%s"
                                          : "page %zu/%zu · stages %zu\u2013%zu%s",
                             page, n_pages, s0, s1, more);
}

/* The end of the stage that column i belongs to. */
static size_t stage_end(const pager *p, size_t i)
{
    size_t si = col_at(p, i)->stage;
    while (i < p->cols->len && col_at(p, i)->stage == si)
        i++;
    return i;
}

/* One page of a split map: the columns [c0, c1), the lanes [g0, g1) of the
 * lane order. */
typedef struct unit {
    size_t c0, c1, g0, g1;
} unit;

/* The pages of the columns [c0, c1): one when they fit at scale sc, else
 * as many lanes on each page as fit at the minimum (at least one). */
static void lane_groups(pager *p, jmap_layout_opts *o, size_t c0, size_t c1,
                        const jmap_lane *order, size_t n_order, double sc, GArray *units)
{
    bool fits;
    jmap_scene *s = lay(p, view_of(p, c0, c1), o, sc, &fits);
    jmap_scene_free(s);
    if (fits || p->natural || n_order < 2) {
        unit u = {c0, c1, 0, n_order};
        g_array_append_val(units, u);
        return;
    }
    jmap_layout_opts g = *o;
    for (size_t g0 = 0; g0 < n_order;) {
        size_t g1 = g0 + 1;
        while (g1 < n_order) {
            g.lanes = order + g0;
            g.n_lanes = g1 + 1 - g0;
            s = lay(p, view_of(p, c0, c1), &g, MIN_SCALE, &fits);
            jmap_scene_free(s);
            if (!fits)
                break;
            g1++;
        }
        unit u = {c0, c1, g0, g1};
        g_array_append_val(units, u);
        g0 = g1;
    }
}

/* Whether the columns [c0, c1) fit across a sheet at the minimum. */
static bool fits_across(pager *p, jmap_layout_opts *o, size_t c0, size_t c1)
{
    bool fits;
    jmap_scene *s = lay(p, view_of(p, c0, c1), o, MIN_SCALE, &fits);
    bool across = p->natural ? fits : s->width <= o->fit_w + 0.5;
    jmap_scene_free(s);
    return across;
}

/* The end of the most whole stages from `start` that fit one sheet at the
 * minimum (`across`: that fit across it), 0 when not even one does. */
static size_t whole_stages(pager *p, size_t start, jmap_layout_opts *o, bool across)
{
    size_t n = p->cols->len, best = 0;
    for (size_t end = stage_end(p, start);; end = stage_end(p, end)) {
        bool fits;
        if (across) {
            fits = fits_across(p, o, start, end);
        } else {
            jmap_scene *s = lay(p, view_of(p, start, end), o, MIN_SCALE, &fits);
            jmap_scene_free(s);
        }
        if (!fits)
            break;
        best = end;
        if (end == n)
            break;
    }
    return best;
}

/* The most columns from `start` that one page holds: whole stages while
 * they fit, else as many touchpoints of the first stage as fit, else one. */
static size_t page_end(pager *p, size_t start, jmap_layout_opts *o)
{
    size_t best = whole_stages(p, start, o, false);
    /* taller than the sheet even one stage at a time: the lanes will go on
     * several sheets, so the columns only need to fit across */
    if (!best)
        best = whole_stages(p, start, o, true);
    if (best)
        return best;
    size_t limit = stage_end(p, start);
    for (size_t end = start + 1; end <= limit; end++) {
        if (!fits_across(p, o, start, end))
            break;
        best = end;
    }
    return best ? best : start + 1;
}

/* Whether the columns [c0, c1) fit one sheet at scale sc. */
static bool page_fits(pager *p, jmap_layout_opts *o, size_t c0, size_t c1, double sc)
{
    bool fits;
    jmap_scene *s = lay(p, view_of(p, c0, c1), o, sc, &fits);
    jmap_scene_free(s);
    return fits;
}

/*
 * The same number of pages as the greedy split in `ends`, holding about as
 * many columns each: every page ends at the stage boundary nearest an even
 * share of what is left, when that still fits at the minimum. Keeps `ends`
 * when the even split does not work out.
 */
static void balance(pager *p, jmap_layout_opts *o, GArray *ends)
{
    size_t k = ends->len, n = p->cols->len;
    GArray *even = g_array_new(FALSE, FALSE, sizeof(size_t));
    size_t start = 0;
    for (size_t i = 0; i < k && start < n; i++) {
        if (i == k - 1) {
            if (!page_fits(p, o, start, n, MIN_SCALE))
                break;
            g_array_append_val(even, n);
            start = n;
            break;
        }
        double ideal = (double)start + (double)(n - start) / (double)(k - i);
        /* the stage boundaries around the ideal end */
        size_t below = 0, above = 0;
        for (size_t e = stage_end(p, start);; e = stage_end(p, e)) {
            if ((double)e <= ideal)
                below = e;
            else {
                above = e;
                break;
            }
            if (e >= n)
                break;
        }
        size_t first = below, second = above;
        if (!below || (above && (double)above - ideal < ideal - (double)below))
            first = above, second = below;
        size_t end = 0;
        if (first && first < n && page_fits(p, o, start, first, MIN_SCALE))
            end = first;
        else if (second && second < n && page_fits(p, o, start, second, MIN_SCALE))
            end = second;
        if (!end)
            break;
        g_array_append_val(even, end);
        start = end;
    }
    if (start == n && even->len == k) {
        g_array_set_size(ends, 0);
        g_array_append_vals(ends, even->data, even->len);
    }
    g_array_free(even, TRUE);
}

/* The largest scale at which every page of `ends` fits its sheet, down to
 * the minimum. */
static double common_scale(pager *p, jmap_layout_opts *o, GArray *ends)
{
    double a = MIN_SCALE, b = MAX_SCALE;
    size_t tight = 0; /* the page that failed last goes first */
    for (int r = 0; r < FIT_ROUNDS; r++) {
        double mid = (a + b) / 2;
        bool all = page_fits(p, o, tight ? g_array_index(ends, size_t, tight - 1) : 0,
                             g_array_index(ends, size_t, tight), mid);
        for (size_t k = 0, start = 0; k < ends->len && all; k++) {
            size_t end = g_array_index(ends, size_t, k);
            if (k != tight && !page_fits(p, o, start, end, mid)) {
                all = false;
                tight = k;
            }
            start = end;
        }
        if (all)
            a = mid;
        else
            b = mid;
    }
    return a;
}

jmap_scene **jmap_layout_pages(const jmap_journey *j, const jmap_layout_opts *opts,
                               const jmap_measurer *m, jmap_diags *diags, double page_w,
                               double page_h, double margin, size_t *n_out)
{
    static const jmap_layout_opts no_opts = {0};
    pager p = {0};
    p.j = j;
    p.o = opts ? opts : &no_opts;
    p.m = m;
    p.d = diags;
    p.page_w = page_w;
    p.page_h = page_h;
    p.natural = page_h <= 0;
    p.avail_w = page_w - 2 * margin;
    p.avail_h = page_h - 2 * margin;
    p.views = jmap_arena_new();
    list_columns(&p);

    GPtrArray *pages = g_ptr_array_new();
    jmap_layout_opts o = *p.o;
    o.page_label = NULL;
    jmap_scene *one = fit(&p, j, &o, false);
    if (one) {
        fill_height(&p, one);
        g_ptr_array_add(pages, one);
    } else {
        /* pages between stages; their labels are known once they are counted */
        GArray *ends = g_array_new(FALSE, FALSE, sizeof(size_t));
        jmap_layout_opts po = *p.o;
        po.persona_key = true;
        /* a map split anyway gets roomier columns than one squeezed onto a
         * single sheet */
        po.col_min = SPLIT_COL_MIN;
        po.page_label = "page 00/00 · stages 000\u2013000";
        for (size_t start = 0; start < p.cols->len;) {
            size_t end = page_end(&p, start, &po);
            g_array_append_val(ends, end);
            start = end;
        }
        double sc = MIN_SCALE;
        if (!p.natural && ends->len > 1 && ends->len <= EVEN_MAX_PAGES) {
            balance(&p, &po, ends);
            sc = common_scale(&p, &po, ends);
        }
        /* a column range taller than the sheet goes on several sheets, a
         * group of lanes on each */
        jmap_lane order[JMAP_LANE_ALL];
        size_t n_order = jmap_layout_lane_order(j, p.o, order);
        GArray *units = g_array_new(FALSE, FALSE, sizeof(unit));
        size_t start = 0;
        for (guint k = 0; k < ends->len; k++) {
            size_t end = g_array_index(ends, size_t, k);
            lane_groups(&p, &po, start, end, order, n_order, sc, units);
            start = end;
        }
        if (units->len > ends->len)
            sc = MIN_SCALE; /* lanes were split: every page at the minimum */
        size_t n_pages = units->len + 1;
        jmap_layout_opts ov = *p.o;
        jmap_lane emotions = JMAP_LANE_EMOTIONS;
        ov.overview = true;
        ov.lanes = &emotions;
        ov.n_lanes = 1;
        ov.notes = top_findings(&p, &ov.n_notes);
        ov.page_label = page_label(&p, 1, n_pages, 0, 0, false);
        g_ptr_array_add(pages, fit(&p, j, &ov, true));
        for (guint k = 0; k < units->len; k++) {
            const unit *u = &g_array_index(units, unit, k);
            po.page_label = page_label(&p, k + 2, n_pages, u->c0, u->c1, u->g0 > 0);
            if (u->g1 - u->g0 < n_order) {
                po.lanes = order + u->g0;
                po.n_lanes = u->g1 - u->g0;
            } else {
                po.lanes = p.o->lanes;
                po.n_lanes = p.o->n_lanes;
            }
            const jmap_journey *v = view_of(&p, u->c0, u->c1);
            jmap_scene *s = NULL;
            if (p.natural) {
                s = fit(&p, v, &po, true);
            } else {
                /* every page at one scale, so the text is the same size
                 * throughout; a page that cannot fit even at the minimum
                 * (one lane of one stage taller than the sheet) is the
                 * largest that fits, smaller: the renderer warns about it */
                bool fits;
                s = lay(&p, v, &po, sc, &fits);
                set_page(&p, s, sc);
                if (!fits) {
                    jmap_scene_free(s);
                    s = shrink(&p, v, &po);
                }
            }
            g_ptr_array_add(pages, s);
        }
        g_array_free(units, TRUE);
        g_array_free(ends, TRUE);
    }
    g_array_free(p.cols, TRUE);
    jmap_arena_free(p.views);
    *n_out = pages->len;
    return (jmap_scene **)g_ptr_array_free(pages, FALSE);
}
