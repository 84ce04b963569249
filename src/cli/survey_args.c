/*
 * survey_args.c — --data, --data-sep and --data-map, shared by `jmap build`
 * and `jmap report` so that the map, its analysis page and the report read
 * the same answers the same way.
 *
 * A --data argument is LABEL=PATH when the text before its first '=' is not
 * empty and holds no '/', and the whole argument is not an existing file
 * (a file named "a=b.csv" still reads as itself); otherwise it is a path,
 * and the wave is named after the file (q3.csv -> q3).
 */
#include "cli_options.h"

#include <stdlib.h>
#include <string.h>

/* The longest wave label, in characters: it is drawn at a line's end. */
#define LABEL_MAX_CHARS 40

static bool parse_sep(const char *s, char *out)
{
    if (!strcmp(s, ",") || !g_ascii_strcasecmp(s, "comma"))
        *out = ',';
    else if (!strcmp(s, ";") || !g_ascii_strcasecmp(s, "semicolon"))
        *out = ';';
    else if (!strcmp(s, "\t") || !g_ascii_strcasecmp(s, "tab") || !strcmp(s, "\\t"))
        *out = '\t';
    else
        return false;
    return true;
}

bool cli_survey_args_ok(const cli_survey_args *a)
{
    char sep;
    if (a->sep && !parse_sep(a->sep, &sep)) {
        cli_error("--data-sep: unknown separator '%s' (expected ',', ';' or tab)", cli_q(a->sep));
        return false;
    }
    if ((a->sep || a->map) && (!a->data || !a->data[0])) {
        cli_error("%s applies to --data files, and none is given", a->sep ? "--data-sep" : "--data-map");
        return false;
    }
    return true;
}

void cli_survey_args_free(cli_survey_args *a)
{
    g_strfreev(a->data);
    g_free(a->sep);
    g_free(a->map);
}

/* Splits one --data argument; label NULL when none is given. */
static void split_arg(const char *arg, char **label, const char **path)
{
    const char *eq = strchr(arg, '=');
    *label = NULL;
    *path = arg;
    if (!eq || eq == arg || memchr(arg, '/', (size_t)(eq - arg)) ||
        g_file_test(arg, G_FILE_TEST_EXISTS))
        return;
    *label = g_strndup(arg, (size_t)(eq - arg));
    *path = eq + 1;
}

static bool label_ok(const char *label)
{
    if (!g_utf8_validate(label, -1, NULL) || g_utf8_strlen(label, -1) > LABEL_MAX_CHARS) {
        cli_error("--data: the wave label '%s' is too long (at most %d characters)", cli_q(label),
                  LABEL_MAX_CHARS);
        return false;
    }
    for (const char *p = label; *p; p = g_utf8_next_char(p))
        if (g_unichar_iscntrl(g_utf8_get_char(p)) || jmap_char_is_hidden(g_utf8_get_char(p))) {
            cli_error("--data: the wave label '%s' holds a control character", cli_q(label));
            return false;
        }
    return true;
}

/* The wave's name as the library derives it, to find clashes early. */
static char *shown_label(const char *label, const char *path)
{
    if (label)
        return g_strdup(label);
    if (!strcmp(path, "-"))
        return g_strdup("stdin");
    char *base = g_path_get_basename(path);
    char *dot = strrchr(base, '.');
    if (dot && dot != base)
        *dot = '\0';
    return base;
}

/* Prints the diagnostics added since `before`. */
static void print_new(jmap_doc *doc, size_t before)
{
    jmap_diags added = doc->diags;
    added.items += before;
    added.count -= before;
    added.truncated = doc->diags.truncated;
    cli_print_diags(&added);
}

int cli_apply_survey(jmap_doc *doc, const cli_survey_args *a)
{
    if (!a->data || !a->data[0])
        return EXIT_OK;
    if (!cli_survey_args_ok(a))
        return EXIT_USAGE;
    jmap_survey_opts o = {0};
    if (a->sep)
        parse_sep(a->sep, &o.sep);

    size_t n = g_strv_length(a->data);
    char **labels = g_new0(char *, n + 1);
    const char **paths = g_new0(const char *, n + 1);
    int status = EXIT_OK;
    for (size_t i = 0; i < n && status == EXIT_OK; i++) {
        split_arg(a->data[i], &labels[i], &paths[i]);
        if (labels[i] && !label_ok(labels[i]))
            status = EXIT_USAGE;
    }
    for (size_t i = 0; i < n && status == EXIT_OK; i++)
        for (size_t k = 0; k < i && status == EXIT_OK; k++) {
            char *x = shown_label(labels[i], paths[i]), *y = shown_label(labels[k], paths[k]);
            if (!strcmp(x, y)) {
                cli_error("--data: two files make the wave '%s' (%s and %s); label each one: "
                          "--data T3=FILE --data T4=FILE", cli_q(x), paths[k], paths[i]);
                status = EXIT_USAGE;
            }
            g_free(x);
            g_free(y);
        }

    size_t from_stdin = 0;
    for (size_t i = 0; i < n; i++)
        from_stdin += strcmp(paths[i], "-") == 0;
    if (status == EXIT_OK && from_stdin > 1) {
        cli_error("--data: standard input (-) can be read only once");
        status = EXIT_USAGE;
    }
    jmap_survey_map map = {0};
    if (status == EXIT_OK && a->map) {
        char *data = NULL;
        size_t len = 0;
        if (!cli_read_file(a->map, &data, &len)) {
            status = EXIT_IO;
        } else {
            size_t before = doc->diags.count;
            bool ok = jmap_load_survey_map(doc, strcmp(a->map, "-") == 0 ? "<stdin>" : a->map,
                                           data, len, &map);
            g_free(data);
            print_new(doc, before);
            if (!ok)
                status = EXIT_INVALID;
        }
        o.map = &map;
    }
    /* every file is read, so that one run reports the errors of all (but
     * none without its map) */
    bool map_ok = status == EXIT_OK;
    for (size_t i = 0; i < n && map_ok && (status == EXIT_OK || status == EXIT_INVALID); i++) {
        char *data = NULL;
        size_t len = 0;
        if (!cli_read_file(paths[i], &data, &len)) {
            status = EXIT_IO;
            break;
        }
        o.label = labels[i];
        size_t before = doc->diags.count;
        bool ok = jmap_apply_survey_opts(doc, strcmp(paths[i], "-") == 0 ? "<stdin>" : paths[i],
                                         data, len, &o);
        g_free(data);
        print_new(doc, before);
        if (!ok)
            status = EXIT_INVALID;
    }
    for (size_t i = 0; i < n; i++)
        g_free(labels[i]);
    g_free(labels);
    g_free(paths);
    return status;
}
