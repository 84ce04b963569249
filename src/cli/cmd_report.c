/*
 * cmd_report.c — `jmap report FILE [-f text|md|json] [--persona ID]...
 * [--data [LABEL=]CSV]... [--kpis CSV] [--threshold NAME=VALUE]... [--strict]`:
 * prints the analysis of a journey on stdout. --strict turns the report into
 * a CI gate: exit 1 when high-severity pains are unaddressed or a stage has
 * no touchpoint.
 */
#include "analysis.h"
#include "cli_options.h"
#include "report.h"

#include <stdlib.h>
#include <string.h>

/* "jmap: strict: 2 unaddressed high-severity pains: a, b" on stderr; `fmt`
 * takes the program, the number and the ids. */
static void strict_line(const char *fmt, size_t n, GString *ids)
{
    char *shown = jmap_escape_text(ids->str);
    fprintf(stderr, fmt, g_cli.prog ? g_cli.prog : "jmap", n, shown);
    free(shown);
}

static int strict_gate(const jmap_analysis *a)
{
    if (a->n_unaddressed_high == 0 && a->n_empty_stages == 0)
        return EXIT_OK;
    GString *ids = g_string_new(NULL);
    if (a->n_unaddressed_high) {
        for (size_t i = 0; i < a->n_unaddressed; i++)
            if (a->unaddressed[i]->severity == JMAP_LEVEL_HIGH)
                g_string_append_printf(ids, "%s%s", ids->len ? ", " : "", a->unaddressed[i]->id);
        strict_line(P_("%s: strict: %zu unaddressed high-severity pain: %s\n",
                       "%s: strict: %zu unaddressed high-severity pains: %s\n", a->n_unaddressed_high),
                    a->n_unaddressed_high, ids);
    }
    if (a->n_empty_stages) {
        g_string_truncate(ids, 0);
        for (size_t i = 0; i < a->n_empty_stages; i++)
            g_string_append_printf(ids, "%s%s", i ? ", " : "", a->empty_stages[i]->id);
        strict_line(P_("%s: strict: %zu stage with no touchpoint: %s\n",
                       "%s: strict: %zu stages with no touchpoint: %s\n", a->n_empty_stages),
                    a->n_empty_stages, ids);
    }
    g_string_free(ids, true);
    return EXIT_INVALID;
}

/* Builds the persona mask from --persona ids; false (after a message) on an unknown id. */
static bool persona_mask(const jmap_journey *j, char **ids, bool **mask_out)
{
    *mask_out = NULL;
    if (ids == NULL || ids[0] == NULL)
        return true;
    bool *mask = g_new0(bool, j->n_personas ? j->n_personas : 1);
    const char **cands = g_new0(const char *, j->n_personas + 1);
    size_t n_cands = 0;
    if (!j->personas_implicit)
        for (size_t i = 0; i < j->n_personas; i++)
            cands[n_cands++] = j->personas[i]->id;
    bool ok = true;
    for (char **p = ids; *p; p++) {
        const jmap_persona *pe = j->personas_implicit ? NULL : jmap_journey_persona(j, *p);
        if (pe) {
            mask[pe->index] = true;
            continue;
        }
        const char *s = jmap_suggest(*p, cands, n_cands);
        if (s)
            cli_error("report: unknown persona '%s' (did you mean '%s'?)", cli_q(*p), cli_q(s));
        else if (n_cands == 0)
            cli_error("report: unknown persona '%s' (the journey declares no personas)", cli_q(*p));
        else
            cli_error("report: unknown persona '%s'", cli_q(*p));
        ok = false;
    }
    g_free(cands);
    if (!ok) {
        g_free(mask);
        return false;
    }
    *mask_out = mask;
    return true;
}

int cmd_report(int argc, char **argv)
{
    gchar *format = NULL;
    gchar **personas = NULL, **threshold_specs = NULL;
    gboolean strict = FALSE, quiet = FALSE, safe = FALSE;
    cli_survey_args survey = {0};
    GOptionEntry entries[] = {
        {"format", 'f', 0, G_OPTION_ARG_STRING, &format, N_("Output format: text (default), md, json"), N_("FMT")},
        {"persona", 'p', 0, G_OPTION_ARG_STRING_ARRAY, &personas, N_("Analyse only this persona (repeatable)"),
         N_("ID")},
        {"strict", 0, 0, G_OPTION_ARG_NONE, &strict,
         N_("Exit 1 when high-severity pains are unaddressed or a stage has no touchpoint"), NULL},
        CLI_SURVEY_OPTIONS(&survey),
        {"threshold", 't', 0, G_OPTION_ARG_STRING_ARRAY, &threshold_specs,
         N_("Set a threshold of the findings, over the journey's analysis: mapping (repeatable): "
         "sharp_drop, inconsistency or gap_min_touchpoints"), N_("NAME=VALUE")},
        {"quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, N_("Errors only, no warnings"), NULL},
        CLI_SAFE_OPTION(&safe),
        {NULL, 0, 0, 0, NULL, NULL, NULL},
    };
    GOptionContext *ctx = g_option_context_new(N_("FILE - analyse a journey"));
    g_option_context_add_main_entries(ctx, entries, NULL);
    g_option_context_set_description(
        ctx, N_("Prints per-stage emotion, sharp drops, moments of truth, pains (and those no\n"
             "opportunity addresses), opportunities ranked with quick wins first, channel\n"
             "gaps, inconsistencies between channels and KPIs off target; with --data,\n"
             "each touchpoint's mean in each survey wave and the change between them.\n"
             "\n"
             "Formats: text for a terminal, md to paste in a pull request, json for tools\n"
             "(docs/report.md, docs/report.schema.json).\n"
             "\n"
             "Example, as a CI gate:\n"
             "  jmap report --strict -f md journey.yaml > report.md\n"
             "\n"
             "Exit status: 0 ok, 1 invalid journey, unknown persona or --strict findings,\n"
             "2 usage error, 3 input/output failure."));
    bool done;
    int st = cli_parse_options(ctx, "report", &argc, &argv, &done);
    g_option_context_free(ctx);
    jmap_doc *doc = NULL;
    bool *mask = NULL;
    jmap_analysis *a = NULL;
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
            cli_error("report: unknown format '%s' (did you mean '%s'?)", cli_q(format), s);
        else
            cli_error("report: unknown format '%s' (text, md, json)", cli_q(format));
        st = EXIT_USAGE;
        goto out;
    }
    jmap_thresholds thresholds;
    if (!cli_parse_thresholds(threshold_specs, &thresholds)) {
        st = EXIT_USAGE;
        goto out;
    }
    if (argc < 2) {
        cli_error("report: expected a journey file");
        fprintf(stderr, _("Try 'jmap %s --help'.\n"), "report");
        st = EXIT_USAGE;
        goto out;
    }
    if (argc > 2 && (survey.data || survey.kpis)) {
        cli_error("report: --data and --kpis belong to one journey; report several journeys one "
                  "by one to use them");
        st = EXIT_USAGE;
        goto out;
    }
    if (!cli_survey_args_ok(&survey)) {
        st = EXIT_USAGE;
        goto out;
    }
    /* several journeys: their reports one after the other (JSON: an array
     * of reports), the exit status the worst of them */
    bool many = argc > 2;
    st = EXIT_OK;
    if (many && fmt == JMAP_REPORT_JSON)
        fputs("[\n", stdout);
    for (int i = 1; i < argc; i++) {
        int one = EXIT_OK;
        doc = cli_load_journey(argv[i], &one);
        if (doc && one == EXIT_OK)
            one = cli_apply_survey(doc, &survey);
        if (doc && one == EXIT_OK &&
            (!cli_check_thresholds(&thresholds, doc->journey) ||
             !persona_mask(doc->journey, personas, &mask)))
            one = EXIT_INVALID;
        if (doc && one == EXIT_OK) {
            jmap_analysis_opts opts = {mask, &thresholds};
            a = jmap_analysis_new(doc->journey, &opts);
            size_t len = 0;
            text = jmap_report_render(a, fmt, &len);
            if (text == NULL) {
                cli_error("out of memory");
                one = EXIT_IO;
            } else {
                if (many && i > 1)
                    fputs(fmt == JMAP_REPORT_JSON ? ",\n" : fmt == JMAP_REPORT_MD ? "\n---\n\n" : "\n",
                          stdout);
                if (fwrite(text, 1, len, stdout) != len || fflush(stdout) != 0) {
                    cli_error("report: cannot write to standard output");
                    one = EXIT_IO;
                } else if (strict) {
                    one = strict_gate(a);
                }
            }
            free(text);
            text = NULL;
            jmap_analysis_free(a);
            a = NULL;
        }
        g_free(mask);
        mask = NULL;
        jmap_doc_free(doc);
        doc = NULL;
        if (one > st)
            st = one;
    }
    if (many && fmt == JMAP_REPORT_JSON)
        fputs("]\n", stdout);

out:
    free(text);
    jmap_analysis_free(a);
    g_free(mask);
    jmap_doc_free(doc);
    g_free(format);
    g_strfreev(personas);
    cli_survey_args_free(&survey);
    g_strfreev(threshold_specs);
    return st;
}
