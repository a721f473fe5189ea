import Primitives

extension Interpreter {
    /// EIP-2929: charges the warm or cold price for touching `address` (Berlin onwards).
    @inline(__always) func chargeAccountAccess(_ address: Address) -> Bool {
        guard fork >= .berlin else { return true }
        return charge(host.warmAccount(address) ? Gas.coldAccountAccess : Gas.warmAccess)
    }

    func balance() {
        let address = Address(truncating: peek())
        guard chargeAccountAccess(address) else { return }
        setTop(host.balance(address))
    }

    func callDataLoad() {
        let offset = peek()
        guard offset.fitsUInt64, offset.w0 < UInt64(message.input.count) else { setTop(.zero); return }
        let o = Int(offset.w0)
        let n = min(32, message.input.count - o)
        // No temporary array: a full word loads directly, a tail is copied into a zeroed word.
        let v: UInt256 = message.input.withUnsafeBytes { input in
            // SAFETY: [o, o + n) lies inside the call data (o < count, n ≤ count - o).
            if n == 32 { return UInt256(bigEndianWord: input.baseAddress! + o) }
            var word: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
            return withUnsafeMutableBytes(of: &word) { w in
                w.baseAddress!.copyMemory(from: input.baseAddress! + o, byteCount: n)
                return UInt256(bigEndianWord: UnsafeRawPointer(w.baseAddress!))
            }
        }
        setTop(v)
    }

    /// Shared by CALLDATACOPY, CODECOPY, RETURNDATACOPY (after its bounds check) and EXTCODECOPY.
    @inline(__always) func copyToMemory(_ source: [UInt8], memoryOffset: UInt256, sourceOffset: UInt256, size: UInt256) {
        guard let o = expandMemory(offset: memoryOffset, size: size) else { return }
        let n = Int(size.w0)
        guard charge(Gas.copyWord * Gas.words(Int64(n))) else { return }
        guard n > 0 else { return }
        let start = sourceOffset.fitsUInt64 && sourceOffset.w0 < UInt64(source.count) ? Int(sourceOffset.w0) : source.count
        source.withUnsafeBytes { memory.copy(from: $0, sourceOffset: start, to: o, size: n) }
    }

    func callDataCopy() {
        let m = pop(), s = pop(), n = pop()
        copyToMemory(message.input, memoryOffset: m, sourceOffset: s, size: n)
    }

    func codeCopy() {
        let m = pop(), s = pop(), n = pop()
        copyToMemory(code.bytes, memoryOffset: m, sourceOffset: s, size: n)
    }

    func returnDataCopy() {
        let m = pop(), s = pop(), n = pop()
        let (end, overflow) = s.addingReportingOverflow(n)
        guard !overflow, end <= UInt256(UInt64(returnData.count)) else { status = .returnDataOutOfBounds; return }
        copyToMemory(returnData, memoryOffset: m, sourceOffset: s, size: n)
    }

    func extCodeSize() {
        let address = Address(truncating: peek())
        guard chargeAccountAccess(address) else { return }
        setTop(UInt256(UInt64(host.code(address).count)))
    }

    func extCodeCopy() {
        let address = Address(truncating: pop())
        let m = pop(), s = pop(), n = pop()
        // Memory and copy cost first (as the spec orders the charge), then the access.
        guard let cost = memoryExpansionCost((m, n)) else { status = .outOfGas; return }
        var access: Int64 = 0
        if fork >= .berlin { access = host.warmAccount(address) ? Gas.coldAccountAccess : Gas.warmAccess }
        guard charge(cost + access + Gas.copyWord * Gas.words(Int64(n.clampedUInt64 & 0xFFFF_FFFF_FFFF))) else { return }
        // Charged above; expand without charging twice.
        if !n.isZero {
            growMemory(covering: (m, n))
            let source = host.code(address).bytes
            let start = s.fitsUInt64 && s.w0 < UInt64(source.count) ? Int(s.w0) : source.count
            source.withUnsafeBytes { memory.copy(from: $0, sourceOffset: start, to: Int(m.w0), size: Int(n.w0)) }
        }
    }

    func extCodeHash() {
        let address = Address(truncating: peek())
        guard chargeAccountAccess(address) else { return }
        setTop(host.codeHash(address).uint256)
    }

    func blockHash() {
        let n = peek()
        let current = evm.block.number
        guard n.fitsUInt64, n.w0 < current, current - n.w0 <= 256, let h = host.blockHash(n.w0) else { setTop(.zero); return }
        setTop(h.uint256)
    }

    func blobHash() {
        let i = peek()
        let hashes = evm.transaction.blobHashes
        guard i.fitsUInt64, i.w0 < UInt64(hashes.count) else { setTop(.zero); return }
        setTop(hashes[Int(i.w0)].uint256)
    }
}
