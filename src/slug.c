/*
 * slug.c — ids derived from names: lower-case ASCII, accents folded, runs of
 * anything else turned into one '-'. Decomposition (NFD) does most of the
 * folding; the few Latin letters that do not decompose have a table.
 */
#include "jmap.h"

#include <glib.h>
#include <string.h>

static const char *fold_letter(gunichar u)
{
    switch (u) {
    case 0x0153: case 0x0152: return "oe"; /* œ Œ */
    case 0x00E6: case 0x00C6: return "ae"; /* æ Æ */
    case 0x00DF: case 0x1E9E: return "ss"; /* ß ẞ */
    case 0x00F8: case 0x00D8: return "o";  /* ø Ø */
    case 0x0142: case 0x0141: return "l";  /* ł Ł */
    case 0x0111: case 0x0110: return "d";  /* đ Đ */
    case 0x00FE: case 0x00DE: return "th"; /* þ Þ */
    case 0x00F0: case 0x00D0: return "d";  /* ð Ð */
    case 0x0131: return "i";               /* dotless ı */
    default: return NULL;
    }
}

static bool is_mark(gunichar u)
{
    GUnicodeType t = g_unichar_type(u);
    return t == G_UNICODE_NON_SPACING_MARK || t == G_UNICODE_SPACING_MARK ||
           t == G_UNICODE_ENCLOSING_MARK;
}

char *jmap_slug(jmap_arena *a, const char *name)
{
    if (!name)
        return jmap_arena_strdup(a, "");
    GString *out = g_string_new(NULL);
    bool dash = false; /* a separator is pending */
    char *nfd = g_utf8_validate(name, -1, NULL) ? g_utf8_normalize(name, -1, G_NORMALIZE_NFD)
                                                : NULL;
    if (nfd) {
        for (const char *p = nfd; *p; p = g_utf8_next_char(p)) {
            gunichar u = g_utf8_get_char(p);
            const char *f = u < 0x80 && g_ascii_isalnum((char)u) ? NULL : fold_letter(u);
            if (u < 0x80 && g_ascii_isalnum((char)u)) {
                if (dash && out->len)
                    g_string_append_c(out, '-');
                dash = false;
                g_string_append_c(out, g_ascii_tolower((char)u));
            } else if (f) {
                if (dash && out->len)
                    g_string_append_c(out, '-');
                dash = false;
                g_string_append(out, f);
            } else if (!is_mark(u)) {
                /* Combining accents vanish inside a word; anything else
                 * separates words. */
                dash = true;
            }
        }
        g_free(nfd);
    } else {
        /* Not UTF-8 (the loader refuses such files; this guards direct
         * callers): keep ASCII letters and digits only. */
        for (const char *p = name; *p; p++) {
            if (g_ascii_isalnum(*p)) {
                if (dash && out->len)
                    g_string_append_c(out, '-');
                dash = false;
                g_string_append_c(out, g_ascii_tolower(*p));
            } else {
                dash = true;
            }
        }
    }
    char *r = jmap_arena_strndup(a, out->str, out->len);
    g_string_free(out, TRUE);
    return r;
}
