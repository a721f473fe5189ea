import Primitives

/// Proof-of-work era rules that do not need the seal: block and ommer rewards, difficulty, and
/// which ommers a block may include. Ethash itself is not verified.
public enum ProofOfWork {
    /// The block reward of `fork` (nil from the merge on): 5 ETH Frontier–Spurious Dragon,
    /// 3 ETH Byzantium (EIP-649), 2 ETH Constantinople (EIP-1234).
    public static func blockReward(_ fork: Fork) -> UInt256? {
        let ether = UInt256(1_000_000_000_000_000_000)
        switch fork {
        case _ where fork >= .paris: return nil
        case _ where fork >= .constantinople: return UInt256(2) &* ether
        case _ where fork >= .byzantium: return UInt256(3) &* ether
        default: return UInt256(5) &* ether
        }
    }

    /// The rewards of a block: the miner gets the reward plus reward/32 per ommer, each ommer's
    /// miner (8 + ommer number − block number)/8 of the reward. Empty from the merge on.
    public static func rewards(fork: Fork, number: UInt64, coinbase: Address, ommers: [Header]) -> [(Address, UInt256)] {
        guard let reward = blockReward(fork) else { return [] }
        var out = [(coinbase, reward &+ UInt256(UInt64(ommers.count)) &* (reward / UInt256(32)))]
        for o in ommers {
            out.append((o.coinbase, UInt256(8 + o.number - number) &* reward / UInt256(8)))
        }
        return out
    }

    public static let minimumDifficulty = UInt256(131_072)

    /// The difficulty a child of `parent` must have (Frontier, EIP-2 Homestead, EIP-100
    /// Byzantium adjustment, plus the difficulty bomb after `bombDelay` blocks).
    public static func difficulty(parent: Header, timestamp: UInt64, fork: Fork, bombDelay: UInt64) -> UInt256 {
        let number = parent.number + 1
        let step = parent.difficulty / UInt256(2048)
        let elapsed = timestamp - parent.timestamp
        let factor: Int64
        if fork >= .byzantium {
            let uncles: Int64 = parent.ommersHash == Header.emptyOmmersHash ? 1 : 2
            factor = max(uncles - Int64(elapsed / 9), -99)
        } else if fork >= .homestead {
            factor = max(1 - Int64(elapsed / 10), -99)
        } else {
            factor = elapsed < 13 ? 1 : -1
        }
        var d = parent.difficulty
        if factor >= 0 {
            d = d &+ step &* UInt256(UInt64(factor))
        } else {
            let down = step &* UInt256(UInt64(-factor))
            d = down > d ? .zero : d &- down
        }
        if number >= bombDelay {
            let periods = (number - bombDelay) / 100_000
            if periods >= 2 { d = d &+ (UInt256.one << Int(periods - 2)) }
        }
        return max(d, minimumDifficulty)
    }
}
