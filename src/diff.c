/*
 * diff.c — compares two resolved journeys, item by item, matched by id.
 *
 * Changes are gathered group by group (docs/diff.md gives the order) in a
 * GArray, then copied into the diff's arena. Ids are looked up through hash
 * tables, but every list is walked in map order, so the result depends on
 * nothing but the two journeys.
 */
#include "diff.h"

#include <glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define EPS 1e-9

typedef struct ctx {
    const jmap_journey *o, *n; /* old and new */
    jmap_arena *arena;
    GArray *out; /* of jmap_change */
} ctx;

static void add(ctx *c, const jmap_change *ch)
{
    g_array_append_val(c->out, *ch);
}

static bool same_text(const char *a, const char *b)
{
    if (a == NULL || b == NULL)
        return a == b;
    return strcmp(a, b) == 0;
}

/* ------------------------------------------------------------- order */

/*
 * Which of the common items kept their relative order: seq[i] is the new
 * position of the i-th common item in old order; keep[i] is set for the
 * items of one longest increasing run (a permutation's longest common
 * subsequence with the identity), the others count as moved. Among the
 * longest runs, the one keeping the earliest items is chosen, so a swap of
 * two neighbours moves the second one. O(n log n).
 */
static void longest_kept(const size_t *seq, size_t n, bool *keep)
{
    if (n == 0)
        return;
    /* from[i]: length of the longest increasing run starting at i. tail[k]:
     * the largest first value of a run of length k+1 seen so far (from the
     * right), decreasing in k. */
    size_t *from = g_new(size_t, n);
    size_t *tail = g_new(size_t, n);
    size_t len = 0;
    for (size_t i = n; i-- > 0;) {
        size_t lo = 0, hi = len;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (tail[mid] > seq[i])
                lo = mid + 1;
            else
                hi = mid;
        }
        tail[lo] = seq[i];
        if (lo == len)
            len++;
        from[i] = lo + 1;
    }
    size_t need = len;
    bool any = false;
    size_t last = 0;
    for (size_t i = 0; i < n; i++) {
        keep[i] = need > 0 && from[i] == need && (!any || seq[i] > last);
        if (keep[i]) {
            need--;
            any = true;
            last = seq[i];
        }
    }
    g_free(from);
    g_free(tail);
}

/* ---------------------------------------------------------- personas */

static void diff_personas(ctx *c)
{
    /* The implicit persona stands for "the customer": not a persona to add or remove. */
    const jmap_journey *o = c->o, *n = c->n;
    for (size_t i = 0; !o->personas_implicit && i < o->n_personas; i++) {
        const jmap_persona *p = o->personas[i];
        const jmap_persona *q = n->personas_implicit ? NULL : jmap_journey_persona(n, p->id);
        if (q == NULL)
            add(c, &(jmap_change){.kind = JMAP_CHANGE_PERSONA_REMOVED, .before.persona = p});
    }
    for (size_t i = 0; !n->personas_implicit && i < n->n_personas; i++) {
        const jmap_persona *q = n->personas[i];
        const jmap_persona *p = o->personas_implicit ? NULL : jmap_journey_persona(o, q->id);
        if (p == NULL)
            add(c, &(jmap_change){.kind = JMAP_CHANGE_PERSONA_ADDED, .after.persona = q});
    }
    for (size_t i = 0; !n->personas_implicit && i < n->n_personas; i++) {
        const jmap_persona *q = n->personas[i];
        const jmap_persona *p = o->personas_implicit ? NULL : jmap_journey_persona(o, q->id);
        if (p && !same_text(p->name, q->name))
            add(c, &(jmap_change){.kind = JMAP_CHANGE_PERSONA_RENAMED, .before.persona = p, .after.persona = q});
    }
}

/* ------------------------------------------------------------ stages */

static void diff_stages(ctx *c)
{
    const jmap_journey *o = c->o, *n = c->n;
    for (size_t i = 0; i < o->n_stages; i++)
        if (!jmap_journey_stage(n, o->stages[i]->id))
            add(c, &(jmap_change){.kind = JMAP_CHANGE_STAGE_REMOVED, .before.stage = o->stages[i]});
    for (size_t i = 0; i < n->n_stages; i++)
        if (!jmap_journey_stage(o, n->stages[i]->id))
            add(c, &(jmap_change){.kind = JMAP_CHANGE_STAGE_ADDED, .after.stage = n->stages[i]});
    for (size_t i = 0; i < n->n_stages; i++) {
        const jmap_stage *s = jmap_journey_stage(o, n->stages[i]->id);
        if (s && !same_text(s->name, n->stages[i]->name))
            add(c, &(jmap_change){.kind = JMAP_CHANGE_STAGE_RENAMED, .before.stage = s, .after.stage = n->stages[i]});
    }
    /* Moved: common stages out of the longest run that kept its order. */
    size_t *seq = g_new(size_t, o->n_stages + 1);
    const jmap_stage **common = g_new(const jmap_stage *, o->n_stages + 1);
    size_t m = 0;
    for (size_t i = 0; i < o->n_stages; i++) {
        const jmap_stage *t = jmap_journey_stage(n, o->stages[i]->id);
        if (t) {
            common[m] = o->stages[i];
            seq[m++] = t->index;
        }
    }
    bool *keep = g_new0(bool, m + 1);
    longest_kept(seq, m, keep);
    /* Listed in the new order. */
    for (size_t i = 0; i < n->n_stages; i++)
        for (size_t k = 0; k < m; k++)
            if (!keep[k] && seq[k] == i)
                add(c, &(jmap_change){.kind = JMAP_CHANGE_STAGE_MOVED, .before.stage = common[k],
                                      .after.stage = n->stages[i]});
    g_free(keep);
    g_free(common);
    g_free(seq);
}

/* ------------------------------------------------------- touchpoints */

static GHashTable *index_touchpoints(const jmap_journey *j)
{
    GHashTable *h = g_hash_table_new(g_str_hash, g_str_equal);
    for (size_t i = 0; i < j->n_touchpoints; i++)
        g_hash_table_insert(h, (gpointer)j->touchpoints[i]->id, j->touchpoints[i]);
    return h;
}

static void diff_touchpoints(ctx *c, GHashTable *otp, GHashTable *ntp)
{
    const jmap_journey *o = c->o, *n = c->n;
    for (size_t i = 0; i < o->n_touchpoints; i++) {
        const jmap_touchpoint *t = o->touchpoints[i];
        if (!g_hash_table_lookup(ntp, t->id))
            add(c, &(jmap_change){.kind = JMAP_CHANGE_TOUCHPOINT_REMOVED, .before.touchpoint = t,
                                  .before.stage = t->stage});
    }
    for (size_t i = 0; i < n->n_touchpoints; i++) {
        const jmap_touchpoint *t = n->touchpoints[i];
        if (!g_hash_table_lookup(otp, t->id))
            add(c, &(jmap_change){.kind = JMAP_CHANGE_TOUCHPOINT_ADDED, .after.touchpoint = t,
                                  .after.stage = t->stage});
    }
    for (size_t i = 0; i < n->n_touchpoints; i++) {
        const jmap_touchpoint *t = n->touchpoints[i];
        const jmap_touchpoint *s = g_hash_table_lookup(otp, t->id);
        if (s && !same_text(s->name, t->name))
            add(c, &(jmap_change){.kind = JMAP_CHANGE_TOUCHPOINT_RENAMED, .before.touchpoint = s,
                                  .before.stage = s->stage, .after.touchpoint = t, .after.stage = t->stage});
    }
    /* Moved within a stage: among the touchpoints that stay in it, those out
     * of the longest run that kept its order. */
    bool *moved = g_new0(bool, n->n_touchpoints + 1);
    for (size_t si = 0; si < o->n_stages; si++) {
        const jmap_stage *os = o->stages[si];
        size_t *seq = g_new(size_t, os->n_touchpoints + 1);
        size_t *idx = g_new(size_t, os->n_touchpoints + 1);
        size_t m = 0;
        for (size_t k = 0; k < os->n_touchpoints; k++) {
            const jmap_touchpoint *t = g_hash_table_lookup(ntp, os->touchpoints[k]->id);
            if (t && strcmp(t->stage->id, os->id) == 0) {
                seq[m] = t->ordinal;
                idx[m++] = t->index;
            }
        }
        bool *keep = g_new0(bool, m + 1);
        longest_kept(seq, m, keep);
        for (size_t k = 0; k < m; k++)
            if (!keep[k])
                moved[idx[k]] = true;
        g_free(keep);
        g_free(idx);
        g_free(seq);
    }
    for (size_t i = 0; i < n->n_touchpoints; i++) {
        const jmap_touchpoint *t = n->touchpoints[i];
        const jmap_touchpoint *s = g_hash_table_lookup(otp, t->id);
        if (s && (moved[i] || strcmp(s->stage->id, t->stage->id) != 0))
            add(c, &(jmap_change){.kind = JMAP_CHANGE_TOUCHPOINT_MOVED, .before.touchpoint = s,
                                  .before.stage = s->stage, .after.touchpoint = t, .after.stage = t->stage});
    }
    g_free(moved);
    for (size_t i = 0; i < n->n_touchpoints; i++) {
        const jmap_touchpoint *t = n->touchpoints[i];
        const jmap_touchpoint *s = g_hash_table_lookup(otp, t->id);
        if (s && s->state != t->state)
            add(c, &(jmap_change){.kind = JMAP_CHANGE_TOUCHPOINT_STATE, .before.touchpoint = s,
                                  .before.stage = s->stage, .after.touchpoint = t, .after.stage = t->stage});
    }
    for (size_t i = 0; i < n->n_touchpoints; i++) {
        const jmap_touchpoint *t = n->touchpoints[i];
        const jmap_touchpoint *s = g_hash_table_lookup(otp, t->id);
        const char *parts[1];
        if (s && jmap_diff_blueprint_parts(o, s, n, t, parts, 1))
            add(c, &(jmap_change){.kind = JMAP_CHANGE_TOUCHPOINT_BLUEPRINT, .before.touchpoint = s,
                                  .before.stage = s->stage, .after.touchpoint = t, .after.stage = t->stage});
    }
}

static bool same_list(const char *const *a, size_t na, const char *const *b, size_t nb)
{
    if (na != nb)
        return false;
    for (size_t i = 0; i < na; i++)
        if (!same_text(a[i], b[i]))
            return false;
    return true;
}

/* A custom lane's texts at a touchpoint, found by the lane's id. */
static const jmap_steps *lane_steps(const jmap_journey *j, const jmap_touchpoint *tp,
                                    const char *id)
{
    static const jmap_steps none = {0};
    for (size_t k = 0; tp->lane_values && k < j->n_custom_lanes; k++)
        if (!strcmp(j->custom_lanes[k].id, id))
            return &tp->lane_values[k];
    return &none;
}

size_t jmap_diff_blueprint_parts(const jmap_journey *jo, const jmap_touchpoint *before,
                                 const jmap_journey *jn, const jmap_touchpoint *after,
                                 const char **out, size_t max)
{
    size_t n = 0;
#define PART(name) do { if (n < max) out[n] = (name); n++; } while (0)
    for (int b = 0; b < JMAP_BP_COUNT; b++)
        if (!same_list(before->steps[b].items, before->steps[b].n, after->steps[b].items,
                       after->steps[b].n))
            PART(jmap_lane_name(JMAP_BP_LANE(b)));
    /* the lanes of either version, the new version's first */
    for (int side = 0; side < 2; side++) {
        const jmap_journey *j = side ? jo : jn;
        for (size_t k = 0; k < j->n_custom_lanes; k++) {
            const char *id = j->custom_lanes[k].id;
            jmap_lane other;
            if (side && jmap_journey_lane_parse(jn, id, &other))
                continue; /* done with the new version's */
            const jmap_steps *a = lane_steps(jo, before, id), *b = lane_steps(jn, after, id);
            if (!same_list(a->items, a->n, b->items, b->n))
                PART(id);
        }
    }
    if (!same_text(before->fail_point, after->fail_point))
        PART("fail_point");
    if (!same_text(before->wait, after->wait))
        PART("wait");
    bool same = before->n_handoffs == after->n_handoffs;
    for (size_t i = 0; same && i < after->n_handoffs; i++)
        same = !strcmp(before->handoffs[i].to->id, after->handoffs[i].to->id) &&
               before->handoffs[i].lane == after->handoffs[i].lane;
    if (!same)
        PART("handoff_to");
    same = before->n_next == after->n_next;
    for (size_t i = 0; same && i < after->n_next; i++)
        same = !strcmp(before->next[i]->id, after->next[i]->id);
    if (!same)
        PART("next");
    if (!same_list(before->data_asked, before->n_data_asked, after->data_asked,
                   after->n_data_asked))
        PART("data_asked");
    if (before->drop_off_set != after->drop_off_set ||
        (after->drop_off_set && fabs(before->drop_off - after->drop_off) > EPS))
        PART("drop_off");
#undef PART
    return n;
}

/* ---------------------------------------------------------- emotions */

static bool score_at(const jmap_touchpoint *tp, size_t p, double *v)
{
    if ((tp->meets && !tp->meets[p]) || tp->emotion == NULL || !tp->emotion[p].set ||
        !isfinite(tp->emotion[p].value))
        return false;
    *v = tp->emotion[p].value;
    return true;
}

/* Touchpoint by touchpoint (new map order), persona by persona (new order). */
static void diff_emotions(ctx *c, GHashTable *otp)
{
    const jmap_journey *o = c->o, *n = c->n;
    for (size_t i = 0; i < n->n_touchpoints; i++) {
        const jmap_touchpoint *t = n->touchpoints[i];
        const jmap_touchpoint *s = g_hash_table_lookup(otp, t->id);
        if (!s)
            continue;
        for (size_t p = 0; p < n->n_personas; p++) {
            const jmap_persona *np = n->personas[p];
            const jmap_persona *op = NULL;
            if (n->personas_implicit && o->personas_implicit)
                op = o->personas[0];
            else if (!n->personas_implicit && !o->personas_implicit)
                op = jmap_journey_persona(o, np->id);
            if (!op)
                continue;
            double a = 0, b = 0;
            bool has_a = score_at(s, op->index, &a), has_b = score_at(t, p, &b);
            if (has_a == has_b && (!has_a || fabs(a - b) < EPS))
                continue;
            add(c, &(jmap_change){.kind = JMAP_CHANGE_EMOTION,
                                  .before = {.persona = op, .touchpoint = s, .stage = s->stage,
                                             .score_set = has_a, .score = a},
                                  .after = {.persona = np, .touchpoint = t, .stage = t->stage,
                                            .score_set = has_b, .score = b}});
        }
    }
}

/* ------------------------------------------------------------- pains */

static void diff_pains(ctx *c)
{
    const jmap_journey *o = c->o, *n = c->n;
    GHashTable *op = g_hash_table_new(g_str_hash, g_str_equal);
    GHashTable *np = g_hash_table_new(g_str_hash, g_str_equal);
    for (size_t i = 0; i < o->n_pains; i++)
        g_hash_table_insert(op, (gpointer)o->pains[i]->id, o->pains[i]);
    for (size_t i = 0; i < n->n_pains; i++)
        g_hash_table_insert(np, (gpointer)n->pains[i]->id, n->pains[i]);
    for (size_t i = 0; i < n->n_pains; i++) {
        const jmap_pain *p = n->pains[i];
        if (!g_hash_table_lookup(op, p->id))
            add(c, &(jmap_change){.kind = JMAP_CHANGE_PAIN_ADDED,
                                  .after = {.pain = p, .stage = p->stage, .touchpoint = p->touchpoint}});
    }
    for (size_t i = 0; i < o->n_pains; i++) {
        const jmap_pain *p = o->pains[i];
        if (!g_hash_table_lookup(np, p->id))
            add(c, &(jmap_change){.kind = JMAP_CHANGE_PAIN_RESOLVED,
                                  .before = {.pain = p, .stage = p->stage, .touchpoint = p->touchpoint}});
    }
    for (size_t i = 0; i < n->n_pains; i++) {
        const jmap_pain *p = n->pains[i];
        const jmap_pain *q = g_hash_table_lookup(op, p->id);
        if (q && (!same_text(q->text, p->text) || q->severity != p->severity))
            add(c, &(jmap_change){.kind = JMAP_CHANGE_PAIN_CHANGED,
                                  .before = {.pain = q, .stage = q->stage, .touchpoint = q->touchpoint},
                                  .after = {.pain = p, .stage = p->stage, .touchpoint = p->touchpoint}});
    }
    g_hash_table_destroy(op);
    g_hash_table_destroy(np);
}

/* ----------------------------------------------------- opportunities */

static void diff_opportunities(ctx *c)
{
    const jmap_journey *o = c->o, *n = c->n;
    GHashTable *oo = g_hash_table_new(g_str_hash, g_str_equal);
    GHashTable *no = g_hash_table_new(g_str_hash, g_str_equal);
    for (size_t i = 0; i < o->n_opportunities; i++)
        g_hash_table_insert(oo, (gpointer)o->opportunities[i]->id, o->opportunities[i]);
    for (size_t i = 0; i < n->n_opportunities; i++)
        g_hash_table_insert(no, (gpointer)n->opportunities[i]->id, n->opportunities[i]);
    for (size_t i = 0; i < n->n_opportunities; i++) {
        const jmap_opportunity *p = n->opportunities[i];
        if (!g_hash_table_lookup(oo, p->id))
            add(c, &(jmap_change){.kind = JMAP_CHANGE_OPPORTUNITY_ADDED,
                                  .after = {.opportunity = p, .stage = p->stage, .touchpoint = p->touchpoint}});
    }
    for (size_t i = 0; i < o->n_opportunities; i++) {
        const jmap_opportunity *p = o->opportunities[i];
        if (!g_hash_table_lookup(no, p->id))
            add(c, &(jmap_change){.kind = JMAP_CHANGE_OPPORTUNITY_REMOVED,
                                  .before = {.opportunity = p, .stage = p->stage, .touchpoint = p->touchpoint}});
    }
    for (size_t i = 0; i < n->n_opportunities; i++) {
        const jmap_opportunity *p = n->opportunities[i];
        const jmap_opportunity *q = g_hash_table_lookup(oo, p->id);
        if (q && q->status != p->status)
            add(c, &(jmap_change){.kind = JMAP_CHANGE_OPPORTUNITY_STATUS,
                                  .before = {.opportunity = q, .stage = q->stage, .touchpoint = q->touchpoint},
                                  .after = {.opportunity = p, .stage = p->stage, .touchpoint = p->touchpoint}});
    }
    g_hash_table_destroy(oo);
    g_hash_table_destroy(no);
}

/* -------------------------------------------------------------- KPIs */

int jmap_kpi_on_target(const jmap_kpi *k)
{
    if (!k->value.present || !k->value.is_number || !k->target.present || !k->target.is_number ||
        !isfinite(k->value.number) || !isfinite(k->target.number))
        return -1;
    double gap = k->better == JMAP_BETTER_LOWER ? k->value.number - k->target.number
                                                : k->target.number - k->value.number;
    return gap <= 0 ? 1 : 0;
}

static const jmap_kpi *find_kpi(const jmap_stage *s, const char *name)
{
    for (size_t i = 0; s && i < s->n_kpis; i++)
        if (same_text(s->kpis[i].name, name))
            return &s->kpis[i];
    return NULL;
}

static bool same_value(const jmap_kpi_value *a, const jmap_kpi_value *b)
{
    if (a->present != b->present)
        return false;
    if (!a->present)
        return true;
    if (a->is_number && b->is_number)
        return fabs(a->number - b->number) < EPS;
    return a->is_number == b->is_number && same_text(a->text, b->text);
}

/* KPIs are matched by their name within the stage of the same id. */
static void diff_kpis(ctx *c)
{
    const jmap_journey *o = c->o, *n = c->n;
    for (size_t si = 0; si < n->n_stages; si++) {
        const jmap_stage *ns = n->stages[si];
        const jmap_stage *os = jmap_journey_stage(o, ns->id);
        for (size_t k = 0; k < ns->n_kpis; k++) {
            const jmap_kpi *nk = &ns->kpis[k];
            const jmap_kpi *ok = find_kpi(os, nk->name);
            if (!ok)
                add(c, &(jmap_change){.kind = JMAP_CHANGE_KPI_ADDED, .after = {.kpi = nk, .stage = ns}});
            else if (!same_value(&ok->value, &nk->value) || !same_value(&ok->target, &nk->target) ||
                     !same_text(ok->unit, nk->unit) || ok->better != nk->better)
                add(c, &(jmap_change){.kind = JMAP_CHANGE_KPI_CHANGED, .before = {.kpi = ok, .stage = os},
                                      .after = {.kpi = nk, .stage = ns}});
        }
    }
    for (size_t si = 0; si < o->n_stages; si++) {
        const jmap_stage *os = o->stages[si];
        const jmap_stage *ns = jmap_journey_stage(n, os->id);
        for (size_t k = 0; k < os->n_kpis; k++)
            if (!find_kpi(ns, os->kpis[k].name))
                add(c, &(jmap_change){.kind = JMAP_CHANGE_KPI_REMOVED, .before = {.kpi = &os->kpis[k], .stage = os}});
    }
}

/* ---------------------------------------------------------- findings */

static const char *const finding_names[JMAP_FINDING_KIND_COUNT] = {
    "drop", "unaddressed-pain", "empty-stage", "channel-gap", "inconsistency", "kpi-off-target",
    "unreachable-touchpoint", "unsupported-pain", "handoff-pain", "data-asked-again",
};

const char *jmap_finding_kind_name(jmap_finding_kind k)
{
    return (unsigned)k < JMAP_FINDING_KIND_COUNT ? finding_names[k] : "";
}

static void finish_finding(jmap_arena *arena, jmap_finding *f)
{
    /* The key: the kind and each subject, separated by a byte no id or
     * name holds (the loader refuses control characters in ids, and
     * escapes them nowhere else that matters here: it is only compared). */
    GString *k = g_string_new(finding_names[f->kind]);
    for (size_t i = 0; i < f->n_subjects; i++) {
        g_string_append_c(k, '\x1f');
        g_string_append(k, f->subjects[i] ? f->subjects[i] : "");
        g_string_append_c(k, '\x1e');
    }
    f->key = jmap_arena_strndup(arena, k->str, k->len);
    g_string_free(k, true);
}

jmap_finding *jmap_diff_findings(jmap_arena *arena, const jmap_analysis *a, size_t *n_out)
{
    GArray *out = g_array_new(false, true, sizeof(jmap_finding));
    for (size_t i = 0; i < a->n_drops; i++) {
        const jmap_drop *d = &a->drops[i];
        jmap_finding f = {.kind = JMAP_FINDING_DROP, .persona = d->persona, .a = d->from, .b = d->to,
                          .a_value = d->from_value, .b_value = d->to_value, .amount = d->amount,
                          .subjects = {d->persona->id, d->from->id, d->to->id}, .n_subjects = 3};
        g_array_append_val(out, f);
    }
    for (size_t i = 0; i < a->n_unaddressed; i++) {
        const jmap_pain *p = a->unaddressed[i];
        jmap_finding f = {.kind = JMAP_FINDING_UNADDRESSED_PAIN, .pain = p, .stage = p->stage,
                          .a = p->touchpoint, .subjects = {p->id}, .n_subjects = 1};
        g_array_append_val(out, f);
    }
    for (size_t i = 0; i < a->n_empty_stages; i++) {
        const jmap_stage *s = a->empty_stages[i];
        jmap_finding f = {.kind = JMAP_FINDING_EMPTY_STAGE, .stage = s, .subjects = {s->id}, .n_subjects = 1};
        g_array_append_val(out, f);
    }
    for (size_t i = 0; i < a->n_gaps; i++) {
        const jmap_persona_gaps *g = &a->gaps[i];
        for (size_t k = 0; k < g->n_journey; k++) {
            jmap_finding f = {.kind = JMAP_FINDING_CHANNEL_GAP, .persona = g->persona, .channel = g->journey[k],
                              .subjects = {g->persona->id, NULL, g->journey[k]->id}, .n_subjects = 3};
            g_array_append_val(out, f);
        }
        for (size_t s = 0; s < g->n_stages; s++)
            for (size_t k = 0; k < g->stages[s].n_missing; k++) {
                const jmap_stage_gap *sg = &g->stages[s];
                jmap_finding f = {.kind = JMAP_FINDING_CHANNEL_GAP, .persona = g->persona, .stage = sg->stage,
                                  .channel = sg->missing[k],
                                  .subjects = {g->persona->id, sg->stage->id, sg->missing[k]->id},
                                  .n_subjects = 3};
                g_array_append_val(out, f);
            }
    }
    for (size_t i = 0; i < a->n_inconsistencies; i++) {
        const jmap_inconsistency *in = &a->inconsistencies[i];
        jmap_finding f = {.kind = JMAP_FINDING_INCONSISTENCY, .persona = in->persona, .stage = in->stage,
                          .a = in->a, .b = in->b, .a_value = in->a_value, .b_value = in->b_value,
                          .amount = in->difference,
                          .subjects = {in->stage->id, in->persona->id, in->a->id, in->b->id}, .n_subjects = 4};
        g_array_append_val(out, f);
    }
    for (size_t i = 0; i < a->n_kpi_misses; i++) {
        const jmap_kpi_miss *m = &a->kpi_misses[i];
        jmap_finding f = {.kind = JMAP_FINDING_KPI_OFF_TARGET, .stage = m->stage, .kpi = m->kpi,
                          .amount = m->gap, .subjects = {m->stage->id, m->kpi->name}, .n_subjects = 2};
        g_array_append_val(out, f);
    }
    for (size_t i = 0; i < a->n_unreachable; i++) {
        const jmap_touchpoint *t = a->unreachable[i];
        jmap_finding f = {.kind = JMAP_FINDING_UNREACHABLE, .a = t, .stage = t->stage,
                          .subjects = {t->id}, .n_subjects = 1};
        g_array_append_val(out, f);
    }
    for (size_t i = 0; i < a->n_unsupported; i++) {
        const jmap_pain *p = a->unsupported[i];
        jmap_finding f = {.kind = JMAP_FINDING_UNSUPPORTED_PAIN, .pain = p, .stage = p->stage,
                          .a = p->touchpoint, .subjects = {p->id}, .n_subjects = 1};
        g_array_append_val(out, f);
    }
    for (size_t i = 0; i < a->n_owner_handoffs; i++) {
        const jmap_owner_handoff *h = &a->owner_handoffs[i];
        jmap_finding f = {.kind = JMAP_FINDING_HANDOFF_PAIN, .a = h->from, .b = h->to,
                          .subjects = {h->from->id, h->to->id}, .n_subjects = 2};
        g_array_append_val(out, f);
    }
    for (size_t i = 0; i < a->n_data_again; i++) {
        const jmap_data_again *d = &a->data_again[i];
        jmap_finding f = {.kind = JMAP_FINDING_DATA_AGAIN, .data_key = d->key,
                          .amount = (double)d->n_touchpoints, .subjects = {d->key},
                          .n_subjects = 1};
        g_array_append_val(out, f);
    }
    *n_out = out->len;
    jmap_finding *r = NULL;
    if (out->len) {
        r = jmap_arena_alloc(arena, out->len * sizeof *r);
        memcpy(r, out->data, out->len * sizeof *r);
        for (size_t i = 0; i < out->len; i++)
            finish_finding(arena, &r[i]);
    }
    g_array_free(out, true);
    return r;
}

static void diff_findings(ctx *c)
{
    jmap_analysis *ao = jmap_analysis_new(c->o, NULL), *an = jmap_analysis_new(c->n, NULL);
    size_t no = 0, nn = 0;
    jmap_finding *fo = jmap_diff_findings(c->arena, ao, &no);
    jmap_finding *fn = jmap_diff_findings(c->arena, an, &nn);
    /* The findings point into the journeys, not into the analyses. */
    jmap_analysis_free(ao);
    jmap_analysis_free(an);
    GHashTable *ko = g_hash_table_new(g_str_hash, g_str_equal);
    GHashTable *kn = g_hash_table_new(g_str_hash, g_str_equal);
    for (size_t i = 0; i < no; i++)
        g_hash_table_add(ko, (gpointer)fo[i].key);
    for (size_t i = 0; i < nn; i++)
        g_hash_table_add(kn, (gpointer)fn[i].key);
    for (size_t i = 0; i < nn; i++)
        if (!g_hash_table_contains(ko, fn[i].key))
            add(c, &(jmap_change){.kind = JMAP_CHANGE_FINDING_APPEARED, .finding = &fn[i]});
    for (size_t i = 0; i < no; i++)
        if (!g_hash_table_contains(kn, fo[i].key))
            add(c, &(jmap_change){.kind = JMAP_CHANGE_FINDING_GONE, .finding = &fo[i]});
    g_hash_table_destroy(ko);
    g_hash_table_destroy(kn);
}

/* ------------------------------------------------------------- entry */

static const char *const kind_names[JMAP_CHANGE_KIND_COUNT] = {
    "persona-added", "persona-removed", "persona-renamed",
    "stage-added", "stage-removed", "stage-renamed", "stage-moved",
    "touchpoint-added", "touchpoint-removed", "touchpoint-renamed", "touchpoint-moved",
    "touchpoint-state", "touchpoint-blueprint",
    "emotion",
    "pain-added", "pain-resolved", "pain-changed",
    "opportunity-added", "opportunity-removed", "opportunity-status",
    "kpi-added", "kpi-removed", "kpi-changed",
    "finding-appeared", "finding-gone",
    "other",
};

const char *jmap_change_kind_name(jmap_change_kind k)
{
    return (unsigned)k < JMAP_CHANGE_KIND_COUNT ? kind_names[k] : "";
}

jmap_diff_group jmap_diff_group_of(jmap_change_kind k)
{
    if (k <= JMAP_CHANGE_PERSONA_RENAMED)
        return JMAP_DIFF_PERSONAS;
    if (k <= JMAP_CHANGE_STAGE_MOVED)
        return JMAP_DIFF_STAGES;
    if (k <= JMAP_CHANGE_TOUCHPOINT_BLUEPRINT)
        return JMAP_DIFF_TOUCHPOINTS;
    if (k == JMAP_CHANGE_EMOTION)
        return JMAP_DIFF_EMOTIONS;
    if (k <= JMAP_CHANGE_PAIN_CHANGED)
        return JMAP_DIFF_PAINS;
    if (k <= JMAP_CHANGE_OPPORTUNITY_STATUS)
        return JMAP_DIFF_OPPORTUNITIES;
    if (k <= JMAP_CHANGE_KPI_CHANGED)
        return JMAP_DIFF_KPIS;
    if (k <= JMAP_CHANGE_FINDING_GONE)
        return JMAP_DIFF_FINDINGS;
    return JMAP_DIFF_OTHER;
}

/* Whether anything else differs: the resolved models (docs/json.md), which
 * hold no position in the file, are compared whole. */
static bool models_differ(const jmap_journey *o, const jmap_journey *n)
{
    size_t lo = 0, ln = 0;
    char *a = jmap_json_model(o, &lo), *b = jmap_json_model(n, &ln);
    bool r = !(a && b && lo == ln && memcmp(a, b, lo) == 0);
    free(a);
    free(b);
    return r;
}

jmap_diff *jmap_diff_new(const jmap_journey *before, const jmap_journey *after)
{
    if (before == NULL || after == NULL)
        return NULL;
    jmap_arena *arena = jmap_arena_new();
    jmap_diff *d = jmap_arena_alloc(arena, sizeof *d);
    d->arena = arena;
    d->before = before;
    d->after = after;
    ctx c = {before, after, arena, g_array_new(false, true, sizeof(jmap_change))};
    GHashTable *otp = index_touchpoints(before), *ntp = index_touchpoints(after);
    diff_personas(&c);
    diff_stages(&c);
    diff_touchpoints(&c, otp, ntp);
    diff_emotions(&c, otp);
    diff_pains(&c);
    diff_opportunities(&c);
    diff_kpis(&c);
    diff_findings(&c);
    g_hash_table_destroy(otp);
    g_hash_table_destroy(ntp);
    if (c.out->len == 0 && models_differ(before, after))
        add(&c, &(jmap_change){.kind = JMAP_CHANGE_OTHER});
    d->n_changes = c.out->len;
    if (c.out->len) {
        d->changes = jmap_arena_alloc(arena, c.out->len * sizeof(jmap_change));
        memcpy(d->changes, c.out->data, c.out->len * sizeof(jmap_change));
    }
    for (size_t i = 0; i < d->n_changes; i++)
        d->counts[d->changes[i].kind]++;
    g_array_free(c.out, true);
    return d;
}

void jmap_diff_free(jmap_diff *d)
{
    if (d)
        jmap_arena_free(d->arena);
}
