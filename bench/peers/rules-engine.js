'use strict';
// Peer "json-rules-engine": json-rules-engine 7.3.1 holds one rule per condition of the
// policy (rules/json-rules-engine.json; each rule's event is the condition's name) and
// runs them on every record, given as the engine's facts; lib/funnel.js turns the
// events into stage and scorecards. The engine's numeric operators already fail on a
// missing fact; three operators it lacks are added: isSet, sizeAtLeast, someGreaterThan.
const { Engine } = require('json-rules-engine');
const { parseArgs, readLines, LineWriter, resultLine, startClock, report } = require('./lib/io');
const { CONDITIONS, asOfMillis, prepare, decide } = require('./lib/funnel');
const { loadRules } = require('./lib/rules');

function makeEngine() {
  const engine = new Engine([], { allowUndefinedFacts: true });
  engine.addOperator('isSet', (fact) => fact !== undefined && fact !== null);
  engine.addOperator('sizeAtLeast', (fact, n) => Array.isArray(fact) && fact.length >= n);
  engine.addOperator('someGreaterThan', (fact, { field, than }) =>
    Array.isArray(fact) && fact.some((item) => typeof item[field] === 'number' && item[field] > than));
  loadRules('json-rules-engine.json').forEach((conditions, i) => {
    engine.addRule({ name: CONDITIONS[i], conditions, event: { type: CONDITIONS[i] } });
  });
  return engine;
}

async function main() {
  const args = parseArgs(process.argv);
  const asOfMs = asOfMillis(args.asOf);
  const engine = makeEngine();
  const out = new LineWriter(args.output);
  const elapsed = startClock();
  let n = 0;
  for (const line of readLines(args.input, args.records)) {
    const record = prepare(JSON.parse(line), asOfMs);
    const { events } = await engine.run(record);
    const fired = new Set(events.map((e) => e.type));
    const d = decide(record.lifecycle_stage, CONDITIONS.map((name) => fired.has(name)));
    out.write(resultLine(record.id, d.stage, d.bant, d.meddic));
    n++;
  }
  out.close();
  report('json-rules-engine 7.3.1', n, elapsed());
}

main().catch((e) => { process.stderr.write(`json-rules-engine peer: ${e.stack}\n`); process.exit(1); });
