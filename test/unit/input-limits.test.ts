// Input limits (platform/input-limits.ts): every argument and input field of schema.graphql has a
// complete limit, every rule names a real position, the generated checks (platform/generated/inputs.ts)
// are current, the wave limit is what the plan's transactions allow, and the Lambda handler wrapper
// refuses an oversized value with the documented code before the route runs.
import { readFileSync } from 'node:fs';
import { buildSchema, graphqlSync, isInputObjectType } from 'graphql';
import { AWSJSON_MAX_DEPTH, installAwsScalars } from '../../infra/local/appsync/scalars.ts';
import { describe, expect, it } from 'vitest';
import { inputShapes, plugin } from '../../infra/codegen/input-shapes.ts';
import { AppError, ERROR_STATUS } from '../../platform/errors.ts';
import { INPUT_CHECKS } from '../../platform/generated/inputs.ts';
import { checkInput, inputViolation } from '../../platform/input-check.ts';
import { MAX_WAVES, RULES, TRANSACTION_MAX_ITEMS, isComplete, limitOf } from '../../platform/input-limits.ts';
import { resolverHandler } from '../../platform/resolver-event.ts';
import { validWaves } from '../../domain/recovery-plans/validate.ts';
import { replacePlan, type StoredPlan } from '../../domain/recovery-plans/store.ts';
import { asRole, resolverEvent } from './support/events.ts';

process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';

const read = (p: string) => readFileSync(new URL(`../../${p}`, import.meta.url), 'utf8');
const schema = buildSchema(`${read('infra/appsync-builtins.graphql')}\n${read('schema.graphql')}`);
const shapes = inputShapes(schema);
const owners = { ...shapes.operations, ...shapes.inputTypes };

const refusal = (fn: () => void): AppError => {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
};

describe('the limits table', () => {
  it('gives every argument and input field of the schema a complete limit (length, size or count by its type)', () => {
    const missing: string[] = [];
    let positions = 0;
    for (const [owner, fields] of Object.entries(owners)) {
      for (const [name, p] of Object.entries(fields)) {
        positions++;
        if (!isComplete(limitOf(owner, name, p), p)) missing.push(`${owner}.${name}: ${p.type}${p.list ? ' list' : ''}`);
      }
    }
    expect(positions).toBeGreaterThan(150);
    expect(missing).toEqual([]);
  });

  it('reaches every input type from some root field', () => {
    const used = new Set(Object.values(shapes.operations).flatMap((args) => Object.values(args).filter((p) => p.kind === 'input').map((p) => p.type)));
    for (let grew = true; grew; ) {
      grew = false;
      for (const t of [...used]) {
        for (const p of Object.values(shapes.inputTypes[t])) {
          if (p.kind === 'input' && !used.has(p.type)) {
            used.add(p.type);
            grew = true;
          }
        }
      }
    }
    const inputTypes = Object.values(schema.getTypeMap()).filter((t) => isInputObjectType(t)).map((t) => t.name);
    expect(inputTypes.filter((t) => !used.has(t))).toEqual([]);
  });

  it('states rules only for positions the schema has, each answering a documented code', () => {
    const names = new Set(Object.values(owners).flatMap((f) => Object.keys(f)));
    const stale = Object.keys(RULES).filter((key) => {
      const dot = key.lastIndexOf('.');
      const [owner, name] = [key.slice(0, dot), key.slice(dot + 1)];
      return owner === '*' ? !names.has(name) : !(owners[owner] && name in owners[owner]);
    });
    expect(stale).toEqual([]);
    for (const [key, rule] of Object.entries(RULES)) if (rule.code) expect(ERROR_STATUS[rule.code], key).toBe(400);
    expect(ERROR_STATUS.INVALID_INPUT).toBe(400);
  });

  it("lists every code in the README's error table with its HTTP status", () => {
    const rows = read('README.md').split('\n').filter((l) => /^\| \d{3} \| `/.test(l));
    const documented = new Map(rows.flatMap((l) => [...l.matchAll(/`([A-Z_]+)`/g)].map((m) => [m[1], Number(l.slice(2, 5))] as const)));
    expect(Object.fromEntries(documented)).toEqual({ ...ERROR_STATUS });
  });

  it('is generated from the schema and the rules as they are now (npm run codegen)', () => {
    expect(read('platform/generated/inputs.ts')).toBe(plugin(schema));
    expect(Object.keys(INPUT_CHECKS).sort()).toEqual(Object.keys(shapes.operations).sort());
  });

  it('states the documented limits: tags as AWS allows them, ids, names, initiatedBy, waves', () => {
    const check = (op: string, field: string) => INPUT_CHECKS[op].find((c) => c.field === field);
    expect(check('Mutation.createProtectionGroup', 'serverSelectionTags.key')).toMatchObject({ maxLength: 128, code: 'INVALID_TAGS' });
    expect(check('Mutation.createProtectionGroup', 'serverSelectionTags.value')).toMatchObject({ maxLength: 256, code: 'INVALID_TAGS' });
    expect(check('Mutation.createProtectionGroup', 'serverSelectionTags')).toMatchObject({ maxItems: 50 });
    expect(check('Mutation.createProtectionGroup', 'sourceServerIds')).toMatchObject({ maxItems: 95, code: 'INVALID_SERVERS' });
    expect(check('Mutation.createProtectionGroup', 'name')).toMatchObject({ maxLength: 64, code: 'INVALID_NAME' });
    expect(check('Query.getProtectionGroup', 'id')).toMatchObject({ maxLength: 256, code: 'INVALID_INPUT' });
    expect(check('Mutation.startExecution', 'initiatedBy')).toMatchObject({ maxLength: 256 });
    expect(check('Mutation.startExecution', 'invocationDetails')?.json).toBeDefined();
    expect(check('Mutation.createRecoveryPlan', 'waves')).toMatchObject({ maxItems: MAX_WAVES, code: 'INVALID_WAVE_DATA' });
    expect(check('Mutation.updateRecoveryPlan', 'waves')).toMatchObject({ maxItems: MAX_WAVES, code: 'INVALID_WAVE_DATA' });
  });

  it('allows the waves the plan transactions fit: create 3 + 2n, delete 5 + 2n actions of 100', () => {
    expect(MAX_WAVES).toBe(47);
    expect(5 + 2 * MAX_WAVES).toBeLessThanOrEqual(TRANSACTION_MAX_ITEMS);
    expect(5 + 2 * (MAX_WAVES + 1)).toBeGreaterThan(TRANSACTION_MAX_ITEMS);
    // An execution locks the plan and each group: 2 + n.
    expect(2 + MAX_WAVES).toBeLessThanOrEqual(TRANSACTION_MAX_ITEMS);
  });
});

describe('checkInput', () => {
  const wave = (n: number) => ({ waveNumber: n, name: `W${n}`, protectionGroupId: `g-${n}` });
  const waves = (n: number) => Array.from({ length: n }, (_, i) => wave(i + 1));

  it('answers the field its code, naming the field, past the limit; passes at the limit', () => {
    const long = refusal(() => checkInput('Mutation.createProtectionGroup', { input: { name: 'n'.repeat(65), region: 'us-east-1' } }));
    expect(long).toMatchObject({ code: 'INVALID_NAME', details: { field: 'name', maxLength: 64 } });
    expect(() => checkInput('Mutation.createProtectionGroup', { input: { name: 'n'.repeat(64), region: 'us-east-1' } })).not.toThrow();
    const id = refusal(() => checkInput('Mutation.deleteProtectionGroup', { id: 'x'.repeat(10_000) }));
    expect(id).toMatchObject({ code: 'INVALID_INPUT', details: { field: 'id', maxLength: 256 } });
    expect(id.message).toBe('id must be 256 characters or fewer');
  });

  it('reaches into lists of inputs and lists of strings', () => {
    const tag = refusal(() => checkInput('Mutation.createProtectionGroup', { input: { name: 'a', region: 'r', serverSelectionTags: [{ key: 'ok', value: 'v' }, { key: 'k'.repeat(129), value: 'v' }] } }));
    expect(tag).toMatchObject({ code: 'INVALID_TAGS', details: { field: 'serverSelectionTags.key' } });
    const sg = refusal(() => checkInput('Mutation.updateProtectionGroup', { id: 'g', input: { version: 1, launchConfig: { securityGroupIds: ['sg-1', 'x'.repeat(65)] } } }));
    expect(sg).toMatchObject({ code: 'INVALID_LAUNCH_CONFIG', details: { field: 'launchConfig.securityGroupIds' } });
    const name = refusal(() => checkInput('Mutation.createRecoveryPlan', { input: { name: 'p', waves: [wave(1), { ...wave(2), name: 'w'.repeat(129) }] } }));
    expect(name).toMatchObject({ code: 'INVALID_WAVE_DATA', details: { field: 'waves.name' } });
  });

  it('refuses more waves than the transactions allow, as INVALID_WAVE_DATA (the API and every other caller)', () => {
    expect(() => checkInput('Mutation.createRecoveryPlan', { input: { name: 'p', waves: waves(MAX_WAVES) } })).not.toThrow();
    const over = refusal(() => checkInput('Mutation.createRecoveryPlan', { input: { name: 'p', waves: waves(MAX_WAVES + 1) } }));
    expect(over).toMatchObject({ code: 'INVALID_WAVE_DATA', details: { field: 'waves', maxItems: MAX_WAVES } });
    expect(refusal(() => validWaves(waves(MAX_WAVES + 1))).code).toBe('INVALID_WAVE_DATA');
    expect(validWaves(waves(MAX_WAVES))).toHaveLength(MAX_WAVES);
  });

  it('applies the AWSJSON limits to JSON arguments (INVALID_JSON naming the field)', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 40; i++) deep = { d: deep };
    const e = refusal(() => checkInput('Mutation.startExecution', { input: { recoveryPlanId: 'p', executionType: 'DRILL', invocationDetails: deep } }));
    expect(e).toMatchObject({ code: 'INVALID_JSON', details: { field: 'invocationDetails' } });
    const proto = JSON.parse('{"__proto__": {"admin": true}}');
    expect(refusal(() => checkInput('Mutation.importConfiguration', { input: proto })).code).toBe('INVALID_JSON');
  });

  it('lets a field without checks, or null and absent values, through', () => {
    expect(() => checkInput('Query.me', {})).not.toThrow();
    expect(() => checkInput('Query.listProtectionGroups', { filter: null, nextToken: null })).not.toThrow();
    expect(() => checkInput('Query.unknownField', { x: 'y'.repeat(100_000) })).not.toThrow();
    expect(inputViolation(INPUT_CHECKS['Query.listExecutions'], { filter: { recoveryPlanId: 'p'.repeat(257) } })).toMatchObject({ field: 'filter.recoveryPlanId' });
  });
});

describe('a plan update', () => {
  const plan = (groups: string[], name = 'P'): StoredPlan => ({
    id: 'p1', version: 1, name, description: null, lastExecution: null, createdAt: '', updatedAt: '',
    waves: groups.map((g, i) => ({ waveNumber: i + 1, name: `W${i + 1}`, protectionGroupId: g, pauseBeforeWave: false, dependsOn: [] })),
  });
  const groups = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

  it('that swaps more groups than one transaction holds is refused as INVALID_WAVE_DATA before DynamoDB is called', async () => {
    const table = process.env.TABLE_NAME;
    process.env.TABLE_NAME = 'unit-no-table';
    // Renamed, 25 groups out and 24 in: 2 + 2 + 2 × 49 = 102 actions.
    const e = await replacePlan(plan(groups('old-', 25)), plan(groups('new-', 24), 'Q'))
      .catch((x) => x)
      .finally(() => (table === undefined ? delete process.env.TABLE_NAME : (process.env.TABLE_NAME = table)));
    expect(e).toBeInstanceOf(AppError);
    expect(e).toMatchObject({ code: 'INVALID_WAVE_DATA', details: { field: 'waves', groupsChanged: 49 } });
  });
});

describe('the Lambda handler wrapper', () => {
  const ran: string[] = [];
  const handle = resolverHandler<'Mutation.createRecoveryPlan'>('unit', {
    'Mutation.createRecoveryPlan': async () => {
      ran.push('route');
      return { ok: true };
    },
  });

  it('refuses an oversized input before the route runs, answering the code as an error', async () => {
    const input = { name: 'p'.repeat(10_000), waves: [] };
    const a = await handle(resolverEvent('Mutation.createRecoveryPlan', { input }, asRole('DRSOrchestrationAdmin', 'admin')));
    expect(a).toMatchObject({ error: { code: 'INVALID_NAME', details: { field: 'name' } } });
    expect(ran).toEqual([]);
    const b = await handle(resolverEvent('Mutation.createRecoveryPlan', { input: { name: 'p', waves: [] } }, asRole('DRSOrchestrationAdmin', 'admin')));
    expect(b).toEqual({ data: { ok: true } });
    expect(ran).toEqual(['route']);
  });
});

describe("the local AppSync's scalars", () => {
  const local = buildSchema('scalar AWSIPAddress\nscalar AWSJSON\ntype Query { ip(v: AWSIPAddress): String json(v: AWSJSON): String }');
  installAwsScalars(local);
  const refused = (type: string, field: string, v: unknown) => !!graphqlSync({ schema: local, source: `query($v: ${type}) { ${field}(v: $v) }`, variableValues: { v } }).errors;

  it('takes IPv4 and IPv6 addresses with a CIDR prefix of their size, as AppSync documents AWSIPAddress', () => {
    for (const ok of ['123.12.34.56', '123.45.67.89/16', '1a2b:3c4b::1234:4567', '::1/128', '10.0.0.0/8']) expect(refused('AWSIPAddress', 'ip', ok), ok).toBe(false);
    for (const bad of ['999.1.1.1', '1.2.3', '1.2.3.4/33', '::1/129', 'abc', '1.2.3.4/', '[::1]']) expect(refused('AWSIPAddress', 'ip', bad), bad).toBe(true);
  });

  it('refuses AWSJSON nested deeper than AppSync parses (text or a value given directly), without recursion', () => {
    const nested = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
    expect(refused('AWSJSON', 'json', nested(AWSJSON_MAX_DEPTH))).toBe(false);
    expect(refused('AWSJSON', 'json', nested(AWSJSON_MAX_DEPTH + 1))).toBe(true);
    expect(refused('AWSJSON', 'json', nested(100_000))).toBe(true);
    expect(refused('AWSJSON', 'json', JSON.parse(nested(10_000)))).toBe(true);
  });
});
