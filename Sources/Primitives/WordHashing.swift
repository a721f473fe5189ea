// Dictionary hashing of the word types (Address, UInt256, Hash).
//
// Dictionaries and sets keyed by addresses and storage slots are the state's inner loop: every
// SLOAD, balance read and trie update looks one up. The synthesized conformance runs SipHash-1-3
// over the words (about 200 instructions a key); `_rawHashValue(seed:)` — the entry point
// Dictionary and Set call — instead mixes each word into the per-table seed with a 64-bit
// finalizer (splitmix64's), a tenth of the work. The seed stays in, so tables still differ in
// their bucket order (which keeps copying between tables linear) and the per-process randomness
// of Swift's hashing still applies; the keys are addresses, hashes and slots of a dev chain,
// not an attacker's chosen flood. `hash(into:)` feeds the same words, for other Hasher users.

/// splitmix64's finalizer: every input bit affects every output bit. For `_rawHashValue(seed:)`
/// of other key types built from these words.
@inlinable @inline(__always)
public func mixWord(_ x: UInt64) -> UInt64 {
    var z = x &* 0xbf58_476d_1ce4_e5b9
    z ^= z >> 31
    z = z &* 0x94d0_49bb_1331_11eb
    return z ^ (z >> 29)
}

extension Address {
    /// The 160 bits folded into one word, for hashing keys made of several words (then mixed).
    @inlinable public var foldedWord: UInt64 { hi ^ (mid &* 0x9e37_79b9_7f4a_7c15) ^ UInt64(lo) << 17 }

    @inlinable public func hash(into hasher: inout Hasher) {
        hasher.combine(hi); hasher.combine(mid); hasher.combine(lo)
    }

    @inlinable public func _rawHashValue(seed: Int) -> Int {
        let h = mixWord(UInt64(bitPattern: Int64(seed)) ^ hi)
        return Int(bitPattern: UInt(mixWord(h ^ mid ^ (UInt64(lo) << 17))))
    }
}

extension UInt256 {
    /// The 256 bits folded into one word, for hashing keys made of several words (then mixed).
    @inlinable public var foldedWord: UInt64 { (w0 &* 0xbf58_476d_1ce4_e5b9) ^ w1 ^ (w2 &* 0x94d0_49bb_1331_11eb) ^ w3 }

    @inlinable public func hash(into hasher: inout Hasher) {
        hasher.combine(w0); hasher.combine(w1); hasher.combine(w2); hasher.combine(w3)
    }

    @inlinable public func _rawHashValue(seed: Int) -> Int {
        var h = mixWord(UInt64(bitPattern: Int64(seed)) ^ w0)
        // Most slots are small numbers: skip the high words' rounds when they are zero.
        if w1 | w2 | w3 != 0 { h = mixWord(mixWord(h ^ w1) ^ w2) ^ w3 }
        return Int(bitPattern: UInt(mixWord(h)))
    }
}

extension Hash {
    @inlinable public func hash(into hasher: inout Hasher) {
        hasher.combine(w0); hasher.combine(w1); hasher.combine(w2); hasher.combine(w3)
    }

    @inlinable public func _rawHashValue(seed: Int) -> Int {
        // Most are Keccak outputs, but not all (zero, small test values): every word goes in.
        let h = mixWord(mixWord(UInt64(bitPattern: Int64(seed)) ^ w0) ^ w1)
        return Int(bitPattern: UInt(mixWord(mixWord(h ^ w2) ^ w3)))
    }
}

/// `_rawHashValue(seed:)` of a storage-slot key (an address and a slot): both words mixed into
/// the seed, for the slot-keyed sets and dictionaries of the journaled state and the store.
@inlinable @inline(__always)
public func slotKeyHashValue(seed: Int, address: Address, slot: UInt256) -> Int {
    Int(bitPattern: UInt(mixWord(mixWord(UInt64(bitPattern: Int64(seed)) ^ address.foldedWord) ^ slot.foldedWord)))
}
