/*
 * model.c — names of the model's enumerations and lookups by id.
 */
#include "jmap.h"

#include <string.h>

static const char *const lane_names[JMAP_LANE_COUNT] = {
    "storyboard", "touchpoints", "doing", "thinking", "emotions",
    "pains", "opportunities", "channels", "kpis", "owners",
};

static const char *const icon_names[JMAP_ICON_COUNT] = {
    "web", "app", "email", "phone", "chat", "social", "store", "mail", "event",
    "ad", "partner", "support", "other", "person", "document", "cart", "truck", "star",
};

const char *jmap_lane_name(jmap_lane lane)
{
    return (unsigned)lane < JMAP_LANE_COUNT ? lane_names[lane] : NULL;
}

const char *jmap_icon_name(jmap_icon icon)
{
    return (unsigned)icon < JMAP_ICON_COUNT ? icon_names[icon] : NULL;
}

const char *jmap_phase_name(jmap_phase p)
{
    switch (p) {
    case JMAP_PHASE_BEFORE: return "before";
    case JMAP_PHASE_DURING: return "during";
    case JMAP_PHASE_AFTER: return "after";
    default: return NULL;
    }
}

const char *jmap_level_name(jmap_level l)
{
    switch (l) {
    case JMAP_LEVEL_LOW: return "low";
    case JMAP_LEVEL_MEDIUM: return "medium";
    case JMAP_LEVEL_HIGH: return "high";
    default: return NULL;
    }
}

const char *jmap_status_name(jmap_status s)
{
    switch (s) {
    case JMAP_STATUS_PLANNED: return "planned";
    case JMAP_STATUS_IN_PROGRESS: return "in-progress";
    case JMAP_STATUS_DONE: return "done";
    default: return "idea";
    }
}

bool jmap_lane_parse(const char *name, jmap_lane *out)
{
    for (int i = 0; i < JMAP_LANE_COUNT; i++)
        if (name && strcmp(name, lane_names[i]) == 0) {
            *out = (jmap_lane)i;
            return true;
        }
    return false;
}

bool jmap_icon_parse(const char *name, jmap_icon *out)
{
    for (int i = 0; i < JMAP_ICON_COUNT; i++)
        if (name && strcmp(name, icon_names[i]) == 0) {
            *out = (jmap_icon)i;
            return true;
        }
    return false;
}

double jmap_journey_neutral(const jmap_journey *j)
{
    return (j->scale_min + j->scale_max) / 2.0;
}

const jmap_score *jmap_wave_score(const jmap_journey *j, const jmap_wave *w,
                                  const jmap_touchpoint *tp, size_t persona)
{
    return &w->scores[tp->index * j->n_personas + persona];
}

const char *jmap_image_file(const jmap_image *im)
{
    return im->resolved ? im->resolved : im->path;
}

const jmap_persona *jmap_journey_persona(const jmap_journey *j, const char *id)
{
    for (size_t i = 0; id && i < j->n_personas; i++)
        if (strcmp(j->personas[i]->id, id) == 0)
            return j->personas[i];
    return NULL;
}

const jmap_stage *jmap_journey_stage(const jmap_journey *j, const char *id)
{
    for (size_t i = 0; id && i < j->n_stages; i++)
        if (strcmp(j->stages[i]->id, id) == 0)
            return j->stages[i];
    return NULL;
}

const jmap_touchpoint *jmap_journey_touchpoint(const jmap_journey *j, const char *id)
{
    for (size_t i = 0; id && i < j->n_touchpoints; i++)
        if (strcmp(j->touchpoints[i]->id, id) == 0)
            return j->touchpoints[i];
    return NULL;
}

jmap_channel *jmap_journey_channel(const jmap_journey *j, const char *id)
{
    for (size_t i = 0; id && i < j->n_channels; i++)
        if (strcmp(j->channels[i]->id, id) == 0)
            return j->channels[i];
    return NULL;
}
