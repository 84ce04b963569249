#!/bin/sh
# Writes a "billion laughs" journey: 21 levels of anchors, each aliasing the
# previous one ten times (10^21 nodes if expanded). jmap must refuse it fast.
# Used by the hostile-input tests and the benchmark. Usage: gen-laughs.sh > f.yaml
printf 'jmap: 1\ntitle: T\nstages: [{name: S}]\nx-0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
i=1
while [ $i -le 20 ]; do
    p=$((i - 1))
    printf 'x-%d: &a%d [*a%d,*a%d,*a%d,*a%d,*a%d,*a%d,*a%d,*a%d,*a%d,*a%d]\n' $i $i $p $p $p $p $p $p $p $p $p $p
    i=$((i + 1))
done
