import Primitives
import Trie
import XCTest

/// Proofs of inclusion and exclusion round-trip; tampered proofs are rejected.
final class TrieProofTests: XCTestCase {
    func makeTrie(_ n: Int) -> (MerklePatriciaTrie, [[UInt8]]) {
        var t = MerklePatriciaTrie()
        var keys: [[UInt8]] = []
        for i in 0..<n {
            let key = Keccak256.hash([UInt8(i & 0xff), UInt8(i >> 8)]).bytes
            keys.append(key)
            t.update(key, value: Array("value \(i)".utf8))
        }
        return (t, keys)
    }

    func testInclusionAndExclusion() throws {
        var (t, keys) = makeTrie(500)
        let root = t.rootHash
        for (i, key) in keys.enumerated() {
            let proof = t.proof(for: key)
            XCTAssertFalse(proof.isEmpty)
            XCTAssertEqual(Keccak256.hash(proof[0]), root)
            XCTAssertEqual(try Trie.verifyProof(root: root, key: key, proof: proof), Array("value \(i)".utf8))
        }
        for i in 0..<200 {
            let absent = Keccak256.hash([0xee, UInt8(i), 0xff]).bytes  // three bytes: never one of the keys
            let proof = t.proof(for: absent)
            XCTAssertNil(try Trie.verifyProof(root: root, key: absent, proof: proof))
            // A proof for one key does not prove another key's value.
            XCTAssertNil(try Trie.verifyProof(root: root, key: absent, proof: t.proof(for: absent)))
        }
        // Prefixes and extensions of present keys are absent.
        XCTAssertNil(try Trie.verifyProof(root: root, key: Array(keys[0].prefix(5)), proof: t.proof(for: Array(keys[0].prefix(5)))))
        XCTAssertNil(try Trie.verifyProof(root: root, key: keys[0] + [1], proof: t.proof(for: keys[0] + [1])))
    }

    func testSmallTriesWithEmbeddedNodes() throws {
        // Short keys and values: most nodes are embedded in their parents.
        var t = MerklePatriciaTrie()
        for w in ["do", "dog", "doge", "horse", "a"] { t.update(Array(w.utf8), value: Array(w.utf8)) }
        let root = t.rootHash
        for w in ["do", "dog", "doge", "horse", "a", "cat", "dogs", "", "h"] {
            let key = Array(w.utf8)
            let value = try Trie.verifyProof(root: root, key: key, proof: t.proof(for: key))
            XCTAssertEqual(value, t.get(key), w)
        }
        // A single-leaf trie whose root RLP is under 32 bytes.
        var one = MerklePatriciaTrie()
        one.update([1], value: [2])
        let r1 = one.rootHash
        XCTAssertEqual(try Trie.verifyProof(root: r1, key: [1], proof: one.proof(for: [1])), [2])
        XCTAssertNil(try Trie.verifyProof(root: r1, key: [3], proof: one.proof(for: [3])))
        // The empty trie proves every key absent.
        XCTAssertNil(try Trie.verifyProof(root: Trie.emptyRoot, key: [1], proof: []))
    }

    func testTamperingFails() throws {
        var (t, keys) = makeTrie(300)
        let root = t.rootHash
        let key = keys[17]
        let proof = t.proof(for: key)
        XCTAssertGreaterThan(proof.count, 1)
        for level in 0..<proof.count {
            for position in stride(from: 1, to: proof[level].count, by: 7) {
                var bad = proof
                bad[level][position] ^= 0x01
                XCTAssertThrowsError(try Trie.verifyProof(root: root, key: key, proof: bad), "level \(level) byte \(position)")
            }
        }
        // A missing node, a wrong root, and an exclusion proof cut short.
        XCTAssertThrowsError(try Trie.verifyProof(root: root, key: key, proof: Array(proof.dropLast())))
        XCTAssertThrowsError(try Trie.verifyProof(root: Keccak256.hash([1]), key: key, proof: proof))
        let absent = Keccak256.hash([0xee]).bytes
        let exclusion = t.proof(for: absent)
        XCTAssertNil(try Trie.verifyProof(root: root, key: absent, proof: exclusion))
        if exclusion.count > 1 {
            XCTAssertThrowsError(try Trie.verifyProof(root: root, key: absent, proof: Array(exclusion.dropLast())))
        }
        // A proof from a different trie state does not verify against this root.
        var changed = t
        changed.update(key, value: Array("forged".utf8))
        XCTAssertThrowsError(try Trie.verifyProof(root: root, key: key, proof: changed.proof(for: key)))
    }

    func testSecureTrieProofs() throws {
        var t = SecureTrie()
        for i in 0..<100 { t.update([UInt8(i)], value: [UInt8(i), 0xaa]) }
        let root = t.rootHash
        XCTAssertEqual(try SecureTrie.verifyProof(root: root, key: [5], proof: t.proof(for: [5])), [5, 0xaa])
        XCTAssertNil(try SecureTrie.verifyProof(root: root, key: [200], proof: t.proof(for: [200])))
        // The proof is over the hashed key.
        XCTAssertEqual(try Trie.verifyProof(root: root, key: Keccak256.hash([5]).bytes, proof: t.proof(for: [5])), [5, 0xaa])
    }

    func testProofOnDirtyTrieMatchesCommitted() throws {
        var (t, keys) = makeTrie(100)
        _ = t.rootHash
        t.update(keys[3], value: [1, 2, 3])
        let dirtyProof = t.proof(for: keys[3])  // computed without caches along the changed path
        let root = t.rootHash
        XCTAssertEqual(dirtyProof, t.proof(for: keys[3]))
        XCTAssertEqual(try Trie.verifyProof(root: root, key: keys[3], proof: dirtyProof), [1, 2, 3])
    }
}
