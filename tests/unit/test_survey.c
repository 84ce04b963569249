/*
 * test_survey.c — survey CSV (--data): parsing (RFC 4180 quoting, CRLF, BOM,
 * UTF-8), aggregation (mean, count, population spread per touchpoint and
 * persona) and every error, each at the CSV line and column of the field.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <glib.h>

#include "jmap.h"

static const char journey[] =
    "jmap: 1\n"
    "title: Survey test\n"
    "personas:\n"
    "  - {id: claire, name: Claire}\n"
    "  - {id: marc, name: Marc}\n"
    "stages:\n"
    "  - name: Search\n"
    "    touchpoints:\n"
    "      - {id: comparateur, name: Comparateur, emotion: 3}\n"
    "      - {id: souscription, name: Souscription, emotion: {claire: 2, marc: 4}}\n"
    "      - {id: affiliation, name: Affiliation, personas: [marc], emotion: 5}\n";

static jmap_doc *load(const char *yaml)
{
    jmap_load_opts o = {0};
    o.no_image_check = true;
    jmap_doc *doc = jmap_load("j.yaml", yaml, strlen(yaml), &o);
    assert_non_null(doc);
    if (!doc->journey) {
        for (size_t i = 0; i < doc->diags.count; i++) {
            char *s = jmap_diag_format(&doc->diags.items[i], false);
            fputs(s, stderr);
            free(s);
        }
        fail_msg("test journey does not load");
    }
    return doc;
}

static void dump(const jmap_doc *doc)
{
    for (size_t i = 0; i < doc->diags.count; i++) {
        char *s = jmap_diag_format(&doc->diags.items[i], false);
        fputs(s, stderr);
        free(s);
    }
}

/* Applies `csv` (whole string) to a fresh load of `yaml`. */
static jmap_doc *apply(const char *yaml, const char *csv, bool *ok)
{
    jmap_doc *doc = load(yaml);
    *ok = jmap_apply_survey(doc, "s.csv", csv, strlen(csv));
    return doc;
}

static const jmap_diag *find(const jmap_doc *doc, jmap_severity sev, int line, int col,
                             const char *text)
{
    for (size_t i = 0; i < doc->diags.count; i++) {
        const jmap_diag *d = &doc->diags.items[i];
        if (d->severity == sev && d->span.line == line && d->span.col == col &&
            strstr(d->message, text) && d->span.src && strcmp(d->span.src->name, "s.csv") == 0)
            return d;
    }
    return NULL;
}

#define expect_diag(doc, sev, line, col, text)                                               \
    do {                                                                                     \
        if (!find((doc), (sev), (line), (col), (text))) {                                    \
            fprintf(stderr, "expected s.csv:%d:%d: %s\n", (line), (col), (text));            \
            dump(doc);                                                                       \
            fail_msg("diagnostic not found");                                                \
        }                                                                                    \
    } while (0)

#define expect_error(doc, line, col, text) expect_diag(doc, JMAP_SEV_ERROR, line, col, text)

/* A CSV that must fail with exactly one error, at line:col, saying text. */
static void one_error(const char *csv, int line, int col, const char *text)
{
    bool ok;
    jmap_doc *doc = apply(journey, csv, &ok);
    assert_false(ok);
    expect_error(doc, line, col, text);
    if (doc->diags.errors != 1) {
        dump(doc);
        fail_msg("expected one error, got %zu", doc->diags.errors);
    }
    jmap_doc_free(doc);
}

static const jmap_score *score(const jmap_doc *doc, const char *tp, const char *persona)
{
    const jmap_touchpoint *t = jmap_journey_touchpoint(doc->journey, tp);
    const jmap_persona *p = jmap_journey_persona(doc->journey, persona);
    assert_non_null(t);
    assert_non_null(p);
    return &t->emotion[p->index];
}

#define assert_near(a, b) assert_true(fabs((a) - (b)) < 1e-9)

/* ------------------------------------------------------------ aggregation */

static void mean_count_spread(void **state)
{
    (void)state;
    bool ok;
    jmap_doc *doc = apply(journey,
                          "touchpoint,persona,score\n"
                          "comparateur,claire,2\n"
                          "comparateur,claire,4\n"
                          "comparateur,marc,5\n"
                          "souscription,,1\n"
                          "souscription,,2\n"
                          "souscription,marc,3\n",
                          &ok);
    if (!ok)
        dump(doc);
    assert_true(ok);
    const jmap_score *s = score(doc, "comparateur", "claire");
    assert_true(s->set);
    assert_near(s->value, 3.0);
    assert_int_equal(s->n, 2);
    assert_near(s->sd, 1.0); /* population: sqrt(((2-3)^2 + (4-3)^2) / 2) */
    s = score(doc, "comparateur", "marc");
    assert_near(s->value, 5.0);
    assert_int_equal(s->n, 1);
    assert_near(s->sd, 0.0);
    /* an empty persona counts for every persona who meets the touchpoint */
    s = score(doc, "souscription", "claire");
    assert_near(s->value, 1.5);
    assert_int_equal(s->n, 2);
    assert_near(s->sd, 0.5);
    s = score(doc, "souscription", "marc");
    assert_near(s->value, 2.0);
    assert_int_equal(s->n, 3);
    assert_near(s->sd, sqrt(2.0 / 3.0));
    /* no responses: the journey's own score stays, "assumed" */
    s = score(doc, "affiliation", "marc");
    assert_true(s->set);
    assert_near(s->value, 5.0);
    assert_int_equal(s->n, 0);
    assert_int_equal(doc->diags.errors, 0);
    jmap_doc_free(doc);
}

static void empty_persona_skips_those_who_do_not_meet(void **state)
{
    (void)state;
    bool ok;
    jmap_doc *doc = apply(journey, "touchpoint,persona,score\naffiliation,,2\n", &ok);
    assert_true(ok);
    assert_int_equal(score(doc, "affiliation", "marc")->n, 1);
    const jmap_score *c = score(doc, "affiliation", "claire");
    assert_int_equal(c->n, 0);
    assert_false(c->set);
    jmap_doc_free(doc);
}

static void header_any_order_case_and_user_columns(void **state)
{
    (void)state;
    bool ok;
    jmap_doc *doc = apply(journey,
                          "Score, x-respondent ,TOUCHPOINT,persona,x-comment\n"
                          "4,r1,comparateur,marc,fine\n"
                          "2,r2,comparateur,marc,\"slow, then \"\"ok\"\"\"\n",
                          &ok);
    if (!ok)
        dump(doc);
    assert_true(ok);
    assert_near(score(doc, "comparateur", "marc")->value, 3.0);
    jmap_doc_free(doc);
}

static void persona_column_may_be_absent(void **state)
{
    (void)state;
    bool ok;
    jmap_doc *doc = apply(journey, "touchpoint,score\ncomparateur,4\ncomparateur,5\n", &ok);
    assert_true(ok);
    assert_near(score(doc, "comparateur", "claire")->value, 4.5);
    assert_int_equal(score(doc, "comparateur", "marc")->n, 2);
    jmap_doc_free(doc);
}

static void implicit_persona(void **state)
{
    (void)state;
    const char *yaml = "jmap: 1\ntitle: t\nstages:\n  - name: S\n    touchpoints:\n"
                       "      - {name: Tp, emotion: 3}\n";
    bool ok;
    jmap_doc *doc = apply(yaml, "touchpoint,persona,score\ntp,,4\ntp,,2\n", &ok);
    assert_true(ok);
    const jmap_score *s = &doc->journey->touchpoints[0]->emotion[0];
    assert_near(s->value, 3.0);
    assert_int_equal(s->n, 2);
    jmap_doc_free(doc);
    doc = apply(yaml, "touchpoint,persona,score\ntp,claire,4\n", &ok);
    assert_false(ok);
    expect_error(doc, 2, 4, "the journey declares no personas");
    jmap_doc_free(doc);
}

static void scale_and_decimals(void **state)
{
    (void)state;
    const char *yaml = "jmap: 1\ntitle: t\nscale: {min: 0, max: 10}\nstages:\n  - name: S\n"
                       "    touchpoints:\n      - {name: Tp, emotion: 5}\n";
    bool ok;
    jmap_doc *doc = apply(yaml, "touchpoint,score\ntp,0\ntp,10\ntp,\"7,5\"\ntp, 2.5e0 \n", &ok);
    if (!ok)
        dump(doc);
    assert_true(ok);
    assert_near(doc->journey->touchpoints[0]->emotion[0].value, 5.0);
    assert_int_equal(doc->journey->touchpoints[0]->emotion[0].n, 4);
    jmap_doc_free(doc);
}

static void many_rows(void **state)
{
    (void)state;
    GString *csv = g_string_new("touchpoint,persona,score\n");
    for (int i = 0; i < 200000; i++)
        g_string_append_printf(csv, "comparateur,claire,%d\n", 1 + i % 5);
    bool ok;
    jmap_doc *doc = load(journey);
    ok = jmap_apply_survey(doc, "s.csv", csv->str, csv->len);
    assert_true(ok);
    const jmap_score *s = score(doc, "comparateur", "claire");
    assert_int_equal(s->n, 200000);
    assert_near(s->value, 3.0);
    assert_true(fabs(s->sd - sqrt(2.0)) < 1e-9);
    jmap_doc_free(doc);
    g_string_free(csv, TRUE);
}

/* ---------------------------------------------------------------- syntax */

static void quotes_commas_newlines(void **state)
{
    (void)state;
    bool ok;
    /* the quoted comment spans lines 2-3: the next row's error is on line 4 */
    jmap_doc *doc = apply(journey,
                          "touchpoint,persona,x-comment,score\n"
                          "\"comparateur\",\"claire\",\"long, with\n\"\"quotes\"\"\",\"4\"\n"
                          "comparateur,claire,,9\n",
                          &ok);
    assert_false(ok);
    expect_error(doc, 4, 21, "score 9 is outside the journey's scale 1..5");
    assert_int_equal(doc->diags.errors, 1);
    jmap_doc_free(doc);
}

static void crlf_and_bom(void **state)
{
    (void)state;
    bool ok;
    jmap_doc *doc = apply(journey,
                          "\xEF\xBB\xBFtouchpoint,persona,score\r\n"
                          "comparateur,claire,4\r\n"
                          "comparateur,claire,2\r\n",
                          &ok);
    if (!ok)
        dump(doc);
    assert_true(ok);
    assert_near(score(doc, "comparateur", "claire")->value, 3.0);
    jmap_doc_free(doc);
    /* errors after a BOM still count columns from the first real character */
    doc = apply(journey, "\xEF\xBB\xBFtouchpont,persona,score\r\n", &ok);
    assert_false(ok);
    expect_error(doc, 1, 1, "unknown column 'touchpont' (did you mean 'touchpoint'?)");
    jmap_doc_free(doc);
    /* ... and the quoted line holds no mark, so the caret is under its column */
    doc = apply(journey, "\xEF\xBB\xBFtouchpoint,persona,scor\n", &ok);
    assert_false(ok);
    for (size_t i = 0; i < doc->diags.count; i++) {
        if (!strstr(doc->diags.items[i].message, "'scor'"))
            continue;
        assert_int_equal(doc->diags.items[i].span.col, 20);
        char *text = jmap_diag_format(&doc->diags.items[i], false);
        assert_non_null(strstr(text, " 1 | touchpoint,persona,scor\n"
                                     "   |                    ^\n"));
        free(text);
    }
    jmap_doc_free(doc);
    one_error("touchpoint,persona,score\r\ncomparateur,claire,x\r\n", 2, 20,
              "score 'x' is not a number");
}

static void blank_lines_are_skipped(void **state)
{
    (void)state;
    bool ok;
    jmap_doc *doc = apply(journey, "\n\ntouchpoint,persona,score\n\ncomparateur,marc,2\n\n", &ok);
    assert_true(ok);
    assert_int_equal(score(doc, "comparateur", "marc")->n, 1);
    jmap_doc_free(doc);
    one_error("\n\ntouchpoint,persona,score\n\nnope,marc,2\n", 5, 1, "unknown touchpoint 'nope'");
}

static void unterminated_quote(void **state)
{
    (void)state;
    one_error("touchpoint,persona,score\ncomparateur,\"claire,4\ncomparateur,marc,3\n", 2, 13,
              "unterminated quoted field");
}

static void stray_quotes(void **state)
{
    (void)state;
    one_error("touchpoint,persona,score\ncompa\"rateur,claire,4\n", 2, 6,
              "quote inside an unquoted field");
    one_error("touchpoint,persona,score\n\"comparateur\"x,claire,4\n", 2, 14,
              "unexpected text after a closing quote");
}

static void bare_carriage_return(void **state)
{
    (void)state;
    one_error("touchpoint,persona,score\rcomparateur,claire,4\n", 1, 25,
              "carriage return without a line feed");
}

static void column_count(void **state)
{
    (void)state;
    one_error("touchpoint,persona,score\ncomparateur,claire,4,extra\n", 2, 22,
              "too many fields: the header has 3, this row has 4");
    one_error("touchpoint,persona,score\ncomparateur,claire\n", 2, 19,
              "too few fields: the header has 3, this row has 2");
}

static void utf8(void **state)
{
    (void)state;
    one_error("touchpoint,persona,score\ncomparateur,cl\xC3\xA9re,4\n", 2, 13,
              "unknown persona 'cl\xC3\xA9re'");
    one_error("touchpoint,persona,score\n\xC3\xA9t\xC3\xA9,claire,\xFF\n", 2, 12,
              "invalid UTF-8 (byte 0xFF)");
    bool ok;
    jmap_doc *doc = load(journey);
    ok = jmap_apply_survey(doc, "s.csv", "touchpoint,score\nab\0c,3\n", 24);
    assert_false(ok);
    expect_error(doc, 2, 3, "NUL byte");
    jmap_doc_free(doc);
}

/* ---------------------------------------------------------------- header */

static void empty_inputs(void **state)
{
    (void)state;
    one_error("", 1, 1, "empty survey file");
    one_error("\xEF\xBB\xBF", 1, 1, "empty survey file");
    one_error("\n\r\n\n", 1, 1, "empty survey file");
}

static void header_only_is_a_warning(void **state)
{
    (void)state;
    bool ok;
    jmap_doc *doc = apply(journey, "touchpoint,persona,score\n", &ok);
    assert_true(ok);
    assert_int_equal(doc->diags.errors, 0);
    assert_int_equal(doc->diags.warnings, 1);
    assert_near(score(doc, "comparateur", "claire")->value, 3.0);
    jmap_doc_free(doc);
}

static void header_errors(void **state)
{
    (void)state;
    one_error("touchpoint,persona,scroe,score\ncomparateur,claire,1,4\n", 1, 20,
              "unknown column 'scroe' (did you mean 'score'?)");
    one_error("touchpoint,persona,respondent,score\ncomparateur,claire,1,4\n", 1, 20,
              "unknown column 'respondent' (columns: touchpoint, persona, score");
    one_error("touchpoint,persona\ncomparateur,claire\n", 1, 1,
              "the header has no 'score' column");
    one_error("persona,score\nclaire,4\n", 1, 1, "the header has no 'touchpoint' column");
    one_error("touchpoint,score,persona,score\ncomparateur,4,claire,4\n", 1, 26,
              "column 'score' given twice");
    one_error("touchpoint,,score\ncomparateur,,4\n", 1, 12, "empty column name");
}

/* ------------------------------------------------------------ references */

static void unknown_references(void **state)
{
    (void)state;
    one_error("touchpoint,persona,score\ncomparatuer,claire,4\n", 2, 1,
              "unknown touchpoint 'comparatuer' (did you mean 'comparateur'?)");
    one_error("touchpoint,persona,score\nzzz,claire,4\n", 2, 1, "unknown touchpoint 'zzz'");
    one_error("touchpoint,persona,score\ncomparateur,clare,4\n", 2, 13,
              "unknown persona 'clare' (did you mean 'claire'?)");
    one_error("touchpoint,persona,score\n,claire,4\n", 2, 1, "empty touchpoint id");
}

static void persona_who_does_not_meet(void **state)
{
    (void)state;
    one_error("touchpoint,persona,score\naffiliation,claire,4\n", 2, 13,
              "persona 'claire' does not meet touchpoint 'affiliation' (it is met by: marc)");
}

static void bad_scores(void **state)
{
    (void)state;
    one_error("touchpoint,persona,score\ncomparateur,claire,beaucoup\n", 2, 20,
              "score 'beaucoup' is not a number");
    one_error("touchpoint,persona,score\ncomparateur,claire,0x3\n", 2, 20, "not a number");
    one_error("touchpoint,persona,score\ncomparateur,claire,nan\n", 2, 20, "not a number");
    one_error("touchpoint,persona,score\ncomparateur,claire,\n", 2, 20, "empty score");
    one_error("touchpoint,persona,score\ncomparateur,claire,6\n", 2, 20,
              "score 6 is outside the journey's scale 1..5");
    one_error("touchpoint,persona,score\ncomparateur,claire,0.5\n", 2, 20, "outside");
}

/* ------------------------------------------------------- all errors, once */

static void every_error_in_one_run_and_model_untouched(void **state)
{
    (void)state;
    bool ok;
    jmap_doc *doc = apply(journey,
                          "touchpoint,persona,score\n"
                          "comparateur,claire,1\n"    /* valid, but must not be applied */
                          "comparatuer,claire,4\n"    /* 3 */
                          "comparateur,clare,4\n"     /* 4 */
                          "comparateur,claire,9\n"    /* 5 */
                          "comparateur,claire\n"      /* 6 */
                          "affiliation,claire,2\n"    /* 7 */
                          "comparateur,marc,x\n",     /* 8 */
                          &ok);
    assert_false(ok);
    assert_int_equal(doc->diags.errors, 6);
    expect_error(doc, 3, 1, "unknown touchpoint");
    expect_error(doc, 4, 13, "unknown persona");
    expect_error(doc, 5, 20, "outside");
    expect_error(doc, 6, 19, "too few fields");
    expect_error(doc, 7, 13, "does not meet");
    expect_error(doc, 8, 18, "not a number");
    const jmap_score *s = score(doc, "comparateur", "claire");
    assert_near(s->value, 3.0);
    assert_int_equal(s->n, 0);
    /* the diagnostic quotes the CSV line */
    const jmap_diag *d = find(doc, JMAP_SEV_ERROR, 3, 1, "unknown touchpoint");
    char *text = jmap_diag_format(d, false);
    assert_non_null(strstr(text, "s.csv:3:1: error:"));
    assert_non_null(strstr(text, "comparatuer,claire,4"));
    free(text);
    jmap_doc_free(doc);
}

static void errors_are_capped(void **state)
{
    (void)state;
    GString *csv = g_string_new("touchpoint,persona,score\n");
    for (int i = 0; i < 500; i++)
        g_string_append(csv, "nope,claire,4\n");
    jmap_doc *doc = load(journey);
    bool ok = jmap_apply_survey(doc, "s.csv", csv->str, csv->len);
    assert_false(ok);
    assert_int_equal(doc->diags.errors, 500);
    assert_true(doc->diags.truncated);
    assert_true(doc->diags.count <= JMAP_DEFAULT_MAX_ERRORS);
    jmap_doc_free(doc);
    g_string_free(csv, TRUE);
}

static void too_large(void **state)
{
    (void)state;
    jmap_doc *doc = load(journey);
    /* the CLI passes an empty text with the real size for files over the cap */
    bool ok = jmap_apply_survey(doc, "s.csv", "", (size_t)JMAP_MAX_INPUT_BYTES + 1);
    assert_false(ok);
    assert_int_equal(doc->diags.errors, 1);
    assert_non_null(strstr(doc->diags.items[doc->diags.count - 1].message, "too large"));
    jmap_doc_free(doc);
}

static void invalid_journey(void **state)
{
    (void)state;
    jmap_load_opts o = {0};
    o.no_image_check = true;
    const char *bad = "jmap: 1\nstages: []\n";
    jmap_doc *doc = jmap_load("j.yaml", bad, strlen(bad), &o);
    assert_null(doc->journey);
    assert_false(jmap_apply_survey(doc, "s.csv", "touchpoint,score\n", 17));
    jmap_doc_free(doc);
    assert_false(jmap_apply_survey(NULL, "s.csv", "", 0));
}

/* ------------------------------------------------------- shapes and waves */

static void separators_are_sniffed(void **state)
{
    (void)state;
    static const char *const csvs[] = {
        "touchpoint;persona;score\ncomparateur;claire;3,5\n",
        "\xEF\xBB\xBFPoint de contact;Profil;Note\r\ncomparateur;claire;3,5\r\n",
        "touchpoint\tpersona\tscore\ncomparateur\tclaire\t3,5\n",
        "Point_de_Contact,PROFIL,note\ncomparateur,claire,\"3,5\"\n",
        "point de contact;profil;note;x-commentaire\ncomparateur;claire;3.5;\"oui, mais\"\n",
    };
    for (size_t i = 0; i < sizeof csvs / sizeof *csvs; i++) {
        bool ok;
        jmap_doc *doc = apply(journey, csvs[i], &ok);
        if (!ok)
            dump(doc);
        assert_true(ok);
        assert_near(score(doc, "comparateur", "claire")->value, 3.5);
        assert_int_equal(score(doc, "comparateur", "claire")->n, 1);
        jmap_doc_free(doc);
    }
}

static void forced_separator(void **state)
{
    (void)state;
    jmap_doc *doc = load(journey);
    jmap_survey_opts o = {NULL, ';', NULL};
    const char *csv = "touchpoint;persona;score\ncomparateur;claire;4\n";
    assert_true(jmap_apply_survey_opts(doc, "s.csv", csv, strlen(csv), &o));
    jmap_doc_free(doc);
    doc = load(journey);
    o.sep = '\t';
    assert_false(jmap_apply_survey_opts(doc, "s.csv", csv, strlen(csv), &o));
    expect_error(doc, 1, 1, "the header is one column when read as tab separated");
    jmap_doc_free(doc);
}

static void wide_rows(void **state)
{
    (void)state;
    bool ok;
    jmap_doc *doc = apply(journey,
                          "x-id,persona,comparateur,souscription,affiliation\n"
                          "1,claire,2,1,\n"
                          "2,claire,4,,\n"
                          "3,marc,,,\"4,5\"\n"
                          "4,,3,,\n",
                          &ok);
    if (!ok)
        dump(doc);
    assert_true(ok);
    assert_near(score(doc, "comparateur", "claire")->value, 3.0);
    assert_int_equal(score(doc, "comparateur", "claire")->n, 3);
    assert_near(score(doc, "comparateur", "marc")->value, 3.0);
    assert_int_equal(score(doc, "comparateur", "marc")->n, 1);
    assert_near(score(doc, "affiliation", "marc")->value, 4.5);
    assert_int_equal(score(doc, "souscription", "claire")->n, 1);
    assert_int_equal(score(doc, "souscription", "marc")->n, 0); /* the file's 4 */
    assert_near(score(doc, "souscription", "marc")->value, 4.0);
    jmap_doc_free(doc);

    one_error("persona,comparateur,affiliation\nclaire,3,4\n", 2, 10, "expected this cell empty");
    one_error("persona,comparateur,comparateur\nclaire,3,4\n", 1, 21, "again");
    one_error("persona,comparatuer\nclaire,3\n", 1, 9, "did you mean 'comparateur'?");
    one_error("persona,x-a\nclaire,3\n", 1, 1, "the header names no touchpoint");
    one_error("persona;comparateur\nclaire;quatre\n", 2, 8,
              "score 'quatre' is not a number (expected 1\u20135, e.g. 3 or 1,5)");
}

static void question_map(void **state)
{
    (void)state;
    jmap_doc *doc = load(journey);
    const char *yaml = "\"Le comparateur, clair ?\": comparateur\n"
                       "Horodateur: ~\n"
                       "\"Affiliation\": affiliation\n";
    jmap_survey_map map;
    assert_true(jmap_load_survey_map(doc, "m.yaml", yaml, strlen(yaml), &map));
    assert_int_equal(map.n, 3);
    assert_string_equal(map.entries[0].label, "Le comparateur, clair ?");
    assert_string_equal(map.entries[0].touchpoint, "comparateur");
    assert_null(map.entries[1].touchpoint);
    jmap_survey_opts o = {"T4", 0, &map};
    const char *csv = "Horodateur,Profil,\"Le comparateur, clair ?\",AFFILIATION\n"
                      "2026-03-01,marc,2,5\n";
    bool ok = jmap_apply_survey_opts(doc, "s.csv", csv, strlen(csv), &o);
    if (!ok)
        dump(doc);
    assert_true(ok);
    assert_near(score(doc, "comparateur", "marc")->value, 2.0);
    assert_near(score(doc, "affiliation", "marc")->value, 5.0);
    assert_int_equal(doc->journey->n_waves, 1);
    assert_string_equal(doc->journey->waves[0].label, "T4");
    jmap_doc_free(doc);

    /* an unknown id is reported in the map; a list is not an id */
    doc = load(journey);
    yaml = "Q1: comparatuer\nQ2: [a]\n";
    assert_false(jmap_load_survey_map(doc, "m.yaml", yaml, strlen(yaml), &map));
    assert_int_equal(doc->diags.errors, 1);
    yaml = "Q1: comparatuer\n";
    assert_true(jmap_load_survey_map(doc, "m.yaml", yaml, strlen(yaml), &map));
    o.map = &map;
    csv = "persona,Q1\nclaire,3\n";
    assert_false(jmap_apply_survey_opts(doc, "s.csv", csv, strlen(csv), &o));
    bool seen = false;
    for (size_t i = 0; i < doc->diags.count; i++)
        if (doc->diags.items[i].span.src && !strcmp(doc->diags.items[i].span.src->name, "m.yaml") &&
            doc->diags.items[i].span.line == 1 && doc->diags.items[i].span.col == 5 &&
            strstr(doc->diags.items[i].message, "did you mean 'comparateur'"))
            seen = true;
    assert_true(seen);
    jmap_doc_free(doc);

    /* a long file takes no map */
    doc = load(journey);
    yaml = "Q1: comparateur\n";
    assert_true(jmap_load_survey_map(doc, "m.yaml", yaml, strlen(yaml), &map));
    csv = "touchpoint,score\ncomparateur,3\n";
    assert_false(jmap_apply_survey_opts(doc, "s.csv", csv, strlen(csv), &o));
    jmap_doc_free(doc);
}

static void waves_are_kept(void **state)
{
    (void)state;
    jmap_doc *doc = load(journey);
    const char *t3 = "touchpoint,persona,score\ncomparateur,claire,1\nsouscription,marc,2\n";
    const char *t4 = "touchpoint,persona,score\ncomparateur,claire,5\n";
    assert_true(jmap_apply_survey(doc, "data/q3.csv", t3, strlen(t3)));
    assert_true(jmap_apply_survey(doc, "data/q4.csv", t4, strlen(t4)));
    const jmap_journey *j = doc->journey;
    assert_int_equal(j->n_waves, 2);
    assert_string_equal(j->waves[0].label, "q3");
    assert_string_equal(j->waves[1].label, "q4");
    const jmap_touchpoint *cmp = jmap_journey_touchpoint(j, "comparateur");
    const jmap_touchpoint *sub = jmap_journey_touchpoint(j, "souscription");
    assert_near(jmap_wave_score(j, &j->waves[0], cmp, 0)->value, 1.0);
    assert_near(jmap_wave_score(j, &j->waves[1], cmp, 0)->value, 5.0);
    /* the latest drives the curve; where it has nothing, the file's again */
    assert_near(score(doc, "comparateur", "claire")->value, 5.0);
    assert_int_equal(score(doc, "souscription", "marc")->n, 0);
    assert_near(score(doc, "souscription", "marc")->value, 4.0);
    assert_true(jmap_wave_score(j, &j->waves[0], sub, 1)->set);
    assert_false(jmap_wave_score(j, &j->waves[1], sub, 1)->set);
    assert_int_equal(doc->diags.warnings, 1);
    assert_non_null(strstr(doc->diags.items[doc->diags.count - 1].message,
                           "wave 'q4' has no answers for 1 touchpoint that wave 'q3' answered "
                           "(souscription)"));
    jmap_doc_free(doc);
}

static void wave_label_clash(void **state)
{
    (void)state;
    jmap_doc *doc = load(journey);
    const char *csv = "touchpoint,score\ncomparateur,3\n";
    assert_true(jmap_apply_survey(doc, "a/q.csv", csv, strlen(csv)));
    assert_false(jmap_apply_survey(doc, "b/q.csv", csv, strlen(csv)));
    assert_int_equal(doc->journey->n_waves, 1);
    jmap_doc_free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(mean_count_spread),
        cmocka_unit_test(empty_persona_skips_those_who_do_not_meet),
        cmocka_unit_test(header_any_order_case_and_user_columns),
        cmocka_unit_test(persona_column_may_be_absent),
        cmocka_unit_test(implicit_persona),
        cmocka_unit_test(scale_and_decimals),
        cmocka_unit_test(many_rows),
        cmocka_unit_test(quotes_commas_newlines),
        cmocka_unit_test(crlf_and_bom),
        cmocka_unit_test(blank_lines_are_skipped),
        cmocka_unit_test(unterminated_quote),
        cmocka_unit_test(stray_quotes),
        cmocka_unit_test(bare_carriage_return),
        cmocka_unit_test(column_count),
        cmocka_unit_test(utf8),
        cmocka_unit_test(empty_inputs),
        cmocka_unit_test(header_only_is_a_warning),
        cmocka_unit_test(header_errors),
        cmocka_unit_test(unknown_references),
        cmocka_unit_test(persona_who_does_not_meet),
        cmocka_unit_test(bad_scores),
        cmocka_unit_test(every_error_in_one_run_and_model_untouched),
        cmocka_unit_test(errors_are_capped),
        cmocka_unit_test(too_large),
        cmocka_unit_test(invalid_journey),
        cmocka_unit_test(separators_are_sniffed),
        cmocka_unit_test(forced_separator),
        cmocka_unit_test(wide_rows),
        cmocka_unit_test(question_map),
        cmocka_unit_test(waves_are_kept),
        cmocka_unit_test(wave_label_clash),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
