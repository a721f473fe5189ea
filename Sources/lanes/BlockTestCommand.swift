import Execution
import Foundation

/// `lanes blocktest [--json] PATH...`: one line per test, then `N passed, M failed`.
enum BlockTestCommand {
    static func run(_ arguments: [String]) -> Never {
        var json = false
        var paths: [String] = []
        for a in arguments {
            if a == "--json" { json = true } else if a == "--help" || a == "-h" {
                print("usage: lanes blocktest [--json] PATH...")
                exit(0)
            } else { paths.append(a) }
        }
        guard !paths.isEmpty else { fail("blocktest needs at least one file or directory") }
        let runner = BlockchainTestRunner()
        var passed = 0, failed = 0
        for file in StateTestRunner.collectFiles(paths) {
            for r in runner.run(file: file) {
                if r.pass { passed += 1 } else { failed += 1 }
                if json {
                    let object: [String: Any] = ["name": r.name, "pass": r.pass, "error": r.error ?? NSNull()]
                    print(String(decoding: try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self))
                } else {
                    print("\(r.pass ? "PASS" : "FAIL") \(r.name)\(r.error.map { " — \($0)" } ?? "")")
                }
            }
        }
        print("\(passed) passed, \(failed) failed")
        exit(failed == 0 ? 0 : 1)
    }
}
