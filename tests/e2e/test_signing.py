"""Dev-account signing matches eth-account: eth_sign, personal_sign, eth_signTypedData_v4,
eth_signTransaction."""
from eth_account import Account
from eth_account.messages import encode_defunct, encode_typed_data

TYPED = {
    "types": {
        "EIP712Domain": [{"name": "name", "type": "string"}, {"name": "version", "type": "string"},
                         {"name": "chainId", "type": "uint256"}, {"name": "verifyingContract", "type": "address"}],
        "Person": [{"name": "name", "type": "string"}, {"name": "wallets", "type": "address[]"}],
        "Mail": [{"name": "from", "type": "Person"}, {"name": "to", "type": "Person[]"},
                 {"name": "contents", "type": "string"}, {"name": "amount", "type": "int256"}, {"name": "tag", "type": "bytes4"}],
    },
    "primaryType": "Mail",
    "domain": {"name": "Ether Mail", "version": "1", "chainId": 31337, "verifyingContract": "0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC"},
    "message": {
        "from": {"name": "Cow", "wallets": ["0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826"]},
        "to": [{"name": "Bob", "wallets": ["0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB"]}],
        "contents": "Hello, Bob!",
        "amount": -5,
        "tag": "0x01020304",
    },
}


def test_personal_sign_and_eth_sign(w3, dev_accounts):
    acct = dev_accounts[0]
    expected = Account.sign_message(encode_defunct(b"hello lanes"), acct.key).signature
    raw = w3.provider.make_request("personal_sign", ["0x" + b"hello lanes".hex(), acct.address])
    assert bytes.fromhex(raw["result"][2:]) == bytes(expected)
    raw = w3.provider.make_request("eth_sign", [acct.address, "0x" + b"hello lanes".hex()])
    assert bytes.fromhex(raw["result"][2:]) == bytes(expected)


def test_sign_typed_data_v4(w3, dev_accounts):
    acct = dev_accounts[1]
    expected = Account.sign_message(encode_typed_data(full_message=TYPED), acct.key).signature
    raw = w3.provider.make_request("eth_signTypedData_v4", [acct.address, TYPED])
    assert bytes.fromhex(raw["result"][2:]) == bytes(expected)


def test_sign_transaction_recovers_to_sender(w3, dev_accounts):
    acct = dev_accounts[2]
    raw = w3.provider.make_request("eth_signTransaction", [{"from": acct.address, "to": dev_accounts[3].address, "value": "0x1"}])
    assert Account.recover_transaction(raw["result"]["raw"]) == acct.address


def test_unknown_account_is_refused(w3):
    raw = w3.provider.make_request("personal_sign", ["0x00", "0x0000000000000000000000000000000000000001"])
    assert raw["error"]["code"] == -32000 and raw["error"]["message"] == "unknown account"
