/*
 * analysis.c — computes a jmap_analysis from a resolved journey.
 *
 * Pure functions over the model: no text, no I/O. Lists are gathered in
 * GArrays while scanning, then copied into the analysis's arena so that the
 * result is plain pointers and counts, freed in one call.
 */
#include "analysis.h"

#include <glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Scores are doubles (survey means); a drop of exactly the threshold must
 * count even after rounding noise. */
#define EPS 1e-9

typedef struct ctx {
    const jmap_journey *j;
    const bool *mask;
    jmap_arena *arena;
} ctx;

static bool selected(const ctx *c, size_t p)
{
    return c->mask == NULL || c->mask[p];
}

static bool meets(const jmap_touchpoint *tp, size_t p)
{
    return tp->meets == NULL || tp->meets[p];
}

static bool in_view(const ctx *c, const jmap_touchpoint *tp)
{
    if (c->mask == NULL)
        return true;
    for (size_t p = 0; p < c->j->n_personas; p++)
        if (c->mask[p] && meets(tp, p))
            return true;
    return false;
}

/* The persona's score at a touchpoint it meets, if any. */
static bool score_of(const jmap_touchpoint *tp, size_t p, double *out)
{
    if (!meets(tp, p) || tp->emotion == NULL || !tp->emotion[p].set || !isfinite(tp->emotion[p].value))
        return false;
    *out = tp->emotion[p].value;
    return true;
}

static void *arena_copy(jmap_arena *a, const GArray *arr, size_t elem, size_t *n_out)
{
    *n_out = arr->len;
    if (arr->len == 0)
        return NULL;
    void *dst = jmap_arena_alloc(a, (size_t)arr->len * elem);
    memcpy(dst, arr->data, (size_t)arr->len * elem);
    return dst;
}

static size_t channel_slot(const jmap_journey *j, const jmap_channel *ch)
{
    if (ch->index < j->n_channels && j->channels[ch->index] == ch)
        return ch->index;
    for (size_t i = 0; i < j->n_channels; i++)
        if (j->channels[i] == ch)
            return i;
    return (size_t)-1;
}

/* ------------------------------------------------------------- stages */

static void analyse_stages(ctx *c, jmap_analysis *a)
{
    const jmap_journey *j = c->j;
    a->n_stages = j->n_stages;
    a->stages = jmap_arena_alloc(c->arena, sizeof *a->stages * (j->n_stages ? j->n_stages : 1));
    bool *seen = jmap_arena_alloc(c->arena, j->n_channels + 1);
    GArray *empty = g_array_new(false, false, sizeof(const jmap_stage *));

    for (size_t s = 0; s < j->n_stages; s++) {
        const jmap_stage *st = j->stages[s];
        jmap_stage_summary *sum = &a->stages[s];
        sum->stage = st;
        memset(seen, 0, j->n_channels + 1);
        size_t n_ch = 0;
        for (size_t t = 0; t < st->n_touchpoints; t++) {
            const jmap_touchpoint *tp = st->touchpoints[t];
            if (!in_view(c, tp))
                continue;
            sum->n_touchpoints++;
            if (tp->channel) {
                size_t slot = channel_slot(j, tp->channel);
                if (slot != (size_t)-1 && !seen[slot]) {
                    seen[slot] = true;
                    n_ch++;
                }
            }
        }
        sum->n_channels = n_ch;
        sum->channels = jmap_arena_alloc(c->arena, sizeof *sum->channels * (n_ch ? n_ch : 1));
        for (size_t i = 0, k = 0; i < j->n_channels; i++)
            if (seen[i])
                sum->channels[k++] = j->channels[i];
        if (sum->n_touchpoints == 0)
            g_array_append_val(empty, st);

        sum->n_emotions = a->n_personas;
        sum->emotions = jmap_arena_alloc(c->arena, sizeof *sum->emotions * (a->n_personas ? a->n_personas : 1));
        for (size_t k = 0; k < a->n_personas; k++) {
            const jmap_persona *pe = a->personas[k];
            jmap_stage_emotion *em = &sum->emotions[k];
            em->persona = pe;
            double total = 0;
            for (size_t t = 0; t < st->n_touchpoints; t++) {
                double v;
                if (!score_of(st->touchpoints[t], pe->index, &v))
                    continue;
                total += v;
                if (em->n_scores == 0 || v < em->lowest_value) {
                    em->lowest = st->touchpoints[t];
                    em->lowest_value = v;
                }
                em->n_scores++;
            }
            if (em->n_scores)
                em->mean = total / (double)em->n_scores;
        }
    }
    a->empty_stages = arena_copy(c->arena, empty, sizeof(const jmap_stage *), &a->n_empty_stages);
    g_array_free(empty, true);
}

/* -------------------------------------------------------------- drops */

static void analyse_drops(ctx *c, jmap_analysis *a)
{
    const jmap_journey *j = c->j;
    GArray *drops = g_array_new(false, true, sizeof(jmap_drop));
    for (size_t k = 0; k < a->n_personas; k++) {
        const jmap_persona *pe = a->personas[k];
        const jmap_touchpoint *prev = NULL;
        double prev_v = 0;
        for (size_t t = 0; t < j->n_touchpoints; t++) {
            const jmap_touchpoint *tp = j->touchpoints[t];
            double v;
            if (!score_of(tp, pe->index, &v))
                continue;
            if (prev && prev_v - v >= a->drop_threshold - EPS) {
                jmap_drop d = {pe, prev, tp, prev_v, v, prev_v - v};
                g_array_append_val(drops, d);
            }
            prev = tp;
            prev_v = v;
        }
    }
    a->drops = arena_copy(c->arena, drops, sizeof(jmap_drop), &a->n_drops);
    g_array_free(drops, true);
}

/* ---------------------------------------------------- moments of truth */

static void analyse_moments(ctx *c, jmap_analysis *a)
{
    const jmap_journey *j = c->j;
    GArray *moments = g_array_new(false, true, sizeof(jmap_moment));
    for (size_t t = 0; t < j->n_touchpoints; t++) {
        const jmap_touchpoint *tp = j->touchpoints[t];
        if (!tp->moment_of_truth || !in_view(c, tp))
            continue;
        jmap_moment m = {tp, NULL, 0};
        m.scores = jmap_arena_alloc(c->arena, sizeof *m.scores * (a->n_personas ? a->n_personas : 1));
        for (size_t k = 0; k < a->n_personas; k++) {
            const jmap_persona *pe = a->personas[k];
            if (!meets(tp, pe->index))
                continue;
            jmap_persona_score *ps = &m.scores[m.n_scores++];
            ps->persona = pe;
            ps->set = score_of(tp, pe->index, &ps->value);
        }
        g_array_append_val(moments, m);
    }
    a->moments = arena_copy(c->arena, moments, sizeof(jmap_moment), &a->n_moments);
    g_array_free(moments, true);
}

/* -------------------------------------------------------------- pains */

static int level_rank_desc(jmap_level l)
{
    switch (l) {
    case JMAP_LEVEL_HIGH: return 0;
    case JMAP_LEVEL_MEDIUM: return 1;
    case JMAP_LEVEL_LOW: return 2;
    default: return 3;
    }
}

static int level_rank_asc(jmap_level l)
{
    switch (l) {
    case JMAP_LEVEL_LOW: return 0;
    case JMAP_LEVEL_MEDIUM: return 1;
    case JMAP_LEVEL_HIGH: return 2;
    default: return 3;
    }
}

static int pain_item_cmp(const void *x, const void *y)
{
    const jmap_pain *p = ((const jmap_pain_item *)x)->pain;
    const jmap_pain *q = ((const jmap_pain_item *)y)->pain;
    int d = level_rank_desc(p->severity) - level_rank_desc(q->severity);
    if (d)
        return d;
    return (p->index > q->index) - (p->index < q->index);
}

static bool pain_in_view(const ctx *c, const jmap_pain *p)
{
    return p->touchpoint == NULL || in_view(c, p->touchpoint);
}

static void analyse_pains(ctx *c, jmap_analysis *a)
{
    const jmap_journey *j = c->j;
    GArray *items = g_array_new(false, true, sizeof(jmap_pain_item));
    GArray *by = g_array_new(false, false, sizeof(const jmap_opportunity *));
    for (size_t i = 0; i < j->n_pains; i++) {
        const jmap_pain *p = j->pains[i];
        if (!pain_in_view(c, p))
            continue;
        g_array_set_size(by, 0);
        for (size_t o = 0; o < j->n_opportunities; o++) {
            const jmap_opportunity *op = j->opportunities[o];
            for (size_t k = 0; k < op->n_addresses; k++)
                if (op->addresses[k] == p) {
                    g_array_append_val(by, op);
                    break;
                }
        }
        jmap_pain_item it = {p, NULL, 0};
        it.addressed_by = arena_copy(c->arena, by, sizeof(const jmap_opportunity *), &it.n_addressed_by);
        g_array_append_val(items, it);
    }
    if (items->len > 1)
        qsort(items->data, items->len, sizeof(jmap_pain_item), pain_item_cmp);
    a->pains = arena_copy(c->arena, items, sizeof(jmap_pain_item), &a->n_pains);

    a->unaddressed = jmap_arena_alloc(c->arena, sizeof *a->unaddressed * (a->n_pains ? a->n_pains : 1));
    for (size_t i = 0; i < a->n_pains; i++)
        if (a->pains[i].n_addressed_by == 0) {
            a->unaddressed[a->n_unaddressed++] = a->pains[i].pain;
            if (a->pains[i].pain->severity == JMAP_LEVEL_HIGH)
                a->n_unaddressed_high++;
        }
    g_array_free(by, true);
    g_array_free(items, true);
}

/* ------------------------------------------------------ opportunities */

/* A delivered opportunity is no win left to take. */
static bool quick_win(const jmap_opportunity *o)
{
    return o->impact == JMAP_LEVEL_HIGH && o->effort == JMAP_LEVEL_LOW &&
           o->status != JMAP_STATUS_DONE;
}

static bool blank(const char *s)
{
    if (s == NULL)
        return true;
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
            return false;
    return true;
}

int jmap_analysis_opportunity_cmp(const jmap_opportunity *x, const jmap_opportunity *y)
{
    int d = (int)quick_win(y) - (int)quick_win(x);
    if (d)
        return d;
    d = level_rank_desc(x->impact) - level_rank_desc(y->impact);
    if (d)
        return d;
    d = level_rank_asc(x->effort) - level_rank_asc(y->effort);
    if (d)
        return d;
    return (x->index > y->index) - (x->index < y->index);
}

static int opp_item_cmp(const void *x, const void *y)
{
    return jmap_analysis_opportunity_cmp(((const jmap_opportunity_item *)x)->opportunity,
                                         ((const jmap_opportunity_item *)y)->opportunity);
}

static void analyse_opportunities(ctx *c, jmap_analysis *a)
{
    const jmap_journey *j = c->j;
    GArray *items = g_array_new(false, true, sizeof(jmap_opportunity_item));
    GArray *done = g_array_new(false, false, sizeof(const jmap_opportunity *));
    for (size_t i = 0; i < j->n_opportunities; i++) {
        const jmap_opportunity *o = j->opportunities[i];
        if (o->touchpoint && !in_view(c, o->touchpoint))
            continue;
        if (o->status == JMAP_STATUS_DONE) {
            g_array_append_val(done, o);
            continue;
        }
        jmap_opportunity_item it = {o, quick_win(o), blank(o->owner)};
        a->n_quick_wins += it.quick_win;
        a->n_without_owner += it.no_owner;
        g_array_append_val(items, it);
    }
    if (items->len > 1)
        qsort(items->data, items->len, sizeof(jmap_opportunity_item), opp_item_cmp);
    a->opportunities = arena_copy(c->arena, items, sizeof(jmap_opportunity_item), &a->n_opportunities);
    a->delivered = arena_copy(c->arena, done, sizeof(const jmap_opportunity *), &a->n_delivered);
    g_array_free(items, true);
    g_array_free(done, true);
}

/* ------------------------------------------------------- channel gaps */

static void analyse_gaps(ctx *c, jmap_analysis *a)
{
    const jmap_journey *j = c->j;
    GArray *gaps = g_array_new(false, true, sizeof(jmap_persona_gaps));
    GArray *stage_gaps = g_array_new(false, true, sizeof(jmap_stage_gap));
    GArray *chans = g_array_new(false, false, sizeof(const jmap_channel *));
    bool *used = jmap_arena_alloc(c->arena, j->n_channels + 1);
    bool *used_here = jmap_arena_alloc(c->arena, j->n_channels + 1);

    for (size_t k = 0; k < a->n_personas; k++) {
        const jmap_persona *pe = a->personas[k];
        if (pe->n_channels == 0)
            continue;
        memset(used, 0, j->n_channels + 1);
        for (size_t t = 0; t < j->n_touchpoints; t++) {
            const jmap_touchpoint *tp = j->touchpoints[t];
            if (meets(tp, pe->index) && tp->channel) {
                size_t slot = channel_slot(j, tp->channel);
                if (slot != (size_t)-1)
                    used[slot] = true;
            }
        }
        jmap_persona_gaps g = {pe, NULL, 0, NULL, 0};
        g_array_set_size(chans, 0);
        for (size_t i = 0; i < pe->n_channels; i++) {
            size_t slot = channel_slot(j, pe->channels[i]);
            if (slot == (size_t)-1 || !used[slot])
                g_array_append_val(chans, pe->channels[i]);
        }
        g.journey = arena_copy(c->arena, chans, sizeof(const jmap_channel *), &g.n_journey);
        a->n_gap_channels += g.n_journey;

        g_array_set_size(stage_gaps, 0);
        for (size_t s = 0; s < j->n_stages; s++) {
            const jmap_stage *st = j->stages[s];
            /* An empty stage is reported as such; listing every preferred
             * channel under it again would only repeat that. */
            if (a->stages[s].n_touchpoints == 0)
                continue;
            memset(used_here, 0, j->n_channels + 1);
            size_t met = 0;
            for (size_t t = 0; t < st->n_touchpoints; t++) {
                const jmap_touchpoint *tp = st->touchpoints[t];
                if (!meets(tp, pe->index))
                    continue;
                met++;
                if (tp->channel) {
                    size_t slot = channel_slot(j, tp->channel);
                    if (slot != (size_t)-1)
                        used_here[slot] = true;
                }
            }
            /* A persona absent from a stage (or nearly so) is not missing
             * channels there. */
            if ((double)met < a->thresholds[JMAP_TH_GAP_TOUCHPOINTS] - EPS)
                continue;
            g_array_set_size(chans, 0);
            for (size_t i = 0; i < pe->n_channels; i++) {
                size_t slot = channel_slot(j, pe->channels[i]);
                if (slot != (size_t)-1 && used[slot] && !used_here[slot])
                    g_array_append_val(chans, pe->channels[i]);
            }
            if (chans->len == 0)
                continue;
            jmap_stage_gap sg = {st, NULL, 0};
            sg.missing = arena_copy(c->arena, chans, sizeof(const jmap_channel *), &sg.n_missing);
            a->n_gap_channels += sg.n_missing;
            g_array_append_val(stage_gaps, sg);
        }
        g.stages = arena_copy(c->arena, stage_gaps, sizeof(jmap_stage_gap), &g.n_stages);
        if (g.n_journey || g.n_stages)
            g_array_append_val(gaps, g);
    }
    a->gaps = arena_copy(c->arena, gaps, sizeof(jmap_persona_gaps), &a->n_gaps);
    g_array_free(chans, true);
    g_array_free(stage_gaps, true);
    g_array_free(gaps, true);
}

/* ---------------------------------------------------- inconsistencies */

static void analyse_inconsistencies(ctx *c, jmap_analysis *a)
{
    const jmap_journey *j = c->j;
    GArray *out = g_array_new(false, true, sizeof(jmap_inconsistency));
    for (size_t s = 0; s < j->n_stages; s++) {
        const jmap_stage *st = j->stages[s];
        for (size_t k = 0; k < a->n_personas; k++) {
            size_t p = a->personas[k]->index;
            for (size_t x = 0; x < st->n_touchpoints; x++) {
                const jmap_touchpoint *ta = st->touchpoints[x];
                double va;
                if (ta->channel == NULL || !score_of(ta, p, &va))
                    continue;
                for (size_t y = x + 1; y < st->n_touchpoints; y++) {
                    const jmap_touchpoint *tb = st->touchpoints[y];
                    double vb;
                    if (tb->channel == NULL || tb->channel == ta->channel || !score_of(tb, p, &vb))
                        continue;
                    double diff = fabs(va - vb);
                    if (diff < a->inconsistency_threshold - EPS)
                        continue;
                    if (out->len >= JMAP_ANALYSIS_MAX_INCONSISTENCIES) {
                        a->inconsistencies_omitted++;
                        continue;
                    }
                    jmap_inconsistency in = {st, a->personas[k], ta, tb, va, vb, diff};
                    g_array_append_val(out, in);
                }
            }
        }
    }
    a->inconsistencies = arena_copy(c->arena, out, sizeof(jmap_inconsistency), &a->n_inconsistencies);
    g_array_free(out, true);
}

/* --------------------------------------------------------------- KPIs */

static void analyse_kpis(ctx *c, jmap_analysis *a)
{
    const jmap_journey *j = c->j;
    GArray *out = g_array_new(false, true, sizeof(jmap_kpi_miss));
    for (size_t s = 0; s < j->n_stages; s++) {
        const jmap_stage *st = j->stages[s];
        for (size_t i = 0; i < st->n_kpis; i++) {
            const jmap_kpi *k = &st->kpis[i];
            if (!k->value.present || !k->value.is_number || !k->target.present || !k->target.is_number)
                continue;
            double v = k->value.number, t = k->target.number;
            if (!isfinite(v) || !isfinite(t))
                continue;
            double gap = k->better == JMAP_BETTER_LOWER ? v - t : t - v;
            if (gap <= 0)
                continue;
            jmap_kpi_miss m = {st, k, gap};
            g_array_append_val(out, m);
        }
    }
    a->kpi_misses = arena_copy(c->arena, out, sizeof(jmap_kpi_miss), &a->n_kpi_misses);
    g_array_free(out, true);

    GArray *tr = g_array_new(false, true, sizeof(jmap_kpi_trend));
    for (size_t s = 0; s < j->n_stages; s++) {
        const jmap_stage *st = j->stages[s];
        for (size_t i = 0; i < st->n_kpis; i++) {
            const jmap_kpi *k = &st->kpis[i];
            if (k->n_series < 2)
                continue;
            jmap_kpi_trend t = {st, k, &k->series[0], &k->series[k->n_series - 1], 0};
            t.delta = t.last->value - t.first->value;
            g_array_append_val(tr, t);
        }
    }
    a->kpi_trends = arena_copy(c->arena, tr, sizeof(jmap_kpi_trend), &a->n_kpi_trends);
    g_array_free(tr, true);
}

/* -------------------------------------------------------------- waves */

static void analyse_waves(ctx *c, jmap_analysis *a)
{
    const jmap_journey *j = c->j;
    a->n_waves = j->n_waves;
    if (j->n_waves == 0)
        return;
    GArray *rows = g_array_new(false, true, sizeof(jmap_wave_row));
    for (size_t t = 0; t < j->n_touchpoints; t++) {
        const jmap_touchpoint *tp = j->touchpoints[t];
        if (!in_view(c, tp))
            continue;
        for (size_t k = 0; k < a->n_personas; k++) {
            size_t p = a->personas[k]->index;
            if (!meets(tp, p))
                continue;
            bool any = false;
            for (size_t w = 0; w < j->n_waves; w++)
                any = any || jmap_wave_score(j, &j->waves[w], tp, p)->set;
            if (!any)
                continue;
            jmap_score *sc = jmap_arena_alloc(c->arena, sizeof *sc * j->n_waves);
            for (size_t w = 0; w < j->n_waves; w++)
                sc[w] = *jmap_wave_score(j, &j->waves[w], tp, p);
            jmap_wave_row r = {tp, a->personas[k], sc, false, 0};
            size_t last = j->n_waves - 1;
            if (last > 0 && sc[last].set && sc[last - 1].set) {
                r.has_change = true;
                r.change = sc[last].value - sc[last - 1].value;
            }
            g_array_append_val(rows, r);
        }
    }
    a->wave_rows = arena_copy(c->arena, rows, sizeof(jmap_wave_row), &a->n_wave_rows);
    g_array_free(rows, true);
}

/* ---------------------------------------------------------- blueprint */

static void analyse_insights(ctx *c, jmap_analysis *a)
{
    const jmap_journey *j = c->j;
    GArray *out = g_array_new(false, true, sizeof(jmap_insight));
    for (size_t i = 0; i < j->n_insights; i++)
        if (!blank(j->insights[i])) {
            jmap_insight in = {j->insights[i], NULL};
            g_array_append_val(out, in);
        }
    for (size_t s = 0; s < j->n_stages; s++)
        if (!blank(j->stages[s]->insight)) {
            jmap_insight in = {j->stages[s]->insight, j->stages[s]};
            g_array_append_val(out, in);
        }
    a->insights = arena_copy(c->arena, out, sizeof(jmap_insight), &a->n_insights);
    g_array_free(out, true);
}

static int drop_off_cmp(const void *x, const void *y)
{
    const jmap_touchpoint *p = *(const jmap_touchpoint *const *)x;
    const jmap_touchpoint *q = *(const jmap_touchpoint *const *)y;
    if (p->drop_off != q->drop_off)
        return p->drop_off > q->drop_off ? -1 : 1;
    return (p->index > q->index) - (p->index < q->index);
}

static void analyse_drop_offs(ctx *c, jmap_analysis *a)
{
    const jmap_journey *j = c->j;
    GArray *out = g_array_new(false, false, sizeof(const jmap_touchpoint *));
    for (size_t t = 0; t < j->n_touchpoints; t++) {
        const jmap_touchpoint *tp = j->touchpoints[t];
        if (!tp->drop_off_set)
            continue;
        a->has_drop_offs = true;
        if (tp->drop_off > 0 && isfinite(tp->drop_off) && in_view(c, tp))
            g_array_append_val(out, tp);
    }
    if (out->len > 1)
        qsort(out->data, out->len, sizeof(const jmap_touchpoint *), drop_off_cmp);
    a->drop_offs = arena_copy(c->arena, out, sizeof(const jmap_touchpoint *), &a->n_drop_offs);
    g_array_free(out, true);
}

/* A walk from the first touchpoint along jmap_touchpoint_successors, over
 * the whole journey: the flow of customers does not depend on whom the
 * report looks at. */
static void analyse_reach(ctx *c, jmap_analysis *a)
{
    const jmap_journey *j = c->j;
    size_t max_next = 0;
    for (size_t t = 0; t < j->n_touchpoints; t++)
        if (j->touchpoints[t]->n_next > max_next)
            max_next = j->touchpoints[t]->n_next;
    a->reach_checked = max_next > 0;
    if (!a->reach_checked)
        return;
    size_t n = j->n_touchpoints;
    bool *seen = jmap_arena_alloc(c->arena, n);
    memset(seen, 0, n);
    size_t *stack = g_new(size_t, n);
    const jmap_touchpoint **succ = g_new(const jmap_touchpoint *, max_next + 1);
    size_t top = 0;
    seen[0] = true;
    stack[top++] = 0;
    while (top) {
        const jmap_touchpoint *tp = j->touchpoints[stack[--top]];
        size_t k = jmap_touchpoint_successors(j, tp, succ);
        for (size_t i = 0; i < k; i++) {
            size_t x = succ[i]->index;
            if (x < n && j->touchpoints[x] == succ[i] && !seen[x]) {
                seen[x] = true;
                stack[top++] = x;
            }
        }
    }
    g_free(stack);
    g_free(succ);
    GArray *out = g_array_new(false, false, sizeof(const jmap_touchpoint *));
    for (size_t t = 0; t < n; t++)
        if (!seen[t] && in_view(c, j->touchpoints[t]))
            g_array_append_val(out, j->touchpoints[t]);
    a->unreachable = arena_copy(c->arena, out, sizeof(const jmap_touchpoint *), &a->n_unreachable);
    g_array_free(out, true);
}

static bool has_steps(const jmap_touchpoint *tp, jmap_bp b)
{
    for (size_t i = 0; i < tp->steps[b].n; i++)
        if (!blank(tp->steps[b].items[i]))
            return true;
    return false;
}

static void analyse_unsupported(ctx *c, jmap_analysis *a)
{
    const jmap_journey *j = c->j;
    for (size_t t = 0; t < j->n_touchpoints && !a->blueprint; t++)
        for (int b = 0; b < JMAP_BP_COUNT; b++)
            if (has_steps(j->touchpoints[t], (jmap_bp)b))
                a->blueprint = true;
    if (!a->blueprint)
        return;
    GArray *out = g_array_new(false, false, sizeof(const jmap_pain *));
    for (size_t i = 0; i < j->n_pains; i++) {
        const jmap_pain *p = j->pains[i];
        const jmap_touchpoint *tp = p->touchpoint;
        if (p->severity != JMAP_LEVEL_HIGH || tp == NULL || !in_view(c, tp))
            continue;
        if (!has_steps(tp, JMAP_BP_BACKSTAGE) && !has_steps(tp, JMAP_BP_SUPPORT))
            g_array_append_val(out, p);
    }
    a->unsupported = arena_copy(c->arena, out, sizeof(const jmap_pain *), &a->n_unsupported);
    g_array_free(out, true);
}

/* A text as compared: trimmed, composed and case-folded ("IBAN " and
 * "iban" are one key, one owner). NULL when blank. */
static char *fold(const char *s)
{
    if (blank(s))
        return NULL;
    char *t = g_strstrip(g_strdup(s));
    char *n = g_utf8_validate(t, -1, NULL) ? g_utf8_normalize(t, -1, G_NORMALIZE_DEFAULT_COMPOSE) : NULL;
    char *f = n ? g_utf8_casefold(n, -1) : g_ascii_strdown(t, -1);
    g_free(n);
    g_free(t);
    return f;
}

static bool same_owner(const char *x, const char *y)
{
    char *fx = fold(x), *fy = fold(y);
    bool same = fx && fy && strcmp(fx, fy) == 0;
    g_free(fx);
    g_free(fy);
    return same;
}

static void analyse_handoffs(ctx *c, jmap_analysis *a)
{
    const jmap_journey *j = c->j;
    GArray *out = g_array_new(false, true, sizeof(jmap_owner_handoff));
    for (size_t t = 0; t < j->n_touchpoints; t++) {
        const jmap_touchpoint *from = j->touchpoints[t];
        for (size_t h = 0; h < from->n_handoffs; h++) {
            const jmap_touchpoint *to = from->handoffs[h].to;
            if (to == NULL || to == from)
                continue; /* a hand-off between lanes of one touchpoint */
            a->has_handoffs = true;
            if (to->n_pains == 0 || !in_view(c, to) || blank(from->owner) || blank(to->owner) ||
                same_owner(from->owner, to->owner))
                continue;
            bool dup = false; /* two hand-offs to one touchpoint (other lanes) */
            for (size_t k = 0; k < h; k++)
                dup = dup || from->handoffs[k].to == to;
            if (dup)
                continue;
            jmap_owner_handoff oh = {from, to};
            g_array_append_val(out, oh);
        }
    }
    a->owner_handoffs = arena_copy(c->arena, out, sizeof(jmap_owner_handoff), &a->n_owner_handoffs);
    g_array_free(out, true);
}

typedef struct asked {
    const char *key;
    GArray *tps; /* const jmap_touchpoint * */
} asked;

static void analyse_data_asked(ctx *c, jmap_analysis *a)
{
    const jmap_journey *j = c->j;
    GHashTable *index = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    GArray *keys = g_array_new(false, true, sizeof(asked));
    for (size_t t = 0; t < j->n_touchpoints; t++) {
        const jmap_touchpoint *tp = j->touchpoints[t];
        if (tp->n_data_asked)
            a->has_data_asked = true;
        if (!in_view(c, tp))
            continue;
        for (size_t i = 0; i < tp->n_data_asked; i++) {
            char *k = fold(tp->data_asked[i]);
            if (k == NULL)
                continue;
            gpointer slot;
            asked *e;
            if (g_hash_table_lookup_extended(index, k, NULL, &slot)) {
                e = &g_array_index(keys, asked, GPOINTER_TO_SIZE(slot));
                g_free(k);
            } else {
                g_hash_table_insert(index, k, GSIZE_TO_POINTER((gsize)keys->len));
                char *shown = g_strstrip(g_strdup(tp->data_asked[i]));
                asked n = {jmap_arena_strdup(c->arena, shown), g_array_new(false, false, sizeof(const jmap_touchpoint *))};
                g_free(shown);
                g_array_append_val(keys, n);
                e = &g_array_index(keys, asked, keys->len - 1);
            }
            /* one touchpoint asking twice asks once */
            if (e->tps->len == 0 || g_array_index(e->tps, const jmap_touchpoint *, e->tps->len - 1) != tp)
                g_array_append_val(e->tps, tp);
        }
    }
    GArray *out = g_array_new(false, true, sizeof(jmap_data_again));
    GArray *chans = g_array_new(false, false, sizeof(const jmap_channel *));
    for (guint i = 0; i < keys->len; i++) {
        asked *e = &g_array_index(keys, asked, i);
        if (e->tps->len >= 2) {
            jmap_data_again d = {e->key, NULL, 0, NULL, 0, false};
            d.touchpoints = arena_copy(c->arena, e->tps, sizeof(const jmap_touchpoint *), &d.n_touchpoints);
            const jmap_channel *first = NULL;
            g_array_set_size(chans, 0);
            for (size_t k = 0; k < d.n_touchpoints; k++) {
                const jmap_channel *ch = d.touchpoints[k]->channel;
                if (ch == NULL)
                    continue;
                if (first == NULL)
                    first = ch;
                else if (ch != first)
                    d.cross_channel = true;
                bool known = false;
                for (guint x = 0; x < chans->len; x++)
                    known = known || g_array_index(chans, const jmap_channel *, x) == ch;
                if (k > 0 && !known)
                    g_array_append_val(chans, ch);
            }
            d.again_through = arena_copy(c->arena, chans, sizeof(const jmap_channel *), &d.n_again_through);
            g_array_append_val(out, d);
        }
        g_array_free(e->tps, true);
    }
    a->data_again = arena_copy(c->arena, out, sizeof(jmap_data_again), &a->n_data_again);
    g_array_free(chans, true);
    g_array_free(out, true);
    g_array_free(keys, true);
    g_hash_table_destroy(index);
}

/* --------------------------------------------------------------- entry */

jmap_analysis *jmap_analysis_new(const jmap_journey *j, const jmap_analysis_opts *opts)
{
    if (j == NULL)
        return NULL;
    jmap_arena *arena = jmap_arena_new();
    jmap_analysis *a = jmap_arena_alloc(arena, sizeof *a);
    a->arena = arena;
    a->journey = j;
    ctx c = {j, opts ? opts->persona_mask : NULL, arena};
    a->filtered = c.mask != NULL;

    a->personas = jmap_arena_alloc(arena, sizeof *a->personas * (j->n_personas ? j->n_personas : 1));
    for (size_t p = 0; p < j->n_personas; p++)
        if (selected(&c, p))
            a->personas[a->n_personas++] = j->personas[p];

    const jmap_thresholds *cli = opts ? opts->thresholds : NULL;
    for (int t = 0; t < JMAP_TH_COUNT; t++) {
        if (cli && cli->set[t])
            a->thresholds[t] = cli->value[t];
        else if (j->thresholds.set[t])
            a->thresholds[t] = j->thresholds.value[t];
        else
            a->thresholds[t] = jmap_threshold_default((jmap_threshold)t, j->scale_min, j->scale_max);
    }
    a->drop_threshold = a->thresholds[JMAP_TH_SHARP_DROP];
    a->inconsistency_threshold = a->thresholds[JMAP_TH_INCONSISTENCY];
    for (size_t t = 0; t < j->n_touchpoints; t++)
        a->n_touchpoints += in_view(&c, j->touchpoints[t]);

    analyse_stages(&c, a);
    analyse_drops(&c, a);
    analyse_moments(&c, a);
    analyse_pains(&c, a);
    analyse_opportunities(&c, a);
    analyse_gaps(&c, a);
    analyse_inconsistencies(&c, a);
    analyse_kpis(&c, a);
    analyse_waves(&c, a);
    analyse_insights(&c, a);
    analyse_drop_offs(&c, a);
    analyse_reach(&c, a);
    analyse_unsupported(&c, a);
    analyse_handoffs(&c, a);
    analyse_data_asked(&c, a);
    return a;
}

void jmap_analysis_free(jmap_analysis *a)
{
    if (a)
        jmap_arena_free(a->arena);
}

size_t jmap_analysis_findings(const jmap_analysis *a)
{
    return a->n_drops + a->n_unaddressed + a->n_empty_stages + a->n_gap_channels +
           a->n_inconsistencies + a->inconsistencies_omitted + a->n_kpi_misses + a->n_unreachable +
           a->n_unsupported + a->n_owner_handoffs + a->n_data_again;
}
