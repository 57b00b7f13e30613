// Audit that cannot be forged: who started an execution and how it authenticated come from the verified
// identity AppSync passes to the Lambda; the caller's words are only ever kept beside them.
import { describe, expect, it } from 'vitest';
import { authType } from '../../domain/executions/start.ts';
import { actor } from '../../platform/resolver-event.ts';

const cognito = { sub: 's-1', username: 'operator', groups: ['DRSOperator'] };
const iam = { accountId: '123456789012', userArn: 'arn:aws:sts::123456789012:assumed-role/Automation/run-1' };

describe('execution audit', () => {
  it("names how the caller authenticated in AppSync's own words", () => {
    expect(authType(cognito)).toBe('AMAZON_COGNITO_USER_POOLS');
    expect(authType(iam)).toBe('AWS_IAM');
    // An IAM identity may carry a username too; the signature, not the name, decides.
    expect(authType({ ...iam, username: 'AROAEXAMPLE:run-1' })).toBe('AWS_IAM');
    expect(authType(null)).toBe('NONE');
  });

  it('records the Cognito username or the IAM principal ARN as who did it', () => {
    expect(actor(cognito)).toBe('operator');
    expect(actor(iam)).toBe(iam.userArn);
  });
});
