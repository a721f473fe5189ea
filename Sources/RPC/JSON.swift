/// A JSON value as JSON-RPC sees it.
///
/// Numbers keep their literal text (`JSONNumber`), so an id such as
/// `123456789012345678901234567890` or `1.50` is echoed byte for byte and no integer is
/// squeezed through a `Double`. Objects keep their members in order (`JSONObject`): encoders
/// write fields in the order execution-apis and geth list them, and a parsed object can be
/// written back unchanged.
///
/// Not `indirect`: arrays and objects are already heap-backed, so scalars stay inline (no
/// allocation per number or string wrapper).
public enum JSON: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(JSONNumber)
    case string(String)
    case array([JSON])
    case object(JSONObject)

    /// The Go-style kind name used in geth's decoding errors ("string", "number", …).
    public var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "bool"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    /// The string, if this is one.
    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The elements, if this is an array.
    public var arrayValue: [JSON]? {
        if case .array(let a) = self { return a }
        return nil
    }

    /// The object, if this is one.
    public var objectValue: JSONObject? {
        if case .object(let o) = self { return o }
        return nil
    }

    /// The boolean, if this is one.
    public var boolValue: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    /// The number, if this is one.
    public var numberValue: JSONNumber? {
        if case .number(let n) = self { return n }
        return nil
    }

    /// True for `null`.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The member named `key` of an object (nil for other kinds or a missing key).
    public subscript(key: String) -> JSON? {
        if case .object(let o) = self { return o[key] }
        return nil
    }

    /// The element at `index` of an array (nil for other kinds or out of range).
    public subscript(index: Int) -> JSON? {
        if case .array(let a) = self, index >= 0, index < a.count { return a[index] }
        return nil
    }
}

extension JSON: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByStringLiteral,
    ExpressibleByIntegerLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral {
    /// `null`.
    public init(nilLiteral: ()) { self = .null }
    /// A boolean.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    /// A string.
    public init(stringLiteral value: String) { self = .string(value) }
    /// An integer number.
    public init(integerLiteral value: Int) { self = .number(JSONNumber(value)) }
    /// An array.
    public init(arrayLiteral elements: JSON...) { self = .array(elements) }
    /// An object with the members in literal order.
    public init(dictionaryLiteral elements: (String, JSON)...) {
        self = .object(JSONObject(elements.map { JSONObject.Member(key: $0.0, value: $0.1) }))
    }
}

/// A JSON number held as its validated literal text (RFC 8259 grammar), so that precision
/// is never lost between parsing and echoing.
public struct JSONNumber: Sendable, Hashable, CustomStringConvertible {
    /// The literal, e.g. `-12`, `1.5e+30`.
    public let text: String

    /// Wraps text the parser already validated.
    init(validatedText: String) { self.text = validatedText }

    /// Parses a literal; nil unless it follows the JSON number grammar.
    public init?(_ text: String) {
        let bytes = Array(text.utf8)
        let end = bytes.withUnsafeBufferPointer { JSONParser.scanNumber($0, from: 0) }
        guard end == bytes.count, !bytes.isEmpty else { return nil }
        self.text = text
    }

    /// An integer.
    public init(_ value: Int) { self.text = String(value) }
    /// An unsigned integer.
    public init(_ value: UInt64) { self.text = String(value) }

    /// The value if the literal is an integer (no fraction or exponent) that fits `Int64`.
    public var int64: Int64? { Int64(text) }
    /// The value if the literal is a non-negative integer that fits `UInt64`.
    public var uint64: UInt64? { UInt64(text) }
    /// The nearest `Double` (may round or overflow to infinity).
    public var double: Double? { Double(text) }

    /// The literal.
    public var description: String { text }
}

/// A JSON object: members in order. Lookups scan linearly (JSON-RPC objects are small) and
/// return the *last* member of a duplicated key, as Go's encoding/json (and so geth) does.
public struct JSONObject: Sendable, Hashable, Sequence {
    /// One `"key": value` member.
    public struct Member: Sendable, Hashable {
        public var key: String
        public var value: JSON
        /// Creates a member.
        public init(key: String, value: JSON) { self.key = key; self.value = value }
    }

    /// The members in order.
    public private(set) var members: [Member]

    /// Creates an object from members in order.
    public init(_ members: [Member] = []) { self.members = members }

    /// The number of members.
    public var count: Int { members.count }

    /// The value of the last member named `key`; setting replaces every member of that name
    /// in place (or appends), setting nil removes them.
    public subscript(key: String) -> JSON? {
        get {
            var i = members.count
            while i > 0 {
                i -= 1
                if members[i].key == key { return members[i].value }
            }
            return nil
        }
        set {
            guard let newValue else { members.removeAll { $0.key == key }; return }
            if let first = members.firstIndex(where: { $0.key == key }) {
                members[first].value = newValue
                var i = members.count - 1
                while i > first {
                    if members[i].key == key { members.remove(at: i) }
                    i -= 1
                }
            } else {
                members.append(Member(key: key, value: newValue))
            }
        }
    }

    /// Appends a member without looking for an existing one (encoders build objects this way).
    public mutating func append(_ key: String, _ value: JSON) {
        members.append(Member(key: key, value: value))
    }

    /// The keys in order.
    public var keys: [String] { members.map(\.key) }

    /// Iterates the members in order.
    public func makeIterator() -> IndexingIterator<[Member]> { members.makeIterator() }
}
