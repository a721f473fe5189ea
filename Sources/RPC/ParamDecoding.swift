import Primitives

// Value decoders for JSON-RPC parameters that fail with the same words as geth.
//
// geth decodes parameters with Go's encoding/json and go-ethereum's hexutil types, so its
// messages have two shapes:
//   - type errors, wrapped by encoding/json:
//       json: cannot unmarshal <what> into Go value of type <T>
//       json: cannot unmarshal <what> into Go struct field <Struct>.<field> of type <T>
//     where <what> is a JSON kind ("non-string", "number", "string" …) or a hexutil message
//     ("hex string without 0x prefix", "hex number > 64 bits" …);
//   - plain errors, e.g. `hex string has length 38, want 40 for common.Address`.
// `RPCParams` prefixes either with `invalid argument N: `.

/// A parameter that does not decode; `message` is geth's wording without the argument prefix.
public struct ParamError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The message.
    public var message: String
    /// Creates an error.
    public init(_ message: String) { self.message = message }
    /// The message.
    public var description: String { message }
}

/// Where a value sits, for the wording of type errors: a whole argument (`Go value`) or a
/// member of an object (`Go struct field TransactionArgs.gas`).
public struct DecodingPath: Sendable, Equatable {
    /// `Struct.field` (dotted for nested members), or nil for a whole argument.
    public var field: String?

    /// A whole argument.
    public static let value = DecodingPath(field: nil)

    /// A member of a Go struct.
    public static func field(_ path: String) -> DecodingPath { DecodingPath(field: path) }

    /// The path of a member below this one (`Struct.a` → `Struct.a.b`).
    public func appending(_ key: String, root: String) -> DecodingPath {
        DecodingPath(field: (field ?? root) + "." + key)
    }

    /// encoding/json's `UnmarshalTypeError` text.
    public func typeError(_ what: String, _ goType: String) -> ParamError {
        if let field { return ParamError("json: cannot unmarshal \(what) into Go struct field \(field) of type \(goType)") }
        return ParamError("json: cannot unmarshal \(what) into Go value of type \(goType)")
    }
}

/// geth's hexutil error messages.
enum HexMessage {
    static let emptyString = "empty hex string"
    static let syntax = "invalid hex string"
    static let missingPrefix = "hex string without 0x prefix"
    static let oddLength = "hex string of odd length"
    static let emptyNumber = "hex string \"0x\""
    static let leadingZero = "hex number with leading zero digits"
    static let uint64Range = "hex number > 64 bits"
    static let big256Range = "hex number > 256 bits"
}

/// Decoders for the JSON-RPC scalar types, each mirroring the hexutil / common type geth uses.
public enum ParamDecoding {
    @inline(__always)
    static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c &- UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c &- UInt8(ascii: "a") &+ 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c &- UInt8(ascii: "A") &+ 10
        default: nil
        }
    }

    @inline(__always)
    static func hasPrefix(_ u: ArraySlice<UInt8>) -> Bool {
        u.count >= 2 && u[u.startIndex] == UInt8(ascii: "0") && (u[u.startIndex + 1] | 0x20) == UInt8(ascii: "x")
    }

    /// hexutil's `checkNumberText`: the digits of a quantity (empty string allowed → no digits).
    static func quantityDigits(_ s: String) -> Result<ArraySlice<UInt8>, ParamError> {
        let u = ArraySlice(s.utf8)
        if u.isEmpty { return .success(u) }
        guard hasPrefix(u) else { return .failure(ParamError(HexMessage.missingPrefix)) }
        let digits = u.dropFirst(2)
        if digits.isEmpty { return .failure(ParamError(HexMessage.emptyNumber)) }
        if digits.count > 1 && digits.first == UInt8(ascii: "0") { return .failure(ParamError(HexMessage.leadingZero)) }
        return .success(digits)
    }

    /// Parses at most 64 digits into a UInt256, or reports a hexutil message.
    static func parseDigits(_ digits: ArraySlice<UInt8>, maxDigits: Int, rangeMessage: String) -> Result<UInt256, ParamError> {
        guard digits.count <= maxDigits else { return .failure(ParamError(rangeMessage)) }
        var value = UInt256.zero
        for c in digits {
            guard let n = nibble(c) else { return .failure(ParamError(HexMessage.syntax)) }
            value = (value << 4) | UInt256(UInt64(n))
        }
        return .success(value)
    }

    /// A QUANTITY that fits 64 bits (`hexutil.Uint64`): "0x" required, no leading zeros,
    /// at most 16 digits. As in geth, the empty string decodes to 0.
    public static func uint64(_ json: JSON, at path: DecodingPath = .value) throws(ParamError) -> UInt64 {
        guard case .string(let s) = json else { throw path.typeError("non-string", "hexutil.Uint64") }
        switch quantityDigits(s).flatMap({ parseDigits($0, maxDigits: 16, rangeMessage: HexMessage.uint64Range) }) {
        case .success(let v): return v.w0
        case .failure(let m): throw path.typeError(m.message, "hexutil.Uint64")
        }
    }

    /// A QUANTITY up to 256 bits (`*hexutil.Big`): at most 64 digits.
    public static func uint256(_ json: JSON, at path: DecodingPath = .value) throws(ParamError) -> UInt256 {
        guard case .string(let s) = json else { throw path.typeError("non-string", "*hexutil.Big") }
        switch quantityDigits(s).flatMap({ parseDigits($0, maxDigits: 64, rangeMessage: HexMessage.big256Range) }) {
        case .success(let v): return v
        case .failure(let m): throw path.typeError(m.message, "*hexutil.Big")
        }
    }

    /// DATA of any length (`hexutil.Bytes`): "0x" required, even length; "" and "0x" are empty.
    public static func bytes(_ json: JSON, at path: DecodingPath = .value) throws(ParamError) -> [UInt8] {
        guard case .string(let s) = json else { throw path.typeError("non-string", "hexutil.Bytes") }
        switch hexBytes(s, goType: "hexutil.Bytes", fixedLength: nil) {
        case .success(let b): return b
        case .failure(let e): throw e.wrapped ? path.typeError(e.message, "hexutil.Bytes") : ParamError(e.message)
        }
    }

    /// A 20-byte address (`common.Address`).
    public static func address(_ json: JSON, at path: DecodingPath = .value) throws(ParamError) -> Address {
        guard case .string(let s) = json else { throw path.typeError("non-string", "common.Address") }
        switch hexBytes(s, goType: "common.Address", fixedLength: 20) {
        case .success(let b): return try! Address(b)
        case .failure(let e): throw e.wrapped ? path.typeError(e.message, "common.Address") : ParamError(e.message)
        }
    }

    /// A 32-byte hash (`common.Hash`).
    public static func hash(_ json: JSON, at path: DecodingPath = .value) throws(ParamError) -> Hash {
        guard case .string(let s) = json else { throw path.typeError("non-string", "common.Hash") }
        switch hexBytes(s, goType: "common.Hash", fixedLength: 32) {
        case .success(let b): return try! Hash(b)
        case .failure(let e): throw e.wrapped ? path.typeError(e.message, "common.Hash") : ParamError(e.message)
        }
    }

    /// A boolean.
    public static func bool(_ json: JSON, at path: DecodingPath = .value) throws(ParamError) -> Bool {
        guard case .bool(let b) = json else { throw path.typeError(json.kindName, "bool") }
        return b
    }

    /// A string.
    public static func string(_ json: JSON, at path: DecodingPath = .value) throws(ParamError) -> String {
        guard case .string(let s) = json else { throw path.typeError(json.kindName, "string") }
        return s
    }

    /// A hexutil failure: whether encoding/json wraps it as a type error, and its text.
    struct HexFailure: Error {
        var message: String
        var wrapped: Bool
    }

    /// hexutil's `checkText` plus decoding; with `fixedLength`, `UnmarshalFixedText`'s length rule.
    static func hexBytes(_ s: String, goType: String, fixedLength: Int?) -> Result<[UInt8], HexFailure> {
        var u = ArraySlice(s.utf8)
        if !u.isEmpty {
            guard hasPrefix(u) else { return .failure(HexFailure(message: HexMessage.missingPrefix, wrapped: true)) }
            u = u.dropFirst(2)
            guard u.count % 2 == 0 else { return .failure(HexFailure(message: HexMessage.oddLength, wrapped: true)) }
        }
        if let fixedLength, u.count / 2 != fixedLength {
            return .failure(HexFailure(message: "hex string has length \(u.count), want \(fixedLength * 2) for \(goType)", wrapped: false))
        }
        var out = [UInt8]()
        out.reserveCapacity(u.count / 2)
        var i = u.startIndex
        while i < u.endIndex {
            guard let hi = nibble(u[i]), let lo = nibble(u[i + 1]) else {
                return .failure(HexFailure(message: HexMessage.syntax, wrapped: true))
            }
            out.append(hi << 4 | lo)
            i += 2
        }
        return .success(out)
    }

    /// hexutil's `DecodeUint64` (used for block numbers): errors are not wrapped.
    static func decodeUint64Plain(_ s: String) -> Result<UInt64, ParamError> {
        if s.isEmpty { return .failure(ParamError(HexMessage.emptyString)) }
        switch quantityDigits(s).flatMap({ parseDigits($0, maxDigits: 16, rangeMessage: HexMessage.uint64Range) }) {
        case .success(let v): return .success(v.w0)
        case .failure(let m): return .failure(m)
        }
    }
}
