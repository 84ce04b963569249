/*
 * layout_report.c — the analysis page a PDF can end with (`--report-page`):
 * a row of key figures, the opportunities placed on an impact × effort
 * matrix (3 × 3, quick wins top left, numbered in the ranking `jmap report`
 * prints), and the findings an analyst acts on, in the map's type, palette
 * and footer. Geometry only, like layout.c; the numbers come from the
 * analysis (analysis.h).
 */
#include "layout_int.h"

#include <math.h>
#include <string.h>

#define PAGE_W 1120.0
#define COL_GAP 32.0
#define MATRIX_SHARE 0.58    /* of the content width, the rest is findings */
#define ROW_HEAD_W 84.0      /* the impact labels left of the matrix */
#define CELL_GAP 4.0
#define CELL_MIN_H 72.0
#define CELL_MAX_CHIPS 8     /* opportunities shown in one cell */
#define UNPLACED_MAX 10      /* opportunities listed without impact or effort */
#define SECTION_MAX_ITEMS 6  /* lines of one findings section */
#define INSIGHTS_MAX 8       /* lines of the insights block */

/* What a key figure counts, for one thing and for several. */
typedef struct counted {
    const char *one, *many;
} counted;

typedef struct words {
    const char *subtitle;
    counted figures_tp, figures_drops, figures_unaddressed, figures_quick, figures_gaps,
        figures_kpis;
    const char *figures_high;
    const char *matrix, *matrix_note, *corner_quick, *corner_major, *corner_fill,
        *corner_thankless, *impact_row[4], *effort_col[4], *unplaced, *no_opps;
    const char *findings, *none, *drops, *unaddressed, *moments, *empty, *gaps, *incons, *kpis;
    const char *level[4], *status[4];
    const char *more, *target, *whole, *gap;
    const char *insights, *drop_offs, *unreachable, *unsupported, *handoffs, *data_again,
        *retired;
} words;

static const words W_EN = {
    "Journey analysis",
    {"touchpoint", "touchpoints"}, {"sharp drop", "sharp drops"},
    {"unaddressed pain", "unaddressed pains"}, {"quick win", "quick wins"},
    {"missing channel", "missing channels"}, {"KPI off target", "KPIs off target"},
    "high severity",
    "Opportunity priorities",
    "Impact against effort; numbers give the ranking of jmap report.",
    "Quick wins", "Major projects", "Fill-ins", "Thankless tasks",
    {NULL, "Low impact", "Medium impact", "High impact"},
    {NULL, "Low effort", "Medium effort", "High effort"},
    "Not placed (impact or effort not given)", "No opportunity in the journey yet.",
    "Findings",
    "No findings: no sharp drop, no unaddressed pain, no stage without touchpoint, no channel "
    "gap, no inconsistency, no KPI off target.",
    "Sharp drops", "Unaddressed pains", "Moments of truth", "Stages with no touchpoint",
    "Channel gaps", "Inconsistencies between channels", "KPIs off target",
    {NULL, "low", "medium", "high"},
    {"idea", "planned", "in progress", "done"},
    "more in jmap report", "target", "whole journey", "gap",
    "Insights", "Biggest drop-offs", "Unreachable touchpoints", "Unsupported pains",
    "Hand-offs between owners with a pain", "Data asked again", "retired",
};

static const words W_FR = {
    "Analyse du parcours",
    {"point de contact", "points de contact"}, {"chute brutale", "chutes brutales"},
    {"irritant non traité", "irritants non traités"}, {"gain rapide", "gains rapides"},
    {"canal manquant", "canaux manquants"}, {"KPI hors objectif", "KPI hors objectif"},
    "de gravité élevée",
    "Priorisation des opportunités",
    "Impact et effort ; les numéros suivent le classement de jmap report.",
    "Gains rapides", "Projets majeurs", "Petits plus", "Tâches ingrates",
    {NULL, "Impact faible", "Impact moyen", "Impact fort"},
    {NULL, "Effort faible", "Effort moyen", "Effort fort"},
    "Non placées (impact ou effort non renseigné)", "Aucune opportunité dans le parcours.",
    "Constats",
    "Aucun constat : ni chute brutale, ni irritant non traité, ni étape sans point de contact, "
    "ni canal manquant, ni incohérence, ni KPI hors objectif.",
    "Chutes brutales", "Irritants non traités", "Moments de vérité",
    "Étapes sans point de contact", "Canaux manquants", "Incohérences entre canaux",
    "KPI hors objectif",
    {NULL, "faible", "moyenne", "élevée"},
    {"idée", "planifiée", "en cours", "réalisée"},
    "autres dans jmap report", "objectif", "tout le parcours", "écart",
    "Enseignements", "Plus forts abandons", "Points de contact inaccessibles",
    "Irritants sans soutien", "Passages de relais avec irritant", "Données redemandées",
    "retiré",
};

typedef struct R {
    const jmap_journey *j;
    const jmap_analysis *a;
    const jmap_measurer *m;
    jmap_scene *s;
    const words *w;
    bool fr;
    jmap_palette p;
    double rank_w; /* the widest rank: every chip's text starts at one x */
} R;

/* French spacing for the journey's own text. */
static const char *tx(R *r, const char *text)
{
    if (!text)
        return "";
    return r->fr ? jmap_layout_french_spacing(r->s, text) : text;
}

static jmap_scene_item *text(R *r, const char *role, const char *t, const jmap_font *f, double x,
                             double y, double wrap, uint32_t color, jmap_align al)
{
    return jmap_lay_text(r->s, r->m, -1, role, t, f, x, y, wrap, color, al);
}

static jmap_text_size measure(R *r, const char *t, const jmap_font *f, double wrap)
{
    return jmap_lay_measure(r->m, t, f, wrap);
}

static const char *num(R *r, double v)
{
    return jmap_lay_number(r->s, v, r->fr);
}

/* French counts 0 and 1 in the singular, English only 1. */
static const char *count_word(R *r, const counted *c, size_t n)
{
    return n == 1 || (r->fr && n == 0) ? c->one : c->many;
}

static const char *persona_name(const jmap_persona *p)
{
    return p->name ? p->name : p->id;
}

/* Several personas in view: findings about one of them name it. */
static bool name_personas(R *r)
{
    return r->a->n_personas > 1 && !r->j->personas_implicit;
}

/* ------------------------------------------------------------- header */

static double header(R *r, double x, double w, double y)
{
    y += text(r, "title", tx(r, r->j->title), &F_TITLE, x, y, w, r->p.ink, JMAP_ALIGN_LEFT)->h;
    GString *sub = g_string_new(r->w->subtitle);
    if (r->a->filtered && !r->j->personas_implicit)
        for (size_t i = 0; i < r->a->n_personas; i++)
            g_string_append_printf(sub, "%s%s", i ? ", " : " · ",
                                   persona_name(r->a->personas[i]));
    y += 4;
    y += text(r, "report-subtitle", tx(r, sub->str), &F_HEAD, x, y, w, r->p.muted,
              JMAP_ALIGN_LEFT)->h;
    g_string_free(sub, TRUE);
    return jmap_lay_snap(y + 16);
}

/* A row of key figures: a count in the title size over what it counts. */
static double figures(R *r, double x, double w, double y)
{
    const jmap_analysis *a = r->a;
    const words *t = r->w;
    const char *unaddr = count_word(r, &t->figures_unaddressed, a->n_unaddressed);
    char *unaddressed = a->n_unaddressed_high
                            ? g_strdup_printf("%s (%zu %s)", unaddr, a->n_unaddressed_high,
                                              t->figures_high)
                            : g_strdup(unaddr);
    struct {
        size_t n;
        const char *label;
        uint32_t color; /* when n > 0 */
    } fig[] = {
        {a->n_touchpoints, count_word(r, &t->figures_tp, a->n_touchpoints), r->p.ink},
        {a->n_drops, count_word(r, &t->figures_drops, a->n_drops), r->p.neg},
        {a->n_unaddressed, unaddressed,
         a->n_unaddressed_high ? r->p.neg : jmap_lay_text_tone(r->p.att)},
        {a->n_quick_wins, count_word(r, &t->figures_quick, a->n_quick_wins), r->p.pos},
        {a->n_gap_channels, count_word(r, &t->figures_gaps, a->n_gap_channels),
         jmap_lay_text_tone(r->p.att)},
        {a->n_kpi_misses, count_word(r, &t->figures_kpis, a->n_kpi_misses), r->p.neg},
    };
    size_t n = G_N_ELEMENTS(fig);
    double gap = 12, fw = floor((w - gap * (double)(n - 1)) / (double)n / U) * U;
    /* every tile as tall as the tallest label */
    double h = 0;
    for (size_t i = 0; i < n; i++)
        h = fmax(h, measure(r, fig[i].label, &F_BODY, fw - 24).h);
    double num_h = measure(r, "0", &F_TITLE, 0).h;
    double th = jmap_lay_snap(10 + num_h + 2 + h + 10);
    for (size_t i = 0; i < n; i++) {
        double fx = x + (double)i * (fw + gap);
        jmap_lay_rect(r->s, JMAP_LAYER_CARD, -1, "figure", fx, y, fw, th, 4, C_FAINT, C_RULE);
        char count[32];
        g_snprintf(count, sizeof count, "%zu", fig[i].n);
        text(r, "figure-count", count, &F_TITLE, fx + 12, y + 10, 0,
             fig[i].n ? fig[i].color : r->p.muted, JMAP_ALIGN_LEFT);
        text(r, "figure-label", fig[i].label, &F_BODY, fx + 12, y + 10 + num_h + 2, fw - 24,
             r->p.muted, JMAP_ALIGN_LEFT);
    }
    g_free(unaddressed);
    return jmap_lay_snap(y + th + 24);
}

/* ----------------------------------------------------------- insights */

static double more_line(R *r, const char *role, size_t n, double x, double y, double w);

/* The journey's insights, then each stage's with its name, first on the
 * page: a tinted block across the page with a bar of the primary colour. */
static double insights(R *r, double x, double w, double y)
{
    const jmap_analysis *a = r->a;
    if (a->n_insights == 0)
        return y;
    const char *sep = r->fr ? " : " : ": ";
    size_t box = jmap_scene_count(r->s);
    jmap_lay_rect(r->s, JMAP_LAYER_CARD, -1, "insights-box", x, y, w, 0, 4,
                  jmap_lay_mix(r->p.primary, 0xFFFFFF, 0.9), JMAP_NO_COLOR);
    size_t bar = jmap_scene_count(r->s);
    jmap_lay_rect(r->s, JMAP_LAYER_NONE, -1, "insights-bar", x, y, 4, 0, 2, r->p.primary,
                  JMAP_NO_COLOR);
    double ix = x + 20, iw = w - 36, iy = y + 10;
    iy += text(r, "insights-heading", r->w->insights, &F_BOLD, ix, iy, iw, r->p.primary,
               JMAP_ALIGN_LEFT)->h + 4;
    double line_h = measure(r, "M", &F_BODY, 0).h, dot = 5;
    size_t shown = 0;
    for (size_t i = 0; i < a->n_insights && shown < INSIGHTS_MAX; i++, shown++) {
        const jmap_insight *in = &a->insights[i];
        char *line = in->stage ? g_strdup_printf("%s%s%s", in->stage->name, sep, in->text)
                               : g_strdup(in->text);
        jmap_lay_rect(r->s, JMAP_LAYER_NONE, -1, "insight-mark", ix + 1, iy + (line_h - dot) / 2,
                      dot, dot, dot / 2, r->p.primary, JMAP_NO_COLOR);
        iy += text(r, "insight", tx(r, line), &F_BODY, ix + 12, iy, iw - 12, r->p.ink,
                   JMAP_ALIGN_LEFT)->h + 3;
        g_free(line);
    }
    if (a->n_insights > shown)
        iy += more_line(r, "insights-more", a->n_insights - shown, ix + 12, iy, iw - 12);
    double h = jmap_lay_snap(iy + 8 - y);
    jmap_scene_item_at(r->s, box)->h = h;
    jmap_scene_item_at(r->s, bar)->h = h;
    return jmap_lay_snap(y + h + 16);
}

/* ------------------------------------------------------------- matrix */

/* Rows top to bottom: high, medium, low impact; columns left to right:
 * low, medium, high effort. */
static int row_of(jmap_level impact)
{
    return JMAP_LEVEL_HIGH - impact;
}

static int col_of(jmap_level effort)
{
    return effort - JMAP_LEVEL_LOW;
}

/* Cells worth doing first are greener, the costly ones with little return
 * greyer. */
static uint32_t cell_fill(R *r, int row, int col)
{
    int score = (2 - row) - col; /* +2 quick wins .. -2 thankless tasks */
    switch (score) {
    case 2: return jmap_lay_mix(r->p.pos, 0xFFFFFF, 0.82);
    case 1: return jmap_lay_mix(r->p.pos, 0xFFFFFF, 0.91);
    case 0: return C_FAINT;
    case -1: return jmap_lay_mix(C_RULE, 0xFFFFFF, 0.3);
    default: return C_RULE;
    }
}

static const char *corner_name(R *r, int row, int col)
{
    if (row == 0 && col == 0)
        return r->w->corner_quick;
    if (row == 0 && col == 2)
        return r->w->corner_major;
    if (row == 2 && col == 0)
        return r->w->corner_fill;
    if (row == 2 && col == 2)
        return r->w->corner_thankless;
    return NULL;
}

/* One open opportunity (delivered ones are not placed: analysis.h): its
 * rank in bold, its text, and who owns it and where it stands when known.
 * Returns its height. */
static double chip(R *r, const jmap_opportunity_item *it, size_t rank, double x, double y,
                   double w)
{
    const jmap_opportunity *o = it->opportunity;
    /* the card is sized once its texts are placed */
    size_t card = jmap_scene_count(r->s);
    jmap_lay_rect(r->s, JMAP_LAYER_CARD, -1, "matrix-opp", x, y, w, 0, 4, 0xFFFFFF,
                  jmap_lay_mix(r->p.pos, 0xFFFFFF, 0.55));
    char rk[24];
    g_snprintf(rk, sizeof rk, "%zu", rank);
    double rank_h = text(r, "matrix-rank", rk, &F_BOLD, x + 8, y + 6, 0, r->p.primary,
                         JMAP_ALIGN_LEFT)->h;
    double tx0 = x + 8 + r->rank_w + 6, tw = w - (tx0 - x) - 8;
    double ty = y + 6;
    ty += text(r, "matrix-opp-text", tx(r, o->text), &F_BODY, tx0, ty, tw, r->p.ink,
               JMAP_ALIGN_LEFT)->h;
    ty = fmax(ty, y + 6 + rank_h);
    GString *meta = g_string_new(NULL);
    if (!jmap_lay_blank(o->owner))
        g_string_append(meta, o->owner);
    if (o->status != JMAP_STATUS_IDEA)
        g_string_append_printf(meta, "%s%s", meta->len ? " · " : "", r->w->status[o->status]);
    if (meta->len)
        ty += 2 + text(r, "matrix-opp-meta", tx(r, meta->str), &F_BODY, tx0, ty + 2, tw,
                       r->p.muted, JMAP_ALIGN_LEFT)->h;
    g_string_free(meta, TRUE);
    double h = jmap_lay_snap(ty + 6 - y);
    jmap_scene_item_at(r->s, card)->h = h;
    return h;
}

/* A "+ N more" line; returns its height. */
static double more_line(R *r, const char *role, size_t n, double x, double y, double w)
{
    char *t = g_strdup_printf("+ %zu %s", n, r->w->more);
    double h = text(r, role, t, &F_ITAL, x, y, w, r->p.muted, JMAP_ALIGN_LEFT)->h;
    g_free(t);
    return h;
}

/* The cell's opportunities, ranked; returns the content's height. */
static double cell_content(R *r, int row, int col, double x, double y, double w)
{
    const jmap_analysis *a = r->a;
    double cy = y + 8;
    const char *name = corner_name(r, row, col);
    if (name)
        cy += text(r, "matrix-corner", name, &F_BOLD, x + 8, cy, w - 16,
                   row == 0 && col == 0 ? r->p.pos : r->p.muted, JMAP_ALIGN_LEFT)->h + 6;
    size_t shown = 0, hidden = 0;
    for (size_t i = 0; i < a->n_opportunities; i++) {
        const jmap_opportunity *o = a->opportunities[i].opportunity;
        if (o->impact == JMAP_LEVEL_NONE || o->effort == JMAP_LEVEL_NONE ||
            row_of(o->impact) != row || col_of(o->effort) != col)
            continue;
        if (shown == CELL_MAX_CHIPS) {
            hidden++;
            continue;
        }
        cy += chip(r, &a->opportunities[i], i + 1, x + 6, cy, w - 12) + 4;
        shown++;
    }
    if (hidden)
        cy += more_line(r, "matrix-more", hidden, x + 8, cy, w - 16) + 4;
    return cy + 4 - y;
}

static double matrix(R *r, double x, double w, double y)
{
    const jmap_analysis *a = r->a;
    y += text(r, "report-heading", r->w->matrix, &F_HEAD, x, y, w, r->p.ink, JMAP_ALIGN_LEFT)->h;
    y += 2;
    y += text(r, "report-note", r->w->matrix_note, &F_BODY, x, y, w, r->p.muted,
              JMAP_ALIGN_LEFT)->h;
    y = jmap_lay_snap(y + 8);
    double gx = x + ROW_HEAD_W + CELL_GAP;
    double cw = floor((x + w - gx - 2 * CELL_GAP) / 3);
    /* column heads */
    double head_h = 0;
    for (int c = 0; c < 3; c++)
        head_h = fmax(head_h, text(r, "matrix-effort", r->w->effort_col[JMAP_LEVEL_LOW + c],
                                   &F_BOLD, gx + c * (cw + CELL_GAP), y, cw, r->p.muted,
                                   JMAP_ALIGN_CENTER)->h);
    y = jmap_lay_snap(y + head_h + 4);
    for (int row = 0; row < 3; row++) {
        /* the cells' backgrounds go under their content, once the row's
         * height is known */
        size_t first = jmap_scene_count(r->s);
        text(r, "matrix-impact", r->w->impact_row[JMAP_LEVEL_HIGH - row], &F_BOLD, x, y + 8,
             ROW_HEAD_W - 8, r->p.muted, JMAP_ALIGN_RIGHT);
        double rh = CELL_MIN_H;
        for (int c = 0; c < 3; c++)
            rh = fmax(rh, cell_content(r, row, c, gx + c * (cw + CELL_GAP), y, cw));
        rh = jmap_lay_snap(rh);
        for (int c = 0; c < 3; c++) {
            jmap_lay_rect(r->s, JMAP_LAYER_NONE, -1, "matrix-cell", gx + c * (cw + CELL_GAP), y,
                          cw, rh, 4, cell_fill(r, row, c), JMAP_NO_COLOR);
            jmap_scene_move_last(r->s, first + (size_t)c);
        }
        y += rh + CELL_GAP;
    }
    /* opportunities the matrix cannot place */
    size_t unplaced = 0;
    for (size_t i = 0; i < a->n_opportunities; i++) {
        const jmap_opportunity *o = a->opportunities[i].opportunity;
        if (o->impact == JMAP_LEVEL_NONE || o->effort == JMAP_LEVEL_NONE)
            unplaced++;
    }
    if (a->n_opportunities == 0) {
        y += 8;
        y += text(r, "report-none", r->w->no_opps, &F_ITAL, gx, y, w - (gx - x), r->p.muted,
                  JMAP_ALIGN_LEFT)->h;
    } else if (unplaced) {
        y += 12;
        y += text(r, "matrix-unplaced", r->w->unplaced, &F_BOLD, gx, y, w - (gx - x), r->p.muted,
                  JMAP_ALIGN_LEFT)->h + 6;
        double uw = floor((w - (gx - x) - CELL_GAP) / 2);
        double col_y[2] = {y, y};
        size_t shown = 0;
        for (size_t i = 0; i < a->n_opportunities && shown < UNPLACED_MAX; i++) {
            const jmap_opportunity *o = a->opportunities[i].opportunity;
            if (o->impact != JMAP_LEVEL_NONE && o->effort != JMAP_LEVEL_NONE)
                continue;
            int k = col_y[1] < col_y[0] ? 1 : 0;
            col_y[k] += chip(r, &a->opportunities[i], i + 1, gx + k * (uw + CELL_GAP), col_y[k],
                             uw) + 4;
            shown++;
        }
        y = fmax(col_y[0], col_y[1]);
        if (unplaced > shown)
            y += more_line(r, "matrix-more", unplaced - shown, gx, y, w - (gx - x));
    }
    return y;
}

/* ----------------------------------------------------------- findings */

typedef struct section {
    R *r;
    double x, w, y;
    const char *title;
    size_t total;  /* what the heading counts */
    size_t shown;  /* lines drawn */
    size_t counted; /* of total, what the drawn lines hold */
    uint32_t color;
    bool open;
} section;

static void section_begin(section *sec, R *r, const char *title, size_t total, uint32_t color,
                          double x, double w, double y)
{
    *sec = (section){.r = r, .x = x, .w = w, .y = y, .title = title, .total = total,
                     .color = color};
}

/* One finding: a coloured mark and a line of text that holds `weight` of
 * what the heading counts (channel gaps list several channels a line). Past
 * the section's limit, lines are not drawn. */
static void item_of(section *sec, const char *line, size_t weight)
{
    R *r = sec->r;
    if (!sec->open) {
        char *h = g_strdup_printf("%s (%zu)", sec->title, sec->total);
        sec->y += text(r, "finding-heading", h, &F_BOLD, sec->x, sec->y, sec->w, r->p.ink,
                       JMAP_ALIGN_LEFT)->h + 4;
        g_free(h);
        sec->open = true;
    }
    if (sec->shown == SECTION_MAX_ITEMS)
        return;
    jmap_scene_item *t = text(r, "finding", tx(r, line), &F_BODY, sec->x + 12, sec->y,
                              sec->w - 12, r->p.ink, JMAP_ALIGN_LEFT);
    double th = t->h, dot = 5;
    /* the mark is centred on the first line */
    double line_h = measure(r, "M", &F_BODY, 0).h;
    jmap_lay_rect(r->s, JMAP_LAYER_NONE, -1, "finding-mark", sec->x + 1, sec->y + (line_h - dot) / 2,
                  dot, dot, dot / 2, sec->color, JMAP_NO_COLOR);
    sec->y += th + 3;
    sec->shown++;
    sec->counted += weight;
}

static void item(section *sec, const char *line)
{
    item_of(sec, line, 1);
}

/* Closes a section; returns where the next one starts. */
static double section_end(section *sec)
{
    if (!sec->open)
        return sec->y;
    if (sec->total > sec->counted)
        sec->y += more_line(sec->r, "finding-more", sec->total - sec->counted, sec->x + 12,
                            sec->y, sec->w - 12);
    return jmap_lay_snap(sec->y + 12);
}

static char *score_of(R *r, const jmap_touchpoint *tp, double v)
{
    return g_strdup_printf("%s (%s)", tp->name, num(r, v));
}

static double findings(R *r, double x, double w, double y)
{
    const jmap_analysis *a = r->a;
    const words *t = r->w;
    const char *sep = r->fr ? " : " : ": ";
    bool np = name_personas(r);
    y += text(r, "report-heading", t->findings, &F_HEAD, x, y, w, r->p.ink, JMAP_ALIGN_LEFT)->h;
    y = jmap_lay_snap(y + 8);
    if (jmap_analysis_findings(a) == 0) {
        y += text(r, "report-none", t->none, &F_BODY, x, y, w, r->p.pos, JMAP_ALIGN_LEFT)->h;
        y = jmap_lay_snap(y + 12);
    }
    section sec;
    char *line;

    section_begin(&sec, r, t->drops, a->n_drops, r->p.neg, x, w, y);
    for (size_t i = 0; i < a->n_drops; i++) {
        const jmap_drop *d = &a->drops[i];
        char *from = score_of(r, d->from, d->from_value), *to = score_of(r, d->to, d->to_value);
        line = g_strdup_printf("%s%s%s → %s, −%s", np ? persona_name(d->persona) : "",
                               np ? sep : "", from, to, num(r, d->amount));
        item(&sec, line);
        g_free(line);
        g_free(from);
        g_free(to);
    }
    y = section_end(&sec);

    section_begin(&sec, r, t->drop_offs, a->n_drop_offs, r->p.neg, x, w, y);
    for (size_t i = 0; i < a->n_drop_offs; i++) {
        const jmap_touchpoint *tp = a->drop_offs[i];
        line = g_strdup_printf("%s (%s) · %s %%", tp->name, tp->stage->name, num(r, tp->drop_off));
        item(&sec, line);
        g_free(line);
    }
    y = section_end(&sec);

    section_begin(&sec, r, t->unaddressed, a->n_unaddressed, r->p.neg, x, w, y);
    for (size_t i = 0; i < a->n_unaddressed; i++) {
        const jmap_pain *pn = a->unaddressed[i];
        jmap_level sev = pn->severity == JMAP_LEVEL_NONE ? JMAP_LEVEL_MEDIUM : pn->severity;
        line = g_strdup_printf("%s — %s%s%s · %s", pn->text, pn->stage->name,
                               pn->touchpoint ? " / " : "",
                               pn->touchpoint ? pn->touchpoint->name : "", t->level[sev]);
        item(&sec, line);
        g_free(line);
    }
    y = section_end(&sec);

    section_begin(&sec, r, t->moments, a->n_moments, r->p.primary, x, w, y);
    for (size_t i = 0; i < a->n_moments; i++) {
        const jmap_moment *mo = &a->moments[i];
        GString *g = g_string_new(NULL);
        g_string_append_printf(g, "%s (%s)", mo->touchpoint->name, mo->touchpoint->stage->name);
        bool first = true;
        for (size_t k = 0; k < mo->n_scores; k++) {
            const jmap_persona_score *ps = &mo->scores[k];
            if (!ps->set)
                continue;
            g_string_append_printf(g, "%s%s%s%s", first ? sep : ", ",
                                   np ? persona_name(ps->persona) : "", np ? " " : "",
                                   num(r, ps->value));
            first = false;
        }
        item(&sec, g->str);
        g_string_free(g, TRUE);
    }
    y = section_end(&sec);

    section_begin(&sec, r, t->empty, a->n_empty_stages, jmap_lay_text_tone(r->p.att), x, w, y);
    for (size_t i = 0; i < a->n_empty_stages; i++)
        item(&sec, a->empty_stages[i]->name);
    y = section_end(&sec);

    section_begin(&sec, r, t->gaps, a->n_gap_channels, jmap_lay_text_tone(r->p.att), x, w, y);
    for (size_t i = 0; i < a->n_gaps; i++) {
        const jmap_persona_gaps *pg = &a->gaps[i];
        for (size_t k = 0; k <= pg->n_stages; k++) {
            const jmap_channel *const *chs = k == 0 ? pg->journey : pg->stages[k - 1].missing;
            size_t n = k == 0 ? pg->n_journey : pg->stages[k - 1].n_missing;
            if (n == 0)
                continue;
            GString *g = g_string_new(NULL);
            g_string_append_printf(g, "%s, %s%s", persona_name(pg->persona),
                                   k == 0 ? t->whole : pg->stages[k - 1].stage->name, sep);
            for (size_t c = 0; c < n; c++)
                g_string_append_printf(g, "%s%s", c ? ", " : "",
                                       jmap_layout_channel_name(chs[c], r->j->locale));
            item_of(&sec, g->str, n);
            g_string_free(g, TRUE);
        }
    }
    y = section_end(&sec);

    section_begin(&sec, r, t->incons, a->n_inconsistencies + a->inconsistencies_omitted,
                  jmap_lay_text_tone(r->p.att), x, w, y);
    for (size_t i = 0; i < a->n_inconsistencies; i++) {
        const jmap_inconsistency *in = &a->inconsistencies[i];
        char *ta = score_of(r, in->a, in->a_value), *tb = score_of(r, in->b, in->b_value);
        line = g_strdup_printf("%s%s%s%s%s / %s, %s %s", in->stage->name,
                               np ? ", " : "", np ? persona_name(in->persona) : "", sep, ta, tb,
                               t->gap, num(r, in->difference));
        item(&sec, line);
        g_free(line);
        g_free(ta);
        g_free(tb);
    }
    y = section_end(&sec);

    section_begin(&sec, r, t->kpis, a->n_kpi_misses, r->p.neg, x, w, y);
    for (size_t i = 0; i < a->n_kpi_misses; i++) {
        const jmap_kpi_miss *km = &a->kpi_misses[i];
        line = g_strdup_printf("%s (%s)%s%s, %s %s", km->kpi->name, km->stage->name, sep,
                               jmap_lay_kpi_value(r->s, &km->kpi->value, km->kpi->unit, r->fr),
                               t->target,
                               jmap_lay_kpi_value(r->s, &km->kpi->target, km->kpi->unit, r->fr));
        item(&sec, line);
        g_free(line);
    }
    y = section_end(&sec);

    section_begin(&sec, r, t->unreachable, a->n_unreachable, jmap_lay_text_tone(r->p.att), x, w,
                  y);
    for (size_t i = 0; i < a->n_unreachable; i++) {
        const jmap_touchpoint *tp = a->unreachable[i];
        bool retired = tp->state == JMAP_STATE_RETIRED;
        line = g_strdup_printf("%s (%s%s%s)", tp->name, tp->stage->name, retired ? ", " : "",
                               retired ? t->retired : "");
        item(&sec, line);
        g_free(line);
    }
    y = section_end(&sec);

    section_begin(&sec, r, t->unsupported, a->n_unsupported, r->p.neg, x, w, y);
    for (size_t i = 0; i < a->n_unsupported; i++) {
        const jmap_pain *pn = a->unsupported[i];
        line = g_strdup_printf("%s — %s / %s", pn->text, pn->touchpoint->stage->name,
                               pn->touchpoint->name);
        item(&sec, line);
        g_free(line);
    }
    y = section_end(&sec);

    section_begin(&sec, r, t->handoffs, a->n_owner_handoffs, jmap_lay_text_tone(r->p.att), x, w,
                  y);
    for (size_t i = 0; i < a->n_owner_handoffs; i++) {
        const jmap_owner_handoff *h = &a->owner_handoffs[i];
        GString *g = g_string_new(NULL);
        g_string_append_printf(g, "%s (%s) → %s (%s)%s", h->from->name, h->from->owner,
                               h->to->name, h->to->owner, sep);
        for (size_t k = 0; k < h->to->n_pains; k++)
            g_string_append_printf(g, "%s%s", k ? "; " : "", h->to->pains[k]->text);
        item(&sec, g->str);
        g_string_free(g, TRUE);
    }
    y = section_end(&sec);

    section_begin(&sec, r, t->data_again, a->n_data_again, jmap_lay_text_tone(r->p.att), x, w, y);
    for (size_t i = 0; i < a->n_data_again; i++) {
        const jmap_data_again *d = &a->data_again[i];
        GString *g = g_string_new(NULL);
        g_string_append_printf(g, "%s%s", d->key, sep);
        for (size_t k = 0; k < d->n_touchpoints; k++) {
            const jmap_touchpoint *tp = d->touchpoints[k];
            g_string_append_printf(g, "%s%s", k ? ", " : "", tp->name);
            if (tp->channel)
                g_string_append_printf(g, " [%s]",
                                       jmap_layout_channel_name(tp->channel, r->j->locale));
        }
        item(&sec, g->str);
        g_string_free(g, TRUE);
    }
    y = section_end(&sec);
    return y;
}

/* ---------------------------------------------------------------- page */

jmap_scene *jmap_layout_report(const jmap_journey *j, const jmap_analysis *a,
                               const jmap_layout_opts *opts, const jmap_measurer *m)
{
    R r;
    memset(&r, 0, sizeof r);
    r.j = j;
    r.a = a;
    r.m = m;
    r.s = jmap_scene_new();
    r.fr = j->locale == JMAP_LOCALE_FR;
    r.w = r.fr ? &W_FR : &W_EN;
    jmap_lay_palette(j, &r.p);
    char widest[24];
    g_snprintf(widest, sizeof widest, "%zu", a->n_opportunities);
    r.rank_w = fmax(jmap_lay_measure(m, widest, &F_BOLD, 0).w, 10);
    jmap_scene *s = r.s;
    s->background = r.p.bg;
    s->title = jmap_scene_strdup(s, j->title);
    s->author = jmap_scene_strdup(s, j->author);
    s->subject = jmap_scene_strdup(s, j->description);
    s->locale = r.fr ? "fr" : "en";
    s->font_family = jmap_scene_strdup(s, j->theme.font);

    double left = MARGIN, right = PAGE_W - MARGIN, w = right - left;
    double y = header(&r, left, w, MARGIN);
    y = insights(&r, left, w, y);
    y = figures(&r, left, w, y);
    double mw = floor(w * MATRIX_SHARE / U) * U;
    double y_matrix = matrix(&r, left, mw, y);
    double y_findings = findings(&r, left + mw + COL_GAP, w - mw - COL_GAP, y);
    y = jmap_lay_snap(fmax(y_matrix, y_findings) + 24);
    y += jmap_lay_footer(s, m, j, opts ? opts->input_name : NULL, &r.p, left, right, y);
    s->width = PAGE_W;
    s->height = jmap_lay_snap(y + MARGIN);
    s->gutter = left;
    s->grid_top = s->grid_bottom = 0;
    return s;
}
