import Ethereum
import Execution
import Primitives
import State
import Synchronization

/// A state reader that records every account and storage slot execution reads. Each location
/// reaches the base state once per run (the journal caches it), and writes read the original
/// value first, so the record is exactly what the transaction touched.
final class RecordingState: StateReader {
    let base: WorldState
    private let touched = Mutex<(accounts: [Address], seen: Set<Address>, slots: [Address: [UInt256]], seenSlots: Set<[UInt8]>)>(([], [], [:], []))

    init(base: WorldState) { self.base = base }

    func account(_ address: Address) -> Account? {
        note(address)
        return base.account(address)
    }

    func storage(_ address: Address, _ key: UInt256) -> UInt256 {
        note(address)
        touched.withLock { t in
            if t.seenSlots.insert(address.bytes + Hash(key).bytes).inserted { t.slots[address, default: []].append(key) }
        }
        return base.storage(address, key)
    }

    func code(_ codeHash: Hash) -> [UInt8] { base.code(codeHash) }
    func blockHash(_ number: UInt64) -> Hash? { base.blockHash(number) }
    func hasStorage(_ address: Address) -> Bool { base.hasStorage(address) }

    private func note(_ address: Address) {
        touched.withLock { t in if t.seen.insert(address).inserted { t.accounts.append(address) } }
    }

    /// The storage slots of `address` that execution read, in first-read order.
    func slots(of address: Address) -> [UInt256] { touched.withLock { $0.slots[address] ?? [] } }

    /// The touched locations in first-touch order, without `excluded` addresses (their slots stay).
    func accessList(excluding excluded: Set<Address>) -> [AccessListEntry] {
        touched.withLock { t in
            t.accounts.compactMap { address in
                let slots = t.slots[address] ?? []
                if excluded.contains(address) && slots.isEmpty { return nil }
                return AccessListEntry(address: address, storageKeys: slots.map { Hash($0) })
            }
        }
    }
}

extension CallSimulator {
    /// What `eth_createAccessList` answers: the access list the message needs, the gas it uses
    /// with that list, and the revert or failure if it does not succeed.
    public struct AccessListResult: Sendable {
        public var accessList: [AccessListEntry]
        public var gasUsed: UInt64
        public var error: String?
        public var revertData: [UInt8]?
    }

    /// geth's `AccessList`: run with the current list, record what the run touched (without the
    /// sender, the recipient or created contract, precompiles and the coinbase), and repeat with
    /// the recorded list until it no longer changes.
    public static func createAccessList(_ message: CallMessage, state: WorldState, environment: CallEnvironment) -> Result<AccessListResult, CallError> {
        CallThreads.shared.run {
            var excluded: Set<Address> = [message.from, environment.block.coinbase]
            if let to = message.to { excluded.insert(to) } else {
                excluded.insert(EVMAddress.create(message.from, nonce: state.account(message.from)?.nonce ?? 0))
            }
            for i in UInt64(1)...0x11 { excluded.insert(Address(hashSuffix: Hash(UInt256(i)))) }
            excluded.insert(Address(hashSuffix: Hash(UInt256(0x100))))
            var list = message.accessList
            for _ in 0..<8 {
                var m = message
                m.accessList = list
                let recorder = RecordingState(base: state)
                let outcome = run(m, state: recorder, environment: environment)
                let recorded = recorder.accessList(excluding: excluded)
                switch outcome {
                case .failure(let e):
                    return .failure(e)
                case .success(let result):
                    if recorded == list {
                        switch result {
                        case .success(_, let gas): return .success(AccessListResult(accessList: list, gasUsed: gas))
                        case .reverted(let output, let gas):
                            return .success(AccessListResult(accessList: list, gasUsed: gas, error: "execution reverted", revertData: output))
                        case .halted(let reason, let gas): return .success(AccessListResult(accessList: list, gasUsed: gas, error: reason))
                        }
                    }
                }
                list = recorded
            }
            return .failure(CallError("failed to converge on an access list"))
        }
    }
}

/// Contract-creation addresses (keccak(rlp([sender, nonce]))[12…]).
enum EVMAddress {
    static func create(_ sender: Address, nonce: UInt64) -> Address {
        var w = RLPWriter()
        w.appendList { w in
            w.append(sender)
            w.append(nonce)
        }
        return Address(hashSuffix: Keccak256.hash(w.bytes))
    }
}
