import Ethereum
import Primitives
import State
import Storage

/// What `evm_snapshot` remembers. Nothing is copied: the head state is a copy-on-write value
/// (taking it costs a reference), the chain's past is in the database with its undo records,
/// and the pool is a list of the transactions it held.
struct ChainSnapshot: Sendable {
    var point: StatePoint
    var blockHash: Hash
    var state: WorldState
    var pool: [PoolTransaction]
    var timeOffset: Int64
    var nextTimestamp: UInt64?
}

/// The live snapshots by id; ids count up from 0 as in Anvil.
struct SnapshotStore: Sendable {
    var byID: [UInt64: ChainSnapshot] = [:]
    var nextID: UInt64 = 0
}

extension DevNode {
    /// Remembers the chain as it is now (head, state with its edits, pool, clock) and returns the
    /// snapshot's id (evm_snapshot).
    public func snapshot() -> UInt64 {
        onProducer { [self] in
            let (head, point) = chain.headAndPoint
            let s = settings
            let snapshot = ChainSnapshot(point: point, blockHash: head.hash, state: head.state, pool: mempool.all(), timeOffset: s.timeOffset,
                                         nextTimestamp: s.nextTimestamp)
            return snapshots.withLock { store in
                defer { store.nextID += 1 }
                store.byID[store.nextID] = snapshot
                return store.nextID
            }
        }
    }

    /// The live snapshots: id, and the block each was taken at (anvil_metadata).
    public var snapshotList: [(id: UInt64, blockNumber: UInt64, blockHash: Hash)] {
        snapshots.withLock { store in
            store.byID.sorted { $0.key < $1.key }.map { ($0.key, $0.value.point.block, $0.value.blockHash) }
        }
    }

    /// Returns the chain to snapshot `id` (evm_revert): later blocks, their receipts and log index
    /// rows leave the database, the state and the pool are what they were, and the snapshot and
    /// every later one are used up. Returns false when there is no such snapshot.
    public func revert(to id: UInt64) throws(DevControlError) -> Bool {
        let outcome: Result<Bool, DevControlError> = onProducer { [self] in
            let found = snapshots.withLock { store -> ChainSnapshot? in
                guard let snapshot = store.byID[id] else { return nil }
                store.byID = store.byID.filter { $0.key < id }
                return snapshot
            }
            guard let snapshot = found else { return .success(false) }
            do {
                try chain.rewind(to: snapshot.point, state: snapshot.state)
            } catch {
                return .failure(DevControlError("revert failed: \(error)"))
            }
            updateSettings { s in
                s.timeOffset = snapshot.timeOffset
                s.nextTimestamp = snapshot.nextTimestamp
            }
            mempool.restore(snapshot.pool, state: snapshot.state, context: nextBlock().mempoolContext)
            return .success(true)
        }
        return try outcome.get()
    }

    /// Returns the chain to its genesis (anvil_reset, hardhat_reset without forking): every block
    /// after genesis, every dev-control edit, the pool and the snapshots are gone, and the clock
    /// runs without offset.
    public func reset() throws(DevControlError) {
        let failure: DevControlError? = onProducer { [self] in
            do {
                try chain.rewind(to: StatePoint(block: 0), state: chain.genesisState)
            } catch {
                return DevControlError("reset failed: \(error)")
            }
            snapshots.withLock { $0 = SnapshotStore() }
            instanceIDLock.withLock { $0 = DevNode.randomInstanceID() }
            mempool.clear()
            updateSettings { s in
                s.timeOffset = 0
                s.nextTimestamp = nil
                s.nextBaseFee = nil
                s.nextPrevRandao = nil
            }
            return nil
        }
        if let failure { throw failure }
    }
}
