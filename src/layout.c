/*
 * layout.c — places every part of a journey map on a 4 pt grid: the top band
 * (title, personas), phase bands and stage headers, the lane gutter, one
 * column per stage and one sub-column per touchpoint, the lanes, the emotion
 * curve with collision-free labels, the legend and the footer.
 * Geometry only: text sizes come from the measurer, drawing is the back ends' (src/render/).
 */
#include "layout_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------- constants */

#define SUB_MIN 120.0  /* sub-column width bounds */
#define SUB_MAX 184.0
#define CELL_INSET 6.0 /* card inset from its sub-column edge */
#define LANE_PAD 12.0
#define LANE_PAD_PAGE 8.0 /* a map fitted to a sheet keeps its lanes tighter */
#define MIN_MAP_W 880.0
#define PDF_MAX 14400.0
#define COL_MIN_PAGE 52.0  /* narrowest column of a map fitted to a sheet */
#define PAGE_MG 8.0        /* a fitted map's own margin (the sheet has one) */

size_t jmap_layout_fonts(const jmap_font *const **fonts)
{
    static const jmap_font *const all[] = {&F_BOLD, &F_BODY, &F_ITAL, &F_HEAD, &F_TITLE};
    *fonts = all;
    return sizeof all / sizeof all[0];
}

/* ----------------------------------------------------------- localization */

typedef struct strings {
    const char *lane[JMAP_LANE_COUNT];
    const char *channel[JMAP_BUILTIN_CHANNEL_COUNT];
    const char *phase[4];
    const char *level[4];
    const char *level_lc[4]; /* as an impact or effort */
    const char *status[4];
    const char *goals, *frustrations, *motivations, *expectations;
    const char *legend, *positive, *neutral, *negative, *target, *mot, *lowest;
    const char *impact, *effort, *severity, *cycle, *kpi, *assumed, *evidence;
    const char *q_open, *q_close;
    const char *no_touchpoint;
} strings;

static const strings STR_EN = {
    {"Storyboard", "Touchpoints", "Doing", "Thinking", "Emotions", "Pain points",
     "Opportunities", "Channels", "KPIs", "Owners", "Front stage", "Back stage",
     "Support processes", "Systems"},
    {"Website", "App", "Email", "Phone", "Chat", "Social media", "Store", "Mail", "Event",
     "Advertising", "Partner", "Support", "Other"},
    {NULL, "BEFORE PURCHASE", "DURING PURCHASE", "AFTER PURCHASE"},
    {NULL, "Low", "Medium", "High"},
    {NULL, "low", "medium", "high"},
    {"idea", "planned", "in progress", "done"},
    "Goals", "Frustrations", "Motivations", "Expectations",
    "Legend", "positive", "neutral", "negative", "target", "moment of truth", "lowest",
    "impact", "effort", "severity", "back to the start", "KPI", "assumed (no survey data)",
    "evidence",
    "\u201C", "\u201D",
    "no touchpoint",
};

static const strings STR_FR = {
    {"Storyboard", "Points de contact", "Actions", "Pensées", "Émotions", "Irritants",
     "Opportunités", "Canaux", "Indicateurs", "Responsables", "Front-office", "Back-office",
     "Processus support", "Systèmes"},
    {"Site web", "Appli", "E-mail", "Téléphone", "Chat", "Réseaux sociaux", "Magasin",
     "Courrier", "Événement", "Publicité", "Partenaire", "Service client", "Autre"},
    {NULL, "AVANT L\u2019ACHAT", "PENDANT L\u2019ACHAT", "APRÈS L\u2019ACHAT"},
    {NULL, "Faible", "Moyenne", "Élevée"},
    {NULL, "faible", "moyen", "fort"},
    {"idée", "planifiée", "en cours", "réalisée"},
    "Objectifs", "Irritants", "Motivations", "Attentes",
    "Légende", "positive", "neutre", "négative", "cible", "moment de vérité", "point bas",
    "impact", "effort", "gravité", "retour au début", "Indicateur", "supposé (sans enquête)",
    "preuve",
    "«\u202F", "\u202F»",
    "aucun point de contact",
};

/* --------------------------------------------------------------- context */

typedef struct col {
    size_t stage;
    const jmap_touchpoint *tp; /* NULL: the empty column of a stage without touchpoints */
    double x, w;
} col;

typedef struct stage_geom {
    double x, w;
    size_t first, n; /* its columns */
} stage_geom;

typedef struct rect {
    double x, y, w, h;
} rect;

typedef struct L {
    const jmap_journey *j;
    const jmap_measurer *m;
    jmap_scene *s;
    jmap_diags *d;
    const jmap_layout_opts *o;
    const strings *t;
    bool fr;
    uint32_t primary, pos, att, neg, ink, muted, bg;
    bool *pvis;
    size_t n_pvis;
    col *cols;
    size_t n_cols;
    stage_geom *sg;
    double mg;          /* margin around the map */
    double pad;         /* above and below a lane's content */
    double left, right; /* content edges */
    double gx0;         /* gutter left */
    double sx0, sx1;    /* stage area */
    /* curve bookkeeping for label placement */
    GArray *obst;   /* rect: markers and placed labels */
    GArray *samples; /* double pairs: points along every curve */
    /* both, bucketed by x (GRID_W columns) so a candidate label only looks
     * at its neighbours: indexes of obst / sample pairs, filled lazily */
    GPtrArray *obst_cols, *sample_cols;
    guint obst_done, samples_done;
    bool survey;
    bool used_val[3], used_star, used_sev[4], used_hollow;
    int used_compare; /* --compare marks drawn: 1 added, 2 changed */
    int used_state;   /* state marks drawn: 1 new, 2 changed, 4 retired */
    bool used_drop;   /* the drop-off band drawn */
    /* per persona: 1 = a target line drawn, 2 = target points drawn */
    unsigned char *tgt;
    bool used_channel[JMAP_ICON_COUNT];
    /* the service blueprint (see "blueprint" below) */
    bool lane_drawn[JMAP_LANE_ALL];
    struct bp_cell *cell[JMAP_BP_COUNT + 1]; /* per column; [JMAP_BP_COUNT]: touchpoint cards */
    int strip_n[JMAP_LANE_ALL], strip_used[JMAP_LANE_ALL]; /* hand-off tracks under a lane */
    double strip_y[JMAP_LANE_ALL];
    int next_up, next_down, next_up_used, next_down_used; /* `next` tracks of the card lane */
    int *corridor; /* arrows along each column edge so far */
    bool used_fail, used_wait, used_handoff, used_next;
} L;

/* -------------------------------------------------------------- helpers */

double jmap_lay_snap(double v)
{
    return ceil(v / U - 1e-9) * U;
}

#define snap jmap_lay_snap
#define mix jmap_lay_mix
#define text_tone jmap_lay_text_tone
#define blank jmap_lay_blank

static double clampd(double v, double lo, double hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

static uint32_t theme_color(const jmap_color *c, uint32_t def)
{
    return c->set ? c->rgb : def;
}

void jmap_lay_palette(const jmap_journey *j, jmap_palette *p)
{
    p->primary = theme_color(&j->theme.primary, C_PRIMARY);
    p->pos = theme_color(&j->theme.positive, C_POS);
    p->att = theme_color(&j->theme.neutral, C_ATT);
    p->neg = theme_color(&j->theme.negative, C_NEG);
    p->ink = theme_color(&j->theme.text, C_INK);
    p->bg = theme_color(&j->theme.background, 0xFFFFFF);
    p->muted = jmap_lay_readable(j->theme.text.set ? jmap_lay_mix(p->ink, p->bg, 0.3) : C_MUTED,
                                 p->bg);
}

uint32_t jmap_lay_mix(uint32_t a, uint32_t b, double t)
{
    unsigned r = (unsigned)lround(((a >> 16) & 255) * (1 - t) + ((b >> 16) & 255) * t);
    unsigned g = (unsigned)lround(((a >> 8) & 255) * (1 - t) + ((b >> 8) & 255) * t);
    unsigned bl = (unsigned)lround((a & 255) * (1 - t) + (b & 255) * t);
    return (r << 16) | (g << 8) | bl;
}

uint32_t jmap_lay_text_tone(uint32_t c)
{
    double r = ((c >> 16) & 255) / 255.0, g = ((c >> 8) & 255) / 255.0, b = (c & 255) / 255.0;
    double lum = 0.2126 * r + 0.7152 * g + 0.0722 * b;
    return jmap_lay_readable(lum > 0.45 ? mix(c, 0x000000, 0.45) : c, 0xFFFFFF);
}

/* WCAG 2 relative luminance */
static double rel_luminance(uint32_t c)
{
    double ch[3] = {((c >> 16) & 255) / 255.0, ((c >> 8) & 255) / 255.0, (c & 255) / 255.0};
    for (int i = 0; i < 3; i++)
        ch[i] = ch[i] <= 0.03928 ? ch[i] / 12.92 : pow((ch[i] + 0.055) / 1.055, 2.4);
    return 0.2126 * ch[0] + 0.7152 * ch[1] + 0.0722 * ch[2];
}

double jmap_lay_contrast(uint32_t a, uint32_t b)
{
    double la = rel_luminance(a), lb = rel_luminance(b);
    return (fmax(la, lb) + 0.05) / (fmin(la, lb) + 0.05);
}

#define AA_CONTRAST 4.5

uint32_t jmap_lay_readable(uint32_t c, uint32_t bg)
{
    if (jmap_lay_contrast(c, bg) >= AA_CONTRAST)
        return c;
    /* towards black on a light background, towards white on a dark one */
    uint32_t to = jmap_lay_contrast(0x000000, bg) >= jmap_lay_contrast(0xFFFFFF, bg) ? 0x000000
                                                                                  : 0xFFFFFF;
    for (int k = 1; k < 64; k++) {
        uint32_t d = mix(c, to, k / 64.0);
        if (jmap_lay_contrast(d, bg) >= AA_CONTRAST)
            return d;
    }
    return to;
}

bool jmap_lay_blank(const char *s)
{
    if (!s)
        return true;
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n')
            return false;
    return true;
}

/* A URL, an e-mail address or a file name: a token French typography
 * leaves alone (from its start to the next space). */
static bool verbatim_token(const char *p)
{
    if (g_str_has_prefix(p, "www.") || g_str_has_prefix(p, "WWW."))
        return true;
    for (const char *q = p; *q; q = g_utf8_next_char(q)) {
        gunichar c = g_utf8_get_char(q);
        if (c == ' ' || c == '\t' || c == '\n' || c == 0xA0 || c == 0x202F)
            break;
        if (c == '@' || c == '/' || c == '\\' || (c == ':' && q[1] == '/'))
            return true;
    }
    return false;
}

/* The pronouns of a French inversion ("change-t-il", "dit-elle",
 * "est-ce") and the euphonic t: a line never breaks before them. */
static bool inversion_word(const char *p)
{
    static const char *const words[] = {"t", "il", "ils", "elle", "elles", "on", "je",
                                        "tu", "nous", "vous", "ce"};
    size_t n = 0;
    while (p[n] && g_ascii_isalpha(p[n]))
        n++;
    if (n == 0)
        return false;
    /* the word ends there: no letter (accented ones are multibyte) after it */
    if ((unsigned char)p[n] >= 0x80 && g_unichar_isalpha(g_utf8_get_char(p + n)))
        return false;
    for (size_t i = 0; i < G_N_ELEMENTS(words); i++)
        if (strlen(words[i]) == n && g_ascii_strncasecmp(p, words[i], n) == 0)
            return true;
    return false;
}

const char *jmap_layout_french_spacing(jmap_scene *s, const char *text)
{
    if (!text)
        return NULL;
    GString *g = g_string_new(NULL);
    const char *p = text;
    bool verbatim = false; /* inside a URL-like token */
    gunichar prev = 0;
    while (*p) {
        gunichar c = g_utf8_get_char(p);
        const char *nx = g_utf8_next_char(p);
        gunichar before = prev;
        if (c == ' ' || c == '\t' || c == '\n' || c == 0xA0)
            verbatim = false;
        else if (prev == 0 || prev == ' ' || prev == '\t' || prev == '\n' || prev == 0xA0 ||
                 prev == '(')
            verbatim = verbatim_token(p);
        prev = c;
        if ((c == ' ' || c == 0xA0) && *nx) {
            gunichar n = g_utf8_get_char(nx);
            if (n == '?' || n == '!' || n == ':' || n == ';' || n == 0xBB) {
                g_string_append(g, "\u202F");
                p = nx;
                continue;
            }
        }
        if (c == 0xAB) {
            g_string_append(g, "«\u202F");
            /* the space after it, whichever it was, is that one */
            for (;;) {
                if (*nx == ' ')
                    nx++;
                else if (g_str_has_prefix(nx, "\u00A0"))
                    nx += 2;
                else if (g_str_has_prefix(nx, "\u202F"))
                    nx += 3;
                else
                    break;
            }
            p = nx;
            continue;
        }
        if (c == '\'' && !verbatim) {
            /* the typographic apostrophe */
            g_string_append(g, "\u2019");
            p = nx;
            continue;
        }
        if (c == '-' && !verbatim && g_unichar_isalpha(before) && inversion_word(nx)) {
            /* a word joiner keeps "-t-il" with its verb */
            g_string_append(g, "-\u2060");
            p = nx;
            continue;
        }
        g_string_append_len(g, p, nx - p);
        p = nx;
    }
    const char *r = jmap_scene_strdup(s, g->str);
    g_string_free(g, TRUE);
    return r;
}

/* Right-to-left scripts (their letters are strong right-to-left). */
static bool rtl_script(GUnicodeScript sc)
{
    switch (sc) {
    case G_UNICODE_SCRIPT_ARABIC:
    case G_UNICODE_SCRIPT_HEBREW:
    case G_UNICODE_SCRIPT_SYRIAC:
    case G_UNICODE_SCRIPT_THAANA:
    case G_UNICODE_SCRIPT_NKO:
    case G_UNICODE_SCRIPT_SAMARITAN:
    case G_UNICODE_SCRIPT_MANDAIC:
    case G_UNICODE_SCRIPT_ADLAM:
    case G_UNICODE_SCRIPT_HANIFI_ROHINGYA:
    case G_UNICODE_SCRIPT_MENDE_KIKAKUI:
    case G_UNICODE_SCRIPT_IMPERIAL_ARAMAIC:
    case G_UNICODE_SCRIPT_PHOENICIAN:
    case G_UNICODE_SCRIPT_AVESTAN:
    case G_UNICODE_SCRIPT_NABATAEAN:
    case G_UNICODE_SCRIPT_PALMYRENE:
        return true;
    default:
        return false;
    }
}

/* The direction of a strong character: 1 right-to-left, -1 left-to-right,
 * 0 neutral (digits, punctuation, spaces, symbols, marks). */
static int strong_dir(gunichar c)
{
    if (c == 0x200F || c == 0x061C)
        return 1; /* RLM, ALM */
    if (c == 0x200E)
        return -1; /* LRM */
    GUnicodeType t = g_unichar_type(c);
    bool letter = t == G_UNICODE_LOWERCASE_LETTER || t == G_UNICODE_UPPERCASE_LETTER ||
                  t == G_UNICODE_TITLECASE_LETTER || t == G_UNICODE_MODIFIER_LETTER ||
                  t == G_UNICODE_OTHER_LETTER || t == G_UNICODE_SPACING_MARK;
    if (!letter)
        return 0;
    return rtl_script(g_unichar_get_script(c)) ? 1 : -1;
}

bool jmap_layout_text_rtl(const char *text)
{
    for (const char *p = text ? text : ""; *p; p = g_utf8_next_char(p)) {
        int d = strong_dir(g_utf8_get_char(p));
        if (d)
            return d > 0;
    }
    return false;
}

/* More right-to-left letters than left-to-right ones in the texts. */
static bool mostly_rtl(const char *const *texts, size_t n)
{
    long score = 0;
    for (size_t i = 0; i < n; i++)
        for (const char *p = texts[i] ? texts[i] : ""; *p; p = g_utf8_next_char(p))
            score += strong_dir(g_utf8_get_char(p));
    return score > 0;
}

/* The text as drawn: French spacing when the map is French. */
/* "Key: value" in English, "Clé : valeur" (no-break space) in French. */
static const char *kv_sep(const L *l)
{
    return l->fr ? "\u00A0: " : ": ";
}

static const char *tx(L *l, const char *text)
{
    if (!text)
        return "";
    return l->fr ? jmap_layout_french_spacing(l->s, text) : text;
}

/* The quotation marks of a text's script, NULL for the locale's: Japanese
 * corner brackets, Arabic-script guillemets (no spaces; bidi mirroring
 * turns them the right way in a right-to-left line), English marks for
 * Chinese, Korean and Hebrew. */
static bool script_quotes(const char *text, const char **open, const char **close)
{
    GUnicodeScript first = G_UNICODE_SCRIPT_COMMON;
    bool kana = false;
    for (const char *p = text; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        GUnicodeScript sc = g_unichar_get_script(c);
        if (sc == G_UNICODE_SCRIPT_HIRAGANA || sc == G_UNICODE_SCRIPT_KATAKANA)
            kana = true;
        if (first == G_UNICODE_SCRIPT_COMMON && strong_dir(c) != 0)
            first = sc;
    }
    if (kana) {
        *open = "\u300C";
        *close = "\u300D";
        return true;
    }
    switch (first) {
    case G_UNICODE_SCRIPT_HAN:
    case G_UNICODE_SCRIPT_HANGUL:
    case G_UNICODE_SCRIPT_HEBREW:
        *open = "\u201C";
        *close = "\u201D";
        return true;
    default:
        if (rtl_script(first)) {
            *open = "\u00AB";
            *close = "\u00BB";
            return true;
        }
        return false;
    }
}

static const char *quoted(L *l, const char *text)
{
    const char *open, *close;
    if (script_quotes(text, &open, &close))
        return jmap_arena_printf(l->s->arena, "%s%s%s", open, tx(l, text), close);
    char *q = jmap_arena_printf(l->s->arena, "%s%s%s", l->t->q_open, text, l->t->q_close);
    return tx(l, q);
}

jmap_text_size jmap_lay_measure(const jmap_measurer *m, const char *text, const jmap_font *f,
                                double wrap)
{
    jmap_text_size ts = {0, 0, 0, 0};
    m->text(m->ctx, text, f, wrap, &ts);
    return ts;
}

static jmap_text_size measure(L *l, const char *text, const jmap_font *f, double wrap)
{
    return jmap_lay_measure(l->m, text, f, wrap);
}

static double natural_w(L *l, const char *text, const jmap_font *f)
{
    return measure(l, text, f, 0).w;
}

static double longest_word(const jmap_measurer *m, const char *text, const jmap_font *f)
{
    double w = 0;
    char **words = g_strsplit_set(text, " \t\n", -1);
    for (char **p = words; *p; p++)
        if (**p)
            w = fmax(w, jmap_lay_measure(m, *p, f, 0).w);
    g_strfreev(words);
    return w;
}

jmap_scene_item *jmap_lay_text(jmap_scene *s, const jmap_measurer *m, int lane, const char *role,
                               const char *text, const jmap_font *f, double x, double y,
                               double wrap, uint32_t color, jmap_align al)
{
    jmap_text_size ts = jmap_lay_measure(m, text, f, wrap);
    double used_wrap = wrap;
    if (wrap > 0 && ts.lines >= 2 && ts.lines <= 4 && ts.last_line_chars <= 8) {
        /* A narrower wrap must not break inside a word. A wrap still as wide
         * as the widest line of the last measurement breaks the same lines
         * (each still fits; what did not fit still does not): such widths
         * are skipped without measuring, and the longest word is measured
         * only once a width needs trying. */
        double floor_w = -1, same_from = ts.w;
        for (double w2 = wrap - U; w2 >= wrap * 0.8; w2 -= U) {
            if (w2 >= same_from)
                continue;
            if (floor_w < 0)
                floor_w = longest_word(m, text, f);
            if (w2 < floor_w)
                break;
            jmap_text_size t2 = jmap_lay_measure(m, text, f, w2);
            same_from = t2.w;
            if (t2.lines != ts.lines)
                break;
            if (t2.last_line_chars > ts.last_line_chars) {
                ts = t2;
                used_wrap = w2;
                if (t2.last_line_chars > 8)
                    break;
            }
        }
    }
    jmap_scene_item *it = jmap_scene_add(s, JMAP_SI_TEXT, JMAP_LAYER_TEXT, lane, role);
    it->text = jmap_scene_strdup(s, text);
    it->font = *f;
    it->wrap = used_wrap;
    it->align = al;
    it->rtl = jmap_layout_text_rtl(text);
    it->fill = color;
    it->w = ts.w;
    it->h = ts.h;
    it->y = y;
    if (al == JMAP_ALIGN_LEFT || wrap <= 0)
        it->x = x;
    else if (al == JMAP_ALIGN_CENTER)
        it->x = x + (wrap - ts.w) / 2;
    else
        it->x = x + wrap - ts.w;
    if (al != JMAP_ALIGN_LEFT && wrap > 0 && used_wrap != wrap) {
        /* keep the lines aligned in the original box */
        it->wrap = used_wrap;
        double box_x = al == JMAP_ALIGN_CENTER ? x + (wrap - used_wrap) / 2 : x + wrap - used_wrap;
        it->x = al == JMAP_ALIGN_CENTER ? box_x + (used_wrap - ts.w) / 2 : box_x + used_wrap - ts.w;
    }
    return it;
}

static jmap_scene_item *text_at(L *l, int lane, const char *role, const char *text,
                                const jmap_font *f, double x, double y, double wrap,
                                uint32_t color, jmap_align al)
{
    return jmap_lay_text(l->s, l->m, lane, role, text, f, x, y, wrap, color, al);
}

jmap_scene_item *jmap_lay_rect(jmap_scene *s, jmap_layer layer, int lane, const char *role,
                               double x, double y, double w, double h, double radius,
                               uint32_t fill, uint32_t stroke)
{
    jmap_scene_item *it = jmap_scene_add(s, JMAP_SI_RECT, layer, lane, role);
    it->x = x;
    it->y = y;
    it->w = w;
    it->h = h;
    it->radius = radius;
    it->fill = fill;
    it->stroke = stroke;
    it->line_width = 0.75;
    return it;
}

static jmap_scene_item *rect_at(L *l, jmap_layer layer, int lane, const char *role, double x,
                                double y, double w, double h, double radius, uint32_t fill,
                                uint32_t stroke)
{
    return jmap_lay_rect(l->s, layer, lane, role, x, y, w, h, radius, fill, stroke);
}

static jmap_scene_item *line_at(L *l, int lane, const char *role, double x1, double y1,
                                double x2, double y2, uint32_t color, double width)
{
    jmap_scene_item *it = jmap_scene_add(l->s, JMAP_SI_LINE, JMAP_LAYER_NONE, lane, role);
    it->x = fmin(x1, x2);
    it->y = fmin(y1, y2);
    it->w = fabs(x2 - x1);
    it->h = fabs(y2 - y1);
    /* x,y is the start point for lines; the box is rebuilt by readers */
    it->x = x1;
    it->y = y1;
    it->x2 = x2;
    it->y2 = y2;
    it->w = fabs(x2 - x1);
    it->h = fabs(y2 - y1);
    it->stroke = color;
    it->line_width = width;
    return it;
}

/* An arrow along the points pts (n x/y pairs) into the last, repeated
 * points dropped; its box is the points'. Nothing for fewer than two. */
static void add_arrow(L *l, int lane, const char *role, const double *pts, size_t n,
                      uint32_t color, double width)
{
    /* drop repeated points: each segment has a length */
    double *p = jmap_arena_alloc(l->s->arena, sizeof(double) * 2 * n);
    size_t m = 0;
    for (size_t k = 0; k < n; k++) {
        if (m && fabs(p[2 * m - 2] - pts[2 * k]) < 0.01 && fabs(p[2 * m - 1] - pts[2 * k + 1]) < 0.01)
            continue;
        p[2 * m] = pts[2 * k];
        p[2 * m + 1] = pts[2 * k + 1];
        m++;
    }
    if (m < 2)
        return;
    jmap_scene_item *a = jmap_scene_add(l->s, JMAP_SI_ARROW, JMAP_LAYER_NONE, lane, role);
    a->pts = p;
    a->n_pts = m;
    double x0 = p[0], x1 = p[0], y0 = p[1], y1 = p[1];
    for (size_t k = 1; k < m; k++) {
        x0 = fmin(x0, p[2 * k]);
        x1 = fmax(x1, p[2 * k]);
        y0 = fmin(y0, p[2 * k + 1]);
        y1 = fmax(y1, p[2 * k + 1]);
    }
    a->x = x0;
    a->y = y0;
    a->w = x1 - x0;
    a->h = y1 - y0;
    a->stroke = color;
    a->line_width = width;
}

static jmap_scene_item *icon_at(L *l, jmap_scene_kind kind, int lane, const char *role,
                                int shape, double x, double y, double size, uint32_t color)
{
    jmap_scene_item *it = jmap_scene_add(l->s, kind, JMAP_LAYER_NONE, lane, role);
    it->shape = shape;
    it->x = x;
    it->y = y;
    it->w = size;
    it->h = size;
    it->stroke = color;
    return it;
}

/* ---------------------------------------------------------------- owners */

/*
 * What the items added from now on show (scene.h: tp, persona, stage), for
 * the writers that let a reader pick a persona or a touchpoint: a
 * touchpoint (and its stage), a stage, a persona (-1: none), or a
 * touchpoint seen by one persona (an emotion point). Indexes are the
 * journey's: a page's view of it keeps them.
 */
static void own(L *l, const jmap_touchpoint *tp, const jmap_stage *st, int persona)
{
    if (!st && tp)
        st = tp->stage;
    l->s->own_tp = tp ? (int)tp->index : -1;
    l->s->own_stage = st ? (int)st->index : -1;
    l->s->own_persona = persona;
}

static void own_none(L *l)
{
    own(l, NULL, NULL, -1);
}

static const char *channel_label(L *l, const jmap_channel *ch)
{
    if (ch->name)
        return tx(l, ch->name);
    if (ch->builtin && (int)ch->icon < JMAP_BUILTIN_CHANNEL_COUNT)
        return l->t->channel[ch->icon];
    return ch->id;
}

const char *jmap_layout_word(jmap_layout_word_kind kind, int value, jmap_locale locale)
{
    const strings *t = locale == JMAP_LOCALE_FR ? &STR_FR : &STR_EN;
    switch (kind) {
    case JMAP_WORD_LANE:
        return value >= 0 && value < JMAP_LANE_COUNT ? t->lane[value] : "";
    case JMAP_WORD_SEVERITY:
        return value > 0 && value < 4 ? t->level[value] : "";
    case JMAP_WORD_LEVEL:
        return value > 0 && value < 4 ? t->level_lc[value] : "";
    case JMAP_WORD_STATUS:
        return value >= 0 && value < 4 ? t->status[value] : "";
    case JMAP_WORD_PHASE:
        return value > 0 && value < 4 ? t->phase[value] : "";
    }
    return "";
}

const char *jmap_layout_channel_name(const jmap_channel *ch, jmap_locale locale)
{
    if (ch->name)
        return ch->name;
    if (ch->builtin && (int)ch->icon < JMAP_BUILTIN_CHANNEL_COUNT)
        return (locale == JMAP_LOCALE_FR ? &STR_FR : &STR_EN)->channel[ch->icon];
    return ch->id;
}

bool jmap_lay_tp_shown(const jmap_journey *j, const bool *persona_mask, jmap_state_view view,
                       const jmap_touchpoint *tp)
{
    if (view == JMAP_VIEW_CURRENT && tp->state == JMAP_STATE_NEW)
        return false;
    if (view == JMAP_VIEW_FUTURE && tp->state == JMAP_STATE_RETIRED)
        return false;
    if (!persona_mask)
        return true;
    for (size_t p = 0; p < j->n_personas; p++)
        if (persona_mask[p] && tp->meets[p])
            return true;
    return false;
}

/* Number as French or English writes it: no useless decimals. */
void jmap_lay_number_buf(char buf[64], double v, bool fr)
{
    if (fabs(v - round(v)) < 1e-9 && fabs(v) < 1e15)
        snprintf(buf, 64, "%.0f", v);
    else {
        snprintf(buf, 64, "%.2f", v);
        size_t n = strlen(buf);
        while (n > 0 && buf[n - 1] == '0')
            buf[--n] = 0;
        if (n > 0 && buf[n - 1] == '.')
            buf[--n] = 0;
    }
    if (fr)
        for (char *p = buf; *p; p++)
            if (*p == '.')
                *p = ',';
}

const char *jmap_lay_number(jmap_scene *s, double v, bool fr)
{
    char buf[64];
    jmap_lay_number_buf(buf, v, fr);
    return jmap_scene_strdup(s, buf);
}

static const char *fmt_number(L *l, double v)
{
    return jmap_lay_number(l->s, v, l->fr);
}

const char *jmap_lay_kpi_value(jmap_scene *s, const jmap_kpi_value *v, const char *unit, bool fr)
{
    const char *num = v->is_number         ? jmap_lay_number(s, v->number, fr)
                      : !v->text           ? ""
                      : fr                 ? jmap_layout_french_spacing(s, v->text)
                                           : v->text;
    if (blank(unit))
        return num;
    /* the unit never leaves its number: a no-break space binds them */
    const char *sep = "\u00A0";
    if (strcmp(unit, "%") == 0)
        sep = fr ? "\u202F" : "";
    return jmap_arena_printf(s->arena, "%s%s%s", num, sep, unit);
}

static const char *kpi_value_text(L *l, const jmap_kpi_value *v, const char *unit)
{
    return jmap_lay_kpi_value(l->s, v, unit, l->fr);
}

static int valence(L *l, double v)
{
    double neutral = jmap_journey_neutral(l->j);
    double band = fmax(0.25, (l->j->scale_max - l->j->scale_min) * 0.125);
    if (v > neutral + band)
        return 1;
    if (v < neutral - band)
        return -1;
    return 0;
}

static uint32_t valence_color(L *l, int v)
{
    return v > 0 ? l->pos : v < 0 ? l->neg : l->att;
}

/* ------------------------------------------------------------- columns */

static double want_width(L *l, const char *text, const jmap_font *f, double extra)
{
    if (blank(text))
        return 0;
    double nw = natural_w(l, text, f);
    return fmin(nw + extra, fmax(SUB_MIN, nw / 3 + extra));
}

static double tp_width(L *l, const jmap_touchpoint *tp)
{
    double w = SUB_MIN;
    w = fmax(w, want_width(l, tx(l, tp->name), &F_BOLD, 2 * CELL_INSET + 36));
    w = fmax(w, want_width(l, tx(l, tp->doing), &F_BODY, 2 * CELL_INSET + 8));
    if (tp->thinking)
        w = fmax(w, want_width(l, quoted(l, tp->thinking), &F_ITAL, 2 * CELL_INSET + 8));
    for (size_t i = 0; i < tp->n_pains; i++)
        w = fmax(w, want_width(l, tx(l, tp->pains[i]->text), &F_BODY, 2 * CELL_INSET + 24));
    for (size_t i = 0; i < tp->n_opportunities; i++)
        w = fmax(w, want_width(l, tx(l, tp->opportunities[i]->text), &F_BODY,
                               2 * CELL_INSET + 24));
    return snap(clampd(w, SUB_MIN, SUB_MAX));
}

static double stage_min_width(L *l, const jmap_stage *st)
{
    double w = SUB_MIN;
    w = fmax(w, fmin(natural_w(l, tx(l, st->name), &F_HEAD) + 48, 2 * SUB_MAX));
    for (size_t i = 0; i < st->n_pains; i++)
        w = fmax(w, want_width(l, tx(l, st->pains[i]->text), &F_BODY, 2 * CELL_INSET + 24));
    for (size_t i = 0; i < st->n_opportunities; i++)
        w = fmax(w, want_width(l, tx(l, st->opportunities[i]->text), &F_BODY,
                               2 * CELL_INSET + 24));
    for (size_t k = 0; k < st->n_kpis; k++)
        w = fmax(w, fmin(natural_w(l, tx(l, st->kpis[k].name), &F_BOLD) + 96, 2 * SUB_MAX));
    return snap(clampd(w, SUB_MIN, 2 * SUB_MAX));
}

/*
 * A map fitted to a sheet: the columns stretched or narrowed to fill
 * `target` points. Narrowing keeps each column's share of its natural width
 * and stops at COL_MIN_PAGE (the overview's columns go down to a point): a
 * map still wider then is split into pages by the caller.
 */
static void fit_columns(L *l, double target)
{
    if (l->n_cols == 0 || target <= 0)
        return;
    double floor_w = l->o->overview ? 1.0 : l->o->col_min > 0 ? l->o->col_min : COL_MIN_PAGE;
    double sum = 0;
    for (size_t c = 0; c < l->n_cols; c++)
        sum += l->cols[c].w;
    if (sum <= target) {
        double extra = (target - sum) / (double)l->n_cols;
        for (size_t c = 0; c < l->n_cols; c++)
            l->cols[c].w += extra;
    } else {
        /* k scales the columns above the floor; a few rounds settle it */
        double *nat = g_new(double, l->n_cols);
        for (size_t c = 0; c < l->n_cols; c++)
            nat[c] = l->cols[c].w;
        double k = target / sum;
        for (int round = 0; round < 8; round++) {
            double fixed = 0, scaled = 0;
            for (size_t c = 0; c < l->n_cols; c++) {
                if (nat[c] * k <= floor_w)
                    fixed += floor_w;
                else
                    scaled += nat[c];
            }
            if (scaled <= 0 || target - fixed <= 0)
                break;
            k = (target - fixed) / scaled;
        }
        for (size_t c = 0; c < l->n_cols; c++)
            l->cols[c].w = fmax(floor_w, nat[c] * k);
        g_free(nat);
    }
    for (size_t si = 0; si < l->j->n_stages; si++) {
        stage_geom *g = &l->sg[si];
        g->w = 0;
        for (size_t k = 0; k < g->n; k++)
            g->w += l->cols[g->first + k].w;
    }
}

static void build_columns(L *l)
{
    const jmap_journey *j = l->j;
    l->cols = jmap_arena_alloc(l->s->arena, sizeof(col) * (j->n_touchpoints + j->n_stages + 1));
    l->sg = jmap_arena_alloc(l->s->arena, sizeof(stage_geom) * (j->n_stages + 1));
    double x = l->sx0;
    for (size_t si = 0; si < j->n_stages; si++) {
        const jmap_stage *st = j->stages[si];
        stage_geom *g = &l->sg[si];
        g->first = l->n_cols;
        for (size_t k = 0; k < st->n_touchpoints; k++) {
            if (!jmap_lay_tp_shown(j, l->o->persona_mask, l->o->state_view, st->touchpoints[k]))
                continue;
            col *c = &l->cols[l->n_cols++];
            c->stage = si;
            c->tp = st->touchpoints[k];
            c->w = tp_width(l, c->tp);
        }
        if (l->n_cols == g->first) {
            col *c = &l->cols[l->n_cols++];
            c->stage = si;
            c->tp = NULL;
            c->w = SUB_MIN;
        }
        g->n = l->n_cols - g->first;
        double sum = 0;
        for (size_t k = 0; k < g->n; k++)
            sum += l->cols[g->first + k].w;
        double need = l->o->overview ? 0 : stage_min_width(l, st);
        if (need > sum) {
            double extra = snap((need - sum) / (double)g->n);
            for (size_t k = 0; k < g->n; k++)
                l->cols[g->first + k].w += extra;
        }
        g->w = 0;
        for (size_t k = 0; k < g->n; k++)
            g->w += l->cols[g->first + k].w;
    }
    /* a small map still fills a readable width */
    double total = 0;
    for (size_t si = 0; si < j->n_stages; si++)
        total += l->sg[si].w;
    double min_total = MIN_MAP_W - (l->sx0 - l->mg) - l->mg;
    if (l->o->fit_w > 0)
        fit_columns(l, l->o->fit_w - l->sx0 - l->mg);
    else if (total < min_total && l->n_cols > 0) {
        double extra = floor((min_total - total) / (double)l->n_cols / U) * U;
        for (size_t c = 0; c < l->n_cols; c++)
            l->cols[c].w += extra;
        for (size_t si = 0; si < j->n_stages; si++)
            l->sg[si].w += extra * (double)l->sg[si].n;
    }
    for (size_t si = 0; si < j->n_stages; si++) {
        stage_geom *g = &l->sg[si];
        g->x = x;
        double cx = x;
        for (size_t k = 0; k < g->n; k++) {
            l->cols[g->first + k].x = cx;
            cx += l->cols[g->first + k].w;
        }
        x += g->w;
    }
    l->sx1 = x;
}

/* ------------------------------------------------------------- top band */

/* ------------------------------------------------------ persona cards */

#define CARD_PAD 12.0
#define AVATAR 36.0
#define CARD_MIN_W 300.0 /* cards sit side by side while this wide */
#define PCOL_MIN 240.0   /* a column of a wide card */
#define PCOL_MAX 440.0   /* lines of a card never longer than this */
#define PCOL_GAP 24.0
#define PLABEL_W 72.0

/* A card being measured or drawn. Its texts are placed by their offset
 * from the start edge of its text area: the left edge, or the right one
 * when the persona's name and role are mostly right-to-left (the card is
 * mirrored: avatar on the right, texts flush right). */
typedef struct pcard {
    L *l;
    bool rtl, draw;
    double ta0, ta1; /* the text area */
} pcard;

static double pc_x(const pcard *c, double u, double w)
{
    return c->rtl ? c->ta1 - u - w : c->ta0 + u;
}

static double pc_text(const pcard *c, const char *role, const char *text, const jmap_font *f,
                      double u, double y, double w, uint32_t color)
{
    jmap_text_size ts = measure(c->l, text, f, w);
    if (c->draw)
        text_at(c->l, -1, role, text, f, pc_x(c, u, w), y, w, color,
                c->rtl ? JMAP_ALIGN_RIGHT : JMAP_ALIGN_LEFT);
    return ts.h;
}

/*
 * The persona's preferred channels, each as its icon and its name, flowing
 * from the start edge of [u, u + w] and wrapping between channels (a name
 * wider than the row wraps inside itself). Returns the height used.
 */
static double persona_channels(const pcard *c, const jmap_persona *p, double u, double y,
                               double w)
{
    L *l = c->l;
    const double icon = 10, gap_icon = 4, gap = 12;
    double cu = 0, cy = y, line_h = 0;
    for (size_t i = 0; i < p->n_channels; i++) {
        const jmap_channel *ch = p->channels[i];
        const char *name = channel_label(l, ch);
        double room = w - icon - gap_icon;
        jmap_text_size ts = measure(l, name, &F_BODY, 0);
        if (cu > 0 && cu + icon + gap_icon + ts.w > w) {
            cy += line_h + 2;
            cu = 0;
            line_h = 0;
        }
        bool wraps = ts.w > room;
        if (wraps)
            ts = measure(l, name, &F_BODY, room);
        double chip_w = icon + gap_icon + fmin(ts.w, room);
        if (c->draw) {
            double cx = pc_x(c, u + cu, chip_w);
            double iy = cy + fmax(0, (fmin(ts.h, 12) - icon) / 2);
            double ix = c->rtl ? cx + chip_w - icon : cx;
            double nx = c->rtl ? cx : cx + icon + gap_icon;
            icon_at(l, JMAP_SI_ICON, -1, "persona-channel-icon", ch->icon, ix, iy, icon,
                    l->muted);
            text_at(l, -1, "persona-channel", name, &F_BODY, nx, cy, wraps ? room : 0, l->ink,
                    c->rtl && wraps ? JMAP_ALIGN_RIGHT : JMAP_ALIGN_LEFT);
        }
        line_h = fmax(line_h, fmax(ts.h, icon));
        cu += chip_w + gap;
    }
    return cy - y + line_h;
}

/* Name, role and details, quote: the card's first column. Returns its
 * height. */
static double persona_identity(const pcard *c, const jmap_persona *p, double u, double y,
                               double w)
{
    L *l = c->l;
    double cy = y;
    cy += pc_text(c, "persona-name", tx(l, p->name), &F_HEAD, u, cy, w, l->ink) + 2;
    GString *role = g_string_new(NULL);
    if (p->role)
        g_string_append(role, tx(l, p->role));
    for (size_t i = 0; i < p->n_details; i++) {
        if (role->len)
            g_string_append(role, " · ");
        g_string_append_printf(role, "%s%s%s", p->details[i].key, kv_sep(l), p->details[i].value);
    }
    if (role->len) {
        const char *r = l->fr ? tx(l, role->str) : jmap_scene_strdup(l->s, role->str);
        cy += pc_text(c, "persona-role", r, &F_BODY, u, cy, w, l->muted) + 2;
    }
    g_string_free(role, TRUE);
    if (p->quote)
        cy += pc_text(c, "persona-quote", quoted(l, p->quote), &F_ITAL, u, cy, w, l->ink) + 2;
    return cy - y - 2;
}

/* The card's rows: goals, frustrations, motivations, expectations,
 * preferred channels (4). */
static bool persona_has_field(const jmap_persona *p, int r)
{
    size_t n[5] = {p->n_goals, p->n_frustrations, p->n_motivations, p->n_expectations,
                   p->n_channels};
    return n[r] > 0;
}

/* One row: its label, then its items (or channels) beside it. Returns its
 * height. */
static double persona_field(const pcard *c, const jmap_persona *p, int r, double u, double y,
                            double w)
{
    L *l = c->l;
    const char *labels[5] = {l->t->goals, l->t->frustrations, l->t->motivations,
                             l->t->expectations, l->t->lane[JMAP_LANE_CHANNELS]};
    const char **items[4] = {p->goals, p->frustrations, p->motivations, p->expectations};
    size_t counts[4] = {p->n_goals, p->n_frustrations, p->n_motivations, p->n_expectations};
    double lw = fmin(PLABEL_W, w * 0.4);
    double lh = pc_text(c, "persona-label", labels[r], &F_BOLD, u, y, lw, l->muted);
    if (r == 4)
        return fmax(lh, persona_channels(c, p, u + lw, y, w - lw));
    GString *g = g_string_new(NULL);
    for (size_t i = 0; i < counts[r]; i++) {
        if (i)
            g_string_append(g, "  ·  ");
        g_string_append(g, tx(l, items[r][i]));
    }
    double vh = pc_text(c, "persona-list", jmap_scene_strdup(l->s, g->str), &F_BODY, u + lw, y,
                        w - lw, l->ink);
    g_string_free(g, TRUE);
    return fmax(lh, vh);
}

static bool persona_rtl(const jmap_persona *p)
{
    const char *texts[2] = {p->name, p->role};
    return mostly_rtl(texts, 2);
}

static void persona_avatar(L *l, const jmap_persona *p, double x, double y)
{
    if (p->photo.path) {
        jmap_scene_item *im =
            jmap_scene_add(l->s, JMAP_SI_IMAGE, JMAP_LAYER_NONE, -1, "persona-photo");
        im->x = x;
        im->y = y;
        im->w = im->h = AVATAR;
        im->radius = -1;
        im->path = jmap_scene_strdup(l->s, jmap_image_file(&p->photo));
        im->span = p->photo.span;
        return;
    }
    jmap_scene_item *c =
        jmap_scene_add(l->s, JMAP_SI_MARKER, JMAP_LAYER_NONE, -1, "persona-avatar");
    c->shape = JMAP_MARK_CIRCLE;
    c->x = x;
    c->y = y;
    c->w = c->h = AVATAR;
    /* dark enough for its white initials */
    c->fill = jmap_lay_readable(p->curve_color, 0xFFFFFF);
    /* initials: first letters of the first two words */
    GString *ini = g_string_new(NULL);
    const char *s = p->name ? p->name : "?";
    bool at_start = true;
    int n = 0;
    for (const char *q = s; *q && n < 2; q = g_utf8_next_char(q)) {
        gunichar ch = g_utf8_get_char(q);
        if (g_unichar_isspace(ch) || ch == '-') {
            at_start = true;
            continue;
        }
        if (at_start && g_unichar_isalnum(ch)) {
            g_string_append_unichar(ini, g_unichar_toupper(ch));
            n++;
        }
        at_start = false;
    }
    jmap_text_size ts = measure(l, ini->str, &F_BOLD, 0);
    jmap_scene_item *t = text_at(l, -1, "persona-initials", ini->str, &F_BOLD,
                                 x + (AVATAR - ts.w) / 2, y + (AVATAR - ts.h) / 2, 0, 0xFFFFFF,
                                 JMAP_ALIGN_LEFT);
    t->layer = JMAP_LAYER_NONE;
    g_string_free(ini, TRUE);
}

/*
 * A persona card in [x, x + w]; measured (draw false), then drawn at its
 * row's height. A narrow card stacks name, role, quote and rows; a wide one
 * sets the rows in columns beside the name (no line longer than PCOL_MAX),
 * balanced by height. Returns the height it needs.
 */
static double persona_card(L *l, const jmap_persona *p, double x, double y, double w,
                           bool draw, double force_h)
{
    pcard c = {l, persona_rtl(p), draw, 0, 0};
    double in0 = x + CARD_PAD, in1 = x + w - CARD_PAD;
    c.ta0 = c.rtl ? in0 : in0 + AVATAR + 12;
    c.ta1 = c.rtl ? in1 - AVATAR - 12 : in1;
    double tw = c.ta1 - c.ta0;
    if (draw)
        own(l, NULL, NULL, (int)p->index);
    if (draw) {
        rect_at(l, JMAP_LAYER_CARD, -1, "persona-card", x, y, w, force_h, 6,
                mix(l->bg, 0xF4F7FA, 0.9), C_RULE);
        persona_avatar(l, p, c.rtl ? in1 - AVATAR : in0, y + CARD_PAD);
    }
    double top = y + CARD_PAD;
    int fields[5];
    size_t nf = 0;
    for (int r = 0; r < 5; r++)
        if (persona_has_field(p, r))
            fields[nf++] = r;
    double bottom = top;
    if (nf > 0 && tw >= 2 * PCOL_MIN + PCOL_GAP) {
        /* wide: the identity column, then the rows in up to nf columns */
        double id_w = clampd(floor(tw * 0.34), PCOL_MIN, PCOL_MAX);
        double rest = tw - id_w - PCOL_GAP;
        size_t ncols = (size_t)clampd(floor((rest + PCOL_GAP) / (PCOL_MIN + PCOL_GAP)), 1,
                                      (double)nf);
        double col_w = fmin(PCOL_MAX, (rest - PCOL_GAP * (double)(ncols - 1)) / (double)ncols);
        bottom = top + persona_identity(&c, p, 0, top, id_w);
        pcard m = c;
        m.draw = false;
        double hs[5], total = 0;
        for (size_t i = 0; i < nf; i++) {
            hs[i] = persona_field(&m, p, fields[i], 0, 0, col_w);
            total += hs[i] + 4;
        }
        /* consecutive rows per column, a new column once this one holds
         * its share of the total height */
        double share = total / (double)ncols, cy = top, used = 0;
        size_t ci = 0;
        for (size_t i = 0; i < nf; i++) {
            if (cy > top && ci + 1 < ncols &&
                (used + (hs[i] + 4) / 2 > share || nf - i <= ncols - ci - 1)) {
                ci++;
                cy = top;
                used = 0;
            }
            double u = id_w + PCOL_GAP + (double)ci * (col_w + PCOL_GAP);
            persona_field(&c, p, fields[i], u, cy, col_w);
            cy += hs[i] + 4;
            used += hs[i] + 4;
            bottom = fmax(bottom, cy - 4);
        }
    } else {
        double cy = top + persona_identity(&c, p, 0, top, tw) + 2;
        if (nf > 0)
            cy += 4;
        for (size_t i = 0; i < nf; i++)
            cy += persona_field(&c, p, fields[i], 0, cy, tw) + 2;
        bottom = cy - 2;
    }
    own_none(l);
    return snap(fmax(bottom - y + CARD_PAD, AVATAR + 2 * CARD_PAD));
}

/* The persona cards below the title, in rows that span the band: n cards
 * of a row share its width evenly, rows as balanced as can be. */
static double persona_band(L *l, double y)
{
    const jmap_journey *j = l->j;
    double w = l->right - l->left, gap = 16;
    size_t shown = 0;
    for (size_t p = 0; p < j->n_personas; p++)
        if (l->pvis[p])
            shown++;
    if (shown == 0)
        return y;
    size_t per_row = (size_t)fmax(1, floor((w + gap) / (CARD_MIN_W + gap)));
    size_t rows = (shown + per_row - 1) / per_row;
    per_row = (shown + rows - 1) / rows;
    size_t *idx = g_new(size_t, shown);
    size_t n = 0;
    for (size_t p = 0; p < j->n_personas; p++)
        if (l->pvis[p])
            idx[n++] = p;
    for (size_t first = 0; first < shown; first += per_row) {
        size_t k = shown - first < per_row ? shown - first : per_row;
        double cw = floor((w - gap * (double)(k - 1)) / (double)k / U) * U;
        /* the last card takes what the grid left over */
        double last_w = w - (double)(k - 1) * (cw + gap);
        double h = 0;
        for (size_t i = 0; i < k; i++)
            h = fmax(h, persona_card(l, j->personas[idx[first + i]], 0, 0,
                                     i + 1 == k ? last_w : cw, false, 0));
        for (size_t i = 0; i < k; i++)
            persona_card(l, j->personas[idx[first + i]], l->left + (double)i * (cw + gap), y,
                         i + 1 == k ? last_w : cw, true, h);
        y += h + 12;
    }
    g_free(idx);
    return y + 12;
}

/* The personas as one key line (a map split into pages, a map fitted to a
 * small sheet): each persona's curve colour, then its name and role,
 * flowing left to right. Returns the bottom. */
static double persona_key(L *l, double y, double right)
{
    const jmap_journey *j = l->j;
    double x = l->left, row_h = 0;
    for (size_t p = 0; p < j->n_personas; p++) {
        if (!l->pvis[p])
            continue;
        const jmap_persona *pe = j->personas[p];
        const char *name = pe->role ? jmap_arena_printf(l->s->arena, "%s · %s", tx(l, pe->name),
                                                        tx(l, pe->role))
                                    : tx(l, pe->name);
        double room = fmin(360, right - l->left - 24);
        jmap_text_size ts = measure(l, name, &F_BOLD, room);
        if (x > l->left && x + 24 + ts.w > right) {
            x = l->left;
            y += row_h + 6;
            row_h = 0;
        }
        double ly = y + fmin(ts.h, 12) / 2;
        own(l, NULL, NULL, (int)p);
        line_at(l, -1, "persona-key-line", x, ly, x + 18, ly, pe->curve_color, 2.5);
        text_at(l, -1, "persona-key", name, &F_BOLD, x + 24, y, room, text_tone(pe->curve_color),
                JMAP_ALIGN_LEFT);
        own_none(l);
        x += 24 + ts.w + 20;
        row_h = fmax(row_h, ts.h);
    }
    return y + row_h;
}

static double top_band(L *l, double y)
{
    const jmap_journey *j = l->j;
    double w = l->right - l->left;
    /* right block: logo, version · date, author */
    double rw = 0;
    double ry = y;
    const char *meta = NULL;
    const char *date = jmap_lay_date(l->s, j->date, l->fr);
    if (j->version && date)
        meta = jmap_arena_printf(l->s->arena, "%s · %s", tx(l, j->version), date);
    else if (j->version || date)
        meta = j->version ? tx(l, j->version) : date;
    double block_w = fmin(220, w * 0.3);
    if (l->o->page_label) {
        jmap_scene_item *it = text_at(l, -1, "page-label", l->o->page_label, &F_BOLD,
                                      l->right - block_w, ry, block_w, l->ink, JMAP_ALIGN_RIGHT);
        ry += it->h + 4;
        rw = fmax(rw, it->w);
    }
    if (j->theme.logo.path) {
        double lh = l->o->fit_w > 0 ? 28 : 36, lw = lh * 3;
        int iw = 0, ih = 0;
        if (l->m->image(l->m->ctx, jmap_image_file(&j->theme.logo), &iw, &ih) && iw > 0 &&
            ih > 0)
            lw = fmin(block_w, lh * iw / ih);
        if (lw < lh * iw / (ih > 0 ? ih : 1))
            lh = lw * ih / (iw > 0 ? iw : 1);
        jmap_scene_item *im = jmap_scene_add(l->s, JMAP_SI_IMAGE, JMAP_LAYER_NONE, -1, "logo");
        im->x = l->right - lw;
        im->y = ry;
        im->w = lw;
        im->h = lh;
        im->path = jmap_scene_strdup(l->s, jmap_image_file(&j->theme.logo));
        im->span = j->theme.logo.span;
        ry += lh + 6;
        rw = fmax(rw, lw);
    }
    if (meta) {
        jmap_scene_item *it = text_at(l, -1, "meta", meta, &F_BODY, l->right - block_w, ry,
                                      block_w, l->muted, JMAP_ALIGN_RIGHT);
        ry += it->h + 2;
        rw = fmax(rw, it->w);
    }
    if (j->author) {
        jmap_scene_item *it = text_at(l, -1, "author", tx(l, j->author), &F_BODY,
                                      l->right - block_w, ry, block_w, l->muted,
                                      JMAP_ALIGN_RIGHT);
        ry += it->h;
        rw = fmax(rw, it->w);
    }
    double tw = w - (rw > 0 ? rw + 24 : 0);
    tw = fmin(tw, 900);
    jmap_scene_item *ti = text_at(l, -1, "title", tx(l, j->title), &F_TITLE, l->left, y, tw,
                                  l->ink, JMAP_ALIGN_LEFT);
    double cy = y + ti->h + 4;
    const char *lines[3] = {j->subtitle, j->description, j->scenario};
    const char *roles[3] = {"subtitle", "description", "scenario"};
    for (int i = 0; i < 3; i++) {
        /* a page of a split map repeats the title line only, and a summary
         * (a slide) keeps the subtitle alone */
        if (blank(lines[i]) || ((l->o->page_label || l->o->summary || l->o->brief_header) && i > 0))
            continue;
        jmap_scene_item *it = text_at(l, -1, roles[i], tx(l, lines[i]),
                                      i == 2 ? &F_ITAL : &F_BODY, l->left, cy, fmin(tw, 720),
                                      i == 0 ? l->ink : l->muted, JMAP_ALIGN_LEFT);
        cy += it->h + 2;
    }
    /* a map fitted to a sheet keeps its bands closer */
    double gap = l->o->fit_w > 0 ? 8 : 16;
    if (!j->personas_implicit && l->o->persona_key) {
        /* the key goes under the title, beside the block on the right */
        double key_bottom = persona_key(l, snap(cy + gap), l->right - (rw > 0 ? rw + 24 : 0));
        return snap(fmax(key_bottom, ry) + gap);
    }
    cy = snap(fmax(cy, ry) + gap);
    /* persona cards, side by side, wrapping */
    if (!j->personas_implicit)
        cy = persona_band(l, cy);
    return snap(cy);
}

const char *jmap_lay_date(jmap_scene *s, const char *date, bool fr)
{
    /* [French][month]: in full, then abbreviated */
    static const char *const months[2][12] = {
        {"January", "February", "March", "April", "May", "June", "July", "August",
         "September", "October", "November", "December"},
        {"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
         "octobre", "novembre", "décembre"}};
    static const char *const short_months[2][12] = {
        {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"},
        {"janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.",
         "nov.", "déc."}};
    if (!date)
        return NULL;
    int y = 0, mo = 0, d = 0, n = 0;
    size_t len = strlen(date);
    bool ymd = len == 10 && sscanf(date, "%4d-%2d-%2d%n", &y, &mo, &d, &n) == 3 && n == 10;
    bool ym = !ymd && len == 7 && sscanf(date, "%4d-%2d%n", &y, &mo, &n) == 2 && n == 7;
    for (size_t i = 0; i < len && (ymd || ym); i++)
        if (date[i] != '-' && !g_ascii_isdigit(date[i]))
            ymd = ym = false;
    if ((!ymd && !ym) || mo < 1 || mo > 12 || (ymd && (d < 1 || d > 31)))
        return fr ? jmap_layout_french_spacing(s, date) : date;
    /* no-break spaces: a date never breaks across lines */
    if (ym)
        return jmap_arena_printf(s->arena, "%s\u00A0%d", months[fr][mo - 1], y);
    return jmap_arena_printf(s->arena, "%d\u00A0%s\u00A0%d", d, short_months[fr][mo - 1], y);
}

double jmap_lay_provenance(jmap_scene *s, const jmap_measurer *m, const jmap_journey *j,
                           const char *input_name, const jmap_palette *p, double left,
                           double right, double y)
{
    bool fr = j->locale == JMAP_LOCALE_FR;
    uint32_t ink = jmap_lay_readable(mix(p->muted, p->bg, 0.25), p->bg);
    const char *foot =
        input_name ? jmap_arena_printf(s->arena, fr ? "généré par jmap %s à partir de %s"
                                                    : "generated by jmap %s from %s",
                                       JMAP_VERSION, input_name)
                   : jmap_arena_printf(s->arena, fr ? "généré par jmap %s" : "generated by jmap %s",
                                       JMAP_VERSION);
    double half = (right - left) / 2;
    return jmap_lay_text(s, m, -1, "footer", foot, &F_BODY, left + half, y, half, ink,
                         JMAP_ALIGN_RIGHT)->h;
}

double jmap_lay_footer(jmap_scene *s, const jmap_measurer *m, const jmap_journey *j,
                       const char *input_name, const jmap_palette *p, double left, double right,
                       double y)
{
    bool fr = j->locale == JMAP_LOCALE_FR;
    uint32_t ink = jmap_lay_readable(mix(p->muted, p->bg, 0.25), p->bg);
    double fh = jmap_lay_provenance(s, m, j, input_name, p, left, right, y);
    double half = (right - left) / 2;
    GString *by = g_string_new(NULL);
    const char *parts[3] = {j->author, j->version, jmap_lay_date(s, j->date, fr)};
    for (int i = 0; i < 3; i++)
        if (parts[i])
            g_string_append_printf(by, "%s%s", by->len ? " · " : "",
                                   fr && i < 2 ? jmap_layout_french_spacing(s, parts[i]) : parts[i]);
    if (by->len)
        fh = fmax(fh, jmap_lay_text(s, m, -1, "footer-by", by->str, &F_BODY, left, y, half - 16,
                                    ink, JMAP_ALIGN_LEFT)->h);
    g_string_free(by, TRUE);
    return fh;
}

/* ---------------------------------------------------- phases and headers */

/* A stage too narrow for its number badge beside the name (a map fitted
 * to a sheet, the overview): the name takes the whole header. */
static bool narrow_header(const L *l, size_t si)
{
    return l->sg[si].w < 112;
}

/* A stage's goal under its name: not on the overview nor on a summary
 * (a slide), where the stage's name says enough. */
static bool show_goal(const L *l, const jmap_stage *st)
{
    return !blank(st->goal) && !l->o->overview && !l->o->summary;
}

/* The name a narrow header shows: the stage's name, or on the overview,
 * when a word of it would have to break, the stage's number. */
static const char *header_name(L *l, size_t si, double w)
{
    const jmap_stage *st = l->j->stages[si];
    const char *name = tx(l, st->name);
    if (l->o->overview && longest_word(l->m, name, &F_HEAD) > w)
        return jmap_arena_printf(l->s->arena, "%zu", st->index + 1);
    return name;
}

/* A phase band's words: a declared name (in capitals, like the built-in
 * bands), else the map's word for a built-in phase. */
static const char *phase_label(L *l, const jmap_phase_def *ph)
{
    if (!ph->name)
        return l->t->phase[ph->builtin];
    char *up = g_utf8_strup(ph->name, -1);
    const char *r = tx(l, jmap_scene_strdup(l->s, up));
    g_free(up);
    return r;
}

/* The fill of a phase band: the phase's colour, lightened, else a tint of
 * the built-in phase or, for a declared one, of a small cycle. */
static uint32_t phase_fill(const jmap_phase_def *ph)
{
    static const uint32_t builtin[4] = {0, 0xEAF0F7, 0xF3ECF8, 0xE8F4EC};
    static const uint32_t cycle[4] = {0xF6EFE3, 0xE6F2F3, 0xEFEAF6, 0xF1F3E4};
    if (ph->color.set)
        return mix(ph->color.rgb, 0xFFFFFF, 0.8);
    if (ph->builtin != JMAP_PHASE_NONE)
        return builtin[ph->builtin];
    return cycle[ph->index % 4];
}

/* The journey's `insights`: a highlighted box across the map, above the
 * stages. */
static double journey_insights(L *l, double y)
{
    const jmap_journey *j = l->j;
    if (!j->n_insights || l->o->overview)
        return y;
    const char *head = l->fr ? "Enseignements cl\u00E9s" : "Key insights";
    double x0 = l->left, w = l->right - l->left;
    double hw = fmin(160, natural_w(l, head, &F_BOLD) + 4);
    double tx0 = x0 + 12 + hw + 12, tw = w - (tx0 - x0) - 10;
    size_t box = jmap_scene_count(l->s); /* the box and its bar, sized once filled */
    rect_at(l, JMAP_LAYER_NONE, -1, "insights-box", x0, y, w, 10, 4, mix(l->att, 0xFFFFFF, 0.85),
            JMAP_NO_COLOR);
    rect_at(l, JMAP_LAYER_NONE, -1, "insights-bar", x0, y, 4, 10, 0, l->att, JMAP_NO_COLOR);
    double hh = text_at(l, -1, "insights-title", head, &F_BOLD, x0 + 12, y + 7, hw, l->ink,
                        JMAP_ALIGN_LEFT)->h;
    double cy = y + 7;
    for (size_t i = 0; i < j->n_insights; i++) {
        if (blank(j->insights[i]))
            continue;
        jmap_scene_item *dot = jmap_scene_add(l->s, JMAP_SI_MARKER, JMAP_LAYER_NONE, -1,
                                              "insight-dot");
        dot->shape = JMAP_MARK_CIRCLE;
        dot->w = dot->h = 4;
        dot->x = tx0 - 8;
        dot->y = cy + 4;
        dot->fill = l->ink;
        cy += text_at(l, -1, "insight", tx(l, j->insights[i]), &F_BOLD, tx0, cy, tw, l->ink,
                      JMAP_ALIGN_LEFT)->h + 3;
    }
    double h = snap(fmax(cy - 3, y + 7 + hh) + 7 - y);
    jmap_scene_item_at(l->s, box)->h = h;
    jmap_scene_item_at(l->s, box + 1)->h = h;
    return y + h + 8;
}

/* Each stage's `insight`: a highlighted headline above its header. */
static double stage_insights(L *l, double y)
{
    const jmap_journey *j = l->j;
    bool any = false;
    for (size_t si = 0; si < j->n_stages; si++)
        any |= !blank(j->stages[si]->insight);
    if (!any || l->o->overview)
        return y;
    double h = 0;
    for (size_t si = 0; si < j->n_stages; si++)
        if (!blank(j->stages[si]->insight))
            h = fmax(h, measure(l, tx(l, j->stages[si]->insight), &F_BOLD,
                                fmax(1, l->sg[si].w - 4 - 16)).h);
    h = snap(h + 12);
    for (size_t si = 0; si < j->n_stages; si++) {
        const jmap_stage *st = j->stages[si];
        if (blank(st->insight))
            continue;
        double x0 = l->sg[si].x + 2, w = l->sg[si].w - 4;
        own(l, NULL, st, -1);
        rect_at(l, JMAP_LAYER_CARD, -1, "stage-insight", x0, y, w, h, 4,
                mix(l->att, 0xFFFFFF, 0.85), JMAP_NO_COLOR);
        rect_at(l, JMAP_LAYER_NONE, -1, "stage-insight-bar", x0, y, 3, h, 0, l->att,
                JMAP_NO_COLOR);
        text_at(l, -1, "stage-insight-text", tx(l, st->insight), &F_BOLD, x0 + 10, y + 6,
                fmax(1, w - 16), l->ink, JMAP_ALIGN_LEFT);
        own_none(l);
    }
    return y + h + 4;
}

static double headers(L *l, double y)
{
    const jmap_journey *j = l->j;
    y = journey_insights(l, y);
    bool phases = false;
    for (size_t si = 0; si < j->n_stages; si++)
        if (j->stages[si]->phase_def)
            phases = true;
    if (phases) {
        double ph = l->o->fit_w > 0 ? 16 : 20; /* a sheet keeps its bands tighter */
        /* a run of stages of one phase shares a band; a long name wraps,
         * and every band grows with it (measured first, then drawn) */
        for (int draw = 0; draw < 2; draw++)
            for (size_t si = 0; si < j->n_stages;) {
                const jmap_phase_def *p = j->stages[si]->phase_def;
                size_t first = si, e = si;
                while (e + 1 < j->n_stages && j->stages[e + 1]->phase_def == p)
                    e++;
                si = e + 1;
                double x0 = l->sg[first].x + 2, x1 = l->sg[e].x + l->sg[e].w - 2;
                if (!p)
                    continue;
                const char *label = phase_label(l, p);
                jmap_text_size ts = measure(l, label, &F_BOLD, x1 - x0 - 8);
                if (!draw) {
                    ph = fmax(ph, snap(ts.h + 4));
                    continue;
                }
                uint32_t fill = phase_fill(p);
                rect_at(l, JMAP_LAYER_CARD, -1, "phase-band", x0, y, x1 - x0, ph, 3, fill,
                        JMAP_NO_COLOR);
                text_at(l, -1, "phase", label, &F_BOLD, x0 + 4, y + (ph - ts.h) / 2, x1 - x0 - 8,
                        p->color.set ? jmap_lay_readable(p->color.rgb, fill) : l->muted,
                        JMAP_ALIGN_CENTER);
            }
        y += ph + 4;
    }
    y = stage_insights(l, y);
    /* stage headers share one height */
    double hh = l->o->summary ? 28 : 40; /* a summary's headers hold a name only */
    for (size_t si = 0; si < j->n_stages; si++) {
        const jmap_stage *st = j->stages[si];
        bool narrow = narrow_header(l, si);
        double tw = narrow ? fmax(1, l->sg[si].w - 12) : l->sg[si].w - 4 - 36 - 8;
        double h = narrow ? 2 + measure(l, header_name(l, si, tw), &F_HEAD, tw).h
                          : 10 + measure(l, tx(l, st->name), &F_HEAD, tw).h;
        if (show_goal(l, st))
            h += 2 + measure(l, tx(l, st->goal), &F_BODY, tw).h;
        hh = fmax(hh, snap(h + 10));
    }
    for (size_t si = 0; si < j->n_stages; si++) {
        const jmap_stage *st = j->stages[si];
        double x0 = l->sg[si].x + 2, w = l->sg[si].w - 4;
        own(l, NULL, st, -1);
        rect_at(l, JMAP_LAYER_CARD, -1, "stage-header", x0, y, w, hh, 4, l->primary,
                JMAP_NO_COLOR);
        if (narrow_header(l, si)) {
            double nx = x0 + 4, nw = fmax(1, w - 8);
            jmap_scene_item *nm = text_at(l, -1, "stage-name", header_name(l, si, nw), &F_HEAD, nx,
                                          y + 6, nw, jmap_lay_readable(0xFFFFFF, l->primary),
                                          JMAP_ALIGN_LEFT);
            if (show_goal(l, st))
                text_at(l, -1, "stage-goal", tx(l, st->goal), &F_BODY, nx, y + 6 + nm->h + 2, nw,
                        jmap_lay_readable(mix(0xFFFFFF, l->primary, 0.2), l->primary),
                        JMAP_ALIGN_LEFT);
            own_none(l);
            continue;
        }
        jmap_scene_item *b = jmap_scene_add(l->s, JMAP_SI_MARKER, JMAP_LAYER_NONE, -1,
                                            "stage-badge");
        b->shape = JMAP_MARK_CIRCLE;
        b->x = x0 + 10;
        b->y = y + 10;
        b->w = b->h = 16;
        b->fill = jmap_lay_readable(mix(l->primary, 0xFFFFFF, 0.25), 0xFFFFFF);
        char num[32];
        snprintf(num, sizeof num, "%zu", st->index + 1);
        jmap_text_size ns = measure(l, num, &F_BOLD, 0);
        jmap_scene_item *nt = text_at(l, -1, "stage-number", num, &F_BOLD, x0 + 18 - ns.w / 2,
                                      y + 18 - ns.h / 2, 0, 0xFFFFFF, JMAP_ALIGN_LEFT);
        nt->layer = JMAP_LAYER_NONE;
        double tx0 = x0 + 34, tw = w - 34 - 8;
        jmap_scene_item *nm = text_at(l, -1, "stage-name", tx(l, st->name), &F_HEAD, tx0, y + 8,
                                      tw, jmap_lay_readable(0xFFFFFF, l->primary),
                                      JMAP_ALIGN_LEFT);
        if (show_goal(l, st))
            text_at(l, -1, "stage-goal", tx(l, st->goal), &F_BODY, tx0, y + 8 + nm->h + 2, tw,
                    jmap_lay_readable(mix(0xFFFFFF, l->primary, 0.2), l->primary),
                    JMAP_ALIGN_LEFT);
        own_none(l);
    }
    return y + hh + (l->o->fit_w > 0 ? 4 : 8);
}

/* ---------------------------------------------------------------- lanes */

static bool bp_lane_has_content(L *l, jmap_lane lane);

static bool lane_has_content(L *l, jmap_lane lane)
{
    const jmap_journey *j = l->j;
    if (lane >= JMAP_LANE_FRONTSTAGE)
        return bp_lane_has_content(l, lane);
    for (size_t c = 0; c < l->n_cols; c++) {
        const jmap_touchpoint *tp = l->cols[c].tp;
        if (!tp)
            continue;
        switch (lane) {
        case JMAP_LANE_STORYBOARD:
            if (tp->image.path)
                return true;
            break;
        case JMAP_LANE_TOUCHPOINTS:
        case JMAP_LANE_CHANNELS:
            if (lane == JMAP_LANE_TOUCHPOINTS || tp->channel)
                return true;
            break;
        case JMAP_LANE_DOING:
            if (!blank(tp->doing))
                return true;
            break;
        case JMAP_LANE_THINKING:
            if (!blank(tp->thinking) || !blank(tp->quote))
                return true;
            break;
        case JMAP_LANE_EMOTIONS:
            if (!blank(tp->feeling))
                return true;
            for (size_t p = 0; p < j->n_personas; p++)
                if (l->pvis[p] && tp->meets[p] &&
                    (tp->emotion[p].set || tp->target_emotion[p].set))
                    return true;
            break;
        case JMAP_LANE_PAINS:
            if (tp->n_pains)
                return true;
            break;
        case JMAP_LANE_OPPORTUNITIES:
            if (tp->n_opportunities)
                return true;
            break;
        case JMAP_LANE_OWNERS:
            if (!blank(tp->owner))
                return true;
            break;
        default:
            break;
        }
    }
    for (size_t si = 0; si < j->n_stages; si++) {
        const jmap_stage *st = j->stages[si];
        if (lane == JMAP_LANE_PAINS && st->n_pains)
            return true;
        if (lane == JMAP_LANE_OPPORTUNITIES && st->n_opportunities)
            return true;
        if (lane == JMAP_LANE_KPIS && st->n_kpis)
            return true;
    }
    return false;
}

static double col_inner_x(const col *c)
{
    return c->x + CELL_INSET;
}

static double col_inner_w(const col *c)
{
    return c->w - 2 * CELL_INSET;
}

static double lane_touchpoints(L *l, double y, bool draw, double force_h)
{
    double h = 0;
    for (size_t c = 0; c < l->n_cols; c++) {
        const jmap_touchpoint *tp = l->cols[c].tp;
        if (!tp)
            continue;
        double x = col_inner_x(&l->cols[c]), w = col_inner_w(&l->cols[c]);
        /* a narrow card puts its channel icon above the name */
        bool stacked = w - 16 - 12 - 6 < 56;
        double tw = stacked ? w - 12 : w - 16 - 12 - 6;
        double nx = stacked ? x + 6 : x + 8 + 12 + 6, ny = stacked ? y + 8 + 12 + 4 : y + 8;
        jmap_text_size ts = measure(l, tx(l, tp->name), &F_BOLD, tw);
        double ch = snap(stacked ? ts.h + 12 + 4 + 16 : fmax(ts.h, 12) + 16);
        h = fmax(h, ch);
        if (!draw)
            continue;
        own(l, tp, NULL, -1);
        jmap_scene_item *card = rect_at(l, JMAP_LAYER_CARD, JMAP_LANE_TOUCHPOINTS, "tp-card", x,
                                        y, w, force_h, 5, 0xFFFFFF, C_RULE);
        if (tp->compare) {
            /* --compare: new since the older version (a round mark), or
             * changed (a diamond), on the card's top edge */
            bool added = tp->compare == JMAP_COMPARE_ADDED;
            card->stroke = added ? l->pos : l->att;
            card->line_width = 1.5;
            jmap_scene_item *m = jmap_scene_add(l->s, JMAP_SI_MARKER, JMAP_LAYER_NONE,
                                                JMAP_LANE_TOUCHPOINTS,
                                                added ? "tp-added" : "tp-changed");
            m->shape = added ? JMAP_MARK_CIRCLE : JMAP_MARK_DIAMOND;
            m->x = x + w - 14;
            m->y = y - 4.5;
            m->w = m->h = 9;
            m->fill = added ? l->pos : l->att;
            m->stroke = 0xFFFFFF;
            m->line_width = 1;
            l->used_compare |= added ? 1 : 2;
        }
        jmap_tp_state state = l->o->state_view == JMAP_VIEW_CURRENT ? JMAP_STATE_CURRENT : tp->state;
        if (state == JMAP_STATE_NEW) {
            /* to be added: a dashed outline in the positive colour */
            card->dashed = true;
            card->stroke = l->pos;
            card->line_width = 1.5;
            l->used_state |= 1;
        } else if (state == JMAP_STATE_RETIRED) {
            /* to be retired: greyed, its name struck through (below) */
            card->fill = mix(0xFFFFFF, C_RULE, 0.35);
            card->stroke = l->muted;
            l->used_state |= 4;
        } else if (state == JMAP_STATE_CHANGED) {
            /* to be changed: a tag astride the card's top edge, on the left
             * (the right end is --compare's) */
            const char *word = l->fr ? "\u00E0 modifier" : "to change";
            jmap_text_size ws = measure(l, word, &F_BOLD, 0);
            double th = ws.h + 2, tagw = fmin(ws.w + 10, w - 24);
            double ty = y - fmin(th - 2, l->pad - 1.5); /* in the lane's top padding */
            rect_at(l, JMAP_LAYER_NONE, JMAP_LANE_TOUCHPOINTS, "tp-state-changed", x + 8, ty, tagw,
                    th, th / 2, mix(l->att, 0xFFFFFF, 0.7), l->att)
                ->line_width = 0.75;
            text_at(l, JMAP_LANE_TOUCHPOINTS, "tp-state-word", word, &F_BOLD, x + 13, ty + 1,
                    tagw - 10, l->ink, JMAP_ALIGN_LEFT);
            l->used_state |= 2;
        }
        if (tp->url) {
            jmap_scene_item *lk =
                jmap_scene_add(l->s, JMAP_SI_LINK, JMAP_LAYER_NONE, JMAP_LANE_TOUCHPOINTS, "link");
            lk->x = x;
            lk->y = y;
            lk->w = w;
            lk->h = force_h;
            lk->path = jmap_scene_strdup(l->s, tp->url);
        }
        jmap_icon ic = tp->channel ? tp->channel->icon : JMAP_ICON_OTHER;
        if (tp->channel)
            l->used_channel[ic] = true;
        icon_at(l, JMAP_SI_ICON, JMAP_LANE_TOUCHPOINTS, "tp-icon", ic, stacked ? x + 6 : x + 8,
                y + 8, 12, l->ink);
        jmap_scene_item *name = text_at(l, JMAP_LANE_TOUCHPOINTS, "tp-name", tx(l, tp->name),
                                        &F_BOLD, nx, ny, tw,
                                        state == JMAP_STATE_RETIRED ? l->muted : l->ink,
                                        JMAP_ALIGN_LEFT);
        if (state == JMAP_STATE_RETIRED) {
            /* struck through: a rule over each line of the name */
            double line_h = measure(l, "Ag", &F_BOLD, 0).h;
            double nx0 = name->x, nx1 = name->x + name->w, ny0 = name->y;
            int lines = (int)fmax(1, floor(name->h / line_h + 0.5));
            for (int k = 0; k < lines && k < 20; k++) {
                double sy = ny0 + line_h * (k + 0.55);
                line_at(l, JMAP_LANE_TOUCHPOINTS, "tp-retired", nx0 - 2, sy, nx1 + 2, sy, l->ink,
                        1.25);
            }
        }
        own_none(l);
    }
    return h;
}

static double lane_text(L *l, jmap_lane lane, double y)
{
    double h = 0;
    for (size_t c = 0; c < l->n_cols; c++) {
        const jmap_touchpoint *tp = l->cols[c].tp;
        if (!tp)
            continue;
        double x = col_inner_x(&l->cols[c]), w = col_inner_w(&l->cols[c]);
        double cy = y;
        own(l, tp, NULL, -1);
        if (lane == JMAP_LANE_DOING && !blank(tp->doing)) {
            cy += text_at(l, lane, "doing", tx(l, tp->doing), &F_BODY, x, cy, w, l->ink,
                          JMAP_ALIGN_LEFT)->h;
        } else if (lane == JMAP_LANE_THINKING) {
            if (!blank(tp->thinking))
                cy += text_at(l, lane, "thinking", quoted(l, tp->thinking), &F_ITAL, x, cy, w,
                              l->ink, JMAP_ALIGN_LEFT)->h + 6;
            if (!blank(tp->quote))
                cy += text_at(l, lane, "quote",
                              jmap_arena_printf(l->s->arena, "\u2014 %s", quoted(l, tp->quote)),
                              &F_ITAL, x, cy, w, l->muted, JMAP_ALIGN_LEFT)->h + 6;
            if (cy > y)
                cy -= 6;
        } else if (lane == JMAP_LANE_OWNERS && !blank(tp->owner)) {
            cy += text_at(l, lane, "owner", tx(l, tp->owner), &F_BODY, x, cy, w, l->muted,
                          JMAP_ALIGN_LEFT)->h;
        }
        own_none(l);
        h = fmax(h, cy - y);
    }
    return h;
}

static double lane_storyboard(L *l, double y)
{
    double h = 0;
    for (size_t c = 0; c < l->n_cols; c++) {
        const jmap_touchpoint *tp = l->cols[c].tp;
        if (!tp || !tp->image.path)
            continue;
        double x = col_inner_x(&l->cols[c]), w = col_inner_w(&l->cols[c]);
        const char *path = jmap_image_file(&tp->image);
        int iw = 4, ih = 3;
        if (!l->m->image(l->m->ctx, path, &iw, &ih) || iw <= 0 || ih <= 0) {
            iw = 4;
            ih = 3;
        }
        double bw = w, bh = w * ih / iw;
        double cap = l->o->fit_w > 0 ? 96 : 120; /* a sheet keeps its pictures smaller */
        if (bh > cap) {
            bh = cap;
            bw = bh * iw / ih;
        }
        own(l, tp, NULL, -1);
        jmap_scene_item *im =
            jmap_scene_add(l->s, JMAP_SI_IMAGE, JMAP_LAYER_CARD, JMAP_LANE_STORYBOARD, "story");
        own_none(l);
        im->x = x + (w - bw) / 2;
        im->y = y;
        im->w = bw;
        im->h = bh;
        im->radius = 4;
        im->stroke = C_RULE;
        im->path = jmap_scene_strdup(l->s, path);
        im->span = tp->image.span;
        h = fmax(h, bh);
    }
    return h;
}

static const jmap_font *chip_font(void)
{
    return &F_BOLD;
}

/* A card from y to bottom: its box and its coloured bar (the item after
 * it) get that height, rounded up to the grid; returns it. */
static double card_height(L *l, size_t card_idx, double y, double bottom)
{
    double h = snap(bottom - y);
    jmap_scene_item_at(l->s, card_idx)->h = h;
    jmap_scene_item_at(l->s, card_idx + 1)->h = h;
    return h;
}

/* A pain's severity badge at x, y. */
static void pain_chip(L *l, jmap_level sev, double x, double y, double w, double h)
{
    uint32_t chip_fill = sev == JMAP_LEVEL_HIGH ? l->neg : sev == JMAP_LEVEL_MEDIUM ? l->att : C_RULE;
    uint32_t chip_ink = sev == JMAP_LEVEL_HIGH ? 0xFFFFFF : l->ink;
    rect_at(l, JMAP_LAYER_NONE, JMAP_LANE_PAINS, "severity-chip", x, y, w, h, h / 2, chip_fill,
            JMAP_NO_COLOR);
    text_at(l, JMAP_LANE_PAINS, "severity", l->t->level[sev], chip_font(), x + 5, y + 1, 0,
            chip_ink, JMAP_ALIGN_LEFT);
}

/* A pain card; returns its height. */
static double pain_card(L *l, const jmap_pain *p, double x, double y, double w)
{
    double tx0 = x + 12, tw = w - 20;
    rect_at(l, JMAP_LAYER_CARD, JMAP_LANE_PAINS, "pain-card", x, y, w, 0, 4,
            mix(l->neg, 0xFFFFFF, 0.9), mix(l->neg, 0xFFFFFF, 0.7));
    size_t card_idx = jmap_scene_count(l->s) - 1;
    rect_at(l, JMAP_LAYER_NONE, JMAP_LANE_PAINS, "pain-bar", x, y, 3, 0, 1.5, l->neg,
            JMAP_NO_COLOR);
    double cy = y + 8;
    jmap_level sev = p->severity == JMAP_LEVEL_NONE ? JMAP_LEVEL_MEDIUM : p->severity;
    l->used_sev[sev] = true;
    const char *lab = l->t->level[sev];
    jmap_text_size ts = measure(l, lab, chip_font(), 0);
    double chw = ts.w + 10, chh = ts.h + 2;
    if (l->o->summary && tw - chw - 6 > 40) {
        /* a summary's card: the badge beside the text's first line */
        tw -= chw + 6;
        double th = text_at(l, JMAP_LANE_PAINS, "pain-text", tx(l, p->text), &F_BODY, tx0, cy, tw,
                            l->ink, JMAP_ALIGN_LEFT)->h;
        pain_chip(l, sev, x + w - 8 - chw, cy, chw, chh);
        return card_height(l, card_idx, y, cy + fmax(th, chh) + 8);
    }
    jmap_scene_item *t = text_at(l, JMAP_LANE_PAINS, "pain-text", tx(l, p->text), &F_BODY, tx0,
                                 cy, tw, l->ink, JMAP_ALIGN_LEFT);
    /* a one-line pain without evidence keeps its badge on its line */
    bool inline_chip = (blank(p->evidence) || l->o->summary) && t->h < F_BODY.size * 2 &&
                       t->x + t->w + 8 <= x + w - 8 - chw;
    double text_h = t->h;
    if (inline_chip) {
        double line_h = fmax(text_h, chh);
        t->y = cy + (line_h - text_h) / 2;
        cy += (line_h - chh) / 2;
    } else {
        cy += text_h;
    }
    if (!blank(p->evidence) && !l->o->summary) {
        cy += 3;
        cy += text_at(l, JMAP_LANE_PAINS, "pain-evidence", tx(l, p->evidence), &F_ITAL, tx0, cy,
                      tw, l->muted, JMAP_ALIGN_LEFT)->h;
    }
    if (!inline_chip)
        cy += 4;
    pain_chip(l, sev, x + w - 8 - chw, cy, chw, chh);
    return card_height(l, card_idx, y, cy + chh + 8);
}

static double opp_card(L *l, const jmap_opportunity *o, double x, double y, double w)
{
    double tx0 = x + 12, tw = w - 20;
    rect_at(l, JMAP_LAYER_CARD, JMAP_LANE_OPPORTUNITIES, "opp-card", x, y, w, 0, 4,
            mix(l->pos, 0xFFFFFF, 0.9), mix(l->pos, 0xFFFFFF, 0.65));
    size_t card_idx = jmap_scene_count(l->s) - 1;
    rect_at(l, JMAP_LAYER_NONE, JMAP_LANE_OPPORTUNITIES, "opp-bar", x, y, 3, 0, 1.5, l->pos,
            JMAP_NO_COLOR);
    double cy = y + 8;
    cy += text_at(l, JMAP_LANE_OPPORTUNITIES, "opp-text", tx(l, o->text), &F_BODY, tx0, cy, tw,
                  l->ink, JMAP_ALIGN_LEFT)->h;
    GString *g = g_string_new(NULL);
    if (o->impact != JMAP_LEVEL_NONE)
        g_string_append_printf(g, "%s\u00A0%s", l->t->impact,
                               l->t->level_lc[o->impact]);
    if (o->effort != JMAP_LEVEL_NONE)
        g_string_append_printf(g, "%s%s\u00A0%s", g->len ? " · " : "", l->t->effort,
                               l->t->level_lc[o->effort]);
    if (g->len) {
        cy += 5;
        cy += text_at(l, JMAP_LANE_OPPORTUNITIES, "opp-chips", g->str, &F_BOLD, tx0, cy, tw,
                      jmap_lay_readable(text_tone(l->pos), mix(l->pos, 0xFFFFFF, 0.9)),
                      JMAP_ALIGN_LEFT)->h;
    }
    g_string_truncate(g, 0);
    if (l->o->summary) {
        /* a summary (a slide) keeps what to do and its weight */
        g_string_free(g, TRUE);
        return card_height(l, card_idx, y, cy + 8);
    }
    if (!blank(o->owner))
        g_string_append(g, tx(l, o->owner));
    g_string_append_printf(g, "%s%s", g->len ? " · " : "", l->t->status[o->status]);
    if (!blank(o->kpi))
        g_string_append_printf(g, " · %s%s%s", l->t->kpi, kv_sep(l), tx(l, o->kpi));
    cy += 2;
    const char *meta = l->fr ? jmap_layout_french_spacing(l->s, g->str)
                             : jmap_scene_strdup(l->s, g->str);
    cy += text_at(l, JMAP_LANE_OPPORTUNITIES, "opp-meta", meta, &F_BODY, tx0, cy, tw, l->muted,
                  JMAP_ALIGN_LEFT)->h;
    g_string_free(g, TRUE);
    return card_height(l, card_idx, y, cy + 8);
}

static double lane_cards(L *l, jmap_lane lane, double y)
{
    const jmap_journey *j = l->j;
    double h = 0;
    bool pains = lane == JMAP_LANE_PAINS;
    double gap = l->o->fit_w > 0 ? 5 : 8; /* between stacked cards */
    for (size_t si = 0; si < j->n_stages; si++) {
        const stage_geom *g = &l->sg[si];
        const jmap_stage *st = j->stages[si];
        double bottom = y;
        for (size_t k = 0; k < g->n; k++) {
            const col *c = &l->cols[g->first + k];
            if (!c->tp)
                continue;
            double cy = y;
            size_t n = pains ? c->tp->n_pains : c->tp->n_opportunities;
            own(l, c->tp, NULL, -1);
            for (size_t i = 0; i < n; i++) {
                double ch = pains ? pain_card(l, c->tp->pains[i], col_inner_x(c), cy, col_inner_w(c))
                                  : opp_card(l, c->tp->opportunities[i], col_inner_x(c), cy,
                                             col_inner_w(c));
                cy += ch + gap;
            }
            own_none(l);
            if (cy > y)
                bottom = fmax(bottom, cy);
        }
        size_t n = pains ? st->n_pains : st->n_opportunities;
        double cy = bottom;
        double x = g->x + CELL_INSET, w = g->w - 2 * CELL_INSET;
        own(l, NULL, st, -1);
        for (size_t i = 0; i < n; i++) {
            double ch = pains ? pain_card(l, st->pains[i], x, cy, w)
                              : opp_card(l, st->opportunities[i], x, cy, w);
            cy += ch + gap;
        }
        own_none(l);
        if (cy > y)
            h = fmax(h, cy - gap - y);
    }
    return h;
}

/* Whether a touchpoint of the map is on the channel. */
static bool channel_used(const L *l, const jmap_channel *ch)
{
    for (size_t c = 0; c < l->n_cols; c++)
        if (l->cols[c].tp && l->cols[c].tp->channel == ch)
            return true;
    return false;
}

static double lane_channels(L *l, double y)
{
    const jmap_journey *j = l->j;
    double row = l->o->fit_w > 0 ? 13 : 16; /* a sheet keeps its rows tighter */
    double cy = y + measure(l, l->t->lane[JMAP_LANE_CHANNELS], &F_BOLD, 0).h + 6;
    double bottom = y; /* of the names and dots: the lane ends there */
    for (size_t ci = 0; ci < j->n_channels; ci++) {
        const jmap_channel *ch = j->channels[ci];
        if (!channel_used(l, ch))
            continue;
        l->used_channel[ch->icon] = true;
        icon_at(l, JMAP_SI_ICON, JMAP_LANE_CHANNELS, "channel-icon", ch->icon, l->gx0 + 16,
                cy + (row - 10) / 2, 10, l->muted);
        double nx = l->gx0 + 32;
        const char *name = channel_label(l, ch);
        jmap_text_size ts = measure(l, name, &F_BODY, l->sx0 - nx - 8);
        text_at(l, JMAP_LANE_CHANNELS, "channel-name", name, &F_BODY, nx,
                cy + fmax(0, (row - ts.h) / 2), l->sx0 - nx - 8, l->muted, JMAP_ALIGN_LEFT);
        double rh = fmax(row, ts.h);
        bottom = fmax(bottom, fmax(cy + fmax(0, (row - ts.h) / 2) + ts.h, cy + rh / 2 + 3.5));
        for (size_t si = 0; si < j->n_stages; si++) {
            bool present = false;
            const stage_geom *g = &l->sg[si];
            for (size_t k = 0; k < g->n; k++)
                if (l->cols[g->first + k].tp && l->cols[g->first + k].tp->channel == ch)
                    present = true;
            own(l, NULL, j->stages[si], -1);
            jmap_scene_item *m = jmap_scene_add(l->s, JMAP_SI_MARKER, JMAP_LAYER_MARK,
                                                JMAP_LANE_CHANNELS, "channel-dot");
            own_none(l);
            m->shape = JMAP_MARK_CIRCLE;
            m->w = m->h = 7;
            m->x = g->x + g->w / 2 - 3.5;
            m->y = cy + rh / 2 - 3.5;
            m->fill = present ? l->primary : 0xFFFFFF;
            m->stroke = present ? l->primary : mix(l->muted, 0xFFFFFF, 0.4);
            m->hollow = !present;
            m->line_width = 1;
        }
        cy += rh;
    }
    return bottom - y;
}

/* The trend of a KPI's dated values: a small line, oldest on the left,
 * the values spread over the box's height (a flat line when they are all
 * equal), evenly spaced whatever the dates, the latest marked by a dot. */
#define SPARK_W 56.0
#define SPARK_H 14.0

static void kpi_spark(L *l, const jmap_kpi *kp, double x, double y, double w, double h,
                      uint32_t color)
{
    size_t n = kp->n_series;
    double lo = kp->series[0].value, hi = lo;
    for (size_t i = 1; i < n; i++) {
        lo = fmin(lo, kp->series[i].value);
        hi = fmax(hi, kp->series[i].value);
    }
    const double r = 1.75; /* the dot's radius: it stays inside the box */
    double x0 = x + r, x1 = x + w - r, y0 = y + r, y1 = y + h - r;
    jmap_scene_item *it = jmap_scene_add(l->s, JMAP_SI_PATH, JMAP_LAYER_NONE, JMAP_LANE_KPIS,
                                         "kpi-spark");
    it->n_pts = 1 + 3 * (n - 1);
    it->pts = jmap_arena_alloc(l->s->arena, sizeof(double) * 2 * it->n_pts);
    double px = 0, py = 0, miny = y1, maxy = y0;
    for (size_t i = 0; i < n; i++) {
        double qx = x0 + (x1 - x0) * (double)i / (double)(n - 1);
        double qy = hi > lo ? y1 - (y1 - y0) * (kp->series[i].value - lo) / (hi - lo)
                            : (y0 + y1) / 2;
        miny = fmin(miny, qy);
        maxy = fmax(maxy, qy);
        if (i == 0) {
            it->pts[0] = qx;
            it->pts[1] = qy;
        } else {
            /* a straight segment as a cubic: controls on the line */
            double *q = it->pts + 2 + 6 * (i - 1);
            q[0] = px + (qx - px) / 3;
            q[1] = py + (qy - py) / 3;
            q[2] = px + 2 * (qx - px) / 3;
            q[3] = py + 2 * (qy - py) / 3;
            q[4] = qx;
            q[5] = qy;
        }
        px = qx;
        py = qy;
    }
    it->x = x0;
    it->y = miny;
    it->w = x1 - x0;
    it->h = maxy - miny;
    it->stroke = color;
    it->line_width = 1.25;
    rect_at(l, JMAP_LAYER_NONE, JMAP_LANE_KPIS, "kpi-spark-end", px - r, py - r, 2 * r, 2 * r, r,
            color, JMAP_NO_COLOR);
}

static double lane_kpis(L *l, double y)
{
    const jmap_journey *j = l->j;
    double h = 0;
    for (size_t si = 0; si < j->n_stages; si++) {
        const jmap_stage *st = j->stages[si];
        const stage_geom *g = &l->sg[si];
        double x = g->x + 10, w = g->w - 20;
        double cy = y;
        own(l, NULL, st, -1);
        for (size_t k = 0; k < st->n_kpis; k++) {
            const jmap_kpi *kp = &st->kpis[k];
            const char *val = NULL;
            if (kp->value.present && kp->target.present)
                val = jmap_arena_printf(l->s->arena, "%s / %s",
                                        kpi_value_text(l, &kp->value, kp->unit),
                                        kpi_value_text(l, &kp->target, kp->unit));
            else if (kp->value.present)
                val = kpi_value_text(l, &kp->value, kp->unit);
            else if (kp->target.present)
                val = jmap_arena_printf(l->s->arena, "\u2192 %s",
                                        kpi_value_text(l, &kp->target, kp->unit));
            double vw = val ? fmin(measure(l, val, &F_BOLD, 0).w, w * 0.5) : 0;
            double nw = w - vw - (val ? 8 : 0);
            jmap_scene_item *nm = text_at(l, JMAP_LANE_KPIS, "kpi-name", tx(l, kp->name), &F_BOLD,
                                          x, cy, nw, l->ink, JMAP_ALIGN_LEFT);
            double rh = nm->h;
            if (val) {
                jmap_scene_item *vt = text_at(l, JMAP_LANE_KPIS, "kpi-value", val, &F_BOLD,
                                              x + w - vw, cy, vw, l->ink, JMAP_ALIGN_RIGHT);
                rh = fmax(rh, vt->h);
            }
            cy += rh;
            bool bar = kp->value.present && kp->value.is_number && kp->target.present &&
                       kp->target.is_number;
            bool spark = kp->n_series >= 2;
            if (bar || spark) {
                cy += 4; /* the progress bar (and the trend) under the figures */
                /* the trend takes the right end of the bar's row */
                double sw = spark ? fmin(SPARK_W, w * 0.35) : 0;
                double rowh = spark ? SPARK_H : 4;
                double bw = spark ? w - sw - 8 : w;
                double by = cy + (rowh - 4) / 2;
                uint32_t colr = l->ink;
                if (bar) {
                    double v = kp->value.number, t = kp->target.number;
                    double frac;
                    bool meets;
                    if (kp->better == JMAP_BETTER_LOWER) {
                        meets = v <= t;
                        frac = v > 0 ? t / v : 1;
                    } else {
                        meets = v >= t;
                        frac = t != 0 ? v / t : (v >= t ? 1 : 0);
                    }
                    frac = clampd(frac, 0, 1);
                    colr = meets ? l->pos : frac >= 0.75 ? l->att : l->neg;
                    rect_at(l, JMAP_LAYER_NONE, JMAP_LANE_KPIS, "kpi-track", x, by, bw, 4, 2,
                            C_FAINT, JMAP_NO_COLOR);
                    if (frac > 0)
                        rect_at(l, JMAP_LAYER_NONE, JMAP_LANE_KPIS, "kpi-bar", x, by,
                                fmax(4, bw * frac), 4, 2, colr, JMAP_NO_COLOR);
                }
                if (spark)
                    kpi_spark(l, kp, x + w - sw, cy, sw, rowh, colr);
                cy += rowh;
            }
            cy += 10;
        }
        own_none(l);
        if (cy > y)
            h = fmax(h, cy - 10 - y);
    }
    return h;
}

/* ------------------------------------------------------ the emotion curve */

typedef struct pt {
    double x, y, v;
    double r; /* the marker's radius */
    size_t col, persona;
    const jmap_score *sc;
    bool mot;
} pt;

void jmap_layout_monotone_tangents(const double *xs, const double *ys, size_t n, double *m)
{
    if (n == 0)
        return;
    if (n == 1) {
        m[0] = 0;
        return;
    }
    double *d = g_new(double, n - 1);
    for (size_t k = 0; k + 1 < n; k++)
        d[k] = (ys[k + 1] - ys[k]) / (xs[k + 1] - xs[k]);
    m[0] = d[0];
    m[n - 1] = d[n - 2];
    for (size_t k = 1; k + 1 < n; k++)
        m[k] = (d[k - 1] * d[k] <= 0) ? 0 : (d[k - 1] + d[k]) / 2;
    for (size_t k = 0; k + 1 < n; k++) {
        if (d[k] == 0) {
            m[k] = m[k + 1] = 0;
            continue;
        }
        double a = m[k] / d[k], b = m[k + 1] / d[k];
        /* an end tangent pointing against the slope would overshoot */
        if (a < 0) {
            m[k] = 0;
            a = 0;
        }
        if (b < 0) {
            m[k + 1] = 0;
            b = 0;
        }
        double s = a * a + b * b;
        if (s > 9) {
            double tau = 3 / sqrt(s);
            m[k] = tau * a * d[k];
            m[k + 1] = tau * b * d[k];
        }
    }
    g_free(d);
}

/* A persona's dash pattern (scene.h): by its place in the file, so that it
 * keeps its pattern on every page of a batch. */
static int persona_dash(size_t p)
{
    return p == 0 ? 0 : 1 + (int)((p - 1) % (JMAP_DASH_COUNT - 1));
}

/* PATH items through n >= 2 points with monotone cubic interpolation, cut
 * where the points enter a new stage (each piece ends on a point, under its
 * marker): a page of a map too wide for one sheet draws only its pieces. */
static void curve_path(L *l, const pt *p, size_t n, uint32_t color, double width, int dash,
                       bool dashed, const char *role)
{
    double *xs = g_new(double, n), *ys = g_new(double, n), *m = g_new(double, n);
    for (size_t k = 0; k < n; k++) {
        xs[k] = p[k].x;
        ys[k] = p[k].y;
    }
    jmap_layout_monotone_tangents(xs, ys, n, m);
    size_t k0 = 0;
    for (size_t k1 = 1; k1 < n; k1++) {
        if (k1 + 1 < n && l->cols[p[k1].col].stage == l->cols[p[k1 - 1].col].stage)
            continue;
        jmap_scene_item *it = jmap_scene_add(l->s, JMAP_SI_PATH, JMAP_LAYER_NONE,
                                             JMAP_LANE_EMOTIONS, role);
        it->n_pts = 1 + 3 * (k1 - k0);
        it->pts = jmap_arena_alloc(l->s->arena, sizeof(double) * 2 * it->n_pts);
        it->pts[0] = xs[k0];
        it->pts[1] = ys[k0];
        double minx = xs[k0], maxx = xs[k0], miny = ys[k0], maxy = ys[k0];
        for (size_t k = k0; k < k1; k++) {
            double h = xs[k + 1] - xs[k];
            double *q = it->pts + 2 + 6 * (k - k0);
            q[0] = xs[k] + h / 3;
            q[1] = ys[k] + m[k] * h / 3;
            q[2] = xs[k + 1] - h / 3;
            q[3] = ys[k + 1] - m[k + 1] * h / 3;
            q[4] = xs[k + 1];
            q[5] = ys[k + 1];
            minx = fmin(minx, xs[k + 1]);
            maxx = fmax(maxx, xs[k + 1]);
            miny = fmin(miny, fmin(ys[k + 1], fmin(q[1], q[3])));
            maxy = fmax(maxy, fmax(ys[k + 1], fmax(q[1], q[3])));
        }
        it->x = minx;
        it->y = miny;
        it->w = maxx - minx;
        it->h = maxy - miny;
        it->stroke = color;
        it->line_width = width;
        it->dash = dash;
        it->dashed = dashed;
        /* dash phase of a target line: equal targets of two personas stay
         * visible */
        it->shape = dashed ? (int)p[0].persona : 0;
        /* samples for label placement */
        for (size_t k = 0; k < k1 - k0; k++)
            for (int sm = 0; sm < 24; sm++) {
                double sx, sy;
                jmap_scene_path_point(it, (double)k + sm / 24.0, &sx, &sy);
                g_array_append_val(l->samples, sx);
                g_array_append_val(l->samples, sy);
            }
        k0 = k1;
    }
    double ex = xs[n - 1], ey = ys[n - 1];
    g_array_append_val(l->samples, ex);
    g_array_append_val(l->samples, ey);
    g_free(xs);
    g_free(ys);
    g_free(m);
}

static bool rect_overlaps(const rect *a, const rect *b)
{
    return a->x < b->x + b->w && b->x < a->x + a->w && a->y < b->y + b->h && b->y < a->y + a->h;
}

static rect rect_union(const rect *a, const rect *b)
{
    double x0 = fmin(a->x, b->x), y0 = fmin(a->y, b->y);
    double x1 = fmax(a->x + a->w, b->x + b->w), y1 = fmax(a->y + a->h, b->y + b->h);
    rect r = {x0, y0, x1 - x0, y1 - y0};
    return r;
}

#define GRID_W 64.0

static guint grid_col(double x)
{
    /* NaN and negatives in column 0; monotonic, so every overlap shares a column */
    return x >= GRID_W ? (guint)fmin(x / GRID_W, 65535) : 0;
}

static void grid_add(GPtrArray *cols, double x0, double x1, guint index)
{
    guint c1 = grid_col(x1);
    while (cols->len <= c1)
        g_ptr_array_add(cols, g_array_new(FALSE, FALSE, sizeof(guint)));
    for (guint c = grid_col(x0); c <= c1; c++)
        g_array_append_val((GArray *)g_ptr_array_index(cols, c), index);
}

/* Brings the buckets up to date with the obstacles and samples appended
 * since the last call. */
static void grid_sync(L *l)
{
    if (!l->obst_cols) {
        l->obst_cols = g_ptr_array_new_with_free_func((GDestroyNotify)g_array_unref);
        l->sample_cols = g_ptr_array_new_with_free_func((GDestroyNotify)g_array_unref);
    }
    for (; l->obst_done < l->obst->len; l->obst_done++) {
        const rect *o = &g_array_index(l->obst, rect, l->obst_done);
        grid_add(l->obst_cols, o->x, o->x + o->w, l->obst_done);
    }
    for (; l->samples_done + 1 < l->samples->len; l->samples_done += 2) {
        double sx = g_array_index(l->samples, double, l->samples_done);
        grid_add(l->sample_cols, sx, sx, l->samples_done);
    }
}

static void add_obstacle(L *l, double x, double y, double w, double h)
{
    rect ob = {x, y, w, h};
    g_array_append_val(l->obst, ob);
}

/* Whether a label may go at r: inside the stage area, clear of the
 * obstacles and, with `curves`, 2 pt clear of every curve. The lane has no
 * height yet: it is sized to its labels afterwards. */
static bool slot_free(L *l, const rect *r, bool curves)
{
    if (r->x < l->sx0 + 2 || r->x + r->w > l->sx1 - 2)
        return false;
    grid_sync(l);
    for (guint c = grid_col(r->x); c <= grid_col(r->x + r->w) && c < l->obst_cols->len; c++) {
        const GArray *ix = g_ptr_array_index(l->obst_cols, c);
        for (guint k = 0; k < ix->len; k++)
            if (rect_overlaps(r, &g_array_index(l->obst, rect, g_array_index(ix, guint, k))))
                return false;
    }
    if (!curves)
        return true;
    rect e = {r->x - 2, r->y - 2, r->w + 4, r->h + 4};
    for (guint c = grid_col(e.x); c <= grid_col(e.x + e.w) && c < l->sample_cols->len; c++) {
        const GArray *ix = g_ptr_array_index(l->sample_cols, c);
        for (guint k = 0; k < ix->len; k++) {
            guint i = g_array_index(ix, guint, k);
            double sx = g_array_index(l->samples, double, i),
                   sy = g_array_index(l->samples, double, i + 1);
            if (sx >= e.x && sx <= e.x + e.w && sy >= e.y && sy <= e.y + e.h)
                return false;
        }
    }
    return true;
}

/* Where a label went against its anchor: it decides the alignment of its
 * lines (centred under or over the point, flush towards it beside). */
typedef enum { SIDE_CENTER, SIDE_RIGHT, SIDE_LEFT } side;

/* A free w x h box near the anchor a: below, above, right, left, the four
 * corners, each ring a little further away; then anywhere in a band around
 * the point. */
static side place_box(L *l, const rect *a, double w, double h, rect *out)
{
    double cx = a->x + a->w / 2, cy = a->y + a->h / 2;
    for (int ring = 0; ring < 16; ring++) {
        double d = ring * 5;
        const rect cand[8] = {
            {cx - w / 2, a->y + a->h + 3 + d, w, h},
            {cx - w / 2, a->y - 3 - h - d, w, h},
            {a->x + a->w + 4 + d, cy - h / 2, w, h},
            {a->x - 4 - w - d, cy - h / 2, w, h},
            {a->x + a->w + 1 + d, a->y + a->h + 1 + d, w, h},
            {a->x - 1 - w - d, a->y + a->h + 1 + d, w, h},
            {a->x + a->w + 1 + d, a->y - 1 - h - d, w, h},
            {a->x - 1 - w - d, a->y - 1 - h - d, w, h},
        };
        static const side sides[8] = {SIDE_CENTER, SIDE_CENTER, SIDE_RIGHT, SIDE_LEFT,
                                      SIDE_RIGHT,  SIDE_LEFT,   SIDE_RIGHT, SIDE_LEFT};
        for (int k = 0; k < 8; k++)
            if (slot_free(l, &cand[k], true)) {
                *out = cand[k];
                return sides[k];
            }
    }
    for (double dy = 80; dy < 400; dy += 8)
        for (double dx = 0; dx < 240; dx += 8)
            for (int sx = -1; sx <= 1; sx += 2)
                for (int sy = -1; sy <= 1; sy += 2) {
                    rect c = {cx - w / 2 + sx * dx, sy > 0 ? a->y + a->h + dy : a->y - dy - h,
                              w, h};
                    if (slot_free(l, &c, true)) {
                        *out = c;
                        return SIDE_CENTER;
                    }
                }
    rect c = {clampd(cx - w / 2, l->sx0 + 2, l->sx1 - 2 - w), a->y + a->h + 400, w, h};
    *out = c;
    return SIDE_CENTER;
}

#define STAR_MARK 8.0  /* the star that leads a moment-of-truth label */
#define STAR_LEAD 11.0 /* its width and the gap after it */

/* One line of a point's label block. */
typedef struct bline {
    const char *text, *role;
    const jmap_font *f;
    uint32_t color;
    bool star;
    jmap_text_size ts;
    int persona; /* the persona the line names, -1: the touchpoint's */
} bline;

/*
 * The label block of one point (one touchpoint's column): the moment of
 * truth, the feeling, the lowest points of the personas whose curve bottoms
 * out here, one line under the other, placed as one box near the points it
 * names. A box of the background colour under it keeps the scale's rules
 * out of the text.
 */
static void label_block(L *l, bline *ln, size_t n, const rect *anchor, double wrap)
{
    if (l->o->overview)
        return; /* the overview shows the curves' shapes, the pages their words */
    double w = 0, h = 0;
    for (size_t i = 0; i < n; i++) {
        double lw = ln[i].star && wrap > 0 ? fmax(wrap - STAR_LEAD, 4 * U) : wrap;
        ln[i].ts = measure(l, ln[i].text, ln[i].f, lw);
        w = fmax(w, ln[i].ts.w + (ln[i].star ? STAR_LEAD : 0));
        h += ln[i].ts.h + (i ? 1 : 0);
    }
    /* the box is placed with the white margin round it */
    rect b;
    side sd = place_box(l, anchor, w + 2, h, &b);
    b.x += 1;
    b.w -= 2;
    size_t bg = jmap_scene_count(l->s);
    jmap_lay_rect(l->s, JMAP_LAYER_NONE, JMAP_LANE_EMOTIONS, "label-block", b.x - 1, b.y, b.w + 2,
                  b.h, 2, l->bg, JMAP_NO_COLOR);
    rect got = b;
    double y = b.y;
    for (size_t i = 0; i < n; i++) {
        double lead = ln[i].star ? STAR_LEAD : 0;
        double lw = ln[i].ts.w + lead;
        double x = sd == SIDE_CENTER ? b.x + (b.w - lw) / 2 : sd == SIDE_LEFT ? b.x + b.w - lw : b.x;
        /* one line is set unwrapped: a right-to-left line would otherwise
         * be drawn at the right of its wrap width, off its box */
        double tw = ln[i].ts.lines <= 1 ? 0
                    : ln[i].star && wrap > 0 ? fmax(wrap - STAR_LEAD, 4 * U)
                                             : wrap;
        l->s->own_persona = ln[i].persona;
        jmap_scene_item *it = text_at(l, JMAP_LANE_EMOTIONS, ln[i].role, ln[i].text, ln[i].f,
                                      x + lead, y, tw, ln[i].color, JMAP_ALIGN_LEFT);
        l->s->own_persona = -1;
        rect r = {it->x - lead, it->y, it->w + lead, it->h};
        got = rect_union(&got, &r);
        if (ln[i].star) {
            double line_h = ln[i].ts.h / (ln[i].ts.lines > 0 ? ln[i].ts.lines : 1);
            jmap_scene_item *m = jmap_scene_add(l->s, JMAP_SI_MARKER, JMAP_LAYER_NONE,
                                                JMAP_LANE_EMOTIONS, "mot-mark");
            m->shape = JMAP_MARK_STAR;
            m->x = x;
            m->y = y + (line_h - STAR_MARK) / 2;
            m->w = m->h = STAR_MARK;
            m->fill = ln[i].color;
            m->stroke = ln[i].color;
        }
        y += ln[i].ts.h + 1;
    }
    jmap_scene_item *bx = jmap_scene_item_at(l->s, bg);
    bx->x = got.x - 1;
    bx->y = got.y;
    bx->w = got.w + 2;
    bx->h = got.h;
    add_obstacle(l, got.x - 1, got.y, got.w + 2, got.h);
}

/* A small label fixed to its point ("n = 12" under a survey point): right
 * under or over the point's marker and spread bar, or beside them; it never
 * wanders off. */
static void attach_label(L *l, const char *role, const char *text, const rect *a, double py,
                         uint32_t color)
{
    jmap_text_size ts = measure(l, text, &F_BODY, 0);
    double w = ts.w, h = ts.h, cx = a->x + a->w / 2;
    const rect cand[6] = {
        {cx - w / 2, a->y + a->h + 1, w, h},
        {cx - w / 2, a->y - 1 - h, w, h},
        {a->x + a->w + 2, py - h / 2, w, h},
        {a->x - 2 - w, py - h / 2, w, h},
        {a->x + a->w + 1, a->y + a->h + 1, w, h},
        {a->x - 1 - w, a->y + a->h + 1, w, h},
    };
    /* clear of the curves if possible, else only of the other labels */
    rect best = cand[0];
    bool found = false;
    for (int pass = 0; pass < 2 && !found; pass++)
        for (int k = 0; k < 6 && !found; k++)
            if (slot_free(l, &cand[k], pass == 0)) {
                best = cand[k];
                found = true;
            }
    best.x = clampd(best.x, l->sx0 + 2, l->sx1 - 2 - w);
    text_at(l, JMAP_LANE_EMOTIONS, role, text, &F_BODY, best.x, best.y, 0, color,
            JMAP_ALIGN_LEFT);
    add_obstacle(l, best.x - 1, best.y, best.w + 2, best.h);
}

/* Whether a text holds a right-to-left letter (Hebrew, Arabic and the
 * scripts near them). */
static bool has_rtl(const char *t)
{
    for (const char *q = t; *q; q = g_utf8_next_char(q)) {
        gunichar c = g_utf8_get_char(q);
        if ((c >= 0x0590 && c <= 0x08FF) || (c >= 0xFB1D && c <= 0xFDFF) ||
            (c >= 0xFE70 && c <= 0xFEFF))
            return true;
    }
    return false;
}

/* A persona's name in a map's labels: the first word when no other shown
 * persona's name starts with it, else the whole name. */
static const char *short_name(L *l, size_t p)
{
    const jmap_journey *j = l->j;
    const char *name = j->personas[p]->name;
    const char *sp = strchr(name, ' ');
    if (!sp)
        return tx(l, name);
    size_t n = (size_t)(sp - name);
    for (size_t o = 0; o < j->n_personas; o++)
        if (o != p && l->pvis[o] && j->personas[o]->name &&
            strncmp(j->personas[o]->name, name, n) == 0 &&
            (j->personas[o]->name[n] == ' ' || j->personas[o]->name[n] == 0))
            return tx(l, name);
    return tx(l, jmap_arena_printf(l->s->arena, "%.*s", (int)n, name));
}

/* The persona's name at the end of its line (right of its last point, or
 * left of its first), in its colour, so that no one needs the legend.
 * Returns the column of the point it went beside. */
static size_t end_label(L *l, size_t p, const pt *first, const pt *last)
{
    const char *name = tx(l, l->j->personas[p]->name);
    uint32_t color = jmap_lay_readable(l->j->personas[p]->curve_color, l->bg);
    rect lr = {last->x - last->r - 1, last->y - last->r - 1, 2 * last->r + 2, 2 * last->r + 2};
    rect fr = {first->x - first->r - 1, first->y - first->r - 1, 2 * first->r + 2,
               2 * first->r + 2};
    for (int lines = 1; lines <= 2; lines++) {
        double wrap = lines == 1 ? 0 : fmax(longest_word(l->m, name, &F_BOLD), 6 * U);
        jmap_text_size ts = measure(l, name, &F_BOLD, wrap);
        if (lines == 2 && ts.lines < 2)
            break;
        double w = ts.w, h = ts.h;
        const rect cand[8] = {
            {lr.x + lr.w + 3, last->y - h / 2, w, h},
            {fr.x - 3 - w, first->y - h / 2, w, h},
            {last->x - w, lr.y - 2 - h, w, h},
            {last->x - w, lr.y + lr.h + 2, w, h},
            {last->x - w / 2, lr.y - 2 - h, w, h},
            {last->x - w / 2, lr.y + lr.h + 2, w, h},
            {first->x, fr.y - 2 - h, w, h},
            {first->x, fr.y + fr.h + 2, w, h},
        };
        static const jmap_align al[8] = {JMAP_ALIGN_LEFT,  JMAP_ALIGN_RIGHT, JMAP_ALIGN_RIGHT,
                                         JMAP_ALIGN_RIGHT, JMAP_ALIGN_CENTER, JMAP_ALIGN_CENTER,
                                         JMAP_ALIGN_LEFT,  JMAP_ALIGN_LEFT};
        for (int k = 0; k < 8; k++)
            if (slot_free(l, &cand[k], true)) {
                jmap_scene_item *it = text_at(l, JMAP_LANE_EMOTIONS, "persona-end", name, &F_BOLD,
                                              cand[k].x, cand[k].y, wrap > 0 ? w : 0, color,
                                              wrap > 0 ? al[k] : JMAP_ALIGN_LEFT);
                add_obstacle(l, it->x - 1, it->y, it->w + 2, it->h);
                return k == 1 || k >= 6 ? first->col : last->col;
            }
    }
    jmap_text_size ts = measure(l, name, &F_BOLD, 0);
    rect b;
    (void)place_box(l, &lr, ts.w, ts.h, &b);
    jmap_scene_item *it = text_at(l, JMAP_LANE_EMOTIONS, "persona-end", name, &F_BOLD, b.x, b.y,
                                  0, color, JMAP_ALIGN_LEFT);
    add_obstacle(l, it->x - 1, it->y, it->w + 2, it->h);
    return last->col;
}

/* Moves the items from `first` on by dy. */
static void shift_items(L *l, size_t first, double dy)
{
    for (size_t i = first; i < jmap_scene_count(l->s); i++) {
        jmap_scene_item *it = jmap_scene_item_at(l->s, i);
        it->y += dy;
        if (it->kind == JMAP_SI_LINE)
            it->y2 += dy;
        for (size_t k = 0; k < it->n_pts; k++)
            it->pts[2 * k + 1] += dy;
    }
}

/* The vertical extent of the items from `first` on. */
static void items_extent(L *l, size_t first, double *y0, double *y1)
{
    for (size_t i = first; i < jmap_scene_count(l->s); i++) {
        const jmap_scene_item *it = jmap_scene_item_at(l->s, i);
        double a = it->y, b = it->y + it->h;
        if (it->kind == JMAP_SI_LINE) {
            a = fmin(it->y, it->y2);
            b = fmax(it->y, it->y2);
        }
        *y0 = fmin(*y0, a);
        *y1 = fmax(*y1, b);
    }
}

/* An empty stage in the emotion lane: a tinted, hatched column from y0 to
 * y1 (nobody's curve crosses it), under the label laid before. */
static void gap_column(L *l, const col *c, double y0, double y1, size_t under)
{
    jmap_scene_item *g =
        jmap_lay_rect(l->s, JMAP_LAYER_NONE, JMAP_LANE_EMOTIONS, "gap", c->x + 4, y0, c->w - 8,
                      y1 - y0, 3, mix(l->muted, l->bg, 0.94), mix(l->muted, l->bg, 0.8));
    g->hatched = true;
    jmap_scene_move_last(l->s, under);
}

/* The label of an empty stage's gap, in the middle of the scale, on a patch
 * of the gap's tint that hides the hatching under it. */
static void gap_label(L *l, const col *c, double y)
{
    uint32_t tint = mix(l->muted, l->bg, 0.94);
    double wrap = c->w - 24;
    jmap_text_size ts = measure(l, l->t->no_touchpoint, &F_ITAL, wrap);
    double ty = y - ts.h / 2;
    jmap_lay_rect(l->s, JMAP_LAYER_NONE, JMAP_LANE_EMOTIONS, "gap-label-bg",
                  c->x + (c->w - ts.w) / 2 - 3, ty - 1, ts.w + 6, ts.h + 2, 2, tint,
                  JMAP_NO_COLOR);
    text_at(l, JMAP_LANE_EMOTIONS, "gap-label", l->t->no_touchpoint, &F_ITAL, c->x + 12, ty, wrap,
            jmap_lay_readable(l->muted, tint), JMAP_ALIGN_CENTER);
}

/* A persona's colour for its future state: a lighter tone. */
static uint32_t target_tone(L *l, uint32_t c)
{
    return mix(c, l->bg, 0.2);
}

/* Draws a persona's target where its target points do not make a line:
 * a hollow marker, joined to the persona's point by a thin gap bar. */
static void target_point(L *l, const pt *t, const pt *actual, uint32_t color)
{
    const double r = 3.5;
    if (actual && fabs(actual->y - t->y) < actual->r + r) {
        /* reached: a ring round the point */
        jmap_scene_item *m = jmap_scene_add(l->s, JMAP_SI_MARKER, JMAP_LAYER_NONE,
                                            JMAP_LANE_EMOTIONS, "target-point");
        double rr = actual->r + 2.5;
        m->shape = JMAP_MARK_CIRCLE;
        m->x = actual->x - rr;
        m->y = actual->y - rr;
        m->w = m->h = 2 * rr;
        m->stroke = color;
        m->hollow = true;
        m->line_width = 1.25;
        add_obstacle(l, m->x - 1, m->y - 1, m->w + 2, m->h + 2);
        return;
    }
    double x = t->x;
    if (actual) {
        /* beside a survey point's spread bar, not along it */
        bool spread = actual->sc && actual->sc->n > 0;
        if (spread)
            x += actual->r + 3;
        double dir = t->y < actual->y ? -1 : 1;
        line_at(l, JMAP_LANE_EMOTIONS, "target-gap", x,
                spread ? actual->y : actual->y + dir * (actual->r + 1), x, t->y - dir * r, color,
                1);
        add_obstacle(l, x - 2, fmin(t->y, actual->y), 4, fabs(t->y - actual->y));
    }
    jmap_scene_item *m = jmap_scene_add(l->s, JMAP_SI_MARKER, JMAP_LAYER_NONE, JMAP_LANE_EMOTIONS,
                                        "target-point");
    m->shape = JMAP_MARK_CIRCLE;
    m->x = x - r;
    m->y = t->y - r;
    m->w = m->h = 2 * r;
    m->fill = l->bg;
    m->stroke = color;
    m->hollow = true;
    m->line_width = 1.25;
    add_obstacle(l, m->x - 1, m->y - 1, m->w + 2, m->h + 2);
}

/* Splits a persona's points into runs of neighbouring columns: its line
 * breaks wherever it has no point (a touchpoint it does not meet or gives no
 * score for, an empty stage). Returns the run lengths in order. */
static size_t runs_of(const pt *p, size_t n, size_t *len)
{
    size_t nr = 0;
    for (size_t k = 0; k < n; k++) {
        if (k == 0 || p[k].col != p[k - 1].col + 1)
            len[nr++] = 0;
        len[nr - 1]++;
    }
    return nr;
}

/*
 * Survey waves before the latest (--data T3=... --data T4=...): each
 * persona's curve of each earlier wave, a thin dashed line in its colour at
 * low opacity, moved under the current curves (to drawing position `at`),
 * with the wave's name in small type at its end. A point alone gets a short
 * dash. Laid after everything else of the lane (from item `lane_first` on), so
 * the current wave's marks and labels are where they would be without it:
 * the names keep clear of them, and a label the faint line would cross
 * gets a patch of background under it. Nothing is drawn for a journey with
 * one wave or none.
 */
static void earlier_waves(L *l, double plot_top, double plot_h, size_t at, size_t lane_first)
{
    const jmap_journey *j = l->j;
    if (j->n_waves < 2 || l->o->overview)
        return;
    int steps = j->scale_max - j->scale_min;
    pt *q = g_new0(pt, l->n_cols + 1);
    size_t *runs = g_new0(size_t, l->n_cols + 1);
    size_t labels_end = jmap_scene_count(l->s), moved = 0;
    guint first_sample = l->samples->len;
    for (size_t w = 0; w + 1 < j->n_waves; w++)
        for (size_t p = 0; p < j->n_personas; p++) {
            size_t n = 0;
            for (size_t c = 0; c < l->n_cols && l->pvis[p]; c++) {
                const jmap_touchpoint *tp = l->cols[c].tp;
                const jmap_score *sc = tp && tp->meets[p] ? jmap_wave_score(j, &j->waves[w], tp, p)
                                                          : NULL;
                if (!sc || !sc->set)
                    continue;
                double v = clampd(sc->value, j->scale_min, j->scale_max);
                pt *e = &q[n++];
                memset(e, 0, sizeof *e);
                e->x = l->cols[c].x + l->cols[c].w / 2;
                e->y = plot_top + (j->scale_max - v) / (double)steps * plot_h;
                e->v = v;
                e->col = c;
                e->persona = p;
            }
            if (n == 0)
                continue;
            own(l, NULL, NULL, (int)p);
            uint32_t color = j->personas[p]->curve_color;
            size_t nr = runs_of(q, n, runs);
            for (size_t r = 0, k = 0; r < nr; k += runs[r], r++) {
                size_t first = jmap_scene_count(l->s);
                if (runs[r] > 1) {
                    curve_path(l, q + k, runs[r], color, 1, 0, true, "wave-curve");
                } else {
                    jmap_scene_item *it = jmap_scene_add(l->s, JMAP_SI_PATH, JMAP_LAYER_NONE,
                                                         JMAP_LANE_EMOTIONS, "wave-curve");
                    double x0 = q[k].x - 6, x1 = q[k].x + 6, y0 = q[k].y;
                    it->n_pts = 4;
                    it->pts = jmap_arena_alloc(l->s->arena, sizeof(double) * 8);
                    double pts[8] = {x0, y0, x0 + 4, y0, x1 - 4, y0, x1, y0};
                    memcpy(it->pts, pts, sizeof pts);
                    it->x = x0;
                    it->y = y0;
                    it->w = 12;
                    it->stroke = color;
                    it->line_width = 1;
                    it->dashed = true;
                }
                size_t added = jmap_scene_count(l->s) - first;
                for (size_t i = first; i < first + added; i++)
                    jmap_scene_item_at(l->s, i)->alpha = 0.4;
                for (size_t i = 0; i < added; i++)
                    jmap_scene_move_last(l->s, at);
                moved += added;
            }
            /* the wave's name right of its last point, else left of its
             * first, else over or under them, clear of curves and labels */
            const char *text = tx(l, j->waves[w].label);
            jmap_text_size ts = measure(l, text, &F_ITAL, 0);
            const pt *a = &q[0], *b = &q[n - 1];
            const rect cand[8] = {
                {b->x + 8, b->y - ts.h / 2, ts.w, ts.h},
                {b->x + 6, b->y + 2, ts.w, ts.h},
                {b->x + 6, b->y - 2 - ts.h, ts.w, ts.h},
                {b->x - ts.w / 2, b->y + 4, ts.w, ts.h},
                {b->x - ts.w / 2, b->y - 4 - ts.h, ts.w, ts.h},
                {a->x - 8 - ts.w, a->y - ts.h / 2, ts.w, ts.h},
                {a->x - 6 - ts.w, a->y + 2, ts.w, ts.h},
                {a->x - 6 - ts.w, a->y - 2 - ts.h, ts.w, ts.h},
            };
            rect got;
            bool found = false;
            for (int k = 0; k < 8 && !found; k++)
                if (slot_free(l, &cand[k], true)) {
                    got = cand[k];
                    found = true;
                }
            if (!found) {
                rect an = {b->x - 4, b->y - 4, 8, 8};
                (void)place_box(l, &an, ts.w, ts.h, &got);
            }
            text_at(l, JMAP_LANE_EMOTIONS, "wave-label", text, &F_ITAL, got.x, got.y, 0,
                    jmap_lay_readable(mix(color, l->bg, 0.3), l->bg), JMAP_ALIGN_LEFT);
            add_obstacle(l, got.x - 1, got.y, got.w + 2, got.h);
            own_none(l);
        }
    /* the texts laid before that a faint line crosses: a patch of
     * background under each, over the faint lines only */
    size_t end = labels_end + moved;
    for (size_t i = lane_first; i < end; i++) {
        const jmap_scene_item *it = jmap_scene_item_at(l->s, i);
        if (it->kind != JMAP_SI_TEXT)
            continue;
        rect r = {it->x - 1, it->y, it->w + 2, it->h};
        bool crossed = false;
        for (guint k = first_sample; k + 1 < l->samples->len && !crossed; k += 2) {
            double sx = g_array_index(l->samples, double, k),
                   sy = g_array_index(l->samples, double, k + 1);
            crossed = sx >= r.x && sx <= r.x + r.w && sy >= r.y && sy <= r.y + r.h;
        }
        if (!crossed)
            continue;
        jmap_lay_rect(l->s, JMAP_LAYER_NONE, JMAP_LANE_EMOTIONS, "wave-halo", r.x, r.y, r.w, r.h,
                      2, l->bg, JMAP_NO_COLOR);
        jmap_scene_move_last(l->s, at + moved);
        end++;
        if (i >= at + moved)
            i++; /* the text moved one place down */
    }
    g_free(q);
    g_free(runs);
}

/*
 * Drop-off (`drop_off`): under the curve, a band as thick as the share of
 * customers still in the journey, which narrows after each touchpoint that
 * loses some, with an arrow out of the band there and the share lost.
 * Returns the new bottom of the lane.
 */
static double drop_band(L *l, double bottom)
{
    bool any = false;
    for (size_t c = 0; c < l->n_cols; c++)
        any |= l->cols[c].tp && l->cols[c].tp->drop_off_set && l->cols[c].tp->drop_off > 0;
    if (!any || l->o->overview)
        return bottom;
    const double full = 12, arrow = 12, gap = 10;
    double top = bottom + gap;
    double label_h = measure(l, "Ag", &F_BODY, 0).h;
    double left = 1.0; /* the share still in the journey */
    uint32_t fill = mix(l->primary, 0xFFFFFF, 0.7);
    const char *who = l->fr ? "clients" : "customers";
    text_at(l, JMAP_LANE_EMOTIONS, "drop-caption", who, &F_BODY, l->sx0 - 8 - natural_w(l, who, &F_BODY),
            top + full / 2 - label_h / 2, 0, l->muted, JMAP_ALIGN_LEFT);
    for (size_t c = 0; c < l->n_cols; c++) {
        const col *cc = &l->cols[c];
        const jmap_touchpoint *tp = cc->tp;
        double x0 = cc->x, mid = cc->x + cc->w / 2, x1 = cc->x + cc->w;
        double before = left;
        if (tp && tp->drop_off_set && tp->drop_off > 0)
            left *= 1 - tp->drop_off / 100.0;
        own(l, tp, NULL, -1);
        rect_at(l, JMAP_LAYER_NONE, JMAP_LANE_EMOTIONS, "drop-band", x0, top, mid - x0,
                fmax(0.75, full * before), 0, fill, JMAP_NO_COLOR);
        rect_at(l, JMAP_LAYER_NONE, JMAP_LANE_EMOTIONS, "drop-band", mid, top, x1 - mid,
                fmax(0.75, full * left), 0, fill, JMAP_NO_COLOR);
        if (tp && tp->drop_off_set && tp->drop_off > 0) {
            /* the arrow leaves the band where it narrows */
            double ay0 = top + full * left, ay1 = top + full + arrow;
            if (ay1 - ay0 < 6)
                ay1 = ay0 + 6;
            double p[4] = {mid, ay0, mid, ay1};
            add_arrow(l, JMAP_LANE_EMOTIONS, "drop-arrow", p, 2, l->neg, 1.5);
            char num[64];
            jmap_lay_number_buf(num, tp->drop_off, l->fr);
            const char *t = jmap_arena_printf(l->s->arena, l->fr ? "\u2212%s\u202F%%" : "\u2212%s%%",
                                              num);
            text_at(l, JMAP_LANE_EMOTIONS, "drop-label", t, &F_BOLD, mid + 5,
                    top + full + arrow - label_h, fmax(1, x1 - mid - 8), text_tone(l->neg),
                    JMAP_ALIGN_LEFT);
            l->used_drop = true;
        }
        own_none(l);
    }
    return top + full + arrow + 2;
}

static double lane_emotions(L *l, double y, double *plot_top_out)
{
    const jmap_journey *j = l->j;
    int steps = j->scale_max - j->scale_min;
    /* a readable step: the scale gets about 96 pt, never under 16 a step
     * (10 on a sheet, which keeps a long scale such as 0 to 10 tighter) */
    double step = snap(fmax(l->o->fit_w > 0 ? 10 : 16, 96.0 / steps));
    size_t n_vis = 0;
    for (size_t p = 0; p < j->n_personas; p++)
        if (l->pvis[p])
            n_vis++;
    /* laid out from plot_top = y, then moved down to make room for what
     * went above the scale */
    double plot_top = y, plot_h = step * steps;
    size_t first_item = jmap_scene_count(l->s);
    guint first_obst = l->obst->len, first_sample = l->samples->len;
#define VY(v) (plot_top + (j->scale_max - (v)) / (double)steps * plot_h)
    /* grid: faint line per integer step, dashed neutral */
    double neutral = jmap_journey_neutral(j);
    for (int v = j->scale_min; v <= j->scale_max; v++)
        line_at(l, JMAP_LANE_EMOTIONS, "grid", l->sx0, VY(v), l->sx1, VY(v), C_FAINT, 0.75);
    jmap_scene_item *nl = line_at(l, JMAP_LANE_EMOTIONS, "neutral", l->sx0, VY(neutral), l->sx1,
                                  VY(neutral), C_RULE, 1);
    nl->dashed = true;
    size_t under = jmap_scene_count(l->s); /* gap columns go here, over the grid */
    /* faces on the gutter side */
    double fs = 12;
    icon_at(l, JMAP_SI_FACE, JMAP_LANE_EMOTIONS, "face", 1, l->sx0 - fs - 12, VY(j->scale_max) - fs / 2,
            fs, l->pos);
    icon_at(l, JMAP_SI_FACE, JMAP_LANE_EMOTIONS, "face", 0, l->sx0 - fs - 12, VY(neutral) - fs / 2,
            fs, text_tone(l->att));
    icon_at(l, JMAP_SI_FACE, JMAP_LANE_EMOTIONS, "face", -1, l->sx0 - fs - 12,
            VY(j->scale_min) - fs / 2, fs, l->neg);

    /* empty stages: their label now, their tinted column once the lane's
     * height is known; nothing may be placed across them */
    for (size_t c = 0; c < l->n_cols; c++)
        if (!l->cols[c].tp) {
            own(l, NULL, j->stages[l->cols[c].stage], -1);
            gap_label(l, &l->cols[c], VY(neutral));
            own_none(l);
            add_obstacle(l, l->cols[c].x + 4, -1e6, l->cols[c].w - 8, 2e6);
        }

    /* survey data anywhere: points without responses are "assumed" */
    for (size_t c = 0; c < l->n_cols; c++)
        if (l->cols[c].tp)
            for (size_t p = 0; p < j->n_personas; p++)
                if (l->cols[c].tp->emotion[p].set && l->cols[c].tp->emotion[p].n > 0)
                    l->survey = true;

    const double R = 4.5;
    size_t np = j->n_personas;
    pt **pts = g_new0(pt *, np);
    size_t *npts = g_new0(size_t, np);
    pt **tpts = g_new0(pt *, np);
    size_t *ntpts = g_new0(size_t, np);
    size_t *runs = g_new0(size_t, l->n_cols + 1);
    l->tgt = jmap_arena_alloc(l->s->arena, np + 1);
    for (size_t p = 0; p < np; p++) {
        pts[p] = g_new0(pt, l->n_cols + 1);
        tpts[p] = g_new0(pt, l->n_cols + 1);
    }
    for (size_t c = 0; c < l->n_cols; c++) {
        const jmap_touchpoint *tp = l->cols[c].tp;
        if (!tp)
            continue;
        double cx = l->cols[c].x + l->cols[c].w / 2;
        /* personas whose points would hide each other are set side by side */
        size_t here[64];
        size_t nh = 0;
        for (size_t p = 0; p < np && nh < 64; p++)
            if (l->pvis[p] && tp->meets[p] && tp->emotion[p].set)
                here[nh++] = p;
        /* and so are they when a gap bar to a target would cross a point */
        bool close = false;
        for (size_t a = 0; a < nh && nh > 1; a++)
            if (tp->target_emotion[here[a]].set)
                close = true;
        for (size_t a = 0; a < nh; a++)
            for (size_t b = a + 1; b < nh; b++)
                if (fabs(VY(tp->emotion[here[a]].value) - VY(tp->emotion[here[b]].value)) <
                    2 * (R + 2.5) + 3)
                    close = true;
        /* wider when a target's ring may go round a point; side by side
         * within the column, however narrow */
        double gap = 2 * (R + 2.5) + (tp->target_given ? 7 : 3);
        if (nh > 1)
            gap = fmin(gap, (l->cols[c].w - 2 * R - 2) / (double)(nh - 1));
        for (size_t k = 0; k < nh; k++) {
            size_t p = here[k];
            double v = clampd(tp->emotion[p].value, j->scale_min, j->scale_max);
            pt *q = &pts[p][npts[p]++];
            q->x = cx + (close ? ((double)k - (double)(nh - 1) / 2) * gap : 0);
            q->y = VY(v);
            q->v = v;
            q->col = c;
            q->sc = &tp->emotion[p];
            q->mot = tp->moment_of_truth;
            q->r = q->mot ? R + 2.5 : R;
            q->persona = p;
        }
        for (size_t p = 0; p < np; p++)
            if (l->pvis[p] && tp->meets[p] && tp->target_emotion[p].set) {
                double v = clampd(tp->target_emotion[p].value, j->scale_min, j->scale_max);
                pt *q = &tpts[p][ntpts[p]++];
                q->x = npts[p] && pts[p][npts[p] - 1].col == c ? pts[p][npts[p] - 1].x : cx;
                q->y = VY(v);
                q->v = v;
                q->col = c;
                q->r = 3.5;
                q->persona = p;
            }
    }
    size_t curves_at = jmap_scene_count(l->s); /* earlier waves go under from here */
    /* targets first, under the current state: a dashed line where three
     * or more follow each other, else a hollow marker on a gap bar from
     * each point (two dashes floating over a long curve read as noise) */
    for (size_t p = 0; p < np; p++) {
        uint32_t color = j->personas[p]->curve_color;
        size_t nr = runs_of(tpts[p], ntpts[p], runs);
        for (size_t r = 0, k = 0; r < nr; k += runs[r], r++) {
            if (runs[r] > 2) {
                own(l, NULL, NULL, (int)p);
                curve_path(l, tpts[p] + k, runs[r], target_tone(l, color), 1.25, 0, true,
                           "target-curve");
                own_none(l);
                l->tgt[p] |= 1;
                continue;
            }
            for (size_t t = k; t < k + runs[r]; t++) {
                const pt *actual = NULL;
                for (size_t a = 0; a < npts[p]; a++)
                    if (pts[p][a].col == tpts[p][t].col)
                        actual = &pts[p][a];
                own(l, l->cols[tpts[p][t].col].tp, NULL, (int)p);
                target_point(l, &tpts[p][t], actual, color);
                own_none(l);
            }
            l->tgt[p] |= 2;
        }
    }
    /* each persona's line, broken where the persona has no point */
    for (size_t p = 0; p < np; p++) {
        size_t nr = runs_of(pts[p], npts[p], runs);
        own(l, NULL, NULL, (int)p);
        for (size_t r = 0, k = 0; r < nr; k += runs[r], r++)
            if (runs[r] > 1)
                curve_path(l, pts[p] + k, runs[r], j->personas[p]->curve_color, 2,
                           persona_dash(p), false, "curve");
        own_none(l);
    }
    for (size_t p = 0; p < np; p++)
        for (size_t k = 0; k < npts[p]; k++) {
            pt *q = &pts[p][k];
            own(l, l->cols[q->col].tp, NULL, (int)p);
            if (q->sc->n > 0) {
                double lo = clampd(q->v - q->sc->sd, j->scale_min, j->scale_max);
                double hi = clampd(q->v + q->sc->sd, j->scale_min, j->scale_max);
                line_at(l, JMAP_LANE_EMOTIONS, "spread", q->x, VY(hi), q->x, VY(lo),
                        j->personas[p]->curve_color, 1);
                line_at(l, JMAP_LANE_EMOTIONS, "spread-cap", q->x - 3, VY(hi), q->x + 3, VY(hi),
                        j->personas[p]->curve_color, 1);
                line_at(l, JMAP_LANE_EMOTIONS, "spread-cap", q->x - 3, VY(lo), q->x + 3, VY(lo),
                        j->personas[p]->curve_color, 1);
                /* labels keep clear of the bar as they do of the curve */
                add_obstacle(l, q->x - 4, VY(hi) - 1, 8, VY(lo) - VY(hi) + 2);
            }
            own_none(l);
        }
    for (size_t p = 0; p < np; p++)
        for (size_t k = 0; k < npts[p]; k++) {
            pt *q = &pts[p][k];
            /* an overview too dense for markers shows the curves alone */
            if (l->o->overview && l->cols[q->col].w < 2 * (R + 2.5) + 2)
                continue;
            int val = valence(l, q->v);
            l->used_val[val + 1] = true;
            own(l, l->cols[q->col].tp, NULL, (int)p);
            jmap_scene_item *m = jmap_scene_add(l->s, JMAP_SI_MARKER, JMAP_LAYER_MARK,
                                                JMAP_LANE_EMOTIONS, "point");
            own_none(l);
            m->shape = q->mot ? JMAP_MARK_STAR
                       : val > 0 ? JMAP_MARK_CIRCLE
                       : val < 0 ? JMAP_MARK_TRIANGLE
                                 : JMAP_MARK_DIAMOND;
            if (q->mot)
                l->used_star = true;
            m->x = q->x - q->r;
            m->y = q->y - q->r;
            m->w = m->h = 2 * q->r;
            m->hollow = l->survey && q->sc->n == 0;
            if (m->hollow)
                l->used_hollow = true;
            m->fill = m->hollow ? l->bg : valence_color(l, val);
            m->stroke = m->hollow ? valence_color(l, val) : j->personas[p]->curve_color;
            m->line_width = 1.5;
            /* the outline repeats the persona's line pattern */
            m->dash = m->hollow ? 0 : persona_dash(p);
            add_obstacle(l, q->x - q->r - 1, q->y - q->r - 1, 2 * q->r + 2, 2 * q->r + 2);
        }

    /* labels: the response counts fixed to their points, the personas'
     * names at the ends of their lines, then one block per point */
    for (size_t p = 0; p < np; p++)
        for (size_t k = 0; k < npts[p]; k++) {
            const pt *q = &pts[p][k];
            if (q->sc->n <= 0)
                continue;
            rect a = {q->x - q->r, q->y - q->r, 2 * q->r, 2 * q->r};
            double lo = clampd(q->v - q->sc->sd, j->scale_min, j->scale_max);
            double hi = clampd(q->v + q->sc->sd, j->scale_min, j->scale_max);
            rect bar = {q->x - 3, VY(hi), 6, VY(lo) - VY(hi)};
            a = rect_union(&a, &bar);
            const char *text = jmap_arena_printf(l->s->arena, "n\u00A0=\u00A0%d", q->sc->n);
            own(l, l->cols[q->col].tp, NULL, (int)p);
            attach_label(l, "responses", text, &a, q->y, l->muted);
            own_none(l);
        }
    size_t *named_at = g_new(size_t, np + 1);
    for (size_t p = 0; p < np; p++) {
        named_at[p] = (size_t)-1;
        if (!j->personas_implicit && npts[p] > 0 && j->personas[p]->name) {
            own(l, NULL, NULL, (int)p);
            named_at[p] = end_label(l, p, &pts[p][0], &pts[p][npts[p] - 1]);
            own_none(l);
        }
    }
    /* the lowest point of each curve of three points or more */
    size_t *lowest = g_new(size_t, np + 1);
    for (size_t p = 0; p < np; p++) {
        lowest[p] = (size_t)-1;
        if (npts[p] < 3)
            continue;
        size_t lo = 0;
        for (size_t k = 1; k < npts[p]; k++)
            if (pts[p][k].v < pts[p][lo].v)
                lo = k;
        lowest[p] = pts[p][lo].col;
    }
    bline *ln = g_new(bline, np + 3);
    for (size_t c = 0; c < l->n_cols; c++) {
        const jmap_touchpoint *tp = l->cols[c].tp;
        if (!tp)
            continue;
        size_t n = 0;
        rect a = {0, 0, 0, 0}, focus = a;
        bool any = false, has_focus = false;
        double sum = 0;
        size_t nv = 0;
        for (size_t p = 0; p < np; p++)
            for (size_t k = 0; k < npts[p]; k++)
                if (pts[p][k].col == c) {
                    const pt *q = &pts[p][k];
                    rect r = {q->x - q->r - 1, q->y - q->r - 1, 2 * q->r + 2, 2 * q->r + 2};
                    a = any ? rect_union(&a, &r) : r;
                    any = true;
                    sum += q->v;
                    nv++;
                }
        if (!any) {
            double cx = l->cols[c].x + l->cols[c].w / 2;
            rect r = {cx - R, VY(neutral) - R, 2 * R, 2 * R};
            a = r;
        }
        if (tp->moment_of_truth)
            ln[n++] = (bline){l->t->mot, "mot-label", &F_BOLD, l->ink, true, {0, 0, 0, 0}, -1};
        if (!blank(tp->feeling)) {
            uint32_t color = nv ? jmap_lay_readable(valence_color(l, valence(l, sum / (double)nv)),
                                                    l->bg)
                                : l->muted;
            ln[n++] = (bline){tx(l, tp->feeling), "feeling",
                              tp->moment_of_truth ? &F_BOLD : &F_BODY, color, false,
                              {0, 0, 0, 0}, -1};
        }
        for (size_t p = 0; p < np; p++) {
            /* a point alone (no line through it) is named when several
             * personas share the map */
            bool named = n_vis > 1 && j->personas[p]->name && !j->personas_implicit;
            const pt *q = NULL;
            bool alone = true;
            for (size_t k = 0; k < npts[p]; k++)
                if (pts[p][k].col == c) {
                    q = &pts[p][k];
                    alone = (k == 0 || pts[p][k - 1].col + 1 != c) &&
                            (k + 1 == npts[p] || pts[p][k + 1].col != c + 1);
                }
            if (lowest[p] != c && !(q && alone && named && named_at[p] != c))
                continue;
            const char *text = named ? short_name(l, p) : "";
            if (lowest[p] == c) {
                /* a right-to-left name leads a line that stays left to
                 * right: a left-to-right mark opens it */
                const char *num = fmt_number(l, q->v);
                text = named ? jmap_arena_printf(l->s->arena, "%s%s · %s %s",
                                                 has_rtl(text) ? "\u200E" : "", text,
                                                 l->t->lowest, num)
                             : jmap_arena_printf(l->s->arena, "%s %s", l->t->lowest, num);
            }
            ln[n++] = (bline){text, lowest[p] == c ? "lowest" : "persona-point", &F_BODY,
                              jmap_lay_readable(j->personas[p]->curve_color, l->bg), false,
                              {0, 0, 0, 0}, (int)p};
            /* the block goes by the points it names */
            rect r = {q->x - q->r - 1, q->y - q->r - 1, 2 * q->r + 2, 2 * q->r + 2};
            focus = has_focus ? rect_union(&focus, &r) : r;
            has_focus = true;
        }
        if (n) {
            own(l, tp, NULL, -1);
            label_block(l, ln, n, has_focus ? &focus : &a, l->cols[c].w - 16);
            own_none(l);
        }
    }
    g_free(ln);
    g_free(lowest);
    g_free(named_at);
    earlier_waves(l, plot_top, plot_h, curves_at, first_item);

    /* the lane fits what was placed: moved down under its top */
    double top = plot_top, bottom = plot_top + plot_h;
    items_extent(l, first_item, &top, &bottom);
    double dy = y - top;
    shift_items(l, first_item, dy);
    for (guint i = first_obst; i < l->obst->len; i++)
        g_array_index(l->obst, rect, i).y += dy;
    for (guint i = first_sample + 1; i < l->samples->len; i += 2)
        g_array_index(l->samples, double, i) += dy;
    plot_top += dy;
    bottom += dy;
    bottom = drop_band(l, bottom);
    for (size_t c = 0; c < l->n_cols; c++)
        if (!l->cols[c].tp) {
            own(l, NULL, j->stages[l->cols[c].stage], -1);
            gap_column(l, &l->cols[c], y - l->pad + 4, bottom + l->pad - 4, under++);
            own_none(l);
        }
    *plot_top_out = plot_top;

    for (size_t p = 0; p < np; p++) {
        g_free(pts[p]);
        g_free(tpts[p]);
    }
    g_free(pts);
    g_free(npts);
    g_free(tpts);
    g_free(ntpts);
    g_free(runs);
#undef VY
    return bottom - y;
}

/* ---------------------------------------------------------------- legend */

typedef struct flow {
    L *l;
    double x, y, x0, x1, line_h;
} flow;

static void flow_reserve(flow *f, double w)
{
    if (f->x + w > f->x1 && f->x > f->x0) {
        f->x = f->x0;
        f->y += f->line_h + 6;
    }
}

static void legend_text(flow *f, const char *text, double sw)
{
    L *l = f->l;
    jmap_text_size ts = measure(l, text, &F_BODY, 0);
    f->x += sw;
    text_at(l, -1, "legend", text, &F_BODY, f->x, f->y, 0, l->muted, JMAP_ALIGN_LEFT);
    f->x += ts.w + 16;
}

/* Words of the legend's entries for the marks of the lanes. */
typedef struct legend_words {
    const char *severity, *survey, *dot_used, *dot_gap;
} legend_words;

static const legend_words LEGEND_EN = {
    "Severity:", "n = responses, bar = \u00B11 standard deviation",
    "channel used in the stage", "channel not used in the stage"};
static const legend_words LEGEND_FR = {
    "Gravit\u00E9\u202F:", "n = r\u00E9ponses, barre = \u00B11 \u00E9cart-type",
    "canal utilis\u00E9 dans l\u2019\u00E9tape", "canal absent de l\u2019\u00E9tape"};

/* Whether the scene has an item of this role (hollow: -1 either, 0 not
 * hollow, 1 hollow), drawn before the legend. */
static bool drawn(const L *l, const char *role, int hollow)
{
    for (size_t i = 0; i < jmap_scene_count(l->s); i++) {
        const jmap_scene_item *it = jmap_scene_item_at(l->s, i);
        if (strcmp(it->role, role) == 0 && (hollow < 0 || it->hollow == (hollow > 0)))
            return true;
    }
    return false;
}

/* Survey data: the response counts and the spread bars of the curve. */
static void legend_survey(flow *f)
{
    L *l = f->l;
    if (!drawn(l, "spread", -1) && !drawn(l, "responses", -1))
        return;
    const char *text = (l->fr ? &LEGEND_FR : &LEGEND_EN)->survey;
    flow_reserve(f, 14 + measure(l, text, &F_BODY, 0).w + 16);
    double x = f->x + 4, y0 = f->y + 1, y1 = f->y + f->line_h - 1;
    line_at(l, -1, "legend-spread", x, y0, x, y1, l->muted, 1);
    line_at(l, -1, "legend-spread-cap", x - 3, y0, x + 3, y0, l->muted, 1);
    line_at(l, -1, "legend-spread-cap", x - 3, y1, x + 3, y1, l->muted, 1);
    legend_text(f, text, 14);
}

/* "Severity:" and the badges the pain cards use, highest first. */
static void legend_severity(flow *f)
{
    L *l = f->l;
    const char *head = (l->fr ? &LEGEND_FR : &LEGEND_EN)->severity;
    double need = measure(l, head, &F_BODY, 0).w + 6, chh = 0;
    bool any = false;
    for (int s = JMAP_LEVEL_LOW; s <= JMAP_LEVEL_HIGH; s++)
        if (l->used_sev[s]) {
            jmap_text_size cs = measure(l, l->t->level[s], &F_BOLD, 0);
            need += cs.w + 10 + 6;
            chh = fmax(chh, cs.h + 2);
            any = true;
        }
    if (!any)
        return;
    flow_reserve(f, need + 10);
    jmap_text_size hs = measure(l, head, &F_BODY, 0);
    text_at(l, -1, "legend-heading", head, &F_BODY, f->x, f->y, 0, l->muted, JMAP_ALIGN_LEFT);
    f->x += hs.w + 6;
    for (int s = JMAP_LEVEL_HIGH; s >= JMAP_LEVEL_LOW; s--) {
        if (!l->used_sev[s])
            continue;
        const char *lab = l->t->level[s];
        jmap_text_size cs = measure(l, lab, &F_BOLD, 0);
        double chw = cs.w + 10;
        uint32_t chip_fill = s == JMAP_LEVEL_HIGH ? l->neg : s == JMAP_LEVEL_MEDIUM ? l->att : C_RULE;
        rect_at(l, JMAP_LAYER_NONE, -1, "legend-chip", f->x, f->y, chw, cs.h + 2, (cs.h + 2) / 2,
                chip_fill, JMAP_NO_COLOR);
        text_at(l, -1, "legend", lab, &F_BOLD, f->x + 5, f->y + 1, 0,
                s == JMAP_LEVEL_HIGH ? 0xFFFFFF : l->ink, JMAP_ALIGN_LEFT);
        f->x += chw + 6;
    }
    f->x += 10;
}

/* The channel matrix's dots: filled where a stage has a touchpoint on
 * the channel, hollow where it has none (the channels themselves are
 * named in the lane). */
static void legend_channel_dots(flow *f)
{
    L *l = f->l;
    const legend_words *w = l->fr ? &LEGEND_FR : &LEGEND_EN;
    for (int hollow = 0; hollow <= 1; hollow++) {
        if (!drawn(l, "channel-dot", hollow))
            continue;
        const char *text = hollow ? w->dot_gap : w->dot_used;
        flow_reserve(f, 12 + measure(l, text, &F_BODY, 0).w + 16);
        jmap_scene_item *m =
            jmap_scene_add(l->s, JMAP_SI_MARKER, JMAP_LAYER_NONE, -1, "legend-dot");
        m->shape = JMAP_MARK_CIRCLE;
        m->w = m->h = 7;
        m->x = f->x + 1;
        m->y = f->y + f->line_h / 2 - 3.5;
        m->fill = hollow ? 0xFFFFFF : l->primary;
        m->stroke = hollow ? mix(l->muted, 0xFFFFFF, 0.4) : l->primary;
        m->hollow = hollow;
        m->line_width = 1;
        legend_text(f, text, 12);
    }
}

/* The icons of the touchpoint cards' channels, when no channel lane
 * names them. */
static void legend_channel_icons(flow *f)
{
    L *l = f->l;
    const jmap_journey *j = l->j;
    if (drawn(l, "channel-name", -1))
        return;
    for (size_t ci = 0; ci < j->n_channels; ci++) {
        const jmap_channel *ch = j->channels[ci];
        if (!channel_used(l, ch) || !drawn(l, "tp-icon", -1))
            continue;
        const char *name = channel_label(l, ch);
        flow_reserve(f, 16 + measure(l, name, &F_BODY, 0).w + 16);
        icon_at(l, JMAP_SI_ICON, -1, "legend-icon", ch->icon, f->x, f->y + f->line_h / 2 - 5, 10,
                l->muted);
        legend_text(f, name, 14);
    }
}

/* The marks of the touchpoints' state (new, changed, retired) and the
 * drop-off band, as drawn. */
static void legend_state(flow *f)
{
    L *l = f->l;
    double mid = f->line_h / 2;
    static const char *const en[3] = {"touchpoint to be added", "touchpoint to be changed",
                                      "touchpoint to be retired"};
    static const char *const fr[3] = {"point de contact \u00E0 cr\u00E9er",
                                      "point de contact \u00E0 modifier",
                                      "point de contact \u00E0 retirer"};
    for (int k = 0; k < 3; k++) {
        if (!(l->used_state & (1 << k)))
            continue;
        const char *s = l->fr ? fr[k] : en[k];
        flow_reserve(f, 26 + measure(l, s, &F_BODY, 0).w + 16);
        if (k == 1) {
            rect_at(l, JMAP_LAYER_NONE, -1, "legend-tag", f->x, f->y + 1, 22, f->line_h - 2,
                    (f->line_h - 2) / 2, mix(l->att, 0xFFFFFF, 0.7), l->att)
                ->line_width = 0.75;
        } else {
            jmap_scene_item *r = rect_at(l, JMAP_LAYER_NONE, -1, "legend-card", f->x, f->y + 1, 22,
                                         f->line_h - 2, 3,
                                         k == 0 ? 0xFFFFFF : mix(0xFFFFFF, C_RULE, 0.35),
                                         k == 0 ? l->pos : l->muted);
            r->line_width = k == 0 ? 1.5 : 0.75;
            r->dashed = k == 0;
            if (k == 2)
                line_at(l, -1, "legend-retired", f->x + 3, f->y + mid, f->x + 19, f->y + mid,
                        l->ink, 1.25);
        }
        legend_text(f, s, 26);
    }
    if (l->used_drop) {
        const char *s = l->fr ? "clients perdus \u00E0 ce point de contact"
                              : "customers lost at this touchpoint";
        flow_reserve(f, 26 + measure(l, s, &F_BODY, 0).w + 16);
        rect_at(l, JMAP_LAYER_NONE, -1, "legend-band", f->x, f->y + 2, 10, 8, 0,
                mix(l->primary, 0xFFFFFF, 0.7), JMAP_NO_COLOR);
        rect_at(l, JMAP_LAYER_NONE, -1, "legend-band", f->x + 10, f->y + 2, 10, 4, 0,
                mix(l->primary, 0xFFFFFF, 0.7), JMAP_NO_COLOR);
        double p[4] = {f->x + 10, f->y + 6, f->x + 10, f->y + f->line_h + 2};
        add_arrow(l, -1, "legend-drop", p, 2, l->neg, 1.25);
        legend_text(f, s, 26);
    }
}

static void legend_blueprint(flow *f);

static double legend(L *l, double y)
{
    const jmap_journey *j = l->j;
    flow f = {l, l->left, y, l->left, l->right, measure(l, "Ag", &F_BODY, 0).h};
    jmap_text_size ts = measure(l, l->t->legend, &F_BOLD, 0);
    text_at(l, -1, "legend-title", l->t->legend, &F_BOLD, f.x, f.y, 0, l->ink, JMAP_ALIGN_LEFT);
    f.x += ts.w + 16;
    f.x0 = f.x;
    double mid = f.line_h / 2;
    const char *vnames[3] = {l->t->negative, l->t->neutral, l->t->positive};
    const int vshape[3] = {JMAP_MARK_TRIANGLE, JMAP_MARK_DIAMOND, JMAP_MARK_CIRCLE};
    for (int v = 2; v >= 0; v--) {
        if (!l->used_val[v])
            continue;
        flow_reserve(&f, 14 + measure(l, vnames[v], &F_BODY, 0).w + 16);
        jmap_scene_item *m = jmap_scene_add(l->s, JMAP_SI_MARKER, JMAP_LAYER_NONE, -1, "legend-mark");
        m->shape = vshape[v];
        m->x = f.x;
        m->y = f.y + mid - 4.5;
        m->w = m->h = 9;
        m->fill = valence_color(l, v - 1);
        m->stroke = m->fill;
        legend_text(&f, vnames[v], 14);
    }
    if (l->used_hollow) {
        flow_reserve(&f, 14 + measure(l, l->t->assumed, &F_BODY, 0).w + 16);
        jmap_scene_item *m = jmap_scene_add(l->s, JMAP_SI_MARKER, JMAP_LAYER_NONE, -1, "legend-mark");
        m->shape = JMAP_MARK_CIRCLE;
        m->x = f.x;
        m->y = f.y + mid - 4.5;
        m->w = m->h = 9;
        m->fill = 0xFFFFFF;
        m->stroke = l->muted;
        m->hollow = true;
        m->line_width = 1.5;
        legend_text(&f, l->t->assumed, 14);
    }
    if (l->used_compare || (j->compare_label && j->n_compare_removed)) {
        /* --compare: what the marks on the cards say, and what went */
        bool fr = j->locale == JMAP_LOCALE_FR;
        const char *what[2] = {fr ? "nouveau depuis %s" : "new since %s",
                               fr ? "modifi\u00E9 depuis %s" : "changed since %s"};
        for (int k = 0; k < 2; k++) {
            if (!(l->used_compare & (1 << k)))
                continue;
            const char *s = jmap_arena_printf(l->s->arena, what[k], tx(l, j->compare_label));
            flow_reserve(&f, 14 + measure(l, s, &F_BODY, 0).w + 16);
            jmap_scene_item *m =
                jmap_scene_add(l->s, JMAP_SI_MARKER, JMAP_LAYER_NONE, -1, "legend-mark");
            m->shape = k == 0 ? JMAP_MARK_CIRCLE : JMAP_MARK_DIAMOND;
            m->x = f.x;
            m->y = f.y + mid - 4.5;
            m->w = m->h = 9;
            m->fill = k == 0 ? l->pos : l->att;
            m->stroke = m->fill;
            legend_text(&f, s, 14);
        }
        if (j->n_compare_removed) {
            GString *g = g_string_new(NULL);
            if (fr)
                g_string_printf(g, "retir\u00E9%s depuis %s\u202F: ",
                                j->n_compare_removed > 1 ? "s" : "", tx(l, j->compare_label));
            else
                g_string_printf(g, "removed since %s: ", tx(l, j->compare_label));
            for (size_t i = 0; i < j->n_compare_removed && i < 6; i++)
                g_string_append_printf(g, "%s%s", i ? ", " : "", tx(l, j->compare_removed[i]));
            if (j->n_compare_removed > 6)
                g_string_append_printf(g, fr ? " et %zu autres" : " and %zu more",
                                       j->n_compare_removed - 6);
            const char *s = jmap_scene_strdup(l->s, g->str);
            g_string_free(g, TRUE);
            flow_reserve(&f, measure(l, s, &F_BODY, 0).w + 16);
            legend_text(&f, s, 0);
        }
    }
    legend_state(&f);
    if (l->used_star) {
        flow_reserve(&f, 14 + measure(l, l->t->mot, &F_BODY, 0).w + 16);
        jmap_scene_item *m = jmap_scene_add(l->s, JMAP_SI_MARKER, JMAP_LAYER_NONE, -1, "legend-mark");
        m->shape = JMAP_MARK_STAR;
        m->x = f.x - 1;
        m->y = f.y + mid - 5.5;
        m->w = m->h = 11;
        m->fill = l->ink;
        m->stroke = l->ink;
        legend_text(&f, l->t->mot, 14);
    }
    bool curves = false; /* the emotion lane drawn, with a point */
    for (size_t p = 0; p < j->n_personas && l->tgt; p++)
        for (size_t c = 0; c < l->n_cols; c++)
            if (l->pvis[p] && l->cols[c].tp && l->cols[c].tp->meets[p] &&
                l->cols[c].tp->emotion[p].set)
                curves = true;
    for (size_t p = 0; p < j->n_personas && curves && !j->personas_implicit; p++) {
        if (!l->pvis[p])
            continue;
        const char *name = tx(l, j->personas[p]->name);
        flow_reserve(&f, 34 + measure(l, name, &F_BODY, 0).w + 16);
        own(l, NULL, NULL, (int)p);
        line_at(l, -1, "legend-curve", f.x, f.y + mid, f.x + 28, f.y + mid,
                j->personas[p]->curve_color, 2)
            ->dash = persona_dash(p);
        legend_text(&f, name, 34);
        own_none(l);
    }
    /* a persona's target as drawn: a dashed line, hollow points on gap
     * bars, or both */
    for (size_t p = 0; p < j->n_personas && l->tgt; p++) {
        if (!l->pvis[p] || !l->tgt[p])
            continue;
        const char *name = j->personas_implicit || !j->personas[p]->name
                               ? l->t->target
                               : jmap_arena_printf(l->s->arena, "%s \u2014 %s",
                                                   tx(l, j->personas[p]->name), l->t->target);
        double sw = (l->tgt[p] & 1 ? 22 : 0) + (l->tgt[p] & 2 ? 10 : 0);
        flow_reserve(&f, sw + 6 + measure(l, name, &F_BODY, 0).w + 16);
        uint32_t color = j->personas[p]->curve_color;
        double x = f.x;
        own(l, NULL, NULL, (int)p);
        if (l->tgt[p] & 1) {
            line_at(l, -1, "legend-target", x, f.y + mid, x + 18, f.y + mid, color, 1.25)->dashed =
                true;
            x += 22;
        }
        if (l->tgt[p] & 2) {
            line_at(l, -1, "legend-target-gap", x + 3.5, f.y + mid, x + 3.5, f.y + f.line_h,
                    color, 1);
            jmap_scene_item *m =
                jmap_scene_add(l->s, JMAP_SI_MARKER, JMAP_LAYER_NONE, -1, "legend-target-point");
            m->shape = JMAP_MARK_CIRCLE;
            m->x = x;
            m->y = f.y + mid - 3.5;
            m->w = m->h = 7;
            m->fill = l->bg;
            m->stroke = color;
            m->hollow = true;
            m->line_width = 1.25;
        }
        legend_text(&f, name, sw + 6);
        own_none(l);
    }
    legend_survey(&f);
    legend_severity(&f);
    legend_channel_dots(&f);
    legend_channel_icons(&f);
    legend_blueprint(&f);
    return f.y + f.line_h;
}

/* ------------------------------------------------------------- blueprint */

/*
 * The service blueprint: the lanes of the journey's own (text lanes), the
 * four blueprint lanes (a small card per step, chips for systems), the
 * lines between the customer's side and the service's, the failure and
 * waiting points, the hand-offs between steps and the `next` links between
 * touchpoint cards. Arrows run in space kept free for them: tracks under a
 * lane's content, the gaps between columns, bands above and under the
 * touchpoint cards.
 */

/* Where a touchpoint's items sit in one lane (a cell of the grid). */
typedef struct bp_cell {
    bool has;               /* holds a card */
    bool ghost;             /* no step, but a hand-off's end: an empty card */
    double x, w, top, bottom; /* its cards (an empty cell: the lane's content top) */
    double first_mid, last_mid; /* where an arrow meets the first and the last card */
} bp_cell;

typedef struct bp_words {
    const char *line[3];
    const char *fail, *wait, *handoff, *next;
} bp_words;

static const bp_words BP_EN = {
    {"Line of interaction", "Line of visibility", "Line of internal interaction"},
    "failure point", "waiting time", "hand-off", "where customers go next (loop, branch)"};
static const bp_words BP_FR = {
    {"Ligne d\u2019interaction", "Ligne de visibilit\u00E9", "Ligne d\u2019interaction interne"},
    "point de d\u00E9faillance", "temps d\u2019attente", "passage de relais",
    "suite du parcours (boucle, embranchement)"};

static const bp_words *bp_words_of(const L *l)
{
    return l->fr ? &BP_FR : &BP_EN;
}

#define BP_GAP 4.0     /* between stacked step cards */
#define TRACK 4.0      /* between two arrows running side by side */
#define BADGE 12.0     /* failure and waiting marks */
#define HANDOFF_W 1.0
#define NEXT_W 1.25

static bool is_bp_lane(jmap_lane lane)
{
    return lane >= JMAP_LANE_FRONTSTAGE && lane <= JMAP_LANE_SYSTEMS;
}

static bool is_custom_lane(const L *l, jmap_lane lane)
{
    return lane >= JMAP_LANE_COUNT && (size_t)lane < JMAP_LANE_COUNT + l->j->n_custom_lanes;
}

static bool has_step(const jmap_touchpoint *tp, jmap_lane lane)
{
    return is_bp_lane(lane) && tp->steps[lane - JMAP_LANE_FRONTSTAGE].n > 0;
}

static const jmap_steps *custom_values(const L *l, const jmap_touchpoint *tp, jmap_lane lane)
{
    if (!is_custom_lane(l, lane) || !tp->lane_values)
        return NULL;
    const jmap_steps *v = &tp->lane_values[lane - JMAP_LANE_COUNT];
    return v->n ? v : NULL;
}

/* A lane's side of the blueprint lines: 0 the customer's, 1 front stage,
 * 2 back stage, 3 support and systems; -1: a custom lane (it takes the
 * side of the lane drawn before it). */
static int bp_side(jmap_lane lane)
{
    if (lane == JMAP_LANE_FRONTSTAGE)
        return 1;
    if (lane == JMAP_LANE_BACKSTAGE)
        return 2;
    if (lane == JMAP_LANE_SUPPORT || lane == JMAP_LANE_SYSTEMS)
        return 3;
    return lane >= JMAP_LANE_COUNT ? -1 : 0;
}

/* The failure and waiting marks of a touchpoint go in its first drawn
 * blueprint lane with a step, else its first drawn blueprint lane; -1: none
 * (lane order `order`, n_order long, the drawn ones flagged in l). */
static int badge_lane(const L *l, const jmap_touchpoint *tp, const jmap_lane *order,
                      size_t n_order)
{
    int first = -1;
    for (size_t i = 0; i < n_order; i++) {
        jmap_lane ln = order[i];
        if (!is_bp_lane(ln) || !l->lane_drawn[ln])
            continue;
        if (first < 0)
            first = (int)ln;
        if (has_step(tp, ln))
            return (int)ln;
    }
    return first;
}

static bool has_badges(const jmap_touchpoint *tp)
{
    return !blank(tp->fail_point) || !blank(tp->wait);
}

/* The column of a shown touchpoint, -1 if hidden. */
static int col_of(const L *l, const jmap_touchpoint *tp)
{
    for (size_t c = 0; c < l->n_cols; c++)
        if (l->cols[c].tp == tp)
            return (int)c;
    return -1;
}

/* The giver's end of a hand-off h: for a hand-off to another lane of the
 * same touchpoint, the drawn lane with a step nearest above that lane (else
 * nearest below); otherwise the deepest drawn lane with a step where people
 * work (front stage, back stage, support), else systems. A giver without a
 * step leaves from an empty card in the first blueprint lane drawn, so a
 * hand-off stays in the blueprint rather than crossing the customer's
 * lanes; with no blueprint lane drawn, from its touchpoint card; -1: none
 * drawn. */
static int handoff_from_lane(const L *l, const jmap_touchpoint *tp, const jmap_handoff *h,
                             const jmap_lane *order, size_t n_order)
{
    int first = -1, people = -1, systems = -1, above = -1, below = -1;
    bool past_target = false;
    for (size_t i = 0; i < n_order; i++) {
        jmap_lane ln = order[i];
        if (!l->lane_drawn[ln] || !is_bp_lane(ln))
            continue;
        if (first < 0)
            first = (int)ln;
        if ((int)ln == h->lane) {
            past_target = true;
            continue;
        }
        if (!has_step(tp, ln))
            continue;
        if (ln == JMAP_LANE_SYSTEMS)
            systems = (int)ln;
        else
            people = (int)ln;
        if (!past_target)
            above = (int)ln;
        else if (below < 0)
            below = (int)ln;
    }
    int from = -1;
    if (h->to == tp && h->lane >= 0)
        from = above >= 0 ? above : below;
    else
        from = people >= 0 ? people : systems;
    if (from < 0)
        from = first;
    if (from < 0 && l->lane_drawn[JMAP_LANE_TOUCHPOINTS])
        from = JMAP_LANE_TOUCHPOINTS;
    return from;
}

/* The receiver's end: the lane said, else the giver's lane when the
 * receiver has a step there, else its first drawn blueprint lane with a
 * step, else (an empty card) the giver's lane; -1: not drawn. */
static int handoff_to_lane(const L *l, const jmap_handoff *h, int from, const jmap_lane *order,
                           size_t n_order)
{
    if (h->lane >= 0)
        return is_bp_lane((jmap_lane)h->lane) && l->lane_drawn[h->lane] ? h->lane : -1;
    if (from >= 0 && has_step(h->to, (jmap_lane)from))
        return from;
    for (size_t i = 0; i < n_order; i++)
        if (l->lane_drawn[order[i]] && is_bp_lane(order[i]) && has_step(h->to, order[i]))
            return (int)order[i];
    if (from >= 0)
        return from;
    return l->lane_drawn[JMAP_LANE_TOUCHPOINTS] ? JMAP_LANE_TOUCHPOINTS : -1;
}

/* The tracks the arrows need, before the lanes are laid out: hand-offs
 * under their giver's lane, `next` links above (forward) and under
 * (backward, to itself) the touchpoint cards. */
static void bp_plan(L *l, const jmap_lane *order, size_t n_order)
{
    bool bp = false;
    for (int b = 0; b < JMAP_BP_COUNT; b++)
        bp = bp || l->lane_drawn[JMAP_BP_LANE(b)];
    for (int b = 0; b <= JMAP_BP_COUNT; b++) {
        l->cell[b] = jmap_arena_alloc(l->s->arena, sizeof(bp_cell) * (l->n_cols + 1));
        memset(l->cell[b], 0, sizeof(bp_cell) * (l->n_cols + 1));
    }
    for (size_t c = 0; c < l->n_cols; c++) {
        const jmap_touchpoint *tp = l->cols[c].tp;
        if (!tp)
            continue;
        for (size_t i = 0; i < tp->n_handoffs && bp; i++) {
            int from = handoff_from_lane(l, tp, &tp->handoffs[i], order, n_order);
            if (from < 0)
                continue;
            int tc = col_of(l, tp->handoffs[i].to);
            int to = handoff_to_lane(l, &tp->handoffs[i], from, order, n_order);
            /* beyond the next column, it runs along a track under the lane */
            if (tc >= 0 && to >= 0 && abs(tc - (int)c) > 1)
                l->strip_n[from]++;
            if (tc >= 0 && is_bp_lane((jmap_lane)to) && !has_step(tp->handoffs[i].to, to))
                l->cell[to - JMAP_LANE_FRONTSTAGE][tc].ghost = true;
            /* a giver without a step leaves from an empty card */
            if (tc >= 0 && to >= 0 && !(tc == (int)c && to == from) &&
                is_bp_lane((jmap_lane)from) && !has_step(tp, from))
                l->cell[from - JMAP_LANE_FRONTSTAGE][c].ghost = true;
        }
        if (!l->lane_drawn[JMAP_LANE_TOUCHPOINTS])
            continue;
        for (size_t k = 0; k < tp->n_next; k++) {
            int t = col_of(l, tp->next[k]);
            if (t < 0)
                continue;
            if (t > (int)c)
                l->next_up++;
            else
                l->next_down++;
        }
    }
    l->strip_n[JMAP_LANE_TOUCHPOINTS] += l->next_down;
    l->corridor = jmap_arena_alloc(l->s->arena, sizeof(int) * (l->n_cols + 2));
    memset(l->corridor, 0, sizeof(int) * (l->n_cols + 2));
}

/* A blueprint step: a small tinted card, the text inside; a system is a
 * chip with the system icon. Returns its height. */
static double bp_step(L *l, jmap_lane lane, const char *text, double x, double y, double w)
{
    static const uint32_t fill[JMAP_BP_COUNT] = {0xE4EEF8, 0xEEE8F6, 0xE5F2E9, 0xECEFF2};
    static const uint32_t edge[JMAP_BP_COUNT] = {0xA9C3E0, 0xC3B6DE, 0xA9CDB5, 0xB3BEC8};
    int b = lane - JMAP_LANE_FRONTSTAGE;
    bool sys = lane == JMAP_LANE_SYSTEMS;
    double pad_x = 6, lead = sys ? 9 + 4 : 0;
    double tw = fmax(1, w - 2 * pad_x - lead);
    rect_at(l, JMAP_LAYER_CARD, lane, sys ? "bp-system" : "bp-step", x, y, w, 0, sys ? 6 : 3,
            fill[b], edge[b]);
    size_t card_idx = jmap_scene_count(l->s) - 1; /* its height once the text is measured */
    double th = text_at(l, lane, sys ? "bp-system-text" : "bp-step-text", tx(l, text), &F_BODY,
                        x + pad_x + lead, y + 4, tw, l->ink, JMAP_ALIGN_LEFT)->h;
    double h = th + 8;
    if (sys)
        icon_at(l, JMAP_SI_ICON, lane, "bp-system-icon", JMAP_ICON_SYSTEM, x + pad_x,
                y + 4 + fmin(th, F_BODY.size * 1.3) / 2 - 4.5, 9, l->muted);
    jmap_scene_item_at(l->s, card_idx)->h = h;
    return h;
}

/* A failure point (a filled round badge with an F) or a waiting point (a
 * clock: a hollow ring with its hands) and its text; returns its height. */
static double bp_badge(L *l, jmap_lane lane, bool fail, const char *text, double x, double y,
                       double w)
{
    double tw = fmax(1, w - BADGE - 4);
    jmap_scene_item *t = text_at(l, lane, fail ? "bp-fail-text" : "bp-wait-text", tx(l, text),
                                 fail ? &F_BOLD : &F_BODY, x + BADGE + 4, y, tw,
                                 fail ? jmap_lay_readable(l->neg, l->bg) : l->ink,
                                 JMAP_ALIGN_LEFT);
    double th = t->h;
    double line1 = fmin(th, F_BODY.size * 1.3);
    double by = y + fmax(0, (line1 - BADGE) / 2);
    jmap_scene_item *m = jmap_scene_add(l->s, JMAP_SI_MARKER, JMAP_LAYER_NONE, lane,
                                        fail ? "bp-fail" : "bp-wait");
    m->shape = JMAP_MARK_CIRCLE;
    m->x = x;
    m->y = by;
    m->w = m->h = BADGE;
    if (fail) {
        m->fill = l->neg;
        m->stroke = l->neg;
        m->line_width = 1;
        jmap_text_size fs = measure(l, "F", &F_BOLD, 0);
        jmap_scene_item *f = text_at(l, lane, "bp-fail-letter", "F", &F_BOLD,
                                     x + BADGE / 2 - fs.w / 2, by + BADGE / 2 - fs.h / 2, 0,
                                     0xFFFFFF, JMAP_ALIGN_LEFT);
        f->layer = JMAP_LAYER_NONE;
        l->used_fail = true;
    } else {
        m->fill = 0xFFFFFF;
        m->stroke = l->ink;
        m->line_width = 1.25;
        m->hollow = true;
        double cx = x + BADGE / 2, cy = by + BADGE / 2;
        line_at(l, lane, "bp-wait-hand", cx, cy, cx, cy - 3.5, l->ink, 1.1);
        line_at(l, lane, "bp-wait-hand", cx, cy, cx + 2.5, cy, l->ink, 1.1);
        l->used_wait = true;
    }
    return fmax(th, by + BADGE - y);
}

/* A blueprint lane: each touchpoint's steps stacked in its column, then
 * its failure and waiting points when this lane holds them. */
static double lane_blueprint(L *l, jmap_lane lane, double y, const jmap_lane *order,
                             size_t n_order)
{
    double h = 0;
    int b = lane - JMAP_LANE_FRONTSTAGE;
    for (size_t c = 0; c < l->n_cols; c++) {
        const jmap_touchpoint *tp = l->cols[c].tp;
        bp_cell *cell = &l->cell[b][c];
        double x = col_inner_x(&l->cols[c]), w = col_inner_w(&l->cols[c]);
        cell->x = x;
        cell->w = w;
        cell->top = cell->bottom = y;
        cell->first_mid = cell->last_mid = y + 8;
        if (!tp)
            continue;
        own(l, tp, NULL, -1);
        double cy = y;
        const jmap_steps *st = &tp->steps[b];
        for (size_t i = 0; i < st->n; i++) {
            double sh = bp_step(l, lane, st->items[i], x, cy, w);
            /* arrows come in a little higher than they leave */
            if (i == 0)
                cell->first_mid = cy + fmin(sh * 0.35, 8);
            cell->last_mid = cy + fmax(sh * 0.65, sh - 8);
            cy += sh + BP_GAP;
        }
        if (!st->n && cell->ghost) {
            /* the end of a hand-off to a lane without a step here */
            jmap_scene_item *e = rect_at(l, JMAP_LAYER_CARD, lane, "bp-step-empty", x, cy, w, 16,
                                         3, 0xFFFFFF, mix(l->muted, 0xFFFFFF, 0.45));
            e->line_width = 0.75;
            cell->first_mid = cell->last_mid = cy + 8;
            cy += 16 + BP_GAP;
        }
        if (st->n || cell->ghost) {
            cell->has = true;
            cell->bottom = cy - BP_GAP;
        }
        if (has_badges(tp) && badge_lane(l, tp, order, n_order) == (int)lane) {
            if (cy > y)
                cy += 2;
            if (!blank(tp->fail_point))
                cy += bp_badge(l, lane, true, tp->fail_point, x, cy, w) + BP_GAP;
            if (!blank(tp->wait))
                cy += bp_badge(l, lane, false, tp->wait, x, cy, w) + BP_GAP;
        }
        own_none(l);
        if (cy > y)
            h = fmax(h, cy - BP_GAP - y);
    }
    return h;
}

/* A lane of the journey's own: its texts stacked in each column. */
static double lane_custom(L *l, jmap_lane lane, double y)
{
    double h = 0;
    for (size_t c = 0; c < l->n_cols; c++) {
        const jmap_touchpoint *tp = l->cols[c].tp;
        const jmap_steps *v = tp ? custom_values(l, tp, lane) : NULL;
        if (!v)
            continue;
        double x = col_inner_x(&l->cols[c]), w = col_inner_w(&l->cols[c]);
        double cy = y;
        own(l, tp, NULL, -1);
        for (size_t i = 0; i < v->n; i++)
            cy += text_at(l, lane, "lane-value", tx(l, v->items[i]), &F_BODY, x, cy, w, l->ink,
                          JMAP_ALIGN_LEFT)->h + 4;
        own_none(l);
        h = fmax(h, cy - 4 - y);
    }
    return h;
}

/* The blueprint lines crossed between the lane drawn before (its side
 * prev) and this one (side cur): a bit per line (1 interaction, 2
 * visibility, 4 internal interaction). */
static unsigned bp_lines_between(int prev, int cur)
{
    unsigned bits = 0;
    int lo = prev < cur ? prev : cur, hi = prev < cur ? cur : prev;
    for (int k = lo + 1; k <= hi; k++)
        bits |= 1u << (k - 1);
    return bits;
}

/* A blueprint line at y: a heavier dashed rule across the map, its names
 * under it at the left of the gutter; returns the height they take. */
static double bp_line(L *l, jmap_lane lane, unsigned bits, double y)
{
    line_at(l, -1, "bp-line", l->mg, y, l->sx1, y, l->muted, 1.25)->dashed = true;
    double cy = y + 4, lx = l->mg, lw = l->sx0 - lx - (lane == JMAP_LANE_EMOTIONS ? 32 : 8);
    for (int k = 0; k < 3; k++) {
        if (!(bits & (1u << k)))
            continue;
        cy += text_at(l, lane, "bp-line-label", bp_words_of(l)->line[k], &F_ITAL, lx, cy, lw,
                      l->muted, JMAP_ALIGN_LEFT)->h + 2;
    }
    return cy - y;
}

/* Whether an axis-aligned segment crosses a text or a card (their
 * inside: touching an edge is not crossing). */
static bool seg_blocked(const L *l, double x0, double y0, double x1, double y1, size_t upto)
{
    double ax = fmin(x0, x1), bx = fmax(x0, x1), ay = fmin(y0, y1), by = fmax(y0, y1);
    for (size_t i = 0; i < upto; i++) {
        const jmap_scene_item *it = jmap_scene_item_at(l->s, i);
        if (it->kind != JMAP_SI_TEXT && it->layer != JMAP_LAYER_CARD &&
            it->layer != JMAP_LAYER_MARK)
            continue;
        if (it->kind == JMAP_SI_TEXT && it->layer == JMAP_LAYER_NONE)
            continue; /* a letter inside a badge */
        if (bx > it->x + 0.5 && ax < it->x + it->w - 0.5 && by > it->y + 0.5 &&
            ay < it->y + it->h - 0.5)
            return true;
    }
    return false;
}

static bool route_free(const L *l, const double *pts, size_t n, size_t upto)
{
    for (size_t k = 0; k + 1 < n; k++)
        if (seg_blocked(l, pts[2 * k], pts[2 * k + 1], pts[2 * k + 2], pts[2 * k + 3], upto))
            return false;
    return true;
}


/* An end of a hand-off: the cell of a touchpoint (column c) in a lane. */
static const bp_cell *end_cell(const L *l, int lane, int c)
{
    if (lane == JMAP_LANE_TOUCHPOINTS)
        return &l->cell[JMAP_BP_COUNT][c];
    return &l->cell[lane - JMAP_LANE_FRONTSTAGE][c];
}

/* The x of the gap at the left edge of column e (e == n_cols: the right
 * edge of the last), moved a little for each arrow already there. */
static double corridor_x(L *l, size_t e)
{
    static const double off[5] = {0, 3, -3, 1.5, -1.5};
    double x = e < l->n_cols ? l->cols[e].x : l->sx1;
    return x + off[l->corridor[e]++ % 5];
}

static double corridor_peek(const L *l, size_t e)
{
    static const double off[5] = {0, 3, -3, 1.5, -1.5};
    double x = e < l->n_cols ? l->cols[e].x : l->sx1;
    return x + off[l->corridor[e] % 5];
}

static double strip_peek(const L *l, int lane)
{
    int n = l->strip_n[lane] > 0 ? l->strip_n[lane] : 1;
    return l->strip_y[lane] + TRACK * (l->strip_used[lane] % n);
}

static double strip_track(L *l, int lane)
{
    int n = l->strip_n[lane] > 0 ? l->strip_n[lane] : 1;
    return l->strip_y[lane] + TRACK * (l->strip_used[lane]++ % n);
}

/* The hand-offs: from the giver's side into the receiver's side, through
 * the gaps between columns and the tracks under the giver's lane. */
static void bp_handoffs(L *l, const jmap_lane *order, size_t n_order)
{
    size_t upto = jmap_scene_count(l->s);
    /* a hand-off is the blueprint's: none on a map without its lanes (a
     * slide, --lanes without them) */
    bool bp = false;
    for (int b = 0; b < JMAP_BP_COUNT; b++)
        bp = bp || l->lane_drawn[JMAP_BP_LANE(b)];
    if (!bp)
        return;
    for (size_t c = 0; c < l->n_cols; c++) {
        const jmap_touchpoint *tp = l->cols[c].tp;
        if (!tp || !tp->n_handoffs)
            continue;
        for (size_t i = 0; i < tp->n_handoffs; i++) {
            const jmap_handoff *h = &tp->handoffs[i];
            int from = handoff_from_lane(l, tp, h, order, n_order);
            if (from < 0)
                continue;
            int tc = col_of(l, h->to);
            int to = handoff_to_lane(l, h, from, order, n_order);
            if (tc < 0 || to < 0 || (tc == (int)c && to == from))
                continue;
            const bp_cell *g = end_cell(l, from, (int)c), *r = end_cell(l, to, tc);
            /* out of the giver's side facing the receiver, into the
             * receiver's side facing the giver; else the other sides, the
             * first way that crosses nothing */
            bool fwd = tc >= (int)c;
            size_t eg_pref = fwd ? c + 1 : c;
            size_t er_pref = tc == (int)c ? c + 1 : fwd ? (size_t)tc : (size_t)tc + 1;
            size_t egs[2] = {eg_pref, eg_pref == c ? c + 1 : c};
            size_t ers[2] = {er_pref, er_pref == (size_t)tc ? (size_t)tc + 1 : (size_t)tc};
            double pts[12], best[12];
            size_t n = 0, best_n = 0, best_eg = eg_pref, best_er = er_pref;
            for (int t = 0; t < 4; t++) {
                size_t eg = egs[t / 2], er = ers[t % 2];
                double ex = eg == c ? g->x : g->x + g->w, ey = g->last_mid;
                double rx = er == (size_t)tc ? r->x : r->x + r->w, ty = r->first_mid;
                double vg = corridor_peek(l, eg), vx = corridor_peek(l, er);
                if (eg == er) {
                    double p[8] = {ex, ey, vx, ey, vx, ty, rx, ty};
                    memcpy(pts, p, sizeof p);
                    n = 4;
                } else {
                    double ys = strip_peek(l, from);
                    double p[12] = {ex, ey, vg, ey, vg, ys, vx, ys, vx, ty, rx, ty};
                    memcpy(pts, p, sizeof p);
                    n = 6;
                }
                if (t == 0 || route_free(l, pts, n, upto)) {
                    memcpy(best, pts, sizeof(double) * 2 * n);
                    best_n = n;
                    best_eg = eg;
                    best_er = er;
                    if (route_free(l, pts, n, upto))
                        break;
                }
            }
            /* the tracks taken */
            corridor_x(l, best_eg);
            if (best_eg != best_er) {
                corridor_x(l, best_er);
                strip_track(l, from);
            }
            memcpy(pts, best, sizeof(double) * 2 * best_n);
            n = best_n;
            own(l, tp, NULL, -1);
            add_arrow(l, -1, "handoff", pts, n, l->muted, HANDOFF_W);
            own_none(l);
            l->used_handoff = true;
        }
    }
}

/* `next` links between touchpoint cards: forward above the cards,
 * backward (and to the card itself) under them. The shorter a link, the
 * nearer the cards its track and the more inside its ends, so that links
 * nest instead of crossing. */
typedef struct next_link {
    size_t from, to, k;
} next_link;

static int next_cmp(const void *pa, const void *pb)
{
    const next_link *a = pa, *b = pb;
    size_t da = a->to > a->from ? a->to - a->from : a->from - a->to;
    size_t db = b->to > b->from ? b->to - b->from : b->from - b->to;
    if (da != db)
        return da < db ? -1 : 1;
    if (a->from != b->from)
        return a->from < b->from ? -1 : 1;
    return a->k < b->k ? -1 : a->k > b->k;
}

static void bp_next(L *l)
{
    if (!l->lane_drawn[JMAP_LANE_TOUCHPOINTS])
        return;
    size_t nl = 0;
    for (size_t c = 0; c < l->n_cols; c++)
        if (l->cols[c].tp)
            nl += l->cols[c].tp->n_next;
    if (!nl)
        return;
    next_link *links = g_new(next_link, nl);
    nl = 0;
    for (size_t c = 0; c < l->n_cols; c++) {
        const jmap_touchpoint *tp = l->cols[c].tp;
        for (size_t k = 0; tp && k < tp->n_next; k++) {
            int t = col_of(l, tp->next[k]);
            if (t >= 0)
                links[nl++] = (next_link){c, (size_t)t, k};
        }
    }
    qsort(links, nl, sizeof *links, next_cmp);
    int *out_up = g_new0(int, (l->n_cols + 1) * 4);
    int *in_up = out_up + l->n_cols + 1, *out_dn = in_up + l->n_cols + 1,
        *in_dn = out_dn + l->n_cols + 1;
    const bp_cell *cells = l->cell[JMAP_BP_COUNT];
    for (size_t i = 0; i < nl; i++) {
        size_t c = links[i].from, t = links[i].to;
        const bp_cell *s = &cells[c], *d = &cells[t];
        bool up = t > c;
        double sx, dx, ty;
        own(l, l->cols[c].tp, NULL, -1);
        if (up) {
            sx = clampd(s->x + s->w * 0.72 - 8 * out_up[c]++, s->x + 4, s->x + s->w - 4);
            dx = clampd(d->x + d->w * 0.28 + 8 * in_up[t]++, d->x + 4, d->x + d->w - 4);
            ty = s->top - 6 - TRACK * (l->next_up_used++ % (l->next_up ? l->next_up : 1));
            double p[8] = {sx, s->top, sx, ty, dx, ty, dx, d->top};
            add_arrow(l, -1, "next", p, 4, l->primary, NEXT_W);
        } else {
            if (t == c) {
                /* back to itself: a small loop at the right end, where no
                 * other link of the card runs */
                sx = s->x + s->w - fmin(6, s->w * 0.1);
                dx = s->x + s->w - fmin(18, s->w * 0.25);
            } else {
                sx = clampd(s->x + s->w * 0.28 + 8 * out_dn[c]++, s->x + 4, s->x + s->w - 4);
                dx = clampd(d->x + d->w * 0.72 - 8 * in_dn[t]++, d->x + 4, d->x + d->w - 4);
            }
            ty = strip_track(l, JMAP_LANE_TOUCHPOINTS);
            double p[8] = {sx, s->bottom, sx, ty, dx, ty, dx, d->bottom};
            add_arrow(l, -1, "next", p, 4, l->primary, NEXT_W);
        }
        own_none(l);
        l->used_next = true;
    }
    g_free(out_up);
    g_free(links);
}

/* A blueprint lane has content when a shown touchpoint has a step there;
 * the first blueprint lane of the order also holds the failure and waiting
 * points of touchpoints without a step in any lane of the order. A lane of
 * the journey's own, when a shown touchpoint has a value there. */
static bool bp_lane_has_content(L *l, jmap_lane lane)
{
    if (lane >= JMAP_LANE_COUNT) {
        for (size_t c = 0; c < l->n_cols; c++)
            if (l->cols[c].tp && custom_values(l, l->cols[c].tp, lane))
                return true;
        return false;
    }
    if (!is_bp_lane(lane))
        return false;
    for (size_t c = 0; c < l->n_cols; c++)
        if (l->cols[c].tp && has_step(l->cols[c].tp, lane))
            return true;
    jmap_lane order[JMAP_LANE_ALL];
    size_t n_order = jmap_layout_lane_order(l->j, l->o, order), first = n_order;
    for (size_t i = 0; i < n_order && first == n_order; i++)
        if (is_bp_lane(order[i]))
            first = i;
    if (first == n_order || order[first] != lane)
        return false;
    for (size_t c = 0; c < l->n_cols; c++) {
        const jmap_touchpoint *tp = l->cols[c].tp;
        if (!tp || !has_badges(tp))
            continue;
        bool any = false;
        for (size_t i = 0; i < n_order; i++)
            any = any || has_step(tp, order[i]);
        if (!any)
            return true;
    }
    return false;
}

/* The legend's entries for what the blueprint drew. */
static void legend_blueprint(flow *f)
{
    L *l = f->l;
    const bp_words *w = bp_words_of(l);
    double mid = f->line_h / 2;
    for (int k = 0; k < 2; k++) {
        bool used = k == 0 ? l->used_handoff : l->used_next;
        if (!used)
            continue;
        const char *text = k == 0 ? w->handoff : w->next;
        flow_reserve(f, 26 + measure(l, text, &F_BODY, 0).w + 16);
        double p[4] = {f->x, f->y + mid, f->x + 20, f->y + mid};
        add_arrow(l, -1, k == 0 ? "legend-handoff" : "legend-next", p, 2,
                  k == 0 ? l->muted : l->primary, k == 0 ? HANDOFF_W : NEXT_W);
        legend_text(f, text, 26);
    }
    for (int k = 0; k < 2; k++) {
        bool fail = k == 0;
        if (!(fail ? l->used_fail : l->used_wait))
            continue;
        const char *text = fail ? w->fail : w->wait;
        flow_reserve(f, BADGE + 4 + measure(l, text, &F_BODY, 0).w + 16);
        double by = f->y + mid - BADGE / 2;
        jmap_scene_item *m = jmap_scene_add(l->s, JMAP_SI_MARKER, JMAP_LAYER_NONE, -1,
                                            fail ? "legend-fail" : "legend-wait");
        m->shape = JMAP_MARK_CIRCLE;
        m->x = f->x;
        m->y = by;
        m->w = m->h = BADGE;
        m->fill = fail ? l->neg : 0xFFFFFF;
        m->stroke = fail ? l->neg : l->ink;
        m->line_width = fail ? 1 : 1.25;
        m->hollow = !fail;
        double cx = f->x + BADGE / 2, cy = by + BADGE / 2;
        if (fail) {
            jmap_text_size fs = measure(l, "F", &F_BOLD, 0);
            text_at(l, -1, "legend-fail-letter", "F", &F_BOLD, cx - fs.w / 2, cy - fs.h / 2, 0,
                    0xFFFFFF, JMAP_ALIGN_LEFT)->layer = JMAP_LAYER_NONE;
        } else {
            line_at(l, -1, "legend-wait-hand", cx, cy, cx, cy - 3.5, l->ink, 1.1);
            line_at(l, -1, "legend-wait-hand", cx, cy, cx + 2.5, cy, l->ink, 1.1);
        }
        legend_text(f, text, BADGE + 4);
    }
}

/* ---------------------------------------------------------------- build */

/* The overview's "top findings": a heading, then one line each. */
static double notes_box(L *l, double y)
{
    const char *head = l->fr ? "Constats principaux" : "Top findings";
    double h = text_at(l, -1, "notes-title", head, &F_HEAD, l->left, y, 0, l->ink,
                       JMAP_ALIGN_LEFT)->h;
    y += h + 4;
    double w = fmin(l->right - l->left, 900);
    for (size_t i = 0; i < l->o->n_notes; i++) {
        double nh = text_at(l, -1, "note", tx(l, l->o->notes[i]), &F_BODY, l->left + 12, y,
                            w - 12, l->ink, JMAP_ALIGN_LEFT)->h;
        jmap_scene_item *dot = jmap_scene_add(l->s, JMAP_SI_MARKER, JMAP_LAYER_NONE, -1,
                                              "note-dot");
        dot->shape = JMAP_MARK_CIRCLE;
        dot->w = dot->h = 4;
        dot->x = l->left + 2;
        dot->y = y + 4;
        dot->fill = l->muted;
        y += nh + 3;
    }
    return y;
}

size_t jmap_layout_lane_order(const jmap_journey *j, const jmap_layout_opts *o, jmap_lane *out)
{
    size_t n = 0;
    if (o->lanes && o->n_lanes) {
        for (size_t i = 0; i < o->n_lanes && n < JMAP_LANE_ALL; i++)
            out[n++] = o->lanes[i];
    } else if (j->n_lanes) {
        for (size_t i = 0; i < j->n_lanes && n < JMAP_LANE_ALL; i++)
            out[n++] = j->lanes[i];
    } else {
        for (int i = 0; i < JMAP_LANE_COUNT; i++)
            out[n++] = (jmap_lane)i;
    }
    return n;
}

jmap_scene *jmap_layout_build(const jmap_journey *j, const jmap_layout_opts *opts,
                              const jmap_measurer *m, jmap_diags *diags)
{
    static const jmap_layout_opts no_opts = {0};
    L l;
    memset(&l, 0, sizeof l);
    l.j = j;
    l.m = m;
    l.d = diags;
    l.o = opts ? opts : &no_opts;
    l.s = jmap_scene_new();
    l.fr = j->locale == JMAP_LOCALE_FR;
    l.t = l.fr ? &STR_FR : &STR_EN;
    jmap_palette pal;
    jmap_lay_palette(j, &pal);
    l.primary = pal.primary;
    l.pos = pal.pos;
    l.att = pal.att;
    l.neg = pal.neg;
    l.ink = pal.ink;
    l.bg = pal.bg;
    l.muted = pal.muted;
    l.obst = g_array_new(FALSE, FALSE, sizeof(rect));
    l.samples = g_array_new(FALSE, FALSE, sizeof(double));
    l.pvis = jmap_arena_alloc(l.s->arena, sizeof(bool) * (j->n_personas + 1));
    for (size_t p = 0; p < j->n_personas; p++)
        l.pvis[p] = !l.o->persona_mask || l.o->persona_mask[p];

    jmap_scene *s = l.s;
    s->background = l.bg;
    s->title = jmap_scene_strdup(s, j->title);
    s->author = jmap_scene_strdup(s, j->author);
    s->subject = jmap_scene_strdup(s, j->description);
    s->locale = l.fr ? "fr" : "en";
    s->font_family = jmap_scene_strdup(s, j->theme.font);

    /* the gutter: wide enough for the longest lane label or channel name */
    double gw = 112;
    for (int i = 0; i < JMAP_LANE_COUNT; i++) {
        /* a blueprint lane's label counts where some touchpoint has a step
         * there: a journey map without them keeps its gutter */
        bool steps = i < JMAP_LANE_FRONTSTAGE;
        for (size_t t = 0; !steps && t < j->n_touchpoints; t++)
            steps = j->touchpoints[t]->steps[i - JMAP_LANE_FRONTSTAGE].n > 0;
        if (steps)
            gw = fmax(gw, natural_w(&l, l.t->lane[i], &F_BOLD) + 20 + 12);
    }
    for (size_t ci = 0; ci < j->n_channels; ci++)
        gw = fmax(gw, fmin(natural_w(&l, channel_label(&l, j->channels[ci]), &F_BODY) + 40, 200));
    for (size_t k = 0; k < j->n_custom_lanes; k++)
        gw = fmax(gw, natural_w(&l, tx(&l, j->custom_lanes[k].name), &F_BOLD) + 20 + 12);
    /* a map fitted to a sheet wraps its lane labels in a narrower gutter */
    gw = snap(fmin(gw, l.o->fit_w > 0 ? 120 : 200));
    l.mg = l.o->fit_w > 0 ? PAGE_MG : MARGIN;
    l.pad = l.o->fit_w > 0 ? LANE_PAD_PAGE : LANE_PAD;
    l.left = l.mg;
    l.gx0 = l.mg;
    l.sx0 = l.mg + gw;
    build_columns(&l);
    l.right = l.sx1;
    s->gutter = l.sx0;

    /* pages of a too-wide PDF break at stage edges */
    s->breaks = jmap_arena_alloc(s->arena, sizeof(double) * (j->n_stages + 1));
    s->breaks[0] = l.sx0;
    for (size_t si = 0; si < j->n_stages; si++)
        s->breaks[si + 1] = l.sg[si].x + l.sg[si].w;
    s->n_breaks = j->n_stages + 1;
    /* the top band and legend stay on the first PDF page */
    double band_right = l.sx1;
    if (l.o->fit_w <= 0 && band_right + MARGIN > PDF_MAX) {
        band_right = l.sx0;
        for (size_t si = 0; si < j->n_stages; si++)
            if (l.sg[si].x + l.sg[si].w + MARGIN <= PDF_MAX)
                band_right = l.sg[si].x + l.sg[si].w;
        if (band_right < l.sx0 + 400)
            band_right = fmin(l.sx1, PDF_MAX - MARGIN);
    }
    l.right = band_right;

    double y = top_band(&l, l.mg);
    s->grid_top = y;
    y = headers(&l, y);

    jmap_lane order[JMAP_LANE_ALL];
    size_t n_order = jmap_layout_lane_order(j, l.o, order);
    /* the lanes drawn: asked for, once each, with content */
    jmap_lane drawn_lanes[JMAP_LANE_ALL] = {JMAP_LANE_STORYBOARD};
    size_t n_drawn = 0;
    for (size_t i = 0; i < n_order; i++) {
        jmap_lane lane = order[i];
        if ((size_t)lane >= JMAP_LANE_COUNT + j->n_custom_lanes || l.lane_drawn[lane] ||
            !lane_has_content(&l, lane))
            continue;
        l.lane_drawn[lane] = true;
        drawn_lanes[n_drawn++] = lane;
    }
    bp_plan(&l, drawn_lanes, n_drawn);
    /* where the lanes' items begin: the stage rules go there, under them */
    size_t lanes_first_item = jmap_scene_count(s);
    int prev_side = 0;
    for (size_t i = 0; i < n_drawn; i++) {
        jmap_lane lane = drawn_lanes[i];
        double y0 = y;
        line_at(&l, -1, "lane-rule", l.mg, y0, l.sx1, y0, C_RULE, 0.75);
        /* a blueprint line above: its names go in the gutter, over the
         * lane's label */
        int cur = bp_side(lane) < 0 ? prev_side : bp_side(lane);
        double lband = 0;
        if (i > 0 && cur != prev_side)
            lband = bp_line(&l, lane, bp_lines_between(prev_side, cur), y0) - l.pad + 4;
        lband = fmax(0, lband);
        prev_side = cur;
        double cy = y0 + l.pad;
        double h = 0, plot_top = 0;
        size_t first_item = jmap_scene_count(s);
        switch (lane) {
        case JMAP_LANE_TOUCHPOINTS: {
            /* `next` links run above (forward) and under the cards */
            double up = l.next_up ? TRACK * l.next_up + 4 : 0;
            double th = lane_touchpoints(&l, cy + up, false, 0);
            h = up + lane_touchpoints(&l, cy + up, true, th);
            for (size_t c = 0; c < l.n_cols; c++) {
                bp_cell *cl = &l.cell[JMAP_BP_COUNT][c];
                cl->x = col_inner_x(&l.cols[c]);
                cl->w = col_inner_w(&l.cols[c]);
                cl->top = cy + up;
                cl->bottom = cy + up + th;
                cl->first_mid = cy + up + th * 0.35;
                cl->last_mid = cy + up + th * 0.65;
                cl->has = l.cols[c].tp != NULL;
            }
            break;
        }
        case JMAP_LANE_DOING:
        case JMAP_LANE_THINKING:
        case JMAP_LANE_OWNERS:
            h = lane_text(&l, lane, cy);
            break;
        case JMAP_LANE_STORYBOARD:
            h = lane_storyboard(&l, cy);
            break;
        case JMAP_LANE_EMOTIONS:
            h = lane_emotions(&l, cy, &plot_top);
            break;
        case JMAP_LANE_PAINS:
        case JMAP_LANE_OPPORTUNITIES:
            h = lane_cards(&l, lane, cy);
            break;
        case JMAP_LANE_CHANNELS:
            h = lane_channels(&l, cy);
            break;
        case JMAP_LANE_KPIS:
            h = lane_kpis(&l, cy);
            break;
        case JMAP_LANE_FRONTSTAGE:
        case JMAP_LANE_BACKSTAGE:
        case JMAP_LANE_SUPPORT:
        case JMAP_LANE_SYSTEMS:
            h = lane_blueprint(&l, lane, cy, drawn_lanes, n_drawn);
            break;
        default:
            h = lane_custom(&l, lane, cy);
            break;
        }
        (void)first_item;
        /* tracks for the hand-offs (and backward `next` links) under the
         * content: the padding holds the first ones */
        l.strip_y[lane] = cy + h + 4;
        if (l.strip_n[lane] > 0)
            h += fmax(0, TRACK * l.strip_n[lane] + 4 - l.pad);
        /* gutter label with its icon */
        double lx = l.mg + 16, lw = l.sx0 - lx - (lane == JMAP_LANE_EMOTIONS ? 32 : 8);
        const char *label = lane < JMAP_LANE_COUNT
                                ? l.t->lane[lane]
                                : tx(&l, j->custom_lanes[lane - JMAP_LANE_COUNT].name);
        /* The label's height is kept by value: adding the icon may move the
         * scene's items, and `lab` with them. */
        double lab_h = text_at(&l, lane, "lane-label", label, &F_BOLD, lx, cy + lband, lw,
                               l.muted, JMAP_ALIGN_LEFT)->h;
        if (lane < JMAP_LANE_COUNT)
            icon_at(&l, JMAP_SI_LANE_ICON, lane, "lane-icon", lane, l.mg,
                    cy + lband + lab_h / 2 - 5.5, 11, l.muted);
        else if (j->custom_lanes[lane - JMAP_LANE_COUNT].has_icon)
            icon_at(&l, JMAP_SI_ICON, lane, "lane-icon", j->custom_lanes[lane - JMAP_LANE_COUNT].icon,
                    l.mg, cy + lband + lab_h / 2 - 5.5, 11, l.muted);
        h = fmax(h, lband + lab_h);
        double y1 = snap(cy + h + l.pad);
        s->lanes[s->n_lanes].lane = lane;
        s->lanes[s->n_lanes].y0 = y0;
        s->lanes[s->n_lanes].y1 = y1;
        s->n_lanes++;
        y = y1;
    }
    bp_next(&l);
    bp_handoffs(&l, drawn_lanes, n_drawn);
    line_at(&l, -1, "lane-rule", l.mg, y, l.sx1, y, C_RULE, 0.75);
    /* vertical stage separators across the lanes */
    double lanes_top = s->n_lanes ? s->lanes[0].y0 : y;
    for (size_t si = 1; si < j->n_stages; si++) {
        /* drawn first, so the curve crosses the rule and not the reverse */
        line_at(&l, -1, "stage-rule", l.sg[si].x, lanes_top, l.sg[si].x, y, C_FAINT, 0.75);
        jmap_scene_move_last(s, lanes_first_item++);
    }
    s->grid_bottom = y;

    if (j->type == JMAP_JOURNEY_CYCLIC && j->n_stages > 0 && !l.o->page_label) {
        double x_last = l.sg[j->n_stages - 1].x + l.sg[j->n_stages - 1].w / 2;
        double x_first = l.sg[0].x + l.sg[0].w / 2;
        double ay = y + 16;
        jmap_scene_item *a = jmap_scene_add(s, JMAP_SI_ARROW, JMAP_LAYER_NONE, -1, "cycle");
        a->n_pts = 4;
        a->pts = jmap_arena_alloc(s->arena, sizeof(double) * 8);
        double pts[8] = {x_last, y + 4, x_last, ay, x_first, ay, x_first, y + 4};
        memcpy(a->pts, pts, sizeof pts);
        a->x = x_first;
        a->y = y + 4;
        a->w = x_last - x_first;
        a->h = ay - y - 4;
        a->stroke = l.muted;
        a->line_width = 1.25;
        double lw = fmax(40, x_last - x_first - 16);
        jmap_text_size ts = measure(&l, l.t->cycle, &F_ITAL, lw);
        text_at(&l, -1, "cycle-label", l.t->cycle, &F_ITAL, x_first + 8, ay + 4, lw, l.muted,
                JMAP_ALIGN_CENTER);
        y = ay + 4 + ts.h;
    }

    y = snap(y + (l.o->summary ? 8 : l.o->fit_w > 0 ? 12 : 24));
    if (l.o->n_notes)
        y = snap(notes_box(&l, y) + 16);
    y = legend(&l, y);
    /* the header has the title, author, version and date: the footer only
     * says where the map comes from, on prints (a slide ends with its
     * legend) */
    if (!l.o->summary) {
        y = snap(y + (l.o->fit_w > 0 ? 8 : 12));
        y += jmap_lay_provenance(s, l.m, j, l.o->input_name, &pal, l.left, l.right, y);
    }

    s->width = l.o->fit_w > 0 ? l.sx1 + l.mg : snap(l.sx1 + MARGIN);
    s->height = snap(y + l.mg);
    g_array_free(l.obst, TRUE);
    g_array_free(l.samples, TRUE);
    if (l.obst_cols) {
        g_ptr_array_free(l.obst_cols, TRUE);
        g_ptr_array_free(l.sample_cols, TRUE);
    }
    return s;
}
