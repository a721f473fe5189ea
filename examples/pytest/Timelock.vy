# pragma version 0.4.3
# A timelock vault for the Anvil-style example suite: the deployer locks the ether sent with the
# deployment until `delay` seconds have passed on chain, then withdraws it.

event Released:
    owner: indexed(address)
    amount: uint256

owner: public(address)
release_time: public(uint256)


@deploy
@payable
def __init__(delay: uint256):
    self.owner = msg.sender
    self.release_time = block.timestamp + delay


@external
def withdraw():
    assert msg.sender == self.owner, "not owner"
    assert block.timestamp >= self.release_time, "still locked"
    amount: uint256 = self.balance
    send(self.owner, amount)
    log Released(owner=self.owner, amount=amount)
