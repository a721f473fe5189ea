import Primitives

/// A JSON-RPC error object: code, message and optional data, with the codes and messages
/// geth answers (rpc/errors.go, rpc/handler.go, internal/ethapi/errors.go).
public struct RPCError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The error code.
    public var code: Int
    /// The message.
    public var message: String
    /// Extra data (hex revert data for code 3), omitted from the object when nil.
    public var data: JSON?

    /// Creates an error.
    public init(code: Int, message: String, data: JSON? = nil) {
        self.code = code
        self.message = message
        self.data = data
    }

    /// -32700: the body is not JSON.
    public static let parseErrorCode = -32700
    /// -32600: JSON, but not a valid request.
    public static let invalidRequestCode = -32600
    /// -32601: no such method.
    public static let methodNotFoundCode = -32601
    /// -32602: the parameters do not decode.
    public static let invalidParamsCode = -32602
    /// -32603: the server failed (e.g. a handler never produced a result).
    public static let internalErrorCode = -32603
    /// -32000: geth's code for every other server-side error (tx pool, execution…).
    public static let serverErrorCode = -32000
    /// -32003: the batch response exceeded its size limit.
    public static let responseTooLargeCode = -32003
    /// 3: execution reverted; `data` holds the revert bytes.
    public static let executionRevertedCode = 3

    /// `-32700 parse error`, geth's answer to a body that is not JSON.
    public static let parseError = RPCError(code: parseErrorCode, message: "parse error")

    /// `-32600` with geth's message (`invalid request`, `empty batch`, `batch too large`).
    public static func invalidRequest(_ message: String = "invalid request") -> RPCError {
        RPCError(code: invalidRequestCode, message: message)
    }

    /// `-32600 empty batch`.
    public static let emptyBatch = invalidRequest("empty batch")
    /// `-32600 batch too large`.
    public static let batchTooLarge = invalidRequest("batch too large")
    /// `-32003 response too large`.
    public static let responseTooLarge = RPCError(code: responseTooLargeCode, message: "response too large")

    /// `-32601 the method X does not exist/is not available`.
    public static func methodNotFound(_ method: String) -> RPCError {
        RPCError(code: methodNotFoundCode, message: "the method \(method) does not exist/is not available")
    }

    /// `-32602` with the given message (decoders produce geth's `invalid argument N: …`).
    public static func invalidParams(_ message: String) -> RPCError {
        RPCError(code: invalidParamsCode, message: message)
    }

    /// `-32603` internal error.
    public static func internalError(_ message: String) -> RPCError {
        RPCError(code: internalErrorCode, message: message)
    }

    /// `-32000` with the given message: what geth answers for any error without its own code.
    public static func server(_ message: String) -> RPCError {
        RPCError(code: serverErrorCode, message: message)
    }

    /// Code 3 for a reverted call: message `execution reverted` plus the decoded
    /// `Error(string)` / `Panic(uint256)` reason when there is one, data the hex revert bytes.
    public static func executionReverted(data: [UInt8]) -> RPCError {
        var message = "execution reverted"
        if let reason = RevertReason.decode(data) { message += ": " + reason }
        return RPCError(code: executionRevertedCode, message: message, data: .string(Hex.encode(data)))
    }

    /// The error object `{"code":…,"message":…,"data":…}`.
    public var json: JSON {
        var o = JSONObject()
        o.append("code", .number(JSONNumber(code)))
        o.append("message", .string(message))
        if let data { o.append("data", data) }
        return .object(o)
    }

    /// `message (code)`.
    public var description: String { "\(message) (\(code))" }
}
