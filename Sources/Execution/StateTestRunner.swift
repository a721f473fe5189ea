import EVM
import Ethereum
import Foundation
import Primitives
import State

/// Runs ethereum/tests state-test files: builds the pre-state, applies the post entry's signed
/// transaction under the entry's fork, and compares the state root and logs hash (or, for an
/// entry that expects an exception, that the transaction is rejected).
public struct StateTestRunner: Sendable {
    /// One post entry's outcome.
    public struct Result: Sendable {
        public var name: String
        public var fork: String
        public var data: Int, gas: Int, value: Int
        public var pass: Bool
        public var stateRoot: String
        public var expected: String
        public var error: String?

        /// `{"name","fork","index":{"data","gas","value"},"pass","stateRoot","expected","error"}`.
        public var json: String {
            var object: [String: Any] = ["name": name, "fork": fork, "index": ["data": data, "gas": gas, "value": value],
                                         "pass": pass, "stateRoot": stateRoot, "expected": expected]
            object["error"] = error ?? NSNull()
            let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            return String(decoding: data, as: UTF8.self)
        }
    }

    public var forks: Set<String>?
    public let chainId: UInt64 = 1

    public init(forks: Set<String>? = nil) { self.forks = forks }

    /// Every `.json` file under the given files and directories, sorted.
    public static func collectFiles(_ paths: [String]) -> [String] {
        var out: [String] = []
        let fm = FileManager.default
        for path in paths {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDir) else { continue }
            if !isDir.boolValue { out.append(path); continue }
            if let e = fm.enumerator(atPath: path) {
                for case let rel as String in e where rel.hasSuffix(".json") { out.append((path as NSString).appendingPathComponent(rel)) }
            }
        }
        return out.sorted()
    }

    /// Runs every test in one file.
    public func run(file: String) -> [Result] {
        guard let data = FileManager.default.contents(atPath: file),
              let tests = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            return [Result(name: file, fork: "", data: 0, gas: 0, value: 0, pass: false, stateRoot: "", expected: "", error: "unreadable JSON")]
        }
        var results: [Result] = []
        for (name, value) in tests.sorted(by: { $0.key < $1.key }) {
            guard let test = value as? [String: Any] else { continue }
            results += run(name: name, test: test)
        }
        return results
    }

    func run(name: String, test: [String: Any]) -> [Result] {
        guard let env = test["env"] as? [String: Any], let pre = test["pre"] as? [String: Any],
              let post = test["post"] as? [String: Any] else {
            return [Result(name: name, fork: "", data: 0, gas: 0, value: 0, pass: false, stateRoot: "", expected: "", error: "malformed test")]
        }
        var world: WorldState
        do { world = try Self.buildPreState(pre) } catch {
            return [Result(name: name, fork: "", data: 0, gas: 0, value: 0, pass: false, stateRoot: "", expected: "", error: "pre-state: \(error)")]
        }
        let number = Self.u64(env["currentNumber"])
        for n in (number > 256 ? number - 256 : 0)..<number {
            world.blockHashes[n] = Keccak256.hash(Array(String(n).utf8))
        }
        let preRoot = world.stateRoot()
        var results: [Result] = []
        for (forkName, entriesValue) in post.sorted(by: { $0.key < $1.key }) {
            if let forks, !forks.contains(forkName) { continue }
            guard let entries = entriesValue as? [[String: Any]] else { continue }
            for entry in entries {
                let indexes = entry["indexes"] as? [String: Any] ?? [:]
                var r = Result(name: name, fork: forkName, data: indexes["data"] as? Int ?? 0, gas: indexes["gas"] as? Int ?? 0,
                               value: indexes["value"] as? Int ?? 0, pass: false, stateRoot: "",
                               expected: entry["hash"] as? String ?? "", error: nil)
                guard let fork = Fork(name: forkName) else {
                    r.error = "unknown fork \(forkName)"
                    results.append(r)
                    continue
                }
                let outcome = runEntry(world: world, preRoot: preRoot, env: env, fork: fork, entry: entry)
                r.stateRoot = outcome.root.description
                let expectedLogs = entry["logs"] as? String
                if let exception = entry["expectException"] as? String {
                    r.pass = outcome.rejection != nil && outcome.root.description == r.expected
                    if !r.pass { r.error = "expected \(exception), got \(outcome.rejection.map { "\($0)" } ?? "a valid transaction")" }
                } else if let rejection = outcome.rejection {
                    r.error = "unexpected rejection: \(rejection)"
                } else if outcome.root.description != r.expected {
                    r.error = "state root mismatch"
                } else if let expectedLogs, outcome.logsHash.description != expectedLogs {
                    r.error = "logs hash \(outcome.logsHash) != \(expectedLogs)"
                } else {
                    r.pass = true
                }
                results.append(r)
            }
        }
        return results
    }

    struct EntryOutcome {
        var root: Hash
        var logsHash: Hash
        var rejection: String?
    }

    func runEntry(world: WorldState, preRoot: Hash, env: [String: Any], fork: Fork, entry: [String: Any]) -> EntryOutcome {
        var world = world
        guard let txHex = entry["txbytes"] as? String, let raw = try? Hex.decode(txHex) else {
            return EntryOutcome(root: preRoot, logsHash: Log.hash(of: []), rejection: "no txbytes")
        }
        let block = Self.blockEnvironment(env, fork: fork, chainId: chainId)
        let schedule = BlobSchedule.mainnet(fork)
        do {
            let tx = try Transaction(envelope: raw)
            let sender = try TransactionRules.validate(tx, fork: fork, chainId: chainId, maxBlobsPerBlock: schedule.map { Int($0.max) })
            if let schedule, UInt64(tx.blobVersionedHashes.count) > schedule.max {
                return EntryOutcome(root: preRoot, logsHash: Log.hash(of: []), rejection: "too many blobs for the block")
            }
            let state = JournaledState(base: world)
            let result = try TransactionProcessor.execute(tx, sender: sender, state: state,
                                                          context: .init(block: block, fork: fork, blobBaseFee: block.blobBaseFee,
                                                                         blockGasAvailable: block.gasLimit))
            world.apply(state.changes())
            return EntryOutcome(root: world.stateRoot(), logsHash: Log.hash(of: result.logs), rejection: nil)
        } catch {
            return EntryOutcome(root: preRoot, logsHash: Log.hash(of: []), rejection: "\(error)")
        }
    }

    static func blockEnvironment(_ env: [String: Any], fork: Fork, chainId: UInt64) -> BlockEnvironment {
        BlockEnvironment(
            number: u64(env["currentNumber"]),
            coinbase: (try? Address(hex: env["currentCoinbase"] as? String ?? "")) ?? .zero,
            timestamp: u64(env["currentTimestamp"]),
            gasLimit: u64(env["currentGasLimit"]),
            baseFee: fork >= .london ? u256(env["currentBaseFee"]) : nil,
            difficulty: u256(env["currentDifficulty"]),
            prevRandao: Hash(u256(env["currentRandom"] ?? env["currentDifficulty"])),
            blobBaseFee: BlobSchedule.mainnet(fork).map { $0.blobBaseFee(excessBlobGas: u64(env["currentExcessBlobGas"])) },
            chainId: chainId)
    }

    static func buildPreState(_ pre: [String: Any]) throws -> WorldState {
        var world = WorldState()
        for (addressHex, value) in pre {
            guard let account = value as? [String: Any] else { continue }
            let address = try Address(hex: addressHex)
            var storage: [UInt256: UInt256] = [:]
            for (k, v) in account["storage"] as? [String: String] ?? [:] {
                storage[try UInt256(hex: k)] = try UInt256(hex: v)
            }
            world.setAccount(address, nonce: u64(account["nonce"]), balance: u256(account["balance"]),
                             code: try Hex.decode(account["code"] as? String ?? ""), storage: storage)
        }
        return world
    }

    static func u256(_ value: Any?) -> UInt256 {
        guard let s = value as? String else { return .zero }
        return (try? UInt256(hex: s)) ?? .zero
    }

    static func u64(_ value: Any?) -> UInt64 { u256(value).clampedUInt64 }
}
