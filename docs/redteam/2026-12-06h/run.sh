#!/bin/bash
# usage: run.sh [name...]  builds src/ and runs bbdoctor on each probe; writes <name>.json and summary.out
cd /work/redteam-s33
python3 build.py
if [ $# -eq 0 ]; then set -- $(ls src/*.txt | xargs -n1 basename | sed 's/\.txt$//'); fi
for n in "$@"; do ./bbdoctor explain --format json "$n.txt" > "$n.json" 2>/dev/null; done
python3 sum.py $(for n in "$@"; do echo $n.json; done) | tee summary.out
