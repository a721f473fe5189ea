import Execution
import Primitives

/// Hardhat's `console.log` for contracts: calls to 0x000000000000000000636F6e736F6c652e6c6f67
/// (no code there; the call succeeds and does nothing on chain) whose ABI-encoded arguments the
/// node decodes and prints, as Hardhat and Anvil do.
///
/// Selectors come from the signatures of console.sol: `log()` and `log(...)` with one to four
/// arguments among uint256, int256 (one argument), string, bool and address, written with
/// `uint`/`int` as well as `uint256`/`int256` (older console.sol versions hashed the short
/// names), and the typed single-argument forms (`logUint`, `logString`, `logBytes`,
/// `logBytes1` … `logBytes32`, …).
public enum ConsoleLog {
    /// The console address: "console.log" in ASCII, left-padded.
    public static var address: Address { TransactionProcessor.consoleAddress }

    enum ArgumentType: Sendable, Equatable {
        case uint, int, string, bool, address, bytes
        case fixedBytes(Int)
    }

    /// Selector → argument types.
    static let signatures: [UInt32: [ArgumentType]] = {
        var table: [UInt32: [ArgumentType]] = [:]
        func add(_ name: String, _ types: [ArgumentType], spelled: [String]) {
            let signature = name + "(" + spelled.joined(separator: ",") + ")"
            let hash = Keccak256.hash(Array(signature.utf8)).bytes
            table[UInt32(hash[0]) << 24 | UInt32(hash[1]) << 16 | UInt32(hash[2]) << 8 | UInt32(hash[3])] = types
        }
        let base: [(ArgumentType, [String])] = [(.uint, ["uint256", "uint"]), (.string, ["string"]), (.bool, ["bool"]),
                                                (.address, ["address"])]
        add("log", [], spelled: [])
        // Every combination of 1…4 arguments, each with every spelling of its type.
        func combos(_ n: Int) -> [[(ArgumentType, String)]] {
            guard n > 0 else { return [[]] }
            var out: [[(ArgumentType, String)]] = []
            for rest in combos(n - 1) {
                for (type, spellings) in base { for s in spellings { out.append(rest + [(type, s)]) } }
            }
            return out
        }
        for n in 1...4 { for c in combos(n) { add("log", c.map(\.0), spelled: c.map(\.1)) } }
        for s in ["int256", "int"] {
            add("log", [.int], spelled: [s])
            add("logInt", [.int], spelled: [s])
        }
        for s in ["uint256", "uint"] { add("logUint", [.uint], spelled: [s]) }
        add("logString", [.string], spelled: ["string"])
        add("logBool", [.bool], spelled: ["bool"])
        add("logAddress", [.address], spelled: ["address"])
        add("logBytes", [.bytes], spelled: ["bytes"])
        add("log", [.bytes], spelled: ["bytes"])
        for n in 1...32 {
            add("logBytes\(n)", [.fixedBytes(n)], spelled: ["bytes\(n)"])
            add("log", [.fixedBytes(n)], spelled: ["bytes\(n)"])
        }
        return table
    }()

    /// The line a console.log call prints, or nil when the input is not a console.log call.
    public static func decode(_ input: [UInt8]) -> String? {
        guard input.count >= 4 else { return nil }
        let selector = UInt32(input[0]) << 24 | UInt32(input[1]) << 16 | UInt32(input[2]) << 8 | UInt32(input[3])
        guard let types = signatures[selector] else { return nil }
        let data = Array(input[4...])
        var values: [String] = []
        for (i, type) in types.enumerated() {
            guard let value = decodeArgument(type, at: i * 32, in: data) else { return nil }
            values.append(value)
        }
        return format(values, firstIsString: types.first == .string)
    }

    private static func word(_ data: [UInt8], _ offset: Int) -> UInt256? {
        guard offset >= 0, offset + 32 <= data.count else { return nil }
        return UInt256(bigEndian: data[offset..<offset + 32])
    }

    private static func decodeArgument(_ type: ArgumentType, at head: Int, in data: [UInt8]) -> String? {
        guard let w = word(data, head) else { return nil }
        switch type {
        case .uint:
            return w.description
        case .int:
            let negative = w.w3 >> 63 == 1
            return negative ? "-" + ((~w) &+ .one).description : w.description
        case .bool:
            return w.isZero ? "false" : "true"
        case .address:
            return Address(truncating: w).checksummed
        case .fixedBytes(let n):
            return Hex.encode(data[head..<head + n])
        case .string, .bytes:
            guard let offset = w.uint64, offset < UInt64(data.count), let length = word(data, Int(offset))?.uint64,
                  Int(offset) + 32 + Int(clamping: length) <= data.count else { return nil }
            let start = Int(offset) + 32
            let bytes = data[start..<start + Int(length)]
            return type == .string ? String(decoding: bytes, as: UTF8.self) : Hex.encode(bytes)
        }
    }

    /// console.log's formatting: a first string argument is a format (`%s`, `%d`, `%i`, `%o`,
    /// `%x` take the next argument, `%%` is a percent sign); the arguments left over follow,
    /// separated by spaces.
    static func format(_ values: [String], firstIsString: Bool) -> String {
        guard firstIsString, let first = values.first, first.contains("%") else { return values.joined(separator: " ") }
        var rest = values.dropFirst()
        var out = ""
        var chars = first.makeIterator()
        while let c = chars.next() {
            guard c == "%" else { out.append(c); continue }
            guard let spec = chars.next() else { out.append("%"); break }
            switch spec {
            case "s", "d", "i", "o", "x":
                if let v = rest.popFirst() {
                    if spec == "x", let n = UInt256(decimal: v) { out += "0x" + n.hexDigits } else { out += v }
                } else {
                    out += "%" + String(spec)
                }
            case "%": out.append("%")
            default: out += "%" + String(spec)
            }
        }
        return ([out] + rest).joined(separator: " ")
    }
}

extension UInt256 {
    /// Lower-case hex digits without leading zeros ("0" for zero).
    var hexDigits: String { String(hexQuantity.dropFirst(2)) }
}
