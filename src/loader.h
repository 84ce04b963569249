/*
 * loader.h — internals shared by the loader's files. loader_yaml.c turns
 * bytes into a small node tree (the only place that sees libyaml); loader.c
 * walks that tree against the journey schema and builds the model.
 */
#ifndef JMAP_LOADER_H
#define JMAP_LOADER_H

#include "jmap.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Personas in one journey. Each touchpoint keeps a score (current and
 * target) per persona, so this bounds touchpoints x personas; real maps have
 * a handful. Documented in docs/limits.md. */
#define JMAP_LOADER_MAX_PERSONAS 100
/* Stages, touchpoints, pains, opportunities, KPIs and declared channels
 * together: bounds the model's memory whatever the node count. */
#define JMAP_LOADER_MAX_ITEMS 50000
/* Arrows a map draws between touchpoints: `next` links and hand-offs, per
 * touchpoint and in the whole journey (each is routed around the map's
 * texts, so they bound the time of a layout). Documented in docs/limits.md. */
#define JMAP_LOADER_MAX_LINKS_PER_TOUCHPOINT 20
#define JMAP_LOADER_MAX_LINKS 5000
/* Steps of one blueprint lane (or texts of one lane of the journey's own) at
 * one touchpoint: each is a card of its own. */
#define JMAP_LOADER_MAX_STEPS 50

typedef enum { LN_SCALAR, LN_SEQ, LN_MAP } ln_kind;

/*
 * One YAML node. An alias is not a node of its own: the parent points at the
 * anchored node, so shared subtrees are shared, never copied. Kept small
 * (40 bytes): a hostile file can hold a million of them.
 */
typedef struct ln_node ln_node;
struct ln_node {
    union {
        ln_node **kids;    /* seq: items; map: key0, value0, key1, value1, ... */
        const char *value; /* scalar text, NUL-terminated (no NUL inside) */
    };
    const char *tag;   /* explicit tag, NULL when none */
    uint32_t len;      /* scalar bytes (at most JMAP_MAX_INPUT_BYTES) */
    uint32_t n;        /* entries in kids */
    uint32_t weight;   /* nodes in this subtree, aliases expanded */
    int line, col;     /* 1-based; col counts characters */
    uint8_t kind;      /* ln_kind */
    bool quoted;       /* any style but plain, or tagged !!str / ! */
    bool building;     /* collection not yet closed (alias cycles) */
    bool flow;         /* a collection written [a, b] or {k: v} */
};

typedef struct ln_pool ln_pool;

/*
 * Reads `src` into a tree. Checks size, binary content, UTF-8, syntax, depth,
 * node count after alias expansion, aliases, tags, duplicate and non-scalar
 * keys, NUL characters and text length. Problems go to `diags`. Returns the
 * root node (any kind) or NULL when nothing usable was read; *pool receives
 * the memory of the tree (free it with ln_pool_free, even on NULL).
 */
ln_node *jmap_loader_parse(const jmap_source *src, jmap_diags *diags, ln_pool **pool);
void ln_pool_free(ln_pool *p);

/* Where a mapping is repeated by an alias: the tree shares the node, so the
 * alias itself has no node; the reader keeps the first alias of each
 * mapping (of the first JMAP_LOADER_MAX_ALIAS_PLACES mappings aliased). */
#define JMAP_LOADER_MAX_ALIAS_PLACES 10000
typedef struct ln_alias {
    const char *name; /* the anchor's name, without '*' */
    int line, col;
} ln_alias;
/* The first alias that repeats mapping `n`, or NULL. */
const ln_alias *ln_pool_alias_of(const ln_pool *p, const ln_node *n);

/* The span of a node of `src`. */
jmap_span jmap_loader_span(const jmap_source *src, const ln_node *n);

#endif
