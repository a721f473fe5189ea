import EVM
import Ethereum
import Execution
import Keys
import Primitives
import State
import XCTest

/// The hooks' cheapest use: an observer of calls (as Hardhat's console.log printer would be)
/// attached to one transaction through `TransactionProcessor.execute(…, tracer:)`. It implements
/// `enter` only, so frames keep running the plain opcode loop.
final class CallObserverTests: XCTestCase {
    /// Records calls to one address.
    final class ConsoleObserver: EVMTracer {
        static let console = try! Address(hex: "0x000000000000000000636F6e736F6c652e6c6f67")
        var payloads: [[UInt8]] = []
        func enter(depth: Int, opcode: UInt8, from: Address, to: Address, input: [UInt8], gas: Int64, value: UInt256?) {
            if to == Self.console { payloads.append(input) }
        }
    }

    func testObserverSeesCallsToTheConsoleAddress() throws {
        let key = try PrivateKey(hex: "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80")
        let contract = Address(low: 0xC0DE)
        // MSTORE 0x1234 at 0, STATICCALL(gas, console, in 30/2, out 0/0), STOP.
        let code: [UInt8] = [0x61, 0x12, 0x34, 0x60, 0x00, 0x52, 0x60, 0x00, 0x60, 0x00, 0x60, 0x02, 0x60, 0x1e, 0x73]
            + ConsoleObserver.console.bytes + [0x61, 0xff, 0xff, 0xfa, 0x00]
        var world = WorldState()
        world.setAccount(key.address, nonce: 0, balance: UInt256(10).power(UInt256(20)), code: [], storage: [:])
        world.setAccount(contract, nonce: 1, balance: .zero, code: code, storage: [:])
        var tx = Transaction(type: .dynamicFee, chainId: 1, nonce: 0, gasLimit: 100_000, to: contract)
        tx.maxFeePerGas = UInt256(10)
        tx.maxPriorityFeePerGas = UInt256(1)
        tx.sign(with: key)
        let sender = try TransactionRules.validate(tx, fork: .prague, chainId: 1)
        let observer = ConsoleObserver()
        XCTAssertFalse(observer.tracesSteps, "an observer of calls leaves the opcode loop untraced")
        let context = TransactionProcessor.Context(block: BlockEnvironment(number: 1, gasLimit: 30_000_000, baseFee: UInt256(7), chainId: 1),
                                                   fork: .prague, blockGasAvailable: 30_000_000)
        let result = try TransactionProcessor.execute(tx, sender: sender, state: JournaledState(base: world), context: context, tracer: observer)
        XCTAssertTrue(result.succeeded)
        XCTAssertEqual(observer.payloads, [[0x12, 0x34]])
    }
}
