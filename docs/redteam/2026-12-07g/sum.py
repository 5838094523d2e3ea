import json,sys,os
for f in sys.argv[1:]:
    d=json.load(open(f))
    errs=[x for x in d['findings'] if x['severity']=='error']
    warns=[x['id'] for x in d['findings'] if x['severity']!='error']
    e=", ".join(f"{x['id']}({x.get('strength')})" for x in errs)
    print(f"{os.path.basename(f)[:-5]:45s} {d['verdict']:12s} E[{e}] C{d.get('candidates',[])[:4]} W{warns} kind={d['credential']['kind']}")
