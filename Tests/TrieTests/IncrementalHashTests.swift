import LanesTestSupport
import Primitives
import Trie
import XCTest

/// The incremental root: few hashes after a small change, and the same root as a fresh build.
final class IncrementalHashTests: XCTestCase {
    struct Rng {
        var source: SplitMix64
        init(state: UInt64) { source = SplitMix64(seed: state) }
        mutating func next() -> UInt64 { source.next() }
        mutating func bytes(_ n: Int) -> [UInt8] { (0..<n).map { _ in UInt8(truncatingIfNeeded: next()) } }
    }

    func testOneChangeHashesOnlyThePath() {
        var rng = Rng(state: 42)
        var trie = SecureTrie()
        var keys: [[UInt8]] = []
        var values: [[UInt8]] = []
        for _ in 0..<10_000 {
            keys.append(rng.bytes(20))
            values.append(rng.bytes(40))
            trie.update(keys.last!, value: values.last!)
        }
        _ = trie.rootHash
        let full = trie.hashCount
        values[1234] = rng.bytes(40)
        trie.update(keys[1234], value: values[1234])
        let root = trie.rootHash
        let incremental = trie.hashCount - full
        print("hashes: full build \(full), after one change \(incremental)")
        XCTAssertGreaterThan(full, 10_000)
        XCTAssertLessThanOrEqual(incremental, 10)
        XCTAssertGreaterThanOrEqual(incremental, 2)

        var fresh = SecureTrie()
        for (k, v) in zip(keys, values) { fresh.update(k, value: v) }
        XCTAssertEqual(root, fresh.rootHash)

        // Nothing changed: no hashing at all. Rewriting the same value: none either.
        let before = trie.hashCount
        _ = trie.rootHash
        trie.update(keys[5], value: values[5])
        _ = trie.rootHash
        XCTAssertEqual(trie.hashCount, before)

        // A deletion is also path-local.
        trie.remove(keys[77])
        let afterDelete = trie.rootHash
        XCTAssertLessThanOrEqual(trie.hashCount - before, 10)
        fresh.remove(keys[77])
        XCTAssertEqual(afterDelete, fresh.rootHash)
    }

    /// Random inserts, updates and deletes over a small key space (so keys collide, share
    /// prefixes and vary in length), checking the incremental root after every batch against a
    /// trie rebuilt from scratch and against the sorted one-pass build.
    func testRandomOperationsMatchRebuild() {
        var rng = Rng(state: 7)
        var trie = MerklePatriciaTrie()
        var model: [[UInt8]: [UInt8]] = [:]
        for round in 0..<300 {
            for _ in 0..<Int(rng.next() % 20) {
                let key = rng.bytes(Int(rng.next() % 4)).map { $0 & 0x13 }  // short, prefix-heavy keys
                if rng.next() % 3 == 0 {
                    trie.update(key, value: [])
                    model[key] = nil
                } else {
                    let value = rng.bytes(1 + Int(rng.next() % 40))
                    trie.update(key, value: value)
                    model[key] = value
                }
            }
            var rebuilt = MerklePatriciaTrie()
            for (k, v) in model.shuffled() { rebuilt.update(k, value: v) }
            let root = trie.rootHash
            XCTAssertEqual(root, rebuilt.rootHash, "round \(round)")
            XCTAssertEqual(root, Trie.root(of: model.map { (key: $0.key, value: $0.value) }), "round \(round)")
            for (k, v) in model { XCTAssertEqual(trie.get(k), v) }
        }
    }

    func testRandomSecureOperationsMatchRebuild() {
        var rng = Rng(state: 99)
        var trie = SecureTrie()
        var model: [[UInt8]: [UInt8]] = [:]
        let keySpace = (0..<400).map { _ in rng.bytes(20) }
        for round in 0..<40 {
            for _ in 0..<100 {
                let key = keySpace[Int(rng.next() % 400)]
                if rng.next() % 4 == 0 {
                    trie.remove(key)
                    model[key] = nil
                } else {
                    let value = rng.bytes(1 + Int(rng.next() % 80))
                    trie.update(key, value: value)
                    model[key] = value
                }
            }
            var rebuilt = SecureTrie()
            for (k, v) in model { rebuilt.update(k, value: v) }
            XCTAssertEqual(trie.rootHash, rebuilt.rootHash, "round \(round)")
        }
    }

    /// Upper branches resume hashing from sponge checkpoints: one or two changes per root over a
    /// wide trie (every upper branch full), in two copies that diverge after sharing their nodes,
    /// each checked against the one-pass build of its contents.
    func testCheckpointedBranchesAfterSmallChangesAndCopies() {
        var rng = Rng(state: 2026)
        var a = SecureTrie()
        var model: [[UInt8]: [UInt8]] = [:]
        let keySpace = (0..<5_000).map { _ in rng.bytes(20) }
        for key in keySpace { let v = rng.bytes(30); a.update(key, value: v); model[key] = v }
        _ = a.rootHash
        var b = a
        var modelB = model
        func root(_ m: [[UInt8]: [UInt8]]) -> Hash { Trie.root(of: m.map { (key: Keccak256.hash($0.key).bytes, value: $0.value) }) }
        for round in 0..<200 {
            for _ in 0..<(1 + Int(rng.next() % 2)) {
                let key = keySpace[Int(rng.next() % 5_000)]
                if rng.next() % 10 == 0 { a.remove(key); model[key] = nil } else { let v = rng.bytes(1 + Int(rng.next() % 40)); a.update(key, value: v); model[key] = v }
            }
            let key = keySpace[Int(rng.next() % 5_000)]
            let v = rng.bytes(8)
            b.update(key, value: v)
            modelB[key] = v
            if round % 20 == 0 {
                XCTAssertEqual(a.rootHash, root(model), "a, round \(round)")
                XCTAssertEqual(b.rootHash, root(modelB), "b, round \(round)")
            } else {
                _ = a.rootHash
                _ = b.rootHash
            }
        }
        XCTAssertEqual(a.rootHash, root(model))
        XCTAssertEqual(b.rootHash, root(modelB))
    }
}

