/*
 * pdf_scan.h — what a harness checks in every PDF jmap writes: the file's
 * syntax holds no name of an action or a script (/JavaScript, /Launch, ...)
 * outside its strings and streams, and no string or stream is left open.
 * Texts from the input (links, titles, outline entries) end up in PDF
 * strings; if one of them could end its string, what follows would be PDF
 * syntax, such as an action a reader runs. The same scan as
 * tests/pdf_names.py. Header-only: each harness is one program.
 */
#ifndef JMAP_FUZZ_PDF_SCAN_H
#define JMAP_FUZZ_PDF_SCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

static const char *const pdf_dangerous_names[] = {
    "JavaScript", "JS",      "Launch",     "SubmitForm",   "ImportData",    "GoToR", "GoToE",
    "OpenAction", "AA",      "RichMedia",  "EmbeddedFile", "EmbeddedFiles", "XFA",
};

static bool pdf_white(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\0';
}

static bool pdf_delim(unsigned char c)
{
    return c && strchr("()<>[]{}/%", c) != NULL;
}

static int pdf_hex(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* The name at p[0..n) (after its '/'), #XX escapes decoded, is `want`. */
static bool pdf_name_is(const unsigned char *p, size_t n, const char *want)
{
    size_t k = 0, wl = strlen(want);
    for (size_t i = 0; i < n; i++, k++) {
        unsigned char c = p[i];
        if (c == '#' && i + 2 < n && pdf_hex(p[i + 1]) >= 0 && pdf_hex(p[i + 2]) >= 0) {
            c = (unsigned char)(pdf_hex(p[i + 1]) * 16 + pdf_hex(p[i + 2]));
            i += 2;
        }
        if (k >= wl || (unsigned char)want[k] != c)
            return false;
    }
    return k == wl;
}

static bool pdf_starts(const unsigned char *d, size_t n, size_t i, const char *s)
{
    size_t l = strlen(s);
    return i + l <= n && !memcmp(d + i, s, l);
}

/* Where `s` next occurs in d[from..n), or n. */
static size_t pdf_find(const unsigned char *d, size_t n, size_t from, const char *s)
{
    size_t l = strlen(s);
    for (size_t i = from; i + l <= n; i++)
        if (!memcmp(d + i, s, l))
            return i;
    return n;
}

/*
 * Scans a PDF. Returns the first dangerous name found outside strings and
 * streams (without its '/'), or "unterminated string or stream" when the
 * file ends inside one, or NULL when the file is clean.
 */
static const char *pdf_scan(const unsigned char *d, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned char c = d[i];
        if (c == '(') {
            int depth = 1;
            for (i++; depth > 0; i++) {
                if (i >= n)
                    return "unterminated string or stream";
                if (d[i] == '\\')
                    i++;
                else if (d[i] == '(')
                    depth++;
                else if (d[i] == ')')
                    depth--;
            }
        } else if (pdf_starts(d, n, i, "<<") || pdf_starts(d, n, i, ">>")) {
            i += 2;
        } else if (c == '<') {
            size_t end = pdf_find(d, n, i, ">");
            if (end == n)
                return "unterminated string or stream";
            i = end + 1;
        } else if (c == '%') {
            while (i < n && d[i] != '\r' && d[i] != '\n')
                i++;
        } else if (c == '/') {
            size_t j = i + 1;
            while (j < n && !pdf_white(d[j]) && !pdf_delim(d[j]))
                j++;
            for (size_t k = 0; k < sizeof pdf_dangerous_names / sizeof pdf_dangerous_names[0]; k++)
                if (pdf_name_is(d + i + 1, j - i - 1, pdf_dangerous_names[k]))
                    return pdf_dangerous_names[k];
            i = j;
        } else if (pdf_starts(d, n, i, "stream") && (i == 0 || pdf_white(d[i - 1])) &&
                   i + 6 < n && (d[i + 6] == '\r' || d[i + 6] == '\n')) {
            size_t end = pdf_find(d, n, i + 6, "endstream");
            if (end == n)
                return "unterminated string or stream";
            i = end + 9;
        } else {
            i++;
        }
    }
    return NULL;
}

#endif
