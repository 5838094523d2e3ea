#!/bin/bash
# usage: run.sh name...  (default: all *.txt)
cd /work/redteam-s34
if [ $# -eq 0 ]; then set -- $(ls *.txt | sed 's/\.txt$//'); fi
for n in "$@"; do ./bbdoctor explain --format json $DATEARG "$n.txt" > "$n.json" 2>/dev/null; done
python3 sum.py $(for n in "$@"; do echo $n.json; done)
