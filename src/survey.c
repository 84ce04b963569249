/*
 * survey.c — survey responses (CSV) drive the emotion curve: each
 * (touchpoint, persona) gets the mean of its scores, the number of responses
 * and their spread. The CSV reader is our own because every error must point
 * at the line and column of the field at fault, which general CSV libraries
 * do not track. Nothing in the model changes unless the whole file is valid.
 */
#include "jmap.h"

#include <glib.h>
#include <math.h>
#include <string.h>

/* ------------------------------------------------------------ CSV reader */

typedef struct csv_field {
    size_t off, len; /* into the reader's buffer (NUL-terminated there) */
    int line, col;
    bool quoted;
} csv_field;

typedef struct csv_reader {
    const jmap_source *src;
    jmap_diags *diags;
    const char *p, *end;
    int line, col;
    GString *buf;   /* the unescaped texts of the current record */
    GArray *fields; /* csv_field */
    int rec_line;   /* where the current record starts */
    int end_line, end_col; /* where it ends (before its line break) */
    bool bare_cr_reported;
} csv_reader;

static jmap_span span_at(const csv_reader *r, int line, int col)
{
    jmap_span s = {r->src, line, col};
    return s;
}

/* Moves past one byte, keeping line and column (columns count characters). */
static void advance(csv_reader *r)
{
    unsigned char c = (unsigned char)*r->p++;
    if (c == '\n') {
        r->line++;
        r->col = 1;
    } else if ((c & 0xC0) != 0x80) {
        r->col++;
    }
}

static bool at_line_end(const csv_reader *r)
{
    return r->p < r->end && (*r->p == '\n' || *r->p == '\r');
}

/* Consumes a line break (LF, CRLF; a lone CR is reported once and treated as one). */
static void eat_line_end(csv_reader *r)
{
    if (*r->p == '\r') {
        if (r->p + 1 < r->end && r->p[1] == '\n') {
            advance(r);
        } else {
            if (!r->bare_cr_reported)
                jmap_diag_add(r->diags, JMAP_SEV_ERROR, span_at(r, r->line, r->col),
                              "carriage return without a line feed; save the file with LF or "
                              "CRLF line endings");
            r->bare_cr_reported = true;
            advance(r);
            return;
        }
    }
    advance(r);
}

/*
 * Reads one record into r->fields. Returns 1 when a record was read, 0 at the
 * end of the input, -1 when the rest of the input cannot be read (an
 * unterminated quote). *bad is set when the record is malformed (already
 * reported) and must be skipped.
 */
static int read_record(csv_reader *r, bool *bad)
{
    *bad = false;
    g_string_truncate(r->buf, 0);
    g_array_set_size(r->fields, 0);
    if (r->p >= r->end)
        return 0;
    r->rec_line = r->line;
    for (;;) {
        csv_field f = {r->buf->len, 0, r->line, r->col, false};
        if (r->p < r->end && *r->p == '"') {
            f.quoted = true;
            int qline = r->line, qcol = r->col;
            advance(r);
            for (;;) {
                if (r->p >= r->end) {
                    jmap_diag_add(r->diags, JMAP_SEV_ERROR, span_at(r, qline, qcol),
                                  "unterminated quoted field: the quote opened here is never "
                                  "closed");
                    return -1;
                }
                if (*r->p == '"') {
                    if (r->p + 1 < r->end && r->p[1] == '"') {
                        g_string_append_c(r->buf, '"');
                        advance(r);
                        advance(r);
                        continue;
                    }
                    advance(r);
                    break;
                }
                g_string_append_c(r->buf, *r->p);
                advance(r);
            }
            if (r->p < r->end && *r->p != ',' && !at_line_end(r)) {
                if (!*bad)
                    jmap_diag_add(r->diags, JMAP_SEV_ERROR, span_at(r, r->line, r->col),
                                  "unexpected text after a closing quote; a quote inside a "
                                  "quoted field is written twice (\"\")");
                *bad = true;
                while (r->p < r->end && *r->p != ',' && !at_line_end(r))
                    advance(r);
            }
        } else {
            while (r->p < r->end && *r->p != ',' && !at_line_end(r)) {
                if (*r->p == '"' && !*bad) {
                    jmap_diag_add(r->diags, JMAP_SEV_ERROR, span_at(r, r->line, r->col),
                                  "quote inside an unquoted field; enclose the field in quotes "
                                  "and write the quote twice (\"\")");
                    *bad = true;
                }
                g_string_append_c(r->buf, *r->p);
                advance(r);
            }
        }
        f.len = r->buf->len - f.off;
        g_string_append_c(r->buf, '\0');
        g_array_append_val(r->fields, f);
        if (r->p < r->end && *r->p == ',') {
            advance(r);
            continue;
        }
        r->end_line = r->line;
        r->end_col = r->col;
        if (r->p < r->end)
            eat_line_end(r);
        return 1;
    }
}

static const char *field_text(const csv_reader *r, size_t i)
{
    return r->buf->str + g_array_index(r->fields, csv_field, i).off;
}

static const csv_field *field_at(const csv_reader *r, size_t i)
{
    return &g_array_index(r->fields, csv_field, i);
}

/* A blank line: one empty, unquoted field. */
static bool record_blank(const csv_reader *r)
{
    return r->fields->len == 1 && field_at(r, 0)->len == 0 && !field_at(r, 0)->quoted;
}

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

/* -------------------------------------------------------------- applying */

enum { COL_TOUCHPOINT, COL_PERSONA, COL_SCORE, COL_COUNT };
static const char *const col_names[COL_COUNT] = {"touchpoint", "persona", "score"};

typedef struct survey {
    csv_reader r;
    const jmap_journey *j;
    int col[COL_COUNT]; /* field index of each known column, -1 when absent */
    size_t n_cols;
    GHashTable *tps, *pers; /* id -> touchpoint / persona */
    const char **tp_ids, **per_ids;
    acc *acc; /* [touchpoint index * n_personas + persona index] */
} survey;

static bool under_cap(const jmap_diags *d)
{
    size_t max = d->max_errors ? d->max_errors : JMAP_DEFAULT_MAX_ERRORS;
    return d->errors < max;
}

static void unknown_id(survey *sv, const csv_field *f, const char *kind, const char *id,
                       const char *const *ids, size_t n)
{
    jmap_diags *d = sv->r.diags;
    const char *s = under_cap(d) ? jmap_suggest(id, ids, n) : NULL;
    char qid[JMAP_QUOTE_SIZE], qs[JMAP_QUOTE_SIZE];
    jmap_quote_into(qid, id);
    if (s)
        jmap_diag_add(d, JMAP_SEV_ERROR, span_at(&sv->r, f->line, f->col),
                      "unknown %s '%s' (did you mean '%s'?)", kind, qid, jmap_quote_into(qs, s));
    else
        jmap_diag_add(d, JMAP_SEV_ERROR, span_at(&sv->r, f->line, f->col), "unknown %s '%s'",
                      kind, qid);
}

/* Reads the header; false when the rows cannot be interpreted. */
static bool read_header(survey *sv)
{
    csv_reader *r = &sv->r;
    for (int k = 0; k < COL_COUNT; k++)
        sv->col[k] = -1;
    sv->n_cols = r->fields->len;
    bool ok = true;
    for (size_t i = 0; i < r->fields->len; i++) {
        const csv_field *f = field_at(r, i);
        char *name = trim((char *)field_text(r, i));
        jmap_span at = span_at(r, f->line, f->col);
        if (!*name) {
            jmap_diag_add(r->diags, JMAP_SEV_ERROR, at,
                          "empty column name (columns: touchpoint, persona, score)");
            continue;
        }
        if (g_ascii_strncasecmp(name, "x-", 2) == 0)
            continue; /* the user's own columns (respondent, date, comment) */
        int k = -1;
        for (int c = 0; c < COL_COUNT; c++)
            if (g_ascii_strcasecmp(name, col_names[c]) == 0)
                k = c;
        if (k < 0) {
            const char *s = jmap_suggest(name, col_names, COL_COUNT);
            char qn[JMAP_QUOTE_SIZE];
            jmap_quote_into(qn, name);
            if (s)
                jmap_diag_add(r->diags, JMAP_SEV_ERROR, at,
                              "unknown column '%s' (did you mean '%s'?)", qn, s);
            else
                jmap_diag_add(r->diags, JMAP_SEV_ERROR, at,
                              "unknown column '%s' (columns: touchpoint, persona, score; "
                              "columns named x-* are ignored)", qn);
            continue;
        }
        if (sv->col[k] >= 0) {
            jmap_diag_add(r->diags, JMAP_SEV_ERROR, at, "column '%s' given twice",
                          col_names[k]);
            continue;
        }
        sv->col[k] = (int)i;
    }
    for (int k = 0; k < COL_COUNT; k++) {
        if (k == COL_PERSONA || sv->col[k] >= 0)
            continue;
        jmap_diag_add(r->diags, JMAP_SEV_ERROR, span_at(r, r->rec_line, 1),
                      "the header has no '%s' column (a survey needs touchpoint and score; "
                      "persona is optional)", col_names[k]);
        ok = false;
    }
    return ok;
}

/* Checks one response and adds it to the accumulators. */
static void read_row(survey *sv)
{
    csv_reader *r = &sv->r;
    jmap_diags *d = r->diags;
    const jmap_journey *j = sv->j;
    if (r->fields->len != sv->n_cols) {
        bool many = r->fields->len > sv->n_cols;
        jmap_span at = many ? span_at(r, field_at(r, sv->n_cols)->line, field_at(r, sv->n_cols)->col)
                            : span_at(r, r->end_line, r->end_col);
        jmap_diag_add(d, JMAP_SEV_ERROR, at, "too %s fields: the header has %zu, this row has %u",
                      many ? "many" : "few", sv->n_cols, r->fields->len);
        return;
    }
    bool ok = true;

    const csv_field *tf = field_at(r, (size_t)sv->col[COL_TOUCHPOINT]);
    char *tid = trim((char *)field_text(r, (size_t)sv->col[COL_TOUCHPOINT]));
    const jmap_touchpoint *tp = NULL;
    if (!*tid) {
        jmap_diag_add(d, JMAP_SEV_ERROR, span_at(r, tf->line, tf->col), "empty touchpoint id");
        ok = false;
    } else if (!(tp = g_hash_table_lookup(sv->tps, tid))) {
        unknown_id(sv, tf, "touchpoint", tid, sv->tp_ids, j->n_touchpoints);
        ok = false;
    }

    const jmap_persona *per = NULL;
    if (sv->col[COL_PERSONA] >= 0) {
        const csv_field *pf = field_at(r, (size_t)sv->col[COL_PERSONA]);
        char *pid = trim((char *)field_text(r, (size_t)sv->col[COL_PERSONA]));
        char qp[JMAP_QUOTE_SIZE], qt[JMAP_QUOTE_SIZE];
        if (*pid) {
            jmap_quote_into(qp, pid);
            if (j->personas_implicit) {
                jmap_diag_add(d, JMAP_SEV_ERROR, span_at(r, pf->line, pf->col),
                              "unknown persona '%s' (the journey declares no personas; leave "
                              "the column empty)", qp);
                ok = false;
            } else if (!(per = g_hash_table_lookup(sv->pers, pid))) {
                unknown_id(sv, pf, "persona", pid, sv->per_ids, j->n_personas);
                ok = false;
            } else if (tp && !tp->meets[per->index]) {
                GString *who = g_string_new(NULL);
                for (size_t i = 0; i < j->n_personas; i++)
                    if (tp->meets[i])
                        g_string_append_printf(who, "%s%s", who->len ? ", " : "",
                                               jmap_quote_into(qt, j->personas[i]->id));
                jmap_diag_add(d, JMAP_SEV_ERROR, span_at(r, pf->line, pf->col),
                              "persona '%s' does not meet touchpoint '%s' (%s%s)", qp,
                              jmap_quote_into(qt, tp->id),
                              who->len ? "it is met by: " : "no persona meets it",
                              who->str);
                g_string_free(who, TRUE);
                ok = false;
            }
        }
    }
    if (tp && !per && ok) {
        bool anyone = false;
        for (size_t i = 0; i < j->n_personas; i++)
            anyone = anyone || tp->meets[i];
        if (!anyone) {
            char qt[JMAP_QUOTE_SIZE];
            jmap_diag_add(d, JMAP_SEV_ERROR, span_at(r, tf->line, tf->col),
                          "no persona meets touchpoint '%s'", jmap_quote_into(qt, tp->id));
            ok = false;
        }
    }

    const csv_field *sf = field_at(r, (size_t)sv->col[COL_SCORE]);
    char *stext = trim((char *)field_text(r, (size_t)sv->col[COL_SCORE]));
    double score = 0;
    jmap_span sat = span_at(r, sf->line, sf->col);
    if (!*stext) {
        jmap_diag_add(d, JMAP_SEV_ERROR, sat, "empty score");
        ok = false;
    } else if (!parse_score(stext, &score)) {
        char qs[JMAP_QUOTE_SIZE];
        jmap_diag_add(d, JMAP_SEV_ERROR, sat, "score '%s' is not a number",
                      jmap_quote_into(qs, stext));
        ok = false;
    } else if (score < j->scale_min || score > j->scale_max) {
        char qs[JMAP_QUOTE_SIZE];
        jmap_diag_add(d, JMAP_SEV_ERROR, sat, "score %s is outside the journey's scale %d..%d",
                      jmap_quote_into(qs, stext), j->scale_min, j->scale_max);
        ok = false;
    }
    if (!ok)
        return;

    size_t base = tp->index * j->n_personas;
    if (per) {
        acc_add(&sv->acc[base + per->index], score);
    } else {
        for (size_t i = 0; i < j->n_personas; i++)
            if (tp->meets[i])
                acc_add(&sv->acc[base + i], score);
    }
}

bool jmap_apply_survey(jmap_doc *doc, const char *name, const char *data, size_t len)
{
    if (!doc)
        return false;
    jmap_diags *d = &doc->diags;
    size_t errors_before = d->errors;
    const char *shown = name ? name : "<survey>";
    if (len > JMAP_MAX_INPUT_BYTES) {
        /* The text may not even have been read: register an empty one. */
        jmap_source *big = jmap_doc_add_source(doc, shown, "", 0);
        jmap_span at = {big, 0, 0};
        jmap_diag_add(d, JMAP_SEV_ERROR, at, "survey file too large (%zu bytes; the limit is %u)",
                      len, JMAP_MAX_INPUT_BYTES);
        return false;
    }
    /* A byte-order mark, as spreadsheets write, is not part of the text: it
     * is left out of the source, so that lines and columns (and the quoted
     * line under a diagnostic) are those of the text. */
    if (data && len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
        data += 3;
        len -= 3;
    }
    const jmap_source *src = jmap_doc_add_source(doc, shown, data ? data : "", data ? len : 0);
    if (!src)
        return false;
    if (!doc->journey) {
        jmap_span none = {src, 0, 0};
        jmap_diag_add(d, JMAP_SEV_ERROR, none, "survey data needs a valid journey");
        return false;
    }
    const jmap_journey *j = doc->journey;

    /* The text must be UTF-8 before any column can be counted. */
    const char *bad = NULL;
    if (!g_utf8_validate(src->text, (gssize)src->len, &bad)) {
        int line = 1, col = 1;
        for (const char *c = src->text; c < bad; c++) {
            if (*c == '\n') {
                line++;
                col = 1;
            } else if (((unsigned char)*c & 0xC0) != 0x80) {
                col++;
            }
        }
        jmap_span at = {src, line, col};
        if (*bad == '\0')
            jmap_diag_add(d, JMAP_SEV_ERROR, at, "NUL byte in the survey file");
        else
            jmap_diag_add(d, JMAP_SEV_ERROR, at, "invalid UTF-8 (byte 0x%02X)",
                          (unsigned char)*bad);
        return false;
    }

    survey sv;
    memset(&sv, 0, sizeof sv);
    sv.j = j;
    csv_reader *r = &sv.r;
    r->src = src;
    r->diags = d;
    r->p = src->text;
    r->end = src->text + src->len;
    r->line = r->col = 1;
    r->buf = g_string_new(NULL);
    r->fields = g_array_new(FALSE, FALSE, sizeof(csv_field));

    bool bad_rec;
    int got;
    while ((got = read_record(r, &bad_rec)) == 1 && !bad_rec && record_blank(r))
        ;
    if (got == 0) {
        jmap_span at = {src, 1, 1};
        jmap_diag_add(d, JMAP_SEV_ERROR, at,
                      "empty survey file: expected a header row 'touchpoint,persona,score'");
        goto out;
    }
    if (got < 0 || bad_rec || !read_header(&sv))
        goto out;

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

    size_t rows = 0;
    while ((got = read_record(r, &bad_rec)) == 1) {
        if (bad_rec || record_blank(r))
            continue;
        rows++;
        read_row(&sv);
    }
    if (got == 0 && rows == 0 && d->errors == errors_before) {
        jmap_span at = {src, 0, 0};
        jmap_diag_add(d, JMAP_SEV_WARNING, at,
                      "the survey has a header but no responses; the emotions of the journey "
                      "file are kept");
    }
    if (d->errors == errors_before) {
        for (size_t t = 0; t < j->n_touchpoints; t++) {
            jmap_touchpoint *tp = j->touchpoints[t];
            for (size_t i = 0; i < j->n_personas; i++) {
                const acc *a = &sv.acc[t * j->n_personas + i];
                if (a->n == 0)
                    continue;
                tp->emotion[i].set = true;
                tp->emotion[i].value = a->mean;
                tp->emotion[i].n = a->n;
                tp->emotion[i].sd = a->n > 1 ? sqrt(fmax(a->m2 / a->n, 0.0)) : 0.0;
            }
        }
    }

out:
    g_string_free(r->buf, TRUE);
    g_array_free(r->fields, TRUE);
    if (sv.tps)
        g_hash_table_destroy(sv.tps);
    if (sv.pers)
        g_hash_table_destroy(sv.pers);
    g_free(sv.tp_ids);
    g_free(sv.per_ids);
    g_free(sv.acc);
    return d->errors == errors_before;
}
