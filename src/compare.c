/*
 * compare.c — jmap build --compare OLD: the journey marked for a map drawn
 * over an older version of itself (diff.h, jmap_compare_apply). Touchpoints
 * and personas are matched by id, as jmap diff matches them.
 */
#include "diff.h"

#include <glib.h>
#include <string.h>

static const jmap_touchpoint *find_tp(const jmap_journey *j, const char *id)
{
    for (size_t i = 0; i < j->n_touchpoints; i++)
        if (strcmp(j->touchpoints[i]->id, id) == 0)
            return j->touchpoints[i];
    return NULL;
}

static bool same_text(const char *a, const char *b)
{
    return g_strcmp0(a, b) == 0;
}

static bool same_score(const jmap_score *a, const jmap_score *b)
{
    return a->set == b->set && (!a->set || a->value == b->value);
}

static bool same_steps(const jmap_steps *a, const jmap_steps *b)
{
    if (a->n != b->n)
        return false;
    for (size_t i = 0; i < a->n; i++)
        if (!same_text(a->items[i], b->items[i]))
            return false;
    return true;
}

/* What a reader of the map sees change in a touchpoint kept by id. */
static bool tp_changed(const jmap_journey *j, const jmap_touchpoint *tp, const jmap_journey *old,
                       const jmap_touchpoint *was)
{
    if (!same_text(tp->name, was->name) || strcmp(tp->stage->id, was->stage->id) != 0 ||
        !same_text(tp->doing, was->doing) || !same_text(tp->thinking, was->thinking) ||
        !same_text(tp->feeling, was->feeling) || tp->n_pains != was->n_pains ||
        tp->n_opportunities != was->n_opportunities)
        return true;
    for (size_t p = 0; p < j->n_personas; p++) {
        const jmap_persona *op = jmap_journey_persona(old, j->personas[p]->id);
        if (op && tp->meets[p] != was->meets[op->index])
            return true;
        if (op && tp->meets[p] && !same_score(&tp->emotion[p], &was->emotion[op->index]))
            return true;
    }
    for (size_t i = 0; i < tp->n_pains; i++)
        if (!same_text(tp->pains[i]->text, was->pains[i]->text) ||
            tp->pains[i]->severity != was->pains[i]->severity)
            return true;
    for (size_t i = 0; i < tp->n_opportunities; i++)
        if (!same_text(tp->opportunities[i]->text, was->opportunities[i]->text) ||
            tp->opportunities[i]->status != was->opportunities[i]->status)
            return true;
    /* the service blueprint under the card, and the to-be marks */
    if (!same_text(tp->fail_point, was->fail_point) || !same_text(tp->wait, was->wait) ||
        tp->state != was->state || tp->drop_off_set != was->drop_off_set ||
        (tp->drop_off_set && tp->drop_off != was->drop_off))
        return true;
    for (int b = 0; b < JMAP_BP_COUNT; b++)
        if (!same_steps(&tp->steps[b], &was->steps[b]))
            return true;
    for (size_t k = 0; k < j->n_custom_lanes; k++) {
        static const jmap_steps none = {0};
        const jmap_steps *now = tp->lane_values ? &tp->lane_values[k] : &none;
        const jmap_steps *then = &none;
        jmap_lane lane;
        if (was->lane_values && jmap_journey_lane_parse(old, j->custom_lanes[k].id, &lane) &&
            (int)lane >= JMAP_LANE_COUNT)
            then = &was->lane_values[lane - JMAP_LANE_COUNT];
        if (!same_steps(now, then))
            return true;
    }
    return false;
}

bool jmap_compare_apply(jmap_doc *doc, const jmap_journey *old, const char *label)
{
    jmap_journey *j = doc->journey;
    jmap_arena *a = doc->arena;
    size_t extra = j->n_waves ? 1 : 2;
    if (j->n_waves + extra > JMAP_MAX_WAVES) {
        jmap_span none = {NULL, 0, 0};
        jmap_diag_add(&doc->diags, JMAP_SEV_ERROR, none,
                      "--compare adds a wave, and the journey holds %d already", JMAP_MAX_WAVES);
        return false;
    }
    size_t np = j->n_personas, n = j->n_touchpoints * np;
    jmap_wave *waves = jmap_arena_alloc(a, sizeof(jmap_wave) * (j->n_waves + extra));
    /* the older version first: its emotions by touchpoint and persona id */
    jmap_wave *w = &waves[0];
    memset(w, 0, sizeof *w);
    w->label = jmap_arena_strdup(a, label);
    w->source = w->label;
    w->scores = jmap_arena_alloc(a, sizeof(jmap_score) * (n ? n : 1));
    memset(w->scores, 0, sizeof(jmap_score) * (n ? n : 1));
    for (size_t t = 0; t < j->n_touchpoints; t++) {
        jmap_touchpoint *tp = j->touchpoints[t];
        const jmap_touchpoint *was = find_tp(old, tp->id);
        tp->compare = !was ? JMAP_COMPARE_ADDED : tp_changed(j, tp, old, was) ? JMAP_COMPARE_CHANGED : 0;
        for (size_t p = 0; was && p < np; p++) {
            const jmap_persona *op = jmap_journey_persona(old, j->personas[p]->id);
            if (op && was->meets[op->index] && was->emotion[op->index].set)
                w->scores[t * np + p] = was->emotion[op->index];
        }
    }
    if (j->n_waves)
        memcpy(waves + 1, j->waves, sizeof(jmap_wave) * j->n_waves);
    if (!j->n_waves) {
        /* the journey's own emotions are the latest wave, the curve drawn */
        jmap_wave *now = &waves[1];
        memset(now, 0, sizeof *now);
        now->label = jmap_arena_strdup(a, j->locale == JMAP_LOCALE_FR ? "actuel" : "now");
        now->source = now->label;
        now->scores = jmap_arena_alloc(a, sizeof(jmap_score) * (n ? n : 1));
        memset(now->scores, 0, sizeof(jmap_score) * (n ? n : 1));
        for (size_t t = 0; t < j->n_touchpoints; t++)
            for (size_t p = 0; p < np; p++)
                if (j->touchpoints[t]->meets[p])
                    now->scores[t * np + p] = j->touchpoints[t]->emotion[p];
    }
    j->waves = waves;
    j->n_waves += extra;
    /* what the older version had and this one has not */
    const char **gone = jmap_arena_alloc(a, sizeof(char *) * (old->n_touchpoints + 1));
    size_t n_gone = 0;
    for (size_t t = 0; t < old->n_touchpoints; t++)
        if (!find_tp(j, old->touchpoints[t]->id))
            gone[n_gone++] = jmap_arena_strdup(a, old->touchpoints[t]->name);
    j->compare_label = w->label;
    j->compare_removed = gone;
    j->n_compare_removed = n_gone;
    return true;
}
