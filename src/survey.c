/*
 * survey.c — survey responses (CSV) drive the emotion curve: each
 * (touchpoint, persona) gets the mean of its scores, the number of responses
 * and their spread. The CSV reader is our own because every error must point
 * at the line and column of the field at fault, which general CSV libraries
 * do not track. Nothing in the model changes unless the whole file is valid.
 */
#include "csv.h"
#include "i18n.h"

#include <glib.h>
#include <math.h>
#include <string.h>

/* Trims ASCII blanks in place (the field buffer is ours). */
static char *trim(char *s)
{
    return g_strstrip(s);
}

/* ---------------------------------------------------------------- scores */

/* A decimal number: digits, one point (or one decimal comma), an exponent.
 * Rejects what strtod would also take (hex, inf, nan). */
static bool parse_score(const char *s, double *out)
{
    char tmp[64];
    size_t n = strlen(s);
    if (n == 0 || n >= sizeof tmp)
        return false;
    memcpy(tmp, s, n + 1);
    char *comma = strchr(tmp, ',');
    if (comma) {
        if (strchr(tmp, '.') || strchr(comma + 1, ','))
            return false;
        *comma = '.';
    }
    bool digit = false;
    for (const char *c = tmp; *c; c++) {
        if (g_ascii_isdigit(*c))
            digit = true;
        else if (!strchr("+-.eE", *c))
            return false;
    }
    if (!digit)
        return false;
    char *end = NULL;
    double v = g_ascii_strtod(tmp, &end);
    if (!end || *end || !isfinite(v))
        return false;
    *out = v;
    return true;
}

/* Running mean and spread (Welford), so large surveys stay exact enough. */
typedef struct acc {
    int n;
    double mean, m2;
} acc;

static void acc_add(acc *a, double x)
{
    a->n++;
    double d = x - a->mean;
    a->mean += d / a->n;
    a->m2 += d * (x - a->mean);
}

/* ---------------------------------------------------------------- header */

enum { COL_TOUCHPOINT, COL_PERSONA, COL_SCORE, COL_COUNT };
static const char *const col_names[COL_COUNT] = {"touchpoint", "persona", "score"};

/* Header names, compared once folded (csv_norm_name): English and French. */
static const struct {
    int col;
    const char *name;
} col_aliases[] = {
    {COL_TOUCHPOINT, "touchpoint"}, {COL_TOUCHPOINT, "point de contact"},
    {COL_PERSONA, "persona"},       {COL_PERSONA, "profil"},
    {COL_SCORE, "score"},           {COL_SCORE, "note"},
};
static const char *const alias_names[] = {"touchpoint", "point de contact", "persona",
                                          "profil",     "score",            "note"};

static const char columns_hint[] =
    N_("columns: touchpoint, persona, score (or point de contact, profil, note); columns named "
       "x-* are ignored");

static int column_of(const char *name)
{
    char *n = csv_norm_name(name);
    int k = -1;
    for (size_t i = 0; i < G_N_ELEMENTS(col_aliases) && k < 0; i++)
        if (strcmp(n, col_aliases[i].name) == 0)
            k = col_aliases[i].col;
    g_free(n);
    return k;
}

static bool user_column(const char *name)
{
    return g_ascii_strncasecmp(name, "x-", 2) == 0;
}

/* -------------------------------------------------------------- applying */

typedef struct survey {
    csv_reader r;
    const jmap_journey *j;
    const jmap_survey_map *map;
    bool sep_forced; /* --data-sep, not sniffed */
    bool wide;
    int col[COL_COUNT]; /* field index of each known column, -1 when absent */
    size_t n_cols;
    const jmap_touchpoint **tp_col; /* wide: the touchpoint of each field, NULL for none */
    GHashTable *tps, *pers;         /* id -> touchpoint / persona */
    const char **tp_ids, **per_ids;
    acc *acc; /* [touchpoint index * n_personas + persona index] */
} survey;

static void unknown_id(survey *sv, jmap_span at, const char *kind, const char *id,
                       const char *const *ids, size_t n)
{
    jmap_diags *d = sv->r.diags;
    const char *s = csv_under_cap(d) ? jmap_suggest(id, ids, n) : NULL;
    char qid[JMAP_QUOTE_SIZE], qs[JMAP_QUOTE_SIZE];
    jmap_quote_into(qid, id);
    /* whole sentences, for translations */
    bool persona = strcmp(kind, "persona") == 0;
    if (s && persona) {
        jmap_diag_add(d, JMAP_SEV_ERROR, at, "unknown persona '%s' (did you mean '%s'?)", qid,
                      jmap_quote_into(qs, s));
    } else if (s) {
        jmap_diag_add(d, JMAP_SEV_ERROR, at, "unknown touchpoint '%s' (did you mean '%s'?)", qid,
                      jmap_quote_into(qs, s));
    } else {
        char *some = csv_some_ids(ids, n);
        if (persona)
            jmap_diag_add(d, JMAP_SEV_ERROR, at,
                          "unknown persona '%s' (expected a persona id of the journey: %s)", qid,
                          some);
        else
            jmap_diag_add(d, JMAP_SEV_ERROR, at,
                          "unknown touchpoint '%s' (expected a touchpoint id of the journey: %s)",
                          qid, some);
        g_free(some);
    }
}

/* The map entry of a wide file's column name: the same label, else the
 * same once folded. */
static const jmap_survey_map_entry *map_entry(const jmap_survey_map *m, const char *name)
{
    if (!m)
        return NULL;
    for (size_t i = 0; i < m->n; i++)
        if (strcmp(m->entries[i].label, name) == 0)
            return &m->entries[i];
    char *n = csv_norm_name(name);
    const jmap_survey_map_entry *e = NULL;
    for (size_t i = 0; i < m->n && !e; i++) {
        char *l = csv_norm_name(m->entries[i].label);
        if (*n && strcmp(l, n) == 0)
            e = &m->entries[i];
        g_free(l);
    }
    g_free(n);
    return e;
}

/* Whether a header name is one a file of this journey may have: what the
 * separator sniffing counts. */
static bool known_name(const void *ctx, const char *name)
{
    const survey *sv = ctx;
    return column_of(name) >= 0 || user_column(name) || g_hash_table_contains(sv->tps, name) ||
           map_entry(sv->map, name) != NULL;
}

/* What a score cell should hold, for messages: "1–5, e.g. 4 or 3,5". */
static char *expected_score(const survey *sv)
{
    const jmap_journey *j = sv->j;
    int mid = (j->scale_min + j->scale_max + 1) / 2;
    return g_strdup_printf(_("%d\u2013%d, e.g. %d or %d%c5"), j->scale_min, j->scale_max, mid,
                           j->scale_min, sv->r.sep == ',' ? '.' : ',');
}

/* A wide file's column: a question of the map, else a touchpoint id. */
static void wide_column(survey *sv, size_t i, const char *name, jmap_span at)
{
    csv_reader *r = &sv->r;
    const jmap_journey *j = sv->j;
    char qn[JMAP_QUOTE_SIZE], qt[JMAP_QUOTE_SIZE];
    const jmap_survey_map_entry *e = map_entry(sv->map, name);
    const jmap_touchpoint *tp = NULL;
    if (e) {
        if (!e->touchpoint)
            return; /* `label: ~`: a column to ignore */
        tp = g_hash_table_lookup(sv->tps, e->touchpoint);
        if (!tp)
            return; /* the map's entry is reported where it is written */
    } else {
        tp = g_hash_table_lookup(sv->tps, name);
    }
    if (!tp && sv->n_cols == 1) {
        jmap_diag_add(r->diags, JMAP_SEV_ERROR, at,
                      "the header is one column when read as %s separated: '%s' (expected "
                      "touchpoint, persona, score columns; is the separator right? %s)",
                      csv_sep_name(r->sep), jmap_quote_into(qn, name),
                      sv->sep_forced ? _("--data-sep forces it") : _("none of , ; or tab splits it"));
        return;
    }
    if (!tp) {
        /* what the name may have meant: a touchpoint id, a question of the
         * map, or a column name */
        size_t n = j->n_touchpoints + (sv->map ? sv->map->n : 0) + G_N_ELEMENTS(alias_names);
        const char **cands = g_new(const char *, n + 1);
        size_t k = 0;
        for (size_t t = 0; t < j->n_touchpoints; t++)
            cands[k++] = sv->tp_ids[t];
        for (size_t m = 0; sv->map && m < sv->map->n; m++)
            cands[k++] = sv->map->entries[m].label;
        for (size_t a = 0; a < G_N_ELEMENTS(alias_names); a++)
            cands[k++] = alias_names[a];
        const char *s = csv_under_cap(r->diags) ? jmap_suggest(name, cands, k) : NULL;
        jmap_quote_into(qn, name);
        if (s) {
            jmap_diag_add(r->diags, JMAP_SEV_ERROR, at, "unknown column '%s' (did you mean '%s'?)",
                          qn, jmap_quote_into(qt, s));
        } else {
            char *some = csv_some_ids(sv->tp_ids, j->n_touchpoints);
            jmap_diag_add(r->diags, JMAP_SEV_ERROR, at,
                          "unknown column '%s' (expected a touchpoint id: %s%s; or persona; "
                          "columns named x-* are ignored)",
                          qn, some, sv->map ? "; or a question of the --data-map" : "");
            g_free(some);
        }
        g_free(cands);
        return;
    }
    for (size_t k = 0; k < i; k++)
        if (sv->tp_col[k] == tp) {
            const csv_field *f = csv_field_at(r, k);
            jmap_diag_add(r->diags, JMAP_SEV_ERROR, at,
                          "column %zu gives touchpoint '%s' again (column %zu at %d:%d does "
                          "already; expected one column per touchpoint)",
                          i + 1, jmap_quote_into(qt, tp->id), k + 1, f->line, f->col);
            return;
        }
    sv->tp_col[i] = tp;
}

/* Reads the header; false when the rows cannot be interpreted. */
static bool read_header(survey *sv)
{
    csv_reader *r = &sv->r;
    for (int k = 0; k < COL_COUNT; k++)
        sv->col[k] = -1;
    sv->n_cols = r->fields->len;
    sv->tp_col = g_new0(const jmap_touchpoint *, sv->n_cols + 1);
    /* long (touchpoint, persona, score) or wide (a column per touchpoint) */
    sv->wide = true;
    for (size_t i = 0; i < r->fields->len; i++) {
        int k = column_of(csv_field_text(r, i));
        if (k == COL_TOUCHPOINT || k == COL_SCORE)
            sv->wide = false;
    }
    size_t errors_before = r->diags->errors;
    if (!sv->wide && sv->map)
        jmap_diag_add(r->diags, JMAP_SEV_ERROR, csv_span(r, r->rec_line, 1),
                      "a --data-map names the question columns of a wide file (one row per "
                      "respondent), but this file is long (it has a touchpoint or score "
                      "column); expected no --data-map for it");
    for (size_t i = 0; i < r->fields->len; i++) {
        const csv_field *f = csv_field_at(r, i);
        char *name = trim((char *)csv_field_text(r, i));
        jmap_span at = csv_span(r, f->line, f->col);
        if (!*name) {
            jmap_diag_add(r->diags, JMAP_SEV_ERROR, at,
                          "empty column name (expected a column name; %s)",
                          sv->wide ? _("a touchpoint id, persona, or x-*") : _(columns_hint));
            continue;
        }
        if (user_column(name))
            continue; /* the user's own columns (respondent, date, comment) */
        int k = column_of(name);
        if (sv->wide && k != COL_PERSONA) {
            wide_column(sv, i, name, at);
            continue;
        }
        if (k < 0) {
            char *n = csv_norm_name(name);
            const char *s = jmap_suggest(n, alias_names, G_N_ELEMENTS(alias_names));
            g_free(n);
            char qn[JMAP_QUOTE_SIZE];
            jmap_quote_into(qn, name);
            if (s)
                jmap_diag_add(r->diags, JMAP_SEV_ERROR, at,
                              "unknown column '%s' (did you mean '%s'?)", qn, s);
            else
                jmap_diag_add(r->diags, JMAP_SEV_ERROR, at, "unknown column '%s' (%s)", qn,
                              _(columns_hint));
            continue;
        }
        if (sv->col[k] >= 0) {
            jmap_diag_add(r->diags, JMAP_SEV_ERROR, at, "column '%s' given twice (expected one %s column)",
                          col_names[k], col_names[k]);
            continue;
        }
        sv->col[k] = (int)i;
    }
    if (sv->wide) {
        bool any = false;
        for (size_t i = 0; i < sv->n_cols; i++)
            any = any || sv->tp_col[i];
        if (!any && r->diags->errors == errors_before) {
            jmap_diag_add(r->diags, JMAP_SEV_ERROR, csv_span(r, r->rec_line, 1),
                          "the header names no touchpoint (expected touchpoint, persona, score "
                          "columns, or one column per touchpoint id; read as %s separated)",
                          csv_sep_name(r->sep));
        }
        return r->diags->errors == errors_before;
    }
    bool ok = true;
    for (int k = 0; k < COL_COUNT; k++) {
        if (k == COL_PERSONA || sv->col[k] >= 0)
            continue;
        jmap_diag_add(r->diags, JMAP_SEV_ERROR, csv_span(r, r->rec_line, 1),
                      "the header has no '%s' column (a survey needs touchpoint and score; "
                      "persona is optional; read as %s separated)", col_names[k], csv_sep_name(r->sep));
        ok = false;
    }
    return ok && r->diags->errors == errors_before;
}

/* The persona of a row (NULL: everyone who meets the touchpoint); false
 * after an error. tp may be NULL (a wide row: checked per cell). */
static bool row_persona(survey *sv, const jmap_touchpoint *tp, const jmap_persona **out)
{
    csv_reader *r = &sv->r;
    jmap_diags *d = r->diags;
    const jmap_journey *j = sv->j;
    *out = NULL;
    if (sv->col[COL_PERSONA] < 0)
        return true;
    const csv_field *pf = csv_field_at(r, (size_t)sv->col[COL_PERSONA]);
    char *pid = trim((char *)csv_field_text(r, (size_t)sv->col[COL_PERSONA]));
    if (!*pid)
        return true;
    char qp[JMAP_QUOTE_SIZE];
    jmap_quote_into(qp, pid);
    jmap_span at = csv_span(r, pf->line, pf->col);
    if (j->personas_implicit) {
        jmap_diag_add(d, JMAP_SEV_ERROR, at,
                      "unknown persona '%s' (the journey declares no personas; expected the "
                      "cell empty)", qp);
        return false;
    }
    const jmap_persona *per = g_hash_table_lookup(sv->pers, pid);
    if (!per) {
        unknown_id(sv, at, "persona", pid, sv->per_ids, j->n_personas);
        return false;
    }
    (void)tp;
    *out = per;
    return true;
}

/* Whether persona `per` (NULL: anyone) meets tp; an error at `at` if not. */
static bool check_meets(survey *sv, const jmap_touchpoint *tp, const jmap_persona *per,
                        jmap_span at, bool wide)
{
    const jmap_journey *j = sv->j;
    jmap_diags *d = sv->r.diags;
    char qp[JMAP_QUOTE_SIZE], qt[JMAP_QUOTE_SIZE];
    if (per) {
        if (tp->meets[per->index])
            return true;
        GString *who = g_string_new(NULL);
        for (size_t i = 0; i < j->n_personas; i++)
            if (tp->meets[i])
                g_string_append_printf(who, "%s%s", who->len ? ", " : "",
                                       jmap_quote_into(qt, j->personas[i]->id));
        /* whole sentences, for translations */
        jmap_quote_into(qp, per->id);
        jmap_quote_into(qt, tp->id);
        if (who->len && wide)
            jmap_diag_add(d, JMAP_SEV_ERROR, at,
                          "persona '%s' does not meet touchpoint '%s' (it is met by: %s; expected "
                          "this cell empty)", qp, qt, who->str);
        else if (who->len)
            jmap_diag_add(d, JMAP_SEV_ERROR, at,
                          "persona '%s' does not meet touchpoint '%s' (it is met by: %s)", qp, qt,
                          who->str);
        else if (wide)
            jmap_diag_add(d, JMAP_SEV_ERROR, at,
                          "persona '%s' does not meet touchpoint '%s' (no persona meets it; "
                          "expected this cell empty)", qp, qt);
        else
            jmap_diag_add(d, JMAP_SEV_ERROR, at,
                          "persona '%s' does not meet touchpoint '%s' (no persona meets it)", qp, qt);
        g_string_free(who, TRUE);
        return false;
    }
    for (size_t i = 0; i < j->n_personas; i++)
        if (tp->meets[i])
            return true;
    jmap_diag_add(d, JMAP_SEV_ERROR, at, "no persona meets touchpoint '%s'",
                  jmap_quote_into(qt, tp->id));
    return false;
}

/* Reads the score of field i; false after an error. */
static bool read_score(survey *sv, size_t i, double *out)
{
    csv_reader *r = &sv->r;
    jmap_diags *d = r->diags;
    const jmap_journey *j = sv->j;
    const csv_field *sf = csv_field_at(r, i);
    char *stext = trim((char *)csv_field_text(r, i));
    jmap_span sat = csv_span(r, sf->line, sf->col);
    char qs[JMAP_QUOTE_SIZE];
    if (!*stext) {
        char *want = expected_score(sv);
        jmap_diag_add(d, JMAP_SEV_ERROR, sat, "empty score (expected %s)", want);
        g_free(want);
        return false;
    }
    if (!parse_score(stext, out)) {
        char *want = expected_score(sv);
        jmap_diag_add(d, JMAP_SEV_ERROR, sat, "score '%s' is not a number (expected %s)",
                      jmap_quote_into(qs, stext), want);
        g_free(want);
        return false;
    }
    if (*out < j->scale_min || *out > j->scale_max) {
        jmap_diag_add(d, JMAP_SEV_ERROR, sat, "score %s is outside the journey's scale %d..%d",
                      jmap_quote_into(qs, stext), j->scale_min, j->scale_max);
        return false;
    }
    return true;
}

static void add_answer(survey *sv, const jmap_touchpoint *tp, const jmap_persona *per,
                       double score)
{
    const jmap_journey *j = sv->j;
    size_t base = tp->index * j->n_personas;
    if (per) {
        acc_add(&sv->acc[base + per->index], score);
        return;
    }
    for (size_t i = 0; i < j->n_personas; i++)
        if (tp->meets[i])
            acc_add(&sv->acc[base + i], score);
}

static bool row_width(survey *sv)
{
    csv_reader *r = &sv->r;
    if (r->fields->len == sv->n_cols)
        return true;
    bool many = r->fields->len > sv->n_cols;
    jmap_span at = many ? csv_span(r, csv_field_at(r, sv->n_cols)->line, csv_field_at(r, sv->n_cols)->col)
                        : csv_span(r, r->end_line, r->end_col);
    if (many)
        jmap_diag_add(r->diags, JMAP_SEV_ERROR, at,
                      "too many fields: the header has %zu, this row has %u (read as %s separated)",
                      sv->n_cols, r->fields->len, csv_sep_name(r->sep));
    else
        jmap_diag_add(r->diags, JMAP_SEV_ERROR, at,
                      "too few fields: the header has %zu, this row has %u (read as %s separated)",
                      sv->n_cols, r->fields->len, csv_sep_name(r->sep));
    return false;
}

/* Checks one answer of a long file and adds it to the accumulators. */
static void read_row(survey *sv)
{
    csv_reader *r = &sv->r;
    jmap_diags *d = r->diags;
    const jmap_journey *j = sv->j;
    if (!row_width(sv))
        return;
    bool ok = true;

    const csv_field *tf = csv_field_at(r, (size_t)sv->col[COL_TOUCHPOINT]);
    char *tid = trim((char *)csv_field_text(r, (size_t)sv->col[COL_TOUCHPOINT]));
    jmap_span tat = csv_span(r, tf->line, tf->col);
    const jmap_touchpoint *tp = NULL;
    if (!*tid) {
        char *some = csv_some_ids(sv->tp_ids, j->n_touchpoints);
        jmap_diag_add(d, JMAP_SEV_ERROR, tat, "empty touchpoint id (expected one of: %s)", some);
        g_free(some);
        ok = false;
    } else if (!(tp = g_hash_table_lookup(sv->tps, tid))) {
        unknown_id(sv, tat, "touchpoint", tid, sv->tp_ids, j->n_touchpoints);
        ok = false;
    }
    const jmap_persona *per = NULL;
    if (!row_persona(sv, tp, &per))
        ok = false;
    else if (tp) {
        jmap_span at = tat;
        if (per) {
            const csv_field *pf = csv_field_at(r, (size_t)sv->col[COL_PERSONA]);
            at = csv_span(r, pf->line, pf->col);
        }
        ok = check_meets(sv, tp, per, at, false) && ok;
    }
    double score = 0;
    ok = read_score(sv, (size_t)sv->col[COL_SCORE], &score) && ok;
    if (ok)
        add_answer(sv, tp, per, score);
}

/* Checks one respondent of a wide file: every cell with an answer. */
static void read_wide_row(survey *sv)
{
    csv_reader *r = &sv->r;
    if (!row_width(sv))
        return;
    const jmap_persona *per = NULL;
    if (!row_persona(sv, NULL, &per))
        return;
    for (size_t i = 0; i < sv->n_cols; i++) {
        const jmap_touchpoint *tp = sv->tp_col[i];
        if (!tp || !*trim((char *)csv_field_text(r, i)))
            continue; /* not a touchpoint, or no answer */
        const csv_field *f = csv_field_at(r, i);
        double score = 0;
        if (check_meets(sv, tp, per, csv_span(r, f->line, f->col), true) &&
            read_score(sv, i, &score))
            add_answer(sv, tp, per, score);
    }
}

/* The map's touchpoint ids, checked against the journey where they are
 * written. */
static void check_map(survey *sv)
{
    for (size_t i = 0; sv->map && i < sv->map->n; i++) {
        const jmap_survey_map_entry *e = &sv->map->entries[i];
        if (e->touchpoint && !g_hash_table_contains(sv->tps, e->touchpoint))
            unknown_id(sv, e->span, "touchpoint", e->touchpoint, sv->tp_ids,
                       sv->j->n_touchpoints);
    }
}

/* A wave's name as the map and the report show it: valid UTF-8, control
 * and bidirectional characters as U+FFFD, at most 40 characters (a file
 * name may hold anything). */
static const char *clean_label(jmap_doc *doc, const char *label)
{
    char *valid = g_utf8_make_valid(label, -1);
    GString *g = g_string_new(NULL);
    size_t n = 0;
    for (const char *p = valid; *p; p = g_utf8_next_char(p), n++) {
        gunichar c = g_utf8_get_char(p);
        if (n == 40) {
            g_string_append(g, "\u2026");
            break;
        }
        g_string_append_unichar(g, g_unichar_iscntrl(c) || jmap_char_is_hidden(c) ? 0xFFFD : c);
    }
    const char *r = jmap_arena_strdup(doc->arena, g->len ? g->str : "?");
    g_string_free(g, TRUE);
    g_free(valid);
    return r;
}

/* The name of a wave read from `name`: the file's name without folder and
 * extension. */
static const char *default_label(jmap_doc *doc, const char *name)
{
    if (!name || !strcmp(name, "-") || !strcmp(name, "<stdin>"))
        return "stdin";
    char *base = g_path_get_basename(name);
    char *dot = strrchr(base, '.');
    if (dot && dot != base)
        *dot = '\0';
    const char *r = clean_label(doc, base);
    g_free(base);
    return r;
}

/* The model takes the wave: it joins the list, and its means become the
 * curve; where it has no answers, the curve is the journey file's again. */
static void commit_wave(jmap_doc *doc, survey *sv, const jmap_source *src, const char *label)
{
    jmap_journey *j = doc->journey;
    size_t np = j->n_personas, cells = j->n_touchpoints * np;
    jmap_wave *waves = jmap_arena_alloc(doc->arena, sizeof *waves * (j->n_waves + 1));
    if (j->n_waves)
        memcpy(waves, j->waves, sizeof *waves * j->n_waves);
    jmap_wave *w = &waves[j->n_waves];
    w->label = label; /* in the arena already */
    w->source = src->name;
    w->scores = jmap_arena_alloc(doc->arena, sizeof *w->scores * (cells ? cells : 1));
    for (size_t c = 0; c < cells; c++) {
        const acc *a = &sv->acc[c];
        if (a->n == 0)
            continue;
        w->scores[c].set = true;
        w->scores[c].value = a->mean;
        w->scores[c].n = a->n;
        w->scores[c].sd = a->n > 1 ? sqrt(fmax(a->m2 / a->n, 0.0)) : 0.0;
    }
    const jmap_wave *prev = j->n_waves ? &waves[j->n_waves - 1] : NULL;
    GString *dropped = g_string_new(NULL);
    size_t n_dropped = 0;
    for (size_t t = 0; t < j->n_touchpoints; t++) {
        jmap_touchpoint *tp = j->touchpoints[t];
        if (!tp->file_emotion) {
            tp->file_emotion = jmap_arena_alloc(doc->arena, sizeof *tp->file_emotion * (np ? np : 1));
            memcpy(tp->file_emotion, tp->emotion, sizeof *tp->emotion * np);
        }
        bool lost = false;
        for (size_t i = 0; i < np; i++) {
            const jmap_score *sc = &w->scores[t * np + i];
            tp->emotion[i] = sc->set ? *sc : tp->file_emotion[i];
            lost = lost || (prev && prev->scores[t * np + i].set && !sc->set);
        }
        if (lost) {
            char q[JMAP_QUOTE_SIZE];
            if (n_dropped < 6)
                g_string_append_printf(dropped, "%s%s", n_dropped ? ", " : "",
                                       jmap_quote_into(q, tp->id));
            n_dropped++;
        }
    }
    if (n_dropped) {
        char ql[JMAP_QUOTE_SIZE], qp[JMAP_QUOTE_SIZE];
        jmap_span at = {src, 0, 0};
        /* the whole sentence per number, for translations */
        if (n_dropped == 1)
            jmap_diag_add(&doc->diags, JMAP_SEV_WARNING, at,
                          "wave '%s' has no answers for %zu touchpoint that wave '%s' answered "
                          "(%s%s); the curve shows the journey file's emotion there",
                          jmap_quote_into(ql, label), n_dropped, jmap_quote_into(qp, prev->label),
                          dropped->str, "");
        else
            jmap_diag_add(&doc->diags, JMAP_SEV_WARNING, at,
                          "wave '%s' has no answers for %zu touchpoints that wave '%s' answered "
                          "(%s%s); the curve shows the journey file's emotion there",
                          jmap_quote_into(ql, label), n_dropped, jmap_quote_into(qp, prev->label),
                          dropped->str, n_dropped > 6 ? ", \u2026" : "");
    }
    g_string_free(dropped, TRUE);
    j->waves = waves;
    j->n_waves++;
}

bool jmap_apply_survey(jmap_doc *doc, const char *name, const char *data, size_t len)
{
    return jmap_apply_survey_opts(doc, name, data, len, NULL);
}

bool jmap_apply_survey_opts(jmap_doc *doc, const char *name, const char *data, size_t len,
                            const jmap_survey_opts *opts)
{
    if (!doc)
        return false;
    jmap_diags *d = &doc->diags;
    size_t errors_before = d->errors;
    const char *shown = name ? name : "<survey>";
    bool readable;
    const jmap_source *src = csv_source(doc, shown, data, len, N_("survey file"), &readable);
    if (!src)
        return false;
    if (!readable)
        return false;
    if (!doc->journey) {
        jmap_span none = {src, 0, 0};
        jmap_diag_add(d, JMAP_SEV_ERROR, none, "survey data needs a valid journey");
        return false;
    }
    const jmap_journey *j = doc->journey;
    const char *label = opts && opts->label ? clean_label(doc, opts->label) : default_label(doc, name);
    {
        jmap_span none = {src, 0, 0};
        char ql[JMAP_QUOTE_SIZE];
        for (size_t w = 0; w < j->n_waves; w++)
            if (strcmp(j->waves[w].label, label) == 0) {
                jmap_diag_add(d, JMAP_SEV_ERROR, none,
                              "a wave is already labelled '%s' (from %s); expected a label of its "
                              "own for each file (LABEL=FILE)",
                              jmap_quote_into(ql, label), j->waves[w].source);
                return false;
            }
        if (j->n_waves >= JMAP_MAX_WAVES) {
            jmap_diag_add(d, JMAP_SEV_ERROR, none, "too many survey waves (the limit is %d)",
                          JMAP_MAX_WAVES);
            return false;
        }
    }

    survey sv;
    memset(&sv, 0, sizeof sv);
    sv.j = j;
    sv.map = opts ? opts->map : NULL;
    csv_reader *r = &sv.r;
    csv_init(r, src, d);

    sv.tps = g_hash_table_new(g_str_hash, g_str_equal);
    sv.pers = g_hash_table_new(g_str_hash, g_str_equal);
    sv.tp_ids = g_new(const char *, j->n_touchpoints + 1);
    sv.per_ids = g_new(const char *, j->n_personas + 1);
    for (size_t i = 0; i < j->n_touchpoints; i++) {
        sv.tp_ids[i] = j->touchpoints[i]->id;
        g_hash_table_insert(sv.tps, (gpointer)j->touchpoints[i]->id, j->touchpoints[i]);
    }
    for (size_t i = 0; i < j->n_personas; i++) {
        sv.per_ids[i] = j->personas[i]->id;
        g_hash_table_insert(sv.pers, (gpointer)j->personas[i]->id, j->personas[i]);
    }
    sv.acc = g_new0(acc, j->n_touchpoints * j->n_personas + 1);
    sv.sep_forced = opts && opts->sep;
    r->sep = sv.sep_forced ? opts->sep : csv_sniff(r, known_name, &sv);
    check_map(&sv);

    bool bad_rec;
    int got;
    while ((got = csv_read_record(r, &bad_rec)) == 1 && !bad_rec && csv_record_blank(r))
        ;
    if (got == 0) {
        jmap_span at = {src, 1, 1};
        jmap_diag_add(d, JMAP_SEV_ERROR, at,
                      "empty survey file: expected a header row 'touchpoint,persona,score' (or "
                      "'persona' and one column per touchpoint)");
        goto out;
    }
    if (got < 0 || bad_rec || !read_header(&sv))
        goto out;

    size_t rows = 0;
    while ((got = csv_read_record(r, &bad_rec)) == 1) {
        if (bad_rec || csv_record_blank(r))
            continue;
        rows++;
        if (sv.wide)
            read_wide_row(&sv);
        else
            read_row(&sv);
    }
    if (got == 0 && rows == 0 && d->errors == errors_before) {
        jmap_span at = {src, 0, 0};
        jmap_diag_add(d, JMAP_SEV_WARNING, at,
                      "the survey has a header but no responses; the emotions of the journey "
                      "file are kept");
    }
    if (d->errors == errors_before)
        commit_wave(doc, &sv, src, label);

out:
    csv_free(r);
    g_hash_table_destroy(sv.tps);
    g_hash_table_destroy(sv.pers);
    g_free(sv.tp_ids);
    g_free(sv.per_ids);
    g_free(sv.tp_col);
    g_free(sv.acc);
    return d->errors == errors_before;
}
