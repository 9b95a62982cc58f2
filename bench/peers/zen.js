'use strict';
// Peer "Zen": the GoRules Zen engine 0.54 (Rust core, prebuilt native module) runs a
// decision graph input -> expression node -> output whose expression node computes the
// policy's conditions (rules/zen.json, ZEN expression language), one output key per
// condition; lib/funnel.js turns the answers into stage and scorecards. Zen evaluates
// asynchronously on its own threads: IN_FLIGHT records are evaluated at once and their
// results written in input order.
const { ZenEngine } = require('@gorules/zen-engine');
const { parseArgs, readLines, LineWriter, resultLine, startClock, report } = require('./lib/io');
const { CONDITIONS, asOfMillis, prepare, decide } = require('./lib/funnel');
const { loadRules } = require('./lib/rules');

const IN_FLIGHT = 256;

function decisionGraph() {
  const expressions = loadRules('zen.json').map((value, i) => ({ id: `e${i}`, key: CONDITIONS[i], value }));
  const at = { x: 0, y: 0 };
  return {
    contentType: 'application/vnd.gorules.decision',
    nodes: [
      { id: 'input', type: 'inputNode', name: 'record', position: at },
      { id: 'conditions', type: 'expressionNode', name: 'conditions', position: at, content: { expressions } },
      { id: 'output', type: 'outputNode', name: 'answers', position: at },
    ],
    edges: [
      { id: 'in', type: 'edge', sourceId: 'input', targetId: 'conditions' },
      { id: 'out', type: 'edge', sourceId: 'conditions', targetId: 'output' },
    ],
  };
}

async function main() {
  const args = parseArgs(process.argv);
  const asOfMs = asOfMillis(args.asOf);
  const engine = new ZenEngine();
  const decision = engine.createDecision(decisionGraph());
  const out = new LineWriter(args.output);
  const writeResult = (record, answers) => {
    const d = decide(record.lifecycle_stage, CONDITIONS.map((name) => answers[name] === true));
    out.write(resultLine(record.id, d.stage, d.bant, d.meddic));
  };
  const elapsed = startClock();
  const window = []; // [record, promise of its answers], oldest first
  let n = 0;
  for (const line of readLines(args.input, args.records)) {
    const record = prepare(JSON.parse(line), asOfMs);
    window.push([record, decision.evaluate(record)]);
    if (window.length >= IN_FLIGHT) {
      const [oldest, answers] = window.shift();
      writeResult(oldest, (await answers).result);
    }
    n++;
  }
  for (const [record, answers] of window) writeResult(record, (await answers).result);
  out.close();
  report(`GoRules Zen engine 0.54 (${IN_FLIGHT} evaluations in flight)`, n, elapsed());
  engine.dispose();
}

main().catch((e) => { process.stderr.write(`zen peer: ${e.stack || e}\n`); process.exit(1); });
