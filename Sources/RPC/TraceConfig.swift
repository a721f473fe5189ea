import Primitives
import Tracing

/// geth's `TraceConfig` (and `TraceCallConfig`): which tracer, its configuration, the timeout,
/// the struct logger's options and, for `debug_traceCall`, state and block overrides.
///
/// Keys match case-insensitively and unknown keys are ignored, as Go's JSON decoding does.
struct TraceConfig: Sendable {
    var tracer = TracerSpec.structLogger(StructLogger.Config())
    /// geth's default: 5 s.
    var timeout: Double = 5
    var stateOverrides = StateOverrides()
    var blockOverrides: BlockOverrides?

    static func decode(_ json: JSON) throws(ParamError) -> TraceConfig {
        var config = TraceConfig()
        if json.isNull { return config }
        guard let object = json.objectValue else {
            throw ParamError("json: cannot unmarshal \(json.kindName) into Go value of type tracers.TraceConfig")
        }
        var members: [String: JSON] = [:]
        for m in object.members { members[m.key.lowercased()] = m.value }
        var logger = StructLogger.Config()
        logger.enableMemory = try bool(members["enablememory"])
        logger.disableStack = try bool(members["disablestack"])
        logger.disableStorage = try bool(members["disablestorage"])
        logger.enableReturnData = try bool(members["enablereturndata"])
        if let limit = members["limit"], !limit.isNull {
            guard let n = limit.numberValue.flatMap({ Int($0.text) }) else { throw ParamError("json: cannot unmarshal \(limit.kindName) into Go struct field TraceConfig.limit of type int") }
            logger.limit = n
        }
        if let t = members["timeout"], !t.isNull {
            guard let s = t.stringValue else { throw ParamError("json: cannot unmarshal \(t.kindName) into Go struct field TraceConfig.timeout of type string") }
            guard let seconds = parseDuration(s) else { throw ParamError("time: invalid duration \"\(s)\"") }
            config.timeout = seconds
        }
        let tracerConfig = members["tracerconfig"] ?? .null
        if let name = members["tracer"], !name.isNull {
            guard let s = name.stringValue else { throw ParamError("json: cannot unmarshal \(name.kindName) into Go struct field TraceConfig.tracer of type string") }
            config.tracer = try TracerSpec.named(s, config: tracerConfig)
        } else {
            config.tracer = .structLogger(logger)
        }
        if let s = members["stateoverrides"], !s.isNull { config.stateOverrides = try StateOverrides.decode(s) }
        if let b = members["blockoverrides"], !b.isNull { config.blockOverrides = try BlockOverrides.decode(b) }
        return config
    }

    static func bool(_ json: JSON?) throws(ParamError) -> Bool {
        guard let json, !json.isNull else { return false }
        guard let b = json.boolValue else { throw ParamError("json: cannot unmarshal \(json.kindName) into Go value of type bool") }
        return b
    }

    /// Go's `time.ParseDuration` for the units a timeout uses ("5s", "1m30s", "500ms", "1.5h").
    static func parseDuration(_ text: String) -> Double? {
        let units: [(String, Double)] = [("ns", 1e-9), ("us", 1e-6), ("µs", 1e-6), ("ms", 1e-3), ("s", 1), ("m", 60), ("h", 3600)]
        var rest = Substring(text)
        var total = 0.0
        if rest == "0" { return 0 }
        guard !rest.isEmpty else { return nil }
        while !rest.isEmpty {
            let number = rest.prefix { $0.isNumber || $0 == "." }
            guard !number.isEmpty, let value = Double(number) else { return nil }
            rest = rest.dropFirst(number.count)
            let unitText = rest.prefix { !($0.isNumber || $0 == ".") }
            guard let unit = units.first(where: { $0.0 == unitText }) else { return nil }
            rest = rest.dropFirst(unitText.count)
            total += value * unit.1
        }
        return total
    }
}

/// A tracer chosen by name, with its configuration: a value, so it crosses to the execution
/// thread, where `make()` builds the (non-Sendable) tracer.
indirect enum TracerSpec: Sendable {
    case structLogger(StructLogger.Config)
    case call(CallTracer.Config)
    case prestate(PrestateTracer.Config)
    case fourByte
    case flatCall(FlatCallTracer.Config)
    case noop
    case mux([(name: String, spec: TracerSpec)])
    /// A name Lanes has no tracer for (JavaScript tracers included): geth's "tracer not found".
    case unknown

    /// False if this tracer, or one a mux names, is unknown.
    var isKnown: Bool {
        switch self {
        case .unknown: return false
        case .mux(let list): return list.allSatisfy { $0.spec.isKnown }
        default: return true
        }
    }

    static func named(_ name: String, config: JSON) throws(ParamError) -> TracerSpec {
        var members: [String: JSON] = [:]
        if let o = config.objectValue { for m in o.members { members[m.key.lowercased()] = m.value } }
        func flag(_ key: String) throws(ParamError) -> Bool { try TraceConfig.bool(members[key.lowercased()]) }
        switch name {
        case "callTracer":
            return .call(CallTracer.Config(onlyTopCall: try flag("onlyTopCall"), withLog: try flag("withLog")))
        case "prestateTracer":
            return .prestate(PrestateTracer.Config(diffMode: try flag("diffMode"), disableCode: try flag("disableCode"),
                                                   disableStorage: try flag("disableStorage")))
        case "4byteTracer": return .fourByte
        case "flatCallTracer":
            return .flatCall(FlatCallTracer.Config(convertParityErrors: try flag("convertParityErrors"),
                                                   includePrecompiles: try flag("includePrecompiles")))
        case "noopTracer": return .noop
        case "muxTracer":
            guard let o = config.objectValue else { return .mux([]) }
            var list: [(String, TracerSpec)] = []
            for m in o.members { list.append((m.key, try named(m.key, config: m.value))) }
            return .mux(list)
        default:
            return .unknown
        }
    }
}
