import Primitives

/// The EIP-2718 transaction types Lanes knows.
public enum TransactionType: UInt8, Sendable, CaseIterable, Comparable {
    /// Pre-2718 RLP transaction, with or without EIP-155 replay protection.
    case legacy = 0
    /// EIP-2930 access-list transaction (Berlin).
    case accessList = 1
    /// EIP-1559 dynamic-fee transaction (London).
    case dynamicFee = 2
    /// EIP-4844 blob transaction (Cancun).
    case blob = 3
    /// EIP-7702 set-code transaction (Prague).
    case setCode = 4

    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }

    /// The first fork whose blocks may contain this type.
    public var introducedIn: Fork {
        switch self {
        case .legacy: return .frontier
        case .accessList: return .berlin
        case .dynamicFee: return .london
        case .blob: return .cancun
        case .setCode: return .prague
        }
    }
}

/// One EIP-2930 access-list entry: an address and the storage keys to pre-warm.
public struct AccessListEntry: Hashable, Sendable {
    public var address: Address
    public var storageKeys: [Hash]

    public init(address: Address, storageKeys: [Hash]) {
        self.address = address
        self.storageKeys = storageKeys
    }
}

/// An EIP-7702 authorization tuple: "let `address`'s code run for my account" signed by the authority.
public struct Authorization: Hashable, Sendable {
    public var chainId: UInt256
    public var address: Address
    public var nonce: UInt64
    public var yParity: UInt8
    public var r: UInt256
    public var s: UInt256

    public init(chainId: UInt256, address: Address, nonce: UInt64, yParity: UInt8, r: UInt256, s: UInt256) {
        self.chainId = chainId; self.address = address; self.nonce = nonce
        self.yParity = yParity; self.r = r; self.s = s
    }

    /// keccak256(0x05 ‖ rlp([chainId, address, nonce])), the digest the authority signs.
    public var signingHash: Hash {
        var w = RLPWriter()
        w.bytes.append(0x05)
        w.appendList { w in
            w.append(chainId)
            w.append(address)
            w.append(nonce)
        }
        return Keccak256.hash(w.bytes)
    }
}
