// The engine's cache of parsed and validated documents: a document answers the same whether it is new or
// cached (valid, unparsable, invalid, too deep, with or without an operation name), callers never share a
// cached answer, and the cache keeps one entry per document text, within its bounds.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { AuthContext } from '../../infra/local/appsync/auth.ts';
import { Engine } from '../../infra/local/appsync/engine.ts';
import { TextKeyedCache } from '../../infra/local/appsync/lru.ts';
import { selectionInfo, selectionSetGraphQL, selectionSetList, type Fragments } from '../../infra/local/appsync/selection.ts';
import { Kind, parse, type FieldNode, type OperationDefinitionNode } from 'graphql';
import { ResolverExecutor } from '../../infra/local/appsync/runtime/executor.ts';
import { TEST_SCHEMA } from '../fixtures/appsync/schema.ts';

const BUILTINS = readFileSync(new URL('../../infra/appsync-builtins.graphql', import.meta.url), 'utf8');
const log = () => {};
const engine = () => new Engine(BUILTINS, TEST_SCHEMA, new Map(), new ResolverExecutor(new Map(), log), 3, log);
const admin: AuthContext = { mode: 'AMAZON_COGNITO_USER_POOLS', groups: ['Admin'], identity: { sub: 'u1' } };

const DOCUMENTS = {
  valid: 'query A { adminOnly } query B { readers }',
  unparsable: 'query { adminOnly',
  unknownField: '{ getItem(id: "1") { id nope } }',
  missingArgument: '{ getItem { id } }',
  atDepthLimit: '{ deep { owner { name } } getItem(id: "1") { owner { name } } }',
  deeper: '{ getItem(id: "1") { owner { name } } listItems { items { owner { name } } } }',
};

describe('document cache', () => {
  it('answers every document the same, first time and cached, as an engine that never saw it', async () => {
    const warm = engine();
    for (const [name, query] of Object.entries(DOCUMENTS)) {
      for (const operationName of [undefined, 'A', 'B', 'C']) {
        const req = { query, operationName };
        const first = await warm.execute(req, admin, {});
        const again = await warm.execute(req, admin, {});
        const fresh = await engine().execute(req, admin, {});
        expect(again, `${name} ${operationName}`).toEqual(first);
        expect(fresh, `${name} ${operationName}`).toEqual(first);
      }
    }
    expect(warm.documents.size).toBe(Object.keys(DOCUMENTS).length);
  });

  it('tells which answers are errors, and which operation ran', async () => {
    const e = engine();
    expect((await e.execute({ query: DOCUMENTS.unparsable }, admin, {})).errors).toEqual([
      expect.objectContaining({ errorType: 'ValidationError', message: expect.stringMatching(/^Syntax Error/), locations: [{ line: 1, column: 18, sourceName: null }] }),
    ]);
    expect((await e.execute({ query: DOCUMENTS.unknownField }, admin, {})).errors).toEqual([
      expect.objectContaining({ errorType: 'ValidationError', message: expect.stringMatching(/^Cannot query field "nope" on type "Item"\./) }),
    ]);
    expect((await e.execute({ query: DOCUMENTS.deeper }, admin, {})).errors).toEqual([
      expect.objectContaining({ errorType: 'ValidationError', message: expect.stringMatching(/^Query depth limit of 3 exceeded/) }),
    ]);
    expect((await e.execute({ query: DOCUMENTS.valid }, admin, {})).errors).toEqual([
      expect.objectContaining({ errorType: 'ValidationError', message: 'Unknown or ambiguous operation name.' }),
    ]);
    expect(await e.execute({ query: DOCUMENTS.valid, operationName: 'A' }, admin, {})).toEqual({ data: { adminOnly: null } });
    expect(await e.execute({ query: DOCUMENTS.valid, operationName: 'B' }, admin, {})).toEqual({ data: { readers: null } });
  });

  it('hands each caller its own copy of a cached error answer', async () => {
    const e = engine();
    const first = await e.execute({ query: DOCUMENTS.unknownField }, admin, {});
    const errors = first.errors as Array<Record<string, unknown>>;
    errors[0].message = 'changed by a caller';
    errors.push({ message: 'added by a caller' });
    const again = await e.execute({ query: DOCUMENTS.unknownField }, admin, {});
    expect(again).toEqual(await engine().execute({ query: DOCUMENTS.unknownField }, admin, {}));
  });

  it('still refuses a missing query without caching anything', async () => {
    const e = engine();
    for (const query of [undefined, '', '   ', 42]) {
      expect((await e.execute({ query }, admin, {})).errors).toEqual([
        expect.objectContaining({ errorType: 'MalformedHttpRequestException', message: 'Invalid request: the query is missing.' }),
      ]);
    }
    expect(e.documents.size).toBe(0);
  });
});

describe('ctx.info of a field met again', () => {
  const doc = parse(`query Q($on: Boolean!) {
    plain: listItems { items { id ...F } nextToken }
    cond: listItems { items { id name @include(if: $on) } }
    viaFragment: listItems { items { ...G } }
  }
  fragment F on Item { name owner { name } }
  fragment G on Item { id tags @skip(if: $on) }`);
  const fragments: Fragments = Object.fromEntries(doc.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d]] : [])));
  const fields = (doc.definitions[0] as OperationDefinitionNode).selectionSet.selections as FieldNode[];

  it('is what computing it afresh gives, for any variables, in a list of its own', () => {
    for (const on of [true, false, true]) {
      for (const f of fields) {
        const info = selectionInfo([f], fragments, { on });
        expect(info).toEqual({ selectionSetList: selectionSetList([f], fragments, { on }), selectionSetGraphQL: selectionSetGraphQL([f]) });
        info.selectionSetList.push('changed by a resolver');
      }
    }
    expect(selectionInfo([fields[1]], fragments, { on: false }).selectionSetList).toEqual(['items', 'items/id']);
    expect(selectionInfo([fields[2]], fragments, { on: true }).selectionSetList).toEqual(['items', 'items/id']);
  });
});

describe('TextKeyedCache', () => {
  it('keeps at most maxEntries, dropping the least recently used', () => {
    const c = new TextKeyedCache<number>(2, 1000);
    c.set('a', 1);
    c.set('b', 2);
    expect(c.get('a')).toBe(1); // a is now the most recent
    c.set('c', 3);
    expect([c.get('a'), c.get('b'), c.get('c'), c.size]).toEqual([1, undefined, 3, 2]);
  });

  it('keeps keys within maxChars, and never a key longer than a tenth of it', () => {
    const c = new TextKeyedCache<number>(100, 100);
    c.set('x'.repeat(11), 1);
    expect(c.size).toBe(0);
    for (let i = 0; i < 20; i++) c.set(`k${String(i).padStart(9, '0')}`, i);
    expect(c.size).toBe(10);
    expect(c.get('k000000019')).toBe(19);
    expect(c.get('k000000000')).toBeUndefined();
    c.set('k000000019', 20); // replacing a key does not count it twice
    c.delete('k000000018');
    expect(c.size).toBe(9);
  });
});
