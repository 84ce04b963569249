#!/bin/sh
# Writes a synthetic journey: gen-journey.sh TOUCHPOINTS PERSONAS > file.yaml
# Stages of 8 touchpoints each, every text realistic in length.
tp=${1:-240}
np=${2:-4}
awk -v tp="$tp" -v np="$np" 'BEGIN {
    srand(42)
    print "jmap: 1"
    print "title: Synthetic journey with " tp " touchpoints"
    print "subtitle: Generated for the benchmark"
    print "personas:"
    for (p = 1; p <= np; p++) {
        print "  - name: Persona " p
        print "    role: Role of persona " p
        print "    quote: I want things to work the first time"
        print "    goals: [Save time, Understand the offer]"
    }
    print "stages:"
    chans = "web app email phone chat social store mail event"
    split(chans, ch, " ")
    for (t = 0; t < tp; t++) {
        if (t % 8 == 0) {
            s = t / 8 + 1
            print "  - name: Stage " s
            print "    goal: Reach the next step of the journey"
            print "    kpis: [{name: Conversion, value: " 20 + s % 30 ", target: 40, unit: \"%\"}]"
            print "    touchpoints:"
        }
        print "      - name: Touchpoint " t + 1 " on the way"
        print "        channel: " ch[t % 9 + 1]
        print "        doing: Reads the page and compares the offers side by side"
        print "        thinking: Is this really the right option for my team?"
        print "        feeling: curious"
        printf "        emotion: {"
        for (p = 1; p <= np; p++) printf "%spersona-%d: %d", (p > 1 ? ", " : ""), p, int(rand() * 5) + 1
        print "}"
        if (t % 5 == 0) print "        pains: [{text: Too many forms to fill in before a quote, severity: high}]"
        if (t % 7 == 0) print "        opportunities: [{text: One-page quote with a simulator, impact: high, effort: low}]"
    }
}'
