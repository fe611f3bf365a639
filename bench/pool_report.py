"""Prints the pool rows of the benchmark table (issue 11) from PoolBench's JSON."""

import json
import sys

ROUND_TRIP_TARGET_US = 10.0
SPEEDUP_SHARE = 0.9


def main():
    data = json.load(open(sys.argv[1]))
    n = data["cores"]
    target = SPEEDUP_SHARE * n

    def met(ok):
        return "yes" if ok else "**no**"

    rt = data["round_trip_ns"] / 1e3
    rss = data["sum_rss_growth_mb"]
    print()
    print("| pool operation (krait only) | krait | target | met? |")
    print("|---|---:|---|---|")
    print(f"| `pool.invoke(\"f\")` round trip from another thread | {rt:.2f} µs | ≤ {ROUND_TRIP_TARGET_US:g} µs "
          f"| {met(rt <= ROUND_TRIP_TARGET_US)} |")
    print(f"| isolated pool of {n} on {n} cores, CPU-bound throughput (speedup) | {data['cpu_speedup']:.2f}× "
          f"| ≥ {target:.1f}× | {met(data['cpu_speedup'] >= target)} |")
    print(f"| {n} isolated interpreters summing one 100 MB buffer (`memoryview.cast`), speedup; RSS growth "
          f"| {data['sum_speedup']:.2f}×; +{rss:.0f} MB | ≥ {target:.1f}×; ≪ {n * 100} MB "
          f"| {met(data['sum_speedup'] >= target and rss < n * 100 / 4)} |")


if __name__ == "__main__":
    main()
