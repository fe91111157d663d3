# shellcheck shell=bash
# Shared by run_bench.sh and real/run.sh (sourced) for their statistics modes
# (BENCH_STATS=1, --stats): how many checks each elision rule of the pass removed, in the
# code (the pass's statistics, -save-stats) and at run time (-racelight-count-checks).
# Needs markdown_table from table.sh.

# The flags that make a Racelight build collect both: the pass's statistics of each object
# (SAVE is obj, next to the object file, or cwd, for builds that compile and link in one
# step, where obj saves nothing), and the run-time counters. The switch goes through
# -Xclang, to the compiler proper only: build systems also pass CFLAGS when they assemble .S
# files (zstd), and the assembler, which never loads the plugin, rejects an -mllvm option it
# does not know.
check_stats_cflags() {  # check_stats_cflags obj|cwd
  echo "-save-stats=$1 -Xclang -mllvm -Xclang -racelight-count-checks"
}

# sum_static_stats DIR: the Racelight statistics of every *.stats file under DIR, summed, as
# "NAME VALUE" lines (NAME without the "racelight." prefix). CMake's scratch projects
# (compiler checks) are left out.
sum_static_stats() {
  find "$1" -name '*.stats' -type f -not -path '*/CMakeFiles/CMakeScratch/*' \
    -not -path '*/CMakeFiles/CMakeTmp/*' -print0 2>/dev/null |
    xargs -0 -r cat |
    awk -F'"' '$2 ~ /^racelight\./ { v = $3; gsub(/[^0-9]/, "", v); s[substr($2, 11)] += v }
               END { for (k in s) print k, s[k] }'
}

# sum_check_counts FILE...: the check counts the runtime printed (check_counts_path) in FILEs,
# summed over all the processes' blocks, as "KEY VALUE" lines.
sum_check_counts() {
  cat "$@" 2>/dev/null |
    awk '$1 == "racelight:" && $2 ~ /^(executed|removed)\./ { s[$2] += $3 }
         END { for (k in s) print k, s[k] }'
}

# check_stats_table STATIC COUNTS: the table of one program, from the outputs of
# sum_static_stats (file STATIC) and sum_check_counts (file COUNTS), then one summary line.
check_stats_table() {
  awk -v static_file="$1" -v counts_file="$2" '
    BEGIN {
      while ((getline l < static_file) > 0) { split(l, f, " "); st[f[1]] = f[2] }
      while ((getline l < counts_file) > 0) { split(l, f, " "); ex[f[1]] = f[2] }
      row("(a) stack slot that does not escape", st["NumElidedNonEscapingAlloca"], ex["removed.a.nonescaping_alloca"])
      row("(b) read-only memory", st["NumElidedReadOnly"], ex["removed.b.read_only"])
      row("(c) Racelight'"'"'s own tables", st["NumElidedOwnGlobal"], ex["removed.c.own_global"])
      row("(d) leaf function: entry/exit pairs", st["NumElidedLeafFunctions"], ex["removed.d.leaf_function"])
      row("(e) redundant in the epoch", st["NumElidedRedundant"], ex["removed.e.redundant"])
      row("(f) loop coalescing: accesses replaced", st["NumCoalescedAccesses"], ex["removed.f.loop_coalesced"])
      row("(g) heap block that does not escape", st["NumElidedThreadLocalHeap"], ex["removed.g.thread_local_heap"])
      row("(h) read a later write of the block covers", st["NumElidedReadBeforeWrite"], ex["removed.h.read_before_write"])
      removed_st = st["NumElidedNonEscapingAlloca"] + st["NumElidedReadOnly"] + st["NumElidedOwnGlobal"] + st["NumElidedRedundant"] + st["NumCoalescedAccesses"] + st["NumElidedThreadLocalHeap"] + st["NumElidedReadBeforeWrite"]
      removed_ex = ex["removed.a.nonescaping_alloca"] + ex["removed.b.read_only"] + ex["removed.c.own_global"] + ex["removed.e.redundant"] + ex["removed.f.loop_coalesced"] + ex["removed.g.thread_local_heap"] + ex["removed.h.read_before_write"]
      row("**accesses removed, (a)-(c), (e)-(h)**", removed_st, removed_ex)
      single_st = st["NumInstrumentedReads"] + st["NumInstrumentedWrites"]
      row("checks kept: accesses checked one by one", single_st, ex["executed.access_checks"])
      range_st = st["NumCoalescedRangeChecks"] + st["NumCoalescedLastIterationChecks"]
      range_ex = ex["executed.loop_range_checks"] + ex["executed.loop_last_iteration_checks"]
      row("checks added by (f): loop ranges and last iterations", range_st, range_ex)
      row("memcpy/memmove/memset checks (static: calls)", st["NumInstrumentedMemOps"], ex["executed.memory_op_checks"])
      row("atomics bracketed", st["NumInstrumentedAtomics"], ex["executed.atomics"])
      total_st = single_st + range_st + st["NumInstrumentedMemOps"] + st["NumInstrumentedAtomics"]
      total_ex = ex["executed.access_checks"] + range_ex + ex["executed.memory_op_checks"] + ex["executed.atomics"]
      row("**checks, all kinds**", total_st, total_ex)
      row("function entries (frames kept)", st["NumFunctionsWithEntryExit"], ex["executed.function_entries"])
      exit
    }
    function row(label, s, e) { printf "%s|%d|%d\n", label, s, e }' |
    { echo "rule|static (in the code)|executed (at run time)"; cat; } | markdown_table
  awk -v counts_file="$2" '
    BEGIN {
      while ((getline l < counts_file) > 0) { split(l, f, " "); ex[f[1]] = f[2] }
      removed = ex["removed.a.nonescaping_alloca"] + ex["removed.b.read_only"] + ex["removed.c.own_global"] + ex["removed.e.redundant"] + ex["removed.f.loop_coalesced"] + ex["removed.g.thread_local_heap"] + ex["removed.h.read_before_write"]
      kept = ex["executed.access_checks"] + ex["executed.loop_last_iteration_checks"]
      if (removed + kept > 0)
        printf "executed: %d of %d accesses not checked one by one (%.1f%%); %d range checks of coalesced loops in their place\n", removed, removed + kept, 100 * removed / (removed + kept), ex["executed.loop_range_checks"]
    }'
}
