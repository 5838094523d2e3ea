# flip.py FILE : for each line, remove it and report if verdict/first-error changes
import sys,subprocess,json,os
BB="/work/redteam-s42/bbdoctor"; tmp=f"/tmp/flip-{os.getpid()}.txt"
L=open(sys.argv[1]).read().split("\n")
def run(ls):
    open(tmp,"w").write("\n".join(ls))
    d=json.loads(subprocess.run([BB,"explain","--format","json",tmp],capture_output=True,text=True).stdout)
    e=[f'{x["id"]}({x.get("strength")})' for x in d["findings"] if x["severity"]=="error"]
    return d["verdict"]+" "+(e[0] if e else "-")
base=run(L); print("BASE",base)
for i in range(len(L)):
    r=run(L[:i]+L[i+1:])
    if r!=base: print(i+1,r,"|",L[i][:110])
