import Execution
import Foundation

/// `lanes blocktest [--executor sequential|parallel] [--json] PATH...`: one line per test, then
/// `N passed, M failed`.
enum BlockTestCommand {
    static let usage = "usage: lanes blocktest [--executor \(executorNames.joined(separator: "|"))] [--threads N] [--json] PATH..."

    static func run(_ arguments: [String]) -> Never {
        var json = false
        var paths: [String] = []
        var executorName = "sequential"
        var threads: Int?
        var args = arguments[...]
        while let a = args.popFirst() {
            switch a {
            case "--json": json = true
            case "--executor":
                guard let name = args.popFirst() else { fail("--executor needs a name (\(executorNames.joined(separator: ", ")))") }
                executorName = name
            case "--threads":
                guard let v = args.popFirst(), let n = Int(v), n > 0 else { fail("--threads needs a positive count") }
                threads = n
            case "--help", "-h":
                print(usage)
                exit(0)
            default: paths.append(a)
            }
        }
        guard !paths.isEmpty else { fail("blocktest needs at least one file or directory") }
        guard let executor = makeExecutor(name: executorName, threads: threads, forced: true) else {
            fail("unknown executor \(executorName) (\(executorNames.joined(separator: ", ")))")
        }
        let runner = BlockchainTestRunner(executor: executor)
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
