// Peer "CEL": @marcbachmann/cel-js 8.0 compiles the policy's conditions, written as
// CEL in rules/cel.json over the record `r`, once into one list expression and
// evaluates it per record; lib/funnel.js turns the answers into stage and scorecards.
// CEL has no "not set": optional keys are guarded with has() and `!= null`.
import { createRequire } from 'node:module';
import { parse } from '@marcbachmann/cel-js';

const require = createRequire(import.meta.url);
const { parseArgs, readLines, LineWriter, resultLine, startClock, report } = require('./lib/io.js');
const { asOfMillis, prepare, decide } = require('./lib/funnel.js');
const { loadRules } = require('./lib/rules.js');

function main() {
  const args = parseArgs(process.argv);
  const asOfMs = asOfMillis(args.asOf);
  const program = parse(`[${loadRules('cel.json').map((e) => `(${e})`).join(', ')}]`);
  const out = new LineWriter(args.output);
  const elapsed = startClock();
  let n = 0;
  for (const line of readLines(args.input, args.records)) {
    const record = prepare(JSON.parse(line), asOfMs);
    const d = decide(record.lifecycle_stage, program({ r: record }));
    out.write(resultLine(record.id, d.stage, d.bant, d.meddic));
    n++;
  }
  out.close();
  report('CEL (@marcbachmann/cel-js 8.0)', n, elapsed());
}

main();
