import Execution
import Foundation

/// `lanes statetest [--fork NAME]... [--json] PATH...`: one line per post entry, then
/// `N passed, M failed`; exit status 1 if any failed.
enum StateTestCommand {
    static func run(_ arguments: [String]) -> Never {
        var forks: Set<String> = []
        var json = false
        var paths: [String] = []
        var args = arguments[...]
        while let a = args.popFirst() {
            switch a {
            case "--fork":
                guard let f = args.popFirst() else { fail("--fork needs a name") }
                forks.insert(f)
            case "--json": json = true
            case "--help", "-h":
                print("usage: lanes statetest [--fork NAME]... [--json] PATH...")
                exit(0)
            default: paths.append(a)
            }
        }
        guard !paths.isEmpty else { fail("statetest needs at least one file or directory") }
        let files = StateTestRunner.collectFiles(paths)
        guard !files.isEmpty else { fail("no .json files under \(paths.joined(separator: " "))") }
        let runner = StateTestRunner(forks: forks.isEmpty ? nil : forks)
        var passed = 0, failed = 0
        for file in files {
            for r in withLargeStack({ runner.run(file: file) }) {
                if r.pass { passed += 1 } else { failed += 1 }
                if json {
                    print(r.json)
                } else {
                    let index = "d\(r.data)g\(r.gas)v\(r.value)"
                    print("\(r.pass ? "PASS" : "FAIL") \(r.name) \(r.fork) \(index)\(r.error.map { " — \($0)" } ?? "")")
                }
            }
        }
        print("\(passed) passed, \(failed) failed")
        exit(failed == 0 ? 0 : 1)
    }
}
