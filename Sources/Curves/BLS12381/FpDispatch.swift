// F_p, F_p2 and F_p6 multiplication, F_p and F_p2 squaring, F_p12 cyclotomic squaring and F_p inversion:
// the MULX/ADCX/ADOX code of CBLSField when the CPU has BMI2 and ADX (detected once when the program
// loads), the portable Swift of FpArithmetic.swift, Fp.swift, Fp2.swift, Fp6.swift and Fp12.swift
// otherwise. Both compute the same canonical Montgomery results; the tests compare them.
import CBLSField

extension Fp {
    /// Montgomery multiplication.
    @inlinable @inline(__always)
    public static func * (a: Fp, b: Fp) -> Fp {
        cbls_fast_enabled() != 0 ? mulAssembly(a, b) : mulPortable(a, b)
    }

    /// a·a.
    @inlinable @inline(__always)
    public func squared() -> Fp {
        cbls_fast_enabled() != 0 ? Fp.squaredAssembly(self) : squaredPortable()
    }

    /// Multiplicative inverse (variable time: inputs are public); zero maps to zero.
    public func inverse() -> Fp {
        if isZero || cbls_fast_enabled() == 0 { return inversePortable() }
        var x = cValue, r = cbls_fp()
        // The `&` pointers are valid for the duration of the call, and the C code keeps none of them.
        cbls_fp_inv(&r, &x)
        return Fp(r)
    }

    @inlinable @inline(__always)
    init(_ c: cbls_fp) { self.init(l0: c.l.0, l1: c.l.1, l2: c.l.2, l3: c.l.3, l4: c.l.4, l5: c.l.5) }

    @inlinable @inline(__always)
    var cValue: cbls_fp { cbls_fp(l: (l0, l1, l2, l3, l4, l5)) }

    /// The assembly product; only valid while `cbls_fast_enabled()` (the C functions trap elsewhere).
    @inlinable
    static func mulAssembly(_ a: Fp, _ b: Fp) -> Fp {
        var x = a.cValue, y = b.cValue, r = cbls_fp()
        // The `&` pointers are valid for the duration of the call, and the C code keeps none of them.
        cbls_fp_mul(&r, &x, &y)
        return Fp(r)
    }

    /// The assembly square; only valid while `cbls_fast_enabled()`.
    @inlinable
    static func squaredAssembly(_ a: Fp) -> Fp {
        var x = a.cValue, r = cbls_fp()
        // The `&` pointers are valid for the duration of the call, and the C code keeps none of them.
        cbls_fp_sqr(&r, &x)
        return Fp(r)
    }
}

extension Fp2 {
    /// Product in F_p2.
    @inlinable @inline(__always)
    public static func * (a: Fp2, b: Fp2) -> Fp2 {
        cbls_fast_enabled() != 0 ? mulAssembly(a, b) : mulPortable(a, b)
    }

    /// a·a.
    @inlinable @inline(__always)
    public func squared() -> Fp2 {
        cbls_fast_enabled() != 0 ? Fp2.squaredAssembly(self) : squaredPortable()
    }

    @inlinable @inline(__always)
    init(_ c: cbls_fp2) { self.init(Fp(c.c0), Fp(c.c1)) }

    @inlinable @inline(__always)
    var cValue: cbls_fp2 { cbls_fp2(c0: c0.cValue, c1: c1.cValue) }

    /// The assembly product; only valid while `cbls_fast_enabled()`.
    @inlinable
    static func mulAssembly(_ a: Fp2, _ b: Fp2) -> Fp2 {
        var x = a.cValue, y = b.cValue, r = cbls_fp2()
        // The `&` pointers are valid for the duration of the call, and the C code keeps none of them.
        cbls_fp2_mul(&r, &x, &y)
        return Fp2(r)
    }

    /// The assembly square; only valid while `cbls_fast_enabled()`.
    @inlinable
    static func squaredAssembly(_ a: Fp2) -> Fp2 {
        var x = a.cValue, r = cbls_fp2()
        // The `&` pointers are valid for the duration of the call, and the C code keeps none of them.
        cbls_fp2_sqr(&r, &x)
        return Fp2(r)
    }
}

extension Fp6 {
    /// Product in F_p6.
    @inlinable @inline(__always)
    public static func * (a: Fp6, b: Fp6) -> Fp6 {
        cbls_fast_enabled() != 0 ? mulAssembly(a, b) : mulPortable(a, b)
    }

    @inlinable @inline(__always)
    init(_ c: cbls_fp6) { self.init(Fp2(c.c0), Fp2(c.c1), Fp2(c.c2)) }

    @inlinable @inline(__always)
    var cValue: cbls_fp6 { cbls_fp6(c0: c0.cValue, c1: c1.cValue, c2: c2.cValue) }

    /// The assembly product; only valid while `cbls_fast_enabled()`.
    @inlinable
    static func mulAssembly(_ a: Fp6, _ b: Fp6) -> Fp6 {
        var x = a.cValue, y = b.cValue, r = cbls_fp6()
        // The `&` pointers are valid for the duration of the call, and the C code keeps none of them.
        cbls_fp6_mul(&r, &x, &y)
        return Fp6(r)
    }
}

extension Fp12 {
    /// Squaring in the cyclotomic subgroup (Granger–Scott, eprint 2009/565).
    func cyclotomicSquared() -> Fp12 {
        cbls_fast_enabled() != 0 ? cyclotomicSquaredAssembly() : cyclotomicSquaredPortable()
    }

    /// The assembly cyclotomic squaring (the same formulas); only valid while `cbls_fast_enabled()`.
    func cyclotomicSquaredAssembly() -> Fp12 {
        var x = cbls_fp12(c0: c0.cValue, c1: c1.cValue), r = cbls_fp12()
        // The `&` pointers are valid for the duration of the call, and the C code keeps none of them.
        cbls_fp12_cyclotomic_sqr(&r, &x)
        return Fp12(Fp6(r.c0), Fp6(r.c1))
    }
}

/// Switches between the assembly and the portable arithmetic (tests of the fallback path; benchmarks).
/// Enabling has no effect on a CPU without BMI2/ADX or on other architectures.
public enum BLSFieldBackend {
    /// True when the CPU can run the assembly path.
    public static var assemblySupported: Bool { cbls_fast_supported() != 0 }
    /// True when multiplications currently use the assembly path.
    public static var assemblyEnabled: Bool { cbls_fast_enabled() != 0 }
    /// Selects the path for all threads; results are identical either way, so flipping it while other
    /// threads compute is harmless.
    public static func setAssemblyEnabled(_ enabled: Bool) { cbls_set_fast_enabled(enabled ? 1 : 0) }
}
