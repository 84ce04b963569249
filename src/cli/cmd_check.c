/*
 * cmd_check.c — `jmap check FILE...`: validate journeys, print diagnostics,
 * silent on success.
 */
#include "cli_options.h"

int cmd_check(int argc, char **argv)
{
    gboolean quiet = FALSE, safe = FALSE;
    GOptionEntry entries[] = {
        {"quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, N_("Errors only, no warnings"), NULL},
        CLI_SAFE_OPTION(&safe),
        {NULL, 0, 0, 0, NULL, NULL, NULL},
    };
    GOptionContext *ctx = g_option_context_new(N_("FILE... - validate journey files"));
    g_option_context_add_main_entries(ctx, entries, NULL);
    g_option_context_set_description(ctx, N_("Prints nothing when every file is valid. Exit status: 0 valid, 1 "
                                          "invalid, 2 usage error, 3 unreadable file."));
    bool done;
    int st = cli_parse_options(ctx, "check", &argc, &argv, &done);
    g_option_context_free(ctx);
    if (done)
        return st;
    g_cli.quiet = quiet;
    g_cli.safe = g_cli.safe || safe;
    if (argc < 2) {
        cli_error("check: no journey file given");
        fprintf(stderr, _("Try 'jmap %s --help'.\n"), "check");
        return EXIT_USAGE;
    }
    int worst = EXIT_OK;
    for (int i = 1; i < argc; i++) {
        int status;
        jmap_doc *doc = cli_load_journey(argv[i], &status);
        jmap_doc_free(doc);
        /* an unreadable file outranks an invalid one */
        if (status == EXIT_IO || (status == EXIT_INVALID && worst == EXIT_OK))
            worst = status;
    }
    return worst;
}
