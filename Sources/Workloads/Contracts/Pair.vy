# pragma version ~=0.4.3
# A Uniswap-V2-style constant-product pool for Lanes' executor benchmarks and differential tests:
# the trader's input is pulled with transferFrom, the output paid with transfer, a 0.3 % fee
# stays in the pool, and the reserves are updated as Uniswap V2 does.
# The workload builder writes token0, token1 and the reserves straight into storage.

interface ERC20:
    def transfer(receiver: address, amount: uint256) -> bool: nonpayable
    def transferFrom(owner: address, receiver: address, amount: uint256) -> bool: nonpayable

event Swap:
    trader: indexed(address)
    amountIn: uint256
    amountOut: uint256
    zeroForOne: bool

token0: public(address)
token1: public(address)
reserve0: public(uint256)
reserve1: public(uint256)

@external
def swap(amountIn: uint256, zeroForOne: bool, minOut: uint256) -> uint256:
    reserveIn: uint256 = self.reserve0
    reserveOut: uint256 = self.reserve1
    tokenIn: address = self.token0
    tokenOut: address = self.token1
    if not zeroForOne:
        reserveIn = self.reserve1
        reserveOut = self.reserve0
        tokenIn = self.token1
        tokenOut = self.token0
    amountInWithFee: uint256 = amountIn * 997
    amountOut: uint256 = amountInWithFee * reserveOut // (reserveIn * 1000 + amountInWithFee)
    assert amountOut >= minOut, "slippage"
    assert amountOut > 0, "insufficient output"
    extcall ERC20(tokenIn).transferFrom(msg.sender, self, amountIn)
    extcall ERC20(tokenOut).transfer(msg.sender, amountOut)
    if zeroForOne:
        self.reserve0 = reserveIn + amountIn
        self.reserve1 = reserveOut - amountOut
    else:
        self.reserve1 = reserveIn + amountIn
        self.reserve0 = reserveOut - amountOut
    log Swap(trader=msg.sender, amountIn=amountIn, amountOut=amountOut, zeroForOne=zeroForOne)
    return amountOut
