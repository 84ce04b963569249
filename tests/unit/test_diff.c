/*
 * test_diff.c — jmap_diff over pairs of small journeys written inline: each
 * kind of change is found (and nothing else), moves are the fewest that
 * explain the new order, findings are matched by kind and subjects, and the
 * three forms escape hostile text and stay stable.
 */
#include "load_util.h"

#include <glib.h>

#include "diff.h"

typedef struct pair {
    jmap_doc *a, *b;
    jmap_diff *d;
} pair;

static jmap_doc *must_load(const char *yaml)
{
    jmap_doc *doc = load_str(yaml);
    if (!doc->journey) {
        dump_diags(doc);
        fail_msg("journey did not load");
    }
    return doc;
}

static pair diff_of(const char *before, const char *after)
{
    pair p;
    p.a = must_load(before);
    p.b = must_load(after);
    p.d = jmap_diff_new(p.a->journey, p.b->journey);
    assert_non_null(p.d);
    return p;
}

static void pair_free(pair *p)
{
    jmap_diff_free(p->d);
    jmap_doc_free(p->a);
    jmap_doc_free(p->b);
}

/* The i-th change of a kind, or fail. */
static const jmap_change *nth(const jmap_diff *d, jmap_change_kind k, size_t i)
{
    for (size_t c = 0; c < d->n_changes; c++)
        if (d->changes[c].kind == k && i-- == 0)
            return &d->changes[c];
    fail_msg("no change of kind %s", jmap_change_kind_name(k));
    return NULL;
}

static char *render(const jmap_diff *d, jmap_report_fmt fmt)
{
    size_t len = 0;
    char *s = jmap_diff_render(d, fmt, "old.yaml", "new.yaml", &len);
    assert_non_null(s);
    assert_int_equal(len, strlen(s));
    assert_true(len > 0 && s[len - 1] == '\n');
    return s;
}

/* Only changes of the listed groups besides findings; n_kinds pairs of (kind, count). */
static void expect_only(const jmap_diff *d, size_t n, ...)
{
    size_t want[JMAP_CHANGE_KIND_COUNT] = {0};
    va_list ap;
    va_start(ap, n);
    for (size_t i = 0; i < n; i++) {
        int k = va_arg(ap, int);
        want[k] = (size_t)va_arg(ap, int);
    }
    va_end(ap);
    for (int k = 0; k < JMAP_CHANGE_KIND_COUNT; k++) {
        if (k == JMAP_CHANGE_FINDING_APPEARED || k == JMAP_CHANGE_FINDING_GONE)
            continue;
        if (d->counts[k] != want[k])
            fail_msg("%s: %zu changes, expected %zu", jmap_change_kind_name((jmap_change_kind)k), d->counts[k],
                     want[k]);
    }
}

#define BASE                                                                                     \
    "jmap: 1\n"                                                                                  \
    "title: T\n"                                                                                 \
    "personas: [{id: ana, name: Ana}, {id: bo, name: Bo}]\n"                                     \
    "stages:\n"                                                                                  \
    "  - id: s1\n"                                                                               \
    "    name: One\n"                                                                            \
    "    kpis: [{name: Conv, value: 10, target: 20, unit: \"%\"}]\n"                             \
    "    touchpoints:\n"                                                                         \
    "      - {id: a, name: A, channel: web, emotion: {ana: 3, bo: 3}}\n"                         \
    "      - {id: b, name: B, channel: web, emotion: {ana: 3, bo: 3},\n"                         \
    "         pains: [{id: p1, text: Slow, severity: high}],\n"                                  \
    "         opportunities: [{id: o1, text: Faster, addresses: p1, status: idea}]}\n"           \
    "      - {id: c, name: C, channel: web, emotion: {ana: 3, bo: 3}}\n"                         \
    "  - id: s2\n"                                                                               \
    "    name: Two\n"                                                                            \
    "    touchpoints:\n"                                                                         \
    "      - {id: d, name: D, channel: web, emotion: {ana: 3, bo: 3}}\n"

static void test_same(void **state)
{
    (void)state;
    pair p = diff_of(BASE, BASE);
    assert_int_equal(p.d->n_changes, 0);
    char *t = render(p.d, JMAP_REPORT_TEXT);
    assert_non_null(strstr(t, "No changes."));
    free(t);
    char *j = render(p.d, JMAP_REPORT_JSON);
    assert_non_null(strstr(j, "\"same\": true"));
    free(j);
    pair_free(&p);
}

static void test_touchpoints(void **state)
{
    (void)state;
    /* c removed, e added, a renamed, d moved to s1, b moved after ... */
    const char *after =
        "jmap: 1\ntitle: T\npersonas: [{id: ana, name: Ana}, {id: bo, name: Bo}]\n"
        "stages:\n"
        "  - id: s1\n    name: One\n    kpis: [{name: Conv, value: 10, target: 20, unit: \"%\"}]\n"
        "    touchpoints:\n"
        "      - {id: a, name: A2, channel: web, emotion: {ana: 3, bo: 3}}\n"
        "      - {id: b, name: B, channel: web, emotion: {ana: 3, bo: 3},\n"
        "         pains: [{id: p1, text: Slow, severity: high}],\n"
        "         opportunities: [{id: o1, text: Faster, addresses: p1, status: idea}]}\n"
        "      - {id: d, name: D, channel: web, emotion: {ana: 3, bo: 3}}\n"
        "  - id: s2\n    name: Two\n    touchpoints:\n"
        "      - {id: e, name: E, channel: web, emotion: {ana: 3, bo: 3}}\n";
    pair p = diff_of(BASE, after);
    expect_only(p.d, 4, JMAP_CHANGE_TOUCHPOINT_ADDED, 1, JMAP_CHANGE_TOUCHPOINT_REMOVED, 1,
                JMAP_CHANGE_TOUCHPOINT_RENAMED, 1, JMAP_CHANGE_TOUCHPOINT_MOVED, 1);
    assert_string_equal(nth(p.d, JMAP_CHANGE_TOUCHPOINT_ADDED, 0)->after.touchpoint->id, "e");
    assert_string_equal(nth(p.d, JMAP_CHANGE_TOUCHPOINT_REMOVED, 0)->before.touchpoint->id, "c");
    const jmap_change *r = nth(p.d, JMAP_CHANGE_TOUCHPOINT_RENAMED, 0);
    assert_string_equal(r->before.touchpoint->name, "A");
    assert_string_equal(r->after.touchpoint->name, "A2");
    const jmap_change *m = nth(p.d, JMAP_CHANGE_TOUCHPOINT_MOVED, 0);
    assert_string_equal(m->after.touchpoint->id, "d");
    assert_string_equal(m->before.stage->id, "s2");
    assert_string_equal(m->after.stage->id, "s1");
    pair_free(&p);
}

static void test_position_moves_are_fewest(void **state)
{
    (void)state;
    const char *before = "jmap: 1\ntitle: T\nstages:\n  - id: s\n    name: S\n    touchpoints:\n"
                         "      - {id: a, name: A}\n      - {id: b, name: B}\n      - {id: c, name: C}\n"
                         "      - {id: d, name: D}\n";
    /* d to the front: one move, not four. */
    const char *after = "jmap: 1\ntitle: T\nstages:\n  - id: s\n    name: S\n    touchpoints:\n"
                        "      - {id: d, name: D}\n      - {id: a, name: A}\n      - {id: b, name: B}\n"
                        "      - {id: c, name: C}\n";
    pair p = diff_of(before, after);
    expect_only(p.d, 1, JMAP_CHANGE_TOUCHPOINT_MOVED, 1);
    const jmap_change *m = nth(p.d, JMAP_CHANGE_TOUCHPOINT_MOVED, 0);
    assert_string_equal(m->after.touchpoint->id, "d");
    assert_int_equal(m->before.touchpoint->ordinal, 3);
    assert_int_equal(m->after.touchpoint->ordinal, 0);
    char *t = render(p.d, JMAP_REPORT_TEXT);
    assert_non_null(strstr(t, "position 4 → 1 in its stage"));
    free(t);
    pair_free(&p);
}

static void test_stages(void **state)
{
    (void)state;
    const char *before = "jmap: 1\ntitle: T\nstages:\n  - {id: x, name: X}\n  - {id: y, name: Y}\n"
                         "  - {id: z, name: Z}\n";
    const char *after = "jmap: 1\ntitle: T\nstages:\n  - {id: z, name: Zed}\n  - {id: x, name: X}\n"
                        "  - {id: w, name: W}\n";
    pair p = diff_of(before, after);
    expect_only(p.d, 4, JMAP_CHANGE_STAGE_ADDED, 1, JMAP_CHANGE_STAGE_REMOVED, 1, JMAP_CHANGE_STAGE_RENAMED, 1,
                JMAP_CHANGE_STAGE_MOVED, 1);
    assert_string_equal(nth(p.d, JMAP_CHANGE_STAGE_ADDED, 0)->after.stage->id, "w");
    assert_string_equal(nth(p.d, JMAP_CHANGE_STAGE_REMOVED, 0)->before.stage->id, "y");
    assert_string_equal(nth(p.d, JMAP_CHANGE_STAGE_RENAMED, 0)->after.stage->name, "Zed");
    assert_string_equal(nth(p.d, JMAP_CHANGE_STAGE_MOVED, 0)->after.stage->id, "z");
    pair_free(&p);
}

static void test_personas(void **state)
{
    (void)state;
    const char *before = "jmap: 1\ntitle: T\npersonas: [{id: ana, name: Ana}, {id: bo, name: Bo}]\n"
                         "stages: [{id: s, name: S, touchpoints: [{id: a, name: A}]}]\n";
    const char *after = "jmap: 1\ntitle: T\npersonas: [{id: ana, name: Anna}, {id: cy, name: Cy}]\n"
                        "stages: [{id: s, name: S, touchpoints: [{id: a, name: A}]}]\n";
    pair p = diff_of(before, after);
    expect_only(p.d, 3, JMAP_CHANGE_PERSONA_ADDED, 1, JMAP_CHANGE_PERSONA_REMOVED, 1,
                JMAP_CHANGE_PERSONA_RENAMED, 1);
    assert_string_equal(nth(p.d, JMAP_CHANGE_PERSONA_ADDED, 0)->after.persona->id, "cy");
    assert_string_equal(nth(p.d, JMAP_CHANGE_PERSONA_REMOVED, 0)->before.persona->id, "bo");
    pair_free(&p);

    /* The implicit persona is nobody to add or remove. */
    const char *none = "jmap: 1\ntitle: T\nstages: [{id: s, name: S, touchpoints: [{id: a, name: A}]}]\n";
    p = diff_of(none, after);
    expect_only(p.d, 1, JMAP_CHANGE_PERSONA_ADDED, 2);
    pair_free(&p);
}

static void test_emotions(void **state)
{
    (void)state;
    /* a: ana 3 -> 4.5; c: bo 3 -> 1; d: ana's score gone */
    const char *s1 = "jmap: 1\ntitle: T\npersonas: [{id: ana, name: Ana}, {id: bo, name: Bo}]\n"
                     "stages:\n  - id: s1\n    name: One\n"
                     "    kpis: [{name: Conv, value: 10, target: 20, unit: \"%\"}]\n"
                     "    touchpoints:\n"
                     "      - {id: a, name: A, channel: web, emotion: {ana: 4.5, bo: 3}}\n"
                     "      - {id: b, name: B, channel: web, emotion: {ana: 3, bo: 3},\n"
                     "         pains: [{id: p1, text: Slow, severity: high}],\n"
                     "         opportunities: [{id: o1, text: Faster, addresses: p1, status: idea}]}\n"
                     "      - {id: c, name: C, channel: web, emotion: {ana: 3, bo: 1}}\n"
                     "  - id: s2\n    name: Two\n    touchpoints:\n"
                     "      - {id: d, name: D, channel: web, emotion: {bo: 3}}\n";
    pair p = diff_of(BASE, s1);
    expect_only(p.d, 1, JMAP_CHANGE_EMOTION, 3);
    const jmap_change *e = nth(p.d, JMAP_CHANGE_EMOTION, 0);
    assert_string_equal(e->after.touchpoint->id, "a");
    assert_string_equal(e->after.persona->id, "ana");
    assert_true(e->before.score_set && e->after.score_set);
    assert_true(e->before.score == 3 && e->after.score == 4.5);
    e = nth(p.d, JMAP_CHANGE_EMOTION, 2);
    assert_string_equal(e->after.touchpoint->id, "d");
    assert_true(e->before.score_set && !e->after.score_set);
    char *md = render(p.d, JMAP_REPORT_MD);
    assert_non_null(strstr(md, "| A | Ana | 3 | 4.5 | ↑ +1.5 |"));
    assert_non_null(strstr(md, "| C | Bo | 3 | 1 | ↓ -2 |"));
    free(md);
    char *t = render(p.d, JMAP_REPORT_TEXT);
    assert_non_null(strstr(t, "↑ +1.5"));
    free(t);
    /* The sharp drop of bo at c appeared. */
    assert_int_equal(nth(p.d, JMAP_CHANGE_FINDING_APPEARED, 0)->finding->kind, JMAP_FINDING_DROP);
    pair_free(&p);
}

static void test_pains_opportunities_kpis(void **state)
{
    (void)state;
    const char *after =
        "jmap: 1\ntitle: T\npersonas: [{id: ana, name: Ana}, {id: bo, name: Bo}]\n"
        "stages:\n  - id: s1\n    name: One\n"
        "    kpis: [{name: Conv, value: 25, target: 20, unit: \"%\"}, {name: NPS, value: 30}]\n"
        "    touchpoints:\n"
        "      - {id: a, name: A, channel: web, emotion: {ana: 3, bo: 3}}\n"
        "      - {id: b, name: B, channel: web, emotion: {ana: 3, bo: 3},\n"
        "         opportunities: [{id: o1, text: Faster, status: done}, {id: o2, text: New}]}\n"
        "      - {id: c, name: C, channel: web, emotion: {ana: 3, bo: 3}, pains: [{id: p2, text: Lost}]}\n"
        "  - id: s2\n    name: Two\n    touchpoints:\n"
        "      - {id: d, name: D, channel: web, emotion: {ana: 3, bo: 3}}\n";
    pair p = diff_of(BASE, after);
    expect_only(p.d, 6, JMAP_CHANGE_PAIN_ADDED, 1, JMAP_CHANGE_PAIN_RESOLVED, 1, JMAP_CHANGE_OPPORTUNITY_ADDED, 1,
                JMAP_CHANGE_OPPORTUNITY_STATUS, 1, JMAP_CHANGE_KPI_CHANGED, 1, JMAP_CHANGE_KPI_ADDED, 1);
    assert_string_equal(nth(p.d, JMAP_CHANGE_PAIN_RESOLVED, 0)->before.pain->id, "p1");
    assert_string_equal(nth(p.d, JMAP_CHANGE_PAIN_ADDED, 0)->after.pain->id, "p2");
    const jmap_change *o = nth(p.d, JMAP_CHANGE_OPPORTUNITY_STATUS, 0);
    assert_int_equal(o->before.opportunity->status, JMAP_STATUS_IDEA);
    assert_int_equal(o->after.opportunity->status, JMAP_STATUS_DONE);
    const jmap_change *k = nth(p.d, JMAP_CHANGE_KPI_CHANGED, 0);
    assert_int_equal(jmap_kpi_on_target(k->before.kpi), 0);
    assert_int_equal(jmap_kpi_on_target(k->after.kpi), 1);
    char *t = render(p.d, JMAP_REPORT_TEXT);
    assert_non_null(strstr(t, "idea → done"));
    assert_non_null(strstr(t, "10 % (off target)"));
    assert_non_null(strstr(t, "25 % (on target)"));
    free(t);
    /* The KPI off target went, and so did nothing else about it. */
    bool kpi_gone = false;
    for (size_t i = 0; i < p.d->n_changes; i++)
        if (p.d->changes[i].kind == JMAP_CHANGE_FINDING_GONE &&
            p.d->changes[i].finding->kind == JMAP_FINDING_KPI_OFF_TARGET)
            kpi_gone = true;
    assert_true(kpi_gone);
    pair_free(&p);
}

static void test_pain_changed_severity(void **state)
{
    (void)state;
    const char *before = "jmap: 1\ntitle: T\nstages: [{id: s, name: S, touchpoints: [{id: a, name: A,\n"
                         "  pains: [{id: p, text: Slow, severity: low}]}]}]\n";
    const char *after = "jmap: 1\ntitle: T\nstages: [{id: s, name: S, touchpoints: [{id: a, name: A,\n"
                        "  pains: [{id: p, text: Slow, severity: high}]}]}]\n";
    pair p = diff_of(before, after);
    expect_only(p.d, 1, JMAP_CHANGE_PAIN_CHANGED, 1);
    char *t = render(p.d, JMAP_REPORT_TEXT);
    assert_non_null(strstr(t, "low → high"));
    free(t);
    pair_free(&p);
}

static void test_findings_keyed_by_subjects(void **state)
{
    (void)state;
    /* The same drop with other figures is the same finding. */
    const char *before = "jmap: 1\ntitle: T\nstages: [{id: s, name: S, touchpoints: [\n"
                         "  {id: a, name: A, emotion: 5}, {id: b, name: B, emotion: 2}]}]\n";
    const char *after = "jmap: 1\ntitle: T\nstages: [{id: s, name: S, touchpoints: [\n"
                        "  {id: a, name: A, emotion: 5}, {id: b, name: B, emotion: 1}]}]\n";
    pair p = diff_of(before, after);
    assert_int_equal(p.d->counts[JMAP_CHANGE_FINDING_APPEARED], 0);
    assert_int_equal(p.d->counts[JMAP_CHANGE_FINDING_GONE], 0);
    assert_int_equal(p.d->counts[JMAP_CHANGE_EMOTION], 1);
    pair_free(&p);

    /* An empty stage appears. */
    const char *empty = "jmap: 1\ntitle: T\nstages: [{id: s, name: S, touchpoints: [\n"
                        "  {id: a, name: A, emotion: 5}, {id: b, name: B, emotion: 2}]}, {id: e, name: E}]\n";
    p = diff_of(before, empty);
    const jmap_change *f = nth(p.d, JMAP_CHANGE_FINDING_APPEARED, 0);
    assert_int_equal(f->finding->kind, JMAP_FINDING_EMPTY_STAGE);
    assert_string_equal(f->finding->subjects[0], "e");
    char *j = render(p.d, JMAP_REPORT_JSON);
    assert_non_null(strstr(j, "{\"kind\": \"empty-stage\", \"subjects\": [\"e\"]"));
    free(j);
    pair_free(&p);
}

static void test_other_changes(void **state)
{
    (void)state;
    const char *before = "jmap: 1\ntitle: T\nstages: [{id: s, name: S, touchpoints: [{id: a, name: A}]}]\n";
    const char *after = "jmap: 1\ntitle: T2\nstages: [{id: s, name: S, touchpoints: [{id: a, name: A}]}]\n";
    pair p = diff_of(before, after);
    assert_int_equal(p.d->n_changes, 1);
    assert_int_equal(p.d->changes[0].kind, JMAP_CHANGE_OTHER);
    pair_free(&p);
}

static void test_hostile_text(void **state)
{
    (void)state;
    const char *before = "jmap: 1\ntitle: T\nstages: [{id: s, name: S, touchpoints: [{id: a, name: A}]}]\n";
    const char *after = "jmap: 1\ntitle: \"<b>x</b>\"\nstages: [{id: s, name: S, touchpoints: [\n"
                        "  {id: a, name: \"a | `b` <img src=x> [l](http://e) @team \\e[2J\\u202E\\n# h\"}]}]\n";
    pair p = diff_of(before, after);
    char *md = render(p.d, JMAP_REPORT_MD);
    /* Every '<', '`' and '|' of the name is escaped: its cell ends at the first " | ". */
    const char *cell = strstr(md, "| a \\|") + 2;
    const char *end = strstr(cell, " | ");
    assert_non_null(end);
    for (const char *q = cell; q < end; q++)
        if (*q == '<' || *q == '`' || *q == '|')
            assert_int_equal(q[-1], '\\');
    assert_null(strstr(md, "<b>"));
    assert_null(strstr(md, "\033"));
    assert_null(strstr(md, "\xE2\x80\xAE"));
    assert_non_null(strstr(md, "a \\| \\`b\\` \\<img src=x\\> \\[l\\](http://e) \\@team \\\\e\\[2J"));
    /* Each table row stays one line. */
    assert_null(strstr(md, "\n# h"));
    free(md);
    char *t = render(p.d, JMAP_REPORT_TEXT);
    assert_null(strstr(t, "\033"));
    assert_null(strstr(t, "\xE2\x80\xAE"));
    assert_non_null(strstr(t, "\\e[2J\\u{202E}\\n# h"));
    free(t);
    char *j = render(p.d, JMAP_REPORT_JSON);
    assert_null(strstr(j, "\033"));
    assert_non_null(strstr(j, "\\u001b[2J"));
    free(j);
    pair_free(&p);
}

static void test_markdown_size_limit(void **state)
{
    (void)state;
    GString *a = g_string_new("jmap: 1\ntitle: T\nstages:\n  - id: s\n    name: S\n    touchpoints:\n");
    GString *b = g_string_new(a->str);
    for (int i = 0; i < 2000; i++) {
        g_string_append_printf(a, "      - {id: t%d, name: Touchpoint number %d}\n", i, i);
        g_string_append_printf(b, "      - {id: t%d, name: Touchpoint number %d renamed}\n", i, i);
    }
    pair p = diff_of(a->str, b->str);
    assert_int_equal(p.d->counts[JMAP_CHANGE_TOUCHPOINT_RENAMED], 2000);
    char *md = render(p.d, JMAP_REPORT_MD);
    assert_true(strlen(md) <= JMAP_DIFF_MD_MAX);
    assert_non_null(strstr(md, "more lines are left out"));
    free(md);
    pair_free(&p);
    g_string_free(a, true);
    g_string_free(b, true);
}

static void test_stable(void **state)
{
    (void)state;
    const char *after = "jmap: 1\ntitle: T\npersonas: [{id: bo, name: Bo}]\nstages:\n"
                        "  - {id: s2, name: Two, touchpoints: [{id: d, name: D, emotion: 1}]}\n";
    for (int f = 0; f < 3; f++) {
        pair p = diff_of(BASE, after), q = diff_of(BASE, after);
        char *x = render(p.d, (jmap_report_fmt)f), *y = render(q.d, (jmap_report_fmt)f);
        assert_string_equal(x, y);
        free(x);
        free(y);
        pair_free(&p);
        pair_free(&q);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same),
        cmocka_unit_test(test_touchpoints),
        cmocka_unit_test(test_position_moves_are_fewest),
        cmocka_unit_test(test_stages),
        cmocka_unit_test(test_personas),
        cmocka_unit_test(test_emotions),
        cmocka_unit_test(test_pains_opportunities_kpis),
        cmocka_unit_test(test_pain_changed_severity),
        cmocka_unit_test(test_findings_keyed_by_subjects),
        cmocka_unit_test(test_other_changes),
        cmocka_unit_test(test_hostile_text),
        cmocka_unit_test(test_markdown_size_limit),
        cmocka_unit_test(test_stable),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
