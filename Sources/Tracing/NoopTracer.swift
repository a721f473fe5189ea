import EVM

/// geth's `noopTracer`: observes nothing and answers `{}` (useful to time a replay).
public final class NoopTracer: EVMTracer {
    public init() {}
}
