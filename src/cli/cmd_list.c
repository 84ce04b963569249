/*
 * cmd_list.c — `jmap list personas|stages|touchpoints|channels FILE`:
 * one id per line for shell loops; --names adds a tab and the name.
 */
#include "cli_options.h"
#include "layout.h"

#include <string.h>

static void line(const char *id, const char *name, bool names)
{
    if (names && name)
        printf("%s\t%s\n", id, name);
    else
        printf("%s\n", id);
}

int cmd_list(int argc, char **argv)
{
    gboolean names = FALSE, quiet = FALSE, safe = FALSE;
    GOptionEntry entries[] = {
        {"names", 0, 0, G_OPTION_ARG_NONE, &names, N_("Add a tab and the name after each id"), NULL},
        {"quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, N_("Errors only, no warnings"), NULL},
        CLI_SAFE_OPTION(&safe),
        {NULL, 0, 0, 0, NULL, NULL, NULL},
    };
    GOptionContext *ctx =
        g_option_context_new(N_("personas|stages|touchpoints|channels FILE - list ids, one per line"));
    g_option_context_add_main_entries(ctx, entries, NULL);
    g_option_context_set_description(
        ctx, N_("Example:\n  for p in $(jmap list personas journey.yaml); do\n"
             "    jmap build journey.yaml -p \"$p\" -o \"map-$p.pdf\"\n  done\n"
             "channels lists the channels the journey's touchpoints use, in order of first use."));
    bool done;
    int st = cli_parse_options(ctx, "list", &argc, &argv, &done);
    g_option_context_free(ctx);
    if (done)
        return st;
    g_cli.quiet = quiet;
    g_cli.safe = g_cli.safe || safe;
    static const char *const kinds[] = {"personas", "stages", "touchpoints", "channels"};
    if (argc != 3) {
        cli_error("list: expected what to list and a journey file");
        fprintf(stderr, _("Try 'jmap %s --help'.\n"), "list");
        return EXIT_USAGE;
    }
    int kind = -1;
    for (int i = 0; i < 4; i++)
        if (strcmp(argv[1], kinds[i]) == 0)
            kind = i;
    if (kind < 0) {
        const char *s = jmap_suggest(argv[1], kinds, 4);
        if (s)
            cli_error("list: unknown list '%s' (did you mean '%s'?)", cli_q(argv[1]), s);
        else
            cli_error("list: unknown list '%s' (personas, stages, touchpoints, channels)",
                      cli_q(argv[1]));
        return EXIT_USAGE;
    }
    int status;
    jmap_doc *doc = cli_load_journey(argv[2], &status);
    if (!doc || status != EXIT_OK) {
        jmap_doc_free(doc);
        return status;
    }
    const jmap_journey *j = doc->journey;
    switch (kind) {
    case 0:
        if (!j->personas_implicit)
            for (size_t i = 0; i < j->n_personas; i++)
                line(j->personas[i]->id, j->personas[i]->name, names);
        break;
    case 1:
        for (size_t i = 0; i < j->n_stages; i++)
            line(j->stages[i]->id, j->stages[i]->name, names);
        break;
    case 2:
        for (size_t i = 0; i < j->n_touchpoints; i++)
            line(j->touchpoints[i]->id, j->touchpoints[i]->name, names);
        break;
    default: {
        bool *seen = g_new0(bool, j->n_channels);
        for (size_t i = 0; i < j->n_touchpoints; i++) {
            const jmap_channel *c = j->touchpoints[i]->channel;
            if (c && !seen[c->index]) {
                seen[c->index] = true;
                line(c->id, jmap_layout_channel_name(c, j->locale), names);
            }
        }
        g_free(seen);
    }
    }
    jmap_doc_free(doc);
    return EXIT_OK;
}
