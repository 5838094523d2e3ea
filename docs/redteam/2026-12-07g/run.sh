#!/bin/bash
# usage: run.sh [name...]  (default: all *.txt); BB overrides the binary; dates from dates.tsv (name<TAB>YYYY-MM[-DD])
cd "$(dirname "$0")"
BB=${BB:-/work/redteam-s46/bbdoctor}
python3 build.py
if [ $# -eq 0 ]; then set -- $(ls *.txt | sed 's/\.txt$//'); fi
for n in "$@"; do
  d=$(awk -F'\t' -v n="$n" '$1==n{print $2}' dates.tsv 2>/dev/null | head -1)
  a=()
  if [ -n "$d" ]; then [ ${#d} -eq 7 ] && d="$d-15"; a=(--date "$d"); fi
  "$BB" explain --format json "${a[@]}" "$n.txt" > "$n.json" 2>/dev/null
done
python3 sum.py $(for n in "$@"; do echo $n.json; done)
