/*
 * html_text.c — journey text into HTML text and attribute values.
 */
#include "html_text.h"

#include <stdbool.h>
#include <string.h>

/* Characters an HTML document must not hold, even as references. */
static bool html_forbidden(gunichar c)
{
    if (c < 0x20)
        return c != '\t' && c != '\n' && c != '\r';
    if (c >= 0x7F && c <= 0x9F)
        return true;
    if (c >= 0xFDD0 && c <= 0xFDEF)
        return true;
    return (c & 0xFFFE) == 0xFFFE;
}

void jmap_html_text_len(GString *out, const char *s, size_t n)
{
    if (!s)
        return;
    const char *p = s, *end = s + n;
    while (p < end) {
        unsigned char b = (unsigned char)*p;
        if (b < 0x80) {
            switch (b) {
            case '&': g_string_append(out, "&amp;"); break;
            case '<': g_string_append(out, "&lt;"); break;
            case '>': g_string_append(out, "&gt;"); break;
            case '"': g_string_append(out, "&quot;"); break;
            case '\'': g_string_append(out, "&#39;"); break;
            default:
                if (html_forbidden(b))
                    g_string_append(out, "\xEF\xBF\xBD");
                else
                    g_string_append_c(out, (char)b);
            }
            p++;
            continue;
        }
        gunichar c = g_utf8_get_char_validated(p, end - p);
        if (c == (gunichar)-1 || c == (gunichar)-2) {
            g_string_append(out, "\xEF\xBF\xBD"); /* a byte that is not UTF-8 */
            p++;
            continue;
        }
        const char *next = g_utf8_next_char(p);
        if (html_forbidden(c))
            g_string_append(out, "\xEF\xBF\xBD");
        else
            g_string_append_len(out, p, next - p);
        p = next;
    }
}

void jmap_html_text(GString *out, const char *s)
{
    if (s)
        jmap_html_text_len(out, s, strlen(s));
}
