/*
 * test_diag.c — diagnostics: the GCC-style text with the source line and a
 * caret (wide characters, tabs, bad bytes, long lines), sorting, the cap and
 * "did you mean".
 */
#include "load_util.h"

#include <glib.h>

static jmap_source src_of(const char *text)
{
    jmap_source s = {"j.yaml", text, strlen(text)};
    return s;
}

static void check_format(const jmap_source *s, jmap_severity sev, int line, int col, const char *msg,
                         const char *want)
{
    jmap_diag d = {sev, {s, line, col}, msg};
    char *got = jmap_diag_format(&d, false);
    if (strcmp(got, want))
        fail_msg("got:\n%s\nwant:\n%s", got, want);
    free(got);
}

static void test_format_basic(void **state)
{
    (void)state;
    jmap_source s = src_of("jmap: 1\nstages:\n  - name: Onbording\n");
    check_format(&s, JMAP_SEV_ERROR, 3, 11, "unknown stage 'onbording' (did you mean 'onboarding'?)",
                 "j.yaml:3:11: error: unknown stage 'onbording' (did you mean 'onboarding'?)\n"
                 " 3 |   - name: Onbording\n"
                 "   |           ^\n");
    check_format(&s, JMAP_SEV_WARNING, 1, 1, "w",
                 "j.yaml:1:1: warning: w\n"
                 " 1 | jmap: 1\n"
                 "   | ^\n");
    check_format(&s, JMAP_SEV_NOTE, 2, 8, "n",
                 "j.yaml:2:8: note: n\n"
                 " 2 | stages:\n"
                 "   |        ^\n");
    /* no line: the file only */
    check_format(&s, JMAP_SEV_ERROR, 0, 0, "the file is empty", "j.yaml: error: the file is empty\n");
    /* no source at all */
    jmap_diag d = {JMAP_SEV_ERROR, {NULL, 0, 0}, "bad option"};
    char *got = jmap_diag_format(&d, false);
    assert_string_equal(got, "error: bad option\n");
    free(got);
    /* a line past the end of the text: no quote */
    check_format(&s, JMAP_SEV_NOTE, 9, 1, "here", "j.yaml:9:1: note: here\n");
}

static void test_format_wide(void **state)
{
    (void)state;
    /* CJK takes two cells: the caret stays under the 'o' of "onbording" */
    jmap_source s = src_of("- name: 発見 onbording\n");
    check_format(&s, JMAP_SEV_ERROR, 1, 12, "x",
                 "j.yaml:1:12: error: x\n"
                 " 1 | - name: 発見 onbording\n"
                 "   |              ^\n");
    /* accents are one cell */
    jmap_source e = src_of("name: Réservation, chanel: web\n");
    check_format(&e, JMAP_SEV_ERROR, 1, 20, "x",
                 "j.yaml:1:20: error: x\n"
                 " 1 | name: Réservation, chanel: web\n"
                 "   |                    ^\n");
    /* a tab is shown as one space, the caret follows */
    jmap_source t = src_of("\tkey: v\n");
    check_format(&t, JMAP_SEV_ERROR, 1, 2, "x",
                 "j.yaml:1:2: error: x\n"
                 " 1 |  key: v\n"
                 "   |  ^\n");
    /* two-digit line numbers widen the gutter; CRLF is not quoted */
    jmap_source n = src_of("a\r\nb\r\nc\r\nd\r\ne\r\nf\r\ng\r\nh\r\ni\r\nbad: x\r\n");
    check_format(&n, JMAP_SEV_ERROR, 10, 6, "x",
                 "j.yaml:10:6: error: x\n"
                 " 10 | bad: x\n"
                 "    |      ^\n");
}

static void test_format_bad_bytes_and_long_lines(void **state)
{
    (void)state;
    jmap_source s = src_of("title: caf\xe9!\n");
    check_format(&s, JMAP_SEV_ERROR, 1, 11, "invalid UTF-8",
                 "j.yaml:1:11: error: invalid UTF-8\n"
                 " 1 | title: caf\\xE9!\n"
                 "   |           ^\n");
    GString *line = g_string_new(NULL);
    for (int i = 0; i < 1000; i++)
        g_string_append_c(line, (char)('a' + i % 26));
    jmap_source l = {"j.yaml", line->str, line->len};
    jmap_diag d = {JMAP_SEV_ERROR, {&l, 1, 500}, "deep"};
    char *got = jmap_diag_format(&d, false);
    /* a window of 160 characters around the column, marked with "..." */
    char **lines = g_strsplit(got, "\n", -1);
    assert_string_equal(lines[0], "j.yaml:1:500: error: deep");
    assert_true(g_str_has_prefix(lines[1], " 1 | ..."));
    assert_true(g_str_has_suffix(lines[1], "..."));
    assert_int_equal(strlen(lines[1]), strlen(" 1 | ") + 3 + 160 + 3);
    const char *caret = strchr(lines[2], '^');
    assert_non_null(caret);
    /* the caret sits under the character of column 500 */
    assert_int_equal(lines[1][caret - lines[2]], line->str[499]);
    g_strfreev(lines);
    free(got);
    g_string_free(line, TRUE);
}

static void test_format_color(void **state)
{
    (void)state;
    jmap_source s = src_of("a: b\n");
    jmap_diag d = {JMAP_SEV_ERROR, {&s, 1, 4}, "m"};
    char *got = jmap_diag_format(&d, true);
    assert_non_null(strstr(got, "\033[1;31merror:\033[0m m\n"));
    assert_non_null(strstr(got, "\033[1mj.yaml:1:4:\033[0m"));
    free(got);
}

static void check_quote(const char *in, const char *want)
{
    char *got = jmap_quote(in);
    if (strcmp(got, want))
        fail_msg("jmap_quote: got '%s', want '%s'", got, want);
    char buf[JMAP_QUOTE_SIZE];
    assert_string_equal(jmap_quote_into(buf, in), want);
    free(got);
}

static void test_quote_escapes(void **state)
{
    (void)state;
    check_quote("claire", "claire");
    check_quote("", "");
    /* accents, CJK, emoji and backslashes are kept as they are */
    check_quote("Élodie 発見 😡 C:\\x", "Élodie 発見 😡 C:\\x");
    /* an escape sequence that would clear the screen and retitle the window */
    check_quote("\033[2J\033]0;owned\a", "\\e[2J\\e]0;owned\\u{7}");
    /* a line break that would forge a CI annotation */
    check_quote("x\n::error file=a.yaml::forged", "x\\n::error file=a.yaml::forged");
    check_quote("a\tb\rc", "a\\tb\\rc");
    /* DEL, C1 controls (CSI U+009B), bidirectional overrides and isolates,
     * line and paragraph separators */
    check_quote("\x7f\xc2\x9b\xe2\x80\xae\xe2\x81\xa6\xe2\x80\x8f\xe2\x80\xa8\xe2\x80\xa9\xd8\x9c",
                "\\u{7F}\\u{9B}\\u{202E}\\u{2066}\\u{200F}\\u{2028}\\u{2029}\\u{61C}");
    /* bytes that are not UTF-8 (a command-line value may hold them) */
    check_quote("caf\xe9 \xe2\x80", "caf\\xE9 \\xE2\\x80");
    check_quote(NULL, "");
}

static void test_quote_cuts(void **state)
{
    (void)state;
    /* 80 characters are kept whole; 81 are cut to 80 and "…" */
    GString *s = g_string_new(NULL);
    for (int i = 0; i < 80; i++)
        g_string_append_c(s, 'a' + i % 26);
    char *q = jmap_quote(s->str);
    assert_string_equal(q, s->str);
    free(q);
    g_string_append_c(s, 'Z');
    q = jmap_quote(s->str);
    assert_int_equal(g_utf8_strlen(q, -1), 81);
    assert_true(g_str_has_suffix(q, "…"));
    assert_int_equal(strncmp(q, s->str, 80), 0);
    free(q);
    /* characters, not bytes: 100 'é' (200 bytes) keep 80 'é', never half of one */
    g_string_truncate(s, 0);
    for (int i = 0; i < 100; i++)
        g_string_append(s, "é");
    q = jmap_quote(s->str);
    assert_true(g_utf8_validate(q, -1, NULL));
    assert_int_equal(g_utf8_strlen(q, -1), 81);
    assert_int_equal(strlen(q), 80 * 2 + 3);
    free(q);
    /* a 7 MB value costs no more than its first 80 characters */
    g_string_truncate(s, 0);
    for (int i = 0; i < 7 * 1024 * 1024; i++)
        g_string_append_c(s, 'x');
    q = jmap_quote(s->str);
    assert_int_equal(strlen(q), 80 + 3);
    free(q);
    /* the worst case fills the buffer exactly: 81 escaped bidi overrides */
    g_string_truncate(s, 0);
    for (int i = 0; i < 81; i++)
        g_string_append(s, "\xe2\x80\xae");
    char buf[JMAP_QUOTE_SIZE];
    jmap_quote_into(buf, s->str);
    assert_int_equal(strlen(buf), 80 * strlen("\\u{202E}") + 3);
    assert_true(strlen(buf) < JMAP_QUOTE_SIZE);
    g_string_free(s, TRUE);
    /* escaping alone never cuts */
    char *long_name = g_strnfill(300, 'n');
    char *e = jmap_escape_text(long_name);
    assert_string_equal(e, long_name);
    free(e);
    g_free(long_name);
}

static void test_diag_messages_escaped(void **state)
{
    (void)state;
    jmap_arena *a = jmap_arena_new();
    jmap_diags d;
    jmap_diags_init(&d, a);
    /* a value passed raw is still escaped when the diagnostic is stored */
    jmap_diag_add(&d, JMAP_SEV_ERROR, (jmap_span){NULL, 0, 0}, "unknown channel '%s'",
                  "\033[2J\n::error::x");
    assert_string_equal(d.items[0].message, "unknown channel '\\e[2J\\n::error::x'");
    /* a file name with a line break and an escape: escaped in the prefix */
    jmap_source src = {"evil\n::error file=x::\033[31m.yaml", "a: 1\n", 5};
    jmap_diag x = {JMAP_SEV_ERROR, {&src, 1, 1}, "m"};
    char *got = jmap_diag_format(&x, false);
    assert_string_equal(got, "evil\\n::error file=x::\\e[31m.yaml:1:1: error: m\n"
                             " 1 | a: 1\n"
                             "   | ^\n");
    free(got);
    /* a message made by hand, not through jmap_diag_add, is escaped too */
    jmap_diag y = {JMAP_SEV_ERROR, {NULL, 0, 0}, "a\nb"};
    got = jmap_diag_format(&y, false);
    assert_string_equal(got, "error: a\\nb\n");
    free(got);
    /* bidirectional controls in the quoted line become U+FFFD, one cell
     * each, so the caret stays under its column */
    jmap_source b = {"j.yaml", "id: \xe2\x80\xae" "abc, x: 1\n", 16};
    jmap_diag z = {JMAP_SEV_ERROR, {&b, 1, 11}, "m"};
    got = jmap_diag_format(&z, false);
    assert_string_equal(got, "j.yaml:1:11: error: m\n"
                             " 1 | id: \xef\xbf\xbd" "abc, x: 1\n"
                             "   |           ^\n");
    free(got);
    jmap_diags_free(&d);
    jmap_arena_free(a);
}

static void test_sort_and_cap(void **state)
{
    (void)state;
    jmap_arena *a = jmap_arena_new();
    jmap_diags d;
    jmap_diags_init(&d, a);
    jmap_source s1 = src_of("x\n"), s2 = {"k.yaml", "y\n", 2};
    jmap_diag_add(&d, JMAP_SEV_ERROR, (jmap_span){&s1, 5, 2}, "c");
    jmap_diag_add(&d, JMAP_SEV_ERROR, (jmap_span){&s2, 1, 1}, "e");
    jmap_diag_add(&d, JMAP_SEV_ERROR, (jmap_span){&s1, 2, 9}, "a");
    jmap_diag_add(&d, JMAP_SEV_NOTE, (jmap_span){&s1, 5, 2}, "d");
    jmap_diag_add(&d, JMAP_SEV_WARNING, (jmap_span){&s1, 5, 1}, "b");
    jmap_diags_sort(&d);
    const char *order = "abcde";
    for (size_t i = 0; i < d.count; i++)
        assert_int_equal(d.items[i].message[0], order[i]);
    assert_int_equal(d.errors, 3);
    assert_int_equal(d.warnings, 1);
    jmap_diags_free(&d);

    jmap_diags_init(&d, a);
    d.max_errors = 2;
    for (int i = 0; i < 5; i++)
        jmap_diag_add(&d, JMAP_SEV_ERROR, (jmap_span){&s1, i + 1, 1}, "e%d", i);
    assert_int_equal(d.errors, 5);
    assert_int_equal(d.count, 2);
    assert_true(d.truncated);
    jmap_diags_free(&d);
    jmap_arena_free(a);
}

static void test_suggest(void **state)
{
    (void)state;
    static const char *const keys[] = {"name", "channel", "touchpoints", "emotion", "personas"};
    assert_string_equal(jmap_suggest("nmae", keys, 5), "name");
    assert_string_equal(jmap_suggest("chanel", keys, 5), "channel");
    assert_string_equal(jmap_suggest("touchpoint", keys, 5), "touchpoints");
    assert_string_equal(jmap_suggest("Emotion", keys, 5), "emotion");
    assert_null(jmap_suggest("zzz", keys, 5));
    assert_null(jmap_suggest("", keys, 5));
}

/* The loader's diagnostics print with the journey's own line. */
static void test_loader_diag_text(void **state)
{
    (void)state;
    jmap_doc *doc = load_str("jmap: 1\ntitle: 旅\nstages:\n  - name: 発見\n    phse: before\n");
    assert_int_equal(doc->diags.count, 1);
    char *got = jmap_diag_format(&doc->diags.items[0], false);
    assert_string_equal(got, "t.yaml:5:5: error: unknown key 'phse' in stage (did you mean 'phase'?)\n"
                             " 5 |     phse: before\n"
                             "   |     ^\n");
    free(got);
    jmap_doc_free(doc);

    doc = load_str("jmap: 1\ntitle: T\nstages:\n  - {name: 発見, phase: durng}\n");
    got = jmap_diag_format(&doc->diags.items[0], false);
    assert_string_equal(got, "t.yaml:4:23: error: invalid phase 'durng' (did you mean 'during'?)\n"
                             " 4 |   - {name: 発見, phase: durng}\n"
                             "   |                         ^\n");
    free(got);
    jmap_doc_free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_format_basic),
        cmocka_unit_test(test_format_wide),
        cmocka_unit_test(test_format_bad_bytes_and_long_lines),
        cmocka_unit_test(test_format_color),
        cmocka_unit_test(test_quote_escapes),
        cmocka_unit_test(test_quote_cuts),
        cmocka_unit_test(test_diag_messages_escaped),
        cmocka_unit_test(test_sort_and_cap),
        cmocka_unit_test(test_suggest),
        cmocka_unit_test(test_loader_diag_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
