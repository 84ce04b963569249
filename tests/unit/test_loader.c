/*
 * test_loader.c — the journey loader: every field of a rich journey, the
 * defaults, x-* keys, each error category at its exact line:col, hostile
 * input, images and theme kits.
 */
#include "load_util.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <time.h>
#include <unistd.h>

/* ------------------------------------------------------------ happy path */

static const char *const rich =
    "jmap: 1\n"                                               /* 1 */
    "title: Achat d'un billet d'avion\n"                      /* 2 */
    "subtitle: Parcours actuel\n"                             /* 3 */
    "description: De la recherche au voyage\n"                /* 4 */
    "scenario: Claire part à Lisbonne\n"                      /* 5 */
    "author: Équipe CX\n"                                     /* 6 */
    "version: 1.2\n"                                          /* 7 */
    "date: 2024-03-01\n"                                      /* 8 */
    "locale: fr\n"                                            /* 9 */
    "type: cyclic\n"                                          /* 10 */
    "scale: {min: -2, max: 2}\n"                              /* 11 */
    "theme:\n"                                                /* 12 */
    "  font: Inter\n"                                         /* 13 */
    "  primary: '#336699'\n"                                  /* 14 */
    "  positive: '#0a0'\n"                                    /* 15 */
    "  neutral: '#AABBCC'\n"                                  /* 16 */
    "  negative: '#c00'\n"                                    /* 17 */
    "  background: '#ffffff'\n"                               /* 18 */
    "  text: '#111'\n"                                        /* 19 */
    "  logo: img/logo.png\n"                                  /* 20 */
    "lanes: [touchpoints, emotions, pains]\n"                 /* 21 */
    "x-owner: {team: cx, size: 3}\n"                          /* 22 */
    "personas:\n"                                             /* 23 */
    "  - id: claire\n"                                        /* 24 */
    "    name: Claire\n"                                      /* 25 */
    "    role: DRH, PME de 80 salariés\n"                     /* 26 */
    "    quote: Je veux aller vite\n"                         /* 27 */
    "    goals: [Payer moins, Partir vite]\n"                 /* 28 */
    "    frustrations: [Frais cachés]\n"                      /* 29 */
    "    motivations: [Voyager]\n"                            /* 30 */
    "    expectations: [Transparence]\n"                      /* 31 */
    "    photo: claire.png\n"                                 /* 32 */
    "    channels: [web, kiosk]\n"                            /* 33 */
    "    details: {Âge: 42, Ville: Lyon}\n"                   /* 34 */
    "    color: '#123456'\n"                                  /* 35 */
    "  - name: Marc Dupont\n"                                 /* 36 */
    "channels:\n"                                             /* 37 */
    "  - {id: kiosk, name: Borne, icon: cart}\n"              /* 38 */
    "  - {id: web, name: Site web}\n"                         /* 39 */
    "  - {id: fax}\n"                                         /* 40 */
    "stages:\n"                                               /* 41 */
    "  - name: Prise de conscience\n"                         /* 42 */
    "    phase: before\n"                                     /* 43 */
    "    goal: Trouver un vol\n"                              /* 44 */
    "    description: Premiers pas\n"                         /* 45 */
    "    kpis:\n"                                             /* 46 */
    "      - {name: Taux de rebond, value: 42.5, target: 30, unit: '%', better: lower}\n" /* 47 */
    "      - {name: NPS, value: bon}\n"                       /* 48 */
    "    touchpoints:\n"                                      /* 49 */
    "      - name: Comparateur\n"                             /* 50 */
    "        channel: web\n"                                  /* 51 */
    "        doing: Compare les prix\n"                       /* 52 */
    "        thinking: Trop de choix\n"                       /* 53 */
    "        feeling: perdue\n"                               /* 54 */
    "        emotion: {claire: -1, marc-dupont: 0.5}\n"       /* 55 */
    "        target_emotion: 1\n"                             /* 56 */
    "        quote: « Où est le vrai prix ? »\n"              /* 57 */
    "        image: shots/comp.png\n"                         /* 58 */
    "        moment_of_truth: yes\n"                          /* 59 */
    "        owner: Marketing\n"                              /* 60 */
    "        url: https://example.com\n"                      /* 61 */
    "        pains:\n"                                        /* 62 */
    "          - Frais cachés au dernier moment\n"            /* 63 */
    "          - {id: slow, text: Lent, severity: high, evidence: 12 tickets}\n" /* 64 */
    "        opportunities:\n"                                /* 65 */
    "          - {text: Prix tout compris, addresses: [slow, frais-caches-au-dernier-moment], impact: high, effort: low, owner: Produit, status: in-progress, kpi: NPS}\n" /* 66 */
    "        x-ref: 017\n"                                    /* 67 */
    "    pains: [Pas de comparaison claire]\n"               /* 68 */
    "    opportunities: [{text: Guide, addresses: slow}]\n"   /* 69 */
    "  - name: Réservation\n"                                 /* 70 */
    "    touchpoints:\n"                                      /* 71 */
    "      - {name: Paiement, channel: kiosk, personas: [marc-dupont], emotion: -2}\n" /* 72 */
    "      - {name: Paiement, channel: fax, emotion: 2, moment_of_truth: off}\n" /* 73 */
    "  - {name: 発見}\n";                                     /* 74 */

static void test_rich_journey(void **state)
{
    (void)state;
    jmap_doc *doc = load_str(rich);
    if (doc->diags.errors)
        dump_diags(doc);
    expect_error_count(doc, 0);
    assert_int_equal(doc->diags.warnings, 0);
    const jmap_journey *j = doc->journey;
    assert_non_null(j);
    assert_int_equal(j->format_version, 1);
    assert_string_equal(j->title, "Achat d'un billet d'avion");
    assert_string_equal(j->subtitle, "Parcours actuel");
    assert_string_equal(j->description, "De la recherche au voyage");
    assert_string_equal(j->scenario, "Claire part à Lisbonne");
    assert_string_equal(j->author, "Équipe CX");
    assert_string_equal(j->version, "1.2");
    assert_string_equal(j->date, "2024-03-01");
    assert_int_equal(j->locale, JMAP_LOCALE_FR);
    assert_int_equal(j->type, JMAP_JOURNEY_CYCLIC);
    assert_int_equal(j->scale_min, -2);
    assert_int_equal(j->scale_max, 2);
    assert_string_equal(j->base_dir, ".");
    assert_ptr_equal(j->source, doc->source);

    /* theme */
    assert_string_equal(j->theme.font, "Inter");
    assert_true(j->theme.primary.set);
    assert_int_equal(j->theme.primary.rgb, 0x336699);
    assert_int_equal(j->theme.positive.rgb, 0x00AA00);
    assert_int_equal(j->theme.neutral.rgb, 0xAABBCC);
    assert_int_equal(j->theme.negative.rgb, 0xCC0000);
    assert_int_equal(j->theme.background.rgb, 0xFFFFFF);
    assert_int_equal(j->theme.text.rgb, 0x111111);
    assert_string_equal(j->theme.logo.path, "img/logo.png");
    assert_string_equal(j->theme.logo.resolved, "img/logo.png");
    assert_int_equal(j->theme.logo.span.line, 20);
    assert_int_equal(j->theme.logo.span.col, 9);
    assert_int_equal(j->theme.span.line, 13);
    assert_string_equal(j->theme.source_name, "t.yaml");

    /* lanes */
    assert_true(j->lanes_given);
    assert_int_equal(j->n_lanes, 3);
    assert_int_equal(j->lanes[0], JMAP_LANE_TOUCHPOINTS);
    assert_int_equal(j->lanes[1], JMAP_LANE_EMOTIONS);
    assert_int_equal(j->lanes[2], JMAP_LANE_PAINS);

    /* x-* at the top */
    assert_int_equal(j->n_x, 1);
    assert_string_equal(j->x[0].key, "x-owner");
    assert_string_equal(j->x[0].json, "{\"team\":\"cx\",\"size\":3}");
    assert_int_equal(j->x[0].span.line, 22);

    /* personas */
    assert_false(j->personas_implicit);
    assert_int_equal(j->n_personas, 2);
    const jmap_persona *p = j->personas[0];
    assert_string_equal(p->id, "claire");
    assert_false(p->id_derived);
    assert_string_equal(p->name, "Claire");
    assert_int_equal(p->index, 0);
    assert_string_equal(p->role, "DRH, PME de 80 salariés");
    assert_string_equal(p->quote, "Je veux aller vite");
    assert_int_equal(p->n_goals, 2);
    assert_string_equal(p->goals[1], "Partir vite");
    assert_int_equal(p->n_frustrations, 1);
    assert_string_equal(p->frustrations[0], "Frais cachés");
    assert_string_equal(p->motivations[0], "Voyager");
    assert_string_equal(p->expectations[0], "Transparence");
    assert_string_equal(p->photo.path, "claire.png");
    assert_int_equal(p->n_channels, 2);
    assert_string_equal(p->channels[0]->id, "web");
    assert_string_equal(p->channels[1]->id, "kiosk");
    assert_int_equal(p->n_details, 2);
    assert_string_equal(p->details[0].key, "Âge");
    assert_string_equal(p->details[0].value, "42");
    assert_int_equal(p->details[0].span.line, 34);
    assert_int_equal(p->details[0].span.col, 15);
    assert_true(p->color.set);
    assert_int_equal(p->curve_color, 0x123456);
    assert_int_equal(p->span.line, 24);
    assert_int_equal(p->span.col, 5);
    const jmap_persona *m = j->personas[1];
    assert_string_equal(m->id, "marc-dupont");
    assert_true(m->id_derived);
    assert_false(m->color.set);
    assert_int_equal(m->curve_color, 0xCC79A7); /* the palette's second colour */

    /* channels: 13 built-ins, web renamed in place, then kiosk and fax */
    assert_int_equal(j->n_channels, JMAP_BUILTIN_CHANNEL_COUNT + 2);
    for (int i = 0; i < JMAP_BUILTIN_CHANNEL_COUNT; i++) {
        assert_string_equal(j->channels[i]->id, jmap_icon_name((jmap_icon)i));
        assert_true(j->channels[i]->builtin);
        assert_int_equal(j->channels[i]->index, i);
    }
    const jmap_channel *web = j->channels[JMAP_ICON_WEB];
    assert_string_equal(web->name, "Site web");
    assert_true(web->declared);
    assert_int_equal(web->icon, JMAP_ICON_WEB);
    assert_null(j->channels[JMAP_ICON_EMAIL]->name);
    assert_false(j->channels[JMAP_ICON_EMAIL]->declared);
    const jmap_channel *kiosk = j->channels[13], *fax = j->channels[14];
    assert_string_equal(kiosk->id, "kiosk");
    assert_string_equal(kiosk->name, "Borne");
    assert_int_equal(kiosk->icon, JMAP_ICON_CART);
    assert_false(kiosk->builtin);
    assert_true(kiosk->declared);
    assert_int_equal(kiosk->index, 13);
    assert_int_equal(kiosk->span.line, 38);
    assert_string_equal(fax->id, "fax");
    assert_null(fax->name);
    assert_int_equal(fax->icon, JMAP_ICON_OTHER);

    /* stages */
    assert_int_equal(j->n_stages, 3);
    const jmap_stage *s0 = j->stages[0];
    assert_string_equal(s0->id, "prise-de-conscience");
    assert_true(s0->id_derived);
    assert_string_equal(s0->name, "Prise de conscience");
    assert_int_equal(s0->phase, JMAP_PHASE_BEFORE);
    assert_string_equal(s0->goal, "Trouver un vol");
    assert_string_equal(s0->description, "Premiers pas");
    assert_int_equal(s0->span.line, 42);
    assert_int_equal(s0->span.col, 5);
    assert_int_equal(s0->n_kpis, 2);
    const jmap_kpi *k = &s0->kpis[0];
    assert_string_equal(k->name, "Taux de rebond");
    assert_true(k->value.present && k->value.is_number);
    assert_true(fabs(k->value.number - 42.5) < 1e-9);
    assert_string_equal(k->value.text, "42.5");
    assert_true(k->target.is_number);
    assert_true(fabs(k->target.number - 30) < 1e-9);
    assert_string_equal(k->unit, "%");
    assert_int_equal(k->better, JMAP_BETTER_LOWER);
    assert_true(s0->kpis[1].value.present);
    assert_false(s0->kpis[1].value.is_number);
    assert_string_equal(s0->kpis[1].value.text, "bon");
    assert_false(s0->kpis[1].target.present);
    assert_int_equal(s0->kpis[1].better, JMAP_BETTER_HIGHER);
    assert_int_equal(j->stages[1]->phase, JMAP_PHASE_NONE);
    assert_string_equal(j->stages[2]->id, "stage-3");
    assert_string_equal(j->stages[2]->name, "発見");
    assert_int_equal(j->stages[2]->n_touchpoints, 0);

    /* touchpoints */
    assert_int_equal(j->n_touchpoints, 3);
    const jmap_touchpoint *t = j->touchpoints[0];
    assert_string_equal(t->id, "comparateur");
    assert_int_equal(t->index, 0);
    assert_int_equal(t->ordinal, 0);
    assert_ptr_equal(t->stage, s0);
    assert_ptr_equal(t->channel, web);
    assert_false(t->personas_given);
    assert_true(t->meets[0] && t->meets[1]);
    assert_string_equal(t->doing, "Compare les prix");
    assert_string_equal(t->thinking, "Trop de choix");
    assert_string_equal(t->feeling, "perdue");
    assert_true(t->emotion_given);
    assert_true(t->emotion[0].set);
    assert_true(t->emotion[0].value == -1);
    assert_true(t->emotion[1].value == 0.5);
    assert_int_equal(t->emotion[0].n, 0);
    assert_true(t->target_given);
    assert_true(t->target_emotion[0].set && t->target_emotion[1].set);
    assert_true(t->target_emotion[1].value == 1);
    assert_string_equal(t->quote, "« Où est le vrai prix ? »");
    assert_string_equal(t->image.path, "shots/comp.png");
    assert_true(t->moment_of_truth);
    assert_string_equal(t->owner, "Marketing");
    assert_string_equal(t->url, "https://example.com");
    assert_int_equal(t->n_x, 1);
    assert_string_equal(t->x[0].json, "15"); /* YAML 1.1 octal */
    assert_int_equal(t->span.line, 50);

    const jmap_touchpoint *t1 = j->touchpoints[1], *t2 = j->touchpoints[2];
    assert_string_equal(t1->id, "paiement");
    assert_string_equal(t2->id, "paiement-2");
    assert_int_equal(t2->ordinal, 1);
    assert_ptr_equal(t1->channel, kiosk);
    assert_ptr_equal(t2->channel, fax);
    assert_true(t1->personas_given);
    assert_false(t1->meets[0]);
    assert_true(t1->meets[1]);
    assert_false(t1->emotion[0].set);
    assert_true(t1->emotion[1].set && t1->emotion[1].value == -2);
    assert_false(t1->target_given);
    assert_false(t1->target_emotion[1].set);
    assert_false(t2->moment_of_truth);
    assert_true(t2->emotion[0].value == 2 && t2->emotion[1].value == 2);

    /* pains: the touchpoint's, then the stage's */
    assert_int_equal(j->n_pains, 3);
    const jmap_pain *p0 = j->pains[0], *p1 = j->pains[1], *p2 = j->pains[2];
    assert_string_equal(p0->id, "frais-caches-au-dernier-moment");
    assert_true(p0->id_derived);
    assert_string_equal(p0->text, "Frais cachés au dernier moment");
    assert_int_equal(p0->severity, JMAP_LEVEL_MEDIUM);
    assert_ptr_equal(p0->touchpoint, t);
    assert_ptr_equal(p0->stage, s0);
    assert_string_equal(p1->id, "slow");
    assert_int_equal(p1->severity, JMAP_LEVEL_HIGH);
    assert_string_equal(p1->evidence, "12 tickets");
    assert_int_equal(p1->index, 1);
    assert_string_equal(p2->id, "pas-de-comparaison-claire");
    assert_null(p2->touchpoint);
    assert_ptr_equal(p2->stage, s0);
    assert_int_equal(s0->n_pains, 1);
    assert_int_equal(t->n_pains, 2);

    assert_int_equal(j->n_opportunities, 2);
    const jmap_opportunity *o = j->opportunities[0];
    assert_string_equal(o->id, "prix-tout-compris");
    assert_string_equal(o->text, "Prix tout compris");
    assert_int_equal(o->n_addresses, 2);
    assert_ptr_equal(o->addresses[0], p1);
    assert_ptr_equal(o->addresses[1], p0);
    assert_int_equal(o->impact, JMAP_LEVEL_HIGH);
    assert_int_equal(o->effort, JMAP_LEVEL_LOW);
    assert_string_equal(o->owner, "Produit");
    assert_int_equal(o->status, JMAP_STATUS_IN_PROGRESS);
    assert_string_equal(o->kpi, "NPS");
    assert_ptr_equal(o->touchpoint, t);
    const jmap_opportunity *o1 = j->opportunities[1];
    assert_int_equal(o1->n_addresses, 1);
    assert_ptr_equal(o1->addresses[0], p1);
    assert_null(o1->touchpoint);
    assert_int_equal(o1->status, JMAP_STATUS_IDEA);
    assert_int_equal(o1->impact, JMAP_LEVEL_NONE);

    jmap_doc_free(doc);
}

static void test_defaults(void **state)
{
    (void)state;
    jmap_doc *doc = load_str("jmap: 1\ntitle: T\nstages:\n  - name: S\n    touchpoints:\n"
                             "      - {name: A}\n");
    const jmap_journey *j = doc->journey;
    assert_non_null(j);
    assert_int_equal(j->locale, JMAP_LOCALE_EN);
    assert_int_equal(j->type, JMAP_JOURNEY_LINEAR);
    assert_int_equal(j->scale_min, 1);
    assert_int_equal(j->scale_max, 5);
    assert_false(j->lanes_given);
    assert_int_equal(j->n_lanes, 0);
    assert_true(j->personas_implicit);
    assert_int_equal(j->n_personas, 1);
    assert_string_equal(j->personas[0]->id, "persona-1");
    assert_null(j->personas[0]->name);
    assert_int_equal(j->personas[0]->curve_color, 0x0072B2);
    assert_int_equal(j->n_channels, JMAP_BUILTIN_CHANNEL_COUNT);
    assert_null(j->touchpoints[0]->channel);
    assert_true(j->touchpoints[0]->meets[0]);
    assert_false(j->touchpoints[0]->emotion_given);
    assert_false(j->theme.primary.set);
    assert_null(j->theme.font);
    assert_null(j->theme.logo.path);
    /* no emotion anywhere: no curve, no warning */
    assert_int_equal(doc->diags.warnings, 0);
    jmap_doc_free(doc);
}

/* `key:` with nothing after it is as if the key were absent, for optional keys. */
static void test_empty_values(void **state)
{
    (void)state;
    jmap_doc *doc = load_str("jmap: 1\ntitle: T\nsubtitle:\nscale:\ntheme: ~\nlanes:\npersonas:\n"
                             "channels:\nlocale:\nstages:\n  - name: S\n    phase:\n    kpis:\n"
                             "    touchpoints:\n      - {name: A, emotion: ~, image: , moment_of_truth: ,"
                             " channel: , personas: , pains: , opportunities: }\n");
    if (doc->diags.errors)
        dump_diags(doc);
    assert_non_null(doc->journey);
    const jmap_touchpoint *t = doc->journey->touchpoints[0];
    assert_null(t->image.path);
    assert_false(t->emotion_given);
    assert_false(t->personas_given);
    assert_true(doc->journey->personas_implicit);
    assert_int_equal(doc->journey->scale_max, 5);
    jmap_doc_free(doc);
    expect_error("jmap: 1\ntitle: T\n" "lanes: [pains, ~]\nstages: [{name: S}]\n", 3, 16, "'lanes' items must be lane names");
}

static void test_palette_cycles(void **state)
{
    (void)state;
    GString *y = g_string_new("jmap: 1\ntitle: T\npersonas:\n");
    for (int i = 0; i < 9; i++)
        g_string_append_printf(y, "  - name: P%d\n", i);
    g_string_append(y, "stages: [{name: S}]\n");
    jmap_doc *doc = load_str(y->str);
    const jmap_journey *j = doc->journey;
    assert_non_null(j);
    static const uint32_t pal[] = {0x0072B2, 0xCC79A7, 0x332288, 0x56B4E9, 0x7A5195, 0x00798C, 0x3B3B3B};
    for (int i = 0; i < 9; i++)
        assert_int_equal(j->personas[i]->curve_color, pal[i % 7]);
    jmap_doc_free(doc);
    g_string_free(y, TRUE);
}

static void test_extras(void **state)
{
    (void)state;
    jmap_doc *doc = load_str(
        "jmap: 1\ntitle: T\n"
        "x-a: [1, -2.50, .5, 1_000, 0x1F, 0b101, 1:30, yes, Off, ~, '', \"3\", 1e5, .inf, text]\n"
        "x-b: \"quote \\\" and \\\\ and \\t\"\n"
        "x-c: {nested: {deep: [a, {b: null}]}}\n"
        "x-d:\n"
        "stages:\n"
        "  - name: S\n"
        "    x-s: 1\n"
        "    kpis: [{name: K, x-k: true}]\n"
        "    touchpoints:\n"
        "      - name: T\n"
        "        pains: [{text: P, x-p: 2}]\n"
        "        opportunities: [{text: O, x-o: 3}]\n"
        "personas: [{name: A, x-per: 4}]\n"
        "channels: [{id: c, x-ch: 5}]\n");
    if (doc->diags.errors)
        dump_diags(doc);
    const jmap_journey *j = doc->journey;
    assert_non_null(j);
    assert_int_equal(j->n_x, 4);
    assert_string_equal(j->x[0].json,
                        "[1,-2.5,0.5,1000,31,5,90,true,false,null,\"\",\"3\",\"1e5\",\".inf\",\"text\"]");
    assert_string_equal(j->x[1].json, "\"quote \\\" and \\\\ and \\t\"");
    assert_string_equal(j->x[2].json, "{\"nested\":{\"deep\":[\"a\",{\"b\":null}]}}");
    assert_string_equal(j->x[3].key, "x-d");
    assert_string_equal(j->x[3].json, "null");
    assert_string_equal(j->stages[0]->x[0].json, "1");
    assert_string_equal(j->stages[0]->kpis[0].x[0].json, "true");
    assert_string_equal(j->pains[0]->x[0].json, "2");
    assert_string_equal(j->opportunities[0]->x[0].json, "3");
    assert_string_equal(j->personas[0]->x[0].json, "4");
    assert_string_equal(j->channels[13]->x[0].json, "5");
    jmap_doc_free(doc);
}

static void test_aliases_share(void **state)
{
    (void)state;
    jmap_doc *doc = load_str("jmap: 1\ntitle: T\n"
                             "stages:\n"
                             "  - name: A\n"
                             "    touchpoints:\n"
                             "      - &tp {name: Same, emotion: 4, pains: [Oops]}\n"
                             "  - name: B\n"
                             "    touchpoints: [*tp]\n");
    const jmap_journey *j = doc->journey;
    if (!j)
        dump_diags(doc);
    assert_non_null(j);
    assert_int_equal(j->n_touchpoints, 2);
    assert_string_equal(j->touchpoints[0]->id, "same");
    assert_string_equal(j->touchpoints[1]->id, "same-2");
    assert_ptr_equal(j->touchpoints[1]->stage, j->stages[1]);
    assert_string_equal(j->pains[1]->id, "oops-2");
    jmap_doc_free(doc);
}

/* ------------------------------------------------------- error categories */

#define HEAD "jmap: 1\ntitle: T\n"

static void test_wrong_types(void **state)
{
    (void)state;
    expect_error(HEAD "stages: {name: S}\n", 3, 9, "'stages' must be a list, not a mapping");
    expect_error(HEAD "subtitle: [a]\nstages: [{name: S}]\n", 3, 11, "'subtitle' must be text, not a list");
    expect_error(HEAD "stages: [{name: S, touchpoints: [{name: A, emotion: \"3\"}]}]\n", 3, 53,
                 "'emotion' must be a number, not the quoted text \"3\" (remove the quotes)");
    expect_error(HEAD "stages: [{name: S, touchpoints: [{name: A, emotion: high}]}]\n", 3, 53,
                 "'emotion' must be a number, not the text 'high'");
    expect_error(HEAD "stages: [{name: S, touchpoints: [{name: A, moment_of_truth: 'yes'}]}]\n", 3, 61,
                 "'moment_of_truth' must be true or false");
    expect_error(HEAD "stages: [{name: S, touchpoints: [{name: A, moment_of_truth: 1}]}]\n", 3, 61,
                 "'moment_of_truth' must be true or false, not the number 1");
    expect_error(HEAD "stages: [S]\n", 3, 10, "stage must be a mapping, not a scalar");
    expect_error(HEAD "personas: [{name: P, goals: Partir}]\nstages: [{name: S}]\n", 3, 29,
                 "'goals' must be a list of texts");
    expect_error(HEAD "personas: [{name: P, details: [a]}]\nstages: [{name: S}]\n", 3, 31,
                 "'details' must be a mapping");
    expect_error(HEAD "personas: [{name: P, details: {a: [1]}}]\nstages: [{name: S}]\n", 3, 35,
                 "details value for 'a' must be a scalar");
    expect_error(HEAD "stages: [{name: S, kpis: [{name: K, value: [1]}]}]\n", 3, 44,
                 "'value' must be a number or a text");
    expect_error(HEAD "stages: [{name: S, pains: [[a]]}]\n", 3, 28, "a pain must be a text or a mapping");
    expect_error("jmap: '1'\ntitle: T\nstages: [{name: S}]\n", 1, 7, "'jmap' must be a number");
    expect_error("- a\n", 1, 1, "the top level of a journey must be a mapping");
}

static void test_missing_keys(void **state)
{
    (void)state;
    expect_error("title: T\nstages: [{name: S}]\n", 1, 1, "missing required key 'jmap'");
    expect_error("jmap: 1\nstages: [{name: S}]\n", 1, 1, "missing required key 'title' in the journey");
    expect_error(HEAD "x-a: 1\n", 1, 1, "missing required key 'stages' in the journey");
    expect_error(HEAD "stages:\n  - goal: G\n", 4, 5, "missing required key 'name' in stage");
    expect_error(HEAD "stages: [{name: S, touchpoints: [{channel: web}]}]\n", 3, 34,
                 "missing required key 'name' in touchpoint");
    expect_error(HEAD "stages: [{name: S, pains: [{severity: high}]}]\n", 3, 28,
                 "missing required key 'text' in pain");
    expect_error(HEAD "stages: [{name: S, opportunities: [{impact: high}]}]\n", 3, 36,
                 "missing required key 'text' in opportunity");
    expect_error(HEAD "stages: [{name: S, kpis: [{value: 3}]}]\n", 3, 27, "missing required key 'name' in KPI");
    expect_error(HEAD "personas: [{role: R}]\nstages: [{name: S}]\n", 3, 12,
                 "missing required key 'name' in persona");
    expect_error(HEAD "channels: [{name: N}]\nstages: [{name: S}]\n", 3, 12,
                 "missing required key 'id' in channel");
    expect_error(HEAD "scale: {min: 1}\nstages: [{name: S}]\n", 3, 8, "missing required key 'max' in scale");
    expect_error(HEAD "stages: []\n", 3, 9, "'stages' is empty");
    expect_error(HEAD "stages: [{name: ''}]\n", 3, 17, "'name' must not be empty");
    expect_error("jmap: 1\ntitle:\nstages: [{name: S}]\n", 2, 7, "'title' must not be empty");
}

static void test_unknown_keys(void **state)
{
    (void)state;
    expect_error(HEAD "stages: [{nmae: S, name: S}]\n", 3, 11,
                 "unknown key 'nmae' in stage (did you mean 'name'?)");
    expect_error(HEAD "stage: []\nstages: [{name: S}]\n", 3, 1,
                 "unknown key 'stage' in the journey (did you mean 'stages'?)");
    expect_error(HEAD "colour: x\nstages: [{name: S}]\n", 3, 1, "unknown key 'colour' in the journey");
    expect_error(HEAD "theme: {primry: '#fff'}\nstages: [{name: S}]\n", 3, 9,
                 "unknown key 'primry' in theme (did you mean 'primary'?)");
    expect_error(HEAD "stages: [{name: S, touchpoints: [{name: A, emotions: 3}]}]\n", 3, 44,
                 "unknown key 'emotions' in touchpoint (did you mean 'emotion'?)");
}

static void test_out_of_range(void **state)
{
    (void)state;
    expect_error(HEAD "stages: [{name: S, touchpoints: [{name: A, emotion: 7}]}]\n", 3, 53,
                 "emotion 7 is outside the scale (1 to 5)");
    expect_error(HEAD "scale: {min: 0, max: 10}\nstages: [{name: S, touchpoints: [{name: A, target_emotion: -0.5}]}]\n",
                 4, 60, "target_emotion -0.5 is outside the scale (0 to 10)");
    expect_error(HEAD "scale: {min: 5, max: 1}\nstages: [{name: S}]\n", 3, 22,
                 "scale 'max' (1) must be greater than 'min' (5)");
    expect_error(HEAD "scale: {min: 1, max: 2}\nstages: [{name: S}]\n", 3, 22,
                 "scale range max - min is 1; it must be between 2 and 10");
    expect_error(HEAD "scale: {min: 0, max: 11}\nstages: [{name: S}]\n", 3, 22,
                 "scale range max - min is 11");
    expect_error(HEAD "scale: {min: 1.5, max: 5}\nstages: [{name: S}]\n", 3, 14,
                 "'min' must be an integer, not 1.5");
    expect_error("jmap: 2\ntitle: T\nstages: [{name: S}]\n", 1, 7,
                 "unsupported format version 2 (this jmap reads version 1)");
    /* a bad scale checks no emotion against it */
    expect_error(HEAD "scale: {min: 1, max: 1}\nstages: [{name: S, touchpoints: [{name: A, emotion: 9}]}]\n",
                 3, 22, "scale 'max' (1) must be greater than 'min' (1)");
}

static void test_bad_enums(void **state)
{
    (void)state;
    expect_error(HEAD "stages: [{name: S, phase: durnig}]\n", 3, 27, "invalid phase 'durnig' (did you mean 'during'?)");
    expect_error(HEAD "stages: [{name: S, phase: soon}]\n", 3, 27,
                 "invalid phase 'soon' (expected before, during or after)");
    expect_error(HEAD "locale: de\nstages: [{name: S}]\n", 3, 9, "invalid locale 'de' (expected en or fr)");
    expect_error(HEAD "type: loop\nstages: [{name: S}]\n", 3, 7, "invalid journey type 'loop' (expected linear or cyclic)");
    expect_error(HEAD "stages: [{name: S, pains: [{text: P, severity: High}]}]\n", 3, 48,
                 "invalid severity 'High' (did you mean 'high'?)");
    expect_error(HEAD "stages: [{name: S, opportunities: [{text: P, status: in_progress}]}]\n", 3, 54,
                 "invalid status 'in_progress' (did you mean 'in-progress'?)");
    expect_error(HEAD "stages: [{name: S, opportunities: [{text: P, effort: massive}]}]\n", 3, 54,
                 "invalid effort 'massive' (expected low, medium or high)");
    expect_error(HEAD "stages: [{name: S, kpis: [{name: K, better: lowr}]}]\n", 3, 45,
                 "invalid value for 'better' 'lowr' (did you mean 'lower'?)");
    expect_error(HEAD "channels: [{id: c, icon: trukc}]\nstages: [{name: S}]\n", 3, 26,
                 "invalid icon 'trukc' (did you mean 'truck'?)");
    expect_error(HEAD "lanes: [touchpoints, emotion]\nstages: [{name: S}]\n", 3, 22,
                 "invalid lane 'emotion' (did you mean 'emotions'?)");
    expect_errors(HEAD "lanes: [pains, doing, pains]\nstages: [{name: S}]\n", 1, 3, 23,
                  "lane 'pains' is listed twice");
}

static void test_bad_colours(void **state)
{
    (void)state;
    expect_error(HEAD "theme: {primary: '#12345'}\nstages: [{name: S}]\n", 3, 18,
                 "invalid colour '#12345' for 'primary' (expected #rgb or #rrggbb)");
    expect_error(HEAD "theme: {text: red}\nstages: [{name: S}]\n", 3, 15, "invalid colour 'red'");
    expect_error(HEAD "theme: {text: '#ggg'}\nstages: [{name: S}]\n", 3, 15, "invalid colour '#ggg'");
    expect_error(HEAD "personas: [{name: P, color: '#12'}]\nstages: [{name: S}]\n", 3, 29,
                 "invalid colour '#12' for 'color'");
    /* an unquoted # starts a comment: the value is empty */
    expect_error(HEAD "theme:\n  primary: #336699\nstages: [{name: S}]\n", 4, 11,
                 "'primary' has no value (quote colours");
}

static void test_duplicate_keys(void **state)
{
    (void)state;
    jmap_doc *doc = load_str(HEAD "stages:\n  - name: A\n    goal: G\n    name: B\n");
    expect_error_count(doc, 1);
    expect_diag(doc, JMAP_SEV_ERROR, 6, 5, "duplicate key 'name'");
    expect_diag(doc, JMAP_SEV_NOTE, 4, 5, "'name' first given here");
    assert_null(doc->journey);
    jmap_doc_free(doc);
}

static void test_duplicate_ids(void **state)
{
    (void)state;
    jmap_doc *doc = load_str(HEAD
                             "personas: [{id: p, name: A}, {id: p, name: B}]\n"
                             "channels: [{id: c}, {id: c}, {id: web}, {id: web}]\n"
                             "stages:\n"
                             "  - {id: s, name: A, pains: [{id: x, text: X}, {id: x, text: Y}]}\n"
                             "  - id: s\n"
                             "    name: B\n"
                             "    touchpoints: [{id: t, name: T}, {id: t, name: U}]\n"
                             "    opportunities: [{id: o, text: O}, {id: o, text: P}]\n");
    expect_error_count(doc, 7);
    expect_diag(doc, JMAP_SEV_ERROR, 3, 35, "duplicate persona id 'p'");
    expect_diag(doc, JMAP_SEV_NOTE, 3, 17, "'p' first used here");
    expect_diag(doc, JMAP_SEV_ERROR, 4, 26, "duplicate channel id 'c'");
    expect_diag(doc, JMAP_SEV_NOTE, 4, 17, "'c' first used here");
    expect_diag(doc, JMAP_SEV_ERROR, 4, 46, "duplicate channel id 'web'");
    expect_diag(doc, JMAP_SEV_ERROR, 7, 9, "duplicate stage id 's'");
    expect_diag(doc, JMAP_SEV_NOTE, 6, 10, "'s' first used here");
    expect_diag(doc, JMAP_SEV_ERROR, 6, 53, "duplicate pain id 'x'");
    expect_diag(doc, JMAP_SEV_NOTE, 6, 35, "'x' first used here");
    expect_diag(doc, JMAP_SEV_ERROR, 9, 42, "duplicate touchpoint id 't'");
    expect_diag(doc, JMAP_SEV_ERROR, 10, 44, "duplicate opportunity id 'o'");
    jmap_doc_free(doc);
}

static void test_unknown_references(void **state)
{
    (void)state;
    const char *personas = HEAD "personas: [{name: Claire}, {name: Marc}]\n";
    char buf[1024];
    expect_error(HEAD "stages: [{name: S, touchpoints: [{name: A, channel: emial}]}]\n", 3, 53,
                 "unknown channel 'emial' (did you mean 'email'?)");
    g_snprintf(buf, sizeof buf, "%sstages: [{name: S, touchpoints: [{name: A, personas: [clare]}]}]\n", personas);
    expect_error(buf, 4, 55, "unknown persona 'clare' (did you mean 'claire'?)");
    g_snprintf(buf, sizeof buf, "%sstages: [{name: S, touchpoints: [{name: A, emotion: {marc: 2, mark: 3}}]}]\n", personas);
    expect_error(buf, 4, 63, "unknown persona 'mark' (did you mean 'marc'?)");
    g_snprintf(buf, sizeof buf, "%sstages: [{name: S, touchpoints: [{name: A, personas: [marc], target_emotion: {claire: 2}}]}]\n", personas);
    expect_error(buf, 4, 79, "persona 'claire' does not meet this touchpoint");
    expect_error(HEAD "personas: [{name: P, channels: [web, phnoe]}]\nstages: [{name: S}]\n", 3, 38,
                 "unknown channel 'phnoe' (did you mean 'phone'?)");
    expect_error(HEAD "stages: [{name: S, pains: [{id: slow, text: Lent}], opportunities: [{text: O, addresses: [slwo]}]}]\n",
                 3, 91, "unknown pain 'slwo' (did you mean 'slow'?)");
    expect_error(HEAD "stages: [{name: S, touchpoints: [{name: A, personas: [bob]}]}]\n", 3, 55,
                 "unknown persona 'bob' (this journey declares no personas)");
    expect_error(HEAD "stages: [{name: S, touchpoints: [{name: A, emotion: {a: 1}}]}]\n", 3, 53,
                 "'emotion' per persona needs personas");
    /* a reference may point forwards: channels declared after stages */
    jmap_doc *doc = load_str(HEAD "stages: [{name: S, touchpoints: [{name: A, channel: kiosk}]}]\nchannels: [{id: kiosk}]\n");
    assert_non_null(doc->journey);
    jmap_doc_free(doc);
}

static void test_warnings(void **state)
{
    (void)state;
    jmap_doc *doc = load_str(HEAD "stages:\n  - name: S\n    touchpoints:\n"
                             "      - {name: A, emotion: 3}\n"
                             "      - {name: B}\n"
                             "personas: [{name: P, channels: [chat]}]\n");
    assert_non_null(doc->journey);
    expect_error_count(doc, 0);
    assert_int_equal(doc->diags.warnings, 1); /* chat unused by any touchpoint: not a warning */
    expect_diag(doc, JMAP_SEV_WARNING, 7, 9, "touchpoint 'b' has no emotion");
    jmap_doc_free(doc);
}

static void test_every_error_in_one_run(void **state)
{
    (void)state;
    jmap_doc *doc = load_str("jmap: 1\n"
                             "title: T\n"
                             "locale: de\n"
                             "stages:\n"
                             "  - name: S\n"
                             "    phase: later\n"
                             "    touchpoints:\n"
                             "      - {name: A, channel: fax, emotion: 9}\n"
                             "      - {nme: B}\n");
    expect_error_count(doc, 6);
    /* sorted by place */
    int last = 0;
    for (size_t i = 0; i < doc->diags.count; i++) {
        int at = doc->diags.items[i].span.line * 1000 + doc->diags.items[i].span.col;
        assert_true(at >= last);
        last = at;
    }
    expect_diag(doc, JMAP_SEV_ERROR, 3, 9, "invalid locale");
    expect_diag(doc, JMAP_SEV_ERROR, 6, 12, "invalid phase");
    expect_diag(doc, JMAP_SEV_ERROR, 8, 28, "unknown channel 'fax'");
    expect_diag(doc, JMAP_SEV_ERROR, 8, 42, "emotion 9 is outside");
    expect_diag(doc, JMAP_SEV_ERROR, 9, 10, "unknown key 'nme'");
    expect_diag(doc, JMAP_SEV_ERROR, 9, 9, "missing required key 'name'");
    jmap_doc_free(doc);

    /* the cap */
    GString *y = g_string_new(HEAD "stages:\n");
    for (int i = 0; i < 20; i++)
        g_string_append_printf(y, "  - {name: S, bad%d: x}\n", i);
    jmap_load_opts o = {.max_errors = 5, .no_image_check = true};
    doc = jmap_load("t.yaml", y->str, y->len, &o);
    expect_error_count(doc, 20);
    assert_int_equal(doc->diags.count, 5);
    assert_true(doc->diags.truncated);
    jmap_doc_free(doc);
    g_string_free(y, TRUE);
}

/* --------------------------------------------------------------- hostile */

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void test_yaml_errors(void **state)
{
    (void)state;
    expect_error("jmap: 1\ntitle: \"abc\nstages: []\n", 2, 8, "unterminated quoted string");
    expect_error("jmap: 1\ntitle: 'abc\n", 2, 8, "unterminated quoted string");
    expect_error("jmap: 1\ntitle: [a, b\nstages: []\n", 2, 8, "syntax error while parsing a flow sequence");
    expect_error("jmap: 1\ntitle:\n\t- a\n", 3, 1, "(a tab; YAML indents with spaces only)");
    expect_error("jmap: 1\ntitle: T\n---\njmap: 1\n", 3, 1, "a second YAML document");
    expect_error("jmap: 1\ntitle: *nope\nstages: [{name: S}]\n", 2, 8, "undefined alias '*nope'");
    expect_errors("jmap: 1\ntitle: T\nstages: &s [{name: S, x-self: *s}]\n", 1, 3, 31,
                  "alias '*s' refers to a node that contains it (a cycle)");
    expect_error("jmap: 1\ntitle: !custom T\nstages: [{name: S}]\n", 2, 8, "unsupported tag '!custom'");
    expect_error("jmap: 1\ntitle: \"a\\0b\"\nstages: [{name: S}]\n", 2, 8, "NUL character");
    expect_error("jmap: 1\ntitle: T\n[a]: 1\nstages: [{name: S}]\n", 3, 1, "a mapping key must be a scalar");
    expect_error("", 0, 0, "the file is empty");
    expect_error("# only a comment\n\n   \n", 0, 0, "the file is empty");
    /* !!str makes a string, so a number cannot be tagged into text */
    expect_error(HEAD "stages: [{name: S, touchpoints: [{name: A, emotion: !!str 3}]}]\n", 3, 53,
                 "must be a number");
    jmap_doc *doc = load_str("jmap: 1\ntitle: !!str 12\nstages: [{name: !!str S}]\n");
    assert_non_null(doc->journey);
    assert_string_equal(doc->journey->title, "12");
    jmap_doc_free(doc);
}

static void test_bad_bytes(void **state)
{
    (void)state;
    /* the column counts characters: "日本 caf" is 6 characters after the quote */
    expect_error("jmap: 1\ntitle: \"\xe6\x97\xa5\xe6\x9c\xac caf\xe9\"\n", 2, 15,
                 "invalid UTF-8 (byte 0xE9)");
    jmap_load_opts o = {.no_image_check = true};
    jmap_doc *doc = jmap_load("b.yaml", "jmap: 1\n\0\1", 10, &o);
    expect_error_count(doc, 1);
    assert_non_null(strstr(doc->diags.items[0].message, "binary file"));
    assert_int_equal(doc->diags.items[0].span.line, 0);
    jmap_doc_free(doc);

    size_t big = JMAP_MAX_INPUT_BYTES + 1;
    char *data = malloc(big);
    memset(data, '#', big);
    double t0 = now();
    doc = jmap_load("big.yaml", data, big, &o);
    assert_true(now() - t0 < 0.5);
    expect_error_count(doc, 1);
    assert_non_null(strstr(doc->diags.items[0].message, "file too large"));
    assert_int_equal(doc->source->len, 0); /* not copied */
    jmap_doc_free(doc);
    free(data);
}

static void test_deep_nesting(void **state)
{
    (void)state;
    size_t n = 100000;
    char *flow = malloc(n + 1);
    memset(flow, '[', n);
    flow[n] = '\0';
    double t0 = now();
    jmap_doc *doc = load_str(flow);
    assert_true(now() - t0 < 0.5);
    expect_error_count(doc, 1);
    expect_diag(doc, JMAP_SEV_ERROR, 1, JMAP_MAX_DEPTH + 1, "nesting too deep (more than 64 levels)");
    jmap_doc_free(doc);
    free(flow);

    GString *block = g_string_new(NULL);
    for (size_t i = 0; i < n; i++)
        g_string_append(block, "- ");
    t0 = now();
    doc = load_str(block->str);
    assert_true(now() - t0 < 0.5);
    expect_diag(doc, JMAP_SEV_ERROR, 1, 2 * JMAP_MAX_DEPTH + 1, "nesting too deep");
    jmap_doc_free(doc);
    g_string_free(block, TRUE);

    /* 64 levels are fine (as YAML; the schema then complains) */
    GString *ok = g_string_new("jmap: 1\ntitle: T\nstages: [{name: S}]\nx-deep: ");
    for (int i = 0; i < JMAP_MAX_DEPTH - 1; i++)
        g_string_append_c(ok, '[');
    for (int i = 0; i < JMAP_MAX_DEPTH - 1; i++)
        g_string_append_c(ok, ']');
    g_string_append_c(ok, '\n');
    doc = load_str(ok->str);
    assert_non_null(doc->journey);
    jmap_doc_free(doc);
    g_string_free(ok, TRUE);
}

static void test_alias_bomb(void **state)
{
    (void)state;
    GString *y = g_string_new("jmap: 1\ntitle: T\nstages: [{name: S}]\n"
                              "x-0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (int i = 1; i <= 12; i++) {
        g_string_append_printf(y, "x-%d: &a%d [", i, i);
        for (int k = 0; k < 9; k++)
            g_string_append_printf(y, "%s*a%d", k ? ", " : "", i - 1);
        g_string_append(y, "]\n");
    }
    double t0 = now();
    jmap_doc *doc = load_str(y->str);
    assert_true(now() - t0 < 0.5);
    expect_error_count(doc, 1);
    expect_diag(doc, JMAP_SEV_ERROR, 10, 11, "too many nodes (more than 1000000 after expanding aliases)");
    jmap_doc_free(doc);
    g_string_free(y, TRUE);
}

static void test_limits(void **state)
{
    (void)state;
    GString *y = g_string_new(HEAD "stages:\n  - name: S\n    touchpoints:\n");
    for (unsigned i = 0; i < JMAP_MAX_TOUCHPOINTS + 3; i++)
        g_string_append(y, "      - {name: T}\n");
    jmap_doc *doc = load_str(y->str);
    expect_error_count(doc, 1);
    expect_diag(doc, JMAP_SEV_ERROR, 6 + JMAP_MAX_TOUCHPOINTS, 9, "too many touchpoints (the limit is 5000)");
    jmap_doc_free(doc);
    g_string_free(y, TRUE);

    /* personas and items have their own bounds (docs/limits.md) */
    y = g_string_new(HEAD "personas:\n");
    for (unsigned i = 0; i < 102; i++)
        g_string_append(y, "  - {name: P}\n");
    g_string_append(y, "stages: [{name: S}]\n");
    doc = load_str(y->str);
    expect_error_count(doc, 1);
    expect_diag(doc, JMAP_SEV_ERROR, 104, 5, "too many personas (the limit is 100)");
    jmap_doc_free(doc);
    g_string_free(y, TRUE);

    y = g_string_new(HEAD "stages:\n");
    for (unsigned i = 0; i < 30000; i++)
        g_string_append(y, "  - {name: S, pains: [p]}\n");
    double t0 = now();
    doc = load_str(y->str);
    assert_true(now() - t0 < 1.0);
    expect_error_count(doc, 1);
    expect_diag(doc, JMAP_SEV_ERROR, 25004, 5, "too many items (stages, touchpoints, pains");
    jmap_doc_free(doc);
    g_string_free(y, TRUE);

    y = g_string_new(HEAD "stages: [{name: S}]\nsubtitle: ");
    for (unsigned i = 0; i <= JMAP_MAX_TEXT_BYTES; i++)
        g_string_append_c(y, 'a');
    g_string_append_c(y, '\n');
    doc = load_str(y->str);
    expect_error_count(doc, 1);
    expect_diag(doc, JMAP_SEV_ERROR, 4, 11, "text too long (4001 bytes; the limit is 4000 bytes)");
    jmap_doc_free(doc);
    g_string_free(y, TRUE);
}

/* ----------------------------------------------------------------- images */

/* The signature and header (IHDR, 1 x 1 pixels) of a PNG: what the loader
 * reads of an image. */
static const unsigned char png_sig[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n',
                                        0, 0, 0, 13, 'I', 'H', 'D', 'R', 0, 0, 0, 1, 0, 0, 0, 1,
                                        8, 2, 0, 0, 0, 0x90, 0x77, 0x53, 0xDE};

static void test_images(void **state)
{
    (void)state;
    char *dir = g_dir_make_tmp("jmap-img-XXXXXX", NULL);
    assert_non_null(dir);
    char *sub = g_build_filename(dir, "map", NULL);
    char *outside = g_build_filename(dir, "outside.png", NULL);
    char *good = g_build_filename(sub, "good.png", NULL);
    char *fake = g_build_filename(sub, "fake.png", NULL);
    char *link = g_build_filename(sub, "link.png", NULL);
    char *yaml = g_build_filename(sub, "j.yaml", NULL);
    g_mkdir(sub, 0700);
    assert_true(g_file_set_contents(outside, (const char *)png_sig, sizeof png_sig, NULL));
    assert_true(g_file_set_contents(good, (const char *)png_sig, sizeof png_sig, NULL));
    assert_true(g_file_set_contents(fake, "GIF89a....", 10, NULL));
    assert_int_equal(symlink("../outside.png", link), 0);

    const char *text = "jmap: 1\ntitle: T\n"
                       "theme: {logo: good.png}\n"                     /* 3 */
                       "personas:\n"
                       "  - {name: A, photo: ./good.png}\n"      /* 5 */
                       "  - {name: B, photo: fake.png}\n"              /* 6 */
                       "  - {name: C, photo: link.png}\n"              /* 7 */
                       "  - {name: D, photo: ../outside.png}\n"        /* 8 */
                       "  - {name: E, photo: /etc/passwd}\n"           /* 9 */
                       "  - {name: F, photo: missing.png}\n"           /* 10 */
                       "stages: [{name: S, touchpoints: [{name: T, image: good.png}]}]\n";
    jmap_load_opts o = {0};
    jmap_doc *doc = jmap_load(yaml, text, strlen(text), &o);
    expect_error_count(doc, 5);
    expect_diag(doc, JMAP_SEV_ERROR, 6, 22, "'fake.png' is not a PNG image");
    expect_diag(doc, JMAP_SEV_ERROR, 7, 22, "image path must stay inside the journey's folder ('link.png' leads to");
    expect_diag(doc, JMAP_SEV_ERROR, 8, 22, "image path must stay inside the journey's folder ('../outside.png')");
    expect_diag(doc, JMAP_SEV_ERROR, 9, 22, "image path must stay inside the journey's folder ('/etc/passwd')");
    expect_diag(doc, JMAP_SEV_ERROR, 10, 22, "image not found: 'missing.png'");
    jmap_doc_free(doc);

    /* the good ones resolve against the journey's folder */
    const char *ok = "jmap: 1\ntitle: T\ntheme: {logo: good.png}\n"
                     "stages: [{name: S, touchpoints: [{name: T, image: ./good.png}]}]\n";
    doc = jmap_load(yaml, ok, strlen(ok), &o);
    if (doc->diags.errors)
        dump_diags(doc);
    assert_non_null(doc->journey);
    assert_string_equal(doc->journey->theme.logo.resolved, good);
    assert_string_equal(doc->journey->touchpoints[0]->image.path, "./good.png");
    jmap_doc_free(doc);

    /* opts->base_dir wins over the file name's folder */
    o.base_dir = sub;
    doc = jmap_load("<stdin>", ok, strlen(ok), &o);
    assert_non_null(doc->journey);
    jmap_doc_free(doc);
    o.base_dir = NULL;
    doc = jmap_load("<stdin>", ok, strlen(ok), &o);
    assert_null(doc->journey);
    assert_string_equal(doc->diags.items[0].message, "image not found: 'good.png'");
    jmap_doc_free(doc);

    /* no_image_check still refuses paths that leave the folder */
    expect_error(HEAD "theme: {logo: ../x.png}\nstages: [{name: S}]\n", 3, 15,
                 "image path must stay inside the journey's folder");

    g_unlink(link);
    g_unlink(fake);
    g_unlink(good);
    g_unlink(outside);
    g_rmdir(sub);
    g_rmdir(dir);
    g_free(yaml), g_free(link), g_free(fake), g_free(good), g_free(outside), g_free(sub), g_free(dir);
}

/* ------------------------------------------------------------- theme kit */

static void test_theme_kit(void **state)
{
    (void)state;
    jmap_doc *doc = load_str(HEAD "theme: {font: Inter, primary: '#111111', text: '#222'}\nstages: [{name: S}]\n");
    assert_non_null(doc->journey);
    const char *kit = "# brand\ntheme:\n  primary: '#abcdef'\n  logo: brand/logo.png\nx-note: kept out\n";
    assert_true(jmap_apply_theme_kit(doc, "kits/brand.yaml", kit, strlen(kit)));
    const jmap_theme *t = &doc->journey->theme;
    assert_string_equal(t->font, "Inter");        /* kept */
    assert_int_equal(t->primary.rgb, 0xABCDEF);   /* overridden */
    assert_int_equal(t->text.rgb, 0x222222);      /* kept */
    assert_false(t->negative.set);
    assert_string_equal(t->logo.path, "brand/logo.png");
    assert_string_equal(t->logo.resolved, "kits/brand/logo.png");
    assert_string_equal(t->source_name, "kits/brand.yaml");
    expect_error_count(doc, 0);

    /* errors point into the kit */
    const char *bad = "theme:\n  primary: blue\n  fnt: X\nstages: []\n";
    assert_false(jmap_apply_theme_kit(doc, "bad.yaml", bad, strlen(bad)));
    expect_error_count(doc, 3);
    const jmap_diag *d = find_diag(doc, JMAP_SEV_ERROR, 2, 12, "invalid colour 'blue'");
    assert_non_null(d);
    assert_string_equal(d->span.src->name, "bad.yaml");
    assert_string_equal(d->span.src->text, bad);
    expect_diag(doc, JMAP_SEV_ERROR, 3, 3, "unknown key 'fnt' in theme (did you mean 'font'?)");
    expect_diag(doc, JMAP_SEV_ERROR, 4, 1, "unknown key 'stages' in a theme kit");
    assert_int_equal(t->primary.rgb, 0xABCDEF); /* nothing applied */
    jmap_doc_free(doc);

    doc = load_str(HEAD "stages: [{name: S}]\n");
    assert_false(jmap_apply_theme_kit(doc, "k.yaml", "x-a: 1\n", 7));
    expect_diag(doc, JMAP_SEV_ERROR, 1, 1, "missing required key 'theme' in the theme kit");
    assert_false(jmap_apply_theme_kit(doc, "k2.yaml", "theme: {logo: ../l.png}\n", 24));
    expect_diag(doc, JMAP_SEV_ERROR, 1, 15, "image path must stay inside the theme kit's folder");
    jmap_doc_free(doc);
}

static void test_byte_order_mark(void **state)
{
    (void)state;
    /* a UTF-8 byte-order mark is skipped: the journey is valid */
    jmap_doc *doc = load_str("\xEF\xBB\xBFjmap: 1\ntitle: T\nstages: [{name: S}]\n");
    expect_error_count(doc, 0);
    assert_non_null(doc->journey);
    assert_string_equal(doc->journey->title, "T");
    jmap_doc_free(doc);
    /* lines and columns are those of the text, and the quoted line holds no
     * mark that would push the caret off its column */
    doc = load_str("\xEF\xBB\xBFjmap: 1\ntitle: T\nstages: [{name: S}]\ncolour: x\n");
    expect_error_count(doc, 1);
    expect_diag(doc, JMAP_SEV_ERROR, 4, 1, "unknown key 'colour'");
    jmap_doc_free(doc);
    doc = load_str("\xEF\xBB\xBFtitel: T\njmap: 1\nstages: [{name: S}]\n");
    const jmap_diag *d = find_diag(doc, JMAP_SEV_ERROR, 1, 1, "unknown key 'titel'");
    assert_non_null(d);
    char *text = jmap_diag_format(d, false);
    assert_non_null(strstr(text, " 1 | titel: T\n   | ^\n"));
    free(text);
    jmap_doc_free(doc);
    /* a file holding only the mark is empty */
    doc = load_str("\xEF\xBB\xBF");
    expect_diag(doc, JMAP_SEV_ERROR, 0, 0, "the file is empty");
    jmap_doc_free(doc);
    /* a theme kit too */
    doc = load_str(HEAD "stages: [{name: S}]\n");
    const char *kit = "\xEF\xBB\xBFtheme: {primary: '#abcdef'}\n";
    assert_true(jmap_apply_theme_kit(doc, "kit.yaml", kit, strlen(kit)));
    assert_int_equal(doc->journey->theme.primary.rgb, 0xABCDEF);
    const char *bad = "\xEF\xBB\xBFtheme: {primary: blue}\n";
    assert_false(jmap_apply_theme_kit(doc, "bad.yaml", bad, strlen(bad)));
    expect_diag(doc, JMAP_SEV_ERROR, 1, 18, "invalid colour 'blue'");
    jmap_doc_free(doc);
}

static void test_add_source(void **state)
{
    (void)state;
    jmap_doc *doc = load_str(HEAD "stages: [{name: S}]\n");
    jmap_source *s = jmap_doc_add_source(doc, "survey.csv", "a,b\n1,2", 7);
    assert_string_equal(s->name, "survey.csv");
    assert_string_equal(s->text, "a,b\n1,2");
    assert_int_equal(s->len, 7);
    jmap_doc_free(doc);
    jmap_doc_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rich_journey),
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_empty_values),
        cmocka_unit_test(test_palette_cycles),
        cmocka_unit_test(test_extras),
        cmocka_unit_test(test_aliases_share),
        cmocka_unit_test(test_wrong_types),
        cmocka_unit_test(test_missing_keys),
        cmocka_unit_test(test_unknown_keys),
        cmocka_unit_test(test_out_of_range),
        cmocka_unit_test(test_bad_enums),
        cmocka_unit_test(test_bad_colours),
        cmocka_unit_test(test_duplicate_keys),
        cmocka_unit_test(test_duplicate_ids),
        cmocka_unit_test(test_byte_order_mark),
        cmocka_unit_test(test_unknown_references),
        cmocka_unit_test(test_warnings),
        cmocka_unit_test(test_every_error_in_one_run),
        cmocka_unit_test(test_yaml_errors),
        cmocka_unit_test(test_bad_bytes),
        cmocka_unit_test(test_deep_nesting),
        cmocka_unit_test(test_alias_bomb),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_images),
        cmocka_unit_test(test_theme_kit),
        cmocka_unit_test(test_add_source),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
