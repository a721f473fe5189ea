/// How a frame ended. Grouped as revm's `InstructionResult`: success, revert, then the
/// exceptional halts that consume all remaining gas.
public enum InstructionResult: UInt8, Sendable {
    // Success
    case stop = 0, returned, selfDestructed
    // Revert: remaining gas is returned, state changes are undone.
    case reverted = 0x10
    // Exceptional halts: all gas is consumed.
    case outOfGas = 0x20, invalidOpcode, invalidJump, stackUnderflow, stackOverflow, staticViolation,
         returnDataOutOfBounds, callDepthExceeded, insufficientBalance, createCollision, codeSizeExceeded,
         invalidCodePrefix, initcodeSizeExceeded, nonceOverflow, precompileFailure, outOfFunds

    /// Still running (internal to the loop).
    case running = 0xff

    @inlinable public var isSuccess: Bool { rawValue < 0x10 }
    @inlinable public var isRevert: Bool { self == .reverted }
    @inlinable public var isHalt: Bool { rawValue >= 0x20 && self != .running }
}
