import Ethereum
import Foundation
import Keys
import Primitives

/// Times `body` over enough iterations for about `seconds` and returns nanoseconds per call.
func measure(seconds: Double = 0.2, _ body: () -> Void) -> Double {
    for _ in 0..<100 { body() }  // warm up
    var iterations = 100
    while true {
        let start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<iterations { body() }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start)
        if elapsed >= seconds * 1e9 || iterations >= 1 << 30 { return elapsed / Double(iterations) }
        iterations *= max(2, Int(seconds * 1e9 / max(elapsed, 1)))
    }
}

/// Transaction decoding and signature recovery: the per-transaction costs of the mempool.
enum TransactionBenchmarks {
    static func run() -> [(name: String, nanosecondsPerOp: Double)] {
        let key = try! PrivateKey(hex: "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80")
        let tx = Transaction(type: .dynamicFee, chainId: 31337, nonce: 7, maxPriorityFeePerGas: UInt256(1_000_000_000),
                             maxFeePerGas: UInt256(30_000_000_000), gasLimit: 60_000,
                             to: try! Address(hex: "0x70997970c51812dc3a010c7d01b50e0d17dc79c8"), value: UInt256(10) ,
                             data: [UInt8](repeating: 0xab, count: 68)).signed(with: key)
        let raw = tx.envelope
        var sink: UInt64 = 0
        let decode = measure { sink &+= (try! Transaction(envelope: raw)).nonce }
        let encode = measure { sink &+= UInt64(tx.envelope.count) }
        let digest = tx.signingHash
        let recover = measure { sink &+= (try! tx.signature.recoverAddress(hash: digest)).hi }
        let sign = measure { sink &+= key.sign(hash: digest).r.w0 }
        if sink == 42 { print("") }  // keeps the results alive
        return [("rlp_decode_1559_tx", decode), ("rlp_encode_1559_tx", encode),
                ("secp256k1_recover", recover), ("secp256k1_sign", sign)]
    }
}
