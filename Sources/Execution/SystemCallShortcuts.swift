import EVM
import Ethereum
import Primitives
import State

/// The effect of the system contracts' system-address paths written out, for the calls every
/// block makes: interpreting ~15 opcodes per call cost more than the rest of an empty block
/// (what `anvil_mine` produces by the million). Each shortcut applies only when the contract
/// holds exactly the EIPs' runtime code (checked by code hash) and the system address does not
/// exist (the EVM path would touch it), and does exactly what that code does; otherwise the call
/// runs in the EVM. SystemCallShortcutTests compares both on random inputs, and the blockchain
/// test fixtures cover them.
enum SystemCallShortcuts {
    /// keccak256 of the EIP-4788 beacon roots runtime code.
    static let beaconRootsCodeHash = try! Hash(hex: "0xf57acd40259872606d76197ef052f3d35588dadf919ee1f0e3cb9b62d3f4b02c")
    /// keccak256 of the EIP-2935 history storage runtime code.
    static let historyStorageCodeHash = try! Hash(hex: "0x6e49e66782037c0555897870e29fa5e552daf4719552131a0abce779daec0a5d")
    /// keccak256 of the EIP-7002 withdrawal request runtime code.
    static let withdrawalRequestsCodeHash = try! Hash(hex: "0x0345a365d2f4c5975b9f1599abe0a2ee76b7a3a731bc68781bd04c84e4858f50")
    /// keccak256 of the EIP-7251 consolidation request runtime code.
    static let consolidationRequestsCodeHash = try! Hash(hex: "0x78c6cb5202685228bbcbfb992b1c4e116c7ec5ef11e25b8e92716cfc628ddd60")

    /// The ring buffer size of EIP-4788 and EIP-2935.
    static let ring = UInt256(8191)

    private static func applies(_ state: JournaledState, _ target: Address, _ codeHash: Hash) -> Bool {
        state.codeHash(target) == codeHash && state.account(SystemCalls.systemAddress) == nil
    }

    /// What EIP-4788's system-address path stores: `sstore(ts % 8191, ts)`, `sstore(ts % 8191 + 8191, root)`.
    static func beaconRootWrites(timestamp: UInt64, root: UInt256)
        -> (timestamp: (slot: UInt256, value: UInt256), root: (slot: UInt256, value: UInt256)) {
        let value = UInt256(timestamp)
        let index = value % ring
        return ((index, value), (index &+ ring, root))
    }

    /// What EIP-2935's system-address path stores: `sstore((number - 1) % 8191, parentHash)`.
    static func historyWrite(number: UInt64, parentHash: UInt256) -> (slot: UInt256, value: UInt256) {
        (UInt256(number - 1) % ring, parentHash)
    }

    /// EIP-4788 and EIP-2935 as their system-address paths do them (`beaconRootWrites`,
    /// `historyWrite`); nil when the call must run in the EVM.
    static func ringBufferWrite(state: JournaledState, context: BlockContext, target: Address, input: [UInt8]) -> CallResult? {
        // CALLDATALOAD(0): the first 32 input bytes, zero-padded.
        var word: UInt256 { UInt256(bigEndian: input.count >= 32 ? Array(input[0..<32]) : input + [UInt8](repeating: 0, count: 32 - input.count))! }
        if target == SystemCalls.beaconRoots, applies(state, target, beaconRootsCodeHash) {
            let writes = beaconRootWrites(timestamp: context.environment.timestamp, root: word)
            state.beginTransaction()
            state.sstore(target, writes.timestamp.slot, writes.timestamp.value)
            state.sstore(target, writes.root.slot, writes.root.value)
            state.finalizeTransaction(fork: context.fork)
            return .stopped(gasLeft: 0)
        }
        if target == SystemCalls.historyStorage, context.environment.number > 0, applies(state, target, historyStorageCodeHash) {
            let write = historyWrite(number: context.environment.number, parentHash: word)
            state.beginTransaction()
            state.sstore(target, write.slot, write.value)
            state.finalizeTransaction(fork: context.fork)
            return .stopped(gasLeft: 0)
        }
        return nil
    }

    /// Whether an EIP-7002 / EIP-7251 request contract's system call would change nothing and
    /// return no requests: excess, count, queue head and tail all zero (the call dequeues
    /// nothing, and its writes put back the zeros that are there).
    static func requestQueueIsIdle(state: JournaledState, target: Address) -> Bool {
        guard let codeHash = requestContractCodeHash(target), applies(state, target, codeHash) else { return false }
        return queueSlotsAreZero { state.sload(target, $0) }
    }

    /// The canonical code hash of an EIP-7002 / EIP-7251 request contract, nil for other addresses.
    static func requestContractCodeHash(_ target: Address) -> Hash? {
        target == SystemCalls.withdrawalRequests ? withdrawalRequestsCodeHash
            : target == SystemCalls.consolidationRequests ? consolidationRequestsCodeHash : nil
    }

    /// Excess, count, queue head and tail (slots 0–3) all zero.
    static func queueSlotsAreZero(_ slot: (UInt256) -> UInt256) -> Bool {
        (0..<4).allSatisfy { slot(UInt256(UInt64($0))).isZero }
    }
}
