#!/bin/bash
# usage: ./run.sh [name...]  (default: all probes). Builds src/*.txt templates first.
cd "$(dirname "$0")"
python3 build.py >/dev/null
BB=./bbdoctor
names=("$@"); if [ ${#names[@]} -eq 0 ]; then names=($(ls src/*.txt | xargs -n1 basename | sed 's/\.txt$//')); fi
for n in "${names[@]}"; do
  d=""; [ -f "src/$n.date" ] && d="--date $(cat src/$n.date)"
  $BB explain --format json $d "$n.txt" > "$n.json" 2>/dev/null
  python3 - "$n" <<'PY'
import json,sys
n=sys.argv[1]; r=json.load(open(n+".json"))
if 'reports' in r: r=r['reports'][0]
v=r.get('verdict')
f=[x['id']+"("+x.get('strength','')+")" for x in r.get('findings',[]) if x.get('severity')=='error']
w=[x['id'] for x in r.get('findings',[]) if x.get('severity')!='error']
c=r.get('candidates') or []
c=[x.get('id') if isinstance(x,dict) else x for x in c]
print(f"{n:38s} {v:12s} {' '.join(f[:3])} w={','.join(w)} cand={','.join(c[:4])}")
PY
done
