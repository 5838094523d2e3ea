# greedy line minimiser: mini.py SRC OUT VERDICT FIRSTID  (keeps lines needed for verdict+first error id)
import sys,subprocess,json
src,out,verdict,fid=sys.argv[1:5]
lines=open(src).read().split("\n")
def ok(ls):
    open("/tmp/mini45.txt","w").write("\n".join(ls))
    o=subprocess.run(["/work/redteam-s45/bbdoctor","explain","--format","json","/tmp/mini45.txt"],capture_output=True,text=True).stdout
    if not o.strip(): return False
    d=json.loads(o)
    e=[x["id"] for x in d["findings"] if x["severity"]=="error"]
    return d["verdict"]==verdict and e and e[0]==fid
assert ok(lines)
i=0
while i<len(lines):
    t=lines[:i]+lines[i+1:]
    if ok(t): lines=t
    else: i+=1
open(out,"w").write("\n".join(lines)+"\n")
print("\n".join(lines))
