#!/bin/bash
# usage: minrun.sh [name...]  runs bbdoctor on min/<name>.txt (default all), writes min/<name>.json, prints summary
cd "$(dirname "$0")/min"
BB=${BB:-/work/redteam-s45/bbdoctor}
if [ $# -eq 0 ]; then set -- $(ls *.txt | sed 's/\.txt$//'); fi
for n in "$@"; do "$BB" explain --format json "$n.txt" > "$n.json" 2>/dev/null; done
python3 ../sum.py $(for n in "$@"; do echo $n.json; done)
