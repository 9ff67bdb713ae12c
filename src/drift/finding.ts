/** `error` fails the gate; `info` lists a compatible (additive) change. */
export type Severity = 'error' | 'info';

export interface Finding {
  severity: Severity;
  rule: string;
  /** Project-relative file the finding is about, e.g. `spec/bigcommerce.yaml`. */
  file: string;
  /**
   * JSON pointer into the file as it is now, or into the base version where something was
   * removed; '' for the whole file. Schema pointers follow the path a client sees (through
   * `$ref`s), so they name the operation and field rather than a shared component.
   */
  pointer: string;
  message: string;
  /** Pointer to the node in the current file that an annotation belongs on (after `$ref`s). */
  location?: string;
  /** 1-based line in the current file, when known. */
  line?: number;
}

export function isBreaking(finding: Finding): boolean {
  return finding.severity === 'error';
}

/** Stable order: errors first, then by file and pointer, so that output diffs cleanly. */
export function sortFindings(findings: Finding[]): Finding[] {
  const rank = (f: Finding) => (f.severity === 'error' ? 0 : 1);
  return [...findings].sort(
    (a, b) => rank(a) - rank(b) || a.file.localeCompare(b.file) || a.pointer.localeCompare(b.pointer) || a.rule.localeCompare(b.rule),
  );
}
