/*
 * test_html.c — the HTML page: the escaper (markup, quotes, characters a
 * document may not hold, bytes that are not UTF-8); the page of a hostile
 * journey holds exactly one script, the one its Content-Security-Policy
 * allows by hash, and no markup of the journey's; each touchpoint's details
 * carry the ids the SVG's items carry; the same journey gives the same
 * bytes.
 */
#include "load_util.h"

#include "html_text.h"
#include "render.h"

static char *esc(const char *s, size_t n)
{
    GString *g = g_string_new(NULL);
    jmap_html_text_len(g, s, n);
    return g_string_free(g, FALSE);
}

static void test_escape(void **state)
{
    (void)state;
    char *e = esc("<a href=\"x\">&'</a>", 18);
    assert_string_equal(e, "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;");
    g_free(e);
    /* controls but tab, newline and carriage return; DEL and C1; noncharacters */
    static const char ctl[] = "a\x01" "b\tc\nd\re\x7F" "f\xC2\x85g\xEF\xBF\xBEh\xEF\xB7\x90i";
    e = esc(ctl, sizeof ctl - 1);
    assert_string_equal(e, "a\xEF\xBF\xBD" "b\tc\nd\re\xEF\xBF\xBD" "f\xEF\xBF\xBDg\xEF\xBF\xBDh\xEF\xBF\xBDi");
    g_free(e);
    /* bytes that are not UTF-8, a truncated sequence at the end */
    static const char bad[] = "x\xFFy\xC3";
    e = esc(bad, sizeof bad - 1);
    assert_string_equal(e, "x\xEF\xBF\xBDy\xEF\xBF\xBD");
    g_free(e);
    /* what reads as text stays: accents, right-to-left, bidi marks, emoji */
    static const char ok[] = "\xC3\xA9t\xC3\xA9 \xD7\xA9\xD7\x9C \xE2\x80\x8F \xF0\x9F\x98\x80";
    e = esc(ok, sizeof ok - 1);
    assert_string_equal(e, ok);
    g_free(e);
    GString *g = g_string_new(NULL);
    jmap_html_text(g, NULL);
    assert_int_equal(g->len, 0);
    g_string_free(g, TRUE);
}

static const char HOSTILE[] =
    "jmap: 1\n"
    "title: \"</title><script>document.title='pwned'</script>\"\n"
    "personas:\n"
    "  - {id: ann, name: \"Ann <b>\"}\n"
    "  - {id: bob, name: Bob}\n"
    "stages:\n"
    "  - id: s1\n"
    "    name: \"</script><script>alert(1)</script>\"\n"
    "    kpis: [{name: \"<i>k</i>\", value: 1, target: 2}]\n"
    "    touchpoints:\n"
    "      - id: t1\n"
    "        name: \"<img src=x onerror=alert(1)>\"\n"
    "        doing: \"a & b ]]> \\x01\"\n"
    "        url: \"https://e.com/?a=\\\"><script>\"\n"
    "        emotion: {ann: 2, bob: 4}\n"
    "        pains: [{text: \"<iframe>\", evidence: \"</article>\", severity: high}]\n"
    "      - id: t2\n"
    "        name: Two\n"
    "        personas: [bob]\n"
    "        emotion: {bob: 3}\n";

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = hay; (p = strstr(p, needle)) != NULL; p++)
        n++;
    return n;
}

static char *page(jmap_doc *d)
{
    jmap_render_opts ro = {0};
    ro.format = JMAP_OUT_HTML;
    ro.input_name = "<j>.yaml";
    jmap_diags diags;
    jmap_arena *arena = jmap_arena_new();
    jmap_diags_init(&diags, arena);
    GByteArray *out = g_byte_array_new();
    bool ok = jmap_render_map(d->journey, &ro, out, &diags);
    jmap_diags_free(&diags);
    jmap_arena_free(arena);
    assert_true(ok);
    g_byte_array_append(out, (const guint8 *)"", 1);
    return (char *)g_byte_array_free(out, FALSE);
}

static void test_hostile_page(void **state)
{
    (void)state;
    jmap_doc *d = load_str(HOSTILE);
    if (!d->journey)
        dump_diags(d);
    assert_non_null(d->journey);
    char *h = page(d);
    assert_true(g_str_has_prefix(h, "<!DOCTYPE html>\n<html lang=\"en\" class=\"no-js\">"));
    /* one script, at the end, allowed by its hash */
    assert_int_equal(count(h, "<script"), 1);
    assert_int_equal(count(h, "</script"), 1);
    const char *open = strstr(h, "<script>") + 8, *close = strstr(h, "</script>");
    GChecksum *ck = g_checksum_new(G_CHECKSUM_SHA256);
    g_checksum_update(ck, (const guchar *)open, close - open);
    guint8 dig[32];
    gsize len = sizeof dig;
    g_checksum_get_digest(ck, dig, &len);
    g_checksum_free(ck);
    char *b64 = g_base64_encode(dig, len);
    char *want = g_strdup_printf("script-src 'sha256-%s'", b64);
    assert_non_null(strstr(h, want));
    assert_non_null(strstr(h, "default-src 'none'"));
    g_free(want);
    g_free(b64);
    /* nothing of the journey's as markup */
    assert_null(strstr(h, "<img"));
    assert_null(strstr(h, "<iframe"));
    assert_null(strstr(h, "<b>"));
    assert_null(strstr(h, "<i>k"));
    assert_null(strstr(h, "\x01"));
    assert_non_null(strstr(h, "<title>&lt;/title&gt;&lt;script&gt;document.title=&#39;pwned&#39;"));
    /* details: the SVG's ids, who meets the touchpoint */
    assert_non_null(strstr(h, "<article class=\"jm-tp\" id=\"jm-tp-0\" data-tp=\"t1\" "
                              "data-stage=\"s1\" data-meets=\"ann bob\""));
    assert_non_null(strstr(h, "data-tp=\"t2\" data-stage=\"s1\" data-meets=\"bob\""));
    assert_non_null(strstr(h, "data-role=\"tp-card\""));
    assert_non_null(strstr(h, "<button type=\"button\" class=\"jm-persona\" data-persona=\"ann\""));
    assert_non_null(strstr(h, "class=\"jm-lane\" data-lane=\"emotions\""));
    /* the link, percent-encoded then escaped */
    assert_non_null(strstr(h, "<a href=\"https://e.com/?a=%22%3E%3Cscript%3E\""));
    /* the analysis */
    assert_non_null(strstr(h, "<section id=\"jm-report\""));
    /* the same journey, the same bytes */
    char *h2 = page(d);
    assert_string_equal(h, h2);
    g_free(h2);
    g_free(h);
    jmap_doc_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_escape),
        cmocka_unit_test(test_hostile_page),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
