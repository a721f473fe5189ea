import Node

extension RPCRegistry {
    /// Registers every node-backed method (eth_*, net_*, txpool_*, the dev controls) for `node`.
    public func registerNodeMethods(_ node: DevNode) {
        let api = NodeAPI(node: node)
        api.registerChainMethods(into: self)
        api.registerStateMethods(into: self)
        api.registerBlockMethods(into: self)
        api.registerTransactionMethods(into: self)
        api.registerCallMethods(into: self)
        api.registerAccessListMethod(into: self)
        api.registerLogMethods(into: self)
        api.registerFilterMethods(into: self, hub: FilterHub(api: api))
        api.registerDevMethods(into: self)
        api.registerTimeControlMethods(into: self)
        api.registerStateControlMethods(into: self)
        api.registerEnvironmentControlMethods(into: self)
        api.registerAccountControlMethods(into: self)
        api.registerERC20ControlMethods(into: self)
        api.registerTxpoolMethods(into: self)
        api.registerSignMethods(into: self)
        api.registerTypedDataMethods(into: self)
        api.registerProofMethods(into: self)
        api.registerConfigMethods(into: self)
        api.registerDebugRawMethods(into: self)
        api.registerTestingMethods(into: self)
        api.registerSimulateMethods(into: self)
        api.registerTraceMethods(into: self)
        api.registerParityTraceMethods(into: self)
        api.registerOtterscanMethods(into: self)
    }
}
