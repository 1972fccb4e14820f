# The table compare.sh prints, from its raw JSON lines (slurped): one row per run, then the medians per system and
# worker state. ratio: the run's rate over the median rate of BullMQ's successful runs. "burst": CPU over the
# measured burst as the bench tool reports it; "run": over the whole bench command, warm-up included, per delivery
# the receiver saw (compare.sh's own /proc and INFO cpu readings).

def median: sort | if length == 0 then null elif length % 2 == 1 then .[(length - 1) / 2]
  else (.[length / 2 - 1] + .[length / 2]) / 2 end;
def fixed($digits): if . == null or . < 0 then "-"
  elif $digits == 0 then round | tostring
  else (. * pow(10; $digits) | round) as $scaled | pow(10; $digits) as $unit
    | ($scaled % $unit | tostring) as $fraction
    | "\(($scaled - $scaled % $unit) / $unit).\("0" * ($digits - ($fraction | length)) // "")\($fraction)" end;
def right($width): tostring | if length >= $width then . else (" " * ($width - length)) + . end;
def left($width): tostring | if length >= $width then . else . + (" " * ($width - length)) end;
def per_message($seconds; $messages): if $seconds == null or $seconds < 0 then null else $seconds * 1e6 / $messages end;
def ratio($rate; $base): if $rate == null or $base == null then null else $rate / $base end;

(map(select(.kind == "setup")) | first) as $setup
| map(select(.kind == "run")) as $runs
| ([$runs[] | select(.system == "bullmq" and .ok) | .ratePerSecond] | median) as $base
| [ "Side by side on one receiver: \($setup.messages) messages per run, \($setup.cores) cores, load average at each"
    + " run's start in the last column. Not a result unless the machine was quiet.",
    "",
    ([("system" | left(9)), ("state" | left(6)), ("round" | right(5)), ("deliveries/s" | right(13)),
      ("ratio" | right(6)), ("recv us/del burst" | right(18)), ("run" | right(6)), ("redis us/del burst" | right(19)),
      ("run" | right(6)), ("load" | right(6)), "  result"] | join(" ")),
    ($runs[] | [(.system | left(9)), (.workerState | left(6)), (.round | right(5)),
      (.ratePerSecond | fixed(0) | right(13)), (ratio(.ratePerSecond; $base) | fixed(2) | right(6)),
      (per_message(.tool.receiverCpuSeconds; .messages) | fixed(0) | right(18)),
      (.receiverMicrosPerDelivery | fixed(0) | right(6)),
      (per_message(.tool.redisCpuSeconds; .messages) | fixed(0) | right(19)),
      (.redisMicrosPerDelivery | fixed(0) | right(6)), (.loadAverage | fixed(2) | right(6)),
      (if .ok then "  ok" else "  FAILED (exit \(.exitCode), \(.receiver.uniqueIds) of \(.warmup + .messages) ids)" end)]
      | join(" ")),
    "",
    "medians of the successful runs:",
    ($runs | group_by([.system, .workerState])[] | map(select(.ok)) as $ok | select($ok | length > 0)
      | ([$ok[].ratePerSecond] | median) as $rate
      | "  \($ok[0].system | left(9)) \($ok[0].workerState | left(6)) \($rate | fixed(0) | right(8)) deliveries/s,"
        + " ratio \(ratio($rate; $base) | fixed(2)), \($ok | length) run(s)")
  ]
| .[]
