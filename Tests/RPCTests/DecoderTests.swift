import Ethereum
import Primitives
import RPC
import XCTest

final class DecoderTests: XCTestCase {
    func parse(_ text: String) -> JSON { try! JSONParser().parse(text) }

    /// The decoder message a body fails with (nil when it succeeds).
    func message(_ body: () throws -> Void) -> String? {
        do { try body(); return nil } catch { return (error as? ParamError)?.message ?? "unexpected \(error)" }
    }

    func testQuantities() throws {
        XCTAssertEqual(try ParamDecoding.uint64("0x0"), 0)
        XCTAssertEqual(try ParamDecoding.uint64("0xffffffffffffffff"), .max)
        XCTAssertEqual(try ParamDecoding.uint64("0XaB"), 0xab)
        XCTAssertEqual(try ParamDecoding.uint64(""), 0)  // as hexutil: an empty string is zero
        XCTAssertEqual(try ParamDecoding.uint256(.string("0x" + String(repeating: "f", count: 64))), .max)
        XCTAssertEqual(message { _ = try ParamDecoding.uint64("1") }, "json: cannot unmarshal hex string without 0x prefix into Go value of type hexutil.Uint64")
        XCTAssertEqual(message { _ = try ParamDecoding.uint64("0x00") }, "json: cannot unmarshal hex number with leading zero digits into Go value of type hexutil.Uint64")
        XCTAssertEqual(message { _ = try ParamDecoding.uint64("0xg") }, "json: cannot unmarshal invalid hex string into Go value of type hexutil.Uint64")
        XCTAssertEqual(message { _ = try ParamDecoding.uint64(nil) }, "json: cannot unmarshal non-string into Go value of type hexutil.Uint64")
        XCTAssertEqual(message { _ = try ParamDecoding.uint256(.string("0x" + String(repeating: "1", count: 65))) },
                       "json: cannot unmarshal hex number > 256 bits into Go value of type *hexutil.Big")
    }

    func testFixedAndData() throws {
        XCTAssertEqual(try ParamDecoding.bytes(""), [])
        XCTAssertEqual(try ParamDecoding.bytes("0x"), [])
        XCTAssertEqual(try ParamDecoding.bytes("0xABcd"), [0xab, 0xcd])
        XCTAssertEqual(try ParamDecoding.hash(.string("0x" + String(repeating: "0", count: 63) + "1")), Hash(UInt256(1)))
        XCTAssertEqual(message { _ = try ParamDecoding.hash("0x1234") }, "hex string has length 4, want 64 for common.Hash")
        XCTAssertEqual(message { _ = try ParamDecoding.address("0x123") }, "json: cannot unmarshal hex string of odd length into Go value of type common.Address")
        XCTAssertEqual(message { _ = try ParamDecoding.bool("true") }, "json: cannot unmarshal string into Go value of type bool")
    }

    func testBlockTagsAndSelectors() throws {
        for (text, tag) in [("latest", BlockTag.latest), ("earliest", .earliest), ("pending", .pending), ("safe", .safe), ("finalized", .finalized), ("0x1f", .number(31))] {
            XCTAssertEqual(try BlockTag.decode(.string(text)), tag)
            XCTAssertEqual(try BlockSelector.decode(.string(text)), .tag(tag))
        }
        let hash = "0x" + String(repeating: "ab", count: 32)
        XCTAssertEqual(try BlockSelector.decode(.string(hash)), .hash(try Hash(hex: hash), requireCanonical: false))
        XCTAssertEqual(try BlockSelector.decode(parse(#"{"blockHash":"\#(hash)","requireCanonical":true}"#)), .hash(try Hash(hex: hash), requireCanonical: true))
        XCTAssertEqual(try BlockSelector.decode(parse(#"{"blockNumber":"0x10"}"#)), .tag(.number(16)))
        XCTAssertEqual(try BlockSelector.decode(parse(#"{"blockNumber":"safe"}"#)), .tag(.safe))
        XCTAssertEqual(message { _ = try BlockSelector.decode(self.parse(#"{"blockNumber":"0x1","blockHash":"\#(hash)"}"#)) },
                       "cannot specify both BlockHash and BlockNumber, choose one or the other")
        XCTAssertEqual(message { _ = try BlockSelector.decode(self.parse("{}")) }, "invalid arguments; neither block nor hash specified")
        XCTAssertEqual(message { _ = try BlockTag.decode("") }, "empty hex string")
        XCTAssertEqual(message { _ = try BlockTag.decode("0x01") }, "hex number with leading zero digits")
        XCTAssertEqual(message { _ = try BlockTag.decode(5) }, "hex string without 0x prefix")
        XCTAssertEqual(message { _ = try BlockSelector.decode("0x8000000000000000") }, "blocknumber too high")
        XCTAssertEqual(message { _ = try BlockSelector.decode(.string("0x" + String(repeating: "zz", count: 32))) }, "invalid hex string")
        XCTAssertEqual(message { _ = try BlockSelector.decode(true) }, "json: cannot unmarshal bool into Go value of type string")
    }

    func testCallRequest() throws {
        let json = parse("""
        {"from":"0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266","to":"0x5fbdb2315678afecb367f032d93f642f64180aa3",
         "gas":"0x5208","gasPrice":"0x1","maxFeePerGas":"0x2","maxPriorityFeePerGas":"0x3","value":"0xde0b6b3a7640000",
         "data":"0xabcd","input":"0xabcd","nonce":"0x7","type":"0x4","chainId":"0x7a69","maxFeePerBlobGas":"0x9",
         "accessList":[{"address":"0x5fbdb2315678afecb367f032d93f642f64180aa3","storageKeys":["0x0000000000000000000000000000000000000000000000000000000000000001"]}],
         "authorizationList":[{"chainId":"0x1","address":"0x5fbdb2315678afecb367f032d93f642f64180aa3","nonce":"0x0","yParity":"0x1","r":"0x2","s":"0x3"}],
         "blobVersionedHashes":["0x0100000000000000000000000000000000000000000000000000000000000000"],"unknownField":123}
        """)
        let c = try CallRequest.decode(json)
        XCTAssertEqual(c.from, try Address(hex: "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266"))
        XCTAssertEqual(c.gas, 21000)
        XCTAssertEqual(c.value, UInt256(1_000_000_000_000_000_000))
        XCTAssertEqual(c.nonce, 7)
        XCTAssertEqual(c.type, 4)
        XCTAssertEqual(c.chainId, 31337)
        XCTAssertEqual(try c.resolvedInput(), [0xab, 0xcd])
        XCTAssertEqual(c.accessList?.first?.storageKeys, [Hash(UInt256(1))])
        XCTAssertEqual(c.authorizationList?.first?.yParity, 1)
        XCTAssertEqual(c.blobVersionedHashes?.count, 1)
        XCTAssertEqual(c.maxFeePerBlobGas, 9)
        // Absent and null members are nil.
        let empty = try CallRequest.decode(parse(#"{"to":null}"#))
        XCTAssertEqual(empty, CallRequest())
        XCTAssertEqual(try empty.resolvedInput(), [])
        // Conflicting data/input, wrong types, wrong shapes.
        let conflicting = try CallRequest.decode(parse(#"{"data":"0x01","input":"0x02"}"#))
        XCTAssertThrowsError(try conflicting.resolvedInput()) {
            XCTAssertEqual(($0 as? RPCError)?.message, #"both "data" and "input" are set and not equal. Please use "input" to pass transaction call data"#)
        }
        XCTAssertEqual(message { _ = try CallRequest.decode(self.parse(#"{"gas":21000}"#)) },
                       "json: cannot unmarshal non-string into Go struct field TransactionArgs.gas of type hexutil.Uint64")
        XCTAssertEqual(message { _ = try CallRequest.decode(self.parse(#"{"value":"0x01"}"#)) },
                       "json: cannot unmarshal hex number with leading zero digits into Go struct field TransactionArgs.value of type *hexutil.Big")
        XCTAssertEqual(message { _ = try CallRequest.decode(self.parse(#"{"to":"0x12"}"#)) }, "hex string has length 2, want 40 for common.Address")
        XCTAssertEqual(message { _ = try CallRequest.decode("0x1") }, "json: cannot unmarshal string into Go value of type ethapi.TransactionArgs")
        XCTAssertEqual(message { _ = try CallRequest.decode(self.parse(#"{"accessList":{}}"#)) },
                       "json: cannot unmarshal object into Go struct field TransactionArgs.accessList of type types.AccessList")
        XCTAssertEqual(message { _ = try CallRequest.decode(self.parse(#"{"authorizationList":[{"chainId":"0x1"}]}"#)) },
                       "missing required field 'address' for SetCodeAuthorization")
    }

    func testStateAndBlockOverrides() throws {
        let a = "0x00000000000000000000000000000000000000aa"
        let slot = "0x" + String(repeating: "0", count: 63) + "1"
        let overrides = try StateOverrides.decode(parse(#"{"\#(a)":{"balance":"0x10","nonce":"0x2","code":"0x6000","stateDiff":{"\#(slot)":"\#(slot)"}},"0x00000000000000000000000000000000000000bb":{"state":{}}}"#))
        XCTAssertEqual(overrides.accounts.count, 2)
        let aa = overrides[try Address(hex: a)]!
        XCTAssertEqual(aa.balance, 16)
        XCTAssertEqual(aa.nonce, 2)
        XCTAssertEqual(aa.code, [0x60, 0x00])
        XCTAssertEqual(aa.stateDiff, [Hash(UInt256(1)): Hash(UInt256(1))])
        XCTAssertEqual(overrides.accounts[1].override.state, [:])
        XCTAssertEqual(message { _ = try StateOverrides.decode(self.parse(#"{"\#(a)":{"state":{},"stateDiff":{}}}"#)) },
                       "account 0x00000000000000000000000000000000000000AA has both 'state' and 'stateDiff'")
        XCTAssertEqual(message { _ = try StateOverrides.decode(self.parse(#"{"0x12":{}}"#)) }, "hex string has length 2, want 40 for common.Address")

        let block = try BlockOverrides.decode(parse(#"{"number":"0x5","time":"0x64","gasLimit":"0x1c9c380","coinbase":"\#(a)","baseFee":"0x7","random":"\#(slot)","withdrawals":[{"index":"0x0","validatorIndex":"0x1","address":"\#(a)","amount":"0x2"}]}"#))
        XCTAssertEqual(block.number, 5)
        XCTAssertEqual(block.time, 100)
        XCTAssertEqual(block.gasLimit, 30_000_000)
        XCTAssertEqual(block.feeRecipient, try Address(hex: a))
        XCTAssertEqual(block.baseFeePerGas, 7)
        XCTAssertEqual(block.prevRandao, Hash(UInt256(1)))
        XCTAssertEqual(block.withdrawals, [Withdrawal(index: 0, validatorIndex: 1, address: try Address(hex: a), amountGwei: 2)])
        XCTAssertEqual(message { _ = try BlockOverrides.decode(self.parse(#"{"time":"100"}"#)) },
                       "json: cannot unmarshal hex string without 0x prefix into Go struct field BlockOverrides.time of type hexutil.Uint64")
    }

    func testLogFilter() throws {
        let a = "0x00000000000000000000000000000000000000aa"
        let t = "0x" + String(repeating: "0", count: 63) + "1"
        let f = try LogFilter.decode(parse(#"{"fromBlock":"0x1","toBlock":"latest","address":"\#(a)","topics":[null,"\#(t)",["\#(t)",null],["\#(t)"]]}"#))
        XCTAssertEqual(f.fromBlock, .number(1))
        XCTAssertEqual(f.toBlock, .latest)
        XCTAssertEqual(f.addresses, [try Address(hex: a)])
        XCTAssertEqual(f.topics, [[], [Hash(UInt256(1))], [], [Hash(UInt256(1))]])
        XCTAssertTrue(f.matches(address: try Address(hex: a), topics: [.zero, Hash(UInt256(1)), .zero, Hash(UInt256(1))]))
        XCTAssertFalse(f.matches(address: try Address(hex: a), topics: [.zero, Hash(UInt256(1)), .zero]))
        XCTAssertFalse(f.matches(address: .zero, topics: [.zero, Hash(UInt256(1)), .zero, Hash(UInt256(1))]))
        let many = try LogFilter.decode(parse(#"{"blockHash":"\#(t)","address":["\#(a)","\#(a)"]}"#))
        XCTAssertEqual(many.blockHash, Hash(UInt256(1)))
        XCTAssertEqual(many.addresses.count, 2)
        XCTAssertEqual(try LogFilter.decode(parse("{}")), LogFilter())
        let errors: [(String, String)] = [
            (#"{"blockHash":"\#(t)","fromBlock":"0x1"}"#, "can't specify fromBlock/toBlock with blockHash"),
            (#"{"topics":[null,null,null,null,null]}"#, "exceed max topics"),
            (#"{"topics":[1]}"#, "invalid topic(s)"),
            (#"{"topics":[[1]]}"#, "invalid topic(s)"),
            (#"{"topics":["0x01"]}"#, "hex has invalid length 1 after decoding; expected 32 for topic"),
            (#"{"address":"0x01"}"#, "invalid address: hex has invalid length 1 after decoding; expected 20 for address"),
            (#"{"address":["\#(a)","0xzz"]}"#, "invalid address at index 1: invalid hex string"),
            (#"{"address":["\#(a)",5]}"#, "non-string address at index 1"),
            (#"{"address":5}"#, "invalid addresses in query"),
            (#"{"fromBlock":"0x"}"#, #"hex string "0x""#),
        ]
        for (text, expected) in errors {
            XCTAssertEqual(message { _ = try LogFilter.decode(self.parse(text)) }, expected, text)
        }
    }

    func testParamsAccessors() throws {
        let params = RPCParams([.string("0x1"), .null])
        XCTAssertTrue(params.isPresent(0))
        XCTAssertFalse(params.isPresent(1))
        XCTAssertFalse(params.isPresent(2))
        XCTAssertEqual(try params.blockSelector(1, default: .latest), .latest)
        XCTAssertEqual(try params.stateOverrides(1), StateOverrides())
        XCTAssertNil(try params.blockOverrides(2))
        XCTAssertThrowsError(try params.address(0)) {
            XCTAssertEqual($0 as? RPCError, .invalidParams("invalid argument 0: json: cannot unmarshal hex string of odd length into Go value of type common.Address"))
        }
        XCTAssertThrowsError(try params.uint64(3)) { XCTAssertEqual(($0 as? RPCError)?.message, "missing value for required argument 3") }
    }
}
