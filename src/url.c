/*
 * url.c — checking and spelling the links of a map (see url.h).
 *
 * Why the escaping matters: cairo 1.16 writes a link's URI into the PDF as
 * a literal string, `/URI (...)`, byte for byte. A `)` there ends the
 * string and whatever follows becomes PDF syntax (`/S /JavaScript ...`), a
 * lone `(` or a trailing `\` leaves the string open and the file broken.
 * Percent-encoding every byte outside a conservative set leaves only bytes
 * that mean nothing special inside a PDF string.
 */
#include "url.h"
#include "i18n.h"

#include <glib.h>
#include <string.h>

/* Longest value quoted in full in a message. */
#define SHOWN_MAX 80

/* Length of the scheme at the start of s (RFC 3986: a letter, then
 * letters, digits, + - .), followed by ':'; 0 when there is none. A
 * "scheme" followed by a port number ("localhost:8080/x",
 * "www.x.com:443") is a host name, so 0 too. */
static size_t scheme_len(const char *s)
{
    size_t i = 0;
    if (!g_ascii_isalpha(s[0]))
        return 0;
    while (g_ascii_isalnum(s[i]) || s[i] == '+' || s[i] == '-' || s[i] == '.')
        i++;
    if (s[i] != ':')
        return 0;
    size_t k = i + 1;
    while (g_ascii_isdigit(s[k]))
        k++;
    if (k > i + 1 && (s[k] == '\0' || s[k] == '/' || s[k] == '?' || s[k] == '#'))
        return 0;
    return i;
}

static bool scheme_is(const char *s, size_t n, const char *name)
{
    return n == strlen(name) && !g_ascii_strncasecmp(s, name, n);
}

bool jmap_url_allowed(const char *url)
{
    size_t n = scheme_len(url);
    return scheme_is(url, n, "http") || scheme_is(url, n, "https") || scheme_is(url, n, "mailto");
}

/* The value as a message quotes it: valid UTF-8, cut after SHOWN_MAX
 * characters. */
static char *shown(const char *s)
{
    char *valid = g_utf8_make_valid(s, -1);
    if (g_utf8_strlen(valid, -1) <= SHOWN_MAX)
        return valid;
    const char *cut = g_utf8_offset_to_pointer(valid, SHOWN_MAX - 3);
    char *out = g_strdup_printf("%.*s...", (int)(cut - valid), valid);
    g_free(valid);
    return out;
}

/* A control character: C0, DEL, or C1 (U+0080..U+009F, 0xC2 0x80..0x9F in
 * UTF-8). */
static bool has_control(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p < 0x20 || *p == 0x7F || (*p == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F))
            return true;
    return false;
}

/* "www.example.com/a", "localhost:8080": a host name (ASCII letters,
 * digits, - and ., with a dot inside or a port after it) then a port,
 * path, query or fragment. */
static bool looks_like_host(const char *s)
{
    size_t n = strcspn(s, ":/?#");
    if (n == 0 || s[0] == '.' || s[0] == '-' || s[n - 1] == '.' ||
        (!memchr(s, '.', n) && s[n] != ':'))
        return false;
    for (size_t i = 0; i < n; i++)
        if (!g_ascii_isalnum(s[i]) && s[i] != '-' && s[i] != '.')
            return false;
    /* "index.html" is a file name, not a host */
    static const char *const files[] = {"html", "htm", "php", "pdf", "png", "jpg", "jpeg",
                                        "gif", "svg", "txt", "xml", "json", "yaml", "yml",
                                        "csv", "doc", "docx"};
    const char *dot = g_strrstr_len(s, (gssize)n, ".");
    for (size_t i = 0; dot && i < G_N_ELEMENTS(files); i++)
        if (strlen(files[i]) == (size_t)(s + n - dot - 1) &&
            !g_ascii_strncasecmp(dot + 1, files[i], strlen(files[i])))
            return false;
    if (s[n] == ':') {
        size_t k = n + 1;
        while (g_ascii_isdigit(s[k]))
            k++;
        if (k == n + 1 || (s[k] && s[k] != '/' && s[k] != '?' && s[k] != '#'))
            return false;
    }
    return !strpbrk(s, " \"<>\\^`{|}");
}

/* "claire@example.com": one @ with something before it, a host name after. */
static bool looks_like_address(const char *s)
{
    const char *at = strchr(s, '@');
    if (!at || at == s || strchr(at + 1, '@') || strpbrk(s, " /?#:\"<>()[]\\,;"))
        return false;
    return looks_like_host(at + 1);
}

static const char ALLOWED[] = N_("a link must start with http://, https:// or mailto:");

char *jmap_url_problem(const char *url)
{
    if (!*url)
        return g_strdup(_("'url' must not be empty"));
    if (has_control(url))
        return g_strdup(_("a url must not contain control characters (a line break, a tab)"));
    char *v = shown(url);
    char *msg = NULL;
    size_t n = scheme_len(url);
    if (n == 0) {
        if (looks_like_address(url))
            msg = g_strdup_printf(_("url '%s' has no scheme (did you mean 'mailto:%s'?)"), v, v);
        else if (!strncmp(url, "//", 2) && url[2] && !strchr("/?#", url[2]))
            msg = g_strdup_printf(_("url '%s' has no scheme (did you mean 'https:%s'?)"), v, v);
        else if (looks_like_host(url))
            msg = g_strdup_printf(_("url '%s' has no scheme (did you mean 'https://%s'?)"), v, v);
        else
            msg = g_strdup_printf(_("url '%s' has no scheme; %s"), v, _(ALLOWED));
    } else if (scheme_is(url, n, "http") || scheme_is(url, n, "https")) {
        const char *rest = url + n + 1;
        if (strncmp(rest, "//", 2) || !rest[2] || strchr("/?#", rest[2]))
            msg = g_strdup_printf(_("url '%s' has no host name (write %.*s://, then the host, as "
                                  "in https://example.com/)"), v, (int)n, url);
    } else if (scheme_is(url, n, "mailto")) {
        if (!url[n + 1])
            msg = g_strdup_printf(_("url '%s' has no address (mailto:name@example.com)"), v);
    } else {
        /* a scheme is ASCII letters, digits, + - . */
        msg = g_strdup_printf(_("url scheme '%.*s:' is not allowed; %s"), n > 32 ? 32 : (int)n, url,
                              _(ALLOWED));
    }
    g_free(v);
    return msg;
}

/* Kept as is: RFC 3986's unreserved characters and the delimiters that
 * mean nothing inside a PDF literal string. */
static bool url_safe(unsigned char c)
{
    return g_ascii_isalnum(c) || (c && strchr("-._~:/?#@!$&*+,;=", c));
}

char *jmap_url_escape(const char *url)
{
    GString *g = g_string_sized_new(strlen(url) + 16);
    for (const unsigned char *p = (const unsigned char *)url; *p; p++) {
        if (url_safe(*p) ||
            (*p == '%' && g_ascii_isxdigit(p[1]) && g_ascii_isxdigit(p[2])))
            g_string_append_c(g, (char)*p);
        else
            g_string_append_printf(g, "%%%02X", *p);
    }
    return g_string_free(g, FALSE);
}
