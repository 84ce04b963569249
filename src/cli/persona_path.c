/*
 * persona_path.c — `{persona}` in `-o` replaced by a persona id, for
 * `jmap build --each-persona`. The id comes from the journey, which may be
 * hostile, so the result must stay a file of the folder the pattern names:
 * an id that is empty, `.` or `..`, or holds a `/` or a control character
 * is refused, and so is any result whose folder is not the pattern's.
 * Pure functions (no printing), tested directly in tests/unit.
 */
#include "persona_path.h"

#include <glib.h>
#include <string.h>

#define PLACEHOLDER "{persona}"

/* The folder part of a path: everything before its last '/', "" if none. */
static size_t folder_len(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? (size_t)(slash - path) + 1 : 0;
}

const char *cli_persona_pattern_unfit(const char *pattern)
{
    const char *first = strstr(pattern, PLACEHOLDER);
    if (first && (size_t)(first - pattern) < folder_len(pattern))
        return "{persona} must be in the file name, not in a folder";
    return NULL;
}

const char *cli_persona_id_unfit(const char *id)
{
    if (!id || !*id)
        return "it is empty";
    if (strcmp(id, ".") == 0 || strcmp(id, "..") == 0)
        return "it is '.' or '..'";
    for (const unsigned char *p = (const unsigned char *)id; *p; p++) {
        if (*p == '/')
            return "it contains '/'";
        if (*p < 0x20 || *p == 0x7F)
            return "it contains a control character";
    }
    return NULL;
}

char *cli_persona_path(const char *pattern, const char *id, const char **why)
{
    const char *w = cli_persona_pattern_unfit(pattern);
    if (!w)
        w = cli_persona_id_unfit(id);
    if (w) {
        *why = w;
        return NULL;
    }
    GString *s = g_string_new(NULL);
    for (const char *p = pattern; *p;) {
        if (strncmp(p, PLACEHOLDER, sizeof PLACEHOLDER - 1) == 0) {
            g_string_append(s, id);
            p += sizeof PLACEHOLDER - 1;
        } else {
            g_string_append_c(s, *p++);
        }
    }
    /* Whatever the checks above let through, the file must land in the
     * pattern's folder, under a name that is a file's. */
    size_t fl = folder_len(pattern);
    const char *base = s->str + folder_len(s->str);
    if (folder_len(s->str) != fl || strncmp(s->str, pattern, fl) != 0 || !*base ||
        strcmp(base, ".") == 0 || strcmp(base, "..") == 0) {
        g_string_free(s, TRUE);
        *why = "the file would not be in the folder of -o";
        return NULL;
    }
    *why = NULL;
    return g_string_free(s, FALSE);
}

char *cli_escape_controls(const char *s)
{
    GString *out = g_string_new(NULL);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p < 0x20 || *p == 0x7F)
            g_string_append_printf(out, "\\x%02X", *p);
        else
            g_string_append_c(out, (char)*p);
    }
    return g_string_free(out, FALSE);
}
