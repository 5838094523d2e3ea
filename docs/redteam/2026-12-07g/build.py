# build.py: fill synthetic tokens (gen.py) into src/*.txt templates -> <name>.txt (*.crlf.txt written with CRLF)
import glob,os,subprocess
def g(k,s): return subprocess.check_output(["python3","gen.py",k,str(s)],text=True).strip()
sub={}
for i in range(1,10): sub[f"@AT{i}@"]=g("at",800+i)
for i in range(1,5): sub[f"@CT{i}@"]=g("ct",900+i)
for i in range(1,5): sub[f"@BB{i}@"]=g("bb",950+i)
for f in glob.glob("src/*.txt"):
    s=open(f,newline="").read()
    for k,v in sub.items(): s=s.replace(k,v)
    assert "@AT" not in s and "@CT" not in s and "@BB" not in s, f
    name=os.path.basename(f)
    if name.endswith(".crlf.txt"):
        name=name[:-9]+".txt"; s=s.replace("\r\n","\n").replace("\n","\r\n")
    open(name,"w",newline="").write(s)
