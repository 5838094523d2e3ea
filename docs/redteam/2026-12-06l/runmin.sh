#!/bin/bash
# usage: runmin.sh [name...] (min/*.txt); writes min/<name>.json and prints summaries
cd "$(dirname "$0")"
BB=${BB:-/work/redteam-s36/bbdoctor}
if [ $# -eq 0 ]; then set -- $(ls min/*.txt | xargs -n1 basename | sed 's/\.txt$//'); fi
for n in "$@"; do "$BB" explain --format json "min/$n.txt" > "min/$n.json" 2>/dev/null; done
python3 sum.py $(for n in "$@"; do echo min/$n.json; done)
