/*
 * arena.c — bump allocator: one per loaded journey, freed in one call.
 */
#include "jmap.h"

#include <glib.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_CHUNK 65536u
#define ARENA_ALIGN 16u

typedef struct chunk {
    struct chunk *next;
    size_t used, size;
    _Alignas(16) unsigned char data[];
} chunk;

struct jmap_arena {
    chunk *head;
};

jmap_arena *jmap_arena_new(void)
{
    return g_new0(jmap_arena, 1);
}

void jmap_arena_free(jmap_arena *a)
{
    if (!a)
        return;
    chunk *c = a->head;
    while (c) {
        chunk *next = c->next;
        g_free(c);
        c = next;
    }
    g_free(a);
}

void *jmap_arena_alloc(jmap_arena *a, size_t size)
{
    size = (size + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
    if (size == 0)
        size = ARENA_ALIGN;
    chunk *c = a->head;
    if (!c || c->size - c->used < size) {
        size_t cap = size > ARENA_CHUNK / 4 ? size : ARENA_CHUNK;
        chunk *n = g_malloc(sizeof(chunk) + cap);
        n->used = 0;
        n->size = cap;
        if (cap == size && c) {
            /* A large block gets its own chunk behind the current one, so the
             * current chunk's free space is not wasted. */
            n->next = c->next;
            c->next = n;
        } else {
            n->next = c;
            a->head = n;
        }
        c = n;
    }
    void *p = c->data + c->used;
    c->used += size;
    memset(p, 0, size);
    return p;
}

char *jmap_arena_strndup(jmap_arena *a, const char *s, size_t n)
{
    if (!s)
        return NULL;
    char *d = jmap_arena_alloc(a, n + 1);
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

char *jmap_arena_strdup(jmap_arena *a, const char *s)
{
    return s ? jmap_arena_strndup(a, s, strlen(s)) : NULL;
}

char *jmap_arena_printf(jmap_arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *tmp = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    char *r = jmap_arena_strdup(a, tmp);
    g_free(tmp);
    return r;
}
