// The configuration document (functions/configuration/document.ts): the top level of an import file
// (schemaVersion, sections) and the entries read with the import's code, INVALID_CONFIGURATION.
import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION, entryName, readDocument, readGroup, readPlan } from '../../functions/configuration/document.ts';
import { refusal } from './support/errors.ts';

/** The guide's import example (seeds/000, "Configuration Export/Import"), shortened to two groups. */
const GUIDE_IMPORT = {
  metadata: { schemaVersion: '1.0' },
  protectionGroups: [
    {
      GroupName: 'ADServersBasedOnTags',
      Region: 'us-east-1',
      ServerSelectionTags: { Service: 'Active Directory' },
      LaunchConfig: { SubnetId: 'subnet-0c458dee42bb55fde', SecurityGroupIds: ['sg-06f217dba4afdd97f'], InstanceType: 't3a.xlarge', InstanceProfileName: 'AWSElasticDisasterRecoveryReplicationServerRole' },
    },
    {
      GroupName: 'DNSServersBasedOnTags',
      Region: 'us-east-1',
      ServerSelectionTags: { Service: 'DNS' },
      LaunchConfig: { SubnetId: 'subnet-06b0b2cb42c4cf99c', SecurityGroupIds: ['sg-06f217dba4afdd97f'], InstanceType: 't3a.large', LaunchDisposition: 'STARTED' },
    },
  ],
  recoveryPlans: [
    {
      PlanName: 'HRPRecoveryPlan',
      Waves: [
        { WaveName: 'InfrastructureWave', ProtectionGroupName: 'ADServersBasedOnTags' },
        { WaveName: 'DNSWave', ProtectionGroupName: 'DNSServersBasedOnTags', PauseBeforeWave: true, Dependencies: [{ DependsOnWaveId: 'wave-1' }] },
      ],
    },
  ],
};

describe('readDocument', () => {
  it('reads the guide’s import example, as an object or as JSON text', () => {
    const doc = readDocument(GUIDE_IMPORT);
    expect(doc.protectionGroups).toHaveLength(2);
    expect(doc.recoveryPlans).toHaveLength(1);
    expect(doc.protectionGroups[0]).toBe(GUIDE_IMPORT.protectionGroups[0]);
    expect(readDocument(JSON.stringify(GUIDE_IMPORT))).toEqual(doc);
    expect(SCHEMA_VERSION).toBe('1.0');
  });

  it('schemaVersion "1.0" (or the number 1) is required', () => {
    expect(readDocument({ metadata: { schemaVersion: 1 }, recoveryPlans: [] }).protectionGroups).toEqual([]);
    expect(refusal(() => readDocument({ protectionGroups: [] }))).toMatchObject({ code: 'INVALID_CONFIGURATION', field: 'metadata.schemaVersion' });
    expect(refusal(() => readDocument({ metadata: {}, protectionGroups: [] }))).toMatchObject({ code: 'INVALID_CONFIGURATION', field: 'metadata.schemaVersion' });
    expect(refusal(() => readDocument({ metadata: { schemaVersion: '2.0' }, protectionGroups: [] }))).toMatchObject({
      code: 'INVALID_CONFIGURATION',
      field: 'metadata.schemaVersion',
      message: 'Unsupported schemaVersion "2.0": this API reads "1.0"',
      details: { supported: ['1.0'] },
    });
  });

  it('sections are lists of objects; one of them at least; a missing one is empty', () => {
    const v = { schemaVersion: '1.0' };
    expect(readDocument({ metadata: v, protectionGroups: [{ GroupName: 'x' }] })).toEqual({ protectionGroups: [{ GroupName: 'x' }], recoveryPlans: [] });
    expect(refusal(() => readDocument({ metadata: v }))).toMatchObject({ code: 'INVALID_CONFIGURATION', message: 'The configuration has neither protectionGroups nor recoveryPlans' });
    expect(refusal(() => readDocument({ metadata: v, protectionGroups: {} }))).toMatchObject({ field: 'protectionGroups' });
    expect(refusal(() => readDocument({ metadata: v, recoveryPlans: [{}, 'plan'] }))).toMatchObject({ field: 'recoveryPlans[1]' });
  });

  it('refuses what is not a JSON object', () => {
    expect(refusal(() => readDocument('{"metadata":'))).toMatchObject({ code: 'INVALID_CONFIGURATION', message: 'The configuration is not valid JSON' });
    for (const notObject of [[], null, 42, '"text"']) expect(refusal(() => readDocument(notObject)).code).toBe('INVALID_CONFIGURATION');
  });
});

describe('entries of the document', () => {
  it('are read with INVALID_CONFIGURATION as the refusal code', () => {
    expect(readGroup(GUIDE_IMPORT.protectionGroups[1])).toMatchObject({
      name: 'DNSServersBasedOnTags',
      serverSelectionTags: [{ key: 'Service', value: 'DNS' }],
      launchConfig: { subnetId: 'subnet-06b0b2cb42c4cf99c', launchDisposition: 'STARTED' },
    });
    expect(readPlan(GUIDE_IMPORT.recoveryPlans[0]).waves.map((w) => [w.waveNumber, w.dependsOn, w.pauseBeforeWave])).toEqual([
      [1, [], undefined],
      [2, [1], true],
    ]);
    expect(refusal(() => readGroup({ GroupName: 'x', LaunchConfig: { Subnet: 'subnet-1' } }))).toMatchObject({ code: 'INVALID_CONFIGURATION', field: 'launchConfig' });
  });

  it('name themselves for the result list in either spelling, trimmed; none when not a string', () => {
    expect(entryName({ GroupName: ' DB ' }, 'group')).toBe('DB');
    expect(entryName({ name: 'App' }, 'group')).toBe('App');
    expect(entryName({ PlanName: 'HRP' }, 'plan')).toBe('HRP');
    expect(entryName({ GroupName: 'not a plan' }, 'plan')).toBeNull();
    expect(entryName({ PlanName: 7 }, 'plan')).toBeNull();
  });
});
