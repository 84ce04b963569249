/*
 * fuzz_csv.c — libFuzzer harness for survey data (--data): a fixed journey
 * is parsed once, then each input is applied as a CSV to a fresh load of it
 * (jmap_apply_survey changes the model, so a doc is never reused). A survey
 * that applies is also analysed, as `jmap report --data` would.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "fuzz_fixed.h"
#include "jmap.h"
#include "report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Two personas, one touchpoint met by a single persona, a 1..5 scale: the
 * cases survey rows are checked against. */
static const char journey[] =
    "jmap: 1\n"
    "title: Survey\n"
    "personas:\n"
    "  - {id: claire, name: Claire}\n"
    "  - {id: marc, name: Marc}\n"
    "stages:\n"
    "  - name: Search\n"
    "    touchpoints:\n"
    "      - {id: comparateur, name: Comparateur, channel: web, emotion: 3}\n"
    "      - {id: souscription, name: Souscription, emotion: {claire: 2, marc: 4}}\n"
    "  - name: Follow-up\n"
    "    touchpoints:\n"
    "      - {id: affiliation, name: Affiliation, personas: [marc], emotion: 5}\n"
    "      - {id: assistance, name: Assistance, channel: phone}\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    jmap_doc *doc = fuzz_load_fixed(journey);
    bool ok = jmap_apply_survey(doc, "fuzz.csv", (const char *)data, size);
    fuzz_format_diags(doc);
    if (ok) {
        jmap_analysis *a = jmap_analysis_new(doc->journey, NULL);
        size_t len = 0;
        char *s = jmap_report_render(a, JMAP_REPORT_JSON, &len);
        free(s);
        jmap_analysis_free(a);
    }
    jmap_doc_free(doc);
    return 0;
}
