/*
 * csv.c — the CSV reader of the side files (csv.h). It is our own because
 * every error must point at the line and column of the field at fault,
 * which general CSV libraries do not track.
 */
#include "csv.h"

#include "i18n.h"

#include <string.h>

jmap_span csv_span(const csv_reader *r, int line, int col)
{
    jmap_span s = {r->src, line, col};
    return s;
}

/* Moves past one byte, keeping line and column (columns count characters). */
static void advance(csv_reader *r)
{
    unsigned char c = (unsigned char)*r->p++;
    if (c == '\n') {
        r->line++;
        r->col = 1;
    } else if ((c & 0xC0) != 0x80) {
        r->col++;
    }
}

static bool at_line_end(const csv_reader *r)
{
    return r->p < r->end && (*r->p == '\n' || *r->p == '\r');
}

/* Consumes a line break (LF, CRLF; a lone CR is reported once and treated as one). */
static void eat_line_end(csv_reader *r)
{
    if (*r->p == '\r') {
        if (r->p + 1 < r->end && r->p[1] == '\n') {
            advance(r);
        } else {
            if (!r->bare_cr_reported)
                jmap_diag_add(r->diags, JMAP_SEV_ERROR, csv_span(r, r->line, r->col),
                              "carriage return without a line feed; save the file with LF or "
                              "CRLF line endings");
            r->bare_cr_reported = true;
            advance(r);
            return;
        }
    }
    advance(r);
}

/*
 * Reads one record into r->fields. Returns 1 when a record was read, 0 at the
 * end of the input, -1 when the rest of the input cannot be read (an
 * unterminated quote). *bad is set when the record is malformed (already
 * reported) and must be skipped.
 */
int csv_read_record(csv_reader *r, bool *bad)
{
    *bad = false;
    g_string_truncate(r->buf, 0);
    g_array_set_size(r->fields, 0);
    if (r->p >= r->end)
        return 0;
    r->rec_line = r->line;
    for (;;) {
        csv_field f = {r->buf->len, 0, r->line, r->col, false};
        if (r->p < r->end && *r->p == '"') {
            f.quoted = true;
            int qline = r->line, qcol = r->col;
            advance(r);
            for (;;) {
                if (r->p >= r->end) {
                    jmap_diag_add(r->diags, JMAP_SEV_ERROR, csv_span(r, qline, qcol),
                                  "unterminated quoted field: the quote opened here is never "
                                  "closed");
                    return -1;
                }
                if (*r->p == '"') {
                    if (r->p + 1 < r->end && r->p[1] == '"') {
                        g_string_append_c(r->buf, '"');
                        advance(r);
                        advance(r);
                        continue;
                    }
                    advance(r);
                    break;
                }
                g_string_append_c(r->buf, *r->p);
                advance(r);
            }
            if (r->p < r->end && *r->p != r->sep && !at_line_end(r)) {
                if (!*bad)
                    jmap_diag_add(r->diags, JMAP_SEV_ERROR, csv_span(r, r->line, r->col),
                                  "unexpected text after a closing quote; a quote inside a "
                                  "quoted field is written twice (\"\")");
                *bad = true;
                while (r->p < r->end && *r->p != r->sep && !at_line_end(r))
                    advance(r);
            }
        } else {
            while (r->p < r->end && *r->p != r->sep && !at_line_end(r)) {
                if (*r->p == '"' && !*bad) {
                    jmap_diag_add(r->diags, JMAP_SEV_ERROR, csv_span(r, r->line, r->col),
                                  "quote inside an unquoted field; enclose the field in quotes "
                                  "and write the quote twice (\"\")");
                    *bad = true;
                }
                g_string_append_c(r->buf, *r->p);
                advance(r);
            }
        }
        f.len = r->buf->len - f.off;
        g_string_append_c(r->buf, '\0');
        g_array_append_val(r->fields, f);
        if (r->p < r->end && *r->p == r->sep) {
            advance(r);
            continue;
        }
        r->end_line = r->line;
        r->end_col = r->col;
        if (r->p < r->end)
            eat_line_end(r);
        return 1;
    }
}

const char *csv_field_text(const csv_reader *r, size_t i)
{
    return r->buf->str + g_array_index(r->fields, csv_field, i).off;
}

const csv_field *csv_field_at(const csv_reader *r, size_t i)
{
    return &g_array_index(r->fields, csv_field, i);
}

/* A blank line: one empty, unquoted field. */
bool csv_record_blank(const csv_reader *r)
{
    return r->fields->len == 1 && csv_field_at(r, 0)->len == 0 && !csv_field_at(r, 0)->quoted;
}

const jmap_source *csv_source(jmap_doc *doc, const char *name, const char *data, size_t len,
                              const char *what, bool *ok)
{
    jmap_diags *d = &doc->diags;
    *ok = false;
    if (len > JMAP_MAX_INPUT_BYTES) {
        /* The text may not even have been read: register an empty one. */
        jmap_source *big = jmap_doc_add_source(doc, name, "", 0);
        jmap_span at = {big, 0, 0};
        jmap_diag_add(d, JMAP_SEV_ERROR, at, "%s too large (%zu bytes; the limit is %u)", _(what),
                      len, JMAP_MAX_INPUT_BYTES);
        return big;
    }
    /* A byte-order mark, as spreadsheets write, is not part of the text: it
     * is left out of the source, so that lines and columns (and the quoted
     * line under a diagnostic) are those of the text. */
    if (data && len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
        data += 3;
        len -= 3;
    }
    const jmap_source *src = jmap_doc_add_source(doc, name, data ? data : "", data ? len : 0);
    if (!src)
        return NULL;
    /* The text must be UTF-8 before any column can be counted. */
    const char *bad = NULL;
    if (!g_utf8_validate(src->text, (gssize)src->len, &bad)) {
        int line = 1, col = 1;
        for (const char *c = src->text; c < bad; c++) {
            if (*c == '\n') {
                line++;
                col = 1;
            } else if (((unsigned char)*c & 0xC0) != 0x80) {
                col++;
            }
        }
        jmap_span at = {src, line, col};
        if (*bad == '\0')
            jmap_diag_add(d, JMAP_SEV_ERROR, at, "NUL byte in the %s", _(what));
        else
            jmap_diag_add(d, JMAP_SEV_ERROR, at, "invalid UTF-8 (byte 0x%02X)",
                          (unsigned char)*bad);
        return src;
    }
    *ok = true;
    return src;
}

void csv_init(csv_reader *r, const jmap_source *src, jmap_diags *diags)
{
    memset(r, 0, sizeof *r);
    r->src = src;
    r->diags = diags;
    r->p = src->text;
    r->end = src->text + src->len;
    r->line = r->col = 1;
    r->buf = g_string_new(NULL);
    r->fields = g_array_new(FALSE, FALSE, sizeof(csv_field));
}

void csv_free(csv_reader *r)
{
    if (r->buf)
        g_string_free(r->buf, TRUE);
    if (r->fields)
        g_array_free(r->fields, TRUE);
    r->buf = NULL;
    r->fields = NULL;
}

/* A header name folded for comparison: accents dropped, lower case, '_',
 * '-' and runs of blanks as one space, trimmed. Caller frees. */
char *csv_norm_name(const char *s)
{
    char *d = g_utf8_normalize(s, -1, G_NORMALIZE_NFD);
    GString *o = g_string_new(NULL);
    bool space = false;
    for (const char *p = d ? d : ""; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (g_unichar_ismark(c))
            continue;
        if (c == '_' || c == '-' || g_unichar_isspace(c)) {
            space = o->len > 0;
            continue;
        }
        if (space)
            g_string_append_c(o, ' ');
        space = false;
        g_string_append_unichar(o, g_unichar_tolower(c));
    }
    g_free(d);
    return g_string_free(o, FALSE);
}

/* Splits the first line that is not blank at `sep` (quotes respected, a
 * quoted field may span lines): how many fields, and how many of them are
 * names this journey knows. */
static void count_header(const csv_reader *r, char sep, bool (*known_name)(const void *, const char *),
                         const void *ctx, int *fields, int *known)
{
    const char *p = r->p, *end = r->end;
    while (p < end && (*p == '\n' || *p == '\r'))
        p++;
    *fields = *known = 0;
    GString *f = g_string_new(NULL);
    while (p < end) {
        g_string_truncate(f, 0);
        if (*p == '"') {
            for (p++; p < end; p++) {
                if (*p == '"') {
                    if (p + 1 < end && p[1] == '"') {
                        g_string_append_c(f, '"');
                        p++;
                        continue;
                    }
                    p++;
                    break;
                }
                g_string_append_c(f, *p);
            }
        }
        while (p < end && *p != sep && *p != '\n' && *p != '\r')
            g_string_append_c(f, *p++);
        (*fields)++;
        if (known_name(ctx, g_strstrip(f->str)))
            (*known)++;
        if (p < end && *p == sep) {
            p++;
            continue;
        }
        break;
    }
    g_string_free(f, TRUE);
}

/* The separator the header line is written with: the one that splits it
 * into the most names this journey knows, then into the most fields;
 * comma, semicolon, tab in that order on a tie. */
char csv_sniff(const csv_reader *r, bool (*known)(const void *ctx, const char *name),
               const void *ctx)
{
    static const char seps[] = {',', ';', '\t'};
    char best = ',';
    int bk = -1, bf = -1;
    for (size_t i = 0; i < sizeof seps; i++) {
        int fields, nk;
        count_header(r, seps[i], known, ctx, &fields, &nk);
        if (nk > bk || (nk == bk && fields > bf)) {
            best = seps[i];
            bk = nk;
            bf = fields;
        }
    }
    return best;
}

const char *csv_sep_name(char sep)
{
    return sep == ';' ? _("semicolon") : sep == '\t' ? _("tab") : _("comma");
}

bool csv_under_cap(const jmap_diags *d)
{
    size_t max = d->max_errors ? d->max_errors : JMAP_DEFAULT_MAX_ERRORS;
    return d->errors < max;
}

/* "a, b, c, …": the first ids of a list, to say what was expected. */
char *csv_some_ids(const char *const *ids, size_t n)
{
    GString *g = g_string_new(NULL);
    char q[JMAP_QUOTE_SIZE];
    for (size_t i = 0; i < n && i < 6; i++)
        g_string_append_printf(g, "%s%s", i ? ", " : "", jmap_quote_into(q, ids[i]));
    if (n > 6)
        g_string_append(g, ", \u2026");
    return g_string_free(g, FALSE);
}
