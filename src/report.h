/*
 * report.h — an analysis (src/analysis.h) as text for a terminal, Markdown
 * for a pull request, or JSON for other tools (docs/report.md).
 * Labels of the text and Markdown forms follow the journey's locale.
 */
#ifndef JMAP_REPORT_H
#define JMAP_REPORT_H

#include "analysis.h"

/* HTML: a fragment for the HTML page of a map (render/html.c) — the
 * Markdown form's sections as an <h2>, <h3>s, paragraphs, a list and
 * tables, every text escaped. */
typedef enum { JMAP_REPORT_TEXT, JMAP_REPORT_MD, JMAP_REPORT_JSON, JMAP_REPORT_HTML } jmap_report_fmt;

/* "text", "md" (or "markdown"), "json"; false when unknown (the HTML
 * fragment is not a format of `jmap report`). */
bool jmap_report_fmt_parse(const char *name, jmap_report_fmt *out);

/* The report as a malloc'd, NUL-terminated string ending in a newline
 * (the caller free()s it); *len_out gets its length when not NULL. */
char *jmap_report_render(const jmap_analysis *a, jmap_report_fmt fmt, size_t *len_out);

/* A number rounded to 2 decimals, trailing zeros dropped ("3.5", "-2", "0.33"),
 * independent of the machine's locale; decimal_comma writes "3,5".
 * Writes into buf (at least 32 bytes) and returns it. */
char *jmap_report_number(char *buf, double v, bool decimal_comma);

/* A channel's name as the report shows it: its own name, else the built-in
 * name in English or French (fr), else its id; "" for NULL. */
const char *jmap_report_channel_name(const jmap_channel *c, bool fr);

#endif
