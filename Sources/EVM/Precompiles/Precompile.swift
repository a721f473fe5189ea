import Primitives

/// What a precompile returns when it succeeds: its output and the gas it charged.
public struct PrecompileOutput: Equatable, Sendable {
    public var gasUsed: UInt64
    public var output: [UInt8]

    public init(gasUsed: UInt64, output: [UInt8]) {
        self.gasUsed = gasUsed
        self.output = output
    }
}

/// Why a precompile failed. Every failure consumes all the gas given to the call (the caller
/// sees a failed CALL with empty return data), as the yellow paper and the EIPs specify.
public enum PrecompileError: Error, Equatable, Sendable, CustomStringConvertible {
    case outOfGas
    case invalidInput(String)

    public var description: String {
        switch self {
        case .outOfGas: return "out of gas"
        case .invalidInput(let why): return why
        }
    }
}

/// A precompiled contract: native code at a fixed address. Implementations are stateless values;
/// pricing may depend on the fork (EIP-1108, EIP-2565, EIP-7883 …).
public protocol Precompile: Sendable {
    /// Runs on `input` with at most `gasLimit` gas under `fork`'s rules.
    func run(input: [UInt8], gasLimit: UInt64, fork: Fork) -> Result<PrecompileOutput, PrecompileError>
}

extension Precompile {
    /// Shared tail of every implementation: charge `cost` or fail with out-of-gas.
    @inlinable
    func charge(_ cost: UInt64, gasLimit: UInt64, output: () throws(PrecompileError) -> [UInt8]) -> Result<PrecompileOutput, PrecompileError> {
        guard cost <= gasLimit else { return .failure(.outOfGas) }
        do {
            return .success(PrecompileOutput(gasUsed: cost, output: try output()))
        } catch {
            return .failure(error)
        }
    }
}
