import { parseArgs } from 'node:util';
import { SpecError, parseSpecText, type OpenApiDocument } from '../openapi/load.js';
import type { Finding } from '../drift/finding.js';
import { driftFindings } from '../drift/gate.js';
import { GenerationError } from '../drift/generate.js';
import { GitError, readSpecTextsAt, resolveBaseRef } from '../drift/git.js';
import { OUTPUT_FORMATS, formatFindings, isOutputFormat, summarise } from '../drift/format.js';
import { lineOfPointer } from '../drift/lines.js';
import { allRules } from '../drift/rules/index.js';
import { SPEC_DIR, listGeneratedFiles, listSpecFiles, readText } from '../drift/workspace.js';
import { UsageError, writeLine, type CommandIO } from './io.js';

const usage = `usage: coupon-contracts drift [--base GIT_REF] [--format ${OUTPUT_FORMATS.join('|')}]

Fails (exit 1) when generated/ is not what spec/ generates, or when a spec in spec/ breaks
compatibility with its version at the base ref (default: origin/main if it exists, else HEAD).
Prints one finding per line; compatible changes are listed as (info). Exit 2: bad input.

breaking-change rules:
${allRules.map((r) => `  ${r.id.padEnd(42)}${r.summary}`).join('\n')}`;

export async function runDrift(argv: string[], io: CommandIO): Promise<number> {
  try {
    return await drift(argv, io);
  } catch (error) {
    if (error instanceof UsageError || error instanceof SpecError || error instanceof GenerationError || error instanceof GitError) {
      writeLine(io.stderr, `coupon-contracts drift: ${error.message}`);
      return 2;
    }
    throw error;
  }
}

async function drift(argv: string[], io: CommandIO): Promise<number> {
  const { base: requestedBase, format = 'text', help } = parseOptions(argv);
  if (help) {
    writeLine(io.stdout, usage);
    return 0;
  }
  if (!isOutputFormat(format)) throw new UsageError(`unknown --format '${format}' (expected ${OUTPUT_FORMATS.join(', ')})`);

  const root = io.cwd;
  const base = resolveBaseRef(root, requestedBase);
  const specFiles = listSpecFiles(root);
  if (specFiles.length === 0) throw new UsageError(`no ${SPEC_DIR}/*.yaml in ${root}`);

  const currentTexts = new Map(specFiles.map((file) => [file, readText(root, file)]));
  const baseTexts = readSpecTextsAt(root, base, SPEC_DIR, /\.ya?ml$/);
  const findings = await driftFindings({
    current: parseAll(currentTexts, (file) => file),
    base: parseAll(baseTexts, (file) => `${base}:${file}`),
    generated: new Map(listGeneratedFiles(root).map((file) => [file, readText(root, file)])),
  });
  const located = findings.map((finding) => withLine(finding, currentTexts));

  const summary = summarise(located, base);
  const output = formatFindings(located, summary, format);
  if (output !== '') writeLine(io.stdout, output);
  if (format !== 'json') writeLine(io.stderr, `drift against ${base}: ${summary.breaking} breaking, ${summary.info} compatible`);
  return summary.ok ? 0 : 1;
}

function parseOptions(argv: string[]): { base?: string; format?: string; help?: boolean } {
  try {
    return parseArgs({
      args: argv,
      options: { base: { type: 'string' }, format: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0] ?? 'bad arguments');
  }
}

function parseAll(texts: ReadonlyMap<string, string>, label: (file: string) => string): Map<string, OpenApiDocument> {
  return new Map([...texts].map(([file, text]) => [file, parseSpecText(text, label(file))]));
}

/** Adds the line an annotation belongs on, for findings about a spec in the working tree. */
function withLine(finding: Finding, specTexts: ReadonlyMap<string, string>): Finding {
  const text = specTexts.get(finding.file);
  if (finding.line !== undefined || text === undefined || finding.location === undefined) return finding;
  const line = lineOfPointer(text, finding.location);
  return line === undefined ? finding : { ...finding, line };
}
