'use strict';
// Peer "node": the lead-to-revenue policy (examples/lead-to-revenue/policy.funnel with
// std/bant and std/meddic) hand-written in JavaScript from the language spec
// (/work/shared/design/language.md), not from sluice's output or code: the independent
// reference. Missing data follows the spec's three-valued logic literally: a value is
// true, false or U (not set), and a condition holds only when it is true.
const { parseArgs, readLines, LineWriter, resultLine, startClock, report } = require('./lib/io');

const U = null; // "not set"
const isSet = (v) => v !== undefined && v !== null;
const and = (a, b) => (a === false || b === false ? false : a === true && b === true ? true : U);
const or = (a, b) => (a === true || b === true ? true : a === false && b === false ? false : U);
const cmp = (a, b, op) => (isSet(a) && isSet(b) ? op(a, b) : U);
const ge = (a, b) => cmp(a, b, (x, y) => x >= y);
const gt = (a, b) => cmp(a, b, (x, y) => x > y);
const le = (a, b) => cmp(a, b, (x, y) => x <= y);
const eq = (a, b) => cmp(a, b, (x, y) => x === y);
const inList = (a, list) => (isSet(a) ? list.includes(a) : U);
const orDefault = (v, d) => (isSet(v) ? v : d);

const TARGET_INDUSTRIES = ['Software', 'Fintech', 'Healthcare IT'];
const MAIN = ['Anonymous', 'Known', 'Responded', 'MQL', 'SAL', 'SQL', 'Opportunity', 'Won', 'Lost', 'NoDecision'];
const TERMINAL = ['Won', 'Lost', 'NoDecision'];
const SIDE = ['Disqualified', 'Recycled'];

// days_since(d): whole days from d (midnight UTC when it has no time) to the as-of
// instant, rounded down; not set when d is not set.
function daysSince(d, asOfMs) {
  return isSet(d) ? Math.floor((asOfMs - Date.parse(d)) / 86400000) : U;
}

function bant(r) {
  const budget = or(orDefault(r.budget_confirmed, false), gt(r.amount, 0));
  const authority = inList(r.contact_role, ['decision_maker', 'economic_buyer']);
  const need = orDefault(r.need_identified, false);
  const timeline = le(r.timeline_days, 90);
  const met = [budget, authority, need, timeline].map((c) => c === true);
  const score = met.filter(Boolean).length;
  return { passed: score >= 3, score, met: met.map(Number).join('') };
}

function meddic(r) {
  const met = [
    orDefault(r.metrics_defined, false),
    isSet(r.economic_buyer),
    isSet(r.decision_criteria),
    isSet(r.decision_process),
    ge(r.pain_points.length, 1),
    isSet(r.champion),
  ].map((c) => c === true);
  const weights = [20, 20, 15, 15, 15, 15];
  const score = met.reduce((sum, m, i) => sum + (m ? weights[i] : 0), 0);
  return { passed: score >= 70, score, met: met.map(Number).join('') };
}

// The transitions in the order written: [may it start from the current stage, target,
// its condition]; `any` is every stage but the terminal ones.
function firedTransition(r, current, asOfMs) {
  if (!TERMINAL.includes(current) && orDefault(r.is_competitor, false) === true) return 'Disqualified';
  if ((current === 'SQL' || current === 'Opportunity') &&
      gt(daysSince(r.last_activity_at, asOfMs), 90) === true) return 'Recycled';
  if (current === 'Recycled' && ge(r.Lead_Score__c, 100) === true) return 'MQL';
  return null;
}

// The entry conditions of the main-path stages, in MAIN's order.
function entries(r, bantPassed) {
  const company = r.company || {};
  const email = isSet(r.email);
  const icpFit = and(ge(company.employees, 50), inList(company.industry, TARGET_INDUSTRIES));
  let anyHot = false;
  for (const m of r.buying_group) anyHot = or(anyHot, gt(m.lead_score, 100));
  const meetingHeld = orDefault(r.meeting_held, false);
  return [
    true,                                                          // Anonymous
    email,                                                         // Known
    and(email, ge(orDefault(r.program_successes, 0), 1)),          // Responded
    or(and(ge(r.Lead_Score__c, 100), icpFit), anyHot),             // MQL
    orDefault(r.meeting_scheduled, false),                         // SAL
    and(meetingHeld, orDefault(r.sales_sees_potential, false)),    // SQL
    and(meetingHeld, bantPassed),                                  // Opportunity
    eq(r.deal_status, 'won'),                                      // Won
    eq(r.deal_status, 'lost'),                                     // Lost
    eq(r.deal_status, 'no_decision'),                              // NoDecision
  ];
}

function stageOf(r, bantPassed, asOfMs) {
  const current = r.lifecycle_stage;
  const hasCurrent = isSet(current);
  if (hasCurrent && !MAIN.includes(current) && !SIDE.includes(current)) return 'error';
  const fired = firedTransition(r, current, asOfMs);
  if (fired !== null) return fired;
  if (hasCurrent && (SIDE.includes(current) || TERMINAL.includes(current))) return current;
  const entry = entries(r, bantPassed);
  let most = entry.length - 1;
  while (most >= 0 && entry[most] !== true) most--;
  if (!hasCurrent) return most < 0 ? 'unstaged' : MAIN[most];
  // Forward only, and only when the current stage's exit holds (MQL's is
  // meeting_scheduled; the others have none, so it is true).
  const exitHolds = current === 'MQL' ? orDefault(r.meeting_scheduled, false) === true : true;
  return most > MAIN.indexOf(current) && exitHolds ? MAIN[most] : current;
}

function main() {
  const args = parseArgs(process.argv);
  const asOfMs = Date.parse(`${args.asOf}T00:00:00Z`);
  const out = new LineWriter(args.output);
  const elapsed = startClock();
  let n = 0;
  for (const line of readLines(args.input, args.records)) {
    const r = JSON.parse(line);
    const b = bant(r);
    out.write(resultLine(r.id, stageOf(r, b.passed, asOfMs), b, meddic(r)));
    n++;
  }
  out.close();
  report('node: hand-written JavaScript', n, elapsed());
}

main();
