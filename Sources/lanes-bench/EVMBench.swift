import EVM
import Ethereum
import Execution
import Foundation
import Primitives
import State

/// EVM workloads: fixed, hand-assembled bytecode run as Cancun transactions against a
/// `JournaledState` over a `WorldState` pre-state (a fresh journal per run, so every run starts
/// cold, as a transaction in a block does; analysed code is cached per code hash as in the node).
///
/// `lanes-bench evm --workloads` prints the exact code, pre-state, caller, calldata and gas limit
/// of every workload, so `scripts/bench_evm.py` runs the same bytes through revm (pyrevm) and
/// checks that both charge the same gas.
enum EVMBenchmarks {
    static let fork = Fork.cancun
    static let gasLimit: UInt64 = 100_000_000
    static let caller = Address(low: 0xCA11E4)
    static let contract = Address(low: 0xC0DE)
    
    /// One workload: accounts with code and storage, and the transaction that runs it.
    struct Workload {
        var name: String
        var description: String
        var accounts: [(address: Address, code: [UInt8], storage: [UInt256: UInt256])]
        var to: Address
        var calldata: [UInt8] = []
    }

    // MARK: Assembler

    /// A tiny assembler with forward labels (PUSH2 targets patched at the end).
    struct Assembler {
        var bytes: [UInt8] = []
        var labels: [String: Int] = [:]
        var fixups: [(at: Int, label: String)] = []

        mutating func op(_ o: UInt8...) { bytes += o }
        mutating func push(_ v: UInt64) {
            var be: [UInt8] = []
            var x = v
            repeat { be.insert(UInt8(x & 0xff), at: 0); x >>= 8 } while x != 0
            bytes.append(0x5f + UInt8(be.count))
            bytes += be
        }
        mutating func push(bytes b: [UInt8]) {
            bytes.append(0x5f + UInt8(b.count))
            bytes += b
        }
        mutating func push(label: String) {
            bytes.append(0x61)
            fixups.append((bytes.count, label))
            bytes += [0, 0]
        }
        /// A position (for CODECOPY offsets) without a JUMPDEST.
        mutating func mark(_ name: String) { labels[name] = bytes.count }
        mutating func label(_ name: String) {
            labels[name] = bytes.count
            bytes.append(Op.jumpdest)
        }
        func assembled() -> [UInt8] {
            var out = bytes
            for f in fixups {
                let dest = labels[f.label]!
                out[f.at] = UInt8(dest >> 8)
                out[f.at + 1] = UInt8(dest & 0xff)
            }
            return out
        }
    }

    enum Op {
        static let stop: UInt8 = 0x00, add: UInt8 = 0x01, mul: UInt8 = 0x02, sub: UInt8 = 0x03
        static let gt: UInt8 = 0x11, eq: UInt8 = 0x14, iszero: UInt8 = 0x15, xor: UInt8 = 0x18
        static let shl: UInt8 = 0x1b, shr: UInt8 = 0x1c, keccak: UInt8 = 0x20
        static let codecopy: UInt8 = 0x39, caller: UInt8 = 0x33, callvalue: UInt8 = 0x34, calldataload: UInt8 = 0x35
        static let pop: UInt8 = 0x50, mload: UInt8 = 0x51, mstore: UInt8 = 0x52
        static let sload: UInt8 = 0x54, sstore: UInt8 = 0x55, jump: UInt8 = 0x56, jumpi: UInt8 = 0x57, gas: UInt8 = 0x5a
        static let jumpdest: UInt8 = 0x5b, mcopy: UInt8 = 0x5e
        static let dup1: UInt8 = 0x80, dup2: UInt8 = 0x81, dup3: UInt8 = 0x82, dup4: UInt8 = 0x83, dup7: UInt8 = 0x86
        static let swap1: UInt8 = 0x90, log3: UInt8 = 0xa3, create: UInt8 = 0xf0, call: UInt8 = 0xf1, ret: UInt8 = 0xf3, revert: UInt8 = 0xfd
    }

    /// Stack [.., i] → [.., i-1], jumping to `label` while i-1 != 0.
    static func countDown(_ a: inout Assembler, to label: String) {
        a.push(1); a.op(Op.swap1, Op.sub)
        a.op(Op.dup1); a.push(label: label); a.op(Op.jumpi)
    }

    // MARK: Workloads

    /// MUL, ADD, SHR, XOR, SWAP, DUP, POP and the loop's SUB/JUMPI: 300,000 iterations.
    static func arithmetic(iterations: UInt64 = 300_000) -> Workload {
        var a = Assembler()
        a.push(iterations)  // i
        a.push(1)           // acc
        a.label("loop")     // [i, acc]
        a.op(Op.dup2, Op.dup2, Op.mul)              // [i, acc, acc*i]
        a.push(7); a.op(Op.add)                     // [i, acc, t]
        a.op(Op.dup2); a.push(3); a.op(Op.shr)      // [i, acc, t, acc>>3]
        a.op(Op.xor, Op.swap1, Op.pop)              // [i, acc']
        a.op(Op.swap1)                              // [acc, i]
        a.push(1); a.op(Op.swap1, Op.sub)           // [acc, i-1]
        a.op(Op.swap1, Op.dup2); a.push(label: "loop"); a.op(Op.jumpi)
        a.op(Op.stop)
        return Workload(name: "arith_loop", description: "tight arithmetic loop (MUL/ADD/SHR/XOR/stack ops), \(iterations) iterations",
                        accounts: [(contract, a.assembled(), [:])], to: contract)
    }

    /// KECCAK256 of 64 bytes, result stored back at offset 0: 200,000 hashes.
    static func keccak(iterations: UInt64 = 200_000) -> Workload {
        var a = Assembler()
        a.push(iterations)
        a.label("loop")
        a.push(64); a.push(0); a.op(Op.keccak)
        a.push(0); a.op(Op.mstore)
        countDown(&a, to: "loop")
        a.op(Op.stop)
        return Workload(name: "keccak_loop", description: "KECCAK256 over 64 bytes of memory, \(iterations) hashes",
                        accounts: [(contract, a.assembled(), [:])], to: contract)
    }

    /// MCOPY of 4 KiB back and forth plus an MLOAD/MSTORE per iteration: 40,000 iterations.
    static func memoryCopy(iterations: UInt64 = 40_000) -> Workload {
        var a = Assembler()
        a.push(iterations)
        a.label("loop")
        a.push(4096); a.push(0); a.push(4096); a.op(Op.mcopy)     // mem[4096..8192) = mem[0..4096)
        a.push(4000); a.op(Op.mload); a.push(1); a.op(Op.add)     // mem[4000] + 1
        a.push(0); a.op(Op.mstore)
        a.push(4096); a.push(4096); a.push(0); a.op(Op.mcopy)     // mem[0..4096) = mem[4096..8192)
        countDown(&a, to: "loop")
        a.op(Op.stop)
        return Workload(name: "memory_copy", description: "MCOPY 4 KiB twice per iteration, \(iterations) iterations",
                        accounts: [(contract, a.assembled(), [:])], to: contract)
    }

    /// `rounds` passes over `slots` slots: v = SLOAD(i); SSTORE(i, v + 1). The first pass is cold
    /// and sets fresh slots (2100 + 20000 gas per slot), the others are warm and dirty (100 + 100).
    /// (The pre-state has no storage: pyrevm's storage insertion leaves slots warm, so the
    /// workloads create what they need inside the transaction.)
    static func storage(slots: UInt64 = 500, rounds: UInt64 = 40) -> Workload {
        var a = Assembler()
        a.push(rounds)
        a.label("outer")                            // [j]
        a.push(slots)                               // [j, i]
        a.label("inner")
        a.op(Op.dup1, Op.sload)                     // [j, i, v]
        a.op(Op.dup3, Op.add)                       // [j, i, v+j]
        a.op(Op.dup2, Op.sstore)                    // [j, i]
        countDown(&a, to: "inner")
        a.op(Op.pop)
        countDown(&a, to: "outer")
        a.op(Op.stop)
        return Workload(name: "storage", description: "SLOAD+SSTORE over \(slots) slots, \(rounds) rounds (first cold and fresh, then warm)",
                        accounts: [(contract, a.assembled(), [:])], to: contract)
    }

    /// A minimal ERC-20 `transfer(address,uint256)`: selector dispatch, non-payable, address and
    /// balance checks, overflow check, two SSTOREs and the Transfer LOG3; returns true.
    /// Balances live at keccak256(pad32(holder) ‖ pad32(0)).
    static func tokenRuntime() -> [UInt8] {
        var a = Assembler()
        a.push(0); a.op(Op.calldataload); a.push(0xe0); a.op(Op.shr)
        a.push(0xa905_9cbb); a.op(Op.eq); a.push(label: "transfer"); a.op(Op.jumpi)
        a.push(label: "fail"); a.op(Op.jump)
        a.label("transfer")
        a.op(Op.callvalue); a.push(label: "fail"); a.op(Op.jumpi)          // non-payable
        a.push(4); a.op(Op.calldataload)                                   // [to]
        a.op(Op.dup1); a.push(0xa0); a.op(Op.shr); a.push(label: "fail"); a.op(Op.jumpi)  // 160-bit address
        a.push(0x24); a.op(Op.calldataload)                                // [to, amt]
        a.op(Op.caller); a.push(0); a.op(Op.mstore)
        a.push(0); a.push(0x20); a.op(Op.mstore)
        a.push(0x40); a.push(0); a.op(Op.keccak)                           // [to, amt, sslot]
        a.op(Op.dup1, Op.sload)                                            // [to, amt, sslot, sbal]
        a.op(Op.dup1, Op.dup4, Op.gt); a.push(label: "fail"); a.op(Op.jumpi) // amt > sbal → fail
        a.op(Op.dup3, Op.swap1, Op.sub)                                    // [to, amt, sslot, sbal-amt]
        a.op(Op.swap1, Op.sstore)                                          // [to, amt]
        a.op(Op.dup2); a.push(0); a.op(Op.mstore)
        a.push(0x40); a.push(0); a.op(Op.keccak)                           // [to, amt, rslot]
        a.op(Op.dup1, Op.sload, Op.dup3, Op.add)                           // [to, amt, rslot, rbal+amt]
        a.op(Op.dup1, Op.dup4, Op.gt); a.push(label: "fail"); a.op(Op.jumpi) // overflow → fail
        a.op(Op.swap1, Op.sstore)                                          // [to, amt]
        a.push(0); a.op(Op.mstore)                                         // data = amt; [to]
        a.op(Op.caller)                                                    // [to, from]
        a.push(bytes: Hex.decodeOrDie("ddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef"))
        a.push(0x20); a.push(0); a.op(Op.log3)
        a.push(1); a.push(0); a.op(Op.mstore); a.push(0x20); a.push(0); a.op(Op.ret)
        a.label("fail")
        a.push(0); a.op(Op.dup1, Op.revert)
        return a.assembled()
    }

    /// The token's init code: balances[deployer] = 2^200, then returns the runtime code.
    static func tokenInitcode() -> [UInt8] {
        let runtime = tokenRuntime()
        var a = Assembler()
        a.push(1); a.push(200); a.op(Op.shl)                               // [v]
        a.op(Op.caller); a.push(0); a.op(Op.mstore)
        a.push(0); a.push(0x20); a.op(Op.mstore)
        a.push(0x40); a.push(0); a.op(Op.keccak, Op.sstore)                // balances[caller] = v
        a.push(UInt64(runtime.count)); a.push(label: "runtime"); a.push(0); a.op(Op.codecopy)
        a.push(UInt64(runtime.count)); a.push(0); a.op(Op.ret)
        a.mark("runtime")
        a.bytes += runtime
        return a.assembled()
    }

    /// A driver that CREATEs the token (so both EVMs start from the same cold pre-state: code only),
    /// then calls `token.transfer(0x1000 + i, 1)` for i = n … 1, reverting if one fails.
    static func erc20(transfers: UInt64 = 400) -> Workload {
        let initcode = tokenInitcode()
        var a = Assembler()
        a.push(UInt64(initcode.count)); a.push(label: "initcode"); a.push(0x100); a.op(Op.codecopy)
        a.push(UInt64(initcode.count)); a.push(0x100); a.push(0); a.op(Op.create)     // [token]
        a.op(Op.dup1, Op.iszero); a.push(label: "fail"); a.op(Op.jumpi)
        a.push(0xa905_9cbb); a.push(0xe0); a.op(Op.shl); a.push(0); a.op(Op.mstore)  // selector at [0, 4)
        a.push(1); a.push(0x24); a.op(Op.mstore)                                       // amount at [36, 68)
        a.push(transfers)                                                              // [token, i]
        a.label("loop")
        a.op(Op.dup1); a.push(0x1000); a.op(Op.add); a.push(4); a.op(Op.mstore)       // to at [4, 36)
        a.push(0x20); a.push(0x80); a.push(0x44); a.push(0); a.push(0)
        a.op(Op.dup7, Op.gas, Op.call)                                                 // [token, i, ok]
        a.op(Op.iszero); a.push(label: "fail"); a.op(Op.jumpi)
        countDown(&a, to: "loop")
        a.op(Op.stop)
        a.label("fail")
        a.push(0); a.op(Op.dup1, Op.revert)
        a.mark("initcode")
        a.bytes += initcode
        return Workload(name: "erc20_transfer", description: "\(transfers) ERC-20 transfers (CALL, 2 SLOAD/SSTORE, 2 KECCAK, LOG3 each) to new holders",
                        accounts: [(contract, a.assembled(), [:])], to: contract)
    }

    static var all: [Workload] { [arithmetic(), keccak(), memoryCopy(), storage(), erc20()] }

    // MARK: Running

    static func preState(_ w: Workload) -> WorldState {
        var world = WorldState()
        world.setAccount(caller, nonce: 0, balance: UInt256(1) << 100, code: [], storage: [:])
        for acct in w.accounts {
            world.setAccount(acct.address, nonce: 1, balance: .zero, code: acct.code, storage: acct.storage)
        }
        return world
    }

    /// One transaction over a fresh journal; returns gas used.
    static func run(_ w: Workload, world: WorldState, codeCache: CodeCache) -> TransactionResult {
        let state = JournaledState(base: world, codeCache: codeCache)
        let tx = Transaction(type: .dynamicFee, chainId: 1, nonce: 0, gasLimit: gasLimit, to: w.to, data: w.calldata)
        let context = TransactionProcessor.Context(block: BlockEnvironment(gasLimit: gasLimit), fork: fork, blockGasAvailable: gasLimit)
        return try! TransactionProcessor.execute(tx, sender: caller, state: state, context: context)
    }

    /// Runs each workload repeatedly for about `seconds` and reports the median time per run.
    static func run(seconds: Double, filter: String?) -> [String: [String: Any]] {
        var results: [String: [String: Any]] = [:]
        for w in all where filter == nil || w.name.contains(filter!) {
            let world = preState(w)
            let cache = CodeCache()
            let first = run(w, world: world, codeCache: cache)
            guard first.status.isSuccess else {
                FileHandle.standardError.write(Data("error: workload \(w.name) ended with \(first.status)\n".utf8))
                exit(1)
            }
            var times: [Double] = []
            let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(seconds * 1e9)
            while times.count < 5 || (DispatchTime.now().uptimeNanoseconds < deadline && times.count < 10_000) {
                let start = DispatchTime.now().uptimeNanoseconds
                let r = run(w, world: world, codeCache: cache)
                let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start)
                precondition(r.gasUsed == first.gasUsed)
                times.append(elapsed)
            }
            times.sort()
            let median = times[times.count / 2]
            results[w.name] = ["gas": first.gasUsed, "ns_per_run": median.rounded(),
                               "mgas_per_s": Double(first.gasUsed) / median * 1e3, "runs": times.count,
                               "ns_per_gas": median / Double(first.gasUsed)]
        }
        return results
    }

    /// The workloads as JSON (hex code, storage, calldata) for other EVMs.
    static func describe() -> [String: Any] {
        var out: [String: Any] = [:]
        for w in all {
            var accounts: [String: Any] = [:]
            for acct in w.accounts {
                var storage: [String: String] = [:]
                for (k, v) in acct.storage { storage[k.hexQuantity] = v.hexQuantity }
                accounts[Hex.encode(acct.address.bytes)] = ["code": Hex.encode(acct.code), "storage": storage, "nonce": 1]
            }
            out[w.name] = ["description": w.description, "accounts": accounts, "caller": Hex.encode(caller.bytes),
                           "caller_balance": (UInt256(1) << 100).hexQuantity, "to": Hex.encode(w.to.bytes),
                           "calldata": Hex.encode(w.calldata), "gas_limit": gasLimit, "fork": "CANCUN"]
        }
        return out
    }
}

extension Hex {
    static func decodeOrDie(_ s: String) -> [UInt8] { try! Hex.decode(s) }
}
