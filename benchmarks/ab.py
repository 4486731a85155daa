#!/usr/bin/python3
"""Alternates two or more commands run by run and prints each one's median wall time and its
ratio to the first's: the A/B comparison of two builds of one program on a shared, noisy machine
(benchmarks/results/flow.md quotes it). Every round runs each command once, the order reversed
every other round; PREPARE (a shell command) runs before every run, untimed.

    benchmarks/ab.py ROUNDS 'COMMAND A' 'COMMAND B' [...]
    PREPARE='rm -f creds.json' benchmarks/ab.py 100 './old/bin/gauthflow login ...' './new/bin/gauthflow login ...'

Each COMMAND is split like a shell word list (no shell runs it); its output is discarded.
"""
import os
import shlex
import statistics
import subprocess
import sys
import time


def main(argv):
    if len(argv) < 3 or not argv[0].isdigit():
        sys.exit(__doc__)
    rounds, commands = int(argv[0]), argv[1:]
    prepare = os.environ.get("PREPARE")
    times = {command: [] for command in commands}
    for round_number in range(rounds):
        order = commands if round_number % 2 == 0 else commands[::-1]
        for command in order:
            if prepare:
                subprocess.run(prepare, shell=True, check=True)
            start = time.perf_counter()
            subprocess.run(shlex.split(command), stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, check=False)
            times[command].append((time.perf_counter() - start) * 1000)
    base = statistics.median(times[commands[0]])
    for command in commands:
        median = statistics.median(times[command])
        print("%9.3f ms  %6.3fx  %s" % (median, median / base, command))


if __name__ == "__main__":
    main(sys.argv[1:])
