#!/bin/bash
# usage: ev.sh NAME  (NAME.json here or min/NAME.json)
cd "$(dirname "$0")"; f=$1.json; [ -f "$f" ] || f=min/$1.json
python3 -c '
import json,sys
d=json.load(open(sys.argv[1]))
print(d["verdict"], d.get("candidates"), d["credential"])
for x in d["findings"]:
    print("-",x["id"],x["severity"],x.get("strength")); [print("     ",e) for e in x["evidence"]]
' "$f"
