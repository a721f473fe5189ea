#!/usr/bin/env python3
"""Runs the `lanes-bench evm` workloads through revm (pyrevm) and compares.

The workloads (code, pre-state, caller, calldata, gas limit) come from
`lanes-bench evm --workloads`, so both EVMs run the same bytes. Each run is one Cancun
transaction on a fresh state (pyrevm: a new EVM with the pre-state inserted, outside the timed
region; Lanes: a fresh JournaledState over the WorldState), so both start cold. Gas used must
match exactly, or the script fails. Times are medians of per-run wall-clock times; revm and Lanes alternate per workload over
several rounds and each side's best round counts (robust to load from other processes).

pyrevm crosses the Python/Rust boundary once per run; that cost is measured with an empty
contract (a single STOP) and reported next to each workload's run time. Workloads burn millions
of gas so it stays well under 1% of a run.
"""
import argparse
import json
import math
import subprocess
import sys
import time

from pyrevm import EVM, AccountInfo, BlockEnv, Env


def fresh_evm(w):
    evm = EVM(env=Env(block=BlockEnv(gas_limit=w["gas_limit"], basefee=0)), spec_id=w["fork"])
    for addr, acct in w["accounts"].items():
        evm.insert_account_info(addr, AccountInfo(nonce=acct["nonce"], code=bytes.fromhex(acct["code"][2:])))
        for k, v in acct["storage"].items():
            evm.insert_account_storage(addr, int(k, 16), int(v, 16))
    evm.set_balance(w["caller"], int(w["caller_balance"], 16))
    return evm


def run_once(w, evm):
    calldata = bytes.fromhex(w["calldata"][2:])
    t0 = time.perf_counter_ns()
    evm.message_call(w["caller"], w["to"], calldata, gas=w["gas_limit"])
    t1 = time.perf_counter_ns()
    return t1 - t0, evm.result


def bench_revm(w, seconds):
    _, first = run_once(w, fresh_evm(w))
    if not first.is_success:
        sys.exit(f"error: revm run failed: {first.reason}")
    times = []
    deadline = time.monotonic() + seconds
    while len(times) < 5 or (time.monotonic() < deadline and len(times) < 10_000):
        evm = fresh_evm(w)
        dt, r = run_once(w, evm)
        assert r.gas_used == first.gas_used
        times.append(dt)
    times.sort()
    return first.gas_used, times[len(times) // 2], len(times)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--lanes-bench", default=".build/release/lanes-bench")
    ap.add_argument("--seconds", type=float, default=1.0)
    ap.add_argument("--filter")
    ap.add_argument("--rounds", type=int, default=3, help="alternating rounds per workload; the best round counts")
    args = ap.parse_args()

    workloads = json.loads(subprocess.check_output([args.lanes_bench, "evm", "--workloads"]))
    if args.filter:
        workloads = {k: v for k, v in workloads.items() if args.filter in k}

    # The boundary cost of one pyrevm call: an empty contract.
    any_w = next(iter(workloads.values()))
    empty = dict(any_w, accounts={"0x" + "ee" * 20: {"code": "0x00", "storage": {}, "nonce": 1}}, to="0x" + "ee" * 20)
    _, overhead_ns, _ = bench_revm(empty, 0.3)

    # Rounds alternate revm and Lanes per workload and keep each side's best round, so a burst
    # of load from other processes on a shared machine penalises neither side systematically.
    revm, lanes = {}, {}
    per_round = args.seconds / args.rounds
    for _ in range(args.rounds):
        for name, w in workloads.items():
            gas, ns, runs = bench_revm(w, per_round)
            if name not in revm or ns < revm[name]["ns_per_run"]:
                revm[name] = {"gas": gas, "ns_per_run": ns, "mgas_per_s": gas / ns * 1e3, "runs": runs}
            cmd = [args.lanes_bench, "evm", "--seconds", str(per_round), "--filter", name]
            result = json.loads(subprocess.check_output(cmd))["results"][name]
            if name not in lanes or result["ns_per_run"] < lanes[name]["ns_per_run"]:
                lanes[name] = result

    report = {"benchmark": "evm-vs-revm", "pyrevm_call_overhead_ns": overhead_ns, "results": {}}
    ok = True
    ratios = []
    for name in workloads:
        l, r = lanes[name], revm[name]
        gas_match = l["gas"] == r["gas"]
        ok &= gas_match
        ratio = l["mgas_per_s"] / r["mgas_per_s"]
        ratios.append(ratio)
        report["results"][name] = {
            "gas": l["gas"], "revm_gas": r["gas"], "gas_match": gas_match,
            "lanes_mgas_per_s": round(l["mgas_per_s"], 1), "revm_mgas_per_s": round(r["mgas_per_s"], 1),
            "lanes_ns_per_run": l["ns_per_run"], "revm_ns_per_run": r["ns_per_run"],
            "ratio_lanes_over_revm": round(ratio, 3),
            "pyrevm_overhead_fraction": round(overhead_ns / r["ns_per_run"], 5),
        }
    geomean = math.exp(sum(math.log(x) for x in ratios) / len(ratios))
    report["geomean_ratio"] = round(geomean, 3)
    report["all_gas_match"] = ok
    print(json.dumps(report, indent=2))

    print(f"\n{'workload':<16}{'gas':>12}{'Lanes Mgas/s':>14}{'revm Mgas/s':>13}{'Lanes/revm':>12}  gas match", file=sys.stderr)
    for name, r in report["results"].items():
        print(f"{name:<16}{r['gas']:>12}{r['lanes_mgas_per_s']:>14.1f}{r['revm_mgas_per_s']:>13.1f}{r['ratio_lanes_over_revm']:>12.3f}  "
              f"{'yes' if r['gas_match'] else 'NO (revm %d)' % r['revm_gas']}", file=sys.stderr)
    print(f"{'geometric mean':<55}{geomean:>12.3f}", file=sys.stderr)
    print(f"pyrevm per-call overhead (empty contract): {overhead_ns / 1e3:.1f} us", file=sys.stderr)
    if not ok:
        sys.exit("error: gas used differs between Lanes and revm")


if __name__ == "__main__":
    main()
