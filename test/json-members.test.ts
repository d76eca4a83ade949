/**
 * The admin import's streamed reading of a JSON object (src/cli/json-members.ts): the members and array elements
 * it reports are JSON.parse's, however the text is cut into chunks, and every text JSON.parse refuses is refused.
 */
import { describe, expect, it } from 'vitest';
import { JsonMembers, JsonSyntaxError } from '../src/cli/json-members';

function read(text: string, chunkSize = Infinity) {
  const seen: unknown[] = [];
  const parser = new JsonMembers({
    member: (name, kind) => seen.push(['member', name, kind]),
    element: (name, index, value) => seen.push(['element', name, index, value]),
  });
  const bytes = Buffer.from(text, 'utf8');
  for (let at = 0; at < bytes.length; at += Math.min(chunkSize, bytes.length)) parser.write(bytes.subarray(at, at + chunkSize));
  parser.end();
  return seen;
}

/** What the reader must report for a valid object: its members, and the elements of those that are arrays. */
function expected(text: string) {
  const seen: unknown[] = [];
  for (const [name, value] of Object.entries(JSON.parse(text) as Record<string, unknown>)) {
    seen.push(['member', name, Array.isArray(value) ? 'array' : value !== null && typeof value === 'object' ? 'object' : 'other']);
    if (Array.isArray(value)) value.forEach((v, i) => seen.push(['element', name, i, v]));
  }
  return seen;
}

const VALID = [
  '{}',
  ' \n{ } \n',
  '{"a":[]}',
  '{"customers":[{"x":"a \\" } ] {","n":-1.5e3,"t":true,"z":null},[1,[2,{}]],"s",7,false]}',
  '{"esc\\u0041ped":["\\\\",  "ü€𝄞", "\\"]"], "obj":{"k":{"deep":[1,2]},"k2":"v"}, "n": 12 , "s":"x", "b":false}',
  '{"banks":[{"id":"b"}],"users":[],"accounts":{"nested":[1,2]}}',
];

describe('the streamed JSON object reader', () => {
  it('reports what JSON.parse finds, in any chunking', () => {
    for (const text of VALID) {
      for (const size of [1, 2, 3, 7, Infinity]) expect(read(text, size), `${text} in chunks of ${size}`).toEqual(expected(text));
    }
  });

  it('refuses what JSON.parse refuses, and data after the object', () => {
    const invalid = [
      '',
      '{"a":[1 2]}',
      '{"a":[1,]}',
      '{"a":[,1]}',
      '{"a" [1]}',
      '{"a":[1]',
      '{"a":[{"b":1}}',
      '{"a":[{"b":1]]}',
      '{"a":[{"b" 1}]}',
      '{"a":[tru]}',
      '{"a":[01]}',
      '{"a":1,}',
      '{a:1}',
      '{"a":{"b":1,}}',
      '{"a":{"b"}}',
      '{"a":"\u0001"}',
      '{"a":["unterminated]}',
      '{"banks":[]} {"more":1}',
      '{"customers":[{"bank_id":"b"',
    ];
    for (const text of invalid) {
      expect(() => JSON.parse(text), text).toThrow();
      for (const size of [1, 5, Infinity]) expect(() => read(text, size), `${text} in chunks of ${size}`).toThrow(JsonSyntaxError);
    }
    // Valid JSON, but not one object.
    for (const text of ['[1]', '"s"', '1']) expect(() => read(text), text).toThrow(JsonSyntaxError);
  });
});
