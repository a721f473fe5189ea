import Foundation
import XCTest

/// Locates the shared conformance fixtures (`LANES_FIXTURES`, default `../shared/fixtures` beside
/// the package root) and decides what a test does when they are absent: skip with a notice on a
/// user's fresh clone, fail when `LANES_REQUIRE_FIXTURES=1` (as CI sets).
public enum Fixtures {
    /// The package root, found from this file's location (Tests/LanesTestSupport/Fixtures.swift).
    public static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The fixtures folder, whether or not it exists.
    public static var root: URL {
        if let env = ProcessInfo.processInfo.environment["LANES_FIXTURES"], !env.isEmpty {
            return URL(fileURLWithPath: env, relativeTo: packageRoot).standardizedFileURL
        }
        return packageRoot.appendingPathComponent("../shared/fixtures").standardizedFileURL
    }

    /// True when CI demands the fixtures.
    public static var required: Bool { ProcessInfo.processInfo.environment["LANES_REQUIRE_FIXTURES"] == "1" }

    /// The URL of `relativePath` under the fixtures root; skips the test (or fails it when
    /// fixtures are required) if it does not exist.
    public static func url(_ relativePath: String, file: StaticString = #filePath, line: UInt = #line) throws -> URL {
        let url = root.appendingPathComponent(relativePath)
        guard FileManager.default.fileExists(atPath: url.path) else {
            let message = "fixtures not found at \(url.path) (set LANES_FIXTURES)"
            if required {
                XCTFail(message, file: file, line: line)
                throw XCTSkip("failed: " + message)
            }
            print("notice: skipping, \(message)")
            throw XCTSkip(message)
        }
        return url
    }

    /// Every `.json` file under `relativePath`, recursively, sorted by path.
    public static func jsonFiles(under relativePath: String, file: StaticString = #filePath, line: UInt = #line) throws -> [URL] {
        let dir = try url(relativePath, file: file, line: line)
        var out: [URL] = []
        if let e = FileManager.default.enumerator(at: dir, includingPropertiesForKeys: nil) {
            for case let u as URL in e where u.pathExtension == "json" { out.append(u) }
        }
        return out.sorted { $0.path < $1.path }
    }

    /// Parses a JSON file into Foundation objects.
    public static func loadJSON(_ url: URL) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(contentsOf: url), options: [.fragmentsAllowed])
    }
}
