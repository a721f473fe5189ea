import Ethereum
import Keys
import Primitives
import RPC
import XCTest

final class EncoderTests: XCTestCase {
    /// EIP-155's worked example: nonce 9, 20 gwei, 21000 gas, to 0x3535…, 1 ether, chain 1,
    /// signed with key 0x4646…; v = 37.
    let eip155Raw = "0xf86c098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a76400008025a028ef61340bd939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276a067cbe9d8997f761aecb703304b3800ccf555c9f3dc64214b297fb1966a3b6d83"

    func testScalars() {
        XCTAssertEqual(JSON.quantity(UInt64(0)), "0x0")
        XCTAssertEqual(JSON.quantity(UInt64(1)), "0x1")
        XCTAssertEqual(JSON.quantity(UInt64(0x400)), "0x400")
        XCTAssertEqual(JSON.quantity(UInt64.max), "0xffffffffffffffff")
        XCTAssertEqual(JSON.quantity(UInt256.max), .string("0x" + String(repeating: "f", count: 64)))
        XCTAssertEqual(JSON.data([]), "0x")
        XCTAssertEqual(JSON.data([0x00, 0x0a]), "0x000a")
        XCTAssertEqual(JSON.address(try! Address(hex: "0xF39FD6E51AAD88F6F4CE6AB8827279CFFFB92266")), "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266")
        XCTAssertEqual(JSON.address(nil as Address?), .null)
    }

    func testLegacyTransactionMinedInABlock() throws {
        let tx = try Transaction(envelope: Array(hex: eip155Raw))
        let sender = try tx.recoverSender()
        XCTAssertEqual(sender, try Address(hex: "0x9d8a62f656a8d1615c1294fd71e9cfb3e4855a4f"))
        let blockHash = try Hash(hex: "0x" + String(repeating: "ab", count: 32))
        let json = JSON.transaction(tx, sender: sender, context: TransactionContext(blockHash: blockHash, blockNumber: 0x10, index: 2, baseFeePerGas: 7))
        XCTAssertEqual(json.serializedString, """
        {"blockHash":"0xabababababababababababababababababababababababababababababababab","blockNumber":"0x10",\
        "from":"0x9d8a62f656a8d1615c1294fd71e9cfb3e4855a4f","gas":"0x5208","gasPrice":"0x4a817c800",\
        "hash":"0x33469b22e9f636356c4160a87eb19df52b7412e8eac32a4a55ffe88ea8350788","input":"0x","nonce":"0x9",\
        "to":"0x3535353535353535353535353535353535353535","transactionIndex":"0x2","value":"0xde0b6b3a7640000",\
        "type":"0x0","chainId":"0x1","v":"0x25",\
        "r":"0x28ef61340bd939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276",\
        "s":"0x67cbe9d8997f761aecb703304b3800ccf555c9f3dc64214b297fb1966a3b6d83"}
        """)
    }

    func testPendingDynamicFeeTransactionAndEffectiveGasPrice() throws {
        let key = try PrivateKey(Array(repeating: 0x11, count: 32))
        let to = try Address(hex: "0x00000000000000000000000000000000000000aa")
        var tx = Transaction(type: .dynamicFee, chainId: 31337, nonce: 0, maxPriorityFeePerGas: 2, maxFeePerGas: 100, gasLimit: 30000,
                             to: to, value: 5, data: [0xca, 0xfe],
                             accessList: [AccessListEntry(address: to, storageKeys: [Hash.zero])])
        tx.sign(with: key)
        let sender = try tx.recoverSender()
        let pending = JSON.transaction(tx, sender: sender)
        XCTAssertEqual(pending["blockHash"], .null)
        XCTAssertEqual(pending["blockNumber"], .null)
        XCTAssertEqual(pending["transactionIndex"], .null)
        XCTAssertEqual(pending["gasPrice"], "0x64")  // the fee cap while pending
        XCTAssertEqual(pending["maxFeePerGas"], "0x64")
        XCTAssertEqual(pending["maxPriorityFeePerGas"], "0x2")
        XCTAssertEqual(pending["type"], "0x2")
        XCTAssertEqual(pending["chainId"], "0x7a69")
        XCTAssertEqual(pending["input"], "0xcafe")
        XCTAssertEqual(pending["accessList"]?.serializedString,
                       #"[{"address":"0x00000000000000000000000000000000000000aa","storageKeys":["0x0000000000000000000000000000000000000000000000000000000000000000"]}]"#)
        XCTAssertEqual(pending["v"], pending["yParity"])
        XCTAssertEqual(pending["hash"], .hash(tx.hash))
        XCTAssertNil(pending["maxFeePerBlobGas"])
        XCTAssertNil(pending["authorizationList"])
        XCTAssertEqual(pending.objectValue?.keys, ["blockHash", "blockNumber", "from", "gas", "gasPrice", "maxFeePerGas", "maxPriorityFeePerGas",
                                                   "hash", "input", "nonce", "to", "transactionIndex", "value", "type", "accessList", "chainId",
                                                   "v", "r", "s", "yParity"])
        // Mined with base fee 10: 10 + min(2, 100 - 10) = 12.
        let mined = JSON.transaction(tx, sender: sender, context: TransactionContext(blockHash: .zero, blockNumber: 1, index: 0, baseFeePerGas: 10))
        XCTAssertEqual(mined["gasPrice"], "0xc")
    }

    func testBlobAndSetCodeTransactionMembers() throws {
        let versioned = try Hash(hex: "0x01" + String(repeating: "00", count: 31))
        let blob = Transaction(type: .blob, chainId: 1, maxFeePerGas: 9, to: .zero, maxFeePerBlobGas: 3, blobVersionedHashes: [versioned])
        let bj = JSON.transaction(blob, sender: .zero)
        XCTAssertEqual(bj["maxFeePerBlobGas"], "0x3")
        XCTAssertEqual(bj["blobVersionedHashes"], [.hash(versioned)])
        XCTAssertEqual(bj["type"], "0x3")
        let auth = Authorization(chainId: 1, address: try Address(hex: "0x" + String(repeating: "22", count: 20)), nonce: 7, yParity: 1, r: 5, s: 6)
        let setCode = Transaction(type: .setCode, chainId: 1, to: .zero, authorizationList: [auth])
        XCTAssertEqual(JSON.transaction(setCode, sender: .zero)["authorizationList"]?.serializedString,
                       #"[{"chainId":"0x1","address":"0x2222222222222222222222222222222222222222","nonce":"0x7","yParity":"0x1","r":"0x5","s":"0x6"}]"#)
        let create = Transaction(type: .accessList, chainId: 1, to: nil)
        let cj = JSON.transaction(create, sender: .zero)
        XCTAssertEqual(cj["to"], .null)
        XCTAssertEqual(cj["accessList"], [])
        XCTAssertNil(cj["maxFeePerGas"])
    }

    func testReceiptWithLogs() throws {
        let emitter = try Address(hex: "0x5fbdb2315678afecb367f032d93f642f64180aa3")
        let topic = try Hash(hex: "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef")
        let receipt = Receipt(type: .dynamicFee, outcome: .status(true), cumulativeGasUsed: 0xb0f4,
                              logs: [Log(address: emitter, topics: [topic], data: [0x01])])
        let txHash = try Hash(hex: "0x" + String(repeating: "11", count: 32))
        let blockHash = try Hash(hex: "0x" + String(repeating: "22", count: 32))
        let from = try Address(hex: "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266")
        let context = ReceiptContext(transactionHash: txHash, transactionIndex: 1, blockHash: blockHash, blockNumber: 3,
                                     from: from, to: emitter, contractAddress: nil, gasUsed: 0x5208,
                                     effectiveGasPrice: 0x3b9aca00, firstLogIndex: 4)
        let json = JSON.receipt(receipt, context)
        let bloom = Hex.encode(receipt.logsBloom.bytes)
        XCTAssertEqual(json.serializedString, """
        {"blockHash":"0x2222222222222222222222222222222222222222222222222222222222222222","blockNumber":"0x3",\
        "contractAddress":null,"cumulativeGasUsed":"0xb0f4","effectiveGasPrice":"0x3b9aca00",\
        "from":"0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266","gasUsed":"0x5208",\
        "logs":[{"address":"0x5fbdb2315678afecb367f032d93f642f64180aa3",\
        "topics":["0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef"],"data":"0x01",\
        "blockNumber":"0x3","transactionHash":"0x1111111111111111111111111111111111111111111111111111111111111111",\
        "transactionIndex":"0x1","blockHash":"0x2222222222222222222222222222222222222222222222222222222222222222",\
        "logIndex":"0x4","removed":false}],"logsBloom":"\(bloom)","status":"0x1",\
        "to":"0x5fbdb2315678afecb367f032d93f642f64180aa3",\
        "transactionHash":"0x1111111111111111111111111111111111111111111111111111111111111111",\
        "transactionIndex":"0x1","type":"0x2"}
        """)
    }

    func testReceiptContextDerivesContractAddressAndBlobGas() throws {
        // The first contract deployed by Anvil's first dev account (nonce 0).
        let sender = try Address(hex: "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266")
        let create = Transaction(type: .dynamicFee, chainId: 31337, nonce: 0, maxPriorityFeePerGas: 1, maxFeePerGas: 50, to: nil)
        let header = Header(number: 1, timestamp: 99, baseFeePerGas: 7)
        let c = ReceiptContext(transaction: create, sender: sender, index: 0, header: header, blockHash: .zero, gasUsed: 60000, firstLogIndex: 0)
        XCTAssertEqual(c.contractAddress, try Address(hex: "0x5fbdb2315678afecb367f032d93f642f64180aa3"))
        XCTAssertEqual(c.effectiveGasPrice, 8)
        XCTAssertNil(c.blobGasUsed)
        let blob = Transaction(type: .blob, chainId: 1, maxFeePerGas: 50, to: .zero, maxFeePerBlobGas: 5, blobVersionedHashes: [.zero, .zero])
        let bc = ReceiptContext(transaction: blob, sender: sender, index: 0, header: header, blockHash: .zero, gasUsed: 21000, firstLogIndex: 0, blobBaseFee: 3)
        XCTAssertEqual(bc.blobGasUsed, 262_144)
        let json = JSON.receipt(Receipt(type: .blob, outcome: .status(false), cumulativeGasUsed: 21000, logs: []), bc)
        XCTAssertEqual(json["blobGasUsed"], "0x40000")
        XCTAssertEqual(json["blobGasPrice"], "0x3")
        XCTAssertEqual(json["status"], "0x0")
        let preByzantium = JSON.receipt(Receipt(type: .legacy, outcome: .stateRoot(.zero), cumulativeGasUsed: 1, logs: []), c)
        XCTAssertNil(preByzantium["status"])
        XCTAssertEqual(preByzantium["root"], .hash(.zero))
    }

    func testBlockAndHeader() throws {
        let key = try PrivateKey(Array(repeating: 0x22, count: 32))
        let tx = Transaction(type: .dynamicFee, chainId: 1, nonce: 0, maxPriorityFeePerGas: 1, maxFeePerGas: 10, to: .zero).signed(with: key)
        let header = Header(number: 0x1b4, gasLimit: 30_000_000, gasUsed: 21000, timestamp: 0x55ba467c, extraData: [0x42],
                            nonce: 0x42, baseFeePerGas: 7, withdrawalsRoot: Block.withdrawalsRoot([]), blobGasUsed: 0, excessBlobGas: 0,
                            parentBeaconBlockRoot: .zero, requestsHash: .zero)
        let block = Block(header: header, transactions: [tx], withdrawals: [Withdrawal(index: 1, validatorIndex: 2, address: .zero, amountGwei: 3)])
        let hashes = JSON.block(block, transactions: .hashes)
        XCTAssertEqual(hashes.objectValue?.keys, ["baseFeePerGas", "blobGasUsed", "difficulty", "excessBlobGas", "extraData", "gasLimit", "gasUsed",
                                                  "hash", "logsBloom", "miner", "mixHash", "nonce", "number", "parentBeaconBlockRoot", "parentHash",
                                                  "receiptsRoot", "requestsHash", "sha3Uncles", "size", "stateRoot", "timestamp", "transactions",
                                                  "transactionsRoot", "uncles", "withdrawals", "withdrawalsRoot"])
        XCTAssertEqual(hashes["number"], "0x1b4")
        XCTAssertEqual(hashes["nonce"], "0x0000000000000042")
        XCTAssertEqual(hashes["extraData"], "0x42")
        XCTAssertEqual(hashes["difficulty"], "0x0")
        XCTAssertEqual(hashes["hash"], .hash(header.hash))
        XCTAssertEqual(hashes["size"], .quantity(block.rlp.count))
        XCTAssertEqual(hashes["transactions"], [.hash(tx.hash)])
        XCTAssertEqual(hashes["uncles"], [])
        XCTAssertEqual(hashes["withdrawals"]?.serializedString,
                       #"[{"index":"0x1","validatorIndex":"0x2","address":"0x0000000000000000000000000000000000000000","amount":"0x3"}]"#)
        let full = JSON.block(block, transactions: .full(senders: []))
        XCTAssertEqual(full["transactions"]?[0]?["from"], .address(key.address))
        XCTAssertEqual(full["transactions"]?[0]?["blockHash"], .hash(header.hash))
        XCTAssertEqual(full["transactions"]?[0]?["gasPrice"], "0x8")
        // A pre-London header has none of the fork members.
        let frontier = JSON.header(Header(number: 1))
        for key in ["baseFeePerGas", "withdrawalsRoot", "blobGasUsed", "excessBlobGas", "parentBeaconBlockRoot", "requestsHash", "size"] {
            XCTAssertNil(frontier[key], key)
        }
    }

    func testLogContextNullsWhilePending() {
        let json = JSON.log(Log(address: .zero, topics: [], data: []),
                            LogContext(blockHash: nil, blockNumber: nil, transactionHash: nil, transactionIndex: nil, logIndex: nil))
        XCTAssertEqual(json.serializedString, #"{"address":"0x0000000000000000000000000000000000000000","topics":[],"data":"0x","blockNumber":null,"transactionHash":null,"transactionIndex":null,"blockHash":null,"logIndex":null,"removed":false}"#)
    }
}
