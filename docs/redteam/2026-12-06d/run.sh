#!/bin/bash
# usage: ./run.sh name...   (runs bbdoctor on name.txt, writes name.json, prints summary)
cd "$(dirname "$0")"
for n in "$@"; do
  n=${n%.txt}
  "${BB:-bbdoctor}" explain --format json "$n.txt" > "$n.json" 2>/dev/null
  python3 - "$n" <<'PY'
import json,sys
n=sys.argv[1]
d=json.load(open(n+".json"))
def walk(d):
    # find verdict / findings / candidates
    return d
s=json.dumps(d)
v=d.get("verdict") or (d.get("reports") or [{}])[0].get("verdict")
print(f"== {n}: verdict={v}")
r=d if "findings" in d else (d.get("reports") or d.get("files") or [d])[0]
for f in r.get("findings",[])[:3]:
    ev=f.get("evidence")
    if isinstance(ev,list) and ev: ev=ev[0]
    print("   F", f.get("id"), f.get("severity"), f.get("strength"), "|", str(ev)[:200])
c=r.get("candidates")
if c: print("   C", [x.get("id") if isinstance(x,dict) else x for x in c])
PY
done
