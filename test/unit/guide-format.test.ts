// platform/guide-format.ts: reading the guide's request bodies and import entries in both spellings
// (PascalCase as the guide writes them, camelCase as the API and the export do), and the refusals,
// which carry the reader's code and the `field` they concern.
import { describe, expect, it } from 'vitest';
import { guideReader, launchConfigOut, tagsOut } from '../../platform/guide-format.ts';
import { refusal } from './support/errors.ts';

const { readGroup, readPlan, readTags, readLaunchConfig } = guideReader('INVALID_REQUEST');

describe('readGroup', () => {
  it("reads the guide's PascalCase create body into the API's input", () => {
    expect(
      readGroup({
        GroupName: 'Database-Servers',
        Description: 'Primary database servers for HRP application',
        Region: 'us-east-1',
        SourceServerIds: ['s-1234567890abcdef0', 's-0987654321fedcba0'],
        LaunchConfig: {
          SubnetId: 'subnet-12345678',
          SecurityGroupIds: ['sg-12345678', 'sg-87654321'],
          InstanceType: 'r5.xlarge',
          InstanceProfileName: 'EC2-DRS-Recovery-Role',
          CopyPrivateIp: true,
          CopyTags: true,
          Licensing: { osByol: false },
          TargetInstanceTypeRightSizingMethod: 'BASIC',
          LaunchDisposition: 'STARTED',
        },
      }),
    ).toEqual({
      name: 'Database-Servers',
      description: 'Primary database servers for HRP application',
      region: 'us-east-1',
      sourceServerIds: ['s-1234567890abcdef0', 's-0987654321fedcba0'],
      launchConfig: {
        subnetId: 'subnet-12345678',
        securityGroupIds: ['sg-12345678', 'sg-87654321'],
        instanceType: 'r5.xlarge',
        instanceProfileName: 'EC2-DRS-Recovery-Role',
        copyPrivateIp: true,
        copyTags: true,
        licensing: { osByol: false },
        targetInstanceTypeRightSizingMethod: 'BASIC',
        launchDisposition: 'STARTED',
      },
    });
  });

  it('reads camelCase the same, tags as a Key: Value map or a {key, value} list, and leaves out what is not given', () => {
    const camel = readGroup({ name: 'AD', region: 'us-east-1', accountId: '123456789012', serverSelectionTags: [{ key: 'Service', value: 'Active Directory' }] });
    const pascal = readGroup({ GroupName: 'AD', Region: 'us-east-1', AccountId: '123456789012', ServerSelectionTags: { Service: 'Active Directory' } });
    expect(camel).toEqual({ name: 'AD', region: 'us-east-1', accountId: '123456789012', serverSelectionTags: [{ key: 'Service', value: 'Active Directory' }] });
    expect(pascal).toEqual(camel);
    expect(Object.keys(readGroup({ groupName: 'x' }))).toEqual(['name']);
    // An empty AccountId is no account.
    expect(readGroup({ GroupName: 'x', AccountId: '' })).toEqual({ name: 'x' });
    // PascalCase wins when both are given.
    expect(readGroup({ GroupName: 'Pascal', name: 'camel' }).name).toBe('Pascal');
  });

  it('refuses wrong types with the reader’s code and the field', () => {
    expect(refusal(() => readGroup({ GroupName: 5 }))).toMatchObject({ code: 'INVALID_REQUEST', field: 'GroupName', message: 'GroupName must be a string' });
    expect(refusal(() => readGroup({ Region: ['us-east-1'] }))).toMatchObject({ field: 'Region' });
    expect(refusal(() => readGroup({ SourceServerIds: 's-1234567890abcdef0' }))).toMatchObject({ field: 'SourceServerIds', message: 'SourceServerIds must be a list of strings' });
    expect(refusal(() => readGroup({ SourceServerIds: ['s-1', 2] }))).toMatchObject({ field: 'SourceServerIds' });
    expect(refusal(() => guideReader('INVALID_CONFIGURATION').readGroup({ GroupName: 5 })).code).toBe('INVALID_CONFIGURATION');
  });
});

describe('readTags', () => {
  it('a map, or a list in either case; nothing is undefined', () => {
    expect(readTags({ 'DR-Application': 'HRP', 'DR-Tier': 'Application' })).toEqual([
      { key: 'DR-Application', value: 'HRP' },
      { key: 'DR-Tier', value: 'Application' },
    ]);
    expect(readTags([{ Key: 'a', Value: '1' }, { key: 'b', value: '2' }])).toEqual([
      { key: 'a', value: '1' },
      { key: 'b', value: '2' },
    ]);
    expect(readTags({})).toEqual([]);
    expect(readTags(null)).toBeUndefined();
  });

  it('refusals name serverSelectionTags, or the tag at fault', () => {
    expect(refusal(() => readTags('Service=DNS'))).toMatchObject({ field: 'serverSelectionTags' });
    expect(refusal(() => readTags([['Service', 'DNS']]))).toMatchObject({ field: 'serverSelectionTags', message: 'ServerSelectionTags[0] must be {key, value}' });
    expect(refusal(() => readTags([{ key: 'Service' }]))).toMatchObject({ field: 'serverSelectionTags', message: 'ServerSelectionTags[0] needs key and value' });
    expect(refusal(() => readTags([{ key: 'Service', value: 1 }]))).toMatchObject({ field: 'ServerSelectionTags[0].value' });
    expect(refusal(() => readTags({ Service: 1 }))).toMatchObject({ field: 'ServerSelectionTags.Service' });
  });
});

describe('readLaunchConfig', () => {
  it('takes either spelling per key, drops unset ones, and reads an empty one as none', () => {
    expect(readLaunchConfig({ SubnetId: 'subnet-12345678', copyTags: false, InstanceType: null, licensing: { OsByol: true } })).toEqual({
      subnetId: 'subnet-12345678',
      copyTags: false,
      licensing: { osByol: true },
    });
    expect(readLaunchConfig({})).toBeUndefined();
    expect(readLaunchConfig(undefined)).toBeUndefined();
  });

  it('refuses unknown keys, wrong types and values outside the enums, naming the field', () => {
    expect(refusal(() => readLaunchConfig('subnet-1'))).toMatchObject({ field: 'launchConfig' });
    expect(refusal(() => readLaunchConfig({ SubnetID: 'subnet-1', Foo: 1 }))).toMatchObject({ field: 'launchConfig', details: { unknown: ['SubnetID', 'Foo'] } });
    expect(refusal(() => readLaunchConfig({ Licensing: true }))).toMatchObject({ field: 'launchConfig.licensing' });
    expect(refusal(() => readLaunchConfig({ CopyTags: 'yes' }))).toMatchObject({ field: 'LaunchConfig.CopyTags' });
    expect(refusal(() => readLaunchConfig({ SecurityGroupIds: 'sg-1' }))).toMatchObject({ field: 'LaunchConfig.SecurityGroupIds' });
    expect(refusal(() => readLaunchConfig({ TargetInstanceTypeRightSizingMethod: 'HUGE' }))).toMatchObject({
      field: 'LaunchConfig.TargetInstanceTypeRightSizingMethod',
      message: 'LaunchConfig.TargetInstanceTypeRightSizingMethod must be one of BASIC, IN_AWS, NONE',
    });
    expect(refusal(() => readLaunchConfig({ launchDisposition: 'RUNNING' }))).toMatchObject({ field: 'LaunchConfig.LaunchDisposition' });
  });

  it('writes back the guide’s PascalCase keys (launchConfigOut), and tags as a map', () => {
    const lc = readLaunchConfig({ SubnetId: 'subnet-12345678', CopyPrivateIp: true, Licensing: { osByol: false } });
    expect(launchConfigOut(lc as Parameters<typeof launchConfigOut>[0])).toEqual({ SubnetId: 'subnet-12345678', CopyPrivateIp: true, Licensing: { osByol: false } });
    expect(launchConfigOut(null)).toBeNull();
    expect(tagsOut([{ key: 'Service', value: 'DNS' }])).toEqual({ Service: 'DNS' });
  });
});

describe('readPlan', () => {
  it("the guide's import example: waves numbered by position, WaveIds wave-<n>, Dependencies by DependsOnWaveId", () => {
    expect(
      readPlan({
        PlanName: 'HRPRecoveryPlan',
        Waves: [
          { WaveName: 'InfrastructureWave', ProtectionGroupName: 'ADServersBasedOnTags' },
          { WaveName: 'DNSWave', ProtectionGroupName: 'DNSServersBasedOnTags', PauseBeforeWave: true, Dependencies: [{ DependsOnWaveId: 'wave-1' }] },
          { WaveName: 'ApplicationWave', ProtectionGroupName: 'AppServersBasedOnTags', PauseBeforeWave: true, Dependencies: [{ DependsOnWaveId: 'wave-2' }] },
        ],
      }),
    ).toEqual({
      name: 'HRPRecoveryPlan',
      description: undefined,
      waves: [
        { waveNumber: 1, name: 'InfrastructureWave', protectionGroupName: 'ADServersBasedOnTags', protectionGroupId: undefined, pauseBeforeWave: undefined, dependsOn: [] },
        { waveNumber: 2, name: 'DNSWave', protectionGroupName: 'DNSServersBasedOnTags', protectionGroupId: undefined, pauseBeforeWave: true, dependsOn: [1] },
        { waveNumber: 3, name: 'ApplicationWave', protectionGroupName: 'AppServersBasedOnTags', protectionGroupId: undefined, pauseBeforeWave: true, dependsOn: [2] },
      ],
    });
  });

  it('the export’s camelCase: waveNumber and dependsOn as given', () => {
    const p = readPlan({
      name: 'HRP-Full-Recovery',
      description: 'Full HRP application recovery',
      waves: [
        { waveNumber: 1, protectionGroupName: 'Database-Servers', pauseBeforeWave: false },
        { waveNumber: 2, protectionGroupName: 'App-Servers-HRP', pauseBeforeWave: true, dependsOn: [1] },
      ],
    });
    expect(p.name).toBe('HRP-Full-Recovery');
    expect(p.description).toBe('Full HRP application recovery');
    expect(p.waves.map((w) => [w.waveNumber, w.name, w.protectionGroupName, w.pauseBeforeWave, w.dependsOn])).toEqual([
      [1, undefined, 'Database-Servers', false, []],
      [2, undefined, 'App-Servers-HRP', true, [1]],
    ]);
  });

  it('numbers waves by waveNumber, else ExecutionOrder (0-based shifted to 1), else position; WaveIds map to those numbers', () => {
    const zeroBased = readPlan({
      PlanName: 'P',
      Waves: [
        { WaveId: 'db', WaveName: 'DB', ExecutionOrder: 0 },
        { WaveId: 'app', WaveName: 'App', ExecutionOrder: 1, Dependencies: [{ DependsOnWaveId: 'db' }] },
        { WaveName: 'Web', ExecutionOrder: 2, Dependencies: [{ DependsOnWaveId: 'app' }, { DependsOnWaveId: 1 }] },
      ],
    });
    expect(zeroBased.waves.map((w) => [w.waveNumber, w.dependsOn])).toEqual([
      [1, []],
      [2, [1]],
      [3, [2, 1]],
    ]);
    const oneBased = readPlan({ Waves: [{ WaveName: 'B', ExecutionOrder: 2 }, { WaveName: 'A', ExecutionOrder: 1 }] });
    expect(oneBased.waves.map((w) => [w.name, w.waveNumber])).toEqual([
      ['B', 2],
      ['A', 1],
    ]);
    const explicit = readPlan({ waves: [{ waveNumber: 10, ExecutionOrder: 0 }, { ExecutionOrder: 1 }] });
    expect(explicit.waves.map((w) => w.waveNumber)).toEqual([10, 2]);
    // Dependencies (by WaveId) and dependsOn (by number) add up.
    expect(readPlan({ waves: [{}, { Dependencies: ['wave-1'], dependsOn: [1] }] }).waves[1].dependsOn).toEqual([1, 1]);
    expect(readPlan({ PlanName: 'Empty' })).toEqual({ name: 'Empty', description: undefined, waves: [] });
  });

  it('a dependency on a wave the plan does not have is INVALID_WAVE_DATA, whatever the reader’s code', () => {
    expect(refusal(() => readPlan({ Waves: [{ WaveName: 'A' }, { WaveName: 'B', Dependencies: [{ DependsOnWaveId: 'wave-9' }] }] }))).toMatchObject({
      code: 'INVALID_WAVE_DATA',
      message: 'Wave 2 depends on wave "wave-9", which the plan does not have',
      details: { waveNumber: 2, dependsOnWaveId: 'wave-9' },
    });
    expect(refusal(() => readPlan({ Waves: [{ Dependencies: [{}] }] }))).toMatchObject({ code: 'INVALID_WAVE_DATA', details: { dependsOnWaveId: null } });
  });

  it('refuses shapes that are not the format, naming the field', () => {
    expect(refusal(() => readPlan({ Waves: { WaveName: 'A' } }))).toMatchObject({ code: 'INVALID_REQUEST', field: 'waves' });
    expect(refusal(() => readPlan({ Waves: ['A'] }))).toMatchObject({ field: 'waves[0]' });
    expect(refusal(() => readPlan({ Waves: [{ ExecutionOrder: '1' }] }))).toMatchObject({ field: 'Waves[0].ExecutionOrder' });
    expect(refusal(() => readPlan({ Waves: [{ waveNumber: 1.5 }] }))).toMatchObject({ field: 'Waves[0].waveNumber' });
    expect(refusal(() => readPlan({ Waves: [{ Dependencies: 'wave-1' }] }))).toMatchObject({ field: 'dependencies' });
    expect(refusal(() => readPlan({ Waves: [{ dependsOn: ['1'] }] }))).toMatchObject({ field: 'dependsOn' });
    expect(refusal(() => readPlan({ Waves: [{ PauseBeforeWave: 'yes' }] }))).toMatchObject({ field: 'Wave 1: PauseBeforeWave' });
    expect(refusal(() => readPlan({ PlanName: 1 }))).toMatchObject({ field: 'PlanName' });
  });
});
