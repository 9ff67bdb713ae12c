// `npm run generate`: the same as `coupon-contracts generate`, run from the project root.
import { processIO } from '../src/cli/io.js';
import { runGenerate } from '../src/cli/generate.js';

process.exitCode = await runGenerate(process.argv.slice(2), processIO());
