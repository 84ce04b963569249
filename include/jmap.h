/*
 * jmap.h — the public interface of libjmap: the journey model, its loader,
 * diagnostics and the JSON form of the resolved model.
 *
 * Ownership in one sentence: jmap_load() returns a jmap_doc whose arena holds
 * the source text, the model and the diagnostics; jmap_doc_free() releases all
 * of it, and nothing reachable from a doc may be freed on its own.
 * Functions that return `char *` return a malloc'd string the caller free()s.
 *
 * Library code never prints and never exits: problems become diagnostics.
 */
#ifndef JMAP_H
#define JMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define JMAP_VERSION "1.0.0"
#define JMAP_FORMAT_VERSION 1

/* ------------------------------------------------------------------ arena */

typedef struct jmap_arena jmap_arena;

jmap_arena *jmap_arena_new(void);
void jmap_arena_free(jmap_arena *a); /* accepts NULL */
/* Zeroed memory, aligned for any type; aborts only if the system is out of memory. */
void *jmap_arena_alloc(jmap_arena *a, size_t size);
char *jmap_arena_strdup(jmap_arena *a, const char *s);           /* NULL -> NULL */
char *jmap_arena_strndup(jmap_arena *a, const char *s, size_t n);
char *jmap_arena_printf(jmap_arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* ------------------------------------------------------------ diagnostics */

/* A text that diagnostics can point into: the journey, a theme kit, a CSV. */
typedef struct jmap_source {
    const char *name; /* as given on the command line; "<stdin>" for - */
    const char *text; /* NUL-terminated copy of the bytes read */
    size_t len;
} jmap_source;

/* A place in a source; line and col are 1-based (col counts characters). */
typedef struct jmap_span {
    const jmap_source *src; /* NULL: no place (e.g. a command-line problem) */
    int line;
    int col;
} jmap_span;

typedef enum { JMAP_SEV_ERROR, JMAP_SEV_WARNING, JMAP_SEV_NOTE } jmap_severity;

typedef struct jmap_diag {
    jmap_severity severity;
    jmap_span span;
    const char *message; /* one line, no trailing newline, control characters escaped */
} jmap_diag;

#define JMAP_DEFAULT_MAX_ERRORS 50

typedef struct jmap_diags {
    jmap_arena *arena; /* where messages live */
    jmap_diag *items;
    size_t count, cap;
    size_t errors, warnings; /* counted even past the cap */
    size_t max_errors;       /* errors kept; 0 means JMAP_DEFAULT_MAX_ERRORS */
    bool truncated;          /* errors were dropped past max_errors */
} jmap_diags;

void jmap_diags_init(jmap_diags *d, jmap_arena *arena);
void jmap_diags_free(jmap_diags *d); /* frees the items array only */
/* Adds a diagnostic. The message is stored with its control characters
 * escaped (see jmap_escape_text), so nothing in it can reach a terminal or a
 * CI log raw; values in it should still go through jmap_quote, which also
 * cuts them. */
void jmap_diag_add(jmap_diags *d, jmap_severity sev, jmap_span span, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Sorts by source, line, column (stable), for printing. */
void jmap_diags_sort(jmap_diags *d);
/*
 * GCC-style text of one diagnostic:
 *   file:line:col: error: message
 *    14 |   - name: Onbording
 *       |           ^
 * color: ANSI colours for a terminal. Returns a malloc'd string ending in '\n'.
 */
char *jmap_diag_format(const jmap_diag *d, bool color);

/*
 * Values quoted in messages (a name, a key, an id, a CSV field, a file name
 * from the command line) come from files and command lines that may be
 * hostile. jmap_quote() makes one safe to print: control characters are
 * escaped (\e, \n, \r, \t; other C0 and C1 characters, DEL, the
 * bidirectional controls U+061C, U+200E, U+200F, U+202A..U+202E,
 * U+2066..U+2069 and the separators U+2028, U+2029 as \u{1B}-style hex),
 * bytes that are not UTF-8 become \xE9, and a value longer than
 * JMAP_QUOTE_MAX_CHARS characters is cut after that many (never inside a
 * character) with "…" appended. Backslashes are kept as they are.
 */
#define JMAP_QUOTE_MAX_CHARS 80
/* Bytes of the longest quoted value with its NUL: at most 8 bytes a
 * character once escaped ("\u{202E}"), then "…". */
#define JMAP_QUOTE_SIZE (JMAP_QUOTE_MAX_CHARS * 8 + 8)

char *jmap_quote(const char *s); /* malloc'd; NULL -> "" */
/* The same into buf (JMAP_QUOTE_SIZE bytes); returns buf. */
char *jmap_quote_into(char *buf, const char *s);
/* Only the escaping, never cut: for whole messages and file names. */
char *jmap_escape_text(const char *s); /* malloc'd; NULL -> "" */
/* True for the characters jmap_quote() escapes (besides bytes that are not
 * UTF-8). */
bool jmap_char_is_hidden(uint32_t u);

/* "did you mean": the closest candidate within a small edit distance, or NULL. */
const char *jmap_suggest(const char *word, const char *const *candidates, size_t n);

/* ------------------------------------------------------------------ model */

typedef enum { JMAP_LOCALE_EN, JMAP_LOCALE_FR } jmap_locale;
typedef enum { JMAP_JOURNEY_LINEAR, JMAP_JOURNEY_CYCLIC } jmap_journey_type;
typedef enum { JMAP_PHASE_NONE, JMAP_PHASE_BEFORE, JMAP_PHASE_DURING, JMAP_PHASE_AFTER } jmap_phase;
typedef enum { JMAP_LEVEL_NONE, JMAP_LEVEL_LOW, JMAP_LEVEL_MEDIUM, JMAP_LEVEL_HIGH } jmap_level;
typedef enum {
    JMAP_STATUS_IDEA,
    JMAP_STATUS_PLANNED,
    JMAP_STATUS_IN_PROGRESS,
    JMAP_STATUS_DONE
} jmap_status;
typedef enum { JMAP_BETTER_HIGHER, JMAP_BETTER_LOWER } jmap_better;

/* Lanes, in the default order. */
typedef enum {
    JMAP_LANE_STORYBOARD,
    JMAP_LANE_TOUCHPOINTS,
    JMAP_LANE_DOING,
    JMAP_LANE_THINKING,
    JMAP_LANE_EMOTIONS,
    JMAP_LANE_PAINS,
    JMAP_LANE_OPPORTUNITIES,
    JMAP_LANE_CHANNELS,
    JMAP_LANE_KPIS,
    JMAP_LANE_OWNERS,
    /* the service blueprint, under the customer's lanes */
    JMAP_LANE_FRONTSTAGE,
    JMAP_LANE_BACKSTAGE,
    JMAP_LANE_SUPPORT,
    JMAP_LANE_SYSTEMS,
    JMAP_LANE_COUNT
} jmap_lane;

/* A journey's own text lanes (`lanes: [{id, name, icon}]`) are lanes
 * JMAP_LANE_CUSTOM(0) onwards; JMAP_LANE_ALL bounds every lane value. */
#define JMAP_MAX_CUSTOM_LANES 16
#define JMAP_LANE_CUSTOM(k) ((jmap_lane)(JMAP_LANE_COUNT + (k)))
#define JMAP_LANE_ALL (JMAP_LANE_COUNT + JMAP_MAX_CUSTOM_LANES)

/* The blueprint lanes of a touchpoint (tp->steps), in drawing order. */
typedef enum {
    JMAP_BP_FRONTSTAGE,
    JMAP_BP_BACKSTAGE,
    JMAP_BP_SUPPORT,
    JMAP_BP_SYSTEMS,
    JMAP_BP_COUNT
} jmap_bp;
#define JMAP_BP_LANE(b) ((jmap_lane)(JMAP_LANE_FRONTSTAGE + (b)))

/* A touchpoint's place in the to-be journey. */
typedef enum {
    JMAP_STATE_CURRENT,
    JMAP_STATE_NEW,
    JMAP_STATE_CHANGED,
    JMAP_STATE_RETIRED
} jmap_tp_state;
const char *jmap_state_name(jmap_tp_state s);

/* Which journey a map draws (jmap build --state): every touchpoint with
 * its state marked, the as-is journey (no new touchpoints, no marks) or the
 * to-be one (no retired touchpoints). */
typedef enum { JMAP_VIEW_ALL, JMAP_VIEW_CURRENT, JMAP_VIEW_FUTURE } jmap_state_view;

/* Built-in icons: the built-in channel ids first, in the spec's order. */
typedef enum {
    JMAP_ICON_WEB,
    JMAP_ICON_APP,
    JMAP_ICON_EMAIL,
    JMAP_ICON_PHONE,
    JMAP_ICON_CHAT,
    JMAP_ICON_SOCIAL,
    JMAP_ICON_STORE,
    JMAP_ICON_MAIL,
    JMAP_ICON_EVENT,
    JMAP_ICON_AD,
    JMAP_ICON_PARTNER,
    JMAP_ICON_SUPPORT,
    JMAP_ICON_OTHER,
    JMAP_ICON_PERSON,
    JMAP_ICON_DOCUMENT,
    JMAP_ICON_CART,
    JMAP_ICON_TRUCK,
    JMAP_ICON_STAR,
    JMAP_ICON_SYSTEM,
    JMAP_ICON_COUNT
} jmap_icon;
#define JMAP_BUILTIN_CHANNEL_COUNT 13 /* JMAP_ICON_WEB .. JMAP_ICON_OTHER */

/* Names of enum values as written in the journey file ("in-progress", "storyboard", ...).
 * jmap_lane_name gives NULL for a custom lane: see jmap_journey_lane_id. */
const char *jmap_lane_name(jmap_lane lane);
const char *jmap_icon_name(jmap_icon icon);
const char *jmap_phase_name(jmap_phase p);   /* NULL for NONE */
const char *jmap_level_name(jmap_level l);   /* NULL for NONE */
const char *jmap_status_name(jmap_status s);
/* Parse a name; return false when unknown. */
bool jmap_lane_parse(const char *name, jmap_lane *out);
bool jmap_icon_parse(const char *name, jmap_icon *out);

/* An `x-*` key, kept for the user's own tooling: its value as JSON text. */
typedef struct jmap_extra {
    const char *key;
    const char *json;
    jmap_span span;
} jmap_extra;

typedef struct jmap_image {
    const char *path;     /* as written */
    const char *resolved; /* path to open: inside the journey's folder */
    jmap_span span;
} jmap_image;

/* The path to open an image at: `resolved`, else `path` as written. */
const char *jmap_image_file(const jmap_image *im);

/* A colour: 0xRRGGBB, `set` false when the file did not give it. */
typedef struct jmap_color {
    uint32_t rgb;
    bool set;
} jmap_color;

typedef struct jmap_detail {
    const char *key;
    const char *value; /* the scalar as written */
    jmap_span span;
} jmap_detail;

/* Texts of one lane at one touchpoint: a text, or a list of them. */
typedef struct jmap_steps {
    const char **items;
    size_t n; /* 0: none */
    jmap_span span;
} jmap_steps;

/* A lane of the journey's own (`lanes: [{id, name, icon}]`). */
typedef struct jmap_custom_lane {
    const char *id, *name;
    jmap_icon icon;
    bool has_icon;
    size_t index; /* its lane is JMAP_LANE_CUSTOM(index) */
    jmap_span span;
} jmap_custom_lane;

/* A phase: the three built-in ones (`name` NULL: the map's word for it,
 * unless the file renames it) and those the file declares. */
typedef struct jmap_phase_def {
    const char *id;
    const char *name;
    jmap_color color;
    jmap_phase builtin; /* NONE for a declared phase */
    bool declared;
    size_t index;
    jmap_span span;
} jmap_phase_def;

typedef struct jmap_channel jmap_channel;
typedef struct jmap_stage jmap_stage;
typedef struct jmap_touchpoint jmap_touchpoint;

typedef struct jmap_persona {
    const char *id;
    const char *name; /* NULL for the implicit persona */
    bool id_derived;
    size_t index;
    const char *role, *quote;
    const char **goals;        size_t n_goals;
    const char **frustrations; size_t n_frustrations;
    const char **motivations;  size_t n_motivations;
    const char **expectations; size_t n_expectations;
    jmap_image photo; /* photo.path NULL when absent */
    jmap_channel **channels; size_t n_channels; /* preferred */
    jmap_detail *details;    size_t n_details;
    jmap_color color;     /* as given */
    uint32_t curve_color; /* color, or the default palette's */
    jmap_extra *x; size_t n_x;
    jmap_span span;
} jmap_persona;

struct jmap_channel {
    const char *id;
    const char *name; /* NULL: the renderer uses its localized built-in name */
    jmap_icon icon;
    bool builtin;  /* a built-in id (possibly renamed by the file) */
    bool declared; /* listed under `channels:` */
    size_t index;
    jmap_extra *x; size_t n_x;
    jmap_span span;
};

typedef struct jmap_pain {
    const char *id;
    bool id_derived;
    const char *text;
    jmap_level severity; /* default MEDIUM */
    const char *evidence;
    jmap_stage *stage;
    jmap_touchpoint *touchpoint; /* NULL for a stage-level pain */
    size_t index;                /* in journey->pains */
    jmap_extra *x; size_t n_x;
    jmap_span span;
} jmap_pain;

typedef struct jmap_handoff {
    jmap_touchpoint *to; /* the receiving touchpoint (the giver itself for a lane-only hand-off) */
    int lane;            /* the receiving jmap_lane (a blueprint lane), -1: not said */
    jmap_span span;
} jmap_handoff;

typedef struct jmap_opportunity {
    const char *id;
    bool id_derived;
    const char *text;
    jmap_pain **addresses; size_t n_addresses;
    jmap_level impact, effort; /* NONE when not given */
    const char *owner;
    jmap_status status;
    const char *kpi;
    jmap_stage *stage;
    jmap_touchpoint *touchpoint; /* NULL for a stage-level opportunity */
    size_t index;                /* in journey->opportunities */
    jmap_extra *x; size_t n_x;
    jmap_span span;
} jmap_opportunity;

/* A KPI value or target: a number, a text, or absent. */
typedef struct jmap_kpi_value {
    bool present;
    bool is_number;
    double number;
    const char *text; /* the scalar as written (also for numbers) */
} jmap_kpi_value;

/* One dated value of a KPI (--kpis). */
typedef struct jmap_kpi_point {
    const char *date; /* "2025-03-14" or "2025-03", as written */
    double value;
} jmap_kpi_point;

typedef struct jmap_kpi {
    const char *name;
    jmap_kpi_value value, target;
    const char *unit;
    jmap_better better;
    /* KPI data (--kpis): the dated values, oldest first; the latest is
     * `value`. NULL, 0 without dated rows. */
    jmap_kpi_point *series; size_t n_series;
    jmap_extra *x; size_t n_x;
    jmap_span span;
} jmap_kpi;

/* One persona's score at one touchpoint. */
typedef struct jmap_score {
    bool set;
    double value;
    /* Survey data (--data): responses and standard deviation; n == 0 when
     * the value comes from the YAML ("assumed"). */
    int n;
    double sd;
} jmap_score;

struct jmap_touchpoint {
    const char *id;
    const char *name;
    bool id_derived;
    size_t index;   /* in journey->touchpoints (map order) */
    size_t ordinal; /* within its stage */
    jmap_stage *stage;
    jmap_channel *channel; /* NULL when not given */
    /* meets[i]: persona i meets this touchpoint (all true by default). */
    bool *meets;
    bool personas_given;
    const char *doing, *thinking, *feeling, *quote, *owner, *url;
    /* Indexed by persona; length journey->n_personas. */
    jmap_score *emotion;
    jmap_score *target_emotion;
    /* The journey file's emotions, kept once survey data replaces them
     * (NULL until then): where the latest wave has no answers, the curve
     * falls back to these. */
    jmap_score *file_emotion;
    bool emotion_given, target_given;
    jmap_image image;
    bool moment_of_truth;
    jmap_pain **pains;               size_t n_pains;
    jmap_opportunity **opportunities; size_t n_opportunities;
    /* The service blueprint: steps per blueprint lane, hand-offs, the
     * failure and waiting points. */
    jmap_steps steps[JMAP_BP_COUNT];
    jmap_handoff *handoffs; size_t n_handoffs;
    const char *fail_point, *wait;
    /* The journey's own lanes: indexed by custom lane (n 0 when empty). */
    jmap_steps *lane_values;
    jmap_tp_state state;
    bool drop_off_set;
    double drop_off;          /* percent of customers lost here, 0..100 */
    jmap_touchpoint **next; size_t n_next; /* NULL, 0: the following card */
    const char **data_asked; size_t n_data_asked;
    jmap_extra *x; size_t n_x;
    jmap_span span;
    /* jmap build --compare: JMAP_COMPARE_ADDED or _CHANGED since the older
     * version, 0 otherwise (jmap_compare_apply). */
    int compare;
};

#define JMAP_COMPARE_ADDED 1
#define JMAP_COMPARE_CHANGED 2

struct jmap_stage {
    const char *id;
    const char *name;
    bool id_derived;
    size_t index;
    jmap_phase phase;                /* the built-in phase, NONE for a declared one */
    const jmap_phase_def *phase_def; /* NULL: no phase */
    const char *goal, *description;
    const char *insight;             /* the stage's headline */
    jmap_kpi *kpis;                   size_t n_kpis;
    jmap_touchpoint **touchpoints;    size_t n_touchpoints;
    jmap_pain **pains;                size_t n_pains;         /* stage-level only */
    jmap_opportunity **opportunities; size_t n_opportunities; /* stage-level only */
    jmap_extra *x; size_t n_x;
    jmap_span span;
};

typedef struct jmap_theme {
    const char *font; /* NULL: default family */
    jmap_color primary, positive, neutral, negative, background, text;
    jmap_image logo;
    jmap_span span;
    const char *source_name; /* the file the theme came from (journey or kit) */
    jmap_extra *x; size_t n_x; /* the journey's own x-* keys (a kit's are not kept) */
} jmap_theme;

/*
 * One survey wave (--data): the responses of one file, kept whole. Waves
 * are in the order given; the last one drives the curve (the touchpoints'
 * `emotion`), the earlier ones stay here to compare with.
 */
typedef struct jmap_wave {
    const char *label;  /* "T3": given (LABEL=FILE) or the file's name without folder and extension */
    const char *source; /* the file's name as given */
    /* [touchpoint index * n_personas + persona index]: set where the wave
     * has answers, value the mean, n the responses, sd their spread. */
    jmap_score *scores;
} jmap_wave;

/* Waves one journey may hold. */
#define JMAP_MAX_WAVES 12

/* The thresholds of the analysis's findings (`jmap report`, the analysis
 * page), settable in the journey's `analysis:` mapping and on the command
 * line; docs/report.md gives their defaults. */
typedef enum {
    JMAP_TH_SHARP_DROP,     /* a fall of at least this between consecutive scores */
    JMAP_TH_INCONSISTENCY,  /* two channels of a stage this far apart */
    JMAP_TH_GAP_TOUCHPOINTS, /* stage gaps only where a persona meets this many touchpoints */
    JMAP_TH_COUNT
} jmap_threshold;

typedef struct jmap_thresholds {
    double value[JMAP_TH_COUNT];
    bool set[JMAP_TH_COUNT]; /* false: the default */
} jmap_thresholds;

/* "sharp_drop", "inconsistency", "gap_min_touchpoints". */
const char *jmap_threshold_name(jmap_threshold t);
bool jmap_threshold_parse(const char *name, jmap_threshold *out);
/* The default of a threshold on a scale from min to max. */
double jmap_threshold_default(jmap_threshold t, int scale_min, int scale_max);
/* Why v is not a valid value of t on that scale (a static sentence), or NULL. */
const char *jmap_threshold_problem(jmap_threshold t, double v, int scale_min, int scale_max);

typedef struct jmap_journey {
    int format_version;
    const char *title, *subtitle, *description, *scenario;
    const char *author, *version, *date;
    jmap_locale locale;
    jmap_journey_type type;
    int scale_min, scale_max; /* default 1..5 */
    jmap_theme theme;
    jmap_thresholds thresholds; /* the `analysis:` mapping */
    jmap_lane *lanes; size_t n_lanes; /* the order asked for */
    bool lanes_given;
    jmap_custom_lane *custom_lanes; size_t n_custom_lanes;
    /* Every phase: before, during, after, then the declared ones. */
    jmap_phase_def **phases; size_t n_phases;
    const char **insights; size_t n_insights;
    /* Always at least one persona: when the file has none, one implicit
     * persona (personas_implicit, name NULL) stands for "the customer". */
    jmap_persona **personas; size_t n_personas;
    bool personas_implicit;
    /* The channel table: the built-in channels (in icon order), then the
     * declared custom ones. Declaring a built-in id renames it in place. */
    jmap_channel **channels; size_t n_channels;
    jmap_stage **stages; size_t n_stages;
    /* Flat views in map order, for analysis and layout. */
    jmap_touchpoint **touchpoints;    size_t n_touchpoints;
    jmap_pain **pains;                size_t n_pains;
    jmap_opportunity **opportunities; size_t n_opportunities;
    jmap_extra *x; size_t n_x;
    const char *base_dir; /* folder images are resolved in */
    const jmap_source *source;
    jmap_wave *waves; size_t n_waves; /* survey data, oldest first; 0 without --data */
    /* jmap build --compare: the older version's name, and the names of its
     * touchpoints this version no longer has (NULL, 0 without). */
    const char *compare_label;
    const char **compare_removed; size_t n_compare_removed;
} jmap_journey;

double jmap_journey_neutral(const jmap_journey *j); /* (min + max) / 2 */
/* A wave's score for a touchpoint and a persona index (set false when none). */
const jmap_score *jmap_wave_score(const jmap_journey *j, const jmap_wave *w,
                                  const jmap_touchpoint *tp, size_t persona);
const jmap_persona *jmap_journey_persona(const jmap_journey *j, const char *id);
const jmap_stage *jmap_journey_stage(const jmap_journey *j, const char *id);
const jmap_touchpoint *jmap_journey_touchpoint(const jmap_journey *j, const char *id);
jmap_channel *jmap_journey_channel(const jmap_journey *j, const char *id);
/* A lane's id: a built-in lane's name or a custom lane's id (NULL if neither). */
const char *jmap_journey_lane_id(const jmap_journey *j, jmap_lane lane);
/* A built-in lane's name or one of the journey's custom lane ids. */
bool jmap_journey_lane_parse(const jmap_journey *j, const char *name, jmap_lane *out);
/* The touchpoint customers go to after tp: ->next when given (every one),
 * else the following touchpoint in map order (the first, in a cyclic
 * journey, after the last). Fills out (at least tp->n_next + 1 long),
 * returns how many. */
size_t jmap_touchpoint_successors(const jmap_journey *j, const jmap_touchpoint *tp,
                                  const jmap_touchpoint **out);

/* ----------------------------------------------------------------- loader */

/* Documented limits (docs/format.md, "Limits"). */
#define JMAP_MAX_INPUT_BYTES (8u * 1024u * 1024u)
#define JMAP_MAX_DEPTH 64
#define JMAP_MAX_NODES 1000000u /* after alias expansion */
#define JMAP_MAX_TOUCHPOINTS 5000u
#define JMAP_MAX_TEXT_BYTES 4000u

typedef struct jmap_load_opts {
    size_t max_errors;   /* 0: JMAP_DEFAULT_MAX_ERRORS */
    const char *base_dir; /* NULL: the folder of the file name, or "." */
    bool no_image_check;  /* do not look at image files (tests, fuzzing) */
} jmap_load_opts;

typedef struct jmap_doc {
    jmap_arena *arena;
    jmap_source *source;   /* the journey text */
    jmap_journey *journey; /* NULL when the file has errors */
    jmap_diags diags;
} jmap_doc;

/*
 * Loads a journey from memory. `name` is the file name used in diagnostics.
 * Always returns a doc (NULL only when out of memory): check
 * doc->diags.errors, or doc->journey != NULL.
 */
jmap_doc *jmap_load(const char *name, const char *data, size_t len, const jmap_load_opts *opts);
void jmap_doc_free(jmap_doc *doc); /* accepts NULL */

/* Registers another text (theme kit, CSV) so diagnostics can quote it. */
jmap_source *jmap_doc_add_source(jmap_doc *doc, const char *name, const char *data, size_t len);

/*
 * Overrides the journey's theme with the `theme:` mapping of a kit file.
 * Errors point into the kit and are added to doc->diags; returns false then.
 */
bool jmap_apply_theme_kit(jmap_doc *doc, const char *name, const char *data, size_t len);

/* Slug of a name as the spec says: ASCII, lower case, accents folded; "" when
 * the name has no ASCII letter or digit. Result in the arena. */
char *jmap_slug(jmap_arena *a, const char *name);

/* ------------------------------------------------------------------- json */

/* The resolved model as JSON (documented in docs/json.md). Stable key order,
 * ends with a newline. */
char *jmap_json_model(const jmap_journey *j, size_t *len_out);

/* ----------------------------------------------------------------- survey */

/*
 * Survey responses (CSV) drive the emotion curve: each (touchpoint, persona)
 * with responses gets their mean, count and population standard deviation,
 * overriding the journey file. Two shapes are read (docs/format.md):
 *   long: one row per answer, columns touchpoint, persona, score (French
 *         headers too: point de contact, profil, note);
 *   wide: one row per respondent, a persona column and one column per
 *         touchpoint id, or per question label mapped to a touchpoint id.
 * Comma, semicolon or tab separated (sniffed from the header line unless
 * `sep` is given), with or without a UTF-8 byte-order mark, LF or CRLF,
 * decimal point or comma.
 *
 * Each call adds one wave (journey->waves); the latest drives the curve.
 * Every problem becomes an error pointing into the CSV (registered with
 * jmap_doc_add_source); returns false then, and the model is left unchanged.
 */

/* Question labels of a wide file -> touchpoint ids (--data-map), read by
 * jmap_load_survey_map. */
typedef struct jmap_survey_map_entry {
    const char *label;
    const char *touchpoint; /* NULL: a column to ignore (`label: ~`) */
    jmap_span span;         /* of the entry's value (its key when ignored) */
} jmap_survey_map_entry;

typedef struct jmap_survey_map {
    const jmap_survey_map_entry *entries;
    size_t n;
} jmap_survey_map;

/*
 * Reads a YAML mapping `question label: touchpoint-id` (a null value marks a
 * column to ignore) into *out, in the doc's arena, in file order. The ids are
 * checked against the journey when the survey is applied. Errors point into
 * the file; returns false then.
 */
bool jmap_load_survey_map(jmap_doc *doc, const char *name, const char *data, size_t len,
                          jmap_survey_map *out);

typedef struct jmap_survey_opts {
    const char *label;          /* the wave's name; NULL: the file's name without extension */
    char sep;                   /* ',', ';' or '\t'; 0: sniffed from the header line */
    const jmap_survey_map *map; /* NULL: a wide file's columns are touchpoint ids */
} jmap_survey_opts;

bool jmap_apply_survey_opts(jmap_doc *doc, const char *name, const char *data, size_t len,
                            const jmap_survey_opts *opts);
/* The same with every option at its default. */
bool jmap_apply_survey(jmap_doc *doc, const char *name, const char *data, size_t len);

/* ------------------------------------------------------------------- KPIs */

/*
 * Reads a KPI figure as people write it: "3 200", "3\u202F200" (a no-break
 * or narrow no-break space between groups of three), "1 234,5", "3,2 %" in
 * French (`locale: fr`: a decimal comma, or a point); "3,200", "1,234.5",
 * "3.2%" in English (a comma between groups of three, a decimal point).
 * A sign may lead; a '%' may follow (*percent is set then; percent may be
 * NULL). Blanks around are ignored. Returns false, leaving *out alone, for
 * anything else (text, hex, exponents, inf, nan, misplaced groups).
 */
bool jmap_kpi_number(const char *s, jmap_locale locale, double *out, bool *percent);

/*
 * KPI data (CSV): columns stage, kpi, value and optionally target, date
 * (French headers too: étape, indicateur, valeur, cible, date), comma,
 * semicolon or tab separated (sniffed from the header line), with or without
 * a UTF-8 byte-order mark, LF or CRLF. Each row fills or overrides the value
 * (and the target, when given) of the KPI of that name of that stage; a name
 * the stage does not have adds a KPI. Dated rows (YYYY-MM-DD or YYYY-MM)
 * make the KPI's series; the latest date's value is its value.
 * Every problem becomes a diagnostic pointing into the CSV; returns false
 * after an error, and the model is left unchanged.
 */
bool jmap_apply_kpis(jmap_doc *doc, const char *name, const char *data, size_t len);

#ifdef __cplusplus
}
#endif
#endif /* JMAP_H */
