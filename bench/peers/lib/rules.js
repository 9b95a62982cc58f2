'use strict';
// Loads one engine's rule file (rules/<name>.json: condition name -> rule in that
// engine's language) as a list in the order of lib/funnel.js CONDITIONS, so a missing
// or extra rule is an error at start-up, not a silent disagreement.
const fs = require('fs');
const path = require('path');
const { CONDITIONS } = require('./funnel');

function loadRules(file) {
  const rules = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'rules', file), 'utf8'));
  const extra = Object.keys(rules).filter((name) => !CONDITIONS.includes(name));
  const missing = CONDITIONS.filter((name) => !(name in rules));
  if (extra.length > 0 || missing.length > 0) {
    throw new Error(`rules/${file}: missing [${missing.join(', ')}], unknown [${extra.join(', ')}]`);
  }
  return CONDITIONS.map((name) => rules[name]);
}

module.exports = { loadRules };
