# Reference BLS12-381 arithmetic in Python (dev-only helper for constant generation and checks).
p = 0x1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaaab
r = 0x73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001
X = 0xd201000000010000  # |x|, x negative
def inv(a, m=p): return pow(a, m-2, m)
# Fp2 as tuples (c0, c1), u^2 = -1
def f2add(a,b): return ((a[0]+b[0])%p, (a[1]+b[1])%p)
def f2sub(a,b): return ((a[0]-b[0])%p, (a[1]-b[1])%p)
def f2mul(a,b): return ((a[0]*b[0]-a[1]*b[1])%p, (a[0]*b[1]+a[1]*b[0])%p)
def f2neg(a): return ((-a[0])%p, (-a[1])%p)
def f2inv(a):
    n = inv((a[0]*a[0]+a[1]*a[1])%p)
    return (a[0]*n%p, (-a[1])*n%p)
def f2pow(a, e):
    r_ = (1,0)
    while e:
        if e&1: r_ = f2mul(r_, a)
        a = f2mul(a,a); e >>= 1
    return r_
def f2conj(a): return (a[0], (-a[1])%p)
xi = (1,1)
# generic affine EC ops; field ops passed in
class Curve:
    def __init__(s, add, sub, mul, inv_, neg, zero, one, b):
        s.add, s.sub, s.mul, s.inv, s.neg, s.zero, s.one, s.b = add, sub, mul, inv_, neg, zero, one, b
    def on(s, P):
        if P is None: return True
        x,y = P
        return s.mul(y,y) == s.add(s.mul(s.mul(x,x),x), s.b)
    def addp(s, P, Q):
        if P is None: return Q
        if Q is None: return P
        if P[0] == Q[0]:
            if P[1] == Q[1] and P[1] != s.zero:
                x,y = P
                three = s.add(s.add(s.one,s.one),s.one)
                lam = s.mul(s.mul(three, s.mul(x,x)), s.inv(s.add(y,y)))
            else: return None
        else:
            lam = s.mul(s.sub(Q[1],P[1]), s.inv(s.sub(Q[0],P[0])))
        x3 = s.sub(s.sub(s.mul(lam,lam), P[0]), Q[0])
        y3 = s.sub(s.mul(lam, s.sub(P[0], x3)), P[1])
        return (x3,y3)
    def mulp(s, P, k):
        R = None
        neg = k < 0
        k = abs(k)
        while k:
            if k&1: R = s.addp(R,P)
            P = s.addp(P,P); k >>= 1
        if neg and R is not None: R = (R[0], s.neg(R[1]))
        return R
E1 = Curve(lambda a,b:(a+b)%p, lambda a,b:(a-b)%p, lambda a,b:a*b%p, inv, lambda a:(-a)%p, 0, 1, 4)
E2 = Curve(f2add, f2sub, f2mul, f2inv, f2neg, (0,0), (1,0), (4,4))
G1 = (0x17f1d3a73197d7942695638c4fa9ac0fc3688c4f9774b905a14e3a3f171bac586c55e83ff97a1aeffb3af00adb22c6bb,
      0x08b3f481e3aaa0f1a09e30ed741d8ae4fcf5e095d5d00af600db18cb2c04b3edd03cc744a2888ae40caa232946c5e7e1)
G2 = ((0x024aa2b2f5f6e4a1d5f5b4e3c5e1f3d0d9bd9c9ed5f1c2c6c9e8b4c6b6e3c7c3b, 0),(0,0))  # placeholder, set below
