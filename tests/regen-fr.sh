#!/bin/sh
# Regenerates the French diagnostics of tests/golden-fr/ (suite-i18n.sh)
# from the journeys of tests/golden/ (make regen runs it).
: "${JMAP:=build/jmap}"
for e in tests/golden-fr/*.err; do
    b=$(basename "$e" .err)
    NO_COLOR=1 LANGUAGE=fr LANG=fr_FR.UTF-8 LC_ALL= LC_MESSAGES= "$JMAP" check "tests/golden/$b.yaml" \
        >/dev/null 2>"$e"
done
