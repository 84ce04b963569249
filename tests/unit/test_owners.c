/*
 * test_owners.c — what each scene item shows (scene.h: tp, persona, stage),
 * over every example laid out with the fake measurer, at its natural size
 * and split into pages for a small sheet: a touchpoint's card, name, icon,
 * texts, storyboard picture, pain and opportunity cards and emotion points
 * name that touchpoint and sit in its column; every curve and legend entry
 * of a persona names it; stage headers, KPIs and channel dots name their
 * stage; the map's own furniture (title, lane labels, grid) names nothing.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "layout.h"
#include "scene.h"

#define EPS 0.01

static bool is(const jmap_scene_item *it, const char *role)
{
    return strcmp(it->role, role) == 0;
}

static bool any_of(const jmap_scene_item *it, const char *const *roles)
{
    for (size_t i = 0; roles[i]; i++)
        if (is(it, roles[i]))
            return true;
    return false;
}

/* Items of one touchpoint, in its column. */
static const char *const TP_ROLES[] = {"tp-card", "tp-name", "tp-icon", "link", "doing",
                                       "thinking", "quote", "owner", "story", "point",
                                       "feeling", "mot-label", "mot-mark", "label-block",
                                       "responses", "spread", "spread-cap", "target-point",
                                       "tp-added", "tp-changed", NULL};
/* Items of one persona. */
static const char *const PERSONA_ROLES[] = {"curve", "target-curve", "point", "persona-card",
                                            "persona-name", "persona-avatar", "persona-initials",
                                            "persona-key", "persona-key-line", "persona-end",
                                            "legend-curve", "lowest", "persona-point",
                                            "wave-curve", "wave-label", NULL};
/* Items of one stage. */
static const char *const STAGE_ROLES[] = {"stage-header", "stage-name", "kpi-name", "kpi-track",
                                          "channel-dot", "gap", "gap-label", NULL};
/* The map's own furniture. */
static const char *const NOBODY_ROLES[] = {"title", "lane-label", "lane-icon", "grid",
                                           "neutral", "face", "legend-title", "lane-rule",
                                           "stage-rule", "phase-band", "channel-name", NULL};

static void check_scene(const jmap_journey *j, const jmap_scene *s)
{
    size_t n = jmap_scene_count(s);
    /* each touchpoint's column, from its card */
    double *x0 = g_new0(double, j->n_touchpoints + 1), *x1 = g_new0(double, j->n_touchpoints + 1);
    bool *has_card = g_new0(bool, j->n_touchpoints + 1);
    size_t cards = 0;
    for (size_t i = 0; i < n; i++) {
        const jmap_scene_item *it = jmap_scene_item_at(s, i);
        assert_true(it->tp >= -1 && it->tp < (int)j->n_touchpoints);
        assert_true(it->persona >= -1 && it->persona < (int)j->n_personas);
        assert_true(it->stage >= -1 && it->stage < (int)j->n_stages);
        /* a touchpoint's items are also its stage's */
        if (it->tp >= 0)
            assert_int_equal(it->stage, (int)j->touchpoints[it->tp]->stage->index);
        if (is(it, "tp-card")) {
            assert_true(it->tp >= 0);
            assert_false(has_card[it->tp]);
            has_card[it->tp] = true;
            /* the emotion lane's points sit a little outside a narrow card */
            x0[it->tp] = it->x - 6;
            x1[it->tp] = it->x + it->w + 6;
            cards++;
        }
    }
    for (size_t i = 0; i < n; i++) {
        const jmap_scene_item *it = jmap_scene_item_at(s, i);
        if (any_of(it, TP_ROLES)) {
            if (it->tp < 0)
                fail_msg("%s has no touchpoint", it->role);
            if (has_card[it->tp] && !is(it, "label-block") && !is(it, "feeling") &&
                !is(it, "mot-label") && !is(it, "mot-mark") && !is(it, "responses")) {
                /* the labels of a point may be set beside it; the rest
                 * stays in the touchpoint's column */
                double cx = is(it, "spread-cap") ? it->x : it->x + it->w / 2;
                if (it->kind == JMAP_SI_LINE)
                    cx = (it->x + it->x2) / 2;
                if (cx < x0[it->tp] - EPS || cx > x1[it->tp] + EPS)
                    fail_msg("%s of touchpoint %d at x %.1f, its column %.1f..%.1f", it->role,
                             it->tp, cx, x0[it->tp], x1[it->tp]);
            }
        }
        if ((is(it, "point") || is(it, "target-point")) && it->tp >= 0 && it->persona >= 0)
            assert_true(j->touchpoints[it->tp]->meets[it->persona]);
        if (any_of(it, PERSONA_ROLES) && !j->personas_implicit) {
            if (it->persona < 0)
                fail_msg("%s has no persona", it->role);
        }
        if ((is(it, "curve") || is(it, "legend-curve")) && it->persona >= 0)
            assert_int_equal(it->stroke, j->personas[it->persona]->curve_color);
        if (is(it, "curve"))
            assert_true(it->persona >= 0);
        if (any_of(it, STAGE_ROLES) && it->stage < 0)
            fail_msg("%s has no stage", it->role);
        if (any_of(it, NOBODY_ROLES) && (it->tp >= 0 || it->persona >= 0 || it->stage >= 0))
            fail_msg("%s names tp %d, persona %d, stage %d", it->role, it->tp, it->persona,
                     it->stage);
        /* a pain or an opportunity names its touchpoint, or its stage
         * when it belongs to the stage */
        if (is(it, "pain-card") || is(it, "opp-card") || is(it, "pain-text") ||
            is(it, "opp-text"))
            assert_true(it->tp >= 0 || it->stage >= 0);
    }
    /* pain cards: as many for touchpoints as the shown touchpoints have
     * (a sheet's lanes may continue on the next sheet, without the cards
     * of the touchpoints lane) */
    size_t want = 0, got = 0;
    for (size_t t = 0; t < j->n_touchpoints; t++)
        if (has_card[t])
            want += j->touchpoints[t]->n_pains;
    for (size_t i = 0; i < n; i++) {
        const jmap_scene_item *it = jmap_scene_item_at(s, i);
        if (is(it, "pain-card") && it->tp >= 0 && has_card[it->tp])
            got++;
    }
    if (cards && got)
        assert_int_equal(got, want);
    /* the stage headers: each once, and a touchpoint's card under its
     * stage's header */
    for (size_t i = 0; i < n; i++) {
        const jmap_scene_item *h = jmap_scene_item_at(s, i);
        if (!is(h, "stage-header"))
            continue;
        for (size_t k = 0; k < n; k++) {
            const jmap_scene_item *c = jmap_scene_item_at(s, k);
            if (!is(c, "tp-card"))
                continue;
            double cx = c->x + c->w / 2;
            bool under = cx > h->x && cx < h->x + h->w;
            if (under != (c->stage == h->stage))
                fail_msg("touchpoint %d of stage %d under the header of stage %d", c->tp,
                         c->stage, h->stage);
        }
    }
    g_free(x0);
    g_free(x1);
    g_free(has_card);
}

static void check_journey(const jmap_journey *j)
{
    jmap_measurer m;
    jmap_measure_fake_init(&m);
    jmap_scene *s = jmap_layout_build(j, NULL, &m, NULL);
    check_scene(j, s);
    jmap_scene_free(s);
    /* pages of a small sheet: views of the journey keep its indexes */
    size_t np = 0;
    jmap_scene **pages = jmap_layout_pages(j, NULL, &m, NULL, 841.89, 595.28, 20, &np);
    for (size_t i = 0; i < np; i++) {
        check_scene(j, pages[i]);
        jmap_scene_free(pages[i]);
    }
    g_free(pages);
    /* one persona's map: only its items name a persona */
    if (j->n_personas > 1) {
        bool *mask = g_new0(bool, j->n_personas);
        mask[1] = true;
        jmap_layout_opts o = {0};
        o.persona_mask = mask;
        s = jmap_layout_build(j, &o, &m, NULL);
        check_scene(j, s);
        for (size_t i = 0; i < jmap_scene_count(s); i++) {
            const jmap_scene_item *it = jmap_scene_item_at(s, i);
            assert_true(it->persona == -1 || it->persona == 1);
        }
        jmap_scene_free(s);
        g_free(mask);
    }
}

static void test_examples(void **state)
{
    (void)state;
    GDir *dir = g_dir_open("examples", 0, NULL);
    assert_non_null(dir);
    const char *name;
    int n = 0;
    while ((name = g_dir_read_name(dir))) {
        if (!g_str_has_suffix(name, ".yaml"))
            continue;
        char *path = g_build_filename("examples", name, NULL);
        char *text = NULL;
        gsize len = 0;
        assert_true(g_file_get_contents(path, &text, &len, NULL));
        jmap_load_opts o = {0};
        jmap_doc *d = jmap_load(path, text, len, &o);
        if (d->journey) {
            print_message("example %s\n", name);
            check_journey(d->journey);
            n++;
        }
        jmap_doc_free(d);
        g_free(text);
        g_free(path);
    }
    g_dir_close(dir);
    assert_true(n > 0);
}

/* Every kind of item in one small journey: stage-level cards, targets, an
 * empty stage, survey-like spread, a link. */
static void test_every_kind(void **state)
{
    (void)state;
    static const char yaml[] =
        "jmap: 1\n"
        "title: Owners\n"
        "personas:\n"
        "  - {id: a, name: Ann Lee}\n"
        "  - {id: b, name: Bob Ray}\n"
        "stages:\n"
        "  - name: One\n"
        "    kpis: [{name: Conv, value: 10, target: 20, unit: '%'}]\n"
        "    pains: [{text: Stage pain, severity: high}]\n"
        "    opportunities: [{text: Stage opp, owner: Ops}]\n"
        "    touchpoints:\n"
        "      - name: First\n"
        "        channel: web\n"
        "        url: https://example.com/\n"
        "        doing: Reads\n"
        "        thinking: Hmm\n"
        "        quote: Ok\n"
        "        feeling: Curious\n"
        "        owner: Web team\n"
        "        moment_of_truth: true\n"
        "        emotion: {a: 4, b: 2}\n"
        "        target_emotion: {a: 5}\n"
        "        pains: [{text: Slow, evidence: Logs}]\n"
        "        opportunities: [{text: Cache, owner: Dev, status: planned}]\n"
        "      - name: Second\n"
        "        channel: email\n"
        "        personas: [a]\n"
        "        emotion: {a: 1}\n"
        "      - name: Third\n"
        "        emotion: {a: 3, b: 4}\n"
        "  - name: Empty\n"
        "  - name: Two\n"
        "    touchpoints:\n"
        "      - name: Fourth\n"
        "        emotion: {a: 2, b: 5}\n";
    jmap_load_opts lo = {0};
    lo.no_image_check = true;
    jmap_doc *d = jmap_load("t.yaml", yaml, sizeof yaml - 1, &lo);
    if (!d->journey)
        for (size_t i = 0; i < d->diags.count; i++)
            print_error("%s\n", d->diags.items[i].message);
    assert_non_null(d->journey);
    const jmap_journey *j = d->journey;
    check_journey(j);
    jmap_measurer m;
    jmap_measure_fake_init(&m);
    jmap_scene *s = jmap_layout_build(j, NULL, &m, NULL);
    int seen_link = 0, seen_stage_pain = 0, seen_gap = 0, b_points = 0;
    for (size_t i = 0; i < jmap_scene_count(s); i++) {
        const jmap_scene_item *it = jmap_scene_item_at(s, i);
        if (is(it, "link")) {
            seen_link++;
            assert_int_equal(it->tp, 0);
        }
        if (is(it, "pain-card") && it->tp < 0) {
            seen_stage_pain++;
            assert_int_equal(it->stage, 0);
        }
        if (is(it, "gap")) {
            seen_gap++;
            assert_int_equal(it->stage, 1);
        }
        if (is(it, "point") && it->persona == 1) {
            b_points++;
            /* Bob does not meet the second touchpoint */
            assert_int_not_equal(it->tp, 1);
        }
        if (is(it, "kpi-name"))
            assert_int_equal(it->stage, 0);
        if (is(it, "tp-name") && it->tp == 3)
            assert_int_equal(it->stage, 2);
    }
    assert_int_equal(seen_link, 1);
    assert_int_equal(seen_stage_pain, 1);
    assert_int_equal(seen_gap, 1);
    assert_int_equal(b_points, 3);
    jmap_scene_free(s);
    jmap_doc_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_kind),
        cmocka_unit_test(test_examples),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
