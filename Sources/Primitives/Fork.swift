/// The Ethereum hard forks, ordered so that `fork >= .berlin` asks "are Berlin's rules active".
///
/// Blob-parameter-only forks (EIP-7892) change nothing but the blob schedule, which the chain
/// config supplies; they sort after Osaka.
public enum Fork: Int, Comparable, CaseIterable, Sendable, CustomStringConvertible {
    case frontier, homestead, tangerineWhistle, spuriousDragon, byzantium, constantinople, petersburg,
         istanbul, berlin, london, paris, shanghai, cancun, prague, osaka, bpo1, bpo2, bpo3, bpo4, bpo5

    @inlinable public static func < (a: Fork, b: Fork) -> Bool { a.rawValue < b.rawValue }

    /// The newest fork Lanes implements.
    public static let latest: Fork = .osaka

    /// The name ethereum/tests fixtures use (`EIP150`, `ConstantinopleFix`, `Paris`...).
    public var fixtureName: String {
        switch self {
        case .frontier: return "Frontier"
        case .homestead: return "Homestead"
        case .tangerineWhistle: return "EIP150"
        case .spuriousDragon: return "EIP158"
        case .byzantium: return "Byzantium"
        case .constantinople: return "Constantinople"
        case .petersburg: return "ConstantinopleFix"
        case .istanbul: return "Istanbul"
        case .berlin: return "Berlin"
        case .london: return "London"
        case .paris: return "Paris"
        case .shanghai: return "Shanghai"
        case .cancun: return "Cancun"
        case .prague: return "Prague"
        case .osaka: return "Osaka"
        case .bpo1: return "BPO1"
        case .bpo2: return "BPO2"
        case .bpo3: return "BPO3"
        case .bpo4: return "BPO4"
        case .bpo5: return "BPO5"
        }
    }

    /// Lower-case CLI name (`--hardfork berlin`).
    public var description: String { fixtureName == "EIP150" ? "tangerine" : fixtureName == "EIP158" ? "spuriousdragon" : fixtureName == "ConstantinopleFix" ? "petersburg" : fixtureName.lowercased() }

    /// Parses fixture names (`EIP150`, `ConstantinopleFix`, `Merge`) and CLI names (`tangerine`, `petersburg`, `latest`).
    public init?(name: String) {
        let n = name.lowercased()
        switch n {
        case "latest": self = .latest
        case "eip150", "tangerine", "tangerinewhistle": self = .tangerineWhistle
        case "eip158", "spuriousdragon", "spurious": self = .spuriousDragon
        case "constantinoplefix", "petersburg": self = .petersburg
        case "merge", "paris": self = .paris
        default:
            guard let f = Fork.allCases.first(where: { $0.fixtureName.lowercased() == n }) else { return nil }
            self = f
        }
    }
}
