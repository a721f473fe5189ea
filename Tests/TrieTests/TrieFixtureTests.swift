import Foundation
import LanesTestSupport
import Primitives
import Trie
import XCTest

/// The ethereum/tests TrieTests fixtures: plain and secure tries, ordered and any-order inputs,
/// and next/previous key queries.
final class TrieFixtureTests: XCTestCase {
    /// A fixture string: "0x…" is hex, anything else UTF-8; JSON null is the empty value (delete).
    static func bytes(_ value: Any) throws -> [UInt8] {
        if value is NSNull { return [] }
        guard let s = value as? String else { throw XCTSkip("unexpected fixture value \(value)") }
        if s.hasPrefix("0x") { return try Hex.decode(s) }
        return Array(s.utf8)
    }

    /// Every case of a fixture file as (name, ordered key/value pairs, expected root).
    static func cases(_ file: String) throws -> [(String, [([UInt8], [UInt8])], Hash)] {
        let json = try Fixtures.loadJSON(Fixtures.url("TrieTests/\(file)")) as! [String: Any]
        var out: [(String, [([UInt8], [UInt8])], Hash)] = []
        for (name, body) in json.sorted(by: { $0.key < $1.key }) {
            let test = body as! [String: Any]
            var pairs: [([UInt8], [UInt8])] = []
            if let list = test["in"] as? [[Any]] {
                for pair in list { pairs.append((try bytes(pair[0]), try bytes(pair[1]))) }
            } else if let dict = test["in"] as? [String: Any] {
                for (k, v) in dict { pairs.append((try bytes(k), try bytes(v))) }
            }
            out.append((name, pairs, try Hash(hex: test["root"] as! String)))
        }
        return out
    }

    func runPlain(_ file: String) throws {
        let cases = try Self.cases(file)
        XCTAssertFalse(cases.isEmpty)
        for (name, pairs, root) in cases {
            var trie = MerklePatriciaTrie()
            for (k, v) in pairs { trie.update(k, value: v) }
            XCTAssertEqual(trie.rootHash, root, "\(file) \(name)")
            XCTAssertEqual(trie.computeRootHash(), root, "\(file) \(name) (uncached)")
            XCTAssertEqual(Trie.root(of: pairs.map { (key: $0.0, value: $0.1) }), root, "\(file) \(name) (sorted build)")
        }
    }

    func runSecure(_ file: String) throws {
        let cases = try Self.cases(file)
        XCTAssertFalse(cases.isEmpty)
        for (name, pairs, root) in cases {
            var trie = SecureTrie()
            for (k, v) in pairs { trie.update(k, value: v) }
            XCTAssertEqual(trie.rootHash, root, "\(file) \(name)")
        }
    }

    func testTrieTest() throws { try runPlain("trietest.json") }
    func testTrieAnyOrder() throws { try runPlain("trieanyorder.json") }
    func testTrieTestSecure() throws { try runSecure("trietest_secureTrie.json") }
    func testTrieAnyOrderSecure() throws { try runSecure("trieanyorder_secureTrie.json") }
    func testHexEncodedSecure() throws { try runSecure("hex_encoded_securetrie_test.json") }

    func testNextPrevious() throws {
        let json = try Fixtures.loadJSON(Fixtures.url("TrieTests/trietestnextprev.json")) as! [String: Any]
        for (name, body) in json {
            let test = body as! [String: Any]
            var trie = MerklePatriciaTrie()
            for k in test["in"] as! [String] { trie.update(Array(k.utf8), value: Array(k.utf8)) }
            for row in test["tests"] as! [[String]] {
                let key = Array(row[0].utf8)
                let prev = row[1].isEmpty ? nil : Array(row[1].utf8)
                let next = row[2].isEmpty ? nil : Array(row[2].utf8)
                XCTAssertEqual(trie.previousKey(before: key), prev, "\(name) prev of \(row[0])")
                XCTAssertEqual(trie.nextKey(after: key), next, "\(name) next of \(row[0])")
            }
        }
    }
}
