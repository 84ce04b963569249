/*
 * test_analysis.c — the analysis over small journeys built by hand: one
 * touchpoint, no personas, missing emotions, empty stage, all good, persona
 * filter, and each kind of finding.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <setjmp.h>
#include <cmocka.h>

#include "analysis.h"
#include "report_fixture.h"

static const char *const AB[] = {"a", "b"};

static void test_one_touchpoint(void **state)
{
    (void)state;
    fx f = fx_new(0, NULL);
    jmap_stage *s = fx_stage(&f, "only");
    jmap_touchpoint *t = fx_tp(&f, s, "t1", "web", 4);
    jmap_analysis *a = jmap_analysis_new(f.j, NULL);
    assert_int_equal(a->n_stages, 1);
    assert_int_equal(a->stages[0].n_touchpoints, 1);
    assert_int_equal(a->stages[0].n_channels, 1);
    assert_string_equal(a->stages[0].channels[0]->id, "web");
    assert_int_equal(a->stages[0].n_emotions, 1);
    assert_int_equal(a->stages[0].emotions[0].n_scores, 1);
    assert_true(a->stages[0].emotions[0].mean == 4.0);
    assert_ptr_equal(a->stages[0].emotions[0].lowest, t);
    assert_int_equal(a->n_drops, 0);
    assert_int_equal(a->n_empty_stages, 0);
    assert_int_equal(jmap_analysis_findings(a), 0);
    jmap_analysis_free(a);
    fx_free(&f);
}

static void test_no_personas(void **state)
{
    (void)state;
    fx f = fx_new(0, NULL);
    jmap_stage *s = fx_stage(&f, "s");
    fx_tp(&f, s, "t1", "web", 5);
    fx_tp(&f, s, "t2", "web", 2);
    jmap_analysis *a = jmap_analysis_new(f.j, NULL);
    assert_int_equal(a->n_personas, 1);
    assert_int_equal(a->n_drops, 1);
    assert_ptr_equal(a->drops[0].persona, f.j->personas[0]);
    assert_true(a->drops[0].amount == 3.0);
    assert_true(a->stages[0].emotions[0].mean == 3.5);
    assert_int_equal(a->n_gaps, 0); /* the implicit persona prefers nothing */
    jmap_analysis_free(a);
    fx_free(&f);
}

static void test_missing_emotions(void **state)
{
    (void)state;
    fx f = fx_new(0, NULL);
    jmap_stage *s1 = fx_stage(&f, "s1");
    fx_tp(&f, s1, "t1", "web", 4);
    fx_tp(&f, s1, "t2", "web", NAN);
    jmap_stage *s2 = fx_stage(&f, "s2");
    fx_tp(&f, s2, "t3", "email", NAN);
    jmap_stage *s3 = fx_stage(&f, "s3");
    jmap_touchpoint *t4 = fx_tp(&f, s3, "t4", "phone", 1);
    jmap_analysis *a = jmap_analysis_new(f.j, NULL);
    /* Unscored touchpoints are skipped: 4 then 1 is one drop across stages. */
    assert_int_equal(a->n_drops, 1);
    assert_string_equal(a->drops[0].from->id, "t1");
    assert_ptr_equal(a->drops[0].to, t4);
    assert_int_equal(a->stages[0].emotions[0].n_scores, 1);
    assert_true(a->stages[0].emotions[0].mean == 4.0);
    assert_int_equal(a->stages[1].emotions[0].n_scores, 0);
    assert_null(a->stages[1].emotions[0].lowest);
    assert_int_equal(a->stages[1].n_touchpoints, 1);
    assert_int_equal(a->n_empty_stages, 0);
    jmap_analysis_free(a);
    fx_free(&f);
}

static void test_empty_stage(void **state)
{
    (void)state;
    fx f = fx_new(1, AB);
    fx_prefers(&f, 0, "web");
    jmap_stage *s1 = fx_stage(&f, "s1");
    fx_tp(&f, s1, "t1", "web", 3);
    jmap_stage *s2 = fx_stage(&f, "s2");
    jmap_analysis *a = jmap_analysis_new(f.j, NULL);
    assert_int_equal(a->n_empty_stages, 1);
    assert_ptr_equal(a->empty_stages[0], s2);
    assert_int_equal(a->stages[1].n_touchpoints, 0);
    assert_int_equal(a->stages[1].n_channels, 0);
    assert_int_equal(a->stages[1].emotions[0].n_scores, 0);
    /* The empty stage is not repeated as a channel gap. */
    assert_int_equal(a->n_gaps, 0);
    assert_int_equal(jmap_analysis_findings(a), 1);
    jmap_analysis_free(a);
    fx_free(&f);
}

static void test_all_good(void **state)
{
    (void)state;
    fx f = fx_new(2, AB);
    fx_prefers(&f, 0, "web");
    fx_prefers(&f, 1, "email");
    jmap_stage *s1 = fx_stage(&f, "s1");
    jmap_touchpoint *t1 = fx_tp(&f, s1, "t1", "web", 3);
    fx_tp(&f, s1, "t2", "email", 4);
    jmap_stage *s2 = fx_stage(&f, "s2");
    fx_tp(&f, s2, "t3", "web", 4);
    fx_tp(&f, s2, "t4", "email", 3.5);
    jmap_pain *p = fx_pain(&f, s1, t1, "p1", JMAP_LEVEL_HIGH);
    fx_opp(&f, s1, t1, "o1", JMAP_LEVEL_HIGH, JMAP_LEVEL_LOW, "Web team", p);
    fx_kpi(&f, s2, "NPS", 50, 40, JMAP_BETTER_HIGHER);
    fx_kpi(&f, s2, "Wait", 2, 3, JMAP_BETTER_LOWER);
    jmap_analysis *a = jmap_analysis_new(f.j, NULL);
    assert_int_equal(jmap_analysis_findings(a), 0);
    assert_int_equal(a->n_pains, 1);
    assert_int_equal(a->pains[0].n_addressed_by, 1);
    assert_int_equal(a->n_unaddressed, 0);
    assert_int_equal(a->n_quick_wins, 1);
    assert_int_equal(a->n_without_owner, 0);
    jmap_analysis_free(a);
    fx_free(&f);
}

static void test_persona_filter(void **state)
{
    (void)state;
    fx f = fx_new(2, AB);
    jmap_stage *s1 = fx_stage(&f, "s1");
    fx_tp(&f, s1, "t1", "web", 5);
    jmap_touchpoint *tb = fx_tp(&f, s1, "t2", "phone", 1);
    fx_only(&f, tb, 1);
    jmap_stage *s2 = fx_stage(&f, "s2");
    jmap_touchpoint *tb2 = fx_tp(&f, s2, "t3", "web", 4);
    fx_only(&f, tb2, 1);
    fx_pain(&f, s1, tb, "p-b", JMAP_LEVEL_HIGH);
    fx_pain(&f, s1, NULL, "p-stage", JMAP_LEVEL_LOW);

    jmap_analysis *all = jmap_analysis_new(f.j, NULL);
    assert_int_equal(all->n_personas, 2);
    assert_int_equal(all->n_drops, 1); /* b: 5 -> 1 */
    assert_int_equal(all->n_pains, 2);
    assert_int_equal(all->n_empty_stages, 0);
    assert_int_equal(all->n_inconsistencies, 1); /* b: web 5 vs phone 1 */
    jmap_analysis_free(all);

    bool mask[2] = {true, false};
    jmap_analysis_opts o = {mask, NULL};
    jmap_analysis *a = jmap_analysis_new(f.j, &o);
    assert_true(a->filtered);
    assert_int_equal(a->n_personas, 1);
    assert_string_equal(a->personas[0]->id, "a");
    assert_int_equal(a->n_touchpoints, 1);
    assert_int_equal(a->n_drops, 0);
    assert_int_equal(a->stages[0].n_touchpoints, 1);
    assert_int_equal(a->stages[0].n_emotions, 1);
    /* Stage 2 only has b's touchpoint: empty for a. */
    assert_int_equal(a->n_empty_stages, 1);
    /* b's pain is out of view; the stage-level pain stays. */
    assert_int_equal(a->n_pains, 1);
    assert_string_equal(a->pains[0].pain->id, "p-stage");
    assert_int_equal(a->n_inconsistencies, 0);
    jmap_analysis_free(a);
    fx_free(&f);
}

static void test_drop_threshold(void **state)
{
    (void)state;
    fx f = fx_new(0, NULL);
    jmap_stage *s = fx_stage(&f, "s");
    fx_tp(&f, s, "t1", NULL, 4);
    fx_tp(&f, s, "t2", NULL, 3);   /* one notch of 1..5: not a sharp drop */
    fx_tp(&f, s, "t3", NULL, 1.5); /* exactly 3/8 of the range: a drop */
    fx_tp(&f, s, "t4", NULL, 5);   /* a rise: not */
    fx_tp(&f, s, "t5", NULL, 3);   /* two notches: a drop */
    jmap_analysis *a = jmap_analysis_new(f.j, NULL);
    assert_true(a->drop_threshold == 1.5);
    assert_true(a->thresholds[JMAP_TH_SHARP_DROP] == 1.5);
    assert_true(a->thresholds[JMAP_TH_INCONSISTENCY] == 2.0);
    assert_true(a->thresholds[JMAP_TH_GAP_TOUCHPOINTS] == 1.0);
    assert_int_equal(a->n_drops, 2);
    assert_string_equal(a->drops[0].to->id, "t3");
    assert_string_equal(a->drops[1].to->id, "t5");
    jmap_analysis_free(a);

    /* -2..+2 has the same range: the same threshold */
    f.j->scale_min = -2;
    f.j->scale_max = 2;
    a = jmap_analysis_new(f.j, NULL);
    assert_true(a->drop_threshold == 1.5);
    jmap_analysis_free(a);

    f.j->scale_min = 0;
    f.j->scale_max = 10; /* threshold 3.75: none of these */
    a = jmap_analysis_new(f.j, NULL);
    assert_int_equal(a->n_drops, 0);
    jmap_analysis_free(a);
    fx_free(&f);
}

/* The journey's analysis: mapping over the defaults, the command line's
 * thresholds over the journey's. */
static void test_thresholds_set(void **state)
{
    (void)state;
    fx f = fx_new(0, NULL);
    jmap_stage *s = fx_stage(&f, "s");
    fx_tp(&f, s, "t1", "web", 4);
    fx_tp(&f, s, "t2", "phone", 3);
    f.j->thresholds.value[JMAP_TH_SHARP_DROP] = 1;
    f.j->thresholds.set[JMAP_TH_SHARP_DROP] = true;
    f.j->thresholds.value[JMAP_TH_INCONSISTENCY] = 1;
    f.j->thresholds.set[JMAP_TH_INCONSISTENCY] = true;
    jmap_analysis *a = jmap_analysis_new(f.j, NULL);
    assert_int_equal(a->n_drops, 1);
    assert_int_equal(a->n_inconsistencies, 1);
    jmap_analysis_free(a);

    jmap_thresholds cli = {0};
    cli.value[JMAP_TH_SHARP_DROP] = 2;
    cli.set[JMAP_TH_SHARP_DROP] = true;
    jmap_analysis_opts o = {NULL, &cli};
    a = jmap_analysis_new(f.j, &o);
    assert_true(a->drop_threshold == 2.0);
    assert_true(a->inconsistency_threshold == 1.0); /* still the journey's */
    assert_int_equal(a->n_drops, 0);
    assert_int_equal(a->n_inconsistencies, 1);
    jmap_analysis_free(a);
    fx_free(&f);
}

static void test_threshold_names(void **state)
{
    (void)state;
    jmap_threshold t;
    for (int i = 0; i < JMAP_TH_COUNT; i++) {
        assert_true(jmap_threshold_parse(jmap_threshold_name((jmap_threshold)i), &t));
        assert_int_equal(t, i);
    }
    assert_false(jmap_threshold_parse("low_score", &t));
    assert_null(jmap_threshold_problem(JMAP_TH_SHARP_DROP, 4, 1, 5));
    assert_non_null(jmap_threshold_problem(JMAP_TH_SHARP_DROP, 4.5, 1, 5));
    assert_non_null(jmap_threshold_problem(JMAP_TH_INCONSISTENCY, 0, 1, 5));
    assert_null(jmap_threshold_problem(JMAP_TH_GAP_TOUCHPOINTS, 2, 1, 5));
    assert_non_null(jmap_threshold_problem(JMAP_TH_GAP_TOUCHPOINTS, 1.5, 1, 5));
    assert_non_null(jmap_threshold_problem(JMAP_TH_GAP_TOUCHPOINTS, 0, 1, 5));
}

/* Done opportunities are delivered: out of the ranking, never quick wins. */
static void test_delivered(void **state)
{
    (void)state;
    fx f = fx_new(0, NULL);
    jmap_stage *s = fx_stage(&f, "s");
    jmap_touchpoint *t = fx_tp(&f, s, "t", "web", 3);
    jmap_pain *p = fx_pain(&f, s, t, "p", JMAP_LEVEL_HIGH);
    jmap_opportunity *done = fx_opp(&f, s, t, "done", JMAP_LEVEL_HIGH, JMAP_LEVEL_LOW, NULL, p);
    done->status = JMAP_STATUS_DONE;
    fx_opp(&f, s, t, "open", JMAP_LEVEL_HIGH, JMAP_LEVEL_LOW, "x", NULL);
    jmap_opportunity *done2 = fx_opp(&f, s, NULL, "done-2", JMAP_LEVEL_LOW, JMAP_LEVEL_HIGH, "y", NULL);
    done2->status = JMAP_STATUS_DONE;
    jmap_analysis *a = jmap_analysis_new(f.j, NULL);
    assert_int_equal(a->n_opportunities, 1);
    assert_string_equal(a->opportunities[0].opportunity->id, "open");
    assert_int_equal(a->n_quick_wins, 1);
    assert_int_equal(a->n_without_owner, 0); /* the delivered one is not counted */
    assert_int_equal(a->n_delivered, 2);
    assert_ptr_equal(a->delivered[0], done);
    assert_ptr_equal(a->delivered[1], done2);
    /* a pain a delivered opportunity addresses is addressed */
    assert_int_equal(a->n_unaddressed, 0);
    assert_true(jmap_analysis_opportunity_cmp(a->opportunities[0].opportunity, done) < 0);
    jmap_analysis_free(a);
    fx_free(&f);
}

/* A persona with no touchpoint in a stage is absent there: no gap. */
static void test_gaps_where_absent(void **state)
{
    (void)state;
    fx f = fx_new(2, AB);
    fx_prefers(&f, 0, "web");
    fx_prefers(&f, 0, "email");
    jmap_stage *s1 = fx_stage(&f, "s1");
    fx_tp(&f, s1, "t1", "web", 3);
    fx_tp(&f, s1, "t2", "email", 3);
    jmap_stage *s2 = fx_stage(&f, "s2"); /* only b here */
    jmap_touchpoint *tb = fx_tp(&f, s2, "t3", "phone", 3);
    fx_only(&f, tb, 1);
    jmap_stage *s3 = fx_stage(&f, "s3"); /* a meets one touchpoint, by web */
    fx_tp(&f, s3, "t4", "web", 3);
    jmap_analysis *a = jmap_analysis_new(f.j, NULL);
    assert_int_equal(a->n_gaps, 1);
    assert_int_equal(a->gaps[0].n_stages, 1);
    assert_ptr_equal(a->gaps[0].stages[0].stage, s3);
    assert_string_equal(a->gaps[0].stages[0].missing[0]->id, "email");
    jmap_analysis_free(a);

    /* at least 2 touchpoints met: s3 is too thin to miss channels */
    f.j->thresholds.value[JMAP_TH_GAP_TOUCHPOINTS] = 2;
    f.j->thresholds.set[JMAP_TH_GAP_TOUCHPOINTS] = true;
    a = jmap_analysis_new(f.j, NULL);
    assert_int_equal(a->n_gaps, 0);
    assert_int_equal(a->n_gap_channels, 0);
    jmap_analysis_free(a);
    fx_free(&f);
}

static void test_opportunity_ranking(void **state)
{
    (void)state;
    fx f = fx_new(0, NULL);
    jmap_stage *s = fx_stage(&f, "s");
    jmap_touchpoint *t = fx_tp(&f, s, "t", "web", 3);
    fx_opp(&f, s, t, "costly", JMAP_LEVEL_HIGH, JMAP_LEVEL_HIGH, "IT", NULL);
    fx_opp(&f, s, NULL, "vague", JMAP_LEVEL_NONE, JMAP_LEVEL_NONE, NULL, NULL);
    fx_opp(&f, s, t, "medium-low", JMAP_LEVEL_MEDIUM, JMAP_LEVEL_LOW, "Ops", NULL);
    fx_opp(&f, s, t, "high-medium", JMAP_LEVEL_HIGH, JMAP_LEVEL_MEDIUM, "  ", NULL);
    fx_opp(&f, s, t, "quick", JMAP_LEVEL_HIGH, JMAP_LEVEL_LOW, "Web", NULL);
    fx_opp(&f, s, t, "quick-2", JMAP_LEVEL_HIGH, JMAP_LEVEL_LOW, "Web", NULL);
    fx_opp(&f, s, t, "high-none", JMAP_LEVEL_HIGH, JMAP_LEVEL_NONE, "Web", NULL);
    jmap_analysis *a = jmap_analysis_new(f.j, NULL);
    const char *want[] = {"quick", "quick-2", "high-medium", "costly", "high-none", "medium-low", "vague"};
    assert_int_equal(a->n_opportunities, 7);
    for (size_t i = 0; i < 7; i++)
        assert_string_equal(a->opportunities[i].opportunity->id, want[i]);
    assert_true(a->opportunities[0].quick_win);
    assert_false(a->opportunities[2].quick_win);
    assert_int_equal(a->n_quick_wins, 2);
    /* No owner: NULL and blank both count. */
    assert_int_equal(a->n_without_owner, 2);
    assert_true(a->opportunities[2].no_owner);
    assert_true(a->opportunities[6].no_owner);
    jmap_analysis_free(a);
    fx_free(&f);
}

static void test_pains(void **state)
{
    (void)state;
    fx f = fx_new(0, NULL);
    jmap_stage *s = fx_stage(&f, "s");
    jmap_touchpoint *t = fx_tp(&f, s, "t", "web", 3);
    fx_pain(&f, s, t, "low", JMAP_LEVEL_LOW);
    jmap_pain *med = fx_pain(&f, s, t, "med", JMAP_LEVEL_MEDIUM);
    fx_pain(&f, s, t, "high-1", JMAP_LEVEL_HIGH);
    jmap_pain *h2 = fx_pain(&f, s, NULL, "high-2", JMAP_LEVEL_HIGH);
    fx_opp(&f, s, t, "o1", JMAP_LEVEL_LOW, JMAP_LEVEL_LOW, "x", med);
    fx_opp(&f, s, NULL, "o2", JMAP_LEVEL_LOW, JMAP_LEVEL_LOW, "x", h2);
    fx_opp(&f, s, NULL, "o3", JMAP_LEVEL_LOW, JMAP_LEVEL_LOW, "x", h2);
    jmap_analysis *a = jmap_analysis_new(f.j, NULL);
    const char *order[] = {"high-1", "high-2", "med", "low"};
    for (size_t i = 0; i < 4; i++)
        assert_string_equal(a->pains[i].pain->id, order[i]);
    assert_int_equal(a->pains[1].n_addressed_by, 2);
    assert_int_equal(a->n_unaddressed, 2);
    assert_string_equal(a->unaddressed[0]->id, "high-1");
    assert_string_equal(a->unaddressed[1]->id, "low");
    assert_int_equal(a->n_unaddressed_high, 1);
    jmap_analysis_free(a);
    fx_free(&f);
}

static void test_channel_gaps(void **state)
{
    (void)state;
    fx f = fx_new(2, AB);
    fx_prefers(&f, 0, "web");
    fx_prefers(&f, 0, "phone");
    fx_prefers(&f, 0, "email");
    jmap_stage *s1 = fx_stage(&f, "s1");
    fx_tp(&f, s1, "t1", "web", 3);
    fx_tp(&f, s1, "t2", "email", 3);
    jmap_stage *s2 = fx_stage(&f, "s2");
    fx_tp(&f, s2, "t3", "web", 3);
    jmap_touchpoint *tb = fx_tp(&f, s2, "t4", "email", 3);
    fx_only(&f, tb, 1); /* b meets it, not a */
    jmap_analysis *a = jmap_analysis_new(f.j, NULL);
    assert_int_equal(a->n_gaps, 1);
    const jmap_persona_gaps *g = &a->gaps[0];
    assert_string_equal(g->persona->id, "a");
    assert_int_equal(g->n_journey, 1);
    assert_string_equal(g->journey[0]->id, "phone");
    assert_int_equal(g->n_stages, 1);
    assert_ptr_equal(g->stages[0].stage, s2);
    assert_int_equal(g->stages[0].n_missing, 1);
    assert_string_equal(g->stages[0].missing[0]->id, "email");
    assert_int_equal(a->n_gap_channels, 2);
    jmap_analysis_free(a);
    fx_free(&f);
}

static void test_inconsistencies(void **state)
{
    (void)state;
    fx f = fx_new(0, NULL);
    jmap_stage *s = fx_stage(&f, "s");
    fx_tp(&f, s, "w", "web", 5);
    fx_tp(&f, s, "w2", "web", 1);   /* same channel as w: not an inconsistency */
    fx_tp(&f, s, "p", "phone", 3);  /* 2 from both: exactly half the scale */
    fx_tp(&f, s, "n", NULL, 1);     /* no channel: ignored */
    jmap_stage *s2 = fx_stage(&f, "s2");
    fx_tp(&f, s2, "x", "chat", 1);  /* another stage: not compared with w */
    jmap_analysis *a = jmap_analysis_new(f.j, NULL);
    assert_int_equal(a->n_inconsistencies, 2);
    assert_string_equal(a->inconsistencies[0].a->id, "w");
    assert_string_equal(a->inconsistencies[0].b->id, "p");
    assert_true(a->inconsistencies[0].difference == 2.0);
    assert_string_equal(a->inconsistencies[1].a->id, "w2");
    assert_string_equal(a->inconsistencies[1].b->id, "p");
    jmap_analysis_free(a);
    fx_free(&f);
}

static void test_inconsistency_cap(void **state)
{
    (void)state;
    fx f = fx_new(0, NULL);
    jmap_stage *s = fx_stage(&f, "s");
    char ids[FX_CAP][16];
    for (int i = 0; i < 40; i++) {
        snprintf(ids[i], sizeof ids[i], "t%d", i);
        fx_tp(&f, s, ids[i], i % 2 ? "web" : "phone", i % 2 ? 5 : 1);
    }
    jmap_analysis *a = jmap_analysis_new(f.j, NULL);
    assert_int_equal(a->n_inconsistencies + a->inconsistencies_omitted, 400);
    assert_int_equal(a->n_inconsistencies, JMAP_ANALYSIS_MAX_INCONSISTENCIES);
    jmap_analysis_free(a);
    fx_free(&f);
}

static void test_kpis(void **state)
{
    (void)state;
    fx f = fx_new(0, NULL);
    jmap_stage *s = fx_stage(&f, "s");
    fx_tp(&f, s, "t", "web", 3);
    fx_kpi(&f, s, "conversion", 2.5, 4, JMAP_BETTER_HIGHER);
    fx_kpi(&f, s, "on-target", 4, 4, JMAP_BETTER_HIGHER);
    fx_kpi(&f, s, "wait", 12, 5, JMAP_BETTER_LOWER);
    fx_kpi(&f, s, "fast", 3, 5, JMAP_BETTER_LOWER);
    jmap_kpi *txt = fx_kpi(&f, s, "text", 1, 9, JMAP_BETTER_HIGHER);
    txt->value.is_number = false;
    jmap_analysis *a = jmap_analysis_new(f.j, NULL);
    assert_int_equal(a->n_kpi_misses, 2);
    assert_string_equal(a->kpi_misses[0].kpi->name, "conversion");
    assert_true(a->kpi_misses[0].gap == 1.5);
    assert_string_equal(a->kpi_misses[1].kpi->name, "wait");
    assert_true(a->kpi_misses[1].gap == 7.0);
    jmap_analysis_free(a);
    fx_free(&f);
}

static void test_moments_of_truth(void **state)
{
    (void)state;
    fx f = fx_new(2, AB);
    jmap_stage *s = fx_stage(&f, "s");
    fx_tp(&f, s, "t1", "web", 3);
    jmap_touchpoint *m = fx_tp(&f, s, "t2", "store", 2);
    m->moment_of_truth = true;
    fx_score(m, 1, NAN);
    jmap_analysis *a = jmap_analysis_new(f.j, NULL);
    assert_int_equal(a->n_moments, 1);
    assert_ptr_equal(a->moments[0].touchpoint, m);
    assert_int_equal(a->moments[0].n_scores, 2);
    assert_true(a->moments[0].scores[0].set);
    assert_true(a->moments[0].scores[0].value == 2.0);
    assert_false(a->moments[0].scores[1].set);
    jmap_analysis_free(a);
    fx_free(&f);
}

/* ---------------------------------------------------------- blueprint */

static void test_insights(void **state)
{
    (void)state;
    fx f = fx_new(2, AB);
    static const char *const ins[] = {"Journey first", "   ", "Journey second"};
    f.j->insights = (const char **)ins;
    f.j->n_insights = 3;
    jmap_stage *s1 = fx_stage(&f, "s1");
    jmap_touchpoint *t = fx_tp(&f, s1, "t1", "web", 3);
    fx_only(&f, t, 1);
    jmap_stage *s2 = fx_stage(&f, "s2");
    s2->insight = "Stage two matters";
    jmap_stage *s3 = fx_stage(&f, "s3");
    s3->insight = "Stage three too";
    /* insights are the journey's: the persona filter leaves them all */
    bool mask[2] = {true, false};
    jmap_analysis_opts o = {mask, NULL};
    jmap_analysis *a = jmap_analysis_new(f.j, &o);
    assert_int_equal(a->n_insights, 4);
    assert_string_equal(a->insights[0].text, "Journey first");
    assert_null(a->insights[0].stage);
    assert_string_equal(a->insights[1].text, "Journey second");
    assert_ptr_equal(a->insights[2].stage, s2);
    assert_ptr_equal(a->insights[3].stage, s3);
    /* an insight is no finding */
    assert_int_equal(jmap_analysis_findings(a), 3); /* the stages empty for a: s1 (b's), s2, s3 */
    jmap_analysis_free(a);
    fx_free(&f);
}

static void test_drop_offs(void **state)
{
    (void)state;
    fx f = fx_new(2, AB);
    jmap_stage *s = fx_stage(&f, "s");
    jmap_touchpoint *t1 = fx_tp(&f, s, "t1", "web", 3);
    jmap_touchpoint *t2 = fx_tp(&f, s, "t2", "web", 3);
    jmap_touchpoint *t3 = fx_tp(&f, s, "t3", "web", 3);
    jmap_touchpoint *t4 = fx_tp(&f, s, "t4", "web", 3);
    jmap_touchpoint *t5 = fx_tp(&f, s, "t5", "web", 3);
    jmap_analysis *a = jmap_analysis_new(f.j, NULL);
    assert_false(a->has_drop_offs);
    assert_int_equal(a->n_drop_offs, 0);
    jmap_analysis_free(a);

    t1->drop_off_set = true, t1->drop_off = 10;
    t2->drop_off_set = true, t2->drop_off = 35;
    t3->drop_off_set = true, t3->drop_off = 0; /* nobody lost: not listed */
    t4->drop_off_set = true, t4->drop_off = 10;
    t5->drop_off_set = true, t5->drop_off = 12.5;
    a = jmap_analysis_new(f.j, NULL);
    assert_true(a->has_drop_offs);
    assert_int_equal(a->n_drop_offs, 4);
    assert_ptr_equal(a->drop_offs[0], t2);
    assert_ptr_equal(a->drop_offs[1], t5);
    assert_ptr_equal(a->drop_offs[2], t1); /* a tie: map order */
    assert_ptr_equal(a->drop_offs[3], t4);
    assert_int_equal(jmap_analysis_findings(a), 0); /* figures, not findings */
    jmap_analysis_free(a);

    /* the persona filter: b's touchpoint is out of view */
    fx_only(&f, t2, 1);
    bool mask[2] = {true, false};
    jmap_analysis_opts o = {mask, NULL};
    a = jmap_analysis_new(f.j, &o);
    assert_int_equal(a->n_drop_offs, 3);
    assert_ptr_equal(a->drop_offs[0], t5);
    jmap_analysis_free(a);
    fx_free(&f);
}

static void test_unreachable(void **state)
{
    (void)state;
    fx f = fx_new(2, AB);
    jmap_stage *s = fx_stage(&f, "s");
    jmap_touchpoint *t1 = fx_tp(&f, s, "t1", "web", 3);
    jmap_touchpoint *t2 = fx_tp(&f, s, "t2", "web", 3);
    jmap_touchpoint *t3 = fx_tp(&f, s, "t3", "web", 3);
    jmap_touchpoint *t4 = fx_tp(&f, s, "t4", "web", 3);
    jmap_touchpoint *t5 = fx_tp(&f, s, "t5", "web", 3);
    /* no `next` anywhere: nothing checked, nothing listed */
    jmap_analysis *a = jmap_analysis_new(f.j, NULL);
    assert_false(a->reach_checked);
    assert_int_equal(a->n_unreachable, 0);
    jmap_analysis_free(a);

    /* t1 -> t3 -> (t4, the following card) -> t5; t2 is skipped */
    fx_next(&f, t1, t3);
    a = jmap_analysis_new(f.j, NULL);
    assert_true(a->reach_checked);
    assert_int_equal(a->n_unreachable, 1);
    assert_ptr_equal(a->unreachable[0], t2);
    assert_int_equal(jmap_analysis_findings(a), 1);
    jmap_analysis_free(a);

    /* a loop back: t5 -> t1 only; still nothing reaches t2 */
    fx_next(&f, t5, t1);
    a = jmap_analysis_new(f.j, NULL);
    assert_int_equal(a->n_unreachable, 1);
    jmap_analysis_free(a);

    /* a branch reaches t2; t2's following card is t3 */
    fx_next(&f, t1, t2);
    a = jmap_analysis_new(f.j, NULL);
    assert_int_equal(a->n_unreachable, 0);
    jmap_analysis_free(a);

    /* retired touchpoints are part of the as-is walk: the path goes
     * through t4 (retired) to t5, and t3, retired too, is still listed:
     * t1 -> t2 -> t4 -> t5 -> t1, nothing reaches t3 */
    t1->n_next = 0;
    t3->state = JMAP_STATE_RETIRED;
    t4->state = JMAP_STATE_RETIRED;
    fx_next(&f, t2, t4);
    fx_next(&f, t3, t1);
    a = jmap_analysis_new(f.j, NULL);
    assert_int_equal(a->n_unreachable, 1);
    assert_ptr_equal(a->unreachable[0], t3);
    jmap_analysis_free(a);

    /* the walk covers every persona: t2 is b's only, the path through it
     * still reaches t4; with -p a, the unreachable b touchpoint t3... */
    fx_only(&f, t2, 1);
    fx_only(&f, t3, 1);
    bool mask[2] = {true, false};
    jmap_analysis_opts o = {mask, NULL};
    a = jmap_analysis_new(f.j, &o);
    assert_true(a->reach_checked);
    /* ...is out of view: not listed; t4 and t5 are reached through t2 */
    assert_int_equal(a->n_unreachable, 0);
    jmap_analysis_free(a);
    fx_free(&f);
}

static void test_cyclic_unreachable(void **state)
{
    (void)state;
    fx f = fx_new(0, NULL);
    f.j->type = JMAP_JOURNEY_CYCLIC;
    jmap_stage *s = fx_stage(&f, "s");
    jmap_touchpoint *t1 = fx_tp(&f, s, "t1", "web", 3);
    fx_tp(&f, s, "t2", "web", 3);
    jmap_touchpoint *t3 = fx_tp(&f, s, "t3", "web", 3);
    jmap_touchpoint *t4 = fx_tp(&f, s, "t4", "web", 3);
    /* t1 -> t3; the last goes back to the first: t2 unreached */
    fx_next(&f, t1, t3);
    jmap_analysis *a = jmap_analysis_new(f.j, NULL);
    assert_int_equal(a->n_unreachable, 1);
    assert_string_equal(a->unreachable[0]->id, "t2");
    jmap_analysis_free(a);
    /* t3 -> t1 closes the loop early: t2 and t4 unreached */
    fx_next(&f, t3, t1);
    a = jmap_analysis_new(f.j, NULL);
    assert_int_equal(a->n_unreachable, 2);
    assert_ptr_equal(a->unreachable[1], t4);
    jmap_analysis_free(a);
    fx_free(&f);
}

static void test_unsupported_pains(void **state)
{
    (void)state;
    fx f = fx_new(0, NULL);
    jmap_stage *s = fx_stage(&f, "s");
    jmap_touchpoint *t1 = fx_tp(&f, s, "t1", "web", 3);
    jmap_touchpoint *t2 = fx_tp(&f, s, "t2", "web", 3);
    jmap_touchpoint *t3 = fx_tp(&f, s, "t3", "web", 3);
    jmap_touchpoint *t4 = fx_tp(&f, s, "t4", "web", 3);
    jmap_pain *high = fx_pain(&f, s, t1, "high", JMAP_LEVEL_HIGH);
    fx_pain(&f, s, t2, "medium", JMAP_LEVEL_MEDIUM);
    fx_pain(&f, s, t3, "backed", JMAP_LEVEL_HIGH);
    fx_pain(&f, s, t4, "supported", JMAP_LEVEL_HIGH);
    fx_pain(&f, s, NULL, "stage-level", JMAP_LEVEL_HIGH);
    /* no blueprint step anywhere: an ordinary journey, nothing flagged */
    jmap_analysis *a = jmap_analysis_new(f.j, NULL);
    assert_false(a->blueprint);
    assert_int_equal(a->n_unsupported, 0);
    jmap_analysis_free(a);

    /* a blank step is no step */
    fx_step(&f, t3, JMAP_BP_BACKSTAGE, "  ");
    a = jmap_analysis_new(f.j, NULL);
    assert_false(a->blueprint);
    jmap_analysis_free(a);

    fx_step(&f, t3, JMAP_BP_BACKSTAGE, "Checks the file");
    fx_step(&f, t4, JMAP_BP_SUPPORT, "Knowledge base");
    fx_step(&f, t1, JMAP_BP_FRONTSTAGE, "Adviser answers"); /* frontstage backs nothing */
    fx_step(&f, t1, JMAP_BP_SYSTEMS, "CRM");
    a = jmap_analysis_new(f.j, NULL);
    assert_true(a->blueprint);
    /* medium severity, a backstage step, a support step, a stage-level
     * pain: not flagged */
    assert_int_equal(a->n_unsupported, 1);
    assert_ptr_equal(a->unsupported[0], high);
    jmap_analysis_free(a);
    fx_free(&f);
}

static void test_owner_handoffs(void **state)
{
    (void)state;
    fx f = fx_new(0, NULL);
    jmap_stage *s = fx_stage(&f, "s");
    jmap_touchpoint *t1 = fx_tp(&f, s, "t1", "phone", 3);
    jmap_touchpoint *t2 = fx_tp(&f, s, "t2", "web", 3);
    jmap_touchpoint *t3 = fx_tp(&f, s, "t3", "web", 3);
    jmap_touchpoint *t4 = fx_tp(&f, s, "t4", "web", 3);
    jmap_touchpoint *t5 = fx_tp(&f, s, "t5", "web", 3);
    t1->owner = "Front desk";
    t2->owner = "Back office";
    t3->owner = " back OFFICE ";
    t4->owner = "Finance";
    t5->owner = NULL;
    fx_pain(&f, s, t2, "p2", JMAP_LEVEL_LOW);
    fx_pain(&f, s, t3, "p3", JMAP_LEVEL_HIGH);
    fx_pain(&f, s, t5, "p5", JMAP_LEVEL_HIGH);
    /* a hand-off between lanes of one touchpoint is not between owners */
    fx_handoff(&f, t1, t1);
    jmap_analysis *a = jmap_analysis_new(f.j, NULL);
    assert_false(a->has_handoffs);
    assert_int_equal(a->n_owner_handoffs, 0);
    jmap_analysis_free(a);

    fx_handoff(&f, t1, t2); /* other owner, a pain there: flagged */
    fx_handoff(&f, t1, t2); /* the same again (another lane): once */
    fx_handoff(&f, t2, t3); /* the same owner, written otherwise: not */
    fx_handoff(&f, t3, t4); /* other owner, no pain at t4: not */
    fx_handoff(&f, t4, t5); /* no owner at t5: not */
    a = jmap_analysis_new(f.j, NULL);
    assert_true(a->has_handoffs);
    assert_int_equal(a->n_owner_handoffs, 1);
    assert_ptr_equal(a->owner_handoffs[0].from, t1);
    assert_ptr_equal(a->owner_handoffs[0].to, t2);
    assert_int_equal(jmap_analysis_findings(a), 1 + 3); /* and the 3 unaddressed pains */
    jmap_analysis_free(a);

    /* a pain at t4 makes t3 -> t4 one too, in the giver's map order */
    fx_pain(&f, s, t4, "p4", JMAP_LEVEL_MEDIUM);
    a = jmap_analysis_new(f.j, NULL);
    assert_int_equal(a->n_owner_handoffs, 2);
    assert_ptr_equal(a->owner_handoffs[1].from, t3);
    jmap_analysis_free(a);
    fx_free(&f);
}

static void test_data_asked_again(void **state)
{
    (void)state;
    fx f = fx_new(2, AB);
    jmap_stage *s = fx_stage(&f, "s");
    jmap_touchpoint *t1 = fx_tp(&f, s, "t1", "phone", 3);
    jmap_touchpoint *t2 = fx_tp(&f, s, "t2", "web", 3);
    jmap_touchpoint *t3 = fx_tp(&f, s, "t3", "web", 3);
    jmap_touchpoint *t4 = fx_tp(&f, s, "t4", NULL, 3);
    /* one touchpoint asking twice is asked once */
    fx_asks(&f, t1, "IBAN");
    fx_asks(&f, t1, "iban");
    fx_asks(&f, t1, "address");
    jmap_analysis *a = jmap_analysis_new(f.j, NULL);
    assert_true(a->has_data_asked);
    assert_int_equal(a->n_data_again, 0);
    jmap_analysis_free(a);

    fx_asks(&f, t2, " Iban ");  /* trimmed, case-folded: the same key */
    fx_asks(&f, t3, "IBAN");
    fx_asks(&f, t2, "phone");
    fx_asks(&f, t3, "Phone");   /* two web touchpoints: asked again all the same */
    fx_asks(&f, t4, "address"); /* no channel */
    fx_asks(&f, t4, "   ");     /* blank: no key */
    a = jmap_analysis_new(f.j, NULL);
    assert_int_equal(a->n_data_again, 3);
    const jmap_data_again *d = &a->data_again[0];
    assert_string_equal(d->key, "IBAN");
    assert_int_equal(d->n_touchpoints, 3);
    assert_ptr_equal(d->touchpoints[0], t1);
    assert_ptr_equal(d->touchpoints[2], t3);
    assert_int_equal(d->n_again_through, 1); /* web, once */
    assert_string_equal(d->again_through[0]->id, "web");
    assert_true(d->cross_channel);
    d = &a->data_again[1]; /* first asked at t1 */
    assert_string_equal(d->key, "address");
    assert_int_equal(d->n_again_through, 0);
    assert_false(d->cross_channel);
    d = &a->data_again[2];
    assert_string_equal(d->key, "phone");
    assert_int_equal(d->n_touchpoints, 2);
    assert_false(d->cross_channel);
    assert_int_equal(d->n_again_through, 1);
    assert_int_equal(jmap_analysis_findings(a), 3);
    jmap_analysis_free(a);

    /* the persona filter: t3 and t4 are b's */
    fx_only(&f, t3, 1);
    fx_only(&f, t4, 1);
    bool mask[2] = {true, false};
    jmap_analysis_opts o = {mask, NULL};
    a = jmap_analysis_new(f.j, &o);
    assert_int_equal(a->n_data_again, 1);
    assert_string_equal(a->data_again[0].key, "IBAN");
    assert_int_equal(a->data_again[0].n_touchpoints, 2);
    jmap_analysis_free(a);
    fx_free(&f);
}

static void test_null(void **state)
{
    (void)state;
    assert_null(jmap_analysis_new(NULL, NULL));
    jmap_analysis_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_one_touchpoint),  cmocka_unit_test(test_no_personas),
        cmocka_unit_test(test_missing_emotions), cmocka_unit_test(test_empty_stage),
        cmocka_unit_test(test_all_good),        cmocka_unit_test(test_persona_filter),
        cmocka_unit_test(test_drop_threshold),  cmocka_unit_test(test_opportunity_ranking),
        cmocka_unit_test(test_pains),           cmocka_unit_test(test_channel_gaps),
        cmocka_unit_test(test_inconsistencies), cmocka_unit_test(test_inconsistency_cap),
        cmocka_unit_test(test_kpis),            cmocka_unit_test(test_moments_of_truth),
        cmocka_unit_test(test_null),            cmocka_unit_test(test_thresholds_set),
        cmocka_unit_test(test_threshold_names), cmocka_unit_test(test_delivered),
        cmocka_unit_test(test_gaps_where_absent),
        cmocka_unit_test(test_insights),        cmocka_unit_test(test_drop_offs),
        cmocka_unit_test(test_unreachable),     cmocka_unit_test(test_cyclic_unreachable),
        cmocka_unit_test(test_unsupported_pains), cmocka_unit_test(test_owner_handoffs),
        cmocka_unit_test(test_data_asked_again),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
