/* templates.h — the starter journeys of `jmap init`. */
#ifndef JMAP_CLI_TEMPLATES_H
#define JMAP_CLI_TEMPLATES_H

#include "jmap.h"

#define CLI_TEMPLATE_COUNT 4

/* Template names, the default first. */
extern const char *const cli_template_names[CLI_TEMPLATE_COUNT];

/* The text of a template in a locale (with "@SCHEMA@" in its first line), or
 * NULL when the name is unknown. */
const char *cli_template_text(const char *name, jmap_locale locale);

#endif
