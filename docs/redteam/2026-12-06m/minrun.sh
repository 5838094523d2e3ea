#!/bin/bash
# usage: minrun.sh [name...] (default: all min/*.txt); runs bbdoctor on min/<name>.txt -> min/<name>.json
cd "$(dirname "$0")"
BB=${BB:-/work/redteam-s37/bbdoctor}
if [ $# -eq 0 ]; then set -- $(cd min && ls *.txt | sed 's/\.txt$//'); fi
for n in "$@"; do "$BB" explain --format json "min/$n.txt" > "min/$n.json" 2>/dev/null; done
python3 sum.py $(for n in "$@"; do echo min/$n.json; done)
