/*
 * html_text.h — journey text into HTML: the one escaper shared by the
 * report's HTML form (report.c) and the HTML page (render/html.c).
 */
#ifndef JMAP_HTML_TEXT_H
#define JMAP_HTML_TEXT_H

#include <glib.h>

/*
 * Appends s (NULL: nothing) as HTML text that is also safe inside a quoted
 * attribute value: & < > " ' as character references; characters HTML does
 * not allow in a document (C0 controls but tab, line feed and carriage
 * return, DEL, C1 controls, noncharacters) and bytes that are not UTF-8 as
 * U+FFFD. Nothing else changes: the result reads as the text did.
 */
void jmap_html_text(GString *out, const char *s);

/* The same for the first n bytes of s. */
void jmap_html_text_len(GString *out, const char *s, size_t n);

#endif
