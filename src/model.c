/*
 * model.c — names of the model's enumerations and lookups by id.
 */
#include "jmap.h"
#include "i18n.h"

#include <math.h>
#include <string.h>

static const char *const lane_names[JMAP_LANE_COUNT] = {
    "storyboard", "touchpoints", "doing", "thinking", "emotions",
    "pains", "opportunities", "channels", "kpis", "owners",
    "frontstage", "backstage", "support", "systems",
};

static const char *const icon_names[JMAP_ICON_COUNT] = {
    "web", "app", "email", "phone", "chat", "social", "store", "mail", "event",
    "ad", "partner", "support", "other", "person", "document", "cart", "truck", "star",
    "system",
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

static const char *const threshold_names[JMAP_TH_COUNT] = {
    "sharp_drop", "inconsistency", "gap_min_touchpoints",
};

const char *jmap_threshold_name(jmap_threshold t)
{
    return (unsigned)t < JMAP_TH_COUNT ? threshold_names[t] : NULL;
}

bool jmap_threshold_parse(const char *name, jmap_threshold *out)
{
    for (int i = 0; i < JMAP_TH_COUNT; i++)
        if (name && strcmp(name, threshold_names[i]) == 0) {
            *out = (jmap_threshold)i;
            return true;
        }
    return false;
}

/* A sharp drop is 3/8 of the range: 1.5 points on a 1-5 (or -2..+2) scale,
 * so a one-notch step (3 -> 2) is not one and a two-notch step is; an
 * inconsistency is half the range (2 points on 1-5). See docs/decisions.md. */
double jmap_threshold_default(jmap_threshold t, int scale_min, int scale_max)
{
    double range = (double)(scale_max - scale_min);
    switch (t) {
    case JMAP_TH_SHARP_DROP: return range * 3.0 / 8.0;
    case JMAP_TH_INCONSISTENCY: return range / 2.0;
    case JMAP_TH_GAP_TOUCHPOINTS: return 1;
    default: return 0;
    }
}

const char *jmap_threshold_problem(jmap_threshold t, double v, int scale_min, int scale_max)
{
    if (!isfinite(v))
        return _("it must be a finite number");
    switch (t) {
    case JMAP_TH_SHARP_DROP:
    case JMAP_TH_INCONSISTENCY:
        if (v <= 0 || v > scale_max - scale_min)
            return _("it must be more than 0 and at most the scale's range (max - min)");
        return NULL;
    case JMAP_TH_GAP_TOUCHPOINTS:
        if (v != floor(v) || v < 1 || v > 1000)
            return _("it must be a whole number of touchpoints from 1 to 1000");
        return NULL;
    default:
        return _("unknown threshold");
    }
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

const char *jmap_state_name(jmap_tp_state s)
{
    switch (s) {
    case JMAP_STATE_NEW: return "new";
    case JMAP_STATE_CHANGED: return "changed";
    case JMAP_STATE_RETIRED: return "retired";
    default: return "current";
    }
}

const char *jmap_journey_lane_id(const jmap_journey *j, jmap_lane lane)
{
    if ((unsigned)lane < JMAP_LANE_COUNT)
        return lane_names[lane];
    size_t k = (size_t)lane - JMAP_LANE_COUNT;
    return j && (int)lane >= JMAP_LANE_COUNT && k < j->n_custom_lanes ? j->custom_lanes[k].id
                                                                      : NULL;
}

bool jmap_journey_lane_parse(const jmap_journey *j, const char *name, jmap_lane *out)
{
    if (jmap_lane_parse(name, out))
        return true;
    for (size_t k = 0; name && j && k < j->n_custom_lanes; k++)
        if (strcmp(j->custom_lanes[k].id, name) == 0) {
            *out = JMAP_LANE_CUSTOM(k);
            return true;
        }
    return false;
}

size_t jmap_touchpoint_successors(const jmap_journey *j, const jmap_touchpoint *tp,
                                  const jmap_touchpoint **out)
{
    if (tp->n_next) {
        for (size_t i = 0; i < tp->n_next; i++)
            out[i] = tp->next[i];
        return tp->n_next;
    }
    if (tp->index + 1 < j->n_touchpoints) {
        out[0] = j->touchpoints[tp->index + 1];
        return 1;
    }
    if (j->type == JMAP_JOURNEY_CYCLIC && j->n_touchpoints > 1) {
        out[0] = j->touchpoints[0];
        return 1;
    }
    return 0;
}
