import sys,os,json
sys.path.insert(0,os.path.dirname(__file__))
from classes import C
os.chdir(os.path.join(os.path.dirname(__file__),".."))
fams={}
for n,(f,cl,t,care) in C.items():
    d=fams.setdefault(f,{"n":0,"A":0,"A?":0,"B":0,"held":0})
    d["n"]+=1; d[cl]+=1
    j=json.load(open(n+".json")); 
for f,d in fams.items(): print(f,d)
tot={k:sum(d[k] for d in fams.values()) for k in ["n","A","A?","B","held"]}
print(tot)
