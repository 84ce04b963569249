/*
 * json_text.h — the one JSON string writer shared by the JSON model, the
 * x-* values the loader keeps and the report's JSON.
 */
#ifndef JMAP_JSON_TEXT_H
#define JMAP_JSON_TEXT_H

#include <glib.h>

/* Appends s as a JSON string (quotes and escapes included). */
void jmap_json_string(GString *out, const char *s);

#endif
