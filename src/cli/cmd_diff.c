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

int cmd_diff(int argc, char **argv)
{
    gchar *format = NULL;
    gboolean quiet = FALSE, safe = FALSE;
    GOptionEntry entries[] = {
        {"format", 'f', 0, G_OPTION_ARG_STRING, &format, N_("Output format: text (default), md, json"), N_("FMT")},
        {"quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, N_("Errors only, no warnings"), NULL},
        CLI_SAFE_OPTION(&safe),
        {NULL, 0, 0, 0, NULL, NULL, NULL},
    };
    GOptionContext *ctx = g_option_context_new(N_("OLD NEW - what changed between two versions of a journey"));
    g_option_context_add_main_entries(ctx, entries, NULL);
    g_option_context_set_description(
        ctx, N_("Compares two versions of a journey, matched by id: personas, stages and\n"
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
             "3 input/output failure (git included), 4 a version is invalid."));
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
        fprintf(stderr, _("Try 'jmap %s --help'.\n"), "diff");
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
    before = cli_load_version(argv[1], &st_before, DIFF_INVALID);
    after = cli_load_version(argv[2], &st_after, DIFF_INVALID);
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
