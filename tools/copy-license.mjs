// npm pack runs this in a package's folder (its `prepack` script): every published package
// carries the repository's one LICENSE file, which is kept once, at the root.
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';

copyFileSync(join(import.meta.dirname, '..', 'LICENSE'), join(process.cwd(), 'LICENSE'));
