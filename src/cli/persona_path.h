/* persona_path.h — `{persona}` in -o replaced by a persona id, safely. */
#ifndef JMAP_CLI_PERSONA_PATH_H
#define JMAP_CLI_PERSONA_PATH_H

/* Why the pattern cannot be used ({persona} in its folder part), or NULL. */
const char *cli_persona_pattern_unfit(const char *pattern);

/* Why id cannot be part of a file name (empty, "." or "..", a '/' or a
 * control character in it), or NULL when it can. */
const char *cli_persona_id_unfit(const char *id);

/* pattern with every {persona} replaced by id (g_free it), or NULL with
 * *why set when the id is unfit or the result would not be a file of the
 * pattern's folder (the part of pattern before its last '/'). */
char *cli_persona_path(const char *pattern, const char *id, const char **why);

/* s with control characters written \xNN, for messages (g_free it). */
char *cli_escape_controls(const char *s);

#endif
