// PrepAI sandbox harness for JavaScript. Started as: node harness.js JOB_FD RESULT_FD
// JOB_FD: job (JSON: secret, function, source, tests) -- read, then closed.
// RESULT_FD: result channel; records are "<secret> <json>\n".
// Candidate stdout/stderr are the process's own and are only captured, never parsed.
'use strict';
const fs = require('fs');
const vm = require('vm');
const { performance } = require('perf_hooks');
const { createRequire } = require('module');

const jobFd = Number(process.argv[2]);
const out = Number(process.argv[3]);
const job = JSON.parse(fs.readFileSync(jobFd, 'utf8'));
fs.closeSync(jobFd);
const secret = job.secret;

function emit(record) {
  const data = Buffer.from(secret + ' ' + JSON.stringify(record) + '\n', 'utf8');
  let off = 0;
  while (off < data.length) off += fs.writeSync(out, data, off, data.length - off);
}

function plain(value) {
  const seen = new Set();
  const conv = (v, depth) => {
    if (depth > 200) throw new Error('return value is nested too deeply');
    if (v === undefined || v === null) return null;
    if (typeof v === 'number') {
      if (Number.isNaN(v)) return 'NaN';
      if (!Number.isFinite(v)) return v > 0 ? 'Infinity' : '-Infinity';
      return v;
    }
    if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
    if (typeof v === 'string' || typeof v === 'boolean') return v;
    if (typeof v === 'function' || typeof v === 'symbol') return String(v);
    if (seen.has(v)) throw new Error('return value contains a cycle');
    seen.add(v);
    let r;
    if (Array.isArray(v) || ArrayBuffer.isView(v)) r = Array.from(v, (x) => conv(x, depth + 1));
    else if (v instanceof Set) r = Array.from(v, (x) => conv(x, depth + 1));
    else if (v instanceof Map) {
      r = {};
      for (const [k, x] of v) r[typeof k === 'string' ? k : JSON.stringify(conv(k, depth + 1))] = conv(x, depth + 1);
    } else {
      r = {};
      for (const k of Object.keys(v)) r[k] = conv(v[k], depth + 1);
    }
    seen.delete(v);
    return r;
  };
  return conv(value, 0);
}

function describe(err) {
  if (!(err instanceof Error) && !(err && typeof err === 'object' && 'stack' in err)) {
    return 'Uncaught ' + String(err);
  }
  const head = String(err.name || 'Error') + ': ' + String(err.message);
  const m = /solution\.js:(\d+)/.exec(String(err.stack || ''));
  return head + (m ? ' (solution.js, line ' + m[1] + ')' : '');
}

function kind(err) {
  if (err && (err.code === 'EFBIG' || err.code === 'ENOSPC' || err.code === 'EDQUOT')) return 'output';
  if (err instanceof RangeError && /allocation failed|out of memory/i.test(String(err.message))) return 'memory';
  return 'runtime';
}

async function main() {
  // Make candidate output go straight to the captured pipes (node would otherwise queue it in
  // memory when the pipe is full), so output limits see it as it is produced.
  for (const stream of [process.stdout, process.stderr]) {
    if (stream._handle && typeof stream._handle.setBlocking === 'function') stream._handle.setBlocking(true);
  }
  emit({ t: 'ready' });
  const name = job.function;
  const source = fs.readFileSync(job.source, 'utf8');
  let wrapper;
  try {
    wrapper = vm.compileFunction(
      source + '\n;return [typeof ' + name + " === 'function' ? " + name +
        " : undefined, typeof Solution === 'function' ? Solution : undefined];",
      ['module', 'exports', 'require'],
      { filename: 'solution.js' },
    );
  } catch (err) {
    emit({ t: 'load', ok: false, kind: 'compile', error: describe(err) });
    return;
  }
  const mod = { exports: {} };
  let fn;
  try {
    const [direct, Solution] = wrapper(mod, mod.exports, createRequire(job.source));
    fn = direct;
    if (typeof fn !== 'function' && typeof mod.exports === 'function' && mod.exports.name === name) fn = mod.exports;
    if (typeof fn !== 'function' && mod.exports && typeof mod.exports[name] === 'function') fn = mod.exports[name];
    if (typeof fn !== 'function' && Solution && typeof Solution.prototype[name] === 'function') {
      const inst = new Solution();
      fn = inst[name].bind(inst);
    }
  } catch (err) {
    emit({ t: 'load', ok: false, kind: kind(err), error: describe(err) });
    return;
  }
  if (typeof fn !== 'function') {
    emit({ t: 'load', ok: false, kind: 'runtime', error: 'ReferenceError: function `' + name + '` is not defined in solution.js' });
    return;
  }
  emit({ t: 'load', ok: true });
  const spread = fn.length >= 2;
  for (let i = 0; i < job.tests.length; i++) {
    const test = job.tests[i];
    const args = 'args' in test ? test.args : (Array.isArray(test.input) && spread ? test.input : [test.input]);
    const start = performance.now();
    let record;
    try {
      let result = fn(...args);
      if (result && typeof result.then === 'function') result = await result;
      const ms = performance.now() - start;
      try {
        record = { t: 'test', i, ok: true, value: plain(result), ms };
      } catch (err) {
        record = { t: 'test', i, ok: false, kind: 'runtime', ms, error: 'cannot convert the return value to JSON: ' + err.message };
      }
    } catch (err) {
      record = { t: 'test', i, ok: false, kind: kind(err), error: describe(err), ms: performance.now() - start };
    }
    emit(record);
  }
  emit({ t: 'done' });
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write('harness failure: ' + String(err && err.stack) + '\n');
    process.exit(70);
  },
);
