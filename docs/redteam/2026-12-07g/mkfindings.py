# mkfindings.py: FINDINGS.md = parts/head.md + totals (from classes.tsv) + parts/body.md + held list
import csv,collections
rows=list(csv.DictReader(open('classes.tsv'),delimiter='\t'))
kinds=['rewording','translation','other client/version','pasting habit','near miss']
out=[open('parts/head.md').read()]
t=['| change | variants | A | A? | L | held |','|---|---:|---:|---:|---:|---:|']
for k in kinds+['all']:
    rs=[r for r in rows if k=='all' or r['kind']==k]; c=collections.Counter(r['class'] for r in rs); b='**' if k=='all' else ''
    t.append(f"| {b}{k}{b} | {b}{len(rs)}{b} | {b}{c['A']}{b} | {b}{c['A?']}{b} | {b}{c['L']}{b} | {b}{c['held']}{b} |")
v=[r for r in rows if r['name'].startswith('v-')]; n=[r for r in rows if r['name'].startswith('nm-')]
cv=collections.Counter(r['class'] for r in v); cn=collections.Counter(r['class'] for r in n)
t.append(''); t.append(f"Originals used: {len({r['original'] for r in rows})} (each first run from `dev-copy/` with its date; answers in `orig/`); same-failure variants (`v-`): {len(v)}; near misses (`nm-`): {len(n)}. Per-variant rows: `classes.tsv`.")
out.append('\n'.join(t)+'\n')
body=open('parts/body.md').read()
for k,val in dict(NV=len(v),NO=len({r['original'] for r in rows}),NVH=cv['held'],PCT=round(100*cv['held']/len(v)),NVA=cv['A'],NVA2=cv['A?'],NVL=cv['L'],NNA=cn['A'],NN=len(n)).items():
    body=body.replace('{'+k+'}',str(val))
out.append(body)
out.append(open('parts/sweep.md').read())
po=collections.defaultdict(collections.Counter)
for r in rows: po[r['original']][r['class']]+=1
pt=['## Per original (variants and near misses; non-held first)','','| original | variants | held | A | A? | L |','|---|---:|---:|---:|---:|---:|']
for o,c in sorted(po.items(), key=lambda kv:(-(kv[1]['A']*3+kv[1]['A?']*2+kv[1]['L']), kv[0])):
    pt.append(f"| {o} | {sum(c.values())} | {c['held']} | {c['A']} | {c['A?']} | {c['L']} |")
out.append('\n'.join(pt)+'\n')
h=['## Held list','','Every held variant, grouped by original (original answer in brackets), with its kind, the change and its answer.','']
by=collections.defaultdict(list)
for r in rows:
    if r['class']=='held': by[r['original']].append(r)
for o in sorted(by):
    rs=by[o]; h.append(f"- **{o}** [{rs[0]['original_answer']}]")
    for r in rs: h.append(f"  - `{r['name']}` — {r['kind']}: {r['change']} → {r['variant_answer']}")
out.append('\n'.join(h)+'\n')
open('FINDINGS.md','w').write('\n'.join(out))
print('ok',len(rows))
