import EVM
import Primitives

/// geth's `prestateTracer`: every account (and storage slot) the transaction touched, as it was
/// before the transaction; with `diffMode`, only what changed, before (`pre`) and after (`post`).
///
/// Accounts are looked up when first touched — the sender, recipient and coinbase at the start,
/// then at the opcodes that name an account or slot — before the opcode changes them.
public final class PrestateTracer: EVMTracer {
    public struct Config: Sendable {
        public var diffMode = false
        public var disableCode = false
        public var disableStorage = false
        public init(diffMode: Bool = false, disableCode: Bool = false, disableStorage: Bool = false) {
            self.diffMode = diffMode; self.disableCode = disableCode; self.disableStorage = disableStorage
        }
    }

    /// An account as the tracer reports it (geth omits a zero nonce, empty code and storage).
    public struct Account: Sendable, Equatable {
        /// nil in `post` when unchanged.
        public var balance: UInt256?
        public var code: [UInt8] = []
        public var nonce: UInt64 = 0
        public var storage: [UInt256: UInt256] = [:]
        /// Did not exist when looked up.
        var empty = false
    }

    public let config: Config
    public private(set) var pre: [Address: Account] = [:]
    public private(set) var post: [Address: Account] = [:]
    /// Accounts the transaction created, and accounts that self-destructed.
    public private(set) var created: Set<Address> = []
    public private(set) var deleted: Set<Address> = []
    var host: (any Host)?

    public init(config: Config = Config()) { self.config = config }

    public var tracesSteps: Bool { true }

    public func transactionStart(_ transaction: TracedTransaction, host: any Host) {
        self.host = host
        if transaction.isCreate { created.insert(transaction.to) }
        lookupAccount(transaction.from)
        lookupAccount(transaction.to)
        lookupAccount(transaction.coinbase)
        for authority in transaction.authorities { lookupAccount(authority) }
    }

    public func transactionEnd(gasUsed: UInt64, host: any Host) {
        if config.diffMode { processDiff(host) }
        // Created contracts had no prestate (unless something was there already).
        for address in created where pre[address]?.empty == true { pre[address] = nil }
    }

    public func step(_ frame: any TracedFrame, pc: Int, opcode: UInt8, gas: Int64) {
        let n = frame.stackCount
        let caller = frame.message.target
        switch opcode {
        case 0x54, 0x55:
            guard n >= 1 else { return }
            lookupStorage(caller, frame.stackItem(fromTop: 0))
        case 0x3c, 0x3f, 0x3b, 0x31, 0xff:
            guard n >= 1 else { return }
            lookupAccount(Address(truncating: frame.stackItem(fromTop: 0)))
            if opcode == 0xff { deleted.insert(caller) }
        case 0xf1, 0xf2, 0xf4, 0xfa:
            guard n >= 5 else { return }
            lookupAccount(Address(truncating: frame.stackItem(fromTop: 1)))
        case 0xf0:
            guard let host else { return }
            let address = ContractAddress.create(sender: caller, nonce: host.nonce(caller))
            lookupAccount(address)
            created.insert(address)
        case 0xf5:
            guard n >= 4 else { return }
            let offset = frame.stackItem(fromTop: 1), size = frame.stackItem(fromTop: 2)
            guard offset.fitsUInt64, size.fitsUInt64, size.w0 <= 0xFFFF_FFFF, offset.w0 <= 0xFFFF_FFFF else { return }
            let initcode = frame.memoryBytes(at: Int(offset.w0), count: Int(size.w0))
            let address = ContractAddress.create2(sender: caller, salt: frame.stackItem(fromTop: 3), initcodeHash: Keccak256.hash(initcode))
            lookupAccount(address)
            created.insert(address)
        default:
            break
        }
    }

    func lookupAccount(_ address: Address) {
        guard pre[address] == nil, let host else { return }
        var account = Account(balance: host.balance(address), code: host.code(address).bytes, nonce: host.nonce(address))
        account.empty = account.nonce == 0 && account.code.isEmpty && account.balance!.isZero
        if config.disableCode { account.code = [] }
        pre[address] = account
    }

    func lookupStorage(_ address: Address, _ key: UInt256) {
        guard !config.disableStorage, let host else { return }
        if pre[address] == nil { lookupAccount(address) }
        guard pre[address]?.storage[key] == nil else { return }
        pre[address]?.storage[key] = host.sload(address, key)
    }

    /// geth's `processDiffState`: keeps in `pre` only what changed, and puts the new values in `post`.
    func processDiff(_ host: any Host) {
        for (address, before) in pre {
            if deleted.contains(address) { continue }
            var modified = false
            var after = Account(balance: nil)
            let balance = host.balance(address)
            if balance != before.balance { modified = true; after.balance = balance }
            let nonce = host.nonce(address)
            if nonce != before.nonce { modified = true; after.nonce = nonce }
            if !config.disableCode {
                let code = host.code(address).bytes
                if code != before.code { modified = true; after.code = code }
            }
            if !config.disableStorage {
                for (key, value) in before.storage {
                    if value.isZero { pre[address]?.storage[key] = nil }
                    let now = host.sload(address, key)
                    if now == value {
                        pre[address]?.storage[key] = nil
                    } else {
                        modified = true
                        if !now.isZero { after.storage[key] = now }
                    }
                }
            }
            if modified { post[address] = after } else { pre[address] = nil }
        }
    }
}
