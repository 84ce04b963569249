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

/* A persona list with one persona of id `id` (written as YAML) and a persona
 * `x`: no error when `valid`, else one error at 3:17 naming `why` and
 * suggesting `suggestion`. */
static void check_persona_id(const char *id, bool valid, const char *why, const char *suggestion)
{
    char *yaml = g_strdup_printf("jmap: 1\ntitle: T\npersonas: [{id: %s, name: A}, {id: x, name: X}]\n"
                                 "stages: [{name: S, touchpoints: [{name: T}]}]\n",
                                 id);
    jmap_doc *doc = load_str(yaml);
    if (valid) {
        expect_error_count(doc, 0);
    } else {
        expect_error_count(doc, 1);
        expect_diag(doc, JMAP_SEV_ERROR, 3, 17, "invalid persona id '");
        expect_diag(doc, JMAP_SEV_ERROR, 3, 17, why);
        char *want = g_strdup_printf("write '%s' instead", suggestion);
        expect_diag(doc, JMAP_SEV_ERROR, 3, 17, want);
        g_free(want);
        assert_null(doc->journey);
    }
    jmap_doc_free(doc);
    g_free(yaml);
}

static void test_id_characters(void **state)
{
    (void)state;
    /* letters of any script, with their marks; digits; '-', '_', inner '.' */
    check_persona_id("claire", true, NULL, NULL);
    check_persona_id("Claire_Martin-2", true, NULL, NULL);
    check_persona_id("élodie", true, NULL, NULL);
    check_persona_id("発見", true, NULL, NULL);
    check_persona_id("σοφία", true, NULL, NULL);
    check_persona_id("हिन्दी", true, NULL, NULL); /* Devanagari: vowel signs and virama are marks */
    check_persona_id("e\u0301lodie", true, NULL, NULL); /* a decomposed accent */
    check_persona_id("v1.2", true, NULL, NULL);
    check_persona_id("a.b.c", true, NULL, NULL);
    check_persona_id("-x", true, NULL, NULL);
    check_persona_id("42", true, NULL, NULL);

    /* paths: a persona id names files through {persona} */
    check_persona_id("../../x", false, "it starts with '.'", "x-2");
    check_persona_id("/abs/path", false, "'/' is not allowed", "abs-path");
    check_persona_id("'a\\\\b'", false, "'\\' is not allowed", "a-b");
    check_persona_id("a..b", false, "'..' is not allowed", "a-b");
    check_persona_id("a.", false, "it ends with '.'", "a");
    check_persona_id(".hidden", false, "it starts with '.'", "hidden");
    /* shell, spaces, line breaks, quotes, brackets */
    check_persona_id("\"$(whoami)\"", false, "'$' is not allowed", "whoami");
    check_persona_id("a b", false, "a space is not allowed", "a-b");
    check_persona_id("\"a\\nb\"", false, "'\\n' is not allowed", "a-b");
    check_persona_id("\"l'acheteuse\"", false, "an apostrophe is not allowed", "l-acheteuse");
    check_persona_id("\"a(b)\"", false, "'(' is not allowed", "a-b");
    check_persona_id("\"a\\u202Eb\"", false, "'\\u{202E}' is not allowed", "a-b");
    check_persona_id("\"\\e[2J\"", false, "'\\e' is not allowed", "2J");
    /* a mark cannot start an id */
    check_persona_id("\"\u0301x\"", false, "is not allowed", "x-2");
    /* nothing left to keep: the kind and the position */
    check_persona_id("\"'()'\"", false, "an apostrophe is not allowed", "persona-1");
}

static void test_id_rule_everywhere(void **state)
{
    (void)state;
    /* every kind of explicit id follows the rule, each error at its id */
    jmap_doc *doc = load_str("jmap: 1\ntitle: T\n"
                             "channels: [{id: a/b}]\n"
                             "stages:\n"
                             "  - id: s 1\n"
                             "    name: S\n"
                             "    touchpoints:\n"
                             "      - {id: t:1, name: T, pains: [{id: p;1, text: P}],"
                             " opportunities: [{id: o|1, text: O}]}\n");
    expect_error_count(doc, 5);
    expect_diag(doc, JMAP_SEV_ERROR, 3, 17, "invalid channel id 'a/b': '/' is not allowed");
    expect_diag(doc, JMAP_SEV_ERROR, 5, 9, "invalid stage id 's 1': a space is not allowed");
    expect_diag(doc, JMAP_SEV_ERROR, 8, 14, "invalid touchpoint id 't:1'");
    expect_diag(doc, JMAP_SEV_ERROR, 8, 41, "invalid pain id 'p;1'");
    expect_diag(doc, JMAP_SEV_ERROR, 8, 78, "invalid opportunity id 'o|1'");
    jmap_doc_free(doc);

    /* the suggestion is not an id already taken, written or derived */
    doc = load_str("jmap: 1\ntitle: T\n"
                   "stages: [{id: a b, name: S}, {id: a-b, name: T}, {name: A B 2}]\n");
    expect_error_count(doc, 1);
    expect_diag(doc, JMAP_SEV_ERROR, 3, 15, "write 'a-b-3' instead");
    jmap_doc_free(doc);

    /* references to a refused id do not pile up errors of their own */
    doc = load_str("jmap: 1\ntitle: T\npersonas: [{id: a b, name: A}]\n"
                   "stages: [{name: S, touchpoints: [{name: T, personas: [a b], emotion: {a b: 3}}]}]\n");
    expect_error_count(doc, 1);
    jmap_doc_free(doc);

    /* derived ids always fit the rule, whatever the name */
    doc = load_str("jmap: 1\ntitle: T\npersonas: [{name: \"../../$(x) 'é'\\n\"}]\n"
                   "stages: [{name: \"/etc/passwd\"}]\n");
    expect_error_count(doc, 0);
    assert_string_equal(doc->journey->personas[0]->id, "x-e");
    assert_string_equal(doc->journey->stages[0]->id, "etc-passwd");
    jmap_doc_free(doc);
}

static void test_alias_duplicates(void **state)
{
    (void)state;
    /* an alias repeating a persona repeats its id: an error at the alias */
    jmap_doc *doc = load_str("jmap: 1\ntitle: T\n"
                             "personas: [&p {id: a, name: A}, *p]\n"
                             "stages: [{name: S}]\n");
    expect_error_count(doc, 1);
    expect_diag(doc, JMAP_SEV_ERROR, 3, 33,
                "duplicate persona id 'a': the alias '*p' repeats this persona, id included");
    expect_diag(doc, JMAP_SEV_NOTE, 3, 20, "'a' first used here");
    assert_null(doc->journey);
    jmap_doc_free(doc);

    /* stages, touchpoints, pains, opportunities and channels alike */
    doc = load_str("jmap: 1\ntitle: T\n"
                   "channels: [&c {id: box}, *c]\n"
                   "stages:\n"
                   "  - &s {id: s, name: S}\n"
                   "  - *s\n"
                   "  - name: U\n"
                   "    touchpoints: [&t {id: t, name: T}, *t]\n"
                   "    pains: [&p {id: p, text: P}, *p]\n"
                   "    opportunities: [&o {id: o, text: O}, *o]\n");
    expect_error_count(doc, 5);
    expect_diag(doc, JMAP_SEV_ERROR, 3, 26, "duplicate channel id 'box': the alias '*c'");
    expect_diag(doc, JMAP_SEV_ERROR, 6, 5, "duplicate stage id 's': the alias '*s'");
    expect_diag(doc, JMAP_SEV_ERROR, 8, 40, "duplicate touchpoint id 't': the alias '*t'");
    expect_diag(doc, JMAP_SEV_ERROR, 9, 34, "duplicate pain id 'p': the alias '*p'");
    expect_diag(doc, JMAP_SEV_ERROR, 10, 42, "duplicate opportunity id 'o': the alias '*o'");
    jmap_doc_free(doc);

    /* a repeated stage repeats the ids inside it: the error points at the
     * stage's alias */
    doc = load_str("jmap: 1\ntitle: T\n"
                   "stages:\n"
                   "  - &s\n"
                   "    name: S\n"
                   "    touchpoints: [{id: t, name: T, pains: [{id: p, text: P}]}]\n"
                   "  - *s\n");
    expect_error_count(doc, 2);
    expect_diag(doc, JMAP_SEV_ERROR, 7, 5,
                "duplicate touchpoint id 't': the alias '*s' repeats the stage holding this "
                "touchpoint");
    expect_diag(doc, JMAP_SEV_ERROR, 7, 5, "duplicate pain id 'p': the alias '*s' repeats the stage");
    expect_diag(doc, JMAP_SEV_NOTE, 6, 24, "'t' first used here");
    jmap_doc_free(doc);

    /* a repeated list of touchpoints has no place of its own: at the id */
    doc = load_str("jmap: 1\ntitle: T\n"
                   "stages:\n"
                   "  - {name: A, touchpoints: &l [{id: t, name: T}]}\n"
                   "  - {name: B, touchpoints: *l}\n");
    expect_error_count(doc, 1);
    expect_diag(doc, JMAP_SEV_ERROR, 4, 37,
                "duplicate touchpoint id 't': this touchpoint is repeated through an alias");
    jmap_doc_free(doc);

    /* an anchored persona used once, and aliases elsewhere, are fine */
    doc = load_str("jmap: 1\ntitle: T\npersonas: [&p {id: a, name: A}]\n"
                   "x-copy: *p\nstages: [{name: S}]\n");
    expect_error_count(doc, 0);
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
        cmocka_unit_test(test_id_characters),
        cmocka_unit_test(test_id_rule_everywhere),
        cmocka_unit_test(test_alias_duplicates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
