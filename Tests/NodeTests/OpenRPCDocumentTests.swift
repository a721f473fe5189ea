import Foundation
import Lanes
import RPC
import XCTest

/// openrpc/openrpc.json against the node: every registered method documented, every documented
/// method registered, the embedded copy equal to the file, and `rpc.discover` answering it.
final class OpenRPCDocumentTests: XCTestCase {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func fileBytes() throws -> [UInt8] {
        [UInt8](try Data(contentsOf: Self.repositoryRoot.appendingPathComponent("openrpc/openrpc.json")))
    }

    /// The method names the document lists.
    func documentedMethods(_ document: JSON) throws -> [String] {
        let methods = try XCTUnwrap(document["methods"]?.arrayValue)
        return try methods.map { try XCTUnwrap($0["name"]?.stringValue) }
    }

    /// A node started as `lanes` starts it (LanesNode.start), on a free port.
    func withNode(_ body: (LanesNode) async throws -> Void) async throws {
        let lanes = try LanesNode.start(TestNode.configuration(), port: 0)
        do {
            try await body(lanes)
        } catch {
            lanes.stop()
            throw error
        }
        lanes.stop()
    }

    func testEmbeddedDocumentEqualsFileByteForByte() throws {
        let file = try fileBytes()
        let embedded = Array(OpenRPCDocument.text.utf8)
        guard embedded != file else { return }
        let firstDifference = zip(embedded, file).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(embedded.count, file.count)
        XCTFail("Sources/Lanes/OpenRPCDocument.swift (\(embedded.count) bytes) differs from openrpc/openrpc.json "
                + "(\(file.count) bytes) at byte \(firstDifference): run python3 scripts/gen_openrpc.py")
    }

    func testEveryRegisteredMethodIsDocumentedAndViceVersa() async throws {
        let document = try JSONParser().parse(try fileBytes())
        let documented = try documentedMethods(document)
        XCTAssertEqual(documented.count, Set(documented).count, "a method is documented twice")
        try await withNode { lanes in
            let registered = Set(lanes.server.registry.methodNames)
            let missing = registered.subtracting(documented).sorted()
            let extra = Set(documented).subtracting(registered).sorted()
            XCTAssertEqual(missing, [], "registered but missing from openrpc/openrpc.json")
            XCTAssertEqual(extra, [], "documented in openrpc/openrpc.json but not registered")
            XCTAssertTrue(registered.contains("rpc.discover"))
        }
    }

    func testEveryMethodHasParamsAndResultSchemasAndRefsResolve() throws {
        let document = try JSONParser().parse(try fileBytes())
        XCTAssertEqual(document["openrpc"]?.stringValue?.hasPrefix("1.2."), true)
        let schemas = try XCTUnwrap(document["components"]?["schemas"]?.objectValue)
        let names = Set(schemas.map(\.key))
        for method in try XCTUnwrap(document["methods"]?.arrayValue) {
            let name = method["name"]?.stringValue ?? "?"
            XCTAssertNotNil(method["params"]?.arrayValue, "\(name): params")
            XCTAssertNotNil(method["result"]?["schema"]?.objectValue, "\(name): result schema")
            for param in method["params"]?.arrayValue ?? [] {
                XCTAssertNotNil(param["name"]?.stringValue, "\(name): param name")
                XCTAssertNotNil(param["schema"]?.objectValue, "\(name): param schema")
            }
        }
        var unresolved: [String] = []
        func walk(_ v: JSON) {
            switch v {
            case .object(let o):
                for m in o {
                    if m.key == "$ref", let r = m.value.stringValue {
                        let prefix = "#/components/schemas/"
                        if !r.hasPrefix(prefix) || !names.contains(String(r.dropFirst(prefix.count))) { unresolved.append(r) }
                    }
                    walk(m.value)
                }
            case .array(let a): a.forEach(walk)
            default: break
            }
        }
        walk(document)
        XCTAssertEqual(unresolved, [])
    }

    func testRPCDiscoverAnswersTheDocument() async throws {
        let document = try JSONParser().parse(try fileBytes())
        try await withNode { lanes in
            let answer = try await lanes.server.registry.call("rpc.discover", params: nil).get()
            XCTAssertEqual(answer, document)
            let withParam = await lanes.server.registry.call("rpc.discover", params: [1])
            if case .success = withParam { XCTFail("rpc.discover takes no parameters") }
        }
    }
}
