import sys,os,json,subprocess
sys.path.insert(0,os.path.dirname(__file__))
from classes import C
from notes import HEAD, FAM, ORDER, TOP
from why import WHY
os.chdir(os.path.join(os.path.dirname(__file__),".."))
def table(fam):
    return subprocess.run([sys.executable,"tools/tables.py",fam],capture_output=True,text=True).stdout
rows=[]
tot={"n":0,"A":0,"A?":0,"B":0,"held":0}
for f in ORDER:
    d={"n":0,"A":0,"A?":0,"B":0,"held":0}
    for n,(ff,cl,t,care) in C.items():
        if ff==f: d["n"]+=1; d[cl]+=1
    for k in d: tot[k]+=d[k]
    rows.append((f,d))
out=[HEAD.format(**tot)]
out.append("| # | family (new relative to s23-s28) | probes | A | A? | B | harmful fix told |\n|---|---|---|---|---|---|---|")
for f,d in rows:
    title,harm,_=FAM[f]
    out.append(f"| {f} | {title} | {d['n']} | **{d['A']}** | {d['A?']} | {d['B']} | {harm} |")
out.append(f"| | **total** | {tot['n']} | **{tot['A']}** | {tot['A?']} | {tot['B']} | |\n")
out.append(TOP)
for f,d in rows:
    title,harm,body=FAM[f]
    out.append(f"## {f} ({d['A']} A, {d['B']} B): {title}\n")
    out.append(table(f))
    w=[(n,WHY[n]) for n,(ff,cl,t,c) in C.items() if ff==f and cl in ("A","A?") and n in WHY]
    if w:
        out.append("**Why each A concluded** (the line it read, as what):\n")
        for n,x in w: out.append(f"- {n}: {x}")
        out.append("")
    out.append(body+"\n")
open("FINDINGS.md","w").write("\n".join(out))
print(tot)
