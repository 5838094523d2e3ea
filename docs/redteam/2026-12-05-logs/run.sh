#!/bin/bash
# usage: run.sh file [date]
f=$1; shift
/work/main/target/release/bbdoctor explain --format json "$@" "$f" > "${f%.txt}.json" 2>"${f%.txt}.err"
echo "== $f rc=$?"
python3 - "${f%.txt}.json" <<'PY'
import json,sys
try: d=json.load(open(sys.argv[1]))
except Exception as e: print("parse fail",e); sys.exit()
print("verdict:",d.get("verdict"))
for fi in d.get("findings",[]):
    ev=fi.get("evidence")
    print("  -",fi.get("id"),fi.get("severity"),fi.get("strength"),"|",str(ev)[:220])
c=d.get("candidates")
if c: print("  candidates:",[x.get("id") if isinstance(x,dict) else x for x in c])
PY
