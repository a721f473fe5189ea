import Primitives

/// The interpreter's only window on the world: account and storage reads, journaled writes,
/// warm/cold access tracking and checkpoints. `Execution` implements it over the world state
/// (as revm's interpreter sees state only through its `Host` trait).
///
/// The interpreter is generic over the host's concrete type so calls are direct, never
/// through an existential in the loop.
public protocol Host: AnyObject {
    // MARK: Reads
    /// The balance of `address` (zero if absent).
    func balance(_ address: Address) -> UInt256
    /// The nonce of `address` (zero if absent).
    func nonce(_ address: Address) -> UInt64
    /// The code of `address`, analysed (empty if absent).
    func code(_ address: Address) -> Code
    /// The code hash of `address`; zero for an account that does not exist or is empty (EXTCODEHASH).
    func codeHash(_ address: Address) -> Hash
    /// True if an account exists at `address` (before EIP-161 even an empty one counts).
    func exists(_ address: Address) -> Bool
    /// True if `address` does not exist or is empty (EIP-161 "dead").
    func isDead(_ address: Address) -> Bool
    /// True if the account has non-empty storage (EIP-7610 create collision).
    func hasStorage(_ address: Address) -> Bool
    /// Current value of a storage slot.
    func sload(_ address: Address, _ key: UInt256) -> UInt256
    /// Value of a storage slot at the start of the transaction (EIP-2200 net metering).
    func originalStorage(_ address: Address, _ key: UInt256) -> UInt256
    /// Transient storage (EIP-1153).
    func tload(_ address: Address, _ key: UInt256) -> UInt256
    /// BLOCKHASH for one of the 256 most recent blocks.
    func blockHash(_ number: UInt64) -> Hash?

    // MARK: Access lists (EIP-2929)
    /// Marks `address` warm; returns true if it was cold.
    func warmAccount(_ address: Address) -> Bool
    /// Marks a slot warm; returns true if it was cold.
    func warmSlot(_ address: Address, _ key: UInt256) -> Bool

    // MARK: Journaled writes
    func sstore(_ address: Address, _ key: UInt256, _ value: UInt256)
    func tstore(_ address: Address, _ key: UInt256, _ value: UInt256)
    /// Moves `value` wei; false (and no change) if `from` cannot afford it.
    func transfer(from: Address, to: Address, value: UInt256) -> Bool
    /// Adds to a balance (fees, withdrawals, self-destruct beneficiaries).
    func addBalance(_ address: Address, _ value: UInt256)
    func setNonce(_ address: Address, _ nonce: UInt64)
    func setCode(_ address: Address, _ code: [UInt8])
    /// Starts a new contract account at `address`: storage wiped, nonce set, marked as created
    /// in this transaction (EIP-6780).
    func createAccount(_ address: Address, nonce: UInt64)
    /// SELFDESTRUCT: moves the balance to `beneficiary` and, if `destroy`, schedules the account's
    /// removal at the end of the transaction.
    func selfDestruct(_ address: Address, beneficiary: Address, destroy: Bool)
    /// True if `address` self-destructed in this transaction and will be removed at its end
    /// (journaled: a failed frame's self-destructs are forgotten).
    func isScheduledForDestruction(_ address: Address) -> Bool
    /// True if `address` was created in the current transaction (EIP-6780).
    func createdInTransaction(_ address: Address) -> Bool
    /// Marks an account touched (EIP-161 cleanup considers it).
    func touch(_ address: Address)
    /// Marks an existing account touched without creating it and outside the journal (the RIPEMD-160 exception).
    func markTouched(_ address: Address)

    // MARK: Checkpoints
    /// Opens a checkpoint for a nested call.
    func checkpoint() -> Int
    /// Undoes everything since `checkpoint`.
    func revert(to checkpoint: Int)
    /// Keeps everything since `checkpoint`.
    func commit(_ checkpoint: Int)
}
