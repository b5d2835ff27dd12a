#!/usr/bin/env python3
"""The LP relaxation of an exported MIP split on how many trips one fleet makes in all.

    hubplan export instances/theatre-large-2.yaml --mps large-2.mps
    scripts/fleet-count-branches.py large-2.mps sea-pool 0-4 5 6

Each argument after the fleet is a count `m` (the LP with the fleet's trips summing to `m`)
or a range `a-b` (summing to between `a` and `b`). Every integer column is relaxed; the
trips are the columns named `trips[ROUTE,FLEET,dDAY]` (docs/formulation.md, column names).
The smallest value over branches that cover every count is a valid bound on the MIP: the
branches are a disjunction every schedule falls in. BENCHMARKS.md (section 7.2) has the
values for theatre-large-2. Needs highspy (`pip install highspy`).
"""
import re
import sys

import highspy


def branch(mps: str, fleet: str, lo: float, hi: float) -> tuple[str, float, float]:
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", 1)
    h.readModel(mps)
    n = h.getNumCol()
    trips = []
    for i in range(n):
        h.changeColIntegrality(i, highspy.HighsVarType.kContinuous)
        m = re.fullmatch(r"trips\[[^,]+,([^,]+),d\d+\]", h.getColName(i)[1])
        if m and m.group(1) == fleet:
            trips.append(i)
    if not trips:
        sys.exit(f"no trip column of fleet {fleet!r} in {mps}")
    h.addRow(lo, hi, len(trips), trips, [1.0] * len(trips))
    h.run()
    status = h.modelStatusToString(h.getModelStatus())
    x = h.getSolution().col_value
    return status, h.getInfo().objective_function_value, sum(x[i] for i in trips)


def main() -> None:
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    mps, fleet = sys.argv[1], sys.argv[2]
    for arg in sys.argv[3:]:
        lo, _, hi = arg.partition("-")
        lo, hi = float(lo), float(hi or lo)
        status, value, total = branch(mps, fleet, lo, hi)
        if status == "Optimal":
            print(f"{fleet} trips in [{lo:g}, {hi:g}]: LP {value:,.1f}, trips {total:.3f}")
        else:
            print(f"{fleet} trips in [{lo:g}, {hi:g}]: {status}")


if __name__ == "__main__":
    main()
