#!/bin/bash
# builds min/src/*.txt (token fill, like build.py) into min/*.txt, runs bbdoctor, prints summary
cd "$(dirname "$0")"
python3 - <<'PY'
import glob,os,subprocess
def g(k,s): return subprocess.check_output(["python3","gen.py",k,str(s)],text=True).strip()
sub={}
for i in range(1,10): sub[f"@AT{i}@"]=g("at",800+i)
for i in range(1,5): sub[f"@CT{i}@"]=g("ct",900+i)
for i in range(1,5): sub[f"@BB{i}@"]=g("bb",950+i)
for f in glob.glob("min/src/*.txt"):
    s=open(f,newline="").read()
    for k,v in sub.items(): s=s.replace(k,v)
    open("min/"+os.path.basename(f),"w",newline="").write(s)
PY
for f in min/*.txt; do n=${f%.txt}; /work/redteam-s36/bbdoctor explain --format json $f > $n.json 2>/dev/null || true; [ -s $n.json ] || echo '{"verdict":"PANIC","findings":[],"credential":{"kind":"-"}}' > $n.json; done
python3 sum.py min/*.json
