/*
 * diag.c — collecting diagnostics and formatting them the way compilers do,
 * with the source line and a caret, so editors and CI can annotate them.
 */
#include "jmap.h"
#include "i18n.h"

#include <glib.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* ----------------------------------------------------- quoting values */

bool jmap_char_is_hidden(uint32_t u)
{
    return u < 0x20 || (u >= 0x7F && u <= 0x9F) || u == 0x061C || u == 0x200E || u == 0x200F ||
           (u >= 0x202A && u <= 0x202E) || (u >= 0x2066 && u <= 0x2069) || u == 0x2028 ||
           u == 0x2029;
}

/* Appends s escaped; with max_chars > 0, stops after that many characters
 * (an undecodable byte counts as one) and appends "…". */
static void escape_append(GString *out, const char *s, size_t max_chars)
{
    const char *p = s, *end = s + strlen(s);
    size_t n = 0;
    while (p < end) {
        if (max_chars && n == max_chars) {
            g_string_append(out, "\xE2\x80\xA6"); /* … */
            return;
        }
        n++;
        gunichar u = g_utf8_get_char_validated(p, end - p < 4 ? end - p : 4);
        if (u == (gunichar)-1 || u == (gunichar)-2) {
            g_string_append_printf(out, "\\x%02X", (unsigned char)*p);
            p++;
            continue;
        }
        const char *next = g_utf8_next_char(p);
        if (!jmap_char_is_hidden(u))
            g_string_append_len(out, p, next - p);
        else if (u == 0x1B)
            g_string_append(out, "\\e");
        else if (u == '\n')
            g_string_append(out, "\\n");
        else if (u == '\r')
            g_string_append(out, "\\r");
        else if (u == '\t')
            g_string_append(out, "\\t");
        else
            g_string_append_printf(out, "\\u{%X}", (unsigned)u);
        p = next;
    }
}

char *jmap_escape_text(const char *s)
{
    GString *out = g_string_new(NULL);
    if (s)
        escape_append(out, s, 0);
    char *r = strdup(out->str);
    g_string_free(out, TRUE);
    return r;
}

char *jmap_quote(const char *s)
{
    GString *out = g_string_new(NULL);
    if (s)
        escape_append(out, s, JMAP_QUOTE_MAX_CHARS);
    char *r = strdup(out->str);
    g_string_free(out, TRUE);
    return r;
}

char *jmap_quote_into(char *buf, const char *s)
{
    GString *out = g_string_new(NULL);
    if (s)
        escape_append(out, s, JMAP_QUOTE_MAX_CHARS);
    g_strlcpy(buf, out->str, JMAP_QUOTE_SIZE);
    g_string_free(out, TRUE);
    return buf;
}

/* ------------------------------------------------------- diagnostics */

void jmap_diags_init(jmap_diags *d, jmap_arena *arena)
{
    memset(d, 0, sizeof *d);
    d->arena = arena;
}

void jmap_diags_free(jmap_diags *d)
{
    if (!d)
        return;
    g_free(d->items);
    d->items = NULL;
    d->count = d->cap = 0;
}

void jmap_diag_add(jmap_diags *d, jmap_severity sev, jmap_span span, const char *fmt, ...)
{
    size_t max = d->max_errors ? d->max_errors : JMAP_DEFAULT_MAX_ERRORS;
    if (sev == JMAP_SEV_ERROR)
        d->errors++;
    else if (sev == JMAP_SEV_WARNING)
        d->warnings++;
    if (sev == JMAP_SEV_ERROR && d->errors > max) {
        d->truncated = true;
        return;
    }
    /* Warnings are capped too, so a hostile file cannot grow the list. */
    if (sev != JMAP_SEV_ERROR && d->count >= 4 * max)
        return;
    if (d->count == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 16;
        d->items = g_renew(jmap_diag, d->items, d->cap);
    }
    va_list ap;
    va_start(ap, fmt);
    /* the format is the English message; its translation when there is one */
    char *msg = g_strdup_vprintf(_(fmt), ap);
    va_end(ap);
    /* Escaped here, once, so that no caller can forget: a value holding an
     * escape sequence or a line break cannot repaint a terminal or forge a
     * line of a CI log. */
    char *safe = jmap_escape_text(msg);
    jmap_diag *x = &d->items[d->count++];
    x->severity = sev;
    x->span = span;
    x->message = jmap_arena_strdup(d->arena, safe);
    free(safe);
    g_free(msg);
}

static int cmp_span(const jmap_diag *a, const jmap_diag *b)
{
    const char *na = a->span.src ? a->span.src->name : "";
    const char *nb = b->span.src ? b->span.src->name : "";
    int c = strcmp(na, nb);
    if (c)
        return c;
    if (a->span.line != b->span.line)
        return a->span.line < b->span.line ? -1 : 1;
    if (a->span.col != b->span.col)
        return a->span.col < b->span.col ? -1 : 1;
    return 0;
}

void jmap_diags_sort(jmap_diags *d)
{
    /* insertion sort: stable, and the lists are short */
    for (size_t i = 1; i < d->count; i++) {
        jmap_diag t = d->items[i];
        size_t j = i;
        while (j > 0 && cmp_span(&d->items[j - 1], &t) > 0) {
            d->items[j] = d->items[j - 1];
            j--;
        }
        d->items[j] = t;
    }
}

#define DIAG_LINE_MAX 160 /* characters of a source line quoted at most */

/* The bytes of line `line` (1-based) of src, without its newline. */
static const char *line_of(const jmap_source *src, int line, size_t *len)
{
    const char *p = src->text, *end = src->text + src->len;
    for (int l = 1; l < line && p < end; l++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl)
            return NULL;
        p = nl + 1;
    }
    if (p >= end && line > 1)
        return NULL;
    const char *e = memchr(p, '\n', (size_t)(end - p));
    if (!e)
        e = end;
    if (e > p && e[-1] == '\r')
        e--;
    *len = (size_t)(e - p);
    return p;
}

char *jmap_diag_format(const jmap_diag *d, bool color)
{
    static const char *const label[] = {"error", "warning", "note"};
    static const char *const colour[] = {"\033[1;31m", "\033[1;35m", "\033[1;36m"};
    const char *bold = color ? "\033[1m" : "", *reset = color ? "\033[0m" : "";
    GString *s = g_string_new(NULL);

    /* The file name comes from the user too (a name may hold a line break);
     * the message was escaped when added, and is again here for a diag made
     * by hand. Escaping is idempotent: it leaves no control character. */
    char *name = d->span.src ? jmap_escape_text(d->span.src->name) : NULL;
    char *msg = jmap_escape_text(d->message);
    if (d->span.src && d->span.line > 0)
        g_string_append_printf(s, "%s%s:%d:%d:%s ", bold, name, d->span.line, d->span.col, reset);
    else if (d->span.src)
        g_string_append_printf(s, "%s%s:%s ", bold, name, reset);
    g_string_append_printf(s, "%s%s:%s %s\n", color ? colour[d->severity] : "",
                           label[d->severity], reset, msg);
    free(name);
    free(msg);

    size_t len = 0;
    const char *ln = (d->span.src && d->span.line > 0) ? line_of(d->span.src, d->span.line, &len)
                                                       : NULL;
    if (ln) {
        /* Quote the line only if it is valid UTF-8; otherwise show it escaped. */
        GString *q = g_string_new(NULL);
        const char *p = ln, *e = ln + len;
        while (p < e) {
            const char *bad = NULL;
            if (g_utf8_validate(p, e - p, &bad)) {
                g_string_append_len(q, p, e - p);
                break;
            }
            g_string_append_len(q, p, bad - p);
            g_string_append_printf(q, "\\x%02X", (unsigned char)*bad);
            p = bad + 1;
        }
        for (char *c = q->str; *c; c++)
            if (*c == '\t')
                *c = ' ';
        /* Control characters (the file may hold an escape sequence) and
         * bidirectional controls (which reorder what a terminal shows) must
         * not reach a terminal: each becomes one U+FFFD, so the caret still
         * lines up. */
        for (const char *c = q->str; *c; c = g_utf8_next_char(c)) {
            gunichar u = g_utf8_get_char(c);
            if (jmap_char_is_hidden(u)) {
                GString *clean = g_string_new(NULL);
                for (const char *k = q->str; *k; k = g_utf8_next_char(k)) {
                    gunichar v = g_utf8_get_char(k);
                    if (jmap_char_is_hidden(v))
                        g_string_append(clean, "\xEF\xBF\xBD");
                    else
                        g_string_append_len(clean, k, g_utf8_next_char(k) - k);
                }
                g_string_free(q, TRUE);
                q = clean;
                break;
            }
        }
        /* A very long line (minified or hostile input) is quoted as a window
         * around the column, so one diagnostic stays a few lines of text. */
        long col0 = 1; /* column of the first character quoted */
        long total = g_utf8_strlen(q->str, -1);
        if (total > DIAG_LINE_MAX) {
            col0 = d->span.col - DIAG_LINE_MAX / 2;
            if (col0 + DIAG_LINE_MAX - 1 > total)
                col0 = total - DIAG_LINE_MAX + 1;
            if (col0 < 1)
                col0 = 1;
            const char *from = g_utf8_offset_to_pointer(q->str, col0 - 1);
            const char *to = g_utf8_offset_to_pointer(from, DIAG_LINE_MAX);
            GString *w = g_string_new(col0 > 1 ? "..." : "");
            g_string_append_len(w, from, to - from);
            if (*to)
                g_string_append(w, "...");
            g_string_free(q, TRUE);
            q = w;
        }
        char num[16];
        int w = g_snprintf(num, sizeof num, "%d", d->span.line);
        g_string_append_printf(s, " %s | %s\n", num, q->str);
        g_string_append_printf(s, " %*s | ", w, "");
        /* caret under the column: columns count characters; CJK and emoji take
         * two cells in a terminal */
        long col = col0;
        const char *c = q->str;
        if (col0 > 1) {
            g_string_append(s, "   ");
            c += 3;
        }
        while (*c && col < d->span.col) {
            gunichar u = g_utf8_get_char(c);
            g_string_append(s, g_unichar_iswide(u) ? "  " : " ");
            c = g_utf8_next_char(c);
            col++;
        }
        g_string_append_printf(s, "%s^%s\n", color ? colour[d->severity] : "", reset);
        g_string_free(q, TRUE);
    }
    char *out = strdup(s->str);
    g_string_free(s, TRUE);
    return out;
}

/* Edit distance where swapping two neighbours counts as one edit ("wbe" ->
 * "web"), with an early bound; inputs are short identifiers. */
static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 64 || lb > 64)
        return (size_t)-1;
    size_t rows[3][65];
    size_t *prev2 = rows[0], *prev = rows[1], *cur = rows[2];
    for (size_t j = 0; j <= lb; j++)
        prev[j] = j;
    for (size_t i = 1; i <= la; i++) {
        cur[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            char ca = g_ascii_tolower(a[i - 1]), cb = g_ascii_tolower(b[j - 1]);
            size_t v = prev[j - 1] + (ca == cb ? 0 : 1);
            if (prev[j] + 1 < v)
                v = prev[j] + 1;
            if (cur[j - 1] + 1 < v)
                v = cur[j - 1] + 1;
            if (i > 1 && j > 1 && ca == g_ascii_tolower(b[j - 2]) &&
                g_ascii_tolower(a[i - 2]) == cb && prev2[j - 2] + 1 < v)
                v = prev2[j - 2] + 1;
            cur[j] = v;
        }
        size_t *t = prev2;
        prev2 = prev;
        prev = cur;
        cur = t;
    }
    return prev[lb];
}

const char *jmap_suggest(const char *word, const char *const *candidates, size_t n)
{
    if (!word || !*word)
        return NULL;
    size_t len = strlen(word);
    size_t limit = len <= 3 ? 1 : len <= 6 ? 2 : 3;
    const char *best = NULL;
    size_t best_d = limit + 1;
    for (size_t i = 0; i < n; i++) {
        if (!candidates[i])
            continue;
        size_t dd = edit_distance(word, candidates[i]);
        if (dd < best_d) {
            best_d = dd;
            best = candidates[i];
        }
    }
    return best_d <= limit ? best : NULL;
}
