#!/usr/bin/env bash
# File operations of one generation through the embedded runtime, counted by strace: runs `journal-ops` with N1 and N2
# generations (same warm-up) and prints (count(N2) - count(N1)) / (N2 - N1) per system call, for the whole process and
# per top-level folder of the data folder (runtime/: the embedded runtime's journals; outputs/, submissions/, ...).
# Machine-independent. The throw-away data folder is deleted after each traced run, outside the count.
# Usage: tests/ImagePipeline.Benchmarks/count-file-operations.sh [data parent folder, e.g. /dev/shm] [N1] [N2]
# (build first: dotnet build tests/ImagePipeline.Benchmarks -c Release)
set -euo pipefail
cd "$(dirname "$0")/../.."
parent="${1:-${TMPDIR:-/tmp}}"; n1="${2:-200}"; n2="${3:-400}"
dll=tests/ImagePipeline.Benchmarks/bin/Release/net10.0/ImagePipeline.Benchmarks.dll
calls=openat,pwrite64,write,flock,unlink,rename,fsync,fdatasync
out="$(mktemp -d)"
for n in "$n1" "$n2"; do
  JOURNAL_OPS_KEEP_DATA=1 strace -f -y -qq -o "$out/trace.$n" -e trace="$calls" dotnet "$dll" journal-ops "$n" "$parent" | tee "$out/run.$n"
  rm -rf "$(grep -o 'data folder .*' "$out/run.$n" | sed 's/^data folder //')"
done
python3 - "$out" "$n1" "$n2" "$calls" <<'PY'
import re, sys
from collections import defaultdict
out, n1, n2, calls = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4].split(',')
def count(n):
    # per system call: the whole process, and per top-level folder of the data folder (runtime/, outputs/, ...)
    counts = defaultdict(lambda: defaultdict(int))
    for line in open(f"{out}/trace.{n}"):
        m = re.match(r'^\d+\s+(\w+)\(', line)
        if not m or m.group(1) not in calls or 'resumed>' in line:
            continue
        counts['process'][m.group(1)] += 1
        area = re.search(r'imagepipeline-bench-\w+/([^/">]+)/', line.split(' = ')[0])
        if area:
            counts[area.group(1) + '/'][m.group(1)] += 1
    return counts
c1, c2 = count(n1), count(n2)
d = n2 - n1
areas = ['process'] + sorted(a for a in c2 if a != 'process')
print(f"per generation, ({n2} - {n1}) / {d}:")
print(f"{'syscall':<10}" + ''.join(f"{a:>13}" for a in areas))
for c in calls:
    print(f"{c:<10}" + ''.join(f"{(c2[a][c]-c1[a][c])/d:>13.2f}" for a in areas))
PY
rm -rf "$out"
