/*
 * cmd_serve.c — `jmap serve FILE [--port N] [--host ADDR]`: a local preview.
 *
 * http://127.0.0.1:PORT/ shows the map of FILE (its SVG) and its
 * diagnostics, and reloads itself when the journey is saved: the page
 * listens to /events (server-sent events) and jmap announces every build
 * there. The builds are those of `jmap build --watch` (watch.c), made in
 * memory instead of into a file; a save with an error keeps the last good
 * map on the page, with the diagnostics above it.
 *
 * It also answers render requests in the API of Kroki, so documentation
 * toolchains that send ```jmap blocks to a Kroki server can use it:
 *   POST /jmap/svg (or /jmap/png)          the journey as the body
 *   GET  /jmap/svg/<deflate+base64url>     the journey, zlib-compressed
 * A request's journey is untrusted: it may not name images (nothing on
 * this machine is read for it), its body and its inflated text are
 * limited, requests are rendered one at a time, a connection that has
 * not finished its request in REQUEST_SECONDS is closed, and an invalid
 * journey gets the same diagnostics as the command line (status 400).
 *
 * The server is libsoup's (HTTP/1.1, keep-alive, chunked streams), bound
 * to the loopback interface unless --host says otherwise.
 */
#include "cli_options.h"
#include "cli_watch.h"
#include "render.h"

#include <gio/gio.h>
#include <libsoup/soup.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_PORT 8717
#define MAX_REQUEST_BYTES (512u * 1024u) /* a request's journey, sent or inflated */
#define REQUEST_SECONDS 10
#define MAX_EVENT_STREAMS 16

typedef struct server {
    SoupServer *soup;
    const char *input;
    char *title;
    GBytes *svg;        /* the last good map, NULL before the first */
    char *diagnostics;  /* of the last build, "" when clean */
    unsigned version;   /* builds so far */
    GPtrArray *streams; /* SoupServerMessage* of /events */
    GHashTable *open;   /* SoupServerMessage* -> start time, requests under way */
    jmap_render_cache *cache;
    int request_seconds; /* REQUEST_SECONDS; JMAP_SERVE_REQUEST_SECONDS in tests */
    bool quiet;
} server;

/* ------------------------------------------------------------- rendering */

/* The diagnostics of d as the command line prints them, without colour. */
static void diags_text(jmap_diags *d, GString *out)
{
    jmap_diags_sort(d);
    for (size_t i = 0; i < d->count; i++) {
        char *s = jmap_diag_format(&d->items[i], false);
        g_string_append(out, s);
        free(s);
    }
}

/* The first sheet of the journey's map as SVG, into *svg; diagnostics of
 * the render appended to `text`. */
static bool render_svg(jmap_doc *doc, jmap_render_cache *cache, jmap_out_format fmt,
                       GBytes **out, GString *text)
{
    jmap_render_opts ro = {.format = fmt, .scale = 1.5, .cache = cache};
    char *name = g_path_get_basename(doc->source ? doc->source->name : "journey");
    ro.input_name = name;
    jmap_diags rd;
    jmap_diags_init(&rd, doc->arena);
    GPtrArray *outs = g_ptr_array_new();
    bool ok = jmap_render_map_pages(doc->journey, &ro, outs, &rd) && !rd.errors && outs->len;
    diags_text(&rd, text);
    if (ok) {
        GByteArray *b = g_ptr_array_index(outs, 0);
        *out = g_bytes_new(b->data, b->len);
    }
    for (guint i = 0; i < outs->len; i++)
        g_byte_array_free(g_ptr_array_index(outs, i), TRUE);
    g_ptr_array_free(outs, TRUE);
    jmap_diags_free(&rd);
    g_free(name);
    return ok;
}


/* A build of FILE for the preview (cli_build_fn). */
static int build_preview(void *ctx, GPtrArray *deps, bool fresh)
{
    server *s = ctx;
    if (fresh)
        jmap_render_cache_forget(s->cache);
    g_ptr_array_add(deps, g_strdup(s->input));
    GString *text = g_string_new(NULL);
    char *data = NULL;
    size_t len = 0;
    int status = EXIT_IO;
    if (cli_read_file(s->input, &data, &len)) {
        jmap_doc *doc = jmap_load(s->input, data, len, NULL);
        diags_text(&doc->diags, text);
        status = EXIT_INVALID;
        if (doc->journey && !doc->diags.errors) {
            cli_add_image_deps(doc->journey, deps);
            GBytes *svg = NULL;
            if (render_svg(doc, s->cache, JMAP_OUT_SVG, &svg, text)) {
                if (s->svg)
                    g_bytes_unref(s->svg);
                s->svg = svg;
                g_free(s->title);
                s->title = g_strdup(doc->journey->title ? doc->journey->title : s->input);
                status = EXIT_OK;
            }
        }
        jmap_doc_free(doc);
        g_free(data);
    } else {
        g_string_append_printf(text, "cannot read %s\n", s->input);
    }
    fputs(text->str, stderr);
    g_free(s->diagnostics);
    s->diagnostics = g_string_free(text, FALSE);
    return status;
}

/* After each build: every open page reloads its map. */
static void announce(void *ud, int status)
{
    server *s = ud;
    s->version++;
    char *ev = g_strdup_printf("event: build\ndata: {\"version\": %u, \"ok\": %s}\n\n", s->version,
                               status == EXIT_OK ? "true" : "false");
    for (guint i = 0; i < s->streams->len; i++) {
        SoupServerMessage *m = g_ptr_array_index(s->streams, i);
        soup_message_body_append(soup_server_message_get_response_body(m), SOUP_MEMORY_COPY, ev,
                                 strlen(ev));
        soup_server_message_unpause(m);
    }
    g_free(ev);
}

/* --------------------------------------------------------------- answers */

static void reply(SoupServerMessage *msg, guint status, const char *type, const void *data,
                  size_t len)
{
    SoupMessageHeaders *h = soup_server_message_get_response_headers(msg);
    soup_message_headers_replace(h, "Cache-Control", "no-store");
    soup_message_headers_replace(h, "X-Content-Type-Options", "nosniff");
    soup_server_message_set_status(msg, status, NULL);
    soup_server_message_set_response(msg, type, SOUP_MEMORY_COPY, data, len);
}

static void reply_text(SoupServerMessage *msg, guint status, const char *text)
{
    reply(msg, status, "text/plain; charset=utf-8", text, strlen(text));
}

static void html_escape(GString *g, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '<': g_string_append(g, "&lt;"); break;
        case '>': g_string_append(g, "&gt;"); break;
        case '&': g_string_append(g, "&amp;"); break;
        case '"': g_string_append(g, "&quot;"); break;
        default: g_string_append_c(g, *s);
        }
    }
}

static const char page_script[] =
    "const img=document.getElementById('map'),diag=document.getElementById('diag'),"
    "state=document.getElementById('state');"
    "const es=new EventSource('/events');"
    "es.addEventListener('build',e=>{const d=JSON.parse(e.data);"
    "state.textContent=d.ok?'up to date':'not built: the last good map is shown';"
    "state.className=d.ok?'ok':'bad';"
    "if(d.ok)img.src='/map.svg?v='+d.version;"
    "fetch('/diagnostics').then(r=>r.text()).then(t=>{diag.textContent=t;diag.hidden=!t;});});"
    "es.onerror=()=>{state.textContent='jmap serve stopped';state.className='bad';};";

static void page(server *s, SoupServerMessage *msg)
{
    GString *g = g_string_new("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
                              "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src "
                              "'none'; img-src 'self'; connect-src 'self'; script-src "
                              "'unsafe-inline'; style-src 'unsafe-inline'\"><title>");
    html_escape(g, s->title ? s->title : s->input);
    g_string_append(g, " — jmap</title><style>"
                       "body{font-family:'Noto Sans',sans-serif;margin:0;background:#f4f5f7}"
                       "header{padding:8px 16px;background:#1f2933;color:#fff;display:flex;"
                       "gap:16px;align-items:baseline}header .ok{color:#9ae6b4}"
                       "header .bad{color:#feb2b2}pre{margin:0;padding:12px 16px;"
                       "background:#fff5f5;color:#742a2a;white-space:pre-wrap;"
                       "border-bottom:1px solid #feb2b2}main{padding:16px}"
                       "img{max-width:100%;background:#fff;box-shadow:0 1px 4px #0003}"
                       "</style></head><body><header><strong>");
    html_escape(g, s->input);
    g_string_append_printf(g, "</strong><span id=\"state\" class=\"%s\">%s</span></header>"
                              "<pre id=\"diag\"%s>",
                           s->svg && !*s->diagnostics ? "ok" : s->svg ? "ok" : "bad",
                           s->svg ? "up to date" : "not built yet",
                           *s->diagnostics ? "" : " hidden");
    html_escape(g, s->diagnostics);
    g_string_append_printf(g, "</pre><main><img id=\"map\" alt=\"The journey map\" "
                              "src=\"/map.svg?v=%u\"></main><script>%s</script></body></html>\n",
                           s->version, page_script);
    reply(msg, SOUP_STATUS_OK, "text/html; charset=utf-8", g->str, g->len);
    g_string_free(g, TRUE);
}

static void stream_finished(SoupServerMessage *msg, gpointer data)
{
    server *s = data;
    g_ptr_array_remove(s->streams, msg);
}

static void events(server *s, SoupServerMessage *msg)
{
    if (s->streams->len >= MAX_EVENT_STREAMS) {
        reply_text(msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "too many open previews\n");
        return;
    }
    SoupMessageHeaders *h = soup_server_message_get_response_headers(msg);
    soup_message_headers_set_encoding(h, SOUP_ENCODING_CHUNKED);
    soup_message_headers_replace(h, "Content-Type", "text/event-stream");
    soup_message_headers_replace(h, "Cache-Control", "no-store");
    soup_server_message_set_status(msg, SOUP_STATUS_OK, NULL);
    static const char hello[] = ": jmap\n\n";
    soup_message_body_append(soup_server_message_get_response_body(msg), SOUP_MEMORY_STATIC,
                             hello, sizeof hello - 1);
    g_ptr_array_add(s->streams, msg);
    g_signal_connect(msg, "finished", G_CALLBACK(stream_finished), s);
}

/* Removes what a request journey may not have: files of this machine. */
static void drop_images(jmap_journey *j)
{
    j->theme.logo.path = NULL;
    for (size_t i = 0; i < j->n_personas; i++)
        j->personas[i]->photo.path = NULL;
    for (size_t i = 0; i < j->n_touchpoints; i++)
        j->touchpoints[i]->image.path = NULL;
}

/* Inflates a zlib stream of at most MAX_REQUEST_BYTES; NULL if it is not
 * one or is larger. */
static GBytes *inflate(const guint8 *data, gsize len)
{
    GZlibDecompressor *z = g_zlib_decompressor_new(G_ZLIB_COMPRESSOR_FORMAT_ZLIB);
    GByteArray *out = g_byte_array_new();
    guint8 buf[16384];
    gsize in_pos = 0;
    bool ok = false;
    for (;;) {
        gsize read = 0, written = 0;
        GError *err = NULL;
        GConverterResult r =
            g_converter_convert(G_CONVERTER(z), data + in_pos, len - in_pos, buf, sizeof buf,
                                G_CONVERTER_INPUT_AT_END, &read, &written, &err);
        in_pos += read;
        if (r == G_CONVERTER_ERROR) {
            g_clear_error(&err);
            break;
        }
        g_byte_array_append(out, buf, (guint)written);
        if (out->len > MAX_REQUEST_BYTES)
            break;
        if (r == G_CONVERTER_FINISHED) {
            ok = true;
            break;
        }
        if (read == 0 && written == 0)
            break;
    }
    g_object_unref(z);
    if (!ok) {
        g_byte_array_free(out, TRUE);
        return NULL;
    }
    return g_byte_array_free_to_bytes(out);
}

/* A Kroki render request: `body` is the journey. */
static void render_request(server *s, SoupServerMessage *msg, const char *fmt, GBytes *body)
{
    gsize len = 0;
    const char *text = g_bytes_get_data(body, &len);
    if (len > MAX_REQUEST_BYTES) {
        reply_text(msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "the journey is too large\n");
        return;
    }
    jmap_load_opts lo = {0};
    lo.no_image_check = true;
    lo.base_dir = "/nonexistent";
    jmap_doc *doc = jmap_load("<request>", text ? text : "", len, &lo);
    GString *diag = g_string_new(NULL);
    diags_text(&doc->diags, diag);
    GBytes *out = NULL;
    if (doc->journey && !doc->diags.errors) {
        drop_images(doc->journey);
        jmap_out_format f = strcmp(fmt, "png") == 0 ? JMAP_OUT_PNG : JMAP_OUT_SVG;
        render_svg(doc, NULL, f, &out, diag);
    }
    if (out) {
        gsize n = 0;
        const void *p = g_bytes_get_data(out, &n);
        reply(msg, SOUP_STATUS_OK, strcmp(fmt, "png") == 0 ? "image/png" : "image/svg+xml", p,
              n);
        g_bytes_unref(out);
    } else {
        reply_text(msg, SOUP_STATUS_BAD_REQUEST, diag->len ? diag->str : "could not render\n");
    }
    g_string_free(diag, TRUE);
    jmap_doc_free(doc);
}

static void kroki(server *s, SoupServerMessage *msg, const char *path, const char *method)
{
    /* /jmap/FMT or /jmap/FMT/ENCODED */
    const char *rest = path + strlen("/jmap/");
    const char *slash = strchr(rest, '/');
    char *fmt = slash ? g_strndup(rest, (gsize)(slash - rest)) : g_strdup(rest);
    if (strcmp(fmt, "svg") != 0 && strcmp(fmt, "png") != 0) {
        reply_text(msg, SOUP_STATUS_NOT_FOUND, "formats: /jmap/svg, /jmap/png\n");
    } else if (strcmp(method, "POST") == 0 && !slash) {
        SoupMessageBody *b = soup_server_message_get_request_body(msg);
        GBytes *body = soup_message_body_flatten(b);
        render_request(s, msg, fmt, body);
        g_bytes_unref(body);
    } else if (strcmp(method, "GET") == 0 && slash && slash[1]) {
        /* base64url, without padding */
        GString *b64 = g_string_new(slash + 1);
        if (b64->len > MAX_REQUEST_BYTES * 2) {
            reply_text(msg, SOUP_STATUS_REQUEST_URI_TOO_LONG, "the request is too long\n");
            g_string_free(b64, TRUE);
            g_free(fmt);
            return;
        }
        for (gsize i = 0; i < b64->len; i++)
            b64->str[i] = b64->str[i] == '-' ? '+' : b64->str[i] == '_' ? '/' : b64->str[i];
        while (b64->len % 4)
            g_string_append_c(b64, '=');
        gsize n = 0;
        guchar *raw = g_base64_decode(b64->str, &n);
        GBytes *text = n ? inflate(raw, n) : NULL;
        if (text) {
            render_request(s, msg, fmt, text);
            g_bytes_unref(text);
        } else {
            reply_text(msg, SOUP_STATUS_BAD_REQUEST,
                       "the path is not a journey compressed with deflate (zlib) and encoded "
                       "in base64url, or it inflates beyond 512 KiB\n");
        }
        g_free(raw);
        g_string_free(b64, TRUE);
    } else {
        reply_text(msg, SOUP_STATUS_METHOD_NOT_ALLOWED,
                   "POST /jmap/svg with the journey as the body, or GET /jmap/svg/ENCODED\n");
    }
    g_free(fmt);
}

static void handle(SoupServer *soup, SoupServerMessage *msg, const char *path, GHashTable *query,
                   gpointer data)
{
    server *s = data;
    const char *method = soup_server_message_get_method(msg);
    if (g_str_has_prefix(path, "/jmap/")) {
        kroki(s, msg, path, method);
        return;
    }
    if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) {
        reply_text(msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "GET only\n");
        return;
    }
    if (strcmp(path, "/") == 0) {
        page(s, msg);
    } else if (strcmp(path, "/map.svg") == 0) {
        if (s->svg) {
            gsize n = 0;
            const void *p = g_bytes_get_data(s->svg, &n);
            reply(msg, SOUP_STATUS_OK, "image/svg+xml", p, n);
        } else {
            reply_text(msg, SOUP_STATUS_NOT_FOUND, "not built yet\n");
        }
    } else if (strcmp(path, "/diagnostics") == 0) {
        reply_text(msg, SOUP_STATUS_OK, s->diagnostics ? s->diagnostics : "");
    } else if (strcmp(path, "/events") == 0) {
        events(s, msg);
    } else {
        reply_text(msg, SOUP_STATUS_NOT_FOUND, "not found\n");
    }
}

/* ------------------------------------------------- slow clients are closed */

static void request_started(SoupServer *soup, SoupServerMessage *msg, gpointer data)
{
    server *s = data;
    g_hash_table_insert(s->open, msg, GINT_TO_POINTER((int)(g_get_monotonic_time() / G_USEC_PER_SEC)));
}

static void request_done(SoupServer *soup, SoupServerMessage *msg, gpointer data)
{
    server *s = data;
    g_hash_table_remove(s->open, msg);
}

static void request_read(SoupServer *soup, SoupServerMessage *msg, gpointer data)
{
    /* the request is in: only the answer remains (an event stream lasts) */
    request_done(soup, msg, data);
}

static gboolean close_slow(gpointer data)
{
    server *s = data;
    int now = (int)(g_get_monotonic_time() / G_USEC_PER_SEC);
    GHashTableIter it;
    gpointer k, v;
    g_hash_table_iter_init(&it, s->open);
    while (g_hash_table_iter_next(&it, &k, &v)) {
        if (now - GPOINTER_TO_INT(v) < s->request_seconds)
            continue;
        GSocket *sock = soup_server_message_get_socket(k);
        if (sock)
            g_socket_close(sock, NULL);
        g_hash_table_iter_remove(&it);
    }
    return G_SOURCE_CONTINUE;
}

/* ---------------------------------------------------------------- command */

static bool loopback(const char *host)
{
    return strcmp(host, "127.0.0.1") == 0 || strcmp(host, "::1") == 0 ||
           strcmp(host, "localhost") == 0;
}

int cmd_serve(int argc, char **argv)
{
    int port = DEFAULT_PORT;
    char *host = NULL;
    gboolean quiet = FALSE, safe = FALSE;
    GOptionEntry entries[] = {
        {"port", 0, 0, G_OPTION_ARG_INT, &port, N_("Port to listen on (default 8717; 0: any free one)"),
         N_("N")},
        {"host", 0, 0, G_OPTION_ARG_STRING, &host,
         N_("Address to listen on (default 127.0.0.1: this machine only)"), N_("ADDR")},
        {"quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, N_("Errors only, no warnings"), NULL},
        CLI_SAFE_OPTION(&safe),
        {NULL, 0, 0, 0, NULL, NULL, NULL},
    };
    GOptionContext *ctx = g_option_context_new(N_("FILE - preview a journey map in a browser"));
    g_option_context_add_main_entries(ctx, entries, NULL);
    g_option_context_set_description(
        ctx, N_("Serves http://127.0.0.1:8717/: the map of FILE and its diagnostics, reloaded on\n"
             "every save. Also renders journeys sent in Kroki's API:\n"
             "  POST /jmap/svg (body: the journey)   GET /jmap/svg/<deflate+base64url>\n"
             "Runs until interrupted."));
    bool done;
    int status = cli_parse_options(ctx, "serve", &argc, &argv, &done);
    g_option_context_free(ctx);
    if (done)
        goto out;
    g_cli.quiet = quiet;
    g_cli.safe = g_cli.safe || safe;
    status = EXIT_USAGE;
    if (argc != 2 || strcmp(argv[1], "-") == 0) {
        cli_error("serve: one journey file");
        fprintf(stderr, _("Try 'jmap %s --help'.\n"), "serve");
        goto out;
    }
    if (port < 0 || port > 65535) {
        cli_error("serve: --port takes 0 to 65535");
        goto out;
    }
    const char *h = host ? host : "127.0.0.1";
    GInetAddress *addr = strcmp(h, "localhost") == 0 ? g_inet_address_new_loopback(G_SOCKET_FAMILY_IPV4)
                                                      : g_inet_address_new_from_string(h);
    if (!addr) {
        cli_error("serve: '%s' is not an IP address", cli_q(h));
        goto out;
    }
    if (!loopback(h))
        cli_warning("serving on %s: other machines can read the map and send journeys to "
                    "render", h);

    server s;
    memset(&s, 0, sizeof s);
    s.input = argv[1];
    s.quiet = quiet;
    s.streams = g_ptr_array_new();
    s.open = g_hash_table_new(NULL, NULL);
    s.cache = jmap_render_cache_new();
    s.diagnostics = g_strdup("");
    const char *rs = getenv("JMAP_SERVE_REQUEST_SECONDS");
    s.request_seconds = rs && atoi(rs) > 0 ? atoi(rs) : REQUEST_SECONDS;
    jmap_render_warm_up();
    s.soup = soup_server_new("server-header", "jmap/" JMAP_VERSION " ", NULL);
    soup_server_add_handler(s.soup, NULL, handle, &s, NULL);
    g_signal_connect(s.soup, "request-started", G_CALLBACK(request_started), &s);
    g_signal_connect(s.soup, "request-read", G_CALLBACK(request_read), &s);
    g_signal_connect(s.soup, "request-finished", G_CALLBACK(request_done), &s);
    g_signal_connect(s.soup, "request-aborted", G_CALLBACK(request_done), &s);
    GSocketAddress *sa = g_inet_socket_address_new(addr, (guint16)port);
    GError *err = NULL;
    cli_watcher *w = NULL;
    if (!soup_server_listen(s.soup, sa, 0, &err)) {
        cli_error("serve: cannot listen on %s port %d: %s", h, port, err->message);
        g_clear_error(&err);
        status = EXIT_IO;
    } else {
        GSList *uris = soup_server_get_uris(s.soup);
        char *u = uris ? g_uri_to_string(uris->data) : g_strdup("?");
        fprintf(stderr, _("jmap: serving %s at %s (Ctrl-C to stop)\n"), s.input, u);
        fflush(stderr);
        g_free(u);
        g_slist_free_full(uris, (GDestroyNotify)g_uri_unref);
        g_timeout_add_seconds(1, close_slow, &s);
        w = cli_watcher_new(build_preview, &s, quiet, announce, &s);
        status = cli_watcher_run(w);
    }
    cli_watcher_free(w);
    g_object_unref(sa);
    g_object_unref(addr);
    soup_server_disconnect(s.soup);
    g_object_unref(s.soup);
    g_ptr_array_free(s.streams, TRUE);
    g_hash_table_destroy(s.open);
    jmap_render_cache_free(s.cache);
    if (s.svg)
        g_bytes_unref(s.svg);
    g_free(s.title);
    g_free(s.diagnostics);
out:
    g_free(host);
    return status;
}
