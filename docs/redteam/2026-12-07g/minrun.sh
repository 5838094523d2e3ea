#!/bin/bash
# usage: minrun.sh [name...]  runs bbdoctor on min/<name>.txt (default all), writes min/<name>.json, prints summary
# date: dates.tsv entry for the variant (m-<variant>[-ctl] -> <variant>)
cd "$(dirname "$0")/min"
BB=${BB:-/work/redteam-s46/bbdoctor}
if [ $# -eq 0 ]; then set -- $(ls *.txt | sed 's/\.txt$//'); fi
for n in "$@"; do
  v=${n#m-}; v=${v%-ctl}
  d=$(awk -F'\t' -v n="$n" '$1==n{print $2}' ../dates.tsv 2>/dev/null | head -1)
  [ -z "$d" ] && d=$(awk -F'\t' -v n="$v" '$1==n{print $2}' ../dates.tsv 2>/dev/null | head -1)
  a=()
  if [ -n "$d" ]; then [ ${#d} -eq 7 ] && d="$d-15"; a=(--date "$d"); fi
  "$BB" explain --format json "${a[@]}" "$n.txt" > "$n.json" 2>/dev/null
done
python3 ../sum.py $(for n in "$@"; do echo $n.json; done)
