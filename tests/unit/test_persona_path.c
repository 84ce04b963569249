/*
 * test_persona_path.c — `{persona}` in `jmap build --each-persona -o`
 * replaced by a persona id (src/cli/persona_path.c): an id from a hostile
 * journey must never put a file outside the folder -o names.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "../../src/cli/persona_path.c"

/* The path for id, or NULL; *why gets the reason. */
static char *expand(const char *pattern, const char *id, const char **why)
{
    *why = "unset";
    return cli_persona_path(pattern, id, why);
}

static void plain_ids_give_a_file_of_the_folder(void **state)
{
    (void)state;
    const char *why;
    char *p = expand("out/map-{persona}.svg", "sofia-reyes", &why);
    assert_string_equal(p, "out/map-sofia-reyes.svg");
    assert_null(why);
    g_free(p);
    p = expand("{persona}.png", "thomas", &why);
    assert_string_equal(p, "thomas.png");
    g_free(p);
    p = expand("/abs/dir/{persona}-{persona}.pdf", "a", &why);
    assert_string_equal(p, "/abs/dir/a-a.pdf");
    g_free(p);
    /* dots inside an id, UTF-8 letters, a leading dot: still one file */
    p = expand("out/{persona}", ".hidden", &why);
    assert_string_equal(p, "out/.hidden");
    g_free(p);
    p = expand("out/{persona}.svg", "élodie..v2", &why);
    assert_string_equal(p, "out/élodie..v2.svg");
    g_free(p);
}

static void hostile_ids_are_refused(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "../../x", "/abs/path", "a/b", "..", ".", "", "sub/", "/",
        "x\ny", "tab\there", "bell\a", "esc\033[31m", "del\177",
    };
    static const char *const patterns[] = {
        "out/{persona}.svg", "{persona}", "out/.{persona}", "out/{persona}{persona}",
        "/tmp/maps/map-{persona}.png",
    };
    for (size_t k = 0; k < sizeof patterns / sizeof *patterns; k++)
        for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
            const char *why;
            char *p = expand(patterns[k], bad[i], &why);
            if (p)
                fail_msg("'%s' in '%s' gave '%s'", bad[i], patterns[k], p);
            assert_non_null(why);
            assert_non_null(cli_persona_id_unfit(bad[i]));
        }
    assert_null(cli_persona_id_unfit("sofia-reyes"));
}

static void the_reason_is_named(void **state)
{
    (void)state;
    const char *why;
    assert_null(expand("out/{persona}.svg", "../x", &why));
    assert_string_equal(why, "it contains '/'");
    assert_null(expand("out/{persona}.svg", "..", &why));
    assert_string_equal(why, "it is '.' or '..'");
    assert_null(expand("out/{persona}.svg", "", &why));
    assert_string_equal(why, "it is empty");
    assert_null(expand("out/{persona}.svg", "a\rb", &why));
    assert_string_equal(why, "it contains a control character");
    char *e = cli_escape_controls("a\rb\033c");
    assert_string_equal(e, "a\\x0Db\\x1Bc");
    g_free(e);
}

static void the_placeholder_belongs_in_the_file_name(void **state)
{
    (void)state;
    const char *why;
    assert_non_null(cli_persona_pattern_unfit("{persona}/map.svg"));
    assert_non_null(cli_persona_pattern_unfit("out/{persona}/map.svg"));
    assert_non_null(cli_persona_pattern_unfit("out/{persona}/{persona}.svg"));
    assert_null(cli_persona_pattern_unfit("out/x/{persona}.svg"));
    assert_null(cli_persona_pattern_unfit("{persona}.svg"));
    /* even a harmless id cannot pick the folder */
    assert_null(expand("out/{persona}/map.svg", "a", &why));
    assert_string_equal(why, "{persona} must be in the file name, not in a folder");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(plain_ids_give_a_file_of_the_folder),
        cmocka_unit_test(hostile_ids_are_refused),
        cmocka_unit_test(the_reason_is_named),
        cmocka_unit_test(the_placeholder_belongs_in_the_file_name),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
