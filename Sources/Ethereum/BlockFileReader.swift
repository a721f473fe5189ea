import Primitives

/// Reads blocks stored back to back as RLP with no separators (geth's `export` / `import`
/// format), one at a time, so that an importer keeps the blocks before a damaged one.
public struct BlockFileReader: Sendable {
    /// Why the next block could not be read.
    public enum Error: Swift.Error, CustomStringConvertible, Sendable {
        case truncated(offset: Int)
        case undecodable(offset: Int, Block.DecodingError)

        public var description: String {
            switch self {
            case .truncated(let offset): return "truncated or malformed RLP at byte \(offset)"
            case .undecodable(let offset, let e): return "cannot decode the block at byte \(offset): \(e)"
            }
        }
    }

    public let bytes: [UInt8]
    public private(set) var offset = 0

    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// The next block, nil at the end of the file.
    public mutating func next() throws(Error) -> Block? {
        guard offset < bytes.count else { return nil }
        guard let length = Self.itemLength(bytes, at: offset) else { throw .truncated(offset: offset) }
        let block: Block
        do {
            block = try Block(rlp: Array(bytes[offset..<offset + length]))
        } catch {
            throw .undecodable(offset: offset, error)
        }
        offset += length
        return block
    }

    /// The byte length of the RLP item starting at `offset`, nil when its header is malformed or
    /// it runs past the end.
    static func itemLength(_ b: [UInt8], at offset: Int) -> Int? {
        let first = Int(b[offset])
        let length: Int
        switch first {
        case 0..<0x80: length = 1
        case 0x80..<0xb8: length = 1 + first - 0x80
        case 0xc0..<0xf8: length = 1 + first - 0xc0
        default:
            let n = first >= 0xf8 ? first - 0xf7 : first - 0xb7
            guard n <= 7, offset + n < b.count else { return nil }
            var payload = 0
            for i in 1...n { payload = payload << 8 | Int(b[offset + i]) }
            length = 1 + n + payload
        }
        return offset + length <= b.count ? length : nil
    }
}
