// The DynamoDB document client and the table's name. Each AWS service has a module of its own under
// platform/aws/ so a function loads only the SDK clients it calls (a Lambda cold start pays for every
// client package it imports, used or not). Endpoints come from the standard AWS_ENDPOINT_URL[_<SERVICE>]
// variables, so the same code talks to AWS or to the local emulator; nothing here knows which.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export const tableName = () => {
  const t = process.env.TABLE_NAME;
  if (!t) throw new Error('TABLE_NAME is not set');
  return t;
};

let doc: DynamoDBDocumentClient | undefined;
export function ddb(): DynamoDBDocumentClient {
  doc ??= DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true },
  });
  return doc;
}
