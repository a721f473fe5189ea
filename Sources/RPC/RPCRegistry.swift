import Synchronization

/// Delivers a handler's outcome; call it once (later calls are ignored), from any thread.
public typealias RPCCompletion = @Sendable (Result<JSON, RPCError>) -> Void

/// One call as a handler sees it.
public struct RPCCall: Sendable {
    /// The method name.
    public let method: String
    /// The positional parameters (arity already checked against the registration).
    public let params: RPCParams
    /// The WebSocket connection the call came on, nil over HTTP (subscriptions need it).
    public let session: RPCSession?
    /// The JSON-RPC batch the call is an element of, nil for a single request.
    public let batch: RPCBatch?

    /// Creates a call.
    public init(method: String, params: RPCParams, session: RPCSession? = nil, batch: RPCBatch? = nil) {
        self.method = method
        self.params = params
        self.session = session
        self.batch = batch
    }
}

/// The method table: name → handler with its accepted parameter count.
///
/// Handlers come in three forms. A *synchronous* handler returns the result or throws; it runs
/// on a dispatcher worker (never the HTTP event loop), so it may take its time. A *callback*
/// handler completes later through `RPCCompletion` — `eth_sendTransaction` under automine
/// answers only after the block is committed, without holding a thread meanwhile. An *async*
/// handler is a callback handler driven by a Swift task.
///
/// Errors: an `RPCError` is answered as is; any other error becomes `-32000` with the error's
/// description, as geth answers errors without a code. Methods may be (re)registered at any
/// time; the node registers eth_* into the registry the server already serves.
public final class RPCRegistry: Sendable {
    /// A synchronous handler.
    public typealias Handler = @Sendable (RPCCall) throws -> JSON
    /// A handler that completes through a callback.
    public typealias CallbackHandler = @Sendable (RPCCall, @escaping RPCCompletion) -> Void
    /// An async handler.
    public typealias AsyncHandler = @Sendable (RPCCall) async throws -> JSON

    private enum Body: Sendable {
        case sync(Handler)
        case callback(CallbackHandler)
    }

    private struct Method: Sendable {
        var arity: ClosedRange<Int>
        var body: Body
    }

    private let methods = Mutex<[String: Method]>([:])

    /// An empty registry.
    public init() {}

    /// Registers a synchronous handler taking `params` positional parameters.
    public func register(_ name: String, params arity: ClosedRange<Int> = 0...0, _ handler: @escaping Handler) {
        methods.withLock { $0[name] = Method(arity: arity, body: .sync(handler)) }
    }

    /// Registers a handler that completes through a callback.
    public func registerCallback(_ name: String, params arity: ClosedRange<Int> = 0...0, _ handler: @escaping CallbackHandler) {
        methods.withLock { $0[name] = Method(arity: arity, body: .callback(handler)) }
    }

    /// Registers an async handler (run in a task).
    public func registerAsync(_ name: String, params arity: ClosedRange<Int> = 0...0, _ handler: @escaping AsyncHandler) {
        registerCallback(name, params: arity) { call, complete in
            Task {
                do { complete(.success(try await handler(call))) } catch { complete(.failure(RPCRegistry.rpcError(error))) }
            }
        }
    }

    /// Removes a method.
    public func unregister(_ name: String) {
        _ = methods.withLock { $0.removeValue(forKey: name) }
    }

    /// The registered method names, sorted.
    public var methodNames: [String] { methods.withLock { Array($0.keys) }.sorted() }

    /// Whether `name` is registered.
    public func contains(_ name: String) -> Bool { methods.withLock { $0[name] != nil } }

    /// Runs method `name` with raw `params` (absent/null → none; not an array → `non-array
    /// args`), checking the parameter count as geth does, and completes exactly once.
    public func call(_ name: String, params raw: JSON?, session: RPCSession? = nil, batch: RPCBatch? = nil,
                     completion: @escaping RPCCompletion) {
        guard let method = methods.withLock({ $0[name] }) else {
            completion(.failure(.methodNotFound(name)))
            return
        }
        let values: [JSON]
        switch raw {
        case nil, .some(.null): values = []
        case .some(.array(let a)): values = a
        default:
            completion(.failure(.invalidParams("non-array args")))
            return
        }
        if values.count > method.arity.upperBound {
            completion(.failure(.invalidParams("too many arguments, want at most \(method.arity.upperBound)")))
            return
        }
        if values.count < method.arity.lowerBound {
            completion(.failure(.invalidParams("missing value for required argument \(values.count)")))
            return
        }
        let call = RPCCall(method: name, params: RPCParams(values), session: session, batch: batch)
        switch method.body {
        case .sync(let handler):
            do { completion(.success(try handler(call))) } catch { completion(.failure(RPCRegistry.rpcError(error))) }
        case .callback(let handler):
            let once = OnceFlag()
            handler(call) { result in
                guard once.claim() else { return }
                completion(result)
            }
        }
    }

    /// `call` as `async`.
    public func call(_ name: String, params: JSON?, session: RPCSession? = nil) async -> Result<JSON, RPCError> {
        await withCheckedContinuation { continuation in
            call(name, params: params, session: session) { continuation.resume(returning: $0) }
        }
    }

    /// Maps any error to the one answered: itself if an `RPCError`, else -32000 with its text.
    static func rpcError(_ error: any Error) -> RPCError {
        if let e = error as? RPCError { return e }
        return .server(String(describing: error))
    }
}

/// One JSON-RPC batch in progress, as its elements' handlers see it: work they defer with
/// `atEnd` runs after the batch's last element and before its response is sent. This is how
/// `--automine-batch` turns the sends of one batch into one block whose receipts exist when
/// the client reads the response.
public final class RPCBatch: Sendable {
    /// Deferred work: call `done` when finished.
    public typealias Work = @Sendable (_ done: @escaping @Sendable () -> Void) -> Void

    private let work = Mutex<(keys: Set<String>, items: [Work])>(([], []))

    init() {}

    /// Defers `body` to the end of the batch; only the first registration per `key` counts.
    public func atEnd(key: String, _ body: @escaping Work) {
        work.withLock { w in
            guard w.keys.insert(key).inserted else { return }
            w.items.append(body)
        }
    }

    /// Runs the deferred work in registration order, then `completion`.
    func finish(then completion: @escaping @Sendable () -> Void) {
        let items = work.withLock { w in defer { w.items = [] }; return w.items }
        Self.run(items[...], then: completion)
    }

    private static func run(_ items: ArraySlice<Work>, then completion: @escaping @Sendable () -> Void) {
        guard let first = items.first else { return completion() }
        let rest = Array(items.dropFirst())
        first { run(rest[...], then: completion) }
    }
}

/// A flag that can be claimed once, from any thread.
final class OnceFlag: Sendable {
    private let flag = Atomic<Bool>(false)
    /// True for the first caller only.
    func claim() -> Bool { !flag.exchange(true, ordering: .acquiringAndReleasing) }
}
