/*
 * pptx_scan.h — the fuzzers' check of a PowerPoint deck: a zip libzip can
 * read back whose first part is [Content_Types].xml, and whose XML parts
 * are each well-formed enough that no journey text can have added markup:
 * valid UTF-8 without control characters, every element closed in order,
 * attribute values quoted, '<' only where a tag starts and '&' only where
 * an entity does. Aborts with a message otherwise.
 */
#ifndef JMAP_FUZZ_PPTX_SCAN_H
#define JMAP_FUZZ_PPTX_SCAN_H

#include <glib.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

static void pptx_fail(const char *part, const char *why, size_t at)
{
    fprintf(stderr, "pptx_scan: %s: %s at byte %zu\n", part, why, at);
    abort();
}

/* An entity at s[i] ('&'): the five of XML or a character reference. */
static size_t pptx_entity(const char *s, size_t n, size_t i)
{
    static const char *const names[] = {"&amp;", "&lt;", "&gt;", "&quot;", "&apos;"};
    for (size_t k = 0; k < 5; k++)
        if (strncmp(s + i, names[k], strlen(names[k])) == 0)
            return strlen(names[k]);
    size_t j = i + 1;
    if (j < n && s[j] == '#') {
        j++;
        while (j < n && g_ascii_isalnum(s[j]))
            j++;
        if (j < n && s[j] == ';' && j > i + 2)
            return j - i + 1;
    }
    return 0;
}

static void pptx_scan_xml(const char *part, const char *s, size_t n)
{
    if (!g_utf8_validate(s, (gssize)n, NULL))
        pptx_fail(part, "not UTF-8", 0);
    GPtrArray *stack = g_ptr_array_new_with_free_func(g_free);
    size_t i = 0;
    bool root_done = false;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 && c != '\n' && c != '\r' && c != '\t')
            pptx_fail(part, "control character", i);
        if (c == '&') {
            size_t e = pptx_entity(s, n, i);
            if (!e)
                pptx_fail(part, "'&' outside an entity", i);
            i += e;
            continue;
        }
        if (c == '>')
            pptx_fail(part, "'>' outside a tag", i);
        if (c != '<') {
            if (!stack->len && !g_ascii_isspace(c))
                pptx_fail(part, "text outside the root element", i);
            i++;
            continue;
        }
        /* a tag */
        if (i + 1 < n && s[i + 1] == '?') {
            const char *end = g_strstr_len(s + i, (gssize)(n - i), "?>");
            if (!end || i != 0)
                pptx_fail(part, "processing instruction", i);
            i = (size_t)(end - s) + 2;
            continue;
        }
        bool closing = i + 1 < n && s[i + 1] == '/';
        size_t j = i + (closing ? 2 : 1), name0 = j;
        while (j < n && (g_ascii_isalnum(s[j]) || s[j] == ':' || s[j] == '_' || s[j] == '-' ||
                         s[j] == '.'))
            j++;
        if (j == name0)
            pptx_fail(part, "tag without a name", i);
        char *name = g_strndup(s + name0, j - name0);
        bool empty = false;
        for (;;) {
            while (j < n && g_ascii_isspace(s[j]))
                j++;
            if (j >= n)
                pptx_fail(part, "tag not closed", i);
            if (s[j] == '>') {
                j++;
                break;
            }
            if (s[j] == '/' && !closing && j + 1 < n && s[j + 1] == '>') {
                empty = true;
                j += 2;
                break;
            }
            if (closing)
                pptx_fail(part, "attribute on a closing tag", j);
            size_t a0 = j;
            while (j < n && (g_ascii_isalnum(s[j]) || s[j] == ':' || s[j] == '_' || s[j] == '-'))
                j++;
            if (j == a0 || j + 1 >= n || s[j] != '=' || (s[j + 1] != '"' && s[j + 1] != '\''))
                pptx_fail(part, "attribute without a quoted value", j);
            char q = s[j + 1];
            j += 2;
            while (j < n && s[j] != q) {
                if (s[j] == '<')
                    pptx_fail(part, "'<' in an attribute value", j);
                if (s[j] == '&') {
                    size_t e = pptx_entity(s, n, j);
                    if (!e)
                        pptx_fail(part, "'&' outside an entity", j);
                    j += e;
                    continue;
                }
                j++;
            }
            if (j >= n)
                pptx_fail(part, "attribute value not closed", a0);
            j++;
            if (j < n && !g_ascii_isspace(s[j]) && s[j] != '>' && s[j] != '/')
                pptx_fail(part, "attributes run together", j);
        }
        if (closing) {
            if (!stack->len || strcmp(g_ptr_array_index(stack, stack->len - 1), name) != 0)
                pptx_fail(part, "closing tag does not match", i);
            g_ptr_array_remove_index(stack, stack->len - 1);
            g_free(name);
            root_done = stack->len == 0;
        } else {
            if (root_done)
                pptx_fail(part, "a second root element", i);
            if (empty) {
                g_free(name);
                root_done = stack->len == 0;
            } else {
                g_ptr_array_add(stack, name);
            }
        }
        i = j;
    }
    if (stack->len || !root_done)
        pptx_fail(part, "element not closed", n);
    g_ptr_array_free(stack, TRUE);
}

static void check_pptx(const GByteArray *deck)
{
    zip_error_t err;
    zip_error_init(&err);
    zip_source_t *src = zip_source_buffer_create(deck->data, deck->len, 0, &err);
    zip_t *za = src ? zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &err) : NULL;
    if (!za)
        pptx_fail("deck", zip_error_strerror(&err), 0);
    zip_int64_t n = zip_get_num_entries(za, 0);
    if (n < 1 || strcmp(zip_get_name(za, 0, 0), "[Content_Types].xml") != 0)
        pptx_fail("deck", "[Content_Types].xml is not the first part", 0);
    for (zip_int64_t i = 0; i < n; i++) {
        const char *name = zip_get_name(za, (zip_uint64_t)i, 0);
        if (!g_str_has_suffix(name, ".xml") && !g_str_has_suffix(name, ".rels"))
            continue;
        zip_stat_t st;
        zip_file_t *f = zip_fopen_index(za, (zip_uint64_t)i, 0);
        if (!f || zip_stat_index(za, (zip_uint64_t)i, 0, &st) < 0)
            pptx_fail(name, "cannot read", 0);
        char *buf = g_malloc(st.size + 1);
        if (zip_fread(f, buf, st.size) != (zip_int64_t)st.size)
            pptx_fail(name, "short read", 0);
        zip_fclose(f);
        pptx_scan_xml(name, buf, st.size);
        g_free(buf);
    }
    zip_discard(za);
    zip_error_fini(&err);
}

#endif
