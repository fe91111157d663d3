# Shared by run_bench.sh and real/run.sh (sourced): the summary row and the table layout.

# geomean COLUMN FORMAT: the geometric mean of the positive values the caller collected in
# its associative array gm[COLUMN] (space-separated), printed with FORMAT; nothing if none.
geomean() {
  # shellcheck disable=SC2086
  [ -n "${gm[$1]:-}" ] && printf '%s\n' ${gm[$1]} |
    awk -v f="$2" '$1 > 0 {s += log($1); n++} END {if (n) printf f, exp(s / n)}'
}

# geomean_row TIME_FORMAT N_COMPLETE N_PROGRAMS: the summary row's nine common cells
# (label, the three times with their slowdowns, time ratio, the three memories, memory
# ratio), from the columns nt tt rt t_x r_x r_t nm tm rm r_m of gm.
geomean_row() {
  local f=$1 label=geomean
  [ "$2" = "$3" ] || label="geomean ($2 of $3)"
  local g_nt g_tt g_rt g_tx g_rx g_rt_ratio g_nm g_tm g_rm g_rm_ratio
  g_nt=$(geomean nt "$f") g_tt=$(geomean tt "$f") g_rt=$(geomean rt "$f")
  g_tx=$(geomean t_x %.2f) g_rx=$(geomean r_x %.2f) g_rt_ratio=$(geomean r_t %.2f)
  g_nm=$(geomean nm %.1f) g_tm=$(geomean tm %.1f) g_rm=$(geomean rm %.1f) g_rm_ratio=$(geomean r_m %.2f)
  printf '%s\n' "$label|${g_nt:--}|${g_tt:--}${g_tx:+ (${g_tx}x)}|${g_rt:--}${g_rx:+ (${g_rx}x)}|${g_rt_ratio:--}|${g_nm:--}|${g_tm:--}|${g_rm:--}|${g_rm_ratio:--}"
}

# markdown_table: rows of '|'-separated cells on stdin, the first the header; prints them
# as an aligned Markdown table (first column left-aligned, the others right-aligned), so it
# reads in a terminal and pastes into a document as is.
markdown_table() {
  awk -F'|' '
  { n = NR; for (i = 1; i <= NF; i++) { cell[NR, i] = $i; if (length($i) > w[i]) w[i] = length($i) } nf = NF }
  function line(r,   i, s) {
    s = "|"
    for (i = 1; i <= nf; i++) s = s sprintf(i == 1 ? " %-*s |" : " %*s |", w[i], cell[r, i])
    return s
  }
  END {
    print line(1)
    s = "|"
    for (i = 1; i <= nf; i++) { d = ""; for (j = 0; j < w[i]; j++) d = d "-"; s = s (i == 1 ? " " d " |" : " " substr(d, 2) ": |") }
    print s
    for (r = 2; r <= n; r++) print line(r)
  }'
}
