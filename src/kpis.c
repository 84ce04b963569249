/*
 * kpis.c — KPI figures as people write them (jmap_kpi_number), and KPI data
 * from a CSV file (--kpis): values, targets and dated series that fill the
 * stages' KPIs. The file is read with the survey's CSV reader (csv.h), so it
 * takes the same separators, byte-order mark and line ends, and every
 * problem points at its line and column. Nothing in the model changes unless
 * the whole file is valid.
 */
#include "csv.h"
#include "i18n.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- numbers */

static bool blank_char(gunichar c)
{
    return c == ' ' || c == '\t' || c == 0x00A0 || c == 0x202F || c == 0x2009;
}

/* Trims blanks (ASCII and the no-break spaces) of [*b, *e). */
static void trim_span(const char **b, const char **e)
{
    while (*b < *e && blank_char(g_utf8_get_char(*b)))
        *b = g_utf8_next_char(*b);
    while (*e > *b) {
        const char *p = g_utf8_find_prev_char(*b, *e);
        if (!p || !blank_char(g_utf8_get_char(p)))
            break;
        *e = p;
    }
}

bool jmap_kpi_number(const char *s, jmap_locale locale, double *out, bool *percent)
{
    if (!s || !g_utf8_validate(s, -1, NULL))
        return false;
    const char *b = s, *e = s + strlen(s);
    trim_span(&b, &e);
    bool pct = false;
    if (e > b && e[-1] == '%') {
        pct = true;
        e--;
        trim_span(&b, &e);
    }
    if (e <= b || e - b > 64)
        return false;
    char buf[80];
    size_t n = 0;
    if (*b == '+' || *b == '-') {
        if (*b == '-')
            buf[n++] = '-';
        b++;
    } else if (g_str_has_prefix(b, "\u2212")) { /* a typographic minus */
        buf[n++] = '-';
        b += 3;
    }
    bool fr = locale == JMAP_LOCALE_FR;
    /* the integer part: digits, in groups of three after a separator */
    int group = -1; /* digits since the last group separator; -1 before any */
    size_t int_digits = 0, frac_digits = 0;
    bool decimal = false;
    const char *p = b;
    while (p < e) {
        gunichar c = g_utf8_get_char(p);
        if (c >= '0' && c <= '9') {
            buf[n++] = (char)c;
            if (decimal) {
                frac_digits++;
            } else {
                int_digits++;
                if (group >= 0 && ++group > 3)
                    return false;
            }
        } else if (!decimal && (c == ' ' || c == 0x00A0 || c == 0x202F || c == 0x2009 ||
                                (!fr && c == ','))) {
            /* a group separator: after 1 to 3 digits, then exactly three */
            if (int_digits == 0 || (group < 0 && int_digits > 3) || (group >= 0 && group != 3))
                return false;
            group = 0;
        } else if (!decimal && (c == '.' || (fr && c == ','))) {
            decimal = true;
            buf[n++] = '.';
        } else {
            return false;
        }
        p = g_utf8_next_char(p);
    }
    if (group >= 0 && group != 3)
        return false;
    if (int_digits + frac_digits == 0 || (decimal && frac_digits == 0))
        return false;
    buf[n] = '\0';
    char *end = NULL;
    double v = g_ascii_strtod(buf, &end);
    if (!end || *end || !isfinite(v))
        return false;
    *out = v;
    if (percent)
        *percent = pct;
    return true;
}

/* ------------------------------------------------------------------ file */

enum { KC_STAGE, KC_KPI, KC_VALUE, KC_TARGET, KC_DATE, KC_COUNT };
static const char *const kc_names[KC_COUNT] = {"stage", "kpi", "value", "target", "date"};

/* Header names, compared once folded (csv_norm_name): English and French. */
static const struct {
    int col;
    const char *name;
} kc_aliases[] = {
    {KC_STAGE, "stage"},  {KC_STAGE, "etape"},       {KC_KPI, "kpi"},
    {KC_KPI, "indicateur"}, {KC_VALUE, "value"},     {KC_VALUE, "valeur"},
    {KC_TARGET, "target"}, {KC_TARGET, "cible"},     {KC_DATE, "date"},
};
static const char *const kc_alias_names[] = {"stage", "étape", "kpi", "indicateur", "value",
                                             "valeur", "target", "cible", "date"};

#define KPI_COLUMNS_HINT                                                                       \
    "columns: stage, kpi, value, and optionally target, date (or étape, indicateur, valeur, "  \
    "cible, date); columns named x-* are ignored"

static int kc_column(const char *name)
{
    char *n = csv_norm_name(name);
    int k = -1;
    for (size_t i = 0; i < G_N_ELEMENTS(kc_aliases) && k < 0; i++)
        if (strcmp(n, kc_aliases[i].name) == 0)
            k = kc_aliases[i].col;
    g_free(n);
    return k;
}

static bool kc_known(const void *ctx, const char *name)
{
    (void)ctx;
    return kc_column(name) >= 0 || g_ascii_strncasecmp(name, "x-", 2) == 0;
}

/* One valid row. */
typedef struct kpi_row {
    jmap_stage *stage;
    char *name;
    jmap_kpi_value value, target; /* texts in the doc's arena */
    bool percent;
    char *date; /* NULL: undated */
    int line;
} kpi_row;

typedef struct kpi_file {
    csv_reader r;
    jmap_doc *doc;
    const jmap_journey *j;
    int col[KC_COUNT];
    size_t n_cols;
    const char **stage_ids;
    GArray *rows; /* kpi_row */
} kpi_file;

static void kf_error(kpi_file *kf, size_t field, const char *fmt, const char *a)
{
    const csv_field *f = csv_field_at(&kf->r, field);
    jmap_diag_add(kf->r.diags, JMAP_SEV_ERROR, csv_span(&kf->r, f->line, f->col), fmt, a);
}

static bool read_header(kpi_file *kf)
{
    csv_reader *r = &kf->r;
    jmap_diags *d = r->diags;
    size_t errors_before = d->errors;
    char q[JMAP_QUOTE_SIZE], qs[JMAP_QUOTE_SIZE];
    for (int k = 0; k < KC_COUNT; k++)
        kf->col[k] = -1;
    kf->n_cols = r->fields->len;
    for (size_t i = 0; i < r->fields->len; i++) {
        const csv_field *f = csv_field_at(r, i);
        char *name = g_strstrip(g_strdup(csv_field_text(r, i)));
        jmap_span at = csv_span(r, f->line, f->col);
        int k = kc_column(name);
        if (k < 0 && g_ascii_strncasecmp(name, "x-", 2) != 0) {
            const char *s = jmap_suggest(name, kc_alias_names, G_N_ELEMENTS(kc_alias_names));
            if (r->fields->len == 1)
                jmap_diag_add(d, JMAP_SEV_ERROR, at,
                              "the header is one column when read as %s separated: '%s' "
                              "(expected %s; is the separator right?)",
                              csv_sep_name(r->sep), jmap_quote_into(q, name), KPI_COLUMNS_HINT);
            else if (s)
                jmap_diag_add(d, JMAP_SEV_ERROR, at, "unknown column '%s' (did you mean '%s'?)",
                              jmap_quote_into(q, name), jmap_quote_into(qs, s));
            else
                jmap_diag_add(d, JMAP_SEV_ERROR, at, "unknown column '%s' (expected %s)",
                              jmap_quote_into(q, name), KPI_COLUMNS_HINT);
        } else if (k >= 0 && kf->col[k] >= 0) {
            const csv_field *g = csv_field_at(r, (size_t)kf->col[k]);
            jmap_diag_add(d, JMAP_SEV_ERROR, at,
                          "column '%s' again (column %d at %d:%d is the %s already; expected "
                          "each column once)",
                          jmap_quote_into(q, name), kf->col[k] + 1, g->line, g->col, kc_names[k]);
        } else if (k >= 0) {
            kf->col[k] = (int)i;
        }
        g_free(name);
    }
    if (d->errors != errors_before)
        return false;
    for (int k = KC_STAGE; k <= KC_VALUE; k++)
        if (kf->col[k] < 0) {
            jmap_diag_add(d, JMAP_SEV_ERROR, csv_span(r, r->end_line, r->end_col),
                          "the header has no '%s' column (expected %s)", kc_names[k],
                          KPI_COLUMNS_HINT);
        }
    return d->errors == errors_before;
}

/* "YYYY-MM-DD" or "YYYY-MM", a real date. */
static bool iso_date(const char *s)
{
    size_t n = strlen(s);
    if (n != 7 && n != 10)
        return false;
    for (size_t i = 0; i < n; i++) {
        bool dash = i == 4 || i == 7;
        if (dash ? s[i] != '-' : !g_ascii_isdigit(s[i]))
            return false;
    }
    int y = atoi(s), m = atoi(s + 5), dd = n == 10 ? atoi(s + 8) : 1;
    return y >= 1 && m >= 1 && m <= 12 && g_date_valid_dmy((GDateDay)dd, (GDateMonth)m, (GDateYear)y);
}

static const char *example_number(const jmap_journey *j)
{
    return j->locale == JMAP_LOCALE_FR ? "e.g. 3 200, 1 234,5 or 3,2 %"
                                       : "e.g. 3,200, 1,234.5 or 3.2%";
}

/* Reads a value or target cell; an empty one is left absent. */
static void read_value(kpi_file *kf, size_t i, jmap_kpi_value *v, bool *percent)
{
    char *t = g_strstrip((char *)csv_field_text(&kf->r, i));
    memset(v, 0, sizeof *v);
    if (!*t)
        return;
    v->present = true;
    v->text = jmap_arena_strdup(kf->doc->arena, t);
    bool pct = false;
    if (jmap_kpi_number(t, kf->j->locale, &v->number, &pct))
        v->is_number = true;
    if (percent)
        *percent = *percent || pct;
}

static jmap_kpi *find_kpi(jmap_stage *st, const char *name)
{
    for (size_t i = 0; i < st->n_kpis; i++)
        if (st->kpis[i].name && strcmp(st->kpis[i].name, name) == 0)
            return &st->kpis[i];
    return NULL;
}

static void read_row(kpi_file *kf)
{
    csv_reader *r = &kf->r;
    jmap_diags *d = r->diags;
    const jmap_journey *j = kf->j;
    char q[JMAP_QUOTE_SIZE], qs[JMAP_QUOTE_SIZE];
    if (r->fields->len != kf->n_cols) {
        bool many = r->fields->len > kf->n_cols;
        jmap_span at = many ? csv_span(r, csv_field_at(r, kf->n_cols)->line,
                                       csv_field_at(r, kf->n_cols)->col)
                            : csv_span(r, r->end_line, r->end_col);
        if (many)
            jmap_diag_add(d, JMAP_SEV_ERROR, at,
                          "too many fields: the header has %zu, this row has %u (read as %s "
                          "separated)",
                          kf->n_cols, r->fields->len, csv_sep_name(r->sep));
        else
            jmap_diag_add(d, JMAP_SEV_ERROR, at,
                          "too few fields: the header has %zu, this row has %u (read as %s "
                          "separated)",
                          kf->n_cols, r->fields->len, csv_sep_name(r->sep));
        return;
    }
    bool ok = true;
    kpi_row row = {0};
    row.line = r->rec_line;

    size_t sc = (size_t)kf->col[KC_STAGE];
    char *sid = g_strstrip((char *)csv_field_text(r, sc));
    const jmap_stage *st = *sid ? jmap_journey_stage(j, sid) : NULL;
    if (!st) {
        const char *s = *sid && csv_under_cap(d) ? jmap_suggest(sid, kf->stage_ids, j->n_stages)
                                                 : NULL;
        char *some = csv_some_ids(kf->stage_ids, j->n_stages);
        const csv_field *f = csv_field_at(r, sc);
        jmap_span at = csv_span(r, f->line, f->col);
        if (!*sid)
            jmap_diag_add(d, JMAP_SEV_ERROR, at, "empty stage id (expected one of: %s)", some);
        else if (s)
            jmap_diag_add(d, JMAP_SEV_ERROR, at,
                          "unknown stage '%s' (did you mean '%s'? the stages are: %s)",
                          jmap_quote_into(q, sid), jmap_quote_into(qs, s), some);
        else
            jmap_diag_add(d, JMAP_SEV_ERROR, at, "unknown stage '%s' (expected a stage id: %s)",
                          jmap_quote_into(q, sid), some);
        g_free(some);
        ok = false;
    }
    row.stage = (jmap_stage *)st;

    size_t kc = (size_t)kf->col[KC_KPI];
    char *name = g_strstrip((char *)csv_field_text(r, kc));
    if (!*name) {
        kf_error(kf, kc, "empty KPI name%s (expected the name of a KPI of the stage, or a new one)",
                 "");
        ok = false;
    } else if (strlen(name) > JMAP_MAX_TEXT_BYTES) {
        const csv_field *f = csv_field_at(r, kc);
        jmap_diag_add(d, JMAP_SEV_ERROR, csv_span(r, f->line, f->col),
                      "KPI name too long (%zu bytes; the limit is %u)", strlen(name),
                      JMAP_MAX_TEXT_BYTES);
        ok = false;
    }
    row.name = name;

    size_t vc = (size_t)kf->col[KC_VALUE];
    read_value(kf, vc, &row.value, &row.percent);
    if (kf->col[KC_TARGET] >= 0)
        read_value(kf, (size_t)kf->col[KC_TARGET], &row.target, &row.percent);
    if (!row.value.present) {
        char *want = g_strdup_printf("empty value (expected a number, %s)", example_number(j));
        kf_error(kf, vc, "%s", want);
        g_free(want);
        ok = false;
    }

    if (kf->col[KC_DATE] >= 0) {
        size_t dc = (size_t)kf->col[KC_DATE];
        char *date = g_strstrip((char *)csv_field_text(r, dc));
        if (*date && !iso_date(date)) {
            kf_error(kf, dc, "date '%s' is not a date (expected YYYY-MM-DD or YYYY-MM, e.g. "
                             "2025-03-31 or 2025-03)", jmap_quote_into(q, date));
            ok = false;
        } else if (*date) {
            row.date = jmap_arena_strdup(kf->doc->arena, date);
            if (row.value.present && !row.value.is_number) {
                char *m = g_strdup_printf("value '%s' of a dated row is not a number (expected "
                                          "a number, %s)", jmap_quote_into(q, row.value.text),
                                          example_number(j));
                kf_error(kf, vc, "%s", m);
                g_free(m);
                ok = false;
            }
        }
    }
    if (!ok)
        return;

    /* a text where the target is a number: kept, but no progress is drawn */
    const jmap_kpi *known = find_kpi(row.stage, name);
    const jmap_kpi_value *tg = row.target.present ? &row.target : known ? &known->target : NULL;
    if (!row.value.is_number && tg && tg->present && tg->is_number) {
        const csv_field *f = csv_field_at(r, vc);
        jmap_diag_add(d, JMAP_SEV_WARNING, csv_span(r, f->line, f->col),
                      "value '%s' is not a number while the target is, so no progress is drawn "
                      "(expected a number, %s)", jmap_quote_into(q, row.value.text),
                      example_number(j));
    }

    /* a new KPI whose name is close to one the stage has: a typo? */
    if (!known && row.stage->n_kpis && csv_under_cap(d)) {
        const char **names = g_new(const char *, row.stage->n_kpis);
        for (size_t i = 0; i < row.stage->n_kpis; i++)
            names[i] = row.stage->kpis[i].name ? row.stage->kpis[i].name : "";
        const char *s = jmap_suggest(name, names, row.stage->n_kpis);
        bool first = true;
        for (size_t i = 0; i < kf->rows->len && first; i++) {
            const kpi_row *o = &g_array_index(kf->rows, kpi_row, i);
            first = !(o->stage == row.stage && strcmp(o->name, name) == 0);
        }
        if (s && first) {
            const csv_field *f = csv_field_at(r, kc);
            jmap_diag_add(d, JMAP_SEV_WARNING, csv_span(r, f->line, f->col),
                          "stage '%s' has no KPI '%s', so this adds one (did you mean '%s'? "
                          "names match exactly)", jmap_quote_into(qs, row.stage->id),
                          jmap_quote_into(q, name), s);
        }
        g_free(names);
    }

    /* one row per KPI and date */
    for (size_t i = 0; i < kf->rows->len; i++) {
        const kpi_row *o = &g_array_index(kf->rows, kpi_row, i);
        if (o->stage != row.stage || strcmp(o->name, name) != 0)
            continue;
        const csv_field *f = csv_field_at(r, row.date ? (size_t)kf->col[KC_DATE] : kc);
        jmap_span at = csv_span(r, f->line, f->col);
        if (!o->date != !row.date) {
            jmap_diag_add(d, JMAP_SEV_ERROR, at,
                          "KPI '%s' of stage '%s' has dated and undated rows (line %d); expected "
                          "a date on every row of a KPI, or one row without",
                          jmap_quote_into(q, name), jmap_quote_into(qs, row.stage->id), o->line);
            return;
        }
        if (!row.date || strcmp(o->date, row.date) == 0) {
            if (row.date)
                jmap_diag_add(d, JMAP_SEV_ERROR, at,
                              "KPI '%s' of stage '%s' has a value for %s already (line %d); "
                              "expected one row per KPI and date",
                              jmap_quote_into(q, name), jmap_quote_into(qs, row.stage->id),
                              row.date, o->line);
            else
                jmap_diag_add(d, JMAP_SEV_ERROR, at,
                              "KPI '%s' of stage '%s' has a value already (line %d); expected "
                              "one row per KPI",
                              jmap_quote_into(q, name), jmap_quote_into(qs, row.stage->id),
                              o->line);
            return;
        }
    }
    row.name = jmap_arena_strdup(kf->doc->arena, name);
    g_array_append_val(kf->rows, row);
}

static int by_date(const void *a, const void *b)
{
    const kpi_row *x = *(const kpi_row *const *)a, *y = *(const kpi_row *const *)b;
    int c = strcmp(x->date, y->date);
    return c ? c : (x->line > y->line) - (x->line < y->line);
}

/* The model takes the rows: KPI by KPI, in the order of their first row. */
static void commit(kpi_file *kf)
{
    jmap_doc *doc = kf->doc;
    jmap_arena *a = doc->arena;
    GArray *rows = kf->rows;
    bool *done = g_new0(bool, rows->len + 1);
    GPtrArray *group = g_ptr_array_new();
    for (size_t i = 0; i < rows->len; i++) {
        if (done[i])
            continue;
        kpi_row *first = &g_array_index(rows, kpi_row, i);
        g_ptr_array_set_size(group, 0);
        for (size_t k = i; k < rows->len; k++) {
            kpi_row *o = &g_array_index(rows, kpi_row, k);
            if (!done[k] && o->stage == first->stage && strcmp(o->name, first->name) == 0) {
                done[k] = true;
                g_ptr_array_add(group, o);
            }
        }
        jmap_stage *st = first->stage;
        jmap_kpi *k = find_kpi(st, first->name);
        if (!k) {
            jmap_kpi *grown = jmap_arena_alloc(a, sizeof *grown * (st->n_kpis + 1));
            if (st->n_kpis)
                memcpy(grown, st->kpis, sizeof *grown * st->n_kpis);
            st->kpis = grown;
            k = &st->kpis[st->n_kpis++];
            k->name = first->name;
            k->span = csv_span(&kf->r, first->line, 1);
        }
        bool pct = false;
        if (first->date) {
            qsort(group->pdata, group->len, sizeof(gpointer), by_date);
            k->n_series = group->len;
            k->series = jmap_arena_alloc(a, sizeof *k->series * group->len);
            for (size_t g = 0; g < group->len; g++) {
                const kpi_row *o = group->pdata[g];
                k->series[g].date = o->date;
                k->series[g].value = o->value.number;
                pct = pct || o->percent;
                if (o->target.present)
                    k->target = o->target; /* the latest target given */
            }
            k->value = ((const kpi_row *)group->pdata[group->len - 1])->value;
        } else {
            k->series = NULL;
            k->n_series = 0;
            k->value = first->value;
            if (first->target.present)
                k->target = first->target;
            pct = first->percent;
        }
        if (pct && (!k->unit || !*k->unit))
            k->unit = "%";
    }
    g_ptr_array_free(group, TRUE);
    g_free(done);
}

bool jmap_apply_kpis(jmap_doc *doc, const char *name, const char *data, size_t len)
{
    if (!doc)
        return false;
    jmap_diags *d = &doc->diags;
    size_t errors_before = d->errors;
    bool readable;
    const jmap_source *src =
        csv_source(doc, name ? name : "<kpis>", data, len, N_("KPI file"), &readable);
    if (!src || !readable)
        return false;
    if (!doc->journey) {
        jmap_span none = {src, 0, 0};
        jmap_diag_add(d, JMAP_SEV_ERROR, none, "KPI data needs a valid journey");
        return false;
    }
    kpi_file kf;
    memset(&kf, 0, sizeof kf);
    kf.doc = doc;
    kf.j = doc->journey;
    csv_init(&kf.r, src, d);
    kf.r.sep = csv_sniff(&kf.r, kc_known, NULL);
    kf.stage_ids = g_new(const char *, kf.j->n_stages + 1);
    for (size_t i = 0; i < kf.j->n_stages; i++)
        kf.stage_ids[i] = kf.j->stages[i]->id;
    kf.rows = g_array_new(FALSE, TRUE, sizeof(kpi_row));

    bool bad;
    int got;
    while ((got = csv_read_record(&kf.r, &bad)) == 1 && !bad && csv_record_blank(&kf.r))
        ;
    if (got == 0) {
        jmap_span at = {src, 1, 1};
        jmap_diag_add(d, JMAP_SEV_ERROR, at,
                      "empty KPI file: expected a header row 'stage,kpi,value' (and optionally "
                      "target, date)");
        goto out;
    }
    if (got < 0 || bad || !read_header(&kf))
        goto out;
    size_t n = 0;
    while ((got = csv_read_record(&kf.r, &bad)) == 1) {
        if (bad || csv_record_blank(&kf.r))
            continue;
        n++;
        read_row(&kf);
    }
    if (got == 0 && n == 0 && d->errors == errors_before) {
        jmap_span at = {src, 0, 0};
        jmap_diag_add(d, JMAP_SEV_WARNING, at,
                      "the KPI file has a header but no rows; the journey's KPIs are kept");
    }
    if (d->errors == errors_before)
        commit(&kf);
out:
    csv_free(&kf.r);
    g_free(kf.stage_ids);
    g_array_free(kf.rows, TRUE);
    return d->errors == errors_before;
}
