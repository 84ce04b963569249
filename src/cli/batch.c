/*
 * batch.c — the files of one build: a map's outputs (numbered files for a
 * map on several sheets) gathered into a batch that lands all or none.
 */
#include "cli.h"

#include <string.h>

void cli_free_outputs(GPtrArray *outs)
{
    for (guint i = 0; i < outs->len; i++)
        g_byte_array_free(g_ptr_array_index(outs, i), TRUE);
    g_ptr_array_free(outs, TRUE);
}

/* The file of sheet k (1-based) of a map that takes several: map.png gives
 * map-1.png, map-2.png... */
static char *sheet_path(const char *path, guint k)
{
    const char *dot = strrchr(path, '.');
    const char *slash = strrchr(path, '/');
    if (!dot || (slash && dot < slash) || dot == path || (slash && dot == slash + 1))
        return g_strdup_printf("%s-%u", path, k);
    return g_strdup_printf("%.*s-%u%s", (int)(dot - path), path, k, dot);
}

/* Adds the files of one map to a batch: `path` for one output, numbered
 * files for the sheets of a map split into pages. False (after saying why)
 * when several sheets would go to standard output. */
bool cli_add_files(GPtrArray *outs, const char *path, GPtrArray *paths, GPtrArray *data)
{
    if (outs->len > 1 && strcmp(path, "-") == 0) {
        cli_error("the map takes %u sheets; write them to files (-o map.png gives map-1.png...)",
                  outs->len);
        return false;
    }
    for (guint k = 0; k < outs->len; k++) {
        g_ptr_array_add(paths, outs->len == 1 ? g_strdup(path) : sheet_path(path, k + 1));
        g_ptr_array_add(data, g_ptr_array_index(outs, k));
    }
    return true;
}

/* Writes a batch of files, all or none: each staged beside its target,
 * then renamed into place together. "-" is standard output. */
int cli_write_batch(GPtrArray *paths, GPtrArray *data)
{
    if (paths->len == 1) {
        GByteArray *b = g_ptr_array_index(data, 0);
        return cli_write_atomic(g_ptr_array_index(paths, 0), b->data, b->len) ? EXIT_OK : EXIT_IO;
    }
    for (guint k = 0; k < paths->len; k++)
        for (guint i = 0; i < k; i++)
            if (strcmp(g_ptr_array_index(paths, i), g_ptr_array_index(paths, k)) == 0) {
                cli_error("two maps would be written to '%s'",
                          (const char *)g_ptr_array_index(paths, k));
                return EXIT_USAGE;
            }
    char **tmps = g_new0(char *, paths->len + 1);
    int status = EXIT_OK;
    for (guint k = 0; k < paths->len && status == EXIT_OK; k++) {
        GByteArray *b = g_ptr_array_index(data, k);
        tmps[k] = cli_stage_file(g_ptr_array_index(paths, k), b->data, b->len);
        if (!tmps[k])
            status = EXIT_IO;
    }
    if (status == EXIT_OK && !cli_commit_files(tmps, (char *const *)paths->pdata, paths->len))
        status = EXIT_IO;
    if (status != EXIT_OK)
        for (guint k = 0; k < paths->len; k++)
            cli_discard_file(tmps[k]);
    g_free(tmps);
    return status;
}
