/*
 * test_url.c — the links of a map: which URLs are accepted (http, https,
 * mailto; suggestions for a bare host name or address), and their
 * percent-encoding for a PDF: nothing that can end or bend a PDF string
 * survives, a valid escape is never encoded twice.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <glib.h>
#include <string.h>

#include "url.h"

static void expect_ok(const char *url)
{
    char *p = jmap_url_problem(url);
    if (p)
        fail_msg("'%s' refused: %s", url, p);
    assert_true(jmap_url_allowed(url));
}

static void expect_problem(const char *url, const char *text)
{
    char *p = jmap_url_problem(url);
    if (!p)
        fail_msg("'%s' accepted", url);
    if (!strstr(p, text))
        fail_msg("'%s': expected '%s' in '%s'", url, text, p);
    g_free(p);
}

static void test_accepted(void **state)
{
    (void)state;
    expect_ok("https://example.com");
    expect_ok("http://example.com/a/b?c=d#e");
    expect_ok("HTTPS://EXAMPLE.COM:8443/");
    expect_ok("mailto:claire@example.com");
    expect_ok("MailTo:claire@example.com?subject=Bonjour");
    expect_ok("https://例え.jp/パス");
    expect_ok("https://e.com/a) /S /JavaScript (x"); /* escaped when drawn */
}

static void test_refused(void **state)
{
    (void)state;
    expect_problem("", "'url' must not be empty");
    expect_problem("javascript:app.alert(1)",
                   "url scheme 'javascript:' is not allowed; a link must start with http://, "
                   "https:// or mailto:");
    expect_problem("JAVASCRIPT:x", "url scheme 'JAVASCRIPT:' is not allowed");
    expect_problem("file:///etc/passwd", "url scheme 'file:' is not allowed");
    expect_problem("vbscript:x", "not allowed");
    expect_problem("data:text/html,x", "not allowed");
    expect_problem("C:\\Windows\\calc.exe", "url scheme 'C:' is not allowed");
    expect_problem("https://e.com/\n", "control characters");
    expect_problem("https://e.com/\t", "control characters");
    expect_problem("https://e.com/\x7f", "control characters");
    expect_problem("https://e.com/\xc2\x85", "control characters"); /* U+0085 */
    expect_problem("https:", "has no host name");
    expect_problem("https:/e.com", "has no host name");
    expect_problem("http:///path", "has no host name");
    expect_problem("https://", "has no host name");
    expect_problem("mailto:", "url 'mailto:' has no address");
    /* a scheme of 40 letters is cut in the message */
    char *p = jmap_url_problem("abcdefghijabcdefghijabcdefghijabcdefghij:x");
    assert_non_null(strstr(p, "'abcdefghijabcdefghijabcdefghijab:'"));
    g_free(p);
}

static void test_suggestions(void **state)
{
    (void)state;
    expect_problem("www.x.com", "url 'www.x.com' has no scheme (did you mean 'https://www.x.com'?)");
    expect_problem("example.fr/a?b#c", "did you mean 'https://example.fr/a?b#c'?");
    expect_problem("localhost:8080/x", "did you mean 'https://localhost:8080/x'?");
    expect_problem("www.x.com:443", "did you mean 'https://www.x.com:443'?");
    expect_problem("//cdn.x.com/a", "did you mean 'https://cdn.x.com/a'?");
    expect_problem("claire@example.com", "did you mean 'mailto:claire@example.com'?");
    expect_problem("pages/a.html",
                   "url 'pages/a.html' has no scheme; a link must start with http://, https:// "
                   "or mailto:");
    expect_problem("index.html", "url 'index.html' has no scheme; a link must start");
    expect_problem("docs/Guide.PDF", "has no scheme; a link must start");
    expect_problem("shop.example.com/index.html", "did you mean 'https://shop.example.com/index.html'?");
    expect_problem("/abs/path", "has no scheme; a link must start");
    expect_problem("a b.com", "has no scheme; a link must start");
    expect_problem(".x.com", "has no scheme; a link must start");
    /* a long value is cut in the message */
    GString *g = g_string_new("x");
    for (int i = 0; i < 200; i++)
        g_string_append(g, "/é");
    char *p = jmap_url_problem(g->str);
    assert_non_null(strstr(p, "...' has no scheme"));
    assert_true(g_utf8_validate(p, -1, NULL));
    assert_true(strlen(p) < 300);
    g_free(p);
    g_string_free(g, TRUE);
}

static void expect_escape(const char *url, const char *want)
{
    char *got = jmap_url_escape(url);
    assert_string_equal(got, want);
    g_free(got);
}

static void test_escape(void **state)
{
    (void)state;
    expect_escape("https://e.com/a-b_c.d~e?f=g&h=i;j#k", "https://e.com/a-b_c.d~e?f=g&h=i;j#k");
    expect_escape("mailto:a@b.c?subject=x,y+z!$*", "mailto:a@b.c?subject=x,y+z!$*");
    expect_escape("https://e.com/a) /S /JavaScript /JS (x",
                  "https://e.com/a%29%20/S%20/JavaScript%20/JS%20%28x");
    expect_escape("https://e.com/\\", "https://e.com/%5C");
    expect_escape("https://e.com/<>[]{}|^`\"'", "https://e.com/%3C%3E%5B%5D%7B%7D%7C%5E%60%22%27");
    expect_escape("https://e.com/é", "https://e.com/%C3%A9");
    expect_escape("https://e.com/\r\n\t\x7f", "https://e.com/%0D%0A%09%7F");
    /* an escape is kept; a lone % is encoded */
    expect_escape("https://e.com/a%20b%2fc", "https://e.com/a%20b%2fc");
    expect_escape("https://e.com/100%", "https://e.com/100%25");
    expect_escape("https://e.com/%zz%4", "https://e.com/%25zz%254");
    expect_escape("", "");
}

/* Whatever the bytes, the result holds only the safe set and valid
 * escapes: nothing that ends or bends a PDF literal string. */
static void test_escape_every_byte(void **state)
{
    (void)state;
    char in[256];
    for (int i = 1; i < 256; i++)
        in[i - 1] = (char)i;
    in[255] = '\0';
    char *out = jmap_url_escape(in);
    for (const char *p = out; *p; p++) {
        assert_true(g_ascii_isalnum(*p) || strchr("-._~:/?#@!$&*+,;=%", *p));
        if (*p == '%') {
            assert_true(g_ascii_isxdigit(p[1]) && g_ascii_isxdigit(p[2]));
        }
    }
    assert_null(strpbrk(out, "()\\<>[]{} \"'"));
    g_free(out);
}

static void test_allowed(void **state)
{
    (void)state;
    assert_true(jmap_url_allowed("http://x"));
    assert_true(jmap_url_allowed("HTTPS://x"));
    assert_true(jmap_url_allowed("mailto:x"));
    assert_false(jmap_url_allowed("javascript:x"));
    assert_false(jmap_url_allowed("file:///x"));
    assert_false(jmap_url_allowed("www.x.com"));
    assert_false(jmap_url_allowed("httpx://x"));
    assert_false(jmap_url_allowed(""));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_accepted),
        cmocka_unit_test(test_refused),
        cmocka_unit_test(test_suggestions),
        cmocka_unit_test(test_escape),
        cmocka_unit_test(test_escape_every_byte),
        cmocka_unit_test(test_allowed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
