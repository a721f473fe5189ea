import Primitives

/// The addresses CREATE and CREATE2 deploy to (the EVM, transactions and tracers share them).
public enum ContractAddress {
    /// keccak256(rlp([sender, nonce]))[12...].
    public static func create(sender: Address, nonce: UInt64) -> Address {
        var w = RLPWriter()
        w.appendList { w in
            w.append(sender)
            w.append(nonce)
        }
        return Address(hashSuffix: Keccak256.hash(w.bytes))
    }

    /// keccak256(0xff ‖ sender ‖ salt ‖ keccak256(initcode))[12...].
    public static func create2(sender: Address, salt: UInt256, initcodeHash: Hash) -> Address {
        var bytes: [UInt8] = [0xff]
        bytes += sender.bytes
        bytes += salt.bigEndianBytes
        bytes += initcodeHash.bytes
        return Address(hashSuffix: Keccak256.hash(bytes))
    }
}
