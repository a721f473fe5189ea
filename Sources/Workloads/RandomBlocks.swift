import Ethereum
import Execution
import Keys
import Primitives
import State

/// A seeded generator (SplitMix64) with the draws the generator needs: the same seed gives the
/// same block everywhere.
public struct WorkloadRandom: Sendable {
    var generator: SplitMix64
    public init(seed: UInt64) { generator = SplitMix64(seed: seed) }

    public mutating func next() -> UInt64 { generator.next() }

    public mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(1, n))) }
    public mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
}

/// Random blocks for the differential test of the parallel executor against the sequential one:
/// value transfers, ERC-20 transfers, AMM swaps over few and many pools, CREATE and CREATE2
/// (children that self-destruct in the same transaction), reverts, out-of-gas, self-destruct of
/// existing contracts, nonce gaps and other invalid transactions, storage-heavy calls, reads of the
/// fee recipient's balance, transactions sent by the fee recipient, and EIP-7702 delegations — over
/// a small set of accounts, so that transactions conflict.
public enum RandomBlocks {
    /// Raw contracts (PUSH1 0 rather than PUSH0, so they run from Berlin on).
    public enum Code {
        /// sstore(start + i, value + i) for i in count…1, with calldata (start, count, value).
        public static let storeMany = "600035602035604035" + "5b" + "8115601f57" + "818101" + "838301" + "55" + "906001900390" + "600956" + "5b00"
        /// Stores BALANCE(COINBASE) in slot 0.
        public static let coinbaseReader = "41316000550000"
        /// SELFDESTRUCT to the caller.
        public static let selfDestructor = "33ff"
        /// CREATE (calldata word 0 = 0) or CREATE2 (salt = word 0) of a child (`factoryChildInit`);
        /// then, if word 1 is 1, calls it with no value (it reads its storage), if 2 with 1 wei (it
        /// self-destructs in the transaction that created it); stores the child's address in slot 1.
        public static let factory = "6024604260003960003515601b57600035602460006000f5602356" + "5b" + "602460006000f0" + "5b"
            + "60203515603d57" + "6000600060006000" + "600160203503" + "85" + "5af150" + "5b" + "60015500" + factoryChildInit
        /// The child: sstore(1, sload(0) + sload(7)); with value, SELFDESTRUCT to the caller.
        public static let factoryChild = "60075460005401600155341560115733ff5b00"
        /// Constructor sstore(0, 1), then returns `factoryChild`.
        public static let factoryChildInit = "6001600055" + "6013601160003960136000f3" + factoryChild
        /// Loops until out of gas.
        public static let burner = "5b600056"
    }

    public static let forks: [Fork] = [.berlin, .london, .shanghai, .cancun, .prague, .osaka]

    /// A random block. `conflicting` concentrates the transactions on a few senders and contracts.
    public static func make(seed: UInt64, transactions count: Int? = nil, conflicting: Bool = false) -> BlockWorkload {
        var rng = WorkloadRandom(seed: seed)
        let fork = forks[rng.below(forks.count)]
        var g = Generator(fork: fork, rng: rng, conflicting: conflicting)
        let n = count ?? (8 + g.rng.below(120))
        var transactions: [BlockTransaction] = []
        for _ in 0..<n { transactions.append(g.next()) }
        var parent = g.state
        _ = parent.stateRoot()
        let gasSum = transactions.reduce(0) { $0 + $1.transaction.gasLimit }
        // Now and then a gas limit the block's transactions exceed, so that later ones are refused.
        let gasLimit = g.rng.chance(10) ? max(100_000, gasSum / 2) : max(gasSum, 30_000_000)
        return BlockWorkload(name: "random-\(seed)", parent: parent, context: WorkloadBuilder.context(fork: fork, gasLimit: gasLimit),
                             transactions: transactions)
    }

    /// A fixed block over the random blocks' state that reads storage across a wipe: a child is
    /// called (writes a slot), self-destructs (before Cancun: deleted with its storage), is re-created
    /// by CREATE2 with the same salt, and called again (its old slots must read as zero).
    public static func wipeAndRecreate(fork: Fork) -> BlockWorkload {
        var g = Generator(fork: fork, rng: WorkloadRandom(seed: 7), conflicting: false)
        let s = g.senders[0], child = g.children[3]
        let create2: [UInt8] = UInt256(4).bigEndianBytes + UInt256.zero.bigEndianBytes
        let transactions = [
            g.tx(s, to: child, gas: 80_000),
            g.tx(s, to: child, value: UInt256(1), gas: 80_000),
            g.tx(s, to: g.factory, data: create2, gas: 300_000),
            g.tx(s, to: child, gas: 80_000),
        ]
        var parent = g.state
        _ = parent.stateRoot()
        return BlockWorkload(name: "wipe-and-recreate", parent: parent, context: WorkloadBuilder.context(fork: fork, gasLimit: 30_000_000),
                             transactions: transactions)
    }

    struct Generator {
        let fork: Fork
        var rng: WorkloadRandom
        var state = WorldState()
        var senders: [Address] = []
        var nonces: [Address: UInt64] = [:]
        var keys: [PrivateKey] = []
        var authorityNonces: [UInt64] = []
        let token = WorkloadBuilder.address("r-token", 0)
        let tokenB = WorkloadBuilder.address("r-token", 1)
        let pools: [Address]
        let storeMany = WorkloadBuilder.address("r-store", 0)
        let coinbaseReader = WorkloadBuilder.address("r-coinbase-reader", 0)
        let factory = WorkloadBuilder.address("r-factory", 0)
        let burner = WorkloadBuilder.address("r-burner", 0)
        let destructors: [Address]
        let poor = WorkloadBuilder.address("r-poor", 0)
        /// The factory's CREATE2 children for salts 1…4 (the last one exists with storage before the block).
        let children: [Address]

        init(fork: Fork, rng: WorkloadRandom, conflicting: Bool) {
            self.fork = fork
            self.rng = rng
            let senderCount = conflicting ? 4 : 24
            senders = (0..<senderCount).map { WorkloadBuilder.address("r-sender", $0) }
            pools = (0..<(conflicting ? 1 : 6)).map { WorkloadBuilder.address("r-pool", $0) }
            destructors = (0..<3).map { WorkloadBuilder.address("r-destructor", $0) }
            let initHash = Keccak256.hash(WorkloadBuilder.code(Code.factoryChildInit))
            children = (1...4).map { salt in
                Address(hashSuffix: Keccak256.hash([0xff] + WorkloadBuilder.address("r-factory", 0).bytes + UInt256(UInt64(salt)).bigEndianBytes + initHash.bytes))
            }
            for s in senders { state.fund(s, WorkloadBuilder.ether &* UInt256(1_000)) }
            state.fund(WorkloadBuilder.coinbase, WorkloadBuilder.ether &* UInt256(1_000))
            state.fund(poor, UInt256(30_000))
            var balances: [(Address, UInt256)] = senders.map { ($0, UInt256(1) << 64) }
            var allowances: [(Address, Address)] = []
            for s in senders { for p in pools { allowances.append((s, p)) } }
            for p in pools { balances.append((p, UInt256(1) << 70)) }
            state.deployToken(token, balances: balances, allowances: allowances)
            state.deployToken(tokenB, balances: balances, allowances: allowances)
            for p in pools {
                state.deployPair(p, token0: token, token1: tokenB, reserve0: UInt256(1) << 70, reserve1: UInt256(1) << 70)
            }
            func deploy(_ a: Address, _ hex: String, balance: UInt256 = .zero, storage: [UInt256: UInt256] = [:]) {
                state.setAccount(a, nonce: 1, balance: balance, code: WorkloadBuilder.code(hex), storage: storage)
            }
            deploy(storeMany, Code.storeMany, storage: [UInt256(3): UInt256(7)])
            deploy(coinbaseReader, Code.coinbaseReader)
            deploy(factory, Code.factory, balance: UInt256(1_000_000))
            deploy(burner, Code.burner)
            deploy(children[3], Code.factoryChild, storage: [.zero: UInt256(5), UInt256(7): UInt256(9)])
            for d in destructors { deploy(d, Code.selfDestructor, balance: UInt256(12_345), storage: [.zero: UInt256(1), UInt256(9): UInt256(2)]) }
            // Authorities for EIP-7702 delegations: funded EOAs whose keys sign authorizations.
            for i in 0..<3 {
                var bytes = [UInt8](repeating: 0, count: 32)
                bytes[31] = UInt8(i + 1)
                bytes[0] = 0x42
                let key = try! PrivateKey(bytes)
                keys.append(key)
                authorityNonces.append(0)
                state.fund(key.address, WorkloadBuilder.ether)
            }
        }

        /// Now and then the fee recipient itself: its own transactions write its account in full
        /// between the other transactions' fee credits.
        mutating func sender() -> Address { rng.chance(4) ? WorkloadBuilder.coinbase : senders[rng.below(senders.count)] }

        mutating func nextNonce(_ s: Address) -> UInt64 {
            let n = nonces[s, default: 0]
            nonces[s] = n + 1
            return n
        }

        mutating func tx(_ from: Address, to: Address?, value: UInt256 = .zero, data: [UInt8] = [], gas: UInt64) -> BlockTransaction {
            BlockTransaction(transaction: WorkloadBuilder.transaction(fork: fork, nonce: nextNonce(from), to: to, value: value, data: data, gas: gas,
                                                                      tip: UInt256(UInt64(rng.below(3)) * 500_000_000)),
                             sender: from)
        }

        mutating func next() -> BlockTransaction {
            let s = sender()
            switch rng.below(19) {
            case 0, 1:  // value transfer to another sender, a fresh address, or the fee recipient
                let to: Address
                switch rng.below(4) {
                case 0: to = senders[rng.below(senders.count)]
                case 1: to = WorkloadBuilder.address("r-fresh", rng.below(40))
                case 2: to = keys[rng.below(keys.count)].address  // code may arrive by delegation in the block
                default: to = WorkloadBuilder.coinbase
                }
                return tx(s, to: to, value: UInt256(UInt64(rng.below(1_000_000))), gas: 21_000)
            case 2, 3:  // ERC-20 transfer; sometimes more than the balance (reverts)
                let to = rng.chance(50) ? senders[rng.below(senders.count)] : WorkloadBuilder.address("r-fresh", rng.below(40))
                let amount = rng.chance(10) ? UInt256(1) << 100 : UInt256(UInt64(rng.below(10_000)))
                let which = rng.chance(80) ? token : tokenB
                return tx(s, to: which, data: WorkloadBuilder.call(WorkloadBuilder.Selector.transfer, [WorkloadBuilder.word(to), amount]), gas: 90_000)
            case 4, 5:  // swap; sometimes with too little gas (out of gas) or a slippage revert
                let pool = pools[rng.below(pools.count)]
                let minOut: UInt256 = rng.chance(10) ? .max : .zero
                let gas: UInt64 = rng.chance(10) ? 40_000 : 160_000
                let data = WorkloadBuilder.call(WorkloadBuilder.Selector.swap, [UInt256(UInt64(1_000 + rng.below(1_000_000))), UInt256(UInt64(rng.below(2))), minOut])
                return tx(s, to: pool, data: data, gas: gas)
            case 6:  // storage-heavy
                let data = UInt256(UInt64(rng.below(8))).bigEndianBytes
                    + UInt256(UInt64(1 + rng.below(20))).bigEndianBytes + UInt256(UInt64(rng.below(3))).bigEndianBytes
                return tx(s, to: storeMany, data: Array(data), gas: 600_000)
            case 7:  // reads the fee recipient's balance
                return tx(s, to: coinbaseReader, gas: 60_000)
            case 8:  // contract creation (CREATE from a transaction): deploys the storeMany code
                let runtime = WorkloadBuilder.code(Code.storeMany)
                let initcode: [UInt8] = [0x60, UInt8(runtime.count), 0x60, 0x0c, 0x60, 0x00, 0x39, 0x60, UInt8(runtime.count), 0x60, 0x00, 0xf3] + runtime
                return tx(s, to: nil, value: UInt256(UInt64(rng.below(3))), data: initcode, gas: 200_000)
            case 9:  // factory: CREATE or CREATE2, child called (self-destructs in the same transaction) or not
                let salt = rng.chance(50) ? UInt256.zero : UInt256(UInt64(1 + rng.below(4)))
                let data = Array(salt.bigEndianBytes + UInt256(UInt64(rng.below(3))).bigEndianBytes)
                return tx(s, to: factory, data: data, gas: 300_000)
            case 10:  // self-destruct of an existing contract
                return tx(s, to: destructors[rng.below(destructors.count)], value: UInt256(UInt64(rng.below(5))), gas: 60_000)
            case 11:  // out of gas
                return tx(s, to: burner, gas: 30_000 + UInt64(rng.below(20_000)))
            case 12:  // nonce gap: one ahead (invalid, and the sender's next transaction is still valid)
                let n = nonces[s, default: 0] + 1
                return BlockTransaction(transaction: WorkloadBuilder.transaction(fork: fork, nonce: n, to: s, value: UInt256(1), gas: 21_000), sender: s)
            case 13:  // cannot pay (invalid)
                let n = nonces[poor, default: 0]
                return BlockTransaction(transaction: WorkloadBuilder.transaction(fork: fork, nonce: n, to: s, value: UInt256(1), gas: 21_000), sender: poor)
            case 14 where fork >= .prague:  // EIP-7702: delegate an authority to storeMany or clear it, then use it
                let k = rng.below(keys.count)
                let target = rng.chance(80) ? storeMany : .zero
                let auth = Authorization.signed(chainId: UInt256(WorkloadBuilder.chainId), address: target, nonce: authorityNonces[k], key: keys[k])
                authorityNonces[k] += 1
                var t = WorkloadBuilder.transaction(fork: fork, nonce: nextNonce(s), to: keys[k].address,
                                                   data: Array((UInt256(UInt64(rng.below(4))).bigEndianBytes + UInt256(2).bigEndianBytes + UInt256(5).bigEndianBytes)),
                                                   gas: 200_000)
                t.type = .setCode
                t.authorizationList = [auth]
                return BlockTransaction(transaction: t, sender: s)
            case 14, 15:  // call a (possibly) delegated authority
                let k = rng.below(keys.count)
                let data = Array(UInt256(UInt64(10 + rng.below(4))).bigEndianBytes + UInt256(1).bigEndianBytes + UInt256(9).bigEndianBytes)
                return tx(s, to: keys[k].address, data: data, gas: 120_000)
            case 17:  // call a CREATE2 child directly: it self-destructs (deleted before Cancun), so a
                // later CREATE2 with its salt re-creates it over wiped storage
                return tx(s, to: children[rng.below(children.count)], value: UInt256(UInt64(rng.below(2))), gas: 60_000)
            default:  // transfer to a contract (pools reject plain ETH: vyper has no default function)
                return tx(s, to: rng.chance(50) ? pools[0] : storeMany, value: UInt256(UInt64(rng.below(100))), gas: 50_000)
            }
        }
    }
}
