/*
 * i18n.h — messages in the user's language (GNU gettext, text domain "jmap").
 *
 * _("...") translates a message where it is used; N_("...") only marks a
 * string of a static table, translated later with _(). Library code only
 * looks messages up (dgettext): choosing the language (setlocale of
 * LC_MESSAGES) and finding the catalogs (bindtextdomain) is the program's
 * business (src/cli/main.c). With no catalog, or in the C locale, every
 * message is its English text, byte for byte.
 *
 * The diagnostic helpers translate their format themselves
 * (jmap_diag_add, the loader's err/warn/note, cli_error/cli_warning): a
 * literal passed to them needs no _(); po/Makefile.in's keywords tell
 * xgettext about them. P_(one, many, n) chooses a plural form.
 */
#ifndef JMAP_I18N_H
#define JMAP_I18N_H

#include <libintl.h>

#define JMAP_TEXTDOMAIN "jmap"
#define _(s) dgettext(JMAP_TEXTDOMAIN, s)
#define N_(s) (s)
/* the form of a message for the number n (one, many: the English forms) */
#define P_(one, many, n) dngettext(JMAP_TEXTDOMAIN, one, many, (unsigned long)(n))

#endif
