#!/bin/bash
# usage: ./run.sh [name...]  (default: all *.txt probes)
cd "$(dirname "$0")"
BB=${BB:-./bbdoctor}
names=("$@"); if [ ${#names[@]} -eq 0 ]; then names=($(ls *.txt | grep -v -e '^tokens.txt$' | sed 's/\.txt$//')); fi
for n in "${names[@]}"; do
  d=""; [ -f "$n.date" ] && d="--date $(cat $n.date)"
  $BB explain --format json $d "$n.txt" > "$n.json" 2>/dev/null
  python3 - "$n" <<'PY'
import json,sys
n=sys.argv[1]; j=json.load(open(n+".json"))
def walk(j):
    r=j
    if isinstance(r,dict) and 'reports' in r: r=r['reports'][0]
    return r
r=walk(j)
v=r.get('verdict')
f=[x.get('id')+("("+x.get('strength','')+")" if x.get('strength') else "") for x in r.get('findings',[]) if x.get('severity')=='error']
c=r.get('candidates') or []
c=[x.get('id') if isinstance(x,dict) else x for x in c]
print(f"{n:40s} {v:13s} {' '.join(f[:3])}  cand={','.join(c[:4])}")
PY
done
