/*
 * test_ids.c — ids as the format says: slugs with accents folded, the
 * kind-and-position fallback, numeric suffixes for derived collisions, and
 * errors for explicit duplicates.
 */
#include "load_util.h"

#include <glib.h>

static void check_slug(const char *name, const char *want)
{
    jmap_arena *a = jmap_arena_new();
    const char *got = jmap_slug(a, name);
    if (strcmp(got, want))
        fail_msg("slug of '%s': got '%s', want '%s'", name, got, want);
    jmap_arena_free(a);
}

static void test_slugs(void **state)
{
    (void)state;
    check_slug("Prise de conscience", "prise-de-conscience");
    check_slug("Étape 2", "etape-2");
    check_slug("Œuvre", "oeuvre");
    check_slug("Straße", "strasse");
    check_slug("Ærø", "aero");
    check_slug("Łódź", "lodz");
    check_slug("Điện", "dien");
    check_slug("Þór Íðunn", "thor-idunn");
    check_slug("  --Hello,   World!--  ", "hello-world");
    check_slug("Achat d'un billet d'avion", "achat-d-un-billet-d-avion");
    check_slug("Ça coûte 3 € (TTC)", "ca-coute-3-ttc");
    check_slug("naïve café crème brûlée", "naive-cafe-creme-brulee");
    check_slug("ÀÉÎÕÜ", "aeiou");
    check_slug("発見", "");
    check_slug("🎉", "");
    check_slug("---", "");
    check_slug("", "");
    check_slug("発見 2", "2");
    check_slug("CamelCase42", "camelcase42");
    /* decomposed input (e + combining acute) folds the same */
    check_slug("Cafe\xcc\x81 noir", "cafe-noir");
    /* not UTF-8: ASCII letters only, no crash */
    check_slug("caf\xe9 bar", "caf-bar");
    jmap_arena *a = jmap_arena_new();
    assert_string_equal(jmap_slug(a, NULL), "");
    jmap_arena_free(a);
}

static void test_derived_ids(void **state)
{
    (void)state;
    jmap_doc *doc = load_str("jmap: 1\ntitle: T\n"
                             "personas: [{name: 発見}, {name: Ana}, {name: Ana}]\n"
                             "stages:\n"
                             "  - name: Découverte\n"
                             "    touchpoints:\n"
                             "      - {name: Site}\n"
                             "      - {name: Site}\n"
                             "      - {name: 発見}\n"
                             "  - name: Découverte\n"
                             "    touchpoints:\n"
                             "      - {name: ✈}\n"
                             "      - {name: site-2}\n"
                             "  - {name: 発見}\n");
    const jmap_journey *j = doc->journey;
    if (!j)
        dump_diags(doc);
    assert_non_null(j);
    assert_string_equal(j->personas[0]->id, "persona-1");
    assert_string_equal(j->personas[1]->id, "ana");
    assert_string_equal(j->personas[2]->id, "ana-2");
    assert_string_equal(j->stages[0]->id, "decouverte");
    assert_string_equal(j->stages[1]->id, "decouverte-2");
    assert_string_equal(j->stages[2]->id, "stage-3");
    assert_true(j->stages[2]->id_derived);
    assert_string_equal(j->touchpoints[0]->id, "site");
    assert_string_equal(j->touchpoints[1]->id, "site-2");
    assert_string_equal(j->touchpoints[2]->id, "touchpoint-3");
    /* the position counts across the whole journey */
    assert_string_equal(j->touchpoints[3]->id, "touchpoint-4");
    /* "site-2" was taken by a derived id: the derived one gets a suffix */
    assert_string_equal(j->touchpoints[4]->id, "site-2-2");
    jmap_doc_free(doc);
}

static void test_explicit_ids_win(void **state)
{
    (void)state;
    /* an explicit id later in the file keeps its id; the derived one moves */
    jmap_doc *doc = load_str("jmap: 1\ntitle: T\n"
                             "stages:\n"
                             "  - {name: Achat}\n"
                             "  - {name: Autre, id: achat}\n"
                             "  - {name: stage-4}\n"
                             "  - {name: ★}\n");
    const jmap_journey *j = doc->journey;
    assert_non_null(j);
    assert_string_equal(j->stages[0]->id, "achat-2");
    assert_true(j->stages[0]->id_derived);
    assert_string_equal(j->stages[1]->id, "achat");
    assert_false(j->stages[1]->id_derived);
    assert_string_equal(j->stages[2]->id, "stage-4");
    assert_string_equal(j->stages[3]->id, "stage-4-2");
    jmap_doc_free(doc);
}

static void test_explicit_duplicates(void **state)
{
    (void)state;
    jmap_doc *doc = load_str("jmap: 1\ntitle: T\n"
                             "stages:\n"
                             "  - id: same\n"
                             "    name: A\n"
                             "  - id: same\n"
                             "    name: B\n"
                             "  - {name: Same}\n");
    expect_error_count(doc, 1);
    expect_diag(doc, JMAP_SEV_ERROR, 6, 9, "duplicate stage id 'same'");
    expect_diag(doc, JMAP_SEV_NOTE, 4, 9, "'same' first used here");
    assert_null(doc->journey);
    jmap_doc_free(doc);

    /* namespaces are separate: a stage and a touchpoint may share an id */
    doc = load_str("jmap: 1\ntitle: T\nstages: [{id: x, name: X, touchpoints: [{id: x, name: X}],"
                   " pains: [{id: x, text: X}], opportunities: [{id: x, text: X}]}]\n"
                   "personas: [{id: x, name: X}]\nchannels: [{id: x}]\n");
    expect_error_count(doc, 0);
    jmap_doc_free(doc);

    /* an empty explicit id */
    expect_error("jmap: 1\ntitle: T\nstages: [{id: '', name: X}]\n", 3, 15, "'id' must not be empty");
}

static void test_pain_ids(void **state)
{
    (void)state;
    jmap_doc *doc = load_str(
        "jmap: 1\ntitle: T\n"
        "stages:\n"
        "  - name: S\n"
        "    touchpoints:\n"
        "      - name: A\n"
        "        pains:\n"
        "          - Les frais de réservation apparaissent seulement au dernier moment\n"
        "          - Supercalifragilisticexpialidocious-and-then-some-more-letters\n"
        "          - Pneumonoultramicroscopicsilicovolcanoconiosis et cetera\n"
        "          - 😡\n"
        "          - Les frais de réservation apparaissent seulement au dernier moment\n"
        "        opportunities: [Afficher le prix tout compris dès la première page de résultats]\n"
        "    pains: [Attente]\n");
    const jmap_journey *j = doc->journey;
    if (!j)
        dump_diags(doc);
    assert_non_null(j);
    /* cut at 40 characters, on a '-' */
    assert_string_equal(j->pains[0]->id, "les-frais-de-reservation-apparaissent");
    assert_true(strlen(j->pains[0]->id) <= 40);
    assert_string_equal(j->pains[1]->id, "supercalifragilisticexpialidocious-and");
    /* a first word longer than 40: cut hard */
    assert_string_equal(j->pains[2]->id, "pneumonoultramicroscopicsilicovolcanocon");
    assert_string_equal(j->pains[3]->id, "pain-4");
    assert_string_equal(j->pains[4]->id, "les-frais-de-reservation-apparaissent-2");
    assert_string_equal(j->pains[5]->id, "attente");
    assert_string_equal(j->opportunities[0]->id, "afficher-le-prix-tout-compris-des-la");
    jmap_doc_free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_slugs),
        cmocka_unit_test(test_derived_ids),
        cmocka_unit_test(test_explicit_ids_win),
        cmocka_unit_test(test_explicit_duplicates),
        cmocka_unit_test(test_pain_ids),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
