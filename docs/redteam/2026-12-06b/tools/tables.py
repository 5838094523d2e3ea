import json, sys
sys.path.insert(0, 'tools')
from classes import C, HELD
def answer(n):
    d = json.load(open(n + '.json'))
    errs = [f for f in d['findings'] if f['severity'] == 'error']
    f = errs[0] if errs else (d['findings'][0] if d['findings'] else None)
    s = f"`{d['verdict']}`"
    if f:
        ev = (f.get('evidence') or [''])[0]
        ev = ev.replace('|', '\\|')
        if len(ev) > 110: ev = ev[:110] + '…'
        s += f", {f['id']} ({f['strength']}): {ev}"
    if d.get('candidates'):
        s += f"; candidates {', '.join(d['candidates'])}"
    return s
def table(fam):
    rows = [(n, v) for n, v in C.items() if v[0] == fam]
    order = {'A': 0, 'A?': 1, 'B': 2, 'held': 3}
    rows.sort(key=lambda r: order[r[1][1]])
    out = ['| probe | class | true cause | bbdoctor | careful answer |', '|---|---|---|---|---|']
    for n, (f, c, t, care) in rows:
        tt = t.replace('|', '\\|')
        out.append(f'| {n} | {c} | {tt} | {answer(n)} | {care} |')
    return '\n'.join(out)
if __name__ == '__main__':
    print(table(sys.argv[1]))
