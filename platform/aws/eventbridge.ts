// EventBridge (the function's own region and credentials).
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';

let eventsClient: EventBridgeClient | undefined;
export function events(): EventBridgeClient {
  eventsClient ??= new EventBridgeClient({});
  return eventsClient;
}
