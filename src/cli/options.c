/*
 * options.c — option parsing shared by the commands (GLib's GOptionContext),
 * mapping its failures to exit status 2.
 */
#include "cli_options.h"

#include <string.h>

int cli_parse_options(GOptionContext *ctx, const char *cmd, int *argc, char ***argv, bool *done)
{
    GError *err = NULL;
    *done = false;
    g_option_context_set_help_enabled(ctx, TRUE);
    /* the texts of --help (marked N_ in the commands) in the user's language */
    g_option_context_set_translation_domain(ctx, JMAP_TEXTDOMAIN);
    GOptionGroup *main_group = g_option_context_get_main_group(ctx);
    if (main_group)
        g_option_group_set_translation_domain(main_group, JMAP_TEXTDOMAIN);
    if (!g_option_context_parse(ctx, argc, argv, &err)) {
        cli_error("%s", err->message);
        fprintf(stderr, _("Try 'jmap %s --help'.\n"), cmd);
        g_error_free(err);
        *done = true;
        return EXIT_USAGE;
    }
    return EXIT_OK;
}
