import Primitives

/// The block a transaction runs in, as the environment opcodes see it.
public struct BlockEnvironment: Sendable {
    public var number: UInt64
    public var coinbase: Address
    public var timestamp: UInt64
    public var gasLimit: UInt64
    /// nil before London.
    public var baseFee: UInt256?
    /// DIFFICULTY before the merge.
    public var difficulty: UInt256
    /// PREVRANDAO after the merge.
    public var prevRandao: Hash
    /// BLOBBASEFEE (Cancun); nil before.
    public var blobBaseFee: UInt256?
    public var chainId: UInt64
    /// Largest deployable code (EIP-170's 24,576 bytes); init code may be twice that (EIP-3860).
    /// Dev chains raise it (`--code-size-limit`, `--disable-code-size-limit`).
    public var maxCodeSize: Int = BlockEnvironment.standardMaxCodeSize

    /// EIP-170's limit.
    public static let standardMaxCodeSize = 24_576
    /// The precompiles calls in this block run, when not the fork's: eth_call's and eth_simulateV1's
    /// state overrides remove them (code overrides) and move them (`movePrecompileToAddress`).
    public var precompiles: PrecompileSet? = nil

    public init(number: UInt64 = 0, coinbase: Address = .zero, timestamp: UInt64 = 0, gasLimit: UInt64 = 30_000_000,
                baseFee: UInt256? = nil, difficulty: UInt256 = .zero, prevRandao: Hash = .zero,
                blobBaseFee: UInt256? = nil, chainId: UInt64 = 1) {
        self.number = number; self.coinbase = coinbase; self.timestamp = timestamp; self.gasLimit = gasLimit
        self.baseFee = baseFee; self.difficulty = difficulty; self.prevRandao = prevRandao
        self.blobBaseFee = blobBaseFee; self.chainId = chainId
    }
}

/// The transaction-wide context every frame shares.
public struct TransactionContext: Sendable {
    public var origin: Address
    /// The effective gas price (GASPRICE).
    public var gasPrice: UInt256
    public var blobHashes: [Hash]

    public init(origin: Address, gasPrice: UInt256, blobHashes: [Hash] = []) {
        self.origin = origin; self.gasPrice = gasPrice; self.blobHashes = blobHashes
    }
}

/// How a frame was entered.
public enum CallKind: UInt8, Sendable {
    case call, callCode, delegateCall, staticCall, create, create2
}

/// A message: the input of one call frame.
public struct Message: Sendable {
    public var kind: CallKind
    /// CALLER.
    public var caller: Address
    /// The account whose storage and balance the frame acts on (ADDRESS).
    public var target: Address
    /// Where the code comes from (differs from `target` for CALLCODE/DELEGATECALL and delegated EOAs).
    public var codeAddress: Address
    /// CALLVALUE (for DELEGATECALL the parent's value; nothing is transferred).
    public var value: UInt256
    public var input: [UInt8]
    public var gas: Int64
    public var depth: Int
    public var isStatic: Bool
    /// CREATE2 salt.
    public var salt: UInt256

    public init(kind: CallKind, caller: Address, target: Address, codeAddress: Address, value: UInt256,
                input: [UInt8], gas: Int64, depth: Int, isStatic: Bool, salt: UInt256 = .zero) {
        self.kind = kind; self.caller = caller; self.target = target; self.codeAddress = codeAddress
        self.value = value; self.input = input; self.gas = gas; self.depth = depth; self.isStatic = isStatic; self.salt = salt
    }
}
