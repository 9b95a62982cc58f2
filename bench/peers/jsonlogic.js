'use strict';
// Peer "JsonLogic": json-logic-js 2.0.5 applies the policy's conditions, written as
// JsonLogic JSON in rules/jsonlogic.json, to every record (one apply of the array of
// rules per record); lib/funnel.js turns the answers into stage and scorecards.
const jsonLogic = require('json-logic-js');
const { parseArgs, readLines, LineWriter, resultLine, startClock, report } = require('./lib/io');
const { asOfMillis, prepare, decide } = require('./lib/funnel');
const { loadRules } = require('./lib/rules');

function main() {
  const args = parseArgs(process.argv);
  const asOfMs = asOfMillis(args.asOf);
  const rules = loadRules('jsonlogic.json');
  const out = new LineWriter(args.output);
  const elapsed = startClock();
  let n = 0;
  for (const line of readLines(args.input, args.records)) {
    const record = prepare(JSON.parse(line), asOfMs);
    const d = decide(record.lifecycle_stage, jsonLogic.apply(rules, record));
    out.write(resultLine(record.id, d.stage, d.bant, d.meddic));
    n++;
  }
  out.close();
  report('JsonLogic (json-logic-js 2.0.5)', n, elapsed());
}

main();
