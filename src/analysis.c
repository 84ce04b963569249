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
           a->n_inconsistencies + a->inconsistencies_omitted + a->n_kpi_misses;
}
