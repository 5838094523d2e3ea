#!/bin/bash
# show findings with evidence for probes
for n in "$@"; do python3 - "$n" <<'PY'
import json,sys
n=sys.argv[1]; j=json.load(open(n+'.json'))
print('==',n,j['verdict'],j['credential']['kind'],j.get('candidates'))
for f in j['findings']: print('  ',f['id'],f['severity'],f.get('strength'),'|',f['evidence'][:3])
PY
done
