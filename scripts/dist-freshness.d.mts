/** `built` exists and is no older than any `.ts` file below `sourceDirs`. */
export function builtIsFresh(built: string, sourceDirs: string[]): boolean;
