/*
 * report.c — formats an analysis as text (aligned columns for a terminal),
 * GitHub Markdown (for a pull request), an HTML fragment (for the HTML page
 * of a map: the same sections as Markdown, as headings, lists and tables)
 * or JSON (stable keys, documented in docs/report.md and
 * docs/report.schema.json).
 *
 * Output depends on nothing but the analysis: numbers are formatted by hand
 * so the machine's locale cannot change them.
 */
#include "html_text.h"
#include "json_text.h"
#include "report.h"

#include <glib.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define REPORT_VERSION 1

bool jmap_report_fmt_parse(const char *name, jmap_report_fmt *out)
{
    if (name == NULL)
        return false;
    if (strcmp(name, "text") == 0)
        *out = JMAP_REPORT_TEXT;
    else if (strcmp(name, "md") == 0 || strcmp(name, "markdown") == 0)
        *out = JMAP_REPORT_MD;
    else if (strcmp(name, "json") == 0)
        *out = JMAP_REPORT_JSON;
    else
        return false;
    return true;
}

char *jmap_report_number(char *buf, double v, bool decimal_comma)
{
    if (!isfinite(v)) {
        strcpy(buf, "0");
        return buf;
    }
    double r = round(v * 100.0);
    if (fabs(r) > 9e15) { /* beyond exact integers: no decimals worth showing */
        snprintf(buf, 32, "%.0f", v);
        return buf;
    }
    long long c = (long long)r;
    bool neg = c < 0;
    unsigned long long u = neg ? (unsigned long long)(-c) : (unsigned long long)c;
    unsigned long long ip = u / 100, fp = u % 100;
    char *p = buf;
    if (neg && u != 0)
        *p++ = '-';
    p += sprintf(p, "%llu", ip);
    if (fp) {
        *p++ = decimal_comma ? ',' : '.';
        *p++ = (char)('0' + fp / 10);
        if (fp % 10)
            *p++ = (char)('0' + fp % 10);
    }
    *p = '\0';
    return buf;
}

/* ----------------------------------------------------------- labels */

enum {
    L_TITLE, L_SCALE, L_STAGES_N, L_TOUCHPOINTS_N, L_PERSONAS, L_OF,
    L_SUMMARY, L_NO_FINDINGS, L_FINDINGS,
    L_S_EMPTY, L_S_DROPS, L_S_MOMENTS, L_S_PAINS, L_S_UNADDRESSED, L_S_HIGH, L_S_HIGH_PRE,
    L_S_OPPS, L_S_NO_OWNER, L_S_GAPS, L_S_INCONS, L_S_KPIS,
    L_H_STAGES, L_H_DROPS, L_H_MOMENTS, L_H_PAINS, L_H_UNADDRESSED, L_H_OPPS,
    L_H_GAPS, L_H_INCONS, L_H_KPIS,
    L_C_STAGE, L_C_TOUCHPOINTS, L_C_CHANNELS, L_C_PERSONA, L_C_MEAN, L_C_LOWEST,
    L_C_FROM, L_C_TO, L_C_CHANGE, L_C_TOUCHPOINT, L_C_EMOTION, L_C_SEVERITY,
    L_C_PAIN, L_C_WHERE, L_C_ADDRESSED_BY, L_C_OPPORTUNITY, L_C_IMPACT, L_C_EFFORT,
    L_C_OWNER, L_C_STATUS, L_C_QUICK, L_C_MISSING, L_C_DIFF, L_C_KPI, L_C_VALUE,
    L_C_TARGET, L_C_GAP,
    L_NOTHING, L_CUSTOMER, L_YES, L_NO_OWNER, L_WHOLE_JOURNEY, L_EMPTY_STAGES,
    L_OMITTED, L_THRESH_DROP, L_THRESH_INCONS,
    L_HIGH, L_MEDIUM, L_LOW, L_SEV_HIGH, L_SEV_MEDIUM, L_SEV_LOW, L_COLON, L_S_QUICK_WINS,
    L_IDEA, L_PLANNED, L_IN_PROGRESS, L_DONE,
    L_H_WAVES, L_C_RESPONSES,
    L_S_DELIVERED, L_H_DELIVERED, L_THRESH_GAP, L_THRESHOLDS,
    L_H_TRENDS, L_C_FIRST, L_C_LAST,
    L_H_INSIGHTS, L_H_DROP_OFFS, L_DROP_OFFS_NOTE, L_DROP_OFFS_ORDER, L_C_DROP_OFF,
    L_H_UNREACHABLE, L_UNREACHABLE_NOTE, L_RETIRED, L_S_DROP_OFFS, L_S_UNREACHABLE,
    L_H_UNSUPPORTED, L_UNSUPPORTED_NOTE, L_S_UNSUPPORTED,
    L_H_HANDOFFS, L_HANDOFFS_NOTE, L_S_HANDOFFS, L_C_PAINS,
    L_H_DATA_AGAIN, L_DATA_AGAIN_NOTE, L_S_DATA_AGAIN, L_C_DATA, L_C_ASKED_AT, L_C_AGAIN_THROUGH, L_C_CHANNEL,
    L_COUNT
};

static const char *const labels_en[L_COUNT] = {
    [L_TITLE] = "Journey report",
    [L_SCALE] = "Scale",
    [L_STAGES_N] = "stages",
    [L_TOUCHPOINTS_N] = "touchpoints",
    [L_PERSONAS] = "personas",
    [L_OF] = "of",
    [L_SUMMARY] = "Summary",
    [L_NO_FINDINGS] = "No findings: no sharp drop, no unaddressed pain, no stage without touchpoint, no channel gap, no inconsistency, no KPI off target.",
    [L_FINDINGS] = "Findings",
    [L_S_EMPTY] = "Stages with no touchpoint",
    [L_S_DROPS] = "Sharp drops",
    [L_S_MOMENTS] = "Moments of truth",
    [L_S_PAINS] = "Pains",
    [L_S_UNADDRESSED] = "unaddressed",
    [L_S_HIGH] = "of them high severity",
    [L_S_HIGH_PRE] = "",
    [L_S_OPPS] = "Opportunities",
    [L_S_NO_OWNER] = "without owner",
    [L_S_GAPS] = "Channel gaps",
    [L_S_INCONS] = "Inconsistencies between channels",
    [L_S_KPIS] = "KPIs off target",
    [L_H_STAGES] = "Stages",
    [L_H_DROPS] = "Sharp drops",
    [L_H_MOMENTS] = "Moments of truth",
    [L_H_PAINS] = "Pains by severity",
    [L_H_UNADDRESSED] = "Unaddressed pains",
    [L_H_OPPS] = "Opportunities (quick wins first)",
    [L_H_GAPS] = "Channel gaps",
    [L_H_INCONS] = "Inconsistencies between channels",
    [L_H_KPIS] = "KPIs off target",
    [L_H_TRENDS] = "KPI trends",
    [L_C_FIRST] = "First",
    [L_C_LAST] = "Last",
    [L_C_STAGE] = "Stage",
    [L_C_TOUCHPOINTS] = "Touchpoints",
    [L_C_CHANNELS] = "Channels",
    [L_C_PERSONA] = "Persona",
    [L_C_MEAN] = "Mean",
    [L_C_LOWEST] = "Lowest",
    [L_C_FROM] = "From",
    [L_C_TO] = "To",
    [L_C_CHANGE] = "Change",
    [L_C_TOUCHPOINT] = "Touchpoint",
    [L_C_EMOTION] = "Emotion",
    [L_C_SEVERITY] = "Severity",
    [L_C_PAIN] = "Pain",
    [L_C_WHERE] = "Where",
    [L_C_ADDRESSED_BY] = "Addressed by",
    [L_C_OPPORTUNITY] = "Opportunity",
    [L_C_IMPACT] = "Impact",
    [L_C_EFFORT] = "Effort",
    [L_C_OWNER] = "Owner",
    [L_C_STATUS] = "Status",
    [L_C_QUICK] = "Quick win",
    [L_C_MISSING] = "Missing channels",
    [L_C_DIFF] = "Difference",
    [L_C_KPI] = "KPI",
    [L_C_VALUE] = "Value",
    [L_C_TARGET] = "Target",
    [L_C_GAP] = "Gap",
    [L_NOTHING] = "Nothing to report.",
    [L_CUSTOMER] = "customer",
    [L_YES] = "yes",
    [L_NO_OWNER] = "(no owner)",
    [L_WHOLE_JOURNEY] = "whole journey",
    [L_EMPTY_STAGES] = "Stages with no touchpoint",
    [L_OMITTED] = "more pairs not listed",
    [L_THRESH_DROP] = "sharp drop",
    [L_THRESH_INCONS] = "inconsistency",
    [L_HIGH] = "high",
    [L_SEV_HIGH] = "high",
    [L_SEV_MEDIUM] = "medium",
    [L_SEV_LOW] = "low",
    [L_COLON] = ": ",
    [L_S_QUICK_WINS] = "Quick wins",
    [L_MEDIUM] = "medium",
    [L_LOW] = "low",
    [L_IDEA] = "idea",
    [L_PLANNED] = "planned",
    [L_IN_PROGRESS] = "in progress",
    [L_DONE] = "done",
    [L_H_WAVES] = "Survey waves",
    [L_C_RESPONSES] = "Responses",
    [L_S_DELIVERED] = "Delivered opportunities",
    [L_H_DELIVERED] = "Delivered opportunities (done)",
    [L_THRESH_GAP] = "touchpoints met in a stage for channel gaps",
    [L_THRESHOLDS] = "Thresholds",
    [L_H_INSIGHTS] = "Insights",
    [L_H_DROP_OFFS] = "Biggest drop-offs",
    [L_DROP_OFFS_NOTE] = "Touchpoints where customers drop off",
    [L_DROP_OFFS_ORDER] = "largest first, all listed.",
    [L_C_DROP_OFF] = "Drop-off",
    [L_S_DROP_OFFS] = "Touchpoints with a drop-off",
    [L_H_UNREACHABLE] = "Unreachable touchpoints",
    [L_UNREACHABLE_NOTE] = "No path from the first touchpoint reaches these (following next, else the following card).",
    [L_RETIRED] = "retired",
    [L_S_UNREACHABLE] = "Unreachable touchpoints",
    [L_H_UNSUPPORTED] = "Unsupported pains",
    [L_UNSUPPORTED_NOTE] = "High-severity pains at touchpoints with no backstage and no support step.",
    [L_S_UNSUPPORTED] = "Unsupported pains",
    [L_H_HANDOFFS] = "Hand-offs between owners with a pain",
    [L_HANDOFFS_NOTE] = "The work passes to another owner, and the receiving touchpoint has pains.",
    [L_S_HANDOFFS] = "Hand-offs between owners with a pain",
    [L_C_PAINS] = "Pains there",
    [L_H_DATA_AGAIN] = "Data asked again",
    [L_DATA_AGAIN_NOTE] = "The same data asked at several touchpoints.",
    [L_S_DATA_AGAIN] = "Data asked again",
    [L_C_DATA] = "Data",
    [L_C_ASKED_AT] = "Asked at",
    [L_C_AGAIN_THROUGH] = "Asked again through",
    [L_C_CHANNEL] = "Channel",
};

static const char *const labels_fr[L_COUNT] = {
    [L_TITLE] = "Rapport de parcours",
    [L_SCALE] = "Échelle",
    [L_STAGES_N] = "étapes",
    [L_TOUCHPOINTS_N] = "points de contact",
    [L_PERSONAS] = "personas",
    [L_OF] = "sur",
    [L_SUMMARY] = "Synthèse",
    [L_NO_FINDINGS] = "Aucun constat : ni chute brutale, ni irritant non traité, ni étape sans point de contact, ni canal manquant, ni incohérence, ni KPI hors objectif.",
    [L_FINDINGS] = "Constats",
    [L_S_EMPTY] = "Étapes sans point de contact",
    [L_S_DROPS] = "Chutes brutales",
    [L_S_MOMENTS] = "Moments de vérité",
    [L_S_PAINS] = "Irritants",
    [L_S_UNADDRESSED] = "non traités",
    [L_S_HIGH] = "de gravité élevée",
    [L_S_HIGH_PRE] = "dont ",
    [L_S_OPPS] = "Opportunités",
    [L_S_NO_OWNER] = "sans responsable",
    [L_S_GAPS] = "Canaux manquants",
    [L_S_INCONS] = "Incohérences entre canaux",
    [L_S_KPIS] = "KPI hors objectif",
    [L_H_STAGES] = "Étapes",
    [L_H_DROPS] = "Chutes brutales",
    [L_H_MOMENTS] = "Moments de vérité",
    [L_H_PAINS] = "Irritants par gravité",
    [L_H_UNADDRESSED] = "Irritants non traités",
    [L_H_OPPS] = "Opportunités (gains rapides d'abord)",
    [L_H_GAPS] = "Canaux manquants",
    [L_H_INCONS] = "Incohérences entre canaux",
    [L_H_KPIS] = "KPI hors objectif",
    [L_H_TRENDS] = "Évolution des KPI",
    [L_C_FIRST] = "Début",
    [L_C_LAST] = "Dernier",
    [L_C_STAGE] = "Étape",
    [L_C_TOUCHPOINTS] = "Points de contact",
    [L_C_CHANNELS] = "Canaux",
    [L_C_PERSONA] = "Persona",
    [L_C_MEAN] = "Moyenne",
    [L_C_LOWEST] = "Point le plus bas",
    [L_C_FROM] = "De",
    [L_C_TO] = "À",
    [L_C_CHANGE] = "Variation",
    [L_C_TOUCHPOINT] = "Point de contact",
    [L_C_EMOTION] = "Émotion",
    [L_C_SEVERITY] = "Gravité",
    [L_C_PAIN] = "Irritant",
    [L_C_WHERE] = "Où",
    [L_C_ADDRESSED_BY] = "Traité par",
    [L_C_OPPORTUNITY] = "Opportunité",
    [L_C_IMPACT] = "Impact",
    [L_C_EFFORT] = "Effort",
    [L_C_OWNER] = "Responsable",
    [L_C_STATUS] = "Statut",
    [L_C_QUICK] = "Gain rapide",
    [L_C_MISSING] = "Canaux manquants",
    [L_C_DIFF] = "Écart",
    [L_C_KPI] = "KPI",
    [L_C_VALUE] = "Valeur",
    [L_C_TARGET] = "Objectif",
    [L_C_GAP] = "Écart",
    [L_NOTHING] = "Rien à signaler.",
    [L_CUSTOMER] = "client",
    [L_YES] = "oui",
    [L_NO_OWNER] = "(sans responsable)",
    [L_WHOLE_JOURNEY] = "tout le parcours",
    [L_EMPTY_STAGES] = "Étapes sans point de contact",
    [L_OMITTED] = "autres paires non listées",
    [L_THRESH_DROP] = "chute brutale",
    [L_THRESH_INCONS] = "incohérence",
    [L_SEV_HIGH] = "élevée",
    [L_SEV_MEDIUM] = "moyenne",
    [L_SEV_LOW] = "faible",
    [L_HIGH] = "fort",
    [L_COLON] = " : ",
    [L_S_QUICK_WINS] = "Gains rapides",
    [L_MEDIUM] = "moyen",
    [L_LOW] = "faible",
    [L_IDEA] = "idée",
    [L_PLANNED] = "planifiée",
    [L_IN_PROGRESS] = "en cours",
    [L_DONE] = "réalisée",
    [L_H_WAVES] = "Vagues d'enquête",
    [L_C_RESPONSES] = "Réponses",
    [L_S_DELIVERED] = "Opportunités réalisées",
    [L_H_DELIVERED] = "Opportunités réalisées",
    [L_THRESH_GAP] = "points de contact rencontrés dans une étape pour les canaux manquants",
    [L_THRESHOLDS] = "Seuils",
    [L_H_INSIGHTS] = "Enseignements",
    [L_H_DROP_OFFS] = "Plus forts abandons",
    [L_DROP_OFFS_NOTE] = "Points de contact où des clients abandonnent",
    [L_DROP_OFFS_ORDER] = "du plus fort au plus faible, tous listés.",
    [L_C_DROP_OFF] = "Abandon",
    [L_S_DROP_OFFS] = "Points de contact avec abandon",
    [L_H_UNREACHABLE] = "Points de contact inaccessibles",
    [L_UNREACHABLE_NOTE] = "Aucun chemin depuis le premier point de contact n'y mène (en suivant next, sinon la carte suivante).",
    [L_RETIRED] = "retiré",
    [L_S_UNREACHABLE] = "Points de contact inaccessibles",
    [L_H_UNSUPPORTED] = "Irritants sans soutien",
    [L_UNSUPPORTED_NOTE] = "Irritants de gravité élevée à des points de contact sans coulisses ni support.",
    [L_S_UNSUPPORTED] = "Irritants sans soutien",
    [L_H_HANDOFFS] = "Passages de relais entre responsables avec irritant",
    [L_HANDOFFS_NOTE] = "Le travail passe à un autre responsable, et le point de contact qui le reçoit a des irritants.",
    [L_S_HANDOFFS] = "Passages de relais avec irritant",
    [L_C_PAINS] = "Irritants à l'arrivée",
    [L_H_DATA_AGAIN] = "Données redemandées",
    [L_DATA_AGAIN_NOTE] = "La même donnée demandée à plusieurs points de contact.",
    [L_S_DATA_AGAIN] = "Données redemandées",
    [L_C_DATA] = "Donnée",
    [L_C_ASKED_AT] = "Demandée à",
    [L_C_AGAIN_THROUGH] = "Redemandée par",
    [L_C_CHANNEL] = "Canal",
};

/* Built-in channel names, in icon order (web .. other). */
static const char *const channel_en[JMAP_BUILTIN_CHANNEL_COUNT] = {
    "Web", "App", "Email", "Phone", "Chat", "Social media", "Store", "Mail", "Event",
    "Advertising", "Partner", "Support", "Other",
};
static const char *const channel_fr[JMAP_BUILTIN_CHANNEL_COUNT] = {
    "Web", "Application", "E-mail", "Téléphone", "Chat", "Réseaux sociaux", "Magasin",
    "Courrier", "Événement", "Publicité", "Partenaire", "Service client", "Autre",
};

typedef struct out {
    GString *s;
    const jmap_analysis *a;
    const char *const *L;
    bool fr;
    bool md;
    bool html;
} out;

static const char *level_label(const out *o, jmap_level l)
{
    switch (l) {
    case JMAP_LEVEL_HIGH: return o->L[L_HIGH];
    case JMAP_LEVEL_MEDIUM: return o->L[L_MEDIUM];
    case JMAP_LEVEL_LOW: return o->L[L_LOW];
    default: return "";
    }
}

/* Severity is feminine in French (gravité), impact and effort masculine. */
static const char *severity_label(const out *o, jmap_level l)
{
    switch (l) {
    case JMAP_LEVEL_HIGH: return o->L[L_SEV_HIGH];
    case JMAP_LEVEL_MEDIUM: return o->L[L_SEV_MEDIUM];
    case JMAP_LEVEL_LOW: return o->L[L_SEV_LOW];
    default: return "";
    }
}

static const char *status_label(const out *o, jmap_status s)
{
    switch (s) {
    case JMAP_STATUS_PLANNED: return o->L[L_PLANNED];
    case JMAP_STATUS_IN_PROGRESS: return o->L[L_IN_PROGRESS];
    case JMAP_STATUS_DONE: return o->L[L_DONE];
    default: return o->L[L_IDEA];
    }
}

const char *jmap_report_channel_name(const jmap_channel *c, bool fr)
{
    if (c == NULL)
        return "";
    if (c->name)
        return c->name;
    if (c->builtin && (unsigned)c->icon < JMAP_BUILTIN_CHANNEL_COUNT)
        return (fr ? channel_fr : channel_en)[c->icon];
    return c->id;
}

static const char *channel_label(const out *o, const jmap_channel *c)
{
    return jmap_report_channel_name(c, o->fr);
}

static const char *persona_label(const out *o, const jmap_persona *p)
{
    if (o->a->journey->personas_implicit || p->name == NULL)
        return p->name ? p->name : o->L[L_CUSTOMER];
    return p->name;
}

static char *num(const out *o, double v)
{
    char buf[32];
    return g_strdup(jmap_report_number(buf, v, o->fr));
}

/* "Stage / Touchpoint", or "Stage" for stage-level items. */
static char *where(const jmap_stage *st, const jmap_touchpoint *tp)
{
    if (tp)
        return g_strdup_printf("%s / %s", st ? st->name : tp->stage->name, tp->name);
    return g_strdup(st ? st->name : "");
}

/* ------------------------------------------------------------ tables */

typedef struct table {
    int ncols;
    const char *head[8];
    bool right[8];
    GPtrArray *rows; /* of char *[ncols], cells g_malloc'd */
} table;

static void table_init(table *t, int ncols)
{
    memset(t, 0, sizeof *t);
    t->ncols = ncols;
    t->rows = g_ptr_array_new();
}

/* Takes ownership of the ncols cells (NULL = empty). */
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

/* Columns a string takes in a terminal: wide (CJK) characters count two. */
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

/* A cell on one line: newlines and tabs become spaces; for Markdown, `|`
 * and `<` are escaped so a cell can neither split the row nor open HTML. */
static void put_cell(GString *s, const char *text, bool md)
{
    for (const char *p = text ? text : ""; *p; p++) {
        char ch = *p;
        if (ch == '\n' || ch == '\r' || ch == '\t')
            ch = ' ';
        if (md && (ch == '|' || ch == '<' || ch == '\\'))
            g_string_append_c(s, '\\');
        g_string_append_c(s, ch);
    }
}

static char *flat(const char *text)
{
    GString *s = g_string_new(NULL);
    put_cell(s, text, false);
    return g_string_free(s, false);
}

/* A text of the report: escaped for its format. */
static void put_text(out *o, const char *text)
{
    if (o->html)
        jmap_html_text(o->s, text);
    else
        put_cell(o->s, text, o->md);
}

static void pad(GString *s, size_t n)
{
    while (n--)
        g_string_append_c(s, ' ');
}

static void table_emit(out *o, table *t)
{
    GString *s = o->s;
    if (o->html) {
        g_string_append(s, "<table>\n<thead><tr>");
        for (int c = 0; c < t->ncols; c++) {
            g_string_append(s, t->right[c] ? "<th scope=\"col\" class=\"num\">" : "<th scope=\"col\">");
            put_text(o, t->head[c]);
            g_string_append(s, "</th>");
        }
        g_string_append(s, "</tr></thead>\n<tbody>\n");
        for (guint r = 0; r < t->rows->len; r++) {
            char **row = t->rows->pdata[r];
            g_string_append(s, "<tr>");
            for (int c = 0; c < t->ncols; c++) {
                g_string_append(s, t->right[c] ? "<td class=\"num\">" : "<td>");
                put_text(o, row[c]);
                g_string_append(s, "</td>");
            }
            g_string_append(s, "</tr>\n");
        }
        g_string_append(s, "</tbody>\n</table>\n");
    } else if (o->md) {
        g_string_append_c(s, '|');
        for (int c = 0; c < t->ncols; c++) {
            g_string_append_c(s, ' ');
            put_cell(s, t->head[c], true);
            g_string_append(s, " |");
        }
        g_string_append(s, "\n|");
        for (int c = 0; c < t->ncols; c++)
            g_string_append(s, t->right[c] ? "---:|" : "---|");
        g_string_append_c(s, '\n');
        for (guint r = 0; r < t->rows->len; r++) {
            char **row = t->rows->pdata[r];
            g_string_append_c(s, '|');
            for (int c = 0; c < t->ncols; c++) {
                g_string_append_c(s, ' ');
                put_cell(s, row[c], true);
                g_string_append(s, " |");
            }
            g_string_append_c(s, '\n');
        }
    } else {
        size_t w[8];
        for (int c = 0; c < t->ncols; c++)
            w[c] = display_width(t->head[c]);
        for (guint r = 0; r < t->rows->len; r++) {
            char **row = t->rows->pdata[r];
            for (int c = 0; c < t->ncols; c++) {
                char *f = flat(row[c]);
                size_t dw = display_width(f);
                g_free(row[c]);
                row[c] = f;
                if (dw > w[c])
                    w[c] = dw;
            }
        }
        for (int line = -2; line < (int)t->rows->len; line++) {
            GString *l = g_string_new("  ");
            for (int c = 0; c < t->ncols; c++) {
                const char *cell;
                char *rule = NULL;
                if (line == -2)
                    cell = t->head[c];
                else if (line == -1)
                    cell = rule = g_strnfill(w[c], '-');
                else
                    cell = ((char **)t->rows->pdata[line])[c];
                if (c)
                    g_string_append(l, "  ");
                size_t fill = w[c] - display_width(cell);
                if (t->right[c])
                    pad(l, fill);
                g_string_append(l, cell ? cell : "");
                if (!t->right[c])
                    pad(l, fill);
                g_free(rule);
            }
            while (l->len && l->str[l->len - 1] == ' ')
                g_string_truncate(l, l->len - 1);
            g_string_append(s, l->str);
            g_string_append_c(s, '\n');
            g_string_free(l, true);
        }
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
    g_string_append_c(o->s, '\n');
    if (o->html) {
        g_string_append(o->s, "<h3>");
        put_text(o, text);
        g_string_append(o->s, "</h3>\n");
    } else if (o->md) {
        g_string_append(o->s, "## ");
        put_cell(o->s, text, true);
        g_string_append(o->s, "\n\n");
    } else {
        g_string_append(o->s, text);
        g_string_append_c(o->s, '\n');
        for (size_t i = display_width(text); i; i--)
            g_string_append_c(o->s, '=');
        g_string_append_c(o->s, '\n');
    }
}

static void paragraph(out *o, const char *text)
{
    if (o->html) {
        g_string_append(o->s, "<p>");
        put_text(o, text);
        g_string_append(o->s, "</p>\n");
        return;
    }
    if (!o->md)
        g_string_append(o->s, "  ");
    put_cell(o->s, text, o->md);
    g_string_append_c(o->s, '\n');
}

static void nothing(out *o)
{
    paragraph(o, o->L[L_NOTHING]);
}

/* ---------------------------------------------------- human sections */

static bool show_persona(const out *o)
{
    return !o->a->journey->personas_implicit;
}

static char *score_cell(const out *o, const char *name, double v)
{
    char buf[32];
    return g_strdup_printf("%s (%s)", name, jmap_report_number(buf, v, o->fr));
}

static void human_header(out *o)
{
    const jmap_analysis *a = o->a;
    const jmap_journey *j = a->journey;
    GString *s = o->s;
    char *title = g_strdup_printf("%s%s%s", o->L[L_TITLE], o->L[L_COLON], j->title ? j->title : "");
    if (o->html) {
        g_string_append(s, "<h2 id=\"jm-report-title\">");
        put_text(o, title);
        g_string_append(s, "</h2>\n");
    } else if (o->md) {
        g_string_append(s, "# ");
        put_cell(s, title, true);
        g_string_append(s, "\n\n");
    } else {
        char *f = flat(title);
        g_string_append_printf(s, "%s\n", f);
        for (size_t i = display_width(f); i; i--)
            g_string_append_c(s, '=');
        g_string_append_c(s, '\n');
        g_free(f);
    }
    GString *l = g_string_new(NULL);
    g_string_append_printf(l, "%zu %s, %zu %s", j->n_stages, o->L[L_STAGES_N], a->n_touchpoints,
                           o->L[L_TOUCHPOINTS_N]);
    if (show_persona(o)) {
        g_string_append_printf(l, ", %s%s", o->L[L_PERSONAS], o->L[L_COLON]);
        for (size_t k = 0; k < a->n_personas; k++)
            g_string_append_printf(l, "%s%s", k ? ", " : "", persona_label(o, a->personas[k]));
        if (a->filtered)
            g_string_append_printf(l, " (%zu %s %zu)", a->n_personas, o->L[L_OF], j->n_personas);
    }
    char b1[32], b2[32], b3[32];
    g_string_append_printf(l, ". %s %d-%d.", o->L[L_SCALE], j->scale_min, j->scale_max);
    if (o->html) {
        paragraph(o, l->str);
    } else {
        put_cell(s, l->str, o->md);
        g_string_append(s, o->md ? "\\\n" : "\n");
    }
    g_string_truncate(l, 0);
    g_string_append_printf(l, "%s%s%s >= %s, %s >= %s, %s >= %s.", o->L[L_THRESHOLDS], o->L[L_COLON],
                           o->L[L_THRESH_DROP], jmap_report_number(b1, a->drop_threshold, o->fr),
                           o->L[L_THRESH_INCONS],
                           jmap_report_number(b2, a->inconsistency_threshold, o->fr), o->L[L_THRESH_GAP],
                           jmap_report_number(b3, a->thresholds[JMAP_TH_GAP_TOUCHPOINTS], o->fr));
    if (o->html) {
        paragraph(o, l->str);
    } else if (o->md) {
        put_cell(s, l->str, true);
        g_string_append_c(s, '\n');
    } else {
        put_cell(s, l->str, false);
        g_string_append_c(s, '\n');
    }
    g_string_free(l, true);
    g_free(title);
}

static void summary_line(out *o, const char *label, size_t n, const char *extra)
{
    if (o->html) {
        g_string_append(o->s, "<li>");
        put_text(o, label);
        g_string_append_printf(o->s, "%s%zu", o->L[L_COLON], n);
        if (n && extra && *extra) {
            g_string_append(o->s, " (");
            put_text(o, extra);
            g_string_append_c(o->s, ')');
        }
        g_string_append(o->s, "</li>\n");
        return;
    }
    if (o->md) {
        g_string_append(o->s, "- ");
        put_cell(o->s, label, true);
        g_string_append_printf(o->s, "%s%zu", o->L[L_COLON], n);
    } else {
        g_string_append_printf(o->s, "  %s%s%zu", label, o->L[L_COLON], n);
    }
    if (n && extra && *extra)
        g_string_append_printf(o->s, " (%s)", extra);
    g_string_append_c(o->s, '\n');
}

static void human_summary(out *o)
{
    const jmap_analysis *a = o->a;
    heading(o, o->L[L_SUMMARY]);
    if (jmap_analysis_findings(a) == 0) {
        paragraph(o, o->L[L_NO_FINDINGS]);
        g_string_append_c(o->s, '\n');
    }
    char *extra;
    if (o->html)
        g_string_append(o->s, "<ul>\n");
    summary_line(o, o->L[L_S_EMPTY], a->n_empty_stages, NULL);
    summary_line(o, o->L[L_S_DROPS], a->n_drops, NULL);
    if (a->has_drop_offs)
        summary_line(o, o->L[L_S_DROP_OFFS], a->n_drop_offs, NULL);
    summary_line(o, o->L[L_S_MOMENTS], a->n_moments, NULL);
    if (a->n_unaddressed_high)
        extra = g_strdup_printf("%zu %s, %s%zu %s", a->n_unaddressed, o->L[L_S_UNADDRESSED], o->L[L_S_HIGH_PRE],
                                a->n_unaddressed_high, o->L[L_S_HIGH]);
    else
        extra = g_strdup_printf("%zu %s", a->n_unaddressed, o->L[L_S_UNADDRESSED]);
    summary_line(o, o->L[L_S_PAINS], a->n_pains, extra);
    g_free(extra);
    extra = a->n_without_owner ? g_strdup_printf("%zu %s", a->n_without_owner, o->L[L_S_NO_OWNER]) : NULL;
    summary_line(o, o->L[L_S_OPPS], a->n_opportunities, extra);
    g_free(extra);
    summary_line(o, o->L[L_S_QUICK_WINS], a->n_quick_wins, NULL);
    summary_line(o, o->L[L_S_DELIVERED], a->n_delivered, NULL);
    summary_line(o, o->L[L_S_GAPS], a->n_gap_channels, NULL);
    summary_line(o, o->L[L_S_INCONS], a->n_inconsistencies + a->inconsistencies_omitted, NULL);
    summary_line(o, o->L[L_S_KPIS], a->n_kpi_misses, NULL);
    if (a->reach_checked)
        summary_line(o, o->L[L_S_UNREACHABLE], a->n_unreachable, NULL);
    if (a->blueprint)
        summary_line(o, o->L[L_S_UNSUPPORTED], a->n_unsupported, NULL);
    if (a->has_handoffs)
        summary_line(o, o->L[L_S_HANDOFFS], a->n_owner_handoffs, NULL);
    if (a->has_data_asked)
        summary_line(o, o->L[L_S_DATA_AGAIN], a->n_data_again, NULL);
    if (o->html)
        g_string_append(o->s, "</ul>\n");
}

static void human_stages(out *o)
{
    const jmap_analysis *a = o->a;
    heading(o, o->L[L_H_STAGES]);
    if (a->n_stages == 0) {
        nothing(o);
        return;
    }
    bool pc = show_persona(o);
    table t;
    table_init(&t, pc ? 6 : 5);
    int c = 0;
    t.head[c++] = o->L[L_C_STAGE];
    t.head[c] = o->L[L_C_TOUCHPOINTS];
    t.right[c++] = true;
    t.head[c] = o->L[L_C_CHANNELS];
    t.right[c++] = true;
    if (pc)
        t.head[c++] = o->L[L_C_PERSONA];
    t.head[c] = o->L[L_C_MEAN];
    t.right[c++] = true;
    t.head[c++] = o->L[L_C_LOWEST];
    for (size_t s = 0; s < a->n_stages; s++) {
        const jmap_stage_summary *sum = &a->stages[s];
        size_t rows = sum->n_emotions ? sum->n_emotions : 1;
        for (size_t k = 0; k < rows; k++) {
            const jmap_stage_emotion *em = sum->n_emotions ? &sum->emotions[k] : NULL;
            /* Markdown tables cannot span rows: repeat the stage there. */
            bool first = k == 0 || o->md || o->html;
            char *stage = first ? g_strdup(sum->stage->name) : NULL;
            char *ntp = first ? g_strdup_printf("%zu", sum->n_touchpoints) : NULL;
            char *nch = first ? g_strdup_printf("%zu", sum->n_channels) : NULL;
            char *mean = em && em->n_scores ? num(o, em->mean) : g_strdup("-");
            char *low = em && em->lowest ? score_cell(o, em->lowest->name, em->lowest_value) : g_strdup("-");
            if (pc)
                table_row(&t, stage, ntp, nch, g_strdup(em ? persona_label(o, em->persona) : ""), mean,
                          low);
            else
                table_row(&t, stage, ntp, nch, mean, low);
        }
    }
    table_emit(o, &t);
}

static void human_drops(out *o)
{
    const jmap_analysis *a = o->a;
    heading(o, o->L[L_H_DROPS]);
    if (a->n_drops == 0) {
        nothing(o);
        return;
    }
    bool pc = show_persona(o);
    table t;
    table_init(&t, pc ? 4 : 3);
    int c = 0;
    if (pc)
        t.head[c++] = o->L[L_C_PERSONA];
    t.head[c++] = o->L[L_C_FROM];
    t.head[c++] = o->L[L_C_TO];
    t.head[c] = o->L[L_C_CHANGE];
    t.right[c] = true;
    for (size_t i = 0; i < a->n_drops; i++) {
        const jmap_drop *d = &a->drops[i];
        char *from = score_cell(o, d->from->name, d->from_value);
        char *to = score_cell(o, d->to->name, d->to_value);
        char *ch = num(o, -d->amount);
        if (pc)
            table_row(&t, g_strdup(persona_label(o, d->persona)), from, to, ch);
        else
            table_row(&t, from, to, ch);
    }
    table_emit(o, &t);
}

static void human_moments(out *o)
{
    const jmap_analysis *a = o->a;
    heading(o, o->L[L_H_MOMENTS]);
    if (a->n_moments == 0) {
        nothing(o);
        return;
    }
    bool pc = show_persona(o);
    table t;
    table_init(&t, pc ? 4 : 3);
    int c = 0;
    t.head[c++] = o->L[L_C_TOUCHPOINT];
    t.head[c++] = o->L[L_C_STAGE];
    if (pc)
        t.head[c++] = o->L[L_C_PERSONA];
    t.head[c] = o->L[L_C_EMOTION];
    t.right[c] = true;
    for (size_t i = 0; i < a->n_moments; i++) {
        const jmap_moment *m = &a->moments[i];
        size_t rows = m->n_scores ? m->n_scores : 1;
        for (size_t k = 0; k < rows; k++) {
            const jmap_persona_score *ps = m->n_scores ? &m->scores[k] : NULL;
            bool first = k == 0 || o->md || o->html;
            char *tp = first ? g_strdup(m->touchpoint->name) : NULL;
            char *st = first ? g_strdup(m->touchpoint->stage->name) : NULL;
            char *em = ps && ps->set ? num(o, ps->value) : g_strdup("-");
            if (pc)
                table_row(&t, tp, st, g_strdup(ps ? persona_label(o, ps->persona) : ""), em);
            else
                table_row(&t, tp, st, em);
        }
    }
    table_emit(o, &t);
}

/* Rank (1-based) of an opportunity in the ranked list, 0 if not listed. */
static size_t opp_rank(const jmap_analysis *a, const jmap_opportunity *op)
{
    for (size_t i = 0; i < a->n_opportunities; i++)
        if (a->opportunities[i].opportunity == op)
            return i + 1;
    return 0;
}

static void human_pains(out *o)
{
    const jmap_analysis *a = o->a;
    heading(o, o->L[L_H_PAINS]);
    if (a->n_pains == 0) {
        nothing(o);
    } else {
        table t;
        table_init(&t, 4);
        t.head[0] = o->L[L_C_SEVERITY];
        t.head[1] = o->L[L_C_PAIN];
        t.head[2] = o->L[L_C_WHERE];
        t.head[3] = o->L[L_C_ADDRESSED_BY];
        for (size_t i = 0; i < a->n_pains; i++) {
            const jmap_pain_item *it = &a->pains[i];
            GString *by = g_string_new(NULL);
            for (size_t k = 0; k < it->n_addressed_by; k++) {
                size_t r = opp_rank(a, it->addressed_by[k]);
                if (by->len)
                    g_string_append(by, ", ");
                if (r)
                    g_string_append_printf(by, "#%zu", r);
                else if (it->addressed_by[k]->status == JMAP_STATUS_DONE)
                    g_string_append_printf(by, "%s (%s)", it->addressed_by[k]->id, o->L[L_DONE]);
                else
                    g_string_append(by, it->addressed_by[k]->id);
            }
            if (by->len == 0)
                g_string_append(by, "-");
            table_row(&t, g_strdup(severity_label(o, it->pain->severity)), g_strdup(it->pain->text),
                      where(it->pain->stage, it->pain->touchpoint), g_string_free(by, false));
        }
        table_emit(o, &t);
    }

    heading(o, o->L[L_H_UNADDRESSED]);
    if (a->n_unaddressed == 0) {
        nothing(o);
        return;
    }
    table t;
    table_init(&t, 3);
    t.head[0] = o->L[L_C_SEVERITY];
    t.head[1] = o->L[L_C_PAIN];
    t.head[2] = o->L[L_C_WHERE];
    for (size_t i = 0; i < a->n_unaddressed; i++) {
        const jmap_pain *p = a->unaddressed[i];
        table_row(&t, g_strdup(severity_label(o, p->severity)), g_strdup(p->text), where(p->stage, p->touchpoint));
    }
    table_emit(o, &t);
}

static bool blank_text(const char *s)
{
    for (; s && *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
            return false;
    return true;
}

static void human_opportunities(out *o)
{
    const jmap_analysis *a = o->a;
    heading(o, o->L[L_H_OPPS]);
    if (a->n_opportunities == 0) {
        nothing(o);
        return;
    }
    table t;
    table_init(&t, 8);
    t.head[0] = "#";
    t.right[0] = true;
    t.head[1] = o->L[L_C_OPPORTUNITY];
    t.head[2] = o->L[L_C_QUICK];
    t.head[3] = o->L[L_C_IMPACT];
    t.head[4] = o->L[L_C_EFFORT];
    t.head[5] = o->L[L_C_OWNER];
    t.head[6] = o->L[L_C_STATUS];
    t.head[7] = o->L[L_C_WHERE];
    for (size_t i = 0; i < a->n_opportunities; i++) {
        const jmap_opportunity_item *it = &a->opportunities[i];
        const jmap_opportunity *op = it->opportunity;
        table_row(&t, g_strdup_printf("%zu", i + 1), g_strdup(op->text),
                  g_strdup(it->quick_win ? o->L[L_YES] : ""), g_strdup(level_label(o, op->impact)),
                  g_strdup(level_label(o, op->effort)),
                  g_strdup(it->no_owner ? o->L[L_NO_OWNER] : op->owner), g_strdup(status_label(o, op->status)),
                  where(op->stage, op->touchpoint));
    }
    table_emit(o, &t);
}

static void human_delivered(out *o)
{
    const jmap_analysis *a = o->a;
    heading(o, o->L[L_H_DELIVERED]);
    if (a->n_delivered == 0) {
        nothing(o);
        return;
    }
    table t;
    table_init(&t, 4);
    t.head[0] = o->L[L_C_OPPORTUNITY];
    t.head[1] = o->L[L_C_OWNER];
    t.head[2] = o->L[L_C_KPI];
    t.head[3] = o->L[L_C_WHERE];
    for (size_t i = 0; i < a->n_delivered; i++) {
        const jmap_opportunity *op = a->delivered[i];
        table_row(&t, g_strdup(op->text), g_strdup(blank_text(op->owner) ? "" : op->owner),
                  g_strdup(op->kpi ? op->kpi : ""), where(op->stage, op->touchpoint));
    }
    table_emit(o, &t);
}

static char *channel_list(const out *o, const jmap_channel *const *chs, size_t n)
{
    GString *s = g_string_new(NULL);
    for (size_t i = 0; i < n; i++)
        g_string_append_printf(s, "%s%s", i ? ", " : "", channel_label(o, chs[i]));
    return g_string_free(s, false);
}

static void human_gaps(out *o)
{
    const jmap_analysis *a = o->a;
    heading(o, o->L[L_H_GAPS]);
    if (a->n_empty_stages == 0 && a->n_gaps == 0) {
        nothing(o);
        return;
    }
    if (a->n_empty_stages) {
        GString *l = g_string_new(NULL);
        g_string_append_printf(l, "%s%s", o->L[L_EMPTY_STAGES], o->L[L_COLON]);
        for (size_t i = 0; i < a->n_empty_stages; i++)
            g_string_append_printf(l, "%s%s", i ? ", " : "", a->empty_stages[i]->name);
        paragraph(o, l->str);
        g_string_free(l, true);
    }
    if (a->n_gaps == 0)
        return;
    if (a->n_empty_stages)
        g_string_append_c(o->s, '\n');
    table t;
    table_init(&t, 3);
    t.head[0] = o->L[L_C_PERSONA];
    t.head[1] = o->L[L_C_WHERE];
    t.head[2] = o->L[L_C_MISSING];
    for (size_t i = 0; i < a->n_gaps; i++) {
        const jmap_persona_gaps *g = &a->gaps[i];
        if (g->n_journey)
            table_row(&t, g_strdup(persona_label(o, g->persona)), g_strdup(o->L[L_WHOLE_JOURNEY]),
                      channel_list(o, (const jmap_channel *const *)g->journey, g->n_journey));
        for (size_t k = 0; k < g->n_stages; k++)
            table_row(&t, g_strdup(persona_label(o, g->persona)), g_strdup(g->stages[k].stage->name),
                      channel_list(o, (const jmap_channel *const *)g->stages[k].missing, g->stages[k].n_missing));
    }
    table_emit(o, &t);
}

static char *tp_channel_score(const out *o, const jmap_touchpoint *tp, double v)
{
    char buf[32];
    return g_strdup_printf("%s [%s] (%s)", tp->name, channel_label(o, tp->channel),
                           jmap_report_number(buf, v, o->fr));
}

static void human_inconsistencies(out *o)
{
    const jmap_analysis *a = o->a;
    heading(o, o->L[L_H_INCONS]);
    if (a->n_inconsistencies == 0) {
        nothing(o);
        return;
    }
    bool pc = show_persona(o);
    table t;
    table_init(&t, pc ? 5 : 4);
    int c = 0;
    t.head[c++] = o->L[L_C_STAGE];
    if (pc)
        t.head[c++] = o->L[L_C_PERSONA];
    t.head[c++] = o->L[L_C_TOUCHPOINT];
    t.head[c++] = o->L[L_C_TOUCHPOINT];
    t.head[c] = o->L[L_C_DIFF];
    t.right[c] = true;
    for (size_t i = 0; i < a->n_inconsistencies; i++) {
        const jmap_inconsistency *in = &a->inconsistencies[i];
        char *x = tp_channel_score(o, in->a, in->a_value);
        char *y = tp_channel_score(o, in->b, in->b_value);
        if (pc)
            table_row(&t, g_strdup(in->stage->name), g_strdup(persona_label(o, in->persona)), x, y,
                      num(o, in->difference));
        else
            table_row(&t, g_strdup(in->stage->name), x, y, num(o, in->difference));
    }
    table_emit(o, &t);
    if (a->inconsistencies_omitted) {
        char *l = g_strdup_printf("(+%zu %s)", a->inconsistencies_omitted, o->L[L_OMITTED]);
        g_string_append_c(o->s, '\n');
        paragraph(o, l);
        g_free(l);
    }
}

static char *with_unit(const char *v, const char *unit)
{
    if (unit == NULL || *unit == '\0')
        return g_strdup(v);
    /* One space before every unit ("42 %", "3 min"), as French typography wants. */
    return g_strdup_printf("%s %s", v, unit);
}

static void human_kpis(out *o)
{
    const jmap_analysis *a = o->a;
    heading(o, o->L[L_H_KPIS]);
    if (a->n_kpi_misses == 0) {
        nothing(o);
        return;
    }
    table t;
    table_init(&t, 5);
    t.head[0] = o->L[L_C_STAGE];
    t.head[1] = o->L[L_C_KPI];
    t.head[2] = o->L[L_C_VALUE];
    t.right[2] = true;
    t.head[3] = o->L[L_C_TARGET];
    t.right[3] = true;
    t.head[4] = o->L[L_C_GAP];
    t.right[4] = true;
    for (size_t i = 0; i < a->n_kpi_misses; i++) {
        const jmap_kpi_miss *m = &a->kpi_misses[i];
        char vb[32], tb[32], gb[32];
        const char *v = jmap_report_number(vb, m->kpi->value.number, o->fr);
        const char *tg = jmap_report_number(tb, m->kpi->target.number, o->fr);
        /* The gap is signed the way the KPI should move. */
        char *g = g_strdup_printf("%s%s", m->kpi->better == JMAP_BETTER_LOWER ? "-" : "+",
                                  jmap_report_number(gb, m->gap, o->fr));
        char *gu = with_unit(g, m->kpi->unit);
        g_free(g);
        table_row(&t, g_strdup(m->stage->name), g_strdup(m->kpi->name), with_unit(v, m->kpi->unit),
                  with_unit(tg, m->kpi->unit), gu);
    }
    table_emit(o, &t);
}

/* KPIs with a dated series: first and last value, and the change between
 * them (signed, in the KPI's unit). Only with dated KPI data. */
static void human_trends(out *o)
{
    const jmap_analysis *a = o->a;
    if (a->n_kpi_trends == 0)
        return;
    heading(o, o->L[L_H_TRENDS]);
    table t;
    table_init(&t, 5);
    t.head[0] = o->L[L_C_STAGE];
    t.head[1] = o->L[L_C_KPI];
    t.head[2] = o->L[L_C_FIRST];
    t.right[2] = true;
    t.head[3] = o->L[L_C_LAST];
    t.right[3] = true;
    t.head[4] = o->L[L_C_CHANGE];
    t.right[4] = true;
    for (size_t i = 0; i < a->n_kpi_trends; i++) {
        const jmap_kpi_trend *m = &a->kpi_trends[i];
        char fb[32], lb[32], db[32];
        const char *unit = m->kpi->unit;
        char *fv = with_unit(jmap_report_number(fb, m->first->value, o->fr), unit);
        char *lv = with_unit(jmap_report_number(lb, m->last->value, o->fr), unit);
        char *d = g_strdup_printf("%s%s", m->delta > 0 ? "+" : m->delta < 0 ? "-" : "",
                                  jmap_report_number(db, fabs(m->delta), o->fr));
        table_row(&t, g_strdup(m->stage->name), g_strdup(m->kpi->name),
                  g_strdup_printf("%s (%s)", fv, m->first->date),
                  g_strdup_printf("%s (%s)", lv, m->last->date), with_unit(d, unit));
        g_free(fv);
        g_free(lv);
        g_free(d);
    }
    table_emit(o, &t);
}

/* "2,5 → 3 → -": one value per wave, oldest first. */
static char *wave_cell(const out *o, const jmap_score *sc, size_t n, bool counts)
{
    GString *g = g_string_new(NULL);
    char buf[32];
    for (size_t w = 0; w < n; w++) {
        if (w)
            g_string_append(g, " \u2192 ");
        if (!sc[w].set)
            g_string_append_c(g, '-');
        else if (counts)
            g_string_append_printf(g, "%d", sc[w].n);
        else
            g_string_append(g, jmap_report_number(buf, sc[w].value, o->fr));
    }
    return g_string_free(g, false);
}

/* Survey waves: each touchpoint's mean in each wave, the change since the
 * wave before the latest, the responses. Only with survey data. */
static void human_waves(out *o)
{
    const jmap_analysis *a = o->a;
    const jmap_journey *j = a->journey;
    if (a->n_waves == 0)
        return;
    heading(o, o->L[L_H_WAVES]);
    if (a->n_wave_rows == 0) {
        nothing(o);
        return;
    }
    bool pc = show_persona(o);
    bool change = a->n_waves > 1;
    table t;
    table_init(&t, 3 + pc + change);
    GString *waves = g_string_new(NULL);
    for (size_t w = 0; w < a->n_waves; w++)
        g_string_append_printf(waves, "%s%s", w ? " \u2192 " : "", j->waves[w].label);
    int c = 0;
    t.head[c++] = o->L[L_C_TOUCHPOINT];
    if (pc)
        t.head[c++] = o->L[L_C_PERSONA];
    t.head[c] = waves->str;
    t.right[c++] = true;
    if (change) {
        t.head[c] = o->L[L_C_CHANGE];
        t.right[c++] = true;
    }
    t.head[c] = o->L[L_C_RESPONSES];
    t.right[c++] = true;
    for (size_t i = 0; i < a->n_wave_rows; i++) {
        const jmap_wave_row *r = &a->wave_rows[i];
        char *cells[5];
        int k = 0;
        cells[k++] = g_strdup(r->touchpoint->name);
        if (pc)
            cells[k++] = g_strdup(persona_label(o, r->persona));
        cells[k++] = wave_cell(o, r->scores, a->n_waves, false);
        if (change) {
            char buf[32];
            cells[k++] = !r->has_change ? g_strdup("-")
                         : g_strdup_printf("%s%s", r->change > 0.005 ? "+" : "",
                                           jmap_report_number(buf, r->change, o->fr));
        }
        cells[k++] = wave_cell(o, r->scores, a->n_waves, true);
        if (k == 3)
            table_row(&t, cells[0], cells[1], cells[2]);
        else if (k == 4)
            table_row(&t, cells[0], cells[1], cells[2], cells[3]);
        else
            table_row(&t, cells[0], cells[1], cells[2], cells[3], cells[4]);
    }
    table_emit(o, &t);
    g_string_free(waves, true);
}

/* ---------------------------------------------------- the blueprint */

/* The journey's insights, then each stage's with its name: a block set
 * apart (a quotation in Markdown and HTML) before everything else. */
static void human_insights(out *o)
{
    const jmap_analysis *a = o->a;
    if (a->n_insights == 0)
        return;
    heading(o, o->L[L_H_INSIGHTS]);
    if (o->html)
        g_string_append(o->s, "<blockquote class=\"jm-insights\">\n<ul>\n");
    for (size_t i = 0; i < a->n_insights; i++) {
        const jmap_insight *in = &a->insights[i];
        char *line = in->stage ? g_strdup_printf("%s%s%s", in->stage->name, o->L[L_COLON], in->text)
                               : g_strdup(in->text);
        if (o->html) {
            g_string_append(o->s, "<li>");
            put_text(o, line);
            g_string_append(o->s, "</li>\n");
        } else {
            g_string_append(o->s, o->md ? "> - " : "  > ");
            put_cell(o->s, line, o->md);
            g_string_append_c(o->s, '\n');
        }
        g_free(line);
    }
    if (o->html)
        g_string_append(o->s, "</ul>\n</blockquote>\n");
}

/* A section's one-line explanation, a blank line before its table. */
static void note(out *o, const char *text)
{
    paragraph(o, text);
    if (!o->html)
        g_string_append_c(o->s, '\n');
}

static char *percent(const out *o, double v)
{
    char buf[32];
    return with_unit(jmap_report_number(buf, v, o->fr), "%");
}

static void human_drop_offs(out *o)
{
    const jmap_analysis *a = o->a;
    if (!a->has_drop_offs)
        return;
    heading(o, o->L[L_H_DROP_OFFS]);
    if (a->n_drop_offs == 0) {
        nothing(o);
        return;
    }
    char *l = g_strdup_printf("%s%s%zu, %s", o->L[L_DROP_OFFS_NOTE], o->L[L_COLON], a->n_drop_offs,
                              o->L[L_DROP_OFFS_ORDER]);
    note(o, l);
    g_free(l);
    table t;
    table_init(&t, 5);
    t.head[0] = "#";
    t.right[0] = true;
    t.head[1] = o->L[L_C_TOUCHPOINT];
    t.head[2] = o->L[L_C_STAGE];
    t.head[3] = o->L[L_C_CHANNEL];
    t.head[4] = o->L[L_C_DROP_OFF];
    t.right[4] = true;
    for (size_t i = 0; i < a->n_drop_offs; i++) {
        const jmap_touchpoint *tp = a->drop_offs[i];
        table_row(&t, g_strdup_printf("%zu", i + 1), g_strdup(tp->name), g_strdup(tp->stage->name),
                  g_strdup(tp->channel ? channel_label(o, tp->channel) : ""), percent(o, tp->drop_off));
    }
    table_emit(o, &t);
}

static void human_unreachable(out *o)
{
    const jmap_analysis *a = o->a;
    if (!a->reach_checked)
        return;
    heading(o, o->L[L_H_UNREACHABLE]);
    if (a->n_unreachable == 0) {
        nothing(o);
        return;
    }
    note(o, o->L[L_UNREACHABLE_NOTE]);
    table t;
    table_init(&t, 2);
    t.head[0] = o->L[L_C_TOUCHPOINT];
    t.head[1] = o->L[L_C_STAGE];
    for (size_t i = 0; i < a->n_unreachable; i++) {
        const jmap_touchpoint *tp = a->unreachable[i];
        char *name = tp->state == JMAP_STATE_RETIRED ? g_strdup_printf("%s (%s)", tp->name, o->L[L_RETIRED])
                                                     : g_strdup(tp->name);
        table_row(&t, name, g_strdup(tp->stage->name));
    }
    table_emit(o, &t);
}

static void human_unsupported(out *o)
{
    const jmap_analysis *a = o->a;
    if (!a->blueprint)
        return;
    heading(o, o->L[L_H_UNSUPPORTED]);
    if (a->n_unsupported == 0) {
        nothing(o);
        return;
    }
    note(o, o->L[L_UNSUPPORTED_NOTE]);
    table t;
    table_init(&t, 2);
    t.head[0] = o->L[L_C_PAIN];
    t.head[1] = o->L[L_C_WHERE];
    for (size_t i = 0; i < a->n_unsupported; i++) {
        const jmap_pain *p = a->unsupported[i];
        table_row(&t, g_strdup(p->text), where(p->stage, p->touchpoint));
    }
    table_emit(o, &t);
}

static char *tp_owner(const jmap_touchpoint *tp)
{
    return g_strdup_printf("%s (%s)", tp->name, tp->owner);
}

static void human_handoffs(out *o)
{
    const jmap_analysis *a = o->a;
    if (!a->has_handoffs)
        return;
    heading(o, o->L[L_H_HANDOFFS]);
    if (a->n_owner_handoffs == 0) {
        nothing(o);
        return;
    }
    note(o, o->L[L_HANDOFFS_NOTE]);
    table t;
    table_init(&t, 3);
    t.head[0] = o->L[L_C_FROM];
    t.head[1] = o->L[L_C_TO];
    t.head[2] = o->L[L_C_PAINS];
    for (size_t i = 0; i < a->n_owner_handoffs; i++) {
        const jmap_owner_handoff *h = &a->owner_handoffs[i];
        GString *p = g_string_new(NULL);
        for (size_t k = 0; k < h->to->n_pains; k++)
            g_string_append_printf(p, "%s%s (%s)", k ? "; " : "", h->to->pains[k]->text,
                                   severity_label(o, h->to->pains[k]->severity));
        table_row(&t, tp_owner(h->from), tp_owner(h->to), g_string_free(p, false));
    }
    table_emit(o, &t);
}

static void human_data_again(out *o)
{
    const jmap_analysis *a = o->a;
    if (!a->has_data_asked)
        return;
    heading(o, o->L[L_H_DATA_AGAIN]);
    if (a->n_data_again == 0) {
        nothing(o);
        return;
    }
    note(o, o->L[L_DATA_AGAIN_NOTE]);
    table t;
    table_init(&t, 3);
    t.head[0] = o->L[L_C_DATA];
    t.head[1] = o->L[L_C_ASKED_AT];
    t.head[2] = o->L[L_C_AGAIN_THROUGH];
    for (size_t i = 0; i < a->n_data_again; i++) {
        const jmap_data_again *d = &a->data_again[i];
        GString *at = g_string_new(NULL);
        for (size_t k = 0; k < d->n_touchpoints; k++) {
            const jmap_touchpoint *tp = d->touchpoints[k];
            g_string_append_printf(at, "%s%s", k ? ", " : "", tp->name);
            if (tp->channel)
                g_string_append_printf(at, " [%s]", channel_label(o, tp->channel));
        }
        char *again = d->n_again_through
                          ? channel_list(o, (const jmap_channel *const *)d->again_through, d->n_again_through)
                          : g_strdup("-");
        table_row(&t, g_strdup(d->key), g_string_free(at, false), again);
    }
    table_emit(o, &t);
}

static void render_human(out *o)
{
    human_header(o);
    human_insights(o);
    human_summary(o);
    human_stages(o);
    human_drops(o);
    human_drop_offs(o);
    human_moments(o);
    human_pains(o);
    human_opportunities(o);
    human_delivered(o);
    human_gaps(o);
    human_inconsistencies(o);
    human_kpis(o);
    human_unreachable(o);
    human_unsupported(o);
    human_handoffs(o);
    human_data_again(o);
    human_trends(o);
    human_waves(o);
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

static void js_ind(GString *s, int depth)
{
    g_string_append_c(s, '\n');
    for (int i = 0; i < depth; i++)
        g_string_append(s, "  ");
}

/* Writes `"key": ` at the given depth, preceded by a comma unless first. */
static void js_key(GString *s, int depth, bool *first, const char *key)
{
    if (!*first)
        g_string_append_c(s, ',');
    *first = false;
    js_ind(s, depth);
    js_str(s, key);
    g_string_append(s, ": ");
}

static void js_kstr(GString *s, int d, bool *f, const char *k, const char *v)
{
    js_key(s, d, f, k);
    js_str(s, v);
}

static void js_knum(GString *s, int d, bool *f, const char *k, double v)
{
    js_key(s, d, f, k);
    js_num(s, v);
}

static void js_ksize(GString *s, int d, bool *f, const char *k, size_t v)
{
    js_key(s, d, f, k);
    g_string_append_printf(s, "%zu", v);
}

static void js_kbool(GString *s, int d, bool *f, const char *k, bool v)
{
    js_key(s, d, f, k);
    g_string_append(s, v ? "true" : "false");
}

/* Arrays of objects: the caller writes each element between these. */
static void js_elem(GString *s, int depth, size_t i)
{
    if (i)
        g_string_append_c(s, ',');
    js_ind(s, depth);
}

static void js_close_array(GString *s, int depth, size_t n)
{
    if (n)
        js_ind(s, depth);
    g_string_append_c(s, ']');
}

static void js_close_object(GString *s, int depth)
{
    js_ind(s, depth);
    g_string_append_c(s, '}');
}

/* Ids on one line: ["a", "b"]. */
static void js_ids_begin(GString *s)
{
    g_string_append_c(s, '[');
}

static void js_id(GString *s, size_t i, const char *id)
{
    if (i)
        g_string_append(s, ", ");
    js_str(s, id);
}

static void js_channel_ids(GString *s, const jmap_channel *const *chs, size_t n)
{
    js_ids_begin(s);
    for (size_t i = 0; i < n; i++)
        js_id(s, i, chs[i]->id);
    g_string_append_c(s, ']');
}

static const char *persona_id(const jmap_persona *p)
{
    return p->id;
}

/* {"touchpoint": id, "stage": id, "emotion": v} */
static void js_point(GString *s, const jmap_touchpoint *tp, double v, bool with_channel)
{
    g_string_append(s, "{\"touchpoint\": ");
    js_str(s, tp->id);
    g_string_append(s, ", \"stage\": ");
    js_str(s, tp->stage->id);
    if (with_channel) {
        g_string_append(s, ", \"channel\": ");
        js_str(s, tp->channel ? tp->channel->id : NULL);
    }
    g_string_append(s, ", \"emotion\": ");
    js_num(s, v);
    g_string_append_c(s, '}');
}

static void render_json(out *o)
{
    const jmap_analysis *a = o->a;
    const jmap_journey *j = a->journey;
    GString *s = o->s;
    bool f = true;
    g_string_append_c(s, '{');
    js_ksize(s, 1, &f, "report_version", REPORT_VERSION);
    js_kstr(s, 1, &f, "title", j->title);
    js_kstr(s, 1, &f, "locale", j->locale == JMAP_LOCALE_FR ? "fr" : "en");
    js_key(s, 1, &f, "scale");
    g_string_append_printf(s, "{\"min\": %d, \"max\": %d}", j->scale_min, j->scale_max);
    js_key(s, 1, &f, "thresholds");
    g_string_append(s, "{\"sharp_drop\": ");
    js_num(s, a->drop_threshold);
    g_string_append(s, ", \"inconsistency\": ");
    js_num(s, a->inconsistency_threshold);
    g_string_append(s, ", \"gap_min_touchpoints\": ");
    js_num(s, a->thresholds[JMAP_TH_GAP_TOUCHPOINTS]);
    g_string_append_c(s, '}');
    js_kbool(s, 1, &f, "personas_implicit", j->personas_implicit);
    js_kbool(s, 1, &f, "personas_filtered", a->filtered);
    js_key(s, 1, &f, "personas");
    g_string_append_c(s, '[');
    for (size_t k = 0; k < a->n_personas; k++) {
        const jmap_persona *p = a->personas[k];
        js_elem(s, 2, k);
        g_string_append(s, "{\"id\": ");
        js_str(s, p->id);
        g_string_append(s, ", \"name\": ");
        js_str(s, j->personas_implicit ? NULL : p->name);
        g_string_append_c(s, '}');
    }
    js_close_array(s, 1, a->n_personas);

    /* insights: first, as in the other forms */
    js_key(s, 1, &f, "insights");
    g_string_append_c(s, '[');
    for (size_t i = 0; i < a->n_insights; i++) {
        js_elem(s, 2, i);
        g_string_append(s, "{\"text\": ");
        js_str(s, a->insights[i].text);
        g_string_append(s, ", \"stage\": ");
        js_str(s, a->insights[i].stage ? a->insights[i].stage->id : NULL);
        g_string_append_c(s, '}');
    }
    js_close_array(s, 1, a->n_insights);

    /* summary */
    js_key(s, 1, &f, "summary");
    g_string_append_c(s, '{');
    bool sf = true;
    js_ksize(s, 2, &sf, "stages", j->n_stages);
    js_ksize(s, 2, &sf, "touchpoints", a->n_touchpoints);
    js_ksize(s, 2, &sf, "findings", jmap_analysis_findings(a));
    js_ksize(s, 2, &sf, "empty_stages", a->n_empty_stages);
    js_ksize(s, 2, &sf, "sharp_drops", a->n_drops);
    js_ksize(s, 2, &sf, "moments_of_truth", a->n_moments);
    js_ksize(s, 2, &sf, "pains", a->n_pains);
    js_ksize(s, 2, &sf, "unaddressed_pains", a->n_unaddressed);
    js_ksize(s, 2, &sf, "unaddressed_high_pains", a->n_unaddressed_high);
    js_ksize(s, 2, &sf, "opportunities", a->n_opportunities);
    js_ksize(s, 2, &sf, "quick_wins", a->n_quick_wins);
    js_ksize(s, 2, &sf, "opportunities_without_owner", a->n_without_owner);
    js_ksize(s, 2, &sf, "delivered", a->n_delivered);
    js_ksize(s, 2, &sf, "channel_gaps", a->n_gap_channels);
    js_ksize(s, 2, &sf, "inconsistencies", a->n_inconsistencies + a->inconsistencies_omitted);
    js_ksize(s, 2, &sf, "kpis_off_target", a->n_kpi_misses);
    js_ksize(s, 2, &sf, "insights", a->n_insights);
    js_ksize(s, 2, &sf, "drop_offs", a->n_drop_offs);
    js_ksize(s, 2, &sf, "unreachable_touchpoints", a->n_unreachable);
    js_ksize(s, 2, &sf, "unsupported_pains", a->n_unsupported);
    js_ksize(s, 2, &sf, "owner_handoffs", a->n_owner_handoffs);
    js_ksize(s, 2, &sf, "data_asked_again", a->n_data_again);
    js_kbool(s, 2, &sf, "strict_pass", a->n_unaddressed_high == 0 && a->n_empty_stages == 0);
    js_close_object(s, 1);

    /* stages */
    js_key(s, 1, &f, "stages");
    g_string_append_c(s, '[');
    for (size_t i = 0; i < a->n_stages; i++) {
        const jmap_stage_summary *sum = &a->stages[i];
        js_elem(s, 2, i);
        g_string_append_c(s, '{');
        bool ef = true;
        js_kstr(s, 3, &ef, "id", sum->stage->id);
        js_kstr(s, 3, &ef, "name", sum->stage->name);
        js_ksize(s, 3, &ef, "touchpoints", sum->n_touchpoints);
        js_key(s, 3, &ef, "channels");
        js_channel_ids(s, (const jmap_channel *const *)sum->channels, sum->n_channels);
        js_key(s, 3, &ef, "emotion");
        g_string_append_c(s, '[');
        for (size_t k = 0; k < sum->n_emotions; k++) {
            const jmap_stage_emotion *em = &sum->emotions[k];
            js_elem(s, 4, k);
            g_string_append(s, "{\"persona\": ");
            js_str(s, persona_id(em->persona));
            g_string_append(s, ", \"scores\": ");
            g_string_append_printf(s, "%zu", em->n_scores);
            g_string_append(s, ", \"mean\": ");
            if (em->n_scores)
                js_num(s, em->mean);
            else
                g_string_append(s, "null");
            g_string_append(s, ", \"lowest\": ");
            if (em->lowest) {
                g_string_append(s, "{\"touchpoint\": ");
                js_str(s, em->lowest->id);
                g_string_append(s, ", \"emotion\": ");
                js_num(s, em->lowest_value);
                g_string_append_c(s, '}');
            } else {
                g_string_append(s, "null");
            }
            g_string_append_c(s, '}');
        }
        js_close_array(s, 3, sum->n_emotions);
        js_close_object(s, 2);
    }
    js_close_array(s, 1, a->n_stages);

    js_key(s, 1, &f, "empty_stages");
    js_ids_begin(s);
    for (size_t i = 0; i < a->n_empty_stages; i++)
        js_id(s, i, a->empty_stages[i]->id);
    g_string_append_c(s, ']');

    /* sharp drops */
    js_key(s, 1, &f, "sharp_drops");
    g_string_append_c(s, '[');
    for (size_t i = 0; i < a->n_drops; i++) {
        const jmap_drop *d = &a->drops[i];
        js_elem(s, 2, i);
        g_string_append(s, "{\"persona\": ");
        js_str(s, persona_id(d->persona));
        g_string_append(s, ", \"from\": ");
        js_point(s, d->from, d->from_value, false);
        g_string_append(s, ", \"to\": ");
        js_point(s, d->to, d->to_value, false);
        g_string_append(s, ", \"drop\": ");
        js_num(s, d->amount);
        g_string_append_c(s, '}');
    }
    js_close_array(s, 1, a->n_drops);

    /* moments of truth */
    js_key(s, 1, &f, "moments_of_truth");
    g_string_append_c(s, '[');
    for (size_t i = 0; i < a->n_moments; i++) {
        const jmap_moment *m = &a->moments[i];
        js_elem(s, 2, i);
        g_string_append(s, "{\"touchpoint\": ");
        js_str(s, m->touchpoint->id);
        g_string_append(s, ", \"name\": ");
        js_str(s, m->touchpoint->name);
        g_string_append(s, ", \"stage\": ");
        js_str(s, m->touchpoint->stage->id);
        g_string_append(s, ", \"emotion\": [");
        for (size_t k = 0; k < m->n_scores; k++) {
            if (k)
                g_string_append(s, ", ");
            g_string_append(s, "{\"persona\": ");
            js_str(s, persona_id(m->scores[k].persona));
            g_string_append(s, ", \"emotion\": ");
            if (m->scores[k].set)
                js_num(s, m->scores[k].value);
            else
                g_string_append(s, "null");
            g_string_append_c(s, '}');
        }
        g_string_append(s, "]}");
    }
    js_close_array(s, 1, a->n_moments);

    /* pains */
    js_key(s, 1, &f, "pains");
    g_string_append_c(s, '[');
    for (size_t i = 0; i < a->n_pains; i++) {
        const jmap_pain_item *it = &a->pains[i];
        const jmap_pain *p = it->pain;
        js_elem(s, 2, i);
        g_string_append_c(s, '{');
        bool pf = true;
        js_kstr(s, 3, &pf, "id", p->id);
        js_kstr(s, 3, &pf, "text", p->text);
        js_kstr(s, 3, &pf, "severity", jmap_level_name(p->severity));
        js_kstr(s, 3, &pf, "stage", p->stage ? p->stage->id : NULL);
        js_kstr(s, 3, &pf, "touchpoint", p->touchpoint ? p->touchpoint->id : NULL);
        js_kstr(s, 3, &pf, "evidence", p->evidence);
        js_key(s, 3, &pf, "addressed_by");
        js_ids_begin(s);
        for (size_t k = 0; k < it->n_addressed_by; k++)
            js_id(s, k, it->addressed_by[k]->id);
        g_string_append_c(s, ']');
        js_close_object(s, 2);
    }
    js_close_array(s, 1, a->n_pains);

    js_key(s, 1, &f, "unaddressed_pains");
    js_ids_begin(s);
    for (size_t i = 0; i < a->n_unaddressed; i++)
        js_id(s, i, a->unaddressed[i]->id);
    g_string_append_c(s, ']');

    /* opportunities */
    js_key(s, 1, &f, "opportunities");
    g_string_append_c(s, '[');
    for (size_t i = 0; i < a->n_opportunities; i++) {
        const jmap_opportunity_item *it = &a->opportunities[i];
        const jmap_opportunity *op = it->opportunity;
        js_elem(s, 2, i);
        g_string_append_c(s, '{');
        bool of = true;
        js_ksize(s, 3, &of, "rank", i + 1);
        js_kstr(s, 3, &of, "id", op->id);
        js_kstr(s, 3, &of, "text", op->text);
        js_kbool(s, 3, &of, "quick_win", it->quick_win);
        js_kstr(s, 3, &of, "impact", jmap_level_name(op->impact));
        js_kstr(s, 3, &of, "effort", jmap_level_name(op->effort));
        js_kstr(s, 3, &of, "owner", it->no_owner ? NULL : op->owner);
        js_kstr(s, 3, &of, "status", jmap_status_name(op->status));
        js_kstr(s, 3, &of, "kpi", op->kpi);
        js_kstr(s, 3, &of, "stage", op->stage ? op->stage->id : NULL);
        js_kstr(s, 3, &of, "touchpoint", op->touchpoint ? op->touchpoint->id : NULL);
        js_key(s, 3, &of, "addresses");
        js_ids_begin(s);
        for (size_t k = 0; k < op->n_addresses; k++)
            js_id(s, k, op->addresses[k]->id);
        g_string_append_c(s, ']');
        js_close_object(s, 2);
    }
    js_close_array(s, 1, a->n_opportunities);

    /* delivered opportunities */
    js_key(s, 1, &f, "delivered");
    g_string_append_c(s, '[');
    for (size_t i = 0; i < a->n_delivered; i++) {
        const jmap_opportunity *op = a->delivered[i];
        js_elem(s, 2, i);
        g_string_append_c(s, '{');
        bool of = true;
        js_kstr(s, 3, &of, "id", op->id);
        js_kstr(s, 3, &of, "text", op->text);
        js_kstr(s, 3, &of, "impact", jmap_level_name(op->impact));
        js_kstr(s, 3, &of, "effort", jmap_level_name(op->effort));
        js_kstr(s, 3, &of, "owner", blank_text(op->owner) ? NULL : op->owner);
        js_kstr(s, 3, &of, "kpi", op->kpi);
        js_kstr(s, 3, &of, "stage", op->stage ? op->stage->id : NULL);
        js_kstr(s, 3, &of, "touchpoint", op->touchpoint ? op->touchpoint->id : NULL);
        js_key(s, 3, &of, "addresses");
        js_ids_begin(s);
        for (size_t k = 0; k < op->n_addresses; k++)
            js_id(s, k, op->addresses[k]->id);
        g_string_append_c(s, ']');
        js_close_object(s, 2);
    }
    js_close_array(s, 1, a->n_delivered);

    /* channel gaps */
    js_key(s, 1, &f, "channel_gaps");
    g_string_append_c(s, '[');
    for (size_t i = 0; i < a->n_gaps; i++) {
        const jmap_persona_gaps *g = &a->gaps[i];
        js_elem(s, 2, i);
        g_string_append_c(s, '{');
        bool gf = true;
        js_kstr(s, 3, &gf, "persona", persona_id(g->persona));
        js_key(s, 3, &gf, "journey");
        js_channel_ids(s, (const jmap_channel *const *)g->journey, g->n_journey);
        js_key(s, 3, &gf, "stages");
        g_string_append_c(s, '[');
        for (size_t k = 0; k < g->n_stages; k++) {
            js_elem(s, 4, k);
            g_string_append(s, "{\"stage\": ");
            js_str(s, g->stages[k].stage->id);
            g_string_append(s, ", \"channels\": ");
            js_channel_ids(s, (const jmap_channel *const *)g->stages[k].missing, g->stages[k].n_missing);
            g_string_append_c(s, '}');
        }
        js_close_array(s, 3, g->n_stages);
        js_close_object(s, 2);
    }
    js_close_array(s, 1, a->n_gaps);

    /* inconsistencies */
    js_key(s, 1, &f, "inconsistencies");
    g_string_append_c(s, '[');
    for (size_t i = 0; i < a->n_inconsistencies; i++) {
        const jmap_inconsistency *in = &a->inconsistencies[i];
        js_elem(s, 2, i);
        g_string_append(s, "{\"stage\": ");
        js_str(s, in->stage->id);
        g_string_append(s, ", \"persona\": ");
        js_str(s, persona_id(in->persona));
        g_string_append(s, ", \"a\": ");
        js_point(s, in->a, in->a_value, true);
        g_string_append(s, ", \"b\": ");
        js_point(s, in->b, in->b_value, true);
        g_string_append(s, ", \"difference\": ");
        js_num(s, in->difference);
        g_string_append_c(s, '}');
    }
    js_close_array(s, 1, a->n_inconsistencies);
    js_ksize(s, 1, &f, "inconsistencies_omitted", a->inconsistencies_omitted);

    /* KPIs */
    js_key(s, 1, &f, "kpis_off_target");
    g_string_append_c(s, '[');
    for (size_t i = 0; i < a->n_kpi_misses; i++) {
        const jmap_kpi_miss *m = &a->kpi_misses[i];
        js_elem(s, 2, i);
        g_string_append_c(s, '{');
        bool kf = true;
        js_kstr(s, 3, &kf, "stage", m->stage->id);
        js_kstr(s, 3, &kf, "name", m->kpi->name);
        js_knum(s, 3, &kf, "value", m->kpi->value.number);
        js_knum(s, 3, &kf, "target", m->kpi->target.number);
        js_kstr(s, 3, &kf, "unit", m->kpi->unit);
        js_kstr(s, 3, &kf, "better", m->kpi->better == JMAP_BETTER_LOWER ? "lower" : "higher");
        js_knum(s, 3, &kf, "gap", m->gap);
        js_close_object(s, 2);
    }
    js_close_array(s, 1, a->n_kpi_misses);

    /* KPI trends (dated KPI data): first and last of each series */
    js_key(s, 1, &f, "kpi_trends");
    g_string_append_c(s, '[');
    for (size_t i = 0; i < a->n_kpi_trends; i++) {
        const jmap_kpi_trend *m = &a->kpi_trends[i];
        js_elem(s, 2, i);
        g_string_append_c(s, '{');
        bool kf = true;
        js_kstr(s, 3, &kf, "stage", m->stage->id);
        js_kstr(s, 3, &kf, "name", m->kpi->name);
        js_kstr(s, 3, &kf, "unit", m->kpi->unit);
        js_kstr(s, 3, &kf, "first_date", m->first->date);
        js_knum(s, 3, &kf, "first", m->first->value);
        js_kstr(s, 3, &kf, "last_date", m->last->date);
        js_knum(s, 3, &kf, "last", m->last->value);
        js_knum(s, 3, &kf, "change", m->delta);
        js_ksize(s, 3, &kf, "points", m->kpi->n_series);
        js_close_object(s, 2);
    }
    js_close_array(s, 1, a->n_kpi_trends);

    /* survey waves: null without survey data */
    if (a->n_waves == 0) {
        js_key(s, 1, &f, "waves");
        g_string_append(s, "null");
    } else {
        js_key(s, 1, &f, "waves");
        g_string_append_c(s, '{');
        bool wf = true;
        js_key(s, 2, &wf, "labels");
        js_ids_begin(s);
        for (size_t w = 0; w < a->n_waves; w++)
            js_id(s, w, j->waves[w].label);
        g_string_append_c(s, ']');
        js_key(s, 2, &wf, "touchpoints");
        g_string_append_c(s, '[');
        for (size_t i = 0; i < a->n_wave_rows; i++) {
            const jmap_wave_row *r = &a->wave_rows[i];
            js_elem(s, 3, i);
            g_string_append(s, "{\"touchpoint\": ");
            js_str(s, r->touchpoint->id);
            g_string_append(s, ", \"stage\": ");
            js_str(s, r->touchpoint->stage->id);
            g_string_append(s, ", \"persona\": ");
            js_str(s, persona_id(r->persona));
            g_string_append(s, ", \"means\": [");
            for (size_t w = 0; w < a->n_waves; w++) {
                if (w)
                    g_string_append(s, ", ");
                if (r->scores[w].set)
                    js_num(s, r->scores[w].value);
                else
                    g_string_append(s, "null");
            }
            g_string_append(s, "], \"n\": [");
            for (size_t w = 0; w < a->n_waves; w++)
                g_string_append_printf(s, "%s%d", w ? ", " : "", r->scores[w].set ? r->scores[w].n : 0);
            g_string_append(s, "], \"change\": ");
            if (r->has_change)
                js_num(s, r->change);
            else
                g_string_append(s, "null");
            g_string_append_c(s, '}');
        }
        js_close_array(s, 2, a->n_wave_rows);
        js_close_object(s, 1);
    }
    /* the service blueprint */
    js_key(s, 1, &f, "drop_offs");
    g_string_append_c(s, '[');
    for (size_t i = 0; i < a->n_drop_offs; i++) {
        const jmap_touchpoint *tp = a->drop_offs[i];
        js_elem(s, 2, i);
        g_string_append_printf(s, "{\"rank\": %zu, \"touchpoint\": ", i + 1);
        js_str(s, tp->id);
        g_string_append(s, ", \"stage\": ");
        js_str(s, tp->stage->id);
        g_string_append(s, ", \"channel\": ");
        js_str(s, tp->channel ? tp->channel->id : NULL);
        g_string_append(s, ", \"percent\": ");
        js_num(s, tp->drop_off);
        g_string_append_c(s, '}');
    }
    js_close_array(s, 1, a->n_drop_offs);

    /* null: no touchpoint has `next`, nothing was checked */
    js_key(s, 1, &f, "unreachable_touchpoints");
    if (!a->reach_checked) {
        g_string_append(s, "null");
    } else {
        g_string_append_c(s, '[');
        for (size_t i = 0; i < a->n_unreachable; i++) {
            const jmap_touchpoint *tp = a->unreachable[i];
            js_elem(s, 2, i);
            g_string_append(s, "{\"touchpoint\": ");
            js_str(s, tp->id);
            g_string_append(s, ", \"stage\": ");
            js_str(s, tp->stage->id);
            g_string_append(s, ", \"state\": ");
            js_str(s, jmap_state_name(tp->state));
            g_string_append_c(s, '}');
        }
        js_close_array(s, 1, a->n_unreachable);
    }

    /* null: no blueprint step anywhere, nothing was checked */
    js_key(s, 1, &f, "unsupported_pains");
    if (!a->blueprint) {
        g_string_append(s, "null");
    } else {
        g_string_append_c(s, '[');
        for (size_t i = 0; i < a->n_unsupported; i++) {
            const jmap_pain *p = a->unsupported[i];
            js_elem(s, 2, i);
            g_string_append(s, "{\"pain\": ");
            js_str(s, p->id);
            g_string_append(s, ", \"touchpoint\": ");
            js_str(s, p->touchpoint->id);
            g_string_append(s, ", \"stage\": ");
            js_str(s, p->stage ? p->stage->id : p->touchpoint->stage->id);
            g_string_append_c(s, '}');
        }
        js_close_array(s, 1, a->n_unsupported);
    }

    js_key(s, 1, &f, "owner_handoffs");
    g_string_append_c(s, '[');
    for (size_t i = 0; i < a->n_owner_handoffs; i++) {
        const jmap_owner_handoff *h = &a->owner_handoffs[i];
        js_elem(s, 2, i);
        g_string_append_c(s, '{');
        for (int side = 0; side < 2; side++) {
            const jmap_touchpoint *tp = side ? h->to : h->from;
            g_string_append(s, side ? ", \"to\": {\"touchpoint\": " : "\"from\": {\"touchpoint\": ");
            js_str(s, tp->id);
            g_string_append(s, ", \"stage\": ");
            js_str(s, tp->stage->id);
            g_string_append(s, ", \"owner\": ");
            js_str(s, tp->owner);
            g_string_append_c(s, '}');
        }
        g_string_append(s, ", \"pains\": ");
        js_ids_begin(s);
        for (size_t k = 0; k < h->to->n_pains; k++)
            js_id(s, k, h->to->pains[k]->id);
        g_string_append(s, "]}");
    }
    js_close_array(s, 1, a->n_owner_handoffs);

    js_key(s, 1, &f, "data_asked_again");
    g_string_append_c(s, '[');
    for (size_t i = 0; i < a->n_data_again; i++) {
        const jmap_data_again *d = &a->data_again[i];
        js_elem(s, 2, i);
        g_string_append_c(s, '{');
        bool df = true;
        js_kstr(s, 3, &df, "key", d->key);
        js_key(s, 3, &df, "touchpoints");
        g_string_append_c(s, '[');
        for (size_t k = 0; k < d->n_touchpoints; k++) {
            const jmap_touchpoint *tp = d->touchpoints[k];
            js_elem(s, 4, k);
            g_string_append(s, "{\"touchpoint\": ");
            js_str(s, tp->id);
            g_string_append(s, ", \"stage\": ");
            js_str(s, tp->stage->id);
            g_string_append(s, ", \"channel\": ");
            js_str(s, tp->channel ? tp->channel->id : NULL);
            g_string_append_c(s, '}');
        }
        js_close_array(s, 3, d->n_touchpoints);
        js_key(s, 3, &df, "asked_again_through");
        js_channel_ids(s, (const jmap_channel *const *)d->again_through, d->n_again_through);
        js_kbool(s, 3, &df, "cross_channel", d->cross_channel);
        js_close_object(s, 2);
    }
    js_close_array(s, 1, a->n_data_again);
    js_close_object(s, 0);
    g_string_append_c(s, '\n');
}

char *jmap_report_render(const jmap_analysis *a, jmap_report_fmt fmt, size_t *len_out)
{
    out o = {g_string_new(NULL), a, NULL, false, fmt == JMAP_REPORT_MD, fmt == JMAP_REPORT_HTML};
    o.fr = a->journey->locale == JMAP_LOCALE_FR;
    o.L = o.fr ? labels_fr : labels_en;
    if (fmt == JMAP_REPORT_JSON)
        render_json(&o);
    else
        render_human(&o);
    if (len_out)
        *len_out = o.s->len;
    /* Callers free() the result: hand back malloc'd memory, not GLib's. */
    char *r = strdup(o.s->str);
    if (len_out)
        *len_out = strlen(r);
    g_string_free(o.s, true);
    return r;
}
