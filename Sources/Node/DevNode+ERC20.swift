import Ethereum
import Primitives
import State

/// A state with one storage slot replaced: probing which slot a token keeps a balance in.
private struct SlotOverride: StateReader {
    let base: WorldState
    let address: Address
    let slot: UInt256
    let value: UInt256

    func account(_ a: Address) -> Account? { base.account(a) }
    func storage(_ a: Address, _ key: UInt256) -> UInt256 { a == address && key == slot ? value : base.storage(a, key) }
    func code(_ codeHash: Hash) -> [UInt8] { base.code(codeHash) }
    func blockHash(_ number: UInt64) -> Hash? { base.blockHash(number) }
    func hasStorage(_ a: Address) -> Bool { a == address || base.hasStorage(a) }
}

extension DevNode {
    /// Sets what an ERC-20 view returns — `balanceOf(holder)` for anvil_dealERC20,
    /// `allowance(owner, spender)` for anvil_setERC20Allowance — by finding the storage slot the
    /// view reads it from and writing `amount` there, as Anvil does: run the view recording the
    /// token's slots it reads, then try each slot with a probe value until the view returns it.
    public func setERC20Value(token: Address, view calldata: [UInt8], to amount: UInt256, what: String) throws(DevControlError) {
        let head = chain.head
        let environment = CallEnvironment(header: head.header, fork: head.fork, config: chain.config)
        var message = CallMessage(gas: 1_000_000)
        message.to = token
        message.data = calldata
        let probe = UInt256(bigEndian: Keccak256.hash(Array("lanes-erc20-probe".utf8)).bytes)! >> 1
        let slot: UInt256? = CallThreads.shared.run { [message] in
            let recorder = RecordingState(base: head.state)
            guard case .success(.success) = CallSimulator.run(message, state: recorder, environment: environment) else { return nil }
            for candidate in recorder.slots(of: token) {
                let trial = SlotOverride(base: head.state, address: token, slot: candidate, value: probe)
                if case .success(.success(let output, _)) = CallSimulator.run(message, state: trial, environment: environment),
                   output.count == 32, UInt256(bigEndian: output) == probe {
                    return candidate
                }
            }
            return nil
        }
        guard let slot else {
            throw DevControlError("could not find the storage slot of \(what) in token \(token): the call failed or reads no slot that holds it")
        }
        try edit([.setStorage(token, slot: slot, value: amount)])
    }
}
