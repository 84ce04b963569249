/*
 * diff.h — what changed between two versions of a journey, matched by id:
 * personas, stages and touchpoints added, removed, renamed or moved;
 * emotions per persona and touchpoint; pains added or resolved;
 * opportunities added, removed or moved along their status; stage KPIs;
 * and the findings of the analysis (src/analysis.h) that appeared or went.
 *
 * Plain data: jmap_diff_render() turns it into text, Markdown or JSON
 * (docs/diff.md). A diff points into both journeys, so it must be freed
 * before their docs; its own arrays live in its own arena.
 */
#ifndef JMAP_DIFF_H
#define JMAP_DIFF_H

#include "report.h"

typedef enum {
    JMAP_CHANGE_PERSONA_ADDED,
    JMAP_CHANGE_PERSONA_REMOVED,
    JMAP_CHANGE_PERSONA_RENAMED,
    JMAP_CHANGE_STAGE_ADDED,
    JMAP_CHANGE_STAGE_REMOVED,
    JMAP_CHANGE_STAGE_RENAMED,
    JMAP_CHANGE_STAGE_MOVED,      /* another position among the stages */
    JMAP_CHANGE_TOUCHPOINT_ADDED,
    JMAP_CHANGE_TOUCHPOINT_REMOVED,
    JMAP_CHANGE_TOUCHPOINT_RENAMED,
    JMAP_CHANGE_TOUCHPOINT_MOVED, /* to another stage, or another position in its stage */
    JMAP_CHANGE_TOUCHPOINT_STATE, /* current, new, changed or retired */
    JMAP_CHANGE_TOUCHPOINT_BLUEPRINT, /* its blueprint steps, own lanes, flow or drop-off */
    JMAP_CHANGE_EMOTION,          /* one persona's score at one touchpoint */
    JMAP_CHANGE_PAIN_ADDED,
    JMAP_CHANGE_PAIN_RESOLVED,    /* gone from the new version */
    JMAP_CHANGE_PAIN_CHANGED,     /* same id, another text or severity */
    JMAP_CHANGE_OPPORTUNITY_ADDED,
    JMAP_CHANGE_OPPORTUNITY_REMOVED,
    JMAP_CHANGE_OPPORTUNITY_STATUS,
    JMAP_CHANGE_KPI_ADDED,
    JMAP_CHANGE_KPI_REMOVED,
    JMAP_CHANGE_KPI_CHANGED,      /* value, target, unit or direction */
    JMAP_CHANGE_FINDING_APPEARED,
    JMAP_CHANGE_FINDING_GONE,
    JMAP_CHANGE_OTHER,            /* nothing above, yet the resolved models differ */
    JMAP_CHANGE_KIND_COUNT
} jmap_change_kind;

/* The groups the changes are shown in, in this order. */
typedef enum {
    JMAP_DIFF_PERSONAS,
    JMAP_DIFF_STAGES,
    JMAP_DIFF_TOUCHPOINTS,
    JMAP_DIFF_EMOTIONS,
    JMAP_DIFF_PAINS,
    JMAP_DIFF_OPPORTUNITIES,
    JMAP_DIFF_KPIS,
    JMAP_DIFF_FINDINGS,
    JMAP_DIFF_OTHER,
    JMAP_DIFF_GROUP_COUNT
} jmap_diff_group;

typedef enum {
    JMAP_FINDING_DROP,
    JMAP_FINDING_UNADDRESSED_PAIN,
    JMAP_FINDING_EMPTY_STAGE,
    JMAP_FINDING_CHANNEL_GAP,
    JMAP_FINDING_INCONSISTENCY,
    JMAP_FINDING_KPI_OFF_TARGET,
    JMAP_FINDING_UNREACHABLE,      /* a touchpoint no path reaches */
    JMAP_FINDING_UNSUPPORTED_PAIN, /* a high pain with no back stage or support step */
    JMAP_FINDING_HANDOFF_PAIN,     /* a hand-off between owners onto a pain */
    JMAP_FINDING_DATA_AGAIN,       /* data asked at several touchpoints */
    JMAP_FINDING_KIND_COUNT
} jmap_finding_kind;

/* One finding of an analysis, with what it is about. Its key is its kind
 * and the ids of its subjects: the same finding in two versions has the
 * same key, whatever its figures. */
typedef struct jmap_finding {
    jmap_finding_kind kind;
    const char *key;          /* kind and subject ids, for comparing */
    const char *subjects[4];  /* ids (a KPI: its name; a gap over the whole journey: NULL stage) */
    size_t n_subjects;
    const jmap_persona *persona;          /* drop, gap, inconsistency */
    const jmap_stage *stage;              /* empty stage, gap (NULL: whole journey),
                                             inconsistency, KPI */
    const jmap_touchpoint *a, *b;         /* drop (from, to), inconsistency */
    double a_value, b_value, amount;      /* scores; drop or difference; KPI gap */
    const jmap_pain *pain;                /* unaddressed pain */
    const jmap_channel *channel;          /* gap */
    const jmap_kpi *kpi;                  /* KPI off target */
    const char *data_key;                 /* data asked again */
} jmap_finding;

/* One side of a change: what it is in the old or the new version (NULL
 * where that version has none). */
typedef struct jmap_diff_side {
    const jmap_persona *persona;
    const jmap_stage *stage; /* a touchpoint's, pain's, opportunity's or KPI's stage too */
    const jmap_touchpoint *touchpoint;
    const jmap_pain *pain;
    const jmap_opportunity *opportunity;
    const jmap_kpi *kpi;
    bool score_set; /* emotion */
    double score;
} jmap_diff_side;

typedef struct jmap_change {
    jmap_change_kind kind;
    jmap_diff_side before, after;
    const jmap_finding *finding; /* appeared: in the new version; gone: in the old */
} jmap_change;

typedef struct jmap_diff {
    jmap_arena *arena;
    const jmap_journey *before, *after;
    jmap_change *changes; size_t n_changes; /* by group, then as docs/diff.md says */
    size_t counts[JMAP_CHANGE_KIND_COUNT];
} jmap_diff;

/* Compares two journeys. Returns NULL only when one of them is NULL. */
jmap_diff *jmap_diff_new(const jmap_journey *before, const jmap_journey *after);

/*
 * jmap build --compare: marks doc's journey for a map drawn over an older
 * version `old` named `label` (kept in doc's arena). The older version's
 * emotions become a wave drawn faint behind the curve (before any survey
 * waves; with none, the journey's own emotions become the latest wave);
 * touchpoints matched by id are marked added or changed (name, stage,
 * emotions, pains, opportunities' status); the names of those removed are
 * listed. False (with an error) when the journey holds the most waves.
 */
bool jmap_compare_apply(jmap_doc *doc, const jmap_journey *old, const char *label);
void jmap_diff_free(jmap_diff *d); /* accepts NULL */

/* The group a kind of change is shown in. */
jmap_diff_group jmap_diff_group_of(jmap_change_kind k);
/* Stable names used by the JSON form: "touchpoint-added", "drop", ... */
const char *jmap_change_kind_name(jmap_change_kind k);
const char *jmap_finding_kind_name(jmap_finding_kind k);

/* The findings of an analysis, in the report's order, allocated in
 * `arena`; they point into the analysed journey. Exposed for tests. */
jmap_finding *jmap_diff_findings(jmap_arena *arena, const jmap_analysis *a, size_t *n_out);

/* What differs between two versions of a touchpoint under its card: the
 * names of the parts ("frontstage", ..., "systems", a custom lane's id,
 * "fail_point", "wait", "handoff_to", "next", "data_asked", "drop_off"),
 * in that order, at most `max`; returns how many. */
size_t jmap_diff_blueprint_parts(const jmap_journey *jo, const jmap_touchpoint *before,
                                 const jmap_journey *jn, const jmap_touchpoint *after,
                                 const char **out, size_t max);

/* KPI against its target: 1 on target, 0 off, -1 unknown (not two numbers). */
int jmap_kpi_on_target(const jmap_kpi *k);

/*
 * The diff as a malloc'd, NUL-terminated string ending in a newline (the
 * caller free()s it). before_name and after_name name the versions (file
 * names or REV:path as given); they are escaped. The Markdown form stays
 * under JMAP_DIFF_MD_MAX bytes: past it, the rest is cut at a line and a
 * last line says how much was left out.
 */
#define JMAP_DIFF_MD_MAX 60000
char *jmap_diff_render(const jmap_diff *d, jmap_report_fmt fmt, const char *before_name,
                       const char *after_name, size_t *len_out);

#endif
