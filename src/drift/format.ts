import { isBreaking, type Finding } from './finding.js';

export const OUTPUT_FORMATS = ['text', 'json', 'github'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export function isOutputFormat(value: string): value is OutputFormat {
  return (OUTPUT_FORMATS as readonly string[]).includes(value);
}

export interface DriftSummary {
  base: string;
  breaking: number;
  info: number;
  ok: boolean;
}

export function summarise(findings: Finding[], base: string): DriftSummary {
  const breaking = findings.filter(isBreaking).length;
  return { base, breaking, info: findings.length - breaking, ok: breaking === 0 };
}

export function formatFindings(findings: Finding[], summary: DriftSummary, format: OutputFormat): string {
  switch (format) {
    case 'text':
      return findings.map(textLine).join('\n');
    case 'json':
      return JSON.stringify({ summary, findings }, null, 2);
    case 'github':
      return findings.map(githubAnnotation).join('\n');
  }
}

/** `spec/x.yaml#/paths/... rule-id: message`; compatible changes say `(info)` after the id. */
export function textLine(finding: Finding): string {
  const where = finding.pointer === '' ? finding.file : `${finding.file}#${finding.pointer}`;
  return `${where} ${finding.rule}${finding.severity === 'info' ? ' (info)' : ''}: ${finding.message}`;
}

/** A GitHub Actions workflow command: an error or notice annotation on the file (and line). */
export function githubAnnotation(finding: Finding): string {
  const command = isBreaking(finding) ? 'error' : 'notice';
  const properties = [`file=${escapeProperty(finding.file)}`];
  if (finding.line !== undefined) properties.push(`line=${finding.line}`);
  properties.push(`title=${escapeProperty(finding.rule)}`);
  const message = finding.pointer === '' ? finding.message : `#${finding.pointer}: ${finding.message}`;
  return `::${command} ${properties.join(',')}::${escapeData(message)}`;
}

// https://github.com/actions/toolkit/blob/main/packages/core/src/command.ts
function escapeData(value: string): string {
  return value.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
}

function escapeProperty(value: string): string {
  return escapeData(value).replaceAll(':', '%3A').replaceAll(',', '%2C');
}
