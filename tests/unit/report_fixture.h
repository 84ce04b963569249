/*
 * report_fixture.h — builds small journeys by hand in an arena, so the
 * analysis and report tests do not depend on the YAML loader. Each builder
 * appends in map order (call them stage by stage, touchpoint by touchpoint).
 */
#ifndef JMAP_REPORT_FIXTURE_H
#define JMAP_REPORT_FIXTURE_H

#include "jmap.h"

#include <math.h>
#include <string.h>

#define FX_CAP 64

typedef struct fx {
    jmap_arena *arena;
    jmap_journey *j;
} fx;

/* n_personas == 0: one implicit persona, as the loader makes. */
static inline fx fx_new(size_t n_personas, const char *const *ids)
{
    fx f;
    f.arena = jmap_arena_new();
    jmap_journey *j = jmap_arena_alloc(f.arena, sizeof *j);
    f.j = j;
    j->format_version = 1;
    j->title = "Test journey";
    j->scale_min = 1;
    j->scale_max = 5;
    j->personas_implicit = n_personas == 0;
    j->n_personas = n_personas ? n_personas : 1;
    j->personas = jmap_arena_alloc(f.arena, sizeof(jmap_persona *) * j->n_personas);
    for (size_t i = 0; i < j->n_personas; i++) {
        jmap_persona *p = jmap_arena_alloc(f.arena, sizeof *p);
        p->index = i;
        p->id = n_personas ? ids[i] : "customer";
        p->name = n_personas ? jmap_arena_printf(f.arena, "Persona %s", ids[i]) : NULL;
        p->channels = jmap_arena_alloc(f.arena, sizeof(jmap_channel *) * FX_CAP);
        j->personas[i] = p;
    }
    static const char *const builtin[JMAP_BUILTIN_CHANNEL_COUNT] = {
        "web", "app", "email", "phone", "chat", "social", "store",
        "mail", "event", "ad", "partner", "support", "other"};
    j->n_channels = JMAP_BUILTIN_CHANNEL_COUNT;
    j->channels = jmap_arena_alloc(f.arena, sizeof(jmap_channel *) * j->n_channels);
    for (size_t i = 0; i < j->n_channels; i++) {
        jmap_channel *c = jmap_arena_alloc(f.arena, sizeof *c);
        c->id = builtin[i];
        c->icon = (jmap_icon)i;
        c->builtin = true;
        c->index = i;
        j->channels[i] = c;
    }
    j->stages = jmap_arena_alloc(f.arena, sizeof(jmap_stage *) * FX_CAP);
    j->touchpoints = jmap_arena_alloc(f.arena, sizeof(jmap_touchpoint *) * FX_CAP);
    j->pains = jmap_arena_alloc(f.arena, sizeof(jmap_pain *) * FX_CAP);
    j->opportunities = jmap_arena_alloc(f.arena, sizeof(jmap_opportunity *) * FX_CAP);
    return f;
}

static inline void fx_free(fx *f)
{
    jmap_arena_free(f->arena);
}

static inline jmap_stage *fx_stage(fx *f, const char *id)
{
    jmap_stage *s = jmap_arena_alloc(f->arena, sizeof *s);
    s->id = id;
    s->name = jmap_arena_printf(f->arena, "Stage %s", id);
    s->index = f->j->n_stages;
    s->touchpoints = jmap_arena_alloc(f->arena, sizeof(jmap_touchpoint *) * FX_CAP);
    s->pains = jmap_arena_alloc(f->arena, sizeof(jmap_pain *) * FX_CAP);
    s->opportunities = jmap_arena_alloc(f->arena, sizeof(jmap_opportunity *) * FX_CAP);
    s->kpis = jmap_arena_alloc(f->arena, sizeof(jmap_kpi) * FX_CAP);
    f->j->stages[f->j->n_stages++] = s;
    return s;
}

/* emotion: NAN for none; applies to every persona. channel: NULL for none. */
static inline jmap_touchpoint *fx_tp(fx *f, jmap_stage *s, const char *id, const char *channel, double emotion)
{
    jmap_journey *j = f->j;
    jmap_touchpoint *t = jmap_arena_alloc(f->arena, sizeof *t);
    t->id = id;
    t->name = jmap_arena_printf(f->arena, "TP %s", id);
    t->index = j->n_touchpoints;
    t->ordinal = s->n_touchpoints;
    t->stage = s;
    t->channel = channel ? jmap_journey_channel(j, channel) : NULL;
    t->meets = jmap_arena_alloc(f->arena, sizeof(bool) * j->n_personas);
    t->emotion = jmap_arena_alloc(f->arena, sizeof(jmap_score) * j->n_personas);
    t->target_emotion = jmap_arena_alloc(f->arena, sizeof(jmap_score) * j->n_personas);
    for (size_t i = 0; i < j->n_personas; i++) {
        t->meets[i] = true;
        if (!isnan(emotion)) {
            t->emotion[i].set = true;
            t->emotion[i].value = emotion;
        }
    }
    t->emotion_given = !isnan(emotion);
    t->pains = jmap_arena_alloc(f->arena, sizeof(jmap_pain *) * FX_CAP);
    t->opportunities = jmap_arena_alloc(f->arena, sizeof(jmap_opportunity *) * FX_CAP);
    s->touchpoints[s->n_touchpoints++] = t;
    j->touchpoints[j->n_touchpoints++] = t;
    return t;
}

static inline void fx_score(jmap_touchpoint *t, size_t persona, double v)
{
    t->emotion[persona].set = !isnan(v);
    t->emotion[persona].value = isnan(v) ? 0 : v;
}

/* Only the listed persona meets the touchpoint. */
static inline void fx_only(fx *f, jmap_touchpoint *t, size_t persona)
{
    for (size_t i = 0; i < f->j->n_personas; i++)
        t->meets[i] = i == persona;
    t->personas_given = true;
}

static inline jmap_pain *fx_pain(fx *f, jmap_stage *s, jmap_touchpoint *t, const char *id, jmap_level sev)
{
    jmap_pain *p = jmap_arena_alloc(f->arena, sizeof *p);
    p->id = id;
    p->text = jmap_arena_printf(f->arena, "Pain %s", id);
    p->severity = sev;
    p->stage = s;
    p->touchpoint = t;
    p->index = f->j->n_pains;
    if (t)
        t->pains[t->n_pains++] = p;
    else
        s->pains[s->n_pains++] = p;
    f->j->pains[f->j->n_pains++] = p;
    return p;
}

static inline jmap_opportunity *fx_opp(fx *f, jmap_stage *s, jmap_touchpoint *t, const char *id,
                                       jmap_level impact, jmap_level effort, const char *owner,
                                       jmap_pain *addresses)
{
    jmap_opportunity *o = jmap_arena_alloc(f->arena, sizeof *o);
    o->id = id;
    o->text = jmap_arena_printf(f->arena, "Opportunity %s", id);
    o->impact = impact;
    o->effort = effort;
    o->owner = owner;
    o->stage = s;
    o->touchpoint = t;
    o->index = f->j->n_opportunities;
    if (addresses) {
        o->addresses = jmap_arena_alloc(f->arena, sizeof(jmap_pain *));
        o->addresses[0] = addresses;
        o->n_addresses = 1;
    }
    if (t)
        t->opportunities[t->n_opportunities++] = o;
    else
        s->opportunities[s->n_opportunities++] = o;
    f->j->opportunities[f->j->n_opportunities++] = o;
    return o;
}

static inline jmap_kpi *fx_kpi(fx *f, jmap_stage *s, const char *name, double value, double target,
                               jmap_better better)
{
    jmap_kpi *k = &s->kpis[s->n_kpis++];
    k->name = name;
    k->value = (jmap_kpi_value){true, true, value, jmap_arena_printf(f->arena, "%g", value)};
    k->target = (jmap_kpi_value){true, true, target, jmap_arena_printf(f->arena, "%g", target)};
    k->better = better;
    return k;
}

static inline void fx_prefers(fx *f, size_t persona, const char *channel)
{
    jmap_persona *p = f->j->personas[persona];
    p->channels[p->n_channels++] = jmap_journey_channel(f->j, channel);
}

/* The service blueprint: one step in lane b, a hand-off to another
 * touchpoint (or to a lane of the same one: to == t), a `next` link, a
 * data key asked. Each call appends. */
static inline void fx_step(fx *f, jmap_touchpoint *t, jmap_bp b, const char *text)
{
    if (t->steps[b].items == NULL)
        t->steps[b].items = jmap_arena_alloc(f->arena, sizeof(char *) * FX_CAP);
    t->steps[b].items[t->steps[b].n++] = text;
}

static inline void fx_handoff(fx *f, jmap_touchpoint *t, jmap_touchpoint *to)
{
    if (t->handoffs == NULL)
        t->handoffs = jmap_arena_alloc(f->arena, sizeof(jmap_handoff) * FX_CAP);
    t->handoffs[t->n_handoffs++] = (jmap_handoff){.to = to, .lane = -1};
}

static inline void fx_next(fx *f, jmap_touchpoint *t, jmap_touchpoint *to)
{
    if (t->next == NULL)
        t->next = jmap_arena_alloc(f->arena, sizeof(jmap_touchpoint *) * FX_CAP);
    t->next[t->n_next++] = to;
}

static inline void fx_asks(fx *f, jmap_touchpoint *t, const char *key)
{
    if (t->data_asked == NULL)
        t->data_asked = jmap_arena_alloc(f->arena, sizeof(char *) * FX_CAP);
    t->data_asked[t->n_data_asked++] = key;
}

#endif
