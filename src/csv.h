/*
 * csv.h — the CSV reader the side files share (survey answers, KPI data):
 * records with the line and column of every field, so that each problem
 * points at the field at fault; the separator sniffed from the header line;
 * header names folded for comparison. Internal to the library.
 */
#ifndef JMAP_CSV_H
#define JMAP_CSV_H

#include "jmap.h"

#include <glib.h>

typedef struct csv_field {
    size_t off, len; /* into the reader's buffer (NUL-terminated there) */
    int line, col;
    bool quoted;
} csv_field;

typedef struct csv_reader {
    const jmap_source *src;
    jmap_diags *diags;
    const char *p, *end;
    int line, col;
    GString *buf;   /* the unescaped texts of the current record */
    GArray *fields; /* csv_field */
    int rec_line;   /* where the current record starts */
    int end_line, end_col; /* where it ends (before its line break) */
    bool bare_cr_reported;
    char sep; /* ',', ';' or '\t' */
} csv_reader;

/*
 * Registers the text as a source of the doc and checks it can be read: not
 * over JMAP_MAX_INPUT_BYTES, valid UTF-8 without NUL. A byte-order mark is
 * left out of the source. `what` names the file in messages ("survey file").
 * Returns the source (NULL when out of memory); *ok false after an error.
 */
const jmap_source *csv_source(jmap_doc *doc, const char *name, const char *data, size_t len,
                              const char *what, bool *ok);
/* Starts reading src (sep 0 until set). */
void csv_init(csv_reader *r, const jmap_source *src, jmap_diags *diags);
void csv_free(csv_reader *r);

jmap_span csv_span(const csv_reader *r, int line, int col);
/*
 * Reads one record into r->fields. Returns 1 when a record was read, 0 at the
 * end of the input, -1 when the rest of the input cannot be read (an
 * unterminated quote). *bad is set when the record is malformed (already
 * reported) and must be skipped.
 */
int csv_read_record(csv_reader *r, bool *bad);
const char *csv_field_text(const csv_reader *r, size_t i);
const csv_field *csv_field_at(const csv_reader *r, size_t i);
/* A blank line: one empty, unquoted field. */
bool csv_record_blank(const csv_reader *r);

/* A header name folded for comparison: accents dropped, lower case, '_',
 * '-' and runs of blanks as one space, trimmed. Caller g_free()s. */
char *csv_norm_name(const char *s);
/* The separator the header line is written with: the one of ',', ';', tab
 * that splits it into the most names `known` accepts, then into the most
 * fields; comma, semicolon, tab in that order on a tie. */
char csv_sniff(const csv_reader *r, bool (*known)(const void *ctx, const char *name),
               const void *ctx);
const char *csv_sep_name(char sep); /* "comma", "semicolon", "tab" */

/* Whether more errors would still be kept. */
bool csv_under_cap(const jmap_diags *d);
/* "a, b, c, …": the first ids of a list, quoted, to say what was expected.
 * Caller g_free()s. */
char *csv_some_ids(const char *const *ids, size_t n);

#endif
