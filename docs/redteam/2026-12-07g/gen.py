import random, string, zlib, sys
def tok(prefix, seed):
    r = random.Random(seed)
    alpha = string.ascii_letters + string.digits + "_-"
    body = prefix + "".join(r.choice(alpha) for _ in range(183-len(prefix))) + "="
    return body + "%08X" % (zlib.crc32(body.encode()) & 0xffffffff)
def atbb(seed):
    r = random.Random(seed)
    b = "ATBB" + "".join(r.choice(string.ascii_letters+string.digits) for _ in range(24))
    return b + "%08X" % (zlib.crc32(b.encode()) & 0xffffffff)
kind, seed = sys.argv[1], int(sys.argv[2])
print({"at": lambda s: tok("ATATT3xFfGF0", s), "ct": lambda s: tok("ATCTT3xFfGN0", s), "bb": atbb}[kind](seed))
