#!/usr/bin/env bash
# File operations of one generation through the embedded runtime, counted by strace: runs `journal-ops` with N1 and N2
# generations (same warm-up) and prints (count(N2) - count(N1)) / (N2 - N1) per system call, for the whole process and
# for the workflow runtime's folder alone (runtime/: journals, completed records, lock). Machine-independent.
# Usage: tests/ImagePipeline.Benchmarks/count-file-operations.sh [data parent folder, e.g. /dev/shm] [N1] [N2]
# (build first: dotnet build tests/ImagePipeline.Benchmarks -c Release)
set -euo pipefail
cd "$(dirname "$0")/../.."
parent="${1:-${TMPDIR:-/tmp}}"; n1="${2:-200}"; n2="${3:-400}"
dll=tests/ImagePipeline.Benchmarks/bin/Release/net10.0/ImagePipeline.Benchmarks.dll
calls=openat,pwrite64,write,flock,unlink,rename,fsync,fdatasync
out="$(mktemp -d)"
for n in "$n1" "$n2"; do
  strace -f -y -qq -o "$out/trace.$n" -e trace="$calls" dotnet "$dll" journal-ops "$n" "$parent"
done
python3 - "$out" "$n1" "$n2" "$calls" <<'PY'
import re, sys
out, n1, n2, calls = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4].split(',')
def count(n):
    total, runtime = {c: 0 for c in calls}, {c: 0 for c in calls}
    for line in open(f"{out}/trace.{n}"):
        m = re.match(r'^\d+\s+(\w+)\(', line)
        if not m or m.group(1) not in total or 'resumed>' in line:
            continue
        total[m.group(1)] += 1
        if '/runtime/' in line.split(')')[0] or '/runtime/' in line.split(' = ')[0]:
            runtime[m.group(1)] += 1
    return total, runtime
(t1, r1), (t2, r2) = count(n1), count(n2)
d = n2 - n1
print(f"per generation, ({n2} - {n1}) / {d}:")
print(f"{'syscall':<10} {'process':>8} {'runtime/':>9}")
for c in calls:
    print(f"{c:<10} {(t2[c]-t1[c])/d:>8.2f} {(r2[c]-r1[c])/d:>9.2f}")
PY
rm -rf "$out"
