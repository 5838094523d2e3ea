# classify.py (s46, this round): writes classes.tsv from <name>.json, orig/<original>.json, kinds.tsv, dev-copy/reports.json
import json,glob,os,re,collections
R={r['file'][:-4]:r for r in json.load(open('dev-copy/reports.json'))}
K={}
for l in open('kinds.tsv'):
    n,k,tc,ch=l.rstrip('\n').split('\t'); K[n]=(k,tc,ch)
KN={'R':'rewording','T':'translation','C':'other client/version','P':'pasting habit','N':'near miss'}
def ans(d):
    errs=[f"{x['id']}({x.get('strength')})" for x in d['findings'] if x['severity']=='error']
    s=d['verdict']+(' '+', '.join(errs) if errs else '')
    if d.get('candidates'): s+=' C['+','.join(d['candidates'][:4])+']'
    return s
def errs(d): return [x for x in d['findings'] if x['severity']=='error']
CONF=('problems','unreachable')
rows=[]
for n in sorted(K):
    k,tc,ch=K[n]
    orig=re.sub(r'^(v|nm)-','',n); orig=re.sub(r'-\d+$','',orig)
    r=R[orig]; od=json.load(open(f'orig/{orig}.json')); vd=json.load(open(f'{n}.json'))
    right=[r['expected']]+(r.get('accept') or []) if r['expected'] else []
    oe=errs(od); ve=errs(vd)
    if r['expected']:
        orig_right=(od['verdict'] in CONF and oe and oe[0]['id'] in right) or (od['verdict']=='inconclusive' and r['expected'] in (od.get('candidates') or []))
    else:
        orig_right=od['verdict'] not in CONF
    if k=='N':
        true=tc; tid=tc.split(':')[0].split(' ')[0]
        if vd['verdict'] in CONF and not (ve and ve[0]['id']==tid): c='A'
        else: c='held'
    else:
        true=r['expected'] or 'none'
        if vd['verdict'] in CONF:
            if not right or ve[0]['id'] not in right: c='A'
            else:
                extra=[x['id'] for x in ve[1:] if x.get('strength') in ('shown','observed') and x['id'] not in right+(r.get('also') or []) and x['id'] not in [y['id'] for y in oe]]
                c='A?' if extra else 'held'
        else:
            if od['verdict'] in CONF and orig_right: c='L'
            else: c='held'
    rows.append(dict(name=n,original=orig,cls=c,true_cause=true,original_answer=ans(od)+('' if orig_right else ' [original not right]'),variant_answer=ans(vd),kind=KN[k],change=ch))
with open('classes.tsv','w') as o:
    o.write('name\toriginal\tclass\ttrue_cause\toriginal_answer\tvariant_answer\tkind\tchange\n')
    for x in rows: o.write('\t'.join(x[c] for c in ('name','original','cls','true_cause','original_answer','variant_answer','kind','change'))+'\n')
tot=collections.Counter(x['cls'] for x in rows)
print('all',len(rows),dict(tot),'originals',len({x['original'] for x in rows}))
for kn in KN.values():
    c=collections.Counter(x['cls'] for x in rows if x['kind']==kn); print(kn,sum(c.values()),dict(c))
for x in rows:
    if x['cls']!='held': print(x['cls'],x['name'],'|',x['variant_answer'])
