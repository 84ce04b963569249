/*
 * diff_report.c — a diff (src/diff.h) as text for a terminal, GitHub
 * Markdown for a pull-request comment, or JSON for other tools
 * (docs/diff.md).
 *
 * Every text from a journey is hostile: in text and Markdown its control
 * and bidirectional characters are escaped (jmap_escape_text) and line
 * breaks become spaces; in Markdown, the characters that would split a
 * table, open a code span, a link, an emphasis, HTML or an entity, or
 * mention someone are escaped with a backslash. Numbers are formatted by
 * hand (jmap_report_number), so nothing depends on the machine.
 */
#include "diff.h"
#include "json_text.h"

#include <glib.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DIFF_FORMAT_VERSION 1

typedef struct out {
    GString *s;
    const jmap_diff *d;
    bool md;
} out;

/* ---------------------------------------------------------- escaping */

/* One line of journey text, safe for a terminal (md false) or for
 * GitHub Markdown (md true). Returns a g_malloc'd string. */
static char *safe(const char *text, bool md)
{
    char *esc = jmap_escape_text(text ? text : "");
    GString *s = g_string_new(NULL);
    for (const char *p = esc; *p; p++) {
        char ch = *p;
        if (md && strchr("\\`*_[]<>|&~#!@$", ch))
            g_string_append_c(s, '\\');
        g_string_append_c(s, ch);
    }
    free(esc);
    return g_string_free(s, false);
}

/* Ids hold letters, digits and '-' only (docs/format.md): a code span in
 * Markdown, as they are in text. */
static char *id_cell(const out *o, const char *id)
{
    char *e = safe(id, false);
    if (!o->md || strchr(e, '`'))
        return o->md ? safe(id, true) : e;
    char *r = g_strdup_printf("`%s`", e);
    g_free(e);
    return r;
}

static size_t display_width(const char *s)
{
    size_t w = 0;
    for (const char *p = s; p && *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (g_unichar_iszerowidth(c))
            continue;
        w += g_unichar_iswide(c) ? 2 : 1;
    }
    return w;
}

/* ------------------------------------------------------------ tables */

#define MAX_COLS 6

typedef struct table {
    int ncols;
    const char *head[MAX_COLS];
    GPtrArray *rows; /* of char *[ncols], already escaped */
} table;

static void table_init(table *t, int ncols, ...)
{
    memset(t, 0, sizeof *t);
    t->ncols = ncols;
    va_list ap;
    va_start(ap, ncols);
    for (int i = 0; i < ncols; i++)
        t->head[i] = va_arg(ap, const char *);
    va_end(ap);
    t->rows = g_ptr_array_new();
}

/* Takes ownership of the ncols cells, already made safe (NULL = empty). */
static void table_row(table *t, ...)
{
    char **row = g_new0(char *, (size_t)t->ncols);
    va_list ap;
    va_start(ap, t);
    for (int i = 0; i < t->ncols; i++)
        row[i] = va_arg(ap, char *);
    va_end(ap);
    g_ptr_array_add(t->rows, row);
}

static void table_emit(out *o, table *t)
{
    GString *s = o->s;
    if (o->md) {
        g_string_append_c(s, '|');
        for (int c = 0; c < t->ncols; c++)
            g_string_append_printf(s, " %s |", t->head[c]);
        g_string_append(s, "\n|");
        for (int c = 0; c < t->ncols; c++)
            g_string_append(s, "---|");
        g_string_append_c(s, '\n');
        for (guint r = 0; r < t->rows->len; r++) {
            char **row = t->rows->pdata[r];
            g_string_append_c(s, '|');
            for (int c = 0; c < t->ncols; c++)
                g_string_append_printf(s, " %s |", row[c] ? row[c] : "");
            g_string_append_c(s, '\n');
        }
    } else {
        /* The header, a rule, then the rows; columns aligned (wide
         * characters count two). */
        size_t w[MAX_COLS] = {0};
        char *rule[MAX_COLS] = {0};
        for (int c = 0; c < t->ncols; c++)
            w[c] = display_width(t->head[c]);
        for (guint r = 0; r < t->rows->len; r++) {
            char **row = t->rows->pdata[r];
            for (int c = 0; c < t->ncols; c++)
                w[c] = MAX(w[c], display_width(row[c]));
        }
        for (int c = 0; c < t->ncols; c++)
            rule[c] = g_strnfill(w[c], '-');
        for (int r = -2; r < (int)t->rows->len; r++) {
            const char *const *row = r == -2   ? (const char *const *)t->head
                                     : r == -1 ? (const char *const *)rule
                                               : (const char *const *)t->rows->pdata[r];
            GString *l = g_string_new("  ");
            for (int c = 0; c < t->ncols; c++) {
                if (c)
                    g_string_append(l, "  ");
                g_string_append(l, row[c] ? row[c] : "");
                for (size_t k = display_width(row[c]); k < w[c]; k++)
                    g_string_append_c(l, ' ');
            }
            while (l->len && l->str[l->len - 1] == ' ')
                g_string_truncate(l, l->len - 1);
            g_string_append(s, l->str);
            g_string_append_c(s, '\n');
            g_string_free(l, true);
        }
        for (int c = 0; c < t->ncols; c++)
            g_free(rule[c]);
    }
    for (guint r = 0; r < t->rows->len; r++) {
        char **row = t->rows->pdata[r];
        for (int c = 0; c < t->ncols; c++)
            g_free(row[c]);
        g_free(row);
    }
    g_ptr_array_free(t->rows, true);
}

static void heading(out *o, const char *text)
{
    if (o->md)
        g_string_append_printf(o->s, "\n### %s\n\n", text);
    else
        g_string_append_printf(o->s, "\n%s\n", text);
}

/* ------------------------------------------------------------ labels */

static const char *const group_titles[JMAP_DIFF_GROUP_COUNT] = {
    "Personas", "Stages", "Touchpoints", "Emotions", "Pains", "Opportunities", "KPIs", "Findings", "Other",
};

/* What a kind of change is called in the summary and the Change column. */
static const char *const kind_verbs[JMAP_CHANGE_KIND_COUNT] = {
    "added", "removed", "renamed",
    "added", "removed", "renamed", "moved",
    "added", "removed", "renamed", "moved",
    "state changed", "blueprint changed",
    "changed",
    "added", "resolved", "changed",
    "added", "removed", "status changed",
    "added", "removed", "changed",
    "appeared", "gone",
    "changed",
};

static const char *status_label(jmap_status s)
{
    switch (s) {
    case JMAP_STATUS_PLANNED: return "planned";
    case JMAP_STATUS_IN_PROGRESS: return "in progress";
    case JMAP_STATUS_DONE: return "done";
    default: return "idea";
    }
}

static const char *level_label(jmap_level l)
{
    switch (l) {
    case JMAP_LEVEL_HIGH: return "high";
    case JMAP_LEVEL_MEDIUM: return "medium";
    case JMAP_LEVEL_LOW: return "low";
    default: return "";
    }
}

static const char *persona_name(const jmap_persona *p)
{
    if (p == NULL)
        return "";
    return p->name ? p->name : "customer";
}

static char *number(double v)
{
    char buf[32];
    return g_strdup(jmap_report_number(buf, v, false));
}

/* "+1.5", "-2": the size of a change. */
static char *signed_number(double v)
{
    char buf[32];
    jmap_report_number(buf, fabs(v), false);
    return g_strdup_printf("%s%s", v < 0 ? "-" : "+", buf);
}

/* "Stage / Touchpoint", or "Stage" for what sits on a stage; raw text. */
static char *where(const jmap_stage *st, const jmap_touchpoint *tp)
{
    if (tp)
        return g_strdup_printf("%s / %s", tp->stage->name, tp->name);
    return g_strdup(st ? st->name : "");
}

static char *cell(const out *o, const char *raw)
{
    return safe(raw, o->md);
}

/* A cell from a g_malloc'd raw text, which it frees. */
static char *cell_take(const out *o, char *raw)
{
    char *r = safe(raw, o->md);
    g_free(raw);
    return r;
}

static char *kpi_value_text(const jmap_kpi_value *v, const char *unit)
{
    if (!v->present)
        return g_strdup("–");
    char *n = v->is_number ? number(v->number) : g_strdup(v->text ? v->text : "");
    if (unit && *unit) {
        char *r = g_strdup_printf("%s %s", n, unit);
        g_free(n);
        return r;
    }
    return n;
}

static const char *target_state(int on)
{
    return on < 0 ? "" : on ? "on target" : "off target";
}

/* "72 % (off target)" */
static char *kpi_side(const jmap_kpi *k)
{
    char *v = kpi_value_text(&k->value, k->unit);
    int on = jmap_kpi_on_target(k);
    if (on < 0)
        return v;
    char *r = g_strdup_printf("%s (%s)", v, target_state(on));
    g_free(v);
    return r;
}

/* A finding in one line, raw text. */
static char *finding_text(const jmap_finding *f)
{
    switch (f->kind) {
    case JMAP_FINDING_DROP: {
        char *a = number(f->a_value), *b = number(f->b_value), *m = signed_number(-f->amount);
        char *r = g_strdup_printf("Sharp drop for %s: %s (%s) → %s (%s), %s", persona_name(f->persona),
                                  f->a->name, a, f->b->name, b, m);
        g_free(a);
        g_free(b);
        g_free(m);
        return r;
    }
    case JMAP_FINDING_UNADDRESSED_PAIN: {
        char *w = where(f->pain->stage, f->pain->touchpoint);
        char *r = g_strdup_printf("Unaddressed pain (%s): %s, at %s", level_label(f->pain->severity),
                                  f->pain->text, w);
        g_free(w);
        return r;
    }
    case JMAP_FINDING_EMPTY_STAGE:
        return g_strdup_printf("Stage with no touchpoint: %s", f->stage->name);
    case JMAP_FINDING_CHANNEL_GAP:
        if (f->stage)
            return g_strdup_printf("Channel gap for %s: %s missing in %s", persona_name(f->persona),
                                   jmap_report_channel_name(f->channel, false), f->stage->name);
        return g_strdup_printf("Channel gap for %s: %s missing from the whole journey", persona_name(f->persona),
                               jmap_report_channel_name(f->channel, false));
    case JMAP_FINDING_INCONSISTENCY: {
        char *a = number(f->a_value), *b = number(f->b_value);
        char *r = g_strdup_printf("Inconsistency for %s in %s: %s [%s] (%s) vs %s [%s] (%s)",
                                  persona_name(f->persona), f->stage->name, f->a->name,
                                  jmap_report_channel_name(f->a->channel, false), a, f->b->name,
                                  jmap_report_channel_name(f->b->channel, false), b);
        g_free(a);
        g_free(b);
        return r;
    }
    case JMAP_FINDING_KPI_OFF_TARGET: {
        char *v = kpi_value_text(&f->kpi->value, f->kpi->unit), *t = kpi_value_text(&f->kpi->target, f->kpi->unit);
        char *r = g_strdup_printf("KPI off target: %s / %s: %s, target %s", f->stage->name, f->kpi->name, v, t);
        g_free(v);
        g_free(t);
        return r;
    }
    case JMAP_FINDING_UNREACHABLE:
        return g_strdup_printf("Unreachable touchpoint: %s, in %s", f->a->name, f->stage->name);
    case JMAP_FINDING_UNSUPPORTED_PAIN: {
        char *w = where(f->pain->stage, f->pain->touchpoint);
        char *r = g_strdup_printf("Pain with no back-stage or support step: %s, at %s",
                                  f->pain->text, w);
        g_free(w);
        return r;
    }
    case JMAP_FINDING_HANDOFF_PAIN:
        return g_strdup_printf("Hand-off from %s (%s) to %s (%s), where it hurts", f->a->name,
                               f->a->owner, f->b->name, f->b->owner);
    case JMAP_FINDING_DATA_AGAIN:
        return g_strdup_printf("Data asked again: %s, at %.0f touchpoints", f->data_key,
                               f->amount);
    default:
        return g_strdup("");
    }
}

/* ------------------------------------------------------ human groups */

static bool has_group(const jmap_diff *d, jmap_diff_group g)
{
    for (size_t k = 0; k < JMAP_CHANGE_KIND_COUNT; k++)
        if (d->counts[k] && jmap_diff_group_of((jmap_change_kind)k) == g)
            return true;
    return false;
}

static bool show_persona(const out *o)
{
    return !(o->d->before->personas_implicit && o->d->after->personas_implicit);
}

static void human_personas(out *o)
{
    table t;
    table_init(&t, 3, "Change", "Persona", "Id");
    for (size_t i = 0; i < o->d->n_changes; i++) {
        const jmap_change *c = &o->d->changes[i];
        if (jmap_diff_group_of(c->kind) != JMAP_DIFF_PERSONAS)
            continue;
        const jmap_persona *p = c->after.persona ? c->after.persona : c->before.persona;
        char *name = c->kind == JMAP_CHANGE_PERSONA_RENAMED
                         ? g_strdup_printf("%s → %s", persona_name(c->before.persona), persona_name(p))
                         : g_strdup(persona_name(p));
        table_row(&t, g_strdup(kind_verbs[c->kind]), cell_take(o, name), id_cell(o, p->id));
    }
    table_emit(o, &t);
}

static void human_stages(out *o)
{
    table t;
    table_init(&t, 4, "Change", "Stage", "Id", "Details");
    for (size_t i = 0; i < o->d->n_changes; i++) {
        const jmap_change *c = &o->d->changes[i];
        if (jmap_diff_group_of(c->kind) != JMAP_DIFF_STAGES)
            continue;
        const jmap_stage *s = c->after.stage ? c->after.stage : c->before.stage;
        char *details = NULL;
        if (c->kind == JMAP_CHANGE_STAGE_RENAMED)
            details = g_strdup_printf("was %s", c->before.stage->name);
        else if (c->kind == JMAP_CHANGE_STAGE_MOVED)
            details = g_strdup_printf("position %zu → %zu", c->before.stage->index + 1, c->after.stage->index + 1);
        else if (c->kind == JMAP_CHANGE_STAGE_ADDED)
            details = g_strdup_printf("position %zu", s->index + 1);
        table_row(&t, g_strdup(kind_verbs[c->kind]), cell(o, s->name), id_cell(o, s->id),
                  details ? cell_take(o, details) : NULL);
    }
    table_emit(o, &t);
}

/* "backstage, drop_off 20 → 35 %": what changed under a touchpoint's card. */
static char *blueprint_details(const jmap_diff *d, const jmap_change *c)
{
    const char *parts[JMAP_BP_COUNT + JMAP_MAX_CUSTOM_LANES * 2 + 8];
    const jmap_touchpoint *b = c->before.touchpoint, *a = c->after.touchpoint;
    size_t n = jmap_diff_blueprint_parts(d->before, b, d->after, a, parts, G_N_ELEMENTS(parts));
    GString *g = g_string_new(NULL);
    for (size_t i = 0; i < n && i < G_N_ELEMENTS(parts); i++) {
        g_string_append_printf(g, "%s%s", i ? ", " : "", parts[i]);
        if (!strcmp(parts[i], "drop_off")) {
            char *x = b->drop_off_set ? number(b->drop_off) : g_strdup("–");
            char *y = a->drop_off_set ? number(a->drop_off) : g_strdup("–");
            g_string_append_printf(g, " %s → %s %%", x, y);
            g_free(x);
            g_free(y);
        }
    }
    return g_string_free(g, FALSE);
}

static void human_touchpoints(out *o)
{
    table t;
    table_init(&t, 5, "Change", "Touchpoint", "Id", "Stage", "Details");
    for (size_t i = 0; i < o->d->n_changes; i++) {
        const jmap_change *c = &o->d->changes[i];
        if (jmap_diff_group_of(c->kind) != JMAP_DIFF_TOUCHPOINTS)
            continue;
        const jmap_touchpoint *tp = c->after.touchpoint ? c->after.touchpoint : c->before.touchpoint;
        char *details = NULL;
        if (c->kind == JMAP_CHANGE_TOUCHPOINT_RENAMED)
            details = g_strdup_printf("was %s", c->before.touchpoint->name);
        else if (c->kind == JMAP_CHANGE_TOUCHPOINT_MOVED) {
            const jmap_touchpoint *a = c->before.touchpoint, *b = c->after.touchpoint;
            if (strcmp(a->stage->id, b->stage->id) != 0)
                details = g_strdup_printf("from %s", a->stage->name);
            else
                details = g_strdup_printf("position %zu → %zu in its stage", a->ordinal + 1, b->ordinal + 1);
        } else if (c->kind == JMAP_CHANGE_TOUCHPOINT_STATE) {
            details = g_strdup_printf("%s → %s", jmap_state_name(c->before.touchpoint->state),
                                      jmap_state_name(c->after.touchpoint->state));
        } else if (c->kind == JMAP_CHANGE_TOUCHPOINT_BLUEPRINT) {
            details = blueprint_details(o->d, c);
        }
        table_row(&t, g_strdup(kind_verbs[c->kind]), cell(o, tp->name), id_cell(o, tp->id),
                  cell(o, tp->stage->name), details ? cell_take(o, details) : NULL);
    }
    table_emit(o, &t);
}

static void human_emotions(out *o)
{
    bool pc = show_persona(o);
    table t;
    if (pc)
        table_init(&t, 5, "Touchpoint", "Persona", "Before", "After", "Change");
    else
        table_init(&t, 4, "Touchpoint", "Before", "After", "Change");
    for (size_t i = 0; i < o->d->n_changes; i++) {
        const jmap_change *c = &o->d->changes[i];
        if (c->kind != JMAP_CHANGE_EMOTION)
            continue;
        char *a = c->before.score_set ? number(c->before.score) : g_strdup("–");
        char *b = c->after.score_set ? number(c->after.score) : g_strdup("–");
        char *ch;
        if (c->before.score_set && c->after.score_set) {
            double delta = c->after.score - c->before.score;
            char *sn = signed_number(delta);
            ch = g_strdup_printf("%s %s", delta > 0 ? "↑" : "↓", sn);
            g_free(sn);
        } else
            ch = g_strdup(c->after.score_set ? "new score" : "no score now");
        if (pc)
            table_row(&t, cell(o, c->after.touchpoint->name), cell(o, persona_name(c->after.persona)), a, b, ch);
        else
            table_row(&t, cell(o, c->after.touchpoint->name), a, b, ch);
    }
    table_emit(o, &t);
}

static void human_pains(out *o)
{
    table t;
    table_init(&t, 4, "Change", "Pain", "Severity", "Where");
    for (size_t i = 0; i < o->d->n_changes; i++) {
        const jmap_change *c = &o->d->changes[i];
        if (jmap_diff_group_of(c->kind) != JMAP_DIFF_PAINS)
            continue;
        const jmap_pain *p = c->after.pain ? c->after.pain : c->before.pain;
        char *text = g_strdup(p->text), *sev = g_strdup(level_label(p->severity));
        if (c->kind == JMAP_CHANGE_PAIN_CHANGED) {
            if (strcmp(c->before.pain->text, p->text) != 0) {
                g_free(text);
                text = g_strdup_printf("%s (was %s)", p->text, c->before.pain->text);
            }
            if (c->before.pain->severity != p->severity) {
                g_free(sev);
                sev = g_strdup_printf("%s → %s", level_label(c->before.pain->severity), level_label(p->severity));
            }
        }
        table_row(&t, g_strdup(kind_verbs[c->kind]), cell_take(o, text), cell_take(o, sev),
                  cell_take(o, where(p->stage, p->touchpoint)));
    }
    table_emit(o, &t);
}

static void human_opportunities(out *o)
{
    table t;
    table_init(&t, 4, "Change", "Opportunity", "Status", "Where");
    for (size_t i = 0; i < o->d->n_changes; i++) {
        const jmap_change *c = &o->d->changes[i];
        if (jmap_diff_group_of(c->kind) != JMAP_DIFF_OPPORTUNITIES)
            continue;
        const jmap_opportunity *p = c->after.opportunity ? c->after.opportunity : c->before.opportunity;
        char *status = c->kind == JMAP_CHANGE_OPPORTUNITY_STATUS
                           ? g_strdup_printf("%s → %s", status_label(c->before.opportunity->status),
                                             status_label(p->status))
                           : g_strdup(status_label(p->status));
        table_row(&t, g_strdup(kind_verbs[c->kind]), cell(o, p->text), status,
                  cell_take(o, where(p->stage, p->touchpoint)));
    }
    table_emit(o, &t);
}

static void human_kpis(out *o)
{
    table t;
    table_init(&t, 6, "Change", "Stage", "KPI", "Before", "After", "Target");
    for (size_t i = 0; i < o->d->n_changes; i++) {
        const jmap_change *c = &o->d->changes[i];
        if (jmap_diff_group_of(c->kind) != JMAP_DIFF_KPIS)
            continue;
        const jmap_kpi *k = c->after.kpi ? c->after.kpi : c->before.kpi;
        const jmap_stage *st = c->after.kpi ? c->after.stage : c->before.stage;
        char *before = c->before.kpi ? kpi_side(c->before.kpi) : g_strdup("–");
        char *after = c->after.kpi ? kpi_side(c->after.kpi) : g_strdup("–");
        char *target = kpi_value_text(&k->target, k->unit);
        if (c->kind == JMAP_CHANGE_KPI_CHANGED) {
            char *old = kpi_value_text(&c->before.kpi->target, c->before.kpi->unit);
            if (strcmp(old, target) != 0) {
                char *r = g_strdup_printf("%s → %s", old, target);
                g_free(target);
                target = r;
            }
            g_free(old);
        }
        if (k->better == JMAP_BETTER_LOWER) {
            char *r = g_strdup_printf("%s (lower is better)", target);
            g_free(target);
            target = r;
        }
        table_row(&t, g_strdup(kind_verbs[c->kind]), cell(o, st->name), cell(o, k->name), cell_take(o, before),
                  cell_take(o, after), cell_take(o, target));
    }
    table_emit(o, &t);
}

static void human_findings(out *o)
{
    table t;
    table_init(&t, 2, "Change", "Finding");
    for (size_t i = 0; i < o->d->n_changes; i++) {
        const jmap_change *c = &o->d->changes[i];
        if (jmap_diff_group_of(c->kind) != JMAP_DIFF_FINDINGS)
            continue;
        table_row(&t, g_strdup(kind_verbs[c->kind]), cell_take(o, finding_text(c->finding)));
    }
    table_emit(o, &t);
}

/* "3 changes: touchpoints 1 added, 1 moved; emotions 2 changed" */
static char *summary(const jmap_diff *d)
{
    GString *s = g_string_new(NULL);
    g_string_append_printf(s, "%zu change%s", d->n_changes, d->n_changes == 1 ? "" : "s");
    bool first_group = true;
    for (int g = 0; g < JMAP_DIFF_GROUP_COUNT; g++) {
        if (g == JMAP_DIFF_OTHER || !has_group(d, (jmap_diff_group)g))
            continue;
        g_string_append(s, first_group ? ": " : "; ");
        first_group = false;
        char *lower = g_ascii_strdown(group_titles[g], -1);
        if (g == JMAP_DIFF_KPIS)
            memcpy(lower, "KPIs", 4);
        g_string_append(s, lower);
        g_free(lower);
        bool first = true;
        for (int k = 0; k < JMAP_CHANGE_KIND_COUNT; k++)
            if (d->counts[k] && jmap_diff_group_of((jmap_change_kind)k) == (jmap_diff_group)g) {
                g_string_append_printf(s, "%s %zu %s", first ? "" : ",", d->counts[k], kind_verbs[k]);
                first = false;
            }
    }
    return g_string_free(s, false);
}

static void render_human(out *o, const char *before_name, const char *after_name)
{
    const jmap_diff *d = o->d;
    GString *s = o->s;
    char *title = safe(d->after->title ? d->after->title : "", o->md);
    char *bn = safe(before_name, o->md), *an = safe(after_name, o->md);
    char *sum = summary(d);
    if (o->md) {
        g_string_append_printf(s, "## Journey diff: %s\n\n", title);
        g_string_append_printf(s, "%s → %s\n\n", bn, an);
        if (d->n_changes)
            g_string_append_printf(s, "**%s**\n", sum);
        else
            g_string_append(s, "**No changes.**\n");
    } else {
        g_string_append_printf(s, "Journey diff: %s\n%s → %s\n", title, bn, an);
        g_string_append_printf(s, "%s\n", d->n_changes ? sum : "No changes.");
    }
    g_free(sum);
    g_free(title);
    g_free(bn);
    g_free(an);
    void (*const groups[])(out *) = {human_personas, human_stages,        human_touchpoints,
                                      human_emotions, human_pains,         human_opportunities,
                                      human_kpis,     human_findings};
    for (int g = 0; g < (int)G_N_ELEMENTS(groups); g++) {
        if (!has_group(d, (jmap_diff_group)g))
            continue;
        heading(o, group_titles[g]);
        groups[g](o);
    }
    if (d->counts[JMAP_CHANGE_OTHER]) {
        heading(o, group_titles[JMAP_DIFF_OTHER]);
        g_string_append(s, o->md ? "" : "  ");
        g_string_append(s, "Other content changed (titles, texts, channels, theme...): nothing the "
                           "sections above track.\n");
    }
}

/* A Markdown comment must stay under GitHub's size limit: cut at a line
 * and say how many lines were left out. */
static void md_limit(GString *s)
{
    if (s->len <= JMAP_DIFF_MD_MAX)
        return;
    size_t cut = JMAP_DIFF_MD_MAX - 300;
    while (cut > 0 && s->str[cut - 1] != '\n')
        cut--;
    size_t lines = 0;
    for (size_t i = cut; i < s->len; i++)
        lines += s->str[i] == '\n';
    g_string_truncate(s, cut);
    g_string_append_printf(s, "\n_The diff is too long for a comment: %zu more lines are left out. "
                              "Run jmap diff with -f text or -f json to see all of it._\n", lines);
}

/* --------------------------------------------------------------- JSON */

static void js_str(GString *s, const char *v)
{
    if (v == NULL)
        g_string_append(s, "null");
    else
        jmap_json_string(s, v);
}

static void js_num(GString *s, double v)
{
    char buf[32];
    if (!isfinite(v))
        g_string_append(s, "null");
    else
        g_string_append(s, jmap_report_number(buf, v, false));
}

/* `, "key": ` */
static void js_key(GString *s, const char *key)
{
    g_string_append(s, ", ");
    js_str(s, key);
    g_string_append(s, ": ");
}

static void js_kstr(GString *s, const char *key, const char *v)
{
    js_key(s, key);
    js_str(s, v);
}

static void js_kpi_value(GString *s, const char *key, const jmap_kpi_value *v)
{
    js_key(s, key);
    if (!v->present)
        g_string_append(s, "null");
    else if (v->is_number)
        js_num(s, v->number);
    else
        js_str(s, v->text);
}

static void js_kpi(GString *s, const char *key, const jmap_kpi *k)
{
    js_key(s, key);
    if (k == NULL) {
        g_string_append(s, "null");
        return;
    }
    g_string_append(s, "{\"value\": ");
    if (!k->value.present)
        g_string_append(s, "null");
    else if (k->value.is_number)
        js_num(s, k->value.number);
    else
        js_str(s, k->value.text);
    js_kpi_value(s, "target", &k->target);
    js_kstr(s, "unit", k->unit);
    js_kstr(s, "better", k->better == JMAP_BETTER_LOWER ? "lower" : "higher");
    int on = jmap_kpi_on_target(k);
    js_key(s, "on_target");
    g_string_append(s, on < 0 ? "null" : on ? "true" : "false");
    g_string_append_c(s, '}');
}

static void js_score(GString *s, const char *key, const jmap_diff_side *side)
{
    js_key(s, key);
    if (side->score_set)
        js_num(s, side->score);
    else
        g_string_append(s, "null");
}

static void js_finding(GString *s, const jmap_finding *f)
{
    g_string_append(s, ", \"finding\": {\"kind\": ");
    js_str(s, jmap_finding_kind_name(f->kind));
    g_string_append(s, ", \"subjects\": [");
    for (size_t i = 0; i < f->n_subjects; i++) {
        if (i)
            g_string_append(s, ", ");
        js_str(s, f->subjects[i]);
    }
    g_string_append(s, "]");
    char *text = finding_text(f);
    js_kstr(s, "text", text);
    g_free(text);
    g_string_append_c(s, '}');
}

/* The fields of one change, on one line, after "kind". */
static void js_change(GString *s, const jmap_diff *d, const jmap_change *c)
{
    const jmap_diff_side *b = &c->before, *a = &c->after;
    switch (jmap_diff_group_of(c->kind)) {
    case JMAP_DIFF_PERSONAS: {
        const jmap_persona *p = a->persona ? a->persona : b->persona;
        js_kstr(s, "id", p->id);
        js_kstr(s, "name_before", b->persona ? b->persona->name : NULL);
        js_kstr(s, "name_after", a->persona ? a->persona->name : NULL);
        break;
    }
    case JMAP_DIFF_STAGES: {
        const jmap_stage *st = a->stage ? a->stage : b->stage;
        js_kstr(s, "id", st->id);
        js_kstr(s, "name_before", b->stage ? b->stage->name : NULL);
        js_kstr(s, "name_after", a->stage ? a->stage->name : NULL);
        js_key(s, "position_before");
        g_string_append(s, b->stage ? "" : "null");
        if (b->stage)
            g_string_append_printf(s, "%zu", b->stage->index + 1);
        js_key(s, "position_after");
        g_string_append(s, a->stage ? "" : "null");
        if (a->stage)
            g_string_append_printf(s, "%zu", a->stage->index + 1);
        break;
    }
    case JMAP_DIFF_TOUCHPOINTS: {
        const jmap_touchpoint *tp = a->touchpoint ? a->touchpoint : b->touchpoint;
        js_kstr(s, "id", tp->id);
        js_kstr(s, "name_before", b->touchpoint ? b->touchpoint->name : NULL);
        js_kstr(s, "name_after", a->touchpoint ? a->touchpoint->name : NULL);
        js_kstr(s, "stage_before", b->touchpoint ? b->touchpoint->stage->id : NULL);
        js_kstr(s, "stage_after", a->touchpoint ? a->touchpoint->stage->id : NULL);
        js_key(s, "position_before");
        g_string_append(s, b->touchpoint ? "" : "null");
        if (b->touchpoint)
            g_string_append_printf(s, "%zu", b->touchpoint->ordinal + 1);
        js_key(s, "position_after");
        g_string_append(s, a->touchpoint ? "" : "null");
        if (a->touchpoint)
            g_string_append_printf(s, "%zu", a->touchpoint->ordinal + 1);
        if (c->kind == JMAP_CHANGE_TOUCHPOINT_STATE) {
            js_kstr(s, "state_before", jmap_state_name(b->touchpoint->state));
            js_kstr(s, "state_after", jmap_state_name(a->touchpoint->state));
        } else if (c->kind == JMAP_CHANGE_TOUCHPOINT_BLUEPRINT) {
            const char *parts[JMAP_BP_COUNT + JMAP_MAX_CUSTOM_LANES * 2 + 8];
            size_t n = jmap_diff_blueprint_parts(d->before, b->touchpoint, d->after,
                                                 a->touchpoint, parts, G_N_ELEMENTS(parts));
            js_key(s, "parts");
            g_string_append_c(s, '[');
            for (size_t i = 0; i < n && i < G_N_ELEMENTS(parts); i++) {
                if (i)
                    g_string_append(s, ", ");
                jmap_json_string(s, parts[i]);
            }
            g_string_append_c(s, ']');
        }
        break;
    }
    case JMAP_DIFF_EMOTIONS:
        js_kstr(s, "touchpoint", a->touchpoint->id);
        js_kstr(s, "persona", a->persona->id);
        js_score(s, "before", b);
        js_score(s, "after", a);
        js_key(s, "delta");
        if (a->score_set && b->score_set)
            js_num(s, a->score - b->score);
        else
            g_string_append(s, "null");
        break;
    case JMAP_DIFF_PAINS: {
        const jmap_pain *p = a->pain ? a->pain : b->pain;
        js_kstr(s, "id", p->id);
        js_kstr(s, "stage", p->stage->id);
        js_kstr(s, "touchpoint", p->touchpoint ? p->touchpoint->id : NULL);
        js_kstr(s, "text_before", b->pain ? b->pain->text : NULL);
        js_kstr(s, "text_after", a->pain ? a->pain->text : NULL);
        js_kstr(s, "severity_before", b->pain ? level_label(b->pain->severity) : NULL);
        js_kstr(s, "severity_after", a->pain ? level_label(a->pain->severity) : NULL);
        break;
    }
    case JMAP_DIFF_OPPORTUNITIES: {
        const jmap_opportunity *p = a->opportunity ? a->opportunity : b->opportunity;
        js_kstr(s, "id", p->id);
        js_kstr(s, "stage", p->stage->id);
        js_kstr(s, "touchpoint", p->touchpoint ? p->touchpoint->id : NULL);
        js_kstr(s, "text", p->text);
        js_kstr(s, "status_before", b->opportunity ? jmap_status_name(b->opportunity->status) : NULL);
        js_kstr(s, "status_after", a->opportunity ? jmap_status_name(a->opportunity->status) : NULL);
        break;
    }
    case JMAP_DIFF_KPIS: {
        const jmap_kpi *k = a->kpi ? a->kpi : b->kpi;
        js_kstr(s, "stage", (a->kpi ? a->stage : b->stage)->id);
        js_kstr(s, "name", k->name);
        js_kpi(s, "before", b->kpi);
        js_kpi(s, "after", a->kpi);
        break;
    }
    case JMAP_DIFF_FINDINGS:
        js_finding(s, c->finding);
        break;
    default:
        break;
    }
}

static void render_json(out *o, const char *before_name, const char *after_name)
{
    const jmap_diff *d = o->d;
    GString *s = o->s;
    static const char *const group_keys[JMAP_DIFF_GROUP_COUNT] = {
        "personas", "stages", "touchpoints", "emotions", "pains", "opportunities", "kpis", "findings", "other",
    };
    g_string_append_printf(s, "{\n  \"jmap_diff\": %d,\n  \"before\": {\"name\": ", DIFF_FORMAT_VERSION);
    js_str(s, before_name);
    js_kstr(s, "title", d->before->title);
    g_string_append(s, "},\n  \"after\": {\"name\": ");
    js_str(s, after_name);
    js_kstr(s, "title", d->after->title);
    g_string_append_printf(s, "},\n  \"same\": %s,\n  \"changes\": %zu,\n  \"counts\": {",
                           d->n_changes ? "false" : "true", d->n_changes);
    for (int k = 0; k < JMAP_CHANGE_KIND_COUNT; k++) {
        g_string_append(s, k ? ",\n    " : "\n    ");
        js_str(s, jmap_change_kind_name((jmap_change_kind)k));
        g_string_append_printf(s, ": %zu", d->counts[k]);
    }
    g_string_append(s, "\n  }");
    for (int g = 0; g < JMAP_DIFF_GROUP_COUNT; g++) {
        g_string_append(s, ",\n  ");
        js_str(s, group_keys[g]);
        g_string_append(s, ": [");
        size_t n = 0;
        for (size_t i = 0; i < d->n_changes; i++) {
            const jmap_change *c = &d->changes[i];
            if (jmap_diff_group_of(c->kind) != (jmap_diff_group)g)
                continue;
            g_string_append(s, n++ ? ",\n    {\"kind\": " : "\n    {\"kind\": ");
            js_str(s, jmap_change_kind_name(c->kind));
            js_change(s, d, c);
            g_string_append_c(s, '}');
        }
        g_string_append(s, n ? "\n  ]" : "]");
    }
    g_string_append(s, "\n}\n");
}

/* ------------------------------------------------------------- entry */

char *jmap_diff_render(const jmap_diff *d, jmap_report_fmt fmt, const char *before_name,
                       const char *after_name, size_t *len_out)
{
    out o = {g_string_new(NULL), d, fmt == JMAP_REPORT_MD};
    if (fmt == JMAP_REPORT_JSON)
        render_json(&o, before_name ? before_name : "", after_name ? after_name : "");
    else {
        render_human(&o, before_name ? before_name : "", after_name ? after_name : "");
        if (o.md)
            md_limit(o.s);
    }
    /* Callers free() the result: hand back malloc'd memory, not GLib's. */
    char *r = malloc(o.s->len + 1);
    if (r) {
        memcpy(r, o.s->str, o.s->len + 1);
        if (len_out)
            *len_out = o.s->len;
    }
    g_string_free(o.s, true);
    return r;
}
