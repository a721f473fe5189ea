/// The Lanes release this library belongs to.
public enum LanesVersion {
    /// The version number, as `lanes --version` prints it.
    public static let number = "0.1.0"
    /// The `web3_clientVersion` answer: `lanes/v<version>`.
    public static let clientVersion = "lanes/v\(number)"
}
