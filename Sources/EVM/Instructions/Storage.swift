import Primitives

extension Interpreter {
    func sload() {
        let key = peek()
        if fork >= .berlin {
            guard charge(host.warmSlot(message.target, key) ? Gas.coldSload : Gas.warmAccess) else { return }
        }
        setTop(host.sload(message.target, key))
    }

    /// SSTORE with each era's pricing: Frontier's set/reset, EIP-1283 (Constantinople only),
    /// EIP-2200 (Istanbul), EIP-2929 cold slots (Berlin) and EIP-3529 refunds (London).
    func sstore() {
        guard !message.isStatic else { status = .staticViolation; return }
        let key = pop(), value = pop()
        let target = message.target
        if fork >= .istanbul && gas <= Gas.callStipend {
            status = .outOfGas
            unpaid = Self.sentryShortfall
            return
        }
        let current = host.sload(target, key)
        let netMetering = fork == .constantinople || fork >= .istanbul
        guard netMetering else {
            // Frontier … Petersburg (and Petersburg's revert of EIP-1283).
            let cost: Int64 = (current.isZero && !value.isZero) ? Gas.storageSet : Gas.storageUpdate
            guard charge(cost) else { return }
            if !current.isZero && value.isZero { refund += 15_000 }
            host.sstore(target, key, value)
            return
        }
        let original = host.originalStorage(target, key)
        var cost: Int64 = 0
        let sloadGas: Int64
        let resetGas: Int64
        if fork >= .berlin {
            if host.warmSlot(target, key) { cost += Gas.coldSload }
            sloadGas = Gas.warmAccess
            resetGas = Gas.storageUpdate - Gas.coldSload
        } else {
            sloadGas = fork >= .istanbul ? 800 : 200
            resetGas = Gas.storageUpdate
        }
        let clearRefund: Int64 = fork >= .london ? 4_800 : 15_000
        if original == current && current != value {
            cost += original.isZero ? Gas.storageSet : resetGas
        } else {
            cost += sloadGas
        }
        guard charge(cost) else { return }
        if current != value {
            if !original.isZero && !current.isZero && value.isZero { refund += clearRefund }
            if !original.isZero && current.isZero { refund -= clearRefund }
            if original == value {
                refund += original.isZero ? Gas.storageSet - sloadGas : resetGas - sloadGas
            }
        }
        host.sstore(target, key, value)
    }

    func tload() {
        setTop(host.tload(message.target, peek()))
    }

    func tstore() {
        guard !message.isStatic else { status = .staticViolation; return }
        let key = pop(), value = pop()
        host.tstore(message.target, key, value)
    }
}
