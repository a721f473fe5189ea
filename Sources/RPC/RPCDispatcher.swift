import Dispatch
import Synchronization

// From request bytes to response bytes.
//
//   body ──parse──▶ JSON ──▶ single message ──▶ registry ──▶ response object
//                        └─▶ batch [m0, m1, …] ──▶ one at a time, in order ──▶ response array
//
// Batches run their elements in order, each starting when the previous one has completed,
// as geth does. This keeps a batch of sends from one account in nonce order and gives
// `--automine-batch` a deterministic block; concurrency comes from separate requests and
// connections instead. A callback handler that completes later suspends the batch without
// holding a thread (the loop below is resumed by the completion).
//
// Answers follow geth (rpc/handler.go, rpc/json.go):
//   not JSON                         → -32700 "parse error", id null (an object, not an array)
//   []                               → -32600 "empty batch", a single object
//   more than maxBatchSize elements  → [-32600 "batch too large"] with the first call's id
//   invalid element                  → -32600 "invalid request", id echoed when valid
//   notifications                    → run, never answered; a body of only those → no body
//   batch output beyond maxResponseBytes → the remaining calls get -32003 "response too large"

/// Limits the dispatcher enforces.
public struct RPCDispatcherConfiguration: Sendable {
    /// Most elements in one batch (geth's default BatchRequestLimit is 1000).
    public var maxBatchSize: Int = 1000
    /// Most bytes of one batch response (geth's default BatchResponseMaxSize is 25 MB).
    public var maxBatchResponseBytes: Int = 25 * 1000 * 1000
    /// Deepest JSON nesting accepted in a body.
    public var maxDepth: Int = 512

    /// The defaults.
    public init() {}
}

/// Turns a JSON-RPC request body into its response body using a registry.
public final class RPCDispatcher: Sendable {
    /// The methods served.
    public let registry: RPCRegistry
    /// The limits.
    public let configuration: RPCDispatcherConfiguration

    /// Creates a dispatcher.
    public init(registry: RPCRegistry, configuration: RPCDispatcherConfiguration = RPCDispatcherConfiguration()) {
        self.registry = registry
        self.configuration = configuration
    }

    /// Handles one body. `completion` receives the response bytes, or nil when nothing is to
    /// be sent (notifications only); it runs once, on the thread that completed the last call.
    public func handle(_ body: [UInt8], session: RPCSession? = nil, completion: @escaping @Sendable ([UInt8]?) -> Void) {
        let json: JSON
        do {
            json = try JSONParser(maxDepth: configuration.maxDepth).parse(body)
        } catch {
            completion(RPCResponse.bytes(id: .null, result: .failure(.parseError)))
            return
        }
        guard case .array(let elements) = json else {
            handleSingle(RPCMessage(json), session: session) { response in
                completion(response)
            }
            return
        }
        if elements.isEmpty {
            completion(RPCResponse.bytes(id: .null, result: .failure(.emptyBatch)))
            return
        }
        let messages = elements.map(RPCMessage.init)
        if messages.count > configuration.maxBatchSize {
            var firstCallID = JSON.null
            for m in messages {
                if case .call(let id, _, _) = m { firstCallID = id; break }
            }
            var out: [UInt8] = [UInt8(ascii: "[")]
            RPCResponse.append(id: firstCallID, result: .failure(.batchTooLarge), to: &out)
            out.append(UInt8(ascii: "]"))
            completion(out)
            return
        }
        BatchRun(dispatcher: self, messages: messages, session: session, completion: completion).resume(from: 0)
    }

    /// `handle` as `async`.
    public func handle(_ body: [UInt8], session: RPCSession? = nil) async -> [UInt8]? {
        await withCheckedContinuation { continuation in
            handle(body, session: session) { continuation.resume(returning: $0) }
        }
    }

    /// Runs one message; completes with its response object bytes or nil for a notification.
    func handleSingle(_ message: RPCMessage, session: RPCSession?, batch: RPCBatch? = nil, completion: @escaping @Sendable ([UInt8]?) -> Void) {
        switch message {
        case .invalid(let id):
            completion(RPCResponse.bytes(id: id, result: .failure(.invalidRequest())))
        case .notification(let method, let params):
            registry.call(method, params: params, session: session, batch: batch) { _ in completion(nil) }
        case .call(let id, let method, let params):
            registry.call(method, params: params, session: session, batch: batch) { result in
                completion(RPCResponse.bytes(id: id, result: result))
            }
        }
    }
}

/// The state of one batch in progress: which element runs, and the answers so far.
private final class BatchRun: Sendable {
    let dispatcher: RPCDispatcher
    let messages: [RPCMessage]
    let session: RPCSession?
    let completion: @Sendable ([UInt8]?) -> Void
    /// What the elements' handlers deferred to the end of the batch.
    let batch = RPCBatch()
    /// The response array so far (without the closing bracket) and whether any answer exists.
    private let output = Mutex<(bytes: [UInt8], answers: Int)>(([UInt8(ascii: "[")], 0))

    init(dispatcher: RPCDispatcher, messages: [RPCMessage], session: RPCSession?, completion: @escaping @Sendable ([UInt8]?) -> Void) {
        self.dispatcher = dispatcher
        self.messages = messages
        self.session = session
        self.completion = completion
    }

    /// Runs elements from `start` on. An element that completes synchronously continues the
    /// loop here; one that completes later resumes it from its completion. The two-party
    /// `OnceFlag` decides which side continues, so no element runs twice and the stack does
    /// not grow with the batch length.
    func resume(from start: Int) {
        var index = start
        while index < messages.count {
            let message = messages[index]
            if case .call(let id, _, _) = message, overLimit() {
                record(RPCResponse.bytes(id: id, result: .failure(.responseTooLarge)))
                index += 1
                continue
            }
            let handoff = OnceFlag()
            let next = index + 1
            dispatcher.handleSingle(message, session: session, batch: batch) { response in
                if let response { self.record(response) }
                // Second to arrive continues. If the caller already left, the rest of the batch
                // moves to a worker rather than running on the completing thread (which may be
                // the node's block builder).
                if !handoff.claim() { DispatchQueue.global(qos: .userInitiated).async { self.resume(from: next) } }
            }
            if handoff.claim() { return }  // still pending: its completion resumes the loop
            index = next
        }
        finish()
    }

    private func overLimit() -> Bool {
        output.withLock { $0.bytes.count > dispatcher.configuration.maxBatchResponseBytes }
    }

    private func record(_ response: [UInt8]) {
        output.withLock { out in
            if out.answers > 0 { out.bytes.append(UInt8(ascii: ",")) }
            out.bytes.append(contentsOf: response)
            out.answers += 1
        }
    }

    private func finish() {
        batch.finish { self.respond() }
    }

    private func respond() {
        let result: [UInt8]? = output.withLock { out in
            guard out.answers > 0 else { return nil }
            out.bytes.append(UInt8(ascii: "]"))
            return out.bytes
        }
        completion(result)
    }
}
