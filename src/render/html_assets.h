/*
 * html_assets.h — the style sheet and the script of the HTML page, kept as
 * plain files in src/render/assets/ and turned into these strings at build
 * time (scripts/embed-assets.sh).
 */
#ifndef JMAP_RENDER_HTML_ASSETS_H
#define JMAP_RENDER_HTML_ASSETS_H

extern const char jmap_asset_html_css[];
extern const char jmap_asset_html_js[];

#endif
