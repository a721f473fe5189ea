/// An ordered list of header fields; names compare case-insensitively, duplicates are kept.
public struct HTTPHeaders: Sendable, Equatable, Sequence, ExpressibleByDictionaryLiteral {
    /// The fields in the order they were received or added.
    public private(set) var fields: [(name: String, value: String)]

    /// Creates headers from name/value pairs, in order.
    public init(_ fields: [(String, String)] = []) {
        self.fields = fields.map { (name: $0.0, value: $0.1) }
    }

    /// Creates headers from a literal, in order.
    public init(dictionaryLiteral elements: (String, String)...) {
        self.init(elements)
    }

    /// Appends a field, keeping any existing field of the same name.
    public mutating func add(name: String, value: String) {
        fields.append((name: name, value: value))
    }

    /// Replaces every field of this name with one field.
    public mutating func replaceOrAdd(name: String, value: String) {
        remove(name: name)
        fields.append((name: name, value: value))
    }

    /// Removes every field of this name.
    public mutating func remove(name: String) {
        fields.removeAll { asciiCaseInsensitiveEquals($0.name, name) }
    }

    /// The first value of the named field, if any.
    public subscript(name: String) -> String? {
        for field in fields where asciiCaseInsensitiveEquals(field.name, name) { return field.value }
        return nil
    }

    /// Every value of the named field, in order.
    public func values(of name: String) -> [String] {
        fields.filter { asciiCaseInsensitiveEquals($0.name, name) }.map(\.value)
    }

    /// Whether the named field's comma-separated values contain `token` (case-insensitive).
    public func containsToken(_ token: String, in name: String) -> Bool {
        for value in values(of: name) {
            for part in value.split(separator: ",") {
                if asciiCaseInsensitiveEquals(String(part.trimmingSpaces), token) { return true }
            }
        }
        return false
    }

    /// Iterates the fields in order.
    public func makeIterator() -> IndexingIterator<[(name: String, value: String)]> {
        fields.makeIterator()
    }

    /// The number of fields.
    public var count: Int { fields.count }

    /// Field-by-field equality (names case-insensitive, order significant).
    public static func == (lhs: HTTPHeaders, rhs: HTTPHeaders) -> Bool {
        lhs.fields.count == rhs.fields.count && zip(lhs.fields, rhs.fields).allSatisfy {
            asciiCaseInsensitiveEquals($0.name, $1.name) && $0.value == $1.value
        }
    }
}

/// ASCII case-insensitive comparison: header names are ASCII tokens, and this avoids the
/// Unicode machinery of `lowercased()` on the hot path.
@inline(__always)
func asciiCaseInsensitiveEquals(_ a: String, _ b: String) -> Bool {
    var a = a, b = b
    return a.withUTF8 { ua in
        b.withUTF8 { ub in
            guard ua.count == ub.count else { return false }
            for i in 0..<ua.count where ua[i] != ub[i] {
                // Bytes differ: equal only if they are the same letter in two cases.
                let folded = ua[i] | 0x20
                guard folded == ub[i] | 0x20, folded >= 0x61, folded <= 0x7A else { return false }
            }
            return true
        }
    }
}

extension Substring {
    /// The substring without leading and trailing spaces and tabs.
    var trimmingSpaces: Substring {
        var s = self
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return s
    }
}
