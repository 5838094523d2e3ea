import json,sys,os
sys.path.insert(0,os.path.dirname(__file__))
from classes import C
os.chdir(os.path.join(os.path.dirname(__file__),".."))
def ans(n):
    d=json.load(open(n+".json"))
    v=d["verdict"]; fs=d.get("findings",[])
    s=v
    if fs:
        f=fs[0]; ev=(f.get("evidence") or [""])[0]
        s+=f", {f['id']} ({f['strength']}): {ev[:110]}"
    c=d.get("candidates")
    if c: s+="; candidates "+", ".join(x.get("id") if isinstance(x,dict) else x for x in c)
    return s.replace("|","\\|")
fam=sys.argv[1]
print("| probe | class | true cause | bbdoctor | careful answer |\n|---|---|---|---|---|")
for n,(f,cl,t,care) in C.items():
    if f==fam: print(f"| {n} | {cl} | {t} | {ans(n)} | {care} |")
