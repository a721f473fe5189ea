import Primitives

/// Precompiles from Cancun (KZG point evaluation, 0x0a) and Prague (BLS12-381, 0x0b–0x11).
enum LaterPrecompiles {
    static func all(fork: Fork) -> [(Int, any Precompile)] {
        []
    }
}
