'use strict';
// Checks a peer's result lines (TSV of lib/io.js resultLine) against sluice eval's
// NDJSON output, field by field: id, stage, and for BANT and MEDDIC passed, score and
// the met criteria (as a mask in declaration order); a record sluice rejects must be
// stage `error` in the peer. A peer that ran on a prefix
// (--peer-records) is compared on that prefix.
//
//   node compare.js SLUICE_OUTPUT PEER_TSV [EXPECTED_RECORDS]
//
// Prints one JSON line {"agree": A, "records": N, "disagreements": D} on stdout and the
// first five disagreements on stderr; exits 1 when any record disagrees or is missing.
const { readLines } = require('./lib/io');

const BANT = ['budget', 'authority', 'need', 'timeline'];
const MEDDIC = ['metrics', 'economic_buyer', 'decision_criteria', 'decision_process', 'identify_pain', 'champion'];
const COLUMNS = ['id', 'stage', 'BANT.passed', 'BANT.score', 'BANT.met', 'MEDDIC.passed', 'MEDDIC.score', 'MEDDIC.met'];

function mask(names, met) {
  return names.map((name) => (met.includes(name) ? '1' : '0')).join('');
}

// sluice's line in the peers' columns; an error line has stage `error`.
function sluiceColumns(line) {
  const r = JSON.parse(line);
  if (r.error !== undefined || r.qualifications === undefined) return [String(r.id), 'error'];
  const b = r.qualifications.BANT;
  const m = r.qualifications.MEDDIC;
  return [r.id, r.stage, b.passed ? '1' : '0', String(b.score), mask(BANT, b.met),
    m.passed ? '1' : '0', String(m.score), mask(MEDDIC, m.met)];
}

function main() {
  const [sluicePath, peerPath, expectedArg] = process.argv.slice(2);
  if (!sluicePath || !peerPath || (expectedArg !== undefined && !/^[0-9]+$/.test(expectedArg))) {
    process.stderr.write('usage: node compare.js SLUICE_OUTPUT PEER_TSV [EXPECTED_RECORDS]\n');
    process.exit(2);
  }
  const peerLines = readLines(peerPath, Infinity);
  let records = 0;
  let agree = 0;
  const examples = [];
  for (const line of readLines(sluicePath, Infinity)) {
    const next = peerLines.next();
    if (next.done) break;
    records++;
    const want = sluiceColumns(line);
    const got = next.value.split('\t');
    // An error record is compared on id and stage only (the peers' scorecards of a
    // record sluice rejects mean nothing).
    const compared = want[1] === 'error' ? 2 : COLUMNS.length;
    const differing = COLUMNS.filter((_, i) => i < compared && want[i] !== got[i]);
    if (differing.length === 0) {
      agree++;
    } else if (examples.length < 5) {
      examples.push(`record ${records} (${want[0]}): ` +
        differing.map((c) => `${c} sluice \`${want[COLUMNS.indexOf(c)]}\` peer \`${got[COLUMNS.indexOf(c)]}\``).join(', '));
    }
  }
  if (!peerLines.next().done) examples.push('the peer wrote more lines than sluice');
  const expected = expectedArg === undefined ? records : Number(expectedArg);
  if (records < expected) examples.push(`only ${records} of ${expected} records compared`);
  for (const e of examples) process.stderr.write(`  ${e}\n`);
  const disagreements = Math.max(records, expected) - agree;
  process.stdout.write(JSON.stringify({ agree, records: Math.max(records, expected), disagreements }) + '\n');
  process.exit(disagreements === 0 && examples.length === 0 ? 0 : 1);
}

main();
