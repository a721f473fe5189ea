import Ethereum
import Execution
import Primitives
import State

/// The blocks of `lanes-bench executor`: each a single block over an in-memory state.
public enum ExecutorWorkloads {
    public static let names = ["transfers", "erc20", "swaps-many", "swaps-one", "mixed", "chain"]

    public static func make(_ name: String, transactions n: Int) -> BlockWorkload? {
        switch name {
        case "transfers": return build(name, n) { b, i in b.transfer(i) }
        case "erc20": return build(name, n) { b, i in b.tokenTransfer(i) }
        case "swaps-many": return build(name, n) { b, i in b.swap(i, pool: i % 100) }
        case "swaps-one": return build(name, n) { b, i in b.swap(i, pool: 0) }
        case "mixed":
            return build(name, n) { b, i in
                switch i % 10 {
                case 0..<6: return b.transfer(i)
                case 6, 7: return b.tokenTransfer(i)
                default: return b.swap(i, pool: i % 100)
                }
            }
        case "chain": return build(name, n) { b, i in b.bump(i) }
        default: return nil
        }
    }

    static func build(_ name: String, _ n: Int, _ make: (inout Builder, Int) -> BlockTransaction) -> BlockWorkload {
        var builder = Builder()
        let transactions = (0..<n).map { make(&builder, $0) }
        builder.deployTokens()
        var parent = builder.state
        _ = parent.stateRoot()  // a committed parent: its tries are hashed, as a node's would be
        let gas = transactions.reduce(0) { $0 + $1.transaction.gasLimit }
        return BlockWorkload(name: name, parent: parent, context: WorkloadBuilder.context(gasLimit: max(gas, 30_000_000)),
                             transactions: transactions)
    }

    /// Builds the parent state alongside the transactions that need it.
    struct Builder {
        var state = WorldState()
        let fork = Fork.osaka
        let token = WorkloadBuilder.address("token", 0)
        let tokenB = WorkloadBuilder.address("token", 1)
        let counter = WorkloadBuilder.address("counter", 0)
        var tokenBalances: [(Address, UInt256)] = []
        var tokenBBalances: [(Address, UInt256)] = []
        var allowances: [(Address, Address)] = []
        var pools: Set<Int> = []

        init() {
            state.setAccount(counter, nonce: 1, balance: .zero, code: WorkloadBuilder.code(ContractBytecode.counter), storage: [:])
        }

        /// Writes both tokens with every holder's balance and allowance, once at the end.
        mutating func deployTokens() {
            if !tokenBalances.isEmpty { state.deployToken(token, balances: tokenBalances, allowances: allowances) }
            if !tokenBBalances.isEmpty { state.deployToken(tokenB, balances: tokenBBalances, allowances: allowances) }
        }

        mutating func sender(_ kind: String, _ i: Int) -> Address {
            let a = WorkloadBuilder.address(kind, i)
            state.fund(a, WorkloadBuilder.ether &* UInt256(100))
            return a
        }

        mutating func transfer(_ i: Int) -> BlockTransaction {
            let from = sender("sender", i)
            let to = WorkloadBuilder.address("recipient", i)
            let tx = WorkloadBuilder.transaction(fork: fork, nonce: 0, to: to, value: UInt256(UInt64(1_000 + i)), gas: 21_000)
            return BlockTransaction(transaction: tx, sender: from)
        }

        mutating func tokenTransfer(_ i: Int) -> BlockTransaction {
            let from = sender("holder", i)
            let to = WorkloadBuilder.address("holder-to", i)
            tokenBalances.append((from, UInt256(1_000_000)))
            tokenBalances.append((to, UInt256(5)))
            let data = WorkloadBuilder.call(WorkloadBuilder.Selector.transfer, [WorkloadBuilder.word(to), UInt256(UInt64(100 + i % 50))])
            return BlockTransaction(transaction: WorkloadBuilder.transaction(fork: fork, nonce: 0, to: token, data: data, gas: 90_000), sender: from)
        }

        static func pool(_ p: Int) -> Address { WorkloadBuilder.address("pool", p) }

        mutating func swap(_ i: Int, pool p: Int) -> BlockTransaction {
            let trader = sender("trader", i)
            let pool = Self.pool(p)
            if pools.insert(p).inserted {
                state.deployPair(pool, token0: token, token1: tokenB, reserve0: UInt256(1) << 80, reserve1: UInt256(1) << 80)
                tokenBalances.append((pool, UInt256(1) << 80))
                tokenBBalances.append((pool, UInt256(1) << 80))
            }
            tokenBalances.append((trader, UInt256(1) << 40))
            tokenBBalances.append((trader, UInt256(1) << 40))
            allowances.append((trader, pool))
            let data = WorkloadBuilder.call(WorkloadBuilder.Selector.swap, [UInt256(UInt64(1_000_000 + i)), UInt256(UInt64(i % 2)), .zero])
            return BlockTransaction(transaction: WorkloadBuilder.transaction(fork: fork, nonce: 0, to: pool, data: data, gas: 160_000), sender: trader)
        }

        mutating func bump(_ i: Int) -> BlockTransaction {
            let from = sender("bumper", i)
            let data = WorkloadBuilder.call(WorkloadBuilder.Selector.bump, [])
            return BlockTransaction(transaction: WorkloadBuilder.transaction(fork: fork, nonce: 0, to: counter, data: data, gas: 80_000), sender: from)
        }
    }
}
