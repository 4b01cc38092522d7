// Enforce `gridrules export` output with stock node-casbin: no gridrules code, no tuning.
//   node enforce.js MODEL.conf POLICY.csv  < requests.jsonl  > answers.jsonl
// Each input line is a JSON array of the request fields (sub, act, matter, grid, home,
// mode, epoch); each output line is `true` or `false`, in order. A model or policy
// node-casbin refuses to load exits 3 with the error on stderr.
'use strict';
const path = require('path');
const readline = require('readline');

const modules = process.env.GRIDRULES_NODE_MODULES || path.join(__dirname, 'node_modules');
const { newEnforcer } = require(path.join(modules, 'casbin'));

async function main() {
  const [modelFile, policyFile] = process.argv.slice(2);
  let enforcer;
  try {
    enforcer = await newEnforcer(modelFile, policyFile); // stock: default role managers (10 hops)
  } catch (err) {
    process.stderr.write(`load failed: ${err && err.stack ? err.stack : err}\n`);
    process.exit(3);
  }
  const out = [];
  const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line.trim()) continue;
    out.push(enforcer.enforceSync(...JSON.parse(line)) ? 'true' : 'false');
    if (out.length >= 4096) {
      process.stdout.write(out.join('\n') + '\n');
      out.length = 0;
    }
  }
  if (out.length) process.stdout.write(out.join('\n') + '\n');
}

main().catch((err) => {
  process.stderr.write(`${err && err.stack ? err.stack : err}\n`);
  process.exit(4);
});
