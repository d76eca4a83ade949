import type { TextMatch } from '../connector/types';

/**
 * OBP's customer searches take an SQL LIKE pattern as sent: `%` any run of characters, `_` one character, and (as
 * MySQL and PostgreSQL, OBP's databases, read it) `\` makes the next character plain. Of these, an index answers a
 * pattern without wildcards (an exact value) and one whose only wildcard is a final `%` (a prefix); any other
 * pattern means reading every customer of the bank, and is undefined here.
 */
export function textMatchOf(pattern: string): TextMatch | undefined {
  let value = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\' && i + 1 < pattern.length) value += pattern[++i];
    else if (c === '%' && i === pattern.length - 1) return { value, prefix: true };
    else if (c === '%' || c === '_') return undefined;
    else value += c;
  }
  return { value, prefix: false };
}

/** What a client is told about the patterns served. */
export const PATTERNS_SERVED =
  'an exact value, or a prefix followed by one % at the end (e.g. "+44 07972%"); % or _ anywhere else cannot be ' +
  'served from an index. A \\ before % or _ makes it a plain character.';
