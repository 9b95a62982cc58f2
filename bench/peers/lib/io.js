'use strict';
// What every peer shares outside its engine: the command line, reading NDJSON in
// large blocks, writing the result lines in large blocks, and the clock. Kept apart
// from the engines so each peer's own file holds only its rules and its loop.
const fs = require('fs');

// node PEER --as-of YYYY-MM-DD --input FILE --output FILE [--records N]
function parseArgs(argv) {
  const args = { asOf: null, input: null, output: null, records: Infinity };
  for (let i = 2; i < argv.length; i += 2) {
    const value = argv[i + 1];
    if (value === undefined) usage(`option \`${argv[i]}\` needs a value`);
    switch (argv[i]) {
      case '--as-of': args.asOf = value; break;
      case '--input': args.input = value; break;
      case '--output': args.output = value; break;
      case '--records':
        if (!/^[1-9][0-9]*$/.test(value)) usage('--records takes a positive number');
        args.records = Number(value);
        break;
      default: usage(`unknown option \`${argv[i]}\``);
    }
  }
  if (!args.asOf || !args.input || !args.output) usage('--as-of, --input and --output are required');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(args.asOf)) usage('--as-of takes a date YYYY-MM-DD');
  return args;
}

function usage(message) {
  process.stderr.write(`peer: ${message}\nusage: node PEER --as-of YYYY-MM-DD --input FILE --output FILE [--records N]\n`);
  process.exit(2);
}

// The lines of an NDJSON file, at most `limit` non-empty ones, read in 8 MiB blocks.
// A block is cut after its last newline so a UTF-8 sequence is never split.
function* readLines(path, limit) {
  const fd = fs.openSync(path, 'r');
  const block = Buffer.allocUnsafe(8 << 20);
  let carry = Buffer.alloc(0);
  let count = 0;
  try {
    for (;;) {
      const got = fs.readSync(fd, block, 0, block.length, null);
      const data = got === 0 ? carry : Buffer.concat([carry, block.subarray(0, got)]);
      const cut = got === 0 ? data.length : data.lastIndexOf(10) + 1;
      const text = data.toString('utf8', 0, cut);
      carry = Buffer.from(data.subarray(cut));
      let start = 0;
      while (start < text.length) {
        let end = text.indexOf('\n', start);
        if (end < 0) end = text.length;
        if (end > start) {
          yield text.slice(start, end);
          if (++count >= limit) return;
        }
        start = end + 1;
      }
      if (got === 0) return;
    }
  } finally {
    fs.closeSync(fd);
  }
}

// Result lines gathered into one string and written in blocks of about 1 MiB.
class LineWriter {
  constructor(path) {
    this.fd = fs.openSync(path, 'w');
    this.pending = '';
  }
  write(line) {
    this.pending += line;
    if (this.pending.length >= (1 << 20)) this.flush();
  }
  flush() {
    if (this.pending.length > 0) fs.writeSync(this.fd, this.pending);
    this.pending = '';
  }
  close() {
    this.flush();
    fs.closeSync(this.fd);
  }
}

// One result line, tab-separated, the columns compare.js checks:
// id, stage, then for BANT and MEDDIC: passed (1/0), score, met mask (one 1/0 per
// criterion in declaration order).
function resultLine(id, stage, bant, meddic) {
  return `${id}\t${stage}\t${bant.passed ? 1 : 0}\t${bant.score}\t${bant.met}\t` +
    `${meddic.passed ? 1 : 0}\t${meddic.score}\t${meddic.met}\n`;
}

// The clock each peer holds around its whole loop (read, parse, evaluate, write).
function startClock() {
  const t0 = process.hrtime.bigint();
  return () => Number(process.hrtime.bigint() - t0) / 1e9;
}

function report(engine, records, seconds) {
  process.stdout.write(JSON.stringify({ engine, records, seconds }) + '\n');
}

module.exports = { parseArgs, readLines, LineWriter, resultLine, startClock, report };
