#!/bin/bash
cd /work/redteam-s33; python3 -c '
import json,sys
d=json.load(open(sys.argv[1]))
print(d["verdict"], d.get("candidates"), d["credential"])
for x in d["findings"]:
    print("-",x["id"],x["severity"],x.get("strength")); [print("     ",e) for e in x["evidence"]]
' "$1.json"
