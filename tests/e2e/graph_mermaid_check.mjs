// node graph_mermaid_check.mjs FILE...: Mermaid's own parser over each file, offline.
// Prints "ok FILE" or "error FILE: message" per file; exit 1 when any fails.
// Run from a folder where `mermaid` and `jsdom` are installed (tests/e2e/graph.sh does).
import { readFileSync } from 'node:fs';
import { JSDOM } from 'jsdom';

// mermaid.parse() sanitizes labels with DOMPurify, which needs a DOM.
const dom = new JSDOM('<!doctype html><html><body></body></html>');
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import('mermaid');
mermaid.initialize({ startOnLoad: false });

let failed = 0;
for (const file of process.argv.slice(2)) {
  try {
    await mermaid.parse(readFileSync(file, 'utf8'));
    console.log(`ok ${file}`);
  } catch (e) {
    failed++;
    console.log(`error ${file}: ${String(e && e.message).split('\n').join(' | ')}`);
  }
}
process.exit(failed ? 1 : 0);
