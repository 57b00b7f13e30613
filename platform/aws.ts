// SDK clients, one module per AWS service under platform/aws/ (dynamodb, sfn, sts, drs, ec2, iam, ssm,
// eventbridge): a Lambda cold start pays for every client package its bundle imports, used or not, so
// code imports the module of the service it calls. This file only re-exports what the execution
// modules (domain/executions, functions/orchestrator, functions/drs-events, platform/batch.ts) import
// from it — DynamoDB, Step Functions, STS (clients those functions call anyway) and the DRS limits.
// New code should import from platform/aws/<service>.ts, not from here.
export { ddb, tableName } from './aws/dynamodb.ts';
export { sfn } from './aws/sfn.ts';
export { currentAccountId } from './aws/sts.ts';
export { drsLimits } from './settings.ts';
