/*
 * markdown.c — finds the journeys of a Markdown document (markdown.h).
 * Follows CommonMark where it decides what is code: fenced code blocks
 * (``` or ~~~, up to three spaces of indentation, closed by a fence of the
 * same character at least as long), indented code blocks, and code spans
 * on a line; an image reference inside any of them is text, not a journey.
 */
#include "markdown.h"

#include <string.h>

typedef struct {
    const char *s;
    size_t len, pos, line;
} cursor;

/* The line at the cursor: [*b, *e) without its line break, *next after it. */
static bool next_line(cursor *c, size_t *b, size_t *e, size_t *next)
{
    if (c->pos >= c->len)
        return false;
    *b = c->pos;
    const char *nl = memchr(c->s + c->pos, '\n', c->len - c->pos);
    *next = nl ? (size_t)(nl - c->s) + 1 : c->len;
    *e = nl ? (size_t)(nl - c->s) : c->len;
    if (*e > *b && c->s[*e - 1] == '\r')
        (*e)--;
    return true;
}

static size_t indent_of(const char *s, size_t b, size_t e)
{
    size_t i = b;
    while (i < e && s[i] == ' ')
        i++;
    return i - b;
}

/* A fence line: up to three spaces, then three or more ` or ~. Sets the
 * character, the run's length, the indentation and where the info string
 * starts. A backtick fence's info string holds no backtick. */
static bool fence_open(const char *s, size_t b, size_t e, char *ch, size_t *run, size_t *ind,
                       size_t *info)
{
    size_t i = indent_of(s, b, e);
    if (i > 3 || b + i >= e || (s[b + i] != '`' && s[b + i] != '~'))
        return false;
    char c = s[b + i];
    size_t k = b + i;
    while (k < e && s[k] == c)
        k++;
    if (k - (b + i) < 3)
        return false;
    if (c == '`' && memchr(s + k, '`', e - k))
        return false;
    *ch = c;
    *run = k - (b + i);
    *ind = i;
    *info = k;
    return true;
}

static bool fence_close(const char *s, size_t b, size_t e, char ch, size_t run)
{
    size_t i = indent_of(s, b, e);
    if (i > 3)
        return false;
    size_t k = b + i;
    while (k < e && s[k] == ch)
        k++;
    if (k - (b + i) < run)
        return false;
    while (k < e && (s[k] == ' ' || s[k] == '\t'))
        k++;
    return k == e;
}

/* The info string's first word is "jmap" (any case). */
static bool info_is_jmap(const char *s, size_t i, size_t e)
{
    while (i < e && (s[i] == ' ' || s[i] == '\t'))
        i++;
    size_t w = i;
    while (w < e && s[w] != ' ' && s[w] != '\t' && s[w] != '{')
        w++;
    return w - i == 4 && g_ascii_strncasecmp(s + i, "jmap", 4) == 0;
}

static bool blank(const char *s, size_t b, size_t e)
{
    for (size_t i = b; i < e; i++)
        if (s[i] != ' ' && s[i] != '\t')
            return false;
    return true;
}

static bool journey_path(const char *p, size_t n)
{
    if (n == 0 || memchr(p, ':', n)) /* a URL (scheme:), or a drive */
        return false;
    static const char *const ext[] = {".yaml", ".yml"};
    for (size_t i = 0; i < G_N_ELEMENTS(ext); i++) {
        size_t l = strlen(ext[i]);
        if (n > l && g_ascii_strncasecmp(p + n - l, ext[i], l) == 0)
            return true;
    }
    return false;
}

/* An image reference starting at s[i] == '!' within [i, e): fills the block. */
static bool image_at(const char *s, size_t i, size_t e, size_t line, size_t line_start,
                     jmap_md_block *out)
{
    if (i + 1 >= e || s[i + 1] != '[')
        return false;
    size_t k = i + 2, depth = 1;
    while (k < e && depth) {
        if (s[k] == '\\' && k + 1 < e)
            k++;
        else if (s[k] == '[')
            depth++;
        else if (s[k] == ']')
            depth--;
        k++;
    }
    if (depth || k >= e || s[k] != '(')
        return false;
    size_t alt_b = i + 2, alt_e = k - 1;
    k++;
    while (k < e && s[k] == ' ')
        k++;
    size_t pb, pe;
    if (k < e && s[k] == '<') {
        pb = ++k;
        while (k < e && s[k] != '>')
            k++;
        if (k >= e)
            return false;
        pe = k++;
    } else {
        pb = k;
        while (k < e && s[k] != ' ' && s[k] != ')')
            k++;
        pe = k;
    }
    /* an optional title, then the closing parenthesis */
    while (k < e && s[k] == ' ')
        k++;
    if (k < e && (s[k] == '"' || s[k] == '\'')) {
        char q = s[k++];
        while (k < e && s[k] != q)
            k++;
        if (k >= e)
            return false;
        k++;
        while (k < e && s[k] == ' ')
            k++;
    }
    if (k >= e || s[k] != ')' || !journey_path(s + pb, pe - pb))
        return false;
    out->kind = JMAP_MD_IMAGE;
    out->start = i;
    out->end = k + 1;
    out->alt = g_strndup(s + alt_b, alt_e - alt_b);
    out->path = g_strndup(s + pb, pe - pb);
    out->line = line;
    out->col = pb - line_start + 1;
    return true;
}

/* The image references of one line of text, code spans skipped. */
static void scan_inline(const char *s, size_t b, size_t e, size_t line, GArray *blocks)
{
    size_t i = b;
    while (i < e) {
        if (s[i] == '\\') {
            i += 2;
            continue;
        }
        if (s[i] == '`') {
            size_t run = 0;
            while (i + run < e && s[i + run] == '`')
                run++;
            /* the span ends at the next run of the same length */
            size_t k = i + run, end = 0;
            while (k < e) {
                if (s[k] != '`') {
                    k++;
                    continue;
                }
                size_t r = 0;
                while (k + r < e && s[k + r] == '`')
                    r++;
                if (r == run) {
                    end = k + r;
                    break;
                }
                k += r;
            }
            i = end ? end : i + run;
            continue;
        }
        jmap_md_block blk;
        memset(&blk, 0, sizeof blk);
        if (s[i] == '!' && image_at(s, i, e, line, b, &blk)) {
            g_array_append_val(blocks, blk);
            i = blk.end;
            continue;
        }
        i++;
    }
}

GArray *jmap_md_scan(const char *text, size_t len)
{
    GArray *blocks = g_array_new(FALSE, TRUE, sizeof(jmap_md_block));
    cursor c = {text, len, 0, 0};
    size_t b, e, next;
    bool prev_blank = true, in_indented = false;
    while (next_line(&c, &b, &e, &next)) {
        c.line++;
        char ch;
        size_t run, ind, info;
        if (fence_open(text, b, e, &ch, &run, &ind, &info)) {
            in_indented = false;
            bool jmap = info_is_jmap(text, info, e);
            jmap_md_block blk;
            memset(&blk, 0, sizeof blk);
            blk.kind = JMAP_MD_FENCE;
            blk.start = b;
            blk.body = next;
            blk.body_line = c.line + 1;
            blk.body_indent = ind;
            c.pos = next;
            blk.body_end = len;
            blk.end = len;
            while (next_line(&c, &b, &e, &next)) {
                c.line++;
                c.pos = next;
                if (fence_close(text, b, e, ch, run)) {
                    blk.body_end = b;
                    blk.end = next;
                    blk.closed = true;
                    break;
                }
            }
            if (jmap)
                g_array_append_val(blocks, blk);
            prev_blank = false;
            continue;
        }
        c.pos = next;
        bool is_blank = blank(text, b, e);
        size_t indent = indent_of(text, b, e);
        bool code = !is_blank && (indent >= 4 || (b < e && text[b] == '\t')) &&
                    (prev_blank || in_indented);
        in_indented = code || (in_indented && is_blank);
        if (!code && !is_blank)
            scan_inline(text, b, e, c.line, blocks);
        prev_blank = is_blank;
    }
    return blocks;
}

void jmap_md_blocks_free(GArray *blocks)
{
    if (!blocks)
        return;
    for (guint i = 0; i < blocks->len; i++) {
        jmap_md_block *b = &g_array_index(blocks, jmap_md_block, i);
        g_free(b->alt);
        g_free(b->path);
    }
    g_array_free(blocks, TRUE);
}

char *jmap_md_fence_text(const char *text, const jmap_md_block *b, size_t *len)
{
    GString *g = g_string_new(NULL);
    for (size_t i = 1; i < b->body_line; i++)
        g_string_append_c(g, '\n');
    size_t p = b->body;
    while (p < b->body_end) {
        const char *nl = memchr(text + p, '\n', b->body_end - p);
        size_t e = nl ? (size_t)(nl - text) + 1 : b->body_end;
        size_t skip = 0;
        while (skip < b->body_indent && p + skip < e && text[p + skip] == ' ')
            skip++;
        g_string_append_len(g, text + p + skip, (gssize)(e - p - skip));
        p = e;
    }
    *len = g->len;
    return g_string_free(g, FALSE);
}
