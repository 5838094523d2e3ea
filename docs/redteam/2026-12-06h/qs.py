import json,sys,subprocess,os
for f in sys.argv[1:]:
    out=subprocess.run(["/work/redteam-s33/bbdoctor","explain","--format","json",f],capture_output=True,text=True).stdout
    try: d=json.loads(out)
    except Exception: print(f, "ERR", out[:200]); continue
    errs=[x for x in d["findings"] if x["severity"]=="error"]
    e=", ".join("%s(%s)"%(x["id"],x.get("strength")) for x in errs)
    w=[x["id"] for x in d["findings"] if x["severity"]!="error"]
    ev=errs[0]["evidence"][0][:140] if errs and errs[0].get("evidence") else ""
    print("%-34s %-12s E[%s] C%s W%s | %s"%(os.path.basename(f)[:34],d["verdict"],e,d.get("candidates",[])[:3],w,ev))
