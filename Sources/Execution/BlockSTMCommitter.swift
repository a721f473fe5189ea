import Ethereum
import Primitives
import State

/// The block's output put together one final transaction at a time, in block order: its receipt
/// and result, and its writes replayed onto the block's state changes. During the run the
/// committing worker calls it (see `BlockSTMScheduler.commitFinal`), while the transaction's
/// record and writes are still in a worker's cache; after the run, the caller commits what is left.
///
/// It also applies the block limits the parallel run could not know (gas and blob gas left depend
/// on the transactions before).
final class BlockSTMCommitter: @unchecked Sendable {
    /// Where committing stopped, if it did.
    enum Stop: Sendable {
        /// `stopOnInvalid` and this transaction is invalid: the block ends before it.
        case invalid(at: Int)
        /// A block limit excludes a transaction whose writes later ones may have read: only a
        /// sequential run gives the block.
        case needsSequential
    }

    // Touched only by the holder of the scheduler's commit gate, or by the executor once the
    // workers are done (the gate's acquire and release, and the pool's join, order the accesses),
    // so the dynamic exclusivity checks (a fifth of a commit's time) are left out.
    @exclusivity(unchecked) private var output = BlockExecutionOutput()
    @exclusivity(unchecked) private(set) var changes: StateChanges
    @exclusivity(unchecked) private(set) var stop: Stop?
    /// Transactions looked at so far: committed, or left out as invalid.
    @exclusivity(unchecked) private(set) var next = 0
    /// The code this block deployed, by hash.
    @exclusivity(unchecked) private(set) var newCodes: [Hash: [UInt8]] = [:]
    /// The committed transactions' access sets (see `BlockAccessSets`).
    @exclusivity(unchecked) private var accessLocations: [MVKey] = []
    @exclusivity(unchecked) private var accessEnds: [BlockAccessSets.Ends] = []

    private let transactions: [BlockTransaction]
    private let base: any StateReader
    private let gasLimit: UInt64
    private let maxBlobGas: UInt64?
    private let stopOnInvalid: Bool

    init(transactions: [BlockTransaction], base: any StateReader, preChanges: StateChanges, context: BlockContext, stopOnInvalid: Bool) {
        self.transactions = transactions
        self.base = base
        self.stopOnInvalid = stopOnInvalid
        gasLimit = context.environment.gasLimit
        maxBlobGas = context.blobSchedule.map { $0.max * BlobSchedule.gasPerBlob }
        changes = preChanges
        changes.accounts.reserveCapacity(preChanges.accounts.count + transactions.count * 2)
        output.receipts.reserveCapacity(transactions.count)
        output.results.reserveCapacity(transactions.count)
        output.included.reserveCapacity(transactions.count)
        accessLocations.reserveCapacity(transactions.count * 8)
        accessEnds.reserveCapacity(transactions.count)
    }

    /// Commits transaction `next`, whose record is final. False when the block stops here (`stop`).
    func commit(_ record: IncarnationRecord) -> Bool {
        guard stop == nil else { return false }
        let index = next
        // Two fields of the transaction, read in place (a copy would retain all its buffers).
        let (txGasLimit, blobs) = transactions.withUnsafeBufferPointer { ($0[index].transaction.gasLimit, $0[index].transaction.blobVersionedHashes.count) }
        let wrote = record.withWrites { !$0.isEmpty }
        if let maxBlobGas, blobs > 0, output.blobGasUsed + UInt64(blobs) * BlobSchedule.gasPerBlob > maxBlobGas {
            return exclude(index, .blobGasExceedsBlock, wrote: wrote)
        }
        let available = gasLimit - output.gasUsed
        if txGasLimit > available {
            return exclude(index, .gasLimitExceedsBlock(gas: txGasLimit, available: available), wrote: wrote)
        }
        let (outcome, takenReceipt) = record.takeResult()
        // Consumed: the result moves into the output (a copy retained its logs, which the
        // executing worker's core last wrote).
        switch consume outcome {
        case .failure(let error):
            output.invalid.append((index, error))
            if stopOnInvalid { stop = .invalid(at: index); return false }
        case .success(let result):
            output.gasUsed += result.gasUsed
            output.blobGasUsed += result.blobGasUsed
            // Moved and set in place through the optional: unwrapped into a variable first, the
            // receipt was copied (a retain of its logs) even when consumed.
            var receipt = consume takenReceipt
            receipt!.cumulativeGasUsed = output.gasUsed
            output.logsBloom.formUnion(receipt!.logsBloom)
            output.receipts.append(receipt.take()!)
            output.results.append(result)
            output.included.append(index)
            for (hash, bytes) in record.codes { newCodes[hash] = bytes }
            record.withReads { reads in for read in reads { accessLocations.append(read.key) } }
            let readsEnd = accessLocations.count
            record.withWrites { writes in
                for write in writes {
                    accessLocations.append(write.key)
                    apply(write)
                }
            }
            accessEnds.append(BlockAccessSets.Ends(reads: readsEnd, writes: accessLocations.count))
        }
        next = index + 1
        return true
    }

    /// A transaction a block limit leaves out: invalid, unless others may have read its writes.
    private func exclude(_ index: Int, _ error: TransactionError, wrote: Bool) -> Bool {
        if wrote && !stopOnInvalid { stop = .needsSequential; return false }
        output.invalid.append((index, error))
        if stopOnInvalid { stop = .invalid(at: index); return false }
        next = index + 1
        return true
    }

    /// One write onto the changes. Entries hold whole accounts: one that only has slots written or
    /// its storage wiped, or is credited, starts from the base state's account. One table lookup
    /// when the entry exists, two when it is made (most entries are made by a block's writes).
    @inline(__always) private func apply(_ write: MVWrite) {
        switch (write.key, write.value) {
        case (.account(let address), .account(let account)):
            // The default is a constant: no closure context to allocate, one lookup either way.
            changes.accounts[address, default: Self.absent].account = account
        case (.account(let address), .credit(let credit)):
            if credit.isZero { return }  // a fee recipient paid no tip: nothing changes
            if let i = changes.accounts.index(forKey: address) {
                changes.accounts.values[i].account = MVMemory.credited(changes.accounts.values[i].account, credit)
            } else {
                changes.accounts[address] = StateChanges.AccountChange(account: MVMemory.credited(base.account(address), credit))
            }
        case (.storage(let address, let slot), .storage(let value)):
            if let i = changes.accounts.index(forKey: address) {
                changes.accounts.values[i].storage[slot] = value
            } else {
                changes.accounts[address] = StateChanges.AccountChange(account: base.account(address), storage: [slot: value])
            }
        case (.storageReset(let address), .reset):
            if let i = changes.accounts.index(forKey: address) {
                changes.accounts.values[i].storageCleared = true
                changes.accounts.values[i].storage = [:]
            } else {
                changes.accounts[address] = StateChanges.AccountChange(account: base.account(address), storageCleared: true)
            }
        default:
            preconditionFailure("Block-STM: a write whose value does not fit its location")
        }
    }

    /// The entry a full account write starts when the account has none (it sets the account).
    private static let absent = StateChanges.AccountChange(account: nil)

    /// The receipts and results of the committed transactions, taken out (not copied: a copy
    /// still shared with `self` would be copied whole by its first change).
    func takeOutput() -> BlockExecutionOutput {
        var output = BlockExecutionOutput()
        swap(&output, &self.output)
        var locations: [MVKey] = [], ends: [BlockAccessSets.Ends] = []
        swap(&locations, &accessLocations)
        swap(&ends, &accessEnds)
        output.accessSets = BlockAccessSets(locations: locations, ends: ends)
        return output
    }

    /// The state changes of the committed transactions, taken out, with the code this block
    /// deployed attached to its accounts.
    func takeChanges() -> StateChanges {
        var changes = StateChanges()
        swap(&changes, &self.changes)
        if !newCodes.isEmpty {
            // Found first, set after: setting while iterating would copy the table the loop holds.
            let deployed = changes.accounts.compactMap { address, change -> (Address, [UInt8])? in
                guard let a = change.account, a.hasCode, change.code == nil, let bytes = newCodes[a.codeHash] else { return nil }
                return (address, bytes)
            }
            for (address, bytes) in deployed { changes.accounts[address]!.code = bytes }
        }
        return changes
    }
}
