/*
 * loader_yaml.c — from bytes to a small node tree, with libyaml's event API.
 * This is the only file of jmap that includes <yaml.h>. Everything hostile
 * input can do to the reader is stopped here, early and cheaply: size, NUL
 * bytes, invalid UTF-8, depth, alias expansion ("billion laughs") and cycles.
 *
 * Deep flow nesting ("[[[[...") is quadratic in libyaml's scanner only over
 * the window it scans ahead (a simple key goes stale after 1024 characters),
 * so refusing the 65th nested collection as its event arrives stops 100,000
 * brackets in about a millisecond; no pre-scan of the raw bytes is needed.
 */
#include "i18n.h"
#include "loader.h"

#include <glib.h>
#include <string.h>
#include <yaml.h>

/* ------------------------------------------------------------------ pool */

/* The tree lives in its own bump allocator (8-byte aligned, unlike the
 * arena's 16) so a million small nodes stay well under 100 MB, and the whole
 * tree goes in one call once the model is built. */
#define POOL_CHUNK (256u * 1024u)

typedef struct pool_chunk {
    struct pool_chunk *next;
    size_t used, size;
    _Alignas(8) unsigned char data[];
} pool_chunk;

struct ln_pool {
    pool_chunk *head;
    GHashTable *aliased; /* mapping node -> ln_alias* (in the pool), or NULL */
};

void ln_pool_free(ln_pool *p)
{
    if (!p)
        return;
    if (p->aliased)
        g_hash_table_destroy(p->aliased);
    for (pool_chunk *c = p->head, *next; c; c = next) {
        next = c->next;
        g_free(c);
    }
    g_free(p);
}

static void *pool_alloc(ln_pool *p, size_t size)
{
    size = (size + 7u) & ~(size_t)7u;
    if (size == 0)
        size = 8;
    pool_chunk *c = p->head;
    if (!c || c->size - c->used < size) {
        size_t cap = size > POOL_CHUNK / 4 ? size : POOL_CHUNK;
        pool_chunk *n = g_malloc(sizeof(pool_chunk) + cap);
        n->used = 0;
        n->size = cap;
        if (c && cap == size) {
            n->next = c->next;
            c->next = n;
        } else {
            n->next = c;
            p->head = n;
        }
        c = n;
    }
    void *r = c->data + c->used;
    c->used += size;
    memset(r, 0, size);
    return r;
}

const ln_alias *ln_pool_alias_of(const ln_pool *p, const ln_node *n)
{
    return p && p->aliased && n ? g_hash_table_lookup(p->aliased, n) : NULL;
}

/* ------------------------------------------------------------- positions */

jmap_span jmap_loader_span(const jmap_source *src, const ln_node *n)
{
    jmap_span s = {src, n ? n->line : 0, n ? n->col : 0};
    return s;
}

static jmap_span mark_span(const jmap_source *src, yaml_mark_t m)
{
    /* libyaml's marks are 0-based and count characters, as jmap's do. */
    jmap_span s = {src, (int)m.line + 1, (int)m.column + 1};
    return s;
}

/* Line and column (in characters) of a byte offset of a valid-UTF-8 prefix. */
static jmap_span offset_span(const jmap_source *src, size_t off)
{
    if (off > src->len)
        off = src->len;
    int line = 1;
    size_t start = 0;
    for (size_t i = 0; i < off; i++)
        if (src->text[i] == '\n') {
            line++;
            start = i + 1;
        }
    jmap_span s = {src, line, (int)g_utf8_strlen(src->text + start, (gssize)(off - start)) + 1};
    return s;
}

/* The byte at a 0-based (line, column-in-characters) mark, or 0. */
static unsigned char byte_at(const jmap_source *src, yaml_mark_t m)
{
    const char *p = src->text, *end = src->text + src->len;
    for (size_t l = 0; l < m.line && p < end; l++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl)
            return 0;
        p = nl + 1;
    }
    for (size_t c = 0; c < m.column && p < end && *p != '\n'; c++)
        p = g_utf8_next_char(p);
    return p < end ? (unsigned char)*p : 0;
}

/* --------------------------------------------------------- raw checks */

static bool check_bytes(const jmap_source *src, jmap_diags *d)
{
    jmap_span file = {src, 0, 0};
    const unsigned char *u = (const unsigned char *)src->text;
    if (src->len > JMAP_MAX_INPUT_BYTES) {
        jmap_diag_add(d, JMAP_SEV_ERROR, file,
                      "file too large (%zu bytes; the limit is %u bytes)", src->len,
                      JMAP_MAX_INPUT_BYTES);
        return false;
    }
    if (src->len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) {
        jmap_diag_add(d, JMAP_SEV_ERROR, file,
                      "the file is UTF-16; journey files must be UTF-8");
        return false;
    }
    const char *nul = memchr(src->text, '\0', src->len);
    if (nul) {
        jmap_diag_add(d, JMAP_SEV_ERROR, file,
                      "binary file (it contains NUL bytes); a journey is UTF-8 YAML text");
        return false;
    }
    const char *bad = NULL;
    if (!g_utf8_validate(src->text, (gssize)src->len, &bad)) {
        jmap_diag_add(d, JMAP_SEV_ERROR, offset_span(src, (size_t)(bad - src->text)),
                      "invalid UTF-8 (byte 0x%02X); journey files must be UTF-8",
                      (unsigned char)*bad);
        return false;
    }
    return true;
}

/* ------------------------------------------------------------ the reader */

typedef struct frame {
    ln_node *node;
    guint kids_start;
    size_t total_start;
} frame;

typedef struct pstate {
    const jmap_source *src;
    jmap_diags *d;
    ln_pool *pool;
    GPtrArray *kids;     /* children of the open collections, innermost last */
    GArray *frames;      /* of frame */
    GHashTable *anchors; /* name -> ln_node* */
    size_t total;        /* nodes so far, aliases expanded */
    ln_node *root;
    int docs;
    bool stop;
    bool broken; /* an alias could not be followed: the tree is not the file */
} pstate;

static void error_at(pstate *s, jmap_span sp, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void error_at(pstate *s, jmap_span sp, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = g_strdup_vprintf(_(fmt), ap);
    va_end(ap);
    jmap_diag_add(s->d, JMAP_SEV_ERROR, sp, "%s", msg);
    g_free(msg);
    if (s->d->truncated)
        s->stop = true;
}

static bool count_nodes(pstate *s, size_t n, yaml_mark_t at)
{
    s->total += n;
    if (s->total > JMAP_MAX_NODES) {
        error_at(s, mark_span(s->src, at),
                 "too many nodes (more than %u after expanding aliases)", JMAP_MAX_NODES);
        s->stop = true;
        return false;
    }
    return true;
}

static void add_child(pstate *s, ln_node *n)
{
    if (s->frames->len == 0) {
        if (!s->root)
            s->root = n;
    } else {
        g_ptr_array_add(s->kids, n);
    }
}

/* Tags: the YAML core ones are accepted (!!str and the non-specific ! make a
 * string); anything else (!!python/object, !custom) is an error, since jmap
 * would otherwise ignore it silently. */
static bool check_tag(pstate *s, const yaml_char_t *tag, yaml_mark_t at, bool *is_str)
{
    *is_str = false;
    if (!tag)
        return true;
    const char *t = (const char *)tag;
    if (strcmp(t, "!") == 0 || strcmp(t, "tag:yaml.org,2002:str") == 0) {
        *is_str = true;
        return true;
    }
    static const char *const core[] = {"int", "float", "bool", "null", "map", "seq",
                                       "timestamp", "binary"};
    if (g_str_has_prefix(t, "tag:yaml.org,2002:"))
        for (size_t i = 0; i < G_N_ELEMENTS(core); i++)
            if (strcmp(t + strlen("tag:yaml.org,2002:"), core[i]) == 0)
                return true;
    char qt[JMAP_QUOTE_SIZE];
    if (g_str_has_prefix(t, "tag:yaml.org,2002:"))
        error_at(s, mark_span(s->src, at), "unsupported tag '!!%s'",
                 jmap_quote_into(qt, t + strlen("tag:yaml.org,2002:")));
    else
        error_at(s, mark_span(s->src, at), "unsupported tag '%s'", jmap_quote_into(qt, t));
    return false;
}

static void set_anchor(pstate *s, const yaml_char_t *anchor, ln_node *n)
{
    if (anchor)
        g_hash_table_replace(s->anchors, g_strdup((const char *)anchor), n);
}

static ln_node *new_node(pstate *s, ln_kind kind, yaml_mark_t at)
{
    ln_node *n = pool_alloc(s->pool, sizeof *n);
    n->kind = kind;
    n->line = (int)at.line + 1;
    n->col = (int)at.column + 1;
    return n;
}

static void on_scalar(pstate *s, const yaml_event_t *e)
{
    if (!count_nodes(s, 1, e->start_mark))
        return;
    ln_node *n = new_node(s, LN_SCALAR, e->start_mark);
    bool is_str;
    check_tag(s, e->data.scalar.tag, e->start_mark, &is_str);
    if (e->data.scalar.tag) {
        size_t tl = strlen((const char *)e->data.scalar.tag);
        char *t = pool_alloc(s->pool, tl + 1);
        memcpy(t, e->data.scalar.tag, tl);
        n->tag = t;
    }
    n->quoted = is_str || e->data.scalar.style != YAML_PLAIN_SCALAR_STYLE;
    n->len = (uint32_t)e->data.scalar.length;
    char *v = pool_alloc(s->pool, n->len + 1);
    memcpy(v, e->data.scalar.value, n->len);
    n->value = v;
    n->weight = 1;
    if (memchr(v, '\0', n->len))
        error_at(s, mark_span(s->src, e->start_mark),
                 "text contains a NUL character (\\0), which jmap cannot keep");
    else if (n->len > JMAP_MAX_TEXT_BYTES)
        error_at(s, mark_span(s->src, e->start_mark),
                 "text too long (%zu bytes; the limit is %u bytes)", (size_t)n->len, JMAP_MAX_TEXT_BYTES);
    set_anchor(s, e->data.scalar.anchor, n);
    add_child(s, n);
}

static void on_alias(pstate *s, const yaml_event_t *e)
{
    const char *name = (const char *)e->data.alias.anchor;
    ln_node *target = g_hash_table_lookup(s->anchors, name);
    if (!target || target->building) {
        char qn[JMAP_QUOTE_SIZE];
        jmap_quote_into(qn, name);
        if (!target)
            error_at(s, mark_span(s->src, e->start_mark),
                     "undefined alias '*%s' (no anchor '&%s' before it)", qn, qn);
        else
            error_at(s, mark_span(s->src, e->start_mark),
                     "alias '*%s' refers to a node that contains it (a cycle)", qn);
        /* Stand in an empty scalar so the rest of the file is still read
         * for more YAML errors; the schema is not checked (its complaints
         * about the stand-in would only be noise). */
        s->broken = true;
        if (!count_nodes(s, 1, e->start_mark))
            return;
        ln_node *n = new_node(s, LN_SCALAR, e->start_mark);
        n->value = "";
        n->weight = 1;
        add_child(s, n);
        return;
    }
    if (!count_nodes(s, target->weight, e->start_mark))
        return;
    /* A repeated mapping may repeat an id: keep where it was repeated, so
     * that the error can point at the alias. Bounded, as aliases are. */
    if (target->kind == LN_MAP) {
        ln_pool *pl = s->pool;
        if (!pl->aliased)
            pl->aliased = g_hash_table_new(g_direct_hash, g_direct_equal);
        if (g_hash_table_size(pl->aliased) < JMAP_LOADER_MAX_ALIAS_PLACES &&
            !g_hash_table_contains(pl->aliased, target)) {
            ln_alias *al = pool_alloc(pl, sizeof *al);
            size_t nl = strlen(name);
            char *nm = pool_alloc(pl, nl + 1);
            memcpy(nm, name, nl);
            al->name = nm;
            al->line = (int)e->start_mark.line + 1;
            al->col = (int)e->start_mark.column + 1;
            g_hash_table_insert(pl->aliased, target, al);
        }
    }
    add_child(s, target);
}

static void on_start(pstate *s, const yaml_event_t *e, ln_kind kind)
{
    if (s->frames->len >= JMAP_MAX_DEPTH) {
        error_at(s, mark_span(s->src, e->start_mark),
                 "nesting too deep (more than %d levels)", JMAP_MAX_DEPTH);
        s->stop = true;
        return;
    }
    size_t start = s->total;
    if (!count_nodes(s, 1, e->start_mark))
        return;
    ln_node *n = new_node(s, kind, e->start_mark);
    bool is_str;
    const yaml_char_t *tag =
        kind == LN_MAP ? e->data.mapping_start.tag : e->data.sequence_start.tag;
    const yaml_char_t *anchor =
        kind == LN_MAP ? e->data.mapping_start.anchor : e->data.sequence_start.anchor;
    check_tag(s, tag, e->start_mark, &is_str);
    n->flow = kind == LN_MAP ? e->data.mapping_start.style == YAML_FLOW_MAPPING_STYLE
                             : e->data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE;
    n->building = true;
    set_anchor(s, anchor, n);
    add_child(s, n);
    frame f = {n, s->kids->len, start};
    g_array_append_val(s->frames, f);
}

static const char *kind_noun(const ln_node *n)
{
    return n->kind == LN_MAP ? _("a mapping") : n->kind == LN_SEQ ? _("a list") : _("a scalar");
}

/* Duplicate keys are found here, once per mapping even when it is shared by
 * aliases; non-scalar keys too, so the schema walk only sees text keys. */
static void check_keys(pstate *s, ln_node *map)
{
    size_t pairs = map->n / 2;
    GHashTable *seen = pairs > 16 ? g_hash_table_new(g_str_hash, g_str_equal) : NULL;
    for (size_t i = 0; i < pairs && !s->stop; i++) {
        ln_node *k = map->kids[2 * i];
        jmap_span ks = jmap_loader_span(s->src, k);
        if (k->kind != LN_SCALAR) {
            error_at(s, ks, "a mapping key must be a scalar, not %s", kind_noun(k));
            continue;
        }
        ln_node *first = NULL;
        if (seen) {
            first = g_hash_table_lookup(seen, k->value);
            if (!first)
                g_hash_table_insert(seen, (gpointer)k->value, k);
        } else {
            for (size_t j = 0; j < i && !first; j++) {
                ln_node *o = map->kids[2 * j];
                if (o->kind == LN_SCALAR && strcmp(o->value, k->value) == 0)
                    first = o;
            }
        }
        if (first) {
            size_t before = s->d->count;
            char qk[JMAP_QUOTE_SIZE];
            jmap_quote_into(qk, k->value);
            error_at(s, ks, "duplicate key '%s'", qk);
            if (s->d->count > before)
                jmap_diag_add(s->d, JMAP_SEV_NOTE, jmap_loader_span(s->src, first),
                              "'%s' first given here", qk);
        }
    }
    if (seen)
        g_hash_table_destroy(seen);
}

static void on_end(pstate *s)
{
    frame f = g_array_index(s->frames, frame, s->frames->len - 1);
    g_array_set_size(s->frames, s->frames->len - 1);
    ln_node *n = f.node;
    n->n = (uint32_t)(s->kids->len - f.kids_start);
    if (n->n) {
        n->kids = pool_alloc(s->pool, n->n * sizeof(ln_node *));
        memcpy(n->kids, s->kids->pdata + f.kids_start, n->n * sizeof(ln_node *));
    }
    g_ptr_array_set_size(s->kids, f.kids_start);
    n->weight = (uint32_t)(s->total - f.total_start);
    n->building = false;
    if (n->kind == LN_MAP)
        check_keys(s, n);
}

/* The line of a mark, without its newline: *len bytes from the result. */
static const char *line_at(const jmap_source *src, size_t line, size_t *len)
{
    const char *p = src->text, *end = src->text + src->len;
    for (size_t l = 0; l < line && p < end; l++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl)
            return NULL;
        p = nl + 1;
    }
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    *len = (size_t)((nl ? nl : end) - p);
    if (*len && p[*len - 1] == '\r')
        (*len)--;
    return p;
}

/*
 * `text: Délai d'attente : 18 minutes`: a plain text holding ': ' makes
 * libyaml say "mapping values are not allowed in this context". When the
 * line is one block key and its text, the line as it should be written:
 * `text: "Délai d'attente : 18 minutes"` (g_malloc'd), else NULL.
 */
static char *quoted_line(const jmap_source *src, yaml_mark_t m)
{
    size_t len;
    const char *line = line_at(src, m.line, &len);
    if (!line || len > 1000)
        return NULL;
    char *l = g_strndup(line, len);
    const char *at = l;
    for (size_t c = 0; c < m.column && *at; c++)
        at = g_utf8_next_char(at);
    size_t lead = 0; /* the indentation, left out of the fixed line */
    while (l[lead] == ' ')
        lead++;
    size_t i = lead; /* past "- " list markers: the key */
    while (l[i] == ' ' || (l[i] == '-' && l[i + 1] == ' '))
        i++;
    /* the key: up to the first ': ' */
    const char *colon = strstr(l + i, ": ");
    char *r = NULL;
    const char *v = colon ? colon + 2 : NULL;
    while (v && *v == ' ')
        v++;
    const char *flow = strpbrk(l, "{[");
    if (colon && colon < at && v < at && (!flow || flow > at) && !strchr("\"'", l[i]) &&
        !strchr("\"'&*!|>{[%@`", *v)) {
        char *text = g_strdup(v);
        char *hash = strstr(text, " #");
        const char *comment = "";
        if (hash) {
            comment = v + (hash - text);
            *hash = '\0';
        }
        g_strchomp(text);
        GString *out = g_string_new(NULL);
        g_string_append_len(out, l + lead, v - (l + lead));
        if (!strchr(text, '"') && !strchr(text, '\\')) {
            g_string_append_printf(out, "\"%s\"", text);
        } else if (!strchr(text, '\'')) {
            g_string_append_printf(out, "'%s'", text);
        } else {
            g_string_append_c(out, '"');
            for (const char *t = text; *t; t++) {
                if (*t == '"' || *t == '\\')
                    g_string_append_c(out, '\\');
                g_string_append_c(out, *t);
            }
            g_string_append_c(out, '"');
        }
        g_string_append(out, comment);
        g_free(text);
        r = g_string_free(out, FALSE);
    }
    g_free(l);
    return r;
}

static void syntax_error(pstate *s, yaml_parser_t *p)
{
    if (p->error == YAML_MEMORY_ERROR) {
        jmap_span whole = {s->src, 0, 0};
        error_at(s, whole, "out of memory while reading the file");
        return;
    }
    if (p->error == YAML_READER_ERROR) {
        error_at(s, offset_span(s->src, p->problem_offset), "%s",
                 p->problem ? p->problem : "cannot read the file");
        return;
    }
    const char *problem = p->problem ? p->problem : "invalid YAML";
    jmap_span at = mark_span(s->src, p->problem_mark);
    if (p->context && byte_at(s->src, p->problem_mark) != '\t') {
        jmap_span ctx = mark_span(s->src, p->context_mark);
        bool quoted = strstr(p->context, "quoted scalar") != NULL;
        if (quoted && strstr(problem, "end of stream"))
            error_at(s, ctx, "unterminated quoted string (no closing quote before the end of the file)");
        else
            error_at(s, ctx, "syntax error %s: %s", p->context, problem);
        /* Where the parser gave up helps, unless that is the end of the
         * file, which the message already says. */
        if ((ctx.line != at.line || ctx.col != at.col) && !strstr(problem, "end of stream"))
            jmap_diag_add(s->d, JMAP_SEV_NOTE, at, "the problem was found here");
        return;
    }
    char *fixed = NULL;
    if (byte_at(s->src, p->problem_mark) == '\t') {
        error_at(s, at, "syntax error: %s (a tab; YAML indents with spaces only)", problem);
    } else if (strstr(problem, "mapping values are not allowed") &&
               (fixed = quoted_line(s->src, p->problem_mark))) {
        char *shown = jmap_escape_text(fixed);
        error_at(s, at, "this text contains ': ', which YAML reads as a key; put the text in "
                        "quotes: %s", shown);
        free(shown);
        g_free(fixed);
    } else
        error_at(s, at, "syntax error: %s", problem);
}

ln_node *jmap_loader_parse(const jmap_source *src, jmap_diags *diags, ln_pool **pool)
{
    *pool = g_new0(ln_pool, 1);
    if (!check_bytes(src, diags))
        return NULL;

    pstate s = {0};
    s.src = src;
    s.d = diags;
    s.pool = *pool;
    s.kids = g_ptr_array_new();
    s.frames = g_array_new(FALSE, FALSE, sizeof(frame));
    s.anchors = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);

    yaml_parser_t parser;
    yaml_parser_initialize(&parser);
    yaml_parser_set_input_string(&parser, (const unsigned char *)src->text, src->len);
    yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);

    bool ok = true, done = false;
    while (!done && !s.stop) {
        yaml_event_t e;
        if (!yaml_parser_parse(&parser, &e)) {
            syntax_error(&s, &parser);
            ok = false;
            break;
        }
        switch (e.type) {
        case YAML_DOCUMENT_START_EVENT:
            if (++s.docs == 2) {
                error_at(&s, mark_span(src, e.start_mark),
                         "a second YAML document; a journey file holds exactly one");
                s.stop = true;
            }
            break;
        case YAML_SCALAR_EVENT: on_scalar(&s, &e); break;
        case YAML_ALIAS_EVENT: on_alias(&s, &e); break;
        case YAML_SEQUENCE_START_EVENT: on_start(&s, &e, LN_SEQ); break;
        case YAML_MAPPING_START_EVENT: on_start(&s, &e, LN_MAP); break;
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT: on_end(&s); break;
        case YAML_STREAM_END_EVENT: done = true; break;
        default: break;
        }
        yaml_event_delete(&e);
    }
    yaml_parser_delete(&parser);

    if (ok && done && s.docs == 0) {
        jmap_span whole = {src, 0, 0};
        error_at(&s, whole, "the file is empty (only blank lines or comments)");
    }
    ln_node *root = (ok && !s.stop && !s.broken && s.frames->len == 0) ? s.root : NULL;
    /* An error inside the tree (alias, tag, key, text) keeps the tree: the
     * schema walk can still report problems elsewhere. Only a tree cut short
     * is dropped. */
    g_ptr_array_free(s.kids, TRUE);
    g_array_free(s.frames, TRUE);
    g_hash_table_destroy(s.anchors);
    return root;
}
