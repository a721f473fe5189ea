import Curves

/// EIP-2537 gas schedule (final version, Prague).
enum BLS12381Pricing {
    static let g1AddGas: UInt64 = 375
    static let g2AddGas: UInt64 = 600
    static let g1MulGas: UInt64 = 12000
    static let g2MulGas: UInt64 = 22500
    static let pairingBaseGas: UInt64 = 37700
    static let pairingPerPairGas: UInt64 = 32600
    static let mapFpToG1Gas: UInt64 = 5500
    static let mapFp2ToG2Gas: UInt64 = 23800

    /// Discounts (per mille) for k = 1 … 128 pairs; larger k use the last entry.
    static let g1Discount: [UInt64] = [
        1000, 949, 848, 797, 764, 750, 738, 728, 719, 712, 705, 698, 692, 687, 682, 677, 673, 669, 665, 661, 658, 654,
        651, 648, 645, 642, 640, 637, 635, 632, 630, 627, 625, 623, 621, 619, 617, 615, 613, 611, 609, 608, 606, 604,
        603, 601, 599, 598, 596, 595, 593, 592, 591, 589, 588, 586, 585, 584, 582, 581, 580, 579, 577, 576, 575, 574,
        573, 572, 570, 569, 568, 567, 566, 565, 564, 563, 562, 561, 560, 559, 558, 557, 556, 555, 554, 553, 552, 551,
        550, 549, 548, 547, 547, 546, 545, 544, 543, 542, 541, 540, 540, 539, 538, 537, 536, 536, 535, 534, 533, 532,
        532, 531, 530, 529, 528, 528, 527, 526, 525, 525, 524, 523, 522, 522, 521, 520, 520, 519,
    ]
    static let g2Discount: [UInt64] = [
        1000, 1000, 923, 884, 855, 832, 812, 796, 782, 770, 759, 749, 740, 732, 724, 717, 711, 704, 699, 693, 688, 683,
        679, 674, 670, 666, 663, 659, 655, 652, 649, 646, 643, 640, 637, 634, 632, 629, 627, 624, 622, 620, 618, 615,
        613, 611, 609, 607, 606, 604, 602, 600, 598, 597, 595, 593, 592, 590, 589, 587, 586, 584, 583, 582, 580, 579,
        578, 576, 575, 574, 573, 571, 570, 569, 568, 567, 566, 565, 563, 562, 561, 560, 559, 558, 557, 556, 555, 554,
        553, 552, 552, 551, 550, 549, 548, 547, 546, 545, 545, 544, 543, 542, 541, 541, 540, 539, 538, 537, 537, 536,
        535, 535, 534, 533, 532, 532, 531, 530, 530, 529, 528, 528, 527, 526, 526, 525, 524, 524,
    ]

    /// MSM price: k · mulCost · discount(k) / 1000 (0 for k = 0; such input fails anyway).
    static func msmGas(pairs k: Int, mulCost: UInt64, discount: [UInt64]) -> UInt64 {
        guard k > 0 else { return 0 }
        let d = discount[min(k, discount.count) - 1]
        let (prod, overflow) = UInt64(k).multipliedReportingOverflow(by: mulCost * d)
        return overflow ? .max : prod / 1000
    }

    /// Runs an EIP-2537 operation, mapping its error to a precompile failure.
    @inline(__always)
    static func output(_ op: () throws(EIP2537Error) -> [UInt8]) throws(PrecompileError) -> [UInt8] {
        do { return try op() } catch { throw .invalidInput(error.description) }
    }
}
