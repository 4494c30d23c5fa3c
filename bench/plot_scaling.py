#!/usr/bin/python3
"""Checks that imsdp's parse time grows linearly with the input, and plots it.

Runs imsdp_bench_scaling (bench/scaling.cpp) with --benchmark_format=json, or reads the
JSON of an earlier run, and for every shape (media, attributes, line-*):

- fits time = a + b * bytes (a >= 0) to every size but the largest, by least squares on the
  relative error so that the small sizes count as much as the large ones;
- extrapolates that line to the largest size and prints measured / extrapolated.

Times are the median over --repetitions of Google Benchmark's CPU time per parse: on a
shared machine that leaves out the time the process waits for a core (the wall-clock time
is in the JSON too).

Exits 1 when a ratio is above 1.5 (the largest input is more than 1.5x slower than linear
growth from the small ones predicts), 0 otherwise. Draws docs/scaling.png (log-log, ns
per parse against input bytes, a series per shape, the fitted lines dashed) with Debian's
matplotlib (apt-get install python3-matplotlib), unless --no-plot.

    bench/plot_scaling.py [--binary PATH] [--json FILE] [--save-json FILE]
                          [--repetitions N] [--output PNG] [--no-plot]
                          [-- extra benchmark arguments]
"""

import argparse
import json
import os
import subprocess
import sys

LIMIT = 1.5
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
TO_NS = {"ns": 1.0, "us": 1e3, "ms": 1e6, "s": 1e9}


def run_benchmark(binary, repetitions, extra):
    command = [
        binary,
        "--benchmark_format=json",
        "--benchmark_repetitions=%d" % repetitions,
        "--benchmark_report_aggregates_only=true",
    ] + extra
    print("running:", " ".join(command), file=sys.stderr)
    done = subprocess.run(command, check=True, stdout=subprocess.PIPE, text=True)
    return json.loads(done.stdout)


def read_points(report):
    """{shape: [(bytes, ns, row), ...]} sorted by bytes, from the median aggregates (or
    from the plain runs when the report has no aggregates)."""
    rows = report["benchmarks"]
    if any(row.get("aggregate_name") == "median" for row in rows):
        rows = [row for row in rows if row.get("aggregate_name") == "median"]
    shapes = {}
    for row in rows:
        if row.get("error_occurred"):
            sys.exit("%s failed: %s" % (row["run_name"], row.get("error_message")))
        _, shape, _ = row["run_name"].split("/")
        ns = row["cpu_time"] * TO_NS[row["time_unit"]]
        shapes.setdefault(shape, []).append((row["bytes"], ns, row))
    for points in shapes.values():
        points.sort(key=lambda point: point[0])
    return shapes


def fit_line(points):
    """a, b of time = a + b * bytes, a >= 0, minimising the squared relative errors."""
    weights = [1.0 / (ns * ns) for _, ns in points]
    s = sum(weights)
    sx = sum(w * x for w, (x, _) in zip(weights, points))
    sy = sum(w * y for w, (_, y) in zip(weights, points))
    sxx = sum(w * x * x for w, (x, _) in zip(weights, points))
    sxy = sum(w * x * y for w, (x, y) in zip(weights, points))
    b = (s * sxy - sx * sy) / (s * sxx - sx * sx)
    a = (sy - b * sx) / s
    if a < 0:  # no negative fixed cost: a line through the origin
        a = 0.0
        b = sxy / sxx
    return a, b


def check(shapes):
    """Prints the table and the ratios; returns the fits, the ratios and whether every
    ratio holds."""
    fits = {}
    ratios = {}
    ok = True
    for shape, points in shapes.items():
        a, b = fit_line([(x, ns) for x, ns, _ in points[:-1]])
        fits[shape] = (a, b)
        print("\n%s: fit %.0f ns + %.3f ns/byte over the %d smaller sizes"
              % (shape, a, b, len(points) - 1))
        print("%10s %10s %8s %13s %8s %9s %8s %7s %6s %7s"
              % ("size", "bytes", "lines", "ns/parse", "MB/s", "ns/line", "ns/KB",
                 "allocs", "diags", "vs fit"))
        for x, ns, row in points:
            size = row["run_name"].split("/")[2]
            print("%10s %10d %8d %13.0f %8.0f %9.1f %8.1f %7.0f %6.0f %6.2fx"
                  % (size, x, row["lines"], ns, x * 1e3 / ns, ns / row["lines"],
                     ns * 1024 / x, row["allocs"], row["diagnostics"], ns / (a + b * x)))
        x, ns, _ = points[-1]
        ratio = ns / (a + b * x)
        ratios[shape] = ratio
        verdict = "ok" if ratio <= LIMIT else "SUPER-LINEAR"
        print("%s: largest input %.2fx the linear extrapolation (limit %.1fx): %s"
              % (shape, ratio, LIMIT, verdict))
        ok = ok and ratio <= LIMIT
    return fits, ratios, ok


def plot(shapes, fits, ratios, output, context):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(figsize=(8, 5.5), dpi=100)
    for shape, points in shapes.items():
        xs = [x for x, _, _ in points]
        ys = [ns for _, ns, _ in points]
        label = "%s (largest: %.2fx linear)" % (shape, ratios[shape])
        line = axes.plot(xs, ys, "o-", label=label)[0]
        a, b = fits[shape]
        axes.plot(xs, [a + b * x for x in xs], "--", color=line.get_color(), alpha=0.5,
                  linewidth=1)
    axes.set_xscale("log")
    axes.set_yscale("log")
    axes.set_xlabel("input size (bytes)")
    axes.set_ylabel("CPU time per full parse (ns)")
    axes.set_title("imsdp parse time against input size, up to the default limits\n"
                   "(dashed: linear fit of the smaller sizes, extrapolated)", fontsize=10)
    axes.grid(True, which="major", alpha=0.4)
    axes.grid(True, which="minor", alpha=0.15)
    axes.legend(title="shape (bench/scaling.cpp)", fontsize=9)
    figure.text(0.01, 0.01, context, fontsize=7, color="gray")
    figure.tight_layout(rect=(0, 0.03, 1, 1))
    figure.savefig(output)
    print("wrote", output, file=sys.stderr)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary",
                        default=os.path.join(ROOT, "build/dev/bench/imsdp_bench_scaling"))
    parser.add_argument("--json", help="read this benchmark JSON instead of running")
    parser.add_argument("--save-json", help="also write the benchmark JSON here")
    parser.add_argument("--repetitions", type=int, default=5)
    parser.add_argument("--output", default=os.path.join(ROOT, "docs/scaling.png"))
    parser.add_argument("--no-plot", action="store_true")
    parser.add_argument("extra", nargs="*", help="arguments for the benchmark, after --")
    args = parser.parse_args()

    if args.json:
        with open(args.json) as f:
            report = json.load(f)
    else:
        report = run_benchmark(args.binary, args.repetitions, args.extra)
    if args.save_json:
        with open(args.save_json, "w") as f:
            json.dump(report, f, indent=1)

    shapes = read_points(report)
    fits, ratios, ok = check(shapes)
    if not args.no_plot:
        c = report["context"]
        context = "%s, %s CPUs, %s, %s" % (c.get("host_name", "?"), c.get("num_cpus", "?"),
                                          os.path.basename(c.get("executable", "?")),
                                          c.get("date", ""))
        plot(shapes, fits, ratios, args.output, context)
    print("\nlinear within %.1fx: %s" % (LIMIT, "yes" if ok else "NO"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
