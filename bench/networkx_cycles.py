"""Counts a graph's elementary cycles with networkx.simple_cycles, for the loop benchmark.

Reads {"nodeCount": n, "adjacency": [[targets], ...]} as JSON on stdin and prints
{"seconds": s, "count": c, "sha256": h}: h hashes the sorted canonical cycles (node numbers
rotated to start at the lowest, joined by ","), one per line, so the benchmark can compare
the whole set, not only the count.
"""
import hashlib
import json
import sys
import time

import networkx

task = json.load(sys.stdin)
graph = networkx.DiGraph()
graph.add_nodes_from(range(task["nodeCount"]))
for source, targets in enumerate(task["adjacency"]):
    graph.add_edges_from((source, target) for target in targets)

began = time.perf_counter()
cycles = list(networkx.simple_cycles(graph))
seconds = time.perf_counter() - began

canonical = []
for cycle in cycles:
    lowest = cycle.index(min(cycle))
    canonical.append(",".join(str(v) for v in cycle[lowest:] + cycle[:lowest]))
canonical.sort()
digest = hashlib.sha256("\n".join(canonical).encode()).hexdigest()
print(json.dumps({"seconds": seconds, "count": len(cycles), "sha256": digest}))
