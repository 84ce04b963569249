/*
 * cmd_diff.c — `jmap diff OLD NEW [-f text|md|json]`: what changed between
 * two versions of a journey (src/diff.h), on stdout.
 *
 * A version is a file, `-` for standard input, or REV:PATH read through
 * `git show` (a file of that name, when one exists, wins). Exit statuses
 * follow diff(1): 0 same, 1 different, 2 and above trouble (docs/cli.md).
 */
#include "cli_options.h"
#include "diff.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* diff(1): 0 same, 1 different, 2 or more trouble. */
enum { DIFF_SAME = 0, DIFF_DIFFERENT = 1, DIFF_INVALID = 4 };

/* The first line of git's complaint, for a message. */
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
static jmap_doc *load_version(const char *arg, int *status)
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
    *status = (doc->diags.errors || !doc->journey) ? DIFF_INVALID : EXIT_OK;
    return doc;
}

int cmd_diff(int argc, char **argv)
{
    gchar *format = NULL;
    gboolean quiet = FALSE, safe = FALSE;
    GOptionEntry entries[] = {
        {"format", 'f', 0, G_OPTION_ARG_STRING, &format, "Output format: text (default), md, json", "FMT"},
        {"quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "Errors only, no warnings", NULL},
        CLI_SAFE_OPTION(&safe),
        {NULL, 0, 0, 0, NULL, NULL, NULL},
    };
    GOptionContext *ctx = g_option_context_new("OLD NEW - what changed between two versions of a journey");
    g_option_context_add_main_entries(ctx, entries, NULL);
    g_option_context_set_description(
        ctx, "Compares two versions of a journey, matched by id: personas, stages and\n"
             "touchpoints added, removed, renamed or moved; emotions; pains added or\n"
             "resolved; opportunities and their status; stage KPIs; and the findings of\n"
             "jmap report that appeared or went.\n"
             "\n"
             "OLD and NEW are files, - for standard input, or REV:PATH read through\n"
             "`git show REV:PATH` (a file of that name, if one exists, is read instead).\n"
             "\n"
             "Formats: text for a terminal, md for a pull-request comment, json for tools\n"
             "(docs/diff.md).\n"
             "\n"
             "Example, in a pull request:\n"
             "  jmap diff origin/main:journey.yaml journey.yaml -f md\n"
             "\n"
             "Exit status, as diff's: 0 no change, 1 changes, 2 usage error,\n"
             "3 input/output failure (git included), 4 a version is invalid.");
    bool done;
    int st = cli_parse_options(ctx, "diff", &argc, &argv, &done);
    g_option_context_free(ctx);
    jmap_doc *before = NULL, *after = NULL;
    jmap_diff *d = NULL;
    char *text = NULL;
    if (done)
        goto out;
    g_cli.quiet = quiet;
    g_cli.safe = g_cli.safe || safe;

    jmap_report_fmt fmt = JMAP_REPORT_TEXT;
    if (format && !jmap_report_fmt_parse(format, &fmt)) {
        static const char *const names[] = {"text", "md", "json"};
        const char *s = jmap_suggest(format, names, 3);
        if (s)
            cli_error("diff: unknown format '%s' (did you mean '%s'?)", cli_q(format), s);
        else
            cli_error("diff: unknown format '%s' (text, md, json)", cli_q(format));
        st = EXIT_USAGE;
        goto out;
    }
    /* GLib leaves "--" in place: it only ends the options. */
    if (argc > 1 && strcmp(argv[1], "--") == 0) {
        argv[1] = argv[0];
        argv++;
        argc--;
    }
    if (argc != 3) {
        cli_error(argc < 3 ? "diff: expected two versions of a journey (OLD NEW)"
                           : "diff: expected two versions of a journey, not more");
        fputs("Try 'jmap diff --help'.\n", stderr);
        st = EXIT_USAGE;
        goto out;
    }
    if (strcmp(argv[1], "-") == 0 && strcmp(argv[2], "-") == 0) {
        cli_error("diff: standard input can be only one of the two versions");
        st = EXIT_USAGE;
        goto out;
    }

    /* Both versions are read, so that both get their diagnostics. */
    int st_before = EXIT_OK, st_after = EXIT_OK;
    before = load_version(argv[1], &st_before);
    after = load_version(argv[2], &st_after);
    if (st_before != EXIT_OK || st_after != EXIT_OK) {
        /* An unreadable version is the worse trouble: 3 before 4. */
        st = (st_before == EXIT_IO || st_after == EXIT_IO) ? EXIT_IO : DIFF_INVALID;
        goto out;
    }
    d = jmap_diff_new(before->journey, after->journey);
    size_t len = 0;
    text = jmap_diff_render(d, fmt, argv[1], argv[2], &len);
    if (text == NULL) {
        cli_error("out of memory");
        st = EXIT_IO;
        goto out;
    }
    if (fwrite(text, 1, len, stdout) != len || fflush(stdout) != 0) {
        cli_error("diff: cannot write to standard output");
        st = EXIT_IO;
        goto out;
    }
    st = d->n_changes ? DIFF_DIFFERENT : DIFF_SAME;

out:
    free(text);
    jmap_diff_free(d);
    jmap_doc_free(before);
    jmap_doc_free(after);
    g_free(format);
    return st;
}
