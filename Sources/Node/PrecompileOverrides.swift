import EVM
import Primitives

/// What state overrides do to precompiles, as geth's `StateOverride.Apply` does with the active
/// set it is given (eth_call, eth_simulateV1): an overridden precompile stops being one (so code
/// put there runs), and `movePrecompileToAddress` runs it at another address for the call.
/// Which addresses a transaction starts warm does not change.
public enum PrecompileOverrides {
    /// One override as far as precompiles care: its address and where it moves the precompile.
    public typealias Entry = (address: Address, moveTo: Address?)

    /// Applies `overrides` (request order) to `set`; geth's errors, answered with -32000.
    public static func apply(_ overrides: [Entry], to set: inout PrecompileSet) throws(CallError) {
        let overridden = Set(overrides.map(\.address))
        var movedTo: Set<Address> = []
        for (address, destination) in overrides {
            if movedTo.contains(address) {
                throw CallError("account \(address.checksummed) has already been overridden by a precompile")
            }
            let precompile = set.precompile(at: address)
            if let destination {
                guard let precompile else { throw CallError("account \(address.checksummed) is not a precompile") }
                // The destination's own account is not cleared, but it may not be overridden too.
                if overridden.contains(destination) { throw CallError("account \(destination.checksummed) is already overridden") }
                set.install(precompile, at: destination)
                movedTo.insert(destination)
            }
            if precompile != nil { set.remove(address) }
        }
    }
}

extension CallEnvironment {
    /// Applies state overrides' effect on precompiles to this call's block (nothing changes, and
    /// the fork's set stays shared, when no override touches a precompile).
    public mutating func overridePrecompiles(_ overrides: [PrecompileOverrides.Entry]) throws(CallError) {
        var set = block.precompiles ?? PrecompileSet.forFork(fork)
        guard overrides.contains(where: { $0.moveTo != nil || set.precompile(at: $0.address) != nil }) else { return }
        try PrecompileOverrides.apply(overrides, to: &set)
        block.precompiles = set
    }
}
