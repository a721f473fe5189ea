import Primitives

extension Interpreter {
    /// CALL, CALLCODE, DELEGATECALL, STATICCALL: gas (warm/cold access, value, new account,
    /// memory), the 63/64 rule (Tangerine Whistle), then a child frame through the EVM.
    func call(kind: CallKind) {
        let requested = pop()
        let to = Address(truncating: pop())
        let value: UInt256 = (kind == .call || kind == .callCode) ? pop() : .zero
        let inOffset = pop(), inSize = pop(), outOffset = pop(), outSize = pop()
        if kind == .call && message.isStatic && !value.isZero && fork < .berlin {
            status = .staticViolation
            return
        }
        guard let memoryCost = memoryExpansionCost((inOffset, inSize), (outOffset, outSize)) else { status = .outOfGas; return }
        var extra: Int64 = 0
        if fork >= .berlin {
            extra += host.warmAccount(to) ? Gas.coldAccountAccess : Gas.warmAccess
        }
        // EIP-7702: a delegated account runs its delegate's code; the delegate's access is charged too.
        var codeAddress = to
        var delegated = false
        if fork >= .prague, let target = host.code(to).delegationTarget {
            delegated = true
            codeAddress = target
            extra += host.warmAccount(target) ? Gas.coldAccountAccess : Gas.warmAccess
        }
        if !value.isZero && (kind == .call || kind == .callCode) { extra += Gas.callValue }
        if kind == .call && !value.isZero || kind == .call && fork < .spuriousDragon {
            let needsAccount = fork >= .spuriousDragon ? host.isDead(to) : !host.exists(to)
            if needsAccount { extra += Gas.newAccount }
        }
        // Gas for the child.
        var childGas: Int64
        let requestedGas = requested.fitsUInt64 && requested.w0 <= UInt64(Int64.max) ? Int64(requested.w0) : Int64.max
        if fork >= .tangerineWhistle {
            if gas < extra + memoryCost {
                childGas = requestedGas
            } else {
                let available = gas - extra - memoryCost
                childGas = min(requestedGas, available - available / 64)
            }
        } else {
            childGas = requestedGas
        }
        let (total, overflow) = childGas.addingReportingOverflow(extra + memoryCost)
        guard !overflow, charge(total) else { status = .outOfGas; return }
        if kind == .call && message.isStatic && !value.isZero { status = .staticViolation; return }
        growMemory(covering: (inOffset, inSize), (outOffset, outSize))
        if !value.isZero && (kind == .call || kind == .callCode) { childGas += Gas.callStipend }
        returnData = []
        // Depth and balance failures return the child's gas and push 0.
        if message.depth + 1 > 1024 || (!value.isZero && host.balance(message.target) < value) {
            if let tracer = evm.tracer {
                let input = inSize.isZero ? [] : memory.bytes(at: Int(inOffset.w0), count: Int(inSize.w0))
                evm.traceRefusedFrame(tracer, depth: message.depth + 1, opcode: kind.opcode, from: message.target,
                                      to: kind == .call || kind == .staticCall ? to : codeAddress, input: input, gas: childGas,
                                      value: kind == .staticCall ? nil : (kind == .delegateCall ? message.value : value),
                                      fault: message.depth + 1 > 1024 ? .depth : .insufficientBalance)
            }
            gas += childGas
            push(.zero)
            return
        }
        let input = inSize.isZero ? [] : memory.bytes(at: Int(inOffset.w0), count: Int(inSize.w0))
        let child: Message
        switch kind {
        case .call:
            child = Message(kind: .call, caller: message.target, target: to, codeAddress: codeAddress, value: value,
                            input: input, gas: childGas, depth: message.depth + 1, isStatic: message.isStatic)
        case .callCode:
            child = Message(kind: .callCode, caller: message.target, target: message.target, codeAddress: codeAddress, value: value,
                            input: input, gas: childGas, depth: message.depth + 1, isStatic: message.isStatic)
        case .delegateCall:
            child = Message(kind: .delegateCall, caller: message.caller, target: message.target, codeAddress: codeAddress,
                            value: message.value, input: input, gas: childGas, depth: message.depth + 1, isStatic: message.isStatic)
        default:
            child = Message(kind: .staticCall, caller: message.target, target: to, codeAddress: codeAddress, value: .zero,
                            input: input, gas: childGas, depth: message.depth + 1, isStatic: true)
        }
        let result = evm.call(child, disablePrecompiles: delegated)
        gas += result.gasLeft
        if result.status.isSuccess { refund += result.refund }
        returnData = result.output
        if !outSize.isZero && !result.output.isEmpty {
            let n = min(Int(outSize.w0), result.output.count)
            result.output.withUnsafeBytes { memory.copy(from: $0, sourceOffset: 0, to: Int(outOffset.w0), size: n) }
        }
        push(result.status.isSuccess ? .one : .zero)
    }

    /// CREATE and CREATE2.
    func create(kind: CallKind) {
        guard !message.isStatic else { status = .staticViolation; return }
        let value = pop(), offset = pop(), size = pop()
        let salt: UInt256 = kind == .create2 ? pop() : .zero
        guard let o = expandMemory(offset: offset, size: size) else { return }
        let n = Int(size.w0)
        if fork >= .shanghai {
            guard n <= 2 * evm.block.maxCodeSize else { status = .outOfGas; return }
            guard charge(Gas.initcodeWord * Gas.words(Int64(n))) else { return }
        }
        if kind == .create2 { guard charge(Gas.keccakWord * Gas.words(Int64(n))) else { return } }
        let initcode = memory.bytes(at: o, count: n)
        returnData = []
        var childGas = gas
        if fork >= .tangerineWhistle { childGas -= childGas / 64 }
        gas -= childGas
        let creator = message.target
        let nonce = host.nonce(creator)
        if message.depth + 1 > 1024 || host.balance(creator) < value || nonce == UInt64.max {
            if let tracer = evm.tracer {
                let fault: TraceFault = message.depth + 1 > 1024 ? .depth : host.balance(creator) < value ? .insufficientBalance : .nonceOverflow
                let address = kind == .create ? EVM<H>.createAddress(creator, nonce: nonce)
                    : EVM<H>.create2Address(creator, salt: salt, initcodeHash: Keccak256.hash(initcode))
                evm.traceRefusedFrame(tracer, depth: message.depth + 1, opcode: kind.opcode, from: creator, to: address,
                                      input: initcode, gas: childGas, value: value, fault: fault)
            }
            gas += childGas
            push(.zero)
            return
        }
        let address: Address
        if kind == .create {
            address = EVM<H>.createAddress(creator, nonce: nonce)
        } else {
            address = EVM<H>.create2Address(creator, salt: salt, initcodeHash: Keccak256.hash(initcode))
        }
        let child = Message(kind: kind, caller: creator, target: address, codeAddress: address, value: value,
                            input: initcode, gas: childGas, depth: message.depth + 1, isStatic: false, salt: salt)
        let result = evm.create(child)
        gas += result.gasLeft
        if result.status.isSuccess {
            refund += result.refund
            returnData = []
            push(address.uint256)
        } else {
            returnData = result.status.isRevert ? result.output : []
            push(.zero)
        }
    }

    /// SELFDESTRUCT: Frontier's unconditional destruction, EIP-150/161 pricing, EIP-2929 cold
    /// beneficiary, EIP-3529 (no refund), EIP-6780 (destroy only if created in this transaction).
    func selfDestruct() {
        let beneficiary = Address(truncating: pop())
        var cost: Int64 = 0
        if fork >= .berlin && host.warmAccount(beneficiary) { cost += Gas.coldAccountAccess }
        if fork >= .tangerineWhistle {
            let balance = host.balance(message.target)
            let needsAccount = fork >= .spuriousDragon ? (host.isDead(beneficiary) && !balance.isZero) : !host.exists(beneficiary)
            if needsAccount { cost += Gas.newAccount }
        }
        guard charge(cost) else { return }
        guard !message.isStatic else { status = .staticViolation; return }
        let destroy = fork < .cancun || host.createdInTransaction(message.target)
        if fork < .london && !host.isScheduledForDestruction(message.target) { refund += Gas.selfDestructRefund }
        if let tracer = evm.tracer {
            tracer.enter(depth: message.depth + 1, opcode: 0xff, from: message.target, to: beneficiary, input: [], gas: 0,
                         value: host.balance(message.target))
            tracer.exit(depth: message.depth + 1, output: [], gasUsed: 0, fault: nil)
        }
        host.selfDestruct(message.target, beneficiary: beneficiary, destroy: destroy)
        status = .selfDestructed
    }
}
