# minib.py SRC OUT MUSTKEEP WANTID : greedy line minimiser for B probes. Keeps lines while the text still
# contains MUSTKEEP (a substring) and bbdoctor does NOT conclude WANTID as its first error.
import sys,subprocess,json
src,out,keep,want=sys.argv[1:5]
lines=open(src).read().split("\n")
def fails(ls):
    t="\n".join(ls)
    if any(k not in t for k in keep.split("&&")): return False
    open("/tmp/minib.txt","w").write(t)
    d=json.loads(subprocess.run(["/work/redteam-s40/bbdoctor","explain","--format","json","/tmp/minib.txt"],capture_output=True,text=True).stdout)
    e=[x["id"] for x in d["findings"] if x["severity"]=="error"]
    return not (d["verdict"] in ("problems","unreachable") and e and e[0]==want)
assert fails(lines)
i=0
while i<len(lines):
    t=lines[:i]+lines[i+1:]
    if fails(t): lines=t
    else: i+=1
open(out,"w").write("\n".join(lines)+"\n")
print("\n".join(lines))
