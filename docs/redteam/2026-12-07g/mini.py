# greedy line minimiser: mini.py SRC OUT VERDICT FIRSTID [DATE]  (keeps lines needed for verdict+first error id)
# FIRSTID '-' = no error finding needed (for L: keep verdict only)
import sys,subprocess,json
src,out,verdict,fid=sys.argv[1:5]
date=sys.argv[5] if len(sys.argv)>5 else None
if date and len(date)==7: date+="-15"
lines=open(src).read().split("\n")
def ok(ls):
    open("/tmp/mini46.txt","w").write("\n".join(ls))
    a=["/work/redteam-s46/bbdoctor","explain","--format","json"]+(["--date",date] if date else [])+["/tmp/mini46.txt"]
    o=subprocess.run(a,capture_output=True,text=True).stdout
    if not o.strip(): return False
    d=json.loads(o)
    e=[x["id"] for x in d["findings"] if x["severity"]=="error"]
    if fid=="-": return d["verdict"]==verdict
    return d["verdict"]==verdict and e and e[0]==fid
assert ok(lines)
i=0
while i<len(lines):
    t=lines[:i]+lines[i+1:]
    if ok(t): lines=t
    else: i+=1
open(out,"w").write("\n".join(lines)+"\n")
print("\n".join(lines))
