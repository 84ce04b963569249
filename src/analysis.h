/*
 * analysis.h — what a journey analyst looks for, computed from the model:
 * per-stage emotion, sharp drops, moments of truth, pains and the ones no
 * opportunity addresses, opportunities ranked (quick wins first), channel
 * gaps, empty stages, cross-channel inconsistencies and KPIs off target;
 * with the service blueprint's keys, the insights, the biggest drop-offs,
 * unreachable touchpoints, unsupported pains, hand-offs between owners with
 * a pain and data asked again.
 *
 * Plain data, no text: src/report.c turns it into text, Markdown or JSON.
 * The analysis points into the journey it was computed from, so it must be
 * freed before the journey's doc; its own arrays live in its own arena.
 */
#ifndef JMAP_ANALYSIS_H
#define JMAP_ANALYSIS_H

#include "jmap.h"

typedef struct jmap_analysis_opts {
    /* persona_mask[i]: analyse persona i (NULL = every persona). Touchpoints
     * no selected persona meets are left out of the analysis. */
    const bool *persona_mask;
    /* Thresholds from the command line: each one set overrides the
     * journey's `analysis:` mapping, which overrides the default. NULL:
     * none. Values are assumed valid (jmap_threshold_problem). */
    const jmap_thresholds *thresholds;
} jmap_analysis_opts;

/* One persona's emotion over one stage. */
typedef struct jmap_stage_emotion {
    const jmap_persona *persona;
    size_t n_scores;                 /* touchpoints it meets that carry a score */
    double mean;                     /* meaningful when n_scores > 0 */
    const jmap_touchpoint *lowest;   /* first lowest score; NULL when n_scores == 0 */
    double lowest_value;
} jmap_stage_emotion;

typedef struct jmap_stage_summary {
    const jmap_stage *stage;
    size_t n_touchpoints;            /* in view (met by a selected persona) */
    const jmap_channel **channels;   /* distinct channels of those, in channel-table order */
    size_t n_channels;
    jmap_stage_emotion *emotions;    /* one per selected persona, in persona order */
    size_t n_emotions;
} jmap_stage_summary;

/* A fall of at least drop_threshold between consecutive scored touchpoints
 * of one persona (map order, across stages). */
typedef struct jmap_drop {
    const jmap_persona *persona;
    const jmap_touchpoint *from, *to;
    double from_value, to_value;
    double amount; /* from_value - to_value, > 0 */
} jmap_drop;

typedef struct jmap_persona_score {
    const jmap_persona *persona;
    bool set;
    double value;
} jmap_persona_score;

typedef struct jmap_moment {
    const jmap_touchpoint *touchpoint;
    jmap_persona_score *scores; /* selected personas that meet it */
    size_t n_scores;
} jmap_moment;

typedef struct jmap_pain_item {
    const jmap_pain *pain;
    const jmap_opportunity **addressed_by; /* every opportunity of the journey naming it */
    size_t n_addressed_by;
} jmap_pain_item;

typedef struct jmap_opportunity_item {
    const jmap_opportunity *opportunity;
    bool quick_win; /* impact high and effort low, and not done */
    bool no_owner;
} jmap_opportunity_item;

/* Channel gaps of one persona with preferred channels. Channels the persona
 * meets nowhere are listed once in `journey` and not repeated per stage; a
 * stage is looked at only when the persona meets at least
 * gap_min_touchpoints of its touchpoints (a persona absent from a stage
 * misses no channel there). */
typedef struct jmap_stage_gap {
    const jmap_stage *stage;
    const jmap_channel **missing;
    size_t n_missing;
} jmap_stage_gap;

typedef struct jmap_persona_gaps {
    const jmap_persona *persona;
    const jmap_channel **journey; /* preferred, met at no touchpoint at all */
    size_t n_journey;
    jmap_stage_gap *stages;       /* only stages with something missing */
    size_t n_stages;
} jmap_persona_gaps;

/* Two touchpoints of one stage, through different channels, whose emotions
 * for one persona differ by at least inconsistency_threshold. a precedes b. */
typedef struct jmap_inconsistency {
    const jmap_stage *stage;
    const jmap_persona *persona;
    const jmap_touchpoint *a, *b;
    double a_value, b_value;
    double difference; /* |a_value - b_value| */
} jmap_inconsistency;

typedef struct jmap_kpi_miss {
    const jmap_stage *stage;
    const jmap_kpi *kpi;
    double gap; /* how far from the target, > 0, in the KPI's unit */
} jmap_kpi_miss;

/* A KPI with a dated series of two values or more (--kpis): how it moved
 * from its first date to its last. */
typedef struct jmap_kpi_trend {
    const jmap_stage *stage;
    const jmap_kpi *kpi;
    const jmap_kpi_point *first, *last;
    double delta; /* last->value - first->value */
} jmap_kpi_trend;

/* Survey waves (--data): one touchpoint and persona across the waves. */
typedef struct jmap_wave_row {
    const jmap_touchpoint *touchpoint;
    const jmap_persona *persona;
    const jmap_score *scores; /* one per wave, oldest first; set false where it has no answer */
    bool has_change;          /* the latest wave and the one before both have answers */
    double change;            /* latest mean - the mean of the wave before */
} jmap_wave_row;

/* A headline insight: the journey's (`insights`, stage NULL) or a stage's
 * (`insight`). */
typedef struct jmap_insight {
    const char *text;
    const jmap_stage *stage;
} jmap_insight;

/* A hand-off from one owner's touchpoint to another owner's, whose
 * receiving touchpoint carries pains (to->pains). */
typedef struct jmap_owner_handoff {
    const jmap_touchpoint *from, *to;
} jmap_owner_handoff;

/* A `data_asked` key asked at two touchpoints or more. */
typedef struct jmap_data_again {
    const char *key;                      /* as first written, trimmed */
    const jmap_touchpoint **touchpoints;  /* map order, each once */
    size_t n_touchpoints;
    /* The distinct channels of the touchpoints that ask again (all but
     * the first), in map order; touchpoints with no channel add none. */
    const jmap_channel **again_through;
    size_t n_again_through;
    bool cross_channel;                   /* the touchpoints use two channels or more */
} jmap_data_again;

/* Pairs beyond this many are counted in inconsistencies_omitted, not listed:
 * a stage with hundreds of touchpoints would otherwise list thousands. */
#define JMAP_ANALYSIS_MAX_INCONSISTENCIES 200

typedef struct jmap_analysis {
    jmap_arena *arena;
    const jmap_journey *journey;
    const jmap_persona **personas; size_t n_personas; /* selected, in persona order */
    bool filtered;                                     /* a persona mask was given */
    /* The thresholds used, by jmap_threshold (docs/report.md); the first
     * two also under their old names. */
    double thresholds[JMAP_TH_COUNT];
    double drop_threshold;          /* default (max - min) * 3/8 */
    double inconsistency_threshold; /* default (max - min) / 2 */
    size_t n_touchpoints;           /* in view */

    jmap_stage_summary *stages;     size_t n_stages;
    jmap_drop *drops;               size_t n_drops;   /* persona order, then map order */
    jmap_moment *moments;           size_t n_moments; /* map order */
    jmap_pain_item *pains;          size_t n_pains;   /* severity (high first), then map order */
    const jmap_pain **unaddressed;  size_t n_unaddressed; /* same order */
    size_t n_unaddressed_high;
    /* Open opportunities (status other than done), ranked; quick wins and
     * owners are counted among them. */
    jmap_opportunity_item *opportunities; size_t n_opportunities;
    size_t n_quick_wins, n_without_owner;
    const jmap_opportunity **delivered; size_t n_delivered; /* status done, map order */
    const jmap_stage **empty_stages; size_t n_empty_stages;
    jmap_persona_gaps *gaps;        size_t n_gaps;    /* personas with at least one gap */
    size_t n_gap_channels;          /* total of missing channels listed */
    jmap_inconsistency *inconsistencies; size_t n_inconsistencies;
    size_t inconsistencies_omitted;
    jmap_kpi_miss *kpi_misses;      size_t n_kpi_misses; /* map order */
    jmap_kpi_trend *kpi_trends;     size_t n_kpi_trends; /* map order */
    /* journey->waves: rows in map order, then persona order, for the
     * touchpoints in view with answers in some wave; none without --data */
    size_t n_waves;
    jmap_wave_row *wave_rows;       size_t n_wave_rows;

    /* The service blueprint (docs/report.md). Insights: the journey's, then
     * each stage's, whatever the persona filter. */
    jmap_insight *insights;         size_t n_insights;
    /* Touchpoints in view with a drop_off above 0, largest first, ties in
     * map order; has_drop_offs: some touchpoint of the journey gives one. */
    const jmap_touchpoint **drop_offs; size_t n_drop_offs;
    bool has_drop_offs;
    /* Only when some touchpoint has `next` (reach_checked): the touchpoints
     * in view no path from the first touchpoint reaches, in map order. The
     * walk covers the whole journey: every persona, retired ones included. */
    bool reach_checked;
    const jmap_touchpoint **unreachable; size_t n_unreachable;
    /* Only when some touchpoint has a blueprint step (blueprint):
     * high-severity touchpoint pains in view whose touchpoint has no
     * backstage and no support step, in map order. */
    bool blueprint;
    const jmap_pain **unsupported; size_t n_unsupported;
    /* Hand-offs to another touchpoint whose owner differs, with a pain
     * there (receiving touchpoint in view), in the giver's map order;
     * has_handoffs: some touchpoint hands off to another one. */
    bool has_handoffs;
    jmap_owner_handoff *owner_handoffs; size_t n_owner_handoffs;
    /* Keys asked at two touchpoints in view or more, in the order they are
     * first asked; has_data_asked: some touchpoint gives data_asked. */
    bool has_data_asked;
    jmap_data_again *data_again;    size_t n_data_again;
} jmap_analysis;

/* Computes the analysis; opts may be NULL. Returns NULL only when j is NULL. */
jmap_analysis *jmap_analysis_new(const jmap_journey *j, const jmap_analysis_opts *opts);
void jmap_analysis_free(jmap_analysis *a); /* accepts NULL */

/* Findings a reader should act on: drops, unaddressed pains, empty stages,
 * channel gaps, inconsistencies, KPIs off target, and from the blueprint
 * unreachable touchpoints, unsupported pains, hand-offs between owners with
 * a pain and data asked again. 0 means "all good". */
size_t jmap_analysis_findings(const jmap_analysis *a);

/* Rank order of opportunities: negative when x comes first. Exposed for tests. */
int jmap_analysis_opportunity_cmp(const jmap_opportunity *x, const jmap_opportunity *y);

#endif
