/* cli_options.h — GOptionContext glue shared by the commands. */
#ifndef JMAP_CLI_OPTIONS_H
#define JMAP_CLI_OPTIONS_H

#include "cli.h"
#include <glib.h>

/* Parses; on error prints it and sets *done with the status to return. */
int cli_parse_options(GOptionContext *ctx, const char *cmd, int *argc, char ***argv, bool *done);

/* --safe, for the commands that read inputs (check, build, report, list). */
#define CLI_SAFE_OPTION(flag)                                                                  \
    {"safe", 0, 0, G_OPTION_ARG_NONE, (flag),                                                  \
     N_("Refuse inputs that lead outside the current folder (through a symbolic link, '..' "  \
        "or an absolute path); JMAP_SAFE=1 does the same"), NULL}

/* Survey data, as build and report take it (survey_args.c): --data
 * [LABEL=]CSV (repeatable: one wave each, the last drives the curve),
 * --data-sep and --data-map; and KPI data, --kpis CSV. */
typedef struct cli_survey_args {
    char **data;
    char *sep, *map;
    char *kpis;
} cli_survey_args;

#define CLI_SURVEY_OPTIONS(a)                                                                  \
    {"data", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &(a)->data,                                    \
     N_("Survey answers (CSV: long touchpoint,persona,score or wide, one row per respondent) " \
        "drive the emotion curve; repeat for waves (T3=q3.csv): the last one drives the "     \
        "curve, the earlier ones are drawn faint and compared in the report"),                \
     N_("[LABEL=]CSV")},                                                                       \
    {"data-sep", 0, 0, G_OPTION_ARG_STRING, &(a)->sep,                                         \
     N_("Separator of the --data files: ',', ';' or tab (default: read from the header line)"), \
     N_("SEP")},                                                                                   \
    {"data-map", 0, 0, G_OPTION_ARG_FILENAME, &(a)->map,                                       \
     N_("YAML mapping 'question label: touchpoint-id' for the columns of wide --data files"),  \
     N_("YAML")},                                                                               \
    {"kpis", 0, 0, G_OPTION_ARG_FILENAME, &(a)->kpis,                                          \
     N_("KPI data (CSV: stage,kpi,value[,target,date]) fills the stages' KPIs; dated rows "     \
        "make a trend"), N_("CSV")}

/* Reads the map, every wave and the KPI data into the doc, printing their diagnostics;
 * returns an exit status (EXIT_USAGE for a bad option value). */
int cli_apply_survey(jmap_doc *doc, const cli_survey_args *a);
/* Usage errors that need no journey (a bad --data-sep, --data-map without
 * --data); prints them. */
bool cli_survey_args_ok(const cli_survey_args *a);
void cli_survey_args_free(cli_survey_args *a);

#endif
