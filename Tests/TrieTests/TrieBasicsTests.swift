import Primitives
import Trie
import XCTest

/// Hex-prefix encoding, the empty root, get/delete, ordered-list roots and snapshots.
final class TrieBasicsTests: XCTestCase {
    func hexPrefix(_ nibbles: [UInt8], leaf: Bool) -> [UInt8] {
        var out: [UInt8] = []
        HexPrefix.append(NibblePath(nibbles: nibbles), isLeaf: leaf, to: &out)
        return out
    }

    func testHexPrefixVectors() throws {
        // Yellow paper appendix C / execution-specs examples.
        XCTAssertEqual(hexPrefix([1, 2, 3, 4, 5], leaf: false), [0x11, 0x23, 0x45])
        XCTAssertEqual(hexPrefix([0, 1, 2, 3, 4, 5], leaf: false), [0x00, 0x01, 0x23, 0x45])
        XCTAssertEqual(hexPrefix([0, 0xf, 1, 0xc, 0xb, 8], leaf: true), [0x20, 0x0f, 0x1c, 0xb8])
        XCTAssertEqual(hexPrefix([0xf, 1, 0xc, 0xb, 8], leaf: true), [0x3f, 0x1c, 0xb8])
        XCTAssertEqual(hexPrefix([], leaf: true), [0x20])
        for nibbles in [[], [7], [1, 2], [0xa, 0xb, 0xc]] as [[UInt8]] {
            for leaf in [false, true] {
                let (path, isLeaf) = try HexPrefix.decode(hexPrefix(nibbles, leaf: leaf))
                XCTAssertEqual(path.nibbles, nibbles)
                XCTAssertEqual(isLeaf, leaf)
            }
        }
        XCTAssertThrowsError(try HexPrefix.decode([0x01]))  // even path with a non-zero pad nibble
        XCTAssertThrowsError(try HexPrefix.decode([0x40]))
    }

    /// Paths that are views into packed bytes (what the trie's leaves are), starting and ending
    /// on any nibble, encode as the same nibbles packed one by one.
    func testHexPrefixOfPathViewsAtEveryOffset() {
        let bytes: [UInt8] = (0..<12).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        let nibbles = bytes.flatMap { [$0 >> 4, $0 & 0x0f] }
        for start in 0...nibbles.count {
            for end in start...nibbles.count {
                for leaf in [false, true] {
                    var out: [UInt8] = []
                    HexPrefix.append(NibblePath(bytes: bytes, start: start, end: end), isLeaf: leaf, to: &out)
                    XCTAssertEqual(out, packedOneByOne(Array(nibbles[start..<end]), leaf: leaf), "nibbles \(start)..<\(end)")
                }
            }
        }
    }

    /// Appendix C written out: flag nibble, odd first nibble, then pairs.
    func packedOneByOne(_ nibbles: [UInt8], leaf: Bool) -> [UInt8] {
        let flag: UInt8 = leaf ? 2 : 0
        var out: [UInt8] = [nibbles.count % 2 == 1 ? (flag | 1) << 4 | nibbles[0] : flag << 4]
        var rest = nibbles.count % 2 == 1 ? Array(nibbles.dropFirst()) : nibbles
        while !rest.isEmpty {
            out.append(rest[0] << 4 | rest[1])
            rest.removeFirst(2)
        }
        return out
    }

    /// The word-at-a-time common prefix agrees with a nibble-by-nibble count, at every parity
    /// and offset, for paths that differ at every position or not at all.
    func testCommonPrefixLengthMatchesNibbleByNibble() {
        var rng = SplitMix64(seed: 0x91b)
        for _ in 0..<3_000 {
            let length = Int(rng.next() % 40)
            let a = (0..<length).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            var b = a
            if !b.isEmpty, rng.next() % 4 != 0 { b[Int(rng.next() % UInt64(b.count))] ^= UInt8(1 << (rng.next() % 8)) }
            let n = 2 * length
            let startA = n == 0 ? 0 : Int(rng.next() % UInt64(n + 1)), startB = rng.next() % 2 == 0 ? startA : Int(rng.next() % UInt64(n + 1))
            let endA = startA + Int(rng.next() % UInt64(n - startA + 1)), endB = startB + Int(rng.next() % UInt64(n - startB + 1))
            let x = NibblePath(bytes: a, start: startA, end: endA), y = NibblePath(bytes: b, start: startB, end: endB)
            var expected = 0
            while expected < min(endA - startA, endB - startB) && x[expected] == y[expected] { expected += 1 }
            XCTAssertEqual(x.commonPrefixLength(with: y), expected, "\(a) \(startA)..<\(endA) vs \(b) \(startB)..<\(endB)")
        }
    }

    func testEmptyRoot() {
        XCTAssertEqual(Trie.emptyRoot, Keccak256.hash([0x80]))
        XCTAssertEqual(Trie.emptyRoot.description, "0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421")
        var t = MerklePatriciaTrie()
        XCTAssertEqual(t.rootHash, Trie.emptyRoot)
        XCTAssertEqual(Trie.root(ofOrderedList: []), Trie.emptyRoot)
        t.update([1, 2], value: [3])
        t.update([1, 2], value: [])
        XCTAssertTrue(t.isEmpty)
        XCTAssertEqual(t.rootHash, Trie.emptyRoot)
    }

    func testGetUpdateRemove() {
        var t = MerklePatriciaTrie()
        let words = ["do", "dog", "doge", "horse", "", "d", "dogecoin"]
        for w in words { t[Array(w.utf8)] = Array(("v" + w).utf8) }
        for w in words { XCTAssertEqual(t[Array(w.utf8)], Array(("v" + w).utf8), w) }
        XCTAssertNil(t[Array("cat".utf8)])
        XCTAssertNil(t[Array("dogs".utf8)])
        XCTAssertTrue(t.remove(Array("dog".utf8)))
        XCTAssertFalse(t.remove(Array("dog".utf8)))
        XCTAssertNil(t[Array("dog".utf8)])
        XCTAssertEqual(t[Array("doge".utf8)], Array("vdoge".utf8))
        let entries = words.filter { $0 != "dog" }.map { (key: Array($0.utf8), value: Array(("v" + $0).utf8)) }
        XCTAssertEqual(t.rootHash, Trie.root(of: entries))
    }

    func testOrderedListMatchesTrie() {
        for n in [1, 2, 3, 16, 127, 128, 129, 130, 255, 256, 257, 600] {
            let items = (0..<n).map { i in [UInt8](repeating: UInt8(truncatingIfNeeded: i * 31 + 7), count: 1 + i % 70) }
            var t = MerklePatriciaTrie()
            for (i, item) in items.enumerated() {
                var w = RLPWriter()
                w.append(i)
                t.update(w.bytes, value: item)
            }
            XCTAssertEqual(Trie.root(ofOrderedList: items), t.rootHash, "n = \(n)")
        }
    }

    func testSnapshotIsIndependent() {
        var a = MerklePatriciaTrie()
        for i in 0..<200 { a.update(Keccak256.hash([UInt8(i)]).bytes, value: [UInt8(i), 1]) }
        let rootA = a.rootHash
        var b = a  // O(1) snapshot
        b.update(Keccak256.hash([7]).bytes, value: [9, 9, 9])
        b.remove(Keccak256.hash([8]).bytes)
        XCTAssertNotEqual(b.rootHash, rootA)
        XCTAssertEqual(a.rootHash, rootA)
        XCTAssertEqual(a.computeRootHash(), rootA)
        XCTAssertEqual(a.get(Keccak256.hash([7]).bytes), [7, 1])
        XCTAssertEqual(a.get(Keccak256.hash([8]).bytes), [8, 1])
        // And the other way round: writing the original leaves the snapshot alone.
        let rootB = b.rootHash
        a.update(Keccak256.hash([100]).bytes, value: [])
        XCTAssertEqual(b.computeRootHash(), rootB)
        XCTAssertEqual(b.get(Keccak256.hash([100]).bytes), [100, 1])
    }

    /// A trie that owns its nodes writes them in place: no copies along the path.
    func testUniqueTrieMutatesInPlace() {
        var t = MerklePatriciaTrie()
        let keys = (0..<300).map { Keccak256.hash([UInt8($0 & 0xff), UInt8($0 >> 8)]).bytes }
        for k in keys { t.update(k, value: [1]) }
        _ = t.rootHash
        let root = ObjectIdentifier(t.root!)
        let child = ObjectIdentifier(t.root!.children[Int(keys[0][0] >> 4)]!)
        t.update(keys[0], value: [2])
        t.remove(keys[1])
        t.update(keys[2], value: [])
        _ = t.rootHash
        XCTAssertEqual(ObjectIdentifier(t.root!), root)
        XCTAssertEqual(ObjectIdentifier(t.root!.children[Int(keys[0][0] >> 4)]!), child)
        // After a snapshot, the first write copies the path instead.
        let snapshot = t
        t.update(keys[0], value: [3])
        XCTAssertNotEqual(ObjectIdentifier(t.root!), root)
        XCTAssertEqual(ObjectIdentifier(snapshot.root!), root)
    }
    /// Incremental roots (a branch re-encodes only its changed children, reading the others from
    /// its last encoding) match roots built from scratch, through random updates and deletes with
    /// roots taken in between, on the trie and on snapshots written after it moved on.
    func testIncrementalRootsMatchRebuiltRoots() {
        var rng = SplitMix64(seed: 0x7e1e)
        for round in 0..<6 {
            var trie = MerklePatriciaTrie()
            var model: [[UInt8]: [UInt8]] = [:]
            var snapshots: [(trie: MerklePatriciaTrie, model: [[UInt8]: [UInt8]])] = []
            // Short keys share prefixes (extensions, branch values); long ones are hash-like.
            let keyCount = round < 3 ? 40 : 3_000
            func key() -> [UInt8] {
                let i = rng.next() % UInt64(keyCount)
                return round < 3 ? Array(String(i, radix: 7).utf8) : Keccak256.hash(Array(String(i).utf8)).bytes
            }
            for step in 0..<4_000 {
                let k = key()
                // Values of 1–40 bytes: both embedded (under 32 bytes of RLP) and hashed leaves.
                let value = rng.next() % 5 == 0 ? [] : [UInt8](repeating: UInt8(truncatingIfNeeded: rng.next()), count: Int(rng.next() % 40) + 1)
                trie.update(k, value: value)
                model[k] = value.isEmpty ? nil : value
                if rng.next() % (round < 3 ? 7 : 80) == 0 {
                    XCTAssertEqual(trie.rootHash, Trie.root(of: model.map { ($0.key, $0.value) }), "round \(round) step \(step)")
                }
                if rng.next() % 500 == 0 { snapshots.append((trie, model)) }
            }
            XCTAssertEqual(trie.rootHash, Trie.root(of: model.map { ($0.key, $0.value) }))
            for var (snapshot, snapshotModel) in snapshots {
                XCTAssertEqual(snapshot.rootHash, Trie.root(of: snapshotModel.map { ($0.key, $0.value) }))
                for _ in 0..<200 {
                    let k = key()
                    snapshot.remove(k)
                    snapshotModel[k] = nil
                }
                XCTAssertEqual(snapshot.rootHash, Trie.root(of: snapshotModel.map { ($0.key, $0.value) }))
            }
            XCTAssertEqual(trie.rootHash, Trie.root(of: model.map { ($0.key, $0.value) }), "the trie after its snapshots were written")
        }
    }
}
