/*
 * json.c — the resolved model as JSON: derived ids, defaults applied, keys in
 * a fixed order (the spec's), so scripts and golden tests can rely on it.
 * Documented in docs/json.md.
 */
#include "jmap.h"
#include "json_text.h"

#include <glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct jw {
    GString *s;
    int depth;
    bool first; /* no member written yet at this depth */
} jw;

static void jw_indent(jw *w)
{
    g_string_append_c(w->s, '\n');
    for (int i = 0; i < w->depth; i++)
        g_string_append(w->s, "  ");
}

void jmap_json_string(GString *out, const char *s)
{
    g_string_append_c(out, '"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"': g_string_append(out, "\\\""); break;
        case '\\': g_string_append(out, "\\\\"); break;
        case '\n': g_string_append(out, "\\n"); break;
        case '\r': g_string_append(out, "\\r"); break;
        case '\t': g_string_append(out, "\\t"); break;
        case '\b': g_string_append(out, "\\b"); break;
        case '\f': g_string_append(out, "\\f"); break;
        default:
            if (*p < 0x20 || *p == 0x7F)
                g_string_append_printf(out, "\\u%04x", *p);
            else
                g_string_append_c(out, (char)*p);
        }
    }
    g_string_append_c(out, '"');
}

/* Starts a member (key may be NULL inside arrays). */
static void jw_key(jw *w, const char *key)
{
    if (!w->first)
        g_string_append_c(w->s, ',');
    w->first = false;
    jw_indent(w);
    if (key) {
        jmap_json_string(w->s, key);
        g_string_append(w->s, ": ");
    }
}

static void jw_open(jw *w, const char *key, char c)
{
    jw_key(w, key);
    g_string_append_c(w->s, c);
    w->depth++;
    w->first = true;
}

static void jw_close(jw *w, char c)
{
    bool empty = w->first;
    w->depth--;
    if (!empty)
        jw_indent(w);
    g_string_append_c(w->s, c);
    w->first = false;
}

static void jw_str(jw *w, const char *key, const char *v)
{
    if (!v)
        return;
    jw_key(w, key);
    jmap_json_string(w->s, v);
}

static void jw_num(jw *w, const char *key, double v)
{
    jw_key(w, key);
    if (!isfinite(v)) {
        g_string_append(w->s, "null");
        return;
    }
    if (v == floor(v) && fabs(v) < 1e15) {
        g_string_append_printf(w->s, "%.0f", v);
    } else {
        char buf[G_ASCII_DTOSTR_BUF_SIZE];
        g_ascii_formatd(buf, sizeof buf, "%.6g", v);
        g_string_append(w->s, buf);
    }
}

static void jw_bool(jw *w, const char *key, bool v)
{
    jw_key(w, key);
    g_string_append(w->s, v ? "true" : "false");
}

static void jw_raw(jw *w, const char *key, const char *json)
{
    jw_key(w, key);
    g_string_append(w->s, json);
}

static void jw_strlist(jw *w, const char *key, const char *const *v, size_t n)
{
    if (n == 0)
        return;
    jw_open(w, key, '[');
    for (size_t i = 0; i < n; i++)
        jw_str(w, NULL, v[i]);
    jw_close(w, ']');
}

static void jw_extras(jw *w, const jmap_extra *x, size_t n)
{
    for (size_t i = 0; i < n; i++)
        jw_raw(w, x[i].key, x[i].json);
}

static void jw_color(jw *w, const char *key, jmap_color c)
{
    if (!c.set)
        return;
    char buf[8];
    g_snprintf(buf, sizeof buf, "#%06x", c.rgb & 0xFFFFFFu);
    jw_str(w, key, buf);
}

static void jw_pain(jw *w, const jmap_pain *p)
{
    jw_open(w, NULL, '{');
    jw_str(w, "id", p->id);
    jw_str(w, "text", p->text);
    jw_str(w, "severity", jmap_level_name(p->severity));
    jw_str(w, "evidence", p->evidence);
    jw_extras(w, p->x, p->n_x);
    jw_close(w, '}');
}

static void jw_opportunity(jw *w, const jmap_opportunity *o)
{
    jw_open(w, NULL, '{');
    jw_str(w, "id", o->id);
    jw_str(w, "text", o->text);
    if (o->n_addresses) {
        jw_open(w, "addresses", '[');
        for (size_t i = 0; i < o->n_addresses; i++)
            jw_str(w, NULL, o->addresses[i]->id);
        jw_close(w, ']');
    }
    jw_str(w, "impact", jmap_level_name(o->impact));
    jw_str(w, "effort", jmap_level_name(o->effort));
    jw_str(w, "owner", o->owner);
    jw_str(w, "status", jmap_status_name(o->status));
    jw_str(w, "kpi", o->kpi);
    jw_extras(w, o->x, o->n_x);
    jw_close(w, '}');
}

static void jw_kpi_value(jw *w, const char *key, const jmap_kpi_value *v)
{
    if (!v->present)
        return;
    if (v->is_number)
        jw_num(w, key, v->number);
    else
        jw_str(w, key, v->text);
}

/* Per-persona scores: {"persona-id": {"value": v, "n": n, "sd": sd}} or a
 * plain number per persona when no survey data is involved. */
static void jw_scores(jw *w, const char *key, const jmap_journey *j, const jmap_touchpoint *t,
                      const jmap_score *s)
{
    bool any = false;
    for (size_t i = 0; i < j->n_personas; i++)
        any = any || s[i].set;
    if (!any)
        return;
    jw_open(w, key, '{');
    for (size_t i = 0; i < j->n_personas; i++) {
        if (!s[i].set || !t->meets[i])
            continue;
        if (s[i].n > 0) {
            jw_open(w, j->personas[i]->id, '{');
            jw_num(w, "mean", s[i].value);
            jw_num(w, "n", s[i].n);
            jw_num(w, "sd", s[i].sd);
            jw_close(w, '}');
        } else {
            jw_num(w, j->personas[i]->id, s[i].value);
        }
    }
    jw_close(w, '}');
}

static void jw_image(jw *w, const char *key, const jmap_image *im)
{
    jw_str(w, key, im->path);
}

static void jw_touchpoint(jw *w, const jmap_journey *j, const jmap_touchpoint *t)
{
    jw_open(w, NULL, '{');
    jw_str(w, "id", t->id);
    jw_str(w, "name", t->name);
    jw_str(w, "channel", t->channel ? t->channel->id : NULL);
    jw_open(w, "personas", '[');
    for (size_t i = 0; i < j->n_personas; i++)
        if (t->meets[i])
            jw_str(w, NULL, j->personas[i]->id);
    jw_close(w, ']');
    jw_str(w, "doing", t->doing);
    jw_str(w, "thinking", t->thinking);
    jw_str(w, "feeling", t->feeling);
    jw_scores(w, "emotion", j, t, t->emotion);
    jw_scores(w, "target_emotion", j, t, t->target_emotion);
    jw_str(w, "quote", t->quote);
    jw_image(w, "image", &t->image);
    jw_bool(w, "moment_of_truth", t->moment_of_truth);
    jw_str(w, "owner", t->owner);
    jw_str(w, "url", t->url);
    jw_open(w, "pains", '[');
    for (size_t i = 0; i < t->n_pains; i++)
        jw_pain(w, t->pains[i]);
    jw_close(w, ']');
    jw_open(w, "opportunities", '[');
    for (size_t i = 0; i < t->n_opportunities; i++)
        jw_opportunity(w, t->opportunities[i]);
    jw_close(w, ']');
    /* the service blueprint and the flow, only where given */
    for (int b = 0; b < JMAP_BP_COUNT; b++)
        jw_strlist(w, jmap_lane_name(JMAP_BP_LANE(b)), t->steps[b].items, t->steps[b].n);
    bool any_lane = false;
    for (size_t k = 0; t->lane_values && k < j->n_custom_lanes; k++)
        any_lane |= t->lane_values[k].n > 0;
    if (any_lane) {
        jw_open(w, "lane_values", '{');
        for (size_t k = 0; k < j->n_custom_lanes; k++)
            jw_strlist(w, j->custom_lanes[k].id, t->lane_values[k].items, t->lane_values[k].n);
        jw_close(w, '}');
    }
    if (t->n_handoffs) {
        jw_open(w, "handoff_to", '[');
        for (size_t i = 0; i < t->n_handoffs; i++) {
            jw_open(w, NULL, '{');
            jw_str(w, "touchpoint", t->handoffs[i].to->id);
            if (t->handoffs[i].lane >= 0)
                jw_str(w, "lane", jmap_lane_name((jmap_lane)t->handoffs[i].lane));
            jw_close(w, '}');
        }
        jw_close(w, ']');
    }
    jw_str(w, "fail_point", t->fail_point);
    jw_str(w, "wait", t->wait);
    if (t->state != JMAP_STATE_CURRENT)
        jw_str(w, "state", jmap_state_name(t->state));
    if (t->drop_off_set)
        jw_num(w, "drop_off", t->drop_off);
    if (t->n_next) {
        jw_open(w, "next", '[');
        for (size_t i = 0; i < t->n_next; i++)
            jw_str(w, NULL, t->next[i]->id);
        jw_close(w, ']');
    }
    jw_strlist(w, "data_asked", t->data_asked, t->n_data_asked);
    jw_extras(w, t->x, t->n_x);
    jw_close(w, '}');
}

static void jw_stage(jw *w, const jmap_journey *j, const jmap_stage *s)
{
    jw_open(w, NULL, '{');
    jw_str(w, "id", s->id);
    jw_str(w, "name", s->name);
    jw_str(w, "phase", s->phase_def ? s->phase_def->id : NULL);
    jw_str(w, "goal", s->goal);
    jw_str(w, "insight", s->insight);
    jw_str(w, "description", s->description);
    jw_open(w, "kpis", '[');
    for (size_t i = 0; i < s->n_kpis; i++) {
        const jmap_kpi *k = &s->kpis[i];
        jw_open(w, NULL, '{');
        jw_str(w, "name", k->name);
        jw_kpi_value(w, "value", &k->value);
        jw_kpi_value(w, "target", &k->target);
        jw_str(w, "unit", k->unit);
        jw_str(w, "better", k->better == JMAP_BETTER_LOWER ? "lower" : "higher");
        if (k->n_series) {
            jw_open(w, "series", '[');
            for (size_t p = 0; p < k->n_series; p++) {
                jw_open(w, NULL, '{');
                jw_str(w, "date", k->series[p].date);
                jw_num(w, "value", k->series[p].value);
                jw_close(w, '}');
            }
            jw_close(w, ']');
        }
        jw_extras(w, k->x, k->n_x);
        jw_close(w, '}');
    }
    jw_close(w, ']');
    jw_open(w, "touchpoints", '[');
    for (size_t i = 0; i < s->n_touchpoints; i++)
        jw_touchpoint(w, j, s->touchpoints[i]);
    jw_close(w, ']');
    jw_open(w, "pains", '[');
    for (size_t i = 0; i < s->n_pains; i++)
        jw_pain(w, s->pains[i]);
    jw_close(w, ']');
    jw_open(w, "opportunities", '[');
    for (size_t i = 0; i < s->n_opportunities; i++)
        jw_opportunity(w, s->opportunities[i]);
    jw_close(w, ']');
    jw_extras(w, s->x, s->n_x);
    jw_close(w, '}');
}

static void jw_persona(jw *w, const jmap_journey *j, const jmap_persona *p)
{
    jw_open(w, NULL, '{');
    jw_str(w, "id", p->id);
    jw_str(w, "name", p->name);
    if (j->personas_implicit)
        jw_bool(w, "implicit", true);
    jw_str(w, "role", p->role);
    jw_str(w, "quote", p->quote);
    jw_strlist(w, "goals", p->goals, p->n_goals);
    jw_strlist(w, "frustrations", p->frustrations, p->n_frustrations);
    jw_strlist(w, "motivations", p->motivations, p->n_motivations);
    jw_strlist(w, "expectations", p->expectations, p->n_expectations);
    jw_image(w, "photo", &p->photo);
    if (p->n_channels) {
        jw_open(w, "channels", '[');
        for (size_t i = 0; i < p->n_channels; i++)
            jw_str(w, NULL, p->channels[i]->id);
        jw_close(w, ']');
    }
    if (p->n_details) {
        jw_open(w, "details", '{');
        for (size_t i = 0; i < p->n_details; i++)
            jw_str(w, p->details[i].key, p->details[i].value);
        jw_close(w, '}');
    }
    char buf[8];
    g_snprintf(buf, sizeof buf, "#%06x", p->curve_color & 0xFFFFFFu);
    jw_str(w, "color", buf);
    jw_extras(w, p->x, p->n_x);
    jw_close(w, '}');
}

static gint cmp_channel_place(gconstpointer a, gconstpointer b)
{
    const jmap_channel *x = *(const jmap_channel *const *)a, *y = *(const jmap_channel *const *)b;
    if (x->span.line != y->span.line)
        return x->span.line < y->span.line ? -1 : 1;
    return (x->span.col > y->span.col) - (x->span.col < y->span.col);
}

/* Survey waves (--data), oldest first: each touchpoint's answers by
 * persona. Absent without survey data. */
static void jw_waves(jw *w, const jmap_journey *j)
{
    if (j->n_waves == 0)
        return;
    jw_open(w, "waves", '[');
    for (size_t k = 0; k < j->n_waves; k++) {
        const jmap_wave *wv = &j->waves[k];
        jw_open(w, NULL, '{');
        jw_str(w, "label", wv->label);
        jw_open(w, "emotion", '{');
        for (size_t t = 0; t < j->n_touchpoints; t++) {
            const jmap_touchpoint *tp = j->touchpoints[t];
            bool any = false;
            for (size_t i = 0; i < j->n_personas; i++)
                any = any || jmap_wave_score(j, wv, tp, i)->set;
            if (!any)
                continue;
            jw_open(w, tp->id, '{');
            for (size_t i = 0; i < j->n_personas; i++) {
                const jmap_score *sc = jmap_wave_score(j, wv, tp, i);
                if (!sc->set)
                    continue;
                jw_open(w, j->personas[i]->id, '{');
                jw_num(w, "mean", sc->value);
                jw_num(w, "n", sc->n);
                jw_num(w, "sd", sc->sd);
                jw_close(w, '}');
            }
            jw_close(w, '}');
        }
        jw_close(w, '}');
        jw_close(w, '}');
    }
    jw_close(w, ']');
}

char *jmap_json_model(const jmap_journey *j, size_t *len_out)
{
    jw w = {.s = g_string_new(NULL), .depth = 0, .first = true};
    g_string_append_c(w.s, '{');
    w.depth = 1;
    jw_num(&w, "jmap", j->format_version);
    jw_str(&w, "title", j->title);
    jw_str(&w, "subtitle", j->subtitle);
    jw_str(&w, "description", j->description);
    jw_str(&w, "scenario", j->scenario);
    jw_str(&w, "author", j->author);
    jw_str(&w, "version", j->version);
    jw_str(&w, "date", j->date);
    jw_str(&w, "locale", j->locale == JMAP_LOCALE_FR ? "fr" : "en");
    jw_str(&w, "type", j->type == JMAP_JOURNEY_CYCLIC ? "cyclic" : "linear");
    jw_open(&w, "scale", '{');
    jw_num(&w, "min", j->scale_min);
    jw_num(&w, "max", j->scale_max);
    jw_close(&w, '}');
    bool any_threshold = false;
    for (int i = 0; i < JMAP_TH_COUNT; i++)
        any_threshold |= j->thresholds.set[i];
    if (any_threshold) {
        jw_open(&w, "analysis", '{');
        for (int i = 0; i < JMAP_TH_COUNT; i++)
            if (j->thresholds.set[i])
                jw_num(&w, jmap_threshold_name((jmap_threshold)i), j->thresholds.value[i]);
        jw_close(&w, '}');
    }

    const jmap_theme *th = &j->theme;
    jw_open(&w, "theme", '{');
    jw_str(&w, "font", th->font);
    jw_color(&w, "primary", th->primary);
    jw_color(&w, "positive", th->positive);
    jw_color(&w, "neutral", th->neutral);
    jw_color(&w, "negative", th->negative);
    jw_color(&w, "background", th->background);
    jw_color(&w, "text", th->text);
    jw_image(&w, "logo", &th->logo);
    jw_extras(&w, th->x, th->n_x);
    jw_close(&w, '}');

    jw_open(&w, "lanes", '[');
    if (j->n_lanes) {
        for (size_t i = 0; i < j->n_lanes; i++)
            jw_str(&w, NULL, jmap_journey_lane_id(j, j->lanes[i]));
    } else {
        for (int i = 0; i < JMAP_LANE_COUNT; i++)
            jw_str(&w, NULL, jmap_lane_name((jmap_lane)i));
    }
    jw_close(&w, ']');

    if (j->n_custom_lanes) {
        jw_open(&w, "custom_lanes", '[');
        for (size_t k = 0; k < j->n_custom_lanes; k++) {
            jw_open(&w, NULL, '{');
            jw_str(&w, "id", j->custom_lanes[k].id);
            jw_str(&w, "name", j->custom_lanes[k].name);
            if (j->custom_lanes[k].has_icon)
                jw_str(&w, "icon", jmap_icon_name(j->custom_lanes[k].icon));
            jw_close(&w, '}');
        }
        jw_close(&w, ']');
    }
    bool own_phases = false;
    for (size_t i = 0; i < j->n_phases; i++)
        own_phases |= j->phases[i]->declared;
    if (own_phases) {
        jw_open(&w, "phases", '[');
        for (size_t i = 0; i < j->n_phases; i++) {
            const jmap_phase_def *ph = j->phases[i];
            jw_open(&w, NULL, '{');
            jw_str(&w, "id", ph->id);
            jw_str(&w, "name", ph->name);
            jw_color(&w, "color", ph->color);
            jw_close(&w, '}');
        }
        jw_close(&w, ']');
    }
    jw_strlist(&w, "insights", j->insights, j->n_insights);

    jw_open(&w, "personas", '[');
    for (size_t i = 0; i < j->n_personas; i++)
        jw_persona(&w, j, j->personas[i]);
    jw_close(&w, ']');

    /* Declared channels only, in the file's order (a renamed built-in
     * keeps its place in the channel table): the built-in ones are part of
     * the format. */
    GPtrArray *declared = g_ptr_array_new();
    for (size_t i = 0; i < j->n_channels; i++)
        if (j->channels[i]->declared)
            g_ptr_array_add(declared, j->channels[i]);
    g_ptr_array_sort(declared, cmp_channel_place);
    jw_open(&w, "channels", '[');
    for (guint i = 0; i < declared->len; i++) {
        const jmap_channel *c = g_ptr_array_index(declared, i);
        jw_open(&w, NULL, '{');
        jw_str(&w, "id", c->id);
        jw_str(&w, "name", c->name);
        jw_str(&w, "icon", jmap_icon_name(c->icon));
        jw_extras(&w, c->x, c->n_x);
        jw_close(&w, '}');
    }
    jw_close(&w, ']');
    g_ptr_array_free(declared, TRUE);

    jw_open(&w, "stages", '[');
    for (size_t i = 0; i < j->n_stages; i++)
        jw_stage(&w, j, j->stages[i]);
    jw_close(&w, ']');
    jw_waves(&w, j);
    jw_extras(&w, j->x, j->n_x);
    w.depth = 0;
    g_string_append(w.s, "\n}\n");

    if (len_out)
        *len_out = w.s->len;
    char *out = malloc(w.s->len + 1);
    if (out)
        memcpy(out, w.s->str, w.s->len + 1);
    g_string_free(w.s, TRUE);
    return out;
}
