import random, string, zlib, sys
al = string.ascii_letters + string.digits + "_-"
def tok(prefix):
    body = prefix + "".join(random.choice(al) for _ in range(183-len(prefix)))
    s = body + "="
    return s + format(zlib.crc32(s.encode()) & 0xffffffff, '08X')
def apppw():
    body = "ATBB" + "".join(random.choice(string.ascii_letters+string.digits) for _ in range(24))
    return body + format(zlib.crc32(body.encode()) & 0xffffffff, '08X')
random.seed(int(sys.argv[1]) if len(sys.argv)>1 else 30)
for i in range(6): print(tok("ATATT3xFfGF0"))
for i in range(4): print(tok("ATCTT3xFfGN0"))
for i in range(3): print(apppw())
