# mini2.py SRC OUT VERDICT FIRSTID   (like mini.py; uses the frozen binary; FIRSTID '-' = no error finding)
import sys,subprocess,json,os
src,out,verdict,fid=sys.argv[1:5]
BB=os.environ.get("BB","/work/redteam-s42/bbdoctor")
tmp=f"/tmp/mini42-{os.getpid()}.txt"
lines=open(src).read().split("\n")
def ok(ls):
    open(tmp,"w").write("\n".join(ls))
    o=subprocess.run([BB,"explain","--format","json",tmp],capture_output=True,text=True).stdout
    if not o.strip(): return False
    d=json.loads(o)
    e=[x["id"] for x in d["findings"] if x["severity"]=="error"]
    if d["verdict"]!=verdict: return False
    return (not e) if fid=="-" else (bool(e) and e[0]==fid)
assert ok(lines)
i=0
while i<len(lines):
    t=lines[:i]+lines[i+1:]
    if ok(t): lines=t
    else: i+=1
open(out,"w").write("\n".join(lines)+"\n")
print("\n".join(lines))
