import Primitives

/// Precompiles from Cancun (KZG point evaluation, 0x0a) and Prague (BLS12-381, 0x0b–0x11).
enum LaterPrecompiles {
    static func all(fork: Fork) -> [(Int, any Precompile)] {
        var list: [(Int, any Precompile)] = []
        if fork >= .cancun { list.append((0x0a, PointEvaluationPrecompile())) }
        if fork >= .prague {
            list += [
                (0x0b, BLS12381G1AddPrecompile()),
                (0x0c, BLS12381G1MSMPrecompile()),
                (0x0d, BLS12381G2AddPrecompile()),
                (0x0e, BLS12381G2MSMPrecompile()),
                (0x0f, BLS12381PairingCheckPrecompile()),
                (0x10, BLS12381MapFpToG1Precompile()),
                (0x11, BLS12381MapFp2ToG2Precompile()),
            ]
        }
        return list
    }
}
