/*
 * markdown.h — where a Markdown document holds journeys: ```jmap fences
 * (the journey inline) and image references to journey files
 * (![alt](journey.yaml)). Pure text scanning: no rendering, no file access.
 * Fences of other languages (and anything inside them) are skipped, so a
 * document that shows a ```jmap example inside a ````markdown fence keeps it.
 */
#ifndef JMAP_MARKDOWN_H
#define JMAP_MARKDOWN_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>

typedef enum { JMAP_MD_FENCE, JMAP_MD_IMAGE } jmap_md_kind;

typedef struct jmap_md_block {
    jmap_md_kind kind;
    /* bytes [start, end) of the document that the block replaces: the whole
     * fence (opening line to closing line, its line break included), or
     * the image reference `![alt](path)` */
    size_t start, end;
    /* FENCE: the body, bytes [body, body_end), its indentation removed when
     * the fence is indented (body_indent spaces); body_line: its first line
     * (1-based); closed: a closing fence was found */
    size_t body, body_end, body_indent;
    size_t body_line;
    bool closed;
    /* IMAGE: alt text and path (g_malloc'd), line and column (1-based) of
     * the path */
    char *alt, *path;
    size_t line, col;
} jmap_md_block;

/* The blocks of a document, in order (array of jmap_md_block); free with
 * jmap_md_blocks_free. */
GArray *jmap_md_scan(const char *text, size_t len);
void jmap_md_blocks_free(GArray *blocks);

/* The body of a fence as a journey text whose line numbers are the
 * document's (the lines before it are empty) and whose columns are too
 * (an indented fence's indentation is removed from every line, so its
 * columns are counted from it). g_malloc'd, *len set. */
char *jmap_md_fence_text(const char *text, const jmap_md_block *b, size_t *len);

#endif
