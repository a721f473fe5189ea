# pragma version ~=0.4.3
# A shared counter: every call reads and writes the same slot, so a block of calls is one
# dependency chain (the `chain` workload of `lanes-bench executor`).

event Bumped:
    caller: indexed(address)
    value: uint256

value: public(uint256)
last: public(bytes32)

@external
def bump() -> uint256:
    v: uint256 = self.value + 1
    self.value = v
    self.last = keccak256(concat(self.last, convert(msg.sender, bytes32)))
    log Bumped(caller=msg.sender, value=v)
    return v
