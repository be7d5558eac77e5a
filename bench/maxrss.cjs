/**
 * Preloaded into every process the speed benchmark measures (NODE_OPTIONS=--require …): when the
 * process exits, writes its peak resident set size in kilobytes (getrusage ru_maxrss, the figure
 * `/usr/bin/time -v` prints as "Maximum resident set size") to the file named by
 * HUASHU_BENCH_RSS_FILE. Works without root and without GNU time; costs well under a millisecond.
 */
'use strict';
const file = process.env.HUASHU_BENCH_RSS_FILE;
if (file) {
  process.on('exit', () => {
    require('node:fs').writeFileSync(file, String(process.resourceUsage().maxRSS));
  });
}
