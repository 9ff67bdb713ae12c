// `npm run generate`: the same as `coupon-contracts generate`, run from the project root.
import { run } from '../src/cli/generate.js';

process.exitCode = await run(process.argv.slice(2));
