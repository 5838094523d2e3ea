# mini2.py SRC OUT DATE RIGHTID STRIP_REGEX : greedy-minimise lines keeping (variant -> not RIGHTID first)
# and (variant with STRIP_REGEX removed on every line -> problems/unreachable with RIGHTID first); writes OUT and OUT-ctl
import sys,subprocess,json,re
src,out,date,rid,rx=sys.argv[1:6]
if len(date)==7: date+='-15'
def run(ls):
    open('/tmp/mini2.txt','w').write('\n'.join(ls))
    a=['./bbdoctor','explain','--format','json']+(['--date',date] if date!='-' else [])+['/tmp/mini2.txt']
    d=json.loads(subprocess.run(a,capture_output=True,text=True).stdout)
    e=[x['id'] for x in d['findings'] if x['severity']=='error']
    return d['verdict'] in ('problems','unreachable') and e and e[0]==rid
def ctl(ls): return [re.sub(rx,'',l) for l in ls]
def ok(ls): return (not run(ls)) and run(ctl(ls))
ls=open(src).read().split('\n'); assert ok(ls)
i=0
while i<len(ls):
    t=ls[:i]+ls[i+1:]
    if ok(t): ls=t
    else: i+=1
open(out,'w').write('\n'.join(ls)+'\n'); open(out[:-4]+'-ctl.txt','w').write('\n'.join(ctl(ls))+'\n')
print('\n'.join(ls))
