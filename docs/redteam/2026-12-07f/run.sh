#!/bin/bash
# usage: run.sh [name...]  (default: all *.txt); BB overrides the binary
cd "$(dirname "$0")"
BB=${BB:-/work/redteam-s45/bbdoctor}
python3 build.py
if [ $# -eq 0 ]; then set -- $(ls *.txt | sed 's/\.txt$//'); fi
for n in "$@"; do "$BB" explain --format json "$n.txt" > "$n.json" 2>/dev/null; done
python3 sum.py $(for n in "$@"; do echo $n.json; done)
