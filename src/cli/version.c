/*
 * version.c — one version of a journey, for jmap diff and jmap build
 * --compare: a file, standard input, or REV:PATH read through `git show`
 * (a file of that name, when one exists, wins).
 */
#include "cli.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* The first line of git's complaint. */
static char *first_line(const char *text)
{
    const char *t = text ? text : "";
    size_t n = strcspn(t, "\r\n");
    return g_strndup(t, n);
}

/*
 * Reads REV:PATH through `git show`, run without a shell in the current
 * folder. The blob is taken as it is stored (no text conversion filter).
 * Prints why and returns false on failure.
 */
static bool read_git(const char *spec, char **data, size_t *len)
{
    /* An argument starting with '-' would be read by git as an option. */
    if (spec[0] == '-') {
        cli_error("cannot read %s through git: a revision may not start with '-'", spec);
        return false;
    }
    char *argv[] = {"git", "--no-pager", "show", "--no-textconv", "--end-of-options", (char *)spec, NULL};
    char *out = NULL, *err = NULL;
    gsize out_len = 0;
    int wait_status = 0;
    GError *e = NULL;
    gboolean ok = g_spawn_sync(NULL, argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDIN_FROM_DEV_NULL, NULL, NULL,
                               &out, &err, &wait_status, &e);
    if (!ok) {
        cli_error("cannot read %s through git: %s", spec, e->message);
        g_error_free(e);
        return false;
    }
    if (!g_spawn_check_wait_status(wait_status, NULL)) {
        char *line = first_line(err);
        cli_error("cannot read %s through git: %s", spec, *line ? line : "git failed");
        g_free(line);
        g_free(out);
        g_free(err);
        return false;
    }
    g_free(err);
    out_len = strlen(out); /* a NUL in the blob ends the text, as it would for the loader */
    if (out_len > JMAP_MAX_INPUT_BYTES) {
        /* Let the loader say it is too large, as for a file. */
        g_free(out);
        *data = g_strdup("");
        *len = out_len;
        return true;
    }
    *data = out;
    *len = out_len;
    return true;
}

/* REV:PATH, unless a file of that name exists. */
static bool is_git_spec(const char *arg)
{
    struct stat st;
    if (strcmp(arg, "-") == 0 || lstat(arg, &st) == 0)
        return false;
    const char *colon = strchr(arg, ':');
    return colon && colon != arg && colon[1] != '\0';
}

/*
 * Loads one version; prints its diagnostics, named after the argument
 * ("HEAD~1:journey.yaml:12:3: error: ..."). Images are not looked at: a
 * diff draws nothing, and an old version's images may be gone.
 */
jmap_doc *cli_load_version(const char *arg, int *status, int invalid)
{
    char *data = NULL;
    size_t len = 0;
    bool git = is_git_spec(arg);
    if (!(git ? read_git(arg, &data, &len) : cli_read_file(arg, &data, &len))) {
        *status = EXIT_IO;
        return NULL;
    }
    const char *name = strcmp(arg, "-") == 0 ? "<stdin>" : arg;
    jmap_load_opts opts = {.no_image_check = true};
    if (git || strcmp(arg, "-") == 0)
        opts.base_dir = ".";
    jmap_doc *doc = jmap_load(name, data, len, &opts);
    g_free(data);
    if (!doc) {
        cli_error("out of memory");
        *status = EXIT_IO;
        return NULL;
    }
    cli_print_diags(&doc->diags);
    *status = (doc->diags.errors || !doc->journey) ? invalid : EXIT_OK;
    return doc;
}


char *cli_version_label(const char *arg)
{
    if (is_git_spec(arg))
        return g_strndup(arg, (gsize)(strchr(arg, ':') - arg));
    char *base = g_path_get_basename(strcmp(arg, "-") == 0 ? "stdin" : arg);
    char *dot = strrchr(base, '.');
    if (dot && dot != base)
        *dot = '\0';
    return base;
}
