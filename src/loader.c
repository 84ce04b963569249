/*
 * loader.c — the journey schema: walks the node tree read by loader_yaml.c
 * and builds the model in the doc's arena, reporting every problem it finds
 * (unknown keys, wrong types, bad values, duplicate ids, unknown references)
 * as a diagnostic pointing at the node that caused it.
 *
 * The walk has three steps, so that nothing depends on the order of keys in
 * the file: (1) read every mapping into model objects, keeping the nodes
 * that name other objects; (2) give every object its id, explicit ids first
 * so that a derived id never takes an id written in the file; (3) resolve
 * the references (channels, personas, emotions, pains) against those ids.
 *
 * Flat lists (journey->touchpoints, ->pains, ->opportunities) are in map
 * order: stage by stage; within a stage, each touchpoint's items in order,
 * then the stage-level ones. Positions used for fallback ids ("pain-3")
 * count in that same order.
 */
#include "i18n.h"
#include "imagefile.h"
#include "json_text.h"
#include "loader.h"
#include "url.h"

#include <errno.h>
#include <glib.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* What jmap_load allocates: the public doc plus the options the theme kit
 * needs later. */
typedef struct doc_priv {
    jmap_doc pub;
    bool no_image_check;
} doc_priv;

#define PAIN_ID_MAX 40   /* derived pain/opportunity ids are cut on a '-' */
#define SUGGEST_MAX 1000 /* candidates searched for "did you mean" */

/* Personas' curve colours: colour-blind safe, clear of the valence hues
 * (green, amber, red) and as far apart in lightness as that allows: blue,
 * reddish purple, indigo, sky blue, purple, teal, charcoal. */
static const uint32_t default_palette[] = {0x0072B2, 0xCC79A7, 0x332288, 0x56B4E9,
                                           0x7A5195, 0x00798C, 0x3B3B3B};

/* References read in step 1, resolved in step 3. */
typedef struct tp_refs {
    jmap_touchpoint *tp;
    const ln_node *node, *channel, *personas, *emotion, *target;
    const ln_node *handoff, *next; /* touchpoint references, resolved once ids are known */
} tp_refs;

typedef struct persona_refs {
    jmap_persona *p;
    const ln_node *channels;
} persona_refs;

typedef struct opp_refs {
    jmap_opportunity *o;
    const ln_node *addresses;
} opp_refs;

typedef struct ctx {
    jmap_doc *doc;
    jmap_arena *a;
    jmap_diags *d;
    const jmap_source *src;
    GHashTable *said; /* diagnostics already given (shared alias subtrees) */
    const char *base_dir;
    const char *folder_label; /* "journey's" or "theme kit's" */
    bool no_image_check;
    jmap_journey *j;
    bool scale_ok;
    size_t n_tp_seen;
    bool tp_limit_said;
    size_t n_items;         /* model objects read, for JMAP_LOADER_MAX_ITEMS */
    GHashTable *id_nodes;   /* model object -> its explicit `id` node */
    GHashTable *item_nodes; /* model object -> its mapping */
    const ln_pool *pool;    /* the tree's memory: where aliases repeat a mapping */
    GArray *tp_refs;        /* of tp_refs */
    GArray *persona_refs;   /* of persona_refs */
    GArray *opp_refs;       /* of opp_refs */
    GPtrArray *chan_decls;  /* the `channels:` items (ln_node*) */
    const char **channel_ids, **persona_ids; /* candidates for "did you mean" */
    GHashTable *channels;   /* id -> jmap_channel*, once the table is built */
    GHashTable *image_files; /* "dev:ino" of the image files counted */
    GHashTable *folded;      /* French word -> its folded form (jmap_slug), made once */
    uint64_t image_pixels;   /* their pixels, for JMAP_MAX_IMAGES_PIXELS */
    /* short-lived message parts (quoted values), so errors cost no arena */
    char ring[8][JMAP_QUOTE_SIZE + 64];
    unsigned ring_i;
} ctx;

static char *ring(ctx *c)
{
    return c->ring[c->ring_i++ % G_N_ELEMENTS(c->ring)];
}

/* A value for a message: escaped and cut (jmap_quote). Valid until the ring
 * comes round, which is more than any one message uses. */
static const char *q(ctx *c, const char *s)
{
    return jmap_quote_into(ring(c), s);
}

/* ------------------------------------------------------------ diagnostics */

static bool vdiag(ctx *c, jmap_severity sev, jmap_span sp, const char *fmt, va_list ap)
{
    if (c->d->truncated && sev == JMAP_SEV_ERROR) {
        /* past the cap nothing more is kept: only count, and spare the work */
        jmap_diag_add(c->d, sev, sp, "%s", "");
        return false;
    }
    char *msg = g_strdup_vprintf(_(fmt), ap);
    char *key = g_strdup_printf("%p:%d:%d:%d:%s", (const void *)sp.src, sp.line, sp.col,
                                (int)sev, msg);
    bool fresh = !g_hash_table_contains(c->said, key);
    bool kept = false;
    if (fresh) {
        g_hash_table_add(c->said, key);
        size_t before = c->d->count;
        jmap_diag_add(c->d, sev, sp, "%s", msg);
        kept = c->d->count > before;
    } else {
        g_free(key);
    }
    g_free(msg);
    return kept;
}

static bool err(ctx *c, const ln_node *n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static bool err(ctx *c, const ln_node *n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    bool kept = vdiag(c, JMAP_SEV_ERROR, jmap_loader_span(c->src, n), fmt, ap);
    va_end(ap);
    return kept;
}

static bool err_at(ctx *c, jmap_span sp, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static bool err_at(ctx *c, jmap_span sp, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    bool kept = vdiag(c, JMAP_SEV_ERROR, sp, fmt, ap);
    va_end(ap);
    return kept;
}

static void note(ctx *c, const ln_node *n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void note(ctx *c, const ln_node *n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vdiag(c, JMAP_SEV_NOTE, jmap_loader_span(c->src, n), fmt, ap);
    va_end(ap);
}

static void warn(ctx *c, const ln_node *n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void warn(ctx *c, const ln_node *n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vdiag(c, JMAP_SEV_WARNING, jmap_loader_span(c->src, n), fmt, ap);
    va_end(ap);
}

/* " (did you mean 'x'?)" or "" — in the arena. */
static const char *did_you_mean(ctx *c, const char *word, const char *const *cands, size_t n)
{
    /* Past a thousand candidates (only a generated file has that many) the
     * search would cost more than it helps. */
    if (c->d->truncated || n > SUGGEST_MAX)
        return "";
    const char *s = jmap_suggest(word, cands, n);
    if (!s)
        return "";
    char qs[JMAP_QUOTE_SIZE];
    char *r = ring(c);
    g_snprintf(r, sizeof c->ring[0], _(" (did you mean '%s'?)"), jmap_quote_into(qs, s));
    return r;
}

/* --------------------------------------------------------- YAML 1.1 scalars */

typedef enum { YV_NULL, YV_BOOL, YV_INT, YV_FLOAT, YV_STR } yv_kind;

static bool is_null(const ln_node *v)
{
    if (v->kind != LN_SCALAR || v->quoted)
        return false;
    const char *s = v->value;
    return !*s || !strcmp(s, "~") || !strcmp(s, "null") || !strcmp(s, "Null") ||
           !strcmp(s, "NULL");
}

static bool bool_value(const char *s, bool *out)
{
    static const char *const yes[] = {"true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON"};
    static const char *const no[] = {"false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF"};
    for (size_t i = 0; i < G_N_ELEMENTS(yes); i++) {
        if (!strcmp(s, yes[i])) {
            *out = true;
            return true;
        }
        if (!strcmp(s, no[i])) {
            *out = false;
            return true;
        }
    }
    return false;
}

static bool all_of(const char *s, const char *set)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (!strchr(set, *s))
            return false;
    return true;
}

/* Copies s without '_' (YAML 1.1 digit separators) into buf. */
static bool strip_underscores(const char *s, char *buf, size_t cap)
{
    size_t k = 0;
    for (; *s; s++) {
        if (*s == '_')
            continue;
        if (k + 1 >= cap)
            return false;
        buf[k++] = *s;
    }
    buf[k] = '\0';
    return true;
}

/* The integer forms of YAML 1.1: decimal, 0b binary, 0 octal, 0x hex and
 * base 60 ("1:30"). */
static bool int_value(const char *s, double *out)
{
    char buf[128];
    const char *p = s;
    int sign = 1;
    if (*p == '-' || *p == '+') {
        sign = *p == '-' ? -1 : 1;
        p++;
    }
    if (!*p || *p == '_')
        return false;
    if (strchr(p, ':')) {
        /* base 60: [1-9][0-9_]*(:[0-5]?[0-9])+ */
        if (!(*p >= '1' && *p <= '9'))
            return false;
        double v = 0;
        char **parts = g_strsplit(p, ":", -1);
        bool ok = true;
        for (int i = 0; parts[i] && ok; i++) {
            if (i == 0)
                ok = all_of(parts[i], "0123456789_") && strip_underscores(parts[i], buf, sizeof buf);
            else
                ok = strlen(parts[i]) >= 1 && strlen(parts[i]) <= 2 && all_of(parts[i], "0123456789") &&
                     (strlen(parts[i]) == 1 || parts[i][0] <= '5') &&
                     strip_underscores(parts[i], buf, sizeof buf);
            if (ok)
                v = v * 60 + g_ascii_strtod(buf, NULL);
        }
        g_strfreev(parts);
        if (ok)
            *out = sign * v;
        return ok;
    }
    int base = 10;
    const char *digits = "0123456789_";
    if (p[0] == '0' && p[1] == 'b') {
        base = 2, digits = "01_", p += 2;
    } else if (p[0] == '0' && p[1] == 'x') {
        base = 16, digits = "0123456789abcdefABCDEF_", p += 2;
    } else if (p[0] == '0' && p[1]) {
        base = 8, digits = "01234567_", p += 1;
    }
    if (!all_of(p, digits) || !strip_underscores(p, buf, sizeof buf) || !*buf)
        return false;
    errno = 0;
    unsigned long long u = strtoull(buf, NULL, base);
    *out = errno == ERANGE ? HUGE_VAL : (double)u;
    *out *= sign;
    return true;
}

/* The float forms of YAML 1.1: a '.' is required; an exponent needs a sign. */
static bool float_value(const char *s, double *out)
{
    const char *p = s;
    bool neg = false;
    if (*p == '-' || *p == '+')
        neg = *p++ == '-';
    if (!strcmp(p, ".inf") || !strcmp(p, ".Inf") || !strcmp(p, ".INF")) {
        *out = neg ? -HUGE_VAL : HUGE_VAL;
        return true;
    }
    if (p == s && (!strcmp(p, ".nan") || !strcmp(p, ".NaN") || !strcmp(p, ".NAN"))) {
        *out = NAN;
        return true;
    }
    const char *q = p;
    bool digit = false;
    if (*q == '_')
        return false;
    while (g_ascii_isdigit(*q) || *q == '_')
        digit |= *q++ != '_';
    if (*q != '.')
        return false;
    q++;
    while (g_ascii_isdigit(*q) || *q == '_')
        digit |= *q++ != '_';
    if (!digit)
        return false;
    if (*q == 'e' || *q == 'E') {
        q++;
        if (*q != '+' && *q != '-')
            return false;
        q++;
        if (!g_ascii_isdigit(*q))
            return false;
        while (g_ascii_isdigit(*q))
            q++;
    }
    if (*q)
        return false;
    char buf[128];
    if (!strip_underscores(s, buf, sizeof buf))
        return false;
    *out = g_ascii_strtod(buf, NULL);
    return true;
}

/* How YAML 1.1 reads a scalar node. */
static yv_kind resolve(const ln_node *v, bool *b, double *num)
{
    if (v->kind != LN_SCALAR || v->quoted)
        return YV_STR;
    if (is_null(v))
        return YV_NULL;
    if (bool_value(v->value, b))
        return YV_BOOL;
    if (v->len < 100 && int_value(v->value, num))
        return YV_INT;
    if (v->len < 100 && float_value(v->value, num))
        return YV_FLOAT;
    return YV_STR;
}

/* --------------------------------------------------------------- x-* JSON */


/* Shortest text that reads back as the same double. */
static void json_number(GString *out, double d)
{
    char buf[64];
    if (d == floor(d) && fabs(d) < 1e15) {
        g_snprintf(buf, sizeof buf, "%.0f", d);
        if (!strcmp(buf, "-0"))
            strcpy(buf, "0");
        g_string_append(out, buf);
        return;
    }
    for (int prec = 1; prec <= 17; prec++) {
        g_ascii_formatd(buf, sizeof buf, prec == 17 ? "%.17g" : (const char *[]){
            "%.1g", "%.2g", "%.3g", "%.4g", "%.5g", "%.6g", "%.7g", "%.8g", "%.9g",
            "%.10g", "%.11g", "%.12g", "%.13g", "%.14g", "%.15g", "%.16g"}[prec - 1], d);
        if (g_ascii_strtod(buf, NULL) == d)
            break;
    }
    g_string_append(out, buf);
}

static void json_value(GString *out, const ln_node *v)
{
    switch (v->kind) {
    case LN_MAP:
        g_string_append_c(out, '{');
        for (size_t i = 0; i + 1 < v->n; i += 2) {
            if (i)
                g_string_append_c(out, ',');
            jmap_json_string(out, v->kids[i]->kind == LN_SCALAR ? v->kids[i]->value : "");
            g_string_append_c(out, ':');
            json_value(out, v->kids[i + 1]);
        }
        g_string_append_c(out, '}');
        return;
    case LN_SEQ:
        g_string_append_c(out, '[');
        for (size_t i = 0; i < v->n; i++) {
            if (i)
                g_string_append_c(out, ',');
            json_value(out, v->kids[i]);
        }
        g_string_append_c(out, ']');
        return;
    case LN_SCALAR: {
        bool b = false;
        double d = 0;
        switch (resolve(v, &b, &d)) {
        case YV_NULL: g_string_append(out, "null"); return;
        case YV_BOOL: g_string_append(out, b ? "true" : "false"); return;
        case YV_INT:
        case YV_FLOAT:
            if (isfinite(d)) {
                json_number(out, d);
                return;
            }
            break; /* JSON has no infinity: keep the text */
        case YV_STR: break;
        }
        jmap_json_string(out, v->value);
        return;
    }
    }
}

/* ------------------------------------------------------------- mappings */

/* {emotion: 3,5}: in a flow mapping the comma ends the entry, leaving a key
 * "5" with no value after "emotion: 3". Reports it at the key (i: its index
 * in m->kids) and returns true when key i is such a remainder. */
static bool flow_decimal_comma(ctx *c, const ln_node *m, size_t i)
{
    const ln_node *k = m->kids[i], *v = m->kids[i + 1];
    if (!m->flow || i < 2 || k->kind != LN_SCALAR || k->quoted || !all_of(k->value, "0123456789") ||
        !is_null(v) || m->kids[i - 1]->kind != LN_SCALAR || m->kids[i - 1]->quoted ||
        m->kids[i - 1]->len >= 20 || !all_of(m->kids[i - 1]->value, "0123456789-+") ||
        m->kids[i - 1]->line != k->line || m->kids[i - 2]->kind != LN_SCALAR)
        return false;
    err(c, k, "'%s: %s,%s' has a decimal comma, which ends the entry in {...} (did you mean %s.%s?)",
        q(c, m->kids[i - 2]->value), q(c, m->kids[i - 1]->value), q(c, k->value),
        q(c, m->kids[i - 1]->value), q(c, k->value));
    return true;
}

/*
 * Checks that `m` is a mapping whose keys are all in `keys` (or x-*), and
 * fills vals[i] with the value of keys[i] (NULL when absent). x-* values go
 * to *x as JSON text (dropped when x is NULL). Returns false when `m` is not
 * a mapping.
 */
static bool map_fields(ctx *c, const ln_node *m, const char *what, const char *const *keys,
                       size_t nk, const ln_node **vals, jmap_extra **x, size_t *n_x)
{
    for (size_t i = 0; i < nk; i++)
        vals[i] = NULL;
    if (x) {
        *x = NULL;
        *n_x = 0;
    }
    if (m->kind != LN_MAP) {
        err(c, m, "%s must be a mapping, not %s", what,
            m->kind == LN_SEQ ? "a list" : is_null(m) ? "an empty value" : "a scalar");
        return false;
    }
    size_t n_extra = 0;
    for (size_t i = 0; i + 1 < m->n; i += 2)
        if (m->kids[i]->kind == LN_SCALAR && g_str_has_prefix(m->kids[i]->value, "x-"))
            n_extra++;
    if (x && n_extra)
        *x = jmap_arena_alloc(c->a, n_extra * sizeof(jmap_extra));
    for (size_t i = 0; i + 1 < m->n; i += 2) {
        const ln_node *k = m->kids[i], *v = m->kids[i + 1];
        if (k->kind != LN_SCALAR)
            continue; /* reported by the reader */
        if (g_str_has_prefix(k->value, "x-")) {
            if (!x)
                continue;
            GString *js = g_string_new(NULL);
            json_value(js, v);
            jmap_extra *e = &(*x)[(*n_x)++];
            e->key = jmap_arena_strdup(c->a, k->value);
            e->json = jmap_arena_strndup(c->a, js->str, js->len);
            e->span = jmap_loader_span(c->src, k);
            g_string_free(js, TRUE);
            continue;
        }
        size_t f = 0;
        while (f < nk && strcmp(keys[f], k->value))
            f++;
        if (f == nk && !k->quoted && !strcmp(k->value, "<<")) {
            err(c, k, "merge keys ('<<') are not supported; write the keys out");
            continue;
        }
        if (f == nk && flow_decimal_comma(c, m, i))
            continue;
        if (f == nk) {
            err(c, k, "unknown key '%s' in %s%s", q(c, k->value), what,
                did_you_mean(c, k->value, keys, nk));
            continue;
        }
        if (!vals[f])
            vals[f] = v; /* a second one was reported as a duplicate key */
    }
    return true;
}

static void missing(ctx *c, const ln_node *m, const char *key, const char *what)
{
    err(c, m, "missing required key '%s' in %s", key, what);
}

/* ------------------------------------------------------------- values */

/* "a list", "the text 'abc'", ... for "must be X, not Y" messages. */
static const char *describe(ctx *c, const ln_node *v)
{
    if (v->kind == LN_MAP)
        return _("a mapping");
    if (v->kind == LN_SEQ)
        return _("a list");
    if (is_null(v))
        return _("an empty value");
    char s[JMAP_QUOTE_SIZE];
    jmap_quote_into(s, v->value);
    bool b;
    double d;
    char *r = ring(c);
    if (v->quoted)
        g_snprintf(r, sizeof c->ring[0], _("the quoted text \"%s\""), s);
    else
        switch (resolve(v, &b, &d)) {
        case YV_BOOL: g_snprintf(r, sizeof c->ring[0], _("the boolean '%s'"), s); break;
        case YV_INT:
        case YV_FLOAT: g_snprintf(r, sizeof c->ring[0], _("the number %s"), s); break;
        default: g_snprintf(r, sizeof c->ring[0], _("the text '%s'"), s); break;
        }
    return r;
}

/* Any scalar, as written. NULL when absent or empty (null). */
static const char *get_text(ctx *c, const ln_node *v, const char *key)
{
    if (!v)
        return NULL;
    if (v->kind != LN_SCALAR) {
        err(c, v, "'%s' must be text, not %s", key, describe(c, v));
        return NULL;
    }
    if (is_null(v))
        return NULL;
    return jmap_arena_strndup(c->a, v->value, v->len);
}

/* A required, non-empty text: reported against mapping `m` when absent. */
static const char *need_text(ctx *c, const ln_node *m, const ln_node *v, const char *key,
                             const char *what)
{
    if (!v) {
        missing(c, m, key, what);
        return NULL;
    }
    const char *s = get_text(c, v, key);
    if (v->kind == LN_SCALAR && (!s || !*s)) {
        err(c, v, "'%s' must not be empty", key);
        return NULL;
    }
    return s;
}

/* "3,5" (a decimal comma, as French writes it): true with "3.5" in buf. */
static bool decimal_comma(const ln_node *v, char *buf, size_t cap)
{
    if (v->kind != LN_SCALAR || v->len + 1 > cap || v->len > 40)
        return false;
    const char *s = v->value;
    size_t i = (*s == '-' || *s == '+') ? 1 : 0, digits = 0, comma = 0;
    for (; s[i]; i++) {
        if (g_ascii_isdigit(s[i]))
            digits++;
        else if (s[i] == ',' && !comma && digits && g_ascii_isdigit(s[i + 1]))
            comma = i;
        else
            return false;
    }
    if (!comma)
        return false;
    memcpy(buf, s, v->len + 1);
    buf[comma] = '.';
    return true;
}

static bool get_number(ctx *c, const ln_node *v, const char *key, double *out)
{
    bool b;
    yv_kind k = v->kind == LN_SCALAR ? resolve(v, &b, out) : YV_STR;
    if (k == YV_INT || k == YV_FLOAT) {
        if (!isfinite(*out)) {
            err(c, v, "'%s' must be a finite number, not %s", key, q(c, v->value));
            return false;
        }
        return true;
    }
    if (v->kind == LN_SCALAR && v->quoted) {
        ln_node plain = *v;
        double d;
        plain.quoted = false;
        yv_kind pk = resolve(&plain, &b, &d);
        if (pk == YV_INT || pk == YV_FLOAT) {
            err(c, v, "'%s' must be a number, not %s (remove the quotes)", key, describe(c, v));
            return false;
        }
    }
    char fixed[48];
    if (decimal_comma(v, fixed, sizeof fixed)) {
        err(c, v, "'%s' must be a number, not %s (did you mean %s? numbers take a decimal point)",
            key, describe(c, v), fixed);
        return false;
    }
    err(c, v, "'%s' must be a number, not %s", key, describe(c, v));
    return false;
}

static bool get_int(ctx *c, const ln_node *v, const char *key, int *out)
{
    double d;
    if (!get_number(c, v, key, &d))
        return false;
    if (d != floor(d) || fabs(d) > 1e9) {
        err(c, v, "'%s' must be an integer, not %s", key, q(c, v->value));
        return false;
    }
    *out = (int)d;
    return true;
}

static bool get_bool(ctx *c, const ln_node *v, const char *key, bool *out)
{
    double d;
    if (is_null(v))
        return false; /* `key:` with no value: as if absent */
    if (v->kind == LN_SCALAR && resolve(v, out, &d) == YV_BOOL)
        return true;
    err(c, v, "'%s' must be true or false, not %s", key, describe(c, v));
    return false;
}

/* A French word for an enum value (`locale: fr`), as written in docs/format.md;
 * compared folded (jmap_slug: no accents, no case, '-' for spaces). */
typedef struct fr_word {
    const char *word;
    int value; /* index in the English names */
} fr_word;

static bool french(const ctx *c)
{
    return c->j && c->j->locale == JMAP_LOCALE_FR;
}

/* The English value `v` names in a French word list, or -1. */
static int french_value(ctx *c, const char *v, const fr_word *fr, size_t nfr)
{
    if (!fr || !nfr)
        return -1;
    if (!c->folded)
        c->folded = g_hash_table_new(g_direct_hash, g_direct_equal);
    const char *f = jmap_slug(c->a, v);
    for (size_t i = 0; i < nfr; i++) {
        const char *w = g_hash_table_lookup(c->folded, fr[i].word);
        if (!w) {
            w = jmap_slug(c->a, fr[i].word);
            g_hash_table_insert(c->folded, (gpointer)fr[i].word, (gpointer)w);
        }
        if (!strcmp(f, w))
            return fr[i].value;
    }
    return -1;
}

/*
 * One of `names` as written, or in a French journey one of `fr` in any case,
 * with or without accents; "invalid <what> 'x' (did you mean 'y'?)"
 * otherwise. In an English journey a French word is an error that says so.
 */
static bool get_enum_fr(ctx *c, const ln_node *v, const char *key, const char *what,
                        const char *const *names, size_t n, const fr_word *fr, size_t nfr, int *out)
{
    if (is_null(v))
        return false; /* as if absent */
    if (v->kind != LN_SCALAR) {
        err(c, v, "'%s' must be one of its names, not %s", key, describe(c, v));
        return false;
    }
    for (size_t i = 0; i < n; i++)
        if (!strcmp(v->value, names[i])) {
            *out = (int)i;
            return true;
        }
    if (nfr && v->len < 100) {
        int fv = french_value(c, v->value, fr, nfr);
        if (french(c)) {
            if (fv >= 0) {
                *out = fv;
                return true;
            }
        } else if (fv >= 0) {
            err(c, v, "'%s' is French; add locale: fr or write %s", q(c, v->value), names[fv]);
            return false;
        }
    }
    if (french(c) && nfr) {
        const char **cands = g_new(const char *, n + nfr);
        for (size_t i = 0; i < n; i++)
            cands[i] = names[i];
        for (size_t i = 0; i < nfr; i++)
            cands[n + i] = fr[i].word;
        const char *s = jmap_suggest(v->value, cands, n + nfr);
        /* the English names, then the first French word of each */
        GString *list = g_string_new(NULL);
        for (int pass = 0; pass < 2; pass++) {
            if (pass)
                g_string_append(list, _("; in French "));
            size_t shown = 0, total = 0;
            for (size_t i = 0; i < n; i++)
                for (size_t k = 0; k < (pass ? nfr : 1); k++)
                    if (!pass || fr[k].value == (int)i) {
                        total++;
                        break;
                    }
            for (size_t i = 0; i < n; i++)
                for (size_t k = 0; k < (pass ? nfr : 1); k++) {
                    if (pass && fr[k].value != (int)i)
                        continue;
                    shown++;
                    g_string_append_printf(list, "%s%s",
                                           shown == 1 ? "" : shown == total ? _(" or ") : ", ",
                                           pass ? fr[k].word : names[i]);
                    break;
                }
        }
        if (s)
            err(c, v, "invalid %s '%s' (did you mean '%s'?)", _(what), q(c, v->value), s);
        else
            err(c, v, "invalid %s '%s' (expected %s)", _(what), q(c, v->value), list->str);
        g_string_free(list, TRUE);
        g_free(cands);
        return false;
    }
    const char *s = jmap_suggest(v->value, names, n);
    if (s) {
        err(c, v, "invalid %s '%s' (did you mean '%s'?)", _(what), q(c, v->value), s);
    } else {
        GString *list = g_string_new(NULL);
        for (size_t i = 0; i < n; i++)
            g_string_append_printf(list, "%s%s", i == 0 ? "" : i + 1 == n ? _(" or ") : ", ",
                                   names[i]);
        err(c, v, "invalid %s '%s' (expected %s)", _(what), q(c, v->value), list->str);
        g_string_free(list, TRUE);
    }
    return false;
}

static bool get_enum(ctx *c, const ln_node *v, const char *key, const char *what,
                     const char *const *names, size_t n, int *out)
{
    return get_enum_fr(c, v, key, what, names, n, NULL, 0, out);
}

static int hexval(char ch)
{
    return g_ascii_isxdigit(ch) ? g_ascii_xdigit_value(ch) : -1;
}

static void get_color(ctx *c, const ln_node *v, const char *key, jmap_color *out)
{
    if (v->kind == LN_SCALAR && is_null(v)) {
        /* `primary: #336699` is a comment in YAML: the value is empty. */
        err(c, v, "'%s' has no value (quote colours: \"#336699\"; an unquoted # starts a comment)", key);
        return;
    }
    if (v->kind != LN_SCALAR) {
        err(c, v, "'%s' must be a colour, not %s", key, describe(c, v));
        return;
    }
    const char *s = v->value;
    size_t n = strlen(s);
    bool ok = s[0] == '#' && (n == 4 || n == 7);
    for (size_t i = 1; ok && i < n; i++)
        ok = hexval(s[i]) >= 0;
    if (!ok) {
        err(c, v, "invalid colour '%s' for '%s' (expected #rgb or #rrggbb)", q(c, s), key);
        return;
    }
    uint32_t rgb = 0;
    if (n == 4)
        for (int i = 1; i < 4; i++)
            rgb = (rgb << 8) | (uint32_t)(hexval(s[i]) * 17);
    else
        for (int i = 1; i < 7; i++)
            rgb = (rgb << 4) | (uint32_t)hexval(s[i]);
    out->rgb = rgb;
    out->set = true;
}

/*
 * `pains: [Perte de temps, disponibilité limitée]`: a flow list whose items
 * read as one sentence cut at its commas (the first starts with a capital,
 * every other with a small letter) is most likely one text left unquoted.
 */
static void check_split_sentence(ctx *c, const ln_node *v)
{
    if (v->kind != LN_SEQ || !v->flow || v->n < 2 || v->n > 20)
        return;
    for (size_t i = 0; i < v->n; i++) {
        const ln_node *it = v->kids[i];
        if (it->kind != LN_SCALAR || it->quoted || !it->len || is_null(it))
            return;
        gunichar u = g_utf8_get_char(it->value);
        if (i == 0 ? !g_unichar_isupper(u) : !g_unichar_islower(u))
            return;
    }
    GString *joined = g_string_new(NULL);
    for (size_t i = 0; i < v->n; i++)
        g_string_append_printf(joined, "%s%s", i ? ", " : "", v->kids[i]->value);
    warn(c, v, "this list has %u items; if it is one text, quote it: [\"%s\"]", v->n,
         q(c, joined->str));
    g_string_free(joined, TRUE);
}

/* A list of texts; `sentences`: its items are sentences (not keys such as
 * data_asked's), so a sentence cut at its commas is warned about. */
static void get_list(ctx *c, const ln_node *v, const char *key, const char ***out, size_t *n,
                     bool sentences)
{
    *out = NULL;
    *n = 0;
    if (!v || is_null(v))
        return;
    if (v->kind != LN_SEQ) {
        err(c, v, "'%s' must be a list of texts, not %s", key, describe(c, v));
        return;
    }
    if (sentences)
        check_split_sentence(c, v);
    *out = jmap_arena_alloc(c->a, (v->n ? v->n : 1) * sizeof(char *));
    for (size_t i = 0; i < v->n; i++) {
        const ln_node *it = v->kids[i];
        if (it->kind != LN_SCALAR || is_null(it)) {
            err(c, it, "'%s' items must be texts, not %s", key, describe(c, it));
            continue;
        }
        (*out)[(*n)++] = jmap_arena_strndup(c->a, it->value, it->len);
    }
}

static void get_text_list(ctx *c, const ln_node *v, const char *key, const char ***out, size_t *n)
{
    get_list(c, v, key, out, n, true);
}

/* ------------------------------------------------------------- images */

/* The path stays inside its folder by its words alone ("a/../b" is fine,
 * "../b" is not). */
static bool path_stays_inside(const char *path)
{
    int depth = 0;
    char **parts = g_strsplit(path, "/", -1);
    bool ok = true;
    for (int i = 0; parts[i] && ok; i++) {
        if (!strcmp(parts[i], ".."))
            ok = --depth >= 0;
        else if (*parts[i] && strcmp(parts[i], "."))
            depth++;
    }
    g_strfreev(parts);
    return ok;
}

/* The image file itself (`file`, written `path`): a regular file and a PNG
 * within the size limits (imagefile.h), and all the journey's images
 * together within theirs, each file counted once however many paths lead
 * to it. */
static void check_image_file(ctx *c, const ln_node *v, const char *file, const char *path)
{
    jmap_png_info info;
    int fd = jmap_png_open(file, &info);
    if (fd < 0) {
        char *msg = jmap_png_problem(&info, q(c, path));
        err(c, v, "%s", msg);
        g_free(msg);
        return;
    }
    close(fd);
    if (!c->image_files)
        c->image_files = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    char *id = g_strdup_printf("%llu:%llu", (unsigned long long)info.dev,
                               (unsigned long long)info.ino);
    if (!g_hash_table_add(c->image_files, id))
        return; /* counted already */
    bool was_over = c->image_pixels > JMAP_MAX_IMAGES_PIXELS;
    c->image_pixels += (uint64_t)info.width * info.height;
    if (!was_over && c->image_pixels > JMAP_MAX_IMAGES_PIXELS) {
        char *msg = jmap_png_total_problem(q(c, path), c->image_pixels);
        err(c, v, "%s", msg);
        g_free(msg);
    }
}

static void get_image(ctx *c, const ln_node *v, const char *key, jmap_image *img)
{
    memset(img, 0, sizeof *img);
    if (is_null(v))
        return; /* as if absent */
    const char *path = get_text(c, v, key);
    if (!path) {
        if (v->kind == LN_SCALAR)
            err(c, v, "'%s' must not be empty", key);
        return;
    }
    img->path = path;
    img->span = jmap_loader_span(c->src, v);
    if (!*path) {
        err(c, v, "'%s' must not be empty", key);
        return;
    }
    if (g_path_is_absolute(path) || !path_stays_inside(path)) {
        err(c, v, "image path must stay inside the %s folder ('%s')", _(c->folder_label), q(c, path));
        return;
    }
    char *joined = strcmp(c->base_dir, ".") ? g_build_filename(c->base_dir, path, NULL)
                                            : g_strdup(path);
    img->resolved = jmap_arena_strdup(c->a, joined);
    if (!c->no_image_check) {
        char *rb = realpath(c->base_dir, NULL);
        char *rj = realpath(joined, NULL);
        if (!rb || !rj) {
            err(c, v, "image not found: '%s'", q(c, path));
        } else {
            size_t lb = strlen(rb);
            bool inside = !strcmp(rb, "/") ||
                          (!strncmp(rj, rb, lb) && (rj[lb] == '/' || rj[lb] == '\0'));
            if (!inside) {
                err(c, v, "image path must stay inside the %s folder ('%s' leads to '%s')",
                    _(c->folder_label), q(c, path), q(c, rj));
            } else {
                check_image_file(c, v, rj, path);
            }
        }
        free(rb);
        free(rj);
    }
    g_free(joined);
}

/* ------------------------------------------------------------- links */

/* A touchpoint's `url`: a link jmap draws (url.h), else an error at it. */
static const char *get_url(ctx *c, const ln_node *v)
{
    const char *url = get_text(c, v, "url");
    if (!url)
        return NULL;
    char *problem = jmap_url_problem(url);
    if (problem) {
        err(c, v, "%s", problem);
        g_free(problem);
        return NULL;
    }
    return url;
}

/* ------------------------------------------------------------- schema */

static const char *const levels[] = {"low", "medium", "high"};
static const char *const statuses[] = {"idea", "planned", "in-progress", "done"};
static const char *const phases[] = {"before", "during", "after"};
static const char *const betters[] = {"higher", "lower"};
static const char *const locales[] = {"en", "fr"};
static const char *const types[] = {"linear", "cyclic"};

/* French words of the enums (docs/format.md, "French values"); indexes are
 * those of the English names above. Severity is feminine, impact and effort
 * masculine: both genders are taken everywhere. */
static const fr_word levels_fr[] = {
    {"basse", 0}, {"bas", 0}, {"faible", 0},
    {"moyenne", 1}, {"moyen", 1},
    {"haute", 2}, {"haut", 2}, {"forte", 2}, {"fort", 2}, {"élevée", 2}, {"élevé", 2},
};
static const fr_word statuses_fr[] = {
    {"idée", 0},
    {"prévu", 1}, {"prévue", 1}, {"planifié", 1}, {"planifiée", 1},
    {"en cours", 2},
    {"fait", 3}, {"faite", 3}, {"réalisé", 3}, {"réalisée", 3}, {"terminé", 3}, {"terminée", 3},
};
static const fr_word phases_fr[] = {{"avant", 0}, {"pendant", 1}, {"après", 2}};
static const fr_word betters_fr[] = {{"plus", 0}, {"plus haut", 0}, {"moins", 1}, {"plus bas", 1}};
static const fr_word types_fr[] = {{"linéaire", 0}, {"cyclique", 1}};
/* Built-in channel ids (and icon names) in French. */
static const fr_word channels_fr[] = {
    {"site", JMAP_ICON_WEB}, {"site web", JMAP_ICON_WEB}, {"internet", JMAP_ICON_WEB},
    {"appli", JMAP_ICON_APP}, {"application", JMAP_ICON_APP},
    {"courriel", JMAP_ICON_EMAIL}, {"e-mail", JMAP_ICON_EMAIL}, {"mél", JMAP_ICON_EMAIL},
    {"téléphone", JMAP_ICON_PHONE},
    {"tchat", JMAP_ICON_CHAT}, {"messagerie", JMAP_ICON_CHAT},
    {"réseaux sociaux", JMAP_ICON_SOCIAL}, {"réseau social", JMAP_ICON_SOCIAL},
    {"magasin", JMAP_ICON_STORE}, {"boutique", JMAP_ICON_STORE}, {"agence", JMAP_ICON_STORE},
    {"courrier", JMAP_ICON_MAIL},
    {"événement", JMAP_ICON_EVENT}, {"salon", JMAP_ICON_EVENT},
    {"publicité", JMAP_ICON_AD}, {"pub", JMAP_ICON_AD},
    {"partenaire", JMAP_ICON_PARTNER},
    {"service client", JMAP_ICON_SUPPORT}, {"assistance", JMAP_ICON_SUPPORT},
    {"autre", JMAP_ICON_OTHER},
    {"personne", JMAP_ICON_PERSON}, {"panier", JMAP_ICON_CART}, {"camion", JMAP_ICON_TRUCK},
    {"étoile", JMAP_ICON_STAR}, {"système", JMAP_ICON_SYSTEM},
};
#define N_CHANNEL_ALIASES 25 /* the entries above up to "autre": channel ids, not only icons */
#define FR(t) t, G_N_ELEMENTS(t)

/* Counts one model object; false (reported once) past the limit, and the
 * caller stops reading its list. */
static bool take_item(ctx *c, const ln_node *at)
{
    if (++c->n_items == JMAP_LOADER_MAX_ITEMS + 1)
        err(c, at, "too many items (stages, touchpoints, pains, opportunities, KPIs and "
                   "channels together; the limit is %d)", JMAP_LOADER_MAX_ITEMS);
    return c->n_items <= JMAP_LOADER_MAX_ITEMS;
}

static void remember_id(ctx *c, const void *obj, const ln_node *id_node, const ln_node *map)
{
    if (id_node)
        g_hash_table_insert(c->id_nodes, (gpointer)obj, (gpointer)id_node);
    g_hash_table_insert(c->item_nodes, (gpointer)obj, (gpointer)map);
}

/* An explicit id: non-empty text. */
static const char *get_id(ctx *c, const ln_node *v)
{
    if (!v)
        return NULL;
    const char *id = get_text(c, v, "id");
    if (v->kind == LN_SCALAR && (!id || !*id)) {
        err(c, v, "'id' must not be empty");
        return NULL;
    }
    return id;
}

enum { TH_FONT, TH_PRIMARY, TH_POSITIVE, TH_NEUTRAL, TH_NEGATIVE, TH_BACKGROUND, TH_TEXT, TH_LOGO, TH_N };
static const char *const theme_keys[TH_N] = {"font", "primary", "positive", "neutral",
                                             "negative", "background", "text", "logo"};

static void read_theme(ctx *c, const ln_node *m, jmap_theme *t)
{
    const ln_node *v[TH_N];
    t->span = jmap_loader_span(c->src, m);
    t->source_name = c->src->name;
    if (!map_fields(c, m, "theme", theme_keys, TH_N, v, &t->x, &t->n_x))
        return;
    if (v[TH_FONT]) {
        t->font = get_text(c, v[TH_FONT], "font");
        if (v[TH_FONT]->kind == LN_SCALAR && (!t->font || !*t->font)) {
            err(c, v[TH_FONT], "'font' must not be empty");
            t->font = NULL;
        }
    }
    jmap_color *cols[] = {&t->primary, &t->positive, &t->neutral, &t->negative, &t->background, &t->text};
    for (int i = TH_PRIMARY; i <= TH_TEXT; i++)
        if (v[i])
            get_color(c, v[i], theme_keys[i], cols[i - TH_PRIMARY]);
    if (v[TH_LOGO])
        get_image(c, v[TH_LOGO], "logo", &t->logo);
}

enum { PE_ID, PE_NAME, PE_ROLE, PE_QUOTE, PE_GOALS, PE_FRUSTRATIONS, PE_MOTIVATIONS, PE_EXPECTATIONS,
       PE_PHOTO, PE_CHANNELS, PE_DETAILS, PE_COLOR, PE_N };
static const char *const persona_keys[PE_N] = {
    "id", "name", "role", "quote", "goals", "frustrations", "motivations", "expectations",
    "photo", "channels", "details", "color"};

static jmap_persona *read_persona(ctx *c, const ln_node *m)
{
    const ln_node *v[PE_N];
    jmap_persona *p = jmap_arena_alloc(c->a, sizeof *p);
    p->span = jmap_loader_span(c->src, m);
    if (!map_fields(c, m, "persona", persona_keys, PE_N, v, &p->x, &p->n_x))
        return NULL;
    p->id = get_id(c, v[PE_ID]);
    remember_id(c, p, p->id ? v[PE_ID] : NULL, m);
    p->name = need_text(c, m, v[PE_NAME], "name", "persona");
    p->role = get_text(c, v[PE_ROLE], "role");
    p->quote = get_text(c, v[PE_QUOTE], "quote");
    get_text_list(c, v[PE_GOALS], "goals", &p->goals, &p->n_goals);
    get_text_list(c, v[PE_FRUSTRATIONS], "frustrations", &p->frustrations, &p->n_frustrations);
    get_text_list(c, v[PE_MOTIVATIONS], "motivations", &p->motivations, &p->n_motivations);
    get_text_list(c, v[PE_EXPECTATIONS], "expectations", &p->expectations, &p->n_expectations);
    if (v[PE_PHOTO])
        get_image(c, v[PE_PHOTO], "photo", &p->photo);
    if (v[PE_CHANNELS]) {
        persona_refs r = {p, v[PE_CHANNELS]};
        g_array_append_val(c->persona_refs, r);
    }
    const ln_node *d = v[PE_DETAILS];
    if (d && !is_null(d)) {
        if (d->kind != LN_MAP) {
            err(c, d, "'details' must be a mapping of texts, not %s", describe(c, d));
        } else {
            p->details = jmap_arena_alloc(c->a, (d->n / 2 + 1) * sizeof(jmap_detail));
            for (size_t i = 0; i + 1 < d->n; i += 2) {
                const ln_node *k = d->kids[i], *val = d->kids[i + 1];
                if (k->kind != LN_SCALAR)
                    continue;
                if (val->kind != LN_SCALAR) {
                    err(c, val, "details value for '%s' must be a scalar, not %s", q(c, k->value),
                        describe(c, val));
                    continue;
                }
                jmap_detail *e = &p->details[p->n_details++];
                e->key = jmap_arena_strndup(c->a, k->value, k->len);
                e->value = is_null(val) ? "" : jmap_arena_strndup(c->a, val->value, val->len);
                e->span = jmap_loader_span(c->src, k);
            }
        }
    }
    if (v[PE_COLOR])
        get_color(c, v[PE_COLOR], "color", &p->color);
    return p;
}

enum { CH_ID, CH_NAME, CH_ICON, CH_N };
static const char *const channel_keys[CH_N] = {"id", "name", "icon"};

enum { PA_ID, PA_TEXT, PA_SEVERITY, PA_EVIDENCE, PA_N };
static const char *const pain_keys[PA_N] = {"id", "text", "severity", "evidence"};

/*
 * Pains and opportunities may be written as a plain string, their text.
 * Returns true when `m` was such a string or a misplaced list (*ok tells
 * whether it was valid, *text holds it); false when `m` is a mapping to
 * read key by key. `what` names the item: "a pain", "an opportunity".
 */
static bool read_text_form(ctx *c, const ln_node *m, const char *what, const char **text,
                           bool *ok)
{
    *ok = false;
    if (m->kind == LN_SEQ) {
        err(c, m, "%s must be a text or a mapping, not a list", what);
        return true;
    }
    if (m->kind != LN_SCALAR)
        return false;
    *text = get_text(c, m, "text");
    if (!*text || !**text)
        err(c, m, "%s must not be empty", what);
    else
        *ok = true;
    return true;
}

static jmap_pain *read_pain(ctx *c, const ln_node *m, jmap_stage *st, jmap_touchpoint *tp)
{
    jmap_pain *p = jmap_arena_alloc(c->a, sizeof *p);
    p->span = jmap_loader_span(c->src, m);
    p->severity = JMAP_LEVEL_MEDIUM;
    p->stage = st;
    p->touchpoint = tp;
    bool ok;
    if (read_text_form(c, m, "a pain", &p->text, &ok))
        return ok ? p : NULL;
    const ln_node *v[PA_N];
    if (!map_fields(c, m, "pain", pain_keys, PA_N, v, &p->x, &p->n_x))
        return NULL;
    p->id = get_id(c, v[PA_ID]);
    remember_id(c, p, p->id ? v[PA_ID] : NULL, m);
    p->text = need_text(c, m, v[PA_TEXT], "text", "pain");
    int e;
    if (v[PA_SEVERITY] && get_enum_fr(c, v[PA_SEVERITY], "severity", N_("severity"), levels, 3, FR(levels_fr), &e))
        p->severity = (jmap_level)(e + 1);
    p->evidence = get_text(c, v[PA_EVIDENCE], "evidence");
    return p;
}

enum { OP_ID, OP_TEXT, OP_ADDRESSES, OP_IMPACT, OP_EFFORT, OP_OWNER, OP_STATUS, OP_KPI, OP_N };
static const char *const opp_keys[OP_N] = {"id", "text", "addresses", "impact", "effort",
                                           "owner", "status", "kpi"};

static jmap_opportunity *read_opportunity(ctx *c, const ln_node *m, jmap_stage *st,
                                          jmap_touchpoint *tp)
{
    jmap_opportunity *o = jmap_arena_alloc(c->a, sizeof *o);
    o->span = jmap_loader_span(c->src, m);
    o->status = JMAP_STATUS_IDEA;
    o->stage = st;
    o->touchpoint = tp;
    bool ok;
    if (read_text_form(c, m, "an opportunity", &o->text, &ok))
        return ok ? o : NULL;
    const ln_node *v[OP_N];
    if (!map_fields(c, m, "opportunity", opp_keys, OP_N, v, &o->x, &o->n_x))
        return NULL;
    o->id = get_id(c, v[OP_ID]);
    remember_id(c, o, o->id ? v[OP_ID] : NULL, m);
    o->text = need_text(c, m, v[OP_TEXT], "text", "opportunity");
    int e;
    if (v[OP_IMPACT] && get_enum_fr(c, v[OP_IMPACT], "impact", N_("impact"), levels, 3, FR(levels_fr), &e))
        o->impact = (jmap_level)(e + 1);
    if (v[OP_EFFORT] && get_enum_fr(c, v[OP_EFFORT], "effort", N_("effort"), levels, 3, FR(levels_fr), &e))
        o->effort = (jmap_level)(e + 1);
    o->owner = get_text(c, v[OP_OWNER], "owner");
    if (v[OP_STATUS] && get_enum_fr(c, v[OP_STATUS], "status", N_("status"), statuses, 4, FR(statuses_fr), &e))
        o->status = (jmap_status)e;
    o->kpi = get_text(c, v[OP_KPI], "kpi");
    if (v[OP_ADDRESSES] && !is_null(v[OP_ADDRESSES])) {
        opp_refs r = {o, v[OP_ADDRESSES]};
        g_array_append_val(c->opp_refs, r);
    }
    return o;
}

/* Reads a list of pains or opportunities into a pointer array. */
static void read_pains(ctx *c, const ln_node *v, jmap_stage *st, jmap_touchpoint *tp,
                       jmap_pain ***out, size_t *n)
{
    if (!v || is_null(v))
        return;
    if (v->kind != LN_SEQ) {
        err(c, v, "'pains' must be a list, not %s", describe(c, v));
        return;
    }
    check_split_sentence(c, v);
    *out = jmap_arena_alloc(c->a, (v->n + 1) * sizeof(jmap_pain *));
    for (size_t i = 0; i < v->n && take_item(c, v->kids[i]); i++) {
        jmap_pain *p = read_pain(c, v->kids[i], st, tp);
        if (p)
            (*out)[(*n)++] = p;
    }
}

static void read_opportunities(ctx *c, const ln_node *v, jmap_stage *st, jmap_touchpoint *tp,
                               jmap_opportunity ***out, size_t *n)
{
    if (!v || is_null(v))
        return;
    if (v->kind != LN_SEQ) {
        err(c, v, "'opportunities' must be a list, not %s", describe(c, v));
        return;
    }
    check_split_sentence(c, v);
    *out = jmap_arena_alloc(c->a, (v->n + 1) * sizeof(jmap_opportunity *));
    for (size_t i = 0; i < v->n && take_item(c, v->kids[i]); i++) {
        jmap_opportunity *o = read_opportunity(c, v->kids[i], st, tp);
        if (o)
            (*out)[(*n)++] = o;
    }
}

enum { KP_NAME, KP_VALUE, KP_TARGET, KP_UNIT, KP_BETTER, KP_N };
static const char *const kpi_keys[KP_N] = {"name", "value", "target", "unit", "better"};

/* Reads a KPI value or target; returns true when it warned already. */
static bool kpi_value(ctx *c, const ln_node *v, const char *key, jmap_kpi_value *out, bool *pct)
{
    memset(out, 0, sizeof *out);
    if (!v || is_null(v))
        return false;
    if (v->kind != LN_SCALAR) {
        err(c, v, "'%s' must be a number or a text, not %s", key, describe(c, v));
        return true;
    }
    bool b;
    double d;
    yv_kind k = resolve(v, &b, &d);
    out->present = true;
    out->text = jmap_arena_strndup(c->a, v->value, v->len);
    if ((k == YV_INT || k == YV_FLOAT) && isfinite(d)) {
        out->is_number = true;
        out->number = d;
    } else if (jmap_kpi_number(out->text, c->j ? c->j->locale : JMAP_LOCALE_EN, &d, pct)) {
        /* "3 200", "3,2 %" in French, "3,200" in English */
        out->is_number = true;
        out->number = d;
    }
    char fixed[48];
    /* "1,000" in English is a thousand: no hint there */
    if (!out->is_number && !v->quoted && decimal_comma(v, fixed, sizeof fixed) &&
        (french(c) || strlen(strchr(fixed, '.') + 1) != 3)) {
        warn(c, v, "'%s' %s is read as text, so no progress is drawn (did you mean %s? numbers "
                   "take a decimal point; quote it to keep the text)", key, q(c, v->value), fixed);
        return true;
    }
    return false;
}

static bool read_kpi(ctx *c, const ln_node *m, jmap_kpi *k)
{
    const ln_node *v[KP_N];
    k->span = jmap_loader_span(c->src, m);
    if (!map_fields(c, m, "KPI", kpi_keys, KP_N, v, &k->x, &k->n_x))
        return false;
    k->name = need_text(c, m, v[KP_NAME], "name", "KPI");
    bool pct = false;
    bool warned = kpi_value(c, v[KP_VALUE], "value", &k->value, &pct);
    kpi_value(c, v[KP_TARGET], "target", &k->target, &pct);
    k->unit = get_text(c, v[KP_UNIT], "unit");
    if (pct && !k->unit)
        k->unit = "%";
    /* a text where the target is a number: kept as written, but said */
    if (!warned && k->value.present && !k->value.is_number && k->target.present &&
        k->target.is_number)
        warn(c, v[KP_VALUE], "'value' %s is not a number while the target is, so no progress is "
                             "drawn (expected a number, %s)", q(c, k->value.text),
             french(c) ? "e.g. 3 200, 1 234,5 or 3,2 %" : "e.g. 3,200, 1,234.5 or 3.2%");
    int e;
    if (v[KP_BETTER] && get_enum_fr(c, v[KP_BETTER], "better", N_("value for 'better'"), betters, 2, FR(betters_fr), &e))
        k->better = (jmap_better)e;
    return true;
}

enum { TP_ID, TP_NAME, TP_CHANNEL, TP_PERSONAS, TP_DOING, TP_THINKING, TP_FEELING, TP_EMOTION,
       TP_TARGET, TP_QUOTE, TP_IMAGE, TP_MOT, TP_OWNER, TP_URL, TP_PAINS, TP_OPPS,
       TP_FRONTSTAGE, TP_BACKSTAGE, TP_SUPPORT, TP_SYSTEMS, TP_LANE_VALUES, TP_HANDOFF,
       TP_FAIL, TP_WAIT, TP_STATE, TP_DROP_OFF, TP_NEXT, TP_DATA_ASKED, TP_N };
static const char *const tp_keys[TP_N] = {
    "id", "name", "channel", "personas", "doing", "thinking", "feeling", "emotion",
    "target_emotion", "quote", "image", "moment_of_truth", "owner", "url", "pains",
    "opportunities", "frontstage", "backstage", "support", "systems", "lane_values",
    "handoff_to", "fail_point", "wait", "state", "drop_off", "next", "data_asked"};

static const char *const states[] = {"current", "new", "changed", "retired"};
static const fr_word states_fr[] = {
    {"actuel", 0},  {"actuelle", 0}, {"existant", 0}, {"existante", 0}, {"nouveau", 1},
    {"nouvelle", 1}, {"modifié", 2}, {"modifiée", 2}, {"retiré", 3},   {"retirée", 3},
    {"supprimé", 3}, {"supprimée", 3}};

/* A text or a list of texts: the steps of one lane at one touchpoint. */
static void get_steps(ctx *c, const ln_node *v, const char *key, jmap_steps *out)
{
    memset(out, 0, sizeof *out);
    if (!v || is_null(v))
        return;
    out->span = jmap_loader_span(c->src, v);
    if (v->kind == LN_SCALAR) {
        out->items = jmap_arena_alloc(c->a, sizeof(char *));
        out->items[0] = jmap_arena_strndup(c->a, v->value, v->len);
        out->n = 1;
        return;
    }
    if (v->kind != LN_SEQ) {
        err(c, v, "'%s' must be a text or a list of texts, not %s", key, describe(c, v));
        return;
    }
    if (v->n > JMAP_LOADER_MAX_STEPS) {
        err(c, v, "'%s' lists %u texts (the limit is %d)", key, v->n, JMAP_LOADER_MAX_STEPS);
        return;
    }
    get_text_list(c, v, key, &out->items, &out->n);
}

/* `drop_off: 35 %`: a share of customers, 0 to 100 percent. */
static void read_drop_off(ctx *c, const ln_node *v, jmap_touchpoint *t)
{
    if (is_null(v))
        return;
    double d;
    bool pct = false;
    if (v->kind != LN_SCALAR ||
        !jmap_kpi_number(v->value, c->j ? c->j->locale : JMAP_LOCALE_EN, &d, &pct)) {
        err(c, v, "'drop_off' must be a percentage such as 35 %% or 12.5, not %s",
            describe(c, v));
        return;
    }
    if (d < 0 || d > 100) {
        err(c, v, "'drop_off' '%s' is not a percentage between 0 and 100", q(c, v->value));
        return;
    }
    if (!pct && d > 0 && d < 1)
        warn(c, v, "'drop_off' '%s' means %s %% of customers; for a share, write %g %%",
             q(c, v->value), q(c, v->value), d * 100);
    t->drop_off = d;
    t->drop_off_set = true;
}

/* `lane_values: {evidence: text}`: the journey's own lanes at a touchpoint. */
static void read_lane_values(ctx *c, const ln_node *v, jmap_touchpoint *t)
{
    if (!v || is_null(v))
        return;
    const jmap_journey *j = c->j;
    if (v->kind != LN_MAP) {
        err(c, v, "'lane_values' must be a mapping of lane id to text, not %s", describe(c, v));
        return;
    }
    if (!j->n_custom_lanes) {
        err(c, v, "'lane_values' fills lanes declared under 'lanes:' as {id, name}; this "
                  "journey declares none");
        return;
    }
    t->lane_values = jmap_arena_alloc(c->a, j->n_custom_lanes * sizeof(jmap_steps));
    const char *ids[JMAP_MAX_CUSTOM_LANES];
    for (size_t k = 0; k < j->n_custom_lanes; k++)
        ids[k] = j->custom_lanes[k].id;
    for (size_t i = 0; i + 1 < v->n; i += 2) {
        const ln_node *key = v->kids[i];
        if (key->kind != LN_SCALAR)
            continue;
        size_t k = 0;
        while (k < j->n_custom_lanes && strcmp(ids[k], key->value))
            k++;
        if (k == j->n_custom_lanes) {
            err(c, key, "unknown lane '%s' in 'lane_values'%s", q(c, key->value),
                did_you_mean(c, key->value, ids, j->n_custom_lanes));
            continue;
        }
        get_steps(c, v->kids[i + 1], key->value, &t->lane_values[k]);
    }
}

static jmap_touchpoint *read_touchpoint(ctx *c, const ln_node *m, jmap_stage *st)
{
    const ln_node *v[TP_N];
    jmap_touchpoint *t = jmap_arena_alloc(c->a, sizeof *t);
    t->span = jmap_loader_span(c->src, m);
    t->stage = st;
    if (!map_fields(c, m, "touchpoint", tp_keys, TP_N, v, &t->x, &t->n_x))
        return NULL;
    t->id = get_id(c, v[TP_ID]);
    remember_id(c, t, t->id ? v[TP_ID] : NULL, m);
    t->name = need_text(c, m, v[TP_NAME], "name", "touchpoint");
    t->doing = get_text(c, v[TP_DOING], "doing");
    t->thinking = get_text(c, v[TP_THINKING], "thinking");
    t->feeling = get_text(c, v[TP_FEELING], "feeling");
    t->quote = get_text(c, v[TP_QUOTE], "quote");
    t->owner = get_text(c, v[TP_OWNER], "owner");
    t->url = get_url(c, v[TP_URL]);
    if (v[TP_IMAGE])
        get_image(c, v[TP_IMAGE], "image", &t->image);
    if (v[TP_MOT])
        get_bool(c, v[TP_MOT], "moment_of_truth", &t->moment_of_truth);
    read_pains(c, v[TP_PAINS], st, t, &t->pains, &t->n_pains);
    read_opportunities(c, v[TP_OPPS], st, t, &t->opportunities, &t->n_opportunities);
    for (int b = 0; b < JMAP_BP_COUNT; b++)
        get_steps(c, v[TP_FRONTSTAGE + b], tp_keys[TP_FRONTSTAGE + b], &t->steps[b]);
    read_lane_values(c, v[TP_LANE_VALUES], t);
    t->fail_point = get_text(c, v[TP_FAIL], "fail_point");
    t->wait = get_text(c, v[TP_WAIT], "wait");
    int e;
    if (v[TP_STATE] && get_enum_fr(c, v[TP_STATE], "state", N_("touchpoint state"), states, 4,
                                   FR(states_fr), &e))
        t->state = (jmap_tp_state)e;
    if (v[TP_DROP_OFF])
        read_drop_off(c, v[TP_DROP_OFF], t);
    get_list(c, v[TP_DATA_ASKED], "data_asked", &t->data_asked, &t->n_data_asked, false);
    tp_refs r = {t, m, v[TP_CHANNEL], v[TP_PERSONAS], v[TP_EMOTION], v[TP_TARGET],
                 v[TP_HANDOFF] && !is_null(v[TP_HANDOFF]) ? v[TP_HANDOFF] : NULL,
                 v[TP_NEXT] && !is_null(v[TP_NEXT]) ? v[TP_NEXT] : NULL};
    if (r.emotion && is_null(r.emotion))
        r.emotion = NULL;
    if (r.target && is_null(r.target))
        r.target = NULL;
    if (r.channel && is_null(r.channel))
        r.channel = NULL;
    g_array_append_val(c->tp_refs, r);
    return t;
}

enum { ST_ID, ST_NAME, ST_PHASE, ST_GOAL, ST_DESCRIPTION, ST_KPIS, ST_TOUCHPOINTS, ST_PAINS,
       ST_OPPS, ST_INSIGHT, ST_N };
static const char *const stage_keys[ST_N] = {"id", "name", "phase", "goal", "description",
                                             "kpis", "touchpoints", "pains", "opportunities",
                                             "insight"};

/* A stage's `phase`: a declared phase's id, else a built-in phase. */
static void stage_phase(ctx *c, const ln_node *v, jmap_stage *s)
{
    const jmap_journey *j = c->j;
    if (v->kind == LN_SCALAR)
        for (size_t i = 0; i < j->n_phases; i++)
            if (j->phases[i]->declared && !strcmp(j->phases[i]->id, v->value)) {
                s->phase_def = j->phases[i];
                s->phase = j->phases[i]->builtin;
                return;
            }
    bool custom = false;
    for (size_t i = 0; i < j->n_phases; i++)
        custom |= j->phases[i]->builtin == JMAP_PHASE_NONE;
    int e;
    if (!custom) {
        if (get_enum_fr(c, v, "phase", N_("phase"), phases, 3, FR(phases_fr), &e)) {
            s->phase = (jmap_phase)(e + 1);
            s->phase_def = j->phases[e];
        }
        return;
    }
    /* the built-in names in French too, then the declared ids */
    if (v->kind == LN_SCALAR && v->len < 100) {
        for (int i = 0; i < 3; i++)
            if (!strcmp(v->value, phases[i])) {
                s->phase = (jmap_phase)(i + 1);
                s->phase_def = j->phases[i];
                return;
            }
        int fv = french(c) ? french_value(c, v->value, phases_fr, G_N_ELEMENTS(phases_fr)) : -1;
        if (fv >= 0) {
            s->phase = (jmap_phase)(fv + 1);
            s->phase_def = j->phases[fv];
            return;
        }
    }
    if (v->kind != LN_SCALAR) {
        err(c, v, "'phase' must be a phase id, not %s", describe(c, v));
        return;
    }
    const char **ids = jmap_arena_alloc(c->a, j->n_phases * sizeof(char *));
    GString *list = g_string_new(NULL);
    for (size_t i = 0; i < j->n_phases; i++) {
        ids[i] = j->phases[i]->id;
        g_string_append_printf(list, "%s%s", i == 0 ? "" : i + 1 == j->n_phases ? _(" or ") : ", ",
                               ids[i]);
    }
    const char *sug = jmap_suggest(v->value, ids, j->n_phases);
    if (sug)
        err(c, v, "unknown phase '%s' (did you mean '%s'?)", q(c, v->value), sug);
    else
        err(c, v, "unknown phase '%s' (expected %s)", q(c, v->value), list->str);
    g_string_free(list, TRUE);
}

static jmap_stage *read_stage(ctx *c, const ln_node *m)
{
    const ln_node *v[ST_N];
    jmap_stage *s = jmap_arena_alloc(c->a, sizeof *s);
    s->span = jmap_loader_span(c->src, m);
    if (!map_fields(c, m, "stage", stage_keys, ST_N, v, &s->x, &s->n_x))
        return NULL;
    s->id = get_id(c, v[ST_ID]);
    remember_id(c, s, s->id ? v[ST_ID] : NULL, m);
    s->name = need_text(c, m, v[ST_NAME], "name", "stage");
    if (v[ST_PHASE] && !is_null(v[ST_PHASE]))
        stage_phase(c, v[ST_PHASE], s);
    s->goal = get_text(c, v[ST_GOAL], "goal");
    s->insight = get_text(c, v[ST_INSIGHT], "insight");
    s->description = get_text(c, v[ST_DESCRIPTION], "description");

    const ln_node *k = v[ST_KPIS];
    if (k && !is_null(k)) {
        if (k->kind != LN_SEQ) {
            err(c, k, "'kpis' must be a list, not %s", describe(c, k));
        } else {
            size_t cap = MIN(k->n, (size_t)JMAP_LOADER_MAX_ITEMS);
            s->kpis = jmap_arena_alloc(c->a, (cap + 1) * sizeof(jmap_kpi));
            for (size_t i = 0; i < k->n && take_item(c, k->kids[i]); i++)
                if (read_kpi(c, k->kids[i], &s->kpis[s->n_kpis]))
                    s->n_kpis++;
        }
    }

    const ln_node *tl = v[ST_TOUCHPOINTS];
    if (tl && !is_null(tl)) {
        if (tl->kind != LN_SEQ) {
            err(c, tl, "'touchpoints' must be a list, not %s", describe(c, tl));
        } else {
            s->touchpoints = jmap_arena_alloc(c->a, (tl->n + 1) * sizeof(jmap_touchpoint *));
            for (size_t i = 0; i < tl->n; i++) {
                if (++c->n_tp_seen > JMAP_MAX_TOUCHPOINTS) {
                    if (!c->tp_limit_said)
                        err(c, tl->kids[i], "too many touchpoints (the limit is %u)",
                            JMAP_MAX_TOUCHPOINTS);
                    c->tp_limit_said = true;
                    break;
                }
                if (!take_item(c, tl->kids[i]))
                    break;
                jmap_touchpoint *t = read_touchpoint(c, tl->kids[i], s);
                if (t) {
                    t->ordinal = s->n_touchpoints;
                    s->touchpoints[s->n_touchpoints++] = t;
                }
            }
        }
    }
    read_pains(c, v[ST_PAINS], s, NULL, &s->pains, &s->n_pains);
    read_opportunities(c, v[ST_OPPS], s, NULL, &s->opportunities, &s->n_opportunities);
    return s;
}

/* ------------------------------------------------------------------ ids */

typedef struct idref {
    const char **id;
    bool *derived;
    const char *from; /* name or text the id derives from */
    const void *obj;
    const void *tp, *stage; /* the touchpoint and stage holding obj, or NULL */
} idref;

/*
 * Ids written in the file name files (`{persona}` in -o), PDF destinations
 * and the lines `jmap list` prints, so they hold only letters of any script
 * (with their combining marks), digits, '-', '_', and '.' between two other
 * characters: no '/', no space, no line break, no '..'. Derived ids (slugs)
 * always fit.
 */
static bool id_char(gunichar u, bool first)
{
    if (u == '-' || u == '_' || g_unichar_isalpha(u) || g_unichar_isdigit(u))
        return true;
    GUnicodeType t = g_unichar_type(u);
    return !first && (t == G_UNICODE_NON_SPACING_MARK || t == G_UNICODE_SPACING_MARK ||
                      t == G_UNICODE_ENCLOSING_MARK);
}

/* Why `id` is not a valid id, or NULL when it is one. */
static const char *id_problem(ctx *c, const char *id)
{
    for (const char *p = id; *p; p = g_utf8_next_char(p)) {
        gunichar u = g_utf8_get_char(p);
        if (u == '.') {
            if (p == id)
                return _("it starts with '.'");
            if (p[1] == '.')
                return _("'..' is not allowed");
            if (!p[1])
                return _("it ends with '.'");
            continue;
        }
        if (id_char(u, p == id))
            continue;
        if (u == ' ')
            return _("a space is not allowed");
        if (u == '\'')
            return _("an apostrophe is not allowed");
        char one[8] = {0};
        g_unichar_to_utf8(u, one);
        char *r = ring(c);
        g_snprintf(r, sizeof c->ring[0], _("'%s' is not allowed"), q(c, one));
        return r;
    }
    return NULL;
}

/* A valid id close to an invalid one, not in `taken` (and added to it): its
 * allowed characters, each run of others turned into one '-'; "kind-N" when
 * nothing is left. */
static const char *id_suggestion(ctx *c, const char *id, const char *kind, size_t pos,
                                 GHashTable *taken)
{
    GString *out = g_string_new(NULL);
    bool sep = false;
    for (const char *p = id; *p; p = g_utf8_next_char(p)) {
        gunichar u = g_utf8_get_char(p);
        const char *next = g_utf8_next_char(p);
        bool keep = u == '.' ? out->len && !sep && out->str[out->len - 1] != '.' && *next &&
                                   id_char(g_utf8_get_char(next), false)
                             : id_char(u, out->len == 0);
        if (!keep) {
            sep = true;
            continue;
        }
        if (sep && out->len && out->str[out->len - 1] != '-' && u != '-')
            g_string_append_c(out, '-');
        sep = false;
        g_string_append_len(out, p, next - p);
    }
    if (!out->len)
        g_string_printf(out, "%s-%zu", kind, pos);
    const char *base = jmap_arena_strndup(c->a, out->str, out->len);
    g_string_free(out, TRUE);
    const char *r = base;
    for (size_t k = 2; g_hash_table_contains(taken, r); k++)
        r = jmap_arena_printf(c->a, "%s-%zu", base, k);
    g_hash_table_add(taken, (gpointer)r);
    return r;
}

/* Reports an invalid explicit id at its node, with a suggestion. */
static void check_id(ctx *c, const ln_node *at, const char *id, const char *kind, size_t pos,
                     GHashTable *taken)
{
    const char *why = id_problem(c, id);
    if (!why || c->d->truncated)
        return;
    err(c, at,
        "invalid %s id '%s': %s (ids use letters, digits, '-', '_' and '.' inside); write '%s' "
        "instead",
        _(kind), q(c, id), why, q(c, id_suggestion(c, id, kind, pos, taken)));
}

/* The same mapping, with its id, reached twice: an alias repeats it, or
 * repeats the touchpoint or stage holding it. Points at that alias when the
 * reader kept its place, else at the id. */
static void alias_duplicate(ctx *c, const idref *r, const ln_node *id_node, const char *kind,
                            const char *id)
{
    const void *objs[3] = {r->obj, r->tp, r->stage};
    const char *kinds[3] = {kind, N_("touchpoint"), N_("stage")};
    for (int k = 0; k < 3; k++) {
        const ln_node *item = objs[k] ? g_hash_table_lookup(c->item_nodes, objs[k]) : NULL;
        const ln_alias *al = ln_pool_alias_of(c->pool, item);
        if (!al)
            continue;
        jmap_span at = {c->src, al->line, al->col};
        bool kept;
        if (k == 0)
            kept = err_at(c, at, "duplicate %s id '%s': the alias '*%s' repeats this %s, id included",
                          _(kind), q(c, id), q(c, al->name), _(kind));
        else
            kept = err_at(c, at, "duplicate %s id '%s': the alias '*%s' repeats the %s holding "
                          "this %s, ids included", _(kind), q(c, id), q(c, al->name), _(kinds[k]), _(kind));
        if (kept)
            note(c, id_node, "'%s' first used here", q(c, id));
        return;
    }
    err(c, id_node, "duplicate %s id '%s': this %s is repeated through an alias, id included", _(kind),
        q(c, id), _(kind));
}

/* Step 2 for one namespace: explicit ids first (duplicates are errors that
 * point at the later one, with a note at the earlier), then derived ones in
 * map order, suffixed -2, -3 ... past any id already taken; last, invalid
 * explicit ids are reported with a suggestion that is not taken. */
static void assign_ids(ctx *c, GArray *refs, const char *kind, size_t max_len, GHashTable *taken)
{
    GHashTable *first = g_hash_table_new(g_str_hash, g_str_equal);
    /* base -> next suffix to try, so a thousand equal names cost a thousand
     * steps, not half a million */
    GHashTable *next = g_hash_table_new(g_str_hash, g_str_equal);
    GArray *bad = g_array_new(FALSE, FALSE, sizeof(guint)); /* refs with an invalid id */
    for (guint i = 0; i < refs->len; i++) {
        idref *r = &g_array_index(refs, idref, i);
        if (!*r->id)
            continue;
        const ln_node *here = g_hash_table_lookup(c->id_nodes, r->obj);
        const ln_node *prev = g_hash_table_lookup(first, *r->id);
        if (!prev) {
            g_hash_table_insert(first, (gpointer)*r->id, (gpointer)here);
            g_hash_table_add(taken, (gpointer)*r->id);
            if (id_problem(c, *r->id))
                g_array_append_val(bad, i);
            continue;
        }
        if (prev == here) {
            alias_duplicate(c, r, here, kind, *r->id);
            continue;
        }
        const ln_node *later = here, *earlier = prev;
        if (here->line < prev->line || (here->line == prev->line && here->col < prev->col))
            later = prev, earlier = here;
        if (err(c, later, "duplicate %s id '%s'", _(kind), q(c, *r->id)))
            note(c, earlier, "'%s' first used here", q(c, *r->id));
    }
    g_hash_table_destroy(first);

    for (guint i = 0; i < refs->len; i++) {
        idref *r = &g_array_index(refs, idref, i);
        if (*r->id)
            continue;
        char *base = jmap_slug(c->a, r->from ? r->from : "");
        size_t len = strlen(base);
        if (max_len && len > max_len) {
            size_t cut = max_len;
            if (base[cut] != '-') {
                while (cut > 0 && base[cut - 1] != '-')
                    cut--;
                if (cut == 0)
                    cut = max_len;
            }
            while (cut > 0 && base[cut - 1] == '-')
                cut--;
            base[cut] = '\0';
        }
        if (!*base)
            base = jmap_arena_printf(c->a, "%s-%u", kind, i + 1);
        const char *id = base;
        if (g_hash_table_contains(taken, id)) {
            size_t k = GPOINTER_TO_SIZE(g_hash_table_lookup(next, base));
            if (k < 2)
                k = 2;
            do
                id = jmap_arena_printf(c->a, "%s-%zu", base, k++);
            while (g_hash_table_contains(taken, id));
            g_hash_table_insert(next, base, GSIZE_TO_POINTER(k));
        }
        g_hash_table_add(taken, (gpointer)id);
        *r->id = id;
        *r->derived = true;
    }
    g_hash_table_destroy(next);

    for (guint k = 0; k < bad->len; k++) {
        idref *r = &g_array_index(refs, idref, g_array_index(bad, guint, k));
        check_id(c, g_hash_table_lookup(c->id_nodes, r->obj), *r->id, kind,
                 g_array_index(bad, guint, k) + 1, taken);
    }
    g_array_free(bad, TRUE);
}

#define ADD_REF(arr, o, src_text, tp_, stage_)                                             \
    do {                                                                                   \
        idref r_ = {&(o)->id, &(o)->id_derived, (src_text), (o), (tp_), (stage_)};         \
        g_array_append_val((arr), r_);                                                     \
    } while (0)
#define NO_HOLDER(o) NULL
#define TP_OF(o) ((o)->touchpoint)
#define STAGE_OF(o) ((o)->stage)

static void ids_of(ctx *c, jmap_journey *j)
{
    GArray *refs = g_array_new(FALSE, FALSE, sizeof(idref));
    GHashTable *taken = g_hash_table_new(g_str_hash, g_str_equal);

#define NAMESPACE(list, n, field, kind, maxlen, TP, STAGE)                                 \
    do {                                                                                   \
        g_array_set_size(refs, 0);                                                         \
        g_hash_table_remove_all(taken);                                                    \
        for (size_t i_ = 0; i_ < (n); i_++)                                                \
            ADD_REF(refs, (list)[i_], (list)[i_]->field, TP((list)[i_]), STAGE((list)[i_])); \
        assign_ids(c, refs, kind, maxlen, taken);                                          \
    } while (0)

    if (!j->personas_implicit)
        NAMESPACE(j->personas, j->n_personas, name, N_("persona"), 0, NO_HOLDER, NO_HOLDER);
    NAMESPACE(j->stages, j->n_stages, name, N_("stage"), 0, NO_HOLDER, NO_HOLDER);
    NAMESPACE(j->touchpoints, j->n_touchpoints, name, N_("touchpoint"), 0, NO_HOLDER, STAGE_OF);
    NAMESPACE(j->pains, j->n_pains, text, N_("pain"), PAIN_ID_MAX, TP_OF, STAGE_OF);
    NAMESPACE(j->opportunities, j->n_opportunities, text, N_("opportunity"), PAIN_ID_MAX, TP_OF,
              STAGE_OF);
#undef NAMESPACE
    g_hash_table_destroy(taken);
    g_array_free(refs, TRUE);
}

/* ------------------------------------------------------------ channels */

static void build_channels(ctx *c, jmap_journey *j)
{
    size_t n_decl = c->chan_decls->len;
    j->channels = jmap_arena_alloc(c->a, (JMAP_BUILTIN_CHANNEL_COUNT + n_decl) * sizeof(jmap_channel *));
    for (int i = 0; i < JMAP_BUILTIN_CHANNEL_COUNT; i++) {
        jmap_channel *ch = jmap_arena_alloc(c->a, sizeof *ch);
        ch->id = jmap_icon_name((jmap_icon)i);
        ch->icon = (jmap_icon)i;
        ch->builtin = true;
        ch->index = (size_t)i;
        j->channels[j->n_channels++] = ch;
        g_hash_table_insert(c->channels, (gpointer)ch->id, ch);
    }
    const char *icon_names[JMAP_ICON_COUNT];
    for (int i = 0; i < JMAP_ICON_COUNT; i++)
        icon_names[i] = jmap_icon_name((jmap_icon)i);
    GHashTable *declared = g_hash_table_new(g_str_hash, g_str_equal); /* id -> id node */
    /* every channel id, for suggestions in place of an invalid one */
    GHashTable *suggested = g_hash_table_new(g_str_hash, g_str_equal);
    for (int i = 0; i < JMAP_BUILTIN_CHANNEL_COUNT; i++)
        g_hash_table_add(suggested, (gpointer)j->channels[i]->id);
    for (guint i = 0; i < n_decl; i++) {
        const ln_node *m = g_ptr_array_index(c->chan_decls, i);
        for (size_t k = 0; m->kind == LN_MAP && k + 1 < m->n; k += 2)
            if (m->kids[k]->kind == LN_SCALAR && !strcmp(m->kids[k]->value, "id") &&
                m->kids[k + 1]->kind == LN_SCALAR)
                g_hash_table_add(suggested, (gpointer)m->kids[k + 1]->value);
    }
    for (guint i = 0; i < n_decl; i++) {
        const ln_node *m = g_ptr_array_index(c->chan_decls, i), *v[CH_N];
        jmap_extra *x;
        size_t n_x;
        if (!map_fields(c, m, "channel", channel_keys, CH_N, v, &x, &n_x))
            continue;
        const char *id = v[CH_ID] ? get_id(c, v[CH_ID]) : NULL;
        if (!v[CH_ID])
            missing(c, m, "id", "channel");
        const char *name = get_text(c, v[CH_NAME], "name");
        int icon = -1;
        if (v[CH_ICON] && !get_enum_fr(c, v[CH_ICON], "icon", N_("icon"), icon_names, JMAP_ICON_COUNT, FR(channels_fr), &icon))
            icon = -2;
        if (!id)
            continue;
        const ln_node *prev = g_hash_table_lookup(declared, id);
        if (prev) {
            if (prev == v[CH_ID]) {
                g_hash_table_insert(c->item_nodes, (gpointer)m, (gpointer)m);
                idref r = {.obj = m};
                alias_duplicate(c, &r, v[CH_ID], "channel", id);
            } else if (err(c, v[CH_ID], "duplicate channel id '%s'", q(c, id))) {
                note(c, prev, "'%s' first used here", q(c, id));
            }
            continue;
        }
        g_hash_table_insert(declared, (gpointer)id, (gpointer)v[CH_ID]);
        if (id_problem(c, id))
            check_id(c, v[CH_ID], id, N_("channel"), i + 1, suggested);
        jmap_channel *ch = g_hash_table_lookup(c->channels, id);
        if (!ch) {
            ch = jmap_arena_alloc(c->a, sizeof *ch);
            ch->id = id;
            ch->icon = JMAP_ICON_OTHER;
            ch->index = j->n_channels;
            j->channels[j->n_channels++] = ch;
            g_hash_table_insert(c->channels, (gpointer)id, ch);
        }
        if (name)
            ch->name = name;
        if (icon >= 0)
            ch->icon = (jmap_icon)icon;
        ch->declared = true;
        ch->x = x;
        ch->n_x = n_x;
        ch->span = jmap_loader_span(c->src, m);
    }
    g_hash_table_destroy(declared);
    g_hash_table_destroy(suggested);
}

/* ---------------------------------------------------------- references */

static const char **ids_of_channels(ctx *c, const jmap_journey *j)
{
    const char **v = jmap_arena_alloc(c->a, (j->n_channels + 1) * sizeof(char *));
    for (size_t i = 0; i < j->n_channels; i++)
        v[i] = j->channels[i]->id;
    return v;
}

static const char **ids_of_personas(ctx *c, const jmap_journey *j)
{
    const char **v = jmap_arena_alloc(c->a, (j->n_personas + 1) * sizeof(char *));
    for (size_t i = 0; i < j->n_personas; i++)
        v[i] = j->personas[i]->id;
    return v;
}

/* "unknown channel 'x' (did you mean 'y'?); channels: web, app, ..." with
 * the French names in a French journey. */
static void unknown_channel(ctx *c, const jmap_journey *j, const ln_node *v)
{
    if (c->d->truncated) {
        err(c, v, "unknown channel");
        return;
    }
    size_t n = j->n_channels, nc = n;
    const char **cands = g_new(const char *, n + N_CHANNEL_ALIASES);
    memcpy(cands, c->channel_ids, n * sizeof *cands);
    if (french(c))
        for (size_t i = 0; i < N_CHANNEL_ALIASES; i++)
            cands[nc++] = channels_fr[i].word;
    GString *list = g_string_new(NULL);
    size_t shown = MIN(n, (size_t)40);
    for (size_t i = 0; i < shown; i++) {
        g_string_append_printf(list, "%s%s", i ? ", " : "", q(c, j->channels[i]->id));
        /* a built-in channel's first French name */
        for (size_t k = 0; french(c) && i < JMAP_BUILTIN_CHANNEL_COUNT && k < N_CHANNEL_ALIASES; k++)
            if (channels_fr[k].value == (int)i) {
                g_string_append_printf(list, " (%s)", channels_fr[k].word);
                break;
            }
    }
    if (shown < n)
        g_string_append_printf(list, " and %zu more", n - shown);
    err(c, v, "unknown channel '%s'%s; the channels are %s", q(c, v->value),
        did_you_mean(c, v->value, cands, nc), list->str);
    g_string_free(list, TRUE);
    g_free(cands);
}

static jmap_channel *channel_ref(ctx *c, const jmap_journey *j, const ln_node *v, const char *key)
{
    if (v->kind != LN_SCALAR || is_null(v)) {
        err(c, v, "'%s' must be a channel id, not %s", key, describe(c, v));
        return NULL;
    }
    jmap_channel *ch = g_hash_table_lookup(c->channels, v->value);
    if (ch) {
        /* "mail" reads as e-mail to a French eye; jmap's is the postman's */
        if (french(c) && ch->builtin && !ch->declared && ch->icon == JMAP_ICON_MAIL)
            warn(c, v, "channel 'mail' is postal mail and printed matter; write courrier for "
                       "that, or courriel (email) if e-mail was meant");
        return ch;
    }
    int alias = v->len < 100 ? french_value(c, v->value, channels_fr, N_CHANNEL_ALIASES) : -1;
    if (alias >= 0 && french(c))
        return j->channels[alias]; /* built-in channels come first, in icon order */
    if (alias >= 0) {
        err(c, v, "'%s' is French; add locale: fr or write %s", q(c, v->value),
            jmap_icon_name((jmap_icon)alias));
        return NULL;
    }
    unknown_channel(c, j, v);
    return NULL;
}

/* Index of the persona `v` names, or -1 (reported). */
static long persona_ref(ctx *c, const jmap_journey *j, const ln_node *v, const char *key)
{
    if (v->kind != LN_SCALAR || is_null(v)) {
        err(c, v, "'%s' must name persona ids, not %s", key, describe(c, v));
        return -1;
    }
    for (size_t i = 0; i < j->n_personas; i++)
        if (!strcmp(j->personas[i]->id, v->value))
            return (long)i;
    if (j->personas_implicit)
        err(c, v, "unknown persona '%s' (this journey declares no personas)", q(c, v->value));
    else
        err(c, v, "unknown persona '%s'%s", q(c, v->value),
            did_you_mean(c, v->value, c->persona_ids, j->n_personas));
    return -1;
}

static bool emotion_number(ctx *c, const ln_node *v, const char *key, double *out)
{
    if (!get_number(c, v, key, out))
        return false;
    const jmap_journey *j = c->j;
    if (c->scale_ok && (*out < j->scale_min || *out > j->scale_max)) {
        err(c, v, "%s %s is outside the scale (%d to %d)", key, q(c, v->value), j->scale_min,
            j->scale_max);
        return false;
    }
    return true;
}

/* `emotion` or `target_emotion`: a number for every persona the touchpoint
 * meets, or a mapping persona id -> number. */
static void read_scores(ctx *c, jmap_touchpoint *t, const ln_node *v, const char *key,
                        jmap_score *out)
{
    const jmap_journey *j = c->j;
    if (v->kind == LN_SCALAR) {
        double d;
        if (emotion_number(c, v, key, &d))
            for (size_t i = 0; i < j->n_personas; i++)
                if (t->meets[i])
                    out[i] = (jmap_score){.set = true, .value = d};
        return;
    }
    if (v->kind != LN_MAP) {
        err(c, v, "'%s' must be a number or a mapping of persona ids to numbers, not %s", key,
            describe(c, v));
        return;
    }
    if (j->personas_implicit) {
        err(c, v, "'%s' per persona needs personas, and this journey declares none", key);
        return;
    }
    for (size_t i = 0; i + 1 < v->n; i += 2) {
        const ln_node *k = v->kids[i], *val = v->kids[i + 1];
        if (k->kind != LN_SCALAR || flow_decimal_comma(c, v, i))
            continue;
        long p = persona_ref(c, j, k, key);
        double d;
        bool ok = emotion_number(c, val, key, &d);
        if (p < 0)
            continue;
        if (!t->meets[p]) {
            err(c, k, "persona '%s' does not meet this touchpoint (see its 'personas')",
                q(c, k->value));
            continue;
        }
        if (ok)
            out[p] = (jmap_score){.set = true, .value = d};
    }
}

/* A touchpoint named in `next` or `handoff_to` (reported when unknown). */
static jmap_touchpoint *tp_ref(ctx *c, GHashTable *tps, const char **ids, size_t n_ids,
                               const ln_node *v, const char *key)
{
    if (v->kind != LN_SCALAR || is_null(v)) {
        err(c, v, "'%s' must name a touchpoint id, not %s", key, describe(c, v));
        return NULL;
    }
    jmap_touchpoint *t = g_hash_table_lookup(tps, v->value);
    if (!t)
        err(c, v, "unknown touchpoint '%s' in '%s'%s", q(c, v->value), key,
            did_you_mean(c, v->value, ids, MIN(n_ids, (size_t)SUGGEST_MAX)));
    return t;
}

static const char *const bp_lane_names[JMAP_BP_COUNT] = {"frontstage", "backstage", "support",
                                                         "systems"};

/* One hand-off: a touchpoint id, a blueprint lane, or {touchpoint, lane}. */
static bool read_handoff(ctx *c, GHashTable *tps, const char **ids, size_t n_ids,
                         jmap_touchpoint *from, const ln_node *v, jmap_handoff *out)
{
    out->span = jmap_loader_span(c->src, v);
    out->to = from;
    out->lane = -1;
    if (v->kind == LN_SCALAR && !is_null(v)) {
        jmap_touchpoint *t = g_hash_table_lookup(tps, v->value);
        if (t) {
            out->to = t;
            return true;
        }
        for (int b = 0; b < JMAP_BP_COUNT; b++)
            if (!strcmp(v->value, bp_lane_names[b])) {
                out->lane = JMAP_BP_LANE(b);
                return true;
            }
        const char **cands = g_new(const char *, MIN(n_ids, (size_t)SUGGEST_MAX) + JMAP_BP_COUNT);
        size_t nc = 0;
        for (int b = 0; b < JMAP_BP_COUNT; b++)
            cands[nc++] = bp_lane_names[b];
        for (size_t i = 0; i < n_ids && i < SUGGEST_MAX; i++)
            cands[nc++] = ids[i];
        err(c, v, "'handoff_to' '%s' is neither a touchpoint id nor a blueprint lane (frontstage, "
                  "backstage, support, systems)%s", q(c, v->value),
            did_you_mean(c, v->value, cands, nc));
        g_free(cands);
        return false;
    }
    if (v->kind != LN_MAP) {
        err(c, v, "'handoff_to' must be a touchpoint id, a blueprint lane or {touchpoint, lane}, "
                  "not %s", describe(c, v));
        return false;
    }
    static const char *const keys[] = {"touchpoint", "lane"};
    const ln_node *f[2];
    map_fields(c, v, "a hand-off", keys, 2, f, NULL, NULL);
    if ((!f[0] || is_null(f[0])) && (!f[1] || is_null(f[1]))) {
        err(c, v, "a hand-off needs 'touchpoint', 'lane' or both");
        return false;
    }
    bool ok = true;
    if (f[0] && !is_null(f[0])) {
        out->to = tp_ref(c, tps, ids, n_ids, f[0], "handoff_to");
        ok &= out->to != NULL;
    }
    int b;
    if (f[1] && !is_null(f[1])) {
        if (get_enum(c, f[1], "lane", N_("blueprint lane"), bp_lane_names, JMAP_BP_COUNT, &b))
            out->lane = JMAP_BP_LANE(b);
        else
            ok = false;
    }
    if (ok && out->to == from && out->lane < 0) {
        err(c, v, "a hand-off to its own touchpoint needs the 'lane' it goes to");
        ok = false;
    }
    return ok;
}

/*
 * The items of `next` or `handoff_to`: one item (*items points at v on
 * entry), or a list of them. Past JMAP_LOADER_MAX_LINKS_PER_TOUCHPOINT
 * here (`over_here`), or JMAP_LOADER_MAX_LINKS with the *total already read
 * (`over_all`, said once through *said), it is reported and none is kept.
 * Returns how many; *items points at them.
 */
static size_t link_items(ctx *c, const ln_node *v, const ln_node *const **items,
                         const char *over_here, const char *over_all, size_t *total, bool *said)
{
    size_t n = 1; /* *items: the caller's pointer to v */
    if (v->kind == LN_SEQ) {
        *items = (const ln_node *const *)v->kids;
        n = v->n;
    }
    if (n > JMAP_LOADER_MAX_LINKS_PER_TOUCHPOINT) {
        err(c, v, over_here, n, JMAP_LOADER_MAX_LINKS_PER_TOUCHPOINT);
        return 0;
    }
    if (*total + n > JMAP_LOADER_MAX_LINKS) {
        if (!*said)
            err(c, v, over_all, JMAP_LOADER_MAX_LINKS);
        *said = true;
        return 0;
    }
    *total += n;
    return n;
}

/* `next` and `handoff_to`: references between touchpoints. */
static void resolve_flow(ctx *c, jmap_journey *j)
{
    bool any = false;
    for (guint i = 0; i < c->tp_refs->len && !any; i++) {
        tp_refs *r = &g_array_index(c->tp_refs, tp_refs, i);
        any = r->handoff || r->next;
    }
    if (!any)
        return;
    GHashTable *tps = g_hash_table_new(g_str_hash, g_str_equal);
    const char **ids = jmap_arena_alloc(c->a, (j->n_touchpoints + 1) * sizeof(char *));
    for (size_t i = 0; i < j->n_touchpoints; i++) {
        ids[i] = j->touchpoints[i]->id;
        if (ids[i] && !g_hash_table_contains(tps, ids[i]))
            g_hash_table_insert(tps, (gpointer)ids[i], j->touchpoints[i]);
    }
    /* mark[k] == i + 1: touchpoint k is already in the i-th touchpoint's `next` */
    guint *mark = g_new0(guint, j->n_touchpoints + 1);
    size_t n_next = 0, n_handoffs = 0; /* in the whole journey */
    bool next_said = false, handoffs_said = false;
    for (guint i = 0; i < c->tp_refs->len; i++) {
        tp_refs *r = &g_array_index(c->tp_refs, tp_refs, i);
        jmap_touchpoint *t = r->tp;
        if (r->next) {
            const ln_node *v = r->next;
            const ln_node *const *items = &v;
            if (v->kind == LN_SEQ && !v->n)
                err(c, v, "'next' is empty; leave it out for the following touchpoint");
            size_t n = link_items(c, v, &items, N_("'next' lists %zu touchpoints (the limit is %d)"),
                                  N_("too many 'next' links in the journey (the limit is %d)"),
                                  &n_next, &next_said);
            t->next = jmap_arena_alloc(c->a, (n + 1) * sizeof(jmap_touchpoint *));
            for (size_t k = 0; k < n; k++) {
                jmap_touchpoint *to = tp_ref(c, tps, ids, j->n_touchpoints, items[k], "next");
                if (!to)
                    continue;
                if (mark[to->index] == i + 1) {
                    warn(c, items[k], "touchpoint '%s' is listed twice in 'next'", q(c, to->id));
                } else {
                    mark[to->index] = i + 1;
                    t->next[t->n_next++] = to;
                }
            }
        }
        if (r->handoff) {
            const ln_node *v = r->handoff;
            const ln_node *const *items = &v;
            size_t n = link_items(c, v, &items, N_("'handoff_to' lists %zu hand-offs (the limit is %d)"),
                                  N_("too many hand-offs in the journey (the limit is %d)"),
                                  &n_handoffs, &handoffs_said);
            t->handoffs = jmap_arena_alloc(c->a, (n + 1) * sizeof(jmap_handoff));
            for (size_t k = 0; k < n; k++)
                if (read_handoff(c, tps, ids, j->n_touchpoints, t, items[k],
                                 &t->handoffs[t->n_handoffs]))
                    t->n_handoffs++;
        }
    }
    g_free(mark);
    g_hash_table_destroy(tps);
}

static void resolve_refs(ctx *c, jmap_journey *j)
{
    c->channel_ids = ids_of_channels(c, j);
    c->persona_ids = ids_of_personas(c, j);
    /* persona channels */
    for (guint i = 0; i < c->persona_refs->len; i++) {
        persona_refs *r = &g_array_index(c->persona_refs, persona_refs, i);
        const ln_node *v = r->channels;
        if (is_null(v))
            continue;
        if (v->kind != LN_SEQ) {
            err(c, v, "'channels' must be a list of channel ids, not %s", describe(c, v));
            continue;
        }
        r->p->channels = jmap_arena_alloc(c->a, (v->n + 1) * sizeof(jmap_channel *));
        for (size_t k = 0; k < v->n; k++) {
            jmap_channel *ch = channel_ref(c, j, v->kids[k], "channels");
            if (ch)
                r->p->channels[r->p->n_channels++] = ch;
        }
    }

    bool any_emotion = false;
    for (guint i = 0; i < c->tp_refs->len; i++)
        any_emotion |= g_array_index(c->tp_refs, tp_refs, i).emotion != NULL;

    for (guint i = 0; i < c->tp_refs->len; i++) {
        tp_refs *r = &g_array_index(c->tp_refs, tp_refs, i);
        jmap_touchpoint *t = r->tp;
        t->meets = jmap_arena_alloc(c->a, j->n_personas * sizeof(bool));
        t->emotion = jmap_arena_alloc(c->a, j->n_personas * sizeof(jmap_score));
        t->target_emotion = jmap_arena_alloc(c->a, j->n_personas * sizeof(jmap_score));
        if (r->channel)
            t->channel = channel_ref(c, j, r->channel, "channel");
        if (r->personas && !is_null(r->personas)) {
            t->personas_given = true;
            const ln_node *v = r->personas;
            if (v->kind != LN_SEQ) {
                err(c, v, "'personas' must be a list of persona ids, not %s", describe(c, v));
                for (size_t p = 0; p < j->n_personas; p++)
                    t->meets[p] = true;
            } else if (v->n == 0) {
                err(c, v, "'personas' is empty: a touchpoint is met by at least one persona");
            } else {
                for (size_t k = 0; k < v->n; k++) {
                    long p = persona_ref(c, j, v->kids[k], "personas");
                    if (p >= 0)
                        t->meets[p] = true;
                }
            }
        } else {
            for (size_t p = 0; p < j->n_personas; p++)
                t->meets[p] = true;
        }
        if (r->emotion) {
            t->emotion_given = true;
            read_scores(c, t, r->emotion, "emotion", t->emotion);
        } else if (any_emotion) {
            warn(c, r->node, "touchpoint '%s' has no emotion; the curve breaks there", q(c, t->id));
        }
        if (r->target) {
            t->target_given = true;
            read_scores(c, t, r->target, "target_emotion", t->target_emotion);
        }
    }

    resolve_flow(c, j);

    /* opportunity addresses */
    const char **pain_ids = jmap_arena_alloc(c->a, (j->n_pains + 1) * sizeof(char *));
    GHashTable *pains = g_hash_table_new(g_str_hash, g_str_equal);
    for (size_t i = 0; i < j->n_pains; i++) {
        pain_ids[i] = j->pains[i]->id;
        if (!g_hash_table_contains(pains, j->pains[i]->id))
            g_hash_table_insert(pains, (gpointer)j->pains[i]->id, j->pains[i]);
    }
    for (guint i = 0; i < c->opp_refs->len; i++) {
        opp_refs *r = &g_array_index(c->opp_refs, opp_refs, i);
        const ln_node *v = r->addresses;
        const ln_node *const *items = &v;
        size_t n = 1;
        if (v->kind == LN_SEQ) {
            items = (const ln_node *const *)v->kids;
            n = v->n;
        } else if (v->kind != LN_SCALAR) {
            err(c, v, "'addresses' must be a pain id or a list of pain ids, not %s", describe(c, v));
            continue;
        }
        r->o->addresses = jmap_arena_alloc(c->a, (n + 1) * sizeof(jmap_pain *));
        for (size_t k = 0; k < n; k++) {
            const ln_node *it = items[k];
            if (it->kind != LN_SCALAR || is_null(it)) {
                err(c, it, "'addresses' must name pain ids, not %s", describe(c, it));
                continue;
            }
            jmap_pain *p = g_hash_table_lookup(pains, it->value);
            if (!p)
                err(c, it, "unknown pain '%s'%s", q(c, it->value),
                    did_you_mean(c, it->value, pain_ids, j->n_pains));
            else
                r->o->addresses[r->o->n_addresses++] = p;
        }
    }
    g_hash_table_destroy(pains);
}

/* ------------------------------------------------------------- journey */

enum { TOP_JMAP, TOP_TITLE, TOP_SUBTITLE, TOP_DESCRIPTION, TOP_SCENARIO, TOP_AUTHOR, TOP_VERSION,
       TOP_DATE, TOP_LOCALE, TOP_TYPE, TOP_SCALE, TOP_THEME, TOP_LANES, TOP_PERSONAS,
       TOP_CHANNELS, TOP_STAGES, TOP_ANALYSIS, TOP_PHASES, TOP_INSIGHTS, TOP_N };
static const char *const top_keys[TOP_N] = {
    "jmap", "title", "subtitle", "description", "scenario", "author", "version", "date",
    "locale", "type", "scale", "theme", "lanes", "personas", "channels", "stages", "analysis",
    "phases", "insights"};

static void read_scale(ctx *c, const ln_node *m, jmap_journey *j)
{
    static const char *const keys[] = {"min", "max"};
    const ln_node *v[2];
    c->scale_ok = false;
    if (!map_fields(c, m, "scale", keys, 2, v, NULL, NULL))
        return;
    int lo = 1, hi = 5;
    bool ok = true;
    if (!v[0])
        missing(c, m, "min", "scale"), ok = false;
    else
        ok &= get_int(c, v[0], "min", &lo);
    if (!v[1])
        missing(c, m, "max", "scale"), ok = false;
    else
        ok &= get_int(c, v[1], "max", &hi);
    if (!ok)
        return;
    if (hi <= lo) {
        err(c, v[1], "scale 'max' (%d) must be greater than 'min' (%d)", hi, lo);
        return;
    }
    if (hi - lo < 2 || hi - lo > 10) {
        err(c, v[1], "scale range max - min is %d; it must be between 2 and 10", hi - lo);
        return;
    }
    j->scale_min = lo;
    j->scale_max = hi;
    c->scale_ok = true;
}

/* `analysis: {sharp_drop: 1.5, ...}`: the thresholds of the findings. */
static void read_analysis(ctx *c, const ln_node *m, jmap_journey *j)
{
    const char *keys[JMAP_TH_COUNT];
    const ln_node *v[JMAP_TH_COUNT];
    for (int i = 0; i < JMAP_TH_COUNT; i++)
        keys[i] = jmap_threshold_name((jmap_threshold)i);
    if (!map_fields(c, m, "analysis", keys, JMAP_TH_COUNT, v, NULL, NULL))
        return;
    for (int i = 0; i < JMAP_TH_COUNT; i++) {
        double d;
        if (!v[i] || is_null(v[i]) || !get_number(c, v[i], keys[i], &d))
            continue;
        const char *why = c->scale_ok ? jmap_threshold_problem((jmap_threshold)i, d, j->scale_min,
                                                               j->scale_max)
                                      : NULL;
        if (why) {
            if (i == JMAP_TH_GAP_TOUCHPOINTS)
                err(c, v[i], "invalid '%s' %s: %s", keys[i], q(c, v[i]->value), why);
            else
                err(c, v[i], "invalid '%s' %s: %s (the scale is %d to %d)", keys[i],
                    q(c, v[i]->value), why, j->scale_min, j->scale_max);
            continue;
        }
        j->thresholds.value[i] = d;
        j->thresholds.set[i] = true;
    }
}

/* `{id, name, icon}` in `lanes:`: a text lane of the journey's own. */
static bool read_custom_lane(ctx *c, const ln_node *m, jmap_journey *j, const ln_node **seen)
{
    static const char *const keys[] = {"id", "name", "icon"};
    const ln_node *v[3];
    if (!map_fields(c, m, "a lane", keys, 3, v, NULL, NULL))
        return false;
    if (j->n_custom_lanes == JMAP_MAX_CUSTOM_LANES) {
        err(c, m, "too many lanes of your own (the limit is %d)", JMAP_MAX_CUSTOM_LANES);
        return false;
    }
    const char *id = NULL;
    if (!v[0])
        missing(c, m, "id", "a lane");
    else
        id = get_id(c, v[0]);
    const char *name = need_text(c, m, v[1], "name", "a lane");
    if (!id || !name)
        return false;
    const char *why = id_problem(c, id);
    if (why) {
        err(c, v[0], "invalid lane id '%s': %s", q(c, id), why);
        return false;
    }
    jmap_lane builtin;
    if (jmap_lane_parse(id, &builtin)) {
        err(c, v[0], "lane id '%s' is a built-in lane; give your lane another id", q(c, id));
        return false;
    }
    for (size_t k = 0; k < j->n_custom_lanes; k++)
        if (!strcmp(j->custom_lanes[k].id, id)) {
            if (err(c, v[0], "lane '%s' is declared twice", q(c, id)))
                note(c, seen[JMAP_LANE_COUNT + k], "'%s' first declared here", q(c, id));
            return false;
        }
    jmap_custom_lane *cl = &j->custom_lanes[j->n_custom_lanes];
    cl->id = id;
    cl->name = name;
    cl->index = j->n_custom_lanes;
    cl->span = jmap_loader_span(c->src, m);
    if (v[2] && !is_null(v[2])) {
        const char *icon_names[JMAP_ICON_COUNT];
        for (int i = 0; i < JMAP_ICON_COUNT; i++)
            icon_names[i] = jmap_icon_name((jmap_icon)i);
        int icon;
        if (get_enum_fr(c, v[2], "icon", N_("icon"), icon_names, JMAP_ICON_COUNT,
                        FR(channels_fr), &icon)) {
            cl->icon = (jmap_icon)icon;
            cl->has_icon = true;
        }
    }
    seen[JMAP_LANE_COUNT + j->n_custom_lanes] = v[0];
    j->n_custom_lanes++;
    return true;
}

/*
 * `lanes:` the lanes to draw, in order: built-in lane names, and lanes of
 * the journey's own, declared `{id, name, icon}` where they are drawn (or
 * declared once and named by id). A list of declarations only keeps the
 * built-in order, the journey's lanes after the customer's.
 */
static void read_lanes(ctx *c, const ln_node *v, jmap_journey *j)
{
    if (v->kind != LN_SEQ) {
        err(c, v, "'lanes' must be a list of lane names, not %s", describe(c, v));
        return;
    }
    if (v->n == 0) {
        err(c, v, "'lanes' is empty; list the lanes to draw, or leave it out to draw them all");
        return;
    }
    const char *names[JMAP_LANE_ALL];
    for (int i = 0; i < JMAP_LANE_COUNT; i++)
        names[i] = jmap_lane_name((jmap_lane)i);
    const ln_node *seen[JMAP_LANE_ALL] = {0};
    j->custom_lanes = jmap_arena_alloc(c->a, JMAP_MAX_CUSTOM_LANES * sizeof(jmap_custom_lane));
    /* the declarations first, so a lane may be named before it is declared */
    const ln_node *decl_of[JMAP_MAX_CUSTOM_LANES] = {0};
    size_t n_named = 0;
    for (size_t i = 0; i < v->n; i++) {
        const ln_node *it = v->kids[i];
        if (it->kind == LN_MAP) {
            size_t k = j->n_custom_lanes;
            if (read_custom_lane(c, it, j, seen))
                decl_of[k] = it;
        } else {
            n_named++;
        }
    }
    for (size_t k = 0; k < j->n_custom_lanes; k++)
        names[JMAP_LANE_COUNT + k] = j->custom_lanes[k].id;
    size_t n_names = JMAP_LANE_COUNT + j->n_custom_lanes;
    j->lanes = jmap_arena_alloc(c->a, (v->n + JMAP_LANE_ALL) * sizeof(jmap_lane));
    const ln_node *placed[JMAP_LANE_ALL] = {0};
    for (size_t i = 0; i < v->n; i++) {
        const ln_node *it = v->kids[i];
        if (it->kind == LN_MAP) {
            for (size_t k = 0; k < j->n_custom_lanes; k++)
                if (decl_of[k] == it && !placed[JMAP_LANE_COUNT + k]) {
                    placed[JMAP_LANE_COUNT + k] = it;
                    j->lanes[j->n_lanes++] = JMAP_LANE_CUSTOM(k);
                }
            continue;
        }
        int l;
        if (is_null(it)) {
            err(c, it, "'lanes' items must be lane names, not an empty value");
            continue;
        }
        if (!get_enum(c, it, "lanes", N_("lane"), names, n_names, &l))
            continue;
        if (placed[l]) {
            if (placed[l] != it && err(c, it, "lane '%s' is listed twice", names[l]))
                note(c, placed[l], "'%s' first listed here", names[l]);
            continue;
        }
        placed[l] = it;
        j->lanes[j->n_lanes++] = (jmap_lane)l;
    }
    if (n_named == 0) {
        /* declarations only: every built-in lane, the journey's after owners */
        j->n_lanes = 0;
        for (int i = 0; i <= JMAP_LANE_OWNERS; i++)
            j->lanes[j->n_lanes++] = (jmap_lane)i;
        for (size_t k = 0; k < j->n_custom_lanes; k++)
            j->lanes[j->n_lanes++] = JMAP_LANE_CUSTOM(k);
        for (int i = JMAP_LANE_OWNERS + 1; i < JMAP_LANE_COUNT; i++)
            j->lanes[j->n_lanes++] = (jmap_lane)i;
        return;
    }
    j->lanes_given = true;
}

/* `phases: [{id, name, color}]`: phases of the journey's own; a built-in id
 * renames that phase. Every phase ends up in j->phases. */
static void read_phases(ctx *c, const ln_node *v, jmap_journey *j)
{
    size_t n = v && v->kind == LN_SEQ ? v->n : 0;
    j->phases = jmap_arena_alloc(c->a, (3 + n) * sizeof(jmap_phase_def *));
    for (int i = 0; i < 3; i++) {
        jmap_phase_def *p = jmap_arena_alloc(c->a, sizeof *p);
        p->id = phases[i];
        p->builtin = (jmap_phase)(i + 1);
        p->index = (size_t)i;
        j->phases[j->n_phases++] = p;
    }
    if (!v || is_null(v))
        return;
    if (v->kind != LN_SEQ) {
        err(c, v, "'phases' must be a list of {id, name}, not %s", describe(c, v));
        return;
    }
    static const char *const keys[] = {"id", "name", "color"};
    const ln_node *first[64 + 3] = {0};
    for (size_t i = 0; i < v->n && take_item(c, v->kids[i]); i++) {
        const ln_node *f[3];
        const ln_node *m = v->kids[i];
        if (!map_fields(c, m, "a phase", keys, 3, f, NULL, NULL))
            continue;
        if (j->n_phases == 64 + 3) {
            err(c, m, "too many phases (the limit is 64)");
            break;
        }
        const char *id = NULL;
        if (!f[0])
            missing(c, m, "id", "a phase");
        else
            id = get_id(c, f[0]);
        const char *name = need_text(c, m, f[1], "name", "a phase");
        if (!id || !name)
            continue;
        const char *why = id_problem(c, id);
        if (why) {
            err(c, f[0], "invalid phase id '%s': %s", q(c, id), why);
            continue;
        }
        jmap_phase_def *p = NULL;
        for (size_t k = 0; k < j->n_phases; k++)
            if (!strcmp(j->phases[k]->id, id)) {
                if (j->phases[k]->declared) {
                    if (err(c, f[0], "phase '%s' is declared twice", q(c, id)) && first[k])
                        note(c, first[k], "'%s' first declared here", q(c, id));
                    p = NULL;
                    id = NULL;
                } else {
                    p = j->phases[k];
                }
                break;
            }
        if (!id)
            continue;
        if (!p) {
            p = jmap_arena_alloc(c->a, sizeof *p);
            p->id = id;
            p->index = j->n_phases;
            j->phases[j->n_phases++] = p;
        }
        first[p->index] = f[0];
        p->name = name;
        p->declared = true;
        p->span = jmap_loader_span(c->src, m);
        if (f[2] && !is_null(f[2]))
            get_color(c, f[2], "color", &p->color);
    }
}

static void flatten(ctx *c, jmap_journey *j)
{
    size_t nt = 0, np = 0, no = 0;
    for (size_t s = 0; s < j->n_stages; s++) {
        jmap_stage *st = j->stages[s];
        nt += st->n_touchpoints;
        np += st->n_pains;
        no += st->n_opportunities;
        for (size_t t = 0; t < st->n_touchpoints; t++) {
            np += st->touchpoints[t]->n_pains;
            no += st->touchpoints[t]->n_opportunities;
        }
    }
    j->touchpoints = jmap_arena_alloc(c->a, (nt + 1) * sizeof(jmap_touchpoint *));
    j->pains = jmap_arena_alloc(c->a, (np + 1) * sizeof(jmap_pain *));
    j->opportunities = jmap_arena_alloc(c->a, (no + 1) * sizeof(jmap_opportunity *));
    for (size_t s = 0; s < j->n_stages; s++) {
        jmap_stage *st = j->stages[s];
        st->index = s;
        for (size_t t = 0; t < st->n_touchpoints; t++) {
            jmap_touchpoint *tp = st->touchpoints[t];
            tp->index = j->n_touchpoints;
            j->touchpoints[j->n_touchpoints++] = tp;
            for (size_t k = 0; k < tp->n_pains; k++) {
                tp->pains[k]->index = j->n_pains;
                j->pains[j->n_pains++] = tp->pains[k];
            }
            for (size_t k = 0; k < tp->n_opportunities; k++) {
                tp->opportunities[k]->index = j->n_opportunities;
                j->opportunities[j->n_opportunities++] = tp->opportunities[k];
            }
        }
        for (size_t k = 0; k < st->n_pains; k++) {
            st->pains[k]->index = j->n_pains;
            j->pains[j->n_pains++] = st->pains[k];
        }
        for (size_t k = 0; k < st->n_opportunities; k++) {
            st->opportunities[k]->index = j->n_opportunities;
            j->opportunities[j->n_opportunities++] = st->opportunities[k];
        }
    }
}

static void ctx_init(ctx *c, jmap_doc *doc, const jmap_source *src, const char *base_dir,
                     bool no_image_check)
{
    memset(c, 0, sizeof *c);
    c->doc = doc;
    c->a = doc->arena;
    c->d = &doc->diags;
    c->src = src;
    c->said = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    c->base_dir = base_dir;
    c->folder_label = N_("journey's");
    c->no_image_check = no_image_check;
    c->id_nodes = g_hash_table_new(g_direct_hash, g_direct_equal);
    c->item_nodes = g_hash_table_new(g_direct_hash, g_direct_equal);
    c->tp_refs = g_array_new(FALSE, FALSE, sizeof(tp_refs));
    c->persona_refs = g_array_new(FALSE, FALSE, sizeof(persona_refs));
    c->opp_refs = g_array_new(FALSE, FALSE, sizeof(opp_refs));
    c->chan_decls = g_ptr_array_new();
    c->channels = g_hash_table_new(g_str_hash, g_str_equal);
}

static void ctx_done(ctx *c)
{
    g_hash_table_destroy(c->said);
    g_hash_table_destroy(c->id_nodes);
    g_hash_table_destroy(c->item_nodes);
    g_array_free(c->tp_refs, TRUE);
    g_array_free(c->persona_refs, TRUE);
    g_array_free(c->opp_refs, TRUE);
    g_ptr_array_free(c->chan_decls, TRUE);
    g_hash_table_destroy(c->channels);
    if (c->image_files)
        g_hash_table_destroy(c->image_files);
    if (c->folded)
        g_hash_table_destroy(c->folded);
}

static jmap_journey *read_journey(ctx *c, const ln_node *root)
{
    jmap_journey *j = jmap_arena_alloc(c->a, sizeof *j);
    c->j = j;
    j->source = c->src;
    j->base_dir = jmap_arena_strdup(c->a, c->base_dir);
    j->scale_min = 1;
    j->scale_max = 5;
    j->theme.source_name = c->src->name;
    c->scale_ok = true;
    const ln_node *v[TOP_N];
    if (root->kind != LN_MAP) {
        err(c, root, "the top level of a journey must be a mapping (jmap: 1, title: ..., stages: ...), not %s",
            describe(c, root));
        return NULL;
    }
    map_fields(c, root, "the journey", top_keys, TOP_N, v, &j->x, &j->n_x);

    if (!v[TOP_JMAP]) {
        missing(c, root, "jmap", "the journey (the format version: jmap: 1)");
    } else {
        double d;
        if (get_number(c, v[TOP_JMAP], "jmap", &d)) {
            if (d != JMAP_FORMAT_VERSION)
                err(c, v[TOP_JMAP], "unsupported format version %s (this jmap reads version %d)",
                    q(c, v[TOP_JMAP]->value), JMAP_FORMAT_VERSION);
            else
                j->format_version = JMAP_FORMAT_VERSION;
        }
    }
    j->title = need_text(c, root, v[TOP_TITLE], "title", "the journey");
    j->subtitle = get_text(c, v[TOP_SUBTITLE], "subtitle");
    j->description = get_text(c, v[TOP_DESCRIPTION], "description");
    j->scenario = get_text(c, v[TOP_SCENARIO], "scenario");
    j->author = get_text(c, v[TOP_AUTHOR], "author");
    j->version = get_text(c, v[TOP_VERSION], "version");
    j->date = get_text(c, v[TOP_DATE], "date");
    int e;
    if (v[TOP_LOCALE] && get_enum(c, v[TOP_LOCALE], "locale", N_("locale"), locales, 2, &e))
        j->locale = (jmap_locale)e;
    if (v[TOP_TYPE] && get_enum_fr(c, v[TOP_TYPE], "type", N_("journey type"), types, 2, FR(types_fr), &e))
        j->type = (jmap_journey_type)e;
    if (v[TOP_SCALE] && !is_null(v[TOP_SCALE]))
        read_scale(c, v[TOP_SCALE], j);
    if (v[TOP_ANALYSIS] && !is_null(v[TOP_ANALYSIS]))
        read_analysis(c, v[TOP_ANALYSIS], j);
    if (v[TOP_THEME] && !is_null(v[TOP_THEME]))
        read_theme(c, v[TOP_THEME], &j->theme);
    if (v[TOP_LANES] && !is_null(v[TOP_LANES]))
        read_lanes(c, v[TOP_LANES], j);
    read_phases(c, v[TOP_PHASES], j);
    if (v[TOP_INSIGHTS] && v[TOP_INSIGHTS]->kind == LN_SEQ &&
        v[TOP_INSIGHTS]->n > JMAP_LOADER_MAX_STEPS)
        err(c, v[TOP_INSIGHTS], "'insights' lists %u texts (the limit is %d)",
            v[TOP_INSIGHTS]->n, JMAP_LOADER_MAX_STEPS);
    else
        get_text_list(c, v[TOP_INSIGHTS], "insights", &j->insights, &j->n_insights);

    const ln_node *pl = v[TOP_PERSONAS];
    if (pl && !is_null(pl)) {
        if (pl->kind != LN_SEQ) {
            err(c, pl, "'personas' must be a list, not %s", describe(c, pl));
        } else {
            j->personas = jmap_arena_alloc(c->a, (pl->n + 1) * sizeof(jmap_persona *));
            for (size_t i = 0; i < pl->n; i++) {
                /* every touchpoint holds a score per persona: bound the product */
                if (i == JMAP_LOADER_MAX_PERSONAS) {
                    err(c, pl->kids[i], "too many personas (the limit is %d)",
                        JMAP_LOADER_MAX_PERSONAS);
                    break;
                }
                jmap_persona *p = read_persona(c, pl->kids[i]);
                if (p) {
                    p->index = j->n_personas;
                    j->personas[j->n_personas++] = p;
                }
            }
        }
    }
    if (j->n_personas == 0) {
        jmap_persona *p = jmap_arena_alloc(c->a, sizeof *p);
        p->id = "persona-1";
        p->id_derived = true;
        p->span = jmap_loader_span(c->src, root);
        j->personas = jmap_arena_alloc(c->a, sizeof(jmap_persona *));
        j->personas[0] = p;
        j->n_personas = 1;
        j->personas_implicit = true;
    }
    for (size_t i = 0; i < j->n_personas; i++) {
        jmap_persona *p = j->personas[i];
        p->curve_color = p->color.set ? p->color.rgb
                                      : default_palette[i % G_N_ELEMENTS(default_palette)];
    }

    const ln_node *cl = v[TOP_CHANNELS];
    if (cl && !is_null(cl)) {
        if (cl->kind != LN_SEQ)
            err(c, cl, "'channels' must be a list, not %s", describe(c, cl));
        else
            for (size_t i = 0; i < cl->n && take_item(c, cl->kids[i]); i++)
                g_ptr_array_add(c->chan_decls, cl->kids[i]);
    }

    const ln_node *sl = v[TOP_STAGES];
    if (!sl) {
        missing(c, root, "stages", "the journey");
    } else if (sl->kind != LN_SEQ) {
        err(c, sl, "'stages' must be a list, not %s", describe(c, sl));
    } else if (sl->n == 0) {
        err(c, sl, "'stages' is empty; a journey has at least one stage");
    } else {
        j->stages = jmap_arena_alloc(c->a, sl->n * sizeof(jmap_stage *));
        for (size_t i = 0; i < sl->n && take_item(c, sl->kids[i]); i++) {
            jmap_stage *s = read_stage(c, sl->kids[i]);
            if (s)
                j->stages[j->n_stages++] = s;
        }
    }

    flatten(c, j);
    ids_of(c, j);
    build_channels(c, j);
    resolve_refs(c, j);
    return j;
}

/* --------------------------------------------------------------- public */

jmap_source *jmap_doc_add_source(jmap_doc *doc, const char *name, const char *data, size_t len)
{
    jmap_source *s = jmap_arena_alloc(doc->arena, sizeof *s);
    s->name = jmap_arena_strdup(doc->arena, name ? name : "<input>");
    s->text = jmap_arena_strndup(doc->arena, data ? data : "", data ? len : 0);
    s->len = data ? len : 0;
    return s;
}

/* The folder a file's relative paths are resolved in. */
static char *folder_of(jmap_arena *a, const char *name)
{
    if (!name || !strcmp(name, "-") || !strcmp(name, "<stdin>") || !strcmp(name, "<input>"))
        return jmap_arena_strdup(a, ".");
    char *d = g_path_get_dirname(name);
    char *r = jmap_arena_strdup(a, d);
    g_free(d);
    return r;
}

/* Refuses an oversized text before copying it. A UTF-8 byte-order mark
 * (some editors write one) is not part of the text: it is left out of the
 * source, so the YAML reader never sees it and lines and columns are those
 * of the text. */
static jmap_source *take_source(jmap_doc *doc, const char *name, const char *data, size_t len)
{
    if (len > JMAP_MAX_INPUT_BYTES) {
        jmap_source *s = jmap_doc_add_source(doc, name, "", 0);
        jmap_span whole = {s, 0, 0};
        jmap_diag_add(&doc->diags, JMAP_SEV_ERROR, whole,
                      "file too large (%zu bytes; the limit is %u bytes)", len, JMAP_MAX_INPUT_BYTES);
        return NULL;
    }
    if (data && len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
        data += 3;
        len -= 3;
    }
    return jmap_doc_add_source(doc, name, data, len);
}

jmap_doc *jmap_load(const char *name, const char *data, size_t len, const jmap_load_opts *opts)
{
    doc_priv *dp = g_new0(doc_priv, 1);
    jmap_doc *doc = &dp->pub;
    doc->arena = jmap_arena_new();
    jmap_diags_init(&doc->diags, doc->arena);
    if (opts) {
        doc->diags.max_errors = opts->max_errors;
        dp->no_image_check = opts->no_image_check;
    }
    if (!name)
        name = "<input>";
    jmap_source *src = take_source(doc, name, data, len);
    if (!src) {
        doc->source = jmap_doc_add_source(doc, name, "", 0);
        return doc;
    }
    doc->source = src;

    ln_pool *pool;
    ln_node *root = jmap_loader_parse(src, &doc->diags, &pool);
    if (root) {
        ctx c;
        const char *base = opts && opts->base_dir ? jmap_arena_strdup(doc->arena, opts->base_dir)
                                                  : folder_of(doc->arena, name);
        ctx_init(&c, doc, src, base, dp->no_image_check);
        c.pool = pool;
        jmap_journey *j = read_journey(&c, root);
        ctx_done(&c);
        if (doc->diags.errors == 0)
            doc->journey = j;
    }
    ln_pool_free(pool);
    jmap_diags_sort(&doc->diags);
    return doc;
}

void jmap_doc_free(jmap_doc *doc)
{
    if (!doc)
        return;
    jmap_diags_free(&doc->diags);
    jmap_arena_free(doc->arena);
    g_free((doc_priv *)doc);
}

bool jmap_apply_theme_kit(jmap_doc *doc, const char *name, const char *data, size_t len)
{
    doc_priv *dp = (doc_priv *)doc;
    size_t errors_before = doc->diags.errors;
    if (!name)
        name = "<theme>";
    jmap_source *src = take_source(doc, name, data, len);
    if (!src) {
        jmap_diags_sort(&doc->diags);
        return false;
    }
    ln_pool *pool;
    ln_node *root = jmap_loader_parse(src, &doc->diags, &pool);
    if (root) {
        ctx c;
        ctx_init(&c, doc, src, folder_of(doc->arena, name), dp->no_image_check);
        c.folder_label = N_("theme kit's");
        static const char *const keys[] = {"theme"};
        const ln_node *v[1] = {NULL};
        jmap_theme t = {0};
        if (root->kind != LN_MAP) {
            err(&c, root, "a theme kit must be a mapping holding 'theme:', not %s", describe(&c, root));
        } else if (map_fields(&c, root, "a theme kit", keys, 1, v, NULL, NULL)) {
            if (!v[0])
                missing(&c, root, "theme", "the theme kit");
            else
                read_theme(&c, v[0], &t);
        }
        ctx_done(&c);
        jmap_journey *j = doc->journey;
        if (doc->diags.errors == errors_before && j && v[0]) {
            if (t.font)
                j->theme.font = t.font;
            jmap_color *to[] = {&j->theme.primary, &j->theme.positive, &j->theme.neutral,
                                &j->theme.negative, &j->theme.background, &j->theme.text};
            jmap_color *from[] = {&t.primary, &t.positive, &t.neutral, &t.negative, &t.background, &t.text};
            for (size_t i = 0; i < G_N_ELEMENTS(to); i++)
                if (from[i]->set)
                    *to[i] = *from[i];
            if (t.logo.path)
                j->theme.logo = t.logo;
            j->theme.span = t.span;
            j->theme.source_name = src->name;
        }
    }
    ln_pool_free(pool);
    jmap_diags_sort(&doc->diags);
    return doc->diags.errors == errors_before;
}

/* The question map of a wide survey file (--data-map): a YAML mapping
 * `question label: touchpoint-id`, read here because only the loader knows
 * YAML; the survey reader takes the plain list. */
bool jmap_load_survey_map(jmap_doc *doc, const char *name, const char *data, size_t len,
                          jmap_survey_map *out)
{
    doc_priv *dp = (doc_priv *)doc;
    size_t errors_before = doc->diags.errors;
    out->entries = NULL;
    out->n = 0;
    if (!name)
        name = "<map>";
    jmap_source *src = take_source(doc, name, data, len);
    if (!src) {
        jmap_diags_sort(&doc->diags);
        return false;
    }
    ln_pool *pool;
    ln_node *root = jmap_loader_parse(src, &doc->diags, &pool);
    if (root) {
        ctx c;
        ctx_init(&c, doc, src, folder_of(doc->arena, name), dp->no_image_check);
        if (root->kind != LN_MAP || root->n == 0) {
            err(&c, root, "a survey map must be a mapping 'question label: touchpoint-id', not %s",
                describe(&c, root));
        } else {
            size_t n = root->n / 2;
            jmap_survey_map_entry *e = jmap_arena_alloc(doc->arena, sizeof *e * n);
            size_t k = 0;
            for (size_t i = 0; i < n; i++) {
                const ln_node *key = root->kids[2 * i], *val = root->kids[2 * i + 1];
                if (key->kind != LN_SCALAR)
                    continue; /* reported by the reader */
                if (is_null(key) || !*g_strstrip(jmap_arena_strndup(doc->arena, key->value, key->len))) {
                    err(&c, key, "empty question label (expected the column's header text)");
                    continue;
                }
                if (val->kind != LN_SCALAR) {
                    err(&c, val,
                        "expected a touchpoint id (or ~ for a column to ignore), not %s",
                        describe(&c, val));
                    continue;
                }
                char *label = jmap_arena_strndup(doc->arena, key->value, key->len);
                e[k].label = g_strstrip(label);
                e[k].touchpoint = is_null(val) ? NULL
                                               : jmap_arena_strndup(doc->arena, val->value, val->len);
                e[k].span = jmap_loader_span(src, is_null(val) && !*val->value ? key : val);
                k++;
            }
            out->entries = e;
            out->n = k;
        }
        ctx_done(&c);
    }
    ln_pool_free(pool);
    jmap_diags_sort(&doc->diags);
    if (doc->diags.errors != errors_before) {
        out->entries = NULL;
        out->n = 0;
        return false;
    }
    return true;
}
