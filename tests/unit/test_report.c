/*
 * test_report.c — the three report forms over small hand-built journeys:
 * number formatting, "no findings", the implicit persona, French labels,
 * Markdown escaping, JSON shape and determinism.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>
#include <glib.h>

#include "report.h"
#include "report_fixture.h"

static const char *const AB[] = {"a", "b"};

static char *render(fx *f, const bool *mask, jmap_report_fmt fmt)
{
    jmap_analysis_opts o = {mask, NULL};
    jmap_analysis *a = jmap_analysis_new(f->j, &o);
    size_t len = 0;
    char *s = jmap_report_render(a, fmt, &len);
    assert_non_null(s);
    assert_int_equal(len, strlen(s));
    assert_true(len > 0 && s[len - 1] == '\n');
    jmap_analysis_free(a);
    return s;
}

static void test_numbers(void **state)
{
    (void)state;
    char b[32];
    assert_string_equal(jmap_report_number(b, 3.5, false), "3.5");
    assert_string_equal(jmap_report_number(b, 3.5, true), "3,5");
    assert_string_equal(jmap_report_number(b, 2.0 / 3.0 + 2, false), "2.67");
    assert_string_equal(jmap_report_number(b, 4, false), "4");
    assert_string_equal(jmap_report_number(b, -3, false), "-3");
    assert_string_equal(jmap_report_number(b, -0.001, false), "0");
    assert_string_equal(jmap_report_number(b, 0.05, false), "0.05");
    assert_string_equal(jmap_report_number(b, 1234567.891, false), "1234567.89");
    assert_string_equal(jmap_report_number(b, NAN, false), "0");
}

static void test_fmt_parse(void **state)
{
    (void)state;
    jmap_report_fmt f;
    assert_true(jmap_report_fmt_parse("text", &f) && f == JMAP_REPORT_TEXT);
    assert_true(jmap_report_fmt_parse("md", &f) && f == JMAP_REPORT_MD);
    assert_true(jmap_report_fmt_parse("markdown", &f) && f == JMAP_REPORT_MD);
    assert_true(jmap_report_fmt_parse("json", &f) && f == JMAP_REPORT_JSON);
    assert_false(jmap_report_fmt_parse("pdf", &f));
    assert_false(jmap_report_fmt_parse(NULL, &f));
}

static void test_all_good_says_so(void **state)
{
    (void)state;
    fx f = fx_new(0, NULL);
    jmap_stage *s = fx_stage(&f, "s");
    fx_tp(&f, s, "t", "web", 4);
    char *t = render(&f, NULL, JMAP_REPORT_TEXT);
    assert_non_null(strstr(t, "No findings"));
    assert_non_null(strstr(t, "Nothing to report."));
    free(t);
    char *m = render(&f, NULL, JMAP_REPORT_MD);
    assert_non_null(strstr(m, "No findings"));
    free(m);
    char *j = render(&f, NULL, JMAP_REPORT_JSON);
    assert_non_null(strstr(j, "\"findings\": 0,"));
    assert_non_null(strstr(j, "\"strict_pass\": true"));
    free(j);
    fx_free(&f);
}

static void test_implicit_persona(void **state)
{
    (void)state;
    fx f = fx_new(0, NULL);
    jmap_stage *s = fx_stage(&f, "s");
    fx_tp(&f, s, "t1", "web", 5);
    fx_tp(&f, s, "t2", "web", 1);
    char *t = render(&f, NULL, JMAP_REPORT_TEXT);
    /* No persona column and no persona name for the anonymous customer. */
    assert_null(strstr(t, "Persona"));
    assert_null(strstr(t, "personas:"));
    assert_non_null(strstr(t, "TP t1 (5)"));
    assert_non_null(strstr(t, "TP t2 (1)"));
    free(t);
    char *j = render(&f, NULL, JMAP_REPORT_JSON);
    assert_non_null(strstr(j, "\"personas_implicit\": true"));
    assert_non_null(strstr(j, "{\"id\": \"customer\", \"name\": null}"));
    free(j);
    fx_free(&f);
}

static void test_french_labels(void **state)
{
    (void)state;
    fx f = fx_new(0, NULL);
    f.j->locale = JMAP_LOCALE_FR;
    jmap_stage *s = fx_stage(&f, "s");
    jmap_touchpoint *t = fx_tp(&f, s, "t", "phone", 2.5);
    fx_pain(&f, s, t, "p", JMAP_LEVEL_HIGH);
    fx_opp(&f, s, t, "o", JMAP_LEVEL_HIGH, JMAP_LEVEL_LOW, NULL, NULL);
    char *r = render(&f, NULL, JMAP_REPORT_TEXT);
    assert_non_null(strstr(r, "Irritants non traités"));
    assert_non_null(strstr(r, "Gains rapides : 1"));
    assert_non_null(strstr(r, "(sans responsable)"));
    assert_non_null(strstr(r, "2,5"));
    assert_non_null(strstr(r, "élevée"));
    free(r);
    /* JSON stays locale-neutral. */
    char *j = render(&f, NULL, JMAP_REPORT_JSON);
    assert_non_null(strstr(j, "\"mean\": 2.5"));
    assert_non_null(strstr(j, "\"severity\": \"high\""));
    free(j);
    fx_free(&f);
}

static void test_markdown_escapes(void **state)
{
    (void)state;
    fx f = fx_new(0, NULL);
    jmap_stage *s = fx_stage(&f, "s");
    jmap_touchpoint *t = fx_tp(&f, s, "t", "web", 3);
    jmap_pain *p = fx_pain(&f, s, t, "p", JMAP_LEVEL_MEDIUM);
    p->text = "Price | fees <b>hidden</b>\nsecond line";
    char *m = render(&f, NULL, JMAP_REPORT_MD);
    assert_non_null(strstr(m, "Price \\| fees \\<b>hidden\\</b> second line"));
    assert_null(strstr(m, " <b>"));
    assert_non_null(strstr(m, "|---|"));
    assert_non_null(strstr(m, "## Unaddressed pains"));
    free(m);
    char *j = render(&f, NULL, JMAP_REPORT_JSON);
    assert_non_null(strstr(j, "\"text\": \"Price | fees <b>hidden</b>\\nsecond line\""));
    free(j);
    fx_free(&f);
}

/* The HTML fragment: the Markdown form's sections, every text escaped,
 * nothing from the journey able to open an element. */
static void test_html_fragment(void **state)
{
    (void)state;
    fx f = fx_new(2, AB);
    jmap_stage *s = fx_stage(&f, "s");
    jmap_touchpoint *t = fx_tp(&f, s, "t", "web", 3);
    t->name = "</td><script>alert(1)</script> & \"q\" 'a'\x01";
    jmap_pain *p = fx_pain(&f, s, t, "p", JMAP_LEVEL_HIGH);
    p->text = "Price <b>hidden</b>\xC3";
    fx_opp(&f, s, t, "o", JMAP_LEVEL_HIGH, JMAP_LEVEL_LOW, NULL, NULL);
    char *h = render(&f, NULL, JMAP_REPORT_HTML);
    char *m = render(&f, NULL, JMAP_REPORT_MD);
    assert_null(strstr(h, "<script"));
    assert_null(strstr(h, "<b>"));
    assert_null(strstr(h, "\x01"));
    assert_non_null(strstr(h, "&lt;/td&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot; &#39;a&#39;\xEF\xBF\xBD"));
    assert_non_null(strstr(h, "Price &lt;b&gt;hidden&lt;/b&gt;\xEF\xBF\xBD"));
    assert_non_null(strstr(h, "<h2 id=\"jm-report-title\">Journey report: Test journey</h2>"));
    assert_non_null(strstr(h, "<th scope=\"col\" class=\"num\">Mean</th>"));
    /* every section of the Markdown form, in the same order */
    const char *hp = h;
    for (const char *q = strstr(m, "\n## "); q; q = strstr(q + 1, "\n## ")) {
        const char *e = strchr(q + 4, '\n');
        char *sec = g_strdup_printf("<h3>%.*s</h3>", (int)(e - q - 4), q + 4);
        const char *at = strstr(hp, sec);
        if (!at)
            fail_msg("section %s missing or out of order", sec);
        hp = at;
        g_free(sec);
    }
    /* as many table rows as Markdown has (header rows apart) */
    size_t rows_h = 0, rows_m = 0;
    for (const char *q = strstr(h, "<tr>"); q; q = strstr(q + 1, "<tr>"))
        rows_h++;
    for (const char *q = m; (q = strstr(q, "\n|")) != NULL; q++)
        rows_m++;
    size_t tables = 0;
    for (const char *q = strstr(m, "|---"); q; q = strstr(q + 1, "\n|---"))
        tables++;
    assert_int_equal(rows_h, rows_m - tables);
    /* open and close tags balance */
    static const char *const tags[] = {"h2", "h3", "p", "ul", "li", "table", "tr", "td", "th", NULL};
    for (size_t i = 0; tags[i]; i++) {
        char *open1 = g_strdup_printf("<%s>", tags[i]), *open2 = g_strdup_printf("<%s ", tags[i]);
        char *close = g_strdup_printf("</%s>", tags[i]);
        size_t no = 0, nc = 0;
        for (const char *q = h; (q = strstr(q, open1)) != NULL; q++)
            no++;
        for (const char *q = h; (q = strstr(q, open2)) != NULL; q++)
            no++;
        for (const char *q = h; (q = strstr(q, close)) != NULL; q++)
            nc++;
        assert_int_equal(no, nc);
        g_free(open1);
        g_free(open2);
        g_free(close);
    }
    free(h);
    free(m);
    fx_free(&f);
}

static void test_text_alignment(void **state)
{
    (void)state;
    fx f = fx_new(2, AB);
    jmap_stage *s = fx_stage(&f, "s");
    jmap_touchpoint *t = fx_tp(&f, s, "t", "web", 3);
    t->name = "発見"; /* two wide characters: four columns */
    fx_score(t, 1, 1);
    char *r = render(&f, NULL, JMAP_REPORT_TEXT);
    /* 発見 takes four columns: the rule under Lowest is eight wide. */
    assert_non_null(strstr(r, "Persona a     3  発見 (3)\n"));
    assert_non_null(strstr(r, "----  --------\n"));
    /* No trailing spaces anywhere. */
    assert_null(strstr(r, " \n"));
    free(r);
    fx_free(&f);
}

static void test_persona_filter_header(void **state)
{
    (void)state;
    fx f = fx_new(2, AB);
    jmap_stage *s = fx_stage(&f, "s");
    fx_tp(&f, s, "t", "web", 3);
    bool mask[2] = {false, true};
    char *r = render(&f, mask, JMAP_REPORT_TEXT);
    assert_non_null(strstr(r, "personas: Persona b (1 of 2)"));
    assert_null(strstr(r, "Persona a"));
    free(r);
    char *j = render(&f, mask, JMAP_REPORT_JSON);
    assert_non_null(strstr(j, "\"personas_filtered\": true"));
    assert_null(strstr(j, "\"a\", \"name\""));
    free(j);
    fx_free(&f);
}

static void test_json_is_stable(void **state)
{
    (void)state;
    fx f = fx_new(2, AB);
    fx_prefers(&f, 0, "phone");
    jmap_stage *s1 = fx_stage(&f, "s1");
    jmap_touchpoint *t1 = fx_tp(&f, s1, "t1", "web", 4);
    jmap_touchpoint *t2 = fx_tp(&f, s1, "t2", "phone", 1);
    t2->moment_of_truth = true;
    fx_stage(&f, "empty");
    jmap_pain *p = fx_pain(&f, s1, t2, "p", JMAP_LEVEL_HIGH);
    fx_opp(&f, s1, t1, "costly", JMAP_LEVEL_HIGH, JMAP_LEVEL_HIGH, "IT", p);
    fx_kpi(&f, s1, "NPS", 20, 40, JMAP_BETTER_HIGHER);
    char *a = render(&f, NULL, JMAP_REPORT_JSON);
    char *b = render(&f, NULL, JMAP_REPORT_JSON);
    assert_string_equal(a, b);
    /* Top-level keys, in the documented order. */
    const char *keys[] = {"\"report_version\"", "\"title\"", "\"locale\"", "\"scale\"", "\"thresholds\"",
                          "\"personas_implicit\"", "\"personas_filtered\"", "\"personas\"", "\"insights\"", "\"summary\"",
                          "\"stages\"", "\"empty_stages\"", "\"sharp_drops\"", "\"moments_of_truth\"",
                          "\"pains\"", "\"unaddressed_pains\"", "\"opportunities\"", "\"channel_gaps\"",
                          "\"inconsistencies\"", "\"inconsistencies_omitted\"", "\"kpis_off_target\"",
                          "\"kpi_trends\"", "\"waves\"", "\"drop_offs\"", "\"unreachable_touchpoints\"",
                          "\"unsupported_pains\"", "\"owner_handoffs\"", "\"data_asked_again\""};
    const char *at = a;
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
        char *needle = g_strdup_printf("\n  %s: ", keys[i]);
        const char *hit = strstr(at, needle);
        if (!hit)
            fail_msg("key %s missing or out of order", keys[i]);
        at = hit;
        g_free(needle);
    }
    assert_non_null(strstr(a, "\"empty_stages\": [\"empty\"]"));
    assert_non_null(strstr(a, "\"drop\": 3}"));
    assert_non_null(strstr(a, "\"gap\": 20"));
    assert_non_null(strstr(a, "\"strict_pass\": false"));
    assert_non_null(strstr(a, "\"difference\": 3}"));
    free(a);
    free(b);
    fx_free(&f);
}

/* A small blueprint: insights, drop-offs, a skipped touchpoint, an
 * unsupported pain, a hand-off to another owner's pain, an IBAN asked
 * twice. */
static fx blueprint(void)
{
    fx f = fx_new(0, NULL);
    static const char *const ins[] = {"Customers retype | their <IBAN>"};
    f.j->insights = (const char **)ins;
    f.j->n_insights = 1;
    jmap_stage *s1 = fx_stage(&f, "ask");
    s1->insight = "The first call decides";
    jmap_touchpoint *call = fx_tp(&f, s1, "call", "phone", 3);
    jmap_touchpoint *form = fx_tp(&f, s1, "form", "web", 2);
    jmap_touchpoint *skipped = fx_tp(&f, s1, "skipped", "email", 2);
    skipped->state = JMAP_STATE_RETIRED;
    jmap_stage *s2 = fx_stage(&f, "pay");
    jmap_touchpoint *pay = fx_tp(&f, s2, "pay", "app", 4);
    call->owner = "Front desk";
    form->owner = "Back office";
    fx_step(&f, call, JMAP_BP_BACKSTAGE, "Opens the file");
    fx_pain(&f, s1, form, "retype", JMAP_LEVEL_HIGH);
    fx_handoff(&f, call, form);
    fx_next(&f, form, pay);
    fx_asks(&f, call, "IBAN");
    fx_asks(&f, form, "iban");
    call->drop_off_set = true, call->drop_off = 12.5;
    form->drop_off_set = true, form->drop_off = 35;
    return f;
}

/* Insights come first in every form; every new section is there. */
static void test_blueprint_sections(void **state)
{
    (void)state;
    fx f = blueprint();
    char *t = render(&f, NULL, JMAP_REPORT_TEXT);
    const char *ins = strstr(t, "\nInsights\n========\n  > Customers retype | their <IBAN>\n"
                                "  > Stage ask: The first call decides\n");
    assert_non_null(ins);
    assert_true(ins < strstr(t, "\nSummary\n"));
    assert_non_null(strstr(t, "  Touchpoints with a drop-off: 2\n"));
    assert_non_null(strstr(t, "  Unreachable touchpoints: 1\n"));
    assert_non_null(strstr(t, "  Unsupported pains: 1\n"));
    assert_non_null(strstr(t, "  Hand-offs between owners with a pain: 1\n"));
    assert_non_null(strstr(t, "  Data asked again: 1\n"));
    assert_non_null(strstr(t, "Touchpoints where customers drop off: 2, largest first, all listed."));
    assert_non_null(strstr(t, "  1  TP form     Stage ask  Web          35 %\n"));
    assert_non_null(strstr(t, "  2  TP call     Stage ask  Phone      12.5 %\n"));
    assert_non_null(strstr(t, "  TP skipped (retired)  Stage ask\n"));
    assert_non_null(strstr(t, "  Pain retype  Stage ask / TP form\n"));
    assert_non_null(strstr(t, "  TP call (Front desk)  TP form (Back office)  Pain retype (high)\n"));
    assert_non_null(strstr(t, "  IBAN  TP call [Phone], TP form [Web]  Web\n"));
    /* the blueprint's findings are findings */
    assert_null(strstr(t, "No findings"));
    free(t);

    char *m = render(&f, NULL, JMAP_REPORT_MD);
    const char *mi = strstr(m, "## Insights\n\n> - Customers retype \\| their \\<IBAN>\n"
                               "> - Stage ask: The first call decides\n");
    assert_non_null(mi);
    assert_true(mi < strstr(m, "## Summary"));
    assert_non_null(strstr(m, "## Biggest drop-offs"));
    assert_non_null(strstr(m, "| 1 | TP form | Stage ask | Web | 35 % |"));
    assert_non_null(strstr(m, "## Data asked again"));
    free(m);

    char *h = render(&f, NULL, JMAP_REPORT_HTML);
    const char *hi = strstr(h, "<h3>Insights</h3>\n<blockquote class=\"jm-insights\">\n<ul>\n"
                               "<li>Customers retype | their &lt;IBAN&gt;</li>\n");
    assert_non_null(hi);
    assert_true(hi < strstr(h, "<h3>Summary</h3>"));
    assert_non_null(strstr(h, "</ul>\n</blockquote>\n"));
    free(h);

    char *j = render(&f, NULL, JMAP_REPORT_JSON);
    const char *ji = strstr(j, "\n  \"insights\": [\n    {\"text\": \"Customers retype | their <IBAN>\", \"stage\": null},\n"
                               "    {\"text\": \"The first call decides\", \"stage\": \"ask\"}\n  ],");
    assert_non_null(ji);
    assert_true(ji < strstr(j, "\n  \"summary\""));
    assert_non_null(strstr(j, "\"findings\": 5,")); /* the four, and the pain unaddressed */
    assert_non_null(strstr(j, "{\"rank\": 1, \"touchpoint\": \"form\", \"stage\": \"ask\", \"channel\": \"web\", \"percent\": 35}"));
    assert_non_null(strstr(j, "{\"rank\": 2, \"touchpoint\": \"call\", \"stage\": \"ask\", \"channel\": \"phone\", \"percent\": 12.5}"));
    assert_non_null(strstr(j, "\"unreachable_touchpoints\": [\n    {\"touchpoint\": \"skipped\", \"stage\": \"ask\", \"state\": \"retired\"}\n  ]"));
    assert_non_null(strstr(j, "\"unsupported_pains\": [\n    {\"pain\": \"retype\", \"touchpoint\": \"form\", \"stage\": \"ask\"}\n  ]"));
    assert_non_null(strstr(j, "{\"from\": {\"touchpoint\": \"call\", \"stage\": \"ask\", \"owner\": \"Front desk\"}, "
                              "\"to\": {\"touchpoint\": \"form\", \"stage\": \"ask\", \"owner\": \"Back office\"}, "
                              "\"pains\": [\"retype\"]}"));
    assert_non_null(strstr(j, "\"key\": \"IBAN\""));
    assert_non_null(strstr(j, "\"asked_again_through\": [\"web\"],\n      \"cross_channel\": true"));
    free(j);
    fx_free(&f);
}

/* An ordinary journey: no new section in text or Markdown; in JSON empty
 * lists, and null for the checks that did not apply. */
static void test_blueprint_absent(void **state)
{
    (void)state;
    fx f = fx_new(0, NULL);
    jmap_stage *s = fx_stage(&f, "s");
    jmap_touchpoint *t1 = fx_tp(&f, s, "t1", "web", 4);
    jmap_touchpoint *t2 = fx_tp(&f, s, "t2", "web", 4);
    t1->owner = "A";
    t2->owner = "B";
    fx_pain(&f, s, t2, "p", JMAP_LEVEL_HIGH);
    char *t = render(&f, NULL, JMAP_REPORT_TEXT);
    static const char *const absent[] = {"Insights", "drop-off", "Unreachable", "Unsupported",
                                         "Hand-offs", "Data asked"};
    for (size_t i = 0; i < sizeof absent / sizeof *absent; i++)
        if (strstr(t, absent[i]))
            fail_msg("%s in an ordinary journey's report", absent[i]);
    free(t);
    char *j = render(&f, NULL, JMAP_REPORT_JSON);
    assert_non_null(strstr(j, "\n  \"insights\": [],"));
    assert_non_null(strstr(j, "\n  \"drop_offs\": [],"));
    assert_non_null(strstr(j, "\n  \"unreachable_touchpoints\": null,"));
    assert_non_null(strstr(j, "\n  \"unsupported_pains\": null,"));
    assert_non_null(strstr(j, "\n  \"owner_handoffs\": [],"));
    assert_non_null(strstr(j, "\n  \"data_asked_again\": []\n}"));
    free(j);

    /* checks that apply and find nothing say so */
    fx_step(&f, t2, JMAP_BP_SUPPORT, "Help desk");
    fx_next(&f, t1, t2);
    t = render(&f, NULL, JMAP_REPORT_TEXT);
    assert_non_null(strstr(t, "Unreachable touchpoints\n=======================\n  Nothing to report.\n"));
    assert_non_null(strstr(t, "Unsupported pains\n=================\n  Nothing to report.\n"));
    free(t);
    j = render(&f, NULL, JMAP_REPORT_JSON);
    assert_non_null(strstr(j, "\n  \"unreachable_touchpoints\": [],"));
    assert_non_null(strstr(j, "\n  \"unsupported_pains\": [],"));
    free(j);
    fx_free(&f);
}

static void test_blueprint_french(void **state)
{
    (void)state;
    fx f = blueprint();
    f.j->locale = JMAP_LOCALE_FR;
    char *t = render(&f, NULL, JMAP_REPORT_TEXT);
    assert_non_null(strstr(t, "\nEnseignements\n=============\n"));
    assert_non_null(strstr(t, "  > Stage ask : The first call decides\n"));
    assert_non_null(strstr(t, "Plus forts abandons"));
    assert_non_null(strstr(t, "12,5 %"));
    assert_non_null(strstr(t, "TP skipped (retiré)"));
    assert_non_null(strstr(t, "Points de contact inaccessibles"));
    assert_non_null(strstr(t, "Irritants sans soutien"));
    assert_non_null(strstr(t, "Passages de relais entre responsables avec irritant"));
    assert_non_null(strstr(t, "Données redemandées"));
    assert_non_null(strstr(t, "TP call [Téléphone], TP form [Web]"));
    assert_null(strstr(t, "Insights"));
    free(t);
    /* JSON stays the same in every language */
    char *j = render(&f, NULL, JMAP_REPORT_JSON);
    f.j->locale = JMAP_LOCALE_EN;
    char *je = render(&f, NULL, JMAP_REPORT_JSON);
    const char *a = strstr(j, "\"personas_implicit\""), *b = strstr(je, "\"personas_implicit\"");
    assert_string_equal(a, b);
    free(j);
    free(je);
    fx_free(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_numbers),          cmocka_unit_test(test_fmt_parse),
        cmocka_unit_test(test_all_good_says_so), cmocka_unit_test(test_implicit_persona),
        cmocka_unit_test(test_french_labels),    cmocka_unit_test(test_markdown_escapes),
        cmocka_unit_test(test_text_alignment),   cmocka_unit_test(test_persona_filter_header),
        cmocka_unit_test(test_json_is_stable),   cmocka_unit_test(test_html_fragment),
        cmocka_unit_test(test_blueprint_sections), cmocka_unit_test(test_blueprint_absent),
        cmocka_unit_test(test_blueprint_french),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
