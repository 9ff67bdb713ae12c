import { execFileSync } from 'node:child_process';

/** A git question that has no answer (not a repository, no such ref); one line. */
export class GitError extends Error {
  override readonly name = 'GitError';
}

function git(cwd: string, args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
}

function commitExists(cwd: string, ref: string): boolean {
  try {
    git(cwd, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
    return true;
  } catch {
    return false;
  }
}

/**
 * The ref to compare against: the one asked for, which must exist; else `origin/main` when the
 * clone has it (CI, feature branches), else `HEAD` (uncommitted changes on a local checkout).
 */
export function resolveBaseRef(cwd: string, requested: string | undefined): string {
  try {
    git(cwd, ['rev-parse', '--git-dir']);
  } catch {
    throw new GitError(`${cwd} is not inside a git repository; the drift gate compares specs with a git ref`);
  }
  if (requested !== undefined) {
    if (requested.startsWith('-') || !commitExists(cwd, requested)) throw new GitError(`base ref '${requested}' does not exist`);
    return requested;
  }
  if (commitExists(cwd, 'origin/main')) return 'origin/main';
  if (commitExists(cwd, 'HEAD')) return 'HEAD';
  throw new GitError('no base to compare with: neither origin/main nor HEAD exists (commit first or pass --base)');
}

/**
 * The spec files (`spec/*.yaml`, relative to `cwd`) at `ref` with their text. Paths are given to
 * git relative to `cwd` (`./`) so that the project need not be the repository's top level.
 */
export function readSpecTextsAt(cwd: string, ref: string, dir: string, pattern: RegExp): Map<string, string> {
  const listing = git(cwd, ['ls-tree', '--name-only', ref, '--', `${dir}/`]);
  const files = listing
    .split('\n')
    .filter((line) => line !== '')
    .map((path) => `${dir}/${path.slice(path.lastIndexOf('/') + 1)}`)
    .filter((file) => pattern.test(file))
    .sort();
  return new Map(files.map((file) => [file, git(cwd, ['show', `${ref}:./${file}`])]));
}
