// Reading CDK context values.

/** Context values arrive as strings from `-c key=value` and as JSON values from cdk.json. */
export function contextFlag(value: unknown): boolean {
  return value === true || (typeof value === 'string' && value.toLowerCase() === 'true');
}
