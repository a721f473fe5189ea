import Primitives

extension Interpreter {
    func mload() {
        guard let o = expandMemory(offset: peek(), size: UInt256(32)) else { return }
        setTop(memory.word(at: o))
    }

    func mstore() {
        let offset = pop(), value = pop()
        guard let o = expandMemory(offset: offset, size: UInt256(32)) else { return }
        memory.store(value, at: o)
    }

    func mstore8() {
        let offset = pop(), value = pop()
        guard let o = expandMemory(offset: offset, size: .one) else { return }
        memory.storeByte(UInt8(truncatingIfNeeded: value.w0), at: o)
    }

    /// MCOPY (EIP-5656): one expansion covering both the source and destination ranges.
    func mcopy() {
        let dest = pop(), src = pop(), size = pop()
        if size.isZero { return }
        guard expandMemory((dest, size), (src, size)) else { return }
        let n = Int(size.w0)
        guard charge(Gas.copyWord * Gas.words(Int64(n))) else { return }
        memory.move(from: Int(src.w0), to: Int(dest.w0), size: n)
    }

    func log(topics n: Int) {
        guard !message.isStatic else { status = .staticViolation; return }
        let offset = pop(), size = pop()
        var topics: [Hash] = []
        topics.reserveCapacity(n)
        for _ in 0..<n { topics.append(Hash(pop())) }
        guard let o = expandMemory(offset: offset, size: size) else { return }
        guard charge(Gas.logData * Int64(size.w0)) else { return }
        evm.logs.append(EVMLog(address: message.target, topics: topics, data: memory.bytes(at: o, count: Int(size.w0))))
        if let tracer = evm.tracer { tracer.log(evm.logs[evm.logs.count - 1]) }
    }
}
