#!/usr/bin/env python3
"""Turns the JMH JSON results of scripts/bench.sh into one Markdown table.

Usage: report.py RESULTS_DIR
RESULTS_DIR holds krait.json, jep.json, floor.json (JMH -rf json), optional
krait-numpy.json / jep-numpy.json, krait-scaling.json / jep-scaling.json
(krait.bench.Scaling), krait-process.json (krait.bench.ProcessBench), subfloor.json (CPython's own sub-interpreter
create + destroy) and meta.json (machine line, Jep status, settings).

Each time is the median of the measurement iterations' scores (JMH
AverageTime: one score = the mean time per operation over one iteration),
taken over every iteration of every fork.
"""
import json
import re
import os
import statistics
import sys

B = "krait.bench."

# (key, operation, unit kind, target kind, target value)
#   unit kind: "op" = time per operation, "elem" = per element, "call" = per call
#   target kind: "floor" (ratio to the floor), "jep" (krait at least N x faster
#   than Jep), "abs_ns" (ns per element or call at most), "abs_us" (µs at most),
#   "abs_ms" (ms at most), "sub_legacy" / "sub_isolated" (ms at most above
#   CPython's own sub-interpreter create + destroy of that kind, measured in the
#   same run: subfloor.json), None
ROWS = [
    ("CallBench.invokeNoArgs", 'invoke("f")', "op", "floor", 1.3),
    ("CallBench.invokeAdd", 'invoke("add", 1, 2)', "op", "floor", 2.0),
    ("CallBench.execPass", 'exec("pass")', "op", "jep", 3),
    ("CallBench.setGetInt", 'set("x", i) + getValue("x")', "op", "jep", 3),
    ("CallBench.getValueExpr", 'getValue("1+2")', "op", "jep", 3),
    ("BulkBench.getList", "getValue of a Python list of 10⁶ ints, per element", "elem", "abs_ns", 20),
    ("BulkBench.iterateJavaList", "Python iterating a Java List<Integer> of 10⁶, per element", "elem", "abs_ns", 60),
    ("BulkBench.callJavaFromPython", "Python calling `al.add(i)` in a loop, per call", "call", "abs_ns", 110),
    ("CallBench.setGetString1MiB", "set + getValue of a 1 MiB str", "op", "abs_us", 300),
    ("LifecycleBench.sharedOpenClose", "SharedInterpreter open + close", "op", "jep", 3),
    ("LifecycleBench.subOpenClose", "SubInterpreter open + close", "op", "sub_legacy", 1),
    ("LifecycleBench.isolatedSubOpenClose", "SubInterpreter (isolated) open + close", "op", "sub_isolated", 1),
    ("NumpyBench.directNDArrayRoundTrip", "10⁶-element DirectNDArray into numpy and back", "op", "abs_us", 2),
]
FLOOR = "FloorBench.floorCall"

# krait.ProcessInterpreter (issue 12), krait only: (key in krait-process.json, operation, target ns)
PROCESS_ROWS = [
    ("invoke_ns", 'ProcessInterpreter `invoke("f")` round trip', 10e3),
    ("bytes_1mib_ns", "ProcessInterpreter 1 MiB `bytes` round trip", 1e6),
    ("start_ns", "ProcessInterpreter child start to ready", 150e6),
]


def load(path):
    """{benchmark name without package: median score in ns}"""
    if not os.path.exists(path):
        return None
    try:
        with open(path) as f:
            runs = json.load(f)
    except ValueError:
        return None
    scale = {"ns/op": 1, "us/op": 1e3, "ms/op": 1e6, "s/op": 1e9}
    out = {}
    for run in runs:
        metric = run["primaryMetric"]
        raw = [score for fork in metric.get("rawData", []) for score in fork]
        value = statistics.median(raw) if raw else metric["score"]
        out[run["benchmark"].removeprefix(B)] = value * scale[metric["scoreUnit"]]
    return out


def failures(path):
    """{benchmark name without package: first line of its failure} from a JMH log."""
    out = {}
    if not os.path.exists(path):
        return out
    with open(path, errors="replace") as f:
        sections = f.read().split("# Benchmark: ")[1:]
    for section in sections:
        name = section.split("\n", 1)[0].strip().removeprefix(B)
        if "<failure>" in section:
            after = section.split("<failure>", 1)[1].strip().splitlines()
            first = after[0] if after else "?"
            # "jep.JepException: <class 'AttributeError'>: text" -> "AttributeError: text"
            first = re.sub(r"^[\w.]*JepException: <class '([\w.]+)'>", r"\1", first)
            out[name] = "failed (" + (first[:70] + "…" if len(first) > 70 else first) + ")"
    return out


def fmt(ns, kind="op"):
    if ns is None:
        return None
    suffix = {"elem": "/elem", "call": "/call"}.get(kind, "")
    if ns < 1e3:
        return f"{ns:.0f} ns{suffix}" if ns >= 100 else f"{ns:.1f} ns{suffix}"
    if ns < 1e6:
        return f"{ns / 1e3:.2f} µs{suffix}" if ns < 1e4 else f"{ns / 1e3:.1f} µs{suffix}"
    return f"{ns / 1e6:.2f} ms{suffix}" if ns < 1e7 else f"{ns / 1e6:.1f} ms{suffix}"


def core_rows(d, jep_ok):
    """Rows of isolated SubInterpreters on 1, 2 and all cores (Scaling's isolated_cores)."""
    runs = {}
    for impl, ok in (("krait", True), ("jep", jep_ok)):
        try:
            with open(os.path.join(d, f"{impl}-scaling.json")) as f:
                runs[impl] = json.load(f).get("isolated_cores") if ok else None
        except (OSError, ValueError):
            runs[impl] = None
    rows = []
    krait = runs.get("krait")
    if isinstance(krait, dict):
        return [f"| isolated SubInterpreters on 1, 2, all cores | failed: {krait.get('error', '?')[:80]} | | | | |"]
    if not krait:
        return rows
    jep = {r["threads"]: r for r in runs.get("jep") or [] if isinstance(runs.get("jep"), list)}
    for r in krait:
        k = r["threads"]
        cell = f"{r['speedup']:.2f}× (cpu/wall {r['cpu_per_wall']:.2f}, {r['t_ms']:.0f} ms)"
        j = jep.get(k)
        jcell = f"{j['speedup']:.2f}× (cpu/wall {j['cpu_per_wall']:.2f})" if j else "—"
        want = 0.95 * k
        met = "yes" if r["speedup"] >= want else "**no**"
        rows.append(
            f"| isolated SubInterpreters on {k} core{'s' if k > 1 else ''} (speedup, CPU/wall) "
            f"| {cell} | {jcell} | — | ≥ {want:.2f}× | {met} |"
        )
    return rows


def main():
    d = sys.argv[1]
    with open(os.path.join(d, "meta.json")) as f:
        meta = json.load(f)
    krait = load(os.path.join(d, "krait.json")) or {}
    krait.update(load(os.path.join(d, "krait-numpy.json")) or {})
    jep_ok = meta.get("jep_status") == "ok"
    jep = (load(os.path.join(d, "jep.json")) or {}) if jep_ok else {}
    jep.update((load(os.path.join(d, "jep-numpy.json")) or {}) if jep_ok else {})
    floor = (load(os.path.join(d, "floor.json")) or {}).get(FLOOR)
    try:
        with open(os.path.join(d, "subfloor.json")) as f:
            subfloor = json.load(f)
    except (OSError, ValueError):
        subfloor = {}
    na = "n/a"
    missing_krait = meta.get("krait_missing", {})
    missing_jep = meta.get("jep_missing", {})
    failed_krait = failures(os.path.join(d, "krait.log"))
    failed_jep = failures(os.path.join(d, "jep.log"))

    def absent(key, missing, failed):
        return missing.get(key.split(".")[0]) or failed.get(key) or "not run"

    lines = []
    lines.append("| operation | krait | Jep | krait/Jep | target | met? |")
    lines.append("|---|---:|---:|---:|---|---|")
    verdicts = []
    for key, name, kind, tkind, tval in ROWS:
        k, j = krait.get(key), jep.get(key)
        ks = fmt(k, kind) or absent(key, missing_krait, failed_krait)
        js = fmt(j, kind) or (absent(key, missing_jep, failed_jep) if jep_ok else na)
        ratio = f"{k / j:.2f}" if k and j else "—"
        if tkind == "floor":
            target = f"≤ {tval} × floor"
            if k and floor:
                r = k / floor
                met = f"{'yes' if r <= tval else '**no**'} ({r:.2f} × floor)"
            else:
                met = na
        elif tkind == "jep":
            target = f"≥ {tval}× faster than Jep"
            if k and j:
                speed = f"{j / k:.2f}× faster" if j >= k else f"{k / j:.2f}× slower"
                met = f"{'yes' if j / k >= tval else '**no**'} ({speed})"
            else:
                met = na
        elif tkind == "abs_ns":
            target = f"≤ {tval} ns/{'call' if kind == 'call' else 'elem'}"
            met = na if not k else ("yes" if k <= tval else "**no**")
        elif tkind == "abs_us":
            target = f"≤ {tval} µs"
            met = na if not k else ("yes" if k <= tval * 1e3 else "**no**")
        elif tkind == "abs_ms":
            target = f"≤ {tval} ms"
            met = na if not k else ("yes" if k <= tval * 1e6 else "**no**")
        elif tkind in ("sub_legacy", "sub_isolated"):
            mode = tkind.removeprefix("sub_")
            target = f"≤ CPython's own {mode} create + destroy + {tval} ms"
            own = subfloor.get(f"{mode}_ms")
            if k and own is not None:
                over = k / 1e6 - own
                met = f"{'yes' if over <= tval else '**no**'} ({over:+.2f} ms vs CPython)"
            else:
                met = na
        else:
            target, met = "—", "—"
        verdicts.append(met)
        lines.append(f"| {name} | {ks} | {js} | {ratio} | {target} | {met} |")
    floor_cell = fmt(floor) or failures(os.path.join(d, "floor.log")).get(FLOOR, "not run")
    lines.append(f"| floor: JNI + GIL acquire + `f()` + release (bench/floor) | {floor_cell} | | | | |")
    try:
        with open(os.path.join(d, "subfloor.json")) as f:
            sub = json.load(f)
        lines.append(
            "| CPython alone: sub-interpreter create + destroy (`_xxsubinterpreters`), "
            f"legacy / isolated | {sub['legacy_ms']:.2f} ms / {sub['isolated_ms']:.2f} ms | | | | |"
        )
    except (OSError, ValueError, KeyError):
        pass

    for mode, name, target in (
        ("shared", "2 threads vs 1, SharedInterpreters (speedup)", None),
        ("isolated", "2 threads vs 1, isolated SubInterpreters (speedup)", 1.9),
    ):
        cells = []
        for impl, ok in (("krait", True), ("jep", jep_ok)):
            path = os.path.join(d, f"{impl}-scaling.json")
            if not ok:
                cells.append((None, na))
                continue
            if not os.path.exists(path):
                cells.append((None, "not run"))
                continue
            try:
                with open(path) as f:
                    s = json.load(f)[mode]
            except (OSError, ValueError, KeyError):
                cells.append((None, "failed"))
                continue
            if "speedup" in s:
                cells.append((s["speedup"], f"{s['speedup']:.2f}× (cpu {s['cpu_per_wall_2']:.2f})"))
            else:
                cells.append((None, "failed: " + s.get("error", "?")[:80]))
        (kv, ks), (jv, js) = cells
        ratio = f"{kv / jv:.2f}" if kv and jv else "—"
        if target:
            met = na if kv is None else f"{'yes' if kv >= target else '**no**'}"
            lines.append(f"| {name} | {ks} | {js} | {ratio} | ≥ {target}× | {met} |")
        else:
            lines.append(f"| {name} | {ks} | {js} | {ratio} | — | — |")

    lines.extend(core_rows(d, jep_ok))
    try:
        with open(os.path.join(d, "krait-process.json")) as f:
            process = json.load(f)
    except (OSError, ValueError):
        process = {}
    for key, name, limit in PROCESS_ROWS:
        value = process.get(key)
        met = na if value is None else ("yes" if value <= limit else "**no**")
        lines.append(f"| {name} | {fmt(value) or 'not run'} | {na} | — | ≤ {fmt(limit)} | {met} |")

    print("\n".join(lines))
    print()
    print(f"Machine: {meta['machine']}")
    print(f"Settings: {meta['settings']}")
    if not jep_ok:
        print(f"Jep: unavailable ({meta.get('jep_status')})")
    print(
        "Times are medians of JMH AverageTime iteration scores (each score = mean time per "
        "operation over one iteration), over all forks; krait/Jep < 1 means krait is faster. "
        "Speedup = 2 × t(1 thread) / t(2 threads) for the same work per thread, median of "
        "rounds; cpu = CPU time of the 2 threads / wall time (2.0 = both ran at once). "
        "On k cores: speedup = k × t(1) / t(k) with k isolated SubInterpreters each running "
        "the same work, CPU/wall = their CPU time / wall time (k = all ran at once)."
    )


if __name__ == "__main__":
    main()
