/*
 * url.h — the links of a map: which URLs a journey may give, and how a URL
 * is spelled in a PDF so that no byte of it can end the string it sits in.
 *
 * The loader refuses a URL whose problem jmap_url_problem() names; the
 * renderer draws only links jmap_url_allowed() accepts, spelled by
 * jmap_url_escape().
 */
#ifndef JMAP_URL_H
#define JMAP_URL_H

#include <stdbool.h>

/* What is wrong with a touchpoint's `url`, as one sentence (g_free it), or
 * NULL when it is a link jmap draws: http:// or https:// and a host, or
 * mailto: and an address (schemes in any case), without control
 * characters. A value with no scheme that looks like a host name or an
 * e-mail address gets a suggestion ("did you mean 'https://www.x.com'?"). */
char *jmap_url_problem(const char *url);

/* True when the URL's scheme is one jmap draws (http, https, mailto). */
bool jmap_url_allowed(const char *url);

/*
 * The URL percent-encoded for a PDF link (g_free it). Kept as they are:
 * letters, digits, - . _ ~ and the delimiters : / ? # @ ! $ & * + , ; =,
 * and a % that starts a valid escape (%2F), so a URL is never encoded
 * twice. Every other byte becomes %XX: ( ) \ (which would end or bend a
 * PDF string), space, quotes, < > [ ] { } | ^ `, a % not followed by two
 * hexadecimal digits, control characters and every byte of a non-ASCII
 * character.
 */
char *jmap_url_escape(const char *url);

#endif
