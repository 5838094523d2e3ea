import sys,glob,os
t=open('tokens.txt').read().split()
m={'{API1}':t[0],'{API2}':t[1],'{API3}':t[2],'{API4}':t[3],'{API5}':t[4],'{API6}':t[5],
   '{ACC1}':t[6],'{ACC2}':t[7],'{ACC3}':t[8],'{ACC4}':t[9],'{APP1}':t[10],'{APP2}':t[11],'{APP3}':t[12]}
for f in sys.argv[1:]:
    s=open(f).read()
    for k,v in m.items(): s=s.replace(k,v)
    open(os.path.basename(f),'w').write(s)
