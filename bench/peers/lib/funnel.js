'use strict';
// The host side of the rules-engine peers (JsonLogic, CEL, json-rules-engine, Zen).
// A rules engine answers conditions; what a policy does with the answers (weights and
// pass rules of the qualifications, the stage ladder, the first transition that fires)
// is this one function, shared by those four peers so they differ only in their engine.
// The hand-written reference (reference.js) does not use it: it is written apart, from
// the language spec, as the independent check.
//
// Each engine evaluates the 23 conditions below, in this order, every one a condition
// that "holds" (is true; not set counts as not holding, as in sluice). The engines
// cannot all compute days_since(), so `prepare` gives every one of them the same
// precomputed `days_since_last_activity` (whole days, rounded down; null when not set).

const CONDITIONS = [
  // std/bant: budget, authority, need, timeline (weight 1 each; pass when at least 3)
  'bant_budget', 'bant_authority', 'bant_need', 'bant_timeline',
  // std/meddic (weights 20 20 15 15 15 15; pass when score >= 70)
  'meddic_metrics', 'meddic_economic_buyer', 'meddic_decision_criteria',
  'meddic_decision_process', 'meddic_identify_pain', 'meddic_champion',
  // stage entries (Anonymous has none: always holds), MQL's exit, and Opportunity's
  // entry without its `passes BANT`, which is taken from the BANT just scored
  'entry_known', 'entry_responded', 'entry_mql', 'exit_mql', 'entry_sal', 'entry_sql',
  'entry_opportunity_meeting', 'entry_won', 'entry_lost', 'entry_no_decision',
  // transitions, in the order written
  'when_competitor', 'when_went_quiet', 'when_re_engaged',
];
const C = Object.fromEntries(CONDITIONS.map((name, i) => [name, i]));

const MAIN = ['Anonymous', 'Known', 'Responded', 'MQL', 'SAL', 'SQL', 'Opportunity', 'Won', 'Lost', 'NoDecision'];
const RANK = Object.fromEntries(MAIN.map((name, i) => [name, i]));
const TERMINAL = new Set(['Won', 'Lost', 'NoDecision']);
const SIDE = new Set(['Disqualified', 'Recycled']);
const MEDDIC_WEIGHTS = [20, 20, 15, 15, 15, 15];

const DAY_MS = 86400000;

// The as-of instant (midnight UTC of the date) in milliseconds.
function asOfMillis(asOf) {
  return Date.parse(`${asOf}T00:00:00Z`);
}

// days_since(last_activity_at): a date without a time is midnight UTC.
function prepare(record, asOfMs) {
  const last = record.last_activity_at;
  record.days_since_last_activity =
    last === undefined || last === null ? null : Math.floor((asOfMs - Date.parse(last)) / DAY_MS);
  return record;
}

// `holds` is indexed by CONDITIONS; `current` is the record's stage field (undefined or
// null when not set). Returns the stage and both scorecards, or stage `error` for a
// current stage the policy does not have (sluice's data error).
function decide(current, holds) {
  let bantScore = 0;
  let bantMet = '';
  for (let i = 0; i < 4; i++) {
    bantScore += holds[i] ? 1 : 0;
    bantMet += holds[i] ? '1' : '0';
  }
  let meddicScore = 0;
  let meddicMet = '';
  for (let i = 0; i < 6; i++) {
    meddicScore += holds[4 + i] ? MEDDIC_WEIGHTS[i] : 0;
    meddicMet += holds[4 + i] ? '1' : '0';
  }
  const bant = { passed: bantScore >= 3, score: bantScore, met: bantMet };
  const meddic = { passed: meddicScore >= 70, score: meddicScore, met: meddicMet };
  return { stage: nextStage(current, holds, bant.passed), bant, meddic };
}

function nextStage(current, holds, bantPassed) {
  const hasCurrent = current !== undefined && current !== null;
  if (hasCurrent && RANK[current] === undefined && !SIDE.has(current)) return 'error';
  // Transitions: the first whose source matches and whose condition holds.
  if (holds[C.when_competitor] && !(hasCurrent && TERMINAL.has(current))) return 'Disqualified';
  if (holds[C.when_went_quiet] && (current === 'SQL' || current === 'Opportunity')) return 'Recycled';
  if (holds[C.when_re_engaged] && current === 'Recycled') return 'MQL';
  if (hasCurrent && (SIDE.has(current) || TERMINAL.has(current))) return current;
  // The most advanced main-path stage whose entry holds.
  const entry = [
    true, holds[C.entry_known], holds[C.entry_responded], holds[C.entry_mql],
    holds[C.entry_sal], holds[C.entry_sql], holds[C.entry_opportunity_meeting] && bantPassed,
    holds[C.entry_won], holds[C.entry_lost], holds[C.entry_no_decision],
  ];
  let most = MAIN.length - 1;
  while (!entry[most]) most--;
  if (!hasCurrent) return MAIN[most];
  // Forward only, and only when the current stage's exit holds (only MQL has one).
  const exitHolds = current === 'MQL' ? holds[C.exit_mql] : true;
  return most > RANK[current] && exitHolds ? MAIN[most] : current;
}

module.exports = { CONDITIONS, asOfMillis, prepare, decide };
