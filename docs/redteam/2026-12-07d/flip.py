# flip.py FILE: remove one line at a time; print lines whose removal changes verdict/first error(strength)
import sys,subprocess,json
def run(ls):
    open("/tmp/flip43.txt","w").write("\n".join(ls))
    d=json.loads(subprocess.run(["/work/redteam-s43/bbdoctor","explain","--format","json","/tmp/flip43.txt"],capture_output=True,text=True).stdout)
    e=[(x["id"],x.get("strength")) for x in d["findings"] if x["severity"]=="error"]
    return d["verdict"], e[0] if e else None
L=open(sys.argv[1]).read().split("\n"); base=run(L); print("base",base)
for i in range(len(L)):
    r=run(L[:i]+L[i+1:])
    if r!=base: print(i+1,r,repr(L[i][:120]))
