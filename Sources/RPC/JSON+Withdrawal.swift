import Ethereum
import Primitives

extension JSON {
    /// A withdrawal object: `index`, `validatorIndex`, `address`, `amount` (gwei).
    public static func withdrawal(_ w: Withdrawal) -> JSON {
        ["index": .quantity(w.index), "validatorIndex": .quantity(w.validatorIndex),
         "address": .address(w.address), "amount": .quantity(w.amountGwei)]
    }
}
