/*
 * test_kpis.c — KPI figures as people write them (jmap_kpi_number) and KPI
 * data files (jmap_apply_kpis): values, series, and where problems point.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "load_util.h"

static double num(const char *s, jmap_locale loc, bool *pct)
{
    double v = NAN;
    bool p = false;
    if (!jmap_kpi_number(s, loc, &v, &p))
        return NAN;
    if (pct)
        *pct = p;
    return v;
}

#define FR JMAP_LOCALE_FR
#define EN JMAP_LOCALE_EN

static void test_french_numbers(void **state)
{
    (void)state;
    bool pct = false;
    assert_float_equal(num("3 200", FR, NULL), 3200, 0);
    assert_float_equal(num("3\u00A0200", FR, NULL), 3200, 0);
    assert_float_equal(num("3\u202F200", FR, NULL), 3200, 0);
    assert_float_equal(num("1 234,5", FR, NULL), 1234.5, 1e-9);
    assert_float_equal(num("1 234 567", FR, NULL), 1234567, 0);
    assert_float_equal(num("3,2 %", FR, &pct), 3.2, 1e-9);
    assert_true(pct);
    assert_float_equal(num("3,2\u202F%", FR, NULL), 3.2, 1e-9);
    assert_float_equal(num("  -12,75 ", FR, NULL), -12.75, 1e-9);
    assert_float_equal(num("\u22124", FR, NULL), -4, 0);
    assert_float_equal(num("3.5", FR, NULL), 3.5, 1e-9); /* a point still reads */
    assert_float_equal(num("42", FR, &pct), 42, 0);
    assert_false(pct);
    /* in French a comma is the decimal mark, never a group */
    assert_float_equal(num("3,200", FR, NULL), 3.2, 1e-9);
}

static void test_english_numbers(void **state)
{
    (void)state;
    bool pct = false;
    assert_float_equal(num("3,200", EN, NULL), 3200, 0);
    assert_float_equal(num("1,234.5", EN, NULL), 1234.5, 1e-9);
    assert_float_equal(num("1,234,567", EN, NULL), 1234567, 0);
    assert_float_equal(num("3.2%", EN, &pct), 3.2, 1e-9);
    assert_true(pct);
    assert_float_equal(num("3 200", EN, NULL), 3200, 0);
    assert_float_equal(num(".5", EN, NULL), 0.5, 1e-9);
}

static void test_not_numbers(void **state)
{
    (void)state;
    const char *bad[] = {"", " ", "%", "quarante", "3,2", "3,20", "32,00,0", "1 23", "12 3456",
                         "3,2,1", "1.2.3", "0x10", "1e3", "inf", "nan", "3.", "-", "3 %%",
                         "3 200 €", "1,234", NULL};
    for (size_t i = 0; bad[i]; i++) {
        /* "1,234" is a number in English only; in French it is 1.234 */
        jmap_locale loc = i < 4 || strcmp(bad[i], "1,234") ? EN : FR;
        if (!strcmp(bad[i], "1,234")) {
            assert_float_equal(num(bad[i], loc, NULL), 1.234, 1e-9);
            continue;
        }
        if (!isnan(num(bad[i], loc, NULL)))
            print_message("read as a number: '%s'\n", bad[i]);
        assert_true(isnan(num(bad[i], loc, NULL)));
    }
    assert_true(isnan(num("3,2", EN, NULL)));   /* a decimal comma in English: text */
    assert_true(isnan(num("1.234,5", FR, NULL))); /* points are not groups */
    assert_true(isnan(num("\xC9", FR, NULL)));   /* not UTF-8 */
}

static const char journey[] =
    "jmap: 1\ntitle: T\nlocale: fr\nstages:\n"
    "  - {id: a, name: A, kpis: [{name: Visites, value: 1, target: 4000, unit: visites}]}\n"
    "  - {id: b, name: B}\n";

static void test_apply_series(void **state)
{
    (void)state;
    jmap_doc *d = load_str(journey);
    assert_non_null(d->journey);
    static const char csv[] = "\xEF\xBB\xBFstage;kpi;value;target;date\r\n"
                              "a;Visites;3 900;;2025-03\r\n"
                              "a;Visites;2 800;3500;2025-01\r\n"
                              "b;Taux;3,2 %;;\r\n";
    assert_true(jmap_apply_kpis(d, "k.csv", csv, strlen(csv)));
    const jmap_stage *a = d->journey->stages[0], *b = d->journey->stages[1];
    assert_int_equal(a->n_kpis, 1);
    const jmap_kpi *k = &a->kpis[0];
    assert_int_equal(k->n_series, 2);
    assert_string_equal(k->series[0].date, "2025-01"); /* oldest first */
    assert_float_equal(k->series[0].value, 2800, 0);
    assert_float_equal(k->value.number, 3900, 0);     /* the latest */
    assert_float_equal(k->target.number, 3500, 0);    /* given on a row */
    assert_string_equal(k->unit, "visites");
    assert_int_equal(b->n_kpis, 1);
    assert_string_equal(b->kpis[0].name, "Taux");
    assert_float_equal(b->kpis[0].value.number, 3.2, 1e-9);
    assert_string_equal(b->kpis[0].unit, "%");
    assert_int_equal(b->kpis[0].n_series, 0);
    jmap_doc_free(d);
}

static void test_apply_refusals(void **state)
{
    (void)state;
    jmap_doc *d = load_str(journey);
    static const char csv[] = "stage,kpi,value,date\n"
                              "c,Visites,3,\n"
                              "a,Visites,3,2025-02-30\n";
    assert_false(jmap_apply_kpis(d, "k.csv", csv, strlen(csv)));
    assert_non_null(find_diag(d, JMAP_SEV_ERROR, 2, 1, "unknown stage 'c'"));
    assert_non_null(find_diag(d, JMAP_SEV_ERROR, 3, 13, "is not a date"));
    /* nothing changed */
    assert_float_equal(d->journey->stages[0]->kpis[0].value.number, 1, 0);
    assert_int_equal(d->journey->stages[0]->kpis[0].n_series, 0);
    jmap_doc_free(d);
}

static void test_yaml_text_value(void **state)
{
    (void)state;
    jmap_doc *d = load_str("jmap: 1\ntitle: T\nstages:\n  - name: A\n    kpis:\n"
                           "      - {name: R, value: forty, target: 40}\n"
                           "      - {name: V, value: \"3,200\", target: 4000}\n");
    assert_non_null(d->journey);
    assert_non_null(find_diag(d, JMAP_SEV_WARNING, 6, 26, "not a number while the target is"));
    assert_int_equal(d->diags.warnings, 1);
    assert_float_equal(d->journey->stages[0]->kpis[1].value.number, 3200, 0);
    jmap_doc_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_french_numbers),   cmocka_unit_test(test_english_numbers),
        cmocka_unit_test(test_not_numbers),      cmocka_unit_test(test_apply_series),
        cmocka_unit_test(test_apply_refusals),   cmocka_unit_test(test_yaml_text_value),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
