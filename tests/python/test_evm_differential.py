"""The committed differential EVM cases (Tests/Fixtures/differential, made by
scripts/evm_differential.py with the reference ethereum-execution 2.20.0) are well-formed and
their recorded opcode coverage is complete: every opcode of every fork was executed under that
fork. `make state-test-differential` runs them through `lanes statetest`; this test only checks the
committed data, it never runs the reference."""
import json
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parents[2]
DIR = ROOT / "Tests" / "Fixtures" / "differential"
FORKS = ["Frontier", "Homestead", "EIP150", "EIP158", "Byzantium", "ConstantinopleFix", "Istanbul",
         "Berlin", "London", "Paris", "Shanghai", "Cancun", "Prague", "Osaka"]
# opcodes defined per fork in ethereum-execution 2.20.0 (Ops enums)
DEFINED = {"Frontier": 129, "Homestead": 130, "EIP150": 130, "EIP158": 130, "Byzantium": 134,
           "ConstantinopleFix": 139, "Istanbul": 141, "Berlin": 141, "London": 142, "Paris": 142,
           "Shanghai": 143, "Cancun": 148, "Prague": 148, "Osaka": 149}


def test_coverage_is_complete():
    text = (DIR / "COVERAGE.txt").read_text()
    assert "MISSING" not in text
    rows = {}
    for line in text.splitlines():
        m = re.match(r"^(\w+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)$", line)
        if m and m.group(1) in DEFINED:
            rows[m.group(1)] = tuple(int(g) for g in m.groups()[1:])
    assert set(rows) == set(FORKS)
    for fork, (defined, executed, missing, _) in rows.items():
        assert defined == DEFINED[fork] and executed == defined and missing == 0, fork


def test_cases_are_well_formed():
    files = sorted(DIR.glob("*.json"))
    assert len(files) >= 40
    assert sum(f.stat().st_size for f in files) < 2_000_000
    rejected = valid = 0
    for f in files:
        tests = json.loads(f.read_text())
        assert len(tests) == 1
        (test,) = tests.values()
        assert set(test["post"]) == set(FORKS), f.name
        for fork, entries in test["post"].items():
            (e,) = entries
            assert re.fullmatch(r"0x[0-9a-f]{64}", e["hash"]) and re.fullmatch(r"0x[0-9a-f]{64}", e["logs"])
            assert e["txbytes"].startswith("0x") and e["indexes"] == {"data": 0, "gas": 0, "value": 0}
            if "expectException" in e:
                rejected += 1
                assert int(e["gasUsed"], 16) == 0
            else:
                valid += 1
                assert int(e["gasUsed"], 16) >= 21000
    assert rejected > 0 and valid > rejected
