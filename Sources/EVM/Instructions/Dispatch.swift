import Primitives

extension Interpreter {
    /// Runs one opcode whose stack bounds and base gas the loop has already checked.
    @inline(__always)
    func execute(_ op: UInt8, _ code: UnsafeBufferPointer<UInt8>) {
        pc &+= 1
        switch op {
        case 0x00: status = .stop
        // Arithmetic
        case 0x01: let a = pop(); setTop(a &+ peek())
        case 0x02: let a = pop(); setTop(a &* peek())
        case 0x03: let a = pop(); setTop(a &- peek())
        case 0x04: let a = pop(); setTop(a / peek())
        case 0x05: let a = pop(); setTop(a.signedDivided(by: peek()))
        case 0x06: let a = pop(); setTop(a % peek())
        case 0x07: let a = pop(); setTop(a.signedRemainder(dividingBy: peek()))
        case 0x08: let a = pop(), b = pop(); setTop(UInt256.addMod(a, b, peek()))
        case 0x09: let a = pop(), b = pop(); setTop(UInt256.mulMod(a, b, peek()))
        case 0x0a: exp()
        case 0x0b: let b = pop(); setTop(peek().signExtended(fromByte: b))
        // Comparison and bitwise
        case 0x10: let a = pop(); setTop(a < peek() ? .one : .zero)
        case 0x11: let a = pop(); setTop(peek() < a ? .one : .zero)
        case 0x12: let a = pop(); setTop(UInt256.signedLess(a, peek()) ? .one : .zero)
        case 0x13: let a = pop(); setTop(UInt256.signedLess(peek(), a) ? .one : .zero)
        case 0x14: let a = pop(); setTop(a == peek() ? .one : .zero)
        case 0x15: setTop(peek().isZero ? .one : .zero)
        case 0x16: let a = pop(); setTop(a & peek())
        case 0x17: let a = pop(); setTop(a | peek())
        case 0x18: let a = pop(); setTop(a ^ peek())
        case 0x19: setTop(~peek())
        case 0x1a: let i = pop(); setTop(peek().byte(at: i))
        case 0x1b: let s = pop(); setTop(s.fitsUInt64 && s.w0 < 256 ? Self.shiftLeft(peek(), Int(s.w0)) : .zero)
        case 0x1c: let s = pop(); setTop(s.fitsUInt64 && s.w0 < 256 ? Self.shiftRight(peek(), Int(s.w0)) : .zero)
        case 0x1d: let s = pop(); setTop(peek().arithmeticShiftedRight(by: s))
        case 0x1e: setTop(UInt256(UInt64(peek().leadingZeroBitCount)))
        case 0x20: keccak256()
        // Environment
        case 0x30: push(message.target.uint256)
        case 0x31: balance()
        case 0x32: push(evm.transaction.origin.uint256)
        case 0x33: push(message.caller.uint256)
        case 0x34: push(message.value)
        case 0x35: callDataLoad()
        case 0x36: push(UInt256(UInt64(message.input.count)))
        case 0x37: callDataCopy()
        case 0x38: push(UInt256(UInt64(code.count - 33)))
        case 0x39: codeCopy()
        case 0x3a: push(evm.transaction.gasPrice)
        case 0x3b: extCodeSize()
        case 0x3c: extCodeCopy()
        case 0x3d: push(UInt256(UInt64(returnData.count)))
        case 0x3e: returnDataCopy()
        case 0x3f: extCodeHash()
        // Block
        case 0x40: blockHash()
        case 0x41: push(evm.block.coinbase.uint256)
        case 0x42: push(UInt256(evm.block.timestamp))
        case 0x43: push(UInt256(evm.block.number))
        case 0x44: push(fork >= .paris ? evm.block.prevRandao.uint256 : evm.block.difficulty)
        case 0x45: push(UInt256(evm.block.gasLimit))
        case 0x46: push(UInt256(evm.block.chainId))
        case 0x47: push(host.balance(message.target))
        case 0x48: push(evm.block.baseFee ?? .zero)
        case 0x49: blobHash()
        case 0x4a: push(evm.block.blobBaseFee ?? .zero)
        // Stack, memory, storage, flow
        case 0x50: sp &-= 1
        case 0x51: mload()
        case 0x52: mstore()
        case 0x53: mstore8()
        case 0x54: sload()
        case 0x55: sstore()
        case 0x56: jump(to: pop())
        case 0x57: let dest = pop(); if !pop().isZero { jump(to: dest) }
        case 0x58: push(UInt256(UInt64(pc - 1)))
        case 0x59: push(UInt256(UInt64(memory.count)))
        case 0x5a: push(UInt256(UInt64(gas)))
        case 0x5b: break
        case 0x5c: tload()
        case 0x5d: tstore()
        case 0x5e: mcopy()
        case 0x5f: push(.zero)
        // Single values rather than ranges, so the whole switch compiles to one jump table.
        case 0x60, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x6b, 0x6c, 0x6d, 0x6e, 0x6f, 0x70, 0x71, 0x72, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a, 0x7b, 0x7c, 0x7d, 0x7e, 0x7f:
            pushBytes(Int(op) &- 0x5f, code)
        case 0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a, 0x8b, 0x8c, 0x8d, 0x8e, 0x8f:
            push(peek(Int(op) &- 0x80))
        case 0x90, 0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0x9b, 0x9c, 0x9d, 0x9e, 0x9f:
            let n = Int(op) &- 0x8f
            // SAFETY: the loop checked n + 1 items are on the stack.
            swap(&stack[sp &- 1], &stack[sp &- 1 &- n])
        case 0xa0, 0xa1, 0xa2, 0xa3, 0xa4: log(topics: Int(op) &- 0xa0)
        // System
        case 0xf0: create(kind: .create)
        case 0xf1: call(kind: .call)
        case 0xf2: call(kind: .callCode)
        case 0xf3: finish(.returned)
        case 0xf4: call(kind: .delegateCall)
        case 0xf5: create(kind: .create2)
        case 0xfa: call(kind: .staticCall)
        case 0xfd: finish(.reverted)
        case 0xff: selfDestruct()
        default: status = .invalidOpcode
        }
    }

    @inline(__always) func pushBytes(_ n: Int, _ code: UnsafeBufferPointer<UInt8>) {
        // SAFETY: code is padded with 33 zero bytes beyond its end; PUSH data past the end reads as zero.
        let p = code.baseAddress! + pc
        if n <= 8 {
            // PUSH1…PUSH8: one limb, no 256-bit shifts.
            var x: UInt64 = 0
            for i in 0..<n { x = x << 8 | UInt64(p[i]) }
            push(UInt256(x))
        } else {
            // Limbs from the least significant end: the last 8 bytes are w0, and so on.
            @inline(__always) func limb(_ end: Int) -> UInt64 {
                var x: UInt64 = 0
                for i in max(0, end - 8)..<max(0, end) { x = x << 8 | UInt64(p[i]) }
                return x
            }
            push(UInt256(limb(n), limb(n - 8), limb(n - 16), limb(n - 24)))
        }
        pc &+= n
    }

    /// SHL for 0 ≤ n < 256: whole limbs first, then one funnel shift per limb (no loop, no call;
    /// the general UInt256 shift was ~90 instructions per SHR).
    @inline(__always) static func shiftLeft(_ a: UInt256, _ n: Int) -> UInt256 {
        let x0, x1, x2, x3: UInt64
        switch n >> 6 {
        case 0: (x0, x1, x2, x3) = (a.w0, a.w1, a.w2, a.w3)
        case 1: (x0, x1, x2, x3) = (0, a.w0, a.w1, a.w2)
        case 2: (x0, x1, x2, x3) = (0, 0, a.w0, a.w1)
        default: (x0, x1, x2, x3) = (0, 0, 0, a.w0)
        }
        let bits = UInt64(n & 63)
        if bits == 0 { return UInt256(x0, x1, x2, x3) }
        let back = 64 &- bits
        return UInt256(x0 &<< bits, x1 &<< bits | x0 &>> back, x2 &<< bits | x1 &>> back, x3 &<< bits | x2 &>> back)
    }

    /// SHR for 0 ≤ n < 256.
    @inline(__always) static func shiftRight(_ a: UInt256, _ n: Int) -> UInt256 {
        let x0, x1, x2, x3: UInt64
        switch n >> 6 {
        case 0: (x0, x1, x2, x3) = (a.w0, a.w1, a.w2, a.w3)
        case 1: (x0, x1, x2, x3) = (a.w1, a.w2, a.w3, 0)
        case 2: (x0, x1, x2, x3) = (a.w2, a.w3, 0, 0)
        default: (x0, x1, x2, x3) = (a.w3, 0, 0, 0)
        }
        let bits = UInt64(n & 63)
        if bits == 0 { return UInt256(x0, x1, x2, x3) }
        let back = 64 &- bits
        return UInt256(x0 &>> bits | x1 &<< back, x1 &>> bits | x2 &<< back, x2 &>> bits | x3 &<< back, x3 &>> bits)
    }

    @inline(__always) func jump(to dest: UInt256) {
        guard dest.fitsUInt64, dest.w0 < UInt64(Int.max), code.isJumpdest(Int(dest.w0)) else {
            status = .invalidJump
            return
        }
        pc = Int(dest.w0)
    }

    /// RETURN / REVERT.
    func finish(_ result: InstructionResult) {
        let offset = pop(), size = pop()
        guard let o = expandMemory(offset: offset, size: size) else { return }
        output = memory.bytes(at: o, count: Int(size.w0))
        status = result
    }

    func exp() {
        let base = pop(), exponent = peek()
        let byteCost: Int64 = fork >= .spuriousDragon ? 50 : 10
        guard charge(byteCost * Int64(exponent.byteCount)) else { return }
        setTop(base.power(exponent))
    }

    func keccak256() {
        let offset = pop(), size = peek()
        guard let o = expandMemory(offset: offset, size: size) else { return }
        let n = Int(size.w0)
        guard charge(Gas.keccakWord * Gas.words(Int64(n))) else { return }
        // SAFETY: memory covers [o, o + n).
        let h = Keccak256.hash(UnsafeRawBufferPointer(start: memory.pointer + o, count: n))
        setTop(h.uint256)
    }
}
